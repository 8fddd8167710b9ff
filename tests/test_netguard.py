"""The SSRF guard: footnotes naming private addresses are never fetched."""

from __future__ import annotations

import http.server
import ipaddress
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from avimcrawl import store
from scrapy.resolver import dnscache

from avimcrawl.netguard import (
    Allowance,
    ForbiddenAddressError,
    GuardedResolver,
    address_kind,
    literal_address,
    local_name,
    refused_literal,
    refused_resolution,
    refused_url,
)
from tests.internet.client import LocalInternet

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("host, kind", [
    ("127.0.0.1", "loopback"), ("127.1", "loopback"), ("2130706433", "loopback"), ("0x7f.0.0.1", "loopback"),
    ("017700000001", "loopback"), ("[::1]", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.0.0.5", "private"), ("172.16.3.4", "private"), ("172.31.255.255", "private"), ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("fd00:ec2::254", "private"),
    ("0.0.0.0", "unspecified"), ("100.64.0.1", "shared (carrier-grade NAT)"),
])
def test_private_addresses_in_any_spelling(host, kind):
    address = literal_address(host)
    assert address is not None and address_kind(address) == kind


@pytest.mark.parametrize("host", ["8.8.8.8", "172.32.0.1", "2001:4860:4860::8888", "www.dailysabah.com", "aa.com.tr"])
def test_public_or_names(host):
    address = literal_address(host)
    assert address is None or address_kind(address) is None


def test_allowance_by_name_address_and_network():
    allowance = Allowance(["intranet.avim.local", "10.1.0.0/16", "127.0.0.1"])
    assert allowance.allows("intranet.avim.local")
    assert allowance.allows("x", ipaddress.ip_address("10.1.2.3"))
    assert not allowance.allows("x", ipaddress.ip_address("10.2.0.1"))
    assert refused_literal("http://127.0.0.1:8080/", allowance) is None
    assert refused_literal("http://127.0.0.2/", allowance) == "127.0.0.2 is a loopback address: not fetched (SSRF guard)"


THIS_MACHINE = [
    "localhost", "LOCALHOST", "localhost.", "LOCALHOST.", "LocalHost..", "foo.localhost", "a.b.c.localhost",
    "FOO.LOCALHOST.", "localhost.localdomain", "LOCALHOST.LOCALDOMAIN.", "localhost6", "localhost6.localdomain6",
    "ip6-localhost", "IP6-LOCALHOST.", "ip6-loopback", "%6cocalhost", "%6C%4F%43%41%4C%48%4F%53%54",
    "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54",  # full-width letters
    "foo\u3002localhost",  # ideographic full stop
    "redis.localhost", "xn--trkiye-3ya.localhost", "t\u00fcrkiye.localhost",
]
LOCAL_NETWORK = [
    "printer.local", "PRINTER.LOCAL.", "nas.home.arpa", "metadata.google.internal", "METADATA.GOOGLE.INTERNAL.",
    "local", "internal", "redis", "metadata", "intranet", "ip6-allnodes", "ip6-allrouters", "ai.",
]
PUBLIC_NAMES = [
    "www.dailysabah.com", "aa.com.tr", "hostile.example", "www.balkanforum.invalid", "xn--trkiye-3ya.example",
    "localhost.example.com", "localhost.avim.org.tr", "mylocalhost.net", "localhost-news.com", "local.com",
    "internal.org", "home.arpa.example.com", "printer.local.example.net", "my.lan", "intranet.corp",
    "router.home", "host.localdomain", "foo.test",
]


@pytest.mark.parametrize("host", THIS_MACHINE)
def test_names_of_this_machine(host):
    assert local_name(host) == "this machine"


@pytest.mark.parametrize("host", LOCAL_NETWORK)
def test_names_only_a_local_network_resolves(host):
    assert (local_name(host) or "").startswith("a host on the local network (")


@pytest.mark.parametrize("host", PUBLIC_NAMES + ["8.8.8.8", "127.0.0.1", "::1", "2130706433", "0x7f.1", "[::1]"])
def test_public_names_and_literal_addresses_are_no_local_names(host):
    assert local_name(host) is None


@pytest.mark.parametrize("url, reason", [
    ("http://localhost:6379/", "localhost names this machine: not fetched (SSRF guard)"),
    ("http://LOCALHOST.:6379/info", "localhost. names this machine: not fetched (SSRF guard)"),
    ("https://user:pw@foo.localhost/x?y#z", "foo.localhost names this machine: not fetched (SSRF guard)"),
    ("http://ip6-loopback/", "ip6-loopback names this machine: not fetched (SSRF guard)"),
    ("http://printer.local:631/", "printer.local names a host on the local network (multicast DNS, RFC 6762): "
                                  "not fetched (SSRF guard)"),
    ("http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal names a host on the local "
                                                           "network (private use only, ICANN): not fetched (SSRF guard)"),
    ("http://redis:6379/", "redis names a host on the local network (a name without a dot is only resolved "
                           "locally): not fetched (SSRF guard)"),
    ("http://127.1:6379/", "127.1 is a loopback address: not fetched (SSRF guard)"),
    ("http://[::1]/", "::1 is a loopback address: not fetched (SSRF guard)"),
    ("http://127.0.0.1.:6379/", "127.0.0.1. is a loopback address: not fetched (SSRF guard)"),
    ("http://%31%32%37.0.0.1/", "%31%32%37.0.0.1 is a loopback address: not fetched (SSRF guard)"),
    ("http://\uff11\uff10.0.0.1/", "\uff11\uff10.0.0.1 is a private address: not fetched (SSRF guard)"),
])
def test_refused_urls_say_why(url, reason):
    assert refused_url(url, Allowance()) == reason


@pytest.mark.parametrize("url", ["https://www.dailysabah.com/", "http://8.8.8.8/", "http://[2001:4860:4860::8888]/",
                                 "https://www.balkanforum.invalid/forum/thread-12", "http://[::1/", "",
                                 "javascript:alert(1)", "file:///etc/passwd"])
def test_urls_not_refused_before_a_request(url):
    assert refused_url(url, Allowance()) is None


def test_named_exceptions_for_local_names():
    allowance = Allowance(["LOCALHOST.", "printer.local", ".corp.internal", "*.avim.home.arpa"])
    for url in ("http://localhost:8080/", "http://LocalHost./", "http://%6cocalhost/", "http://printer.local/",
                "http://corp.internal/", "http://wiki.corp.internal/", "http://nas.avim.home.arpa/"):
        assert refused_url(url, allowance) is None, url
    for url in ("http://foo.localhost/", "http://scanner.local/", "http://metadata.google.internal/",
                "http://nas.home.arpa/", "http://redis/", "http://127.0.0.1/"):
        assert refused_url(url, allowance), url


def test_allowing_a_loopback_address_allows_the_names_of_this_machine():
    for entries in (["127.0.0.1"], ["127.0.0.0/8"], ["::1"]):
        allowance = Allowance(entries)
        assert refused_url("http://localhost:8000/", allowance) is None
        assert refused_url("http://foo.localhost/", allowance) is None
        assert refused_url("http://printer.local/", allowance), "a local network's name is allowed only by name"
    assert refused_url("http://localhost/", Allowance(["10.0.0.0/8"]))


def test_names_resolving_to_private_addresses_are_refused(monkeypatch):
    """The direct connection's check: the address the resolver returned (here, from Scrapy's DNS cache)."""
    monkeypatch.setattr(GuardedResolver, "refused", {})
    for name, address in (("rebind.example", "10.0.0.7"), ("allowed.example", "10.1.2.3"), ("public.example", "8.8.8.8")):
        monkeypatch.setitem(dnscache, name, address)
    resolver = GuardedResolver(None, 100, 1.0)
    resolver.allowance = Allowance(["10.1.0.0/16"])
    results: list[object] = []
    for name in ("rebind.example", "allowed.example", "public.example"):
        resolver.getHostByName(name).addCallbacks(results.append, lambda f: results.append(f.value))
    refused, allowed, public = results
    assert isinstance(refused, ForbiddenAddressError)
    reason = "rebind.example resolves to 10.0.0.7, a private address: not fetched (SSRF guard)"
    assert reason in str(refused)
    assert refused_resolution("http://REBIND.example/page") == reason
    assert (allowed, public) == ("10.1.2.3", "8.8.8.8")


class Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        Recorder.seen.append(self.path)
        found = self.path in ("/intranet-report", "/secret")
        body = (b"<html><head><title>Internal report</title></head><body><p>Quarterly figures of the intranet, "
                b"not for publication.</p></body></html>" if found else b"not found")
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback_server() -> Iterator[int]:
    Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def check_sources(net: LocalInternet, db_path: Path, urls: list[str], *settings: str,
                  env: dict[str, str] | None = None) -> dict[str, sqlite3.Row]:
    db = store.open_db(db_path)
    db["links"].insert_all([{"url": u, "verdict": "unknown"} for u in urls], pk="url", replace=True)
    db.execute("DELETE FROM checks")
    db.execute("UPDATE links SET last_checked = NULL")
    db.conn.commit()
    db.close()
    command = [sys.executable, "-m", "scrapy", "crawl", "sources", "-s", f"AVIMCRAWL_DB={db_path}",
               "-s", "DOWNLOAD_DELAY=0", "-s", "DOWNLOAD_TIMEOUT=5", *settings]
    result = subprocess.run(command, env=env or net.subprocess_env(), capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return {r["url"]: r for r in conn.execute(
            "SELECT l.url, l.last_outcome, c.error FROM links l JOIN checks c ON c.url = l.url")}


def test_private_footnote_urls_are_not_fetched(internet, loopback_server, tmp_path):
    literal = [f"http://127.0.0.1:{loopback_server}/admin", f"http://127.1:{loopback_server}/admin",
               f"http://2130706433:{loopback_server}/admin", "http://169.254.169.254/latest/meta-data/",
               "http://[::1]/", "http://10.0.0.5/intranet", "http://192.168.1.1/router", "http://172.16.0.1/"]
    by_name = f"http://localhost:{loopback_server}/secret"  # localhost is no_proxy: refused before resolution
    redirected = "https://hostile.example/to-metadata"
    rows = check_sources(internet, tmp_path / "a.sqlite", [*literal, by_name, redirected])
    for url in literal:
        assert rows[url]["last_outcome"] == "invalid_url", url
        assert "SSRF guard" in rows[url]["error"]
    assert rows[by_name]["last_outcome"] == "invalid_url"
    assert rows[by_name]["error"] == "localhost names this machine: not fetched (SSRF guard)"
    assert rows[redirected]["last_outcome"] == "invalid_url"
    assert "169.254.169.254 is a link-local address" in rows[redirected]["error"]
    assert Recorder.seen == []
    assert not [r for r in internet.requests() if r["host"] in ("169.254.169.254", "10.0.0.5", "192.168.1.1")]


def test_named_exceptions_are_fetched(internet, loopback_server, tmp_path):
    url = f"http://localhost:{loopback_server}/intranet-report"
    rows = check_sources(internet, tmp_path / "a.sqlite", [url], "-s", "AVIMCRAWL_ALLOW_PRIVATE=localhost")
    assert rows[url]["last_outcome"] == "ok", rows[url]["error"]
    assert "/intranet-report" in Recorder.seen


PUBLIC = "http://public.example"
PUBLIC_SITE = f"""
[[rules]]
path = "/to-localhost"
redirect = "http://localhost:6379/"
status = 302

[[rules]]
path = "/to-foo-localhost"
redirect = "http://FOO.LOCALHOST./admin"
status = 302
"""


@pytest.fixture
def proxied_internet(tmp_path) -> Iterator[LocalInternet]:
    """A local internet with one public site that redirects to this machine by name."""
    site = tmp_path / "sites" / "public.example"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<html><head><title>A public page</title></head><body><p>Public.</p></body></html>")
    (site / "_site.toml").write_text(PUBLIC_SITE)
    with LocalInternet().start(tmp_path / "sites", tmp_path / "internet") as net:
        yield net


def test_local_names_never_reach_the_proxy(proxied_internet, tmp_path):
    """Issue 11: behind a proxy, `http://localhost:6379/` went to the proxy (server_error)."""
    net = proxied_internet
    # As configured at the archive: every name goes to the proxy, localhost included.
    env = {**net.subprocess_env(), "no_proxy": ".invalid", "NO_PROXY": ".invalid"}
    names = {"http://localhost:6379/": "localhost names this machine",
             "http://foo.localhost/": "foo.localhost names this machine",
             "http://LOCALHOST.:6379/info": "localhost. names this machine",
             "http://ip6-localhost/": "ip6-localhost names this machine",
             "http://metadata.google.internal/computeMetadata/v1/": "metadata.google.internal names a host",
             "http://printer.local/": "printer.local names a host",
             "http://redis:6379/": "redis names a host"}
    redirects = {f"{PUBLIC}/to-localhost": "localhost names this machine",
                 f"{PUBLIC}/to-foo-localhost": "foo.localhost. names this machine"}
    rows = check_sources(net, tmp_path / "a.sqlite", [*names, *redirects, f"{PUBLIC}/"], env=env)
    for url, reason in {**names, **redirects}.items():
        assert rows[url]["last_outcome"] == "invalid_url", (url, rows[url]["error"])
        assert rows[url]["error"].startswith(reason) and rows[url]["error"].endswith("not fetched (SSRF guard)"), url
    assert rows[f"{PUBLIC}/"]["last_outcome"] == "ok"
    logged = net.requests()
    assert {r["host"] for r in logged} == {"public.example"}, logged
    assert {r["path"] for r in logged} >= {"/to-localhost", "/to-foo-localhost"}  # the hops before the refusal


def test_without_the_guard_the_proxy_gets_localhost(proxied_internet, tmp_path):
    """The control: allowed by name, `localhost` goes to the proxy, which cannot serve it."""
    net = proxied_internet
    env = {**net.subprocess_env(), "no_proxy": ".invalid", "NO_PROXY": ".invalid"}
    rows = check_sources(net, tmp_path / "a.sqlite", ["http://localhost:6379/"], "-s",
                         "AVIMCRAWL_ALLOW_PRIVATE=localhost", env=env)
    assert rows["http://localhost:6379/"]["last_outcome"] == "server_error"
    assert "http://localhost:6379/" in net.urls()

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
from avimcrawl.netguard import Allowance, address_kind, literal_address, refused_literal
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


def check_sources(net: LocalInternet, db_path: Path, urls: list[str], *settings: str) -> dict[str, sqlite3.Row]:
    db = store.open_db(db_path)
    db["links"].insert_all([{"url": u, "verdict": "unknown"} for u in urls], pk="url", replace=True)
    db.execute("DELETE FROM checks")
    db.execute("UPDATE links SET last_checked = NULL")
    db.conn.commit()
    db.close()
    command = [sys.executable, "-m", "scrapy", "crawl", "sources", "-s", f"AVIMCRAWL_DB={db_path}",
               "-s", "DOWNLOAD_DELAY=0", "-s", "DOWNLOAD_TIMEOUT=5", *settings]
    result = subprocess.run(command, env=net.subprocess_env(), capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return {r["url"]: r for r in conn.execute(
            "SELECT l.url, l.last_outcome, c.error FROM links l JOIN checks c ON c.url = l.url")}


def test_private_footnote_urls_are_not_fetched(internet, loopback_server, tmp_path):
    literal = [f"http://127.0.0.1:{loopback_server}/admin", f"http://127.1:{loopback_server}/admin",
               f"http://2130706433:{loopback_server}/admin", "http://169.254.169.254/latest/meta-data/",
               "http://[::1]/", "http://10.0.0.5/intranet", "http://192.168.1.1/router", "http://172.16.0.1/"]
    by_name = f"http://localhost:{loopback_server}/secret"  # localhost is no_proxy: resolved by the crawler
    redirected = "https://hostile.example/to-metadata"
    rows = check_sources(internet, tmp_path / "a.sqlite", [*literal, by_name, redirected])
    for url in literal:
        assert rows[url]["last_outcome"] == "invalid_url", url
        assert "SSRF guard" in rows[url]["error"]
    assert rows[by_name]["last_outcome"] == "invalid_url"
    assert "localhost resolves to 127.0.0.1, a loopback address" in rows[by_name]["error"]
    assert rows[redirected]["last_outcome"] == "invalid_url"
    assert "169.254.169.254 is a link-local address" in rows[redirected]["error"]
    assert Recorder.seen == []
    assert not [r for r in internet.requests() if r["host"] in ("169.254.169.254", "10.0.0.5", "192.168.1.1")]


def test_named_exceptions_are_fetched(internet, loopback_server, tmp_path):
    url = f"http://localhost:{loopback_server}/intranet-report"
    rows = check_sources(internet, tmp_path / "a.sqlite", [url], "-s", "AVIMCRAWL_ALLOW_PRIVATE=localhost")
    assert rows[url]["last_outcome"] == "ok", rows[url]["error"]
    assert "/intranet-report" in Recorder.seen

"""Tests of the local internet itself (tests/internet): proxy, rules, log, control."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import itertools
import json
import socket
import ssl
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from tests.internet import behaviour
from tests.internet.client import REPO_ROOT, SITES_DIR, LocalInternet, LocalInternetError

SELF = "selftest.example"
PLAIN = "plain.example"
TURKISH_PATH = "/tr/Yorum/Türkiye-Ermenistan-İlişkileri"
TURKISH_QUOTED = "/tr/Yorum/T%C3%BCrkiye-Ermenistan-%C4%B0li%C5%9Fkileri"


# ---------------------------------------------------------------- helpers


@pytest.fixture
def web(internet: LocalInternet) -> Iterator[requests.Session]:
    """A requests session that uses only the local internet (no ambient env)."""
    with requests.Session() as session:
        session.trust_env = False
        session.proxies = internet.proxies
        session.verify = str(internet.ca_path)
        yield session


def drain(sock: socket.socket) -> bytes:
    """Read until the peer closes (or resets) the connection."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def raw_exchange(net: LocalInternet, request: bytes, timeout: float = 10.0) -> bytes:
    """Send raw bytes to the proxy and read until it closes the connection."""
    with socket.create_connection(("127.0.0.1", net.port), timeout=timeout) as sock:
        sock.sendall(request)
        return drain(sock)


def split_response(raw: bytes) -> tuple[str, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return status_line, headers, body


def raw_get(net: LocalInternet, url: str) -> tuple[str, dict[str, str], bytes]:
    host = url.split("/")[2]
    request = f"GET {url} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    return split_response(raw_exchange(net, request.encode()))


def peer_certificate(net: LocalInternet, connect_host: str, sni: str | None) -> dict[str, Any]:
    """CONNECT to ``connect_host``, shake hands with SNI ``sni``; the verified cert."""
    sock = socket.create_connection(("127.0.0.1", net.port), timeout=10)
    try:
        sock.sendall(f"CONNECT {connect_host}:443 HTTP/1.1\r\nHost: {connect_host}:443\r\n\r\n".encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(1)
        assert answer.startswith(b"HTTP/1.1 200")
        context = ssl.create_default_context(cafile=str(net.ca_path))
        context.check_hostname = sni is not None
        with context.wrap_socket(sock, server_hostname=sni) as tls:
            certificate = tls.getpeercert()
    finally:
        sock.close()
    assert certificate is not None
    return certificate


def dns_names(certificate: dict[str, Any]) -> list[str]:
    return [value for kind, value in certificate["subjectAltName"] if kind == "DNS"]


def page_requests(net: LocalInternet) -> list[dict[str, Any]]:
    return [entry for entry in net.requests() if entry["method"] != "CONNECT"]


# ---------------------------------------------------------------- serving


def test_http_absolute_uri_is_served_from_the_site_folder(
    internet: LocalInternet, web: requests.Session
) -> None:
    response = web.get(f"http://{PLAIN}/")
    assert response.status_code == 200
    assert "plain home page" in response.text
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Content-Length"] == str(len(response.content))
    assert response.headers["Server"].startswith("LocalInternet")
    assert "Date" in response.headers
    [entry] = internet.requests()
    assert entry["url"] == f"http://{PLAIN}/"
    assert (entry["method"], entry["scheme"], entry["host"], entry["path"]) == (
        "GET", "http", PLAIN, "/"
    )
    assert entry["status"] == 200 and entry["rule"] is None
    assert entry["headers"]["Host"] == PLAIN


def test_https_through_connect_verifies_against_the_ca(
    internet: LocalInternet, web: requests.Session
) -> None:
    response = web.get(f"https://{SELF}/page")
    assert response.status_code == 200 and "selftest ordinary page" in response.text
    connect, get = internet.requests()
    assert (connect["method"], connect["url"], connect["status"]) == ("CONNECT", f"{SELF}:443", 200)
    assert (get["method"], get["url"], get["scheme"]) == ("GET", f"https://{SELF}/page", "https")
    assert connect["conn"] == get["conn"]


def test_the_ca_is_not_trusted_by_default(internet: LocalInternet) -> None:
    with requests.Session() as session:
        session.trust_env = False
        session.proxies = internet.proxies
        with pytest.raises(requests.exceptions.SSLError):
            session.get(f"https://{SELF}/", verify=True)


def test_environment_variables_alone_point_requests_at_it(
    internet: LocalInternet, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in internet.env.items():
        monkeypatch.setenv(name, value)
    assert requests.get(f"https://{SELF}/page", timeout=10).status_code == 200
    assert requests.get(f"http://{PLAIN}/second", timeout=10).status_code == 200
    assert internet.urls() == [f"https://{SELF}/page", f"http://{PLAIN}/second"]


def test_each_host_gets_its_own_certificate_by_sni(internet: LocalInternet) -> None:
    assert dns_names(peer_certificate(internet, SELF, SELF)) == [SELF]
    assert dns_names(peer_certificate(internet, PLAIN, PLAIN)) == [PLAIN]
    # SNI wins over the CONNECT host; without SNI the CONNECT host is used
    assert dns_names(peer_certificate(internet, SELF, PLAIN)) == [PLAIN]
    assert dns_names(peer_certificate(internet, PLAIN, None)) == [PLAIN]


def test_https_to_two_hosts_both_verify(internet: LocalInternet, web: requests.Session) -> None:
    assert "selftest home page" in web.get(f"https://{SELF}/").text
    assert "plain home page" in web.get(f"https://{PLAIN}/").text


def test_routes_match_path_with_query_then_path_alone(web: requests.Session) -> None:
    assert "comments page one" in web.get(f"https://{SELF}/en/Yorumlar").text
    assert "comments page two" in web.get(f"https://{SELF}/en/Yorumlar?page=2").text
    assert "comments page one" in web.get(f"https://{SELF}/en/Yorumlar?page=9").text


def test_turkish_percent_encoded_path(internet: LocalInternet, web: requests.Session) -> None:
    response = web.get(f"https://{SELF}{TURKISH_PATH}")
    assert response.status_code == 200
    assert "türkçe sayfa" in response.text
    assert web.get(f"http://{SELF}{TURKISH_QUOTED}.html").status_code == 200
    assert [e["path"] for e in page_requests(internet)] == [TURKISH_QUOTED, TURKISH_QUOTED + ".html"]


def test_index_files_and_html_extension(web: requests.Session) -> None:
    assert "selftest home page" in web.get(f"http://{SELF}").text
    assert "about via .html extension" in web.get(f"http://{SELF}/about").text
    assert "docs index page" in web.get(f"http://{SELF}/docs").text
    assert "docs index page" in web.get(f"http://{SELF}/docs/").text


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/data.json", "application/json"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/paper.pdf", "application/pdf"),
        ("/feed.xml", "application/xml"),
        ("/page.html", "text/html; charset=utf-8"),
    ],
)
def test_content_type_follows_the_extension(
    web: requests.Session, path: str, content_type: str
) -> None:
    assert web.get(f"http://{SELF}{path}").headers["Content-Type"] == content_type


def test_missing_page_uses_the_site_404_page(web: requests.Session) -> None:
    response = web.get(f"https://{SELF}/no/such/page")
    assert response.status_code == 404
    assert "selftest custom not-found page" in response.text


def test_missing_page_without_404_page_gets_a_default(web: requests.Session) -> None:
    response = web.get(f"http://{PLAIN}/nothing")
    assert response.status_code == 404
    assert "404 Not Found" in response.text


def test_robots_txt_is_just_a_file(web: requests.Session) -> None:
    response = web.get(f"https://{SELF}/robots.txt")
    assert response.status_code == 200 and "Disallow: /private/" in response.text
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert web.get(f"https://{PLAIN}/robots.txt").status_code == 404


def test_unknown_host_is_a_bad_gateway(internet: LocalInternet, web: requests.Session) -> None:
    assert web.get("http://nowhere.example/").status_code == 502
    with pytest.raises(requests.exceptions.ProxyError):
        web.get("https://nowhere.example/")
    assert [(e["method"], e["status"]) for e in internet.requests()] == [
        ("GET", 502), ("CONNECT", 502)
    ]


def test_www_prefix_is_a_different_host(web: requests.Session) -> None:
    assert web.get(f"http://www.{PLAIN}/").status_code == 502


@pytest.mark.parametrize(
    "target",
    [
        "/../plain.example/index.html",
        "/docs/../../plain.example/index.html",
        "/%2e%2e/plain.example/index.html",
        "/..%2fplain.example%2findex.html",
        "/_private.html",
        "/_private",
        "/_site.toml",
    ],
)
def test_traversal_and_underscore_files_are_refused(internet: LocalInternet, target: str) -> None:
    status_line, _, body = raw_get(internet, f"http://{SELF}{target}")
    assert status_line.startswith("HTTP/1.1 404")
    assert b"plain home page" not in body and b"never served" not in body


def test_head_sends_headers_only(web: requests.Session) -> None:
    response = web.head(f"https://{SELF}/page")
    assert response.status_code == 200
    assert int(response.headers["Content-Length"]) > 0
    assert response.content == b""


def test_other_methods_are_not_allowed(internet: LocalInternet, web: requests.Session) -> None:
    response = web.put(f"https://{SELF}/page", data=b"x")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert page_requests(internet)[0]["status"] == 405


# ---------------------------------------------------------------- rules


def test_rule_status_with_retry_after(internet: LocalInternet, web: requests.Session) -> None:
    response = web.get(f"https://{SELF}/broken")
    assert response.status_code == 500
    assert response.headers["Retry-After"] == "30"
    assert response.text == "Internal Server Error"
    assert page_requests(internet)[0]["rule"] == 0


def test_rule_redirect(internet: LocalInternet, web: requests.Session) -> None:
    response = web.get(f"https://{SELF}/old-page", allow_redirects=False)
    assert response.status_code == 301 and response.headers["Location"] == "/page"
    followed = web.get(f"https://{SELF}/old-page")
    assert followed.url == f"https://{SELF}/page" and followed.status_code == 200


def test_rule_delay(web: requests.Session) -> None:
    started = time.monotonic()
    response = web.get(f"https://{SELF}/slow")
    assert time.monotonic() - started >= 0.45
    assert "slow page arrived" in response.text


def test_rule_truncate_declares_full_length_then_closes(internet: LocalInternet) -> None:
    full = (SITES_DIR / SELF / "big.html").read_bytes()
    status_line, headers, body = raw_get(internet, f"http://{SELF}/big")
    assert status_line.startswith("HTTP/1.1 200")
    assert headers["Content-Length"] == str(len(full))
    assert body == full[:100]


def test_rule_truncate_is_an_error_for_a_client(web: requests.Session) -> None:
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
        web.get(f"https://{SELF}/big")
    assert web.get(f"https://{SELF}/page").status_code == 200  # the proxy is fine


def test_rule_truncate_declared_is_a_short_page(web: requests.Session) -> None:
    response = web.get(f"https://{SELF}/short")
    assert response.status_code == 200
    assert response.headers["Content-Length"] == "50" and len(response.content) == 50


def test_rule_times_fails_twice_then_serves(internet: LocalInternet, web: requests.Session) -> None:
    url = f"https://{SELF}/flaky"
    assert [web.get(url).status_code for _ in range(3)] == [503, 503, 200]
    assert "flaky page finally works" in web.get(url).text
    assert [e["rule"] for e in page_requests(internet)] == [5, 5, None, None]
    internet.reset_counters()
    assert web.get(url).status_code == 503


def test_rule_epochs_change_content_between_runs(
    internet: LocalInternet, web: requests.Session
) -> None:
    url = f"https://{SELF}/news"
    assert "news of epoch one" in web.get(url).text
    internet.set_epoch(2)
    assert "news of epoch two" in web.get(url).text
    internet.set_epoch(4)
    assert "news of epoch one" in web.get(url).text


def test_rule_soft_404(web: requests.Session) -> None:
    response = web.get(f"https://{SELF}/soft/whatever/you/like")
    assert response.status_code == 200 and "soft 404" in response.text
    assert web.get(f"https://{SELF}/hard/missing").status_code == 404


def test_rule_method_filter_and_post_form_logged(
    internet: LocalInternet, web: requests.Session
) -> None:
    response = web.post(f"https://{SELF}/search", data={"q": "Ermeni meselesi", "tag": ["a", "b"]})
    assert response.status_code == 200 and "search results" in response.text
    assert web.get(f"https://{SELF}/search").status_code == 404
    post, get = page_requests(internet)
    assert post["method"] == "POST" and post["rule"] == 7
    assert post["form"] == {"q": "Ermeni meselesi", "tag": ["a", "b"]}
    assert "form" not in get


def test_multipart_post_fields_are_logged(internet: LocalInternet, web: requests.Session) -> None:
    web.post(f"http://{SELF}/search", data={"q": "x"}, files={"upload": ("a.txt", b"data")})
    assert page_requests(internet)[0]["form"] == {"q": "x", "upload": "a.txt"}


def test_rule_regex_prefix_and_content_type(web: requests.Session) -> None:
    assert web.get(f"https://{SELF}/items/42").text == "<p>an item</p>"
    assert web.get(f"https://{SELF}/items/x").status_code == 404
    api = web.get(f"https://{SELF}/api/v1/thing?x=1")
    assert api.headers["Content-Type"] == "application/json" and api.json() == {"api": True}


# ---------------------------------------------------------------- hostile.example


HOSTILE = "hostile.example"
HOSTILE_DIR = SITES_DIR / HOSTILE
BIG = 209715200
BOMB = 1 << 30
RSS_GROWTH_LIMIT = 50 * 1024 * 1024
needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")


def proxy_rss(net: LocalInternet) -> int:
    """The proxy process's resident memory in bytes (VmRSS)."""
    for line in Path(f"/proc/{net.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@contextmanager
def streaming_get(
    net: LocalInternet, url: str
) -> Iterator[tuple[socket.socket, str, dict[str, str], bytes]]:
    """GET ``url`` on a raw socket, read just the head: (socket, status, headers, body so far)."""
    host = url.split("/")[2]
    with socket.create_connection(("127.0.0.1", net.port), timeout=10) as sock:
        sock.sendall(f"GET {url} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            assert chunk, f"closed before the headers: {received!r}"
            received += chunk
        yield (sock, *split_response(received))


def read_at_least(sock: socket.socket, received: bytes, size: int) -> bytes:
    while len(received) < size:
        chunk = sock.recv(1 << 20)
        assert chunk, "closed early"
        received += chunk
    return received


def assert_still_serving(net: LocalInternet) -> None:
    assert net.ping()
    assert raw_get(net, f"http://{HOSTILE}/robots.txt")[0].startswith("HTTP/1.1 200")


@needs_proc
def test_generate_streams_200_mb_without_holding_it(internet: LocalInternet) -> None:
    before = proxy_rss(internet)
    with streaming_get(internet, f"http://{HOSTILE}/big") as (sock, status_line, headers, body):
        body = read_at_least(sock, body, 8 << 20)  # well under way, then hang up
        during = proxy_rss(internet)
    assert status_line == "HTTP/1.1 200 OK"
    assert headers["Content-Length"] == str(BIG)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.startswith(behaviour.GENERATED_PREFIX + behaviour.FILLER * 3)
    assert during - before < RSS_GROWTH_LIMIT, (before, during)
    assert_still_serving(internet)
    assert proxy_rss(internet) - before < RSS_GROWTH_LIMIT


def test_generate_over_https_first_chunk_then_close(
    internet: LocalInternet, web: requests.Session
) -> None:
    assert web.head(f"https://{HOSTILE}/big").headers["Content-Length"] == str(BIG)
    with web.get(f"https://{HOSTILE}/big", stream=True) as response:
        first = next(response.iter_content(65536))
    assert first.startswith(behaviour.GENERATED_PREFIX)
    assert "hostile home page" in web.get(f"https://{HOSTILE}/").text
    assert [e["rule"] for e in page_requests(internet)] == [0, 0, None]


@needs_proc
def test_gzip_bomb_is_small_on_the_wire(internet: LocalInternet) -> None:
    before = proxy_rss(internet)
    with streaming_get(internet, f"http://{HOSTILE}/bomb") as (sock, status_line, headers, body):
        body = read_at_least(sock, body, 65536)
        during = proxy_rss(internet)
    assert status_line == "HTTP/1.1 200 OK"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"].startswith("text/html")
    assert int(headers["Content-Length"]) == behaviour.gzip_bomb(BOMB).length < BOMB // 500
    inflated = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, 4 << 20)
    assert inflated == b" " * (4 << 20)  # 64 KB of it already make 4 MB of spaces (and more)
    assert during - before < RSS_GROWTH_LIMIT, (before, during)
    assert_still_serving(internet)


def test_drip_sends_one_byte_a_second(internet: LocalInternet) -> None:
    page = (HOSTILE_DIR / "slow.html").read_bytes()
    with streaming_get(internet, f"http://{HOSTILE}/slow") as (sock, status_line, headers, body):
        started = time.monotonic()
        body = read_at_least(sock, body, 3)
        elapsed = time.monotonic() - started
    assert status_line == "HTTP/1.1 200 OK" and headers["Content-Length"] == str(len(page))
    assert page.startswith(body)
    assert 1.5 < elapsed < 5, elapsed  # bytes at 0 s, 1 s, 2 s
    assert_still_serving(internet)


def test_close_after_headers(internet: LocalInternet, web: requests.Session) -> None:
    status_line, headers, body = raw_get(internet, f"http://{HOSTILE}/headers-only")
    assert status_line == "HTTP/1.1 200 OK"
    assert int(headers["Content-Length"]) > 0 and body == b""
    broken = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)
    with pytest.raises(broken):
        web.get(f"https://{HOSTILE}/headers-only")
    assert_still_serving(internet)


def test_reset_answers_nothing(internet: LocalInternet, web: requests.Session) -> None:
    with socket.create_connection(("127.0.0.1", internet.port), timeout=10) as sock:
        sock.sendall(f"GET http://{HOSTILE}/reset HTTP/1.1\r\nHost: {HOSTILE}\r\n\r\n".encode())
        with pytest.raises(ConnectionResetError):  # an RST, not an orderly close
            sock.recv(65536)
    with pytest.raises(requests.exceptions.ConnectionError):
        web.get(f"https://{HOSTILE}/reset")
    assert [(e["path"], e["status"]) for e in page_requests(internet)] == [("/reset", None)] * 2
    assert_still_serving(internet)


def test_redirect_chain_of_thirty(internet: LocalInternet, web: requests.Session) -> None:
    web.max_redirects = 40
    response = web.get(f"https://{HOSTILE}/chain/0")
    assert response.url == f"https://{HOSTILE}/chain/30"
    assert "end of the redirect chain" in response.text
    assert [r.status_code for r in response.history] == [302] * 30
    assert [r.headers["Location"] for r in response.history[:2]] == ["/chain/1", "/chain/2"]


@pytest.mark.parametrize("start", ["/loop/a", "/cycle/0"])
def test_redirect_loops_never_end(web: requests.Session, start: str) -> None:
    with pytest.raises(requests.exceptions.TooManyRedirects):
        web.get(f"https://{HOSTILE}{start}")


def test_redirect_loop_with_a_regex_rule_back(web: requests.Session) -> None:
    locations = [
        web.get(f"http://{HOSTILE}/cycle/{n}", allow_redirects=False).headers["Location"]
        for n in range(3)
    ]
    assert locations == ["/cycle/1", "/cycle/2", "/cycle/0"]


def test_windows_1254_bytes_are_served_byte_for_byte(web: requests.Session) -> None:
    raw = (HOSTILE_DIR / "cp1254.html").read_bytes()
    response = web.get(f"https://{HOSTILE}/cp1254.html")
    assert response.headers["Content-Type"] == "text/html"  # no charset
    assert response.content == raw
    text = raw.decode("cp1254")
    assert '<meta charset="windows-1254">' in text
    assert all(text.count(letter) >= 5 for letter in "şğıİ")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/mislabelled.html", "text/html; charset=iso-8859-1"),
        ("/not-a-pdf.pdf", "application/pdf"),
        ("/deep.html", "text/html; charset=utf-8"),
        ("/invalid-utf8.html", "text/html; charset=utf-8"),
    ],
)
def test_hostile_files_are_served_as_they_are(
    web: requests.Session, path: str, content_type: str
) -> None:
    response = web.get(f"https://{HOSTILE}{path}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.content == (HOSTILE_DIR / path.lstrip("/")).read_bytes()


def test_hostile_files_are_what_they_claim() -> None:
    assert "ş" in (HOSTILE_DIR / "mislabelled.html").read_text(encoding="utf-8")
    assert (HOSTILE_DIR / "not-a-pdf.pdf").read_bytes().startswith(b"<!DOCTYPE html>")
    deep = (HOSTILE_DIR / "deep.html").read_text(encoding="ascii")
    assert "<div>" * 10000 in deep and "</div>" * 10000 in deep
    invalid = (HOSTILE_DIR / "invalid-utf8.html").read_bytes()
    assert b'<meta charset="utf-8">' in invalid
    with pytest.raises(UnicodeDecodeError):
        invalid.decode("utf-8")
    assert (HOSTILE_DIR / "robots.txt").read_text() == "User-agent: *\nDisallow:\n"


STREAMED_SITE = """
[[rules]]
path = "/dripped"
generate = 3000
drip = 3000

[[rules]]
path = "/cut"
generate = 1000000
truncate = 1000

[[rules]]
prefix = "/list?page="
redirect_loop = true
status = 307
"""


def test_drip_truncate_and_query_loops_on_a_site_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "sites" / "own.example").mkdir(parents=True)
    (tmp_path / "sites" / "own.example" / "_site.toml").write_text(STREAMED_SITE)
    generated = b"".join(behaviour.generated(1000000).chunks())
    with LocalInternet().start(tmp_path / "sites", tmp_path / "state") as net:
        started = time.monotonic()
        _, headers, body = raw_get(net, "http://own.example/dripped")
        assert 0.8 < time.monotonic() - started < 5  # 300 bytes every 0.1 s
        assert headers["Content-Length"] == "3000" and body == generated[:3000]
        _, headers, body = raw_get(net, "http://own.example/cut")
        assert headers["Content-Length"] == "1000000" and body == generated[:1000]
        status_line, headers, _ = raw_get(net, "http://own.example/list?page=41")
        assert status_line.startswith("HTTP/1.1 307") and headers["Location"] == "/list?page=42"


# ---------------------------------------------------------------- log, control, connections


def test_the_log_records_every_request(internet: LocalInternet, web: requests.Session) -> None:
    web.get(f"http://{PLAIN}/")
    web.get(f"https://{SELF}/en/Yorumlar?page=2")
    web.get(f"https://{SELF}/missing")
    assert internet.ping()
    assert [(e["method"], e["url"], e["status"]) for e in internet.requests()] == [
        ("GET", f"http://{PLAIN}/", 200),
        ("CONNECT", f"{SELF}:443", 200),
        ("GET", f"https://{SELF}/en/Yorumlar?page=2", 200),
        ("GET", f"https://{SELF}/missing", 404),
    ]
    line = internet.log_path.read_text(encoding="utf-8").splitlines()[0]
    assert isinstance(json.loads(line)["t"], float)
    internet.clear_log()
    assert internet.requests() == []
    web.get(f"http://{PLAIN}/second")
    assert internet.urls() == [f"http://{PLAIN}/second"]


def test_keep_alive_serves_two_requests_on_one_connection(internet: LocalInternet) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", internet.port, timeout=10)
    try:
        for path in ("/", "/second"):
            connection.request("GET", f"http://{PLAIN}{path}", headers={"Host": PLAIN})
            response = connection.getresponse()
            assert response.status == 200 and b"plain" in response.read()
    finally:
        connection.close()
    first, second = internet.requests()
    assert first["conn"] == second["conn"]


def test_keep_alive_inside_the_tunnel(internet: LocalInternet, web: requests.Session) -> None:
    for path in ("/", "/page", "/en/Yorumlar"):
        assert web.get(f"https://{SELF}{path}").status_code == 200
    entries = internet.requests()
    assert [e["method"] for e in entries] == ["CONNECT", "GET", "GET", "GET"]
    assert len({e["conn"] for e in entries}) == 1


def test_garbage_and_vanishing_clients_do_not_kill_it(internet: LocalInternet) -> None:
    raw_exchange(internet, b"\x16\x03\x01garbage that is not http\r\n\r\n")
    raw_exchange(internet, b"GET http://selftest.example/ HTTP/1.1\r\nContent-Length: nope\r\n\r\n")
    with socket.create_connection(("127.0.0.1", internet.port), timeout=10) as sock:
        sock.sendall(b"CONNECT selftest.example:443 HTTP/1.1\r\n\r\n")
        assert sock.recv(1024).startswith(b"HTTP/1.1 200")
        sock.sendall(b"not a TLS client hello\r\n\r\n")
        assert b"HTTP" not in drain(sock)  # the handshake fails, the proxy hangs up
    for path in ("/slow", "/big"):
        with socket.create_connection(("127.0.0.1", internet.port), timeout=10) as sock:
            sock.sendall(f"GET http://{SELF}{path} HTTP/1.1\r\nHost: {SELF}\r\n\r\n".encode())
    time.sleep(0.7)  # let the slow answer hit the closed socket
    assert internet.ping()
    assert raw_get(internet, f"http://{PLAIN}/")[0].startswith("HTTP/1.1 200")
    assert internet.running


def test_control_requests_are_answered_and_not_logged(internet: LocalInternet) -> None:
    assert internet.control("/ping") == "pong"
    assert internet.control("/reset") == "ok"
    with pytest.raises(LocalInternetError):
        internet.control("/nothing")
    assert internet.requests() == []


def test_session_fixture_is_shared_and_alive(internet_session: LocalInternet) -> None:
    assert internet_session.ping()
    assert internet_session.env["https_proxy"] == internet_session.address


def test_env_points_everything_at_the_proxy(internet: LocalInternet) -> None:
    env = internet.env
    assert env["http_proxy"] == env["HTTPS_PROXY"] == internet.address
    assert env["no_proxy"] == "localhost,127.0.0.1,.invalid"
    assert env["REQUESTS_CA_BUNDLE"] == env["SSL_CERT_FILE"] == str(internet.ca_path)
    assert internet.ca_path.read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_stop_is_clean(tmp_path: Path) -> None:
    net = LocalInternet().start(SITES_DIR, tmp_path / "state")
    assert net.running
    assert net.stop() == 0
    assert not net.running


def test_a_proxy_that_dies_reports_its_stderr(tmp_path: Path) -> None:
    state = tmp_path / "state"
    (state / "ca.pem").mkdir(parents=True)  # the proxy cannot write its CA there
    with pytest.raises(LocalInternetError, match="IsADirectoryError"):
        LocalInternet().start(SITES_DIR, state)


# ---------------------------------------------------------------- Scrapy


def run_scrapy_probe(net: LocalInternet, *args: str) -> list[dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, "-m", "tests.internet.scrapy_probe", *args],
        cwd=REPO_ROOT, env=net.subprocess_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_scrapy_crawls_through_the_proxy(internet: LocalInternet) -> None:
    chain = f"https://{SELF}/page,https://{SELF}/en/Yorumlar?page=2"
    seen = {r["url"]: r for r in run_scrapy_probe(internet, f"http://{PLAIN}/", chain)}
    assert "plain home page" in seen[f"http://{PLAIN}/"]["body"]
    assert "selftest ordinary page" in seen[f"https://{SELF}/page"]["body"]
    assert "comments page two" in seen[f"https://{SELF}/en/Yorumlar?page=2"]["body"]
    entries = internet.requests()
    assert sorted(internet.urls()) == sorted(seen)
    https_gets = [e for e in entries if e["scheme"] == "https" and e["method"] == "GET"]
    connects = [e for e in entries if e["method"] == "CONNECT"]
    assert len(https_gets) == 2
    # Scrapy keeps the tunnel in its pool: the second request reuses it
    assert len(connects) == 1 and {e["conn"] for e in https_gets} == {connects[0]["conn"]}
    assert all("Scrapy" in e["headers"].get("User-Agent", "") for e in entries if e["method"] == "GET")


def test_scrapy_verifying_certificates_trusts_ssl_cert_file(internet: LocalInternet) -> None:
    [result] = run_scrapy_probe(internet, "--verify", f"https://{SELF}/page")
    assert result.get("status") == 200, result


# ---------------------------------------------------------------- conditional requests, soft-404 redirects

CONDITIONAL_SITE = """
conditional = true

[[rules]]
path = "/page"
file = "_page-epoch2.html"
epochs = "2-"

[[rules]]
path = "/gone"
status = 404
epochs = "2-3"

[[rules]]
path = "/big"
generate = 1000
"""


@pytest.fixture
def conditional_net(tmp_path: Path) -> Iterator[LocalInternet]:
    """A site of its own with ``conditional = true``: /page changes in epoch 2."""
    site = tmp_path / "sites" / "cond.example"
    site.mkdir(parents=True)
    (site / "_site.toml").write_text(CONDITIONAL_SITE, encoding="utf-8")
    (site / "page.html").write_text("<p>page of epoch one</p>", encoding="utf-8")
    (site / "_page-epoch2.html").write_text("<p>page of epoch two</p>", encoding="utf-8")
    (site / "gone.html").write_text("<p>gone in epochs 2 and 3</p>", encoding="utf-8")
    with LocalInternet().start(tmp_path / "sites", tmp_path / "state") as net:
        yield net


def cond_session(net: LocalInternet) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.proxies = net.proxies
    session.verify = str(net.ca_path)
    return session


def test_conditional_site_sends_validators_and_304(conditional_net: LocalInternet) -> None:
    web, url = cond_session(conditional_net), "https://cond.example/page"
    first = web.get(url)
    etag = '"' + hashlib.sha1(b"<p>page of epoch one</p>").hexdigest()[:16] + '"'
    assert first.status_code == 200 and first.headers["ETag"] == etag
    assert first.headers["Last-Modified"] == "Sun, 01 Feb 2026 00:00:00 GMT"  # the default
    again = web.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag and "Content-Length" not in again.headers
    assert web.get(url, headers={"If-None-Match": '"0000000000000000"'}).status_code == 200
    assert web.get(url, headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304  # weak, list
    assert web.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert web.head(url, headers={"If-None-Match": etag}).status_code == 304
    log = page_requests(conditional_net)
    assert [e["status"] for e in log] == [200, 304, 200, 304, 304, 304]
    assert log[1]["headers"]["If-None-Match"] == etag
    # the content changes: the ETag is the body's hash, so the old one no longer matches
    conditional_net.set_epoch(2)
    changed = web.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "epoch two" in changed.text
    assert changed.headers["ETag"] != etag
    assert web.get(url, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 304


def test_conditional_if_modified_since(conditional_net: LocalInternet) -> None:
    web, url = cond_session(conditional_net), "https://cond.example/page"
    for since, status in [
        ("Sun, 01 Feb 2026 00:00:00 GMT", 304),  # equal
        ("Mon, 02 Feb 2026 08:00:00 GMT", 304),  # later
        ("Sat, 31 Jan 2026 23:59:59 GMT", 200),  # earlier
        ("not a date", 200),  # ignored
    ]:
        assert web.get(url, headers={"If-Modified-Since": since}).status_code == status, since
    # If-None-Match decides when both are sent
    both = {"If-None-Match": '"0000000000000000"', "If-Modified-Since": "Mon, 02 Feb 2026 08:00:00 GMT"}
    assert web.get(url, headers=both).status_code == 200


def test_conditional_only_for_200_with_a_literal_body(conditional_net: LocalInternet) -> None:
    web = cond_session(conditional_net)
    missing = web.get("https://cond.example/nothing", headers={"If-None-Match": "*"})
    assert missing.status_code == 404 and "ETag" not in missing.headers
    big = web.get("https://cond.example/big", headers={"If-None-Match": "*"})
    assert big.status_code == 200 and "ETag" not in big.headers  # a generated stream
    posted = web.post("https://cond.example/page", headers={"If-None-Match": "*"})
    assert posted.status_code == 200 and "ETag" in posted.headers
    conditional_net.set_epoch(2)
    assert web.get("https://cond.example/gone").status_code == 404
    conditional_net.set_epoch(4)  # "2-3": over
    assert web.get("https://cond.example/gone").status_code == 200


def test_conditional_without_sockets(tmp_path: Path) -> None:
    (tmp_path / "c.example").mkdir()
    (tmp_path / "c.example" / "index.html").write_bytes(b"home")
    (tmp_path / "c.example" / "_site.toml").write_text(
        'conditional = true\nlast_modified = "2026-02-12T10:30:00+03:00"\n', encoding="utf-8"
    )
    site = behaviour.load_site(tmp_path, "c.example")
    assert site is not None and site.conditional
    plain = behaviour.choose(site, "GET", "/", 1, {})
    headers = dict(plain.headers)
    assert headers == {"ETag": behaviour.etag_for(b"home"), "Last-Modified": "Thu, 12 Feb 2026 07:30:00 GMT"}
    not_modified = behaviour.choose(site, "GET", "/", 1, {}, {"if-none-match": headers["ETag"]})
    assert (not_modified.status, not_modified.body, not_modified.length) == (304, b"", 0)
    assert not_modified.source == "not_modified:file:index.html"
    since = {"If-Modified-Since": headers["Last-Modified"]}
    assert behaviour.choose(site, "GET", "/", 1, {}, since).status == 304
    assert behaviour.choose(site, "POST", "/", 1, {}, {"If-None-Match": "*"}).status == 200
    off = behaviour.load_site(SITES_DIR, SELF)
    assert off is not None and not off.conditional
    assert behaviour.choose(off, "GET", "/page", 1, {}, {"If-None-Match": "*"}).status == 200


def test_soft_404_rule_may_redirect_unknown_paths_home(web: requests.Session) -> None:
    response = web.get("https://caspianpost.com/no/such/story", allow_redirects=False)
    assert response.status_code == 301 and response.headers["Location"] == "/"
    followed = web.get("https://caspianpost.com/no/such/story")
    assert followed.url == "https://caspianpost.com/" and followed.status_code == 200
    assert "<title>Caspian Post — News and analytics" in followed.text
    assert web.get("https://caspianpost.com/robots.txt").status_code == 200  # a file: untouched


@pytest.mark.parametrize(
    ("value", "inside", "outside"),
    [("2", [2], [1, 3]), ("[2, 4]", [2, 4], [3]), ('"2-"', [2, 5, 10**9], [1]), ('"2-3"', [2, 3], [1, 4])],
)
def test_epochs_sets_and_ranges(tmp_path: Path, value: str, inside: list[int], outside: list[int]) -> None:
    (tmp_path / "e.example").mkdir()
    (tmp_path / "e.example" / "_site.toml").write_text(
        f'[[rules]]\nepochs = {value}\nstatus = 500\n', encoding="utf-8"
    )
    site = behaviour.load_site(tmp_path, "e.example")
    assert site is not None
    assert [behaviour.choose(site, "GET", "/", e, {}).status for e in inside] == [500] * len(inside)
    assert [behaviour.choose(site, "GET", "/", e, {}).status for e in outside] == [404] * len(outside)


# ---------------------------------------------------------------- the link-health week

LINKHEALTH = json.loads((REPO_ROOT / "tests" / "fixtures" / "linkhealth_expected.json").read_text("utf-8"))
SOURCES = json.loads((REPO_ROOT / "tests" / "fixtures" / "sources_expected.json").read_text("utf-8"))
WEEK = [*LINKHEALTH["epochs"], LINKHEALTH["unchanged_after"]["epoch"]]


def test_linkhealth_week_serves_what_the_fixture_says(internet: LocalInternet, web: requests.Session) -> None:
    """Each scenario URL answers, epoch by epoch, the status linkhealth_expected.json gives."""
    validators: dict[str, dict[str, str]] = {}
    for epoch in WEEK:
        internet.set_epoch(epoch)
        for link in LINKHEALTH["links"]:
            url, expected = link["url"], [*link["http_statuses"], link["http_statuses"][-1]]
            try:
                response = web.get(url, headers=validators.get(url, {}), timeout=15)
            except requests.exceptions.ConnectionError:
                status, final = None, None
            else:
                status, final = response.status_code, response.url
                if epoch == 1 and "ETag" in response.headers:
                    validators[url] = {"If-None-Match": response.headers["ETag"],
                                       "If-Modified-Since": response.headers["Last-Modified"]}
            assert status == expected[WEEK.index(epoch)], (epoch, url)
            if epoch == WEEK[-2]:
                assert final == link["final_url_day7"], url
    reset = [e for e in internet.requests() if e["host"] == "www.setav.org" and e["method"] == "GET"]
    assert reset and all(e["status"] is None for e in reset[1:])


def test_linkhealth_scenarios_are_cited_by_commentaries_stored_in_epoch_1() -> None:
    avim = json.loads((REPO_ROOT / "tests" / "fixtures" / "avim_expected.json").read_text("utf-8"))
    good = {c["url"] for c in avim["commentaries"] if c["served"] == "ok" and not c["robots_blocked"]}
    sources = {s["url"]: s for s in SOURCES["sources"]}
    urls = [link["url"] for link in LINKHEALTH["links"]]
    assert len(urls) == len(set(urls))
    wanted = {"gone", "flaky", "soft_404", "gone_domain", "rewritten", "replaced", "down", "blocked",
              "conditional"}
    assert wanted <= {link["scenario"] for link in LINKHEALTH["links"]}
    for link in LINKHEALTH["links"]:
        assert link["cited_by"] == sources[link["url"]]["cited_by"]
        assert set(link["cited_by"]) <= good, link["url"]
        # one check a run, and a confirmation after the failure that made a link dead
        confirmed = int(link["verdicts"][-1] == "dead" and "dead" not in link["verdicts"][:-1])
        assert len(link["verdicts"]) == 4
        assert len(link["outcomes"]) == len(link["http_statuses"]) == 4 + confirmed


def _first_hop(url: str, epoch: int) -> tuple[int, str, tuple[tuple[str, str], ...]] | None:
    parts = urlsplit(url)
    site = behaviour.load_site(SITES_DIR, (parts.hostname or "").lower())
    if site is None:
        return None
    target = url.split(parts.netloc, 1)[1] or "/"
    action = behaviour.choose(site, "GET", target, epoch, {})
    headers = tuple(h for h in action.headers if h[0] not in ("ETag", "Last-Modified"))
    return action.status, action.source, headers


def test_every_other_cited_url_answers_in_later_epochs_as_in_epoch_1() -> None:
    scenario_urls = {link["url"] for link in LINKHEALTH["links"] if link["scenario"] != "stable"}
    compared = 0
    for source in SOURCES["sources"]:
        url = source["url"]
        if url in scenario_urls or not url.startswith("http"):
            continue
        for hop in dict.fromkeys([url, *source["redirects"], source["final_url"]]):
            first = _first_hop(hop, 1)
            assert all(_first_hop(hop, epoch) == first for epoch in range(2, 6)), hop
            compared += first is not None
        robots = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/robots.txt"
        assert all(_first_hop(robots, epoch) == _first_hop(robots, 1) for epoch in range(2, 6)), robots
    assert compared > 50
    for url in scenario_urls:  # and the scenarios do change (or are blocked from the start)
        link = next(link for link in LINKHEALTH["links"] if link["url"] == url)
        assert link["scenario"] in ("blocked", "conditional") or _first_hop(url, 2) != _first_hop(url, 1), url


# ---------------------------------------------------------------- the rule engine alone


def selftest_site() -> behaviour.Site:
    site = behaviour.load_site(SITES_DIR, SELF)
    assert site is not None
    return site


def test_choose_without_sockets() -> None:
    site, counters = selftest_site(), dict[tuple[str, int], int]()
    assert behaviour.choose(site, "GET", "/flaky", 1, counters).status == 503
    assert behaviour.choose(site, "HEAD", "/flaky", 1, counters).status == 503
    action = behaviour.choose(site, "GET", "/flaky", 1, counters)
    assert (action.status, action.rule, action.source) == (200, None, "file:flaky.html")
    assert counters == {(SELF, 5): 2}
    slow = behaviour.choose(site, "GET", "/slow", 1, counters)
    assert (slow.status, slow.delay, slow.rule, slow.source) == (200, 0.5, 2, "file:slow.html")
    assert behaviour.choose(site, "GET", "/news", 3, counters).source == "file:_news-epoch2.html"
    assert behaviour.choose(site, "DELETE", "/", 1, counters).status == 405
    assert behaviour.load_site(SITES_DIR, "../etc") is None
    assert behaviour.load_site(SITES_DIR, "nowhere.example") is None


def test_truncation_arithmetic() -> None:
    big = behaviour.choose(selftest_site(), "GET", "/big", 1, {})
    assert (len(big.sent_body), big.declared_length, big.closes_connection) == (100, len(big.body), True)
    short = behaviour.choose(selftest_site(), "GET", "/short", 1, {})
    assert (len(short.sent_body), short.declared_length, short.closes_connection) == (50, 50, False)


def hostile_site() -> behaviour.Site:
    site = behaviour.load_site(SITES_DIR, HOSTILE)
    assert site is not None
    return site


@pytest.mark.parametrize("size", [0, 7, len(behaviour.GENERATED_PREFIX), 100, 65536 * 3 + 5])
def test_generated_bodies_have_exactly_their_size(size: int) -> None:
    stream = behaviour.generated(size)
    body = b"".join(stream.chunks())
    assert stream.length == len(body) == size
    expected = behaviour.GENERATED_PREFIX + behaviour.FILLER * (size // len(behaviour.FILLER) + 1)
    assert body == expected[:size]
    assert b"".join(stream.chunks(limit=size // 2)) == body[: size // 2]


def test_a_generated_200_mb_body_comes_in_small_chunks() -> None:
    stream = behaviour.generated(BIG)
    sizes = [len(chunk) for chunk in stream.chunks()]
    assert sum(sizes) == stream.length == BIG
    assert max(sizes) <= behaviour.CHUNK


@pytest.mark.parametrize("size", [0, 1, behaviour.BOMB_BLOCK, 3 * behaviour.BOMB_BLOCK + 1234])
def test_gzip_bomb_inflates_to_exactly_its_size(size: int) -> None:
    compressed = b"".join(behaviour.gzip_bomb(size).chunks())
    assert gzip.decompress(compressed) == behaviour.BOMB_FILL * size  # CRC and size checked


def test_gzip_bomb_of_ten_gigabytes_is_quick_and_cached() -> None:
    started = time.monotonic()
    bomb = behaviour.gzip_bomb(10 << 30)
    assert time.monotonic() - started < 2
    assert bomb is behaviour.gzip_bomb(10 << 30)
    assert bomb.length < (10 << 30) // 500
    head = b"".join(itertools.islice(bomb.chunks(), 2))  # the gzip header, then deflate
    assert zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 1 << 20) == b" " * (1 << 20)


def test_repeated_crc32_equals_zlib() -> None:
    for block, count, start in [(b"abc", 1000, 0), (b"\x00" * 7, 33, 12345), (b"x", 0, 99)]:
        assert behaviour.repeated_crc32(block, count, start) == zlib.crc32(block * count, start)


def test_hostile_rules_without_sockets() -> None:
    site, counters = hostile_site(), dict[tuple[str, int], int]()

    def get(target: str) -> behaviour.Action:
        return behaviour.choose(site, "GET", target, 1, counters)

    big, bomb, slow = get("/big"), get("/bomb"), get("/slow")
    assert (big.stream, big.length) == (behaviour.generated(BIG), BIG)
    assert big.source == f"generate:{BIG}"
    assert bomb.stream is behaviour.gzip_bomb(BOMB) and ("Content-Encoding", "gzip") in bomb.headers
    assert (slow.drip, slow.source, slow.rule) == (1.0, "file:slow.html", 2)
    headers_only = get("/headers-only")
    assert (headers_only.sent_length, headers_only.closes_connection) == (0, True)
    assert headers_only.declared_length == len(headers_only.body) > 0
    assert list(headers_only.chunks()) == []
    reset = get("/reset")
    assert reset.reset and reset.rule == 4
    assert [get(f"/chain/{n}").headers for n in (0, 29)] == [
        (("Location", "/chain/1"),), (("Location", "/chain/30"),)
    ]
    assert [get(path).status for path in ("/chain/30", "/chain/x", "/chain/")] == [200, 404, 404]
    assert get("/cycle/2").headers == (("Location", "/cycle/0"),)
    assert get("/cp1254.html").content_type == "text/html"


def test_truncating_a_stream() -> None:
    action = behaviour.Action(200, b"", "text/html", truncate=10, stream=behaviour.generated(100))
    assert (action.sent_length, action.declared_length, action.closes_connection) == (10, 100, True)
    assert b"".join(action.chunks()) == behaviour.GENERATED_PREFIX[:10]
    declared = replace(action, truncate_declared=True)
    assert (declared.declared_length, declared.closes_connection) == (10, False)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[rules]]\npath = "/x"\ntime = 2\n', "unknown keys"),
        ('[[rules]]\npath = "/x"\nfile = "missing.html"\n', "no file"),
        ('[[rules]]\nsoft_404 = true\n', "soft_404"),
        ('[[rules]]\nstatus = "500"\n', "wrong type"),
        ('[routes]\n"/x" = "../../etc/passwd"\n', "no file"),
        ("[rules\n", "_site.toml"),
        ('[[rules]]\ngenerate = -1\n', "negative"),
        ('[[rules]]\ngzip_bomb = 1.5\n', "wrong type"),
        ('[[rules]]\ndrip = 0\n', "positive"),
        ('[[rules]]\ndrip = true\n', "wrong type"),
        ('[[rules]]\nclose_after_headers = "yes"\n', "wrong type"),
        ('[[rules]]\nbody = "x"\ngenerate = 5\n', "only one of"),
        ('[[rules]]\nreset = true\nbody = "x"\n', "reset"),
        ('[[rules]]\npath = "/x"\nredirect_loop = true\n', "needs a 'prefix'"),
        ('[[rules]]\nepochs = "two-"\n', "range"),
        ('[[rules]]\nepochs = [true]\n', "epochs"),
        ('conditional = "yes"\n', "wrong type"),
        ('last_modified = "yesterday"\n', "ISO 8601"),
        ('last_modified = 2026-02-01\n', "date-time"),
        ('etag = true\n', "unknown top-level keys"),
        ('[[rules]]\nprefix = "/x"\nredirect_loop = true\nredirect = "/y"\n', "redirect_loop"),
    ],
)
def test_bad_behaviour_files_are_reported(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "bad.example").mkdir()
    (tmp_path / "bad.example" / "_site.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(behaviour.BehaviourError, match=message):
        behaviour.load_site(tmp_path, "bad.example")

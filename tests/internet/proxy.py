"""The local internet: an HTTP proxy that *is* the internet for tests.

Run from the repository root::

    python -m tests.internet.proxy --sites tests/internet/sites --state /tmp/state

It writes a throwaway CA to ``<state>/ca.pem``, listens on 127.0.0.1 (a free
port), prints ``http://127.0.0.1:PORT`` once ready and serves until SIGTERM.
Plain ``http://`` requests arrive in absolute form; ``https://`` arrives as
``CONNECT host:443``, which is answered by terminating TLS with a certificate
for that host signed by the CA.  Nothing is ever fetched upstream: hosts are
folders under ``--sites`` (see README.md and behaviour.py).
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import signal
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Mapping, Sequence
from email.parser import BytesParser
from email.policy import HTTP as HTTP_POLICY
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import parse_qsl, urlsplit

import trustme

from tests.internet import behaviour, timetravel, wayback
from tests.internet.behaviour import Action

SERVER_NAME = "LocalInternet/1.0"
CONTROL_HOST = "internet.control"
LOG_FILE = "requests.jsonl"
EPOCH_FILE = "epoch"
CA_FILE = "ca.pem"
IDLE_TIMEOUT = 120.0
HANDSHAKE_TIMEOUT = 15.0
MAX_LINE = 65536
DRIP_TICK = 0.1  # a dripping body is sent in pieces of about this many seconds' worth


class RequestLog:
    """``<state>/requests.jsonl``: one JSON object per request, flushed at once."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()

    def write(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock, self._path.open("a", encoding="utf-8") as f:
            f.write(line)


class Certificates:
    """Per-host TLS server contexts issued by one trustme CA (cached)."""

    def __init__(self, ca: trustme.CA) -> None:
        self._ca = ca
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()

    def context_for(self, host: str) -> ssl.SSLContext:
        with self._lock:
            context = self._contexts.get(host)
            if context is None:
                context = self._contexts[host] = self._new_context(host)
            return context

    def _new_context(self, host: str) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._ca.issue_cert(host).configure_cert(context)
        context.set_alpn_protocols(["http/1.1"])
        context.sni_callback = self._on_sni
        return context

    def _on_sni(
        self, sock: ssl.SSLSocket | ssl.SSLObject, server_name: str | None, _: ssl.SSLContext
    ) -> None:
        """Switch to the certificate of the name the client asked for."""
        if not server_name:
            return  # no SNI: keep the CONNECT host's certificate
        host = server_name.lower().rstrip(".")
        if behaviour.valid_host(host):
            sock.context = self.context_for(host)


class Internet:
    """State shared by all connections of one proxy process."""

    def __init__(self, sites_dir: Path, state_dir: Path, ca: trustme.CA) -> None:
        self.sites_dir = sites_dir.resolve()
        self.state_dir = state_dir
        self.log = RequestLog(state_dir / LOG_FILE)
        self.certificates = Certificates(ca)
        self._counters: dict[tuple[str, int], int] = {}
        self._counters_lock = threading.Lock()
        self._connection_ids = itertools.count(1)
        self.wayback = wayback.WaybackStandIn(state_dir, self.sites_dir, self.epoch)  # web.archive.org, archive.org
        self.timetravel = timetravel.TimeTravelStandIn(self.sites_dir)  # timetravel.mementoweb.org

    def next_connection_id(self) -> int:
        return next(self._connection_ids)

    def epoch(self) -> int:
        try:
            text = (self.state_dir / EPOCH_FILE).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return 1
        return int(text) if text else 1

    def has_site(self, host: str) -> bool:
        return behaviour.valid_host(host) and (self.sites_dir / host).is_dir()

    def choose(
        self, host: str, method: str, target: str, headers: Mapping[str, str] | None = None,
        body: bytes = b"",
    ) -> Action:
        if host in wayback.HOSTS:
            return as_action(self.wayback(method, host, target, headers or {}, body))
        if host == timetravel.HOST:
            return as_action(self.timetravel(method, host, target, headers or {}, body), "timetravel")
        site = behaviour.load_site(self.sites_dir, host)
        if site is None:
            return bad_gateway(host)
        epoch = self.epoch()
        with self._counters_lock:
            return behaviour.choose(site, method, target, epoch, self._counters, headers)

    def reset_counters(self) -> None:
        with self._counters_lock:
            self._counters.clear()


def as_action(response: wayback.Response, source: str = "wayback") -> Action:
    status, headers, body = response
    content_type = headers.get("Content-Type", "text/plain; charset=utf-8")
    return Action(status, body, content_type, headers=tuple(headers.items()), source=source)


def bad_gateway(host: str) -> Action:
    detail = f"<p>The local internet has no site {host!r}.</p>"
    return behaviour.status_page(502, detail)


class ProxyServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, internet: Internet) -> None:
        self.internet = internet
        super().__init__(("127.0.0.1", 0), ProxyHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # clients that vanish are normal on the internet
        super().handle_error(request, client_address)


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = SERVER_NAME
    timeout = IDLE_TIMEOUT
    server: ProxyServer

    # ------------------------------------------------------------ lifecycle

    def setup(self) -> None:
        super().setup()
        self.connection_id = self.server.internet.next_connection_id()
        self.tunnel: tuple[str, int] | None = None
        self.tls_socket: ssl.SSLSocket | None = None

    def finish(self) -> None:
        try:
            super().finish()  # flushes what is left: fails if the client hung up
        except OSError:
            pass
        if self.tls_socket is not None:
            try:
                self.tls_socket.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            self.tls_socket.close()

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(MAX_LINE + 1)
            if not self.raw_requestline:
                self.close_connection = True
                return
            if len(self.raw_requestline) > MAX_LINE:
                self.requestline, self.request_version, self.command = "", "", ""
                self.send_error(414)
                return
            if not self.parse_request():
                return
            self.dispatch()
            if not self.wfile.closed:  # closed when the connection was reset
                self.wfile.flush()
        except OSError:
            self.close_connection = True

    def version_string(self) -> str:
        return SERVER_NAME

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the JSON request log is the log

    # ------------------------------------------------------------ requests

    def dispatch(self) -> None:
        if self.command == "CONNECT":
            self.handle_connect()
            return
        started = time.time()
        scheme, host, port, target = self.split_target()
        try:
            body = self.read_body()
        except ValueError:
            self.send_error(400, "Bad request body framing")  # also closes
            return
        if host == CONTROL_HOST and self.tunnel is None:
            self.send_action(self.control(target), self.command)
            return
        try:
            request_headers = dict(self.headers.items())
            action = self.server.internet.choose(host, self.command, target, request_headers, body)
        except Exception as exc:  # a broken site must not take the proxy down
            traceback.print_exc()
            action = behaviour.status_page(500, f"<pre>LocalInternet: {exc!r}</pre>")
        entry = self.log_entry(started, self.command, make_url(scheme, host, port, target))
        status = None if action.reset else action.status  # a reset answers nothing
        entry.update(scheme=scheme, host=host, path=target, status=status)
        if self.command == "POST":
            entry.update(post_fields(self.headers.get("Content-Type", ""), body))
        entry["rule"] = action.rule
        if host in wayback.HOSTS or host == timetravel.HOST:
            entry["vt"] = wayback.virtual_time(self.server.internet.state_dir)
        self.server.internet.log.write(entry)
        self.send_action(action, self.command)

    def split_target(self) -> tuple[str, str, int | None, str]:
        """(scheme, host, port, origin-form target) of the current request."""
        if "://" in self.path and not self.path.startswith("/"):  # not /web/TS/https://...
            return split_absolute(self.path)
        target = self.path if self.path.startswith("/") else "/" + self.path
        if self.tunnel is not None:
            return "https", self.tunnel[0], self.tunnel[1], target
        host, port = split_host_port(self.headers.get("Host", ""), 80)
        return "http", host, port, target

    def read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return read_chunked(self.rfile)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def log_entry(self, started: float, method: str, url: str) -> dict[str, Any]:
        return {
            "t": started,
            "method": method,
            "url": url,
            "conn": self.connection_id,
            "headers": dict(self.headers.items()),
        }

    def control(self, target: str) -> Action:
        path = target.split("?", 1)[0]
        if path == "/ping":
            return Action(200, b"pong", "text/plain; charset=utf-8", source="control")
        if path == "/reset":
            self.server.internet.reset_counters()
            return Action(200, b"ok", "text/plain; charset=utf-8", source="control")
        if path.startswith("/wayback/"):
            return as_action(self.server.internet.wayback.control(target))
        if path.startswith("/timetravel/"):
            return as_action(self.server.internet.timetravel.control(target), "control")
        return behaviour.status_page(404)

    def send_action(self, action: Action, method: str) -> None:
        if action.delay > 0:
            time.sleep(action.delay)
        if action.reset:
            self.abort_connection()
            return
        has_body = action.status not in (204, 304) and action.status >= 200
        length = action.declared_length if has_body else 0
        headers = {
            "Date": formatdate(usegmt=True),
            "Server": SERVER_NAME,
            "Content-Type": action.content_type,
            "Content-Length": str(length),
        }
        if action.status == 304:
            # RFC 9110 section 15.4.5: no body; a Content-Length would have to be the 200's
            del headers["Content-Type"], headers["Content-Length"]
        merge_headers(headers, action.headers)
        if action.closes_connection or self.close_connection:
            headers["Connection"] = "close"
        self.send_response_only(action.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if method != "HEAD" and has_body:
            self.send_body(action)
        if action.closes_connection:
            self.close_connection = True

    def send_body(self, action: Action) -> None:
        """Write the body piece by piece (a client that hangs up ends it: OSError)."""
        if action.drip is not None:
            self.wfile.flush()  # the headers go at once
            drip(self.wfile, action.chunks(), action.drip)
            return
        for chunk in action.chunks():
            self.wfile.write(chunk)

    def abort_connection(self) -> None:
        """Close at once with a TCP RST: SO_LINGER 0 makes close() abort, not FIN."""
        sock = self.tls_socket if self.tls_socket is not None else self.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.rfile.close()
        self.wfile.close()  # nothing buffered: the request's answer is not begun
        sock.close()  # finish() and the server's shutdown_request then find it closed

    # ------------------------------------------------------------ CONNECT

    def handle_connect(self) -> None:
        host, port = split_host_port(self.path, 443)
        internet = self.server.internet
        known = internet.has_site(host)
        entry = self.log_entry(time.time(), "CONNECT", f"{host}:{port}")
        entry.update(scheme="https", host=host, path="", status=200 if known else 502, rule=None)
        internet.log.write(entry)
        if not known:
            self.close_connection = True
            self.send_action(bad_gateway(host), "CONNECT")
            return
        self.send_response_only(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        self.start_tls(internet.certificates.context_for(host))
        self.tunnel = (host, port)

    def start_tls(self, context: ssl.SSLContext) -> None:
        """Continue this connection as TLS; the request loop goes on inside it."""
        self.rfile.close()
        self.wfile.close()
        self.close_connection = True
        self.connection.settimeout(HANDSHAKE_TIMEOUT)
        tls = context.wrap_socket(self.connection, server_side=True)
        tls.settimeout(self.timeout)
        self.tls_socket = tls
        self.rfile = tls.makefile("rb")
        self.wfile = tls.makefile("wb")
        self.close_connection = False


# ---------------------------------------------------------------- helpers


def drip(stream: io.BufferedIOBase, chunks: Iterable[bytes], rate: float) -> None:
    """Write ``chunks`` at ``rate`` bytes per second, flushing each small piece."""
    piece = max(1, int(rate * DRIP_TICK))
    started, sent = time.monotonic(), 0
    for chunk in chunks:
        for start in range(0, len(chunk), piece):
            wait = started + sent / rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            data = chunk[start : start + piece]
            stream.write(data)
            stream.flush()
            sent += len(data)


def split_absolute(url: str) -> tuple[str, str, int | None, str]:
    parts = urlsplit(url)
    rest = url.split("://", 1)[1]
    cut = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    target = rest[cut:] or "/"
    if target.startswith("?"):
        target = "/" + target
    return parts.scheme.lower(), (parts.hostname or "").rstrip("."), parts.port, target


def split_host_port(value: str, default_port: int) -> tuple[str, int]:
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit():
        host, port = value.strip(), str(default_port)
    return host.strip("[]").lower().rstrip("."), int(port)


def make_url(scheme: str, host: str, port: int | None, target: str) -> str:
    default = {"http": 80, "https": 443}.get(scheme)
    netloc = host if port in (None, default) else f"{host}:{port}"
    return f"{scheme}://{netloc}{target}"


def merge_headers(headers: dict[str, str], extra: Sequence[tuple[str, str]]) -> None:
    """Add ``extra`` to ``headers``, replacing same-named ones case-insensitively."""
    for name, value in extra:
        for existing in [k for k in headers if k.lower() == name.lower()]:
            del headers[existing]
        headers[name] = value


def read_chunked(stream: io.BufferedIOBase) -> bytes:
    chunks: list[bytes] = []
    while True:
        size = int(stream.readline(MAX_LINE).split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            while stream.readline(MAX_LINE) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        chunks.append(stream.read(size))
        stream.readline(MAX_LINE)


def post_fields(content_type: str, body: bytes) -> dict[str, Any]:
    """``{"form": {...}}`` for form bodies, plus ``"body"`` for anything else."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {"form": collapse(pairs)}
    if kind == "multipart/form-data":
        return {"form": collapse(multipart_pairs(content_type, body))}
    return {"form": {}, "body": body.decode("utf-8", "replace")[:10000]}


def multipart_pairs(content_type: str, body: bytes) -> list[tuple[str, str]]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP_POLICY).parsebytes(head + body)
    pairs = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        if filename is not None:
            value = filename
        else:
            payload = part.get_payload(decode=True)
            value = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        pairs.append((str(name), value))
    return pairs


def collapse(pairs: Sequence[tuple[str, str]]) -> dict[str, str | list[str]]:
    """One value → the string; repeated field → a list of strings."""
    form: dict[str, str | list[str]] = {}
    for key, value in pairs:
        if key not in form:
            form[key] = value
        else:
            previous = form[key]
            form[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
    return form


# ---------------------------------------------------------------- main


def _exit_on_signal(signum: int, _frame: Any) -> NoReturn:
    raise SystemExit(0)


def _exit_when_stdin_closes() -> None:
    """Stop when the parent that started us goes away (stdin pipe closed)."""
    try:
        while os.read(0, 4096):  # not sys.stdin: its lock would abort interpreter exit
            pass
    finally:
        os.kill(os.getpid(), signal.SIGTERM)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", required=True, type=Path, help="folder of site folders")
    parser.add_argument("--state", required=True, type=Path, help="folder for ca.pem, log, epoch")
    parser.add_argument(
        "--exit-on-stdin-eof", action="store_true", help="stop when stdin is closed"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.state.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="LocalInternet test CA")
    ca.cert_pem.write_to_path(str(args.state / CA_FILE))
    server = ProxyServer(Internet(args.sites, args.state, ca))
    signal.signal(signal.SIGTERM, _exit_on_signal)
    if args.exit_on_stdin_eof:
        threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.5)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

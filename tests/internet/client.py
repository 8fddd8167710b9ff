"""Start, steer and read the local internet proxy from tests.

    net = LocalInternet().start(SITES_DIR, tmp_path / "internet")
    subprocess.run([...], env=net.subprocess_env())   # the real program, unmodified
    assert [e["url"] for e in net.requests()] == [...]
    net.stop()
"""

from __future__ import annotations

import http.client
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from tests.internet.proxy import CA_FILE, CONTROL_HOST, EPOCH_FILE, LOG_FILE

REPO_ROOT = Path(__file__).resolve().parents[2]
SITES_DIR = Path(__file__).resolve().parent / "sites"
NO_PROXY = "localhost,127.0.0.1,.invalid"
STDERR_FILE = "proxy.stderr"


class LocalInternetError(RuntimeError):
    """The proxy could not be started or did not answer."""


class LocalInternet:
    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self.address = ""
        self.state_dir = Path()

    # ------------------------------------------------------------ lifecycle

    def start(self, sites_dir: Path, state_dir: Path, *, timeout: float = 30.0) -> LocalInternet:
        """Launch the proxy and wait until it prints its address."""
        if self._process is not None:
            raise LocalInternetError("already started")
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._stderr = (self.state_dir / STDERR_FILE).open("wb")
        command = [
            sys.executable, "-m", "tests.internet.proxy",
            "--sites", str(sites_dir), "--state", str(self.state_dir), "--exit-on-stdin-eof",
        ]
        self._process = subprocess.Popen(
            command, cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        try:
            self.address = self._read_address(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> int | None:
        """Stop the proxy (SIGTERM, then SIGKILL), release its pipes; its exit code.

        Idempotent: None if it was not running.
        """
        process, self._process = self._process, None
        code = None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            code = process.returncode
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    pipe.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        return code

    def __enter__(self) -> LocalInternet:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _read_address(self, timeout: float) -> str:
        assert self._process is not None and self._process.stdout is not None
        fd = self._process.stdout.fileno()
        deadline = time.monotonic() + timeout
        output = b""
        while b"\n" not in output:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LocalInternetError(f"proxy did not start in {timeout}s{self._stderr_tail()}")
            if not select.select([fd], [], [], remaining)[0]:
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                code = self._process.wait()
                raise LocalInternetError(f"proxy exited with {code}{self._stderr_tail()}")
            output += chunk
        address = output.split(b"\n", 1)[0].decode().strip()
        if not address.startswith("http://127.0.0.1:"):
            raise LocalInternetError(f"unexpected proxy output {address!r}{self._stderr_tail()}")
        return address

    def _stderr_tail(self) -> str:
        path = self.state_dir / STDERR_FILE
        text = path.read_text(errors="replace") if path.exists() else ""
        return f"; its stderr:\n{text[-5000:]}" if text else " (no stderr)"

    # ------------------------------------------------------------ addresses

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int:
        """The proxy's process id (e.g. to read /proc/<pid>/status)."""
        if self._process is None:
            raise LocalInternetError("not started")
        return self._process.pid

    @property
    def port(self) -> int:
        return int(self.address.rsplit(":", 1)[1])

    @property
    def ca_path(self) -> Path:
        return self.state_dir / CA_FILE

    @property
    def log_path(self) -> Path:
        return self.state_dir / LOG_FILE

    @property
    def proxies(self) -> dict[str, str]:
        """For ``requests``: ``session.proxies = net.proxies``."""
        return {"http": self.address, "https": self.address}

    @property
    def env(self) -> dict[str, str]:
        """Environment variables that point a program at the local internet."""
        ca = str(self.ca_path)
        return {
            "http_proxy": self.address,
            "https_proxy": self.address,
            "HTTP_PROXY": self.address,
            "HTTPS_PROXY": self.address,
            "no_proxy": NO_PROXY,
            "NO_PROXY": NO_PROXY,
            "REQUESTS_CA_BUNDLE": ca,
            "SSL_CERT_FILE": ca,
            "CURL_CA_BUNDLE": ca,
        }

    def subprocess_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """``base`` (default: os.environ) with ``env`` on top, for subprocess.run."""
        merged = dict(os.environ if base is None else base)
        for name in [n for n in merged if n.lower() in ("all_proxy", "ftp_proxy")]:
            del merged[name]  # nothing may leave through another proxy
        merged.update(self.env)
        return merged

    # ------------------------------------------------------------ log

    def requests(self) -> list[dict[str, Any]]:
        """Every logged request so far (CONNECTs included), oldest first."""
        if not self.log_path.exists():
            return []
        text = self.log_path.read_text(encoding="utf-8")
        complete = text.split("\n")[:-1]  # drop what follows the last "\n": a line being written
        return [json.loads(line) for line in complete if line.strip()]

    def urls(self, method: str | None = None) -> list[str]:
        """URLs of logged requests, CONNECTs left out unless asked for by method."""
        return [
            entry["url"]
            for entry in self.requests()
            if (entry["method"] == method if method else entry["method"] != "CONNECT")
        ]

    def clear_log(self) -> None:
        self.log_path.write_bytes(b"")

    # ------------------------------------------------------------ control

    def set_epoch(self, epoch: int) -> None:
        """Switch content: read by the proxy on every request."""
        temporary = self.state_dir / (EPOCH_FILE + ".tmp")
        temporary.write_text(f"{int(epoch)}\n", encoding="utf-8")
        os.replace(temporary, self.state_dir / EPOCH_FILE)

    def reset_counters(self) -> None:
        """Forget how often each `times` rule has applied."""
        self.control("/reset")

    def ping(self) -> bool:
        return self.control("/ping") == "pong"

    def control(self, path: str, *, timeout: float = 10.0) -> str:
        """GET http://internet.control<path> through the proxy; the body as text."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", f"http://{CONTROL_HOST}{path}", headers={"Host": CONTROL_HOST})
            response = connection.getresponse()
            body = response.read().decode("utf-8")
        finally:
            connection.close()
        if response.status != 200:
            raise LocalInternetError(f"control {path} answered {response.status}: {body}")
        return body

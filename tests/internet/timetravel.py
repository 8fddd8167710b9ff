"""Memento TimeTravel of the local internet: the aggregator of web archives at timetravel.mementoweb.org.

The proxy hands every request for ``timetravel.mementoweb.org`` to one ``TimeTravelStandIn``
per process: ``standin(method, host, target, headers, body)`` gives ``(status, headers, body)``,
like the Wayback stand-in.  What the archives of the world hold is
``sites/timetravel.mementoweb.org/_mementos.json``, read on every request: mementos in any
archive, the Wayback Machine's included (the real aggregator lists them too).  URLs are
compared by SURT key, as the Wayback stand-in compares them.  Faults are switched on through
``http://internet.control/timetravel/fault``.  See README.md.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from tests.internet.wayback import QueryError, parse_timestamp, urlkey

HOST = "timetravel.mementoweb.org"
BASE = f"http://{HOST}"
MEMENTOS_FILE = "_mementos.json"
JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"

Response = tuple[int, dict[str, str], bytes]


@dataclass(frozen=True)
class Memento:
    datetime: datetime
    uri: str


def load_mementos(site_dir: Path) -> dict[str, list[Memento]]:
    """``_mementos.json``: ``{"mementos": {"<original url>": [{"datetime", "uri"}, ...]}}`` →
    {urlkey: mementos, oldest first}; unknown keys or bad datetimes raise."""
    data = json.loads((site_dir / MEMENTOS_FILE).read_text(encoding="utf-8"))
    found: dict[str, list[Memento]] = {}
    for url, entries in data["mementos"].items():
        for entry in entries:
            unknown = set(entry) - {"datetime", "uri"}
            if unknown:
                raise ValueError(f"{MEMENTOS_FILE}: {url}: unknown keys {sorted(unknown)}")
            moment = datetime.fromisoformat(entry["datetime"].replace("Z", "+00:00"))
            if moment.tzinfo is None:
                raise ValueError(f"{MEMENTOS_FILE}: {url}: datetime {entry['datetime']!r} has no zone")
            found.setdefault(urlkey(url), []).append(Memento(moment.astimezone(timezone.utc), entry["uri"]))
    return {key: sorted(mementos, key=lambda m: (m.datetime, m.uri)) for key, mementos in found.items()}


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def describe(original: str, mementos: list[Memento], target: datetime) -> dict[str, Any]:
    """The JSON answer: ``first``, ``prev``, ``closest``, ``next``, ``last``, each a moment and
    the URIs of every memento of that moment (``prev``/``next`` only when there is one)."""
    moments = sorted({m.datetime for m in mementos})
    closest = min(moments, key=lambda d: (abs((d - target).total_seconds()), d))
    at = moments.index(closest)
    chosen = {"first": moments[0], "last": moments[-1], "closest": closest}
    if at > 0:
        chosen["prev"] = moments[at - 1]
    if at + 1 < len(moments):
        chosen["next"] = moments[at + 1]
    described = {name: {"datetime": iso(moment), "uri": [m.uri for m in mementos if m.datetime == moment]}
                 for name, moment in chosen.items()}
    return {
        "original_uri": original,
        "mementos": described,
        "timegate_uri": f"{BASE}/timegate/{original}",
        "timemap_uri": {"json_format": f"{BASE}/timemap/json/{original}",
                        "link_format": f"{BASE}/timemap/link/{original}"},
    }


class TimeTravelStandIn:
    def __init__(self, sites_dir: Path) -> None:
        self.site_dir = sites_dir / HOST
        self._lock = threading.Lock()
        self.fault_status = 0
        self.fault_times: int | None = None  # None: every request until cleared
        self.fault_delay = 0.0

    def __call__(self, method: str, host: str, target: str, headers: Mapping[str, str], body: bytes) -> Response:
        delay, status = self._fault()
        if delay:
            time.sleep(delay)
        if status:
            return status, {"Content-Type": TEXT_TYPE}, f"TimeTravel: {status}\n".encode()
        if method not in ("GET", "HEAD"):
            return 405, {"Content-Type": TEXT_TYPE, "Allow": "GET, HEAD"}, b"Method Not Allowed\n"
        for prefix, answer in (("/api/json/", self.json), ("/memento/", self.memento)):
            if target.startswith(prefix):
                return answer(target[len(prefix):])
        return _not_found()

    def _fault(self) -> tuple[float, int]:
        with self._lock:
            if not self.fault_status or self.fault_times == 0:
                return self.fault_delay, 0
            if self.fault_times is not None:
                self.fault_times -= 1
            return self.fault_delay, self.fault_status

    def _lookup(self, rest: str) -> tuple[str, datetime, list[Memento]] | None:
        """``<1-14 digits>/<uri>`` → (uri, moment, its mementos); None when malformed."""
        stamp, _, original = rest.partition("/")
        try:
            moment = parse_timestamp(stamp)
        except QueryError:
            return None
        if not original:
            return None
        return original, moment, load_mementos(self.site_dir).get(urlkey(original), [])

    def json(self, rest: str) -> Response:
        found = self._lookup(rest)
        if found is None:
            return 400, {"Content-Type": TEXT_TYPE}, b"Bad request: /api/json/<YYYYMMDDhhmmss>/<URI>\n"
        original, moment, mementos = found
        if not mementos:
            return _not_found()
        body = json.dumps(describe(original, mementos, moment), indent=1).encode()
        return 200, {"Content-Type": JSON_TYPE}, body

    def memento(self, rest: str) -> Response:
        found = self._lookup(rest)
        if found is None or not found[2]:
            return _not_found()
        original, moment, mementos = found
        location = describe(original, mementos, moment)["mementos"]["closest"]["uri"][0]
        return 302, {"Content-Type": TEXT_TYPE, "Location": location}, b""

    def control(self, target: str) -> Response:
        """``/timetravel/fault?status=S&times=N&delay=D`` (``status=0`` clears; without ``times``,
        every request until cleared), ``/timetravel/reset``."""
        path, _, query = target.partition("?")
        params = dict(parse_qsl(query))
        with self._lock:
            if path == "/timetravel/reset":
                self.fault_status, self.fault_times, self.fault_delay = 0, None, 0.0
                return 200, {"Content-Type": TEXT_TYPE}, b"ok"
            if path == "/timetravel/fault":
                self.fault_status = int(params.get("status", self.fault_status))
                self.fault_times = int(params["times"]) if "times" in params else None
                self.fault_delay = float(params.get("delay", self.fault_delay))
                return 200, {"Content-Type": TEXT_TYPE}, b"ok"
        return 404, {"Content-Type": TEXT_TYPE}, b"unknown timetravel control\n"


def _not_found() -> Response:
    return 404, {"Content-Type": TEXT_TYPE}, b"Not Found\n"

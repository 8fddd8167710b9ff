"""The Wayback Machine of the local internet: CDX, availability, replay and Save Page Now 2.

The proxy hands every request for ``web.archive.org`` and ``archive.org`` to one
``WaybackStandIn`` per process: ``standin(method, host, target, headers, body)`` gives
``(status, headers, body)``.  The archive starts from
``sites/web.archive.org/_captures.json``; saves add captures in memory;
``http://internet.control/wayback/reset`` reloads the files.  Replayed bytes are the local
internet's own pages (epoch 1 for the fixture's captures, the epoch of the save for new
ones) unless ``_replay/<sha1 of url>.html`` overrides them.  "Now" is ``<state>/clock``
(unix seconds) if present.  Scripted faults: ``_faults.toml``.  See README.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import threading
import time
import tomllib
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, unquote_plus, urljoin, urlsplit

from tests.internet import behaviour

HOSTS = frozenset({"web.archive.org", "archive.org"})
SITE = "web.archive.org"
WEB = "https://web.archive.org"
CAPTURES_FILE = "_captures.json"
FAULTS_FILE = "_faults.toml"
REPLAY_DIR = "_replay"
CLOCK_FILE = "clock"
FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
SESSIONS = 5  # SPN2 jobs one account may run at once
DAILY_LIMIT = 100000  # captures one account may make a (UTC) day; /wayback/fault?daily_limit=N changes it
PENDING_POLLS = 2  # status polls answered "pending" before a job ends
MAX_REDIRECTS = 5  # a save follows this many redirects, capturing each hop
SOFT_TIME_LIMIT = 60.0  # a page slower than this ends its job in error:soft-time-limit-exceeded
FAULT_KEYS: Mapping[str, type] = {
    "job_stays_pending": bool, "save_error": str, "save_http_status": int, "rate_limit_once": bool,
}
SAVE_MESSAGES = {
    "error:too-many-daily-captures":
        "This URL has been already captured 10 times today. Please try again tomorrow.",
    "error:user-session-limit":
        "You have already reached the limit of active sessions. Please try again later.",
    "error:too-many-requests": "Too many requests. Please try again later.",
}
DAILY_LIMIT_MESSAGE = "You cannot make more than ({},) captures per day."  # as SPN2 words it
JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"
BANNER = (b"<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id=\"wm-ipp-base\">Wayback Machine: "
          b"captured %s</div><!-- END WAYBACK TOOLBAR INSERT -->")
CLOUDFLARE = ("<!DOCTYPE html><html><head><title>web.archive.org | {0}: Origin is unreachable"
              "</title></head><body><h1>Origin is unreachable</h1><p>Error code {0}</p>"
              "<p>Cloudflare Ray ID: 8f3c2a1b9d4e7a57</p></body></html>")

Response = tuple[int, dict[str, str], bytes]
Params = Sequence[tuple[str, str]]


class QueryError(ValueError):
    """A CDX query the real server would refuse (HTTP 400)."""


# ---------------------------------------------------------------- time and urls


def virtual_time(state_dir: Path) -> float | None:
    """The float in ``<state>/clock``; None if the file is absent, empty or not a number."""
    try:
        return float((state_dir / CLOCK_FILE).read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None


def wayback_timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")


def parse_timestamp(value: str) -> datetime:
    """1-14 digits, completed to a moment (``2026`` → 2026-01-01 00:00:00 UTC)."""
    if not re.fullmatch(r"\d{1,14}", value):
        raise QueryError(f"bad timestamp {value!r}")
    full = value + "00000101000000"[len(value):]
    try:
        return datetime.strptime(full, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        raise QueryError(f"bad timestamp {value!r}") from None


def urlkey(url: str) -> str:
    """The SURT key the CDX server compares (IA's canonicalizer): no scheme, no ``www.``,
    no default port, lower case, no trailing slash (except the root), sorted query."""
    url = re.sub(r"^([a-z][a-z0-9+.-]*):/*", r"\1://", url.strip(), flags=re.I)
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = re.sub(r"^www\d*\.", "", (parts.hostname or "").rstrip("."))
    try:
        port = parts.port
    except ValueError:
        port = None
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    surt_host = ",".join(reversed(host.split("."))) + (f":{port}" if port not in (None, default) else "")
    path = quote(unquote(parts.path), safe="/!$&'()*+,;=:@~-._") or "/"
    path = path[:-1] if path.endswith("/") and len(path) > 1 else path
    pairs = sorted(quote(unquote_plus(p), safe="=!$'()*+,;:@~-._/?") for p in parts.query.split("&") if p)
    return (surt_host + ")" + path + ("?" + "&".join(pairs) if pairs else "")).lower()


def _host_key(key: str) -> str:
    return key.split(")", 1)[0]


def _distance(timestamp: str, target: datetime) -> float:
    return abs((parse_timestamp(timestamp) - target).total_seconds())


def _ago(seconds: float) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return "0 minutes"


def _window(value: str) -> float | None:
    """``30d``, ``12h``, ``90m``, ``3600`` (seconds), ``1d 6h`` → seconds; None if unreadable."""
    units = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
    value = value.strip().lower()
    if not re.fullmatch(r"(\d+\s*[smhd]?\s*)+", value):
        return None
    return float(sum(int(n) * units[u] for n, u in re.findall(r"(\d+)\s*([smhd]?)", value)))


# ---------------------------------------------------------------- captures and content


class _Spent(dict[tuple[str, int], int]):
    """Counters that say every ``times`` rule is used up: replay shows the settled page."""

    def get(self, key: Any, default: Any = None) -> int:
        return sys.maxsize

    def __setitem__(self, key: tuple[str, int], value: int) -> None:
        pass


@dataclass
class Capture:
    original: str
    timestamp: str
    statuscode: str = "200"
    mimetype: str = "text/html"
    epoch: int = 1  # the local internet's epoch the content comes from
    override: Path | None = None  # _replay/<sha1>.html: the bytes of the fixture's 200 captures
    length: str | None = None
    digest: str | None = None
    saved: bool = False  # the capture a Save Page Now request asked for (a daily capture)
    key: str = field(init=False)

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d{14}", self.timestamp):
            raise ValueError(f"{self.original}: timestamp {self.timestamp!r} is not 14 digits")
        self.key = urlkey(self.original)


def fetch(sites_dir: Path, url: str, epoch: int) -> behaviour.Action | None:
    """What the local internet serves for ``url`` in ``epoch`` (no rule counters); None: no host."""
    parts = urlsplit(url)
    site = behaviour.load_site(sites_dir, (parts.hostname or "").rstrip("."))
    if site is None:
        return None
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return behaviour.choose(site, "GET", target, epoch, _Spent())


def _body(action: behaviour.Action) -> bytes:
    return action.body if action.stream is None else b"".join(action.stream.chunks())


def content(sites_dir: Path, capture: Capture) -> tuple[str, bytes, dict[str, str]]:
    """(content type, bytes, headers) of a capture as it was made."""
    status = int(capture.statuscode)
    if capture.override is not None:
        return behaviour.HTML, capture.override.read_bytes(), {}
    action = fetch(sites_dir, capture.original, capture.epoch)
    if action is None or action.reset or action.status != status:
        page = behaviour.status_page(status)
        return page.content_type, page.body, {}
    location = dict(action.headers).get("Location")
    return action.content_type, _body(action), {"Location": location} if location else {}


def fake_digest(body: bytes) -> str:
    """SHA-1 in base 32, as the CDX ``digest`` field."""
    return base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def record_length(body: bytes) -> str:
    """A plausible (gzipped WARC record) ``length``."""
    return str(len(zlib.compress(body, 6)) + 612)


def load_captures(site_dir: Path) -> list[Capture]:
    data = json.loads((site_dir / CAPTURES_FILE).read_text(encoding="utf-8"))
    captures = []
    for url, entries in data["captures"].items():
        override = site_dir / REPLAY_DIR / (hashlib.sha1(url.encode("utf-8")).hexdigest() + ".html")
        for entry in entries:
            status = str(entry.get("statuscode", "200"))
            unknown = set(entry) - {"timestamp", "statuscode", "mimetype", "length", "digest"}
            if unknown:
                raise ValueError(f"{CAPTURES_FILE}: {url}: unknown keys {sorted(unknown)}")
            captures.append(Capture(
                url, entry["timestamp"], status, entry.get("mimetype", "text/html"),
                override=override if status == "200" and override.is_file() else None,
                length=entry.get("length"), digest=entry.get("digest"),
            ))
    return captures


def load_faults(site_dir: Path) -> dict[str, dict[str, Any]]:
    """``_faults.toml``: {urlkey: {fault: value}}; unknown keys or wrong types raise."""
    path = site_dir / FAULTS_FILE
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    faults = {}
    for url, table in data.items():
        for name, value in table.items():
            if name not in FAULT_KEYS or type(value) is not FAULT_KEYS[name]:
                raise ValueError(f"{FAULTS_FILE}: {url}: bad fault {name} = {value!r}")
        faults[urlkey(url)] = dict(table)
    return faults


# ---------------------------------------------------------------- CDX


def _values(params: Params, name: str) -> list[str]:
    """Values of ``name`` and of waybackpy's numbered spellings (``filter0``, ``filter1``)."""
    return [v for k, v in params if re.fullmatch(re.escape(name) + r"\d*", k)]


def _last(params: Params, name: str, default: str = "") -> str:
    found = [v for k, v in params if k == name]
    return found[-1] if found else default


def _matches(key: str, match_type: str) -> Callable[[Capture], bool]:
    if match_type == "exact":
        return lambda c: c.key == key
    if match_type == "prefix":
        return lambda c: c.key.startswith(key)
    host = _host_key(key)
    if match_type == "host":
        return lambda c: _host_key(c.key) == host
    if match_type == "domain":
        return lambda c: _host_key(c.key) == host or _host_key(c.key).startswith(host + ",")
    raise QueryError(f"matchType {match_type!r}")


def _select(captures: Sequence[Capture], params: Params) -> list[Capture]:
    url, match_type = _last(params, "url"), _last(params, "matchType", "exact")
    if not url:
        raise QueryError("url is required")
    if url.endswith("*"):
        url, match_type = url[:-1], "prefix"
    if url.startswith("*."):
        url, match_type = url[2:], "domain"
    wanted = _matches(urlkey(url), match_type)
    low = _last(params, "from")
    high = _last(params, "to")
    for bound in (low, high):
        if bound:
            parse_timestamp(bound)
    low, high = low.ljust(14, "0"), (high or "9").ljust(14, "9")
    return sorted((c for c in captures if wanted(c) and low <= c.timestamp <= high),
                  key=lambda c: (c.key, c.timestamp))


def _filters(params: Params) -> list[Callable[[dict[str, str]], bool]]:
    tests = []
    for spec in _values(params, "filter"):
        negate = spec.startswith("!")
        name, _, pattern = spec.lstrip("!").partition(":")
        if name not in FIELDS:
            raise QueryError(f"filter field {name!r}")
        regex = re.compile(pattern)
        tests.append(lambda row, n=name, r=regex, neg=negate: (r.fullmatch(row[n]) is None) == neg)
    return tests


def _collapse(rows: list[dict[str, str]], specs: list[str]) -> list[dict[str, str]]:
    for spec in specs:
        name, _, size = spec.partition(":")
        if name not in FIELDS or (size and not size.isdigit()):
            raise QueryError(f"collapse {spec!r}")
        cut = int(size) if size else None
        kept: list[dict[str, str]] = []
        for row in rows:
            if not kept or kept[-1][name][:cut] != row[name][:cut]:
                kept.append(row)
        rows = kept
    return rows


def _order(rows: list[dict[str, str]], params: Params) -> list[dict[str, str]]:
    sort = _last(params, "sort")
    if sort == "reverse":
        return rows[::-1]
    if sort == "closest":
        target = parse_timestamp(_last(params, "closest") or "9")
        return sorted(rows, key=lambda r: (_distance(r["timestamp"], target), r["timestamp"]))
    if sort not in ("", "default"):
        raise QueryError(f"sort {sort!r}")
    return rows


def _resume_from(rows: list[dict[str, str]], key: str) -> list[dict[str, str]]:
    settled = _settle(key)
    for i, row in enumerate(rows):
        if _settle(f"{row['urlkey']} {row['timestamp']}") == settled:
            return rows[i + 1:]
    return [r for r in rows if f"{r['urlkey']} {r['timestamp']}" > settled]


def _settle(text: str) -> str:
    """Percent-decode until nothing changes (waybackpy encodes the resume key once more)."""
    while (decoded := unquote_plus(text)) != text:
        text = decoded
    return text


def cdx_rows(rows: list[dict[str, str]], params: Params) -> tuple[list[list[str]], str | None]:
    """Filter, order, collapse, resume, limit and pick fields: (rows, resume key or None)."""
    rows = [r for r in rows if all(test(r) for test in _filters(params))]
    rows = _collapse(_order(rows, params), _values(params, "collapse"))
    if key := _last(params, "resumeKey"):
        rows = _resume_from(rows, key)
    limit_text, resume = _last(params, "limit"), None
    if limit_text:
        if not re.fullmatch(r"-?\d+", limit_text):
            raise QueryError(f"limit {limit_text!r}")
        limit = int(limit_text)
        if 0 < limit < len(rows) and _last(params, "showResumeKey") == "true":
            last = rows[limit - 1]
            resume = quote(f"{last['urlkey']} {last['timestamp']}", safe="")
        rows = rows[:limit] if limit >= 0 else rows[limit:]  # negative: the last N
    return [[row[n] for n in fields(params)] for row in rows], resume


def fields(params: Params) -> list[str]:
    """The ``fl`` fields, or all seven."""
    names = [n.strip() for n in _last(params, "fl").split(",") if n.strip()] or list(FIELDS)
    if any(n not in FIELDS for n in names):
        raise QueryError(f"fl {names}")
    return names


def render_cdx(table: list[list[str]], names: list[str], resume: str | None, as_json: bool) -> Response:
    if as_json:
        data: list[list[str]] = [names, *table] if table else []
        if resume:
            data += [[], [resume]]
        return 200, {"Content-Type": JSON_TYPE}, json.dumps(data).encode("utf-8")
    text = "".join(" ".join(row) + "\n" for row in table)
    if resume:
        text += "\n" + resume + "\n"
    return 200, {"Content-Type": TEXT_TYPE}, text.encode("utf-8")


# ---------------------------------------------------------------- Save Page Now jobs


@dataclass
class Job:
    job_id: str
    url: str
    submitted_vt: float | None
    polls: int = 0
    status: str = "pending"
    stays_pending: bool = False
    reuse: str | None = None  # timestamp of a recent capture the job answers with
    result: dict[str, Any] = field(default_factory=dict)
    day: str = ""  # YYYYMMDD it was submitted (the stand-in's "now")

    def record(self) -> dict[str, Any]:
        return {"job_id": self.job_id, "url": self.url, "submitted_vt": self.submitted_vt,
                "polls": self.polls, "status": self.status}


def _json(data: Any, status: int = 200, **headers: str) -> Response:
    return status, {"Content-Type": JSON_TYPE, **headers}, json.dumps(data).encode("utf-8")


def _error(status_ext: str, message: str, status: int = 200, **headers: str) -> Response:
    return _json({"status": "error", "status_ext": status_ext, "message": message}, status, **headers)


def _html(status: int, text: str, **headers: str) -> Response:
    return status, {"Content-Type": behaviour.HTML, **headers}, behaviour.status_page(status, text).body


def _authorized(headers: Mapping[str, str]) -> bool:
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    return re.fullmatch(r"LOW [^\s:]+:[^\s:]+", value.strip()) is not None


NO_ACCESS = _error("error:no-access", "You need to be logged in to use Save Page Now 2. "
                   "Send your S3 keys: Authorization: LOW <access>:<secret>.", 401)


# ---------------------------------------------------------------- the stand-in


class WaybackStandIn:
    """The Wayback Machine's state in one proxy process (thread-safe)."""

    def __init__(self, state_dir: Path, sites_dir: Path, epoch: Callable[[], int]) -> None:
        self.state_dir = state_dir
        self.epoch = epoch  # the proxy's: which version of the sites a save fetches
        self.sites_dir = sites_dir
        self.site_dir = sites_dir / SITE
        self._lock = threading.RLock()
        self._captures: list[Capture] | None = None  # loaded on first use
        self.jobs: dict[str, Job] = {}
        self.cdx_429, self.retry_after, self.pending_polls = 0, 60, PENDING_POLLS
        self.daily_limit = DAILY_LIMIT
        self._rate_limited: set[str] = set()

    # ------------------------------------------------------------ plumbing

    def __call__(self, method: str, host: str, target: str, headers: Mapping[str, str],
                 body: bytes) -> Response:
        with self._lock:
            path, _, query = target.partition("?")
            params = parse_qsl(query, keep_blank_values=True)
            method = "GET" if method == "HEAD" else method
            try:
                return self._route(method, host, path, target, params, headers, body)
            except QueryError as error:
                return 400, {"Content-Type": TEXT_TYPE}, f"Bad request: {error}\n".encode()

    def _route(self, method: str, host: str, path: str, target: str, params: Params,
               headers: Mapping[str, str], body: bytes) -> Response:
        if host == "archive.org":
            return self.available(params) if path == "/wayback/available" else self._not_found()
        if path in ("/cdx/search/cdx", "/cdx/search"):
            return self.cdx(params)
        if path == "/save" and method == "POST":
            return self.save(headers, parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        if path == "/save/status/user":
            return self.user(headers) if method == "GET" else self._not_found()
        if path.startswith("/save/status"):
            form = dict(parse_qsl(body.decode("utf-8", "replace"))) if method == "POST" else {}
            return self.status(unquote(path[len("/save/status/"):]) or form.get("job_id", ""))
        if path.startswith("/web/") and method == "GET":
            return self.replay(target)
        return self._not_found()

    def _not_found(self) -> Response:
        return _html(404, "<p>Hrm. The Wayback Machine has not archived that URL.</p>")

    @property
    def captures(self) -> list[Capture]:
        if self._captures is None:
            self._captures = load_captures(self.site_dir)
        return self._captures

    def now(self) -> datetime:
        vt = virtual_time(self.state_dir)
        return datetime.fromtimestamp(time.time() if vt is None else vt, timezone.utc)

    def of(self, url: str) -> list[Capture]:
        key = urlkey(url)
        return sorted((c for c in self.captures if c.key == key), key=lambda c: c.timestamp)

    def row(self, capture: Capture) -> dict[str, str]:
        if capture.digest is None or capture.length is None:
            body = content(self.sites_dir, capture)[1]
            capture.digest = capture.digest or fake_digest(body)
            capture.length = capture.length or record_length(body)
        return {"urlkey": capture.key, "timestamp": capture.timestamp, "original": capture.original,
                "mimetype": capture.mimetype, "statuscode": capture.statuscode,
                "digest": capture.digest, "length": capture.length}

    # ------------------------------------------------------------ lookups

    def cdx(self, params: Params) -> Response:
        if self.cdx_429 > 0:
            self.cdx_429 -= 1
            return _html(429, "<p>Too Many Requests</p>", **{"Retry-After": str(self.retry_after)})
        rows = [self.row(c) for c in _select(self.captures, params)]
        table, resume = cdx_rows(rows, params)
        return render_cdx(table, fields(params), resume, _last(params, "output") == "json")

    def nearest(self, url: str, timestamp: str | None, only_200: bool = False) -> Capture | None:
        found = self.of(url)
        pool = [c for c in found if c.statuscode == "200"] or ([] if only_200 else found)
        exact = [c for c in found if c.timestamp == timestamp and not only_200]
        if exact or not pool:
            return exact[0] if exact else None
        if not timestamp:
            return pool[-1]
        target = parse_timestamp(timestamp)
        return min(pool, key=lambda c: (_distance(c.timestamp, target), c.timestamp))

    def available(self, params: Params) -> Response:
        url, timestamp = _last(params, "url"), _last(params, "timestamp")
        found = self.nearest(url, timestamp, only_200=True) if url else None
        snapshots = {} if found is None else {"closest": {
            "status": found.statuscode, "available": True, "timestamp": found.timestamp,
            "url": f"http://web.archive.org/web/{found.timestamp}/{found.original}"}}
        data: dict[str, Any] = {"url": url, "archived_snapshots": snapshots}
        if timestamp:
            data["timestamp"] = timestamp
        return _json(data)

    def replay(self, target: str) -> Response:
        match = re.fullmatch(r"/web/(\d{1,14})([a-z]{2}_)?/(.+)", target, re.S)
        if match is None:
            return self._not_found()
        timestamp, flag, url = match.group(1), match.group(2) or "", match.group(3)
        found = self.nearest(url, timestamp)
        if found is None:
            return self._not_found()
        if found.timestamp != timestamp:
            location = f"{WEB}/web/{found.timestamp}{flag}/{found.original}"
            return _html(302, f'<p><a href="{location}">{location}</a></p>', Location=location)
        content_type, body, headers = content(self.sites_dir, found)
        moment = parse_timestamp(found.timestamp)
        if flag != "id_" and content_type.startswith("text/html"):
            body = _with_banner(body, found.timestamp)
        headers.update({"Content-Type": content_type,
                        "Memento-Datetime": format_datetime(moment, usegmt=True)})
        return int(found.statuscode), headers, body

    # ------------------------------------------------------------ Save Page Now 2

    def save(self, headers: Mapping[str, str], form: Params) -> Response:
        if not _authorized(headers):
            return NO_ACCESS
        url = _last(form, "url").strip()
        if not re.match(r"https?://[^/\s]", url):
            return _error("error:invalid-url-syntax", f"Invalid URL syntax: {url!r}")
        if self.daily_captures() >= self.daily_limit:
            return _error("error:user-session-limit", DAILY_LIMIT_MESSAGE.format(self.daily_limit))
        key = urlkey(url)
        fault = load_faults(self.site_dir).get(key, {})
        if fault.get("rate_limit_once") and key not in self._rate_limited:
            self._rate_limited.add(key)
            return _error("error:too-many-requests", SAVE_MESSAGES["error:too-many-requests"],
                          429, **{"Retry-After": "30"})
        if "save_error" in fault:
            ext = fault["save_error"]
            return _error(ext, SAVE_MESSAGES.get(ext, f"Save Page Now could not capture {url}."))
        if "save_http_status" in fault:
            self._capture(url, fetch(self.sites_dir, url, self.epoch()))
            status = fault["save_http_status"]
            return status, {"Content-Type": behaviour.HTML}, CLOUDFLARE.format(status).encode()
        if self.processing() >= SESSIONS:
            return _error("error:user-session-limit", SAVE_MESSAGES["error:user-session-limit"])
        return self._submit(url, _window(_last(form, "if_not_archived_within")),
                            bool(fault.get("job_stays_pending")))

    def _submit(self, url: str, window: float | None, stays_pending: bool) -> Response:
        job_id = "spn2-" + hashlib.sha1(f"{url}\n{len(self.jobs)}".encode()).hexdigest()
        job = Job(job_id, url, virtual_time(self.state_dir), stays_pending=stays_pending,
                  day=wayback_timestamp(self.now())[:8])
        self.jobs[job_id] = job
        reply = {"url": url, "job_id": job_id}
        recent = self.nearest(url, None, only_200=True)
        now = self.now()
        if window is not None and recent is not None:
            age = (now - parse_timestamp(recent.timestamp)).total_seconds()
            if age <= window:
                job.reuse = recent.timestamp
                self._finish(job)  # nothing to capture: done at once
                reply["message"] = (f"The same snapshot had been made {_ago(max(age, 0))} ago. "
                                    f"You can make new capture of this URL after {_ago(window)}.")
        return _json(reply)

    def status(self, job_id: str) -> Response:
        job = self.jobs.get(job_id)
        if job is None:
            return _error("error:not-found", f"Job {job_id!r} not found.")
        job.polls += 1
        if job.status == "pending":
            if job.stays_pending or job.polls <= self.pending_polls:
                return _json({"status": "pending", "job_id": job.job_id})
            self._finish(job)
        return _json(job.result)

    def _finish(self, job: Job) -> None:
        base = {"job_id": job.job_id, "original_url": job.url}
        if job.reuse is not None:
            job.status, job.result = "success", {
                "status": "success", **base, "timestamp": job.reuse, "duration_sec": 0.3,
                "resources": [job.url]}
            return
        hops = self._follow(job.url)
        ext = _save_failure(hops[-1][1])
        if ext is not None:
            job.status = "error"
            job.result = {"status": "error", **base, "status_ext": ext[0], "message": ext[1]}
            return
        captures = [self._capture(url, action, saved=i == 0) for i, (url, action) in enumerate(hops)]
        job.status, job.result = "success", {
            "status": "success", **base, "timestamp": captures[0].timestamp, "duration_sec": 6.2,
            "resources": [url for url, _ in hops], "http_status": int(captures[0].statuscode)}

    def _follow(self, url: str) -> list[tuple[str, behaviour.Action | None]]:
        """The pages SPN2's browser meets: the URL, then each redirect's target (at most 5)."""
        hops = [(url, fetch(self.sites_dir, url, self.epoch()))]
        while len(hops) <= MAX_REDIRECTS:
            action = hops[-1][1]
            location = None if action is None else dict(action.headers).get("Location")
            if action is None or location is None or not 300 <= action.status < 400:
                break
            target = urljoin(hops[-1][0], location)
            hops.append((target, fetch(self.sites_dir, target, self.epoch())))
        return hops

    def _capture(self, url: str, action: behaviour.Action | None, saved: bool = True) -> Capture:
        status = action.status if action is not None and not action.reset else 200
        mimetype = action.content_type.split(";")[0].strip() if action is not None else "text/html"
        capture = Capture(url, wayback_timestamp(self.now()), str(status), mimetype,
                          epoch=self.epoch(), saved=saved)
        self.captures.append(capture)
        return capture

    def processing(self) -> int:
        return sum(1 for job in self.jobs.values() if job.status == "pending")

    def daily_captures(self) -> int:
        """Today's captures of the account: those its saves made, and those its running jobs
        will make (a job that answers with a recent capture makes none)."""
        today = wayback_timestamp(self.now())[:8]
        made = sum(1 for c in self.captures if c.saved and c.timestamp.startswith(today))
        running = sum(1 for job in self.jobs.values()
                      if job.status == "pending" and job.reuse is None and job.day == today)
        return made + running

    def user(self, headers: Mapping[str, str]) -> Response:
        if not _authorized(headers):
            return NO_ACCESS
        processing = self.processing()
        return _json({"available": max(0, SESSIONS - processing), "processing": processing,
                      "daily_captures": self.daily_captures(), "daily_captures_limit": self.daily_limit})

    # ------------------------------------------------------------ control

    def control(self, target: str) -> Response:
        """``/wayback/reset``, ``/wayback/jobs``,
        ``/wayback/fault?cdx_429=N&retry_after=S&pending_polls=K&daily_limit=D``."""
        path, _, query = target.partition("?")
        params = dict(parse_qsl(query))
        with self._lock:
            if path == "/wayback/reset":
                self._captures = load_captures(self.site_dir)
                self.jobs.clear()
                self._rate_limited.clear()
                self.cdx_429, self.retry_after, self.pending_polls = 0, 60, PENDING_POLLS
                self.daily_limit = DAILY_LIMIT
                return 200, {"Content-Type": TEXT_TYPE}, b"ok"
            if path == "/wayback/fault":
                self.cdx_429 = int(params.get("cdx_429", self.cdx_429))
                self.retry_after = int(params.get("retry_after", self.retry_after))
                self.pending_polls = int(params.get("pending_polls", self.pending_polls))
                self.daily_limit = int(params.get("daily_limit", self.daily_limit))
                return 200, {"Content-Type": TEXT_TYPE}, b"ok"
            if path == "/wayback/jobs":
                return _json([job.record() for job in self.jobs.values()])
        return 404, {"Content-Type": TEXT_TYPE}, b"unknown wayback control\n"


def _save_failure(action: behaviour.Action | None) -> tuple[str, str] | None:
    """(status_ext, message) when SPN2's crawler could not capture the page."""
    if action is None:
        return "error:invalid-host-resolution", "Couldn't resolve host."
    if action.reset:
        return "error:bad-gateway", "Bad Gateway: the connection was reset."
    if action.delay >= SOFT_TIME_LIMIT:
        return "error:soft-time-limit-exceeded", "Capturing the page took too long."
    if action.status in (404, 410):
        return "error:not-found", "The server cannot find the requested resource."
    if action.status >= 500:
        return "error:bad-gateway", f"Bad Gateway: the server answered {action.status}."
    return None


def _with_banner(body: bytes, timestamp: str) -> bytes:
    banner = BANNER % timestamp.encode("ascii")
    match = re.search(rb"<body[^>]*>", body, re.I)
    return body[: match.end()] + banner + body[match.end():] if match else banner + body

"""The Wayback Machine, used as its most considerate client.

Look first, save second: CDX lookups (waybackpy's CDX client builds the query and parses
the answer; the HTTP call is ours, so it has a timeout and its 429s are seen) and Save Page
Now 2 (our own small client: waybackpy 3.0.6's save API is anonymous, sleeps up to 45 s
and sets no timeouts). One `RateLimiter` paces all Wayback traffic, and a 429 pauses all of
it. Its clock is injectable so tests can check the pacing without sleeping.

Plain Python and blocking: this runs outside Scrapy, so no call ever blocks a reactor.
Keys are never part of any message, log line or exception text.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Protocol
from urllib.parse import quote

import requests
from waybackpy.cdx_api import WaybackMachineCDXServerAPI
from waybackpy.cdx_utils import full_url

from avimcrawl import USER_AGENT

WEB = "https://web.archive.org"
UNAVAILABLE_STATUSES = {500, 502, 503, 504, 520, 521, 522, 523, 524}
TRANSIENT_SAVE_ERRORS = {"error:user-session-limit", "error:too-many-requests", "error:bad-gateway",
                         "error:soft-time-limit-exceeded"}
MAYBE_DAILY_LIMIT_ERRORS = {"error:user-session-limit", "error:too-many-daily-captures"}
"""Refusals that may mean the account's daily cap: SPN2 answers it with `error:user-session-limit`
and a message such as "You cannot make more than (N,) captures per day.", but the same codes
also mean "too many jobs at once" and "this URL was captured 10 times today". Only
`/save/status/user` tells them apart."""
_DAILY_WORDS = re.compile(r"\bper day\b|\bdaily\b", re.IGNORECASE)


class WaybackError(Exception):
    """The Wayback Machine did not do what was asked."""


class RateLimited(WaybackError):
    """429: all Wayback traffic pauses for `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited by the Wayback Machine; pausing {retry_after:.0f} s")
        self.retry_after = retry_after


class Unavailable(WaybackError):
    """5xx, 520, 523 or a timeout: the request may even have worked. Check CDX later."""


class SaveRefused(WaybackError):
    """SPN2 answered with `"status": "error"` (as HTTP 200, as it does)."""

    def __init__(self, status_ext: str, message: str) -> None:
        super().__init__(f"{status_ext}: {message}")
        self.status_ext = status_ext
        self.message = message

    @property
    def transient(self) -> bool:
        return self.status_ext in TRANSIENT_SAVE_ERRORS

    @property
    def may_be_daily_limit(self) -> bool:
        """Whether this refusal may be the account's daily cap (ask `/save/status/user`)."""
        return self.status_ext in MAYBE_DAILY_LIMIT_ERRORS or _DAILY_WORDS.search(self.message) is not None


@dataclass(frozen=True)
class Keys:
    """Internet Archive S3-style keys. `repr` never shows them."""

    access: str = field(repr=False)
    secret: str = field(repr=False)

    @classmethod
    def from_environment(cls) -> Keys | None:
        access, secret = os.environ.get("IA_ACCESS_KEY", "").strip(), os.environ.get("IA_SECRET_KEY", "").strip()
        return cls(access, secret) if access and secret else None

    @property
    def header(self) -> str:
        return f"LOW {self.access}:{self.secret}"


# ---------------------------------------------------------------------- pacing


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True)
class Limits:
    """Wayback limits change; these are settings. Defaults after IA staff guidance (WAYBACK.md)."""

    saves_per_minute: float = 4.0
    cdx_per_second: float = 0.4
    replays_per_second: float = 8.0
    default_retry_after: float = 60.0
    timeout: float = 60.0
    connect_timeout: float = 10.0


class RateLimiter:
    """Minimum spacing per kind of call (`save`, `cdx`, `replay`), and one pause for all."""

    def __init__(self, limits: Limits = Limits(), clock: Clock | None = None) -> None:
        self.limits = limits
        self.clock = clock or SystemClock()
        self._next: dict[str, float] = {}
        self._paused_until = 0.0

    def interval(self, kind: str) -> float:
        if kind == "save":
            return 60.0 / self.limits.saves_per_minute
        if kind == "replay":
            return 1.0 / self.limits.replays_per_second
        return 1.0 / self.limits.cdx_per_second

    def acquire(self, kind: str) -> None:
        now = self.clock.monotonic()
        start = max(now, self._next.get(kind, 0.0), self._paused_until)
        if start > now:
            self.clock.sleep(start - now)
        self._next[kind] = start + self.interval(kind)

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.clock.monotonic() + seconds)


# --------------------------------------------------------------------- captures


@dataclass(frozen=True)
class Capture:
    timestamp: str
    original: str
    status: str = "200"

    @property
    def memento_url(self) -> str:
        return f"{WEB}/web/{self.timestamp}/{self.original}"

    @property
    def raw_url(self) -> str:
        return f"{WEB}/web/{self.timestamp}id_/{self.original}"

    @property
    def when(self) -> datetime:
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)


def closest_before(captures: list[Capture], day: date | None) -> Capture | None:
    """The capture nearest a day, before its end if one exists, else the first after it."""
    if not captures:
        return None
    if day is None:
        return captures[-1]
    limit = day.strftime("%Y%m%d") + "235959"
    before = [c for c in captures if c.timestamp <= limit]
    return before[-1] if before else captures[0]


@dataclass(frozen=True)
class SaveQuota:
    """What `GET /save/status/user` says of the account: jobs it may start now, and today's
    captures against its daily cap (a UTC day)."""

    available: int
    processing: int
    daily_captures: int
    daily_captures_limit: int | None
    """None when the answer names no cap."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SaveQuota:
        limit = _count(data.get("daily_captures_limit"))
        return cls(_count(data.get("available")) or 0, _count(data.get("processing")) or 0,
                   _count(data.get("daily_captures")) or 0, limit)

    def daily_limit_reached(self, submitted_since: int = 0) -> bool:
        """Whether today's cap is spent, counting `submitted_since` saves submitted after this answer."""
        return self.daily_captures_limit is not None and \
            self.daily_captures + submitted_since >= self.daily_captures_limit

    @property
    def daily(self) -> str:
        """Today's captures and the cap, as people write them: `12/40000`."""
        limit = "?" if self.daily_captures_limit is None else str(self.daily_captures_limit)
        return f"{self.daily_captures}/{limit}"


def _count(value: Any) -> int | None:
    try:
        return max(int(value), 0) if value is not None else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class JobStatus:
    status: str
    timestamp: str | None = None
    original_url: str | None = None
    status_ext: str | None = None
    message: str | None = None


# ----------------------------------------------------------------------- client


def spn2_window(age: timedelta) -> str:
    """An age as SPN2's `if_not_archived_within` reads it: whole days as `30d`, else seconds."""
    seconds = int(age.total_seconds())
    return f"{seconds // 86400}d" if seconds % 86400 == 0 else str(seconds)


class WaybackClient:
    def __init__(self, limiter: RateLimiter, keys: Keys | None = None, session: requests.Session | None = None) -> None:
        self.limiter = limiter
        self.keys = keys
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT

    def captures(self, url: str, max_captures: int = 10_000) -> list[Capture]:
        """Every 200 capture of a URL (at most the newest `max_captures`), oldest first."""
        api = WaybackMachineCDXServerAPI(url, user_agent=USER_AGENT, filters=["statuscode:200"])
        payload: dict[str, str] = {}
        api.add_payload(payload)
        payload["limit"] = str(-max_captures)
        response = self._call("GET", full_url(api.endpoint, params=payload), "cdx")
        found = []
        for line in response.text.splitlines():
            fields = line.split(" ")
            if len(fields) == 7 and fields[4] == "200":
                found.append(Capture(timestamp=fields[1], original=fields[2], status=fields[4]))
        return sorted(found, key=lambda c: c.timestamp)

    def raw(self, capture: Capture) -> requests.Response:
        """The bytes as captured, without the Wayback banner (`id_`)."""
        return self._call("GET", capture.raw_url, "replay")

    def save_quota(self) -> SaveQuota:
        """The account's free sessions and today's captures (`/save/status/user`)."""
        data = self._call("GET", f"{WEB}/save/status/user", "cdx", auth=True).json()
        if not isinstance(data, dict):
            raise WaybackError("GET /save/status/user answered something other than a JSON object")
        return SaveQuota.from_json(data)

    def submit(self, url: str, if_not_archived_within: timedelta) -> str:
        """Ask SPN2 to capture a URL unless it holds a capture younger than
        `if_not_archived_within` (then SPN2 answers with that one); the job id to poll."""
        data = self._call("POST", f"{WEB}/save", "save", auth=True,
                          data={"url": url, "if_not_archived_within": spn2_window(if_not_archived_within),
                                "skip_first_archive": "1"}).json()
        if data.get("status") == "error" or not data.get("job_id"):
            raise SaveRefused(str(data.get("status_ext") or "error:unknown"), str(data.get("message") or ""))
        return str(data["job_id"])

    def job(self, job_id: str) -> JobStatus:
        data = self._call("GET", f"{WEB}/save/status/{quote(job_id)}", "cdx", auth=True).json()
        return JobStatus(str(data.get("status", "pending")), data.get("timestamp"), data.get("original_url"),
                         data.get("status_ext"), data.get("message"))

    def _call(self, method: str, url: str, kind: str, auth: bool = False, **kwargs: Any) -> requests.Response:
        self.limiter.acquire(kind)
        headers = {"Accept": "application/json"} if auth else {}
        if auth:
            if self.keys is None:
                raise WaybackError("Save Page Now needs IA_ACCESS_KEY and IA_SECRET_KEY")
            headers["Authorization"] = self.keys.header
        limits = self.limiter.limits
        try:
            response = self.session.request(method, url, headers=headers, allow_redirects=False,
                                            timeout=(limits.connect_timeout, limits.timeout), **kwargs)
        except requests.RequestException as error:  # timeouts included: the call may have worked
            raise Unavailable(f"{method} {_public(url)} failed: {type(error).__name__}") from None
        if response.status_code == 429:
            retry_after = _retry_after(response.headers.get("Retry-After"), limits.default_retry_after)
            self.limiter.pause(retry_after)
            raise RateLimited(retry_after)
        if response.status_code in UNAVAILABLE_STATUSES:
            raise Unavailable(f"{method} {_public(url)} answered {response.status_code}")
        if response.status_code >= 400 and kind != "replay":
            raise WaybackError(f"{method} {_public(url)} answered {response.status_code}")
        return response


def _retry_after(value: str | None, default: float) -> float:
    try:
        return max(float(value), 0.0) if value else default
    except ValueError:
        return default


def _public(url: str) -> str:
    return url if len(url) < 200 else url[:200] + "…"

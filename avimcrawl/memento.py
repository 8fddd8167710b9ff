"""Other web archives, through the Memento TimeTravel aggregator (timetravel.mementoweb.org).

When the Wayback Machine holds no capture of a page, another archive may: archive.today,
Arquivo.pt, the UK Web Archive, the Library of Congress, WebCite… TimeTravel asks the
Memento-compliant ones at once. Its JSON API, `GET /api/json/<YYYYMMDDhhmmss>/<URI>`, answers
with at most five moments around the one asked for (`first`, `prev`, `closest`, `next`,
`last`, each a `datetime` and a list of memento `uri`s), or 404 when no archive holds the URI.
It does not name the archives: `archive_name` tells them by the memento's host.

Plain Python and blocking, like `wayback`: paced by a `RateLimiter` of its own (the spacing of
CDX lookups; a 429 pauses only TimeTravel), every call with a timeout, never on a reactor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from avimcrawl import USER_AGENT
from avimcrawl.wayback import RateLimiter

TIMETRAVEL = "https://timetravel.mementoweb.org"
MOMENTS = ("first", "prev", "closest", "next", "last")
"""The mementos a JSON answer names, each a moment with the URIs of the archives that hold it."""

ARCHIVES: tuple[tuple[str, str], ...] = (
    ("archive.today", "archive.today"), ("archive.ph", "archive.today"), ("archive.is", "archive.today"),
    ("archive.li", "archive.today"), ("archive.vn", "archive.today"), ("archive.fo", "archive.today"),
    ("archive.md", "archive.today"),
    ("arquivo.pt", "Arquivo.pt"),
    ("webcitation.org", "WebCite"),
    ("webarchive.org.uk", "UK Web Archive"),
    ("webarchive.nationalarchives.gov.uk", "UK Government Web Archive"),
    ("webarchive.loc.gov", "Library of Congress"),
    ("archive-it.org", "Archive-It"),
    ("webarchive.nla.gov.au", "Australian Web Archive"), ("pandora.nla.gov.au", "Australian Web Archive"),
    ("natlib.govt.nz", "New Zealand Web Archive"),
    ("vefsafn.is", "Icelandic Web Archive"),
    ("swap.stanford.edu", "Stanford Web Archive"),
    ("webarchive.proni.gov.uk", "PRONI Web Archive"),
    ("perma.cc", "Perma.cc"), ("perma-archives.org", "Perma.cc"),
    ("ghostarchive.org", "Ghostarchive"),
    ("megalodon.jp", "Megalodon"),
    ("bibalex.org", "Bibliotheca Alexandrina"),
)
"""Memento hosts (the host itself or any name under it) and the archive people know them by."""

WAYBACK_HOST = "archive.org"
"""The Wayback Machine's mementos (web.archive.org, wayback.archive.org): not another archive."""


class TimeTravelError(Exception):
    """TimeTravel did not answer (timeout, 5xx, 429, an answer that is not its JSON): ask again later."""


def host_of(uri: str) -> str:
    host = (urlsplit(uri).hostname or "").rstrip(".").lower()
    return host.removeprefix("www.")


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def is_wayback(uri: str) -> bool:
    return _under(host_of(uri), WAYBACK_HOST)


def archive_name(uri: str) -> str:
    """The archive a memento is in, by its host (`arquivo.pt` → `Arquivo.pt`); else the host itself."""
    host = host_of(uri)
    return next((name for domain, name in ARCHIVES if _under(host, domain)), host)


@dataclass(frozen=True)
class Memento:
    archive: str
    url: str
    timestamp: str
    """14 digits, UTC, as the Wayback Machine writes them."""

    @property
    def when(self) -> datetime:
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)


def parse_datetime(value: Any) -> datetime | None:
    """TimeTravel's `datetime`: ISO 8601 (`2013-01-15T09:32:01Z`), or an HTTP date as in
    `Memento-Datetime` (`Tue, 15 Jan 2013 09:32:01 GMT`)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def mementos_of(answer: Any) -> list[Memento]:
    """Every memento a JSON answer names, outside the Wayback Machine, oldest first, each once."""
    moments = answer.get("mementos") if isinstance(answer, dict) else None
    if not isinstance(moments, dict):
        raise TimeTravelError("TimeTravel answered JSON without mementos")
    found: dict[str, Memento] = {}
    for name in MOMENTS:
        moment = moments.get(name)
        if not isinstance(moment, dict) or (when := parse_datetime(moment.get("datetime"))) is None:
            continue
        uris = moment.get("uri")
        for uri in [uris] if isinstance(uris, str) else uris if isinstance(uris, list) else []:
            if isinstance(uri, str) and re.match(r"https?://", uri) and not is_wayback(uri):
                found.setdefault(uri, Memento(archive_name(uri), uri, when.strftime("%Y%m%d%H%M%S")))
    return sorted(found.values(), key=lambda m: (m.timestamp, m.url))


def nearest(mementos: list[Memento], moment: datetime) -> Memento | None:
    """The memento nearest a moment, as for Wayback captures: the last at or before it if one
    exists, else the first after it."""
    stamp = moment.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")
    before = [m for m in mementos if m.timestamp <= stamp]
    after = [m for m in mementos if m.timestamp > stamp]
    return before[-1] if before else after[0] if after else None


class TimeTravelClient:
    def __init__(self, limiter: RateLimiter, session: requests.Session | None = None,
                 endpoint: str = TIMETRAVEL) -> None:
        self.limiter = limiter
        self.endpoint = endpoint.rstrip("/")
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT

    def mementos(self, url: str, moment: datetime) -> list[Memento]:
        """The mementos outside the Wayback Machine that TimeTravel names around a moment; none
        when it knows of no memento at all (404). Raises TimeTravelError when it cannot say."""
        stamp = moment.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")
        request = f"{self.endpoint}/api/json/{stamp}/{quote(url, safe=_SAFE)}"
        self.limiter.acquire("timetravel")
        limits = self.limiter.limits
        try:
            response = self.session.get(request, headers={"Accept": "application/json"}, allow_redirects=False,
                                        timeout=(limits.connect_timeout, limits.timeout))
        except requests.RequestException as error:
            raise TimeTravelError(f"TimeTravel did not answer for {_short(url)}: {type(error).__name__}") from None
        if response.status_code == 404:
            return []
        if response.status_code == 429:
            self.limiter.pause(_seconds(response.headers.get("Retry-After"), limits.default_retry_after))
        if response.status_code != 200:
            raise TimeTravelError(f"TimeTravel answered {response.status_code} for {_short(url)}")
        try:
            answer = response.json()
        except ValueError:
            raise TimeTravelError(f"TimeTravel answered something other than JSON for {_short(url)}") from None
        return mementos_of(answer)

    def nearest(self, url: str, moment: datetime) -> Memento | None:
        """The memento of another archive nearest a moment (before it when one exists)."""
        return nearest(self.mementos(url, moment), moment)


_SAFE = "/:?&=%;,+@!$'()*~[]"
"""Characters of a URL sent as they are after the datetime; the rest (`#`, spaces, non-ASCII) percent-encoded."""


def _seconds(value: str | None, default: float) -> float:
    try:
        return max(float(value), 0.0) if value else default
    except ValueError:
        return default


def _short(url: str) -> str:
    return url if len(url) < 200 else url[:200] + "…"

"""Confirm before dead, and tell a site's outage from its pages' deaths.

Plain bookkeeping for the sources spider, one instance per run; no Scrapy, no reactor.

* **A strike** is a failed check that would make its link dead once confirmed
  (`linkhealth.needs_confirmation`). After the run's checks, and at least `pause` seconds
  after the strike, the link is requested again, on a new connection: the confirmation
  is recorded as a check of its own (`checks.confirms`), and the link is dead only if it
  failed in the same class (lasting or transient) again.
* **An outage**: when every link of a site checked in a run (at least `OUTAGE_MIN_LINKS`)
  failed the same way (outcome and status), the site's home page is requested, after the
  same pause and on a new connection. If it fails the same way too, the site is down: the
  outage is recorded once for the domain, its links' checks are marked as part of it (a
  transient failure, whatever the outcome) and no link of it is confirmed one by one. If
  the home page answers otherwise, the pages failed, not the site: their strikes are
  confirmed as usual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from avimcrawl.linkhealth import GOOD_OUTCOMES, NEUTRAL_OUTCOMES, CheckResult
from avimcrawl.urls import host_of

OUTAGE_MIN_LINKS = 2
"""Links of one site that must all fail alike in a run for its home page to be asked."""
DEFAULT_CONFIRM_PAUSE = 60.0
"""Seconds between a strike and the request that confirms it (AVIMCRAWL_CONFIRM_PAUSE)."""


@dataclass(frozen=True)
class Strike:
    url: str
    domain: str
    at: float
    """When it failed (time.monotonic)."""


@dataclass
class _Site:
    checks: list[CheckResult] = field(default_factory=list)
    last_at: float = 0.0
    home: str = "unasked"
    """unasked, asked, outage or cleared (the home page answered otherwise)."""


@dataclass
class Confirmations:
    pause: float = DEFAULT_CONFIRM_PAUSE
    clock: Callable[[], float] = time.monotonic
    sites: dict[str, _Site] = field(default_factory=dict)
    strikes: dict[str, Strike] = field(default_factory=dict)
    """Strikes waiting for their confirmation to be sent, by URL."""

    def record(self, check: CheckResult, strike: bool) -> None:
        """A check of this run (not a confirmation), and whether it is a strike."""
        domain = host_of(check.url) or ""
        site = self.sites.setdefault(domain, _Site())
        now = self.clock()
        site.checks.append(check)
        site.last_at = now
        if strike:
            self.strikes[check.url] = Strike(check.url, domain, now)

    def due(self) -> tuple[list[tuple[str, CheckResult]], list[Strike]]:
        """What to request now: home pages of sites that look down (with one of their
        checks, for the URL and the failure), and the strikes to confirm. Each is handed
        out once."""
        now = self.clock()
        homes: list[tuple[str, CheckResult]] = []
        for domain, site in self.sites.items():
            if site.home == "unasked" and outage_candidate(site.checks) and now >= site.last_at + self.pause:
                site.home = "asked"
                homes.append((domain, site.checks[0]))
        confirming = [strike for strike in self.strikes.values()
                      if now >= strike.at + self.pause and self._may_confirm(strike.domain)]
        for strike in confirming:
            del self.strikes[strike.url]
        return homes, confirming

    def _may_confirm(self, domain: str) -> bool:
        site = self.sites.get(domain)
        if site is None or site.home == "cleared":
            return True
        return site.home == "unasked" and not outage_candidate(site.checks)

    def waiting(self) -> bool:
        """Whether something is still to be asked or decided."""
        return bool(self.strikes) or any(site.home == "asked" or (site.home == "unasked" and outage_candidate(
            site.checks)) for site in self.sites.values())

    def home_answered(self, domain: str, home: CheckResult) -> list[CheckResult] | None:
        """The home page's answer: the site's checks when it is down alike (an outage; its
        strikes need no confirmation of their own), else None (its strikes are confirmed)."""
        site = self.sites[domain]
        first = site.checks[0]
        if home.outcome is first.outcome and home.http_status == first.http_status:
            site.home = "outage"
            for check in site.checks:
                self.strikes.pop(check.url, None)
            return site.checks
        site.home = "cleared"
        return None

    def home_unanswered(self, domain: str) -> None:
        """Our side could not ask: no outage is recorded, and its strikes wait for a later run."""
        self.sites[domain].home = "unanswerable"
        for check in self.sites[domain].checks:
            self.strikes.pop(check.url, None)


def outage_candidate(checks: list[CheckResult]) -> bool:
    """Every check failed, and all the same way."""
    if len(checks) < OUTAGE_MIN_LINKS:
        return False
    first = checks[0]
    return all(check.outcome.value not in GOOD_OUTCOMES and check.outcome.value not in NEUTRAL_OUTCOMES
               and check.outcome is first.outcome and check.http_status == first.http_status for check in checks)


def home_page(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def close_idle_connections(crawler: Any) -> None:
    """Make the next requests open new connections: Scrapy's HTTP/1.1 download handler keeps
    idle keep-alive connections in a Twisted HTTPConnectionPool (its private `_pool`), and a
    confirmation over the connection that just failed would prove little. Closing the idle
    ones is Twisted's public `closeCachedConnections`; connections in use are not touched."""
    handlers = getattr(getattr(getattr(crawler, "engine", None), "downloader", None), "handlers", None)
    for handler in getattr(handlers, "_handlers", {}).values():
        pool = getattr(handler, "_pool", None)
        if pool is not None:
            pool.closeCachedConnections()

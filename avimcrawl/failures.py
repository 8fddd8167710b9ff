"""Pages a crawl could not fetch: when a later run tries them again, and when it gives up.

A listing or commentary page that fails (after Scrapy's own retries within the run) becomes
a row of `failures` (store.py). Later runs try it again once it is due: after its n-th
failed attempt a page waits `backoff_hours` × 2^(n−1) hours (by default 20, 40, 80, 160:
a page that failed last night is tried tonight, then less and less often, and never more
than 30 days apart). After `give_up_after` failed attempts (5) later runs stop trying it:
the row stays, with the time it was given up, so `avimcrawl failures` lists it until
someone removes it (`--forget`) or asks for one more try (`--retry`).

The start pages of a run (AVİM's listings, or those given with `--start-url`) are fetched
whatever their row says: they were asked for. Every other page, whether retried from the
table or found again on a listing, waits until it is due.

Configured by two settings (avimcrawl/settings.py): `AVIMCRAWL_RETRY_BACKOFF_HOURS` and
`AVIMCRAWL_GIVE_UP_AFTER_FAILURES` (0: never give up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from avimcrawl.clock import STAMP_FORMAT, parse_time

BACKOFF_SETTING = "AVIMCRAWL_RETRY_BACKOFF_HOURS"
GIVE_UP_SETTING = "AVIMCRAWL_GIVE_UP_AFTER_FAILURES"

MAX_WAIT_HOURS = 30 * 24.0
"""However many failures, a page still tried is tried at least this often."""

# Stats keys of the commentaries spider.
RETRIED = "avimcrawl/retried_failures"
"""Pages tried again because they failed before and were due."""
WAITING = "avimcrawl/failures/waiting"
"""Failing pages not tried this run: not due yet."""
GIVEN_UP = "avimcrawl/failures/given_up"
"""Failing pages not tried this run: given up by an earlier one."""
GAVE_UP = "avimcrawl/warnings/gave_up"
"""The URLs this run gave up on (a list, like every `avimcrawl/warnings/` key)."""


@dataclass(frozen=True)
class RetryPolicy:
    """When a page that failed is tried again. The defaults try every run, for ever (the
    behaviour before backoff); a crawl reads its policy from the settings."""

    backoff_hours: float = 0.0
    """The wait after the first failure; it doubles with each failure after it."""
    give_up_after: int = 0
    """Failed attempts after which later runs stop trying a page; 0: never."""

    @classmethod
    def from_settings(cls, settings: Any) -> RetryPolicy:
        return cls(settings.getfloat(BACKOFF_SETTING), settings.getint(GIVE_UP_SETTING))

    def wait(self, attempts: int) -> timedelta:
        """How long a page waits after its `attempts`-th failed attempt."""
        if attempts < 1 or self.backoff_hours <= 0:
            return timedelta(0)
        hours = self.backoff_hours * 2.0 ** min(attempts - 1, 64)
        return timedelta(hours=min(hours, MAX_WAIT_HOURS))

    def gives_up(self, attempts: int) -> bool:
        """Whether `attempts` failed attempts are enough to stop trying."""
        return self.give_up_after > 0 and attempts >= self.give_up_after

    def schedule(self, attempts: int, failed_at: str) -> tuple[str | None, bool]:
        """After the `attempts`-th failed attempt, at `failed_at` (a stored timestamp): when the
        page is due again, and whether to give up on it (then it is never due: None)."""
        if self.gives_up(attempts):
            return None, True
        return (parse_time(failed_at) + self.wait(attempts)).strftime(STAMP_FORMAT), False


def give_up_message(url: str, page: str, attempts: int, first_failed: str | None, error: str) -> str:
    """The warning of the run that gives up on a page: what happened, and what to do."""
    since = f" since {first_failed}" if first_failed else ""
    tries = f"{attempts} failed attempt{'' if attempts == 1 else 's'}"
    return (f"giving up on {url} ({page} page) after {tries}{since} (last: {error}): "
            f"later runs no longer try it. `avimcrawl failures` lists it; `avimcrawl failures --forget URL` "
            f"removes it (a mistyped --start-url), `avimcrawl failures --retry URL` has the next run try it again")

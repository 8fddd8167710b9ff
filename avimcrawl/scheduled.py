"""`avimcrawl run`: every stage in order, for a scheduler, with one outcome to report.

Crawl (new commentaries, then every cited link that is new or due a re-check), archive
(Wayback lookups and saves), report (HTML and Markdown). A stage that raises is a failed
run; dead links are findings and never make the run fail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from avimcrawl import store
from avimcrawl.archive import ArchiveReport, Tally, archive_queue, daily_limit_line
from avimcrawl.clock import Clock
from avimcrawl.crawl import CrawlOptions, CrawlReport, SourcesReport, run_crawl
from avimcrawl.failstop import StopReason, one_line
from avimcrawl.wayback import Limits

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class RunOutcome:
    crawl: CrawlReport | None = None
    sources: SourcesReport | None = None
    archive: ArchiveReport | None = None
    reports: list[Path] = field(default_factory=list)
    verdicts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def failure(self) -> str | None:
        """Why the run failed, in one line; None when it did its work, whatever it found."""
        if self.crawl is None:
            return "the crawl did not run"
        if cause := self.crawl.failure():
            return cause
        if self.sources is not None and (cause := self.sources.failure()):
            return cause
        return self.errors[0] if self.errors else None

    @property
    def failed(self) -> bool:
        return self.failure is not None

    @property
    def warnings(self) -> list[str]:
        return (self.crawl.warnings() if self.crawl else []) + self.errors

    def summary_line(self) -> str:
        parts = []
        if self.crawl:
            parts.append(f"{self.crawl.count('commentaries/new')} new commentaries")
        if self.sources:
            parts.append(f"{int(self.sources.stats.get('avimcrawl/sources/fetched', 0))} links checked")
        if self.sources and self.sources.leads and self.sources.leads.count("found"):
            parts.append(f"{self.sources.leads.count('found')} suggested URLs for dead or misspelled links")
        parts.append(", ".join(f"{n} {v}" for v, n in self.verdicts.items()) or "no links")
        if self.archive:
            saved = self.archive.counts.get(Tally.SAVED, 0)
            parts.append(f"{saved} saved to the Wayback Machine")
            if self.archive.daily_limit is not None:
                parts.append(daily_limit_line(self.archive.daily_limit, self.archive.counts.get(Tally.DAILY_LIMIT, 0)))
        if self.reports:
            parts.append(f"report {self.reports[0]}")
        status = "FAILED" if self.failed else "ok"
        return f"run {status}: " + "; ".join(parts)


def run_everything(options: CrawlOptions, reports_dir: Path, clock: Clock, limits: Limits = Limits(),
                   max_age: timedelta = timedelta(days=30)) -> RunOutcome:
    outcome = RunOutcome()
    # After the sources, search where dead and misspelled links went (spider `leads`), its CDX
    # queries paced as the archive stage's.
    outcome.crawl, outcome.sources = run_crawl(replace(options, leads=options.sources,
                                                       cdx_per_second=limits.cdx_per_second))
    db = store.open_db(options.db)
    try:
        if _stopped_on_our_side(outcome):
            logger.warning("not archiving: %s", outcome.failure)
        else:
            outcome.archive = _stage(outcome, "archive", lambda: archive_queue(db, clock, limits, max_age))
        written = _stage(outcome, "report", lambda: _reports(db, reports_dir, clock))
        outcome.reports = written or []
        outcome.verdicts = store.verdict_counts(db)
    finally:
        store.checkpoint(db)
        db.close()
    return outcome


def _stopped_on_our_side(outcome: RunOutcome) -> bool:
    """The network is down or the disk is full: the Wayback Machine can wait for the next run."""
    leads = outcome.sources.leads if outcome.sources else None
    reasons = {report.stats.get("finish_reason") for report in (outcome.crawl, outcome.sources, leads) if report}
    return bool(reasons & {StopReason.NETWORK_DOWN, StopReason.WRITE_FAILED})


def _stage(outcome: RunOutcome, name: str, work: Callable[[], T]) -> T | None:
    try:
        return work()
    except Exception as error:  # a failed stage fails the run, but the later stages still run
        logger.debug("the %s stage failed", name, exc_info=True)
        outcome.errors.append(f"the {name} stage failed: {one_line(error)}")
        return None


def _reports(db: sqlite_utils.Database, reports_dir: Path, clock: Clock) -> list[Path]:
    from avimcrawl.report import build_report, render, save

    stamp = clock.stamp()
    report = build_report(db, stamp)  # once: both files say the same, of the same moment
    written = []
    for fmt in ("html", "md"):
        path = reports_dir / f"avimcrawl-{stamp[:10]}.{fmt}"
        save(render(report, fmt), path)
        written.append(path)
    return written

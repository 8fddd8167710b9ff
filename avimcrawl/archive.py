"""`avimcrawl archive`: drain the snapshot queue into the Wayback Machine.

For each cited URL and commentary: find the 200 capture closest to the day the author read
it (before it when one exists), else the newest; save a fresh capture with Save Page Now 2
only when there is none, or the newest is older than `max_age`, and the page is still
worth saving. A submitted job is stored before it is polled, so a run killed at any point
and started again polls it instead of submitting it twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlite_utils

from avimcrawl import store
from avimcrawl.clock import STAMP_FORMAT, Clock
from avimcrawl.extract import extract_html
from avimcrawl.linkhealth import drift
from avimcrawl.progress import Progress
from avimcrawl.wayback import (
    Capture,
    Keys,
    Limits,
    RateLimited,
    RateLimiter,
    SaveRefused,
    Unavailable,
    WaybackClient,
    WaybackError,
    closest_before,
)

logger = logging.getLogger(__name__)

WORTH_SAVING = {"alive", "blocked", "unknown", None}
"""Verdicts of links still worth a fresh capture. Blocked: the Archive's own crawler may get
through where ours was refused. Dying and dead pages would only capture an error."""


@dataclass
class ArchiveOptions:
    limit: int | None = None
    max_age: timedelta = timedelta(days=30)
    progress_every: float = 30.0
    max_polls: int = 12
    """Polls of one job in one run, paced like CDX calls (every 2.5 s by default); a job
    still pending after them is polled next run."""


@dataclass
class ArchiveReport:
    queued: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def summary_line(self) -> str:
        handled = sum(n for what, n in self.counts.items() if what not in ("submitted", "drift_measured"))
        parts = [f"{what.replace('_', ' ')} {n}" for what, n in sorted(self.counts.items(), key=lambda i: (-i[1], i[0]))]
        return f"archive: {handled} URLs handled" + (f" ({', '.join(parts)})" if parts else "")


def archive_queue(db: sqlite_utils.Database, clock: Clock, limits: Limits, max_age: timedelta,
                  limit: int | None = None) -> ArchiveReport:
    """Drain the snapshot queue, with the IA keys of the environment (if any) and one rate
    limiter for all Wayback traffic."""
    client = WaybackClient(RateLimiter(limits), Keys.from_environment())
    return Archiver(db, client, ArchiveOptions(limit=limit, max_age=max_age), clock).run()


class Archiver:
    def __init__(self, db: sqlite_utils.Database, client: WaybackClient, options: ArchiveOptions,
                 clock: Clock) -> None:
        self.db = db
        self.client = client
        self.options = options
        self.now = clock.now()
        self.stamp = self.now.strftime(STAMP_FORMAT)
        self.report = ArchiveReport()
        self.sessions_exhausted = False

    def run(self) -> ArchiveReport:
        self.report.queued = store.enqueue_snapshots(self.db, self.stamp)
        tasks = store.pending_snapshots(self.db, self.options.limit)
        progress = Progress("archive", len(tasks), log_every=self.options.progress_every)
        for task in tasks:
            self._process(task)
            progress.advance()
        progress.finish()
        return self.report

    # ------------------------------------------------------------------ one URL

    def _process(self, task: store.SnapshotTask) -> None:
        try:
            if task.job_id:
                self._poll(task, task.job_id)
            else:
                self._look_then_save(task)
        except RateLimited as error:
            self._leave_pending(task, str(error), "rate_limited")
        except Unavailable as error:
            self._leave_pending(task, f"{error}; checking CDX next run", "deferred")
        except SaveRefused as error:
            if error.transient:
                self._leave_pending(task, str(error), "deferred")
            else:
                store.update_snapshot(self.db, task.url, self.stamp, status="failed", error=str(error))
                self.report.count("failed")
        except WaybackError as error:
            self._leave_pending(task, str(error), "deferred")

    def _look_then_save(self, task: store.SnapshotTask) -> None:
        captures = self.client.captures(task.url)
        accessed = _day(task.accessed)
        near = closest_before(captures, accessed)
        if near is not None:
            store.record_memento(self.db, task, near.memento_url, near.timestamp)
            self._measure_past_drift(task, near, accessed)
        fresh = bool(captures) and self.now - captures[-1].when <= self.options.max_age
        if fresh or not self._worth_saving(task):
            status, error = ("found", None) if near else ("failed", "no capture, and the page is not worth saving")
            store.update_snapshot(self.db, task.url, self.stamp, status=status, error=error, method="cdx",
                                  timestamp=near.timestamp if near else None,
                                  archive_url=near.memento_url if near else None)
            self.report.count(status)
            return
        self._save(task)

    def _worth_saving(self, task: store.SnapshotTask) -> bool:
        return task.kind == "commentary" or task.verdict in WORTH_SAVING

    def _save(self, task: store.SnapshotTask) -> None:
        if self.client.keys is None:
            self._leave_pending(task, "waiting for IA keys (IA_ACCESS_KEY, IA_SECRET_KEY) to save", "waiting_for_keys")
            return
        if self.sessions_exhausted or self.client.sessions_available() <= 0:
            self.sessions_exhausted = True
            self._leave_pending(task, "no free Save Page Now session; next run", "no_session")
            return
        store.update_snapshot(self.db, task.url, self.stamp, submitted_at=self.stamp, method="spn2",
                              error="submitting")
        # SPN2 applies the same freshness rule: no new capture if it holds one within --max-age.
        job_id = self.client.submit(task.url, self.options.max_age)
        store.update_snapshot(self.db, task.url, self.stamp, job_id=job_id, error=None)
        self.report.count("submitted")
        logger.info("submitted %s to Save Page Now (%s)", task.url, job_id)
        self._poll(task, job_id)

    def _poll(self, task: store.SnapshotTask, job_id: str) -> None:
        for _ in range(self.options.max_polls):
            status = self.client.job(job_id)
            if status.status == "success" and status.timestamp:
                capture = Capture(status.timestamp, status.original_url or task.url)
                store.update_snapshot(self.db, task.url, self.stamp, status="saved", method="spn2", error=None,
                                      timestamp=capture.timestamp, archive_url=capture.memento_url)
                if self._has_no_memento(task):
                    store.record_memento(self.db, task, capture.memento_url, capture.timestamp)
                self.report.count("saved")
                return
            if status.status == "error":
                raise SaveRefused(status.status_ext or "error:unknown", status.message or "")
        self._leave_pending(task, f"job {job_id} still pending", "still_pending")

    def _has_no_memento(self, task: store.SnapshotTask) -> bool:
        table = "links" if task.kind == "link" else "commentaries"
        rows = list(self.db.query(f"SELECT wayback_url FROM {table} WHERE url = ?", [task.url]))
        return not rows or rows[0]["wayback_url"] is None

    def _leave_pending(self, task: store.SnapshotTask, error: str, counted_as: str) -> None:
        store.update_snapshot(self.db, task.url, self.stamp, status="pending", error=error)
        self.report.count(counted_as)

    # ----------------------------------------------------------- what they saw

    def _measure_past_drift(self, task: store.SnapshotTask, near: Capture, accessed: date | None) -> None:
        """Today's text against the capture the author could have seen."""
        if task.kind != "link" or not task.text or task.capture_drift is not None or accessed is None:
            return
        if near.when.date() > accessed:
            return
        response = self.client.raw(near)
        if response.status_code != 200:
            return
        past = extract_html(response.text, task.url).text
        if past:
            store.record_capture_drift(self.db, task.url, drift(past, task.text))
            self.report.count("drift_measured")


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None

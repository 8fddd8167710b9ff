"""`avimcrawl archive`: drain the snapshot queue into the Wayback Machine.

For each cited URL and commentary: find the 200 capture closest to the day the author read
it (before it when one exists), else the newest; save a fresh capture with Save Page Now 2
only when there is none, or the newest is older than `max_age`, and the page is still
worth saving. A page with no capture that is not worth saving is `skipped`, with why. A
submitted job is stored before it is polled, so a run killed at any point and started again
polls it instead of submitting it twice.

Saves stop for the day when the account's daily cap is spent (`/save/status/user`, read
before the first save, again every `quota_every` saves and whenever a refusal may mean the
cap): the URLs still to save stay `pending` for the next run, and lookups go on.

Where the Wayback Machine has no capture at all, other web archives may: Memento TimeTravel
is asked once per page for the memento nearest the access date (`OtherArchives`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum

import requests
import sqlite_utils

from avimcrawl import store
from avimcrawl.clock import STAMP_FORMAT, Clock
from avimcrawl.extract import Extracted, extract_html, extract_pdf
from avimcrawl.linkhealth import Verdict, drift
from avimcrawl.memento import TimeTravelClient, TimeTravelError
from avimcrawl.progress import Progress
from avimcrawl.store import OtherArchiveLookup, SnapshotStatus
from avimcrawl.verify import PageSeen, match_citations
from avimcrawl.wayback import (
    Capture,
    Keys,
    Limits,
    RateLimited,
    RateLimiter,
    SaveQuota,
    SaveRefused,
    Unavailable,
    WaybackClient,
    WaybackError,
    closest_before,
)

logger = logging.getLogger(__name__)

WORTH_SAVING: frozenset[str | None] = frozenset({Verdict.ALIVE.value, Verdict.BLOCKED.value, Verdict.UNKNOWN.value,
                                                 None})
"""Verdicts of links still worth a fresh capture. Blocked: the Archive's own crawler may get
through where ours was refused. Dying and dead pages would only capture an error."""


class Tally(StrEnum):
    """What happened to a URL of the queue in one run (`ArchiveReport.counts`)."""

    FOUND = SnapshotStatus.FOUND.value
    SAVED = SnapshotStatus.SAVED.value
    SKIPPED = SnapshotStatus.SKIPPED.value
    FAILED = SnapshotStatus.FAILED.value
    # left pending, and why
    WAITING_FOR_KEYS = "waiting_for_keys"
    DAILY_LIMIT = "daily_limit"
    NO_SESSION = "no_session"
    STILL_PENDING = "still_pending"
    RATE_LIMITED = "rate_limited"
    DEFERRED = "deferred"
    # events along the way, not ends: not counted as URLs handled
    SUBMITTED = "submitted"
    DRIFT_MEASURED = "drift_measured"
    CAPTURE_MATCHED = "capture_matched"
    """Citations' titles compared with the capture nearest their access date (`capture_match`)."""
    OTHER_ARCHIVE = "other_archive"
    """Another archive's memento found through TimeTravel, for a page the Wayback Machine has none of."""
    TIMETRAVEL_UNAVAILABLE = "timetravel_unavailable"
    """TimeTravel could not be asked (timeout, 5xx): asked again next run."""


EVENTS = frozenset({Tally.SUBMITTED, Tally.DRIFT_MEASURED, Tally.CAPTURE_MATCHED, Tally.OTHER_ARCHIVE,
                    Tally.TIMETRAVEL_UNAVAILABLE})


def skip_reason(verdict: str | None) -> str:
    """`snapshots.error` of a skipped URL."""
    return f"no capture, and the page is not worth saving: the link is {verdict or 'unchecked'}"


@dataclass
class ArchiveOptions:
    limit: int | None = None
    max_age: timedelta = timedelta(days=30)
    progress_every: float = 30.0
    max_polls: int = 12
    """Polls of one job in one run, paced like CDX calls (every 2.5 s by default); a job
    still pending after them is polled next run."""
    quota_every: int = 10
    """Saves submitted between two reads of `/save/status/user`; in between, the run counts them."""


@dataclass
class ArchiveReport:
    queued: int = 0
    requeued: int = 0
    """Skipped links queued again because they came back to life."""
    counts: dict[str, int] = field(default_factory=dict)
    daily_limit: SaveQuota | None = None
    """The answer of `/save/status/user` that stopped saving for the day, if one did."""

    def count(self, what: Tally) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def summary_line(self) -> str:
        handled = sum(n for what, n in self.counts.items() if what not in EVENTS)
        parts = [f"{what.replace('_', ' ')} {n}" for what, n in sorted(self.counts.items(), key=lambda i: (-i[1], i[0]))]
        line = f"archive: {handled} URLs handled" + (f" ({', '.join(parts)})" if parts else "")
        if self.daily_limit is not None:
            line += f"; {daily_limit_line(self.daily_limit, self.counts.get(Tally.DAILY_LIMIT, 0))}"
        return line


def daily_limit_line(quota: SaveQuota, left: int) -> str:
    """What the summary says when the account's daily cap stopped saving."""
    return f"daily Save Page Now limit reached ({quota.daily}): {left} saves left queued for the next run"


@dataclass(frozen=True)
class Hold:
    """Why no save may start now: the count it goes to and the `snapshots.error` it leaves."""

    tally: Tally
    reason: str


class SaveBudget:
    """The saves the account may still start: read from `/save/status/user` before the first
    save of a run, again after every `quota_every` saves (counted in between), and whenever a
    refusal may mean the daily cap. Once it holds saves back, it holds them for the run."""

    def __init__(self, client: WaybackClient, quota_every: int) -> None:
        self.client = client
        self.quota_every = max(quota_every, 1)
        self.quota: SaveQuota | None = None
        self.submitted = 0
        """Saves submitted since `quota` was read (refused ones too: a refusal may hide a capture)."""
        self.left_running = 0
        """Jobs submitted since then and still running when the run moved on: each holds a session."""
        self.hold: Hold | None = None

    @property
    def daily_limit_reached(self) -> bool:
        return self.hold is not None and self.hold.tally is Tally.DAILY_LIMIT

    def check(self) -> Hold | None:
        """Why no save may start now; None when one may."""
        if self.hold is None:
            quota = self.quota
            if quota is None or self.submitted >= self.quota_every or \
                    (self.submitted and quota.daily_limit_reached(self.submitted)):
                quota = self._read()  # the first read, a due one, or the server's word on our own count
            self._hold_back(quota)
        return self.hold

    def daily_limit_hold(self, refusal: SaveRefused) -> Hold | None:
        """The hold for the daily cap if a refusal was it: asks `/save/status/user` when it may
        have been (raises WaybackError when that cannot be read)."""
        if not self.daily_limit_reached and refusal.may_be_daily_limit:
            self._hold_back(self._read())
        return self.hold if self.daily_limit_reached else None

    def submitting(self) -> None:
        self.submitted += 1

    def job_left_running(self) -> None:
        self.left_running += 1

    def _read(self) -> SaveQuota:
        self.quota = self.client.save_quota()
        self.submitted = self.left_running = 0
        return self.quota

    def _hold_back(self, quota: SaveQuota) -> None:
        if quota.daily_limit_reached():
            self.hold = Hold(Tally.DAILY_LIMIT, f"daily Save Page Now limit reached ({quota.daily}); saving next run")
            logger.warning("daily Save Page Now limit reached (%s): no more saves this run", quota.daily)
        elif self.hold is None and quota.available - self.left_running <= 0:
            self.hold = Hold(Tally.NO_SESSION, "no free Save Page Now session; next run")


class OtherArchives:
    """Memento TimeTravel, asked for the memento nearest the access date (the citation's
    `accessed`, else its `published`, else now) of each page the Wayback Machine has no capture
    of, once: its answer, a memento or none, is kept. When it cannot answer, the page stays due
    and the next run asks again; the first failure of a run is logged, and after `give_up_after`
    failures in a row the run asks no more."""

    give_up_after = 3

    def __init__(self, db: sqlite_utils.Database, client: TimeTravelClient | None, report: ArchiveReport,
                 now: datetime) -> None:
        self.db = db
        self.client = client
        self.report = report
        self.now = now
        self.stamp = now.strftime(STAMP_FORMAT)
        self.failures = 0

    def no_capture(self, task: store.SnapshotTask) -> None:
        """The Wayback Machine has no capture of the page: ask TimeTravel, unless it answered before."""
        if task.other_archive_lookup in (OtherArchiveLookup.FOUND, OtherArchiveLookup.NONE):
            return
        store.update_snapshot(self.db, task.url, self.stamp, other_archive_lookup=OtherArchiveLookup.DUE)
        self.ask(task)

    def has_capture(self, task: store.SnapshotTask) -> None:
        """The Wayback Machine has a capture (now): a lookup still due is not needed any more."""
        if task.other_archive_lookup == OtherArchiveLookup.DUE:
            store.update_snapshot(self.db, task.url, self.stamp, other_archive_lookup=None)

    def ask(self, task: store.SnapshotTask) -> None:
        if self.client is None:
            return
        if self.failures >= self.give_up_after:
            self.report.count(Tally.TIMETRAVEL_UNAVAILABLE)
            return
        try:
            memento = self.client.nearest(task.url, self.looking_near(task))
        except TimeTravelError as error:
            self.failures += 1
            self.report.count(Tally.TIMETRAVEL_UNAVAILABLE)
            if self.failures == 1:
                logger.warning("%s; other archives are asked again next run", error)
            return
        self.failures = 0
        if memento is None:
            store.record_other_archive(self.db, task, self.stamp)
            return
        store.record_other_archive(self.db, task, self.stamp, memento.archive, memento.url, memento.timestamp)
        self.report.count(Tally.OTHER_ARCHIVE)
        logger.info("no Wayback capture of %s; %s holds one (%s)", task.url, memento.archive, memento.timestamp)

    def looking_near(self, task: store.SnapshotTask) -> datetime:
        """The end of the day the page was read (else published); now when no day is known."""
        for value in (task.accessed, task.published):
            if (day := _day(value)) is not None:
                return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.utc)
        return self.now


def archive_queue(db: sqlite_utils.Database, clock: Clock, limits: Limits, max_age: timedelta,
                  limit: int | None = None) -> ArchiveReport:
    """Drain the snapshot queue, with the IA keys of the environment (if any) and one rate
    limiter for all Wayback traffic; TimeTravel paced apart, like CDX lookups."""
    client = WaybackClient(RateLimiter(limits), Keys.from_environment())
    timetravel = TimeTravelClient(RateLimiter(limits))
    return Archiver(db, client, ArchiveOptions(limit=limit, max_age=max_age), clock, timetravel).run()


class Archiver:
    def __init__(self, db: sqlite_utils.Database, client: WaybackClient, options: ArchiveOptions,
                 clock: Clock, timetravel: TimeTravelClient | None = None) -> None:
        self.db = db
        self.client = client
        self.options = options
        self.now = clock.now()
        self.stamp = self.now.strftime(STAMP_FORMAT)
        self.report = ArchiveReport()
        self.budget = SaveBudget(client, options.quota_every)
        self.others = OtherArchives(db, timetravel, self.report, self.now)

    def run(self) -> ArchiveReport:
        self.report.requeued = store.requeue_skipped(self.db, self.stamp, WORTH_SAVING)
        self.report.queued = store.enqueue_snapshots(self.db, self.stamp)
        for task in store.other_archive_due(self.db):  # TimeTravel could not answer last time
            self.others.ask(task)
        tasks = store.pending_snapshots(self.db, self.options.limit)
        progress = Progress("archive", len(tasks), log_every=self.options.progress_every)
        for task in tasks:
            self._process(task)
            progress.advance()
        progress.finish()
        self._match_captures_left()
        if self.budget.daily_limit_reached:
            self.report.daily_limit = self.budget.quota
        return self.report

    def _match_captures_left(self) -> None:
        """Citations of a link whose memento was recorded before they were (a new commentary
        citing a known URL, an archive made before `capture_match` existed, a capture we saved)
        are compared with that memento. Wayback out of reach: the rest wait for the next run."""
        for url, timestamp, original in store.capture_matches_due(self.db, self.options.limit):
            cited = store.cited_by(self.db, url, without_capture_match=True)
            try:
                response = self.client.raw(Capture(timestamp, original))
            except WaybackError as error:
                logger.warning("capture matches wait for the next run: %s", error)
                return
            past = _capture_page(response, url) if response.status_code == 200 else Extracted()
            store.record_capture_matches(self.db, match_citations(cited, PageSeen(past.title, past.text, past.author,
                                                                                  past.published)))
            self.report.count(Tally.CAPTURE_MATCHED)

    # ------------------------------------------------------------------ one URL

    def _process(self, task: store.SnapshotTask) -> None:
        try:
            if task.job_id:
                self._poll(task, task.job_id)
            else:
                self._look_then_save(task)
        except RateLimited as error:
            self._leave_pending(task, str(error), Tally.RATE_LIMITED)
        except Unavailable as error:
            self._leave_pending(task, f"{error}; checking CDX next run", Tally.DEFERRED)
        except SaveRefused as error:
            self._refused(task, error)
        except WaybackError as error:
            self._leave_pending(task, str(error), Tally.DEFERRED)

    def _refused(self, task: store.SnapshotTask, error: SaveRefused) -> None:
        """SPN2 said no, at submission or as the job's end: no job runs any more, so the next
        run (if any) looks in CDX and submits afresh."""
        try:
            hold = self.budget.daily_limit_hold(error)
        except WaybackError as unread:  # the quota cannot be read now: take the refusal at its word
            logger.warning("could not read the Save Page Now quota: %s", unread)
            hold = None
        if hold is not None:
            self._hold(task, hold)
        elif error.transient:
            self._leave_pending(task, str(error), Tally.DEFERRED, job_id=None)
        else:
            self._record(task, SnapshotStatus.FAILED, error=str(error), job_id=None)

    def _look_then_save(self, task: store.SnapshotTask) -> None:
        captures = self.client.captures(task.url)
        if captures:
            self.others.has_capture(task)
        else:
            self.others.no_capture(task)
        accessed = _day(task.accessed)
        near = closest_before(captures, accessed)
        if near is not None:
            store.record_memento(self.db, task, near.memento_url, near.timestamp)
            self._compare_with_capture(task, near, accessed)
        fresh = bool(captures) and self.now - captures[-1].when <= self.options.max_age
        if near is not None and (fresh or not self._worth_saving(task)):
            self._record(task, SnapshotStatus.FOUND, error=None, method="cdx", timestamp=near.timestamp,
                         archive_url=near.memento_url)
        elif not self._worth_saving(task):
            self._record(task, SnapshotStatus.SKIPPED, error=skip_reason(task.verdict), method=None)
        else:
            self._save(task)

    def _worth_saving(self, task: store.SnapshotTask) -> bool:
        return task.kind == "commentary" or task.verdict in WORTH_SAVING

    def _save(self, task: store.SnapshotTask) -> None:
        if self.client.keys is None:
            self._leave_pending(task, "waiting for IA keys (IA_ACCESS_KEY, IA_SECRET_KEY) to save",
                                Tally.WAITING_FOR_KEYS)
            return
        hold = self.budget.check()
        if hold is not None:
            self._hold(task, hold)
            return
        store.update_snapshot(self.db, task.url, self.stamp, submitted_at=self.stamp, method="spn2",
                              error="submitting")
        # SPN2 applies the same freshness rule: no new capture if it holds one within --max-age.
        self.budget.submitting()
        job_id = self.client.submit(task.url, self.options.max_age)
        store.update_snapshot(self.db, task.url, self.stamp, job_id=job_id, error=None)
        self.report.count(Tally.SUBMITTED)
        logger.info("submitted %s to Save Page Now (%s)", task.url, job_id)
        if not self._poll(task, job_id):
            self.budget.job_left_running()

    def _poll(self, task: store.SnapshotTask, job_id: str) -> bool:
        """Poll a job until it ends (True) or `max_polls` are spent (False: polled next run)."""
        for _ in range(self.options.max_polls):
            status = self.client.job(job_id)
            if status.status == "success" and status.timestamp:
                capture = Capture(status.timestamp, status.original_url or task.url)
                self._record(task, SnapshotStatus.SAVED, method="spn2", error=None, timestamp=capture.timestamp,
                             archive_url=capture.memento_url)
                if self._has_no_memento(task):
                    store.record_memento(self.db, task, capture.memento_url, capture.timestamp)
                return True
            if status.status == "error":
                raise SaveRefused(status.status_ext or "error:unknown", status.message or "")
        self._leave_pending(task, f"job {job_id} still pending", Tally.STILL_PENDING)
        return False

    def _has_no_memento(self, task: store.SnapshotTask) -> bool:
        table = "links" if task.kind == "link" else "commentaries"
        rows = list(self.db.query(f"SELECT wayback_url FROM {table} WHERE url = ?", [task.url]))
        return not rows or rows[0]["wayback_url"] is None

    def _record(self, task: store.SnapshotTask, status: SnapshotStatus, **columns: object) -> None:
        """A URL's end for this run (found, saved, skipped, failed), counted under its status."""
        store.update_snapshot(self.db, task.url, self.stamp, status=status, **columns)
        self.report.count(Tally(status.value))

    def _leave_pending(self, task: store.SnapshotTask, error: str, counted_as: Tally, **columns: object) -> None:
        store.update_snapshot(self.db, task.url, self.stamp, status=SnapshotStatus.PENDING, error=error, **columns)
        self.report.count(counted_as)

    def _hold(self, task: store.SnapshotTask, hold: Hold) -> None:
        self._leave_pending(task, hold.reason, hold.tally, job_id=None)

    # ----------------------------------------------------------- what they saw

    def _compare_with_capture(self, task: store.SnapshotTask, near: Capture, accessed: date | None) -> None:
        """The capture nearest the access date (the one recorded as the link's memento), read
        once for two things: today's text against it if the author could have seen it (taken
        before the access date: `links.capture_drift`), and each citation's title against it
        (`citations.capture_match`, verify.py), so the report can say "the archived copy is the
        cited page; the live one is not". A capture that does not replay with 200 gives no drift
        and `unknown` matches; one that cannot be read now is compared at the end of this run or
        the next (`_match_captures_left`)."""
        if task.kind != "link":
            return
        drift_due = bool(task.text) and task.capture_drift is None and accessed is not None \
            and near.when.date() <= accessed
        cited = store.cited_by(self.db, task.url, without_capture_match=True)
        if not drift_due and not cited:
            return
        try:
            response = self.client.raw(near)
        except WaybackError as error:
            if drift_due:
                raise  # as before matches were measured: the URL stays pending, looked up again next run
            logger.info("capture of %s not read: %s", task.url, error)  # matched by _match_captures_left
            return
        past = _capture_page(response, task.url) if response.status_code == 200 else Extracted()
        if drift_due and past.text:
            store.record_capture_drift(self.db, task.url, drift(past.text, task.text or ""))
            self.report.count(Tally.DRIFT_MEASURED)
        if cited:
            page = PageSeen(past.title, past.text, past.author, past.published)
            store.record_capture_matches(self.db, match_citations(cited, page))
            self.report.count(Tally.CAPTURE_MATCHED)


def _capture_page(response: requests.Response, url: str) -> Extracted:
    """What a capture says, read as the crawler reads a page (a PDF as a PDF)."""
    content_type = response.headers.get("Content-Type", "").lower()
    if "pdf" in content_type or response.content[:5] == b"%PDF-":
        return extract_pdf(response.content)
    return extract_html(response.text, url)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None

"""Pages that could not be crawled: tried again with backoff, given up after a few attempts,
listed and dropped with `avimcrawl failures`.

The story of a mistyped `--start-url`, told by real crawls against the local internet with
`--now` moving the clock one scheduled night at a time; then the schedule itself, and the
store's side of it, without a crawl.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import CompletedProcess

import pytest
import sqlite_utils
from scrapy.settings import Settings

from avimcrawl import store
from avimcrawl.failures import RetryPolicy
from tests.internet.client import SITES_DIR, LocalInternet
from tests.toolkit import avimcrawl, invoke, query

TYPO = "https://avim.org.tr/tr/Yorumlarr"  # 404: the listing is /tr/Yorumlar
LISTING = "https://avim.org.tr/tr/Yorumlar"
# Turkish only: the English listings lead to a commentary that answers 500, a failing page of its own.
CRAWL = ["--no-sources", "--delay", "0", "--timeout", "5", "--lang", "tr"]
GIVING_UP = f"giving up on {TYPO} (listing page) after 5 failed attempts since 2026-03-01T03:00:00Z (last: HTTP 404)"


@dataclass
class Run:
    result: CompletedProcess[str]
    fetched: list[str]
    row: sqlite3.Row | None
    """The typo's row of `failures` after the run."""

    def tried(self, url: str) -> bool:
        return url in self.fetched


@dataclass
class History:
    net: LocalInternet
    db: Path
    runs: dict[str, Run] = field(default_factory=dict)

    def crawl(self, name: str, now: str, *args: str) -> Run:
        self.net.clear_log()
        result = avimcrawl(self.net, "crawl", "--db", str(self.db), *CRAWL, "--now", now, *args)
        assert "Traceback" not in result.stderr, result.stderr
        run = self.runs[name] = Run(result, self.net.urls("GET"), self.row())
        return run

    def failures(self, *args: str) -> CompletedProcess[str]:
        return avimcrawl(self.net, "failures", "--db", str(self.db), *args)

    def row(self) -> sqlite3.Row | None:
        rows = query(self.db, "SELECT * FROM failures WHERE url = ?", TYPO)
        return rows[0] if rows else None


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    """Nightly runs at 03:00 after an archivist mistyped a start URL once; the backoff waits
    20, 40, 80 and 160 hours, so the typo is tried on the nights of March 2, 4, 8 and 15."""
    tmp = tmp_path_factory.mktemp("failures")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        story = History(net, tmp / "archive" / "avim.sqlite")
        story.crawl("typo", "2026-03-01T03:00:00Z", "--start-url", TYPO)
        story.crawl("same evening", "2026-03-01T22:00:00Z")
        for night in ("02", "03", "04", "08", "15"):
            story.crawl(f"03-{night}", f"2026-03-{night}T03:00:00Z")
        story.crawl("a month later", "2026-04-15T03:00:00Z")
        yield story


def test_a_mistyped_start_url_fails_and_is_recorded(history):
    run = history.runs["typo"]
    assert run.tried(TYPO)
    assert f"could not crawl {TYPO}: HTTP 404" in run.result.stderr
    row = run.row
    assert row is not None
    assert (row["page"], row["http_status"], row["attempts"], row["first_failed"]) == (
        "listing", 404, 1, "2026-03-01T03:00:00Z")
    assert (row["next_retry"], row["gave_up"]) == ("2026-03-01T23:00:00Z", None)


def test_a_later_run_does_not_try_it_before_it_is_due(history):
    run = history.runs["same evening"]
    assert run.result.returncode == 0, run.result.stderr
    assert run.tried(LISTING) and not run.tried(TYPO)
    assert f"could not crawl {TYPO}" not in run.result.stderr
    assert f"not fetching {TYPO} before 2026-03-01T23:00:00Z (1 failed attempt so far" in run.result.stderr


def test_later_runs_try_it_when_due_and_wait_twice_as_long_each_time(history):
    tried = {name: history.runs[name].tried(TYPO) for name in ("03-02", "03-03", "03-04", "03-08", "03-15")}
    assert tried == {"03-02": True, "03-03": False, "03-04": True, "03-08": True, "03-15": True}
    for name, was_tried in tried.items():
        stderr = history.runs[name].result.stderr
        assert (f"could not crawl {TYPO}: HTTP 404" in stderr) == was_tried, name
        assert history.runs[name].result.returncode == 0, stderr


def test_it_is_given_up_after_five_attempts_with_a_warning_that_says_what_to_do(history):
    stderr = history.runs["03-15"].result.stderr
    assert GIVING_UP in stderr
    warning = next(line for line in stderr.splitlines() if GIVING_UP in line)
    assert " WARNING " in warning
    assert "`avimcrawl failures --forget URL` removes it" in warning
    assert "`avimcrawl failures --retry URL` has the next run try it again" in warning
    assert sum(GIVING_UP in run.result.stderr for run in history.runs.values()) == 1
    row = history.runs["03-15"].row
    assert row is not None
    assert (row["attempts"], row["last_failed"], row["gave_up"], row["next_retry"]) == (
        5, "2026-03-15T03:00:00Z", "2026-03-15T03:00:00Z", None)


def test_a_page_given_up_is_not_tried_nor_mentioned_again(history):
    run = history.runs["a month later"]
    assert run.result.returncode == 0, run.result.stderr
    assert run.tried(LISTING) and not run.tried(TYPO)
    assert TYPO not in run.result.stderr
    assert "could not be crawled" not in run.result.stderr


def test_failures_lists_the_page_given_up(history):
    result = history.failures("--now", "2026-04-15T04:00:00Z")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["page", "attempts", "first_failed", "last_failed", "next_retry", "error", "url"]
    assert len(rows) == 1
    assert rows[0].split() == ["listing", "5", "2026-03-01T03:00:00Z", "2026-03-15T03:00:00Z", "gave", "up",
                               "HTTP", "404", TYPO]


# The rest of the story changes the archive: one test, in order.
def test_start_url_retry_and_forget(history):
    # Given again on the command line, it is fetched although given up (the user asked)...
    run = history.crawl("typo again", "2026-04-16T03:00:00Z", "--start-url", TYPO)
    assert run.tried(TYPO)
    assert run.row is not None and (run.row["attempts"], run.row["gave_up"]) == (6, "2026-03-15T03:00:00Z")
    assert "giving up" not in run.result.stderr  # given up before: said once

    # --retry: the next default run tries it once more, and gives up again at once.
    result = history.failures("--retry", TYPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"the next crawl tries {TYPO} again (listing page, 6 failed attempts)\n"
    listed = history.failures("--now", "2026-04-16T04:00:00Z").stdout.splitlines()[1].split()
    assert listed[4:6] == ["next", "run"]
    run = history.crawl("retried", "2026-04-17T03:00:00Z")
    assert run.tried(TYPO)
    assert f"giving up on {TYPO} (listing page) after 7 failed attempts" in run.result.stderr

    # --forget: gone from the table, and the next run neither tries nor mentions it.
    result = history.failures("--forget", TYPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"forgot {TYPO} (listing page, 7 failed attempts since 2026-03-01T03:00:00Z)\n"
    assert history.row() is None
    assert history.failures().stdout == "no failing pages\n"
    run = history.crawl("forgotten", "2026-04-18T03:00:00Z")
    assert run.result.returncode == 0, run.result.stderr
    assert not run.tried(TYPO) and TYPO not in run.result.stderr

    # A URL that is not in the table: exit 2, one line, nothing changed.
    result = history.failures("--forget", TYPO)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert TYPO in result.stderr and "`avimcrawl failures` lists them" in result.stderr


# ------------------------------------------------------------ the command alone


def test_failures_without_a_database_is_a_usage_error(tmp_path):
    missing = tmp_path / "nowhere" / "avim.sqlite"
    result = invoke("failures", "--db", str(missing))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: no archive database at {missing}: run `avimcrawl crawl` first, or give --db"]
    assert not missing.exists()


def test_failures_of_an_empty_archive(tmp_path):
    db = tmp_path / "avim.sqlite"
    store.open_db(db).close()
    result = invoke("failures", "--db", str(db))
    assert (result.exit_code, result.output) == (0, "no failing pages\n")


def test_failures_table_forget_and_retry(tmp_path):
    db_path = tmp_path / "avim.sqlite"
    db = store.open_db(db_path)
    policy = RetryPolicy(20, 5)
    listing, page = "https://avim.org.tr/en/Yorumlar?page=9", "https://avim.org.tr/en/Yorum/SOME-PAGE"
    store.record_failure(db, listing, "listing", None, "DNSLookupError: no such host", "2026-03-01T02:00:00Z",
                         policy.schedule)
    for night in range(5):
        store.record_failure(db, page, "commentary", 500, "HTTP 500", f"2026-03-0{night + 1}T03:00:00Z",
                             policy.schedule)
    db.close()

    lines = invoke("failures", "--db", str(db_path), "--now", "2026-03-01T12:00:00Z").output.splitlines()
    assert [line.split()[:2] for line in lines[1:]] == [["listing", "1"], ["commentary", "5"]]
    assert lines[1].split()[4] == "2026-03-01T22:00:00Z" and lines[1].endswith(listing)
    assert "gave up" in lines[2] and lines[2].endswith(page)
    later = invoke("failures", "--db", str(db_path), "--now", "2026-03-01T22:00:00Z").output.splitlines()
    assert later[1].split()[4:6] == ["next", "run"]

    both = invoke("failures", "--db", str(db_path), "--forget", listing, "--retry", listing)
    assert both.exit_code == 2 and "not both" in both.output
    unknown = invoke("failures", "--db", str(db_path), "--retry", page, "--retry", "https://example.org/")
    assert unknown.exit_code == 2
    assert unknown.output.strip() == (f"Error: --retry 'https://example.org/': no such failing page in {db_path} "
                                      "(`avimcrawl failures` lists them; give the URL as listed)")
    db = store.open_db(db_path)
    assert store.failing_page(db, page).gave_up  # nothing changed
    db.close()

    done = invoke("failures", "--db", str(db_path), "--forget", listing, "--retry", page)
    assert done.exit_code == 0
    assert done.output.splitlines() == [
        f"forgot {listing} (listing page, 1 failed attempt since 2026-03-01T02:00:00Z)",
        f"the next crawl tries {page} again (commentary page, 5 failed attempts)"]
    db = store.open_db(db_path)
    assert [(p.url, p.next_retry, p.gave_up, p.attempts) for p in store.failing_pages(db)] == [(page, None, None, 5)]
    db.close()


# ------------------------------------------------------------------ the schedule


def test_backoff_doubles_from_the_base_and_gives_up_after_n_attempts():
    policy = RetryPolicy(backoff_hours=20, give_up_after=5)
    assert [policy.wait(n).total_seconds() / 3600 for n in range(1, 5)] == [20, 40, 80, 160]
    assert [policy.gives_up(n) for n in range(1, 7)] == [False, False, False, False, True, True]
    assert policy.schedule(1, "2026-03-01T03:00:00Z") == ("2026-03-01T23:00:00Z", False)
    assert policy.schedule(3, "2026-03-04T03:00:00Z") == ("2026-03-07T11:00:00Z", False)
    assert policy.schedule(5, "2026-03-15T03:00:00Z") == (None, True)


def test_nightly_runs_retry_a_page_that_failed_last_night_and_give_up_within_a_fortnight():
    # A systemd timer at 03:17 with up to 30 minutes of random delay (deploy/avimcrawl.timer).
    policy = RetryPolicy(20, 5)
    nights = [f"2026-03-{day:02d}T03:{17 + (day * 13) % 30:02d}:00Z" for day in range(1, 32)]
    tried, next_retry, attempts = [], None, 0
    for night, at in enumerate(nights):
        if next_retry is not None and next_retry > at:
            continue
        tried.append(night)
        attempts += 1
        next_retry, gave_up = policy.schedule(attempts, at)
        if gave_up:
            break
    assert tried == [0, 1, 3, 7, 14]


def test_no_backoff_means_every_run_and_no_give_up_means_never():
    assert RetryPolicy().schedule(1000, "2026-03-01T03:00:00Z") == ("2026-03-01T03:00:00Z", False)
    endless = RetryPolicy(backoff_hours=20, give_up_after=0)
    assert endless.schedule(10_000, "2026-03-01T03:00:00Z") == ("2026-03-31T03:00:00Z", False)  # at most 30 days


def test_the_policy_is_read_from_the_settings():
    settings = Settings()
    settings.setmodule("avimcrawl.settings", priority="project")
    assert RetryPolicy.from_settings(settings) == RetryPolicy(20.0, 5)
    settings.setdict({"AVIMCRAWL_RETRY_BACKOFF_HOURS": "6", "AVIMCRAWL_GIVE_UP_AFTER_FAILURES": "3"}, priority="cmdline")
    assert RetryPolicy.from_settings(settings) == RetryPolicy(6.0, 3)


# --------------------------------------------------------------------- the store


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = store.open_db(tmp_path / "avim.sqlite")
    yield database
    database.close()


def test_record_failure_keeps_when_it_gave_up(db):
    policy = RetryPolicy(1, 2)
    url = "https://avim.org.tr/en/Yorumlar?page=4"
    first = store.record_failure(db, url, "listing", 503, "HTTP 503", "2026-03-01T00:00:00Z", policy.schedule)
    assert (first.attempts, first.next_retry, first.gave_up) == (1, "2026-03-01T01:00:00Z", None)
    assert not first.due("2026-03-01T00:59:59Z") and first.due("2026-03-01T01:00:00Z")
    assert store.pending_failures(db, "2026-03-01T00:30:00Z") == []
    assert store.pending_failures(db, "2026-03-01T01:00:00Z") == store.pending_failures(db) == [(url, "listing")]
    second = store.record_failure(db, url, "listing", 404, "HTTP 404", "2026-03-01T02:00:00Z", policy.schedule)
    assert (second.attempts, second.http_status, second.next_retry, second.gave_up) == (2, 404, None, "2026-03-01T02:00:00Z")
    assert not second.due("2027-01-01T00:00:00Z") and store.pending_failures(db) == []
    third = store.record_failure(db, url, "listing", 404, "HTTP 404", "2026-03-02T02:00:00Z", policy.schedule)
    assert (third.attempts, third.gave_up, third.first_failed) == (3, "2026-03-01T02:00:00Z", "2026-03-01T00:00:00Z")
    assert store.retry_failure(db, url) and store.failing_page(db, url).due("2026-03-02T02:00:01Z")
    assert store.forget_failure(db, url) and not store.forget_failure(db, url) and not store.retry_failure(db, url)


def test_without_a_schedule_every_run_retries(db):
    url = "https://avim.org.tr/en/Yorum/X"
    for _ in range(3):
        recorded = store.record_failure(db, url, "commentary", None, "TimeoutError: took too long")
    assert (recorded.attempts, recorded.next_retry, recorded.gave_up) == (3, None, None)


def test_m009_makes_failures_of_an_older_archive_due_at_the_next_run(tmp_path):
    path = tmp_path / "old.sqlite"
    old = sqlite_utils.Database(path)
    store.migrations.apply(old, stop_before="m009_failure_retry_schedule")
    old["failures"].insert({"url": TYPO, "page": "listing", "http_status": 404, "error": "HTTP 404", "attempts": 40,
                            "first_failed": "2025-01-01T03:00:00Z", "last_failed": "2026-02-28T03:00:00Z"})
    old.close()
    db = store.open_db(path)
    page = store.failing_page(db, TYPO)
    assert page is not None and (page.attempts, page.next_retry, page.gave_up) == (40, None, None)
    assert page.due("2026-03-01T03:00:00Z")
    # The next failure gives it up at once: forty attempts are more than enough.
    again = store.record_failure(db, TYPO, "listing", 404, "HTTP 404", "2026-03-01T03:00:00Z", RetryPolicy(20, 5).schedule)
    assert again.gave_up == "2026-03-01T03:00:00Z"
    db.close()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", again.gave_up)

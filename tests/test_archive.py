"""`avimcrawl archive` against the Wayback Machine stand-in of the local internet.

The archive is built by a real crawl; the Wayback stage then runs in-process with a virtual
clock (sleeping advances it, and it is written where the stand-in logs it as `vt`), so the
pacing is checked from the stand-in's own records without waiting. The kill-and-rerun and
the secrets checks run the real command.
"""

from __future__ import annotations

import json
import math
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlite_utils

from avimcrawl import store
from avimcrawl.archive import WORTH_SAVING, ArchiveOptions, ArchiveReport, Archiver
from avimcrawl.clock import Clock
from avimcrawl.wayback import Keys, Limits, RateLimiter, WaybackClient
from tests.internet.client import SITES_DIR, LocalInternet
from tests.toolkit import FakeClock

ROOT = Path(__file__).parent.parent
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
STAMP = NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
ACCESS, SECRET = "test-access-7f3a91d2", "test-secret-c40e2b88"
WAYBACK_DIR = SITES_DIR / "web.archive.org"
CAPTURES = json.loads((WAYBACK_DIR / "_captures.json").read_text(encoding="utf-8"))["captures"]
FAULTS_TEXT = (WAYBACK_DIR / "_faults.toml").read_text(encoding="utf-8")


@dataclass
class Archive:
    net: LocalInternet
    db_path: Path
    clock: FakeClock
    reports: list[ArchiveReport] = field(default_factory=list)
    logs: list[list[dict[str, Any]]] = field(default_factory=list)

    def run(self, keys: Keys | None, limits: Limits = Limits(), now: datetime = NOW) -> ArchiveReport:
        self.net.clear_log()
        db = store.open_db(self.db_path)
        try:
            client = WaybackClient(RateLimiter(limits, self.clock), keys)
            report = Archiver(db, client, ArchiveOptions(), Clock(now)).run()
        finally:
            db.close()
        self.reports.append(report)
        self.logs.append([r for r in self.net.requests() if r["host"] in ("web.archive.org", "archive.org")])
        return report

    def query(self, sql: str, *params: object) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db_path) as conn:
            conn.row_factory = sqlite3.Row
            return conn.execute(sql, params).fetchall()

    def jobs(self) -> list[dict[str, Any]]:
        return json.loads(self.net.control("/wayback/jobs"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    tmp = tmp_path_factory.mktemp("archive")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        db = tmp / "archive" / "avim.sqlite"
        crawl = subprocess.run([sys.executable, "-m", "avimcrawl", "crawl", "--db", str(db), "--delay", "0",
                                "--timeout", "3", "--now", STAMP], env=net.subprocess_env(), capture_output=True,
                               text=True, timeout=600, cwd=ROOT)
        assert crawl.returncode == 0, crawl.stderr[-2000:]
        with pytest.MonkeyPatch.context() as patch:
            for name, value in net.env.items():
                patch.setenv(name, value)
            history = Archive(net, db, FakeClock(NOW.timestamp(), publish=net.state_dir / "clock"))
            history.run(keys=None)
            history.run(keys=Keys(ACCESS, SECRET))
            history.run(keys=Keys(ACCESS, SECRET))
            yield history


def saves(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in log if r["method"] == "POST" and r["path"].startswith("/save")]


def polls(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in log if r["path"].startswith("/save/status/spn2-")]


def cdx(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in log if r["path"].startswith("/cdx/search/cdx")]


def fault_url(key: str) -> str:
    lines = FAULTS_TEXT.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(key))
    return next(line for line in reversed(lines[:index]) if line.startswith('["')).strip('[]"')


def two_hundreds(url: str) -> list[str]:
    def key(u: str) -> str:
        return u.split("://", 1)[1].removeprefix("www.").lower().rstrip("/")
    return sorted(c["timestamp"] for original, caps in CAPTURES.items() if key(original) == key(url)
                  for c in caps if c["statuscode"] == "200")


# ------------------------------------------------------------------- lookups


def test_without_keys_only_lookups_run(archive):
    report, log = archive.reports[0], archive.logs[0]
    assert not saves(log)
    assert report.counts.get("waiting_for_keys", 0) > 0
    assert cdx(log)


def test_captures_are_chosen_nearest_the_access_date_before_it_when_possible(archive):
    rows = archive.query("""SELECT l.url, l.wayback_timestamp, min(c.accessed) AS accessed FROM links l
                            JOIN citations c ON c.link_url = l.url WHERE c.accessed IS NOT NULL GROUP BY l.url""")
    checked = 0
    for row in rows:
        stamps = two_hundreds(row["url"])
        if not stamps:
            continue
        end = row["accessed"].replace("-", "") + "235959"
        before = [s for s in stamps if s <= end]
        expected = before[-1] if before else stamps[0]
        assert row["wayback_timestamp"] == expected, row["url"]
        checked += 1
    assert checked >= 10


def test_no_save_for_a_link_with_a_fresh_capture(archive):
    fresh = [url for url in CAPTURES if any(
        NOW - datetime.strptime(c["timestamp"], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc) <= timedelta(days=30)
        for c in CAPTURES[url] if c["statuscode"] == "200")]
    submitted = {r["form"]["url"] for log in archive.logs for r in saves(log)}
    assert fresh and not set(fresh) & submitted


def test_pages_not_worth_saving_are_skipped_with_why_and_never_submitted(archive):
    skipped = archive.query("""SELECT s.url, s.error, s.method, s.archive_url, l.verdict FROM snapshots s
                               JOIN links l ON l.url = s.url WHERE s.status = 'skipped'""")
    submitted = {r["form"]["url"] for log in archive.logs for r in saves(log)}
    assert skipped
    for row in skipped:
        assert row["verdict"] in ("dead", "dying"), row["url"]
        assert row["error"] == f"no capture, and the page is not worth saving: the link is {row['verdict']}"
        assert (row["method"], row["archive_url"]) == (None, None)
        assert row["url"] not in submitted
    assert sum(report.counts.get("skipped", 0) for report in archive.reports) == len(skipped)
    assert f"skipped {len(skipped)}" in archive.reports[0].summary_line()


def test_failed_means_save_page_now_said_no(archive):
    failed = archive.query("SELECT url, error FROM snapshots WHERE status = 'failed'")
    submitted = {r["form"]["url"] for log in archive.logs for r in saves(log)}
    assert failed
    for row in failed:
        assert row["url"] in submitted and row["error"].startswith("error:"), dict(row)


# --------------------------------------------------------------------- saves


def test_saves_for_the_rest_with_job_polling(archive):
    saved = archive.query("SELECT url, timestamp, archive_url FROM snapshots WHERE status = 'saved'")
    assert len(saved) >= 5
    jobs = {j["url"]: j for j in archive.jobs()}
    for row in saved:
        assert row["archive_url"] == f"https://web.archive.org/web/{row['timestamp']}/{row['url']}"
    polled = [j for j in jobs.values() if j["status"] == "success"]
    assert polled and all(j["polls"] >= 2 for j in polled)
    status_calls = [r for log in archive.logs for r in log if r["path"].startswith("/save/status/spn2-")]
    assert status_calls
    # SPN2 is told the same freshness rule as the lookup used (--max-age, 30 days by default).
    windows = {r["form"]["if_not_archived_within"] for log in archive.logs for r in saves(log)}
    assert windows == {"30d"}


def test_the_rate_limit_held(archive):
    for log in archive.logs:
        posts = [r["vt"] for r in saves(log)]
        assert all(b - a >= 15 - 1e-6 for a, b in zip(posts, posts[1:])), posts
        lookups = [r["vt"] for r in log if r["path"].startswith(("/cdx/", "/save/status"))]
        assert all(b - a >= 2.5 - 1e-6 for a, b in zip(lookups, lookups[1:]))


def test_a_429_pauses_everything(archive):
    log = archive.logs[1]
    limited = next(i for i, r in enumerate(log) if r["status"] == 429)
    after = [r for r in log[limited + 1:]]
    assert after and all(r["vt"] - log[limited]["vt"] >= 30 - 1e-6 for r in after)


def test_scripted_faults(archive):
    status = {r["url"]: r for r in archive.query("SELECT * FROM snapshots")}
    pending = status[fault_url("job_stays_pending")]
    assert pending["status"] == "pending" and pending["job_id"].startswith("spn2-")
    refused = status[fault_url("save_error")]
    assert refused["status"] == "failed" and "error:too-many-daily-captures" in refused["error"]
    cloudflare = status[fault_url("save_http_status")]
    assert cloudflare["status"] == "found"  # the 523 hid a capture that CDX showed next run
    limited = status[fault_url("rate_limit_once")]
    assert limited["status"] == "saved"


def test_a_submitted_job_is_polled_not_resubmitted(archive):
    posts = Counter(r["form"]["url"] for log in archive.logs for r in saves(log))
    pending_url = fault_url("job_stays_pending")
    assert posts[pending_url] == 1
    assert any(r["path"].startswith("/save/status/spn2-") for r in archive.logs[2])
    resubmitted = {url for url, n in posts.items() if n > 1}
    assert resubmitted <= {fault_url("rate_limit_once"), fault_url("save_http_status")}


def test_drift_against_the_capture_the_author_saw(archive):
    rows = archive.query("SELECT url, capture_drift FROM links WHERE capture_drift IS NOT NULL")
    assert len(rows) >= 5
    moved = [r for r in rows if r["capture_drift"] > 0.3]
    assert moved and len(moved) < len(rows)


# ----------------------------------------------------------- the real command


def run_archive(net: LocalInternet, db: Path, env_keys: bool = True) -> subprocess.Popen[str]:
    env = net.subprocess_env()
    if env_keys:
        env.update(IA_ACCESS_KEY=ACCESS, IA_SECRET_KEY=SECRET)
    return subprocess.Popen([sys.executable, "-m", "avimcrawl", "archive", "--db", str(db), "--per-minute", "600",
                             "--cdx-per-second", "100", "--now", STAMP], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_and_rerun_submits_nothing_twice(tmp_path):
    with LocalInternet().start(SITES_DIR, tmp_path / "internet") as net:
        db = tmp_path / "archive" / "avim.sqlite"
        crawl = subprocess.run([sys.executable, "-m", "avimcrawl", "crawl", "--db", str(db), "--delay", "0",
                                "--timeout", "3", "--now", STAMP, "--lang", "en"], env=net.subprocess_env(),
                               capture_output=True, text=True, timeout=600, cwd=ROOT)
        assert crawl.returncode == 0, crawl.stderr[-2000:]
        # Killed while polling submitted jobs (their ids are stored before the first poll), twice.
        for kill_after in (1, 4):
            seen = len(net.requests())
            first = run_archive(net, db)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and len(polls(net.requests()[seen:])) < kill_after and first.poll() is None:
                time.sleep(0.02)
            first.send_signal(signal.SIGKILL)
            first.communicate()
        final = run_archive(net, db)
        out, err = final.communicate(timeout=300)
        assert final.returncode == 0, err[-2000:]
        posts = Counter(r["form"]["url"] for r in saves(net.requests()))
        twice = {url for url, n in posts.items() if n > 1}
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {row[0] for row in conn.execute("SELECT job_id FROM snapshots WHERE job_id IS NOT NULL")}
        # A kill in the instant between SPN2's answer and storing the job id leaves a job the
        # archive never learnt of (never polled): only its URL may be submitted again (README).
        orphans = {job["url"] for job in json.loads(net.control("/wayback/jobs"))
                   if job["job_id"] not in stored and job["polls"] == 0}
        assert len(orphans) <= 2
        assert twice <= {fault_url("rate_limit_once"), fault_url("save_http_status")} | orphans, twice
        assert ACCESS not in out + err and SECRET not in out + err


def test_keys_never_reach_the_database_or_the_output(archive):
    result = run_archive(archive.net, archive.db_path)
    out, err = result.communicate(timeout=300)
    assert result.returncode == 0, err[-2000:]
    assert out.startswith("archive: ")
    for path in archive.db_path.parent.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert ACCESS.encode() not in content and SECRET.encode() not in content, path
    assert ACCESS not in out + err and SECRET not in out + err


# ------------------------------------------------------------ the daily cap


def user_reads(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in log if r["path"] == "/save/status/user"]


DAILY_LIMIT_REASON = "daily Save Page Now limit reached"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalInternet, Path]]:
    """A crawl of the English pages, kept untouched: each test archives a copy of it."""
    tmp = tmp_path_factory.mktemp("crawled")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        db = tmp / "crawled.sqlite"
        crawl = subprocess.run([sys.executable, "-m", "avimcrawl", "crawl", "--db", str(db), "--delay", "0",
                                "--timeout", "3", "--now", STAMP, "--lang", "en"], env=net.subprocess_env(),
                               capture_output=True, text=True, timeout=600, cwd=ROOT)
        assert crawl.returncode == 0, crawl.stderr[-2000:]
        yield net, db


@pytest.fixture
def fresh(crawled: tuple[LocalInternet, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Archive:
    """A copy of the crawl, never archived, and a Wayback Machine as its files describe it."""
    net, crawled_db = crawled
    net.control("/wayback/reset")
    db = tmp_path / "avim.sqlite"
    with sqlite3.connect(crawled_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    for name, value in net.env.items():
        monkeypatch.setenv(name, value)
    return Archive(net, db, FakeClock(NOW.timestamp(), publish=net.state_dir / "clock"))


def held_for_the_daily_limit(archive: Archive) -> list[str]:
    return [row["url"] for row in archive.query(
        "SELECT url FROM snapshots WHERE status = 'pending' AND error LIKE ? ORDER BY url", DAILY_LIMIT_REASON + "%")]


def test_the_daily_cap_stops_saves_and_the_next_day_saves_the_rest(fresh):
    fresh.net.control("/wayback/fault?daily_limit=2")
    first = fresh.run(keys=Keys(ACCESS, SECRET))
    log = fresh.logs[-1]
    held = held_for_the_daily_limit(fresh)
    assert len(saves(log)) == 2
    assert len(fresh.query("SELECT url FROM snapshots WHERE status = 'saved'")) == 2
    assert len(held) >= 2
    assert all(row["error"] == "daily Save Page Now limit reached (2/2); saving next run" and row["job_id"] is None
               for row in fresh.query("SELECT error, job_id FROM snapshots WHERE url IN (%s)" % ",".join("?" * len(held)),
                                      *held))
    assert not fresh.query("SELECT url FROM snapshots WHERE status = 'failed'")
    assert first.summary_line().endswith(
        f"; daily Save Page Now limit reached (2/2): {len(held)} saves left queued for the next run")
    # Read before the first save, then once more when its own count said the cap was spent.
    reads = user_reads(log)
    assert len(reads) == 2 and log.index(reads[0]) < log.index(saves(log)[0]) and log.index(reads[1]) > log.index(saves(log)[1])
    # Lookups went on: every URL of the queue was looked up.
    assert len(cdx(log)) == fresh.query("SELECT count(*) FROM snapshots")[0][0]

    # The next day, with the cap renewed: the URLs held back are saved, each once.
    fresh.clock.sleep(86400)
    fresh.net.control("/wayback/fault?daily_limit=100000")
    second = fresh.run(keys=Keys(ACCESS, SECRET), now=NOW + timedelta(days=1))
    log = fresh.logs[-1]
    assert sorted(r["form"]["url"] for r in saves(log)) == held
    assert not held_for_the_daily_limit(fresh)
    assert second.daily_limit is None and "daily" not in second.summary_line()
    status = {row["url"]: row["status"] for row in fresh.query("SELECT url, status FROM snapshots")}
    saved = [url for url in held if status[url] == "saved"]
    faults = {fault_url(key) for key in ("job_stays_pending", "save_error", "save_http_status", "rate_limit_once")}
    assert set(held) - set(saved) <= faults and second.counts["saved"] == len(saved)
    # The quota is read before the first save and again after every 10 (ArchiveOptions.quota_every).
    events = [r for r in log if r in user_reads(log) or r in saves(log)]
    assert events[0]["path"] == "/save/status/user"
    runs, since = [], 0
    for event in events[1:]:
        if event["path"] == "/save/status/user":
            runs.append(since)
            since = 0
        else:
            since += 1
    assert all(n <= 10 for n in [*runs, since]) and len(user_reads(log)) >= math.ceil(len(held) / 10)


class ClockWithAnotherClient(FakeClock):
    """Once our run has submitted its first save, another client of the same account saves
    two pages while our run waits to save the next."""

    def __init__(self, state: Path, start: datetime, net: LocalInternet, urls: list[str]) -> None:
        super().__init__(start.timestamp(), publish=state / "clock")
        self.net, self.urls, self.done = net, urls, False

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        if not self.done and saves(self.net.requests()):
            self.done = True
            with requests.Session() as web:
                web.trust_env = False
                web.proxies = self.net.proxies
                web.verify = str(self.net.ca_path)
                for url in self.urls:
                    answer = web.post("https://web.archive.org/save", data={"url": url}, timeout=10,
                                      headers={"Authorization": f"LOW {ACCESS}:{SECRET}", "Accept": "application/json"})
                    assert answer.json()["job_id"]


def test_a_refusal_for_the_daily_cap_leaves_the_url_pending(fresh):
    elsewhere = ["https://www.dailysabah.com/elsewhere-1", "https://www.dailysabah.com/elsewhere-2"]
    fresh.clock = ClockWithAnotherClient(fresh.net.state_dir, NOW, fresh.net, elsewhere)
    fresh.net.control("/wayback/fault?daily_limit=3")
    report = fresh.run(keys=Keys(ACCESS, SECRET))
    log = fresh.logs[-1]
    ours = [r for r in saves(log) if r["form"]["url"] not in elsewhere]
    assert len(ours) == 2  # the second was refused: the other client spent the cap
    refused = fresh.query("SELECT status, error, job_id FROM snapshots WHERE url = ?", ours[1]["form"]["url"])[0]
    assert dict(refused) == {"status": "pending", "error": "daily Save Page Now limit reached (3/3); saving next run",
                             "job_id": None}
    assert not fresh.query("SELECT url FROM snapshots WHERE status = 'failed'")
    held = held_for_the_daily_limit(fresh)
    assert ours[1]["form"]["url"] in held
    assert report.summary_line().endswith(
        f"; daily Save Page Now limit reached (3/3): {len(held)} saves left queued for the next run")
    reads = user_reads(log)
    assert len(reads) == 2 and log.index(reads[1]) > log.index(ours[1])  # the refusal made the run ask


# ---------------------------------------------------------- an older archive


def test_old_not_worth_saving_failures_read_as_skipped(tmp_path):
    path = tmp_path / "old.sqlite"
    old = sqlite_utils.Database(path)
    store.migrations.apply(old, stop_before="m008_skipped_snapshots")
    rows = {
        "https://gone.example/a": ("failed", "no capture, and the page is not worth saving"),
        "https://full.example/b": ("failed", "error:too-many-daily-captures: This URL has been already captured 10 times today."),
        "https://alive.example/c": ("found", None),
    }
    old["snapshots"].insert_all([{"url": url, "kind": "link", "status": status, "error": error}  # type: ignore[union-attr]
                                 for url, (status, error) in rows.items()])
    old.close()
    db = store.open_db(path)
    try:
        after = {row["url"]: (row["status"], row["error"]) for row in db.query("SELECT url, status, error FROM snapshots")}
    finally:
        db.close()
    assert after == {
        "https://gone.example/a": ("skipped", "no capture, and the page is not worth saving"),
        "https://full.example/b": rows["https://full.example/b"],
        "https://alive.example/c": ("found", None),
    }


def test_a_skipped_link_that_comes_back_to_life_is_queued_again(tmp_path):
    db = store.open_db(tmp_path / "avim.sqlite")
    try:
        links = {"https://back.example/a": "alive", "https://still.example/b": "dead", "https://blocked.example/c": "blocked"}
        db["links"].insert_all([{"url": url, "verdict": verdict} for url, verdict in links.items()])  # type: ignore[union-attr]
        db["snapshots"].insert_all([{"url": url, "kind": "link", "status": "skipped",  # type: ignore[union-attr]
                                     "error": "no capture, and the page is not worth saving: the link is dead"}
                                    for url in links])
        assert store.requeue_skipped(db, STAMP, WORTH_SAVING) == 2
        after = {row["url"]: (row["status"], row["error"]) for row in db.query("SELECT url, status, error FROM snapshots")}
    finally:
        db.close()
    assert after == {"https://back.example/a": ("pending", None), "https://blocked.example/c": ("pending", None),
                     "https://still.example/b": ("skipped", "no capture, and the page is not worth saving: the link is dead")}

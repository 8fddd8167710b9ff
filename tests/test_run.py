"""`avimcrawl run`: every stage for a scheduler, one lock, one summary line, honest exit codes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.internet.client import SITES_DIR, LocalInternet

ROOT = Path(__file__).parent.parent
FAST = ["--delay", "0", "--timeout", "3", "--now", "2026-03-01T09:00:00Z", "--cdx-per-second", "500"]


def avimcrawl(net: LocalInternet, *args: str) -> subprocess.CompletedProcess[str]:
    env = net.subprocess_env()
    env.pop("IA_ACCESS_KEY", None)
    env.pop("IA_SECRET_KEY", None)
    return subprocess.run([sys.executable, "-m", "avimcrawl", *args], env=env, capture_output=True, text=True,
                          timeout=600, cwd=ROOT)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("run")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        db = tmp / "archive" / "avim.sqlite"
        yield net, db, avimcrawl(net, "run", "--db", str(db), *FAST)


def test_a_run_does_every_stage_and_says_so_in_one_line(first_run):
    _, db, result = first_run
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    with sqlite3.connect(db) as conn:
        commentaries, links = conn.execute("SELECT (SELECT count(*) FROM commentaries), (SELECT count(*) FROM links)").fetchone()
    assert lines[0].startswith(f"run ok: {commentaries} new commentaries; {links} links checked; ")
    assert "report " in lines[0]
    assert (db.parent / "reports" / "avimcrawl-2026-03-01.html").is_file()
    assert (db.parent / "reports" / "avimcrawl-2026-03-01.md").is_file()
    assert list((db.parent / "warc").glob("*.warc.gz"))


def test_dead_links_are_findings_not_failures(first_run):
    _, _, result = first_run
    assert "dying" in result.stdout or "dead" in result.stdout
    assert result.returncode == 0


def test_a_second_concurrent_run_exits_at_once_with_the_lock_message(first_run, tmp_path):
    net, db, _ = first_run
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from avimcrawl.lock import run_lock\n"
         "with run_lock(Path(sys.argv[1]), 'the test'):\n    print('held', flush=True); time.sleep(60)",
         str(db.with_name(db.name + ".lock"))], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        second = avimcrawl(net, "run", "--db", str(db), *FAST)
        assert time.monotonic() - started < 20
        assert second.returncode == 3
        assert second.stderr.strip().startswith("avimcrawl run: another avimcrawl run holds ")
        assert "pid" in second.stderr and "not starting a second one" in second.stderr
        assert second.stdout == ""
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_failed_stage_fails_the_run_and_the_last_line_says_why(first_run, tmp_path):
    net, db, _ = first_run
    reports = tmp_path / "reports"
    (reports / "avimcrawl-2026-03-01.html").mkdir(parents=True)  # the report's file name is taken by a folder
    result = avimcrawl(net, "run", "--db", str(db), "--report-dir", str(reports), *FAST)
    assert result.returncode == 1
    assert result.stdout.startswith("run FAILED: ")
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("avimcrawl run FAILED: the report stage failed: Is a directory: ")
    assert "Traceback" not in result.stderr


def test_an_unwritable_report_folder_is_refused_before_any_fetch(first_run, tmp_path):
    net, db, _ = first_run
    blocker = tmp_path / "reports-is-a-file"
    blocker.write_text("not a folder")
    net.clear_log()
    result = avimcrawl(net, "run", "--db", str(db), "--report-dir", str(blocker), *FAST)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot write in {blocker}: it is a file, not a folder (choose another --report-dir)"]
    assert net.urls() == []


def test_lock_is_released_after_a_run(first_run):
    net, db, _ = first_run
    again = avimcrawl(net, "run", "--db", str(db), *FAST)
    assert again.returncode == 0, again.stderr[-2000:]
    assert again.stdout.startswith("run ok: 0 new commentaries")

"""Faults injected into real runs: the network going down, the disk filling up, the WARC
folder unwritable, a long reader on the database, Ctrl-C once and twice.

Each asserts what a scheduler sees (the exit status and the last line), that the database
is not corrupt, and that a rerun without the fault ends with the same archive as a run that
was never disturbed. (SIGKILL at random points: tests/test_resume.py; SIGKILL while a save
is polled: tests/test_archive.py.)
"""

from __future__ import annotations

import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.internet.client import SITES_DIR, LocalInternet
from tests.toolkit import ROOT, archive_state

NOW = "2026-03-01T09:00:00Z"
LATER = "2026-03-09T09:00:00Z"  # every link due for a re-check
FAST = ["--delay", "0", "--timeout", "3"]
CRAWL = ["crawl", *FAST, "--now", NOW]
CHECK = ["check", *FAST, "--now", LATER]


def command(db: Path, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "avimcrawl", *args, "--db", str(db)]


def run(net: LocalInternet, db: Path, args: list[str], file_limit: int | None = None
        ) -> subprocess.CompletedProcess[str]:
    """The command, optionally under a file-size limit (`ulimit -f`): writes past it fail with EFBIG."""
    env = net.subprocess_env()
    env.pop("IA_ACCESS_KEY", None)
    env.pop("IA_SECRET_KEY", None)
    return subprocess.run(command(db, args), env=env, capture_output=True, text=True, timeout=600, cwd=ROOT,
                          preexec_fn=_file_size_limit(file_limit) if file_limit else None)


def _file_size_limit(size: int):  # noqa: ANN202 (a preexec_fn)
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.strip().splitlines()[-1]


def failed_with(result: subprocess.CompletedProcess[str], command_name: str, cause: str) -> None:
    """Exit 1, the last line naming the cause, never a traceback."""
    assert result.returncode == 1, result.stderr[-3000:]
    assert last_line(result).startswith(f"avimcrawl {command_name} FAILED: "), result.stderr[-3000:]
    assert cause in last_line(result), last_line(result)
    assert "Traceback" not in result.stderr


def warc_records_readable(folder: Path) -> int:
    """Every WARC file reads to its end (no partial record left by a failed write)."""
    count = 0
    for path in sorted(folder.glob("*.warc.gz")):
        with path.open("rb") as handle:
            count += sum(1 for _ in ArchiveIterator(handle))
    return count


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An archive built undisturbed: a crawl, then a re-check of what is due eight days later."""
    tmp = tmp_path_factory.mktemp("reference")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        db = tmp / "archive" / "avim.sqlite"
        ok(run(net, db, CRAWL))
        shutil.copytree(db.parent, tmp / "crawled")  # as it was before the re-check
        ok(run(net, db, CHECK))
        yield db


def crawled(reference: Path) -> Path:
    return reference.parent.parent / "crawled" / reference.name


@pytest.fixture
def net(tmp_path: Path) -> Iterator[LocalInternet]:
    with LocalInternet().start(SITES_DIR, tmp_path / "internet") as internet:
        yield internet


# ----------------------------------------------------------------------------- the network


def test_the_site_unreachable_fails_crawl_and_run_in_one_line(tmp_path):
    down = LocalInternet().start(SITES_DIR, tmp_path / "internet")
    down.stop()  # its address now refuses every connection: the network is down
    db = tmp_path / "archive" / "avim.sqlite"
    crawl = run(down, db, CRAWL)
    failed_with(crawl, "crawl", "the network is down: the HTTP proxy http://127.0.0.1:")
    assert "0 listing pages" in crawl.stdout
    scheduled = run(down, db, ["run", *FAST, "--now", NOW])
    failed_with(scheduled, "run", "the network is down")
    assert scheduled.stdout.startswith("run FAILED: ")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0  # not the pages' fault
        assert conn.execute("SELECT count(*) FROM checks").fetchone()[0] == 0


def test_network_down_mid_crawl_then_a_rerun_ends_as_an_undisturbed_crawl(reference, tmp_path):
    db = tmp_path / "archive" / "avim.sqlite"
    with LocalInternet().start(SITES_DIR, tmp_path / "internet") as net:
        process = subprocess.Popen(command(db, CRAWL), env=net.subprocess_env(), cwd=ROOT, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and sum("/Yorum/" in url for url in net.urls("GET")) < 3:
            time.sleep(0.01)
        net.stop()  # the proxy goes away mid-crawl: new connections are refused
        out, err = process.communicate(timeout=300)
    result = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    failed_with(result, "crawl", "network")
    archive_state(db)  # not corrupt

    with LocalInternet().start(SITES_DIR, tmp_path / "internet-back") as back:
        ok(run(back, db, CRAWL))
    assert archive_state(db) == archive_state(crawled(reference))


# ------------------------------------------------------------------------------ the disk


@pytest.mark.parametrize("limit_kb", [400, 1500])
def test_disk_full_during_a_crawl_stops_it_and_the_rerun_fetches_what_was_lost(reference, net, tmp_path, limit_kb):
    db = tmp_path / "archive" / "avim.sqlite"
    ok(run(net, db, [*CRAWL, "--max-commentaries", "1", "--no-sources"]))  # the database exists
    full = run(net, db, CRAWL, file_limit=limit_kb * 1024)
    failed_with(full, "crawl", "could not write ")
    assert "File too large" in last_line(full) or "disk is full" in last_line(full) or "disk I/O" in last_line(full)
    warc_records_readable(db.parent / "warc")
    ok(run(net, db, CRAWL))
    assert archive_state(db) == archive_state(crawled(reference))
    warc_records_readable(db.parent / "warc")


def test_disk_full_during_a_check(reference, net, tmp_path):
    db = tmp_path / "archive" / "avim.sqlite"
    shutil.copytree(crawled(reference).parent, db.parent)
    full = run(net, db, CHECK, file_limit=300 * 1024)
    failed_with(full, "check", "could not write ")
    ok(run(net, db, CHECK))
    assert archive_state(db) == archive_state(reference)
    warc_records_readable(db.parent / "warc")


def snapshots(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT url, status, timestamp, archive_url, method, error FROM snapshots "
                            "ORDER BY url").fetchall()


def test_disk_full_during_archive(reference, net, tmp_path):
    archive = ["archive", "--cdx-per-second", "500", "--now", NOW]
    undisturbed = tmp_path / "undisturbed" / "avim.sqlite"
    shutil.copytree(crawled(reference).parent, undisturbed.parent)
    ok(run(net, undisturbed, archive))

    db = tmp_path / "archive" / "avim.sqlite"
    shutil.copytree(crawled(reference).parent, db.parent)
    full = run(net, db, archive, file_limit=64 * 1024)  # room for the shared-memory file, not for the log
    failed_with(full, "archive", "")
    assert "disk" in last_line(full) or "File too large" in last_line(full), last_line(full)
    ok(run(net, db, archive))
    assert snapshots(db) == snapshots(undisturbed)


def test_an_unwritable_warc_folder_is_refused_before_any_fetch(net, tmp_path):
    db = tmp_path / "archive" / "avim.sqlite"
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    warc = blocker / "warc"  # cannot be made (tests may run as root, where permissions do not stop writes)
    for args in (CRAWL, CHECK, ["run", *FAST, "--now", NOW]):
        if args is CHECK:
            ok(run(net, db, [*CRAWL, "--max-commentaries", "1"]))
            net.clear_log()
        result = run(net, db, [*args, "--warc-dir", str(warc)])
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip() == f"Error: cannot write in {warc}: Not a directory (choose another --warc-dir)"
        assert net.urls() == []


# -------------------------------------------------------------------- a reader, and Ctrl-C


def test_a_long_reader_does_not_stop_a_run(reference, net, tmp_path):
    db = tmp_path / "archive" / "avim.sqlite"
    shutil.copytree(crawled(reference).parent, db.parent)
    reader = sqlite3.connect(db, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM commentaries, citations").fetchone()  # holds a read snapshot
        result = run(net, db, ["run", *FAST, "--now", LATER, "--cdx-per-second", "500"])
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stdout.strip().splitlines()[-1].startswith("run ok: ")
        assert reader.execute("SELECT count(*) FROM checks").fetchone()[0] == \
            len(archive_state(crawled(reference))["links"])  # the reader's snapshot: before the run
    finally:
        reader.close()
    assert archive_state(db) == archive_state(reference)


def interrupt(net: LocalInternet, db: Path, args: list[str], after: int, times: int
              ) -> subprocess.CompletedProcess[str]:
    """Start the command, and send SIGINT `times` times once the local internet saw `after` GETs."""
    process = subprocess.Popen(command(db, args), env=net.subprocess_env(), cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(net.urls("GET")) < after and process.poll() is None:
        time.sleep(0.01)
    for _ in range(times):
        process.send_signal(signal.SIGINT)
        time.sleep(0.2)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_ctrl_c_twice_stops_at_once_without_a_traceback_and_the_rerun_resumes(reference, net, tmp_path):
    db = tmp_path / "archive" / "avim.sqlite"
    result = interrupt(net, db, CRAWL, after=6, times=2)
    failed_with(result, "crawl", "interrupted")
    archive_state(db)
    ok(run(net, db, CRAWL))
    assert archive_state(db) == archive_state(crawled(reference))


def test_ctrl_c_in_the_sources_stage_says_it_stopped_early(reference, net, tmp_path):
    db = tmp_path / "archive" / "avim.sqlite"
    pages = len(archive_state(crawled(reference))["commentaries"])
    result = interrupt(net, db, CRAWL, after=pages + 2 + 15, times=1)  # listings, commentaries, then sources
    failed_with(result, "crawl", "stopped early (interrupted)")
    assert "sources: " in result.stdout
    ok(run(net, db, CRAWL))
    assert archive_state(db) == archive_state(crawled(reference))

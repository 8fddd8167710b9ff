"""Kill a real crawl with SIGKILL at random points, rerun it, and compare the archive with
one built by an uninterrupted crawl: nothing lost, nothing duplicated, no corruption."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.internet.client import SITES_DIR, LocalInternet
from tests.toolkit import ARCHIVE_QUERIES, archive_state

ROOT = Path(__file__).parent.parent
NOW = "2026-03-01T09:00:00Z"
CRAWL = ["crawl", "--delay", "0", "--timeout", "3", "--now", NOW]
CHECK = ["check", "--delay", "0", "--timeout", "3", "--now", "2026-03-09T09:00:00Z"]  # --due

def command(net: LocalInternet, db: Path, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "avimcrawl", *args, "--db", str(db)]


def run(net: LocalInternet, db: Path, args: list[str]) -> None:
    result = subprocess.run(command(net, db, args), env=net.subprocess_env(), capture_output=True, text=True,
                            timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]


def kill_after(net: LocalInternet, db: Path, args: list[str], requests: int) -> None:
    """Start the command and SIGKILL it once the local internet has seen `requests` more GETs."""
    before = len(net.urls("GET"))
    process = subprocess.Popen(command(net, db, args), env=net.subprocess_env(), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline and len(net.urls("GET")) - before < requests:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_killed_and_resumed_equals_uninterrupted(tmp_path):
    randomness = random.Random(20260224)
    with LocalInternet().start(SITES_DIR, tmp_path / "internet") as net:
        reference = tmp_path / "reference" / "avim.sqlite"
        run(net, reference, CRAWL)
        run(net, reference, CHECK)

        resumed = tmp_path / "resumed" / "avim.sqlite"
        for _ in range(3):  # the crawl, killed at three random points
            kill_after(net, resumed, CRAWL, randomness.randint(3, 90))
            archive_state(resumed)  # never corrupt, whatever the moment
        run(net, resumed, CRAWL)
        for _ in range(2):  # the re-check of what is due, killed twice
            kill_after(net, resumed, CHECK, randomness.randint(3, 60))
        run(net, resumed, CHECK)

        expected, actual = archive_state(reference), archive_state(resumed)
        for name in ARCHIVE_QUERIES:
            assert actual[name] == expected[name], name
        assert len(expected["commentaries"]) == 16 and len(expected["links"]) > 60

"""Progress lines: live on a terminal, periodic log lines otherwise."""

from __future__ import annotations

import io
import logging
import re

from avimcrawl.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_live_line_on_a_terminal_with_rate_and_eta():
    stream, clock = Terminal(), Ticks()
    progress = Progress("sources", 70, stream=stream, clock=clock)
    for _ in range(35):
        clock.now += 0.1
        progress.advance()
    progress.finish()
    frames = stream.getvalue().split("\r\x1b[2K")
    assert re.fullmatch(r"sources: 3[2-5]/70 · 10\.0/s · ETA [34]s", frames[-2])
    assert frames[-1] == "sources: 35 done in 3.5 s (10.0/s)\n"
    assert len(frames) < 35  # redrawn at most 4 times a second, not on every step


def test_periodic_log_lines_when_not_a_terminal(caplog):
    stream, clock = io.StringIO(), Ticks()
    progress = Progress("archive", 100, stream=stream, clock=clock, log_every=30)
    with caplog.at_level(logging.INFO, logger="avimcrawl.progress"):
        for _ in range(100):
            clock.now += 1
            progress.advance()
        progress.finish()
    assert stream.getvalue() == ""
    lines = [r.getMessage() for r in caplog.records]
    assert lines[:3] == ["archive: 30/100 · 1.0/s · ETA 1m10s", "archive: 60/100 · 1.0/s · ETA 40s",
                         "archive: 90/100 · 1.0/s · ETA 10s"]
    assert lines[-1] == "archive: 100 done in 100.0 s (1.0/s)"


def test_unknown_total_shows_a_count():
    stream, clock = Terminal(), Ticks()
    progress = Progress("commentaries", None, stream=stream, clock=clock)
    clock.now += 1
    progress.advance()
    assert stream.getvalue().endswith("commentaries: 1 · 1.0/s")

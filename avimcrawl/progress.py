"""Progress of long work on stderr: a live line on a terminal, plain log lines otherwise.

On a terminal: `sources: 35/70 · 12.4/s · ETA 3s`, redrawn in place at most 4 times a
second. Not on a terminal (cron, systemd, a pipe): one log line every
AVIMCRAWL_PROGRESS_EVERY seconds (default 30), so a journal is not flooded. Both end with
a last line giving the count, the time taken and the rate.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import IO, TYPE_CHECKING, Any

from scrapy import signals

from avimcrawl.stats import SourcesStat

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("avimcrawl.progress")
REDRAW_EVERY = 0.25


class Progress:
    def __init__(self, label: str, total: int | None = None, stream: IO[str] | None = None,
                 log_every: float = 30.0, clock: Any = time.monotonic) -> None:
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.log_every = log_every
        self.clock = clock
        self.done = 0
        self.started = clock()
        self._last_shown = self.started

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        now = self.clock()
        if now - self._last_shown >= (REDRAW_EVERY if self.live else self.log_every):
            self._last_shown = now
            self._show(now)

    def finish(self) -> None:
        elapsed = max(self.clock() - self.started, 1e-9)
        line = f"{self.label}: {self.done} done in {elapsed:.1f} s ({self.done / elapsed:.1f}/s)"
        if self.live:
            self.stream.write("\r\x1b[2K" + line + "\n")
            self.stream.flush()
        else:
            logger.info("%s", line)

    def _show(self, now: float) -> None:
        line = self._status(now)
        if self.live:
            self.stream.write("\r\x1b[2K" + line)
            self.stream.flush()
        else:
            logger.info("%s", line)

    def _status(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        eta = ""
        if self.total and rate > 0 and self.done < self.total:
            eta = f" · ETA {_duration((self.total - self.done) / rate)}"
        return f"{self.label}: {count} · {rate:.1f}/s{eta}"


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class ProgressExtension:
    """Scrapy extension: counts the items a spider yields (commentaries, or checks)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.progress: Progress | None = None
        self.log_every = crawler.settings.getfloat("AVIMCRAWL_PROGRESS_EVERY", 30.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Any) -> None:
        if self.progress is None:
            assert self.crawler.stats is not None and self.crawler.spider is not None
            total = self.crawler.stats.get_value(SourcesStat.QUEUED)
            self.progress = Progress(self.crawler.spider.name, total, log_every=self.log_every)
        self.progress.advance()

    def spider_closed(self) -> None:
        if self.progress is not None:
            self.progress.finish()

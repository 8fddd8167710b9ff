"""Stopping a crawl whose own side failed: the network is down, or the archive cannot be written.

A cited site that fails is a finding (linkhealth.py) and the run goes on. Our own side
failing is not a finding: it must not be recorded against a page, and the run must stop
and say so instead of reporting success. Two kinds:

* **The network is down**: the HTTP proxy we were told to use refuses the connection or
  cannot be reached, or the machine has no route. A proxy answers for the sites behind it
  (an unreachable site is a 502 from the proxy), so a failure to connect *to the proxy* is
  never the cited site's fault. A slow or dead site is a timeout or DNS error instead,
  and stays a finding. After `AVIMCRAWL_NETWORK_DOWN_AFTER` such failures in a row the
  crawl stops; a failure of this kind is never recorded, so the next run fetches the page.
* **A write failed**: a WARC record or a database row could not be written (disk full,
  file-size limit, permissions). The crawl stops at once; the page whose record was lost
  is not stored, so the next run fetches it again.

The cause is kept in the crawl's stats (`STOP_CAUSE`), one line, for the command to print.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from twisted.internet.error import ConnectionRefusedError, NoRouteError, TCPTimedOutError
from twisted.internet.defer import Deferred
from scrapy.utils.defer import deferred_from_coro

from avimcrawl.linkhealth import causes

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

DEFAULT_NETWORK_DOWN_AFTER = 3
STOP_CAUSE = "avimcrawl/stop_cause"
"""Stats key: why the crawl was stopped on our side, as one line."""
NOT_REACHED = "avimcrawl/not_reached"
"""Stats key: requests that failed on our side and were not recorded."""


class StopReason(StrEnum):
    """Why a crawl ended: Scrapy's `finish_reason`, with ours."""

    FINISHED = "finished"
    SHUTDOWN = "shutdown"
    """Ctrl-C or SIGTERM: Scrapy stopped gracefully."""
    NETWORK_DOWN = "network_down"
    WRITE_FAILED = "write_failed"


class WriteFailed(IgnoreRequest):
    """A response whose WARC record could not be written: dropped, so nothing claims to keep it."""


def network_failure(error: BaseException, request: Request) -> str | None:
    """Why a failed request says our network is down, or None when the failure is the site's."""
    proxy = request.meta.get("proxy")
    for cause in causes(error):  # Scrapy >= 2.14 wraps Twisted's errors in its own
        if proxy and isinstance(cause, (ConnectionRefusedError, TCPTimedOutError, NoRouteError)):
            return f"the HTTP proxy {_without_credentials(proxy)} cannot be reached ({_reason(cause)})"
        if isinstance(cause, NoRouteError):
            return f"no route to the network ({_reason(cause)})"
    return None


def is_ours(failure: Failure) -> bool:
    """A request that failed on our side: the errback must record nothing against the page."""
    request = getattr(failure, "request", None)
    return bool(failure.check(WriteFailed)) or (request is not None and network_failure(failure.value, request) is not None)


def count_not_reached(crawler: Crawler, failure: Failure) -> None:
    """For an errback: a request that failed on our side, recorded nowhere but here."""
    assert crawler.stats is not None
    if not failure.check(WriteFailed):
        crawler.stats.inc_value(NOT_REACHED)


def stop_crawl(crawler: Crawler, reason: StopReason, cause: str) -> None:
    """Stop the crawl now (requests in flight are dropped), keeping the first cause given."""
    assert crawler.stats is not None
    if crawler.stats.get_value(STOP_CAUSE):
        return
    crawler.stats.set_value(STOP_CAUSE, cause)
    logger.error("stopping: %s", cause)
    engine = crawler.engine
    if engine is None:
        return
    from twisted.internet import reactor

    def close() -> None:
        if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
            closing: Deferred[Any] = deferred_from_coro(engine.close_spider_async(reason=reason.value))
        else:  # pragma: no cover - Scrapy 2.13
            closing = engine.close_spider(crawler.spider, reason.value)
        closing.addErrback(lambda failure: logger.debug("closing after %s: %s", reason.value, failure.value))

    reactor.callLater(0, close)  # not from inside the failing download: let it unwind first


class NetworkWatch:
    """Downloader middleware: stops the crawl when our network is down, after a few failures in a row."""

    def __init__(self, crawler: Crawler, down_after: int) -> None:
        self.crawler = crawler
        self.down_after = down_after
        self.failures_in_a_row = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NetworkWatch:
        watch = cls(crawler, crawler.settings.getint("AVIMCRAWL_NETWORK_DOWN_AFTER", DEFAULT_NETWORK_DOWN_AFTER))
        crawler.signals.connect(watch.explain_not_reached, signal=signals.spider_closed)
        return watch

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        self.failures_in_a_row = 0
        return response

    def process_exception(self, request: Request, exception: BaseException, spider: Spider | None = None) -> None:
        cause = network_failure(exception, request)
        if cause is None:
            return None
        self.failures_in_a_row += 1
        if self.failures_in_a_row >= self.down_after:
            stop_crawl(self.crawler, StopReason.NETWORK_DOWN, f"the network is down: {cause}")
        return None

    def explain_not_reached(self) -> None:
        """A failure below the threshold still fails the run: the pages it hit were not checked."""
        assert self.crawler.stats is not None
        missed = self.crawler.stats.get_value(NOT_REACHED, 0)
        if missed and not self.crawler.stats.get_value(STOP_CAUSE):
            self.crawler.stats.set_value(STOP_CAUSE, f"{missed} requests could not leave this machine "
                                                     "(the network failed): the next run fetches them")


def one_line(error: BaseException) -> str:
    """An error as one line for a person: an OS error by its words and file, others by type and text."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}: {error.filename}" if error.filename else error.strerror
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


def _without_credentials(proxy: str) -> str:
    scheme, separator, rest = proxy.partition("://")
    return f"{scheme}{separator}{rest.rpartition('@')[2]}" if separator else proxy.rpartition("@")[2]

"""Downloader middlewares: what one fetch may cost, and how long it took.

ResponseSizeLimit bounds what one response may cost.

Scrapy's DOWNLOAD_MAXSIZE cancels an oversized download and keeps nothing. An archive
wants the opposite: keep the first AVIMCRAWL_MAX_RESPONSE_SIZE bytes, mark the response
as cut (`download_stopped` flag, `WARC-Truncated`), and go on. Decompression stays bounded
by the same limit, so a gzip bomb is refused instead of exhausting memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import StopDownload

from avimcrawl.walls import detect_in_response

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

DEFAULT_MAX_RESPONSE_SIZE = 50 * 1024 * 1024
_RECEIVED = "avimcrawl_bytes_received"


class ResponseSizeLimit:
    def __init__(self, limit: int) -> None:
        self.limit = limit

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResponseSizeLimit:
        middleware = cls(crawler.settings.getint("AVIMCRAWL_MAX_RESPONSE_SIZE", DEFAULT_MAX_RESPONSE_SIZE))
        crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        # `download_maxsize` is read by the download handler (raw bytes) and, later, by
        # HttpCompressionMiddleware (decompressed bytes). Raw bytes are cut by
        # bytes_received below, so the handler must not cancel; see process_response.
        request.meta["download_maxsize"] = 0
        return None

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Any:
        request.meta["download_maxsize"] = self.limit
        request.meta.pop(_RECEIVED, None)
        return response

    def bytes_received(self, data: bytes, request: Request, spider: Spider | None = None) -> None:
        received = request.meta.get(_RECEIVED, 0) + len(data)
        request.meta[_RECEIVED] = received
        if received > self.limit:
            raise StopDownload(fail=False)


ELAPSED = "avimcrawl_elapsed"
"""Request meta key: seconds spent waiting for answers so far in this fetch."""


class FetchTimer:
    """Adds up the time each hop of a fetch waited for its answer (Scrapy's per-hop
    `download_latency`). Redirects and retries copy the request's meta, so the sum spans
    the whole fetch; time spent queued behind other requests to the same site is not in it."""

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Any:
        request.meta[ELAPSED] = request.meta.get(ELAPSED, 0.0) + request.meta.get("download_latency", 0.0)
        return response


def elapsed_ms(meta: dict[str, Any]) -> int | None:
    """Milliseconds a fetch waited for answers; None when no answer ever came."""
    elapsed = meta.get(ELAPSED)
    return int(elapsed * 1000) if elapsed is not None else None


WALL = "avimcrawl_wall"
"""Request meta key: the access wall a response was (walls.Sighting), once read."""


class WallsAreNotRetried:
    """A 503 from Cloudflare's challenge is a wall, not a flaky server: asking again at once
    only knocks on the wall twice. Sits before RetryMiddleware in the response order, reads a
    response Retry would retry, and takes the wall off its hands (`dont_retry`); the sighting
    is kept in the request's meta for the spider, which reads it instead of looking again."""

    def __init__(self, retried: set[int]) -> None:
        self.retried = retried

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WallsAreNotRetried:
        return cls({int(status) for status in crawler.settings.getlist("RETRY_HTTP_CODES")})

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Any:
        request.meta.pop(WALL, None)  # a retry copies the meta of the attempt before it
        if response.status in self.retried:
            sighting = detect_in_response(response, request.meta)
            request.meta[WALL] = sighting
            if sighting is not None:
                request.meta["dont_retry"] = True
        return response

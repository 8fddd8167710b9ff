"""WARC files of everything the crawler received, written with warcio.

`WarcMiddleware` is a downloader middleware placed next to the downloader (after
HttpCompressionMiddleware in response order), so it sees the bytes the server sent, before
decompression and before redirects are followed: every response, robots.txt and error
pages included, becomes a `response` record plus the `request` record that asked for it.
Files are `avimcrawl-<crawl timestamp>-<serial>.warc.gz`, one gzip member per record,
rotated at a size limit, each opening with a `warcinfo` record.
"""

from __future__ import annotations

import http
import io
import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from avimcrawl import USER_AGENT, __version__
from avimcrawl.failstop import StopReason, WriteFailed, stop_crawl

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = 1024**3
META_KEY = "avimcrawl_warc"
"""Request meta key: where the response record of this request was written."""


@dataclass(frozen=True)
class RecordLocation:
    file: str
    """The WARC file's name (in the WARC folder)."""
    offset: int
    """Byte offset of the response record (its gzip member) in that file."""
    status: int


class WarcFileWriter:
    """Appends request/response pairs to rotating, gzip-per-record WARC files.

    Each pair is built in memory and written with unbuffered writes, so a write that fails
    (disk full, a file-size limit) leaves no buffered remainder to land later: the file is
    cut back to where the pair began, stays readable to its end, and the error is raised.
    """

    def __init__(self, directory: Path, crawl_id: str, max_size: int = DEFAULT_MAX_SIZE,
                 description: str = "") -> None:
        self.directory = directory
        self.crawl_id = crawl_id
        self.max_size = max_size
        self.description = description
        self.path: Path | None = None
        self._file: io.FileIO | None = None

    def write_exchange(self, request: Request, response: Response, truncated: bool = False) -> RecordLocation:
        handle = self._current()
        offset = handle.tell()
        self._append(handle, offset, _exchange_records(request, response, truncated))
        assert self.path is not None
        location = RecordLocation(self.path.name, offset, response.status)
        if handle.tell() >= self.max_size:
            self.close()
        return location

    def _append(self, handle: io.FileIO, offset: int, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                written = handle.write(view)
                view = view[written or 0:]
        except OSError:
            self._cut_back(handle, offset)
            raise

    def _cut_back(self, handle: io.FileIO, offset: int) -> None:
        try:
            os.ftruncate(handle.fileno(), offset)
        except OSError as error:  # the file may end in a partial record; a WARC reader stops there
            logger.error("could not cut the partial WARC record off %s: %s", self.path, error)
        self._file = None  # the next write opens a new file
        handle.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file = None

    def _current(self) -> io.FileIO:
        if self._file is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.path = self._next_path()
            handle = io.FileIO(self.path, "xb")
            self._append(handle, 0, _warcinfo_record(self.path.name, self._info()))
            self._file = handle
        return self._file

    def _next_path(self) -> Path:
        serials = [int(m.group(1)) for p in self.directory.glob(f"avimcrawl-{self.crawl_id}-*.warc.gz")
                   if (m := re.search(r"-(\d+)\.warc\.gz$", p.name))]
        serial = max(serials, default=-1) + 1
        return self.directory / f"avimcrawl-{self.crawl_id}-{serial:05d}.warc.gz"

    def _info(self) -> dict[str, str]:
        return {
            "software": f"avimcrawl/{__version__} (Scrapy; warcio)",
            "format": "WARC File Format 1.0",
            "http-header-user-agent": USER_AGENT,
            "robots": "obey",
            "description": self.description or f"avimcrawl crawl {self.crawl_id}",
            "isPartOf": f"avimcrawl-{self.crawl_id}",
        }


def _exchange_records(request: Request, response: Response, truncated: bool) -> bytes:
    """The response record and the request record that asked for it, as two gzip members."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    response_record = writer.create_warc_record(
        response.url, "response", payload=io.BytesIO(response.body), length=len(response.body),
        http_headers=_response_headers(response),
        warc_headers_dict=_response_warc_headers(response, truncated),
    )
    writer.write_record(response_record)
    request_record = writer.create_warc_record(
        request.url, "request", payload=io.BytesIO(request.body or b""), length=len(request.body or b""),
        http_headers=_request_headers(request),
        warc_headers_dict={"WARC-Concurrent-To": response_record.rec_headers.get_header("WARC-Record-ID")},
    )
    writer.write_record(request_record)
    return out.getvalue()


def _warcinfo_record(filename: str, info: dict[str, str]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record(filename, info))
    return out.getvalue()


def _response_headers(response: Response) -> StatusAndHeaders:
    try:
        reason = http.HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    headers = []
    for name, values in response.headers.items():
        key = name.decode("latin-1")
        if key.lower() == "transfer-encoding":
            # The body is stored de-chunked; a replay tool must not try to de-chunk it again.
            key = "X-Crawler-Transfer-Encoding"
        headers += [(key, value.decode("latin-1")) for value in values]
    return StatusAndHeaders(f"{response.status} {reason}".strip(), headers, protocol="HTTP/1.1")


def _request_headers(request: Request) -> StatusAndHeaders:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc)]
    for name, values in request.headers.items():
        if name.lower() != b"proxy-authorization":
            headers += [(name.decode("latin-1"), value.decode("latin-1")) for value in values]
    return StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers, is_http_request=True)


def _response_warc_headers(response: Response, truncated: bool) -> dict[str, str]:
    headers = {"WARC-Date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    if response.ip_address is not None:
        headers["WARC-IP-Address"] = str(response.ip_address)
    if truncated:
        headers["WARC-Truncated"] = "length"
    return headers


class WarcMiddleware:
    """Writes every response the downloader returns, with its request, to WARC."""

    def __init__(self, writer: WarcFileWriter, crawler: Crawler) -> None:
        self.writer = writer
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        settings = crawler.settings
        if not settings.getbool("AVIMCRAWL_WARC_ENABLED", True):
            raise NotConfigured("AVIMCRAWL_WARC_ENABLED is off: no WARC files are written")
        directory = settings.get("AVIMCRAWL_WARC_DIR") or str(Path(settings.get("AVIMCRAWL_DB")).parent / "warc")
        crawl_id = settings.get("AVIMCRAWL_CRAWL_ID") or datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        writer = WarcFileWriter(Path(directory), crawl_id, settings.getint("AVIMCRAWL_WARC_MAX_SIZE", DEFAULT_MAX_SIZE),
                                description=f"avimcrawl spider {crawler.spidercls.name}")
        middleware = cls(writer, crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Any:
        truncated = "download_stopped" in response.flags
        try:
            location = self.writer.write_exchange(request, response, truncated)
        except OSError as error:
            # Keeping the page without its record would lose it for good: the next run would
            # take it as archived. Drop it and stop; the next run fetches it again.
            cause = f"could not write a WARC record in {self.writer.directory}: {error.strerror or error}"
            stop_crawl(self.crawler, StopReason.WRITE_FAILED, cause)
            raise WriteFailed(f"{cause} (for {response.url})") from error
        request.meta[META_KEY] = location
        return response

    def spider_closed(self) -> None:
        self.writer.close()

"""Spider `sources`: fetch every cited URL not fetched yet, and keep what it said.

Many domains at once, one request at a time per domain. Every fetch becomes a `checks`
row with an outcome (linkhealth.py); a page that answered gets its text, metadata and
language extracted (extract.py). A URL that cannot be requested is `invalid_url` without
a request; one robots.txt forbids is `blocked`, not failed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from avimcrawl import store
from avimcrawl.extract import Extracted, detect_language, extract_html, extract_pdf
from avimcrawl.items import SourceItem
from avimcrawl.middlewares import elapsed_ms
from avimcrawl.linkhealth import CheckResult, Outcome, classify_exception, classify_status, describe, invalid_url_reason
from avimcrawl.warc import META_KEY, RecordLocation

_LINK = "avimcrawl_link"


class SourcesSpider(scrapy.Spider):
    name = "sources"
    custom_settings = {
        # Every status reaches parse_source: a 404 is a finding, not an error.
        "HTTPERROR_ALLOW_ALL": True,
        # One retry for a flaky server; asking a 429 again at once only annoys it.
        "RETRY_TIMES": 1,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408],
        "REDIRECT_MAX_TIMES": 10,
    }

    async def start(self) -> AsyncIterator[Any]:
        db = store.open_db(self.settings.get("AVIMCRAWL_DB"))
        try:
            urls = store.unfetched_links(db)
        finally:
            db.close()
        self.crawler.stats.set_value("avimcrawl/sources/queued", len(urls))
        for url in urls:
            reason = invalid_url_reason(url)
            request = None if reason else self._request(url)
            if request is None:
                yield SourceItem(CheckResult(url, Outcome.INVALID_URL, error=reason or "cannot build a request"))
            else:
                yield request

    def _request(self, url: str) -> scrapy.Request | None:
        try:
            return scrapy.Request(url, callback=self.parse_source, errback=self.on_error, dont_filter=True,
                                  meta={_LINK: url})
        except ValueError:
            return None

    def parse_source(self, response: Response) -> Any:
        link = response.meta[_LINK]
        redirects = list(response.meta.get("redirect_urls", []))
        check = CheckResult(
            link, classify_status(response.status, redirects), response.status, response.url,
            elapsed_ms=elapsed_ms(response.meta), redirects=redirects,
        )
        truncated = "download_stopped" in response.flags
        if truncated:
            check.error = f"response cut at {len(response.body)} bytes (AVIMCRAWL_MAX_RESPONSE_SIZE)"
        content = _extract(response) if 200 <= response.status < 300 else None
        location = response.meta.get(META_KEY)
        yield SourceItem(
            check, content=content, language=detect_language(content.text) if content else None,
            content_type=_header(response, b"Content-Type"), size=len(response.body), truncated=truncated,
            warc_file=location.file if location else None, warc_offset=location.offset if location else None,
        )

    def on_error(self, failure: Failure) -> Any:
        request = failure.request  # type: ignore[attr-defined]
        link = request.meta.get(_LINK, request.url)
        location: RecordLocation | None = request.meta.get(META_KEY)
        check = CheckResult(link, Outcome.CONNECTION_ERROR, elapsed_ms=elapsed_ms(request.meta),
                            redirects=list(request.meta.get("redirect_urls", [])))
        if failure.check(IgnoreRequest) and not failure.check(HttpError) and location is None:
            check.outcome, check.error = Outcome.BLOCKED, "robots.txt forbids fetching this URL"
        elif location is not None:
            # The server answered, then the response was refused (e.g. it decompressed past the size limit).
            check.outcome = classify_status(location.status, check.redirects)
            check.http_status, check.final_url = location.status, request.url
            check.error = f"response refused after it arrived ({describe(failure.value)})"
        else:
            check.outcome, check.error = classify_exception(failure.value), describe(failure.value)
        yield SourceItem(check, warc_file=location.file if location else None,
                         warc_offset=location.offset if location else None)


def _extract(response: Response) -> Extracted:
    content_type = (_header(response, b"Content-Type") or "").lower()
    if "pdf" in content_type or response.body[:5] == b"%PDF-" or response.url.lower().endswith(".pdf"):
        return extract_pdf(response.body)
    if isinstance(response, TextResponse) and ("html" in content_type or not content_type):
        return extract_html(response.text, response.url)
    return Extracted()


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None



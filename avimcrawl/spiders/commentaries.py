"""Spider `commentaries`: AVİM's commentary listings, then each commentary they link to.

Links are followed by URL pattern, never by CSS class: listings paginate with
`?page=N` on their own path; commentaries live under `/{en|tr}/Yorum/`. A rerun is
incremental: a listing page whose commentaries are all stored ends the paging, and
pages that failed before are tried again once due, until the crawler gives up on them
(failures.py); the run's start pages are fetched whatever their past failures.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.url import safe_url_string

from avimcrawl import store
from avimcrawl.commentary import PageRef, is_listing_url, listing_dates, page_ref, parse_commentary
from avimcrawl.clock import Clock
from avimcrawl.extract import detect_language
from avimcrawl.failures import GAVE_UP, GIVEN_UP, RETRIED, WAITING, RetryPolicy, give_up_message
from avimcrawl.items import CommentaryItem, FailedPage, RecoveredPage
from avimcrawl.failstop import count_not_reached, is_ours
from avimcrawl.netguard import ForbiddenAddress
from avimcrawl.warc import META_KEY

LISTING = "listing"
COMMENTARY = "commentary"


class CommentariesSpider(scrapy.Spider):
    name = "commentaries"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_keys: set[str] = set()
        self.trusted_domains: list[str] = []
        self.scheduled_keys: set[str] = set()
        self.seen_listings: set[tuple[str, str]] = set()
        self.failing: dict[str, store.FailingPage] = {}
        """The pages that failed in earlier runs, by URL."""
        self.held_back: set[str] = set()
        self.given_up_now: set[str] = set()
        self.retry = RetryPolicy()
        self.now = ""
        self.resuming = False

    # ------------------------------------------------------------------ setup

    @property
    def full(self) -> bool:
        return self.settings.getbool("AVIMCRAWL_FULL")

    @property
    def max_commentaries(self) -> int:
        return self.settings.getint("AVIMCRAWL_MAX_COMMENTARIES")

    def start_urls_from_settings(self) -> list[str]:
        given = self.settings.getlist("AVIMCRAWL_START_URL_OVERRIDE")
        if given:
            return given
        by_lang = self.settings.getdict("AVIMCRAWL_START_URLS")
        lang = self.settings.get("AVIMCRAWL_LANG", "all")
        langs = sorted(by_lang) if lang == "all" else [lang]
        return [url for code in langs for url in by_lang.get(code, [])]

    def _load_archive_state(self) -> None:
        db = store.open_db(self.settings.get("AVIMCRAWL_DB"))
        try:
            self.known_keys = store.known_commentary_keys(db)
            self.trusted_domains = store.cited_domains(db)
            self.failing = {page.url: page for page in store.failing_pages(db)}
            # A crawl killed half-way stored the newest commentaries but maybe not the older
            # ones: stopping at the first all-known listing page would lose them for good.
            # (The pipeline read the runs table before recording this run.)
            self.resuming = not self.crawler.stats.get_value("avimcrawl/previous_run_completed", True)
        finally:
            db.close()
        self.retry = RetryPolicy.from_settings(self.settings)
        self.now = Clock.from_settings(self.settings).stamp()

    async def start(self) -> AsyncIterator[Any]:
        self._load_archive_state()
        start_urls = self.start_urls_from_settings()
        self.crawler.stats.set_value("avimcrawl/start_urls", start_urls)
        for url in start_urls:  # asked for: fetched whatever their past failures
            if self._claim_listing(url):
                yield self._listing_request(url, start=True)
        for failing in list(self.failing.values()):
            if failing.page == LISTING:
                if self._listing_key(failing.url) in self.seen_listings or self._held_back(failing.url):
                    continue  # a start page of this run, fetched above; or not due
                self._claim_listing(failing.url)
                self.crawler.stats.inc_value(RETRIED)
                yield self._listing_request(failing.url)
            elif ((ref := page_ref(failing.url)) and not self._held_back(failing.url)
                  and self._claim_commentary(ref, force=True)):
                self.crawler.stats.inc_value(RETRIED)
                yield self._commentary_request(ref)

    # --------------------------------------------------------------- listings

    def _listing_request(self, url: str, start: bool = False) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_listing, errback=self.on_error,
                              meta={"page": LISTING, "start": start})

    def _claim_listing(self, url: str) -> bool:
        """True the first time a listing page is met: `/en/Yorumlar` is `?page=1`."""
        key = self._listing_key(url)
        if key in self.seen_listings:
            return False
        self.seen_listings.add(key)
        return True

    @staticmethod
    def _listing_key(url: str) -> tuple[str, str]:
        parts = urlsplit(url)
        page = parse_qs(parts.query).get("page", ["1"])[0]
        return f"{parts.hostname}{parts.path.rstrip('/').lower()}", page

    def parse_listing(self, response: Response) -> Any:
        self.crawler.stats.inc_value("avimcrawl/listings/crawled")
        if not isinstance(response, TextResponse):
            yield self._failed(response.url, LISTING, response.status, "not a text page")
            return
        refs = self._commentary_links(response)
        if response.meta.get("start") and not refs:
            self.crawler.stats.set_value(
                "avimcrawl/warnings/empty_start_pages",
                [*self.crawler.stats.get_value("avimcrawl/warnings/empty_start_pages", []), response.url])
        all_known = bool(refs) and all(ref.key in self.known_keys for ref in refs) and not self.resuming
        claimed = [ref for ref in refs if not self._held_back(ref.url) and self._claim_commentary(ref)]
        # The listing is read for dates only when it leads somewhere new (not on a rerun's first page).
        shown_dates = listing_dates(response.text, response.url) if claimed else {}
        for ref in claimed:
            yield self._commentary_request(ref, shown_dates.get(ref.key))
        for url in {response.url, response.request.url if response.request else response.url}:
            if url in self.failing:
                yield RecoveredPage(url)
        if all_known and not self.full:
            self.crawler.stats.inc_value("avimcrawl/listings/stopped_incremental")
            return
        if self._limit_reached():
            return
        for url in self._pagination_links(response):
            if self._listing_key(url) not in self.seen_listings and not self._held_back(url):
                self._claim_listing(url)
                yield self._listing_request(url)

    def _links(self, response: TextResponse) -> list[str]:
        hrefs = response.xpath("//a/@href").getall()
        return [urljoin(response.url, href.strip()) for href in hrefs if href.strip()]

    def _commentary_links(self, response: TextResponse) -> list[PageRef]:
        lang = self.settings.get("AVIMCRAWL_LANG", "all")
        refs: dict[str, PageRef] = {}
        for url in self._links(response):
            ref = page_ref(url)
            if ref and ref.kind == "commentary" and lang in ("all", ref.lang):
                refs.setdefault(ref.key, ref)
        return list(refs.values())

    def _pagination_links(self, response: TextResponse) -> list[str]:
        """Other pages of this same listing (same path, another `page`)."""
        here = urlsplit(response.url)
        links = []
        for url in self._links(response):
            parts = urlsplit(url)
            if (is_listing_url(url) and parts.hostname == here.hostname
                    and parts.path.rstrip("/").lower() == here.path.rstrip("/").lower()):
                links.append(url)
        return links

    # ------------------------------------------------------------ commentaries

    def _claim_commentary(self, ref: PageRef, force: bool = False) -> bool:
        """Whether to fetch a commentary: not twice a run, not if stored (unless --full)."""
        if ref.key in self.scheduled_keys or self._limit_reached():
            return False
        if ref.key in self.known_keys and not (self.full or force):
            return False
        self.scheduled_keys.add(ref.key)
        return True

    def _limit_reached(self) -> bool:
        return bool(self.max_commentaries) and len(self.scheduled_keys) >= self.max_commentaries

    def _commentary_request(self, ref: PageRef, listing_date: str | None = None) -> scrapy.Request:
        """`listing_date`: the date the listing showed beside the link, for a page that shows none."""
        return scrapy.Request(ref.url, callback=self.parse_commentary, errback=self.on_error,
                              meta={"page": COMMENTARY, "key": ref.key, "listing_date": listing_date})

    def parse_commentary(self, response: Response) -> Any:
        if not isinstance(response, TextResponse):
            yield self._failed(response.url, COMMENTARY, response.status, "not a text page")
            return
        ref = page_ref(response.url)
        if ref is None:
            yield self._failed(response.request.url if response.request else response.url, COMMENTARY,
                               response.status, f"redirected away from the commentary, to {response.url}")
            return
        listing_date = response.meta.get("listing_date")
        page = parse_commentary(response.text, response.url, listing_date=listing_date,
                                trusted_domains=self.trusted_domains)
        language = detect_language(page.text)
        page.detected_lang, page.detected_lang_prob = language.code, language.probability
        location = response.meta.get(META_KEY)
        if location is not None:
            page.warc_file, page.warc_offset = location.file, location.offset
        if not page.title:
            self._warn("avimcrawl/warnings/untitled_pages", response.url)
        if page.truncated:
            self._warn("avimcrawl/warnings/truncated_pages", response.url)
        yield CommentaryItem(page, response.meta.get("key", ref.key),
                             response.request.url if response.request else response.url,
                             html=response.text, listing_date=listing_date)

    def _warn(self, stat: str, url: str) -> None:
        self.crawler.stats.set_value(stat, [*self.crawler.stats.get_value(stat, []), url])

    # ----------------------------------------------------------------- errors

    def on_error(self, failure: Failure) -> Any:
        request = failure.request  # type: ignore[attr-defined]
        if is_ours(failure):  # our network or disk failed, not the page: record nothing against it
            count_not_reached(self.crawler, failure)
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError, ForbiddenAddress):
            # robots.txt forbids it: the site's wish, not a failure to retry.
            self.crawler.stats.inc_value("avimcrawl/robots_forbidden")
            self.logger.info("not crawled, robots.txt forbids it: %s", request.url)
            return
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        error = f"HTTP {status}" if status else f"{failure.type.__name__}: {failure.getErrorMessage()}"
        self.logger.warning("could not crawl %s: %s", request.url, error)
        yield self._failed(request.url, request.meta.get("page", COMMENTARY), status, error)

    def _failed(self, url: str, page: str, status: int | None, error: str) -> FailedPage:
        """The item that records a failed attempt; a warning when it is the attempt that gives up."""
        before = self.failing.get(url)
        attempts = (before.attempts if before else 0) + 1
        if self.retry.gives_up(attempts) and not (before and before.gave_up) and url not in self.given_up_now:
            self.given_up_now.add(url)
            self._warn(GAVE_UP, url)
            self.logger.warning("%s", give_up_message(url, page, attempts, before.first_failed if before else self.now,
                                                      error))
        return FailedPage(url, page, status, error)

    def _held_back(self, url: str) -> bool:
        """Whether a page that failed in an earlier run waits this run: not due yet, or given up."""
        failing = self.failing.get(safe_url_string(url))
        if failing is None or failing.due(self.now):
            return False
        if failing.url not in self.held_back:
            self.held_back.add(failing.url)
            if failing.gave_up:
                self.crawler.stats.inc_value(GIVEN_UP)
                self.logger.debug("not fetching %s: given up on at %s after %d failed attempts", failing.url,
                                  failing.gave_up, failing.attempts)
            else:
                self.crawler.stats.inc_value(WAITING)
                self.logger.info("not fetching %s before %s (%d failed attempt%s so far; `avimcrawl failures` "
                                 "lists it)", failing.url, failing.next_retry, failing.attempts,
                                 "" if failing.attempts == 1 else "s")
        return True

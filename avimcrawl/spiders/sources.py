"""Spider `sources`: fetch cited URLs, judge each answer, and keep what it said.

Which links: never fetched (the crawl's sources stage, the default), due for a re-check,
all of them, or given URLs (`AVIMCRAWL_SELECT`: `unfetched`, `due`, `all`, `urls`).
Many domains at once, one request at a time per domain. Every fetch becomes a `checks`
row with an outcome (linkhealth.py); a page that answered gets its text, metadata and
language extracted (extract.py). A 2xx answer is compared with what the site answers for
a random sibling URL that cannot exist (one probe per host and run), so a "page not found"
served with 200 is caught as `soft_404`. A URL that cannot be requested is `invalid_url`
without a request; one robots.txt forbids is `blocked`, not failed. Re-checks are
conditional (If-None-Match / If-Modified-Since): a 304 is `ok` and nothing is re-extracted;
nor is a body byte for byte the one last judged alive (its SHA-1 is kept on the link).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from avimcrawl import store
from avimcrawl.clock import Clock
from avimcrawl.confirm import Confirmations, close_idle_connections, home_page
from avimcrawl.extract import Extracted, detect_language, extract_html, extract_pdf
from avimcrawl.items import OutageItem, SourceItem
from avimcrawl.linkhealth import (
    CheckRecord,
    CheckResult,
    DeathRules,
    Outcome,
    PageSummary,
    classify_exception,
    classify_status,
    describe,
    invalid_url_reason,
    is_home_redirect,
    needs_confirmation,
    probe_url,
    same_page,
    says_not_found,
)
from avimcrawl.middlewares import WALL, elapsed_ms
from avimcrawl.failstop import count_not_reached, is_ours
from avimcrawl.netguard import Allowance, ForbiddenAddress, refused_resolution, refused_url
from avimcrawl.siterules import SiteRule, SiteRules
from avimcrawl.stats import SourcesStat
from avimcrawl.walls import Sighting, Wall, detect_in_response
from avimcrawl.warc import META_KEY, RecordLocation

_LINK = "avimcrawl_link"
_PROBE_HOST = "avimcrawl_probe_host"
_KNOWN = "avimcrawl_known"
_CONFIRMS = "avimcrawl_confirms"
_HOME_OF = "avimcrawl_home_of"
_WARM_UP = "A few words in English, enough for langdetect to load its language profiles."
DEFAULT_RECHECK_DAYS = {"dying": 3.0, "alive": 7.0, "dead": 30.0, "blocked": 7.0}


@dataclass
class _HostProbe:
    """The answer a host gives for a URL that cannot exist, and the items waiting for it."""

    answer: PageSummary | None = None
    done: bool = False
    waiting: list[tuple[SourceItem, PageSummary]] = field(default_factory=list)


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.probes: dict[str, _HostProbe] = {}
        self.histories: dict[str, list[CheckRecord]] = {}
        self.site_rules = SiteRules()
        self.death_rules = DeathRules()
        self.confirmations = Confirmations()
        self.clock = Clock()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourcesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.site_rules = SiteRules.from_settings(settings)
        spider.death_rules = DeathRules.from_settings(settings)
        spider.confirmations = Confirmations(pause=settings.getfloat("AVIMCRAWL_CONFIRM_PAUSE"))
        spider.clock = Clock.from_settings(settings)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        urls, validators = self._select_links()
        allowance = Allowance.from_settings(self.settings)
        max_length = self.settings.getint("URLLENGTH_LIMIT")
        self.crawler.stats.set_value(SourcesStat.QUEUED, len(urls))
        if urls:
            # langdetect loads its profiles on first use: 0.4 s, seconds on a busy machine. Done
            # amid the first answers, that stall held back requests already handed over, which
            # then reached their sites less than the delay before the next (bench/politeness.py).
            detect_language(_WARM_UP)
        for url in urls:
            if self.site_rules.says(url, SiteRule.ALWAYS_BLOCKED):
                listed = self.site_rules.describe(SiteRule.ALWAYS_BLOCKED)
                yield SourceItem(CheckResult(url, Outcome.BLOCKED, error=f"{listed}: not fetched"))
                continue
            reason = refused_url(url, allowance) or invalid_url_reason(url) or _too_long(url, max_length)
            request = None if reason else self._request(url, validators.get(url))
            if request is None:
                yield self._finish(SourceItem(CheckResult(url, Outcome.INVALID_URL,
                                                          error=reason or "cannot build a request")))
            else:
                yield request

    def _select_links(self) -> tuple[list[str], dict[str, store.Validators]]:
        selection = self.settings.get("AVIMCRAWL_SELECT", "unfetched")
        db = store.open_db(self.settings.get("AVIMCRAWL_DB"))
        try:
            if selection == "urls":
                urls = self.settings.getlist("AVIMCRAWL_URLS")
            elif selection == "all":
                urls = store.all_links(db)
            elif selection == "due":
                recheck = {**DEFAULT_RECHECK_DAYS, **self.settings.getdict("AVIMCRAWL_RECHECK_DAYS")}
                urls = store.due_links(db, Clock.from_settings(self.settings).stamp(), recheck)
            else:
                urls = store.unfetched_links(db)
            self.histories = store.check_histories(db, urls)
            return urls, store.validators(db, urls)
        finally:
            db.close()

    def _request(self, url: str, validators: store.Validators | None, confirms: bool = False) -> scrapy.Request | None:
        headers = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        try:
            # A confirmation is itself the second try: not retried.
            return scrapy.Request(url, callback=self.parse_source, errback=self.on_error, dont_filter=True,
                                  headers=headers, meta={_LINK: url, _KNOWN: validators, _CONFIRMS: confirms,
                                                         "dont_retry": confirms})
        except ValueError:
            return None

    # ----------------------------------------------------------------- answers

    def parse_source(self, response: Response) -> Any:
        link = response.meta[_LINK]
        redirects = list(response.meta.get("redirect_urls", []))
        check = CheckResult(
            link, classify_status(response.status, redirects), response.status, response.url,
            elapsed_ms=elapsed_ms(response.meta), redirects=redirects, confirms=response.meta.get(_CONFIRMS, False),
        )
        if response.status == 304:
            check.outcome = Outcome.OK  # unchanged since the last check: nothing to re-extract
            yield self._finish(self._unchanged(check, response))
            return
        truncated = "download_stopped" in response.flags
        if truncated:
            check.error = f"response cut at {len(response.body)} bytes (AVIMCRAWL_MAX_RESPONSE_SIZE)"
        success = 200 <= response.status < 300
        digest = hashlib.sha1(response.body).hexdigest() if success and not truncated else None
        known: store.Validators | None = response.meta.get(_KNOWN)
        if digest and known and known.body_sha1 == digest and known.final_url == response.url:
            # Byte for byte the page judged alive last time: as for a 304, nothing to re-extract.
            yield self._finish(self._unchanged(check, response))
            return
        if (sighting := _wall(response)) is not None:
            # A wall's page is not the source's: not stored, not compared, not a failure.
            check.outcome, check.error, check.wall = Outcome.BLOCKED, sighting.describe(), sighting.wall.value
            yield self._finish(self._item(check, response, None, truncated))
            return
        content = _extract(response) if success else None
        item = self._item(check, response, content, truncated)
        item.body_sha1 = digest
        if content is None:
            yield self._finish(item)
            return
        page = PageSummary(response.url, response.status, content.title, content.text)
        if is_home_redirect(link, response.url, redirects):
            check.outcome = Outcome.GONE_DOMAIN
        elif says_not_found(response.url, content.title):
            check.outcome = Outcome.SOFT_404
        else:
            yield from self._compare_with_probe(item, page)
            return
        yield self._finish(item)

    def _unchanged(self, check: CheckResult, response: Response) -> SourceItem:
        self.crawler.stats.inc_value(SourcesStat.UNCHANGED)
        item = self._item(check, response, content=None)
        item.unchanged = True
        return item

    def _item(self, check: CheckResult, response: Response, content: Extracted | None,
              truncated: bool = False) -> SourceItem:
        location: RecordLocation | None = response.meta.get(META_KEY)
        return SourceItem(
            check, content=content,
            content_type=_header(response, b"Content-Type"), size=len(response.body), truncated=truncated,
            warc_file=location.file if location else None, warc_offset=location.offset if location else None,
            etag=_header(response, b"ETag") if content else None,
            last_modified=_header(response, b"Last-Modified") if content else None,
        )

    # ------------------------------------------------------------------ probes

    def _compare_with_probe(self, item: SourceItem, page: PageSummary) -> Any:
        host = urlsplit(page.final_url).netloc
        probe = self.probes.get(host)
        if probe is None:
            probe = self.probes[host] = _HostProbe()
            probe.waiting.append((item, page))
            self.crawler.stats.inc_value(SourcesStat.PROBES)
            yield scrapy.Request(probe_url(page.final_url, secrets.token_hex(6)), callback=self.parse_probe,
                                 errback=self.on_probe_error, dont_filter=True, meta={_PROBE_HOST: host})
        elif not probe.done:
            probe.waiting.append((item, page))
        else:
            yield self._finish(_judged(item, page, probe.answer))

    def parse_probe(self, response: Response) -> Any:
        if _wall(response) is not None:  # a wall answers alike for every URL: it tells nothing of the page
            yield from self._release(response.meta[_PROBE_HOST], None)
            return
        content = _extract(response) if isinstance(response, TextResponse) and 200 <= response.status < 300 else None
        answer = PageSummary(response.url, response.status, content.title if content else None,
                             content.text if content else None)
        yield from self._release(response.meta[_PROBE_HOST], answer)

    def on_probe_error(self, failure: Failure) -> Any:
        yield from self._release(failure.request.meta[_PROBE_HOST], None)  # type: ignore[attr-defined]

    def _release(self, host: str, answer: PageSummary | None) -> Any:
        probe = self.probes[host]
        probe.answer, probe.done = answer, True
        waiting, probe.waiting = probe.waiting, []
        for item, page in waiting:
            yield self._finish(_judged(item, page, answer))

    # ------------------------------------------------------------------ errors

    def on_error(self, failure: Failure) -> Any:
        request = failure.request  # type: ignore[attr-defined]
        if is_ours(failure):  # our network or disk failed, not the page: record nothing against it
            count_not_reached(self.crawler, failure)
            return
        link = request.meta.get(_LINK, request.url)
        location: RecordLocation | None = request.meta.get(META_KEY)
        check = CheckResult(link, Outcome.CONNECTION_ERROR, elapsed_ms=elapsed_ms(request.meta),
                            redirects=list(request.meta.get("redirect_urls", [])),
                            confirms=request.meta.get(_CONFIRMS, False))
        if failure.check(ForbiddenAddress):
            check.outcome, check.error = Outcome.INVALID_URL, str(failure.value)
        elif failure.check(IgnoreRequest) and not failure.check(HttpError) and location is None:
            check.outcome, check.error = Outcome.BLOCKED, "robots.txt forbids fetching this URL"
        elif location is not None:
            # The server answered, then the response was refused (e.g. it decompressed past the size limit).
            check.outcome = classify_status(location.status, check.redirects)
            check.http_status, check.final_url = location.status, request.url
            check.error = f"response refused after it arrived ({describe(failure.value)})"
        else:
            check.outcome, check.error = classify_exception(failure.value), describe(failure.value)
            if check.outcome is Outcome.DNS_ERROR and (reason := refused_resolution(request.url)):
                check.outcome, check.error = Outcome.INVALID_URL, reason
        yield self._finish(SourceItem(check, warc_file=location.file if location else None,
                                      warc_offset=location.offset if location else None))

    # ------------------------------------------------- confirmations and outages

    def _finish(self, item: SourceItem) -> SourceItem:
        """Every check's last step: the site rules' reading, then its place in the run's
        tally (a strike to confirm, a site that may be down)."""
        check = item.check
        rule = self.site_rules.rule_for(check.url)
        if rule is SiteRule.PAYWALL:
            _read_as_paywall(item, self.site_rules.describe(rule))
        if not check.confirms:
            history = self.histories.get(check.url, [])
            record = CheckRecord(self.clock.stamp(), check.outcome.value, confirms=False)
            strike = record.failed and needs_confirmation(history, record, self.death_rules.for_rule(rule))
            self.confirmations.record(check, strike)
        return item

    def on_idle(self) -> None:
        """After the run's checks: ask the home pages of sites that look down, and confirm
        the strikes, each once its pause has passed; stay open while any is to come."""
        homes, strikes = self.confirmations.due()
        if homes or strikes:
            close_idle_connections(self.crawler)
        for domain, check in homes:
            self.crawler.stats.inc_value(SourcesStat.HOME_PAGES_ASKED)
            self.crawler.engine.crawl(scrapy.Request(
                home_page(check.url), callback=self.parse_home, errback=self.on_home_error, dont_filter=True,
                meta={_HOME_OF: domain, "dont_retry": True}))
        for strike in strikes:
            request = self._request(strike.url, None, confirms=True)
            if request is not None:
                self.crawler.stats.inc_value(SourcesStat.CONFIRMATIONS)
                self.crawler.engine.crawl(request)
        if homes or strikes or self.confirmations.waiting():
            raise DontCloseSpider

    def parse_home(self, response: Response) -> Any:
        redirects = list(response.meta.get("redirect_urls", []))
        home = CheckResult(response.url, classify_status(response.status, redirects), response.status, response.url)
        if _wall(response) is not None:
            home.outcome = Outcome.BLOCKED
        yield from self._home_answered(response.meta[_HOME_OF], home)

    def on_home_error(self, failure: Failure) -> Any:
        request = failure.request  # type: ignore[attr-defined]
        domain = request.meta[_HOME_OF]
        if is_ours(failure):
            count_not_reached(self.crawler, failure)
            self.confirmations.home_unanswered(domain)
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError):  # robots.txt forbids it: no answer to compare
            yield from self._home_answered(domain, CheckResult(request.url, Outcome.BLOCKED))
            return
        home = CheckResult(request.url, classify_exception(failure.value), error=describe(failure.value))
        yield from self._home_answered(domain, home)

    def _home_answered(self, domain: str, home: CheckResult) -> Iterator[OutageItem]:
        checks = self.confirmations.home_answered(domain, home)
        if checks is None:
            return
        stats = self.crawler.stats
        stats.set_value(SourcesStat.SITES_DOWN, [*stats.get_value(SourcesStat.SITES_DOWN, []), domain])
        first = checks[0]
        yield OutageItem(store.OutageSeen(domain, [check.url for check in checks], first.outcome.value,
                                          first.http_status, first.error, home.url, home.outcome.value,
                                          home.http_status))


_PAYWALL_ANSWERS = frozenset({Outcome.GONE_DOMAIN, Outcome.SOFT_404, Outcome.CLIENT_ERROR})
"""What a paywalled site answers a robot instead of the article, by the site rules: its home
page, or one sign-in page for every URL (a soft 404 by the probe); a 4xx of its own."""


def _read_as_paywall(item: SourceItem, rule: str) -> None:
    """A site the site rules call paywalled: its answers in place of the article are the wall."""
    check = item.check
    if check.outcome in _PAYWALL_ANSWERS:
        check.error = f"{rule}: answered {check.outcome.value}" + (
            f" ({check.final_url})" if check.final_url and check.final_url != check.url else "")
        check.outcome, check.wall, item.content = Outcome.BLOCKED, Wall.PAYWALL.value, None
    elif check.outcome is Outcome.BLOCKED and check.wall is None and check.http_status in (401, 402, 403, 429):
        check.wall = Wall.PAYWALL.value


def _wall(response: Response) -> Sighting | None:
    """The wall the response was; read once (WallsAreNotRetried may have read it already)."""
    if WALL not in response.meta:
        response.meta[WALL] = detect_in_response(response, response.meta)
    sighting: Sighting | None = response.meta[WALL]
    return sighting


def _too_long(url: str, limit: int) -> str | None:
    """Scrapy would silently drop a longer URL (URLLENGTH_LIMIT); say so instead."""
    return f"URL of {len(url)} characters, longer than URLLENGTH_LIMIT ({limit})" if limit and len(url) > limit else None


def _judged(item: SourceItem, page: PageSummary, probe: PageSummary | None) -> SourceItem:
    if probe is not None and same_page(page, probe):
        item.check.outcome = Outcome.SOFT_404
        item.check.error = f"the site answers the same for a URL that cannot exist ({probe.final_url})"
    return item


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

"""Spider `leads`: where did a dead or misspelled citation's page go? (the search: leads.py)

Runs after the sources stage in `check` and `run`. Which citations: those with a title,
no suggested URL and no search in the last AVIMCRAWL_LEADS_RESEARCH_DAYS days, whose link
has a misspelled domain or is dying, dead, a soft 404, not found or gone to its home page
(store.lead_citations). Each link's search is a `leads.Search`: this spider sends the
fetches it asks for and hands back the answers, at most AVIMCRAWL_LEADS_MAX_REQUESTS per
link. A site's links are searched one after another, so its sitemaps are read once and
serve them all; sites are searched side by side.

Every fetch is a Scrapy request like any other: robots.txt obeyed, one request at a time
per site after DOWNLOAD_DELAY, the SSRF guard, a WARC record of every response. The Wayback
Machine's APIs are asked as the archive stage asks them (robots.txt aside): CDX queries in
a download slot of their own, at most AVIMCRAWL_LEADS_CDX_PER_SECOND (a 429 ends them for
the run), captures at most 8 a second.

What each search found (or that it found nothing) is written on the link's citations by
`LeadsPipeline`: `suggested_url`, `suggested_how`, `suggested_evidence`, `suggested_at`.
The citations' own `url` and `link_url` are never touched.
"""

from __future__ import annotations

import asyncio

import logging
from collections import deque
from collections.abc import AsyncIterator, Generator, Iterator
from dataclasses import dataclass
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from avimcrawl import store
from avimcrawl.clock import Clock
from avimcrawl.failstop import count_not_reached, is_ours
from avimcrawl.leads import (
    DEFAULT_MAX_REQUESTS,
    DEFAULT_RESEARCH_DAYS,
    Answer,
    CdxGate,
    Fetch,
    Finding,
    Lead,
    Purpose,
    Search,
    SiteMaps,
    build_leads,
    extract_page,
)
from avimcrawl.linkhealth import describe, invalid_url_reason
from avimcrawl.netguard import Allowance, ForbiddenAddress, refused_url
from avimcrawl.pipelines import StorePipeline
from avimcrawl.wayback import Limits

logger = logging.getLogger(__name__)

CDX_SLOT = "web.archive.org (CDX)"
REPLAY_SLOT = "web.archive.org (captures)"
_GROUP = "avimcrawl_leads_group"
_FETCH = "avimcrawl_leads_fetch"
STATS = "avimcrawl/leads/"


@dataclass
class LeadItem:
    """One link's search, ended: the lead and what was found."""

    lead: Lead
    finding: Finding


@dataclass
class _Site:
    """The leads of one site, searched one after another, and the search under way."""

    sitemaps: SiteMaps
    queue: deque[Lead]
    search: Search | None = None
    plan: Generator[Fetch, Answer, Finding] | None = None


class LeadsSpider(scrapy.Spider):
    name = "leads"
    custom_settings = {
        "HTTPERROR_ALLOW_ALL": True,  # a 404 is an answer: the candidate is not there
        "RETRY_TIMES": 1,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408],  # never 429: asking again annoys
        "REDIRECT_MAX_TIMES": 5,
        "ITEM_PIPELINES": {"avimcrawl.pipelines.StorePipeline": None, "avimcrawl.spiders.leads.LeadsPipeline": 300},
    }

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        per_second = settings.getfloat("AVIMCRAWL_LEADS_CDX_PER_SECOND", Limits().cdx_per_second)
        per_second = per_second if per_second > 0 else Limits().cdx_per_second
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        slots[CDX_SLOT] = {"concurrency": 1, "delay": 1.0 / per_second, "jitter": 0.0}
        slots[REPLAY_SLOT] = {"concurrency": 1, "delay": 1.0 / Limits().replays_per_second, "jitter": 0.0}
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate = CdxGate()
        self.max_requests = DEFAULT_MAX_REQUESTS

    async def start(self) -> AsyncIterator[Any]:
        self.max_requests = self.settings.getint("AVIMCRAWL_LEADS_MAX_REQUESTS", DEFAULT_MAX_REQUESTS)
        self.allowance = Allowance.from_settings(self.settings)
        self.max_length = self.settings.getint("URLLENGTH_LIMIT")
        leads = self._select() if self.max_requests > 0 else []
        self.crawler.stats.set_value(STATS + "queued", len(leads))
        if leads:
            # A crawler of its own, with download slots of its own, started as the checks end:
            # waiting one delay first keeps its first request to a site at least the delay after
            # the checks' last one.
            await asyncio.sleep(self.settings.getfloat("DOWNLOAD_DELAY"))
        sites: dict[str, _Site] = {}
        for lead in leads:
            site = sites.setdefault(lead.site, _Site(SiteMaps(lead.site), deque()))
            site.queue.append(lead)
        for site in sites.values():
            for output in self._advance(site):
                yield output

    def _select(self) -> list[Lead]:
        urls = self.settings.getlist("AVIMCRAWL_URLS") if self.settings.get("AVIMCRAWL_SELECT") == "urls" else None
        days = self.settings.getfloat("AVIMCRAWL_LEADS_RESEARCH_DAYS", DEFAULT_RESEARCH_DAYS)
        db = store.open_db(self.settings.get("AVIMCRAWL_DB"))
        try:
            return build_leads(store.lead_citations(db, Clock.from_settings(self.settings).stamp(), days, urls))
        finally:
            db.close()

    # ------------------------------------------------------------ the searches

    def _advance(self, site: _Site, answer: Answer | None = None) -> Iterator[Any]:
        """Hand `answer` to the site's search under way, and go on: the next request, or the
        search's end (an item) and the next search of the site."""
        while True:
            if site.plan is None:
                if not site.queue:
                    return
                site.search = Search(site.queue.popleft(), site.sitemaps, self.gate, self.max_requests)
                site.plan = site.search.run()
                answer = None
            assert site.search is not None
            try:
                fetch = site.plan.send(answer) if answer is not None else next(site.plan)
            except StopIteration as end:
                yield self._ended(site.search, end.value)
                site.plan = site.search = None
                continue
            except Exception:  # a bug in one search must not strand the site's other leads
                logger.exception("the search for %s failed", site.search.lead.link_url)
                self.crawler.stats.inc_value(STATS + "errors")
                site.plan = site.search = None
                continue
            request = self._request(site, fetch)
            if isinstance(request, Answer):  # could not be asked: that is its answer
                answer = request
                continue
            yield request
            return

    def _ended(self, search: Search, finding: Finding) -> LeadItem:
        stats = self.crawler.stats
        stats.inc_value(STATS + "searched")
        stats.inc_value(STATS + "requests", finding.requests)
        if finding.url and finding.how:
            stats.inc_value(STATS + "found")
            stats.inc_value(STATS + f"found/{finding.how.value}")
            logger.info("%s: suggested %s (%s)", search.lead.link_url, finding.url, finding.how.value)
        return LeadItem(search.lead, finding)

    def _request(self, site: _Site, fetch: Fetch) -> scrapy.Request | Answer:
        reason = refused_url(fetch.url, self.allowance) or invalid_url_reason(fetch.url)
        if not reason and self.max_length and len(fetch.url) > self.max_length:
            reason = f"URL longer than URLLENGTH_LIMIT ({self.max_length})"
        if reason:
            return Answer(fetch.url, error=reason)
        meta: dict[str, Any] = {_GROUP: site, _FETCH: fetch}
        if fetch.purpose.wayback:
            meta.update({"dont_obey_robotstxt": True, "autothrottle_dont_adjust_delay": True,
                         "download_slot": CDX_SLOT if fetch.purpose is Purpose.CDX else REPLAY_SLOT})
        try:
            return scrapy.Request(fetch.url, callback=self.parse_answer, errback=self.on_error, dont_filter=True,
                                  meta=meta)
        except ValueError as error:
            return Answer(fetch.url, error=f"cannot build a request: {error}")

    def parse_answer(self, response: Response) -> Any:
        site: _Site = response.meta[_GROUP]
        fetch: Fetch = response.meta[_FETCH]
        answer = Answer(fetch.url, response.status, response.url, list(response.meta.get("redirect_urls", [])))
        if fetch.purpose.page:
            if answer.ok:
                content_type = response.headers.get(b"Content-Type")
                content = extract_page(response.body, content_type.decode("latin-1") if content_type else None,
                                       fetch.page_url or response.url,
                                       response.text if isinstance(response, TextResponse) else None)
                answer.title, answer.text = content.title, content.text
        else:
            answer.body = response.body
        if fetch.purpose is Purpose.CDX and response.status == 429 and self.gate.open:
            logger.warning("the Wayback Machine's CDX index answered 429: no more CDX queries this run")
            self.crawler.stats.set_value(STATS + "cdx_rate_limited", 1)
        yield from self._advance(site, answer)

    def on_error(self, failure: Failure) -> Any:
        request = failure.request  # type: ignore[attr-defined]
        site: _Site = request.meta[_GROUP]
        fetch: Fetch = request.meta[_FETCH]
        if is_ours(failure):
            # Our network or disk failed, not the site: this search proves nothing, and is not recorded.
            count_not_reached(self.crawler, failure)
            site.plan = site.search = None
            yield from self._advance(site)
            return
        if failure.check(ForbiddenAddress):
            error = str(failure.value)
        elif failure.check(IgnoreRequest):
            error = "robots.txt forbids fetching this URL"
        else:
            error = describe(failure.value)
        yield from self._advance(site, Answer(fetch.url, error=error))


class LeadsPipeline(StorePipeline):
    """The store pipeline, writing each search's end on the citations of its link: the
    suggestion and its evidence for those whose title the page holds, the search's date
    (and what was tried) for the rest."""

    def _store(self, item: Any) -> Any:
        if not isinstance(item, LeadItem):
            return super()._store(item)
        assert self.db is not None
        finding, stamp = item.finding, self.clock.stamp()
        with self.db.atomic():
            for cited in item.lead.citations:
                proven = finding.url is not None and finding.how is not None and cited.citation_id in finding.matches
                store.record_suggestion(
                    self.db, cited.citation_id, stamp, finding.url if proven else None,
                    finding.how.value if proven and finding.how else None, finding.evidence(cited.citation_id))
                if proven:
                    self.stats.inc_value(STATS + "citations_suggested")
        return item

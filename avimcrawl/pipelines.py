"""The one writer of the archive database during a crawl."""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from avimcrawl import store
from avimcrawl.amend import corrector
from avimcrawl.clock import Clock
from avimcrawl.failures import RetryPolicy
from avimcrawl.failstop import StopReason, stop_crawl
from avimcrawl.extract import Extracted, Language, detect_language
from avimcrawl.linkhealth import GOOD_OUTCOMES, CheckRecord, DeathRules, Outcome, drift, has_changed, judge
from avimcrawl.items import CommentaryItem, FailedPage, OutageItem, RecoveredPage, SourceItem
from avimcrawl.siterules import SiteRules
from avimcrawl.stats import SourcesStat, outcome_key
from avimcrawl.urls import host_of
from avimcrawl.verify import MatchVerdict, PageSeen, match_citations

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from sqlite_utils import Database

logger = logging.getLogger(__name__)
FIRST_FAILURE = "avimcrawl/first_failure"
"""Stats key: the first page that could not be crawled, with why, for the run's last line."""


NO_PAGE = frozenset({Outcome.SOFT_404.value, Outcome.GONE_DOMAIN.value})
"""Outcomes of a 2xx answer that link health counts as no page: matched only when `parked`."""


def _stored_page(row: dict[str, Any]) -> PageSeen:
    return PageSeen(row["title"], row["text"], row["author"], row["published"])


class StorePipeline:
    retry = RetryPolicy()
    """When a page that failed is tried again (failures.py); from_crawler reads it from the settings."""

    def __init__(self, db_path: str, stats: StatsCollector, clock: Clock, death_rules: DeathRules = DeathRules(),
                 site_rules: SiteRules = SiteRules()) -> None:
        self.db_path = db_path
        self.stats = stats
        self.clock = clock
        self.death_rules = death_rules
        self.site_rules = site_rules
        self.db: Database | None = None
        self.run_id: int | None = None
        self.stage = ""
        self.crawler: Crawler | None = None
        self.failed_now: list[str] = []
        """Pages recorded as failed by this run."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        db_path = crawler.settings.get("AVIMCRAWL_DB")
        if not db_path:
            raise NotConfigured("AVIMCRAWL_DB is not set: no database to store the crawl in")
        assert crawler.stats is not None
        settings = crawler.settings
        pipeline = cls(db_path, crawler.stats, Clock.from_settings(settings), DeathRules.from_settings(settings),
                       SiteRules.from_settings(settings))
        pipeline.stage = crawler.spidercls.name
        pipeline.retry = RetryPolicy.from_settings(settings)
        pipeline.crawler = crawler
        crawler.signals.connect(pipeline.record_end_of_run, signal=signals.spider_closed)
        return pipeline

    def open_spider(self, spider: Spider | None = None) -> None:  # spider: for Scrapy < 2.14
        self.db = store.open_db(self.db_path)
        # Read before this run is recorded: the spider asks whether the last one ended normally.
        self.stats.set_value("avimcrawl/previous_run_completed", store.last_run_completed(self.db, self.stage))
        self.run_id = store.start_run(self.db, self.stage, self.clock.stamp())

    def record_end_of_run(self, spider: Spider, reason: str) -> None:
        """A run killed before this point stays unfinished: the next run knows to resume."""
        if self.run_id is None:
            return
        try:
            db = store.open_db(self.db_path)
            try:
                if reason in (StopReason.NETWORK_DOWN, StopReason.WRITE_FAILED):
                    self._excuse_failures(db)
                store.finish_run(db, self.run_id, self.clock.stamp(), reason)
                store.checkpoint(db)  # readers (serve) keep the log from being checkpointed on close
            finally:
                db.close()
        except (sqlite3.Error, store.StoreError) as error:  # the run stays unfinished: the next one resumes
            logger.error("could not record the end of the %s run: %s", self.stage, error)

    def _excuse_failures(self, db: Database) -> None:
        """Pages that failed in a run our own side stopped may have failed because of it
        (a request cut off as the network went down): the next run tries them again at once."""
        for url in self.failed_now:
            store.retry_failure(db, url)

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.db is not None:
            self.db.close()

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        try:
            return self._store(item)
        except (sqlite3.Error, store.StoreError, OSError) as error:
            # Disk full, a file-size limit, permissions: nothing more can be kept, so stop. The
            # item's page is not marked stored; the next run fetches it again.
            cause = f"could not write the database {self.db_path}: {error}"
            if self.crawler is not None:
                stop_crawl(self.crawler, StopReason.WRITE_FAILED, cause)
            raise DropItem(cause) from error

    def _store(self, item: Any) -> Any:
        assert self.db is not None
        if isinstance(item, CommentaryItem):
            self._store_commentary(item)
        elif isinstance(item, FailedPage):
            store.record_failure(self.db, item.url, item.page, item.http_status, item.error, at=self.clock.stamp(),
                                 schedule=self.retry.schedule)
            self.stats.inc_value(f"avimcrawl/failed/{item.page}")
            self.failed_now.append(item.url)
            if not self.stats.get_value(FIRST_FAILURE):
                self.stats.set_value(FIRST_FAILURE, f"{item.url}: {item.error}")
        elif isinstance(item, RecoveredPage):
            store.forget_failure(self.db, item.url)
        elif isinstance(item, OutageItem):
            outage = store.record_outage(self.db, item.seen, self.clock.stamp())
            store.rejudge(self.db, item.seen.urls, self._judge)
            logger.warning("%s is down: its %d links checked and its home page all answered %s (outage %d)",
                           item.seen.domain, len(item.seen.urls), item.seen.outcome, outage)
        elif isinstance(item, SourceItem):
            if item.check.outcome not in (Outcome.OK, Outcome.REDIRECTED):
                item.body_sha1 = None  # only a body judged alive may stand for "unchanged" next time
            if item.content is not None:
                stored = store.stored_text(self.db, item.check.url)
                self._detect_language(item, item.content, stored)
                self._measure_drift(item, item.content, stored)
            stamp = self.clock.stamp()
            url = item.check.url
            store.save_source(self.db, item, at=stamp, judge=lambda history: self._judge(url, history))
            if item.check.outcome.value in GOOD_OUTCOMES:
                store.end_outage(self.db, host_of(url), stamp)
            self._match_citations(item, stamp)
            check = item.check
            logger.debug("checked %s %s%s", check.outcome.value, check.url, f" ({check.error})" if check.error else "")
            self.stats.inc_value(SourcesStat.FETCHED)
            self.stats.inc_value(outcome_key(item.check.outcome.value))
        return item

    def _store_commentary(self, item: CommentaryItem) -> None:
        assert self.db is not None
        saved = store.save_commentary(self.db, item.commentary, item.key, item.fetched_url, at=self.clock.stamp(),
                                      html=item.html, listing_date=item.listing_date, amend=corrector(self.db))
        for correction in saved.unmatched:
            logger.warning("correction %s (%s) of %s no longer finds its citation", correction.id, correction.label,
                           saved.url)
        if saved.unmatched:
            stat = "avimcrawl/warnings/unmatched_corrections"
            self.stats.set_value(stat, [*self.stats.get_value(stat, []), saved.url])
        self._match_new_citations(saved.url)
        self.stats.inc_value("avimcrawl/commentaries/stored")
        self.stats.inc_value("avimcrawl/commentaries/new" if saved.new else "avimcrawl/commentaries/updated")
        self.stats.inc_value("avimcrawl/citations/stored", saved.citations)
        if saved.url != item.commentary.url:
            self.stats.inc_value("avimcrawl/commentaries/mirror_merged")
        logger.debug("stored %s %s (%d citations)", item.commentary.number or "-", saved.url, saved.citations)

    def _match_citations(self, item: SourceItem, at: str) -> None:
        """Does the page still say what was cited? Each citation of the link against the page
        fetched (verify.py). An unchanged page (304, same body) is the one stored: compared
        again, only a different answer is written (a citation corrected since), so its
        `matched_at` stays. A check without a page (404, 5xx, blocked, unreachable) leaves each
        citation's match as the last page left it: a dead link is not `absent`, its match and
        `matched_at` say what the page was when last seen. So does a page that link health
        calls no page (a soft 404, a redirect to the home page), but for `parked`: a parking
        page answers every URL of its domain alike, so it is a soft 404 too."""
        assert self.db is not None
        url = item.check.url
        if item.content is not None:
            content = item.content
            page = PageSeen(content.title, content.text, content.author, content.published)
            written = self._record_matches(url, page, item.check.outcome.value, at, only_changes=False)
        elif item.unchanged and (row := store.answered_page(self.db, url)) is not None:
            written = self._record_matches(url, _stored_page(row), row["last_outcome"], at, only_changes=True)
        else:
            return
        self.stats.inc_value("avimcrawl/citations/matched", written)

    def _match_new_citations(self, commentary_url: str) -> None:
        """A commentary's citations of links already fetched get their match from the stored
        page (a new commentary citing a known URL, a title parsed anew); unchanged ones are
        left as they are."""
        assert self.db is not None
        for url in store.cited_links(self.db, commentary_url):
            row = store.answered_page(self.db, url)
            if row is not None:
                self._record_matches(url, _stored_page(row), row["last_outcome"], self.clock.stamp(),
                                     only_changes=True)

    def _record_matches(self, url: str, page: PageSeen, outcome: str | None, at: str, only_changes: bool) -> int:
        assert self.db is not None
        matches = match_citations(store.cited_by(self.db, url), page)
        if outcome in NO_PAGE:
            matches = {i: match for i, match in matches.items() if match.verdict is MatchVerdict.PARKED}
        return store.record_matches(self.db, matches, at, only_changes=only_changes)

    @staticmethod
    def _detect_language(item: SourceItem, content: Extracted, stored: store.StoredText | None) -> None:
        """The page's language; the stored one when its text has not changed (langdetect is slow)."""
        if stored is not None and stored.detected_lang and stored.text == content.text:
            item.language = Language(stored.detected_lang, stored.detected_lang_prob)
        else:
            item.language = detect_language(content.text)

    @staticmethod
    def _measure_drift(item: SourceItem, content: Extracted, stored: store.StoredText | None) -> None:
        """How far the page's text moved from the first text stored for it."""
        text = content.text
        if not text:
            return
        original = (stored.first_text if stored else None) or text
        if original == text:  # the common case: no shingles or fingerprints needed
            item.drift, item.changed = 0.0, False
        else:
            item.drift, item.changed = drift(original, text), has_changed(original, text)

    def _judge(self, url: str, history: list[CheckRecord]) -> tuple[str, str | None]:
        judgement = judge(history, self.death_rules.for_rule(self.site_rules.rule_for(url)))
        return judgement.verdict.value, judgement.dead_since

"""Running the spiders from Python, and what a run did, for the command line to report."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from avimcrawl.clock import Clock
from avimcrawl.failstop import STOP_CAUSE, StopReason
from avimcrawl.linkhealth import Outcome
from avimcrawl.pipelines import FIRST_FAILURE
from avimcrawl.stats import SourcesStat, outcome_key
from avimcrawl.spiders.commentaries import CommentariesSpider
from avimcrawl.spiders.leads import STATS as LEADS, LeadsSpider
from avimcrawl.spiders.sources import SourcesSpider


EVERY_PAGE_FAILED_FROM = 3
"""Commentary pages that must all fail (none stored) for a crawl to count as failed."""


@dataclass
class CrawlOptions:
    db: str
    start_urls: list[str] = field(default_factory=list)
    lang: str = "all"
    full: bool = False
    max_commentaries: int = 0
    delay: float | None = None
    verbose: bool = False
    sources: bool = True
    timeout: float | None = None
    max_response_size: int | None = None
    warc_dir: str | None = None
    warc_max_size: int | None = None
    now: str | None = None
    """A fixed time to run at (ISO 8601), instead of the clock's."""
    select: str = "unfetched"
    """Which links the sources spider fetches: unfetched, due, all or urls."""
    urls: list[str] = field(default_factory=list)
    dead_after_failures: int | None = None
    dead_after_hours: float | None = None
    transient_dead_after_days: float | None = None
    confirm_pause: float | None = None
    site_rules: str | None = None
    retry_backoff_hours: float | None = None
    give_up_after_failures: int | None = None
    progress_every: float | None = None
    allow_private: list[str] = field(default_factory=list)
    leads: bool = False
    """Search where dead and misspelled links went, after the sources (spider `leads`): `run`
    asks for it, `check` with --leads."""
    cdx_per_second: float | None = None
    """CDX queries a second for that search (AVIMCRAWL_LEADS_CDX_PER_SECOND)."""


@dataclass
class CrawlReport:
    """What one crawl did, read from its Scrapy stats."""

    stats: dict[str, Any]

    def count(self, key: str) -> int:
        return int(self.stats.get(f"avimcrawl/{key}", 0))

    def urls(self, key: str) -> list[str]:
        return list(self.stats.get(f"avimcrawl/warnings/{key}", []))

    @property
    def failed_pages(self) -> int:
        return self.count("failed/listing") + self.count("failed/commentary")

    @property
    def site_changed(self) -> bool:
        """A start page with no commentary link: the site changed, nothing would be archived."""
        return bool(self.urls("empty_start_pages"))

    @property
    def finished(self) -> bool:
        return self.stats.get("finish_reason") == StopReason.FINISHED

    def failure(self) -> str | None:
        """Why the crawl failed, in one line; None when it did its work.

        Partial failure is not failure: some pages failing while others are stored is a
        warning, and later runs try them again. The crawl fails when it stopped early,
        found the site changed, reached no listing page, or stored none of the
        commentaries it tried, having tried at least EVERY_PAGE_FAILED_FROM (one page
        retried from an earlier run failing again is a warning).
        """
        if self.stats.get(STOP_CAUSE):
            return str(self.stats[STOP_CAUSE])
        if not self.finished:
            return stopped_early(self.stats)
        if self.site_changed:
            return f"start page {self.urls('empty_start_pages')[0]} links to no commentary: has the site changed?"
        first = self.stats.get(FIRST_FAILURE, "")
        if not self.count("listings/crawled"):
            return f"no listing page could be reached ({first or 'none was fetched'})"
        failed = self.count("failed/commentary")
        if failed >= EVERY_PAGE_FAILED_FROM and not self.count("commentaries/stored"):
            return f"every commentary page tried failed ({failed}; first: {first})"
        return None

    def summary_line(self) -> str:
        parts = [
            f"{self.count('commentaries/stored')} commentaries stored "
            f"({self.count('commentaries/new')} new, {self.count('commentaries/updated')} updated)",
            f"{self.count('citations/stored')} citations",
            f"{self.count('listings/crawled')} listing pages",
            f"{self.failed_pages} pages failed",
        ]
        if self.urls("truncated_pages"):
            parts.append(f"{len(self.urls('truncated_pages'))} truncated")
        return "crawl: " + ", ".join(parts)

    def warnings(self) -> list[str]:
        found = [f"start page {url} links to no commentary: has the site changed? Nothing was found to archive."
                 for url in self.urls("empty_start_pages")]
        found += [f"commentary page {url} has no title: has the page layout changed?"
                  for url in self.urls("untitled_pages")]
        found += [f"page {url} was truncated: its last footnote may be incomplete"
                  for url in self.urls("truncated_pages")]
        found += [f"commentary {url} has corrections that no longer find their citation: see `avimcrawl reparse`"
                  for url in self.urls("unmatched_corrections")]
        if self.failed_pages:
            found.append(f"{self.failed_pages} pages could not be crawled; later runs try them again "
                         "(`avimcrawl failures` lists them, and when)")
        return found


@dataclass
class LeadsReport:
    """What the search for where dead and misspelled links went did (spider `leads`)."""

    stats: dict[str, Any]

    def count(self, key: str) -> int:
        return int(self.stats.get(LEADS + key, 0))

    def found(self) -> dict[str, int]:
        prefix = LEADS + "found/"
        return {key[len(prefix):]: int(value) for key, value in sorted(self.stats.items()) if key.startswith(prefix)}

    def failure(self) -> str | None:
        if self.stats.get(STOP_CAUSE):
            return str(self.stats[STOP_CAUSE])
        if self.stats.get("finish_reason") != StopReason.FINISHED:
            return stopped_early(self.stats)
        return None

    def summary_line(self) -> str:
        found = ", ".join(f"{how} {count}" for how, count in self.found().items())
        return (f"leads: {self.count('searched')} dead or misspelled links searched "
                f"({self.count('requests')} requests), {self.count('found')} suggested URLs"
                + (f" ({found})" if found else "")
                + ("; the CDX index answered 429, later CDX queries skipped" if self.count("cdx_rate_limited") else ""))


@dataclass
class SourcesReport:
    """What fetching the cited sources did (and the search for dead links' pages after it, if any)."""

    stats: dict[str, Any]
    leads: LeadsReport | None = None

    def outcomes(self) -> dict[str, int]:
        return {outcome.value: int(self.stats[outcome_key(outcome.value)]) for outcome in sorted(Outcome)
                if outcome_key(outcome.value) in self.stats}

    @property
    def finished(self) -> bool:
        return self.stats.get("finish_reason") == StopReason.FINISHED

    def failure(self) -> str | None:
        """Why fetching the sources failed, in one line; None when every due link was checked
        (dead links are findings, not failures)."""
        if self.stats.get(STOP_CAUSE):
            return str(self.stats[STOP_CAUSE])
        if not self.finished:
            return stopped_early(self.stats)
        return self.leads.failure() if self.leads is not None else None

    def summary_line(self, label: str = "sources") -> str:
        fetched = int(self.stats.get(SourcesStat.FETCHED, 0))
        counts = ", ".join(f"{outcome} {count}" for outcome, count in
                           sorted(self.outcomes().items(), key=lambda item: (-item[1], item[0])))
        unchanged = int(self.stats.get(SourcesStat.UNCHANGED, 0))
        confirmations = int(self.stats.get(SourcesStat.CONFIRMATIONS, 0))
        down = list(self.stats.get(SourcesStat.SITES_DOWN, []))
        return (f"{label}: {fetched} cited URLs checked" + (f" ({counts})" if counts else "")
                + (f", {unchanged} unchanged since the last check" if unchanged else "")
                + (f", {confirmations} failures confirmed before judging dead" if confirmations else "")
                + (f", {len(down)} sites down ({', '.join(down)})" if down else ""))


def stopped_early(stats: dict[str, Any]) -> str:
    reason = stats.get("finish_reason")
    if reason == StopReason.SHUTDOWN:
        return "stopped early (interrupted): the next run resumes where this one stopped"
    if reason is None:  # a second Ctrl-C: Scrapy stopped without closing the spider
        return "stopped at once (interrupted twice): the next run resumes where this one stopped"
    return f"stopped early ({reason}): the next run resumes where this one stopped"


def crawl_settings(options: CrawlOptions) -> Settings:
    settings = Settings()
    settings.setmodule("avimcrawl.settings", priority="project")
    overrides: dict[str, Any] = {
        "LOG_INSTALL_ROOT_HANDLER": False,  # configure_logging() below installs ours
        "AVIMCRAWL_DB": options.db,
        "AVIMCRAWL_LANG": options.lang,
        "AVIMCRAWL_FULL": options.full,
        "AVIMCRAWL_MAX_COMMENTARIES": options.max_commentaries,
        "AVIMCRAWL_SELECT": options.select,
        "AVIMCRAWL_URLS": options.urls,
    }
    if options.start_urls:
        overrides["AVIMCRAWL_START_URL_OVERRIDE"] = options.start_urls
    optional = {
        "AVIMCRAWL_ALLOW_PRIVATE": options.allow_private or None,
        "AVIMCRAWL_PROGRESS_EVERY": options.progress_every,
        "AVIMCRAWL_NOW": options.now,
        "AVIMCRAWL_DEAD_AFTER_FAILURES": options.dead_after_failures,
        "AVIMCRAWL_DEAD_AFTER_HOURS": options.dead_after_hours,
        "AVIMCRAWL_TRANSIENT_DEAD_AFTER_DAYS": options.transient_dead_after_days,
        "AVIMCRAWL_CONFIRM_PAUSE": options.confirm_pause,
        "AVIMCRAWL_SITE_RULES": options.site_rules,
        "AVIMCRAWL_RETRY_BACKOFF_HOURS": options.retry_backoff_hours,
        "AVIMCRAWL_GIVE_UP_AFTER_FAILURES": options.give_up_after_failures,
        "DOWNLOAD_TIMEOUT": options.timeout,
        "AVIMCRAWL_MAX_RESPONSE_SIZE": options.max_response_size,
        "AVIMCRAWL_WARC_DIR": options.warc_dir,
        "AVIMCRAWL_WARC_MAX_SIZE": options.warc_max_size,
    }
    overrides.update({name: value for name, value in optional.items() if value is not None})
    if options.cdx_per_second is not None:
        overrides["AVIMCRAWL_LEADS_CDX_PER_SECOND"] = options.cdx_per_second
    overrides["AVIMCRAWL_CRAWL_ID"] = Clock.at(options.now).now().strftime("%Y%m%d%H%M%S")
    if options.delay is not None:
        overrides["DOWNLOAD_DELAY"] = options.delay
        overrides["AUTOTHROTTLE_START_DELAY"] = max(options.delay, 0.01)
    settings.setdict(overrides, priority="cmdline")
    return settings


class _ProgressOnly(logging.Filter):
    """Scrapy's own INFO lines (versions, middlewares, stats dumps) are noise to an archivist,
    and so are its tracebacks for failures that our own lines already report as outcomes
    (a dead host's robots.txt, a request that failed after its retries)."""

    REPORTED_BY_US = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(self.REPORTED_BY_US):
            return record.levelno >= logging.CRITICAL
        return record.levelno >= logging.WARNING or not record.name.startswith(("scrapy", "twisted"))


def configure_logging(verbose: bool) -> None:
    """Progress and warnings on stderr; every Scrapy event too with `verbose`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    if not verbose:
        handler.addFilter(_ProgressOnly())
    logging.root.addHandler(handler)
    logging.root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("avimcrawl").setLevel(logging.DEBUG if verbose else logging.INFO)


def run_crawl(options: CrawlOptions) -> tuple[CrawlReport, SourcesReport | None]:
    """Crawl the commentaries, then the sources they cite (then, when asked, where the dead
    ones went); blocks until all end.

    Runs Twisted's reactor, so it can run once per process.
    """
    configure_logging(options.verbose)
    process = CrawlerProcess(crawl_settings(options))
    commentaries = process.create_crawler(CommentariesSpider)
    started: list[Crawler] = [commentaries]
    finished = process.crawl(commentaries)
    sources = leads = None
    if options.sources:
        sources = _run_after(process, finished, commentaries, SourcesSpider, started)
        if options.leads:
            leads = _run_after(process, finished, sources, LeadsSpider, started)
    process.start()
    return (CrawlReport(_stats_of(commentaries)),
            _sources_report(sources, leads, started) if sources is not None and sources in started else None)


def _run_after(process: CrawlerProcess, finished: Any, previous: Crawler, spider: type[scrapy.Spider],
               started: list[Crawler]) -> Crawler:
    """A crawler of `spider`, started once `previous` has finished normally: not after a crawl
    interrupted or stopped on our side (the rerun resumes instead)."""
    following = process.create_crawler(spider)

    def start_following(_: Any) -> Any:
        if previous in started and _stats_of(previous).get("finish_reason") == StopReason.FINISHED:
            started.append(following)
            return process.crawl(following)
        return None

    finished.addCallback(start_following)
    return following


def _sources_report(sources: Crawler, leads: Crawler | None, started: list[Crawler]) -> SourcesReport:
    return SourcesReport(_stats_of(sources), LeadsReport(_stats_of(leads)) if leads in started else None)


def _stats_of(crawler: Crawler) -> dict[str, Any]:
    """A crawler's stats; empty for one stopped before it started (a second Ctrl-C)."""
    try:
        return crawler.stats.get_stats() if crawler.stats is not None else {}
    except RuntimeError:  # Scrapy >= 2.14: "Crawler.stats is not set yet"
        return {}


def run_check(options: CrawlOptions) -> SourcesReport:
    """Re-check cited links (`options.select`: due, all or urls); blocks until done."""
    configure_logging(options.verbose)
    process = CrawlerProcess(crawl_settings(options))
    crawler = process.create_crawler(SourcesSpider)
    started = [crawler]
    finished = process.crawl(crawler)
    leads = _run_after(process, finished, crawler, LeadsSpider, started) if options.leads else None
    process.start()
    return _sources_report(crawler, leads, started)

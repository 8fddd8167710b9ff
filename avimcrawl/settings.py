"""Scrapy settings for avimcrawl: polite defaults for crawling a small institute's site.

Project settings are prefixed AVIMCRAWL_. The command line overrides them; see cli.py.
"""

from scrapy.settings import default_settings as _scrapy_defaults

from avimcrawl import USER_AGENT as _USER_AGENT
from avimcrawl.confirm import DEFAULT_CONFIRM_PAUSE as _CONFIRM_PAUSE
from avimcrawl.failstop import DEFAULT_NETWORK_DOWN_AFTER as _NETWORK_DOWN_AFTER
from avimcrawl.linkhealth import DeathRules as _DeathRules

BOT_NAME = "avimcrawl"
SPIDER_MODULES = ["avimcrawl.spiders"]
NEWSPIDER_MODULE = "avimcrawl.spiders"

USER_AGENT = _USER_AGENT
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "avimcrawl"

# One request at a time per site, at least a second apart, slower if the site is slow.
# CONCURRENT_REQUESTS bounds our own work, not what a site sees: a request waiting out its
# site's delay holds one of these places too, so with fewer places than sites, sites queue for
# a place instead of for their delay and the largest finishes late (bench/politeness.py, 150
# sites under --delay 0.5: 16 places, 1.20× the floor; 256, 1.05×).
CONCURRENT_REQUESTS = 256
CONCURRENT_REQUESTS_PER_DOMAIN = 1
# Each response yields one item; Scrapy's default (100) starts 100 asyncio tasks per
# response to process it, which measurably slows link checking (bench/).
CONCURRENT_ITEMS = 1
DOWNLOAD_DELAY = 1.0
# The delay as given, not Scrapy's default ±50 %: Scrapy draws a new random delay each time it
# looks at a site's queue, so the site waits for a draw below the time already waited: 1.2×
# DOWNLOAD_DELAY on average, yet at times half of it (bench/politeness.py).
if hasattr(_scrapy_defaults, "DOWNLOAD_DELAY_JITTER"):
    DOWNLOAD_DELAY_JITTER = 0.0
else:  # a Scrapy from before the setting; the newer one warns about the old switch
    RANDOMIZE_DOWNLOAD_DELAY = False
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# Scrapy's check for `return value` in generator callbacks re-parses the callback's source
# for every response (its cache is keyed on bound methods, new with each request): a tenth
# of link checking's CPU (bench/). tests/test_sources.py runs the check once instead.
WARN_ON_GENERATOR_RETURN_VALUE = False

ITEM_PIPELINES = {"avimcrawl.pipelines.StorePipeline": 300}
EXTENSIONS = {"avimcrawl.progress.ProgressExtension": 500}
AVIMCRAWL_PROGRESS_EVERY = 30.0  # seconds between progress log lines when stderr is not a terminal
# The SSRF guard: no fetching of private addresses named in a footnote (see netguard.py).
TWISTED_DNS_RESOLVER = "avimcrawl.netguard.GuardedResolver"
AVIMCRAWL_ALLOW_PRIVATE: list[str] = []  # exceptions: host names, addresses or networks
DOWNLOADER_MIDDLEWARES = {
    # First of all, before robots.txt is even asked for.
    "avimcrawl.netguard.SsrfGuardMiddleware": 40,
    # Before HttpCompressionMiddleware (590) in request order, after it in response order.
    "avimcrawl.middlewares.ResponseSizeLimit": 595,
    # Next to the downloader: adds up each hop's wait for an answer.
    "avimcrawl.middlewares.FetchTimer": 990,
    # Next to the downloader: sees raw bytes and every redirect hop.
    "avimcrawl.warc.WarcMiddleware": 950,
    # Sees each attempt's failure before RetryMiddleware (550) tries again.
    "avimcrawl.failstop.NetworkWatch": 960,
    # Between RetryMiddleware (550) and HttpCompressionMiddleware (590): sees the decompressed
    # answer before Retry does, so a wall's 503 is not asked again.
    "avimcrawl.middlewares.WallsAreNotRetried": 560,
}
# Requests in a row that cannot leave this machine (proxy down, no route) before the crawl stops.
AVIMCRAWL_NETWORK_DOWN_AFTER = _NETWORK_DOWN_AFTER

AVIMCRAWL_DB = "archive/avim.sqlite"
# Listing pages a crawl starts from when no --start-url is given, by language.
AVIMCRAWL_START_URLS = {
    "en": ["https://avim.org.tr/en/Yorumlar"],
    "tr": ["https://avim.org.tr/tr/Yorumlar"],
}
AVIMCRAWL_LANG = "all"
AVIMCRAWL_FULL = False
AVIMCRAWL_MAX_COMMENTARIES = 0  # 0: no limit

AVIMCRAWL_MAX_RESPONSE_SIZE = 50 * 1024 * 1024  # bytes kept of one response; the rest is cut
AVIMCRAWL_WARC_ENABLED = True
AVIMCRAWL_WARC_DIR = ""  # default: warc/ beside the database
AVIMCRAWL_WARC_MAX_SIZE = 1024**3  # rotate WARC files at this size
AVIMCRAWL_CRAWL_ID = ""  # default: the UTC start time, YYYYMMDDhhmmss; names the WARC files

# A listing or commentary page that failed is tried again by a later run once due: after its
# n-th failed attempt it waits AVIMCRAWL_RETRY_BACKOFF_HOURS × 2^(n−1) hours (20, 40, 80, 160:
# a page that failed last night is tried tonight). After AVIMCRAWL_GIVE_UP_AFTER_FAILURES
# failed attempts (0: never) runs stop trying it; `avimcrawl failures` lists it. See failures.py.
# When failed checks make a link dead (linkhealth.judge, README "Link health: verdicts"): this
# many failures, each at least this many hours after the previous one counted; a streak that
# is not of lasting failures (404, gone domain, DNS, soft 404) must also span this many days.
AVIMCRAWL_DEAD_AFTER_FAILURES = _DeathRules.failures_needed
AVIMCRAWL_DEAD_AFTER_HOURS = _DeathRules.hours_apart
AVIMCRAWL_TRANSIENT_DEAD_AFTER_DAYS = _DeathRules.transient_days
# Seconds between a strike that would make a link dead and the fresh request confirming it
# (confirm.py); the confirmations go after the run's checks, on new connections.
AVIMCRAWL_CONFIRM_PAUSE = _CONFIRM_PAUSE
# What the archivist knows of sites (siterules.py): default site-rules.toml beside the database.
AVIMCRAWL_SITE_RULES = ""

AVIMCRAWL_RETRY_BACKOFF_HOURS = 20.0
AVIMCRAWL_GIVE_UP_AFTER_FAILURES = 5

# Where did a dead or misspelled citation's page go (spider `leads`, after the sources in
# `check` and `run`; leads.py): fetches one link's search may make (0: no search), days
# before a citation searched in vain is searched again, and CDX queries a second.
from avimcrawl.leads import DEFAULT_MAX_REQUESTS as _LEADS_MAX_REQUESTS  # noqa: E402
from avimcrawl.leads import DEFAULT_RESEARCH_DAYS as _LEADS_RESEARCH_DAYS  # noqa: E402
from avimcrawl.wayback import Limits as _Limits  # noqa: E402

AVIMCRAWL_LEADS_MAX_REQUESTS = _LEADS_MAX_REQUESTS
AVIMCRAWL_LEADS_RESEARCH_DAYS = _LEADS_RESEARCH_DAYS
AVIMCRAWL_LEADS_CDX_PER_SECOND = _Limits().cdx_per_second

"""What spiders hand to the pipeline: parsed pages and pages that could not be crawled."""

from __future__ import annotations

from dataclasses import dataclass

from avimcrawl import store
from avimcrawl.commentary import Commentary
from avimcrawl.extract import Extracted, Language
from avimcrawl.linkhealth import CheckResult


@dataclass
class CommentaryItem:
    commentary: Commentary
    key: str
    """Mirror-independent identity (see commentary.PageRef.key)."""
    fetched_url: str
    html: str | None = None
    """The page as fetched, kept so citations can be re-parsed without a new crawl."""
    listing_date: str | None = None
    """The date the listing showed beside this commentary (ISO), when it showed one."""


@dataclass
class FailedPage:
    url: str
    page: str
    """What the page is: "listing" or "commentary"."""
    http_status: int | None
    error: str


@dataclass
class RecoveredPage:
    """A page that failed in an earlier run and was crawled now."""

    url: str


@dataclass
class SourceItem:
    """One fetch of a cited URL: the check, and what the page said when there was a page."""

    check: CheckResult
    content: Extracted | None = None
    language: Language | None = None
    content_type: str | None = None
    size: int | None = None
    truncated: bool = False
    warc_file: str | None = None
    warc_offset: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_sha1: str | None = None
    """SHA-1 of the body, kept when the page is judged alive: the next check's "unchanged"."""
    drift: float | None = None
    changed: bool | None = None
    unchanged: bool = False
    """The page is the one last stored (304, or the same body): nothing was re-extracted."""


@dataclass
class OutageItem:
    """Every link of a site checked in this run failed alike, and so did its home page."""

    seen: store.OutageSeen

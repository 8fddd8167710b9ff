"""What spiders hand to the pipeline: parsed pages and pages that could not be crawled."""

from __future__ import annotations

from dataclasses import dataclass

from avimcrawl.commentary import Commentary


@dataclass
class CommentaryItem:
    commentary: Commentary
    key: str
    """Mirror-independent identity (see commentary.PageRef.key)."""
    fetched_url: str


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

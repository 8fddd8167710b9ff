"""The crawler stats keys the sources stage counts under, defined once (Scrapy's stats
collector; `crawl.SourcesReport` and `progress` read them back)."""

from __future__ import annotations

from enum import StrEnum

SOURCES = "avimcrawl/sources/"


class SourcesStat(StrEnum):
    QUEUED = SOURCES + "queued"
    """Links the run set out to check."""
    FETCHED = SOURCES + "fetched"
    """Checks recorded (confirmations included)."""
    UNCHANGED = SOURCES + "unchanged"
    """304s and bodies byte for byte the last one judged alive: nothing re-extracted."""
    PROBES = SOURCES + "probes"
    """Random sibling URLs asked, one per host, to catch soft 404s."""
    CONFIRMATIONS = SOURCES + "confirmations"
    """Fresh requests sent to confirm a strike that would make a link dead."""
    HOME_PAGES_ASKED = SOURCES + "home_pages_asked"
    """Home pages of sites whose every checked link failed alike."""
    SITES_DOWN = SOURCES + "sites_down"
    """The domains found down (a list)."""


def outcome_key(outcome: str) -> str:
    """The key counting the checks of one outcome (`avimcrawl/sources/not_found`)."""
    return SOURCES + outcome

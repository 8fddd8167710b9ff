"""Which citations a person should look at: the confidence threshold and the review states.

The parser says how sure it is of each citation's fields (`Citation.confidence`, 0–1);
below REVIEW_BELOW the citation "needs review", unless someone corrected it or marked it
reviewed (`avimcrawl correct`). Defined here once: the parser, the report and the Datasette
queries all read it from this module. Imports nothing of avimcrawl.
"""

from __future__ import annotations

from enum import Enum

REVIEW_BELOW: float = 0.75


class Review(str, Enum):
    """What the report says of a citation's review (`None` when nothing needs saying)."""

    NEEDS_REVIEW = "needs_review"
    """Parsed with confidence below REVIEW_BELOW, and neither corrected nor reviewed."""
    CORRECTED = "corrected"
    """A person corrected it (`avimcrawl correct --set/--split-at/--merge-next`)."""
    REVIEWED = "reviewed"
    """A person looked at it and found it right (`avimcrawl correct --reviewed`)."""


def review_of(confidence: float | None, corrected: bool, reviewed: bool) -> Review | None:
    """A citation's review state; None for a confident, untouched one (or one parsed before
    confidence was recorded, which has none)."""
    if corrected:
        return Review.CORRECTED
    if reviewed:
        return Review.REVIEWED
    if confidence is not None and confidence < REVIEW_BELOW:
        return Review.NEEDS_REVIEW
    return None


def needs_review_sql(alias: str = "c") -> str:
    """The same rule as `review_of`, as an SQL condition on a `citations` row."""
    return (f"{alias}.confidence < {REVIEW_BELOW!r} AND NOT coalesce({alias}.corrected, 0) "
            f"AND NOT coalesce({alias}.reviewed, 0)")

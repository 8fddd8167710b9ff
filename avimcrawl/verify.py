"""Does a page still say what was cited? The cited title against a page's title and text.

Link checkers stop at "the URL answers". A cited page can answer 200 and be another page:
rewritten, replaced by the site's home page, sold with its domain, or parked by a
registrar. This module compares what a footnote says (its title) with what a page says
(its title, headline and main text), both folded so that case, accents, typographic
punctuation and the Turkish dotted and dotless i do not count (`Türkiye'nin` =
`TURKIYENIN`, `ılımlı` = `ILIMLI`).

Verdicts (`MatchVerdict`):
* `same`: the cited title is on the page (in its title or text), or the page's title is
  the cited one give or take a few words;
* `close`: most of the cited title's words are in the page's title, or all of them in its
  text but not as one phrase: likely the same article, edited;
* `absent`: the page does not hold the cited title: replaced, or the footnote links the
  wrong page;
* `parked`: the page is a registrar's parking or "domain for sale" page;
* `unknown`: the citation has no title, or there is no page text to compare with.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum


class MatchVerdict(StrEnum):
    SAME = "same"
    CLOSE = "close"
    ABSENT = "absent"
    PARKED = "parked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Match:
    verdict: MatchVerdict
    score: float | None = None
    """0 (nothing in common) … 1 (the cited title is on the page)."""
    seen_title: str | None = None
    """The page's title as it was compared."""


SAME_FROM = 0.85
"""Similarity of the cited title to the page's title from which they are the same title."""
CLOSE_FROM = 0.6
"""Share of the cited title's words found on the page from which it is `close`."""
TEXT_CLOSE_FROM = 0.8
"""Share of the cited title's words found in the page's text (not as one phrase) for `close`:
higher than for the title, as a long text holds many words."""
MIN_TITLE_WORDS = 2
"""A cited "title" of fewer words cannot be told apart from any page's text."""

_COMMON = frozenset(
    "with from that this their these those have been will into over after about between under what when "
    "where which while does than them they were also more most such only very says said amid ahead "
    "icin ile olan gibi daha kadar sonra once uzere veya ancak bile hangi nasil neden".split())
_TURKISH = str.maketrans({"ı": "i", "İ": "i", "I": "i"})
_NOT_WORD = re.compile(r"[^\w]+")
_PARKED_SIGNS = (
    "this domain is for sale", "this domain may be for sale", "domain is for sale", "domain for sale",
    "buy this domain", "the domain name is for sale", "make an offer on this domain", "is available for purchase",
    "this domain has been registered", "domain parking", "parked free", "parkingcrew", "sedoparking",
    "bodis", "hugedomains", "dan com", "afternic", "this web page is parked", "parked domain",
    "related searches", "courtesy of godaddy", "bu alan adi satiliktir", "alan adi satilik",
    "bu alan adi satin alinabilir",
)
_PARKED_SIGNS_FOLDED = tuple(f" {' '.join(sign.split())} " for sign in _PARKED_SIGNS)


def fold(text: str | None) -> str:
    """Lower case, no accents, no punctuation, Turkish i's as i, one space between words."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.translate(_TURKISH))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("'", "").replace("\u2019", "")  # Türkiye'nin: one word, as typed either way
    return " ".join(_NOT_WORD.sub(" ", text).split())


def is_parked(title: str | None, text: str | None) -> bool:
    """A registrar's parking page or a "domain for sale" page."""
    page = f" {fold(title)} {fold((text or '')[:5000])} "
    return any(sign in page for sign in _PARKED_SIGNS_FOLDED)


def title_match(cited_title: str | None, page_title: str | None, page_text: str | None) -> Match:
    """How well a page holds a cited title."""
    cited = fold(cited_title)
    if len(cited.split()) < MIN_TITLE_WORDS:
        return Match(MatchVerdict.UNKNOWN, seen_title=page_title)
    if is_parked(page_title, page_text):
        return Match(MatchVerdict.PARKED, 0.0, page_title)
    title, text = fold(page_title), fold(page_text)
    if not title and not text:
        return Match(MatchVerdict.UNKNOWN, seen_title=page_title)
    if f" {cited} " in f" {title} " or f" {cited} " in f" {text} ":
        return Match(MatchVerdict.SAME, 1.0, page_title)
    similarity = SequenceMatcher(None, cited, title).ratio() if title else 0.0
    if similarity >= SAME_FROM:
        return Match(MatchVerdict.SAME, round(similarity, 3), page_title)
    words = _content_words(cited)
    in_title = _share_found(words, set(title.split()))
    in_text = _share_found(words, set(text.split()))
    score = round(max(similarity, in_title, in_text * CLOSE_FROM / TEXT_CLOSE_FROM), 3)
    close = in_title >= CLOSE_FROM or in_text >= TEXT_CLOSE_FROM
    return Match(MatchVerdict.CLOSE if close else MatchVerdict.ABSENT, score, page_title)


def _content_words(folded: str) -> set[str]:
    """The words that tell one title from another: not the short and common ones."""
    return {word for word in folded.split() if len(word) >= 4 and word not in _COMMON}


def _share_found(words: set[str], vocabulary: set[str]) -> float:
    """The share of the cited words the page uses."""
    return len(words & vocabulary) / len(words) if words else 0.0

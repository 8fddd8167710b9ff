"""Does a page still say what was cited? The cited title against a page's title and text.

Link checkers stop at "the URL answers". A cited page can answer 200 and be another page:
rewritten, replaced by another article or the site's home page, sold with its domain, or
parked by a registrar. This module compares what a footnote says (its title; its author and
date when given) with what a page says (its title, headline and main text), both folded so
that case, accents, typographic punctuation and the Turkish dotted and dotless i do not
count (`Türkiye'nin` = `TURKIYENIN`, `ılımlı` = `ILIMLI`; `Turkey` = `Türkiye`).

Verdicts (`MatchVerdict`), tried in this order:
* `unknown`: the citation has no title (or one word: any page holds it), or the page gave
  no title and no text to compare with;
* `absent` at once when the page's title says it is no article: search results (a site that
  answers unknown URLs with a search for the slug's words echoes the cited title), "page not
  found";
* `same`: the cited title, folded, is in the page's title, or in the first lines of its text
  (where the headline stands: a PDF's cover, a page whose `<title>` is the site's name);
* `parked`: a registrar's or marketplace's parking page, "domain for sale", an expired-domain
  notice, or a script-only lander whose title is a bare domain name (`is_parked`);
* `same`: the page's title is the cited one give or take a few letters (`SAME_FROM`);
* `close`: most of the cited title's words are in the page's title (`CLOSE_FROM`), or the
  page's whole title stands inside the cited one (the citation added the publisher), or
  nearly all of them stand together in the first lines of its text (`TEXT_CLOSE_FROM`, within
  a span not much longer than the title): likely the same article, edited (a word changed, a
  subtitle added);
* `absent`: otherwise. The page does not hold the cited title: replaced, or the footnote
  links the wrong page. The cited title only somewhere deep in the text (a listing or a
  related-links box naming the cited article) with another title on top is not enough.

`score` is 0 (nothing in common) … 1 (the cited title is on the page): the best of the
title similarity and the word shares. Accuracy on generated pages: bench/verify.py and
tests/test_verify.py (the figures are in the README).

`with_metadata` then lowers `same` to `close` when the citation's author or date disagrees
with the page's metadata; it never changes another verdict.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any


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


SAME_FROM = 0.9
"""Similarity (difflib ratio of the folded strings) of the page's title to the cited title
from which they are the same title: a few letters or a short word apart (two words changed in
a 60-letter headline are 0.86: `close`). Whether 0.75 or 0.95, no cited page is missed and no
other page found on the generated pages: this only divides `same` from `close`."""
CLOSE_FROM = 0.7
"""Share of the cited title's words found in the page's title from which it is `close`. An
edited headline keeps ≥ 0.71 of them (one word of 4–7 changed); another article of the same
site on the same countries and issue shares up to half (bench/verify.py)."""
TEXT_CLOSE_FROM = 0.8
"""Share of the cited title's words found together in the page's text for `close`: higher
than for the title, as a text holds many words."""
WITHIN_FROM = 0.5
"""Share of the cited title's words that the page's whole title (4+ words) must make up when
it stands inside the cited title (the citation added the publisher or a subtitle) for `close`."""
SPAN_SLACK = 6
"""How many words longer than the cited title the span of text holding its words may be."""
HEAD_LINES = 6
HEAD_CHARS = 600
"""Where in the text a page's own headline stands, and the cited title counts: its first lines
(a PDF's cover; an article whose text begins with its headline). Further down, the cited title
is a link in a listing or a related-articles box, or a quotation, on some other page."""
MIN_TITLE_WORDS = 2
"""A cited "title" of fewer words cannot be told apart from any page's text."""

_COMMON = frozenset(
    "with from that this their these those have been will into over after about between under what when "
    "where which while does than them they were also more most such only very says said amid ahead "
    "icin ile olan gibi daha kadar sonra once uzere veya ancak bile hangi nasil neden".split())
_ALIASES = {"turkey": "turkiye", "turkeys": "turkiyes", "kiev": "kyiv"}
"""Names a site renamed and an author may modernise (or not)."""
_TURKISH = str.maketrans({"ı": "i", "İ": "i", "I": "i"})
_NOT_WORD = re.compile(r"[^\w]+")
_HOST = re.compile(r"^(?:www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)

_NOT_AN_ARTICLE = ("search results", "search result", "you searched for", "results for", "arama sonuclari",
                   "arama sonucu", "icin arama", "page not found", "404 not found", "error 404", "404 error",
                   "404 page", "sayfa bulunamadi", "icerik bulunamadi", "haber bulunamadi", "sonuc bulunamadi",
                   "nothing found", "page cannot be found", "page can t be found")
"""Titles of pages that are no article: a search's results (which echo the query: the slug's
words), "not found" pages served with 200."""

_PARKED = (
    # English: sale and parking notices of registrars and marketplaces
    "domain is for sale", "domain may be for sale", "domain name is for sale", "domain name may be for sale",
    "website is for sale", "site is for sale", "this domain is available", "is available for purchase",
    "buy this domain", "get this domain", "make an offer on this domain", "lease to own",
    "domain is parked", "is parked free", "parked domain", "domain parking", "parked by", "parkingcrew",
    "sedoparking", "parking lander", "sponsored listings displayed above", "served automatically by a third party",
    "domain owner maintain no relationship", "maintain no relationship with third party advertisers",
    "domain has expired", "domain expired on", "pending renewal or deletion", "recently registered at",
    "this domain is registered at", "domain owner may currently be creating",
    # Turkish: "this domain is for sale", "registered / parked by", "its term has expired"
    "alan adi satiliktir", "alan adi satilik", "satilik alan adi", "domain satiliktir", "satilik domain",
    "alan adi satin alinabilir", "tarafindan tescil edilmistir", "tarafindan park edilmistir",
    "alan adi park edilmistir", "alan adinin kullanim suresi dolmustur", "alan adinin suresi dolmustur",
)
_PARKED_FOLDED = tuple(f" {sign} " for sign in _PARKED)
_DOMAIN_FOR_SALE = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}\s+(?:is|may be)\s+(?:for sale|available for purchase)\b",
                              re.IGNORECASE)
"""`example.com is for sale`: a domain name, then the offer."""
_CHALLENGE_FOLDED = tuple(f" {sign} " for sign in (
    "cloudflare", "ray id", "verifying you are human", "checking your browser", "security of your connection",
    "enable javascript and cookies"))
"""A bot check (Cloudflare's shows the host name as its heading): the site is there, not parked."""
_PARKED_WITHIN = 5000
"""Characters of a page's text searched for parking signs, and more than a parking page ever
holds: a longer text is an article (about domain trading, perhaps), never a parking page."""


# ------------------------------------------------------------------- folding


def fold(text: str | None) -> str:
    """Lower case, no accents, no punctuation, Turkish i's as i, one space between words."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.translate(_TURKISH))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("'", "").replace("\u2019", "")  # Türkiye'nin: one word, as typed either way
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _words(folded: str) -> list[str]:
    return [_ALIASES.get(word, word) for word in folded.split()]


def _content_words(words: list[str]) -> set[str]:
    """The words that tell one title from another: not the short and common ones."""
    return {word for word in words if len(word) >= 4 and word not in _COMMON}


# ------------------------------------------------------------------- verdicts


def is_parked(title: str | None, text: str | None) -> bool:
    """A registrar's parking page, a "domain for sale" page, an expired-domain notice, or a
    parking lander whose HTML holds nothing but the domain name as its title."""
    if len(text or "") > _PARKED_WITHIN:
        return False
    head = f"{title or ''}\n{text or ''}"
    page = f" {fold(head)} "
    if any(sign in page for sign in _PARKED_FOLDED) or _DOMAIN_FOR_SALE.search(head):
        return True
    return bool(title and _HOST.match(title.strip()) and len(fold(text)) < 200
                and not any(sign in page for sign in _CHALLENGE_FOLDED))


def _not_an_article(title: str, cited: str) -> bool:
    return any(sign in f" {title} " and sign not in cited for sign in (f" {s} " for s in _NOT_AN_ARTICLE))


def title_match(cited_title: str | None, page_title: str | None, page_text: str | None) -> Match:
    """How well a page holds a cited title."""
    match = _title_match(cited_title, page_title, page_text)
    head = _before_last_comma(cited_title) if match.verdict is MatchVerdict.ABSENT and match.score else None
    if head is not None:
        # The footnote's next field glued to the title ("…, Anadolu Agency"): the title without it.
        shorter = _title_match(head, page_title, page_text)
        if shorter.verdict in (MatchVerdict.SAME, MatchVerdict.CLOSE):
            return Match(MatchVerdict.CLOSE, shorter.score, page_title)
    return match


def _before_last_comma(title: str | None) -> str | None:
    """A title without its last comma-separated part when that part is short (≤ 4 words) and
    the rest is not (≥ 3 words)."""
    head, comma, tail = (title or "").rpartition(",")
    if comma and len(tail.split()) <= 4 and len(fold(head).split()) >= 3:
        return head
    return None


def _title_match(cited_title: str | None, page_title: str | None, page_text: str | None) -> Match:
    cited = " ".join(_words(fold(cited_title)))
    if len(cited.split()) < MIN_TITLE_WORDS:
        return Match(MatchVerdict.UNKNOWN, seen_title=page_title)
    title = " ".join(_words(fold(page_title)))
    if not title and not fold((page_text or "")[:HEAD_CHARS]):
        return Match(MatchVerdict.UNKNOWN, seen_title=page_title)
    if _not_an_article(title, cited):
        return Match(MatchVerdict.ABSENT, 0.0, page_title)
    head = _head(page_text)
    if f" {cited} " in f" {title} " or f" {cited} " in f" {head} ":
        return Match(MatchVerdict.SAME, 1.0, page_title)
    if is_parked(page_title, page_text):
        return Match(MatchVerdict.PARKED, 0.0, page_title)
    similarity = SequenceMatcher(None, cited, title, autojunk=False).ratio() if title else 0.0
    if similarity >= SAME_FROM:
        return Match(MatchVerdict.SAME, round(similarity, 3), page_title)
    words = _content_words(cited.split())
    in_title = _share_found(words, set(title.split()), fuzzy=True)
    within = _title_within(title, cited)
    together = _best_span_share(words, len(cited.split()) + SPAN_SLACK, head.split())
    score = round(max(similarity, in_title, within, together * CLOSE_FROM / TEXT_CLOSE_FROM), 3)
    close = in_title >= CLOSE_FROM or within >= WITHIN_FROM or together >= TEXT_CLOSE_FROM
    return Match(MatchVerdict.CLOSE if close else MatchVerdict.ABSENT, score, page_title)


def _title_within(title: str, cited: str) -> float:
    """The share of the cited title's words that the page's whole title makes up when it stands
    inside the cited one (the citation added the publisher, or a subtitle the page dropped)."""
    size = len(title.split())
    if size < 4 or f" {title} " not in f" {cited} ":
        return 0.0
    return size / len(cited.split())


def _head(text: str | None) -> str:
    """The first lines of a text, folded: where a page's own headline stands."""
    lines = [line for line in (text or "")[:HEAD_CHARS * 2].splitlines() if line.strip()][:HEAD_LINES]
    return " ".join(_words(fold("\n".join(lines)[:HEAD_CHARS])))


def _share_found(words: set[str], vocabulary: set[str], fuzzy: bool = False) -> float:
    """The share of the cited words the page uses; `fuzzy`: a word one typo away counts."""
    if not words:
        return 0.0
    found = words & vocabulary
    if fuzzy:
        found |= {w for w in words - found if len(w) >= 5 and any(_one_typo(w, v) for v in vocabulary)}
    return len(found) / len(words)


def _one_typo(a: str, b: str) -> bool:
    """One letter dropped, added, changed, or two swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:] or \
        (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])


def _best_span_share(words: set[str], span: int, tokens: list[str]) -> float:
    """The largest share of the cited words found within `span` consecutive words."""
    if not words or not tokens:
        return 0.0
    inside: Counter[str] = Counter()
    best = 0
    for i, token in enumerate(tokens):
        if token in words:
            inside[token] += 1
        if i >= span and tokens[i - span] in words:
            inside[tokens[i - span]] -= 1
            if not inside[tokens[i - span]]:
                del inside[tokens[i - span]]
        best = max(best, len(inside))
    return best / len(words)


# ------------------------------------------------------------------ metadata


_NOT_A_NAME = frozenset(
    "editorial editor editors team staff desk news agency reporter reporters correspondent daily the and ve "
    "haber merkezi ajansi ajans anadolu aa dha iha reuters afp online english web service servisi yazi isleri".split())


def _surnames(authors: str | None) -> set[str]:
    """Words of an author line that may be names (3+ letters, not "Editorial", "News", …)."""
    return {w for w in fold(authors).split() if len(w) >= 3 and w not in _NOT_A_NAME and not w.isdigit()}


def authors_disagree(cited_authors: str | None, page_author: str | None) -> bool:
    """Both name people, and no name of the citation's is in the page's byline. A byline that
    names no person (the site, "Daily Sabah with AA") or a citation without one says nothing."""
    cited, page = _surnames(cited_authors), _surnames(page_author)
    return bool(cited and page) and not cited & page


def dates_disagree(cited_published: str | None, page_published: str | None, tolerance_days: int = 3) -> bool:
    """Both give a full date (YYYY-MM-DD) and they are more than `tolerance_days` apart (time
    zones, a late edit); a year or month alone is compared at its own precision."""
    if not cited_published or not page_published:
        return False
    cited, page = cited_published.strip(), page_published.strip()
    try:
        if len(cited) >= 10 and len(page) >= 10:
            return abs((date.fromisoformat(cited[:10]) - date.fromisoformat(page[:10])).days) > tolerance_days
    except ValueError:
        return False
    precision = min(len(cited), len(page), 7)
    return bool(re.match(r"\d{4}", cited) and re.match(r"\d{4}", page)) and cited[:precision] != page[:precision]


def with_metadata(match: Match, cited_authors: str | None = None, cited_published: str | None = None,
                  page_author: str | None = None, page_published: str | None = None) -> Match:
    """`same` becomes `close` when the citation's author or date disagrees with the page's
    metadata: the title is there, but perhaps on another version or another page. One step at
    most, and only from `same`: metadata is too often missing or wrong (a site's name as the
    author, the date of the last edit) to decide more."""
    if match.verdict is MatchVerdict.SAME and (authors_disagree(cited_authors, page_author)
                                               or dates_disagree(cited_published, page_published)):
        return replace(match, verdict=MatchVerdict.CLOSE)
    return match


def citation_match(cited_title: str | None, page_title: str | None, page_text: str | None, *,
                   cited_authors: str | None = None, cited_published: str | None = None,
                   page_author: str | None = None, page_published: str | None = None) -> Match:
    """`title_match`, then `with_metadata`: what is stored in `citations.match`."""
    return with_metadata(title_match(cited_title, page_title, page_text), cited_authors, cited_published,
                         page_author, page_published)


@dataclass(frozen=True)
class PageSeen:
    """A page as the crawler extracted it: what citations are compared with."""

    title: str | None
    text: str | None
    author: str | None = None
    published: str | None = None


def match_citations(citations: Iterable[Mapping[str, Any]], page: PageSeen) -> dict[str, Match]:
    """`citation_match` of each citation row (`id`, `title`, `authors`, `published`) against one page."""
    return {row["id"]: citation_match(row["title"], page.title, page.text, cited_authors=row["authors"],
                                      cited_published=row["published"], page_author=page.author,
                                      page_published=page.published)
            for row in citations}

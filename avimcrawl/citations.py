"""Footnotes of an AVİM commentary, parsed into citations. Plain Python, no Scrapy.

The work is shared among modules that each own one step: `notes` finds the footnotes
among a page's paragraphs, `segment` cuts a note into citations by its structure (URLs,
quotations, `;` and paragraph breaks), `fields` reads each citation's fields (URL, title,
dates by their labels, then authors and publisher by position). This module holds the
result (`Citation`), the problems a citation can have, repeat notes (Ibid., a.g.e.), the
confidence of each reading, and the entry points. Parsing never raises on odd input: what
cannot be read is left empty, named in `problems`, and lowers `confidence`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from avimcrawl.dates import fold
from avimcrawl.fields import PLACEHOLDER_TOKEN, Fields, is_placeholder, read_fields
from avimcrawl.htmltext import Link, Paragraph, html_paragraphs, parse_html, text_paragraphs
from avimcrawl.notes import Note, Text, find_notes, note_text
from avimcrawl.review import REVIEW_BELOW
from avimcrawl.segment import REPEAT_MARK, Piece, split_citations
from avimcrawl.urls import (
    WELL_KNOWN_DOMAINS,
    host_of,
    is_fetchable,
    likely_intended_domain,
    registrable_domain,
)

__all__ = ["Citation", "Kind", "Note", "Problem", "REVIEW_BELOW", "citations_from_paragraphs", "find_notes",
           "flag_truncated", "is_truncated", "parse_citation", "parse_html_citations", "parse_text_citations"]


class Problem(str, Enum):
    """What can be wrong with a citation, as stored in `citations.problems`."""

    PLACEHOLDER = "placeholder"
    PUBLISHED_AFTER_ACCESSED = "published_after_accessed"
    NO_URL = "no_url"
    MALFORMED_URL = "malformed_url"
    SUSPECT_DOMAIN = "suspect_domain"
    DUPLICATE = "duplicate"
    STRAY_BRACKET = "stray_bracket"
    DOUBLE_SLASH = "double_slash"
    TRUNCATED = "truncated"
    REPEAT_WITHOUT_SOURCE = "repeat_without_source"


class Kind(str, Enum):
    """What a citation cites, as stored in `citations.kind`."""

    WEB = "web"
    PRINT = "print"
    REPEAT = "repeat"
    UNKNOWN = "unknown"


# What lowers a citation's confidence, and by how much.
_DOUBT_COST = 0.15
_GUESS_COST = {"title": 0.1, "publisher": 0.05, "authors": 0.05, "accessed": 0.1}
_NO_TITLE_COST = 0.3
_NO_URL_COST = 0.3
_UNSURE_CUT_COST = 0.15


@dataclass
class Citation:
    """One cited source, as written in one footnote of a commentary."""

    footnote: int
    position: int
    raw: str
    url: str | None = None
    link_url: str | None = None
    authors: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    accessed: str | None = None
    problems: list[str] = field(default_factory=list)
    suggested_domain: str | None = None
    """For `suspect_domain`: the domain the author probably meant."""
    kind: str = "web"
    """`web` (cites a URL), `print` (a book, journal or report without URL), `repeat`
    (Ibid., a.g.e.: the source of an earlier note) or `unknown`."""
    repeats: int | None = None
    """For `repeat`: the footnote whose source this note cites again."""
    confidence: float = 1.0
    """How sure the parser is of the fields (0–1); below REVIEW_BELOW a person should look."""
    guessed: list[str] = field(default_factory=list)
    """Fields read by position only, with no quote, label or markup to go by."""

    def flag(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(str(problem.value if isinstance(problem, Problem) else problem))

    @property
    def needs_review(self) -> bool:
        return self.confidence < REVIEW_BELOW


# ------------------------------------------------------------------------ citations


def parse_citation(span_text: str, footnote: int, position: int,
                   links: Iterable[tuple[int, int, str]] = (),
                   known_authors: Iterable[str] = ()) -> Citation:
    """Read one citation's fields from its text (links as (start, end, href))."""
    piece = Piece(Text(span_text, [Link(a, b, h) for a, b, h in links]))
    return _citation(piece, footnote, position, list(known_authors))


def _citation(piece: Piece, footnote: int, position: int, known_authors: list[str]) -> Citation:
    citation = Citation(footnote, position, _raw(piece.text.text))
    fields = read_fields(piece.text, known_authors)
    _fill(citation, fields)
    citation.confidence = _confidence(fields, piece.unsure)
    _judge(citation)
    return citation


def _raw(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text).strip()


def _fill(citation: Citation, fields: Fields) -> None:
    for name in ("url", "link_url", "authors", "title", "publisher", "published", "accessed"):
        setattr(citation, name, getattr(fields, name))
    citation.kind = fields.kind
    citation.guessed = list(dict.fromkeys(fields.guessed))


def _confidence(fields: Fields, unsure_cut: bool) -> float:
    score = 1.0 - sum(_GUESS_COST.get(name, 0.0) for name in set(fields.guessed))
    score -= _DOUBT_COST * len(fields.doubts)
    if not fields.link_url and fields.kind == Kind.UNKNOWN.value:
        score -= _NO_URL_COST
    if not fields.title:
        score -= _NO_TITLE_COST
    if unsure_cut:
        score -= _UNSURE_CUT_COST
    return round(max(0.0, min(1.0, score)), 2)


# ------------------------------------------------------------------------- repeats


_AUTHOR_THEN_REPEAT = re.compile(
    r"^(?P<author>[^,;()]{2,60}),\s*(?:ibid|a\.\s?g\.\s?[em]\.?|ag[em]\b|op\.\s?cit\.?|aynı\s+eser)", re.IGNORECASE)
_SHORT_FORM = re.compile(
    r"^(?P<author>[^,;()]{2,60}),\s*(?P<title>[^;]{3,200}?),\s*(?:(?:pp?|ss?)\.\s*)?\d+(?:\s*[-–]\s*\d+)?\.?$")


def _repeat(piece: Piece, footnote: int, earlier: list[Citation]) -> Citation | None:
    """A note citing an earlier note's source again: `Ibid.` / `a.g.e.` (the note before),
    `Surname, a.g.m., s. 4` (that author's last source), or Chicago's short form
    `Surname, Short Title, 45.` (the source with that author and title)."""
    text = _raw(piece.text.text)
    if re.search(r"https?://|www\.", text):
        return None
    sources = [c for c in earlier if c.footnote < footnote and c.kind != Kind.REPEAT.value]
    if REPEAT_MARK.match(text):
        source = sources[-1] if sources else None
    elif match := _AUTHOR_THEN_REPEAT.match(text):
        source = _by_author(sources, match.group("author")) or (sources[-1] if sources else None)
    elif match := _SHORT_FORM.match(text):
        source = _by_short_title(sources, match.group("author"), match.group("title"))
        if source is None:
            return None
    else:
        return None
    return _repeating(text, footnote, source)


def _repeating(text: str, footnote: int, source: Citation | None) -> Citation:
    citation = Citation(footnote, 1, text, kind=Kind.REPEAT.value)
    if source is None:
        citation.flag(Problem.REPEAT_WITHOUT_SOURCE)
        citation.confidence = 0.3
        return citation
    citation.repeats = source.footnote
    for name in ("link_url", "authors", "title", "publisher", "published", "accessed"):
        setattr(citation, name, getattr(source, name))
    return citation


def _by_author(sources: list[Citation], author: str) -> Citation | None:
    surname = fold(author).split()[-1] if author.split() else ""
    return next((c for c in reversed(sources) if surname and surname in fold(c.authors or "")), None)


def _by_short_title(sources: list[Citation], author: str, short_title: str) -> Citation | None:
    words = set(re.findall(r"\w+", fold(short_title)))
    for citation in reversed(sources):
        title_words = set(re.findall(r"\w+", fold(citation.title or "")))
        if words and words <= title_words and _by_author([citation], author):
            return citation
    return None


# ------------------------------------------------------------------------- problems


def _judge(citation: Citation) -> None:
    """Flag what is wrong with one citation on its own."""
    if any(is_placeholder(m.group()) for m in PLACEHOLDER_TOKEN.finditer(citation.raw)):
        citation.flag(Problem.PLACEHOLDER)
    if _has_stray_bracket(citation.raw):
        citation.flag(Problem.STRAY_BRACKET)
    if citation.published and citation.accessed and citation.published[:10] > citation.accessed:
        citation.flag(Problem.PUBLISHED_AFTER_ACCESSED)
    if not citation.link_url:
        if citation.kind not in (Kind.PRINT.value, Kind.REPEAT.value):
            citation.flag(Problem.NO_URL)
    elif not is_fetchable(citation.link_url):
        citation.flag(Problem.MALFORMED_URL)
    elif re.search(r"[^:/]//+$", citation.link_url) or "//" in citation.link_url.split("://", 1)[-1].split("?")[0]:
        citation.flag(Problem.DOUBLE_SLASH)


def _has_stray_bracket(text: str) -> bool:
    depth = 0
    for char in re.sub(r"<[^<>]*>", "", text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0:
            return True
    return depth != 0


def flag_duplicates(citations: list[Citation]) -> None:
    """A URL cited again in the same commentary is a `duplicate` (its later occurrences)."""
    seen: set[str] = set()
    for citation in citations:
        if citation.kind == Kind.REPEAT.value:
            continue
        if citation.link_url and citation.link_url in seen:
            citation.flag(Problem.DUPLICATE)
        if citation.link_url:
            seen.add(citation.link_url)


def flag_suspect_domains(citations: list[Citation], trusted_domains: Iterable[str] = ()) -> None:
    """Flag domains a typo away from a well-known domain, or from one cited elsewhere."""
    trusted = set(WELL_KNOWN_DOMAINS) | {registrable_domain(d) for d in trusted_domains}
    domains = [(c, registrable_domain(h)) for c in citations
               if c.kind != Kind.REPEAT.value and c.link_url and is_fetchable(c.link_url) and (h := host_of(c.link_url))]
    cited_here = {domain for _, domain in domains}
    for citation, domain in domains:
        others = trusted | (cited_here - {domain})
        intended = likely_intended_domain(domain, others)
        if intended and (intended in trusted or domain not in trusted):
            citation.flag(Problem.SUSPECT_DOMAIN)
            citation.suggested_domain = intended


# ---------------------------------------------------------------------------- entry


def citations_from_paragraphs(paragraphs: list[Paragraph], known_authors: Iterable[str] = (),
                              trusted_domains: Iterable[str] = ()) -> list[Citation]:
    """Every citation in the footnotes among `paragraphs`, in footnote order."""
    authors = list(known_authors)
    citations: list[Citation] = []
    for note in find_notes(paragraphs):
        for position, piece in enumerate(split_citations(note_text(note)), 1):
            repeat = _repeat(piece, note.number, citations)
            if repeat is not None:
                repeat.position = position
                citations.append(repeat)
            else:
                citations.append(_citation(piece, note.number, position, authors))
    flag_duplicates(citations)
    flag_suspect_domains(citations, trusted_domains)
    return citations


def parse_html_citations(html: str | bytes, known_authors: Iterable[str] = (),
                         trusted_domains: Iterable[str] = ()) -> list[Citation]:
    """The citations of a commentary page given as HTML."""
    citations = citations_from_paragraphs(html_paragraphs(parse_html(html)), known_authors, trusted_domains)
    if is_truncated(html):
        flag_truncated(citations)
    return citations


def parse_text_citations(text: str, known_authors: Iterable[str] = (),
                         trusted_domains: Iterable[str] = ()) -> list[Citation]:
    """The citations of a commentary saved as plain text."""
    return citations_from_paragraphs(text_paragraphs(text), known_authors, trusted_domains)


def flag_truncated(citations: list[Citation]) -> None:
    """On a page cut short, the last footnote may have lost its end."""
    if citations:
        last = citations[-1].footnote
        for citation in citations:
            if citation.footnote == last:
                citation.flag(Problem.TRUNCATED)


def is_truncated(html: str | bytes) -> bool:
    """A page that stops before `</html>`: its last footnote may be cut short."""
    tail = html[-2000:].lower() if isinstance(html, str) else html[-2000:].lower().decode("ascii", "replace")
    return "</html>" not in tail

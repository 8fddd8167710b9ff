"""Cutting one footnote into its citations, by the note's structure before its wording.

A note holds one to several citations. They are told apart by what cannot be mistaken:
URLs (bare, `<bracketed>` or links), quoted titles, then the `;` between them (one
outside every URL, quotation and parenthesis) and the paragraph breaks of a note
continued over several paragraphs. A cut is kept only when both sides stand as
citations of their own (a URL, a title, a repeat mark such as Ibid., or a dated phrase
of some words), so a `;` inside an unquoted title or between two authors cuts nothing.
A note with two URLs and no `;` between them is cut after the first URL's tail
(its access date, `[Accessed: …]`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from avimcrawl.dates import find_dates
from avimcrawl.notes import PARAGRAPH_BREAK, Text
from avimcrawl.quotes import quoted_spans
from avimcrawl.urls import find_urls

REPEAT_MARK = re.compile(
    r"^\W*(?:ibid(?:em)?\b|a\.\s?g\.\s?[em]\.?|ag[em]\.?(?=[\s,;.]|$)|aynı\s+(?:eser|yer|makale|kaynak)\b"
    r"|idem\b|op\.\s?cit\.?)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_WORD = re.compile(r"[^\W\d_]{2,}")
_URL_TAIL = re.compile(
    r"[\s>)\].,;]*(?:[(\[]?\s*(?:last\s+)?(?:accessed|retrieved|erişim(?:\s+tarihi)?|son\s+erişim)"
    r"(?:\s+on)?\s*[:.]?\s*[^()\[\]]{0,40}?\d{4}\s*[)\]]?)?"
    r"(?:\s*adresinden\s+(?:erişildi|erişilmiştir|alındı|alınmıştır))?[\s.,]*",
    re.IGNORECASE,
)


@dataclass
class Piece:
    """One citation's stretch of a note, and whether cutting it out took a guess."""

    text: Text
    unsure: bool = False


def split_citations(note: Text) -> list[Piece]:
    """The citations of one note, in order."""
    shape = _Shape.of(note.text, note)
    ranges = _merge_weak(_cut(note.text, shape), note.text, shape)
    pieces: list[Piece] = []
    for start, end, unsure in ranges:
        for a, b, cut_by_url in _cut_between_urls(note.text, start, end, shape):
            piece = note.slice(a, b).stripped(" ;,\n")
            if piece.text.strip(" ;,.:\n"):
                pieces.append(Piece(piece, unsure or cut_by_url))
    return pieces


@dataclass
class _Shape:
    """Where a note's URLs, quotations and parentheses are: the places never cut."""

    urls: list[tuple[int, int]]
    links: list[tuple[int, int]]
    quotes: list[tuple[int, int]]
    italics: list[tuple[int, int]]
    depth: list[int]

    @classmethod
    def of(cls, text: str, note: Text) -> _Shape:
        urls = [(u.start, u.end) for u in find_urls(text)]
        masked = _mask(text, urls)
        quotes = [(q.start, q.end) for q in quoted_spans(masked, min_length=3)]
        links = [(l.start, l.end) for l in note.links if l.href.lower().startswith(("http://", "https://", "www."))]
        return cls(urls, links, quotes, [(i.start, i.end) for i in note.italics], _paren_depth(masked))

    def protected(self, at: int) -> bool:
        return self.depth[at] > 0 or any(a <= at < b for a, b in self.urls + self.quotes)

    def in_url(self, at: int) -> bool:
        return any(a <= at < b for a, b in self.urls)

    def has_source(self, start: int, end: int) -> bool:
        """A URL, a link, a quoted or italic title inside [start, end)."""
        return any(start <= a and b <= end for a, b in self.urls + self.links + self.quotes + self.italics)

    def urls_within(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(a, b) for a, b in self.urls if start <= a and b <= end]


def _mask(text: str, ranges: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in ranges:
        chars[a:b] = "x" * (b - a)
    return "".join(chars)


def _paren_depth(text: str) -> list[int]:
    depth, levels = 0, []
    for char in text:
        if char == ")":
            depth = max(0, depth - 1)
        levels.append(depth)
        if char == "(":
            depth += 1
    return levels + [0]


def _cut(text: str, shape: _Shape) -> list[tuple[int, int]]:
    cuts = [i for i, char in enumerate(text)
            if (char == ";" and not shape.protected(i))
            or (char == PARAGRAPH_BREAK and not shape.in_url(i) and _paragraph_ends_citation(text, i, shape))]
    bounds = [0, *cuts, len(text)]
    return [(a if a == 0 else a + 1, b) for a, b in zip(bounds, bounds[1:])]


def _paragraph_ends_citation(text: str, at: int, shape: _Shape) -> bool:
    """A note's paragraph ends a citation unless it stops mid-sentence (`…Begins",`)
    or before its URL and dates came (a Word line wrap turned into a paragraph)."""
    before = text[:at].rstrip()
    after = text[at + 1:].lstrip()
    if before.endswith((",", ":", "–", "-")) or after[:1] in {",", ":"} or after[:1].islower():
        return False
    start = max(text.rfind(PARAGRAPH_BREAK, 0, at), text.rfind(";", 0, at)) + 1
    part = text[start:at]
    ended_by_url = any(start <= a and b <= at for a, b in shape.urls + shape.links)
    return ended_by_url or bool(find_dates(part) or _YEAR.search(part) or REPEAT_MARK.match(part))


def _stands_alone(text: str, start: int, end: int, shape: _Shape) -> bool:
    """Whether a stretch reads as a citation of its own."""
    part = text[start:end]
    if shape.has_source(start, end) or REPEAT_MARK.match(part):
        return True
    dated = bool(find_dates(part) or _YEAR.search(part))
    return dated and len(_WORD.findall(part)) >= 4


def _merge_weak(ranges: list[tuple[int, int]], text: str, shape: _Shape) -> list[tuple[int, int, bool]]:
    """Join each stretch that cannot stand alone to the citation it belongs to.

    It belongs to the citation before it, unless that one is complete (it ended with its
    URL) and the stretch is no URL's tail: then it opens the next one (its authors).
    """
    merged: list[tuple[int, int, bool]] = []
    carry: int | None = None
    for start, end in ranges:
        if not text[start:end].strip(" ;,.\n"):
            continue
        if _stands_alone(text, start, end, shape):
            merged.append((carry if carry is not None else start, end, carry is not None))
            carry = None
        elif carry is not None:
            continue
        elif merged and not (_ends_with_url(text, merged[-1], shape) and not _is_url_tail(text, start, end)):
            begin, _, _ = merged.pop()
            merged.append((begin, end, True))
        else:
            carry = start
    if carry is not None:
        if merged:
            begin, _, _ = merged.pop()
            merged.append((begin, len(text), True))
        else:
            merged.append((carry, len(text), False))
    return merged


def _ends_with_url(text: str, stretch: tuple[int, int, bool], shape: _Shape) -> bool:
    start, end, _ = stretch
    ends = [b for a, b in shape.urls + shape.links if start <= a and b <= end]
    return bool(ends) and _is_url_tail(text, max(ends), end)


def _is_url_tail(text: str, start: int, end: int) -> bool:
    tail = _URL_TAIL.match(text, start)
    return bool(tail) and tail.end() >= end  # type: ignore[union-attr]


def _cut_between_urls(text: str, start: int, end: int, shape: _Shape) -> list[tuple[int, int, bool]]:
    """Cut a stretch holding several URLs after each URL's tail, when a citation follows."""
    urls = shape.urls_within(start, end)
    pieces: list[tuple[int, int, bool]] = []
    begin = start
    for (_, url_end), (next_start, _) in zip(urls, urls[1:]):
        tail = _URL_TAIL.match(text, url_end)
        cut = tail.end() if tail else url_end
        if cut < next_start and len(_WORD.findall(text[cut:next_start])) >= 2:
            pieces.append((begin, cut, begin != start))
            begin = cut
    pieces.append((begin, end, begin != start))
    return pieces

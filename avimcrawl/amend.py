"""Corrections in the archive: the hook every write of citations goes through, and what
`avimcrawl correct` does (check a correction against the stored citations, apply it, keep it).

The rules of correcting live in `corrections` (pure); this module joins them to the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from avimcrawl import store
from avimcrawl.citations import Citation, parse_citation
from avimcrawl.corrections import (
    Action,
    Corrected,
    Correction,
    CannotMerge,
    CorrectionError,
    Entry,
    NoSuchCitation,
    apply_corrections,
    check_value,
    split_point,
)


class NotInArchive(CorrectionError):
    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"{url} is not a commentary in the archive: give its URL as in commentaries.url "
                         "(or any URL it was crawled from)")


def parse_one(text: str, footnote: int, position: int) -> Citation:
    """One citation's fields read from its text (for the citations a split or merge makes)."""
    return parse_citation(text, footnote, position)


def corrector(db: sqlite_utils.Database) -> Callable[[str, list[Citation]], Corrected]:
    """The `store.Amend` hook: a commentary's stored corrections applied to its parsed citations."""
    def amend(commentary_url: str, citations: list[Citation]) -> Corrected:
        corrections = [Correction.from_row(row) for row in store.corrections_of(db, commentary_url)]
        return apply_corrections(citations, corrections, parse_one)
    return amend


def citation_of(row: dict[str, Any]) -> Entry:
    """A stored citation row as the parser would have made it, with its review flags."""
    citation = Citation(
        footnote=row["footnote"], position=row["position"], raw=row["raw"] or "", url=row["url"],
        link_url=row["link_url"], authors=row["authors"], title=row["title"], publisher=row["publisher"],
        published=row["published"], accessed=row["accessed"], problems=_json_list(row["problems"]),
        suggested_domain=row["suggested_domain"], kind=row["kind"] or "web", repeats=row["repeats"],
        confidence=1.0 if row["confidence"] is None else float(row["confidence"]),
        guessed=_json_list(row["guessed"]))
    return Entry(citation, bool(row["corrected"]), bool(row["reviewed"]))


def _json_list(value: str | None) -> list[str]:
    try:
        loaded = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(v) for v in loaded] if isinstance(loaded, list) else []


@dataclass(frozen=True)
class Made:
    """Corrections recorded by one `correct`, and the citations of the footnote afterwards."""

    commentary_url: str
    ids: list[int]
    corrections: list[Correction]
    footnote: list[Entry]


def make_corrections(db: sqlite_utils.Database, url: str, footnote: int, position: int,
                     corrections: list[Correction], at: str) -> Made:
    """Check `corrections` (all about one citation) against the stored citations, then apply and
    keep them, in one transaction. Raises a CorrectionError naming what is wrong."""
    commentary_url = store.commentary_url_for(db, url)
    if commentary_url is None:
        raise NotInArchive(url)
    entries = [citation_of(row) for row in store.stored_citations(db, commentary_url)]
    index = _find(entries, footnote, position)
    pinned = [_pinned(c, entries, index) for c in corrections]
    result = apply_corrections(entries, pinned, parse_one)
    if result.unmatched:  # the checks above should make this impossible
        raise CorrectionError(f"the correction {result.unmatched[0].label} could not be applied")
    with db.atomic():
        ids = [store.add_correction(db, commentary_url, c, at) for c in pinned]
        store.write_corrected(db, commentary_url, result, at)
    return Made(commentary_url, ids, pinned, [e for e in result.entries if e.citation.footnote == footnote])


def _find(entries: list[Entry], footnote: int, position: int) -> int:
    for index, entry in enumerate(entries):
        if (entry.citation.footnote, entry.citation.position) == (footnote, position):
            return index
    raise NoSuchCitation(footnote, position, [f"{e.citation.footnote}.{e.citation.position}" for e in entries])


def _pinned(correction: Correction, entries: list[Entry], index: int) -> Correction:
    """The correction checked against its citation, carrying the citation's text to find it again."""
    target = entries[index].citation
    if correction.action is Action.MERGE:
        following = entries[index + 1].citation if index + 1 < len(entries) else None
        if following is None or following.footnote != target.footnote:
            raise CannotMerge(f"note {target.footnote}.{target.position} is the last citation of footnote "
                              f"{target.footnote}: no next citation to merge with")
    if correction.action is Action.SET:
        assert correction.field is not None
        value = check_value(correction.field, correction.value)
    elif correction.action is Action.SPLIT:
        split_point(target.raw, correction.value or "")
        value = correction.value
    else:
        value = None
    return Correction(target.footnote, target.position, correction.action, correction.field, value,
                      raw=target.raw, note=correction.note)


"""Corrections people make to parsed citations, applied again after every parse.

A correction names a citation by its note (`footnote`.`position`) and remembers the
citation's text as it was when the correction was made (`raw`). After each crawl or
re-parse the stored corrections are applied, in the order they were made, to the freshly
parsed citations: a corrected field stays corrected however often the page is fetched
again, and a correction whose citation no longer exists (the page or the parser changed)
is returned as unmatched, never silently dropped.

Plain Python on `Citation` lists: no database, nothing fetched. The parser of one citation's
text (needed when a split or merge makes new citations) is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from typing import Any

from avimcrawl.citations import Citation, Kind, Problem
from avimcrawl.urls import is_fetchable, normalize


class Action(str, Enum):
    SET = "set"
    """Give a field the value a person read (`field`, `value`)."""
    SPLIT = "split"
    """Cut the citation in two where `value` starts; the separator before it is dropped."""
    MERGE = "merge"
    """Join the citation with the next one of its note."""
    REVIEWED = "reviewed"
    """A person checked the citation and found it right."""


class Field(str, Enum):
    """The fields `set` may change."""

    AUTHORS = "authors"
    TITLE = "title"
    PUBLISHER = "publisher"
    PUBLISHED = "published"
    ACCESSED = "accessed"
    URL = "url"


DATE_FIELDS = frozenset({Field.PUBLISHED, Field.ACCESSED})
URL_PROBLEMS = frozenset(p.value for p in (Problem.NO_URL, Problem.MALFORMED_URL, Problem.SUSPECT_DOMAIN,
                                           Problem.DOUBLE_SLASH, Problem.DUPLICATE))
"""Problems found in the URL as written: a URL set by hand replaces what they were about."""
MERGE_SEPARATOR = "; "


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says what to change."""


class UnknownField(CorrectionError):
    def __init__(self, name: str) -> None:
        self.name = name
        choices = ", ".join(f.value for f in Field)
        super().__init__(f"unknown field {name!r}: choose one of {choices}")


class BadDate(CorrectionError):
    def __init__(self, name: str, value: str) -> None:
        self.name, self.value = name, value
        super().__init__(f"{name} {value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-02-23")


class NoSuchCitation(CorrectionError):
    def __init__(self, footnote: int, position: int, notes: list[str]) -> None:
        self.footnote, self.position, self.notes = footnote, position, notes
        listed = ", ".join(notes) if notes else "none"
        super().__init__(f"note {footnote}.{position} does not exist (its notes: {listed})")


class CannotSplit(CorrectionError):
    pass


class CannotMerge(CorrectionError):
    pass


@dataclass(frozen=True)
class Correction:
    """One correction, as stored in the `corrections` table."""

    footnote: int
    position: int
    action: Action
    field: Field | None = None
    value: str | None = None
    """For `set`: the new value (None clears the field); for `split`: where the second
    citation starts."""
    raw: str | None = None
    """The citation's text when the correction was made: how it is found again."""
    id: int | None = None
    note: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Correction:
        return cls(footnote=int(row["footnote"]), position=int(row["position"]), action=Action(row["action"]),
                   field=Field(row["field"]) if row.get("field") else None, value=row.get("value"),
                   raw=row.get("raw"), id=row.get("id"), note=row.get("note"))

    @property
    def label(self) -> str:
        """`set title on 5.2`: what the correction does, in a few words."""
        what = f"set {self.field.value}" if self.action is Action.SET and self.field else self.action.value
        return f"{what} on {self.footnote}.{self.position}"


@dataclass
class Entry:
    """A citation and what people did to it."""

    citation: Citation
    corrected: bool = False
    reviewed: bool = False


@dataclass
class Corrected:
    """The citations after the corrections, and which corrections found their citation."""

    entries: list[Entry]
    applied: list[Correction] = field(default_factory=list)
    unmatched: list[Correction] = field(default_factory=list)

    @property
    def citations(self) -> list[Citation]:
        return [entry.citation for entry in self.entries]


Parse = Callable[[str, int, int], Citation]
"""Reads one citation's text: (text, footnote, position) -> Citation."""


# ------------------------------------------------------------------------ checking


def check_field(name: str) -> Field:
    try:
        return Field(name)
    except ValueError:
        raise UnknownField(name) from None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_value(name: Field, value: str | None) -> str | None:
    """The value as stored: stripped, None when empty; a date field must hold an ISO date."""
    value = (value or "").strip() or None
    if value is not None and name in DATE_FIELDS:
        try:
            if not _ISO_DATE.fullmatch(value):
                raise ValueError(value)
            date.fromisoformat(value)
        except ValueError:
            raise BadDate(name.value, value) from None
    return value


def split_point(raw: str, at: str) -> tuple[str, str]:
    """The two citations a split makes of `raw`: before `at` (separator dropped) and from it."""
    index = raw.find(at) if at else -1
    if index < 0:
        raise CannotSplit(f"the citation's text does not contain {at!r}")
    first = raw[:index].rstrip(" ;,\u00a0")
    second = raw[index:].lstrip(" ;,\u00a0")
    if not first or not second:
        raise CannotSplit(f"splitting at {at!r} would leave an empty citation")
    return first, second


# ------------------------------------------------------------------------ applying


def apply_corrections(citations: Iterable[Citation | Entry], corrections: Iterable[Correction],
                      parse: Parse) -> Corrected:
    """Apply `corrections`, in order, to copies of `citations` (which are left untouched)."""
    entries = [_entry(item) for item in citations]
    result = Corrected(entries)
    for correction in corrections:
        index = locate(entries, correction)
        if index is None:
            result.unmatched.append(correction)
            continue
        try:
            _apply(entries, index, correction, parse)
        except CorrectionError:
            result.unmatched.append(correction)
            continue
        result.applied.append(correction)
    return result


def _entry(item: Citation | Entry) -> Entry:
    if isinstance(item, Entry):
        return Entry(_copy(item.citation), item.corrected, item.reviewed)
    return Entry(_copy(item))


def _copy(citation: Citation) -> Citation:
    return replace(citation, problems=list(citation.problems), guessed=list(citation.guessed))


def locate(entries: list[Entry], correction: Correction) -> int | None:
    """The index of the citation a correction is about: at its note with the same text, else the
    one citation of the same footnote with that text; None when there is none."""
    at = [i for i, e in enumerate(entries)
          if (e.citation.footnote, e.citation.position) == (correction.footnote, correction.position)]
    if correction.raw is None:
        return at[0] if at else None
    wanted = _squeeze(correction.raw)
    if at and _squeeze(entries[at[0]].citation.raw) == wanted:
        return at[0]
    same = [i for i, e in enumerate(entries)
            if e.citation.footnote == correction.footnote and _squeeze(e.citation.raw) == wanted]
    return same[0] if len(same) == 1 else None


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _apply(entries: list[Entry], index: int, correction: Correction, parse: Parse) -> None:
    entry = entries[index]
    if correction.action is Action.SET:
        if correction.field is None:
            raise CorrectionError("a set correction names no field")
        set_field(entry.citation, correction.field, correction.value)
        entry.corrected = True
    elif correction.action is Action.REVIEWED:
        entry.reviewed = True
    elif correction.action is Action.SPLIT:
        _split(entries, index, correction.value or "", parse)
    elif correction.action is Action.MERGE:
        _merge(entries, index, parse)


def set_field(citation: Citation, name: Field, value: str | None) -> None:
    """Give one field a value read by a person, and keep what depends on it consistent."""
    value = check_value(name, value)
    if name is Field.URL:
        _set_url(citation, value)
    else:
        setattr(citation, name.value, value)
    if name in DATE_FIELDS:
        _redate(citation)
    citation.guessed = [g for g in citation.guessed if g != name.value and not (name is Field.URL and g == "link_url")]


def _set_url(citation: Citation, value: str | None) -> None:
    citation.url = value
    citation.link_url = normalize(value) if value else None
    citation.suggested_domain = None
    citation.problems = [p for p in citation.problems if p not in URL_PROBLEMS]
    if citation.link_url is None:
        citation.flag(Problem.NO_URL)
    elif not is_fetchable(citation.link_url):
        citation.flag(Problem.MALFORMED_URL)
    if citation.link_url and citation.kind in (Kind.PRINT, Kind.UNKNOWN):
        citation.kind = Kind.WEB.value


def _redate(citation: Citation) -> None:
    citation.problems = [p for p in citation.problems if p != Problem.PUBLISHED_AFTER_ACCESSED]
    if citation.published and citation.accessed and citation.published > citation.accessed:
        citation.flag(Problem.PUBLISHED_AFTER_ACCESSED)


def _split(entries: list[Entry], index: int, at: str, parse: Parse) -> None:
    old = entries[index].citation
    first, second = split_point(old.raw, at)
    made = [Entry(parse(first, old.footnote, old.position), corrected=True),
            Entry(parse(second, old.footnote, old.position + 1), corrected=True)]
    _renumber(entries[index + 1:], old.footnote, +1)
    entries[index:index + 1] = made


def _merge(entries: list[Entry], index: int, parse: Parse) -> None:
    old = entries[index].citation
    following = entries[index + 1].citation if index + 1 < len(entries) else None
    if following is None or following.footnote != old.footnote:
        raise CannotMerge(f"note {old.footnote}.{old.position} is the last citation of its footnote: "
                          "nothing follows it to merge with")
    merged = Entry(parse(old.raw + MERGE_SEPARATOR + following.raw, old.footnote, old.position), corrected=True)
    _renumber(entries[index + 2:], old.footnote, -1)
    entries[index:index + 2] = [merged]


def _renumber(entries: list[Entry], footnote: int, by: int) -> None:
    for entry in entries:
        if entry.citation.footnote == footnote:
            entry.citation.position += by

"""Dates as AVİM authors write them, in English and Turkish, turned into ISO dates.

Handles "February 12, 2026", "Feb. 12, 2026", "12 February 2026", "12 Şubat 2026",
"12.02.2026" (day first, as in Türkiye) and "2026-02-12".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # Turkish, keyed by their diacritic-free lower-case form
    "ocak": 1, "subat": 2, "mart": 3, "nisan": 4, "mayis": 5, "haziran": 6,
    "temmuz": 7, "agustos": 8, "eylul": 9, "ekim": 10, "kasim": 11, "aralik": 12,
}

_MONTH_WORD = r"[A-Za-zÇĞİÖŞÜçğıöşü]{3,9}\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH_DAY_YEAR = re.compile(rf"\b(?P<month>{_MONTH_WORD})\s+{_DAY},?\s+(?P<year>\d{{4}})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}\.?\s+(?P<month>{_MONTH_WORD}),?\s+(?P<year>\d{{4}})\b")
# Year first only as APA writes it, in parentheses: "(2026, February 12)".
_YEAR_MONTH_DAY = re.compile(rf"(?<=\()(?P<year>\d{{4}}),?\s+(?P<month>{_MONTH_WORD})\s+{_DAY}\b(?!\s*,?\s*\d{{4}})")
_YEAR_DAY_MONTH = re.compile(rf"(?<=\()(?P<year>\d{{4}}),?\s+{_DAY}\.?\s+(?P<month>{_MONTH_WORD})(?![\w.]*\s+\d{{4}})")
_NUMERIC_DMY = re.compile(r"\b(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4})\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_PATTERNS = (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR, _NUMERIC_DMY, _YEAR_MONTH_DAY, _YEAR_DAY_MONTH)
_MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTH_WORD})\s+{_DAY}\b|\b(?P<day2>\d{{1,2}})\.?\s+(?P<month2>{_MONTH_WORD})")

DATE_PATTERN = (
    rf"(?:{_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}\.?\s+{_MONTH_WORD},?\s+\d{{4}}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{4}"
    r"|\d{4}-\d{2}-\d{2})"
)
"""A regular expression (no groups) matching the full date forms this module understands."""


@dataclass(frozen=True)
class DateMention:
    """A date written in a text: where, and its ISO form."""

    start: int
    end: int
    iso: str


def fold(text: str) -> str:
    """Lower-case and strip diacritics the Turkish way (İ→i, I→i, ı→i, Ş→s)."""
    text = text.replace("İ", "i").replace("I", "i").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def month_number(word: str) -> int | None:
    """The month a (possibly abbreviated, possibly Turkish) month name stands for."""
    return _MONTHS.get(fold(word).rstrip("."))


def _to_iso(year: str, month: int | None, day: str) -> str | None:
    if month is None:
        return None
    try:
        return date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def _iso_from_match(match: re.Match[str]) -> str | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else month_number(month)
    return _to_iso(match.group("year"), number, match.group("day"))


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first valid date in `text`: (ISO date, start, end), or None."""
    found: list[tuple[int, int, str]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _iso_from_match(match)
            if iso:
                found.append((match.start(), match.end(), iso))
                break
    if not found:
        return None
    start, end, iso = min(found)
    return iso, start, end


def find_dates(text: str) -> list[DateMention]:
    """Every full date in `text` (day, month and year), in order, none overlapping."""
    found: list[DateMention] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _iso_from_match(match)
            if iso and not any(m.start < match.end() and match.start() < m.end for m in found):
                found.append(DateMention(match.start(), match.end(), iso))
    return sorted(found, key=lambda m: m.start)


def find_month_days(text: str, year: int) -> list[DateMention]:
    """Dates written without their year ("12 February", "Feb. 12"), completed with `year`."""
    found = []
    for match in _MONTH_DAY.finditer(text):
        month = month_number(match.group("month") or match.group("month2"))
        iso = _to_iso(str(year), month, match.group("day") or match.group("day2"))
        if iso:
            found.append(DateMention(match.start(), match.end(), iso))
    return found


def parse_date(text: str) -> str | None:
    """The ISO form of the first date in `text`, or None when there is none."""
    found = find_date(text)
    return found[0] if found else None

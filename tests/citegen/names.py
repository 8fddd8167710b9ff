"""Author lists and dates as each citation style prints them."""

from __future__ import annotations

from datetime import date

from .model import Author, Person

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
MONTHS_MLA = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
MONTHS_IEEE = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec."]
MONTHS_TR = ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
             "Kasım", "Aralık"]


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def en_long(day: date, pad: bool = False) -> str:
    """'February 12, 2026' (Chicago, US usage); pad gives 'February 02, 2026' as AVİM writes."""
    return f"{MONTHS_EN[day.month - 1]} {day.day:02d}, {day.year}" if pad else f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def en_dmy(day: date) -> str:
    """'12 February 2026' (British usage, Harvard)."""
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def en_dmy_comma(day: date) -> str:
    """'19 February, 2017': a common mix-up of the two orders."""
    return f"{day.day} {MONTHS_EN[day.month - 1]}, {day.year}"


def mla_date(day: date) -> str:
    """'12 Feb. 2026' (MLA 9 abbreviates months longer than four letters)."""
    return f"{day.day} {MONTHS_MLA[day.month - 1]} {day.year}"


def ieee_date(day: date) -> str:
    """'Feb. 12, 2026' (IEEE reference guide)."""
    return f"{MONTHS_IEEE[day.month - 1]} {day.day}, {day.year}"


def tr_long(day: date) -> str:
    """'12 Şubat 2026' (Turkish)."""
    return f"{day.day} {MONTHS_TR[day.month - 1]} {day.year}"


def tr_dots(day: date) -> str:
    """'12.02.2026' (Turkish numeric)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def tr_upper(text: str) -> str:
    """Upper case with Turkish dotted/dotless i: 'Yılmaz' → 'YILMAZ', 'İnan' → 'İNAN', 'Şimşek' → 'ŞİMŞEK'."""
    return text.replace("i", "İ").upper()


def _each(authors: tuple[Author, ...], person: object) -> list[str]:
    return [person(a) if isinstance(a, Person) else a.name for a in authors]  # type: ignore[operator]


def natural(authors: tuple[Author, ...], conj: str = "and", upper_surname: bool = False) -> str:
    """Chicago notes: 'A B', 'A B and C D', 'A B, C D, and E F'."""
    def person(p: Person) -> str:
        return " ".join((*p.given, tr_upper(p.surname) if upper_surname else p.surname))
    names = _each(authors, person)
    if len(names) <= 2:
        return f" {conj} ".join(names)
    return ", ".join(names[:-1]) + f", {conj} " + names[-1]


def apa(authors: tuple[Author, ...], amp: str = "&") -> str:
    """APA 7: 'Kızıl, N. T.', 'Kızıl, N., & Tulun, T.', 'A, B., C, D., & E, F.' (Turkish APA: 've')."""
    names = _each(authors, lambda p: f"{p.surname}, {p.initials}")
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f", {amp} " + names[-1]


def mla(authors: tuple[Author, ...]) -> str:
    """MLA 9: 'Surname, Given', 'Surname, Given, and Given Surname', 'Surname, Given, et al.'"""
    first = authors[0]
    lead = f"{first.surname}, {' '.join(first.given)}" if isinstance(first, Person) else first.name
    if len(authors) == 1:
        return lead
    if len(authors) == 2:
        second = authors[1]
        return f"{lead}, and {second.full if isinstance(second, Person) else second.name}"
    return f"{lead}, et al."


def harvard(authors: tuple[Author, ...]) -> str:
    """Harvard (Cite Them Right): 'Surname, A.', 'Surname, A. and Surname, B.', 'A, B., C, D. and E, F.'"""
    names = _each(authors, lambda p: f"{p.surname}, {p.initials}")
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def ieee(authors: tuple[Author, ...]) -> str:
    """IEEE: 'A. B. Surname', 'A. Surname and B. Surname', 'A. S, B. T, and C. U'."""
    names = _each(authors, lambda p: f"{p.initials} {p.surname}")
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def isnad(authors: tuple[Author, ...]) -> str:
    """İSNAD 2: 'Ahmet Yılmaz', 'Ahmet Yılmaz – Ayşe Kaya', 'Ahmet Yılmaz vd.'"""
    names = _each(authors, lambda p: p.full)
    if len(names) >= 3:
        return f"{names[0]} vd."
    return " – ".join(names)


def surname(author: Author) -> str:
    return author.surname if isinstance(author, Person) else author.name

"""The records the generator works with: sources, rendered tokens, expected citations, pages.

A citation style turns a `Source` into a list of tokens (`Text`, `Title`, `Url`); a markup
variant turns tokens into HTML or plain text. What a reader would record from the rendered
note is kept beside it as an `ExpectedCitation`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Person:
    """A person's name: given names (one or more) and a surname."""

    given: tuple[str, ...]
    surname: str

    @property
    def full(self) -> str:
        return " ".join((*self.given, self.surname))

    @property
    def initials(self) -> str:
        """'Nurbanu Tanrıkulu' → 'N. T.' (APA, Harvard, IEEE)."""
        return " ".join(f"{name[0]}." for name in self.given)


@dataclass(frozen=True)
class Org:
    """An organisation printed as the author ("European Commission")."""

    name: str


Author = Person | Org


@dataclass(frozen=True)
class Source:
    """What is known of one cited work, before any style prints it."""

    kind: str
    """'web' (has a URL) or 'print' (book or printed report, no URL)."""
    authors: tuple[Author, ...]
    title: str
    lang: str
    publisher: str | None
    """The publisher or site name as the author would print it; None when unknown."""
    published: date | None
    accessed: date | None
    url: str | None = None
    place: str | None = None
    """Place of publication (print only)."""
    page: int | None = None
    """The page cited (print only)."""

    @property
    def year(self) -> str | None:
        return str(self.published.year) if self.published else None


@dataclass(frozen=True)
class Text:
    """Plain text of a rendered citation."""

    text: str


@dataclass(frozen=True)
class Title:
    """The title, as printed (quotes, if any, are separate Text tokens)."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class Url:
    """The URL with what surrounds it, so that a markup may hide it behind the title.

    Visible: lead + label + URL (+ angle brackets) + tail. Hidden: tail only.
    """

    url: str
    lead: str = ", "
    label: str = ""
    tail: str = ""
    angle: bool = False


Token = Text | Title | Url


@dataclass
class ExpectedCitation:
    """What a careful reader records from one citation of a rendered note."""

    footnote: int
    position: int
    authors: str | None
    title: str | None
    publisher: str | None
    published: str | None
    accessed: str | None
    link_url: str | None
    kind: str
    repeats: int | None = None
    style: str = ""
    resolved: ExpectedCitation | None = field(default=None, repr=False, compare=False)
    """For a repeat note: the citation it repeats. A parser may leave a repeat's fields empty (as
    printed) or fill them from the repeated source ("Ibid." means that source); both are right."""


@dataclass
class Rendered:
    """One citation rendered by a style: its tokens and its expected fields (footnote/position unset)."""

    tokens: list[Token]
    expected: ExpectedCitation
    style: str


@dataclass
class GeneratedNote:
    number: int
    style: str
    markup: str
    citations: list[ExpectedCitation]
    text: str = ""
    """The note as plain text (for failure reports)."""


@dataclass
class GeneratedPage:
    seed: int
    url: str
    lang: str
    markup: str
    notes: list[GeneratedNote]
    html: str = ""
    text: str = ""
    is_html: bool = True
    invisible: tuple[str, ...] = field(default=())
    """Invisible characters the markup inserted into URLs (for the generator's own tests)."""

    @property
    def content(self) -> str:
        return self.html if self.is_html else self.text

    @property
    def cited_urls(self) -> set[str]:
        return {c.link_url for note in self.notes for c in note.citations if c.link_url}

    @property
    def footnote_count(self) -> int:
        return sum(len(note.citations) for note in self.notes)


QUOTES = "\"'“”‘’«»„‚`"
TRAILING = ".,;:"
_SPACE = re.compile(r"\s+")  # NBSP included; invisible characters are NOT dropped


def normalise(value: object) -> str:
    """A value as a reader compares it: whitespace collapsed, outer quotes and trailing .,;: dropped."""
    if value is None:
        return ""
    text = _SPACE.sub(" ", str(value)).strip()
    previous = None
    while text != previous:
        previous = text
        text = text.strip().rstrip(TRAILING).strip(QUOTES).strip()
    return text


def matches(field_name: str, expected: object, got: object) -> bool:
    """True when `got` is what a reader would accept for `expected` in this field.

    Whitespace is collapsed, surrounding quotes and trailing `.,;:` are ignored; otherwise the
    comparison is exact (case and Turkish letters matter). None and "" are the same: absent.
    `field_name` is accepted for symmetry with the bench's table; every field compares alike.
    """
    del field_name
    return normalise(expected) == normalise(got)

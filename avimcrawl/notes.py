"""Where a commentary's footnotes are, and each one's text with its links and italics.

A commentary's notes come as Word footnotes (`mso-element:footnote`), as paragraphs
starting with a plain `[1]`, or with `<sup>1</sup>` markers (which htmltext prints as
`[1]`). A note may span several paragraphs; text after the notes ("About the Author",
"To cite this article", the footer) is not a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from avimcrawl.htmltext import Link, Paragraph, Span
from avimcrawl.urls import find_urls

PARAGRAPH_BREAK = "\n"
"""How a note's text marks where one of its paragraphs (or lines) ended and the next began."""

_MARKER = re.compile(r"^\s*\[(\d{1,3})\]\s*")
END_OF_NOTES = re.compile(
    r"^\W*(about the author|to cite this article|yazar hakk[ıi]nda|bu (makaleye|yazıya) atıf"
    r"|atıf için|picture\s*:|fotoğraf\s*:|görsel\s*:|resim\s*:)",
    re.IGNORECASE,
)


@dataclass
class Note:
    """One footnote: its number and its paragraphs."""

    number: int
    paragraphs: list[Paragraph]


@dataclass
class Text:
    """A stretch of a note: its words, and where its links and italics fall in them."""

    text: str
    links: list[Link] = field(default_factory=list)
    italics: list[Span] = field(default_factory=list)

    def slice(self, start: int, end: int) -> Text:
        """The part from `start` to `end`, with the links and italics inside it."""
        return Text(
            self.text[start:end],
            [Link(l.start - start, min(l.end, end) - start, l.href) for l in self.links if start <= l.start < end],
            [Span(i.start - start, min(i.end, end) - start) for i in self.italics if start <= i.start < end],
        )

    def stripped(self, chars: str = " ;\n") -> Text:
        """Without leading and trailing `chars`, positions kept in step."""
        lead = len(self.text) - len(self.text.lstrip(chars))
        return self.slice(lead, max(lead, len(self.text.rstrip(chars))))


def find_notes(paragraphs: list[Paragraph]) -> list[Note]:
    """The footnotes among a page's paragraphs, in order."""
    if any(p.footnote_id for p in paragraphs):
        return _word_footnotes(paragraphs)
    return _marked_notes(paragraphs)


def _word_footnotes(paragraphs: list[Paragraph]) -> list[Note]:
    notes: list[Note] = []
    current_id: str | None = None
    for paragraph in paragraphs:
        if not paragraph.footnote_id:
            continue
        if paragraph.footnote_id != current_id:
            current_id = paragraph.footnote_id
            marker = _MARKER.match(paragraph.text)
            number = int(marker.group(1)) if marker else len(notes) + 1
            notes.append(Note(number, []))
        notes[-1].paragraphs.append(paragraph)
    return notes


def _marked_notes(paragraphs: list[Paragraph]) -> list[Note]:
    starts = [i for i, p in enumerate(paragraphs) if (m := _MARKER.match(p.text)) and m.group(1) == "1"]
    if not starts:
        return []
    notes: list[Note] = []
    remaining_markers = sum(1 for p in paragraphs[starts[-1]:] if _MARKER.match(p.text))
    for paragraph in paragraphs[starts[-1]:]:
        marker = _MARKER.match(paragraph.text)
        if marker:
            notes.append(Note(int(marker.group(1)), [paragraph]))
            remaining_markers -= 1
        elif END_OF_NOTES.match(paragraph.text):
            break
        elif remaining_markers or _continues_note(paragraph):
            notes[-1].paragraphs.append(paragraph)
        else:
            break
    return notes


def _continues_note(paragraph: Paragraph) -> bool:
    """After the last note, whether a paragraph still belongs to it: it goes on with a
    separator or in lower case, or it cites a web page (written URL or link)."""
    stripped = paragraph.text.lstrip()
    if stripped[:1] in {";", ","} or stripped[:1].islower():
        return True
    cites_link = any(l.href.lower().startswith(("http://", "https://")) for l in paragraph.links)
    return cites_link or bool(find_urls(stripped))


def note_text(note: Note) -> Text:
    """A note's paragraphs as one text (paragraphs joined by PARAGRAPH_BREAK), marker cut."""
    text = ""
    links: list[Link] = []
    italics: list[Span] = []
    for paragraph in note.paragraphs:
        if text:
            text += PARAGRAPH_BREAK
        offset = len(text)
        text += "".join(PARAGRAPH_BREAK if i in paragraph.breaks else c for i, c in enumerate(paragraph.text))
        links.extend(Link(offset + l.start, offset + l.end, l.href) for l in paragraph.links)
        italics.extend(Span(offset + i.start, offset + i.end) for i in paragraph.italics)
    whole = Text(text, links, italics)
    marker = _MARKER.match(text)
    return whole.slice(marker.end(), len(text)) if marker else whole

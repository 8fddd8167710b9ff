"""HTML (or plain text) as a list of paragraphs, each with its links, in reading order.

The parsers of commentary pages and of footnotes work on paragraphs, not on markup:
AVİM's markup is unknown and changes, Word-exported HTML nests spans without end, and
the same footnote can be a `<p>`, a `<div style="mso-element:footnote">` or a line
after a `<br>`. Whitespace is collapsed; `<sup>1</sup>` becomes `[1]`, as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "td", "th", "blockquote", "section", "article",
    "header", "footer", "nav", "aside", "main", "hr", "pre", "form", "figure", "figcaption",
    "address", "body", "html",
}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "head", "title", "xml", "svg", "iframe"}
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u2002\u2003\u2009\u202f]+")
# Characters that print as nothing: a soft hyphen or zero-width space Word left inside a
# URL must not reach the URL (the site would answer 404 for `%C2%AD`).
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_ITALIC_TAGS = {"i", "em", "cite"}
_SUP_MARKER = re.compile(r"^\s*\[?(\d{1,3})\]?\s*$")
_LINE_BEFORE_MARKER = re.compile(r"\n(?=\s*\[\d{1,3}\])")


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    href: str


@dataclass(frozen=True)
class Span:
    """A stretch of a paragraph's text set apart by markup (italics)."""

    start: int
    end: int


@dataclass
class Paragraph:
    text: str
    links: list[Link] = field(default_factory=list)
    footnote_id: str | None = None
    """The id of the Word footnote (`mso-element:footnote`) holding this paragraph."""
    tag: str = "p"
    italics: list[Span] = field(default_factory=list)
    """Stretches in italics (`<i>`, `<em>`, Word's `font-style:italic`): often a title."""
    breaks: list[int] = field(default_factory=list)
    """Where a line break (`<br>`, a newline in text) stood; the text has a space there."""

    def links_within(self, start: int, end: int) -> list[Link]:
        return [link for link in self.links if link.start >= start and link.end <= end]


class _Builder:
    def __init__(self) -> None:
        self.text = ""
        self.links: list[Link] = []
        self.italics: list[Span] = []
        self.footnote_id: str | None = None
        self.tag = "p"
        self.paragraphs: list[Paragraph] = []

    def add(self, chunk: str | None) -> None:
        if not chunk:
            return
        chunk = _SPACE.sub(" ", INVISIBLE.sub("", chunk))
        if chunk.startswith(" ") and (not self.text or self.text[-1] in " \n"):
            chunk = chunk[1:]
        self.text += chunk

    def line_break(self) -> None:
        if self.text.endswith(" "):
            self.text = self.text[:-1]
        if self.text and not self.text.endswith("\n"):
            self.text += "\n"

    def flush(self) -> None:
        text = self.text.rstrip()
        if text:
            links = [Link(l.start, min(l.end, len(text)), l.href) for l in self.links if l.start < len(text)]
            italics = [Span(i.start, min(i.end, len(text))) for i in self.italics if i.start < len(text)]
            self.paragraphs.extend(_split_at_markers(Paragraph(text, links, self.footnote_id, self.tag, italics)))
        self.text = ""
        self.links = []
        self.italics = []


def _split_at_markers(paragraph: Paragraph) -> list[Paragraph]:
    """Split a paragraph whose lines (`<br>`) start new notes: `[1] …<br>[2] …`."""
    cuts = [0] + [m.start() + 1 for m in _LINE_BEFORE_MARKER.finditer(paragraph.text)] + [len(paragraph.text)]
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        stripped = paragraph.text[start:end].rstrip()
        links = [Link(l.start - start, min(l.end, end) - start, l.href)
                 for l in paragraph.links if start <= l.start < end]
        italics = [Span(i.start - start, min(i.end, end) - start) for i in paragraph.italics if start <= i.start < end]
        breaks = [i for i, char in enumerate(stripped) if char == "\n"]
        stripped = stripped.replace("\n", " ")
        if stripped.strip():
            pieces.append(Paragraph(stripped, links, paragraph.footnote_id, paragraph.tag, italics, breaks))
    return pieces


def _is_word_footnote(element: etree._Element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "mso-element:footnote" in style and "footnote-list" not in style


def _walk(element: etree._Element, out: _Builder) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in SKIPPED_TAGS:
        return
    if tag == "br":
        out.line_break()
        return
    if tag == "sup" and _SUP_MARKER.match(element.text_content() or ""):
        number = _SUP_MARKER.match(element.text_content()).group(1)  # type: ignore[union-attr]
        out.add(f"[{number}]")
        return
    block = tag in BLOCK_TAGS
    if block:
        out.flush()
        out.tag = tag
    footnote = _is_word_footnote(element)
    outer_footnote = out.footnote_id
    if footnote:
        out.footnote_id = element.get("id") or f"footnote-{len(out.paragraphs)}"
    start = len(out.text)
    out.add(element.text)
    for child in element:
        _walk(child, out)
        out.add(child.tail)
    first = start + (1 if out.text[start:start + 1] == " " else 0)
    href = element.get("href") if tag == "a" else None
    if href and not href.startswith("#") and len(out.text) > first:
        out.links.append(Link(first, len(out.text), INVISIBLE.sub("", href).strip()))
    if _is_italic(element, tag) and len(out.text.rstrip()) > first:
        out.italics.append(Span(first, len(out.text.rstrip())))
    if block:
        out.flush()
    if footnote:
        out.footnote_id = outer_footnote


def _is_italic(element: etree._Element, tag: str) -> bool:
    if tag in _ITALIC_TAGS:
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "font-style:italic" in style


def parse_html(html: str | bytes) -> etree._Element | None:
    """A forgiving lxml tree of a page; None for a page with no markup at all."""
    if not (html.strip() if isinstance(html, str) else html.strip()):
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def html_paragraphs(root: etree._Element | None) -> list[Paragraph]:
    """The paragraphs of a parsed page (or of any element of it), in reading order."""
    if root is None:
        return []
    builder = _Builder()
    _walk(root, builder)
    builder.flush()
    return builder.paragraphs


def text_paragraphs(text: str) -> list[Paragraph]:
    """Plain text as paragraphs: blank lines separate them; a line may start a note."""
    paragraphs: list[Paragraph] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [_SPACE.sub(" ", INVISIBLE.sub("", line)).strip() for line in block.splitlines()]
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.extend(_split_at_markers(Paragraph(joined)))
    return paragraphs

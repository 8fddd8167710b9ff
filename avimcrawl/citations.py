"""Footnotes of an AVİM commentary, parsed into citations. Plain Python, no Scrapy.

A commentary's notes come as Word footnotes (`mso-element:footnote`), as paragraphs
starting with a plain `[1]`, or with `<sup>1</sup>` markers. One footnote may hold several
citations separated by ';' (even across paragraphs); each citation reads roughly
`Author , Title, Publisher, Published, accessed Accessed, <URL>` in English or
`Yazar, “Başlık”, Yayıncı, Yayın tarihi: …, Erişim tarihi: …, URL` in Turkish, with
placeholders (`[Site Name]`) where the author lacked data. Parsing is best effort and
never raises on odd input: what cannot be read is left empty and named in `problems`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from avimcrawl.dates import DATE_PATTERN, fold, parse_date
from avimcrawl.htmltext import Paragraph, html_paragraphs, parse_html, text_paragraphs
from avimcrawl.urls import (
    WELL_KNOWN_DOMAINS,
    FoundUrl,
    find_urls,
    host_of,
    is_fetchable,
    likely_intended_domain,
    normalize,
    registrable_domain,
)

# Problem codes, as stored in `citations.problems`.
PLACEHOLDER = "placeholder"
PUBLISHED_AFTER_ACCESSED = "published_after_accessed"
NO_URL = "no_url"
MALFORMED_URL = "malformed_url"
SUSPECT_DOMAIN = "suspect_domain"
DUPLICATE = "duplicate"
STRAY_BRACKET = "stray_bracket"
DOUBLE_SLASH = "double_slash"
TRUNCATED = "truncated"

_MARKER = re.compile(r"^\s*\[(\d{1,3})\]\s*")
_END_OF_NOTES = re.compile(
    r"^\W*(about the author|to cite this article|yazar hakk[ıi]nda|bu (makaleye|yazıya) atıf"
    r"|atıf için|picture\s*:|fotoğraf\s*:|görsel\s*:|resim\s*:)",
    re.IGNORECASE,
)
_PLACEHOLDER_WORDS = (
    "date", "name", "site", "author", "title", "publisher", "access", "publication",
    "url", "link", "tarih", "erisim", "yayin", "yazar", "baslik", "site adi", "kaynak",
)
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")
_PLACEHOLDER_TOKEN = r"\[[^\[\]\d]*\]"
_DATE_OR_PLACEHOLDER = rf"(?:{DATE_PATTERN}|{_PLACEHOLDER_TOKEN})"
_ACCESSED = re.compile(
    r"[,.;(\s]*\(?\s*(?:last\s+)?(?:accessed|retrieved|access\s+date|erişim\s+tarihi|son\s+erişim"
    r"(?:\s+tarihi)?|erişim|erişildi|erişim\s+tarihi)(?:\s+on)?\s*[:.]?\s*"
    rf"(?P<value>{_DATE_OR_PLACEHOLDER})\s*\)?",
    re.IGNORECASE,
)
_PUBLISHED_LABELLED = re.compile(
    r"[,.;(\s]*\(?\s*(?:published(?:\s+on)?|yayın\s+tarihi|yayımlanma\s+tarihi)\s*[:.]?\s*"
    rf"(?P<value>{_DATE_OR_PLACEHOLDER})\s*\)?",
    re.IGNORECASE,
)
_PUBLISHED_TRAILING = re.compile(rf"(?:^|,)\s*(?P<value>{_DATE_OR_PLACEHOLDER})\s*$", re.IGNORECASE)
_SERIAL_NUMBER = re.compile(r",\s*(?:No|Sayı)\s*[:.]?\s*\d{4}\s*/\s*\d+\s*$", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"«„‘](?P<title>[^“”\"«»„]{3,}?)[,.]?[”\"»’]")
_SEPARATORS = " ,;:.<>(\u00a0"


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
            self.problems.append(problem)


@dataclass
class Note:
    """One footnote: its number and text, with the links in it."""

    number: int
    paragraphs: list[Paragraph]


# ---------------------------------------------------------------------------- notes


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
        elif _END_OF_NOTES.match(paragraph.text):
            break
        elif remaining_markers or _continues_note(paragraph.text):
            notes[-1].paragraphs.append(paragraph)
        else:
            break
    return notes


def _continues_note(text: str) -> bool:
    """After the last note, whether a paragraph still belongs to it."""
    stripped = text.lstrip()
    return stripped[:1] in {";", ","} or stripped[:1].islower() or bool(find_urls(stripped[:200]))


# ------------------------------------------------------------------------ citations


@dataclass
class _Span:
    """A stretch of a note's text, with the links that fall inside it."""

    text: str
    links: list[tuple[int, int, str]]


def _note_span(note: Note) -> _Span:
    text = ""
    links: list[tuple[int, int, str]] = []
    for paragraph in note.paragraphs:
        if text:
            text += " "
        offset = len(text)
        text += paragraph.text
        links.extend((offset + l.start, offset + l.end, l.href) for l in paragraph.links)
    marker = _MARKER.match(text)
    if marker:
        cut = marker.end()
        text = text[cut:]
        links = [(a - cut, b - cut, h) for a, b, h in links if a >= cut]
    return _Span(text, links)


def _split_citations(span: _Span) -> list[_Span]:
    """Cut a footnote at the ';' that end a citation (after its URL or its dates)."""
    urls = find_urls(span.text)
    pieces: list[_Span] = []
    start = 0
    for match in re.finditer(";", span.text):
        at = match.start()
        if any(u.start <= at < u.end for u in urls):
            continue
        before = span.text[start:at]
        if before.strip() and (find_urls(before) or re.search(DATE_PATTERN, before)):
            pieces.append(_sub_span(span, start, at))
            start = at + 1
    pieces.append(_sub_span(span, start, len(span.text)))
    return [p for p in pieces if p.text.strip(_SEPARATORS)]


def _sub_span(span: _Span, start: int, end: int) -> _Span:
    text = span.text[start:end]
    lead = len(text) - len(text.lstrip(" ;"))
    text = text.strip(" ;")
    shift = start + lead
    links = [(a - shift, b - shift, h) for a, b, h in span.links if a >= start and b <= end]
    return _Span(text, links)


def _citation_url(span: _Span) -> tuple[FoundUrl | None, str | None]:
    """The URL a citation points to, as written, and its normalized form.

    A link's href is authoritative over its text when the text is the URL itself,
    as Word may wrap the visible text but not the href.
    """
    urls = find_urls(span.text)
    if urls:
        found = urls[0]
        for a, b, href in span.links:
            if a <= found.start < b and normalize(href) and _looks_like(found.normalized, href):
                return found, normalize(href)
        return found, found.normalized
    for a, b, href in span.links:
        if href.lower().startswith(("http://", "https://")):
            return FoundUrl(href, a, b), normalize(href)
    return None, None


def _looks_like(text_url: str, href: str) -> bool:
    squeeze = lambda u: re.sub(r"^https?://", "", u.lower()).rstrip("/")  # noqa: E731
    return squeeze(text_url) == squeeze(href) or squeeze(href).startswith(squeeze(text_url))


def parse_citation(span_text: str, footnote: int, position: int,
                   links: Iterable[tuple[int, int, str]] = (),
                   known_authors: Iterable[str] = ()) -> Citation:
    """Read one citation's fields from its text."""
    span = _Span(span_text, list(links))
    citation = Citation(footnote, position, span_text.strip())
    found, link_url = _citation_url(span)
    remainder = span_text
    after = ""
    if found:
        citation.url = found.written.strip()
        citation.link_url = link_url
        remainder = span_text[:found.start].rstrip(" <(")
        after = span_text[found.end:]
    _read_dates(citation, remainder, after)
    remainder = _strip_dates(remainder)
    remainder = _SERIAL_NUMBER.sub("", remainder)
    _read_names(citation, remainder.strip(_SEPARATORS), known_authors)
    _judge(citation)
    return citation


def _read_dates(citation: Citation, before_url: str, after_url: str) -> None:
    accessed = _last_match(_ACCESSED, before_url) or _last_match(_ACCESSED, after_url)
    if accessed:
        citation.accessed = parse_date(accessed.group("value"))
    without_accessed = _ACCESSED.sub("", before_url)
    published = _last_match(_PUBLISHED_LABELLED, without_accessed)
    if not published:
        published = _PUBLISHED_TRAILING.search(without_accessed.rstrip(_SEPARATORS))
    if published:
        citation.published = parse_date(published.group("value"))


def _strip_dates(text: str) -> str:
    text = _ACCESSED.sub("", text)
    text = _PUBLISHED_LABELLED.sub("", text)
    return _PUBLISHED_TRAILING.sub("", text.rstrip(_SEPARATORS))


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


def _read_names(citation: Citation, text: str, known_authors: Iterable[str]) -> None:
    """Authors, title and publisher from what is left once URL and dates are gone."""
    quoted = _QUOTED.search(text)
    if quoted:
        citation.authors = _clean(text[:quoted.start()])
        citation.title = _clean(quoted.group("title"))
        citation.publisher = _clean(text[quoted.end():])
        return
    author, rest = _split_known_author(text, known_authors)
    parts = [p.strip() for p in rest.split(",")]
    if author is None and (len(parts) >= 3 or (len(parts) == 2 and _looks_like_name(parts[0]))):
        author, parts = parts[0], parts[1:]
    if len(parts) >= 2:
        citation.title = _clean(", ".join(parts[:-1]))
        citation.publisher = _clean(parts[-1])
    else:
        citation.title = _clean(parts[0]) if parts else None
    citation.authors = _clean(author) if author else None


def _split_known_author(text: str, known_authors: Iterable[str]) -> tuple[str | None, str]:
    """Split off an author we know by name, even without the comma that should follow."""
    folded = fold(text)
    for name in sorted({a for a in known_authors if a}, key=len, reverse=True):
        key = fold(name)
        if folded.startswith(key) and len(text) > len(name) and not text[len(name)].isalnum():
            return text[:len(name)], text[len(name):].lstrip(" ,")
    return None, text


def _looks_like_name(text: str) -> bool:
    words = text.replace("]", "").split()
    return 0 < len(words) <= 5 and all(w[:1].isupper() for w in words if len(w) > 3)


def _clean(text: str | None) -> str | None:
    """Trim separators; a placeholder such as `[Site Name]` is no value at all."""
    if text is None:
        return None
    text = text.strip(_SEPARATORS + "]")
    if not text or re.fullmatch(_PLACEHOLDER_TOKEN, text) or re.fullmatch(r"\[[^\]]*", text):
        return None
    return text


# ------------------------------------------------------------------------- problems


def _judge(citation: Citation) -> None:
    """Flag what is wrong with one citation on its own."""
    if _has_placeholder(citation.raw):
        citation.flag(PLACEHOLDER)
    if _has_stray_bracket(citation.raw):
        citation.flag(STRAY_BRACKET)
    if citation.published and citation.accessed and citation.published > citation.accessed:
        citation.flag(PUBLISHED_AFTER_ACCESSED)
    if not citation.link_url:
        citation.flag(NO_URL)
    elif not is_fetchable(citation.link_url):
        citation.flag(MALFORMED_URL)
    elif re.search(r"[^:/]//+$", citation.link_url) or "//" in citation.link_url.split("://", 1)[-1].split("?")[0]:
        citation.flag(DOUBLE_SLASH)


def _has_placeholder(text: str) -> bool:
    for match in _BRACKETED.finditer(text):
        inside = fold(match.group(1)).strip()
        if not inside or any(word in inside for word in _PLACEHOLDER_WORDS):
            return True
    return False


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
        if citation.link_url and citation.link_url in seen:
            citation.flag(DUPLICATE)
        if citation.link_url:
            seen.add(citation.link_url)


def flag_suspect_domains(citations: list[Citation], trusted_domains: Iterable[str] = ()) -> None:
    """Flag domains a typo away from a well-known domain, or from one cited elsewhere."""
    trusted = set(WELL_KNOWN_DOMAINS) | {registrable_domain(d) for d in trusted_domains}
    domains = [(c, registrable_domain(h)) for c in citations
               if c.link_url and is_fetchable(c.link_url) and (h := host_of(c.link_url))]
    cited_here = {domain for _, domain in domains}
    for citation, domain in domains:
        others = trusted | (cited_here - {domain})
        intended = likely_intended_domain(domain, others)
        if intended and (intended in trusted or domain not in trusted):
            citation.flag(SUSPECT_DOMAIN)
            citation.suggested_domain = intended


# ---------------------------------------------------------------------------- entry


def citations_from_paragraphs(paragraphs: list[Paragraph], known_authors: Iterable[str] = (),
                              trusted_domains: Iterable[str] = ()) -> list[Citation]:
    """Every citation in the footnotes among `paragraphs`, in footnote order."""
    authors = list(known_authors)
    citations: list[Citation] = []
    for note in find_notes(paragraphs):
        for position, span in enumerate(_split_citations(_note_span(note)), 1):
            citations.append(parse_citation(span.text, note.number, position, span.links, authors))
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
                citation.flag(TRUNCATED)


def is_truncated(html: str | bytes) -> bool:
    """A page that stops before `</html>`: its last footnote may be cut short."""
    tail = html[-2000:].lower() if isinstance(html, str) else html[-2000:].lower().decode("ascii", "replace")
    return "</html>" not in tail

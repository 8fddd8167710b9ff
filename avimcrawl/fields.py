"""Reading one citation's fields: URL, dates, title, authors, publisher.

Fields are taken in the order of how sure we can be of them, each one removed from the
text before the next is looked for:
1. the URL (a link or a written URL) and the words that announce it (`Available at:`,
   `Erişim adresi:`, `Retrieved from`, `[Online]`);
2. the title when something marks it: paired quotation marks (an apostrophe between
   letters never closes one) or italics;
3. the imprint of a book, `(Ankara: AVİM Yayınları, 2024)`, and page references;
4. dates, with the label before or after them (`accessed`, `Erişim tarihi:`,
   `tarihinde erişildi`, `Published`), placeholders such as `[access date]` too;
5. what is left, by position: the authors come before the title, the publisher after it.
Fields read by position alone are named in `guessed`; what made the reading uncertain
is named in `doubts`, from which the citation's confidence is derived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from avimcrawl.dates import find_dates, find_month_days, fold
from avimcrawl.notes import Text
from avimcrawl.quotes import quoted_spans
from avimcrawl.urls import find_urls, host_of, normalize

PLACEHOLDER_TOKEN = re.compile(r"\[[^\[\]\d]*\]")
_PLACEHOLDER_WORDS = (
    "date", "name", "site", "author", "title", "publisher", "access", "publication",
    "url", "link", "tarih", "erisim", "yayin", "yazar", "baslik", "site adi", "kaynak",
)
_URL_LABEL = re.compile(
    r"(?:(?:available|accessible|retrieved|accessed|online)\s*(?:at|from|on|via|in)?|(?<![\w])from|erişim\s+adresi"
    r"|erişim\s+linki|url|link|web|web\s+sitesi|çevrimiçi|kaynak|adres|bağlantı|internet\s+adresi)"
    r"\s*[:.]?\s*[<(\[]?\s*$",
    re.IGNORECASE,
)
_AFTER_URL = re.compile(r"^\s*[>)\]]?\s*(?:adresinden\s+(?:erişildi|erişilmiştir|alındı|alınmıştır)|adresinden)",
                        re.IGNORECASE)
_ONLINE_MARK = re.compile(r"\[\s*(?:online|çevrimiçi|internet|web)\s*\]\.?", re.IGNORECASE)
_ACCESS_LABEL = re.compile(
    r"(?:(?:last\s+)?accessed(?:\s+on)?|retrieved(?:\s+on)?|access(?:ed)?\s+(?:date|on)|date\s+(?:of\s+)?access(?:ed)?"
    r"|(?:son\s+)?erişim(?:\s+tarihi)?|erişildiği\s+tarih|görüntülenme(?:\s+tarihi)?|consulted(?:\s+on)?"
    r"|viewed(?:\s+on)?)\s*[:.]?\s*[(\[]?\s*$",
    re.IGNORECASE,
)
_PUBLISHED_LABEL = re.compile(
    r"(?:published(?:\s+on)?|posted(?:\s+on)?|date\s+published|publication\s+date|yayın(?:lanma)?\s+tarihi"
    r"|yayımlanma\s+tarihi|updated(?:\s+on)?|date|tarih)\s*[:.]?\s*[(\[]?\s*$",
    re.IGNORECASE,
)
_ACCESS_AFTER = re.compile(r"^\s*[)\]]?\s*tarihinde(?:\s+(?:erişildi|erişilmiştir))?", re.IGNORECASE)
_YEAR_IN_PARENS = re.compile(r"\(\s*(?P<year>(?:1[89]|20)\d{2})[a-z]?\s*\)")
_APA_DATE_BEFORE = re.compile(r"\(\s*(?:(?:1[89]|20)\d{2}[^()]{0,20}|n\.\s?d\.|t\.\s?y\.)\)\s*\.?$", re.IGNORECASE)
_APA_DATE = re.compile(r"\(\s*(?:(?:1[89]|20)\d{2}[a-z]?(?:,[^()]{1,20})?|n\.\s?d\.|t\.\s?y\.)\s*\)", re.IGNORECASE)
_INITIALS_AFTER_SURNAME = re.compile(r",\s*(?:[A-ZÇĞİÖŞÜ]\.?\s?-?)+(?:$|,|&|\s(?:and|ve)\b)")
_NO_DATE = re.compile(r"\(\s*(?:n\.\s?d\.|no\s+date|undated|t\.\s?y\.|tarihsiz|tarih\s+yok)\s*\)", re.IGNORECASE)
_IMPRINT = re.compile(
    r"\(\s*(?P<place>[^():;,\d]{2,40}):\s*(?P<publisher>[^():;]{2,80}?),\s*(?P<year>(?:1[89]|20)\d{2})\s*\)")
_LOOSE_IMPRINT = re.compile(
    r"(?<![\w])(?P<place>[A-ZÇĞİÖŞÜ][^\W\d]{2,20}(?:\s[A-ZÇĞİÖŞÜ][^\W\d]+)?):\s*(?P<publisher>[^():;,]{2,80}?),"
    r"\s*(?P<year>(?:1[89]|20)\d{2})\b")
_JUNK = re.compile(
    r"(?:(?:commentary|analysis|yorum|analiz|report|rapor)\s+)?(?:no|sayı|nr)\s*[:.]?\s*\d{4}\s*/\s*\d+"
    r"|\b(?:pp?|ss?|vol|cilt|sayı|no|nr|issue)\.?\s*:?\s*\d+(?:\s*[-–]\s*\d+)?\b"
    r"|\b(?:in|içinde)\s*:\s*$",
    re.IGNORECASE,
)
_NAME_PARTICLES = {"de", "van", "von", "der", "al", "el", "the", "for", "and", "of", "on", "ve", "için"}
_ABBREVIATIONS = {"no", "vol", "pp", "p", "s", "ss", "ed", "eds", "dr", "prof", "doç", "st", "jr", "sr", "inc",
                  "ltd", "co", "vs", "mr", "mrs", "ms", "gen", "col", "lt", "sgt", "rev", "hon", "op", "cit", "bkz",
                  "av", "yrd", "öğr", "gör", "vd", "et", "al", "dec", "jan", "feb", "mar", "apr", "aug", "sep",
                  "sept", "oct", "nov"}
_SEPARATORS = " ,;:.<>(|\n"
_SPACED_COMMA = "\u2063"
"""Marks a part that ended in ` , ` (a space before the comma): AVİM's authors end so."""
_INITIALS = re.compile(r"^(?:[A-ZÇĞİÖŞÜ]\.\s?-?)+$")
ACCESSED, PUBLISHED, UNLABELLED = "accessed", "published", "unlabelled"


@dataclass
class Fields:
    """What one citation's text says, and how sure the reading is."""

    url: str | None = None
    link_url: str | None = None
    authors: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    accessed: str | None = None
    kind: str = "unknown"
    guessed: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


class _Work:
    """A citation's text with the parts already read marked off."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = [False] * len(text)
        self.url_spans: list[tuple[int, int]] = []

    def take(self, start: int, end: int) -> None:
        for i in range(max(0, start), min(end, len(self.text))):
            self.taken[i] = True

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def masked(self) -> str:
        """The text with every part read replaced by `|` (a hard separator)."""
        return "".join("|" if t else c for c, t in zip(self.text, self.taken))


def read_fields(piece: Text, known_authors: list[str]) -> Fields:
    fields = Fields()
    work = _Work(piece.text)
    anchor_text = _take_url(piece, work, fields)
    title = _find_title(piece, work, anchor_text)
    _take_imprint(work, fields)
    _take_dates(work, fields)
    _take_junk(work, fields)
    _read_names(work, fields, title, piece, known_authors)
    if fields.link_url:
        fields.kind = "web"
    return fields


# --------------------------------------------------------------------------- URL


def _take_url(piece: Text, work: _Work, fields: Fields) -> tuple[int, int] | None:
    """Read the citation's URL; return where an anchor's text stands for it, if it does."""
    text = piece.text
    urls = find_urls(text)
    web_links = [l for l in piece.links if l.href.lower().startswith(("http://", "https://", "www."))]
    if urls:
        found = urls[0]
        fields.url = found.written.strip()
        fields.link_url = found.normalized
        for link in web_links:
            if link.start <= found.start < link.end and _same_url(found.normalized, link.href):
                fields.link_url = normalize(link.href)
        _take_url_span(work, found.start, found.end)
        return None
    if web_links:
        link = web_links[0]
        fields.url = link.href
        fields.link_url = normalize(link.href)
        words = text[link.start:link.end].strip()
        if fold(words).strip(" .") in {"link", "here", "burada", "buradan", "bağlantı", "baglanti", "online", "erişim", "url"}:
            _take_url_span(work, link.start, link.end)
            return None
        return (link.start, link.end)
    return None


def _take_url_span(work: _Work, start: int, end: int) -> None:
    text = work.text
    before = text[:start]
    label = _URL_LABEL.search(before)
    first = label.start() if label else len(before.rstrip(" <(&lt;"))
    after = _AFTER_URL.match(text[end:])
    last = end + (after.end() if after else 0)
    while last < len(text) and text[last] in ">)]":
        last += 1
    work.take(first, last)
    work.url_spans.append((start, end))


def _same_url(text_url: str, href: str) -> bool:
    squeeze = lambda u: re.sub(r"^(?:https?://)?(?:www\.)?", "", u.lower()).rstrip("/")  # noqa: E731
    return squeeze(text_url) == squeeze(href) or squeeze(href).startswith(squeeze(text_url))


# ------------------------------------------------------------------------- title


@dataclass(frozen=True)
class _Title:
    start: int
    end: int
    text: str
    marked_by: str
    """`quotes`, `italics` or `link` (an anchor's text that is not a URL)."""


def _find_title(piece: Text, work: _Work, anchor: tuple[int, int] | None) -> _Title | None:
    masked = work.masked()
    for quoted in quoted_spans(masked, min_length=3):
        inner = quoted.text.strip()
        if sum(c.isalpha() for c in inner) >= 3 and work.free(quoted.start, quoted.end) \
                and _stands_as_field(masked, quoted.start, quoted.end):
            work.take(quoted.start, quoted.end)
            return _Title(quoted.start, quoted.end, inner, "quotes")
    if anchor and sum(c.isalpha() for c in piece.text[anchor[0]:anchor[1]]) >= 8:
        work.take(*anchor)
        return _Title(anchor[0], anchor[1], piece.text[anchor[0]:anchor[1]], "link")
    return None


def _stands_as_field(text: str, start: int, end: int) -> bool:
    """A quotation is a title when it stands between separators, not inside a sentence
    (`Calls Greece ‘an Extremely Important Partner’.` quotes within a title)."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    inner_end = text[start + 1:end - 1].rstrip()[-1:]
    opens_field = not before or not before[-1].isalnum()
    closes_field = inner_end in {",", ".", "?", "!"} or not after or not after[0].isalnum()
    if _APA_DATE_BEFORE.search(before):
        # APA leaves titles unquoted: a quotation opening one is part of it unless it ends it.
        closes_field = not after or not after[0].isalnum()
    return opens_field and closes_field


def _italic_title(piece: Text, work: _Work) -> _Title | None:
    for span in piece.italics:
        words = piece.text[span.start:span.end]
        if sum(c.isalpha() for c in words) >= 3 and work.free(span.start, span.end):
            return _Title(span.start, span.end, words, "italics")
    return None


# ------------------------------------------------------------------------- dates


def _take_imprint(work: _Work, fields: Fields) -> None:
    """A book's `(Place: Publisher, Year)`: publisher and year of publication."""
    masked = work.masked()
    match = _IMPRINT.search(masked) or _LOOSE_IMPRINT.search(masked)
    if match and not fields.link_url:
        fields.publisher = _clean(match.group("publisher"))
        fields.published = match.group("year")
        fields.kind = "print"
        work.take(match.start(), match.end())


@dataclass
class _Date:
    start: int
    end: int
    iso: str | None
    label: str


def _take_dates(work: _Work, fields: Fields) -> None:
    dates = _labelled_dates(work)
    labelled = {d.label for d in dates}
    unlabelled = [d for d in dates if d.label == UNLABELLED]
    for date in dates:
        if date.label == ACCESSED:
            fields.accessed = date.iso
        elif date.label == PUBLISHED and fields.published is None:
            fields.published = date.iso
    if unlabelled:
        if PUBLISHED not in labelled and fields.published is None:
            fields.published = unlabelled[0].iso
            unlabelled = unlabelled[1:]
        if unlabelled and ACCESSED not in labelled:
            fields.accessed = unlabelled[-1].iso
            fields.guessed.append("accessed")
            unlabelled = unlabelled[:-1]
        if unlabelled:
            fields.doubts.append("more dates than fields")
    for date in dates:
        work.take(*_with_brackets(work.text, date.start, date.end))
    _take_year(work, fields)


def _with_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """A date alone in its brackets, `(2026, February 12)`, takes the brackets too."""
    before = len(text[:start].rstrip())
    after = end + (len(text[end:]) - len(text[end:].lstrip()))
    if before and after < len(text) and text[before - 1] + text[after] in {"()", "[]"}:
        return before - 1, after + 1
    return start, end


def _labelled_dates(work: _Work) -> list[_Date]:
    masked = work.masked()
    dates = [_Date(m.start, m.end, m.iso, UNLABELLED) for m in find_dates(masked)]
    for match in PLACEHOLDER_TOKEN.finditer(masked):
        inside = fold(match.group())
        if "tarih" in inside or "date" in inside:
            dates.append(_Date(match.start(), match.end(), None, UNLABELLED))
    for date in sorted(dates, key=lambda d: d.start):
        _label(masked, date)
    return sorted(dates, key=lambda d: d.start)


def _label(text: str, date: _Date) -> None:
    """Name a date by its label (before it or after it), and take the label with it."""
    inside = fold(text[date.start:date.end])
    before = text[max(0, date.start - 40):date.start]
    access = _ACCESS_LABEL.search(before)
    published = _PUBLISHED_LABEL.search(before)
    after = _ACCESS_AFTER.match(text[date.end:])
    if access:
        date.label, date.start = ACCESSED, date.start - (len(before) - access.start())
    elif after:
        date.label, date.end = ACCESSED, date.end + after.end()
    elif published:
        date.label, date.start = PUBLISHED, date.start - (len(before) - published.start())
    if "access" in inside or "erisim" in inside:
        date.label = ACCESSED
    elif "yayin" in inside or "publication" in inside:
        date.label = PUBLISHED


def _take_year(work: _Work, fields: Fields) -> None:
    """`(2026)` after the authors (Harvard, APA): the year, completed by a `12 February`."""
    masked = work.masked()
    no_date = _NO_DATE.search(masked)
    if no_date:
        work.take(no_date.start(), no_date.end())
    year = _YEAR_IN_PARENS.search(masked)
    if not year or fields.published is not None:
        return
    work.take(year.start(), year.end())
    day = next(iter(find_month_days(work.masked(), int(year.group("year")))), None)
    if day:
        fields.published = day.iso
        work.take(day.start, day.end)
    else:
        fields.published = year.group("year")


def _take_junk(work: _Work, fields: Fields) -> None:
    """Page references, volume and serial numbers, `[Online]`: no field of ours.
    Without a URL, they mark a printed source (a book chapter, a journal article)."""
    masked = work.masked()
    for match in _JUNK.finditer(masked):
        if re.match(r"(?:vol|cilt)", match.group(), re.IGNORECASE) and masked[match.end():].lstrip()[:1] in {"(", "|"}:
            continue  # `Title, Vol. 3 (London: …)`: the volume is part of the book's title
        work.take(match.start(), match.end())
        if not fields.link_url and not re.match(r"\s*(?:in|içinde)\b", match.group(), re.IGNORECASE):
            fields.kind = "print"
    for match in _ONLINE_MARK.finditer(masked):
        work.take(match.start(), match.end())


# ----------------------------------------------------------------- authors, title, publisher


def _read_names(work: _Work, fields: Fields, title: _Title | None, piece: Text, known_authors: list[str]) -> None:
    if title is None:
        title = _italic_title(piece, work)
        if title is not None:
            work.take(title.start, title.end)
    if title is not None:
        _around_title(work, fields, title, piece)
    else:
        _by_position(work, fields, known_authors)


def _around_title(work: _Work, fields: Fields, title: _Title, piece: Text) -> None:
    """Authors before a marked title, the publisher after it."""
    masked = work.masked()
    before = _blocks(masked[:title.start])
    after = _blocks(masked[title.end:])
    fields.title = _clean_title(title.text)
    if title.marked_by == "italics" and before and len(before) >= 2 and _looks_like_title(before[-1]):
        # APA news: "Author. (2026). Title of the article. *Newspaper*."
        fields.authors = _clean(", ".join(before[:-1]))
        fields.title, fields.publisher = _clean_title(before[-1]), _clean(title.text)
        return
    fields.authors = _clean(" ".join(before)) if before else None
    if fields.publisher is None:
        italic = _italic_after(piece, work, title.end)
        fields.publisher = _clean(italic) if italic else (_clean(after[0]) if after else None)
    if len(after) > 1:
        fields.doubts.append("words after the publisher")


def _italic_after(piece: Text, work: _Work, position: int) -> str | None:
    for span in piece.italics:
        if span.start >= position and work.free(span.start, span.end):
            return piece.text[span.start:span.end]
    return None


def _by_position(work: _Work, fields: Fields, known_authors: list[str]) -> None:
    """No marked title: authors, title and publisher by where they stand."""
    blocks = [b for b in _blocks(work.masked(), sentences=True) if not _is_number(b)]
    author, blocks = _known_author(blocks, known_authors)
    publisher_known = fields.publisher is not None
    apa = _apa_head(work) if author is None else None
    if apa is not None:
        layout = _apa_layout(apa, _blocks(work.masked()[apa[1]:], questions=True), publisher_known, fields.link_url)
    elif len(blocks) <= 1:
        blocks = _comma_parts(blocks[0]) if blocks else []
        layout = _comma_layout(blocks, author is not None, publisher_known, fields.link_url)
    else:
        blocks = [b for b in _blocks(" | ".join(blocks), questions=True) if not _is_number(b)]
        layout = _sentence_layout(blocks, author is not None, publisher_known, fields.link_url)
    found_author, title, publisher = layout
    if title and not publisher and not found_author and _names_site(title, fields.link_url):
        title, publisher = None, title
    fields.authors = _clean(author or found_author)
    fields.title = _clean_title(title) if title else None
    guessed = [("title", fields.title), ("authors", found_author)]
    if fields.publisher is None:
        fields.publisher = _clean(publisher)
        if not _names_site(publisher or "", fields.link_url):
            guessed.append(("publisher", fields.publisher))
    fields.guessed.extend(name for name, value in guessed if value)
    if len(blocks) > 3 and not author and not publisher_known:
        fields.doubts.append("more parts than fields")


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s\-–ivxlc.]+", text.strip(), re.IGNORECASE))


Layout = tuple[str | None, str | None, str | None]
"""(authors, title, publisher) as read by position."""


def _comma_layout(parts: list[str], author_known: bool, publisher_known: bool, url: str | None) -> Layout:
    """`Author, Title, with commas, Publisher` (AVİM's house style without quotes)."""
    if not parts:
        return None, None, None
    site = _site_part(parts, url)
    if site is not None and site > 0:
        before, publisher = parts[:site], parts[site]
    elif publisher_known or len(parts) == 1:
        before, publisher = parts, None
    else:
        before, publisher = parts[:-1], parts[-1]
    if author_known:
        return None, ", ".join(before) or None, publisher
    if len(before) >= 2 and (len(before) > 2 or _looks_like_name(before[0]) or publisher is None
                             or before[0].endswith(_SPACED_COMMA)):
        return before[0], ", ".join(before[1:]), publisher
    if len(before) == 1 and publisher is not None and not publisher_known and _looks_like_name(before[0]) \
            and not _names_site(publisher, url) and len(publisher.split()) > 3:
        return before[0], publisher, None
    return None, ", ".join(before), publisher


def _site_part(parts: list[str], url: str | None) -> int | None:
    """The last part that names the cited site (`Daily Sabah` for dailysabah.com)."""
    for i in range(len(parts) - 1, 0, -1):
        if _names_site(parts[i], url):
            return i
    return None


def _apa_head(work: _Work) -> tuple[str, int] | None:
    """APA's `Authors. (2026, February 12).` (or `Title. (2026).`): what stands before
    the date in parentheses, and where the rest begins."""
    match = next((m for m in _APA_DATE.finditer(work.text)
                  if not any(a <= m.start() < b for a, b in work.url_spans)), None)
    if not match:
        return None
    head = _blocks(work.masked()[:match.start()])
    if len(head) != 1:
        return None
    return head[0], match.end()


def _apa_layout(head: tuple[str, int], tail: list[str], publisher_known: bool, url: str | None) -> Layout:
    """APA: names before the date, then title and site; with no author, the title
    stands before the date and the site after it."""
    before_date = head[0]
    tail = [t for t in tail if not _is_number(t)]
    names = bool(_INITIALS_AFTER_SURNAME.search(before_date)) or (
        _looks_like_name(before_date) and "," not in before_date)
    if not names:
        return None, before_date, (None if publisher_known or not tail else tail[0])
    if publisher_known or len(tail) <= 1:
        return before_date, " ".join(tail) or None, None
    site = _site_part(tail, url)
    end = site if site is not None else len(tail) - 1
    return before_date, " ".join(tail[:end]) or None, tail[end]


def _sentence_layout(blocks: list[str], author_known: bool, publisher_known: bool, url: str | None) -> Layout:
    """`Author. Title. Publisher.` (APA, full-stop styles); a title may hold a `?`."""
    site = _site_part(blocks, url)
    if site is not None:
        before, publisher = blocks[:site], blocks[site]
    elif publisher_known:
        before, publisher = blocks, None
    elif len(blocks) >= 3:
        before, publisher = blocks[:-1], blocks[-1]
    else:
        first, second = blocks[0], blocks[1]
        if author_known or not (_looks_like_name(first) and len(second.split()) > len(first.split())):
            return None, first, second
        return first, second, None
    if author_known:
        return None, " ".join(before) or None, publisher
    if len(before) >= 2:
        return before[0], " ".join(before[1:]), publisher
    return None, " ".join(before) or None, publisher


def _blocks(masked: str, sentences: bool = True, questions: bool = False) -> list[str]:
    """The parts of what is left, cut at read parts and sentence ends (and, with
    `questions`, after a `?` or `!`, which may also end a part of a title), in order."""
    parts = []
    for chunk in re.split(r"\|+|;", masked):
        parts.extend(_sentences(chunk, questions) if sentences else [chunk])
    return [p for p in (_trim(p) for p in parts) if p and any(c.isalnum() for c in p)]


def _sentences(chunk: str, questions: bool = False) -> list[str]:
    pieces, start = [], 0
    for match in re.finditer(r"(?<=[.?!])\s+(?=\S)" if questions else r"(?<=\.)\s+(?=\S)", chunk):
        end = match.start()
        word = re.search(r"(\S+)[.?!]$", chunk[start:end])
        last = word.group(1) if word else ""
        if chunk[end - 1] == "." and (_is_abbreviation(last) or _INITIALS.match(last + ".")):
            continue
        pieces.append(chunk[start:end])
        start = match.end()
    pieces.append(chunk[start:])
    return pieces


def _is_abbreviation(word: str) -> bool:
    bare = fold(word.lstrip("(["))
    return bare in _ABBREVIATIONS or len(bare) == 1 or bool(re.fullmatch(r"(?:\w\.)+\w", bare))


def _comma_parts(block: str) -> list[str]:
    """A block cut at its commas; initials stay with their surname (`Kızıl, N. T.`), and
    a list of names ending `, and NAME` stays one part (`A, B, and C`)."""
    parts: list[str] = []
    for raw in re.sub(r"\s,", _SPACED_COMMA + ",", block).split(","):
        part = raw.strip()
        if parts and _INITIALS.match(part):
            parts[-1] = f"{parts[-1]}, {part}"
        elif parts and re.match(r"^(?:&|and|ve)\s", part):
            names = [parts.pop()]
            while parts and _looks_like_name(parts[-1]):
                names.insert(0, parts.pop())
            parts.append(", ".join([*names, part]))
        elif part:
            parts.append(part)
    return parts


def _known_author(blocks: list[str], known_authors: list[str]) -> tuple[str | None, list[str]]:
    """Split off an author we know by name, even without the comma that should follow."""
    if not blocks:
        return None, blocks
    first = blocks[0]
    folded = fold(first)
    for name in sorted({a for a in known_authors if a}, key=len, reverse=True):
        key = fold(name)
        if folded.startswith(key) and len(first) > len(name) and not first[len(name)].isalnum():
            rest = first[len(name):].lstrip(" ,")
            return first[:len(name)], ([rest] if rest else []) + blocks[1:]
    return None, blocks


def _looks_like_name(text: str) -> bool:
    """Words that could be a person's or an organisation's name: few, capitalised,
    without a title's colon, question mark or possessive."""
    if re.search(r"[:?!]|\d|[’'](?![A-ZÇĞİÖŞÜ])", text.replace(_SPACED_COMMA, "")):
        return False
    names = [n for n in re.split(r",|&|\band\b|\bve\b|\bwith\b", text) if n.strip()]
    return 0 < len(names) <= 6 and all(_looks_like_one_name(n) for n in names)


def _looks_like_one_name(text: str) -> bool:
    words = text.replace("]", "").replace(_SPACED_COMMA, "").split()
    return 0 < len(words) <= 6 and all(w[:1].isupper() or w in _NAME_PARTICLES for w in words if len(w) > 2)


def _looks_like_title(text: str) -> bool:
    return len(text.split()) >= 3


def _names_site(text: str, url: str | None) -> bool:
    """Whether `text` names the site a URL is on (`Daily Sabah` for dailysabah.com)."""
    host = host_of(url) if url else None
    if not host or not text or len(text.split()) > 8:
        return False
    name = re.sub(r"\W+", "", fold(text))
    labels = [l for l in fold(host).split(".") if l not in {"www", "com", "org", "net", "gov", "edu", "tr", "en"}]
    words = [re.sub(r"\W+", "", w) for w in fold(text).split()]
    initials = "".join(w[0] for w in words if w and w not in {"of", "the", "and", "for", "ve"})
    for label in labels:
        if len(label) >= 4 and (label in name or (len(name) >= 4 and name in label)):
            return True
        if any(len(w) >= 5 and (w in label or label in w) for w in words):
            return True
        if 2 <= len(label) <= 5 and (label in {initials, name} or (len(label) >= 3 and initials.startswith(label))):
            return True
    return False


# ------------------------------------------------------------------------- cleaning


def _trim(text: str) -> str:
    text = re.sub(r"\(\s*\)|\[\s*\]|<\s*>", " ", text)
    text = text.strip(_SEPARATORS + "\u2013\u2014-")
    if text.startswith((")", "]")) and text.count(text[0]) > text.count("(" if text[0] == ")" else "["):
        text = text[1:].strip(_SEPARATORS)
    return text


def _clean(text: str | None) -> str | None:
    """Trim separators; a placeholder such as `[Site Name]` is no value at all."""
    if text is None:
        return None
    text = _trim(re.sub(r"\s+", " ", text.replace("|", " ").replace(_SPACED_COMMA, "")))
    text = re.sub(r"^(?:in|içinde)\s*:\s*", "", text, flags=re.IGNORECASE)
    text = text.strip(_SEPARATORS + "]")
    if text.count("(") > text.count(")"):
        text = text.rstrip("(").rstrip()
    if not text or PLACEHOLDER_TOKEN.fullmatch(text) or re.fullmatch(r"\[[^\]]*", text):
        return None
    return text


def _clean_title(text: str) -> str | None:
    text = text.strip().strip("“”\"«»„‘’'").strip()
    text = re.sub(r"[,.;:]+$", "", text).strip()
    return _clean(text) if text else None


def is_placeholder(text: str) -> bool:
    inside = fold(text.strip("[]")).strip()
    return not inside or any(word in inside for word in _PLACEHOLDER_WORDS)

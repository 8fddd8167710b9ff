"""AVİM pages: which URLs are commentaries, and what a commentary page says about itself.

AVİM's markup is unknown and changes, so nothing here depends on CSS classes: the page is
read as paragraphs and text chunks, and each field has several sources, tried in order
(the header line, meta tags, the "To cite this article" line, the listing).
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from avimcrawl.citations import Citation, citations_from_paragraphs, find_notes, flag_truncated, is_truncated
from avimcrawl.dates import find_date, fold, month_number, parse_date
from avimcrawl.htmltext import BLOCK_TAGS, SKIPPED_TAGS, Paragraph, html_paragraphs, parse_html, text_paragraphs
from avimcrawl.notes import END_OF_NOTES

SECTIONS = {"yorum": "commentary", "analiz": "analysis", "bulten": "bulletin", "duyuru": "announcement"}

_PAGE_URL = re.compile(
    r"^https?://(?:www\.)?(?P<host>avim\.org\.tr|avimbulten\.org)(?::\d+)?(?:/public)?"
    r"/(?P<lang>en|tr)/(?P<section>yorum|analiz|bulten|duyuru)/(?P<slug>[^/?#]+)/?$",
    re.IGNORECASE,
)
_LISTING_URL = re.compile(
    r"^https?://(?:www\.)?(?:avim\.org\.tr|avimbulten\.org)(?::\d+)?(?:/public)?"
    r"/(?:(?:en|tr)/)?(?:yorumlar|tumbloglar|blogarsiv/\d{4}-\d{2})/?(?:\?.*)?$",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?:Commentary|Yorum|Analysis|Analiz|Bulletin|Bülten)\s*No\s*[:.]?\s*(\d{4})\s*/\s*(\d{1,4})",
    re.IGNORECASE,
)
_HEADER_DATE = re.compile(r"^\s*(\d{1,2}\.\d{1,2}\.\d{4})\s*$")
_READ_TIME = re.compile(r"^\s*\d+\s*(?:min read|dk okuma|dakika)\s*$", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^\s*(?:by|written by|author|yazar|yazan)\b\s*:?\s*", re.IGNORECASE)
_ROLE_WORDS = (r"(?:senior |kidemli |junior )?(?:analyst|analist|researcher|arastirmaci|research assistant"
               r"|arastirma asistani|expert|uzman|director|direktor|mudur|intern|stajyer|chairman|baskan)")
_ROLE_LINE = re.compile(rf"^\W*{_ROLE_WORDS}\W*(?:av[i]m|center for eurasian studies)?\W*$")
_HONORIFICS = re.compile(r"^(?:(?:Prof|Doç|Doc|Dr|Assoc|Assist|Asst|Öğr|Gör|Amb|Av)\.\s*)+")
_SITE_NAME = re.compile(r"\bavim\b|eurasian studies|avrasya incelemeleri")
_AUTHOR_PAGE = re.compile(r"/(?:Yazar|Yazarlar|Author|Authors)/[^/?#]", re.IGNORECASE)
_BYLINE_MARKUP = re.compile(r"author|byline|yazar", re.IGNORECASE)
_ABOUT_MARKUP = re.compile(r"about|bio|hakk|info", re.IGNORECASE)
_HEAD_LINES = 8
_LONGEST_BYLINE_WORDS = 14
_CITE_LINE = re.compile(r"^\W*(?:to cite this article|bu (?:makaleye|yazıya) atıf için|atıf için)\s*:?\s*", re.IGNORECASE)
_CITE_AUTHOR = re.compile(r"^(?P<surname>[^,.]{2,60}),\s*(?P<given>[^.]{2,60})\.\s*(?P<year>\d{4})\.")
_AFTER_TEXT = re.compile(
    r"^\W*(?:share|paylas|related|ilgili|see also|ayrica bak|other commentaries|diger yorumlar|tags|etiketler"
    r"|keywords|anahtar kelimeler|print|yazdir|comments)\b")
_CHROME_PHRASES = re.compile(
    r"©|\(c\)\s*\d{4}|copyright|all rights reserved|tum haklari saklidir"
    r"|^\W*(?:tel|telefon|phone|fax|faks|e-?mail|e-?posta)\s*[:.]"
    r"|\b(?:sok|sokak|sokagi|cad|caddesi|bulvari|blv|mah|mahallesi)\b\.?.{0,40}\bno\s*[:.]?\s*\d")
_NOTE_START = re.compile(r"^\s*\[?\d{1,3}\]?[\s.)]")
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
_FORM_CONTROLS = frozenset({"input", "select", "button", "textarea", "label", "option"})
# Word and old templates lay out blocks with <center> and <font> too.
_BLOCKS = BLOCK_TAGS | {"center", "font", "menu"}
_UNREAD = SKIPPED_TAGS
_PROSE_LETTERS = 60
"""Letters (spaces left out) a paragraph needs to count as running text."""
_MAIN_SHARE = 0.85
"""The share of the running text the main block holds: footers and sidebars hold the rest."""
_ENTRY_DEPTH = 6
"""How far up from a listing's link its entry may start."""
_DATE_LABEL_CHARS = 16
"""Characters besides the date a listing's date line may have ("Yayın tarihi: ", brackets)."""
_LANGUAGE_LINK_TEXT = {"türkçe", "turkce", "turkish", "tr", "english", "ingilizce", "i̇ngilizce", "en"}


@dataclass(frozen=True)
class PageRef:
    """What an AVİM page URL says: host, language, section kind and slug."""

    url: str
    host: str
    lang: str
    kind: str
    slug: str

    @property
    def key(self) -> str:
        """The same for a commentary on avim.org.tr and on its mirror, whatever the slug's case."""
        return f"{self.lang}/{self.kind}/{flatten_slug(self.slug)}"


@dataclass
class Commentary:
    url: str
    site: str
    lang: str | None
    kind: str | None
    number: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    text: str | None = None
    translation_url: str | None = None
    citations: list[Citation] = field(default_factory=list)
    truncated: bool = False
    detected_lang: str | None = None
    detected_lang_prob: float | None = None
    warc_file: str | None = None
    warc_offset: int | None = None


def page_ref(url: str) -> PageRef | None:
    """The AVİM page a URL names, or None when it is no AVİM content page."""
    match = _PAGE_URL.match(url)
    if not match:
        return None
    return PageRef(url, match.group("host").lower(), match.group("lang").lower(),
                   SECTIONS[match.group("section").lower()], unquote(match.group("slug")))


def is_listing_url(url: str) -> bool:
    return bool(_LISTING_URL.match(url))


def listing_dates(html: str | bytes, url: str) -> dict[str, str]:
    """The date a listing page shows beside each AVİM page it links to, by `PageRef.key`.

    Found by structure, not by class name: the smallest element around the link that holds a
    date on a line of its own and links to no other page (the listing's entry, card or row).
    """
    root = parse_html(html)
    if root is None:
        return {}
    dates: dict[str, str] = {}
    for anchor in root.xpath("//a[@href]"):
        ref = page_ref(urljoin(url, anchor.get("href").strip()))
        if ref is None or ref.key in dates:
            continue
        found = _entry_date(anchor, ref.key, url)
        if found:
            dates[ref.key] = found
    return dates


def _entry_date(anchor: etree._Element, key: str, base_url: str) -> str | None:
    for ancestor in list(anchor.iterancestors())[:_ENTRY_DEPTH]:
        if _links_another_page(ancestor, key, base_url):
            return None
        found = _shown_date(ancestor)
        if found:
            return found
    return None


def _links_another_page(element: etree._Element, key: str, base_url: str) -> bool:
    for anchor in element.iter("a"):
        ref = page_ref(urljoin(base_url, (anchor.get("href") or "").strip()))
        if ref is not None and ref.key != key:
            return True
    return False


def _shown_date(element: etree._Element) -> str | None:
    """A date shown on its own (a `<time>`, or a text piece that is little more than a date);
    a date inside a teaser sentence is not the entry's."""
    for time in element.iter("time"):
        found = parse_date(time.get("datetime") or "") or parse_date(time.text_content())
        if found:
            return found
    for piece in element.itertext():
        piece = " ".join(piece.split())
        found = find_date(piece)
        if found and len(piece) - (found[2] - found[1]) <= _DATE_LABEL_CHARS:
            return found[0]
    return None


def flatten_slug(slug: str) -> str:
    """Upper case with Turkish letters flattened (Ş→S, İ→I), as AVİM builds its slugs."""
    slug = unquote(slug).replace("ı", "i").replace("İ", "I")
    decomposed = unicodedata.normalize("NFKD", slug)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def parse_commentary(html: str | bytes, url: str, listing_date: str | None = None,
                     trusted_domains: Iterable[str] = ()) -> Commentary:
    """Everything a commentary page says about itself, its citations included."""
    page, paragraphs = _read_page(html, url, listing_date)
    if paragraphs is None:
        return page
    page.citations = citations_from_paragraphs(paragraphs, [page.author] if page.author else [], trusted_domains)
    page.truncated = is_truncated(html)
    if page.truncated:
        flag_truncated(page.citations)
    return page


def read_page(html: str | bytes, url: str, listing_date: str | None = None) -> Commentary:
    """What an AVİM page says about itself (title, author, date, its own text), citations left out."""
    return _read_page(html, url, listing_date)[0]


def _read_page(html: str | bytes, url: str, listing_date: str | None) -> tuple[Commentary, list[Paragraph] | None]:
    """The page's fields and its paragraphs (None when the page has no markup at all)."""
    ref = page_ref(url)
    root = parse_html(html)
    page = Commentary(url=url, site=urlsplit(url).hostname or "", lang=ref.lang if ref else None,
                      kind=ref.kind if ref else None, published=listing_date)
    if root is None:
        return page, None
    body = root.find("body") if root.find("body") is not None else root
    paragraphs = html_paragraphs(body)
    chunks = [c.strip() for c in root.itertext() if c.strip()]
    cite = _cite_line(paragraphs)
    page.title = _title(root, paragraphs)
    page.number = _number(chunks, cite)
    page.author = _author(root, paragraphs, cite, url, page.title)
    page.published = _published(root, chunks, cite) or listing_date
    page.translation_url = _translation_url(root, url, ref)
    page.text = _body_text(body, paragraphs, page)
    return page, paragraphs


def _meta(root: etree._Element, *names: str) -> str | None:
    for name in names:
        for element in root.xpath(f'//meta[@property="{name}" or @name="{name}"]'):
            content = (element.get("content") or "").strip()
            if content:
                return content
    return None


def _same_words(a: str, b: str) -> bool:
    squeeze = lambda s: re.sub(r"\W+", "", fold(s))  # noqa: E731
    return bool(squeeze(a)) and squeeze(a) == squeeze(b)


def _title(root: etree._Element, paragraphs: list[Paragraph]) -> str | None:
    """The title as displayed: the heading that matches the page's declared title."""
    declared = _meta(root, "og:title")
    title_tag = root.findtext(".//title")
    if title_tag:
        title_tag = re.sub(r"^\s*AV[İI]M\s*[-|–:]\s*|\s*[-|–:]\s*AV[İI]M\s*$", "", title_tag.strip()).strip()
    headings = [p for p in paragraphs if p.tag in {"h1", "h2", "h3", "h4"}]
    for candidate in (declared, title_tag):
        if candidate:
            for heading in headings:
                if _same_words(heading.text, candidate):
                    return heading.text.strip()
    h1 = next((p.text.strip() for p in headings if p.tag == "h1"), None)
    return declared or h1 or title_tag or None


def _number(chunks: list[str], cite: str | None) -> str | None:
    for chunk in chunks:
        match = _NUMBER.fullmatch(chunk.strip())
        if match:
            return f"{match.group(1)}/{int(match.group(2))}"
    match = _NUMBER.search(cite or "")
    return f"{match.group(1)}/{int(match.group(2))}" if match else None


def _cite_line(paragraphs: list[Paragraph]) -> str | None:
    for paragraph in paragraphs:
        match = _CITE_LINE.match(paragraph.text)
        if match:
            return paragraph.text[match.end():]
    return None


def _author(root: etree._Element, paragraphs: list[Paragraph], cite: str | None, url: str,
            title: str | None) -> str | None:
    """The author, from whichever byline the page has; the cite line's author breaks ties."""
    candidates = [*_meta_authors(root), *_author_links(root, url), *_byline_elements(root),
                  *_byline_lines(paragraphs, title)]
    cited = _cite_author(cite)
    agreeing = next((name for name in candidates if cited and _same_words(name, cited)), None)
    return agreeing or (candidates[0] if candidates else cited)


def _meta_authors(root: etree._Element) -> list[str]:
    meta = _meta(root, "author", "article:author")
    if not meta or meta.lower().startswith("http") or _SITE_NAME.search(fold(meta)):
        return []
    return [meta]


def _author_links(root: etree._Element, url: str) -> list[str]:
    names = []
    for anchor in root.xpath("//a[@href]"):
        href = urljoin(url, anchor.get("href"))
        if _AUTHOR_PAGE.search(href) and not _in_chrome(anchor):
            text = " ".join(anchor.text_content().split())
            # The link names the author: take its text even when it is no "Given SURNAME".
            name = _name_in(text) or (text if 0 < len(text.split()) <= 6 else None)
            if name:
                names.append(name)
    return names


def _byline_elements(root: etree._Element) -> list[str]:
    """Names in elements the markup calls a byline (class, id, itemprop or rel naming the author)."""
    names = []
    for element in root.iter():
        if not isinstance(element.tag, str) or _in_chrome(element):
            continue
        described = " ".join(element.get(name, "") for name in ("class", "id", "itemprop", "rel"))
        if not _BYLINE_MARKUP.search(described) or _ABOUT_MARKUP.search(described):
            continue
        chunks = [" ".join(c.split()) for c in element.itertext() if c.strip()]
        name = next((found for chunk in chunks[:4] if (found := _name_in(chunk))), None)
        if name:
            names.append(name)
    return names


def _byline_lines(paragraphs: list[Paragraph], title: str | None) -> list[str]:
    """Names in the lines between the title and the text: "By NAME", "NAME / Analyst, AVİM",
    "Author: NAME", or a line with just a name above one with just a role ("Analyst")."""
    head = _head_zone(paragraphs, title)
    names = []
    for i, paragraph in enumerate(head):
        text = paragraph.text.strip()
        name = _name_in(text) if _BY_PREFIX.match(text) or _names_a_role(text) else None
        if name is None and i + 1 < len(head) and _is_role(head[i + 1].text) and _looks_like_name(text):
            name = _strip_honorifics(text)
        if name:
            names.append(name)
    return names


def _head_zone(paragraphs: list[Paragraph], title: str | None) -> list[Paragraph]:
    """The few lines after the title and before the first paragraph of running text."""
    start = _after_title(paragraphs, title)
    head = []
    for paragraph in paragraphs[start:start + _HEAD_LINES]:
        if len(paragraph.text.split()) > _LONGEST_BYLINE_WORDS:
            break
        head.append(paragraph)
    return head


def _after_title(paragraphs: list[Paragraph], title: str | None) -> int:
    """Where the paragraphs after the page's title begin (0 when the title is not among them)."""
    return next((i + 1 for i, p in enumerate(paragraphs) if title and p.text.strip() == title), 0)


def _names_a_role(text: str) -> bool:
    """"NAME / Analyst, AVİM": a role (or AVİM) after a slash or bar."""
    parts = re.split(r"\s*[/|]\s*", text, maxsplit=1)
    return len(parts) == 2 and (_is_role(parts[1].split(",")[0]) or bool(_SITE_NAME.search(fold(parts[1]))))


def _name_in(text: str) -> str | None:
    """The person a byline names: "By Dr. NAME / Analyst, AVİM" → "NAME"."""
    text = _BY_PREFIX.sub("", text.strip())
    text = re.split(r"\s+[/|–—]\s*|\s*,\s*(?=\S)", text, maxsplit=1)[0]
    text = _strip_honorifics(text.strip(" .:-"))
    return text if _looks_like_name(text) else None


def _strip_honorifics(text: str) -> str:
    return _HONORIFICS.sub("", text.strip()).strip()


def _looks_like_name(text: str) -> bool:
    words = _strip_honorifics(text).split()
    return (2 <= len(words) <= 6 and len(text) <= 60 and not re.search(r"\d|[:;/@]", text)
            and all(word[0].isupper() for word in words) and not _is_role(text)
            and not _SITE_NAME.search(fold(text)))


def _is_role(text: str) -> bool:
    return bool(_ROLE_LINE.match(fold(text).strip()))


def _cite_author(cite: str | None) -> str | None:
    """"TULUN, Teoman Ertuğrul. 2026. …" → "Teoman Ertuğrul TULUN"."""
    match = _CITE_AUTHOR.match(cite or "")
    return f"{match.group('given').strip()} {match.group('surname').strip()}" if match else None


def _in_chrome(element: etree._Element) -> bool:
    """Inside the site's navigation, header, footer or sidebar."""
    for ancestor in element.iterancestors():
        tag = ancestor.tag.lower() if isinstance(ancestor.tag, str) else ""
        if tag in _CHROME_TAGS:
            return True
    return False


def _published(root: etree._Element, chunks: list[str], cite: str | None) -> str | None:
    for i, chunk in enumerate(chunks):
        if _NUMBER.fullmatch(chunk):
            for following in chunks[i + 1:i + 4]:
                if _HEADER_DATE.match(following):
                    return parse_date(following)
    meta = _meta(root, "article:published_time", "datePublished", "date")
    if meta and parse_date(meta[:10]):
        return parse_date(meta[:10])
    return _cite_date(cite)


def _cite_date(cite: str | None) -> str | None:
    """The date in "SURNAME, Given. 2026. "Title." …, Commentary No.2026 / 14. February 24."."""
    if not cite:
        return None
    year = _CITE_AUTHOR.match(cite)
    number = _NUMBER.search(cite)
    if not year or not number:
        return None
    after = cite[number.end():]
    match = re.match(r"\s*[.,]\s*(?:(?P<m1>[^\W\d]+)\s+(?P<d1>\d{1,2})|(?P<d2>\d{1,2})\s+(?P<m2>[^\W\d]+))\b", after)
    if not match:
        return None
    month = month_number(match.group("m1") or match.group("m2"))
    day = int(match.group("d1") or match.group("d2"))
    return parse_date(f"{year.group('year')}-{month:02d}-{day:02d}") if month else None


def _translation_url(root: etree._Element, url: str, ref: PageRef | None) -> str | None:
    """The same commentary in the other language, when the page links to it."""
    if ref is None:
        return None
    candidates = [(e.get("href"), True) for e in root.xpath('//link[@rel="alternate"][@hreflang]')]
    candidates += [(a.get("href"), bool(a.get("hreflang")) or
                    " ".join(a.text_content().split()).lower() in _LANGUAGE_LINK_TEXT)
                   for a in root.xpath("//a[@href]")]
    for href, is_language_link in candidates:
        if not href or not is_language_link:
            continue
        other = page_ref(urljoin(url, href.strip()))
        if other and other.lang != ref.lang and other.kind == ref.kind:
            return other.url
    return None


def _body_text(body: etree._Element, paragraphs: list[Paragraph], page: Commentary) -> str | None:
    """The commentary's own words: after its title and header, before its notes; without the
    site's menus, related links, share bar, footer or the byline."""
    notes = find_notes(paragraphs)
    note_texts = {p.text for note in notes for p in note.paragraphs}
    candidates = html_paragraphs(main_block(body))
    start = _after_title(candidates, page.title)
    kept: list[str] = []
    for paragraph in candidates[start:]:
        text = paragraph.text.strip()
        if paragraph.footnote_id or paragraph.text in note_texts or END_OF_NOTES.match(text):
            break
        if _AFTER_TEXT.match(fold(text)) and len(text) <= 60:
            if kept:
                break
            continue
        if _is_header_line(text, page) or _is_byline(text, page) or _is_chrome_line(paragraph):
            continue
        kept.append(text)
    return "\n\n".join(kept) or None


def _is_header_line(text: str, page: Commentary) -> bool:
    if _NUMBER.search(text) and len(text) < 80:
        return True
    return bool(_HEADER_DATE.match(text) or _READ_TIME.match(text))


def _is_byline(text: str, page: Commentary) -> bool:
    if _is_role(text) or (_BY_PREFIX.match(text) and _name_in(text)) or (_names_a_role(text) and _name_in(text)):
        return True
    author = page.author
    return author is not None and len(text.split()) <= 12 and fold(author) in fold(text)


def _is_chrome_line(paragraph: Paragraph) -> bool:
    """A menu entry, a social link, the footer's address, contact line or copyright."""
    text = paragraph.text.strip()
    linked = sum(link.end - link.start for link in paragraph.links)
    if paragraph.links and linked >= 0.8 * len(text) and len(text) < 300:
        return True
    return len(text) < 300 and bool(_CHROME_PHRASES.search(fold(text)))


# ------------------------------------------------------------------ the main block


def main_block(body: etree._Element) -> etree._Element:
    """A copy of the page's main block, chrome removed: the deepest element that holds most of
    the page's running text, once navigation, header, footer, sidebars and link lists are gone.

    Running text is measured in paragraphs long enough to be prose and not mostly links; the
    notes do not count, so a long list of notes cannot outweigh a short commentary.
    """
    block = copy.deepcopy(body)
    _drop_chrome(block)
    prose = _prose_weights(block)
    total = prose.get(block, 0)
    if not total:
        return block
    current = block
    while True:
        heavier = next((child for child in current if prose.get(child, 0) >= _MAIN_SHARE * total), None)
        if heavier is None:
            return current
        current = heavier


def _drop_chrome(block: etree._Element) -> None:
    prose = _prose_weights(block)
    total = prose.get(block, 0)
    doomed = []
    for element in block.iter():
        if not isinstance(element.tag, str) or (doomed and doomed[-1] in element.iterancestors()):
            continue
        holds_the_text = total and prose.get(element, 0) >= 0.5 * total
        if element.tag.lower() in _FORM_CONTROLS or (not holds_the_text and _is_chrome_block(element)):
            doomed.append(element)
    for element in doomed:
        _remove_keeping_tail(element)


def _is_chrome_block(element: etree._Element) -> bool:
    """Navigation by its tag, or a block of links: a menu, a share bar, a list of related pages."""
    tag = element.tag.lower()
    if tag in _CHROME_TAGS:
        return True
    if tag not in _BLOCKS:
        return False
    links = [a for a in element.iter("a") if not (a.get("href") or "#").startswith("#")]
    if len(links) < 3:
        return False
    text = _letters(element.text_content())
    linked = sum(_letters(a.text_content()) for a in links)
    return linked >= 0.5 * text or text - linked < 20


def _remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _prose_weights(block: etree._Element) -> dict[etree._Element, int]:
    """For each element, how many letters of running text it holds."""
    weights: dict[etree._Element, int] = {}
    for element in block.iter():
        if not isinstance(element.tag, str) or element.tag.lower() not in _BLOCKS:
            continue
        text, linked = _own_text(element)
        letters = _letters(text)
        if letters - linked < _PROSE_LETTERS or linked >= 0.5 * letters or _is_note_text(text, element):
            continue
        for holder in (element, *element.iterancestors()):
            weights[holder] = weights.get(holder, 0) + letters - linked
    return weights


def _own_text(element: etree._Element, in_link: bool = False) -> tuple[str, int]:
    """The element's text without its nested blocks, and how many of its letters are link text."""
    is_link = in_link or (element.tag.lower() == "a" and not (element.get("href") or "#").startswith("#"))
    pieces = [element.text or ""]
    linked = _letters(element.text) if is_link else 0
    for child in element:
        if isinstance(child.tag, str) and child.tag.lower() not in _BLOCKS and child.tag.lower() not in _UNREAD:
            text, child_linked = _own_text(child, is_link)
            pieces.append(text)
            linked += child_linked
        pieces.append(child.tail or "")
        linked += _letters(child.tail) if is_link else 0
    return "".join(pieces), linked


def _is_note_text(text: str, element: etree._Element) -> bool:
    if _NOTE_START.match(text):
        return True
    return any("mso-element:footnote" in (e.get("style") or "").replace(" ", "").lower()
               for e in (element, *element.iterancestors()))


def _letters(text: str | None) -> int:
    return len("".join((text or "").split()))


def parse_commentary_text(text: str, url: str = "", trusted_domains: Iterable[str] = ()) -> Commentary:
    """A commentary saved as plain text: its citations and what its cite line tells."""
    paragraphs = text_paragraphs(text)
    ref = page_ref(url)
    cite = _cite_line(paragraphs)
    page = Commentary(url=url, site=urlsplit(url).hostname or "", lang=ref.lang if ref else None,
                      kind=ref.kind if ref else None, number=_number([], cite), published=_cite_date(cite))
    page.author = _cite_author(cite)
    page.citations = citations_from_paragraphs(paragraphs, [page.author] if page.author else [], trusted_domains)
    return page

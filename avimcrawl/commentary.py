"""AVİM pages: which URLs are commentaries, and what a commentary page says about itself.

AVİM's markup is unknown and changes, so nothing here depends on CSS classes: the page is
read as paragraphs and text chunks, and each field has several sources, tried in order
(the header line, meta tags, the "To cite this article" line, the listing).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from avimcrawl.citations import Citation, citations_from_paragraphs, find_notes, flag_truncated, is_truncated
from avimcrawl.dates import fold, month_number, parse_date
from avimcrawl.htmltext import Paragraph, html_paragraphs, parse_html, text_paragraphs

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
_AUTHOR_LINE = re.compile(r"^\s*(?:Author|Yazar)\s*:?\s+(?P<name>[^/]{3,80}?)\s*/\s*\S", re.IGNORECASE)
_CITE_LINE = re.compile(r"^\W*(?:to cite this article|bu (?:makaleye|yazıya) atıf için|atıf için)\s*:?\s*", re.IGNORECASE)
_CITE_AUTHOR = re.compile(r"^(?P<surname>[^,.]{2,60}),\s*(?P<given>[^.]{2,60})\.\s*(?P<year>\d{4})\.")
_END_OF_TEXT = re.compile(
    r"^\W*(about the author|to cite this article|yazar hakk[ıi]nda|bu (?:makaleye|yazıya) atıf|atıf için"
    r"|picture\s*:|fotoğraf\s*:|görsel\s*:|resim\s*:)",
    re.IGNORECASE,
)
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


def flatten_slug(slug: str) -> str:
    """Upper case with Turkish letters flattened (Ş→S, İ→I), as AVİM builds its slugs."""
    slug = unquote(slug).replace("ı", "i").replace("İ", "I")
    decomposed = unicodedata.normalize("NFKD", slug)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def parse_commentary(html: str | bytes, url: str, listing_date: str | None = None,
                     trusted_domains: Iterable[str] = ()) -> Commentary:
    """Everything a commentary page says about itself, its citations included."""
    ref = page_ref(url)
    root = parse_html(html)
    page = Commentary(url=url, site=urlsplit(url).hostname or "", lang=ref.lang if ref else None,
                      kind=ref.kind if ref else None)
    if root is None:
        return page
    paragraphs = html_paragraphs(root.find("body") if root.find("body") is not None else root)
    chunks = [c.strip() for c in root.itertext() if c.strip()]
    cite = _cite_line(paragraphs)
    page.title = _title(root, paragraphs)
    page.number = _number(chunks, cite)
    page.author = _author(root, paragraphs, cite, url)
    page.published = _published(root, chunks, cite) or listing_date
    page.translation_url = _translation_url(root, url, ref)
    page.text = _body_text(paragraphs, page)
    page.citations = citations_from_paragraphs(paragraphs, [page.author] if page.author else [], trusted_domains)
    page.truncated = is_truncated(html)
    if page.truncated:
        flag_truncated(page.citations)
    return page


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


def _author(root: etree._Element, paragraphs: list[Paragraph], cite: str | None, url: str) -> str | None:
    meta = _meta(root, "author", "article:author")
    if meta and not meta.lower().startswith("http"):
        return meta
    for anchor in root.xpath("//a[@href]"):
        href = urljoin(url, anchor.get("href"))
        if re.search(r"/(?:Yazar|Yazarlar|Author|Authors)/", href, re.IGNORECASE) and not _in_chrome(anchor):
            name = " ".join(anchor.text_content().split())
            if name:
                return name
    for paragraph in paragraphs[:80]:
        match = _AUTHOR_LINE.match(paragraph.text)
        if match:
            return match.group("name").strip()
    return _cite_author(cite)


def _cite_author(cite: str | None) -> str | None:
    """"TULUN, Teoman Ertuğrul. 2026. …" → "Teoman Ertuğrul TULUN"."""
    match = _CITE_AUTHOR.match(cite or "")
    return f"{match.group('given').strip()} {match.group('surname').strip()}" if match else None


def _in_chrome(element: etree._Element) -> bool:
    """Inside the site's navigation, header, footer or sidebar."""
    for ancestor in element.iterancestors():
        tag = ancestor.tag.lower() if isinstance(ancestor.tag, str) else ""
        if tag in {"nav", "header", "footer", "aside"}:
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


def _body_text(paragraphs: list[Paragraph], page: Commentary) -> str | None:
    """The commentary's own words: after its title and header, before its notes."""
    notes = find_notes(paragraphs)
    first_note = notes[0].paragraphs[0] if notes else None
    start = 0
    for i, paragraph in enumerate(paragraphs):
        if page.title and paragraph.text.strip() == page.title:
            start = i + 1
            break
    kept: list[str] = []
    for paragraph in paragraphs[start:]:
        if paragraph is first_note or _END_OF_TEXT.match(paragraph.text) or paragraph.footnote_id:
            break
        if _is_header_line(paragraph.text, page):
            continue
        kept.append(paragraph.text.strip())
    return "\n\n".join(kept) or None


def _is_header_line(text: str, page: Commentary) -> bool:
    stripped = text.strip()
    if _NUMBER.search(stripped) and len(stripped) < 80:
        return True
    if _HEADER_DATE.match(stripped) or _READ_TIME.match(stripped) or _AUTHOR_LINE.match(stripped):
        return True
    if page.author and fold(stripped).startswith(fold(page.author)) and len(stripped.split()) <= 8:
        return True
    return stripped.lower() in {"analyst", "analist", "researcher", "araştırmacı"}


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

"""What a fetched source said: main text and metadata (trafilatura for HTML, pypdf for
PDF) and its language (langdetect, seeded so the same text always gets the same answer).

Never raises on bad input: a page with nothing to extract gives an empty `Extracted`,
and a PDF that is not one gives an `error`.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

import trafilatura
from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from avimcrawl.commentary import page_ref, read_page
from avimcrawl.htmltext import parse_html

DetectorFactory.seed = 0  # langdetect is random without a seed

UNDETERMINED = "und"
MIN_TEXT_FOR_LANGUAGE = 40
"""Characters of letters below which a language guess is noise."""
MAX_PDF_PAGES = 200
MAX_TEXT_CHARS = 2_000_000

for _noisy in ("trafilatura", "pypdf", "htmldate", "courlan"):
    logging.getLogger(_noisy).setLevel(logging.ERROR)


@dataclass
class Extracted:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    text: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Language:
    code: str
    probability: float | None


def extract_html(html: str, url: str | None = None) -> Extracted:
    """Main text and metadata of an HTML page, however broken its markup.

    An AVİM page (a commentary cited by another source) is read as the commentaries stage
    reads it: its date from its own header, not from trafilatura's guess.
    """
    if not html.strip():
        return Extracted()
    extracted = _trafilatura(html, url)
    if url and page_ref(url) is not None:
        return _as_avim_page(extracted, html, url)
    return extracted


def _as_avim_page(extracted: Extracted, html: str, url: str) -> Extracted:
    """The page's own title, author, date and text; trafilatura's only for a missing title or text.
    Its author and date are not used: on AVİM pages they are guesses (a role glued to the name,
    the date of a related commentary)."""
    page = read_page(html, url)
    text = _clean(page.text, MAX_TEXT_CHARS)
    return Extracted(
        title=_clean(page.title) or extracted.title, author=_clean(page.author), published=page.published,
        site_name=extracted.site_name, text=text or extracted.text, error=None if text else extracted.error,
    )


def _trafilatura(html: str, url: str | None) -> Extracted:
    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_recall=True,
        )
    except Exception as error:  # trafilatura's failure modes are many and undocumented
        return Extracted(error=f"extraction failed: {type(error).__name__}: {error}"[:500])
    if not document:
        # No main text (a script-only page: a parking lander, an app shell). Its <title> still
        # says what it is; verify.py reads a bare domain name there as a parked domain.
        return Extracted(title=_html_title(html))
    data = document if isinstance(document, dict) else document.as_dict()
    return Extracted(
        title=_clean(data.get("title")), author=_clean(data.get("author")),
        published=_iso_date(data.get("date")), site_name=_clean(data.get("sitename")),
        text=_clean(data.get("text"), MAX_TEXT_CHARS),
    )


def _html_title(html: str) -> str | None:
    root = parse_html(html)
    titles = root.xpath("//title") if root is not None else []
    return _clean(" ".join(titles[0].text_content().split())) if titles else None


def extract_pdf(body: bytes) -> Extracted:
    """Text and title of a PDF; an error (not an exception) when it is not a readable PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not body.lstrip()[:5].startswith(b"%PDF-"):
        return Extracted(error="not a PDF: the body does not start with %PDF-")
    try:
        reader = PdfReader(io.BytesIO(body))
        title = _clean(str(reader.metadata.title)) if reader.metadata and reader.metadata.title else None
        author = _clean(str(reader.metadata.author)) if reader.metadata and reader.metadata.author else None
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        return Extracted(error=f"unreadable PDF: {type(error).__name__}: {error}"[:500])
    text = _clean("\n\n".join(pages), MAX_TEXT_CHARS)
    if title is None and text:
        title = _clean(text.strip().splitlines()[0][:300])
    return Extracted(title=title, author=author, text=text)


def detect_language(text: str | None) -> Language:
    """The language of a text (ISO 639-1, as langdetect names it), `und` when too short to tell."""
    letters = re.sub(r"[\W\d_]+", "", text or "")
    if len(letters) < MIN_TEXT_FOR_LANGUAGE:
        return Language(UNDETERMINED, None)
    try:
        best = detect_langs((text or "")[:20_000])[0]
    except LangDetectException:
        return Language(UNDETERMINED, None)
    return Language(best.lang, round(best.prob, 4))


def _clean(value: object, limit: int = 1000) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text[:limit] if text else None


def _iso_date(value: object) -> str | None:
    text = str(value or "")
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else None

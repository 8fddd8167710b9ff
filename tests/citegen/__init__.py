"""A generator of AVİM-shaped footnotes with known fields, to measure the citation parser.

Written from citation style guides (Chicago 17, APA 7, MLA 9, Harvard, IEEE, Turkish APA,
İSNAD 2) and from real AVİM pages, never from the parser's rules. Pure Python, no dependency
on avimcrawl, deterministic from a seed.

    page = generate_page(7)          # .html (or .text when not .is_html), .url, .notes
    pages = generate_corpus(1, 5000)  # pages until 5,000 footnotes
    matches("title", expected, got)   # compared as a reader would
"""

from __future__ import annotations

from .markup import MARKUPS
from .model import ExpectedCitation, GeneratedNote, GeneratedPage, matches, normalise
from .page import generate_corpus, generate_page
from .styles import PRINT_STYLES, WEB_STYLES

REPEAT_STYLES = ("ibid", "age", "short_form")
STYLES = (*WEB_STYLES, *PRINT_STYLES, *REPEAT_STYLES)

__all__ = ["MARKUPS", "STYLES", "ExpectedCitation", "GeneratedNote", "GeneratedPage", "generate_corpus",
           "generate_page", "matches", "normalise"]

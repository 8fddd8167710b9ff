"""The citation parser on generated AVİM-shaped footnotes (tests/citegen), and the generator itself.

The generator is written from citation style guides and real AVİM pages, not from the parser,
so these tests measure the parser on notes it was not tuned to. `python bench/citations.py
--show-failures 5` prints the same table on a larger corpus, with failing examples.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import cache

from avimcrawl.citations import parse_html_citations, parse_text_citations
from tests.citegen import MARKUPS, STYLES, GeneratedPage, generate_corpus, generate_page, matches
from tests.citegen.score import INVISIBLE, score

ACCURACY_SEED = 20260224
PROPERTY_SEED = 14
INVISIBLE_OR_SPACE = re.compile(rf"[\s{INVISIBLE}]")


def parse(page: GeneratedPage) -> list[object] | BaseException:
    try:
        if page.is_html:
            return list(parse_html_citations(page.html))
        return list(parse_text_citations(page.text))
    except Exception as error:  # reported by the tests below, page by page
        return error


@cache
def parsed_corpus(seed: int, footnotes: int) -> tuple[list[GeneratedPage], list[list[object] | BaseException]]:
    pages = generate_corpus(seed, footnotes)
    return pages, [parse(page) for page in pages]


def property_corpus() -> list[tuple[GeneratedPage, list[object] | BaseException]]:
    pages, parsed = parsed_corpus(PROPERTY_SEED, 3000)
    return list(zip(pages, parsed, strict=True))


def _examples(problems: list[str], keep: int = 8) -> str:
    return f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:keep])


# (a) accuracy targets over ~1,500 generated footnotes

def test_parser_meets_accuracy_targets_on_generated_footnotes() -> None:
    pages, parsed = parsed_corpus(ACCURACY_SEED, 1500)
    report = score(pages, parsed)
    shortfalls = report.shortfalls()
    assert not shortfalls, ("targets not met: " + ", ".join(f"{f} {a:.1f} %" for f, a in shortfalls.items())
                            + "\n\n" + report.table() + "\n" + report.show_failures(3))


# (b) properties that must hold on every generated page

def test_parser_does_not_raise_and_finds_every_rendered_footnote() -> None:
    problems = []
    for page, found in property_corpus():
        if isinstance(found, BaseException):
            problems.append(f"seed {page.seed} ({page.markup}): raised {type(found).__name__}: {found}")
            continue
        numbers = {getattr(c, "footnote", None) for c in found}
        rendered = {note.number for note in page.notes}
        if numbers != rendered:
            problems.append(f"seed {page.seed} ({page.markup}): rendered {len(rendered)} footnotes, found "
                            f"{len(numbers)}; missing {sorted(rendered - numbers)}, "
                            f"not rendered {sorted(numbers - rendered, key=str)}")
    assert not problems, _examples(problems)


def test_parsed_urls_carry_no_invisible_character_or_whitespace() -> None:
    problems = [f"seed {page.seed} ({page.markup}) [{getattr(c, 'footnote', '?')}]: {getattr(c, 'link_url')!r}"
                for page, found in property_corpus() if not isinstance(found, BaseException)
                for c in found if getattr(c, "link_url", None) and INVISIBLE_OR_SPACE.search(c.link_url)]
    assert not problems, _examples(problems)


def test_every_parsed_url_is_one_the_notes_cite() -> None:
    """Never a corrupted URL, never the page's own "To cite this article" or footer links."""
    problems = []
    for page, found in property_corpus():
        if isinstance(found, BaseException):
            continue
        cited = page.cited_urls
        problems += [f"seed {page.seed} ({page.markup}) [{getattr(c, 'footnote', '?')}]: {c.link_url!r} "
                     f"is not cited; closest: {_closest(c.link_url, cited)!r}"
                     for c in found if getattr(c, "link_url", None) and c.link_url not in cited]
    assert not problems, _examples(problems)


def _closest(url: str, cited: set[str]) -> str:
    return max(cited, key=lambda u: len(_common_prefix(u, url)), default="")


def _common_prefix(a: str, b: str) -> str:
    return a[: next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))]


# (c) the generator itself

def test_generator_is_deterministic_for_a_seed() -> None:
    for seed in (0, 1, 99, 123456):
        first, second = generate_page(seed), generate_page(seed)
        assert (first.content, first.notes) == (second.content, second.notes)
    assert [p.content for p in generate_corpus(3, 300)] == [p.content for p in generate_corpus(3, 300)]
    assert generate_page(1).content != generate_page(2).content


def test_corpus_covers_every_style_and_markup() -> None:
    pages = generate_corpus(5, 2000)
    assert sum(len(p.notes) for p in pages) >= 2000
    styles = Counter(c.style for p in pages for n in p.notes for c in n.citations)
    markups = Counter(p.markup for p in pages)
    assert len(STYLES) >= 12
    assert set(styles) == set(STYLES), f"missing styles: {set(STYLES) - set(styles)}"
    assert set(markups) == set(MARKUPS), f"missing markups: {set(MARKUPS) - set(markups)}"
    kinds = Counter(c.kind for p in pages for n in p.notes for c in n.citations)
    assert set(kinds) == {"web", "print", "repeat"}
    assert {len(n.citations) for p in pages for n in p.notes} == {1, 2, 3, 4}


def _unmangled(page: GeneratedPage) -> str:
    """The page's text with the generator's URL damage undone: entities, invisible characters, wraps."""
    text = html.unescape(page.content) if page.is_html else page.content
    for mark in ("\u00ad", "\u200b"):
        text = text.replace(mark, "")
    return re.sub(r"(?<=[-/])[ \n]", "", text)


def test_expected_urls_appear_in_the_rendered_page() -> None:
    for page in generate_corpus(8, 600):
        text = _unmangled(page)
        missing = [url for url in page.cited_urls if url not in text]
        assert not missing, f"seed {page.seed}: {missing}"


def test_generator_inserts_the_hard_cases() -> None:
    pages = generate_corpus(9, 2000)
    raw = "".join(p.content for p in pages)
    for needle in ("\u00ad", "\u200b", "&lt;<a href=", "</a>;", "[Site Name]", "[publication date]", "[access date]",
                   "Erişim tarihi:", "Yayın tarihi:", "Retrieved ", "Available at: ", "[Online]", "Ibid.", "a.g.e.",
                   "a.g.m.", "<o:p></o:p>", "mso-element:footnote", "&nbsp;", "<sup>", "<br>",
                   "To cite this article:", "Bu yazıya atıf için:", "About the Author", "Yazar Hakkında", "’s ",
                   "Commentary No : ", "Yorum No : ", "dk okuma"):
        assert needle in raw, needle
    assert any(p.invisible for p in pages)
    urls = {u for p in pages for u in p.cited_urls}
    for shape in ("?", "%", "(", ".pdf", "armenianweekly.com/20", "/Yorum/"):
        assert any(shape in u for u in urls), shape
    assert any(u.endswith("//") for u in urls) and any(u.endswith("/") for u in urls)
    titles = [c.title or "" for p in pages for n in p.notes for c in n.citations]
    assert any(t.isupper() for t in titles) and any("’" in t for t in titles) and any("–" in t for t in titles)


def test_matches_compares_as_a_reader() -> None:
    assert matches("title", "The EU’s Failing Policy", "“The EU’s Failing Policy,”")
    assert matches("title", "Türkiye’nin  Balkan\u00a0Politikası", "Türkiye’nin Balkan Politikası.")
    assert matches("authors", None, "")
    assert not matches("title", "Türkiye’nin Balkan Politikası", "Turkiye’nin Balkan Politikası")
    assert not matches("title", "İstanbul’da Toplandı", "istanbul’da toplandı")
    assert not matches("link_url", "https://a.org/x-y", "https://a.org/x-\u00ady")

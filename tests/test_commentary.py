"""Commentary pages of the fixture AVİM, parsed without a crawler, against their ground truth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from avimcrawl.commentary import flatten_slug, is_listing_url, page_ref, parse_commentary

ROOT = Path(__file__).parent.parent
EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "avim_expected.json").read_text(encoding="utf-8"))
COMMENTARIES = EXPECTED["commentaries"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def parsed():
    return {c["url"]: parse_commentary((ROOT / c["file"]).read_bytes(), c["url"]) for c in COMMENTARIES}


@pytest.mark.parametrize("expected", COMMENTARIES, ids=[f"{c['lang']}-{c['number']}" for c in COMMENTARIES])
def test_page_fields_match_ground_truth(parsed, expected):
    page = parsed[expected["url"]]
    for name in ("lang", "kind", "number", "title", "author", "published", "translation_url"):
        assert getattr(page, name) == expected[name], name
    assert squeeze(expected["text_sentence"]) in squeeze(page.text or "")


@pytest.mark.parametrize("expected", COMMENTARIES, ids=[f"{c['lang']}-{c['number']}" for c in COMMENTARIES])
def test_cited_urls_in_footnote_order(parsed, expected):
    page = parsed[expected["url"]]
    assert [c.link_url for c in page.citations if c.link_url] == expected["cited_urls"]
    assert len({c.footnote for c in page.citations}) == expected["footnotes"]


@pytest.mark.parametrize("expected", COMMENTARIES, ids=[f"{c['lang']}-{c['number']}" for c in COMMENTARIES])
def test_citation_count(parsed, expected):
    page = parsed[expected["url"]]
    cut_short = [c for c in page.citations if "truncated" in c.problems and not c.link_url]
    assert len(page.citations) - len(cut_short) == expected["citations"]


def test_truncated_page_keeps_what_it_has_and_says_so(parsed):
    truncated = next(c for c in COMMENTARIES if c["served"] == "truncated")
    page = parsed[truncated["url"]]
    assert page.truncated and page.title == truncated["title"]
    last = page.citations[-1]
    assert set(last.problems) >= {"truncated", "no_url"}
    assert all("truncated" not in c.problems for c in page.citations if c.footnote < last.footnote)


def test_body_text_stops_before_the_notes(parsed):
    reference = parsed[COMMENTARIES[0]["url"]]
    assert "Nurbanu" not in reference.text and "About the Author" not in reference.text
    assert reference.text.startswith("A New Phase in Türkiye-Serbia Relations")


def test_turkish_letters_survive(parsed):
    turkish = [parsed[c["url"]] for c in COMMENTARIES if c["lang"] == "tr"]
    assert all(re.search("[ğışçöüİĞŞ]", page.text) for page in turkish)
    assert any(re.search("[ğışİĞŞ]", c.title or "") for page in turkish for c in page.citations)


def test_turkish_citation_dates(parsed):
    dates = [(c.published, c.accessed) for c in COMMENTARIES if c["lang"] == "tr"
             for c in parsed[c["url"]].citations]
    assert dates and sum(1 for _, accessed in dates if accessed) >= len(dates) - 2


@pytest.mark.parametrize("url, kind", [
    ("https://avim.org.tr/en/Yorum/BOSNIA-AND-THE-BALKANS", "commentary"),
    ("https://avimbulten.org/public/en/Yorum/Central-Asia", "commentary"),
    ("https://avim.org.tr/tr/Yorum/T%C3%9CRK%C4%B0YE-AB", "commentary"),
    ("https://avim.org.tr/en/Analiz/BLACK-SEA", "analysis"),
    ("https://avim.org.tr/en/Yorumlar?page=2", None),
    ("https://example.com/en/Yorum/X", None),
])
def test_page_urls_are_recognised_by_pattern(url, kind):
    ref = page_ref(url)
    assert (ref.kind if ref else None) == kind


def test_mirror_and_original_share_a_key():
    original = page_ref("https://avim.org.tr/en/Yorum/TURKIYE-SERBIA-RAPPROCHEMENT")
    mirror = page_ref("https://avimbulten.org/en/Yorum/Turkiye-Serbia-Rapprochement")
    turkish_letters = page_ref("https://avim.org.tr/tr/Yorum/T%C3%9CRK%C4%B0YE-AB")
    assert original.key == mirror.key
    assert turkish_letters.key == "tr/commentary/TURKIYE-AB" == "tr/commentary/" + flatten_slug("Türkiye-AB")


def test_listing_urls():
    assert is_listing_url("https://avim.org.tr/en/Yorumlar?page=3")
    assert is_listing_url("https://avim.org.tr/TumBloglar?page=2")
    assert not is_listing_url("https://avim.org.tr/en/Yorum/X")


def test_page_with_no_markup_gives_empty_fields():
    page = parse_commentary(b"", "https://avim.org.tr/en/Yorum/EMPTY")
    assert (page.title, page.citations, page.kind) == (None, [], "commentary")


def problems_by_commentary(parsed, lang: str) -> dict[str, set[str]]:
    return {c["number"]: {p for cit in parsed[c["url"]].citations for p in cit.problems}
            for c in COMMENTARIES if c["lang"] == lang}


def test_fixture_problems_are_found(parsed):
    turkish = problems_by_commentary(parsed, "tr")
    english = problems_by_commentary(parsed, "en")
    assert "suspect_domain" in turkish["2026/7"]  # www.dailysbah.com
    assert "placeholder" in turkish["2026/6"]  # [erişim tarihi]
    assert "duplicate" in turkish["2026/5"]  # the same URL in notes 1 and 3
    assert "no_url" in english["2026/9"]  # the interview
    misspelled = next(cit for c in COMMENTARIES if c["number"] == "2026/7" and c["lang"] == "tr"
                      for cit in parsed[c["url"]].citations if "suspect_domain" in cit.problems)
    assert misspelled.suggested_domain == "dailysabah.com"

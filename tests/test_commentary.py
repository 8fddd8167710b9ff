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


# ------------------------------------------- the page around the notes (issue 10, item 5)

PAGES = ROOT / "tests" / "fixtures" / "pages"
SITE = ROOT / "tests" / "internet" / "sites" / "avim.org.tr"
OTHER_TEMPLATE = {
    "en": ("byline-chrome-en.html", "https://avim.org.tr/en/Yorum/ENERGY-CORRIDORS-ACROSS-THE-CASPIAN-AND-EUROPE-S-HESITATION",
           "Teoman Ertuğrul TULUN", "The Caspian basin has returned", "the corridor it says it wants."),
    "tr": ("byline-chrome-tr.html", "https://avim.org.tr/tr/Yorum/HAZAR-OTESI-ENERJI-HATLARI-VE-AVRUPA-NIN-TEREDDUDU",
           "Hazal Gökçe YILDIRIM", "Hazar havzası, Avrupa'nın", "asıl engel deniz tabanı değil, Avrupa'nın tereddüdüdür."),
}
SITE_CHROME = ["Süleyman Nazif", "Tel:", "info@avim.org.tr", "©", "@avimorgtr", "Facebook",
               "Home Page", "About Us", "Ana Sayfa", "Hakkımızda", "Share", "Paylaş", "Related", "İlgili",
               "Newsletter", "Subscribe", "Analyst", "Araştırmacı"]


def other_template(lang: str):
    file, url, *_ = OTHER_TEMPLATE[lang]
    return parse_commentary((PAGES / file).read_bytes(), url)


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_author_read_from_the_byline_when_there_is_no_cite_box(lang):
    # en: a bold name right under the title, then "Analyst" (and a site-wide meta author "AVİM");
    # tr: the body's first line "Dr. NAME / Araştırmacı, AVİM".
    page = other_template(lang)
    assert page.author == OTHER_TEMPLATE[lang][2]
    assert "TULUN" not in page.text and "YILDIRIM" not in page.text


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_text_is_the_commentary_only_without_menus_related_links_share_bar_or_footer(lang):
    *_, first, last = OTHER_TEMPLATE[lang]
    text = other_template(lang).text
    assert text.startswith(first) and text.endswith(last)
    assert [phrase for phrase in SITE_CHROME if phrase in text] == []


def test_full_text_search_for_turkiye_finds_only_pages_whose_text_says_it(tmp_path):
    from avimcrawl import store

    db = store.open_db(tmp_path / "avim.sqlite")
    for lang in ("en", "tr"):
        page = other_template(lang)
        store.save_commentary(db, page, page_ref(page.url).key, page.url)

    def search(word: str) -> list[str]:
        return [row["url"] for row in db.query(
            "SELECT c.url FROM commentaries_fts f JOIN commentaries c ON c.rowid = f.rowid "
            "WHERE commentaries_fts MATCH ?", [word])]

    # Only the Turkish commentary mentions Türkiye; both pages' footers end "ANKARA / TÜRKİYE".
    assert search("Türkiye") == [OTHER_TEMPLATE["tr"][1]]
    assert search("Nazif") == []
    db.close()


BYLINE_SKELETON = """<html><head><meta charset="utf-8"><title>AVİM</title></head><body>
<div class="menu"><a href="/en">Home</a> <a href="/en/Yorumlar">Commentaries</a> <a href="/en/Iletisim">Contact</a></div>
<h1>THE CASPIAN AFTER THE SUMMIT</h1>{byline}
<p>The summit of the Caspian littoral states ended with a declaration that promised more than it settled, and the
questions of delimitation, pipelines and naval presence were left for the next round of talks.</p>
<p>Whether the next round brings agreement depends on the capitals that were absent from the table as much as on
those that signed the declaration in the presence of the press.</p></body></html>"""


@pytest.mark.parametrize("byline, author", [
    ('<div class="author">Mehmet Oğuz GÖKSU</div>', "Mehmet Oğuz GÖKSU"),
    ('<span class="byline">By Elif Naz ŞAHİN</span>', "Elif Naz ŞAHİN"),
    ("<p>Author: Kerem Alp DURMUŞ</p>", "Kerem Alp DURMUŞ"),
    ("<p>Yazar: Zeynep Çağla ÖZDEMİR</p>", "Zeynep Çağla ÖZDEMİR"),
    ("<p>Ahmet Can KÖKSAL / Analyst, AVİM</p>", "Ahmet Can KÖKSAL"),
    ("<p>Dr. Hazal Gökçe YILDIRIM / Araştırmacı, AVİM</p>", "Hazal Gökçe YILDIRIM"),
    ("<p><strong>Teoman Ertuğrul TULUN</strong></p><p>Analist</p>", "Teoman Ertuğrul TULUN"),
], ids=["author-div", "byline-span", "author-colon", "yazar-colon", "name-slash-analyst", "dr-name-slash-arastirmaci",
        "name-above-analist"])
def test_every_byline_form_gives_the_author_and_stays_out_of_the_text(byline, author):
    page = parse_commentary(BYLINE_SKELETON.format(byline=byline), "https://avim.org.tr/en/Yorum/THE-CASPIAN")
    assert page.author == author
    assert page.text.startswith("The summit of the Caspian") and author.split()[-1] not in page.text


def test_listing_dates_are_read_beside_each_link_whatever_the_listing_looks_like():
    # dd.mm.yyyy in cards (the usual listing), "March 3, 2026" in a table's own cell,
    # "5 Mart 2026" above the link (and a teaser below it mentioning another date).
    from avimcrawl.commentary import listing_dates

    usual = listing_dates((SITE / "listings" / "en-yorumlar-1.html").read_bytes(), "https://avim.org.tr/en/Yorumlar")
    for expected in COMMENTARIES:
        if page_ref(expected["url"]).key in usual:
            assert usual[page_ref(expected["url"]).key] == expected["published"]
    table = listing_dates((SITE / "en" / "BlogArsiv" / "2026-03.html").read_bytes(),
                          "https://avim.org.tr/en/BlogArsiv/2026-03")
    cards = listing_dates((SITE / "tr" / "BlogArsiv" / "2026-03.html").read_bytes(),
                          "https://avim.org.tr/tr/BlogArsiv/2026-03")
    assert table[page_ref(OTHER_TEMPLATE["en"][1]).key] == "2026-03-03"
    assert cards[page_ref(OTHER_TEMPLATE["tr"][1]).key] == "2026-03-05"
    assert len(usual) == 5 and len(table) == len(cards) == 2

"""The citation parser on the reference commentary (2026/14) and on odd footnotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from avimcrawl.citations import Citation, parse_citation, parse_html_citations, parse_text_citations
from avimcrawl.commentary import parse_commentary, parse_commentary_text

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE_TXT = FIXTURES / "reference" / "avim-commentary-2026-14.txt"
REFERENCE_HTML = FIXTURES / "pages" / "reference-2026-14.html"
REFERENCE_URL = "https://avim.org.tr/en/Yorum/TURKIYE-SERBIA-RAPPROCHEMENT-AND-THE-BALKAN-PEACE-PLATFORM-TESTING-BALANCING-ROLE"

# The 11 citations of the 8 footnotes of Commentary 2026/14, as a reader would record them:
# (footnote, position, authors, title, publisher, published, accessed, link_url, problems)
REFERENCE = [
    (1, 1, "Nurbanu Tanrikulu Kızıl", "President Erdoğan, Vucic, Vow to Deepen Türkiye-Serbia Cooperation",
     "Daily Sabah", "2026-02-12", "2026-02-23",
     "https://www.dailysabah.com/politics/diplomacy/president-erdogan-vucic-vow-to-deepen-turkiye-serbia-cooperation", []),
    (1, 2, "Hürriyet Daily News Editorial", "Türkiye, Serbia Agree to Deepen Defense, Energy and Trade Cooperation",
     "Hürriyet Daily News", "2026-02-13", "2026-02-23",
     "https://www.hurriyetaidailynews.com/turkiye-serbia-agree-to-deepen-defense-energy-and-trade-cooperation-218902",
     ["suspect_domain"]),
    (2, 1, "Yenişafak English Editorial",
     "Türkiye and Serbia Pledge Deeper Ties across Defense, Economy and Diplomacy", "Yeni Şafak",
     "2026-02-13", "2026-02-23",
     "https://en.yenisafak.com/turkiye/turkiye-and-serbia-pledge-deeper-ties-across-defense-economy-and-diplomacy-3714553", []),
    (3, 1, "Talha Ozturk", "Serbia, Bosnia Sign Pact on Belgrade-Sarajevo Highway", "Anadolu Agency (AA)",
     "2019-12-13", "2026-02-23",
     "https://www.aa.com.tr/en/europe/serbia-bosnia-sign-pact-on-belgrade-sarajevo-highway/1673231", []),
    (4, 1, "Bodo Weber", "The EUs Failing Policy Initiative for Bosnia and Herzegovina",
     "Democratization Policy Council", None, None,
     "http://www.democratizationpolicy.org/summary/the-eu-s-failing-policy-initiative-for-bih/", ["placeholder"]),
    (5, 1, "Kevork Yacoubian", "Filling the Vacuum: Türkiye and the Balkan Peace Platform", "The Armenian Weekly",
     "2026-02-12", "2026-02-23",
     "https://armenianweekly.com/2026/02/12/filling-the-vacuum-turkiye-and-the-balkan-peace-platform/", []),
    (5, 2, "Spasimir Domaradzki", "Western Balkans – a Slow Death of the EU Enlargement Policy", None,
     "2018-05-16", "2026-02-23",
     "https://usa-ue.pl/teksty-i-komentarze/english/western-balkans-a-slow-death-of-the-eu-enlargement-policy//",
     ["placeholder", "double_slash"]),
    (5, 3, "Büşra Bağdat Okursoy", "Balkans Peace Platform: Türkiye's Path to Bridge Regional Divides",
     "Daily Sabah", "2026-02-02", "2026-02-23",
     "https://www.dailysabah.com/opinion/op-ed/balkans-peace-platform-turkiyes-path-to-bridge-regional-divides", []),
    (6, 1, "Caspian Post Editorial Team", "Balkans Peace Platform: Türkiye's Approach to Uniting Regional Divisions",
     "Caspian Post", "2026-02-02", "2026-02-23",
     "https://caspianpost.com/politics/balkans-peace-platform-turkiye-s-approach-to-uniting-regional-divisions",
     ["stray_bracket"]),
    (7, 1, "Diyar Guldogan",
     "Ties between Türkiye, Serbia Continue to Strengthen in Every Field: President Erdogan", "Anadolu Agency (AA)",
     "2026-09-29", "2026-02-23",
     "https://www.aa.com.tr/en/europe/ties-between-turkiye-serbia-continue-to-strengthen-in-every-field-president-erdogan/3337751",
     ["published_after_accessed"]),
    (8, 1, "Teoman Ertuğrul Tulun", "Bosnia and the Balkans: Secessionism, Eurocentric Partitioning",
     "Center for Eurasian Studies (AVİM)", "2026-02-17", "2026-02-23",
     "https://avim.org.tr/en/Yorum/BOSNIA-AND-THE-BALKANS-SECESSIONISM-EUROCENTRIC-PARTITIONING", []),
]
FIELDS = ("footnote", "position", "authors", "title", "publisher", "published", "accessed", "link_url", "problems")


def as_rows(citations: list[Citation]) -> list[tuple[object, ...]]:
    return [tuple(getattr(c, name) for name in FIELDS) for c in citations]


def reference_from_text() -> list[Citation]:
    return parse_commentary_text(REFERENCE_TXT.read_text(encoding="utf-8")).citations


def reference_from_html() -> list[Citation]:
    return parse_commentary(REFERENCE_HTML.read_bytes(), REFERENCE_URL).citations


@pytest.mark.parametrize("parse", [reference_from_text, reference_from_html], ids=["text", "word-html"])
def test_reference_commentary_has_11_citations_in_8_footnotes(parse):
    citations = parse()
    assert len(citations) == 11
    assert sorted({c.footnote for c in citations}) == list(range(1, 9))


@pytest.mark.parametrize("parse", [reference_from_text, reference_from_html], ids=["text", "word-html"])
@pytest.mark.parametrize("expected", REFERENCE, ids=[f"{r[0]}.{r[1]}" for r in REFERENCE])
def test_reference_citation_fields(parse, expected):
    by_place = {(c.footnote, c.position): c for c in parse()}
    citation = by_place[(expected[0], expected[1])]
    assert as_rows([citation])[0] == expected


@pytest.mark.parametrize("parse", [reference_from_text, reference_from_html], ids=["text", "word-html"])
def test_reference_misspelled_domain_gets_its_fix(parse):
    hurriyet = next(c for c in parse() if c.footnote == 1 and c.position == 2)
    assert hurriyet.suggested_domain == "hurriyetdailynews.com"
    assert hurriyet.url.startswith("https://www.hurriyetaidailynews.com/")


@pytest.mark.parametrize("parse", [reference_from_text, reference_from_html], ids=["text", "word-html"])
def test_reference_raw_text_is_the_citation_as_printed(parse):
    first = parse()[0]
    assert first.raw == (
        "Nurbanu Tanrikulu Kızıl , President Erdoğan, Vucic, Vow to Deepen Türkiye-Serbia Cooperation, "
        "Daily Sabah, February 12, 2026, accessed February 23, 2026, "
        "<https://www.dailysabah.com/politics/diplomacy/president-erdogan-vucic-vow-to-deepen-turkiye-serbia-cooperation>"
    )
    continuation = next(c for c in parse() if c.footnote == 5 and c.position == 2)
    assert continuation.raw.startswith("Spasimir Domaradzki, Western Balkans")


def test_body_markers_that_are_not_footnotes_make_no_citations():
    # The body holds stray "[11]" … "[21]" and "[]" markers; no note 11 exists.
    assert max(c.footnote for c in reference_from_text()) == 8


def test_turkish_citation_wording():
    citation = parse_citation(
        "Ahmet Yılmaz, “Azerbaycan ile Ermenistan Arasında Barış Süreci”, Anadolu Ajansı, "
        "Yayın tarihi: 12 Şubat 2026, Erişim tarihi: 23 Şubat 2026, "
        "https://www.aa.com.tr/tr/dunya/azerbaycan-ile-ermenistan-arasinda-baris-sureci/3456789", 1, 1)
    assert (citation.authors, citation.title, citation.publisher) == (
        "Ahmet Yılmaz", "Azerbaycan ile Ermenistan Arasında Barış Süreci", "Anadolu Ajansı")
    assert (citation.published, citation.accessed) == ("2026-02-12", "2026-02-23")
    assert citation.problems == []


def test_turkish_access_date_after_the_url():
    citation = parse_citation(
        "Selin Kaya, \"Orta Koridor ve Türkiye\", Yeni Şafak, 5 Mart 2026, "
        "https://www.yenisafak.com/dunya/orta-koridor-ve-turkiye-4567890 (Erişim tarihi: 23.03.2026).", 2, 1)
    assert citation.link_url == "https://www.yenisafak.com/dunya/orta-koridor-ve-turkiye-4567890"
    assert (citation.published, citation.accessed) == ("2026-03-05", "2026-03-23")
    assert citation.title == "Orta Koridor ve Türkiye"


def test_footnote_without_url_is_flagged():
    citation = parse_citation("Interview with the author, Ankara, 12 January 2026.", 3, 1)
    assert citation.link_url is None
    assert citation.problems == ["no_url"]
    assert citation.published == "2026-01-12"


def test_malformed_and_non_http_urls_are_flagged():
    for written in ("htps://www.dailysabah.com/x", "javascript:alert(1)", "www.dailysabah.com/x"):
        citation = parse_citation(f"A, Title, Publisher, <{written}>", 1, 1)
        assert (citation.link_url, citation.problems) == (written, ["malformed_url"])
    typo = parse_citation("A, Title, Publisher, http//www.dailysabah.com/x", 1, 1)
    assert typo.problems == ["malformed_url"]


def test_url_wrapped_across_lines_is_rejoined():
    text = ("<p>Body.[1]</p><p>[1] Aram Sarkisyan, Peace Talks, The Armenian Weekly, January 15, 2026, "
            "accessed February 1, 2026, https://armenianweekly.com/2026/01/<br>15/peace-talks/</p>")
    citation, = parse_html_citations(text + "</html>")
    assert citation.link_url == "https://armenianweekly.com/2026/01/15/peace-talks/"


def test_word_wrapped_link_text_uses_the_href():
    html = ("<p>[1] A, T, P, January 15, 2026, &lt;<a href='https://armenianweekly.com/2026/01/15/peace-talks/'>"
            "https://armenianweekly.com/2026/01/ 15/peace-talks/</a>&gt;</p></html>")
    citation, = parse_html_citations(html)
    assert citation.link_url == "https://armenianweekly.com/2026/01/15/peace-talks/"


def test_sup_markers():
    html = ("<p>Text.<sup>1</sup> More.<sup>2</sup></p>"
            "<p><sup>1</sup> Jane Roe, “A Title, With Comma,” Eurasianet, 3 March 2026, accessed 5 March 2026, "
            "<a href='https://eurasianet.org/a-title'>https://eurasianet.org/a-title</a>.</p>"
            "<p><sup>2</sup> Ibid., <a href='https://eurasianet.org/a-title'>https://eurasianet.org/a-title</a>.</p>"
            "<p>About the Author :</p><p>Jane is, see https://avim.org.tr/en/x</p></html>")
    first, second = parse_html_citations(html)
    assert (first.footnote, first.title, first.publisher) == (1, "A Title, With Comma", "Eurasianet")
    assert first.link_url == "https://eurasianet.org/a-title"
    assert second.problems == ["duplicate"]


def test_placeholders_and_empty_brackets():
    citation = parse_citation("X Y, T, [Site Name], [], accessed [erişim tarihi], <https://x.example.org/a>", 1, 1)
    assert "placeholder" in citation.problems
    assert citation.publisher is None and citation.accessed is None


def test_garbage_input_never_raises():
    for html in ("", "   ", "<p>[1]</p>", "<p>[1] ;;;</p>", "<html><body><div style='mso-element:footnote'>",
                 "\x00\x01<p>[1] <<<>>> https://</p>", "[1] " + "a, " * 5000):
        parse_html_citations(html)


# ------------------------------------------------------------------ unseen styles
# Pages written in styles and markup the reference does not use, one note per failure
# seen on AVİM-shaped pages (issue 10): ';' right after a link, apostrophes inside curly
# quotes, no publisher, words between date and URL, full stops, soft hyphens and wrapped
# URLs, books and Ibid./a.g.e.
UNSEEN_EN = FIXTURES / "pages" / "unseen-styles-en.html"
UNSEEN_TR = FIXTURES / "pages" / "unseen-styles-tr.txt"
UNSEEN_FIELDS = ("footnote", "position", "kind", "repeats", "authors", "title", "publisher", "published",
                 "accessed", "link_url")
UNSEEN_EN_EXPECTED = [
    (1, 1, "web", None, "Nurbanu Tanrıkulu Kızıl",
     "President Erdoğan, Vucic Vow to Deepen Türkiye-Serbia Cooperation", "Daily Sabah", "2026-02-12", "2026-02-23",
     "https://www.dailysabah.com/politics/diplomacy/president-erdogan-vucic-vow-to-deepen-turkiye-serbia-cooperation"),
    (1, 2, "web", None, "Hürriyet Daily News Editorial",
     "Serbia’s Vucic Calls Türkiye an Extremely Important Partner", "Hürriyet Daily News", "2026-02-13",
     "2026-02-23",
     "https://www.hurriyetdailynews.com/serbias-vucic-calls-turkiye-an-extremely-important-partner-218903"),
    (2, 1, "web", None, "European Commission", "The EU’s Failing Policy Initiative: Serbia 2025 Report", None,
     "2025-11-04", "2025-11-20", "https://enlargement.ec.europa.eu/document/download/serbia-report-2025_en"),
    (3, 1, "web", None, "Talha Öztürk", "Serbia, Bosnia Sign Pact on Belgrade-Sarajevo Highway", "Anadolu Agency",
     "2017-02-19", "2026-02-23",
     "https://www.aa.com.tr/en/europe/serbia-bosnia-sign-pact-on-belgrade-sarajevo-highway/1673231"),
    (4, 1, "web", None, "Fahrettin Altun", "Türkiye’s Balkan Policy Is About Peace", "Daily Sabah", "2019-12-13",
     None, "https://www.dailysabah.com/columns/fahrettin-altun/2019/12/13/turkiyes-balkan-policy-is-about-peace"),
    (5, 1, "web", None, "K. Yacoubian", "Armenia’s Constitution Debate", "The Armenian Weekly", "2026-02-05",
     "2026-02-23", "https://armenianweekly.com/2026/02/05/armenias-constitution-debate/"),
    (6, 1, "web", None, "Caspian Post Editorial Team",
     "Balkans Peace Platform: Türkiye’s Approach to Uniting Regional Divisions", "Caspian Post", "2026-02-02",
     "2026-02-23", "https://caspianpost.com/politics/balkans-peace-platform-turkiye-s-approach-to-uniting-regional-divisions"),
    (7, 1, "print", None, "Ömer Engin Lütem", "Armenian Terrorism and Its Legacy", "AVİM Publications", "2024", None,
     None),
    (8, 1, "repeat", 7, "Ömer Engin Lütem", "Armenian Terrorism and Its Legacy", "AVİM Publications", "2024", None,
     None),
]
UNSEEN_TR_EXPECTED = [
    (1, 1, "web", None, "Nurbanu Tanrıkulu Kızıl",
     "Cumhurbaşkanı Erdoğan ve Vuçiç İşbirliğini Derinleştirme Sözü Verdi", "Daily Sabah", "2026-02-12",
     "2026-02-23", "https://www.dailysabah.com/turkce/cumhurbaskani-erdogan-vucic-isbirligi"),
    (1, 2, "web", None, "Hürriyet", "Vuçiç Ankara’da", None, None, None,
     "https://www.hurriyet.com.tr/dunya/vucic-ankarada-42812345"),
    (2, 1, "web", None, "Avrupa Komisyonu", "Sırbistan’ın 2025 İlerleme Raporu Yayımlandı", None, "2025-11-04",
     "2025-11-20", "https://enlargement.ec.europa.eu/document/download/serbia-report-2025_tr"),
    (3, 1, "web", None, "Ahmet Yılmaz", "Balkan Barış Platformu İstanbul’da Toplandı", "Anadolu Ajansı",
     "2026-02-02", None, "https://www.aa.com.tr/tr/dunya/balkan-baris-platformu-istanbulda-toplandi/3456789"),
    (4, 1, "web", None, "Yılmaz, A", "Türkiye’nin Balkan politikası yeni bir döneme giriyor", "Yeni Şafak",
     "2026-02-12", None, "https://www.yenisafak.com/dunya/turkiyenin-balkan-politikasi-yeni-bir-doneme-giriyor-4712345"),
    (5, 1, "web", None, "Ayşe Demir", "Kafkasya’da Barışın Yolu", "Caspian Post", "2026-02-05", "2026-02-23",
     "https://caspianpost.com/tr/kafkasyada-barisin-yolu"),
    (6, 1, "print", None, "Ömer Engin Lütem", "Ermeni Sorunu ve Türkiye", "AVİM Yayınları", "2024", None, None),
    (7, 1, "repeat", 6, "Ömer Engin Lütem", "Ermeni Sorunu ve Türkiye", "AVİM Yayınları", "2024", None, None),
    (8, 1, "print", None, "Ayşe Demir", "Güney Kafkasya’da Ulaştırma Koridorları", "Avrasya Dosyası", "2019", None,
     None),
    (9, 1, "repeat", 8, "Ayşe Demir", "Güney Kafkasya’da Ulaştırma Koridorları", "Avrasya Dosyası", "2019", None,
     None),
]


def unseen_en() -> list[Citation]:
    return parse_html_citations(UNSEEN_EN.read_bytes())


def unseen_tr() -> list[Citation]:
    return parse_text_citations(UNSEEN_TR.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("parse", "expected"), [(unseen_en, UNSEEN_EN_EXPECTED), (unseen_tr, UNSEEN_TR_EXPECTED)],
                         ids=["en-word-html", "tr-text"])
def test_unseen_styles_give_every_citation_and_its_fields(parse, expected):
    got = [tuple(getattr(c, name) for name in UNSEEN_FIELDS) for c in parse()]
    assert got == expected


@pytest.mark.parametrize("parse", [unseen_en, unseen_tr], ids=["en-word-html", "tr-text"])
def test_semicolon_after_a_link_starts_the_next_citation(parse):
    first_note = [c for c in parse() if c.footnote == 1]
    assert len(first_note) == 2
    assert not first_note[0].link_url.endswith(";") and not first_note[0].url.endswith(";")


@pytest.mark.parametrize("parse", [unseen_en, unseen_tr], ids=["en-word-html", "tr-text"])
def test_soft_hyphens_and_wraps_never_reach_a_url(parse):
    for citation in parse():
        for value in (citation.url or "", citation.link_url or ""):
            assert "\u00ad" not in value and "\u200b" not in value
        if citation.link_url:
            assert not any(ch.isspace() for ch in citation.link_url)


def test_repeat_notes_are_not_missing_urls_nor_duplicates():
    for citation in unseen_tr():
        if citation.kind in ("repeat", "print"):
            assert "no_url" not in citation.problems and "duplicate" not in citation.problems


def test_ibid_with_nothing_before_says_so():
    [citation] = parse_text_citations("Text.[1]\n\n[1] Ibid., p. 4.\n")
    assert citation.kind == "repeat" and citation.repeats is None
    assert "repeat_without_source" in citation.problems and citation.needs_review


def test_well_marked_citations_are_confident_and_a_bare_guess_is_not():
    confident = unseen_en()[0]
    assert confident.confidence >= 0.9 and confident.guessed == []
    [guess] = parse_text_citations("Text.[1]\n\n[1] Some words, more words, other words, last words here\n")
    assert guess.needs_review and "title" in guess.guessed


def test_zero_width_space_inside_a_linked_url_is_dropped():
    html = ('<p>Text.[1]</p><p>[1] A. Writer, “Title,” Daily Sabah, May 1, 2025, '
            '<a href="https://www.dailysabah.com/politics/a\u200b-b">https://www.dailysabah.com/politics/a\u200b-b</a></p>')
    [citation] = parse_html_citations(html)
    assert citation.link_url == "https://www.dailysabah.com/politics/a-b"

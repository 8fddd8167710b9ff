"""The title matcher (avimcrawl/verify.py): folding, verdicts, parking pages, metadata, and its
accuracy on thousands of generated cases (tests/verifygen.py) it was not tuned on."""

from __future__ import annotations

import pytest

from avimcrawl.extract import extract_html
from avimcrawl.verify import (
    Match,
    MatchVerdict,
    authors_disagree,
    citation_match,
    dates_disagree,
    fold,
    is_parked,
    title_match,
    with_metadata,
)
from tests.verifygen import Report, Truth, generate, seen

SAME, CLOSE, ABSENT, PARKED, UNKNOWN = (MatchVerdict.SAME, MatchVerdict.CLOSE, MatchVerdict.ABSENT,
                                        MatchVerdict.PARKED, MatchVerdict.UNKNOWN)
ARTICLE = ("Türkiye's Foreign Ministry on Wednesday rejected the European Parliament's annual report, calling it "
           "biased and detached from the realities of the region.")


# ------------------------------------------------------------------- folding


@pytest.mark.parametrize("a, b", [
    ("Türkiye'nin", "TURKIYENIN"),
    ("ılımlı", "ILIMLI"),
    ("İSTANBUL", "istanbul"),
    ("Istanbul", "İstanbul"),
    ("DIŞİŞLERİ BAKANLIĞI", "Dışişleri Bakanlığı"),
    ("Türkiye’s “new” role – in the Balkans…", "Turkiyes new role in the Balkans"),
    ("Vučić, Erdoğan", "Vucic Erdogan"),
    ("ĞÜŞÖÇ", "gusoc"),
])
def test_fold_ignores_case_accents_punctuation_and_the_turkish_is(a, b):
    assert fold(a) == fold(b)


def test_fold_of_nothing():
    assert fold(None) == fold("") == fold("  ‘’ — ") == ""


# ------------------------------------------------------------------- verdicts


def test_the_cited_title_in_the_page_title_is_same():
    match = title_match("Ankara Rejects European Parliament Report as Biased",
                        "Ankara rejects European Parliament report as biased | Daily Sabah", ARTICLE)
    assert match == Match(SAME, 1.0, "Ankara rejects European Parliament report as biased | Daily Sabah")


@pytest.mark.parametrize("cited, page", [
    # Title Case, capitals of a Turkish site, dotted and dotless i, typographic apostrophe
    ("Dışişleri Bakanlığı: Güney Kafkasya'da Kalıcı Barış İçin Tarihi Fırsat Var",
     "DIŞİŞLERİ BAKANLIĞI: GÜNEY KAFKASYA’DA KALICI BARIŞ İÇİN TARİHİ FIRSAT VAR"),
    ("Ilımlı Bir Diplomasi: Ankara ile Erivan Arasında Yeni Dönem",
     "ılımlı bir diplomasi: Ankara ile Erivan arasında yeni dönem"),
    # accents typed flat; the apostrophe lost ("The EUs Failing Policy")
    ("Turkiye ve Sirbistan Iliskilerinde Yeni Donem", "Türkiye ve Sırbistan İlişkilerinde Yeni Dönem"),
    ("The EUs Failing Policy Initiative for Bosnia and Herzegovina",
     "The EU's Failing Policy Initiative for Bosnia and Herzegovina"),
])
def test_turkish_and_typed_variants_of_a_title_are_the_same(cited, page):
    assert title_match(cited, page, ARTICLE).verdict is SAME


def test_the_renamed_country_counts_as_the_same_word():
    assert title_match("Türkiye Rejects EP Report on Cyprus", "Turkey rejects EP report on Cyprus", ARTICLE).verdict is SAME


def test_the_cited_title_at_the_top_of_the_text_is_same_whatever_the_title():
    # A PDF: its metadata names the Word file; the cover holds the title.
    text = "SETA | ANALİZ\nTÜRKİYE'NİN BALKAN POLİTİKASI: SÜREKLİLİK VE DEĞİŞİM\nAHMET YILMAZ\n" + ARTICLE
    match = title_match("Türkiye'nin Balkan Politikası: Süreklilik ve Değişim",
                        "Microsoft Word - A412_rapor_v3.docx", text)
    assert match.verdict is SAME


def test_the_cited_title_deep_in_another_pages_text_is_absent():
    # A section page that lists the cited article among others: the link is not the article.
    lines = ["Diplomacy", "World", "Europe", "Politics", "Economy", "Türkiye, Serbia sign trade deal", "12.02.2026",
             "Erdoğan, Vučić vow to deepen Türkiye-Serbia cooperation", "13.02.2026"]
    assert title_match("Erdoğan, Vučić Vow to Deepen Türkiye-Serbia Cooperation", "Diplomacy",
                       "\n".join(lines)).verdict is ABSENT


@pytest.mark.parametrize("page", [
    "Ankara rejects European Parliament report as biased: What we know",   # subtitle added
    "UPDATE: Ankara rejects European Parliament report as biased",         # prefix
    "Ankara dismisses European Parliament report as biased",               # a word changed
    "Ankara officially rejects European Parliament report as biased",      # a word added
])
def test_an_edited_headline_is_same_or_close(page):
    assert title_match("Ankara Rejects European Parliament Report as Biased", page, ARTICLE).verdict in (SAME, CLOSE)


def test_two_words_changed_is_close_not_same():
    match = title_match("Türkiye and Serbia agree to deepen defence and trade cooperation",
                        "Türkiye and Serbia decide to boost defence and trade cooperation", ARTICLE)
    assert match.verdict is CLOSE and 0.7 <= match.score < 1


def test_the_publisher_glued_to_the_title_by_the_footnote_is_close():
    assert title_match("Greece slams Georgia over Cyprus issue, Hürriyet Daily News",
                       "Greece slams Georgia over Cyprus issue", ARTICLE).verdict is CLOSE


def test_another_article_on_the_same_countries_is_absent():
    match = title_match("Türkiye, Serbia agree to deepen defense cooperation",
                        "Türkiye, Serbia trade hits record $3 billion", ARTICLE)
    assert match.verdict is ABSENT and match.score < 0.7


@pytest.mark.parametrize("title, text", [
    ("Search Results for “turkiye serbia agree to deepen defense cooperation” | Daily Sabah",
     "turkiye serbia agree to deepen defense cooperation\n3 results"),
    ("Arama sonuçları: türkiye sırbistan savunma işbirliği", "Türkiye ile Sırbistan savunma alanında işbirliği"),
    ("Page not found | Daily Sabah", "Sorry, the page you are looking for does not exist."),
    ("404 - Sayfa Bulunamadı", "Aradığınız sayfa bulunamadı."),
])
def test_search_and_not_found_pages_are_absent_even_when_they_echo_the_slug(title, text):
    assert title_match("Türkiye, Serbia Agree to Deepen Defense Cooperation", title, text).verdict is ABSENT


@pytest.mark.parametrize("cited, title, text", [
    (None, "A page", ARTICLE),
    ("", "A page", ARTICLE),
    ("[Title]", "A page", ARTICLE),  # one word: every page holds it
    ("Türkiye and Serbia", None, None),  # nothing to compare with
    ("Türkiye and Serbia", "", "   "),
])
def test_unknown_without_a_title_or_a_page(cited, title, text):
    assert title_match(cited, title, text).verdict is UNKNOWN


def test_scores_order_the_verdicts():
    cited = "Ankara Rejects European Parliament Report as Biased"
    same = title_match(cited, "Ankara rejects European Parliament report as biased", ARTICLE).score
    close = title_match(cited, "Ankara turns down European Parliament report, calls it biased", ARTICLE).score
    absent = title_match(cited, "Erdoğan meets Vučić in Belgrade", ARTICLE).score
    assert same == 1.0 > close > absent >= 0


# ------------------------------------------------------------------ parking


@pytest.mark.parametrize("title, text", [
    ("kafkasyahaber.com - This domain may be for sale!", "Buy this domain. Related Links"),          # Sedo
    ("kafkasyahaber.com", "kafkasyahaber.com is parked free, courtesy of GoDaddy.com."),            # GoDaddy
    ("kafkasyahaber.com is for sale", "The domain name kafkasyahaber.com is for sale. Make an offer"),  # Dan.com
    ("Kafkasyahaber.com is for sale | HugeDomains", "is available for purchase. Buy now for $2,495"),
    ("kafkasyahaber.com", "Related Searches: Haber. The Sponsored Listings displayed above are served "
                          "automatically by a third party."),                                           # Bodis
    ("kafkasyahaber.com expired", "This Domain Has Expired. kafkasyahaber.com expired on 01/14/2026 and is "
                                  "pending renewal or deletion."),
    ("kafkasyahaber.com satılıktır", "Bu alan adı satılıktır! Teklif için iletişime geçin."),
    ("kafkasyahaber.com | isimtescil.net", "Bu alan adı isimtescil.net tarafından tescil edilmiştir."),
    ("kafkasyahaber.com", "Bu alan adı Natro tarafından park edilmiştir."),
    ("KAFKASYAHABER.COM", "Bu alan adının kullanım süresi dolmuştur."),
    ("www.kafkasyahaber.com", None),  # a script-only lander: the domain as title, no text
])
def test_parking_pages_in_english_and_turkish_are_parked(title, text):
    assert is_parked(title, text)
    assert title_match("Ermenistan ile Barış Sürecinde Yeni Dönem", title, text).verdict is PARKED


def test_a_script_only_lander_keeps_its_title_through_extraction():
    html = ("<html><head><title>kafkasyahaber.com</title></head><body><div id='root'></div>"
            "<script src='https://img1.wsimg.com/parking-lander/static/js/main.js'></script></body></html>")
    page = extract_html(html, "https://kafkasyahaber.com/dunya/ermenistan-baris")
    assert (page.title, page.text) == ("kafkasyahaber.com", None)
    assert title_match("Ermenistan ile Barış Sürecinde Yeni Dönem", page.title, page.text).verdict is PARKED


def test_a_bot_check_showing_the_host_name_is_not_parked():
    # Cloudflare's challenge shows the host as its heading, over a line or two of text.
    title = "kafkasyahaber.com"
    text = ("kafkasyahaber.com needs to review the security of your connection before proceeding. "
            "Ray ID: 8f2a1c3b4d5e6f70. Performance & security by Cloudflare")
    assert not is_parked(title, text)
    assert title_match("Ermenistan ile Barış Sürecinde Yeni Dönem", title, text).verdict is ABSENT


def test_a_long_article_about_domain_trading_is_not_parked():
    text = "Many of the lapsed sites now say 'This domain is for sale'. " + ARTICLE * 40
    assert not is_parked("Expired news sites sold to gamblers", text)
    assert title_match("Ermenistan ile Barış Sürecinde Yeni Dönem", "Expired news sites sold to gamblers",
                       text).verdict is ABSENT


def test_a_cited_article_about_parked_domains_is_same_not_parked():
    title = "Cybersquatters buy expired news domains: 'This domain is for sale'"
    assert title_match(title, title, "This domain is for sale, says the page. " + ARTICLE).verdict is SAME


# ------------------------------------------------------------------ metadata


@pytest.mark.parametrize("cited, page, disagree", [
    ("Nurbanu Tanrikulu Kızıl", "Nurbanu Tanrıkulu Kızıl", False),
    ("Talha Ozturk", "Talha Öztürk", False),
    ("Diyar Guldogan", "Diyar Güldoğan, Talha Öztürk", False),
    ("Diyar Guldogan", "Ali Aslan Kılıç", True),
    ("Hürriyet Daily News Editorial", "Ali Aslan Kılıç", True),  # "Hürriyet" is a word of a name here: not ignored
    ("Caspian Post Editorial Team", "Daily Sabah", True),
    ("Diyar Guldogan", None, False),
    (None, "Ali Aslan Kılıç", False),
    ("Editorial", "Ali Aslan Kılıç", False),  # no name in the citation
    ("Diyar Guldogan", "Anadolu Ajansı", False),  # no name in the byline: the agency
])
def test_authors_disagree_only_when_both_name_people_and_none_is_shared(cited, page, disagree):
    assert authors_disagree(cited, page) is disagree


@pytest.mark.parametrize("cited, page, disagree", [
    ("2026-02-12", "2026-02-12", False),
    ("2026-02-12", "2026-02-14", False),  # within three days: time zones, a late edit
    ("2026-02-12", "2026-03-02", True),
    ("2024-09-29", "2024-09-29", False),
    ("2026-09-29", "2024-09-29", True),  # the reference commentary's date after its access date
    ("2026", "2026-02-12", False),
    ("2025", "2026-02-12", True),
    ("2026-02", "2026-02-27", False),
    (None, "2026-02-12", False),
    ("[publication date]", "2026-02-12", False),
])
def test_dates_disagree_beyond_a_few_days_at_the_precision_given(cited, page, disagree):
    assert dates_disagree(cited, page) is disagree


def test_metadata_lowers_same_to_close_and_nothing_else():
    same, close, absent = Match(SAME, 1.0, "t"), Match(CLOSE, 0.8, "t"), Match(ABSENT, 0.1, "t")
    assert with_metadata(same, "Diyar Guldogan", None, "Ali Aslan Kılıç", None) == Match(CLOSE, 1.0, "t")
    assert with_metadata(same, None, "2026-02-12", None, "2025-01-01") == Match(CLOSE, 1.0, "t")
    assert with_metadata(same, "Diyar Guldogan", "2026-02-12", "Diyar Güldoğan", "2026-02-13") == same
    assert with_metadata(close, "Diyar Guldogan", "2026-02-12", "Ali Aslan Kılıç", "2025-01-01") == close
    assert with_metadata(absent, "Diyar Guldogan", None, "Ali Aslan Kılıç", None) == absent


def test_citation_match_is_title_match_then_metadata():
    match = citation_match("Ankara Rejects EP Report as Biased", "Ankara rejects EP report as biased", ARTICLE,
                           cited_authors="Diyar Guldogan", page_author="Ali Aslan Kılıç")
    assert match.verdict is CLOSE and match.score == 1.0


# ------------------------------------------------------------------ accuracy

SEED, CASES = 11, 3000
"""Not the seeds verify.py was tuned on (1 and 7): input no rule of it was written from."""


@pytest.fixture(scope="module")
def report() -> Report:
    measured = Report()
    for case in generate(SEED, CASES):
        page = seen(case)
        measured.add(case, title_match(case.cited_title, page.title, page.text).verdict.value)
    return measured


def test_accuracy_on_generated_pages(report):
    # Measured on seeds 11, 12, 13 (3,000 cases each): cited recall 95.3–96.3 %, same/close
    # precision 98.6–99.3 %, absent/parked recall 98.6–99.2 %, absent/parked precision
    # 95.1–96.1 %, parked 100 % both ways. The floors sit 1.5–3 points under the lowest.
    # Precision of same/close matters most: a false "same" hides a replaced page from the
    # report, a false "absent" only asks an editor to look.
    assert report.cited_precision >= 0.97
    assert report.gone_recall >= 0.97
    # Cited pages missed are nearly all headlines rewritten wholesale for search engines and
    # Turkish titles cited in English: nothing of the cited title is left on the page.
    assert report.cited_recall >= 0.93
    assert report.gone_precision >= 0.93
    assert report.parked_recall >= 0.97 and report.parked_precision >= 0.98
    assert report.unknown_right == 1.0 and report.unknown_elsewhere == 0


def test_every_cited_page_whose_title_survives_is_found(report):
    kept = [(case, verdict) for case, verdict in report.rows if case.truth == Truth.CITED
            and "seo-rewrite" not in case.kind and "translated" not in case.kind]
    found = sum(verdict in ("same", "close") for _, verdict in kept)
    assert len(kept) > 1000 and found / len(kept) >= 0.99


@pytest.mark.parametrize("kind", ["cited page: unchanged", "cited page: pdf", "other: same-topic",
                                  "other: home-page", "other: search-page", "other: soft-404",
                                  "parked: godaddy-lander", "parked: sedo", "parked: tr-for-sale"])
def test_accuracy_per_kind(report, kind):
    from tests.verifygen import page_change

    right, total = report.by_kind(page_change)[kind]
    assert total >= 10 and right / total >= 0.95, (kind, right, total)

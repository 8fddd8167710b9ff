"""Extraction of what a cited page said, and of its language."""

from __future__ import annotations

from pathlib import Path

import pytest

from avimcrawl.extract import detect_language, extract_html, extract_pdf

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Serbia, Bosnia sign pact on Belgrade-Sarajevo highway | Daily Sabah</title>
<meta property="og:title" content="Serbia, Bosnia sign pact on Belgrade-Sarajevo highway">
<meta name="author" content="Talha Ozturk"><meta property="article:published_time" content="2019-12-13T10:00:00+03:00">
<meta property="og:site_name" content="Daily Sabah"></head><body>
<nav><a href="/">Home</a><a href="/politics">Politics</a><a href="/business">Business</a></nav>
<article><h1>Serbia, Bosnia sign pact on Belgrade-Sarajevo highway</h1>
<p>Serbia and Bosnia and Herzegovina signed an agreement on Friday on the construction of the highway
that will connect Belgrade and Sarajevo, a project financed with Turkish support.</p>
<p>The leaders said the road would shorten the journey between the two capitals to three hours and
bring investment to the towns along its route, which have waited for decades.</p>
<p>Turkish officials attended the ceremony and called the project a symbol of regional cooperation.</p>
</article><footer>© Daily Sabah. All rights reserved.</footer></body></html>"""

BROKEN = ("<html><body><div><table><tr><td><div class=story><p>Ermenistan ile Azerbaycan arasındaki barış "
          "görüşmeleri Washington'da yeniden başladı ve taraflar sınır belirleme konusunda uzlaştı.<td></div>"
          "</div></div><p>Dışişleri bakanları, anlaşmanın önümüzdeki aylarda imzalanmasının beklendiğini "
          "açıkladı. Görüşmelerde ulaştırma hatlarının açılması da ele alındı.</span></table><p><b>unclosed")


def minimal_pdf(title: str, line: str) -> bytes:
    """A one-page PDF with a text layer and a document title, written out by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_article_text_and_metadata():
    page = extract_html(ARTICLE, "https://www.dailysabah.com/politics/diplomacy/serbia-bosnia")
    assert page.title == "Serbia, Bosnia sign pact on Belgrade-Sarajevo highway"
    assert page.author == "Talha Ozturk"
    assert page.published == "2019-12-13"
    assert page.site_name == "Daily Sabah"
    assert "connect Belgrade and Sarajevo" in page.text
    assert "All rights reserved" not in page.text


def test_broken_markup_still_yields_text():
    page = extract_html(BROKEN)
    assert page.error is None
    assert "sınır belirleme konusunda uzlaştı" in page.text
    assert detect_language(page.text).code == "tr"


def test_empty_page():
    assert extract_html("   ").text is None


def test_pdf_text_and_title():
    pdf = extract_pdf(minimal_pdf("Black Sea Security Report", "The Montreux Convention remains the cornerstone."))
    assert (pdf.title, pdf.error) == ("Black Sea Security Report", None)
    assert "Montreux Convention remains the cornerstone" in pdf.text


def test_a_pdf_that_is_not_a_pdf_is_an_error_not_a_crash():
    assert extract_pdf(b"<html><body>Sorry, this report has moved.</body></html>").error.startswith("not a PDF")
    assert extract_pdf(b"%PDF-1.7\n" + b"\x00garbage" * 100).error.startswith("unreadable PDF")


def test_languages_are_detected_deterministically():
    english = "The Balkan Peace Platform brought together representatives from across the region in Istanbul."
    turkish = "Balkan Barış Platformu, bölgenin dört bir yanından temsilcileri İstanbul'da bir araya getirdi."
    russian = "Платформа мира на Балканах собрала в Стамбуле представителей со всего региона для диалога."
    assert [detect_language(t).code for t in (english, turkish, russian)] == ["en", "tr", "ru"]
    assert detect_language(turkish) == detect_language(turkish)
    assert 0.5 < detect_language(turkish).probability <= 1


def test_too_little_text_is_undetermined():
    assert detect_language("Yorum 2026/14").code == "und"
    assert detect_language(None).probability is None


# ------------------------------------------------------------- cited AVİM pages

ROOT = Path(__file__).parent.parent
AVIM = ROOT / "tests" / "internet" / "sites" / "avim.org.tr"
PAGES = ROOT / "tests" / "fixtures" / "pages"


@pytest.mark.parametrize("file, url, title, author, published", [
    (AVIM / "en" / "Yorum" / "BOSNIA-AND-THE-BALKANS-SECESSIONISM-EUROCENTRIC-PARTITIONING.html",
     "https://avim.org.tr/en/Yorum/BOSNIA-AND-THE-BALKANS-SECESSIONISM-EUROCENTRIC-PARTITIONING",
     "BOSNIA AND THE BALKANS: SECESSIONISM, EUROCENTRIC PARTITIONING", "Teoman Ertuğrul TULUN", "2026-02-17"),
    (AVIM / "tr" / "Yorum" / "BOSNA-VE-BALKANLAR-AYRILIKCILIK-AVRUPA-MERKEZCI-BOLUSTURME.html",
     "https://avim.org.tr/tr/Yorum/BOSNA-VE-BALKANLAR-AYRILIKCILIK-AVRUPA-MERKEZCI-BOLUSTURME",
     "BOSNA VE BALKANLAR: AYRILIKÇILIK, AVRUPA MERKEZCİ BÖLÜŞTÜRME", "Teoman Ertuğrul TULUN", "2026-02-25"),
    (PAGES / "byline-chrome-en.html",
     "https://avim.org.tr/en/Yorum/ENERGY-CORRIDORS-ACROSS-THE-CASPIAN-AND-EUROPE-S-HESITATION",
     "ENERGY CORRIDORS ACROSS THE CASPIAN AND EUROPE'S HESITATION", "Teoman Ertuğrul TULUN", "2026-03-03"),
    (PAGES / "byline-chrome-tr.html",
     "https://avim.org.tr/tr/Yorum/HAZAR-OTESI-ENERJI-HATLARI-VE-AVRUPA-NIN-TEREDDUDU",
     "HAZAR ÖTESİ ENERJİ HATLARI VE AVRUPA'NIN TEREDDÜDÜ", "Hazal Gökçe YILDIRIM", "2026-03-05"),
], ids=["en-site", "tr-site", "en-other-template", "tr-other-template"])
def test_a_cited_avim_page_is_dated_by_its_own_header_not_by_a_guess(file, url, title, author, published):
    # trafilatura guessed 2026-02-24 (EN, TR) and 2026-01-28 (a related commentary's date), and read
    # the author as "NAME Analyst" / "NAME Analist" or not at all.
    page = extract_html(file.read_text(encoding="utf-8"), url)
    assert (page.title, page.author, page.published) == (title, author, published)
    assert "Süleyman Nazif" not in page.text and author not in page.text


"""A whole AVİM-shaped commentary page around the generated notes.

Header (`Commentary No : 2026 / 14`, `24.02.2026`, `3 min read`; Turkish `Yorum No : 2026 / 5`,
`4 dk okuma`), body paragraphs with markers after punctuation, the notes, then what is NOT a
citation: "About the Author" / "Yazar Hakkında", "To cite this article: … URL" / "Bu yazıya atıf
için: …", a footer with address, social links and copyright.
"""

from __future__ import annotations

import html
import random
from datetime import date, timedelta

from . import markup as m
from .model import GeneratedNote, GeneratedPage, Rendered, Source
from .names import MONTHS_EN, natural, tr_upper
from .pools import make_person, make_print_source, make_title, make_web_source, slug
from .styles import EN_STYLES, PRINT_STYLES, TR_STYLES, WEB_STYLES, repeat

MARKUP_WEIGHTS = {"word": 3, "p_bracket": 2, "p_sup": 2, "br": 1, "text": 2}
SENTENCES_EN = [
    "Türkiye-Serbia ties have entered a qualitatively new phase marked by high-level dialogue.",
    "This dense agenda signals that the relationship is no longer episodic, but structured around long-term commitments.",
    "The enlargement process has slowed markedly, and conditionality has been applied unevenly.",
    "Cargo volumes on the Middle Corridor have grown since 2022, yet from a low base.",
    "Such framing from Belgrade matters because it comes from a country with close ties to the EU.",
    "The platform is explicitly framed around de-escalation, confidence-building and practical cooperation.",
    "Its Istanbul setting is not merely logistical, but emblematic of Türkiye's claim to be part of the Balkans.",
    "The normalization process between Azerbaijan and Armenia, if concluded, could add new links to this network.",
]
SENTENCES_TR = [
    "Türkiye ile Sırbistan arasındaki ilişkiler son yıllarda yeni bir evreye girmiştir.",
    "Genişleme süreci belirgin biçimde yavaşlamış, koşulluluk ise tutarsız uygulanmıştır.",
    "Balkan Barış Platformu, bölgesel sahiplik ilkesini öne çıkarmaktadır.",
    "Orta Koridor'daki yük hacmi 2022'den bu yana artmakla birlikte düşük bir seviyeden başlamıştır.",
    "Bu yaklaşım, Türkiye'nin arabuluculuk iddiasının somut bir yansımasıdır.",
    "Azerbaycan ile Ermenistan arasındaki normalleşme süreci bölge için yeni fırsatlar doğurabilir.",
]


def _note_citations(rng: random.Random, lang: str, style: str, previous: tuple[Source, Rendered] | None,
                    number: int) -> tuple[list[Rendered], list[Source], str]:
    """The citations of one note, the sources it cites (for a later Ibid.) and its style."""
    roll = rng.random()
    if previous is not None and roll < 0.12:
        rendered = repeat(rng, previous[0], number - 1, lang)
        rendered.expected.resolved = previous[1].expected
        return [rendered], [], rendered.style
    if roll < 0.22:
        source = make_print_source(rng, lang)
        name = "book_tr" if lang == "tr" else "book_en"
        return [PRINT_STYLES[name](rng, source)], [source], name
    count = rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]
    sources = [make_web_source(rng, lang) for _ in range(count)]
    return [WEB_STYLES[style](rng, s) for s in sources], sources, style


def _notes(rng: random.Random, lang: str, markup: str, count: int,
           choices: m.Choices) -> tuple[list[GeneratedNote], list[tuple[int, list[str]]]]:
    primary = rng.choice(TR_STYLES if lang == "tr" else EN_STYLES)
    notes: list[GeneratedNote] = []
    numbered: list[tuple[int, list[str]]] = []
    previous: tuple[Source, Rendered] | None = None
    for number in range(1, count + 1):
        style = primary if rng.random() < 0.65 else rng.choice(TR_STYLES if lang == "tr" else EN_STYLES)
        rendered, sources, style = _note_citations(rng, lang, style, previous, number)
        previous = (sources[0], rendered[0]) if len(sources) == 1 else None
        choices.nbsp = rng.random() < 0.15
        choices.spans = markup == "word" and rng.random() < 0.5
        paragraphs, text = m.note_paragraphs(rng, rendered, choices)
        for position, r in enumerate(rendered, 1):
            r.expected.footnote, r.expected.position = number, position
        notes.append(GeneratedNote(number, style, markup, [r.expected for r in rendered], text))
        numbered.append((number, paragraphs))
    return notes, numbered


def _section(markup: str, numbered: list[tuple[int, list[str]]], rng: random.Random) -> str:
    if markup == "word":
        return m.word_section([m.word_note(n, p, rng) for n, p in numbered])
    if markup in ("p_bracket", "p_sup"):
        return "\n".join(m.p_note(markup, n, p, rng) for n, p in numbered)
    if markup == "br":
        return m.br_section(numbered, rng)
    return m.text_section(numbered, rng)


def _body(rng: random.Random, lang: str, markup: str, count: int) -> list[str]:
    """Body paragraphs, each of the first `count` ending with its marker after the full stop."""
    pool = SENTENCES_TR if lang == "tr" else SENTENCES_EN
    paragraphs = []
    for number in range(1, count + 1):
        text = " ".join(rng.sample(pool, rng.randrange(2, 4)))
        if markup != "text":
            text = html.escape(text, quote=False)
        paragraphs.append(text + m.body_marker(markup, number, rng))
        if rng.random() < 0.15:
            paragraphs.append(" ".join(rng.sample(pool, 2)))
    return paragraphs


def _front(rng: random.Random, lang: str, number: int, day: date) -> tuple[str, list[str]]:
    minutes = rng.randrange(2, 9)
    if lang == "tr":
        return "Yorum No", [f"Yorum No : {day.year} / {number}", f"{day:%d.%m.%Y}", f"{minutes} dk okuma"]
    return "Commentary No", [f"Commentary No : {day.year} / {number}", f"{day:%d.%m.%Y}", f"{minutes} min read"]


def _back(lang: str, author: str, surname: str, title: str, url: str, number: int, day: date) -> list[str]:
    """What follows the notes: about the author, the page's own citation, nothing else cited."""
    if lang == "tr":
        return [f"Yazar Hakkında : {author}, Avrasya İncelemeleri Merkezi'nde (AVİM) analisttir.",
                f"Bu yazıya atıf için: {surname}. {day.year}. \"{title}.\" Avrasya İncelemeleri "
                f"Merkezi (AVİM), Yorum No.{day.year} / {number}. {day:%d.%m.%Y}. {url}"]
    return [f"About the Author : {author} is an analyst at the Center for Eurasian Studies (AVİM).",
            f"To cite this article: {surname}. {day.year}. \"{title} .\" Center For Eurasian Studies "
            f"(AVİM), Commentary No.{day.year} / {number}. {MONTHS_EN[day.month - 1]} {day.day}. "
            f"Accessed {MONTHS_EN[day.month - 1]} {day.day + 1 if day.day < 28 else 1}, {day.year}. {url}"]


FOOTER = ["Süleyman Nazif Sok. No: 12/B Daire 3-4 06550 Çankaya-ANKARA / TÜRKİYE",
          "Tel: +90 (312) 438 50 23-24 • Fax: +90 (312) 438 50 26", "@avimorgtr",
          "https://www.facebook.com/avrasyaincelemelerimerkezi", "E-Mail: info@avim.org.tr",
          "© 2009 - 2026 AVİM Avrasya İncelemeleri Merkezi"]


def _html_page(title: str, header: list[str], author: str, body: list[str], section: str, back: list[str],
               cite_url: str, lang: str) -> str:
    head = "".join(f"<span>{html.escape(h)}</span>" for h in header)
    paragraphs = "\n".join(f'<p style="text-align: justify;">{p}</p>' for p in body)
    about, cite = (html.escape(b, quote=False) for b in back)
    cite = cite.replace(html.escape(cite_url, quote=False), f'<a href="{html.escape(cite_url)}">{html.escape(cite_url)}</a>')
    footer = "\n".join(f"<p>{html.escape(f)}</p>" for f in FOOTER[:2])
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8" /><title>AVİM - {html.escape(title)}</title></head>
<body><main class="container"><div class="blog-detail">
<h2 class="blog-title">{html.escape(title)}</h2>
<div class="blog-info">{head}</div>
<div class="blog-author"><a href="/{lang}/Yazar/{slug(author)}">{html.escape(author)}</a><br><small>Analyst</small></div>
<div class="blog-content">
{paragraphs}
<p><em>*Picture: <a href="#">AA</a></em></p>
<p>&nbsp;</p>
{section}
</div>
<div class="about-author"><p>{about}</p></div>
<p class="cite">{cite}</p>
</div></main>
<footer class="site-footer">{footer}
<p><a href="https://twitter.com/avimorgtr">@avimorgtr</a></p>
<p><a href="https://www.facebook.com/avrasyaincelemelerimerkezi">https://www.facebook.com/avrasyaincelemelerimerkezi</a></p>
<p>E-Mail: <a href="mailto:info@avim.org.tr">info@avim.org.tr</a></p>
<p class="copyright">&copy; 2009 - 2026 AVİM Avrasya İncelemeleri Merkezi</p></footer>
</body></html>
"""


def generate_page(seed: int) -> GeneratedPage:
    """One commentary page with 3–12 notes, deterministic from `seed`."""
    rng = random.Random(seed)
    lang = "tr" if rng.random() < 0.3 else "en"
    markup = rng.choices(list(MARKUP_WEIGHTS), weights=list(MARKUP_WEIGHTS.values()))[0]
    count = rng.randrange(3, 13)
    choices = m.Choices(is_html=markup != "text", nbsp=False, spans=False)
    notes, numbered = _notes(rng, lang, markup, count, choices)
    title = tr_upper(make_title(rng, lang)) if lang == "tr" else make_title(rng, lang).upper()
    person = make_person(rng, "tr")
    author = natural((person,), upper_surname=True)
    day = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 8 * 365))
    number = rng.randrange(1, 60)
    url = f"https://avim.org.tr/{lang}/Yorum/{slug(title, upper=True)}"
    cite_url = url if rng.random() < 0.6 else url.replace("avim.org.tr", "avimbulten.org")
    _, header = _front(rng, lang, number, day)
    back = _back(lang, natural((person,)), f"{tr_upper(person.surname)}, {' '.join(person.given)}", title,
                 cite_url, number, day)
    body = _body(rng, lang, markup, count)
    section = _section(markup, numbered, rng)
    page = GeneratedPage(seed, url, lang, markup, notes, invisible=tuple(choices.inserted), is_html=markup != "text")
    if page.is_html:
        page.html = _html_page(title, header, author, body, section, back, cite_url, lang)
    else:
        lines = [title, author, "Analyst", *header, "", *body, "", "*Picture: AA", "", section, "", *back, "", *FOOTER]
        page.text = "\n".join(lines) + "\n"
    return page


def generate_corpus(seed: int, footnotes: int) -> list[GeneratedPage]:
    """Pages until at least `footnotes` notes are generated, deterministic from `seed`."""
    rng = random.Random(seed)
    pages: list[GeneratedPage] = []
    total = 0
    while total < footnotes:
        page = generate_page(rng.randrange(2**32))
        pages.append(page)
        total += len(page.notes)
    return pages

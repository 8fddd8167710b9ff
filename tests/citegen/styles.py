"""Citation styles: each function prints one `Source` as real authors write that style.

Web styles take (rng, source) and return a `Rendered` (tokens + what a reader records).
Written from the style guides (Chicago 17 notes, APA 7, MLA 9, Harvard/Cite Them Right,
IEEE, Turkish APA, İSNAD 2) and from AVİM's own footnotes (the reference commentary).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from . import names as n
from .model import ExpectedCitation, Org, Rendered, Source, Text, Title, Token, Url

Style = Callable[[random.Random, Source], Rendered]


def _expected(s: Source, style: str, authors: str | None, *, title: str | None = None,
              publisher: str | None = None, published: str | None = None,
              accessed: str | None = None) -> ExpectedCitation:
    return ExpectedCitation(0, 0, authors or None, title if title is not None else s.title, publisher,
                            published, accessed, s.url, s.kind, None, style)


def _ends_sentence(title: str) -> bool:
    return title.rstrip("’'”\"").endswith(("?", "!"))


def _quoted(title: str, inside: str = ",", open_: str = "“", close: str = "”") -> list[Token]:
    """“Title,” with the comma inside the quotes (US usage), none after a '?' or '!'."""
    return [Text(open_), Title(title), Text(("" if _ends_sentence(title) else inside) + close)]


def _sentence(title: str, italic: bool) -> list[Token]:
    """Title. (APA/MLA: the title closes its own sentence unless it ends with '?')."""
    return [Title(title, italic), Text(" " if _ends_sentence(title) else ". ")]


def _same_org(s: Source) -> bool:
    return len(s.authors) == 1 and isinstance(s.authors[0], Org) and s.authors[0].name == s.publisher


def chicago(rng: random.Random, s: Source) -> Rendered:
    """Chicago 17 note, web/news: Author, “Title,” Publisher, February 12, 2026, accessed February 23, 2026, URL."""
    authors = n.natural(s.authors) if s.authors else None
    tokens: list[Token] = [Text(f"{authors}, ")] if authors else []
    tokens += _quoted(s.title)
    parts = [p for p in (s.publisher, s.published and n.en_long(s.published)) if p]
    if s.accessed:
        parts.append(f"accessed {n.en_long(s.accessed)}")
    if parts:
        tokens.append(Text(" " + ", ".join(parts)))
    tokens.append(Url(s.url or "", lead=", " if parts else " ", tail="."))
    return Rendered(tokens, _expected(s, "chicago", authors, publisher=s.publisher, published=n.iso(s.published),
                                      accessed=n.iso(s.accessed)), "chicago")


def avim(rng: random.Random, s: Source) -> Rendered:
    """AVİM house variant of Chicago (reference commentary 2026/14): 'Name ,' with a space before
    the comma, titles often unquoted, <URL> in angle brackets, no final stop, and placeholders
    [publication date], [access date], [Site Name] where data is missing."""
    authors = n.natural(s.authors) if s.authors else None
    comma = " , " if rng.random() < 0.3 else ", "
    tokens: list[Token] = [Text(f"{authors}{comma}")] if authors else []
    tokens += [Title(s.title), Text(",")] if rng.random() < 0.7 else _quoted(s.title)
    pad = rng.random() < 0.3
    dmy = rng.random() < 0.25
    fmt = n.en_dmy if dmy else (lambda d: n.en_long(d, pad))
    parts = [s.publisher or "[Site Name]",
             fmt(s.published) if s.published else "[publication date]",
             f"accessed {fmt(s.accessed) if s.accessed else '[access date]'}"]
    tokens.append(Text(" " + ", ".join(parts)))
    tokens.append(Url(s.url or "", lead=" , " if rng.random() < 0.1 else ", ", angle=rng.random() < 0.8,
                      tail="." if rng.random() < 0.2 else ""))
    return Rendered(tokens, _expected(s, "avim", authors, publisher=s.publisher, published=n.iso(s.published),
                                      accessed=n.iso(s.accessed)), "avim")


def apa7(rng: random.Random, s: Source, *, turkish: bool = False) -> Rendered:
    """APA 7 web page/news article: Surname, A. B. (2026, February 12). Title. Publisher. URL
    (Turkish APA: 've', '(2026, 12 Şubat)', '(t.y.)', 'Erişim adresi: URL')."""
    style = "apa_tr" if turkish else "apa7"
    authors = n.apa(s.authors, "ve" if turkish else "&") if s.authors else None
    if s.published:
        day = n.tr_long(s.published).rsplit(" ", 1)[0] if turkish else n.en_long(s.published).split(",")[0]
        when = f"({s.published.year}, {day})"
    else:
        when = "(t.y.)" if turkish else "(n.d.)"
    italic = rng.random() < 0.5
    if authors:
        tokens: list[Token] = [Text(f"{authors}{'' if authors.endswith('.') else '.'} {when}. ")]
        tokens += _sentence(s.title, italic)
    else:  # no author: the title moves to the author's place
        tokens = [Title(s.title, italic), Text(f". {when}. ")]
    publisher = None if _same_org(s) else s.publisher
    if publisher:
        tokens.append(Text(f"{publisher}. "))
    accessed = s.accessed if rng.random() < 0.35 else None
    if turkish:
        if accessed and rng.random() < 0.5:
            tokens.append(Text(f"{n.tr_long(accessed)} tarihinde "))
            tokens.append(Url(s.url or "", lead="", tail=" adresinden erişildi."))
        else:
            label = f"Erişim tarihi: {n.tr_long(accessed)}, " if accessed else "Erişim adresi: "
            tokens.append(Url(s.url or "", lead="", label=label))
    else:
        label = f"Retrieved {n.en_long(accessed)}, from " if accessed else ""
        tokens.append(Url(s.url or "", lead="", label=label))
    return Rendered(tokens, _expected(s, style, authors, publisher=publisher, published=n.iso(s.published),
                                      accessed=n.iso(accessed)), style)


def apa_tr(rng: random.Random, s: Source) -> Rendered:
    """Turkish APA 7 (Türkçe APA): Yılmaz, A. (2026, 12 Şubat). Başlık. Yayıncı. Erişim adresi: URL."""
    return apa7(rng, s, turkish=True)


def mla9(rng: random.Random, s: Source) -> Rendered:
    """MLA 9: Surname, Given. “Title.” Publisher, 12 Feb. 2026, URL. Accessed 23 Feb. 2026."""
    authors = n.mla(s.authors) if s.authors else None
    tokens: list[Token] = [Text(authors + ("" if authors.endswith(".") else ".") + " ")] if authors else []
    tokens += _quoted(s.title, inside=".")
    publisher = None if _same_org(s) else s.publisher
    parts = [p for p in (publisher, s.published and n.mla_date(s.published)) if p]
    if parts:
        tokens.append(Text(" " + ", ".join(parts)))
    tokens.append(Url(s.url or "", lead=", " if parts else " ", tail="."))
    if s.accessed:
        tokens.append(Text(f" Accessed {n.mla_date(s.accessed)}."))
    return Rendered(tokens, _expected(s, "mla9", authors, publisher=publisher, published=n.iso(s.published),
                                      accessed=n.iso(s.accessed)), "mla9")


def harvard(rng: random.Random, s: Source) -> Rendered:
    """Harvard (Cite Them Right): Surname, A. (2026) ‘Title’, Publisher, 12 February.
    Available at: URL (Accessed: 23 February 2026)."""
    authors = n.harvard(s.authors) if s.authors else None
    year = f"({s.published.year})" if s.published else "(no date)"
    tokens: list[Token] = [Text(f"{authors} {year} ")] if authors else []
    tokens += [Text("‘"), Title(s.title), Text("’")]
    if not authors:
        tokens.append(Text(f" {year}"))
    parts = [p for p in (s.publisher, s.published and f"{s.published.day} {n.MONTHS_EN[s.published.month - 1]}") if p]
    tokens.append(Text(", " + ", ".join(parts) + "." if parts else "."))
    tail = f" (Accessed: {n.en_dmy(s.accessed)})." if s.accessed else ""
    tokens.append(Url(s.url or "", lead=" ", label="Available at: ", tail=tail))
    return Rendered(tokens, _expected(s, "harvard", authors, publisher=s.publisher, published=n.iso(s.published),
                                      accessed=n.iso(s.accessed)), "harvard")


def ieee(rng: random.Random, s: Source) -> Rendered:
    """IEEE online source: A. Surname, “Title,” Publisher, Feb. 12, 2026. [Online]. Available: URL.
    [Accessed: Feb. 23, 2026]. (or the 2018+ order: 'Accessed: Feb. 23, 2026. [Online]. Available: URL')"""
    authors = n.ieee(s.authors) if s.authors else None
    tokens: list[Token] = [Text(f"{authors}, ")] if authors else []
    tokens += _quoted(s.title)
    parts = [p for p in (s.publisher, s.published and n.ieee_date(s.published)) if p]
    tokens.append(Text(" " + ", ".join(parts) + "." if parts else ""))
    if s.accessed and rng.random() < 0.4:
        tokens.append(Text(f" Accessed: {n.ieee_date(s.accessed)}."))
        tokens.append(Url(s.url or "", lead=" ", label="[Online]. Available: "))
    else:
        tail = f". [Accessed: {n.ieee_date(s.accessed)}]." if s.accessed else ""
        tokens.append(Url(s.url or "", lead=" ", label="[Online]. Available: ", tail=tail))
    return Rendered(tokens, _expected(s, "ieee", authors, publisher=s.publisher, published=n.iso(s.published),
                                      accessed=n.iso(s.accessed)), "ieee")


def isnad(rng: random.Random, s: Source) -> Rendered:
    """İSNAD 2 web note: Ahmet Yılmaz, “Başlık”, Anadolu Ajansı (12 Şubat 2026), erişim 23 Şubat 2026, URL."""
    authors = n.isnad(s.authors) if s.authors else None
    tokens: list[Token] = [Text(f"{authors}, ")] if authors else []
    tokens += [Text("“"), Title(s.title), Text("”")]
    if s.publisher:
        tokens.append(Text(f", {s.publisher}"))
    if s.published:
        tokens.append(Text(f" ({n.tr_long(s.published)})"))
    if s.accessed and rng.random() < 0.3:
        tokens.append(Url(s.url or "", tail=f" (Erişim {n.tr_long(s.accessed)})."))
    else:
        if s.accessed:
            tokens.append(Text(f", erişim {n.tr_long(s.accessed)}"))
        tokens.append(Url(s.url or "", tail="."))
    return Rendered(tokens, _expected(s, "isnad", authors, publisher=s.publisher, published=n.iso(s.published),
                                      accessed=n.iso(s.accessed)), "isnad")


def tr_labels(rng: random.Random, s: Source) -> Rendered:
    """Turkish practice with labels and numeric dates: Ahmet YILMAZ, “Başlık”, Yayıncı,
    Yayın tarihi: 12.02.2026, Erişim tarihi: 23.02.2026, URL (or '(Erişim Tarihi: 23.02.2026)' last)."""
    authors = n.natural(s.authors, "ve", upper_surname=rng.random() < 0.5) if s.authors else None
    tokens: list[Token] = [Text(f"{authors}, ")] if authors else []
    tokens += [Text("“"), Title(s.title), Text("”")] if rng.random() < 0.7 else [Title(s.title)]
    parts = [p for p in (s.publisher, s.published and f"Yayın tarihi: {n.tr_dots(s.published)}") if p]
    if parts:
        tokens.append(Text(", " + ", ".join(parts)))
    if s.accessed and rng.random() < 0.5:
        tokens.append(Url(s.url or "", tail=f" (Erişim Tarihi: {n.tr_dots(s.accessed)})"))
    else:
        if s.accessed:
            tokens.append(Text(f", Erişim tarihi: {n.tr_dots(s.accessed)}"))
        tokens.append(Url(s.url or ""))
    return Rendered(tokens, _expected(s, "tr_labels", authors, publisher=s.publisher, published=n.iso(s.published),
                                      accessed=n.iso(s.accessed)), "tr_labels")


def full_stops(rng: random.Random, s: Source) -> Rendered:
    """Full stops instead of commas: Author. “Title.” Daily Sabah. December 13, 2019. URL."""
    authors = n.natural(s.authors) if s.authors else None
    tokens: list[Token] = [Text(authors + ("" if authors.endswith(".") else ".") + " ")] if authors else []
    tokens += _quoted(s.title, inside=".")
    parts = [p for p in (s.publisher, s.published and n.en_long(s.published)) if p]
    if s.accessed:
        parts.append(f"Accessed {n.en_long(s.accessed)}")
    if parts:
        tokens.append(Text(" " + ". ".join(parts) + "."))
    tokens.append(Url(s.url or "", lead=" ", tail="."))
    return Rendered(tokens, _expected(s, "full_stops", authors, publisher=s.publisher, published=n.iso(s.published),
                                      accessed=n.iso(s.accessed)), "full_stops")


def loose(rng: random.Random, s: Source) -> Rendered:
    """Loose English practice: straight quotes, '19 February, 2017' or 'Feb. 12, 2026',
    'Retrieved from URL' / 'Available at: URL', '(accessed …)'."""
    authors = n.natural(s.authors) if s.authors else None
    fmt = rng.choice([n.en_dmy_comma, n.ieee_date, n.en_dmy])
    tokens: list[Token] = [Text(f"{authors}, ")] if authors else []
    tokens += [Text('"'), Title(s.title), Text('"')]
    parts = [p for p in (s.publisher, s.published and fmt(s.published)) if p]
    tokens.append(Text(", " + ", ".join(parts) + "." if parts else "."))
    accessed = f" (accessed {fmt(s.accessed)})" if s.accessed else ""
    tokens.append(Url(s.url or "", lead=" ", label=rng.choice(["Retrieved from ", "Available at: ", "[Online] "]),
                      tail=accessed))
    return Rendered(tokens, _expected(s, "loose", authors, publisher=s.publisher, published=n.iso(s.published),
                                      accessed=n.iso(s.accessed)), "loose")


def book(rng: random.Random, s: Source, *, turkish: bool = False) -> Rendered:
    """Book note (Chicago 17 / İSNAD 2): Author, Title (Ankara: AVİM Yayınları, 2024), p. 45.
    Turkish: 's. 45', or İSNAD's bare page '…, 2024), 45.'"""
    style = "book_tr" if turkish else "book_en"
    authors = n.isnad(s.authors) if turkish else n.natural(s.authors)
    page = f"s. {s.page}" if turkish and rng.random() < 0.7 else f"p. {s.page}" if not turkish else str(s.page)
    tokens: list[Token] = [Text(f"{authors}, "), Title(s.title, italic=True),
                           Text(f" ({s.place}: {s.publisher}, {s.year}), {page}.")]
    return Rendered(tokens, _expected(s, style, authors, publisher=s.publisher, published=s.year), style)


def book_tr(rng: random.Random, s: Source) -> Rendered:
    """Turkish book note: Yazar, Başlık (Ankara: AVİM Yayınları, 2024), s. 45."""
    return book(rng, s, turkish=True)


WEB_STYLES: dict[str, Style] = {
    "chicago": chicago, "avim": avim, "apa7": apa7, "mla9": mla9, "harvard": harvard, "ieee": ieee,
    "full_stops": full_stops, "loose": loose, "apa_tr": apa_tr, "isnad": isnad, "tr_labels": tr_labels,
}
PRINT_STYLES: dict[str, Style] = {"book_en": book, "book_tr": book_tr}
EN_STYLES = ["chicago", "avim", "apa7", "mla9", "harvard", "ieee", "full_stops", "loose"]
TR_STYLES = ["apa_tr", "isnad", "tr_labels", "avim", "chicago"]


def repeat(rng: random.Random, target: Source, number: int, lang: str) -> Rendered:
    """A repeat note: 'Ibid.', 'Ibid., p. 12' (Chicago); 'a.g.e.', 'a.g.m.', 'age.', 'a.g.e., s. 4'
    and 'Yılmaz, a.g.e., s. 45' (Turkish: adı geçen eser/makale); the short form of Chicago/İSNAD
    'Surname, Short Title, 45.'"""
    page = rng.randrange(1, 300)
    authors: str | None = None
    title: str | None = None
    roll = rng.random()
    if roll < 0.2 and target.authors:
        authors = n.surname(target.authors[0])
        title = target.title.split(":")[0].strip()
        text_tokens: list[Token] = [Text(f"{authors}, "), Title(title, italic=target.kind == "print"),
                                    Text(f", {'s. ' if lang == 'tr' else ''}{page}.")]
        style = "short_form"
    elif lang == "en":
        text_tokens = [Text(rng.choice(["Ibid.", f"Ibid., p. {page}.", f"Ibid., {page}.", "ibid."]))]
        style = "ibid"
    else:
        mark = "a.g.e." if target.kind == "print" else rng.choice(["a.g.m.", "a.g.e.", "age."])
        if target.authors and rng.random() < 0.4:
            authors = n.surname(target.authors[0])
            mark = f"{authors}, {mark}"
        text_tokens = [Text(rng.choice([mark, f"{mark}, s. {page}.", f"{mark} s. {page}"]))]
        style = "age"
    expected = ExpectedCitation(0, 0, authors, title, None, None, None, None, "repeat", number, style)
    return Rendered(text_tokens, expected, style)

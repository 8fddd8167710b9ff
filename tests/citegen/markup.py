"""Markup variants: how a rendered citation, a note and a notes section are written out.

Note markups (one per page), as AVİM pages and Word exports show them:
- `word`: Word-exported HTML, `<div style="mso-element:footnote" id="ftnN">` with
  `<a href="#_ftnrefN" name="_ftnN">[N]</a>`, `mso-` spans, `<o:p></o:p>`, `&nbsp;`;
- `p_bracket`: `<p>[N] …</p>`; `p_sup`: `<p><sup>N</sup> …</p>`;
- `br`: several notes in one `<p>`, separated by `<br>`;
- `text`: a plain-text page, `[N] …` lines.
URL forms inside a citation: `<a href=URL>URL</a>`, the link around the title or the word
"link" (URL not visible), bare text, `&lt;URL&gt;`; invisible characters and wraps in URLs.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

from .model import Rendered, Text, Title, Token, Url

MARKUPS = ["word", "p_bracket", "p_sup", "br", "text"]
HTML_URL_MODES = ["anchor", "anchor", "anchor", "bare", "hidden_title", "hidden_link"]
TEXT_URL_MODES = ["bare"]
INVISIBLES = ("\u00ad", "\u200b")
JOINERS = ["; ", "; ", " ; ", ";¶", "¶"]
"""How a note's citations are joined; '¶' is a new paragraph."""


@dataclass
class Choices:
    """The random decisions for one note, drawn once so HTML and plain text agree."""

    is_html: bool
    nbsp: bool
    spans: bool
    url_modes: list[str] = field(default_factory=list)
    inserted: list[str] = field(default_factory=list)
    """Invisible characters put into URLs (for the generator's tests)."""


def mangle_url(rng: random.Random, url: str, choices: Choices, *, allow_wrap: bool) -> str:
    """The URL as visible text: sometimes a soft hyphen/zero-width space inside, or a wrap
    (space or line break) right after a '-' or '/'."""
    roll = rng.random()
    cuts = [i + 1 for i, ch in enumerate(url) if ch in "-/" and i > url.find("//") + 2 and i + 1 < len(url)]
    if not cuts or roll > 0.16:
        return url
    at = rng.choice(cuts)
    if roll < 0.10:
        mark = rng.choice(INVISIBLES)
        choices.inserted.append(mark)
        return url[:at] + mark + url[at:]
    if not allow_wrap:
        return url
    return url[:at] + rng.choice([" ", "\n"]) + url[at:]


def _text(rng: random.Random, text: str, choices: Choices) -> str:
    if not choices.is_html:
        return text.replace(" ", "\u00a0") if choices.nbsp and rng.random() < 0.5 else text
    out = html.escape(text, quote=False)
    if choices.nbsp and rng.random() < 0.5:
        out = out.replace(" ", rng.choice(["&nbsp;", "\u00a0"]), rng.randrange(1, 3))
    if choices.spans and len(text) > 6 and rng.random() < 0.5:
        cut = rng.randrange(1, len(out))
        while "&" in out[max(0, cut - 7):cut]:  # never cut an entity
            cut -= 1
        style = rng.choice(["mso-ansi-language:EN-US", "mso-bidi-font-family:Calibri", "mso-ansi-language:TR"])
        out = f"{out[:cut]}<span style='{style}'>{out[cut:]}</span>"
    return out


def _anchor(url: str, label: str) -> str:
    return f'<a href="{html.escape(url)}">{label}</a>'


def render_tokens(rng: random.Random, tokens: list[Token], choices: Choices, mode: str) -> str:
    """One citation as HTML or text, the URL in `mode` (see HTML_URL_MODES)."""
    url_token = next((t for t in tokens if isinstance(t, Url)), None)
    out: list[str] = []
    for token in tokens:
        if isinstance(token, Text):
            out.append(_text(rng, token.text, choices))
        elif isinstance(token, Title):
            title = _text(rng, token.text, choices) if choices.is_html else token.text
            if choices.is_html and mode == "hidden_title" and url_token:
                title = _anchor(url_token.url, title)
            if choices.is_html and token.italic:
                tag = rng.choice(["i", "em"])
                title = f"<{tag}>{title}</{tag}>"
            out.append(title)
        else:
            out.append(_render_url(rng, token, choices, mode))
    return "".join(out)


def _render_url(rng: random.Random, token: Url, choices: Choices, mode: str) -> str:
    tail = _text(rng, token.tail, choices) if token.tail else ""
    if mode == "hidden_title":
        return tail
    lead = _text(rng, token.lead + token.label, choices)
    if mode == "hidden_link":
        word = rng.choice(["link", "Link", "bağlantı", "here"])
        return f"{lead}{_anchor(token.url, word)}{tail}"
    visible = mangle_url(rng, token.url, choices, allow_wrap=mode == "bare" or not choices.is_html)
    shown = html.escape(visible, quote=False) if choices.is_html else visible
    if mode == "anchor":
        if choices.spans:  # Word wraps link text in its own character style
            shown = f"<span class=MsoHyperlink><span style='mso-bidi-font-size:10.0pt'>{shown}</span></span>"
        shown = _anchor(token.url, shown)
    if token.angle:
        shown = f"&lt;{shown}&gt;" if choices.is_html else f"<{shown}>"
    return f"{lead}{shown}{tail}"


def plain(tokens: list[Token]) -> str:
    """A citation as plain text without any mangling (for reports)."""
    out = []
    for t in tokens:
        if isinstance(t, Url):
            out.append(f"{t.lead}{t.label}{'<' if t.angle else ''}{t.url}{'>' if t.angle else ''}{t.tail}")
        else:
            out.append(t.text)
    return "".join(out)


def without_final_stop(tokens: list[Token]) -> list[Token]:
    """A citation followed by ';' drops its final full stop ('…cooperation</a>; Hürriyet …')."""
    last = tokens[-1]
    if isinstance(last, Url) and last.tail.endswith("."):
        return [*tokens[:-1], Url(last.url, last.lead, last.label, last.tail[:-1], last.angle)]
    if isinstance(last, Text) and last.text.endswith(".") and not last.text.endswith(("Ibid.", "a.g.e.", "a.g.m.", "age.")):
        return [*tokens[:-1], Text(last.text[:-1])]
    return tokens


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def note_paragraphs(rng: random.Random, citations: list[Rendered], choices: Choices) -> tuple[list[str], str]:
    """A note's paragraphs (markup) and its plain text; citations joined as real authors join them."""
    paragraphs = [""]
    plain_text = ""
    for index, rendered in enumerate(citations):
        tokens = rendered.tokens
        joiner = rng.choice(JOINERS) if index + 1 < len(citations) else ""
        if joiner.startswith(";") or (joiner == " ; "):
            tokens = without_final_stop(tokens)
        mode = rng.choice(HTML_URL_MODES if choices.is_html else TEXT_URL_MODES)
        if mode.startswith("hidden") and any(isinstance(t, Url) and (t.angle or _has_digit(t.label)) for t in tokens):
            mode = "anchor"  # hiding the URL would hide what its label says (`Retrieved May 2, 2020, from`)
        choices.url_modes.append(mode)
        paragraphs[-1] += render_tokens(rng, tokens, choices, mode)
        plain_text += plain(tokens)
        if joiner.endswith("¶"):
            paragraphs[-1] += joiner[:-1]
            paragraphs.append(rng.choice(["; ", ";", ""]) if joiner == "¶" and rng.random() < 0.3 else "")
            plain_text += joiner[:-1] + " ¶ "
        elif joiner:
            paragraphs[-1] += _text(rng, joiner, choices)
            plain_text += joiner
    return paragraphs, plain_text


WORD_MARK = ('<a href="#_ftnref{n}" name="_ftn{n}" title=""><span class="MsoFootnoteReference">'
             '<span style="mso-special-character:footnote"><![if !supportFootnotes]>'
             '<span class="MsoFootnoteReference">[{n}]</span><![endif]></span></span></a>')
WORD_BODY_MARK = ('<a href="#_ftn{n}" name="_ftnref{n}" title=""><span class="MsoFootnoteReference">'
                  '<span style="mso-special-character:footnote"><![if !supportFootnotes]>'
                  '<span class="MsoFootnoteReference">[{n}]</span><![endif]></span></span></a>')


def body_marker(markup: str, number: int, rng: random.Random) -> str:
    """The marker in the commentary's text, right after punctuation: '…the Balkans.[1]'."""
    if markup == "word":
        return WORD_BODY_MARK.format(n=number)
    if markup == "p_sup":
        return rng.choice([f"<sup>{number}</sup>", f"<sup>[{number}]</sup>"])
    return f"[{number}]"


def word_note(number: int, paragraphs: list[str], rng: random.Random) -> str:
    space = rng.choice([" ", "&nbsp;", " <span style='mso-tab-count:1'> </span>"])
    body = [f'<p class="MsoFootnoteText">{WORD_MARK.format(n=number)}{space}{paragraphs[0]}<o:p></o:p></p>']
    body += [f'<p class="MsoFootnoteText"><span lang="EN-US">{p}</span><o:p></o:p></p>' for p in paragraphs[1:]]
    return f'<div style="mso-element:footnote" id="ftn{number}">\n' + "\n".join(body) + "\n</div>"


def word_section(notes: list[str]) -> str:
    return ('<div style="mso-element:footnote-list"><![if !supportFootnotes]><br clear="all">\n'
            '<hr align="left" size="1" width="33%">\n<![endif]>\n' + "\n".join(notes) + "\n</div>")


def p_note(markup: str, number: int, paragraphs: list[str], rng: random.Random) -> str:
    """`<p>[N] …</p>` or `<p><sup>N</sup> …</p>`, continuation paragraphs as plain `<p>`."""
    if markup == "p_sup":
        mark = rng.choice([f"<sup>{number}</sup> ", f"<sup>{number}</sup>", f"<sup>[{number}]</sup> "])
    else:
        mark = rng.choice([f"[{number}] ", f"[{number}]&nbsp;", f"[{number}]"])
    wrap = rng.random() < 0.4
    first = f'<span style="font-size:10pt">{mark}{paragraphs[0]}</span>' if wrap else f"{mark}{paragraphs[0]}"
    return "\n".join([f"<p>{first}</p>", *(f"<p>{p}</p>" for p in paragraphs[1:])])


def br_section(numbered: list[tuple[int, list[str]]], rng: random.Random) -> str:
    """Notes separated by `<br>` inside `<p>` elements of 1–5 notes each."""
    groups: list[list[str]] = [[]]
    for number, paragraphs in numbered:
        if groups[-1] and rng.random() < 0.25:
            groups.append([])
        groups[-1].append("<br>\n".join([f"[{number}] {paragraphs[0]}", *paragraphs[1:]]))
    return "\n".join("<p>" + f"{rng.choice(['<br>', '<br/>', '<br />'])}\n".join(g) + "</p>" for g in groups)


def text_section(numbered: list[tuple[int, list[str]]], rng: random.Random) -> str:
    """Plain text: `[N] …` lines, continuation paragraphs on their own lines, blank lines or not."""
    gap = "\n\n" if rng.random() < 0.5 else "\n"
    return gap.join("\n".join([f"[{number}] {paragraphs[0]}", *paragraphs[1:]]) for number, paragraphs in numbered)

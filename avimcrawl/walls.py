"""Access walls: an answer that stands between the crawler and the page, whatever its status.

A bot wall (Cloudflare's "Just a moment...", Akamai's "Access Denied", a DataDome captcha),
a page that only asks to enable JavaScript or cookies, or a paywall says nothing about
whether the cited page is alive. Link health records such an answer as `blocked` with the
wall's name, never stores its text as the source's, and never counts it as a failure.

`detect` reads an answer by its structure before its words:
1. the status and the redirect: 401 and 402 are paywalls, and so is a deep URL sent to a
   sign-in, subscription or consent page;
2. the vendor in front of the site, from the headers, cookies and markup only its walls
   carry (`cf-mitigated: challenge`, `_cf_chl_opt`, `captcha-delivery.com`, `px-captcha`,
   `Incapsula incident ID`, ...), told apart from the same vendor's ordinary pages and from
   its error pages for an origin that is down (Cloudflare 52x: an outage, not a wall);
3. for a wall of no known vendor: the shape of the page. Its visible text is read in blocks,
   the page's chrome (header, navigation, footer, asides), its banners (cookies, consent,
   newsletters) and its lists of links told apart from its own words. A page with an
   article's paragraph, or three sentences of its own, is content, whatever it says. Only a
   thin page whose message stands alone (in its title or a heading, or in a block with few
   other words of content) about proving you are human, enabling JavaScript or cookies, or
   subscribing is a wall. An article *about* captchas, a comment form with reCAPTCHA, a
   cookie banner or a "please enable JavaScript" notice above a real page never is.
A refusal (403, 429, 503…) is `blocked` by its status already: there the page only names
the wall, and may say more.

How well this does on answers no rule was written from: README, "Access walls: accuracy"
(`bench/walls.py`, on the generator `tests/wallgen/`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree


class Wall(StrEnum):
    CLOUDFLARE = "cloudflare"
    DDOS_GUARD = "ddos_guard"
    SUCURI = "sucuri"
    AKAMAI = "akamai"
    IMPERVA = "imperva"
    DATADOME = "datadome"
    PERIMETERX = "perimeterx"
    CAPTCHA = "captcha"
    """A captcha or "prove you are human" page of another service or of the site itself."""
    JAVASCRIPT = "javascript"
    """A page that only asks to enable JavaScript (a challenge of an unknown vendor, an empty app shell)."""
    COOKIES = "cookies"
    """A page that requires cookies, or a consent wall standing in place of the page."""
    PAYWALL = "paywall"
    """401, 402, or a subscription or sign-in page served instead of the article."""

    @property
    def label(self) -> str:
        """What a report calls it."""
        return _LABELS[self]


_LABELS = {
    Wall.CLOUDFLARE: "Cloudflare", Wall.DDOS_GUARD: "DDoS-Guard", Wall.SUCURI: "Sucuri", Wall.AKAMAI: "Akamai",
    Wall.IMPERVA: "Imperva (Incapsula)", Wall.DATADOME: "DataDome", Wall.PERIMETERX: "PerimeterX (HUMAN)",
    Wall.CAPTCHA: "a captcha of another service or the site's own", Wall.JAVASCRIPT: "a page asking for JavaScript",
    Wall.COOKIES: "a page asking for cookies, or a consent wall", Wall.PAYWALL: "a paywall or sign-in",
}


@dataclass(frozen=True)
class Sighting:
    """A wall seen in an answer, and what gave it away (for `checks.error`)."""

    wall: Wall
    evidence: str

    def describe(self) -> str:
        return f"{self.wall.value} wall: {self.evidence}"[:500]


# ------------------------------------------------------------------ the answer

MAX_BODY = 512 * 1024
"""Bytes of a body read: walls are small, and an article's first half-megabyte tells enough."""
THIN_WORDS = 300
"""A page with fewer visible words than this (banners and <noscript> left out) may be a wall;
with more it is content, whatever it says."""
LONG_PARAGRAPH_WORDS = 60
"""A paragraph this long is article text: walls say what they want in a sentence or two."""
LINK_SHARE = 0.6
"""A block with this share of its words in links is a list of links (trafilatura's link density)."""
SENTENCE_WORDS = 12
"""A block this long is a sentence of the page's own (a menu item, a button, a date are shorter)."""
CONTENT_WORDS = 80
"""With three sentences of its own, a page this long is content (a teaser's lead, a brief)."""
FEW_WORDS = 40
"""A wall's message stands alone: its page's other content (chrome and banners aside) is at
most this many words. A sentence asking for JavaScript above a bill's summary is a notice."""

_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas", "select",
              "option", "button"}
_CHROME = {"header", "nav", "footer", "aside"}
_BANNER = re.compile(r"cookie|consent|gdpr|kvkk|cerez|çerez|onetrust|cookiebot|didomi|qc-cmp|cmp-|usercentrics|"
                     r"truste|privacy-banner|notice-bar|newsletter|subscribe-box|signup|adblock|ad-block", re.I)
"""Ids and classes of page furniture whose words must not make a page look like a wall."""
_CONSENT = re.compile(r"cookie|consent|gdpr|kvkk|cerez|çerez|onetrust|cookiebot|didomi|qc-cmp|cmp|usercentrics|"
                      r"truste", re.I)
_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    """Lower case with Turkish İ handled, typographic apostrophes and ellipses plain."""
    return text.replace("İ", "i").casefold().replace("’", "'").replace("…", "...").replace("\xa0", " ")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Block:
    """A run of visible text closed by a block-level element."""

    text: str
    chrome: bool
    """Inside the page's header, navigation, footer or an aside."""
    banner: str | None
    """Inside page furniture (a cookie or consent banner, a newsletter box): its id or class."""
    link_words: int = 0
    """Words of it inside links."""

    @cached_property
    def words(self) -> int:
        return _words(self.text)

    @property
    def is_links(self) -> bool:
        """Mostly link text: a menu, a list of related headlines, not the page's own words."""
        return self.link_words > 0 and self.link_words >= LINK_SHARE * self.words


@dataclass
class Answer:
    """One HTTP answer, parsed once for every signature to read."""

    status: int
    headers: dict[str, list[str]]
    body: bytes
    url: str
    final_url: str

    @classmethod
    def read(cls, status: int, headers: Mapping[str, str] | Iterable[tuple[str, str]], body: bytes | str,
             url: str, final_url: str | None = None) -> Answer:
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        folded: dict[str, list[str]] = {}
        for name, value in pairs:
            folded.setdefault(_text(name).lower(), []).append(_text(value))
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        return cls(status, folded, raw[:MAX_BODY], url, final_url or url)

    def header(self, name: str) -> str:
        return ", ".join(self.headers.get(name, [])).lower()

    @cached_property
    def cookies(self) -> list[str]:
        """The names of the cookies the answer sets, lower case."""
        return [value.split("=", 1)[0].strip().lower() for value in self.headers.get("set-cookie", [])]

    @cached_property
    def is_markup(self) -> bool:
        kind = self.header("content-type")
        if kind and not any(word in kind for word in ("html", "xml", "text/plain")):
            return False
        return not self.body[:1024].lstrip().lower().startswith((b"%pdf", b"{", b"["))

    @cached_property
    def text(self) -> str:
        """The body as text: the declared charset, else the one in a meta tag, else UTF-8."""
        charset = _charset(self.header("content-type")) or _meta_charset(self.body[:4096]) or "utf-8"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    @cached_property
    def source(self) -> str:
        """The markup, entities decoded and folded, for looking up the tells vendors leave in it."""
        return _fold(html.unescape(self.text)) if self.is_markup else ""

    @cached_property
    def tree(self) -> lxml.html.HtmlElement | None:
        if not self.is_markup or not self.text.strip():
            return None
        markup = re.sub(r"^\s*<\?xml[^>]*>", "", self.text)
        try:
            return lxml.html.document_fromstring(markup)
        except (etree.ParserError, ValueError):
            return None

    @cached_property
    def title(self) -> str:
        found = self.tree.find(".//title") if self.tree is not None else None
        return _squash(found.text_content()) if found is not None else ""

    @cached_property
    def headings(self) -> list[str]:
        if self.tree is None:
            return []
        return [text for element in self.tree.iter("h1", "h2") if (text := _squash(element.text_content()))]

    @cached_property
    def blocks(self) -> list[Block]:
        if self.tree is None:
            return []
        body = self.tree.find("body")
        found: list[Block] = []
        _collect(body if body is not None else self.tree, found, [], chrome=False, banner=None)
        _flush(found, [], False, None)
        return [block for block in found if block.text]

    @cached_property
    def visible(self) -> str:
        """The visible text, banners left out."""
        return " ".join(block.text for block in self.blocks if block.banner is None)

    @cached_property
    def words(self) -> int:
        """Visible words, banners left out."""
        return sum(block.words for block in self.blocks if block.banner is None)

    @cached_property
    def content(self) -> list[Block]:
        """The blocks of the page's own content: no chrome, no banners."""
        return [block for block in self.blocks if not block.chrome and block.banner is None and not block.is_links]

    @cached_property
    def content_words(self) -> int:
        return sum(block.words for block in self.content)

    @cached_property
    def consent_words(self) -> int:
        """Words of cookie and consent banners."""
        return sum(block.words for block in self.blocks if block.banner and _CONSENT.search(block.banner))

    @cached_property
    def has_article_text(self) -> bool:
        return any(block.words >= LONG_PARAGRAPH_WORDS for block in self.blocks if block.banner is None)

    @cached_property
    def is_origin_error(self) -> bool:
        """A CDN saying the site behind it is down (see `_is_origin_error`)."""
        return _is_origin_error(self)

    @cached_property
    def is_content(self) -> bool:
        """Holds something to read besides a message: an article's paragraph, or several
        sentences of the page's own (a brief, a teaser in short paragraphs)."""
        sentences = sum(1 for block in self.content if block.words >= SENTENCE_WORDS)
        return self.has_article_text or (sentences >= 3 and self.content_words >= CONTENT_WORDS)

    @cached_property
    def thin(self) -> bool:
        """Little to read, and nothing of the page's own: what a wall looks like."""
        return self.tree is not None and not self.is_content and self.words < THIN_WORDS

    @cached_property
    def noscript(self) -> str:
        if self.tree is None:
            return ""
        return " ".join(_squash(element.text_content()) for element in self.tree.iter("noscript"))

    @cached_property
    def media(self) -> int:
        """Images, videos and frames: what a page with no words may still show."""
        if self.tree is None:
            return 0
        return sum(1 for _ in self.tree.iter("img", "video", "picture", "iframe", "embed", "object"))

    @cached_property
    def scripts(self) -> int:
        return sum(1 for _ in self.tree.iter("script")) if self.tree is not None else 0

    def states(self, pattern: re.Pattern[str], few: int = FEW_WORDS) -> re.Match[str] | None:
        """Where the page states its purpose in these words: its title or a heading, or a block
        of its content when the rest of its content is a few words at most."""
        if (found := pattern.search(_fold(" | ".join([self.title, *self.headings])))) is not None:
            return found
        for block in self.content:
            if (found := pattern.search(_fold(block.text))) is not None and self.content_words - block.words <= few:
                return found
        return None


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type)
    return match.group(1) if match else None


def _meta_charset(head: bytes) -> str | None:
    match = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", head, re.IGNORECASE)
    return match.group(1).decode("ascii", "replace") if match else None


_BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "li", "ul", "ol", "table",
           "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "form", "blockquote", "figure", "figcaption", "pre",
           "br", "center", "dl", "dt", "dd", "body", "html", "label", "fieldset"}


def _collect(element: lxml.html.HtmlElement, blocks: list[Block], current: list[tuple[str, bool]], chrome: bool,
             banner: str | None, in_link: bool = False) -> None:
    """Visible text in blocks: each block-level element closes the text before it."""
    for child in element.iterchildren():
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in _INVISIBLE:
            if tag and child.tail:
                current.append((child.tail, in_link))
            continue
        inner_chrome = chrome or tag in _CHROME or child.get("role") in ("navigation", "banner", "contentinfo")
        inner_banner = banner or _banner_name(child)
        inner_link = in_link or tag == "a"
        if tag in _BLOCKS or inner_banner != banner or inner_chrome != chrome:
            _flush(blocks, current, chrome, banner)
            if child.text:
                current.append((child.text, inner_link))
            _collect(child, blocks, current, inner_chrome, inner_banner, inner_link)
            _flush(blocks, current, inner_chrome, inner_banner)
        else:
            if child.text:
                current.append((child.text, inner_link))
            _collect(child, blocks, current, chrome, banner, inner_link)
        if child.tail:
            current.append((child.tail, in_link))


def _flush(blocks: list[Block], current: list[tuple[str, bool]], chrome: bool, banner: str | None) -> None:
    if current:
        text = _squash(" ".join(piece for piece, _ in current))
        link_words = sum(_words(piece) for piece, linked in current if linked)
        blocks.append(Block(text, chrome, banner, link_words))
        current.clear()


BANNER_MAX_WORDS = 150
"""A banner says its piece in fewer words. More, and the element holds the page: broken markup
(a banner's <div> never closed) or a page section merely named like one."""


def _banner_name(element: lxml.html.HtmlElement) -> str | None:
    names = f"{element.get('id', '')} {element.get('class', '')} {element.get('aria-label', '')}".strip()
    if not names or not _BANNER.search(names) or _words(element.text_content()) > BANNER_MAX_WORDS:
        return None
    return names


# ------------------------------------------------------------------ vendors


@dataclass(frozen=True)
class Vendor:
    """How one wall service shows itself.

    `walls`: tells found only on its wall pages (a challenge's script, a block page's wording);
    `fronts`: tells of the service standing in front of a site, on every page (a `Server`
    header, its cookies, its sensor script), which make a thin refusal (403, 429, 503) that
    service's wall.
    """

    wall: Wall
    wall_headers: tuple[tuple[str, str], ...] = ()
    walls: tuple[str, ...] = ()
    front_headers: tuple[tuple[str, str], ...] = ()
    front_cookies: tuple[str, ...] = ()
    fronts: tuple[str, ...] = ()

    def header_tell(self, answer: Answer) -> str | None:
        for name, value in self.wall_headers:
            if name in answer.headers and value in answer.header(name):
                return f"{name}: {value}" if value else f"{name} header"
        return None

    def wall_tells(self, answer: Answer) -> list[str]:
        return [f"page has {tell!r}" for tell in self.walls if tell in answer.source]

    def front_tell(self, answer: Answer) -> str | None:
        for name, value in self.front_headers:
            if name in answer.headers and value in answer.header(name):
                return f"{name}: {answer.header(name)[:60]}"
        for cookie in self.front_cookies:
            if any(name.startswith(cookie) for name in answer.cookies):
                return f"sets cookie {cookie}"
        return next((f"page has {tell!r}" for tell in self.fronts if tell in answer.source), None)


SIGNATURES = (
    Vendor(
        Wall.CLOUDFLARE,
        wall_headers=(("cf-mitigated", "challenge"), ("cf-chl-bypass", "")),
        walls=("_cf_chl_opt", "cf_chl_", "cf-browser-verification", "cf-challenge", "/cdn-cgi/challenge-platform/h/",
               "challenge-error-text", "cf-im-under-attack", "attention required! | cloudflare",
               "why have i been blocked?", "ddos protection by cloudflare", "cf-error-code",
               "used cloudflare to restrict access", "cf-spinner", "cf-please-wait", "cf-chl-widget"),
        front_headers=(("server", "cloudflare"), ("cf-ray", "")),
        front_cookies=("__cf_bm", "__cfduid", "cf_clearance"),
        fronts=("cloudflare ray id", "/cdn-cgi/", "performance & security by cloudflare", "cf-error-details"),
    ),
    Vendor(
        Wall.DDOS_GUARD,
        walls=("/.well-known/ddos-guard/", "ddg-l10n", "ddos-guard"),
        front_headers=(("server", "ddos-guard"),),
        front_cookies=("__ddg1", "__ddg2", "__ddgid", "__ddgmark", "__ddg"),
        fronts=("check.ddos-guard.net", "ddos-guard.net/"),
    ),
    Vendor(
        Wall.SUCURI,
        wall_headers=(("x-sucuri-block", ""),),
        walls=("sucuri website firewall", "sucuri_cloudproxy_js", "cloudproxy@sucuri.net", "sucuri.net/privacy",
               "access denied - sucuri"),
        front_headers=(("server", "sucuri"), ("x-sucuri-id", ""), ("x-sucuri-cache", "")),
        front_cookies=("sucuri_cloudproxy",),
    ),
    Vendor(
        Wall.AKAMAI,
        walls=("errors.edgesuite.net", "sec-if-cpt-container", "/_sec/cp_challenge/", "sec-cpt-if",
               "powered and protected by akamai", "akamai-challenge", "bm-verify", "/_sec/verify"),
        front_headers=(("server", "akamaighost"), ("server", "akamainetstorage"), ("x-akamai-transformed", ""),
                       ("akamai-grn", ""), ("x-akamai-request-id", "")),
        front_cookies=("_abck", "bm_sz", "ak_bmsc", "bm_sv", "bm_mi"),
    ),
    Vendor(
        Wall.IMPERVA,
        walls=("incapsula incident id", "request unsuccessful. incapsula", "pardon our interruption",
               "imperva incident id", "powered by imperva", "this request was blocked by our security service"),
        front_headers=(("x-iinfo", ""), ("x-cdn", "incapsula"), ("x-cdn", "imperva")),
        front_cookies=("visid_incap_", "incap_ses_", "nlbi_", "reese84"),
        fronts=("_incapsula_resource",),
    ),
    Vendor(
        Wall.DATADOME,
        wall_headers=(("x-datadome", "block"),),
        walls=("captcha-delivery.com", "geo.captcha-delivery", "ct.captcha-delivery", "var dd={", "var dd = {",
               "datadome captcha", "dd={'rt'", 'dd={"rt"'),
        front_headers=(("x-datadome", ""), ("x-datadome-cid", ""), ("x-dd-b", "")),
        front_cookies=("datadome",),
        fronts=("js.datadome.co",),
    ),
    Vendor(
        Wall.PERIMETERX,
        walls=("px-captcha", "captcha.px-cdn.net", "pxcaptcha", "_pxcaptcha", "press & hold", "px-block",
               "perimeterx block"),
        front_headers=(("x-px", ""), ("x-px-block", "")),
        front_cookies=("_px3", "_pxhd", "_pxvid", "_px2", "pxcts"),
        fronts=("_pxappid", "client.perimeterx.net", "px-cdn.net", "/px/client/main.min.js"),
    ),
)

_AKAMAI_BLOCK = re.compile(r"access denied.{0,400}reference\s*#\s*\d+\.[0-9a-f]+", re.S)
"""Akamai's classic block page, also when it comes without its headers or the edgesuite link."""
_AKAMAI_REFERENCE = re.compile(r"reference\s*#\s*\d+\.[0-9a-f]+\.\d+")
_REFUSALS = {401, 403, 405, 406, 409, 429, 503}
"""Statuses a wall answers with; a vendor standing in front and a thin page make them its wall."""

_ORIGIN_ERROR = re.compile(
    r"error code:?\s*(?:52[0-9]|530|1016|1033)\b|\berror\s*(?:52[0-9]|530|1016)\b|web server is down|"
    r"connection timed out|a timeout occurred|origin dns error|ssl handshake failed|invalid ssl certificate|"
    r"web server is returning an unknown error|origin is unreachable|bad gateway|gateway time-?out|"
    r"an error occurred while processing your request|zero size object|temporarily unable to service your request")
"""A CDN's pages for a site behind it that does not answer: the site is down, not walled."""


# ------------------------------------------------------------------ generic walls

_HUMAN = re.compile(
    r"verify (?:that )?you(?:'re| are)(?: a)? human|are you (?:a )?(?:human|robot)|not a (?:ro)?bot\b|"
    r"prove (?:that )?you(?:'re| are)(?: a)? human|human verification|verify you are not a (?:bot|robot)|"
    r"security (?:check|verification)|complete the (?:security check|captcha|challenge)|unusual traffic|"
    r"automated (?:queries|requests|access|traffic)|bot (?:check|detection|protection|verification)|captcha|"
    r"checking (?:your|the|if the site) (?:browser|connection)|one more step|press and hold|"
    r"please wait while we verify|verifying (?:your browser|you are human|that you are)|robot check|"
    r"enter the (?:characters|code|text|letters|numbers) (?:you see|shown|below|in the (?:image|picture))|"
    r"type the (?:characters|code|text) |"
    r"robot olmad[ıi]ğ[ıi]n[ıi]z|insan oldu[ğg]unuzu|güvenlik (?:kontrol|doğrulama)|doğrulama (?:gerekli|yap)|"
    r"olağan ?d[ıi]ş[ıi] trafik|bot olmad[ıi]ğ[ıi]n[ıi]z|resimdeki (?:kodu|karakterleri)|"
    r"вы не робот|подтвердите, что вы|проверка (?:безопасности|браузера)|я не робот|капча|"
    r"sie kein roboter|sicherheitsüberprüfung|vous n'êtes pas un robot|vérification de sécurité|"
    r"robot deyil|təhlükəsizlik yoxlaması|robot olmadığınızı")
_ENABLE_JAVASCRIPT = re.compile(
    r"(?:enable|turn on|activate|allow) (?:your )?javascript|javascript (?:is |must be )?(?:disabled|required|"
    r"needs to be enabled|must be enabled|is not enabled|is turned off|to run this app|to continue)|"
    r"requires javascript|without javascript|need(?:s)? (?:to enable )?javascript|javascript'?i? "
    r"(?:etkinleştir|aç|aktif|etkin)|javascript(?:'in)? (?:etkin|aktif|devre d[ıi]ş[ıi])|javascript gerekli|"
    r"включите javascript|javascript отключен|поддержк\w* javascript|javascript aktivieren|activez javascript|"
    r"activa javascript|javascript'i açın")
_ENABLE_COOKIES = re.compile(
    r"(?:enable|turn on|allow|accept) (?:your )?(?:browser )?cookies (?:to|in order to|and|for|before)|cookies "
    r"(?:are|must be|need to be|have been) (?:disabled|enabled|blocked|turned off)|requires cookies|"
    r"cookies (?:are )?required|before you continue|bevor sie fortfahren|devam etmeden önce|"
    r"çerezleri (?:etkinleştir|açın|aktif|kabul)|çerezler(?:in)? (?:devre d[ıi]ş[ıi]|engellen|etkin)|"
    r"çerez(?:lere)? izin ver|kukilər(?:i)? (?:deaktiv|aktivləşdir)|kukiləri (?:aktivləşdir|qəbul)|включите (?:cookies|куки)|cookies aktivieren|activez les cookies")
_SUBSCRIBE = re.compile(
    r"subscribe (?:now )?to (?:continue|read|unlock|keep reading|access|get)|(?:to )?continue reading,? "
    r"(?:subscribe|sign|log|register|create)|subscribers? only|(?:exclusive|only) (?:for|to) subscribers|"
    r"this (?:article|content|story) is (?:for|only available to|reserved for|available to|exclusive to) "
    r"(?:subscribers|members|premium)|become a (?:subscriber|member)|already a subscriber|subscription required|"
    r"premium (?:content|article)|sign in to (?:continue|read|keep)|log ?in to (?:continue|read|keep)|"
    r"register (?:for free )?to (?:continue|read)|create (?:a free|an|your free) account to (?:continue|read|keep)|"
    r"you(?:'ve| have) reached (?:your|the) (?:limit|(?:free )?(?:article )?limit|free articles?)|free articles? (?:this month|remaining|limit)|"
    r"unlock (?:this|full|unlimited) (?:article|access|story|reading)|to read the full (?:article|story)|"
    r"abone ol(?:un|arak)?|abonelere özel|okumaya devam etmek için|üye (?:girişi yap|olun)|aboneliğiniz|"
    r"premium içerik|haberin devamı|tamamını okumak için|abunə ol|abunəçilər üçün|qeydiyyatdan keçin|"
    r"բաժանորդագր|подпишитесь|только для подписчиков|оформите подписку|"
    r"чтобы продолжить чтение|чтобы читать дальше|jetzt abonnieren|abonnez-vous|réservé aux abonnés")
_OFFER = re.compile(r"(?:[$€£₺]|tl\b|usd|eur|руб)\s?\d+(?:[.,]\d+)?\s*(?:/|per|a|ayda|aylık|в месяц)?\s*"
                    r"(?:month|week|year|mo\b|ay\b|yıl)|\d+(?:[.,]\d+)?\s?(?:[$€£₺]|tl\b)\s*(?:/|per|a)?\s*"
                    r"(?:month|week|year|ay\b|yıl)")
"""A price by the month or year: a subscription offer."""
_GATE_PATHS = re.compile(
    r"(?:^|/)(?:subscribe|subscription|subscriptions|paywall|register|registration|signin|sign-in|sign_in|login|"
    r"log-in|account/login|abone|abonelik|uyelik|üyelik|giris|giriş|uye-ol|premium|offers?|consent|cookiewall|"
    r"cookie-wall|captcha|challenge|verify|blocked|access-denied|podpiska)(?:$|[/?.#_-])", re.IGNORECASE)
_GATE_HOSTS = re.compile(r"^(?:subscribe|subscription|subscriptions|account|accounts|login|auth|sso|id|connect|"
                         r"abone|uyelik|members?|register)\.", re.IGNORECASE)
_GATE_QUERY = re.compile(r"(?:^|&)(?:paywall|subscribe|metered|regwall)=|(?:^|&)(?:return|redirect|next|"
                         r"destination|location)(?:_?url|_?to)?=", re.IGNORECASE)
_ADMIN_PATHS = re.compile(r"(?:^|/)(?:wp-admin|wp-login\.php|admin|administrator|user|users|node/\d+/edit|edit|"
                          r"dashboard|cms|backend|yonetim)(?:$|[/?.#])", re.IGNORECASE)
"""A cited URL into a site's administration: sent to a sign-in page, it is a wrong link, not a paywall."""
_CONSENT_HOSTS = re.compile(r"^(?:consent|cmp|privacy|guce|cookies?)\.", re.IGNORECASE)
_CAPTCHA_WIDGETS = ("g-recaptcha", "h-captcha", "cf-turnstile", "hcaptcha.com/1/api.js", "google.com/recaptcha",
                    "recaptcha/api.js", "challenges.cloudflare.com/turnstile", "frc-captcha", "captcha.awswaf",
                    "geetest", "arkoselabs", "funcaptcha", "smartcaptcha")


# ------------------------------------------------------------------ detection


def detect(status: int, headers: Mapping[str, str] | Iterable[tuple[str, str]], body: bytes | str, url: str,
           final_url: str | None = None) -> Sighting | None:
    """The wall an answer is, or None when it is the site's own answer (a page, an error)."""
    answer = Answer.read(status, headers, body, url, final_url)
    return _by_redirect(answer) or _vendor_wall(answer) or _by_status(answer) or _generic_wall(answer)


def detect_in_response(response: Any, meta: Mapping[str, Any]) -> Sighting | None:
    """`detect` on a Scrapy response, with its request's meta (for the URL first requested,
    before redirects: a downloader middleware's response has no meta of its own yet)."""
    pairs = [(name.decode("latin-1"), value.decode("latin-1"))
             for name, values in response.headers.items() for value in values]
    redirects = meta.get("redirect_urls") or [response.url]
    return detect(response.status, pairs, response.body, redirects[0], response.url)


def _by_status(answer: Answer) -> Sighting | None:
    if answer.status == 402:
        return Sighting(Wall.PAYWALL, "HTTP 402 Payment Required")
    if answer.status == 401:
        return Sighting(Wall.PAYWALL, "HTTP 401: the site asks to sign in")
    return None


def _by_redirect(answer: Answer) -> Sighting | None:
    """A deep URL sent to a sign-in, subscription or consent page: a wall, not a move."""
    if answer.final_url == answer.url or not _is_deep(answer.url):
        return None
    cited, final = urlsplit(answer.url), urlsplit(answer.final_url)
    if _ADMIN_PATHS.search(cited.path):
        return None
    if _CONSENT_HOSTS.match(final.hostname or "") or re.search(r"consent|cookiewall|cookie-wall", final.path, re.I):
        return Sighting(Wall.COOKIES, f"redirected to the consent page {answer.final_url[:120]}")
    gate = _GATE_PATHS.search(final.path)
    if gate is not None and _GATE_PATHS.search(cited.path):
        return None  # the cited URL is itself such a page
    if gate is None and not _GATE_HOSTS.match(final.hostname or "") and not _GATE_QUERY.search(final.query):
        return None
    word = gate.group(0).strip("/?.#_-").lower() if gate else (final.hostname or "").split(".")[0]
    if word in {"captcha", "challenge", "verify", "blocked", "access-denied"}:
        return _vendor_wall(answer) or Sighting(Wall.CAPTCHA, f"redirected to {answer.final_url[:120]}")
    if answer.has_article_text:
        return None  # a page with an article at the end of the redirect is the page
    return Sighting(Wall.PAYWALL, f"redirected to the {word} page {answer.final_url[:120]}")


def _is_deep(url: str) -> bool:
    return any(part for part in urlsplit(url).path.split("/"))


def _vendor_wall(answer: Answer) -> Sighting | None:
    """A wall service's own page: its header, or its page's tells (the vendor with most of them)
    on a refusal or a thin page; else a thin refusal from a site the service stands in front of."""
    if answer.is_origin_error:
        return None
    for vendor in SIGNATURES:
        if (tell := vendor.header_tell(answer)) is not None:
            return Sighting(vendor.wall, tell)
    wall_shaped = answer.status in _REFUSALS or answer.thin
    if wall_shaped:
        told = [(len(tells), -index, vendor, tells) for index, vendor in enumerate(SIGNATURES)
                if (tells := vendor.wall_tells(answer))]
        if told:
            _, _, vendor, tells = max(told, key=lambda found: found[:2])
            return Sighting(vendor.wall, ", ".join(tells[:2]))
        if _AKAMAI_BLOCK.search(answer.source):
            return Sighting(Wall.AKAMAI, "its Access Denied page (Reference #)")
    if answer.status in _REFUSALS and answer.thin:
        for vendor in SIGNATURES:
            if (front := vendor.front_tell(answer)) is not None:
                return Sighting(vendor.wall, f"HTTP {answer.status} from {front}")
    if answer.thin and answer.content_words <= 5:
        for vendor in SIGNATURES:  # an empty page that only loads the service's own resource
            if (tell := next((tell for tell in vendor.fronts if tell in answer.source), None)) is not None:
                return Sighting(vendor.wall, f"an empty page loading {tell!r}")
    return None


def _is_origin_error(answer: Answer) -> bool:
    """A CDN saying the site behind it is down: an outage, reported as such. Akamai numbers
    every error page it serves (`Reference #97.…`); at 5xx without "Access Denied" it is relaying
    its origin's failure."""
    if answer.status < 500 or any(vendor.header_tell(answer) for vendor in SIGNATURES) or "_cf_chl_opt" in answer.source:
        return False
    if _AKAMAI_REFERENCE.search(answer.source) and "access denied" not in answer.source:
        return True
    return answer.status in {520, 521, 522, 523, 524, 525, 526, 527, 530} or bool(
        _ORIGIN_ERROR.search(_fold(" ".join([answer.title, *answer.headings, *(b.text for b in answer.content[:6])]))))


_GENERIC_HEADERS = (
    # AWS WAF (docs: "CAPTCHA and Challenge actions"): the action it took, in a header.
    ("x-amzn-waf-action", "captcha", Wall.CAPTCHA),
    ("x-amzn-waf-action", "challenge", Wall.JAVASCRIPT),
)


def _generic_wall(answer: Answer) -> Sighting | None:
    """A wall of no known vendor: a thin page whose purpose is the wall. Served with a refusal
    by a site a wall service stands in front of, it is that service's."""
    for name, value, wall in _GENERIC_HEADERS:
        if value in answer.header(name):
            return Sighting(wall, f"{name}: {value}")
    if answer.tree is None or answer.status in (404, 410) or answer.is_origin_error:
        return None
    refused_briefly = answer.status in _REFUSALS and not answer.has_article_text
    found = _asks(answer) if answer.thin or refused_briefly else None
    found = found or _paywall(answer)
    if found is None or found.wall is Wall.PAYWALL or answer.status not in _REFUSALS:
        return found
    for vendor in SIGNATURES:
        if (front := vendor.front_tell(answer)) is not None:
            return Sighting(vendor.wall, f"{found.evidence}; {front}")
    return found


def _asks(answer: Answer) -> Sighting | None:
    """What a thin page asks of its visitor, if asking is all it does."""
    refused = answer.status in _REFUSALS  # the status says "no": the page only says how
    human = answer.states(_HUMAN) or (_HUMAN.search(_fold(answer.visible)) if refused else None)
    if human is not None:
        if _has_captcha(answer):
            return Sighting(Wall.CAPTCHA, f"asks to prove a human is there ({human.group(0)!r}), with a captcha")
        return Sighting(Wall.JAVASCRIPT, f"a browser check ({human.group(0)!r}) that runs in JavaScript")
    if _has_captcha(answer) and (answer.content_words <= FEW_WORDS or refused):
        return Sighting(Wall.CAPTCHA, "a captcha is the page")
    if (match := answer.states(_ENABLE_COOKIES)) is not None:
        return Sighting(Wall.COOKIES, f"asks to enable cookies ({match.group(0)!r})")
    if answer.content_words <= 20 and answer.consent_words >= 15:
        return Sighting(Wall.COOKIES, "a consent banner is all the page holds")
    if (match := answer.states(_ENABLE_JAVASCRIPT)) is not None:
        return Sighting(Wall.JAVASCRIPT, f"asks to enable JavaScript ({match.group(0)!r})")
    if answer.content_words <= 15 and "javascript" in _fold(answer.visible):
        return Sighting(Wall.JAVASCRIPT, "a page of a few words, about JavaScript")
    if answer.words < 15 and (match := _ENABLE_JAVASCRIPT.search(_fold(answer.noscript))) is not None:
        return Sighting(Wall.JAVASCRIPT, f"an empty page whose <noscript> asks to enable JavaScript "
                                         f"({match.group(0)!r})")
    if answer.words == 0 and answer.scripts and not answer.media:
        return Sighting(Wall.JAVASCRIPT, "an empty page: only scripts would show anything")
    return None


def _has_captcha(answer: Answer) -> bool:
    """A captcha widget, something named captcha, or a form asking for the code in its picture."""
    if any(widget in answer.source for widget in _CAPTCHA_WIDGETS):
        return True
    tree = answer.tree
    if tree is None:
        return False
    if any("captcha" in " ".join(str(value) for value in element.attrib.values()).lower()
           for element in tree.iter("img", "input", "form", "div", "iframe")):
        return True
    return any(_is_picture_code_form(form) for form in tree.iter("form"))


def _is_picture_code_form(form: lxml.html.HtmlElement) -> bool:
    """A form with a picture and a box to type what it shows (not a sign-in, not a search)."""
    if form.get("role") == "search" or re.search(r"search|ara|q=", form.get("action") or "", re.I):
        return False
    inputs = [field for field in form.iter("input") if (field.get("type") or "text").lower() in ("text", "number", "")]
    passwords = [field for field in form.iter("input") if (field.get("type") or "").lower() == "password"]
    pictures = [image for image in form.iter("img") if image.getparent() is not None
                and image.getparent().tag != "button"]
    return bool(pictures) and len(inputs) == 1 and not passwords


def _paywall(answer: Answer) -> Sighting | None:
    """A subscription or sign-in page in place of the article: it says so where a reader looks
    first, and holds no article text."""
    if answer.is_content:
        return None
    if (match := answer.states(_SUBSCRIBE, few=2 * FEW_WORDS)) is not None:
        return Sighting(Wall.PAYWALL, f"a subscription page ({match.group(0)!r})")
    if answer.thin and (match := _OFFER.search(_fold(answer.visible))) is not None and _SUBSCRIBE_WORD.search(
            _fold(answer.visible)):
        return Sighting(Wall.PAYWALL, f"a subscription offer ({match.group(0)!r})")
    if _not_free(answer) and answer.content_words < 120:
        return Sighting(Wall.PAYWALL, "marked isAccessibleForFree: false, with no article text")
    return None


_SUBSCRIBE_WORD = re.compile(r"subscri|abone|üyelik|подпис|abonn")


def _not_free(answer: Answer) -> bool:
    """Google's structured data for paywalled content says the article is not free."""
    tree = answer.tree
    if tree is None:
        return False
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or ""):
            continue
        try:
            data = json.loads(script.text_content() or "null")
        except ValueError:
            continue
        if _free_flag(data) is False:
            return True
    return False


def _free_flag(data: object) -> bool | None:
    if isinstance(data, list):
        flags = [_free_flag(item) for item in data]
        return False if False in flags else None
    if isinstance(data, dict):
        value = data.get("isAccessibleForFree")
        if value in (False, "False", "false"):
            return False
        graph = data.get("@graph")
        return _free_flag(graph) if graph is not None else None
    return None

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
3. for a wall of no known vendor: the shape of the page. Only a thin page (little visible
   text outside cookie banners and `<noscript>`, no article in it) whose title, headings or
   text is about proving you are human, enabling JavaScript or cookies, or subscribing, is a
   wall. An article *about* captchas, a comment form with reCAPTCHA, a cookie banner or a
   `<noscript>` notice on a real page never is.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
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


VENDORS = (Wall.CLOUDFLARE, Wall.DDOS_GUARD, Wall.SUCURI, Wall.AKAMAI, Wall.IMPERVA, Wall.DATADOME,
           Wall.PERIMETERX)


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
"""A page with fewer visible words than this (cookie banners and <noscript> left out) may be a
wall; with more it is content, whatever it says."""
LONG_PARAGRAPH_WORDS = 60
"""A paragraph this long is article text: walls say what they want in a sentence or two."""

_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"}
_BANNER = re.compile(r"cookie|consent|gdpr|kvkk|cerez|çerez|onetrust|cookiebot|didomi|qc-cmp|cmp-|usercentrics|"
                     r"truste|privacy-banner|notice-bar|newsletter|subscribe-box|signup", re.IGNORECASE)
"""Ids and classes of page furniture whose words must not make a page look like a wall."""
_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    """Lower case with Turkish İ/I handled, typographic apostrophes and ellipses plain."""
    return text.replace("İ", "i").casefold().replace("’", "'").replace("…", "...").replace("\xa0", " ")


@dataclass
class Answer:
    """One HTTP answer, parsed once for every signature to read."""

    status: int
    headers: dict[str, list[str]]
    body: bytes
    url: str
    final_url: str
    _tree: lxml.html.HtmlElement | None = field(default=None, init=False, repr=False)

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
    def cookies(self) -> str:
        """The names of the cookies the answer sets, lower case, space separated."""
        return " ".join(value.split("=", 1)[0].strip().lower() for value in self.headers.get("set-cookie", []))

    @cached_property
    def content_type(self) -> str:
        return self.header("content-type")

    @cached_property
    def is_markup(self) -> bool:
        kind = self.content_type
        if kind and not any(word in kind for word in ("html", "xml", "text/plain")):
            return False
        head = self.body[:1024].lstrip().lower()
        return not head.startswith((b"%pdf", b"{", b"[")) or "html" in kind

    @cached_property
    def text(self) -> str:
        """The body as text: the declared charset, else the one in a meta tag, else UTF-8."""
        charset = _charset(self.content_type) or _meta_charset(self.body[:4096]) or "utf-8"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    @cached_property
    def source(self) -> str:
        """The markup, entities decoded and folded, for looking up the tells vendors leave in it."""
        return _fold(html.unescape(self.text))

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
        tree = self.tree
        found = tree.find(".//title") if tree is not None else None
        return _squash(found.text_content()) if found is not None else ""

    @cached_property
    def headings(self) -> list[str]:
        tree = self.tree
        if tree is None:
            return []
        return [text for element in tree.iter("h1", "h2") if (text := _squash(element.text_content()))]

    @cached_property
    def paragraphs(self) -> list[str]:
        """The visible blocks of text, banners and invisible parts left out."""
        tree = self.tree
        if tree is None:
            return []
        body = tree.find("body")
        blocks: list[str] = []
        _collect(body if body is not None else tree, blocks, [])
        return [block for block in blocks if block]

    @cached_property
    def visible(self) -> str:
        return " ".join(self.paragraphs)

    @cached_property
    def words(self) -> int:
        return len(_WORD.findall(self.visible))

    @cached_property
    def noscript(self) -> str:
        tree = self.tree
        if tree is None:
            return ""
        return " ".join(_squash(element.text_content()) for element in tree.iter("noscript"))

    @cached_property
    def links(self) -> int:
        tree = self.tree
        return sum(1 for _ in tree.iter("a")) if tree is not None else 0

    @cached_property
    def has_article_text(self) -> bool:
        """A paragraph as long as an article's: walls say what they want in a sentence or two."""
        return any(len(_WORD.findall(block)) >= LONG_PARAGRAPH_WORDS for block in self.paragraphs)

    @cached_property
    def thin(self) -> bool:
        """Little to read: what a wall looks like (a short brief does too: its words decide)."""
        return not self.has_article_text and self.words < THIN_WORDS

    @cached_property
    def prominent(self) -> str:
        """Where a wall states its purpose: the title, the headings and, on a thin page, its text."""
        parts = [self.title, *self.headings]
        if self.thin:
            parts.append(self.visible)
        return _fold(" | ".join(parts))


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


def _collect(element: lxml.html.HtmlElement, blocks: list[str], current: list[str]) -> None:
    """Visible text in blocks: each block-level element closes the text before it."""
    for child in element.iterchildren():
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in _INVISIBLE or _is_banner(child):
            if tag and child.tail:
                current.append(child.tail)
            continue
        if tag in _BLOCKS:
            _flush(blocks, current)
            if child.text:
                current.append(child.text)
            _collect(child, blocks, current)
            _flush(blocks, current)
        else:
            if child.text:
                current.append(child.text)
            _collect(child, blocks, current)
        if child.tail:
            current.append(child.tail)


_BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "li", "ul", "ol", "table",
           "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "form", "blockquote", "figure", "figcaption", "pre",
           "br", "center", "dl", "dt", "dd", "body", "html"}


def _flush(blocks: list[str], current: list[str]) -> None:
    if current:
        blocks.append(_squash(" ".join(current)))
        current.clear()


def _is_banner(element: lxml.html.HtmlElement) -> bool:
    names = f"{element.get('id', '')} {element.get('class', '')} {element.get('aria-label', '')}"
    return bool(names.strip()) and bool(_BANNER.search(names))


# ------------------------------------------------------------------ vendors


@dataclass(frozen=True)
class Vendor:
    """How one wall service shows itself.

    `walls`: tells found only on its wall pages (a challenge script, a block page's wording);
    `fronts`: tells of the service standing in front of a site, on every page (a `Server`
    header, its cookies, its sensor script), which make a thin refusal (403, 429, 503) or a
    thin challenge-shaped page that service's wall.
    """

    wall: Wall
    wall_headers: tuple[tuple[str, str], ...] = ()
    walls: tuple[str, ...] = ()
    front_headers: tuple[tuple[str, str], ...] = ()
    front_cookies: tuple[str, ...] = ()
    fronts: tuple[str, ...] = ()

    def wall_tell(self, answer: Answer) -> str | None:
        for name, value in self.wall_headers:
            if name in answer.headers and value in answer.header(name):
                return f"{name}: {value}" if value else f"{name} header"
        source = answer.source
        return next((f"page has {tell!r}" for tell in self.walls if tell in source), None)

    def front_tell(self, answer: Answer) -> str | None:
        for name, value in self.front_headers:
            if name in answer.headers and value in answer.header(name):
                return f"{name}: {answer.header(name)[:60]}"
        cookies = answer.cookies
        for cookie in self.front_cookies:
            if any(name.startswith(cookie) for name in cookies.split()):
                return f"sets cookie {cookie}"
        source = answer.source
        return next((f"page has {tell!r}" for tell in self.fronts if tell in source), None)


SIGNATURES = (
    Vendor(
        Wall.CLOUDFLARE,
        wall_headers=(("cf-mitigated", "challenge"), ("cf-chl-bypass", "")),
        walls=("_cf_chl_opt", "cf_chl_", "cf-browser-verification", "cf-challenge", "/cdn-cgi/challenge-platform/h/",
               "challenge-error-text", "cf-im-under-attack", "attention required! | cloudflare",
               "sorry, you have been blocked", "you are unable to access", "checking your browser before accessing",
               "ddos protection by cloudflare", "why have i been blocked?", "you are being rate limited",
               "cf-spinner", "cf-please-wait"),
        front_headers=(("server", "cloudflare"), ("cf-ray", "")),
        front_cookies=("__cf_bm", "__cfduid", "cf_clearance"),
        fronts=("cloudflare ray id", "/cdn-cgi/", "performance & security by", "cf-error-details"),
    ),
    Vendor(
        Wall.DDOS_GUARD,
        walls=("check.ddos-guard.net", "/.well-known/ddos-guard/", "ddos-guard.net/", "ddos-guard"),
        front_headers=(("server", "ddos-guard"),),
        front_cookies=("__ddg1", "__ddg2", "__ddgid", "__ddgmark", "__ddg"),
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
               "powered and protected by akamai", "akamai-challenge"),
        front_headers=(("server", "akamaighost"), ("server", "akamainetstorage"), ("x-akamai-transformed", ""),
                       ("akamai-grn", ""), ("x-akamai-request-id", "")),
        front_cookies=("_abck", "bm_sz", "ak_bmsc", "bm_sv", "bm_mi"),
    ),
    Vendor(
        Wall.IMPERVA,
        walls=("incapsula incident id", "_incapsula_resource", "request unsuccessful. incapsula",
               "pardon our interruption", "imperva incident id", "/_incapsula_resource?"),
        front_headers=(("x-iinfo", ""), ("x-cdn", "incapsula"), ("x-cdn", "imperva")),
        front_cookies=("visid_incap_", "incap_ses_", "nlbi_", "reese84"),
    ),
    Vendor(
        Wall.DATADOME,
        walls=("captcha-delivery.com", "geo.captcha-delivery", "ct.captcha-delivery", "var dd={", "var dd = {",
               "datadome captcha", "dd={'rt'", 'dd={"rt"'),
        wall_headers=(("x-datadome", "block"),),
        front_headers=(("x-datadome", ""), ("x-datadome-cid", ""), ("x-dd-b", "")),
        front_cookies=("datadome",),
        fronts=("js.datadome.co", "datadome"),
    ),
    Vendor(
        Wall.PERIMETERX,
        walls=("px-captcha", "captcha.px-cdn.net", "pxcaptcha", "_pxcaptcha", "press & hold", "press &amp; hold",
               "px-block", "perimeterx block", "human challenge"),
        front_headers=(("x-px", ""), ("x-px-block", "")),
        front_cookies=("_px3", "_pxhd", "_pxvid", "_px2", "pxcts"),
        fronts=("_pxappid", "client.perimeterx.net", "px-cdn.net", "perimeterx", "/px/client/main.min.js"),
    ),
)
_BY_WALL = {signature.wall: signature for signature in SIGNATURES}

_REFUSALS = {403, 405, 406, 409, 429, 503}
"""Statuses a wall answers with; a vendor standing in front and a thin page make them its wall."""

_CLOUDFLARE_ORIGIN_ERROR = re.compile(
    r"error code:?\s*(?:52[0-9]|530|1016|1033)\b|\berror\s*(?:52[0-9]|530|1016)\b|web server is down|"
    r"connection timed out|a timeout occurred|origin dns error|ssl handshake failed|invalid ssl certificate|"
    r"web server is returning an unknown error|origin is unreachable|bad gateway|gateway time-?out")
"""Cloudflare's pages for an origin that does not answer: the site is down, not walled."""


# ------------------------------------------------------------------ generic walls

_HUMAN = re.compile(
    r"verify (?:that )?you(?:'re| are)(?: a)? human|are you (?:a )?(?:human|robot)|not a robot|i'm not a robot|"
    r"prove (?:that )?you(?:'re| are)(?: a)? human|human verification|verify you are not a (?:bot|robot)|"
    r"security check|complete the (?:security check|captcha|challenge)|unusual traffic|automated (?:queries|requests"
    r"|access|traffic)|bot (?:check|detection|protection|verification)|captcha|checking (?:your|the|if the site) "
    r"(?:browser|connection)|one more step|press and hold|please wait while we verify|robot check|"
    r"robot olmad[ıi]ğ[ıi]n[ıi]z|insan oldu[ğg]unuzu|güvenlik (?:kontrol|doğrulama)|doğrulama (?:gerekli|yap)|"
    r"olağan ?d[ıi]ş[ıi] trafik|bot olmad[ıi]ğ[ıi]n[ıi]z|"
    r"вы не робот|подтвердите, что вы|проверка (?:безопасности|браузера)|я не робот|капча|"
    r"sie kein roboter|sicherheitsüberprüfung|vous n'êtes pas un robot|vérification de sécurité|"
    r"robot deyil|təhlükəsizlik yoxlaması")
_ENABLE_JAVASCRIPT = re.compile(
    r"(?:enable|turn on|activate|allow) (?:your )?javascript|javascript (?:is |must be )?(?:disabled|required|"
    r"needs to be enabled|must be enabled|is not enabled|is turned off|to run this app|to continue)|"
    r"requires javascript|without javascript|need(?:s)? (?:to enable )?javascript|javascript'?i? "
    r"(?:etkinleştir|aç|aktif|etkin)|javascript(?:'in)? (?:etkin|aktif|devre d[ıi]ş[ıi])|javascript gerekli|"
    r"включите javascript|javascript отключен|поддержк\w* javascript|javascript aktivieren|activez javascript|"
    r"activa javascript|javascript'i açın")
_ENABLE_COOKIES = re.compile(
    r"(?:enable|turn on|allow|accept) (?:your )?(?:browser )?cookies (?:to|in order to|and|for)|cookies (?:are|must be|"
    r"need to be|have been) (?:disabled|enabled|blocked|turned off)|requires cookies|cookies (?:are )?required|"
    r"çerezleri (?:etkinleştir|açın|aktif|kabul)|çerezler(?:in)? (?:devre d[ıi]ş[ıi]|engellen)|"
    r"включите (?:cookies|куки)|cookies aktivieren|activez les cookies|"
    r"before you continue|bevor sie fortfahren|devam etmeden önce")
_SUBSCRIBE = re.compile(
    r"subscribe (?:now )?to (?:continue|read|unlock|keep reading|access)|(?:to )?continue reading,? (?:subscribe|sign|"
    r"log|register|create)|subscribers? only|(?:exclusive|only) (?:for|to) subscribers|this (?:article|content|story)"
    r" is (?:for|only available to|reserved for|available to) (?:subscribers|members|premium)|become a subscriber|"
    r"already a subscriber|subscription required|premium (?:content|article)|sign in to (?:continue|read|keep)|"
    r"log ?in to (?:continue|read|keep)|register to (?:continue|read)|create (?:a free|an) account to (?:continue|read)|"
    r"you've reached your (?:free )?(?:article )?limit|free articles? (?:this month|remaining|limit)|unlock (?:this|full)"
    r" (?:article|access|story)|"
    r"abone ol(?:un|arak)?|abonelere özel|okumaya devam etmek için|üye (?:girişi yap|olun)|aboneliğiniz|"
    r"premium içerik|подпишитесь|только для подписчиков|оформите подписку|чтобы продолжить чтение|"
    r"jetzt abonnieren|abonnez-vous|réservé aux abonnés")
_GATE_PATHS = re.compile(
    r"(?:^|/)(?:subscribe|subscription|subscriptions|paywall|register|registration|signin|sign-in|sign_in|login|"
    r"log-in|account/login|abone|abonelik|uyelik|üyelik|giris|giriş|uye-ol|premium|offers?|consent|cookiewall|"
    r"cookie-wall|captcha|challenge|verify|blocked|access-denied)(?:$|[/?.#_-])", re.IGNORECASE)
_CONSENT_HOSTS = re.compile(r"^(?:consent|cmp|privacy|guce|cookies?)\.", re.IGNORECASE)
_CAPTCHA_WIDGETS = ("g-recaptcha", "h-captcha", "cf-turnstile", "hcaptcha.com/1/api.js", "google.com/recaptcha",
                    "recaptcha/api.js", "challenges.cloudflare.com/turnstile", "captcha.js", "frc-captcha",
                    "awswaf", "aws-waf-token", "geetest", "arkoselabs", "funcaptcha")


# ------------------------------------------------------------------ detection


def detect(status: int, headers: Mapping[str, str] | Iterable[tuple[str, str]], body: bytes | str, url: str,
           final_url: str | None = None) -> Sighting | None:
    """The wall an answer is, or None when it is the site's own answer (a page, an error)."""
    answer = Answer.read(status, headers, body, url, final_url)
    return (_by_status(answer) or _by_redirect(answer) or _vendor_wall(answer) or _generic_wall(answer))


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
    final = urlsplit(answer.final_url)
    if _CONSENT_HOSTS.match(final.hostname or "") or re.search(r"consent|cookiewall|cookie-wall", final.path, re.I):
        return Sighting(Wall.COOKIES, f"redirected to the consent page {answer.final_url[:120]}")
    gate = _GATE_PATHS.search(final.path)
    if gate is None or _GATE_PATHS.search(urlsplit(answer.url).path):
        return None
    word = gate.group(0).strip("/?.#_-").lower()
    if word in {"captcha", "challenge", "verify", "blocked", "access-denied"}:
        return _vendor_wall(answer) or Sighting(Wall.CAPTCHA, f"redirected to {answer.final_url[:120]}")
    return Sighting(Wall.PAYWALL, f"redirected to the {word} page {answer.final_url[:120]}")


def _is_deep(url: str) -> bool:
    return len([part for part in urlsplit(url).path.split("/") if part]) >= 1


def _vendor_wall(answer: Answer) -> Sighting | None:
    if _is_origin_error(answer):
        return None
    for vendor in SIGNATURES:
        if (tell := vendor.wall_tell(answer)) is not None and _wall_shaped(answer, vendor, tell):
            return Sighting(vendor.wall, tell)
    for vendor in SIGNATURES:
        front = vendor.front_tell(answer)
        if front is None:
            continue
        if answer.status in _REFUSALS and answer.thin:
            return Sighting(vendor.wall, f"HTTP {answer.status} from {front}")
        if answer.thin and (generic := _generic_wall(answer)) is not None and generic.wall is not Wall.PAYWALL:
            return Sighting(vendor.wall, f"{generic.evidence}; {front}")
    return None


def _wall_shaped(answer: Answer, vendor: Vendor, tell: str) -> bool:
    """A wall's own tell counts on a refusal or a thin page: an article may quote one."""
    if tell.startswith(tuple(name for name, _ in vendor.wall_headers)):
        return True
    return answer.status in _REFUSALS or answer.thin


def _is_origin_error(answer: Answer) -> bool:
    """Cloudflare (or any CDN) saying the site behind it is down: an outage, reported as such."""
    if answer.status < 500 or "_cf_chl_opt" in answer.source or "cf-mitigated" in answer.headers:
        return False
    return bool(_CLOUDFLARE_ORIGIN_ERROR.search(_fold(f"{answer.title} {' '.join(answer.headings)}"))
                or (answer.status in {520, 521, 522, 523, 524, 525, 526, 527, 530}))


def _generic_wall(answer: Answer) -> Sighting | None:
    """A wall of no known vendor: a thin page whose purpose is the wall."""
    if answer.tree is None or answer.status == 404 or answer.status == 410:
        return None
    if answer.status >= 500 and not answer.thin:
        return None
    prominent = answer.prominent
    if answer.thin:
        if (match := _HUMAN.search(prominent)) is not None:
            return Sighting(Wall.CAPTCHA, f"asks to prove a human is there ({match.group(0)!r})")
        if _has_captcha_widget(answer) and answer.words < 80:
            return Sighting(Wall.CAPTCHA, "a captcha is the page")
        if (match := _ENABLE_COOKIES.search(prominent)) is not None:
            return Sighting(Wall.COOKIES, f"asks to enable cookies ({match.group(0)!r})")
        if (match := _ENABLE_JAVASCRIPT.search(prominent)) is not None:
            return Sighting(Wall.JAVASCRIPT, f"asks to enable JavaScript ({match.group(0)!r})")
        if answer.words < 15 and (match := _ENABLE_JAVASCRIPT.search(_fold(answer.noscript))) is not None:
            return Sighting(Wall.JAVASCRIPT, f"an empty page whose <noscript> asks to enable JavaScript "
                                             f"({match.group(0)!r})")
    if (paywall := _paywall(answer)) is not None:
        return paywall
    return None


def _has_captcha_widget(answer: Answer) -> bool:
    return any(widget in answer.source for widget in _CAPTCHA_WIDGETS)


def _paywall(answer: Answer) -> Sighting | None:
    """A subscription or sign-in page in place of the article: it says so where a reader looks
    first, and holds no article text."""
    if answer.has_article_text:
        return None
    heading = _fold(" | ".join([answer.title, *answer.headings]))
    if (match := _SUBSCRIBE.search(heading)) is not None:
        return Sighting(Wall.PAYWALL, f"a subscription page ({match.group(0)!r})")
    if (match := _SUBSCRIBE.search(_fold(answer.visible))) is not None and answer.words < 200:
        return Sighting(Wall.PAYWALL, f"a subscription page ({match.group(0)!r})")
    if _not_free(answer) and answer.words < 120:
        return Sighting(Wall.PAYWALL, "marked isAccessibleForFree: false, with no article text")
    return None


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


def signature(wall: Wall) -> Vendor | None:
    """The vendor signature of a wall, if it is a vendor's."""
    return _BY_WALL.get(wall)

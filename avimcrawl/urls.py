"""URLs as they are written in footnotes: finding them, normalizing them, judging them.

Normalization is deliberately minimal (surrounding `<>`, trailing punctuation and
line-wrap whitespace go; nothing else is rewritten) so `link_url` stays what the author
meant to cite, not what we think the site would prefer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_URL_START = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_URL_BODY = re.compile(r"[^\s<>\"“”«»]+")
# Between angle brackets anything with a scheme is a URL as written, even javascript:.
_BRACKETED = re.compile(r"<\s*((?:[a-z][a-z0-9+.\-]*:|www\.)[^<>]*?)\s*>", re.IGNORECASE)
# A token after a line break that continues a wrapped URL: URL characters only, and
# at least one character no ordinary word has.
_CONTINUATION = re.compile(r"[a-z0-9\-._~%/?#=&+]*[/\-=_%][a-z0-9\-._~%/?#=&+]*")
_URL_TOKEN = re.compile(r"[A-Za-z0-9\-._~%/?#=&+:;@!$'()*,]+")
# Words that follow a URL in a footnote and so never continue a wrapped one.
_WORDS_AFTER_URLS = {"accessed", "retrieved", "erişim", "erisim", "erişildi", "son", "last", "and", "ve",
                     "adresinden", "tarihinde", "available", "online", "ibid", "see", "bkz", "also"}
_TRAILING = ".,;:!?'\"’”»)]}"

# Second-level labels under which registrable names sit (aa.com.tr, bbc.co.uk).
_SECOND_LEVEL = {"com", "org", "net", "gov", "edu", "ac", "co", "gen", "web", "bel", "av",
                 "k12", "mil", "tv", "info", "biz", "int", "pol", "tsk", "bbs", "tel", "name"}

WELL_KNOWN_DOMAINS = (
    "dailysabah.com", "aa.com.tr", "armenianweekly.com", "hurriyetdailynews.com",
    "hurriyet.com.tr", "yenisafak.com", "caspianpost.com", "avim.org.tr", "avimbulten.org",
    "trtworld.com", "trthaber.com", "aljazeera.com", "reuters.com", "apnews.com",
    "bbc.com", "bbc.co.uk", "theguardian.com", "nytimes.com", "washingtonpost.com",
    "euronews.com", "politico.eu", "foreignpolicy.com", "foreignaffairs.com",
    "mfa.gov.tr", "tccb.gov.tr", "azernews.az", "apa.az", "report.az", "news.am",
    "armenpress.am", "azatutyun.am", "eurasianet.org", "civil.ge", "sabah.com.tr",
    "milliyet.com.tr", "sozcu.com.tr", "ntv.com.tr", "cnnturk.com", "haberturk.com",
    "setav.org", "insightturkey.com", "europa.eu", "un.org", "nato.int", "osce.org",
    "carnegieendowment.org", "brookings.edu", "crisisgroup.org", "bloomberg.com",
    "ft.com", "economist.com", "dw.com", "france24.com", "rferl.org", "tass.com",
)


@dataclass(frozen=True)
class FoundUrl:
    """A URL as it stands in a text: what was written, where, and its normalized form."""

    written: str
    start: int
    end: int

    @property
    def normalized(self) -> str:
        return normalize(self.written)


def normalize(written: str) -> str:
    """The URL an author meant: no surrounding `<>`, wrap whitespace or trailing punctuation."""
    url = written.strip().strip("<>").strip()
    url = re.sub(r"\s+", "", url)
    while url and url[-1] in _TRAILING and not _closes_own_bracket(url):
        url = url[:-1]
    return url


def _closes_own_bracket(url: str) -> bool:
    """True when a final ')' or ']' belongs to the URL (Wikipedia-style paths)."""
    pairs = {")": "(", "]": "["}
    last = url[-1]
    return last in pairs and url.count(pairs[last]) >= url.count(last)


def find_urls(text: str) -> list[FoundUrl]:
    """Every URL written in `text`, in order: `<bracketed>` first-class, bare ones too.

    A bare URL's span stops before the punctuation that ends the sentence around it
    (`…/news; Hürriyet…`, `…/news.`), so what follows it is the citation's, not the URL's.
    """
    found: list[FoundUrl] = []
    taken: list[tuple[int, int]] = []
    for match in _BRACKETED.finditer(text):
        found.append(FoundUrl(match.group(1), match.start(1), match.end(1)))
        taken.append((match.start(), match.end()))
    for match in _URL_START.finditer(text):
        start = match.start()
        if any(a <= start < b for a, b in taken) or (start and text[start - 1].isalnum()):
            continue
        end = _without_trailing(text, start, _bare_url_end(text, start))
        found.append(FoundUrl(text[start:end], start, end))
        taken.append((start, end))
    return sorted(found, key=lambda f: f.start)


def _without_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING and not _closes_own_bracket(text[start:end]):
        end -= 1
    return end


def _bare_url_end(text: str, start: int) -> int:
    """Where a bare URL ends, joining continuations that a line wrap split off."""
    match = _URL_BODY.match(text, start)
    end = match.end() if match else start
    while True:
        gap = re.match(r"\s+", text[end:])
        if not gap:
            return end
        token_start = end + gap.end()
        following = _URL_TOKEN.match(text, token_start)
        if not following or not _is_continuation(text, start, end, token_start, following.end()):
            return end
        end = following.end()


def _is_continuation(text: str, url_start: int, url_end: int, start: int, end: int) -> bool:
    """Whether the token after a break continues the URL before it.

    A URL broken right after `-` or `/` (a word processor's wrap) goes on with any
    URL-like token; elsewhere the token must look like a piece of a path.
    """
    token = text[start:end].rstrip(_TRAILING)
    if len(token) < 2 or not any(c.isalnum() for c in token) or _fold_word(token) in _WORDS_AFTER_URLS:
        return False
    if re.match(r"(?:https?://|www\.)", token, re.IGNORECASE):
        return False
    before = text[url_start:url_end].rstrip()
    if before.endswith("-"):
        return True
    if before.endswith("/"):
        return bool(re.search(r"[-/_.=?%&\d]", token)) or token.islower()
    return bool(_CONTINUATION.fullmatch(token))


def _fold_word(word: str) -> str:
    return word.lower().strip(".,:;()[]")
def is_fetchable(url: str) -> bool:
    """An absolute http(s) URL with a host name: something a crawler can request."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname) and "." in (parts.hostname or "")


def host_of(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def registrable_domain(host: str) -> str:
    """The name a registrant owns: www.dailysabah.com → dailysabah.com, x.aa.com.tr → aa.com.tr."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def edit_distance(a: str, b: str, bound: int | None = None) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, swaps.

    With a `bound`, any distance above it comes back as `bound + 1`, found early: most
    pairs of domains are far apart, and this runs for every citation against every
    trusted domain.
    """
    if bound is not None and abs(len(a) - len(b)) > bound:
        return bound + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if bound is not None and min(current) > bound and min(previous) > bound:
            return bound + 1  # no later row can come back under the bound
        previous2, previous = previous, current
    return previous[-1] if bound is None else min(previous[-1], bound + 1)


def _tolerance(domain: str) -> int:
    """How many typos a domain's name admits: none for short names like aa.com.tr."""
    name = domain.split(".")[0]
    if len(name) >= 8:
        return 2
    return 1 if len(name) >= 5 else 0


def likely_intended_domain(domain: str, trusted: set[str]) -> str | None:
    """The trusted domain `domain` is probably a misspelling of, if any.

    Both are registrable domains. Domains that differ only in their suffix
    (bbc.com, bbc.co.uk) are different sites, not misspellings.
    """
    if domain in trusted:
        return None
    name = domain.split(".")[0]
    best: tuple[int, str] | None = None
    for candidate in trusted:
        tolerance = _tolerance(candidate)
        if not tolerance or candidate.split(".")[0] == name:
            continue
        distance = edit_distance(domain, candidate, tolerance)
        if 0 < distance <= tolerance and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None

"""The outcome of one check of a cited link. Plain Python: no Scrapy, no reactor.

Outcomes (DESIGN.md, "Link health"): `ok`, `redirected`, `not_found`, `server_error`,
`blocked`, `dns_error`, `connection_error`, `timeout`, `tls_error`, `invalid_url`; later
stages add `soft_404` and `gone_domain`. Exceptions are recognised by class name, so the
classifier works with whichever Twisted, Scrapy or OpenSSL raised them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from avimcrawl.clock import parse_time
from avimcrawl.siterules import SiteRule


class Outcome(str, Enum):
    OK = "ok"
    REDIRECTED = "redirected"
    NOT_FOUND = "not_found"
    SERVER_ERROR = "server_error"
    BLOCKED = "blocked"
    DNS_ERROR = "dns_error"
    CONNECTION_ERROR = "connection_error"
    TIMEOUT = "timeout"
    TLS_ERROR = "tls_error"
    INVALID_URL = "invalid_url"
    SOFT_404 = "soft_404"
    GONE_DOMAIN = "gone_domain"
    CLIENT_ERROR = "client_error"
    """Any other 4xx: the request was refused for a reason that is neither gone nor blocked."""


BLOCKING_STATUSES = {401, 402, 403, 429, 451}
GONE_STATUSES = {404, 410}

# Exception class names (anywhere in the MRO) and the outcome they mean, most specific first.
_EXCEPTION_OUTCOMES: tuple[tuple[str, Outcome], ...] = (
    ("ForbiddenAddressError", Outcome.INVALID_URL),  # the SSRF guard, see netguard.py
    ("ForbiddenAddress", Outcome.INVALID_URL),
    ("CannotResolveHostError", Outcome.DNS_ERROR),
    ("DownloadTimeoutError", Outcome.TIMEOUT),
    ("DownloadConnectionRefusedError", Outcome.CONNECTION_ERROR),
    ("ResponseDataLossError", Outcome.CONNECTION_ERROR),
    ("DNSLookupError", Outcome.DNS_ERROR),
    ("gaierror", Outcome.DNS_ERROR),
    ("TimeoutError", Outcome.TIMEOUT),
    ("TCPTimedOutError", Outcome.TIMEOUT),
    ("UserTimeoutError", Outcome.TIMEOUT),
    ("CancelledError", Outcome.TIMEOUT),
    ("Error", Outcome.TLS_ERROR),  # OpenSSL.SSL.Error; only matched for the OpenSSL module, see below
    ("SSLError", Outcome.TLS_ERROR),
    ("CertificateError", Outcome.TLS_ERROR),
    ("TunnelError", Outcome.CONNECTION_ERROR),
    ("ConnectionRefusedError", Outcome.CONNECTION_ERROR),
    ("ConnectError", Outcome.CONNECTION_ERROR),
    ("ConnectionLost", Outcome.CONNECTION_ERROR),
    ("ConnectionDone", Outcome.CONNECTION_ERROR),
    ("ResponseFailed", Outcome.CONNECTION_ERROR),
    ("ResponseNeverReceived", Outcome.CONNECTION_ERROR),
    ("PotentialDataLoss", Outcome.CONNECTION_ERROR),
)


@dataclass
class CheckResult:
    """One check of one link: what happened, and what it proved."""

    url: str
    outcome: Outcome
    http_status: int | None = None
    final_url: str | None = None
    error: str | None = None
    elapsed_ms: int | None = None
    redirects: list[str] = field(default_factory=list)
    wall: str | None = None
    """The access wall the answer was (walls.Wall), when the outcome is `blocked` by one."""
    confirms: bool = False
    """A fresh request confirming the failed check just made (see `judge`)."""


def invalid_url_reason(url: str) -> str | None:
    """Why a URL cannot be requested at all, or None when it can."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"unparseable URL: {error}"
    if parts.scheme.lower() not in {"http", "https"}:
        return f"not an http(s) URL (scheme {parts.scheme or 'missing'!r})"
    if not (parts.hostname or "").strip("."):
        return "no host name"
    if any(ch.isspace() for ch in parts.hostname or ""):
        return "whitespace in the host name"
    if port == 0:
        return "port 0"
    return None


def classify_status(status: int, redirects: Iterable[str] = ()) -> Outcome:
    """The outcome an HTTP status means, after any redirects were followed."""
    if 200 <= status < 300:
        return Outcome.REDIRECTED if list(redirects) else Outcome.OK
    if status in GONE_STATUSES:
        return Outcome.NOT_FOUND
    if status in BLOCKING_STATUSES:
        return Outcome.BLOCKED
    if status >= 500:
        return Outcome.SERVER_ERROR
    if 300 <= status < 400:
        # A redirect that was not followed (a loop, too many hops, no Location).
        return Outcome.CONNECTION_ERROR
    return Outcome.CLIENT_ERROR


_SPECIFICITY = (Outcome.INVALID_URL, Outcome.DNS_ERROR, Outcome.TLS_ERROR, Outcome.TIMEOUT, Outcome.CONNECTION_ERROR)


def classify_exception(error: BaseException) -> Outcome:
    """The outcome a network-level failure means.

    Scrapy and Twisted wrap causes in each other (a DownloadTimeoutError over a lost
    connection); the most specific outcome found anywhere in the chain wins.
    """
    found = {outcome for cause in causes(error) for outcome in _outcomes_of(cause)}
    return next((outcome for outcome in _SPECIFICITY if outcome in found), Outcome.CONNECTION_ERROR)


def _outcomes_of(error: BaseException) -> set[Outcome]:
    return {outcome for cls in type(error).__mro__ for name, outcome in _EXCEPTION_OUTCOMES
            if cls.__name__ == name and (name != "Error" or cls.__module__.startswith("OpenSSL"))}


def causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps (Twisted's ResponseNeverReceived holds `reasons`), deepest first."""
    found: list[BaseException] = []
    pending = [error]
    while pending:
        current = pending.pop()
        found.append(current)
        for reason in getattr(current, "reasons", None) or []:
            inner = getattr(reason, "value", reason)
            if isinstance(inner, BaseException):
                pending.append(inner)
        if current.__cause__ is not None:
            pending.append(current.__cause__)
    return list(reversed(found))


def describe(error: BaseException) -> str:
    """A one-line description of a failure for the `checks.error` column."""
    deepest = causes(error)[0]
    text = str(deepest).strip() or repr(deepest)
    return f"{type(deepest).__name__}: {' '.join(text.split())}"[:500]


# -------------------------------------------------------------------------- verdicts


class Verdict(str, Enum):
    UNKNOWN = "unknown"
    ALIVE = "alive"
    DYING = "dying"
    DEAD = "dead"
    BLOCKED = "blocked"


GOOD_OUTCOMES = {Outcome.OK.value, Outcome.REDIRECTED.value}
NEUTRAL_OUTCOMES = {Outcome.BLOCKED.value}
"""A site that refuses robots says nothing about the page: neither good nor a failure."""
LASTING_OUTCOMES = frozenset({Outcome.NOT_FOUND.value, Outcome.GONE_DOMAIN.value, Outcome.DNS_ERROR.value,
                              Outcome.SOFT_404.value, Outcome.INVALID_URL.value, Outcome.CLIENT_ERROR.value})
"""Failures that say the page itself is gone: they count toward dead within the usual window."""
TRANSIENT_OUTCOMES = frozenset({Outcome.SERVER_ERROR.value, Outcome.TIMEOUT.value, Outcome.CONNECTION_ERROR.value,
                                Outcome.TLS_ERROR.value})
"""Failures a site recovers from (overload, maintenance, a certificate not renewed): only a
long streak of them makes a link dead."""


@dataclass(frozen=True)
class DeathRules:
    """When failed checks make a link dead (README, "Link health: verdicts")."""

    failures_needed: int = 3
    hours_apart: float = 72.0
    transient_days: float = 14.0
    """A streak with fewer than `failures_needed` lasting failures must span this many days."""
    never_dead: bool = False
    """The site rules say this site's links are never dead (siterules.py)."""

    @classmethod
    def from_settings(cls, settings: Any) -> DeathRules:
        return cls(settings.getint("AVIMCRAWL_DEAD_AFTER_FAILURES"), settings.getfloat("AVIMCRAWL_DEAD_AFTER_HOURS"),
                   settings.getfloat("AVIMCRAWL_TRANSIENT_DEAD_AFTER_DAYS"))

    def for_rule(self, rule: SiteRule | None) -> DeathRules:
        """These rules for a site the site rules name (`never_dead` is the one that matters here)."""
        never_dead = rule is SiteRule.NEVER_DEAD
        return replace(self, never_dead=never_dead) if never_dead != self.never_dead else self



@dataclass(frozen=True)
class CheckRecord:
    """One check of a link, as the verdict reads it."""

    at: str
    """When (ISO 8601); checks made in the same second keep the order they were recorded in."""
    outcome: str
    confirms: bool | None = False
    """True: a fresh request confirming the check just before it. None: recorded before
    confirmations existed (such a strike is taken as confirmed)."""
    outage: bool = False
    """Part of a site-wide outage: the site failed, not this page (a transient failure)."""

    @property
    def failed(self) -> bool:
        return self.outcome not in GOOD_OUTCOMES and self.outcome not in NEUTRAL_OUTCOMES

    @property
    def lasting(self) -> bool:
        return not self.outage and self.outcome in LASTING_OUTCOMES


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    dead_since: str | None = None


def judge(history: Iterable[CheckRecord], rules: DeathRules = DeathRules()) -> Judgement:
    """A link's verdict from its checks, after InternetArchiveBot, made harder to fool.

    One good check makes a link alive; a failure makes it dying. It is dead once its final
    run of failures (since the last good check; `blocked` checks are ignored) qualifies and
    the strike that made it qualify was confirmed. A run qualifies with `failures_needed`
    lasting failures (`LASTING_OUTCOMES`), each at least `hours_apart` after the previous one
    counted, or with `failures_needed` failures of any kind so spaced that span at least
    `transient_days`. A strike is confirmed by a fresh request right after it failing in the
    same class (lasting or transient), or by being part of a site-wide outage (the site's
    home page failed too). `dead_since` is the first failure of the run.
    """
    checks = sorted(history, key=lambda check: parse_time(check.at))
    if not checks:
        return Judgement(Verdict.UNKNOWN)
    telling = [check for check in checks if check.outcome not in NEUTRAL_OUTCOMES]
    if not telling:
        return Judgement(Verdict.BLOCKED)
    final_run: list[CheckRecord] = []
    for check in telling:
        final_run = [*final_run, check] if check.failed else []
    if not final_run:
        return Judgement(Verdict.ALIVE)
    if rules.never_dead:
        return Judgement(Verdict.DYING)
    strikes: list[CheckRecord] = []
    for index, check in enumerate(final_run):
        if check.confirms:
            continue  # evidence for the strike before it, not a strike of its own
        strikes.append(check)
        if _qualifies(strikes, rules) and _confirmed(check, final_run[index + 1:]):
            return Judgement(Verdict.DEAD, dead_since=final_run[0].at)
    return Judgement(Verdict.DYING)


def _qualifies(strikes: list[CheckRecord], rules: DeathRules) -> bool:
    if len(_spaced([s for s in strikes if s.lasting], rules.hours_apart)) >= rules.failures_needed:
        return True
    span = parse_time(strikes[-1].at) - parse_time(strikes[0].at)
    return (len(_spaced(strikes, rules.hours_apart)) >= rules.failures_needed
            and span.total_seconds() >= rules.transient_days * 86400)


def _spaced(strikes: list[CheckRecord], hours_apart: float) -> list[CheckRecord]:
    """The strikes that count: each at least `hours_apart` after the previous one counted."""
    counted: list[CheckRecord] = []
    for strike in strikes:
        if not counted or (parse_time(strike.at) - parse_time(counted[-1].at)).total_seconds() >= hours_apart * 3600:
            counted.append(strike)
    return counted


def _confirmed(strike: CheckRecord, after: list[CheckRecord]) -> bool:
    if strike.confirms is None or strike.outage or strike.outcome == Outcome.INVALID_URL.value:
        return True  # recorded before confirmations; the site's home page failed too; no request to repeat
    return bool(after) and bool(after[0].confirms) and after[0].lasting == strike.lasting


def needs_confirmation(history: list[CheckRecord], failure: CheckRecord, rules: DeathRules) -> bool:
    """Whether this failure is the strike that would make the link dead, once confirmed."""
    before = judge([*history, failure], rules).verdict
    confirmed = CheckRecord(failure.at, failure.outcome, confirms=True, outage=failure.outage)
    return before is not Verdict.DEAD and judge([*history, failure, confirmed], rules).verdict is Verdict.DEAD


# ------------------------------------------------------------- soft 404s, gone domains

_NOT_FOUND_URL = re.compile(r"(?:^|[/_.\-=?&])(?:404|not[-_]?found|error|hata|sayfa[-_]?bulunamadi)(?:$|[/_.\-=?&])",
                            re.IGNORECASE)
_NOT_FOUND_TITLE = re.compile(
    r"\b(?:404|not found|page not found|no longer available|doesn'?t exist|does not exist|"
    r"sayfa bulunamad[ıi]|bulunamad[ıi]|aradığınız sayfa)\b",
    re.IGNORECASE,
)
_HOME_PATHS = re.compile(r"^/?(?:(?:en|tr|home|index|default|anasayfa)(?:\.\w+)?/?)?$", re.IGNORECASE)
PROBE_SIMILARITY = 0.9
"""Resemblance above which a page and a random sibling URL's answer are the same page."""


@dataclass(frozen=True)
class PageSummary:
    """What a 2xx answer looked like, for comparing it with another."""

    final_url: str
    status: int
    title: str | None
    text: str | None


def says_not_found(final_url: str, title: str | None) -> bool:
    """The answer calls itself missing: in its URL (`/404`, `notfound`) or its title."""
    path_and_query = final_url.split("://", 1)[-1].partition("/")[2]
    return bool(_NOT_FOUND_URL.search("/" + path_and_query) or (title and _NOT_FOUND_TITLE.search(title)))


def is_home_redirect(url: str, final_url: str, redirects: Iterable[str]) -> bool:
    """A deep URL that now redirects to a site's home page: the page is gone, only the domain stands."""
    if not list(redirects):
        return False
    return not _HOME_PATHS.match(urlsplit(url).path or "/") and bool(_HOME_PATHS.match(urlsplit(final_url).path or "/"))


def probe_url(url: str, token: str) -> str:
    """A sibling of `url` that cannot exist: the last path segment replaced by a random token."""
    parts = urlsplit(url)
    directory = parts.path.rsplit("/", 1)[0] if "/" in parts.path.rstrip("/") else ""
    return f"{parts.scheme}://{parts.netloc}{directory}/avimcrawl-probe-{token}"


def same_page(page: PageSummary, probe: PageSummary) -> bool:
    """Whether a page is what the site answers for anything that does not exist.

    The probe must itself have been a 2xx: a site that answers 404 for unknown URLs is
    honest, and its 2xx pages are real.
    """
    if not 200 <= probe.status < 300:
        return False
    if page.final_url == probe.final_url:
        return True
    return resemblance(page.text or page.title or "", probe.text or probe.title or "") >= PROBE_SIMILARITY


# -------------------------------------------------------------------------- drift

SHINGLE_WORDS = 5
NEAR_DUPLICATE_BITS = 3
"""Simhash fingerprints (64 bits) of near-duplicate pages differ in at most 3 bits:
Manku, Jain & Das Sarma, "Detecting Near-Duplicates for Web Crawling", WWW 2007. A page
whose fingerprint moved further than that from the first one stored has `changed`."""


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    words = _words(text)
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def resemblance(a: str, b: str) -> float:
    """Broder's resemblance: the Jaccard similarity of the two texts' word shingles."""
    first, second = shingles(a), shingles(b)
    if not first and not second:
        return 1.0
    return len(first & second) / len(first | second)


def drift(original: str, current: str) -> float:
    """How far a page's text has moved from the first text stored: 0 same … 1 unrelated."""
    return round(1.0 - resemblance(original, current), 4)


def simhash(text: str) -> int:
    """Charikar's 64-bit simhash of a text's word trigrams."""
    weights = [0] * 64
    words = _words(text)
    for feature in (" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 1))):
        value = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def has_changed(original: str, current: str) -> bool:
    return bin(simhash(original) ^ simhash(current)).count("1") > NEAR_DUPLICATE_BITS

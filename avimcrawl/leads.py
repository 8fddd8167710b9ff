"""Where did a cited page go? The search for a dead or misspelled citation's page, as plain Python.

Two kinds of citation are searched for (spider `leads` drives the search, store.py picks them):

* a **misspelled domain** (`suspect_domain`): the cited URL on the domain the author meant
  (`citations.suggested_domain`) is tried live, then, failing that, in the Wayback Machine;
* a **dead page** (dying or dead, a soft 404, not found, gone to the home page): the same
  site is searched for the same page under another URL: its sitemaps (robots.txt's
  `Sitemap:` lines, else `/sitemap.xml`; sitemap indexes; a news sitemap's `news:title`
  names a page without fetching it), the entries carrying the dead URL's numeric article id
  or slug, then the Wayback Machine's CDX index of the domain, filtered by that id or slug
  (one query).

A candidate is proven only by its title: fetched live (or, if dead too, as the Wayback
Machine captured it), it must hold the cited title (`verify.title_match`: `same` or
`close`). Nothing else is ever proposed, and nothing rewrites the citation's own URL.

Each search is bounded: at most `max_requests` fetches for one link (robots.txt, sitemaps,
the CDX query, candidates and captures all count; a site's sitemaps, once read, serve its
later links for free). The search is a generator (`Search.run`): it yields the `Fetch`es it
needs and is sent each `Answer`, so the spider stays thin and this module needs no reactor.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from lxml import etree

from avimcrawl.extract import Extracted, extract_html, extract_pdf
from avimcrawl.linkhealth import is_home_redirect, says_not_found
from avimcrawl.urls import host_of, registrable_domain
from avimcrawl.verify import Match, MatchVerdict, title_match
from avimcrawl.wayback import WEB

DEFAULT_MAX_REQUESTS = 6
"""Fetches one link's search may make (AVIMCRAWL_LEADS_MAX_REQUESTS)."""
DEFAULT_RESEARCH_DAYS = 30.0
"""Days after which a citation searched without a find is searched again (AVIMCRAWL_LEADS_RESEARCH_DAYS)."""
RESERVED_FOR_CANDIDATES = 3
"""Of the budget, what reading sitemaps leaves for candidates and the CDX query."""
MAX_SITEMAP_CANDIDATES = 2
"""Sitemap entries fetched per link: the best-ranked ones."""
CDX_ROWS = 50
"""Rows asked of the CDX index per query."""
MAX_SITEMAP_ENTRIES = 200_000
"""Entries kept of one site's sitemaps (a sitemap holds at most 50,000)."""
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
"""A gzipped sitemap is never inflated beyond this (the protocol's limit)."""
MAX_QUEUED_SITEMAPS = 100
ACCEPTED = (MatchVerdict.SAME, MatchVerdict.CLOSE)


class SuggestedHow(StrEnum):
    """How a suggested URL was found: `citations.suggested_how`."""

    INTENDED_DOMAIN = "intended_domain"
    """The cited URL on the domain the author meant (`suggested_domain`), live or captured."""
    SITEMAP = "sitemap"
    """Listed in the site's (news) sitemap under the cited title (`news:title`)."""
    SAME_ID = "same_id"
    """Listed in the site's sitemap with the dead URL's numeric article id, under another path."""
    SAME_SLUG = "same_slug"
    """Listed in the site's sitemap with the dead URL's slug, under another path."""
    WAYBACK_CDX = "wayback_cdx"
    """Captured by the Wayback Machine under another URL of the same domain, found in its CDX
    index by the dead URL's id or slug."""


class Purpose(StrEnum):
    """What a fetch is for: how the spider sends it and reads its answer."""

    PAGE = "page"
    """A candidate page, live: extract its title and text."""
    CAPTURE = "capture"
    """A candidate as the Wayback Machine captured it (`id_`): extract its title and text."""
    ROBOTS = "robots"
    SITEMAP = "sitemap"
    CDX = "cdx"

    @property
    def wayback(self) -> bool:
        return self in (Purpose.CAPTURE, Purpose.CDX)

    @property
    def page(self) -> bool:
        return self in (Purpose.PAGE, Purpose.CAPTURE)


@dataclass(frozen=True)
class Fetch:
    url: str
    purpose: Purpose
    page_url: str | None = None
    """For a capture: the URL captured (what extraction reads the page as)."""


@dataclass
class Answer:
    """What a fetch brought back: a response (any status), or why there was none."""

    url: str
    status: int | None = None
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    body: bytes = b""
    title: str | None = None
    text: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class CitedAs:
    """One citation of the searched link: its id and the title to prove a find by."""

    citation_id: str
    title: str


@dataclass
class Lead:
    """One link to search for, and the citations waiting for the answer."""

    link_url: str
    citations: list[CitedAs]
    intended_url: str | None = None
    """For a misspelled domain: the link on the domain the author meant."""
    published: str | None = None
    """The earliest publication date its citations give (ISO): which of a site's sitemaps to read first."""

    @property
    def base_url(self) -> str:
        """The URL the page should be at: the intended one, else the link itself."""
        return self.intended_url or self.link_url

    @property
    def site(self) -> str:
        """Where the search happens: scheme and host of `base_url`."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def build_leads(rows: Iterable[dict[str, Any]]) -> list[Lead]:
    """Leads from `store.lead_citations` rows, one per link, its citations together. A
    misspelled link that answers with the cited title is no lead: the domain was right."""
    leads: dict[str, Lead] = {}
    for row in rows:
        intended = intended_url(row["link_url"], row["suggested_domain"]) if row["suggested_domain"] else None
        if intended and row["verdict"] == "alive" and \
                title_match(row["title"], row["page_title"], row["page_text"]).verdict in ACCEPTED:
            continue
        lead = leads.setdefault(row["link_url"], Lead(row["link_url"], [], intended))
        lead.intended_url = lead.intended_url or intended
        lead.citations.append(CitedAs(row["id"], row["title"]))
        published = row.get("published")
        if published and (lead.published is None or published < lead.published):
            lead.published = published
    return list(leads.values())


def sitemap_hints(lead: Lead) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """How a sitemap's URL may name the cited page's month and year (`2025-03`, `2025/03`,
    `202503`; `2025`), from the URL's date path and the citation's publication date."""
    found = re.search(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/", urlsplit(lead.base_url).path)
    dated = re.match(r"((?:19|20)\d\d)-(0[1-9]|1[0-2])", lead.published or "")
    months: list[str] = []
    years: list[str] = []
    for year, month in [m.groups() for m in (found, dated) if m]:
        months += [f"{year}-{month}", f"{year}/{month}", f"{year}{month}", f"{year}_{month}"]
        years.append(year)
    return tuple(dict.fromkeys(months)), tuple(dict.fromkeys(years))


# ------------------------------------------------------------------------ URLs


_EXTENSION = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cfm|pdf)$", re.IGNORECASE)
_ID = re.compile(r"(?<![0-9])[0-9]{5,}(?![0-9])")
_WORD_SEPARATORS = re.compile(r"[-_+]+")


def intended_url(url: str, domain: str) -> str | None:
    """`url` with its registrable domain replaced by `domain`, subdomains kept:
    `https://www.hurriyetaidailynews.com/x` → `https://www.hurriyetdailynews.com/x`."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not host or not domain:
        return None
    registered = registrable_domain(host)
    new_host = host[: len(host) - len(registered)] + domain.lower()
    netloc = new_host + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def url_key(url: str) -> str:
    """A URL as the Wayback Machine compares them: no scheme, `www.`, fragment or final slash; lower case."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return url.strip().lower()
    host = re.sub(r"^www\d*\.", "", host)
    path = unquote(parts.path).rstrip("/").lower()
    return host + path + (f"?{parts.query.lower()}" if parts.query else "")


def article_id(url: str) -> str | None:
    """The numeric article id a URL carries (5 digits or more; a date like 20260220 is not one):
    the last such number of its path or query."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    found = [n for n in _ID.findall(unquote(parts.path) + "?" + unquote(parts.query)) if not _is_date(n)]
    return found[-1] if found else None


def _is_date(number: str) -> bool:
    return len(number) == 8 and number[:2] in ("19", "20") and "01" <= number[4:6] <= "12" and "01" <= number[6:] <= "31"


def slug(url: str) -> str | None:
    """The words naming the page in its URL (`turkiye-serbia-agree-to-deepen-defense`), lower
    case, without extension or article id; None when no segment has three words or more."""
    try:
        segments = unquote(urlsplit(url).path).split("/")
    except ValueError:
        return None
    for segment in reversed(segments):
        words = [w for w in _WORD_SEPARATORS.split(_EXTENSION.sub("", segment).lower()) if w]
        while words and words[-1].isdigit():
            words.pop()
        while words and words[0].isdigit():
            words.pop(0)
        if len(words) >= 3 and any(c.isalpha() for c in "".join(words)):
            return "-".join(words)
    return None


def same_site(url: str, other: str) -> bool:
    a, b = host_of(url), host_of(other)
    return bool(a and b) and registrable_domain(a or "") == registrable_domain(b or "")


def _carries(url: str, ident: str | None, words: str | None) -> tuple[bool, bool]:
    """Whether `url` carries the article id, and the slug (its words joined by `-`, `_` or `+`)."""
    has_id = bool(ident) and article_id(url) == ident
    has_slug = bool(words) and (slug(url) == words or (words or "") in _WORD_SEPARATORS.sub("-", unquote(url).lower()))
    return has_id, has_slug


# --------------------------------------------------------------------- sitemaps


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    source: str
    """The sitemap that lists it."""
    title: str | None = None
    """`news:title`, when a news sitemap gives one."""
    lastmod: str | None = None


def robots_sitemaps(body: bytes) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    text = body.decode("utf-8", "replace")
    return [line.split(":", 1)[1].strip() for line in text.splitlines()
            if line.strip().lower().startswith("sitemap:") and line.split(":", 1)[1].strip()]


def parse_sitemap(body: bytes, source: str) -> tuple[list[SitemapEntry], list[str]]:
    """The pages a sitemap lists, and the sitemaps a sitemap index lists. Never raises:
    what cannot be read gives nothing. Entities are not resolved, nothing is fetched."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(body.strip(), parser)
    except (etree.XMLSyntaxError, ValueError):
        return [], []
    if root is None:
        return [], []
    entries: list[SitemapEntry] = []
    children: list[str] = []
    for element in root:
        name = _local(element)
        if name not in ("url", "sitemap"):
            continue
        loc = lastmod = title = None
        for child in element.iter():
            child_name = _local(child)
            if child_name == "loc" and child.getparent() is element:
                loc = (child.text or "").strip()
            elif child_name == "lastmod" and child.getparent() is element:
                lastmod = (child.text or "").strip() or None
            elif child_name == "title" and child.getparent() is not None and _local(child.getparent()) == "news":
                title = " ".join((child.text or "").split()) or None
        if not loc:
            continue
        if name == "sitemap":
            children.append(loc)
        elif len(entries) < MAX_SITEMAP_ENTRIES:
            entries.append(SitemapEntry(loc, source, title, lastmod))
    return entries, children


def _local(element: Any) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _gunzip(body: bytes) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return inflater.decompress(body, MAX_SITEMAP_BYTES)
    except zlib.error:
        return b""


class SiteMaps:
    """What one site's sitemaps have said so far: read a fetch at a time, shared by the
    searches of every link on the site during a run."""

    def __init__(self, site: str) -> None:
        self.site = site
        self.robots_read = False
        self.queue: list[str] = []
        self.read: list[str] = []
        self.entries: list[SitemapEntry] = []

    def next_fetch(self, lead: Lead | None = None) -> Fetch | None:
        """The next thing to read for `lead`: robots.txt, then the sitemap most likely to list
        its page: named after its month, its year, a news sitemap, then in the order listed."""
        if not self.robots_read:
            return Fetch(f"{self.site}/robots.txt", Purpose.ROBOTS)
        months, years = sitemap_hints(lead) if lead else ((), ())

        def rank(url: str) -> int:
            name = url.lower()
            if any(m in name for m in months):
                return 0
            if any(y in name for y in years):
                return 1
            return 2 if "news" in name else 3

        self.queue = [u for u in self.queue if u not in self.read]
        if not self.queue:
            return None
        best = min(range(len(self.queue)), key=lambda i: (rank(self.queue[i]), i))
        return Fetch(self.queue.pop(best), Purpose.SITEMAP)

    def take(self, fetch: Fetch, answer: Answer) -> None:
        if fetch.purpose is Purpose.ROBOTS:
            self.robots_read = True
            listed = [u for u in robots_sitemaps(answer.body) if same_site(u, self.site)] if answer.ok else []
            self._enqueue(listed or [f"{self.site}/sitemap.xml"])
            return
        self.read.append(fetch.url)
        if not answer.ok:
            return
        entries, children = parse_sitemap(answer.body, fetch.url)
        room = MAX_SITEMAP_ENTRIES - len(self.entries)
        self.entries.extend(e for e in entries[:max(room, 0)] if same_site(e.loc, self.site))
        self._enqueue(u for u in children if same_site(u, self.site))

    def _enqueue(self, urls: Iterable[str]) -> None:
        for url in urls:
            if url not in self.queue and url not in self.read and len(self.queue) < MAX_QUEUED_SITEMAPS:
                self.queue.append(url)


@dataclass(frozen=True)
class Candidate:
    url: str
    how: SuggestedHow
    found_in: str
    """The sitemap that lists it, or the CDX query."""
    key: str
    """What tied it to the cited page: the article id, the slug, or the title."""
    capture: str | None = None
    """For a CDX row: the timestamp of a 200 capture."""


def sitemap_candidates(lead: Lead, entries: Iterable[SitemapEntry]) -> list[Candidate]:
    """Sitemap entries that may be the cited page, best first: listed under the cited title,
    then carrying both the article id and the slug, the id, the slug."""
    base = lead.base_url
    ident, words = article_id(base), slug(base)
    skip = {url_key(lead.link_url), url_key(base)}
    ranked: list[tuple[int, Candidate]] = []
    for entry in entries:
        if url_key(entry.loc) in skip:
            continue
        if entry.title and any(title_match(c.title, entry.title, None).verdict in ACCEPTED for c in lead.citations):
            ranked.append((0, Candidate(entry.loc, SuggestedHow.SITEMAP, entry.source, entry.title)))
            continue
        has_id, has_slug = _carries(entry.loc, ident, words)
        if has_id:
            ranked.append((1 if has_slug else 2, Candidate(entry.loc, SuggestedHow.SAME_ID, entry.source, ident or "")))
        elif has_slug:
            ranked.append((3, Candidate(entry.loc, SuggestedHow.SAME_SLUG, entry.source, words or "")))
    ranked.sort(key=lambda pair: pair[0])
    found: dict[str, Candidate] = {}
    for _, candidate in ranked:
        found.setdefault(url_key(candidate.url), candidate)
    return list(found.values())


# ------------------------------------------------------------------------- CDX


class CdxGate:
    """Whether the CDX index may still be asked this run: a 429 closes it for the rest of
    the run, which is the politest way to honour `Retry-After`."""

    def __init__(self) -> None:
        self.closed_because: str | None = None

    @property
    def open(self) -> bool:
        return self.closed_because is None

    def close(self, why: str) -> None:
        self.closed_because = self.closed_because or why


def cdx_query(base_url: str, ident: str | None, words: str | None) -> str | None:
    """One CDX query: 200 captures anywhere on the domain whose URL carries the id or the slug."""
    host = host_of(base_url)
    if not host or not (ident or words):
        return None
    wanted = ["[-_+]+".join(re.escape(w) for w in words.split("-"))] if words else []
    if ident:
        wanted.append(f"(?<![0-9]){ident}(?![0-9])")
    params = [("url", registrable_domain(host)), ("matchType", "domain"), ("filter", "statuscode:200"),
              ("filter", f"original:(?i).*(?:{'|'.join(wanted)}).*"), ("collapse", "urlkey"),
              ("fl", "timestamp,original,statuscode"), ("output", "json"), ("limit", str(CDX_ROWS))]
    return f"{WEB}/cdx/search/cdx?{urlencode(params)}"


@dataclass(frozen=True)
class CdxRow:
    timestamp: str
    original: str
    statuscode: str


def parse_cdx(body: bytes) -> list[CdxRow]:
    """Rows of a CDX answer in `output=json` (the first row names the fields); [] when unreadable."""
    try:
        data = json.loads(body.decode("utf-8", "replace") or "[]")
    except ValueError:
        return []
    if not isinstance(data, list) or len(data) < 2 or not isinstance(data[0], list):
        return []
    names = [str(n) for n in data[0]]
    rows = []
    for values in data[1:]:
        if isinstance(values, list) and len(values) == len(names):
            row = dict(zip(names, map(str, values)))
            if re.fullmatch(r"\d{14}", row.get("timestamp", "")) and row.get("original"):
                rows.append(CdxRow(row["timestamp"], row["original"], row.get("statuscode", "")))
    return rows


def cdx_candidates(lead: Lead, rows: Iterable[CdxRow], query: str) -> list[Candidate]:
    """CDX rows that may be the cited page, best first (the id and the slug, the id, the slug;
    newest first), one per URL, on the same site. The intended URL's own captures are
    candidates too; the dead link's own are the archive stage's business, not a lead."""
    base = lead.base_url
    ident, words = article_id(base), slug(base)
    dead = url_key(lead.link_url)
    best: dict[str, tuple[tuple[int, int], CdxRow]] = {}
    for row in rows:
        key = url_key(row.original)
        if key == dead or (row.statuscode and row.statuscode != "200") or not same_site(row.original, base):
            continue
        has_id, has_slug = _carries(row.original, ident, words)
        exact = key == url_key(base)
        if not (has_id or has_slug or exact):
            continue
        rank = (0 if exact else 1 if has_id and has_slug else 2 if has_id else 3, -int(row.timestamp))
        if key not in best or rank < best[key][0]:
            best[key] = (rank, row)
    ordered = sorted(best.values(), key=lambda pair: pair[0])
    return [Candidate(row.original, SuggestedHow.INTENDED_DOMAIN if url_key(row.original) == url_key(base)
                      and lead.intended_url else SuggestedHow.WAYBACK_CDX, query,
                      ident if ident and article_id(row.original) == ident else words or "", row.timestamp)
            for _, row in ordered]


def capture_url(timestamp: str, original: str) -> str:
    """The capture's original bytes, without the Wayback banner."""
    return f"{WEB}/web/{timestamp}id_/{original}"


def memento_url(timestamp: str, original: str) -> str:
    return f"{WEB}/web/{timestamp}/{original}"


# ---------------------------------------------------------------------- pages


def extract_page(body: bytes, content_type: str | None, url: str, text: str | None) -> Extracted:
    """Title and text of a fetched page (HTML as decoded by the caller, or PDF)."""
    kind = (content_type or "").lower()
    if "pdf" in kind or body[:5] == b"%PDF-" or urlsplit(url).path.lower().endswith(".pdf"):
        return extract_pdf(body)
    if text is not None and ("html" in kind or not kind):
        return extract_html(text, url)
    return Extracted()


def live_rejection(lead: Lead, answer: Answer) -> str | None:
    """Why a live answer cannot be the cited page whatever it says, or None."""
    if answer.error:
        return answer.error
    if not answer.ok:
        return f"answered {answer.status}"
    final = answer.final_url or answer.url
    if is_home_redirect(answer.url, final, answer.redirects):
        return "redirects to the site's home page"
    if says_not_found(final, answer.title):
        return "says the page is not found"
    if url_key(final) == url_key(lead.link_url):
        return "is the cited URL itself"
    return None


# --------------------------------------------------------------------- search


@dataclass
class Finding:
    """The end of one link's search."""

    link_url: str
    url: str | None = None
    how: SuggestedHow | None = None
    matches: dict[str, Match] = field(default_factory=dict)
    """Citation id → how the page held its title, for the citations the find is proven for."""
    proof: dict[str, Any] = field(default_factory=dict)
    requests: int = 0
    tried: list[dict[str, Any]] = field(default_factory=list)

    def evidence(self, citation_id: str) -> dict[str, Any]:
        """`citations.suggested_evidence` of one of the link's citations."""
        match = self.matches.get(citation_id)
        if self.url is None or match is None:
            return {"link_url": self.link_url, "requests": self.requests, "tried": self.tried[:10]}
        return {"link_url": self.link_url, **self.proof, "match": match.verdict.value, "score": match.score,
                "requests": self.requests}


class Search:
    """One link's search, bounded by `max_requests` fetches. `run()` is a generator: it yields
    `Fetch`es, is sent their `Answer`s, and returns the `Finding`."""

    def __init__(self, lead: Lead, sitemaps: SiteMaps, gate: CdxGate, max_requests: int = DEFAULT_MAX_REQUESTS) -> None:
        self.lead = lead
        self.sitemaps = sitemaps
        self.gate = gate
        self.max_requests = max_requests
        self.used = 0
        self.finding = Finding(lead.link_url)
        self.live: dict[str, Answer | None] = {url_key(lead.link_url): None}
        """Candidates tried live, by key: their answer when it was a page other than the cited one
        (alive: no capture can stand for it), None when it was no page at all."""

    @property
    def left(self) -> int:
        return self.max_requests - self.used

    def _fetch(self, fetch: Fetch) -> Generator[Fetch, Answer, Answer]:
        self.used += 1
        answer = yield fetch
        return answer

    def run(self) -> Generator[Fetch, Answer, Finding]:
        lead = self.lead
        if lead.intended_url and self.left > 0:
            domain = registrable_domain(host_of(lead.intended_url) or "")
            intended = Candidate(lead.intended_url, SuggestedHow.INTENDED_DOMAIN, "suggested_domain", domain)
            if (yield from self._try_live(intended)):
                return self._done()
        while self.used < self.max_requests - RESERVED_FOR_CANDIDATES and (fetch := self.sitemaps.next_fetch(lead)):
            self.sitemaps.take(fetch, (yield from self._fetch(fetch)))
        query = cdx_query(lead.base_url, article_id(lead.base_url), slug(lead.base_url))
        keep = 2 if query and self.gate.open else 0  # the CDX query and one of its candidates
        fetched = 0
        for candidate in sitemap_candidates(lead, self.sitemaps.entries):
            if fetched >= MAX_SITEMAP_CANDIDATES or self.left <= keep:
                break
            if url_key(candidate.url) not in self.live:
                fetched += 1
                if (yield from self._try_live(candidate)):
                    return self._done()
        if query and self.gate.open and self.left >= 2:
            answer = yield from self._fetch(Fetch(query, Purpose.CDX))
            if answer.status == 429:
                self.gate.close("the Wayback Machine's CDX index answered 429 (too many requests)")
            self.finding.tried.append({"url": query, "status": answer.status,
                                       **({"rejected": answer.error} if answer.error else {})})
            for candidate in cdx_candidates(lead, parse_cdx(answer.body) if answer.ok else [], query):
                key = url_key(candidate.url)
                if key not in self.live and self.left > 0 and (yield from self._try_live(candidate)):
                    return self._done()
                # A capture stands for a page that is gone, never for one that now says something else.
                if self.left > 0 and self.live.get(key, True) is None and (yield from self._try_capture(candidate)):
                    return self._done()
        return self._done()

    def _try_live(self, candidate: Candidate) -> Generator[Fetch, Answer, bool]:
        answer = yield from self._fetch(Fetch(candidate.url, Purpose.PAGE))
        rejected = live_rejection(self.lead, answer)
        self.live[url_key(candidate.url)] = None if rejected else answer
        matches = {} if rejected else self._matches(answer)
        self._note(candidate.url, answer, rejected)
        if not matches:
            return False
        self._found(answer.final_url or candidate.url, candidate, answer, matches, proof="live")
        return True

    def _try_capture(self, candidate: Candidate) -> Generator[Fetch, Answer, bool]:
        assert candidate.capture is not None
        fetch = Fetch(capture_url(candidate.capture, candidate.url), Purpose.CAPTURE, page_url=candidate.url)
        answer = yield from self._fetch(fetch)
        rejected = answer.error or (None if answer.ok else f"answered {answer.status}")
        matches = {} if rejected else self._matches(answer)
        self._note(fetch.url, answer, rejected)
        if not matches:
            return False
        self._found(candidate.url, candidate, answer, matches, proof="capture")
        return True

    def _matches(self, answer: Answer) -> dict[str, Match]:
        found = {c.citation_id: title_match(c.title, answer.title, answer.text) for c in self.lead.citations}
        return {cid: match for cid, match in found.items() if match.verdict in ACCEPTED}

    def _note(self, url: str, answer: Answer, rejected: str | None) -> None:
        note: dict[str, Any] = {"url": url, "status": answer.status}
        if rejected:
            note["rejected"] = rejected
        else:
            best = max((title_match(c.title, answer.title, answer.text) for c in self.lead.citations),
                       key=lambda m: m.score or 0.0)
            note.update({"title": answer.title, "match": best.verdict.value, "score": best.score})
        self.finding.tried.append(note)

    def _found(self, url: str, candidate: Candidate, answer: Answer, matches: dict[str, Match], proof: str) -> None:
        evidence: dict[str, Any] = {
            "proof": proof, "candidate": candidate.url, "found_in": candidate.found_in, "key": candidate.key,
            "status": answer.status, "final_url": answer.final_url or answer.url, "title": answer.title,
        }
        if candidate.capture:
            evidence["capture_timestamp"] = candidate.capture
            evidence["capture_url"] = memento_url(candidate.capture, candidate.url)
        if proof == "capture":  # the page itself is gone: what answered is the Wayback Machine
            live = next((note for note in self.finding.tried if note.get("url") == candidate.url), {})
            evidence.update({"status": live.get("status"), "capture_status": answer.status,
                             "final_url": candidate.url})
        self.finding.url, self.finding.how, self.finding.matches = url, candidate.how, matches
        self.finding.proof = evidence

    def _done(self) -> Finding:
        self.finding.requests = self.used
        return self.finding

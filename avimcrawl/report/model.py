"""What the report shows: its vocabularies and the records `build_report` fills."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from avimcrawl import PROJECT_URL
from avimcrawl.report.text import blank
from avimcrawl.review import REVIEW_BELOW, Review
from avimcrawl.store import SnapshotStatus

if TYPE_CHECKING:
    from avimcrawl.repairs import CommentaryRepairs

FORMATS = ("html", "csv", "json", "md")
VERDICTS = ("alive", "dying", "dead", "blocked", "unknown")
FAILING = ("dead", "dying")
SCHEMA_ID = f"{PROJECT_URL}/schemas/avimcrawl-report-2.json"
SCHEMA_FILE = "report.schema.json"
TEMPLATE_FILE = "report_template.html"
CSV_COLUMNS = (
    "commentary_url", "commentary_number", "commentary_lang", "footnote", "position", "raw",
    "link_url", "domain", "verdict", "last_outcome", "http_status", "dead_since", "wayback_url",
    "wayback_timestamp", "snapshot_status", "problems", "kind", "confidence", "guessed", "review",
    "match", "capture_match", "capture_drift", "change", "warc_file", "warc_offset",
)
REVIEWS: dict[str, tuple[str, str]] = {
    # review state: (heading, what it means), in the order the report lists them
    Review.NEEDS_REVIEW.value: ("Needs review", f"parsed with confidence below {REVIEW_BELOW:g}: "
                                                "a person should check its fields"),
    Review.CORRECTED.value: ("Corrected", "corrected by hand with `avimcrawl correct`; kept across re-crawls"),
    Review.REVIEWED.value: ("Reviewed", "checked by a person and found right as parsed"),
}
NO_COPY: dict[str | None, tuple[str, str]] = {
    # snapshot status of a link without a capture: (what the report says, what it means)
    SnapshotStatus.PENDING: ("queued for the Wayback Machine", "archiving will look for a capture, or save one, next run"),
    SnapshotStatus.SKIPPED: ("no copy exists", "the Wayback Machine has no capture, and the page was already failing "
                                               "when archiving reached it: a capture would keep only its error"),
    SnapshotStatus.FAILED: ("saving failed", "Save Page Now refused or could not capture the page"),
    None: ("no capture yet", "archiving has not reached this link yet"),
}
"""What the report says of a cited link with no Wayback capture, by its `snapshots.status`."""


def no_copy(snapshot_status: str | None) -> tuple[str, str]:
    """(what the report says, what it means) of a link without a capture."""
    return NO_COPY.get(snapshot_status, NO_COPY[None])


MAX_LISTED = 50
"""At most this many citations in one Markdown list."""
TOP_DOMAINS = 20
TOP_DEAD_DOMAINS = 10
MARKDOWN_MAX_DEAD = 50

PROBLEMS: dict[str, tuple[str, str]] = {
    # code: (heading, what it means), in the order the report lists them
    "placeholder": ("Placeholders", "a placeholder such as [publication date] or [Site Name] stands where data should be"),
    "suspect_domain": ("Misspelled domains", "the domain is a typo or two away from a well-known one"),
    "published_after_accessed": ("Dated after access", "the source is dated after the day it was accessed"),
    "no_url": ("No URL", "the citation gives no URL"),
    "malformed_url": ("Malformed URLs", "the URL is not an absolute http(s) URL with a host"),
    "duplicate": ("Duplicates", "the same URL was already cited earlier in the commentary"),
    "stray_bracket": ("Stray brackets", "an unbalanced [ or ], usually a half-deleted placeholder"),
    "double_slash": ("Double slashes", "an empty path segment (…//), kept as written"),
    "truncated": ("Truncated", "the page was cut short in this note: the citation may be incomplete"),
}

CHANGED_DRIFT = 0.5
"""A live page whose text moved at least this far from the capture nearest the access date
(`links.capture_drift`: 1 − the Jaccard resemblance of 5-word shingles) is listed as rewritten."""
CHANGES: dict[str, tuple[str, str]] = {
    # change: (what the report says, what it means), in the order the report lists them
    "replaced": ("replaced", "the archived copy holds the cited title; the live page does not: another page stands at the URL"),
    "parked": ("parked", "the archived copy holds the cited title; the live URL shows a parking or \"for sale\" page"),
    "edited": ("edited", "the archived copy holds the cited title; the live page holds it only in part"),
    "rewritten": ("rewritten", f"the live text has moved at least {CHANGED_DRIFT:g} (drift) from the archived copy "
                               "nearest the access date"),
}

COLOURS = {  # Okabe-Ito: tell apart with the common colour-vision deficiencies
    "alive": "#009E73", "dying": "#E69F00", "dead": "#D55E00", "blocked": "#0072B2", "unknown": "#9a9a9a",
}


@dataclass(frozen=True)
class CommentaryInfo:
    url: str
    number: str | None
    lang: str | None
    title: str | None
    published: str | None
    wayback_url: str | None
    wayback_timestamp: str | None


@dataclass(frozen=True)
class CitationRow:
    """One citation with its link's health and its snapshot."""

    id: str
    commentary_url: str
    commentary_number: str | None
    commentary_lang: str | None
    footnote: int | None
    position: int | None
    raw: str
    link_url: str | None
    domain: str | None
    verdict: str | None
    """None when the citation has no URL (so no link)."""
    last_outcome: str | None
    http_status: int | None
    dead_since: str | None
    failing_since: str | None
    """First failed check since the last good one (a dying link's "dead since" to be)."""
    wayback_url: str | None
    wayback_timestamp: str | None
    snapshot_status: str | None
    problems: tuple[str, ...]
    suggested_domain: str | None
    kind: str | None = None
    confidence: float | None = None
    guessed: tuple[str, ...] = ()
    """Fields the parser read by position only."""
    review: str | None = None
    """`needs_review`, `corrected` or `reviewed` (see REVIEWS); None when nothing needs saying."""
    other_archive: str | None = None
    """Where the Wayback Machine has no capture: the other archive holding one (`links.other_archive`)."""
    other_archive_url: str | None = None
    other_archive_timestamp: str | None = None
    match: str | None = None
    """Does the live page still hold the cited title (`citations.match`): same, close, absent, parked, unknown."""
    capture_match: str | None = None
    """The same against the Wayback capture nearest the access date (`citations.capture_match`)."""
    accessed: str | None = None
    capture_drift: float | None = None
    """How far today's text moved from that capture, when it predates the citation (`links.capture_drift`)."""
    warc_file: str | None = None
    warc_offset: int | None = None
    """The WARC record of the link's last fetch with a response (`links.warc_file`, `warc_offset`)."""

    @property
    def change(self) -> str | None:
        """How a live cited page changed since the author cited it (a key of CHANGES), or None."""
        if self.verdict != "alive":
            return None
        as_cited = self.capture_match in {"same", "close"}
        if as_cited and self.match == "absent":
            return "replaced"
        if as_cited and self.match == "parked":
            return "parked"
        if self.capture_match == "same" and self.match == "close":
            return "edited"
        if self.capture_drift is not None and self.capture_drift >= CHANGED_DRIFT and self.match != "absent":
            return "rewritten"
        return None

    @property
    def note(self) -> str:
        return f"{blank(self.footnote)}.{blank(self.position)}"

    def record(self) -> dict[str, Any]:
        """The fields of the CSV and JSON formats (problems as a list)."""
        row = {name: getattr(self, name) for name in CSV_COLUMNS}
        row["problems"] = list(self.problems)
        row["guessed"] = list(self.guessed)
        return row


@dataclass(frozen=True)
class Totals:
    commentaries: int
    citations: int
    citations_with_url: int
    links: int
    verdicts: dict[str, int]
    """Cited links per verdict; every verdict in VERDICTS is a key."""
    archived_links: int
    failing_citations: int
    """Citations whose link is dead or dying."""
    reviews: dict[str, int] = field(default_factory=dict)
    """Citations per review state; every state in REVIEWS is a key."""

    @property
    def archived_share(self) -> float:
        return self.archived_links / self.links if self.links else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "commentaries": self.commentaries, "citations": self.citations,
            "citations_with_url": self.citations_with_url, "links": self.links,
            "verdicts": dict(self.verdicts), "archived_links": self.archived_links,
            "archived_share": round(self.archived_share, 4),
            "dead_or_dying_citations": self.failing_citations,
            "review": {state: self.reviews.get(state, 0) for state in REVIEWS},
        }


@dataclass(frozen=True)
class YearRot:
    """The links cited by the commentaries of one year, and how many of them now fail."""

    year: int
    links: int
    dead: int
    dying: int
    alive: int = 0

    @property
    def failing(self) -> int:
        return self.dead + self.dying

    @property
    def known(self) -> int:
        """Links whose fate is known: alive, dying or dead (not blocked, not yet checked)."""
        return self.alive + self.dead + self.dying

    @property
    def alive_share(self) -> float:
        return self.alive / self.known if self.known else 0.0

    @property
    def share(self) -> float:
        return self.failing / self.links if self.links else 0.0


HALF_LIFE_MIN_LINKS = 20
"""A citation year counts towards the half-life only with at least this many links of known fate…"""
HALF_LIFE_MIN_BINS = 3
"""…and the half-life is estimated only from at least this many such years."""


@dataclass(frozen=True)
class HalfLife:
    """The age (years since citation) at which the share of links still alive falls below one half."""

    years: float | None
    """None when not estimated (see `said`)."""
    bins: int
    """Citation years with at least HALF_LIFE_MIN_LINKS links of known fate."""
    said: str
    """The finding in words: the estimate, or why there is none."""


def half_life(rot_by_year: tuple[YearRot, ...], generated_year: int) -> HalfLife:
    """First crossing of 50 % alive, by linear interpolation between the two ages around it (ages in
    whole years: the report's year minus the citation year), over years with enough links."""
    bins = sorted((generated_year - r.year, r.alive_share) for r in rot_by_year if r.known >= HALF_LIFE_MIN_LINKS)
    if len(bins) < HALF_LIFE_MIN_BINS:
        return HalfLife(None, len(bins), f"not estimated: it needs at least {HALF_LIFE_MIN_BINS} citation years with "
                                         f"{HALF_LIFE_MIN_LINKS} or more links of known fate each, and there are {len(bins)}")
    if bins[0][1] < 0.5:
        return HalfLife(None, len(bins), f"under {bins[0][0]} years: fewer than half of the links of the youngest "
                                         "year measured are alive")
    for (age0, share0), (age1, share1) in zip(bins, bins[1:]):
        if share0 >= 0.5 > share1:
            years = age0 + (share0 - 0.5) / (share0 - share1) * (age1 - age0)
            return HalfLife(round(years, 1), len(bins), f"about {years:.1f} years")
    return HalfLife(None, len(bins), f"over {bins[-1][0]} years: more than half of the links of the oldest year "
                                     "measured are still alive")


@dataclass(frozen=True)
class DomainVerdicts:
    domain: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def known(self) -> int:
        return sum(self.counts.get(v, 0) for v in ("alive", "dying", "dead"))

    @property
    def alive_share(self) -> float:
        return self.counts.get("alive", 0) / self.known if self.known else 0.0


@dataclass(frozen=True)
class Outage:
    """A site down for a whole run or more: every link of it checked, and its home page, failed alike."""

    domain: str
    outcome: str
    http_status: int | None
    started_at: str
    last_seen_at: str
    ended_at: str | None
    runs: int
    links: int
    """Links of the site checked in the last run that saw it."""


@dataclass(frozen=True)
class WallGroup:
    """The cited links last found behind one kind of wall (or blocked for one other reason), by domain."""

    key: str
    """A walls.Wall value, or `robots.txt`, `site rules`, `HTTP <status>`."""
    label: str
    domains: tuple[tuple[str, int], ...]
    """(domain, links), most links first."""

    @property
    def links(self) -> int:
        return sum(count for _, count in self.domains)


@dataclass(frozen=True)
class Report:
    generated_at: str
    totals: Totals
    commentaries: dict[str, CommentaryInfo]
    citations: tuple[CitationRow, ...]
    """Newest commentary first, then by footnote and position."""
    rot_by_year: tuple[YearRot, ...]
    """Every year from the first to the last with cited links (gap years have 0 links)."""
    undated_links: int
    """Cited links whose citing commentaries have no publication date (left out of rot_by_year)."""
    verdicts_by_domain: tuple[DomainVerdicts, ...]
    """The TOP_DOMAINS domains with the most cited links."""
    problem_counts: dict[str, int]
    """Citations per problem code, in the order of PROBLEMS (unknown codes last)."""
    failing_domains: tuple[tuple[str, int, int], ...]
    """(domain, dead, dying) for the domains with the most failing links."""
    repairs: tuple[CommentaryRepairs, ...] = ()
    """The repaired footnotes of every commentary (see avimcrawl.repairs), newest first."""
    outages: tuple[Outage, ...] = ()
    """Sites down: open outages first, then those ended, newest first (at most MAX_LISTED)."""
    walls: tuple[WallGroup, ...] = ()
    """Cited links last answered `blocked`, by what blocked them, most links first."""

    def repairs_of(self, commentary_url: str) -> CommentaryRepairs | None:
        """The commentary's repairs, when some footnote of it needs one."""
        return next((r for r in self.repairs if r.url == commentary_url and r.needing_repair), None)

    def failing_citations(self) -> list[CitationRow]:
        return [c for c in self.citations if c.verdict in FAILING]

    def failing_by_commentary(self) -> list[tuple[CommentaryInfo, list[CitationRow]]]:
        groups: dict[str, list[CitationRow]] = {}
        for citation in self.failing_citations():
            groups.setdefault(citation.commentary_url, []).append(citation)
        return [(self.commentary(url), rows) for url, rows in groups.items()]

    def half_life(self) -> HalfLife:
        return half_life(self.rot_by_year, int(self.generated_at[:4]))

    def changed_citations(self) -> list[CitationRow]:
        """Citations of live pages changed since cited (see CitationRow.change), by kind of change."""
        order = list(CHANGES)
        return sorted((c for c in self.citations if c.change), key=lambda c: order.index(c.change or ""))

    def with_review(self, state: str) -> list[CitationRow]:
        return [c for c in self.citations if c.review == state]

    def with_problem(self, code: str) -> list[CitationRow]:
        return [c for c in self.citations if code in c.problems]

    def commentary(self, url: str) -> CommentaryInfo:
        return self.commentaries.get(url) or CommentaryInfo(url, None, None, None, None, None, None)

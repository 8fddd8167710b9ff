"""Repaired footnotes: for every footnote of a commentary, what is wrong with it and a
repaired footnote ready to paste, in the commentary's language and house style.

Read from the archive database alone (nothing is fetched). A citation's findings come from
what the other stages wrote: its link's verdict and last outcome (`links`), the parser's
problems (`citations.problems`), and, where the verification stage has run, whether the
page still holds the cited title (`citations.match`, `capture_match`) and a working URL it
found (`citations.suggested_url`). On an archive made before those columns existed, the
findings that need them are simply not made.

The repaired footnote is the footnote as the author wrote it, edited in place, so that its
house style (word order, quotation marks, date forms, `<URL>` or bare URL) stays the
author's: the working or suggested URL replaces a broken one; placeholders (`[Site Name]`,
`[publication date]`, `[başlık]`) are filled from what the fetched page or its Wayback
capture says, each filled value marked as supplied (`†`); a date after the access date is
corrected when the page gives its own; and the archived copy nearest the access date is
added with its date (`Archived at <…> (captured March 3, 2024).`, in Turkish
`Arşivlenmiş kopya: <…> (arşivlenme tarihi: 3 Mart 2024).`). Nothing is invented: a
placeholder the evidence does not fill stays as written.

Imports nothing of `avimcrawl.report` (the report imports this module).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from html import escape
from typing import Any

import sqlite_utils

from avimcrawl import __version__
from avimcrawl.dates import find_dates, fold
from avimcrawl.fields import PLACEHOLDER_TOKEN, is_placeholder
from avimcrawl.store import CAPTURED
from avimcrawl.urls import find_urls, host_of, normalize, registrable_domain
from avimcrawl.verify import MatchVerdict

FORMATS = ("md", "html", "json")


class Finding(StrEnum):
    """What can be wrong with a footnote's citation, as the repairs name it."""

    DEAD = "dead"
    """The link is dead (`links.verdict`): since `links.dead_since`."""
    SOFT_404 = "soft_404"
    """The link's last check answered with a "not found" page under a success status."""
    PAGE_REPLACED = "page_replaced"
    """The page at the URL answers but no longer holds the cited title (`citations.match` absent)."""
    PARKED = "parked"
    """The domain now shows a registrar's parking or "for sale" page (`citations.match` parked)."""
    MISSPELLED_DOMAIN = "misspelled_domain"
    """The domain is a typo of a well-known one (the parser's `suspect_domain`)."""
    PLACEHOLDER = "placeholder"
    """A placeholder (`[Site Name]`, `[publication date]`…) stands where data should be."""
    PUBLISHED_AFTER_ACCESSED = "published_after_accessed"
    """The source is dated after the day it was accessed."""


FINDINGS: dict[Finding, str] = {
    Finding.DEAD: "Dead link",
    Finding.SOFT_404: "Soft 404",
    Finding.PAGE_REPLACED: "Page replaced",
    Finding.PARKED: "Parked domain",
    Finding.MISSPELLED_DOMAIN: "Misspelled domain",
    Finding.PLACEHOLDER: "Placeholder",
    Finding.PUBLISHED_AFTER_ACCESSED: "Dated after access",
}
"""Each finding's heading, in the order they are listed."""

_BROKEN_LINK = {Finding.DEAD, Finding.SOFT_404, Finding.PAGE_REPLACED, Finding.PARKED, Finding.MISSPELLED_DOMAIN}
"""Findings that say the written URL no longer leads to the cited page."""


class Source(StrEnum):
    """Where a value of a repaired footnote comes from, when the author did not write it."""

    PAGE = "page"
    """The cited page as avimcrawl fetched it (`links.title`, `site_name`, `published`, `author`)."""
    CAPTURE = "capture"
    """The Wayback capture of the cited page (`citations.capture_match_title`)."""
    SUGGESTED = "suggested"
    """A working URL the verification stage found (`citations.suggested_url`)."""
    ARCHIVE = "archive"
    """The archived copy nearest the access date."""


SUPPLIED_MARK = "†"
SUGGESTED_MARK = "‡"
MARKS = {Source.PAGE: SUPPLIED_MARK, Source.CAPTURE: SUPPLIED_MARK, Source.SUGGESTED: SUGGESTED_MARK}
LEGEND = {
    SUPPLIED_MARK: "supplied from the archived page: read by avimcrawl from the cited page as fetched, or from "
                   "its Wayback capture, not written by the author",
    SUGGESTED_MARK: "URL suggested by avimcrawl's verification in place of the written one (how: see the notes)",
}
"""What the marks in the Markdown and HTML repairs mean. Remove the marks before pasting."""

FIELD_NAMES = {"authors": "author", "title": "title", "publisher": "site name", "published": "publication date",
               "accessed": "access date", "url": "URL", "unknown": "unknown field"}

_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
_TR_MONTHS = ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım",
              "Aralık")
_ARCHIVED = {  # language: (before the URL, between the URL and the date, after the date)
    "en": ("Archived at ", " (captured ", ")."),
    "tr": ("Arşivlenmiş kopya: ", " (arşivlenme tarihi: ", ")."),
}


# ----------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Issue:
    """One finding about one citation, with what it rests on."""

    code: Finding
    detail: str
    """What is wrong, in words."""
    since: str | None = None
    """For `dead`: the first failure of the link's final run of failures (UTC ISO time)."""
    suggestion: str | None = None
    """For `misspelled_domain`: the domain the author probably meant."""
    fields: tuple[str, ...] = ()
    """For `placeholder`: the fields the placeholders stand for (`publisher`, `published`…)."""

    def record(self) -> dict[str, Any]:
        row: dict[str, Any] = {"code": self.code.value, "detail": self.detail}
        if self.since is not None:
            row["since"] = self.since
        if self.suggestion is not None:
            row["suggestion"] = self.suggestion
        if self.code is Finding.PLACEHOLDER:
            row["fields"] = list(self.fields)
        return row


@dataclass(frozen=True)
class Piece:
    """A stretch of a repaired footnote: as written (source None), or supplied."""

    text: str
    source: Source | None = None
    link: str | None = None
    """The URL this stretch names, when it is one avimcrawl supplied (to link it in HTML)."""


@dataclass(frozen=True)
class Filled:
    """A value the repaired footnote gives that the author did not write."""

    field: str
    value: str
    source: Source


@dataclass(frozen=True)
class ArchivedCopy:
    url: str
    date: str | None
    """YYYY-MM-DD of the capture."""
    archive: str
    """`Wayback Machine`, or the other archive's name."""


@dataclass(frozen=True)
class CitationRepair:
    """One citation of a footnote: what is wrong, and the repaired citation (None: nothing is wrong)."""

    id: str
    footnote: int
    position: int
    raw: str
    link_url: str | None
    findings: tuple[Issue, ...] = ()
    repaired: tuple[Piece, ...] | None = None
    filled: tuple[Filled, ...] = ()
    url: str | None = None
    """The URL the repaired citation gives (None when it gives none)."""
    suggested_how: str | None = None
    """How the verification stage found the URL, when it replaced the written one."""
    suggested_evidence: Any = None
    archived: ArchivedCopy | None = None
    notes: tuple[str, ...] = ()
    """What the repair could not do, or rests on, in words."""

    @property
    def text(self) -> str | None:
        """The repaired citation, ready to paste (no marks)."""
        return None if self.repaired is None else "".join(p.text for p in self.repaired)

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id, "footnote": self.footnote, "position": self.position, "original": self.raw,
            "link_url": self.link_url, "findings": [i.record() for i in self.findings], "repaired": self.text,
            "filled": [{"field": f.field, "value": f.value, "source": f.source.value} for f in self.filled],
            "url": self.url if self.repaired is not None else None,
            "url_source": None if self.repaired is None or not self.url else
            "suggested" if self.suggested_how is not None else "written",
            "suggested_how": self.suggested_how, "suggested_evidence": self.suggested_evidence,
            "archived_copy": None if self.archived is None else
            {"url": self.archived.url, "date": self.archived.date, "archive": self.archived.archive},
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class FootnoteRepair:
    number: int
    citations: tuple[CitationRepair, ...]

    @property
    def original(self) -> str:
        return " ; ".join(c.raw for c in self.citations)

    @property
    def needs_repair(self) -> bool:
        """Something is wrong with it (whether or not the archive holds what repairs it)."""
        return any(c.findings for c in self.citations)

    @property
    def findings(self) -> tuple[Issue, ...]:
        return tuple(i for c in self.citations for i in c.findings)

    def pieces(self) -> tuple[Piece, ...] | None:
        """The repaired footnote: its citations, repaired or as written, joined as AVİM joins them;
        None when nothing is wrong, or nothing the archive holds repairs it."""
        if all(c.repaired is None for c in self.citations):
            return None
        out: list[Piece] = []
        for index, citation in enumerate(self.citations):
            if index:
                out.append(Piece(" ; "))
            out.extend(citation.repaired if citation.repaired is not None else (Piece(citation.raw),))
        return tuple(out)

    @property
    def text(self) -> str | None:
        pieces = self.pieces()
        return None if pieces is None else "".join(p.text for p in pieces)

    def record(self) -> dict[str, Any]:
        return {"footnote": self.number, "original": self.original, "repaired": self.text,
                "citations": [c.record() for c in self.citations]}


@dataclass(frozen=True)
class CommentaryRepairs:
    url: str
    lang: str
    """`en` or `tr`: the language of the repaired footnotes."""
    title: str | None
    number: str | None
    published: str | None
    footnotes: tuple[FootnoteRepair, ...]

    @property
    def anchor(self) -> str:
        """A stable HTML id for this commentary's repairs (in the report and the HTML repairs)."""
        return "repairs-" + hashlib.sha1(self.url.encode("utf-8")).hexdigest()[:12]

    def footnote_anchor(self, number: int) -> str:
        return f"{self.anchor}-{number}"

    @property
    def needing_repair(self) -> tuple[FootnoteRepair, ...]:
        return tuple(f for f in self.footnotes if f.needs_repair)

    def record(self) -> dict[str, Any]:
        return {"url": self.url, "lang": self.lang, "number": self.number, "title": self.title,
                "published": self.published, "footnotes": [f.record() for f in self.footnotes]}


# ----------------------------------------------------------------------- reading


class UnknownCommentary(ValueError):
    """A commentary URL the archive does not hold."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


_OPTIONAL = {
    # table: columns added by later migrations; read as NULL on an archive made before them
    "citations": ("match", "match_score", "match_title", "capture_match", "capture_match_score",
                  "capture_match_title", "suggested_url", "suggested_how", "suggested_evidence", "suggested_at"),
    "links": ("other_archive", "other_archive_url", "other_archive_timestamp"),
}


def resolve_commentaries(db: sqlite_utils.Database, urls: Iterable[str]) -> list[str]:
    """The archive's URL of each commentary given (by any URL it was seen at), in order, once each.
    Raises UnknownCommentary for the first URL the archive does not hold."""
    resolved: list[str] = []
    for url in urls:
        found = _commentary_url(db, url.strip())
        if found is None:
            raise UnknownCommentary(url)
        if found not in resolved:
            resolved.append(found)
    return resolved


def _commentary_url(db: sqlite_utils.Database, url: str) -> str | None:
    sql = "SELECT url FROM commentaries WHERE url = ?"
    params = [url]
    if "commentary_urls" in db.table_names():
        sql += " UNION ALL SELECT commentary_url FROM commentary_urls WHERE url = ?"
        params.append(url)
    for row in db.query(sql + " LIMIT 1", params):
        return str(row["url"])
    return None


def read_repairs(db: sqlite_utils.Database, commentary_urls: Sequence[str] | None = None) -> list[CommentaryRepairs]:
    """The repairs of the given commentaries (archive URLs), or of every commentary, newest first."""
    where, params = "", []
    if commentary_urls is not None:
        if not commentary_urls:
            return []
        where = f"WHERE url IN ({', '.join('?' for _ in commentary_urls)})"
        params = list(commentary_urls)
    commentaries = list(db.query(
        f"SELECT url, lang, title, number, published FROM commentaries {where} "
        "ORDER BY published IS NULL, published DESC, url", params))
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in _citation_rows(db, [c["url"] for c in commentaries]):
        rows.setdefault(row["commentary_url"], []).append(row)
    return [_commentary(c, rows.get(c["url"], [])) for c in commentaries]


def _columns(db: sqlite_utils.Database, table: str, alias: str) -> str:
    present = set(db[table].columns_dict) if table in db.table_names() else set()
    return ", ".join(f'{alias}."{name}" AS "{alias}_{name}"' if name in present else f'NULL AS "{alias}_{name}"'
                     for name in _OPTIONAL[table])


def _citation_rows(db: sqlite_utils.Database, urls: list[str]) -> list[dict[str, Any]]:
    if not urls:
        return []
    captured = ", ".join(f"'{status}'" for status in CAPTURED)
    snapshots = "snapshots" in db.table_names()
    wayback = (f"""CASE WHEN l.wayback_url IS NOT NULL THEN l.wayback_url
                        WHEN s.status IN ({captured}) THEN s.archive_url END AS wayback_url,
                   CASE WHEN l.wayback_url IS NOT NULL THEN l.wayback_timestamp
                        WHEN s.status IN ({captured}) THEN s.timestamp END AS wayback_timestamp"""
               if snapshots else "l.wayback_url AS wayback_url, l.wayback_timestamp AS wayback_timestamp")
    join = "LEFT JOIN snapshots s ON s.url = c.link_url" if snapshots else ""
    return [dict(row) for row in db.query(f"""
        SELECT c.id, c.commentary_url, c.footnote, c.position, c.raw, c.url, c.link_url, c.authors, c.title,
               c.publisher, c.published, c.accessed, c.problems, c.suggested_domain,
               {_columns(db, "citations", "c")},
               l.url AS link, l.verdict, l.last_outcome, l.dead_since, l.last_checked, l.domain,
               l.title AS page_title, l.site_name AS page_site_name, l.published AS page_published,
               l.author AS page_author, {wayback}, {_columns(db, "links", "l")}
        FROM citations c
        LEFT JOIN links l ON l.url = c.link_url
        {join}
        WHERE c.commentary_url IN ({', '.join('?' for _ in urls)})
        ORDER BY c.commentary_url, c.footnote, c.position""", urls)]


def _commentary(row: dict[str, Any], citations: list[dict[str, Any]]) -> CommentaryRepairs:
    lang = row["lang"] if row["lang"] in _ARCHIVED else "en"
    style = HouseStyle.of(lang, [c["raw"] or "" for c in citations])
    footnotes: dict[int, list[CitationRepair]] = {}
    for citation in citations:
        footnotes.setdefault(citation["footnote"] or 0, []).append(repair_citation(citation, style))
    return CommentaryRepairs(row["url"], lang, row["title"], row["number"], row["published"],
                             tuple(FootnoteRepair(n, tuple(cs)) for n, cs in sorted(footnotes.items())))


# --------------------------------------------------------------------- house style


@dataclass(frozen=True)
class HouseStyle:
    """How a commentary writes its footnotes' dates, so that what a repair adds reads the same."""

    lang: str
    dates: str
    """`month_day` (February 12, 2026), `day_month` (12 February 2026, 12 Şubat 2026),
    `numeric` (12.02.2026) or `iso` (2026-02-12)."""

    @classmethod
    def of(cls, lang: str, raws: Iterable[str]) -> HouseStyle:
        forms: Counter[str] = Counter()
        for raw in raws:
            masked = _mask_urls(raw)
            for mention in find_dates(masked):
                forms[_date_form(masked[mention.start:mention.end])] += 1
        default = "month_day" if lang == "en" else "day_month"
        return cls(lang, forms.most_common(1)[0][0] if forms else default)

    def date(self, iso: str) -> str:
        """An ISO date (or the date part of an ISO time) as the commentary writes dates."""
        found = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso)
        if not found:
            return iso
        year, month, day = (int(part) for part in found.groups())
        if not 1 <= month <= 12:
            return iso
        name = (_TR_MONTHS if self.lang == "tr" else _EN_MONTHS)[month - 1]
        if self.dates == "numeric":
            return f"{day:02d}.{month:02d}.{year}"
        if self.dates == "iso":
            return f"{year:04d}-{month:02d}-{day:02d}"
        if self.dates == "month_day" and self.lang == "en":
            return f"{name} {day}, {year}"
        return f"{day} {name} {year}"


def _date_form(text: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "iso"
    if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}", text):
        return "numeric"
    return "day_month" if text[:1].isdigit() else "month_day"


def _mask_urls(text: str) -> str:
    """`text` with its URLs blanked (same length), so that nothing is read inside them."""
    for found in find_urls(text):
        text = text[:found.start] + " " * (found.end - found.start) + text[found.end:]
    return text


# -------------------------------------------------------------------------- repair


def repair_citation(row: dict[str, Any], style: HouseStyle) -> CitationRepair:
    """What is wrong with one citation (a row of `_citation_rows`), and its repair."""
    raw = row["raw"] or ""
    base = CitationRepair(id=str(row["id"]), footnote=row["footnote"] or 0, position=row["position"] or 0, raw=raw,
                          link_url=row["link_url"])
    findings = _findings(row, style)
    if not findings:
        return base
    return _Repairer(row, style, base, findings).repair()


def _findings(row: dict[str, Any], style: HouseStyle) -> list[Issue]:
    problems = _json_list(row["problems"])
    found: list[Issue] = []
    outcome = row["last_outcome"]
    if row["link"] is not None and row["verdict"] == "dead":
        since = row["dead_since"]
        detail = "dead" + (f" since {since[:10]}" if since else "") + (f" (last check: {outcome})" if outcome else "")
        found.append(Issue(Finding.DEAD, detail, since=since))
    if row["link"] is not None and outcome == "soft_404":
        found.append(Issue(Finding.SOFT_404, "soft 404: the page answers, but says it is not found"))
    if row["c_match"] == MatchVerdict.ABSENT:
        seen = row["c_match_title"] or row["page_title"]
        found.append(Issue(Finding.PAGE_REPLACED, "page replaced: the page at this URL no longer holds the cited "
                                                  "title" + (f" (it is now titled “{seen}”)" if seen else "")))
    if row["c_match"] == MatchVerdict.PARKED:
        found.append(Issue(Finding.PARKED, "the domain is parked: it shows a registrar's or “domain for sale” page"))
    if "suspect_domain" in problems:
        written = host_of(row["link_url"] or "") or "the domain"
        suggestion = row["suggested_domain"]
        found.append(Issue(Finding.MISSPELLED_DOMAIN, f"misspelled domain: {written}"
                           + (f", probably {suggestion}" if suggestion else ""), suggestion=suggestion))
    if "placeholder" in problems:
        tokens = _placeholders(row["raw"] or "")
        fields = tuple(dict.fromkeys(name for _, _, _, name in tokens))
        listed = ", ".join(f"{token} ({FIELD_NAMES[name]})" for _, _, token, name in tokens)
        found.append(Issue(Finding.PLACEHOLDER, "placeholder" + (f": {listed}" if listed else " where data should be"),
                           fields=fields))
    if "published_after_accessed" in problems:
        published, accessed = row["published"], row["accessed"]
        detail = "dated after it was accessed"
        if published and accessed:
            detail = f"dated {style.date(published)}, after it was accessed ({style.date(accessed)})"
        found.append(Issue(Finding.PUBLISHED_AFTER_ACCESSED, detail))
    return found


def _json_list(value: str | None) -> list[str]:
    try:
        items = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(item) for item in items] if isinstance(items, list) else []


def _json_value(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _placeholders(raw: str) -> list[tuple[int, int, str, str]]:
    """The placeholders of a citation, outside its URLs: (start, end, token, field)."""
    masked = _mask_urls(raw)
    found = []
    for match in PLACEHOLDER_TOKEN.finditer(masked):
        token = match.group()
        if is_placeholder(token):
            found.append((match.start(), match.end(), token, _placeholder_field(token, masked[:match.start()])))
    return found


_ACCESS_BEFORE = re.compile(r"(?:accessed|retrieved|access|erisim(?:\s+tarihi)?)\s*(?:on)?\s*[:.]?\s*[(\[]?\s*$")


def _placeholder_field(token: str, before: str) -> str:
    """The field a placeholder stands for, by its words (and, for a bare date, its label)."""
    inside = fold(token.strip("[]"))
    if "access" in inside or "erisim" in inside:
        return "accessed"
    if "author" in inside or "yazar" in inside:
        return "authors"
    if "title" in inside or "baslik" in inside:
        return "title"
    if "url" in inside or "link" in inside:
        return "url"
    if "date" in inside or "tarih" in inside:
        return "accessed" if _ACCESS_BEFORE.search(fold(before[-40:])) else "published"
    if any(word in inside for word in ("site", "name", "publisher", "kaynak", "yayinci", "adi")):
        return "publisher"
    return "unknown"


class _Repairer:
    """Edits one citation's text in place: URL, placeholders, a date, the archived copy."""

    def __init__(self, row: dict[str, Any], style: HouseStyle, base: CitationRepair, findings: list[Issue]) -> None:
        self.row, self.style, self.base, self.findings = row, style, base, findings
        self.raw = base.raw
        self.codes = {issue.code for issue in findings}
        self.edits: list[tuple[int, int, Piece]] = []
        self.filled: list[Filled] = []
        self.notes: list[str] = []
        self.url_span = self._url_span()
        self.suggested = False
        """Whether the repair gives the suggested URL in place of the written one."""
        self.proof: dict[str, Any] = {}
        """`suggested_evidence` of the suggested URL used, when it is a JSON object."""

    # what the evidence says

    def page_trusted(self) -> bool:
        """Is what `links` says of the page (title, site name, date, author) about the cited page?"""
        return (self.row["link"] is not None and self.row["last_checked"] is not None
                and self.row["c_match"] not in {MatchVerdict.ABSENT, MatchVerdict.PARKED}
                and self.row["last_outcome"] not in {"soft_404", "gone_domain"})

    def capture_trusted(self) -> bool:
        return self.row["c_capture_match"] not in {MatchVerdict.ABSENT, MatchVerdict.PARKED}

    def evidence(self, name: str) -> tuple[str, Source] | None:
        """What the fetched page or its capture says of a field, when it says something."""
        page = self.page_trusted()
        values: list[tuple[str | None, Source]] = []
        if name == "title":
            values = [(self.row["page_title"] if page else None, Source.PAGE),
                      (self.row["c_match_title"] if page else None, Source.PAGE),
                      (self.row["c_capture_match_title"] if self.capture_trusted() else None, Source.CAPTURE)]
        elif name == "publisher":
            site = self.row["page_site_name"] if page else None
            values = [(None if site and _is_host_name(site, self.row["link_url"]) else site, Source.PAGE)]
        elif name == "authors":
            values = [(self.row["page_author"] if page else None, Source.PAGE)]
        elif name == "published":
            iso = self.row["page_published"] if page else None
            if iso and re.match(r"\d{4}-\d{2}-\d{2}", iso) and not self._after_access(iso):
                values = [(iso[:10], Source.PAGE)]
        for value, source in values:
            if value and value.strip():
                return " ".join(value.split()), source
        return None

    def _after_access(self, iso: str) -> bool:
        accessed = self.row["accessed"]
        return bool(accessed) and iso[:10] > accessed[:10]

    # the edits

    def repair(self) -> CitationRepair:
        url, how = self._url()
        self._placeholders()
        self._date()
        archived = self._archived()
        pieces = self._apply()
        if url and self.url_span is None:  # the URL was only a link's target: write it out
            pieces = self._ending(pieces, [Piece(", "), self._url_piece(url, how is not None)])
        if archived:
            before, between, after = _ARCHIVED[self.style.lang]
            sentence = [Piece(before), Piece(self._wrapped(archived.url), Source.ARCHIVE, archived.url)]
            if archived.date:
                sentence += [Piece(between + self.style.date(archived.date) + after)]
            else:
                sentence += [Piece(".")]
            pieces = self._ending(pieces, [Piece(" " if self._ends_sentence(pieces) else ". "), *sentence])
        repaired = tuple(_merge(pieces))
        if "".join(p.text for p in repaired) == self.raw:  # nothing the archive holds repairs it
            repaired = None
        return CitationRepair(
            id=self.base.id, footnote=self.base.footnote, position=self.base.position, raw=self.raw,
            link_url=self.base.link_url, findings=tuple(self.findings), repaired=repaired,
            filled=tuple(self.filled), url=url, suggested_how=how,
            suggested_evidence=_json_value(self.row["c_suggested_evidence"]) if how is not None else None,
            archived=archived, notes=tuple(self.notes))

    def _url_span(self) -> tuple[int, int, bool] | None:
        """Where the citation's URL is written: (start, end, in <brackets>)."""
        wanted = {u for u in (self.row["url"], self.row["link_url"]) if u}
        wanted |= {normalize(u) for u in wanted}
        for found in find_urls(self.raw):
            if found.written in wanted or found.normalized in wanted:
                bracketed = found.start > 0 and self.raw[found.start - 1] == "<"
                return found.start, found.end, bracketed
        return None

    def _url(self) -> tuple[str | None, str | None]:
        """The URL the repaired citation gives, and how it was found when it is not the written one."""
        written = self.row["link_url"]
        suggested = self.row["c_suggested_url"]
        broken = bool(self.codes & _BROKEN_LINK)
        if broken and suggested and suggested != written and _is_web_url(suggested):
            how = self.row["c_suggested_how"] or "verification"
            if self.url_span is not None:
                start, end, _ = self.url_span
                self.edits.append((start, end, Piece(suggested, Source.SUGGESTED, suggested)))
            self.filled.append(Filled("url", suggested, Source.SUGGESTED))
            self.suggested = True
            evidence = _json_value(self.row["c_suggested_evidence"])
            self.proof = evidence if isinstance(evidence, dict) else {}
            self.notes.append(f"URL: {suggested} found by the verification stage ({how}) in place of the written "
                              f"{written or 'URL'}")
            if self.proof.get("proof") == "capture":
                self.notes.append(f"{suggested} no longer answers either: only its Wayback capture shows the cited page")
            return suggested, how
        searched = self.row["c_suggested_at"]
        where = f" (searched {searched[:10]}: nothing proven)" if searched else ""
        if Finding.MISSPELLED_DOMAIN in self.codes:
            domain = self.row["suggested_domain"]
            self.notes.append("no URL verified" + (f" on {domain}" if domain else "") + (where or " yet") +
                              ": the written URL is kept; check it before pasting")
        elif broken:
            self.notes.append(f"no working URL known{where}: the written URL is kept")
        return written, None

    def _placeholders(self) -> None:
        for start, end, token, name in _placeholders(self.raw):
            if self._overlaps(start, end):
                continue
            found = self.evidence(name)
            if found is None:
                self.notes.append(f"{token}: nothing in the archive gives the {FIELD_NAMES[name]}; "
                                  "left as a placeholder")
                continue
            value, source = found
            shown = self.style.date(value) if name == "published" else value
            self.edits.append((start, end, Piece(shown, source)))
            self.filled.append(Filled(name, shown, source))

    def _date(self) -> None:
        """A publication date after the access date: the page's own date, when it gives one."""
        if Finding.PUBLISHED_AFTER_ACCESSED not in self.codes:
            return
        written = self.row["published"]
        found = self.evidence("published")
        if found is None:
            self.notes.append("the page gives no publication date of its own: the dates are left as written; "
                              "check which one is wrong")
            return
        value, source = found
        if written and value == written[:10]:
            self.notes.append(f"the page gives the same publication date ({self.style.date(value)}): "
                              "the access date may be the wrong one; left as written")
            return
        masked = _mask_urls(self.raw)
        mention = next((m for m in find_dates(masked) if m.iso == written and not self._overlaps(m.start, m.end)),
                       None)
        if mention is None:
            self.notes.append(f"the page is dated {self.style.date(value)}, but the written date was not found "
                              "in the text: left as written")
            return
        shown = self.style.date(value)
        self.edits.append((mention.start, mention.end, Piece(shown, source)))
        self.filled.append(Filled("published", shown, source))

    def _archived(self) -> ArchivedCopy | None:
        """The archived copy nearest the access date: of the written URL (the Wayback Machine's,
        else another archive's), else the capture that proved the suggested URL."""
        copy = None
        if self.row["wayback_url"] and _is_web_url(self.row["wayback_url"]):
            copy = ArchivedCopy(self.row["wayback_url"],
                                _capture_date(self.row["wayback_timestamp"], self.row["wayback_url"]),
                                "Wayback Machine")
        elif self.row["l_other_archive_url"] and _is_web_url(self.row["l_other_archive_url"]):
            copy = ArchivedCopy(self.row["l_other_archive_url"],
                                _capture_date(self.row["l_other_archive_timestamp"], self.row["l_other_archive_url"]),
                                self.row["l_other_archive"] or host_of(self.row["l_other_archive_url"]) or "archive")
        if copy is not None and not self.capture_trusted():
            self.notes.append(f"the archived copy of {copy.date or 'its date'} does not hold the cited page: "
                              "not offered")
            copy = None
        proven = self.proof.get("capture_url")
        if copy is None and isinstance(proven, str) and _is_web_url(proven):
            copy = ArchivedCopy(proven, _capture_date(str(self.proof.get("capture_timestamp") or ""), proven),
                                "Wayback Machine")
        if copy is None and self.codes & _BROKEN_LINK and (self.suggested or Finding.MISSPELLED_DOMAIN not in self.codes):
            self.notes.append("no archived copy known (`avimcrawl archive` looks for one)")
        return copy

    def _overlaps(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b, _ in self.edits)

    def _apply(self) -> list[Piece]:
        pieces: list[Piece] = []
        at = 0
        for start, end, piece in sorted(self.edits, key=lambda e: e[0]):
            if start < at:
                continue
            pieces += [Piece(self.raw[at:start]), piece]
            at = end
        pieces.append(Piece(self.raw[at:]))
        return [p for p in pieces if p.text]

    def _wrapped(self, url: str) -> str:
        bracketed = self.url_span[2] if self.url_span else "<http" in self.raw
        return f"<{url}>" if bracketed else url

    def _url_piece(self, url: str, suggested: bool) -> Piece:
        return Piece(self._wrapped(url), Source.SUGGESTED if suggested else None, url if suggested else None)

    @staticmethod
    def _ends_sentence(pieces: list[Piece]) -> bool:
        return "".join(p.text for p in pieces).rstrip().endswith(".")

    @staticmethod
    def _ending(pieces: list[Piece], more: list[Piece]) -> list[Piece]:
        """`pieces` without trailing blanks, then `more`."""
        out = list(pieces)
        while out and not out[-1].text.strip() and out[-1].source is None:
            out.pop()
        if out and out[-1].source is None:
            out[-1] = Piece(out[-1].text.rstrip())
        return out + more


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Adjacent written stretches as one."""
    out: list[Piece] = []
    for piece in pieces:
        if out and piece.source is None and out[-1].source is None:
            out[-1] = Piece(out[-1].text + piece.text)
        elif piece.text:
            out.append(piece)
    return out


def _is_host_name(name: str, url: str | None) -> bool:
    """Is a page's "site name" only its host name (what extraction falls back on when the page names no site)?"""
    host = (host_of(url or "") or "").lower().removeprefix("www.")
    return bool(host) and name.strip().lower().removeprefix("www.").rstrip("/") in {host, registrable_domain(host)}


def _is_web_url(url: str | None) -> bool:
    return bool(url) and bool(re.match(r"https?://[^/\s]+", url or "", re.IGNORECASE))


def _capture_date(timestamp: str | None, url: str | None) -> str | None:
    """YYYY-MM-DD of a capture: from its timestamp (14 digits or ISO), else from its memento URL
    (`/web/20240303…/`, archive.today's `/2024.03.03-120000/`)."""
    candidates = []
    if timestamp:
        candidates.append(re.match(r"\s*(\d{4})-?(\d{2})-?(\d{2})", timestamp))
    if url:
        candidates.append(re.search(r"/(?:web/)?(\d{4})(\d{2})(\d{2})\d{0,6}(?:[a-z]{2}_)?/", url))
        candidates.append(re.search(r"/(\d{4})\.(\d{2})\.(\d{2})-\d{6}/", url))
    for found in candidates:
        if found:
            year, month, day = found.groups()
            if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
                return f"{year}-{month}-{day}"
    return None


# ------------------------------------------------------------------------ rendering


def render(commentaries: Sequence[CommentaryRepairs], fmt: str) -> str:
    renderers = {"md": render_markdown, "html": render_html, "json": render_json}
    if fmt not in renderers:
        raise ValueError(f"unknown repairs format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return renderers[fmt](commentaries)


def render_json(commentaries: Sequence[CommentaryRepairs]) -> str:
    document = {
        "version": __version__,
        "findings": {code.value: heading for code, heading in FINDINGS.items()},
        "sources": {source.value: (source.__doc__ or "").strip() for source in Source},
        "commentaries": [c.record() for c in commentaries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


NO_REPAIR = "No repair can be made from what the archive holds (see the notes)."

# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def _md(text: str) -> str:
    """Plain text safe in Markdown prose."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace("\n", " ")


def _md_pieces(pieces: Iterable[Piece]) -> str:
    return "".join(_md(p.text) + (MARKS[p.source] if p.source in MARKS else "") for p in pieces)


def render_markdown(commentaries: Sequence[CommentaryRepairs]) -> str:
    lines = ["# Repaired footnotes", "",
             f"Made by avimcrawl {__version__} from the archive database. Each repaired footnote is the "
             "author's, edited: remove the marks before pasting.", ""]
    lines += [f"- {mark} {_md(meaning)}" for mark, meaning in LEGEND.items()]
    if not commentaries:
        lines += ["", "No commentary in the archive."]
    for commentary in commentaries:
        lines += ["", _md_heading(commentary), ""]
        need = len(commentary.needing_repair)
        lines.append(f"{need} of {len(commentary.footnotes)} footnotes need repair."
                     if commentary.footnotes else "No footnotes.")
        for footnote in commentary.footnotes:
            lines += _md_footnote(footnote)
    return "\n".join(lines) + "\n"


def _md_heading(commentary: CommentaryRepairs) -> str:
    label = " · ".join(part for part in (commentary.number and f"No. {commentary.number}", commentary.lang.upper(),
                                          commentary.published) if part)
    title = _md(commentary.title or commentary.url)
    return f"## {title}\n\n{_md(label)} · <{commentary.url}>" if label else f"## {title}\n\n<{commentary.url}>"


def _md_footnote(footnote: FootnoteRepair) -> list[str]:
    lines = ["", f"### Note {footnote.number}", "", f"> {_md(footnote.original)}"]
    if not footnote.needs_repair:
        return [*lines, "", "Nothing to repair."]
    lines.append("")
    for citation in footnote.citations:
        for issue in citation.findings:
            lines.append(f"- **{FINDINGS[issue.code]}** ({citation.footnote}.{citation.position}): {_md(issue.detail)}")
    pieces = footnote.pieces()
    lines += ["", "Repaired:", "", f"> {_md_pieces(pieces)}"] if pieces else ["", NO_REPAIR]
    notes = [(citation, note) for citation in footnote.citations for note in citation.notes]
    if notes:
        lines.append("")
        lines += [f"- note {c.footnote}.{c.position}: {_md(note)}" for c, note in notes]
    return lines


# HTML

REPAIRS_CSS = """
.repairs-commentary { margin: 1.5rem 0 2rem; }
.repairs-commentary > h3 { margin-bottom: .1rem; }
.repairs-commentary .meta { color: #5b5b60; font-size: .9rem; margin: 0 0 .5rem; }
.footnote-repair { border-top: 1px solid #d9d9de; padding: .5rem 0 .75rem; }
.footnote-repair h4 { font-size: .95rem; margin: .25rem 0; }
.footnote-repair .original, .footnote-repair .repaired { margin: .25rem 0; padding: .35rem .6rem;
  overflow-wrap: anywhere; border-left: 3px solid #d9d9de; }
.footnote-repair .repaired { border-left-color: #009E73; background: #f1faf6; }
.footnote-repair .label { display: block; font-size: .75rem; text-transform: uppercase; letter-spacing: .04em;
  color: #5b5b60; }
.footnote-repair ul { margin: .25rem 0; padding-left: 1.2rem; }
.footnote-repair .finding-code { font-weight: 600; }
.footnote-repair .notes { color: #5b5b60; font-size: .85rem; }
.footnote-repair .ok, .footnote-repair .no-repair { color: #5b5b60; font-style: italic; margin: .25rem 0; }
mark.supplied { background: #ffe8a3; color: inherit; padding: 0 .1em; }
.repairs-legend { font-size: .9rem; color: #5b5b60; }
.repairs-legend dt { display: inline; font-weight: 700; }
.repairs-legend dd { display: inline; margin: 0 1rem 0 .25rem; }
"""


def html_legend() -> str:
    return ('<dl class="repairs-legend">' + "".join(
        f'<dt>{escape(mark)}</dt><dd>{escape(meaning)}</dd>' for mark, meaning in LEGEND.items()) + "</dl>")


def _html_pieces(pieces: Iterable[Piece]) -> str:
    out = []
    for piece in pieces:
        text = escape(piece.text)
        if piece.link and _is_web_url(piece.link):
            inner = text
            if piece.text.startswith("<") and piece.text.endswith(">"):
                inner = escape(piece.text[1:-1])
                text = f'&lt;<a href="{escape(piece.link)}">{inner}</a>&gt;'
            else:
                text = f'<a href="{escape(piece.link)}">{inner}</a>'
        if piece.source in MARKS:
            mark = MARKS[piece.source]
            text = (f'<mark class="supplied" data-source="{escape(piece.source.value)}">{text}</mark>'
                    f'<sup class="mark">{escape(mark)}</sup>')
        elif piece.source is Source.ARCHIVE:
            text = f'<span class="archived-copy">{text}</span>'
        out.append(text)
    return "".join(out)


def commentary_html(commentary: CommentaryRepairs, heading: str = "h3", only_needing: bool = False) -> str:
    """One commentary's repairs as an HTML fragment (a `<section>` with the commentary's anchor)."""
    footnotes = commentary.needing_repair if only_needing else commentary.footnotes
    meta = " · ".join(escape(part) for part in (commentary.number and f"No. {commentary.number}",
                                                 commentary.lang.upper(), commentary.published) if part)
    need = len(commentary.needing_repair)
    body = "".join(_html_footnote(commentary, f) for f in footnotes)
    if not footnotes:
        body = '<p class="ok">Nothing to repair.</p>'
    return (f'<section class="repairs-commentary" id="{escape(commentary.anchor)}" '
            f'data-commentary-url="{escape(commentary.url)}" lang="en">'
            f'<{heading}><a class="commentary-link" href="{escape(commentary.url)}">'
            f'{escape(commentary.title or commentary.url)}</a></{heading}>'
            f'<p class="meta">{meta} · {need} of {len(commentary.footnotes)} footnotes need repair</p>'
            f"{body}</section>")


def _html_footnote(commentary: CommentaryRepairs, footnote: FootnoteRepair) -> str:
    lang = escape(commentary.lang)
    head = (f'<article class="footnote-repair" id="{escape(commentary.footnote_anchor(footnote.number))}" '
            f'data-footnote="{footnote.number}" data-needs-repair="{str(footnote.needs_repair).lower()}">'
            f"<h4>Note {footnote.number}</h4>"
            f'<p class="original" lang="{lang}"><span class="label">Original</span>{escape(footnote.original)}</p>')
    if not footnote.needs_repair:
        return head + '<p class="ok">Nothing to repair.</p></article>'
    findings = "".join(
        f'<li data-finding="{escape(issue.code.value)}" data-citation-id="{escape(c.id)}">'
        f'<span class="finding-code">{escape(FINDINGS[issue.code])}</span> '
        f'<span class="where">({c.footnote}.{c.position})</span>: {escape(issue.detail)}</li>'
        for c in footnote.citations for issue in c.findings)
    notes = "".join(f"<li>{c.footnote}.{c.position}: {escape(note)}</li>" for c in footnote.citations for note in c.notes)
    pieces = footnote.pieces()
    repaired = (f'<p class="repaired" lang="{lang}"><span class="label">Repaired</span>{_html_pieces(pieces)}</p>'
                if pieces else f'<p class="no-repair">{escape(NO_REPAIR)}</p>')
    return (head + f'<ul class="findings">{findings}</ul>{repaired}'
            + (f'<ul class="notes">{notes}</ul>' if notes else "") + "</article>")


def render_html(commentaries: Sequence[CommentaryRepairs]) -> str:
    sections = "".join(commentary_html(c, heading="h2") for c in commentaries) or \
        '<p class="ok">No commentary in the archive.</p>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="avimcrawl {escape(__version__)}">
<title>Repaired footnotes of AVİM's commentaries</title>
<style>
body {{ margin: 0; color: #1d1d1f; background: #fff;
       font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 1rem 1rem 3rem; }}
h1 {{ font-size: 1.6rem; margin: .5rem 0; }}
h2 {{ font-size: 1.25rem; margin: 2rem 0 .25rem; border-bottom: 1px solid #d9d9de; }}
a {{ color: #0b57a4; }}
{REPAIRS_CSS}
</style>
</head>
<body>
<main>
<h1>Repaired footnotes</h1>
<p>Each repaired footnote is the author's, edited: remove the marks before pasting.</p>
{html_legend()}
{sections}
</main>
</body>
</html>
"""

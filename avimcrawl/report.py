"""The link-health report: which citations are dead, since when, and where a copy survives.

`build_report` reads the archive database with SQL into a `Report`; `render` writes it as
one self-contained HTML page (inline CSS, charts as inline SVG, no network needed to open
it), CSV (one row per citation), JSON (the same rows, described by `report.schema.json`)
or Markdown (a summary for an issue tracker or an email). Plain Python: nothing is fetched,
and nothing depends on the clock but `generated_at`, which the caller passes in.

Links are counted once per distinct cited URL (`links` rows that some citation cites).
A link is archived when it has a Wayback capture: `links.wayback_url`, or else a `found` or
`saved` row in `snapshots`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from avimcrawl import PROJECT_URL, __version__
from avimcrawl.linkhealth import GOOD_OUTCOMES, NEUTRAL_OUTCOMES
from avimcrawl.urls import host_of

FORMATS = ("html", "csv", "json", "md")
VERDICTS = ("alive", "dying", "dead", "blocked", "unknown")
FAILING = ("dead", "dying")
SCHEMA_ID = f"{PROJECT_URL}/schemas/avimcrawl-report-1.json"
SCHEMA_FILE = "report.schema.json"
TEMPLATE_FILE = "report_template.html"
CSV_COLUMNS = (
    "commentary_url", "commentary_number", "commentary_lang", "footnote", "position", "raw",
    "link_url", "domain", "verdict", "last_outcome", "http_status", "dead_since", "wayback_url",
    "wayback_timestamp", "snapshot_status", "problems",
)
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

COLOURS = {  # Okabe-Ito: tell apart with the common colour-vision deficiencies
    "alive": "#009E73", "dying": "#E69F00", "dead": "#D55E00", "blocked": "#0072B2", "unknown": "#9a9a9a",
}


# ------------------------------------------------------------------------------- data


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

    @property
    def note(self) -> str:
        return f"{_blank(self.footnote)}.{_blank(self.position)}"

    def record(self) -> dict[str, Any]:
        """The fields of the CSV and JSON formats (problems as a list)."""
        row = {name: getattr(self, name) for name in CSV_COLUMNS}
        row["problems"] = list(self.problems)
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
        }


@dataclass(frozen=True)
class YearRot:
    """The links cited by the commentaries of one year, and how many of them now fail."""

    year: int
    links: int
    dead: int
    dying: int

    @property
    def failing(self) -> int:
        return self.dead + self.dying

    @property
    def share(self) -> float:
        return self.failing / self.links if self.links else 0.0


@dataclass(frozen=True)
class DomainVerdicts:
    domain: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


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

    def failing_citations(self) -> list[CitationRow]:
        return [c for c in self.citations if c.verdict in FAILING]

    def failing_by_commentary(self) -> list[tuple[CommentaryInfo, list[CitationRow]]]:
        groups: dict[str, list[CitationRow]] = {}
        for citation in self.failing_citations():
            groups.setdefault(citation.commentary_url, []).append(citation)
        return [(self.commentary(url), rows) for url, rows in groups.items()]

    def with_problem(self, code: str) -> list[CitationRow]:
        return [c for c in self.citations if code in c.problems]

    def commentary(self, url: str) -> CommentaryInfo:
        return self.commentaries.get(url) or CommentaryInfo(url, None, None, None, None, None, None)


# ------------------------------------------------------------------------------ build


def build_report(db: sqlite_utils.Database, generated_at: str) -> Report:
    """Everything the formats show, read from the archive database."""
    citations = _citations(db)
    return Report(
        generated_at=generated_at,
        totals=_totals(db),
        commentaries=_commentaries(db),
        citations=citations,
        rot_by_year=_rot_by_year(db),
        undated_links=_scalar(db, f"""
            SELECT count(*) FROM links l WHERE {_CITED} AND NOT EXISTS (
              SELECT 1 FROM citations c JOIN commentaries m ON m.url = c.commentary_url
              WHERE c.link_url = l.url AND m.published GLOB '[0-9][0-9][0-9][0-9]*')"""),
        verdicts_by_domain=_verdicts_by_domain(db),
        problem_counts=_problem_counts(citations),
        failing_domains=_failing_domains(db),
    )


_CITED = "l.url IN (SELECT link_url FROM citations WHERE link_url IS NOT NULL)"
_VERDICT = "coalesce(l.verdict, 'unknown')"
_GOOD = ", ".join(f"'{o}'" for o in sorted(GOOD_OUTCOMES))
_NOT_FAILURES = ", ".join(f"'{o}'" for o in sorted(GOOD_OUTCOMES | NEUTRAL_OUTCOMES))


def _scalar(db: sqlite_utils.Database, sql: str) -> int:
    row = db.execute(sql).fetchone()
    return int(row[0] or 0) if row else 0


def _totals(db: sqlite_utils.Database) -> Totals:
    verdicts = dict.fromkeys(VERDICTS, 0)
    for row in db.query(f"SELECT {_VERDICT} AS verdict, count(*) AS n FROM links l WHERE {_CITED} GROUP BY 1"):
        key = row["verdict"] if row["verdict"] in verdicts else "unknown"
        verdicts[key] += row["n"]
    return Totals(
        commentaries=_scalar(db, "SELECT count(*) FROM commentaries"),
        citations=_scalar(db, "SELECT count(*) FROM citations"),
        citations_with_url=_scalar(db, "SELECT count(*) FROM citations WHERE link_url IS NOT NULL"),
        links=_scalar(db, f"SELECT count(*) FROM links l WHERE {_CITED}"),
        verdicts=verdicts,
        archived_links=_scalar(db, f"""
            SELECT count(*) FROM links l LEFT JOIN snapshots s ON s.url = l.url
            WHERE {_CITED} AND (l.wayback_url IS NOT NULL OR
                                (s.status IN ('found', 'saved') AND s.archive_url IS NOT NULL))"""),
        failing_citations=_scalar(db, """
            SELECT count(*) FROM citations c JOIN links l ON l.url = c.link_url
            WHERE l.verdict IN ('dead', 'dying')"""),
    )


def _commentaries(db: sqlite_utils.Database) -> dict[str, CommentaryInfo]:
    return {row["url"]: CommentaryInfo(row["url"], row["number"], row["lang"], row["title"], row["published"],
                                       row["wayback_url"], row["wayback_timestamp"])
            for row in db.query("SELECT url, number, lang, title, published, wayback_url, wayback_timestamp "
                                "FROM commentaries ORDER BY published DESC, url")}


def _citations(db: sqlite_utils.Database) -> tuple[CitationRow, ...]:
    rows = db.query(f"""
        WITH failing AS (
          SELECT k.url, min(k.checked_at) AS since FROM checks k
          WHERE k.outcome NOT IN ({_NOT_FAILURES})
            AND k.checked_at > coalesce((SELECT max(g.checked_at) FROM checks g
                                         WHERE g.url = k.url AND g.outcome IN ({_GOOD})), '')
          GROUP BY k.url)
        SELECT c.id, c.commentary_url, m.number AS commentary_number, m.lang AS commentary_lang,
               c.footnote, c.position, c.raw, c.link_url, c.problems, c.suggested_domain,
               l.domain, CASE WHEN l.url IS NOT NULL THEN {_VERDICT} END AS verdict,
               l.last_outcome, l.http_status, l.dead_since,
               CASE WHEN l.verdict IN ('dead', 'dying') THEN f.since END AS failing_since,
               CASE WHEN l.wayback_url IS NOT NULL THEN l.wayback_url
                    WHEN s.status IN ('found', 'saved') THEN s.archive_url END AS wayback_url,
               CASE WHEN l.wayback_url IS NOT NULL THEN l.wayback_timestamp
                    WHEN s.status IN ('found', 'saved') THEN s.timestamp END AS wayback_timestamp,
               s.status AS snapshot_status
        FROM citations c
        LEFT JOIN commentaries m ON m.url = c.commentary_url
        LEFT JOIN links l ON l.url = c.link_url
        LEFT JOIN snapshots s ON s.url = c.link_url
        LEFT JOIN failing f ON f.url = c.link_url
        ORDER BY m.published IS NULL, m.published DESC, c.commentary_url, c.footnote, c.position""")
    return tuple(CitationRow(
        id=row["id"], commentary_url=row["commentary_url"], commentary_number=row["commentary_number"],
        commentary_lang=row["commentary_lang"], footnote=row["footnote"], position=row["position"],
        raw=row["raw"] or "", link_url=row["link_url"], domain=row["domain"], verdict=row["verdict"],
        last_outcome=row["last_outcome"], http_status=row["http_status"], dead_since=row["dead_since"],
        failing_since=row["failing_since"], wayback_url=row["wayback_url"],
        wayback_timestamp=row["wayback_timestamp"], snapshot_status=row["snapshot_status"],
        problems=_problem_list(row["problems"]), suggested_domain=row["suggested_domain"],
    ) for row in rows)


def _problem_list(value: str | None) -> tuple[str, ...]:
    try:
        codes = json.loads(value or "[]")
    except ValueError:
        return ()
    return tuple(str(code) for code in codes) if isinstance(codes, list) else ()


def _rot_by_year(db: sqlite_utils.Database) -> tuple[YearRot, ...]:
    found = {int(row["year"]): YearRot(int(row["year"]), row["links"], row["dead"], row["dying"]) for row in db.query("""
        SELECT substr(m.published, 1, 4) AS year, count(DISTINCT l.url) AS links,
               count(DISTINCT CASE WHEN l.verdict = 'dead' THEN l.url END) AS dead,
               count(DISTINCT CASE WHEN l.verdict = 'dying' THEN l.url END) AS dying
        FROM citations c
        JOIN commentaries m ON m.url = c.commentary_url
        JOIN links l ON l.url = c.link_url
        WHERE m.published GLOB '[0-9][0-9][0-9][0-9]*'
        GROUP BY 1 ORDER BY 1""")}
    if not found:
        return ()
    return tuple(found.get(year, YearRot(year, 0, 0, 0)) for year in range(min(found), max(found) + 1))


def _verdicts_by_domain(db: sqlite_utils.Database) -> tuple[DomainVerdicts, ...]:
    domains: dict[str, dict[str, int]] = {}
    for row in db.query(f"""SELECT coalesce(l.domain, '') AS domain, {_VERDICT} AS verdict, count(*) AS n
                            FROM links l WHERE {_CITED} GROUP BY 1, 2"""):
        counts = domains.setdefault(row["domain"], dict.fromkeys(VERDICTS, 0))
        counts[row["verdict"] if row["verdict"] in counts else "unknown"] += row["n"]
    ranked = sorted((DomainVerdicts(domain, counts) for domain, counts in domains.items()),
                    key=lambda d: (-d.total, d.domain))
    return tuple(ranked[:TOP_DOMAINS])


def _failing_domains(db: sqlite_utils.Database) -> tuple[tuple[str, int, int], ...]:
    return tuple((row["domain"], row["dead"], row["dying"]) for row in db.query(f"""
        SELECT coalesce(l.domain, '') AS domain,
               sum(l.verdict = 'dead') AS dead, sum(l.verdict = 'dying') AS dying
        FROM links l WHERE {_CITED} AND l.verdict IN ('dead', 'dying')
        GROUP BY 1 ORDER BY count(*) DESC, sum(l.verdict = 'dead') DESC, 1 LIMIT {TOP_DEAD_DOMAINS}"""))


def _problem_counts(citations: tuple[CitationRow, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for citation in citations:
        for code in dict.fromkeys(citation.problems):
            counts[code] = counts.get(code, 0) + 1
    order = list(PROBLEMS)
    return {code: counts[code] for code in sorted(counts, key=lambda c: (order.index(c) if c in order else len(order), c))}


# ----------------------------------------------------------------------------- render


def render(report: Report, fmt: str) -> str:
    """The report as text in one of FORMATS."""
    renderers = {"html": render_html, "csv": render_csv, "json": render_json, "md": render_markdown}
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return renderers[fmt](report)


def write_report(db: sqlite_utils.Database, fmt: str, out: str | os.PathLike[str] | None,
                 generated_at: str) -> str:
    """Build and render the report; write it to `out` (atomically, creating its folder) if given.
    Returns the rendered text."""
    text = render(build_report(db, generated_at), fmt)
    if out is not None:
        save(text, out)
    return text


def save(text: str, out: str | os.PathLike[str]) -> None:
    """Write a rendered report atomically (a reader never sees half a file), creating its folder."""
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    partial.replace(target)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON format."""
    loaded: dict[str, Any] = json.loads(resources.files("avimcrawl").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


# -------------------------------------------------------------------- CSV and JSON


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for citation in report.citations:
        record = citation.record()
        record["problems"] = ";".join(record["problems"])
        writer.writerow(["" if record[name] is None else record[name] for name in CSV_COLUMNS])
    return buffer.getvalue()


def render_json(report: Report) -> str:
    document = {
        "schema": SCHEMA_ID,
        "generated_at": report.generated_at,
        "totals": {**report.totals.as_dict(), "problems": dict(report.problem_counts)},
        "citations": [citation.record() for citation in report.citations],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------- Markdown


def render_markdown(report: Report) -> str:
    t = report.totals
    lines = [
        "# Link health of AVİM's citations", "",
        f"Generated {report.generated_at} by avimcrawl {__version__}.", "",
        (f"**{t.commentaries} commentaries, {t.citations} citations, {t.links} cited links: "
         f"{t.verdicts['dead']} dead, {t.verdicts['dying']} dying, {t.verdicts['blocked']} blocked; "
         f"{t.archived_links} of {t.links} links ({_percent(t.archived_share)}) archived in the Wayback Machine.**"),
        "", "| verdict | links | share |", "|---|---:|---:|",
    ]
    lines += [f"| {v} | {t.verdicts[v]} | {_percent(t.verdicts[v] / t.links if t.links else 0)} |" for v in VERDICTS]
    if report.failing_domains:
        lines += ["", "## Domains with the most dead links", "", "| domain | dead | dying |", "|---|---:|---:|"]
        lines += [f"| {_md(domain or '(no host)')} | {dead} | {dying} |" for domain, dead, dying in report.failing_domains]
    failing = report.failing_citations()
    lines += ["", f"## Dead and dying citations ({len(failing)})"]
    shown = 0
    for commentary, rows in report.failing_by_commentary():
        rows = rows[:MARKDOWN_MAX_DEAD - shown]
        if not rows:
            break
        lines += ["", _md_commentary(commentary), ""]
        lines += [_md_citation(citation) for citation in rows]
        shown += len(rows)
    if len(failing) > shown:
        lines += ["", f"…and {len(failing) - shown} more."]
    if not failing:
        lines += ["", "None."]
    lines += ["", "## Citation problems", ""]
    if report.problem_counts:
        lines += ["| problem | citations |", "|---|---:|"]
        lines += [f"| {_md(PROBLEMS.get(code, (code, ''))[0])} (`{code}`) | {n} |" for code, n in report.problem_counts.items()]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _md_commentary(commentary: CommentaryInfo) -> str:
    label = " ".join(part for part in (commentary.number or "", f"({commentary.lang})" if commentary.lang else "") if part)
    title = _md(commentary.title or commentary.url)
    link = f"[{title}]({_md_link_target(commentary.url)})" if _is_web_url(commentary.url) else title
    return f"**{_md(label)}** {link}" + (f", {commentary.published}" if commentary.published else "")


def _md_citation(citation: CitationRow) -> str:
    status = f"**{citation.verdict}**"
    if citation.last_outcome:
        status += f" ({citation.last_outcome}{f', HTTP {citation.http_status}' if citation.http_status else ''})"
    if citation.dead_since:
        status += f" since {_date(citation.dead_since)}"
    elif citation.failing_since:
        status += f", failing since {_date(citation.failing_since)}"
    parts = [f"- note {citation.note}: {status}", _md_url(citation.link_url or "")]
    if citation.wayback_url and _is_web_url(citation.wayback_url):
        parts.append(f"[archived copy]({_md_link_target(citation.wayback_url)})")
    return " — ".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def _md(text: str) -> str:
    """Plain text safe in Markdown prose and table cells."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace("\n", " ")


def _md_url(url: str) -> str:
    if _is_web_url(url) and not re.search(r"[\s<>]", url):
        return f"<{url}>"
    return _md(url)


def _md_link_target(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


# ----------------------------------------------------------------------------- HTML


def render_html(report: Report) -> str:
    template = Template(resources.files("avimcrawl").joinpath(TEMPLATE_FILE).read_text(encoding="utf-8"))
    return template.substitute(
        generated_at=escape(report.generated_at),
        version=escape(__version__),
        project_url=escape(PROJECT_URL),
        totals=_html_totals(report.totals),
        rot_chart=rot_chart_svg(report.rot_by_year),
        rot_note=_html_rot_note(report),
        domain_chart=domain_chart_svg(report.verdicts_by_domain),
        legend=_html_legend(),
        dead_links=_html_dead_links(report),
        problems=_html_problems(report),
    )


def _html_totals(t: Totals) -> str:
    def item(key: str, label: str, value: str, extra: str = "") -> str:
        return (f'<div class="total total-{escape(key)}"><dt>{escape(label)}</dt>'
                f'<dd data-total="{escape(key)}">{escape(value)}</dd>{extra}</div>')

    cells = [
        item("commentaries", "Commentaries", str(t.commentaries)),
        item("citations", "Citations", str(t.citations),
             f'<dd class="sub">{t.citations_with_url} with a URL</dd>'),
        item("links", "Cited links", str(t.links)),
    ]
    for verdict in VERDICTS:
        share = _percent(t.verdicts[verdict] / t.links) if t.links else "–"
        cells.append(item(verdict, verdict.capitalize(), str(t.verdicts[verdict]),
                          f'<dd class="sub"><span class="swatch" style="background:{COLOURS[verdict]}"></span>'
                          f'{escape(share)} of links</dd>'))
    cells.append(item("archived", "Archived", _percent(t.archived_share),
                      f'<dd class="sub"><span data-total="archived_links">{t.archived_links}</span> of {t.links} '
                      'links have a Wayback capture</dd>'))
    return '<dl class="totals">' + "".join(cells) + "</dl>"


def _html_rot_note(report: Report) -> str:
    if not report.undated_links:
        return ""
    return (f'<p class="note">{report.undated_links} cited links come only from commentaries without a '
            'publication date and are not shown.</p>')


def _html_legend() -> str:
    return '<ul class="legend">' + "".join(
        f'<li data-verdict="{v}"><span class="swatch" style="background:{COLOURS[v]}"></span>{v}</li>'
        for v in VERDICTS) + "</ul>"


def _html_dead_links(report: Report) -> str:
    groups = report.failing_by_commentary()
    if not groups:
        return '<p class="empty">No cited link is dead or dying.</p>'
    head = ('<thead><tr><th scope="col">Note</th><th scope="col">Citation</th><th scope="col">Verdict</th>'
            '<th scope="col">Last outcome</th><th scope="col">Dead since</th><th scope="col">Archived copy</th>'
            '</tr></thead>')
    bodies = []
    for commentary, rows in groups:
        title = escape(commentary.title or commentary.url)
        link = _robust_link(commentary.url, title, commentary.wayback_url, commentary.wayback_timestamp,
                            css="commentary-link")
        meta = " · ".join(escape(part) for part in (
            f"No. {commentary.number}" if commentary.number else "", commentary.lang or "",
            _date(commentary.published) or "", f"{len(rows)} failing") if part)
        group = (f'<tr class="group"><th colspan="6" scope="rowgroup">{link}'
                 f'<span class="meta">{meta}</span></th></tr>')
        bodies.append(f'<tbody class="commentary" data-commentary-url="{escape(commentary.url)}">{group}'
                      + "".join(_html_dead_row(c) for c in rows) + "</tbody>")
    return f'<div class="scroll"><table class="dead-links stack">{head}{"".join(bodies)}</table></div>'


def _html_dead_row(c: CitationRow) -> str:
    outcome = escape(c.last_outcome or "")
    if c.http_status:
        outcome += f' <span class="status">HTTP {c.http_status}</span>'
    if c.dead_since:
        since = _time(c.dead_since)
    elif c.failing_since:
        since = f'<span class="failing">failing since {_time(c.failing_since)}</span>'
    else:
        since = ""
    cited = ""
    if c.link_url:
        cited = '<div class="url">' + _robust_link(c.link_url, _url_label(c.link_url), c.wayback_url,
                                                   c.wayback_timestamp, css="cited") + "</div>"
    return (f'<tr class="citation verdict-{escape(c.verdict or "")}" data-citation-id="{escape(c.id)}" '
            f'data-verdict="{escape(c.verdict or "")}">'
            f'<td class="note">{escape(c.note)}</td>'
            f'<td class="citation-text"><div class="raw">{escape(c.raw)}</div>{cited}</td>'
            f'<td class="verdict" data-label="Verdict"><span class="pill pill-{escape(c.verdict or "")}">{escape(c.verdict or "")}</span></td>'
            f'<td class="outcome" data-label="Last outcome">{outcome}</td>'
            f'<td class="dead-since" data-label="Dead since">{since}</td>'
            f'<td class="wayback" data-label="Archived copy">{_html_wayback(c)}</td></tr>')


def _html_wayback(c: CitationRow) -> str:
    if c.wayback_url and _is_web_url(c.wayback_url):
        date = _wayback_date(c.wayback_url, c.wayback_timestamp)
        return (f'<a class="memento" href="{escape(c.wayback_url)}" title="The Wayback Machine\'s capture of '
                f'{escape(date or "this page")}">{escape(date or "Wayback copy")}</a>')
    waiting = {"pending": "queued for the Wayback Machine", "failed": "saving failed"}
    return f'<span class="none">{escape(waiting.get(c.snapshot_status or "", "no capture yet"))}</span>'


def _html_problems(report: Report) -> str:
    if not report.problem_counts:
        return '<p class="empty">No citation problems found.</p>'
    summary = ('<div class="scroll"><table class="problem-counts"><thead><tr><th scope="col">Problem</th>'
               '<th scope="col">Citations</th></tr></thead><tbody>' + "".join(
                   f'<tr data-problem="{escape(code)}"><td><a href="#problem-{escape(code)}">'
                   f'{escape(PROBLEMS.get(code, (code, ""))[0])}</a> <code>{escape(code)}</code></td>'
                   f'<td class="count">{n}</td></tr>' for code, n in report.problem_counts.items())
               + "</tbody></table></div>")
    sections = []
    for code, n in report.problem_counts.items():
        heading, meaning = PROBLEMS.get(code, (code, ""))
        rows = "".join(_html_problem_row(report, code, c) for c in report.with_problem(code))
        extra = '<th scope="col">Suggested fix</th>' if code == "suspect_domain" else ""
        sections.append(
            f'<section class="problem" id="problem-{escape(code)}" data-problem="{escape(code)}">'
            f'<h3>{escape(heading)} <span class="count">({n})</span></h3>'
            f'<p class="meaning">{escape(meaning)}</p>'
            f'<div class="scroll"><table class="problem-list stack"><thead><tr><th scope="col">Commentary</th>'
            f'<th scope="col">Note</th><th scope="col">Citation</th>{extra}</tr></thead>'
            f'<tbody>{rows}</tbody></table></div></section>')
    return summary + "".join(sections)


def _html_problem_row(report: Report, code: str, c: CitationRow) -> str:
    commentary = report.commentary(c.commentary_url)
    label = escape(commentary.number or commentary.title or commentary.url)
    if commentary.number and commentary.lang:
        label += f' <span class="lang">{escape(commentary.lang)}</span>'
    link = _robust_link(commentary.url, label, commentary.wayback_url, commentary.wayback_timestamp,
                        css="commentary-link", title=commentary.title)
    cited = ""
    if c.link_url and _is_web_url(c.link_url):
        cited = '<div class="url">' + _robust_link(c.link_url, _url_label(c.link_url), c.wayback_url,
                                                   c.wayback_timestamp, css="cited") + "</div>"
    text = escape(c.raw)
    if code in {"placeholder", "stray_bracket"}:
        text = _BRACKETED.sub(lambda m: f"<mark>{m.group(0)}</mark>", text)
    fix = ""
    if code == "suspect_domain":
        written = c.domain or host_of(c.link_url or c.raw) or "?"
        fix = (f'<td class="fix" data-label="Suggested fix"><code class="written">{escape(written)}</code> → '
               f'<code class="suggested">{escape(c.suggested_domain or "?")}</code></td>')
    return (f'<tr data-citation-id="{escape(c.id)}"><td class="commentary" data-label="Commentary">{link}</td>'
            f'<td class="note">{escape(c.note)}</td>'
            f'<td class="citation-text"><div class="raw">{text}</div>{cited}</td>{fix}</tr>')


_BRACKETED = re.compile(r"\[[^\[\]<>]{0,40}\]|\[|\]")


def _url_label(url: str) -> str:
    """A cited URL shortened for display (the citation text beside it has it in full)."""
    shown = re.sub(r"^https?://(www\.)?", "", url)
    return escape(shown if len(shown) <= 72 else shown[:71] + "…")


def _robust_link(url: str, label_html: str, wayback_url: str | None, wayback_timestamp: str | None,
                 css: str = "", title: str | None = None) -> str:
    """A link to a cited URL, decorated as a Robust Link (https://robustlinks.mementoweb.org/)
    when a Wayback capture exists; just the text when the URL is not a web address."""
    if not _is_web_url(url):
        return f'<span class="{escape(css)} not-a-link">{label_html}</span>'
    attributes = f'href="{escape(url)}"' + (f' title="{escape(title)}"' if title else "")
    date = _wayback_date(wayback_url, wayback_timestamp) if wayback_url and _is_web_url(wayback_url) else None
    if wayback_url and date:
        attributes += (f' data-originalurl="{escape(url)}" data-versionurl="{escape(wayback_url)}"'
                       f' data-versiondate="{escape(date)}"')
    return f'<a class="{escape(css)}" {attributes}>{label_html}</a>'


# ----------------------------------------------------------------------------- charts

_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'


def rot_chart_svg(years: tuple[YearRot, ...]) -> str:
    """Bars: share of each year's cited links that are dead (dark) or dying (light).

    Drawn at its natural size (about 100 px a year, at most 720 px wide): a phone shrinks it."""
    if not years:
        return '<p class="empty">No dated commentary cites a link yet.</p>'
    left, right, top, bottom, plot_h = 44, 12, 44, 44, 200
    plot_w = min(max(len(years) * 100, 280), 664)
    width, height = left + plot_w + right, top + plot_h + bottom
    slot = plot_w / len(years)
    bar_w = min(slot * 0.7, 56)
    label_size = min(12.0, slot / 3.4)
    compact = slot < 70
    base = top + plot_h

    def y(share: float) -> float:
        return top + plot_h * (1 - share)

    parts = [(f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
              f'aria-labelledby="rot-title rot-desc" xmlns="http://www.w3.org/2000/svg" {_FONT} font-size="12">'),
             '<title id="rot-title">Share of cited links dead or dying, by the year they were cited</title>',
             '<desc id="rot-desc">' + escape("; ".join(
                 f"{r.year}: {r.failing} of {r.links} links ({_percent(r.share)})" for r in years)) + "</desc>"]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'stroke="#d0d0d0" stroke-width="1"/>'
                     f'<text class="tick" x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#555">'
                     f'{int(tick * 100)}%</text>')
    for index, r in enumerate(years):
        centre = left + slot * (index + 0.5)
        x = centre - bar_w / 2
        year = str(r.year) if slot >= 32 else f"’{r.year % 100:02d}"
        parts.append(f'<text class="year-label" x="{centre:.1f}" y="{base + 17}" text-anchor="middle" '
                     f'font-size="{label_size:.1f}" font-weight="600" fill="#222">{year}</text>')
        if not r.links:
            parts.append(f'<text class="count-label" x="{centre:.1f}" y="{base + 33}" text-anchor="middle" '
                         f'font-size="{label_size:.1f}" fill="#777">{"–" if compact else "no links"}</text>')
            continue
        dead_h, dying_h = plot_h * r.dead / r.links, plot_h * r.dying / r.links
        counts = f"{r.failing}/{r.links}" if compact else f"{r.failing} of {r.links}"
        parts.append(f'<g class="bar" data-year="{r.year}" data-links="{r.links}" data-dead="{r.dead}" '
                     f'data-dying="{r.dying}"><title>{r.year}: {r.dead} dead and {r.dying} dying of {r.links} '
                     f'cited links ({_percent(r.share)})</title>'
                     f'<rect class="dead" x="{x:.1f}" y="{base - dead_h:.1f}" width="{bar_w:.1f}" '
                     f'height="{dead_h:.1f}" fill="{COLOURS["dead"]}"/>'
                     f'<rect class="dying" x="{x:.1f}" y="{base - dead_h - dying_h:.1f}" width="{bar_w:.1f}" '
                     f'height="{dying_h:.1f}" fill="{COLOURS["dying"]}"/></g>')
        parts.append(f'<text class="share-label" x="{centre:.1f}" y="{base - dead_h - dying_h - 5:.1f}" '
                     f'text-anchor="middle" font-size="{label_size:.1f}" font-weight="600" fill="#222">'
                     f'{_percent(r.share)}</text>')
        parts.append(f'<text class="count-label" x="{centre:.1f}" y="{base + 33}" text-anchor="middle" '
                     f'font-size="{label_size:.1f}" fill="#555">{counts}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{base}" y2="{base}" stroke="#333"/>')
    parts.append(_svg_key(left, 14, (("dead", "dead"), ("dying", "dying"))))
    parts.append("</svg>")
    return "".join(parts)


def domain_chart_svg(domains: tuple[DomainVerdicts, ...]) -> str:
    """One horizontal bar per domain, stacked by verdict, longest first."""
    if not domains:
        return '<p class="empty">No cited links yet.</p>'
    width, row_h, top, label_w, right = 500, 22, 8, 186, 30
    height = top + row_h * len(domains) + 8
    plot_w = width - label_w - right
    most = max(d.total for d in domains) or 1
    parts = [(f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
              f'aria-labelledby="domain-title" xmlns="http://www.w3.org/2000/svg" {_FONT} font-size="12">'),
             f'<title id="domain-title">Verdicts of cited links by domain, top {len(domains)} domains</title>']
    for index, d in enumerate(domains):
        y = top + index * row_h
        name = d.domain or "(no host)"
        shown = name if len(name) <= 27 else name[:26] + "…"
        parts.append(f'<g class="domain-row" data-domain="{escape(name)}" data-links="{d.total}">'
                     f'<text class="domain-label" x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end" '
                     f'fill="#222"><title>{escape(name)}</title>{escape(shown)}</text>')
        x = float(label_w)
        for verdict in VERDICTS:
            n = d.counts.get(verdict, 0)
            if not n:
                continue
            w = plot_w * n / most
            parts.append(f'<rect class="seg seg-{verdict}" data-verdict="{verdict}" data-count="{n}" x="{x:.1f}" '
                         f'y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{COLOURS[verdict]}">'
                         f'<title>{escape(name)}: {n} {verdict}</title></rect>')
            x += w
        parts.append(f'<text class="total-label" x="{x + 5:.1f}" y="{y + row_h / 2 + 4:.1f}" fill="#555">'
                     f'{d.total}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _svg_key(x: float, y: float, items: tuple[tuple[str, str], ...]) -> str:
    parts = ['<g class="key">']
    for verdict, label in items:
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLOURS[verdict]}"/>'
                     f'<text x="{x + 14}" y="{y}" fill="#333">{escape(label)}</text>')
        x += 24 + 7 * len(label)
    parts.append("</g>")
    return "".join(parts)


# ---------------------------------------------------------------------------- helpers


def _is_web_url(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https"} and bool(parts.hostname)
    except ValueError:
        return False


_WAYBACK_STAMP = re.compile(r"/web/(\d{8})\d*")


def _wayback_date(wayback_url: str | None, timestamp: str | None) -> str | None:
    """YYYY-MM-DD of a capture, from its 14-digit timestamp or else its memento URL."""
    digits = timestamp if timestamp and re.fullmatch(r"\d{8,14}", timestamp) else None
    if digits is None and wayback_url:
        found = _WAYBACK_STAMP.search(wayback_url)
        digits = found.group(1) if found else None
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if digits else None


def _date(stamp: str | None) -> str | None:
    return stamp[:10] if stamp else None


def _time(stamp: str) -> str:
    return f'<time datetime="{escape(stamp)}">{escape(_date(stamp) or "")}</time>'


def _percent(share: float) -> str:
    """12%, 4.3%, 99.6%: one decimal where rounding to a whole number would mislead."""
    value = share * 100
    if 0 < value < 0.05:
        return "<0.1%"
    if value == round(value) or 10 <= value < 99:
        return f"{value:.0f}%"
    return f"{min(value, 99.9) if value < 100 else value:.1f}%"


def _blank(value: object) -> str:
    return "" if value is None else str(value)

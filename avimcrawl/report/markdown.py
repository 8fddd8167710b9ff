"""The Markdown format: a summary for an issue tracker or an email."""

from __future__ import annotations

import re

from avimcrawl import __version__
from avimcrawl.report.model import (
    CHANGES,
    MARKDOWN_MAX_DEAD,
    MAX_LISTED,
    PROBLEMS,
    VERDICTS,
    CitationRow,
    CommentaryInfo,
    Report,
    no_copy,
)
from avimcrawl.report.sites import markdown_outages, markdown_walls
from avimcrawl.report.text import day, is_web_url, percent, wayback_date
from avimcrawl.review import Review


def render_markdown(report: Report) -> str:
    t = report.totals
    lines = [
        "# Link health of AVİM's citations", "",
        f"Generated {report.generated_at} by avimcrawl {__version__}.", "",
        (f"**{t.commentaries} commentaries, {t.citations} citations, {t.links} cited links: "
         f"{t.verdicts['dead']} dead, {t.verdicts['dying']} dying, {t.verdicts['blocked']} blocked; "
         f"{t.archived_links} of {t.links} links ({percent(t.archived_share)}) archived in the Wayback Machine.**"),
        "", "| verdict | links | share |", "|---|---:|---:|",
    ]
    lines += [f"| {v} | {t.verdicts[v]} | {percent(t.verdicts[v] / t.links if t.links else 0)} |" for v in VERDICTS]
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
    lines += markdown_outages(report)
    lines += markdown_walls(report)
    lines += _md_survival(report)
    lines += _md_changed(report)
    lines += ["", "## Citation problems", ""]
    if report.problem_counts:
        lines += ["| problem | citations |", "|---|---:|"]
        lines += [f"| {_md(PROBLEMS.get(code, (code, ''))[0])} (`{code}`) | {n} |" for code, n in report.problem_counts.items()]
    else:
        lines.append("None.")
    lines += _md_review(report)
    return "\n".join(lines) + "\n"


def _md_survival(report: Report) -> list[str]:
    lines = ["", "## Link survival", "", f"Half-life of a cited link: {_md(report.half_life().said)}.", "",
             "| year | age | links of known fate | alive | share alive |", "|---|---:|---:|---:|---:|"]
    generated_year = int(report.generated_at[:4])
    lines += [f"| {r.year} | {generated_year - r.year} | {r.known} | {r.alive} | "
              f"{percent(r.alive_share) if r.known else '–'} |" for r in report.rot_by_year if r.links]
    lines += ["", "| domain | links of known fate | alive | share alive |", "|---|---:|---:|---:|"]
    lines += [f"| {_md(d.domain or '(no host)')} | {d.known} | {d.counts.get('alive', 0)} | "
              f"{percent(d.alive_share) if d.known else '–'} |" for d in report.verdicts_by_domain]
    return lines


def _md_changed(report: Report) -> list[str]:
    changed = report.changed_citations()
    lines = ["", f"## Live pages changed since they were cited ({len(changed)})", ""]
    if not changed:
        return [*lines, "None known."]
    lines += [f"{', '.join(f'**{said}**: {meaning}' for said, meaning in CHANGES.values())}.", ""]
    for citation in changed[:MAX_LISTED]:
        commentary = report.commentary(citation.commentary_url)
        label = f"No. {commentary.number}" if commentary.number else (commentary.title or commentary.url)
        drift = f", drift {citation.capture_drift:.2f}" if citation.capture_drift is not None else ""
        parts = [f"- {_md(label)} note {citation.note}: **{CHANGES[citation.change or ''][0]}**{drift}",
                 f"live {_md_url(citation.link_url or '')}"]
        if citation.wayback_url and is_web_url(citation.wayback_url):
            date = wayback_date(citation.wayback_url, citation.wayback_timestamp) or "archived copy"
            parts.append(f"as cited: [{date}]({_md_link_target(citation.wayback_url)})")
        lines.append(" — ".join(parts))
    if len(changed) > MAX_LISTED:
        lines.append(f"…and {len(changed) - MAX_LISTED} more.")
    return lines


def _md_review(report: Report) -> list[str]:
    waiting = report.with_review(Review.NEEDS_REVIEW.value)
    counts = report.totals.reviews
    lines = ["", f"## Citations to review ({len(waiting)})", "",
             f"{counts.get(Review.CORRECTED.value, 0)} citations corrected by hand, "
             f"{counts.get(Review.REVIEWED.value, 0)} reviewed and found right."]
    if not waiting:
        return [*lines, "", "None needs review."]
    lines.append("")
    for citation in waiting[:MAX_LISTED]:
        commentary = report.commentary(citation.commentary_url)
        label = _md(commentary.number or commentary.title or commentary.url)
        confidence = "" if citation.confidence is None else f" (confidence {citation.confidence:.2f})"
        lines.append(f"- {label} note {citation.note}{confidence}: {_md(citation.raw)}")
    if len(waiting) > MAX_LISTED:
        lines.append(f"…and {len(waiting) - MAX_LISTED} more.")
    return lines


def _md_commentary(commentary: CommentaryInfo) -> str:
    """`**No. 14** [Title](url) · en · 2026-02-01`; a commentary without a number starts with its title."""
    title = _md(commentary.title or commentary.url)
    link = f"[{title}]({_md_link_target(commentary.url)})" if is_web_url(commentary.url) else title
    number = f"**No. {_md(commentary.number)}** " if commentary.number else ""
    extra = [part for part in (commentary.lang, day(commentary.published)) if part]
    return number + link + "".join(f" · {_md(part)}" for part in extra)


def _md_citation(citation: CitationRow) -> str:
    status = f"**{citation.verdict}**"
    if citation.last_outcome:
        status += f" ({citation.last_outcome}{f', HTTP {citation.http_status}' if citation.http_status else ''})"
    if citation.dead_since:
        status += f" since {day(citation.dead_since)}"
    elif citation.failing_since:
        status += f", failing since {day(citation.failing_since)}"
    parts = [f"- note {citation.note}: {status}", _md_url(citation.link_url or "")]
    if citation.wayback_url and is_web_url(citation.wayback_url):
        parts.append(f"[archived copy]({_md_link_target(citation.wayback_url)})")
    elif citation.other_archive_url and is_web_url(citation.other_archive_url):
        archive = _md(citation.other_archive or "another archive")
        parts.append(f"[archived copy in {archive}]({_md_link_target(citation.other_archive_url)})")
    else:
        parts.append(no_copy(citation.snapshot_status)[0])
    return " — ".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")
_MD_LINE_START = re.compile(r"[#+>-]|\d+(?=[.)](?:\s|$))")


def _md(text: str) -> str:
    """Plain text safe in Markdown prose and table cells, and still readable as plain text: only what
    would make markup is escaped (emphasis, links, code, cells; a heading, list or quote mark where
    it would start a line), so "Anadolu Agency (AA)" stays as written."""
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace("\n", " ")
    start = _MD_LINE_START.match(text)
    if not start:
        return text
    at = start.end() if text[0].isdigit() else 0
    return f"{text[:at]}\\{text[at:]}"


def _md_url(url: str) -> str:
    if is_web_url(url) and not re.search(r"[\s<>]", url):
        return f"<{url}>"
    return _md(url)


def _md_link_target(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")

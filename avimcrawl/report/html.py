"""The HTML format: one self-contained page (inline CSS, charts as inline SVG)."""

from __future__ import annotations

import hashlib
import re
from html import escape
from importlib import resources
from string import Template

from avimcrawl import PROJECT_URL, __version__
from avimcrawl.report.charts import domain_chart_svg, rot_chart_svg
from avimcrawl.report.model import (
    CHANGES,
    COLOURS,
    HALF_LIFE_MIN_BINS,
    HALF_LIFE_MIN_LINKS,
    PROBLEMS,
    REVIEWS,
    TEMPLATE_FILE,
    VERDICTS,
    CitationRow,
    Report,
    Totals,
    no_copy,
)
from avimcrawl.repairs import REPAIRS_CSS, commentary_html, html_legend
from avimcrawl.report.sites import html_outages, html_walls
from avimcrawl.report.text import day, is_web_url, percent, time_html, wayback_date
from avimcrawl.urls import host_of


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
        outages=html_outages(report),
        walls=html_walls(report),
        changed=_html_changed(report),
        survival=_html_survival(report),
        commentary_pages=_html_commentary_pages(report),
        half_life_bins=HALF_LIFE_MIN_BINS,
        half_life_links=HALF_LIFE_MIN_LINKS,
        problems=_html_problems(report),
        review=_html_review(report),
        repairs=_html_repairs(report),
        repairs_css=REPAIRS_CSS,
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
        share = percent(t.verdicts[verdict] / t.links) if t.links else "–"
        cells.append(item(verdict, verdict.capitalize(), str(t.verdicts[verdict]),
                          f'<dd class="sub"><span class="swatch" style="background:{COLOURS[verdict]}"></span>'
                          f'{escape(share)} of links</dd>'))
    cells.append(item("archived", "Archived", percent(t.archived_share),
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
            day(commentary.published) or "", f"{len(rows)} failing") if part)
        group = (f'<tr class="group"><th colspan="6" scope="rowgroup">{link}'
                 f'<span class="meta">{meta} · <a class="page-link" href="#{commentary_anchor(commentary.url)}">'
                 f'all its citations</a>{_repairs_link(report, commentary.url, " · ")}</span></th></tr>')
        bodies.append(f'<tbody class="commentary" data-commentary-url="{escape(commentary.url)}">{group}'
                      + "".join(_html_dead_row(c) for c in rows) + "</tbody>")
    return f'<div class="scroll"><table class="dead-links stack">{head}{"".join(bodies)}</table></div>'


def _html_dead_row(c: CitationRow) -> str:
    outcome = escape(c.last_outcome or "")
    if c.http_status:
        outcome += f' <span class="status">HTTP {c.http_status}</span>'
    if c.dead_since:
        since = time_html(c.dead_since)
    elif c.failing_since:
        since = f'<span class="failing">failing since {time_html(c.failing_since)}</span>'
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


def commentary_anchor(url: str) -> str:
    """The id of a commentary's page in the report (stable: from its URL)."""
    return "commentary-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def _html_commentary_pages(report: Report) -> str:
    groups: dict[str, list[CitationRow]] = {url: [] for url in report.commentaries}
    for citation in report.citations:
        groups.setdefault(citation.commentary_url, []).append(citation)
    if not groups:
        return '<p class="empty">No commentary yet.</p>'
    head = ('<thead><tr><th scope="col">Note</th><th scope="col">Citation</th><th scope="col">Status</th>'
            '<th scope="col">Match</th><th scope="col">Archived copy</th><th scope="col">WARC record</th>'
            '</tr></thead>')
    pages = []
    for url, rows in groups.items():
        commentary = report.commentary(url)
        failing = sum(c.verdict in ("dead", "dying") for c in rows)
        meta = " · ".join(escape(part) for part in (
            f"No. {commentary.number}" if commentary.number else "", commentary.lang or "",
            day(commentary.published) or "", f"{len(rows)} citations", f"{failing} dead or dying" if failing else "")
            if part)
        link = _robust_link(commentary.url, escape(commentary.title or commentary.url), commentary.wayback_url,
                            commentary.wayback_timestamp, css="commentary-link")
        body = (f'<div class="scroll"><table class="commentary-citations stack">{head}<tbody>'
                + "".join(_html_page_row(c) for c in rows) + "</tbody></table></div>"
                if rows else '<p class="empty">No citations.</p>')
        pages.append(f'<details class="commentary-page" id="{commentary_anchor(url)}" data-commentary-url="{escape(url)}">'
                     f'<summary><span class="title">{escape(commentary.title or commentary.url)}</span> '
                     f'<span class="meta">{meta}</span></summary>'
                     f'<p class="open-commentary">{link}{_repairs_link(report, url, " · ")}</p>{body}</details>')
    return "".join(pages)


def _html_page_row(c: CitationRow) -> str:
    status = ""
    if c.verdict:
        status = f'<span class="pill pill-{escape(c.verdict)}">{escape(c.verdict)}</span>'
        if c.last_outcome:
            status += f' <span class="status">{escape(c.last_outcome)}'
            status += f" HTTP {c.http_status}</span>" if c.http_status else "</span>"
    match = " · ".join(f"{label}: {escape(value)}" for label, value in (("live", c.match), ("archived", c.capture_match))
                       if value)
    warc = f"<code>{escape(c.warc_file)}:{c.warc_offset}</code>" if c.warc_file and c.warc_offset is not None else ""
    return (f'<tr data-citation-id="{escape(c.id)}" data-verdict="{escape(c.verdict or "")}">'
            f'<td class="note">{escape(c.note)}</td>'
            f'<td class="citation-text"><div class="raw">{escape(c.raw)}</div>{_html_cited(c)}</td>'
            f'<td class="verdict" data-label="Status">{status}</td>'
            f'<td class="match" data-label="Match">{match}</td>'
            f'<td class="wayback" data-label="Archived copy">{_html_wayback(c) if c.link_url else ""}</td>'
            f'<td class="warc" data-label="WARC record">{warc}</td></tr>')


def _html_survival(report: Report) -> str:
    found = report.half_life()
    sentence = (f'<p class="half-life" data-half-life="{"" if found.years is None else found.years}">'
                f'<b>Half-life of a cited link:</b> {escape(found.said)}.</p>')
    years = [r for r in report.rot_by_year if r.links]
    generated_year = int(report.generated_at[:4])
    by_year = "".join(
        f'<tr data-year="{r.year}"><td>{r.year}</td><td class="count">{generated_year - r.year}</td>'
        f'<td class="count">{r.known}</td><td class="count">{r.alive}</td>'
        f'<td class="count share">{percent(r.alive_share) if r.known else "–"}</td></tr>' for r in years)
    by_domain = "".join(
        f'<tr data-domain="{escape(d.domain)}"><td class="domain">{escape(d.domain or "(no host)")}</td>'
        f'<td class="count">{d.known}</td><td class="count">{d.counts.get("alive", 0)}</td>'
        f'<td class="count share">{percent(d.alive_share) if d.known else "–"}</td></tr>'
        for d in report.verdicts_by_domain)
    head = ('<th scope="col">Links of known fate</th><th scope="col">Alive</th>'
            '<th scope="col">Share alive</th></tr></thead>')
    return (sentence + '<div class="survival-tables">'
            '<div class="scroll"><table class="survival-by-year"><caption>By year of citation</caption><thead><tr>'
            f'<th scope="col">Year</th><th scope="col">Age</th>{head}<tbody>{by_year}</tbody></table></div>'
            '<div class="scroll"><table class="survival-by-domain"><caption>By cited domain</caption><thead><tr>'
            f'<th scope="col">Domain</th>{head}<tbody>{by_domain}</tbody></table></div></div>')


def _html_changed(report: Report) -> str:
    changed = report.changed_citations()
    if not changed:
        return '<p class="empty">No live cited page is known to have changed since it was cited.</p>'
    head = ('<thead><tr><th scope="col">Commentary</th><th scope="col">Note</th><th scope="col">Citation</th>'
            '<th scope="col">Change</th><th scope="col">Live page</th><th scope="col">Archived copy, as cited</th>'
            '</tr></thead>')
    return (f'<div class="scroll"><table class="changed-list stack">{head}<tbody>'
            + "".join(_html_changed_row(report, c) for c in changed) + "</tbody></table></div>")


def _html_changed_row(report: Report, c: CitationRow) -> str:
    change = c.change or ""
    said, meaning = CHANGES[change]
    detail = []
    if c.match:
        detail.append(f"live: {c.match}")
    if c.capture_match:
        detail.append(f"archived: {c.capture_match}")
    if c.capture_drift is not None:
        detail.append(f"drift {c.capture_drift:.2f}")
    live = ""
    if c.link_url and is_web_url(c.link_url):
        live = f'<a class="live" href="{escape(c.link_url)}">{_url_label(c.link_url)}</a>'
    accessed = f'<div class="accessed">accessed {escape(c.accessed)}</div>' if c.accessed else ""
    return (f'<tr data-citation-id="{escape(c.id)}" data-change="{escape(change)}">'
            f'<td class="commentary" data-label="Commentary">{_html_commentary_link(report, c)}</td>'
            f'<td class="note">{escape(c.note)}</td>'
            f'<td class="citation-text"><div class="raw">{escape(c.raw)}</div></td>'
            f'<td class="change" data-label="Change"><span class="pill pill-changed" title="{escape(meaning)}">'
            f'{escape(said)}</span><div class="status">{escape(", ".join(detail))}</div></td>'
            f'<td class="live-page url" data-label="Live page">{live}</td>'
            f'<td class="wayback" data-label="Archived copy">{_html_wayback(c)}{accessed}</td></tr>')


def _html_wayback(c: CitationRow) -> str:
    if c.wayback_url and is_web_url(c.wayback_url):
        date = wayback_date(c.wayback_url, c.wayback_timestamp)
        return (f'<a class="memento" href="{escape(c.wayback_url)}" title="The Wayback Machine\'s capture of '
                f'{escape(date or "this page")}">{escape(date or "Wayback copy")}</a>')
    if c.other_archive_url and is_web_url(c.other_archive_url):
        date = wayback_date(None, c.other_archive_timestamp)
        archive = c.other_archive or "another archive"
        return (f'<a class="memento other-archive" href="{escape(c.other_archive_url)}" title="No Wayback capture; '
                f'{escape(archive)}\'s copy of {escape(date or "this page")}">'
                f'{escape(" ".join(part for part in (archive, date) if part))}</a>')
    said, meaning = no_copy(c.snapshot_status)
    return (f'<span class="none" data-snapshot-status="{escape(c.snapshot_status or "")}" '
            f'title="{escape(meaning)}">{escape(said)}</span>')


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


def _html_commentary_link(report: Report, c: CitationRow) -> str:
    commentary = report.commentary(c.commentary_url)
    label = escape(commentary.number or commentary.title or commentary.url)
    if commentary.number and commentary.lang:
        label += f' <span class="lang">{escape(commentary.lang)}</span>'
    return _robust_link(commentary.url, label, commentary.wayback_url, commentary.wayback_timestamp,
                        css="commentary-link", title=commentary.title)


def _html_cited(c: CitationRow) -> str:
    if c.link_url and is_web_url(c.link_url):
        return '<div class="url">' + _robust_link(c.link_url, _url_label(c.link_url), c.wayback_url,
                                                  c.wayback_timestamp, css="cited") + "</div>"
    return ""


def _html_problem_row(report: Report, code: str, c: CitationRow) -> str:
    link = _html_commentary_link(report, c)
    cited = _html_cited(c)
    text = escape(c.raw)
    if code in {"placeholder", "stray_bracket"}:
        text = _BRACKETED.sub(lambda m: f"<mark>{m.group(0)}</mark>", text)
    fix = ""
    if code == "suspect_domain":
        written = c.domain or host_of(c.link_url or c.raw) or "?"
        fix = (f'<td class="fix" data-label="Suggested fix"><code class="written">{escape(written)}</code> → '
               f'<code class="suggested">{escape(c.suggested_domain or "?")}</code></td>')
    repair = _repairs_link(report, c.commentary_url, "", c.footnote)
    if repair:
        repair = f'<div class="repair">{repair}</div>'
    return (f'<tr data-citation-id="{escape(c.id)}"><td class="commentary" data-label="Commentary">{link}</td>'
            f'<td class="note">{escape(c.note)}</td>'
            f'<td class="citation-text"><div class="raw">{text}</div>{cited}{repair}</td>{fix}</tr>')


def _repairs_link(report: Report, commentary_url: str, before: str, footnote: int | None = None) -> str:
    """A link to the commentary's repaired footnotes (to the footnote's, given one), in this report."""
    repairs = report.repairs_of(commentary_url)
    if repairs is None:
        return ""
    if footnote is not None and any(f.number == footnote and f.needs_repair for f in repairs.footnotes):
        return (f'{before}<a class="repairs-link" href="#{escape(repairs.footnote_anchor(footnote))}">'
                f"repaired footnote {footnote}</a>")
    return f'{before}<a class="repairs-link" href="#{escape(repairs.anchor)}">repaired footnotes</a>'


def _html_repairs(report: Report) -> str:
    needing = [r for r in report.repairs if r.needing_repair]
    if not needing:
        return '<p class="empty">No footnote needs repair.</p>'
    return html_legend() + "".join(commentary_html(r, heading="h3", only_needing=True) for r in needing)


def _html_review(report: Report) -> str:
    counts = report.totals.reviews
    summary = ('<div class="scroll"><table class="review-counts"><thead><tr><th scope="col">Review</th>'
               '<th scope="col">Citations</th></tr></thead><tbody>' + "".join(
                   f'<tr data-review="{escape(state)}"><td><a href="#review-{escape(state)}">{escape(heading)}</a> '
                   f'<span class="meaning">{escape(meaning)}</span></td><td class="count">{counts.get(state, 0)}</td></tr>'
                   for state, (heading, meaning) in REVIEWS.items()) + "</tbody></table></div>")
    sections = []
    for state, (heading, _) in REVIEWS.items():
        rows = report.with_review(state)
        if not rows:
            continue
        sections.append(
            f'<section class="review" id="review-{escape(state)}" data-review="{escape(state)}">'
            f'<h3>{escape(heading)} <span class="count">({len(rows)})</span></h3>'
            f'<div class="scroll"><table class="review-list stack"><thead><tr><th scope="col">Commentary</th>'
            f'<th scope="col">Note</th><th scope="col">Citation</th><th scope="col">Confidence</th>'
            f'<th scope="col">Read by position only</th></tr></thead>'
            f'<tbody>{"".join(_html_review_row(report, c) for c in rows)}</tbody></table></div></section>')
    if not sections:
        return '<p class="empty">No citation needs review, and none was corrected.</p>'
    return summary + "".join(sections)


def _html_parsed_url(c: CitationRow) -> str:
    """The URL as the parser read it: what a reviewer checks against the text above it."""
    if c.link_url and is_web_url(c.link_url):
        return f'<div class="url"><a class="parsed-url" href="{escape(c.link_url)}">{_url_label(c.link_url)}</a></div>'
    return ""


def _html_review_row(report: Report, c: CitationRow) -> str:
    confidence = "" if c.confidence is None else f"{c.confidence:.2f}"
    return (f'<tr data-citation-id="{escape(c.id)}" data-review="{escape(c.review or "")}">'
            f'<td class="commentary" data-label="Commentary">{_html_commentary_link(report, c)}</td>'
            f'<td class="note">{escape(c.note)}</td>'
            f'<td class="citation-text"><div class="raw">{escape(c.raw)}</div>{_html_parsed_url(c)}</td>'
            f'<td class="confidence" data-label="Confidence">{escape(confidence)}</td>'
            f'<td class="guessed" data-label="Read by position only">{escape(", ".join(c.guessed))}</td></tr>')


_BRACKETED = re.compile(r"\[[^\[\]<>]{0,40}\]|\[|\]")


def _url_label(url: str) -> str:
    """A cited URL shortened for display (the citation text beside it has it in full)."""
    shown = re.sub(r"^https?://(www\.)?", "", url)
    return escape(shown if len(shown) <= 72 else shown[:71] + "…")


def _robust_link(url: str, label_html: str, wayback_url: str | None, wayback_timestamp: str | None,
                 css: str = "", title: str | None = None) -> str:
    """A link to a cited URL, decorated as a Robust Link (https://robustlinks.mementoweb.org/)
    when a Wayback capture exists; just the text when the URL is not a web address."""
    if not is_web_url(url):
        return f'<span class="{escape(css)} not-a-link">{label_html}</span>'
    attributes = f'href="{escape(url)}"' + (f' title="{escape(title)}"' if title else "")
    date = wayback_date(wayback_url, wayback_timestamp) if wayback_url and is_web_url(wayback_url) else None
    if wayback_url and date:
        attributes += (f' data-originalurl="{escape(url)}" data-versionurl="{escape(wayback_url)}"'
                       f' data-versiondate="{escape(date)}"')
    return f'<a class="{escape(css)}" {attributes}>{label_html}</a>'

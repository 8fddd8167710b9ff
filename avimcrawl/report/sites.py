"""The report's two sections about sites rather than pages, in HTML and Markdown: sites down
(outages, one event each, not counted as dead pages) and what locks the crawler out (cited
links last answered `blocked`, by the wall or reason)."""

from __future__ import annotations

from html import escape

from avimcrawl.linkhealth import DeathRules
from avimcrawl.report.model import Outage, Report, WallGroup
from avimcrawl.report.text import day, time_html

OUTAGES_NOTE = ("A site is down when every link of it checked in a run, and its home page, failed the same way. "
                "That is one event for the site, not a death of each page: its links count it as a transient "
                f"failure, and are dead only if the site stays down for the long window ({DeathRules.transient_days:g} "
                "days by default).")
WALLS_NOTE = ("Links whose last check was refused: a bot wall, captcha or paywall answered instead of the page, "
              "or robots.txt forbade the fetch. A refusal says nothing of the page: it never counts as a failure, "
              "the wall's page is never stored as the source's text, and the link is still saved to the Wayback "
              "Machine, whose crawler may get in.")


def html_outages(report: Report) -> str:
    if not report.outages:
        return f'<p class="note">{escape(OUTAGES_NOTE)}</p><p class="empty">No cited site has been down.</p>'
    head = ('<thead><tr><th scope="col">Site</th><th scope="col">How</th><th scope="col">Since</th>'
            '<th scope="col">Last seen down</th><th scope="col">Ended</th><th scope="col">Runs</th>'
            '<th scope="col">Links</th></tr></thead>')
    return (f'<p class="note">{escape(OUTAGES_NOTE)}</p><div class="scroll"><table class="outages stack">{head}<tbody>'
            + "".join(_html_outage(o) for o in report.outages) + "</tbody></table></div>")


def _html_outage(o: Outage) -> str:
    how = escape(o.outcome) + (f' <span class="status">HTTP {o.http_status}</span>' if o.http_status else "")
    ended = time_html(o.ended_at) if o.ended_at else '<span class="failing">still down</span>'
    return (f'<tr class="outage" data-domain="{escape(o.domain)}" data-open="{"0" if o.ended_at else "1"}">'
            f'<td class="domain">{escape(o.domain)}</td><td class="outcome" data-label="How">{how}</td>'
            f'<td data-label="Since">{time_html(o.started_at)}</td>'
            f'<td data-label="Last seen down">{time_html(o.last_seen_at)}</td>'
            f'<td data-label="Ended">{ended}</td><td class="count" data-label="Runs">{o.runs}</td>'
            f'<td class="count" data-label="Links">{o.links}</td></tr>')


def html_walls(report: Report) -> str:
    if not report.walls:
        return f'<p class="note">{escape(WALLS_NOTE)}</p><p class="empty">No cited link is blocked.</p>'
    head = ('<thead><tr><th scope="col">Blocked by</th><th scope="col">Links</th><th scope="col">Sites</th>'
            '</tr></thead>')
    return (f'<p class="note">{escape(WALLS_NOTE)}</p><div class="scroll"><table class="walls stack">{head}<tbody>'
            + "".join(_html_wall(group) for group in report.walls) + "</tbody></table></div>")


def _html_wall(group: WallGroup) -> str:
    sites = ", ".join(f'<span class="domain">{escape(domain or "(no host)")}</span> ({count})'
                      for domain, count in group.domains)
    return (f'<tr class="wall" data-wall="{escape(group.key)}"><td>{escape(group.label)}</td>'
            f'<td class="count" data-label="Links">{group.links}</td><td data-label="Sites">{sites}</td></tr>')


def markdown_outages(report: Report) -> list[str]:
    lines = ["", f"## Sites down ({sum(1 for o in report.outages if not o.ended_at)} now)", "", OUTAGES_NOTE, ""]
    if not report.outages:
        return [*lines, "None."]
    lines += ["| site | how | since | last seen down | ended | runs | links |", "|---|---|---|---|---|---:|---:|"]
    for o in report.outages:
        how = o.outcome + (f" (HTTP {o.http_status})" if o.http_status else "")
        lines.append(f"| {o.domain} | {how} | {day(o.started_at)} | {day(o.last_seen_at)} | "
                     f"{day(o.ended_at) or 'still down'} | {o.runs} | {o.links} |")
    return lines


def markdown_walls(report: Report) -> list[str]:
    lines = ["", f"## What locks the crawler out ({sum(group.links for group in report.walls)} links)", "",
             WALLS_NOTE, ""]
    if not report.walls:
        return [*lines, "None."]
    lines += ["| blocked by | links | sites |", "|---|---:|---|"]
    for group in report.walls:
        sites = ", ".join(f"{domain or '(no host)'} ({count})" for domain, count in group.domains)
        lines.append(f"| {group.label} | {group.links} | {sites} |")
    return lines

"""The report's charts, as inline SVG: rot by year of citation, verdicts by domain."""

from __future__ import annotations

from html import escape

from avimcrawl.report.model import COLOURS, VERDICTS, DomainVerdicts, YearRot
from avimcrawl.report.text import percent

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
                 f"{r.year}: {r.failing} of {r.links} links ({percent(r.share)})" for r in years)) + "</desc>"]
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
                     f'cited links ({percent(r.share)})</title>'
                     f'<rect class="dead" x="{x:.1f}" y="{base - dead_h:.1f}" width="{bar_w:.1f}" '
                     f'height="{dead_h:.1f}" fill="{COLOURS["dead"]}"/>'
                     f'<rect class="dying" x="{x:.1f}" y="{base - dead_h - dying_h:.1f}" width="{bar_w:.1f}" '
                     f'height="{dying_h:.1f}" fill="{COLOURS["dying"]}"/></g>')
        parts.append(f'<text class="share-label" x="{centre:.1f}" y="{base - dead_h - dying_h - 5:.1f}" '
                     f'text-anchor="middle" font-size="{label_size:.1f}" font-weight="600" fill="#222">'
                     f'{percent(r.share)}</text>')
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
    row_h, top, plot_w, right = 22, 8, 284, 40
    shown_names = {d.domain: _shorten(d.domain or "(no host)") for d in domains}
    label_w = round(max(80.0, max(_text_width(name) for name in shown_names.values()) + 16))
    width = label_w + plot_w + right
    height = top + row_h * len(domains) + 8
    most = max(d.total for d in domains) or 1
    parts = [(f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
              f'aria-labelledby="domain-title" xmlns="http://www.w3.org/2000/svg" {_FONT} font-size="12">'),
             f'<title id="domain-title">Verdicts of cited links by domain, top {len(domains)} domains</title>']
    for index, d in enumerate(domains):
        y = top + index * row_h
        name = d.domain or "(no host)"
        shown = shown_names[d.domain]
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


_LABEL_MAX = 48
"""Longer domain names are cut (with …); the full name is the label's tooltip."""
_NARROW, _WIDE = set("fijlrt.,:;'!|()[] -"), set("mwMW@")


def _shorten(name: str) -> str:
    return name if len(name) <= _LABEL_MAX else name[:_LABEL_MAX - 1] + "…"


def _text_width(text: str, size: float = 12) -> float:
    """A generous estimate of the width of `text` in a sans-serif at `size` px: the label column is
    sized from it, so no label is clipped whatever font the reader's system substitutes."""
    em = sum(0.36 if ch in _NARROW else 0.95 if ch in _WIDE else 0.74 if ch.isupper() else 0.62 for ch in text)
    return em * size


def _svg_key(x: float, y: float, items: tuple[tuple[str, str], ...]) -> str:
    parts = ['<g class="key">']
    for verdict, label in items:
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLOURS[verdict]}"/>'
                     f'<text x="{x + 14}" y="{y}" fill="#333">{escape(label)}</text>')
        x += 24 + 7 * len(label)
    parts.append("</g>")
    return "".join(parts)

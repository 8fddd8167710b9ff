"""The link-health report: which citations are dead, since when, and where a copy survives.

`build_report` (data.py) reads the archive database with SQL into a `Report`; `render` writes it as
one self-contained HTML page (inline CSS, charts as inline SVG, no network needed to open
it), CSV (one row per citation), JSON (the same rows, described by `report.schema.json`)
or Markdown (a summary for an issue tracker or an email). Plain Python: nothing is fetched,
and nothing depends on the clock but `generated_at`, which the caller passes in.

Links are counted once per distinct cited URL (`links` rows that some citation cites).
A link is archived when it has a Wayback capture: `links.wayback_url`, or else a `found` or
`saved` row in `snapshots`.

Each format has a module of its own: html.py (with charts.py), markdown.py, tables.py (CSV
and JSON); model.py holds the records and vocabularies, text.py the shared formatting.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlite_utils

from avimcrawl.report.charts import domain_chart_svg, rot_chart_svg
from avimcrawl.report.data import build_report
from avimcrawl.report.html import render_html
from avimcrawl.report.markdown import render_markdown
from avimcrawl.report.model import (
    CHANGED_DRIFT,
    CHANGES,
    COLOURS,
    CSV_COLUMNS,
    HALF_LIFE_MIN_BINS,
    HALF_LIFE_MIN_LINKS,
    FAILING,
    FORMATS,
    MARKDOWN_MAX_DEAD,
    PROBLEMS,
    SCHEMA_FILE,
    SCHEMA_ID,
    TEMPLATE_FILE,
    TOP_DEAD_DOMAINS,
    TOP_DOMAINS,
    VERDICTS,
    CitationRow,
    CommentaryInfo,
    DomainVerdicts,
    HalfLife,
    Report,
    Totals,
    YearRot,
    half_life,
)
from avimcrawl.report.tables import render_csv, render_json, schema

__all__ = [
    "CHANGED_DRIFT", "CHANGES", "COLOURS", "CSV_COLUMNS", "FAILING", "HALF_LIFE_MIN_BINS", "HALF_LIFE_MIN_LINKS", "HalfLife", "half_life", "FORMATS", "MARKDOWN_MAX_DEAD", "PROBLEMS", "SCHEMA_FILE", "SCHEMA_ID",
    "TEMPLATE_FILE", "TOP_DEAD_DOMAINS", "TOP_DOMAINS", "VERDICTS", "CitationRow", "CommentaryInfo",
    "DomainVerdicts", "Report", "Totals", "YearRot", "build_report", "domain_chart_svg", "render", "render_csv",
    "render_html", "render_json", "render_markdown", "rot_chart_svg", "save", "schema", "write_report",
]


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

"""The CSV and JSON formats: one record per citation (JSON described by `report.schema.json`)."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

from avimcrawl.report.model import CSV_COLUMNS, SCHEMA_FILE, SCHEMA_ID, Report


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON format."""
    loaded: dict[str, Any] = json.loads(resources.files("avimcrawl").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for citation in report.citations:
        record = citation.record()
        record["problems"] = ";".join(record["problems"])
        record["guessed"] = ";".join(record["guessed"])
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

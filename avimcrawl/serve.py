"""Datasette over the archive, read-only: metadata, facets, full-text search, canned queries.

The canned queries are the questions researchers ask most; each is plain SQL they can
read, copy and change in Datasette's SQL editor.

The archive is served while scheduled runs keep writing to it, so Datasette opens it as a
mutable database, not `--immutable`: its readers (`mode=ro`) honour the write-ahead log and
SQLite's locks, and see each commit on their next query; counts are computed per request,
not cached from start-up. Writes stay impossible through HTTP: `?sql=` runs only SELECT,
the metadata grants no writable canned query, and the `prepare_connection` hook below makes
every connection Datasette opens to the archive (its one write connection included)
`query_only`, so SQLite itself refuses a write whatever a plugin or setting may allow.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from datasette import hookimpl

from avimcrawl import __version__
from avimcrawl.review import REVIEW_BELOW, needs_review_sql

DESCRIPTION = (
    "Commentaries of AVİM (Center for Eurasian Studies, Ankara) and every source their footnotes cite, "
    "with the health of each cited link over time and its Wayback Machine capture. Built by avimcrawl "
    f"{__version__}."
)

TABLES: dict[str, dict[str, Any]] = {
    "commentaries": {
        "description": "One row per AVİM commentary (mirror copies on avimbulten.org merged).",
        "facets": ["lang", "kind", "author"],
        "sort_desc": "published",
        "columns": {
            "url": "The commentary's URL as first stored", "lang": "en or tr, from the URL",
            "number": "AVİM's number, e.g. 2026/14", "published": "Publication date (ISO)",
            "detected_lang": "Language detected from the text (langdetect)",
            "translation_url": "The same commentary in the other language",
            "wayback_url": "Its Wayback Machine capture closest to publication",
        },
    },
    "citations": {
        "description": "One row per cited source, parsed from the footnotes, in footnote order.",
        "facets": ["publisher", "problems", "match", "capture_match"],
        "columns": {
            "footnote": "The note's number", "position": "Order inside the note",
            "raw": "The citation as printed", "link_url": "The cited URL, normalized: joins links.url",
            "accessed": "The day the author read the source (ISO)",
            "problems": "JSON list of problem codes: placeholder, published_after_accessed, no_url, "
                        "malformed_url, suspect_domain, duplicate, stray_bracket, double_slash, truncated",
            "suggested_domain": "For suspect_domain: the domain the author probably meant",
            "kind": "web, print, repeat (Ibid., a.g.e.) or unknown",
            "repeats": "For repeat: the footnote whose source this note cites again",
            "confidence": f"How sure the parser is of the fields (0–1); below {REVIEW_BELOW:g} a person should look",
            "guessed": "JSON list of the fields read by position only",
            "corrected": "1 when corrected by hand (avimcrawl correct); the correction outlives re-crawls",
            "reviewed": "1 when a person checked it and found it right",
            "match": "Does the page still say what was cited: same, close, absent (replaced, wrong page), "
                     "parked (for sale) or unknown (no title); empty before any fetch",
            "capture_match": "The same against the Wayback capture nearest the access date (links.wayback_url)",
        },
    },
    "corrections": {
        "description": "Corrections made by hand to parsed citations (avimcrawl correct), applied again, in order, "
                       "after every crawl and reparse.",
        "facets": ["action", "field", "status"],
        "columns": {
            "footnote": "The note's number, as when the correction was made",
            "position": "Order inside the note, as when the correction was made",
            "action": "set, split, merge or reviewed", "field": "For set: the field corrected",
            "value": "For set: the value given; for split: where the second citation starts",
            "raw": "The citation's text when the correction was made: how it is found again",
            "status": "applied, or unmatched when its citation no longer exists",
        },
    },
    "commentary_pages": {
        "description": "Each commentary's page as fetched (HTML), kept so its citations can be parsed again "
                       "without fetching it (avimcrawl reparse).",
        "columns": {"source": "crawl, or warc when read back from an earlier crawl's WARC record"},
    },
    "links": {
        "description": "One row per distinct cited URL: what it said, and whether it still works.",
        "facets": ["verdict", "domain", "last_outcome", "detected_lang"],
        "columns": {
            "verdict": "unknown, alive, dying, dead or blocked (after InternetArchiveBot's rules)",
            "last_outcome": "Outcome of the last check (ok, not_found, soft_404, gone_domain, timeout, …)",
            "dead_since": "For a dead link: the first failure of its final run of failures",
            "drift": "How far the text moved from the first text stored (0 same … 1 unrelated)",
            "changed": "1 when the text is no longer a near-duplicate of the first (simhash, 3 bits)",
            "capture_drift": "Drift of today's text against the Wayback capture the author could have seen",
            "wayback_url": "The Wayback capture closest to the day it was cited",
        },
    },
    "checks": {
        "description": "One row per check of a link: the evidence behind each verdict.",
        "facets": ["outcome", "http_status"],
        "sort_desc": "checked_at",
        "columns": {"redirects": "JSON list of the URLs redirected from", "elapsed_ms": "Time waiting for answers"},
    },
    "snapshots": {
        "description": "The Wayback Machine queue: one row per cited URL and commentary.",
        "facets": ["status", "kind", "method"],
        "columns": {"status": "pending, found, saved, skipped (no capture, page already failing, nothing submitted) "
                              "or failed (Save Page Now refused)", "job_id": "Save Page Now 2 job"},
    },
    "failures": {"description": "Pages the crawler could not fetch; tried again by later crawls with backoff, "
                                "until given up (`avimcrawl failures`).",
                 "columns": {"next_retry": "From when a crawl tries it again; empty: the next crawl",
                             "gave_up": "When crawls gave up on it; empty while they still try"}},
    "commentary_urls": {"description": "Every URL a commentary was seen at, mapped to its archive URL."},
}

QUERIES: dict[str, dict[str, str]] = {
    "dead_citations_by_commentary": {
        "title": "Dead and dying citations, by commentary",
        "description": "Every citation whose link is dead or dying, with the Wayback copy to use instead.",
        "sql": """SELECT m.number, m.title AS commentary, c.commentary_url, c.footnote, c.position, c.raw,
       l.verdict, l.last_outcome, l.dead_since, l.wayback_url
FROM citations c
JOIN links l ON l.url = c.link_url
JOIN commentaries m ON m.url = c.commentary_url
WHERE l.verdict IN ('dead', 'dying')
ORDER BY m.published DESC, c.commentary_url, c.footnote, c.position""",
    },
    "links_never_archived": {
        "title": "Cited links with no Wayback copy",
        "description": "Links the Wayback Machine has no capture of yet, most cited first.",
        "sql": """SELECT l.url, l.domain, l.verdict, count(c.id) AS citations
FROM links l
LEFT JOIN citations c ON c.link_url = l.url
WHERE l.wayback_url IS NULL
GROUP BY l.url
ORDER BY citations DESC, l.url""",
    },
    "rot_by_citation_year": {
        "title": "Link rot by the year of the citing commentary",
        "description": "Share of cited links dead or dying, by the year the citing commentary was published.",
        "sql": """SELECT substr(m.published, 1, 4) AS year,
       count(DISTINCT l.url) AS links,
       count(DISTINCT CASE WHEN l.verdict IN ('dead', 'dying') THEN l.url END) AS rotten,
       round(100.0 * count(DISTINCT CASE WHEN l.verdict IN ('dead', 'dying') THEN l.url END)
             / count(DISTINCT l.url), 1) AS percent_rotten
FROM citations c
JOIN links l ON l.url = c.link_url
JOIN commentaries m ON m.url = c.commentary_url
WHERE m.published IS NOT NULL
GROUP BY year
ORDER BY year""",
    },
    "domains_by_failure_rate": {
        "title": "Cited domains by failure rate",
        "description": "Share of each domain's checks that failed (blocked excluded), worst first.",
        "sql": """SELECT l.domain, count(*) AS checks,
       sum(CASE WHEN k.outcome NOT IN ('ok', 'redirected', 'blocked') THEN 1 ELSE 0 END) AS failed,
       round(100.0 * sum(CASE WHEN k.outcome NOT IN ('ok', 'redirected', 'blocked') THEN 1 ELSE 0 END)
             / count(*), 1) AS percent_failed
FROM checks k
JOIN links l ON l.url = k.url
GROUP BY l.domain
HAVING checks > 0
ORDER BY percent_failed DESC, checks DESC, l.domain""",
    },
    "citations_to_review": {
        "title": "Citations to review",
        "description": f"Citations parsed with confidence below {REVIEW_BELOW:g} that nobody corrected or reviewed "
                       "yet, least sure first; and those corrected by hand. Fix one with `avimcrawl correct`.",
        "sql": f"""SELECT CASE WHEN c.corrected THEN 'corrected' ELSE 'needs review' END AS review,
       m.number, c.commentary_url, c.footnote, c.position, round(c.confidence, 2) AS confidence, c.guessed,
       c.raw, c.authors, c.title, c.publisher, c.published, c.accessed, c.link_url
FROM citations c
JOIN commentaries m ON m.url = c.commentary_url
WHERE ({needs_review_sql("c")}) OR c.corrected
ORDER BY c.corrected, c.confidence, m.published DESC, c.commentary_url, c.footnote, c.position""",
    },
    "corrections_not_applied": {
        "title": "Corrections whose citation no longer exists",
        "description": "Corrections that found no citation the last time their commentary was parsed: "
                       "the page or the parser changed. Correct the citation again.",
        "sql": """SELECT k.id, k.commentary_url, k.footnote, k.position, k.action, k.field, k.value, k.raw, k.note,
       k.created_at, k.status_at
FROM corrections k
WHERE k.status = 'unmatched'
ORDER BY k.commentary_url, k.id""",
    },
    "citations_with_problems": {
        "title": "Citations with problems",
        "description": "Placeholders, misspelled domains (with the likely fix), dates after access, missing URLs…",
        "sql": """SELECT c.commentary_url, c.footnote, c.position, c.problems, c.suggested_domain, c.raw
FROM citations c
WHERE c.problems != '[]'
ORDER BY c.commentary_url, c.footnote, c.position""",
    },
}


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for the archive database named `database` (its file's stem)."""
    return {
        "title": "AVİM commentaries and the sources they cite",
        "description": DESCRIPTION,
        "license": "Texts © AVİM and the cited publishers; kept for research and preservation",
        "license_url": "https://avim.org.tr",
        "source": "AVİM — Center for Eurasian Studies (avim.org.tr)",
        "source_url": "https://avim.org.tr",
        "databases": {database: {"tables": TABLES, "queries": QUERIES}},
    }


def write_metadata(database: Path, target: Path) -> Path:
    target.write_text(json.dumps(metadata(database.stem), ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def datasette_arguments(database: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """`datasette serve` for the archive: mutable (a run may be writing to it), read-only."""
    return ["serve", str(database), "--metadata", str(metadata_path), "--host", host,
            "--port", str(port), "--setting", "sql_time_limit_ms", "5000", "--setting", "default_page_size", "50"]


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str) -> None:
    """Datasette plugin hook: no connection to the archive can write. `_internal` is Datasette's
    own in-memory catalogue, which it must be able to write."""
    if database != "_internal":
        conn.execute("PRAGMA query_only = 1")


def run_datasette(arguments: list[str]) -> int:
    """Run Datasette (with this module as a plugin) as a child process until it exits; a signal
    sent to us is passed on to it, so that stopping `avimcrawl serve` (kill, a service manager)
    also stops the server and frees its port."""
    process = subprocess.Popen([sys.executable, "-m", "avimcrawl.serve", *arguments])

    def pass_on(signum: int, _frame: object) -> None:
        process.send_signal(signum)

    previous = {sig: signal.signal(sig, pass_on) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        return process.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def datasette_main(arguments: list[str]) -> None:
    """`datasette ARGUMENTS` with this module's hook registered: what `run_datasette` runs."""
    from datasette.cli import cli
    from datasette.plugins import pm

    pm.register(sys.modules[__name__], name="avimcrawl.serve")
    cli.main(args=arguments, prog_name="datasette")


if __name__ == "__main__":
    datasette_main(sys.argv[1:])

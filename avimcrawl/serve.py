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
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_fts, escape_sqlite, path_with_added_args, path_with_removed_args

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
        "facets": [{"year": "published"}, "lang", "detected_lang", "kind", "author"],
        "sort_desc": "published",
        "label_column": "title",
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
        "facets": [{"array": "problems"}, "match", "capture_match", "kind", "publisher"],
        # The order the footnotes were stored in: by commentary, then note and position (Datasette
        # sorts by one column; `id` is a hash).
        "sort": "rowid",
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
    "links": {
        "description": "One row per distinct cited URL: what it said, and whether it still works.",
        "facets": ["verdict", "last_outcome", "wall", "domain", "detected_lang"],
        "sort": "domain",
        "label_column": "title",
        "columns": {
            "verdict": "unknown, alive, dying, dead or blocked (after InternetArchiveBot's rules, with confirmation)",
            "wall": "The access wall the last check met (cloudflare, ddos_guard, sucuri, akamai, imperva, "
                    "datadome, perimeterx, captcha, javascript, cookies, paywall); empty when none",
            "last_outcome": "Outcome of the last check (ok, not_found, soft_404, gone_domain, timeout, …)",
            "dead_since": "For a dead link: the first failure of its final run of failures",
            "drift": "How far the text moved from the first text stored (0 same … 1 unrelated)",
            "changed": "1 when the text is no longer a near-duplicate of the first (simhash, 3 bits)",
            "capture_drift": "Drift of today's text against the Wayback capture the author could have seen",
            "wayback_url": "The Wayback capture closest to the day it was cited",
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
    "checks": {
        "description": "One row per check of a link: the evidence behind each verdict.",
        "facets": ["outcome", "wall", "http_status", {"date": "checked_at"}],
        "sort_desc": "checked_at",
        "columns": {"redirects": "JSON list of the URLs redirected from", "elapsed_ms": "Time waiting for answers",
                    "wall": "The access wall that answered instead of the page (the outcome is then blocked)",
                    "confirms": "1: the fresh request confirming the failed check before it; 0: an ordinary "
                                "check; empty: recorded before confirmations existed",
                    "outage_id": "The site-wide outage this check was part of (outages.id)"},
    },
    "outages": {
        "description": "Sites down: every link of the site checked in a run, and its home page, failed the same "
                       "way. One row per outage, from the first run that saw it to the first good answer after.",
        "facets": ["outcome", "domain"],
        "sort_desc": "last_seen_at",
        "columns": {"runs": "Runs that found the site down", "links": "Links of it checked in the last such run",
                    "ended_at": "The first good answer of a link of the site after it; empty while it is down",
                    "home_outcome": "What the site's home page answered"},
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
    "commentary_urls": {"description": "Every URL a commentary was seen at, mapped to its archive URL.",
                        "hidden": True},
    "runs": {"description": "The crawler's own log of its runs (stage, start, end, outcome).", "hidden": True},
    "_sqlite_migrations": {"description": "The schema's migrations (sqlite-migrate).", "hidden": True},
}
TABLES["commentary_pages"]["hidden"] = True

# Long texts: left out of the table pages (they fill a screen a row), still searched by `_search`,
# shown on each row's page and in the JSON. `?_col=text` shows one again.
LONG_COLUMNS: dict[str, tuple[str, ...]] = {
    "commentaries": ("text",), "links": ("text", "first_text"), "commentary_pages": ("html",),
}

QUERIES: dict[str, dict[str, str]] = {
    "dead_citations_by_commentary": {
        "title": "Dead and dying citations, by commentary",
        "description": "Every citation whose link is dead or dying, with the Wayback copy to use instead.",
        "sql": """SELECT m.number, c.footnote, c.position, l.verdict, c.link_url, l.wayback_url, c.raw,
       l.last_outcome, l.dead_since, m.title AS commentary, c.commentary_url
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
        "description": "Share of each domain's checks that failed (blocked excluded; a confirmation is not "
                       "counted apart from the check it confirms), worst first.",
        "sql": """SELECT l.domain, count(*) AS checks,
       sum(CASE WHEN k.outcome NOT IN ('ok', 'redirected', 'blocked') THEN 1 ELSE 0 END) AS failed,
       round(100.0 * sum(CASE WHEN k.outcome NOT IN ('ok', 'redirected', 'blocked') THEN 1 ELSE 0 END)
             / count(*), 1) AS percent_failed
FROM checks k
JOIN links l ON l.url = k.url
WHERE coalesce(k.confirms, 0) = 0
GROUP BY l.domain
HAVING checks > 0
ORDER BY percent_failed DESC, checks DESC, l.domain""",
    },
    "blocked_by_wall": {
        "title": "Blocked links, by wall",
        "description": "Which sites lock the crawler out, and how: the cited links whose last check was blocked, "
                       "by the access wall met (Cloudflare, Akamai, a captcha, a paywall…; empty: a refusal with no "
                       "wall recognised, or robots.txt), then by domain.",
        "sql": """SELECT coalesce(l.wall, '') AS wall, l.domain, count(*) AS links, group_concat(l.url, ' ') AS urls
FROM links l
WHERE l.last_outcome = 'blocked'
GROUP BY l.wall, l.domain
ORDER BY count(*) OVER (PARTITION BY l.wall) DESC, l.wall, links DESC, l.domain""",
    },
    "sites_down": {
        "title": "Sites down",
        "description": "Site-wide outages (every link of a site checked in a run, and its home page, failed alike): "
                       "one event for the site, not dead pages; those still down first.",
        "sql": """SELECT o.domain, o.outcome, o.http_status, o.started_at, o.last_seen_at, o.ended_at, o.runs, o.links,
       o.home_url, o.home_outcome
FROM outages o
ORDER BY o.ended_at IS NOT NULL, coalesce(o.ended_at, o.last_seen_at) DESC, o.domain""",
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
        "sql": """SELECT m.number, c.footnote, c.position, c.problems, c.suggested_domain, c.link_url, c.raw,
       c.commentary_url
FROM citations c
JOIN commentaries m ON m.url = c.commentary_url
WHERE c.problems != '[]'
ORDER BY c.commentary_url, c.footnote, c.position""",
    },
}


def _columns(table: str) -> list[str]:
    """The columns `table` has once every migration ran (as in any archive `serve` opens)."""
    import sqlite_utils

    from avimcrawl import store

    db = sqlite_utils.Database(memory=True)
    store.migrations.apply(db)
    return [column.name for column in db[table].columns]


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for the archive database named `database` (its file's stem)."""
    tables = {name: dict(table) for name, table in TABLES.items()}
    # Sorting by rowid (the order citations were stored: by commentary, in note order) must be
    # allowed by name, with every column still sortable.
    tables["citations"]["sortable_columns"] = ["rowid", *_columns("citations")]
    return {
        "title": "AVİM commentaries and the sources they cite",
        "description": DESCRIPTION,
        "license": "Texts © AVİM and the cited publishers; kept for research and preservation",
        "license_url": "https://avim.org.tr",
        "source": "AVİM — Center for Eurasian Studies (avim.org.tr)",
        "source_url": "https://avim.org.tr",
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }


# The front page: Datasette 0.65 lists a database's five biggest tables (by row count), so
# `checks` and `snapshots` came first and `commentaries` hid behind "…". This lists the tables
# researchers open, in TABLES' order (commentaries, citations, links first), each with its
# description, and the canned queries; above them datasette-search-all's box (a plugin from the
# registry: it searches every FTS table at once through each table's `_search`, so with
# `turkish_fts`), which its own front page template would have shown.
INDEX_TEMPLATE = """{% extends "default:index.html" %}
{% block content %}
<h1>{{ metadata.title or "Datasette" }}</h1>
{% if searchable_tables %}
<form class="core" action="{{ urls.path("/-/search") }}" method="get">
  <p><input type="search" name="q" value="" id="search-all-q"
       placeholder="Search commentaries and cited pages (Turkish letters optional)"> <input type="submit" value="Search"></p>
</form>
{% endif %}
{% include "_description_source_license.html" %}
{% for database in databases %}
<h2 style="padding-left: 10px; border-left: 10px solid #{{ database.color }}"><a href="{{ urls.database(database.name) }}">{{ database.name }}</a></h2>
<ul class="avim-tables">
{% for name, description in avim_tables %}  <li><a href="{{ urls.table(database.name, name) }}">{{ name }}</a>: {{ description }}</li>
{% endfor %}</ul>
<h3>Questions asked most</h3>
<ul class="avim-queries">
{% for name, title in avim_queries %}  <li><a href="{{ urls.table(database.name, name) }}">{{ title }}</a></li>
{% endfor %}</ul>
<p><a href="{{ urls.database(database.name) }}">Every table</a> (the internal ones too), and SQL.</p>
{% endfor %}
{% endblock %}
"""


class YearFacet(Facet):  # type: ignore[misc]
    """A facet on the year of an ISO date column (`{"year": "published"}` in the metadata): its
    values are the first four characters; choosing one filters `column__startswith=YYYY`.
    Datasette 0.65's date facet counts days. Never suggested: configured in the metadata only."""

    type = "year"

    async def suggest(self) -> list[dict[str, Any]]:
        return []

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            sql = (f"SELECT substr({escape_sqlite(column)}, 1, 4) AS value, count(*) AS count FROM ({self.sql}) "
                   f"WHERE {escape_sqlite(column)} GLOB '[0-9][0-9][0-9][0-9]*' "
                   f"GROUP BY value ORDER BY value DESC LIMIT {size + 1}")
            try:
                rows = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                             custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            key = f"{column}__startswith"
            for row in rows.rows[:size]:
                selected = str(args.get(key)) == row["value"]
                toggle = (path_with_removed_args(self.request, {key: row["value"]}) if selected
                          else path_with_added_args(self.request, {key: row["value"]}))
                values.append({"value": row["value"], "label": row["value"], "count": row["count"],
                               "toggle_url": self.ds.absolute_url(self.request, toggle), "selected": selected})
            results.append({"name": column, "type": self.type, "results": values, "hideable": source != "metadata",
                            "toggle_url": path_with_removed_args(self.request, {"_facet_year": column}),
                            "truncated": len(rows.rows) > size})
        return results, timed_out


@hookimpl
def register_facet_classes() -> list[type]:
    return [YearFacet]


@hookimpl
def extra_template_vars(template: str) -> dict[str, Any]:
    """What INDEX_TEMPLATE lists: the tables researchers open (not hidden), the canned queries."""
    if template != "index.html":
        return {}
    return {"avim_tables": [(name, table.get("description", "")) for name, table in TABLES.items()
                            if not table.get("hidden")],
            "avim_queries": [(name, query["title"]) for name, query in QUERIES.items()]}


def write_metadata(database: Path, target: Path) -> Path:
    """The metadata as `target`, and beside it templates/ (the front page) for `--template-dir`."""
    target.write_text(json.dumps(metadata(database.stem), ensure_ascii=False, indent=2), encoding="utf-8")
    templates = target.parent / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "index.html").write_text(INDEX_TEMPLATE, encoding="utf-8")
    return target


def datasette_arguments(database: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """`datasette serve` for the archive: mutable (a run may be writing to it), read-only."""
    return ["serve", str(database), "--metadata", str(metadata_path), "--host", host,
            "--port", str(port), "--setting", "sql_time_limit_ms", "5000", "--setting", "default_page_size", "50",
            "--template-dir", str(metadata_path.parent / "templates")]


def turkish_fts(query: str) -> str:
    """Datasette's `escape_fts` (each word a quoted phrase), where a word with i or ı also
    matches the other letter: `sirbistan` finds Sırbistan, `Isparta` finds Isparta and
    ısparta. The FTS tables' tokenizer (unicode61) already folds case, İ and accents (ş, ç, ğ,
    ö, ü, â…) on both sides; ı is a letter of its own to it, hence the alternatives."""
    phrases = []
    for phrase in escape_fts(query).split('" "'):
        phrase = phrase.strip('"')
        if not phrase:
            continue
        swaps = [i for i, c in enumerate(phrase) if c in "iıIİ"]
        if not swaps or len(swaps) > 6:  # 2**6 alternatives at most
            phrases.append(f'"{phrase}"')
            continue
        variants = []
        for mask in range(2 ** len(swaps)):
            letters = list(phrase)
            for bit, at in enumerate(swaps):
                letters[at] = "ı" if mask >> bit & 1 else "i"
            variants.append('"' + "".join(letters) + '"')
        phrases.append("(" + " OR ".join(variants) + ")")
    return " AND ".join(phrases)


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection, database: str) -> None:
    """Datasette plugin hook: no connection to the archive can write. `_internal` is Datasette's
    own in-memory catalogue, which it must be able to write. Runs last, so that its
    `escape_fts` (every `_search`) replaces Datasette's with `turkish_fts`."""
    if database != "_internal":
        conn.execute("PRAGMA query_only = 1")
        conn.create_function("escape_fts", 1, turkish_fts)


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Table pages (HTML) leave the long texts out (LONG_COLUMNS) unless `_col`/`_nocol` says
    which columns to show; the JSON and each row's page keep them."""
    from urllib.parse import parse_qsl, urlencode

    del datasette

    def wrap(app: Any) -> Any:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                parts = scope.get("path", "").strip("/").split("/")
                raw = scope.get("query_string", b"")
                query = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
                if (len(parts) == 2 and parts[1] in LONG_COLUMNS
                        and not any(key in ("_col", "_nocol") for key, _ in query)):
                    extra = urlencode([("_nocol", column) for column in LONG_COLUMNS[parts[1]]]).encode()
                    scope = dict(scope, query_string=raw + b"&" + extra if raw else extra)
            await app(scope, receive, send)
        return wrapped
    return wrap


def run_datasette(arguments: list[str]) -> int:
    """Run Datasette (with this module as a plugin) as a child process until it exits; a signal
    sent to us is passed on to it, so that stopping `avimcrawl serve` (kill, a service manager)
    also stops the server and frees its port. Once Datasette listens, the archive's own address
    (http://host:port/<database>, the port chosen by the system for --port 0) is printed."""
    process = subprocess.Popen([sys.executable, "-m", "avimcrawl.serve", *arguments],
                               stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    database = Path(arguments[arguments.index("serve") + 1]).stem if "serve" in arguments else ""

    def pass_through() -> None:
        """Datasette's (uvicorn's) log goes on to our stderr; its address line is announced."""
        assert process.stderr is not None
        for line in process.stderr:
            sys.stderr.write(line)
            sys.stderr.flush()
            if match := re.search(r"Uvicorn running on (http://\S+)", line):
                print(f"Serving the archive at {match.group(1).rstrip('/')}/{database}", flush=True)

    threading.Thread(target=pass_through, daemon=True).start()

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

    import datasette.handle_exception  # after datasette.plugins, which registers it as a plugin

    # Datasette 0.65 prints every error page's exception with `rich` when it is importable (it
    # comes with `wacz`), outside an `except:` block, where rich raises: each 404 became a 500.
    # Without rich it prints the traceback of real errors only, as it always did.
    datasette.handle_exception.rich = None
    pm.register(sys.modules[__name__], name="avimcrawl.serve")
    cli.main(args=arguments, prog_name="datasette")


if __name__ == "__main__":
    datasette_main(sys.argv[1:])

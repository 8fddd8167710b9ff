"""The archive database: schema (by migrations), writes, and the queries the crawler needs.

Researchers query these tables directly (README, "The database"), so the schema is a
contract: columns are added by new migrations, never renamed or dropped.
Imports nothing else of avimcrawl but the record types it stores.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from pathlib import Path
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

import sqlite_utils
from sqlite_utils import Migrations

from avimcrawl.linkhealth import CheckRecord
from avimcrawl.urls import host_of

if TYPE_CHECKING:
    from avimcrawl.citations import Citation
    from avimcrawl.commentary import Commentary
    from avimcrawl.corrections import Corrected, Correction
    from avimcrawl.items import SourceItem
    from avimcrawl.verify import Match

migrations = Migrations("avimcrawl")


class StoreError(Exception):
    """The database cannot be opened or written; the message says what to fix."""


@migrations()
def m001_commentaries_citations_links(db: sqlite_utils.Database) -> None:
    db["commentaries"].create(  # type: ignore[union-attr]
        {"url": str, "site": str, "lang": str, "kind": str, "number": str, "title": str,
         "author": str, "published": str, "text": str, "detected_lang": str,
         "translation_url": str, "truncated": int, "first_seen": str, "last_crawled": str},
        pk="url",
    )
    db["commentary_urls"].create(  # type: ignore[union-attr]
        {"url": str, "commentary_url": str, "key": str, "first_seen": str},
        pk="url", foreign_keys=[("commentary_url", "commentaries", "url")],
    )
    db["citations"].create(  # type: ignore[union-attr]
        {"id": str, "commentary_url": str, "footnote": int, "position": int, "raw": str,
         "url": str, "link_url": str, "authors": str, "title": str, "publisher": str,
         "published": str, "accessed": str, "problems": str, "suggested_domain": str},
        pk="id", foreign_keys=[("commentary_url", "commentaries", "url")],
    )
    db["links"].create(  # type: ignore[union-attr]
        {"url": str, "domain": str, "verdict": str, "last_outcome": str, "http_status": int,
         "final_url": str, "first_checked": str, "last_checked": str, "dead_since": str,
         "title": str, "author": str, "published": str, "detected_lang": str, "text": str,
         "content_type": str, "drift": float, "wayback_url": str, "wayback_timestamp": str},
        pk="url", defaults={"verdict": "unknown"},
    )
    db["failures"].create(  # type: ignore[union-attr]
        {"url": str, "page": str, "http_status": int, "error": str, "attempts": int,
         "first_failed": str, "last_failed": str},
        pk="url",
    )
    db["commentary_urls"].create_index(["key"])  # type: ignore[union-attr]
    db["citations"].create_index(["commentary_url"])  # type: ignore[union-attr]
    db["citations"].create_index(["link_url"])  # type: ignore[union-attr]
    db["commentaries"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")  # type: ignore[union-attr]


@migrations()
def m002_checks_warc_language(db: sqlite_utils.Database) -> None:
    db["checks"].create(  # type: ignore[union-attr]
        {"id": int, "url": str, "checked_at": str, "outcome": str, "http_status": int,
         "final_url": str, "error": str, "elapsed_ms": int, "redirects": str,
         "warc_file": str, "warc_offset": int},
        pk="id", foreign_keys=[("url", "links", "url")],
    )
    db["checks"].create_index(["url", "checked_at"])  # type: ignore[union-attr]
    for column, kind in (("detected_lang_prob", float), ("site_name", str), ("size", int),
                         ("truncated", int), ("extraction_error", str), ("warc_file", str),
                         ("warc_offset", int)):
        db["links"].add_column(column, kind)  # type: ignore[union-attr]
    for column, kind in (("detected_lang_prob", float), ("warc_file", str), ("warc_offset", int)):
        db["commentaries"].add_column(column, kind)  # type: ignore[union-attr]
    db["links"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")  # type: ignore[union-attr]


@migrations()
def m003_link_health(db: sqlite_utils.Database) -> None:
    for column, kind in (("etag", str), ("last_modified", str), ("first_text", str), ("changed", int)):
        db["links"].add_column(column, kind)  # type: ignore[union-attr]
    db.execute("UPDATE links SET first_text = text WHERE text IS NOT NULL")
    db["links"].create_index(["verdict", "last_checked"])  # type: ignore[union-attr]


@migrations()
def m004_snapshots(db: sqlite_utils.Database) -> None:
    db["snapshots"].create(  # type: ignore[union-attr]
        {"url": str, "kind": str, "status": str, "timestamp": str, "archive_url": str, "method": str,
         "job_id": str, "error": str, "submitted_at": str, "updated_at": str},
        pk="url",
    )
    db["snapshots"].create_index(["status"])  # type: ignore[union-attr]
    db["links"].add_column("capture_drift", float)  # type: ignore[union-attr]
    for column in ("wayback_url", "wayback_timestamp"):
        db["commentaries"].add_column(column, str)  # type: ignore[union-attr]


@migrations()
def m005_runs(db: sqlite_utils.Database) -> None:
    db["runs"].create(  # type: ignore[union-attr]
        {"id": int, "stage": str, "started_at": str, "finished_at": str, "outcome": str}, pk="id")


@migrations()
def m006_body_digest_and_quiet_fts(db: sqlite_utils.Database) -> None:
    # sqlite-utils' FTS triggers re-index a row's whole text on every UPDATE, and a check
    # updates its link every time; re-index only when the title or text really changed.
    for table in ("links", "commentaries"):
        db.execute(f'DROP TRIGGER IF EXISTS "{table}_au"')
        db.execute(f'''CREATE TRIGGER "{table}_au" AFTER UPDATE OF "title", "text" ON "{table}"
            WHEN old."title" IS NOT new."title" OR old."text" IS NOT new."text" BEGIN
              INSERT INTO "{table}_fts" ("{table}_fts", rowid, "title", "text")
                VALUES('delete', old.rowid, old."title", old."text");
              INSERT INTO "{table}_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");
            END''')
    db["links"].add_column("body_sha1", str)  # type: ignore[union-attr]


@migrations()
def m007_review_corrections_pages(db: sqlite_utils.Database) -> None:
    for column, kind in (("kind", str), ("repeats", int), ("confidence", float), ("guessed", str)):
        db["citations"].add_column(column, kind)  # type: ignore[union-attr]
    for column in ("corrected", "reviewed"):
        db["citations"].add_column(column, int, not_null_default=0)  # type: ignore[union-attr]
    db["corrections"].create(  # type: ignore[union-attr]
        {"id": int, "commentary_url": str, "footnote": int, "position": int, "action": str, "field": str,
         "value": str, "raw": str, "note": str, "created_at": str, "status": str, "status_at": str},
        pk="id", foreign_keys=[("commentary_url", "commentaries", "url")],
    )
    db["corrections"].create_index(["commentary_url", "id"])  # type: ignore[union-attr]
    db["commentary_pages"].create(  # type: ignore[union-attr]
        {"url": str, "fetched_url": str, "html": str, "listing_date": str, "source": str, "fetched_at": str},
        pk="url", foreign_keys=[("url", "commentaries", "url")],
    )


@migrations()
def m008_skipped_snapshots(db: sqlite_utils.Database) -> None:
    # `failed` meant two things: Save Page Now refused, and "nothing was ever submitted: no
    # capture, and the page was not worth saving". The second is `skipped` now. Literals, not
    # SnapshotStatus: a migration does what it did when it was written.
    db.execute("UPDATE snapshots SET status = 'skipped' WHERE status = 'failed' AND error = ?",
               ["no capture, and the page is not worth saving"])


@migrations()
def m009_failure_retry_schedule(db: sqlite_utils.Database) -> None:
    # When a failed page is due again, and when the crawler gave up on it (failures.py).
    # Rows made before: due at the next run, never given up (yet).
    for column in ("next_retry", "gave_up"):
        db["failures"].add_column(column, str)  # type: ignore[union-attr]


@migrations()
def m010_citation_match(db: sqlite_utils.Database) -> None:
    # Does the page still say what was cited (verify.py)? Per citation: the verdict on the
    # link's page (same|close|absent|parked|unknown; NULL until a fetch gave a page), its
    # score, the page title it saw and when; the same for the Wayback capture nearest the
    # access date. Archives made before: NULL until the next check and archive run.
    for column, kind in (("match", str), ("match_score", float), ("match_title", str), ("matched_at", str),
                         ("capture_match", str), ("capture_match_score", float), ("capture_match_title", str)):
        db["citations"].add_column(column, kind)  # type: ignore[union-attr]


@migrations()
def m011_suggested_urls(db: sqlite_utils.Database) -> None:
    # Where a dead or misspelled citation's page is now (leads.py, spider `leads`): the URL
    # proposed, how it was found (a `SuggestedHow`), the evidence (JSON) and when the search
    # last ran; `suggested_url` NULL with `suggested_at` set: searched, nothing proven.
    for column in ("suggested_url", "suggested_how", "suggested_evidence", "suggested_at"):
        db["citations"].add_column(column, str)  # type: ignore[union-attr]


@migrations()
def m012_other_archives(db: sqlite_utils.Database) -> None:
    # The copy another web archive holds (found through Memento TimeTravel) of a page the
    # Wayback Machine has no capture of, beside the Wayback columns; on the queue, whether
    # TimeTravel is still to be asked. Pages of older archives already known to have no
    # capture (skipped, or failed without one) are due. Literals, as in m008.
    for table in ("links", "commentaries"):
        for column in ("other_archive", "other_archive_url", "other_archive_timestamp"):
            db[table].add_column(column, str)  # type: ignore[union-attr]
    db["snapshots"].add_column("other_archive_lookup", str)  # type: ignore[union-attr]
    db.execute("""UPDATE snapshots SET other_archive_lookup = 'due'
                  WHERE status IN ('skipped', 'failed')
                    AND url NOT IN (SELECT url FROM links WHERE wayback_url IS NOT NULL
                                    UNION SELECT url FROM commentaries WHERE wayback_url IS NOT NULL)""")


def now() -> str:
    """The current UTC time as stored: ISO 8601 to the second, with a Z."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_db(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """Open (creating it and its folder if need be) and migrate the archive database.

    Made to share the file with readers (`avimcrawl serve`, a researcher's sqlite3): WAL
    mode, so readers never block the writer nor see half a transaction; a busy timeout of 30
    seconds, so a moment when another connection holds a lock (another writer's transaction,
    a reader recovering the log as it opens the database) makes a write wait instead of
    failing with "database is locked"; and an automatic checkpoint every 1,000 pages of log
    (SQLite's default, set explicitly), so the log stays small and readers cheap.
    `checkpoint` does the same at the end of a run."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(target, timeout=30)  # the busy timeout, in seconds
        db = sqlite_utils.Database(conn)
        db.enable_wal()
        # In WAL mode NORMAL cannot corrupt the database and keeps every transaction a killed
        # process committed; only a power cut may lose the last ones (the next run redoes
        # them). FULL would wait for the disk after every link.
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA wal_autocheckpoint=1000")  # pages (of 4 KiB): about 4 MB of log
        migrations.apply(db)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"cannot open database {target}: {error}") from error
    if not os.access(target, os.W_OK):
        raise StoreError(f"cannot write database {target}: permission denied")
    return db


def checkpoint(db: sqlite_utils.Database) -> tuple[int, int, int] | None:
    """Copy the write-ahead log back into the database file as far as readers allow, without
    waiting for any of them (PRAGMA wal_checkpoint(PASSIVE)); for the end of a run, so that
    readers left running (`avimcrawl serve`) do not search a long log. SQLite's answer:
    (1 if a lock stopped it, pages in the log, pages copied); None if it could not run at
    all, which costs nothing but a longer log until the next checkpoint."""
    try:
        busy, log, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error:
        return None
    return busy, log, copied


def citation_id(commentary_url: str, footnote: int, position: int) -> str:
    """Stable across runs: the same footnote of the same commentary keeps its id."""
    digest = hashlib.sha1(f"{commentary_url}\n{footnote}\n{position}".encode()).hexdigest()
    return digest[:16]


@dataclass(frozen=True)
class Saved:
    url: str
    """The commentary's URL in the archive (the first host it was stored from)."""
    new: bool
    citations: int
    unmatched: tuple[Correction, ...] = ()
    """Corrections of this commentary that no longer find their citation."""


Amend = Callable[[str, "list[Citation]"], "Corrected"]
"""Applies the stored corrections of a commentary (its archive URL) to freshly parsed citations."""


def save_commentary(db: sqlite_utils.Database, page: Commentary, key: str, fetched_url: str,
                    at: str | None = None, html: str | None = None, listing_date: str | None = None,
                    amend: Amend | None = None) -> Saved:
    """Store a commentary, its page as fetched, its citations (corrected by `amend`) and their
    links in one transaction."""
    stamp = at or now()
    with db.atomic():
        url = _canonical_url(db, page, key) or page.url
        existing = db["commentaries"].count_where("url = ?", [url])  # type: ignore[union-attr]
        row = _commentary_row(page, url, stamp)
        if existing:
            db["commentaries"].update(url, {k: v for k, v in row.items() if k != "first_seen"})  # type: ignore[union-attr]
        else:
            db["commentaries"].insert(row)  # type: ignore[union-attr]
        for seen in {page.url, fetched_url}:
            db["commentary_urls"].insert(  # type: ignore[union-attr]
                {"url": seen, "commentary_url": url, "key": key, "first_seen": stamp}, ignore=True)
        if html is not None:
            save_page(db, url, page.url, html, stamp, PageSource.CRAWL, listing_date)
        saved = store_citations(db, url, page.citations, amend, stamp)
        db["failures"].delete_where("url IN (?, ?)", [fetched_url, page.url])  # type: ignore[union-attr]
    return Saved(url, not existing, saved.stored, saved.unmatched)


def _canonical_url(db: sqlite_utils.Database, page: Commentary, key: str) -> str | None:
    """The archive's URL for a commentary already stored under another host or slug."""
    for row in db.query("SELECT commentary_url FROM commentary_urls WHERE key = ? OR url = ? LIMIT 1", [key, page.url]):
        return str(row["commentary_url"])
    if page.number and page.title:
        for row in db.query(
            "SELECT url, title FROM commentaries WHERE lang IS ? AND kind IS ? AND number = ?",
            [page.lang, page.kind, page.number],
        ):
            if _fold_title(row["title"]) == _fold_title(page.title):
                return str(row["url"])
    return None


def _fold_title(title: str | None) -> str:
    return "".join(ch for ch in (title or "").casefold() if ch.isalnum())


def _commentary_row(page: Commentary, url: str, stamp: str) -> dict[str, Any]:
    return {
        "url": url, "site": host_of(url), "lang": page.lang, "kind": page.kind, "number": page.number,
        "title": page.title, "author": page.author, "published": page.published, "text": page.text,
        "translation_url": page.translation_url, "truncated": int(page.truncated),
        "detected_lang": page.detected_lang, "detected_lang_prob": page.detected_lang_prob,
        "warc_file": page.warc_file, "warc_offset": page.warc_offset,
        "first_seen": stamp, "last_crawled": stamp,
    }


@dataclass(frozen=True)
class StoredCitations:
    stored: int
    unmatched: tuple[Correction, ...]


def store_citations(db: sqlite_utils.Database, commentary_url: str, citations: list[Citation],
                    amend: Amend | None, at: str) -> StoredCitations:
    """Replace a commentary's citations with `citations` after its corrections (`amend`), and
    record which corrections found their citation. Links no longer cited are kept."""
    with db.atomic():
        if amend is None:
            rows = [_citation_row(commentary_url, c) for c in citations]
            _replace_citation_rows(db, commentary_url, rows)
            return StoredCitations(len(rows), ())
        corrected = amend(commentary_url, citations)
        write_corrected(db, commentary_url, corrected, at)
    return StoredCitations(len(corrected.entries), tuple(corrected.unmatched))


def write_corrected(db: sqlite_utils.Database, commentary_url: str, corrected: Corrected, at: str) -> None:
    """Store a commentary's citations as corrected, and each correction's status."""
    with db.atomic():
        rows = [_citation_row(commentary_url, e.citation, e.corrected, e.reviewed) for e in corrected.entries]
        _replace_citation_rows(db, commentary_url, rows)
        _record_correction_status(db, corrected, at)


def _replace_citation_rows(db: sqlite_utils.Database, commentary_url: str, rows: list[dict[str, Any]]) -> None:
    ids = [row["id"] for row in rows]
    placeholders = ", ".join("?" for _ in ids) or "NULL"
    db.execute(f"DELETE FROM citations WHERE commentary_url = ? AND id NOT IN ({placeholders})", [commentary_url, *ids])
    if rows:
        db["citations"].upsert_all(rows, pk="id")  # type: ignore[union-attr]
    links = [{"url": row["link_url"], "domain": host_of(row["link_url"]), "verdict": "unknown"}
             for row in rows if row["link_url"]]
    if links:
        db["links"].insert_all(links, pk="url", ignore=True)  # type: ignore[union-attr]


def _citation_row(commentary_url: str, c: Citation, corrected: bool = False, reviewed: bool = False) -> dict[str, Any]:
    return {
        "id": citation_id(commentary_url, c.footnote, c.position), "commentary_url": commentary_url,
        "footnote": c.footnote, "position": c.position, "raw": c.raw, "url": c.url,
        "link_url": c.link_url, "authors": c.authors, "title": c.title, "publisher": c.publisher,
        "published": c.published, "accessed": c.accessed, "problems": json.dumps(c.problems),
        "suggested_domain": c.suggested_domain, "kind": c.kind, "repeats": c.repeats,
        "confidence": c.confidence, "guessed": json.dumps(c.guessed),
        "corrected": int(corrected), "reviewed": int(reviewed),
    }


CITATION_FIELDS = ("footnote", "position", "raw", "url", "link_url", "authors", "title", "publisher", "published",
                   "accessed", "problems", "suggested_domain", "kind", "repeats", "confidence", "guessed",
                   "corrected", "reviewed")
"""The stored columns of a citation that parsing and correcting decide (all but its ids)."""


def stored_citations(db: sqlite_utils.Database, commentary_url: str) -> list[dict[str, Any]]:
    """A commentary's citation rows, in note order (problems and guessed still JSON text)."""
    columns = ", ".join(("id", *CITATION_FIELDS))
    return list(db.query(f"SELECT {columns} FROM citations WHERE commentary_url = ? ORDER BY footnote, position",
                         [commentary_url]))


# -------------------------------------------------------------------- corrections


class CorrectionStatus:
    APPLIED = "applied"
    """The correction found its citation the last time the commentary was parsed."""
    UNMATCHED = "unmatched"
    """Its citation no longer exists: the page, or the parser, changed."""


def corrections_of(db: sqlite_utils.Database, commentary_url: str) -> list[dict[str, Any]]:
    """A commentary's corrections as stored, in the order they were made."""
    return list(db.query("SELECT * FROM corrections WHERE commentary_url = ? ORDER BY id", [commentary_url]))


def add_correction(db: sqlite_utils.Database, commentary_url: str, correction: Correction, at: str) -> int:
    with db.atomic():
        return int(db["corrections"].insert({  # type: ignore[union-attr]
            "commentary_url": commentary_url, "footnote": correction.footnote, "position": correction.position,
            "action": correction.action.value, "field": correction.field.value if correction.field else None,
            "value": correction.value, "raw": correction.raw, "note": correction.note, "created_at": at,
            "status": CorrectionStatus.APPLIED, "status_at": at}).last_pk)


def _record_correction_status(db: sqlite_utils.Database, corrected: Corrected, at: str) -> None:
    """Each correction's status, changed (and dated) only when it changes."""
    for status, corrections in ((CorrectionStatus.APPLIED, corrected.applied),
                                (CorrectionStatus.UNMATCHED, corrected.unmatched)):
        ids = [c.id for c in corrections if c.id is not None]
        if ids:
            db.execute(f"""UPDATE corrections SET status = ?, status_at = ?
                           WHERE id IN ({", ".join("?" for _ in ids)}) AND status IS NOT ?""",
                       [status, at, *ids, status])


def unmatched_corrections(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM corrections WHERE status = ? ORDER BY commentary_url, id",
                         [CorrectionStatus.UNMATCHED]))


# ---------------------------------------------------------------------- page HTML


class PageSource:
    CRAWL = "crawl"
    """Stored by the crawl that fetched the page."""
    WARC = "warc"
    """Read back from the WARC record of an earlier crawl (by `reparse`)."""


def save_page(db: sqlite_utils.Database, commentary_url: str, fetched_url: str, html: str, at: str,
              source: str, listing_date: str | None = None) -> None:
    """Keep a commentary page's HTML, so its citations can be parsed again without fetching it."""
    with db.atomic():
        db["commentary_pages"].upsert({  # type: ignore[union-attr]
            "url": commentary_url, "fetched_url": fetched_url, "html": html, "source": source,
            "fetched_at": at, "listing_date": listing_date}, pk="url")


@dataclass(frozen=True)
class StoredPage:
    """What re-parsing a stored commentary needs: its page (or where the WARC record is) and the
    fields a re-parse may keep."""

    url: str
    fetched_url: str | None
    html: str | None
    listing_date: str | None
    warc_file: str | None
    warc_offset: int | None
    fields: dict[str, Any]


COMMENTARY_FIELDS = ("number", "title", "author", "published", "text", "translation_url", "truncated",
                     "detected_lang", "detected_lang_prob")
"""The columns of a commentary that parsing its page decides."""


def stored_pages(db: sqlite_utils.Database) -> list[str]:
    """The URL of every stored commentary, in order."""
    return [row["url"] for row in db.query("SELECT url FROM commentaries ORDER BY url")]


def stored_page(db: sqlite_utils.Database, url: str) -> StoredPage:
    columns = ", ".join(f"m.{c}" for c in COMMENTARY_FIELDS)
    for row in db.query(f"""SELECT m.url, m.warc_file, m.warc_offset, p.fetched_url, p.html, p.listing_date, {columns}
                            FROM commentaries m LEFT JOIN commentary_pages p ON p.url = m.url WHERE m.url = ?""",
                        [url]):
        return StoredPage(row["url"], row["fetched_url"], row["html"], row["listing_date"], row["warc_file"],
                          row["warc_offset"], {c: row[c] for c in COMMENTARY_FIELDS})
    raise StoreError(f"{url} is not a commentary in the archive")


def update_commentary(db: sqlite_utils.Database, url: str, fields: dict[str, Any]) -> None:
    if fields:
        with db.atomic():
            db["commentaries"].update(url, fields)  # type: ignore[union-attr]


def commentary_url_for(db: sqlite_utils.Database, url: str) -> str | None:
    """The archive's URL of a commentary given by any URL it was seen at (None if not stored)."""
    for row in db.query("""SELECT url FROM commentaries WHERE url = ?
                           UNION ALL SELECT commentary_url FROM commentary_urls WHERE url = ? LIMIT 1""", [url, url]):
        return str(row["url"])
    return None


@dataclass(frozen=True)
class FailingPage:
    """A row of `failures`: a page that could not be crawled, and when it is tried again."""

    url: str
    page: str
    """`listing` or `commentary`."""
    http_status: int | None
    error: str | None
    attempts: int
    """Runs that tried the page and failed (Scrapy's retries within a run are one attempt)."""
    first_failed: str | None
    last_failed: str | None
    next_retry: str | None
    """When a later run may try it again; None: the next run."""
    gave_up: str | None
    """When the crawler gave up on it (no later run tries it); None while it still tries."""

    def due(self, at: str) -> bool:
        """Whether a run at `at` tries the page again (its start pages aside: always fetched)."""
        return self.gave_up is None and (self.next_retry is None or self.next_retry <= at)


Schedule = Callable[[int, str], tuple[str | None, bool]]
"""After a page's n-th failed attempt at a time: when it is due again, and whether to give up
on it (failures.RetryPolicy.schedule)."""


def record_failure(db: sqlite_utils.Database, url: str, page: str, http_status: int | None, error: str,
                   at: str | None = None, schedule: Schedule | None = None) -> FailingPage:
    """Remember a page that could not be crawled, and when a later run tries it again
    (`schedule`; without one, the next run). A page given up on stays given up (since then)."""
    stamp = at or now()
    with db.atomic():
        before = failing_page(db, url)
        attempts = (before.attempts if before else 0) + 1
        next_retry, give_up = schedule(attempts, stamp) if schedule else (None, False)
        gave_up = (before.gave_up if before else None) or (stamp if give_up else None)
        db.execute(
            """INSERT INTO failures (url, page, http_status, error, attempts, first_failed, last_failed,
                                     next_retry, gave_up)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET http_status = excluded.http_status, error = excluded.error,
                 attempts = excluded.attempts, last_failed = excluded.last_failed,
                 next_retry = excluded.next_retry, gave_up = excluded.gave_up""",
            [url, page, http_status, error, attempts, stamp, stamp, None if gave_up else next_retry, gave_up],
        )
        recorded = failing_page(db, url)
    assert recorded is not None
    return recorded


def forget_failure(db: sqlite_utils.Database, url: str) -> bool:
    """Remove a page from `failures` (crawled at last, or dropped by hand); whether it was there."""
    with db.atomic():
        return bool(db.execute("DELETE FROM failures WHERE url = ?", [url]).rowcount)


def retry_failure(db: sqlite_utils.Database, url: str) -> bool:
    """Make a failing page due at the next run, even one given up; whether it was there. Its
    attempts still count: past the give-up limit, one more failure gives it up again."""
    with db.atomic():
        return bool(db.execute("UPDATE failures SET next_retry = NULL, gave_up = NULL WHERE url = ?", [url]).rowcount)


def failing_page(db: sqlite_utils.Database, url: str) -> FailingPage | None:
    for row in db.query("SELECT * FROM failures WHERE url = ?", [url]):
        return _failing_page(row)
    return None


def failing_pages(db: sqlite_utils.Database) -> list[FailingPage]:
    """Every page in `failures`, the oldest failure first."""
    return [_failing_page(row) for row in db.query("SELECT * FROM failures ORDER BY first_failed, url")]


def _failing_page(row: dict[str, Any]) -> FailingPage:
    return FailingPage(row["url"], row["page"], row["http_status"], row["error"], row["attempts"] or 0,
                       row["first_failed"], row["last_failed"], row["next_retry"], row["gave_up"])


def pending_failures(db: sqlite_utils.Database, at: str | None = None) -> list[tuple[str, str]]:
    """(url, page kind) of every page that failed, has not been crawled since and is not given
    up: those due at `at`, or all of them."""
    return [(p.url, p.page) for p in failing_pages(db) if p.gave_up is None and (at is None or p.due(at))]


def known_commentary_keys(db: sqlite_utils.Database) -> set[str]:
    """The mirror-independent keys of every commentary already stored."""
    return {row["key"] for row in db.query("SELECT DISTINCT key FROM commentary_urls")}


def cited_domains(db: sqlite_utils.Database, at_least: int = 3) -> list[str]:
    """Domains cited at least `at_least` times: trusted when judging misspelled domains."""
    return [row["domain"] for row in db.query(
        "SELECT l.domain FROM citations c JOIN links l ON l.url = c.link_url "
        "WHERE l.domain IS NOT NULL GROUP BY l.domain HAVING count(*) >= ?", [at_least])]


def unfetched_links(db: sqlite_utils.Database) -> list[str]:
    """Cited URLs never fetched yet, grouped by domain."""
    return [row["url"] for row in db.query(
        "SELECT url FROM links WHERE last_checked IS NULL ORDER BY domain, url")]


def all_links(db: sqlite_utils.Database) -> list[str]:
    return [row["url"] for row in db.query("SELECT url FROM links ORDER BY domain, url")]


def due_links(db: sqlite_utils.Database, at: str, recheck_days: dict[str, float]) -> list[str]:
    """Links never checked, or last checked longer ago than their verdict's interval."""
    verdicts = sorted(recheck_days)
    intervals = " ".join(f"WHEN '{v}' THEN {float(recheck_days[v])}" for v in verdicts if v.isidentifier())
    return [row["url"] for row in db.query(
        f"""SELECT url FROM links
            WHERE last_checked IS NULL
               OR julianday(?) - julianday(last_checked) >= CASE verdict {intervals} ELSE 0 END
            ORDER BY domain, url""", [at])]


@dataclass(frozen=True)
class Validators:
    """What a re-check needs to tell "unchanged since the last check": the validators for a
    conditional request, and the digest and final URL of the last body judged alive."""

    etag: str | None
    last_modified: str | None
    body_sha1: str | None = None
    final_url: str | None = None


def validators(db: sqlite_utils.Database, urls: list[str]) -> dict[str, Validators]:
    wanted = set(urls)
    return {row["url"]: Validators(row["etag"], row["last_modified"], row["body_sha1"], row["final_url"])
            for row in db.query("""SELECT url, etag, last_modified, body_sha1, final_url FROM links
                                   WHERE etag IS NOT NULL OR last_modified IS NOT NULL OR body_sha1 IS NOT NULL""")
            if row["url"] in wanted}


@dataclass(frozen=True)
class StoredText:
    """What a link's row says of its page: the text and language of the last fetch, and the first text."""

    text: str | None
    detected_lang: str | None
    detected_lang_prob: float | None
    first_text: str | None


def stored_text(db: sqlite_utils.Database, url: str) -> StoredText | None:
    for row in db.query("SELECT text, detected_lang, detected_lang_prob, first_text FROM links WHERE url = ?", [url]):
        return StoredText(row["text"], row["detected_lang"], row["detected_lang_prob"], row["first_text"])
    return None


_HISTORY = "SELECT url, checked_at, outcome, confirms, outage_id FROM checks"


def check_history(db: sqlite_utils.Database, url: str) -> list[CheckRecord]:
    """Every check of a link, oldest first, as the verdict reads it."""
    return [_check_record(row) for row in db.query(f"{_HISTORY} WHERE url = ? ORDER BY checked_at, id", [url])]


_HISTORY_BATCH = 500
"""URLs a history query names at once (SQLite allows 32,766 parameters; the (url, checked_at)
index serves each)."""


def check_histories(db: sqlite_utils.Database, urls: Collection[str]) -> dict[str, list[CheckRecord]]:
    """The check history of each of these links (those never checked have none)."""
    wanted = sorted(set(urls))
    histories: dict[str, list[CheckRecord]] = {}
    for start in range(0, len(wanted), _HISTORY_BATCH):
        batch = wanted[start:start + _HISTORY_BATCH]
        marks = ", ".join("?" for _ in batch)
        for row in db.query(f"{_HISTORY} WHERE url IN ({marks}) ORDER BY url, checked_at, id", batch):
            histories.setdefault(row["url"], []).append(_check_record(row))
    return histories


def _check_record(row: dict[str, Any]) -> CheckRecord:
    confirms = None if row["confirms"] is None else bool(row["confirms"])
    return CheckRecord(row["checked_at"], row["outcome"], confirms, outage=row["outage_id"] is not None)


Judge = Callable[[list[CheckRecord]], tuple[str, str | None]]
"""A link's (verdict, dead_since) from its check history."""


def save_source(db: sqlite_utils.Database, item: SourceItem, at: str | None = None,
                judge: Judge | None = None) -> None:
    """Record one check of a cited URL: a `checks` row, what the page said, and the verdict
    that the link's whole history now supports (`judge`), all in one transaction.

    Plain SQL: this runs once per link of every check, the archive's hottest write."""
    check = item.check
    stamp = at or now()
    update: dict[str, Any] = {
        "last_outcome": check.outcome.value, "http_status": check.http_status,
        "final_url": check.final_url, "last_checked": stamp, "wall": check.wall,
    }
    if item.content is not None:
        update.update(_content_columns(item))
    with db.atomic():
        db.execute(
            """INSERT INTO checks (url, checked_at, outcome, http_status, final_url, error, elapsed_ms,
                                   redirects, warc_file, warc_offset, wall, confirms)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [check.url, stamp, check.outcome.value, check.http_status, check.final_url, check.error,
             check.elapsed_ms, json.dumps(check.redirects), item.warc_file, item.warc_offset, check.wall,
             int(check.confirms)])
        if judge is not None:
            update["verdict"], update["dead_since"] = judge(check_history(db, check.url))
        assignments = ", ".join(f"{column} = ?" for column in update)
        first_text = item.content.text if item.content else None
        updated = db.execute(
            f"""UPDATE links SET {assignments}, first_checked = coalesce(first_checked, ?),
                                 first_text = coalesce(first_text, ?)
                WHERE url = ?""",
            [*update.values(), stamp, first_text, check.url]).rowcount
        if updated != 1:
            raise StoreError(f"{check.url} is not a cited link: its check is not recorded")


def _content_columns(item: SourceItem) -> dict[str, Any]:
    content = item.content
    assert content is not None
    return {
        "title": content.title, "author": content.author, "published": content.published,
        "site_name": content.site_name, "text": content.text, "extraction_error": content.error,
        "content_type": item.content_type, "size": item.size, "truncated": int(item.truncated),
        "detected_lang": item.language.code if item.language else None,
        "detected_lang_prob": item.language.probability if item.language else None,
        "warc_file": item.warc_file, "warc_offset": item.warc_offset,
        "etag": item.etag, "last_modified": item.last_modified, "body_sha1": item.body_sha1,
        "drift": item.drift, "changed": None if item.changed is None else int(item.changed),
    }


# ------------------------------------------------------------ citation matches

PAGE_HEAD_CHARS = 6000
"""Characters of a stored page's text that matching a cited title reads (verify.py reads its
first lines, and looks for parking signs in a text of at most 5,000 characters)."""


def cited_by(db: sqlite_utils.Database, url: str, without_capture_match: bool = False) -> list[dict[str, Any]]:
    """The citations whose `link_url` is `url` (id, title, authors, published), in id order;
    only those with no capture match yet when `without_capture_match`."""
    extra = " AND capture_match IS NULL" if without_capture_match else ""
    return list(db.query(f"SELECT id, title, authors, published FROM citations WHERE link_url = ?{extra} ORDER BY id",
                         [url]))


def answered_page(db: sqlite_utils.Database, url: str) -> dict[str, Any] | None:
    """What a link's row holds of its page (title, the head of its text, author, published) and
    the last check's outcome, when that check answered with the page (2xx, or 304: unchanged);
    None otherwise."""
    for row in db.query("""SELECT title, substr(text, 1, ?) AS text, author, published, last_outcome FROM links
                           WHERE url = ? AND (http_status BETWEEN 200 AND 299 OR http_status = 304)""",
                        [PAGE_HEAD_CHARS, url]):
        return row
    return None


def capture_matches_due(db: sqlite_utils.Database, limit: int | None = None) -> list[tuple[str, str, str]]:
    """(url, timestamp, original URL) of each link's memento (`wayback_url`) that some of its
    citations have not been compared with yet (`capture_match` NULL)."""
    rows = db.query(f"""SELECT l.url, l.wayback_timestamp, l.wayback_url FROM links l
                        WHERE l.wayback_timestamp IS NOT NULL AND l.wayback_url IS NOT NULL
                          AND EXISTS (SELECT 1 FROM citations c WHERE c.link_url = l.url AND c.capture_match IS NULL)
                        ORDER BY l.domain, l.url {'LIMIT ' + str(int(limit)) if limit else ''}""")
    due = []
    for row in rows:
        _, marker, original = row["wayback_url"].partition(f"/web/{row['wayback_timestamp']}/")
        if marker and original:
            due.append((row["url"], row["wayback_timestamp"], original))
    return due


def cited_links(db: sqlite_utils.Database, commentary_url: str) -> list[str]:
    """The distinct links a commentary's citations point to."""
    return [row["link_url"] for row in db.query(
        "SELECT DISTINCT link_url FROM citations WHERE commentary_url = ? AND link_url IS NOT NULL ORDER BY link_url",
        [commentary_url])]


def record_matches(db: sqlite_utils.Database, matches: Mapping[str, Match], at: str,
                   only_changes: bool = False) -> int:
    """Each citation's verdict on its link's live page (`match`, `match_score`, `match_title`)
    and when it was decided (`matched_at`). `only_changes`: leave a citation whose stored
    verdict, score and title are already these (and its `matched_at`) untouched. Rows written."""
    written = 0
    with db.atomic():
        for citation_id, match in matches.items():
            values = [match.verdict.value, match.score, match.seen_title]
            guard = ' AND ("match", match_score, match_title) IS NOT (?, ?, ?)' if only_changes else ""
            written += db.execute(
                'UPDATE citations SET "match" = ?, match_score = ?, match_title = ?, matched_at = ? '
                f"WHERE id = ?{guard}", [*values, at, citation_id, *(values if only_changes else [])]).rowcount
    return written


def record_capture_matches(db: sqlite_utils.Database, matches: Mapping[str, Match]) -> None:
    """Each citation's verdict on the Wayback capture nearest its access date (`capture_match`,
    `capture_match_score`, `capture_match_title`)."""
    with db.atomic():
        for citation_id, match in matches.items():
            db.execute("UPDATE citations SET capture_match = ?, capture_match_score = ?, capture_match_title = ? "
                       "WHERE id = ?", [match.verdict.value, match.score, match.seen_title, citation_id])


def verdict_counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {row["verdict"]: row["n"] for row in db.query(
        "SELECT verdict, count(*) AS n FROM links GROUP BY verdict ORDER BY n DESC, verdict")}


# --------------------------------------------------------------------- snapshots


class SnapshotStatus(StrEnum):
    """Where a URL stands in the Wayback queue: `snapshots.status`."""

    PENDING = "pending"
    """To do: to look up, to save, or a submitted job to poll (`error` says what it waits for)."""
    FOUND = "found"
    """A capture exists, found by lookup (`method` `cdx`)."""
    SAVED = "saved"
    """Captured by our own Save Page Now job (`method` `spn2`)."""
    SKIPPED = "skipped"
    """No capture exists, and none was asked for: the page was already failing, so a capture would
    keep only its error (`error` says why). Queued again if the link comes back to life."""
    FAILED = "failed"
    """Save Page Now refused or could not make the capture (`error`: its `status_ext` and message)."""


CAPTURED = (SnapshotStatus.FOUND, SnapshotStatus.SAVED)
"""The statuses whose row holds a capture (`timestamp`, `archive_url`)."""


@dataclass(frozen=True)
class SnapshotTask:
    """One URL in the snapshot queue, with what deciding about it needs."""

    url: str
    kind: str
    """`link` or `commentary`."""
    job_id: str | None
    accessed: str | None
    """The day the citing author read it (earliest `accessed` of its citations), or, for a
    commentary, the day it was published."""
    verdict: str | None
    text: str | None
    capture_drift: float | None
    published: str | None = None
    """For a link: the earliest `published` of its citations (the day to look near when none says `accessed`)."""
    other_archive_lookup: str | None = None
    """`snapshots.other_archive_lookup`: whether TimeTravel is still to be asked (an `OtherArchiveLookup`)."""


class OtherArchiveLookup(StrEnum):
    """`snapshots.other_archive_lookup`: Memento TimeTravel, asked for a page the Wayback Machine has no capture of."""

    DUE = "due"
    """To ask (again, if it could not answer before)."""
    FOUND = "found"
    """Another archive's memento is on the link or commentary (`other_archive`, `other_archive_url`, `other_archive_timestamp`)."""
    NONE = "none"
    """No archive but the Wayback Machine holds it, TimeTravel said."""


def enqueue_snapshots(db: sqlite_utils.Database, at: str) -> int:
    """Queue every cited http(s) URL and every commentary that has no snapshot row yet."""
    with db.atomic():
        before = db["snapshots"].count  # type: ignore[union-attr]
        db.execute("""INSERT OR IGNORE INTO snapshots (url, kind, status, updated_at)
                      SELECT url, 'link', ?, ? FROM links
                      WHERE url LIKE 'http://%' OR url LIKE 'https://%'""", [SnapshotStatus.PENDING, at])
        db.execute("""INSERT OR IGNORE INTO snapshots (url, kind, status, updated_at)
                      SELECT url, 'commentary', ?, ? FROM commentaries""", [SnapshotStatus.PENDING, at])
        return int(db["snapshots"].count) - int(before)  # type: ignore[union-attr]


def requeue_skipped(db: sqlite_utils.Database, at: str, worth_saving: Collection[str | None]) -> int:
    """Queue again the skipped links whose verdict is now one of `worth_saving` (None: no
    verdict): a page that came back to life deserves its capture. How many were queued."""
    verdicts = [v for v in worth_saving if v is not None]
    placeholders = ", ".join("?" for _ in verdicts) or "NULL"
    either_null = " OR l.verdict IS NULL" if None in worth_saving else ""
    with db.atomic():
        return int(db.execute(
            f"""UPDATE snapshots SET status = ?, error = NULL, updated_at = ?
                WHERE status = ? AND kind = 'link' AND url IN (
                  SELECT l.url FROM links l WHERE l.verdict IN ({placeholders}){either_null})""",
            [SnapshotStatus.PENDING, at, SnapshotStatus.SKIPPED, *verdicts]).rowcount)


def pending_snapshots(db: sqlite_utils.Database, limit: int | None = None) -> list[SnapshotTask]:
    """The queue: submitted jobs first (to be polled, never resubmitted), then the rest."""
    return _snapshot_tasks(db, "s.status = ?", [SnapshotStatus.PENDING], limit)


def other_archive_due(db: sqlite_utils.Database) -> list[SnapshotTask]:
    """URLs whose TimeTravel lookup is still due (TimeTravel could not answer when the Wayback
    Machine was found to have no capture) and that no CDX lookup will reach this run: off the
    queue (found, saved, skipped, failed), or waiting for their Save Page Now job."""
    return _snapshot_tasks(db, "s.other_archive_lookup = ? AND (s.status != ? OR s.job_id IS NOT NULL)",
                           [OtherArchiveLookup.DUE, SnapshotStatus.PENDING])


def _snapshot_tasks(db: sqlite_utils.Database, where: str, params: list[Any],
                    limit: int | None = None) -> list[SnapshotTask]:
    rows = db.query(
        f"""SELECT s.url, s.kind, s.job_id,
                   CASE s.kind WHEN 'link' THEN (SELECT min(c.accessed) FROM citations c WHERE c.link_url = s.url)
                               ELSE m.published END AS accessed,
                   l.verdict, l.text, l.capture_drift,
                   CASE s.kind WHEN 'link' THEN (SELECT min(c.published) FROM citations c WHERE c.link_url = s.url)
                               END AS published,
                   s.other_archive_lookup
            FROM snapshots s
            LEFT JOIN links l ON s.kind = 'link' AND l.url = s.url
            LEFT JOIN commentaries m ON s.kind = 'commentary' AND m.url = s.url
            WHERE {where}
            ORDER BY s.job_id IS NULL, s.kind DESC, s.url
            {'LIMIT ' + str(int(limit)) if limit else ''}""", params)
    return [SnapshotTask(r["url"], r["kind"], r["job_id"], r["accessed"], r["verdict"], r["text"], r["capture_drift"],
                         r["published"], r["other_archive_lookup"])
            for r in rows]


def update_snapshot(db: sqlite_utils.Database, url: str, at: str, **columns: Any) -> None:
    with db.atomic():
        db["snapshots"].update(url, {**columns, "updated_at": at})  # type: ignore[union-attr]


def record_memento(db: sqlite_utils.Database, task: SnapshotTask, archive_url: str, timestamp: str) -> None:
    """The capture readers should be sent to, on the link or commentary itself."""
    table = "links" if task.kind == "link" else "commentaries"
    with db.atomic():
        db[table].update(task.url, {"wayback_url": archive_url, "wayback_timestamp": timestamp})  # type: ignore[union-attr]


def record_other_archive(db: sqlite_utils.Database, task: SnapshotTask, at: str, archive: str | None = None,
                         url: str | None = None, timestamp: str | None = None) -> None:
    """TimeTravel's answer for a page the Wayback Machine has no capture of: another archive's
    memento on the link or commentary (or none), and the lookup done."""
    table = "links" if task.kind == "link" else "commentaries"
    lookup = OtherArchiveLookup.FOUND if url else OtherArchiveLookup.NONE
    with db.atomic():
        if url:
            db[table].update(task.url, {"other_archive": archive, "other_archive_url": url,  # type: ignore[union-attr]
                                        "other_archive_timestamp": timestamp})
        db["snapshots"].update(task.url, {"other_archive_lookup": lookup, "updated_at": at})  # type: ignore[union-attr]


def record_capture_drift(db: sqlite_utils.Database, url: str, value: float) -> None:
    with db.atomic():
        db["links"].update(url, {"capture_drift": value})  # type: ignore[union-attr]


def snapshot_counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {row["status"]: row["n"] for row in db.query(
        "SELECT status, count(*) AS n FROM snapshots GROUP BY status ORDER BY n DESC, status")}


# -------------------------------------------------------------------------- runs


def start_run(db: sqlite_utils.Database, stage: str, at: str) -> int:
    with db.atomic():
        return int(db["runs"].insert({"stage": stage, "started_at": at}).last_pk)  # type: ignore[union-attr]


def finish_run(db: sqlite_utils.Database, run_id: int, at: str, outcome: str) -> None:
    with db.atomic():
        db["runs"].update(run_id, {"finished_at": at, "outcome": outcome})  # type: ignore[union-attr]


def last_run_completed(db: sqlite_utils.Database, stage: str) -> bool:
    """Whether the latest run of a stage ended normally (True when there was none)."""
    for row in db.query("SELECT outcome FROM runs WHERE stage = ? ORDER BY id DESC LIMIT 1", [stage]):
        return row["outcome"] == "finished"
    return True


# -------------------------------------------------------------------------- leads


LEAD_OUTCOMES = ("soft_404", "not_found", "gone_domain")
"""Last outcomes that send a link's citations to the search for where the page went."""
LEAD_VERDICTS = ("dying", "dead")


def lead_citations(db: sqlite_utils.Database, at: str, research_days: float,
                   urls: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Citations whose page is to be searched for (spider `leads`): with a title to prove a find
    by, no suggested URL yet and no search in the last `research_days`, and either a misspelled
    domain (`suggested_domain`) or a link that is dying, dead, a soft 404, not found or gone to
    its home page. Only links in `urls` when given. With each, its link's verdict, last outcome,
    title and text."""
    verdicts = ", ".join(f"'{v}'" for v in LEAD_VERDICTS)
    outcomes = ", ".join(f"'{o}'" for o in LEAD_OUTCOMES)
    rows = db.query(
        f"""SELECT c.id, c.link_url, c.title, c.published, c.suggested_domain, l.verdict, l.last_outcome,
                   l.title AS page_title, l.text AS page_text
            FROM citations c JOIN links l ON l.url = c.link_url
            WHERE c.title IS NOT NULL AND c.title != '' AND c.suggested_url IS NULL
              AND (c.suggested_at IS NULL OR julianday(?) - julianday(c.suggested_at) >= ?)
              AND ((c.suggested_domain IS NOT NULL AND c.problems LIKE '%"suspect_domain"%')
                   OR l.verdict IN ({verdicts}) OR l.last_outcome IN ({outcomes}))
            ORDER BY l.domain, c.link_url, c.id""", [at, float(research_days)])
    wanted = set(urls) if urls is not None else None
    return [row for row in rows if wanted is None or row["link_url"] in wanted]


def record_suggestion(db: sqlite_utils.Database, citation_id: str, at: str, url: str | None = None,
                      how: str | None = None, evidence: dict[str, Any] | None = None) -> None:
    """The end of one citation's search: the URL proposed (None: nothing proven), how it was
    found, its evidence, and when. The citation's own `url` and `link_url` are never touched."""
    with db.atomic():
        db.execute("""UPDATE citations SET suggested_url = ?, suggested_how = ?, suggested_evidence = ?,
                                             suggested_at = ?
                      WHERE id = ?""",
                   [url, how, json.dumps(evidence, ensure_ascii=False) if evidence is not None else None, at,
                    citation_id])


@migrations()
def m013_citation_link_foreign_key(db: sqlite_utils.Database) -> None:
    # citations.link_url names its links row: a foreign key, so Datasette links each citation
    # to its link and labels it with the page's title (as commentary_url with the commentary's,
    # since m001). SQLite adds a foreign key only by rebuilding the table: sqlite-utils copies
    # the rows in rowid order (the order `serve` shows citations in) and recreates the indexes;
    # about 0.25 s for 50,000 citations. Not enforced (foreign_keys is off): a citation is
    # stored before its link is first checked.
    db["citations"].transform(add_foreign_keys=[("link_url", "links", "url")])  # type: ignore[union-attr]


@migrations()
def m014_walls_confirmations_outages(db: sqlite_utils.Database) -> None:
    # Issue 14, no false dead verdicts. checks.wall and links.wall: the access wall an answer
    # was (walls.Wall: cloudflare, ..., paywall), when it was one. checks.confirms: 1 for the
    # fresh request that confirms a strike, 0 for any other check; NULL on older rows, which
    # linkhealth.judge takes as confirmed (they were judged by the rules of their time).
    # checks.outage_id: the site-wide outage the check was part of. outages: one row per
    # outage of a site, from the run that first saw it to the first good answer after it.
    db["checks"].add_column("wall", str)  # type: ignore[union-attr]
    db["checks"].add_column("confirms", int)  # type: ignore[union-attr]
    db["links"].add_column("wall", str)  # type: ignore[union-attr]
    db["outages"].create(  # type: ignore[union-attr]
        {"id": int, "domain": str, "outcome": str, "http_status": int, "error": str, "home_url": str,
         "home_outcome": str, "home_status": int, "started_at": str, "last_seen_at": str, "ended_at": str,
         "runs": int, "links": int},
        pk="id",
    )
    db["outages"].create_index(["domain", "ended_at"])  # type: ignore[union-attr]
    db["checks"].add_column("outage_id", int, fk="outages", fk_col="id")  # type: ignore[union-attr]
    db["links"].create_index(["wall"])  # type: ignore[union-attr]


# --------------------------------------------------------------------- outages


@dataclass(frozen=True)
class OutageSeen:
    """Every checked link of a site failed alike in one run, and so did its home page."""

    domain: str
    urls: list[str]
    outcome: str
    http_status: int | None
    error: str | None
    home_url: str
    home_outcome: str
    home_status: int | None


def record_outage(db: sqlite_utils.Database, seen: OutageSeen, at: str) -> int:
    """Record (or extend) the site's open outage and mark this run's checks of its links as
    part of it; the outage's id. The caller re-judges the links."""
    with db.atomic():
        row = next(iter(db.query("SELECT id, runs FROM outages WHERE domain = ? AND ended_at IS NULL "
                                 "ORDER BY id DESC LIMIT 1", [seen.domain])), None)
        columns = {"outcome": seen.outcome, "http_status": seen.http_status, "error": seen.error,
                   "home_url": seen.home_url, "home_outcome": seen.home_outcome, "home_status": seen.home_status,
                   "last_seen_at": at, "links": len(seen.urls)}
        if row is None:
            outage_id = db["outages"].insert({**columns, "domain": seen.domain, "started_at": at,  # type: ignore[union-attr]
                                              "runs": 1}).last_pk
        else:
            outage_id = row["id"]
            db["outages"].update(outage_id, {**columns, "runs": row["runs"] + 1})  # type: ignore[union-attr]
        marks = ", ".join("?" for _ in seen.urls)
        db.execute(f"""UPDATE checks SET outage_id = ? WHERE id IN (
                           SELECT max(id) FROM checks WHERE url IN ({marks}) AND coalesce(confirms, 0) = 0
                           GROUP BY url)""", [outage_id, *seen.urls])
    return int(outage_id)


def end_outage(db: sqlite_utils.Database, domain: str | None, at: str) -> bool:
    """A link of the site answered: its open outage, if any, is over."""
    if not domain:
        return False
    return db.execute("UPDATE outages SET ended_at = ? WHERE domain = ? AND ended_at IS NULL",
                      [at, domain]).rowcount > 0


def rejudge(db: sqlite_utils.Database, urls: Collection[str], judge: Callable[[str, list[CheckRecord]],
            tuple[str, str | None]]) -> None:
    """Recompute the verdict of these links from their histories."""
    with db.atomic():
        for url, history in check_histories(db, urls).items():
            verdict, dead_since = judge(url, history)
            db.execute("UPDATE links SET verdict = ?, dead_since = ? WHERE url = ?", [verdict, dead_since, url])


def open_outages(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM outages WHERE ended_at IS NULL ORDER BY domain"))

"""Parse the stored commentaries again, without fetching anything: `avimcrawl reparse`.

Each commentary's page comes from `commentary_pages`; a commentary stored before pages were
kept is read back from its WARC record (`commentaries.warc_file`, `warc_offset`) and then
kept too. The citations are parsed afresh, the stored corrections applied, and the rows
replaced; links no longer cited stay in `links`. The commentary's own fields are updated
where the parse finds them and kept where it finds nothing. Running it twice changes
nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from w3lib.encoding import html_to_unicode
from warcio.archiveiterator import ArchiveIterator

from avimcrawl import store
from avimcrawl.amend import corrector
from avimcrawl.commentary import Commentary, parse_commentary
from avimcrawl.corrections import Correction
from avimcrawl.extract import detect_language


class ReparseError(Exception):
    """A commentary's page could not be read back."""


@dataclass(frozen=True)
class WarcPage:
    url: str
    """The URL the record says was fetched."""
    date: str
    html: str


def page_from_warc(path: Path, offset: int) -> WarcPage:
    """The decoded HTML of the response record at `offset` of a WARC file."""
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle)), None)
            if record is None or record.rec_type != "response":
                raise ReparseError(f"no response record at offset {offset} of {path}")
            body = record.content_stream().read()
            content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
            _, html = html_to_unicode(content_type, body)
            return WarcPage(record.rec_headers.get_header("WARC-Target-URI") or "",
                            record.rec_headers.get_header("WARC-Date") or "", html)
    except OSError as error:
        raise ReparseError(f"cannot read {path}: {error.strerror or error}") from error
    except Exception as error:  # warcio raises plain exceptions of many kinds on a damaged file
        if isinstance(error, ReparseError):
            raise
        raise ReparseError(f"cannot read the record at offset {offset} of {path}: {error}") from error


@dataclass
class Summary:
    """What one `reparse` did."""

    commentaries: int = 0
    """Commentaries re-parsed."""
    changed_commentaries: int = 0
    citations_before: int = 0
    citations_after: int = 0
    citations_changed: int = 0
    """Citations added, removed, or stored differently than before."""
    from_warc: int = 0
    """Pages read back from WARC (and now kept in commentary_pages)."""
    missing: dict[str, str] = field(default_factory=dict)
    """Commentaries not re-parsed (no stored page, no readable WARC record): url -> why."""
    unmatched: list[tuple[str, Correction]] = field(default_factory=list)

    def summary_line(self) -> str:
        return (f"reparse: {self.commentaries} commentaries re-parsed ({self.changed_commentaries} changed), "
                f"citations {self.citations_before} before, {self.citations_after} after, "
                f"{self.citations_changed} changed" + (f"; {self.from_warc} pages read from WARC" if self.from_warc else ""))


@dataclass(frozen=True)
class Outcome:
    before: int
    after: int
    changed: int
    fields_changed: bool
    from_warc: bool
    unmatched: tuple[Correction, ...]


def reparse_all(db: sqlite_utils.Database, warc_dir: Path, at: str,
                advance: Callable[[], None] = lambda: None) -> Summary:
    """Re-parse every stored commentary (see the module's doc)."""
    summary = Summary()
    trusted = store.cited_domains(db)
    for url in store.stored_pages(db):
        try:
            outcome = reparse_one(db, url, warc_dir, trusted, at)
        except ReparseError as error:
            summary.missing[url] = str(error)
        else:
            _count(summary, url, outcome)
        advance()
    return summary


def _count(summary: Summary, url: str, outcome: Outcome) -> None:
    summary.commentaries += 1
    summary.citations_before += outcome.before
    summary.citations_after += outcome.after
    summary.citations_changed += outcome.changed
    summary.changed_commentaries += int(bool(outcome.changed) or outcome.fields_changed)
    summary.from_warc += int(outcome.from_warc)
    summary.unmatched += [(url, c) for c in outcome.unmatched]


def reparse_one(db: sqlite_utils.Database, url: str, warc_dir: Path, trusted: list[str], at: str) -> Outcome:
    """Re-parse one stored commentary in one transaction."""
    with db.atomic():
        page = store.stored_page(db, url)
        html, fetched_url, from_warc = page.html, page.fetched_url or url, False
        if html is None:
            if not page.warc_file or page.warc_offset is None:
                raise ReparseError("no stored page and no WARC record")
            record = page_from_warc(warc_dir / page.warc_file, page.warc_offset)
            html, fetched_url, from_warc = record.html, record.url or url, True
            store.save_page(db, url, fetched_url, html, _stamp(record.date) or at, store.PageSource.WARC)
        parsed = parse_commentary(html, fetched_url, listing_date=page.listing_date, trusted_domains=trusted)
        fields = _changed_fields(page.fields, parsed)
        store.update_commentary(db, url, fields)
        before = {row["id"]: row for row in store.stored_citations(db, url)}
        saved = store.store_citations(db, url, parsed.citations, corrector(db), at)
        after = {row["id"]: row for row in store.stored_citations(db, url)}
    changed = len(before.keys() ^ after.keys()) + sum(before[i] != after[i] for i in before.keys() & after.keys())
    return Outcome(len(before), len(after), changed, bool(fields), from_warc, saved.unmatched)


def _changed_fields(stored: dict[str, Any], parsed: Commentary) -> dict[str, Any]:
    """The commentary's columns the parse changes; a field it cannot find keeps its stored value."""
    found = {"number": parsed.number, "title": parsed.title, "author": parsed.author,
             "published": parsed.published, "text": parsed.text, "translation_url": parsed.translation_url,
             "truncated": int(parsed.truncated)}
    fields = {name: value for name, value in found.items() if value is not None and value != stored.get(name)}
    if "text" in fields:
        language = detect_language(fields["text"])
        fields["detected_lang"], fields["detected_lang_prob"] = language.code, language.probability
    return fields


def _stamp(warc_date: str) -> str | None:
    """A WARC-Date (2026-02-24T10:15:00.123456Z) as stored times are (to the second)."""
    return warc_date[:19] + "Z" if len(warc_date) >= 19 else None

"""`avimcrawl export --wacz`: the archive as one WACZ file (Web Archive Collection Zipped, 1.1).

The WARC files, their CDX index, `pages/pages.jsonl` (every commentary and every cited page
that has a response record: its URL and fetch time as the record has them, its title and
the text the crawler extracted) and `datapackage.json` with every file's hash. The format
is written by the `wacz` package (the spec's own tool); this module only chooses the WARC
files and writes the page list, read from the database and the records it points to.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

PAGES_QUERY = """
    SELECT 'commentary' AS kind, url, title, text, warc_file, warc_offset FROM commentaries
     WHERE warc_file IS NOT NULL AND warc_offset IS NOT NULL
    UNION ALL
    SELECT 'cited' AS kind, url, title, text, warc_file, warc_offset FROM links
     WHERE warc_file IS NOT NULL AND warc_offset IS NOT NULL
    ORDER BY kind DESC, url
"""


class ExportError(Exception):
    """Nothing to export, or the export could not be written: one line naming why."""


@dataclass(frozen=True)
class Exported:
    path: Path
    warc_files: int
    commentaries: int
    cited: int

    def summary_line(self) -> str:
        return (f"export: {self.path} written: {self.warc_files} WARC files, {self.commentaries} commentaries "
                f"and {self.cited} cited pages in pages/pages.jsonl")


def warc_files(warc_dir: Path) -> list[Path]:
    return sorted(p for p in warc_dir.glob("*.warc.gz") if p.is_file()) if warc_dir.is_dir() else []


def _record_head(path: Path, offset: int) -> tuple[str, str] | None:
    """The target URI and WARC-Date of the response record at `offset`, or None."""
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle)), None)
    except (OSError, ValueError):
        return None
    if record is None or record.rec_type != "response":
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    date = record.rec_headers.get_header("WARC-Date")
    return (uri, date) if uri and date else None


def page_list(db_path: Path, warc_dir: Path, title: str) -> tuple[list[dict[str, object]], int, int]:
    """The WACZ pages (json-pages-1.0) and how many are commentaries and cited pages."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(PAGES_QUERY).fetchall()
    finally:
        conn.close()
    pages: list[dict[str, object]] = [{"format": "json-pages-1.0", "id": "pages", "title": title, "hasText": True}]
    counts = {"commentary": 0, "cited": 0}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        head = _record_head(warc_dir / row["warc_file"], row["warc_offset"])
        if head is None or head in seen:
            continue
        seen.add(head)
        uri, date = head
        page: dict[str, object] = {"id": f"{row['kind']}-{counts[row['kind']] + 1}", "url": uri, "ts": date,
                                   "title": row["title"] or row["url"]}
        if row["text"]:
            page["text"] = row["text"]
        if uri != row["url"]:
            page["avimcrawl_url"] = row["url"]
        page["avimcrawl_kind"] = row["kind"]
        pages.append(page)
        counts[row["kind"]] += 1
    return pages, counts["commentary"], counts["cited"]


def export_wacz(db_path: Path, warc_dir: Path, output: Path, title: str = "AVİM commentaries and their sources") -> Exported:
    """Write the WACZ file `output` (replaced only once the new one is complete)."""
    from wacz.main import main as wacz_main

    warcs = warc_files(warc_dir)
    if not warcs:
        raise ExportError(f"no WARC files (*.warc.gz) in {warc_dir}: crawl first, or give --warc-dir")
    pages, commentaries, cited = page_list(db_path, warc_dir, title)
    with tempfile.TemporaryDirectory(prefix="avimcrawl-export-") as tmp:
        pages_file = Path(tmp) / "pages.jsonl"
        pages_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), encoding="utf-8")
        partial = output.with_name(f".{output.name}.partial")
        args = ["create", "-o", str(partial), "--copy-pages", "--pages", str(pages_file),
                "--title", title, *map(str, warcs)]
        said = io.StringIO()
        try:
            with contextlib.redirect_stdout(said):
                try:
                    status = wacz_main(args)
                except OSError:
                    raise
                except Exception as error:  # wacz's indexer raises ValueError on a record it cannot read
                    raise ExportError(f"wacz create failed: {error}") from error
            if status != 0:
                lines = [line for line in said.getvalue().splitlines() if line.strip()]
                raise ExportError(f"wacz create failed: {lines[-1] if lines else f'status {status}'}")
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    return Exported(output, len(warcs), commentaries, cited)

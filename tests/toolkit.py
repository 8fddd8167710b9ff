"""Helpers shared by test modules: run the real command, read the database it wrote."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from avimcrawl.cli import main

ROOT = Path(__file__).parent.parent


def avimcrawl(net: Any, *args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`avimcrawl ARGS` as a subprocess, on the local internet `net`."""
    return subprocess.run([sys.executable, "-m", "avimcrawl", *args], env=net.subprocess_env(),
                          capture_output=True, text=True, timeout=timeout, cwd=cwd)


def invoke(*args: str) -> Result:
    """`avimcrawl ARGS` in this process (click's CliRunner): for commands that fetch nothing."""
    return CliRunner().invoke(main, list(args))


def query(db: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    try:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def scalar(db: Path, sql: str, *params: object) -> Any:
    return query(db, sql, *params)[0][0]


# What two archives built from the same sites must share, however their runs were disturbed
# (no clocks of our own, no WARC offsets).
ARCHIVE_QUERIES = {
    "commentaries": "SELECT url, site, lang, kind, number, title, author, published, text, detected_lang, "
                    "translation_url, truncated FROM commentaries ORDER BY url",
    "citations": "SELECT id, commentary_url, footnote, position, raw, url, link_url, authors, title, publisher, "
                 "published, accessed, problems, suggested_domain FROM citations ORDER BY id",
    "links": "SELECT url, domain, verdict, last_outcome, http_status, final_url, dead_since, title, text, "
             "detected_lang, drift FROM links ORDER BY url",
    "checks per link": "SELECT url, count(*), group_concat(outcome) FROM checks GROUP BY url ORDER BY url",
    "failures": "SELECT url, page, http_status FROM failures ORDER BY url",
}


def archive_state(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """The archive's content, after checking the file is not corrupt."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {name: conn.execute(sql).fetchall() for name, sql in ARCHIVE_QUERIES.items()}


def cite(db: Path, commentary_url: str, urls: list[str], at: str) -> None:
    """Store a commentary citing each URL in a footnote of its own, through the crawl's own
    pipeline, as a crawl would (its links then wait for `check`)."""
    from scrapy.utils.test import get_crawler

    from avimcrawl.citations import Citation
    from avimcrawl.commentary import Commentary
    from avimcrawl.items import CommentaryItem
    from avimcrawl.pipelines import StorePipeline
    from avimcrawl.spiders.commentaries import CommentariesSpider

    crawler = get_crawler(CommentariesSpider, {"AVIMCRAWL_DB": str(db), "AVIMCRAWL_NOW": at})
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    citations = [Citation(n, 1, f"Source {n}, <{url}>", url=url, link_url=url) for n, url in enumerate(urls, 1)]
    key = commentary_url.rsplit("/", 1)[1]
    page = Commentary(commentary_url, "avim.org.tr", "en", "commentary", f"2026/{len(urls)}",
                      key.replace("-", " "), published="2026-02-25", citations=citations)
    pipeline.process_item(CommentaryItem(page, key=key.lower(), fetched_url=commentary_url))
    pipeline.close_spider()


def march(day: float) -> str:
    """A moment of a simulated schedule: 09:00 UTC on day `day` after 1 March 2026."""
    from datetime import datetime, timedelta, timezone

    return (datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc) + timedelta(days=day)).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Runs:
    """Commands run one after another on a local internet against one archive: each run's
    result, the requests the internet saw during it, and every link's verdict after it."""

    db: Path
    results: list[subprocess.CompletedProcess[str]] = field(default_factory=list)
    requests: list[list[dict[str, Any]]] = field(default_factory=list)
    verdicts: list[dict[str, str]] = field(default_factory=list)

    def run(self, net: Any, epoch: int, *args: str) -> None:
        """`avimcrawl ARGS --db DB` with the internet in `epoch`."""
        net.set_epoch(epoch)
        net.clear_log()
        self.results.append(avimcrawl(net, *args, "--db", str(self.db)))
        self.requests.append(net.requests())
        self.verdicts.append({row["url"]: row["verdict"] for row in query(self.db, "SELECT url, verdict FROM links")})

    def verdict_sequence(self, url: str) -> list[str]:
        return [run[url] for run in self.verdicts]

    def checks(self, url: str) -> list[sqlite3.Row]:
        return query(self.db, "SELECT * FROM checks WHERE url = ? ORDER BY id", url)

    def link(self, url: str) -> sqlite3.Row:
        return query(self.db, "SELECT * FROM links WHERE url = ?", url)[0]


class FakeClock:
    """Virtual time: sleeping advances it at once. With `publish`, every change is written to
    that file too (the local internet's Wayback and TimeTravel stand-ins read it as `<state>/clock`)."""

    def __init__(self, start: float = 1_772_355_600.0, publish: Path | None = None) -> None:
        self.now = start
        self.slept: list[float] = []
        self.file = publish
        self._publish()

    def monotonic(self) -> float:
        return self.now

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        self._publish()

    def _publish(self) -> None:
        if self.file is not None:
            self.file.write_text(repr(self.now))

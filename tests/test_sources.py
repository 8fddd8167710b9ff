"""`avimcrawl crawl` end to end: the commentaries, then every source they cite, into the
database and WARC files, against the local internet's copies of the cited sites."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from warcio.archiveiterator import ArchiveIterator

from tests.internet.client import SITES_DIR, LocalInternet

ROOT = Path(__file__).parent.parent
COMMENTARIES = json.loads((ROOT / "tests" / "fixtures" / "avim_expected.json").read_text(encoding="utf-8"))["commentaries"]
REACHABLE = {c["url"] for c in COMMENTARIES if c["served"] != "error_500" and not c.get("robots_blocked")}
# The sources cited by commentaries a first crawl stores (not the one answering 500, not the robots-forbidden one).
SOURCES = [s for s in json.loads((ROOT / "tests" / "fixtures" / "sources_expected.json").read_text(encoding="utf-8"))["sources"]
           if REACHABLE & set(s["cited_by"])]
TIMEOUT = "3"


@dataclass
class Run:
    result: subprocess.CompletedProcess[str]
    requests: list[dict[str, Any]]

    @property
    def fetched(self) -> list[str]:
        return [r["url"] for r in self.requests if r["method"] == "GET"]


@dataclass
class Crawled:
    net: LocalInternet
    db: Path
    first: Run
    second: Run

    def query(self, sql: str, *params: object) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db) as conn:
            conn.row_factory = sqlite3.Row
            return conn.execute(sql, params).fetchall()

    def link(self, url: str) -> sqlite3.Row:
        rows = self.query("SELECT * FROM links WHERE url = ?", url)
        assert rows, f"{url} is not in links"
        return rows[0]


def crawl(net: LocalInternet, db: Path) -> Run:
    net.clear_log()
    result = subprocess.run(
        [sys.executable, "-m", "avimcrawl", "crawl", "--db", str(db), "--delay", "0", "--timeout", TIMEOUT],
        env=net.subprocess_env(), capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    return Run(result, net.requests())


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp("sources")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        db = tmp / "archive" / "avim.sqlite"
        first = crawl(net, db)
        second = crawl(net, db)
        yield Crawled(net, db, first, second)


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def test_crawl_reports_the_sources_stage(crawled):
    result = crawled.first.result
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith(f"sources: {len(SOURCES)} cited URLs checked (")


def test_every_cited_url_was_checked_once(crawled):
    cited = {r["link_url"] for r in crawled.query("SELECT link_url FROM citations WHERE link_url IS NOT NULL")}
    assert cited == {s["url"] for s in SOURCES}
    checks = crawled.query("SELECT url, count(*) AS n FROM checks GROUP BY url")
    assert {r["url"] for r in checks} == cited
    assert {r["n"] for r in checks} == {1}


@pytest.mark.parametrize("source", SOURCES, ids=[s["url"][:90] for s in SOURCES])
def test_source_outcome_and_content(crawled, source):
    link = crawled.link(source["url"])
    assert (link["last_outcome"], link["http_status"]) == (source["outcome"], source["http_status"])
    if source["final_url"] and source["http_status"]:
        assert link["final_url"] == source["final_url"]
    if source["title"]:
        assert link["title"] == source["title"]
        assert squeeze(source["text_sentence"]) in squeeze(link["text"])
        assert link["detected_lang"] == source["lang"]
    check = crawled.query("SELECT * FROM checks WHERE url = ?", source["url"])[0]
    assert check["outcome"] == source["outcome"]
    assert json.loads(check["redirects"]) == source.get("redirects", [])


def test_languages_seen(crawled):
    languages = {r["detected_lang"] for r in crawled.query("SELECT detected_lang FROM links WHERE text IS NOT NULL")}
    assert {"en", "tr"} < languages and len(languages - {"und"}) >= 3


def test_what_is_not_fetched_is_not_requested(crawled):
    for source in SOURCES:
        if source["outcome"] == "invalid_url" or (source["outcome"] == "blocked" and source["http_status"] is None):
            assert source["url"] not in crawled.first.fetched
    robots_blocked = [s for s in SOURCES if s["outcome"] == "blocked" and s["http_status"] is None]
    assert robots_blocked and all("robots.txt" in crawled.query("SELECT error FROM checks WHERE url = ?", s["url"])[0][0]
                                  for s in robots_blocked)


def test_commentary_language_detected(crawled):
    rows = crawled.query("SELECT lang, detected_lang FROM commentaries WHERE text IS NOT NULL")
    assert rows and all(r["lang"] == r["detected_lang"] for r in rows)


def test_rerun_fetches_no_source_again(crawled):
    sources = {s["url"] for s in SOURCES} | {s["final_url"] for s in SOURCES if s["final_url"]}
    assert not sources & set(crawled.second.fetched)
    assert crawled.second.result.stdout.splitlines()[1] == "sources: 0 cited URLs checked"


# ------------------------------------------------------------------------ WARC


def warc_files(crawled: Crawled) -> list[Path]:
    return sorted((crawled.db.parent / "warc").glob("avimcrawl-*.warc.gz"))


def test_warcio_check_passes_on_every_file(crawled):
    files = warc_files(crawled)
    assert len(files) >= 3  # two runs, two stages each, some of them with nothing new
    warcio = shutil.which("warcio") or str(Path(sys.executable).parent / "warcio")
    for path in files:
        result = subprocess.run([warcio, "check", "-v", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def served_bytes(net: LocalInternet, url: str) -> bytes:
    """What the local internet sends for a URL, before any decompression."""
    response = requests.get(url, proxies=net.proxies, verify=str(net.ca_path), stream=True, timeout=10,
                            allow_redirects=False, headers={"Accept-Encoding": "gzip, deflate"})
    with response:
        return response.raw.read(decode_content=False)


def record_at(path: Path, offset: int) -> tuple[str, str, bytes]:
    with path.open("rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        return record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), record.raw_stream.read()


def test_stored_offsets_read_back_what_was_served(crawled):
    warc = crawled.db.parent / "warc"
    rows = crawled.query("SELECT url, final_url, warc_file, warc_offset FROM links WHERE warc_file IS NOT NULL "
                         "AND http_status = 200")
    assert len(rows) >= len([s for s in SOURCES if s["http_status"] == 200]) - 1
    for row in rows:
        rec_type, uri, payload = record_at(warc / row["warc_file"], row["warc_offset"])
        assert (rec_type, uri) == ("response", row["final_url"])
        assert payload == served_bytes(crawled.net, row["final_url"])
    for row in crawled.query("SELECT url, warc_file, warc_offset FROM commentaries"):
        rec_type, uri, payload = record_at(warc / row["warc_file"], row["warc_offset"])
        assert (rec_type, uri) == ("response", row["url"])
        assert payload == served_bytes(crawled.net, row["url"])


def test_every_response_is_archived_robots_and_errors_included(crawled):
    archived: set[str] = set()
    for path in warc_files(crawled):
        with path.open("rb") as handle:
            archived |= {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(handle)
                         if r.rec_type == "response"}
    answered = set(crawled.first.fetched + crawled.second.fetched)
    never_answers = {s["url"] for s in SOURCES if s["outcome"] == "timeout"}
    assert answered - never_answers <= archived
    assert "https://avim.org.tr/robots.txt" in archived


def test_no_spider_callback_is_a_generator_that_returns_a_value():
    # settings.py turns off Scrapy's per-response check (WARN_ON_GENERATOR_RETURN_VALUE, too
    # slow); the mistake it catches (a `return value` that silently drops items) is caught here.
    import inspect

    from scrapy.utils.misc import is_generator_with_return_value

    from avimcrawl.spiders.commentaries import CommentariesSpider
    from avimcrawl.spiders.sources import SourcesSpider

    callbacks = [method for spider in (CommentariesSpider, SourcesSpider)
                 for _, method in inspect.getmembers(spider, inspect.isgeneratorfunction)]
    assert len(callbacks) >= 5
    assert [c.__qualname__ for c in callbacks if is_generator_with_return_value(c)] == []

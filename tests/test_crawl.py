"""`avimcrawl crawl --no-sources`, run unmodified as a subprocess against the local internet.

One archive is built up over successive runs, as an archivist's scheduled crawls would:
a first full crawl, the mirror, an incremental rerun, then a rerun after the broken page
was fixed. What was fetched is read from the proxy's log; what was kept, from the database.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.internet.client import SITES_DIR, LocalInternet

ROOT = Path(__file__).parent.parent
EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "avim_expected.json").read_text(encoding="utf-8"))
ON_AVIM = [c for c in EXPECTED["commentaries"] if c["listing"] in ("en", "tr")]
SERVED = [c for c in ON_AVIM if c["served"] != "error_500"]
BROKEN = next(c for c in ON_AVIM if c["served"] == "error_500")
ANALYSIS = EXPECTED["analyses"][0]["url"]
MIRROR_LISTING = EXPECTED["listings"]["mirror"][0]


def run_crawl(net: LocalInternet, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    net.clear_log()
    return subprocess.run(
        [sys.executable, "-m", "avimcrawl", "crawl", "--db", str(db), "--delay", "0", "--no-sources", *args],
        env=net.subprocess_env(), capture_output=True, text=True, timeout=300, cwd=ROOT,
    )


def fetched(requests: list[dict[str, object]]) -> list[str]:
    return [str(r["url"]) for r in requests if r["method"] == "GET"]


def query(db: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


class Archive:
    """The archive and the local internet shared by the tests of one scheduled history."""

    def __init__(self, net: LocalInternet, db: Path) -> None:
        self.net = net
        self.db = db
        self.runs: dict[str, tuple[subprocess.CompletedProcess[str], list[str]]] = {}
        self.requests: dict[str, list[dict[str, object]]] = {}

    def run(self, name: str, *args: str) -> None:
        result = run_crawl(self.net, self.db, *args)
        self.requests[name] = self.net.requests()
        self.runs[name] = (result, fetched(self.requests[name]))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    tmp = tmp_path_factory.mktemp("crawl")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        history = Archive(net, tmp / "archive" / "avim.sqlite")
        # Nightly: a page that failed is tried again 20 hours after its first failure, 40 after its second.
        history.run("first", "--now", "2026-03-01T03:00:00Z")
        history.run("mirror", "--start-url", MIRROR_LISTING, "--full", "--now", "2026-03-01T04:00:00Z")
        history.run("incremental", "--now", "2026-03-02T03:00:00Z")
        net.set_epoch(2)  # the broken commentary is fixed
        history.run("recovered", "--now", "2026-03-04T03:00:00Z")
        yield history


# ------------------------------------------------------------------ first run


def test_first_run_succeeds_with_a_summary(archive):
    result, _ = archive.runs["first"]
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"crawl: {len(SERVED)} commentaries stored ({len(SERVED)} new, 0 updated), "
        f"{sum(c['citations'] for c in SERVED) + 1} citations, 6 listing pages, 1 pages failed, 1 truncated"
    )


def test_first_run_follows_every_listing_page_once(archive):
    _, urls = archive.runs["first"]
    listings = EXPECTED["listings"]["en"] + EXPECTED["listings"]["tr"]
    assert sorted(u for u in urls if "Yorumlar" in u) == sorted(listings)


def test_commentaries_stored_with_their_fields(archive):
    rows = {r["url"]: r for r in query(archive.db, "SELECT * FROM commentaries")}
    for expected in SERVED:
        row = rows[expected["url"]]
        for name in ("lang", "kind", "number", "title", "author", "published", "translation_url"):
            assert row[name] == expected[name], (expected["url"], name)
        assert row["site"] == "avim.org.tr"
        assert row["first_seen"] <= row["last_crawled"]


def test_reference_citations_stored(archive):
    reference = EXPECTED["commentaries"][0]
    rows = query(archive.db, "SELECT * FROM citations WHERE commentary_url = ? ORDER BY footnote, position",
                 reference["url"])
    assert [(r["footnote"], r["position"]) for r in rows] == [
        (1, 1), (1, 2), (2, 1), (3, 1), (4, 1), (5, 1), (5, 2), (5, 3), (6, 1), (7, 1), (8, 1)]
    assert [r["link_url"] for r in rows] == reference["cited_urls"]
    hurriyet = rows[1]
    assert json.loads(hurriyet["problems"]) == ["suspect_domain"]
    assert hurriyet["suggested_domain"] == "hurriyetdailynews.com"
    assert rows[9]["published"] == "2026-09-29" and json.loads(rows[9]["problems"]) == ["published_after_accessed"]


def test_turkish_text_intact(archive):
    turkish_slug = next(c for c in SERVED if "%C3" in c["url"])
    row = query(archive.db, "SELECT title, text FROM commentaries WHERE url = ?", turkish_slug["url"])[0]
    assert row["title"] == turkish_slug["title"]
    assert any(ch in row["text"] for ch in "ğışİ")
    accessed = query(archive.db, "SELECT accessed FROM citations c JOIN commentaries m ON m.url = c.commentary_url "
                                 "WHERE m.lang = 'tr' AND c.accessed IS NOT NULL")
    assert len(accessed) >= 20


def test_one_link_per_distinct_cited_url(archive):
    cited = {r["link_url"] for r in query(archive.db, "SELECT link_url FROM citations WHERE link_url IS NOT NULL")}
    links = query(archive.db, "SELECT url, verdict FROM links")
    assert {r["url"] for r in links} == cited
    assert {r["verdict"] for r in links} == {"unknown"}


def test_analysis_is_not_a_commentary(archive):
    _, urls = archive.runs["first"]
    assert ANALYSIS not in urls
    assert not query(archive.db, "SELECT 1 FROM commentaries WHERE kind != 'commentary'")


def test_server_error_is_recorded_and_retried_by_scrapy(archive):
    result, urls = archive.runs["first"]
    assert urls.count(BROKEN["url"]) == 3  # the request and Scrapy's two retries
    assert "pages could not be crawled" in result.stderr


def test_truncated_page_keeps_what_it_could(archive):
    truncated = next(c for c in SERVED if c["served"] == "truncated")
    rows = query(archive.db, "SELECT problems FROM citations WHERE commentary_url = ?", truncated["url"])
    assert len(rows) == truncated["citations"] + 1
    assert sum("truncated" in json.loads(r["problems"]) for r in rows) >= 1
    assert query(archive.db, "SELECT truncated FROM commentaries WHERE url = ?", truncated["url"])[0][0] == 1


def test_polite_client(archive):
    _, urls = archive.runs["first"]
    assert urls[0] == "https://avim.org.tr/robots.txt"
    agents = {r["headers"].get("User-Agent") for r in archive.requests["first"] if r["method"] == "GET"}
    assert len(agents) == 1 and agents.pop().startswith("avimcrawl/")


# --------------------------------------------------------------------- mirror


def test_mirror_duplicates_are_stored_once(archive):
    result, urls = archive.runs["mirror"]
    assert result.returncode == 0, result.stderr
    mirrored = [c for c in EXPECTED["commentaries"] if c.get("mirror_urls") and c["listing"] != "mirror"]
    for commentary in mirrored:
        assert commentary["mirror_urls"][0] in urls
        mapped = query(archive.db, "SELECT commentary_url FROM commentary_urls WHERE url = ?", commentary["mirror_urls"][0])
        assert mapped[0][0] == commentary["url"]
    assert "(0 new, 2 updated)" in result.stdout


def test_robots_txt_is_obeyed(archive):
    _, urls = archive.runs["mirror"]
    assert "https://avimbulten.org/robots.txt" in urls
    for forbidden in EXPECTED["robots_disallowed"]:
        assert forbidden not in urls
        assert not query(archive.db, "SELECT 1 FROM commentary_urls WHERE url = ?", forbidden)


# ---------------------------------------------------------------- incremental


def test_rerun_fetches_only_first_listing_pages_and_the_failed_page(archive):
    result, urls = archive.runs["incremental"]
    assert result.returncode == 0, result.stderr
    pages = [u for u in urls if not u.endswith("/robots.txt")]
    assert Counter(pages) == Counter({
        EXPECTED["listings"]["en"][0]: 1, EXPECTED["listings"]["tr"][0]: 1, BROKEN["url"]: 3})
    assert "0 commentaries stored" in result.stdout


def test_rerun_picks_up_the_page_that_failed(archive):
    result, urls = archive.runs["recovered"]
    assert result.returncode == 0, result.stderr
    assert urls.count(BROKEN["url"]) == 1
    assert "1 commentaries stored (1 new, 0 updated)" in result.stdout
    row = query(archive.db, "SELECT number, title FROM commentaries WHERE url = ?", BROKEN["url"])[0]
    assert (row["number"], row["title"]) == (BROKEN["number"], BROKEN["title"])
    assert not query(archive.db, "SELECT * FROM failures")


def test_reruns_never_duplicate_rows(archive):
    counts = query(archive.db, "SELECT (SELECT count(*) FROM commentaries), (SELECT count(DISTINCT url) FROM commentaries),"
                               " (SELECT count(*) FROM citations), (SELECT count(DISTINCT id) FROM citations)")[0]
    assert counts[0] == counts[1] == len(ON_AVIM)
    assert counts[2] == counts[3] == sum(c["citations"] for c in ON_AVIM) + 1


def test_full_text_search_finds_turkish_words(archive):
    hits = query(archive.db, "SELECT c.url FROM commentaries_fts f JOIN commentaries c ON c.rowid = f.rowid "
                             "WHERE commentaries_fts MATCH ?", "Kıbrıs")
    assert hits


# ------------------------------------------------------------ the listing's date


def test_a_commentary_without_a_date_of_its_own_gets_the_date_its_listing_shows(internet, tmp_path):
    # Two monthly archives of other templates: a table with "March 3, 2026" in its own cell, cards
    # with "5 Mart 2026" above the link; the two commentaries they list show no date themselves.
    db = tmp_path / "avim.sqlite"
    result = run_crawl(internet, db, "--start-url", "https://avim.org.tr/en/BlogArsiv/2026-03",
                       "--start-url", "https://avim.org.tr/tr/BlogArsiv/2026-03")
    assert result.returncode == 0, result.stderr
    rows = {r["url"]: r for r in query(db, "SELECT url, published, author, text FROM commentaries")}
    energy = rows["https://avim.org.tr/en/Yorum/ENERGY-CORRIDORS-ACROSS-THE-CASPIAN-AND-EUROPE-S-HESITATION"]
    hazar = rows["https://avim.org.tr/tr/Yorum/HAZAR-OTESI-ENERJI-HATLARI-VE-AVRUPA-NIN-TEREDDUDU"]
    assert (energy["published"], hazar["published"]) == ("2026-03-03", "2026-03-05")
    assert (energy["author"], hazar["author"]) == ("Teoman Ertuğrul TULUN", "Hazal Gökçe YILDIRIM")
    assert not [r["url"] for r in rows.values() if "Süleyman Nazif" in r["text"]]
    dated_by_header = rows["https://avim.org.tr/en/Yorum/BOSNIA-AND-THE-BALKANS-SECESSIONISM-EUROCENTRIC-PARTITIONING"]
    assert dated_by_header["published"] == "2026-02-17"

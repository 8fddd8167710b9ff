"""`avimcrawl correct` and `avimcrawl reparse` on an archive crawled from the local internet:
corrections that outlive re-crawls and re-parses, the errors a user can make, re-parsing
from the stored pages or (for a database made before pages were kept) from the WARC files,
and the citations to review in the report and in Datasette."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from datasette.app import Datasette

from avimcrawl.serve import metadata
from avimcrawl.review import REVIEW_BELOW
from tests.internet.client import SITES_DIR, LocalInternet
from tests.toolkit import avimcrawl, invoke, query, scalar

COMMENTARY = "https://avim.org.tr/en/Yorum/TURKIYE-SERBIA-RAPPROCHEMENT-AND-THE-BALKAN-PEACE-PLATFORM-TESTING-BALANCING-ROLE"
CRAWL = ("--delay", "0", "--timeout", "5", "--no-sources", "--lang", "en")


class Crawled:
    def __init__(self, net: LocalInternet, db: Path) -> None:
        self.net, self.db, self.warc = net, db, db.parent / "warc"

    def copy(self, folder: Path) -> Path:
        """A copy of the crawled database (name avim.sqlite, as Datasette's metadata expects)."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "avim.sqlite"
        source, copy = sqlite3.connect(self.db), sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()
        return target


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp("correct")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        db = tmp / "archive" / "avim.sqlite"
        result = avimcrawl(net, "crawl", "--db", str(db), *CRAWL)
        assert result.returncode == 0, result.stderr
        yield Crawled(net, db)


def notes(db: Path, url: str = COMMENTARY) -> list[sqlite3.Row]:
    return query(db, "SELECT * FROM citations WHERE commentary_url = ? ORDER BY footnote, position", url)


def note(db: Path, footnote: int, position: int) -> sqlite3.Row:
    return query(db, "SELECT * FROM citations WHERE commentary_url = ? AND footnote = ? AND position = ?",
                 COMMENTARY, footnote, position)[0]


def correct(db: Path, *args: str) -> Any:
    return invoke("correct", "--db", str(db), COMMENTARY, *args)


def reparse(db: Path, *args: str) -> Any:
    return invoke("reparse", "--db", str(db), *args)


# ------------------------------------------------------------------------ correct


def test_the_crawl_keeps_each_commentary_page(crawled):
    pages = query(crawled.db, "SELECT p.url, p.source, p.html, m.title, m.truncated FROM commentary_pages p "
                              "JOIN commentaries m ON m.url = p.url")
    assert len(pages) == scalar(crawled.db, "SELECT count(*) FROM commentaries") > 1
    assert {p["source"] for p in pages} == {"crawl"}
    assert all(p["title"][:20].casefold() in p["html"].casefold() for p in pages)
    assert all(("</html>" in p["html"].lower()) != bool(p["truncated"]) for p in pages)
    assert "html" not in query(crawled.db, "SELECT * FROM commentaries LIMIT 1")[0].keys()


def test_set_fields_and_mark_reviewed(crawled, tmp_path):
    db = crawled.copy(tmp_path)
    result = correct(db, "1.2", "--set", "title=Türkiye, Serbia Agree to Deepen Defense, Energy and Trade Cooperation",
                     "--set", "url=https://www.hurriyetdailynews.com/turkiye-serbia-agree-218902",
                     "--set", "published=2026-02-14", "--note", "domain misspelled on the page")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"corrections 1, 2, 3 recorded: set title on 1.2, set url on 1.2, "
                                    f"set published on 1.2 of {COMMENTARY}\nnote ")
    row = note(db, 1, 2)
    assert row["title"] == "Türkiye, Serbia Agree to Deepen Defense, Energy and Trade Cooperation"
    assert (row["link_url"], row["published"], row["corrected"]) == (
        "https://www.hurriyetdailynews.com/turkiye-serbia-agree-218902", "2026-02-14", 1)
    assert "suspect_domain" not in json.loads(row["problems"])
    assert scalar(db, "SELECT count(*) FROM links WHERE url = ?", row["link_url"]) == 1
    assert query(db, "SELECT note FROM corrections WHERE id = 2")[0]["note"] == "domain misspelled on the page"
    assert correct(db, "2.1", "--reviewed").exit_code == 0
    assert (note(db, 2, 1)["reviewed"], note(db, 2, 1)["corrected"]) == (1, 0)


def test_merge_then_split_gives_back_the_two_citations(crawled, tmp_path):
    db = crawled.copy(tmp_path)
    before = [(r["footnote"], r["position"], r["raw"]) for r in notes(db)]
    second = note(db, 5, 2)["raw"]
    assert correct(db, "5.1", "--merge-next").exit_code == 0
    merged = [(r["footnote"], r["position"]) for r in notes(db) if r["footnote"] == 5]
    assert merged == [(5, 1), (5, 2)] and note(db, 5, 1)["raw"].endswith(second)
    result = correct(db, "5.1", "--split-at", second[:25])
    assert result.exit_code == 0, result.output
    assert [(r["footnote"], r["position"], r["raw"]) for r in notes(db)] == before
    assert [note(db, 5, p)["corrected"] for p in (1, 2, 3)] == [1, 1, 0]


ERRORS = [
    (("https://avim.org.tr/en/Yorum/NOT-CRAWLED", "1.1", "--reviewed"),
     "Error: https://avim.org.tr/en/Yorum/NOT-CRAWLED is not a commentary in the archive"),
    ((COMMENTARY, "9.1", "--reviewed"), "Error: note 9.1 does not exist (its notes: 1.1, 1.2, 2.1,"),
    ((COMMENTARY, "5.4", "--reviewed"), "Error: note 5.4 does not exist"),
    ((COMMENTARY, "5", "--reviewed"), "Error: NOTE '5': write it as FOOTNOTE.POSITION, e.g. 5.2"),
    ((COMMENTARY, "1.1", "--set", "colour=blue"),
     "Error: --set 'colour=blue': unknown field 'colour': choose one of authors, title, publisher, published, "
     "accessed, url"),
    ((COMMENTARY, "1.1", "--set", "accessed=23 February 2026"),
     "Error: --set 'accessed=23 February 2026': accessed '23 February 2026' is not a date: write it as YYYY-MM-DD"),
    ((COMMENTARY, "1.1", "--set", "title"), "Error: --set 'title': write it as FIELD=VALUE"),
    ((COMMENTARY, "1.1", "--split-at", "Reuters"), "Error: the citation's text does not contain 'Reuters'"),
    ((COMMENTARY, "5.3", "--merge-next"), "Error: note 5.3 is the last citation of footnote 5: no next citation"),
    ((COMMENTARY, "1.1"), "Error: give exactly one of --set FIELD=VALUE, --split-at TEXT, --merge-next, --reviewed"),
    ((COMMENTARY, "1.1", "--reviewed", "--merge-next"), "Error: give exactly one of"),
]


@pytest.mark.parametrize(("args", "message"), ERRORS, ids=[e[1][7:40] for e in ERRORS])
def test_mistakes_are_one_line_and_exit_2_and_change_nothing(crawled, tmp_path, args, message):
    db = crawled.copy(tmp_path)
    before = [tuple(r) for r in notes(db)]
    result = invoke("correct", "--db", str(db), *args)
    assert result.exit_code == 2
    assert result.output.startswith(message) and result.output.count("\n") == 1, result.output
    assert [tuple(r) for r in notes(db)] == before
    assert scalar(db, "SELECT count(*) FROM corrections") == 0


def test_no_database_is_one_line_and_exit_2(tmp_path):
    result = invoke("correct", "--db", str(tmp_path / "none.sqlite"), COMMENTARY, "1.1", "--reviewed")
    assert result.exit_code == 2 and result.output.startswith("Error: no archive database at")
    assert not (tmp_path / "none.sqlite").exists()


def test_corrections_survive_a_recrawl_of_the_page(crawled, tmp_path):
    db = crawled.copy(tmp_path)
    title = "Balkans Peace Platform (corrected title)"
    assert correct(db, "6.1", "--set", f"title={title}", "--set", "authors=Caspian Post").exit_code == 0
    assert correct(db, "5.2", "--set", "publisher=Euractiv").exit_code == 0
    assert correct(db, "7.1", "--reviewed").exit_code == 0
    crawled.net.clear_log()
    result = avimcrawl(crawled.net, "crawl", "--db", str(db), *CRAWL, "--full")
    assert result.returncode == 0, result.stderr
    assert COMMENTARY in crawled.net.urls("GET")  # fetched and parsed again
    assert (note(db, 6, 1)["title"], note(db, 6, 1)["authors"], note(db, 6, 1)["corrected"]) == (title, "Caspian Post", 1)
    assert (note(db, 5, 2)["publisher"], note(db, 5, 2)["corrected"]) == ("Euractiv", 1)
    assert note(db, 7, 1)["reviewed"] == 1
    assert {r["status"] for r in query(db, "SELECT status FROM corrections")} == {"applied"}
    assert "no longer finds its citation" not in result.stderr


# ------------------------------------------------------------------------ reparse


def test_reparse_rebuilds_citations_from_the_stored_pages_and_keeps_old_links(crawled, tmp_path):
    db = crawled.copy(tmp_path)
    parsed = [tuple(r) for r in notes(db)]
    total = scalar(db, "SELECT count(*) FROM citations")
    commentaries = scalar(db, "SELECT count(*) FROM commentaries")
    conn = sqlite3.connect(db)
    with conn:  # what an older parser might have left: a wrong title, a lost citation, another URL
        conn.execute("UPDATE citations SET title = 'stale' WHERE commentary_url = ? AND footnote = 1", [COMMENTARY])
        conn.execute("DELETE FROM citations WHERE commentary_url = ? AND footnote = 8", [COMMENTARY])
        conn.execute("INSERT INTO links (url, domain, verdict) VALUES ('https://old.example/cited', 'old.example', 'dead')")
        conn.execute("UPDATE citations SET link_url = 'https://old.example/cited' WHERE commentary_url = ? "
                     "AND footnote = 3", [COMMENTARY])
    conn.close()
    result = reparse(db, "--warc-dir", str(crawled.warc))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        f"reparse: {commentaries} commentaries re-parsed (1 changed), citations {total - 1} before, {total} after, "
        "4 changed")
    assert [tuple(r) for r in notes(db)] == parsed
    assert scalar(db, "SELECT verdict FROM links WHERE url = 'https://old.example/cited'") == "dead"
    again = reparse(db, "--warc-dir", str(crawled.warc))
    assert again.stdout.splitlines()[-1] == (
        f"reparse: {commentaries} commentaries re-parsed (0 changed), citations {total} before, {total} after, 0 changed")


def test_reparse_of_a_database_made_before_pages_were_kept_reads_the_warc_files(crawled, tmp_path):
    db = crawled.copy(tmp_path)
    assert correct(db, "4.1", "--set", "publisher=DPC").exit_code == 0
    parsed = [tuple(r) for r in notes(db)]
    commentaries = scalar(db, "SELECT count(*) FROM commentaries")
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM commentary_pages")
    conn.close()
    result = reparse(db, "--warc-dir", str(crawled.warc))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith(f"0 changed; {commentaries} pages read from WARC")
    assert [tuple(r) for r in notes(db)] == parsed and note(db, 4, 1)["publisher"] == "DPC"
    pages = query(db, "SELECT url, source, fetched_url, html FROM commentary_pages")
    assert len(pages) == commentaries and {p["source"] for p in pages} == {"warc"}
    page = next(p for p in pages if p["url"] == COMMENTARY)
    assert page["fetched_url"] == COMMENTARY and "Balkan" in page["html"]
    # kept: the next reparse needs no WARC file
    assert reparse(db, "--warc-dir", str(tmp_path / "nowhere")).stdout.splitlines()[-1].endswith(", 0 changed")


def test_reparse_says_which_commentaries_have_no_page_and_how_to_get_it(crawled, tmp_path):
    db = crawled.copy(tmp_path)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM commentary_pages WHERE url = ?", [COMMENTARY])
        conn.execute("UPDATE commentaries SET warc_file = NULL, warc_offset = NULL WHERE url = ?", [COMMENTARY])
    conn.close()
    result = reparse(db)
    assert result.exit_code == 0
    assert f"WARNING: {COMMENTARY} not re-parsed (no stored page and no WARC record)" in result.stderr
    assert "WARNING: 1 commentaries have no stored page: `avimcrawl crawl --full` fetches them again" in result.stderr
    commentaries = scalar(db, "SELECT count(*) FROM commentaries")
    assert result.stdout.startswith(f"reparse: {commentaries - 1} commentaries re-parsed")


def test_a_correction_whose_citation_is_gone_is_reported(crawled, tmp_path):
    db = crawled.copy(tmp_path)
    raw = note(db, 7, 1)["raw"]
    assert correct(db, "7.1", "--set", "published=2025-09-29").exit_code == 0
    conn = sqlite3.connect(db)
    with conn:  # the page was edited: note 7 now cites something else
        html = conn.execute("SELECT html FROM commentary_pages WHERE url = ?", [COMMENTARY]).fetchone()[0]
        title = "Ties between Türkiye, Serbia"
        assert title in html
        conn.execute("UPDATE commentary_pages SET html = ? WHERE url = ?", [html.replace(title, "Other ties"), COMMENTARY])
    conn.close()
    result = reparse(db)
    assert result.exit_code == 0
    assert (f"WARNING: correction 1 (set published on 7.1) of {COMMENTARY} no longer finds its citation"
            in result.stderr)
    assert note(db, 7, 1)["published"] == "2026-09-29" and note(db, 7, 1)["raw"] != raw
    assert query(db, "SELECT status FROM corrections WHERE id = 1")[0]["status"] == "unmatched"
    rows = canned(db, "corrections_not_applied")
    assert [(r["id"], r["footnote"], r["position"], r["field"]) for r in rows] == [(1, 7, 1, "published")]


# --------------------------------------------------------------------- review


def canned(db: Path, name: str) -> list[dict[str, Any]]:
    async def fetch() -> Any:
        datasette = Datasette(immutables=[str(db)], metadata=metadata(db.stem))
        response = await datasette.client.get(f"/{db.stem}/{name}.json?_shape=array")
        assert response.status_code == 200, response.text
        return response.json()
    return asyncio.run(fetch())


def test_report_and_datasette_show_citations_to_review_and_corrected(crawled, tmp_path):
    db = crawled.copy(tmp_path)
    conn = sqlite3.connect(db)
    with conn:  # the parser doubted these two (whatever it thought of the others)
        conn.execute("UPDATE citations SET confidence = 0.4, guessed = '[\"title\"]' WHERE commentary_url = ? "
                     "AND footnote IN (2, 3)", [COMMENTARY])
    conn.close()
    assert correct(db, "3.1", "--set", "title=Serbia, Bosnia Sign Pact").exit_code == 0
    waiting = scalar(db, f"SELECT count(*) FROM citations WHERE confidence < {REVIEW_BELOW} AND NOT corrected "
                         "AND NOT reviewed")
    doubted, corrected = note(db, 2, 1), note(db, 3, 1)

    document = json.loads(invoke("report", "--db", str(db), "--format", "json").stdout)
    assert document["totals"]["review"] == {"needs_review": waiting, "corrected": 1, "reviewed": 0}
    by_note = {(c["commentary_url"], c["footnote"], c["position"]): c for c in document["citations"]}
    assert by_note[(COMMENTARY, 2, 1)]["review"] == "needs_review" and by_note[(COMMENTARY, 2, 1)]["guessed"] == ["title"]
    assert by_note[(COMMENTARY, 3, 1)]["review"] == "corrected"

    rows = {(r["commentary_url"], r["footnote"], r["position"]): r
            for r in csv.DictReader(io.StringIO(invoke("report", "--db", str(db), "--format", "csv").stdout))}
    assert (rows[(COMMENTARY, "2", "1")]["review"], rows[(COMMENTARY, "2", "1")]["confidence"]) == ("needs_review", "0.4")
    assert rows[(COMMENTARY, "3", "1")]["review"] == "corrected"

    tree = lxml.html.document_fromstring(invoke("report", "--db", str(db)).stdout)
    listed = tree.cssselect("#review-needs_review tbody tr")
    assert len(listed) == waiting
    row = tree.cssselect(f'#review-needs_review tr[data-citation-id="{doubted["id"]}"]')[0]
    assert row.cssselect(".raw")[0].text_content() == doubted["raw"]
    assert (row.cssselect("td.confidence")[0].text_content(), row.cssselect("td.guessed")[0].text_content()) == ("0.40", "title")
    assert tree.cssselect(f'#review-corrected tr[data-citation-id="{corrected["id"]}"]')
    counts = {tr.get("data-review"): tr.cssselect("td.count")[0].text_content()
              for tr in tree.cssselect("#review table.review-counts tr[data-review]")}
    assert counts == {"needs_review": str(waiting), "corrected": "1", "reviewed": "0"}

    markdown = invoke("report", "--db", str(db), "--format", "md").stdout
    assert f"## Citations to review ({waiting})" in markdown
    assert "1 citations corrected by hand, 0 reviewed and found right." in markdown
    assert "2026/14 note 2.1 (confidence 0.40): " in markdown

    shown = canned(db, "citations_to_review")
    assert len(shown) == waiting + 1
    assert [r["review"] for r in shown].count("corrected") == 1
    assert {(r["footnote"], r["review"]) for r in shown if r["commentary_url"] == COMMENTARY} >= {
        (2, "needs review"), (3, "corrected")}

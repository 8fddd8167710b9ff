"""The archive database: migrations, idempotent writes, mirror merging, failures."""

from __future__ import annotations

import json
import sqlite3

import pytest
import sqlite_utils

from avimcrawl import store
from avimcrawl.citations import Citation
from avimcrawl.commentary import Commentary, page_ref
from avimcrawl.extract import Extracted
from avimcrawl.items import SourceItem
from avimcrawl.linkhealth import CheckResult, Outcome

EN = "https://avim.org.tr/en/Yorum/BOSNIA-AND-THE-BALKANS"
MIRROR = "https://avimbulten.org/en/Yorum/Bosnia-and-the-Balkans"


def commentary(url: str = EN, citations: int = 2, title: str = "BOSNIA AND THE BALKANS") -> Commentary:
    return Commentary(
        url=url, site=url.split("/")[2], lang="en", kind="commentary", number="2026/12", title=title,
        author="Teoman Ertuğrul TULUN", published="2026-02-17", text="Bosna-Hersek'te barış süreci…",
        citations=[Citation(i, 1, f"raw {i}", f"<https://www.dailysabah.com/{i}>", f"https://www.dailysabah.com/{i}",
                            title=f"Title {i}") for i in range(1, citations + 1)],
    )


def save(db, page: Commentary):
    return store.save_commentary(db, page, page_ref(page.url).key, page.url)


@pytest.fixture
def db(tmp_path):
    database = store.open_db(tmp_path / "archive" / "avim.sqlite")
    yield database
    database.close()


def test_open_creates_folder_tables_and_is_idempotent(tmp_path):
    path = tmp_path / "new" / "folder" / "avim.sqlite"
    store.open_db(path).close()
    applied = sqlite3.connect(path).execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    database = store.open_db(path)  # a second open applies nothing twice
    assert {"commentaries", "citations", "links", "checks", "failures", "commentary_urls"} <= set(database.table_names())
    assert database["_sqlite_migrations"].count == applied
    assert store.migrations.pending(database) == []
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unwritable_database_is_a_clear_error(tmp_path):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    with pytest.raises(store.StoreError, match="cannot open database"):
        store.open_db(not_a_folder / "avim.sqlite")


def test_rerun_never_duplicates_rows(db):
    first = save(db, commentary())
    second = save(db, commentary())
    assert (first.new, second.new) == (True, False)
    assert db["commentaries"].count == 1
    assert db["citations"].count == 2
    assert db["links"].count == 2


def test_citation_ids_are_stable_and_stale_ones_go(db):
    save(db, commentary(citations=3))
    ids = {row["id"] for row in db["citations"].rows}
    save(db, commentary(citations=2))
    assert {row["id"] for row in db["citations"].rows} < ids
    assert db["citations"].count == 2


def test_first_seen_is_kept_on_recrawl(db):
    save(db, commentary())
    db.execute("UPDATE commentaries SET first_seen = '2020-01-01T00:00:00Z'")
    save(db, commentary())
    row = db["commentaries"].get(EN)
    assert row["first_seen"] == "2020-01-01T00:00:00Z"
    assert row["last_crawled"] > row["first_seen"]


def test_mirror_copy_is_stored_once(db):
    save(db, commentary())
    merged = save(db, commentary(url=MIRROR, title="Bosnia and the Balkans"))
    assert merged.url == EN and not merged.new
    assert db["commentaries"].count == 1
    assert {row["url"] for row in db["commentary_urls"].rows} == {EN, MIRROR}


def test_problems_are_json_and_links_start_unknown(db):
    page = commentary(citations=1)
    page.citations[0].problems = ["placeholder", "suspect_domain"]
    save(db, page)
    row = next(db["citations"].rows)
    assert json.loads(row["problems"]) == ["placeholder", "suspect_domain"]
    link = next(db["links"].rows)
    assert (link["verdict"], link["domain"]) == ("unknown", "www.dailysabah.com")


def test_turkish_text_is_searchable(db):
    save(db, commentary())
    hits = list(db["commentaries"].search("barış"))
    assert [hit["url"] for hit in hits] == [EN]


def test_failures_are_counted_and_forgotten_on_success(db):
    store.record_failure(db, EN, "commentary", 500, "HTTP 500")
    store.record_failure(db, EN, "commentary", 500, "HTTP 500")
    assert store.pending_failures(db) == [(EN, "commentary")]
    assert db["failures"].get(EN)["attempts"] == 2
    save(db, commentary())
    assert store.pending_failures(db) == []


def test_database_file_is_plain_sqlite(tmp_path):
    store.open_db(tmp_path / "a.sqlite").close()
    with sqlite3.connect(tmp_path / "a.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_links_due_for_a_check(db):
    rows = [("https://a.example/never", None, "unknown"), ("https://a.example/dying-2d", "2026-03-06T09:00:00Z", "dying"),
            ("https://a.example/dying-3d", "2026-03-05T09:00:00Z", "dying"), ("https://a.example/alive-6d", "2026-03-02T09:00:00Z", "alive"),
            ("https://a.example/alive-7d", "2026-03-01T09:00:00Z", "alive"), ("https://a.example/dead-29d", "2026-02-07T09:00:00Z", "dead"),
            ("https://a.example/dead-30d", "2026-02-06T09:00:00Z", "dead"), ("https://a.example/blocked-7d", "2026-03-01T09:00:00Z", "blocked")]
    db["links"].insert_all([{"url": u, "last_checked": at, "verdict": v, "domain": "a.example"} for u, at, v in rows], pk="url")
    due = store.due_links(db, "2026-03-08T09:00:00Z", {"dying": 3, "alive": 7, "dead": 30, "blocked": 7})
    assert due == sorted(["https://a.example/never", "https://a.example/dying-3d", "https://a.example/alive-7d",
                          "https://a.example/dead-30d", "https://a.example/blocked-7d"])


def test_a_commentary_is_stored_whole_or_not_at_all(db):
    # A write that fails half-way (here a trigger refusing new links, as a full disk or a kill
    # would) must not leave a commentary whose citations or links are missing.
    db.execute("CREATE TEMP TRIGGER refuse_links BEFORE INSERT ON links BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        save(db, commentary())
    assert (db["commentaries"].count, db["citations"].count, db["links"].count, db["commentary_urls"].count) == (0, 0, 0, 0)
    db.execute("DROP TRIGGER refuse_links")
    save(db, commentary())
    assert (db["commentaries"].count, db["citations"].count, db["links"].count) == (1, 2, 2)


def test_a_check_is_recorded_whole_or_not_at_all(db):
    # The `checks` row and the link's `last_checked` move together: a check recorded without
    # its link being marked checked is fetched again by the next run, a duplicate.
    save(db, commentary(citations=1))
    url = "https://www.dailysabah.com/1"

    def judge_that_fails(history):
        raise RuntimeError("killed while judging")

    item = SourceItem(CheckResult(url, Outcome.OK, 200, url))
    with pytest.raises(RuntimeError):
        store.save_source(db, item, at="2026-03-01T09:00:00Z", judge=judge_that_fails)
    assert db["checks"].count == 0
    assert store.unfetched_links(db) == [url]
    store.save_source(db, item, at="2026-03-01T09:00:00Z", judge=lambda history: ("alive", None))
    assert (db["checks"].count, store.unfetched_links(db), db["links"].get(url)["verdict"]) == (1, [], "alive")


def test_full_text_search_follows_the_latest_text_of_a_link(db):
    save(db, commentary(citations=1))
    url = "https://www.dailysabah.com/1"

    def check(text: str | None) -> None:
        content = Extracted(title="Türkiye ve Balkanlar", text=text) if text else None
        store.save_source(db, SourceItem(CheckResult(url, Outcome.OK, 200, url), content=content),
                          judge=lambda history: ("alive", None))

    def found(word: str) -> list[str]:
        return [row["url"] for row in db["links"].search(word)]

    check("Barış süreci Saraybosna'da sürüyor.")
    check(None)  # a 304: the row changes, its text does not
    assert found("Saraybosna") == [url]
    check("Zirve Belgrad'da yapıldı.")
    assert (found("Saraybosna"), found("Belgrad")) == ([], [url])
    db.execute("INSERT INTO links_fts(links_fts) VALUES ('integrity-check')")  # raises if index and table disagree


def test_m007_adds_review_columns_and_tables_to_an_archive_made_before(tmp_path):
    path = tmp_path / "old.sqlite"
    old = sqlite_utils.Database(path)
    store.migrations.apply(old, stop_before="m007_review_corrections_pages")
    old["commentaries"].insert({"url": EN, "title": "BOSNIA"})
    old["citations"].insert({"id": "a", "commentary_url": EN, "footnote": 1, "position": 1, "raw": "raw"})
    old.close()
    db = store.open_db(path)
    row = db["citations"].get("a")
    assert (row["raw"], row["corrected"], row["reviewed"], row["confidence"], row["kind"]) == ("raw", 0, 0, None, None)
    assert {"corrections", "commentary_pages"} <= set(db.table_names())
    assert "html" not in db["commentaries"].columns_dict
    db.close()


def test_the_page_is_kept_with_its_commentary(db):
    page = commentary()
    store.save_commentary(db, page, page_ref(page.url).key, MIRROR, html="<html>…</html>", listing_date="2026-02-17")
    row = db["commentary_pages"].get(EN)
    assert (row["html"], row["fetched_url"], row["source"], row["listing_date"]) == ("<html>…</html>", EN, "crawl", "2026-02-17")
    stored = store.stored_citations(db, EN)
    assert [(r["kind"], r["confidence"], json.loads(r["guessed"]), r["corrected"]) for r in stored] == [("web", 1.0, [], 0)] * 2

"""Datasette over the archive: canned queries return the expected rows; nothing can be written.

The archive is opened as `avimcrawl serve` opens it: mutable (not `--immutable`), with the
`query_only` hook of avimcrawl.serve registered. tests/test_serve_live.py serves it while
runs write to it."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from datasette.app import Datasette
from datasette.plugins import pm
from datasette.utils import tilde_encode

from avimcrawl import serve, store
from avimcrawl.citations import Citation
from avimcrawl.commentary import Commentary, page_ref
from avimcrawl.items import SourceItem
from avimcrawl.linkhealth import CheckResult, Outcome, judge
from avimcrawl.serve import metadata

ROOT = Path(__file__).parent.parent
REFERENCE = "https://avim.org.tr/en/Yorum/TURKIYE-SERBIA-RAPPROCHEMENT-AND-THE-BALKAN-PEACE-PLATFORM-TESTING-BALANCING-ROLE"
OLDER = "https://avim.org.tr/en/Yorum/ARMENIA-TURKIYE-NORMALIZATION-THE-SPECIAL-ENVOYS-AND-THE-MARGARA-CROSSING"
SABAH = "https://www.dailysabah.com/politics/diplomacy/president-erdogan-vucic-vow-to-deepen-turkiye-serbia-cooperation"
TYPO = "https://www.hurriyetaidailynews.com/turkiye-serbia-agree-to-deepen-defense-energy-and-trade-cooperation-218902"
AA = "https://www.aa.com.tr/en/europe/serbia-bosnia-sign-pact-on-belgrade-sarajevo-highway/1673231"
GONE = "https://www.hurriyetdailynews.com/azerbaijan-armenia-talk-transit-links-as-peace-process-advances-218877"
BLOCKED = "https://armenpress.am/en/article/1241987"

# Each link's checks on days 0, 1, 4 and 7 of a week.
HISTORIES = {
    SABAH: ["ok", "ok", "ok", "ok"],
    TYPO: ["dns_error"] * 4,
    AA: ["ok", "ok", "server_error", "server_error"],
    GONE: ["ok", "not_found", "not_found", "not_found"],
    BLOCKED: ["blocked"] * 4,
}
DAYS = ["2026-03-01T09:00:00Z", "2026-03-02T09:00:00Z", "2026-03-05T09:00:00Z", "2026-03-08T09:00:00Z"]


def citation(footnote: int, position: int, url: str, problems: list[str] | None = None,
             suggested: str | None = None) -> Citation:
    return Citation(footnote, position, f"Author, Title {footnote}.{position}, Publisher, <{url}>", url, url,
                    problems=problems or [], suggested_domain=suggested)


def commentary(url: str, number: str, published: str, citations: list[Citation]) -> Commentary:
    return Commentary(url=url, site="avim.org.tr", lang="en", kind="commentary", number=number,
                      title=f"Commentary {number}", published=published, text="Türkiye ve Sırbistan…",
                      citations=citations)


def build(path: Path) -> None:
    db = store.open_db(path)
    reference = commentary(REFERENCE, "2026/14", "2026-02-24", [
        citation(1, 1, SABAH), citation(1, 2, TYPO, ["suspect_domain"], "hurriyetdailynews.com"),
        citation(3, 1, AA), citation(5, 1, GONE), citation(6, 1, BLOCKED)])
    older = commentary(OLDER, "2025/58", "2025-12-12", [citation(1, 1, GONE), citation(2, 1, SABAH, ["duplicate"])])
    for page in (reference, older):
        store.save_commentary(db, page, page_ref(page.url).key, page.url, at=DAYS[0])
    verdict = lambda history: (lambda j: (j.verdict.value, j.dead_since))(judge(history))  # noqa: E731
    for url, outcomes in HISTORIES.items():
        for day, outcome in zip(DAYS, outcomes):
            status = {"ok": 200, "not_found": 404, "server_error": 500, "blocked": 429}.get(outcome)
            store.save_source(db, SourceItem(CheckResult(url, Outcome(outcome), status, url)), at=day, judge=verdict)
        if url == BLOCKED:  # its last check met Cloudflare's challenge
            db.execute("UPDATE checks SET wall = 'cloudflare' WHERE id = (SELECT max(id) FROM checks WHERE url = ?)",
                       [url])
            db["links"].update(url, {"wall": "cloudflare"})
        if url in (TYPO, GONE):  # the last failure confirmed, as the sources spider does
            confirmation = CheckResult(url, Outcome(outcomes[-1]), status, url, confirms=True)
            store.save_source(db, SourceItem(confirmation), at=DAYS[-1], judge=verdict)
    db["links"].update(SABAH, {"wayback_url": f"https://web.archive.org/web/20260220083000/{SABAH}"})
    db["outages"].insert_all([  # as store.record_outage writes them
        {"domain": "www.trthaber.com", "outcome": "server_error", "http_status": 503, "started_at": DAYS[1],
         "last_seen_at": DAYS[2], "ended_at": DAYS[3], "runs": 2, "links": 3},
        {"domain": "www.setav.org", "outcome": "connection_error", "started_at": DAYS[2], "last_seen_at": DAYS[3],
         "runs": 2, "links": 4}])
    db.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "avim.sqlite"
    build(path)
    return path


@pytest.fixture(scope="module", autouse=True)
def read_only_hook() -> Any:
    """avimcrawl.serve's prepare_connection hook, as `avimcrawl serve` registers it."""
    pm.register(serve, name="avimcrawl.serve")
    yield
    pm.unregister(name="avimcrawl.serve")


def query(archive: Path, path: str) -> Any:
    async def fetch() -> Any:
        datasette = Datasette([str(archive)], metadata=metadata("avim"))
        try:
            response = await datasette.client.get(path)
            return response.status_code, response.json()
        finally:
            datasette.get_database("avim").close()
    return asyncio.run(fetch())


def canned(archive: Path, name: str) -> list[dict[str, Any]]:
    status, body = query(archive, f"/avim/{name}.json?_shape=array")
    assert status == 200, body
    return body


def test_no_canned_query_hides_a_table(tmp_path):
    """Datasette serves a canned query at /avim/NAME, where a table of that name would be."""
    db = store.open_db(tmp_path / "avim.sqlite")
    tables = set(db.table_names())
    db.close()
    assert not set(metadata("avim")["databases"]["avim"]["queries"]) & tables


def test_every_canned_query_is_in_the_metadata():
    assert set(metadata("avim")["databases"]["avim"]["queries"]) == {
        "dead_citations_by_commentary", "links_never_archived", "rot_by_citation_year",
        "domains_by_failure_rate", "citations_with_problems", "citations_to_review", "corrections_not_applied",
        "blocked_by_wall", "sites_down"}


def test_blocked_links_by_wall(archive):
    rows = canned(archive, "blocked_by_wall")
    assert [(r["wall"], r["domain"], r["links"], r["urls"]) for r in rows] == [("cloudflare", "armenpress.am", 1, BLOCKED)]
    status, body = query(archive, "/avim/links.json?_facet=wall&_shape=objects")
    assert status == 200
    assert {f["value"]: f["count"] for f in body["facet_results"]["wall"]["results"]} == {"cloudflare": 1}


def test_outages_still_down_first(archive):
    rows = canned(archive, "sites_down")
    assert [(r["domain"], r["ended_at"], r["runs"]) for r in rows] == [
        ("www.setav.org", None, 2), ("www.trthaber.com", DAYS[3], 2)]


def test_dead_citations_by_commentary(archive):
    rows = canned(archive, "dead_citations_by_commentary")
    assert [(r["number"], r["footnote"], r["position"], r["verdict"]) for r in rows] == [
        ("2026/14", 1, 2, "dead"), ("2026/14", 3, 1, "dying"), ("2026/14", 5, 1, "dead"), ("2025/58", 1, 1, "dead")]
    assert {r["dead_since"] for r in rows if r["verdict"] == "dead"} == {DAYS[0], DAYS[1]}


def test_links_never_archived(archive):
    rows = canned(archive, "links_never_archived")
    assert [(r["url"], r["citations"]) for r in rows] == [(GONE, 2), (BLOCKED, 1), (AA, 1), (TYPO, 1)]


def test_rot_by_citation_year(archive):
    rows = canned(archive, "rot_by_citation_year")
    assert [(r["year"], r["links"], r["rotten"], r["percent_rotten"]) for r in rows] == [
        ("2025", 2, 1, 50.0), ("2026", 5, 3, 60.0)]


def test_domains_by_failure_rate(archive):
    rows = canned(archive, "domains_by_failure_rate")
    assert [(r["domain"], r["checks"], r["failed"]) for r in rows] == [
        ("www.hurriyetaidailynews.com", 4, 4), ("www.hurriyetdailynews.com", 4, 3), ("www.aa.com.tr", 4, 2),
        ("armenpress.am", 4, 0), ("www.dailysabah.com", 4, 0)]


def test_citations_with_problems(archive):
    rows = canned(archive, "citations_with_problems")
    assert [(r["commentary_url"], r["footnote"], json.loads(r["problems"]), r["suggested_domain"]) for r in rows] == [
        (OLDER, 2, ["duplicate"], None), (REFERENCE, 1, ["suspect_domain"], "hurriyetdailynews.com")]


def test_facets_and_full_text_search(archive):
    status, body = query(archive, "/avim/links.json?_facet=verdict&_shape=objects")
    assert status == 200
    facet = {f["value"]: f["count"] for f in body["facet_results"]["verdict"]["results"]}
    assert facet == {"dead": 2, "alive": 1, "dying": 1, "blocked": 1}
    status, body = query(archive, "/avim/commentaries.json?_search=Sırbistan&_shape=array")
    assert status == 200 and len(body) == 2


def test_turkish_search_with_or_without_dots_and_accents(archive):
    """The commentaries say "Türkiye ve Sırbistan": found however a researcher types it."""
    for term in ("Sırbistan", "sirbistan", "SIRBISTAN", "Sirbistan", "turkiye", "TÜRKİYE", "Türkıye ve sirbistan"):
        status, body = query(archive, "/avim/commentaries.json?_search=" + requests.utils.quote(term) + "&_shape=array")
        assert status == 200 and len(body) == 2, (term, body)
    status, body = query(archive, "/avim/commentaries.json?_search=belgrad&_shape=array")
    assert status == 200 and body == []
    assert serve.turkish_fts('"Türkiye ve" x') == '("Türkiye ve" OR "Türkıye ve") AND "x"'  # a quoted phrase stays one


def test_metadata_hides_internal_tables_and_orders_citations_by_note(archive):
    status, body = query(archive, "/avim.json")
    assert status == 200
    hidden = {t["name"] for t in body["tables"] if t["hidden"]}
    assert {"_sqlite_migrations", "runs", "commentary_pages", "commentary_urls"} <= hidden
    assert {"commentaries", "citations", "links"}.isdisjoint(hidden)
    status, body = query(archive, "/avim/citations.json?_shape=objects")
    rows = [(r["commentary_url"], r["footnote"], r["position"]) for r in body["rows"]]
    assert rows == [(REFERENCE, 1, 1), (REFERENCE, 1, 2), (REFERENCE, 3, 1), (REFERENCE, 5, 1), (REFERENCE, 6, 1),
                    (OLDER, 1, 1), (OLDER, 2, 1)]


def test_citations_link_and_label_their_commentary_and_link(archive):
    status, body = query(archive, "/avim/citations.json?_shape=array&_labels=on&footnote=3")
    assert status == 200 and len(body) == 1
    assert body[0]["commentary_url"] == {"value": REFERENCE, "label": "Commentary 2026/14"}
    assert body[0]["link_url"]["value"] == AA  # the page has no title stored here: labelled by its URL


def test_problems_facet_counts_each_code(archive):
    status, body = query(archive, "/avim/citations.json?_shape=objects")
    facet = {f["value"]: f["count"] for f in body["facet_results"]["problems"]["results"]}
    assert facet == {"suspect_domain": 1, "duplicate": 1}


def test_year_facet_on_commentaries(archive):
    status, body = query(archive, "/avim/commentaries.json?_shape=objects")
    facet = body["facet_results"]["published"]
    assert [(f["value"], f["count"]) for f in facet["results"]] == [("2026", 1), ("2025", 1)]
    status, body = query(archive, "/avim/commentaries.json?_shape=array&published__startswith=2025")
    assert [r["number"] for r in body] == ["2025/58"]


def test_long_texts_are_left_out_of_table_pages_only(archive):
    async def fetch(path: str) -> str:
        datasette = Datasette([str(archive)], metadata=metadata("avim"))
        try:
            return (await datasette.client.get(path)).text
        finally:
            datasette.get_database("avim").close()
    table = asyncio.run(fetch("/avim/commentaries"))
    assert "Türkiye ve Sırbistan" not in table and "Commentary 2026/14" in table
    assert "Türkiye ve Sırbistan" in asyncio.run(fetch("/avim/commentaries?_col=text"))
    searched = asyncio.run(fetch("/avim/commentaries?_search=sirbistan"))
    assert "2 rows where search matches" in searched and "Türkiye ve Sırbistan" not in searched
    row = asyncio.run(fetch("/avim/commentaries/" + tilde_encode(REFERENCE)))
    assert "Türkiye ve Sırbistan" in row
    status, body = query(archive, "/avim/commentaries.json?_shape=array")
    assert all(r["text"] == "Türkiye ve Sırbistan…" for r in body)


def test_canned_queries_put_the_useful_columns_first(archive):
    rows = canned(archive, "dead_citations_by_commentary")
    assert list(rows[0])[:6] == ["number", "footnote", "position", "verdict", "link_url", "wayback_url"]
    assert rows[0]["link_url"] == TYPO


def test_writes_are_refused(archive):
    for sql in ("DELETE FROM links", "UPDATE links SET verdict = 'alive'", "DROP TABLE checks"):
        status, body = query(archive, "/avim.json?sql=" + requests.utils.quote(sql))
        assert status == 400 and "SELECT" in body["error"]
    assert canned(archive, "links_never_archived")  # still there


def test_not_even_datasettes_own_write_connection_can_write(archive):
    """Were a plugin or a setting to grant writes, SQLite itself refuses them (query_only)."""
    async def write() -> None:
        datasette = Datasette([str(archive)], metadata=metadata("avim"))
        database = datasette.get_database("avim")
        assert database.is_mutable
        try:
            await database.execute_write("DELETE FROM links")
        finally:
            database.close()
    with pytest.raises(Exception, match="readonly|read-only|query_only"):
        asyncio.run(write())
    assert store.open_db(archive)["links"].count == 5


def test_serve_command_runs_a_real_read_only_server(archive):
    process = subprocess.Popen([sys.executable, "-m", "avimcrawl", "serve", "--db", str(archive), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    try:
        address = None
        deadline = time.monotonic() + 60
        while address is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            match = re.search(r"^Serving the archive at (http://127\.0\.0\.1:\d+)/avim$", line.strip())
            address = match.group(1) if match else None
        assert address, "avimcrawl serve did not report the archive's address"
        response = requests.get(f"{address}/avim/dead_citations_by_commentary.json?_shape=array", timeout=10)
        assert response.status_code == 200 and len(response.json()) == 4
        assert requests.get(f"{address}/-/metadata.json", timeout=10).json()["title"].startswith("AVİM")
        write = requests.post(f"{address}/avim/links/-/insert", json={"row": {"url": "x"}}, timeout=10)
        assert write.status_code in (403, 404, 405)
        # A POST to a (read-only) canned query: Datasette 0.65 answers it with an error (a 500 there).
        write = requests.post(f"{address}/avim/links_never_archived", data={"url": "x"}, timeout=10)
        assert not write.ok
        for sql in ("DELETE FROM links", "INSERT INTO links (url) VALUES ('x')", "PRAGMA query_only = 0"):
            write = requests.get(f"{address}/avim.json", params={"sql": sql}, timeout=10)
            assert write.status_code in (400, 403), write.text
        count = requests.get(f"{address}/avim.json", params={"sql": "SELECT count(*) AS n FROM links", "_shape": "array"},
                             timeout=10)
        assert count.json() == [{"n": 5}]
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
    # Stopping the command stops Datasette too: nothing is left holding the port.
    with pytest.raises(requests.ConnectionError):
        for _ in range(50):
            requests.get(f"{address}/-/versions.json", timeout=2)
            time.sleep(0.1)

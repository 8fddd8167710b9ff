"""Does the page still say what was cited? `citations.match` (the live page) and
`capture_match` (the Wayback capture nearest the access date), through the real `check` and
`archive` commands against the local internet, over two epochs:

* a cited Turkish article whose URL serves another article of the same site from epoch 2
  (www.kafkashaber.example): `same` then `absent`, while its capture stays `same`;
* a parked domain (avrasyagundem.example, every path a "for sale" page): `parked`, while the
  capture holds the cited article (`same`);
* an unchanged page answering 304 (kafkashaber, conditional) and one answering the same
  body (www.balkanpost.example): the match and its `matched_at` are kept;
* a headline edited in epoch 2: `close`; a page gone 404, and one redirected to the home page
  (`gone_domain`): dead, their match kept as it was;
* the right title with another author (`close`), a footnote linking the wrong page
  (`absent`), a citation without a title (`unknown`);
* a commentary stored after its links were fetched gets its matches from the stored pages,
  and its capture matches at the next archive run.

Titles with ı/İ in Turkish and Title Case on one side, the site's casing on the other.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette
from scrapy.utils.test import get_crawler

from avimcrawl import store
from avimcrawl.citations import Citation
from avimcrawl.commentary import Commentary
from avimcrawl.items import CommentaryItem
from avimcrawl.pipelines import StorePipeline
from avimcrawl.serve import metadata
from avimcrawl.spiders.commentaries import CommentariesSpider
from tests.internet.client import SITES_DIR, LocalInternet

ROOT = Path(__file__).parent.parent
T1, T2 = "2026-03-01T09:00:00Z", "2026-03-02T09:00:00Z"
ACCESSED = "2026-02-20"
KH, BP = "https://www.kafkashaber.example", "https://www.balkanpost.example"
REPLACED = f"{KH}/dunya/ermenistan-ile-baris-surecinde-ilimli-adimlar-sinir-kapisi-icin-yeni-takvim-204511"
NOT_MODIFIED = f"{KH}/gundem/disisleri-bakanligi-guney-kafkasya-da-kalici-baris-icin-tarihi-firsat-var-204377"
EDITED = f"{BP}/politics/turkiye-serbia-agree-to-deepen-defense-cooperation/"
GONE = f"{BP}/politics/bosnian-serb-leader-dodik-renews-secession-threat/"
HOME = f"{BP}/politics/kosovo-and-serbia-resume-eu-facilitated-talks-in-brussels/"
SAME_BODY = f"{BP}/economy/trade-between-turkiye-and-serbia-hits-record-3-billion/"
PARKED = "https://avrasyagundem.example/ekonomi/orta-koridorda-yeni-donem-baku-tiflis-kars-hattinda-kapasite-iki-katina-cikiyor"
CAPTURES = {REPLACED: "20260216140211", NOT_MODIFIED: "20260214090512", EDITED: "20260218110345",
            SAME_BODY: "20260216130020", PARKED: "20260109081500"}
"""Captures taken before the access date; GONE has none."""

COMMENTARY = "https://avim.org.tr/tr/Yorum/KAFKASYA-DAN-BALKANLAR-A-TURKIYE-NIN-BAGLANTI-DIPLOMASISI"
LATER = "https://avim.org.tr/tr/Yorum/GUNEY-KAFKASYA-DA-BARIS-VE-ULASTIRMA"


@dataclass(frozen=True)
class Note:
    name: str
    url: str
    title: str | None
    authors: str | None = None
    published: str | None = None


NOTES = [
    Note("replaced", REPLACED, "Ermenistan İle Barış Sürecinde Ilımlı Adımlar: Sınır Kapısı İçin Yeni Takvim",
         "Zeynep Işıklı", "2026-02-16"),
    Note("not_modified", NOT_MODIFIED, "Dışişleri Bakanlığı: Güney Kafkasya'da Kalıcı Barış İçin Tarihi Fırsat Var",
         None, "2026-02-13"),
    Note("edited", EDITED, "Türkiye, Serbia Agree to Deepen Defense Cooperation", "Ayşe Demir", "2026-02-18"),
    Note("gone", GONE, "Bosnian Serb Leader Dodik Renews Secession Threat", "Adnan Hodzic", "2026-02-10"),
    Note("home", HOME, "Kosovo and Serbia Resume EU-Facilitated Talks in Brussels"),
    Note("other_author", SAME_BODY, "Trade Between Türkiye and Serbia Hits Record $3 Billion", "John Smith",
         "2026-02-15"),
    Note("wrong_page", SAME_BODY, "Serbia Joins the Middle Corridor Rail Project"),
    Note("parked", PARKED, "Orta Koridor'da Yeni Dönem: Bakü-Tiflis-Kars Hattında Kapasite İki Katına Çıkıyor",
         "Elif Yıldırım", "2026-01-08"),
    Note("no_title", NOT_MODIFIED, None),
]
LATER_NOTES = [
    Note("later_same", NOT_MODIFIED, "DIŞİŞLERİ BAKANLIĞI: GÜNEY KAFKASYA’DA KALICI BARIŞ İÇİN TARİHİ FIRSAT VAR"),
    Note("later_wrong", EDITED, "Serbia and Hungary Open New Border Crossing"),
]


def store_commentary(db: Path, url: str, notes: list[Note]) -> dict[str, str]:
    """A commentary with one footnote per note, stored through the crawl's own pipeline; ids by name."""
    crawler = get_crawler(CommentariesSpider, {"AVIMCRAWL_DB": str(db), "AVIMCRAWL_NOW": T1})
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    citations = [Citation(n, 1, f"{note.title or ''}, <{note.url}>", url=note.url, link_url=note.url,
                          authors=note.authors, title=note.title, published=note.published, accessed=ACCESSED)
                 for n, note in enumerate(notes, 1)]
    title = url.rsplit("/", 1)[1].replace("-", " ")
    page = Commentary(url, "avim.org.tr", "tr", "commentary", f"2026/{len(notes)}", title, published="2026-02-25",
                      citations=citations)
    pipeline.process_item(CommentaryItem(page, key=url.rsplit("/", 1)[1].lower(), fetched_url=url))
    pipeline.close_spider()
    return {note.name: store.citation_id(url, n, 1) for n, note in enumerate(notes, 1)}


def sites_with_captures(root: Path) -> Path:
    """The local internet's sites, with a Wayback Machine holding this test's captures (and, for
    the parked domain, the article it held before it lapsed)."""
    sites = root / "sites"
    sites.mkdir()
    for entry in SITES_DIR.iterdir():
        if entry.name != "web.archive.org":
            (sites / entry.name).symlink_to(entry)
    wayback = sites / "web.archive.org"
    shutil.copytree(SITES_DIR / "web.archive.org", wayback)
    captures = json.loads((wayback / "_captures.json").read_text(encoding="utf-8"))
    for url, timestamp in CAPTURES.items():
        captures["captures"][url] = [{"timestamp": timestamp, "statuscode": "200"}]
    (wayback / "_captures.json").write_text(json.dumps(captures, indent=1), encoding="utf-8")
    replay = wayback / "_replay" / (hashlib.sha1(PARKED.encode("utf-8")).hexdigest() + ".html")
    shutil.copyfile(SITES_DIR / "avrasyagundem.example" / "_archived-article.html", replay)
    return sites


@dataclass
class Run:
    db: Path
    ids: dict[str, str]
    stages: dict[str, dict[str, dict[str, object]]] = field(default_factory=dict)
    """Citation rows by name after each stage."""
    results: list[subprocess.CompletedProcess[str]] = field(default_factory=list)

    def snapshot(self, stage: str) -> None:
        with sqlite3.connect(self.db) as conn:
            conn.row_factory = sqlite3.Row
            rows = {row["id"]: dict(row) for row in conn.execute("SELECT * FROM citations")}
        self.stages[stage] = {name: rows[i] for name, i in self.ids.items()}

    def link(self, url: str) -> dict[str, object]:
        with sqlite3.connect(self.db) as conn:
            conn.row_factory = sqlite3.Row
            return dict(conn.execute("SELECT * FROM links WHERE url = ?", [url]).fetchone())


def avimcrawl(net: LocalInternet, run: Run, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "avimcrawl", *args, "--db", str(run.db)],
                            env=net.subprocess_env(), capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    run.results.append(result)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    tmp = tmp_path_factory.mktemp("match")
    db = tmp / "archive" / "avim.sqlite"
    history = Run(db, store_commentary(db, COMMENTARY, NOTES))
    history.snapshot("stored")
    check = ("check", "--all", "--delay", "0", "--timeout", "5")
    archive = ("archive", "--per-minute", "600", "--cdx-per-second", "100")
    with LocalInternet().start(sites_with_captures(tmp), tmp / "internet") as net:
        avimcrawl(net, history, *check, "--now", T1)
        history.snapshot("epoch 1")
        avimcrawl(net, history, *archive, "--now", T1)
        history.snapshot("archived")
        history.ids.update(store_commentary(db, LATER, LATER_NOTES))
        history.snapshot("later commentary")
        net.set_epoch(2)
        avimcrawl(net, history, *check, "--now", T2)
        history.snapshot("epoch 2")
        avimcrawl(net, history, *archive, "--now", T2)
        history.snapshot("archived again")
        yield history


def verdicts(run: Run, stage: str, column: str = "match") -> dict[str, object]:
    return {name: row[column] for name, row in run.stages[stage].items()}


def test_before_any_fetch_there_is_no_match(run):
    assert set(verdicts(run, "stored").values()) == {None}
    assert set(verdicts(run, "stored", "capture_match").values()) == {None}


def test_first_check_compares_every_citation_with_its_page(run):
    assert verdicts(run, "epoch 1") == {
        "replaced": "same", "not_modified": "same", "edited": "same", "gone": "same", "home": "same",
        "other_author": "close",  # the title is there; the byline names someone else
        "wrong_page": "absent",   # the footnote links another article of the site
        "parked": "parked", "no_title": "unknown",
    }
    rows = run.stages["epoch 1"]
    assert {row["matched_at"] for row in rows.values()} == {T1}
    assert rows["replaced"]["match_score"] == 1.0
    assert rows["replaced"]["match_title"] == "Ermenistan ile barış sürecinde ılımlı adımlar: Sınır kapısı için yeni takvim"
    assert rows["parked"]["match_title"] == "avrasyagundem.example"
    assert rows["wrong_page"]["match_score"] < 0.5
    assert rows["no_title"]["match_score"] is None


def test_the_capture_nearest_the_access_date_is_compared_too(run):
    assert verdicts(run, "archived", "capture_match") == {
        "replaced": "same", "not_modified": "same", "edited": "same",
        "gone": None, "home": None,  # no capture exists
        "other_author": "close", "wrong_page": "absent",
        "parked": "same",  # the archived copy is the cited page; the live one is a parking page
        "no_title": "unknown",
    }
    rows = run.stages["archived"]
    assert rows["parked"]["capture_match_title"] == \
        "Orta Koridor'da yeni dönem: Bakü-Tiflis-Kars hattında kapasite iki katına çıkıyor"
    assert rows["replaced"]["capture_match_score"] == 1.0
    assert verdicts(run, "archived") == verdicts(run, "epoch 1")  # archiving leaves the live match alone


def test_a_replaced_page_is_absent_while_its_capture_is_the_cited_page(run):
    row = run.stages["epoch 2"]["replaced"]
    assert (row["match"], row["capture_match"]) == ("absent", "same")
    assert row["match_title"] == "Ermenistan ile ticaret hacmi yüzde 40 arttı"
    assert row["matched_at"] == T2 and row["match_score"] < 0.7
    assert run.link(REPLACED)["verdict"] == "alive"  # a 200: link health alone sees nothing wrong


def test_an_edited_headline_is_close(run):
    row = run.stages["epoch 2"]["edited"]
    assert (row["match"], row["matched_at"], row["capture_match"]) == ("close", T2, "same")
    assert row["match_title"] == "Türkiye, Serbia agree to boost defense cooperation, ministers say"


def test_unchanged_pages_keep_their_match(run):
    before, after = run.stages["archived"], run.stages["epoch 2"]
    for name in ("not_modified", "no_title", "other_author", "wrong_page"):
        assert after[name]["match"] == before[name]["match"] and after[name]["matched_at"] == T1, name
    statuses = {url: run.link(url)["http_status"] for url in (NOT_MODIFIED, SAME_BODY)}
    assert statuses == {NOT_MODIFIED: 304, SAME_BODY: 200}


def test_a_dead_page_is_not_absent_its_match_stays_as_last_seen(run):
    row, link = run.stages["epoch 2"]["gone"], run.link(GONE)
    assert (link["http_status"], link["verdict"]) == (404, "dying")
    assert (row["match"], row["matched_at"]) == ("same", T1)
    # The home page in its place answers 200, but link health calls it no page: not `absent` either.
    row, link = run.stages["epoch 2"]["home"], run.link(HOME)
    assert (link["last_outcome"], link["http_status"], link["verdict"]) == ("gone_domain", 200, "dying")
    assert (row["match"], row["matched_at"], row["match_title"]) == \
        ("same", T1, "Kosovo and Serbia resume EU-facilitated talks in Brussels")


def test_a_parked_domain_stays_parked(run):
    row = run.stages["epoch 2"]["parked"]
    assert (row["match"], row["capture_match"]) == ("parked", "same")


def test_citations_stored_after_their_links_were_fetched_are_matched_from_the_stored_page(run):
    assert verdicts(run, "later commentary")["later_same"] == "same"
    assert verdicts(run, "later commentary")["later_wrong"] == "absent"
    assert run.stages["later commentary"]["later_same"]["capture_match"] is None
    # The next archive run compares them with the captures already found.
    assert verdicts(run, "archived again", "capture_match")["later_same"] == "same"
    assert verdicts(run, "archived again", "capture_match")["later_wrong"] == "absent"
    assert "capture matched" in run.results[-1].stdout + run.results[-1].stderr


def test_datasette_facets_citations_by_match(run):
    async def fetch() -> tuple[int, Any]:
        datasette = Datasette([str(run.db)], metadata=metadata("avim"))
        try:
            response = await datasette.client.get("/avim/citations.json?_shape=objects")
            return response.status_code, response.json()
        finally:
            datasette.get_database("avim").close()
    status, body = asyncio.run(fetch())
    assert status == 200
    facets = {name: {f["value"]: f["count"] for f in body["facet_results"][name]["results"]}
              for name in ("match", "capture_match")}
    assert facets["match"] == {"absent": 3, "same": 4, "close": 2, "parked": 1, "unknown": 1}
    assert facets["capture_match"] == {"same": 5, "absent": 2, "close": 1, "unknown": 1}

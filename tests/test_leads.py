"""Where did a cited page go? Spider `leads` (after the sources in `check` and `run`) and
the search itself (avimcrawl/leads.py), against the local internet:

* a misspelled domain (hurriyetaidailynews.com, as in the reference commentary): the page
  on the domain the author meant answers with the cited title;
* pages moved on their own site, found through its sitemaps (robots.txt → sitemap index →
  the sitemap of the cited month: same article id; a news sitemap's `news:title`);
* pages moved, found through the Wayback Machine's CDX index of the domain (live at the new
  URL; gone there too, proven by the capture);
* a candidate whose title is another article's: no suggestion;
* the bound: at most AVIMCRAWL_LEADS_MAX_REQUESTS fetches for one link.

Sites: www.hurriyetdailynews.com, www.balkanwire.example, www.caucasusdesk.example,
www.manyleads.example; captures in web.archive.org/_captures.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from avimcrawl import store
from avimcrawl.leads import (
    Answer,
    CdxGate,
    CitedAs,
    Fetch,
    Lead,
    Purpose,
    Search,
    SiteMaps,
    SuggestedHow,
    article_id,
    build_leads,
    cdx_query,
    intended_url,
    parse_cdx,
    parse_sitemap,
    robots_sitemaps,
    sitemap_hints,
    slug,
    url_key,
)
from tests.internet.client import SITES_DIR, LocalInternet
from tests.toolkit import query

ROOT = Path(__file__).parent.parent
NOW = "2026-03-01T09:00:00Z"
COMMENTARY = "https://avim.org.tr/en/Yorum/LEADS-TEST"
MISSPELLED = "https://www.hurriyetaidailynews.com/turkiye-serbia-agree-to-deepen-defense-energy-and-trade-cooperation-218902"
INTENDED = "https://www.hurriyetdailynews.com/turkiye-serbia-agree-to-deepen-defense-energy-and-trade-cooperation-218902"
BW = "https://www.balkanwire.example"
CD = "https://www.caucasusdesk.example"
ML = "https://www.manyleads.example"


@dataclass(frozen=True)
class Cited:
    url: str
    title: str
    verdict: str = "dead"
    last_outcome: str = "not_found"
    published: str | None = None
    suggested_domain: str | None = None


CITED = {
    "misspelled": Cited(MISSPELLED, "Türkiye, Serbia Agree to Deepen Defense, Energy and Trade Cooperation",
                        "unknown", None, "2026-02-13", "hurriyetdailynews.com"),
    "same_id": Cited(f"{BW}/news/2025/03/serbia-and-turkiye-sign-defence-industry-memorandum-48211",
                     "Serbia and Türkiye Sign Defence Industry Memorandum", published="2025-03-12"),
    "news_title": Cited(f"{BW}/news/balkan-leaders-gather-in-ohrid-51007",
                        "Balkan Leaders Meet in Ohrid for Regional Summit", published="2026-02-20"),
    "other_article": Cited(f"{BW}/news/montenegro-parliament-votes-on-new-government-55120",
                           "Montenegro Parliament Votes on New Government", published="2025-03-20"),
    "cdx_live": Cited(f"{CD}/en/news/armenia-and-azerbaijan-open-border-crossing-7731205",
                      "Armenia and Azerbaijan Open First Border Crossing", published="2025-11-02"),
    "cdx_capture": Cited(f"{CD}/en/news/georgia-hosts-black-sea-connectivity-forum-7730998",
                         "Georgia Hosts Black Sea Connectivity Forum", published="2025-09-15"),
    "bound": Cited(f"{ML}/story/regional-energy-ministers-meet-in-baku-90001",
                   "Regional Energy Ministers Meet in Baku", published="2025-09-10"),
    "alive": Cited("https://www.dailysabah.com/politics/diplomacy/president-erdogan-vucic-vow-to-deepen-turkiye-serbia-cooperation",
                   "President Erdoğan, Vucic Vow to Deepen Türkiye-Serbia Cooperation", "alive", "ok", "2026-02-12"),
}


def make_archive(db_path: Path, cited: dict[str, Cited]) -> dict[str, str]:
    """An archive holding one commentary that cites `cited` (one note each); its citation ids by name."""
    db = store.open_db(db_path)
    db["commentaries"].insert({"url": COMMENTARY, "site": "avim.org.tr", "lang": "en", "title": "Leads test"})
    ids = {}
    for footnote, (name, c) in enumerate(cited.items(), 1):
        ids[name] = store.citation_id(COMMENTARY, footnote, 1)
        problems = ["suspect_domain"] if c.suggested_domain else []
        db["citations"].insert({
            "id": ids[name], "commentary_url": COMMENTARY, "footnote": footnote, "position": 1,
            "raw": f"{c.title}, <{c.url}>", "url": c.url, "link_url": c.url, "title": c.title,
            "published": c.published, "problems": json.dumps(problems), "suggested_domain": c.suggested_domain,
            "kind": "web"})
        db["links"].insert({"url": c.url, "domain": c.url.split("/")[2], "verdict": c.verdict,
                            "last_outcome": c.last_outcome, "last_checked": "2026-02-28T09:00:00Z"}, ignore=True)
    db.close()
    return ids


def avimcrawl(net: LocalInternet, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "avimcrawl", *args], env=net.subprocess_env(),
                          capture_output=True, text=True, timeout=300, cwd=ROOT)


@dataclass
class Checked:
    db: Path
    ids: dict[str, str]
    result: subprocess.CompletedProcess[str]
    log: list[dict[str, Any]]

    def row(self, name: str) -> dict[str, Any]:
        return dict(query(self.db, "SELECT * FROM citations WHERE id = ?", self.ids[name])[0])

    def evidence(self, name: str) -> dict[str, Any]:
        return json.loads(self.row(name)["suggested_evidence"])


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Checked]:
    tmp = tmp_path_factory.mktemp("leads")
    db = tmp / "archive" / "avim.sqlite"
    ids = make_archive(db, CITED)
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        args = [a for c in CITED.values() for a in ("--url", c.url)]
        result = avimcrawl(net, "check", "--leads", "--db", str(db), "--delay", "0", "--timeout", "5", "--now", NOW, *args)
        yield Checked(db, ids, result, net.requests())


def test_check_runs_the_search_after_the_sources(checked):
    assert checked.result.returncode == 0, checked.result.stderr[-3000:]
    runs = [r["stage"] for r in query(checked.db, "SELECT stage FROM runs ORDER BY id")]
    assert runs == ["sources", "leads"]
    assert query(checked.db, "SELECT outcome FROM runs WHERE stage = 'leads'")[0][0] == "finished"


def test_misspelled_domain_suggests_the_intended_url_proven_live(checked):
    row = checked.row("misspelled")
    assert (row["suggested_url"], row["suggested_how"]) == (INTENDED, "intended_domain")
    evidence = checked.evidence("misspelled")
    assert evidence["proof"] == "live" and evidence["status"] == 200
    assert (evidence["found_in"], evidence["key"]) == ("suggested_domain", "hurriyetdailynews.com")
    assert evidence["match"] in ("same", "close") and evidence["score"] >= 0.6
    assert evidence["title"].startswith("Türkiye, Serbia agree to deepen defense, energy and trade cooperation")
    assert evidence["link_url"] == MISSPELLED
    assert row["suggested_at"] == NOW


def test_moved_page_found_in_the_sitemap_of_its_month_by_its_article_id(checked):
    row = checked.row("same_id")
    assert row["suggested_url"] == f"{BW}/politics/serbia-and-turkiye-sign-defence-industry-memorandum-48211"
    assert row["suggested_how"] == "same_id"
    evidence = checked.evidence("same_id")
    assert evidence["found_in"] == f"{BW}/sitemaps/posts-2025-03.xml" and evidence["key"] == "48211"
    assert (evidence["proof"], evidence["status"], evidence["match"]) == ("live", 200, "same")
    # robots.txt named the index; of its three sitemaps, the one of the cited month was read first
    read = [r["path"] for r in checked.log if r["host"] == "www.balkanwire.example" and "sitemap" in r["path"]]
    assert read[:2] == ["/sitemap_index.xml", "/sitemaps/posts-2025-03.xml"]
    assert read[-1] == "/sitemaps/posts-2024-11.xml"  # read last, by a later link's search


def test_moved_page_with_a_new_slug_found_by_its_news_sitemap_title(checked):
    row = checked.row("news_title")
    assert row["suggested_url"] == f"{BW}/diplomacy/ohrid-summit-ends-with-joint-declaration-63320"
    assert row["suggested_how"] == "sitemap"
    evidence = checked.evidence("news_title")
    assert evidence["found_in"] == f"{BW}/sitemaps/news.xml"
    assert evidence["key"] == "Balkan leaders meet in Ohrid for regional summit"


def test_a_site_s_sitemaps_are_read_once_for_all_its_links(checked):
    fetched = [r["path"] for r in checked.log if r["host"] == "www.balkanwire.example" and r["method"] == "GET"
               and r["path"].startswith(("/sitemap", "/sitemaps/"))]
    assert len(fetched) == len(set(fetched))


def test_candidate_whose_title_is_another_article_is_not_suggested(checked):
    row = checked.row("other_article")
    assert row["suggested_url"] is None and row["suggested_how"] is None
    assert row["suggested_at"] == NOW  # searched: not again before AVIMCRAWL_LEADS_RESEARCH_DAYS
    evidence = checked.evidence("other_article")
    tried = {t["url"]: t for t in evidence["tried"]}
    candidate = tried[f"{BW}/politics/montenegro-votes-on-new-government-55120"]
    assert candidate["status"] == 200 and candidate["match"] == "absent"
    assert candidate["title"].startswith("Montenegro's tourism season")
    # the sitemap's best candidate is a page robots.txt forbids: never fetched
    forbidden = f"{BW}/search/montenegro-parliament-votes-on-new-government-55120"
    assert tried[forbidden] == {"url": forbidden, "status": None, "rejected": "robots.txt forbids fetching this URL"}
    assert forbidden not in {r["url"] for r in checked.log}


def test_every_fetch_of_the_search_is_in_the_warc_files(checked):
    from warcio.archiveiterator import ArchiveIterator

    recorded = set()
    for path in (checked.db.parent / "warc").glob("*.warc.gz"):
        with path.open("rb") as stream:
            recorded |= {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                         if r.rec_type == "response"}
    assert f"{BW}/sitemaps/posts-2025-03.xml" in recorded
    assert checked.row("same_id")["suggested_url"] in recorded
    assert any(u.startswith("https://web.archive.org/cdx/search/cdx?url=caucasusdesk.example") for u in recorded)
    assert f"https://web.archive.org/web/20250915083000id_/{CD}/en/archive/georgia-hosts-black-sea-connectivity-forum-7730998" in recorded


def test_moved_page_found_through_the_wayback_cdx_index_and_live(checked):
    row = checked.row("cdx_live")
    assert row["suggested_url"] == f"{CD}/en/region/armenia-and-azerbaijan-open-first-border-crossing-7731205"
    assert row["suggested_how"] == "wayback_cdx"
    evidence = checked.evidence("cdx_live")
    assert evidence["proof"] == "live" and evidence["status"] == 200 and evidence["key"] == "7731205"
    assert evidence["capture_timestamp"] == "20251102121500"  # its first capture (`collapse=urlkey` keeps it)
    assert evidence["capture_url"] == ("https://web.archive.org/web/20251102121500/"
                                       f"{CD}/en/region/armenia-and-azerbaijan-open-first-border-crossing-7731205")
    assert evidence["found_in"].startswith("https://web.archive.org/cdx/search/cdx?url=caucasusdesk.example&matchType=domain")


def test_moved_page_gone_live_too_is_proven_by_its_capture(checked):
    row = checked.row("cdx_capture")
    assert row["suggested_url"] == f"{CD}/en/archive/georgia-hosts-black-sea-connectivity-forum-7730998"
    assert row["suggested_how"] == "wayback_cdx"
    evidence = checked.evidence("cdx_capture")
    assert evidence["proof"] == "capture" and evidence["status"] == 404 and evidence["capture_status"] == 200
    assert evidence["capture_timestamp"] == "20250915083000"
    assert evidence["title"].startswith("Georgia hosts Black Sea connectivity forum")


def test_one_cdx_query_per_link_paced_and_without_robots(checked):
    cdx = [r for r in checked.log if r["host"] == "web.archive.org" and r["path"].startswith("/cdx/")]
    searched = [name for name in CITED if name not in ("alive", "misspelled", "news_title", "same_id")]
    assert len(cdx) == len(searched)
    assert not [r for r in checked.log if r["host"] == "web.archive.org" and r["path"] == "/robots.txt"]
    times = sorted(r["t"] for r in cdx)
    assert all(b - a >= 2.4 for a, b in zip(times, times[1:]))  # 0.4 queries a second at most


def test_the_search_stops_at_its_bound(checked):
    evidence = checked.evidence("bound")
    assert checked.row("bound")["suggested_url"] is None
    assert evidence["requests"] == 6
    host = [r for r in checked.log if r["method"] == "GET" and (
        r["host"] == "www.manyleads.example" or (r["host"] == "web.archive.org" and "manyleads" in r["url"]))]
    # the sources' check of the link and the two spiders' robots.txt middleware are not the search's
    assert len(host) - 3 == 6
    assert [r["path"] for r in host if r["host"] == "web.archive.org"][0].startswith("/cdx/")


def test_a_link_that_answers_with_its_title_is_not_searched(checked):
    assert checked.row("alive")["suggested_at"] is None


def test_the_cited_urls_are_never_rewritten(checked):
    for name, cited in CITED.items():
        row = checked.row(name)
        assert (row["url"], row["link_url"]) == (cited.url, cited.url)
    assert {r["url"] for r in query(checked.db, "SELECT url FROM links")} == {c.url for c in CITED.values()}


def test_check_says_what_the_search_found(checked):
    lines = checked.result.stdout.splitlines()
    assert lines[1].startswith("verdicts: ")
    assert lines[2].startswith("leads: 7 dead or misspelled links searched (")
    assert "5 suggested URLs (intended_domain 1, same_id 1, sitemap 1, wayback_cdx 2)" in lines[2]


def test_a_second_check_does_not_search_again(checked, tmp_path):
    with LocalInternet().start(SITES_DIR, tmp_path / "internet") as net:
        args = [a for c in CITED.values() for a in ("--url", c.url)]
        result = avimcrawl(net, "check", "--leads", "--db", str(checked.db), "--delay", "0", "--timeout", "5",
                           "--now", "2026-03-02T09:00:00Z", *args)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "leads: 0 dead or misspelled links searched (0 requests), 0 suggested URLs" in result.stdout
        assert not [r for r in net.requests() if r["host"] == "web.archive.org"]


def test_the_bound_is_a_setting(tmp_path):
    db = tmp_path / "avim.sqlite"
    ids = make_archive(db, {"bound": CITED["bound"]})
    with LocalInternet().start(SITES_DIR, tmp_path / "internet") as net:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "leads", "-s", f"AVIMCRAWL_DB={db}", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AVIMCRAWL_LEADS_MAX_REQUESTS=3", "-s", f"AVIMCRAWL_NOW={NOW}", "-s", "LOG_LEVEL=WARNING"],
            env=net.subprocess_env(), capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert result.returncode == 0, result.stderr[-2000:]
        searched = [r for r in net.requests() if r["method"] == "GET" and r["path"] != "/robots.txt"]
    evidence = json.loads(query(db, "SELECT suggested_evidence FROM citations WHERE id = ?", ids["bound"])[0][0])
    assert evidence["requests"] == 3
    # too few to read sitemaps and keep three for candidates: the CDX query, a candidate live, its capture
    cdx, live, capture = searched
    assert cdx["path"].startswith("/cdx/search/cdx")
    assert live["host"] == "www.manyleads.example" and live["status"] == 404
    assert capture["path"].startswith("/web/") and capture["path"].endswith(live["path"])


# ------------------------------------------------------------------ the search, offline


def test_urls_article_ids_and_slugs():
    assert article_id(INTENDED) == "218902"
    assert article_id("https://www.aa.com.tr/en/economy/baku-line/3461180") == "3461180"
    assert article_id("https://ria.ru/20260220/rasshirenie-2076112345.html") == "2076112345"
    assert article_id("https://armenianweekly.com/2026/01/30/opposition-rallies/") is None
    assert slug(INTENDED) == "turkiye-serbia-agree-to-deepen-defense-energy-and-trade-cooperation"
    assert slug("https://www.aa.com.tr/en/economy/baku-tbilisi-kars-line-to-handle/3461180") == "baku-tbilisi-kars-line-to-handle"
    assert slug("https://avim.org.tr/en/Yorum/BOSNIA-AND-THE-BALKANS") == "bosnia-and-the-balkans"
    assert slug("https://example.org/a/b") is None
    assert slug("https://ec.europa.eu/document/turkiye-report-2025_en.pdf") == "turkiye-report-2025-en"
    assert intended_url(MISSPELLED, "hurriyetdailynews.com") == INTENDED
    assert intended_url("http://news.aa.com.tr:8080/x?y=1", "aa.com.tr") == "http://news.aa.com.tr:8080/x?y=1"
    assert url_key("https://WWW.Example.org/A/") == url_key("http://example.org/a")


def test_sitemaps_robots_and_cdx_are_read_safely():
    assert robots_sitemaps(b"User-agent: *\nSITEMAP: https://x.org/s.xml\nsitemap:\nDisallow: /\n") == ["https://x.org/s.xml"]
    news = (SITES_DIR / "www.balkanwire.example" / "sitemaps" / "news.xml").read_bytes()
    entries, children = parse_sitemap(news, "s")
    assert [e.title for e in entries] == ["Balkan leaders meet in Ohrid for regional summit",
                                          "Bosnia signs gas interconnector deal with Croatia"] and children == []
    index = (SITES_DIR / "www.balkanwire.example" / "sitemap_index.xml").read_bytes()
    assert len(parse_sitemap(index, "s")[1]) == 3
    import gzip
    assert parse_sitemap(gzip.compress(news), "s")[0] == entries
    xxe = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.org/&x;</loc></url></urlset>')
    assert all("root:" not in e.loc for e in parse_sitemap(xxe, "s")[0])
    assert parse_sitemap(b"not xml at all", "s") == ([], [])
    assert parse_cdx(b"") == [] and parse_cdx(b"[]") == [] and parse_cdx(b"{nonsense") == []
    rows = parse_cdx(b'[["timestamp","original","statuscode"],["20250101000000","https://x.org/a-b-c-12345","200"]]')
    assert rows[0].original == "https://x.org/a-b-c-12345"
    query_url = cdx_query("https://www.x.org/news/a-b-c-12345", "12345", "a-b-c")
    assert query_url and "matchType=domain" in query_url and "url=x.org" in query_url
    import re
    from urllib.parse import parse_qsl, urlsplit
    pattern = [v for k, v in parse_qsl(urlsplit(query_url).query) if k == "filter" and v.startswith("original:")][0]
    regex = re.compile(pattern.removeprefix("original:"))
    assert regex.fullmatch("https://x.org/old/A_B_C.html") and regex.fullmatch("https://x.org/n/12345")
    assert not regex.fullmatch("https://x.org/n/123456") and not regex.fullmatch("https://x.org/a-b")
    assert cdx_query("https://www.x.org/", None, None) is None


def test_sitemaps_of_the_cited_month_first():
    lead = Lead(CITED["same_id"].url, [CitedAs("c", "t")], published="2025-03-12")
    assert sitemap_hints(lead) == (("2025-03", "2025/03", "202503", "2025_03"), ("2025",))
    maps = SiteMaps(BW)
    maps.take(Fetch(f"{BW}/robots.txt", Purpose.ROBOTS), Answer("r", 200, body=b"Sitemap: https://evil.org/s.xml\n"))
    assert maps.queue == [f"{BW}/sitemap.xml"]  # another site's sitemap is not read; the default is
    maps.queue = [f"{BW}/a-2024.xml", f"{BW}/news.xml", f"{BW}/b-2025.xml", f"{BW}/c-2025-03.xml"]
    assert [maps.next_fetch(lead).url for _ in range(4)] == [f"{BW}/c-2025-03.xml", f"{BW}/b-2025.xml",  # type: ignore[union-attr]
                                                              f"{BW}/news.xml", f"{BW}/a-2024.xml"]
    assert maps.next_fetch(lead) is None


def drive(search: Search, web: dict[str, Answer]) -> tuple[Any, list[Fetch]]:
    """Run a search against a dict of answers (a 404 for anything else)."""
    asked: list[Fetch] = []
    plan = search.run()
    try:
        fetch = next(plan)
        while True:
            asked.append(fetch)
            fetch = plan.send(web.get(fetch.url, Answer(fetch.url, 404, fetch.url)))
    except StopIteration as end:
        return end.value, asked


def test_the_bound_holds_however_many_candidates():
    dead = "https://x.org/news/energy-ministers-meet-in-baku-90001"
    rows = [["timestamp", "original", "statuscode"]] + [
        [f"2025010{i}000000", f"https://x.org/s{i}/energy-ministers-meet-in-baku-90001", "200"] for i in range(1, 10)]
    query_url = cdx_query(dead, "90001", "energy-ministers-meet-in-baku")
    assert query_url
    web = {query_url: Answer(query_url, 200, body=json.dumps(rows).encode())}
    for budget in (1, 2, 4, 6, 9):
        lead = Lead(dead, [CitedAs("c", "Energy Ministers Meet in Baku")])
        finding, asked = drive(Search(lead, SiteMaps("https://x.org"), CdxGate(), budget), web)
        assert len(asked) == finding.requests <= budget and finding.url is None


def test_a_capture_never_stands_for_a_page_that_now_says_something_else():
    dead = "https://x.org/news/energy-ministers-meet-in-baku-90001"
    moved = "https://x.org/new/energy-ministers-meet-in-baku-90001"
    query_url = cdx_query(dead, "90001", "energy-ministers-meet-in-baku")
    assert query_url
    rows = [["timestamp", "original", "statuscode"], ["20250101000000", moved, "200"]]
    web = {query_url: Answer(query_url, 200, body=json.dumps(rows).encode()),
           moved: Answer(moved, 200, moved, title="Cookie policy", text="We use cookies."),
           f"https://web.archive.org/web/20250101000000id_/{moved}": Answer(
               "c", 200, title="Energy ministers meet in Baku", text="Energy ministers met in Baku.")}
    lead = Lead(dead, [CitedAs("c", "Energy Ministers Meet in Baku")])
    finding, asked = drive(Search(lead, SiteMaps("https://x.org"), CdxGate(), 6), web)
    assert finding.url is None and not [f for f in asked if f.purpose is Purpose.CAPTURE]
    web[moved] = Answer(moved, 410, moved)  # gone: now the capture may prove it
    finding, _ = drive(Search(lead, SiteMaps("https://x.org"), CdxGate(), 6), web)
    assert finding.url == moved and finding.how is SuggestedHow.WAYBACK_CDX and finding.proof["proof"] == "capture"


def test_a_429_from_the_cdx_index_ends_cdx_queries_for_the_run():
    gate = CdxGate()
    dead = "https://x.org/news/energy-ministers-meet-in-baku-90001"
    query_url = cdx_query(dead, "90001", "energy-ministers-meet-in-baku")
    assert query_url
    web = {query_url: Answer(query_url, 429)}
    lead = Lead(dead, [CitedAs("c", "Energy Ministers Meet in Baku")])
    drive(Search(lead, SiteMaps("https://x.org"), gate, 6), web)
    assert not gate.open
    _, asked = drive(Search(lead, SiteMaps("https://x.org"), gate, 6), web)
    assert not [f for f in asked if f.purpose is Purpose.CDX]


def test_a_misspelled_link_that_works_and_says_its_title_is_no_lead():
    row = {"id": "a", "link_url": MISSPELLED, "title": "Türkiye, Serbia agree to deepen defense cooperation",
           "published": None, "suggested_domain": "hurriyetdailynews.com", "verdict": "alive", "last_outcome": "ok",
           "page_title": "Türkiye, Serbia agree to deepen defense cooperation", "page_text": "…"}
    assert build_leads([row]) == []
    assert build_leads([{**row, "verdict": "dying"}])[0].intended_url == INTENDED


def test_run_asks_for_the_search_and_counts_its_finds(monkeypatch, tmp_path):
    from avimcrawl import scheduled
    from avimcrawl.clock import Clock
    from avimcrawl.crawl import CrawlOptions, LeadsReport, SourcesReport
    from avimcrawl.wayback import Limits

    asked: list[CrawlOptions] = []

    class Asked(Exception):
        pass

    def run_crawl(options: CrawlOptions) -> Any:
        asked.append(options)
        raise Asked

    monkeypatch.setattr(scheduled, "run_crawl", run_crawl)
    with pytest.raises(Asked):
        scheduled.run_everything(CrawlOptions(db=str(tmp_path / "a.sqlite"), select="due"), tmp_path, Clock.at(NOW),
                                 Limits(cdx_per_second=0.2))
    assert asked[0].leads is True and asked[0].cdx_per_second == 0.2
    leads = LeadsReport({"finish_reason": "finished", "avimcrawl/leads/searched": 4, "avimcrawl/leads/found": 2,
                         "avimcrawl/leads/found/same_id": 2, "avimcrawl/leads/requests": 11})
    outcome = scheduled.RunOutcome(sources=SourcesReport({"finish_reason": "finished"}, leads))
    assert "2 suggested URLs for dead or misspelled links" in outcome.summary_line()
    assert leads.summary_line() == "leads: 4 dead or misspelled links searched (11 requests), 2 suggested URLs (same_id 2)"
    assert SourcesReport({"finish_reason": "finished"}, LeadsReport({"finish_reason": "shutdown"})).failure()

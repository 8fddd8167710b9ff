"""Other web archives through Memento TimeTravel: the client, its stand-in, and the archive stage.

The archive stage runs in-process on a copy of one English crawl, with a virtual clock (as in
test_archive.py); the stand-in's mementos are `sites/timetravel.mementoweb.org/_mementos.json`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlite_utils

from avimcrawl import store
from avimcrawl.archive import ArchiveOptions, ArchiveReport, Archiver
from avimcrawl.clock import Clock
from avimcrawl.memento import (
    Memento,
    TimeTravelClient,
    TimeTravelError,
    archive_name,
    is_wayback,
    mementos_of,
    nearest,
    parse_datetime,
)
from avimcrawl.wayback import Keys, Limits, RateLimiter, WaybackClient
from tests.internet.client import SITES_DIR, LocalInternet
from tests.internet.timetravel import HOST
from tests.toolkit import FakeClock, avimcrawl, query

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
STAMP = NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
KEYS = Keys("test-access-5b1c", "test-secret-9e04")
WAYBACK_HOSTS = ("web.archive.org", "archive.org")
CAPTURES = json.loads((SITES_DIR / "web.archive.org" / "_captures.json").read_text(encoding="utf-8"))["captures"]

HUDOC = "https://hudoc.echr.coe.int/eng?i=001-158235"  # dying; the Wayback Machine holds only a 503
CASPIAN = "https://caspianpost.com/politics/balkans-peace-platform-turkiye-s-approach-to-uniting-regional-divisions"
COMMENTARY = "https://avim.org.tr/en/Yorum/THE-1915-EVENTS-IN-THE-US-CONGRESS-AN-OLD-SCRIPT-IN-A-NEW-SESSION"
ONLY_WAYBACK = "http://www.democratizationpolicy.org/summary/the-eu-s-failing-policy-initiative-for-bih/"
NOWHERE = "https://usa-ue.pl/teksty-i-komentarze/english/western-balkans-a-slow-death-of-the-eu-enlargement-policy//"
IN_WAYBACK = "https://balkaninsight.com/2021/04/15/slovenia-denies-authorship-of-non-paper-on-redrawing-balkan-borders/"

EXPECTED = {
    # accessed 2026-01-27: TimeTravel's closest is the Wayback Machine's 503 of 01-28; the
    # nearest other memento before the day is Arquivo.pt's of 01-20.
    HUDOC: ("Arquivo.pt", "https://arquivo.pt/wayback/20260120081433/" + HUDOC, "20260120081433"),
    # accessed 2026-02-23: archive.today's of 02-21 before the Library of Congress's (closer) of 02-26
    CASPIAN: ("archive.today", "https://archive.ph/20260221094512/" + CASPIAN, "20260221094512"),
    # published 2026-01-29: the UK Web Archive's only memento, the day after
    COMMENTARY: ("UK Web Archive", "https://www.webarchive.org.uk/wayback/archive/20260130120000/" + COMMENTARY,
                 "20260130120000"),
}


# ------------------------------------------------------------------- the client, offline


@pytest.mark.parametrize(("uri", "name"), [
    ("https://archive.ph/20260221094512/https://example.com/", "archive.today"),
    ("http://archive.is/20130115093201/http://www.cnn.com/", "archive.today"),
    ("https://arquivo.pt/wayback/20260120081433/https://example.com/", "Arquivo.pt"),
    ("https://www.webcitation.org/6fh2KxYz1", "WebCite"),
    ("https://www.webarchive.org.uk/wayback/archive/20260130120000/https://example.com/", "UK Web Archive"),
    ("https://webarchive.nationalarchives.gov.uk/ukgwa/20260101000000/https://example.gov.uk/", "UK Government Web Archive"),
    ("https://webarchive.loc.gov/all/20260226000000/https://example.com/", "Library of Congress"),
    ("https://wayback.archive-it.org/1234/20260101000000/https://example.com/", "Archive-It"),
    ("https://memento.example.net/20260101/https://example.com/", "memento.example.net"),
])
def test_the_archive_is_named_by_the_mementos_host(uri, name):
    assert archive_name(uri) == name


def test_wayback_mementos_are_not_another_archive():
    assert is_wayback("https://web.archive.org/web/2026/https://example.com/")
    assert is_wayback("http://wayback.archive.org/web/2026/https://example.com/")
    assert not is_wayback("https://wayback.archive-it.org/1/2026/https://example.com/")
    assert not is_wayback("https://archive.ph/2026/https://web.archive.org/")


def test_datetimes_iso_or_http():
    moment = datetime(2013, 1, 15, 9, 32, 1, tzinfo=timezone.utc)
    assert parse_datetime("2013-01-15T09:32:01Z") == moment
    assert parse_datetime("Tue, 15 Jan 2013 09:32:01 GMT") == moment
    assert parse_datetime("yesterday") is None and parse_datetime(None) is None


def test_an_answer_gives_the_other_archives_mementos_once_each_oldest_first():
    wayback = "https://web.archive.org/web/20130115093201/http://cnn.com/"
    today = "https://archive.ph/20130115093201/http://cnn.com/"
    answer = {"original_uri": "http://cnn.com", "mementos": {
        "first": {"datetime": "2001-06-01T00:00:00Z", "uri": ["https://webarchive.loc.gov/all/20010601000000/http://cnn.com/"]},
        "closest": {"datetime": "2013-01-15T09:32:01Z", "uri": [wayback, today]},
        "next": {"datetime": "2013-02-01T00:00:00Z", "uri": wayback.replace("20130115093201", "20130201000000")},
        "last": {"datetime": "2013-01-15T09:32:01Z", "uri": [today]},
        "prev": {"datetime": "not a date", "uri": ["https://arquivo.pt/wayback/1/http://cnn.com/"]},
    }}
    assert mementos_of(answer) == [
        Memento("Library of Congress", "https://webarchive.loc.gov/all/20010601000000/http://cnn.com/", "20010601000000"),
        Memento("archive.today", today, "20130115093201"),
    ]
    with pytest.raises(TimeTravelError):
        mementos_of({"original_uri": "http://cnn.com"})


def test_nearest_is_the_last_before_else_the_first_after():
    old, mid, late = (Memento("a", f"https://a.example/{t}", t) for t in ("20200101000000", "20260120000000", "20260205000000"))
    assert nearest([old, mid, late], datetime(2026, 1, 27, 23, 59, 59, tzinfo=timezone.utc)) == mid
    assert nearest([mid, late], datetime(2026, 1, 1, tzinfo=timezone.utc)) == mid
    assert nearest([], NOW) is None


# ------------------------------------------------------------------- the stand-in


def web(net: LocalInternet) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.proxies = net.proxies
    session.verify = str(net.ca_path)
    return session


def test_the_stand_in_speaks_the_json_api(internet):
    answer = web(internet).get(f"https://{HOST}/api/json/20260127/{HUDOC}", timeout=10)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/json"
    data = answer.json()
    assert data["original_uri"] == HUDOC
    assert data["timegate_uri"] == f"http://{HOST}/timegate/{HUDOC}"
    assert set(data["timemap_uri"]) == {"json_format", "link_format"}
    moments = data["mementos"]
    assert set(moments) == {"first", "prev", "closest", "next", "last"}
    assert moments["closest"] == {"datetime": "2026-01-28T03:14:02Z",
                                  "uri": ["https://web.archive.org/web/20260128031402/" + HUDOC]}
    assert moments["prev"]["datetime"] == "2026-01-20T08:14:33Z"
    assert moments["first"]["uri"] == ["https://www.webcitation.org/6fh2KxYz1"]
    # URLs compared by SURT key, as the Wayback stand-in does
    again = web(internet).get(f"http://{HOST}/api/json/2026/http://hudoc.echr.coe.int/eng?i=001-158235", timeout=10)
    assert again.json()["mementos"]["first"] == moments["first"]
    # the oldest: no prev
    assert "prev" not in web(internet).get(f"http://{HOST}/api/json/2000/{HUDOC}", timeout=10).json()["mementos"]


def test_the_stand_in_answers_404_for_what_no_archive_holds_and_redirects_to_mementos(internet):
    session = web(internet)
    assert session.get(f"https://{HOST}/api/json/2026/{NOWHERE}", timeout=10).status_code == 404
    assert session.get(f"https://{HOST}/api/json/yesterday/{HUDOC}", timeout=10).status_code == 400
    redirect = session.get(f"https://{HOST}/memento/20260120/{HUDOC}", timeout=10, allow_redirects=False)
    assert redirect.status_code == 302 and redirect.headers["Location"].startswith("https://arquivo.pt/")


def test_the_client_through_the_stand_in_faults_and_timeouts(internet, monkeypatch):
    for name, value in internet.env.items():
        monkeypatch.setenv(name, value)
    client = TimeTravelClient(RateLimiter(Limits(cdx_per_second=100, timeout=0.5)))
    day = datetime(2026, 1, 27, 23, 59, 59, tzinfo=timezone.utc)
    assert client.nearest(HUDOC, day) == Memento(*EXPECTED[HUDOC])
    assert client.nearest(NOWHERE, day) is None
    assert client.nearest(ONLY_WAYBACK, day) is None
    internet.control("/timetravel/fault?status=503&times=1")
    with pytest.raises(TimeTravelError, match="503"):
        client.nearest(HUDOC, day)
    assert client.nearest(HUDOC, day) is not None  # times=1: the next one answers
    internet.control("/timetravel/fault?status=0&delay=2")
    with pytest.raises(TimeTravelError, match="Timeout"):
        client.nearest(HUDOC, day)
    requested = [r for r in internet.requests() if r["host"] == HOST and r["method"] == "GET"]
    assert requested[0]["path"] == f"/api/json/20260127235959/{HUDOC}"
    assert requested[0]["headers"]["User-Agent"].startswith("avimcrawl/")


# ------------------------------------------------------------------- the archive stage


@dataclass
class Runs:
    net: LocalInternet
    db_path: Path
    clock: FakeClock
    reports: list[ArchiveReport] = field(default_factory=list)
    logs: list[list[dict[str, Any]]] = field(default_factory=list)

    def run(self, keys: Keys | None = None, timetravel: bool = True) -> ArchiveReport:
        self.net.clear_log()
        db = store.open_db(self.db_path)
        try:
            limits = Limits()
            others = TimeTravelClient(RateLimiter(limits, self.clock)) if timetravel else None
            report = Archiver(db, WaybackClient(RateLimiter(limits, self.clock), keys), ArchiveOptions(),
                              Clock(NOW), others).run()
        finally:
            db.close()
        self.reports.append(report)
        self.logs.append(self.net.requests())
        return report

    def asked(self, index: int = -1) -> list[str]:
        """The URLs TimeTravel was asked about in a run."""
        return [r["path"].split("/", 4)[4] for r in self.logs[index] if r["host"] == HOST and r["method"] == "GET"]

    def other(self, url: str) -> tuple[Any, ...]:
        table = "commentaries" if url.startswith("https://avim.org.tr/") else "links"
        row = query(self.db_path, f"""SELECT t.other_archive, t.other_archive_url, t.other_archive_timestamp,
                                             s.other_archive_lookup
                                      FROM {table} t JOIN snapshots s ON s.url = t.url WHERE t.url = ?""", url)[0]
        return tuple(row)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalInternet, Path]]:
    """A crawl of the English pages, kept untouched: each test archives a copy of it."""
    tmp = tmp_path_factory.mktemp("crawled")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        db = tmp / "crawled.sqlite"
        crawl = avimcrawl(net, "crawl", "--db", str(db), "--delay", "0", "--timeout", "3", "--now", STAMP,
                          "--lang", "en", timeout=600)
        assert crawl.returncode == 0, crawl.stderr[-2000:]
        yield net, db


@pytest.fixture
def runs(crawled: tuple[LocalInternet, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runs:
    net, crawled_db = crawled
    net.control("/wayback/reset")
    net.control("/timetravel/reset")
    db = tmp_path / "avim.sqlite"
    with sqlite3.connect(crawled_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    for name, value in net.env.items():
        monkeypatch.setenv(name, value)
    return Runs(net, db, FakeClock(NOW.timestamp(), publish=net.state_dir / "clock"))


def without_wayback_capture(db: Path) -> set[str]:
    """The queued URLs the Wayback stand-in has no 200 capture of."""
    def key(url: str) -> str:
        return url.split("://", 1)[1].removeprefix("www.").lower().rstrip("/")
    captured = {key(url) for url, caps in CAPTURES.items() if any(c["statuscode"] == "200" for c in caps)}
    return {row["url"] for row in query(db, "SELECT url FROM snapshots") if key(row["url"]) not in captured}


def lookups(db: Path) -> dict[str, str | None]:
    return {row["url"]: row["other_archive_lookup"] for row in query(db, "SELECT url, other_archive_lookup FROM snapshots")}


def test_a_page_without_a_wayback_capture_gets_another_archives_memento_nearest_the_access_date(runs):
    report = runs.run()
    for url, (archive, memento, timestamp) in EXPECTED.items():
        assert runs.other(url) == (archive, memento, timestamp, "found"), url
    assert report.counts["other_archive"] == len(EXPECTED)
    assert f"other archive {len(EXPECTED)}" in report.summary_line()
    # beside the Wayback fields, which stay empty
    assert query(runs.db_path, "SELECT wayback_url FROM links WHERE url = ?", HUDOC)[0][0] is None


def test_a_page_with_a_wayback_capture_never_asks_timetravel(runs):
    runs.run()
    assert sorted(runs.asked()) == sorted(without_wayback_capture(runs.db_path))
    assert IN_WAYBACK not in runs.asked()
    assert runs.other(IN_WAYBACK) == (None, None, None, None)
    # paced like CDX lookups, on the same (virtual) clock
    moments = [r["vt"] for r in runs.logs[-1] if r["host"] == HOST and r["method"] == "GET"]
    assert all(b - a >= 2.5 - 1e-6 for a, b in zip(moments, moments[1:]))


def test_no_memento_elsewhere_leaves_the_fields_empty_and_is_not_asked_again(runs):
    runs.run()
    assert runs.other(NOWHERE) == (None, None, None, "none")  # TimeTravel: 404
    assert runs.other(ONLY_WAYBACK) == (None, None, None, "none")  # only the Wayback Machine's own
    still_queued = query(runs.db_path, "SELECT count(*) FROM snapshots WHERE url IN (?, ?) AND status = 'pending'",
                         NOWHERE, ONLY_WAYBACK)[0][0]
    assert still_queued == 2  # without keys: waiting to be saved, looked up in CDX again next run
    runs.run()
    assert runs.asked() == []


def test_timetravel_unavailable_fails_nothing_and_is_asked_again_next_run(runs, caplog):
    runs.net.control("/timetravel/fault?status=503")
    with caplog.at_level(logging.WARNING, logger="avimcrawl.archive"):
        first = runs.run(keys=KEYS)
    warnings = [r.getMessage() for r in caplog.records if "TimeTravel" in r.getMessage()]
    assert len(warnings) == 1 and "503" in warnings[0] and "asked again next run" in warnings[0]
    assert len(runs.asked()) == 3  # then the run asks no more
    due = without_wayback_capture(runs.db_path)
    assert {url for url, lookup in lookups(runs.db_path).items() if lookup == "due"} == due
    assert first.counts["timetravel_unavailable"] == len(due)
    assert "timetravel unavailable" in first.summary_line()
    for url in EXPECTED:
        assert runs.other(url) == (None, None, None, "due"), url
    # the Wayback work went on as usual: the dying link skipped, the live ones saved
    assert query(runs.db_path, "SELECT status FROM snapshots WHERE url = ?", HUDOC)[0][0] == "skipped"
    assert query(runs.db_path, "SELECT status FROM snapshots WHERE url = ?", NOWHERE)[0][0] == "saved"

    runs.net.control("/timetravel/fault?status=0")
    second = runs.run(keys=KEYS)
    for url, expected in EXPECTED.items():
        assert runs.other(url) == (*expected, "found"), url
    assert runs.other(NOWHERE) == (None, None, None, "none")
    assert second.counts["other_archive"] == len(EXPECTED) and "timetravel_unavailable" not in second.counts
    # Everything due was asked once, though most of it left the queue in the first run (one
    # still waits for its Save Page Now job), except what the Wayback Machine holds by now (the
    # save whose 523 hid a capture).
    after = lookups(runs.db_path)
    asked = runs.asked()
    assert len(asked) == len(set(asked)) and set(asked) == {url for url in due if after[url] in ("found", "none")}
    cleared = [url for url in due if after[url] is None]
    assert len(cleared) == 1 and query(runs.db_path, "SELECT status, method FROM snapshots WHERE url = ?",
                                       cleared[0])[0][:] == ("found", "cdx")
    assert "due" not in after.values()
    runs.run(keys=KEYS)
    assert runs.asked() == []


def test_the_report_shows_the_other_archives_copy_where_the_wayback_one_is_missing(runs):
    from avimcrawl.report import build_report, render

    runs.run()
    db = store.open_db(runs.db_path)
    try:
        report = build_report(db, STAMP)
    finally:
        db.close()
    archive, memento, _ = EXPECTED[HUDOC]
    row = next(c for c in report.citations if c.link_url == HUDOC)
    assert (row.other_archive, row.other_archive_url, row.wayback_url) == (archive, memento, None)
    html = render(report, "html")
    assert f'<a class="memento other-archive" href="{memento}"' in html.replace("&amp;", "&")
    assert "Arquivo.pt 2026-01-20</a>" in html
    assert f"[archived copy in Arquivo.pt]({memento})" in render(report, "md")


def test_without_a_timetravel_client_nothing_is_asked(runs):
    runs.run(timetravel=False)
    assert runs.asked() == []
    assert runs.other(HUDOC) == (None, None, None, "due")


def test_the_command_reports_other_archives(crawled, tmp_path):
    net, crawled_db = crawled
    net.control("/wayback/reset")
    net.control("/timetravel/reset")
    db = tmp_path / "avim.sqlite"
    with sqlite3.connect(crawled_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    result = avimcrawl(net, "archive", "--db", str(db), "--cdx-per-second", "100", "--now", STAMP)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"other archive {len(EXPECTED)}" in result.stdout.splitlines()[0]
    assert query(db, "SELECT other_archive FROM links WHERE url = ?", HUDOC)[0][0] == "Arquivo.pt"


# ------------------------------------------------------------------- an older archive


def test_older_archives_ask_timetravel_for_pages_known_to_have_no_capture(tmp_path):
    path = tmp_path / "old.sqlite"
    old = sqlite_utils.Database(path)
    store.migrations.apply(old, stop_before="m012_other_archives")
    old["links"].insert_all([{"url": "https://gone.example/a"}, {"url": "https://refused.example/b"},  # type: ignore[union-attr]
                             {"url": "https://stale.example/c", "wayback_url": "https://web.archive.org/web/2020/x"},
                             {"url": "https://found.example/d", "wayback_url": "https://web.archive.org/web/2026/y"}])
    old["snapshots"].insert_all([  # type: ignore[union-attr]
        {"url": "https://gone.example/a", "kind": "link", "status": "skipped"},
        {"url": "https://refused.example/b", "kind": "link", "status": "failed"},
        {"url": "https://stale.example/c", "kind": "link", "status": "failed"},
        {"url": "https://found.example/d", "kind": "link", "status": "found"}])
    old.close()
    db = store.open_db(path)
    try:
        lookups = {row["url"]: row["other_archive_lookup"] for row in db.query("SELECT * FROM snapshots")}
        assert {"other_archive", "other_archive_url", "other_archive_timestamp"} <= set(db["commentaries"].columns_dict)  # type: ignore[union-attr]
    finally:
        db.close()
    assert lookups == {"https://gone.example/a": "due", "https://refused.example/b": "due",
                       "https://stale.example/c": None, "https://found.example/d": None}

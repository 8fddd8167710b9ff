"""No false dead verdicts (issue 14): through the real `check` on the local internet, over
sixteen days of `--now`:

* a site-wide outage (www.kavkazwire.example: every page and the home page 503 from day 1 to
  day 15): one outage of the domain, its links dying, not dead, until the streak spans the
  long window (14 days), then alive again when the site is back, the outage ended;
* the control (www.silkroadtimes.example): one article gone (404) on a live site is dead on
  schedule, at the third 404 72 hours after the last, confirmed by a fresh request;
* every cited page of a site gone, its home page up (www.eurasiadiary.example): two dead
  pages, not an outage;
* the site rules: a paywalled site redirecting robots home is blocked by its paywall, not
  gone; a site always blocked is never asked; a ministry never dead stays dying.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.internet.client import SITES_DIR, LocalInternet
from tests.toolkit import ROOT, Runs, cite, march, query

KW = "https://www.kavkazwire.example"
OUTAGE = [f"{KW}/news/azerbaijan-armenia-border-commission-meets-in-gabala-4812",
          f"{KW}/news/zangezur-corridor-talks-resume-in-moscow-4817",
          f"{KW}/analysis/georgia-s-black-sea-port-anaklia-tender-reopened-4820"]
SRT = "https://www.silkroadtimes.example/world/2026/02"
CONTROL = f"{SRT}/10/kazakhstan-raises-caspian-oil-exports-via-baku-tbilisi-ceyhan/"
CONTROL_NEIGHBOUR = f"{SRT}/12/uzbekistan-and-turkiye-sign-rail-freight-deal/"
GONE_PAGES = ["https://www.eurasiadiary.example/politics/moldova-and-romania-open-new-bridge-over-prut",
              "https://www.eurasiadiary.example/politics/bulgaria-eases-black-sea-fishing-rules"]
PAYWALLED = "https://www.paywalled.example/content/4f1d2a8e-serbia-weighs-its-balkan-options"
LOCKED = "https://www.lockedout.example/politics/2026/02/14/the-caucasus-after-the-peace-deal"
NEVER_DEAD = "https://www.flakyministry.example/en/press-releases/no-45-statement-on-the-regional-platform.en.mfa"
SITE_RULES = """# what the archivist knows
paywall = ["paywalled.example"]
always_blocked = ["www.lockedout.example"]
never_dead = ["www.flakyministry.example"]
"""
COMMENTARY = "https://avim.org.tr/en/Yorum/THE-SOUTH-CAUCASUS-AND-THE-MIDDLE-CORRIDOR-IN-2026"
URLS = [*OUTAGE, CONTROL, CONTROL_NEIGHBOUR, *GONE_PAGES, PAYWALLED, LOCKED, NEVER_DEAD]
# (day, epoch) of each `check --all`: the outage runs from epoch 2 to 3, the site is back in 4.
SCHEDULE = [(0, 1), (1, 2), (4, 2), (7, 3), (15, 3), (16, 4)]


@pytest.fixture(scope="module")
def fortnight(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    tmp = tmp_path_factory.mktemp("fortnight")
    db = tmp / "archive" / "avim.sqlite"
    cite(db, COMMENTARY, URLS, march(0))
    (tmp / "archive" / "site-rules.toml").write_text(SITE_RULES, encoding="utf-8")
    history = Runs(db)
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        for day, epoch in SCHEDULE:
            history.run(net, epoch, "check", "--all", "--now", march(day), "--delay", "0", "--timeout", "5",
                        "--confirm-pause", "1")
        yield history


def test_every_check_succeeds(fortnight):
    for result in fortnight.results:
        assert result.returncode == 0, result.stderr[-3000:]


def test_a_site_wide_outage_is_one_event_not_dead_pages(fortnight):
    for url in OUTAGE:
        assert fortnight.verdict_sequence(url) == ["alive", "dying", "dying", "dying", "dead", "alive"], url
    outages = query(fortnight.db, "SELECT * FROM outages")
    assert len(outages) == 1
    outage = outages[0]
    assert (outage["domain"], outage["outcome"], outage["http_status"], outage["links"], outage["runs"]) == (
        "www.kavkazwire.example", "server_error", 503, 3, 4)
    assert (outage["home_url"], outage["home_outcome"], outage["home_status"]) == (
        "https://www.kavkazwire.example/", "server_error", 503)
    assert (outage["started_at"], outage["last_seen_at"], outage["ended_at"]) == (march(1), march(15), march(16))
    marked = query(fortnight.db, "SELECT url, checked_at FROM checks WHERE outage_id = ? ORDER BY checked_at, url",
                   outage["id"])
    assert len(marked) == 12 and {row["url"] for row in marked} == set(OUTAGE)


def test_the_outage_is_confirmed_by_the_home_page_once_not_by_each_link(fortnight):
    for run in fortnight.requests[1:5]:
        homes = [r for r in run if r["url"] == f"{KW}/"]
        assert len(homes) == 1  # once: a confirmation is not retried
        last = max(r["t"] for r in run if r["url"] in OUTAGE)
        assert homes[0]["t"] - last >= 1.0  # after the pause, and no link of the site asked again after it
    assert query(fortnight.db, "SELECT count(*) FROM checks WHERE confirms = 1 AND url LIKE ?", f"{KW}%")[0][0] == 0


def test_the_control_404_becomes_dead_on_schedule(fortnight):
    assert fortnight.verdict_sequence(CONTROL) == ["alive", "dying", "dying", "dead", "dead", "dead"]
    assert fortnight.verdict_sequence(CONTROL_NEIGHBOUR) == ["alive"] * len(SCHEDULE)
    dead_since = query(fortnight.db, "SELECT dead_since FROM links WHERE url = ?", CONTROL)[0][0]
    assert dead_since == march(1)
    day7 = [r for r in fortnight.requests[3] if r["url"] == CONTROL]
    assert len(day7) == 2 and day7[1]["conn"] != day7[0]["conn"] and day7[1]["t"] - day7[0]["t"] >= 1.0
    rows = query(fortnight.db, "SELECT outcome, http_status, confirms FROM checks WHERE url = ? AND checked_at = ? "
                 "ORDER BY id", CONTROL, march(7))
    assert [tuple(r) for r in rows] == [("not_found", 404, 0), ("not_found", 404, 1)]
    assert query(fortnight.db, "SELECT count(*) FROM outages WHERE domain = 'www.silkroadtimes.example'")[0][0] == 0


def test_pages_gone_from_a_live_site_are_dead_pages_not_an_outage(fortnight):
    for url in GONE_PAGES:
        assert fortnight.verdict_sequence(url) == ["alive", "dying", "dying", "dead", "dead", "dead"], url
    assert query(fortnight.db, "SELECT count(*) FROM outages WHERE domain = 'www.eurasiadiary.example'")[0][0] == 0
    day7 = fortnight.requests[3]
    assert len([r for r in day7 if r["url"] == "https://www.eurasiadiary.example/"]) == 1  # asked, and it answered
    for url in GONE_PAGES:
        assert len([r for r in day7 if r["url"] == url]) == 2  # so each page's strike was confirmed


def test_a_paywalled_site_sending_robots_home_is_blocked_by_its_paywall(fortnight):
    assert fortnight.verdict_sequence(PAYWALLED) == ["alive"] + ["alive"] * (len(SCHEDULE) - 1)
    last = query(fortnight.db, "SELECT outcome, wall, error FROM checks WHERE url = ? ORDER BY id DESC LIMIT 1",
                 PAYWALLED)[0]
    assert (last["outcome"], last["wall"]) == ("blocked", "paywall")
    assert "paywall" in last["error"] and "gone_domain" in last["error"]
    link = query(fortnight.db, "SELECT title, wall FROM links WHERE url = ?", PAYWALLED)[0]
    assert link["title"] == "Serbia Weighs Its Options Between Brussels and Moscow"  # the home page was not stored
    assert link["wall"] == "paywall"


def test_a_site_always_blocked_is_never_asked(fortnight):
    assert fortnight.verdict_sequence(LOCKED) == ["blocked"] * len(SCHEDULE)
    assert not [r for run in fortnight.requests for r in run if "lockedout.example" in r["url"]]
    errors = {row[0] for row in query(fortnight.db, "SELECT error FROM checks WHERE url = ?", LOCKED)}
    assert len(errors) == 1 and "always_blocked: not fetched" in errors.pop()


def test_a_site_never_dead_stays_dying(fortnight):
    assert fortnight.verdict_sequence(NEVER_DEAD) == ["alive"] + ["dying"] * (len(SCHEDULE) - 1)
    # its failures would have made it dead: never confirmed, since they cannot
    assert query(fortnight.db, "SELECT count(*) FROM checks WHERE url = ? AND confirms = 1", NEVER_DEAD)[0][0] == 0


def test_the_report_lists_the_outage_apart_from_dead_pages(fortnight, tmp_path):
    out = tmp_path / "report.md"
    result = subprocess.run([sys.executable, "-m", "avimcrawl", "report", "--db", str(fortnight.db), "--format",
                             "md", "-o", str(out)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    outages = text[text.index("## Sites down"):text.index("## What locks the crawler out")]
    assert "| www.kavkazwire.example | server_error (HTTP 503) | 2026-03-02 | 2026-03-16 | 2026-03-17 | 4 | 3 |" in outages
    walls = text[text.index("## What locks the crawler out"):]
    assert "| a paywall or sign-in | 1 | www.paywalled.example (1) |" in walls
    assert "| listed always_blocked in the site rules | 1 | www.lockedout.example (1) |" in walls

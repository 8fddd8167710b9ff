"""Access walls through the real `check` and `archive` on the local internet (issue 14).

Every wall of tests/fixtures/walls_expected.json (written by tests/wallgen/fixtures.py from the
services' public descriptions: status, headers and body as each sends them) is cited, with:
* a live article that turns into Cloudflare's managed challenge (503, `cf-mitigated:
  challenge`) from the second check on (www.armenianmirror.example): three such checks 72
  hours apart, and it is not dead;
* a live article that turns into a 200 interstitial asking for JavaScript
  (www.caucasuswatch.example): blocked, its page never stored as the source's text;
* the ordinary pages of the fixture web (an article behind Cloudflare with a consent banner,
  a `<noscript>` notice and a reCAPTCHA comment form; a paywalled article whose teaser is the
  article) and Cloudflare's 521 for an origin that is down (an outage, not a wall).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from avimcrawl.walls import Wall
from tests.internet.client import SITES_DIR, LocalInternet
from tests.toolkit import ROOT, Runs, cite, march, query

FIXTURES = json.loads((ROOT / "tests" / "fixtures" / "walls_expected.json").read_text(encoding="utf-8"))
CITED = [entry for entry in FIXTURES if entry["url"].rstrip("/").count("/") > 2]  # not the home pages
WALLS = {entry["url"]: entry["expected"] for entry in CITED if entry["expected"]}
PAGES = [entry["url"] for entry in CITED if entry["expected"] is None and entry["status"] == 200]
ORIGIN_DOWN = next(entry["url"] for entry in CITED if entry["status"] == 521)
TURNS_CHALLENGE = "https://www.armenianmirror.example/news/2026/02/18/armenian-parliament-ratifies-border-protocol"
TURNS_INTERSTITIAL = "https://www.caucasuswatch.example/analysis/2026/02/georgia-and-the-middle-corridor-rail-upgrade"
COMMENTARY = "https://avim.org.tr/en/Yorum/WHO-LOCKS-THE-ARCHIVE-OUT"
DAYS = [(0, 1), (3, 2), (6, 2), (9, 2)]
"""(day, epoch) of each `check --all`, then `archive`: the two turning pages are walls from epoch 2."""


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    tmp = tmp_path_factory.mktemp("walls")
    db = tmp / "archive" / "avim.sqlite"
    cite(db, COMMENTARY, [*WALLS, *PAGES, ORIGIN_DOWN, TURNS_CHALLENGE, TURNS_INTERSTITIAL], march(0))
    history = Runs(db)
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        for day, epoch in DAYS:
            history.run(net, epoch, "check", "--all", "--now", march(day), "--delay", "0", "--timeout", "5",
                        "--confirm-pause", "1")
        history.run(net, DAYS[-1][1], "archive", "--now", march(DAYS[-1][0]), "--per-minute", "600",
                    "--cdx-per-second", "100")
    yield history


def test_every_run_succeeds(checked):
    for result in checked.results:
        assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("url", sorted(WALLS), ids=lambda url: f"{WALLS[url]}:{url.split('/')[2]}")
def test_each_wall_is_blocked_and_named(checked, url):
    checks = checked.checks(url)
    assert len(checks) == len(DAYS)
    for check in checks:
        assert (check["outcome"], check["wall"]) == ("blocked", WALLS[url])
        assert check["error"].startswith(f"{WALLS[url]} wall: ")
    link = checked.link(url)
    assert (link["verdict"], link["wall"], link["last_outcome"]) == ("blocked", WALLS[url], "blocked")
    assert link["text"] is None and link["first_text"] is None and link["drift"] is None
    assert checked.verdict_sequence(url)[:len(DAYS)] == ["blocked"] * len(DAYS)


def test_a_wall_is_asked_once_a_check_not_retried_nor_confirmed(checked):
    challenge = next(url for url, wall in WALLS.items() if "kavkazpost" in url)
    for run in checked.requests[:len(DAYS)]:
        assert len([r for r in run if r["url"] == challenge]) == 1


def test_a_live_page_behind_a_cloudflare_challenge_for_three_checks_is_not_dead(checked):
    assert checked.verdict_sequence(TURNS_CHALLENGE)[:len(DAYS)] == ["alive"] * len(DAYS)
    checks = checked.checks(TURNS_CHALLENGE)
    assert [(c["outcome"], c["http_status"], c["wall"]) for c in checks] == [
        ("ok", 200, None), *[("blocked", 503, "cloudflare")] * 3]
    assert "cf-mitigated: challenge" in checks[-1]["error"]
    link = checked.link(TURNS_CHALLENGE)
    assert link["title"] == "Armenian Parliament Ratifies Border Protocol" and link["drift"] == 0.0
    assert link["dead_since"] is None


def test_a_200_interstitial_is_blocked_and_its_page_never_stored(checked):
    checks = checked.checks(TURNS_INTERSTITIAL)
    assert [(c["outcome"], c["http_status"], c["wall"]) for c in checks] == [
        ("ok", 200, None), *[("blocked", 200, "javascript")] * 3]
    link = checked.link(TURNS_INTERSTITIAL)
    assert link["title"] == "Georgia and the Middle Corridor: the Rail Upgrade Nears Completion"
    assert link["text"] == link["first_text"] and "Rikoti pass" in link["text"]
    assert link["drift"] == 0.0 and not link["changed"]
    assert link["verdict"] == "alive"
    # the citation was compared with the article on day 0, and the interstitial left that alone
    match = query(checked.db, "SELECT match, matched_at FROM citations WHERE link_url = ?", TURNS_INTERSTITIAL)[0]
    assert tuple(match) == ("unknown", march(0))  # the test's citation gives no title to compare


@pytest.mark.parametrize("url", PAGES, ids=lambda url: url.split("/")[2])
def test_ordinary_pages_stay_pages(checked, url):
    checks = checked.checks(url)
    assert {(c["outcome"], c["wall"]) for c in checks} == {("ok", None)}
    link = checked.link(url)
    assert link["verdict"] == "alive" and link["text"]


def test_a_cdn_page_for_an_origin_down_is_an_outage_not_a_wall(checked):
    checks = checked.checks(ORIGIN_DOWN)
    assert {(c["outcome"], c["http_status"], c["wall"]) for c in checks} == {("server_error", 521, None)}
    # a transient failure: four checks over nine days, still dying (the 14-day window)
    assert checked.verdict_sequence(ORIGIN_DOWN)[:len(DAYS)] == ["dying"] * len(DAYS)


def test_walled_links_stay_worth_saving_to_the_wayback_machine(checked):
    rows = {row["url"]: row["status"] for row in query(checked.db, "SELECT url, status FROM snapshots")}
    for url in [*WALLS, TURNS_CHALLENGE, TURNS_INTERSTITIAL]:
        assert rows[url] != "skipped", url


def test_the_report_and_serve_show_blocked_links_by_wall(checked, tmp_path):
    out = tmp_path / "report.md"
    result = subprocess.run([sys.executable, "-m", "avimcrawl", "report", "--db", str(checked.db), "--format", "md",
                             "-o", str(out)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    walls = text[text.index("## What locks the crawler out"):]
    counts = {wall: sum(1 for w in WALLS.values() if w == wall) for wall in set(WALLS.values())}
    counts["cloudflare"] += 1  # the page that turned into a challenge
    counts["javascript"] += 1  # the page that turned into an interstitial
    for wall, count in counts.items():
        assert f"| {Wall(wall).label} | {count} |" in walls, wall

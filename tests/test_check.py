"""`avimcrawl check` over a simulated week: verdicts, soft 404s, gone domains, drift,
conditional requests, and a run with nothing due. Time is driven with `--now`; the local
internet changes between runs with its epoch."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.internet.client import SITES_DIR, LocalInternet

ROOT = Path(__file__).parent.parent
WEEK = json.loads((ROOT / "tests" / "fixtures" / "linkhealth_expected.json").read_text(encoding="utf-8"))
LINKS = WEEK["links"]
START = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def moment(day: float) -> str:
    return (START + timedelta(days=day)).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Week:
    net: LocalInternet
    db: Path
    results: list[subprocess.CompletedProcess[str]] = field(default_factory=list)
    requests: list[list[dict[str, Any]]] = field(default_factory=list)
    verdicts: list[dict[str, tuple[str, str | None]]] = field(default_factory=list)

    def run(self, epoch: int, *args: str) -> None:
        self.net.set_epoch(epoch)
        self.net.clear_log()
        self.results.append(subprocess.run(
            [sys.executable, "-m", "avimcrawl", *args, "--db", str(self.db), "--delay", "0", "--timeout", "3",
             "--confirm-pause", "1"],
            env=self.net.subprocess_env(), capture_output=True, text=True, timeout=600, cwd=ROOT))
        self.requests.append(self.net.requests())
        self.verdicts.append({row["url"]: (row["verdict"], row["dead_since"])
                              for row in self.query("SELECT url, verdict, dead_since FROM links")})

    def query(self, sql: str, *params: object) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db) as conn:
            conn.row_factory = sqlite3.Row
            return conn.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Week]:
    tmp = tmp_path_factory.mktemp("week")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        history = Week(net, tmp / "archive" / "avim.sqlite")
        days, epochs = WEEK["days"], WEEK["epochs"]
        history.run(epochs[0], "crawl", "--now", moment(days[0]))
        for day, epoch in zip(days[1:], epochs[1:]):
            history.run(epoch, "check", "--all", "--now", moment(day))
        after = WEEK["unchanged_after"]
        history.run(after["epoch"], "check", "--now", moment(after["day"]))
        yield history


def test_every_run_succeeds(week):
    for result in week.results:
        assert result.returncode == 0, result.stderr[-2000:]
    assert week.results[1].stdout.splitlines()[1].startswith("verdicts: ")
    # not a terminal: progress as log lines, ending with the count and the rate
    assert re.search(r"avimcrawl\.progress: sources: \d+ done in [\d.]+ s", week.results[1].stderr)


@pytest.mark.parametrize("link", LINKS, ids=[f"{l['scenario']}:{l['url'][8:60]}" for l in LINKS])
def test_verdict_sequence(week, link):
    verdicts = [week.verdicts[run][link["url"]][0] for run in range(len(WEEK["days"]))]
    assert verdicts == link["verdicts"]
    dead_since = week.verdicts[len(WEEK["days"]) - 1][link["url"]][1]
    expected = moment(link["dead_since_day"]) if link["dead_since_day"] is not None else None
    assert dead_since == expected


@pytest.mark.parametrize("link", LINKS, ids=[f"{l['scenario']}:{l['url'][8:60]}" for l in LINKS])
def test_outcome_sequence(week, link):
    rows = week.query("SELECT outcome, http_status FROM checks WHERE url = ? ORDER BY checked_at, id", link["url"])
    assert [r["outcome"] for r in rows] == link["outcomes"]
    assert [r["http_status"] for r in rows] == link["http_statuses"]


@pytest.mark.parametrize("link", [l for l in LINKS if l["drift_min"] is not None],
                         ids=[f"{l['scenario']}:{l['url'][8:60]}" for l in LINKS if l["drift_min"] is not None])
def test_drift_at_the_end_of_the_week(week, link):
    row = week.query("SELECT drift, changed FROM links WHERE url = ?", link["url"])[0]
    assert link["drift_min"] <= row["drift"] <= link["drift_max"]
    assert bool(row["changed"]) is link["changed"]


def test_soft_404_found_by_probing_a_sibling(week):
    soft = [l for l in LINKS if l["scenario"] == "soft_404"]
    assert soft
    for link in soft:
        host = link["url"].split("/")[2]
        probes = [r["url"] for run in week.requests for r in run if "avimcrawl-probe-" in r["url"] and r["host"] == host]
        assert probes, f"no probe of {host}"
        error = week.query("SELECT error FROM checks WHERE url = ? ORDER BY checked_at DESC LIMIT 1", link["url"])[0][0]
        assert "cannot exist" in error


def test_conditional_rechecks_get_304_and_keep_the_text(week):
    conditional = [l for l in LINKS if l["scenario"] == "conditional"]
    assert conditional
    for link in conditional:
        asked = [r for run in week.requests[1:4] for r in run if r["url"] == link["url"]]
        assert asked and all("If-None-Match" in r["headers"] or "If-Modified-Since" in r["headers"] for r in asked)
        assert {r["status"] for r in asked} == {304}
        row = week.query("SELECT text, first_text FROM links WHERE url = ?", link["url"])[0]
        assert row["text"] and row["text"] == row["first_text"]


def test_blocked_stays_blocked(week):
    blocked = [l for l in LINKS if l["scenario"] == "blocked"]
    assert blocked
    for link in blocked:
        assert {week.verdicts[run][link["url"]][0] for run in range(4)} == {"blocked"}


def test_nothing_due_fetches_nothing(week):
    assert week.requests[-1] == []
    assert week.results[-1].stdout.splitlines()[0] == "check: 0 cited URLs checked"


def test_check_given_urls_only(week, tmp_path):
    link = next(l for l in LINKS if l["scenario"] == "gone")
    week.net.clear_log()
    result = subprocess.run(
        [sys.executable, "-m", "avimcrawl", "check", "--db", str(week.db), "--delay", "0", "--url", link["url"],
         "--now", moment(30)], env=week.net.subprocess_env(), capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    fetched = {r["url"] for r in week.net.requests() if r["method"] == "GET" and not r["url"].endswith("robots.txt")}
    assert fetched <= {link["url"]} | {u for u in fetched if "avimcrawl-probe-" in u}
    assert link["url"] in fetched


def test_unknown_url_is_a_usage_error(week):
    result = subprocess.run([sys.executable, "-m", "avimcrawl", "check", "--db", str(week.db), "--url",
                             "https://example.org/never-cited"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and result.stderr.startswith("Error: --url 'https://example.org/never-cited'")


def test_a_page_byte_for_byte_unchanged_is_not_extracted_again(week):
    # Re-checks outnumber first fetches: a page that sends no validators but answers with the
    # very bytes judged alive last time is recorded `ok` at once, its stored text kept.
    stable = [l["url"] for l in LINKS if l["scenario"] == "stable"]
    rewritten = next(l["url"] for l in LINKS if l["scenario"] == "rewritten")
    before = {row["url"]: tuple(row) for row in week.query(
        "SELECT url, text, warc_file, warc_offset FROM links WHERE url IN (?, ?)", *stable)}
    checks_before = len(week.query("SELECT id FROM checks"))
    week.net.clear_log()
    args = [a for url in [*stable, rewritten] for a in ("--url", url)]
    result = subprocess.run(
        [sys.executable, "-m", "avimcrawl", "check", "--db", str(week.db), "--delay", "0", *args,
         "--now", moment(40)], env=week.net.subprocess_env(), capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    # The rewritten article is served the same in the last epochs too: all three are unchanged.
    assert result.stdout.splitlines()[0] == "check: 3 cited URLs checked (ok 3), 3 unchanged since the last check"
    assert not any("avimcrawl-probe-" in r["url"] for r in week.net.requests())
    after = {row["url"]: tuple(row) for row in week.query(
        "SELECT url, text, warc_file, warc_offset FROM links WHERE url IN (?, ?)", *stable)}
    assert after == before  # the stored copy is still the one first extracted
    assert len(week.query("SELECT id FROM checks")) == checks_before + 3


def test_the_strike_that_makes_a_link_dead_is_confirmed_on_a_new_connection(week):
    """Day 7's failures would make three links dead: each is asked again after the pause
    (`--confirm-pause 1`), over a connection of its own, and only then is it dead."""
    confirmed = [l for l in LINKS if l["verdicts"][-1] == "dead"]
    assert len(confirmed) == 3
    for link in confirmed:
        asked = [r for r in week.requests[3] if r["url"] == link["url"]]
        assert len(asked) == 2, link["url"]
        strike, confirmation = asked
        assert confirmation["conn"] != strike["conn"]
        assert confirmation["t"] - strike["t"] >= 1.0
        rows = week.query("SELECT outcome, confirms FROM checks WHERE url = ? AND checked_at = ? ORDER BY id",
                          link["url"], moment(WEEK["days"][3]))
        assert [(r["outcome"], r["confirms"]) for r in rows] == [(link["outcomes"][-1], 0), (link["outcomes"][-1], 1)]
    # a failure that makes no link dead (day 4's second strikes) is not asked twice
    for link in confirmed:
        assert len([r for r in week.requests[2] if r["url"] == link["url"]]) == 1

"""`avimcrawl.report`: the link-health report in HTML, CSV, JSON and Markdown, over a database
made the way the real program makes it: a crawl of the local internet, then `avimcrawl check`
on days 1, 4 and 7 so that links die, plus a few Wayback captures written in directly (the
archive stage has tests of its own). The HTML report is also opened in a real Chromium."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import lxml.html
import pytest

from avimcrawl import report as rep
from avimcrawl import store
from avimcrawl.linkhealth import TRANSIENT_OUTCOMES
from avimcrawl.report.text import percent
from tests.toolkit import query
from tests.internet.client import SITES_DIR, LocalInternet

ROOT = Path(__file__).parent.parent
ARTIFACTS = ROOT / "test-artifacts"
WEEK = json.loads((ROOT / "tests" / "fixtures" / "linkhealth_expected.json").read_text(encoding="utf-8"))
START = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
GENERATED_AT = "2026-03-08T12:00:00Z"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-gpu", "--disable-sync"]

# Left out of the day-7 check, so they stay `dying` (a check --all on day 7 would make every
# failing link of the fixture sites dead: they all fail from day 0 or day 1 on).
STAY_DYING = {link["url"] for link in WEEK["links"] if link["scenario"] in {"flaky", "soft_404", "gone"}}
MISSPELLED = "https://www.hurriyetaidailynews.com/turkiye-serbia-agree-to-deepen-defense-energy-and-trade-cooperation-218902"
COMMENTARY_14 = "https://avim.org.tr/en/Yorum/TURKIYE-SERBIA-RAPPROCHEMENT-AND-THE-BALKAN-PEACE-PLATFORM-TESTING-BALANCING-ROLE"
# Wayback captures written in for the test: url -> (timestamp, snapshot status, method)
CAPTURES = {
    "https://www.hurriyetdailynews.com/azerbaijan-armenia-talk-transit-links-as-peace-process-advances-218877":
        ("20260220101500", "found", "cdx"),
    "https://hudoc.echr.coe.int/eng?i=001-158235": ("20251103080910", "found", "cdx"),
    "https://www.dailysabah.com/politics/diplomacy/president-erdogan-vucic-vow-to-deepen-turkiye-serbia-cooperation":
        ("20260301093000", "saved", "spn2"),
}
NO_CAPTURE = {  # snapshot rows without a capture
    "https://www.setav.org/assets/uploads/2025/04/A412.pdf": ("pending", None),
    "https://www.iri.org/resources/public-opinion-survey-residents-of-armenia-december-2025/":
        ("failed", "error:too-many-daily-captures: try again tomorrow"),
    "https://caspianpost.com/politics/ankara-urges-baku-and-yerevan-to-keep-washington-momentum":
        ("skipped", "no capture, and the page is not worth saving: the link is dead"),
    "https://en.yenisafak.com/turkiye/turkiye-and-serbia-pledge-deeper-ties-across-defense-economy-and-diplomacy-3714553":
        ("failed", "error:not-found: The server cannot find the requested resource."),
}
# What the report says of a failing link without a capture, by its snapshot status.
NO_COPY_SAID = {"pending": "queued for the Wayback Machine", "skipped": "no copy exists", "failed": "saving failed"}


def moment(day: float) -> str:
    return (START + timedelta(days=day)).strftime("%Y-%m-%dT%H:%M:%SZ")


def wayback(url: str, timestamp: str) -> str:
    return f"https://web.archive.org/web/{timestamp}/{url}"


@dataclass
class Archive:
    db: Path
    reports: Path
    html: str
    csv: str
    json: str
    md: str

    def query(self, sql: str, *params: object) -> list[sqlite3.Row]:
        return query(self.db, sql, *params)

    def scalar(self, sql: str, *params: object) -> Any:
        return self.query(sql, *params)[0][0]

    def tree(self) -> Any:
        return lxml.html.document_fromstring(self.html)


def run(net: LocalInternet, db: Path, epoch: int, *args: str) -> None:
    net.set_epoch(epoch)
    result = subprocess.run(
        [sys.executable, "-m", "avimcrawl", *args, "--db", str(db), "--delay", "0", "--timeout", "3"],
        env=net.subprocess_env(), capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]


def add_captures(db_path: Path) -> None:
    db = store.open_db(db_path)
    try:
        with db.atomic():
            for url, (timestamp, status, method) in CAPTURES.items():
                db["links"].update(url, {"wayback_url": wayback(url, timestamp), "wayback_timestamp": timestamp})  # type: ignore[union-attr]
                db["snapshots"].upsert({"url": url, "kind": "link", "status": status, "timestamp": timestamp,  # type: ignore[union-attr]
                                        "archive_url": wayback(url, timestamp), "method": method,
                                        "updated_at": moment(7.5)}, pk="url")
            for url, (status, error) in NO_CAPTURE.items():
                db["snapshots"].upsert({"url": url, "kind": "link", "status": status, "error": error,  # type: ignore[union-attr]
                                        "updated_at": moment(7.5)}, pk="url")
            db["commentaries"].update(COMMENTARY_14, {  # type: ignore[union-attr]
                "wayback_url": wayback(COMMENTARY_14, "20260224120000"), "wayback_timestamp": "20260224120000"})
    finally:
        db.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    tmp = tmp_path_factory.mktemp("report")
    db = tmp / "archive" / "avim.sqlite"
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        run(net, db, 1, "crawl", "--now", moment(0))
        run(net, db, 2, "check", "--all", "--now", moment(1))
        run(net, db, 3, "check", "--all", "--now", moment(4))
        conn = sqlite3.connect(db)
        try:
            failing = [row[0] for row in conn.execute("SELECT url FROM links WHERE verdict = 'dying' ORDER BY url")]
        finally:
            conn.close()
        day7 = [arg for url in failing if url not in STAY_DYING for arg in ("--url", url)]
        run(net, db, 4, "check", *day7, "--now", moment(7))
    add_captures(db)
    texts = {}
    for fmt in rep.FORMATS:
        database = store.open_db(db)
        try:
            texts[fmt] = rep.write_report(database, fmt, tmp / "reports" / f"report.{fmt}", GENERATED_AT)
        finally:
            database.close()
    yield Archive(db, tmp / "reports", texts["html"], texts["csv"], texts["json"], texts["md"])


def expected_dying(archive: Archive) -> set[str]:
    """Links left out of the day-7 check, and those failing only as a site fails (5xx, timeouts,
    connections: behind the proxy a host that does not resolve is one too), which a week does
    not make dead (the 14-day window)."""
    transient = ", ".join(repr(outcome) for outcome in sorted(TRANSIENT_OUTCOMES))
    return STAY_DYING | {row[0] for row in archive.query(
        f"SELECT url FROM links WHERE last_outcome IN ({transient}) AND verdict != 'blocked'")}


def failing_citations(archive: Archive) -> list[sqlite3.Row]:
    return archive.query("""SELECT c.id, c.commentary_url, c.footnote, c.position, c.raw, c.link_url,
                                   l.verdict, l.last_outcome, l.dead_since, l.wayback_url, l.wayback_timestamp
                            FROM citations c JOIN links l ON l.url = c.link_url
                            WHERE l.verdict IN ('dead', 'dying')""")


# ------------------------------------------------------------------------ the fixture


def test_the_week_left_dead_dying_alive_and_blocked_links(archive):
    verdicts = {row[0]: row[1] for row in archive.query("SELECT verdict, count(*) FROM links GROUP BY 1")}
    assert verdicts.get("dead", 0) >= 5 and verdicts.get("alive", 0) > 30 and verdicts.get("blocked", 0) >= 2
    # dying: those left out of day 7, and those failing only as a site fails (5xx, timeouts,
    # connections), which a week does not make dead (the 14-day window)
    dying = {row[0] for row in archive.query("SELECT url FROM links WHERE verdict = 'dying'")}
    assert dying == expected_dying(archive) and len(dying - STAY_DYING) >= 2


# ----------------------------------------------------------------------------- totals


def test_totals_equal_sql_counts(archive):
    expected = {
        "commentaries": archive.scalar("SELECT count(*) FROM commentaries"),
        "citations": archive.scalar("SELECT count(*) FROM citations"),
        "links": archive.scalar("SELECT count(DISTINCT link_url) FROM citations"),
        "archived_links": archive.scalar("SELECT count(*) FROM links WHERE wayback_url IS NOT NULL"),
    }
    expected.update({v: archive.scalar("SELECT count(*) FROM links WHERE verdict = ?", v) for v in rep.VERDICTS})
    totals = json.loads(archive.json)["totals"]
    assert {k: totals[k] for k in ("commentaries", "citations", "links", "archived_links")} == \
        {k: expected[k] for k in ("commentaries", "citations", "links", "archived_links")}
    assert totals["verdicts"] == {v: expected[v] for v in rep.VERDICTS}
    assert totals["archived_share"] == round(len(CAPTURES) / expected["links"], 4)
    shown = {dd.get("data-total"): dd.text_content() for dd in archive.tree().cssselect("#totals [data-total]")}
    for key in ("commentaries", "citations", "links", "archived_links", *rep.VERDICTS):
        assert shown[key] == str(expected[key]), key


def test_rot_by_year_counts_each_years_cited_links(archive):
    rows = archive.query("""SELECT substr(m.published, 1, 4) AS year, count(DISTINCT l.url) AS links,
                                   count(DISTINCT CASE WHEN l.verdict IN ('dead', 'dying') THEN l.url END) AS failing
                            FROM citations c JOIN commentaries m ON m.url = c.commentary_url
                            JOIN links l ON l.url = c.link_url GROUP BY 1 ORDER BY 1""")
    bars = archive.tree().cssselect("#rot-by-year svg g.bar")
    assert [(b.get("data-year"), int(b.get("data-links")), int(b.get("data-dead")) + int(b.get("data-dying")))
            for b in bars] == [(r["year"], r["links"], r["failing"]) for r in rows]
    caption = archive.tree().cssselect("#rot-by-year figcaption")[0].text_content()
    assert "Klein et al." in caption and "2014" in caption and "Pew" in caption and "2024" in caption


def test_survival_by_year_and_domain_equal_sql_counts(archive):
    tree = archive.tree()
    rows = tree.cssselect("#survival table.survival-by-year tbody tr")
    assert rows
    for row in rows:
        year = row.get("data-year")
        counts = archive.query("""
            SELECT count(DISTINCT CASE WHEN l.verdict IN ('alive', 'dying', 'dead') THEN l.url END),
                   count(DISTINCT CASE WHEN l.verdict = 'alive' THEN l.url END)
            FROM citations c JOIN commentaries m ON m.url = c.commentary_url JOIN links l ON l.url = c.link_url
            WHERE substr(m.published, 1, 4) = ?""", year)[0]
        cells = [td.text_content() for td in row.cssselect("td")]
        assert cells[:4] == [year, str(2026 - int(year)), str(counts[0]), str(counts[1])]
        assert cells[4] == (percent(counts[1] / counts[0]) if counts[0] else "–")
    for row in tree.cssselect("#survival table.survival-by-domain tbody tr"):
        known, alive = archive.query("SELECT sum(verdict IN ('alive', 'dying', 'dead')), sum(verdict = 'alive') "
                                     "FROM links WHERE coalesce(domain, '') = ?", row.get("data-domain"))[0]
        assert [td.text_content() for td in row.cssselect("td.count")][:2] == [str(known), str(alive)]
    said = tree.cssselect("#survival p.half-life")[0].text_content()
    assert said.startswith("Half-life of a cited link: not estimated: it needs at least 3 citation years")
    assert "Klein et al." in tree.cssselect("#survival p.note")[0].text_content()
    assert "## Link survival" in archive.md and "| year | age | links of known fate | alive | share alive |" in archive.md


def test_half_life_is_where_the_share_alive_crosses_one_half():
    def years(*alive: int, links: int = 40) -> tuple[rep.YearRot, ...]:  # newest year last
        return tuple(rep.YearRot(2025 - len(alive) + 1 + i, links, links - a, 0, a) for i, a in enumerate(alive))
    # ages 5, 4, 3, 2, 1: 40%, 45%, 55%, 70%, 90% alive; crosses 50% between ages 3 (55%) and 4 (45%)
    found = rep.half_life(years(16, 18, 22, 28, 36), 2026)
    assert found.years == 3.5 and found.bins == 5 and found.said == "about 3.5 years"
    assert rep.half_life(years(30, 34, 38), 2026).said == "over 3 years: more than half of the links of the oldest year measured are still alive"
    assert rep.half_life(years(10, 12, 15), 2026).years is None
    assert rep.half_life(years(16, 18, 22, links=19), 2026).said.startswith("not estimated")
    assert rep.half_life(years(16, 30), 2026).bins == 2 and rep.half_life(years(16, 30), 2026).years is None


def test_verdicts_by_domain_top_20(archive):
    rows = archive.query("""SELECT domain, verdict, count(*) AS n FROM links GROUP BY 1, 2""")
    per_domain: dict[str, dict[str, int]] = {}
    for row in rows:
        per_domain.setdefault(row["domain"], {})[row["verdict"]] = row["n"]
    ranked = sorted(per_domain, key=lambda d: (-sum(per_domain[d].values()), d))[:20]
    groups = archive.tree().cssselect("#verdicts-by-domain svg g.domain-row")
    assert [g.get("data-domain") for g in groups] == ranked
    for group in groups:
        segments = {r.get("data-verdict"): int(r.get("data-count")) for r in group.cssselect("rect.seg")}
        assert segments == per_domain[group.get("data-domain")]
    legend = [li.get("data-verdict") for li in archive.tree().cssselect("#verdicts-by-domain .legend li")]
    assert legend == list(rep.VERDICTS)


# ------------------------------------------------------------------ dead-link table


def test_every_dead_and_dying_citation_is_listed_under_its_commentary(archive):
    tree = archive.tree()
    rows = failing_citations(archive)
    assert len(tree.cssselect("#dead-links table tr.citation")) == len(rows)
    assert len(tree.cssselect("#dead-links table tbody.commentary")) == len({r["commentary_url"] for r in rows})
    for row in rows:
        found = tree.cssselect(f'#dead-links tbody[data-commentary-url="{row["commentary_url"]}"] '
                               f'tr[data-citation-id="{row["id"]}"]')
        assert len(found) == 1, row["raw"]
        tr = found[0]
        assert tr.cssselect("td.note")[0].text_content() == f"{row['footnote']}.{row['position']}"
        assert tr.cssselect("td.citation-text .raw")[0].text_content() == row["raw"]
        assert row["last_outcome"] in tr.cssselect("td.outcome")[0].text_content()
        assert tr.get("data-verdict") == row["verdict"]
        times = tr.cssselect("td.dead-since time")
        if row["verdict"] == "dead":
            assert times[0].get("datetime") == row["dead_since"]
            assert times[0].text_content() == row["dead_since"][:10]
        else:
            assert row["dead_since"] is None and "failing since" in tr.cssselect("td.dead-since")[0].text_content()
        wayback_cell = tr.cssselect("td.wayback")[0]
        if row["wayback_url"]:
            assert wayback_cell.cssselect("a.memento")[0].get("href") == row["wayback_url"]
        else:
            assert not wayback_cell.cssselect("a")


def test_a_failing_link_without_a_copy_says_why(archive):
    tree = archive.tree()
    shown = set()
    for row in failing_citations(archive):
        status = NO_CAPTURE.get(row["link_url"], (None,))[0]
        if row["wayback_url"] or status is None:
            continue
        cell = tree.cssselect(f'tr[data-citation-id="{row["id"]}"] td.wayback span.none')[0]
        assert cell.text_content() == NO_COPY_SAID[status], row["link_url"]
        line = next(line for line in archive.md.splitlines() if f"<{row['link_url']}>" in line)
        assert line.endswith(f" — {NO_COPY_SAID[status]}"), line
        shown.add(status)
    assert shown == {"pending", "skipped", "failed"}
    assert "saving failed" not in next(line for line in archive.md.splitlines() if "ankara-urges-baku" in line)


def test_commentary_headings_name_and_link_the_commentary(archive):
    tree = archive.tree()
    for body in tree.cssselect("#dead-links tbody.commentary"):
        url = body.get("data-commentary-url")
        title, number = archive.query("SELECT title, number FROM commentaries WHERE url = ?", url)[0]
        heading = body.cssselect("tr.group th")[0]
        link = heading.cssselect("a.commentary-link")[0]
        assert link.get("href") == url and link.text_content() == title
        assert f"No. {number}" in heading.text_content()


def test_dying_citations_say_since_when_they_fail(archive):
    rows = [r for r in failing_citations(archive) if r["verdict"] == "dying"]
    assert {r["link_url"] for r in rows} == expected_dying(archive)
    first_failures = {link["url"]: moment(WEEK["days"][link["outcomes"].index(next(
        o for o in link["outcomes"] if o not in ("ok", "redirected")))]) for link in WEEK["links"] if link["url"] in STAY_DYING}
    for url in expected_dying(archive) - STAY_DYING:  # failing since their first failed check
        first_failures[url] = archive.scalar(
            "SELECT min(checked_at) FROM checks WHERE url = ? AND outcome NOT IN ('ok', 'redirected', 'blocked') "
            "AND checked_at > coalesce((SELECT max(checked_at) FROM checks WHERE url = ? "
            "AND outcome IN ('ok', 'redirected')), '')", url, url)
    tree = archive.tree()
    for row in rows:
        time = tree.cssselect(f'tr[data-citation-id="{row["id"]}"] td.dead-since time')[0]
        assert time.get("datetime") == first_failures[row["link_url"]]


# ----------------------------------------------------------------------- problems


def test_problem_counts_match_the_citations(archive):
    expected = {row[0]: row[1] for row in archive.query(
        "SELECT p.value, count(DISTINCT c.id) FROM citations c, json_each(c.problems) p GROUP BY 1")}
    assert json.loads(archive.json)["totals"]["problems"] == expected
    tree = archive.tree()
    shown = {tr.get("data-problem"): int(tr.cssselect("td.count")[0].text_content())
             for tr in tree.cssselect("#problems table.problem-counts tr[data-problem]")}
    assert shown == expected
    for code, n in expected.items():
        assert len(tree.cssselect(f"#problem-{code} table.problem-list tbody tr")) == n
    for code in ("placeholder", "suspect_domain", "published_after_accessed", "no_url", "malformed_url", "duplicate"):
        assert code in expected, code


def test_misspelled_domain_is_listed_with_its_fix(archive):
    rows = archive.tree().cssselect("#problem-suspect_domain table.problem-list tbody tr")
    fixes = {(tr.cssselect("code.written")[0].text_content(), tr.cssselect("code.suggested")[0].text_content())
             for tr in rows}
    assert ("www.hurriyetaidailynews.com", "hurriyetdailynews.com") in fixes
    assert len(fixes) == archive.scalar("SELECT count(*) FROM citations WHERE problems LIKE '%suspect_domain%'")


# ------------------------------------------------------------------- Robust Links


def test_robust_links_where_a_capture_exists(archive):
    tree = archive.tree()
    cited = tree.cssselect("a.cited")
    assert cited
    decorated = 0
    for a in cited:
        url = a.get("href")
        capture = archive.query("SELECT wayback_url, wayback_timestamp FROM links WHERE url = ?", url)[0]
        if capture["wayback_url"]:
            decorated += 1
            assert a.get("data-originalurl") == url
            assert a.get("data-versionurl") == capture["wayback_url"]
            ts = capture["wayback_timestamp"]
            assert a.get("data-versiondate") == f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}"
        else:
            assert a.get("data-versionurl") is None and a.get("data-versiondate") is None
    failing_with_capture = {r["link_url"] for r in failing_citations(archive) if r["wayback_url"]}
    assert len(failing_with_capture) == 2
    listed_dead = tree.cssselect("#dead-links a.cited")
    assert {a.get("href") for a in listed_dead if a.get("data-versionurl")} == failing_with_capture
    captured = {r[0] for r in archive.query("SELECT url FROM links WHERE wayback_url IS NOT NULL")}
    assert decorated == len([a for a in cited if a.get("href") in captured])  # every citation's page too
    commentary = tree.cssselect(f'a.commentary-link[href="{COMMENTARY_14}"]')[0]
    assert commentary.get("data-versiondate") == "2026-02-24"


def test_only_web_urls_become_links(archive):
    hrefs = [a.get("href") for a in archive.tree().cssselect("a[href]")]
    assert all(h.startswith(("https://", "http://", "#")) for h in hrefs), [h for h in hrefs if not h.startswith("http")]
    assert "ftp://ftp.unece.org/pub/trans/wp5/eatl/EATL_Phase_III_Report.pdf" in archive.html  # shown, as text


# ------------------------------------------------------------------------ escaping


def test_citation_text_is_escaped_and_round_trips(archive):
    raw = archive.scalar("SELECT raw FROM citations WHERE link_url = ?", MISSPELLED)
    assert "<https://" in raw and "Hürriyet" in raw
    assert "&lt;https://www.hurriyetaidailynews.com/" in archive.html
    assert "<https://www.hurriyetaidailynews.com" not in archive.html
    texts = [el.text_content() for el in archive.tree().cssselect(".raw")]
    assert raw in texts


def test_hostile_text_is_escaped_everywhere(archive, tmp_path):
    copy = tmp_path / "hostile.sqlite"
    shutil.copy(archive.db, copy)
    hostile = '</td></table><script>alert("x")</script> "Şu" & \'bu\' <img src=x onerror=alert(1)>'
    db = store.open_db(copy)
    try:
        with db.atomic():
            db.execute("UPDATE citations SET raw = raw || ? WHERE link_url = ?", [hostile, MISSPELLED])
            db.execute("UPDATE commentaries SET title = title || ? WHERE url = ?", [hostile, COMMENTARY_14])
        report = rep.build_report(db, GENERATED_AT)
    finally:
        db.close()
    html = rep.render(report, "html")
    assert "<script" not in html and "<img" not in html
    tree = lxml.html.document_fromstring(html)
    assert any(el.text_content().endswith(hostile) for el in tree.cssselect("#dead-links .raw"))
    assert any(el.text_content().endswith(hostile) for el in tree.cssselect("#dead-links a.commentary-link"))
    md = rep.render(report, "md")
    assert "<script" not in md and "<img" not in md
    row = next(r for r in csv.DictReader(io.StringIO(rep.render(report, "csv"))) if r["link_url"] == MISSPELLED)
    assert row["raw"].endswith(hostile)


def test_self_contained(archive):
    html = archive.html
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html and "<meta charset=\"utf-8\">" in html
    for needle in ("<script", "<link", "<img", "<iframe", "@import", "url(", " src="):
        assert needle not in html, needle
    assert "@media print" in html and 'name="viewport"' in html


# ----------------------------------------------------------------- CSV, JSON, MD


def test_csv_has_one_row_per_citation_with_the_links_verdict(archive):
    rows = list(csv.DictReader(io.StringIO(archive.csv)))
    assert tuple(rows[0]) == rep.CSV_COLUMNS
    assert len(rows) == archive.scalar("SELECT count(*) FROM citations")
    expected = {(r["commentary_url"], str(r["footnote"]), str(r["position"])): (r["verdict"] or "", r["dead_since"] or "")
                for r in archive.query("""SELECT c.commentary_url, c.footnote, c.position, l.verdict, l.dead_since
                                          FROM citations c LEFT JOIN links l ON l.url = c.link_url""")}
    assert {(r["commentary_url"], r["footnote"], r["position"]): (r["verdict"], r["dead_since"]) for r in rows} == expected
    misspelled = next(r for r in rows if r["link_url"] == MISSPELLED)
    assert misspelled["problems"] == "suspect_domain" and misspelled["commentary_number"] == "2026/14"
    for url, (timestamp, status, _) in CAPTURES.items():
        row = next(r for r in rows if r["link_url"] == url)
        assert (row["wayback_url"], row["wayback_timestamp"], row["snapshot_status"]) == (wayback(url, timestamp), timestamp, status)
    for url, (status, _) in NO_CAPTURE.items():
        row = next(r for r in rows if r["link_url"] == url)
        assert (row["wayback_url"], row["snapshot_status"]) == ("", status)


def test_json_validates_against_the_shipped_schema(archive):
    document = json.loads(archive.json)
    schema = json.loads((ROOT / "avimcrawl" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    assert rep.schema() == schema
    assert document["schema"] == schema["$id"] == rep.SCHEMA_ID
    assert document["generated_at"] == GENERATED_AT
    assert len(document["citations"]) == archive.scalar("SELECT count(*) FROM citations")
    misspelled = next(c for c in document["citations"] if c["link_url"] == MISSPELLED)
    # behind the proxy its host not resolving is a connection_error: transient, dying within a week
    assert misspelled["problems"] == ["suspect_domain"] and misspelled["verdict"] == "dying"
    statuses = schema["$defs"]["citation"]["properties"]["snapshot_status"]["enum"]
    assert statuses == [*store.SnapshotStatus, None]
    for url, (status, _) in NO_CAPTURE.items():
        assert {c["snapshot_status"] for c in document["citations"] if c["link_url"] == url} == {status}


def test_markdown_summary(archive):
    q = archive.scalar
    dead, dying = q("SELECT count(*) FROM links WHERE verdict = 'dead'"), q("SELECT count(*) FROM links WHERE verdict = 'dying'")
    links = q("SELECT count(*) FROM links")
    blocked = q("SELECT count(*) FROM links WHERE verdict = 'blocked'")
    totals = (f"**{q('SELECT count(*) FROM commentaries')} commentaries, {q('SELECT count(*) FROM citations')} citations, "
              f"{links} cited links: {dead} dead, {dying} dying, {blocked} blocked; {len(CAPTURES)} of {links} links")
    assert totals in archive.md
    assert f"## Dead and dying citations ({len(failing_citations(archive))})" in archive.md
    assert "| dead | " in archive.md and "## Citation problems" in archive.md
    assert "<https://www.hurriyetaidailynews.com/" in archive.md


def test_markdown_commentary_headings_and_shares_read_cleanly(archive, tmp_path):
    copy = tmp_path / "unnumbered.sqlite"
    shutil.copy(archive.db, copy)
    db = store.open_db(copy)
    try:
        with db.atomic():
            db.execute("UPDATE commentaries SET number = NULL")
        md = rep.render(rep.build_report(db, GENERATED_AT), "md")
    finally:
        db.close()
    assert "\\(" not in md and "**(" not in md and "****" not in md
    headings = [line for line in md.splitlines() if line.startswith("[") and "](https://avim.org.tr/" in line]
    assert headings and all(" · en" in line or " · tr" in line for line in headings)
    numbered = [line for line in archive.md.splitlines() if line.startswith("**No. ")]
    assert numbered and all("](https://avim.org.tr/" in line for line in numbered)
    summary = "\n".join(line for line in md.splitlines() if line.startswith(("|", "**")))  # not the citations' text
    shares = re.findall(r"[<>]?\d+(?:\.\d+)?%", summary)
    assert shares and [s for s in shares if not re.fullmatch(r"[<>]?\d+\.\d%|0%|100%", s)] == []


def with_changed_pages(archive: Archive, tmp_path: Path) -> tuple[Path, dict[str, tuple[str, str]]]:
    """A copy of the archive where four live cited pages changed since cited, one of each kind:
    citation id -> (change, the capture's URL)."""
    copy = tmp_path / "changed.sqlite"
    shutil.copy(archive.db, copy)
    alive = archive.query("SELECT c.id, c.link_url FROM citations c JOIN links l ON l.url = c.link_url "
                          "WHERE l.verdict = 'alive' GROUP BY c.link_url ORDER BY c.link_url LIMIT 5")
    assert len(alive) == 5
    kinds = [("replaced", "absent", "same", None), ("parked", "parked", "close", None),
             ("edited", "close", "same", 0.2), ("rewritten", "same", "same", 0.73), (None, "same", "close", 0.31)]
    changed = {}
    conn = sqlite3.connect(copy)
    try:
        for row, (change, live, captured, drift) in zip(alive, kinds):
            capture = wayback(row[1], "20251120101010")
            conn.execute("UPDATE links SET wayback_url = ?, wayback_timestamp = '20251120101010', capture_drift = ? "
                         "WHERE url = ?", [capture, drift, row[1]])
            conn.execute('UPDATE citations SET "match" = ?, capture_match = ? WHERE link_url = ?', [live, captured, row[1]])
            if change:
                changed.update({r[0]: (change, capture) for r in conn.execute(
                    "SELECT id FROM citations WHERE link_url = ?", [row[1]])})
        conn.commit()
    finally:
        conn.close()
    return copy, changed


def test_live_pages_changed_since_cited_stand_beside_their_archived_copy(archive, tmp_path):
    copy, changed = with_changed_pages(archive, tmp_path)
    db = store.open_db(copy)
    try:
        report = rep.build_report(db, GENERATED_AT)
    finally:
        db.close()
    assert {c.id: c.change for c in report.changed_citations()} == {k: v[0] for k, v in changed.items()}
    html = rep.render(report, "html")
    rows = lxml.html.document_fromstring(html).cssselect("#changed table.changed-list tbody tr")
    assert {r.get("data-citation-id"): r.get("data-change") for r in rows} == {k: v[0] for k, v in changed.items()}
    order = [r.get("data-change") for r in rows]
    assert order == sorted(order, key=list(rep.CHANGES).index)
    for row in rows:
        link_url = archive.scalar("SELECT link_url FROM citations WHERE id = ?", row.get("data-citation-id"))
        assert row.cssselect("td.live-page a.live")[0].get("href") == link_url
        assert row.cssselect("td.wayback a.memento")[0].get("href") == changed[row.get("data-citation-id")][1]
    assert "drift 0.73" in html
    md = rep.render(report, "md")
    assert f"## Live pages changed since they were cited ({len(changed)})" in md
    assert md.count(" as cited: [2025-11-20](https://web.archive.org/web/20251120101010/") == len(changed)
    assert "No live cited page is known to have changed" in archive.html
    document = json.loads(rep.render(report, "json"))
    jsonschema.validate(document, rep.schema())
    assert {c["change"] for c in document["citations"]} == {None, *(v[0] for v in changed.values())}
    assert {r["change"] for r in csv.DictReader(io.StringIO(rep.render(report, "csv")))} == \
        {"", *(v[0] for v in changed.values())}
    assert "## Live pages changed since they were cited (0)" in archive.md

    from playwright.sync_api import sync_playwright
    page_file = tmp_path / "changed.html"
    page_file.write_text(html, encoding="utf-8")
    with sync_playwright() as p:
        browser = open_browser(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_file.as_uri())
            for row in page.locator("#changed tr[data-change]").all():
                live, copy_ = row.locator("a.live").bounding_box(), row.locator("a.memento").bounding_box()
                assert live and copy_ and live["x"] + live["width"] <= copy_["x"], "not side by side"
                assert abs(live["y"] - copy_["y"]) < 40
            phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
            phone.goto(page_file.as_uri())
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            assert phone.locator("#changed a.live").first.is_visible()
        finally:
            browser.close()


def test_one_page_per_commentary_lists_every_citation(archive, tmp_path):
    from avimcrawl.report.html import commentary_anchor
    tree = archive.tree()
    pages = tree.cssselect("#commentaries details.commentary-page")
    assert len(pages) == archive.scalar("SELECT count(*) FROM commentaries")
    warc_seen = 0
    for page in pages:
        url = page.get("data-commentary-url")
        assert page.get("id") == commentary_anchor(url)
        expected = archive.query("""
            SELECT c.id, c.raw, coalesce(l.verdict, CASE WHEN l.url IS NOT NULL THEN 'unknown' END) AS verdict,
                   l.warc_file, l.warc_offset
            FROM citations c LEFT JOIN links l ON l.url = c.link_url WHERE c.commentary_url = ?""", url)
        rows = {r.get("data-citation-id"): r for r in page.cssselect("tr[data-citation-id]")}
        assert set(rows) == {e["id"] for e in expected}
        for e in expected:
            row = rows[e["id"]]
            assert row.cssselect(".raw")[0].text_content() == e["raw"]
            assert row.cssselect("td.verdict")[0].text_content().split(" ")[0] == (e["verdict"] or "")
            warc = row.cssselect("td.warc")[0].text_content()
            assert warc == (f"{e['warc_file']}:{e['warc_offset']}" if e["warc_file"] else "")
            warc_seen += bool(warc)
    assert warc_seen > 0
    ids = {page.get("id") for page in pages}
    page_links = tree.cssselect("#dead-links tr.group a.page-link")
    assert page_links and all(a.get("href")[1:] in ids for a in page_links)
    copy, changed = with_changed_pages(archive, tmp_path)
    db = store.open_db(copy)
    try:
        html = rep.render(rep.build_report(db, GENERATED_AT), "html")
    finally:
        db.close()
    changed_id = next(cid for cid, (change, _) in changed.items() if change == "replaced")
    row = lxml.html.document_fromstring(html).cssselect(f'#commentaries tr[data-citation-id="{changed_id}"]')[0]
    assert row.cssselect("td.match")[0].text_content() == "live: absent · archived: same"


def test_markdown_lists_at_most_50_dead_citations(archive, tmp_path):
    copy = tmp_path / "many.sqlite"
    shutil.copy(archive.db, copy)
    db = store.open_db(copy)
    try:
        with db.atomic():
            db.execute("UPDATE links SET verdict = 'dead', dead_since = ? WHERE verdict = 'alive'", [moment(1)])
        report = rep.build_report(db, GENERATED_AT)
    finally:
        db.close()
    failing = len(report.failing_citations())
    assert failing > 50
    md = rep.render(report, "md")
    assert md.count("\n- note ") == 50 and f"…and {failing - 50} more." in md


def test_the_report_depends_only_on_the_database_and_generated_at(archive):
    db = store.open_db(archive.db)
    try:
        again = {fmt: rep.render(rep.build_report(db, GENERATED_AT), fmt) for fmt in rep.FORMATS}
    finally:
        db.close()
    assert again == {"html": archive.html, "csv": archive.csv, "json": archive.json, "md": archive.md}
    assert GENERATED_AT in archive.html


def test_write_report_writes_what_it_returns(archive):
    for fmt in rep.FORMATS:
        written = (archive.reports / f"report.{fmt}").read_bytes().decode("utf-8")
        assert written == getattr(archive, fmt)
    assert archive.csv.splitlines()[0] == ",".join(rep.CSV_COLUMNS)
    assert sorted(p.name for p in archive.reports.iterdir()) == sorted(f"report.{fmt}" for fmt in rep.FORMATS)


def test_unknown_format_is_refused(archive):
    db = store.open_db(archive.db)
    try:
        with pytest.raises(ValueError, match="unknown report format 'pdf'"):
            rep.write_report(db, "pdf", None, GENERATED_AT)
    finally:
        db.close()


# ------------------------------------------------------------------- a real browser


def test_html_report_in_a_real_browser(archive, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium is not installed: this test needs Debian's chromium "
                    "(apt-get install chromium); .ci/run installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]' (never `playwright install`)")
    page_file = tmp_path / "report.html"
    page_file.write_text(archive.html, encoding="utf-8")
    url = page_file.as_uri()
    failing = failing_citations(archive)
    years = archive.scalar("SELECT count(DISTINCT substr(m.published, 1, 4)) FROM citations c "
                           "JOIN commentaries m ON m.url = c.commentary_url WHERE c.link_url IS NOT NULL")
    domains = min(20, archive.scalar("SELECT count(DISTINCT domain) FROM links"))
    requests: list[str] = []
    problems: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.goto(url, wait_until="load")
            assert page.title().startswith("Link health of AVİM's citations")

            rot = page.locator("#rot-by-year svg")
            box = rot.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 100
            assert page.locator("#rot-by-year svg g.bar").count() == years
            assert page.locator("#rot-by-year svg text.year-label").count() == years
            assert page.locator("#rot-by-year svg text.share-label").count() == years
            bar_box = page.locator("#rot-by-year svg g.bar rect.dead").last.bounding_box()
            assert bar_box and bar_box["height"] > 0

            by_domain = page.locator("#verdicts-by-domain svg")
            box = by_domain.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 200
            assert page.locator("#verdicts-by-domain svg g.domain-row").count() == domains
            assert page.locator("#verdicts-by-domain svg text.domain-label").count() == domains
            widest = page.locator("#verdicts-by-domain svg g.domain-row").first.bounding_box()
            assert widest and widest["width"] > 200

            first_page = page.locator("#commentaries details.commentary-page").first
            assert not first_page.locator("table").is_visible()
            first_page.locator("summary").click()
            assert first_page.locator("table tr[data-citation-id]").first.is_visible()
            assert clipped_labels(page, "#rot-by-year svg") == []
            assert clipped_labels(page, "#verdicts-by-domain svg") == []

            table = page.locator("#dead-links table")
            assert table.is_visible()
            assert page.locator("#dead-links table tr.citation").count() == len(failing)
            shown = page.locator("#dead-links table tr.citation td.citation-text .raw").all_inner_texts()
            assert sorted(t.strip() for t in shown) == sorted(r["raw"].strip() for r in failing)
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)

            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
            phone.on("request", lambda request: requests.append(request.url))
            phone.goto(url, wait_until="load")
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
                "the page scrolls sideways on a phone"
            phone.screenshot(path=str(ARTIFACTS / "report-phone.png"), full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert set(requests) == {url}, [r for r in requests if r != url]


CLIPPED_LABELS_JS = """svg => { const box = svg.getBoundingClientRect(); return [...svg.querySelectorAll('text')]
  .filter(t => { const r = t.getBoundingClientRect();
                 return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5; })
  .map(t => t.textContent); }"""


def clipped_labels(page: Any, selector: str) -> list[str]:
    """The texts of the chart's labels that stand (partly) outside its SVG, where the browser clips them."""
    return [text for svg in page.locator(selector).all() for text in svg.evaluate(CLIPPED_LABELS_JS)]


def open_browser(p: Any) -> Any:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium is not installed: this test needs Debian's chromium (apt-get install chromium)")
    return p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


def test_long_domain_names_and_many_years_are_not_clipped():
    from playwright.sync_api import sync_playwright
    names = ["a-very-long-subdomain-name.of-a-university-library.example.ac.uk",
             "WWW.MINISTRY-OF-FOREIGN-AFFAIRS.GOV.EXAMPLE", "mmmmmmmmmmmmmmmmmmmmmmmmmm.com", "x.co", ""]
    domains = tuple(rep.DomainVerdicts(name, {"alive": 5 - i, "dead": i, "dying": 1}) for i, name in enumerate(names))
    years = tuple(rep.YearRot(year, 10, year % 3, 1) for year in range(2005, 2027))
    html = ("<!DOCTYPE html><html><body>" + rep.domain_chart_svg(domains)
            + '<div style="max-width:720px">' + rep.rot_chart_svg(years) + "</div></body></html>")
    with sync_playwright() as p:
        browser = open_browser(p)
        try:
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.set_content(html)
                assert clipped_labels(page, "svg") == []
                labels = page.locator("text.domain-label").all_text_contents()  # each with its <title>: the full name
                shown = [name if len(name) <= 48 else name[:47] + "…" for name in names]
                assert labels == [name + cut if name else "(no host)" * 2 for name, cut in zip(names, shown)]
        finally:
            browser.close()

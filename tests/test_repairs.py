"""`avimcrawl repairs`: repaired footnotes, over an archive made the way the real program makes it.

The archive is built by a real crawl of the local internet, `avimcrawl check` on days 1, 4 and
7 (so that links die: a soft 404, a page gone, a host that times out) and `avimcrawl archive`
(CDX lookups in the Wayback Machine stand-in: captures nearest each access date). Then a few
columns of the verification stage are written in with SQL, standing for what that stage
writes where its producers are not merged yet (`citations.match`…): each such write is
named in `verification_stand_in`. The rest is what the program itself stored (the spider
`leads`, run by `check`, writes `suggested_url`).

Cases that need evidence the fixture sites do not hold (a page naming its site, a parked
domain, a capture of another page, another web archive's copy) are tested on the pure
function `repair_citation`, with rows shaped as the database gives them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import sqlite_utils

from avimcrawl import store
from avimcrawl.repairs import (
    FINDINGS,
    Finding,
    HouseStyle,
    Source,
    read_repairs,
    render,
    repair_citation,
)
from tests.internet.client import SITES_DIR, LocalInternet
from tests.toolkit import invoke, query

ROOT = Path(__file__).parent.parent
SERBIA = "https://avim.org.tr/en/Yorum/TURKIYE-SERBIA-RAPPROCHEMENT-AND-THE-BALKAN-PEACE-PLATFORM-TESTING-BALANCING-ROLE"
CORRIDOR = "https://avim.org.tr/en/Yorum/THE-MIDDLE-CORRIDOR-AFTER-THE-ASTANA-RAIL-SUMMIT-CAPACITY-BEFORE-RHETORIC"
ARMENIA = "https://avim.org.tr/en/Yorum/ARMENIA-S-CONSTITUTION-DEBATE-AND-THE-PEACE-TREATY-WITH-AZERBAIJAN"
OLAYLAR = "https://avim.org.tr/tr/Yorum/1915-OLAYLARI-TARTISMASINDA-ARSIVLERIN-SESI"
KARADENIZ = "https://avim.org.tr/tr/Yorum/KARADENIZ-GUVENLIGI-VE-MONTRO-SOZLESMESI-NIN-KALICI-ONEMI"
MISSPELLED = "https://www.hurriyetaidailynews.com/turkiye-serbia-agree-to-deepen-defense-energy-and-trade-cooperation-218902"
INTENDED = "https://www.hurriyetdailynews.com/turkiye-serbia-agree-to-deepen-defense-energy-and-trade-cooperation-218902"
REPLACED = "https://armenianweekly.com/2026/01/30/opposition-rallies-against-new-constitution-plan/"
DAYS = {1: "2026-03-01T09:00:00Z", 2: "2026-03-02T09:00:00Z", 3: "2026-03-05T09:00:00Z", 4: "2026-03-08T09:00:00Z"}


@dataclass
class Archive:
    db: Path
    tmp: Path

    def query(self, sql: str, *params: object) -> list[sqlite3.Row]:
        return query(self.db, sql, *params)

    def citation(self, commentary: str, footnote: int, position: int = 1) -> sqlite3.Row:
        return self.query("""SELECT c.*, l.verdict, l.last_outcome, l.dead_since, l.wayback_url, l.wayback_timestamp,
                                    l.published AS page_published, l.site_name AS page_site_name, l.title AS page_title
                             FROM citations c LEFT JOIN links l ON l.url = c.link_url
                             WHERE c.commentary_url = ? AND c.footnote = ? AND c.position = ?""",
                          commentary, footnote, position)[0]

    def repairs(self, *args: str) -> Any:
        result = invoke("repairs", "--db", str(self.db), "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)


def _run(net: LocalInternet, db: Path, epoch: int, *args: str) -> None:
    net.set_epoch(epoch)
    result = subprocess.run([sys.executable, "-m", "avimcrawl", *args, "--db", str(db)], env=net.subprocess_env(),
                            capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]


VERIFICATION_COLUMNS = {
    "citations": ("match", "match_score", "match_title", "capture_match", "capture_match_score",
                  "capture_match_title", "suggested_url", "suggested_how", "suggested_evidence"),
}


def verification_stand_in(db_path: Path) -> None:
    """What the verification stage writes, where its producers are not merged yet.

    * The columns, if this archive's migrations do not make them yet.
    * The misspelled `hurriyetaidailynews.com` citation: the page on the intended domain (the
      local internet holds it). The spider `leads`, run by `check`, now finds it itself: this is
      written only where it did not.
    * The `replaced` page of the fixture sites (same URL, another article since day 1):
      its live page no longer holds the cited title.
    """
    db = store.open_db(db_path)  # every migration the code has, first: what is added below stays added
    try:
        for table, columns in VERIFICATION_COLUMNS.items():
            present = set(db[table].columns_dict)
            for column in columns:
                if column not in present:
                    db.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {"REAL" if column.endswith("score") else "TEXT"}')
        with db.atomic():
            db.execute("""UPDATE citations SET suggested_url = ?, suggested_how = 'intended_domain',
                                 suggested_evidence = ?
                          WHERE link_url = ? AND suggested_url IS NULL""",
                       [INTENDED, json.dumps({"title": "same", "domain": "hurriyetdailynews.com"}), MISSPELLED])
            title = db.execute("SELECT title FROM links WHERE url = ?", [REPLACED]).fetchone()[0]
            db.execute("""UPDATE citations SET "match" = 'absent', match_score = 0.1, match_title = ?
                          WHERE link_url = ?""", [title, REPLACED])
    finally:
        db.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    tmp = tmp_path_factory.mktemp("repairs")
    db = tmp / "archive" / "avim.sqlite"
    # Pages that never answer (a timeout is a transient failure) are dead within this week only
    # with a window of its length: the repairs of dead links are what this archive is for.
    fetch = ("--delay", "0", "--timeout", "3", "--transient-dead-after-days", "7")
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        _run(net, db, 1, "crawl", "--now", DAYS[1], *fetch)
        _run(net, db, 2, "check", "--all", "--now", DAYS[2], *fetch)
        _run(net, db, 3, "check", "--all", "--now", DAYS[3], *fetch)
        _run(net, db, 4, "check", "--all", "--leads", "--now", DAYS[4], *fetch)
        _run(net, db, 4, "archive", "--now", DAYS[4], "--cdx-per-second", "100")
    verification_stand_in(db)
    yield Archive(db, tmp)


def commentary(document: Any, url: str) -> Any:
    return next(c for c in document["commentaries"] if c["url"] == url)


def footnote(document: Any, url: str, number: int) -> Any:
    return next(f for f in commentary(document, url)["footnotes"] if f["footnote"] == number)


def cited(document: Any, url: str, number: int, position: int = 1) -> Any:
    return next(c for c in footnote(document, url, number)["citations"] if c["position"] == position)


def codes(citation: Any) -> list[str]:
    return [finding["code"] for finding in citation["findings"]]


# ------------------------------------------------------------------------- the archive


def test_the_archive_holds_what_the_cases_rest_on(archive):
    dead = {row["link_url"]: row for row in archive.query(
        "SELECT c.link_url, l.last_outcome, l.wayback_url FROM citations c JOIN links l ON l.url = c.link_url "
        "WHERE l.verdict = 'dead'")}
    assert dead[archive.citation(CORRIDOR, 5)["link_url"]]["wayback_url"]
    assert dead[archive.citation(SERBIA, 2)["link_url"]]["last_outcome"] == "soft_404"
    assert dead[archive.citation(OLAYLAR, 1)["link_url"]]["wayback_url"]
    assert "placeholder" in archive.citation(SERBIA, 4)["problems"]
    assert "published_after_accessed" in archive.citation(SERBIA, 7)["problems"]


def test_every_footnote_is_listed_with_its_original_text(archive):
    document = archive.repairs()
    assert {c["url"] for c in document["commentaries"]} == {r[0] for r in archive.query("SELECT url FROM commentaries")}
    for entry in document["commentaries"]:
        rows = archive.query("SELECT footnote, position, raw FROM citations WHERE commentary_url = ? "
                             "ORDER BY footnote, position", entry["url"])
        listed = [(f["footnote"], c["position"], c["original"]) for f in entry["footnotes"] for c in f["citations"]]
        assert listed == [(r["footnote"], r["position"], r["raw"]) for r in rows]
        for note in entry["footnotes"]:
            assert note["original"] == " ; ".join(c["original"] for c in note["citations"])


def test_a_footnote_with_nothing_wrong_has_no_repair(archive):
    note = footnote(archive.repairs(), SERBIA, 3)
    assert note["repaired"] is None and all(not c["findings"] and c["repaired"] is None for c in note["citations"])


# ------------------------------------------------------------------------- dead links


def test_a_dead_link_with_a_wayback_capture_is_repaired_with_archived_at(archive):
    row = archive.citation(CORRIDOR, 5)
    assert row["verdict"] == "dead"
    citation = cited(archive.repairs(), CORRIDOR, 5)
    dead = next(f for f in citation["findings"] if f["code"] == "dead")
    assert dead["since"] == row["dead_since"] and row["dead_since"][:10] in dead["detail"]
    # The commentary writes "12 February 2026": the capture's date is written the same way.
    stamp = row["wayback_timestamp"]
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    day = f"{int(stamp[6:8])} {months[int(stamp[4:6]) - 1]} {stamp[:4]}"
    assert citation["repaired"] == f"{row['raw']} Archived at {row['wayback_url']} (captured {day})."
    assert citation["archived_copy"] == {"url": row["wayback_url"], "date": f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}",
                                         "archive": "Wayback Machine"}


def test_a_soft_404_keeps_the_house_style_of_bracketed_urls_and_month_first_dates(archive):
    row = archive.citation(SERBIA, 2)
    citation = cited(archive.repairs(), SERBIA, 2)
    assert codes(citation) == ["dead", "soft_404"]
    assert row["wayback_url"] and row["raw"].endswith(">")
    stamp = row["wayback_timestamp"]
    assert citation["repaired"].startswith(row["raw"] + ". Archived at <" + row["wayback_url"] + "> (captured ")
    assert citation["repaired"].endswith(f", {stamp[:4]}).")
    assert "no working URL known" in " ".join(citation["notes"])


def test_a_dead_link_without_a_wayback_capture_gets_another_archives_copy_or_none(archive):
    other = "l.other_archive_url" if "other_archive_url" in sqlite_utils.Database(archive.db)["links"].columns_dict \
        else "NULL"
    rows = archive.query(f"""SELECT c.commentary_url, c.footnote, c.position, c.raw, {other} AS other_url, m.lang
                             FROM citations c JOIN links l ON l.url = c.link_url
                             JOIN commentaries m ON m.url = c.commentary_url
                             LEFT JOIN snapshots s ON s.url = c.link_url
                             WHERE l.verdict = 'dead' AND l.wayback_url IS NULL
                               AND coalesce(s.status, '') NOT IN ('found', 'saved')
                               AND c.problems NOT LIKE '%suspect_domain%' AND c.problems NOT LIKE '%placeholder%'""")
    assert any(r["other_url"] is None for r in rows)
    document = archive.repairs()
    for row in rows:
        citation = cited(document, row["commentary_url"], row["footnote"], row["position"])
        assert "dead" in codes(citation)
        if row["other_url"]:  # another web archive's copy (Memento TimeTravel), where the archive stage found one
            assert citation["archived_copy"]["url"] == row["other_url"]
            label = "Arşivlenmiş kopya: " if row["lang"] == "tr" else "Archived at "
            assert citation["repaired"].startswith(row["raw"] + ". " + label)
            assert row["other_url"] in citation["repaired"]
        else:
            assert citation["repaired"] is None and citation["archived_copy"] is None
            assert any("no archived copy known" in note for note in citation["notes"])


# -------------------------------------------------------------------- misspelled domains


def test_a_misspelled_domain_with_a_suggested_url_is_repaired_with_that_url(archive):
    row = archive.citation(SERBIA, 1, 2)
    assert row["link_url"] == MISSPELLED
    citation = cited(archive.repairs(), SERBIA, 1, 2)
    finding = next(f for f in citation["findings"] if f["code"] == "misspelled_domain")
    assert finding["suggestion"] == row["suggested_domain"] == "hurriyetdailynews.com"
    assert citation["repaired"] == row["raw"].replace(MISSPELLED, row["suggested_url"])
    assert "hurriyetaidailynews" not in citation["repaired"]
    assert citation["url"] == row["suggested_url"] and citation["url_source"] == "suggested"
    assert citation["suggested_how"] == row["suggested_how"]
    assert {"field": "url", "value": row["suggested_url"], "source": "suggested"} in citation["filled"]
    # The footnote's other citation is kept as written, joined as AVİM joins them.
    note = footnote(archive.repairs(), SERBIA, 1)
    assert note["repaired"] == f"{archive.citation(SERBIA, 1, 1)['raw']} ; {citation['repaired']}"


def test_a_misspelled_domain_without_a_verified_url_is_left_as_written(archive):
    rows = archive.query("""SELECT c.footnote, c.position, c.raw, c.suggested_domain FROM citations c
                            WHERE c.commentary_url LIKE 'https://avim.org.tr/tr/Yorum/T%AB-ILISKILERINDE%'
                              AND c.link_url LIKE '%dailysbah.com%'""")
    assert len(rows) == 1 and rows[0]["suggested_domain"] == "dailysabah.com"
    url = archive.query("SELECT url FROM commentaries WHERE url LIKE '%AB-ILISKILERINDE%'")[0]["url"]
    citation = cited(archive.repairs(), url, rows[0]["footnote"], rows[0]["position"])
    assert "misspelled_domain" in codes(citation)
    if archive.citation(url, rows[0]["footnote"], rows[0]["position"])["suggested_url"] is None:
        assert citation["repaired"] is None
        assert any("no URL verified on dailysabah.com" in note for note in citation["notes"])


# ---------------------------------------------------------------------- placeholders


def test_a_placeholder_is_filled_from_the_fetched_page_and_marked_as_supplied(archive):
    row = archive.citation(SERBIA, 4)
    assert row["page_published"] == "2015-11-10"  # the page's article:published_time, as the crawl extracted it
    document = archive.repairs()
    citation = cited(document, SERBIA, 4)
    placeholder = next(f for f in citation["findings"] if f["code"] == "placeholder")
    assert placeholder["fields"] == ["published", "accessed"]
    assert citation["filled"] == [{"field": "published", "value": "November 10, 2015", "source": "page"}]
    # The access date: no evidence gives it, so it stays a placeholder.
    assert citation["repaired"] == row["raw"].replace("[publication date]", "November 10, 2015")
    assert "[access date]" in citation["repaired"]
    assert any(note.startswith("[access date]: nothing in the archive") for note in citation["notes"])
    md = invoke("repairs", "--db", str(archive.db), "--commentary", SERBIA).output
    assert "November 10, 2015†" in md and "† supplied from the archived page" in md
    tree = lxml.html.document_fromstring(invoke("repairs", "--db", str(archive.db), "--commentary", SERBIA,
                                                "--format", "html").output)
    marks = tree.cssselect('article[data-footnote="4"] p.repaired mark.supplied')
    assert [m.text_content() for m in marks] == ["November 10, 2015"] and marks[0].get("data-source") == "page"
    assert marks[0].getnext().text_content() == "†"


def test_a_site_name_the_page_does_not_give_stays_a_placeholder(archive):
    row = archive.citation(SERBIA, 5, 2)
    assert "[Site Name]" in row["raw"]
    # The page names no site: extraction fell back on its host name, which is no evidence.
    assert row["page_site_name"] == "usa-ue.pl"
    citation = cited(archive.repairs(), SERBIA, 5, 2)
    assert codes(citation) == ["placeholder"] and citation["repaired"] is None and citation["filled"] == []
    assert any(note.startswith("[Site Name]: nothing in the archive gives the site name") for note in citation["notes"])


def test_published_after_accessed_is_reported_and_the_pages_own_date_supplied(archive):
    row = archive.citation(SERBIA, 7)
    citation = cited(archive.repairs(), SERBIA, 7)
    finding = next(f for f in citation["findings"] if f["code"] == "published_after_accessed")
    assert finding["detail"] == "dated September 29, 2026, after it was accessed (February 23, 2026)"
    assert row["page_published"] == "2024-09-29"
    assert citation["filled"] == [{"field": "published", "value": "September 29, 2024", "source": "page"}]
    assert citation["repaired"].startswith(row["raw"].replace("September 29, 2026", "September 29, 2024"))


# -------------------------------------------------------------------------- Turkish


def test_turkish_repairs_use_the_turkish_forms(archive):
    row = archive.citation(OLAYLAR, 1)
    assert row["verdict"] == "dead" and row["wayback_url"]
    stamp = row["wayback_timestamp"]
    months = ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım",
              "Aralık"]
    citation = cited(archive.repairs(), OLAYLAR, 1)
    assert citation["repaired"] == (f"{row['raw']}. Arşivlenmiş kopya: {row['wayback_url']} "
                                    f"(arşivlenme tarihi: {int(stamp[6:8])} {months[int(stamp[4:6]) - 1]} {stamp[:4]}).")
    assert commentary(archive.repairs(), OLAYLAR)["lang"] == "tr"


def test_a_turkish_access_date_placeholder_stays_and_the_archived_copy_is_added(archive):
    row = archive.citation(KARADENIZ, 2)
    citation = cited(archive.repairs(), KARADENIZ, 2)
    assert next(f for f in citation["findings"] if f["code"] == "placeholder")["fields"] == ["accessed"]
    assert "[erişim tarihi]" in citation["repaired"] and citation["filled"] == []
    if row["wayback_url"]:
        assert citation["repaired"].startswith(row["raw"] + ". Arşivlenmiş kopya: " + row["wayback_url"])


# ------------------------------------------------------------------- page replaced


def test_a_replaced_page_is_reported_with_its_new_title(archive):
    rows = archive.query("SELECT commentary_url, footnote, position, match_title FROM citations WHERE link_url = ?",
                         REPLACED)
    assert rows and rows[0]["commentary_url"] == ARMENIA
    citation = cited(archive.repairs(), ARMENIA, rows[0]["footnote"], rows[0]["position"])
    replaced = next(f for f in citation["findings"] if f["code"] == "page_replaced")
    assert rows[0]["match_title"] in replaced["detail"]
    wayback = archive.query("SELECT wayback_url FROM links WHERE url = ?", REPLACED)[0][0]
    if wayback:
        assert f"Archived at {wayback}" in citation["repaired"]


# --------------------------------------------------------------------------- formats


def test_json_markdown_and_html_say_the_same(archive):
    document = archive.repairs("--commentary", SERBIA)
    assert [c["url"] for c in document["commentaries"]] == [SERBIA]
    assert document["findings"] == {code.value: heading for code, heading in FINDINGS.items()}
    md = invoke("repairs", "--db", str(archive.db), "--commentary", SERBIA, "--format", "md").output
    html = invoke("repairs", "--db", str(archive.db), "--commentary", SERBIA, "--format", "html").output
    tree = lxml.html.document_fromstring(html)
    for note in commentary(document, SERBIA)["footnotes"]:
        assert f"### Note {note['footnote']}" in md
        article = tree.cssselect(f'article.footnote-repair[data-footnote="{note["footnote"]}"]')[0]
        assert article.cssselect("p.original")[0].text_content() == "Original" + note["original"]
        shown = [li.get("data-finding") for li in article.cssselect("ul.findings li")]
        assert shown == [f["code"] for c in note["citations"] for f in c["findings"]]
        repaired = article.cssselect("p.repaired")
        if note["repaired"] is None:
            assert not repaired
        else:
            assert repaired[0].text_content().replace("†", "").replace("‡", "") == "Repaired" + note["repaired"]


def test_html_is_self_contained_and_escaped(archive):
    html = invoke("repairs", "--db", str(archive.db), "--format", "html").output
    tree = lxml.html.document_fromstring(html)
    assert not tree.cssselect("script, link[rel=stylesheet], img, iframe")
    assert "<https://" not in html  # every bracketed URL of a footnote is escaped
    ids = [element.get("id") for element in tree.cssselect("[id]")]
    assert len(ids) == len(set(ids))
    assert tree.cssselect(f'section.repairs-commentary[data-commentary-url="{SERBIA}"]')


def test_the_html_report_links_each_commentary_to_its_repairs(archive):
    out = archive.tmp / "report.html"
    result = invoke("report", "--db", str(archive.db), "-o", str(out))
    assert result.exit_code == 0, result.output
    tree = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    ids = {element.get("id") for element in tree.cssselect("[id]")}
    groups = tree.cssselect("#dead-links tbody.commentary")
    assert groups
    linked = 0
    for group in groups:
        links = group.cssselect("tr.group a.repairs-link")
        if links:
            target = links[0].get("href").lstrip("#")
            assert target in ids
            section = tree.get_element_by_id(target)
            assert section.get("data-commentary-url") == group.get("data-commentary-url")
            linked += 1
    assert linked >= 3
    for link in tree.cssselect("#problems a.repairs-link"):
        assert link.get("href").lstrip("#") in ids
    serbia = tree.cssselect(f'#repairs section.repairs-commentary[data-commentary-url="{SERBIA}"]')[0]
    assert serbia.cssselect('article[data-footnote="4"] mark.supplied')
    assert not serbia.cssselect('article[data-footnote="3"]')  # the report lists only footnotes to repair


# ------------------------------------------------------------------------- the command


def test_commentary_repeated(archive):
    document = archive.repairs("--commentary", KARADENIZ, "--commentary", SERBIA, "--commentary", KARADENIZ)
    assert [c["url"] for c in document["commentaries"]] == [SERBIA, KARADENIZ]  # newest first, each once


def test_output_file(archive):
    out = archive.tmp / "out" / "repairs.html"
    result = invoke("repairs", "--db", str(archive.db), "--format", "html", "-o", str(out), "--commentary", SERBIA)
    assert result.exit_code == 0 and result.output.strip() == f"repairs: {out}"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_usage_errors_are_one_line_and_exit_2(archive, tmp_path):
    cases = [
        (["--db", str(archive.db), "--commentary", "https://avim.org.tr/en/Yorum/NO-SUCH"], "is not a commentary"),
        (["--db", str(tmp_path / "missing.sqlite")], "no archive database"),
        (["--db", str(archive.db), "--format", "pdf"], "--format"),
    ]
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cases.append((["--db", str(archive.db), "-o", str(blocker / "repairs.md")], "cannot write"))
    for args, said in cases:
        result = invoke("repairs", *args)
        assert result.exit_code == 2, (args, result.output)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert said in result.output and lines[-1].startswith("Error:"), result.output
        if said != "--format":
            assert len(lines) == 1, result.output


def test_an_archive_without_the_verification_columns_still_repairs(archive, tmp_path):
    copy = tmp_path / "old.sqlite"
    shutil.copy(archive.db, copy)
    db = sqlite_utils.Database(copy)
    present = set(db["citations"].columns_dict)
    for column in ("match", "match_score", "match_title", "capture_match", "capture_match_score",
                   "capture_match_title", "suggested_url", "suggested_how", "suggested_evidence", "suggested_at"):
        if column in present:
            db.execute(f'ALTER TABLE citations DROP COLUMN "{column}"')
    for table in ("links", "commentaries"):
        for column in ("other_archive", "other_archive_url", "other_archive_timestamp"):
            if column in db[table].columns_dict:
                db.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')
    repairs = read_repairs(db, [SERBIA, CORRIDOR])
    db.close()
    document = json.loads(render(repairs, "json"))
    misspelled = cited(document, SERBIA, 1, 2)
    assert "misspelled_domain" in codes(misspelled) and misspelled["repaired"] is None
    assert cited(document, CORRIDOR, 5)["repaired"] == cited(archive.repairs(), CORRIDOR, 5)["repaired"]


# ------------------------------------------------------- the pure function, on evidence the sites lack


def row(**values: Any) -> dict[str, Any]:
    """A citation row as `read_repairs` reads it: every column, NULL unless given."""
    base = dict.fromkeys((
        "id", "commentary_url", "footnote", "position", "raw", "url", "link_url", "authors", "title", "publisher",
        "published", "accessed", "problems", "suggested_domain", "c_match", "c_match_score", "c_match_title",
        "c_capture_match", "c_capture_match_score", "c_capture_match_title", "c_suggested_url", "c_suggested_how",
        "c_suggested_evidence", "c_suggested_at", "link", "verdict", "last_outcome", "dead_since", "last_checked", "domain",
        "page_title", "page_site_name", "page_published", "page_author", "wayback_url", "wayback_timestamp",
        "l_other_archive", "l_other_archive_url", "l_other_archive_timestamp"))
    base.update({"id": "x", "footnote": 5, "position": 2, "problems": "[]"})
    base.update(values)
    return base


USA_UE = "https://usa-ue.pl/teksty-i-komentarze/english/western-balkans-a-slow-death-of-the-eu-enlargement-policy//"
SITE_NAME_RAW = ("Spasimir Domaradzki, Western Balkans – a Slow Death of the EU Enlargement Policy, [Site Name], "
                 f"May 16, 2018, accessed February 23, 2026, <{USA_UE}>")
EN = HouseStyle("en", "month_day")
TR = HouseStyle("tr", "day_month")


def alive(**values: Any) -> dict[str, Any]:
    return row(link=values.get("link_url", USA_UE), verdict="alive", last_outcome="ok",
               last_checked="2026-03-08T09:00:00Z", **values)


def test_a_site_name_the_page_gives_fills_the_placeholder():
    repair = repair_citation(alive(raw=SITE_NAME_RAW, url=f"<{USA_UE}>", link_url=USA_UE, problems='["placeholder"]',
                                   page_site_name="Fundacja Polsko-Amerykańska USA-UE"), EN)
    assert repair.text == SITE_NAME_RAW.replace("[Site Name]", "Fundacja Polsko-Amerykańska USA-UE")
    supplied = [p for p in repair.repaired or () if p.source is not None]
    assert [(p.text, p.source) for p in supplied] == [("Fundacja Polsko-Amerykańska USA-UE", Source.PAGE)]
    assert "Fundacja Polsko-Amerykańska USA-UE†" in render_one(repair, "md")


def render_one(repair: Any, fmt: str) -> str:
    from avimcrawl.repairs import CommentaryRepairs, FootnoteRepair

    return render([CommentaryRepairs("https://avim.org.tr/en/Yorum/X", "en", "X", "2026/1", None,
                                     (FootnoteRepair(repair.footnote, (repair,)),))], fmt)


def test_a_title_placeholder_is_filled_from_the_capture_when_the_live_page_was_replaced():
    raw = "Kevork Yacoubian, [title], The Armenian Weekly, February 12, 2026, accessed February 23, 2026, <https://a.example/x>"
    repair = repair_citation(alive(raw=raw, url="<https://a.example/x>", link_url="https://a.example/x",
                                   problems='["placeholder"]', page_title="Another article",
                                   c_match="absent", c_match_title="Another article",
                                   c_capture_match_title="Filling the Vacuum", wayback_url=
                                   "https://web.archive.org/web/20260225101748/https://a.example/x",
                                   wayback_timestamp="20260225101748"), EN)
    assert [f.code for f in repair.findings] == [Finding.PAGE_REPLACED, Finding.PLACEHOLDER]
    assert [(f.field, f.value, f.source) for f in repair.filled] == [("title", "Filling the Vacuum", Source.CAPTURE)]
    assert repair.text == (raw.replace("[title]", "Filling the Vacuum") + ". Archived at "
                           "<https://web.archive.org/web/20260225101748/https://a.example/x> (captured February 25, 2026).")


def test_nothing_is_read_from_a_parked_page_and_a_capture_of_another_page_is_not_offered():
    raw = "“[başlık]”, [site adı], 3 Şubat 2026, Erişim tarihi: 9 Şubat 2026, https://b.example/y"
    repair = repair_citation(alive(raw=raw, url="https://b.example/y", link_url="https://b.example/y",
                                   problems='["placeholder"]', c_match="parked", page_title="This domain is for sale",
                                   page_site_name="Sedo", c_capture_match="absent", c_capture_match_title="Elsewhere",
                                   wayback_url="https://web.archive.org/web/20260101000000/https://b.example/y",
                                   wayback_timestamp="20260101000000"), TR)
    assert [f.code for f in repair.findings] == [Finding.PARKED, Finding.PLACEHOLDER]
    assert repair.findings[1].fields == ("title", "publisher")
    assert repair.repaired is None and repair.filled == () and repair.archived is None
    assert any("does not hold the cited page" in note for note in repair.notes)


def test_another_archives_copy_when_the_wayback_machine_has_none():
    raw = "Ali Veli, “Başlık”, Kaynak, 3 Şubat 2026, Erişim tarihi: 9 Şubat 2026, https://c.example/z"
    repair = repair_citation(row(raw=raw, url="https://c.example/z", link_url="https://c.example/z", link="x",
                                 verdict="dead", last_outcome="not_found", dead_since="2026-03-02T09:00:00Z",
                                 l_other_archive="archive.today",
                                 l_other_archive_url="https://archive.ph/2026.02.09-101500/https://c.example/z",
                                 l_other_archive_timestamp="20260209101500"), TR)
    assert repair.text == (f"{raw}. Arşivlenmiş kopya: https://archive.ph/2026.02.09-101500/https://c.example/z "
                           "(arşivlenme tarihi: 9 Şubat 2026).")
    assert repair.archived is not None and repair.archived.archive == "archive.today"


def test_a_suggested_url_replaces_a_dead_url_written_bare_and_dates_follow_the_commentary():
    raw = "“Cyprus Talks”, Hürriyet Daily News, 31.01.2026, https://d.example/old (Erişim tarihi: 03.02.2026)"
    style = HouseStyle.of("tr", [raw])
    assert style.dates == "numeric"
    repair = repair_citation(row(raw=raw, url="https://d.example/old", link_url="https://d.example/old", link="x",
                                 verdict="dead", last_outcome="not_found", c_suggested_url="https://d.example/new",
                                 c_suggested_how="same_id", c_suggested_evidence='{"id": "218547"}',
                                 wayback_url="https://web.archive.org/web/20260203000000/https://d.example/old",
                                 wayback_timestamp="20260203000000"), style)
    assert repair.text == ("“Cyprus Talks”, Hürriyet Daily News, 31.01.2026, https://d.example/new "
                           "(Erişim tarihi: 03.02.2026). Arşivlenmiş kopya: "
                           "https://web.archive.org/web/20260203000000/https://d.example/old "
                           "(arşivlenme tarihi: 03.02.2026).")
    assert repair.suggested_how == "same_id" and repair.suggested_evidence == {"id": "218547"}
    assert "https://d.example/new‡" in render_one(repair, "md").replace("\\", "")


def test_a_suggested_url_proven_by_a_capture_comes_with_that_capture():
    raw = ("Hürriyet Daily News Editorial, Türkiye, Serbia Agree to Deepen Defense, Energy and Trade Cooperation, "
           f"Hürriyet Daily News, February 13, 2026, accessed February 23, 2026, <{MISSPELLED}>")
    capture = f"https://web.archive.org/web/20260214083000/{INTENDED}"
    evidence = {"proof": "capture", "capture_url": capture, "capture_timestamp": "20260214083000", "match": "same"}
    repair = repair_citation(row(raw=raw, url=f"<{MISSPELLED}>", link_url=MISSPELLED, link="x", verdict="dead",
                                 last_outcome="dns_error", problems='["suspect_domain"]',
                                 suggested_domain="hurriyetdailynews.com", c_suggested_url=INTENDED,
                                 c_suggested_how="intended_domain", c_suggested_evidence=json.dumps(evidence)), EN)
    assert repair.text == (raw.replace(MISSPELLED, INTENDED) + f". Archived at <{capture}> (captured February 14, 2026).")
    assert any("no longer answers either" in note for note in repair.notes)


def test_a_search_that_found_nothing_is_said():
    raw = "“X”, Y, 3 Şubat 2026, Erişim tarihi: 9 Şubat 2026, https://e.example/gone"
    repair = repair_citation(row(raw=raw, url="https://e.example/gone", link_url="https://e.example/gone", link="x",
                                 verdict="dead", last_outcome="not_found", c_suggested_at="2026-03-08T09:00:00Z"), TR)
    assert repair.repaired is None
    assert "no working URL known (searched 2026-03-08: nothing proven): the written URL is kept" in repair.notes

"""The command line: help, usage errors, and the commands a user runs by hand."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from avimcrawl import __version__
from avimcrawl.cli import main

ROOT = Path(__file__).parent.parent
REFERENCE_HTML = ROOT / "tests" / "fixtures" / "pages" / "reference-2026-14.html"
REFERENCE_TXT = ROOT / "tests" / "fixtures" / "reference" / "avim-commentary-2026-14.txt"
REFERENCE_URL = "https://avim.org.tr/en/Yorum/TURKIYE-SERBIA-RAPPROCHEMENT-AND-THE-BALKAN-PEACE-PLATFORM-TESTING-BALANCING-ROLE"


def avimcrawl(net, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "avimcrawl", *args], env=net.subprocess_env(),
                          capture_output=True, text=True, timeout=300, cwd=cwd)


def test_help_and_version():
    runner = CliRunner()
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "crawl" in result.output and "citations" in result.output
    assert runner.invoke(main, ["--version"]).output.strip() == f"avimcrawl, version {__version__}"
    for command in ("crawl", "citations"):
        assert runner.invoke(main, [command, "--help"]).exit_code == 0


@pytest.mark.parametrize("url", ["ftp://avim.org.tr/en/Yorumlar", "avim.org.tr/en/Yorumlar", "https://"])
def test_bad_start_url_is_one_line_and_exit_2(tmp_path, url):
    result = CliRunner().invoke(main, ["crawl", "--db", str(tmp_path / "a.sqlite"), "--start-url", url])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"Error: --start-url {url!r} is not an http(s) URL")
    assert not (tmp_path / "a.sqlite").exists()


def test_unwritable_database_is_one_line_and_exit_2(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = CliRunner().invoke(main, ["crawl", "--db", str(blocker / "avim.sqlite")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "cannot open database" in result.output and "--db" in result.output


def test_database_from_environment(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("AVIMCRAWL_DB", str(blocker / "x.sqlite"))
    result = CliRunner().invoke(main, ["crawl"])
    assert result.exit_code == 2 and str(blocker) in result.output


def test_citations_of_a_saved_page_as_table_and_json():
    runner = CliRunner()
    table = runner.invoke(main, ["citations", str(REFERENCE_HTML)])
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split() == ["note", "authors", "title", "publisher", "published", "accessed", "problems", "link_url"]
    assert len(lines) == 12 and lines[2].startswith("1.2") and "suspect_domain→hurriyetdailynews.com" in lines[2]
    as_json = json.loads(runner.invoke(main, ["citations", str(REFERENCE_HTML), "--json"]).output)
    assert len(as_json) == 11 and as_json[0]["publisher"] == "Daily Sabah"


def test_citations_of_a_plain_text_copy():
    result = CliRunner().invoke(main, ["citations", str(REFERENCE_TXT), "--json"])
    rows = json.loads(result.output)
    assert [(r["footnote"], r["position"]) for r in rows][-4:] == [(5, 3), (6, 1), (7, 1), (8, 1)]
    assert rows[-1]["authors"] == "Teoman Ertuğrul Tulun"


def test_citations_table_says_which_note_a_repeat_cites_and_what_needs_review(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "Text.[1]\n\n[1] Ömer Engin Lütem, Ermeni Sorunu ve Türkiye (Ankara: AVİM Yayınları, 2024), s. 45.\n\n"
        "[2] a.g.e., s. 52.\n\n[3] Some words, more words, other words, last words here\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["citations", str(notes)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert "repeats 1" in rows["2.1"] and "review" not in rows["2.1"]
    assert "review (" in rows["3.1"] and "no_url" in rows["3.1"]
    assert "review" not in rows["1.1"]


def test_citations_of_a_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["citations", str(tmp_path / "nope.html")])
    assert result.exit_code == 2 and result.output.startswith("Error: cannot read")


def test_citations_of_a_url_through_the_internet(internet):
    result = avimcrawl(internet, "citations", REFERENCE_URL, "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 11
    assert REFERENCE_URL in internet.urls("GET")


def test_citations_of_a_dead_url(internet):
    result = avimcrawl(internet, "citations", "https://avim.org.tr/en/Yorum/NO-SUCH-PAGE")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error: cannot fetch https://avim.org.tr/en/Yorum/NO-SUCH-PAGE: HTTP 404")


def test_start_page_without_commentaries_is_a_loud_failure(internet, tmp_path):
    result = avimcrawl(internet, "crawl", "--db", str(tmp_path / "a.sqlite"), "--delay", "0",
                       "--start-url", "https://avim.org.tr/en/Iletisim")
    assert result.returncode == 1
    assert "WARNING: start page https://avim.org.tr/en/Iletisim links to no commentary: has the site changed?" in result.stderr
    assert result.stdout.startswith("crawl: 0 commentaries stored")


def test_language_and_limit(internet, tmp_path):
    db = tmp_path / "a.sqlite"
    result = avimcrawl(internet, "crawl", "--db", str(db), "--delay", "0", "--lang", "tr", "--max-commentaries", "2")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT lang, count(*) FROM commentaries GROUP BY lang").fetchall() == [("tr", 2)]
    assert not [u for u in internet.urls("GET") if u.startswith("https://avim.org.tr/en/")]


def test_scrapy_crawl_works_from_the_project_root(internet, tmp_path):
    db = tmp_path / "scrapy.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "commentaries", "-s", f"AVIMCRAWL_DB={db}", "-s", "DOWNLOAD_DELAY=0",
         "-s", "AVIMCRAWL_LANG=en", "-s", "AVIMCRAWL_MAX_COMMENTARIES=1", "-s", "LOG_LEVEL=WARNING"],
        env=internet.subprocess_env(), capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM commentaries WHERE lang = 'en'").fetchone()[0] == 1


@pytest.mark.parametrize("command", [["check"], ["archive"], ["report"], ["serve"], ["reparse"], ["failures"],
                                     ["correct", REFERENCE_URL, "1.1", "--reviewed"]])
def test_commands_that_read_an_archive_refuse_a_missing_database_and_create_nothing(tmp_path, command):
    db = tmp_path / "no-such-folder" / "avim.sqlite"
    result = CliRunner().invoke(main, [*command, "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: no archive database at {db}: run `avimcrawl crawl` first, or give --db"]
    assert not db.parent.exists()


def test_help_says_which_commands_create_a_database():
    runner = CliRunner()
    for command in ("crawl", "run"):
        assert "created with its folder if missing" in " ".join(runner.invoke(main, [command, "--help"]).output.split())
    for command in ("check", "archive", "report", "serve", "reparse", "failures"):
        text = " ".join(runner.invoke(main, [command, "--help"]).output.split())
        assert "created" not in text and "it must exist" in text, command


def test_report_to_a_file_that_cannot_be_written_is_exit_2(tmp_path):
    db = tmp_path / "avim.sqlite"
    sqlite3.connect(db).close()  # an empty database: the report opens it and migrates it
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["report", "--db", str(db), "-o", str(blocker / "report.html")])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: cannot write in {blocker}: it is a file, not a folder (choose another -o)"


def test_citations_of_an_unknown_host_says_so_in_words(internet):
    result = avimcrawl(internet, "citations", "https://no-such-host.invalid/en/Yorum/X")
    assert result.returncode == 1
    assert result.stderr.strip() == ("Error: cannot fetch https://no-such-host.invalid/en/Yorum/X: "
                                     "no such host: no-such-host.invalid")

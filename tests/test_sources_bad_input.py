"""The sources stage on hostile and broken input: nothing stops the crawl or loses results.

Links are seeded straight into a database and fetched with `scrapy crawl sources`, the
stage on its own, as an archivist can run it.
"""

from __future__ import annotations

import sqlite3
import time
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from avimcrawl import store
from avimcrawl.urls import host_of

ROOT = Path(__file__).parent.parent
LIMIT = 1024 * 1024
HOSTILE = "https://hostile.example"
LONG_URL = f"{HOSTILE}/search?q=" + "a" * 100_000
SPACES_AND_TURKISH = f"{HOSTILE}/haber/Türkiye ve AB ilişkileri.html"
# Each hostile URL and the outcome it must get (None: see its own test).
EXPECTED = {
    f"{HOSTILE}/big": "ok", f"{HOSTILE}/huge": "ok", f"{HOSTILE}/bomb": "ok", f"{HOSTILE}/not-a-pdf.pdf": "ok",
    f"{HOSTILE}/cp1254.html": "ok", f"{HOSTILE}/mislabelled.html": "ok", f"{HOSTILE}/deep.html": "ok",
    f"{HOSTILE}/invalid-utf8.html": "ok", f"{HOSTILE}/index.html": "ok",
    f"{HOSTILE}/loop/a": "connection_error", f"{HOSTILE}/cycle/0": "connection_error",
    f"{HOSTILE}/chain/0": "connection_error", f"{HOSTILE}/slow": "timeout",
    f"{HOSTILE}/headers-only": "connection_error", f"{HOSTILE}/reset": "connection_error",
    LONG_URL: "invalid_url", SPACES_AND_TURKISH: "ok",
    "https://türkiye.example/": "ok", "https://xn--trkiye-3ya.example/": "ok",
    "ftp://ftp.example.gov/report.pdf": "invalid_url", "javascript:alert(1)": "invalid_url",
    "data:text/html,<script>alert(1)</script>": "invalid_url", "file:///etc/passwd": "invalid_url",
    "https://www.balkanforum.invalid/forum/thread-12": "dns_error",
}
URLS = list(EXPECTED)


def peak_rss_kb_of(command: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run a command and measure its peak resident memory (kB) from a fresh parent process."""
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")
    result = subprocess.run([sys.executable, "-c", wrapper, *command], env=env, capture_output=True, text=True,
                            timeout=600, cwd=ROOT)
    return result, int(result.stderr.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from tests.internet.client import SITES_DIR, LocalInternet

    tmp = tmp_path_factory.mktemp("hostile")
    db_path = tmp / "archive" / "avim.sqlite"
    db = store.open_db(db_path)
    db["links"].insert_all([{"url": url, "domain": host_of(url), "verdict": "unknown"} for url in URLS], pk="url")
    db.close()
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        started = time.monotonic()
        result, peak_kb = peak_rss_kb_of(
            [sys.executable, "-m", "scrapy", "crawl", "sources", "-s", f"AVIMCRAWL_DB={db_path}",
             "-s", "DOWNLOAD_DELAY=0", "-s", f"AVIMCRAWL_MAX_RESPONSE_SIZE={LIMIT}", "-s", "DOWNLOAD_TIMEOUT=5",
             "-s", "LOG_LEVEL=INFO"],
            net.subprocess_env(),
        )
        elapsed = time.monotonic() - started
        yield db_path, result, peak_kb, net.urls("GET"), elapsed


def link(db_path: Path, url: str) -> sqlite3.Row:
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM links WHERE url = ?", [url]).fetchone()


def test_the_stage_finishes_and_checks_everything(hostile):
    db_path, result, _, _, _ = hostile
    assert result.returncode == 0, result.stderr[-3000:]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM links WHERE last_checked IS NULL").fetchone()[0] == 0
        assert conn.execute("SELECT count(DISTINCT url) FROM checks").fetchone()[0] == len(URLS)


def test_a_200_mb_response_is_cut_at_the_limit_and_recorded(hostile):
    db_path, _, _, _, _ = hostile
    big = link(db_path, f"{HOSTILE}/big")
    assert (big["last_outcome"], big["http_status"], big["truncated"]) == ("ok", 200, 1)
    assert LIMIT <= big["size"] < LIMIT + 512 * 1024
    with (db_path.parent / "warc" / big["warc_file"]).open("rb") as handle:
        handle.seek(big["warc_offset"])
        record = next(iter(ArchiveIterator(handle)))
        assert record.rec_headers.get_header("WARC-Truncated") == "length"
        assert len(record.raw_stream.read()) == big["size"]


def test_memory_stays_bounded(hostile):
    _, _, peak_kb, _, _ = hostile
    print(f"peak RSS of the sources stage: {peak_kb // 1024} MB")
    assert peak_kb < 400 * 1024, f"peak RSS {peak_kb // 1024} MB"


def test_a_gzip_bomb_is_refused_not_inflated(hostile):
    db_path, _, _, _, _ = hostile
    bomb = link(db_path, f"{HOSTILE}/bomb")
    assert (bomb["last_outcome"], bomb["http_status"], bomb["text"]) == ("ok", 200, None)
    with sqlite3.connect(db_path) as conn:
        error = conn.execute("SELECT error FROM checks WHERE url = ?", [f"{HOSTILE}/bomb"]).fetchone()[0]
    assert error.startswith("response refused after it arrived (_DecompressionMaxSizeExceeded")


def test_a_pdf_that_is_not_a_pdf_is_recorded(hostile):
    fake = link(hostile[0], f"{HOSTILE}/not-a-pdf.pdf")
    assert fake["last_outcome"] == "ok" and fake["extraction_error"].startswith("not a PDF")
    assert fake["content_type"] == "application/pdf"


def test_charsets(hostile):
    turkish = link(hostile[0], f"{HOSTILE}/cp1254.html")
    assert "Şişli'de ağır ışık; İğdır'da sığınak." in turkish["text"]
    assert turkish["detected_lang"] == "tr"
    invalid = link(hostile[0], f"{HOSTILE}/invalid-utf8.html")
    assert invalid["last_outcome"] == "ok"


def test_deeply_nested_html_does_not_crash(hostile):
    deep = link(hostile[0], f"{HOSTILE}/deep.html")
    assert deep["last_outcome"] == "ok"


def test_urls_that_are_not_http_are_invalid_without_a_request(hostile):
    db_path, _, _, fetched, _ = hostile
    for url in ("ftp://ftp.example.gov/report.pdf", "javascript:alert(1)"):
        row = link(db_path, url)
        assert (row["last_outcome"], row["http_status"]) == ("invalid_url", None)
        assert url not in fetched


def test_a_host_that_does_not_resolve(hostile):
    row = link(hostile[0], "https://www.balkanforum.invalid/forum/thread-12")
    assert row["last_outcome"] == "dns_error"


def test_other_results_are_kept(hostile):
    index = link(hostile[0], f"{HOSTILE}/index.html")
    assert index["last_outcome"] == "ok" and index["title"]



@pytest.mark.parametrize("url", URLS, ids=[u[:60] for u in URLS])
def test_each_hostile_url_gets_its_outcome(hostile, url):
    row = link(hostile[0], url)
    assert row is not None and row["last_outcome"] == EXPECTED[url], (url, row and row["last_outcome"])


def test_nothing_hangs_past_its_timeout(hostile):
    # slow-loris and friends: 5 s timeout, one retry, all in parallel across hosts
    assert hostile[4] < 120


def test_idn_and_punycode_reach_the_same_site(hostile):
    idn, puny = link(hostile[0], "https://türkiye.example/"), link(hostile[0], "https://xn--trkiye-3ya.example/")
    assert idn["title"] == puny["title"] == "Türkiye Haber Portalı"


def test_spaces_and_turkish_letters_in_a_path(hostile):
    row = link(hostile[0], SPACES_AND_TURKISH)
    assert row["title"].startswith("Türkiye ve AB ilişkileri")

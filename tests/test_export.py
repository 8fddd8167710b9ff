"""`avimcrawl export --wacz`: a real crawl on the local internet, packaged as WACZ, checked by
the spec's validator (`wacz validate`) and replayed by pywb from the WACZ file itself."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.internet.client import SITES_DIR, LocalInternet
from tests.toolkit import avimcrawl, invoke, query

BIN = Path(sys.executable).parent


@dataclass
class Export:
    db: Path
    warc_dir: Path
    wacz: Path
    result: subprocess.CompletedProcess[str]

    def read(self, name: str) -> bytes:
        with zipfile.ZipFile(self.wacz) as archive:
            return archive.read(name)

    def pages(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.read("pages/pages.jsonl").decode("utf-8").splitlines()]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Export]:
    tmp = tmp_path_factory.mktemp("export")
    db = tmp / "archive" / "avim.sqlite"
    with LocalInternet().start(SITES_DIR, tmp / "internet") as net:
        crawl = avimcrawl(net, "crawl", "--db", str(db), "--delay", "0", "--lang", "en", "--max-commentaries", "2")
        assert crawl.returncode == 0, crawl.stderr
        result = avimcrawl(net, "export", "--db", str(db), "--wacz", str(tmp / "out" / "avim.wacz"))
    yield Export(db, db.parent / "warc", tmp / "out" / "avim.wacz", result)


def test_export_prints_one_line_with_counts(exported):
    assert exported.result.returncode == 0, exported.result.stderr
    commentaries = len(query(exported.db, "SELECT url FROM commentaries WHERE warc_file IS NOT NULL"))
    warcs = len(list(exported.warc_dir.glob("*.warc.gz")))
    line = exported.result.stdout.strip()
    assert "\n" not in line
    assert line.startswith(f"export: {exported.wacz} written: {warcs} WARC files, {commentaries} commentaries and ")
    assert line.endswith(" cited pages in pages/pages.jsonl")


def test_the_spec_validator_accepts_it(exported):
    result = subprocess.run([sys.executable, "-m", "wacz", "validate", "-f", str(exported.wacz)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation succeeded" in result.stdout


def test_it_holds_the_warc_files_and_their_index(exported):
    with zipfile.ZipFile(exported.wacz) as archive:
        names = set(archive.namelist())
    warcs = sorted(p.name for p in exported.warc_dir.glob("*.warc.gz"))
    assert sorted(n.removeprefix("archive/") for n in names if n.startswith("archive/")) == warcs
    for warc in warcs:
        assert exported.read(f"archive/{warc}") == (exported.warc_dir / warc).read_bytes()
    assert {"indexes/index.cdx.gz", "indexes/index.idx", "pages/pages.jsonl", "datapackage.json",
            "datapackage-digest.json"} <= names
    cdx = gzip.decompress(exported.read("indexes/index.cdx.gz")).decode("utf-8")
    cited = query(exported.db, "SELECT url FROM links WHERE last_outcome = 'ok' AND warc_file IS NOT NULL")
    assert cited
    for row in cited:
        assert f'"url": "{row["url"]}"' in cdx, row["url"]


def test_datapackage_hashes_every_file(exported):
    package = json.loads(exported.read("datapackage.json"))
    assert package["profile"] == "data-package" and package["wacz_version"].startswith("1.1")
    resources = {r["path"]: r for r in package["resources"]}
    with zipfile.ZipFile(exported.wacz) as archive:
        files = [n for n in archive.namelist() if not n.startswith("datapackage")]
    assert sorted(resources) == sorted(files)
    for path, resource in resources.items():
        body = exported.read(path)
        assert resource["hash"] == "sha256:" + hashlib.sha256(body).hexdigest(), path
        assert resource["bytes"] == len(body)


def test_pages_list_every_commentary_and_cited_page_with_text(exported):
    header, *pages = exported.pages()
    assert header["format"] == "json-pages-1.0" and header["id"] == "pages" and header["title"]
    by_url: dict[str, list[dict[str, object]]] = {}
    for page in pages:
        by_url.setdefault(str(page["url"]), []).append(page)
        assert str(page["ts"]).endswith("Z") and page["id"]
    commentaries = query(exported.db, "SELECT url, title, text FROM commentaries")
    assert len(commentaries) == 2
    for row in commentaries:
        assert any(p["title"] == row["title"] and p["text"] == row["text"] for p in by_url[row["url"]]), row["url"]
    cited = query(exported.db, "SELECT url, title, text FROM links WHERE last_outcome = 'ok' AND text IS NOT NULL")
    assert len(cited) >= 5
    for row in cited:
        assert any(p["title"] == row["title"] and p["text"] == row["text"] for p in by_url[row["url"]]), row["url"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_pywb_replays_a_cited_page_from_the_wacz(exported, tmp_path):
    row = query(exported.db, "SELECT url, title FROM links WHERE last_outcome = 'ok' AND title IS NOT NULL "
                             "AND url LIKE '%dailysabah.com%' ORDER BY url LIMIT 1")[0]
    page = next(p for p in exported.pages()[1:] if p["url"] == row["url"])
    timestamp = "".join(ch for ch in str(page["ts"]) if ch.isdigit())
    for args in (["init", "avim"], ["add", "--unpack-wacz", "avim", str(exported.wacz)]):
        done = subprocess.run([str(BIN / "wb-manager"), *args], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    port = free_port()
    with (tmp_path / "wayback.log").open("wb") as log:
        wayback = subprocess.Popen([str(BIN / "wayback"), "-p", str(port), "-b", "127.0.0.1"], cwd=tmp_path,
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + 60
        while True:
            try:
                with opener.open(f"http://127.0.0.1:{port}/avim/{timestamp}id_/{row['url']}", timeout=10) as answer:
                    status, body = answer.status, answer.read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or wayback.poll() is not None:
                    raise
                time.sleep(0.2)
        assert status == 200
        assert row["title"] in html.unescape(body)  # the page as the crawler received it
        with opener.open(f"http://127.0.0.1:{port}/avim/{timestamp}/{row['url']}", timeout=10) as framed:
            assert framed.status == 200
    finally:
        wayback.terminate()
        wayback.wait(timeout=10)


# ------------------------------------------------------------------ usage errors


def test_missing_database_is_a_usage_error(tmp_path):
    result = invoke("export", "--db", str(tmp_path / "none.sqlite"), "--wacz", str(tmp_path / "a.wacz"))
    assert result.exit_code == 2
    assert "no archive database" in result.output


def test_no_warc_files_is_a_usage_error_in_one_line(exported, tmp_path):
    result = invoke("export", "--db", str(exported.db), "--warc-dir", str(tmp_path / "empty"),
                    "--wacz", str(tmp_path / "a.wacz"))
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "no WARC files" in result.output and "--warc-dir" in result.output
    assert not (tmp_path / "a.wacz").exists()


def test_unwritable_file_is_a_usage_error(exported, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = invoke("export", "--db", str(exported.db), "--wacz", str(blocker / "avim.wacz"))
    assert result.exit_code == 2
    assert "cannot write in" in result.output and "--wacz" in result.output
    folder = tmp_path / "folder"
    folder.mkdir()
    result = invoke("export", "--db", str(exported.db), "--wacz", str(folder))
    assert result.exit_code == 2


def test_an_unreadable_warc_file_fails_in_one_line_and_leaves_no_file(exported, tmp_path):
    warc_dir = tmp_path / "warc"
    warc_dir.mkdir()
    for warc in exported.warc_dir.glob("*.warc.gz"):
        (warc_dir / warc.name).write_bytes(warc.read_bytes())
    (warc_dir / "zz-not-a-warc.warc.gz").write_bytes(b"garbage")
    result = subprocess.run([sys.executable, "-m", "avimcrawl", "export", "--db", str(exported.db), "--warc-dir",
                             str(warc_dir), "--wacz", str(tmp_path / "a.wacz")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("avimcrawl export FAILED: wacz create failed: ")
    assert "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir() if "wacz" in p.name] == []

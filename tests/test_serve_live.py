"""`avimcrawl serve` stays up while runs write to the same database (issue 15).

A real `avimcrawl serve` is queried while another connection, then a real `crawl` and a
real `check` on the local internet, write to its database: every answer is whole and
consistent, new rows show within a second of their commit, and the counts on the database
and table pages are current. The writer's side: a busy timeout, automatic checkpoints, and
a checkpoint that never waits for a reader.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from avimcrawl import store
from tests.test_serve import build

ROOT = Path(__file__).parent.parent
WATCHED = ("commentaries", "citations", "links", "checks")
BROKEN = ("database disk image is malformed", "database is locked", "file is not a database")


class Server:
    def __init__(self, address: str) -> None:
        self.address = address
        self.session = requests.Session()
        self.session.trust_env = False  # straight to 127.0.0.1, whatever proxy the environment names

    def get(self, path: str, **params: str) -> Any:
        """The JSON answer to GET `path`; fails the test on anything but a whole, error-free 200."""
        response = self.session.get(self.address + path, params=params, timeout=10)
        assert response.status_code == 200, f"{path} {params}: {response.status_code} {response.text[:500]}"
        for phrase in BROKEN:
            assert phrase not in response.text, f"{path} {params}: {phrase}"
        body = response.json()  # raises on a torn answer
        if isinstance(body, dict):
            assert body.get("ok", True) is not False and not body.get("error"), body
        return body

    def counts(self) -> dict[str, int | None]:
        """Row counts on the database page (Datasette counts a mutable database at each request)."""
        return {t["name"]: t["count"] for t in self.get("/avim.json")["tables"]}

    def table_count(self, table: str) -> int:
        """The count on the table's page."""
        return self.get(f"/avim/{table}.json", _size="0")["filtered_table_rows_count"]

    def sql_counts(self) -> dict[str, int]:
        sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in WATCHED)
        return self.get("/avim.json", sql=sql, _shape="array")[0]


@contextmanager
def serving(db: Path, log: Path) -> Iterator[Server]:
    """`avimcrawl serve --port 0` on `db`; its output goes to `log` (a pipe nobody drained
    would fill up and stall the server)."""
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "avimcrawl", "serve", "--db", str(db), "--port", "0"],
                                   stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        address = None
        while address is None:
            assert process.poll() is None, f"serve exited: {log.read_text()}"
            assert time.monotonic() < deadline, f"serve did not report its address: {log.read_text()}"
            match = re.search(r"(http://127\.0\.0\.1:\d+)", log.read_text())
            address = match.group(1) if match else None
            time.sleep(0.05)
        yield Server(address)
    finally:
        process.terminate()
        process.wait(timeout=10)


def direct_counts(db: Path) -> dict[str, int]:
    """The truth: counted by a fresh connection of our own."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in WATCHED}
    finally:
        conn.close()


def test_open_db_is_made_for_sharing_the_file(tmp_path):
    db = store.open_db(tmp_path / "avim.sqlite")
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000  # ms: a locked moment waits, not fails
        assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000  # pages
    finally:
        db.close()


def test_checkpoint_never_waits_for_a_reader(tmp_path):
    path = tmp_path / "avim.sqlite"
    build(path)
    writer = store.open_db(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # leave it all in the log
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        before = reader.execute("SELECT count(*) FROM failures").fetchone()[0]  # holds its snapshot
        with writer.conn:
            writer.conn.executemany("INSERT INTO failures (url, page) VALUES (?, 'commentary')",
                                    [(f"https://avim.org.tr/x/{i}",) for i in range(2000)])
        started = time.monotonic()
        busy, log, copied = store.checkpoint(writer)
        assert time.monotonic() - started < 1
        assert log > 0 and copied < log  # the pages the reader may still need stay in the log
        assert reader.execute("SELECT count(*) FROM failures").fetchone()[0] == before
        reader.execute("COMMIT")
        busy, log, copied = store.checkpoint(writer)
        assert (busy, copied) == (0, log)  # reader gone: everything copied back
    finally:
        reader.close()
        writer.close()


def test_serve_answers_a_commit_not_yet_checkpointed(tmp_path):
    """The issue's report: 2,000 rows committed into the log, no checkpoint; `serve` must count them."""
    path = tmp_path / "avim.sqlite"
    build(path)
    with serving(path, tmp_path / "serve.log") as server:
        assert server.counts()["failures"] == 0 and server.table_count("failures") == 0
        writer = sqlite3.connect(path)
        try:
            writer.execute("PRAGMA wal_autocheckpoint = 0")
            with writer:
                writer.executemany("INSERT INTO failures (url, page) VALUES (?, 'commentary')",
                                   [(f"https://avim.org.tr/x/{i}",) for i in range(2000)])
            assert Path(f"{path}-wal").stat().st_size > 0  # still in the log, not in the file
            assert server.counts()["failures"] == 2000
            assert server.table_count("failures") == 2000
            assert server.get("/avim.json", sql="SELECT count(*) AS n FROM failures", _shape="array") == [{"n": 2000}]
        finally:
            writer.close()


def test_serve_stays_consistent_and_current_while_a_crawl_and_a_check_write(internet, tmp_path):
    path = tmp_path / "archive" / "avim.sqlite"
    store.open_db(path).close()  # an empty archive, as before the first scheduled run
    runs = [["crawl", "--delay", "0", "--timeout", "5"], ["check", "--all", "--delay", "0", "--timeout", "5"]]
    ticks: list[dict[str, Any]] = []
    with serving(path, tmp_path / "serve.log") as server:
        for args in runs:
            with (tmp_path / f"{args[0]}.log").open("w") as output:
                run = subprocess.Popen([sys.executable, "-m", "avimcrawl", *args, "--db", str(path)],
                                       env=internet.subprocess_env(), stdout=output, stderr=subprocess.STDOUT,
                                       cwd=ROOT)
            deadline = time.monotonic() + 300
            while run.poll() is None:
                assert time.monotonic() < deadline, f"{args[0]} did not finish"
                started = time.monotonic()
                truth = direct_counts(path)  # read before serve is asked
                asked = time.monotonic()
                served = {}  # view: ({table: count}, when the answer arrived)
                page = server.counts()
                served["page"] = ({t: page[t] for t in WATCHED}, time.monotonic())
                served["table"] = ({t: server.table_count(t) for t in ("citations", "checks")}, time.monotonic())
                served["sql"] = (server.sql_counts(), time.monotonic())
                rows = server.get("/avim/commentaries.json", _shape="array", _size="max")
                assert all(row["url"] for row in rows)
                served["rows"] = ({"commentaries": len(rows)}, time.monotonic())
                server.get("/avim/dead_citations_by_commentary.json", _shape="array")
                ticks.append({"truth": truth, "served": served, "asked": asked, "after": direct_counts(path)})
                time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))
            assert run.returncode == 0, (tmp_path / f"{args[0]}.log").read_text()

        # The writers are done: every count on both pages is the database's, table by table.
        conn = sqlite3.connect(path)
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        final = {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}
        conn.close()
        assert server.counts() == final
        assert {t: server.table_count(t) for t in tables} == final
        assert final["commentaries"] == 16 and final["checks"] == 140

    assert len(ticks) > 50  # serve was asked all along both runs
    truth_seen = {t: [tick["truth"][t] for tick in ticks] for t in WATCHED}
    for table, values in truth_seen.items():
        assert values == sorted(values), f"{table} shrank: the checks below assume rows are only added"
    assert truth_seen["commentaries"][0] < truth_seen["commentaries"][-1] == 16  # rows arrived while serving
    assert truth_seen["checks"][0] < truth_seen["checks"][-1]

    for view in ("page", "table", "sql", "rows"):
        for table in ticks[0]["served"][view][0]:
            answers = [(tick["served"][view][1], tick["served"][view][0][table], tick["after"][table])
                       for tick in ticks]
            assert all(value is not None for _, value, _ in answers), f"{view} {table}: a count was missing"
            values = [value for _, value, _ in answers]
            assert values == sorted(values), f"{view} {table}: serve went back in time: {values}"
            # No phantom: nothing served that the database did not hold right after.
            assert all(value <= after for _, value, after in answers), f"{view} {table}"
            # Fresh: rows committed (as our own reader saw them) show in serve's answers within a second.
            for tick in ticks:
                committed, seen = tick["truth"][table], tick["asked"]
                shown = next(answered for answered, value, _ in answers if value >= committed)
                assert shown - seen <= 1.0, f"{view} {table}: {committed} rows shown {shown - seen:.2f} s late"

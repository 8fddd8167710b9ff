"""Helpers shared by test modules: run the real command, read the database it wrote."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from avimcrawl.cli import main

ROOT = Path(__file__).parent.parent


def avimcrawl(net: Any, *args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`avimcrawl ARGS` as a subprocess, on the local internet `net`."""
    return subprocess.run([sys.executable, "-m", "avimcrawl", *args], env=net.subprocess_env(),
                          capture_output=True, text=True, timeout=timeout, cwd=cwd)


def invoke(*args: str) -> Result:
    """`avimcrawl ARGS` in this process (click's CliRunner): for commands that fetch nothing."""
    return CliRunner().invoke(main, list(args))


def query(db: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    try:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def scalar(db: Path, sql: str, *params: object) -> Any:
    return query(db, sql, *params)[0][0]

"""Internet Archive keys never reach the database, a log line, a WARC file or a report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.internet.client import SITES_DIR, LocalInternet

ROOT = Path(__file__).parent.parent
ACCESS, SECRET = "ia-access-5e1f0c9b77", "ia-secret-9d4a2e61cc"
NOW = "2026-03-01T09:00:00Z"


def test_keys_appear_nowhere(tmp_path):
    archive = tmp_path / "archive"
    db = archive / "avim.sqlite"
    commands = [
        ["crawl", "--db", str(db), "--delay", "0", "--timeout", "3", "--now", NOW, "--lang", "en"],
        ["check", "--db", str(db), "--all", "--delay", "0", "--timeout", "3", "--now", "2026-03-02T09:00:00Z"],
        ["archive", "--db", str(db), "--per-minute", "600", "--cdx-per-second", "500", "--now", NOW, "--limit", "40"],
        ["run", "--db", str(db), "--delay", "0", "--timeout", "3", "--now", "2026-03-09T09:00:00Z",
         "--per-minute", "600", "--cdx-per-second", "500", "-v"],
        ["citations", str(ROOT / "tests" / "fixtures" / "pages" / "reference-2026-14.html"), "--json"],
        *[["report", "--db", str(db), "--format", fmt, "-o", str(archive / "reports" / f"all.{fmt}")]
          for fmt in ("html", "csv", "json", "md")],
    ]
    outputs = []
    with LocalInternet().start(SITES_DIR, tmp_path / "internet") as net:
        env = {**net.subprocess_env(), "IA_ACCESS_KEY": ACCESS, "IA_SECRET_KEY": SECRET}
        for command in commands:
            result = subprocess.run([sys.executable, "-m", "avimcrawl", *command], env=env, capture_output=True,
                                    text=True, timeout=600, cwd=ROOT)
            assert result.returncode == 0, (command, result.stderr[-2000:])
            outputs.append(result.stdout + result.stderr)
        # the keys were really used: Save Page Now saw them
        assert any(r["headers"].get("Authorization") == f"LOW {ACCESS}:{SECRET}" for r in net.requests())
    files = [p for p in archive.rglob("*") if p.is_file()]
    assert any(p.suffix == ".gz" for p in files) and any(p.suffix == ".html" for p in files)
    for path in files:
        content = path.read_bytes()
        assert ACCESS.encode() not in content and SECRET.encode() not in content, path
    for output in outputs:
        assert ACCESS not in output and SECRET not in output

"""The README documents every command, option and table as the code has them."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from avimcrawl import store
from avimcrawl.cli import main

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_section(command):
    assert f"### `avimcrawl {command}" in README


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_documented(command):
    for param in main.commands[command].params:
        if isinstance(param, click.Option):
            assert any(f"`{opt}" in README for opt in param.opts), (command, param.opts)


def test_every_table_and_column_is_documented(tmp_path):
    db = store.open_db(tmp_path / "a.sqlite")
    tables = [t for t in db.table_names() if not t.startswith("_") and "_fts" not in t]
    for table in tables:
        assert f"**`{table}`**" in README, table
        for column in db[table].columns_dict:
            assert f"`{column}`" in README, (table, column)


def test_ci_runs_the_readme_test_command():
    quick_start = re.search(r"```bash\n(.+?)\n(.+?)\n```", README)
    assert quick_start, "README's quick start is two commands in a bash block"
    test_command = quick_start.group(2)
    assert "pytest" in test_command
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_layout_map_names_every_module_and_benchmark():
    layout = README[README.rindex("## Layout"):]
    modules = [path for path in sorted((ROOT / "avimcrawl").rglob("*.py")) if path.name != "__init__.py"]
    modules += sorted((ROOT / "bench").glob("*.py"))
    missing = [str(path.relative_to(ROOT)) for path in modules if path.name not in layout]
    assert not missing, f"README's layout map does not name {missing}"

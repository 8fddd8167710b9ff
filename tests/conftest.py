"""Shared pytest fixtures. Keep logic in tests/internet/client.py; add fixtures below."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.internet.client import SITES_DIR, LocalInternet

# A failure that would make a link dead is confirmed after a pause of 60 seconds by default.
# Tests of other things run the confirmation at once; the tests of confirmations give
# `--confirm-pause` themselves (the option outranks the environment).
os.environ.setdefault("AVIMCRAWL_CONFIRM_PAUSE", "0")


@pytest.fixture
def internet(tmp_path: Path) -> Iterator[LocalInternet]:
    """A fresh local internet (proxy process) for one test, serving tests/internet/sites."""
    with LocalInternet().start(SITES_DIR, tmp_path / "internet") as net:
        yield net


@pytest.fixture(scope="session")
def internet_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalInternet]:
    """One local internet shared by the whole session: don't rely on its log, epoch or counters."""
    with LocalInternet().start(SITES_DIR, tmp_path_factory.mktemp("internet")) as net:
        yield net

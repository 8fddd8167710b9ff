"""The wall generator itself: deterministic, well-formed, labelled from its families, and the
local-internet fixture sites are what tests/wallgen/fixtures.py writes (and answer as recorded)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.internet import behaviour
from tests.wallgen import BY_NAME, FAMILIES, LABELS, generate, weights
from tests.wallgen import fixtures as fx

REPO = Path(__file__).resolve().parents[2]
SITES = REPO / "tests/internet/sites"
EXPECTED = REPO / "tests/fixtures/walls_expected.json"


def test_generation_is_deterministic_and_labelled_by_family():
    first, second = generate(11, 300), generate(11, 300)
    assert first == second
    assert generate(12, 300) != first
    for case in first:
        family = BY_NAME[case.family]
        assert case.expected == family.label
        assert case.expected is None or case.expected in LABELS
        assert case.url.startswith("https://") and case.final_url.startswith("https://")
        assert isinstance(case.status, int) and isinstance(case.body, bytes) and case.body
        assert all(isinstance(k, str) and isinstance(v, str) and k.strip() == k for k, v in case.headers)


def test_every_family_builds_and_not_walls_are_more_than_half():
    for family in FAMILIES:
        for i in range(3):
            answer = family.build(random.Random(f"test:{family.name}:{i}"))
            assert 200 <= answer.status < 600, family.name
    assert weights()[None] > 0.5
    cases = generate(5, 1500)
    assert sum(c.expected is None for c in cases) / len(cases) > 0.5
    assert {c.expected for c in cases} >= set(LABELS)


def test_fixture_sites_are_up_to_date(tmp_path):
    expected = fx.write(tmp_path / "sites", tmp_path / "walls_expected.json")
    assert json.loads(EXPECTED.read_text(encoding="utf-8")) == expected
    for written in (tmp_path / "sites").rglob("*"):
        if written.is_file():
            committed = SITES / written.relative_to(tmp_path / "sites")
            assert committed.read_bytes() == written.read_bytes(), f"{committed}: run python -m tests.wallgen.fixtures"


def test_fixture_rules_answer_as_recorded():
    for item in json.loads(EXPECTED.read_text(encoding="utf-8")):
        host, path = item["url"].split("/", 3)[2], "/" + item["url"].split("/", 3)[3]
        site = behaviour.load_site(SITES, host)
        action = behaviour.choose(site, "GET", path, 1, {})
        assert action.status == item["status"], item["url"]
        assert action.body

"""The site rules file (avimcrawl/siterules.py): what it means, and that a file that cannot be
used stops `check`, `run` and `crawl` before anything is fetched (rules silently ignored would
make live pages dead)."""

from __future__ import annotations

from pathlib import Path

import pytest

from avimcrawl import store
from avimcrawl.siterules import SiteRule, SiteRulesError, load
from tests.toolkit import invoke


def rules_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site-rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_domain_covers_its_subdomains_and_the_nearest_listed_wins(tmp_path):
    rules = load(rules_file(tmp_path, 'paywall = ["ft.com"]\nnever_dead = ["markets.ft.com", "WWW.MFA.GOV.TR."]\n'))
    assert rules.rule_for("https://www.ft.com/content/abc") is SiteRule.PAYWALL
    assert rules.rule_for("https://markets.ft.com/data") is SiteRule.NEVER_DEAD
    assert rules.rule_for("https://www.mfa.gov.tr/sc_-45.en.mfa") is SiteRule.NEVER_DEAD
    assert rules.rule_for("https://notft.com/a") is None and rules.rule_for("https://ft.com.evil.example/") is None


def test_no_file_no_rules(tmp_path):
    assert load(tmp_path / "absent.toml").rule_for("https://www.ft.com/") is None


@pytest.mark.parametrize("text, said", [
    ("paywall = [", "not valid TOML"),
    ('paywalls = ["ft.com"]', "unknown list 'paywalls'"),
    ('paywall = "ft.com"', "must be a list of domains"),
    ('paywall = ["https://www.ft.com/content"]', "is not a domain"),
    ('paywall = ["ft.com"]\nnever_dead = ["ft.com"]', "ft.com is in both paywall and never_dead"),
])
def test_a_file_that_cannot_be_used_says_what_to_fix(tmp_path, text, said):
    with pytest.raises(SiteRulesError, match=said.replace("(", r"\(")):
        load(rules_file(tmp_path, text))


@pytest.mark.parametrize("command", ["check", "run", "crawl"])
def test_fetching_commands_refuse_a_broken_file_before_fetching(tmp_path, command):
    db = tmp_path / "avim.sqlite"
    store.open_db(db).close()
    rules_file(tmp_path, 'alwys_blocked = ["www.wsj.com"]')  # the default file, beside the database
    result = invoke(command, "--db", str(db))
    assert result.exit_code == 2
    assert "unknown list 'alwys_blocked'" in result.output and "Traceback" not in result.output
    missing = invoke(command, "--db", str(db), "--site-rules", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 2 and "--site-rules" in missing.output and "no such file" in missing.output

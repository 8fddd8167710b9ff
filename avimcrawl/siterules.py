"""Site rules: what an archivist knows of a site that its answers don't say.

A TOML file (default `site-rules.toml` beside the database) with up to three lists of
domains; a domain covers its subdomains (`ft.com` covers `www.ft.com`):

    never_dead = ["www.mfa.gov.tr"]       # failures make its links dying, never dead
    always_blocked = ["www.wsj.com"]      # locks robots out: not fetched, every check `blocked`
    paywall = ["www.ft.com"]              # a sign-in, subscription or home page instead of the
                                          # article is the paywall (`blocked`), not a dead page

`check`, `run` and `crawl` read it; a file that is missing means no rules. A file that
cannot be read, or that names an unknown list or a domain twice, is an error naming the
line to fix: rules silently ignored would make live pages dead.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from avimcrawl.urls import host_of

DEFAULT_FILE_NAME = "site-rules.toml"


class SiteRule(StrEnum):
    NEVER_DEAD = "never_dead"
    ALWAYS_BLOCKED = "always_blocked"
    PAYWALL = "paywall"


class SiteRulesError(ValueError):
    """The site rules file cannot be used; the message names the file and what to fix."""


_DOMAIN = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")


@dataclass(frozen=True)
class SiteRules:
    rules: dict[str, SiteRule] = field(default_factory=dict)
    """Domain (lower case, no `www.` stripped) → its rule."""
    source: str = ""
    """The file they came from, for messages."""

    def rule_for(self, url: str) -> SiteRule | None:
        """The rule of the URL's host, or of the nearest parent domain listed."""
        host = (host_of(url) or "").rstrip(".")
        labels = host.split(".")
        for start in range(len(labels) - 1):
            if (rule := self.rules.get(".".join(labels[start:]))) is not None:
                return rule
        return None

    def says(self, url: str, rule: SiteRule) -> bool:
        return self.rule_for(url) is rule

    def describe(self, rule: SiteRule) -> str:
        return f"site rules ({self.source or DEFAULT_FILE_NAME}): {rule.value}"

    @classmethod
    def from_settings(cls, settings: Any) -> SiteRules:
        return load(path_from_settings(settings))


def path_from_settings(settings: Any) -> Path:
    """AVIMCRAWL_SITE_RULES, else the default file beside the database."""
    return Path(settings.get("AVIMCRAWL_SITE_RULES") or default_path(settings.get("AVIMCRAWL_DB")))


def default_path(db_path: str | Path) -> Path:
    return Path(db_path).parent / DEFAULT_FILE_NAME


def load(path: str | Path | None) -> SiteRules:
    """The rules in `path`; none when it is None or the file does not exist."""
    if path is None or not Path(path).exists():
        return SiteRules(source=str(path or ""))
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise SiteRulesError(f"site rules {path}: not valid TOML: {error}") from error
    except OSError as error:
        raise SiteRulesError(f"site rules {path}: cannot be read: {error.strerror or error}") from error
    return SiteRules(_parse(data, str(path)), str(path))


def _parse(data: dict[str, object], source: str) -> dict[str, SiteRule]:
    known = {rule.value for rule in SiteRule}
    rules: dict[str, SiteRule] = {}
    for key, value in data.items():
        if key not in known:
            raise SiteRulesError(f"site rules {source}: unknown list {key!r}; the lists are "
                                 + ", ".join(sorted(known)))
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise SiteRulesError(f"site rules {source}: {key} must be a list of domains, e.g. {key} = [\"example.com\"]")
        for item in value:
            domain = item.strip().rstrip(".").lower()
            if not _DOMAIN.fullmatch(domain):
                raise SiteRulesError(f"site rules {source}: {key}: {item!r} is not a domain (write www.example.com, "
                                     "without a scheme or path)")
            if domain in rules and rules[domain].value != key:
                raise SiteRulesError(f"site rules {source}: {domain} is in both {rules[domain].value} and {key}")
            rules[domain] = SiteRule(key)
    return rules

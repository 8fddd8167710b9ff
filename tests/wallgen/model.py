"""The generated case, and the cited article most builders start from."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from .world import Site, article_path, moment, pick_site, title_for

LABELS = ("cloudflare", "ddos_guard", "sucuri", "akamai", "imperva", "datadome", "perimeterx", "captcha",
          "javascript", "cookies", "paywall")
"""The shared vocabulary of walls; `None` is every other answer."""

VENDORS = LABELS[:7]


@dataclass(frozen=True)
class Case:
    family: str
    """What it is, e.g. `cloudflare/managed-challenge-503`, `page/article-with-noscript-warning`."""
    url: str
    """The cited URL that was requested."""
    final_url: str
    """The URL after redirects (== url when none)."""
    status: int
    headers: tuple[tuple[str, str], ...]
    """Response headers as the service sends them (names in its case, repeated Set-Cookie kept)."""
    body: bytes
    """The body as sent, encoded per the Content-Type charset (or the page's own meta charset)."""
    expected: str | None
    """One of LABELS, or None."""


@dataclass(frozen=True)
class Answer:
    """What a builder returns: the case without its family and label."""
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    final_url: str | None = None


@dataclass(frozen=True)
class Cited:
    site: Site
    title: str
    url: str
    when: datetime

    @property
    def host(self) -> str:
        return self.site.host

    @property
    def lang(self) -> str:
        return self.site.lang

    @property
    def path(self) -> str:
        return self.url.split(self.site.host, 1)[1]


def cited(rng: random.Random, lang: str | None = None, kind: str | None = None, site: Site | None = None) -> Cited:
    site = site or pick_site(rng, lang, kind)
    title = title_for(rng, site.lang)
    when = moment(rng)
    return Cited(site, title, f"https://{site.host}{article_path(rng, site, title, when)}", when)

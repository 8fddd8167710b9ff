"""Generated ground truth for the access-wall detector (avimcrawl/walls.py): answers a cited URL
can get today, each labelled with the wall it is (or `None`).

Written from the services' public descriptions and from real pages they serve, never from the
detector's rules (this package does not read avimcrawl/walls.py):

* the seven named vendors (`cloudflare`, `ddos_guard`, `sucuri`, `akamai`, `imperva`, `datadome`,
  `perimeterx`), in the templates they really serve and have served (Cloudflare's 2019 "I'm Under
  Attack" page to its 2026 "Performing security verification", localized titles such as
  "Bir dakika lütfen..."), with their statuses (200, 401, 403, 405, 429, 503), headers and cookies,
  and also as they arrive through intermediaries that dropped the tell-tale headers;
* `captcha`, `javascript`, `cookies`, `paywall` walls of other vendors or of the sites themselves;
* `None`, more than half of the cases and made hard: articles in English, Turkish, Russian,
  Armenian and Azerbaijani served through the same vendors (their headers, cookies and sensor
  scripts on real pages), with consent banners, `<noscript>` notices, reCAPTCHA and Turnstile in
  forms, subscribe boxes, metered-paywall teasers that still hold the article, articles about
  Cloudflare, DDoS attacks, captchas and paywalls, short pages, PDFs and JSON; and real error
  pages: 404/410, 5xx and maintenance pages, Cloudflare's 52x/530 outages, Akamai's origin
  errors, plain 403/429 from nginx, Apache and IIS, a CMS login reached by a wrong link.

Sources per vendor are listed in vendors.py and generic.py; the families and their weights are in
families.py (`FAMILIES`).

    cases = generate(2026, 6000)     # deterministic: the same list for the same (seed, n)
    report = score(cases, detect)    # tests/wallgen/score.py
"""

from __future__ import annotations

import itertools
import random

from .families import BY_NAME, FAMILIES, Family
from .model import LABELS, VENDORS, Case

__all__ = ["BY_NAME", "FAMILIES", "LABELS", "VENDORS", "Case", "Family", "generate", "weights"]

_CUMULATIVE = list(itertools.accumulate(f.weight for f in FAMILIES))


def generate(seed: int, n: int) -> list[Case]:
    """`n` cases drawn by family weight; each case is built from its own seed, so a case does not
    change when another family's builder changes."""
    pick = random.Random(f"wallgen:{seed}")
    cases = []
    for i in range(n):
        family = pick.choices(FAMILIES, cum_weights=_CUMULATIVE)[0]
        answer = family.build(random.Random(f"wallgen:{seed}:{i}:{family.name}"))
        cases.append(Case(family.name, answer.url, answer.final_url or answer.url, answer.status, answer.headers,
                          answer.body, family.label))
    return cases


def weights() -> dict[str | None, float]:
    """Share of each label (None included) in the family weights."""
    total = sum(f.weight for f in FAMILIES)
    out: dict[str | None, float] = {}
    for f in FAMILIES:
        out[f.label] = out.get(f.label, 0.0) + f.weight / total
    return out

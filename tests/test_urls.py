"""URL helpers: the bounded edit distance agrees with the full one."""

from __future__ import annotations

import random

from avimcrawl.urls import edit_distance, likely_intended_domain


def test_bounded_distance_is_the_full_distance_capped():
    rng = random.Random(20260224)
    letters = "abcdehı.-"
    for _ in range(5000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(0, 16)))
        b = "".join(rng.choice(letters) for _ in range(rng.randint(0, 16)))
        full = edit_distance(a, b)
        for bound in (0, 1, 2):
            assert edit_distance(a, b, bound) == min(full, bound + 1), (a, b, bound)


def test_swaps_count_once():
    assert edit_distance("dailysbaah.com", "dailysabah.com") == 1
    assert edit_distance("dailysbaah.com", "dailysabah.com", 1) == 1


def test_misspellings_found_against_trusted_domains():
    trusted = {"hurriyetdailynews.com", "dailysabah.com", "aa.com.tr"}
    assert likely_intended_domain("hurriyetaidailynews.com", trusted) == "hurriyetdailynews.com"
    assert likely_intended_domain("dailysbah.com", trusted) == "dailysabah.com"
    assert likely_intended_domain("ab.com.tr", trusted) is None

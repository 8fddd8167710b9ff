"""The Wayback client's own logic: pacing, pauses, choosing captures, keeping keys secret."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from avimcrawl.wayback import Capture, Keys, Limits, RateLimiter, closest_before, spn2_window
from tests.toolkit import FakeClock


def test_saves_are_spaced_by_the_per_minute_limit():
    clock = FakeClock()
    limiter = RateLimiter(Limits(saves_per_minute=4), clock)
    times = []
    for _ in range(5):
        limiter.acquire("save")
        times.append(clock.now)
    assert [round(b - a, 6) for a, b in zip(times, times[1:])] == [15.0] * 4


def test_kinds_are_paced_separately():
    clock = FakeClock()
    limiter = RateLimiter(Limits(saves_per_minute=4, cdx_per_second=0.4), clock)
    limiter.acquire("save")
    limiter.acquire("cdx")
    limiter.acquire("cdx")
    assert clock.slept == [2.5]


def test_a_pause_holds_every_kind():
    clock = FakeClock()
    limiter = RateLimiter(Limits(), clock)
    limiter.acquire("cdx")
    limiter.pause(60)
    limiter.acquire("replay")
    limiter.acquire("save")
    assert clock.slept == [60.0]
    assert clock.now >= 1_772_355_600.0 + 60


def test_no_wait_when_calls_are_far_apart():
    clock = FakeClock()
    limiter = RateLimiter(Limits(), clock)
    limiter.acquire("save")
    clock.now += 100
    limiter.acquire("save")
    assert clock.slept == []


CAPTURES = [Capture("20251101120000", "https://x.example/a"), Capture("20260220083000", "https://x.example/a"),
            Capture("20260223235959", "https://x.example/a"), Capture("20260301101500", "https://x.example/a")]


def test_capture_closest_before_the_access_day():
    assert closest_before(CAPTURES, date(2026, 2, 23)).timestamp == "20260223235959"
    assert closest_before(CAPTURES, date(2026, 2, 21)).timestamp == "20260220083000"


def test_capture_after_the_access_day_when_none_before():
    assert closest_before(CAPTURES, date(2025, 1, 1)).timestamp == "20251101120000"


def test_newest_capture_without_an_access_day():
    assert closest_before(CAPTURES, None).timestamp == "20260301101500"
    assert closest_before([], date(2026, 2, 23)) is None


def test_memento_urls():
    capture = CAPTURES[1]
    assert capture.memento_url == "https://web.archive.org/web/20260220083000/https://x.example/a"
    assert capture.raw_url == "https://web.archive.org/web/20260220083000id_/https://x.example/a"


def test_keys_never_show(monkeypatch):
    monkeypatch.setenv("IA_ACCESS_KEY", "AKIAexampleACCESS")
    monkeypatch.setenv("IA_SECRET_KEY", "s3cr3t-example")
    keys = Keys.from_environment()
    assert keys.header == "LOW AKIAexampleACCESS:s3cr3t-example"
    assert "s3cr3t" not in repr(keys) and "AKIA" not in repr(keys) and "s3cr3t" not in str(keys)
    monkeypatch.setenv("IA_SECRET_KEY", "")
    assert Keys.from_environment() is None


@pytest.mark.parametrize(("age", "window"), [(timedelta(days=30), "30d"), (timedelta(days=7), "7d"),
                                             (timedelta(hours=36), "129600"), (timedelta(minutes=90), "5400")])
def test_max_age_as_the_spn2_window(age, window):
    assert spn2_window(age) == window

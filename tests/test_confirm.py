"""Confirm before dead, and a site's outage told from its pages' deaths (avimcrawl/confirm.py):
what the sources spider asks again after a run's checks, and when."""

from __future__ import annotations

from avimcrawl.confirm import Confirmations, home_page, outage_candidate
from avimcrawl.linkhealth import CheckResult, Outcome
from tests.toolkit import FakeClock

SITE = "https://www.kavkazwire.example"


def failed(url: str, outcome: Outcome = Outcome.SERVER_ERROR, status: int | None = 503) -> CheckResult:
    return CheckResult(url, outcome, status, url)


def test_a_strike_is_confirmed_only_after_the_pause():
    clock = FakeClock()
    run = Confirmations(pause=60, clock=clock)
    run.record(failed("https://a.example/x", Outcome.NOT_FOUND, 404), strike=True)
    run.record(CheckResult("https://a.example/y", Outcome.OK, 200), strike=False)
    assert run.due() == ([], []) and run.waiting()
    clock.sleep(59.9)
    assert run.due() == ([], [])
    clock.sleep(0.1)
    homes, strikes = run.due()
    assert homes == [] and [s.url for s in strikes] == ["https://a.example/x"]
    assert run.due() == ([], []) and not run.waiting()  # handed out once


def test_a_site_whose_every_link_failed_alike_has_its_home_page_asked_before_any_strike():
    clock = FakeClock()
    run = Confirmations(pause=1, clock=clock)
    for path in ("a", "b", "c"):
        run.record(failed(f"{SITE}/{path}"), strike=path == "a")
    clock.sleep(1)
    homes, strikes = run.due()
    assert [(domain, home_page(check.url)) for domain, check in homes] == [("www.kavkazwire.example", f"{SITE}/")]
    assert strikes == [] and run.waiting()  # the strike waits for the home page's answer
    down = run.home_answered("www.kavkazwire.example", failed(f"{SITE}/"))
    assert [check.url for check in down] == [f"{SITE}/a", f"{SITE}/b", f"{SITE}/c"]
    assert run.due() == ([], []) and not run.waiting()  # the outage confirmed them all


def test_a_home_page_that_answers_clears_the_site_and_its_strikes_are_confirmed():
    clock = FakeClock()
    run = Confirmations(pause=1, clock=clock)
    for path in ("a", "b"):
        run.record(failed(f"{SITE}/{path}", Outcome.NOT_FOUND, 404), strike=True)
    clock.sleep(1)
    run.due()
    assert run.home_answered("www.kavkazwire.example", CheckResult(f"{SITE}/", Outcome.OK, 200)) is None
    assert sorted(s.url for s in run.due()[1]) == [f"{SITE}/a", f"{SITE}/b"]


def test_when_our_side_cannot_ask_the_home_page_nothing_is_decided():
    clock = FakeClock()
    run = Confirmations(pause=0, clock=clock)
    for path in ("a", "b"):
        run.record(failed(f"{SITE}/{path}"), strike=True)
    run.due()
    run.home_unanswered("www.kavkazwire.example")
    assert run.due() == ([], []) and not run.waiting()


def test_outage_candidates():
    alike = [failed(f"{SITE}/a"), failed(f"{SITE}/b")]
    assert outage_candidate(alike)
    assert not outage_candidate(alike[:1])  # one link says nothing of its site
    assert not outage_candidate([*alike, failed(f"{SITE}/c", Outcome.SERVER_ERROR, 500)])  # not alike
    assert not outage_candidate([*alike, CheckResult(f"{SITE}/d", Outcome.OK, 200)])  # not every link
    assert not outage_candidate([CheckResult(f"{SITE}/{p}", Outcome.BLOCKED, 403) for p in "ab"])  # walls are no failures

"""The outcome classifier: statuses, network failures and URLs that cannot be requested."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from OpenSSL import SSL
from scrapy.core.downloader.handlers.http11 import TunnelError
from scrapy.exceptions import CannotResolveHostError, DownloadTimeoutError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from avimcrawl.linkhealth import (
    CheckRecord, DeathRules, Outcome, PageSummary, Verdict, classify_exception, classify_status, describe, drift,
    has_changed, invalid_url_reason, is_home_redirect, judge, needs_confirmation, probe_url, resemblance, same_page,
    says_not_found,
)


@pytest.mark.parametrize("status, redirects, outcome", [
    (200, [], Outcome.OK),
    (204, [], Outcome.OK),
    (200, ["http://www.democratizationpolicy.org/x"], Outcome.REDIRECTED),
    (404, [], Outcome.NOT_FOUND),
    (410, ["http://a.example/x"], Outcome.NOT_FOUND),
    (401, [], Outcome.BLOCKED),
    (402, [], Outcome.BLOCKED),  # payment required: a paywall
    (403, [], Outcome.BLOCKED),
    (429, [], Outcome.BLOCKED),
    (451, [], Outcome.BLOCKED),
    (500, [], Outcome.SERVER_ERROR),
    (503, [], Outcome.SERVER_ERROR),
    (523, [], Outcome.SERVER_ERROR),
    (301, [], Outcome.CONNECTION_ERROR),
    (418, [], Outcome.CLIENT_ERROR),
])
def test_statuses(status, redirects, outcome):
    assert classify_status(status, redirects) is outcome


def _tls_failure() -> Exception:
    try:
        raise SSL.Error([("SSL routines", "", "certificate verify failed")])
    except SSL.Error:
        return ResponseNeverReceived([Failure()])


def _wrapped(outer: Exception, cause: Exception) -> Exception:
    outer.__cause__ = cause
    return outer


@pytest.mark.parametrize("error, outcome", [
    (net.DNSLookupError("www.balkanforum.invalid"), Outcome.DNS_ERROR),
    (net.TimeoutError("Getting https://hudoc.echr.coe.int took longer than 30 seconds."), Outcome.TIMEOUT),
    (net.TCPTimedOutError(), Outcome.TIMEOUT),
    (net.ConnectionRefusedError(), Outcome.CONNECTION_ERROR),
    (TunnelError("Could not open CONNECT tunnel with proxy 127.0.0.1:1 [{'status': 502}]"), Outcome.CONNECTION_ERROR),
    (_tls_failure(), Outcome.TLS_ERROR),
    (ResponseNeverReceived([Failure(net.ConnectionLost())]), Outcome.CONNECTION_ERROR),
    (RuntimeError("something new"), Outcome.CONNECTION_ERROR),
    (_wrapped(DownloadTimeoutError("Getting https://www.ttk.gov.tr/ took longer than 3.0 seconds."),
              net.ConnectionLost()), Outcome.TIMEOUT),
    (_wrapped(CannotResolveHostError("www.balkanforum.invalid"), net.DNSLookupError()), Outcome.DNS_ERROR),
])
def test_network_failures(error, outcome):
    assert classify_exception(error) is outcome


def test_description_names_the_innermost_cause():
    assert describe(_tls_failure()).startswith("Error: ")
    assert describe(net.DNSLookupError("x.invalid")) == "DNSLookupError: DNS lookup failed: x.invalid."


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "ftp://ftp.example.gov/report.pdf",
    "www.dailysabah.com/x", "http//www.dailysabah.com/x", "https://", "https://./x",
    "https://exa mple.com/a/", "http://[::1:80/",
])
def test_urls_that_cannot_be_requested(url):
    assert invalid_url_reason(url)


@pytest.mark.parametrize("url", [
    "https://www.dailysabah.com/politics/diplomacy/x", "http://www.democratizationpolicy.org/summary/x/",
    "https://usa-ue.pl/teksty-i-komentarze/english/x//", "https://www.aa.com.tr/tr/dunya/x/3456789?utm=1#top",
])
def test_urls_that_can(url):
    assert invalid_url_reason(url) is None


# ------------------------------------------------------------------- verdicts

def day(n: float) -> str:
    start = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
    return (start + timedelta(days=n)).strftime("%Y-%m-%dT%H:%M:%SZ")


def checks(*pairs: tuple[float, str], confirmed: bool = True) -> list[CheckRecord]:
    """Checks on these days; with `confirmed`, the last failure is followed by its confirmation
    (what the sources spider sends when a failure would make a link dead)."""
    records = [CheckRecord(day(n), outcome) for n, outcome in pairs]
    if confirmed and records and records[-1].failed:
        records.append(CheckRecord(records[-1].at, records[-1].outcome, confirms=True))
    return records


def legacy(*pairs: tuple[float, str]) -> list[CheckRecord]:
    """Checks recorded before confirmations existed (`checks.confirms` NULL)."""
    return [CheckRecord(day(n), outcome, confirms=None) for n, outcome in pairs]


@pytest.mark.parametrize("history, verdict, dead_since", [
    ([], Verdict.UNKNOWN, None),
    (checks((0, "ok")), Verdict.ALIVE, None),
    (checks((0, "redirected")), Verdict.ALIVE, None),
    (checks((0, "not_found")), Verdict.DYING, None),
    (checks((0, "timeout"), (3, "timeout")), Verdict.DYING, None),
    (checks((0, "not_found"), (3, "not_found"), (6, "not_found")), Verdict.DEAD, day(0)),
    # three failures, but not 72 hours apart: still dying
    (checks((0, "not_found"), (1, "not_found"), (2, "not_found")), Verdict.DYING, None),
    # exactly 72 hours apart counts
    (checks((0, "not_found"), (3, "not_found"), (6, "gone_domain")), Verdict.DEAD, day(0)),
    # the strike that would make it dead, unconfirmed (the confirmation never ran): dying
    (checks((0, "not_found"), (3, "not_found"), (6, "not_found"), confirmed=False), Verdict.DYING, None),
    # confirmed by a failure of the other class (a 404, then a timeout): not confirmed
    (checks((0, "not_found"), (3, "not_found"), (6, "not_found"), confirmed=False)
     + [CheckRecord(day(6), "timeout", confirms=True)], Verdict.DYING, None),
    # ... confirmed by the answer that the page is back: alive
    (checks((0, "not_found"), (3, "not_found"), (6, "not_found"), confirmed=False)
     + [CheckRecord(day(6), "ok", confirms=True)], Verdict.ALIVE, None),
    # a lasting failure confirmed by another lasting one (404, then DNS) counts
    (checks((0, "not_found"), (3, "not_found"), (6, "not_found"), confirmed=False)
     + [CheckRecord(day(6), "dns_error", confirms=True)], Verdict.DEAD, day(0)),
    # transient failures (5xx, timeouts, connections) need their streak to span 14 days
    (checks((0, "server_error"), (3, "server_error"), (6, "server_error")), Verdict.DYING, None),
    (checks((0, "server_error"), (3, "timeout"), (6, "connection_error"), (13.9, "server_error")), Verdict.DYING, None),
    (checks((0, "server_error"), (3, "timeout"), (6, "connection_error"), (14, "server_error")), Verdict.DEAD, day(0)),
    # a mixed streak: 2 lasting failures are not 3; the whole streak spans 7 days: dying
    (checks((0, "server_error"), (1, "dns_error"), (3, "timeout"), (7, "not_found")), Verdict.DYING, None),
    # a site-wide outage is a transient failure whatever its outcome: 404s of a site down
    ([CheckRecord(day(n), "not_found", outage=True) for n in (0, 3, 6)], Verdict.DYING, None),
    # ... and it needs no confirmation of its own (the site's home page was asked)
    ([CheckRecord(day(n), "not_found", outage=True) for n in (0, 3, 6, 14)], Verdict.DEAD, day(0)),
    # one good check makes it alive again, and a new run of failures starts from scratch
    (checks((0, "not_found"), (3, "not_found"), (4, "ok")), Verdict.ALIVE, None),
    (checks((0, "not_found"), (3, "ok"), (6, "soft_404"), (9, "soft_404"), (12, "soft_404")), Verdict.DEAD, day(6)),
    # blocked never counts, either way
    (checks((0, "blocked")), Verdict.BLOCKED, None),
    (checks((0, "ok"), (3, "blocked")), Verdict.ALIVE, None),
    (checks((0, "not_found"), (3, "blocked"), (6, "not_found"), (9, "blocked")), Verdict.DYING, None),
    # order of rows does not matter
    (checks((6, "not_found"), (0, "not_found"), (3, "not_found"), confirmed=False)
     + [CheckRecord(day(6), "not_found", confirms=True)], Verdict.DEAD, day(0)),
    # a URL that cannot be requested has nothing to confirm: dead on the usual schedule
    (checks((0, "invalid_url"), (3, "invalid_url"), (6, "invalid_url"), confirmed=False), Verdict.DEAD, day(0)),
    # rows recorded before confirmations existed are taken as confirmed, under today's windows
    (legacy((0, "not_found"), (3, "not_found"), (6, "not_found")), Verdict.DEAD, day(0)),
    (legacy((0, "server_error"), (3, "server_error"), (6, "server_error")), Verdict.DYING, None),
])
def test_verdicts_from_histories(history, verdict, dead_since):
    judgement = judge(history)
    assert (judgement.verdict, judgement.dead_since) == (verdict, dead_since)


def test_verdict_thresholds_are_configurable():
    history = checks((0, "not_found"), (1, "not_found"))
    assert judge(history, DeathRules(failures_needed=2, hours_apart=24)).verdict is Verdict.DEAD
    assert judge(history, DeathRules(failures_needed=2, hours_apart=25)).verdict is Verdict.DYING
    transient = checks((0, "timeout"), (3, "timeout"), (6, "timeout"))
    assert judge(transient, DeathRules(transient_days=6)).verdict is Verdict.DEAD
    assert judge(transient, DeathRules(transient_days=6.5)).verdict is Verdict.DYING


def test_a_site_never_dead_by_the_site_rules_stays_dying():
    history = checks((0, "not_found"), (3, "not_found"), (6, "not_found"), (30, "not_found"))
    assert judge(history, DeathRules(never_dead=True)).verdict is Verdict.DYING


@pytest.mark.parametrize("history, failure, needed", [
    # the third spaced 404: confirm it
    (checks((0, "not_found"), (3, "not_found"), confirmed=False), (6, "not_found"), True),
    # the second: nothing to confirm yet
    (checks((0, "not_found"), confirmed=False), (3, "not_found"), False),
    # a third 5xx within 14 days would not make it dead, confirmed or not
    (checks((0, "server_error"), (3, "server_error"), confirmed=False), (6, "server_error"), False),
    (checks((0, "server_error"), (7, "server_error"), confirmed=False), (14, "server_error"), True),
    # already dead: no confirmation needed
    (checks((0, "not_found"), (3, "not_found"), (6, "not_found")), (36, "not_found"), False),
    # a good answer is no strike
    (checks((0, "not_found"), (3, "not_found"), confirmed=False), (6, "ok"), False),
])
def test_which_failure_needs_a_confirmation(history, failure, needed):
    record = CheckRecord(day(failure[0]), failure[1])
    assert needs_confirmation(history, record, DeathRules()) is needed


# ------------------------------------------------------- soft 404s and gone domains

ARTICLE = ("Serbia and Bosnia and Herzegovina signed an agreement on Friday on the construction of the highway "
           "that will connect Belgrade and Sarajevo, a project financed with Turkish support. The leaders said "
           "the road would shorten the journey between the two capitals to three hours.")
SORRY = "Sorry, we couldn't find that page. Try searching Caspian Post or go back to the home page."


@pytest.mark.parametrize("final_url, title, expected", [
    ("https://www.hurriyet.com.tr/404", "Hürriyet", True),
    ("https://caspianpost.com/notfound?from=/politics/x", "Caspian Post", True),
    ("https://www.trthaber.com/error.html", None, True),
    ("https://www.hurriyet.com.tr/gundem/x-42", "Sayfa bulunamadı - Hürriyet", True),
    ("https://www.dailysabah.com/x", "Page Not Found | Daily Sabah", True),
    ("https://www.dailysabah.com/politics/the-errors-of-history", "The errors of history", False),
    ("https://www.aa.com.tr/en/europe/serbia-bosnia-sign-pact/1673231", "Serbia, Bosnia sign pact", False),
])
def test_pages_that_say_they_are_missing(final_url, title, expected):
    assert says_not_found(final_url, title) is expected


@pytest.mark.parametrize("url, final_url, redirects, expected", [
    ("https://balkaninsight.com/2026/01/10/x/", "https://balkaninsight.com/", ["https://balkaninsight.com/2026/01/10/x/"], True),
    ("https://www.trthaber.com/haber/dunya/x.html", "https://www.trthaber.com/tr/", ["u"], True),
    ("https://balkaninsight.com/2026/01/10/x/", "https://balkaninsight.com/2026/01/10/x", ["u"], False),
    ("https://balkaninsight.com/", "https://balkaninsight.com/en/", ["u"], False),
    ("https://balkaninsight.com/2026/01/10/x/", "https://balkaninsight.com/", [], False),
])
def test_redirects_to_the_home_page(url, final_url, redirects, expected):
    assert is_home_redirect(url, final_url, redirects) is expected


def test_probe_is_a_sibling_that_cannot_exist():
    assert probe_url("https://www.dailysabah.com/politics/diplomacy/slug?utm=1", "c0ffee") == \
        "https://www.dailysabah.com/politics/diplomacy/avimcrawl-probe-c0ffee"
    assert probe_url("https://caspianpost.com/slug", "c0ffee") == "https://caspianpost.com/avimcrawl-probe-c0ffee"


def test_a_page_like_the_probe_is_a_soft_404():
    probe = PageSummary("https://caspianpost.com/avimcrawl-probe-1", 200, "Caspian Post", SORRY)
    gone = PageSummary("https://caspianpost.com/politics/x", 200, "Caspian Post", SORRY)
    real = PageSummary("https://caspianpost.com/politics/y", 200, "Highway pact", ARTICLE)
    assert same_page(gone, probe) and not same_page(real, probe)
    # an honest site answers the probe with 404: its 200 pages are real
    assert not same_page(gone, PageSummary(probe.final_url, 404, "Not found", SORRY))
    # both redirected to the same search page
    search = PageSummary("https://caspianpost.com/search?q=x", 200, "Search", "Results for x")
    assert same_page(search, PageSummary("https://caspianpost.com/search?q=x", 200, "Search", "Results for probe"))


def test_drift_and_change():
    rewritten = ARTICLE.replace("three hours", "two and a half hours, officials now say, after a redesign")
    assert drift(ARTICLE, ARTICLE) == 0.0 and not has_changed(ARTICLE, ARTICLE)
    assert 0.2 < drift(ARTICLE, rewritten) < 0.9 and has_changed(ARTICLE, rewritten)
    assert drift(ARTICLE, SORRY) == 1.0 and has_changed(ARTICLE, SORRY)
    assert drift(ARTICLE, " ".join(ARTICLE.split())) == 0.0  # whitespace is not change
    assert resemblance("", "") == 1.0

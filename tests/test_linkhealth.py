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
    Outcome, PageSummary, Verdict, classify_exception, classify_status, describe, drift, has_changed,
    invalid_url_reason, is_home_redirect, judge, probe_url, resemblance, same_page, says_not_found,
)


@pytest.mark.parametrize("status, redirects, outcome", [
    (200, [], Outcome.OK),
    (204, [], Outcome.OK),
    (200, ["http://www.democratizationpolicy.org/x"], Outcome.REDIRECTED),
    (404, [], Outcome.NOT_FOUND),
    (410, ["http://a.example/x"], Outcome.NOT_FOUND),
    (401, [], Outcome.BLOCKED),
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


@pytest.mark.parametrize("history, verdict, dead_since", [
    ([], Verdict.UNKNOWN, None),
    ([(day(0), "ok")], Verdict.ALIVE, None),
    ([(day(0), "redirected")], Verdict.ALIVE, None),
    ([(day(0), "not_found")], Verdict.DYING, None),
    ([(day(0), "timeout"), (day(3), "timeout")], Verdict.DYING, None),
    ([(day(0), "not_found"), (day(3), "not_found"), (day(6), "not_found")], Verdict.DEAD, day(0)),
    # three failures, but not 72 hours apart: still dying
    ([(day(0), "not_found"), (day(1), "not_found"), (day(2), "not_found")], Verdict.DYING, None),
    ([(day(0), "server_error"), (day(1), "dns_error"), (day(3), "timeout"), (day(6.1), "server_error")],
     Verdict.DEAD, day(0)),
    # exactly 72 hours apart counts
    ([(day(0), "not_found"), (day(3), "not_found"), (day(6), "gone_domain")], Verdict.DEAD, day(0)),
    # one good check makes it alive again, and a new run of failures starts from scratch
    ([(day(0), "not_found"), (day(3), "not_found"), (day(4), "ok")], Verdict.ALIVE, None),
    ([(day(0), "not_found"), (day(3), "ok"), (day(6), "soft_404"), (day(9), "soft_404"), (day(12), "soft_404")],
     Verdict.DEAD, day(6)),
    # blocked never counts, either way
    ([(day(0), "blocked")], Verdict.BLOCKED, None),
    ([(day(0), "ok"), (day(3), "blocked")], Verdict.ALIVE, None),
    ([(day(0), "not_found"), (day(3), "blocked"), (day(6), "not_found"), (day(9), "blocked")], Verdict.DYING, None),
    # order of rows does not matter
    ([(day(6), "not_found"), (day(0), "not_found"), (day(3), "not_found")], Verdict.DEAD, day(0)),
])
def test_verdicts_from_histories(history, verdict, dead_since):
    judgement = judge(history)
    assert (judgement.verdict, judgement.dead_since) == (verdict, dead_since)


def test_verdict_thresholds_are_configurable():
    history = [(day(0), "not_found"), (day(1), "not_found")]
    assert judge(history, failures_needed=2, hours_apart=24).verdict is Verdict.DEAD
    assert judge(history, failures_needed=2, hours_apart=25).verdict is Verdict.DYING


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

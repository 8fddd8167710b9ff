"""The access-wall detector (avimcrawl/walls.py): its accuracy on generated answers it was not
tuned on, no false wall on any page of the local internet, and the structural reading it rests
on (chrome, banners, link lists, a message standing alone)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from avimcrawl.walls import Answer, Wall, detect
from tests.wallgen import generate
from tests.wallgen.score import score

ROOT = Path(__file__).parent.parent
WALL_HOSTS = {entry["url"].split("/")[2]
              for entry in json.loads((ROOT / "tests" / "fixtures" / "walls_expected.json").read_text(encoding="utf-8"))}
WALL_HOSTS |= {"www.armenianmirror.example", "www.caucasuswatch.example"}  # turn into walls (test_walls_live)
UNTUNED_SEED = 31
"""walls.py was tuned looking at the failures of seeds 1 and 7; this one was never looked at."""


def label(status: int, headers: list[tuple[str, str]], body: bytes, url: str, final_url: str) -> str | None:
    sighting = detect(status, headers, body, url, final_url)
    return sighting.wall.value if sighting else None


@pytest.fixture(scope="module")
def report():
    return score(generate(UNTUNED_SEED, 3000), label)


def test_a_live_page_is_almost_never_taken_for_a_wall(report):
    # a false wall makes a live page `blocked`: its text unarchived, its citation's match unread
    assert report.precision >= 0.995, report.failures_markdown(10)


def test_walls_are_found(report):
    # a missed wall stores the wall's page as the source's text, and a 503 challenge counts as a failure
    assert report.recall >= 0.97, report.failures_markdown(10)


def test_walls_are_named(report):
    assert report.naming_accuracy >= 0.97, report.per_family_markdown(only_wrong=True)


def test_no_page_of_the_local_internet_is_a_wall():
    """Copies of the cited sites, written for other tests (legacy table soup, a cookie banner's
    <div> never closed, a bill summary under "please enable JavaScript", parking pages, soft
    404s): none is a wall, whatever its status would be."""
    pages = [path for path in sorted((ROOT / "tests" / "internet" / "sites").rglob("*"))
             if path.is_file() and path.suffix in (".html", ".htm", "") and not path.name.startswith("_site")
             and path.relative_to(ROOT / "tests" / "internet" / "sites").parts[0] not in WALL_HOSTS]
    walls = {}
    checked = 0
    for path in pages:
        body = path.read_bytes()
        if b"<" not in body[:4096]:
            continue
        checked += 1
        parts = path.relative_to(ROOT / "tests" / "internet" / "sites").parts
        url = f"https://{parts[0]}/{'/'.join(parts[1:])}"
        if (sighting := detect(200, [("Content-Type", "text/html; charset=utf-8")], body, url)) is not None:
            walls[str(path)] = sighting.describe()
    assert checked > 200 and walls == {}


def page(body: str, title: str = "Page") -> bytes:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>".encode()


NAV = "<header><nav><ul>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(12)) + "</ul></nav></header>"
ARTICLE = "".join(f"<p>The commission met again in Gabala on day {i} of the talks and agreed a working procedure "
                  f"for the northern section of the border, the ministers said.</p>" for i in range(5))


def test_blocks_tell_chrome_banners_and_link_lists_from_the_pages_own_words():
    answer = Answer.read(200, [], page(NAV + "<div id='cookie-notice'>We use cookies. Accept?</div>"
                                       "<main><h1>Talks resume</h1>" + ARTICLE + "<ul class='related'>"
                                       + "".join(f"<li><a href='/r{i}'>Another headline about the talks, number {i}"
                                                 "</a></li>" for i in range(6)) + "</ul></main>"), "https://x.example/a")
    kinds = {(block.chrome, block.banner is not None, block.is_links) for block in answer.blocks}
    assert (True, False, True) in kinds  # the menu
    assert (False, True, False) in kinds  # the cookie notice
    assert (False, False, True) in kinds  # the related headlines
    assert answer.content_words == sum(block.words for block in answer.blocks
                                       if not block.chrome and not block.banner and not block.is_links)
    assert answer.is_content and not answer.thin


def test_a_notice_above_content_is_not_a_wall_but_the_same_words_alone_are():
    notice = "<div class='alert'><p>For a better experience, please enable JavaScript in your browser.</p></div>"
    brief = "".join(f"<p>Sentence {i} of a short brief on the border talks, told in a dozen words.</p>" for i in range(4))
    assert detect(200, [], page(NAV + notice + "<main><h1>Border talks</h1>" + brief + "</main>"),
                  "https://x.example/a") is None
    walled = detect(200, [], page(NAV + notice), "https://x.example/a")
    assert walled is not None and walled.wall is Wall.JAVASCRIPT


def test_an_article_about_captchas_is_an_article():
    about = page("<article><h1>Are you a robot? How captchas took over the web</h1>" + ARTICLE
                 + "<p>Verify you are human, the box says; press and hold, says another.</p></article>",
                 "Are you a robot? How captchas took over the web")
    assert detect(200, [], about, "https://x.example/tech/captchas") is None


def test_cloudflare_for_an_origin_down_is_an_outage_and_its_challenge_a_wall():
    down = page("<div id='cf-error-details'><h1>Web server is down</h1><span>Error code 521</span>"
                "<p>Cloudflare Ray ID: 8a1b2c3d4e5f6a7b</p></div>", "example.com | 521: Web server is down")
    assert detect(521, [("Server", "cloudflare")], down, "https://x.example/a") is None
    challenge = detect(503, [("Server", "cloudflare"), ("cf-mitigated", "challenge")], page("<p>Just a moment</p>"),
                       "https://x.example/a")
    assert challenge is not None and challenge.wall is Wall.CLOUDFLARE
    assert challenge.describe() == "cloudflare wall: cf-mitigated: challenge"


@pytest.mark.parametrize("status, final, wall", [
    (402, None, Wall.PAYWALL),
    (401, None, Wall.PAYWALL),
    (200, "https://x.example/subscribe?return=/politics/talks", Wall.PAYWALL),
    (200, "https://consent.x.example/?continue=/politics/talks", Wall.COOKIES),
    # an edit link sent to the sign-in page is the footnote's mistake, not a paywall
    (200, "https://x.example/user/login?destination=/node/12/edit", None),
])
def test_statuses_and_redirects_that_are_walls(status, final, wall):
    url = "https://x.example/node/12/edit" if wall is None else "https://x.example/politics/talks"
    sighting = detect(status, [], page("<form><input name='user'><input type='password'></form>"), url, final or url)
    assert (sighting.wall if sighting else None) is wall

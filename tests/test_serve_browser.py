"""`avimcrawl serve` as a researcher sees it, in a real browser (Debian's chromium driven by
Playwright, as tests/test_report.py drives it): the front page, a table page without its long
texts, a JSON-array facet, a Turkish search typed without its letters. Screenshots go to
test-artifacts/ (serve-*.png)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_serve import build

ROOT = Path(__file__).parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-gpu", "--disable-sync"]


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`avimcrawl serve --port 0` over the test archive; the archive's address it prints."""
    db = tmp_path_factory.mktemp("browse") / "avim.sqlite"
    build(db)
    process = subprocess.Popen([sys.executable, "-m", "avimcrawl", "serve", "--db", str(db), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        found = None
        deadline = time.monotonic() + 60
        while found is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            found = re.fullmatch(r"Serving the archive at (http://127\.0\.0\.1:\d+/avim)", line.strip())
        assert found, "avimcrawl serve did not print the archive's address"
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def test_the_archive_in_a_real_browser(address):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium is not installed: this test needs Debian's chromium "
                    "(apt-get install chromium); .ci/run installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]' (never `playwright install`)")
    root = address.rsplit("/", 1)[0]
    problems: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

            # The front page: the tables researchers open, not the internal ones.
            page.goto(root + "/", wait_until="load")
            assert page.title().startswith("AVİM")
            tables = page.locator("ul.avim-tables a").all_inner_texts()
            assert tables[:3] == ["commentaries", "citations", "links"]
            assert not {"_sqlite_migrations", "runs", "commentary_pages"} & set(tables)
            assert page.locator('a[href="/avim/_sqlite_migrations"]').count() == 0
            assert page.locator("ul.avim-queries a").first.inner_text() == "Dead and dying citations, by commentary"
            page.screenshot(path=str(ARTIFACTS / "serve-front.png"), full_page=True)

            # One search over commentaries and cited pages (datasette-search-all), Turkish letters optional.
            page.fill("#search-all-q", "sirbistan")
            page.locator("#search-all-q").press("Enter")
            page.wait_for_load_state("load")
            assert "/-/search?q=sirbistan" in page.url
            page.locator("text=Commentary 2026/14").first.wait_for(timeout=10_000)
            page.screenshot(path=str(ARTIFACTS / "serve-search-all.png"), full_page=True)

            # A table page: one line a link, its texts left out (they stay on the row's page).
            page.goto(address + "/links", wait_until="load")
            headers = page.locator("table.rows-and-columns th").evaluate_all(
                "ths => ths.map(th => th.dataset.column)")
            assert "verdict" in headers and "text" not in headers and "first_text" not in headers
            assert page.locator("table.rows-and-columns tbody tr").count() == 5
            page.screenshot(path=str(ARTIFACTS / "serve-links.png"), full_page=True)

            # A facet over the JSON list of problems: its codes, not JSON strings.
            page.goto(address + "/citations", wait_until="load")
            # Each citation links to its commentary (labelled by its title) and to its link.
            assert page.locator('td.col-commentary_url a[href^="/avim/commentaries/"]').first.inner_text() \
                == "Commentary 2026/14"
            assert page.locator('td.col-link_url a[href^="/avim/links/"]').count() == 7
            facet = page.locator('.facet-info[data-column="problems"]')
            assert "suspect_domain" in facet.inner_text() and "[" not in facet.inner_text()
            facet.get_by_role("link", name="suspect_domain").click()
            page.wait_for_load_state("load")
            assert "problems__arraycontains=suspect_domain" in page.url
            assert page.locator("table.rows-and-columns tbody tr").count() == 1
            page.screenshot(path=str(ARTIFACTS / "serve-facet.png"), full_page=True)

            # A Turkish search typed on an English keyboard: "sirbistan" finds "Sırbistan".
            page.goto(address + "/commentaries", wait_until="load")
            years = page.locator('.facet-info[data-column="published"] li').all_inner_texts()
            assert [y.split()[0] for y in years] == ["2026", "2025"]  # the year facet
            page.fill('#_search', "sirbistan")
            page.locator('#_search').press("Enter")
            page.wait_for_load_state("load")
            assert "2 rows where search matches" in page.inner_text("body")
            assert page.locator('#_search').input_value() == "sirbistan"
            page.screenshot(path=str(ARTIFACTS / "serve-search.png"), full_page=True)
        finally:
            browser.close()
    assert problems == []

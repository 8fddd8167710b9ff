"""Time to finish `check --all` under politeness, against the floor a polite scheduler waits for.

    python bench/politeness.py [--links 500 --sites 40 --exponent 1.1] [--delay 0.5] [--latency 0.1 0.3]
    python bench/politeness.py --quick          # 150 links on 15 sites: under a minute

A cited web shaped like AVİM's: most citations on a few news sites. The links are spread over
the sites by a Zipf law (site k of K holds a share proportional to 1/k^s): at the defaults the
largest site holds 136 of 500 links (27 %), the five largest 293. Every answer is late by a
network round trip: each cited URL has its own delay drawn uniformly from --latency (a `delay`
rule per URL in the site's `_site.toml`; robots.txt and the soft-404 probe get the middle of
the range). About 3 % of the links answer 404, the rest 200.

Steps, each program a subprocess pointed at the test suite's proxy (tests/internet/) by its
environment only, as the tests run it:
1. `avimcrawl crawl --lang en --delay 0 --no-sources` builds the archive: generated AVİM
   commentaries (bench/generate.py's pages, 10 Word-exported footnotes each) whose citations
   the program itself parses and stores (commentaries, citations, links);
2. `avimcrawl check --all --delay D`, unmodified, with its own settings (one request at a
   time per site, AutoThrottle on with D as its least delay), timed from the moment the
   process is started to its exit: a first check of every link, so every page is extracted,
   then what `check` does after the checks: it searches where the dead links went (spider
   `leads`: robots.txt and sitemap.xml of their sites, the Wayback Machine's CDX, which the
   proxy's stand-in answers with no captures). The checks alone (start to the last link's or
   probe's answer) are timed and judged against the floor too.

The floor. Scrapy's downloader (`Downloader._process_queue` in scrapy/core/downloader/__init__.py)
sets a site's `slot.lastseen` at the moment it hands a request over to be sent, and lets the
next one go once the delay has passed since then *and* the site has a free transfer place (one
here): the delay counts from the start of the previous request, not its end, so a round trip
shorter than the delay overlaps with it instead of adding to it. A site with N links therefore
needs at least (N − 1) × delay + one round trip, about N × delay, however well the sites are
interleaved; were the round trip longer than the delay, it would set the pace instead. So

    floor = max over sites of (links on the site) × max(delay, mean round trip of its links)

which is N × delay at the defaults (the round trip is at most 0.3 s, the delay 0.5 s). Charged
to the program, not to the floor: the process's start-up, the two requests each site gets
besides its links (robots.txt first, and the soft-404 probe after its first page), and the
time to extract and store the last answers, and whatever `check` does after the checks (the
search for dead links, paced by the Wayback's CDX limit: 0.4 queries a second by default).
The target is wall time ≤ 1.15 × floor; the script exits 1 when it is missed.

Also printed, from the proxy's log: start-up (process start to its first request), the largest
site's span (its first to its last request), the intervals between its requests, the tail
(its last request to the process's exit), and what the sites saw of politeness: whether a
request ever reached a site before the previous one's answer was due (by each URL's known round
trip), and every interval between two requests to one site shorter than the delay (10 ms
tolerance). The proxy logs a request when it has read it, so these are wire-side times: a stall
in either process can bring two requests closer there than Scrapy handed them over.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from generate import (  # noqa: E402
    AVIM,
    AVIM_ROBOTS,
    PER_PAGE,
    ALLOW_ALL,
    Article,
    article_html,
    article_path,
    commentary_entries,
    commentary_html,
    file_for,
    listing_html,
    sentence,
    site_hosts,
    write,
)
from run import machine, revision  # noqa: E402

from tests.internet.client import LocalInternet  # noqa: E402

TARGET = 1.15
CITATIONS_PER_COMMENTARY = 10
NOT_FOUND_SHARE = 0.03


@dataclass(frozen=True)
class Shape:
    links: int = 500
    sites: int = 40
    exponent: float = 1.1
    delay: float = 0.5
    latency: tuple[float, float] = (0.1, 0.3)
    seed: int = 2026


@dataclass
class Web:
    """What was generated: the cited URLs by host, and each URL's round trip."""

    by_host: dict[str, list[str]]
    latency: dict[str, float]
    commentaries: int


@dataclass
class Politeness:
    """What the sites saw, from the proxy's log: how many requests overlapped, how close they came."""

    most_at_once: int
    intervals: int
    short: list[tuple[float, float]]
    """(seconds into the run, interval) of each interval under the delay, 10 ms tolerance."""

    @classmethod
    def of(cls, log: list[dict], web: Web, shape: Shape, start: float) -> Politeness:
        by_host: dict[str, list[tuple[float, float]]] = defaultdict(list)
        middle = sum(shape.latency) / 2
        for entry in log:
            by_host[entry["host"]].append((entry["t"], web.latency.get(entry["url"], middle)))
        most, intervals, short = 1, 0, []
        for requests in by_host.values():
            requests.sort()
            for (sent, latency), (following, _) in zip(requests, requests[1:]):
                intervals += 1
                if following < sent + latency:
                    most = 2  # the next request came before this one's answer was due
                if following - sent < shape.delay - 0.01:
                    short.append((following - start, following - sent))
        return cls(most, intervals, short)

    def describe(self) -> str:
        if not self.short:
            return f"none of {self.intervals}"
        return (f"{len(self.short)} of {self.intervals}, smallest {min(gap for _, gap in self.short):.3f} s, "
                f"the last {max(at for at, _ in self.short):.1f} s into the run")


def zipf_counts(links: int, sites: int, exponent: float) -> list[int]:
    """Links per site, largest first: shares ∝ 1/k^s, each site at least one link, summing to `links`."""
    if sites > links:
        raise ValueError("more sites than links")
    weights = [1 / k**exponent for k in range(1, sites + 1)]
    total = sum(weights)
    exact = [links * w / total for w in weights]
    counts = [max(1, int(x)) for x in exact]
    # largest remainders get the links still to hand out (or give back, if the minimum of one overshot)
    order = sorted(range(sites), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    i = 0
    while sum(counts) < links:
        counts[order[i % sites]] += 1
        i += 1
    while sum(counts) > links:
        biggest = max(range(sites), key=lambda j: counts[j])
        counts[biggest] -= 1
    return sorted(counts, reverse=True)


def generate_web(out: Path, shape: Shape) -> Web:
    """AVİM (listing and commentaries) and the cited sites, as folders for tests/internet/proxy.py."""
    rng = random.Random(shape.seed)
    hosts = site_hosts(shape.sites, rng)
    counts = zipf_counts(shape.links, shape.sites, shape.exponent)
    low, high = shape.latency
    middle = (low + high) / 2
    web = Web(by_host={}, latency={}, commentaries=0)
    articles: list[Article] = []
    number = 100000
    for host_index, (host, count) in enumerate(zip(hosts, counts)):
        rules: list[str] = []
        web.by_host[host] = []
        for _ in range(count):
            number += 1
            title = sentence(rng).split(",")[0].rstrip(".")
            article = Article(host, article_path(host_index, number, title), title,
                              "Elena Petrović", date(2025, 3, 1) + timedelta(days=rng.randint(0, 358)))
            articles.append(article)
            url = f"http://{host}{article.path}"
            web.by_host[host].append(url)
            web.latency[url] = round(rng.uniform(low, high), 3)
            if rng.random() < NOT_FOUND_SHARE:
                rules.append(f'[[rules]]\npath = "{article.path}"\nstatus = 404\ndelay = {web.latency[url]}\n\n')
            else:
                rules.append(f'[[rules]]\npath = "{article.path}"\ndelay = {web.latency[url]}\n\n')
                write(out / host / file_for(article.path), article_html(article, rng))
        rules.append(f"[[rules]]  # everything else: robots.txt, the soft-404 probe\ndelay = {middle}\n")
        write(out / host / "_site.toml", "".join(rules))
        write(out / host / "robots.txt", ALLOW_ALL)

    rng.shuffle(articles)  # a commentary cites the big sites and the small ones alike
    per_page = CITATIONS_PER_COMMENTARY
    entries = commentary_entries(-(-len(articles) // per_page), rng)
    web.commentaries = len(entries)
    avim = out / AVIM
    for index, entry in enumerate(entries):
        cited = articles[index * per_page:(index + 1) * per_page]
        write(avim / "en" / "Yorum" / f"{entry.slug}.html",
              commentary_html(entry, cited, entries[max(0, index - 3):index] or entries[1:4], rng))
    pages = -(-len(entries) // PER_PAGE)
    routes = ['"/en/Yorumlar" = "listings/en-yorumlar-1.html"']
    for page in range(1, pages + 1):
        write(avim / "listings" / f"en-yorumlar-{page}.html",
              listing_html(page, pages, entries[(page - 1) * PER_PAGE: page * PER_PAGE]))
        routes.append(f'"/en/Yorumlar?page={page}" = "listings/en-yorumlar-{page}.html"')
    write(avim / "_site.toml", "[routes]\n" + "\n".join(routes) + "\n")
    write(avim / "robots.txt", AVIM_ROBOTS)
    # The Wayback Machine (the proxy's stand-in, with no captures), which `check` asks where dead links went
    write(out / "web.archive.org" / "_captures.json", '{"captures": {}}\n')
    write(out / "archive.org" / "_about.txt", "The Wayback Machine stand-in answers for this host.\n")
    return web


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(name: str, command: list[str], internet: LocalInternet, work: Path) -> tuple[float, float]:
    """Run `command` from the repository root; (its start as time.time(), its wall time in seconds)."""
    progress(name)
    out, err = work / f"{name}.out", work / f"{name}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started_at, start = time.time(), time.perf_counter()
        result = subprocess.run(command, cwd=REPO, env=internet.subprocess_env(), stdin=subprocess.DEVNULL,
                                stdout=stdout, stderr=stderr)
        seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{name} exited with {result.returncode}:\n{err.read_text(errors='replace')[-3000:]}")
    return started_at, seconds


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(sql).fetchone()[0])


def benchmark(shape: Shape, work: Path) -> tuple[list[tuple[str, str]], float]:
    progress(f"generating {shape.links} links on {shape.sites} sites (Zipf s={shape.exponent:g})")
    web = generate_web(work / "sites", shape)
    db = work / "avim.sqlite"
    crawl = [sys.executable, "-m", "avimcrawl", "crawl", "--db", str(db), "--lang", "en", "--delay", "0",
             "--no-sources"]
    check = [sys.executable, "-m", "avimcrawl", "check", "--db", str(db), "--all", "--delay", f"{shape.delay:g}"]
    load_at_start = os.getloadavg()[0]
    with LocalInternet().start(work / "sites", work / "internet") as internet:
        run("crawl", crawl, internet, work)
        stored = count(db, "SELECT count(*) FROM links")
        if stored != shape.links:
            sys.exit(f"the crawl stored {stored} links, not {shape.links}: see {work}/crawl.err")
        internet.clear_log()
        started_at, wall = run("check", check, internet, work)
        output = (work / "check.out").read_text(errors="replace")
        time.sleep(0.2)  # the proxy logs a request once it has answered it
        log = [entry for entry in internet.requests() if entry["method"] != "CONNECT"]
    checked = count(db, "SELECT count(*) FROM checks")
    if checked != shape.links:
        sys.exit(f"check --all recorded {checked} checks, not {shape.links}: see {work}/check.err")

    # The checks end with the last answer to a link or a probe; `check` then searches where the dead
    # links went (the leads spider: robots.txt, sitemap.xml, the Wayback's CDX), after all of them.
    middle = sum(shape.latency) / 2
    checking = [entry for entry in log if entry["url"] in web.latency or "avimcrawl-probe" in entry["path"]]
    checks_end = max(entry["t"] + web.latency.get(entry["url"], middle) for entry in checking)
    after = [entry for entry in log if entry["t"] > checks_end]
    times: dict[str, list[float]] = defaultdict(list)
    for entry in log:
        if entry["t"] <= checks_end:
            times[entry["host"]].append(entry["t"])
    largest = max(web.by_host, key=lambda host: len(web.by_host[host]))
    top = len(web.by_host[largest])
    mean_latency = statistics.fmean(web.latency[url] for url in web.by_host[largest])
    floor = top * max(shape.delay, mean_latency)
    ratio = wall / floor
    checks_ratio = (checks_end - started_at) / floor
    sent = sorted(times[largest])
    gaps = [b - a for a, b in zip(sent, sent[1:])]
    first_request = min(entry["t"] for entry in log)
    ended_at = started_at + wall
    shares = sorted((len(urls) for urls in web.by_host.values()), reverse=True)
    politeness = Politeness.of(log, web, shape, first_request)
    cdx = sum(entry["host"] == "web.archive.org" for entry in after)
    cited_hosts = len({entry["host"] for entry in after if entry["host"] in web.by_host})
    leads = next((line for line in output.splitlines() if line.startswith("leads:")), "no leads line")
    rows = [
        ("machine", machine()),
        ("avimcrawl", revision()),
        ("cited web", f"{shape.links} links on {shape.sites} sites, Zipf s={shape.exponent:g}; "
                      f"{web.commentaries} commentaries; largest sites {', '.join(map(str, shares[:5]))} links"),
        ("largest site's share", f"{top / shape.links:.1%} ({top} links, {largest})"),
        ("delay (--delay)", f"{shape.delay:g} s; round trip {shape.latency[0]:g}–{shape.latency[1]:g} s "
                            f"(mean {mean_latency * 1000:.0f} ms on the largest site)"),
        ("floor", f"{floor:.1f} s = {top} links × {max(shape.delay, mean_latency):g} s"),
        ("wall time, check --all", f"{wall:.1f} s = checks {checks_end - started_at:.1f} s "
                                   f"+ after them {ended_at - checks_end:.1f} s"),
        ("ratio wall / floor", f"{ratio:.3f}×"),
        ("the checks (start to the last link's or probe's answer)",
         f"{checks_end - started_at:.1f} s: {checks_ratio:.3f}× the floor"),
        ("  start-up (to the first request)", f"{first_request - started_at:.1f} s"),
        ("  largest site's span", f"{sent[-1] - sent[0]:.1f} s for {len(sent)} requests "
                                  f"({len(sent) - top} besides its links: robots.txt, the probe)"),
        ("  interval on the largest site", f"mean {statistics.fmean(gaps):.3f} s, smallest {min(gaps):.3f} s, "
                                           f"largest {max(gaps):.3f} s"),
        ("  its last request to the last answer", f"{checks_end - sent[-1]:.1f} s"),
        ("after the checks (to the exit)", f"{ended_at - checks_end:.1f} s, {len(after)} requests ({cdx} to the "
                                           f"Wayback's CDX, {len(after) - cdx} to {cited_hosts} cited sites); {leads}"),
        ("requests", f"{len(log)} ({len(log) - shape.links} besides the links)"),
        ("requests to one site at once", f"at most {politeness.most_at_once} (by each answer's known round trip)"),
        ("intervals under --delay, any site", politeness.describe()),
        ("load average (1 min), start / end", f"{load_at_start:.2f} / {os.getloadavg()[0]:.2f}"),
        (f"target: wall ≤ {TARGET:g} × floor", f"{'met' if ratio <= TARGET else 'MISSED'} ({ratio:.3f}×)"),
        (f"target, the checks alone: ≤ {TARGET:g} × floor",
         f"{'met' if checks_ratio <= TARGET else 'MISSED'} ({checks_ratio:.3f}×)"),
    ]
    return rows, ratio


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="--quick: --links 150 --sites 15 (about a minute)")
    parser.add_argument("--links", type=int, default=None, help=f"cited URLs (default {Shape.links})")
    parser.add_argument("--sites", type=int, default=None, help=f"cited sites (default {Shape.sites})")
    parser.add_argument("--exponent", type=float, default=Shape.exponent, metavar="S",
                        help="Zipf exponent: site k holds a share ∝ 1/k^S (default %(default)s)")
    parser.add_argument("--delay", type=float, default=Shape.delay, help="check --all --delay (default %(default)s)")
    parser.add_argument("--latency", type=float, nargs=2, default=Shape.latency, metavar=("LOW", "HIGH"),
                        help="round trip of each answer, seconds, uniform (default 0.1 0.3)")
    parser.add_argument("--seed", type=int, default=Shape.seed)
    parser.add_argument("--quick", action="store_true", help="150 links on 15 sites")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="work in DIR, a new folder, and keep it (sites, database, logs)")
    args = parser.parse_args(argv)
    args.links = args.links or (150 if args.quick else Shape.links)
    args.sites = args.sites or (15 if args.quick else Shape.sites)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.delay <= 0:
        sys.exit("--delay must be above 0: this benchmark measures politeness")
    if args.keep and args.keep.exists():
        sys.exit(f"--keep {args.keep}: give a folder that does not exist yet")
    shape = Shape(args.links, args.sites, args.exponent, args.delay, tuple(args.latency), args.seed)
    work = args.keep or Path(tempfile.mkdtemp(prefix="avimcrawl-politeness-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows, ratio = benchmark(shape, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    width = max(len(name) for name, _ in rows)
    print(f"| {'politeness'.ljust(width)} | figure |\n|{'-' * (width + 2)}|--------|")
    for name, figure in rows:
        print(f"| {name.ljust(width)} | {figure} |")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

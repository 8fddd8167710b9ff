"""avimcrawl's benchmarks, in one command: prints a table of figures.

    python bench/run.py [--commentaries N --citations M --domains K] [--concurrency C --per-domain P]

Generates a synthetic local internet (bench/generate.py) in a temporary folder, starts the
test suite's proxy on it (tests/internet/), and measures, each program run as a subprocess
pointed at the proxy by its environment only:

1. citation parsing alone: `parse_commentary` over every generated commentary, in-process;
2. the full crawl: `avimcrawl crawl --lang en --delay 0` on an empty database (the
   command's own settings otherwise: 16 requests at once, one per site, AutoThrottle);
3. the incremental rerun with nothing new: the same command again;
4. `check --all`: the sources spider as `check --all` runs it, politeness off and
   concurrency set (`scrapy crawl sources -s AVIMCRAWL_SELECT=all -s DOWNLOAD_DELAY=0
   -s AUTOTHROTTLE_ENABLED=False -s CONCURRENT_REQUESTS=C -s CONCURRENT_REQUESTS_PER_DOMAIN=P`),
   then LinkChecker (`linkchecker --stdin -r0 -t C`) on the same URLs, its per-host rate limit
   lifted too (`maxrequestspersecond`, honoured for hosts that send a `LinkChecker` header,
   as every generated site does);
5. the floor under both: Scrapy alone (bench/bare_spider.py) fetching the same URLs with the
   same concurrency, none of avimcrawl's work done.

Wall times are measured around each subprocess; peak RSS and CPU time are the kernel's
figures for that process (`os.wait4`); requests are counted in the proxy's log.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from generate import Internet, Spec, generate  # noqa: E402

from avimcrawl.commentary import parse_commentary  # noqa: E402
from tests.internet.client import LocalInternet  # noqa: E402

TARGET_RSS_MB = 300
TARGET_RATIO = 2.0
TARGET_RERUN_S = 5.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
LINKCHECKER = Path(sys.executable).with_name("linkchecker")


@dataclass
class Measured:
    """One subprocess: how long it took, what it cost, and the requests the proxy saw meanwhile."""

    seconds: float
    peak_rss_mb: float
    cpu_seconds: float
    proxy_cpu_seconds: float
    urls: list[str]
    """Requested URLs, CONNECTs left out."""
    stdout: str
    stderr: str

    def costs(self) -> str:
        return (f"peak RSS {self.peak_rss_mb:.0f} MB, CPU {self.cpu_seconds:.1f} s, "
                f"proxy CPU {self.proxy_cpu_seconds:.1f} s")


def proxy_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def measure(name: str, command: list[str], internet: LocalInternet, work: Path, *,
            stdin: Path | None = None, ok: tuple[int, ...] = (0,)) -> Measured:
    """Run `command` to its end from the repository root; stdout and stderr go to `work/<name>.*`."""
    progress(name)
    internet.clear_log()
    proxy_before = proxy_cpu(internet.pid)
    slug = re.sub(r"\W+", "-", name.lower())
    out, err = work / f"{slug}.out", work / f"{slug}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr, open(stdin or os.devnull, "rb") as source:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, env=internet.subprocess_env(),
                                   stdin=source, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok:
        sys.exit(f"{name} exited with {process.returncode}:\n{err.read_text(errors='replace')[-3000:]}")
    time.sleep(0.2)  # the proxy logs a request once it has answered it
    return Measured(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime,
                    proxy_cpu(internet.pid) - proxy_before, internet.urls(),
                    out.read_text(errors="replace"), err.read_text(errors="replace"))


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(sql).fetchone()[0])


def parse_all(files: list[tuple[str, Path]], trusted: list[str]) -> tuple[float, int]:
    """Seconds to parse every commentary (files read beforehand), and the citations found."""
    pages = [(url, path.read_bytes()) for url, path in files]
    start = time.perf_counter()
    citations = sum(len(parse_commentary(html, url, trusted_domains=trusted).citations) for url, html in pages)
    return time.perf_counter() - start, citations


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    memory_gib = int(Path("/proc/meminfo").read_text().split()[1]) / 1024**2
    return f"{os.cpu_count()} CPUs ({cpu}), {memory_gib:.0f} GiB, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}"


def revision() -> str:
    def git(*arguments: str) -> str:
        return subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, text=True).stdout.strip()
    changed = [line for line in git("status", "--porcelain", "--", "avimcrawl").splitlines() if line]
    return f"commit {git('rev-parse', '--short', 'HEAD') or '?'}" + (f", {len(changed)} files changed" if changed else "")


def stages(stderr: str) -> str:
    """The crawl's own per-stage figures, from its last progress lines ("sources: 10000 done in 208.3 s")."""
    found = re.findall(r"(\w+): (\d+) done in ([\d.]+) s", stderr)
    return "; ".join(f"{stage} {n} in {seconds} s" for stage, n, seconds in found) or "no stage figures"


def shorten(items: list[str], keep: int = 4) -> str:
    return ", ".join(items) if len(items) <= keep else ", ".join(items[:keep]) + f", … ({len(items) - keep} more)"


def linkchecker_config(folder: Path) -> Path:
    """LinkChecker's configuration, readable by `nobody`: LinkChecker run as root drops to it first."""
    folder.chmod(0o755)
    config = folder / "linkcheckerrc"
    config.write_text("[checking]\n# honoured for hosts that answer with a LinkChecker header (all of ours)\n"
                      "maxrequestspersecond=1000\n")
    config.chmod(0o644)
    return config


def linkchecker_rows(output: str) -> list[list[str]]:
    """LinkChecker's CSV output (with -v: one row per URL checked), comments and header left out."""
    return [line.split(";") for line in output.splitlines() if line and not line.startswith("#")][1:]


def linkchecker_results(rows: list[list[str]]) -> str:
    """LinkChecker's result column, counted: a check that failed for its own reasons shows here."""
    counts: dict[str, int] = {}
    for row in rows:
        result = row[3] if len(row) > 3 else "?"
        counts[result] = counts.get(result, 0) + 1
    return ", ".join(f"{result} {n}" for result, n in sorted(counts.items(), key=lambda item: -item[1]))


def benchmark(args: argparse.Namespace, work: Path) -> list[tuple[str, str]]:
    rows = [("machine", machine()), ("avimcrawl", revision())]
    load_at_start = os.getloadavg()[0]
    spec = Spec(args.commentaries, args.citations, args.domains)
    progress(f"generating {spec.commentaries} commentaries × {spec.citations} citations on {spec.domains} sites")
    start = time.perf_counter()
    made: Internet = generate(work / "sites", spec)
    rows.append(("internet generated", f"{len(made.commentaries)} commentaries, {len(made.cited_urls)} cited URLs "
                 f"on {spec.domains} sites ({made.not_found} 404, {made.redirected} redirected), "
                 f"{time.perf_counter() - start:.1f} s"))

    progress("citation parsing")
    seconds, citations = parse_all(made.commentaries, [])
    rows.append(("citation parsing", f"{spec.commentaries / seconds:.1f} commentaries/s ({citations / seconds:.0f} "
                                     "citations/s), no domain trusted yet (a first crawl)"))
    hosts = sorted({url.split("/")[2] for url in made.cited_urls})
    seconds, _ = parse_all(made.commentaries, hosts)
    rows.append(("citation parsing, cited domains trusted", f"{spec.commentaries / seconds:.1f} commentaries/s "
                                                            f"(all {len(hosts)} trusted, as in later crawls)"))

    db = work / "avim.sqlite"
    crawl = [sys.executable, "-m", "avimcrawl", "crawl", "--db", str(db), "--lang", "en", "--delay", "0"]
    check = [sys.executable, "-m", "scrapy", "crawl", "sources", "-s", f"AVIMCRAWL_DB={db}",
             "-s", "AVIMCRAWL_SELECT=all", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", f"CONCURRENT_REQUESTS={args.concurrency}", "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.per_domain}"]
    urls = sorted(made.cited_urls)
    random.Random(1).shuffle(urls)  # LinkChecker throttles a host until its first answer: spread the hosts
    (work / "urls.txt").write_text("\n".join(urls) + "\n")
    bare = [sys.executable, "-m", "scrapy", "runspider", str(REPO / "bench" / "bare_spider.py"),
            "-a", f"urls={work / 'urls.txt'}", "-s", f"CONCURRENT_REQUESTS={args.concurrency}",
            "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.per_domain}"]
    linkchecker = [str(LINKCHECKER), "-f", str(linkchecker_config(work / "linkchecker")), "--stdin", "-r0",
                   "-t", str(args.concurrency), "--no-status", "-v", "-o", "csv"]

    with LocalInternet().start(work / "sites", work / "internet") as internet:
        full = measure("full crawl", crawl, internet, work)
        links = count(db, "SELECT count(*) FROM links")
        if links != len(made.cited_urls):
            sys.exit(f"the crawl stored {links} links, not {len(made.cited_urls)}: see {work}/full-crawl.err")
        rerun = measure("rerun", crawl, internet, work)
        checks_before = count(db, "SELECT count(*) FROM checks")
        ours = measure("avimcrawl check --all", check, internet, work)
        checked = count(db, "SELECT count(*) FROM checks") - checks_before
        theirs = measure("LinkChecker", linkchecker, internet, work, stdin=work / "urls.txt", ok=(0, 1))
        lc_rows = linkchecker_rows(theirs.stdout)  # exit status 1: it found broken links (our 404s)
        lc_checked = len(lc_rows)
        floor = measure("Scrapy alone", bare, internet, work)

    ratio = (checked / ours.seconds) / (lc_checked / theirs.seconds)
    listing_pages = sum("/Yorumlar" in url for url in rerun.urls)
    rows += [
        ("full crawl: wall time", f"{full.seconds:.1f} s ({stages(full.stderr)})"),
        ("full crawl: pages per second", f"{len(full.urls) / full.seconds:.1f} ({len(full.urls)} requests)"),
        ("full crawl: costs", full.costs()),
        ("rerun, nothing new: wall time", f"{rerun.seconds:.2f} s"),
        ("rerun, nothing new: requests", f"{len(rerun.urls)}: {shorten(sorted(set(rerun.urls)))}"),
        (f"check --all, avimcrawl (C={args.concurrency}, P={args.per_domain})",
         f"{checked / ours.seconds:.1f} links/s: {checked} links in {ours.seconds:.1f} s, {len(ours.urls)} requests; "
         f"{ours.costs()}"),
        (f"check --all, LinkChecker (-t {args.concurrency})",
         f"{lc_checked / theirs.seconds:.1f} links/s: {lc_checked} links in {theirs.seconds:.1f} s, "
         f"{len(theirs.urls)} requests; {theirs.costs()}"),
        ("LinkChecker's results", linkchecker_results(lc_rows)),
        ("throughput, avimcrawl / LinkChecker", f"{ratio:.2f}×"),
        (f"Scrapy alone, same URLs (C={args.concurrency}, P={args.per_domain}; bench/bare_spider.py)",
         f"{len(urls) / floor.seconds:.1f} links/s: {floor.seconds:.1f} s, {len(floor.urls)} requests; {floor.costs()}"),
        ("load average (1 min), start / end", f"{load_at_start:.2f} / {os.getloadavg()[0]:.2f}"),
    ]
    peak = max(full.peak_rss_mb, ours.peak_rss_mb)
    targets = [
        (f"peak RSS < {TARGET_RSS_MB} MB", peak < TARGET_RSS_MB, f"{peak:.0f} MB"),
        (f"check --all ≥ {TARGET_RATIO:g}× LinkChecker", ratio >= TARGET_RATIO, f"{ratio:.2f}×"),
        (f"rerun < {TARGET_RERUN_S:g} s on the first listing page", rerun.seconds < TARGET_RERUN_S and listing_pages == 1,
         f"{rerun.seconds:.2f} s, {listing_pages} listing page(s)"),
    ]
    rows += [(f"target: {name}", f"{'met' if met else 'MISSED'} ({figure})") for name, met, figure in targets]
    return rows


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Quick mode (under a minute): --commentaries 50 --citations 5 --domains 20")
    parser.add_argument("--commentaries", type=int, default=Spec.commentaries, metavar="N")
    parser.add_argument("--citations", type=int, default=Spec.citations, metavar="M", help="per commentary")
    parser.add_argument("--domains", type=int, default=Spec.domains, metavar="K", help="cited sites")
    parser.add_argument("--concurrency", type=int, default=16, metavar="C",
                        help="requests at once in both checkers: CONCURRENT_REQUESTS, LinkChecker's threads")
    parser.add_argument("--per-domain", type=int, default=1, metavar="P",
                        help="avimcrawl's CONCURRENT_REQUESTS_PER_DOMAIN when checking (its own: 1)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="work in DIR, a new folder, and keep it (sites, database, WARC, logs); run as root, "
                             "LinkChecker becomes `nobody` and must be able to enter it (e.g. under /tmp)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if not LINKCHECKER.exists():
        sys.exit(f"no {LINKCHECKER}: pip install linkchecker")
    if args.keep and args.keep.exists():
        sys.exit(f"--keep {args.keep}: give a folder that does not exist yet")
    work = args.keep or Path(tempfile.mkdtemp(prefix="avimcrawl-bench-"))
    (work / "linkchecker").mkdir(parents=True)
    work.chmod(0o755)  # LinkChecker run as root becomes `nobody`, and reads its configuration in here
    try:
        rows = benchmark(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    width = max(len(name) for name, _ in rows)
    print(f"| {'benchmark'.ljust(width)} | figure |\n|{'-' * (width + 2)}|--------|")
    for name, figure in rows:
        print(f"| {name.ljust(width)} | {figure} |")


if __name__ == "__main__":
    main()

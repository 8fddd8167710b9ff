"""Access-wall detector accuracy on generated answers (tests/wallgen).

    python bench/walls.py [--cases 6000] [--seed 2026] [--show-failures N] [--only-wrong-families]

Generates cited URLs' answers (status, headers, body, final URL) as the services serve them:
the walls of Cloudflare, DDoS-Guard, Sucuri, Akamai, Imperva, DataDome and PerimeterX/HUMAN,
captcha, JavaScript, cookie and paywall walls of other vendors and of the sites themselves, and, for
more than half of the cases, ordinary answers made hard (articles served through the same vendors,
consent banners, reCAPTCHA forms, metered-paywall teasers, articles about DDoS attacks, Cloudflare's
52x outages, plain 403/429 pages...). Runs avimcrawl.walls.detect on each and prints wall precision
and recall, naming accuracy, per-label, confusion and per-family tables, cases per second, and the
first N wrong cases. The generator was written from the services' public pages, not from the
detector; seed 2026 is the default.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO)]

from tests.wallgen import generate  # noqa: E402
from tests.wallgen.score import score  # noqa: E402


def load_detector():
    """avimcrawl.walls.detect adapted to the scorer: a label string or None."""
    try:
        from avimcrawl.walls import detect
    except ImportError as exc:
        raise SystemExit(f"bench/walls.py: cannot import avimcrawl.walls.detect ({exc}); the detector is not there yet.")

    def adapted(*, status, headers, body, url, final_url):
        sighting = detect(status=status, headers=headers, body=body, url=url, final_url=final_url)
        return sighting.wall.value if sighting else None

    return adapted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=6000, help="cases to generate (default 6000)")
    parser.add_argument("--seed", type=int, default=2026, help="generator seed (default 2026)")
    parser.add_argument("--show-failures", type=int, default=0, metavar="N", help="print the first N wrong cases")
    parser.add_argument("--only-wrong-families", action="store_true", help="per-family table: only families with errors")
    args = parser.parse_args(argv)

    detect = load_detector()
    start = time.perf_counter()
    cases = generate(args.seed, args.cases)
    generating = time.perf_counter() - start
    report = score(cases, detect)

    print(f"# Access walls: {len(cases)} cases, seed {args.seed}\n")
    print(report.summary_markdown())
    print("\n## Per label\n")
    print(report.per_label_markdown())
    print("\n## Confusion (rows: expected, columns: said)\n")
    print(report.confusion_markdown())
    print("\n## Per family\n")
    print(report.per_family_markdown(only_wrong=args.only_wrong_families))
    print(f"\ngeneration {generating:.1f} s; detection {report.seconds:.2f} s "
          f"({report.cases_per_second:,.0f} cases/s, {1e6 / max(report.cases_per_second, 1e-9):.0f} µs a case)")
    if args.show_failures:
        print(f"\n## Wrong cases (first {args.show_failures}: false positives, then missed walls, then misnamed)\n")
        print(report.failures_markdown(args.show_failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Citation parser accuracy on generated AVİM-shaped footnotes.

    python bench/citations.py [--footnotes 5000] [--seed 1] [--show-failures N]

Generates pages with known fields (tests/citegen: a dozen citation styles from the style
guides and AVİM's own notes, five note markups), parses each with the project's public entry
points (`parse_html_citations` for HTML pages, `parse_text_citations` for the plain-text
ones), aligns parsed citations with expected ones by (footnote, position) and prints per-field
accuracy overall, per style and per markup, against the targets; then the parse speed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO)]

from avimcrawl.citations import parse_html_citations, parse_text_citations  # noqa: E402
from avimcrawl.review import REVIEW_BELOW  # noqa: E402
from tests.citegen import generate_corpus  # noqa: E402
from tests.citegen.model import GeneratedPage  # noqa: E402
from tests.citegen.score import score  # noqa: E402


def parse(page: GeneratedPage) -> list[object] | BaseException:
    """The page's citations, or the exception the parser raised on it."""
    try:
        if page.is_html:
            return list(parse_html_citations(page.html))
        return list(parse_text_citations(page.text))
    except Exception as error:  # a crash on one page is a finding, not the end of the bench
        return error


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--footnotes", type=int, default=5000, help="footnotes to generate (default 5000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--show-failures", type=int, default=0, metavar="N",
                        help="show N failing examples per field")
    args = parser.parse_args(argv)

    progress(f"generating {args.footnotes} footnotes (seed {args.seed})")
    pages = generate_corpus(args.seed, args.footnotes)
    progress(f"parsing {len(pages)} pages")
    start = time.perf_counter()
    parsed = [parse(page) for page in pages]
    seconds = time.perf_counter() - start
    report = score(pages, parsed)

    print(f"# Citation parser accuracy: {report.notes} footnotes, {report.citations} citations, "
          f"{len(pages)} pages, seed {args.seed}\n")
    print(report.table())
    print(f"\nconfidence (review below {REVIEW_BELOW:g}):\n{report.calibration(REVIEW_BELOW)}")
    print(f"\nparse speed: {report.notes / seconds:,.0f} footnotes/s ({seconds:.2f} s for {len(pages)} pages)")
    shortfalls = report.shortfalls()
    print("targets: " + ("all met" if not shortfalls else
                         "NOT met for " + ", ".join(f"{f} ({a:.1f} %)" for f, a in shortfalls.items())))
    if args.show_failures:
        print(report.show_failures(args.show_failures))
    return 1 if shortfalls else 0


if __name__ == "__main__":
    sys.exit(main())

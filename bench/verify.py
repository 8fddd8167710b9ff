"""Title matcher accuracy on generated cited titles and pages (tests/verifygen.py).

    python bench/verify.py [--cases 6000] [--seed 2026] [--sweep] [--show-failures N]

Generates cited titles and the pages their URLs answer with today (the cited article,
perhaps edited; another page of the site; a parking page; no title), extracts each page as
the crawler does (trafilatura through avimcrawl.extract), runs avimcrawl.verify.title_match
and prints precision and recall of "the cited page" (same/close) and "not the cited page"
(absent/parked), of `parked` among parked pages, the verdicts per truth, and accuracy per
kind of change. verify.py was tuned while looking at seeds 1 and 7; the default seed is
neither. `--sweep` shows how the figures move with each threshold (the others kept).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO)]

from avimcrawl import verify  # noqa: E402
from tests.verifygen import Case, Report, Seen, cite_change, generate, page_change, seen  # noqa: E402

SWEEP = {"SAME_FROM": [0.75, 0.8, 0.85, 0.9, 0.95], "CLOSE_FROM": [0.5, 0.6, 0.7, 0.8, 0.9],
         "TEXT_CLOSE_FROM": [0.6, 0.7, 0.8, 0.9, 1.0], "WITHIN_FROM": [0.3, 0.4, 0.5, 0.6, 0.7]}


def judge(cases: list[Case], pages: list[Seen]) -> tuple[Report, float]:
    report = Report()
    start = time.perf_counter()
    for case, page in zip(cases, pages):
        report.add(case, verify.title_match(case.cited_title, page.title, page.text).verdict.value)
    return report, time.perf_counter() - start


def sweep(cases: list[Case], pages: list[Seen]) -> None:
    print("\n| threshold | value | cited → same/close | same/close precision | other/parked → absent/parked |")
    print("| --- | --- | --- | --- | --- |")
    for name, values in SWEEP.items():
        kept = getattr(verify, name)
        for value in values:
            setattr(verify, name, value)
            report, _ = judge(cases, pages)
            mark = " (used)" if value == kept else ""
            print(f"| {name} | {value}{mark} | {report.cited_recall * 100:.2f} % "
                  f"| {report.cited_precision * 100:.2f} % | {report.gone_recall * 100:.2f} % |")
        setattr(verify, name, kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=6000, help="cases to generate (default 6000)")
    parser.add_argument("--seed", type=int, default=2026, help="generator seed (default 2026; tuned on 1 and 7)")
    parser.add_argument("--sweep", action="store_true", help="figures for other values of each threshold")
    parser.add_argument("--show-failures", type=int, default=0, metavar="N", help="print N wrong verdicts")
    args = parser.parse_args(argv)

    cases = generate(args.seed, args.cases)
    start = time.perf_counter()
    pages = [seen(case) for case in cases]
    extracting = time.perf_counter() - start
    report, matching = judge(cases, pages)
    rows = report.rows
    print(f"# Title matcher: {len(rows)} cases, seed {args.seed}\n")
    print("| figure | value |\n| --- | --- |")
    for label, value in (
        ("cited page → same/close (recall)", report.cited_recall),
        ("same/close → is the cited page (precision)", report.cited_precision),
        ("other or parked page → absent/parked (recall)", report.gone_recall),
        ("absent/parked → is not the cited page (precision)", report.gone_precision),
        ("parked page → parked (recall)", report.parked_recall),
        ("parked → is a parked page (precision)", report.parked_precision),
        ("no title → unknown", report.unknown_right),
    ):
        print(f"| {label} | {value * 100:.1f} % |")
    print(f"| titled cases said unknown | {report.unknown_elsewhere} |")

    print("\nverdicts per truth:\n")
    verdicts = ["same", "close", "absent", "parked", "unknown"]
    print("| truth | " + " | ".join(verdicts) + " |\n| --- |" + " --- |" * len(verdicts))
    for truth in ("cited", "other", "parked", "no_title"):
        counts = Counter(verdict for case, verdict in rows if case.truth == truth)
        print(f"| {truth} | " + " | ".join(str(counts.get(v, 0)) for v in verdicts) + " |")

    for title, part in (("per kind of page", page_change), ("per way the title was cited", cite_change)):
        print(f"\n{title} (right / cases):\n")
        for kind, (good, total) in report.by_kind(part).items():
            print(f"  {kind:<48} {good:>5} / {total:<5} {good / total * 100:6.1f} %")

    print(f"\nextraction {extracting:.1f} s, matching {matching:.2f} s "
          f"({len(rows) / max(matching, 1e-9):,.0f} cases/s)")
    if args.sweep:
        sweep(cases, pages)
    for case, verdict in report.failures(args.show_failures):
        page = seen(case)
        print(f"\n[{case.kind}] said {verdict}\n  cited: {case.cited_title!r}\n  page title: {page.title!r}\n"
              f"  text: {(page.text or '')[:200]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scoring a wall detector against the generated cases (shared by bench/walls.py and tests).

    report = score(cases, detect)      # detect(status, headers, body, url, final_url) -> label | None
    print(report.markdown(failures=20))

Wall detection is scored as a yes/no question (a label vs None): precision is the share of the
answers called walls that are walls (a false positive calls a live page dead), recall the share of
walls found. Naming accuracy is, among true walls that were detected, the share given the right
label. A detector that raises is scored as having answered `error:<ExceptionName>` (a wrong label).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .model import LABELS, Case

Detect = Callable[..., "str | None"]
ORDER: list[str | None] = [*LABELS, None]


@dataclass(frozen=True)
class Row:
    case: Case
    got: str | None

    @property
    def right(self) -> bool:
        return self.got == self.case.expected


def _pct(num: int, den: int) -> str:
    return f"{100.0 * num / den:.1f} %" if den else "–"


def _name(label: str | None) -> str:
    return "None" if label is None else label


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    seconds: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)

    # ---------------------------------------------------------- wall vs not
    @property
    def true_positives(self) -> int:
        return sum(1 for r in self.rows if r.case.expected is not None and r.got is not None)

    @property
    def false_positives(self) -> list[Row]:
        return [r for r in self.rows if r.case.expected is None and r.got is not None]

    @property
    def false_negatives(self) -> list[Row]:
        return [r for r in self.rows if r.case.expected is not None and r.got is None]

    @property
    def walls(self) -> int:
        return sum(1 for r in self.rows if r.case.expected is not None)

    @property
    def precision(self) -> float | None:
        said = self.true_positives + len(self.false_positives)
        return self.true_positives / said if said else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.walls if self.walls else None

    @property
    def naming_accuracy(self) -> float | None:
        detected = [r for r in self.rows if r.case.expected is not None and r.got is not None]
        return sum(r.right for r in detected) / len(detected) if detected else None

    @property
    def accuracy(self) -> float | None:
        return sum(r.right for r in self.rows) / len(self.rows) if self.rows else None

    @property
    def cases_per_second(self) -> float:
        return len(self.rows) / self.seconds if self.seconds > 0 else float("inf")

    # ---------------------------------------------------------- tables
    def per_label(self) -> list[tuple[str, int, int, int, int, int]]:
        """(label, cases expected, right, said (predicted), said rightly, said wrongly)."""
        out = []
        for label in ORDER:
            expected = [r for r in self.rows if r.case.expected == label]
            said = [r for r in self.rows if r.got == label]
            if not expected and not said:
                continue
            right = sum(r.right for r in expected)
            out.append((_name(label), len(expected), right, len(said), sum(r.right for r in said),
                        sum(not r.right for r in said)))
        for label in sorted({r.got for r in self.rows if r.got not in ORDER}, key=str):
            said = [r for r in self.rows if r.got == label]
            out.append((f"{label} (not a label)", 0, 0, len(said), 0, len(said)))
        return out

    def per_family(self) -> list[tuple[str, str, int, int, str]]:
        """(family, expected label, cases, right, most frequent wrong answers)."""
        groups: dict[str, list[Row]] = defaultdict(list)
        for r in self.rows:
            groups[r.case.family].append(r)
        out = []
        for family in sorted(groups):
            rows = groups[family]
            wrong = Counter(_name(r.got) for r in rows if not r.right)
            out.append((family, _name(rows[0].case.expected), len(rows), sum(r.right for r in rows),
                        ", ".join(f"{k} ×{n}" for k, n in wrong.most_common(3))))
        return out

    def confusion(self) -> dict[tuple[str, str], int]:
        return dict(Counter((_name(r.case.expected), _name(r.got)) for r in self.rows))

    def failures(self, limit: int | None = None) -> list[Row]:
        """Wrong cases, false positives first (they call live pages dead), then missed walls, then misnamed."""
        fp = self.false_positives
        fn = self.false_negatives
        misnamed = [r for r in self.rows if r.case.expected is not None and r.got is not None and not r.right]
        wrong = fp + fn + misnamed
        return wrong if limit is None else wrong[:limit]

    # ---------------------------------------------------------- Markdown
    def summary_markdown(self) -> str:
        n = len(self.rows)
        fp, fn = len(self.false_positives), len(self.false_negatives)
        lines = ["| figure | value |", "| --- | --- |",
                 f"| cases | {n} ({self.walls} walls, {n - self.walls} not walls) |",
                 f"| wall precision (said wall → is a wall) | {_pct(self.true_positives, self.true_positives + fp)} |",
                 f"| wall recall (wall → said wall) | {_pct(self.true_positives, self.walls)} |",
                 f"| naming accuracy (detected walls given the right label) | "
                 f"{_pct(sum(r.right for r in self.rows if r.case.expected and r.got), self.true_positives)} |",
                 f"| exact accuracy (every case, None included) | {_pct(sum(r.right for r in self.rows), n)} |",
                 f"| false positives (live page called a wall) | {fp} |",
                 f"| false negatives (wall not seen) | {fn} |"]
        if self.errors:
            lines.append(f"| detector exceptions | {sum(self.errors.values())} ({', '.join(f'{k} ×{v}' for k, v in self.errors.items())}) |")
        lines.append(f"| speed | {self.cases_per_second:,.0f} cases/s ({self.seconds:.2f} s) |")
        return "\n".join(lines)

    def per_label_markdown(self) -> str:
        lines = ["| label | expected | right | recall | said | said rightly | precision |",
                 "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for label, expected, right, said, said_right, _ in self.per_label():
            lines.append(f"| {label} | {expected} | {right} | {_pct(right, expected)} | {said} | {said_right} | "
                         f"{_pct(said_right, said)} |")
        return "\n".join(lines)

    def per_family_markdown(self, only_wrong: bool = False) -> str:
        lines = ["| family | expected | cases | right | accuracy | wrong answers |", "| --- | --- | ---: | ---: | ---: | --- |"]
        for family, expected, cases, right, wrong in self.per_family():
            if only_wrong and right == cases:
                continue
            lines.append(f"| {family} | {expected} | {cases} | {right} | {_pct(right, cases)} | {wrong} |")
        return "\n".join(lines)

    def confusion_markdown(self) -> str:
        matrix = self.confusion()
        said = [_name(x) for x in ORDER if any(k[1] == _name(x) for k in matrix)]
        said += sorted({k[1] for k in matrix} - set(said))
        lines = ["| expected \\ said | " + " | ".join(said) + " |", "| --- |" + " ---: |" * len(said)]
        for label in ORDER:
            name = _name(label)
            if not any(k[0] == name for k in matrix):
                continue
            lines.append(f"| {name} | " + " | ".join(str(matrix.get((name, s), "")) for s in said) + " |")
        return "\n".join(lines)

    def failures_markdown(self, limit: int) -> str:
        rows = self.failures(limit)
        if not rows:
            return "No wrong cases."
        lines = ["| # | family | expected | said | status | url | final url |", "| ---: | --- | --- | --- | ---: | --- | --- |"]
        for i, r in enumerate(rows, 1):
            c = r.case
            final = "" if c.final_url == c.url else c.final_url[:90]
            lines.append(f"| {i} | {c.family} | {_name(c.expected)} | {_name(r.got)} | {c.status} | {c.url[:90]} | {final} |")
        return "\n".join(lines)

    def markdown(self, failures: int = 0) -> str:
        parts = ["## Walls: summary\n", self.summary_markdown(), "\n## Per label\n", self.per_label_markdown(),
                 "\n## Confusion (rows: expected, columns: said)\n", self.confusion_markdown(),
                 "\n## Per family\n", self.per_family_markdown()]
        if failures:
            parts += [f"\n## Wrong cases (first {failures}: false positives, then missed walls, then misnamed)\n",
                      self.failures_markdown(failures)]
        return "\n".join(parts) + "\n"


def score(cases: Iterable[Case], detect: Detect) -> Report:
    """Run `detect(status=, headers=, body=, url=, final_url=)` over the cases and score it."""
    report = Report()
    start = time.perf_counter()
    for case in cases:
        try:
            got = detect(status=case.status, headers=list(case.headers), body=case.body, url=case.url,
                         final_url=case.final_url)
        except Exception as exc:  # a crash is a wrong answer, never a silent pass
            got = f"error:{type(exc).__name__}"
            report.errors[type(exc).__name__] += 1
        report.rows.append(Row(case, got))
    report.seconds = time.perf_counter() - start
    return report


def score_rows(rows: Sequence[tuple[Case, str | None]], seconds: float = 0.0) -> Report:
    """A report from answers obtained elsewhere (e.g. through the local internet)."""
    return Report([Row(c, g) for c, g in rows], seconds)

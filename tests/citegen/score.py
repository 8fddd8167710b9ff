"""Scoring parsed citations against the generator's expectations (shared by bench and tests).

Parsed citations are duck-typed: any object with the attributes footnote, position, authors,
title, publisher, published, accessed, link_url, kind, repeats. They are aligned with expected
citations by (footnote, position); a missing parsed citation fails every field. A repeat
note's fields may be empty (as printed) or resolved to the repeated source's: both count as right.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import ExpectedCitation, GeneratedPage, matches, normalise

FIELDS = ["count", "link_url", "title", "authors", "publisher", "published", "accessed", "kind"]
"""`count`: citations found per note; `kind`: kind and, for a repeat note, the note it repeats."""
TARGETS = {"count": 99.5, "link_url": 99.5, "title": 97.0, "publisher": 97.0, "published": 97.0,
           "accessed": 97.0}
INVISIBLE = "\u00ad\u200b\u200c\u200d\ufeff\u00a0"


@dataclass
class Failure:
    field: str
    style: str
    markup: str
    note: str
    expected: str
    got: str


@dataclass
class Report:
    ok: Counter[tuple[str, str]] = field(default_factory=Counter)
    total: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: dict[str, list[Failure]] = field(default_factory=lambda: defaultdict(list))
    wrong_url: int = 0
    missing_url: int = 0
    extra_url: int = 0
    urls_expected: int = 0
    page_errors: list[str] = field(default_factory=list)
    notes: int = 0
    citations: int = 0
    by_confidence: Counter[tuple[bool, bool]] = field(default_factory=Counter)
    """(flagged for review, every field right) → citations: is low confidence where the errors are?"""

    def calibration(self, threshold: float) -> str:
        """How the parser's confidence sorts right from wrong citations."""
        lines = []
        for flagged, label in ((False, f"confidence ≥ {threshold:g}"), (True, f"confidence < {threshold:g} (needs review)")):
            right, wrong = self.by_confidence[flagged, True], self.by_confidence[flagged, False]
            total = right + wrong
            share = f"{100.0 * right / total:.1f} % fully right" if total else "none"
            lines.append(f"- {label}: {total} citations, {share}")
        wrong_total = self.by_confidence[True, False] + self.by_confidence[False, False]
        if wrong_total:
            lines.append(f"- of {wrong_total} citations with a wrong field, "
                         f"{100.0 * self.by_confidence[True, False] / wrong_total:.1f} % are flagged for review")
        return "\n".join(lines)

    def add(self, groups: Sequence[str], name: str, good: bool) -> None:
        for group in groups:
            self.total[group, name] += 1
            self.ok[group, name] += good

    def accuracy(self, name: str, group: str = "all") -> float | None:
        total = self.total[group, name]
        return 100.0 * self.ok[group, name] / total if total else None

    def groups(self) -> list[str]:
        found = sorted({g for g, _ in self.total if g != "all"})
        return ["all", *[g for g in found if g.startswith("style:")], *[g for g in found if g.startswith("markup:")]]

    def shortfalls(self) -> dict[str, float]:
        """Fields whose overall accuracy is under target: field → accuracy."""
        return {f: a for f, target in TARGETS.items() if (a := self.accuracy(f)) is not None and a < target}

    def _verdict(self, name: str) -> str:
        if name not in TARGETS:
            return ""
        value = self.accuracy(name)
        return "met" if value is not None and value >= TARGETS[name] else "NOT met"

    def table(self) -> str:
        """Per-field accuracy (%) overall, per style and per markup, with targets."""
        head = "| group | n | " + " | ".join(FIELDS) + " |"
        lines = [head, "|" + "---|" * (len(FIELDS) + 2)]
        lines.append("| target | | " + " | ".join(f"≥{TARGETS[f]:g}" if f in TARGETS else "" for f in FIELDS) + " |")
        for group in self.groups():
            cells = [_cell(self.accuracy(f, group)) for f in FIELDS]
            lines.append(f"| {group} | {self.total[group, 'title']} | " + " | ".join(cells) + " |")
        met = [self._verdict(f) for f in FIELDS]
        lines.append("| all: target | | " + " | ".join(met) + " |")
        lines.append(f"\n{self.notes} notes, {self.citations} citations; URLs: {self.urls_expected} expected, "
                     f"{self.wrong_url} wrong (present but not the cited URL), {self.missing_url} missing, "
                     f"{self.extra_url} invented where none is cited; {len(self.page_errors)} pages raised")
        return "\n".join(lines)

    def show_failures(self, per_field: int) -> str:
        """A few failing examples per field, spread over styles."""
        out = []
        for name in FIELDS:
            chosen = _spread(self.failures.get(name, []), per_field)
            if chosen:
                out.append(f"\n## {name}: {self.total['all', name] - self.ok['all', name]} failures")
            for f in chosen:
                out.append(f"- [{f.style}/{f.markup}] {_short(f.note, 400)}\n    expected: {f.expected!r}\n    got:      {f.got!r}")
        out += [f"- page error: {e}" for e in self.page_errors[:per_field]]
        return "\n".join(out)


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _spread(failures: list[Failure], count: int) -> list[Failure]:
    by_style: dict[str, list[Failure]] = defaultdict(list)
    for f in failures:
        by_style[f.style].append(f)
    chosen: list[Failure] = []
    while len(chosen) < count and any(by_style.values()):
        for items in by_style.values():
            if items and len(chosen) < count:
                chosen.append(items.pop(0))
    return chosen


def _value(citation: Any, name: str) -> str | None:
    value = getattr(citation, name, None)
    return None if value is None else str(value)


def _resolved_matches(expected: ExpectedCitation, name: str, got: str | None) -> bool:
    """A repeat note's field filled from the source it repeats ("Ibid." → that source's title)."""
    return expected.resolved is not None and matches(name, getattr(expected.resolved, name), got)


def _kind_ok(expected: ExpectedCitation, got: Any) -> bool:
    if normalise(getattr(got, "kind", None)) != expected.kind:
        return False
    return expected.kind != "repeat" or getattr(got, "repeats", None) == expected.repeats


def score(pages: Sequence[GeneratedPage], parsed: Sequence[Sequence[Any] | BaseException],
          report: Report | None = None, keep: int = 60) -> Report:
    """Compare each page's parsed citations (or the exception its parse raised) with what it renders."""
    report = report or Report()
    for page, found in zip(pages, parsed, strict=True):
        if isinstance(found, BaseException):
            report.page_errors.append(f"{page.url} (seed {page.seed}): {type(found).__name__}: {found}")
            found = []
        by_key = {(getattr(c, "footnote", None), getattr(c, "position", None)): c for c in found}
        per_note = Counter(getattr(c, "footnote", None) for c in found)
        for note in page.notes:
            report.notes += 1
            groups = ["all", f"style:{note.style}", f"markup:{page.markup}"]
            good = per_note[note.number] == len(note.citations)
            report.add(groups, "count", good)
            if not good and len(report.failures["count"]) < keep:
                report.failures["count"].append(Failure("count", note.style, page.markup, f"[{note.number}] {note.text}",
                                                        str(len(note.citations)), str(per_note[note.number])))
            for expected in note.citations:
                _score_citation(report, page, note.text, expected, by_key.get((expected.footnote, expected.position)), keep)
    return report


def _score_citation(report: Report, page: GeneratedPage, note_text: str, expected: ExpectedCitation,
                    got: Any, keep: int) -> None:
    report.citations += 1
    groups = ["all", f"style:{expected.style}", f"markup:{page.markup}"]
    all_right = got is not None
    for name in FIELDS[1:]:
        if name == "kind":
            good = got is not None and _kind_ok(expected, got)
            want, have = f"{expected.kind} {expected.repeats or ''}".strip(), (
                f"{_value(got, 'kind')} {_value(got, 'repeats') or ''}".strip() if got is not None else "<no citation>")
        else:
            want = getattr(expected, name)
            have = _value(got, name) if got is not None else "<no citation>"
            good = got is not None and (matches(name, want, have) or _resolved_matches(expected, name, have))
        report.add(groups, name, good)
        all_right = all_right and good
        if not good and len(report.failures[name]) < keep:
            report.failures[name].append(Failure(name, expected.style, page.markup,
                                                 f"[{expected.footnote}.{expected.position}] {note_text}", str(want), str(have)))
    confidence = getattr(got, "confidence", None)
    if confidence is not None and hasattr(got, "needs_review"):
        report.by_confidence[bool(got.needs_review), all_right] += 1
    if expected.link_url:
        report.urls_expected += 1
        got_url = _value(got, "link_url") if got is not None else None
        if not got_url:
            report.missing_url += 1
        elif got_url != expected.link_url:
            report.wrong_url += 1
    elif got is not None and _value(got, "link_url") and not _resolved_matches(expected, "link_url", _value(got, "link_url")):
        report.extra_url += 1

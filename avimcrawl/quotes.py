"""Quotation marks as footnote authors use them: which ones pair up around a title.

Titles come in “…”, „…“, «…», "…", ‘…’ and '…'. The hard part is U+2019: it closes
‘…’ but is also the apostrophe in “Serbia’s Vucic” and in every Turkish suffix
(“İstanbul’da”, “Türkiye’nin”). An apostrophe between two letters never closes a quote.
"""

from __future__ import annotations

from dataclasses import dataclass

_CLOSERS = {
    "“": "”",      # English, and Turkish as Word types it
    "„": "“”",     # German/Balkan low-high
    "«": "»",
    "‹": "›",
    "”": "”",      # a Word autocorrect slip: ”Title”
    '"': '"',
    "‘": "’",
    "'": "'",
    "‚": "‘’",
}
_SINGLE = {"’", "'", "‘"}
_AFTER_CLOSING = set(",.;:!?)]}|") | {"\x00"}


@dataclass(frozen=True)
class Quoted:
    """A quoted stretch of text: the marks at `start` and `end - 1`, the words between."""

    start: int
    end: int
    text: str

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


def quoted_spans(text: str, min_length: int = 2) -> list[Quoted]:
    """Every paired quotation in `text`, outermost first, not overlapping, in order."""
    spans: list[Quoted] = []
    i = 0
    while i < len(text):
        closers = _CLOSERS.get(text[i])
        if closers and _can_open(text, i):
            end = _closing(text, i, closers)
            if end is not None and len(text[i + 1:end].strip()) >= min_length:
                spans.append(Quoted(i, end + 1, text[i + 1:end]))
                i = end + 1
                continue
        i += 1
    return spans


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalpha() and after.isalpha()


def _can_open(text: str, i: int) -> bool:
    if text[i] in _SINGLE and _is_apostrophe(text, i):
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] in {'"', "'", "”"}:
        # Straight quotes open after a space or bracket and before a word.
        return not before.isalnum() and not after.isspace()
    return not after.isspace() or text[i] in {"“", "„", "«"}


def _closing(text: str, opener: int, closers: str) -> int | None:
    """Where the quote opened at `opener` closes: the first fitting mark before the clause
    ends (`;`, a line), preferring one that a separator follows when the marks could be
    apostrophes too."""
    clause_end = min((i for i in (text.find(";", opener), text.find("\n", opener)) if i > 0), default=len(text))
    candidates = [j for j in range(opener + 1, clause_end)
                  if text[j] in closers and not (text[j] in _SINGLE and _is_apostrophe(text, j))]
    if not candidates:
        return None
    if text[opener] not in _SINGLE:
        return candidates[0]
    for j in candidates:
        rest = text[j + 1:].lstrip(" ")
        if not rest or rest[0] in _AFTER_CLOSING or rest[0] in "(<[":
            return j
    return candidates[0]

"""`avimcrawl.corrections`: corrections applied to parsed citations, in order, on Citation lists."""

from __future__ import annotations

import pytest

from avimcrawl.citations import Citation
from avimcrawl.corrections import (
    Action,
    BadDate,
    CannotSplit,
    Correction,
    Entry,
    Field,
    UnknownField,
    apply_corrections,
    check_field,
    check_value,
    split_point,
)

SABAH = "Daily Sabah, “Vucic visits Ankara”, 12 February 2026, <https://www.dailysabah.com/vucic>"
HURRIYET = "Hürriyet, “Defence deal”, 13 February 2026, <https://www.hurriyetaidailynews.com/deal>"


def parse(text: str, footnote: int, position: int) -> Citation:
    """A stand-in for the parser: the publisher is the text before the first comma."""
    return Citation(footnote, position, text, publisher=text.split(",")[0], confidence=0.9)


def notes() -> list[Citation]:
    return [Citation(1, 1, f"{SABAH}; {HURRIYET}", publisher="Daily Sabah", confidence=0.4, guessed=["title"]),
            Citation(1, 2, "Yeni Şafak, “Pledge”", publisher="Yeni Şafak"),
            Citation(2, 1, "AA, “Talks”", url="<https://www.aa.com.tr/x//>", link_url="https://www.aa.com.tr/x//",
                     problems=["suspect_domain", "double_slash", "placeholder"], suggested_domain="aa.com.tr"),
            Citation(3, 1, "Hürriyet, 2026-03-01, accessed 2026-02-20", published="2026-03-01", accessed="2026-02-20",
                     problems=["published_after_accessed"])]


def fix(footnote: int, position: int, action: Action, field: Field | None = None, value: str | None = None,
        raw: str | None = None) -> Correction:
    return Correction(footnote, position, action, field, value, raw=raw)


def notes_of(result) -> list[tuple[int, int, str]]:
    return [(c.footnote, c.position, c.raw) for c in result.citations]


def test_set_a_field_marks_the_citation_corrected_and_no_longer_guessed():
    result = apply_corrections(notes(), [fix(1, 1, Action.SET, Field.TITLE, "Vucic visits Ankara")], parse)
    first = result.entries[0]
    assert first.citation.title == "Vucic visits Ankara" and first.corrected and not first.reviewed
    assert first.citation.guessed == []
    assert [e.corrected for e in result.entries] == [True, False, False, False]
    assert len(result.applied) == 1 and result.unmatched == []


def test_the_given_citations_are_left_untouched():
    given = notes()
    apply_corrections(given, [fix(1, 1, Action.SET, Field.TITLE, "X"), fix(1, 1, Action.SPLIT, value="Hürriyet")], parse)
    assert given == notes()


def test_setting_the_url_sets_link_url_and_drops_the_problems_of_the_old_url():
    result = apply_corrections(notes(), [fix(2, 1, Action.SET, Field.URL, " <https://www.aa.com.tr/en/talks/1> ")], parse)
    aa = result.citations[2]
    assert (aa.url, aa.link_url) == ("<https://www.aa.com.tr/en/talks/1>", "https://www.aa.com.tr/en/talks/1")
    assert aa.problems == ["placeholder"] and aa.suggested_domain is None


def test_clearing_the_url_flags_no_url_and_a_bad_one_malformed():
    cleared = apply_corrections(notes(), [fix(2, 1, Action.SET, Field.URL, "")], parse).citations[2]
    assert (cleared.url, cleared.link_url) == (None, None) and "no_url" in cleared.problems
    bad = apply_corrections(notes(), [fix(2, 1, Action.SET, Field.URL, "htps:/aa")], parse).citations[2]
    assert "malformed_url" in bad.problems


def test_correcting_a_date_settles_published_after_accessed():
    result = apply_corrections(notes(), [fix(3, 1, Action.SET, Field.PUBLISHED, "2026-02-01")], parse)
    assert result.citations[3].published == "2026-02-01" and result.citations[3].problems == []
    result = apply_corrections(notes(), [fix(3, 1, Action.SET, Field.ACCESSED, "2026-01-01"),
                                         fix(3, 1, Action.SET, Field.PUBLISHED, "2026-02-01")], parse)
    assert result.citations[3].problems == ["published_after_accessed"]


def test_split_makes_two_corrected_citations_and_moves_the_rest_of_the_note_down():
    result = apply_corrections(notes(), [fix(1, 1, Action.SPLIT, value="Hürriyet, “Defence")], parse)
    assert notes_of(result)[:3] == [(1, 1, SABAH), (1, 2, HURRIYET), (1, 3, "Yeni Şafak, “Pledge”")]
    assert [c.publisher for c in result.citations[:2]] == ["Daily Sabah", "Hürriyet"]
    assert [(e.corrected, e.citation.confidence) for e in result.entries[:3]] == [(True, 0.9), (True, 0.9), (False, 1.0)]
    assert (result.citations[3].footnote, result.citations[3].position) == (2, 1)


def test_merge_joins_a_citation_with_the_next_one_of_its_note():
    split = apply_corrections(notes(), [fix(1, 1, Action.SPLIT, value="Hürriyet")], parse)
    merged = apply_corrections(split.entries, [fix(1, 1, Action.MERGE)], parse)
    assert notes_of(merged)[:2] == [(1, 1, f"{SABAH}; {HURRIYET}"), (1, 2, "Yeni Şafak, “Pledge”")]
    assert merged.entries[0].corrected


def test_merge_of_the_last_citation_of_a_note_is_unmatched():
    result = apply_corrections(notes(), [fix(1, 2, Action.MERGE)], parse)
    assert result.unmatched and notes_of(result) == notes_of(apply_corrections(notes(), [], parse))


def test_reviewed_marks_without_changing_anything():
    result = apply_corrections(notes(), [fix(1, 1, Action.REVIEWED)], parse)
    assert result.entries[0] == Entry(notes()[0], corrected=False, reviewed=True)


def test_corrections_apply_in_order_each_to_what_the_previous_left():
    corrections = [fix(1, 1, Action.SPLIT, value="Hürriyet", raw=f"{SABAH}; {HURRIYET}"),
                   fix(1, 2, Action.SET, Field.URL, "https://www.hurriyetdailynews.com/deal", raw=HURRIYET),
                   fix(1, 3, Action.REVIEWED, raw="Yeni Şafak, “Pledge”")]
    result = apply_corrections(notes(), corrections, parse)
    assert result.citations[1].link_url == "https://www.hurriyetdailynews.com/deal"
    assert [(e.corrected, e.reviewed) for e in result.entries[:3]] == [(True, False), (True, False), (False, True)]
    assert len(result.applied) == 3


def test_a_correction_follows_its_citation_when_the_note_is_renumbered():
    moved = [Citation(1, 1, "A new first citation"), *[Citation(c.footnote, c.position + (c.footnote == 1), c.raw)
                                                       for c in notes()]]
    result = apply_corrections(moved, [fix(1, 2, Action.SET, Field.TITLE, "Pledge", raw="Yeni Şafak, “Pledge”")], parse)
    assert [c.title for c in result.citations[:3]] == [None, None, "Pledge"]


def test_a_correction_whose_citation_is_gone_is_unmatched_not_dropped():
    gone = fix(1, 2, Action.SET, Field.TITLE, "Pledge", raw="Yeni Şafak, “Pledge”, as it was before the page changed")
    bad_split = fix(1, 1, Action.SPLIT, value="not in the text")
    result = apply_corrections(notes(), [gone, bad_split], parse)
    assert result.unmatched == [gone, bad_split] and result.applied == []
    assert [c.title for c in result.citations] == [None] * 4


def test_checks_name_what_is_wrong():
    assert check_field("title") is Field.TITLE
    with pytest.raises(UnknownField, match="unknown field 'colour': choose one of authors, title, publisher"):
        check_field("colour")
    assert check_value(Field.PUBLISHED, " 2026-02-23 ") == "2026-02-23"
    assert check_value(Field.TITLE, "  ") is None
    for bad in ("23 February 2026", "2026-02-30", "2026-2-3"):
        with pytest.raises(BadDate, match="is not a date: write it as YYYY-MM-DD"):
            check_value(Field.ACCESSED, bad)
    assert split_point(f"{SABAH}; {HURRIYET}", "Hürriyet") == (SABAH, HURRIYET)
    with pytest.raises(CannotSplit, match="would leave an empty citation"):
        split_point(SABAH, "Daily")
    with pytest.raises(CannotSplit, match="does not contain 'Reuters'"):
        split_point(SABAH, "Reuters")

"""Comparison against synthetic version pairs whose every clause's fate is known."""

from __future__ import annotations

import pytest

from terms.compare import EntryKind, compare, unaccounted
from terms.compare.synthetic import EDITS, build_document, synthetic_pair


def _entries(comparison):
    return {(e.kind, e.old_ids, e.new_ids) for e in comparison.entries}


def _expected(pair):
    return {(e.kind, e.old_ids, e.new_ids) for e in pair.expected}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("edit", EDITS)
def test_each_edit_is_reported_exactly(edit: str, seed: int) -> None:
    pair = synthetic_pair([edit], seed=seed)
    comparison = compare(pair.old, pair.new)
    assert unaccounted(comparison) == []
    assert _entries(comparison) == _expected(pair)


@pytest.mark.parametrize("seed", range(3))
def test_all_edits_together_are_reported_exactly(seed: int) -> None:
    pair = synthetic_pair(EDITS, seed=seed, sections=16)
    comparison = compare(pair.old, pair.new)
    assert unaccounted(comparison) == []
    assert _entries(comparison) == _expected(pair)


def test_large_pair_with_many_edits_is_exact() -> None:
    pair = synthetic_pair(EDITS * 3, seed=11, sections=60, per_section=12)
    comparison = compare(pair.old, pair.new)
    assert unaccounted(comparison) == []
    assert _entries(comparison) == _expected(pair)


def test_reworded_clause_diff_is_exactly_the_word() -> None:
    pair = synthetic_pair(["reword"], seed=5)
    ((old_id, old_word, new_id, new_word),) = pair.reworded
    (entry,) = [e for e in compare(pair.old, pair.new).entries if e.kind is EntryKind.CHANGED]
    assert entry.diff is not None
    (deleted,) = entry.diff.deleted
    (inserted,) = entry.diff.inserted
    old_text, new_text = pair.old.clause(old_id).text, pair.new.clause(new_id).text
    assert (deleted.clause_id, old_text[deleted.start:deleted.end]) == (old_id, old_word)
    assert (inserted.clause_id, new_text[inserted.start:inserted.end]) == (new_id, new_word)


def test_identical_versions_are_all_unchanged() -> None:
    pair = synthetic_pair([], seed=2)
    comparison = compare(pair.old, pair.new)
    assert {e.kind for e in comparison.entries} == {EntryKind.UNCHANGED}
    assert not comparison.substantive
    assert comparison.counts.share_changed == 0.0


def test_formatting_only_is_not_a_change() -> None:
    pair = synthetic_pair(["whitespace"], seed=1)
    comparison = compare(pair.old, pair.new)
    assert comparison.counts.of(EntryKind.FORMATTING) == 1
    assert not comparison.substantive
    assert comparison.counts.changed_chars == 0


def test_typographic_variants_are_formatting() -> None:
    old = build_document([(None, None, "We don't sell your data - ever, \"really\".")])
    new = build_document([(None, None, "We don\u2019t  sell your DATA \u2014 ever, \u201creally\u201d.")])
    (entry,) = compare(old, new).entries
    assert entry.kind is EntryKind.FORMATTING


def test_words_run_together_or_split_by_a_space_are_formatting() -> None:
    """Zoom's terms of April and July 2023 differ in "Waiver.Zoom's" / "Waiver. Zoom's" and
    "ZoomWebsite" / "Zoom Website": a conversion's slip, listed among the changed clauses."""
    old = build_document([("1", None, "Waiver.Zoom's failure to enforce a provision is no waiver. See the "
                                      "ZoomWebsite for details.")])
    new = build_document([("1", None, "Waiver. Zoom's failure to enforce a provision is no waiver. See the "
                                      "Zoom Website for details.")])
    (entry,) = compare(old, new).entries
    assert entry.kind is EntryKind.FORMATTING
    reworded = build_document([("1", None, "Waiver. Zoom's failure to enforce a provision is a waiver. See "
                                           "the Zoom Website for details.")])
    (entry,) = compare(old, reworded).entries
    assert entry.kind is EntryKind.CHANGED


def test_newer_given_first_is_swapped_by_effective_date() -> None:
    older = build_document([("1", None, "We may share data.")], effective_date="2021-01-01", title="A")
    newer = build_document([("1", None, "We may sell data.")], effective_date="2023-05-01", title="B")
    comparison = compare(newer, older)
    assert comparison.swapped
    assert comparison.old.title == "A" and comparison.new.title == "B"
    assert comparison.order_basis == "effective date"
    (entry,) = comparison.entries
    assert entry.kind is EntryKind.CHANGED


def test_empty_and_duplicate_clauses_are_accounted_for() -> None:
    yes, no, heading = (None, None, "Yes."), (None, None, "No."), (None, "Terms", "")
    old = build_document([heading, yes, yes, no])
    new = build_document([yes, heading, yes, yes])
    comparison = compare(old, new)
    assert unaccounted(comparison) == []
    empty = build_document([])
    assert unaccounted(compare(empty, new)) == []
    assert {e.kind for e in compare(empty, new).entries} == {EntryKind.ADDED}
    assert {e.kind for e in compare(old, empty).entries} == {EntryKind.REMOVED}

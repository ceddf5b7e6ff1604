"""Properties of the comparison on arbitrary small documents (duplicates, empties, headings)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from terms.compare import EntryKind, compare, unaccounted
from terms.compare.synthetic import build_document

_WORDS = st.sampled_from(["we", "may", "sell", "share", "your", "data", "not", "posts", "clients", "Yes."])
_TEXT = st.lists(_WORDS, min_size=0, max_size=12).map(" ".join)
_ENTRY = st.one_of(
    st.tuples(st.none(), st.none(), _TEXT),
    st.tuples(st.sampled_from(["1", "2", "2.1", "(a)"]), st.none(), _TEXT),
    st.tuples(st.sampled_from(["1", "2", None]), st.sampled_from(["Sharing", "Your choices"]), st.just("")),
)
_DOC = st.lists(_ENTRY, max_size=14).map(build_document)


@settings(max_examples=150, deadline=None)
@given(_DOC, _DOC)
def test_every_clause_is_accounted_for_exactly_once(old, new) -> None:
    comparison = compare(old, new)
    assert unaccounted(comparison) == []
    assert 0.0 <= comparison.counts.share_changed <= 1.0


@settings(max_examples=60, deadline=None)
@given(_DOC)
def test_a_version_compared_with_itself_is_unchanged(document) -> None:
    comparison = compare(document, document)
    assert {e.kind for e in comparison.entries} <= {EntryKind.UNCHANGED}
    assert not comparison.substantive and comparison.counts.changed_chars == 0

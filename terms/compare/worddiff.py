"""Word-level differences between aligned clauses, as character spans per clause."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Indel

from terms.compare.clausetext import ClauseText, word_spans, words_key
from terms.compare.model import Span, WordDiff


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return words_key(word)


def _tokens(texts: Sequence[ClauseText], vocabulary: dict[str, int]) -> tuple[list[int], list[Span]]:
    keys: list[int] = []
    spans: list[Span] = []
    for ct in texts:
        text = ct.clause.text
        for start, end in word_spans(text, ct.body_start, ct.body_end):
            keys.append(vocabulary.setdefault(_word_key(text[start:end]), len(vocabulary)))
            spans.append(Span(ct.clause.id, start, end))
    return keys, spans


def _runs(spans: list[Span], picked: list[int]) -> tuple[Span, ...]:
    """The picked words, consecutive ones in one clause joined into one span (spaces included)."""
    out: list[Span] = []
    last = -2
    for k in picked:
        span = spans[k]
        if k == last + 1 and out and out[-1].clause_id == span.clause_id:
            out[-1] = Span(span.clause_id, out[-1].start, span.end)
        else:
            out.append(span)
        last = k
    return tuple(out)


def word_diff(old: Sequence[ClauseText], new: Sequence[ClauseText]) -> WordDiff:
    """Words of ``old`` deleted and words of ``new`` inserted (a longest common word subsequence
    is kept), ignoring formatting-only variants of a word (case, quotes, dashes, emphasis, edge
    punctuation)."""
    vocabulary: dict[str, int] = {}
    old_keys, old_spans = _tokens(old, vocabulary)
    new_keys, new_spans = _tokens(new, vocabulary)
    deleted: list[int] = []
    inserted: list[int] = []
    for op in Indel.opcodes(old_keys, new_keys):
        if op.tag == "equal":
            continue
        deleted.extend(range(op.src_start, op.src_end))
        inserted.extend(range(op.dest_start, op.dest_end))
    return WordDiff(_runs(old_spans, deleted), _runs(new_spans, inserted))

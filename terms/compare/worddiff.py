"""Word-level differences between aligned clauses, as character spans per clause."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Indel

from terms.compare.clausetext import ClauseText, word_spans, words_key
from terms.compare.model import Span, WordDiff


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return words_key(word)


def _tokens(texts: Sequence[ClauseText], vocabulary: dict[str, int]
            ) -> tuple[list[int], list[Span], list[int]]:
    """Each word's key, its span, and the indexes of the words that end a sentence."""
    keys: list[int] = []
    spans: list[Span] = []
    ends: list[int] = []
    for ct in texts:
        text = ct.clause.text
        for start, end in word_spans(text, ct.body_start, ct.body_end):
            if text[end - 1] in _SENTENCE_END:
                ends.append(len(keys))
            keys.append(vocabulary.setdefault(_word_key(text[start:end]), len(vocabulary)))
            spans.append(Span(ct.clause.id, start, end))
    return keys, spans, ends


_SENTENCE_END = ".!?;:"
#: Words of the old side times words of the new diffed in one go. rapidfuzz keeps a bit matrix of
#: about this many bits (here some 6 MB); two 150,000-word walls of text needed 7 GB, so larger
#: ones are diffed sentence by sentence (:func:`_by_sentences`).
MAX_CELLS = 50_000_000


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
    old_keys, old_spans, old_ends = _tokens(old, vocabulary)
    new_keys, new_spans, new_ends = _tokens(new, vocabulary)
    deleted: list[int] = []
    inserted: list[int] = []
    if len(old_keys) * len(new_keys) <= MAX_CELLS:
        _edits(old_keys, new_keys, 0, 0, deleted, inserted)
    else:
        _by_sentences(old_keys, new_keys, old_ends, new_ends, deleted, inserted)
    return WordDiff(_runs(old_spans, deleted), _runs(new_spans, inserted))


def _edits(old: Sequence[int], new: Sequence[int], old_at: int, new_at: int,
           deleted: list[int], inserted: list[int]) -> None:
    """The words of ``old`` deleted and of ``new`` inserted (offset by ``old_at``/``new_at``); past
    :data:`MAX_CELLS`, all of them (a changed sentence of that size has nothing left to show)."""
    if len(old) * len(new) > MAX_CELLS:
        deleted.extend(range(old_at, old_at + len(old)))
        inserted.extend(range(new_at, new_at + len(new)))
        return
    for op in Indel.opcodes(old, new):
        if op.tag != "equal":
            deleted.extend(range(old_at + op.src_start, old_at + op.src_end))
            inserted.extend(range(new_at + op.dest_start, new_at + op.dest_end))


def _by_sentences(old: list[int], new: list[int], old_ends: list[int], new_ends: list[int],
                  deleted: list[int], inserted: list[int]) -> None:
    """Diff two long texts sentence by sentence, then word by word within the sentences that
    differ: memory grows with the sentences and the changed stretches, not with the square of
    the words."""
    def cut(keys: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
        bounds = [0, *(e + 1 for e in ends if e + 1 < len(keys)), len(keys)]
        ids = [sentence_ids.setdefault(tuple(keys[a:b]), len(sentence_ids))
               for a, b in itertools.pairwise(bounds)]
        return ids, bounds

    sentence_ids: dict[tuple[int, ...], int] = {}
    old_ids, old_bounds = cut(old, old_ends)
    new_ids, new_bounds = cut(new, new_ends)
    # Indel has no "replace": a sentence changed is a deletion beside an insertion, diffed together
    for same, ops in itertools.groupby(Indel.opcodes(old_ids, new_ids), key=lambda op: op.tag == "equal"):
        if same:
            continue
        run = list(ops)
        a, b = old_bounds[run[0].src_start], old_bounds[run[-1].src_end]
        c, d = new_bounds[run[0].dest_start], new_bounds[run[-1].dest_end]
        _edits(old[a:b], new[c:d], a, c, deleted, inserted)

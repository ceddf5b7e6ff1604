"""Word-level differences between aligned clauses, as character spans per clause."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from functools import lru_cache

from terms.compare.clausetext import ClauseText, word_spans
from terms.compare.model import Span, WordDiff
from terms.textnorm import comparison_key


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return comparison_key(word)


def _tokens(texts: Sequence[ClauseText]) -> tuple[list[str], list[Span]]:
    keys: list[str] = []
    spans: list[Span] = []
    for ct in texts:
        text = ct.clause.text
        for start, end in word_spans(text, ct.body_start, ct.body_end):
            keys.append(_word_key(text[start:end]))
            spans.append(Span(ct.clause.id, start, end))
    return keys, spans


def _joined(spans: list[Span]) -> tuple[Span, ...]:
    """Runs of consecutive words in one clause as one span (covering the spaces between)."""
    out: list[Span] = []
    for span in spans:
        if out and out[-1].clause_id == span.clause_id and out[-1].end <= span.start:
            out[-1] = Span(span.clause_id, out[-1].start, span.end)
        else:
            out.append(span)
    return tuple(out)


def word_diff(old: Sequence[ClauseText], new: Sequence[ClauseText]) -> WordDiff:
    """Words of ``old`` deleted and words of ``new`` inserted, ignoring formatting-only variants."""
    old_keys, old_spans = _tokens(old)
    new_keys, new_spans = _tokens(new)
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    deleted: list[list[Span]] = []
    inserted: list[list[Span]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if a1 > a0:
            deleted.append(old_spans[a0:a1])
        if b1 > b0:
            inserted.append(new_spans[b0:b1])
    return WordDiff(tuple(s for run in deleted for s in _joined(run)),
                    tuple(s for run in inserted for s in _joined(run)))

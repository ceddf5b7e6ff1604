"""Compare two versions of a terms document clause by clause (DESIGN.md §5).

``compare(old, new, old_flags=..., new_flags=...)`` returns a :class:`Comparison`:
every clause with words of both versions in exactly one :class:`Entry` (unchanged,
formatting, renumbered, changed, moved, added, removed, split, merged), word-level
diffs as clause-relative spans, flag deltas headlined in plain words, promises to the reader
worded more loosely or firmly (:mod:`terms.compare.promises`), and counts.
``terms.compare.report`` renders it as text, JSON, Markdown or HTML.
"""

from terms.compare.align import AlignOptions
from terms.compare.engine import CompareOptions, compare, compare_analyses, unaccounted
from terms.compare.model import (
    Comparison,
    Counts,
    DeltaKind,
    Entry,
    EntryKind,
    FlagDelta,
    PromiseChange,
    Span,
    WordDiff,
)

__all__ = [
    "AlignOptions",
    "CompareOptions",
    "Comparison",
    "Counts",
    "DeltaKind",
    "Entry",
    "EntryKind",
    "FlagDelta",
    "PromiseChange",
    "Span",
    "WordDiff",
    "compare",
    "compare_analyses",
    "unaccounted",
]

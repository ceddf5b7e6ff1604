"""Render a :class:`Comparison` as JSON-ready data, plain text, Markdown or one HTML file.

Every renderer leads with the flag deltas and the promises reworded (:mod:`terms.compare.promises`),
then the counts, then the clauses.
By default formatting-only entries are shown as unchanged (``show_formatting``
reveals them); ``only_changes`` leaves out entries whose words did not change.
The HTML report is one self-contained file: inline CSS, no scripts, no external
resources, and every piece of document text passes through ``html.escape``.
"""

from __future__ import annotations

import bisect
import html
import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from terms.compare.clausetext import word_spans
from terms.compare.engine import (
    AS_ASKED,
    AS_GIVEN,
    LANGUAGES_DIFFER,
    dates_disagree,
    looks_like_versions,
    version_doubts,
)
from terms.compare.flagdelta import clause_names
from terms.compare.model import (
    Comparison,
    Counts,
    Entry,
    EntryKind,
    FlagDelta,
    PromiseChange,
    Span,
)
from terms.labels import clause_label
from terms.model import Clause, Document
from terms.wording import count

_KIND_ORDER = (EntryKind.CHANGED, EntryKind.ADDED, EntryKind.REMOVED, EntryKind.MOVED, EntryKind.SPLIT,
               EntryKind.MERGED, EntryKind.RENUMBERED, EntryKind.FORMATTING, EntryKind.UNCHANGED)
_TEXT_MARK = {
    EntryKind.UNCHANGED: "=", EntryKind.FORMATTING: "≈", EntryKind.RENUMBERED: "#",
    EntryKind.CHANGED: "~", EntryKind.MOVED: ">", EntryKind.ADDED: "+", EntryKind.REMOVED: "-",
    EntryKind.SPLIT: "<", EntryKind.MERGED: ">",
}


#: Why the flags were not compared when the caller does not say (``compare`` was given no flags).
NO_FLAG_ANALYSIS = "no flag analysis was available"


@dataclass(frozen=True, slots=True)
class ReportOptions:
    only_changes: bool = False
    show_formatting: bool = False
    #: Why the flags were not compared, when they were not ("--no-flags was given"): the
    #: comparison knows only that no flags came with the versions, the caller knows why.
    no_flags_reason: str = NO_FLAG_ANALYSIS


def _flags_not_compared(options: ReportOptions) -> str:
    """The sentence every format prints in place of the flag changes when there are none to print."""
    return f"Flags were not compared: {options.no_flags_reason}."


def _shown_kind(entry: Entry, options: ReportOptions) -> EntryKind:
    if entry.kind is EntryKind.FORMATTING and not options.show_formatting:
        return EntryKind.UNCHANGED
    return entry.kind


def _visible(comparison: Comparison, options: ReportOptions) -> Iterator[tuple[EntryKind, Entry]]:
    for entry in comparison.entries:
        kind = _shown_kind(entry, options)
        if options.only_changes and not (kind.substantive or kind is EntryKind.FORMATTING):
            continue
        yield kind, entry


def _counts(comparison: Comparison, options: ReportOptions) -> dict[str, int]:
    counts = {kind.value: comparison.counts.of(kind) for kind in _KIND_ORDER}
    if not options.show_formatting:
        counts[EntryKind.UNCHANGED.value] += counts.pop(EntryKind.FORMATTING.value)
    return counts


def describe_version(document: Document) -> str:
    """A version as the report names it: display name, effective date, file."""
    parts = [document.display_name]
    if document.effective_date:
        parts.append(f"effective {document.effective_date}")
    if document.source and document.source != document.display_name:
        parts.append(document.source)
    return ", ".join(parts)


def version_warning(comparison: Comparison) -> str:
    """What to check when the two may not be versions of one document ("" when nothing known differs)."""
    doubts = "; ".join(version_doubts(comparison.old, comparison.new))
    if not doubts:
        return ""
    if not looks_like_versions(comparison.old, comparison.new):
        return (f"Warning: these may be different documents, not versions of one ({doubts}). They are "
                "compared in the order given, and what differs need not be a change.")
    if LANGUAGES_DIFFER in doubts:
        return (f"Check that these are versions of one document ({doubts}). A translation shares few words "
                "with the original, so its clauses show as removed and added, and the rules read English "
                "only, so the flags of the other version mean little.")
    return f"Check that these are versions of one document ({doubts})."


def _direction_note(comparison: Comparison) -> str:
    """Which version is taken as older and why, led by a warning when they may be different documents."""
    warning = version_warning(comparison)
    if warning and not looks_like_versions(comparison.old, comparison.new):
        return warning
    order = _order_note(comparison)
    return f"{warning} {order}" if warning else order


def _order_note(comparison: Comparison) -> str:
    if comparison.swapped:
        return ("The newer version was given first; by effective date the versions were swapped so that "
                "the report reads from older to newer.")
    if comparison.order_basis == AS_ASKED:
        return _kept_order_note(comparison.old, comparison.new)
    if comparison.order_basis == AS_GIVEN:
        return "Older and newer are as given (first argument = older): no effective dates tell them apart."
    return "Older and newer are as given, confirmed by their effective dates."


def _kept_order_note(old: Document, new: Document) -> str:
    """The order was kept as asked: say so, and warn when the effective dates say the opposite,
    since then every addition in the report may really be a removal and the other way round."""
    note = "Older and newer are as given, as asked (--keep-order)"
    if dates_disagree(old, new):
        return (f"{note}. Warning: their effective dates say the opposite (older {old.effective_date}, "
                f"newer {new.effective_date}); if the dates are right, every change shown runs the other way "
                "round.")
    if old.effective_date and new.effective_date and old.effective_date < new.effective_date:
        return f"{note}; their effective dates agree."
    return f"{note}."


def _clauses(document: Document, ids: Sequence[str]) -> list[Clause]:
    return [document.clause(i) for i in ids]


@dataclass(frozen=True, slots=True)
class _Names:
    """How the clause list names the clauses of each version (see :func:`clause_names`)."""

    old: dict[str, str]
    new: dict[str, str]


def _names(comparison: Comparison, options: ReportOptions) -> _Names:
    """Names for the clauses of the visible entries: two clauses of one version that would read
    the same in the list carry their ids."""
    visible = [entry for _, entry in _visible(comparison, options)]
    return _Names(clause_names(comparison.old, (i for entry in visible for i in entry.old_ids)),
                  clause_names(comparison.new, (j for entry in visible for j in entry.new_ids)))


def _labels(names: dict[str, str], ids: Sequence[str]) -> str:
    return " + ".join(names[i] for i in ids)


def _spans_by_clause(spans: Sequence[Span]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for span in spans:
        out.setdefault(span.clause_id, []).append((span.start, span.end))
    return out


_EFFECTS = ("worse", "better", "neutral")


def flag_balance(deltas: Sequence[FlagDelta]) -> dict[str, int]:
    """How many flag changes are worse, better or neutral for the reader, and how many concerns are
    only reworded (no flag change: the reader must read them again)."""
    effects = Counter(d.effect for d in deltas if not d.read_again)
    return {**{effect: effects[effect] for effect in _EFFECTS}, "reworded": sum(d.read_again for d in deltas)}


def flag_changes(deltas: Sequence[FlagDelta]) -> str:
    """"3 flag changes: 2 worse for you, 1 better", the balance every report and the window's status
    line lead with; concerns only reworded are counted apart ("…; also 2 concerns reworded, to read
    again": with a comma they read as part of the 3)."""
    balance = flag_balance(deltas)
    changes = sum(balance[effect] for effect in _EFFECTS)
    total = f"{changes} flag change{'s' if changes != 1 else ''}"
    parts = [f"{balance['worse']} worse for you"] if balance["worse"] else []
    parts += [f"{balance[e]} {e}" for e in ("better", "neutral") if balance[e]]
    text = f"{total}: {', '.join(parts)}" if parts else total
    reworded = balance["reworded"]
    return f"{text}; also {count(reworded, 'concern')} reworded, to read again" if reworded else text


def share_text(counts: Counts) -> str:
    """The share of the text changed as a percentage: "<0.1%" rather than "0.0%" when some text
    changed (one word in 23 KB), ">99.9%" rather than "100.0%" when some did not."""
    share = counts.share_changed
    if counts.changed_chars and share < 0.0005:
        return "<0.1%"
    if counts.changed_chars < counts.total_chars and share >= 0.9995:
        return ">99.9%"
    return f"{share:.1%}"


def _summary_line(comparison: Comparison, options: ReportOptions) -> str:
    counts = _counts(comparison, options)
    shown = [f"{n} {kind}" for kind, n in counts.items() if n and kind != EntryKind.UNCHANGED.value]
    share = f"{share_text(comparison.counts)} of the text changed"
    if not comparison.substantive:
        if shown:
            detail = ", ".join(shown)
        elif comparison.old.text == comparison.new.text:
            same_file = comparison.old.source_sha256 == comparison.new.source_sha256
            detail = "identical text" if same_file else "identical text; the files differ only in markup"
        else:
            detail = "only formatting differs"
        return f"No substantive change ({detail}); {share}."
    return f"{', '.join(shown)}, {counts[EntryKind.UNCHANGED.value]} unchanged; {share}."


# -- JSON ---------------------------------------------------------------------------------------------


def _doc_dict(document: Document) -> dict[str, Any]:
    return {"title": document.title, "source": document.source, "effective_date": document.effective_date,
            "sha256": document.sha256, "clauses": len(document.clauses)}


def _delta_dict(delta: FlagDelta) -> dict[str, Any]:
    return {"kind": delta.kind.value, "category": delta.category,
            "old_severity": delta.old_severity.value if delta.old_severity else None,
            "new_severity": delta.new_severity.value if delta.new_severity else None,
            "old_clauses": list(delta.old_ids), "new_clauses": list(delta.new_ids),
            "headline": delta.headline, "effect": delta.effect, "elsewhere": delta.elsewhere,
            "quote": delta.quote, "added_parties": list(delta.added_parties),
            "added_data": list(delta.added_data),
            "categories": list(delta.categories or (delta.category,))}


def _promise_dict(change: PromiseChange) -> dict[str, Any]:
    return {"effect": change.effect, "headline": change.headline, "old_clauses": list(change.old_ids),
            "new_clauses": list(change.new_ids), "old_sentence": change.old_sentence,
            "new_sentence": change.new_sentence}


def _clause_dict(clause: Clause, document: Document) -> dict[str, Any]:
    return {"id": clause.id, "number": clause.number, "label": clause_label(clause, document),
            "text": clause.text}


def _span_dict(span: Span) -> dict[str, Any]:
    return {"clause": span.clause_id, "start": span.start, "end": span.end}


def to_dict(comparison: Comparison, options: ReportOptions | None = None) -> dict[str, Any]:
    """Plain data for JSON: documents, flag deltas, counts and the visible entries."""
    options = options or ReportOptions()
    entries = []
    for kind, entry in _visible(comparison, options):
        item: dict[str, Any] = {
            "kind": kind.value,
            "old": [_clause_dict(c, comparison.old) for c in _clauses(comparison.old, entry.old_ids)],
            "new": [_clause_dict(c, comparison.new) for c in _clauses(comparison.new, entry.new_ids)],
            "similarity": round(entry.similarity, 4),
            "renumbered": entry.renumbered,
        }
        if entry.diff is not None:
            item["deleted"] = [_span_dict(s) for s in entry.diff.deleted]
            item["inserted"] = [_span_dict(s) for s in entry.diff.inserted]
        entries.append(item)
    return {
        "older": _doc_dict(comparison.old),
        "newer": _doc_dict(comparison.new),
        "swapped": comparison.swapped,
        "order_basis": comparison.order_basis,
        "version_doubts": list(version_doubts(comparison.old, comparison.new)),
        "substantive": comparison.substantive,
        "flags_compared": comparison.flags_compared,
        "flags_not_compared_reason": None if comparison.flags_compared else options.no_flags_reason,
        "flag_balance": flag_balance(comparison.flag_deltas),
        "flag_deltas": [_delta_dict(d) for d in comparison.flag_deltas],
        "promise_changes": [_promise_dict(p) for p in comparison.promise_changes],
        "counts": {**_counts(comparison, options), "old_clauses": comparison.counts.old_clauses,
                   "new_clauses": comparison.counts.new_clauses,
                   "share_changed": round(comparison.counts.share_changed, 6)},
        "entries": entries,
    }


# -- plain text and Markdown --------------------------------------------------------------------------


#: A reworded clause longer than this is shown as the words around its changes, not whole: a
#: 23 KB clause with one word changed was printed twice in full.
LONG_CLAUSE_CHARS = 600
#: Characters of context kept on either side of a change in a long clause (to a word boundary).
CONTEXT_CHARS = 100
ELLIPSIS = " … "


def _windows(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Parts of ``text`` to show: each span with about CONTEXT_CHARS around it, cut between words,
    overlapping parts joined; the opening words when there is no span."""
    wanted = sorted(spans) or [(0, 0)]
    windows: list[tuple[int, int]] = []
    for start, end in wanted:
        low, high = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
        if low > 0:
            space = text.find(" ", low, start)
            low = space + 1 if space >= 0 else start
        if high < len(text):
            space = text.rfind(" ", end, high)
            high = space if space >= 0 else end
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(high, windows[-1][1]))
        else:
            windows.append((low, high))
    return windows


def _marked(text: str, spans: Sequence[tuple[int, int]], before: str, after: str,
            escape: Any = lambda s: s, around: Sequence[tuple[int, int]] | None = None) -> str:
    """``text`` with each span wrapped in ``before``/``after``; with ``around``, only the words
    around those places are shown, the gaps as ``…``."""
    ordered = sorted(spans)
    windows = _windows(text, around) if around is not None else [(0, len(text))]
    out: list[str] = []
    k = 0
    for low, high in windows:
        out.append(ELLIPSIS if out else ELLIPSIS.lstrip() if low > 0 else "")
        at = low
        while k < len(ordered) and ordered[k][1] <= high:
            start, end = ordered[k]
            out.append(escape(text[at:start]))
            out.append(before + escape(text[start:end]) + after)
            at, k = end, k + 1
        out.append(escape(text[at:high]))
    if windows[-1][1] < len(text):
        out.append(ELLIPSIS.rstrip())
    return "".join(out)


def _kept_words(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The words of ``text`` outside ``spans`` (the words a word diff kept)."""
    starts = [start for start, _ in spans]
    kept = []
    for start, end in word_spans(text, 0, len(text)):
        k = bisect.bisect_right(starts, start) - 1
        if k < 0 or start >= spans[k][1]:
            kept.append((start, end))
    return kept


def _counterparts(text: str, spans: Sequence[tuple[int, int]], other: str,
                  other_spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where the changes of ``other`` sit in ``text``: after as many kept words as precede them
    there (kept words pair up in order), as empty spans."""
    kept = _kept_words(text, spans)
    kept_other = [start for start, _ in _kept_words(other, other_spans)]
    points = []
    for start, _ in other_spans:
        before = bisect.bisect_left(kept_other, start)
        at = kept[before - 1][1] if 0 < before <= len(kept) else 0 if before == 0 else len(text)
        points.append((at, at))
    return points


def _side_texts(comparison: Comparison, entry: Entry, before: tuple[str, str], after: tuple[str, str],
                escape: Any = lambda s: s) -> tuple[list[str], list[str]]:
    """Old and new clause texts with their changed words marked. A long reworded clause shows only
    the words around its changes and around where the other side's changes sit; added and removed
    clauses are the change, shown whole."""
    deleted = _spans_by_clause(entry.diff.deleted) if entry.diff else {}
    inserted = _spans_by_clause(entry.diff.inserted) if entry.diff else {}
    old_clauses = _clauses(comparison.old, entry.old_ids)
    new_clauses = _clauses(comparison.new, entry.new_ids)
    old_spans = [sorted(deleted.get(c.id, ())) for c in old_clauses]
    new_spans = [sorted(inserted.get(c.id, ())) for c in new_clauses]
    old_around: list[list[tuple[int, int]] | None] = [None] * len(old_clauses)
    new_around: list[list[tuple[int, int]] | None] = [None] * len(new_clauses)
    if entry.diff is not None:
        one_to_one = len(old_clauses) == len(new_clauses) == 1
        for clauses, spans, around, others, other_spans in (
                (old_clauses, old_spans, old_around, new_clauses, new_spans),
                (new_clauses, new_spans, new_around, old_clauses, old_spans)):
            for k, clause in enumerate(clauses):
                if len(clause.text) > LONG_CLAUSE_CHARS:
                    points = (_counterparts(clause.text, spans[k], others[0].text, other_spans[0])
                              if one_to_one else [])
                    around[k] = spans[k] + points
    olds = [_marked(c.text, spans, *before, escape=escape, around=around)
            for c, spans, around in zip(old_clauses, old_spans, old_around, strict=True)]
    news = [_marked(c.text, spans, *after, escape=escape, around=around)
            for c, spans, around in zip(new_clauses, new_spans, new_around, strict=True)]
    return olds, news


def shown_similarity(similarity: float) -> float:
    """``similarity`` rounded to hundredths, but below 1 when the words differ (one word in
    4,000 is "0.99", not "1.00")."""
    rounded = round(similarity, 2)
    return 0.99 if rounded >= 1.0 > similarity else rounded


def _entry_title(names: _Names, kind: EntryKind, entry: Entry) -> str:
    old = _labels(names.old, entry.old_ids)
    new = _labels(names.new, entry.new_ids)
    if kind is EntryKind.ADDED:
        return f"{new} added"
    if kind is EntryKind.REMOVED:
        return f"{old} removed"
    where = new if old == new else f"{old} → {new}"
    extra = f" (similarity {shown_similarity(entry.similarity):.2f})" if entry.diff is not None else ""
    return f"{where} {kind.value}{extra}"


_EFFECT_TAGS = {"worse": "worse for you", "better": "better for you", "neutral": "neither better nor worse"}
_EFFECT_CLASSES = {"better": "protective", "neutral": "info"}  # "worse": the severity's own colour


#: a concern in both versions of a reworded clause: the reader must read the new words to know
REWORDED_TAG = "read again"


def _severity_tag(delta: FlagDelta) -> str:
    """The reader's side of a change, then the severity it concerns: "worse for you · concern"."""
    effect = REWORDED_TAG if delta.read_again else _EFFECT_TAGS[delta.effect]
    return f"{effect} · {delta.severity.value}"


def _effect_class(delta: FlagDelta) -> str:
    return _EFFECT_CLASSES.get(delta.effect, delta.severity.value)


PROMISES_HEADING = "What changed in the promises to you"
#: (the reader's own rights and choices, "You may hide your profile", are told by the flags)
NO_PROMISE_CHANGE = ("no promise the company makes in its own name (“we will …”, “we do not …”) is worded "
                     "more loosely or firmly, dropped or added")


def _promise_lines(change: PromiseChange) -> list[tuple[str, str]]:
    """("old"/"new", sentence) for the versions of the promise that exist."""
    sides = (("old", change.old_sentence), ("new", change.new_sentence))
    return [(side, text) for side, text in sides if text]


def render_text(comparison: Comparison, options: ReportOptions | None = None) -> str:
    options = options or ReportOptions()
    lines = [f"OLDER: {describe_version(comparison.old)}", f"NEWER: {describe_version(comparison.new)}",
             _direction_note(comparison), "", "What changed in the flags:"]
    if not comparison.flags_compared:
        lines.append(f"  ({_flags_not_compared(options)})")
    elif not comparison.flag_deltas:
        lines.append("  no flag appears, disappears or changes severity")
    else:
        lines.append(f"  {flag_changes(comparison.flag_deltas)}")
    for delta in comparison.flag_deltas:
        lines.append(f"  [{_severity_tag(delta)}] {delta.headline}")
        if delta.quote:
            lines.append(f"      “{delta.quote}”")
    lines += ["", f"{PROMISES_HEADING}:"]
    if not comparison.promise_changes:
        lines.append(f"  {NO_PROMISE_CHANGE}")
    for change in comparison.promise_changes:
        lines.append(f"  [{_EFFECT_TAGS[change.effect]}] {change.headline}")
        lines += [f"      {side}: “{text}”" for side, text in _promise_lines(change)]
    lines += ["", "Summary: " + _summary_line(comparison, options), "", "Clauses:"]
    names = _names(comparison, options)
    for kind, entry in _visible(comparison, options):
        lines.append(f"  {_TEXT_MARK[kind]} {_entry_title(names, kind, entry)}")
        if kind in (EntryKind.UNCHANGED, EntryKind.RENUMBERED, EntryKind.FORMATTING) or (
                kind is EntryKind.MOVED and entry.diff is None):
            continue
        olds, news = _side_texts(comparison, entry, ("[-", "-]"), ("{+", "+}"))
        lines += [f"      old: {' '.join(t.split())}" for t in olds]
        lines += [f"      new: {' '.join(t.split())}" for t in news]
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")
_RUNS = re.compile(r"\s+")


def _md(text: str) -> str:
    """Document text made inert in Markdown: HTML-escaped and Markdown syntax backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(_RUNS.sub(" ", text), quote=False))


def render_markdown(comparison: Comparison, options: ReportOptions | None = None) -> str:
    options = options or ReportOptions()
    lines = ["# Version comparison", "",
             f"- **Older:** {_md(describe_version(comparison.old))}",
             f"- **Newer:** {_md(describe_version(comparison.new))}", "",
             _md(_direction_note(comparison)), "", "## What changed in the flags", ""]
    if not comparison.flags_compared:
        lines.append(f"_{_md(_flags_not_compared(options))}_")
    elif not comparison.flag_deltas:
        lines.append("No flag appears, disappears or changes severity.")
    else:
        lines += [f"{flag_changes(comparison.flag_deltas)}.", ""]
    for delta in comparison.flag_deltas:
        lines.append(f"- **{_severity_tag(delta)}**: {_md(delta.headline)}")
        if delta.quote:
            lines.append(f"  > {_md(delta.quote)}")
    lines += ["", f"## {PROMISES_HEADING}", ""]
    if not comparison.promise_changes:
        lines.append(f"{NO_PROMISE_CHANGE[0].upper()}{NO_PROMISE_CHANGE[1:]}.")
    for change in comparison.promise_changes:
        lines.append(f"- **{_EFFECT_TAGS[change.effect]}**: {_md(change.headline)}")
        quoted = [f"  > {side}: {_md(text)}" for side, text in _promise_lines(change)]
        lines += "\n  >\n".join(quoted).split("\n")   # a line between: one paragraph per version
    lines += ["", "## Summary", "", _md(_summary_line(comparison, options)), "",
              "| kind | clauses |", "|---|---:|"]
    lines += [f"| {kind} | {n} |" for kind, n in _counts(comparison, options).items()]
    lines += ["", "## Clauses", ""]
    names = _names(comparison, options)
    for kind, entry in _visible(comparison, options):
        lines.append(f"- **{kind.value}**: {_md(_entry_title(names, kind, entry))}")
        if kind in (EntryKind.UNCHANGED, EntryKind.RENUMBERED, EntryKind.FORMATTING) or (
                kind is EntryKind.MOVED and entry.diff is None):
            continue
        olds, news = _side_texts(comparison, entry, ("~~", "~~"), ("**", "**"), escape=_md)
        lines += [f"  - old: {t}" for t in olds]
        lines += [f"  - new: {t}" for t in news]
    return "\n".join(lines) + "\n"


# -- HTML ---------------------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#1d1d1f}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}
ul.deltas{list-style:none;padding:0}ul.deltas li{margin:.4em 0;padding:.4em .6em;border-left:4px solid #999}
li.concern{border-color:#c62828!important;background:#fdecea}li.caution{border-color:#ef6c00!important;background:#fff4e5}
li.info{border-color:#1565c0!important;background:#e8f0fe}li.protective{border-color:#2e7d32!important;background:#e8f5e9}
.sev{font-weight:600;text-transform:uppercase;font-size:.8em;margin-right:.5em}
blockquote{margin:.3em 0 0 1em;color:#444;font-style:italic}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.35em .5em;vertical-align:top}
th{background:#f4f4f4;text-align:left}td.kind{white-space:nowrap;font-size:.85em}
tr.added td.new{background:#e8f5e9}tr.removed td.old{background:#fdecea}
tr.unchanged,tr.renumbered,tr.formatting{color:#666}
del{background:#f8c6c6;text-decoration:line-through}ins{background:#c8efc9;text-decoration:none}
.label{font-weight:600;margin-right:.4em}.note{color:#555}
"""


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_cell(texts: list[str], document: Document, ids: Sequence[str], names: dict[str, str]) -> str:
    """Clause texts one per line, each after its name unless the text starts with a number that
    names it well enough (a number shared with another clause in the list is followed by an id)."""
    return "<br>".join(("" if c.number and names[c.id] == clause_label(c, document)
                        else f'<span class="label">{_h(names[c.id])}</span>') + t
                       for c, t in zip(_clauses(document, ids), texts, strict=True))


def render_html(comparison: Comparison, options: ReportOptions | None = None) -> str:
    options = options or ReportOptions()
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Comparison: {_h(comparison.new.display_name)}</title>",
           f"<style>{_CSS}</style></head><body>", "<h1>Version comparison</h1>",
           f"<p><strong>Older:</strong> {_h(describe_version(comparison.old))}<br>"
           f"<strong>Newer:</strong> {_h(describe_version(comparison.new))}</p>",
           f'<p class="note">{_h(_direction_note(comparison))}</p>',
           "<h2>What changed in the flags</h2>"]
    if not comparison.flags_compared:
        out.append(f'<p class="note">{_h(_flags_not_compared(options))}</p>')
    elif not comparison.flag_deltas:
        out.append("<p>No flag appears, disappears or changes severity.</p>")
    else:
        out.append(f"<p>{_h(flag_changes(comparison.flag_deltas))}.</p>")
        out.append('<ul class="deltas">')
        for delta in comparison.flag_deltas:
            quote = f"<blockquote>{_h(delta.quote)}</blockquote>" if delta.quote else ""
            out.append(f'<li class="{_h(_effect_class(delta))}"><span class="sev">{_h(_severity_tag(delta))}'
                       f"</span>{_h(delta.headline)}{quote}</li>")
        out.append("</ul>")
    out.append(f"<h2>{PROMISES_HEADING}</h2>")
    if not comparison.promise_changes:
        out.append(f"<p>{NO_PROMISE_CHANGE[0].upper()}{NO_PROMISE_CHANGE[1:]}.</p>")
    else:
        out.append('<ul class="deltas">')
        for change in comparison.promise_changes:
            quotes = "".join(f"<blockquote>{side}: {_h(text)}</blockquote>"
                             for side, text in _promise_lines(change))
            out.append(f'<li class="{_EFFECT_CLASSES.get(change.effect, "caution")}"><span class="sev">'
                       f"{_h(_EFFECT_TAGS[change.effect])}</span>{_h(change.headline)}{quotes}</li>")
        out.append("</ul>")
    out += ["<h2>Summary</h2>", f"<p>{_h(_summary_line(comparison, options))}</p>",
            "<table><tr><th>kind</th><th>clauses</th></tr>"]
    out += [f"<tr><td>{_h(kind)}</td><td>{n}</td></tr>" for kind, n in _counts(comparison, options).items()]
    out += ["</table>", "<h2>Clauses</h2>",
            '<table><tr><th>change</th><th>older version</th><th>newer version</th></tr>']
    names = _names(comparison, options)
    for kind, entry in _visible(comparison, options):
        olds, news = _side_texts(comparison, entry, ("<del>", "</del>"), ("<ins>", "</ins>"), escape=_h)
        old_cell = _html_cell(olds, comparison.old, entry.old_ids, names.old)
        new_cell = _html_cell(news, comparison.new, entry.new_ids, names.new)
        extra = f"<br>{shown_similarity(entry.similarity):.0%} similar" if entry.diff is not None else ""
        renumbered = "<br>renumbered" if entry.renumbered and kind is not EntryKind.RENUMBERED else ""
        out.append(f'<tr class="{kind.value}"><td class="kind">{kind.value}{extra}{renumbered}</td>'
                   f'<td class="old">{old_cell}</td><td class="new">{new_cell}</td></tr>')
    out += ["</table>", "</body></html>"]
    return "\n".join(out) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "html": render_html}


def render(comparison: Comparison, fmt: str, options: ReportOptions | None = None) -> str:
    """``fmt`` is one of text, json, markdown, html."""
    if fmt == "json":
        return json.dumps(to_dict(comparison, options), ensure_ascii=False, indent=2) + "\n"
    return RENDERERS[fmt](comparison, options)


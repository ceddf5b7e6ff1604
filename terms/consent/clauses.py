"""Which clauses bear on which consent topic, and what changed between two versions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from terms.consent.model import ClauseChange, ClauseRef
from terms.model import Document, Flag
from terms.topics import Topic


def topic_clauses(
    document: Document, flags: Iterable[Flag], topics: Iterable[Topic]
) -> dict[str, tuple[ClauseRef, ...]]:
    """Per topic id, the flagged clauses bearing on it, in document order, each once.

    A flag bears on a topic when its category is one of the topic's categories.
    Topics no flag bears on are left out.
    """
    by_category: dict[str, list[str]] = {}
    for topic in topics:
        for category in topic.categories:
            by_category.setdefault(category, []).append(topic.id)
    chosen: dict[str, set[str]] = {}
    for flag in flags:
        for tid in by_category.get(flag.category, ()):
            if document.has_clause(flag.clause_id):
                chosen.setdefault(tid, set()).add(flag.clause_id)
    result: dict[str, tuple[ClauseRef, ...]] = {}
    for tid in sorted(chosen):
        refs = [document.clause(cid) for cid in chosen[tid]]
        refs.sort(key=lambda c: (c.start, c.end))
        result[tid] = tuple(ClauseRef(c.id, c.fingerprint, c.text) for c in refs)
    return result


def clause_changes(old: tuple[ClauseRef, ...], new: tuple[ClauseRef, ...]) -> tuple[ClauseChange, ...]:
    """How the clauses bearing on a topic differ between two versions.

    A clause whose fingerprint appears on both sides is unchanged (even if it was
    renumbered). The others pair up by clause id as ``changed``; what remains is
    ``removed`` (old side) or ``added`` (new side). Empty when nothing changed.
    """
    old_fps = {r.fingerprint for r in old}
    new_fps = {r.fingerprint for r in new}
    gone = [r for r in old if r.fingerprint not in new_fps]
    came = [r for r in new if r.fingerprint not in old_fps]
    came_by_id = {r.clause_id: r for r in came}
    changes: list[ClauseChange] = []
    paired: set[str] = set()
    for ref in gone:
        match = came_by_id.get(ref.clause_id)
        if match is not None and ref.clause_id not in paired:
            paired.add(ref.clause_id)
            changes.append(ClauseChange("changed", ref.clause_id, ref.quote, match.quote))
        else:
            changes.append(ClauseChange("removed", ref.clause_id, ref.quote, None))
    changes.extend(
        ClauseChange("added", r.clause_id, None, r.quote) for r in came if r.clause_id not in paired
    )
    return tuple(changes)


def describe_changes(changes: Iterable[ClauseChange]) -> str:
    """One line naming the changed clauses, e.g. ``clause 7.3 changed; clause 9.1 removed``."""
    return "; ".join(f"clause {c.clause_id} {c.change}" for c in changes)


def leading_number(ref: ClauseRef) -> str:
    """The clause's number as its quote begins with it ("7.2", "1."), or "" when it does not.

    Numbered clauses keep their number in their text, so quoting one after its id would say
    it twice ("7.2: 7.2 Clients…"). The id's ``~2`` suffix (a repeated number) is not text.
    """
    number = ref.clause_id.split("~", 1)[0]
    text = ref.quote.lstrip()
    if not number or not text.startswith(number):
        return ""
    rest = text[len(number):]
    if rest[:1].isalnum():           # "1" is not the number of "10. Sponsored content"
        return ""
    return number + "." if rest.startswith(".") else number


def quote_with_id(ref: ClauseRef) -> str:
    """A clause as quoted with its id: the quote alone where it starts with its number
    ("7.2 Clients…"), else ``id: quote``."""
    return ref.quote if leading_number(ref) else f"{ref.clause_id}: {ref.quote}"


_CONTEXT_WORDS = 6


def word_changes(old: str, new: str, context: int = _CONTEXT_WORDS) -> str:
    """What changed between two texts, word by word: ``[-removed-]`` and ``{+added+}``.

    Unchanged runs are cut to ``context`` words next to each change (``…`` marks a cut), so a
    one-word change in a long clause stays visible on one line. Whitespace is normalised.
    """
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    pieces: list[str] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            pieces.append(_around_changes(b[j1:j2], context, first=k == 0, last=k == len(ops) - 1))
            continue
        if i2 > i1:
            pieces.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            pieces.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(p for p in pieces if p)


def _around_changes(words: list[str], context: int, *, first: bool, last: bool) -> str:
    """An unchanged run of words, cut down to the ``context`` words next to a change.

    A run is cut only where that leaves out more than two words (an ``…`` for one word saves
    nothing).
    """
    if first and last:
        return " ".join(words)       # no change at all
    if first and len(words) > context + 2:
        words = ["…", *words[-context:]]
    elif last and len(words) > context + 2:
        words = [*words[:context], "…"]
    elif not first and not last and len(words) > 2 * context + 2:
        words = [*words[:context], "…", *words[-context:]]
    return " ".join(words)

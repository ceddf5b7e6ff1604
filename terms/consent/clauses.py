"""Which clauses bear on which consent topic, and what changed between two versions."""

from __future__ import annotations

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

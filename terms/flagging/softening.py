"""Lowering a concern to a caution where the document itself mitigates it elsewhere.

Some mitigations sit in the next sentence or paragraph, where a rule's ``unless`` (which reads one
sentence) cannot see them: a promise of notice before changes (:mod:`terms.flagging.notice`), a
new owner bound to the policy (:mod:`terms.flagging.successor`), the consumer's own courts kept beside
the company's (:mod:`terms.flagging.home_courts`). The practice is still there, so
the flag stays, one step milder, and its reason says where the mitigation is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from terms.model import Clause, Severity


class Draft(Protocol):
    """What softening needs of a flag being assembled (``engine._Draft``)."""

    category: str
    severity: Severity
    clause: Clause | None
    reasons: list[str]
    mitigated: str | None
    #: every rule and model that found it, and the sentences they found it in
    found_by: list[str]
    sentences: set[tuple[int, int]]


def soften(drafts: Sequence[Draft], category: str, where: Callable[[Clause | None], str | None],
           what: str) -> None:
    """Make each ``category`` concern a caution where ``where(clause)`` names the place that
    mitigates it ("the clause itself", "section 8.2"); its reason then starts "<place> <what>", and
    its explanation ends saying so. A caution keeps its severity but names the place too (Instagram's
    changes clause asked the reader to check "whether the document promises to tell you beforehand"
    beside the paragraph that does)."""
    for draft in drafts:
        if draft.category != category or draft.severity not in (Severity.CONCERN, Severity.CAUTION):
            continue
        place = where(draft.clause)
        if place is None:
            continue
        draft.mitigated = f"{place} {what}"
        if draft.severity is Severity.CONCERN:
            draft.severity = Severity.CAUTION
            draft.reasons.insert(0, f"{place} {what}, so it is shown as a caution")
        else:
            draft.reasons.insert(0, f"{place} {what}")


def clause_key(clause: Clause | None) -> str:
    """A draft's clause as a key: its id, or "" for a lone clause's text."""
    return clause.id if clause is not None else ""

"""How reports name clauses for a reader: by number where they have one, else by their place.

Internal clause ids ("sharing/p3") mean nothing to someone reading the document; a reader
finds a clause by its number or by the heading it sits under.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from terms.model import Clause, ClauseKind, Document

_ORDINAL_ID = re.compile(r"/([pi])(\d+)(?:~\d+)?$")


def clause_label(clause: Clause, document: Document | None = None) -> str:
    """How a report names a clause: "§7.3" where it is numbered, else its heading or place.

    An unnumbered paragraph or list item is named by its place under its heading
    ("paragraph 2 of “Sharing”"). Without a heading above it, it is named after the numbered clause
    it follows when ``document`` is given ("paragraph 1 after §10.4": documents numbered "10.4 …"
    without headings), else by its place before any heading ("paragraph 1 at the top"). Readers
    find clauses by what they see in the document, so the internal id appears only where nothing
    else names the clause.
    """
    if clause.number:
        return "§" + clause.number.strip().rstrip(".")
    if clause.kind is ClauseKind.HEADING and clause.heading:
        return f"“{clause.heading.strip()}”"
    ordinal = _ORDINAL_ID.search(clause.id)
    kind = "paragraph" if ordinal and ordinal.group(1) == "p" else "item"
    place = f"{kind} {ordinal.group(2)}" if ordinal else ""
    if clause.heading_path:
        return f"{place} of “{clause.heading_path[-1]}”" if place else f"“{clause.heading_path[-1]}”"
    after = _after_numbered(clause, document) if document is not None and ordinal else None
    if after is not None:
        count, anchor = after
        return f"{kind} {count} after §{anchor}"
    return f"{place} at the top" if place else clause.id


#: how far back an unnumbered clause looks for the numbered one it follows (bounded, so that naming
#: every clause of a document without numbers stays linear)
_LOOK_BACK = 100


def _after_numbered(clause: Clause, document: Document) -> tuple[int, str] | None:
    """(n, number): ``clause`` is the n-th unnumbered clause of its kind and level after the
    numbered clause ``number``, with no heading between; None if there is none close before it."""
    if not document.has_clause(clause.id):
        return None
    at = document.position(clause.id)
    count = 1
    for other in reversed(document.clauses[max(0, at - _LOOK_BACK):at]):
        if other.number:
            return count, other.number.strip().rstrip(".")
        if other.kind is ClauseKind.HEADING:
            return None
        if other.parent_id == clause.parent_id and other.kind is clause.kind:
            count += 1
    return None


def places(document: Document, clause_ids: Sequence[str]) -> str:
    """Several clauses named at once, unnumbered ones grouped by heading:
    "§4.4, paragraphs 3 and 12 of “What We Collect”, item 2 at the top"."""
    groups: dict[tuple[str, str], list[str]] = {}  # (kind, heading) -> ordinals, in first-seen order
    out: list[tuple[str, str] | str] = []
    for clause_id in clause_ids:
        if not document.has_clause(clause_id):
            out.append(f"clause {clause_id}")
            continue
        clause = document.clause(clause_id)
        ordinal = _ORDINAL_ID.search(clause.id)
        if (clause.number or clause.kind is ClauseKind.HEADING or not ordinal
                or (not clause.heading_path and _after_numbered(clause, document) is not None)):
            out.append(clause_label(clause, document))
            continue
        key = ("paragraph" if ordinal.group(1) == "p" else "item",
               clause.heading_path[-1] if clause.heading_path else "")
        if key not in groups:
            groups[key] = []
            out.append(key)
        groups[key].append(ordinal.group(2))
    names: list[str] = []
    for entry in out:
        if isinstance(entry, str):
            names.append(entry)
            continue
        kind, heading = entry
        ordinals = groups[entry]
        what = f"{kind} {ordinals[0]}" if len(ordinals) == 1 else f"{kind}s {_and(ordinals)}"
        names.append(f"{what} of “{heading}”" if heading else f"{what} at the top")
    return ", ".join(names)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def clause_reference(clause: Clause, document: Document) -> str:
    """How an explanation points at a clause: "section 12.2", "the “Your choices” section"."""
    if clause.number:
        label = clause.number.strip().rstrip(".")
        return label if label.lower().startswith(("section", "article", "clause")) else f"section {label}"
    if clause.heading_path:
        return f"the “{clause.heading_path[-1].strip().rstrip('.:')}” section"
    return clause_label(clause, document)

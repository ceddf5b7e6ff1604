"""How reports name clauses for a reader: by number where they have one, else by their place.

Internal clause ids ("sharing/p3") mean nothing to someone reading the document; a reader
finds a clause by its number or by the heading it sits under.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from terms.model import Clause, ClauseKind, Document

_ORDINAL_ID = re.compile(r"/([pi])(\d+)(?:~\d+)?$")


def clause_label(clause: Clause) -> str:
    """How a report names a clause: "§7.3" where it is numbered, else its heading or place.

    An unnumbered paragraph or list item is named by its place under its heading
    ("paragraph 2 of “Sharing”"), so that it is not mistaken for the heading, or before the
    first heading ("paragraph 1 at the top"). Readers find clauses by what they see in the
    document, so the internal id appears only where nothing else names the clause.
    """
    if clause.number:
        return "§" + clause.number.strip().rstrip(".")
    if clause.kind is ClauseKind.HEADING and clause.heading:
        return f"“{clause.heading.strip()}”"
    ordinal = _ORDINAL_ID.search(clause.id)
    place = f"{'paragraph' if ordinal.group(1) == 'p' else 'item'} {ordinal.group(2)}" if ordinal else ""
    if clause.heading_path:
        return f"{place} of “{clause.heading_path[-1]}”" if place else f"“{clause.heading_path[-1]}”"
    return f"{place} at the top" if place else clause.id


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
        if clause.number or clause.kind is ClauseKind.HEADING or not ordinal:
            out.append(clause_label(clause))
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

"""List items that finish a sentence begun before their list ("You are not allowed to:"), and table
rows that their table's header row explains ("Type of information | How long we keep it").

The flagger reads such an item's first sentence together with that sentence, and the version
comparison treats a change of it as a change of the item's meaning: both find it here. A row is
read with its header for what the header alone says (see the flagger's ``_READ_WITH_HEADER``).
"""

from __future__ import annotations

from terms.headinglines import CELL_SEPARATOR
from terms.model import Clause, ClauseKind, Document
from terms.rulepacks.scan import sentence_spans

Span = tuple[int, int]

_LIST_KINDS = (ClauseKind.ITEM, ClauseKind.CLAUSE)


def list_lead_ins(document: Document, text: str | None = None) -> dict[str, Span]:
    """For each item of a list introduced by text ending in a colon, the span of that text's last
    sentence: the items finish it. The text is a paragraph just before the list, or, for a list
    nested in an item, that item's own words before it. ``text`` is the document's text or a copy
    with the same offsets (the flagger's folded one)."""
    text = document.text if text is None else text
    children: dict[str | None, list[Clause]] = {}
    for clause in document.clauses:
        children.setdefault(clause.parent_id, []).append(clause)
    lead_ins: dict[str, Span] = {}
    for parent_id, kids in children.items():
        parent = document.clause(parent_id) if parent_id and document.has_clause(parent_id) else None
        lead = None
        if parent is not None and parent.kind is not ClauseKind.HEADING:
            lead = _lead_in(text, parent.start, min(parent.end, kids[0].start))
        for kid in kids:
            if kid.kind in _LIST_KINDS:
                if lead is not None:
                    lead_ins[kid.id] = lead
                continue
            lead = _lead_in(text, kid.start, kid.end) if kid.kind is ClauseKind.PARAGRAPH else None
    return lead_ins


def _lead_in(text: str, start: int, end: int) -> Span | None:
    """The last sentence of ``text[start:end]`` if the text ends in a colon."""
    if not text[start:end].rstrip().endswith(":"):
        return None
    sentences = sentence_spans(text, start, end)
    return sentences[-1] if sentences else None


def table_headers(document: Document) -> dict[str, Span]:
    """For each row of a table after its first, the span of the first row, its header: rows are
    paragraphs of cells joined by :data:`CELL_SEPARATOR`, one after another under one parent, with
    as many cells each."""
    headers: dict[str, Span] = {}
    header: Clause | None = None
    for clause in document.clauses:
        cells = clause.text.count(CELL_SEPARATOR) + 1 if clause.kind is ClauseKind.PARAGRAPH else 1
        if cells == 1:
            header = None
        elif header is not None and clause.parent_id == header.parent_id \
                and header.text.count(CELL_SEPARATOR) + 1 == cells:
            headers[clause.id] = (header.start, header.end)
        else:
            header = clause
    return headers

"""CSV export: one row per consent event, in chain order, with a fixed column order.

Made to be opened in a spreadsheet: the file (see :mod:`terms.export.streamed`) starts with a UTF-8
byte order mark, without which Excel on Windows reads "Zoë" as "ZoÃ«", and no cell can start a
formula (see :func:`guard`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from terms.consent.chain import marked
from terms.consent.clauses import quote_with_id
from terms.consent.model import ConsentEvent, ConsentStatus, StoredDocument
from terms.export.decisions import ending

#: Written before the header by the file exports, so that spreadsheets read the file as UTF-8.
BOM = "\ufeff"
#: What a spreadsheet takes as the start of a formula (OWASP, "CSV Injection"), and the apostrophe
#: that :func:`guard` adds, so that the guard can be undone exactly.
_GUARDED_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")

COLUMNS = (
    "seq", "recorded_at", "member", "topic", "status", "dpv_status", "ends_seq", "expires_at",
    "document_sha256", "document_title", "document_version", "document_service", "document_kind",
    "clause_ids", "clauses_shown", "pack_id", "pack_version", "pack_sha256",
    "method", "note", "prev_hash", "hash", "integrity",
)


def guard(cell: str) -> str:
    """``cell`` with an apostrophe before it if it starts with ``= + - @``, a tab or a carriage return.

    A spreadsheet would run such a cell as a formula (a member named ``=HYPERLINK(…)``, a
    note ``@SUM(A1:A9)``); with the apostrophe it is text. A cell already starting with an
    apostrophe gets one more, so removing one leading apostrophe from every cell that starts
    with one gives back the stored text exactly.
    """
    return "'" + cell if cell.startswith(_GUARDED_STARTS) else cell


def one_line(text: str) -> str:
    """``text`` on one line: every run of whitespace, line breaks included, made one space."""
    return " ".join(text.split())


def clauses_shown(event: ConsentEvent, docs: dict[str, StoredDocument]) -> tuple[str, str]:
    """The ``clause_ids`` and ``clauses_shown`` cells of ``event``.

    One clause per line, each quote made one line (its number first, else ``id: quote``). An
    invalidation is written by the store when a new version arrives: the clauses it carries are
    the new version's, which the member was never shown, so the row says what happened instead.
    """
    if event.status is ConsentStatus.INVALIDATED:
        return "", f"none: {ending(event, docs)}"
    return (";".join(c.clause_id for c in event.clauses),
            "\n".join(one_line(quote_with_id(c)) for c in event.clauses))


def csv_records(events: Iterable[ConsentEvent], documents: Iterable[StoredDocument],
                member: str | None = None) -> Iterator[str]:
    """The CSV text record by record (header first), for streaming into a file.

    ``events`` is the store's whole chain, in order: each row's ``integrity`` is what the chain says
    of its event ("ok", "edited", "link broken"; see :func:`terms.consent.chain.marked`), so a file
    from a store that does not verify says which rows to doubt; ``member`` (a stored name) then keeps
    that member's rows only. ``ends_seq`` is the earlier event of the same member, topic and
    document series that this one ended (a later decision, or the store's invalidation on a new
    version), so the rows of one consent can be followed in a spreadsheet. RFC 4180 quoting; every
    text cell goes through :func:`guard`; ``clauses_shown`` is one clause per line (see
    :func:`clauses_shown`), so a record may span
    several lines, as may one whose note has line breaks. Documents are named by title, service and
    kind; the internal series key is left to the JSON export. Nothing is held beyond the current
    record and the last event of each member, topic and series, so a store of any size is exported in
    small memory when ``events`` is streamed too.
    """
    docs = {d.sha256: d for d in documents}
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def take() -> str:
        record = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return record

    writer.writerow(COLUMNS)
    yield take()
    # the last event per member, topic and document series: what the next one there ended
    latest: dict[tuple[str, str, str], int] = {}
    for e, integrity in marked(events):
        doc = docs.get(e.document_sha256)
        key = (e.member, doc.series if doc else e.document_sha256, e.topic)
        ends, latest[key] = latest.get(key), e.seq
        if member is not None and e.member != member:
            continue
        clause_ids, shown = clauses_shown(e, docs)
        writer.writerow([e.seq, *map(guard, (
            e.recorded_at, e.member, e.topic, e.status.value, e.status.dpv, str(ends or ""),
            e.expires_at or "",
            e.document_sha256, doc.title or "" if doc else "", doc.version_label or "" if doc else "",
            doc.service or "" if doc else "", doc.kind if doc else "",
            clause_ids, shown,
            e.pack.id if e.pack else "", e.pack.version if e.pack else "", e.pack.sha256 if e.pack else "",
            e.method, e.note, e.prev_hash, e.hash, integrity,
        ))])
        yield take()


def to_csv(events: Iterable[ConsentEvent], documents: Iterable[StoredDocument],
           member: str | None = None) -> str:
    """The events as CSV text (see :func:`csv_records`), without the byte order mark the files start with."""
    return "".join(csv_records(events, documents, member))

"""CSV export: one row per consent event, in chain order, with a fixed column order."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from terms.consent.model import ConsentEvent, StoredDocument
from terms.export.decisions import clauses_text

COLUMNS = (
    "seq", "recorded_at", "member", "topic", "status", "dpv_status", "expires_at",
    "document_sha256", "document_title", "document_version", "document_service", "document_kind",
    "clause_ids", "clauses_shown", "pack_id", "pack_version", "pack_sha256",
    "method", "note", "prev_hash", "hash",
)


def csv_records(events: Iterable[ConsentEvent], documents: Iterable[StoredDocument]) -> Iterator[str]:
    """The CSV text record by record (header first), for streaming into a file.

    RFC 4180 quoting; ``clauses_shown`` is one clause per line (its quote, which starts with
    its number, else ``id: quote``), so a record may span several lines. Documents are named
    by title, service and kind; the internal series key is left to the JSON export. Nothing is
    held beyond the current record, so a store of any size is exported in constant memory
    when ``events`` is streamed too.
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
    for e in events:
        doc = docs.get(e.document_sha256)
        writer.writerow((
            e.seq, e.recorded_at, e.member, e.topic, e.status.value, e.status.dpv, e.expires_at or "",
            e.document_sha256, doc.title or "" if doc else "", doc.version_label or "" if doc else "",
            doc.service or "" if doc else "", doc.kind if doc else "",
            ";".join(c.clause_id for c in e.clauses), clauses_text(e),
            e.pack.id if e.pack else "", e.pack.version if e.pack else "", e.pack.sha256 if e.pack else "",
            e.method, e.note, e.prev_hash, e.hash,
        ))
        yield take()


def to_csv(events: Iterable[ConsentEvent], documents: Iterable[StoredDocument]) -> str:
    """The events as CSV text (see :func:`csv_records`)."""
    return "".join(csv_records(events, documents))

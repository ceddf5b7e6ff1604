"""CSV export: one row per consent event, in chain order, with a fixed column order."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from terms.consent.model import ConsentEvent, StoredDocument
from terms.export.decisions import clauses_text

COLUMNS = (
    "seq", "recorded_at", "member", "topic", "status", "dpv_status", "expires_at",
    "document_sha256", "document_title", "document_version", "document_series",
    "clause_ids", "clauses_shown", "pack_id", "pack_version", "pack_sha256",
    "method", "note", "prev_hash", "hash",
)


def to_csv(events: Iterable[ConsentEvent], documents: Iterable[StoredDocument]) -> str:
    """The events as CSV text (RFC 4180 quoting; ``clauses_shown`` is one ``id: quote`` per line)."""
    docs = {d.sha256: d for d in documents}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for e in events:
        doc = docs.get(e.document_sha256)
        writer.writerow((
            e.seq, e.recorded_at, e.member, e.topic, e.status.value, e.status.dpv, e.expires_at or "",
            e.document_sha256, doc.title or "" if doc else "", doc.version_label or "" if doc else "",
            doc.series if doc else "",
            ";".join(c.clause_id for c in e.clauses), clauses_text(e),
            e.pack.id if e.pack else "", e.pack.version if e.pack else "", e.pack.sha256 if e.pack else "",
            e.method, e.note, e.prev_hash, e.hash,
        ))
    return out.getvalue()

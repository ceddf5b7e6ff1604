"""CSV and JSON consent exports streamed from the store to a file, for a store of any size."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from terms.export.consent_csv import BOM, csv_records
from terms.export.consent_json import json_chunks
from terms.fileio import atomic_write_lines

if TYPE_CHECKING:
    from terms.consent.model import ConsentEvent
    from terms.consent.store import ConsentStore


def export_streamed(store: ConsentStore, fmt: str, out: Path, member: str | None = None) -> int:
    """Stream the CSV or JSON export (JSON: always the whole store) from ``store`` into ``out``.

    Events are read from the database as they are written out, so memory stays small for a
    store of any size. The export ends at the last event that existed before the members and
    documents were read, so events another process appends meanwhile (perhaps on a document
    not read) are left for the next export. The CSV file starts with a UTF-8 byte order mark
    (see :mod:`terms.export.consent_csv`). Returns the number of events written.
    """
    last_seq = store.last_seq()
    count = 0

    def events() -> Iterator[ConsentEvent]:
        nonlocal count
        for event in store.iter_events():
            if event.seq > last_seq:
                break
            if member is None or event.member == member:
                count += 1
            yield event

    if fmt == "csv":  # the whole chain, for marking each row; the member's rows are picked there
        atomic_write_lines(out, chain([BOM], csv_records(events(), store.documents(), member)))
    else:
        atomic_write_lines(out, json_chunks(store.list_members(), store.documents(), events()))
    return count

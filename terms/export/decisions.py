"""Grouping shared by the per-document exports (FHIR, receipts, report)."""

from __future__ import annotations

from collections.abc import Iterable

from terms.consent.model import ConsentEvent


def latest_by_document(events: Iterable[ConsentEvent]) -> dict[tuple[str, str], dict[str, ConsentEvent]]:
    """For each (member, document SHA-256), the latest event per topic on that exact version.

    Keys are sorted by member then document; topics within each are sorted too.
    """
    latest: dict[tuple[str, str], dict[str, ConsentEvent]] = {}
    for event in events:
        latest.setdefault((event.member, event.document_sha256), {})[event.topic] = event
    return {key: dict(sorted(latest[key].items())) for key in sorted(latest)}


def clauses_text(event: ConsentEvent) -> str:
    """The clauses shown with an event, one ``id: quote`` per line."""
    return "\n".join(f"{c.clause_id}: {c.quote}" for c in event.clauses)

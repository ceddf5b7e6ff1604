"""Grouping shared by the per-document exports (FHIR, receipts, report)."""

from __future__ import annotations

from collections.abc import Iterable

from terms.consent.model import ConsentEvent, Snapshot, StoredDocument


def latest_by_document(events: Iterable[ConsentEvent]) -> dict[tuple[str, str], dict[str, ConsentEvent]]:
    """For each (member, document SHA-256), the latest event per topic on that exact version.

    Keys are sorted by member then document; topics within each are sorted too.
    """
    latest: dict[tuple[str, str], dict[str, ConsentEvent]] = {}
    for event in events:
        latest.setdefault((event.member, event.document_sha256), {})[event.topic] = event
    return {key: dict(sorted(latest[key].items())) for key in sorted(latest)}


def version_name(doc: StoredDocument) -> str:
    """A stored version's name with its SHA-256 prefix, so that two versions with one label differ.

    The display name already ends with the prefix when the version has neither label nor date.
    """
    name = doc.display_name
    return name if name.endswith(f"({doc.sha256[:12]})") else f"{name} [{doc.sha256[:12]}]"


def superseding_events(snapshot: Snapshot) -> dict[str, ConsentEvent]:
    """Event hash -> the member's current decision, for every event that is no longer current.

    The current decision is the last event per (member, document series, topic), whatever
    version it was recorded on. A consent given on one version and then invalidated (or
    withdrawn, or given again) on a later version of the same series appears here, so that
    per-version exports do not present it as still in force.
    """
    series_of = {d.sha256: d.series for d in snapshot.documents}

    def key(event: ConsentEvent) -> tuple[str, str, str]:
        return event.member, series_of.get(event.document_sha256, event.document_sha256), event.topic

    last = {key(event): event for event in snapshot.events}
    return {event.hash: last[key(event)] for event in snapshot.events if last[key(event)] is not event}

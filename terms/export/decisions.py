"""Grouping and naming shared by the exports (CSV, FHIR, receipts, report)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any

from terms.consent.model import ConsentEvent, ConsentStatus, Snapshot, StoredDocument


def json_text(data: Any) -> str:
    """The text of a FHIR or receipt export file: indented, characters as they are, a final newline.

    The command line and the app both write this, so one export is the same bytes from either.
    """
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def only_member(snapshot: Snapshot, member: str | None) -> Snapshot:
    """``snapshot`` cut down to one member's row and events (``None``: unchanged). ``member`` is
    the stored name (resolve what a user typed with ``store.member`` first)."""
    if member is None:
        return snapshot
    return dataclasses.replace(snapshot, members=tuple(m for m in snapshot.members if m.name == member),
                               events=tuple(e for e in snapshot.events if e.member == member))


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


def next_events(snapshot: Snapshot) -> dict[str, ConsentEvent]:
    """Event hash -> the next event on the same (member, document series, topic): what ended it.

    The next event may be on a later version (an invalidation when that version was added, or
    the member's decision on it). Events that are still current have no entry.
    """
    series_of = {d.sha256: d.series for d in snapshot.documents}
    previous: dict[tuple[str, str, str], ConsentEvent] = {}
    following: dict[str, ConsentEvent] = {}
    for event in snapshot.events:
        key = event.member, series_of.get(event.document_sha256, event.document_sha256), event.topic
        if key in previous:
            following[previous[key].hash] = event
        previous[key] = event
    return following


def ending(event: ConsentEvent, docs: dict[str, StoredDocument]) -> str:
    """What ``event`` (which ended an earlier decision) was, in words, naming its version."""
    doc = docs.get(event.document_sha256)
    version = version_name(doc) if doc else event.document_sha256[:12]
    if event.status is ConsentStatus.INVALIDATED:
        # (not "when it was added": a consent given on an older version after a newer one was stored
        # is invalidated at once, the newer one added long before)
        return f"invalidated by the store: the newer version {version} changed its clauses"
    return f"{event.status.value} by the member on {version} (#{event.seq})"

"""The consent log's hash chain.

Each event's hash is the SHA-256 of the canonical JSON of its fields, the
previous event's hash included, so editing, inserting, removing or reordering
any event breaks every link after it. Canonical JSON: sorted keys, no spaces,
UTF-8. Optional fields (``expires_at``) are left out when empty, so events
written before a field existed keep their hashes after a schema upgrade.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from terms.consent.model import ClauseRef, ConsentEvent, ConsentStatus, PackInfo, VerifyReport

GENESIS = "0" * 64


def event_payload(
    *,
    seq: int,
    member: str,
    topic: str,
    status: ConsentStatus,
    document_sha256: str,
    clauses: tuple[ClauseRef, ...],
    pack: PackInfo | None,
    recorded_at: str,
    method: str,
    note: str,
    expires_at: str | None,
    prev_hash: str,
) -> dict[str, Any]:
    """The hashed fields of an event as plain JSON values."""
    payload: dict[str, Any] = {
        "seq": seq,
        "member": member,
        "topic": topic,
        "status": str(status),
        "document_sha256": document_sha256,
        "clauses": [[c.clause_id, c.fingerprint, c.quote] for c in clauses],
        "pack": [pack.id, pack.version, pack.sha256] if pack else None,
        "recorded_at": recorded_at,
        "method": method,
        "note": note,
        "prev_hash": prev_hash,
    }
    if expires_at:
        payload["expires_at"] = expires_at
    return payload


def hash_payload(payload: dict[str, Any]) -> str:
    data = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def event_hash(event: ConsentEvent) -> str:
    """Recompute the hash an event should carry (ignores its stored ``hash``)."""
    return hash_payload(
        event_payload(
            seq=event.seq, member=event.member, topic=event.topic, status=event.status,
            document_sha256=event.document_sha256, clauses=event.clauses, pack=event.pack,
            recorded_at=event.recorded_at, method=event.method, note=event.note,
            expires_at=event.expires_at, prev_hash=event.prev_hash,
        )
    )


def verify_events(events: Iterable[ConsentEvent]) -> VerifyReport:
    """Check sequence numbers, links and hashes in order; report the first bad event."""
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    for event in events:
        problem = ""
        if event.seq != expected_seq:
            problem = f"expected event {expected_seq} but found {event.seq} (an event is missing or extra)"
        elif event.prev_hash != expected_prev:
            problem = "its link to the previous event does not match (an earlier event changed or went)"
        elif event_hash(event) != event.hash:
            problem = "its content does not match its hash (the event was edited)"
        if problem:
            return VerifyReport(events=count, head_hash=expected_prev, first_bad_seq=event.seq,
                                problem=f"event {event.seq}: {problem}")
        expected_prev = event.hash
        expected_seq += 1
        count += 1
    return VerifyReport(events=count, head_hash=expected_prev)

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


def verify_events(events: Iterable[ConsentEvent], *, expect: tuple[int, str] | None = None) -> VerifyReport:
    """Check sequence numbers, links and hashes in order; report the first bad event.

    The chain alone cannot show that events were cut off its end: what is left still links
    up. ``expect`` is an anchor kept outside the store, an event's ``(seq, hash)`` noted
    earlier (``verify`` prints the head); the log must still hold exactly that event.
    """
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    anchored: str | None = None
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
        if expect is not None and event.seq == expect[0]:
            anchored = event.hash
        expected_prev = event.hash
        expected_seq += 1
        count += 1
    if expect is not None and anchored != expect[1]:
        seq, noted = expect
        if anchored is None:
            return VerifyReport(events=count, head_hash=expected_prev, first_bad_seq=count + 1,
                                problem=f"event {seq} is missing: the log ends at event {count}, but event "
                                        f"{seq} (hash {noted[:16]}…) was noted before (events were removed "
                                        "from its end)")
        return VerifyReport(events=count, head_hash=expected_prev, first_bad_seq=seq,
                            problem=f"event {seq}: its hash {anchored[:16]}… is not the {noted[:16]}… noted "
                                    "before (the log was rewritten at or before this event)")
    return VerifyReport(events=count, head_hash=expected_prev)

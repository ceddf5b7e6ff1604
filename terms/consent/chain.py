"""The consent log's hash chain.

Each event's hash is the SHA-256 of the canonical JSON of its fields, the
previous event's hash included, so editing, inserting, removing or reordering
any event breaks every link after it. Canonical JSON: sorted keys, no spaces,
UTF-8. Optional fields (``expires_at``, ``document_identity``) are left out when
empty, so events written before a field existed keep their hashes after a schema
upgrade. ``docs/consent-json.md`` gives the recipe with a worked example.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from terms.consent.model import (
    ClauseRef,
    ConsentEvent,
    ConsentStatus,
    DocumentIdentity,
    PackInfo,
    VerifyReport,
)

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
    document_identity: DocumentIdentity | None = None,
) -> dict[str, Any]:
    """The hashed fields of an event as plain JSON values.

    ``document_identity`` is None only for events recorded before the store kept it.
    """
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
    if document_identity is not None:
        payload["document_identity"] = document_identity.as_json()
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
            expires_at=event.expires_at, prev_hash=event.prev_hash, document_identity=event.document_identity,
        )
    )


#: One event row as ``verify`` walks it: ``(seq, prev_hash, hash, event, damage)``; ``event`` is None
#: and ``damage`` says why when the row cannot be read as an event.
Link = tuple[int, str, str, ConsentEvent | None, str]


def verify_events(events: Iterable[ConsentEvent], *, expect: tuple[int, str] | None = None) -> VerifyReport:
    """Check sequence numbers, links and hashes in order; report the first bad event.

    The chain alone cannot show that events were cut off its end: what is left still links
    up. ``expect`` is an anchor kept outside the store, an event's ``(seq, hash)`` noted
    earlier (``verify`` prints the head); the log must still hold exactly that event.
    """
    count = 0
    head = GENESIS
    for seq, problem, checked, link_head in _chain_problems(
            ((e.seq, e.prev_hash, e.hash, e, "") for e in events), expect):
        if seq is not None:
            return VerifyReport(events=checked, head_hash=link_head, first_bad_seq=seq, problem=problem,
                                problems=(problem,))
        count, head = checked, link_head
    return VerifyReport(events=count, head_hash=head)


def audit_chain(
    links: Iterable[Link],
    *,
    expect: tuple[int, str] | None = None,
    intact: Callable[[ConsentEvent], None] | None = None,
) -> VerifyReport:
    """Like :func:`verify_events`, but over every row, readable or not, and reporting every problem.

    After a problem the walk picks up from the row found (a missing event is one problem, not one
    per later event). ``events`` counts the rows walked; ``first_bad_seq`` is the first event with
    a problem. ``intact`` is called with each event whose content matches its hash, for checks
    that only such an event can support (what it says of its document).
    """
    problems: list[str] = []
    first_bad: int | None = None
    count, head = 0, GENESIS
    for seq, problem, checked, link_head in _chain_problems(links, expect, intact):
        if seq is not None:
            problems.append(problem)
            first_bad = seq if first_bad is None else first_bad
        else:
            count, head = checked, link_head
    return VerifyReport(events=count, head_hash=head, first_bad_seq=first_bad,
                        problem=summarise(problems), problems=tuple(problems))


def summarise(problems: list[str]) -> str:
    """The problems on one line: the first three, and how many more."""
    shown = "; also, ".join(problems[:3])
    return shown + (f"; and {len(problems) - 3} more problems" if len(problems) > 3 else "")


def _chain_problems(
    links: Iterable[Link], expect: tuple[int, str] | None,
    intact: Callable[[ConsentEvent], None] | None = None,
) -> Iterator[tuple[int | None, str, int, str]]:
    """``(seq, problem, rows so far, head so far)`` per problem, then ``(None, "", rows, head)`` at the end.

    The rows-so-far and head of a problem are those before the bad row.
    """
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    anchored: str | None = None
    for seq, prev_hash, digest, event, damage in links:
        if seq != expected_seq:
            yield seq, (f"event {seq}: expected event {expected_seq} but found {seq} "
                        "(an event is missing or extra)"), count, expected_prev
        elif prev_hash != expected_prev:
            yield seq, (f"event {seq}: its link to the previous event does not match (an earlier event "
                        "changed or went)"), count, expected_prev
        if damage:
            yield seq, f"event {seq}: {damage}", count, expected_prev
        elif event is not None and event_hash(event) != digest:
            yield seq, f"event {seq}: its content does not match its hash (the event was edited)", count, \
                expected_prev
        elif event is not None and intact is not None:
            intact(event)
        if expect is not None and seq == expect[0]:
            anchored = digest
        expected_prev = digest
        expected_seq = seq + 1
        count += 1
    if expect is not None and anchored != expect[1]:
        seq, noted = expect
        if anchored is None:
            yield count + 1, (f"event {seq} is missing: the log ends at event {count}, but event "
                              f"{seq} (hash {noted[:16]}…) was noted before (events were removed "
                              "from its end)"), count, expected_prev
        else:
            yield seq, (f"event {seq}: its hash {anchored[:16]}… is not the {noted[:16]}… noted "
                        "before (the log was rewritten at or before this event)"), count, expected_prev
    yield None, "", count, expected_prev

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
from collections import Counter
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


#: What :func:`marked` says of an event: it holds, or what is wrong with it
INTACT = "ok"
EDITED = "edited"             # its content (or its member's stored name) no longer matches its hash
LINK_BROKEN = "link broken"   # the event before it changed or went, or one was put in before it


def marked(events: Iterable[ConsentEvent]) -> Iterator[tuple[ConsentEvent, str]]:
    """Each event of the whole chain, in order, with what the chain says of it: :data:`INTACT`, or
    :data:`EDITED` and/or :data:`LINK_BROKEN` ("edited; link broken"). For exports that mark every
    record, so that a file from a store that does not verify says which records to doubt."""
    expected_prev, expected_seq = GENESIS, 1
    for event in events:
        wrong = [EDITED] if event_hash(event) != event.hash else []
        if event.seq != expected_seq or event.prev_hash != expected_prev:
            wrong.append(LINK_BROKEN)
        yield event, "; ".join(wrong) or INTACT
        expected_prev, expected_seq = event.hash, event.seq + 1


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
    for seq, problem, checked, link_head, _edited in _chain_problems(
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
    guarded: bool = True,
) -> VerifyReport:
    """Like :func:`verify_events`, but over every row, readable or not, and reporting every problem.

    After a problem the walk picks up from the row found (a missing event is one problem, not one
    per later event). ``events`` counts the rows walked; ``first_bad_seq`` is the first event with
    a problem. ``intact`` is called with each event whose content matches its hash, for checks
    that only such an event can support (what it says of its document).

    An event's member is read from the member table, not from the event row, so a member whose
    name was changed there makes every one of that member's events fail its hash. When no event
    of a member matches its hash any more, that is reported once, as the member's record changed
    (see :func:`_renamed_member`); ``guarded`` says whether the append-only guard holds, i.e.
    whether the event rows themselves could have been edited.
    """
    found: list[tuple[int, str, str | None]] = []   # (seq, problem, member whose event fails its hash)
    first_bad: int | None = None
    count, head = 0, GENESIS
    per_member: Counter[str] = Counter()

    def counted(rows: Iterable[Link]) -> Iterator[Link]:
        for row in rows:
            if row[3] is not None:
                per_member[row[3].member] += 1
            yield row

    for seq, problem, checked, link_head, edited in _chain_problems(counted(links), expect, intact):
        if seq is not None:
            found.append((seq, problem, edited.member if edited is not None else None))
            first_bad = seq if first_bad is None else first_bad
        else:
            count, head = checked, link_head
    problems = _member_changes(found, per_member, guarded)
    return VerifyReport(events=count, head_hash=head, first_bad_seq=first_bad,
                        problem=summarise(problems), problems=tuple(problems))


def _member_changes(found: list[tuple[int, str, str | None]], per_member: Counter[str],
                    guarded: bool) -> list[str]:
    """The problems found, with the hash failures of a member none of whose events matches its hash
    told as one change to that member's record instead of one edit per event."""
    failed: dict[str, list[int]] = {}
    for seq, _problem, member in found:
        if member is not None:
            failed.setdefault(member, []).append(seq)
    renamed = {name: seqs for name, seqs in failed.items() if len(seqs) == per_member[name]}
    problems = []
    for seq, problem, member in found:
        if member is None or member not in renamed:
            problems.append(problem)
        elif seq == renamed[member][0]:
            problems.append(_renamed_member(seq, member, len(renamed[member]) - 1, guarded))
    return problems


def _renamed_member(seq: int, name: str, later: int, guarded: bool) -> str:
    """Every event of one member fails its hash: the hashed name is not the member's stored name.

    The event row holds the member's id; the name its hash covers is read from the member table,
    which no trigger guards. With the append-only guard intact, several events failing alike point
    to the member's record; one event alone cannot tell (someone able to write the file can lift
    the guard and put it back), and without the guard either may have been edited.
    """
    shown = repr(name if len(name) <= 80 else name[:80] + "…")
    events = f"{later} later event{'s' if later > 1 else ''}"
    if guarded and later:
        return (f"event {seq}: its member's stored name {shown} is not the name the event recorded, nor the "
                f"one the member's {events} recorded: the member's record was edited after they were "
                "recorded, not the events, since all of them fail alike (an event's hash covers its "
                "member's name; the append-only guard keeps event rows from being edited)")
    if guarded:
        return (f"event {seq}: its content does not match its hash: either its member's record (now "
                f"named {shown}) was edited after it was recorded, or the event itself was; the member has "
                "no other event to tell the two apart (the append-only guard is in place, but someone able "
                "to write the file can lift it and put it back)")
    also = f", nor does that of the member's {events}" if later else ""
    return (f"event {seq}: its content does not match its hash{also}: either its member's record (now "
            f"named {shown}) was edited after {'they were' if later else 'it was'} recorded, or "
            f"{'they were' if later else 'the event was'} edited while the append-only guard was off")


def summarise(problems: list[str]) -> str:
    """The problems on one line: the first three, and how many more."""
    shown = "; also, ".join(problems[:3])
    return shown + (f"; and {len(problems) - 3} more problems" if len(problems) > 3 else "")


def _chain_problems(
    links: Iterable[Link], expect: tuple[int, str] | None,
    intact: Callable[[ConsentEvent], None] | None = None,
) -> Iterator[tuple[int | None, str, int, str, ConsentEvent | None]]:
    """``(seq, problem, rows so far, head so far, edited)`` per problem, then
    ``(None, "", rows, head, None)`` at the end.

    The rows-so-far and head of a problem are those before the bad row; ``edited`` is the event
    whose content does not match its hash, for that problem (else None).
    """
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    anchored: str | None = None
    for seq, prev_hash, digest, event, damage in links:
        if seq != expected_seq:
            yield seq, (f"event {seq}: expected event {expected_seq} but found {seq} "
                        "(an event is missing or extra)"), count, expected_prev, None
        elif prev_hash != expected_prev:
            yield seq, (f"event {seq}: its link to the previous event does not match (an earlier event "
                        "changed or went)"), count, expected_prev, None
        if damage:
            yield seq, f"event {seq}: {damage}", count, expected_prev, None
        elif event is not None and event_hash(event) != digest:
            yield seq, f"event {seq}: its content does not match its hash (the event was edited)", count, \
                expected_prev, event
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
                              "from its end)"), count, expected_prev, None
        else:
            yield seq, (f"event {seq}: its hash {anchored[:16]}… is not the {noted[:16]}… noted "
                        "before (the log was rewritten at or before this event)"), count, expected_prev, None
    yield None, "", count, expected_prev, None

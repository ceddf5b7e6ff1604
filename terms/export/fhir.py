"""HL7 FHIR R4 export: one ``Consent`` per member and document version decided on, in a ``Bundle``.

The Bundle holds the history, not only the current state: every decision a member recorded
(given, refused, withdrawn) is one nested provision of the Consent for that member and the
version it was made on, with the period it held. ``period.start`` is when it was recorded;
``period.end`` is when the next event on the same topic and document series ended it (the
member's next decision, or the store's invalidation when a changed version was added), or the
consent's own end date, whichever came first. A provision is ``permit`` for a consent given and
``deny`` for a refusal or withdrawal: within its period, that is what the member decided.

The store's invalidations are not the member's acts and the member never saw the version they
are recorded on: they are no provision and make no Consent; they end the consent they
invalidate (``period.end``, and the ``superseded-by`` and ``ended-by`` extensions).

A Consent is ``active`` while one of its decisions is still the member's current one and in
force (a consent given and not expired at ``Bundle.timestamp``, or a refusal); otherwise
``inactive`` (R4: terminated or replaced). ``Bundle.timestamp`` is the export time, which
decides what has expired; ``Bundle.meta.tag`` says that the Bundle holds every decision, and,
from a store that did not verify, that its records may have been changed (code ``unverified``).

Each Consent's ``policy.uri`` is ``urn:sha256:<hash of the exact text>``. Each provision names
its topic as ``purpose`` and carries ClearTerms extensions: the W3C DPV status, the event's hash
in the consent log, the clauses shown (the quote, led by its number, or ``id: quote``) and, for
a decision that has ended, the hash of the event that superseded it and what ended it (that event,
or the consent's own end date where that came first).
Checked against the R4B models of ``fhir.resources`` in the tests (R4B shares R4's Consent structure).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from typing import Any

from terms.consent.clauses import quote_with_id
from terms.consent.model import ConsentEvent, ConsentStatus, Snapshot, StoredDocument
from terms.export.decisions import ending, next_events
from terms.topics import Topic

TOPIC_SYSTEM = "urn:clearterms:consent-topic"
MEMBER_SYSTEM = "urn:clearterms:member"
EXPORT_SYSTEM = "urn:clearterms:fhir:export"
EXT_STATUS = "urn:clearterms:fhir:dpv-status"
EXT_CLAUSE = "urn:clearterms:fhir:clause-shown"
EXT_EVENT_HASH = "urn:clearterms:fhir:event-hash"
EXT_SUPERSEDED_BY = "urn:clearterms:fhir:superseded-by"
EXT_ENDED_BY = "urn:clearterms:fhir:ended-by"
#: The Bundle's statement of what it holds (``meta.tag``).
HISTORY_TAG = {
    "system": EXPORT_SYSTEM, "code": "decision-history",
    "display": "every decision recorded, one provision each with the period it held; "
               "the store's invalidations end a provision and are none",
}
_NAMESPACE = uuid.UUID("6f1c1f4e-3a52-5d8e-9c55-2f0b7c1e9a10")


def consent_id(member: str, document_sha256: str) -> str:
    """A stable FHIR id (≤ 64 chars, ``[A-Za-z0-9.-]``) for a member's consent on a version."""
    return hashlib.sha256(f"{member}\n{document_sha256}".encode()).hexdigest()[:40]


def unverified_tag(problem: str) -> dict[str, str]:
    """The Bundle's mark that the store it came from did not verify (``meta.tag``)."""
    return {"system": EXPORT_SYSTEM, "code": "unverified",
            "display": f"the consent store did not verify when this was exported ({problem}): these "
                       "records may have been changed since they were recorded"}


def to_fhir_bundle(snapshot: Snapshot, topics: Iterable[Topic], *, now: str,
                   unverified: str | None = None) -> dict[str, Any]:
    """The Bundle as a JSON-ready dict; ``now`` is the export time, which decides what has expired.
    ``unverified``: why the store did not verify, marked on the Bundle itself, since the file may
    reach readers who never saw the warning given when it was written."""
    questions = {t.id: t.question for t in topics}
    docs = {d.sha256: d for d in snapshot.documents}
    ended_by = next_events(snapshot)
    decided: dict[tuple[str, str], list[ConsentEvent]] = {}
    for event in snapshot.events:
        if event.status is not ConsentStatus.INVALIDATED:
            decided.setdefault((event.member, event.document_sha256), []).append(event)
    entries = []
    for (member, sha), events in sorted(decided.items()):
        doc = docs[sha]
        rid = consent_id(member, sha)
        in_force = any(_in_force(e, now) for e in events if e.hash not in ended_by)
        resource: dict[str, Any] = {
            "resourceType": "Consent",
            "id": rid,
            "status": "active" if in_force else "inactive",
            "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                                  "code": "patient-privacy", "display": "Privacy Consent"}]},
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0",
                                      "display": "Patient Consent"}]}],
            "patient": {"identifier": {"system": MEMBER_SYSTEM, "value": member}, "display": member},
            # the member both is the subject and gives or refuses the consent (no proxy decides here)
            "performer": [{"identifier": {"system": MEMBER_SYSTEM, "value": member}, "display": member}],
            "dateTime": events[-1].recorded_at,
            "policy": [{"uri": f"urn:sha256:{sha}"}],
            "provision": {
                "type": "deny",
                "provision": [
                    _provision(e, questions.get(e.topic, e.topic), now, ended_by.get(e.hash), docs)
                    for e in sorted(events, key=lambda e: (e.topic, e.seq))],
            },
        }
        if doc.service or doc.title:
            resource["organization"] = [{"display": doc.service or doc.title}]
        entries.append({"fullUrl": f"urn:uuid:{uuid.uuid5(_NAMESPACE, rid)}", "resource": resource})
    tags = [HISTORY_TAG, *([unverified_tag(unverified)] if unverified else [])]
    return {"resourceType": "Bundle", "meta": {"tag": tags}, "type": "collection",
            "timestamp": now, "entry": entries}


def _in_force(event: ConsentEvent, now: str) -> bool:
    """A current decision still holds: a refusal, or a consent given that has not expired."""
    if event.status is ConsentStatus.REFUSED:
        return True
    return event.status.permits and not (event.expires_at and event.expires_at <= now)


def _provision(event: ConsentEvent, question: str, now: str, later: ConsentEvent | None,
               docs: dict[str, StoredDocument]) -> dict[str, Any]:
    end = later.recorded_at if later is not None else None
    lapsed = False  # the consent's own end date came before anything else ended it
    if event.status.permits and event.expires_at and (end is None or event.expires_at < end):
        end = event.expires_at
        lapsed = True
    status = ConsentStatus.EXPIRED if lapsed and event.expires_at <= now else event.status
    extensions = [{"url": EXT_STATUS, "valueCode": status.dpv},
                  {"url": EXT_EVENT_HASH, "valueString": event.hash}]
    if later is not None:
        # a withdrawal recorded after the consent had expired ended nothing: the end date did
        ended_by = f"expired on {event.expires_at}" if lapsed else ending(later, docs)
        extensions += [{"url": EXT_SUPERSEDED_BY, "valueString": later.hash},
                       {"url": EXT_ENDED_BY, "valueString": ended_by}]
    extensions += [{"url": EXT_CLAUSE, "valueString": quote_with_id(c)} for c in event.clauses]
    period = {"start": event.recorded_at} | ({"end": end} if end else {})
    return {
        "extension": extensions,
        "type": "permit" if event.status.permits else "deny",
        "period": period,
        "purpose": [{"system": TOPIC_SYSTEM, "code": event.topic, "display": question}],
    }

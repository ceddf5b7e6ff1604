"""HL7 FHIR R4 export: one ``Consent`` per member and document version, in a ``Bundle``.

Each Consent's ``policy.uri`` is ``urn:sha256:<hash of the exact text>``; its
base provision denies by default and carries one nested provision per topic,
``permit`` for a consent given (and not expired at export time) that is still the
member's current decision, ``deny`` for anything else. Each topic provision names the
topic as its ``purpose`` and carries ClearTerms extensions: the W3C DPV status, the
clauses shown (the quote, led by its number, or ``id: quote``), the event's hash in the
consent log and, for a decision replaced on a later version (e.g. invalidated by a terms
change), the hash of the event that replaced it. A Consent none of whose decisions is
current any more is ``inactive``.
Checked against the R4B models of ``fhir.resources`` in the tests (R4B shares R4's Consent structure).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from typing import Any

from terms.consent.clauses import quote_with_id
from terms.consent.model import ConsentEvent, ConsentStatus, Snapshot
from terms.export.decisions import latest_by_document, superseding_events
from terms.topics import Topic

TOPIC_SYSTEM = "urn:clearterms:consent-topic"
MEMBER_SYSTEM = "urn:clearterms:member"
EXT_STATUS = "urn:clearterms:fhir:dpv-status"
EXT_CLAUSE = "urn:clearterms:fhir:clause-shown"
EXT_EVENT_HASH = "urn:clearterms:fhir:event-hash"
EXT_SUPERSEDED_BY = "urn:clearterms:fhir:superseded-by"
_NAMESPACE = uuid.UUID("6f1c1f4e-3a52-5d8e-9c55-2f0b7c1e9a10")


def consent_id(member: str, document_sha256: str) -> str:
    """A stable FHIR id (≤ 64 chars, ``[A-Za-z0-9.-]``) for a member's consent on a version."""
    return hashlib.sha256(f"{member}\n{document_sha256}".encode()).hexdigest()[:40]


def to_fhir_bundle(snapshot: Snapshot, topics: Iterable[Topic], *, now: str) -> dict[str, Any]:
    """The Bundle as a JSON-ready dict; ``now`` decides which consents have expired."""
    questions = {t.id: t.question for t in topics}
    docs = {d.sha256: d for d in snapshot.documents}
    superseded = superseding_events(snapshot)
    entries = []
    for (member, sha), decisions in latest_by_document(snapshot.events).items():
        doc = docs[sha]
        rid = consent_id(member, sha)
        latest = max(decisions.values(), key=lambda e: e.seq)
        resource: dict[str, Any] = {
            "resourceType": "Consent",
            "id": rid,
            "status": "inactive" if all(e.hash in superseded for e in decisions.values()) else "active",
            "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                                  "code": "patient-privacy", "display": "Privacy Consent"}]},
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0",
                                      "display": "Patient Consent"}]}],
            "patient": {"identifier": {"system": MEMBER_SYSTEM, "value": member}, "display": member},
            "dateTime": latest.recorded_at,
            "policy": [{"uri": f"urn:sha256:{sha}"}],
            "provision": {
                "type": "deny",
                "provision": [_provision(e, questions.get(e.topic, e.topic), now, superseded.get(e.hash))
                              for e in decisions.values()],
            },
        }
        if doc.service or doc.title:
            resource["organization"] = [{"display": doc.service or doc.title}]
        entries.append({"fullUrl": f"urn:uuid:{uuid.uuid5(_NAMESPACE, rid)}", "resource": resource})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _provision(event: ConsentEvent, question: str, now: str,
               replaced_by: ConsentEvent | None) -> dict[str, Any]:
    expired = bool(event.expires_at and event.expires_at <= now)
    status = ConsentStatus.EXPIRED if event.status.permits and expired else event.status
    extensions = [{"url": EXT_STATUS, "valueCode": status.dpv},
                  {"url": EXT_EVENT_HASH, "valueString": event.hash}]
    if replaced_by is not None:
        extensions.append({"url": EXT_SUPERSEDED_BY, "valueString": replaced_by.hash})
    extensions += [{"url": EXT_CLAUSE, "valueString": quote_with_id(c)} for c in event.clauses]
    provision: dict[str, Any] = {
        "extension": extensions,
        "type": "permit" if status.permits and replaced_by is None else "deny",
        "period": {"start": event.recorded_at},
        "purpose": [{"system": TOPIC_SYSTEM, "code": event.topic, "display": question}],
    }
    if event.expires_at:
        provision["period"]["end"] = event.expires_at
    return provision

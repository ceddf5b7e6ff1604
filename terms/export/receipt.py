"""Consent receipts in the shape of the Kantara Initiative Consent Receipt Specification v1.1.

One receipt per member and document version on which the member has at least
one consent in force (given, not expired, and still the member's current decision: not
invalidated, withdrawn or re-decided on a later version); each such topic is a purpose. The
controller's contact details are not known from a terms document, so they read
``"not stated"``. Beyond the specification's fields every receipt carries
``documentSha256`` and ``inForceAt`` (the export time that decided what is in force) and,
per purpose, ``clausesShown``, ``recordedAt``, ``collectionMethod`` and ``eventHash``, so the
receipt names the exact text and clauses the consent was given on, and when and how. A purpose
disclosed to third parties names them by the clauses shown (``thirdPartyName``), as the
specification requires.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from terms.consent.model import ConsentEvent, Snapshot, StoredDocument
from terms.errors import ExportError
from terms.export.decisions import latest_by_document, superseding_events
from terms.flagging.extract import extract
from terms.topics import Topic

SPEC_VERSION = "KI-CR-v1.1.0"
NOT_STATED = "not stated"
_NAMESPACE = uuid.UUID("0d3c7a8e-5b1f-5c2a-8f9e-4a6b2c1d0e7f")
#: Topics whose consent lets data reach other organisations. Decided per topic because an event
#: keeps the clauses shown but not who their flags named (``Flag.parties`` is not stored with it).
#: Tracking is one: cookies, pixels and device identifiers report to whoever runs them, advertising
#: and analytics networks as a rule ("We and our advertising and analytics partners use cookies…"),
#: and the topic's own help speaks of tracking across other websites and apps.
THIRD_PARTY_TOPICS = frozenset({"client-access", "third-party-sharing", "targeted-advertising", "tracking"})
SENSITIVE_TOPICS = frozenset({"health-data"})


def require_verified(problem: str | None) -> None:
    """Refuse receipts from a store that did not verify (``problem`` says why; None: it did).

    A receipt vouches that a consent is in force; from a store whose records may have been
    changed, an edited withdrawal came out as a genuine-looking receipt of a consent in force.
    The other exports still show such a store as it is, marked, for salvage and audit."""
    if problem:
        raise ExportError(f"no consent receipts from a store that does not verify ({problem})",
                          hint="Receipts vouch for consents in force. Run `clearterms consent verify`; "
                               "the JSON, CSV, FHIR and report exports still show the records as they are.")


def to_receipts(snapshot: Snapshot, topics: Iterable[Topic], *, now: str,
                jurisdiction: str = NOT_STATED) -> list[dict[str, Any]]:
    """A receipt per member and version with a consent in force at ``now`` (the export time, which
    every receipt states as ``inForceAt``, since it decides what has expired)."""
    by_id = {t.id: t for t in topics}
    docs = {d.sha256: d for d in snapshot.documents}
    superseded = superseding_events(snapshot)
    receipts = []
    for (member, sha), decisions in latest_by_document(snapshot.events).items():
        in_force = [e for e in decisions.values()
                    if e.status.permits and not (e.expires_at and e.expires_at <= now)
                    and e.hash not in superseded]
        if in_force:
            receipts.append(_receipt(member, docs[sha], in_force, by_id, jurisdiction) | {"inForceAt": now})
    return receipts


def _receipt(member: str, doc: StoredDocument, events: list[ConsentEvent], topics: dict[str, Topic],
             jurisdiction: str) -> dict[str, Any]:
    latest = max(events, key=lambda e: e.seq)
    moment = datetime.fromisoformat(latest.recorded_at.replace("Z", "+00:00"))
    sensitive = [e.topic for e in events if e.topic in SENSITIVE_TOPICS]
    return {
        "version": SPEC_VERSION,
        "jurisdiction": jurisdiction,
        "consentTimestamp": int(moment.timestamp()),
        "collectionMethod": _methods(events),
        "consentReceiptID": str(uuid.uuid5(_NAMESPACE, "\n".join(e.hash for e in events))),
        "language": "en",
        "piiPrincipalId": member,
        "piiControllers": [{
            "piiController": doc.service or doc.title or NOT_STATED,
            "contact": NOT_STATED, "address": NOT_STATED, "email": NOT_STATED, "phone": NOT_STATED,
        }],
        "policyUrl": f"urn:sha256:{doc.sha256}",
        "documentSha256": doc.sha256,
        "services": [{
            "service": doc.title or doc.about,
            "purposes": [_purpose(e, topics.get(e.topic)) for e in events],
        }],
        "sensitive": bool(sensitive),
        "spiCat": ["health"] if sensitive else [],
    }


def _purpose(event: ConsentEvent, topic: Topic | None) -> dict[str, Any]:
    termination = "until withdrawn by the member"
    if event.expires_at:
        termination = f"until {event.expires_at} or until withdrawn by the member"
    return {
        "purpose": topic.question if topic else event.topic,
        "purposeCategory": [event.topic],
        "consentType": "EXPLICIT",
        "piiCategory": list(topic.categories) if topic else [],
        "primaryPurpose": False,
        "termination": termination,
        **_third_party(event),
        "clausesShown": [{"clauseId": c.clause_id, "quote": c.quote} for c in event.clauses],
        "recordedAt": event.recorded_at,
        "collectionMethod": event.method,
        "eventHash": event.hash,
    }


def _methods(events: list[ConsentEvent]) -> str:
    """How the receipt's consents were collected: the one method, or each with its purposes
    ("desktop (research); paper-form (tracking)"); one purpose's method stated for all misled."""
    topics: dict[str, list[str]] = {}
    for event in events:
        topics.setdefault(event.method, []).append(event.topic)
    if len(topics) == 1:
        return next(iter(topics))
    return "; ".join(f"{method} ({', '.join(named)})" for method, named in topics.items())


def _third_party(event: ConsentEvent) -> dict[str, Any]:
    """``thirdPartyDisclosure`` and, when it is true, the ``thirdPartyName`` the specification then requires.

    True for the topics whose data reaches others by nature (:data:`THIRD_PARTY_TOPICS`), and for
    any other whose clauses shown name a recipient: mining posts is the company's own act, but
    "the results are provided to Clients" discloses them, and a receipt saying ``false`` there
    misled. The recipients are named as the clauses shown name them ("clients", "research
    partners"), with those clauses.
    """
    parties = list(dict.fromkeys(p for c in event.clauses for p in extract(c.quote).parties))
    if event.topic not in THIRD_PARTY_TOPICS and not parties:
        return {"thirdPartyDisclosure": False}
    ids = [c.clause_id for c in event.clauses]
    name = NOT_STATED
    if ids:
        where = f"clause{'s' if len(ids) > 1 else ''} {', '.join(ids)} of the document"
        name = (f"{', '.join(parties)} (as named in {where})" if parties
                else f"the recipients named in {where}")
    return {"thirdPartyDisclosure": True, "thirdPartyName": name}

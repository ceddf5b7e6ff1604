"""Whether the document versions are still what the consent events say they were.

A version's series, dates and names decide which consents are in force, but they live in the
document row, outside the hash chain. So every event carries, under its hash, the identity of its
document as it was when the event was recorded (:class:`~terms.consent.model.DocumentIdentity`),
and :class:`IdentityAudit` compares that with the row as it is now.

Events recorded before the store kept identities (schema revision 0004) carry none. For their
documents one link is still checked: an ``invalidated`` event the store wrote when a new version
arrived names, in its hashed note, the version the consent had been given on; both versions were
in one series then, so they must be now. Nothing else of such a document is covered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from terms.consent.model import IDENTITY_FIELDS, ConsentEvent, ConsentStatus, DocumentIdentity

#: The note the store writes on an invalidation: ``terms changed since <12 hex digits>: …``.
_SINCE = re.compile(r"terms changed since ([0-9a-f]{12}):")
_SHOWN_CHARS = 80


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Events that recorded their document otherwise than its row now describes it.

    ``fields`` holds ``(field, recorded, stored)`` for each field that differs at event ``seq``,
    the first such event; ``later`` counts the later events that disagree with the row too.
    """

    seq: int
    document_sha256: str
    fields: tuple[tuple[str, str | None, str | None], ...]
    later: int = 0


@dataclass(frozen=True, slots=True)
class SplitSeries:
    """An invalidation whose two versions are no longer in one series.

    Event ``seq`` was written on version ``document_sha256`` (of series ``series``) because it
    replaced ``earlier_sha256``, now of series ``earlier_series``; ``later`` counts further such
    invalidations between the same two versions.
    """

    seq: int
    document_sha256: str
    earlier_sha256: str
    series: str
    earlier_series: str
    later: int = 0


Finding = Disagreement | SplitSeries


def invalidated_since(event: ConsentEvent) -> str | None:
    """The 12-digit SHA-256 prefix of the version an invalidation's consent was given on, or None
    when ``event`` is no invalidation the store wrote on a terms change."""
    if event.status is not ConsentStatus.INVALIDATED or event.method != "terms-change":
        return None
    match = _SINCE.match(event.note)
    return match.group(1) if match else None


class IdentityAudit:
    """Collects, event by event, where the events contradict the documents they name.

    ``documents`` maps each SHA-256 to the identity its row (or export entry) gives now. Give
    :meth:`see` only events whose content matches their hash: an edited event's identity proves
    nothing. Events whose document is not there are left alone: that is another problem, reported
    elsewhere. Memory grows with the number of documents, not of events.
    """

    def __init__(self, documents: Mapping[str, DocumentIdentity]) -> None:
        self._documents = documents
        self._by_prefix: dict[str, list[str]] | None = None
        self._findings: dict[tuple[str, ...], Finding] = {}

    def see(self, event: ConsentEvent) -> None:
        stored = self._documents.get(event.document_sha256)
        if stored is None:
            return
        recorded = event.document_identity
        if recorded is not None and recorded != stored:
            self._note((event.document_sha256,), Disagreement(
                event.seq, event.document_sha256,
                tuple((name, getattr(recorded, name), getattr(stored, name))
                      for name in IDENTITY_FIELDS if getattr(recorded, name) != getattr(stored, name))))
        prefix = invalidated_since(event)
        if prefix is None:
            return
        series = recorded.series if recorded is not None else stored.series
        earlier = [sha for sha in self._prefixed(prefix) if sha != event.document_sha256]
        if earlier and all(self._documents[sha].series != series for sha in earlier):
            self._note((event.document_sha256, earlier[0]), SplitSeries(
                event.seq, event.document_sha256, earlier[0], series, self._documents[earlier[0]].series))

    def findings(self) -> list[Finding]:
        """What was found, by the first event concerned."""
        return sorted(self._findings.values(), key=lambda f: f.seq)

    def _note(self, key: tuple[str, ...], finding: Finding) -> None:
        first = self._findings.get(key)
        if first is None:
            self._findings[key] = finding
        else:
            self._findings[key] = _counted(first)

    def _prefixed(self, prefix: str) -> list[str]:
        if self._by_prefix is None:
            self._by_prefix = {}
            for sha in sorted(self._documents):
                self._by_prefix.setdefault(sha[:12], []).append(sha)
        return self._by_prefix.get(prefix, [])


def _counted(finding: Finding) -> Finding:
    if isinstance(finding, Disagreement):
        return Disagreement(finding.seq, finding.document_sha256, finding.fields, finding.later + 1)
    return SplitSeries(finding.seq, finding.document_sha256, finding.earlier_sha256, finding.series,
                       finding.earlier_series, finding.later + 1)


def shown(value: str | None) -> str:
    """A field value for a one-line message: quoted, cut to a readable length, or ``null``."""
    if value is None:
        return "null"
    return repr(value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "…")


def describe(finding: Finding) -> str:
    """A finding as ``verify`` reports it: one line, naming the event and the field."""
    if isinstance(finding, Disagreement):
        changes = ", and ".join(f"{name} {shown(now)} where the event recorded {shown(then)}"
                                for name, then, now in finding.fields)
        more = (f"; {finding.later} later event{'s' if finding.later > 1 else ''} recorded it as this one did"
                if finding.later else "")
        return (f"event {finding.seq}: its document {finding.document_sha256[:16]}… now has {changes} "
                f"(the document's description was edited after the event was recorded{more})")
    more = f"; so do {finding.later} later invalidations" if finding.later else ""
    return (f"event {finding.seq}: it invalidated a consent given on version {finding.earlier_sha256[:12]} "
            f"when version {finding.document_sha256[:12]} of the same document replaced it, but the two "
            f"are now in different series ({shown(finding.earlier_series)} and {shown(finding.series)}): "
            f"a document's series was edited{more}")

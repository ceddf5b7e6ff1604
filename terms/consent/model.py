"""Domain objects of the consent store: frozen dataclasses, no ORM.

Everything the store hands out is one of these; the SQLModel rows of
:mod:`terms.consent.storage` never leave that module. Times are UTC ISO 8601
strings (``2026-11-25T12:00:00.123456Z``) so they sort, hash and export the same
on every database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ConsentStatus(StrEnum):
    """A consent decision, stored as a short code; :attr:`dpv` gives the W3C DPV name."""

    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    INVALIDATED = "invalidated"   # the terms changed under a given consent: needs re-review
    EXPIRED = "expired"

    @property
    def dpv(self) -> str:
        """The W3C Data Privacy Vocabulary term, e.g. ``dpv:ConsentGiven``."""
        return "dpv:Consent" + self.value.capitalize()

    @property
    def permits(self) -> bool:
        return self is ConsentStatus.GIVEN


#: Statuses a member records themselves; ``invalidated`` and ``expired`` come from the store.
MEMBER_STATUSES = (ConsentStatus.GIVEN, ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)


@dataclass(frozen=True, slots=True)
class Member:
    """A person (profile) on this machine or in an organisation's registry. Names are unique."""

    name: str
    created_at: str


@dataclass(frozen=True, slots=True)
class ClauseRef:
    """A clause shown to the member for a topic: its id, content fingerprint and text."""

    clause_id: str
    fingerprint: str
    quote: str


def quotes_a_clause(quote: str, text: str) -> bool:
    """Whether ``quote`` is a clause of ``text`` as the parser sets clauses out: found whole, from a
    line's start (after its indentation) to a line's end. A topic clause's quote is no part of any
    hash, so this is what ties it to the document's text, which its SHA-256 proves: an edited
    quote of "We" is a piece of almost any text, but no clause of it."""
    if not quote:
        return False
    at = text.find(quote)
    while at >= 0:
        end = at + len(quote)
        line_start = text.rfind("\n", 0, at) + 1
        if (end == len(text) or text[end] == "\n") and not text[line_start:at].strip(" "):
            return True
        at = text.find(quote, at + 1)
    return False


@dataclass(frozen=True, slots=True)
class PackInfo:
    """The rule pack that chose which clauses were shown."""

    id: str
    version: str
    sha256: str


_KIND_NAMES = {"terms": "terms of service", "privacy": "privacy policy", "other": "document"}


@dataclass(frozen=True, slots=True)
class DocumentIdentity:
    """What a stored document version is, apart from its text (which its SHA-256 covers).

    These fields decide which consents are in force: ``series`` groups the versions of one
    document (a decision on one version supersedes those on the others), ``effective_date`` and
    ``added_at`` order them; the rest name the version for people. Events carry the identity of
    their document as it was when they were recorded, under their hash, so that a document row
    edited afterwards shows (see :mod:`terms.consent.identity`).
    """

    series: str
    title: str | None
    service: str | None
    kind: str
    version_label: str | None
    effective_date: str | None
    source: str | None
    format: str
    added_at: str

    def as_json(self) -> dict[str, str | None]:
        """The fields as a JSON object, as the hash and the JSON export write them."""
        return {name: getattr(self, name) for name in IDENTITY_FIELDS}


#: The fields of :class:`DocumentIdentity`, in the order messages name them.
IDENTITY_FIELDS = ("series", "title", "service", "kind", "version_label", "effective_date", "source",
                   "format", "added_at")
#: Those that are text in every stored document (the others may be null).
REQUIRED_IDENTITY_FIELDS = frozenset({"series", "kind", "format", "added_at"})


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document version exactly as presented: full text plus its SHA-256.

    ``series`` groups the versions of one document (same service, kind and title
    unless given explicitly); ``topic_clauses`` holds, per topic id, the clauses
    that bore on that topic in this version.
    """

    sha256: str
    series: str
    title: str | None
    service: str | None
    kind: str
    version_label: str | None
    effective_date: str | None
    source: str | None
    format: str
    added_at: str
    text: str
    topic_clauses: tuple[tuple[str, tuple[ClauseRef, ...]], ...] = ()

    @property
    def identity(self) -> DocumentIdentity:
        """Everything but the text and the topic clauses: what an event's hash covers of it."""
        return DocumentIdentity(self.series, self.title, self.service, self.kind, self.version_label,
                                self.effective_date, self.source, self.format, self.added_at)

    def clauses_for(self, topic: str) -> tuple[ClauseRef, ...]:
        """The clauses bearing on ``topic`` in this version (empty when none do)."""
        for tid, refs in self.topic_clauses:
            if tid == topic:
                return refs
        return ()

    @property
    def display_name(self) -> str:
        """The version as people name it: title (or file name, or service) and version or date."""
        name = self.title or self.source or self.service or "untitled document"
        return f"{name} ({self.version_label or self.effective_date or self.sha256[:12]})"

    @property
    def about(self) -> str:
        """What kind of document and whose, for a reader: "terms of service of Caducea Network".

        Shown where the series is meant; the series key itself is for machines (JSON export).
        """
        kind = _KIND_NAMES.get(self.kind, self.kind)
        return f"{kind} of {self.service}" if self.service else kind


@dataclass(frozen=True, slots=True)
class ConsentEvent:
    """One append-only entry of the consent log, hash-chained to the one before it.

    ``document_identity`` is the document version's identity when the event was recorded; events
    recorded before ClearTerms kept it (schema revision 0004) have none, and their hashes leave it out.
    """

    seq: int
    member: str
    topic: str
    status: ConsentStatus
    document_sha256: str
    clauses: tuple[ClauseRef, ...]
    pack: PackInfo | None
    recorded_at: str
    method: str
    note: str
    expires_at: str | None
    prev_hash: str
    hash: str
    document_identity: DocumentIdentity | None = None


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to append: the store assigns its sequence number, time, document identity and hashes."""

    member: str
    topic: str
    status: ConsentStatus
    document_sha256: str
    clauses: tuple[ClauseRef, ...]
    pack: PackInfo | None = None
    method: str = "manual"
    note: str = ""
    expires_at: str | None = None


@dataclass(frozen=True, slots=True)
class ConsentState:
    """The current decision of one member on one topic of one document series.

    ``status`` is derived: a ``given`` consent past its ``expires_at`` reads as
    ``expired``; ``needs_review`` is true when the last event is an invalidation
    (the terms changed under a given consent).
    """

    member: str
    series: str
    topic: str
    status: ConsentStatus
    event: ConsentEvent

    @property
    def needs_review(self) -> bool:
        return self.event.status is ConsentStatus.INVALIDATED


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """How one clause bearing on a topic differs between two versions."""

    change: str                 # "changed", "added" or "removed"
    clause_id: str              # in the new version; for "removed", in the old one
    old_quote: str | None
    new_quote: str | None
    #: a changed clause that was also renumbered: its id in the old version (else None)
    old_clause_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReReview:
    """A consent the member must look at again because the terms changed under it."""

    member: str
    series: str
    topic: str
    old_document: str           # SHA-256 of the version the consent was given on
    new_document: str           # SHA-256 of the version that replaced it
    changes: tuple[ClauseChange, ...]
    event: ConsentEvent         # the invalidation event


@dataclass(frozen=True, slots=True)
class NewQuestion:
    """A question the newest version of a document asks that the version a member last answered on
    did not: no clause there bore on it (AI training, added by a later version), and the member has
    not answered it since. Nothing was consented to, so nothing is invalidated; the app and
    ``consent review`` point it out so that it is not missed among the questions never answered."""

    member: str
    series: str
    topic: str
    answered_on: str            # SHA-256 of the version of the member's latest decision in the series
    new_document: str           # SHA-256 of the newest version, where clauses bear on the topic
    clauses: tuple[ClauseRef, ...]


@dataclass(frozen=True, slots=True)
class AddedDocument:
    """What :meth:`ConsentStore.add_document` did: the stored version and any invalidations."""

    document: StoredDocument
    is_new: bool
    invalidated: tuple[ConsentEvent, ...]
    #: topics the version, already stored, had no clauses for and now has (topics new to this
    #: release of ClearTerms, see :meth:`ConsentStore.add_document`)
    new_topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """Result of checking the store: the hash chain, every event's references, every document's text.

    ``first_bad_seq`` is the first event with a problem (None when there is none); ``problems``
    lists every problem found, one line each, and ``problem`` sums them up on one line. ``notes``
    are what the store would not have written but proves no edit (a time that runs backwards,
    see :mod:`terms.consent.consistency`): the records still check out.
    """

    events: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str = ""
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None and not self.problems


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The complete content of a store, in canonical order: what exports are made from."""

    members: tuple[Member, ...]
    documents: tuple[StoredDocument, ...]
    events: tuple[ConsentEvent, ...]

    def document(self, sha256: str) -> StoredDocument:
        for doc in self.documents:
            if doc.sha256 == sha256:
                return doc
        raise KeyError(sha256)

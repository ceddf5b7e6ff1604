"""The consent store's service API: members, documents, the append-only log, derived state.

Typical use (the CLI and the desktop consent view both do this)::

    from terms.consent import open_store, ConsentStatus

    with open_store() as store:                 # --db / $CLEARTERMS_DB / user data dir
        store.add_member("dr-lee")
        added = store.add_document(document, analysis.flags, pack=pack_info)
        store.record("dr-lee", "client-access", ConsentStatus.REFUSED, added.document.sha256)
        for state in store.current_state("dr-lee"):
            print(state.topic, state.status, state.needs_review)

Nothing is ever updated in place. Decisions are events; the current state is the
last event per (member, document series, topic), a ``given`` consent reading as
``expired`` once past its expiry. When a new version of a document series is
added, every ``given`` consent in that series whose topic clauses changed gets an
``invalidated`` event (method ``terms-change``, the changed clause ids in the
note): it then shows in :meth:`ConsentStore.pending_reviews` until the member
records a new decision on the new version. A version whose stated effective date is
earlier than that of the version a consent was given on (history stored after the
fact) does not invalidate it.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from glob import escape as glob_escape
from pathlib import Path, PurePosixPath

from terms.consent.chain import audit_chain, summarise, verify_events
from terms.consent.clauses import DefinitionStood, clause_changes, describe_changes, topic_clauses
from terms.consent.consistency import LogAudit
from terms.consent.identity import IdentityAudit, describe
from terms.consent.location import Location, resolve_location
from terms.consent.model import (
    MEMBER_STATUSES,
    AddedDocument,
    ClauseRef,
    ConsentEvent,
    ConsentState,
    ConsentStatus,
    Member,
    NewEvent,
    NewQuestion,
    PackInfo,
    ReReview,
    Snapshot,
    StoredDocument,
    VerifyReport,
    quotes_a_clause,
)
from terms.consent.storage import CLOCK_SLACK, Storage, member_key, open_storage, sync_folder
from terms.errors import ChainBroken, StorageError, TermsError
from terms.filelayout import dated_version
from terms.model import Document, Flag, sha256_text
from terms.textnorm import LONE_SURROGATE
from terms.topics import Topic, load_topics

_MEMBER_NAME = re.compile(r"^[^\s].{0,199}$")
#: The longest note a decision may carry. A note says why, or who asked; a long text belongs in the
#: document. It also bounds what every export and report must lay out.
MAX_NOTE_CHARS = 10_000
#: Characters a stored name or note may not hold: C0/C1 controls (terminal escape codes among them)
#: and the bidirectional overrides and isolates that make text read otherwise than it is stored.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_HEX = re.compile(r"[0-9a-f]+")
#: The fewest leading hex digits of a SHA-256 that name a stored document version.
MIN_SHA_PREFIX = 8
#: What a member can withdraw: a consent given, also once expired or invalidated by a terms change.
_WITHDRAWABLE = (ConsentStatus.GIVEN, ConsentStatus.EXPIRED, ConsentStatus.INVALIDATED)


def utc_now() -> str:
    """The current UTC time as stored: ISO 8601 with microseconds and a ``Z``."""
    return format_time(datetime.now(UTC))


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def expiry_after(days: int, start: str | None = None) -> str:
    """The stored time ``days`` days after ``start`` (default: now); one past the year 9999 is refused."""
    base = datetime.fromisoformat(start.replace("Z", "+00:00")) if start else datetime.now(UTC)
    try:
        return format_time(base + timedelta(days=days))
    except OverflowError:
        raise TermsError(f"an expiry {days} days away is beyond the calendar (after the year 9999)",
                         hint="Give a shorter period, or none for a consent without an end date.") from None


def valid_expiry(status: ConsentStatus, expires_at: str | None) -> None:
    """An end date belongs to consent given: a refusal or a withdrawal with one would read as
    "refused until …", which no export can say (FHIR's deny has no end, and after the date the
    record still says refused); else :class:`TermsError`."""
    if expires_at is not None and status is not ConsentStatus.GIVEN:
        raise TermsError(f"an end date applies to consent given, not to a decision {status.value}",
                         hint="Leave out the end date (--expires-in-days) for a refusal or a withdrawal; "
                              "they stand until the member decides again.")


def valid_note(note: str) -> str:
    """``note`` if a decision may carry it: at most :data:`MAX_NOTE_CHARS` characters, and no
    control characters other than newline and tab; else :class:`TermsError`."""
    if len(note) > MAX_NOTE_CHARS:
        raise TermsError(f"the note is {len(note):,} characters long; a note may have at most "
                         f"{MAX_NOTE_CHARS:,}", hint="Shorten the note; a long text belongs in the document.")
    _refuse_undecodable("the note", note)
    if bad := _CONTROL.search(note.replace("\n", " ").replace("\t", " ")):
        raise TermsError(f"the note holds the control character U+{ord(bad.group()):04X}; only printable "
                         "characters, newlines and tabs are allowed")
    return note


MAX_METHOD_CHARS = 200


def valid_method(method: str, *, imported: bool = False) -> str:
    """``method`` if a decision may say it was collected so ("desktop", "paper-form"): 1 to
    :data:`MAX_METHOD_CHARS` printable characters (it is printed in every export and in
    ``history``, where escape codes could hide lines); else :class:`TermsError`. An ``imported``
    one may be empty, as earlier versions recorded it."""
    _refuse_undecodable("the method", method)
    if bad := _CONTROL.search(method):
        raise TermsError(f"the method holds the control character U+{ord(bad.group()):04X}; use "
                         "printable characters only")
    if len(method) > MAX_METHOD_CHARS or not (method.strip() or imported):
        raise TermsError(f"the method must have 1 to {MAX_METHOD_CHARS} characters (it has "
                         f"{len(method.strip()):,})", hint="Say in a word or two how the decision was "
                         "collected, such as paper-form or phone.")
    return method


def valid_member_name(name: str) -> str:
    """``name`` with its spacing tidied (runs of spaces, tabs or newlines made one space, none at the
    ends) if it may name a member: 1–200 characters, no control characters, no bytes that were not
    UTF-8, no invisible format character at either end; else :class:`TermsError`."""
    name = " ".join(name.split())   # tabs and newlines are spacing too
    _refuse_undecodable(f"the member name {shown_name(name)}", name)
    if bad := _CONTROL.search(name):
        raise TermsError(f"invalid member name {shown_name(name)}: it holds the control character "
                         f"U+{ord(bad.group()):04X}; use printable characters only",
                         hint="Type the name without escape codes or other control characters.")
    if name and (unicodedata.category(name[0]) == "Cf" or unicodedata.category(name[-1]) == "Cf"):
        edge = name[0] if unicodedata.category(name[0]) == "Cf" else name[-1]
        raise TermsError(f"invalid member name {shown_name(name)}: it begins or ends with the invisible "
                         f"character U+{ord(edge):04X} ({unicodedata.name(edge, 'a format character')})",
                         hint="Type the name again without the invisible character (it may have come "
                              "with a copied name).")
    if not _MEMBER_NAME.match(name):
        raise TermsError(f"invalid member name {shown_name(name)}: use 1 to 200 characters"
                         + (f" (it has {len(name):,})" if name else ""))
    return name


#: Characters of a name quoted in a message: a message naming a 5,000-character name widened the
#: window past the screen.
SHOWN_NAME_CHARS = 60


def shown_name(name: str) -> str:
    """``name`` quoted for a message (``repr``, so escapes and invisible characters show), cut
    after :data:`SHOWN_NAME_CHARS` characters."""
    return repr(name) if len(name) <= SHOWN_NAME_CHARS else repr(name[:SHOWN_NAME_CHARS]) + "…"


def _refuse_undecodable(what: str, text: str) -> None:
    """Refuse text holding what Python makes of bytes that are not UTF-8 (lone surrogates): such
    text cannot be stored, exported or shown."""
    if bad := LONE_SURROGATE.search(text):
        code = ord(bad.group())
        byte = f" (the byte 0x{code - 0xDC00:02X})" if 0xDC80 <= code <= 0xDCFF else ""
        raise TermsError(f"{what} is not valid text: it holds characters that are not UTF-8{byte}",
                         hint="Type it again in a UTF-8 terminal, or set the locale to UTF-8 "
                              "(for example LANG=C.UTF-8).")


_STORED_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def valid_time(value: str) -> str:
    """``value`` if it is a time exactly as the store writes one (:func:`format_time`: UTC, to the
    microsecond, ending in "Z"), else :class:`TermsError`. Times are compared as text, so any other
    form, even of the same moment ("+14:00"), would be misread: a consent already expired was
    shown in force."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or not _STORED_TIME.fullmatch(value):
        raise TermsError(f"{value!r} is not a time as ClearTerms records one: UTC, to the microsecond, "
                         "for example 2026-03-03T09:30:00.000000Z")
    return value


def is_newer(a: StoredDocument, b: StoredDocument, versions: tuple[StoredDocument, ...]) -> bool:
    """Whether version ``a`` of a series is newer than ``b``: by stated effective date where both
    state a different one, else by their order in ``versions`` (the series in the order added)."""
    if a.effective_date and b.effective_date and a.effective_date != b.effective_date:
        return a.effective_date > b.effective_date
    order = [v.sha256 for v in versions]
    return order.index(a.sha256) > order.index(b.sha256)


def newest_of(versions: tuple[StoredDocument, ...]) -> StoredDocument:
    """The newest of a series' versions (given in the order added; see :func:`is_newer`)."""
    newest = versions[0]
    for version in versions[1:]:
        if is_newer(version, newest, versions):
            newest = version
    return newest


#: pairs of stored versions :meth:`ConsentStore._stood` keeps
_STOODS_KEPT = 8


def _invalidation(given: NewEvent | ConsentEvent, new: StoredDocument, pack: PackInfo | None,
                  stood: DefinitionStood) -> NewEvent | None:
    """The store's ``invalidated`` event for a consent ``given`` on an older version, where the clauses
    of its topic differ in ``new``; None where they do not. ``stood``: the given version's
    definitions that only now bear on the topic."""
    changes = clause_changes(given.clauses, new.clauses_for(given.topic), stood)
    if not changes:
        return None
    return NewEvent(member=given.member, topic=given.topic, status=ConsentStatus.INVALIDATED,
                    document_sha256=new.sha256, clauses=new.clauses_for(given.topic), pack=pack,
                    method="terms-change",
                    note=f"terms changed since {given.document_sha256[:12]}: {describe_changes(changes)}")


def series_key(document: Document) -> str:
    """The series a document version belongs to: service, kind and title, case-folded.

    Versions of one document share a key, so adding a new version is recognised. Without a
    service, a title ("Privacy Policy") names no one document: two companies' untitled policies
    would be filed as versions of one, and consent given on one asked to be reviewed on the other.
    Such a document is named by its file (by the folders of ``<service>/<document>/<date>.md``, as
    the app's library names it), else by its text (a series of its own).
    """
    if document.service:
        return "|".join([document.service.casefold().strip(), str(document.kind),
                         (document.title or "").casefold().strip()])
    path = _source_path(document.source)
    if path is not None:
        folders = dated_version(path)
        return f"file|{'/'.join(folders) if folders else path.name}".casefold()
    return f"sha256|{document.sha256}"


def _source_path(source: str | None) -> PurePosixPath | None:
    """A document's file as an absolute path (however it was typed), or None for standard input
    or a text without a file."""
    if not source or source == "-" or source.startswith("<"):
        return None
    return PurePosixPath(os.path.abspath(os.path.expanduser(source.replace("\\", "/"))))


def earlier_series_key(document: Document) -> str | None:
    """The key ClearTerms 0.1 filed a document naming no service under: its kind and title alone
    (see :meth:`ConsentStore.earlier_series_of`)."""
    if document.service or not document.title:
        return None
    return "|".join(["", str(document.kind), document.title.casefold().strip()])


def library_series(service: str, title: str) -> str:
    """The series the app files a version under: the library document it is listed as (service and
    title as the library names them)."""
    return f"library|{service.casefold()}|{title.casefold()}"


def series_service(series: str) -> str | None:
    """The service's name (case-folded) in a series key of :func:`series_key` or
    :func:`library_series`; None for a series named after a file or a text."""
    parts = series.split("|")
    if parts[0] == "library" and len(parts) == 3:
        return parts[1] or None
    if parts[0] in ("file", "sha256") or len(parts) != 3:
        return None
    return parts[0] or None


def series_keys(document: Document) -> tuple[str, ...]:
    """The series a version may already be stored under: the command line's (:func:`series_key`)
    and the app's (:func:`library_series`), which name one document differently."""
    keys = [series_key(document)]
    if document.service and document.title:
        keys.append(library_series(document.service, document.title))
    return tuple(keys)


def open_store(
    db: str | None = None, *, topics: tuple[Topic, ...] | None = None, create: bool = True
) -> ConsentStore:
    """Open the consent store at ``db`` (path or URL; default ``$CLEARTERMS_DB`` or the user data dir).

    Creates and migrates it as needed. Raises :class:`~terms.errors.StorageError`
    (or its subclasses ``StoreCorrupt``/``StoreTooNew``) with a one-line message. With
    ``create=False`` (for reading only) a location that holds no store yet raises
    :class:`~terms.errors.StoreMissing` and nothing is created: a mistyped path must
    not become an empty store that reads as "nothing recorded".
    """
    location = resolve_location(db)
    return ConsentStore(open_storage(location, create=create), location,
                        topics if topics is not None else load_topics())


def started_note(location: Location) -> str | None:
    """The note for a store just started at ``location``, where ``--db`` or ``CLEARTERMS_DB`` named
    it (None for the default store)."""
    if location.origin == "default":
        return None
    named = "--db" if location.origin == "given" else "CLEARTERMS_DB"
    return f"started a new consent store at {location.display} (named by {named})"


def import_into_new_store(db: str | None, snapshot: Snapshot, *,
                          topics: tuple[Topic, ...] | None = None) -> tuple[str, ...]:
    """Restore ``snapshot`` into the store at ``db`` (see :meth:`ConsentStore.import_snapshot`);
    returns the import's notes.

    Where ``db`` names an SQLite file that does not exist yet, the store is made and filled under
    a temporary name in the same folder and linked into place only once the import is committed:
    an import killed midway left the new, empty store behind, which verified as "ok: 0 events".
    Elsewhere (an existing file, a server) the store is opened and the import is one transaction.
    """
    location = resolve_location(db)
    path = location.path
    if path is None or path.exists():
        with open_store(db, topics=topics) as store:
            return store.import_snapshot(snapshot)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_imports(path)
    staging = path.with_name(f".{path.name}.{os.getpid()}.importing")
    try:
        with open_store(str(staging), topics=topics) as store:
            notes = store.import_snapshot(snapshot)
        appeared = False
        try:
            os.link(staging, path)
        except FileExistsError:
            appeared = True
        except OSError:   # a file system without hard links
            appeared = path.exists()
            if not appeared:
                os.replace(staging, path)
        if appeared:
            raise StorageError(f"{location.display}: a store appeared there while the import ran; nothing "
                               "was imported into it", hint="Import into a new, empty store (--db NEW-FILE).")
        sync_folder(path.parent)
        return notes
    finally:
        for leftover in (staging, *(staging.with_name(staging.name + end) for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def _remove_abandoned_imports(path: Path) -> None:
    """Delete what imports into ``path`` that were killed left (``.NAME.PID.importing`` of a process
    no longer running, with its ``-wal`` and ``-shm``)."""
    for leftover in path.parent.glob(f".{glob_escape(path.name)}.*.importing*"):
        pid = leftover.name[len(path.name) + 2:].split(".", 1)[0]
        if not pid.isdigit() or _running(int(pid)):
            continue
        leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:   # another user's process, or a platform without signals
        return True
    return True


#: what to do when the store was found edited
VERIFY_HINT = "Run `clearterms consent verify` to see what changed, and restore the store from a backup."


def _shown_clauses(doc: StoredDocument, topic: str) -> tuple[ClauseRef, ...]:
    """The clauses a decision on ``topic`` quotes from ``doc``, once their quotes are found to be
    clauses of its text and the text to match its SHA-256: they are stored outside every hash, and
    a decision seals them into its own (an edited quote would become part of the proof)."""
    refs = doc.clauses_for(topic)
    if refs and sha256_text(doc.text) != doc.sha256:
        raise ChainBroken(f"nothing was recorded: the stored text of {doc.display_name} does not match "
                          "its SHA-256 (the store was edited)", hint=VERIFY_HINT)
    for ref in refs:
        if not quotes_a_clause(ref.quote, doc.text):
            raise ChainBroken(f"nothing was recorded: the clause {ref.clause_id} stored for topic {topic} "
                              f"is no clause of the text of {doc.display_name} (the store was edited)",
                              hint=VERIFY_HINT)
    return refs


class ConsentStore:
    """An open consent store. Thread use: one store per thread (it holds a connection pool)."""

    def __init__(self, storage: Storage, location: Location, topics: tuple[Topic, ...]) -> None:
        self._storage = storage
        self.location = location
        self.topics = topics
        self._topic_ids = {t.id for t in topics}
        # by the two versions' SHA-256: a stored version's text never changes
        self._stoods: dict[tuple[str, str], DefinitionStood] = {}

    def close(self) -> None:
        self._storage.close()

    @property
    def read_only(self) -> bool:
        """Whether the store was opened only to be read (it cannot be written: see
        :func:`~terms.consent.storage.open_storage`)."""
        return self._storage.read_only

    @property
    def started(self) -> bool:
        """Whether opening it started this store: nothing was recorded in it before."""
        return self._storage.started

    @property
    def new_elsewhere(self) -> str | None:
        """For a store just started where ``--db`` or ``CLEARTERMS_DB`` points (not the default
        store), a note saying so: a mistyped path there starts an empty store, which would
        otherwise read as "nothing recorded"."""
        return started_note(self.location) if self.started else None

    def __enter__(self) -> ConsentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- members ------------------------------------------------------------

    def add_member(self, name: str) -> Member:
        """Add a member profile: 1–200 characters, spaces trimmed and runs of them made one.

        Names are unique regardless of case, spacing, how an accent is typed and invisible format
        characters ("Dr. E" and "dr.  e " are one person); the name is kept as first written.
        """
        name = valid_member_name(name)
        member = Member(name, utc_now())
        existing = self._storage.add_member(member)
        if existing is not None:
            same = ("" if existing.name == name
                    else f" ({shown_name(name)} differs from it only in case, spacing, how an accent is "
                         "typed or invisible characters)")
            raise TermsError(f"a member named {existing.name!r} already exists{same}")
        return member

    def list_members(self) -> tuple[Member, ...]:
        return self._storage.members()

    def member(self, name: str) -> Member:
        """The member named ``name``, also when written in another case or spacing."""
        members = self._storage.members()
        for m in members:
            if m.name == name:
                return m
        matches = [m for m in members if member_key(m.name) == member_key(name)]
        if len(matches) == 1:
            return matches[0]
        if matches:   # only in stores written before names were compared this way
            raise TermsError(f"member name {name!r} is ambiguous: "
                             + ", ".join(repr(m.name) for m in matches),
                             hint="Give the name exactly as `clearterms consent members` lists it.")
        raise TermsError(f"no member named {shown_name(name)}",
                         hint="List members with `clearterms consent members`, add one with "
                              "`clearterms consent members add NAME`.")

    # -- documents ----------------------------------------------------------

    def add_document(
        self,
        document: Document,
        flags: Iterable[Flag],
        *,
        pack: PackInfo | None = None,
        series: str | None = None,
        version_label: str | None = None,
        links: Mapping[str, Sequence[str]] | None = None,
    ) -> AddedDocument:
        """Store a document version (full text, hash, the clauses bearing on each topic; ``links``
        as for :func:`~terms.consent.clauses.topic_clauses`).

        If the series already holds other versions, ``given`` consents whose topic
        clauses differ in this version are invalidated (see the module docstring),
        unless this version states an effective date earlier than the consent's version.
        Adding a version that is already stored changes nothing, but for topics it has no clauses
        and no decisions for (a topic new to this release of ClearTerms, such as "ai-training" in
        0.4): their clauses are stored, as if the topic had been known when the version was added.
        """
        clauses = topic_clauses(document, flags, self.topics, links)
        stored = StoredDocument(
            sha256=document.sha256, series=series or series_key(document), title=document.title,
            service=document.service, kind=str(document.kind),
            version_label=version_label or document.effective_date, effective_date=document.effective_date,
            source=document.source, format=str(document.format), added_at=utc_now(), text=document.text,
            topic_clauses=tuple(sorted(clauses.items())),
        )
        with self._storage.transaction("store a document"):
            if not self._storage.insert_document(stored):
                linked = self._storage.add_topic_clauses(stored.sha256, clauses)
                return AddedDocument(self.document(stored.sha256), False, (), linked)
            return AddedDocument(stored, True, self._invalidate_changed(stored, pack))

    def refile_document(self, sha256: str, series: str, pack: PackInfo | None = None) -> AddedDocument:
        """File a stored version under another document's series, as a version of it (the app's "Add
        as New Version Of…"): the consents given on that document's other versions whose clauses
        differ in this one then need re-review, as if the version had been added to it first.

        Refused (:class:`StorageError`) once a decision is recorded on the version itself.
        Filing it where it is already filed changes nothing (``is_new`` false)."""
        with self._storage.transaction("file the document under another document"):
            stored = self.document(sha256)
            if stored.series == series:
                return AddedDocument(stored, False, ())
            self._storage.move_document(stored.sha256, series)
            moved = dataclasses.replace(stored, series=series)
            return AddedDocument(moved, True, self._invalidate_changed(moved, pack))

    def _invalidate_changed(self, new: StoredDocument, pack: PackInfo | None) -> tuple[ConsentEvent, ...]:
        invalidations: list[NewEvent] = []
        dates: dict[str, str | None] = {}
        for state in self._states(series=new.series):
            latest = state.event
            if latest.document_sha256 == new.sha256 or not (state.status is ConsentStatus.GIVEN
                                                            or state.needs_review):
                continue
            if latest.document_sha256 not in dates:
                dates[latest.document_sha256] = self.document(latest.document_sha256).effective_date
            latest_date = dates[latest.document_sha256]
            if new.effective_date and latest_date and new.effective_date < latest_date:
                continue   # an older version stored after the fact: the consent's text is still current
            # a consent already waiting for re-review is asked about again against this newer
            # version, so that the review shows every change since the member's answer and names
            # the text to answer on (it showed the first newer version's changes only)
            given = latest if state.status is ConsentStatus.GIVEN else self._answer_under_review(state)
            if given is None:
                continue
            stood = self._stood(given.document_sha256, new.sha256)
            if invalidation := _invalidation(given, new, pack, stood):
                invalidations.append(invalidation)
        return self._storage.append(invalidations, utc_now)

    def _stood(self, consented: str, new: str) -> DefinitionStood:
        """Which definitions only now bearing on a topic in the version with SHA-256 ``new`` stood in
        the version ``consented``: one terms change compares many consents with the same two
        versions, and each version's text is read, and its definitions found, once."""
        key = (consented, new)
        stood = self._stoods.get(key)
        if stood is None:
            if len(self._stoods) >= _STOODS_KEPT:
                self._stoods.pop(next(iter(self._stoods)))
            texts = self.document(consented).text, self.document(new).text
            stood = self._stoods[key] = DefinitionStood(*texts)
        return stood

    def _answer_under_review(self, state: ConsentState) -> ConsentEvent | None:
        """The consent given before the invalidation ``state`` ends with (None if there is none)."""
        events = self._storage.events(member=state.member, topic=state.topic, series=state.series,
                                      checked=True)
        earlier = [e for e in events if e.seq < state.event.seq and e.status is ConsentStatus.GIVEN]
        return earlier[-1] if earlier else None

    def document(self, sha256: str) -> StoredDocument:
        """The stored version with this SHA-256, or with the one hash starting with this prefix.

        The command line shows hashes cut to 12 digits, so a prefix of at least
        :data:`MIN_SHA_PREFIX` hex digits is accepted; one that several versions share is refused,
        naming them.
        """
        wanted = sha256.strip().lower()
        if len(wanted) != 64:
            wanted = self._full_sha(wanted)
        doc = self._storage.document(wanted)
        if doc is None:
            raise TermsError(f"no stored document with SHA-256 {sha256}",
                             hint="Add the document first (`clearterms consent add-version FILE`).")
        return doc

    def _full_sha(self, prefix: str) -> str:
        if len(prefix) < MIN_SHA_PREFIX or not _HEX.fullmatch(prefix):
            raise TermsError(f"{prefix!r} is not a document SHA-256 or a prefix of one",
                             hint=f"Give the 64 hex digits, or at least the first {MIN_SHA_PREFIX} as "
                                  "`consent history` or `consent review` shows them.")
        matches = sorted(sha for sha in self._storage.document_series() if sha.startswith(prefix))
        if not matches:
            raise TermsError(f"no stored document has a SHA-256 starting with {prefix}",
                             hint="Check the hash in `clearterms consent history`; a version not yet "
                                  "stored is added with `clearterms consent add-version FILE`.")
        if len(matches) > 1:
            raise TermsError(f"SHA-256 prefix {prefix} is ambiguous: it starts "
                             + ", ".join(sha[:16] + "…" for sha in matches),
                             hint="Give more digits of the hash (or all 64).")
        return matches[0]

    def series_in_use(self, candidates: Iterable[str]) -> str | None:
        """The first of ``candidates`` under which a version is already stored, or None.

        The command line and the app name a document's series each their own way (see
        :func:`series_keys`); a version added by one joins the versions the other stored, so that
        its consents are compared with them and asked to be reviewed again.
        """
        stored = set(self._storage.document_series().values())
        return next((key for key in candidates if key in stored), None)

    def earlier_series_of(self, document: Document) -> str | None:
        """The series a document naming no service was filed under by ClearTerms 0.1 (kind and title
        alone, :func:`earlier_series_key`), if a version stored there came from a file of the same
        name: consents given on it are still asked to be reviewed when the next version is added,
        while another company's policy of the same title is not joined to them."""
        key = earlier_series_key(document)
        path = _source_path(document.source)
        if key is None or path is None or key not in set(self._storage.document_series().values()):
            return None
        names = {p.name for p in (_source_path(d.source) for d in self.documents(key)) if p is not None}
        return key if path.name in names else None

    def documents(self, series: str | None = None) -> tuple[StoredDocument, ...]:
        """Stored document versions (with full text), by series and in the order added."""
        return self._storage.documents(series)

    def topic(self, topic_id: str) -> Topic:
        for t in self.topics:
            if t.id == topic_id:
                return t
        known = ", ".join(t.id for t in self.topics)
        raise TermsError(f"unknown consent topic {topic_id!r} (known: {known})")

    # -- recording ----------------------------------------------------------

    def record(
        self,
        member: str,
        topic: str,
        status: ConsentStatus | str,
        document_sha256: str,
        *,
        clauses: tuple[ClauseRef, ...] | None = None,
        pack: PackInfo | None = None,
        method: str = "manual",
        note: str = "",
        expires_at: str | None = None,
    ) -> ConsentEvent:
        """Append a member's decision on a topic for the exact document version shown.

        ``clauses`` defaults to the stored clauses bearing on the topic in that
        version. Only ``given``, ``refused`` and ``withdrawn`` are recorded by
        members; the store itself writes ``invalidated``. ``withdrawn`` needs a consent to
        withdraw (see :meth:`require_withdrawable`).
        """
        with self._storage.transaction("record consent"):
            self._check_record(member)
            event = self._decision(member, topic, status, document_sha256, clauses=clauses, pack=pack,
                                   method=method, note=note, expires_at=expires_at)
            return self._storage.append([event, *self._outdated([event])], utc_now)[0]

    def record_decisions(
        self,
        member: str,
        document_sha256: str,
        choices: Mapping[str, ConsentStatus | str],
        *,
        pack: PackInfo | None = None,
        method: str = "manual",
    ) -> tuple[ConsentEvent, ...]:
        """A member's decisions on several topics (topic id -> status) for one document version,
        in one transaction: each is checked as :meth:`record` checks it before any is written,
        so an error or a crash leaves no half-recorded set."""
        with self._storage.transaction("record consent"):
            self._check_record(member)
            events = [self._decision(member, topic, status, document_sha256, pack=pack, method=method)
                      for topic, status in choices.items()]
            outdated = self._outdated(events)
            return tuple(self._storage.append([*events, *outdated], utc_now))[:len(events)]

    def _check_record(self, member: str) -> None:
        """Nothing is added to a member's record that was changed outside ClearTerms: an edited
        withdrawal would read as consent still given (once per write, not per decision)."""
        self._storage.check_events(member=self.member(member).name)

    def _decision(
        self,
        member: str,
        topic: str,
        status: ConsentStatus | str,
        document_sha256: str,
        *,
        clauses: tuple[ClauseRef, ...] | None = None,
        pack: PackInfo | None = None,
        method: str = "manual",
        note: str = "",
        expires_at: str | None = None,
    ) -> NewEvent:
        """The event :meth:`record` appends, once member, topic, document and status are checked."""
        status = self._member_status(status)
        valid_expiry(status, expires_at)
        valid_note(note)
        valid_method(method)
        member = self.member(member).name
        self.topic(topic)
        doc = self.document(document_sha256)
        if status is ConsentStatus.WITHDRAWN:
            self.require_withdrawable(member, topic, doc.series)
        return NewEvent(member, topic, status, doc.sha256,
                        clauses if clauses is not None else _shown_clauses(doc, topic),
                        pack if pack is not None else self._pack_of(doc), method, note, expires_at)

    def _pack_of(self, doc: StoredDocument) -> PackInfo | None:
        """The rule pack this version's topic clauses were found with, as the latest event on it that
        names one records it (a decision recorded with the document, or the re-review requests
        written when it was added); None if no event on it names one."""
        packs = [e.pack for e in self._storage.events(series=doc.series)
                 if e.document_sha256 == doc.sha256 and e.pack is not None]
        return packs[-1] if packs else None

    def _outdated(self, events: list[NewEvent]) -> list[NewEvent]:
        """Re-review requests for consents given on a version older than the newest stored one of
        its series, where the topic's clauses differ: the same ``invalidated`` event adding the
        newer version would have written, had the consent been recorded first."""
        invalidations: list[NewEvent] = []
        series: dict[str, tuple[StoredDocument, ...]] = {}   # one read per series, not per decision
        for event in events:
            if event.status is not ConsentStatus.GIVEN:
                continue
            shown = self.document(event.document_sha256)
            if shown.series not in series:
                series[shown.series] = self.documents(shown.series)
            versions = series[shown.series]
            newest = newest_of(versions)
            if not is_newer(newest, shown, versions):
                continue
            stood = self._stood(shown.sha256, newest.sha256)
            if invalidation := _invalidation(event, newest, self._pack_of(newest), stood):
                invalidations.append(invalidation)
        return invalidations

    def require_withdrawable(self, member: str, topic: str, series: str) -> None:
        """Refuse a withdrawal of a consent the member has not given in this document series.

        A consent given (even if it has since expired or awaits re-review) can be withdrawn;
        withdrawing a refusal, a withdrawal or nothing at all would record a decision the
        member never made.
        """
        member = self.member(member).name
        states = self._states(member=member, series=series)
        current = next((s.status for s in states if s.topic == topic), None)
        if current not in _WITHDRAWABLE:
            raise TermsError(f"nothing to withdraw: {member} has not allowed {topic}",
                             hint="Only a consent that was given can be withdrawn; to say no, record "
                                  "--status refuse instead.")

    def record_many(self, events: Iterable[NewEvent], *, batch_size: int = 10_000) -> int:
        """Append many events, one transaction per batch; returns how many were stored.

        Members and documents must exist (the database enforces it); statuses are
        taken as given, so imports of derived statuses are possible. The chain stays
        intact across batches.
        """
        count = 0
        batch: list[NewEvent] = []
        for event in events:
            batch.append(event)
            if len(batch) >= batch_size:
                count += len(self._storage.append(batch, utc_now))
                batch = []
        count += len(self._storage.append(batch, utc_now))
        return count

    @staticmethod
    def _member_status(status: ConsentStatus | str) -> ConsentStatus:
        try:
            value = ConsentStatus(status)
        except ValueError:
            value = None
        if value not in MEMBER_STATUSES:
            allowed = ", ".join(s.value for s in MEMBER_STATUSES)
            raise TermsError(f"invalid consent status {status!r} (use {allowed})")
        return value

    # -- reading ------------------------------------------------------------

    def history(
        self, member: str | None = None, *, topic: str | None = None, series: str | None = None
    ) -> tuple[ConsentEvent, ...]:
        """Events in chain order, optionally for one member, topic and/or document series."""
        if member is not None:
            member = self.member(member).name
        return tuple(self._storage.events(member=member, topic=topic, series=series, checked=True))

    def iter_events(self) -> Iterator[ConsentEvent]:
        """Every event in chain order, streamed (for large exports)."""
        return self._storage.events()

    def current_state(
        self, member: str, series: str | None = None, *, now: str | None = None
    ) -> tuple[ConsentState, ...]:
        """The member's current decision per (series, topic), sorted by series then topic."""
        member = self.member(member).name
        return self._states(member=member, series=series, now=now)

    def _states(
        self, *, member: str | None = None, series: str | None = None, now: str | None = None
    ) -> tuple[ConsentState, ...]:
        series_of = self._storage.document_series()
        last: dict[tuple[str, str, str], ConsentEvent] = {}
        for event in self._storage.events(member=member, series=series, checked=True):
            last[(event.member, series_of[event.document_sha256], event.topic)] = event
        moment = now or utc_now()
        states = []
        for (who, ser, topic), event in sorted(last.items()):
            status = event.status
            if status is ConsentStatus.GIVEN and event.expires_at and event.expires_at <= moment:
                status = ConsentStatus.EXPIRED
            states.append(ConsentState(who, ser, topic, status, event))
        return tuple(states)

    def pending_reviews(self, member: str) -> tuple[ReReview, ...]:
        """Consents invalidated by a terms change and not yet re-decided, with what changed."""
        member = self.member(member).name
        reviews = []
        for state in self.current_state(member):
            if not state.needs_review:
                continue
            shown = self._answer_under_review(state)
            stood = self._stood(shown.document_sha256, state.event.document_sha256) if shown else None
            changes = clause_changes(shown.clauses if shown else (), state.event.clauses, stood)
            reviews.append(ReReview(member, state.series, state.topic,
                                    shown.document_sha256 if shown else "", state.event.document_sha256,
                                    changes, state.event))
        return tuple(reviews)

    def reviews_by_member(self, series: str) -> dict[str, int]:
        """Per member, how many of their consents in ``series`` await re-review. Only the members an
        invalidation names are read (few), not every event of the series: a store of 20,000 events
        took 0.65 s to read whole, each time the app showed a document's consent page."""
        named = {e.member for e in self._storage.events(series=series, status=str(ConsentStatus.INVALIDATED),
                                                        checked=True)}
        counts: dict[str, int] = {}
        for member in sorted(named):
            waiting = sum(1 for state in self._states(member=member, series=series) if state.needs_review)
            if waiting:
                counts[member] = waiting
        return counts

    def awaiting_review(self, series: str | None = None) -> tuple[ConsentState, ...]:
        """Every member's consents invalidated by a terms change and not decided again since,
        in ``series`` (or in every series): what ``review`` lists."""
        return tuple(state for state in self._states(series=series) if state.needs_review)

    def refusals_on_changed_clauses(self, member: str) -> tuple[ConsentState, ...]:
        """The member's refusals and withdrawals whose topic clauses differ in the newest version of
        their series.

        A refusal or a withdrawal stays in force when the terms change (saying no to the old wording
        is no reason to ask again), so these need no re-review; they are listed so that the review
        can say so. A newest version stating an effective date earlier than the refused
        version's is history stored after the fact and is not a change.
        """
        return tuple(state for state, _ in self._refusals_changed(member))

    def kept_refusals(self, member: str) -> tuple[ReReview, ...]:
        """:meth:`refusals_on_changed_clauses` with what changed since each refusal (``event`` is the
        refusal): the app's card says the refusal still stands, and under which new words."""
        return tuple(review for _, review in self._refusals_changed(member))

    def _refusals_changed(self, member: str) -> list[tuple[ConsentState, ReReview]]:
        found = []
        by_series: dict[str, tuple[StoredDocument, ...]] = {}
        for state in self.current_state(member):
            if state.status not in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN):
                continue
            if state.series not in by_series:
                by_series[state.series] = self.documents(state.series)
            versions = by_series[state.series]
            newest = versions[-1]
            refused_on = next(v for v in versions if v.sha256 == state.event.document_sha256)
            if newest.sha256 == refused_on.sha256 or (
                    newest.effective_date and refused_on.effective_date
                    and newest.effective_date < refused_on.effective_date):
                continue
            changes = clause_changes(state.event.clauses, newest.clauses_for(state.topic),
                                     self._stood(refused_on.sha256, newest.sha256))
            if changes:
                found.append((state, ReReview(state.member, state.series, state.topic, refused_on.sha256,
                                              newest.sha256, changes, state.event)))
        return found

    def new_questions(self, member: str) -> tuple[NewQuestion, ...]:
        """Questions the newest version of each document the member decided on asks, which the
        version of their latest decision there did not (no clause of it bore on the question), and
        which they have not answered since: see :class:`~terms.consent.model.NewQuestion`."""
        states = self.current_state(member)
        found: list[NewQuestion] = []
        for series in dict.fromkeys(s.series for s in states):
            answered = {s.topic for s in states if s.series == series}
            # the member's own answers: a re-review request is written against the newer version
            decided = [e for e in self.history(member, series=series) if e.status in MEMBER_STATUSES]
            if not decided:
                continue
            latest = decided[-1]
            versions = self.documents(series)
            newest = newest_of(versions)
            answered_on = next(v for v in versions if v.sha256 == latest.document_sha256)
            if not is_newer(newest, answered_on, versions):
                continue
            before = dict(answered_on.topic_clauses)
            for topic in self.topics:
                clauses = newest.clauses_for(topic.id)
                if clauses and topic.id not in answered and not before.get(topic.id):
                    found.append(NewQuestion(states[0].member, series, topic.id, answered_on.sha256,
                                             newest.sha256, clauses))
        return tuple(found)

    # -- integrity, snapshot, import ------------------------------------------

    def verify(self, *, expect: tuple[int, str] | None = None) -> VerifyReport:
        """Check everything the records' proof rests on; the report lists every problem found.

        Every event row is walked, readable or not: its sequence number, link and hash, that its
        member and document exist, and that its document is still as the event recorded it (see
        :mod:`terms.consent.identity`). Every stored document's text is checked against its
        SHA-256, and the append-only guard against what the schema installs. ``expect`` is an
        event's ``(seq, hash)`` noted outside the store (see :func:`~terms.consent.chain.verify_events`):
        the only way to notice events cut off the end of the log by someone able to rewrite the
        database. A missing or altered guard fails the check too, even when the chain links up:
        with it gone, events may have been removed from the end or rewritten without trace.
        """
        guard = self._storage.guard_problem()
        identities = IdentityAudit(self._storage.document_identities())
        version = functools.lru_cache(maxsize=4)(self._stored_version)   # the log names a few at a time

        def text_of(sha256: str) -> str | None:
            doc = version(sha256)
            return doc.text if doc is not None else None

        def clauses_of(sha256: str, topic: str) -> tuple[str, ...] | None:
            doc = version(sha256)
            return tuple(ref.clause_id for ref in doc.clauses_for(topic)) if doc is not None else None

        log = LogAudit(text_of, now=utc_now(), slack=CLOCK_SLACK, clauses_of=clauses_of)

        def intact(event: ConsentEvent) -> None:
            identities.see(event)
            log.see(event)

        report = audit_chain(self._storage.audit_events(), expect=expect, intact=intact, guarded=not guard)
        findings = identities.findings()
        problems = list(report.problems) + [describe(finding) for finding in findings]
        problems += [f"document {sha[:16]}…: {problem}" for sha, problem in self._storage.audit_documents()]
        if trigger := self._storage.trigger_problem():
            problems.append(trigger)
        bad = [seq for seq in (report.first_bad_seq, *(f.seq for f in findings)) if seq is not None]
        first_bad = min(bad, default=None)
        if guard:
            if not problems:
                first_bad = report.events + 1
                guard = (f"{guard}, so events may have been removed after event {report.events} or "
                         "rewritten without trace; the chain that is left links up")
            problems.append(guard)
        return dataclasses.replace(report, first_bad_seq=first_bad, problem=summarise(problems),
                                   problems=tuple(problems), notes=log.notes())

    def _stored_version(self, sha256: str) -> StoredDocument | None:
        """A stored version for :class:`LogAudit`'s checks of its text and clauses, None if it cannot
        be read (named elsewhere)."""
        try:
            return self._storage.document(sha256)
        except TermsError:
            return None

    def event_count(self) -> int:
        return self._storage.event_count()

    def last_seq(self) -> int:
        """The sequence number of the newest event (0 for an empty log)."""
        return self._storage.last_seq()

    def snapshot(self) -> Snapshot:
        """Everything in the store, in canonical order (members by name, documents, events by seq)."""
        return Snapshot(self._storage.members(), self._storage.documents(), tuple(self._storage.events()))

    def import_snapshot(self, snapshot: Snapshot) -> tuple[str, ...]:
        """Restore a snapshot (e.g. from a JSON export) into this store, which must be empty; returns
        the notes on what the store would not have written (``VerifyReport.notes``).

        Merging into a store that already has events is refused: two hash chains
        cannot be joined without rewriting one of them, which would destroy the
        proof they carry. The snapshot's chain is verified first, and its documents against what
        the events recorded of them; nothing is written unless all of it is consistent.
        """
        report = verify_events(snapshot.events)
        if not report.ok:
            raise ChainBroken(f"the imported consent log does not verify: {report.problem}")
        identities = IdentityAudit({d.sha256: d.identity for d in snapshot.documents})
        for event in snapshot.events:
            identities.see(event)
        if findings := identities.findings():
            raise ChainBroken(f"the imported consent log does not verify: {describe(findings[0])}")
        texts = {d.sha256: d.text for d in snapshot.documents}
        versions = {d.sha256: d for d in snapshot.documents}

        def stored_ids(sha256: str, topic: str) -> tuple[str, ...] | None:
            doc = versions.get(sha256)
            return tuple(ref.clause_id for ref in doc.clauses_for(topic)) if doc is not None else None

        log = LogAudit(texts.get, clauses_of=stored_ids)
        for event in snapshot.events:
            log.see(event)
        names = {m.name for m in snapshot.members}
        shas = {d.sha256 for d in snapshot.documents}
        for event in snapshot.events:
            if event.topic not in self._topic_ids:
                known = ", ".join(sorted(self._topic_ids))
                raise TermsError(f"imported event {event.seq} names an unknown consent topic {event.topic!r} "
                                 f"(known: {known})")
            if event.member not in names:
                raise TermsError(f"imported event {event.seq} names an unknown member {event.member!r}")
            if event.document_sha256 not in shas:
                raise TermsError(f"imported event {event.seq} names a document that is not included "
                                 f"({event.document_sha256})")
        if not self._storage.is_empty():
            raise StorageError(f"{self._storage.display}: refusing to import into a store that already "
                               "holds records", hint="Import into a new, empty store (--db NEW-FILE).")
        self._storage.restore(snapshot)
        return log.notes()

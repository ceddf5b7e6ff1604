"""The consent store's tables (SQLModel) and the only code that reads or writes them.

Rows never leave this module: every function takes and returns the frozen
dataclasses of :mod:`terms.consent.model`. The schema itself is created and
upgraded by the Alembic revisions (:mod:`terms.consent.migrate`); the table
classes here mirror the newest revision.

Opening is careful not to touch a file it should refuse: an SQLite file is first
checked read-only (header, integrity, schema revision) and only then opened for
writing, switched to WAL and migrated.

Appends are serialised: on SQLite every transaction starts with ``BEGIN
IMMEDIATE`` (one writer at a time, others wait up to the busy timeout); on
PostgreSQL an append takes a transaction-scoped advisory lock. The chain head is
read inside that lock, and ``seq`` and ``prev_hash`` are unique, so two writers
can never fork the chain. :meth:`Storage.transaction` holds the lock across the reads a
decision rests on and its writes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sqlite3
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, String, create_engine, event, func, inspect, literal, select, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, NoSuchModuleError, OperationalError
from sqlmodel import Field, SQLModel

from terms.consent import migrate
from terms.consent.chain import GENESIS, event_hash, event_payload, hash_payload
from terms.consent.location import Location
from terms.consent.model import (
    IDENTITY_FIELDS,
    REQUIRED_IDENTITY_FIELDS,
    ClauseRef,
    ConsentEvent,
    ConsentStatus,
    DocumentIdentity,
    Member,
    NewEvent,
    PackInfo,
    Snapshot,
    StoredDocument,
    quotes_a_clause,
)
from terms.errors import StorageError, StoreCorrupt, StoreMissing, StoreTampered, StoreTooNew
from terms.model import sha256_text
from terms.textnorm import is_fingerprint

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
#: Above this size the open check uses ``quick_check`` (skips index cross-checks).
FULL_CHECK_LIMIT = 64 * 1024 * 1024
#: Key of the PostgreSQL advisory lock that serialises appends and migrations.
PG_LOCK_KEY = 0x436C6561  # "Clea"
_READ_BATCH = 5000


class MemberRow(SQLModel, table=True):
    __tablename__ = "member"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    created_at: str


class DocumentRow(SQLModel, table=True):
    __tablename__ = "document"

    sha256: str = Field(primary_key=True, max_length=64)
    series: str = Field(index=True)
    title: str | None = None
    service: str | None = None
    kind: str
    version_label: str | None = None
    effective_date: str | None = None
    source: str | None = None
    format: str
    added_at: str
    text: str


class TopicClauseRow(SQLModel, table=True):
    __tablename__ = "topic_clause"

    id: int | None = Field(default=None, primary_key=True)
    document_sha256: str = Field(foreign_key="document.sha256", index=True, max_length=64)
    topic: str
    ordinal: int
    clause_id: str
    fingerprint: str
    quote: str


class EventRow(SQLModel, table=True):
    __tablename__ = "consent_event"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    member_id: int = Field(foreign_key="member.id", index=True)
    topic: str
    status: str
    document_sha256: str = Field(foreign_key="document.sha256", max_length=64)
    clauses: str                 # JSON: [[clause_id, fingerprint, quote], ...]
    pack_id: str | None = None
    pack_version: str | None = None
    pack_sha256: str | None = None
    recorded_at: str
    method: str
    note: str
    expires_at: str | None = None
    prev_hash: str = Field(unique=True, max_length=64)
    hash: str = Field(unique=True, max_length=64)
    document_identity: str | None = None   # JSON object (revision 0004); NULL in events recorded before


_MEMBER = MemberRow.__table__
_DOCUMENT = DocumentRow.__table__
_TOPIC_CLAUSE = TopicClauseRow.__table__
_EVENT = EventRow.__table__
OUR_TABLES = {"member", "document", "topic_clause", "consent_event", "alembic_version"}
#: Columns a store of an older revision lacks and can still be read without, when it is opened as it
#: is (its guard damaged, so not upgraded): its events were all recorded without a document identity.
_OPTIONAL_COLUMNS = {("consent_event", "document_identity")}

#: The append-only guard as revisions 0001 and 0003 create it (trigger name → statement text
#: normalised to single spaces, and the revision that added it). Anything else on the event table
#: (a guard dropped, disabled, narrowed by ``WHEN`` or ``UPDATE OF``, or an extra trigger that could
#: swallow or rewrite appends) makes the store refuse writes.
_APPEND_ONLY = "SELECT RAISE(ABORT, 'consent events are append-only')"
SQLITE_GUARDS = {
    f"consent_event_no_{action.lower()}":
        (f"CREATE TRIGGER consent_event_no_{action.lower()} BEFORE {action} ON consent_event "
         f"BEGIN {_APPEND_ONLY}; END", "0001")
    for action in ("UPDATE", "DELETE")
}
PG_GUARDS = {
    "consent_event_append_only":
        ("CREATE TRIGGER consent_event_append_only BEFORE DELETE OR UPDATE ON consent_event "
         "FOR EACH ROW EXECUTE FUNCTION consent_event_append_only()", "0001"),
    "consent_event_no_truncate":
        ("CREATE TRIGGER consent_event_no_truncate BEFORE TRUNCATE ON consent_event "
         "FOR EACH STATEMENT EXECUTE FUNCTION consent_event_append_only()", "0003"),
}
PG_GUARD_BODY = "BEGIN RAISE EXCEPTION 'consent events are append-only'; END"
#: A schema name before the table or function (``public.consent_event``), as PostgreSQL may print it.
_SCHEMA_PREFIX = re.compile(r'(?:\w+|"[^"]+")\.(?=consent_event)')
#: SQLite's message for a stored text that is not UTF-8, which goes on to quote the raw bytes
_UNDECODABLE = re.compile(r"Could not decode to UTF-8 column '(\w{1,64})'")
_TRIGGER_HINT = ("A trigger was added to the store outside ClearTerms; nothing was written. Check the store "
                 "with `clearterms consent verify`, and restore it from a backup or a JSON export.")
_GUARD_HINT = ("The log's append-only guard was removed or changed outside ClearTerms, so events may "
               "have been deleted or edited without trace; nothing was written. Check it with "
               "`clearterms consent verify`, and restore the store from a backup or a JSON export.")


#: The next step after a damaged record was read: see everything that is wrong, then restore.
DAMAGED_RECORD_HINT = ("The store was changed outside ClearTerms. Run `clearterms consent verify` to list "
                       "every problem, and restore the store from a backup or a JSON export.")


def shown_location(location: Location) -> str:
    """The store's location for people: the file, or the URL without driver name and password."""
    return location.display


def member_key(name: str) -> str:
    """What makes two member names the same person: case, spacing, how an accent is typed ("ë" as
    one character or as "e" and a combining mark) and invisible format characters (a zero-width
    space, a left-to-right mark) do not count."""
    visible = "".join(ch for ch in name if unicodedata.category(ch) != "Cf") if not name.isascii() else name
    return unicodedata.normalize("NFC", " ".join(visible.split())).casefold()


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


class Storage:
    """An open consent database. Use :func:`open_storage`; close with :meth:`close`."""

    def __init__(self, engine: Engine, location: Location) -> None:
        self.engine = engine
        self.location = location
        self.display = shown_location(location)
        self._pg = not location.is_sqlite
        #: False only for an older store opened as it is, whose event table has no identity column.
        self.has_identity_column = True
        #: The connection of the :meth:`transaction` under way, which every read and write then uses.
        self._held: Connection | None = None
        #: True for a store that cannot be written, opened only to be read (see :func:`open_storage`).
        self.read_only = False
        #: True where opening it started the store (a new file, or tables in an empty database).
        self.started = False

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions -------------------------------------------------------

    @contextmanager
    def transaction(self, action: str) -> Iterator[None]:
        """Hold the write lock while the caller reads what it decides on and writes the outcome:
        every read and write of this storage inside the block is one transaction. A consent
        recorded, or a version added, must be decided on the log as it is when written (another
        program may record a decision in between), and a version stored without the re-review
        requests it causes must never be left behind by a crash."""
        if self._held is not None:
            yield
            return
        with self._write(action) as conn:
            self._held = conn
            try:
                yield
            finally:
                self._held = None

    @contextmanager
    def _write(self, action: str, *, guarded: bool = True) -> Iterator[Connection]:
        """A transaction holding the store's write lock; errors become :class:`StorageError`.

        Unless ``guarded`` is false (only while opening, before the schema may exist), the
        append-only guard is checked under the lock first, and a store without it is not written.
        Inside :meth:`transaction`, its connection (already checked) is used.
        """
        if self._held is not None:
            with self._errors(action):
                yield self._held
            return
        if self.read_only:
            raise StorageError(f"cannot write to {self.display}: the store cannot be written (read-only "
                               f"media or permissions), so it was opened only to read; cannot {action}",
                               hint="Copy the store to a folder you can write to, or use --db to name one.")
        with self._errors(action), self.engine.connect() as conn:
            with conn.execution_options(clearterms_write=True).begin():
                if self._pg:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
                if guarded:
                    self._refuse_unguarded(conn, action)
                    self._refuse_orphaned(conn, action)
                yield conn
            if not self._pg:
                _write_back(conn)

    def _refuse_unguarded(self, conn: Connection, action: str, revision: str | None = None) -> None:
        if problem := _guard_problem(conn, self._pg, revision):
            raise StoreTampered(f"{self.display}: refusing to {action}: {problem}", hint=_GUARD_HINT)
        if problem := _foreign_trigger(conn, self._pg):
            raise StoreTampered(f"{self.display}: refusing to {action}: {problem}", hint=_TRIGGER_HINT)

    def _refuse_orphaned(self, conn: Connection, action: str) -> None:
        """Refuse to write where an event's member or document row is gone (deleted outside
        ClearTerms with the database's foreign keys off): the states worked out from such a log
        leave those events out, so a new event would be decided on a wrong state."""
        for key, column, what in ((_DOCUMENT.c.sha256, _EVENT.c.document_sha256, "document"),
                                  (_MEMBER.c.id, _EVENT.c.member_id, "member")):
            # the distinct references first: on 100,000 events a tenth of the time of a lookup per event
            referenced = select(column.label("ref")).distinct().subquery()
            gone = conn.execute(select(referenced.c.ref).where(referenced.c.ref.not_in(select(key)))
                                .limit(1)).first()
            if gone is not None:
                seq = conn.execute(select(func.min(_EVENT.c.seq)).where(column == gone.ref)).scalar()
                raise StoreTampered(f"{self.display}: refusing to {action}: the store is damaged: event "
                                    f"{seq} refers to a {what} that is not in the store; nothing was written",
                                    hint=DAMAGED_RECORD_HINT)

    def guard_problem(self) -> str:
        """What is wrong with the event table's append-only triggers; empty when they are intact."""
        with self._read("inspect the store") as conn:
            return _guard_problem(conn, self._pg)

    def trigger_problem(self) -> str:
        """A trigger ClearTerms did not create on one of its other tables; empty when there is none."""
        with self._read("inspect the store") as conn:
            return _foreign_trigger(conn, self._pg)

    @contextmanager
    def _read(self, action: str) -> Iterator[Connection]:
        if self._held is not None:
            with self._errors(action):
                yield self._held
            return
        with self._errors(action), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except IntegrityError as exc:
            raise StorageError(f"{self.display}: cannot {action}: {_first_line(exc)}") from exc
        except OperationalError as exc:
            message = _first_line(exc)
            if "locked" in message or "busy" in message:
                raise StorageError(
                    f"{self.display}: cannot {action}: the store is busy (another program "
                    "holds its write lock)", hint="Try again in a moment.") from exc
            if "readonly" in message or "read-only" in message:
                raise StorageError(f"cannot write to {self.display}: {message}") from exc
            if undecodable := _UNDECODABLE.match(message):   # not the garbled bytes themselves
                raise _Undecodable(f"{self.display}: cannot {action}: a stored text (column "
                                   f"{undecodable.group(1)}) is not valid UTF-8; the file was damaged",
                                   hint=DAMAGED_RECORD_HINT) from exc
            raise StorageError(f"{self.display}: cannot {action}: {message}") from exc
        except DBAPIError as exc:
            raise StorageError(f"{self.display}: cannot {action}: {_first_line(exc)}") from exc

    # -- members ------------------------------------------------------------

    def add_member(self, member: Member) -> Member | None:
        """Add ``member`` unless one with the same :func:`member_key` exists; then return that one.

        The comparison runs under the write lock, so two programs cannot add "Dr. E" and "dr. e".
        """
        key = member_key(member.name)
        with self._write("add a member") as conn:
            for name, created in conn.execute(select(_MEMBER.c.name, _MEMBER.c.created_at)):
                if member_key(name) == key:
                    return Member(name, created)
            conn.execute(_MEMBER.insert().values(name=member.name, created_at=member.created_at))
        return None

    def members(self) -> tuple[Member, ...]:
        with self._read("list members") as conn:
            rows = conn.execute(select(_MEMBER.c.name, _MEMBER.c.created_at).order_by(_MEMBER.c.name))
            return tuple(Member(name, created) for name, created in rows)

    # -- documents ----------------------------------------------------------

    def insert_document(self, doc: StoredDocument) -> bool:
        """Store a document version; ``False`` (and nothing written) when it is already stored."""
        with self._write("store a document") as conn:
            if conn.execute(select(_DOCUMENT.c.sha256).where(_DOCUMENT.c.sha256 == doc.sha256)).first():
                return False
            left = (select(table.c.document_sha256).where(table.c.document_sha256 == doc.sha256).limit(1)
                    for table in (_TOPIC_CLAUSE, _EVENT))
            if any(conn.execute(query).first() for query in left):
                raise StoreTampered(
                    f"{self.display}: refusing to store document {doc.sha256[:16]}…: the store is damaged "
                    "(records of this document are stored, but the document itself was deleted)",
                    hint=DAMAGED_RECORD_HINT)
            _insert_documents(conn, [doc])
            return True

    def add_topic_clauses(self, sha256: str, clauses: Mapping[str, Sequence[ClauseRef]]) -> tuple[str, ...]:
        """Store the clauses of topics a stored version has none for and no decision names, as a
        topic new to this release of ClearTerms finds them; the topic ids stored.

        A topic with clauses or decisions on the version keeps what it has: the clauses a decision
        was made against must not change under it."""
        with self._write("store a version's clauses for new topics") as conn:
            have = set(conn.execute(select(_TOPIC_CLAUSE.c.topic).distinct()
                                    .where(_TOPIC_CLAUSE.c.document_sha256 == sha256)).scalars())
            have |= set(conn.execute(select(_EVENT.c.topic).distinct()
                                     .where(_EVENT.c.document_sha256 == sha256)).scalars())
            new = [topic for topic in sorted(clauses) if topic not in have and clauses[topic]]
            rows = [{"document_sha256": sha256, "topic": topic, "ordinal": n, "clause_id": ref.clause_id,
                     "fingerprint": ref.fingerprint, "quote": ref.quote}
                    for topic in new for n, ref in enumerate(clauses[topic])]
            if rows:
                conn.execute(_TOPIC_CLAUSE.insert(), rows)
            return tuple(new)

    def move_document(self, sha256: str, series: str) -> None:
        """File a stored version under another series; refused once an event names it (the event's
        hash covers the series it was recorded under)."""
        with self._write("file the document under another document") as conn:
            if conn.execute(select(_EVENT.c.seq).where(_EVENT.c.document_sha256 == sha256).limit(1)).first():
                raise StorageError(f"{self.display}: decisions are recorded on version {sha256[:12]} under "
                                   "the document it was first filed under, so it stays there for consent",
                                   hint="Record decisions on it there, or open the version that is filed "
                                        "under the document you chose.")
            conn.execute(_DOCUMENT.update().where(_DOCUMENT.c.sha256 == sha256).values(series=series))

    def document(self, sha256: str) -> StoredDocument | None:
        with self._read("read a document") as conn:
            docs = _load_documents(conn, _DOCUMENT.c.sha256 == sha256, self.display)
        return docs[0] if docs else None

    def documents(self, series: str | None = None) -> tuple[StoredDocument, ...]:
        """Stored versions ordered by series, then the order they were added."""
        where = _DOCUMENT.c.series == series if series is not None else None
        with self._read("read documents") as conn:
            return _load_documents(conn, where, self.display)

    def document_identities(self) -> dict[str, DocumentIdentity]:
        """SHA-256 → identity of every stored version as its row gives it now, without loading texts."""
        columns = [_DOCUMENT.c[name] for name in IDENTITY_FIELDS]
        with self._read("read documents") as conn:
            rows = conn.execute(select(_DOCUMENT.c.sha256, *columns))
            return {sha: DocumentIdentity(*values) for sha, *values in rows}

    def document_series(self) -> dict[str, str]:
        """SHA-256 → series of every stored version, without loading texts."""
        with self._read("read documents") as conn:
            rows = conn.execute(select(_DOCUMENT.c.sha256, _DOCUMENT.c.series))
            return {sha: series for sha, series in rows}

    # -- events -------------------------------------------------------------

    def append(self, new: Sequence[NewEvent], clock: Callable[[], str]) -> tuple[ConsentEvent, ...]:
        """Append events in one transaction, chained after the current head.

        ``clock`` is called inside the write lock, and its time is held to be no earlier than the
        last event's (see :func:`_not_before`), so times never go backwards along the chain.
        Either every event is stored or none is.
        """
        if not new:
            return ()
        with self._write("record consent") as conn:
            ids = _member_ids(conn, {e.member for e in new})
            if missing := sorted({e.member for e in new} - ids.keys()):
                raise StorageError(f"{self.display}: no member named {missing[0]!r}")
            identities = _identities(conn, {e.document_sha256 for e in new})
            if missing := sorted({e.document_sha256 for e in new} - identities.keys()):
                raise StorageError(f"{self.display}: no stored document with SHA-256 {missing[0]}")
            head = conn.execute(select(_EVENT.c.seq, _EVENT.c.hash, _EVENT.c.recorded_at)
                                .order_by(_EVENT.c.seq.desc()).limit(1))
            seq, prev, last = head.first() or (0, GENESIS, None)
            # a withdrawal is never held up by a clock: a member must be able to take consent back
            withdrawing = all(item.status is ConsentStatus.WITHDRAWN for item in new)
            now, pinned = _not_before(clock(), last if isinstance(last, str) else None, self.display,
                                      withdrawing)
            if pinned:
                new = [dataclasses.replace(item, note=f"{item.note}\n{pinned}" if item.note else pinned)
                       for item in new]
            made: list[ConsentEvent] = []
            rows: list[dict[str, object]] = []
            for item in new:
                seq += 1
                payload = event_payload(
                    seq=seq, member=item.member, topic=item.topic, status=item.status,
                    document_sha256=item.document_sha256, clauses=item.clauses, pack=item.pack,
                    recorded_at=now, method=item.method, note=item.note, expires_at=item.expires_at,
                    prev_hash=prev, document_identity=identities[item.document_sha256],
                )
                digest = hash_payload(payload)
                made.append(ConsentEvent(seq, item.member, item.topic, item.status, item.document_sha256,
                                         item.clauses, item.pack, now, item.method, item.note,
                                         item.expires_at, prev, digest, identities[item.document_sha256]))
                rows.append(_event_row(made[-1], ids[item.member]))
                prev = digest
            conn.execute(_EVENT.insert(), rows)
        return tuple(made)

    def events(
        self,
        *,
        member: str | None = None,
        topic: str | None = None,
        series: str | None = None,
        status: str | None = None,
        checked: bool = False,
    ) -> Iterator[ConsentEvent]:
        """Events in chain order, optionally filtered (``status``: a :class:`ConsentStatus` value);
        streamed in batches.

        Member and document are outer-joined, so an event whose member or document row is gone
        (or whose row cannot be read) raises :class:`StoreCorrupt` instead of silently dropping out.
        ``checked``: so does an event whose content no longer matches its hash (an event or its
        member's name edited outside ClearTerms), for reads that show a decision as current or
        decide a new one on it; exports read every event as it is and say what ``verify`` finds.
        """
        query = self._event_query()
        if member is not None:
            query = query.where(_MEMBER.c.name == member)
        if topic is not None:
            query = query.where(_EVENT.c.topic == topic)
        if series is not None:
            query = query.where(_DOCUMENT.c.series == series)
        if status is not None:
            query = query.where(_EVENT.c.status == status)
        read = _EventReader()
        with self._read("read the consent log") as conn:
            result = conn.execute(query, execution_options={"yield_per": _READ_BATCH})
            for row in result:
                event = read(row._mapping)
                if isinstance(event, str):
                    raise StoreCorrupt(f"{self.display}: consent event {row.seq} is damaged: {event}",
                                       hint=DAMAGED_RECORD_HINT)
                if checked and event_hash(event) != event.hash:
                    raise StoreCorrupt(f"{self.display}: consent event {row.seq} does not match its hash: it "
                                       "or its member's name was changed outside ClearTerms, so it cannot be "
                                       "shown as recorded nor a decision be based on it",
                                       hint=DAMAGED_RECORD_HINT)
                yield event

    def check_events(self, *, member: str) -> None:
        """Raise :class:`StoreCorrupt` if one of ``member``'s events is damaged or does not match its
        hash (see :meth:`events`)."""
        for _event in self.events(member=member, checked=True):
            pass

    def audit_events(self) -> Iterator[tuple[int, str, str, ConsentEvent | None, str]]:
        """Every event row in chain order, joined or not: ``(seq, prev_hash, hash, event, problem)``.

        ``event`` is None and ``problem`` says why when the row cannot be read as an event
        (its member or document is missing, a field is garbled). For ``verify``, which must see
        every row, not only the readable ones.
        """
        read = _EventReader()
        after: int | None = None   # the last row read: after a text SQLite cannot decode, go on from it
        lenient = False
        while True:
            try:
                with self._read("read the consent log") as conn, \
                        (_lenient(conn) if lenient else nullcontext()):
                    query = self._event_query()
                    if after is not None:
                        query = query.where(_EVENT.c.seq > after)
                    for row in conn.execute(query, execution_options={"yield_per": _READ_BATCH}):
                        event = read(row._mapping)
                        if isinstance(event, str):
                            yield row.seq, str(row.prev_hash), str(row.hash), None, event
                        else:
                            yield row.seq, row.prev_hash, row.hash, event, ""
                        after = row.seq
                return
            except _Undecodable:
                # read the rest decoding leniently (slower): the damaged row's hash then fails and is named
                if lenient:
                    raise
                lenient = True

    def audit_documents(self) -> Iterator[tuple[str, str]]:
        """Problems with the stored documents: ``(sha256, problem)`` for each text that does not
        match its SHA-256, for each topic clause whose quote is not in its document's text or whose
        fingerprint is not one, and for topic clauses left behind by a document that is gone.

        A topic clause is no part of any event's hash; it is what a new decision on the version
        quotes and what a later version is compared with, so an edited one would be carried into
        new records. Its quote is a piece of the document's text, which its SHA-256 proves.
        """
        with self._read("read documents") as conn, _lenient(conn):
            listed = conn.execute(select(_DOCUMENT.c.sha256).order_by(_DOCUMENT.c.sha256))
            shas = [str(sha) for (sha,) in listed]
            for sha in shas:
                body = conn.execute(select(_DOCUMENT.c.text).where(_DOCUMENT.c.sha256 == sha)).scalar_one()
                if not isinstance(body, str):
                    yield sha, f"its text is not text (a {type(body).__name__} value)"
                    continue
                if sha256_text(body) != sha:
                    yield sha, "its text does not match its SHA-256 (the text was edited)"
                    continue
                clauses = conn.execute(
                    select(_TOPIC_CLAUSE.c.topic, _TOPIC_CLAUSE.c.clause_id, _TOPIC_CLAUSE.c.fingerprint,
                           _TOPIC_CLAUSE.c.quote)
                    .where(_TOPIC_CLAUSE.c.document_sha256 == sha).order_by(_TOPIC_CLAUSE.c.id))
                for topic, clause_id, print_, quote in clauses:
                    where = f"the clause {clause_id!s:.40} stored for topic {topic!s:.40}"
                    if not isinstance(quote, str) or not quotes_a_clause(quote, body):
                        yield sha, f"{where} is not quoted from its text (the quote was edited)"
                    elif not is_fingerprint(print_):
                        yield sha, f"{where} has no valid fingerprint (it was edited)"
            orphans = conn.execute(
                select(_TOPIC_CLAUSE.c.document_sha256).distinct()
                .where(_TOPIC_CLAUSE.c.document_sha256.not_in(select(_DOCUMENT.c.sha256)))
                .order_by(_TOPIC_CLAUSE.c.document_sha256))
            for (sha,) in orphans:
                yield str(sha), "its topic clauses are stored but the document itself is not (it was deleted)"

    def _event_query(self) -> Any:
        identity = (_EVENT.c.document_identity if self.has_identity_column
                    else literal(None, String).label("document_identity"))
        columns = [column for column in _EVENT.columns if column.name != "document_identity"]
        return (
            select(*columns, identity, _MEMBER.c.name, _DOCUMENT.c.sha256.label("stored_document"))
            .outerjoin(_MEMBER, _MEMBER.c.id == _EVENT.c.member_id)
            .outerjoin(_DOCUMENT, _DOCUMENT.c.sha256 == _EVENT.c.document_sha256)
            .order_by(_EVENT.c.seq)
        )

    def event_count(self) -> int:
        with self._read("count events") as conn:
            return int(conn.execute(select(func.count()).select_from(_EVENT)).scalar_one())

    def last_seq(self) -> int:
        with self._read("read the head of the consent log") as conn:
            return int(conn.execute(select(func.coalesce(func.max(_EVENT.c.seq), 0))).scalar_one())

    def is_empty(self) -> bool:
        with self._read("inspect the store") as conn:
            return all(
                conn.execute(select(func.count()).select_from(table)).scalar_one() == 0
                for table in (_MEMBER, _DOCUMENT, _EVENT)
            )

    def restore(self, snapshot: Snapshot) -> None:
        """Write a whole snapshot (events keep their seq and hashes) into an empty store."""
        with self._write("import records") as conn:
            for table in (_MEMBER, _DOCUMENT, _EVENT):
                if conn.execute(select(func.count()).select_from(table)).scalar_one():
                    raise StorageError(f"{self.display}: the store is not empty")
            if snapshot.members:
                conn.execute(_MEMBER.insert(), [{"name": m.name, "created_at": m.created_at}
                                                for m in snapshot.members])
            _insert_documents(conn, list(snapshot.documents))
            ids = _member_ids(conn, {m.name for m in snapshot.members})
            for start in range(0, len(snapshot.events), _READ_BATCH):
                chunk = snapshot.events[start:start + _READ_BATCH]
                conn.execute(_EVENT.insert(), [_event_row(e, ids[e.member]) for e in chunk])


#: How far the clock may read behind the last event and the new one still be recorded, at the
#: last event's time: a clock set right by a few seconds, or two computers sharing a store whose
#: clocks differ a little. Further back, the computer's clock is wrong.
CLOCK_SLACK = timedelta(minutes=5)


def _not_before(now: str, last: str | None, display: str, withdrawing: bool = False) -> tuple[str, str]:
    """The time a new event is recorded at, and a note for it ("" mostly): ``now``, or the last
    event's time ``last`` when the clock reads a little behind it. A clock far behind it refuses the
    write, since the event would claim a time before one recorded earlier (and a consent's period
    would end before it began), unless ``withdrawing``: then the event takes the last one's time too,
    and the note says what the clock read. Which clock is wrong cannot be told (the last event's may
    have been set ahead, and would otherwise hold up every withdrawal until its date)."""
    if last is None or now >= last:
        return now, ""
    try:
        behind = datetime.fromisoformat(last.replace("Z", "+00:00")) - datetime.fromisoformat(
            now.replace("Z", "+00:00"))
    except ValueError:   # a garbled time in the last event: verify names it; keep the clock's
        return now, ""
    if behind <= CLOCK_SLACK:
        return last, ""
    if withdrawing:
        return last, (f"Recorded at the last event's time: this computer's clock read {now}, "
                      f"{_duration(behind)} before it.")
    raise StorageError(f"{display}: nothing was recorded: this computer's clock reads {now}, "
                       f"{_duration(behind)} before the last event was recorded ({last})",
                       hint="Set the computer's date and time right (or let it take them from the "
                            "network), then try again. If this clock is right, the last event was "
                            "recorded on a computer whose clock was set ahead (`clearterms consent "
                            "verify` names it); a withdrawal is still recorded, at that event's time.")


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minutes"
    hours = minutes // 60
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"


def _write_back(conn: Connection) -> None:
    """Copy what was just committed from the SQLite write-ahead log into the database file.

    SQLite reads a WAL only up to its first damaged frame, so commits left in a WAL that is then
    damaged (a crash, a bad sector, a copy of the store without it) would be lost without a word.
    Written back after each write, a commit lives in the WAL alone only for a moment. ``PASSIVE``
    never waits: a frame a reader still needs is written back by a later write.
    """
    raw = conn.connection.dbapi_connection
    if raw is not None:   # outside any transaction: the driver is in autocommit mode (see below)
        raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


# -- row <-> domain -----------------------------------------------------------


def _member_ids(conn: Connection, names: set[str]) -> dict[str, int]:
    if not names:
        return {}
    rows = conn.execute(select(_MEMBER.c.name, _MEMBER.c.id).where(_MEMBER.c.name.in_(sorted(names))))
    return {name: mid for name, mid in rows}


def _identities(conn: Connection, shas: set[str]) -> dict[str, DocumentIdentity]:
    """SHA-256 → identity of those of ``shas`` that are stored, read inside the caller's transaction."""
    columns = [_DOCUMENT.c[name] for name in IDENTITY_FIELDS]
    rows = conn.execute(select(_DOCUMENT.c.sha256, *columns).where(_DOCUMENT.c.sha256.in_(sorted(shas))))
    return {sha: DocumentIdentity(*values) for sha, *values in rows}


@lru_cache(maxsize=1024)
def _identity_json(identity: DocumentIdentity | None) -> str | None:
    """The identity column's text; cached, as every event of a batch usually names one document."""
    if identity is None:
        return None
    return json.dumps(identity.as_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _event_row(e: ConsentEvent, member_id: int) -> dict[str, object]:
    return {
        "seq": e.seq, "member_id": member_id, "topic": e.topic, "status": str(e.status),
        "document_sha256": e.document_sha256,
        "clauses": json.dumps([[c.clause_id, c.fingerprint, c.quote] for c in e.clauses], ensure_ascii=False),
        "pack_id": e.pack.id if e.pack else None,
        "pack_version": e.pack.version if e.pack else None,
        "pack_sha256": e.pack.sha256 if e.pack else None,
        "recorded_at": e.recorded_at, "method": e.method, "note": e.note, "expires_at": e.expires_at,
        "prev_hash": e.prev_hash, "hash": e.hash, "document_identity": _identity_json(e.document_identity),
    }


_STATUSES = frozenset(s.value for s in ConsentStatus)


class _EventReader:
    """Reads event rows; one reader per query, as it keeps the identities it has parsed.

    Every event of one document carries the same identity text, so a large log parses each only
    once (up to :data:`_IDENTITY_CACHE` distinct ones).
    """

    def __init__(self) -> None:
        self._identities: dict[str, DocumentIdentity | str] = {}

    def __call__(self, row: Mapping[str, Any]) -> ConsentEvent | str:
        """The event of a row, or what makes the row unreadable (its member or document missing, a field
        garbled): a store changed outside ClearTerms must never crash a read nor be read as something
        else."""
        if row["name"] is None:
            return f"its member (id {row['member_id']}) is not in the store"
        if row["stored_document"] is None:
            return f"its document {str(row['document_sha256'])[:16]}… is not in the store"
        if row["status"] not in _STATUSES:
            return f"its status {row['status']!r} is not a consent status"
        try:
            clauses = json.loads(row["clauses"])
        except (TypeError, ValueError, RecursionError):
            return "its clauses are not valid JSON"
        if not isinstance(clauses, list) or not all(
                isinstance(c, list) and len(c) == 3 and all(isinstance(p, str) for p in c) for c in clauses):
            return "its clauses are not a list of [clause id, fingerprint, quote]"
        for field in ("topic", "recorded_at", "method", "note", "prev_hash", "hash"):
            if not isinstance(row[field], str):
                return f"its {field} is not text"
        identity = self._identity(row["document_identity"])
        if isinstance(identity, str):
            return identity
        pack = None
        if row["pack_id"] is not None:
            pack = PackInfo(row["pack_id"], row["pack_version"] or "", row["pack_sha256"] or "")
        return ConsentEvent(
            seq=row["seq"], member=row["name"], topic=row["topic"], status=ConsentStatus(row["status"]),
            document_sha256=row["document_sha256"], clauses=tuple(ClauseRef(*c) for c in clauses), pack=pack,
            recorded_at=row["recorded_at"], method=row["method"], note=row["note"],
            expires_at=row["expires_at"], prev_hash=row["prev_hash"], hash=row["hash"],
            document_identity=identity,
        )

    def _identity(self, raw: object) -> DocumentIdentity | str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            return "its document identity is not text"
        found = self._identities.get(raw)
        if found is None:
            found = parse_identity(raw)
            if len(self._identities) < _IDENTITY_CACHE:
                self._identities[raw] = found
        return found


#: The most distinct document identities one read keeps parsed.
_IDENTITY_CACHE = 1024


def parse_identity(raw: str) -> DocumentIdentity | str:
    """The identity an event row stores (a JSON object), or why it cannot be read as one."""
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return "its document identity is not valid JSON"
    if not isinstance(value, dict) or value.keys() != set(IDENTITY_FIELDS) or not all(
            isinstance(value[name], str) or (value[name] is None and name not in REQUIRED_IDENTITY_FIELDS)
            for name in IDENTITY_FIELDS):
        return ("its document identity is not an object of " + ", ".join(IDENTITY_FIELDS)
                + " (text, or null where a document may lack one)")
    return DocumentIdentity(**value)


def _insert_documents(conn: Connection, docs: list[StoredDocument]) -> None:
    if not docs:
        return
    conn.execute(_DOCUMENT.insert(), [
        {"sha256": d.sha256, "series": d.series, "title": d.title, "service": d.service, "kind": d.kind,
         "version_label": d.version_label, "effective_date": d.effective_date, "source": d.source,
         "format": d.format, "added_at": d.added_at, "text": d.text}
        for d in docs
    ])
    clause_rows = [
        {"document_sha256": d.sha256, "topic": topic, "ordinal": n, "clause_id": ref.clause_id,
         "fingerprint": ref.fingerprint, "quote": ref.quote}
        for d in docs for topic, refs in d.topic_clauses for n, ref in enumerate(refs)
    ]
    if clause_rows:
        conn.execute(_TOPIC_CLAUSE.insert(), clause_rows)


def _load_documents(conn: Connection, where: object | None, display: str) -> tuple[StoredDocument, ...]:
    """The documents matching ``where``; a text that no longer matches its SHA-256 raises StoreCorrupt."""
    query = select(_DOCUMENT).order_by(_DOCUMENT.c.series, _DOCUMENT.c.added_at, _DOCUMENT.c.sha256)
    if where is not None:
        query = query.where(where)  # type: ignore[arg-type]
    docs = list(conn.execute(query).mappings())
    if not docs:
        return ()
    for d in docs:
        if not isinstance(d["text"], str) or sha256_text(d["text"]) != d["sha256"]:
            raise StoreCorrupt(f"{display}: stored document {d['sha256'][:16]}… is damaged: its text does "
                               "not match its SHA-256 (the text was edited)", hint=DAMAGED_RECORD_HINT)
    clauses: dict[str, dict[str, list[ClauseRef]]] = {}
    shas = [d["sha256"] for d in docs]
    cq = (select(_TOPIC_CLAUSE).where(_TOPIC_CLAUSE.c.document_sha256.in_(shas))
          .order_by(_TOPIC_CLAUSE.c.document_sha256, _TOPIC_CLAUSE.c.topic, _TOPIC_CLAUSE.c.ordinal))
    for row in conn.execute(cq).mappings():
        clauses.setdefault(row["document_sha256"], {}).setdefault(row["topic"], []).append(
            ClauseRef(row["clause_id"], row["fingerprint"], row["quote"]))
    return tuple(
        StoredDocument(
            sha256=d["sha256"], series=d["series"], title=d["title"], service=d["service"], kind=d["kind"],
            version_label=d["version_label"], effective_date=d["effective_date"], source=d["source"],
            format=d["format"], added_at=d["added_at"], text=d["text"],
            topic_clauses=tuple((t, tuple(refs)) for t, refs in sorted(clauses.get(d["sha256"], {}).items())),
        )
        for d in docs
    )


# -- opening ------------------------------------------------------------------


def open_storage(location: Location, *, create: bool = True) -> Storage:
    """Open (creating or upgrading as needed) the store at ``location``.

    Raises :class:`StoreCorrupt` for a damaged file or one that is not a ClearTerms
    store, :class:`StoreTooNew` for a schema from a newer ClearTerms, and
    :class:`StorageError` when the location cannot be written or reached. In every
    one of those cases the database is left exactly as it was. Unless ``create`` is true,
    a location holding no store yet (no file there, or a database without ClearTerms' tables)
    raises :class:`StoreMissing`, and no file, folder or table is made.

    A store whose append-only guard is damaged is not upgraded (nothing is written to it):
    it opens as it is, for reading, verifying and exporting, when its tables already hold
    every column this version reads (an event table from before revision 0004 lacks the document
    identity column, and its events are read as recorded without one); otherwise it is refused.
    """
    read_only = started = False
    if location.path is not None:
        read_only = _check_sqlite_file(location.path, location if not create else None)
        if create and not location.path.exists():
            started = _start_sqlite_store(location.path)
        engine = _read_only_engine(location.path) if read_only else _sqlite_engine(location.path)
    else:
        engine = _server_engine(location)
    storage = Storage(engine, location)
    if read_only:
        return _opened_read_only(storage)
    try:
        if not started and _up_to_date(storage):
            return storage
        with storage._write("open the store", guarded=False) as conn:
            current = _check_schema(conn, storage.display)
            if current is None and not create:   # the transaction is rolled back: nothing is made
                raise StoreMissing(location, "it holds no ClearTerms tables")
            if current in (None, migrate.head_revision()) or not _guard_problem(conn, storage._pg, current):
                try:
                    migrate.upgrade(conn)
                except DBAPIError as exc:   # rolled back with the transaction: the file is as it was
                    if now := _unreadable_now(storage.display, exc):
                        raise now from exc
                    raise StoreCorrupt(f"{storage.display}: not a ClearTerms consent store, or a damaged one "
                                       f"(its tables do not match its schema version {current}: "
                                       f"{_first_line(exc)})", hint=_DAMAGED_HINT) from exc
                if missing := _missing_column(conn):
                    raise StoreCorrupt(f"{storage.display}: not a ClearTerms consent store, or a damaged "
                                       f"one (the {missing})", hint=_DAMAGED_HINT)
            elif not _readable_as_is(conn):
                storage._refuse_unguarded(conn, "upgrade the store", current)
            storage.has_identity_column = _has_column(conn, "consent_event", "document_identity")
            storage.started = started or current is None
    except BaseException:
        engine.dispose()
        raise
    return storage


_DAMAGED_HINT = ("The file is damaged or is not a consent store; nothing was changed. Restore it from a "
                 "backup copy, or import a JSON export into a new store (--db NEW-FILE consent import "
                 "EXPORT.json).")


#: SQLite's answers that say nothing about the file's contents: a full disk, an input/output error,
#: a lock, no permission (a full disk was called damage, and the advice to restore a backup or to
#: start a new store would have lost records that were intact)
_NOW_CODES = frozenset({
    sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_NOMEM,
    sqlite3.SQLITE_INTERRUPT})
_UNREADABLE_HINT = ("Nothing was changed, and the file is probably intact: the disk holding it may be full "
                    "or failing, or another program may hold it locked. Free some space, check the disk or "
                    "close that program, then try again; do not replace the file.")


def _damage(exc: BaseException) -> bool:
    """Whether a database error may mean the file is damaged or no consent store (else it is one
    of :data:`_NOW_CODES`: the file could not be read or written just now)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is None or code & 0xFF not in _NOW_CODES


def _unreadable_now(display: str, exc: DBAPIError) -> StorageError | None:
    """The error to raise for ``exc`` where SQLite could not read or write the file just now, or
    None where the file itself may be at fault."""
    if not isinstance(exc.orig, sqlite3.DatabaseError) or _damage(exc.orig):
        return None
    return StorageError(f"{display}: cannot read or update the consent database ({_first_line(exc)})",
                        hint=_UNREADABLE_HINT)


_FOREIGN_HINT = ("Nothing was changed. Point --db (or CLEARTERMS_DB) at your consent store, or at a new "
                 "file to start one.")


def _up_to_date(storage: Storage) -> bool:
    """Whether the store already has this version's schema, found without taking the write lock (so
    that reading, verifying and exporting do not wait behind a long import); if so, ``storage`` is
    made ready as the write path below would."""
    with storage._read("open the store") as conn:
        if _check_schema(conn, storage.display) != migrate.head_revision() or _missing_column(conn):
            return False
        storage.has_identity_column = _has_column(conn, "consent_event", "document_identity")
    return True


def _opened_read_only(storage: Storage) -> Storage:
    """A store that cannot be written, opened to be read, verified and exported as it is (it
    cannot be upgraded: one whose tables lack what this version reads is refused)."""
    storage.read_only = True
    try:
        with storage._read("open the store") as conn:
            current = _check_schema(conn, storage.display)
            if current is None:
                raise StoreMissing(storage.location, "it holds no ClearTerms tables")
            if current != migrate.head_revision() and not _readable_as_is(conn):
                raise StorageError(f"{storage.display}: cannot read the store: it was written by an older "
                                   f"ClearTerms (schema revision {current}) and cannot be brought up to date "
                                   "where it is, as the file cannot be written",
                                   hint="Copy it to a folder you can write to and open the copy.")
            storage.has_identity_column = _has_column(conn, "consent_event", "document_identity")
    except BaseException:
        storage.engine.dispose()
        raise
    return storage


def _read_only_engine(path: Path) -> Engine:
    """An engine that reads the SQLite file at ``path`` and never writes, not even the files beside it.

    With a WAL file beside the store its commits are read too where SQLite can open the WAL's
    shared memory; on media that take no writes at all the file is read as it is (``immutable``),
    and ClearTerms writes each commit back into the file itself (see :func:`_write_back`).
    """
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    mode = "mode=ro" if wal.exists() and shm.exists() else "immutable=1"
    uri = f"{path.as_uri()}?{mode}"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.isolation_level = None
        return conn

    engine = create_engine("sqlite://", creator=connect)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _server_engine(location: Location) -> Engine:
    """The engine for a server database; a driver that is not installed is a one-line error.

    The PostgreSQL driver (psycopg 3) comes only with the optional ``postgres`` extra, and
    SQLAlchemy imports it here, before any connection is tried.
    """
    try:
        return create_engine(location.url, pool_pre_ping=True)
    except NoSuchModuleError as exc:   # a driver SQLAlchemy does not know (postgresql+foo://)
        raise StorageError(f"{location.display}: cannot open the store: unknown database driver "
                           f"{location.url.split('://', 1)[0]!r}",
                           hint="Use a postgresql:// URL: ClearTerms uses the psycopg 3 driver.") from exc
    except ImportError as exc:
        raise _missing_driver(location, exc) from exc


#: How to get the PostgreSQL driver: the optional extra of ``pyproject.toml``.
POSTGRES_INSTALL = "pip install 'clearterms[postgres]'"


def _missing_driver(location: Location, exc: ImportError) -> StorageError:
    """The error for a PostgreSQL driver that is not installed (or cannot load its C library)."""
    module = (exc.name or "psycopg").split(".")[0]
    head = f"{location.display}: cannot open the store: the PostgreSQL driver"
    if getattr(sys, "frozen", False):   # the standalone bundle ships no PostgreSQL driver
        return StorageError(f"{head} {module} is not part of this standalone bundle",
                            hint=f"For a PostgreSQL store install ClearTerms with pip: {POSTGRES_INSTALL}. "
                                 "A file path in --db (or CLEARTERMS_DB) needs no driver.")
    if isinstance(exc, ModuleNotFoundError) and module != "psycopg":   # a driver the URL names
        problem = (f"{module}, which the URL names, is not installed; install it, or leave the driver out "
                   f"of the URL (postgresql://…) to use psycopg 3: {POSTGRES_INSTALL}")
    elif isinstance(exc, ModuleNotFoundError):
        problem = f"{module} is not installed; install it with: {POSTGRES_INSTALL}"
    else:
        problem = f"{module} cannot be loaded ({_first_line(exc)}); reinstall it with: {POSTGRES_INSTALL}"
    return StorageError(f"{head} {problem}",
                        hint="The driver is an optional part of ClearTerms; a file path in --db (or "
                             "CLEARTERMS_DB) needs none.")


def _check_sqlite_file(path: Path, missing: Location | None = None) -> bool:
    """Refuse a file that is not a healthy SQLite database or cannot be written, touching nothing.

    With ``missing`` (an open for reading), a path where no file exists raises :class:`StoreMissing`
    before anything is created, and a store that cannot be written (on read-only media, an archived
    copy) is not refused: True is returned, and it is opened read-only. Otherwise the folder of a
    new store is made, ready for it.
    """
    read_only = False
    try:
        mode: int | None = path.stat().st_mode
    except FileNotFoundError:
        if missing is not None:
            raise StoreMissing(missing) from None
        mode = None
    except OSError as exc:
        raise StorageError(f"{path}: cannot reach the consent database file ({exc.strerror or exc})",
                           hint="Give --db (or CLEARTERMS_DB) the path of a database file.") from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise StorageError(f"{path}: is a directory, not a consent database file",
                           hint="Give --db (or CLEARTERMS_DB) the path of a database file in that folder.")
    if mode is not None and not stat.S_ISREG(mode):
        # A FIFO would block the open below forever; a device is no place for a database.
        raise StorageError(f"{path}: is not a regular file (a FIFO, socket or device), so it cannot be a "
                           "consent database",
                           hint="Give --db (or CLEARTERMS_DB) the path of a database file.")
    existed = mode is not None
    if missing is None or not existed:
        _check_writable(path)
    elif not _writable(path):
        read_only = True
    if not existed:
        return False
    if path.stat().st_size == 0:
        raise StoreCorrupt(f"{path}: the file is empty (0 bytes), not a consent database",
                           hint="Nothing was changed. If it held your consent records, restore it from a "
                                "backup copy or import a JSON export into a new store; if it was never "
                                "used, delete it and ClearTerms will start a new store there.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise StoreCorrupt(f"{path}: not a consent database (the file is not an SQLite database)",
                           hint=_DAMAGED_HINT)
    check = "integrity_check" if path.stat().st_size <= FULL_CHECK_LIMIT else "quick_check"
    try:
        # With no WAL file beside it, nothing else has the database open: read it as immutable so
        # the check creates no -wal/-shm files. Otherwise read-only, seeing the WAL's commits too.
        wal = path.with_name(path.name + "-wal")
        conn = sqlite3.connect(f"{path.as_uri()}?{'mode=ro' if wal.exists() else 'immutable=1'}", uri=True)
        try:
            result = [row[0] for row in conn.execute(f"PRAGMA {check}")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version_columns = {row[1] for row in conn.execute("PRAGMA table_info(alembic_version)")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if _damage(exc):
            raise StoreCorrupt(f"{path}: the consent database is damaged ({exc})",
                               hint=_DAMAGED_HINT) from exc
        raise StorageError(f"{path}: cannot read the consent database ({exc})",
                           hint=_UNREADABLE_HINT) from exc
    if result != ["ok"]:
        # A row may hold several lines, the first a "*** in database main ***" heading: name a finding.
        findings = [line for row in result for line in str(row).splitlines() if not line.startswith("***")]
        raise StoreCorrupt(f"{path}: the consent database is damaged ({(findings or ['unreadable'])[0]})",
                           hint=_DAMAGED_HINT)
    if "alembic_version" in tables and "version_num" not in version_columns:
        raise StoreCorrupt(f"{path}: not a ClearTerms consent store, or a damaged one (its schema version "
                           "cannot be read: the table alembic_version has no column version_num)",
                           hint=_DAMAGED_HINT)
    foreign = tables - OUR_TABLES - {"sqlite_sequence"}
    if foreign or (tables and "alembic_version" not in tables):
        raise StoreCorrupt(f"{path}: not a ClearTerms consent database (it holds other tables: "
                           f"{', '.join(sorted(foreign or tables))})",
                           hint=_FOREIGN_HINT)
    return read_only


def _start_sqlite_store(path: Path) -> bool:
    """Make a new, empty store at ``path`` whole or not at all; False where another program's
    store was there first.

    It is built under a temporary name in the same folder and then linked into place, so a
    program killed while starting a store leaves no empty or half-made file at ``path`` (which
    every later run would refuse as damaged). Should a store appear at ``path`` meanwhile (another
    program started one first), that store is kept and this one dropped.
    """
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".starting", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    engine = _sqlite_engine(Path(name))
    try:
        try:
            with engine.connect() as conn, conn.execution_options(clearterms_write=True).begin():
                migrate.upgrade(conn)
        except DBAPIError as exc:   # a full disk: nothing is left behind (below)
            raise StorageError(f"{path}: cannot start a consent store there ({_first_line(exc)})",
                               hint="Nothing was created. Free some space on that disk, or choose another "
                                    "place for the store.") from exc
        engine.dispose()   # the last connection closes: the WAL is written back into the file
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError:   # a file system without hard links
            if path.exists():
                return False
            os.replace(temporary, path)
        sync_folder(path.parent)
        return True
    finally:
        engine.dispose()
        for leftover in (temporary, *(temporary.with_name(temporary.name + end) for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def sync_folder(folder: Path) -> None:
    """Make a new name in ``folder`` durable (where the platform can open a folder to sync it)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _writable(path: Path) -> bool:
    """Whether the store at ``path`` and its folder take writes (see :func:`_check_writable`)."""
    try:
        _check_writable(path)
    except StorageError:
        return False
    return True


def _check_writable(path: Path) -> None:
    """Really try: the folder must take new files (WAL needs them) and the file must open for writing.

    Permission bits are not enough (root ignores them; read-only mounts do not show in them).
    Creates the folder of a new store but not its file (:func:`_start_sqlite_store` puts that in
    place whole); never changes an existing file.
    """
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
        if path.exists():
            with path.open("ab"):
                pass
    except OSError as exc:
        raise StorageError(f"cannot write to {path}: {exc.strerror or exc}",
                           hint="Choose a writable place with --db or CLEARTERMS_DB.") from exc


class _Undecodable(StoreCorrupt):
    """A stored text SQLite cannot decode as UTF-8 (a damaged file)."""


def _lenient_text(data: bytes) -> str:
    """A stored text as the audit reads it; bytes that are not UTF-8 (a damaged file) read as U+FFFD,
    so that the row can still be read and ``verify`` finds its hash or its quote wrong and names it,
    instead of the check stopping at it."""
    return data.decode("utf-8", "replace")


@contextmanager
def _lenient(conn: Connection) -> Iterator[None]:
    """Read texts with :func:`_lenient_text` on this SQLite connection for a while (the audit only:
    SQLite's own decoding is about a third faster, which every export feels)."""
    raw = conn.connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):
        yield   # PostgreSQL stores no invalid UTF-8
        return
    raw.text_factory = _lenient_text
    try:
        yield
    finally:
        raw.text_factory = str


def _sqlite_engine(path: Path) -> Engine:
    # The file is named as a URL object, not parsed from a URL string: a path holding "%20" or "?"
    # ("consent%20backup.sqlite3") must open that very file, not "consent backup.sqlite3".
    url = URL.create("sqlite", database=str(path))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # The driver must not open transactions by itself: we issue BEGIN IMMEDIATE below.
        dbapi_conn.isolation_level = None
        # A 64 MiB page cache: the unique indexes on random hashes touch pages all over the file.
        for pragma in (f"busy_timeout={BUSY_TIMEOUT_MS}", "journal_mode=WAL", "synchronous=FULL",
                       "foreign_keys=ON", "cache_size=-65536"):
            dbapi_conn.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # Writers take the lock up front (no deadlock-prone upgrade from a read lock);
        # readers get a WAL snapshot and never block a writer.
        write = conn.get_execution_options().get("clearterms_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _check_schema(conn: Connection, display: str) -> str | None:
    """Refuse a foreign or too new schema; the revision the store is at (``None``: a new store)."""
    tables = set(inspect(conn).get_table_names())
    damaged = f"{display}: not a ClearTerms consent store, or a damaged one"
    try:
        versions = ([row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))]
                    if "alembic_version" in tables else [])
    except DBAPIError as exc:
        if now := _unreadable_now(display, exc):
            raise now from exc
        raise StoreCorrupt(f"{damaged} (its schema version cannot be read: {_first_line(exc)})",
                           hint=_DAMAGED_HINT) from exc
    if len(versions) > 1:
        raise StoreCorrupt(f"{damaged} (its schema version table holds {len(versions)} versions, "
                           f"{', '.join(map(repr, versions))}, where it holds one)", hint=_DAMAGED_HINT)
    current = versions[0] if versions else None
    if current is None:
        if tables - OUR_TABLES:
            raise StoreCorrupt(f"{display}: not a ClearTerms consent database (it holds other "
                               f"tables: {', '.join(sorted(tables - OUR_TABLES))})", hint=_FOREIGN_HINT)
        if kept := sorted(tables - {"alembic_version"}):
            raise StoreCorrupt(f"{damaged} (it holds the tables {', '.join(kept)}, but no schema version)",
                               hint=_DAMAGED_HINT)
        return None
    if current not in migrate.known_revisions():
        numbered = isinstance(current, str) and _REVISION.fullmatch(current)
        if not (numbered and current > migrate.head_revision()):
            raise StoreCorrupt(f"{damaged} (its schema version {current!r} is none ClearTerms ever wrote)",
                               hint=_DAMAGED_HINT)
        raise StoreTooNew(
            f"{display}: this consent store was written by a newer ClearTerms (schema "
            f"revision {current}; this version knows up to {migrate.head_revision()})",
            hint="Upgrade ClearTerms to open it; the store was left unchanged.")
    return current


#: How the schema revisions are numbered ("0004"): a later one is a newer ClearTerms's.
_REVISION = re.compile(r"\d{4}")


def _readable_as_is(conn: Connection) -> bool:
    """Whether every table holds the columns this version reads (an older revision may not)."""
    return not _missing_column(conn, lenient=True)


def _missing_column(conn: Connection, *, lenient: bool = False) -> str:
    """The first table or column this version reads that the database lacks ("" when none is missing).

    ``lenient`` lets the :data:`_OPTIONAL_COLUMNS` be missing, as they are in an older store read as it is.
    """
    inspector = inspect(conn)
    tables = set(inspector.get_table_names())
    for table in (_MEMBER, _DOCUMENT, _TOPIC_CLAUSE, _EVENT):
        if table.name not in tables:
            return f"table {table.name} is missing"
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            optional = lenient and (table.name, column.name) in _OPTIONAL_COLUMNS
            if column.name not in present and not optional:
                return f"table {table.name} has no column {column.name}"
    return ""


def _has_column(conn: Connection, table: str, column: str) -> bool:
    return any(c["name"] == column for c in inspect(conn).get_columns(table))


def _guard_problem(conn: Connection, pg: bool, revision: str | None = None) -> str:
    """Compare the triggers on the event table with the guard the schema revision should have.

    ``revision`` is the store's schema revision when it is older than the newest (before an
    upgrade); revisions are numbered, so their ids compare as strings.
    """
    if pg:
        rows = conn.execute(text(
            "SELECT t.tgname, t.tgenabled, pg_get_triggerdef(t.oid), p.prosrc FROM pg_trigger t "
            "JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = to_regclass('consent_event') AND NOT t.tgisinternal"))
        found = {name: (_SCHEMA_PREFIX.sub("", " ".join(definition.split())),
                        enabled in ("O", "A") and " ".join(body.split()) == PG_GUARD_BODY)
                 for name, enabled, definition, body in rows}
        guards = PG_GUARDS
    else:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consent_event'")
        found = {name: (" ".join((sql or "").split()), True) for name, sql in rows}
        guards = SQLITE_GUARDS
    expected = {name: statement for name, (statement, since) in guards.items()
                if revision is None or since <= revision}
    for name, statement in expected.items():
        if name not in found:
            return f"the append-only trigger {name} on the event table is missing"
        if found[name] != (statement, True):
            return f"the append-only trigger {name} on the event table was changed or disabled"
    if extra := sorted(found.keys() - guards.keys()):
        return f"the event table has a trigger ClearTerms did not create ({extra[0]})"
    return ""


def _foreign_trigger(conn: Connection, pg: bool) -> str:
    """A trigger on another ClearTerms table (ClearTerms puts none there): one could rename a member
    as it is added or swallow a version's topic clauses, as surely as one on the event table."""
    others = sorted(OUR_TABLES - {"consent_event"})
    if pg:
        rows = conn.execute(text(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = ANY(:tables) AND c.relnamespace = to_regnamespace(current_schema()) "
            "AND NOT t.tgisinternal ORDER BY c.relname, t.tgname"), {"tables": others})
    else:
        rows = conn.exec_driver_sql(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND tbl_name != 'consent_event' "
            "ORDER BY tbl_name, name")
    found = rows.first()
    if found is None:
        return ""
    return (f"the {found[0]} table has a trigger ClearTerms did not create ({found[1]}): what was written "
            "to that table since it was added may not be what ClearTerms wrote")

"""The consent store, reached only from one dedicated worker thread.

The store holds a database connection pool meant for one thread, so every store call
runs on a single-thread pool whose thread never expires; the store is opened there on
first use (importing SQLModel then, not at window start-up) and closed on shutdown.

The open store is kept on the service, not in a ``threading.local``: Python forgets the
thread-local data of a Qt pool thread after each job, so every job opened the store
again, and the abandoned stores' connections, closed whenever they were collected, could
remove the WAL files from under the live one (after another program had held the write
lock, every later read failed with "disk I/O error").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThreadPool

from desktop.gui.workers import CancelToken, JobRunner
from terms.topics import Topic


@dataclass(frozen=True)
class ConsentPicture:
    """Everything the consent view shows for one member and one document version."""

    members: tuple[str, ...]
    member: str | None
    document: Any                       # terms.consent.StoredDocument
    invalidated: tuple[Any, ...] = ()   # ConsentEvents written because this version was new
    states: dict[str, Any] = field(default_factory=dict)     # topic id -> ConsentState
    reviews: dict[str, Any] = field(default_factory=dict)    # topic id -> ReReview
    #: topic id -> ReReview for a refusal whose clauses changed since: it stands, and the card says so
    kept_refusals: dict[str, Any] = field(default_factory=dict)
    history: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # topic id -> events
    newer: str | None = None            # the label of a newer stored version of the series, if any
    read_only: bool = False             # the store cannot be written: decisions are shown, not recorded
    note: str = ""                      # what the reader should know of how the version is filed
    #: the other members' decisions to re-review in this document, by member: a new version is
    #: announced to whoever uses the window, not only to the member last shown
    others_to_review: dict[str, int] = field(default_factory=dict)
    #: each stored version of the series by its text hash: how the history names it ("on 2026-03-03",
    #: not "on 0af77500237d")
    version_names: dict[str, str] = field(default_factory=dict)
    #: topic id -> the name of the version the member last answered on, for questions this version
    #: asks that one did not (:class:`~terms.consent.model.NewQuestion`)
    new_questions: dict[str, str] = field(default_factory=dict)


class ConsentService(QObject):
    """Runs store calls on the store thread; knows where the store is, for messages."""

    def __init__(self, db: str | None, topics: tuple[Topic, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.topics = topics
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one thread (and its store) alive
        self.runner = JobRunner(self, self._pool)
        self._open_store: Any = None     # touched only on the store thread

    @property
    def db_display(self) -> str:
        """The consent database as messages name it: its file path, or its URL without a password."""
        from terms.consent.location import resolve_location
        from terms.errors import StorageError

        try:
            return resolve_location(self.db).display
        except StorageError:
            return str(self.db)

    def _store(self):
        if self._open_store is None:
            from terms.consent import open_store
            from terms.errors import StorageError, StoreMissing

            topics = self.topics or None
            try:
                self._open_store = open_store(self.db, topics=topics)
            except StorageError as exc:
                # a store that cannot be written (read-only media, an archived copy) is still
                # opened to be shown, checked and exported; one that is not there is not made,
                # and why it cannot be ("Permission denied") is what the reader needs to know
                if not str(exc).startswith("cannot write to "):
                    raise
                try:
                    self._open_store = open_store(self.db, topics=topics, create=False)
                except StoreMissing:
                    raise exc from None
        return self._open_store

    def submit(self, key: str, fn: Callable[[Any], Any], on_result: Callable[[Any], None],
               on_error: Callable[[BaseException, str], None]) -> CancelToken:
        """Run ``fn(store)`` on the store thread; the callbacks run on the GUI thread."""
        return self.runner.submit(key, lambda token: fn(self._store()), on_result=on_result,
                                  on_error=on_error)

    def close(self, timeout_ms: int = 10000) -> None:
        def close_store(_token: CancelToken) -> None:
            if self._open_store is not None:
                self._open_store.close()
                self._open_store = None

        self.runner.submit("close", close_store, on_result=lambda _: None)
        self._pool.waitForDone(timeout_ms)

    def wait(self, timeout_ms: int = 10000) -> bool:
        return self._pool.waitForDone(timeout_ms)


def _stored_read_only(store: Any, document: Any) -> Any:
    """The version as a read-only store holds it (nothing can be added to such a store)."""
    from terms.consent.model import AddedDocument
    from terms.errors import StorageError, TermsError

    try:
        stored = store.document(document.sha256)
    except TermsError:
        raise StorageError(f"cannot write to {store.location.display}: the store is read-only (read-only "
                           "media or permissions) and does not hold this version, so no decision on it "
                           "can be shown or recorded",
                           hint="Tools → Check Consent Records and Export still work. To record decisions, "
                                "copy the store to a folder you can write to and start ClearTerms with it."
                           ) from None
    return AddedDocument(stored, False, ())


def pack_info(pack: Any) -> Any:
    """The store's record of the rule pack (a :class:`RulePack`) that chose the clauses shown."""
    from terms.consent import PackInfo

    return PackInfo(pack.id, pack.version, pack.sha256)


def load_picture(store: Any, analysis: Any, member: str | None, series: str,
                 version_label: str | None, *, refiled: bool = False) -> ConsentPicture:
    """Store the version (which may invalidate older consents) and read the member's state.

    Runs on the store thread; ``analysis`` is the :class:`~terms.flagging.Analysis` shown.
    ``refiled``: the user filed the version under the document of ``series`` ("Add as New Version
    Of…"), so a version already stored under another one moves there.
    """
    from terms.consent.clauses import own_topic_links
    from terms.consent.store import series_key

    if not refiled:
        # a version the command line stored joins its series (the library names the document differently)
        series = (store.series_in_use([series, series_key(analysis.document)])
                  or store.earlier_series_of(analysis.document) or series)
    if store.read_only:
        added = _stored_read_only(store, analysis.document)
    else:
        added = store.add_document(analysis.document, analysis.flags, pack=pack_info(analysis.pack),
                                   series=series, version_label=version_label,
                                   links=own_topic_links(analysis.pack))
    note = ""
    if refiled and added.document.series != series:
        from terms.errors import StorageError

        try:
            added = store.refile_document(added.document.sha256, series, pack_info(analysis.pack))
        except StorageError as exc:   # decisions recorded on it already: its consent stays where it is
            note = (f"Its consent records stay with the document it was first filed under: "
                    f"{str(exc).split(': ', 1)[-1]}.")
    versions = store.documents(added.document.series)
    newer = newer_version(versions, added.document.sha256)
    names = {d.sha256: d.version_label or d.sha256[:12] for d in versions}
    members = tuple(m.name for m in store.list_members())
    if not members and store.new_elsewhere:
        # the window's store is named by CLEARTERMS_DB: a mistyped one starts an empty store
        note = (f"A new consent store was started at {store.location.display}: if you expected "
                f"the records you made before, check CLEARTERMS_DB. {note}").strip()
    if member not in members:
        member = members[0] if members else None
    if member is None:
        return ConsentPicture(members, None, added.document, added.invalidated, newer=newer,
                              read_only=store.read_only, note=note)
    stored_series = added.document.series
    others = {name: n for name, n in store.reviews_by_member(stored_series).items() if name != member}
    states = {s.topic: s for s in store.current_state(member, stored_series)}
    reviews = {r.topic: r for r in store.pending_reviews(member) if r.series == stored_series}
    kept = {r.topic: r for r in store.kept_refusals(member) if r.series == stored_series}
    new = {q.topic: names[q.answered_on] for q in store.new_questions(member)
           if q.series == stored_series and q.new_document == added.document.sha256}
    history: dict[str, list[Any]] = {}
    for event in store.history(member, series=stored_series):
        history.setdefault(event.topic, []).append(event)
    return ConsentPicture(members, member, added.document, added.invalidated, states, reviews, kept,
                          {k: tuple(v) for k, v in history.items()}, newer, read_only=store.read_only,
                          note=note, others_to_review=others, version_names=names, new_questions=new)


def newer_version(versions: tuple[Any, ...], sha256: str) -> str | None:
    """The label of the newest stored version if it supersedes ``sha256``, or None if that is the
    latest (newest as the store decides what invalidates a consent: :func:`~terms.consent.store.is_newer`)."""
    from terms.consent.store import is_newer, newest_of

    this = next((v for v in versions if v.sha256 == sha256), None)
    if this is None:
        return None
    latest = newest_of(versions)
    if not is_newer(latest, this, versions):
        return None
    return latest.version_label or latest.effective_date or latest.sha256[:12]


def record_batch(store: Any, member: str, sha256: str, choices: Mapping[str, str], pack: Any) -> int:
    """Record the staged ``choices`` (topic id -> status) in one transaction: all of them or none
    (:meth:`~terms.consent.store.ConsentStore.record_decisions`)."""
    return len(store.record_decisions(member, sha256, choices, pack=pack_info(pack), method="desktop"))


# Hints written for the command line; the window offers none of these.
_CLI_WORDS = ("--db", "CLEARTERMS_DB", "`clearterms", "consent import", "--status")


def describe_failure(action: str, exc: BaseException, db: str, retry: str = "press Retry") -> tuple[str, str]:
    """A headline that says why ``action`` failed (naming the database for store problems) and a hint
    for the window.

    ``retry`` is what the user does to try again (the button to press). A failure that is not a
    :class:`~terms.errors.TermsError` is a bug: its hint is left empty for the caller to fill.
    """
    from terms.errors import ChainBroken, StorageError, StoreCorrupt, StoreTampered, StoreTooNew, TermsError

    if not isinstance(exc, TermsError):
        return action, ""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    own_hint = exc.hint if exc.hint and not any(w in exc.hint for w in _CLI_WORDS) else None
    if not isinstance(exc, StorageError):
        if "already exists" in reason:
            hint = "Choose another name, or pick the member from the Member list."
        elif reason.startswith("nothing to withdraw"):
            hint = "Only a consent that was given can be withdrawn; to say no, choose Refuse."
        else:
            hint = own_hint or "Check your choices, then try again."
        return f"{action}: {reason}", hint
    for prefix in (f"cannot write to {db}: ", f"{db}: "):
        reason = reason.removeprefix(prefix)
    reason = re.sub(r"^cannot [^:]+: ", "", reason)
    headline = f"{action} in {db}: {reason}"
    lowered = reason.lower()
    if isinstance(exc, (ChainBroken, StoreTampered)):
        # the store opens, but its records were changed outside ClearTerms: nothing is added to it
        hint = ("Nothing was recorded. Tools ▸ Check Consent Records lists what was changed; File ▸ "
                "Export Consent Records… still saves the records as they are now. Keep the file as "
                "evidence and restore the store from a backup.")
    elif isinstance(exc, StoreCorrupt) and retry == "press Export":
        # (exporting cannot start a store: "press Export to start a new, empty store" made no sense)
        hint = "Nothing was exported. Restore the file from a backup copy, then export again."
    elif isinstance(exc, StoreCorrupt):
        hint = ("Nothing was changed. Restore the file from a backup copy, or move it elsewhere and "
                f"{retry} to start a new, empty store there.")
    elif isinstance(exc, StoreTooNew):
        hint = own_hint or "Upgrade ClearTerms to open it; the store was left unchanged."
    elif "busy" in lowered or "locked" in lowered:
        hint = ("Another program (or another ClearTerms window) is writing to it. "
                f"Wait a moment, then {retry}.")
    elif "is a directory" in lowered:
        hint = "Start ClearTerms with the path of a database file, not of a folder."
    elif "readonly" in lowered or "read-only" in lowered or "permission" in lowered:
        hint = own_hint or (f"ClearTerms needs permission to write to this file and its folder. Fix that, "
                            f"then {retry}.")
    elif "://" in db:   # a database server, not a file
        hint = own_hint or f"Check that the database server is running and the URL is right, then {retry}."
    else:
        hint = own_hint or f"Check the file and its folder, then {retry}."
    return headline, hint

"""The consent store, reached only from one dedicated worker thread.

The store holds a database connection pool meant for one thread, so every store call
runs on a single-thread pool whose thread never expires; the store is opened there on
first use (importing SQLModel then, not at window start-up) and closed on shutdown.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
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
    history: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # topic id -> events


class ConsentService(QObject):
    def __init__(self, db: str | None, topics: tuple[Topic, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.topics = topics
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one thread (and its store) alive
        self.runner = JobRunner(self, self._pool)
        self._local = threading.local()

    def _store(self):
        store = getattr(self._local, "store", None)
        if store is None:
            from terms.consent import open_store

            store = open_store(self.db, topics=self.topics or None)
            self._local.store = store
        return store

    def submit(self, key: str, fn: Callable[[Any], Any], on_result: Callable[[Any], None],
               on_error: Callable[[BaseException, str], None]) -> CancelToken:
        """Run ``fn(store)`` on the store thread; the callbacks run on the GUI thread."""
        return self.runner.submit(key, lambda token: fn(self._store()), on_result=on_result,
                                  on_error=on_error)

    def close(self, timeout_ms: int = 10000) -> None:
        def close_store(_token: CancelToken) -> None:
            store = getattr(self._local, "store", None)
            if store is not None:
                store.close()
                self._local.store = None

        self.runner.submit("close", close_store, on_result=lambda _: None)
        self._pool.waitForDone(timeout_ms)

    def wait(self, timeout_ms: int = 10000) -> bool:
        return self._pool.waitForDone(timeout_ms)


def pack_info(pack: Any) -> Any:
    """The store's record of the rule pack (a :class:`RulePack`) that chose the clauses shown."""
    from terms.consent import PackInfo

    return PackInfo(pack.id, pack.version, pack.sha256)


def load_picture(store: Any, analysis: Any, member: str | None, series: str,
                 version_label: str | None) -> ConsentPicture:
    """Store the version (which may invalidate older consents) and read the member's state.

    Runs on the store thread; ``analysis`` is the :class:`~terms.flagging.Analysis` shown.
    """
    added = store.add_document(analysis.document, analysis.flags, pack=pack_info(analysis.pack),
                               series=series, version_label=version_label)
    members = tuple(m.name for m in store.list_members())
    if member not in members:
        member = members[0] if members else None
    if member is None:
        return ConsentPicture(members, None, added.document, added.invalidated)
    stored_series = added.document.series
    states = {s.topic: s for s in store.current_state(member, stored_series)}
    reviews = {r.topic: r for r in store.pending_reviews(member) if r.series == stored_series}
    history: dict[str, list[Any]] = {}
    for event in store.history(member, series=stored_series):
        history.setdefault(event.topic, []).append(event)
    return ConsentPicture(members, member, added.document, added.invalidated, states, reviews,
                          {k: tuple(v) for k, v in history.items()})

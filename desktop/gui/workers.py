"""Background jobs for the GUI: a thread pool, progress, cancel, and stale-result dropping.

A job is a plain function ``fn(token) -> result`` run on a :class:`QThreadPool` thread.
It reports progress through ``token.progress(done, total, text)`` and stops early when
``token.check()`` raises :class:`Cancelled`. Every job is submitted under a *key*
(``"analyse"``, ``"compare"`` …); submitting again under the same key makes the earlier
job stale: it is asked to cancel, and whatever it still returns is dropped, so a slow
old result can never overwrite a newer one on screen.

A job that catches :class:`Cancelled` and returns the work it finished (a batch of files
read up to the cancel) has that result handed to ``on_partial``; without ``on_partial`` a
cancelled job is only reported to ``on_cancel``.

Results, errors and progress reach the GUI thread as queued signals, so the callbacks
always run on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.gui.engine import Cancelled  # defined without Qt, so that engine's loops can catch it

__all__ = ["CancelToken", "Cancelled", "JobRunner"]

log = logging.getLogger(__name__)




class CancelToken:
    """Shared between the GUI and one running job: cancel flag and progress reporting."""

    def __init__(self, report: Callable[[int, int, str], None] | None = None) -> None:
        self._event = threading.Event()
        self._report = report

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the job should stop; call it between units of work."""
        if self._event.is_set():
            raise Cancelled

    def progress(self, done: int, total: int, text: str = "") -> None:
        self.check()
        if self._report is not None:
            try:
                self._report(done, total, text)
            except RuntimeError:  # the window that asked was closed: stop, as if cancelled
                raise Cancelled from None


class _Signals(QObject):
    progress = Signal(int, int, int, str)   # generation, done, total, text
    finished = Signal(int, object)          # generation, result
    failed = Signal(int, object, str)       # generation, exception, formatted traceback
    cancelled = Signal(int)
    partial = Signal(int, object)           # generation, what a cancelled job finished


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[CancelToken], Any], token: CancelToken, signals: _Signals,
                 generation: int) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._token = token
        self._signals = signals
        self._generation = generation

    def run(self) -> None:
        gen = self._generation
        signals = self._signals
        try:
            result = self._fn(self._token)
        except Cancelled:
            _emit(signals.cancelled, gen)
        except Exception as exc:
            _emit(signals.failed, gen, exc, traceback.format_exc())
        else:
            if self._token.cancelled:
                _emit(signals.partial, gen, result)
            else:
                _emit(signals.finished, gen, result)


def _emit(signal: Any, *args: Any) -> None:
    """Emit, unless the window that started the job is gone (closed while it ran: its signals were
    deleted with it, and there is nobody left to tell)."""
    try:
        signal.emit(*args)
    except RuntimeError:
        log.debug("A job ended after its window closed; its outcome was dropped")


@dataclass
class _Slot:
    generation: int = 0
    token: CancelToken | None = None
    signals: _Signals | None = None
    callbacks: dict[str, Callable[..., None] | None] = field(default_factory=dict)


class JobRunner(QObject):
    """Runs keyed jobs on a thread pool; only the newest job of each key may deliver."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._slots: dict[str, _Slot] = {}
        self._running: set[tuple[str, int]] = set()

    def submit(
        self,
        key: str,
        fn: Callable[[CancelToken], Any],
        *,
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        on_partial: Callable[[Any], None] | None = None,
    ) -> CancelToken:
        """Start ``fn`` under ``key``; any earlier job of that key is cancelled and becomes stale.

        ``on_partial`` receives what a cancelled job returned anyway (see the module notes);
        without it, such a job ends with ``on_cancel`` like any other cancelled job."""
        slot = self._slots.setdefault(key, _Slot())
        if slot.token is not None:
            slot.token.cancel()
        slot.generation += 1
        gen = slot.generation
        signals = _Signals(self)
        token = CancelToken(lambda d, t, s: signals.progress.emit(gen, d, t, s))
        slot.token, slot.signals = token, signals
        slot.callbacks = {"result": on_result, "error": on_error, "progress": on_progress,
                          "cancel": on_cancel, "partial": on_partial}
        signals.progress.connect(lambda g, d, t, s: self._deliver(key, g, "progress", d, t, s))
        signals.finished.connect(lambda g, r: self._finish(key, g, "result", r))
        signals.failed.connect(lambda g, e, tb: self._finish(key, g, "error", e, tb))
        signals.cancelled.connect(lambda g: self._finish(key, g, "cancel"))
        signals.partial.connect(lambda g, r: self._finish(key, g, "partial", r) if on_partial is not None
                                else self._finish(key, g, "cancel"))
        was_busy = bool(self._running)
        self._running.add((key, gen))
        if not was_busy:
            self.busy_changed.emit(True)
        self._pool.start(_Runnable(fn, token, signals, gen))
        return token

    def cancel(self, key: str) -> None:
        slot = self._slots.get(key)
        if slot and slot.token:
            slot.token.cancel()

    def is_running(self, key: str) -> bool:
        return any(k == key for k, _ in self._running)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every pool job ended (used on shutdown and in tests)."""
        return self._pool.waitForDone(msecs)

    def _current(self, key: str, generation: int) -> _Slot | None:
        slot = self._slots.get(key)
        return slot if slot is not None and slot.generation == generation else None

    def _deliver(self, key: str, generation: int, what: str, *args: Any) -> None:
        slot = self._current(key, generation)
        if slot is None:
            return  # stale: a newer job of this key replaced it
        callback = slot.callbacks.get(what)
        if callback is not None:
            callback(*args)

    def _finish(self, key: str, generation: int, what: str, *args: Any) -> None:
        self._running.discard((key, generation))
        slot = self._current(key, generation)
        try:
            if slot is not None:
                slot.token = None
                callback = slot.callbacks.get(what)
                if callback is not None:
                    callback(*args)
                elif what == "error":
                    log.error("background job %s failed: %s", key, args[0])
            else:
                log.debug("dropped stale %s of job %s #%d", what, key, generation)
        finally:
            if not self._running:
                self.busy_changed.emit(False)

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
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

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
    """Emit; a job's signals outlive its window (see :class:`_Relay`), but should they be gone,
    there is nobody left to tell."""
    try:
        signal.emit(*args)
    except RuntimeError:
        log.debug("A job ended after its window closed; its outcome was dropped")


class _Relay(QObject):
    """Receives the signals of one key's jobs on the GUI thread for the runner, its parent.

    The jobs' :class:`_Signals` belong to no window: the job running on a pool thread holds them, so
    a window closed while it runs cannot delete the object it is emitting from. The relay goes with
    the window instead, and Qt then drops whatever the job still emits (and any queued delivery)."""

    def __init__(self, runner: JobRunner, key: str) -> None:
        super().__init__(runner)
        self._runner = runner
        self._key = key

    def attach(self, signals: _Signals) -> None:
        signals.progress.connect(self.progress)
        signals.finished.connect(self.finished)
        signals.failed.connect(self.failed)
        signals.cancelled.connect(self.cancelled)
        signals.partial.connect(self.partial)

    @Slot(int, int, int, str)
    def progress(self, generation: int, done: int, total: int, text: str) -> None:
        self._runner._deliver(self._key, generation, "progress", done, total, text)

    @Slot(int, object)
    def finished(self, generation: int, result: Any) -> None:
        self._runner._finish(self._key, generation, "result", result)

    @Slot(int, object, str)
    def failed(self, generation: int, error: BaseException, formatted: str) -> None:
        self._runner._finish(self._key, generation, "error", error, formatted)

    @Slot(int)
    def cancelled(self, generation: int) -> None:
        self._runner._finish(self._key, generation, "cancel")

    @Slot(int, object)
    def partial(self, generation: int, result: Any) -> None:
        self._runner._finish(self._key, generation, "partial", result)


@dataclass
class _Slot:
    generation: int = 0
    token: CancelToken | None = None
    signals: _Signals | None = None
    relay: _Relay | None = None
    callbacks: dict[str, Callable[..., None] | None] = field(default_factory=dict)


#: How long (s) a thread may hold the GIL while another waits for it (Python's default: 5 ms).
#: While a worker read a PDF's text with pypdf, the GUI thread waited 60-190 ms at a time for the
#: GIL at the default and at most 13 ms at 1 ms, the reading taking as long (measured with
#: benchmarks/responsiveness.py); the interval counts only while a thread waits, so idling costs nothing.
GIL_SWITCH_INTERVAL_S = 0.001


class JobRunner(QObject):
    """Runs keyed jobs on a thread pool; only the newest job of each key may deliver."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)   # workers share the GIL with the GUI thread
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
        signals = _Signals()
        token = CancelToken(lambda d, t, s: signals.progress.emit(gen, d, t, s))
        slot.token, slot.signals = token, signals
        slot.callbacks = {"result": on_result, "error": on_error, "progress": on_progress,
                          "cancel": on_cancel, "partial": on_partial}
        if slot.relay is None:
            slot.relay = _Relay(self, key)
        slot.relay.attach(signals)
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
                if what == "partial" and slot.callbacks.get("partial") is None:
                    what, args = "cancel", ()   # nobody takes a cancelled job's partial work
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

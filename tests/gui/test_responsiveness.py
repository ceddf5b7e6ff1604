"""The GUI thread keeps ticking while the largest corpus document is parsed and flagged.

A 10 ms QTimer runs while the window opens the largest document of ``ota_versions``
through its normal worker path, up to and including the slot that shows the result
(setting 170 KB of text and its highlights is the one job the GUI thread must do).
Target, as in DESIGN.md §8: no stall over 50 ms. Two measures:

* the GUI thread's own CPU time between two ticks (``time.thread_time``): what our code
  makes it do; asserted strictly under 50 ms on the reference machine, and as much more on a
  slower one as it takes longer for a fixed piece of Python (``tests/machine_speed.py``);
* the wall-clock gap between ticks, which also counts time the OS (other processes on a
  shared 2-core machine) or the worker holding the GIL takes from it: asserted under that
  bound plus a scheduling margin of 30 ms per unit of oversubscription (load average / cores, at
  least 1), with a median under 20 ms per unit proving the loop was never starved overall.

A control test runs the same measurement with the worker pool replaced by one that runs
jobs on the GUI thread, and checks the CPU measure then exceeds the target: the test
cannot pass by measuring nothing.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from tests.machine_speed import scaled_ms

TARGET_MS = 50
MARGIN_PER_LOAD_MS = 30


def _oversubscription() -> float:
    """Runnable processes per core over the last minute, at least 1."""
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def _scheduling_margin_ms() -> float:
    return MARGIN_PER_LOAD_MS * _oversubscription()


def _largest_document(ota_versions: Path) -> Path:
    return max(ota_versions.rglob("*.md"), key=lambda p: p.stat().st_size if p.name != "README.md" else 0)


@dataclass(frozen=True)
class Ticks:
    """Gaps between timer ticks over one analysis (ms): wall clock, and GUI-thread CPU."""

    wall: list[float]
    cpu: list[float]
    analysis_ms: float


def _measure(window, qtbot, path: Path) -> Ticks:
    """Open ``path`` through the window while a 10 ms timer ticks; the gaps run from the last
    tick before ``open_file`` is called (so work done inside the call itself counts) to the
    first tick after the document view showed the flags (``flags_shown``: its list, highlights and
    minimap complete), the last of the passes showing the result."""
    ticks: list[float] = []
    cpu: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: (ticks.append(time.perf_counter()), cpu.append(time.thread_time())))
    timer.start()
    qtbot.wait(100)
    done_at: list[float] = []  # when the flags were shown: the last pass of showing the result
    view = window.document_view

    def shown() -> None:
        done_at.append(time.perf_counter())

    view.flags_shown.connect(shown)
    start = time.perf_counter()
    window.open_file(path)
    qtbot.waitUntil(lambda: bool(done_at), timeout=60000)
    qtbot.wait(100)
    view.flags_shown.disconnect(shown)
    timer.stop()
    first = next(i for i, t in enumerate(ticks) if t >= start) - 1
    last = next(i for i, t in enumerate(ticks) if t >= done_at[0])  # the first tick after showing
    return Ticks([(ticks[i + 1] - ticks[i]) * 1000 for i in range(first, last)],
                 [(cpu[i + 1] - cpu[i]) * 1000 for i in range(first, last)],
                 1000 * (done_at[0] - start))


def _open_consent_store(window) -> None:
    """Open the window's consent store and wait for it. The first opening imports SQLAlchemy,
    SQLModel and Alembic on the store thread (about 0.9 s, a once-per-session cost paid as the
    first document shows), which is not what this test measures. Its longest hold of the GIL
    measured 77 ms after the largest corpus document had been read, 30-36 ms since what is loaded
    by then is frozen out of garbage collection (desktop/gui/engine.py)."""
    window.consent_service.submit("open", lambda store: None, lambda _: None, lambda *_: None)
    assert window.consent_service.wait(30000)


@pytest.mark.corpus
def test_event_loop_keeps_ticking_while_the_largest_document_is_analysed(window, qtbot, ota_versions) -> None:
    from terms.rulepacks.loader import default_pack

    default_pack()  # compile the pack once beforehand, as a running app already has
    _open_consent_store(window)  # ... and its consent store (opened with the first document)
    # The app freezes what it has loaded at start-up and after each document (desktop/gui/engine.py);
    # here the objects earlier tests left behind are not frozen, and the worker's collection after
    # the analysis walked them all while holding the GIL (one 178 ms wait of the GUI thread seen in
    # a full run, 29-38 ms alone).
    gc.collect()
    gc.freeze()
    path = _largest_document(ota_versions)
    m = _measure(window, qtbot, path)
    assert len(m.wall) >= 4, "the analysis finished too fast to measure anything"
    print(f"\n{path.name} ({path.stat().st_size // 1024} KB): analysis {m.analysis_ms:.0f} ms, "
          f"{len(m.wall)} gaps, median {statistics.median(m.wall):.1f} ms, max {max(m.wall):.1f} ms wall / "
          f"{max(m.cpu):.1f} ms GUI-thread CPU; showing the result {m.wall[-1]:.0f} ms wall / "
          f"{m.cpu[-1]:.0f} ms CPU; limits {scaled_ms(TARGET_MS):.0f} ms CPU, "
          f"{scaled_ms(TARGET_MS) + _scheduling_margin_ms():.0f} ms wall")
    assert window.current is not None and window.current.path == path
    assert max(m.cpu) < scaled_ms(TARGET_MS)
    assert statistics.median(m.wall) < scaled_ms(20) * _oversubscription()
    assert max(m.wall) < scaled_ms(TARGET_MS) + _scheduling_margin_ms()


class _GuiThreadPool:
    """Stands in for the worker pool and runs every job on the GUI thread: the regression
    the test above exists to catch. ``deferred`` runs it from the event loop (as a slot
    doing the work would), otherwise inside ``submit`` itself."""

    def __init__(self, deferred: bool) -> None:
        self.deferred = deferred

    def start(self, runnable) -> None:
        if self.deferred:
            QTimer.singleShot(0, runnable.run)
        else:
            runnable.run()

    def waitForDone(self, _msecs: int = -1) -> bool:
        return True


@pytest.mark.corpus
@pytest.mark.parametrize("deferred", [False, True], ids=["inside-open_file", "in-a-slot"])
def test_the_measure_catches_analysis_on_the_gui_thread(window, qtbot, ota_versions, monkeypatch, tmp_path,
                                                        deferred: bool) -> None:
    from terms.rulepacks.loader import default_pack

    default_pack()
    monkeypatch.setattr(window.runner, "_pool", _GuiThreadPool(deferred))
    # three times the largest document: its analysis alone came within 10 % of the limit on a fast run
    largest = _largest_document(ota_versions)
    tripled = tmp_path / largest.name
    tripled.write_text("\n\n".join([largest.read_text(encoding="utf-8")] * 3), encoding="utf-8")
    m = _measure(window, qtbot, tripled)
    assert window.current is not None
    assert max(m.cpu) >= scaled_ms(TARGET_MS)  # the strict assertion above would fail

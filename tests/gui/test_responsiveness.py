"""The GUI thread keeps ticking while the largest corpus document is parsed and flagged.

A 10 ms QTimer runs while the window opens the largest English document of ``ota_versions``
(134 KB), and the same text as a PDF, through its normal worker path, up to and including the
slot that shows the result (setting the text and its highlights is the one job the GUI thread
must do).
Target, as in DESIGN.md §8: no stall over 50 ms. Two measures:

* the GUI thread's own CPU time between two ticks (``time.thread_time``): what our code
  makes it do; asserted strictly under 50 ms on the reference machine, and as much more on a
  slower one as it takes longer for a fixed piece of Python (``tests/machine_speed.py``);
* the wall-clock gap between ticks, which also counts time the OS (other processes on a
  shared 2-core machine) or the worker holding the GIL takes from it: asserted under that
  bound plus a scheduling margin of 30 ms per unit of oversubscription (load average / cores, at
  least 1), with a median under 20 ms per unit proving the loop was never starved overall.
  A stall our code causes (work on the GUI thread, the worker holding the GIL in one long
  call) comes back each time the same document is read; one from another process on the
  machine seldom comes twice. So the document is read up to three times, each reading must
  meet the CPU bound, and the wall bound is judged on the best of them (one CI run out of
  some sixty saw a 108 ms gap with 18 ms of GUI-thread CPU, on a reading that was not
  repeated).

The measurement is the benchmark's (``benchmarks/responsiveness.py``, which also reads the
document as a PDF and reports the figures of record).

A control test runs the same measurement with the worker pool replaced by one that runs
jobs on the GUI thread, and checks the CPU measure then exceeds the target: the test
cannot pass by measuring nothing.
"""

from __future__ import annotations

import gc
import os
import statistics

import pytest
from PySide6.QtCore import QTimer

from benchmarks.responsiveness import TARGET_MS, Ticks, as_pdf, largest_document, measure
from tests.machine_speed import scaled_ms

MARGIN_PER_LOAD_MS = 30
ATTEMPTS = 3


def _oversubscription() -> float:
    """Runnable processes per core over the last minute, at least 1."""
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def _scheduling_margin_ms() -> float:
    return MARGIN_PER_LOAD_MS * _oversubscription()


def _open_consent_store(window) -> None:
    """Open the window's consent store and wait for it. The first opening imports SQLAlchemy,
    SQLModel and Alembic on the store thread (about 0.9 s, a once-per-session cost paid as the
    first document shows), which is not what this test measures. Its longest hold of the GIL
    measured 77 ms after the largest corpus document had been read, 30-36 ms since what is loaded
    by then is frozen out of garbage collection (desktop/gui/engine.py)."""
    window.consent_service.submit("open", lambda store: None, lambda _: None, lambda *_: None)
    assert window.consent_service.wait(30000)


@pytest.mark.corpus
@pytest.mark.parametrize("kind", ["markdown", "pdf"])
def test_event_loop_keeps_ticking_while_the_largest_document_is_analysed(window, ota_versions, tmp_path,
                                                                         kind: str) -> None:
    from terms.rulepacks.loader import default_pack

    default_pack()  # compile the pack once beforehand, as a running app already has
    _open_consent_store(window)  # ... and its consent store (opened with the first document)
    # The app freezes what it has loaded at start-up and after each document (desktop/gui/engine.py);
    # here the objects earlier tests left behind are not frozen, and the worker's collection after
    # the analysis walked them all while holding the GIL (one 178 ms wait of the GUI thread seen in
    # a full run, 29-38 ms alone).
    gc.collect()
    gc.freeze()
    path = largest_document(ota_versions, english=True)
    if kind == "pdf":   # pypdf's reading once kept the GUI thread from the GIL (desktop/gui/app.py)
        path = as_pdf(path, tmp_path / f"{path.stem}.pdf")
    bound = scaled_ms(TARGET_MS) + _scheduling_margin_ms()
    readings: list[Ticks] = []
    while len(readings) < ATTEMPTS and (not readings or max(readings[-1].wall) >= bound):
        m = measure(window, path)
        assert len(m.wall) >= 4, "the analysis finished too fast to measure anything"
        print(f"\n{path.name} ({path.stat().st_size // 1024} KB): analysis {m.analysis_ms:.0f} ms, "
              f"{len(m.wall)} gaps, median {statistics.median(m.wall):.1f} ms, "
              f"max {max(m.wall):.1f} ms wall / {max(m.cpu):.1f} ms GUI-thread CPU; "
              f"showing the result {m.wall[-1]:.0f} ms wall / {m.cpu[-1]:.0f} ms CPU; "
              f"limits {scaled_ms(TARGET_MS):.0f} ms CPU, {bound:.0f} ms wall")
        assert window.current is not None and window.current.path == path
        assert max(m.cpu) < scaled_ms(TARGET_MS)   # our code's own work: every reading
        readings.append(m)
    best = min(readings, key=lambda m: max(m.wall))
    assert statistics.median(best.wall) < scaled_ms(20) * _oversubscription()
    assert max(best.wall) < bound


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
def test_the_measure_catches_analysis_on_the_gui_thread(window, ota_versions, monkeypatch, tmp_path,
                                                        deferred: bool) -> None:
    from terms.rulepacks.loader import default_pack

    default_pack()
    monkeypatch.setattr(window.runner, "_pool", _GuiThreadPool(deferred))
    # three times the largest document: its analysis alone came within 10 % of the limit on a fast run
    largest = largest_document(ota_versions)
    tripled = tmp_path / largest.name
    tripled.write_text("\n\n".join([largest.read_text(encoding="utf-8")] * 3), encoding="utf-8")
    m = measure(window, tripled)
    assert window.current is not None
    assert max(m.cpu) >= scaled_ms(TARGET_MS)  # the strict assertion above would fail

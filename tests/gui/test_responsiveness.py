"""The GUI thread keeps ticking while the largest corpus document is parsed and flagged.

A 10 ms QTimer runs while the window opens the largest document of ``ota_versions``
through its normal worker path, up to and including the slot that shows the result
(setting 170 KB of text and its highlights is the one job the GUI thread must do).
Target, as in DESIGN.md §8: no stall over 50 ms. Two measures:

* the GUI thread's own CPU time between two ticks (``time.thread_time``): what our code
  makes it do; asserted strictly under 50 ms;
* the wall-clock gap between ticks, which also counts time the OS (other processes on a
  shared 2-core machine) or the worker holding the GIL takes from it: asserted under 50 ms
  plus a scheduling margin of 30 ms per unit of oversubscription (load average / cores, at
  least 1), with a median near the 10 ms tick proving the loop was never starved overall.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

TARGET_MS = 50
MARGIN_PER_LOAD_MS = 30


def _scheduling_margin_ms() -> float:
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return MARGIN_PER_LOAD_MS * max(1.0, load)


def _largest_document(ota_versions: Path) -> Path:
    return max(ota_versions.rglob("*.md"), key=lambda p: p.stat().st_size if p.name != "README.md" else 0)


@pytest.mark.corpus
def test_event_loop_keeps_ticking_while_the_largest_document_is_analysed(window, qtbot, ota_versions) -> None:
    from terms.rulepacks.loader import default_pack

    default_pack()  # compile the pack once beforehand, as a running app already has
    path = _largest_document(ota_versions)
    ticks: list[float] = []
    cpu: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: (ticks.append(time.perf_counter()), cpu.append(time.thread_time())))
    timer.start()
    qtbot.wait(100)
    done_at: list[float] = []
    window.runner.busy_changed.connect(lambda busy: None if busy else done_at.append(time.perf_counter()))
    start = time.perf_counter()
    window.open_file(path)
    qtbot.waitUntil(lambda: bool(done_at), timeout=60000)
    qtbot.wait(100)
    timer.stop()
    first = next(i for i, t in enumerate(ticks) if t >= start)
    last = next(i for i, t in enumerate(ticks) if t >= done_at[0])  # the first tick after showing
    assert last - first >= 3, "the analysis finished too fast to measure anything"
    gaps = [(ticks[i + 1] - ticks[i]) * 1000 for i in range(first, last)]
    own = [(cpu[i + 1] - cpu[i]) * 1000 for i in range(first, last)]
    show_gap, show_cpu = gaps[-1], own[-1]
    print(f"\n{path.name} ({path.stat().st_size // 1024} KB): analysis {1000 * (done_at[0] - start):.0f} ms, "
          f"{len(gaps)} gaps, median {statistics.median(gaps):.1f} ms, max {max(gaps):.1f} ms wall / "
          f"{max(own):.1f} ms GUI-thread CPU; showing the result {show_gap:.0f} ms wall / "
          f"{show_cpu:.0f} ms CPU; wall limit {TARGET_MS + _scheduling_margin_ms():.0f} ms")
    assert window.current is not None and window.current.path == path
    assert max(own) < TARGET_MS
    assert statistics.median(gaps) < 20
    assert max(gaps) < TARGET_MS + _scheduling_margin_ms()

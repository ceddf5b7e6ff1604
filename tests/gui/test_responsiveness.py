"""The GUI thread keeps ticking while the largest corpus document is parsed and flagged.

A 10 ms QTimer runs while the window opens the largest document of ``ota_versions``
through its normal worker path. The measure is the longest gap between ticks *during
the analysis*, up to and including the slot that shows the result (setting 170 KB of
text and its highlights is the one piece of work the GUI thread itself must do). Target, as in DESIGN.md §8: no stall over 50 ms. On a loaded 2-core
machine the OS can deschedule the process regardless of our code, so the assertion
allows the target plus a margin for that (``SCHEDULER_MARGIN_MS``), and the median gap
must stay near the 10 ms tick, proving the loop was not starved overall.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

TARGET_MS = 50
SCHEDULER_MARGIN_MS = 30


def _largest_document(ota_versions: Path) -> Path:
    return max(ota_versions.rglob("*.md"), key=lambda p: p.stat().st_size if p.name != "README.md" else 0)


@pytest.mark.corpus
def test_event_loop_keeps_ticking_while_the_largest_document_is_analysed(window, qtbot, ota_versions) -> None:
    from terms.rulepacks.loader import default_pack

    default_pack()  # compile the pack once beforehand, as a running app already has
    path = _largest_document(ota_versions)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    qtbot.wait(100)
    done_at: list[float] = []
    window.runner.busy_changed.connect(lambda busy: None if busy else done_at.append(time.perf_counter()))
    start = time.perf_counter()
    window.open_file(path)
    qtbot.waitUntil(lambda: bool(done_at), timeout=60000)
    qtbot.wait(100)
    timer.stop()
    during = [t for t in ticks if start <= t <= done_at[0]]
    assert len(during) >= 3, "the analysis finished too fast to measure anything"
    gaps = [(b - a) * 1000 for a, b in zip(during, during[1:], strict=False)]
    after = [t for t in ticks if t >= done_at[0]]
    show_gap = (after[0] - during[-1]) * 1000 if after else 0.0
    print(f"\n{path.name} ({path.stat().st_size // 1024} KB): analysis {1000 * (done_at[0] - start):.0f} ms, "
          f"{len(gaps)} gaps, median {statistics.median(gaps):.1f} ms, max {max(gaps):.1f} ms; "
          f"gap around showing the result {show_gap:.0f} ms")
    assert window.current is not None and window.current.path == path
    assert statistics.median(gaps) < 20
    assert max([*gaps, show_gap]) < TARGET_MS + SCHEDULER_MARGIN_MS

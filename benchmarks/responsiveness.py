"""The GUI thread while a large document is read: target, no stall over 50 ms (DESIGN.md §8).

The real main window (throw-away settings and consent database) opens the largest English
corpus document through its normal worker path while a 10 ms timer ticks on the GUI thread,
and again the same text set as a PDF by reportlab (pypdf's text extraction once kept the GUI
thread from the GIL longest; see ``desktop/gui/workers.py``). Each gap between two ticks, from
the last tick before ``open_file`` to the first tick after the flags were shown, is measured
two ways:

* wall clock: what the user sees; it also counts the worker holding the GIL and the OS
  giving the core to another process;
* the GUI thread's own CPU time (``time.thread_time``): what our code makes that thread do.

The first opening of each kind is cold (the rule pack is compiled and the consent store
opened on their threads, as on the app's first document); the later ones are warm. Every
opening is a new copy of the file, as a user opening documents one after another.

    .venv/bin/python -m benchmarks.responsiveness [--runs 5]

``tests/gui/test_responsiveness.py`` takes its measurement from here.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks._common import DEFAULT_DATA, REPO, write_results

TARGET_MS = 50.0
TICK_MS = 10


@dataclass(frozen=True)
class Ticks:
    """Gaps between timer ticks over one opening (ms): wall clock, and GUI-thread CPU."""

    wall: list[float]
    cpu: list[float]
    analysis_ms: float


def run_events_until(done: Callable[[], bool], timeout_ms: int) -> bool:
    """Run the event loop until ``done()`` (checked every 10 ms) or ``timeout_ms`` passed; whether
    it is done. The thread sleeps in the loop between events, so the wait costs it no CPU time."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    poll = QTimer(interval=TICK_MS)
    poll.timeout.connect(lambda: done() and loop.quit())
    limit = QTimer(interval=timeout_ms, singleShot=True)
    limit.timeout.connect(loop.quit)
    poll.start()
    limit.start()
    if not done():
        loop.exec()
    poll.stop()
    limit.stop()
    return done()


def measure(window, path: Path, timeout_ms: int = 60000) -> Ticks:
    """Open ``path`` in ``window`` while a 10 ms timer ticks. The gaps run from the last tick
    before ``open_file`` is called (work done inside the call itself counts) to the first tick
    after the document view showed the flags (``flags_shown``: its list, highlights and minimap
    complete), the last of the passes showing the result."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    cpu: list[float] = []
    timer = QTimer(interval=TICK_MS)
    timer.timeout.connect(lambda: (ticks.append(time.perf_counter()), cpu.append(time.thread_time())))
    timer.start()
    run_events_until(lambda: False, 100)
    done_at: list[float] = []

    def shown() -> None:
        done_at.append(time.perf_counter())

    view = window.document_view
    view.flags_shown.connect(shown)
    start = time.perf_counter()
    window.open_file(path)
    finished = run_events_until(lambda: bool(done_at), timeout_ms)
    run_events_until(lambda: False, 100)
    view.flags_shown.disconnect(shown)
    timer.stop()
    if not finished:
        raise TimeoutError(f"{path.name} was not shown within {timeout_ms / 1000:.0f} s")
    first = next(i for i, t in enumerate(ticks) if t >= start) - 1
    last = next(i for i, t in enumerate(ticks) if t >= done_at[0])  # the first tick after showing
    return Ticks([(ticks[i + 1] - ticks[i]) * 1000 for i in range(first, last)],
                 [(cpu[i + 1] - cpu[i]) * 1000 for i in range(first, last)],
                 1000 * (done_at[0] - start))


def largest_document(corpus: Path, *, english: bool = False) -> Path:
    """The largest Markdown version under ``corpus`` (a folder's README is its notes, not a document);
    ``english``: the largest in English, which the rules read (the largest of all is in Japanese)."""
    from terms.parsing.metadata import looks_english

    versions = sorted((p for p in corpus.rglob("*.md") if p.name != "README.md"),
                      key=lambda p: p.stat().st_size, reverse=True)
    return next(p for p in versions if not english or looks_english(p.read_text(encoding="utf-8")))


def as_pdf(source: Path, out: Path) -> Path:
    """``source``'s text set as a PDF of flowing paragraphs, as a word processor would export it."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    body = getSampleStyleSheet()["BodyText"]
    paragraphs = [" ".join(block.split()) for block in source.read_text(encoding="utf-8").split("\n\n")]
    story = [Paragraph(escape(text.lstrip("#* ")), body) for text in paragraphs if text]
    SimpleDocTemplate(str(out), pagesize=A4).build(story)
    return out


def _summary(ticks: Ticks) -> dict[str, float]:
    ordered = sorted(ticks.wall)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return {"analysis_ms": ticks.analysis_ms, "gaps": len(ticks.wall),
            "median_wall_ms": statistics.median(ordered), "p95_wall_ms": p95,
            "max_wall_ms": ordered[-1], "max_gui_cpu_ms": max(ticks.cpu),
            "showing_wall_ms": ticks.wall[-1], "showing_cpu_ms": ticks.cpu[-1]}


def _open_window(tmp: Path):
    """The main window as ``desktop.gui.app.run_app`` builds it, on throw-away settings and store."""
    from PySide6.QtCore import QSettings

    from desktop.gui.app import create_application

    app = create_application([])
    from desktop.gui.main_window import MainWindow

    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("session/first_run_done", True)
    window = MainWindow(settings, store_url=str(tmp / "consent.db"))
    window.resize(1380, 860)
    window.show()
    gc.freeze()  # as run_app does
    return app, window


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--runs", type=int, default=5, help="openings of each kind (the first is cold)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    source = largest_document(args.data / "ota_versions", english=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        pdf = as_pdf(source, tmp / f"{source.stem}.pdf")
        pdf_kb = pdf.stat().st_size // 1024
        _app, window = _open_window(tmp)
        kinds: dict[str, list[dict[str, float]]] = {}
        for kind, original in (("Markdown", source), ("PDF", pdf)):
            runs = kinds.setdefault(kind, [])
            for run in range(max(args.runs, 2)):
                copy = tmp / f"{run}-{original.name}"
                shutil.copyfile(original, copy)
                runs.append(_summary(measure(window, copy)))
        window.runner.wait(10000)
        window.close()
    print(f"{source.name} ({source.stat().st_size // 1024} KB, and set as a {pdf_kb} KB PDF); "
          f"gaps between 10 ms ticks on the GUI thread, in ms; load average {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores")
    print(f"{'opening':14} {'analysis':>9} {'gaps':>5} {'median':>7} {'p95':>7} {'max':>7} {'max CPU':>8}")
    for kind, runs in kinds.items():
        for run, r in enumerate(runs):
            name = f"{kind} {'cold' if run == 0 else 'warm'}"
            print(f"{name:14} {r['analysis_ms']:9.0f} {r['gaps']:5d} {r['median_wall_ms']:7.1f} "
                  f"{r['p95_wall_ms']:7.1f} {r['max_wall_ms']:7.1f} {r['max_gui_cpu_ms']:8.1f}")
    warm = [r["max_wall_ms"] for runs in kinds.values() for r in runs[1:]]
    cold = [runs[0]["max_wall_ms"] for runs in kinds.values()]
    worst_cpu = max(r["max_gui_cpu_ms"] for runs in kinds.values() for r in runs)
    typical = statistics.median(warm)
    met = worst_cpu < TARGET_MS and typical < TARGET_MS
    print(f"\ntarget: no stall over {TARGET_MS:.0f} ms: {'met' if met else 'NOT met'}. Longest GUI-thread "
          f"CPU in a gap {worst_cpu:.1f} ms; longest wall gap of a warm opening: median {typical:.1f} ms, "
          f"worst {max(warm):.1f} ms; of a cold one, worst {max(cold):.1f} ms")
    path = write_results("responsiveness", {
        "document": source.name, "pdf_kb": pdf_kb, "runs": args.runs, "target_ms": TARGET_MS,
        "target_met": met, "max_gui_cpu_ms": worst_cpu, "median_warm_max_wall_ms": typical,
        "openings": kinds, "load_average": os.getloadavg()})
    print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Background jobs: results arrive on the GUI thread, a newer job makes an older one stale,
cancel stops a job between units of work, progress and errors reach their callbacks."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool

from desktop.gui.workers import Cancelled, CancelToken, JobRunner


def _runner(qtbot) -> JobRunner:
    """A runner on its own pool (``qtbot`` makes sure the application exists)."""
    return JobRunner(pool=QThreadPool())


def test_result_is_delivered_on_the_gui_thread(qtbot) -> None:
    runner = _runner(qtbot)
    gui = threading.get_ident()
    seen: list[tuple[int, int]] = []
    runner.submit("job", lambda token: threading.get_ident(),
                  on_result=lambda worker: seen.append((worker, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    worker, delivered_on = seen[0]
    assert worker != gui and delivered_on == gui
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def test_a_newer_job_of_the_same_key_makes_the_older_one_stale(qtbot) -> None:
    runner = _runner(qtbot)
    release = threading.Event()
    results: list[str] = []

    def slow(token: CancelToken) -> str:
        release.wait(5)
        return "old"  # ignores its cancel flag: the runner must still drop the result

    runner.submit("analyse", slow, on_result=results.append)
    runner.submit("analyse", lambda token: "new", on_result=results.append)
    qtbot.waitUntil(lambda: results == ["new"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    qtbot.wait(50)
    assert results == ["new"]


def test_cancel_stops_between_units_and_reports_progress(qtbot) -> None:
    runner = _runner(qtbot)
    started = threading.Event()
    progress: list[int] = []
    outcome: list[str] = []

    def long_job(token: CancelToken) -> str:
        for i in range(1000):
            token.progress(i, 1000, f"unit {i}")
            started.set()
            threading.Event().wait(0.005)
        return "finished"

    runner.submit("batch", long_job, on_result=outcome.append,
                  on_progress=lambda done, total, text: progress.append(done),
                  on_cancel=lambda: outcome.append("cancelled"))
    started.wait(5)
    qtbot.waitUntil(lambda: bool(progress), timeout=5000)
    runner.cancel("batch")
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert outcome == ["cancelled"] and max(progress) < 999


def test_errors_reach_the_error_callback_with_a_traceback(qtbot) -> None:
    runner = _runner(qtbot)
    errors: list[tuple[BaseException, str]] = []

    def broken(token: CancelToken) -> None:
        raise ValueError("bad input on line 3")

    runner.submit("job", broken, on_result=lambda _: None, on_error=lambda e, tb: errors.append((e, tb)))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    exc, tb = errors[0]
    assert isinstance(exc, ValueError) and "Traceback" in tb and "broken" in tb


def test_each_analysis_leaves_the_collector_little_to_walk(tmp_path, monkeypatch) -> None:
    """The first analysis freezes what is loaded by then (modules, the compiled pack); each one
    then collects its garbage on the worker and freezes the rest, so that a full collection that
    starts on the GUI thread walks almost nothing."""
    import gc
    import weakref

    from desktop.gui import engine

    monkeypatch.setattr(engine, "_core_set_aside", False)
    path = tmp_path / "terms.md"
    path.write_text("# Terms\n\n1. We may share your data with partners.\n", encoding="utf-8")
    engine.analyse_file(path)
    assert gc.get_freeze_count() > 10_000  # the parser, the flagger and the rule pack at least

    class Node:
        pass

    cycle = Node()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    del cycle
    engine.analyse_file(path)
    assert gone() is None  # garbage is collected, not frozen
    assert len(gc.get_objects()) < 1_000  # what a full collection would walk now


def test_a_job_that_ends_after_its_window_closed_is_dropped_quietly(qtbot, capfd) -> None:
    """The window (and the runner's signals with it) was deleted while a file was still being read:
    emitting the result raised "Signal source has been deleted" and printed a traceback."""
    import shiboken6

    pool = QThreadPool()
    runner = JobRunner(pool=pool)
    go, reported = threading.Event(), threading.Event()

    def job(token: CancelToken) -> str:
        go.wait(5)
        try:
            token.progress(1, 2)
        finally:
            reported.set()
        return "read"

    runner.submit("analyse", job, on_result=lambda result: None)
    shiboken6.delete(runner)
    go.set()
    assert pool.waitForDone(5000) and reported.is_set()
    assert "Error" not in capfd.readouterr().err


def test_a_window_closed_while_its_job_is_emitting_progress_does_not_crash(qtbot, capfd) -> None:
    """The job's signals belong to the job, not the window: deleting the window while the pool
    thread emits progress as fast as it can leaves nothing half-deleted under the emit."""
    import shiboken6

    pool = QThreadPool()
    seen: list[int] = []
    for _ in range(5):
        runner = JobRunner(pool=pool)
        started = threading.Event()

        def job(token: CancelToken, started: threading.Event = started) -> str:
            started.set()
            for i in range(5_000):
                try:
                    token.progress(i, 5_000)
                except Cancelled:
                    break
            return "read"

        runner.submit("analyse", job, on_result=lambda result: None,
                      on_progress=lambda done, total, text: seen.append(done))
        assert started.wait(5)
        qtbot.wait(1)   # some progress delivered
        shiboken6.delete(runner)
        assert pool.waitForDone(10_000)
        qtbot.wait(10)  # queued deliveries to the deleted runner are dropped, not run
    assert "Error" not in capfd.readouterr().err


def test_the_gui_thread_waits_for_the_gil_at_most_a_millisecond_at_a_time(qtbot) -> None:
    """At Python's default of 5 ms a worker reading a PDF with pypdf kept the GUI thread waiting
    60-190 ms at a time (benchmarks/responsiveness.py); a runner sets the interval the app runs with."""
    import sys

    from desktop.gui.workers import GIL_SWITCH_INTERVAL_S

    JobRunner()
    assert GIL_SWITCH_INTERVAL_S == 0.001
    assert abs(sys.getswitchinterval() - GIL_SWITCH_INTERVAL_S) < 1e-6

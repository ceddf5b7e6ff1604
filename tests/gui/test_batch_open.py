"""Folder batches: only document files are taken (the rest counted), a cancelled batch keeps
the documents it read, and the runner hands such partial results to ``on_partial``."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThreadPool

from desktop.gui import engine
from desktop.gui.workers import CancelToken, JobRunner
from tests.gui.conftest import SAMPLE


def _folder(tmp_path: Path, documents: int = 3) -> Path:
    folder = tmp_path / "reddit" / "terms-of-service"
    folder.mkdir(parents=True)
    for i in range(documents):
        (folder / f"2024-0{i + 1}-01T00-00-00Z.md").write_text(SAMPLE, encoding="utf-8")
    (folder / "versions.json").write_text('{"versions": []}', encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG")
    (folder / "page.xhtml").write_text("<html><body><p>Terms</p></body></html>", encoding="utf-8")
    (folder / ".hidden.md").write_text(SAMPLE, encoding="utf-8")
    return tmp_path / "reddit"


def test_folder_scan_takes_documents_and_counts_the_rest(tmp_path: Path) -> None:
    scan = engine.scan_folder(_folder(tmp_path))
    names = [p.name for p in scan.documents]
    assert names == ["2024-01-01T00-00-00Z.md", "2024-02-01T00-00-00Z.md", "2024-03-01T00-00-00Z.md",
                     "page.xhtml"]
    assert scan.skipped == 2  # versions.json and logo.png; the hidden file is neither
    assert engine.find_documents(tmp_path / "reddit") == list(scan.documents)


def test_a_folder_that_cannot_be_listed_is_named_not_passed_over(window, tmp_path: Path, monkeypatch) -> None:
    """A locked folder read as "No documents found … choose a folder with .md files"."""
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = engine.os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(engine.os, "scandir", scandir)
    scan = engine.scan_folder(locked)
    assert scan.documents == () and scan.unreadable == ((locked, "Permission denied"),)
    window.open_paths([locked])
    assert f"Cannot read the folder {locked} (Permission denied)" in window.banner.headline.text()


def test_cancelled_batch_keeps_what_it_read(tmp_path: Path) -> None:
    files = list(engine.scan_folder(_folder(tmp_path)).documents)[:3]

    def progress(done: int, total: int, _name: str) -> None:
        if done == 2:
            raise engine.Cancelled

    result = engine.analyse_many(files, progress)
    assert result.cancelled and len(result.analysed) == 2 and result.total == 3
    assert result.summary() == "Cancelled: opened 2 of 3 documents"
    whole = engine.analyse_many(files[:1], lambda *_: None)
    assert not whole.cancelled and whole.summary() == "Opened 1 document"


def test_runner_delivers_a_cancelled_jobs_partial_result(qtbot, tmp_path: Path) -> None:
    files = list(engine.scan_folder(_folder(tmp_path)).documents)[:3]
    runner = JobRunner(pool=QThreadPool())
    first_read = threading.Event()
    go_on = threading.Event()
    partial: list[engine.BatchResult] = []
    cancelled: list[bool] = []

    def job(token: CancelToken) -> engine.BatchResult:
        def progress(done: int, total: int, name: str) -> None:
            if done == 1:
                first_read.set()
                go_on.wait(5)
            token.progress(done, total, name)
        return engine.analyse_many(files, progress)

    runner.submit("batch", job, on_result=lambda r: None, on_partial=partial.append,
                  on_cancel=lambda: cancelled.append(True))
    assert first_read.wait(10)
    runner.cancel("batch")
    go_on.set()
    qtbot.waitUntil(lambda: bool(partial), timeout=10000)
    assert len(partial[0].analysed) == 1 and partial[0].cancelled and not cancelled
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)

    # without on_partial, the same job ends as a plain cancel
    first_read.clear()
    go_on.clear()
    runner.submit("batch", job, on_result=lambda r: None, on_cancel=lambda: cancelled.append(True))
    assert first_read.wait(10)
    runner.cancel("batch")
    go_on.set()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=10000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def test_unread_files_are_named_once_and_briefly(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "folder"
    folder.mkdir(parents=True)
    files = [folder / "empty.md", folder / "blank.txt", folder / "good.md"]
    files[0].write_text("", encoding="utf-8")
    files[1].write_text("   \n", encoding="utf-8")
    files[2].write_text(SAMPLE, encoding="utf-8")
    result = engine.analyse_many(files, lambda *_: None)
    assert result.summary() == "Opened 1 document"
    assert result.error_headline() == "2 files could not be read: empty.md is empty, and 1 more"
    assert str(folder) not in result.error_headline()
    assert result.error_lines() == [f"{files[0]}: is empty",
                                    f"{files[1]}: has only spaces and line breaks (4 bytes)"]
    assert engine.BatchResult((), ()).error_headline() == ""


def test_cancel_stops_inside_a_long_file_of_a_batch(tmp_path: Path) -> None:
    """Cancel was seen only between files: a batch went on flagging an 8 MB document for 28 s."""
    long = tmp_path / "long.md"
    long.write_text(SAMPLE * 40, encoding="utf-8")
    short = tmp_path / "short.md"
    short.write_text(SAMPLE, encoding="utf-8")
    files = [long, short]
    calls = 0

    def progress(done: int, total: int, _name: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:   # inside the long file's flagging
            raise engine.Cancelled

    result = engine.analyse_many(files, progress)
    assert result.cancelled and result.analysed == ()


def test_open_dialog_offers_every_suffix_the_parser_reads(window, monkeypatch) -> None:
    offered: list[str] = []

    def dialog(_parent, _title, _folder, filters):
        offered.append(filters)
        return [], ""

    monkeypatch.setattr("desktop.gui.main_window.QFileDialog.getOpenFileNames", dialog)
    window.choose_files()
    (filters,) = offered
    first = filters.split(";;")[0]
    for suffix in (".md", ".mdown", ".markdown", ".txt", ".text", ".html", ".htm", ".xhtml", ".pdf"):
        assert f"*{suffix}" in first.split("(")[1].rstrip(")").split()

"""Main window fixes from the GUI QA pass: dropped non-documents, cancelling one file, the first
run's bookkeeping and welcome, Recent Files without duplicates, the tab bar's accessible name."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.gui import engine
from desktop.gui.main_window import WELCOME_HEADLINE, MainWindow, recent_labels
from tests.gui.conftest import SAMPLE
from tests.gui.test_first_run import first_run_window
from tests.gui.test_flows import _wait_idle


def _doc(folder: Path, name: str = "terms.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_dropped_files_that_are_not_documents_are_skipped_and_said(window, qtbot, tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG")
    window.open_dropped([doc, logo])
    _wait_idle(window, qtbot)
    assert window.current.path == doc
    assert window.status_label.text().endswith("Skipped 1 file that is not a document")
    assert f"Skipped {logo}" in window.log_view.toPlainText()
    assert window.library.get(str(logo)) is None


def test_dropping_only_non_documents_says_there_is_nothing_to_open(window, qtbot, tmp_path: Path) -> None:
    data = tmp_path / "versions.json"
    data.write_text("{}", encoding="utf-8")
    window.open_dropped([data, tmp_path / "README.md"])
    assert not window.runner.busy and window.current is None
    assert window.banner.headline.text() == "Nothing to open: skipped 2 files that are not documents"


def test_cancelling_one_file_keeps_the_open_document(window, qtbot, tmp_path: Path, monkeypatch) -> None:
    first = _doc(tmp_path, "first.md")
    window.open_paths([first])
    _wait_idle(window, qtbot)
    slow = _doc(tmp_path, "slow.md")
    started, release = threading.Event(), threading.Event()
    read = engine.analyse_file

    def held(path: Path, packs=None, progress=None):
        started.set()
        release.wait(10)
        return read(path, packs, progress)

    monkeypatch.setattr(engine, "analyse_file", held)
    window.open_paths([slow])
    assert window.cancel_button.isVisible() and window.progress.isVisible()
    assert started.wait(10)
    window.cancel_button.click()
    assert not window.cancel_button.isVisible() and not window.progress.isVisible()
    assert window.status_label.text() == "Cancelled opening slow.md"
    release.set()  # the worker finishes in the background; what it read is dropped
    _wait_idle(window, qtbot)
    assert window.current.path == first
    assert window.library.get(str(slow)) is None
    assert window.status_label.text() == "Cancelled opening slow.md"


def test_first_run_with_files_given_still_counts_as_first_run(qtbot, tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings, store_url=str(tmp_path / "consent.db"))
    qtbot.addWidget(first)
    first.start([doc])
    _wait_idle(first, qtbot)
    assert settings.value("session/first_run_done", type=bool)
    first.close()
    second = MainWindow(settings, store_url=str(tmp_path / "consent.db"))
    qtbot.addWidget(second)
    second.start([])
    _wait_idle(second, qtbot)
    assert second.current.path == doc
    assert not second.banner.isVisible()


def test_welcome_goes_once_another_document_is_shown(qtbot, tmp_path: Path) -> None:
    window = first_run_window(qtbot, tmp_path)
    assert window.banner.isVisible() and window.banner.headline.text() == WELCOME_HEADLINE
    window.open_paths([_doc(tmp_path)])
    _wait_idle(window, qtbot)
    assert not window.banner.isVisible()


def test_an_error_banner_stays_when_a_document_is_shown(window, qtbot, tmp_path: Path) -> None:
    window.report_error("Could not save the analysis")
    window.open_paths([_doc(tmp_path)])
    _wait_idle(window, qtbot)
    assert window.banner.isVisible()


def test_recent_files_lists_a_file_once_and_tells_same_names_apart(window, qtbot, tmp_path: Path) -> None:
    a = _doc(tmp_path / "2025")
    b = _doc(tmp_path / "2026")
    for path in (a, b, tmp_path / "2026" / ".." / "2025" / "terms.md"):
        window.open_paths([path])
        _wait_idle(window, qtbot)
    labels = [action.text() for action in window.recent_menu.actions()]
    assert labels == [f"&1 {Path('2025/terms.md')}", f"&2 {Path('2026/terms.md')}"]
    assert len(window.recent_files()) == 2


def test_recent_labels_add_folders_only_as_needed() -> None:
    paths = ["/a/x/terms.md", "/b/x/terms.md", "/c/y/terms.md", "/c/privacy.md"]
    assert recent_labels(paths) == [str(Path("a/x/terms.md")), str(Path("b/x/terms.md")),
                                    str(Path("y/terms.md")), "privacy.md"]


def test_the_tab_bar_has_an_accessible_name(window) -> None:
    assert window.tabs.tabBar().accessibleName()


def test_a_1024_px_window_keeps_the_flag_list_readable(window, qtbot, analysed) -> None:
    window.show_analysed(analysed)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    assert window.document_view.flag_list.width() >= 255  # proportional shrinking left ~180 px
    assert window.details.width() >= window.details.minimumWidth()
    assert window.details.width() < 268  # the details pane gave way first
    window.resize(1380, 860)
    qtbot.waitUntil(lambda: window.width() == 1380)
    assert window.splitter.sizes()[2] == 330  # room enough: the details pane gets its width back


def test_panes_the_reader_dragged_stay_as_dragged(window, qtbot) -> None:
    window.splitter.splitterMoved.emit(300, 1)  # what a drag of the library's edge emits
    window.splitter.setSizes([300, 700, 360])
    window.resize(1200, 800)
    qtbot.waitUntil(lambda: window.width() == 1200)
    assert window.splitter.sizes()[0] > 250  # shrunk along by Qt, not set back to 230 by the window


def test_a_consent_read_error_banner_goes_once_the_records_are_read(window, qtbot, analysed) -> None:
    """A lock held at start-up made the first read fail; once a later read works, the banner that
    said the records could not be read no longer describes what is shown."""
    from terms.errors import StorageError

    window.show_analysed(analysed)
    qtbot.waitUntil(lambda: window.consent_view.picture is not None, timeout=15000)
    window.consent_view.load_failed = True
    window._consent_error("Could not read the consent records in x.sqlite3: the store is busy",
                          "Wait a moment, then press Retry.", StorageError("busy"), "")
    assert window.banner.isVisible() and window.tabs.tabText(window.consent_tab) == "Consent (unavailable)"
    window.consent_view.reload()
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=15000)
    assert window.tabs.tabText(window.consent_tab).startswith("Consent")
    assert "unavailable" not in window.tabs.tabText(window.consent_tab)


def test_an_unrelated_banner_stays_when_the_records_are_read(window, qtbot, analysed) -> None:
    window.show_analysed(analysed)
    qtbot.waitUntil(lambda: window.consent_view.picture is not None, timeout=15000)
    window.report_error("Could not open other.pdf", None, "", hint="Check the file.")
    window.consent_view.reload()
    qtbot.wait(500)
    assert window.banner.isVisible() and window.banner.headline.text() == "Could not open other.pdf"


def test_reading_one_file_shows_a_busy_bar_then_how_far_flagging_has_got(window, qtbot, tmp_path: Path,
                                                                        monkeypatch) -> None:
    """A 2 MB file takes many seconds: the bar showed "100%" left over from a batch opened before,
    or an empty box that never moved."""
    window._show_busy(True, cancellable=True, steps=2)   # a batch of two files, read
    window.progress.setValue(2)
    window._show_busy(False)
    path = tmp_path / "long.md"
    path.write_text("# Terms\n\n" + "\n\n".join(f"{n}. We may share your posts with partner {n}."
                                                  for n in range(1, 201)), encoding="utf-8")
    reported: list[tuple[int, int]] = []
    shown = window._reading_progress
    monkeypatch.setattr(window, "_reading_progress",
                        lambda done, total, text: (reported.append((done, total)), shown(done, total, text)))
    window.open_file(path)
    assert (window.progress.minimum(), window.progress.maximum(), window.progress.value()) == (0, 0, 0)
    qtbot.waitUntil(lambda: window.current is not None and window.current.path == path, timeout=15000)
    total = len(window.current.document.clauses)
    assert reported and all(t == total for _, t in reported) and reported[-1][0] > total // 2


def test_an_untitled_undated_file_is_named_once_in_the_window_title(window, qtbot, tmp_path) -> None:
    """"Terms of Service (latin1.txt) — latin1.txt — ClearTerms" named the file twice."""
    path = tmp_path / "latin1.txt"
    path.write_text("We may share your data with our partners.\n", encoding="utf-8")
    window.open_file(path)
    qtbot.waitUntil(lambda: window.current is not None and window.current.path == path, timeout=15000)
    assert window.windowTitle().count("latin1.txt") == 1 and window.windowTitle().endswith(" — ClearTerms")

"""First run: the bundled physician-community sample opens analysed, with a plain-words welcome."""

from __future__ import annotations

from pathlib import Path

from tests.gui.test_flows import _wait_idle


def first_run_window(qtbot, tmp_path: Path):
    """A window started as on a first run (fresh settings, no file named), once it is idle."""
    from PySide6.QtCore import QSettings

    from desktop.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, store_url=str(tmp_path / "consent.db"))
    qtbot.addWidget(window)
    window.show()
    window.start([])
    _wait_idle(window, qtbot)
    return window


def test_first_run_opens_the_analysed_sample_with_a_welcome(qtbot, tmp_path: Path) -> None:
    window = first_run_window(qtbot, tmp_path)
    assert window.current is not None
    assert window.current.path.name == "physician-community-terms.md"
    assert window.current.flags, "the sample must show flags"
    qtbot.waitUntil(lambda: window.document_view.flag_list.topLevelItemCount() == len(window.current.flags))
    assert window.banner.isVisible() and "Welcome" in window.banner.headline.text()
    assert window.settings.value("session/first_run_done", type=bool)
    concerns = window.current.analysis.summary.concerns
    assert (concerns and concerns[0].category in window.summary_view.concerns.toPlainText()) or \
        concerns[0].title in window.summary_view.concerns.toPlainText()

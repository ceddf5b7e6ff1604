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


def test_compare_on_first_run_offers_the_samples_later_version(qtbot, tmp_path: Path) -> None:
    """With one version open, both pickers named it and the page said "Pick two versions": a new
    user had nothing to compare. The hint says how, and for the sample opens its later version."""
    from PySide6.QtCore import QUrl

    from desktop.gui.views import compare_view

    window = first_run_window(qtbot, tmp_path)
    window.tabs.setCurrentWidget(window.compare_view)
    page = window.compare_view.page.toPlainText()
    assert "Only one version of" in page and "Open the sample's later version" in page
    window.compare_view.page.anchorClicked.emit(QUrl(compare_view._LATER_SAMPLE_LINK))
    qtbot.waitUntil(lambda: len(window.library) == 2, timeout=20000)
    _wait_idle(window, qtbot)
    view = window.compare_view
    assert [Path(view.old_combo.currentData()).name, Path(view.new_combo.currentData()).name] == [
        "physician-community-terms.md", "physician-community-terms-2026-09.md"]
    assert "Only one version" not in view.page.toPlainText()


def test_the_first_window_fits_the_screen(qtbot, tmp_path: Path) -> None:
    """It opened at 1380 x 860 whatever the screen: on 1280 x 800 the details pane and the status
    bar were off the edge."""
    window = first_run_window(qtbot, tmp_path)
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() < screen.height()


def test_a_one_version_twice_message_goes_once_the_pickers_change(qtbot, tmp_path: Path) -> None:
    """After "That is one version twice", following the link to the later version left the message
    beside two versions that could be compared."""
    from PySide6.QtCore import QUrl

    from desktop.gui.views import compare_view

    window = first_run_window(qtbot, tmp_path)
    view = window.compare_view
    view.run()
    assert view.status.text() == compare_view._ONE_TWICE
    view.page.anchorClicked.emit(QUrl(compare_view._LATER_SAMPLE_LINK))
    qtbot.waitUntil(lambda: len(window.library) == 2, timeout=20000)
    _wait_idle(window, qtbot)
    assert view.status.text() != compare_view._ONE_TWICE

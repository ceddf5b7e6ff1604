"""Opening documents through the window: first run, files, folders, bad input, recent files, versions."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desktop.gui import engine
from tests.gui.conftest import SAMPLE


def _wait_idle(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=30000)


def _two_opened(window, qtbot, tmp_path: Path) -> tuple[Path, Path]:
    """Two versions written and opened in the window, both kept in its library."""
    first, second = tmp_path / "a-terms.md", tmp_path / "b-terms.md"
    first.write_text(SAMPLE, encoding="utf-8")
    second.write_text(SAMPLE.replace("Welcome", "Hello"), encoding="utf-8")
    window.open_paths([first, second])
    _wait_idle(window, qtbot)
    return first, second


def test_open_file_adds_it_to_library_and_recent(window, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "forum-terms.md"
    path.write_text(SAMPLE, encoding="utf-8")
    window.open_paths([path])
    _wait_idle(window, qtbot)
    assert window.current.path == path
    assert window.library.get(str(path)) is not None
    assert window.recent_files()[0] == str(path)
    assert window.recent_menu.actions()[0].toolTip() == str(path)
    assert window.library_view.current_entry().path == str(path)


def test_bad_file_shows_headline_and_hint_and_app_stays_usable(window, qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really a pdf \x00\x01\x02")
    window.open_paths([bad])
    _wait_idle(window, qtbot)
    assert window.banner.isVisible()
    assert "broken.pdf" in window.banner.headline.text()
    assert window.banner.hint.text()  # what to do next
    assert "Traceback" not in window.banner.headline.text() + window.banner.hint.text()
    assert str(tmp_path) not in window.banner.headline.text()  # the file named once, without its folder
    assert window.log_view.toPlainText().count(str(bad)) == 1  # the full path is in the log, once
    window.banner.details_button.click()
    assert window.log_dock.isVisible()
    good = tmp_path / "good.md"
    good.write_text(SAMPLE, encoding="utf-8")
    window.open_paths([good])
    _wait_idle(window, qtbot)
    assert window.current.path == good


def test_a_guessed_encoding_is_shown_and_logged(window, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "old-terms.txt"
    path.write_bytes(SAMPLE.replace("members", "membres café").encode("cp1252"))
    window.open_paths([path])
    _wait_idle(window, qtbot)
    assert window.current.path == path and window.current.notes
    assert "Windows-1252" in window.status_label.text()
    assert "Windows-1252" in window.log_view.toPlainText()
    # the file named once, by its name: "old-terms.txt is not UTF-8; read it as …"
    assert window.status_label.text().startswith("old-terms.txt is not UTF-8; read it as Windows-1252")
    assert str(tmp_path) not in window.status_label.text()


def test_missing_and_empty_files(window, qtbot, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    window.open_paths([empty])
    _wait_idle(window, qtbot)
    assert "empty.txt" in window.banner.headline.text()


def test_open_folder_reads_every_document_with_progress(window, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "acme" / "terms-of-service"
    folder.mkdir(parents=True)
    for day in ("2024-01-01", "2025-01-01", "2026-01-01"):
        (folder / f"{day}T00-00-00Z.md").write_text(SAMPLE.replace("Members' Terms", f"Members' Terms {day}"),
                                                    encoding="utf-8")
    (folder / "notes.bin").write_bytes(b"\x00\x01")
    (folder / "versions.json").write_text("{}", encoding="utf-8")
    (folder / "broken.md").write_text("", encoding="utf-8")
    seen: list[int] = []
    window.progress.valueChanged.connect(seen.append)
    window.open_paths([tmp_path / "acme"])
    _wait_idle(window, qtbot)
    assert len(window.library) == 3
    assert seen and max(seen) == 4  # the two data files are not read at all
    assert window.status_label.text() == "Opened 3 documents. Skipped 2 files that are not documents"
    assert window.banner.headline.text() == "1 file could not be read: broken.md is empty"
    assert window.log_view.toPlainText().count(str(folder / "broken.md")) == 1
    assert not window.cancel_button.isVisible()


def test_cancel_folder_open_keeps_the_documents_read_and_stops_the_one_being_read(
        window, qtbot, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"doc{i:02d}.md").write_text(SAMPLE, encoding="utf-8")
    third_started, release = threading.Event(), threading.Event()
    read = engine.analyse_file
    calls: list[Path] = []

    def gated(path: Path, packs=None, progress=None):
        calls.append(path)
        if len(calls) == 3:  # hold the third file until Cancel was pressed
            third_started.set()
            release.wait(10)
        return read(path, packs, progress)

    monkeypatch.setattr(engine, "analyse_file", gated)
    window.open_paths([folder])
    assert window.cancel_button.isVisible()
    qtbot.waitUntil(third_started.is_set, timeout=30000)
    window.cancel_button.click()
    release.set()
    _wait_idle(window, qtbot)
    assert len(window.library) == 2  # the file being read when Cancel came stops half-read
    assert window.status_label.text() == "Cancelled: opened 2 of 40 documents"
    assert window.current is not None and window.current.path == folder / "doc00.md"
    assert not window.progress.isVisible() and not window.cancel_button.isVisible()


def test_drop_files_on_the_window(window, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "dropped.md"
    path.write_text(SAMPLE, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    _wait_idle(window, qtbot)
    assert window.current.path == path


def test_add_file_as_new_version_of_a_document(window, qtbot, tmp_path: Path) -> None:
    old = tmp_path / "old-terms.md"
    old.write_text(SAMPLE, encoding="utf-8")
    new = tmp_path / "renamed.md"
    new.write_text("Completely Different Title\n\n" + SAMPLE.split("\n", 1)[1], encoding="utf-8")
    window.open_paths([old])
    _wait_idle(window, qtbot)
    window.open_paths([new])
    _wait_idle(window, qtbot)
    assert window.library.get(str(new)).group != window.library.get(str(old)).group
    window.file_as_version(str(new), window.library.get(str(old)).group)
    assert [e.path for e in window.library.versions_of(window.library.get(str(old)).group)] == \
        sorted([str(old), str(new)], key=lambda p: (window.library.get(p).version, p))


def test_two_unnamed_documents_with_one_title_are_not_filed_as_versions_of_each_other(
        window, qtbot, tmp_path: Path) -> None:
    """Two companies' "# Terms of Service" without a service name were one document in the library,
    and a consent to one asked to be reviewed again on opening the other."""
    shop, app = tmp_path / "shop-a.md", tmp_path / "app-b.md"
    shop.write_text("# Terms of Service\n\nWe sell your data to partners.\n", encoding="utf-8")
    app.write_text("# Terms of Service\n\nWe may change these terms at any time.\n", encoding="utf-8")
    window.open_paths([shop])
    _wait_idle(window, qtbot)
    window.open_paths([app])
    _wait_idle(window, qtbot)
    first, second = window.library.get(str(shop)), window.library.get(str(app))
    assert first.group != second.group and first.series != second.series
    assert (first.title, second.title) == ("Terms of Service (shop-a.md)", "Terms of Service (app-b.md)")
    # the consent tab names it as the library does (an untitled file's full path stood there)
    assert window.consent_view.document_label.text().startswith("Decisions on: Terms of Service (app-b.md)")


def test_library_and_session_survive_a_restart(qtbot, settings, tmp_path: Path) -> None:
    from desktop.gui.main_window import MainWindow

    path = tmp_path / "kept.md"
    path.write_text(SAMPLE, encoding="utf-8")
    first = MainWindow(settings, store_url=str(tmp_path / "consent.db"))
    qtbot.addWidget(first)
    first.open_paths([path])
    _wait_idle(first, qtbot)
    first.close()
    second = MainWindow(settings, store_url=str(tmp_path / "consent.db"))
    qtbot.addWidget(second)
    assert second.library.get(str(path)) is not None
    second.start([])
    _wait_idle(second, qtbot)
    assert second.current.path == path


def test_library_drops_the_service_name_from_document_titles() -> None:
    from desktop.gui.views.library_view import short_title

    assert short_title("Caducea Network", "Caducea Network — Terms of Membership") == "Terms of Membership"
    assert short_title("Reddit", "Reddit Privacy Policy") == "Privacy Policy"
    assert short_title("Google", "Google's terms of service") == "Terms of service"
    assert short_title("Reddit", "Reddit service terms") == "Service terms"
    assert short_title("Reddit", "Redditors' guide") == "Redditors' guide"  # not a word boundary
    assert short_title("Reddit", "Reddit") == "Reddit"


def test_an_open_error_goes_once_another_file_opens(window, qtbot, tmp_path: Path) -> None:
    good = tmp_path / "terms.md"
    good.write_text(SAMPLE, encoding="utf-8")
    window.open_file(good)
    _wait_idle(window, qtbot)
    status = window.status_label.text()
    assert "flags in" in status
    window.open_file(tmp_path / "gone.md")
    _wait_idle(window, qtbot)
    assert window.banner.isVisible() and "Could not open gone.md" in window.banner.headline.text()
    assert window.status_label.text() == status  # the document still shown is still described
    other = tmp_path / "other.md"
    other.write_text(SAMPLE.replace("Members' Terms", "Other Terms"), encoding="utf-8")
    window.open_file(other)
    _wait_idle(window, qtbot)
    assert not window.banner.isVisible()
    assert "gone.md" in window.log_view.toPlainText()  # the log keeps it


def test_a_library_entry_whose_file_is_gone_says_so(window, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "terms.md"
    path.write_text(SAMPLE, encoding="utf-8")
    window.open_file(path)
    _wait_idle(window, qtbot)
    version = window.library_view.topLevelItem(0).child(0).child(0)
    assert "missing" not in version.text(0)
    path.unlink()
    window.refresh_library()
    version = window.library_view.topLevelItem(0).child(0).child(0)
    assert version.text(0).endswith("(file missing)") and "no longer there" in version.toolTip(0)


def test_one_file_chosen_under_two_spellings_is_read_once(window, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / "terms.md"
    path.write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "link.md").symlink_to(path)
    window.open_paths([path, folder / ".." / "docs" / "terms.md", tmp_path / "link.md", folder])
    _wait_idle(window, qtbot)
    assert len(window.library) == 1
    assert "8 flags in 7 clauses" in window.status_label.text()  # read once, shown as the one file


def test_library_arrows_move_without_opening_and_enter_opens(window, qtbot, tmp_path: Path) -> None:
    first, _ = _two_opened(window, qtbot, tmp_path)
    window.open_entry(window.library.get(str(first)))
    _wait_idle(window, qtbot)
    library = window.library_view
    versions = library._version_items()
    assert len(versions) == 2
    library.setFocus()
    library.setCurrentItem(versions[0])
    qtbot.keyClick(library, Qt.Key.Key_Down)
    moved_to = library.currentItem()
    assert moved_to is not versions[0]
    _wait_idle(window, qtbot)
    assert window.current.path == first  # passing over an entry does not open it
    target = next(item for item in versions if item.data(0, Qt.ItemDataRole.UserRole) != str(first))
    wanted = Path(target.data(0, Qt.ItemDataRole.UserRole))
    library.setCurrentItem(target)
    qtbot.keyClick(library, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current.path == wanted, timeout=15000)


def test_keeping_unsaved_choices_leaves_the_library_on_the_document_shown(window, qtbot, tmp_path: Path,
                                                                          monkeypatch) -> None:
    _two_opened(window, qtbot, tmp_path)
    shown = window.current.path
    monkeypatch.setattr(window.consent_view, "settle_unsaved", lambda doing, **_: False)  # "Cancel"
    library = window.library_view
    other = next(item for item in library._version_items()
                 if window.library.get(item.data(0, Qt.ItemDataRole.UserRole)).path != str(shown))
    library.setCurrentItem(other)
    library.itemClicked.emit(other, 0)
    _wait_idle(window, qtbot)
    assert window.current.path == shown
    assert library.current_entry().path == str(shown)


def test_a_file_name_too_long_for_the_file_system_is_a_message_not_a_traceback(
        window, qtbot, tmp_path: Path) -> None:
    """Path.is_dir() raised "File name too long": nothing opened, not even a good file given with it."""
    import sys

    raised: list[BaseException] = []
    hook, sys.excepthook = sys.excepthook, lambda kind, exc, tb: raised.append(exc)
    try:
        long = tmp_path / ("x" * 300 + ".md")
        good = tmp_path / "good.md"
        good.write_text(SAMPLE, encoding="utf-8")
        window.open_paths([long, good])
        _wait_idle(window, qtbot)
        assert not raised
        assert window.library.get(str(good)) is not None
        assert any("too long" in line for line in window.log_view.toPlainText().splitlines())
    finally:
        sys.excepthook = hook


def test_a_rule_pack_deleted_since_it_was_added_flags_with_the_default_pack_and_says_so(
        window, qtbot, tmp_path: Path) -> None:
    """Every document failed to open over the missing pack ("1 problem in rule pack …")."""
    pack = tmp_path / "mine.yaml"
    pack.write_text("pack:\n  id: mine\n  name: Mine\n  version: '1'\n", encoding="utf-8")
    window.settings.setValue("rules/packs", [str(pack)])
    pack.unlink()
    path = tmp_path / "terms.md"
    path.write_text(SAMPLE, encoding="utf-8")
    window.open_paths([path])
    _wait_idle(window, qtbot)
    assert window.current is not None and window.current.path == path and window.current.flags
    assert "Flagged with the default rule pack only: the rule pack mine.yaml cannot be used" in \
        window.status_label.text()
    # ... and in a banner that stays: the status line is replaced by the next message
    assert window.banner.isVisible() and "rule packs were left out" in window.banner.headline.text()


def test_a_library_entry_whose_file_changed_is_read_again(window, qtbot, tmp_path: Path) -> None:
    """The kept analysis was shown as if it were the file: an edited version looked unchanged."""
    first, second = _two_opened(window, qtbot, tmp_path)
    window.open_entry(window.library.get(str(first)))
    _wait_idle(window, qtbot)
    assert "zebra" not in window.current.document.text
    first.write_text(SAMPLE + "\n## 9. Zebra\n\nWe keep a zebra.\n", encoding="utf-8")
    window.open_entry(window.library.get(str(second)))
    _wait_idle(window, qtbot)
    window.open_entry(window.library.get(str(first)))
    _wait_idle(window, qtbot)
    assert window.current.path == first and "zebra" in window.current.document.text
    assert "Read again: the file changed on disk since it was opened" in window.status_label.text()
    window.open_entry(window.library.get(str(second)))   # unchanged: shown from what was kept
    _wait_idle(window, qtbot)
    assert "Read again" not in window.status_label.text()


def test_a_library_entry_whose_file_is_gone_shows_what_was_read(window, qtbot, tmp_path: Path) -> None:
    first, _ = _two_opened(window, qtbot, tmp_path)
    first.unlink()
    window.open_entry(window.library.get(str(first)))
    _wait_idle(window, qtbot)
    assert window.current.path == first and window.current.flags

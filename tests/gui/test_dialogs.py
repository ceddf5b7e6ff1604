"""Export dialog (every consent format), rule packs dialog, preferences, about, analysis export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gui.conftest import TEST_PACK
from tests.gui.test_consent_view import _add_member, _open_consent, _record


@pytest.fixture
def recorded(window, qtbot, analysed):
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    _record(window, qtbot, {"client-access": "refused", "content-use": "given"})
    return window


@pytest.mark.parametrize("fmt", ["csv", "json", "fhir", "receipt", "html", "pdf"])
def test_export_dialog_writes_each_format(recorded, qtbot, analysed, tmp_path: Path, fmt: str) -> None:
    dialog = recorded.show_export()
    qtbot.waitUntil(lambda: dialog.member_combo.count() == 2, timeout=15000)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
    out = tmp_path / f"export-{fmt}.out"
    dialog.path_edit.setText(str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.done_result is not None or "failed" in dialog.status.text(), timeout=20000)
    assert dialog.done_result is not None, dialog.status.text()
    if fmt == "receipt":
        assert dialog.done_result.what == "consent receipt" and "consent receipt" in dialog.status.text()
    else:
        assert dialog.status.text().startswith("Saved 2 events to ")
    data = out.read_bytes()
    sha = analysed.document.sha256
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "csv":
        text = data.decode("utf-8")
        assert "client-access" in text and sha in text
    elif fmt == "html":
        assert sha in data.decode("utf-8")
    else:
        parsed = json.loads(data)
        assert sha in json.dumps(parsed)
    if fmt == "fhir":
        assert parsed["resourceType"] == "Bundle"
        from fhir.resources.R4B.bundle import Bundle

        Bundle.model_validate(parsed)


def test_export_to_an_unwritable_place_says_so(recorded, qtbot, tmp_path: Path) -> None:
    dialog = recorded.show_export()
    dialog.path_edit.setText(str(tmp_path / "no-such-folder" / "x.csv"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "failed" in dialog.status.text(), timeout=15000)
    assert "no-such-folder" in dialog.status.text()
    assert dialog.export_button.isEnabled()


def test_export_to_a_name_too_long_for_the_file_system_says_so(recorded, qtbot, tmp_path: Path) -> None:
    """Path.is_dir() raised "File name too long" from the button's handler; the dialog kept its
    last "Saved …" line, so the export looked done."""
    dialog = recorded.show_export()
    dialog.path_edit.setText(str(tmp_path / ("x" * 300 + ".csv")))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "failed" in dialog.status.text(), timeout=15000)
    assert "too long" in dialog.status.text()
    assert dialog.export_button.isEnabled()


def test_rule_packs_dialog_lists_packs_and_problems(window, qtbot, tmp_path: Path) -> None:
    dialog = window.show_rule_packs()
    qtbot.waitUntil(lambda: "✔" in dialog.messages.toPlainText() or "✘" in dialog.messages.toPlainText(),
                    timeout=15000)
    assert dialog.list.count() == 1
    bad = tmp_path / "bad-pack.yaml"
    bad.write_text("pack:\n  id: Bad Id\n  name: x\n  version: '1'\nrules:\n  - id: r1\n    category: nope\n"
                   "    match: 'x'\n", encoding="utf-8")
    dialog.add_pack(str(bad))
    qtbot.waitUntil(lambda: "✘" in dialog.messages.toPlainText(), timeout=15000)
    messages = dialog.messages.toPlainText()
    assert "bad-pack.yaml:" in messages and "problem" in messages
    assert window.user_packs() == []  # a failing combination is not used ...
    assert dialog.list.item(1).text().endswith(" — not in use: see the problems below")  # ... and says so
    dialog.close()
    dialog = window.show_rule_packs()    # reopened, it still lists the pack (it was dropped unsaid)
    qtbot.waitUntil(lambda: "✘" in dialog.messages.toPlainText(), timeout=15000)
    assert dialog.list.count() == 2 and "bad-pack.yaml" in dialog.list.item(1).text()
    dialog.list.setCurrentRow(1)
    dialog.remove_button.click()
    dialog.add_pack(str(TEST_PACK))
    qtbot.waitUntil(lambda: "GUI test pack" in dialog.messages.toPlainText(), timeout=15000)
    assert window.user_packs() == [str(TEST_PACK)]


def test_enter_in_the_rule_packs_dialog_closes_it_rather_than_adding_a_pack(window, qtbot) -> None:
    """"Add pack…" was the default button: Enter opened a file dialog."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox, QPushButton

    dialog = window.show_rule_packs()
    default = [b for b in dialog.findChildren(QPushButton) if b.isDefault() or b.autoDefault()]
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert close in default and all(b is close or not b.isDefault() for b in default)
    assert all(not b.autoDefault() for b in dialog.findChildren(QPushButton) if b.text().startswith("&Add"))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def test_preferences_switch_theme_and_font(window, analysed) -> None:
    from desktop.gui.theme import is_dark

    window.show_analysed(analysed)
    dialog = window.show_preferences()
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert is_dark()
    assert window.settings.value("prefs/theme") == "dark"
    # the reading panes carry a style sheet (their focus ring), which froze their palette: the
    # document stayed white behind dark highlights
    panes = (window.document_view.text, window.details)
    assert all(is_dark(pane.palette()) for pane in panes)
    dialog.font_size.setValue(15)
    assert window.document_view.text.font().pointSize() == 15
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    assert not is_dark()
    assert not any(is_dark(pane.palette()) for pane in panes)


def test_a_theme_switch_recolours_the_banner_and_keeps_the_readers_place(window, analysed, qtbot) -> None:
    """The banner kept the light theme's pink behind the dark theme's white text, and the selected
    flag and the scroll position were lost."""
    from desktop.gui.theme import severity_colours
    from terms.model import Severity

    window.show_analysed(analysed)
    view = window.document_view
    qtbot.waitUntil(lambda: view.flag_list.topLevelItemCount() > 1, timeout=15000)
    view.select_flag(1)
    window.banner.show_message("Something went wrong", "A hint.")
    window.apply_theme("dark")
    assert severity_colours(Severity.CONCERN).tint.name() in window.banner.styleSheet()
    qtbot.waitUntil(lambda: view.flag_list.currentItem() is not None, timeout=15000)
    assert view.flag_list.indexOfTopLevelItem(view.flag_list.currentItem()) == 1
    window.apply_theme("light")


def test_about_lists_version_and_licences(window) -> None:
    from terms import __version__

    text = window.show_about().text.toPlainText()
    assert __version__ in text and "LGPL" in text and "CC BY 4.0" in text


def test_export_analysis(window, qtbot, analysed, tmp_path: Path) -> None:
    window.show_analysed(analysed)
    out = tmp_path / "analysis.json"
    window.write_analysis(out, "json")
    qtbot.waitUntil(out.exists, timeout=15000)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["flags"]) == len(analysed.flags)


def test_an_analysis_that_cannot_be_saved_says_which_file_and_why(window, qtbot, analysed,
                                                                   tmp_path: Path) -> None:
    """The banner said only "Could not save the analysis", where the consent export names the file."""
    window.show_analysed(analysed)
    out = tmp_path / "missing-folder" / "analysis.json"
    window.write_analysis(out, "json")
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15000)
    headline = window.banner.headline.text()
    assert headline.startswith("Could not save the analysis: ") and "analysis.json" in headline
    assert "Traceback" not in headline


def test_export_analysis_as_html(window, qtbot, analysed, tmp_path: Path) -> None:
    window.show_analysed(analysed)
    out = tmp_path / "analysis.html"
    window.write_analysis(out, "html")
    qtbot.waitUntil(out.exists, timeout=15000)
    assert "Content-Security-Policy" in out.read_text(encoding="utf-8")


def test_export_analysis_adds_the_chosen_formats_suffix(window, qtbot, analysed, tmp_path: Path,
                                                       monkeypatch) -> None:
    """Enter in the save dialog wrote "physician-community-terms", an HTML file without ".html"."""
    from PySide6.QtWidgets import QFileDialog

    window.show_analysed(analysed)
    asked = {}

    def save_as(parent, caption, start, filters):
        asked["start"] = start
        return str(tmp_path / "myanalysis"), filters.split(";;")[1]   # typed bare, Markdown chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    window.export_analysis()
    out = tmp_path / "myanalysis.md"
    qtbot.waitUntil(out.exists, timeout=15000)
    assert asked["start"].endswith(".html") and out.read_text(encoding="utf-8").startswith("# ")


def test_export_asks_before_replacing_a_typed_file(recorded, qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    precious = tmp_path / "precious.csv"
    precious.write_text("keep me", encoding="utf-8")
    asked: list[str] = []

    def answer(choice):
        def ask(_parent, _title, text, *_args):
            asked.append(text)
            return choice
        return ask

    dialog = recorded.show_export()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    dialog.path_edit.setText(str(precious))
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.export_button.click()
    assert asked and "precious.csv already exists" in asked[0]
    assert precious.read_text(encoding="utf-8") == "keep me" and dialog.export_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.done_result is not None, timeout=20000)
    assert "client-access" in precious.read_text(encoding="utf-8")


def test_switching_format_replaces_only_the_export_suffix(recorded, tmp_path: Path) -> None:
    dialog = recorded.show_export()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    dialog.path_edit.setText(str(tmp_path / "report.final.v2.csv"))
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("html"))
    assert Path(dialog.path_edit.text()).name == "report.final.v2.html"


def test_exporting_to_a_folder_asks_for_a_file_name(recorded, tmp_path: Path) -> None:
    dialog = recorded.show_export()
    dialog.path_edit.setText(str(tmp_path))
    dialog.export_button.click()
    assert "is a folder" in dialog.status.text() and dialog.done_result is None


def test_each_dialog_opens_once_and_is_brought_up_to_date(recorded, qtbot) -> None:
    from PySide6.QtWidgets import QDialog

    from desktop.gui.dialogs.about import AboutDialog
    from desktop.gui.dialogs.export_dialog import ExportDialog
    from desktop.gui.dialogs.preferences import PreferencesDialog
    from desktop.gui.dialogs.rule_packs import RulePacksDialog

    ours = (ExportDialog, RulePacksDialog, PreferencesDialog, AboutDialog)
    w = recorded
    for show in (w.show_export, w.show_rule_packs, w.show_preferences, w.show_about):
        first = show()
        assert show() is first and first.isVisible()  # opened again while open: brought to the front
        first.close()
        assert show() is first and first.isVisible()  # opened after closing: the same one, not another
        first.close()
    made = [type(d) for d in recorded.findChildren(QDialog) if isinstance(d, ours)]
    assert sorted(t.__name__ for t in made) == sorted(t.__name__ for t in ours)

    export = recorded.show_export()
    qtbot.waitUntil(lambda: export.member_combo.count() == 2, timeout=15000)
    export.close()
    _add_member(recorded, qtbot, "dr-okafor")
    export = recorded.show_export()
    qtbot.waitUntil(lambda: export.member_combo.count() == 3, timeout=15000)
    assert "dr-okafor" in [export.member_combo.itemText(i) for i in range(3)]

    prefs = recorded.show_preferences()
    shown = prefs.font_size.value()
    recorded.settings.setValue("prefs/font_size", shown + 2)
    assert recorded.show_preferences().font_size.value() == shown  # open: not changed under the user
    prefs.close()
    assert recorded.show_preferences().font_size.value() == shown + 2  # reopened: reads the settings again

    packs = recorded.show_rule_packs()
    packs.close()
    recorded.settings.setValue("rules/packs", [str(TEST_PACK)])
    packs = recorded.show_rule_packs()
    assert packs.list.count() == 2
    qtbot.waitUntil(lambda: "GUI test pack" in packs.messages.toPlainText(), timeout=15000)


def test_check_consent_records_says_whether_they_check_out(recorded, qtbot, tmp_path: Path) -> None:
    import sqlite3

    recorded.check_records_action.trigger()
    qtbot.waitUntil(lambda: "check out" in recorded.banner.headline.text(), timeout=15000)
    assert "check out: 2 events, the hash chain verifies" in recorded.banner.headline.text()
    assert recorded.status_label.text() == recorded._status_text(recorded.current)   # what is open, again

    with sqlite3.connect(tmp_path / "consent.db") as conn:  # the text the decisions were made on, edited
        conn.execute("UPDATE document SET text = replace(text, 'the', 'THE')")
    recorded.check_records_action.trigger()
    qtbot.waitUntil(lambda: "do not check out" in recorded.banner.headline.text(), timeout=15000)
    assert "does not match its SHA-256" in recorded.banner.headline.text()
    assert "does not match its SHA-256" in recorded.log_view.toPlainText()


@pytest.mark.parametrize("fmt", ["csv", "fhir", "receipt"])
def test_export_dialog_exports_one_member_in_every_format_but_json(recorded, qtbot, tmp_path: Path,
                                                                   fmt: str) -> None:
    from tests.gui.test_consent_view import _add_member, _record

    _add_member(recorded, qtbot, "dr-ng")
    _record(recorded, qtbot, {"client-access": "given"})
    dialog = recorded.show_export()
    qtbot.waitUntil(lambda: dialog.member_combo.count() == 3, timeout=15000)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("json"))
    assert not dialog.member_combo.isEnabled()  # the complete store, for re-import
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
    assert dialog.member_combo.isEnabled()
    dialog.member_combo.setCurrentIndex(dialog.member_combo.findData("dr-ng"))
    out = tmp_path / f"one-member.{fmt}"
    dialog.path_edit.setText(str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.done_result is not None or "failed" in dialog.status.text(), timeout=20000)
    assert dialog.done_result is not None, dialog.status.text()
    text = out.read_text(encoding="utf-8-sig")
    assert "dr-ng" in text and "dr-lee" not in text


def test_keyboard_shortcuts_are_listed_from_the_menus_themselves(window) -> None:
    """The shortcuts of the README (F8, Ctrl+1…4, F6, Alt+R …) could not be found in the app: Help
    had only About."""
    dialog = window.show_shortcuts()
    text = dialog.text.toPlainText()
    for keys, command in (("F8", "Edit ▸ Next Flag"), ("F6", "View ▸ Next Pane"), ("Ctrl+O", "File ▸ Open…"),
                          ("Ctrl+E", "File ▸ Export Consent Records…"), ("F1", "Help ▸ Keyboard Shortcuts")):
        assert keys in text and command in text, (keys, command)
    assert "Alt+R" in text and "record the decisions chosen" in text
    assert window.shortcuts_action.shortcut().toString() == "F1"
    dialog.close()

"""Keyboard-only use: every focusable control has a name a screen reader can speak, the
Alt+letter mnemonics visible at one time never collide, and the main flows run on keys."""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QTabBar,
    QWidget,
)

_MNEMONIC = re.compile(r"&([^&\s])")


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable widgets a screen reader could only announce by their type."""
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.accessibleName() or widget in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().strip():
            continue
        parent = widget.parentWidget()
        if isinstance(widget, QTabBar) or isinstance(parent, QAbstractSpinBox):
            continue  # tabs speak their titles; a spin box's inner line edit is the spin box
        if isinstance(parent, QAbstractScrollArea) and parent.accessibleName():
            continue  # the viewport of a named view
        if any(isinstance(w, QComboBox) for w in _ancestors(widget)) or parent is None or \
                parent.inherits("QComboBoxPrivateContainer"):
            continue  # a combo box's own popup list
        missing.append(f"{type(widget).__name__} in {type(parent).__name__}")
    return missing


def _ancestors(widget: QWidget) -> list[QWidget]:
    out = []
    while (widget := widget.parentWidget()) is not None:
        out.append(widget)
    return out


def visible_mnemonics(window: QWidget) -> Counter[str]:
    """Alt+letter keys of everything on screen: menu titles, tabs, buttons, labels with buddies."""
    texts = [a.text() for a in window.menuBar().actions()] if hasattr(window, "menuBar") else []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy()):
            texts.append(widget.text())
    return Counter(m.group(1).lower() for t in texts if (m := _MNEMONIC.search(t)))


def test_every_control_has_an_accessible_name(window, analysed, qtbot) -> None:
    window.show_analysed(analysed)
    window.tabs.setCurrentWidget(window.consent_view)
    qtbot.waitUntil(lambda: window.consent_view.picture is not None, timeout=15000)
    assert unnamed_controls(window) == []
    for show in (window.show_export, window.show_rule_packs, window.show_preferences, window.show_about):
        dialog = show()
        assert unnamed_controls(dialog) == [], show.__name__
        dialog.close()


def test_mnemonics_on_screen_never_collide(window, analysed, qtbot) -> None:
    window.show_analysed(analysed)
    window.banner.show_message("A headline", "A hint")  # its buttons have mnemonics too
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        if window.tabs.currentWidget() is window.consent_view:
            qtbot.waitUntil(lambda: window.consent_view.picture is not None, timeout=15000)
        clashes = {key: n for key, n in visible_mnemonics(window).items() if n > 1}
        assert clashes == {}, window.tabs.tabText(i)
    for show in (window.show_export, window.show_rule_packs, window.show_preferences, window.show_about):
        dialog = show()
        assert {key: n for key, n in visible_mnemonics(dialog).items() if n > 1} == {}, show.__name__
        dialog.close()


def test_reading_and_consent_flow_on_the_keyboard(window, analysed, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    window.show_analysed(analysed)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    ctrl, alt = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier

    qtbot.keyClick(window, Qt.Key.Key_2, ctrl)
    assert window.tabs.currentWidget() is window.summary_view
    assert QApplication.focusWidget() is window.summary_view.concerns   # focus follows the tab shown
    qtbot.keyClick(window, Qt.Key.Key_1, ctrl)
    assert window.tabs.currentWidget() is window.document_view
    qtbot.keyClick(window, Qt.Key.Key_F8)  # next flag: selected and explained
    flag = window.document_view.visible_flags()[0]
    assert flag.explanation in window.details.toPlainText()
    assert QApplication.focusWidget() is window.document_view.flag_list
    window.summary_view.clause_requested.emit(flag.clause_id)   # a "§" link followed
    assert QApplication.focusWidget() is window.document_view.text
    qtbot.keyClick(window, Qt.Key.Key_F, ctrl)
    find = window.document_view.find_bar
    assert find.isVisible() and QApplication.focusWidget() is find.edit
    qtbot.keyClicks(find.edit, "opt out")
    assert "opt out" in window.document_view.text.textCursor().selectedText()
    qtbot.keyClick(find.edit, Qt.Key.Key_Escape)
    assert not find.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_4, ctrl)
    view = window.consent_view
    qtbot.waitUntil(lambda: view.picture is not None, timeout=15000)
    view.add_member("dr-keys")  # the name dialog itself is a standard, keyboard-ready QInputDialog
    qtbot.waitUntil(lambda: view.picture.member == "dr-keys", timeout=15000)
    refuse = next(b for b in view.cards["client-access"].choice_buttons if b.text() == "Refuse")
    refuse.setFocus()
    qtbot.keyClick(refuse, Qt.Key.Key_Space)
    assert view.has_unsaved()
    before = view.picture
    qtbot.keyClick(window, Qt.Key.Key_R, alt)  # Record decisions
    qtbot.waitUntil(lambda: view.picture is not before and not view.has_unsaved(), timeout=15000)
    assert view.cards["client-access"].status.text().strip() == "Refused"
    assert QApplication.focusWidget() is refuse  # back where it was, not on another card's clause link


def test_tab_reaches_every_answer_in_the_order_of_the_cards_on_screen(window, analysed, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    window.show_analysed(analysed)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    view = window.consent_view
    qtbot.waitUntil(lambda: view.picture is not None, timeout=15000)
    view.add_member("dr-tabs")
    qtbot.waitUntil(lambda: view.picture.member == "dr-tabs", timeout=15000)

    # walk the whole page with Tab alone, from the member list, noting every answer button reached
    view.member_combo.setFocus()
    reached: list[QWidget] = []
    for _ in range(200):
        focused = QApplication.focusWidget()
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused in (view.record_button, view.discard_button, view.member_combo):
            break  # the end of the page (Record is disabled with nothing chosen: the walk comes round)
        if not reached or focused is not reached[-1]:  # a label with links takes a Tab per link
            reached.append(focused)
        links = [card.clauses for card in view.cards.values()]
        assert focused not in links or focused.hasSelectedText()   # a link shows, not an empty stop
    on_screen = sorted(view.cards.values(), key=lambda card: card.y())
    enabled = [b for card in on_screen for b in card.choice_buttons if b.isEnabled()]
    assert [w for w in reached if w in enabled] == enabled  # every answer, top card first

    card = on_screen[0]
    refuse = card.choice_buttons[1]
    refuse.setFocus()
    qtbot.keyClick(refuse, Qt.Key.Key_Space)
    assert refuse.isChecked() and refuse.text().startswith("\u2713")  # said in words, not only shaded
    assert card.pending.isVisible() and "Refuse" in card.pending.text()
    qtbot.keyClick(refuse, Qt.Key.Key_Space)  # pressed again: no answer chosen
    assert not card.pending.isVisible() and refuse.text() == "Refuse"


def test_menus_find_and_log_on_the_keyboard(window, analysed, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    menus = [action.menu() for action in window.menuBar().actions()]
    assert window.view_menu in menus and len(menus) >= 5
    for menu in menus:
        keys = [m.group(1).lower() for a in menu.actions() if (m := _MNEMONIC.search(a.text()))]
        assert len(keys) == len(set(keys)), [a.text() for a in menu.actions()]

    window.show_analysed(analysed)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.tabs.setCurrentWidget(window.summary_view)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.document_view  # not a search out of sight
    find = window.document_view.find_bar
    assert find.isVisible() and QApplication.focusWidget() is find.edit
    qtbot.keyClick(find.edit, Qt.Key.Key_Escape)

    window.show_log()
    assert window.log_dock.isVisible() and QApplication.focusWidget() is window.log_view
    window.show_log()  # pressed again from inside the log: it closes
    assert not window.log_dock.isVisible()

    view = window.consent_view
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.picture is not None, timeout=15000)
    view._load_failed(OSError("disk gone"), "")
    clashes = {key: n for key, n in visible_mnemonics(window).items() if n > 1}
    assert clashes == {}  # Retry beside the Tools menu


def test_messages_away_from_the_focus_are_announced(window, analysed, qtbot, monkeypatch) -> None:
    said: list[tuple[str, bool]] = []
    monkeypatch.setattr("desktop.gui.announce.QAccessible.updateAccessibility",
                        lambda event: said.append((event.message(), event.politeness().name == "Assertive")))
    window.banner.show_message("Could not read terms.pdf", "The file is damaged.")
    assert said[-1] == ("Could not read terms.pdf The file is damaged.", True)
    window.show_info("Consent records check out")
    assert said[-1] == ("Consent records check out", False)

    view = window.consent_view
    window.show_analysed(analysed)
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.picture is not None, timeout=15000)
    view.add_member("dr-heard")
    qtbot.waitUntil(lambda: view.picture.member == "dr-heard", timeout=15000)
    view.cards["client-access"].stage("refused")
    view.record_staged()
    qtbot.waitUntil(lambda: ("Recorded 1 decision.", False) in said, timeout=15000)


def test_f6_moves_between_panes_and_enter_on_a_flag_reads_it(window, analysed, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    window.show_analysed(analysed)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.library_view.setFocus()

    def pane() -> str:
        focused = QApplication.focusWidget()
        for name, widget in (("library", window.library_view), ("tab", window.tabs.currentWidget()),
                             ("details", window.details)):
            if focused is widget or widget.isAncestorOf(focused):
                return name
        return type(focused).__name__

    seen = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(pane())
    assert seen == ["tab", "details", "library"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert pane() == "details"

    flags = window.document_view.flag_list
    flags.setFocus()
    flags.setCurrentItem(flags.topLevelItem(0))
    qtbot.keyClick(flags, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.details
    assert window.document_view.visible_flags()[0].explanation in window.details.toPlainText()


def test_f6_skips_the_details_pane_where_it_is_hidden(window, analysed, qtbot) -> None:
    """On Compare and Consent the details pane is hidden: F6 went to it, the focus stayed put, and
    neither F6 nor Shift+F6 got back to the library."""
    from PySide6.QtWidgets import QApplication

    window.show_analysed(analysed)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    for tab in (window.compare_view, window.consent_view):
        window.tabs.setCurrentWidget(tab)
        window.library_view.setFocus()
        qtbot.waitUntil(lambda: window.library_view.hasFocus(), timeout=5000)
        def pane(tab=tab) -> str:
            focused = QApplication.focusWidget()
            if focused is window.library_view or window.library_view.isAncestorOf(focused):
                return "library"
            return "tab" if tab.isAncestorOf(focused) else type(focused).__name__

        seen = []
        for _ in range(3):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
            seen.append(pane())
        assert seen == ["tab", "library", "tab"], tab
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
        assert pane() == "library"


def test_ctrl_e_in_the_find_field_opens_the_export_dialog(window, analysed, qtbot) -> None:
    """On X11 a line edit claims Ctrl+E as "end of line"; offscreen it does not, so there the key
    press below would pass either way and the find bar's filter is checked directly first."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    bar = window.document_view.find_bar
    override = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert bar.eventFilter(bar.edit, override)  # kept from the line edit: the window's shortcut runs
    window.show_analysed(analysed)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.find_in_document()
    find = window.document_view.find_bar
    qtbot.keyClicks(find.edit, "data")
    qtbot.keyClick(find.edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window._dialogs.get("export") is not None
                    and window._dialogs["export"].isVisible(), timeout=5000)
    window._dialogs["export"].close()
    assert find.edit.text() == "data"


def test_the_reading_panes_show_where_the_focus_is_in_either_theme(window, qapp) -> None:
    """Tab or Enter on a flag moved the focus to the details pane and nothing on screen changed. The
    ring is drawn in the pane's palette colours by name, and the pane takes each theme's palette."""
    from PySide6.QtGui import QPalette

    from desktop.gui.theme import apply_theme, contrast_ratio

    before = qapp.palette()
    try:
        for theme in ("light", "dark"):
            apply_theme(qapp, theme)
            for pane in (window.details, window.document_view.text):
                name = pane.objectName()
                assert pane.styleSheet() == (f"#{name} {{ border: 2px solid palette(mid); }} "
                                             f"#{name}:focus {{ border: 2px solid palette(highlight); }}")
                palette = pane.palette()
                base = palette.color(QPalette.ColorRole.Base)
                assert base == qapp.palette().color(QPalette.ColorRole.Base), (theme, name)
                assert contrast_ratio(palette.color(QPalette.ColorRole.Highlight), base) >= 3, theme
                assert contrast_ratio(palette.color(QPalette.ColorRole.Mid), base) >= 1.5, theme
    finally:
        qapp.setPalette(before)


def test_escape_closes_the_find_bar_from_the_text_and_cancels_reading(window, analysed, qtbot, tmp_path,
                                                                      monkeypatch) -> None:
    import threading

    from PySide6.QtWidgets import QApplication

    from desktop.gui import engine
    from tests.gui.conftest import SAMPLE

    window.show_analysed(analysed)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    view = window.document_view
    window.find_in_document()
    assert view.find_bar.isVisible()
    view.text.setFocus()
    qtbot.waitUntil(view.text.hasFocus, timeout=5000)
    qtbot.keyClick(view.text, Qt.Key.Key_Escape)
    assert not view.find_bar.isVisible()

    started, release = threading.Event(), threading.Event()
    read = engine.analyse_file

    def held(path, packs=None, progress=None):
        started.set()
        release.wait(10)
        return read(path, packs, progress)

    monkeypatch.setattr(engine, "analyse_file", held)
    slow = tmp_path / "slow.md"
    slow.write_text(SAMPLE, encoding="utf-8")
    window.open_paths([slow])
    assert started.wait(10) and window.cancel_button.isVisible()
    window.library_view.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not window.cancel_button.isVisible()
    assert window.status_label.text() == "Cancelled opening slow.md"
    release.set()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)


def test_the_outline_comes_before_the_text_in_tab_order(window, analysed, qtbot) -> None:
    """With the Outline tab shown, Tab went from the tab bar to the text and only then the outline."""
    window.show_analysed(analysed)
    view = window.document_view
    view.side_tabs.setCurrentWidget(view.outline)
    view.side_tabs.tabBar().setFocus()
    chain = []
    widget = view.side_tabs.tabBar()
    for _ in range(40):
        widget = widget.nextInFocusChain()
        chain.append(widget)
    assert view.outline in chain and chain.index(view.outline) < chain.index(view.text)

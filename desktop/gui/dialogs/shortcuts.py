"""Help ▸ Keyboard Shortcuts: every key the window answers to, found in the app itself.

The menu commands are read from the menus, so the list cannot drift from what the keys do; the
keys that belong to a view (the flag list, the find bar, the Consent tab) are listed beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from desktop.gui.dialogs.reading import ReadingDialog

#: keys handled by a view rather than by a menu command: (keys, what they do)
VIEW_KEYS = (
    ("Enter / Shift+Enter", "in the find bar: the next / previous match"),
    ("Enter", "on a flag: read its explanation; in the library: open the version"),
    ("Tab, Space", "on the Consent tab: reach each answer, choose it"),
    ("Alt+R", "on the Consent tab: record the decisions chosen"),
    ("Escape", "cancel a file being read or a comparison; close the find bar"),
)


def menu_shortcuts(menus: Iterable[QMenu]) -> list[tuple[str, str]]:
    """(keys, command) for every menu command with a shortcut, in menu order."""
    rows: list[tuple[str, str]] = []
    for menu in menus:
        for action in _actions(menu):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
                rows.append((keys, f"{menu.title().replace('&', '')} ▸ {name}"))
    return rows


def _actions(menu: QMenu) -> Iterable[QAction]:
    for action in menu.actions():
        if action.menu() is not None:
            yield from _actions(action.menu())
        elif not action.isSeparator():
            yield action


def shortcuts_html(menus: Iterable[QMenu]) -> str:
    def table(rows: Iterable[tuple[str, str]]) -> str:
        cells = "".join(f"<tr><td><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>"
                        for keys, what in rows)
        return f'<table cellspacing="4">{cells}</table>'

    return ("<h3>Menu commands</h3>" + table(menu_shortcuts(menus))
            + "<h3>In the views</h3>" + table(VIEW_KEYS)
            + "<p>Severities differ in shape as well as colour: ▲ concern, ◆ caution, ● information, "
              "■ protects you.</p>")


class ShortcutsDialog(ReadingDialog):
    def __init__(self, menus: Iterable[QMenu], parent: QWidget | None = None) -> None:
        super().__init__("Keyboard Shortcuts", shortcuts_html(menus), (580, 620), parent)

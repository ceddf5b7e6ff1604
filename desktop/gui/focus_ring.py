"""A visible focus ring for the reading panes (the document text, the details pane).

Keyboard users could not see the focus arrive there: Enter on a flag moves it to the details
pane on purpose, and the native frame looked the same focused or not. Each pane gets a border of
the palette's *mid* colour that turns *highlight* while it has the focus. Both borders are the
same width, so taking the focus only repaints the frame and never re-wraps a long document.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame


class _Restyle(QObject):
    """Styles each watched pane again when its palette changes (a theme switch)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange and isinstance(watched, QFrame):
            _style(watched)
        return False


_restyle: _Restyle | None = None


def show_focus_ring(pane: QFrame, name: str) -> None:
    """Give ``pane`` (named ``name`` for the style sheet's selector) its focus ring."""
    global _restyle
    if _restyle is None:
        _restyle = _Restyle()
    pane.setObjectName(name)
    _style(pane)
    pane.installEventFilter(_restyle)


def _style(pane: QFrame) -> None:
    palette = pane.palette()
    quiet = palette.color(QPalette.ColorRole.Mid).name()
    focused = palette.color(QPalette.ColorRole.Highlight).name()
    name = pane.objectName()
    sheet = f"#{name} {{ border: 2px solid {quiet}; }} #{name}:focus {{ border: 2px solid {focused}; }}"
    if pane.styleSheet() != sheet:   # setting it sends a palette change of its own
        pane.setStyleSheet(sheet)

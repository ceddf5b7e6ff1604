"""A visible focus ring for the reading panes (the document text, the details pane).

Keyboard users could not see the focus arrive there: Enter on a flag moves it to the details
pane on purpose, and the native frame looked the same focused or not. Each pane gets a border of
the palette's *mid* colour that turns *highlight* while it has the focus. Both borders are the
same width, so taking the focus only repaints the frame and never re-wraps a long document. The
colours are the palette's by name, so a theme switch (``theme.apply_theme``) redraws them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame


def show_focus_ring(pane: QFrame, name: str) -> None:
    """Give ``pane`` (named ``name`` for the style sheet's selector) its focus ring."""
    pane.setObjectName(name)
    pane.setStyleSheet(f"#{name} {{ border: 2px solid palette(mid); }} "
                       f"#{name}:focus {{ border: 2px solid palette(highlight); }}")

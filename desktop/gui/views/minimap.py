"""A thin strip beside the document showing where the flags fall, coloured and shaped by severity.

Colour alone does not tell a concern from a protection for a reader who sees red and green alike,
so each severity has its own mark as well: a concern fills the strip's width, a caution three
quarters of it and information half, from the right edge; a protection is a third of it at the
left edge (an outline, tried first, is a solid bar at the marks' usual height of 3 pixels).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.gui.theme import severity_colours
from terms.model import Severity

#: the share of the strip's width a severity's mark takes
_WIDTHS = {Severity.CONCERN: 1.0, Severity.CAUTION: 0.75, Severity.INFO: 0.5, Severity.PROTECTIVE: 1 / 3}


def mark_rect(severity: Severity, width: int, y: float, height: float) -> QRectF:
    """Where a mark of ``severity`` is drawn on a strip ``width`` pixels wide: against the right
    edge, so that the shorter marks stand apart from the full ones, and a protection's against the
    left edge, where no other mark is."""
    full = width - 6
    wide = max(3.0, full * _WIDTHS[severity])
    left = 3 if severity is Severity.PROTECTIVE else 3 + full - wide
    return QRectF(left, y, wide, height)


class Minimap(QWidget):
    """Marks at relative positions 0..1; clicking a mark (or near one) emits its index."""

    mark_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: list[tuple[float, float, Severity]] = []
        self._order: list[tuple[float, float, Severity]] = []
        self._viewport: tuple[float, float] = (0.0, 1.0)
        #: the share of the strip the document takes: less than all where its text is shorter than
        #: the view, so that each mark stays level with its clause
        self._extent = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Flag map")
        self.setAccessibleDescription("Where the flagged clauses fall in the document; click to jump. "
                                      "F8 and Shift+F8 step through the same flags from the keyboard.")
        self.setToolTip("Where the flags fall in the document. Click a mark to jump to it.\n"
                        "Full width: concern · three quarters: caution · half: information · "
                        "a third at the left: protects you")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(20, 200)

    def set_marks(self, marks: list[tuple[float, float, Severity]]) -> None:
        """``(start, end, severity)`` with start/end as fractions of the document."""
        self._marks = sorted(marks, key=lambda m: -m[2].rank)  # worst painted last, on top
        self._order = list(marks)
        self.update()

    def set_viewport(self, top: float, bottom: float, extent: float = 1.0) -> None:
        self._viewport = (top, bottom)
        self._extent = min(1.0, max(0.05, extent))
        self.update()

    def _span(self) -> float:
        """The height, in pixels, that positions 0..1 are spread over."""
        return max(1.0, (self.height() - 4) * self._extent)

    def mark_count(self) -> int:
        return len(self._marks)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.alternateBase())
        h = self._span()
        top, bottom = self._viewport
        view = pal.mid().color()
        view.setAlpha(90)
        painter.fillRect(QRectF(0, 2 + top * h, self.width(), max(3.0, (bottom - top) * h)), view)
        colours: dict[Severity, QColor] = {}  # the palette is looked up once per paint, not per mark
        for start, end, severity in self._marks:
            y = 2 + start * h
            height = max(3.0, (end - start) * h)
            colour = colours.get(severity)
            if colour is None:
                colour = colours[severity] = severity_colours(severity).mark
            painter.fillRect(mark_rect(severity, self.width(), y, height), colour)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._order:
            return
        pos = (event.position().y() - 2) / self._span()
        best = min(range(len(self._order)), key=lambda i: abs(self._order[i][0] - pos))
        self.mark_clicked.emit(best)

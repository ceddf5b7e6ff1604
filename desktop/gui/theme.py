"""Light and dark palettes, and the severity colours used for highlights, the minimap and charts.

Both palettes are built explicitly (Fusion style) rather than taken from the platform so
that every view is readable in either: highlight tints are chosen per palette so that
the document text keeps a contrast ratio above 4.5:1 on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication

from terms.model import Severity

THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class SeverityColours:
    """``mark`` is the strong colour (minimap, chart, badge), with a contrast of at least 3:1
    against the palette's backgrounds; ``tint`` the text background; ``text`` the colour for
    words written in the severity's colour (outline entries, titles), at least 4.5:1 against
    Base and AlternateBase, which a mark is not (light caution orange is 3.8:1 on white)."""

    mark: QColor
    tint: QColor
    evidence: QColor
    text: QColor


# mark, tint, evidence, text
_LIGHT = {
    Severity.CONCERN: ("#c62828", "#fde2e1", "#f8b4b0", "#c62828"),
    Severity.CAUTION: ("#c96a00", "#fff1d6", "#fcd58a", "#b45309"),
    Severity.INFO: ("#1f6fbf", "#e3eefb", "#b8d3f3", "#1f6fbf"),
    Severity.PROTECTIVE: ("#2e7d32", "#e2f3e3", "#b5dfb8", "#2e7d32"),
}
_DARK = {
    Severity.CONCERN: ("#ef6b64", "#4a2224", "#7a2d2f", "#f27d76"),
    Severity.CAUTION: ("#f2a43a", "#47361a", "#6e5020", "#f2a43a"),
    Severity.INFO: ("#6aa9ea", "#1f3348", "#2c4d70", "#6aa9ea"),
    Severity.PROTECTIVE: ("#6cc070", "#203b24", "#2e5a33", "#6cc070"),
}

SEVERITY_LABELS = {
    Severity.CONCERN: "Concern",
    Severity.CAUTION: "Caution",
    Severity.INFO: "Information",
    Severity.PROTECTIVE: "Protects you",
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def severity_colours(severity: Severity, palette: QPalette | None = None) -> SeverityColours:
    table = _DARK if is_dark(palette) else _LIGHT
    return SeverityColours(*(QColor(c) for c in table[severity]))


def severity_colour_table(palette: QPalette | None = None) -> dict[Severity, SeverityColours]:
    """Every severity's colours for ``palette`` (the application's by default), the palette read
    once: for views that colour hundreds of items in one pass (a call per item cost the document
    view 58 ms over 2,850 highlights)."""
    table = _DARK if is_dark(palette) else _LIGHT
    return {severity: SeverityColours(*(QColor(c) for c in row)) for severity, row in table.items()}


def every_severity_colour() -> list[QColor]:
    """Every mark, tint, evidence and text colour of both palettes."""
    return [QColor(c) for table in (_LIGHT, _DARK) for row in table.values() for c in row]


def _luminance(colour: QColor) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 to 21; 4.5 is the floor for body text."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def label_colour(background: QColor) -> QColor:
    """White or near-black, whichever contrasts more with ``background`` (the dark palette's
    severity colours are light, so white text on them would be hard to read)."""
    white, dark = QColor("#ffffff"), QColor("#141414")
    return white if contrast_ratio(white, background) >= contrast_ratio(dark, background) else dark


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        window, base, alt, text, button = "#232629", "#1b1e20", "#2a2e32", "#e8e8e8", "#31363b"
        # the selection is dark enough for white text (4.8:1) and 3.5:1 against Base, so it still shows
        highlight, link, disabled = "#2f74c0", "#7db8f0", "#9aa0a6"
    else:
        window, base, alt, text, button = "#f3f3f3", "#ffffff", "#f5f7fa", "#1d1d1d", "#e9e9e9"
        highlight, link, disabled = "#2b6cb0", "#1a5fb4", "#666666"
    role = QPalette.ColorRole
    for r, c in ((role.Window, window), (role.Base, base), (role.AlternateBase, alt),
                 (role.WindowText, text), (role.Text, text), (role.Button, button),
                 (role.ButtonText, text), (role.ToolTipBase, base), (role.ToolTipText, text),
                 (role.PlaceholderText, disabled), (role.Highlight, highlight),
                 (role.HighlightedText, "#ffffff"), (role.Link, link), (role.BrightText, "#ff5555")):
        p.setColor(r, QColor(c))
    if dark:  # the bevel shades (frames, the focus ring's quiet border): Qt's defaults are light ones
        for r, c in ((role.Light, "#4b5157"), (role.Midlight, "#3d4247"), (role.Mid, "#5c636a"),
                     (role.Dark, "#141618"), (role.Shadow, "#0a0b0c")):
            p.setColor(r, QColor(c))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor(disabled))
    return p


def apply_theme(app: QApplication, theme: str) -> None:
    """Apply ``"light"``, ``"dark"`` or ``"system"`` (the platform's own palette) to ``app``."""
    app.setStyle("Fusion")
    if theme == "dark":
        app.setPalette(_palette(True))
    elif theme == "light":
        app.setPalette(_palette(False))
    else:
        app.setPalette(app.style().standardPalette())
    # a widget with a style sheet of its own keeps the palette it was polished with, whatever the
    # application's becomes: set the sheet again so that it takes the new one (a switch to dark
    # left the document white behind dark highlights, and a chosen answer black on near-black)
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)


def blank_icon(size: int = 12) -> QIcon:
    """A transparent icon of :func:`severity_icon`'s size, for rows without a severity."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    return QIcon(pixmap)


def severity_icon(severity: Severity, size: int = 12) -> QIcon:
    """A mark in the severity's colour (for the current palette), so that the list can spend its
    width on the flag's title instead of the word "Concern" on every row. Each severity has its own
    shape as well (a triangle for concern, a diamond for caution, a dot for information, a square for
    what protects you): colour alone does not tell them apart for a reader who sees red and green
    alike.

    The mark is drawn at 1, 2 and 3 times its size, so a scaled screen (150 %, 200 %) gets sharp
    shapes rather than a 12-pixel image enlarged (at 150 % the diamond read as a blurred plus)."""
    icon = QIcon()
    for scale in (1, 2, 3):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(severity_colours(severity).mark)
        low, high, mid = 0.5, size - 0.5, size / 2
        if severity is Severity.CONCERN:
            painter.drawPolygon(QPolygonF([QPointF(mid, low), QPointF(high, high - 1),
                                           QPointF(low, high - 1)]))
        elif severity is Severity.CAUTION:
            painter.drawPolygon(QPolygonF([QPointF(mid, low), QPointF(high, mid), QPointF(mid, high),
                                           QPointF(low, mid)]))
        elif severity is Severity.PROTECTIVE:
            painter.drawRect(QRectF(1.5, 1.5, size - 3, size - 3))
        else:
            painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        icon.addPixmap(pixmap)
    return icon

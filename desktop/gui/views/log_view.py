"""The log view, and the banner that shows errors as a headline plus what to do next.

Everything the app logs (at INFO and above, DEBUG when asked) lands in the log view; an
error's technical detail (traceback included) goes there, never into the headline. The
libraries underneath (Alembic, SQLAlchemy, pypdf …) reach it only with warnings and errors:
their INFO chatter ("setup plugin alembic.autogenerate.schemas") told a reader nothing.
"""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.gui.announce import announce
from desktop.gui.theme import severity_colours
from terms.model import Severity


class _Bridge(QObject):
    line = Signal(str)


OWN_LOGGERS = ("clearterms", "terms", "desktop")


def is_own_or_serious(record: logging.LogRecord) -> bool:
    """True for the app's own records, and for anyone's warnings and errors."""
    return record.levelno >= logging.WARNING or record.name.split(".", 1)[0] in OWN_LOGGERS


class QtLogHandler(logging.Handler):
    """A logging handler that forwards formatted records to the GUI thread as a signal."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.bridge = _Bridge()
        self.addFilter(is_own_or_serious)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        # RuntimeError: the widget side was already destroyed during shutdown.
        with contextlib.suppress(RuntimeError):
            self.bridge.line.emit(self.format(record))


class LogView(QPlainTextEdit):
    MAX_LINES = 5000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(self.MAX_LINES)
        self.setAccessibleName("Log")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def append_line(self, line: str) -> None:
        self.appendPlainText(line)


class ErrorBanner(QFrame):
    """A non-modal banner: bold headline, a hint line, and buttons for details and dismiss."""

    details_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAccessibleName("Message")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.headline, self.hint):  # paths and hashes in a message can be copied
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton("Show &log")
        self.close_button = QPushButton("&Dismiss")
        self.close_button.setAccessibleName("Dismiss message")
        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.hint)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(text, 1)
        layout.addWidget(self.details_button)
        layout.addWidget(self.close_button)
        self.details_button.clicked.connect(self.details_requested)
        self.close_button.clicked.connect(self.hide)
        self._level = Severity.CONCERN
        self.hide()

    def restyle(self) -> None:
        """Colour the banner for its level in the current palette (after a theme switch the light
        theme's pink stayed behind the dark theme's near-white text)."""
        colours = severity_colours(self._level)
        self.setStyleSheet(f"#errorBanner {{ background: {colours.tint.name()}; "
                           f"border: 1px solid {colours.mark.name()}; border-radius: 4px; }}")

    def show_message(self, headline: str, hint: str = "", *, level: Severity = Severity.CONCERN,
                     details: bool = True) -> None:
        self._level = level
        self.restyle()
        self.headline.setText(headline)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.details_button.setVisible(details)
        self.show()
        announce(self, f"{headline} {hint}".strip(), urgent=level is Severity.CONCERN)

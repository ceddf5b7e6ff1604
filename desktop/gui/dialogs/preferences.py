"""Preferences: colour theme and the size of the document text. Changes apply at once."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}
DEFAULT_FONT_SIZE = 11


class PreferencesDialog(QDialog):
    theme_changed = Signal(str)
    font_size_changed = Signal(int)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.settings = settings
        self.theme = QComboBox()
        self.theme.setAccessibleName("Colour theme")
        for key, label in THEME_LABELS.items():
            self.theme.addItem(label, key)
        self.font_size = QSpinBox()
        self.font_size.setAccessibleName("Document text size")
        self.font_size.setRange(8, 28)
        self.font_size.setSuffix(" pt")
        self.welcome = QCheckBox("Show the welcome sample on next start")
        self.load()
        form = QFormLayout()
        form.addRow("&Theme:", self.theme)
        form.addRow("Document text &size:", self.font_size)
        form.addRow("", self.welcome)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.theme.currentIndexChanged.connect(self._theme)
        self.font_size.valueChanged.connect(self._font)
        self.welcome.toggled.connect(lambda on: settings.setValue("session/first_run_done", not on))

    def load(self) -> None:
        """Show the saved settings (also when the dialog is opened again)."""
        settings = self.settings
        for widget in (self.theme, self.font_size, self.welcome):
            widget.blockSignals(True)
        try:
            theme = str(settings.value("prefs/theme", "system"))
            self.theme.setCurrentIndex(max(0, self.theme.findData(theme)))
            self.font_size.setValue(int(settings.value("prefs/font_size", DEFAULT_FONT_SIZE)))
            self.welcome.setChecked(not settings.value("session/first_run_done", False, type=bool))
        finally:
            for widget in (self.theme, self.font_size, self.welcome):
                widget.blockSignals(False)

    def _theme(self) -> None:
        key = self.theme.currentData()
        self.settings.setValue("prefs/theme", key)
        self.theme_changed.emit(key)

    def _font(self, size: int) -> None:
        self.settings.setValue("prefs/font_size", size)
        self.font_size_changed.emit(size)

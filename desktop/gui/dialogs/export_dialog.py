"""Export consent records: pick a format (CSV, JSON, FHIR, receipts, HTML or PDF report) and a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.consent_service import ConsentService, describe_failure
from desktop.gui.exports import CONSENT_FORMATS, ExportDone, ExportFormat, export_consent, with_format_suffix
from terms.fileio import exists, is_folder


class ExportDialog(QDialog):
    def __init__(self, service: ConsentService, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export consent records")
        self.service = service
        self.folder = folder
        self.done_result: ExportDone | None = None
        self._confirmed: Path | None = None  # a path the file dialog already asked to replace
        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("Export format")
        for fmt in CONSENT_FORMATS:
            self.format_combo.addItem(fmt.label, fmt.key)
        self.member_combo = QComboBox()
        self.member_combo.setAccessibleName("Member")
        self.member_combo.addItem("All members", None)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Export file")
        browse = QPushButton("&Browse…")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Format:", self.format_combo)
        form.addRow("&Member:", self.member_combo)
        form.addRow(QLabel("&Save to:", buddy=self.path_edit), row)
        self.note = QLabel("Every export names the SHA-256 of the exact text each decision was made on, "
                           "and the clauses that were shown.")
        self.note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export status")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        browse.clicked.connect(self._browse)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        self._format_changed()
        self.resize(560, 240)
        self.refresh()

    def refresh(self) -> None:
        """Read the member list again (the window shows one dialog, reopened after changes)."""
        self.status.clear()
        self.done_result = None
        self.service.submit("export-members", lambda store: [m.name for m in store.list_members()],
                            self._members, self._failed)

    def _members(self, names: list[str]) -> None:
        chosen = self.member_combo.currentData()
        while self.member_combo.count() > 1:
            self.member_combo.removeItem(1)
        for name in names:
            self.member_combo.addItem(name, name)
        self.member_combo.setCurrentIndex(max(0, self.member_combo.findData(chosen)))

    def _format(self) -> ExportFormat:
        return CONSENT_FORMATS[self.format_combo.currentIndex()]

    def _format_changed(self) -> None:
        fmt = self._format()
        current = self.path_edit.text().strip() or str(self.folder / "clearterms-consent")
        self.path_edit.setText(str(with_format_suffix(current, fmt)))
        self.member_combo.setEnabled(fmt.key != "json")  # JSON is the complete store, for re-import

    def _browse(self) -> None:
        fmt = self._format()
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text(),
                                              f"{fmt.label} (*{fmt.suffix});;All files (*)")
        if path:
            self.path_edit.setText(path)
            self._confirmed = Path(path)

    def export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText("Choose a file to export to.")
            return
        path, fmt = Path(text).expanduser(), self._format().key
        if is_folder(path):
            self.status.setText(f"{path} is a folder: add a file name to export to.")
            return
        if exists(path) and path != self._confirmed and not self._replace(path):
            return
        member = self.member_combo.currentData() if fmt != "json" else None
        self.export_button.setEnabled(False)
        self.status.setText("Exporting…")
        self.service.submit("export", lambda store: export_consent(store, fmt, path, member),
                            self._done, self._failed)

    def _replace(self, path: Path) -> bool:
        """Ask before writing over a file typed in (the file dialog asks for the ones it picks)."""
        answer = QMessageBox.question(
            self, "Replace the file?", f"{path.name} already exists in {path.parent}. Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _done(self, result: ExportDone) -> None:
        self.done_result = result
        self.export_button.setEnabled(True)
        self.status.setText(result.summary())

    def _failed(self, exc: BaseException, _tb: str) -> None:
        self.export_button.setEnabled(True)
        headline, hint = describe_failure("Export failed", exc, self.service.db_display, "press Export")
        if headline == "Export failed":  # not one of ours (a file that cannot be written): say what happened
            headline = f"Export failed: {exc}"
        hint = hint or "Choose another folder or file name and try again."
        self.status.setText(f"{headline}\n{hint}")

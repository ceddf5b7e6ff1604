"""Render the consent report (``terms.export.report_html``) to PDF with Qt's own PDF writer.

Needs only a ``QGuiApplication``; one is created (on the ``offscreen`` platform
when there is no display) if the process has none, so the CLI works headless.
"""

from __future__ import annotations

import os
from pathlib import Path

from terms.errors import ExportError


def _ensure_gui_app() -> None:
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Kept on the function so it outlives this call (Qt needs the instance alive).
        _ensure_gui_app.app = QGuiApplication([])  # type: ignore[attr-defined]


def write_pdf(html: str, path: Path, *, title: str = "ClearTerms consent report") -> None:
    """Write ``html`` as an A4 PDF to ``path`` (atomically: a temporary file, then a rename)."""
    _ensure_gui_app()
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(title)
    writer.setCreator("ClearTerms")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    del writer  # the file is finished when the writer goes away
    try:
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise ExportError(f"{path}: the PDF could not be written")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from exc

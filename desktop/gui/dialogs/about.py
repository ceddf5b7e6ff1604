"""About ClearTerms: version, what it does, and the licences of what it is built on."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QWidget

from desktop.appinfo import APP_NAME, SUMMARY
from desktop.gui.dialogs.reading import ReadingDialog

# (component, licence, note) — what ships in, or is read by, the application.
THIRD_PARTY = (
    ("Qt 6 and PySide6", "LGPL-3.0", "user interface toolkit, used unmodified and dynamically linked"),
    ("shiboken6", "LGPL-3.0", "Python bindings runtime for Qt"),
    ("PyYAML", "MIT", "rule packs and consent topics"),
    ("mistune", "BSD-3-Clause", "Markdown reading"),
    ("SQLModel", "MIT", "consent store"),
    ("SQLAlchemy", "MIT", "consent store"),
    ("Alembic", "MIT", "consent store migrations"),
    ("pydantic", "MIT", "used by SQLModel"),
    ("pypdf", "BSD-3-Clause", "PDF text"),
    ("cryptography", "Apache-2.0 or BSD-3-Clause", "opening AES-protected PDFs"),
    ("platformdirs", "MIT", "data folder location"),
    ("charset-normalizer", "MIT", "text encoding detection"),
    ("RapidFuzz", "MIT", "clause alignment when comparing versions"),
    ("CLAUDETTE corpus (Lippi et al.)", "CC BY 4.0",
     "training data of the learned clause model shipped with the default rule pack"),
)


def about_html(version: str) -> str:
    rows = "".join(f"<tr><td>{escape(name)}</td><td>{escape(lic)}</td>"
                   f"<td><small>{escape(note)}</small></td></tr>" for name, lic, note in THIRD_PARTY)
    return (f"<h2>{escape(APP_NAME)} {escape(version)}</h2><p><b>{escape(SUMMARY)}.</b></p>"
            "<p>ClearTerms reads terms of service and privacy policies, flags what they let a company do "
            "with your data and your words, explains each flag in plain words, records your consent "
            "against the exact text you saw, and compares versions clause by clause. It never connects "
            "to the network.</p>"
            f"<p>ClearTerms is free software under the MIT licence. Built with Qt {escape(qVersion())}.</p>"
            "<h3>Third-party components and data</h3>"
            f'<table cellspacing="4"><tr><th align="left">Component</th><th align="left">Licence</th>'
            f'<th align="left">Use</th></tr>{rows}</table>'
            "<p><small>The LGPL lets you replace the Qt libraries this application uses with your own "
            "build; the Qt source is available from qt.io. The standalone bundle's <tt>licenses</tt> "
            "folder holds the full licence texts of everything it ships.</small></p>")


class AboutDialog(ReadingDialog):
    def __init__(self, version: str, parent: QWidget | None = None) -> None:
        # (the size shows the whole licence table without scrolling)
        super().__init__(f"About {APP_NAME}", about_html(version), (680, 590), parent)

"""Fixtures for the GUI tests: a temporary settings scope, a hand-built analysed document.

Every test gets its own INI-file QSettings and consent database under ``tmp_path``, so
no test reads or writes the real user's settings or records.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.gui.engine import Analysed
from terms.model import Clause, ClauseKind, Document, DocumentFormat, Flag, Severity, sha256_text

SAMPLE = """Members' Terms

1. Your posts
1.1 Clients of the Company may purchase access to read and search members' anonymous posts.
1.2 You grant us a perpetual, irrevocable licence to use any idea you post for any purpose.

2. Your choices
2.1 You may opt out of client access in your account settings.
2.2 We do not sell your email address.
"""

# (clause id, phrase, category, severity, explanation)
SAMPLE_FLAGS = [
    ("1.1", "purchase access", "data.sale", Severity.CONCERN, "Paying clients can buy access to your posts."),
    ("1.1", "read and search members' anonymous posts", "data.client-access", Severity.CONCERN,
     "Clients can read what you write."),
    ("1.2", "perpetual, irrevocable licence", "data.content-license", Severity.CONCERN,
     "The company may use your ideas forever."),
    ("2.1", "opt out", "rights.choice", Severity.PROTECTIVE, "You can say no to client access."),
    ("2.2", "do not sell", "rights.no-sale", Severity.PROTECTIVE, "They promise not to sell your email."),
]


def build_document(text: str = SAMPLE, source: str | None = None) -> Document:
    """Clauses from numbered lines, with headings as parents: enough structure for the views."""
    clauses: list[Clause] = []
    heading: Clause | None = None
    for m in re.finditer(r"^(\d+(?:\.\d+)?)\.? (.+)$", text, re.M):
        number, body = m.group(1), m.group(2)
        if "." not in number:
            heading = Clause(number, ClauseKind.HEADING, number + ".", body, (), None, 0, m.start(), m.end(),
                             m.group(0), sha256_text(body))
            clauses.append(heading)
        else:
            clauses.append(Clause(number, ClauseKind.CLAUSE, number, None,
                                  (heading.heading,) if heading else (), heading.id if heading else None, 1,
                                  m.start(), m.end(), m.group(0), sha256_text(body)))
    return Document(text, tuple(clauses), DocumentFormat.TEXT, title="Members' Terms",
                    service="Physician Forum", source=source)


def build_flags(document: Document) -> tuple[Flag, ...]:
    flags = []
    for clause_id, phrase, category, severity, explanation in SAMPLE_FLAGS:
        clause = document.clause(clause_id)
        at = document.text.index(phrase, clause.start)
        flags.append(Flag(category, severity, clause_id, ((at, at + len(phrase)),), f"test.{category}",
                          explanation, reason=f"matched {phrase!r}", parties=("clients",)))
    return tuple(flags)


def build_analysed(text: str = SAMPLE, path: Path | None = None) -> Analysed:
    document = build_document(text, str(path) if path else None)
    return Analysed(document, build_flags(document) if text == SAMPLE else (), None, path)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("session/first_run_done", True)
    return s


@pytest.fixture
def analysed(tmp_path: Path) -> Analysed:
    path = tmp_path / "members-terms.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return build_analysed(SAMPLE, path)


@pytest.fixture
def window(qtbot, settings: QSettings, tmp_path: Path):
    from desktop.gui.main_window import MainWindow

    win = MainWindow(settings, store_url=str(tmp_path / "consent.db"))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.runner.wait(10000)

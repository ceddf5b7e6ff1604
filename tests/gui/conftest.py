"""GUI test fixtures: a temporary settings scope, a small document flagged with a test rule pack.

Every test gets its own INI-file QSettings and consent database under ``tmp_path``, so
no test reads or writes the real user's settings or records.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.gui.engine import Analysed

SAMPLE = """Members' Terms

1. Your posts
1.1 Clients of the Company may purchase access to read and search members' anonymous posts.
1.2 You grant us a perpetual, irrevocable licence to use any idea you post for any purpose.

2. Your choices
2.1 You may opt out of client access in your account settings.
2.2 We do not sell your email address.
"""

TEST_PACK = Path(__file__).parent / "data" / "gui-test-pack.yaml"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    """After pytest-qt has closed a test's widgets (``deleteLater``), delete them at once with the
    garbage collector off, as the app does on exit; left to the next test's event loop, their
    deletion could start a collection half-way (desktop/gui/widget_teardown.py)."""
    result = yield
    from desktop.gui.widget_teardown import delete_scheduled_widgets

    delete_scheduled_widgets()
    return result


def build_analysed(text: str = SAMPLE, path: Path | None = None) -> Analysed:
    """Parse ``text`` and flag it with the GUI test pack, as the window's workers would."""
    from terms.flagging import analyze
    from terms.parsing import parse_text
    from terms.rulepacks.loader import load_packs

    document = parse_text(text, source=str(path) if path else None)
    return Analysed(analyze(document, load_packs([TEST_PACK])), path)


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
    win.resize(1380, 860)   # the first-run size on a roomy screen (the offscreen one is 800 x 800)
    win.show()
    yield win
    win.runner.wait(10000)

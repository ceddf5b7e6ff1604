"""Many void Qt calls and bool signals must not drive the reference count of None, True or False
to zero (PySide6 6.12 on Python 3.11; see desktop/gui/_refcount_guard.py)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def _run(code: str) -> None:
    """Run ``code`` in a fresh interpreter (an abort there must not take pytest down with it)."""
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "ok"


def test_a_hundred_thousand_void_qt_calls_do_not_abort_the_interpreter() -> None:
    _run(
        "import desktop.gui\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "for _ in range(100_000):\n"
        "    label.setText('x')\n"
        "print('ok')\n"
    )


def test_a_hundred_thousand_bool_signals_do_not_abort_the_interpreter() -> None:
    # A Signal(bool) reaching a Python slot drops a reference from True each time (bool_dealloc).
    _run(
        "import desktop.gui\n"
        "from PySide6.QtCore import QCoreApplication, QObject, Signal\n"
        "class Source(QObject):\n"
        "    changed = Signal(bool)\n"
        "app = QCoreApplication([])\n"
        "source = Source()\n"
        "source.changed.connect(lambda value: None)\n"
        "for _ in range(100_000):\n"
        "    source.changed.emit(True)\n"
        "    source.changed.emit(False)\n"
        "print('ok')\n"
    )

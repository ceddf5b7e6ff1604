"""Many void Qt calls must not drive None's reference count to zero (PySide6 6.12 on Python 3.11)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_a_hundred_thousand_void_qt_calls_do_not_abort_the_interpreter() -> None:
    code = (
        "import desktop.gui\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "for _ in range(100_000):\n"
        "    label.setText('x')\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "ok"


def test_a_hundred_thousand_bool_signals_do_not_abort_the_interpreter() -> None:
    # A Signal(bool) reaching a Python slot drops a reference from True each time (bool_dealloc).
    code = (
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
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "ok"

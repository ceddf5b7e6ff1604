"""Application setup and the GUI entry point ``run_app``.

Only Qt and the window's own modules are imported before the window is shown; the
parser, the flagger and the consent store load in workers afterwards, so the window is
up quickly (``benchmarks/startup.py`` measures it).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop.appinfo import APP_ID, APP_NAME, ORGANISATION
from desktop.gui.theme import apply_theme
from desktop.gui.widget_teardown import delete_widget_now


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, named and themed; reuses an existing one (tests)."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME, *(argv or [])])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    QGuiApplication.setDesktopFileName(APP_ID)
    from terms import __version__

    app.setApplicationVersion(__version__)
    icon = _icon_path()
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    apply_theme(app, str(QSettings().value("prefs/theme", "system")))
    return app


def _icon_path() -> Path | None:
    from terms.errors import TermsError
    from terms.resources import resource_path

    try:
        path = resource_path("icons", "clearterms.svg")
    except TermsError:
        return None
    return path if path.exists() else None


def paths_from_argv(argv: list[str]) -> list[Path]:
    """The files named on the command line, made absolute: the library, Recent Files and the
    next launch's "last document" must not depend on the folder the app was started from."""
    return [Path(a).expanduser().absolute() for a in argv if not a.startswith("-")]


def _log_to_terminal(*, debug: bool) -> None:
    """Warnings and errors go to the terminal the app was started from; the progress notes of a
    normal run (the window's log view shows them) only with CLEARTERMS_DEBUG. Database upgrades
    and the like are no news to someone who started the app from a shell."""
    logging.basicConfig(level=logging.DEBUG if debug else logging.INFO)
    if not debug:
        for handler in logging.getLogger().handlers:
            handler.setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.DEBUG if debug else logging.WARNING)


def run_app(argv: list[str]) -> int:
    """Open the main window (on the files in ``argv``, if any) and run the event loop."""
    _log_to_terminal(debug=bool(os.environ.get("CLEARTERMS_DEBUG")))
    paths = paths_from_argv(argv)
    app = create_application([a for a in argv if a.startswith("-")])
    from desktop.gui.main_window import MainWindow

    window = MainWindow(store_url=os.environ.get("CLEARTERMS_DB"))
    window.show()
    gc.freeze()  # Qt and the window live as long as the app: see engine._set_aside_the_loaded_core
    QTimer.singleShot(0, lambda: window.start(paths))
    if os.environ.get("CLEARTERMS_QUIT_AFTER_SHOW"):
        # Smoke tests of installed builds: close normally (workers cancelled, settings saved)
        # once the window has been shown and its first job started.
        QTimer.singleShot(1000, window.close)
    code = app.exec()
    delete_widget_now(window)  # not left to the garbage collector: see widget_teardown
    return code

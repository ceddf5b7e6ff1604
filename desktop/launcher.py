"""Entry point of the ``clearterms`` command.

No arguments opens the desktop app; a subcommand runs the command line. Qt is
imported only when the window is actually wanted, so CLI runs stay fast and work
without a display.

Before the window is created, :func:`display_problem` checks that Qt will find a
display it can use. Qt itself, when it cannot, prints several ``qt.qpa`` lines and
aborts the process (exit 134); checking first lets the launcher say in one line what
is missing and what to do instead.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

NO_DISPLAY_EXIT = 2
ERROR_EXIT = 2  # a one-line error before anything ran, as the commands exit on one
CLI_HINT = "run `clearterms analyze FILE` for the command line (`clearterms --help` lists every command)"
LIBS_HINT = "install the Qt xcb libraries listed in docs/install.md"
# Platform plugins that draw without a graphical session (tests, screenshots, remote VNC).
_HEADLESS_PLATFORMS = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}
_MISSING_LIBRARY = re.compile(r"([\w.+-]+\.so[\w.]*): cannot open shared object file")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"--gui", "gui"}:
        return gui_main(args[1:])
    if _names_documents(args):   # "clearterms terms.pdf", as from a file manager
        return gui_main(args)
    if _names_missing_document(args[0]):
        print(f"clearterms: {args[0]}: no such file\n  Check the name and folder; `clearterms --help` lists "
              "the commands", file=sys.stderr)
        return ERROR_EXIT
    from desktop.cli import run_cli

    return run_cli(args)


def _names_documents(args: list[str]) -> bool:
    """Whether the arguments are files to open rather than a command: the first is an existing
    file and no command of that name exists (a command always wins)."""
    first = args[0]
    if first.startswith("-") or not os.path.isfile(first):
        return False
    return not (first.isidentifier() and importlib.util.find_spec(f"desktop.cli.{first}") is not None)


def _names_missing_document(first: str) -> bool:
    """Whether the first argument names a document that is not there ("clearterms termz.md" said
    "'termz.md' is not a command"): a path, or a name ending as a document file's does."""
    if first.startswith("-") or os.path.exists(first):
        return False
    from terms.model import FORMAT_OF_SUFFIX  # (the commands import it anyway; the window never gets here)

    return os.sep in first or first.lower().endswith(tuple(FORMAT_OF_SUFFIX))


def gui_main(argv: list[str] | None = None) -> int:
    """Open the desktop window (optionally on the files given); exit 2 with one line if no display,
    or if an option of the commands was given (the window would take its value for a file name)."""
    args = list(sys.argv[1:] if argv is None else argv)
    option = next((a for a in args if a.startswith("--")), None)
    if option is not None:
        print(f"clearterms: {option.split('=', 1)[0]} is an option of the commands, not of the window, which "
              "takes document files only; run `clearterms analyze FILE` with it (`clearterms analyze --help` "
              "lists its options)", file=sys.stderr)
        return ERROR_EXIT
    problem = display_problem()
    if problem is not None:
        print(f"clearterms: {problem}", file=sys.stderr)
        return NO_DISPLAY_EXIT
    from desktop.gui.app import run_app

    return run_app(args)


def display_problem(environ: Mapping[str, str] | None = None, xcb_plugin: Path | None = None) -> str | None:
    """Why Qt could not open a window here, as one sentence with a hint; ``None`` if it can.

    Only Linux-like systems are checked: there a window needs an X11 or Wayland session
    (or a headless platform chosen in ``QT_QPA_PLATFORM``), and Qt's X11 plugin needs
    system libraries that minimal installations lack. ``xcb_plugin`` overrides the plugin
    file to check (tests); by default it is the one shipped with PySide6. A plugin file that
    is not there is not checked: Qt may find its plugins elsewhere (a system build of PySide6).
    """
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    env = os.environ if environ is None else environ
    requested = [p.split(":", 1)[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    if any(p in _HEADLESS_PLATFORMS for p in requested):
        return None
    x11 = env.get("DISPLAY", "")
    wayland = env.get("WAYLAND_DISPLAY", "")
    wants_xcb = "xcb" in requested or (not requested and not wayland)
    if not x11 and not wayland:
        return f"no display available: the desktop app needs a graphical session (X11 or Wayland); {CLI_HINT}"
    if not wants_xcb:
        return None
    if not x11:
        return f"QT_QPA_PLATFORM asks for X11 but DISPLAY is not set; {CLI_HINT}"
    plugin = xcb_plugin if xcb_plugin is not None else _pyside_xcb_plugin()
    if plugin is not None and plugin.is_file():
        problem = _plugin_load_problem(plugin)
        if problem:
            return f"the desktop app cannot use X11: {problem}; {LIBS_HINT}, or {CLI_HINT}"
    if not _x11_reachable(x11):
        return f"cannot connect to the X11 display {x11!r}; check DISPLAY, or {CLI_HINT}"
    return None


def _pyside_xcb_plugin() -> Path | None:
    """The X11 platform plugin PySide6 ships, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    for location in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(location) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def _plugin_load_problem(plugin: Path) -> str | None:
    """Load the plugin the way Qt would (it is loaded again, at no cost, when the window opens);
    a missing system library is named, any other failure is reported as the loader put it."""
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        missing = _MISSING_LIBRARY.search(str(exc))
        if missing:
            return f"the system library {missing.group(1)} is missing"
        return f"its plugin {plugin.name} does not load ({exc})"
    return None


def _x11_reachable(display: str) -> bool:
    """Whether an X server answers at ``display`` (through libxcb, which Qt's X11 plugin uses).
    Without libxcb the question cannot be asked here, and Qt is left to answer it."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


if __name__ == "__main__":
    sys.exit(main())

"""Entry point of the ``clearterms`` command.

No arguments opens the desktop app; a subcommand runs the command line. Qt is
imported only when the window is actually wanted, so CLI runs stay fast and work
without a display.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"--gui", "gui"}:
        return gui_main(args[1:])
    from desktop.cli import run_cli

    return run_cli(args)


def gui_main(argv: list[str] | None = None) -> int:
    """Open the desktop window (optionally on the files given)."""
    from desktop.gui.app import run_app

    return run_app(list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())

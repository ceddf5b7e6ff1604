"""The ``clearterms`` command line.

Each subcommand lives in its own module of this package and exposes
``register(subparsers) -> None``, which adds its parser and sets
``run=<callable(args) -> int>`` as a default. Modules are discovered, so adding a
command never touches this file. Heavy imports belong inside ``run``.

Exit status: 0 success, 1 the command's own "found something" result where a
command documents one, 2 bad input or any :class:`~terms.errors.TermsError`
(one line on stderr, never a traceback), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import pkgutil
import sys
from typing import Any

from desktop.cli._args import FriendlyParser, split_rules_values
from desktop.cli._output import CheckedStdout
from terms import __version__
from terms.errors import TermsError
from terms.textnorm import LONE_SURROGATE


def build_parser() -> argparse.ArgumentParser:
    parser = FriendlyParser(
        prog="clearterms",
        description="Reads the fine print: analyse, compare and consent to terms documents. "
        "Run without arguments to open the desktop app, or with document files "
        "(clearterms FILE ...) to open them in it.",
    )
    parser.add_argument("--version", action="version", version=f"ClearTerms {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def _chosen(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The (sub)command parser ``args`` were read by: ``clearterms consent record``'s, not the top's."""
    for action in parser._actions:   # argparse keeps its subcommands only there
        if isinstance(action, argparse._SubParsersAction):
            chosen = action.choices.get(getattr(args, action.dest, None) or "")
            if chosen is not None:
                return _chosen(chosen, args)
    return parser


def run_cli(argv: list[str]) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(split_rules_values(argv))
    if extra:   # told by the command they were given to, whose --help lists what it takes
        _chosen(parser, args).error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    stdout = sys.stdout
    buffered = _buffered(stdout)
    sys.stdout = CheckedStdout(buffered or stdout)  # type: ignore[assignment]
    try:
        code = int(args.run(args) or 0)
        sys.stdout.flush()  # a write error found only at exit would otherwise go unreported
        return code
    except TermsError as exc:
        print(f"clearterms: {_printable(str(exc))}", file=sys.stderr)
        if exc.hint:
            print(f"  {_printable(exc.hint)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("clearterms: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug: one line, the traceback only on request
        if os.environ.get("CLEARTERMS_DEBUG"):
            raise
        print(
            f"clearterms: internal error: {type(exc).__name__}: {exc} "
            "(set CLEARTERMS_DEBUG=1 to see the traceback, and please report it)",
            file=sys.stderr,
        )
        return 1
    finally:
        sys.stdout = stdout
        if buffered is not None:
            _let_go(buffered)


def _buffered(stream: Any) -> io.TextIOWrapper | None:
    """Standard output with a buffer, where Python left it unbuffered (``python -u``,
    ``PYTHONUNBUFFERED``, as containers and CI often set): None where it has one already.

    Unbuffered, its binary layer is the raw file, whose ``write`` may take only part of what it
    is given (a nearly full disk) or nothing at all (a non-blocking pipe that is full), and the
    text layer and the exports drop the rest without a word: an export reported success with a
    sixteenth of its bytes written. A buffered writer writes everything or raises.
    """
    raw = getattr(stream, "buffer", None)
    if not isinstance(raw, io.RawIOBase):
        return None
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding=stream.encoding, errors=stream.errors,
                            line_buffering=stream.line_buffering)


def _let_go(wrapper: io.TextIOWrapper) -> None:
    """Flush the buffered standard output and let go of it without closing the descriptor (a
    wrapper that is collected closes the file under it)."""
    try:
        wrapper.detach().detach()   # each flushes first
    except OSError:   # reported already by CheckedStdout, or a pipe closed after the command ended
        _UNFLUSHED.append(wrapper)  # kept, so that standard output stays open


_UNFLUSHED: list[io.TextIOWrapper] = []


def _printable(text: str) -> str:
    """``text`` with each lone surrogate as "\ufffd": a file name that is not UTF-8 reaches
    Python with its bad bytes as surrogates, which stderr would print as "\\udcff" escapes."""
    return LONE_SURROGATE.sub("\ufffd", text)



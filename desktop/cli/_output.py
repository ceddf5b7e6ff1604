"""Small helpers shared by the subcommands: writing output and common options."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

FORMATS = ("text", "json", "markdown")


def add_format_option(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS) -> None:
    parser.add_argument("--format", choices=formats, default="text", help="output format (default: text)")


def add_output_option(parser: argparse.ArgumentParser) -> None:
    from desktop.cli._args import output_path

    parser.add_argument("--out", "-o", type=output_path,
                        help="write to this file instead of standard output ('-': standard output)")


def refuse_to_overwrite_inputs(out: Path | None, *inputs: str | Path | None) -> None:
    """Stop before ``--out`` replaces a file the command reads ("-o terms.md terms.md" would
    put the report in place of the document). Links and other names for the file count too."""
    if out is None:
        return
    from terms.errors import TermsError

    for source in inputs:
        if source is not None and str(source) != "-" and same_file(out, source):
            raise TermsError(f"{out}: this is the input {source}; writing there would replace it",
                             hint="Give --out another file name.")


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two names reach one file: the same path once links are followed (also for a file not
    made yet), or one file under two names (a hard link)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one of them does not exist (yet) or cannot be looked at
        return False


def emit(text: str, out: Path | None = None) -> None:
    """Write ``text`` to ``out`` (atomically) or to standard output."""
    if out is None:
        write_stdout(text if text.endswith("\n") else text + "\n")
        return
    from terms.fileio import atomic_write_text

    atomic_write_text(out, text if text.endswith("\n") else text + "\n")


def write_stdout(text: str) -> None:
    """Write to standard output and make sure it arrived."""
    sys.stdout.write(text)
    sys.stdout.flush()


class CheckedStdout:
    """Standard output whose write errors are a clear ClearTerms error, not silence or a crash.

    A full disk or an unwritable target would otherwise surface as an "internal error" from
    deep inside a ``print``, or only while Python exits (reported by nobody, exit status 0).
    A closed pipe (output piped into ``head``) stays a :class:`BrokenPipeError`, which the
    command line treats as normal.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream   # None: the program was started with its standard output closed

    def write(self, text: str) -> int:
        if self._stream is None:
            raise _closed()
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise self._failed(exc) from exc

    def flush(self) -> None:
        if self._stream is None:
            return   # nothing can have been written
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._failed(exc) from exc

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise _closed()
        return getattr(self._stream, name)

    def _failed(self, exc: OSError) -> Exception:
        from terms.errors import ExportError

        # Python flushes again on exit: send what is left to /dev/null so it is not reported twice
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):  # a stream without a descriptor (captured output)
            pass
        if isinstance(exc, BrokenPipeError):
            return exc
        return ExportError(f"standard output: cannot write ({exc.strerror or exc})")


def _closed() -> Exception:
    from terms.errors import ExportError

    return ExportError("standard output: cannot write (it is closed)",
                       hint="Run the command with its output going to a terminal, a file or a pipe.")


def dumps_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)

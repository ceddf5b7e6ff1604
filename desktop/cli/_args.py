"""Argument parsing in plain words: friendly usage errors, did-you-mean, and the ``--rules`` option.

argparse's own messages speak its jargon ("argument action: invalid choice: 'ad'"); the
parser here rewords the common ones, suggests the closest command or value, and ends
with an indented hint, like every other ClearTerms error (exit status 2).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

RULES_SUFFIXES = (".yaml", ".yml")

_INVALID_CHOICE = re.compile(
    r"argument (?P<arg>\S+): invalid choice: '(?P<value>.*)' \(choose from (?P<options>.*)\)$"
)
_INVALID_TYPE = re.compile(r"argument (?P<arg>\S+): invalid (?P<kind>\w+) value: '(?P<value>.*)'$")
_ARGUMENT = re.compile(r"argument (?P<arg>[^:]+): (?P<rest>.*)$")
_REQUIRED = re.compile(r"the following arguments are required: (?P<names>.*)$")
_KINDS = {"int": "a whole number", "float": "a number"}
_LABELS = {"COMMAND": "a command", "ACTION": "an action", "action": "an action"}


def suggestion(word: str, options: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest option, or an empty string."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _choices(options: str) -> list[str]:
    return re.findall(r"'([^']*)'", options)


def friendly(message: str) -> str:
    """argparse's error message in plain words, with a did-you-mean for a mistyped choice."""
    found = _INVALID_CHOICE.match(message)
    if found:
        options = _choices(found["options"])
        value, label = found["value"], _LABELS.get(found["arg"])
        head = f"'{value}' is not {label}" if label else f"{found['arg']}: '{value}' is not a choice"
        return f"{head}{suggestion(value, options)}; choose from {', '.join(options)}"
    found = _INVALID_TYPE.match(message)
    if found:
        kind = _KINDS.get(found["kind"], f"a valid {found['kind']}")
        return f"{found['arg']} needs {kind}, not '{found['value']}'"
    found = _REQUIRED.match(message)
    if found:
        return f"missing {found['names']}"
    found = _ARGUMENT.match(message)
    if found:
        return f"{found['arg']}: {found['rest']}"
    return message


class FriendlyParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one plain line plus a hint, exit status 2."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {friendly(message)}", file=sys.stderr)
        print(f"  Run '{self.prog} --help' to see every option.", file=sys.stderr)
        raise SystemExit(2)


def add_rules_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--rules PACK.yaml``, one pack per use and repeatable, so file names after it stay positional."""
    parser.add_argument(
        "--rules", action="append", type=Path, default=[], metavar="PACK.yaml",
        help=f"{what}; one pack per --rules, repeat it for more (--rules a.yaml --rules b.yaml)",
    )


def split_rules_values(argv: Sequence[str]) -> list[str]:
    """Rewrite the older ``--rules a.yaml b.yaml`` into ``--rules a.yaml --rules b.yaml``.

    ``--rules`` takes one pack, but earlier versions took several in one go. A value
    right after the pack is still taken as a pack when its name ends in ``.yaml`` or
    ``.yml`` (documents never do), so the old form keeps working wherever it is
    unambiguous, and a document name after the pack stays a positional argument.
    """
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            return out + list(argv[i:])
        if token == "--rules" and i + 1 < len(argv):
            out += [token, argv[i + 1]]
            i += 2
        else:
            out.append(token)
            i += 1
            if not token.startswith("--rules="):
                continue
        while i < len(argv) and not argv[i].startswith("-") and argv[i].lower().endswith(RULES_SUFFIXES):
            out += ["--rules", argv[i]]
            i += 1
    return out


#: the largest ``--max-mb``: a million megabytes is more than any machine reads into memory, and a
#: larger number overflowed the file reader ("1e20" ended in an internal error)
MAX_MEGABYTES = 1_000_000


def positive_megabytes(value: str) -> float:
    """``--max-mb``: a size in megabytes above zero, at most :data:`MAX_MEGABYTES` (argparse
    reports anything else)."""
    try:
        megabytes = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {value!r}") from None
    if not 0 < megabytes <= MAX_MEGABYTES:  # also refuses NaN and infinity
        raise argparse.ArgumentTypeError(f"must be a size above 0 MB and at most {MAX_MEGABYTES:,} MB, "
                                         f"not {value}")
    return megabytes


def limit_bytes(megabytes: float) -> int:
    """``--max-mb`` in bytes; a limit below one byte is one byte (it fell back to the 20 MB default)."""
    return max(1, int(megabytes * 1024 * 1024))


def output_path(value: str) -> Path | None:
    """``--out``: a file to write, or ``-`` for standard output (as ``-`` means standard input
    where a command reads)."""
    return None if value == "-" else Path(value)

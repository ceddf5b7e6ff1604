"""Small helpers shared by the subcommands: writing output and common options."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FORMATS = ("text", "json", "markdown")


def add_format_option(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS) -> None:
    parser.add_argument("--format", choices=formats, default="text", help="output format (default: text)")


def add_output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", "-o", type=Path, help="write to this file instead of standard output")


def emit(text: str, out: Path | None = None) -> None:
    """Write ``text`` to ``out`` (atomically) or to standard output."""
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from terms.fileio import atomic_write_text

    atomic_write_text(out, text if text.endswith("\n") else text + "\n")


def dumps_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)

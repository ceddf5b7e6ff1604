"""``clearterms flag --jsonl IN.jsonl``: flag clauses in batch (the EVALUATION.md contract).

Each input line is an object with at least ``id`` and ``text`` (strings); each output line
is ``{"id": ..., "flags": [{"category", "severity", "rule", "evidence", "explanation"}]}``,
in input order. Input is streamed; the first bad line stops the run with
``IN.jsonl:LINE: problem`` and exit status 2, and no partial ``--out`` file is left.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "flag",
        help="flag clauses from a JSONL file (one clause per line)",
        description="Flag each line's text as one clause. --rules adds packs on top of the default "
        "pack; a base pack (base: true) replaces it. See docs/rule-packs.md.",
    )
    parser.add_argument(
        "--jsonl",
        required=True,
        metavar="IN.jsonl",
        help="input: one JSON object per line with string 'id' and 'text' ('-' for stdin)",
    )
    parser.add_argument("--out", "-o", type=Path, metavar="OUT.jsonl", help="output file (default: stdout)")
    parser.add_argument(
        "--rules", nargs="+", type=Path, default=[], metavar="PACK.yaml", help="additional rule pack(s)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from terms.fileio import atomic_write_lines
    from terms.flagging import flag_text, load_flagging_packs

    pack = load_flagging_packs(args.rules)
    source = args.jsonl
    with _open_input(source) as stream:
        if args.out is None:
            for record in _records(stream, source):
                sys.stdout.write(_result_line(record, flag_text(record[1], pack)))
            sys.stdout.flush()
            return 0
        atomic_write_lines(
            args.out, (_result_line(r, flag_text(r[1], pack)) for r in _records(stream, source))
        )
    return 0


def _open_input(source: str) -> IO[bytes]:
    from terms.errors import InputError

    if source == "-":
        return os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    try:
        return open(source, "rb")
    except OSError as exc:
        raise InputError(source, 0, f"cannot read: {exc.strerror or exc}") from exc


def _records(stream: IO[bytes], source: str) -> Iterator[tuple[str, str]]:
    """(id, text) per non-blank line; raises InputError naming the first bad line."""
    from terms.errors import InputError

    for number, raw in enumerate(stream, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(source, number, f"not UTF-8 (byte {exc.start + 1} of the line)") from exc
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(source, number, f"not JSON: {exc.msg} (column {exc.colno})") from exc
        if not isinstance(item, dict):
            raise InputError(source, number, f"expected a JSON object, got {type(item).__name__}")
        for key in ("id", "text"):
            if key not in item:
                raise InputError(source, number, f"missing '{key}'")
            if not isinstance(item[key], str):
                raise InputError(source, number, f"'{key}' must be a string, not {_json_type(item[key])}")
        yield item["id"], item["text"]


def _json_type(value: object) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "an array",
        dict: "an object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _result_line(record: tuple[str, str], flags) -> str:
    out = {
        "id": record[0],
        "flags": [
            {
                "category": f.category,
                "severity": f.severity.value,
                "rule": f.rule,
                "evidence": [[a, b] for a, b in f.evidence],
                "explanation": f.explanation,
            }
            for f in flags
        ],
    }
    return json.dumps(out, ensure_ascii=False) + "\n"

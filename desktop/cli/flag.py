"""``clearterms flag --jsonl IN.jsonl``: flag clauses in batch (the EVALUATION.md contract).

Each input line is an object with at least ``id`` and ``text`` (strings); each output line
is ``{"id": ..., "flags": [{"category", "severity", "rule", "evidence", "explanation"}]}``,
in input order. The whole input is read and checked before anything is written, so a bad
line (or a repeated id) stops the run with ``IN.jsonl:LINE: problem`` (several are listed,
the first 20 of them, so a file is mended in one go), a hint and exit status 2, with nothing
on stdout and no ``--out`` file. An input without clauses gives
empty output, exit 0, and a note on stderr.

The contract is one output line per input line, so a blank line is a bad line like any
other (skipping it would shift every later line against the input), and so is an object
naming a key twice (JSON parsers disagree on which value wins; ``{"id": "a", ..., "id":
"b"}`` must not quietly become clause "b").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import IO

from desktop.cli._args import add_rules_option, limit_bytes, output_path, positive_megabytes
from desktop.cli._output import refuse_to_overwrite_inputs
from terms import wording
from terms.errors import InputError
from terms.textnorm import LONE_SURROGATE

INPUT_HINT = 'Each line must be one JSON object with string "id" and "text", e.g. {"id": "c1", "text": "…"}.'


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "flag",
        help="flag clauses from a JSONL file (one clause per line)",
        description="Flag each line's text as one clause: one output line per input line, in order. "
        "Every line must be a JSON object with string 'id' and 'text' (a blank line, a repeated key "
        "or a repeated id is an error naming the line; every bad line is listed). --rules adds packs "
        "on top of the default pack; a base pack (base: true) replaces it. See docs/rule-packs.md.",
    )
    parser.add_argument(
        "--jsonl",
        required=True,
        metavar="IN.jsonl",
        help="input: one JSON object per line with string 'id' and 'text' ('-' for stdin)",
    )
    parser.add_argument("--out", "-o", type=output_path, metavar="OUT.jsonl",
                        help="output file (default, or '-': standard output)")
    parser.add_argument("--max-mb", type=positive_megabytes, default=20.0, metavar="MB",
                        help="refuse a larger input (default 20, as for analyze)")
    add_rules_option(parser, "an additional rule pack (a base pack replaces the default)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from terms.fileio import atomic_write_lines
    from terms.flagging import flag_text, load_flagging_packs

    refuse_to_overwrite_inputs(args.out, args.jsonl, *(args.rules or ()))
    pack = load_flagging_packs(args.rules)
    source = args.jsonl
    with _open_input(source) as stream:
        records = _records(stream, _display_name(source), limit_bytes(args.max_mb))
    if not records:
        print(f"clearterms: note: no clauses in {_display_name(source)}", file=sys.stderr)
    results = (_result_line(r, flag_text(r[1], pack)) for r in records)
    if args.out is None:
        for line in results:
            sys.stdout.write(line)
        sys.stdout.flush()
        return 0
    atomic_write_lines(args.out, results)
    return 0


def _display_name(source: str) -> str:
    return "<stdin>" if source == "-" else source


def _bad_line(source: str, line: int, problem: str, hint: str = INPUT_HINT) -> InputError:
    return InputError(source, line, problem, hint=hint)


def _open_input(source: str) -> IO[bytes]:
    if source == "-":
        if sys.stdin is None:   # started with standard input closed
            raise InputError("<stdin>", 0, "cannot read: standard input is closed",
                             hint="Pipe the records in, or give the file's name instead of '-'.")
        return os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    try:
        return open(source, "rb")
    except OSError as exc:
        raise InputError(source, 0, f"cannot read: {exc.strerror or exc}",
                         hint="Check the path, or pass '-' to read standard input.") from exc


MAX_LISTED = 20   # bad lines named in one message; the rest are counted


def _records(stream: IO[bytes], source: str, max_bytes: int) -> list[tuple[str, str]]:
    """(id, text) per line; raises InputError naming every bad (or blank) line and repeated id (up
    to :data:`MAX_LISTED`), so that a file is mended in one go, or the line where the input passes
    ``max_bytes`` (flagging time grows with the text: a limit says so at once instead of minutes
    later), where reading stops."""
    records: list[tuple[str, str]] = []
    problems: list[InputError] = []
    first_line_of: dict[str, int] = {}
    read = number = 0
    while raw := stream.readline(max_bytes - read + 1):  # never more than the limit in memory
        number += 1
        read += len(raw)
        if read > max_bytes:
            limit = f"{max_bytes / 1024 / 1024:g} MB"
            problems.append(_bad_line(source, number, f"the input passes the limit of {limit} on this line",
                                      "Split the file, or raise the limit with --max-mb."))
            break
        try:
            clause_id, text = _record(raw, number, source)
            if clause_id in first_line_of:
                raise _bad_line(source, number, f"id {json.dumps(clause_id, ensure_ascii=False)} is used "
                                                f"again (first on line {first_line_of[clause_id]})",
                                "Give every line its own id: output lines are matched to input by id.")
        except InputError as exc:
            problems.append(exc)
            continue
        first_line_of[clause_id] = number
        records.append((clause_id, text))
    if problems:
        raise _all_of(problems, source)
    return records


def _all_of(problems: list[InputError], source: str) -> InputError:
    """One error for the bad lines: the first as it is where there is one, else a list."""
    if len(problems) == 1:
        return problems[0]
    listed = "\n".join(f"  {p}" for p in problems[:MAX_LISTED])
    more = len(problems) - MAX_LISTED
    rest = f"\n  … and {wording.count(more, 'more bad line')}" if more > 0 else ""
    hints = {p.hint for p in problems}
    return InputError(source, 0, f"{len(problems)} bad lines\n{listed}{rest}",
                      hint=hints.pop() if len(hints) == 1 else INPUT_HINT)


def _record(raw: bytes, number: int, source: str) -> tuple[str, str]:
    """The (id, text) of one line of input, or the InputError that says what is wrong with it."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad_line(source, number, f"not UTF-8 (byte {exc.start + 1} of the line)") from exc
    if number == 1:
        line = line.removeprefix("\ufeff")
    if not line.strip():
        raise _bad_line(source, number, "blank line (each line must be one clause: the output has one "
                                        "line per input line)", "Remove the blank lines.")
    try:
        item = json.loads(line, object_pairs_hook=_no_repeated_keys)
    except json.JSONDecodeError as exc:
        raise _bad_line(source, number, f"not JSON: {exc.msg} (column {exc.colno})") from exc
    except _RepeatedKey as exc:
        raise _bad_line(source, number, f"key {json.dumps(exc.key, ensure_ascii=False)} appears twice "
                                        "in one object") from exc
    except RecursionError as exc:
        raise _bad_line(source, number, "arrays or objects nested too deeply to read") from exc
    except ValueError as exc:  # what json.loads leaves to int(): more digits than Python reads
        raise _bad_line(source, number, f"a number too long to read ({str(exc).split(';')[0]})") from exc
    if not isinstance(item, dict):
        raise _bad_line(source, number, f"expected a JSON object, got {_json_type(item)}")
    for key in ("id", "text"):
        if key not in item:
            raise _bad_line(source, number, f"missing '{key}'")
        if not isinstance(item[key], str):
            raise _bad_line(source, number, f"'{key}' must be a string, not {_json_type(item[key])}")
        if LONE_SURROGATE.search(item[key]):
            raise _bad_line(source, number, f"'{key}' holds an unpaired surrogate escape (such as "
                                            "\\ud800): not a character, so it cannot be written out")
    return item["id"], item["text"]


class _RepeatedKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_repeated_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object's dict, refusing a key given twice (json.loads would keep the last)."""
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _RepeatedKey(key)
        out[key] = value
    return out


def _json_type(value: object) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
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

"""``clearterms analyze FILE``: parse a document, flag it and print the report.

The report leads with the summary (top concerns, counts per group, reading time,
readability, grade), then the clause outline, then every flag with its evidence.
``--outline-only`` skips flagging and prints the outline alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.cli._args import add_rules_option, limit_bytes, positive_megabytes
from desktop.cli._output import (
    add_format_option,
    add_output_option,
    dumps_json,
    emit,
    refuse_to_overwrite_inputs,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="parse a terms document, flag its data-use provisions and print the report",
        description="Parse a terms document (Markdown, plain text, HTML or PDF; the format is detected "
        "from the content), flag what it lets the company do with your data, and print the summary, "
        "the clause outline and every flag with its evidence. JSON shape: docs/json-format.md.",
    )
    parser.add_argument("file", help="the document to read ('-' reads it from standard input)")
    add_format_option(parser, ("text", "json", "markdown", "html"))
    add_output_option(parser)
    parser.add_argument("--max-mb", type=positive_megabytes, default=20.0, metavar="MB",
                        help="refuse larger files (default 20)")
    add_rules_option(parser, "a rule pack added to the default pack (a base pack replaces it)")
    parser.add_argument("--outline-only", action="store_true", help="print the outline without flagging")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from terms.outline import outline_to_dict, render_outline_markdown, render_outline_text

    refuse_to_overwrite_inputs(args.out, args.file, *(args.rules or ()))
    document = read_document(args.file, max_bytes=limit_bytes(args.max_mb))
    if args.outline_only:
        if args.format == "html":
            from terms.errors import TermsError

            raise TermsError("--outline-only works with text, json or markdown; html is the full report",
                             hint="Leave out --outline-only for the html report, or pick --format text, "
                                  "json or markdown for the outline.")
        if args.format == "json":
            emit(dumps_json(outline_to_dict(document)), args.out)
        elif args.format == "markdown":
            emit(render_outline_markdown(document), args.out)
        else:
            emit(render_outline_text(document), args.out)
        return 0

    from terms.flagging import analyze, load_flagging_packs
    from terms.flagging.report import render_analysis_markdown, render_analysis_text

    warn_if_not_english(document)
    analysis = analyze(document, load_flagging_packs(args.rules))
    if args.format == "json":
        emit(dumps_json(report_to_dict(analysis)), args.out)
    elif args.format == "markdown":
        emit(render_analysis_markdown(analysis, render_outline_markdown(document, title=False)), args.out)
    elif args.format == "html":
        from terms.flagging.report_html import render_analysis_html

        emit(render_analysis_html(analysis), args.out)
    else:
        emit(render_analysis_text(analysis, render_outline_text(document)), args.out)
    return 0


def read_document(path: str | Path, *, max_bytes: int | None = None) -> Any:
    """Parse the document at ``path``, printing the parser's notes (a guessed encoding) on stderr."""
    from terms.parsing import DEFAULT_MAX_BYTES, parse_file

    notes: list[str] = []
    limit = max_bytes or DEFAULT_MAX_BYTES
    if str(path) == "-":
        document = _read_stdin(limit, notes)
    else:
        document = parse_file(path, max_bytes=limit, notes=notes)
    for note in notes:
        print(f"clearterms: note: {note}", file=sys.stderr)
    return document


def _read_stdin(max_bytes: int, notes: list[str]) -> Any:
    """The document piped in: its format is told from its content, as there is no file name."""
    from terms.errors import UnsupportedDocument
    from terms.parsing import hints, parse_bytes

    if sys.stdin is None:   # started with standard input closed (`clearterms analyze - <&-`)
        raise UnsupportedDocument("<stdin>", "cannot be read: standard input is closed",
                                  hint="Pipe the document in, or give its file name instead of '-'.")
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnsupportedDocument("<stdin>", f"is larger than the limit of {max_bytes / 1024 / 1024:g} MB",
                                  hint=hints.TOO_LARGE)
    return parse_bytes(data, source="<stdin>", notes=notes)


def report_to_dict(analysis: Any) -> dict[str, Any]:
    """The outline object of docs/json-format.md with ``rule_pack``, ``summary`` and ``flags`` added.

    The document metadata is the outline's (a superset of what the flag report carries), so the
    ``document`` and ``clauses`` keys mean the same with or without ``--outline-only``.
    """
    from terms.flagging.report import analysis_to_dict
    from terms.outline import outline_to_dict

    data = outline_to_dict(analysis.document)
    flagged = analysis_to_dict(analysis)
    for key in ("rule_pack", "summary", "flags"):
        data[key] = flagged[key]
    return data


def warn_if_not_english(document: Any) -> None:
    """A note on stderr when the document is not in English: the rules read English only."""
    from terms.parsing.metadata import looks_english

    if not looks_english(document.text):
        print(f"clearterms: note: {document.source or document.display_name} does not look like English; "
              "the rules read English only, so few flags and a good grade mean little here", file=sys.stderr)

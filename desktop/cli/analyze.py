"""``clearterms analyze FILE``: parse a document and print its outline."""

from __future__ import annotations

import argparse

from desktop.cli._output import add_format_option, add_output_option, dumps_json, emit


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="parse a terms document and print its outline",
        description="Parse a terms document (Markdown, plain text, HTML or PDF; the format is detected "
        "from the content) and print its metadata and clause outline.",
    )
    parser.add_argument("file", help="the document to read")
    add_format_option(parser)
    add_output_option(parser)
    parser.add_argument("--max-mb", type=float, default=20.0, help="refuse larger files (default 20)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from terms.outline import outline_to_dict, render_outline_markdown, render_outline_text
    from terms.parsing import parse_file

    document = parse_file(args.file, max_bytes=int(args.max_mb * 1024 * 1024))
    if args.format == "json":
        emit(dumps_json(outline_to_dict(document)), args.out)
    elif args.format == "markdown":
        emit(render_outline_markdown(document), args.out)
    else:
        emit(render_outline_text(document), args.out)
    return 0

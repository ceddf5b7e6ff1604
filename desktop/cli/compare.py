"""``clearterms compare OLD NEW``: compare two versions of a document clause by clause.

Both files are parsed and flagged (default rule pack, plus ``--rules`` packs), then
compared; the report leads with the flags that appear, disappear or change
severity. When both versions state an effective date and OLD is the later one,
the two are swapped and the report says so (``--keep-order`` prevents it), unless
their services or kinds differ. When the services, kinds, languages or titles differ, a
warning on stderr says they may be different documents (the report says so too).
Exit status 0 whatever the differences; 2 for unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli._args import add_rules_option
from desktop.cli._output import add_format_option, add_output_option, emit, refuse_to_overwrite_inputs

FORMATS = ("text", "json", "markdown", "html")
#: Why the report has no flag changes ("Flags were not compared: …").
NO_FLAGS_ASKED = "--no-flags was given"
NO_DEFAULT_PACK = "the default rule pack could not be loaded"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare two versions of a document clause by clause",
        description="Align the clauses of two versions (unchanged, changed with word diff, added, "
        "removed, moved, renumbered, split, merged), headline the flags that appear, disappear or "
        "change severity, and count what changed. See docs/compare.md.",
    )
    parser.add_argument("old", type=Path, metavar="OLD", help="the older version (any supported format)")
    parser.add_argument("new", type=Path, metavar="NEW", help="the newer version")
    add_format_option(parser, FORMATS)
    add_output_option(parser)
    parser.add_argument("--only-changes", action="store_true",
                        help="list only clauses whose words changed (counts still cover everything)")
    parser.add_argument("--show-formatting", action="store_true",
                        help="show whitespace/punctuation-style/formatting-only differences as such")
    parser.add_argument("--keep-order", action="store_true",
                        help="treat OLD as older even when its effective date is later")
    parser.add_argument("--no-flags", action="store_true", help="compare text only; do not flag")
    add_rules_option(parser, "an additional rule pack for flagging")
    parser.set_defaults(run=run)


def _analyses(documents: list, rules: list[Path]) -> list | None:
    """The analysis of each document, or None when the default rule pack cannot be loaded (with a
    warning)."""
    from terms.errors import RulePackError
    from terms.flagging import analyze, load_flagging_packs

    try:
        pack = load_flagging_packs(rules)
    except RulePackError as exc:
        if rules:
            raise
        print(f"clearterms: warning: flags not compared: {str(exc).splitlines()[0]}", file=sys.stderr)
        return None
    return [analyze(document, pack) for document in documents]


def run(args: argparse.Namespace) -> int:
    from desktop.cli.analyze import read_document
    from terms.compare import CompareOptions, compare, compare_analyses
    from terms.compare.engine import version_doubts
    from terms.compare.report import ReportOptions, render
    from terms.errors import TermsError

    if str(args.old) == str(args.new) == "-":
        raise TermsError("only one of OLD and NEW can be '-' (standard input), which holds one document",
                         hint="Give the other version as a file.")
    refuse_to_overwrite_inputs(args.out, args.old, args.new, *(args.rules or ()))
    old, new = read_document(args.old), read_document(args.new)
    doubts = version_doubts(old, new)
    if doubts:
        print(f"clearterms: warning: {args.old} and {args.new} may be different documents, not versions of "
              f"one ({'; '.join(doubts)})", file=sys.stderr)
    if not args.no_flags:
        from desktop.cli.analyze import warn_if_not_english

        for document in (old, new):
            warn_if_not_english(document)
    analyses = None if args.no_flags else _analyses([old, new], args.rules)
    options = CompareOptions(reorder_by_date=not args.keep_order)
    comparison = (compare(old, new, options=options) if analyses is None
                  else compare_analyses(*analyses, options=options))
    no_flags_reason = NO_FLAGS_ASKED if args.no_flags else NO_DEFAULT_PACK
    report = render(comparison, args.format,
                    ReportOptions(only_changes=args.only_changes, show_formatting=args.show_formatting,
                                  no_flags_reason=no_flags_reason))
    emit(report, args.out)
    return 0

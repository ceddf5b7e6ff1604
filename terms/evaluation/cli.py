"""Command-line front end shared by ``python -m terms.evaluation`` and ``clearterms evaluate``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from terms.errors import TermsError
from terms.evaluation.runner import Flagger, evaluate, format_report, report_json

REPO = Path(__file__).resolve().parents[2]
_BESIDE_CHECKOUT = REPO.parent / "shared" / "data"
DEFAULT_DATA = Path(os.environ.get("CLEARTERMS_SHARED_DATA", _BESIDE_CHECKOUT))
DEFAULT_OWN = REPO / "tests" / "data" / "own_dev"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"folder laid out like the shared data/ (default: $CLEARTERMS_SHARED_DATA, "
                             f"else {_BESIDE_CHECKOUT})")
    parser.add_argument("--split", default="dev",
                        help="split to score: reads <set>/<split>.jsonl (default: dev)")
    parser.add_argument("--rules", type=Path, action="append", default=[], metavar="PACK.yaml",
                        help="a rule pack as for `clearterms flag` (an add-on pack goes on top of the "
                        "default); one pack per --rules, repeat it for more")
    parser.add_argument("--own", type=Path, default=DEFAULT_OWN,
                        help=f"folder of the team's own labelled sentences (default: {DEFAULT_OWN}, in a "
                             "source checkout)")
    parser.add_argument("--no-own", action="store_true", help="leave the own sentences out")
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N items of each set")
    parser.add_argument("--out", "-o", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")


def pack_flagger(rules: list[Path]) -> Flagger:
    """The flagger of ``clearterms flag --jsonl``: the default pack plus ``rules``, one text at a time."""
    from terms.flagging import flag_text, load_flagging_packs

    packs = load_flagging_packs(rules)
    return lambda text: flag_text(text, packs)


def known_ids(rules: list[Path]) -> frozenset[str]:
    """Taxonomy ids a label map may name: the default pack's categories and those of ``rules``
    (a base pack may leave some out; they are still real ids, just never flagged)."""
    from terms.rulepacks import load_packs

    return frozenset(load_packs([]).categories) | frozenset(load_packs(rules).categories)


def run(args: argparse.Namespace, flagger: Flagger | None = None) -> int:
    if args.limit is not None and args.limit < 1:
        raise TermsError(f"--limit must be at least 1, not {args.limit}")
    for pack in args.rules:   # the scores written over the pack they were made with
        if args.out is not None and args.out.resolve() == pack.resolve():
            raise TermsError(f"{args.out}: this is the rule pack {pack}; writing there would replace it",
                             hint="Give --out another file name.")
    flagger = flagger or pack_flagger(list(args.rules))
    progress = None if args.quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    report = evaluate(args.data, args.split, flagger, own=None if args.no_own else args.own,
                      limit=args.limit, progress=progress, known_ids=known_ids(list(args.rules)))
    sys.stdout.write(format_report(report))
    if args.out is not None:
        from terms.fileio import atomic_write_text

        atomic_write_text(args.out, json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n")
    return 0


def main(argv: list[str] | None = None, flagger: Flagger | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m terms.evaluation",
                                     description="Score the flagger on labelled data (docs/evaluation.md).")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args, flagger)
    except TermsError as exc:
        print(f"evaluation: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"  {exc.hint}", file=sys.stderr)
        return 2

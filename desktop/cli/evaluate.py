"""``clearterms evaluate``: score the flagger on labelled data sets (EVALUATION.md)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    from terms.evaluation.cli import add_arguments, run

    parser = subparsers.add_parser(
        "evaluate", help="score flagging on labelled data (per-category P/R/F1, macro-F1, negation errors)",
        description="Flag every item of every labelled set in --data on its own and score it against "
        "gold labels mapped with label_map.yaml, as docs/evaluation.md describes.")
    add_arguments(parser)
    parser.set_defaults(run=run)

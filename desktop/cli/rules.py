"""``clearterms rules check|list``: validate rule packs and run their examples, or list them."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="validate or list rule packs",
        description="Validate rule packs (every problem at once, with file and line) and run their "
        "examples, or list their categories and rules. An add-on pack is checked on top of "
        "the default pack; a base pack (base: true) alone. See docs/rule-packs.md.",
    )
    actions = parser.add_subparsers(dest="rules_action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="validate packs and run every rule's examples (exit 2 on problems)"
    )
    check.add_argument(
        "packs", nargs="*", type=Path, metavar="PACK", help="pack files (default: the bundled default pack)"
    )
    check.set_defaults(run=run_check)
    listing = actions.add_parser("list", help="categories and rule counts of the packs")
    listing.add_argument(
        "packs", nargs="*", type=Path, metavar="PACK", help="pack files (default: the bundled default pack)"
    )
    listing.set_defaults(run=run_list)


def run_check(args: argparse.Namespace) -> int:
    from terms.rulepacks.lint import pack_warnings
    from terms.rulepacks.loader import check_packs, default_pack_path
    from terms.wording import count

    pack = check_packs(args.packs)
    examples = sum(
        len(r.match_examples) + len(r.no_match_examples) + len(r.negated_examples) for r in pack.rules
    )
    files = ", ".join(f"{s.path} ({s.id} {s.version})" for s in pack.sources)
    print(
        f"OK: {count(len(pack.categories), 'category', 'categories')}, {count(len(pack.rules), 'rule')}, "
        f"{count(examples, 'example')} {'passes' if examples == 1 else 'pass'}; {files}"
    )
    own = {s.path for s in pack.sources} - {str(default_pack_path())}
    for warning in pack_warnings(pack, own):
        print(f"  warning: {warning}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from terms.rulepacks import load_packs
    from terms.wording import count

    pack = load_packs(args.packs)
    for source in pack.sources:
        kind = "base pack" if source.base else "add-on pack"
        where = f"[{source.path}, sha256 {source.sha256[:12]}]"
        print(f"{source.id} {source.version} ({kind}): {source.name}  {where}")
    rules_per = Counter(r.category for r in pack.rules)
    models_per = Counter(c for m in pack.models for c in m.categories)
    print(f"\n{count(len(pack.categories), 'category', 'categories')}, {count(len(pack.rules), 'rule')}, "
          f"{count(len(pack.models), 'model')}")
    width = max((len(c) for c in pack.categories), default=0)
    for category in sorted(pack.categories.values(), key=lambda c: (c.group.value, c.id)):
        models = models_per[category.id]
        extra = f" + {count(models, 'model')}" if models else ""
        rules = rules_per[category.id]
        print(
            f"  {category.id:<{width}}  {category.group.title:<14} {category.severity.value:<10} "
            f"{rules:>3} {'rule ' if rules == 1 else 'rules'}{extra}  {category.title}"
        )
    return 0

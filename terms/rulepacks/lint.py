"""Warnings about a pack that loads but may not do what its author meant (``rules check``).

Problems stop a pack from loading (:mod:`terms.rulepacks.loader`); these do not: a rule without
examples is untested, a category no rule or model flags is never shown, two rules with one
pattern flag the same words twice. Only the user's own packs are looked at: the bundled default
pack is tested as a whole.
"""

from __future__ import annotations

from terms.errors import Problem
from terms.rulepacks.schema import RulePack


def pack_warnings(pack: RulePack, own: set[str]) -> list[Problem]:
    """What may be amiss in the rules and categories defined in the files ``own`` (paths as the
    pack records them), in file and line order: located as problems are, but they stop nothing."""
    found: list[Problem] = []
    mine = [r for r in pack.rules if r.source in own]
    for rule in mine:
        if not (rule.match_examples or rule.no_match_examples or rule.negated_examples):
            found.append(Problem(rule.source, rule.line, f"rule '{rule.id}' has no examples: nothing "
                                     "shows that it matches what it is meant to, and only that"))
    first_of: dict[object, str] = {}
    for rule in pack.rules:
        same = first_of.setdefault((rule.pattern, rule.unless, rule.category), rule.id)
        if same != rule.id and rule.source in own:
            found.append(Problem(rule.source, rule.line,
                                     f"rule '{rule.id}' has the same pattern, exceptions and category as "
                                     f"rule '{same}': it flags the same words again"))
    flagged = {r.category for r in pack.rules} | {r.negation for r in pack.rules} | {
        c for m in pack.models for c in m.categories}
    for cid, category in pack.categories.items():
        if category.source in own and cid not in flagged:
            found.append(Problem(category.source, category.line,
                                     f"category '{cid}' is used by no rule or model, so it is never flagged"))
    return sorted(found, key=lambda w: (w.source, w.line))

"""The pack's self-test: every rule's ``examples`` must behave as stated.

Each example is flagged as a lone clause with only its own rule, through the same
matching path flagging uses (sentences, scopes, prefilter, negation), so a passing
example is evidence the rule works in the app, not just that its regex matches.
"""

from __future__ import annotations

from terms.errors import Problem
from terms.rulepacks.evaluate import evaluate
from terms.rulepacks.scan import fold
from terms.rulepacks.schema import Example, RulePack


def run_examples(pack: RulePack) -> list[Problem]:
    problems: list[Problem] = []
    for index, rule in enumerate(pack.rules):

        def outcome(example: Example, index: int = index) -> tuple[set[str], set[str], list[str]]:
            folded = fold(example.text)
            hits = evaluate(pack, folded, 0, len(folded), only=(index,))
            positive = {h.category for h in hits if not h.negated}
            negated = {h.category for h in hits if h.negated}
            quotes = [example.text[a:b] for h in hits for a, b in h.evidence]
            return positive, negated, quotes

        where = f"rule '{rule.id}'"
        for example in rule.match_examples:
            positive, negated, _ = outcome(example)
            if rule.category not in positive:
                why = " (it was read as negated)" if negated else ""
                problems.append(
                    Problem(
                        rule.source,
                        example.line,
                        f"{where}: example should match but does not{why}: {_short(example)}",
                    )
                )
        for example in rule.no_match_examples:
            positive, _, quotes = outcome(example)
            if rule.category in positive:
                problems.append(
                    Problem(
                        rule.source,
                        example.line,
                        f"{where}: example should not match but does (on "
                        f"{', '.join(repr(q) for q in quotes[:3])}): {_short(example)}",
                    )
                )
        for example in rule.negated_examples:
            positive, negated, _ = outcome(example)
            if rule.negation not in negated or rule.category in positive:
                got = "matched as not negated" if rule.category in positive else "did not match"
                problems.append(
                    Problem(
                        rule.source,
                        example.line,
                        f"{where}: example should yield {rule.negation} (negated) but "
                        f"{got}: {_short(example)}",
                    )
                )
    return problems


def _short(example: Example) -> str:
    text = " ".join(example.text.split())
    return repr(text if len(text) <= 90 else text[:87] + "...")

"""Running a compiled pack's rules over a stretch of text: sentences, scopes, negation.

This is the matching core shared by flagging (:mod:`terms.flagging`) and by the
pack's example self-test. It knows nothing about documents: it takes folded text and
a span of it and returns what each rule found there, with absolute offsets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from terms.model import Severity
from terms.rulepacks.patterns import Span, match
from terms.rulepacks.scan import Scope, scope_spans, sentence_spans
from terms.rulepacks.schema import NEGATION_DROP, NEGATION_KEEP, Rule, RulePack


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule firing in one scope."""

    rule: Rule
    category: str
    severity: Severity
    evidence: tuple[Span, ...]
    scope: Span  # the part of the sentence the match lies in
    negated: bool = False  # the rule's match was negated and yielded ``category`` instead
    exception: str | None = None  # "except …" text qualifying a negated promise


def evaluate(
    pack: RulePack, folded: str, start: int, end: int, only: Iterable[int] | None = None
) -> list[RuleHit]:
    """Every rule hit in ``folded[start:end]``; ``only`` limits to these rule indexes."""
    chosen = None if only is None else set(only)
    results: list[RuleHit] = []
    for sentence in sentence_spans(folded, start, end):
        sentence_scope: Scope | None = None
        for s_start, s_end in scope_spans(folded, *sentence):
            scope = Scope.build(folded, s_start, s_end)
            for index in _candidates(pack, scope, chosen):
                rule = pack.rules[index]
                hits = match(rule.pattern, scope)
                if not hits:
                    continue
                if rule.unless:
                    if sentence_scope is None:
                        sentence_scope = Scope.build(folded, *sentence)
                    if any(match(node, sentence_scope) for node in rule.unless):
                        continue
                hit = _resolve(pack, rule, hits, scope)
                if hit is not None:
                    results.append(hit)
    return results


def _candidates(pack: RulePack, scope: Scope, chosen: set[int] | None) -> list[int]:
    if chosen is not None:
        keys = pack.rule_keys
        return sorted(i for i in chosen if keys[i] is None or not keys[i].isdisjoint(scope.keys))
    found = set(pack.always)
    index = pack.index
    for key in scope.keys:
        rules = index.get(key)
        if rules:
            found.update(rules)
    return sorted(found)


def _resolve(pack: RulePack, rule: Rule, hits, scope: Scope) -> RuleHit | None:
    category = pack.categories[rule.category]
    if rule.negation == NEGATION_KEEP:
        positive = hits
    else:
        positive = [h for h in hits if not scope.is_negated(h.evidence)]
    if positive:
        evidence = tuple(sorted({span for h in positive[:4] for span in h.evidence}))
        return RuleHit(
            rule, rule.category, rule.severity or category.severity, evidence, (scope.start, scope.end)
        )
    if rule.negation == NEGATION_DROP:
        return None
    protective = pack.categories[rule.negation]
    best = hits[0]
    exception = scope.exception_after(best.start)
    severity = protective.severity
    if exception and severity is Severity.PROTECTIVE:
        severity = Severity.INFO
    return RuleHit(
        rule,
        protective.id,
        severity,
        best.evidence,
        (scope.start, scope.end),
        negated=True,
        exception=exception,
    )

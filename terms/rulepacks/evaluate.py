"""Running a compiled pack's rules over a stretch of text: sentences, scopes, negation.

This is the matching core shared by flagging (:mod:`terms.flagging`) and by the
pack's example self-test. It knows nothing about documents: it takes folded text and
a span of it and returns what each rule found there, with absolute offsets.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from terms.model import Severity
from terms.rulepacks.patterns import Hit, Layout, Span, match, scopes_where
from terms.rulepacks.scan import (
    DUTY_ONLY,
    EXCEPTION_WORD,
    LIMITS_WHAT_PRECEDES,
    NEGATED,
    Region,
    Scope,
    consent_only,
    denies_what_follows,
    is_question,
    is_run_in_label,
    is_title,
    lead_in_consent,
    scope_spans,
    sentence_spans,
    shortened,
)
from terms.rulepacks.schema import NEGATION_DROP, NEGATION_KEEP, SCOPE_SENTENCE, Rule, RulePack


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


def evaluate(pack: RulePack, folded: str, start: int, end: int,
             only: Iterable[int] | None = None, lead_in: Span | None = None,
             excluded: list[tuple[str, Span]] | None = None) -> list[RuleHit]:
    """Every rule hit in ``folded[start:end]``; ``only`` limits to these rule indexes.

    Rules are first screened on the whole region by their prefilter keys; then each survivor
    is matched only in the scopes holding every term a match needs (see ``Layout``).

    ``lead_in``: where the region is an item of a list, the sentence that introduces the list
    ("You are not allowed to:"). The item's first sentence finishes that one, so for matches
    there a rule's ``unless`` patterns are looked for in both; the item's later sentences stand
    on their own.

    ``excluded``: if given, receives (category, sentence) for each rule match an ``unless``
    pattern held back, so that a learned model does not flag what a rule deliberately left out.
    """
    region = Region(folded, start, end)
    rules = pack.rules
    candidates = _candidates(pack, region, only)
    if not candidates:
        return []
    sentences = sentence_spans(folded, start, end)
    if len(sentences) > 1 and "\n" in region.lower:
        region.wall_off(sentences)
    may_break = region.may_break()
    read: list[Span] = []  # the sentences matched at all
    scopes: list[tuple[Span, Span]] = []  # (scope, its sentence)
    for sentence in sentences:
        if is_question(folded, *sentence) or is_title(folded, *sentence):
            continue
        read.append(sentence)
        for scope in scope_spans(folded, *sentence) if may_break else [sentence]:
            scopes.append((scope, sentence))
    jobs: dict[tuple[Span, Span], list[int]] = {}  # (scope, its sentence) -> rules to match there
    region.live = pack.terms.live(region)
    layout = Layout(region, (scope for scope, _ in scopes))
    whole = Layout(region, read) if pack.sentence_rules and len(scopes) != len(read) else layout
    for index in candidates:
        rule = rules[index]
        if rule.scope == SCOPE_SENTENCE and whole is not layout:
            for where in scopes_where(rule.pattern, whole):
                jobs.setdefault((read[where], read[where]), []).append(index)
        else:
            for where in scopes_where(rule.pattern, layout):
                jobs.setdefault(scopes[where], []).append(index)
    results: list[RuleHit] = []
    sentence_scope: Scope | None = None
    named_scope: Scope | None = None  # the sentence that sentence_scope, a run-in label, names
    lead_scope: Scope | None = None
    # "We will never:" before this item: its first words are denied
    denied = lead_in is not None and bool(sentences) and denies_what_follows(folded, *lead_in)
    denied_from = sentences[0][0] if denied else None
    held_for_consent = lead_in_consent(folded, *lead_in) if denied and lead_in is not None else None
    for (s_start, s_end), sentence in sorted(jobs):
        first = s_start == denied_from
        scope = Scope(region, s_start, s_end, denied_before=first,
                      lead_exception=held_for_consent if first else None)
        for index in sorted(jobs[(s_start, s_end), sentence]):
            rule = rules[index]
            hits = match(rule.pattern, scope)
            if not hits:
                continue
            if rule.unless:
                if sentence_scope is None or (sentence_scope.start, sentence_scope.end) != sentence:
                    sentence_scope = Scope(region, *sentence)
                    named_scope = _named_by_label(region, sentence, sentences)
                held_back = any(match(node, sentence_scope) for node in rule.unless) or (
                    named_scope is not None and any(match(node, named_scope) for node in rule.unless))
                if not held_back and lead_in is not None and sentence == sentences[0]:
                    if lead_scope is None:
                        lead_scope = Scope(Region(folded, *lead_in), *lead_in)
                    held_back = any(match(node, lead_scope) for node in rule.unless)
                if held_back:
                    if excluded is not None:
                        excluded.append((rule.category, sentence))
                    continue
            hit = _resolve(pack, rule, hits, scope)
            if hit is not None:
                results.append(_limited_by_next(hit, sentence, sentences, folded))
    return results


def _named_by_label(region: Region, sentence: Span, sentences: list[Span]) -> Scope | None:
    """The sentence a run-in label names, read with it for a rule's exclusions ("13.3 Termination for
    breach." / "Either party may terminate …"); None where ``sentence`` is no such label."""
    if not is_run_in_label(region.text, *sentence):
        return None
    at = bisect.bisect_right(sentences, sentence)
    return Scope(region, *sentences[at]) if at < len(sentences) else None


def _limited_by_next(hit: RuleHit, sentence: Span, sentences: list[Span], folded: str) -> RuleHit:
    """A right whose next sentence takes part of it back ("This request does not apply to …") is
    qualified, as one with an "except …" in its own sentence is."""
    if hit.severity is not Severity.PROTECTIVE or hit.exception is not None:
        return hit
    at = bisect.bisect_left(sentences, sentence[1], key=lambda s: s[0])  # (a long paragraph has thousands)
    if at == len(sentences) or not LIMITS_WHAT_PRECEDES.match(folded, *sentences[at]):
        return hit
    following = sentences[at]
    limit = shortened(folded[following[0]:following[1]], limit=240)  # the whole of it, as a rule
    return dataclasses.replace(hit, severity=Severity.INFO, exception=limit)


def _candidates(pack: RulePack, region: Region, only: Iterable[int] | None) -> list[int]:
    """Rules whose signature the region's word prefixes satisfy (see ``patterns.signature``)."""
    keys = region.keys
    if only is None:
        found = set(pack.always)
        index = pack.index
        for key in keys & pack.index_keys:
            found.update(index[key])
        only = found
    signatures = pack.signatures
    # a plain loop rather than all() over a generator: this runs for every region (a quarter faster)
    passed: list[int] = []
    for i in only:
        for conjunct in signatures[i]:
            if conjunct.isdisjoint(keys):
                break
        else:
            passed.append(i)
    passed.sort()
    return passed


#: before a denied duty, the right that is kept: "Spotify may, but has no obligation to, monitor",
#: "Amazon has the right but not the obligation to monitor"
_KEPT_RIGHT = re.compile(r"\b(?:may|can|(?:reserves?|has|have|retains?)\s+the\s+right)\b", re.IGNORECASE)


def _right_kept_before(scope: Scope, start: int, reach: int) -> bool:
    # across the scope's start: "may, but has no obligation to" splits at "but"
    return _KEPT_RIGHT.search(scope.text, max(scope.region.start, start - reach), start) is not None


#: how far before a match a kept right ("may") is looked for, for a rule with a protective
#: counterpart, and for one without: there it must be the match's own ("we may (but do not have
#: to) preserve copies"), not that of an earlier clause ("we may use encryption, but are under no
#: obligation to keep it confidential")
KEPT_RIGHT_REACH = 60
KEPT_RIGHT_REACH_DROP = 30


def _earlier_mention(hit: Hit, denied: Hit, text: str) -> bool:
    """Whether ``hit`` is a denied match read again from an earlier mention of its first word: in "we
    do not sell your e-mail address to Sponsors, and no Sponsor can see your messages", "Sponsors …
    see … messages" is what "no Sponsor can see your messages" denies."""
    if hit.start >= denied.start or len(hit.evidence) != len(denied.evidence) or len(hit.evidence) < 2 \
            or hit.evidence[1:] != denied.evidence[1:]:
        return False
    (a, b), (c, d) = hit.evidence[0], denied.evidence[0]
    return text[a:b].removesuffix("s") == text[c:d].removesuffix("s")


def _resolve(pack: RulePack, rule: Rule, hits: list[Hit], scope: Scope) -> RuleHit | None:
    category = pack.categories[rule.category]
    if rule.negation == NEGATION_KEEP:
        positive, negated = hits, []
    else:
        how = [scope.negation(h.evidence) for h in hits]
        # "may, but has no obligation to, share": the duty is denied and the right kept, so the rule
        # still fires; without "may" before it ("we have no obligation to monitor your content") the
        # clause says neither. A rule without a protective counterpart needs the right right before
        # its match (see KEPT_RIGHT_REACH_DROP)
        reach = KEPT_RIGHT_REACH_DROP if rule.negation == NEGATION_DROP else KEPT_RIGHT_REACH
        positive = [h for h, n in zip(hits, how, strict=True)
                    if n is None or (n == DUTY_ONLY and _right_kept_before(scope, h.start, reach))]
        negated = [h for h, n in zip(hits, how, strict=True) if n == NEGATED]
        if negated and positive:
            # a match lying within a denied one, in its clause, is denied with it: in "we do not use
            # health information to target advertising", "target advertising" is what "do not use"
            # denies; not so "we never sell your contact details, we license your comments to …"
            # ... unless an exception stands between ("we don't use your location data except to show
            # you targeted ads" denies nothing of the ads)
            positive = [h for h in positive if not any(
                d.start <= h.start and h.end <= d.end and not scope.clause_ends(d.start, h.start)
                and not EXCEPTION_WORD.search(scope.text, d.start, h.start)
                for d in negated) and not any(_earlier_mention(h, d, scope.text) for d in negated)]
    if positive:
        evidence = tuple(sorted({span for h in positive[:4] for span in h.evidence}))
        severity = rule.severity or category.severity
        # a right with a hole in it ("you can change your e-mail preferences, except that you cannot
        # opt out of sponsored messages") is qualified, as a promise with an exception is
        exception = scope.exception_after(positive[0].start) if severity is Severity.PROTECTIVE else None
        qualified = exception is not None and not consent_only(exception)
        return RuleHit(rule, rule.category, Severity.INFO if qualified else severity, evidence,
                       (scope.start, scope.end), exception=exception)
    if rule.negation == NEGATION_DROP or not negated:
        return None
    protective = pack.categories[rule.negation]
    best = negated[0]
    exception = scope.exception_after(best.start)
    severity = protective.severity
    if exception and severity is Severity.PROTECTIVE and not consent_only(exception):
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

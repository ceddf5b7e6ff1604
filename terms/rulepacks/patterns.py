"""Compiled rule patterns and how they match a scope.

A pattern is a tree of :class:`Term` leaves under :class:`AnyOf`, :class:`AllOf` and
:class:`Near` nodes (see docs/rule-packs.md). Matching a node yields *hits*: the
window a match covers and its evidence spans, all as offsets into the scope's text.
Term matches are memoised per scope, since vocab lists make many rules share terms.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from terms.rulepacks.regexsafety import KEY_PREFIX, PREFIX, WORD, Need, key_cost
from terms.rulepacks.scan import Region, Scope

MAX_HITS = 32  # per node and scope; enough to find the closest group, bounded work
MAX_COMBINATIONS = 512
DEFAULT_WITHIN = 8

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    evidence: tuple[Span, ...]  # sorted, non-empty


@dataclass(frozen=True, slots=True)
class Term:
    source: str  # as written in the pack
    regex: re.Pattern[str]
    keys: frozenset[str] | None  # prefilter keys; None: cannot be prefiltered
    index: int  # unique per compiled pack: the memo key
    needs: frozenset[Need] | None = None  # literals one of which every match contains
    conjunct: frozenset[str] | None = None  # word prefixes one of which every match contains


@dataclass(frozen=True, slots=True)
class AnyOf:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    children: tuple[Node, ...]
    #: the children, most selective first: the order in which :func:`possible` checks them
    screen: tuple[Node, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "screen", tuple(sorted(self.children, key=screen_cost)))


@dataclass(frozen=True, slots=True)
class Near:
    children: tuple[Node, ...]
    within: int = DEFAULT_WITHIN
    ordered: bool = False
    screen: tuple[Node, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "screen", tuple(sorted(self.children, key=screen_cost)))


Node = Term | AnyOf | AllOf | Near


def screen_cost(node: Node) -> int:
    return key_cost(required_keys(node))


def term_regex(source: str) -> str:
    """The regex a term compiles to: word-bounded, lower-case, spaces matching any whitespace run.

    Terms match case-insensitively, but the engine is not asked to fold case: the text is
    lower-cased once per region (:class:`~terms.rulepacks.scan.Region`) and the term here,
    which lets ``re`` skip quickly to positions where a match can start (about twice as fast).
    """
    return rf"(?<!\w)(?:{lower_pattern(spaces_to_whitespace(source))})(?!\w)"


def lower_pattern(source: str) -> str:
    """Lower-case a regular expression's literal letters, leaving escapes (``\\S``, ``\\W``) alone."""
    out: list[str] = []
    escaped = False
    for ch in source:
        out.append(ch if escaped else ch.lower())
        escaped = not escaped and ch == "\\"
    return "".join(out)


def spaces_to_whitespace(source: str) -> str:
    """Replace literal spaces outside character classes and escapes with ``\\s+``."""
    out: list[str] = []
    in_class = escaped = False
    for ch in source:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append(ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == " ":
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        else:
            out.append(ch)
    return "".join(out)


def required_keys(node: Node) -> frozenset[str] | None:
    """Keys one of which every match of ``node`` contains as a word prefix; None if unknown."""
    if isinstance(node, Term):
        return node.keys
    if isinstance(node, AnyOf):
        keys: set[str] = set()
        for child in node.children:
            child_keys = required_keys(child)
            if child_keys is None:
                return None
            keys |= child_keys
        return frozenset(keys)
    # AllOf / Near: every child must match; take the most selective child's keys
    return min((required_keys(child) for child in node.children), key=key_cost)


Conjunct = frozenset[str]


def signature(node: Node) -> tuple[Conjunct, ...]:
    """Sets of word prefixes (≤ 6 letters) such that a region can only match if it has a word
    with a prefix from *each* set; the most selective set first. Checking a region's
    prefixes against them is a handful of C-level set operations per rule.
    """
    if isinstance(node, Term):
        return (node.conjunct,) if node.conjunct is not None else ()
    if isinstance(node, AnyOf):
        # (a1 and a2) or (b1 and b2) = (a1 or b1) and (a1 or b2) and (a2 or b1) and (a2 or b2)
        product: list[Conjunct] = [frozenset()]
        for child in node.children:
            child_sig = signature(child)[:MAX_SIGNATURE]
            if not child_sig:
                return ()
            product = [p | c for p in product for c in child_sig]
            if len(product) > MAX_PRODUCT:
                product = sorted(product, key=key_cost)[:MAX_SIGNATURE]
        return _best(product)
    return _best(c for child in node.children for c in signature(child))


MAX_SIGNATURE = 4   # conjuncts kept per node
MAX_PRODUCT = 16


def _best(conjuncts: Iterable[Conjunct]) -> tuple[Conjunct, ...]:
    return tuple(sorted(set(conjuncts), key=lambda c: (key_cost(c), sorted(c))))[:MAX_SIGNATURE]


def match(node: Node, scope: Scope) -> list[Hit]:
    if isinstance(node, Term):
        return [Hit(a, b, ((a, b),)) for a, b in _term_spans(node, scope)]
    if isinstance(node, AnyOf):
        hits: list[Hit] = []
        for child in node.children:
            hits.extend(match(child, scope))
        hits.sort(key=lambda h: h.start)
        return hits[:MAX_HITS]
    child_hits = []
    for child in node.children:
        found = match(child, scope)
        if not found:
            return []
        child_hits.append(found)
    if isinstance(node, AllOf):
        evidence = sorted({span for hits in child_hits for h in hits for span in h.evidence})
        return [Hit(evidence[0][0], max(b for _, b in evidence), tuple(evidence))]
    return _near(node, child_hits, scope)


def region_spans(term: Term, region: Region) -> list[Span]:
    """Every match of ``term`` in the region (memoised; skipped when its keys are absent)."""
    spans = region.memo.get(term.index)
    if spans is None:
        if (term.keys is not None and term.keys.isdisjoint(region.keys)) or (
            term.needs is not None and not _needs_met(term.needs, region)
        ):
            spans = []
        else:
            base = region.start
            spans = [(base + a, base + b) for a, b in (m.span() for m in term.regex.finditer(region.lower))]
        region.memo[term.index] = spans
    return spans


def _needs_met(needs: frozenset[Need], region: Region) -> bool:
    for literal, kind in needs:
        if kind == WORD:
            if literal in region.words:
                return True
        elif kind == PREFIX:
            if literal[:KEY_PREFIX] in region.keys and (
                len(literal) <= KEY_PREFIX or literal in region.lower
            ):
                return True
        elif literal in region.lower:
            return True
    return False


def possible(node: Node, region: Region) -> bool:
    """A cheap necessary condition for ``node`` to match in some scope of ``region``."""
    if isinstance(node, Term):
        return bool(region_spans(node, region))
    if isinstance(node, AnyOf):
        return any(possible(child, region) for child in node.children)
    return all(possible(child, region) for child in node.screen)


def _term_spans(term: Term, scope: Scope) -> list[Span]:
    spans = scope.memo.get(term.index)
    if spans is None:
        start, end = scope.start, scope.end
        spans = [s for s in region_spans(term, scope.region) if s[0] >= start and s[1] <= end][:MAX_HITS]
        scope.memo[term.index] = spans
    return spans


def _near(node: Near, child_hits: list[list[Hit]], scope: Scope) -> list[Hit]:
    found: list[Hit] = []
    combos = itertools.islice(itertools.product(*child_hits), MAX_COMBINATIONS)
    for combo in combos:
        if node.ordered and any(a.start >= b.start for a, b in itertools.pairwise(combo)):
            continue
        in_order = sorted(combo, key=lambda h: h.start)
        if all(scope.words_between(a.end, b.start) <= node.within for a, b in itertools.pairwise(in_order)):
            evidence = tuple(sorted({span for h in combo for span in h.evidence}))
            found.append(Hit(in_order[0].start, max(h.end for h in combo), evidence))
            if len(found) >= MAX_HITS:
                break
    found.sort(key=lambda h: (h.end - h.start, h.start))
    return found

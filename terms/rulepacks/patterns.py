"""Compiled rule patterns and how they match a scope.

A pattern is a tree of :class:`Term` leaves under :class:`AnyOf`, :class:`AllOf` and
:class:`Near` nodes (see docs/rule-packs.md). Matching a node yields *hits*: the
window a match covers and its evidence spans, all as offsets into the scope's text.
Term matches are memoised per scope, since vocab lists make many rules share terms.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from terms.rulepacks.scan import Scope

MAX_HITS = 32       # per node and scope; enough to find the closest group, bounded work
MAX_COMBINATIONS = 512
DEFAULT_WITHIN = 8

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    evidence: tuple[Span, ...]   # sorted, non-empty


@dataclass(frozen=True, slots=True)
class Term:
    source: str                      # as written in the pack
    regex: re.Pattern[str]
    keys: frozenset[str] | None      # prefilter keys; None: cannot be prefiltered
    index: int                       # unique per compiled pack: the memo key


@dataclass(frozen=True, slots=True)
class AnyOf:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Near:
    children: tuple[Node, ...]
    within: int = DEFAULT_WITHIN
    ordered: bool = False


Node = Term | AnyOf | AllOf | Near


def term_regex(source: str) -> str:
    """The regex a term compiles to: word-bounded, with spaces matching any whitespace run."""
    return rf"(?<!\w)(?:{spaces_to_whitespace(source)})(?!\w)"


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
    best: frozenset[str] | None = None
    for child in node.children:   # AllOf / Near: every child must match; take the narrowest
        child_keys = required_keys(child)
        if child_keys is not None and (best is None or len(child_keys) < len(best)):
            best = child_keys
    return best


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


def _term_spans(term: Term, scope: Scope) -> list[Span]:
    spans = scope.memo.get(term.index)
    if spans is None:
        if term.keys is not None and term.keys.isdisjoint(scope.keys):
            spans = []
        else:
            spans = [m.span() for m in itertools.islice(
                term.regex.finditer(scope.text, scope.start, scope.end), MAX_HITS)]
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

"""Compiled rule patterns and how they match a scope.

A pattern is a tree of :class:`Term` leaves under :class:`AnyOf`, :class:`AllOf` and
:class:`Near` nodes (see docs/rule-packs.md). Matching a node yields *hits*: the
window a match covers and its evidence spans, all as offsets into the scope's text.
Term matches are memoised per scope, since vocab lists make many rules share terms.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from terms.rulepacks.regexsafety import INFIX, KEY_PREFIX, PREFIX, WORD, Need, key_cost
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
    #: ``needs`` split for :func:`_needs_met`: the whole words, tested with one set operation
    #: (most needs are words), and the others
    need_words: frozenset[str] = field(init=False, compare=False, repr=False)
    need_others: tuple[Need, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        needs = self.needs or ()
        object.__setattr__(self, "need_words", frozenset(lit for lit, kind in needs if kind == WORD))
        object.__setattr__(self, "need_others", tuple(need for need in needs if need[1] != WORD))


@dataclass(frozen=True, slots=True)
class AnyOf:
    children: tuple[Node, ...]
    #: the children that are terms, by index (a vocab list has hundreds): a region's live terms
    #: (see :class:`TermIndex`) pick out the few that can match with one set intersection
    terms: dict[int, Term] = field(default_factory=dict, compare=False, repr=False)
    term_ids: frozenset[int] = field(default=frozenset(), compare=False, repr=False)
    #: the other children, tried one by one
    others: tuple[Node, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        terms = {c.index: c for c in self.children if type(c) is Term}
        object.__setattr__(self, "terms", terms)
        object.__setattr__(self, "term_ids", frozenset(terms))
        object.__setattr__(self, "others", tuple(c for c in self.children if type(c) is not Term))


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
    """Replace literal spaces outside character classes and escapes with ``\\s+``.

    A space that a quantifier follows (``e ?mail``, ``sell *data``) or that lies in a look-behind
    (``(?<=we )sell``, which must keep a fixed width) becomes a single ``\\s``, so the quantifier
    still applies to one character, as written. ``\\N{...}`` names are copied as they are.
    """
    out: list[str] = []
    in_class = escaped = False
    groups: list[bool] = []  # per open group: whether it is a look-behind
    at = 0
    while at < len(source):
        ch = source[at]
        if escaped:
            if ch == "N" and source.startswith("{", at + 1) and "}" in source[at:]:
                close = source.index("}", at)
                out.append(source[at : close + 1])
                at = close + 1
                escaped = False
                continue
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
        elif ch == "(":
            groups.append(source.startswith(("(?<=", "(?<!"), at))
            out.append(ch)
        elif ch == ")":
            if groups:
                groups.pop()
            out.append(ch)
        elif ch == " ":
            if any(groups) or source[at + 1 : at + 2] in ("?", "*", "+", "{"):
                out.append(r"\s")
            elif not out or out[-1] != r"\s+":
                out.append(r"\s+")
        else:
            out.append(ch)
        at += 1
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
        # each child by its first match: a later repeat of a word ("… whose laws may not protect personal
        # information") is no part of the match, nor what a negation near it denies
        evidence = sorted({span for hits in child_hits for span in hits[0].evidence})
        return [Hit(evidence[0][0], max(b for _, b in evidence), tuple(evidence))]
    return _near(node, child_hits, scope)


def region_spans(term: Term, region: Region) -> list[Span]:
    """Every match of ``term`` in the region (memoised; skipped when its keys are absent)."""
    spans = region.memo.get(term.index)
    if spans is None:
        live = region.live
        if live is not None:
            # (the live terms passed the key test and, but for literals other than words, the needs test)
            absent = term.index not in live or (bool(term.need_others) and not _needs_met(term, region))
        else:
            absent = (term.keys is not None and term.keys.isdisjoint(region.keys)) or (
                term.needs is not None and not _needs_met(term, region))
        if absent:
            found = []
        elif term.keys is None:
            found = [m.span() for m in term.regex.finditer(region.lower)]
        else:
            found = _spans_at_keys(term.regex, term.keys, region)
        base = region.start
        spans = [(base + a, base + b) for a, b in found] if base else found
        region.memo[term.index] = spans
    return spans


def _spans_at_keys(regex: re.Pattern[str], keys: frozenset[str], region: Region) -> list[Span]:
    """``regex.finditer(region.lower)``'s spans, trying the regex only where a match can start.

    Every match of a term begins with one of its keys, at the start of a word; so a key not
    among the region's word prefixes cannot start one, and the words beginning with the others
    are looked up (see ``Region.starts_of``). On terms documents this takes about half the time
    of letting ``re`` try every position (a term's regex begins with a look-behind, which keeps
    ``re`` from skipping ahead). As with ``finditer``, each match is looked for only after the
    previous one.
    """
    text = region.lower
    present = keys & region.keys
    if len(present) == 1:
        starts = region.starts_of(next(iter(present)))
    else:
        starts = sorted({at for key in present for at in region.starts_of(key)})
    spans: list[Span] = []
    after = 0
    for at in starts:
        if at >= after:
            found = regex.match(text, at)
            if found is not None:
                spans.append(found.span())
                after = found.end()
    return spans


def _needs_met(term: Term, region: Region) -> bool:
    """Whether the region holds one of the literals every match of ``term`` contains."""
    if not term.need_words.isdisjoint(region.words):
        return True
    for literal, kind in term.need_others:
        if kind == PREFIX:
            if literal[:KEY_PREFIX] in region.keys and (
                len(literal) <= KEY_PREFIX or literal in region.lower
            ):
                return True
        elif literal in region.lower:
            return True
    return False


EMPTY: frozenset[int] = frozenset()


class TermIndex:
    """A pack's terms indexed by their prefilter keys and required literals, to find a region's live
    terms (a superset of those :func:`region_spans` finds matches of) with a few set operations.

    Screening rules term by term spent most of its time on terms that could not match: ``scopes_where``
    asked about some 150 terms per region, four in five of them absent. Asking the index once per
    region rules out the same terms at a fraction of the cost.
    """

    __slots__ = ("by_key", "by_need_prefix", "by_word", "key_set", "keyless", "need_prefix_set",
                 "unscreened", "word_set")

    def __init__(self, terms: Iterable[Term]) -> None:
        by_key: dict[str, set[int]] = {}
        by_word: dict[str, set[int]] = {}
        by_need_prefix: dict[str, set[int]] = {}
        keyless: set[int] = set()
        unscreened: set[int] = set()  # no literal known, or one that may lie inside a word
        for term in terms:
            if term.keys is None:
                keyless.add(term.index)
            else:
                for key in term.keys:
                    by_key.setdefault(key, set()).add(term.index)
            if term.needs is None or any(kind == INFIX for _, kind in term.needs):
                unscreened.add(term.index)
                continue
            for literal, kind in term.needs:
                if kind == WORD:
                    by_word.setdefault(literal, set()).add(term.index)
                else:  # a word's beginning: among the region's keys if present (see _needs_met)
                    by_need_prefix.setdefault(literal[:KEY_PREFIX], set()).add(term.index)
        self.by_key = {key: frozenset(found) for key, found in by_key.items()}
        self.by_word = {word: frozenset(found) for word, found in by_word.items()}
        self.by_need_prefix = {key: frozenset(found) for key, found in by_need_prefix.items()}
        self.key_set = frozenset(by_key)
        self.word_set = frozenset(by_word)
        self.need_prefix_set = frozenset(by_need_prefix)
        self.keyless = frozenset(keyless)
        self.unscreened = frozenset(unscreened)

    def live(self, region: Region) -> frozenset[int]:
        """Indexes of the terms that may match in the region: one of its keys among the region's word
        prefixes (or no keys), and a literal every match contains among its words (or none known)."""
        keys = region.keys
        by_key, by_word, by_need_prefix = self.by_key, self.by_word, self.by_need_prefix
        keyed = self.keyless.union(*[by_key[k] for k in self.key_set.intersection(keys)])
        met = self.unscreened.union(*[by_word[w] for w in self.word_set.intersection(region.words)],
                                    *[by_need_prefix[k] for k in self.need_prefix_set.intersection(keys)])
        return keyed & met


def pack_terms(nodes: Iterable[Node]) -> list[Term]:
    """Every term of the given pattern trees, once."""
    found: dict[int, Term] = {}
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if type(node) is Term:
            found[node.index] = node
        else:
            stack.extend(node.children)
    return list(found.values())


class Layout:
    """The scopes a region is cut into, and which of them hold each term's matches.

    Knowing where a rule's terms lie, a region's rules are matched only in the scopes that
    hold every term a match needs, instead of in every scope of the region.
    """

    __slots__ = ("ends", "live", "memo", "region", "starts")

    def __init__(self, region: Region, scopes: Iterable[Span]) -> None:
        """``region.live`` must be set (:meth:`TermIndex.live`): no other term is looked for."""
        if region.live is None:
            raise ValueError("a layout needs the region's live terms (TermIndex.live)")
        self.region = region
        self.live: frozenset[int] = region.live
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in scopes:  # in order, not overlapping
            self.starts.append(start)
            self.ends.append(end)
        self.memo: dict[int, frozenset[int]] = {}

    def term_scopes(self, term: Term) -> frozenset[int]:
        """Indexes of the scopes that hold a whole match of ``term`` (memoised)."""
        found = self.memo.get(term.index)
        if found is None:
            spans = region_spans(term, self.region)
            if not spans:
                found = EMPTY
            else:
                starts, ends = self.starts, self.ends
                inside: set[int] = set()
                for a, b in spans:
                    i = bisect.bisect_right(starts, a) - 1
                    if i >= 0 and b <= ends[i]:
                        inside.add(i)
                found = frozenset(inside)
            self.memo[term.index] = found
        return found


def scopes_where(node: Node, layout: Layout) -> frozenset[int]:
    """Indexes of the scopes in which ``node`` may match (a necessary condition).

    A term matches in a scope holding one of its matches, any-of where a child does, and
    all-of or near only where every child does; near's distance is left to :func:`match`.
    Children are tried most selective first, so an absent one spares the others' scans.
    """
    if isinstance(node, Term):
        return layout.term_scopes(node) if node.index in layout.live else EMPTY
    if isinstance(node, AnyOf):
        found = EMPTY
        terms = node.terms
        for index in node.term_ids.intersection(layout.live):
            found = found | layout.term_scopes(terms[index])
        for child in node.others:
            found = found | scopes_where(child, layout)
        return found
    common: frozenset[int] | None = None
    for child in node.screen:
        if type(child) is Term:  # (inline: most children are terms, and most absent)
            if child.index not in layout.live:
                return EMPTY
            where = layout.term_scopes(child)
        else:
            where = scopes_where(child, layout)
        common = where if common is None else common & where
        if not common:
            return EMPTY
    return common or EMPTY


def _term_spans(term: Term, scope: Scope) -> list[Span]:
    """The term's matches lying wholly inside the scope, at most :data:`MAX_HITS`.

    A region's matches are found as ``finditer`` finds them, so they do not overlap and both
    their starts and their ends ascend: the ones inside a scope are a contiguous run, found by
    bisection. (Filtering every match of the region for each scope made one huge paragraph
    quadratic.)
    """
    spans = scope.memo.get(term.index)
    if spans is None:
        found = region_spans(term, scope.region)
        first = bisect.bisect_left(found, (scope.start, -1))
        end = scope.end
        spans = [s for s in found[first : first + MAX_HITS] if s[1] <= end]
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

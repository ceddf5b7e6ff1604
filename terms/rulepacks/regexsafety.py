"""Static checks on a term's regular expression: backtracking risk and prefilter keys.

Python's ``re`` is a backtracking engine, so a rule pack could make flagging hang on a
crafted sentence. Rather than run matching under a timeout, terms are analysed once
when a pack loads (on the tree from ``re._parser``) and three shapes are rejected:

* a large or unbounded repeat whose body contains another unbounded repeat (``(a+)+``);
* a large or unbounded repeat of an alternation whose branches can begin with the same
  character (``(a|aa)*``);
* a large or unbounded repeat whose body can match one text in more than one way, or
  a text that also starts a longer match of the body (``(\\w\\w?)+``, ``(a|ab)+``):
  the body's bounded-length paths are spelled out as sequences of character sets and
  compared pairwise (too many paths to spell out is a rejection of its own);
* two unbounded repeats in a row that can match the same characters, with nothing
  between them that only one could take (``\\w+\\w+``, ``.*\\s.*``).

Each rejection says which shape was found and what it would cost: nested and ambiguous
repeats take exponential time on a near-miss, adjacent repeats polynomial time.

What remains backtracks at most linearly per start position; sentences are also capped
in length (see :mod:`terms.rulepacks.scan`).

The same walk yields each term's *prefilter keys*: the lower-case first (up to six)
letters any match must start with. A sentence whose words start with none of them
cannot match, so most rules are never run on most sentences.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

BIG = 10  # a repeat allowing more than this many iterations counts as unbounded
KEY_LEN = 6
MAX_KEYS = 64
_UNIVERSE = [chr(i) for i in range(32, 127)] + ["\n", "\t", "é", "ß", "\u00a0"]


# Common words of terms documents: a key that is (a prefix of) one of them, or is shorter than
# four letters, passes the prefilter almost everywhere.
_COMMON_WORDS = frozenset({
    "this", "that", "these", "those", "your", "with", "from", "have", "such", "will", "shall", "other",
    "which", "when", "where", "there", "their", "they", "them", "into", "about", "also", "more", "only",
    "information", "inform", "service", "servic", "services", "person", "personal", "data", "use",
    "using", "provid", "includ", "account", "access", "content", "terms", "policy", "please",
})


def key_cost(keys: frozenset[str] | None) -> int:
    """How often a set of prefilter keys is expected to pass: lower is more selective."""
    if keys is None:
        return 10_000
    return sum(50 if len(k) < 4 or k in _COMMON_WORDS else 1 for k in keys)


class UnsafePattern(ValueError):
    """The expression is rejected; the message says why."""


@lru_cache(maxsize=64)
def parse(source: str) -> _parser.SubPattern:
    """The parse tree of ``source`` (cached: each term is analysed by several walks; none modifies it)."""
    return _parser.parse(source, re.IGNORECASE)


def forget() -> None:
    """Drop the parse trees and memos of the terms analysed so far; call it after each term.

    They are shared by the walks over one term. Kept after it, they held every term's tree: for
    the default pack 1.3 million objects, each of which every full garbage collection walks while
    holding the GIL, so the app's GUI thread waited up to 329 ms for one collection while the pack
    loaded on a worker, and 330 ms for each one after (49,000 objects and 21 ms without them).
    """
    parse.cache_clear()
    _FIRST_MEMO.clear()
    _UNBOUNDED_MEMO.clear()


_EXPONENTIAL = "matching a near-miss could take exponential time"
_POLYNOMIAL = "matching a long sentence could take polynomial time"


#: Groups inside one another a term may have; parsing and the walks here recurse once per level.
MAX_GROUP_DEPTH = 32


def group_depth(source: str) -> int:
    """How deeply the groups of ``source`` nest, counted without parsing it (which recurses per level).

    Escaped parentheses and those in a character class do not count; an unbalanced ')' is
    left to the parser to report.
    """
    depth = deepest = 0
    escaped = in_class = class_start = False
    for ch in source:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            # ']' right after '[' or '[^' is a literal, not the end of the class
            if ch == "]" and not class_start:
                in_class = False
            class_start = class_start and ch == "^"
        elif ch == "[":
            in_class = class_start = True
        elif ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth = max(depth - 1, 0)
    return deepest


def check_nesting(source: str) -> None:
    """Raise :class:`UnsafePattern` if the groups of ``source`` nest too deeply to analyse."""
    depth = group_depth(source)
    if depth > MAX_GROUP_DEPTH:
        raise UnsafePattern(f"groups nested {depth} deep (at most {MAX_GROUP_DEPTH})")


def syntax_problem(source: str) -> str | None:
    """Why ``source``, exactly as written, is not a usable regular expression; None if it is.

    Positions in the message count in ``source`` itself. Warnings count as problems: a
    '[' or a doubled '-', '&', '|' or '~' in a character class is read differently by
    future versions of Python, so a term relying on today's reading would change meaning.
    The nesting is checked first, since parsing recurses per group.
    """
    try:
        check_nesting(source)
    except UnsafePattern as exc:
        return str(exc)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            _parser.parse(source, 0)
        except (re.error, OverflowError) as exc:   # OverflowError: a repeat count over 2**32 - 1
            return str(exc)
        except Warning as exc:
            message = str(exc)
            advice = _NESTED_SET if "nested set" in message else _SET_OPERATION
            return f"{message[:1].lower()}{message[1:]}: {advice}"
    return None


_NESTED_SET = (
    "a '[' inside [...] will start a nested set in future Python versions; escape it as '\\[' "
    "(POSIX classes such as [:alpha:] do not exist in Python: use \\w or [a-z])"
)
_SET_OPERATION = (
    "a doubled '-', '&', '|' or '~' inside [...] will be a set operation in future Python versions; "
    "escape it with '\\'"
)


def check_safe(source: str) -> None:
    """Raise :class:`UnsafePattern` if ``source`` could backtrack catastrophically or is unfit."""
    check_nesting(source)
    tree = parse(source)
    _walk_checks(tree)
    if _first(tree)[1]:
        raise UnsafePattern("matches the empty string, so it would flag every sentence")


def _is_big(max_count: int) -> bool:
    return max_count == C.MAXREPEAT or max_count > BIG


def _items(node) -> list:
    return list(node.data) if hasattr(node, "data") else list(node)


def _walk_checks(seq) -> None:
    items = _items(seq)
    _check_seams(items)
    for i, (op, av) in enumerate(items):
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            _, hi, body = av
            body_items = _items(body)
            if len(body_items) == 1 and _single_char(body_items[0][0]):   # '\s+', '[a-z]{2,3}'
                if _is_big(hi) and op is not C.POSSESSIVE_REPEAT:
                    _check_adjacent(items, i)
                continue
            if _is_big(hi) and op is not C.POSSESSIVE_REPEAT:
                if _contains_unbounded(body):
                    raise UnsafePattern(
                        f"nested repeat: a repeated group contains another unbounded repeat ({_EXPONENTIAL})"
                    )
                if _has_overlapping_branches(body):
                    raise UnsafePattern(
                        f"repeated alternation whose branches can match the same text ({_EXPONENTIAL})"
                    )
                _check_ambiguous_body(body, _paths(body), bounded=False)
                _check_adjacent(items, i)
            if hi >= 2 and op is not C.POSSESSIVE_REPEAT:
                # A bounded repeat multiplies what its body does: up to 2**hi splits of an
                # ambiguous body, or unbounded parts of one iteration running into the next.
                if not _is_big(hi):
                    _check_ambiguous_body(body, _paths(body), bounded=True)
                doubled = _items(body) * 2
                for j, (inner_op, inner_av) in enumerate(doubled[: len(doubled) // 2]):
                    if inner_op in (C.MAX_REPEAT, C.MIN_REPEAT) and _is_big(inner_av[1]):
                        _check_adjacent(doubled, j)
                if _tail_chars(body) & _first(body)[0]:
                    raise UnsafePattern(
                        "repeated group can end inside an unbounded repeat that could also begin the next "
                        f"iteration, so a text splits between iterations in many ways ({_POLYNOMIAL})"
                    )
            _walk_checks(body)
        elif op is C.SUBPATTERN:
            _walk_checks(av[-1])
        elif op is C.ATOMIC_GROUP:
            _walk_checks(av)
        elif op is C.BRANCH:
            for alt in av[1]:
                _walk_checks(alt)
        elif op in (C.GROUPREF, C.GROUPREF_EXISTS):
            raise UnsafePattern("backreferences are not allowed (their matching time has no useful bound)")
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _walk_checks(av[1])


def _contains_unbounded(seq) -> bool:
    """Whether ``seq`` holds an unbounded (or large) repeat anywhere (memoised per sub-pattern)."""
    if not isinstance(seq, _parser.SubPattern):
        return any(_item_unbounded(op, av) for op, av in _items(seq))
    hit = _UNBOUNDED_MEMO.get(id(seq))
    if hit is not None and hit[0] is seq:
        return hit[1]
    if len(_UNBOUNDED_MEMO) >= _FIRST_MEMO_MAX:
        _UNBOUNDED_MEMO.clear()
    result = any(_item_unbounded(op, av) for op, av in _items(seq))
    _UNBOUNDED_MEMO[id(seq)] = (seq, result)
    return result


def _item_unbounded(op, av) -> bool:
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        return _is_big(av[1]) or _contains_unbounded(av[2])
    if op is C.SUBPATTERN:
        return _contains_unbounded(av[-1])
    if op is C.ATOMIC_GROUP:
        return _contains_unbounded(av)
    if op is C.BRANCH:
        return any(_contains_unbounded(alt) for alt in av[1])
    return False


def _has_overlapping_branches(seq) -> bool:
    items = _items(seq)
    while len(items) == 1 and items[0][0] is C.SUBPATTERN:
        items = _items(items[0][1][-1])
    for op, av in items:
        if op is C.BRANCH:
            seen: set[str] = set()
            for alt in av[1]:
                chars, nullable = _first(alt)
                if nullable or chars & seen:
                    return True
                seen |= chars
    return False


MAX_PATHS = 256  # bounded-length paths of one repeated body that are spelled out
MAX_PATH_LEN = 64

Path = tuple[frozenset[str], ...]


def _paths(seq) -> list[Path] | None:
    """Every way through a body without unbounded repeats, as character-set sequences; None if too many."""
    paths: list[Path] = [()]
    for op, av in _items(seq):
        if _single_char(op):
            options: list[Path] | None = [(_char_set(op, av),)]
        elif op is C.SUBPATTERN:
            options = _paths(av[-1])
        elif op is C.ATOMIC_GROUP:
            options = _paths(av)
        elif op is C.BRANCH:
            options = []
            for alt in av[1]:
                sub = _paths(alt)
                if sub is None:
                    return None
                options.extend(sub)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            options = _repeat_paths(av)
        elif op is C.AT or op in (C.ASSERT, C.ASSERT_NOT):
            continue
        else:
            return None
        if options is None or len(paths) * len(options) > MAX_PATHS:
            return None
        paths = [p + o for p in paths for o in options]
        if any(len(p) > MAX_PATH_LEN for p in paths):
            return None
    return paths


def _repeat_paths(av) -> list[Path] | None:
    lo, hi, body = av
    once = _paths(body)
    if once is None or hi == C.MAXREPEAT:
        return None
    result: list[Path] = []
    current: list[Path] = [()]
    for count in range(hi + 1):
        if count >= lo:
            result.extend(current)
        if count == hi:
            break
        current = [p + o for p in current for o in once]
        if len(current) + len(result) > MAX_PATHS:
            return None
    return result


def _compatible_prefix(short: Path, long: Path) -> bool:
    """Whether some text matching ``short`` is also the start of a text matching ``long``."""
    return all(a & b for a, b in zip(short, long, strict=False))


def _check_ambiguous_body(body, paths: list[Path] | None, bounded: bool) -> None:
    """Reject a repeated body that can split a text into iterations in more than one way.

    Two distinct paths where the shorter can match the start of the longer, and the body can
    start again where the longer goes on (or two equal paths), let each iteration end in two
    places, so a failing match retries every split.
    """
    if paths is None:
        if bounded:   # unbounded parts or too many ways: left to the other checks
            return
        raise UnsafePattern(
            "repeated group has too many ways through it to check for backtracking; "
            "simplify it or bound the repeat (at most {0,10})"
        )
    by_length = sorted(paths, key=len)
    starts = frozenset().union(*(p[0] for p in paths if p))
    for i, short in enumerate(by_length):
        for long in by_length[i + 1:]:
            # After the shorter step the next iteration must take over the rest of the longer
            # one; if it cannot start there, only the last iteration has a choice (linear).
            rest = long[len(short):]
            if _compatible_prefix(short, long) and (not rest or rest[0] & starts):
                raise UnsafePattern(
                    "repeated group can match the same text in more than one way, "
                    f"e.g. one long step or two shorter ones ({_EXPONENTIAL})"
                )


def _check_adjacent(items: list, i: int) -> None:
    """Reject ``R1 x R2`` where R1, R2 are unbounded repeats and R1 could also take x and R2's text."""
    absorbable = _repeat_chars(items[i])
    for op, av in items[i + 1 :]:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and _is_big(av[1]):
            if _first(av[2])[0] & absorbable:
                raise UnsafePattern(f"two unbounded repeats in a row can match the same text ({_POLYNOMIAL})")
            return
        chars, nullable = _item_first(op, av)
        if op is C.AT or nullable or (chars & absorbable and _one_char(op, av)):
            continue
        return


def _one_char(op, av) -> bool:
    """Whether the item always matches exactly one character (``a``, ``[ab]``, ``(a|b)``)."""
    if _single_char(op):
        return True
    if op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
        return _one_char_seq(av[-1] if op is C.SUBPATTERN else av)
    if op is C.BRANCH:
        return all(_one_char_seq(alt) for alt in av[1])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        return av[0] == av[1] == 1 and _one_char_seq(av[2])
    return False


def _one_char_seq(seq) -> bool:
    items = [item for item in _items(seq) if not (item[0] is C.AT or item[0] in (C.ASSERT, C.ASSERT_NOT))]
    return len(items) == 1 and _one_char(*items[0])


def _tail_chars(seq, singles: tuple[frozenset[str], ...] = ()) -> set[str]:
    """Characters an unbounded repeat near the end of a match of ``seq`` could go on taking.

    The repeat may be followed by optional items, and by single characters it could also
    take (``singles``): ``\\w+[ab]`` can end its iteration with ``\\w+`` in many places.
    """
    chars: set[str] = set()
    for op, av in reversed(_items(seq)):
        if op is C.AT or op in (C.ASSERT, C.ASSERT_NOT):
            continue
        first_chars, item_nullable = _item_first(op, av)
        if not item_nullable and _one_char(op, av):
            singles = (*singles, frozenset(first_chars))
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if _is_big(av[1]) and op is not C.POSSESSIVE_REPEAT:
                taken = _repeat_chars((op, av))
                if all(taken & single for single in singles):
                    chars |= taken
            else:
                chars |= _tail_chars(av[2], singles)
            nullable = av[0] == 0 or _first(av[2])[1]
        elif op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
            body = av[-1] if op is C.SUBPATTERN else av
            if _contains_unbounded(body):
                chars |= _tail_chars(body, singles)
            nullable = _first(body)[1]
        elif op is C.BRANCH:
            for alt in av[1]:
                if _contains_unbounded(alt):
                    chars |= _tail_chars(alt, singles)
            nullable = any(_first(alt)[1] for alt in av[1])
        else:
            nullable = False
        if not nullable:
            break
    return chars


def _check_seams(items: list) -> None:
    """Reject a sequence where an unbounded repeat that can end one part could also begin the next.

    This finds ``\\w+\\w+`` also when the repeats sit inside groups or optional parts
    (``(a+)?.*``, ``(?:x|\\w+)\\w+``), which the check on sibling repeats does not see.
    """
    has_repeat = [_item_unbounded(op, av) for op, av in items]
    if sum(has_repeat) < 2:   # a seam needs an unbounded repeat on each side
        return
    # One pass: the character sets of the repeats that can still be running after each item.
    running: list[frozenset[str]] = []
    for i, (op, av) in enumerate(items[:-1]):
        if not (op is C.AT or op in (C.ASSERT, C.ASSERT_NOT)):
            chars, nullable = _item_first(op, av)
            if not nullable and _one_char(op, av):
                running = [taken for taken in running if taken & chars]
            else:
                own = _tail_chars([(op, av)]) if has_repeat[i] else set()
                running = (running if nullable else []) + ([frozenset(own)] if own else [])
        if running and _head_chars(items[i + 1:], frozenset().union(*running)):
            raise UnsafePattern(f"two unbounded repeats in a row can match the same text ({_POLYNOMIAL})")


def _head_chars(seq, tail: frozenset[str]) -> bool:
    """Whether an unbounded repeat able to take some of ``tail`` can begin a match of ``seq``,
    possibly after optional items and single characters the preceding repeat could also take."""
    for op, av in _items(seq):
        if op is C.AT or op in (C.ASSERT, C.ASSERT_NOT):
            continue
        nullable = _item_first(op, av)[1]
        if not nullable and _one_char(op, av):
            if not _item_first(op, av)[0] & tail:
                return False
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if _is_big(av[1]) and op is not C.POSSESSIVE_REPEAT and _first(av[2])[0] & tail:
                return True
            if not _is_big(av[1]) and _head_chars(av[2], tail):
                return True
        elif op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
            if _head_chars(av[-1] if op is C.SUBPATTERN else av, tail):
                return True
        elif op is C.BRANCH and any(_head_chars(alt, tail) for alt in av[1]):
            return True
        if not nullable:
            return False
    return False


def _single_char(op) -> bool:
    return op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)


def _repeat_chars(item) -> set[str]:
    _, av = item
    body = _items(av[2])
    if len(body) == 1 and _single_char(body[0][0]):
        return _first(body)[0]
    return _first(av[2])[0]


def _char_matches(op, av, c: str) -> bool:
    folded = {x for x in (c, c.lower(), c.upper()) if len(x) == 1}
    if op is C.LITERAL:
        return chr(av) in folded or chr(av).lower() in folded
    if op is C.NOT_LITERAL:
        return not (chr(av) in folded or chr(av).lower() in folded)
    if op is C.ANY:
        return True
    if op is C.IN:
        negate = False
        hit = False
        for sop, sav in av:
            if sop is C.NEGATE:
                negate = True
            elif sop is C.LITERAL:
                hit = hit or chr(sav).lower() in {x.lower() for x in folded}
            elif sop is C.RANGE:
                lo, hi = sav
                hit = hit or any(lo <= ord(x) <= hi for x in folded)
            elif sop is C.CATEGORY:
                hit = hit or _category(sav, c)
        return hit != negate
    return False


_CATEGORY_TESTS = {
    "CATEGORY_DIGIT": lambda c: bool(re.match(r"\d", c)),
    "CATEGORY_NOT_DIGIT": lambda c: not re.match(r"\d", c),
    "CATEGORY_SPACE": lambda c: bool(re.match(r"\s", c)),
    "CATEGORY_NOT_SPACE": lambda c: not re.match(r"\s", c),
    "CATEGORY_WORD": lambda c: bool(re.match(r"\w", c)),
    "CATEGORY_NOT_WORD": lambda c: not re.match(r"\w", c),
}


def _category(code, c: str) -> bool:
    test = _CATEGORY_TESTS.get(str(code))
    return bool(test and test(c))


_CHAR_SETS: dict[tuple[object, str], frozenset[str]] = {}


def _char_set(op, av) -> frozenset[str]:
    """The sample characters one single-character node matches (memoised: packs repeat them a lot)."""
    key = (op, repr(av) if isinstance(av, list) else av)
    found = _CHAR_SETS.get(key)
    if found is None:
        found = _CHAR_SETS[key] = frozenset(c for c in _UNIVERSE if _char_matches(op, av, c))
    return found


def _item_first(op, av) -> tuple[frozenset[str], bool]:
    """:func:`_first` of one item, through the memoised sub-patterns it holds."""
    if _single_char(op):
        return _char_set(op, av), False
    if op is C.SUBPATTERN:
        return _first(av[-1])
    if op is C.ATOMIC_GROUP:
        return _first(av)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        chars, nullable = _first(av[2])
        return chars, nullable or av[0] == 0
    if op is C.BRANCH:
        firsts = [_first(alt) for alt in av[1]]
        return frozenset().union(*(f[0] for f in firsts)), any(f[1] for f in firsts)
    return frozenset(), True


_FIRST_MEMO: dict[int, tuple[object, tuple[frozenset[str], bool]]] = {}
_UNBOUNDED_MEMO: dict[int, tuple[object, bool]] = {}
_FIRST_MEMO_MAX = 100_000


def _first(seq) -> tuple[frozenset[str], bool]:
    """Characters (from a sample alphabet) a match can start with, and whether it can be empty.

    Memoised per parsed sub-pattern: the checks ask about the same groups from every level
    of nesting. The entry keeps its sub-pattern, so an id is never mistaken for a new one.
    """
    if not isinstance(seq, _parser.SubPattern):
        return _first_of(seq)
    hit = _FIRST_MEMO.get(id(seq))
    if hit is not None and hit[0] is seq:
        return hit[1]
    if len(_FIRST_MEMO) >= _FIRST_MEMO_MAX:
        _FIRST_MEMO.clear()
    result = _first_of(seq)
    _FIRST_MEMO[id(seq)] = (seq, result)
    return result


def _first_of(seq) -> tuple[frozenset[str], bool]:
    chars: set[str] = set()
    for op, av in _items(seq):
        if _single_char(op):
            chars |= _char_set(op, av)
            return frozenset(chars), False
        if op is C.SUBPATTERN:
            sub, nullable = _first(av[-1])
        elif op is C.ATOMIC_GROUP:
            sub, nullable = _first(av)
        elif op is C.BRANCH:
            branch_chars: set[str] = set()
            nullable = False
            for alt in av[1]:
                a, n = _first(alt)
                branch_chars |= a
                nullable = nullable or n
            sub = frozenset(branch_chars)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            sub, nullable = _first(av[2])
            nullable = nullable or av[0] == 0
        else:  # AT, ASSERT, ASSERT_NOT: zero width
            continue
        chars |= sub
        if not nullable:
            return frozenset(chars), False
    return frozenset(chars), True


def prefilter_keys(source: str) -> frozenset[str] | None:
    """Lower-case word prefixes (≤ 6 letters) one of which every match starts with; None if unknown."""
    states = _expand(_items(parse(source)), {("", False)})
    if states is None:
        return None
    keys = {prefix for prefix, _ in states}
    if "" in keys or len(keys) > MAX_KEYS:
        return None
    return frozenset(keys)


def _expand(items: list, states: set[tuple[str, bool]]) -> set[tuple[str, bool]] | None:
    """Extend (prefix, finished) states over ``items``; None when the set grows too large."""
    for op, av in items:
        open_states = {s for s in states if not s[1]}
        if not open_states:
            break
        done = states - open_states
        if op is C.AT or op in (C.ASSERT, C.ASSERT_NOT):
            continue
        if op is C.LITERAL:
            new = {_append(p, chr(av)) for p, _ in open_states}
        elif op is C.IN and _small_literal_set(av):
            new = {_append(p, chr(v)) for p, _ in open_states for _, v in av}
        elif op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
            body = av[-1] if op is C.SUBPATTERN else av
            result = _expand(_items(body), open_states)
            if result is None:
                return None
            new = result
        elif op is C.BRANCH:
            new = set()
            for alt in av[1]:
                result = _expand(_items(alt), open_states)
                if result is None:
                    return None
                new |= result
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            once = _expand(_items(av[2]), open_states)
            if once is None:
                return None
            new = {(p, True) for p, _ in once}
            if av[0] == 0:
                new |= open_states
        else:
            new = {(p, True) for p, _ in open_states}
        states = done | new
        if len(states) > MAX_KEYS:
            return None
    return states


def _small_literal_set(av) -> bool:
    return 0 < len(av) <= 6 and all(sop is C.LITERAL for sop, _ in av)


def _append(prefix: str, char: str) -> tuple[str, bool]:
    char = char.lower()
    if not char.isalnum():
        return prefix, True
    prefix += char
    return prefix, len(prefix) >= KEY_LEN


MIN_NEED = 3  # shorter literals are too common to be worth checking
KEY_PREFIX = 6  # must match the word prefix lengths of terms.rulepacks.scan.Region.keys

#: How a required literal sits in the text: a whole word, the start of a word, or anywhere.
WORD, PREFIX, INFIX = "word", "prefix", "infix"
Need = tuple[str, str]   # (literal, WORD | PREFIX | INFIX)


def required_literals(source: str) -> frozenset[Need] | None:
    """Literals, one of which every match contains, each with how it sits; None if unknown.

    From each alternative the most telling literal it cannot match without is kept, e.g.
    ``in our (sole|own) discretion`` needs the word "discretion". A set lookup (for whole
    words and word starts) or a substring search is far cheaper than running the
    expression, and rules out most regions.
    """
    need = _need(_items(parse(source)), True, True)
    if need is None or any(len(lit) < MIN_NEED for lit, _ in need):
        return None
    return frozenset(need)


def _is_space(item) -> bool:
    op, av = item
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
        body = _items(av[2])
        return len(body) == 1 and _is_space(body[0])
    if op is C.IN:
        return all(
            (sop is C.CATEGORY and str(sav) == "CATEGORY_SPACE") or (sop is C.LITERAL and chr(sav) in " -")
            for sop, sav in av
        )
    return op is C.LITERAL and chr(av) in " -"


def _edge_is_space(item, last: bool) -> bool:
    """Whether the item's text always ends (``last``) or begins with a space or hyphen."""
    if _is_space(item):
        return True
    op, av = item
    if op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
        body = _items(av[-1] if op is C.SUBPATTERN else av)
    elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
        body = _items(av[2])
    elif op is C.BRANCH:
        return all(_items(alt) and _edge_is_space(_items(alt)[-1 if last else 0], last) for alt in av[1])
    else:
        return False
    return bool(body) and _edge_is_space(body[-1 if last else 0], last)


def _optional(item) -> bool:
    op, av = item
    return op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] == 0


def _boundary_before(items: list, i: int, word_start: bool) -> bool:
    """Whether a word boundary always precedes ``items[i]`` (skipping optional groups)."""
    while i > 0:
        previous = items[i - 1]
        if not _optional(previous):
            return _edge_is_space(previous, last=True)
        body = _items(previous[1][2])
        if not (body and _edge_is_space(body[-1], last=True)):
            return False
        i -= 1
    return word_start


def _boundary_after(items: list, i: int, word_end: bool) -> bool:
    """Whether a word boundary always follows ``items[i]`` (skipping optional groups)."""
    while i + 1 < len(items):
        following = items[i + 1]
        if not _optional(following):
            return _edge_is_space(following, last=False)
        body = _items(following[1][2])
        if not (body and _edge_is_space(body[0], last=False)):
            return False
        i += 1
    return word_end


def _need(items: list, word_start: bool, word_end: bool) -> set[Need] | None:
    """The most telling requirement of a sequence, as alternatives (one must occur)."""
    options: list[set[Need]] = []
    run: list[str] = []
    run_start = word_start

    def close(at_word_end: bool) -> None:
        if run:
            literal = "".join(run)
            kind = (WORD if at_word_end else PREFIX) if literal.isalnum() and run_start else INFIX
            options.append({(literal, kind)})
            run.clear()

    for i, item in enumerate(items):
        op, av = item
        before_space = _boundary_before(items, i, word_start)
        after_space = _boundary_after(items, i, word_end)
        if op is C.LITERAL and chr(av).isalnum():
            if not run:
                run_start = before_space
            run.append(chr(av).lower())
            continue
        close(_boundary_after(items, i - 1, word_end))
        if op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
            sub = _need(_items(av[-1] if op is C.SUBPATTERN else av), before_space, after_space)
        elif op is C.BRANCH:
            branches = [_need(_items(alt), before_space, after_space) for alt in av[1]]
            sub = None if any(b is None for b in branches) else set().union(*branches)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            sub = _need(_items(av[2]), before_space, av[1] == 1 and after_space)
        else:
            sub = None
        if sub:
            options.append(sub)
    close(word_end)
    if not options:
        return None
    return max(options, key=_telling)


_KIND_RANK = {WORD: 2, PREFIX: 1, INFIX: 0}


def _telling(alternatives: set[Need]) -> tuple[int, int, int]:
    """Prefer requirements whose every literal is long, then precise (whole words), then few."""
    shortest = min(len(lit) for lit, _ in alternatives)
    return (min(shortest, 6), min(_KIND_RANK[k] for _, k in alternatives), -len(alternatives))


def term_conjunct(source: str) -> frozenset[str] | None:
    """Word prefixes (≤ 6 letters), one of which a text must have for ``source`` to match in it.

    Per top-level alternative, the more selective of its start keys (:func:`prefilter_keys`)
    and its required words (:func:`required_literals`) is taken.
    """
    items = _items(parse(source))
    alternatives = items[0][1][1] if len(items) == 1 and items[0][0] is C.BRANCH else [items]
    result: set[str] = set()
    for alternative in alternatives:
        best = _alternative_conjunct(_items(alternative))
        if best is None:
            return None
        result |= best
    return frozenset(result)


def _alternative_conjunct(items: list) -> frozenset[str] | None:
    options: list[frozenset[str]] = []
    states = _expand(items, {("", False)})
    if states is not None:
        keys = {prefix for prefix, _ in states}
        if "" not in keys:
            options.append(frozenset(keys))
    need = _need(items, True, True)
    if need is not None and all(kind != INFIX and len(lit) >= MIN_NEED for lit, kind in need):
        options.append(frozenset(lit[:KEY_PREFIX] for lit, _ in need))
    return min(options, key=key_cost) if options else None


def ends_in_space(source: str) -> bool:
    """Whether a match of ``source`` can end in a space: a term is word-bounded at its end, so there it
    could match only before punctuation ("(a |an |the )" after "receives" never matched "receives a
    photograph", nor "off the kit (remotely)?" the words "off the kit for a month")."""
    return _can_end_in_space(_items(parse(source)))


def _can_end_in_space(items: list) -> bool:
    if not items:
        return False
    op, av = items[-1]
    if op is C.LITERAL:
        return chr(av) == " "
    if op is C.SUBPATTERN:
        return _can_end_in_space(_items(av[-1])) or (_may_be_empty(_items(av[-1]))
                                                     and _can_end_in_space(items[:-1]))
    if op is C.BRANCH:
        return (any(_can_end_in_space(_items(branch)) for branch in av[1])
                or (any(not _items(branch) for branch in av[1]) and _can_end_in_space(items[:-1])))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, _, body = av
        return _can_end_in_space(_items(body)) or (low == 0 and _can_end_in_space(items[:-1]))
    return False


def _may_be_empty(items: list) -> bool:
    """Whether a sequence can match nothing (every item optional)."""
    for op, av in items:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] == 0:
            continue
        if op is C.SUBPATTERN and _may_be_empty(_items(av[-1])):
            continue
        if op is C.BRANCH and any(_may_be_empty(_items(branch)) for branch in av[1]):
            continue
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        return False
    return True

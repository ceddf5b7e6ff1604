"""Counts and lists in words a person reads: "1 rule", "2 rules", "1,204 clauses", "a, b and c"."""

from __future__ import annotations

from collections.abc import Sequence


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with ``noun``, plural unless the number is exactly one.

    The plural is ``noun + "s"`` unless given (``count(2, "category", "categories")``).
    Thousands are grouped with commas, as elsewhere in the reports.
    """
    word = noun if number == 1 else (plural or f"{noun}s")
    return f"{number:,} {word}"


def join_words(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c' (empty items left out)."""
    items = [i for i in items if i]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def join_names(names: Sequence[str]) -> str:
    """People's names in a sentence: each isolated for the bidirectional algorithm (U+2068 … U+2069,
    so that a right-to-left name does not pull the words after it, "(1)" or ", ", to its side), and
    joined as :func:`join_words` does unless one holds a comma itself, when "; " sets them apart
    ("Dr "Quote", Comma; Dr Ada Lovelace and …" read as four people)."""
    shown = [isolated(name) for name in names if name]
    if any("," in name for name in names) and len(shown) > 1:
        return "; ".join(shown[:-1]) + " and " + shown[-1]
    return join_words(shown)


def isolated(name: str) -> str:
    """One name isolated for the bidirectional algorithm, as :func:`join_names` does."""
    return f"\u2068{name}\u2069"


#: how far past its limit a quote may run rather than be cut: a quote that stops two words before
#: its end ("… and it may take up to 180 days to take…") hides less than it costs to show them
QUOTE_SLACK = 30


def cut_quote(text: str, limit: int, mark: str = "…") -> str:
    """``text`` cut after the last whole word within ``limit`` characters and marked with ``mark``;
    kept whole when no more than :data:`QUOTE_SLACK` characters would go."""
    if len(text) <= limit + QUOTE_SLACK:
        return text
    return text[:limit].rsplit(" ", 1)[0] + mark

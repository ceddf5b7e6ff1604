"""Counts in words a person reads: "1 rule", "2 rules", "1,204 clauses"."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with ``noun``, plural unless the number is exactly one.

    The plural is ``noun + "s"`` unless given (``count(2, "category", "categories")``).
    Thousands are grouped with commas, as elsewhere in the reports.
    """
    word = noun if number == 1 else (plural or f"{noun}s")
    return f"{number:,} {word}"

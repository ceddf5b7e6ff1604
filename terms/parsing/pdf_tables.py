"""Ruled tables in a PDF page: the grid its drawn lines make, and which cell a piece of text is in.

A PDF has no tables, only text placed on a page and lines drawn around it. Read line by line, a
table's cells run into one another: a cell's second line joins the next cell's first, and a
cell set in from the margin reads as a list item. Where the page draws a grid (at least three
vertical rules sharing a stretch of the page, and at least three rules across it), the grid's
columns and rows say where each cell is, and the reader (:mod:`terms.parsing.pdf`) makes one
row of "cell | cell | cell" per table row, as the HTML and Markdown readers do. A table drawn
without rules (only aligned text) is left to the layout.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

#: points within which two rules are one (a border drawn twice, rounding)
_SAME = 2.0
#: a rule shorter than this is no table border (a bullet, an underline of one word)
_MIN_RULE = 8.0
#: a rule across a table must cover this share of its width (rows ruled cell by cell add up)
_ACROSS = 0.8
#: a filled rectangle no thicker than this is drawn as a rule
_THIN = 2.0

_STROKES = frozenset({b"S", b"s", b"B", b"B*", b"b", b"b*"})
_FILLS = frozenset({b"f", b"F", b"f*"})
_ENDS = _STROKES | _FILLS | {b"n"}


class RuleFinder:
    """Horizontal and vertical rules a page draws: stroked segments, and filled rectangles thin
    enough to be lines (some writers draw borders so)."""

    def __init__(self) -> None:
        self.horizontal: list[tuple[float, float, float]] = []  # (y, x from, x to)
        self.vertical: list[tuple[float, float, float]] = []    # (x, y from, y to)
        self._segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._boxes: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._at: tuple[float, float] | None = None

    def visit(self, operator: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if operator in (b"m", b"l", b"re"):
            try:
                values = [float(value) for value in operands]
            except (TypeError, ValueError):
                return

            def place(x: float, y: float) -> tuple[float, float]:
                return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]

            if operator == b"re" and len(values) == 4:
                x, y, w, h = values
                corners = [place(x, y), place(x + w, y), place(x + w, y + h), place(x, y + h)]
                self._boxes.append((corners[0], corners[2]))
                self._segments += list(zip(corners, corners[1:] + corners[:1], strict=True))
            elif operator == b"m" and len(values) == 2:
                self._at = place(*values)
            elif operator == b"l" and len(values) == 2 and self._at is not None:
                to = place(*values)
                self._segments.append((self._at, to))
                self._at = to
        elif operator in _ENDS:
            if operator in _STROKES:
                for start, end in self._segments:
                    self._add(start, end)
            elif operator in _FILLS:
                for (x0, y0), (x1, y1) in self._boxes:
                    if min(abs(x1 - x0), abs(y1 - y0)) <= _THIN:
                        middle = ((x0 + x1) / 2, (y0 + y1) / 2)
                        if abs(x1 - x0) <= _THIN:
                            self._add((middle[0], y0), (middle[0], y1))
                        else:
                            self._add((x0, middle[1]), (x1, middle[1]))
            self._segments, self._boxes, self._at = [], [], None

    def _add(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = start, end
        if abs(y1 - y0) < 1 and abs(x1 - x0) >= _MIN_RULE:
            self.horizontal.append((y0, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) < 1 and abs(y1 - y0) >= _MIN_RULE:
            self.vertical.append((x0, min(y0, y1), max(y0, y1)))


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled grid: column borders left to right, row borders top to bottom (PDF y grows upwards)."""

    columns: tuple[float, ...]
    rows: tuple[float, ...]

    def cell(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the cell holding a point, or None outside the grid."""
        columns, rows = self.columns, self.rows
        if not (columns[0] - 1 <= x <= columns[-1] + 1 and rows[-1] <= y <= rows[0]):
            return None
        column = min(max(bisect.bisect_right(columns, x) - 1, 0), len(columns) - 2)
        # rows descend: count the borders above the point
        row = min(max(sum(1 for border in rows if border > y) - 1, 0), len(rows) - 2)
        return row, column


def _merged(values: list[float]) -> list[float]:
    """Sorted values with those within :data:`_SAME` of the one before dropped."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SAME:
            out.append(value)
    return out


def find_tables(rules: RuleFinder) -> list[Table]:
    """The grids the page's rules make: vertical rules that share a stretch of the page (three or
    more borders, so two columns at least), crossed by rules that span them (two rows at least)."""
    stretches: list[list[tuple[float, float, float]]] = []
    for rule in sorted(rules.vertical, key=lambda r: (r[1], r[0])):
        for stretch in stretches:
            low = min(r[1] for r in stretch)
            high = max(r[2] for r in stretch)
            if rule[1] <= high + _SAME and rule[2] >= low - _SAME:
                stretch.append(rule)
                break
        else:
            stretches.append([rule])
    tables: list[Table] = []
    for stretch in stretches:
        columns = _merged([x for x, _, _ in stretch])
        if len(columns) < 3:
            continue
        low = min(r[1] for r in stretch)
        high = max(r[2] for r in stretch)
        width = columns[-1] - columns[0]
        covered: dict[float, float] = {}
        for y, x0, x1 in rules.horizontal:
            if low - _SAME <= y <= high + _SAME:
                inside = min(x1, columns[-1]) - max(x0, columns[0])
                if inside > 0:
                    key = round(y)
                    covered[key] = covered.get(key, 0.0) + inside
        borders = _merged([y for y, length in covered.items() if length >= _ACROSS * width] + [low, high])
        if len(borders) >= 3:
            tables.append(Table(tuple(columns), tuple(reversed(borders))))
    return tables


def cell_of(tables: list[Table], x: float, y: float) -> tuple[int, int, int] | None:
    """(table, row, column) of the cell of any table holding a point, or None."""
    for number, table in enumerate(tables):
        found = table.cell(x, y)
        if found is not None:
            return number, found[0], found[1]
    return None

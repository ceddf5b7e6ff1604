"""The text a document is shown as: reflowed paragraphs, over-long lines broken. No Qt.

Prepared on the worker with the analysis (``engine.analyse_document``): for a 1 MB document it takes
about 20 ms, which the GUI thread would otherwise spend in the pass that shows the text. Every
function keeps the text's length, one character for one, so the core's offsets (clause bounds,
evidence spans) index what is shown.
"""

from __future__ import annotations

import re

from terms.model import Document
from terms.parsing.blocks import BULLET

_INNER_BREAK = re.compile(r"(?<=[^\n])\n(?=[^\n])")


def shown_text(document: Document) -> str:
    """``document``'s text as the document view shows it."""
    return with_long_lines_broken(display_text(document))


def display_text(document: Document) -> str:
    """The text as shown: line breaks inside a paragraph become spaces so it reflows to the
    window width, except before a clause and before and after a bulleted line (a list inside a
    table cell, "Data we use: • Name • Account password", is read as a list). Same length as
    ``document.text``, so every offset still matches."""
    text = document.text
    starts = {c.start for c in document.clauses}

    def join(match: re.Match[str]) -> str:
        nxt = match.end()
        while nxt < len(text) and text[nxt] == " ":
            nxt += 1
        if nxt in starts or text.startswith(BULLET, nxt):
            return "\n"
        line_start = text.rfind("\n", 0, match.start()) + 1
        return "\n" if text[line_start:match.start()].lstrip(" ").startswith(BULLET) else " "

    return _INNER_BREAK.sub(join, text)


#: a line longer than this is shown broken into lines at a space about every BREAK_LONG_LINES_EVERY
#: characters: Qt lays out a paragraph as a whole, and one of 5 MB took 23 s to show and seconds for
#: every scroll or search step
LONG_LINE = 5_000
BREAK_LONG_LINES_EVERY = 1_000


def with_long_lines_broken(text: str) -> str:
    """``text`` as shown: each line longer than :data:`LONG_LINE` broken at spaces into lines of
    about :data:`BREAK_LONG_LINES_EVERY` characters. A space becomes a line break, one character
    for one, so every offset (the evidence spans, the highlights) stays where it was.

    The lines are found by splitting (5 ms for a 1 MB text), not by a regular expression for a long
    line, which tried every position of every line (51 ms)."""
    if len(text) <= LONG_LINE:
        return text
    lines = text.split("\n")
    if max(map(len, lines)) <= LONG_LINE:
        return text
    cuts: list[int] = []
    line_start = 0
    for line in lines:
        at, end = line_start, line_start + len(line)
        line_start = end + 1
        if len(line) <= LONG_LINE:
            continue
        while end - at > BREAK_LONG_LINES_EVERY:
            space = text.find(" ", at + BREAK_LONG_LINES_EVERY, end)
            if space < 0:
                break
            cuts.append(space)
            at = space + 1
    if not cuts:
        return text
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(text[last:cut])
        last = cut + 1
    pieces.append(text[last:])
    return "\n".join(pieces)

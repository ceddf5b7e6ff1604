"""Page furniture in plain text printed to pages: which lines to leave out.

A word processor's text export keeps its pages: a form feed starts each one, a running header
("Acme Professional Terms of Service") tops it and a footer ("Page 3 of 9") ends it. Read as text,
every header became a section heading and every footer a clause, and a sentence that ran on to the
next page was cut in two there (a licence lost its grant, a clause's first line became a heading).
This finds the page numbers and the lines that recur at the pages' edges, and the blank lines of a
break that falls inside a paragraph, so that the reader skips them and the paragraph runs on.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Collection

from terms.headinglines import ends_sentence, runs_on

#: a page number alone on its line: "Page 3 of 9", "3 of 9", "- 3 -", "3"
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]",
                          re.IGNORECASE)
#: ... said as such, which marks the end of a page even without a form feed; a browser prints it in a column
#: beside the page's address ("https://example.com/legal/terms      Page 1 of 7")
_PAGE_OF = re.compile(r"(?:\S.*\S\s{3,})?page\s+\d{1,4}(?:\s+of\s+\d{1,4})?(?:\s{3,}\S.*\S)?", re.IGNORECASE)
#: lines at each edge of a page looked at for running headers and footers
EDGE_LINES = 2
#: a running line is no longer than this
MAX_RUNNING = 100
_DIGITS = re.compile(r"\d+")
#: a line laid out in columns: text, a gap of three spaces or more (or a bar), more text
_COLUMNS = re.compile(r"\S(?:\s{3,}|\s\|\s)\S")
#: ... as a running header lays it out on the first page too, two spaces apart at least, before a version or
#: a date ("STEADLINE PULSE -- APP TERMS AND PRIVACY NOTICE  Version 4.0, 1 September 2025")
_COLUMNS_BEFORE_A_NUMBER = re.compile(r"\S\s{2,}\S[^\n]*\d")
#: ... and words a line cannot end a sentence on
_UNFINISHED_WORD = re.compile(
    r"(?:^|\s)(?:the|a|an|of|and|or|nor|to|in|for|with|by|on|at|from|that|which|who|your|our|its|their|any"
    r"|as|than|such|including|without|under|between)$", re.IGNORECASE)


def page_furniture(lines: list[str], page_starts: Collection[int] = ()) -> set[int]:
    """Indexes (from 0) of the lines of ``lines`` to skip: page numbers and running lines at the pages'
    edges, and the blank lines of a page break inside a paragraph. Empty for text without pages.
    ``page_starts``: the lines a form feed began."""
    pages = _pages(lines, page_starts)
    if len(pages) < 2:
        return set()
    skip: set[int] = set()
    keys: Counter[str] = Counter()
    edges = [_edges(lines, start, end) for start, end in pages]
    for edge in edges:
        keys.update({_running_key(lines[i]) for i in edge if len(lines[i].strip()) <= MAX_RUNNING})
    needed = max(2, (len(pages) + 1) // 2)
    # (the first page's top lines stay: a header that repeats the document's title is its title there;
    # not one laid out in columns, "Consilium AI — Terms of Service    Rev. 2026-03", which is a header
    # there too and had become the title and a clause whose revision mark "changed" in every compare)
    title_lines = {i for i in _filled(lines, *pages[0])[:EDGE_LINES] if not _laid_out(lines[i].strip())}
    for edge in edges:
        for i in edge:
            line = lines[i].strip()
            running = keys[_running_key(line)] >= needed and bool(_DIGITS.sub("", line).strip())
            if _PAGE_NUMBER.fullmatch(line) or (running and i not in title_lines):
                skip.add(i)
    for (_, end), (start, _) in itertools.pairwise(pages):
        _join_across(lines, end, start, skip)
    return skip


def _laid_out(line: str) -> bool:
    """Whether a line is laid out in columns as a running header is, not written as a title."""
    return bool(_COLUMNS.search(line) or _COLUMNS_BEFORE_A_NUMBER.search(line))


def _pages(lines: list[str], page_starts: Collection[int]) -> list[tuple[int, int]]:
    """(first, last + 1) line index of each page: a form feed starts one, a "Page 3 of 9" line ends one."""
    pages: list[tuple[int, int]] = []
    start = 0
    for i, line in enumerate(lines):
        if i in page_starts and i > start:
            pages.append((start, i))
            start = i
        elif _PAGE_OF.fullmatch(line.strip()) and i + 1 < len(lines):
            pages.append((start, i + 1))
            start = i + 1
    pages.append((start, len(lines)))
    return [(a, b) for a, b in pages if any(lines[i].strip() for i in range(a, b))]


def _filled(lines: list[str], start: int, end: int) -> list[int]:
    """The lines of a page that hold text."""
    return [i for i in range(start, end) if lines[i].strip()]


def _edges(lines: list[str], start: int, end: int) -> list[int]:
    """The first and last :data:`EDGE_LINES` lines of a page that hold text."""
    filled = _filled(lines, start, end)
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _running_key(line: str) -> str:
    """A line as it recurs from page to page: its numbers aside ("Page 3 of 9"), case and spaces folded."""
    return " ".join(_DIGITS.sub("#", line).casefold().split())


def _join_across(lines: list[str], end: int, start: int, skip: set[int]) -> None:
    """Skip the blank lines of the break between a page ending at ``end`` and the next starting at ``start``
    where the text runs on: the last line ends in a hyphen or without finishing its sentence, and the next
    line goes on in lower case, after a word no sentence ends with ("… staffing models or the" / "Services
    themselves") or after a full wrapped line; or the next line is indented as the lines of a clause with a
    hanging indent that ended the page."""
    last = next((i for i in range(end - 1, -1, -1) if i not in skip and lines[i].strip()), None)
    first = next((i for i in range(start, len(lines)) if i not in skip and lines[i].strip()), None)
    if last is None or first is None:
        return
    before, after = lines[last].strip(), lines[first].strip()
    cut = not ends_sentence(before) and (after[:1].islower() or _UNFINISHED_WORD.search(before) is not None)
    if before.endswith("-") or runs_on(before) or cut or _hangs_on(lines, last, first):
        skip.update(i for i in range(last + 1, first) if not lines[i].strip())


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _hangs_on(lines: list[str], last: int, first: int) -> bool:
    """Whether the next page's first line goes on with a paragraph laid out with a hanging indent, though
    the page ended at a sentence's end: the page's last lines are indented under a first line that stands
    out to their left ("14.2 At some events …" / "     card at the event …"), and the next page's first
    line is indented as they are ("     Card payments are handled …"), where a new clause would stand
    out again."""
    hang = _indent(lines[last])
    if not hang or _indent(lines[first]) != hang:
        return False
    head = last
    while head > 0 and lines[head - 1].strip() and _indent(lines[head - 1]) == hang:
        head -= 1
    return head > 0 and bool(lines[head - 1].strip()) and _indent(lines[head - 1]) < hang

"""Lists whose bullets were lost: a lead-in ending in a colon, then one item per line.

Text copied from a web page or taken out of a PDF keeps a list's line breaks but not its bullets
("The information we collect may include:" / "Terms you search for" / "Videos you watch"). Read
as one run of text, the items run into each other ("… share content Activity on third-party
sites …") and a flag can join words of two items. The parser makes such lines list items and the
sentence splitter reads each line on its own, both by :func:`unmarked_list`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from terms.headinglines import SUBJECT_PRONOUNS

_MIN_ITEMS = 2
#: lines this long, all but the last about as long as the longest, are prose wrapped at a width
_WRAP_MIN_WIDTH = 50
_WRAP_SHARE = 0.85
_OPENERS = "\"'“‘(["
#: a line that starts with a clause label ("7.1", "1.", "A.", "(B)", "Section 8", "Article II") is
#: a numbered clause, which the parser reads as one, not an unmarked item
_LABEL = re.compile(r"\(?(?:\d+(?:\.\d+)*|[A-Z]|[IVXLC]+)[.)](?:\s|$)|\d+(?:\.\d+)+(?:\s|$)|\(\w{1,4}\)"
                    r"|(?:section|article|§)\s", re.I)
#: a list ends before a full sentence at least this many words long and twice as long as every
#: item before it (a paragraph after the list, where no blank line separates them)
_PARAGRAPH_WORDS = 8
#: a sentence led by a subject pronoun ("We keep it for a year.") ends a list of bare names, however
#: short: items that are no sentences (no full stop, no subject pronoun first) name things or
#: actions, not who does them
_SENTENCE_MIN_WORDS = 3


def unmarked_list(lines: Sequence[str], after_lead_in: bool = False) -> tuple[int, int] | None:
    """(first, end) indexes of the items of an unmarked list in ``lines`` (one string per line), or
    None.

    The list follows the first line that ends in a colon (or starts at the first line when
    ``after_lead_in``: the block before ended in one). It needs at least two lines, each starting
    with a capital letter or a digit and none with a clause label (a line that starts in lower case
    continues the one before: wrapped prose, or an item wrapped over two lines, which is left as
    it is). Lines that look wrapped at a fixed width are prose, whatever their first letters. The
    list ends before a line that is a paragraph rather than an item (see ``_PARAGRAPH_WORDS`` and
    ``_SENTENCE_MIN_WORDS``).
    """
    stripped = [line.strip() for line in lines]
    if after_lead_in:
        first = 0
    else:
        first = next((k + 1 for k, line in enumerate(stripped[:-_MIN_ITEMS]) if line.endswith(":")), None)
        if first is None:
            return None
    end = _list_end(stripped, first)
    items = stripped[first:end]
    if (len(items) < _MIN_ITEMS or not all(_starts_an_item(item) for item in items)
            or _wrapped(stripped, items) or any(map(_POSTAL.search, items))):
        return None
    return first, end


#: a line of a postal address (a town with its state or postcode: "Seattle, WA 98121", "London
#: EC1A 1BB", "10117 Berlin"): its lines are one address, as Markdown's hard breaks keep them, not
#: a list ("Courier address:" / "Copyright Agent" / "2021 7th Avenue" / "Seattle, WA 98121" / "USA")
_POSTAL = re.compile(r",\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"
                     r"|^\d{4,5}\s+[A-Z][a-zäöüß]+$|\bP\.?\s?O\.?\s+Box\b")

def _list_end(lines: Sequence[str], first: int) -> int:
    longest = 0
    names_only = True  # no item so far is a sentence
    for k in range(first, len(lines)):
        words = lines[k].split()
        subject = bool(words) and words[0].lower() in SUBJECT_PRONOUNS
        if k > first and lines[k].endswith("."):
            if len(words) >= max(_PARAGRAPH_WORDS, 2 * longest):
                return k
            if subject and names_only and len(words) >= _SENTENCE_MIN_WORDS:
                return k
        longest = max(longest, len(words))
        names_only = names_only and not subject and not lines[k].endswith(".")
    return len(lines)


def _starts_an_item(line: str) -> bool:
    first = line.lstrip(_OPENERS)[:1]
    return (first.isupper() or first.isdigit()) and not _LABEL.match(line)


def _wrapped(lines: Sequence[str], items: Sequence[str]) -> bool:
    width = max(len(line) for line in lines)
    return width >= _WRAP_MIN_WIDTH and all(len(item) >= _WRAP_SHARE * width for item in items[:-1])

"""Lists whose bullets were lost: a lead-in ending in a colon, then one item per line.

Text copied from a web page or taken out of a PDF keeps a list's line breaks but not its bullets
("The information we collect may include:" / "Terms you search for" / "Videos you watch"). Read
as one run of text, the items run into each other ("… share content Activity on third-party
sites …") and a flag can join words of two items. The parser makes such lines list items and the
sentence splitter reads each line on its own, both by :func:`unmarked_list_start`.
"""

from __future__ import annotations

from collections.abc import Sequence

_MIN_ITEMS = 2
#: lines this long, all but the last about as long as the longest, are prose wrapped at a width
_WRAP_MIN_WIDTH = 50
_WRAP_SHARE = 0.85
_OPENERS = "\"'“‘(["


def unmarked_list_start(lines: Sequence[str]) -> int | None:
    """Index of the first item of an unmarked list in ``lines`` (one string per line), or None.

    The list is everything after the first line that ends in a colon, when that is at least two
    lines and every one of them starts with a capital letter or a digit (a line that starts in
    lower case continues the one before: wrapped prose, or an item wrapped over two lines, which
    is left as it is). Lines that look wrapped at a fixed width are prose, whatever their first
    letters.
    """
    stripped = [line.strip() for line in lines]
    for k, line in enumerate(stripped[:-_MIN_ITEMS]):
        if not line.endswith(":"):
            continue
        items = stripped[k + 1:]
        if all(_starts_an_item(item) for item in items) and not _wrapped(stripped, items):
            return k + 1
        return None
    return None


def _starts_an_item(line: str) -> bool:
    first = line.lstrip(_OPENERS)[:1]
    return first.isupper() or first.isdigit()


def _wrapped(lines: Sequence[str], items: Sequence[str]) -> bool:
    width = max(len(line) for line in lines)
    return width >= _WRAP_MIN_WIDTH and all(len(item) >= _WRAP_SHARE * width for item in items[:-1])

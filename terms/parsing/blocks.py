"""The block model every input format is reduced to before segmentation.

Readers (Markdown, plain text, HTML, PDF) produce a flat list of :class:`Block`
objects holding *display* text (markup already removed). The segmenter turns the
list into ``Document.text`` and the clause tree, so all formats share one set of
rules for headings, numbering, ids and offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: Deeper list nesting than this is refused: no real terms document comes close,
#: and a hostile file with thousands of levels must not cost time or stack.
MAX_LIST_DEPTH = 64

BULLET = "•"

# A footnote number set in <sup> is shown as superscript digits ("ads.²", "you² on"), the way a
# document typed with Unicode superscripts reads: not glued to the word as "you2", and the same
# text whether the source was HTML or Markdown with inline HTML.
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class BlockKind(StrEnum):
    HEADING = "heading"   # a real heading (Markdown #, setext, HTML <hN>): ``level`` is 1–6
    PARAGRAPH = "paragraph"
    ITEM = "item"         # a list item: ``marker`` is its printed number or BULLET
    ROW = "row"           # a table row, cells joined by " | "


@dataclass(slots=True)
class Block:
    kind: BlockKind
    text: str                 # display text; for items, without the marker
    line: int = 0             # 1-based source line, for messages
    level: int = 0            # heading level (1–6)
    depth: int = 0            # list nesting: 0 outside lists; an item at depth d, its paragraphs at d+1
    marker: str | None = None  # list item marker as printed ("7.", "(a)") or BULLET
    strong: bool = False      # the whole paragraph was bold: a candidate pseudo-heading
    caption: bool = False     # plain text: a short unpunctuated line over text, a candidate pseudo-heading
    tight: bool = False       # joined to the previous block by one newline instead of a blank line
    contents: bool = False    # an entry of a table of contents: its number numbers no clause

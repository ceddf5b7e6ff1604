"""Plain text to blocks: paragraphs are separated by blank lines, bullets start items, and so do
the lines after a lead-in that ends in a colon when they read as a list whose bullets were lost
(see :mod:`terms.unmarkedlists`).

Lines are kept as written (surrounding spaces go; a compound broken at its hyphen by hard
wrapping is joined again, see :mod:`terms.parsing.dehyphen`); headings and numbered clauses
are recognised later by the segmenter, which applies the same rules to every format.
"""

from __future__ import annotations

import re
from collections import Counter

from terms.headinglines import is_heading_line
from terms.parsing.blocks import BULLET, Block, BlockKind
from terms.parsing.dehyphen import join_wrapped_text
from terms.unmarkedlists import unmarked_list_start

_BULLET = re.compile(r"([•◦▪●‣∙·*\-–])[ \t]+(?=\S)")
_HYPHEN_BREAK = re.compile(r"\w-[ \t]*\n")
_WORDS = re.compile(r"[\w-]+")


def text_blocks(text: str) -> list[Block]:
    """The blocks of a plain-text document, in order."""
    blocks: list[Block] = []
    current: Block | None = None
    lines: list[str] = []
    after_blank = True
    # A compound broken at its hyphen by hard wrapping ("third-" / "party") is joined up again;
    # the document's words are counted only when some line ends that way.
    words: Counter[str] | None = None
    if _HYPHEN_BREAK.search(text):
        words = Counter(_WORDS.findall(text.casefold()))

    def join(part: list[str]) -> str:
        return join_wrapped_text(part, words) if words is not None else "\n".join(part)

    def add(block: Block, part: list[str]) -> None:
        first_item = unmarked_list_start(part) if block.kind is BlockKind.PARAGRAPH else None
        block.text = join(part[:first_item])
        blocks.append(block)
        if first_item is not None:
            blocks.extend(Block(BlockKind.ITEM, item, block.line + n, marker=BULLET, tight=True)
                          for n, item in enumerate(part[first_item:], start=first_item))

    def flush() -> None:
        if current is not None and lines:
            if current.kind is BlockKind.PARAGRAPH and _heads_the_lines_after(lines):
                blocks.append(Block(BlockKind.PARAGRAPH, lines[0], current.line, tight=current.tight,
                                    caption=True))
                add(Block(BlockKind.PARAGRAPH, "", current.line + 1, tight=True), lines[1:])
            else:
                add(current, lines)
        lines.clear()

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            flush()
            current = None
            after_blank = True
            continue
        bullet = _BULLET.match(line)
        if bullet:
            flush()
            current = Block(BlockKind.ITEM, "", number, marker=bullet.group(1), tight=not after_blank)
            line = line[bullet.end():]
        elif current is None:
            current = Block(BlockKind.PARAGRAPH, "", number, tight=not after_blank)
        lines.append(line)
        after_blank = False
    flush()
    # a line of its own over the text after it is a heading the source could not mark up
    for block in blocks[:-1]:
        if block.kind is BlockKind.PARAGRAPH and not block.caption and is_heading_line(block.text):
            block.caption = True
    return blocks


#: a heading line is at most this share of the longest line under it; a wrapped paragraph's first
#: line is about as long as the rest
_HEADING_SHARE = 0.6


def _heads_the_lines_after(lines: list[str]) -> bool:
    """Whether the first of a paragraph's lines is a heading over the others ("What we collect" /
    "When you use the app we record the following:"), the next line starting a sentence."""
    if len(lines) < 2 or not (lines[1][:1].isupper() or lines[1][:1].isdigit()):
        return False
    longest = max(len(line) for line in lines[1:])
    return len(lines[0]) <= _HEADING_SHARE * longest and is_heading_line(lines[0])

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

    def flush() -> None:
        if current is not None and lines:
            first_item = unmarked_list_start(lines) if current.kind is BlockKind.PARAGRAPH else None
            current.text = join(lines[:first_item])
            blocks.append(current)
            if first_item is not None:
                blocks.extend(Block(BlockKind.ITEM, item, current.line + n, marker=BULLET, tight=True)
                              for n, item in enumerate(lines[first_item:], start=first_item))
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
    return blocks

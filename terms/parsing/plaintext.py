"""Plain text to blocks: paragraphs are separated by blank lines, bullets start items.

Lines are kept as written (surrounding spaces go; a compound broken at its hyphen by hard
wrapping is joined again, see :mod:`terms.parsing.dehyphen`); headings and numbered clauses
are recognised later by the segmenter, which applies the same rules to every format.
"""

from __future__ import annotations

import re
from collections import Counter

from terms.parsing.blocks import Block, BlockKind
from terms.parsing.dehyphen import join_wrapped_text

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

    def flush() -> None:
        if current is not None and lines:
            current.text = join_wrapped_text(lines, words) if words is not None else "\n".join(lines)
            blocks.append(current)
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

"""Plain text to blocks: paragraphs are separated by blank lines, bullets start items.

Lines are kept as written (surrounding spaces go); headings and numbered clauses
are recognised later by the segmenter, which applies the same rules to every format.
"""

from __future__ import annotations

import re

from terms.parsing.blocks import Block, BlockKind

_BULLET = re.compile(r"([•◦▪●‣∙·*\-–])[ \t]+(?=\S)")


def text_blocks(text: str) -> list[Block]:
    """The blocks of a plain-text document, in order."""
    blocks: list[Block] = []
    current: Block | None = None
    lines: list[str] = []
    after_blank = True

    def flush() -> None:
        if current is not None and lines:
            current.text = "\n".join(lines)
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

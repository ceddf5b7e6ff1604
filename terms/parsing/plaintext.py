"""Plain text to blocks: paragraphs are separated by blank lines, bullets start items, and so do
the lines after a lead-in that ends in a colon when they read as a list whose bullets were lost
(see :mod:`terms.unmarkedlists`).

Lines are kept as written (surrounding spaces go; a line that only draws a rule, "=====", separates
blocks as a blank one does; a compound broken at its hyphen by hard wrapping is joined again, see
:mod:`terms.parsing.dehyphen`; the running headers, footers and page numbers of text printed to
pages are left out, see :mod:`terms.parsing.pagebreaks`);
headings and numbered clauses are recognised later by the segmenter, which applies the same rules
to every format.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from terms.headinglines import is_heading_line, is_question_line
from terms.parsing.blocks import BULLET, Block, BlockKind
from terms.parsing.dehyphen import join_wrapped_text
from terms.parsing.metadata import states_a_date
from terms.parsing.pagebreaks import page_furniture
from terms.unmarkedlists import unmarked_list

_BULLET = re.compile(r"([•◦▪●‣∙·*\-–])[ \t]+(?=\S)")
#: a rule drawn with one character ("=====", "- - - -", "______"): a break between blocks, no text of its own
_RULE_LINE = re.compile(r"([=\-_*~#+.•─━═])(?:[ \t]?\1){2,}")
_HYPHEN_BREAK = re.compile(r"\w-[ \t]*\n")
_WORDS = re.compile(r"[\w-]+")


def text_blocks(text: str, page_starts: Collection[int] = ()) -> list[Block]:
    """The blocks of a plain-text document, in order. ``page_starts``: indexes of the lines that begin a
    page (a form feed, which the caller turned into a line break, stood there)."""
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
        listed = None
        if block.kind is BlockKind.PARAGRAPH:
            listed = unmarked_list(part, after_lead_in=bool(blocks) and _leads_in(blocks[-1]))
        if listed is None:
            block.text = join(part)
            blocks.append(block)
            return
        first, end = listed
        if first:
            block.text = join(part[:first])
            blocks.append(block)
        blocks.extend(Block(BlockKind.ITEM, item, block.line + n, marker=BULLET, tight=bool(n) or block.tight)
                      for n, item in enumerate(part[first:end], start=first))
        if end < len(part):
            add(Block(BlockKind.PARAGRAPH, "", block.line + end, tight=True), part[end:])

    def flush() -> None:
        if current is not None and lines:
            if (current.kind is BlockKind.PARAGRAPH and not (blocks and _leads_in(blocks[-1]))
                    and _heads_the_lines_after(lines)):
                blocks.append(Block(BlockKind.PARAGRAPH, lines[0], current.line, tight=current.tight,
                                    caption=True))
                add(Block(BlockKind.PARAGRAPH, "", current.line + 1, tight=True), lines[1:])
            else:
                add(current, lines)
        lines.clear()

    raw_lines = text.split("\n")
    furniture = page_furniture(raw_lines, page_starts)   # (skipped, so that the lines keep their numbers)
    for number, raw in enumerate(raw_lines, start=1):
        if number - 1 in furniture:
            continue
        line = raw.strip()
        if not line or _RULE_LINE.fullmatch(line):
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
    # A line of its own over the text after it is a heading the source could not mark up; not a
    # line after a lead-in, nor one of a run of three or more such lines (a list, a table's cells;
    # two are a title and a first heading).
    candidate = [b.kind is BlockKind.PARAGRAPH and is_heading_line(b.text) for b in blocks]
    # a policy written as questions and answers ("What information do we collect?" over its answer)
    questions = [b.kind is BlockKind.PARAGRAPH and is_question_line(b.text) for b in blocks]
    if sum(questions) >= _MIN_QUESTIONS:
        candidate = [c or q for c, q in zip(candidate, questions, strict=True)]
    n = 0
    while n < len(blocks):
        run = n
        while run < len(blocks) and candidate[run]:
            run += 1
        if n < run < len(blocks) and run - n <= _MAX_HEADING_RUN and not (n and _leads_in(blocks[n - 1])):
            for block in blocks[n:run]:
                block.caption = True
        n = max(run, n + 1)
    return blocks


#: question lines over text, at least, in a document written as questions and answers
_MIN_QUESTIONS = 3
#: more heading lines than this in a row are a list or a table's cells
_MAX_HEADING_RUN = 2


def _leads_in(block: Block) -> bool:
    return block.kind is BlockKind.PARAGRAPH and block.text.rstrip().endswith(":")


#: a heading line is at most this share of the longest line under it; a wrapped paragraph's first
#: line is about as long as the rest
_HEADING_SHARE = 0.6


#: the text under a heading line holds a line at least this long (a sentence, not an address)
_SENTENCE_MIN_CHARS = 40
#: an e-mail address or a web address: the line under a contact heading
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\bhttps?://|\bwww\.")


def _heads_the_lines_after(lines: list[str]) -> bool:
    """Whether the first of a paragraph's lines is a heading over the others ("What we collect" /
    "When you use the app we record the following:"), the next line starting a sentence; or over
    one line that states the document's date ("Privacy Policy" / "Last updated January 10, 2026")
    or gives a contact ("Contact Us" / "Email privacy@example.com")."""
    if len(lines) < 2 or not (lines[1][:1].isupper() or lines[1][:1].isdigit()):
        return False
    if len(lines) == 2 and (states_a_date(lines[1]) or _CONTACT.search(lines[1])):
        return is_heading_line(lines[0])
    longest = max(len(line) for line in lines[1:])
    return (longest >= _SENTENCE_MIN_CHARS and len(lines[0]) <= _HEADING_SHARE * longest
            and is_heading_line(lines[0]))

"""Markdown to blocks: a line scanner for the block structure, regexes for inline syntax.

It recognises what terms documents use: ATX and setext headings, bullet and ordered
lists nested by indentation, paragraphs, tables, fenced code, block quotes (their
markers are dropped and their content read as ordinary blocks), thematic breaks,
link reference definitions and raw HTML blocks (converted to text by the HTML reader,
never rendered). The scanner is a single loop without recursion, so nesting depth
costs no stack; list nesting beyond :data:`MAX_LIST_DEPTH` is refused.
"""

from __future__ import annotations

import re
from collections import Counter

from terms.errors import DocumentStructureError
from terms.parsing import hints
from terms.parsing.blocks import BULLET, MAX_LIST_DEPTH, Block, BlockKind
from terms.parsing.inline import strip_inline

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"(=+|-+)[ \t]*$")
_BREAK = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
#: besides Markdown's markers, the bullets of word processors that converted pages keep as text
#: ("·      Provide identifiable candidate data …": a Word "Symbol" bullet, read as a paragraph,
#: lost the "Customer will not:" it finishes)
_ITEM = re.compile(r"([*+\-•·▪●◦]|\d{1,9}[.)])(?:([ \t\u00a0]+)|$)")
_TEXT_BULLETS = "*+-•·▪●◦"
_LIST_INTERRUPT_LIMIT = 100  # an ordered marker from here on does not interrupt a paragraph outside lists
_FENCE = re.compile(r"(`{3,}|~{3,})")
_QUOTE = re.compile(r"(?:>[ \t]?)+")
_REFDEF = re.compile(r"\[[^\]]+\]:[ \t]*\S+")
_HTML_START = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|!--|![A-Za-z])")
_TABLE_DELIM = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
#: a line in bold, perhaps with its colon, or its full stop, outside ("**Marketing communications**."
#: in TikTok's policy; then only one bold run, not "**Here is a short** [**summary**] **of …**.")
_STRONG_LINE = re.compile(r"(\*\*|__)(?=\S)(.+)(?<=\S)\1[ \t]*:?|(\*\*|__)(?=\S)([^*_]+)(?<=\S)\3[ \t]*\.")
#: the first line of a bold title whose closing marker is on the next line, and that next line
_BROKEN_STRONG_OPEN = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,150}?)")
_BROKEN_STRONG_CLOSE = re.compile(r"([^*_\n]{1,150}?)(?<=\S)(\*\*|__)")
_TABLE_CELL_SPLIT = re.compile(r"(?<!\\)\|")
#: a line that is only a link to a place in the page ("[1. About this Policy](#_kfosu7ttf89l)"):
#: a table of contents, whose entries read as a second set of numbered headings; not a sentence
#: linked to the section that explains it ("[We only use data to make Reddit a better place.](#use)")
_IN_PAGE_LINK = re.compile(r"[ \t]*\[[^\]\n]*[^\]\n.!?:;][ \t]*\]\(#[^)\s]*\)[ \t]*")
#: a link cut in two by a blank line, as converted pages write a link around a block ("[" alone,
#: then "Centre de confidentialité](https://…)"): the bracket and the target are no text
_ORPHAN_LINK_END = re.compile(r"\]\((?:[a-z][a-z0-9+.-]*:|#|/)[^)\s]*\)", re.IGNORECASE)
#: the longest line read as the title of an empty heading marker ("### " then "How We Use Information")
_EMPTY_HEADING_TITLE_CHARS = 120
_EMPTY_HEADING_TITLE_WORDS = 12
_MARKUP_START = frozenset("#=-*_+•·▪●◦`~[<0123456789")


def _continues_paragraph(marker: str) -> bool:
    """Whether a list marker at the start of a paragraph's next line is an amount or a year instead.

    Hard wrapping puts "500." or "2023." at a line start ("batches of at least" / "500. You …");
    CommonMark lets only a list starting at 1 interrupt a paragraph, and a list of a hundred items
    or more never starts inside one.
    """
    return marker[:-1].isdigit() and int(marker[:-1]) >= _LIST_INTERRUPT_LIMIT


def _indent(line: str) -> int:
    """Columns of leading whitespace (tabs to the next multiple of 4)."""
    col = 0
    for ch in line:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
    return col


def _table_row(line: str) -> str:
    """A table row's text: its cells with words, as the HTML reader gives them (an empty cell,
    which converted pages use for spacing, left no "|  |" rows or leading "| " behind)."""
    texts = (strip_inline(cell.strip()) for cell in _TABLE_CELL_SPLIT.split(line.strip()))
    return " | ".join(text for text in texts if text)


def _without_link_debris(lines: list[str]) -> str:
    """A paragraph's lines as one text, without the entries of a table of contents (lines that are
    only a link into the page) and without the end of a link cut in two ("…](https://…)" with no
    "[" before it in the paragraph)."""
    if all(_IN_PAGE_LINK.fullmatch(line) for line in lines):
        return ""
    raw = "\n".join(lines)
    cut = raw.find("](")
    if cut >= 0 and "[" not in raw[:cut] and (end := _ORPHAN_LINK_END.match(raw, cut)):
        raw = raw[:cut] + raw[end.end():]
    return raw


class _Scanner:
    def __init__(self, text: str, source: str | None) -> None:
        self.lines = text.split("\n")
        self.source = source
        self.blocks: list[Block] = []
        self.items: list[int] = []        # content columns of the open list items, outermost first
        self.para: list[str] = []         # raw lines of the open paragraph or item text
        self.para_line = 0
        self.para_item: str | None = None  # marker when the open text is a list item's first paragraph
        self.para_depth = 0
        self._empty_titles: Counter[str] | None = None  # see empty_heading_titles

    # -- output -----------------------------------------------------------------
    def flush(self) -> None:
        if not self.para:
            return
        if self.para_item is None:
            self.mend_broken_bold_title()
        raw = _without_link_debris(self.para)
        strong = len(self.para) == 1 and self.para_item is None and bool(_STRONG_LINE.fullmatch(raw.strip()))
        text = strip_inline(raw)
        if text and text != "[":   # (what is left of "[![logo](…)" opening a link cut in two)
            if self.para_item is not None:
                self.blocks.append(Block(BlockKind.ITEM, text, self.para_line, depth=self.para_depth,
                                         marker=self.para_item))
            else:
                self.blocks.append(Block(BlockKind.PARAGRAPH, text, self.para_line, depth=self.para_depth,
                                         strong=strong))
        self.para = []
        self.para_item = None

    def mend_broken_bold_title(self) -> None:
        """A bold heading whose closing marker slipped onto the next line ("**Governing Law␣␣" then
        "**All claims …", as converted web pages write a bold title and a line break) is a bold line of
        its own followed by the paragraph; a bold title wrapped over two lines ("**We collect some
        data␣␣" / "about you**") is one bold line. Both are read as headings."""
        para = self.para
        opened = _BROKEN_STRONG_OPEN.fullmatch(para[0].strip()) if len(para) >= 2 else None
        if opened is None:
            return
        marker, title = opened.group(1), opened.group(2)
        line = self.para_line
        if para[1].startswith(marker) and len(para[1]) > 2 and not para[1][2].isspace():
            rest = [para[1][2:], *para[2:]]
            self.para = [f"{marker}{title}{marker}"]
            self.flush()  # the title, as a paragraph of its own; the text goes on from the next line
            self.para, self.para_line = rest, line + 1
            return
        closed = _BROKEN_STRONG_CLOSE.fullmatch(para[1].strip())
        if len(para) == 2 and closed is not None and closed.group(2) == marker:
            self.para = [f"{marker}{title} {closed.group(1)}{marker}"]

    def title_after_empty_heading(self, level: int, i: int) -> int:
        """An empty heading marker ("### ") whose title stands alone on the next non-blank line, as
        converted web pages write a heading with its text in a nested element: that line is the
        heading, unless the same title follows several such markers (Meta's "Highlights" boxes, where
        the section's real heading is an unmarked line further on). Returns the line to read next."""
        j = self.line_after_blanks(i)
        if j is None:
            return i
        line = self.lines[j].strip()
        if self.empty_heading_titles()[line] > 1:
            self.title_before_empty_heading(level, i - 1)
            return i
        if (self.starts_block(line) or len(line) > _EMPTY_HEADING_TITLE_CHARS
                or len(line.split()) > _EMPTY_HEADING_TITLE_WORDS or line.endswith((".", ":", ";", ",", "!"))
                or line.startswith(("|", "<", "```", "~~~"))):
            return i
        self.blocks.append(Block(BlockKind.HEADING, strip_inline(line), j + 1, level=level))
        return j + 1

    def title_before_empty_heading(self, level: int, marker: int) -> None:
        """Meta's privacy policies put each section's title on a line of its own just *before* the
        empty marker ("How do we use your information?" / "### " / "Highlights"): where the marker
        is followed by a repeated box title, a short unpunctuated paragraph standing alone right
        before it is the heading (all 585 clauses were "paragraph N of “Privacy Policy”")."""
        if not self.blocks:
            return
        before = self.blocks[-1]
        k = marker - 1
        while k >= 0 and not self.lines[k].strip():
            k -= 1
        text = before.text
        alone = k >= 1 and not self.lines[k - 1].strip()
        if (before.kind is not BlockKind.PARAGRAPH or before.line != k + 1 or not alone
                or len(text) > _EMPTY_HEADING_TITLE_CHARS or len(text.split()) > _EMPTY_HEADING_TITLE_WORDS
                or text.endswith((".", ":", ";", ",", "!")) or "|" in text):  # (not "Effective … | View …")
            return
        self.blocks[-1] = Block(BlockKind.HEADING, text, before.line, level=level)

    def line_after_blanks(self, i: int) -> int | None:
        """The next non-blank line from ``i`` if it stands alone (a blank line or the end after it)."""
        lines = self.lines
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i >= len(lines) or (i + 1 < len(lines) and lines[i + 1].strip()):
            return None
        return i

    def empty_heading_titles(self) -> Counter[str]:
        """How often each line stands alone after an empty heading marker (counted once)."""
        if self._empty_titles is None:
            found = (self.line_after_blanks(n + 1) for n, line in enumerate(self.lines)
                     if (atx := _ATX.match(line)) is not None and not (atx.group(2) or "").strip())
            self._empty_titles = Counter(self.lines[j].strip() for j in found if j is not None)
        return self._empty_titles

    def open_text(self, line: str, number: int, item: str | None = None) -> None:
        self.flush()
        self.para = [line]
        self.para_line = number
        self.para_item = item
        self.para_depth = len(self.items) - 1 if item is not None else len(self.items)

    # -- scanning ---------------------------------------------------------------
    def run(self) -> list[Block]:
        lines = self.lines
        i = 0
        blank_before = True
        while i < len(lines):
            line = lines[i]
            number = i + 1
            i += 1
            if not line.strip():
                self.flush()
                blank_before = True
                continue
            stripped = line.lstrip()
            if stripped.startswith(">"):
                line = _QUOTE.sub("", stripped, count=1)
                if not line.strip():
                    self.flush()
                    blank_before = True
                    continue
            col = _indent(line)
            body = line.lstrip()
            if self.items and col < self.items[-1]:
                if self.para and not blank_before and not self.starts_block(body):
                    self.para.append(body)  # lazy continuation of the open paragraph
                    continue
                while self.items and col < self.items[-1]:
                    self.items.pop()
            blank_before = False
            i = self.block(body, col, number, i)
        self.flush()
        return self.blocks

    @staticmethod
    def starts_block(body: str) -> bool:
        return bool(_ITEM.match(body) or body.startswith("#") or _BREAK.match(body) or _FENCE.match(body))

    def block(self, body: str, col: int, number: int, i: int) -> int:
        """Handle one non-blank line (container prefixes removed); return the next line index."""
        if body[0] not in _MARKUP_START and "|" not in body:
            # Most lines are plain prose: skip the block-syntax checks (a third of the scan time).
            if self.para:
                self.para.append(body)
            else:
                self.open_text(body, number)
            return i
        if self.para and self.para_item is None and _SETEXT.match(body) and col - self.base() < 4:
            level = 1 if body[0] == "=" else 2
            text = strip_inline("\n".join(self.para))
            self.para = []
            if text:
                self.blocks.append(Block(BlockKind.HEADING, text, self.para_line, level=level))
            return i
        if _BREAK.match(body):
            self.flush()
            return i
        item = _ITEM.match(body)
        # (the list items just closed by this line's column do not count, but a paragraph that was
        # one's text does: "100." after item "99." is the next item, not an amount in its text)
        outside_lists = self.para_item is None and self.para_depth == 0
        if item and self.para and outside_lists and not self.items and _continues_paragraph(item.group(1)):
            self.para.append(body)
            return i
        if item:
            self.list_item(body, col, number, item)
            return i
        atx = _ATX.match(body)
        if atx:
            self.flush()
            self.items.clear()
            text = strip_inline(atx.group(2) or "")
            if text:
                self.blocks.append(Block(BlockKind.HEADING, text, number, level=len(atx.group(1))))
                return i
            return self.title_after_empty_heading(len(atx.group(1)), i)
        fence = _FENCE.match(body)
        if fence:
            return self.code(fence.group(1), number, i)
        if not self.para and _REFDEF.match(body):
            return i
        if _HTML_START.match(body) and (not self.para or blank_line_before(self.lines, number)):
            return self.html(number, i)
        following = self.lines[i] if i < len(self.lines) else ""
        if "|" in body and "-" in following and _TABLE_DELIM.match(following.strip()):
            return self.table(number, i)
        if self.para:
            self.para.append(body)
        else:
            self.open_text(body, number)
        return i

    def base(self) -> int:
        return self.items[-1] if self.items else 0

    def list_item(self, body: str, col: int, number: int, match: re.Match[str]) -> None:
        while True:
            while self.items and col < self.items[-1]:
                self.items.pop()
            if len(self.items) >= MAX_LIST_DEPTH:
                raise DocumentStructureError(
                    self.source, f"line {number}: lists nested more than {MAX_LIST_DEPTH} levels deep",
                    hint=hints.TOO_DEEP,
                )
            marker = match.group(1)
            gap = match.group(2) or ""
            width = len(marker) + (1 if not gap or len(gap) > 4 else len(gap))
            self.items.append(col + width)
            content = body[match.end():]
            inner = _ITEM.match(content)
            if inner is None or not content:
                shown = BULLET if marker in _TEXT_BULLETS else marker
                self.open_text(content, number, item=shown)
                return
            # "- - x": an item whose content starts another list, one level deeper.
            self.open_text("", number, item=BULLET if marker in _TEXT_BULLETS else marker)
            col = col + width
            body = content
            match = inner

    def code(self, fence: str, number: int, i: int) -> int:
        self.flush()
        lines = self.lines
        start = i
        while i < len(lines) and not lines[i].lstrip().startswith(fence):
            i += 1
        text = "\n".join(line.rstrip() for line in lines[start:i]).strip("\n")
        if text.strip():
            self.blocks.append(Block(BlockKind.PARAGRAPH, text, number, depth=len(self.items)))
        return i + 1

    def html(self, number: int, i: int) -> int:
        from terms.parsing.html import html_blocks

        self.flush()
        lines = self.lines
        start = i - 1
        while i < len(lines) and lines[i].strip():
            i += 1
        for block in html_blocks("\n".join(lines[start:i]), self.source, first_line=number):
            block.depth += len(self.items)
            self.blocks.append(block)
        return i

    def table(self, number: int, i: int) -> int:
        self.flush()
        lines = self.lines
        rows = [_table_row(lines[i - 1])]
        i += 1  # the delimiter row
        while i < len(lines) and lines[i].strip() and "|" in lines[i]:
            rows.append(_table_row(lines[i]))
            i += 1
        for offset, row in enumerate(rows):
            if row:
                self.blocks.append(Block(BlockKind.ROW, row, number + offset, depth=len(self.items)))
        return i


def blank_line_before(lines: list[str], number: int) -> bool:
    return number < 2 or not lines[number - 2].strip()


def markdown_blocks(text: str, source: str | None = None) -> list[Block]:
    """The blocks of a Markdown document, in order."""
    return _Scanner(text, source).run()

"""HTML to blocks with the standard library's tokenizer: no browser, nothing rendered or fetched.

Scripts, styles, forms and navigation chrome (``nav``, ``aside``, ``footer`` outside the main
content, and a ``header`` outside it unless it opens the document: a paragraph of sentences, or a
heading and the document's date) are dropped, and so is text a browser never shows:
an element with ``hidden`` or an inline ``display: none`` / ``visibility: hidden`` style,
or an inline one with ``aria-hidden="true"`` (an icon), with everything inside it. Dialogs
(``dialog``, ``role="dialog"`` or ``"alertdialog"``, ``aria-modal="true"``: a cookie banner, a
newsletter prompt) are set aside, and read only when the page has no other text (terms shown in
a pop-up). Where the page marks its main content (``main``, ``role="main"``) and that holds at
least half of the page's text, the text outside it (a banner, a menu built from ``div``) is left
out. Other page chrome is kept: nothing in the markup tells it apart from the terms reliably.
Headings, paragraphs,
list items (numbered as the browser would: ``start``, ``type``, ``value``) and table rows
become blocks. A row of a data table is one block, its cells joined by " | " and the paragraphs
and list items inside a cell kept on lines of their own; a row that holds a heading, a table or a
page's worth of text lays out the page (an old site in a layout table), and its cells' blocks are
kept as they are. Cells and rows whose end tags are left out (valid HTML) end where the next one
starts. The tokenizer is a state machine, so deep nesting costs no stack; list nesting beyond
:data:`MAX_LIST_DEPTH` is refused.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from terms.errors import DocumentStructureError
from terms.parsing import hints
from terms.parsing.blocks import BULLET, MAX_LIST_DEPTH, SUPERSCRIPT_DIGITS, Block, BlockKind
from terms.parsing.labels import roman
from terms.parsing.metadata import is_only_a_date

_DROPPED = frozenset({"script", "style", "noscript", "template", "svg", "math", "nav", "aside", "form",
                      "button", "select", "textarea", "iframe", "object", "canvas"})
_CHROME = frozenset({"header", "footer"})
_MAIN = frozenset({"main", "article"})
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "blockquote", "dd", "dt", "dl", "figure",
                     "figcaption", "address", "center", "table", "thead", "tbody", "tfoot", "caption",
                     "details", "summary", "fieldset", "legend", "body", "html", "hr", "header", "footer"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Elements whose aria-hidden="true" is ignored (see _hidden).
_CONTAINERS = _BLOCKS | _CHROME | _MAIN | _HEADINGS.keys() | {"ul", "ol", "menu", "li", "tr", "td", "th",
                                                             "pre"}
_BOLD = frozenset({"strong", "b"})
#: inline tags whose style can make them bold ("<span style=" font-weight:700;">", as Qt and word
#: processors export bold), and the styles that do
_STYLED = frozenset({"span", "font"})
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold(?:er)?|[6-9]00)\b", re.IGNORECASE)
_AFTER_BOLD = frozenset({":"})  # "<strong>Fees</strong>:" is still a bold-only line, as in Markdown
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param",
                   "source", "track", "wbr"})
# Inline styles a browser shows nothing for; "display: none !important" and upper case included.
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
#: a table cell with more text than this holds a page's content, not a datum: the table lays out
#: the page (the longest data cell in the 31 latest corpus documents rendered to HTML, one of
#: Google's, has 3,000 characters)
_LAYOUT_CELL_CHARS = 6000


def _ordinal(n: int, style: str) -> str:
    if style in ("a", "A") and n > 0:
        letters = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if style == "A" else letters
    if style in ("i", "I") and 0 < n < 4000:
        return roman(n).upper() if style == "I" else roman(n)
    return str(n)


def _hidden(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an element's own attributes keep it off the screen.

    ``hidden="until-found"`` is excluded: the browser reveals such text (collapsed sections)
    when it is searched for or linked to, so it is part of the document. ``aria-hidden`` only
    hides from screen readers; it counts on inline elements (icons, decorative glyphs) but not
    on containers, which scripts mark ``aria-hidden`` while a dialog is open: a page saved with
    its cookie dialog showing would otherwise lose all its text.
    """
    for name, value in attrs:
        if name == "hidden" and (value or "").strip().lower() != "until-found":
            return True
        if name == "aria-hidden" and tag not in _CONTAINERS and (value or "").strip().lower() == "true":
            return True
        if name == "style" and value and _HIDDEN_STYLE.search(value):
            return True
    return False


_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})
#: the main content holds at least this share of the page's text for the rest to be left out
_MAIN_SHARE = 0.5


class _Landmark:
    """An open dialog, main content or page header (``kind``), found by its tag or role; its end is
    found by counting the nested elements of its tag's name (a ``div`` inside a ``div``)."""

    __slots__ = ("depth", "kind", "start", "tag")

    def __init__(self, tag: str, kind: str, start: int) -> None:
        self.tag = tag
        self.kind = kind
        self.depth = 1
        self.start = start  # index in the extractor's blocks where its content begins


#: a cookie banner that is not marked as a dialog, by the names consent tools and sites give it
#: ("By clicking Accept all you agree …" read as the terms' acceptance-by-use clause); a section
#: about cookies (id="cookies") is no banner
_COOKIE_BANNER = re.compile(
    r"\bcookie[-_]?(?:banner|consent|notice|bar|popup|modal|law|policy-banner)\b|\bconsent[-_]?banner\b"
    r"|\bonetrust-banner|\bcybotcookiebot|\bcookiebot|\busercentrics|\bdidomi-notice|\btruste-consent")


def _landmark(tag: str, attrs: list[tuple[str, str | None]]) -> str | None:
    """"dialog", "main" for the main content, or None for any other element."""
    if not attrs:   # most tags: no attributes to read
        return "dialog" if tag == "dialog" else "main" if tag == "main" else None
    values = {name: (value or "").strip().lower() for name, value in attrs}
    if tag == "dialog" or values.get("role") in _DIALOG_ROLES or values.get("aria-modal") == "true":
        return "dialog"
    if _COOKIE_BANNER.search(f"{values.get('id', '')} {values.get('class', '')}"):
        return "dialog"
    if tag == "main" or values.get("role") == "main":
        return "main"
    return None


#: words of a paragraph that reads as the document's opening rather than a site banner's strapline
_OPENING_WORDS = 12


def _opens_the_document(blocks: list[Block]) -> bool:
    """Whether a page header outside the main content holds the document's own opening (its title
    and "Last updated" line, an introduction) rather than site chrome (a logo, links, a strapline)."""
    if any(b.kind is BlockKind.PARAGRAPH and len(b.text.split()) >= _OPENING_WORDS for b in blocks):
        return True
    return any(b.kind is BlockKind.HEADING for b in blocks) and any(is_only_a_date(b.text) for b in blocks)


class _Table:
    """An open table: the cells of its open row, each as the blocks its content made."""

    __slots__ = ("cell_start", "row")

    def __init__(self) -> None:
        self.row: list[list[Block]] | None = None
        self.cell_start: int | None = None  # index in the extractor's blocks where the open cell began


def _text_size(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def _is_layout(cells: list[list[Block]]) -> bool:
    """Whether a row lays out the page rather than holding data (see the module docstring)."""
    return any(block.kind in (BlockKind.HEADING, BlockKind.ROW) for cell in cells for block in cell) or any(
        _text_size(cell) > _LAYOUT_CELL_CHARS for cell in cells)


def _cell_text(cell: list[Block]) -> str:
    """A data cell's text: its paragraphs and list items, one per line."""
    return "\n".join(f"{block.marker} {block.text}" if block.kind is BlockKind.ITEM else block.text
                     for block in cell)


class _List:
    __slots__ = ("counter", "ordered", "style")

    def __init__(self, ordered: bool, start: int, style: str) -> None:
        self.ordered = ordered
        self.counter = start - 1
        self.style = style


class _Extractor(HTMLParser):
    def __init__(self, source: str | None, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.first_line = first_line
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.title: list[str] = []
        self.in_title = False
        self.dropped = 0           # depth inside dropped elements
        self.dropped_stack: list[str] = []
        self.main = 0
        self.pre = 0
        self.heading = 0
        self.lists: list[_List] = []
        self.pending_marker: str | None = None  # an <li> whose text has not been emitted yet
        self.item_depth = 0
        self.in_item = 0
        self.tables: list[_Table] = []
        self.landmarks: list[_Landmark] = []
        self.dialog_blocks: list[Block] = []  # the text of closed dialogs, set aside
        self.main_blocks: set[int] = set()    # ids of the blocks inside a closed main content
        self.opening_blocks: set[int] = set()  # ... and of a page header's that opens the document
        # Bold-only paragraphs are candidate pseudo-headings, as "**…**" paragraphs are in Markdown.
        self.bold = 0              # depth inside <strong> / <b> / a bold <span style="…">
        self.styled: list[bool] = []  # per open <span> / <font>: whether its style is bold
        self.bold_text = False     # the open paragraph has bold words …
        self.plain_text = False    # … and words outside bold
        self.sup_start: int | None = None  # where the open <sup>'s text starts in the buffer
        self.after_br = False      # the buffer's last words are followed by a <br>
        #: a <dt> just closed: its <dd> goes on the same paragraph, on the next line ("“Viewing Data”" /
        #: "means records of the channels …" were two clauses, the term apart from what it means)
        self.term_open = False
        # A block that is only a link into the page is an entry of a table of contents: its
        # "1. About this Policy" read as a second set of numbered headings
        self.in_page_link = 0      # depth inside <a href="#…">
        self.link_text = False     # the open block has words inside such a link …
        self.unlinked_text = False  # … and words outside one

    # -- helpers -----------------------------------------------------------------
    def line(self) -> int:
        return self.first_line + self.getpos()[0] - 1

    def flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer = []
        self.after_br = False
        self.term_open = False
        self.sup_start = None
        strong = self.bold_text and not self.plain_text
        self.bold_text = self.plain_text = False
        # (not a sentence linked to the section that explains it: "We only use data to …")
        contents_entry = (self.link_text and not self.unlinked_text and not self.heading
                          and not raw.rstrip().endswith((".", "!", "?", ":", ";")))
        self.link_text = self.unlinked_text = False
        if contents_entry:
            self.pending_marker = None
            return
        if self.pre:
            text = raw.strip()
        else:   # line breaks are kept (labels start lines), blank lines are not: one block, one paragraph
            lines = (_SPACES.sub(" ", part).strip() for part in raw.split("\n"))
            text = "\n".join(line for line in lines if line)
        if self.pending_marker is not None:
            if not text:
                return
            self.blocks.append(Block(BlockKind.ITEM, text, self.line(), depth=self.item_depth,
                                     marker=self.pending_marker))
            self.pending_marker = None
            return
        if not text:
            return
        if self.heading:
            heading = " ".join(text.split())
            self.blocks.append(Block(BlockKind.HEADING, heading, self.line(), level=self.heading))
            return
        depth = self.item_depth + 1 if self.in_item else 0
        self.blocks.append(Block(BlockKind.PARAGRAPH, text, self.line(), depth=depth,
                                 strong=strong and "\n" not in text))

    # -- tokenizer callbacks -----------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
            return
        if self.dropped or tag in _DROPPED or (tag == "footer" and not self.main) or _hidden(tag, attrs):
            if tag not in _VOID:
                self.dropped += 1
                self.dropped_stack.append(tag)
            return
        if tag not in _VOID:
            for mark in self.landmarks:
                if mark.tag == tag:
                    mark.depth += 1
            kind = _landmark(tag, attrs)
            if kind is None and tag == "header" and not self.main:
                kind = "header"
            if kind is not None:
                self.flush()
                self.landmarks.append(_Landmark(tag, kind, len(self.blocks)))
                if kind == "main" and tag not in _MAIN:  # role="main"
                    self.main += 1
        if tag in _MAIN:
            self.main += 1
        if tag == "a" and (dict(attrs).get("href") or "").startswith("#"):
            self.in_page_link += 1
        if tag in _STYLED:   # the bold ones counted as <b> is, each closed by its own end tag
            bold = bool(_BOLD_STYLE.search(dict(attrs).get("style") or ""))
            self.styled.append(bold)
            self.bold += bold
        if tag in _BOLD:
            self.bold += 1
        elif tag == "sup":
            self.sup_start = len(self.buffer)
        elif tag == "br":
            # "<br><br>" parts paragraphs where a page has no <p> (older pages, e-mails): without
            # this a whole document could be one clause; so does a bold line over its text
            if (self.after_br and not self.heading and not self.pre) or self._bold_line_over_text():
                self.flush()
            else:
                self.buffer.append("\n")
                self.after_br = True
        elif tag in _HEADINGS:
            self.flush()
            self.heading = _HEADINGS[tag]
        elif tag in ("ul", "ol", "menu"):
            self.flush()
            if len(self.lists) >= MAX_LIST_DEPTH:
                raise DocumentStructureError(
                    self.source, f"line {self.line()}: lists nested more than {MAX_LIST_DEPTH} levels deep",
                    hint=hints.TOO_DEEP,
                )
            values = dict(attrs)
            start = values.get("start") or "1"
            self.lists.append(_List(tag == "ol", int(start) if start.lstrip("-").isdigit() else 1,
                                    values.get("type") or "1"))
        elif tag == "li":
            self.flush()
            self.open_item(dict(attrs))
        elif tag == "table":
            self.flush()
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.close_row()
            self.tables[-1].row = []
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            self.close_cell()
            if table.row is None:  # a cell without its <tr>
                table.row = []
            table.cell_start = len(self.blocks)
        elif tag in _ROW_GROUPS and self.tables:
            self.close_row()
        elif tag == "pre":
            self.flush()
            self.pre += 1
        elif tag == "dd" and self.term_open:
            self.term_open = False
        elif tag in _BLOCKS and not (self.pending_marker is not None and not "".join(self.buffer).strip()):
            self.flush()

    def _bold_line_over_text(self) -> bool:
        """Whether a ``<br>`` ends a bold line over its text ("<b>1. Information We Collect</b><br>We
        collect …"), which is then a paragraph of its own and may be a heading, as an all-bold
        paragraph may. Not in a list item, whose bold first words title the item."""
        return (self.bold_text and not self.plain_text and not self.bold and not self.heading
                and not self.pre and not self.in_item and self.pending_marker is None)

    def open_item(self, attrs: dict[str, str | None]) -> None:
        current = self.lists[-1] if self.lists else None
        if current is not None and current.ordered:
            value = attrs.get("value")
            current.counter = int(value) if value and value.lstrip("-").isdigit() else current.counter + 1
            self.pending_marker = f"{_ordinal(current.counter, current.style)}."
        else:
            self.pending_marker = BULLET
        self.item_depth = max(len(self.lists) - 1, 0)
        self.in_item = len(self.lists)

    def close_cell(self) -> None:
        """End the innermost table's open cell, if any: its blocks are kept aside for its row."""
        table = self.tables[-1]
        if table.cell_start is None:
            return
        self.flush()
        assert table.row is not None
        table.row.append(self.blocks[table.cell_start:])
        del self.blocks[table.cell_start:]
        table.cell_start = None

    def close_row(self) -> None:
        """End the innermost table's open row, if any: one row block, or its cells' blocks."""
        self.close_cell()
        table = self.tables[-1]
        cells, table.row = table.row, None
        if not cells:
            return
        if _is_layout(cells):
            self.blocks.extend(block for cell in cells for block in cell)
            return
        texts = [text for text in map(_cell_text, cells) if text]
        if texts:
            line = next(cell[0].line for cell in cells if cell)
            self.blocks.append(Block(BlockKind.ROW, " | ".join(texts), line))

    def close_landmark(self, tag: str) -> None:
        """Count an end tag against the open landmarks; set aside the text of a dialog it closes,
        drop a page header's that does not open the document, and note the blocks of a main content."""
        for mark in reversed(self.landmarks):
            if mark.tag != tag:
                continue
            mark.depth -= 1
            if mark.depth:
                continue
            self.flush()
            self.landmarks.remove(mark)
            inside = self.blocks[mark.start:]
            if mark.kind == "dialog":
                self.dialog_blocks.extend(inside)
                del self.blocks[mark.start:]
            elif mark.kind == "header":
                if not _opens_the_document(inside):
                    del self.blocks[mark.start:]
                else:  # (kept with the main content too: the title, its date and the introduction)
                    self.opening_blocks.update(map(id, inside))
            else:
                self.main_blocks.update(map(id, inside))
                if tag not in _MAIN:
                    self.main = max(self.main - 1, 0)

    def page_blocks(self) -> list[Block]:
        """The blocks read as the document: see the module docstring on dialogs and main content."""
        if not self.blocks:
            return self.dialog_blocks
        main = [block for block in self.blocks if id(block) in self.main_blocks]
        if main and _MAIN_SHARE * _text_size(self.blocks) <= _text_size(main) < _text_size(self.blocks):
            kept = self.main_blocks | self.opening_blocks
            return [block for block in self.blocks if id(block) in kept]
        return self.blocks

    def close_sup(self) -> None:
        """A footnote number in <sup> becomes superscript digits (see blocks.SUPERSCRIPT_DIGITS)."""
        start, self.sup_start = self.sup_start, None
        if start is None or start > len(self.buffer):
            return  # the <sup> opened in another paragraph
        text = "".join(self.buffer[start:])
        number = text.strip()
        if number.isascii() and number.isdigit() and len(number) <= 4:
            self.buffer[start:] = [text.translate(SUPERSCRIPT_DIGITS)]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if self.dropped:
            if tag in self.dropped_stack:
                while self.dropped_stack:
                    self.dropped -= 1
                    if self.dropped_stack.pop() == tag:
                        break
            return
        if tag in _MAIN and self.main:
            self.main -= 1
        if self.landmarks:
            self.close_landmark(tag)
        if tag in _BOLD or (tag in _STYLED and self.styled and self.styled.pop()):
            self.bold = max(self.bold - 1, 0)
        if tag == "a":
            self.in_page_link = max(self.in_page_link - 1, 0)
        if tag == "sup":
            self.close_sup()
        elif tag in _HEADINGS:
            self.flush()
            self.heading = 0
        elif tag in ("ul", "ol", "menu"):
            self.flush()
            if self.lists:
                self.lists.pop()
            self.in_item = min(self.in_item, len(self.lists))
            self.item_depth = max(len(self.lists) - 1, 0)
        elif tag == "li":
            self.flush()
            self.pending_marker = None
        elif tag in ("td", "th") and self.tables:
            self.close_cell()
        elif tag in ("tr", *_ROW_GROUPS) and self.tables:
            self.close_row()
        elif tag == "table" and self.tables:
            self.close_row()
            self.tables.pop()
        elif tag == "pre":
            self.flush()
            self.pre = max(self.pre - 1, 0)
        elif tag == "dt" and "".join(self.buffer).strip() and not self.heading:
            self.buffer.append("\n")
            self.term_open = True
        elif tag in _BLOCKS:
            self.flush()

    def parse_html_declaration(self, i: int) -> int:
        # html.parser asserts on malformed "<![…" / "<!…" declarations; skip them like a browser.
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return end + 1 if end >= 0 else -1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.dropped:
            # a single line break in the source is a space on screen: a paragraph wrapped in the file read
            # as lines, and a list of data cut at a line end lost its words; a blank line still parts text
            # that is plain text more than markup ("<p>Intro\n\n1. first")
            self.buffer.append(data if self.pre else
                               "\n".join(_SPACES.sub(" ", part) for part in _BLANK_LINE.split(data)))
            if data.strip():
                self.after_br = False
                if self.in_page_link:
                    self.link_text = True
                else:
                    self.unlinked_text = True
                if self.bold:
                    self.bold_text = True
                elif data.strip() not in _AFTER_BOLD:
                    self.plain_text = True

    def close(self) -> None:
        super().close()
        while self.tables:  # tables left open at the end of the file
            self.close_row()
            self.tables.pop()
        self.flush()


def html_blocks(text: str, source: str | None = None, first_line: int = 1) -> list[Block]:
    """The blocks of an HTML document or fragment, in order."""
    return extract_html(text, source, first_line)[0]


def extract_html(text: str, source: str | None = None, first_line: int = 1) -> tuple[list[Block], str | None]:
    """``(blocks, <title> text or None)`` of an HTML document."""
    parser = _Extractor(source, first_line)
    try:
        parser.feed(text)
        parser.close()
    except AssertionError as exc:  # the tokenizer's remaining internal checks
        raise DocumentStructureError(source, f"line {parser.line()}: unreadable HTML ({exc})",
                                     hint=hints.TOO_DEEP) from None
    title = " ".join("".join(parser.title).split()) or None
    return parser.page_blocks(), title

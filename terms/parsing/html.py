"""HTML to blocks with the standard library's tokenizer: no browser, nothing rendered or fetched.

Scripts, styles, forms and navigation chrome (``nav``, ``aside``, and ``header`` /
``footer`` outside the main content) are dropped, and so is text a browser never shows:
an element with ``hidden`` or an inline ``display: none`` / ``visibility: hidden`` style,
or an inline one with ``aria-hidden="true"`` (an icon), with everything inside it. Other
page chrome (cookie banners, menus built from ``div``, site footers inside ``main``) is
kept: nothing in the markup tells it apart from the terms reliably. Headings, paragraphs,
list items (numbered as the browser would: ``start``, ``type``, ``value``) and table rows
become blocks. The tokenizer is a state machine, so deep nesting costs no stack; list
nesting beyond :data:`MAX_LIST_DEPTH` is refused.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from terms.errors import DocumentStructureError
from terms.parsing import hints
from terms.parsing.blocks import BULLET, MAX_LIST_DEPTH, SUPERSCRIPT_DIGITS, Block, BlockKind
from terms.parsing.labels import roman

_DROPPED = frozenset({"script", "style", "noscript", "template", "svg", "math", "nav", "aside", "form",
                      "button", "select", "textarea", "iframe", "object", "canvas", "dialog"})
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
_AFTER_BOLD = frozenset({":"})  # "<strong>Fees</strong>:" is still a bold-only line, as in Markdown
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param",
                   "source", "track", "wbr"})
# Inline styles a browser shows nothing for; "display: none !important" and upper case included.
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


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
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        # Bold-only paragraphs are candidate pseudo-headings, as "**…**" paragraphs are in Markdown.
        self.bold = 0              # depth inside <strong> / <b>
        self.bold_text = False     # the open paragraph has bold words …
        self.plain_text = False    # … and words outside bold
        self.sup_start: int | None = None  # where the open <sup>'s text starts in buffer or cell

    # -- helpers -----------------------------------------------------------------
    def line(self) -> int:
        return self.first_line + self.getpos()[0] - 1

    def flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer = []
        self.sup_start = None
        strong = self.bold_text and not self.plain_text
        self.bold_text = self.plain_text = False
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
        if self.dropped or tag in _DROPPED or (tag in _CHROME and not self.main) or _hidden(tag, attrs):
            if tag not in _VOID:
                self.dropped += 1
                self.dropped_stack.append(tag)
            return
        if tag in _MAIN:
            self.main += 1
        if tag in _BOLD:
            self.bold += 1
        elif tag == "sup":
            self.sup_start = len(self.cell if self.cell is not None else self.buffer)
        elif tag == "br":
            (self.cell if self.cell is not None else self.buffer).append("\n")
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
        elif tag == "tr":
            self.flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.sup_start = None
        elif tag == "pre":
            self.flush()
            self.pre += 1
        elif tag in _BLOCKS and not (self.pending_marker is not None and not "".join(self.buffer).strip()):
            self.flush()

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

    def close_sup(self) -> None:
        """A footnote number in <sup> becomes superscript digits (see blocks.SUPERSCRIPT_DIGITS)."""
        target = self.cell if self.cell is not None else self.buffer
        start, self.sup_start = self.sup_start, None
        if start is None or start > len(target):
            return  # the <sup> opened in another cell or paragraph
        text = "".join(target[start:])
        number = text.strip()
        if number.isascii() and number.isdigit() and len(number) <= 4:
            target[start:] = [text.translate(SUPERSCRIPT_DIGITS)]

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
        if tag in _BOLD:
            self.bold = max(self.bold - 1, 0)
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
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            cells = [c for c in self.row if c]
            if cells:
                self.blocks.append(Block(BlockKind.ROW, " | ".join(cells), self.line()))
            self.row = None
        elif tag == "pre":
            self.flush()
            self.pre = max(self.pre - 1, 0)
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
            (self.cell if self.cell is not None else self.buffer).append(data)
            if self.cell is None and data.strip():
                if self.bold:
                    self.bold_text = True
                elif data.strip() not in _AFTER_BOLD:
                    self.plain_text = True

    def close(self) -> None:
        super().close()
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
    return parser.blocks, title

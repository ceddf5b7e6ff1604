"""PDF to blocks with pypdf: the text layer only (no OCR), with the layout pypdf reports for it.

Text runs are grouped into lines by their position on the page; text drawn outside the page (a
line that straddles a page break is drawn, clipped, on both pages) is dropped, and so is a
line repeated at the top of a page that ended in it. Lines repeated at the top or bottom of
most pages (running headers, footers, page numbers) are dropped too. When the PDF leaves
vertical space between paragraphs, as word processors and Qt do, lines are grouped into
paragraphs by that space, by a change of indentation and by a short last line; larger bold
lines are headings (levels by size), whole bold lines are candidate pseudo-headings like bold
Markdown paragraphs, and indented paragraphs are list items. A ruled table (a grid of drawn lines,
:mod:`terms.parsing.pdf_tables`) is read cell by cell, one line of "cell | cell | cell" per row, and
a header row drawn again at the top of the next page is read once. A PDF without such space (every
line equally spaced) is read as plain text, with paragraph ends guessed from punctuation.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from terms.errors import UnsupportedDocument
from terms.parsing import hints
from terms.parsing.blocks import BULLET, Block, BlockKind
from terms.parsing.dehyphen import join_lines, writer_hyphenates
from terms.parsing.labels import split_label
from terms.parsing.pdf_tables import RuleFinder, Table, cell_of, find_tables
from terms.wording import join_words

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-–]\s*\d{1,4}\s*[-–]",
                          re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_MIN_TEXT = 20  # characters of real text below which a PDF counts as having no text layer
_PARAGRAPH_GAP = 1.6   # a baseline gap above this many font sizes separates paragraphs
_HEADING_SIZE = 1.15   # a bold line this much larger than the body text is a heading
_SHORT_LINE = 0.7      # a line shorter than this share of a full line ends its paragraph
_FULL_LINE = 0.9       # a line at least this share of a full one is filled to the margin
_WRAPPED_CAPS = 50     # characters: an ALL CAPS line this long is wrapped text, not a heading
_INDENT = 4.0          # points of extra left margin that make a paragraph a list item
_COLUMN_GAP = 72.0     # points: a line this far right of the one before, and higher, starts a column
_HANGING_INDENT = 40.0  # points: the widest hanging indent under a numbered clause's first line
_COLUMN_LINES = 8       # lines a column of text holds at least (a table's cell holds fewer)
_SENTENCE_END = tuple(".:;!?")
_PSEUDO_HEADING_WORDS = 14  # a bold paragraph up to this long may be a pseudo-heading (segment.py)
# A run of nothing but one of these is a list bullet drawn apart from its item: "•" and its kin,
# Word's Symbol-font bullet (U+F0B7) and what a bullet without a Unicode mapping decodes to (DEL
# for reportlab's, U+FFFD). Dashes and asterisks are left out: alone, they also join words.
_GLYPH_BULLET = re.compile(r"[•·▪◦‣●○■□▸►➢✓\x7f\ufffd\uf0b7\uf0a7]")
_TYPED_BULLET = re.compile(r"\s*[•▪◦‣●■▸►➢\x7f\uf0b7\uf0a7][ \t\u00a0]+(?=\S)")


@dataclass(slots=True)
class _Line:
    text: str
    x: float      # left edge of the first run, in points
    text_x: float  # left edge of the text after a list number drawn apart ("1."), else ``x``
    y: float      # baseline, in points from the bottom of the page
    size: float   # largest font size on the line, in points
    bold: bool    # every run with letters is in a bold face
    lead_bold: bool  # the line starts in a bold face (a run-in heading, perhaps)
    bullet: bool = False  # a small filled shape (a list bullet drawn as a disc or square) precedes it
    typed: bool = False   # ... or a bullet typed at the start of the paragraph's text ("• Resident means …")
    cell: tuple[int, int, int] | None = None  # (table, row, column) of a ruled table the line is in
    row: bool = False  # a whole table row, its cells joined by " | " (see pdf_tables)


def pdf_blocks(data: bytes, source: str | None,
               notes: list[str] | None = None) -> tuple[list[Block], str | None]:
    """``(blocks, title from the PDF metadata or None)``.

    Without a metadata title, the document's headings (the larger bold lines) give it, as in
    the other formats. Pages whose content could not be decoded are named in ``notes``: pypdf
    reads them as blank, and a reader would not know that a page's clauses are missing.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every quirk it repairs
    reader: PdfReader | None = None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedDocument(source, "is an encrypted PDF (it needs a password)",
                                      hint=hints.ENCRYPTED_PDF)
        pages = [_page_lines(page) for page in reader.pages]
        unread = [number for number, page in enumerate(reader.pages, start=1)
                  if not pages[number - 1] and _undecodable(page)]
        title = reader.metadata.title if reader.metadata else None
    except UnsupportedDocument:
        raise
    except (PyPdfError, DependencyError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            AssertionError, RecursionError, OSError, NotImplementedError, ZeroDivisionError) as exc:
        # pypdf signals damaged files with many exception types; all mean the same to a reader.
        reason = str(exc).split("\n", 1)[0][:120] or type(exc).__name__
        if _encrypted(reader):  # e.g. AES, which pypdf decrypts only with an optional library
            raise UnsupportedDocument(source, f"is an encrypted PDF that cannot be decrypted ({reason})",
                                      hint=hints.ENCRYPTED_PDF) from None
        raise UnsupportedDocument(source, f"is not a readable PDF ({_plain_reason(reason)})",
                                  hint=hints.DAMAGED_PDF) from None
    if sum(len(line.text) for lines in pages for line in lines) < _MIN_TEXT:
        if unread:
            raise UnsupportedDocument(source, "is a damaged PDF (its pages' content could not be decoded)",
                                      hint=hints.DAMAGED_PDF)
        raise UnsupportedDocument(source, "has no text layer (scanned?)", hint=hints.SCANNED_PDF)
    if unread and notes is not None:
        which, their = ("page", "its") if len(unread) == 1 else ("pages", "their")
        notes.append(f"{source or 'the PDF'}: {which} {_numbers(unread)} of {len(pages)} could not be "
                     f"decoded (damaged content), so {their} text is missing; download or export the PDF "
                     "again")
    pages = _drop_repeated_table_headers(_drop_running_lines(pages))
    if _spaced(pages):
        blocks = _layout_blocks(pages)
    else:
        from terms.parsing.plaintext import text_blocks

        blocks = text_blocks(_plain_text(pages))
    return blocks, (str(title) if title else None)


#: What pypdf's messages about a damaged file mean, in a reader's words (matched case-insensitively).
_PLAIN_REASONS = (
    (("stream has ended unexpectedly", "eof marker not found", "startxref not found",
      "unexpected end", "could not find xref"),
     "the file ends too soon: it was cut short, perhaps by a download that did not finish"),
    (("limit reached while decompressing",),
     "a page unpacks to far more data than a document holds; the file is damaged or built to overload "
     "readers"),
)


def _plain_reason(reason: str) -> str:
    """pypdf's account of a damaged file in plain words where it is a common one, else its own
    ("the PDF library says: …")."""
    folded = reason.casefold()
    for phrases, plain in _PLAIN_REASONS:
        if any(phrase in folded for phrase in phrases):
            return plain
    return f"the PDF library says: {reason}"


def _numbers(numbers: list[int]) -> str:
    """ "3", "3 and 7", "3, 7 and 9" (the first ten, then how many more)."""
    more = [f"{len(numbers) - 10} more"] if len(numbers) > 10 else []
    return join_words([str(n) for n in numbers[:10]] + more)


def _undecodable(page: PageObject) -> bool:
    """Whether the page's content stream holds bytes that its filters could not decode (pypdf logs
    the error and reads the page as blank)."""
    try:
        contents = page.get("/Contents")
        streams = contents.get_object() if contents is not None else []
        streams = streams if isinstance(streams, list) else [streams]
        # ``_data`` is the stream's bytes as stored; pypdf has no public name for them
        return any(getattr(s.get_object(), "_data", b"") and not s.get_object().get_data() for s in streams)
    except Exception:  # a page too damaged to look at: it was not read either
        return True


def _encrypted(reader: PdfReader | None) -> bool:
    """Whether a (possibly half-read) reader has an encryption dictionary."""
    try:
        return reader is not None and reader.is_encrypted
    except Exception:  # a trailer too damaged to tell: not known to be encrypted
        return False


# -- lines ---------------------------------------------------------------------------


def _page_lines(page: PageObject) -> list[_Line]:
    """The page's text lines in drawing order (see :func:`_read_lines`); where the page draws a ruled
    table, the page is read again with its cells kept apart, and each table row becomes one line."""
    rules = RuleFinder()
    lines = _read_lines(page, rules.visit)
    tables = find_tables(rules)
    if not tables:
        return lines
    return _table_rows(_read_lines(page, None, tables))


def _drop_repeated_table_headers(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Without a table's header row drawn again at the top of the page it goes on to: a page that
    ends in a table and a next page that starts with a row the same as that table's first."""
    out: list[list[_Line]] = []
    for lines in pages:
        before = out[-1] if out else []
        if lines and lines[0].row and before and before[-1].row:
            start = len(before) - 1
            while start > 0 and before[start - 1].row:
                start -= 1
            if before[start].text == lines[0].text:
                lines = lines[1:]
        out.append(lines)
    return out


def _table_rows(lines: list[_Line]) -> list[_Line]:
    """The lines with those of each table row replaced, where the row's first one was, by one line
    of its cells' texts joined by " | " (an empty cell left out, as the HTML reader does)."""
    rows: dict[tuple[int, int], list[_Line]] = {}
    out: list[_Line | tuple[int, int]] = []
    for line in lines:
        if line.cell is None:
            out.append(line)
            continue
        key = line.cell[:2]
        if key not in rows:
            rows[key] = []
            out.append(key)
        rows[key].append(line)
    result: list[_Line] = []
    for item in out:
        if isinstance(item, _Line):
            result.append(item)
            continue
        members = rows[item]
        cells: dict[int, list[_Line]] = {}
        for line in members:
            cells.setdefault(line.cell[2], []).append(line)  # type: ignore[index]
        texts = [" ".join(line.text for line in sorted(cells[column], key=lambda line: (-line.y, line.x)))
                 for column in sorted(cells)]
        first = max(members, key=lambda line: line.y)
        left = min(line.x for line in members)
        result.append(_Line(" | ".join(text for text in texts if text), left, left, first.y,
                            max(line.size for line in members), all(line.bold for line in members),
                            first.lead_bold, row=True))
    return result


def _read_lines(page: PageObject, draws: Any, tables: list[Table] | None = None) -> list[_Line]:
    """The page's text lines in drawing order; runs on one baseline make one line, and a bullet
    left of a line (a small filled shape, or a bullet character drawn on its own) marks it.
    ``draws`` also sees the page's drawing operators; in ``tables``, runs in different cells make
    different lines, each knowing its cell."""
    box = page.mediabox
    low, high = float(box.bottom), float(box.top)
    lines: list[_Line] = []
    parts: list[str] = []
    # the last run ended its text object (pypdf marks that with a line break): a run on the same
    # baseline after it is another word or phrase, as writers that place words one by one draw them
    ended = False

    def close() -> None:
        if lines and parts:
            lines[-1].text = _SPACES.sub(" ", lines[-1].text + "".join(parts)).strip()
        parts.clear()

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        nonlocal ended
        if not text or not text.strip("\n"):
            ended = ended or "\n" in text
            return  # pypdf's own line breaks: lines come from positions instead
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if not low - 1 <= y <= high + 1:
            return  # drawn outside the page: clipped, and shown again on the next page
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        points = abs(size) * math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        mid_line = bool(lines) and abs(lines[-1].y - y) <= max(points, 1.0) * 0.5 and bool(parts)
        if _GLYPH_BULLET.fullmatch(text.strip()) and not mid_line:
            # Its own line, it was read as a bold heading "§ �"; joined to the item's first line it
            # made that line larger and further left than the item's other lines. (After text on its
            # line it is a separator: "Contact · privacy@…".)
            glyphs.append((x, y + points / 3))
            return
        typed = _TYPED_BULLET.match(text) if not mid_line else None
        if typed:
            # a bullet typed at the start of the paragraph's text ("• Resident means …"): it marks
            # the line as an item like a bullet drawn apart, and leaves the item's text
            glyphs.append((x - 1, y + points / 3))
            text = text[typed.end():]
        name = str(font.get("/BaseFont", "")) if font else ""
        bold = bool(_BOLD_FONT.search(name)) or not any(ch.isalnum() for ch in text)
        pieces = text.split("\n")
        space_before = ended
        ended = len(pieces) > 1 and not pieces[-1].strip()
        if ended:
            # A run ending in a line break ("Tj T*", as many writers draw each line): where the next
            # line goes, its own position says. A line guessed here would take this run's size and
            # face, and the next paragraph's first line would join it (a heading's, even).
            pieces.pop()
        for index, piece in enumerate(pieces):
            line_y = y - index * points * 1.2
            cell = cell_of(tables, x, line_y) if tables else None
            same_line = (index == 0 and lines and abs(lines[-1].y - y) <= max(points, 1.0) * 0.5
                         and lines[-1].cell == cell)
            if not same_line:
                close()
                if not piece.strip():
                    continue
                # A break inside one run (the text matrix did not move): the next line down.
                lines.append(_Line("", x, x, line_y, points, bold, bold, cell=cell,
                                   typed=typed is not None and index == 0))
            else:
                line = lines[-1]
                line.size = max(line.size, points)
                line.bold = line.bold and bold
                if x > line.x and line.text_x == line.x and _marker_only(parts):
                    # A list number drawn apart from its item ("1." then the text): wrapped lines
                    # of the item start at the text's edge.
                    line.text_x = x
                    if not piece[:1].isspace():
                        parts.append(" ")
                elif space_before and parts and _apart(parts[-1], piece):
                    parts.append(" ")   # words placed one by one ("We" "never" "sell" …)
            parts.append(piece.replace("\t", " "))

    marks = _BulletFinder()
    glyphs: list[tuple[float, float]] = []

    def operators(operator: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        marks.visit(operator, operands, cm, tm)
        if draws is not None:
            draws(operator, operands, cm, tm)

    page.extract_text(visitor_text=visit, visitor_operand_before=operators)
    close()
    kept = [line for line in lines if line.text]
    for x, y in marks.found + glyphs:
        beside = [line for line in kept if x < line.x and line.x - x <= 3 * line.size
                  and abs(line.y - y) <= line.size]
        if beside:
            min(beside, key=lambda line: abs(line.y + line.size / 3 - y)).bullet = True
    return kept


_FILLS = frozenset({b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"})
_PATH_ENDS = frozenset({b"S", b"s", b"n"}) | _FILLS
_MAX_BULLET = 7.0  # points: a filled shape no wider or taller than this, left of a line, is its bullet


class _BulletFinder:
    """Centres of small filled shapes: list bullets that some writers (Qt among them) draw as
    vector discs or squares instead of a "•" character."""

    def __init__(self) -> None:
        self.found: list[tuple[float, float]] = []
        self.points: list[tuple[float, float]] = []

    def visit(self, operator: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if operator in (b"m", b"l", b"c", b"v", b"y", b"re"):
            try:
                values = [float(value) for value in operands]
            except (TypeError, ValueError):
                return
            if operator == b"re" and len(values) == 4:
                values = [values[0], values[1], values[0] + values[2], values[1] + values[3]]
            for x, y in zip(values[::2], values[1::2], strict=False):
                self.points.append((x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]))
        elif operator in _PATH_ENDS:
            if operator in _FILLS and self.points:
                xs = [x for x, _ in self.points]
                ys = [y for _, y in self.points]
                width, height = max(xs) - min(xs), max(ys) - min(ys)
                if 0.5 <= width <= _MAX_BULLET and 0.5 <= height <= _MAX_BULLET:
                    self.found.append(((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2))
            self.points = []


_OPENING = tuple("“‘\"'([{/-–—")
_CLOSING = tuple("”’\"'),.;:!?]}/-–—")


def _apart(before: str, after: str) -> bool:
    """Whether two runs drawn as separate text objects on one line are separate words: neither
    side has the space, and it is not a quote, bracket or punctuation mark around a word drawn in
    another face ("(“" + bold "RPS" + "”)", as Qt draws it)."""
    return bool(before and after) and not (before[-1].isspace() or after[0].isspace()
                                           or before.endswith(_OPENING) or after.startswith(_CLOSING))


def _marker_only(parts: list[str]) -> bool:
    """Whether the line so far is nothing but a list number ("1.", "(a)")."""
    text = "".join(parts).strip()
    if not text or len(text) > 8:
        return False
    label, rest = split_label(text)
    return label is not None and not rest


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without running headers, footers and page numbers on their top or bottom two baselines.

    A running line recurs at a page's edge on at least half the pages (and 3 pages or more), its
    numbers aside (:func:`_running_key`). The
    edges are found by position, not drawing order: many writers draw the header and footer
    before or after the body, or a header in two parts (a title left, a date right). A line cut
    by a page break and drawn, clipped, on both pages is kept once. Nothing is dropped when that
    would leave no text at all (every page the same line is a document, not a running header). A line
    counts as the running one only at its size: the title on page 1, in large type, is no header that
    repeats its words in small type on every page.
    """
    edges = [_edge_lines(lines) for lines in pages]
    repeated: set[tuple[str, int]] = set()
    if len(pages) >= 3:
        counts: Counter[tuple[str, int]] = Counter()
        for lines, edge in zip(pages, edges, strict=True):
            counts.update({(_running_key(lines[index].text), round(lines[index].size)) for index in edge})
        repeated = {key for key, n in counts.items() if n >= max(3, len(pages) // 2)}
    kept = []
    for lines, edge in zip(pages, edges, strict=True):
        kept.append([line for index, line in enumerate(lines)
                     if not (index in edge and ((_running_key(line.text), round(line.size)) in repeated
                                                or _PAGE_NUMBER.fullmatch(line.text)))])
    if sum(len(line.text) for lines in kept for line in lines) < _MIN_TEXT:
        return pages
    return _drop_repeated_at_breaks(kept)


def _running_key(text: str) -> str:
    """A line as a running header or footer recurs: without the page number it starts or ends with,
    since a footer that carries one ("example.com/privacy   Page 3 of 6", "4 | Privacy Policy")
    differs on every page."""
    return _PAGE_NUMBER_AT_EDGE.sub("#", text)


_PAGE_NUMBER_AT_EDGE = re.compile(r"(?:^|\s)(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$"
                                  r"|^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?=\s*[|·•–-]?\s)",
                                  re.IGNORECASE)


def _edge_lines(lines: list[_Line]) -> set[int]:
    """Indexes of the lines on the page's two highest and two lowest baselines."""
    baselines = sorted({round(line.y) for line in lines})
    edge = set(baselines[:2] + baselines[-2:])
    return {index for index, line in enumerate(lines) if round(line.y) in edge}


_CLIPPED_MIN = 20  # characters: a line this long repeated across a page break was drawn on both pages


def _drop_repeated_at_breaks(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Without a page's top line when the page before ended in the same line (a line straddling
    the break, drawn clipped on both pages by writers that paint page by page)."""
    out: list[list[_Line]] = []
    for lines in pages:
        if out and out[-1] and lines:
            last = min(out[-1], key=lambda line: line.y)
            first = max(lines, key=lambda line: line.y)
            if len(first.text) >= _CLIPPED_MIN and first.text == last.text:
                lines = [line for line in lines if line is not first]
        out.append(lines)
    return out


def _spaced(pages: list[list[_Line]]) -> bool:
    """Whether the PDF leaves extra space between paragraphs somewhere (then layout tells them apart)."""
    for lines in pages:
        for above, below in itertools.pairwise(lines):
            if _gap(above, below) > _PARAGRAPH_GAP:
                return True
    return False


def _gap(above: _Line, below: _Line) -> float:
    """Baseline distance in font sizes; a line further up the page (a new column) counts as a gap."""
    distance = above.y - below.y
    if distance < 0:
        return math.inf
    return distance / max(above.size, below.size, 1.0)


# -- paragraphs from layout ----------------------------------------------------------------


def _layout_blocks(pages: list[list[_Line]]) -> list[Block]:
    lines = [line for page in pages for line in page]
    body_size = _most_common(round(line.size, 1) for line in lines)
    margin_of = _column_margins(pages, _left_margin(lines))
    full = _full_lengths(lines)
    groups: list[list[_Line]] = []
    ended = True   # the last line drawn on the page before is where its text ends
    for page in pages:
        for index, line in enumerate(page):
            if line.row or (index > 0 and page[index - 1].row):
                groups.append([line])  # (a table row stands alone, and so does what follows it)
                continue
            # a new page, or a new column (a line further up the page and well to the right: a header
            # drawn after the body is further up too, but over the first column): a sentence may go
            # on there
            turn = (index == 0 and ended) or (
                index > 0 and page[index - 1].y < line.y and line.x > page[index - 1].x + _COLUMN_GAP)
            last = groups[-1][-1] if groups else None
            if turn and last is not None and _continues_across_pages(
                    last, line, full, column=index > 0,
                    shift=margin_of[id(line)] - margin_of[id(last)]):
                groups[-1].append(line)
            elif index == 0 or _starts_paragraph(page[index - 1], line, full, margin_of[id(line)],
                                                 len(groups[-1]) == 1, body_size * _HEADING_SIZE):
                groups.append([line])
            else:
                groups[-1].append(line)
        ended = not page or _ends_page(page[-1], page)
    heading_sizes = sorted({round(group[0].size, 1) for group in groups
                            if _is_heading(group, body_size) and group[0].size > body_size * _HEADING_SIZE},
                           reverse=True)
    # An indentation that starts several paragraphs is a list's; a lone one is a centred or
    # displaced line, which stays a paragraph unless a bullet or number marks it.
    # (per column: the right column's text is no list item of the left one's)
    margins = [margin_of[id(group[0])] for group in groups]
    indented = Counter((m, round(group[0].text_x)) for group, m in zip(groups, margins, strict=True)
                       if _indented(group, m))
    indents = {m: sorted(x for n, x in indented if n == m) for m in set(margins)}
    # where a list draws its bullets, an unmarked paragraph at its indentation goes on with the
    # item before it (a second paragraph of the item), not a new item
    drawn = {round(group[0].text_x) for group in groups if group[0].bullet}
    words = _word_counts(lines)
    hyphenates = writer_hyphenates([line.text for line in lines], words)
    blocks: list[Block] = []
    for number, (group, margin) in enumerate(zip(groups, margins, strict=True), start=1):
        if group[0].row:
            blocks.append(Block(BlockKind.ROW, group[0].text, number))
            continue
        text = join_lines([line.text for line in group], words, hyphenates=hyphenates)
        if _is_heading(group, body_size):
            size = round(group[0].size, 1)
            level = min(heading_sizes.index(size) + 1 if size in heading_sizes else len(heading_sizes) + 1, 6)
            blocks.append(Block(BlockKind.HEADING, text, number, level=level))
        elif _indented(group, margin) and (indented[margin, round(group[0].text_x)] > 1 or group[0].bullet
                                           or group[0].text_x > group[0].x):
            depth = indents[margin].index(round(group[0].text_x))
            label, rest = split_label(text)
            if label is not None and rest and not group[0].bullet:
                blocks.append(Block(BlockKind.ITEM, rest, number, depth=depth, marker=label.text))
            elif (not group[0].bullet and round(group[0].text_x) in drawn and blocks
                  and blocks[-1].kind is BlockKind.ITEM and blocks[-1].depth == depth):
                blocks.append(Block(BlockKind.PARAGRAPH, text, number, depth=depth + 1))
            else:
                blocks.append(Block(BlockKind.ITEM, text, number, depth=depth, marker=BULLET))
        else:
            strong = all(line.bold for line in group)
            blocks.append(Block(BlockKind.PARAGRAPH, text, number, strong=strong))
    return blocks


def _column_margins(pages: list[list[_Line]], margin: float) -> dict[int, float]:
    """Each line's left margin (by ``id``): the text's, or on a page set in columns, that of its column
    (the lines after a turn to a column further right and higher up): a right column read against the
    left one's margin was all list items, its headings and clauses numbered under the left column's."""
    margins: dict[int, float] = {}
    for page in pages:
        columns: list[list[_Line]] = [[]]
        for index, line in enumerate(page):
            if index > 0 and page[index - 1].y < line.y and line.x > page[index - 1].x + _COLUMN_GAP:
                columns.append([])
            columns[-1].append(line)
        for column in columns:
            # (not a table's cells, drawn one after another: a few lines each)
            edge = _left_margin(column) if len(columns) > 1 and len(column) >= _COLUMN_LINES else margin
            own = edge if edge > margin + _COLUMN_GAP else margin
            margins.update((id(line), own) for line in column)
    return margins


def _left_margin(lines: list[_Line]) -> float:
    """The body text's left edge: the leftmost edge that a tenth of the lines share (a stray mark
    further left does not count)."""
    edges = Counter(round(line.x) for line in lines)
    common = [edge for edge, n in edges.items() if n >= max(2, len(lines) // 10)]
    return float(min(common)) if common else min((line.x for line in lines), default=0.0)


def _indented(group: list[_Line], margin: float) -> bool:
    """Every line of the paragraph is right of the margin (a first-line indent alone does not count)."""
    return min(line.x for line in group) > margin + _INDENT


def _most_common(values: Any) -> float:
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else 0.0


def _full_lengths(lines: list[_Line]) -> dict[int, float]:
    """Per left edge, the length of a full line there (characters: fonts are proportional, but
    the mix of letters evens out over a line)."""
    by_edge: dict[int, list[int]] = {}
    for line in lines:
        by_edge.setdefault(round(line.x), []).append(len(line.text))
    return {edge: statistics.quantiles(lengths, n=10)[-1] if len(lengths) >= 2 else lengths[0]
            for edge, lengths in by_edge.items()}


def _starts_paragraph(above: _Line, line: _Line, full: dict[int, float], margin: float,
                      above_opens: bool, heading_size: float) -> bool:
    """Whether ``line`` opens a new paragraph rather than wrapping the one ``above`` it.

    ``above_opens``: the line above is the first of its paragraph (which may be indented);
    ``heading_size``: the font size above which a bold line is a heading.
    """
    if _gap(above, line) > _PARAGRAPH_GAP or abs(above.size - line.size) > 0.5:
        return True
    if (above.bold and line.bold and min(above.size, line.size) > heading_size
            and not above.text.endswith(_SENTENCE_END) and split_label(line.text)[0] is None):
        # a large bold heading wrapped onto a second line, centred or not: one heading (a title
        # read as two gave every clause under it another id)
        return False
    if line.bullet or line.text_x > line.x:
        return True  # a list item: a bullet or a number drawn apart from the text
    ends_sentence = above.text.endswith(_SENTENCE_END)
    short = len(above.text) < _SHORT_LINE * full.get(round(above.x), len(above.text))
    if min(abs(above.x - line.x), abs(above.text_x - line.x)) > _INDENT:
        first_line_indent = (above_opens and above.x > line.x and above.text_x == above.x
                             and not (above.bullet or short))
        # a numbered clause set with a hanging indent: its number out at the margin, its wrapped lines
        # in line with the text after the number (which the PDF may not draw apart: "1.1 This notice")
        # (or a bullet typed into the paragraph, its wrapped lines set in from the bullet)
        hanging = (above_opens and 0 < line.x - above.x <= _HANGING_INDENT and not short
                   and ((split_label(above.text)[0] is not None and not above.bullet)
                        or (above.typed and split_label(line.text)[0] is None)))
        return not (first_line_indent or hanging)  # otherwise indented or outdented: a list starts or ends
    if above.bold and not line.bold and above.text.isupper():
        return True  # text after a bold ALL CAPS heading line
    # a line bold from end to end and as long as the text's lines goes on with bold words in the
    # paragraph's prose (Discord's "… will be conducted. **You agree to cooperate in good faith …"),
    # where a heading or a run-in title is short or turns plain within the line
    bold_prose = line.bold and len(line.text) >= _SHORT_LINE * full.get(round(line.x), len(line.text))
    if line.lead_bold and not above.bold and (short or (ends_sentence and not bold_prose)):
        return True  # a bold line, or a paragraph opening with a bold run-in heading, after text
    label = split_label(line.text)[0]
    if label is not None and (ends_sentence or _looks_like_heading(above.text)) \
            and not (label.text.startswith("(") and _NUMBER_WORD_END.search(above.text)):
        # a numbered clause after a finished sentence or a numbered heading ("1. Data"), where the
        # PDF leaves no space between paragraphs: 1.2 ran on inside 1.1, and the sale it made was
        # cited as §1.1
        return True
    # In a list (indented), items need not end in punctuation: a short line still ends one.
    in_list = line.x > margin + _INDENT
    return short and (ends_sentence or (in_list and line.text[:1].isupper()))


def _ends_page(last: _Line, page: list[_Line]) -> bool:
    """Whether the line drawn last on ``page`` is where its text ends: no line of its column (or
    one further right) lies below it. A header drawn after the body is drawn last but sits on top,
    and the next page's first line must not go on from it."""
    return all(line.y >= last.y - 1 or line.x < last.x - _COLUMN_GAP for line in page)


#: a number in words at a line's end, which legal drafting repeats in figures on the next line ("thirty" /
#: "(30) days")
_NUMBER_WORD_END = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety|hundred|thousand)$", re.IGNORECASE)
#: a line ending in a word that a clause number follows as a reference ("You may opt out of Section" /
#: "17.2 by sending written notice …"), where the number on the next line is no new clause
_REFERENCE_END = re.compile(r"\b(?:sections?|clauses?|paragraphs?|articles?|parts?|schedules?|exhibits?|annex"
                            r"|appendix|items?|points?|§)$", re.IGNORECASE)
#: a numbered line that opens a sentence ("6.3 We may remove a review or price report that breaches" /
#: "Section 6.1. When we do, …"): no heading, so a reference wrapped to the next line is no new clause
_SENTENCE_OPENING = re.compile(r"(?:we|you|our|your|it|they)\s+(?:may|will|can|must|shall|do|does|are|is|have"
                               r"|agree|need|should|might|would)\b", re.IGNORECASE)
#: a clause's number, or its letter in brackets ("(d) Fleet vehicles …", "(iv)")
_CLAUSE_NUMBER = re.compile(r"(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]?|\((?:[a-zA-Z]|[ivxlIVXL]{1,5})\))\s")


def _continues_across_pages(last: _Line, first: _Line, full: dict[int, float], *,
                            column: bool = False, shift: float = 0.0) -> bool:
    """A page's (or ``column``'s) first line goes on with the last paragraph before it (a sentence
    cut by the break).

    Not when it is set differently (another column starts further right, so only its size counts
    there) or starts a list item. Otherwise when the last line ends no
    sentence and the first starts in lower case or follows a full last line (an ALL CAPS paragraph,
    a name cut at the break), or when a full last line ends in an abbreviation ("Apple Inc.") and
    the first line does not start with a capital.
    """
    # (``shift``: from one column's margin to another's, as from the right column to the next page's left)
    moved = min(abs(last.x + shift - first.x), abs(last.text_x + shift - first.x)) > _INDENT
    if (moved and not column) or abs(last.size - first.size) > 0.5:
        return False
    if first.bullet or first.text_x > first.x:
        return False
    length = len(last.text) / full.get(round(last.x), len(last.text))
    if not last.text.endswith(_SENTENCE_END):
        return first.text[:1].islower() or length >= _SHORT_LINE
    # a clause number after a finished sentence starts the next clause ("… for their own purposes." then
    # "10.3 If QuietHarbor merges …" at the top of the next page)
    return length >= _FULL_LINE and not first.text[:1].isupper() and not _CLAUSE_NUMBER.match(first.text)


def _is_heading(group: list[_Line], body_size: float) -> bool:
    """Bold lines larger than the body text, or at its size too long for a pseudo-heading yet shaped
    like a heading (two lines at most, no closing punctuation): HTML's h4 looks like that."""
    if len(group) > 3 or not all(line.bold for line in group):
        return False
    if group[0].size > body_size * _HEADING_SIZE:
        return True
    text = " ".join(line.text for line in group)
    return (len(group) <= 2 and len(text.split()) > _PSEUDO_HEADING_WORDS
            and not text.endswith((*_SENTENCE_END, ",")))


def _word_counts(lines: list[_Line]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in lines:
        counts.update(re.findall(r"[\w-]+", line.text.casefold()))
    return counts


# -- plain text for PDFs without paragraph spacing -----------------------------------------


def _plain_text(pages: list[list[_Line]]) -> str:
    every_line = [line for page in pages for line in page]
    words = _word_counts(every_line)
    hyphenates = writer_hyphenates([line.text for line in every_line], words)
    paragraphs = [_paragraphs([line.text for line in lines]) for lines in pages]
    text = "\n\n".join(p for p in paragraphs if p)
    return "\n\n".join(join_lines(block.split("\n"), words, keep_breaks=True, hyphenates=hyphenates)
                         for block in text.split("\n\n"))


def _paragraphs(lines: list[str]) -> str:
    """Lines of one page with a blank line where a paragraph evidently ends.

    Without layout to go by, a line ending in closing punctuation followed by one starting with a
    capital, a digit, a bullet or "(" starts a new paragraph, and a heading-like line (short,
    numbered or ALL CAPS, no closing punctuation) stands alone.
    """
    out: list[str] = []
    after_heading = False
    for line in lines:
        heading = _looks_like_heading(line)
        if after_heading and line.upper() == line and _wrapped_caps(out[-1], line):
            out.append(line)  # one ALL CAPS paragraph wrapped over several lines
            after_heading = heading
            continue
        if out and out[-1] and (heading or after_heading or (
                out[-1].endswith((".", ":", "?", "!")) and (line[0].isupper() or line[0].isdigit()
                                                           or line[0] in "•(-"))):
            out.append("")
        out.append(line)
        after_heading = heading
    return "\n".join(out)


def _wrapped_caps(previous: str, line: str) -> bool:
    """Whether two ALL CAPS lines are one paragraph: the first is too long for a heading and ends no
    sentence, the second carries on (a heading after a heading is short, or numbered)."""
    return (len(previous) >= _WRAPPED_CAPS and not previous.endswith((".", ":", ";", "!", "?"))
            and split_label(line)[0] is None)


def _looks_like_heading(line: str) -> bool:
    if len(line) > 80 or line.endswith((".", ",", ";", ":", "-")) or _REFERENCE_END.search(line):
        return False
    label, rest = split_label(line)
    if label is not None:
        return (bool(rest) and rest[0].isupper() and len(rest.split()) <= 10
                and not _SENTENCE_OPENING.match(rest))
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and line.upper() == line

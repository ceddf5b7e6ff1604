"""Blocks to ``Document.text`` and the clause tree.

Rules shared by every input format:

* Sections come from real headings (Markdown, HTML) and from pseudo-headings: a
  short single-line paragraph that is all bold, ALL CAPS, or numbered
  ("1. Your Acceptance", "Section 4 – Fees") without closing punctuation.
* Inside a section, numbered paragraphs and list items nest by numbering style:
  the first style met opens a level, a new style nests under it, a style seen
  before closes the levels opened after it (``7.1`` → ``(a)`` → ``(i)`` → ``(b)``).
  Nested list items nest structurally under their enclosing item.
* A table of contents typed as numbered lines numbers no clause (``_mark_contents``).
* Ids: numbered clauses use their number path (``7.3(b)``, ``sec-4``, ``art-II``);
  headings without a number use a slug of their text; everything else is its
  parent's id plus an ordinal among like siblings (``how-we-share/p2``, ``7.3/i1``).
  Duplicates get ``~2``, ``~3`` in document order. No id depends on a global
  count, so an edit in one section leaves the ids elsewhere unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from terms.model import Clause, ClauseKind
from terms.parsing.blocks import BULLET, Block, BlockKind
from terms.parsing.labels import Label, roman, slug, split_label
from terms.parsing.metadata import is_only_a_date
from terms.textnorm import fingerprint

_BULLET_MARKERS = frozenset({BULLET, "◦", "▪", "●", "‣", "∙", "·", "*", "-", "–", "+"})
#: a bullet item's text that starts with a number of its own: "(b)", "(iv)", "(3)"
_NUMBERED_BULLET = re.compile(r"\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)[ \t]+\S", re.IGNORECASE)
_CLOSING_PUNCTUATION = tuple(".,;:!?")
# Pseudo-heading ranks sit below every real heading level (1–6), but for a part's, which holds numbered
# sections ("PART B - PRIVACY NOTICE" is not a child of "7. INTELLECTUAL PROPERTY")
_RANK_PART = 6
_RANK_ARTICLE = 7
_RANK_NUMBERED = 7  # plus the number's depth - 1: "7." → 7, "7.3" → 8
_RANK_SECTION = 8
_RANK_PLAIN = 10    # unnumbered bold or ALL CAPS lines
_RANK_CAPTION = 11  # plain text's unmarked heading lines in title or sentence case, under ALL CAPS ones
_MAX_HEADING_CHARS = 120
_MAX_HEADING_WORDS = 14
# What ends a sentence or a lead-in at a line end (closing quotes and brackets after it included).
_SENTENCE_ENDS = (".", ":", ";", "!", "?", ".”", ".\"", ".)", ":”", ";”", "?”", "!”", ".’")
# A footnote mark after a sentence's closing punctuation ("ads.²", "ads.[2]", "ads.*"): the line
# still ends a sentence, so it is no heading.
_FOOTNOTE_MARK = re.compile(r"(?<=[.,;:!?])(?:[⁰¹²³⁴-⁹]{1,4}|\[\d{1,3}\]|\*{1,3}|[†‡]{1,2})$")
# A list item that leads into the next one ("…from time to time; and") is no heading.
_LIST_JOINER = re.compile(r"[;,]\s*(?:and|or|and/or)$", re.IGNORECASE)
#: a bold line closed by a colon that introduces the paragraph after it, as a sentence does ("**The
#: following carriers are supported:**"), rather than titling it ("**Erasure:**")
_BOLD_LEAD_IN = re.compile(
    r"^(?:you|we|us|our|your|they|it|i)\b|\b(?:the\s+following|as\s+follows)\b"
    r"|\b(?:to|that|not|are|is|include|includes|including|such\s+as)\s*:$",
    re.IGNORECASE,
)
_RUN_IN_LOOKAHEAD = 3  # lines searched for the next label of a run-in enumeration
_WRAPPED_LINE = 40  # characters: a line shorter than this is no wrapped prose (a list line, a heading)


def _split_numbered_lines(blocks: list[Block]) -> list[Block]:
    """Split paragraphs whose inner lines start with a clause number ("7.1 …\\n7.2 …")."""
    out: list[Block] = []
    for block in blocks:
        if "\n" not in block.text or block.kind in (BlockKind.HEADING, BlockKind.ROW):
            out.append(block)
            continue
        pieces: list[list[str]] = [[]]
        lines = block.text.split("\n")
        for index, line in enumerate(lines):
            if pieces[-1] and split_label(line.lstrip())[0] is not None \
                    and not _continues_sentence(pieces, lines[index:index + _RUN_IN_LOOKAHEAD], out):
                pieces.append([])
            pieces[-1].append(line)
        if len(pieces) == 1:
            out.append(block)
            continue
        block.text = "\n".join(pieces[0]).rstrip()  # (a blank line before the next number)
        out.append(block)
        depth = block.depth + 1 if block.kind == BlockKind.ITEM else block.depth
        line = block.line
        for piece in pieces[1:]:
            line += 1
            out.append(Block(BlockKind.PARAGRAPH, "\n".join(piece).strip(), line, depth=depth, tight=True))
    return out


def _continues_sentence(pieces: list[list[str]], ahead: list[str], before: list[Block]) -> bool:
    """Whether a line that starts like a clause number only goes on with the text before it.

    ``pieces`` are the block's lines so far, grouped by clause; ``ahead`` is the line and the
    few after it; ``before`` the blocks already done. Hard-wrapped text puts numbers at line
    starts that begin no clause:

    * a run-in enumeration ("…; (v) forge any…" / "(vi) in any way…; (vii) engage…"): the label
      before or after it in the same series is written inside a line, not at its start;
    * after a full line that ends no sentence (but not after "; and" closing an item of the same
      series: "(c) … fee; and" / "(d) transfer of …" starts an item): a cross-reference or a number
      followed by lower-case words ("… within thirty" / "(30) calendar days", "… pursuant to" /
      "Section 14.1. You may …"), any label inside ALL CAPS prose (where case tells nothing),
      and a plain number that does not go on from the last one ("… batches of at least" /
      "500. You and we …"), and a capital letter and a full stop after a name or a number (an
      initial: "… its officer John" / "A. Smith, who …"), unless the letter goes on from the
      one that starts the clause ("A. …" / "B. …").
    """
    line = ahead[0].lstrip()
    label, rest = split_label(line)
    if label is None:
        return False
    if _run_in(label, pieces[-1], ahead):
        return True
    previous = pieces[-1][-1].rstrip()
    if len(previous) < _WRAPPED_LINE or previous.endswith(_SENTENCE_ENDS):
        return False
    if previous.endswith(";") or _LIST_JOINER.search(previous):
        # an item that leads into the next of its own series ("(c) … fee; and" / "(d) transfer of …")
        first = split_label(pieces[-1][0].lstrip())[0]
        if first is not None and _same_series(first, label):
            return False
    if not rest or rest[0].islower() or rest[0].isdigit() or rest[0] in "(,;":
        return True
    if label.style in ("sec", "art"):
        return True
    if previous.isupper() and rest.isupper():
        return True
    # an initial after a name or a number: "… officer John" / "A. Smith", "… 8750" / "N. Central …"
    last_word = previous.rsplit(None, 1)[-1]
    if label.style in ("alpha-dot", "ALPHA-dot") and (last_word.istitle() or last_word.isdigit()) \
            and not _next_letter(label, pieces[-1][0]):
        return True
    return label.style == "dec" and int(label.key) not in (1, _last_number(pieces, before) + 1)


def _same_series(first: Label, label: Label) -> bool:
    """Whether ``label`` goes on from ``first``'s series: the same style, or the next letter (a lone
    "(c)" reads as a roman numeral, "(d)" as a letter)."""
    if first.style == label.style:
        return True
    a, b = first.key.strip("()"), label.key.strip("()")
    return len(a) == len(b) == 1 and a.isalpha() and ord(b.lower()) == ord(a.lower()) + 1


def _next_letter(label: Label, first_line: str) -> bool:
    """Whether ``label`` ("B.") follows the letter that labels ``first_line`` ("A. …")."""
    before, _ = split_label(first_line.lstrip())
    if before is None or before.style != label.style:
        return False
    letter, earlier = label.key.strip("()"), before.key.strip("()")
    return len(letter) == len(earlier) == 1 and ord(letter) == ord(earlier) + 1


def _run_in(label: Label, piece: list[str], ahead: list[str]) -> bool:
    """Whether the label's neighbours in its series stand inside lines: an enumeration in running text."""
    neighbours = _neighbours(label)
    if neighbours is None:
        return False
    before, after = neighbours
    # (a label indented at a line's start is not inside it: "   (c) … fee; and" / "   (d) …")
    inside = (line.lstrip().find(mark, 1) > 0 for lines, mark in ((piece, before), (ahead, after)) if mark
              for line in lines)
    return any(inside)


_ROMAN_INDEX = {roman(n): n for n in range(1, 100)}


def _neighbours(label: Label) -> tuple[str | None, str] | None:
    """The printed labels just before and after a parenthesised one: "(v)" → ("(iv)", "(vi)")."""
    if not label.text.startswith("("):
        return None
    token = label.key.strip("()")
    style = label.style.lower()
    spell: Callable[[int], str]
    if style == "num-paren":
        number, limit, spell = int(token), 1000, str
    elif style == "roman":
        number, limit, spell = _ROMAN_INDEX.get(token.lower(), 0), len(_ROMAN_INDEX), roman
    elif style == "alpha" and len(token) == 1:
        number, limit, spell = ord(token.lower()) - ord("a") + 1, 26, _to_letter
    else:
        return None
    if not 0 < number < limit:
        return None
    case: Callable[[str], str] = str.upper if token.isupper() else str.lower
    before = f"({case(spell(number - 1))})" if number > 1 else None
    return before, f"({case(spell(number + 1))})"


def _to_letter(number: int) -> str:
    return chr(ord("a") + number - 1)


def _last_number(pieces: list[list[str]], before: list[Block]) -> int:
    """The last plain clause number ("7.") written before, in this block or the ones before; 0 if none."""
    starts = [piece[0].lstrip() for piece in reversed(pieces) if piece]
    starts += [b.marker if b.kind == BlockKind.ITEM and b.marker else b.text for b in reversed(before[-50:])]
    for text in starts:
        label, _ = split_label(text)
        if label is not None and label.style == "dec":
            return int(label.key)
    return 0


def _pseudo_heading_rank(block: Block, label: Label | None, rest: str, following: Block | None) -> int | None:
    """The section rank of a paragraph that reads as a heading line, else ``None``."""
    if block.depth or "\n" in block.text or len(block.text) > _MAX_HEADING_CHARS or not rest:
        return None
    if is_only_a_date(block.text):   # "**Last updated: May 3, 2021**" (see _Builder.add)
        return None
    if len(rest.split()) > _MAX_HEADING_WORDS:
        return None
    if block.strong:
        # (over a list it titles the list, whose items are then numbered under it)
        if rest.endswith(":") and _BOLD_LEAD_IN.search(rest) and (
                following is None or following.kind is not BlockKind.ITEM):
            return None
        return _numbered_rank(label) if label else _RANK_PLAIN
    if block.caption and label is None and rest.endswith("?"):   # a question a section answers
        return _RANK_CAPTION
    if rest.endswith(_CLOSING_PUNCTUATION) or _FOOTNOTE_MARK.search(rest) or _LIST_JOINER.search(rest):
        return None
    if label is not None:
        if label.style not in ("dec", "sec", "art", "ROMAN-dot") and not label.style.startswith("dotted"):
            return None
        if not rest[0].isupper():
            return None
        # A run of short numbered lines is a list, not a series of headings; but a line its own first
        # subclause follows at once heads it ("1. ABOUT THESE TERMS" / "1.1 Who we are. …")
        if following is not None and following.tight and not _numbers_a_child(label, following):
            return None
        return _numbered_rank(label)
    if rest.isupper() and sum(ch.isalpha() for ch in rest) >= 3:
        return _RANK_PART if _PART.match(rest) else _RANK_PLAIN
    if block.caption:
        return _RANK_CAPTION
    return None


_PART = re.compile(r"(?:PART|CHAPTER|SCHEDULE|ANNEX|APPENDIX)\s+(?:[A-Z]|[IVX]+|\d+)\b")


def _numbers_a_child(label: Label, block: Block) -> bool:
    child, _ = split_label(block.text)
    return child is not None and child.key.startswith(label.key + ".")


def _numbered_rank(label: Label) -> int:
    if label.style == "art":
        return _RANK_ARTICLE
    if label.style == "sec":
        return _RANK_SECTION
    if label.style.startswith("dotted"):
        return _RANK_NUMBERED + int(label.style.removeprefix("dotted")) - 1
    return _RANK_NUMBERED


def _marker_label(marker: str, previous_alpha: str | None) -> Label:
    label, _ = split_label(marker, previous_alpha)
    if label is not None:
        return label
    return Label(marker, marker.rstrip(".)"), "dec", False)


class _Builder:
    def __init__(self, written: frozenset[str] = frozenset()) -> None:
        #: the clauses whose children the document numbers in full ("3" of "3.1"; see number_id)
        self.written = written
        self.parts: list[str] = []
        self.pos = 0
        # The clauses so far, and per clause (same index): its parent's index, whether children
        # may extend its id as a number path, and the heading path its children get.
        self.clauses: list[Clause] = []
        self.parents: list[int | None] = []
        self.anchors: list[bool] = []
        self.child_paths: list[tuple[str, ...]] = []
        self.counters: dict[int | None, dict[str, int]] = {}  # ordinals of unnumbered children
        self.ids: set[str] = set()
        self.next_suffix: dict[str, int] = {}   # see unique()
        self.headings: list[tuple[int, int]] = []  # (rank, node index) of open sections
        #: per (rank, numbering style) of numbered headings, the last one's number and node index
        self.numbered_headings: dict[tuple[int, str], tuple[int, int]] = {}
        self.styles: list[tuple[str, int]] = []    # (numbering style, node index) open in this section
        self.items: list[tuple[int, int]] = []     # (list depth, node index) of open list items
        self.last_alpha: str | None = None
        self.last_alpha_depth = 0  # the list depth of ``last_alpha``'s clause
        self.title_heading: int | None = None  # the first heading, when unnumbered: the document title
        self.seen_heading = False

    # -- ids ---------------------------------------------------------------------
    def unique(self, candidate: str) -> str:
        """``candidate``, or the first of ``candidate~2``, ``candidate~3`` … not yet taken. Where to
        go on counting is kept per candidate: counting from 2 each time made a document that
        repeats one label thousands of times ("1." on every paragraph) take quadratic time."""
        if candidate not in self.ids:
            self.ids.add(candidate)
            return candidate
        n = self.next_suffix.get(candidate, 2)
        while f"{candidate}~{n}" in self.ids:
            n += 1
        self.next_suffix[candidate] = n + 1
        self.ids.add(f"{candidate}~{n}")
        return f"{candidate}~{n}"

    def number_id(self, label: Label, parent: int | None, *, listed: bool = False) -> str:
        """``listed``: the number is a list's own (an HTML <ol>'s, a Markdown "1."), not the text's."""
        if label.absolute:
            return label.key
        anchor = parent
        while anchor is not None:
            anchor_id = self.clauses[anchor].id
            if self.anchors[anchor]:
                joiner = "." if label.decimal else ""
                if joiner and listed and anchor_id in self.written:
                    # a list's own numbering ("1." … under "3.") under a clause whose children the
                    # document numbers in full ("3.1"): the list's "3.1" took that id, which became "3.1~2"
                    joiner = "/"
                return f"{anchor_id}{joiner}{label.key}"
            if anchor != self.title_heading:
                return f"{anchor_id}/{label.key}"
            anchor = self.parents[anchor]  # the document title adds nothing to an id
        return label.key

    def ordinal_id(self, kind: ClauseKind, parent: int | None) -> str:
        letter = "i" if kind == ClauseKind.ITEM else "p"
        counters = self.counters.setdefault(parent, {})
        counters[letter] = counters.get(letter, 0) + 1
        base = self.clauses[parent].id if parent is not None else "top"
        return f"{base}/{letter}{counters[letter]}"

    # -- structure -----------------------------------------------------------------
    def section_parent(self) -> int | None:
        return self.headings[-1][1] if self.headings else None

    def numbered_parent(self, label: Label) -> int | None:
        for pos, (style, _) in enumerate(self.styles):
            if style == label.style:
                del self.styles[pos:]
                break
        return self.styles[-1][1] if self.styles else self.section_parent()

    def bullet_parent(self, block: Block) -> int | None:
        """A top-level bullet continues its list, or hangs under the numbered clause that introduces it.

        "(c) we share it with:" followed by bullets makes them (c)'s children; bullets after a
        clause that does not lead into them belong to the section.
        """
        if self.items and self.items[0][0] == 0:
            return self.parents[self.items[0][1]]
        last = len(self.clauses) - 1
        leads_in = self.styles and self.styles[-1][1] == last
        if leads_in and (block.tight or self.clauses[-1].text.endswith(":")):
            return last
        return self.section_parent()

    def item_parent(self, depth: int) -> int | None:
        while self.items and self.items[-1][0] >= depth:
            self.items.pop()
        return self.items[-1][1] if self.items else None


    # -- one block -----------------------------------------------------------------
    def add(self, block: Block, previous: Block | None, following: Block | None) -> None:
        label: Label | None = None
        rest = block.text
        heading_rank: int | None = None
        numbered_bullet = False
        listed = False
        if block.contents:
            pass   # a table of contents' entry: the section it names comes later
        elif block.kind == BlockKind.HEADING and not is_only_a_date(block.text):
            label, rest = split_label(block.text)
            heading_rank = block.level
        elif block.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH):
            # (a heading that only gives the date, "#### Last Updated: August 29, 2025", is a
            # paragraph: as a heading it owned the clauses after it, whose ids then changed with
            # every version's date)
            label, rest = split_label(block.text, self.last_alpha)
            heading_rank = _pseudo_heading_rank(block, label, rest, following)
        elif block.kind == BlockKind.ITEM and block.marker not in _BULLET_MARKERS and block.marker:
            # "c." after "b." is a letter, not the roman hundred (an HTML <ol type="a">, a PDF's list)
            same_list = self.last_alpha_depth == block.depth
            label = _marker_label(block.marker, self.last_alpha if same_list else None)
            written, _ = split_label(block.text)
            listed = written is None or not written.absolute
        elif block.kind == BlockKind.ITEM and _NUMBERED_BULLET.match(block.text):
            # "- (b) …": a bullet its author numbered too; the number is the item's, as in the same list
            # printed to PDF, so that both formats give it one id
            same_list = self.last_alpha_depth == block.depth
            label, rest = split_label(block.text, self.last_alpha if same_list else None)
            numbered_bullet = label is not None

        shown = block.text
        if block.kind == BlockKind.ITEM and not numbered_bullet:
            shown = f"{block.marker or BULLET} {block.text}"

        if previous is None:
            separator = ""
        elif block.tight or (block.kind == previous.kind and block.kind in (BlockKind.ITEM, BlockKind.ROW)):
            separator = "\n"
        else:
            separator = "\n\n"
        indent = "  " * block.depth if block.kind != BlockKind.HEADING else ""
        lead = separator + indent
        self.parts.append(lead)
        self.parts.append(shown)
        start = self.pos + len(lead)
        end = start + len(shown)
        self.pos = end

        if heading_rank is not None:
            self.add_heading(heading_rank, label, rest, shown, start, end)
            return
        self.add_clause(block, label, rest, shown, start, end, listed=listed)

    def add_heading(self, rank: int, label: Label | None, rest: str, shown: str,
                    start: int, end: int) -> None:
        sequence = (rank, label.style) if label is not None and label.key.isdigit() else None
        before = self.numbered_headings.get(sequence) if sequence is not None else None
        if label is not None and before is not None and int(label.key) == before[0] + 1:
            # "### 4. Using the Services" after "### 3. Content …" is its sibling, even where a heading
            # of a higher level came between ("Your Rights …" underlined with "===", a converted
            # page's subheading): it took "4." and every later section as its children
            # (only while the sequence's own parent is open: "2." under the question heading that
            # follows the one "1." was under stays under it)
            parent = self.parents[before[1]]
            if parent is None or any(index == parent for _, index in self.headings):
                while self.headings and self.headings[-1][1] != parent:
                    self.headings.pop()
        while self.headings and self.headings[-1][0] >= rank:
            self.headings.pop()
        parent = self.section_parent()
        self.styles.clear()
        self.items.clear()
        self.last_alpha = None
        clause_id = self.number_id(label, parent) if label is not None else slug(rest)
        index = self.append(ClauseKind.HEADING, clause_id, label, rest, parent, start, end,
                            shown, fingerprint(rest), numbered=label is not None)
        self.headings.append((rank, index))
        if sequence is not None:
            self.numbered_headings[sequence] = (int(label.key), index)
        if not self.seen_heading:
            self.seen_heading = True
            self.title_heading = index if label is None else None

    def add_clause(self, block: Block, label: Label | None, rest: str, shown: str,
                   start: int, end: int, *, listed: bool = False) -> None:
        if block.depth > 0:
            parent = self.item_parent(block.depth)
            if parent is None:
                parent = self.styles[-1][1] if self.styles else self.section_parent()
        elif block.kind == BlockKind.ITEM and label is not None:
            self.items.clear()
            parent = self.numbered_parent(label)
        elif block.kind == BlockKind.ITEM:
            parent = self.bullet_parent(block)
            self.items.clear()
        elif label is not None:
            self.items.clear()
            parent = self.numbered_parent(label)
        else:
            self.items.clear()
            parent = self.section_parent()

        if label is not None:
            kind = ClauseKind.CLAUSE
            clause_id = self.number_id(label, parent, listed=listed)
            print_fp = fingerprint(rest if block.kind != BlockKind.ITEM else block.text)
            if label.style.startswith("alpha"):
                self.last_alpha = label.key
                self.last_alpha_depth = block.depth
        else:
            kind = ClauseKind.ITEM if block.kind == BlockKind.ITEM else ClauseKind.PARAGRAPH
            clause_id = self.ordinal_id(kind, parent)
            print_fp = fingerprint(block.text)
        index = self.append(kind, clause_id, label, None, parent, start, end, shown, print_fp,
                            numbered=label is not None)
        if block.kind == BlockKind.ITEM:
            self.items.append((block.depth, index))
        if label is not None and block.depth == 0:
            self.styles.append((label.style, index))

    def append(self, kind: ClauseKind, clause_id: str, label: Label | None, heading: str | None,
               parent: int | None, start: int, end: int, text: str, print_fp: str, *, numbered: bool) -> int:
        if parent is None:
            depth, path, parent_id = 0, (), None
        else:
            parent_clause = self.clauses[parent]
            depth, path, parent_id = parent_clause.depth + 1, self.child_paths[parent], parent_clause.id
        self.clauses.append(Clause(self.unique(clause_id), kind, label.text if label else None, heading, path,
                                   parent_id, depth, start, end, text, print_fp))
        self.parents.append(parent)
        self.anchors.append(numbered)
        self.child_paths.append((*path, text) if kind == ClauseKind.HEADING else path)
        return len(self.clauses) - 1

    def result(self) -> tuple[str, tuple[Clause, ...]]:
        return "".join(self.parts), tuple(self.clauses)


#: a block of nothing a reader sees: whitespace, and zero-width and soft-hyphen characters (an HTML
#: "<li>&zwj;</li>" spacer was a clause "• ‍" of its own)
_WHITESPACE_ONLY = re.compile(r"[\s\u00ad\u200b-\u200d\u2060\ufeff]*")
#: numbered short lines in a row, at least, that can be a table of contents
_MIN_CONTENTS = 3


def _entry(block: Block) -> tuple[str, str] | None:
    """(number, words) of a block that could be an entry of a table of contents: a number and a
    short title without closing punctuation ("1.  Who We Are")."""
    if block.kind is BlockKind.ITEM and block.marker and block.marker not in _BULLET_MARKERS:
        number, rest = block.marker, block.text
    elif block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING):
        label, rest = split_label(block.text)
        if label is None:
            return None
        number = label.text
    else:
        return None
    words = rest.split()
    if not words or len(words) > _MAX_HEADING_WORDS or rest.endswith(_SENTENCE_ENDS):
        return None
    return number.strip().rstrip(".:)").lower(), " ".join(words).casefold()


def _mark_contents(blocks: list[Block]) -> None:
    """Mark the entries of a table of contents typed out as numbered lines ("1.  Who We Are" …
    "12.  How To Contact Us", then the sections): numbered, they read as a first set of empty
    sections, and the real ones took the ids "1~2", "2~2" … and shared their labels. A run of at
    least :data:`_MIN_CONTENTS` such lines of which most name, number and words, a block further on
    is one."""
    entries = [_entry(block) for block in blocks]
    # where each entry is found last: one named again further on is there (a set of the blocks after
    # each run cost a pass over the rest of the document per run of numbered lines)
    last = {entry: at for at, entry in enumerate(entries) if entry is not None}
    n = 0
    while n < len(blocks):
        if entries[n] is None:
            n += 1
            continue
        end, numbers = n, set()
        # (to the first number met again: the contents' "1. Who We Are" is followed by the section's)
        while end < len(blocks) and entries[end] is not None and entries[end][0] not in numbers:
            numbers.add(entries[end][0])
            end += 1
        named_later = sum(last[entries[k]] >= end for k in range(n, end))
        if end - n >= _MIN_CONTENTS and named_later * 3 >= (end - n) * 2:
            for block in blocks[n:end]:
                block.contents = True
        n = end


def segment(blocks: list[Block]) -> tuple[str, tuple[Clause, ...]]:
    """``(text, clauses)`` for a document's blocks; every clause's text is ``text[start:end]``."""
    kept = [b for b in blocks if not _WHITESPACE_ONLY.fullmatch(b.text)]
    for block in kept:
        block.text = block.text.strip()
    kept = _split_numbered_lines(kept)
    _mark_contents(kept)
    builder = _Builder(_written_parents(kept))
    previous: Block | None = None
    for position, block in enumerate(kept):
        following = kept[position + 1] if position + 1 < len(kept) else None
        builder.add(block, previous, following)
        previous = block
    return builder.result()


def _written_parents(blocks: list[Block]) -> frozenset[str]:
    """The numbers whose children headings and paragraphs number in full: "3" and "3.1" of "3.1.2"."""
    written = set()
    for block in blocks:
        if block.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH) and not block.contents:
            label, _ = split_label(block.text)
            if label is not None and label.absolute and label.style.startswith("dotted"):
                parts = label.key.split(".")
                written.update(".".join(parts[:n]) for n in range(1, len(parts)))
    return frozenset(written)

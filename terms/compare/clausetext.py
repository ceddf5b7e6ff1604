"""What of a clause is compared: its own words, without its number label.

A clause's number ("7.3", "(b)", "Section 4") is compared separately, so that a
renumbered clause still matches its old self. Where a parser gives a parent
clause a span that encloses its children, only the parent's own text (up to its
first child) is compared, so that a change in a child is not also reported as a
change of the parent.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from terms.model import Clause, ClauseKind, Document
from terms.textnorm import comparison_key

_WORD = re.compile(r"\S+")
_LABEL_TAIL = re.compile(r"[\s.:)\]\-–—]*")
_BULLET = re.compile(r"\s*[•·▪◦‣∙●○■□-]\s+")
#: a letter or numeral a bulleted item still carries after its bullet ("• (c) research partners"): the
#: item's own label, so relettering items after one is removed is renumbering, not rewording
_ITEM_LABEL = re.compile(r"\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s+|(?:[a-z]|\d{1,2})\.\s+(?=[A-Za-z])")
# Punctuation at the edges of words is style (Oxford commas, closing full stops, brackets
# around a phrase): a clause differing only there is reported as formatting, not a change.
_EDGE_PUNCTUATION = re.compile(r"""(?:(?<=\s)|^)[.,;:!?"'()\[\]{}<>]+|[.,;:!?"'()\[\]{}<>]+(?=\s|$)""")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ClauseText:
    """The comparable part of one clause: ``clause.text[body_start:body_end]``."""

    clause: Clause
    body_start: int
    body_end: int
    key: str                       # comparison key of the body: equal keys = same words and meaning
    words: tuple[str, ...]         # the key's words, for similarity

    @property
    def body(self) -> str:
        return self.clause.text[self.body_start:self.body_end]

    @property
    def label(self) -> str:
        """The printed number, or for a bulleted item the letter it carries after its bullet ("c")."""
        if self.clause.number:
            return self.clause.number.strip(" .")
        return self.clause.text[:self.body_start].strip(" \t\n•·▪◦‣∙●○■□-().")

    @property
    def is_heading(self) -> bool:
        return self.clause.kind is ClauseKind.HEADING

    @property
    def has_words(self) -> bool:
        """Whether the body holds a letter or digit. Clauses without one (a zero-width joiner,
        a lone full stop, a rule of dashes) are left out of a comparison: they say nothing, and
        as added or removed clauses they were printed as blank lines and inflated the counts."""
        return any(ch.isalnum() for ch in self.body)


def _label_end(clause: Clause, own: str) -> int:
    """Offset in ``own`` where the text after the printed number label (or bullet) starts."""
    number = clause.number
    if not number:
        bullet = _BULLET.match(own)
        if bullet is None:
            return 0
        label = _ITEM_LABEL.match(own, bullet.end())
        return label.end() if label else bullet.end()
    lead = len(own) - len(own.lstrip())
    stripped_number = number.strip()
    at = own.find(stripped_number, lead, lead + len(stripped_number) + 4)
    if at < 0:
        return 0
    end = at + len(stripped_number)
    tail = _LABEL_TAIL.match(own, end)
    return tail.end() if tail else end


def bare_words(text: str) -> list[str]:
    """The words of ``text`` as compared, punctuation aside: "requirements.If" is two words, and
    "up-to-date" three, as "up to date" is."""
    return _BARE_WORD.findall(comparison_key(text))


_BARE_WORD = re.compile(r"\w+")


def words_key(text: str) -> str:
    """The words of ``text`` as compared: :func:`comparison_key` without edge punctuation."""
    return _SPACES.sub(" ", _EDGE_PUNCTUATION.sub("", comparison_key(text))).strip()


def clause_texts(document: Document, known_keys: dict[str, str] | None = None) -> list[ClauseText]:
    """The comparable text of every clause, in document order.

    ``known_keys`` (body text -> key) is filled in and reused, so that the second version of a
    pair only normalises the clauses the first one did not already have.
    """
    clauses = document.clauses
    result: list[ClauseText] = []
    keys = known_keys if known_keys is not None else {}
    for i, clause in enumerate(clauses):
        own_end = len(clause.text)
        if i + 1 < len(clauses):
            following = clauses[i + 1]
            if clause.start <= following.start < clause.end:
                own_end = following.start - clause.start
        own = clause.text[:own_end]
        start = _label_end(clause, own)
        end = len(own.rstrip())
        start = min(start, end)
        body = own[start:end]
        key = keys.get(body)
        if key is None:
            key = keys[body] = words_key(body)
        result.append(ClauseText(clause, start, end, key, tuple(key.split())))
    return result


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Character spans of the whitespace-separated words of ``text[start:end]``."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


class DocumentWords:
    """A document's words in order (as :func:`bare_words` reads them, clause bodies without their
    number labels), read once, when first asked: whether the document says a sentence of the other
    version word for word, however punctuated or cut into clauses, and in which clauses. A list
    folded into a paragraph shows its items as removed clauses, though every word is still there."""

    __slots__ = ("_document", "_ids", "_starts", "_words")

    def __init__(self, document: Document) -> None:
        self._document = document
        self._words: str | None = None
        self._starts: list[int] = []  # where each clause's words start in ``_words``
        self._ids: list[str] = []

    def _read(self) -> str:
        if self._words is None:
            pieces: list[str] = []
            at = 1
            for text in clause_texts(self._document):
                words = " ".join(bare_words(text.body))
                if words:
                    self._starts.append(at)
                    self._ids.append(text.clause.id)
                    pieces.append(words)
                    at += len(words) + 1
            self._words = f" {' '.join(pieces)} "
        return self._words

    def holds(self, text: str) -> bool:
        """Whether the document says ``text``'s words, in order and together."""
        return _spaced(text) in self._read()

    def clauses_saying(self, text: str) -> Iterator[tuple[str, ...]]:
        """For each place the document says ``text``'s words, the ids of the clauses they lie in."""
        words = self._read()
        key = _spaced(text)
        at = words.find(key)
        while at >= 0:
            first = bisect.bisect_right(self._starts, at + 1) - 1
            last = bisect.bisect_right(self._starts, at + len(key) - 2) - 1
            yield tuple(self._ids[first:last + 1])
            at = words.find(key, at + 1)


def _spaced(text: str) -> str:
    """The words of ``text`` as compared, one space apart and around: " we do not sell "."""
    return f" {' '.join(bare_words(text))} "

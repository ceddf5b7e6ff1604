"""What of a clause is compared: its own words, without its number label.

A clause's number ("7.3", "(b)", "Section 4") is compared separately, so that a
renumbered clause still matches its old self. Where a parser gives a parent
clause a span that encloses its children, only the parent's own text (up to its
first child) is compared, so that a change in a child is not also reported as a
change of the parent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from terms.model import Clause, ClauseKind, Document
from terms.textnorm import comparison_key

_WORD = re.compile(r"\S+")
_LABEL_TAIL = re.compile(r"[\s.:)\]\-–—]*")
_BULLET = re.compile(r"\s*[•·▪◦‣∙●○■□-]\s+")
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
        return bullet.end() if bullet else 0
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

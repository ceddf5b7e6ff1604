"""Plain, frozen dataclasses that cross the API of the core.

A :class:`Document` is the readable text of a terms document plus a flat,
document-ordered tuple of :class:`Clause` objects forming a tree through
``parent_id``. Every clause's ``text`` is exactly ``document.text[start:end]``,
so evidence spans found in a clause map straight onto the displayed text.

``Document.text`` is the *extracted* text (Markdown syntax, HTML tags and PDF
layout removed, one block per line group), not the source bytes: it is what a
reader is shown, what the consent store keeps, and what ``sha256`` hashes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


class DocumentFormat(StrEnum):
    MARKDOWN = "markdown"
    TEXT = "text"
    HTML = "html"
    PDF = "pdf"


#: what a document file's name ends with, and the format it names (a hint: the content decides)
FORMAT_OF_SUFFIX = {
    ".md": DocumentFormat.MARKDOWN, ".markdown": DocumentFormat.MARKDOWN, ".mdown": DocumentFormat.MARKDOWN,
    ".txt": DocumentFormat.TEXT, ".text": DocumentFormat.TEXT,
    ".html": DocumentFormat.HTML, ".htm": DocumentFormat.HTML, ".xhtml": DocumentFormat.HTML,
    ".pdf": DocumentFormat.PDF,
}


class DocumentKind(StrEnum):
    TERMS = "terms"
    PRIVACY = "privacy"
    OTHER = "other"


class ClauseKind(StrEnum):
    HEADING = "heading"      # a section heading; its clauses are its children
    CLAUSE = "clause"        # a numbered clause ("7.3 ...", "(b) ...", "Section 4 ...")
    ITEM = "item"            # an unnumbered list item
    PARAGRAPH = "paragraph"  # an unnumbered paragraph


class Severity(StrEnum):
    """How a flag bears on the reader, worst first."""

    CONCERN = "concern"        # works against the reader
    CAUTION = "caution"
    INFO = "info"
    PROTECTIVE = "protective"  # works for the reader

    @property
    def rank(self) -> int:
        """0 for the worst (concern) to 3 for protective; sorts worst first."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.CONCERN: 0, Severity.CAUTION: 1, Severity.INFO: 2, Severity.PROTECTIVE: 3}


def sha256_text(text: str) -> str:
    """Hex SHA-256 of the UTF-8 encoding of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Clause:
    """One structural unit of a document.

    ``id`` is stable across parses of the same text and unique in the document:
    the number path where the document numbers its clauses (``"7.3(b)"``), else
    the heading path plus an ordinal. ``fingerprint`` hashes the normalised text
    without the number label, so a renumbered clause keeps its fingerprint.
    """

    id: str
    kind: ClauseKind
    number: str | None          # the label as printed: "7.3", "(b)", "Section 4", "Article II"
    heading: str | None         # for HEADING clauses: the heading text without its number
    heading_path: tuple[str, ...]  # headings of the enclosing sections, outermost first
    parent_id: str | None
    depth: int                  # 0 for top-level clauses
    start: int                  # offsets into Document.text; text == document.text[start:end]
    end: int
    text: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed terms document: metadata, readable text and its clause tree."""

    text: str
    clauses: tuple[Clause, ...]
    format: DocumentFormat
    title: str | None = None
    service: str | None = None
    kind: DocumentKind = DocumentKind.OTHER
    effective_date: str | None = None   # ISO date (YYYY-MM-DD) when the text states one
    date_text: str | None = None        # the line the date was read from, as written
    source: str | None = None           # path the document was read from, if any
    source_sha256: str | None = None    # SHA-256 of the source bytes
    sha256: str = ""                    # SHA-256 of ``text``; filled in when empty
    _index: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", sha256_text(self.text))
        object.__setattr__(self, "_index", {c.id: i for i, c in enumerate(self.clauses)})

    def clause(self, clause_id: str) -> Clause:
        """The clause with this id; ``KeyError`` if there is none."""
        return self.clauses[self._index[clause_id]]

    def has_clause(self, clause_id: str) -> bool:
        return clause_id in self._index

    def position(self, clause_id: str) -> int:
        """Where the clause stands in :attr:`clauses`; ``KeyError`` if there is none."""
        return self._index[clause_id]

    def children(self, clause_id: str | None) -> tuple[Clause, ...]:
        """Direct children of a clause (``None``: the top-level clauses), in order."""
        return tuple(c for c in self.clauses if c.parent_id == clause_id)

    def clause_at(self, offset: int) -> Clause | None:
        """The innermost clause whose span contains ``offset``, if any."""
        best: Clause | None = None
        for c in self.clauses:
            if c.start <= offset < c.end and (best is None or c.depth >= best.depth):
                best = c
        return best

    @property
    def display_name(self) -> str:
        return self.title or self.source or "untitled document"


@dataclass(frozen=True, slots=True)
class Flag:
    """One provision found in one clause.

    ``evidence`` holds character spans into ``Document.text`` (absolute), or into
    the clause text when a lone clause is flagged without a document.
    """

    category: str                       # taxonomy id, e.g. "data.sale"
    severity: Severity
    clause_id: str
    evidence: tuple[tuple[int, int], ...]
    rule: str                           # id of the rule (or "model:<name>") that fired
    explanation: str                    # plain-language "what this means for you"
    reason: str = ""                    # why it fired: the matched terms or top model features
    parties: tuple[str, ...] = ()       # who receives or sees the data, as named in the clause
    data: tuple[str, ...] = ()          # what data, as named
    purposes: tuple[str, ...] = ()      # why, as stated
    way_out: tuple[str, ...] = ()       # ids of clauses offering a choice / opt-out
    confidence: float = 1.0
    #: every rule (or "model:<name>") that found it, ``rule`` first: a consent topic may follow
    #: one rule of a category ("AI training", raised within content licences and research)
    rules: tuple[str, ...] = ()
    #: where the document itself softens it, and how ("the clause itself promises notice before
    #: changes"); empty when it does not
    mitigation: str = ""

    def quotes(self, text: str) -> list[str]:
        """The evidence strings cut from ``text`` (the document or clause text)."""
        return [text[a:b] for a, b in self.evidence]

"""The one exception tree of ClearTerms.

Every error the core raises on purpose is a :class:`TermsError`; anything else
escaping the core is a bug. Each error carries what a person needs to fix the
problem, and ``str(error)`` is a complete one-line message (which file, which
line, what is wrong) fit for a CLI's stderr or a GUI headline::

    TermsError
    ├── DocumentError            a document cannot be read or parsed
    │   ├── DocumentNotFound     missing path, or a directory where a file was expected
    │   ├── EmptyDocument        no bytes, or no readable text after extraction
    │   ├── UnsupportedDocument  binary/undecodable content, scanned or encrypted PDF, too large
    │   └── DocumentStructureError  structure beyond what we accept (e.g. absurd nesting)
    ├── RulePackError            a rule pack fails validation (carries every problem found)
    ├── TopicError               the consent topics file is invalid
    ├── InputError               a batch input (JSONL, import file) is malformed at a given line
    ├── StorageError             the consent store cannot be opened or written
    │   ├── StoreCorrupt         the database file is damaged or not a database
    │   ├── StoreTooNew          the database was written by a newer ClearTerms
    │   ├── StoreMissing         no store where a command that only reads looked
    │   └── ChainBroken          the consent event hash chain does not verify
    └── ExportError              an export cannot be produced or written
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # the consent package imports this module
    from terms.consent.location import Location


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem: ``file:line: message`` (line is 1-based, 0 if unknown)."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


class TermsError(Exception):
    """Base of every deliberate ClearTerms error. ``str()`` is a one-line message."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: What the person can do next, shown under the headline in the GUI.
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class DocumentError(TermsError):
    """A document cannot be read or parsed."""

    def __init__(self, path: str | Path | None, problem: str, *, hint: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem, hint=hint)


class DocumentNotFound(DocumentError):
    """The path does not exist, or is a directory."""


class EmptyDocument(DocumentError):
    """The file is empty, or no readable text remains after extraction."""


class UnsupportedDocument(DocumentError):
    """Binary or undecodable bytes, a PDF without text layer or encrypted, or too large."""


class DocumentStructureError(DocumentError):
    """The document's structure is beyond what ClearTerms accepts (e.g. absurd nesting)."""


class MultiProblemError(TermsError):
    """An error that gathers every located problem found, not just the first."""

    def __init__(self, summary: str, problems: list[Problem], *, hint: str | None = None) -> None:
        self.problems = list(problems)
        lines = [summary] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines) if self.problems else summary, hint=hint)


class RulePackError(MultiProblemError):
    """A rule pack fails validation; ``problems`` lists every problem found."""


class TopicError(MultiProblemError):
    """The consent topics file is invalid."""


class InputError(TermsError):
    """A batch input (JSONL, an import file) is malformed; names the file and line."""

    def __init__(self, source: str, line: int, problem: str, *, hint: str | None = None) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {problem}", hint=hint)


class StorageError(TermsError):
    """The consent store cannot be opened or written."""


class StoreCorrupt(StorageError):
    """The database file is damaged or is not a ClearTerms database."""


class StoreTampered(StoreCorrupt):
    """The store opens, but was changed outside ClearTerms: its append-only guard removed or altered,
    a trigger added, or a record left pointing at one deleted. Nothing is written to it; it is kept
    as evidence, and its records can still be checked and exported as they are."""


class StoreTooNew(StorageError):
    """The database was written by a newer ClearTerms than this one."""


class StoreMissing(StorageError):
    """There is no consent store at the location, and the caller only reads (so none was started).

    ``location`` says where, and where that came from: a read-only command on a mistyped
    ``--db`` must not start an empty store there and report success on it. ``first`` is what to
    do first, for the message.
    """

    def __init__(self, location: Location, detail: str = "", *,
                 first: str = "add a member first") -> None:
        self.location = location
        self.detail = detail
        where = f"{location.display}{f' ({detail})' if detail else ''}"
        if location.origin == "default":
            message = f"nothing has been recorded yet: there is no consent store at {where}"
        else:
            check = "--db" if location.origin == "given" else "CLEARTERMS_DB"
            message = f"no consent store at {where}; {first} or check {check}"
        super().__init__(message, hint="Nothing was created. A store is started by adding a member "
                                       "(`clearterms consent members add NAME`); then record decisions.")


class ChainBroken(StorageError):
    """The consent event hash chain does not verify (an event was edited or removed)."""


class ExportError(TermsError):
    """An export cannot be produced or written."""

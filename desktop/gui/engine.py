"""The work the GUI hands to workers, as plain functions over the core (no Qt).

Everything here runs on a worker thread. The core modules are imported inside the
functions, so opening the window does not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terms.model import Document, Flag

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".html", ".htm", ".pdf")


@dataclass(frozen=True)
class Analysed:
    """One analysed document version: the core's analysis and the file it came from."""

    analysis: Any               # terms.flagging.Analysis (document, flags, summary, pack)
    path: Path | None = None
    notes: tuple[str, ...] = ()  # what the reader should know although the file opened

    @property
    def document(self) -> Document:
        return self.analysis.document

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.analysis.flags

    @property
    def key(self) -> str:
        """Identity of this version: the SHA-256 of its text."""
        return self.document.sha256

    def flags_for(self, clause_id: str) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.clause_id == clause_id)


def analyse_document(document: Document, path: Path | None = None, packs: Any = None,
                     notes: tuple[str, ...] = ()) -> Analysed:
    from terms.flagging import analyze

    analysis = analyze(document, packs)
    if analysis.summary.not_graded:
        notes = (*notes, analysis.summary.not_graded)
    return Analysed(analysis, path, notes)


def analyse_file(path: Path, packs: Any = None) -> Analysed:
    """Parse and flag one file; raises the core's :class:`~terms.errors.TermsError` on bad input."""
    from terms.parsing import parse_file

    notes: list[str] = []
    document = parse_file(Path(path), notes=notes)
    return analyse_document(document, Path(path), packs, tuple(notes))


def find_documents(folder: Path) -> list[Path]:
    """Every supported file under ``folder``, sorted, skipping hidden files and folders."""
    found = [
        p for p in Path(folder).rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.name.lower() != "readme.md"
    ]
    return sorted(found)


@dataclass(frozen=True)
class BatchResult:
    analysed: tuple[Analysed, ...]
    errors: tuple[tuple[Path, BaseException], ...]


def analyse_many(paths: list[Path], progress: Callable[[int, int, str], None],
                 packs: Any = None) -> BatchResult:
    """Analyse each path, collecting per-file errors instead of stopping at the first."""
    from terms.errors import TermsError

    done: list[Analysed] = []
    errors: list[tuple[Path, BaseException]] = []
    for i, path in enumerate(paths):
        progress(i, len(paths), path.name)
        try:
            done.append(analyse_file(path, packs))
        except TermsError as exc:
            errors.append((path, exc))
    progress(len(paths), len(paths), "")
    return BatchResult(tuple(done), tuple(errors))

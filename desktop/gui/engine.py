"""The work the GUI hands to workers, as plain functions over the core (no Qt).

Everything here runs on a worker thread. The core modules are imported inside the
functions, so opening the window does not pay for them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.gui.shown_text import shown_text
from terms import wording
from terms.model import FORMAT_OF_SUFFIX, Document, Flag

#: the names the parser reads as a document (terms.parsing.detect); a folder's other files are skipped
SUPPORTED_SUFFIXES = tuple(FORMAT_OF_SUFFIX)
#: the Open dialog's filter: every suffix the parser knows
OPEN_FILTER = f"Terms documents ({' '.join('*' + s for s in SUPPORTED_SUFFIXES)});;All files (*)"


class Cancelled(Exception):
    """Raised inside a job (by ``CancelToken.check`` or ``progress``) once it was cancelled."""


#: what tells that a file changed: its modification time (nanoseconds), size and inode
FileStamp = tuple[int, int, int]


def file_stamp(path: Path) -> FileStamp | None:
    """The file's :data:`FileStamp`, or None where it cannot be read (gone, no permission)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # ValueError: a name with a NUL
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


@dataclass(frozen=True)
class Analysed:
    """One analysed document version: the core's analysis and the file it came from."""

    analysis: Any               # terms.flagging.Analysis (document, flags, summary, pack)
    path: Path | None = None
    notes: tuple[str, ...] = ()  # what the reader should know although the file opened
    stamp: FileStamp | None = None  # the file's, taken just before it was read
    #: the text as the document view shows it (``desktop.gui.shown_text``), prepared on the worker;
    #: None where whoever made this analysis did not prepare it
    shown: str | None = None

    def is_stale(self) -> bool:
        """Whether the file was changed (or replaced) after it was read: this analysis is then of
        another text than the file holds, and the file should be read again.

        A file gone since is not stale: no other text has taken its place, and the analysis is
        still what the reader saw of that version."""
        if self.path is None or self.stamp is None:
            return False
        now = file_stamp(self.path)
        return now is not None and now != self.stamp

    @property
    def document(self) -> Document:
        return self.analysis.document

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.analysis.flags

    @property
    def pack(self) -> Any:
        """The rule pack the flags come from (``terms.rulepacks.schema.RulePack``)."""
        return self.analysis.pack

    @property
    def key(self) -> str:
        """Identity of this version: the SHA-256 of its text."""
        return self.document.sha256

    def flags_for(self, clause_id: str) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.clause_id == clause_id)


def analyse_document(document: Document, path: Path | None = None, packs: Any = None,
                     notes: tuple[str, ...] = (), progress: Callable[[int, int], None] | None = None
                     ) -> Analysed:
    """Flag ``document``; ``progress(done, total)`` is told the clauses read (raising stops it).

    When the user's rule packs (``packs``) cannot be loaded (a pack file deleted or broken since
    it was added), the document is flagged with the default pack and a note says so: every
    document failing to open over a pack was worse than flags that say what they lack."""
    from terms.errors import RulePackError
    from terms.flagging import analyze

    try:
        analysis = analyze(document, packs, progress)
    except RulePackError as exc:
        if not packs:
            raise
        notes = (_pack_left_out(exc), *notes)   # first: the status bar shows the first note
        analysis = analyze(document, None, progress)
    if analysis.summary.not_graded:
        notes = (*notes, analysis.summary.not_graded)
    return Analysed(analysis, path, notes, shown=shown_text(document))


#: how the note of a document flagged without the user's packs starts (the window also shows it in a banner)
PACKS_LEFT_OUT = "Flagged with the default rule pack only"


def _pack_left_out(exc: Any) -> str:
    """The note of a document flagged without the user's packs, which cannot be loaded."""
    problems = getattr(exc, "problems", None) or ()
    if not problems:
        return f"{PACKS_LEFT_OUT} ({exc}); fix or remove your packs in Tools ▸ Rule Packs"
    first = problems[0]
    more = f", and {wording.count(len(problems) - 1, 'more problem')}" if len(problems) > 1 else ""
    return (f"{PACKS_LEFT_OUT}: the rule pack {Path(first.source).name} cannot be "
            f"used ({first.message}{more}); fix or remove it in Tools ▸ Rule Packs")


def analyse_file(path: Path, packs: Any = None,
                 progress: Callable[[int, int], None] | None = None) -> Analysed:
    """Parse and flag one file; raises the core's :class:`~terms.errors.TermsError` on bad input.

    ``progress`` as for :func:`analyse_document` (parsing cannot report or stop; it is the short
    part, about a tenth of the time)."""
    from terms.parsing import parse_file

    _set_aside_the_loaded_core(packs)
    notes: list[str] = []
    stamp = file_stamp(path)   # before reading: a change made while it is read shows as stale
    document = parse_file(Path(path), notes=notes)
    analysed = analyse_document(document, Path(path), packs, tuple(notes), progress)
    _set_aside_what_was_made()
    return dataclasses.replace(analysed, stamp=stamp)


_core_set_aside = False


def _set_aside_the_loaded_core(packs: Any) -> None:
    """Once per session, with the core's modules and the rule pack loaded: ``gc.freeze()``.

    A full garbage collection walks every object the collector tracks, and loaded modules and
    the compiled pack are most of them; reading a 427 KB PDF (pypdf makes many short-lived
    objects) started 25 full collections of 90-120 ms each, every one holding the GIL, so the
    GUI thread waited up to ~180 ms at a time. Frozen objects are left out of collections
    (they are still freed when nothing refers to them): the same reading then took 25
    collections of at most 7 ms, and 2 s less in all. The app freezes once more at start-up
    (desktop/gui/app.py); before the first document, nothing here is garbage yet.
    """
    global _core_set_aside
    if _core_set_aside:
        return
    import gc

    from terms.errors import RulePackError
    from terms.flagging.engine import resolve_pack

    try:
        resolve_pack(packs)
    except RulePackError:   # flagged with the default pack instead (see analyse_document)
        resolve_pack(None)
    gc.freeze()
    _core_set_aside = True


def _set_aside_what_was_made() -> None:
    """After each document: collect the job's garbage here on its worker thread, then freeze what
    is left (above all the document just read, which the window keeps).

    Otherwise what accumulates over a session (documents, analyses, the consent store's
    machinery) is walked by every full collection, and one of those may start on the GUI thread:
    in the test suite's large process they took 57-142 ms, and one landing in a display made a
    100 ms pause. This collection walks only what was made since the last freeze (a 427 KB PDF's
    objects and pypdf's leftovers), so it holds the GIL briefly, and later ones stay as short.
    """
    import gc

    gc.collect()
    gc.freeze()


def is_document(path: Path) -> bool:
    """True for a file whose name says the parser reads it (a README is a folder's notes)."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES and path.name.lower() != "readme.md"


@dataclass(frozen=True)
class FolderScan:
    """A folder's documents, how many of its other files were left out (data such as Open Terms
    Archive's ``versions.json``, images …) so the reader can be told, and the folders that could
    not be read, with why."""

    documents: tuple[Path, ...]
    skipped: int
    unreadable: tuple[tuple[Path, str], ...] = ()


def scan_folder(folder: Path) -> FolderScan:
    """Every document under ``folder``, sorted, and the count of the other files; hidden
    files and folders are neither. A folder that cannot be listed is named, not passed over
    (a locked folder read as "no documents found")."""
    documents: list[Path] = []
    skipped = 0
    unreadable: list[tuple[Path, str]] = []

    def cannot_list(exc: OSError) -> None:
        unreadable.append((Path(exc.filename or folder), exc.strerror or str(exc)))

    for root, dirs, files in os.walk(folder, onerror=cannot_list):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root) / name
            if name.startswith(".") or not path.is_file():
                continue
            if is_document(path):
                documents.append(path)
            else:
                skipped += 1
    return FolderScan(tuple(sorted(documents)), skipped, tuple(unreadable))


def find_documents(folder: Path) -> list[Path]:
    """Every document under ``folder``, sorted, skipping hidden files and folders."""
    return list(scan_folder(folder).documents)


@dataclass(frozen=True)
class BatchResult:
    analysed: tuple[Analysed, ...]
    errors: tuple[tuple[Path, BaseException], ...]
    cancelled: bool = False   # stopped early: ``analysed`` and ``errors`` cover the files read so far
    total: int = 0            # files asked for

    def summary(self) -> str:
        """"Opened 3 documents", "Opened 1 document", or "Cancelled: opened 3 of 40 documents"."""
        opened = len(self.analysed)
        noun = "document" if (self.total if self.cancelled else opened) == 1 else "documents"
        if self.cancelled:
            return f"Cancelled: opened {opened} of {self.total} {noun}"
        return f"Opened {opened} {noun}"

    def error_headline(self) -> str:
        """"3 files could not be read: empty.md is empty, and 2 more": file names, not paths,
        so the banner stays one line; the log has each path (:meth:`error_lines`)."""
        if not self.errors:
            return ""
        path, exc = self.errors[0]
        what = "1 file" if len(self.errors) == 1 else f"{len(self.errors)} files"
        more = f", and {len(self.errors) - 1} more" if len(self.errors) > 1 else ""
        return f"{what} could not be read: {path.name} {_reason(path, exc)}{more}"

    def error_lines(self) -> list[str]:
        """One log line per unread file, naming its path once ("/d/empty.md: is empty")."""
        return [f"{path}: {_reason(path, exc)}" for path, exc in self.errors]


def _reason(path: Path, exc: BaseException) -> str:
    """What is wrong with ``path``, without the path the core's message may start with."""
    problem = getattr(exc, "problem", None)
    if isinstance(problem, str) and problem:
        return problem
    return str(exc).removeprefix(f"{path}: ").removeprefix(f"{path.name}: ")


def analyse_many(paths: list[Path], progress: Callable[[int, int, str], None],
                 packs: Any = None) -> BatchResult:
    """Analyse each path, collecting per-file errors instead of stopping at the first.

    When ``progress`` raises :class:`Cancelled`, the files read so far are returned with
    ``cancelled`` set rather than thrown away (the runner hands them to ``on_partial``). It is
    also called while a file is flagged, so that Cancel stops inside a long file too (it went on
    reading an 8 MB document for half a minute)."""
    from terms.errors import TermsError

    done: list[Analysed] = []
    errors: list[tuple[Path, BaseException]] = []
    try:
        for i, path in enumerate(paths):
            progress(i, len(paths), path.name)

            def within(_clauses: int, _total: int, i: int = i, name: str = path.name) -> None:
                progress(i, len(paths), name)

            try:
                done.append(analyse_file(path, packs, within))
            except TermsError as exc:
                errors.append((path, exc))
        progress(len(paths), len(paths), "")
    except Cancelled:
        return BatchResult(tuple(done), tuple(errors), cancelled=True, total=len(paths))
    return BatchResult(tuple(done), tuple(errors), total=len(paths))

"""Read a terms document (Markdown, plain text, HTML or PDF) into a :class:`~terms.model.Document`.

Every reader reduces its input to the same block model (:mod:`terms.parsing.blocks`);
:mod:`terms.parsing.segment` turns blocks into the readable text and the clause tree.
Every failure is a :class:`~terms.errors.DocumentError` whose message names the file.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from terms.errors import DocumentNotFound, DocumentStructureError, EmptyDocument, UnsupportedDocument
from terms.model import Document, DocumentFormat
from terms.parsing import hints
from terms.parsing.blocks import Block
from terms.parsing.decoding import decode
from terms.parsing.detect import detect_text_format, is_pdf
from terms.parsing.metadata import describe, find_effective_date
from terms.parsing.segment import segment
from terms.textnorm import LIGATURES, UNFOLD_LIGATURES

__all__ = ["DEFAULT_MAX_BYTES", "parse_bytes", "parse_file", "parse_text"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_MB = 1024 * 1024

# Line breaks other than \n, NUL and byte-order marks would upset offsets or display.
_ODD_BREAKS = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")
_ODD_BREAKS_BUT_PAGES = re.compile("[\r\x0b\x85\u2028\u2029]")
_CLEAN = {"\x00": "\ufffd", "\ufeff": ""}
# Other control characters (ESC above all) would reach the user's terminal through a text
# report and could rewrite it; each becomes U+FFFD, one for one, so offsets are unaffected.
_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Typographic ligatures are spelled out (terms.textnorm): the text we produce is what offsets
# index, so changing lengths here is safe.


def parse_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, notes: list[str] | None = None
               ) -> Document:
    """Read and parse the document at ``path``; the format comes from its content and name.

    ``notes``, when given, receives one-line remarks the reader should see although the file
    opened (so far: that its encoding was guessed).
    """
    if not str(path).strip():   # Path("") is "." (the current folder)
        raise DocumentNotFound("''", "is not a file name: the name given is empty", hint=hints.CHECK_PATH)
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise DocumentNotFound(path, f"is a link to {os.readlink(path)}, which does not exist",
                                   hint=hints.CHECK_PATH) from None
        raise DocumentNotFound(path, "no such file", hint=hints.CHECK_PATH) from None
    except OSError as exc:
        raise DocumentNotFound(path, f"cannot be read ({exc.strerror or exc})",
                               hint=hints.PERMISSION) from None
    if path.is_dir():
        raise DocumentNotFound(path, "is a directory, not a document file", hint=hints.PICK_A_FILE)
    if not path.is_file():
        raise DocumentNotFound(path, "is not a regular file (a device or pipe?)", hint=hints.PICK_A_FILE)
    if info.st_size > max_bytes:
        too_large = f"is {_size(info.st_size)}; the limit is {_size(max_bytes, limit=True)}"
        raise UnsupportedDocument(path, too_large, hint=hints.TOO_LARGE)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentNotFound(path, f"cannot be read ({exc.strerror or exc})",
                               hint=hints.PERMISSION) from None
    if len(data) > max_bytes:
        raise UnsupportedDocument(path, f"is larger than the limit of {_size(max_bytes, limit=True)}",
                                  hint=hints.TOO_LARGE)
    return parse_bytes(data, source=str(path), extension=path.suffix, notes=notes)


def _size(n_bytes: int, *, limit: bool = False) -> str:
    """A size as the limit messages give it: megabytes (a limit as the user gave it, "20 MB"), or
    kilobytes and bytes for small ones (a tiny --max-mb read "is 0.0 MB; the limit is 9.53674e-07 MB")."""
    if n_bytes >= _MB // 10:
        return f"{n_bytes / _MB:g} MB" if limit else f"{n_bytes / _MB:.1f} MB"
    if n_bytes >= 1024:
        return f"{n_bytes / 1024:.0f} KB"
    return f"{n_bytes} byte{'s' if n_bytes != 1 else ''}"


def parse_bytes(data: bytes, *, source: str | None = None, format: DocumentFormat | None = None,
                extension: str | None = None, notes: list[str] | None = None) -> Document:
    """Parse a document given as bytes. ``format`` forces a reader; otherwise it is detected.

    ``notes`` as for :func:`parse_file`.
    """
    if not data.strip():
        what = "is empty" if not data else f"has only spaces and line breaks ({len(data):,} bytes)"
        raise EmptyDocument(source, what, hint=hints.EMPTY)
    digest = hashlib.sha256(data).hexdigest()
    if extension is None and source:
        extension = Path(source).suffix
    if format == DocumentFormat.PDF or (format is None and is_pdf(data)):
        from terms.parsing.pdf import pdf_blocks

        blocks, title = pdf_blocks(data, source, notes)
        for block in blocks:
            block.text = _clean(block.text)
        return _build(blocks, DocumentFormat.PDF, source, digest, title)
    try:
        text = decode(data, source, notes)
    except UnsupportedDocument as exc:
        if (extension or "").lower() != ".pdf":
            raise
        # named .pdf, yet neither a PDF nor text: say so rather than "a binary file (NUL bytes)"
        raise UnsupportedDocument(source, "is named .pdf but is not a PDF (it does not begin with %PDF-): "
                                  "a download that went wrong, or another kind of file renamed",
                                  hint=hints.DAMAGED_PDF) from exc
    chosen = format or detect_text_format(text, extension or "")
    return parse_text(text, format=chosen, source=source, _source_sha256=digest)


def parse_text(text: str, *, format: DocumentFormat = DocumentFormat.MARKDOWN, source: str | None = None,
               _source_sha256: str | None = None) -> Document:
    """Parse already-decoded text with the reader for ``format`` (PDF text is read as plain text)."""
    page_starts = _form_feed_lines(text)
    text = _clean(text)
    if not text.strip():
        what = "is empty" if not text else "has only spaces and line breaks"
        raise EmptyDocument(source, what, hint=hints.EMPTY)
    digest = _source_sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    title = None
    if format == DocumentFormat.MARKDOWN:
        from terms.parsing.markdown import markdown_blocks

        blocks = markdown_blocks(text, source)
    elif format == DocumentFormat.HTML:
        from terms.parsing.html import extract_html

        blocks, title = extract_html(text, source)
    else:
        from terms.parsing.plaintext import text_blocks

        blocks = text_blocks(text, page_starts)
    return _build(blocks, DocumentFormat(format), source, digest, title)


def _form_feed_lines(text: str) -> frozenset[int]:
    """Indexes of the lines of ``_clean(text)`` that a form feed began: the pages of text printed to pages
    (:func:`_clean` makes each form feed a line break)."""
    if "\x0c" not in text:
        return frozenset()
    starts: set[int] = set()
    index = 0
    for line in _ODD_BREAKS_BUT_PAGES.sub("\n", text.replace("\r\n", "\n")).split("\n"):
        pieces = line.count("\x0c") + 1
        starts.update(range(index + 1, index + pieces))
        index += pieces
    return frozenset(starts)


def _clean(text: str) -> str:
    text = _ODD_BREAKS.sub("\n", text.replace("\r\n", "\n"))
    for odd, replacement in _CLEAN.items():
        if odd in text:
            text = text.replace(odd, replacement)
    text = _CONTROLS.sub("\ufffd", text)
    if LIGATURES.search(text):
        text = text.translate(UNFOLD_LIGATURES)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a lenient decoder or a caller
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _build(blocks: list[Block], fmt: DocumentFormat, source: str | None, digest: str,
           given_title: str | None) -> Document:
    try:
        text, clauses = segment(blocks)
    except RecursionError:
        raise DocumentStructureError(source, "is nested too deeply to read", hint=hints.TOO_DEEP) from None
    if not text.strip():
        if fmt == DocumentFormat.HTML:
            raise EmptyDocument(source, "has no readable text (only scripts, styles or markup)",
                                hint=hints.SCRIPT_ONLY_PAGE)
        raise EmptyDocument(source, "has no readable text (no words)", hint=hints.EMPTY)
    title, service, kind = describe(clauses, text, source, given_title)
    effective, date_text = find_effective_date(text)
    return Document(
        text=text,
        clauses=clauses,
        format=fmt,
        title=title,
        service=service,
        kind=kind,
        effective_date=effective,
        date_text=date_text,
        source=os.fspath(source) if source is not None else None,
        source_sha256=digest,
    )

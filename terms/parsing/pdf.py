"""PDF to text with pypdf: the text layer only (no OCR), joined back into paragraphs.

Lines repeated at the top or bottom of most pages (running headers, footers, page
numbers) are dropped, words hyphenated across a line break are re-joined, and the
result goes through the plain-text reader.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from typing import TYPE_CHECKING

from terms.errors import UnsupportedDocument
from terms.parsing import hints
from terms.parsing.labels import split_label

if TYPE_CHECKING:
    from pypdf import PdfReader

_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-–]\s*\d{1,4}\s*[-–]",
                          re.IGNORECASE)
_HYPHENATED = re.compile(r"(\w)-\n(?=[a-z])")
_MIN_TEXT = 20  # characters of real text below which a PDF counts as having no text layer


def pdf_text(data: bytes, source: str | None) -> tuple[str, str | None]:
    """``(text, title from the PDF metadata or None)``."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every quirk it repairs
    reader: PdfReader | None = None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedDocument(source, "is an encrypted PDF (it needs a password)",
                                      hint=hints.ENCRYPTED_PDF)
        pages = [page.extract_text() or "" for page in reader.pages]
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
        raise UnsupportedDocument(source, f"is not a readable PDF ({reason})",
                                  hint=hints.DAMAGED_PDF) from None
    if sum(len(p.strip()) for p in pages) < _MIN_TEXT:
        raise UnsupportedDocument(source, "has no text layer (scanned?)",
                                  hint=hints.SCANNED_PDF)
    return _join_pages(pages), (str(title) if title else None)


def _encrypted(reader: PdfReader | None) -> bool:
    """Whether a (possibly half-read) reader has an encryption dictionary."""
    try:
        return reader is not None and reader.is_encrypted
    except Exception:  # a trailer too damaged to tell: not known to be encrypted
        return False


def _join_pages(pages: list[str]) -> str:
    page_lines = [[line for line in (raw.replace("\t", " ").strip() for raw in page.split("\n")) if line]
                  for page in pages]
    repeated = _running_lines(page_lines)
    kept: list[str] = []
    for lines in page_lines:
        edge = {0, 1, len(lines) - 2, len(lines) - 1}
        body = [
            line for index, line in enumerate(lines)
            if not (index in edge and (line in repeated or _PAGE_NUMBER.fullmatch(line)))
        ]
        kept.append(_paragraphs(body))
    return _HYPHENATED.sub(r"\1", "\n\n".join(p for p in kept if p))


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    """Lines at a page's top or bottom that recur on at least half the pages (3 pages or more)."""
    if len(page_lines) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in page_lines:
        counts.update(set(lines[:2] + lines[-2:]))
    return {line for line, n in counts.items() if n >= max(3, len(page_lines) // 2)}


def _paragraphs(lines: list[str]) -> str:
    """Lines of one page with a blank line where a paragraph evidently ends.

    pypdf gives no blank lines between paragraphs: a line ending in closing punctuation
    followed by one starting with a capital, a digit, a bullet or "(" starts a new one,
    and a heading-like line (short, numbered or ALL CAPS, no closing punctuation) stands alone.
    """
    out: list[str] = []
    after_heading = False
    for line in lines:
        heading = _looks_like_heading(line)
        if out and out[-1] and (heading or after_heading or (
                out[-1].endswith((".", ":", "?", "!")) and (line[0].isupper() or line[0].isdigit()
                                                           or line[0] in "•(-"))):
            out.append("")
        out.append(line)
        after_heading = heading
    return "\n".join(out)


def _looks_like_heading(line: str) -> bool:
    if len(line) > 80 or line.endswith((".", ",", ";", ":", "-")):
        return False
    label, rest = split_label(line)
    if label is not None:
        return bool(rest) and rest[0].isupper() and len(rest.split()) <= 10
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and line.upper() == line

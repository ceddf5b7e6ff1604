"""Render the consent report (``terms.export.report_html``) to PDF with Qt's own PDF writer.

Needs only a ``QGuiApplication``; one is created (on the ``offscreen`` platform
when there is no display) if the process has none, so the CLI works headless.
Qt renders into memory; the bytes are then written like every other export
(``terms.fileio.atomic_write_bytes``): through a symbolic link, straight into a
device or FIFO, atomically into a regular file, with a clear error otherwise.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Iterable
from html import escape as html_escape
from pathlib import Path

from terms.errors import ExportError
from terms.fileio import atomic_write_bytes

#: Unbroken runs of text longer than this get a break opportunity (a zero-width space) every
#: ``_WORD_CHUNK`` characters. Qt's layout of one unbreakable word takes time quadratic in its length
#: (40 KB: 1.2 s, 120 KB: 4.8 s, 10 MB: never done); with breaks, it grows with the text's length.
_LONG_WORD = 60
_WORD_CHUNK = 40
_ZWSP = "\u200b"
#: Text between tags (tags themselves and comments are left alone), and in it, unbroken runs,
#: where an entity (``&amp;``) counts as one character so that it is never cut.
_TEXT = re.compile(r"(?<=>)[^<]+")
_RUN = re.compile(r"(?:&#?\w+;|[^\s&]|&)+")
_CHAR = re.compile(r"&#?\w+;|[^&]|&")


def break_long_words(html: str) -> str:
    """``html`` with a zero-width space every ``_WORD_CHUNK`` characters of each unbroken run of text
    longer than ``_LONG_WORD`` characters (a hash, a pasted URL, a note without spaces).

    Only the text between tags changes, and only by break opportunities, which show as nothing.
    """
    def run(match: re.Match[str]) -> str:
        chars = _CHAR.findall(match.group())
        if len(chars) <= _LONG_WORD:
            return match.group()
        return _ZWSP.join("".join(chars[i:i + _WORD_CHUNK]) for i in range(0, len(chars), _WORD_CHUNK))

    return _TEXT.sub(lambda text: _RUN.sub(run, text.group()), html)


def _ensure_gui_app() -> None:
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Kept on the function so it outlives this call (Qt needs the instance alive).
        _ensure_gui_app.app = QGuiApplication([])  # type: ignore[attr-defined]


def render_pdf(html: str, *, title: str = "ClearTerms consent report") -> bytes:
    """``html`` as the bytes of an A4 PDF.

    The page layout has no margins of its own: ``QTextDocument.print_`` already keeps 2 cm clear
    on every side (and puts the page number there), so any margin here would narrow the text.
    """
    _ensure_gui_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("ClearTerms")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    # No ligatures: "ff" in a hash ("caeff17…") was written as the one glyph "ﬀ", so a hash copied
    # or extracted from the PDF was not the hash. Scripts that need shaping (Arabic, …) keep it.
    font = document.defaultFont()
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    document.setDefaultFont(font)
    document.setHtml(break_long_words(html))
    document.print_(writer)
    del writer  # the PDF is finished when the writer goes away
    buffer.close()
    pdf = bytes(data.data())
    if not pdf.startswith(b"%PDF"):
        raise ExportError("the PDF report could not be rendered", hint="Export the report as html instead.")
    return pdf


def write_pdf(html: str, path: Path, *, title: str = "ClearTerms consent report",
              must_show: Iterable[str] = ()) -> list[str]:
    """Write ``html`` as an A4 PDF to ``path``; a write problem raises :class:`ExportError`.

    Returns those of ``must_show`` (member names) that the PDF's text does not hold: written in a
    script no installed font has (a name in Chinese on a machine with Latin fonts only prints as
    empty boxes and is lost from the text), so the caller can say so instead of a record that no
    longer says whose it is. A machine with no font for the report's own words (a bare system)
    raises :class:`ExportError` and writes nothing: the PDF would be all empty boxes."""
    pdf = render_pdf(html, title=title)
    lost = unprinted([_LATIN_SAMPLE, *must_show])
    if _LATIN_SAMPLE in lost:
        raise ExportError(f"{path}: no installed font can draw the report's text: the PDF would be empty "
                          "boxes, so none was written",
                          hint="Install a font (on Debian or Ubuntu: sudo apt install fonts-dejavu-core), or "
                               "export the report as html, which the browser's fonts draw.")
    try:
        atomic_write_bytes(Path(path), pdf)
    except ExportError as exc:
        if exc.hint:
            raise
        raise ExportError(exc.message, hint="Choose another file, or free space where it goes.") from exc
    return lost


#: words the report itself is written in: a PDF that cannot show them shows nothing
_LATIN_SAMPLE = "Consent report"


def unprinted(texts: Iterable[str]) -> list[str]:
    """Those of ``texts`` with a character that a PDF rendered as the report is (same fonts) does
    not hold in its text layer. The texts alone are rendered, on a page or two, and read back:
    reading back a whole report took eight times as long as making it. Characters, not the text as
    a whole: right-to-left script comes out of the text layer in the order drawn ("محمد" as "دمحم"),
    but a character with no glyph in any installed font comes out nowhere."""
    wanted = list(dict.fromkeys(texts))
    if not wanted:
        return []
    from pypdf import PdfReader

    pdf = render_pdf("<p>" + "<br/>".join(html_escape(text) for text in wanted) + "</p>")
    reader = PdfReader(io.BytesIO(pdf))
    printed = set(unicodedata.normalize("NFKC", "".join(page.extract_text() or "" for page in reader.pages)))
    return [text for text in wanted
            if not set(unicodedata.normalize("NFKC", "".join(text.split()))) <= printed]

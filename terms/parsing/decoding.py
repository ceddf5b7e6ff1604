"""Bytes to text: byte-order marks, UTF-8, UTF-16 without a mark, then legacy encodings.

Refuses what is not text at all (NUL-riddled or control-character soup, known binary
formats) with a message that says so, rather than guessing a codec that turns noise
into a page of mojibake.
"""

from __future__ import annotations

import codecs
import re

from terms.errors import UnsupportedDocument
from terms.parsing import hints

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats people might pick by mistake; named in the message.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .odt file?)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def decode(data: bytes, source: str | None) -> str:
    """The text of ``data``; raises :class:`UnsupportedDocument` when it is not text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnsupportedDocument(source, f"is {what}, not a text document", hint=hints.OTHER_FORMAT)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise UnsupportedDocument(
                    source, f"starts with a {codec.upper()} byte-order mark but byte {exc.start + len(bom)} "
                    f"is not valid {codec.upper()}", hint=hints.RESAVE_AS_UTF8
                ) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:4096]:
        raise UnsupportedDocument(source, "is a binary file (it contains NUL bytes), not a text document",
                                  hint=hints.OTHER_FORMAT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _legacy(data, source)
    _refuse_control_soup(text, source)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark shows NULs in every other byte of ASCII."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.7 * half:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _legacy(data: bytes, source: str | None) -> str:
    """Neither UTF-8 nor UTF-16: ask charset-normalizer; refuse what it cannot read as text.

    Its UTF-16/32 guesses on short inputs are noise (UTF-16 was already ruled out by the NUL
    test), so those fall back to Windows-1252, the commonest legacy encoding of Western text.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        codec = best.encoding if not best.encoding.startswith(("utf_16", "utf_32")) else "cp1252"
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    raise UnsupportedDocument(
        source, "is not valid UTF-8 or UTF-16 and its encoding cannot be recognised (binary or damaged?)",
        hint=hints.RESAVE_AS_UTF8,
    )


def _refuse_control_soup(text: str, source: str | None) -> None:
    sample = text[:8192]
    if not sample:
        return
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 20):
        raise UnsupportedDocument(
            source, "is a binary file (control characters throughout), not a text document",
            hint=hints.OTHER_FORMAT,
        )

"""Bytes to text: byte-order marks, UTF-8, UTF-16 without a mark, then legacy encodings.

Refuses what is not text at all (NUL-riddled or control-character soup, known binary
formats) with a message that says so, rather than guessing a codec that turns noise
into a page of mojibake.

Legacy (8-bit) text is read as Windows-1252 unless the bytes clearly belong to another
code page; whichever is chosen, a guess it is, and :func:`decode` reports it as a note.
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

# A Windows-1252 reading is wrong when it puts a symbol from the upper half (``¹ ³ ¿ ˙``) between
# two letters, as it does with Polish or Central-European bytes. Typographic quotes, dashes, the
# middle dot (Catalan "l·l"), the soft hyphen and the no-break space do sit inside words.
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\w\x00-\x7f\u00a0\u00ad\u00b7\u2013\u2014\u2018\u2019"
                             r"\u201a\u201c\u201d\u201e\u2022\u2026](?=[^\W\d_])")
# Western European text is mostly ASCII letters; Cyrillic, Greek or Hebrew bytes read as
# Windows-1252 come out as words made of accented letters only. Too few letters to judge
# (a line like "Café crème") stay Western.
_MAX_ACCENTED_SHARE = 0.3
_MIN_LETTERS_TO_JUDGE = 20
_NUL_HEAVY = 0.6        # UTF-16 of ASCII is half NULs; more than this is not text

_CODEC_NAMES = {
    "cp1252": "Windows-1252 (Western European)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)",
    "cp1257": "Windows-1257 (Baltic)",
    "koi8_r": "KOI8-R (Cyrillic)",
    "shift_jis": "Shift JIS (Japanese)",
    "cp932": "Shift JIS (Japanese)",
    "euc_jp": "EUC-JP (Japanese)",
    "gb2312": "GB2312 (Chinese)",
    "gb18030": "GB18030 (Chinese)",
    "big5": "Big5 (Chinese)",
    "euc_kr": "EUC-KR (Korean)",
    "cp1258": "Windows-1258 (Vietnamese)",
    "latin_1": "ISO-8859-1 (Western European)",
    "iso8859_1": "ISO-8859-1 (Western European)",
    "iso8859_2": "ISO-8859-2 (Central European)",
    "iso8859_5": "ISO-8859-5 (Cyrillic)",
    "iso8859_7": "ISO-8859-7 (Greek)",
    "iso8859_15": "ISO-8859-15 (Western European)",
    "mac_roman": "Mac OS Roman",
    "cp437": "DOS code page 437 (US)",
    "cp850": "DOS code page 850 (Western European)",
    "cp775": "DOS code page 775 (Baltic)",
    "cp866": "DOS code page 866 (Cyrillic)",
}


def decode(data: bytes, source: str | None, notes: list[str] | None = None) -> str:
    """The text of ``data``; raises :class:`UnsupportedDocument` when it is not text.

    When the encoding had to be guessed (no mark, not UTF-8 or UTF-16), a one-line note naming
    the guess is appended to ``notes``, for the caller to show the reader.
    """
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
    sample = data[:4096]
    if sample.count(0) > _NUL_HEAVY * len(sample):
        raise _nul_bytes(source)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        if "\x00" in utf16[:2048]:  # pairs of NUL bytes: not UTF-16 text after all
            raise _nul_bytes(source)
        _refuse_control_soup(utf16, source)
        return utf16
    if b"\x00" in sample:
        raise _nul_bytes(source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        mixed = _mixed(data)
        if mixed is not None:
            text, strays = mixed
            if notes is not None:
                notes.append(f"{source or 'the document'} mixes UTF-8 with another encoding: read the "
                             f"{strays:,} {'byte that is' if strays == 1 else 'bytes that are'} not UTF-8 as "
                             "Windows-1252 (Western European), a guess: if letters look wrong, save it "
                             "again as UTF-8")
        else:
            text, codec = _legacy(data, source)
            if notes is not None:
                name = _CODEC_NAMES.get(codec, codec)
                notes.append(f"{source or 'the document'} is not UTF-8; read it as {name}, a guess: if "
                             "letters look wrong, save it again as UTF-8")
    _refuse_control_soup(text, source)
    return text


#: A character of two to four bytes in UTF-8: rare by chance in text of an 8-bit code page.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: (one is enough beside the share below: a stray byte in a document with a single em dash was read
#: whole as a DOS code page, "Caducea Network ŌĆö Terms of Membership")
_MIXED_MIN_SEQUENCES = 1


def _mixed(data: bytes) -> tuple[str, int] | None:
    """Text that is mostly UTF-8 with some bytes of an 8-bit code page (pasted together from two
    sources): the UTF-8 read as UTF-8 and each stray byte as Windows-1252, and how many strays
    there were; None unless UTF-8 characters of several bytes make at least half its bytes beyond
    ASCII. (Read whole as Windows-1252, "—" and "é" became "â€”" and "Ã©" in the text, its quotes
    and its fingerprints.)"""
    sample = data[:200_000]
    sequences = _UTF8_SEQUENCE.findall(sample)
    non_ascii = len(sample) - len(sample.decode("ascii", errors="ignore"))
    if len(sequences) < _MIXED_MIN_SEQUENCES or sum(map(len, sequences)) < non_ascii / 2:
        return None   # a few UTF-8 look-alikes among noise or 8-bit text are chance
    parts: list[str] = []
    start = strays = 0
    while True:
        try:
            parts.append(data[start:].decode("utf-8"))
            return "".join(parts), strays
        except UnicodeDecodeError as error:
            bad_start, bad_end = start + error.start, start + error.end
            parts.append(data[start:bad_start].decode("utf-8"))
            parts.append(data[bad_start:bad_end].decode("cp1252", errors="replace"))
            strays += bad_end - bad_start
            start = bad_end


def _nul_bytes(source: str | None) -> UnsupportedDocument:
    return UnsupportedDocument(source, "is a binary file (it contains NUL bytes), not a text document",
                               hint=hints.OTHER_FORMAT)


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


def _legacy(data: bytes, source: str | None) -> tuple[str, str]:
    """Neither UTF-8 nor UTF-16: the text and the codec it was read with.

    Windows-1252, the commonest legacy encoding of Western text (and a superset of Latin-1's
    printable characters), wins unless it cannot decode the bytes or its reading looks wrong
    (:func:`_looks_western`). Only then is charset-normalizer asked, whose statistics on short
    Western text often pick a Central-European code page ("crème" as "crčme"). Its UTF-16/32
    guesses are noise here (UTF-16 was already ruled out), so those are ignored.
    """
    western: str | None
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _looks_western(western):
        return western, "cp1252"

    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding and not best.encoding.startswith(("utf_16", "utf_32")):
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    if western is not None:
        return western, "cp1252"
    raise UnsupportedDocument(
        source, "is not valid UTF-8 or UTF-16 and its encoding cannot be recognised (binary or damaged?)",
        hint=hints.RESAVE_AS_UTF8,
    )


def _looks_western(text: str) -> bool:
    """Whether a Windows-1252 reading looks like Western European text rather than mojibake."""
    sample = text[:100_000]
    letters = sum(1 for c in sample if c.isalpha())
    accented = sum(1 for c in sample if c.isalpha() and ord(c) > 0x7F)
    if letters >= _MIN_LETTERS_TO_JUDGE and accented > _MAX_ACCENTED_SHARE * letters:
        return False
    return _SYMBOL_IN_WORD.search(sample) is None


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

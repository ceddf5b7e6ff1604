"""Text normalisation used for comparison and fingerprints (never for display).

Displayed text keeps the original characters; these functions fold the noise that
differs between renderings of the same words: NBSP and other spaces, smart
quotes, dash variants, soft hyphens, zero-width characters and runs of whitespace.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u2002": " ", "\u2003": " ", "\u3000": " ",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u2026": "...",
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
    }
)
# str.translate with a dict is slow on non-ASCII text (measured ~17 ms per 100 KB);
# a character-class scan finds the few characters to fold in ~3 ms.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")
_MARKS = re.compile(r"[*_`~]+")
_PUNCT_AFTER_SPACE = (",", ".", ";", ":", "!", "?", ")", "]")


# Typographic ligatures ("ﬁ", "ﬀ", "ﬃ" …, as PDF writers such as Qt's emit them), spelled out so
# that words and dates are found ("Eﬀective" is "Effective").
_LIGATURE_CHARS = [*range(0xFB00, 0xFB07), *range(0xFB13, 0xFB18)]
LIGATURES = re.compile("[\ufb00-\ufb06\ufb13-\ufb17]")
UNFOLD_LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in _LIGATURE_CHARS})


def spell_out_ligatures(text: str) -> tuple[str, list[int] | None]:
    """``text`` with its ligatures spelled out, and for each character of the result the index
    of the character of ``text`` it comes from (plus ``len(text)`` at the end); ``None`` when
    there was nothing to spell out, so offsets are the same."""
    if not LIGATURES.search(text):
        return text, None
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        spelled = char.translate(UNFOLD_LIGATURES)
        out.append(spelled)
        origin.extend([i] * len(spelled))
    origin.append(len(text))
    return "".join(out), origin


def _fold(match: re.Match[str]) -> str:
    return _TRANSLATE[ord(match.group())] or ""


def normalise(text: str) -> str:
    """Fold typographic variants and whitespace runs; keeps case and words."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _FOLDABLE.sub(_fold, text)
    return " ".join(text.split())


def comparison_key(text: str) -> str:
    """A key under which formatting-only variants of a text are equal.

    Beyond :func:`normalise`: case-folded, Markdown emphasis markers removed and
    spaces around punctuation made uniform (no space before ``,.;:!?)]``, none
    after ``([``). Written with plain string operations: fingerprints run over
    every clause of every document, and per-character regular expressions cost
    several times the rest of parsing.
    """
    folded = normalise(text).casefold()
    if "*" in folded or "_" in folded or "`" in folded or "~" in folded:
        folded = " ".join(_MARKS.sub("", folded).split())
    for mark in _PUNCT_AFTER_SPACE:
        if " " + mark in folded:
            folded = folded.replace(" " + mark, mark)
    return folded.replace("( ", "(").replace("[ ", "[")


def fingerprint(text: str) -> str:
    """Short stable hash of a text's comparison key (16 hex digits)."""
    return hashlib.sha256(comparison_key(text).encode("utf-8")).hexdigest()[:16]


_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
#: Half of a UTF-16 character pair on its own: what Python makes of bytes that are not UTF-8 (a file
#: name, a command-line argument) or of "\ud800" in JSON. No UTF-8 output can hold one.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def is_fingerprint(value: object) -> bool:
    """Whether ``value`` has the form :func:`fingerprint` gives (for checking stored clauses)."""
    return isinstance(value, str) and _FINGERPRINT.fullmatch(value) is not None

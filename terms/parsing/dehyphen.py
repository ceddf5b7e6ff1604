"""Joining the lines of a paragraph (PDF, hard-wrapped text) where a word may break at a hyphen.

A line ending in "letter-" followed by one starting with a lower-case letter (or an ALL CAPS word
broken between two lines of capitals) is either a word split by hyphenation ("com-" / "puter") or
a hyphenated compound that happened to break at its hyphen ("third-" / "party"). The rest of the
document decides: the joined word written elsewhere means hyphenation; the hyphenated form written
elsewhere, or a compound prefix ("non-", "self-") or two halves that are both words of the
document, mean the hyphen is real. Plain text is wrapped by programs that do not hyphenate, so
there the hyphen is real unless the document writes the joined word and never the hyphenated one
(:func:`join_wrapped_text`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

# Words that commonly start hyphenated compounds in terms documents ("third-party", "opt-out",
# "royalty-free", "then-current", "in-person"). Alone they do not keep a hyphen: the second half
# must also be a word of the document, so "in-" / "formation" still becomes "information".
_COMPOUND_PREFIXES = frozenset({
    "third", "royalty", "non", "self", "co", "then", "in", "e", "opt", "pre", "re", "sub", "cross",
    "multi", "anti", "post", "high", "low", "long", "short", "full", "part", "first", "one", "two",
    "end", "user", "real", "well", "time", "age", "cookie", "log", "sign", "add", "follow", "up",
    "on", "off", "out", "over", "under", "all", "ever", "worldwide", "fee", "tax", "case", "set",
    "built", "so", "de", "semi", "ex", "mid", "counter", "wi", "x", "t", "k", "u",
})
# Prefixes no hyphenation dictionary splits a word after: the hyphen is the compound's
# ("non-exclusive", "anti-terrorism") unless the document writes the word joined.
_ALWAYS_HYPHENATED = frozenset({"third", "royalty", "non", "self", "then", "anti", "opt"})
_BROKEN = re.compile(r"(?<![\w-])([\w-]*\w)-$")
_URL_END = re.compile(r"(?:https?://|www\.)\S*/$")
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def writer_hyphenates(lines: Sequence[str], words: Counter[str]) -> bool:
    """Whether the document's lines show hyphenation at all: a word broken at a line end that the
    document writes joined elsewhere ("infor-" / "mation" beside "information"). Word processors
    and browsers do not hyphenate unless told to; in their PDFs a hyphen at a line end is the
    word's own ("error-" / "free", "machine-" / "readable" were joined into words no one wrote)."""
    for before, after in itertools.pairwise(lines):
        broken = _broken_end(before)
        second = _FIRST_WORD.match(after)
        if broken is None or second is None or not after[:1].islower() or "-" in broken.group(1):
            continue
        left, right = broken.group(1).casefold(), second.group().casefold()
        if words[left + right] > 0 and words[f"{left}-{right}"] == 0:
            return True
    return False


def join_lines(lines: Sequence[str], words: Counter[str], *, keep_breaks: bool = False,
               hyphenates: bool = True) -> str:
    """The lines as one text, joined by a space (a line break with ``keep_breaks``).

    ``words`` counts the document's words (lower-case, hyphenated compounds as one word) and
    decides each hyphen at a line end (see the module docstring); where the document shows no
    hyphenation (``hyphenates`` false, see :func:`writer_hyphenates`) a hyphen goes only for a
    word it writes joined elsewhere.
    """
    separator = "\n" if keep_breaks else " "
    out: list[str] = []
    for index, line in enumerate(lines):
        if index and _broken_end(out[-1]) and line[:1].isalnum():
            # A word or compound broken at its hyphen, or a dash closing up to the next word:
            # the two halves join without a space.
            out[-1] = (out[-1][:-1] if _is_hyphenation(out[-1], line, words, hyphenates) else out[-1]) + line
        elif index and out[-1].endswith("—") and line[:1].isalnum():
            out.append(line)
        elif index and _URL_END.search(_last_word(out[-1])) and not line[:1].isspace():
            out.append(line)  # a web address broken after a slash
        elif index:
            out.append(separator)
            out.append(line)
        else:
            out.append(line)
    return "".join(out)


def join_wrapped_text(lines: Sequence[str], words: Counter[str]) -> str:
    """Hard-wrapped plain text: the lines joined by line breaks, except where a line ends in a hyphen.

    Text wrapped by a program (an editor, ``fold``, an e-mail client) breaks lines only at spaces
    and after hyphens, never inside a word: "third-" / "party" is the compound "third-party", and
    the hyphen goes only when the document writes the joined word elsewhere and never the
    hyphenated one (a text typeset with hyphenation, "infor-" / "mation"). ``words`` as for
    :func:`join_lines`.
    """
    out: list[str] = []
    for index, line in enumerate(lines):
        broken = _broken_end(out[-1]) if index else None
        second = _FIRST_WORD.match(line)
        if broken is None or not line[:1].isalpha():
            if index:
                out.append("\n")
            out.append(line)
            continue
        left = broken.group(1).casefold()
        right = second.group().casefold() if second else ""
        hyphenated = (right and "-" not in left and words[left + right] > 0
                      and words[f"{left}-{right}"] == 0)
        out[-1] = (out[-1][:-1] if hyphenated else out[-1]) + line
    return "".join(out)


def _last_word(text: str) -> str:
    """The end of ``text`` after its last space, tab or line break: what a line-end test needs to
    read. (Searching the whole text instead, as it grows by joined lines, made one long paragraph
    with a hyphen at many line ends take quadratic time.)"""
    cut = text.rfind(" ")
    cut = max(cut, text.rfind("\n", cut + 1), text.rfind("\t", cut + 1))   # only after the last space
    return text[cut + 1:]


def _broken_end(text: str) -> re.Match[str] | None:
    """The word or compound broken at a hyphen at the end of ``text``, if it ends so."""
    return _BROKEN.search(_last_word(text)) if text.endswith("-") else None


def _capitals_broken(left: str, right: str) -> bool:
    """Whether "LEFT-" / "RIGHT" may be an ALL CAPS word broken by hyphenation ("MER-" /
    "CHANTABILITY" in a disclaimer): both halves in capitals, of two and three letters at least."""
    return left.isalpha() and left.isupper() and len(left) >= 2 and right.isupper() and len(right) >= 3


def _is_hyphenation(before: str, after: str, words: Counter[str], hyphenates: bool = True) -> bool:
    broken = _broken_end(before)
    second = _FIRST_WORD.match(after)
    if broken is None or second is None or "-" in broken.group(1):
        return False  # "conflict-of-" / "laws": the hyphen is the text's
    left, right = broken.group(1).casefold(), second.group().casefold()
    capitals = not after[:1].islower()
    if capitals and not _capitals_broken(broken.group(1), second.group()):
        return False  # "EU-" / "U.S.", "Franco-" / "German": a capital after a hyphen is a name's
    if words[left + right] > 0:
        return True
    if capitals and words[right] > 1:
        return False  # "ERROR-" / "FREE", "CLASS-" / "ACTION": a compound of two words, in capitals
    if words[f"{left}-{right}"] > 0 or not hyphenates:
        return False
    if left in _ALWAYS_HYPHENATED:
        return False
    right_elsewhere = words[right] > 1  # the half on this line is counted once already
    if left in _COMPOUND_PREFIXES and right_elsewhere:
        return False
    return not (len(left) >= 3 and len(right) >= 3 and words[left] > 0 and right_elsewhere)

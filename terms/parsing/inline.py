"""Markdown inline syntax to display text, with regular expressions instead of a full inline parser.

The displayed text needs no inline tree: only the words. Links keep their text and
lose their URL, images keep their alt text, emphasis and code markers go, inline
HTML tags are dropped (never rendered; ``<br>`` becomes a line break, a number in
``<sup>`` superscript digits), entities and backslash escapes are resolved. Measured on
the real corpus this is several times faster than mistune's inline parser, which
dominated parse time (see docs/decisions/0004-parsing-markdown-scanner.md).
"""

from __future__ import annotations

import html
import operator
import re

from terms.parsing.blocks import SUPERSCRIPT_DIGITS

# Backslash-escaped ASCII punctuation is parked in the private-use area while the
# other rules run, so "\*" or "\[" are never taken for markup, then restored.
_PARK_BASE = 0xE000
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PARKED = re.compile("[\ue021-\ue07e]")

_CODE = re.compile(r"(`+)([^`]+)\1")
_DANGEROUS = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"  # (url "title")
_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _TARGET)
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]" + _TARGET)
_REF_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[[^\[\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+|[^<>\s@]+@[^<>\s@]+\.[A-Za-z]{2,})>")
_SUP_NUMBER = re.compile(r"<sup\b[^<>]*>([ \t]*\d{1,4}[ \t]*)</sup\s*>", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
# Emphasis spans may not contain their own marker character: each candidate then
# scans only to the next marker, which keeps hostile input ("*a *a *a …") linear.
_STRONG_STAR = re.compile(r"\*\*(?=[^\s*])([^*]*[^\s*])\*\*")
_STRONG_UNDERSCORE = re.compile(r"__(?=[^\s_])([^_]*[^\s_])__")
_EM_STAR = re.compile(r"\*(?=[^\s*])([^*]*[^\s*])\*")
_EM_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])([^_]*[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=[^\s~])([^~]*[^\s~])~~")
_INNER = operator.methodcaller("group", 1)  # a C-level replacement: no template expansion per match
_TRAILING = re.compile(r"[ \t]+\n")


def _park(match: re.Match[str]) -> str:
    return chr(_PARK_BASE + ord(match.group(1)))


def _unpark(match: re.Match[str]) -> str:
    return chr(ord(match.group()) - _PARK_BASE)


def _superscript(match: re.Match[str]) -> str:
    return match.group(1).translate(SUPERSCRIPT_DIGITS)


def _code(match: re.Match[str]) -> str:
    inner = match.group(2)
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip():
        inner = inner[1:-1]
    # Code content is literal: park its punctuation so emphasis rules leave it alone.
    return "".join(chr(_PARK_BASE + ord(ch)) if "!" <= ch <= "~" and not ch.isalnum() else ch for ch in inner)


def strip_inline(text: str) -> str:
    """Display text of one Markdown block's inline content (lines joined by ``\\n``)."""
    parked = False
    if "\\" in text:
        text = text.replace("\\\n", "\n")  # a backslash hard break
        text = _ESCAPE.sub(_park, text)
        parked = True
    if "`" in text:
        text = _CODE.sub(_code, text)
        parked = True
    if "<" in text:
        text = _DANGEROUS.sub("", text)
        text = _AUTOLINK.sub(_INNER, text)
        text = _BREAK_TAG.sub("\n", text)
        text = _SUP_NUMBER.sub(_superscript, text)
        text = _TAG.sub("", text)
    if "](" in text:
        if "![" in text:
            text = _IMAGE.sub(_INNER, text)
        text = _LINK.sub(_INNER, text)
    if "][" in text:
        text = _REF_LINK.sub(_INNER, text)
    # underscores first: an underscore closed right before a star ("_“_**Renewal Term**_”_", Zoom's
    # defined terms) can only be told from one inside a word while the star is still there
    if "_" in text:
        text = _STRONG_UNDERSCORE.sub(_INNER, text)
        text = _EM_UNDERSCORE.sub(_INNER, text)
    if "*" in text:
        text = _STRONG_STAR.sub(_INNER, text)
        text = _EM_STAR.sub(_INNER, text)
        if "**" in text:  # strong around emphasis: "**a *b* c**"
            text = _STRONG_STAR.sub(_INNER, text)
    if "~~" in text:
        text = _STRIKE.sub(_INNER, text)
    if "&" in text:
        text = html.unescape(text)
    if parked:
        text = _PARKED.sub(_unpark, text)
    if " \n" in text or "\t\n" in text:
        text = _TRAILING.sub("\n", text)
    return text.strip()

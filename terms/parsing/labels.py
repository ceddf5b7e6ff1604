"""Clause number labels: recognising them, their numbering style, and ids built from them.

A label is the number a document prints in front of a clause: ``7.``, ``7.3``,
``7.3(b)``, parts such as ``(b)`` and ``(iv)``, ``a.``, ``Section 4``,
``Article II``, and sections inserted later (``4A.``, ``4A.1``) or lettered (``A.1``). The
*style* says which numbering sequence a label belongs to, so that ``(a)``, ``(b)`` are siblings
and ``(i)`` under ``(a)`` nests one level deeper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = re.compile(r"(?=[ivxlc])m{0,3}(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})", re.IGNORECASE)

# Order matters: the longer, more specific forms first. Every alternative must be
# followed by whitespace or the end of the text, so "7.5%" or "(a)b" are not labels.
_LABEL = re.compile(
    r"(?P<label>"
    r"(?P<kw>Section|SECTION|Sec\.|Article|ARTICLE|Art\.|§)\s?(?P<kwnum>\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,7})\b[.:]?"
    r"|(?P<compound>\d{1,3}(?:\.\d{1,3})*(?:\((?:[a-z]{1,2}|[A-Z]{1,2}|[ivxlc]{1,6}|\d{1,3})\))+)\.?"
    # (also a section inserted between two: "4A.1", "4A.", "5.4a"; and a lettered part's clauses: "A.1")
    r"|(?P<dotted>(?:\d{1,3}[A-Z]?|[A-Z])(?:\.\d{1,3})+[a-hA-H]?)\.?"
    r"|(?P<dec>\d{1,3}[A-Z]?)[.)]"
    r"|\((?P<paren>[a-z]{1,2}|[A-Z]{1,2}|[ivxlc]{1,6}|[IVXLC]{1,6}|\d{1,3})\)"
    r"|(?P<letter>[a-z]|[A-Z]|[ivxlc]{2,6}|[IVXLC]{2,6})[.)]"
    r")(?=\s|$)"
)


@dataclass(frozen=True, slots=True)
class Label:
    """A recognised number label at the start of a text."""

    text: str       # as printed: "7.", "7.3", "(b)", "Section 4."
    key: str        # the part used in ids: "7", "7.3", "(b)", "sec-4", "art-II"
    style: str      # numbering sequence: "dec", "dotted2", "alpha", "roman", "ALPHA", "ROMAN", ...
    absolute: bool  # the key is a full path by itself ("7.3", "sec-4"), not relative to a parent

    @property
    def decimal(self) -> bool:
        return self.style == "dec"


_ROMAN_VALUES = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                 (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def roman(n: int) -> str:
    """``n`` (1 or more) in lower-case roman numerals: 4 -> "iv"."""
    out = []
    for value, letters in _ROMAN_VALUES:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _is_roman(token: str) -> bool:
    return bool(_ROMAN.fullmatch(token))


def split_label(text: str, previous_alpha: str | None = None) -> tuple[Label | None, str]:
    """The label at the start of ``text`` (if any) and the text after it, left-stripped.

    ``previous_alpha`` is the key of the last lettered sibling (e.g. ``"(h)"``): it
    decides whether an ambiguous ``(i)`` continues the letters or starts roman numerals.
    """
    match = _LABEL.match(text)
    if match is None:
        return None, text
    printed = match.group("label")
    rest = text[match.end():].lstrip()
    if match.group("kw"):
        sentence = rest[:1].islower() or _first_word(rest) in _VERBS_AFTER_SECTION
        if sentence and not printed.endswith((".", ":")):
            # "Section 8 applies only if you live in the United States.": a sentence about the
            # section, not its number (it took the id sec-8, and the real Section 8 sec-8~2); also
            # in capitals ("SECTION 15 REQUIRES WITH LIMITED EXCEPTIONS, THAT ALL DISPUTES …")
            return None, text
        kw = match.group("kw").lower()
        prefix = "art" if kw.startswith("art") else "sec"
        num = match.group("kwnum")
        return Label(printed, f"{prefix}-{num}", prefix, True), rest.lstrip("-–—: \t")
    if match.group("compound"):
        compound = match.group("compound")
        parts = compound.count(".") + compound.count("(") + 1
        return Label(printed, compound, f"compound{parts}", True), rest
    if match.group("dotted"):
        dotted = match.group("dotted")
        return Label(printed, dotted, f"dotted{dotted.count('.') + 1}", True), rest
    if match.group("dec"):
        return Label(printed, match.group("dec"), "dec", False), rest
    token = match.group("paren") or match.group("letter")
    paren = match.group("paren") is not None
    if token.isdigit():
        return Label(printed, f"({token})", "num-paren", False), rest
    style = _letter_style(token, previous_alpha)
    if style is None:
        return None, text
    if not paren:
        style += "-dot"
    return Label(printed, f"({token})", style, False), rest


#: words that, right after "Section 15", make it the subject of a sentence rather than a number
_VERBS_AFTER_SECTION = frozenset({
    "requires", "applies", "apply", "governs", "contains", "includes", "describes", "explains",
    "sets", "provides", "shall", "will", "may", "does", "is", "also", "below", "above", "of"})


def _first_word(text: str) -> str:
    word = re.match(r"[A-Za-z]+", text)
    return word.group().lower() if word else ""


def _letter_style(token: str, previous_alpha: str | None) -> str | None:
    lower = token.islower()
    if _is_roman(token):
        # "(i)" right after "(h)" is the ninth letter, not the first roman numeral.
        previous = previous_alpha.strip("()").lower() if previous_alpha else ""
        if len(token) == 1 and previous == chr(ord(token.lower()) - 1):
            return "alpha" if lower else "ALPHA"
        return "roman" if lower else "ROMAN"
    if len(token) == 1:
        return "alpha" if lower else "ALPHA"
    if len(set(token)) == 1:  # "(aa)" continues "(z)"
        return "alpha" if lower else "ALPHA"
    return None


def slug(text: str, limit: int = 60) -> str:
    """A lower-case, hyphenated id fragment from a heading text (word-aligned, at most ``limit``)."""
    words = re.findall(r"\w+", text.casefold())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "section")

"""Word n-gram features with their character spans: the one definition shared by training and
inference, so a model always sees text the way it was trained on it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word may carry soft hyphens (U+00AD, invisible line-break hints in pasted text): they are
# matched inside the token, so offsets stay those of the original text, and dropped from its name.
_TOKEN = re.compile(r"[^\W_]+(?:\u00ad[^\W_]+)*")
_SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True, slots=True)
class Feature:
    """An n-gram (tokens joined by one space) and every ``(start, end)`` span where it occurs."""

    name: str
    spans: tuple[tuple[int, int], ...]


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word tokens with their offsets in ``text`` (digits kept, punctuation dropped)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two: keep the original offsets
        return [(m.group().replace(_SOFT_HYPHEN, "").lower(), m.start(), m.end())
                for m in _TOKEN.finditer(text)]
    if _SOFT_HYPHEN in text:
        return [(m.group().replace(_SOFT_HYPHEN, ""), m.start(), m.end()) for m in _TOKEN.finditer(lowered)]
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(lowered)]


def token_names(text: str) -> list[str]:
    """The names of :func:`tokens` without their offsets (cheaper: scoring needs no offsets)."""
    lowered = text.lower()
    if len(lowered) != len(text) or _SOFT_HYPHEN in text:
        return [t[0] for t in tokens(text)]
    return _TOKEN.findall(lowered)


def extract_features(text: str, max_n: int = 2) -> dict[str, Feature]:
    """Every word n-gram of length 1..``max_n`` in ``text``, keyed by name."""
    toks = tokens(text)
    spans: dict[str, list[tuple[int, int]]] = {}
    for n in range(1, max_n + 1):
        for i in range(len(toks) - n + 1):
            name = " ".join(t[0] for t in toks[i:i + n])
            spans.setdefault(name, []).append((toks[i][1], toks[i + n - 1][2]))
    return {name: Feature(name, tuple(s)) for name, s in spans.items()}

"""Reading time and readability of a document's text (Qt-free, pure arithmetic).

Readability is the Flesch reading-ease score (Flesch 1948: 206.835 − 1.015 × words per
sentence − 84.6 × syllables per word), with syllables estimated from vowel groups. It is
a rough guide, shown with a plain-words band, never as a verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS_PER_MINUTE = 230  # typical adult silent reading of non-fiction prose
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)|\n\s*\n")
_VOWELS = re.compile(r"[aeiouyà-ÿ]+")


@dataclass(frozen=True, slots=True)
class TextStats:
    words: int
    sentences: int
    minutes: float
    flesch: float

    @property
    def reading_time(self) -> str:
        minutes = round(self.minutes)
        if minutes < 1:
            return "under a minute"
        if minutes < 60:
            return f"about {minutes} minute{'s' if minutes != 1 else ''}"
        hours, rest = divmod(minutes, 60)
        return f"about {hours} h {rest:02d} min"

    @property
    def readability(self) -> str:
        """The Flesch band in plain words."""
        score = self.flesch
        if score >= 70:
            return "easy to read"
        if score >= 50:
            return "fairly hard to read (like a newspaper editorial)"
        if score >= 30:
            return "hard to read (like an academic paper)"
        return "very hard to read (like a legal text)"


def syllables(word: str) -> int:
    word = word.lower()
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def text_stats(text: str) -> TextStats:
    words = _WORD.findall(text)
    n_words = len(words)
    n_sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    if not n_words:
        return TextStats(0, 0, 0.0, 0.0)
    n_syllables = sum(syllables(w) for w in words)
    flesch = 206.835 - 1.015 * (n_words / n_sentences) - 84.6 * (n_syllables / n_words)
    return TextStats(n_words, n_sentences, n_words / WORDS_PER_MINUTE, round(flesch, 1))

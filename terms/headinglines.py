"""Lines that head the text under them without markup: the flagger reads past them and the
plain-text parser makes them headings.

A plain-text document marks a heading by nothing but its line ("Information We Collect",
"How we use your information", "Anonymizing your information"); a Markdown or HTML document may
hold such a line as a paragraph too. Both readers ask the functions here.
"""

from __future__ import annotations

import re

SUBJECT_PRONOUNS = frozenset({"we", "you", "they", "it", "i"})
TITLE_WORD = re.compile(r"[A-Za-z][\w'-]*")
#: words a title leaves in lower case ("How We Share Information with Partners")
TITLE_SMALL_WORDS = frozenset({
    "a", "an", "and", "or", "of", "the", "to", "for", "with", "in", "on", "by", "at", "from",
    "your", "our", "we", "you", "how", "what", "is", "are", "do", "not", "as", "its", "their",
})

_CAPTION_MAX_WORDS = 8
#: a line with one of these states something ("Clients may read your posts"), whatever its punctuation
_STATEMENT_VERBS = frozenset({"may", "might", "can", "could", "will", "would", "shall", "should", "must",
                              "is", "are", "was", "were"})
_PRACTICE_VERBS = frozenset({"sell", "sells", "share", "shares", "read", "reads", "collect", "collects",
                             "use", "uses", "disclose", "discloses", "keep", "keeps", "track", "tracks",
                             "monitor", "monitors", "license", "licenses", "own", "owns", "store", "stores"})
_RELATIVES = frozenset({"who", "that", "which"})


def is_caption(text: str) -> bool:
    """Whether a paragraph is a heading in sentence case that the source did not mark up: one line of
    at most eight words, capitalised, with no closing punctuation, not led by a subject pronoun and
    without a modal or "is"/"are" ("Anonymizing your information", "Partners who use our analytics
    services"). Read only for a paragraph that has text after it, whose statements the flags are
    taken from."""
    line = text.strip()
    if not line or "\n" in line or not line[0].isupper() or not line[-1].isalnum():
        return False
    words = [w.lower() for w in TITLE_WORD.findall(line)]
    if not 1 <= len(words) <= _CAPTION_MAX_WORDS or words[0] in SUBJECT_PRONOUNS:
        return False
    # "Clients read your posts" states a practice; "Partners who use our analytics services" and "Use
    # of cookies" name one
    return _STATEMENT_VERBS.isdisjoint(words) and not any(
        word in _PRACTICE_VERBS and words[i - 1] not in _RELATIVES for i, word in enumerate(words) if i)


_HEADING_LINE_MAX_WORDS = 10
_HEADING_LINE_MAX_CHARS = 80
#: question words a heading may start with ("How we use your information", "What we collect");
#: not "when", which as often starts a condition ("When you register")
_QUESTION_WORDS = frozenset({"how", "what", "why", "who", "where", "which", "whom"})


def is_heading_line(line: str) -> bool:
    """Whether one line of plain text standing over text is a heading: at most ten words and 80
    characters, no digits, capitalised, with no closing punctuation, not led by a subject pronoun,
    and in title case ("Information We Collect"), led by a question word ("How we use your
    information") or a caption (see :func:`is_caption`)."""
    line = line.strip()
    if (not line or "\n" in line or len(line) > _HEADING_LINE_MAX_CHARS or not line[0].isupper()
            or not line[-1].isalnum() or any(ch.isdigit() for ch in line)):
        return False
    words = TITLE_WORD.findall(line)
    if not 1 <= len(words) <= _HEADING_LINE_MAX_WORDS or words[0].lower() in SUBJECT_PRONOUNS:
        return False
    title_case = all(w[0].isupper() for w in words if w.lower() not in TITLE_SMALL_WORDS)
    asks = words[0].lower() in _QUESTION_WORDS or line.lower().startswith(("with whom ", "to whom "))
    return title_case or asks or is_caption(line)

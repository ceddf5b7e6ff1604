"""Lines that head the text under them without markup.

A plain-text document marks a heading by nothing but its line ("Information We Collect",
"How we use your information", "Anonymizing your information"): the plain-text parser makes such
lines headings (:func:`is_heading_line`). A Markdown or HTML document may hold one as a paragraph
too, which the flagger reads past (:func:`is_caption`).
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


def _capitalised_line(line: str) -> bool:
    """One line that starts with a capital and ends without punctuation: the shape of a heading."""
    return bool(line) and "\n" not in line and line[0].isupper() and line[-1].isalnum()


CELL_SEPARATOR = " | "  # how the parsers join a table row's cells (Markdown, HTML and PDF tables alike)


def is_caption(text: str) -> bool:
    """Whether a paragraph is a heading in sentence case that the source did not mark up: one line of
    at most eight words, capitalised, with no closing punctuation, not led by a subject pronoun and
    without a modal or "is"/"are" ("Anonymizing your information", "Partners who use our analytics
    services"). Read only for a paragraph that has text after it, whose statements the flags are
    taken from."""
    line = text.strip()
    if not _capitalised_line(line) or CELL_SEPARATOR in line:  # (a table's row is no caption)
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
#: not "when", "where" or "which", which as often start a condition or a clause ("Where required
#: we share …"), nor "who", which starts statements ("Who receives your posts is up to us")
_QUESTION_WORDS = frozenset({"how", "what", "why"})
#: a noun and what is done with it, the commonest privacy headings in sentence case ("Information
#: we collect", "Cookies we use", "Data we share")
_NOUN_WE_VERB_MAX_WORDS = 5


#: what a question a section answers starts with, in a policy written as questions and answers
_QUESTION_STARTS = frozenset({"what", "how", "why", "who", "whom", "whose", "when", "where", "which", "do",
                              "does", "can", "will", "is", "are", "should", "may", "with", "to"})
_QUESTION_MAX_WORDS = 14


def is_question_line(line: str) -> bool:
    """Whether one line of plain text asks a question a section could answer: capitalised, at most
    14 words, ending in "?", led by a question word or an auxiliary ("What information do we
    collect?", "Do we sell your information?"). A heading only in a document with several (see
    ``plaintext``): one question alone may be part of the prose."""
    line = line.strip()
    if "\n" in line or not line.endswith("?") or not line[:1].isupper():
        return False
    words = [w.lower() for w in TITLE_WORD.findall(line)]
    return 2 <= len(words) <= _QUESTION_MAX_WORDS and words[0] in _QUESTION_STARTS and \
        (words[0] not in ("with", "to") or words[1] == "whom")


def is_heading_line(line: str) -> bool:
    """Whether one line of plain text standing over text is a heading: at most ten words and 80
    characters, no digits, no colon, capitalised, with no closing punctuation, not led by a subject
    pronoun, and in title case ("Information We Collect"), led by "how", "what" or "why" ("How we
    use your information"), a noun and what "we" do with it ("Information we collect") or a
    caption (see :func:`is_caption`)."""
    line = line.strip()
    if (not _capitalised_line(line) or ":" in line or len(line) > _HEADING_LINE_MAX_CHARS
            or any(ch.isdigit() for ch in line)):
        return False
    words = TITLE_WORD.findall(line)
    if not 1 <= len(words) <= _HEADING_LINE_MAX_WORDS or words[0].lower() in SUBJECT_PRONOUNS:
        return False
    lowered = [w.lower() for w in words]
    title_case = all(w[0].isupper() for w, low in zip(words, lowered, strict=True)
                     if low not in TITLE_SMALL_WORDS)
    asks = lowered[0] in _QUESTION_WORDS or line.lower().startswith(("with whom ", "to whom "))
    names_a_practice = (len(words) <= _NOUN_WE_VERB_MAX_WORDS and "we" in lowered[1:3]
                        and _STATEMENT_VERBS.isdisjoint(lowered))
    return title_case or asks or names_a_practice or is_caption(line)


#: a line at least this long with no stop at its end is wrapped running text that the next line goes on with
#: ("… AND SMALL CLAIMS REMAIN AVAILABLE" / "TO YOU.", "… FITNESS FOR A PARTICULAR" / "PURPOSE AND …"), not a
#: title; both the rules' sentence splitter and the reader of text printed to pages ask
WRAPPED_LINE = 60
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]]*[ \t]*$")


def ends_sentence(line: str) -> bool:
    """Whether the line ends with a stop (a closing quote or bracket may follow it)."""
    return _ENDS_SENTENCE.search(line) is not None


def runs_on(line: str) -> bool:
    """Whether the line is wrapped running text that goes on to the next line (see :data:`WRAPPED_LINE`)."""
    return len(line) >= WRAPPED_LINE and not ends_sentence(line)

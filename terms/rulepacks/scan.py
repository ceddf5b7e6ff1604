"""Cutting clause text into the units rules match on: sentences, then scopes.

All offsets are into the text given (a document's or a lone clause's), never into a
copy, so evidence maps straight back onto what the reader sees. Matching runs on a
*folded* copy of the same length (:func:`fold`): typographic quotes, dashes and
non-breaking spaces become ASCII, one character for one.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache

from terms.headinglines import CELL_SEPARATOR, SUBJECT_PRONOUNS, TITLE_SMALL_WORDS, TITLE_WORD, runs_on
from terms.unmarkedlists import unmarked_list
from terms.wording import cut_quote

MAX_SENTENCE = 2000  # longer "sentences" (lists run together, missing full stops) are cut
CUT_AT = 1500

_FOLD = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u3000": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": "-",
    }
)


_FOLDABLE = re.compile("[" + "".join(chr(c) for c in _FOLD) + "]")
_FOLD_CHAR = {chr(c): v for c, v in _FOLD.items()}


def lower_same_length(text: str) -> str:
    """``text.lower()``, except characters whose lower case is longer (e.g. 'İ') stay as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def fold(text: str) -> str:
    """ASCII-fold quotes, dashes and spaces; the result has exactly the same length."""
    if text.isascii():
        return text
    return _FOLDABLE.sub(lambda m: _FOLD_CHAR[m.group()], text)


_BULLETS = r"[-*\u2022]"  # the markers a list item's line starts with
_BULLET_LINE = re.compile(rf"[ \t]*{_BULLETS}[ \t]")
_STARTS_SENTENCE = re.compile(r"[ \t]*[\"'(\[]?[A-Z]")
_BOUNDARY = re.compile(
    r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])"  # full stop, then a capital or digit
    r"|\n[ \t]*\n\s*"  # blank line
    rf"|\n(?=[ \t]*(?:{_BULLETS}|\(?[A-Za-z0-9]{{1,3}}[.)])\s)"  # line break before a list item
)
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "inc",
        "ltd",
        "llc",
        "co",
        "corp",
        "no",
        "nos",
        "vs",
        "st",
        "sec",
        "art",
        "cf",
        "para",
        "dr",
        "mr",
        "mrs",
        "ms",
        "jr",
        "sr",
        "approx",
        "incl",
        # citations of regulations and codes ("45 C.F.R. Part 164", "15 U.S.C. § 6801")
        "c.f.r",
        "u.s.c",
    ]
)
#: initials of a country, which end a sentence unless a word that goes with them follows ("U.S. Dollars")
_COUNTRY_INITIALS = frozenset({"u.s", "u.k", "u.s.a", "e.u"})
#: ... and the words that follow them inside a sentence
_AFTER_COUNTRY_INITIALS = frozenset({
    "dollars", "dollar", "government", "federal", "department", "code", "person", "persons", "citizens",
    "residents", "courts", "court", "law", "laws", "treasury", "postal", "mail", "customs", "export",
    "patent", "copyright", "military", "embassy", "state", "states", "sanctions", "securities", "tax",
    "taxes",
    # agencies ("the U.S. Food and Drug Administration", "the U.S. Department of Health and Human Services")
    "food", "centers", "national", "health", "social", "public", "census", "immigration", "attorney",
    "district", "supreme", "army", "navy", "air"})
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_WORD_BEFORE_LETTER = re.compile(r"(\w\S*)\s+\w\.$")
_WORD_AFTER = re.compile(r"\s+[\"'(\[]?([A-Za-z]+)")
#: words that start sentences and are no surname
_SENTENCE_STARTERS = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "we", "our", "you", "your",
    "they", "their", "he", "she", "i", "if", "in", "on", "for", "to", "when", "where", "while",
    "as", "at", "by", "from", "with", "please", "there", "here", "some", "all", "any", "each",
    "no", "not", "however", "also", "but", "and", "or", "so", "then", "after", "before", "once",
    "unless", "because", "although", "what", "how", "why", "who", "which", "do", "does", "is",
    "are", "can", "may", "see", "learn", "read", "note", "other", "more", "most", "such",
})


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as (start, end) spans, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    cursor = start
    lead_in = False  # the text before ended in a colon: a list may follow without its bullets
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group().startswith(".") and _is_abbreviation(text, m.start()):
            continue
        cut = m.start() + len(m.group().rstrip())
        _add(spans, text, cursor, cut, lead_in=lead_in)
        lead_in = text[cursor:cut].rstrip().endswith(":")
        cursor = m.end()
    _add(spans, text, cursor, end, lead_in=lead_in)
    return spans


def is_question(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` is a question ("With whom do we share your data?").

    A question states no practice: in policies they are headings and FAQ entries, whose answers
    follow as statements of their own.
    """
    # a question mark inside closing quotes ends a quoted title ('see "How We Share Data?"'),
    # not a question of the sentence's own
    sentence = text[start:end].rstrip(") ")
    return sentence.endswith("?") or _is_bare_question(sentence)


#: a question's word order: a question word, then (within three words that are no subject) a verb
#: before its subject ("What information do we gather", "With whom do we share", "Is my data safe")
_INVERTED = re.compile(
    r"(?:(?:with|to|from)\s+whom|what|how|why|when|where|which|who|whom)"
    r"(?:\s+(?!(?:we|you|i|they|it|he|she)\b)[\w'-]+){0,3}?\s+"
    r"(?:do|does|did|is|are|was|were|can|could|will|would|should|may|might|must|has|have)"
    r"\s+(?:we|you|i|they|it|my|our|your|the|this|these|us)\b"
    r"|(?:do|does|is|are|can|will|may|should)\s+(?:we|you|i|they|it|my|our|your)\b",
    re.I,
)
#: a heading worded as an indirect question ("How and why we collect your personal information",
#: "What information we share", "When and with whom we share it"); a bare "when we …" is a
#: condition, so "when" counts only joined to another question word
_INDIRECT = re.compile(
    r"(?:how|why|what(?:\s+[\w-]+){0,2}?|(?:with|to)\s+whom|when(?=,?\s+(?:and|or)\s))"
    r"(?:,?\s+(?:and|or)\s+(?:how|why|what|when|where|(?:with|to)\s+whom))*"
    r"\s+(?:we|the\s+company|your(?:\s+personal)?\s+(?:information|data))\b"
    # ... or a link's title naming the company ("How Google uses pattern recognition to recognize
    # things like faces in photos")
    r"|(?:how|why)\s+\w+\s+(?:uses?|collects?|shares?|protects?|processes|keeps?|retains?|handles?)\b",
    re.I,
)
#: how an item of a list ends: "…;", "…; and", "…,"
_ITEM_END = re.compile(r"[;,](?:\s+(?:and|or))?$", re.I)
_BARE_QUESTION_MAX_WORDS = 15
_BARE_QUESTION_MAX_CHARS = 200


def _is_bare_question(sentence: str) -> bool:
    """Whether one line without a closing full stop asks a question: a heading or a table-of-contents
    entry that left its question mark out ("What information do we gather about you") or is worded
    as an indirect question ("How and why we collect your personal information;"). It starts with
    a capital: a line in lower case continues wrapped prose ("… tells you exactly" / "why we sell
    …")."""
    sentence = sentence.strip()
    if not sentence or len(sentence) > _BARE_QUESTION_MAX_CHARS or "\n" in sentence:
        return False
    sentence = _ITEM_END.sub("", sentence).rstrip()
    if not sentence or sentence[-1] in ".!:\"'":
        return False
    at = _TITLE_NUMBER.match(sentence).end()
    if not sentence[at:at + 1].isupper() or len(TITLE_WORD.findall(sentence)) > _BARE_QUESTION_MAX_WORDS:
        return False
    return _INVERTED.match(sentence, at) is not None or (
        ":" not in sentence and _INDIRECT.match(sentence, at) is not None)


_TITLE_NUMBER = re.compile(r"\s*(?:[-*\u2022]\s+|(?:\(?[0-9A-Za-z]{1,3}[.)]\s*)+)?")
_TITLE_MAX_CHARS = 200  # ten words of twenty letters; anything longer is read as a sentence
_TITLE_MAX_WORDS = 10
_STOPPED_TITLE_MAX_WORDS = 6


#: words a title does not end in ("in", "on", "up" may: "Opt In", "Log On")
_NO_TITLE_END = frozenset({"a", "an", "and", "or", "nor", "of", "the", "to", "for", "with", "by", "from"})


def is_title(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` is a title: 2-10 words, every word but the small ones
    capitalised, and no closing punctuation ("3. How We Share Information", "CROSS-BORDER DATA
    TRANSFERS"), or at most 6 such words closed by a full stop and not led by a subject pronoun
    ("(d) Binding Arbitration."). Like a question it states no practice: it names a section, in a
    table of contents or as a heading the source did not mark up, and the section's text is read
    on its own.
    """
    if end - start > _TITLE_MAX_CHARS:
        return False
    sentence = text[start:end].rstrip()
    # a run-in heading closed by a full stop ("(d) Binding Arbitration.", "CLASS ACTION WAIVER."):
    # only a short one, since a capitalised sentence of many words is more likely a statement
    stopped = sentence.endswith(".") and not sentence.endswith("..")
    if stopped:
        sentence = sentence[:-1]
    if not sentence or sentence[-1] in ".!?:;,\"')]":
        return False
    words = TITLE_WORD.findall(sentence, _TITLE_NUMBER.match(sentence).end())
    most = _STOPPED_TITLE_MAX_WORDS if stopped else _TITLE_MAX_WORDS
    if not 2 <= len(words) <= most or not words[0][0].isupper():
        return False
    if stopped and words[0].lower() in SUBJECT_PRONOUNS:
        return False  # "We Sell Your Data." is a statement in title case
    if words[-1].lower() in _NO_TITLE_END:
        return False  # "Recordings and": the first words of a sentence cut by a line break
    return all(w[0].isupper() for w in words if w.lower() not in TITLE_SMALL_WORDS)


def is_run_in_label(text: str, start: int, end: int) -> bool:
    """Whether the sentence is a clause's run-in label in sentence case ("13.3 Termination for breach.",
    bold in the source): a few words closed by a full stop, naming what the next sentence says, and read
    with it where a rule's exclusions are looked for ("Either party may terminate …")."""
    sentence = text[start:end].rstrip()
    if not sentence.endswith(".") or sentence.endswith(".."):
        return False
    words = TITLE_WORD.findall(sentence, _TITLE_NUMBER.match(sentence).end())
    return 1 <= len(words) <= _STOPPED_TITLE_MAX_WORDS and words[0].lower() not in SUBJECT_PRONOUNS \
        and not any(w.lower() in _STATEMENT_WORDS for w in words)


#: words that make a short sentence a statement, not a label ("We may share it.")
_STATEMENT_WORDS = frozenset({"may", "might", "can", "will", "shall", "must", "is", "are", "was", "were",
                              "do", "does", "not", "never"})


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1).strip(".")
    if word.lower() in _ABBREVIATIONS:
        return True
    if word.lower() in _COUNTRY_INITIALS:
        # "FIFTY U.S. DOLLARS" and "the U.S. Government" run on; "… in the U.S. Data protection laws …" ends
        after = _WORD_AFTER.match(text, dot + 1)
        return after is not None and after.group(1).lower() in _AFTER_COUNTRY_INITIALS
    if len(word) != 1:
        return False
    # "J. Smith" is an initial, but after a word in lower case, and before a word that starts
    # sentences, a capital letter is a name or a grade that ends one ("… once it is removed from
    # X. For example, …", "vitamin D. It helps"; not "signed by A. Smith")
    before = _WORD_BEFORE_LETTER.search(text, max(0, dot - 40), dot + 1)
    after = _WORD_AFTER.match(text, dot + 1)
    return not (word.isupper() and before is not None and before.group(1)[0].islower()
                and after is not None and after.group(1).lower() in _SENTENCE_STARTERS)


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int, titles: bool = True,
         lead_in: bool = False) -> None:
    """Add ``text[start:end]`` trimmed, cut if very long; ``titles``: look for title lines in it
    (False for the text between title lines, whose lines were already looked at); ``lead_in``: the
    text before it ended in a colon."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if titles and text.find("\n", start, end) >= 0 and _split_titles(spans, text, start, end, lead_in):
        return
    while end - start > MAX_SENTENCE:
        cut = _cut_point(text, start, start + CUT_AT)
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


_CONTINUES = re.compile(r"[ \t]*[a-z]")
_ENDS_UNFINISHED = re.compile(r"\b(?:" + "|".join(sorted(_NO_TITLE_END)) + r")[ \t]*$", re.I)


def _starts_mid_line(text: str, at: int) -> bool:
    """Whether other text stands before ``at`` on its line."""
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at > 0 and text[at - 1] not in "\n\x00"


def _split_titles(spans: list[tuple[int, int]], text: str, start: int, end: int, lead_in: bool) -> bool:
    """Add the lines of ``text[start:end]`` that are titles as sentences of their own, and the text
    between them as the sentences it holds; False, adding nothing, where no line is a title.

    A title on a line of its own ("Market Research\nWe may ask you to take part in surveys", a table
    of contents) is marked by nothing but the line break where the source has no markup. So is a
    question that left out its question mark, and each item of a list that lost its bullets.
    """
    lines: list[tuple[int, int]] = []
    at = start
    while at < end:
        line_end = text.find("\n", at, end)
        line_end = end if line_end < 0 else line_end
        lines.append((at, line_end))
        at = line_end + 1
    apart = [is_title(text, *line) or _is_bare_question(text[slice(*line)]) for line in lines]
    # a line the next one continues in lower case is no title ("… may be recorded. Recordings and" /
    # "chat transcripts are retained …" in text wrapped at 80 columns)
    # ... nor one that continues the line before ("… data sets from Pet Records and" / "Owner Information.")
    # ... nor one after a long line with no stop at its end, which a wrapped sentence runs on from ("… AND
    # SMALL CLAIMS REMAIN AVAILABLE" / "TO YOU.")
    for k in range(len(lines)):
        if apart[k] and ((k + 1 < len(lines) and _CONTINUES.match(text, lines[k + 1][0]))
                         or (k > 0 and (_ENDS_UNFINISHED.search(text, *lines[k - 1])
                                        or runs_on(text[slice(*lines[k - 1])])))):
            apart[k] = False
    # ... nor the words a sentence begins with after another on the same line: a title stands on a line of
    # its own ("… CAREFULLY. SECTION 17 CONTAINS AN ARBITRATION" / "AGREEMENT AND A WAIVER …" in capitals)
    if apart and apart[0] and _starts_mid_line(text, lines[0][0]):
        apart[0] = False
    # a bulleted line followed by one that starts a sentence ends its item: "• Inferred interests" /
    # "We may sell this data" in a table cell (a line that starts in lower case continues the item, and so
    # does one after a long line or one left unfinished: "• "Biobank" means … of leftover blood spot cards," /
    # "DNA extracted from them …", an item of Markdown wrapped at 100 columns)
    for k in range(len(lines) - 1):
        if _BULLET_LINE.match(text, lines[k][0]) and _STARTS_SENTENCE.match(text, lines[k + 1][0]) \
                and not runs_on(text[slice(*lines[k])]) and not _ENDS_UNFINISHED.search(text, *lines[k]) \
                and not text[slice(*lines[k])].rstrip().endswith(","):
            apart[k] = True
    # the items of a list whose bullets were lost are sentences of their own too
    listed = unmarked_list([text[a:b] for a, b in lines], after_lead_in=lead_in)
    if listed is not None:
        first, end = listed
        apart[first:end] = [True] * (end - first)
    if not any(apart):
        return False
    run_start = None
    for (line_start, line_end), alone in zip(lines, apart, strict=True):
        if alone:
            if run_start is not None:
                _add(spans, text, run_start, line_start, titles=False)
                run_start = None
            _add(spans, text, line_start, line_end, titles=False)
        elif run_start is None:
            run_start = line_start
    if run_start is not None:
        _add(spans, text, run_start, end, titles=False)
    return True


def _cut_point(text: str, start: int, limit: int) -> int:
    for sep in (", ", " "):
        at = text.rfind(sep, start + CUT_AT // 2, limit)
        if at > start:
            return at + 1
    return limit


#: "but which", "but who": a second relative clause of the same noun ("data, from which your name is
#: removed but which may include your region, may be sold"), no contrast
_SCOPE_BREAK = re.compile(
    # (not "however" set off inside a denial: "we do not, however, review sponsored messages", "we cannot,
    # however, guarantee that …")
    r";|\b(?:but(?!\s+(?:which|who|whom|whose)\b)|(?<!not,\s)(?<!n't,\s)(?<!\bnever,\s)however"
    r"|whereas|although"
    r"|though)\b(?!\s+not\s+limited)",
    re.I,
)
_BREAK_KEYS = frozenset({"but", "howeve", "wherea", "althou", "though"})  # prefixes of the scope breaks


def scope_spans(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at contrast and list boundaries (``;``, but, however, …). In a table's row
    ("cell | cell") a semicolon only separates what one cell lists ("transcripts; audio of recorded
    visits"): the row stays one scope there."""
    spans: list[tuple[int, int]] = []
    cursor = start
    row: bool | None = None  # (asked only at a semicolon)
    for m in _SCOPE_BREAK.finditer(folded, start, end):
        if m.group() == ";":
            if row is None:
                row = folded.find(CELL_SEPARATOR, start, end) >= 0
            if row:
                continue
        if m.start() > cursor:
            spans.append((cursor, m.start()))
        cursor = m.end() if m.group() == ";" else m.start()
    if end > cursor:
        spans.append((cursor, end))
    return spans


_TOKEN = re.compile(r"\w+")


#: what the company can stop doing with data: "we stop sharing your identifiers", "we will no longer
#: sell", "cease disclosing" deny the act as "not" does
_STOPPABLE = (r"\s+(?:to\s+)?(?:shar|sell|disclos|rent|transfer|send|us(?:e|es|ing)\b|process|collect|track"
              # (also in the passive: "new Readings are no longer made available to that pharmacy")
              r"|target|personali[sz]|show|serv|display|made\s+available|pass|provid|forward|upload|sent\b)")
_CUE = re.compile(r"\b(?:not|never|no|none|nobody|nor|neither|cannot)\b|n't\b"
                  rf"|\b(?:stop|stops|cease|ceases)\b(?={_STOPPABLE})"
                  # a recipient forbidden to do it ("our contract forbids it from training its own models")
                  r"|\b(?:forbids?|forbidden|prohibits?|prohibited)\b(?=\s+(?:it|them|(?:the|our|its|any|such|these)\s+"
                  r"(?:\w+\s+)?(?:providers?|vendors?|processors?|partners?|recipients?|contractors?|suppliers?"
                  r"|companies))\s+from\b)", re.I)
#: before "stop", what makes it the member's request or choice, not the company's act: "you can ask us
#: to stop sharing", "you may stop sharing your location at any time"
_ASKED_TO_STOP = re.compile(
    r"(?:\b(?:ask|asks|request|requests|tell|require|direct|instruct|want|wish|choose|decide|right)\w*\s+(?:\w+\s+)?to"
    r"|\b(?:you|users?|members?)\s+(?:\w+\s+)?(?:can|may|could|will)(?:\s+also)?)\s+$",
    re.I,
)
#: the member asking that something not be done: a request of theirs, no denial ("You may ask that your
#: details are not passed to the Foundation"; "request that we not share it")
_ASKED_NOT = re.compile(
    r"\b(?:ask|asks|asked|request|requests|requested|instruct|instructs|direct|directs)\s+(?:us\s+)?that\s+"
    r"(?:\w+\s+){0,4}$", re.I)
_NOT_A_CUE = re.compile(
    # (a scope widened, not denied: "review is not confined to conversations you have reported")
    rf"(?:not\s+(?:limited|only|necessarily|confined|restricted)|no\s+(?:longer(?!{_STOPPABLE})|later|matter|sooner)"
    r"|no\s+(?:additional\s+|extra\s+)?(?:charge|cost|fee)s?"
    # what does not stop the company doing it: "this does not stop us from sharing your posts"
    r"|(?:not|n't|cannot)\s+(?:stop|prevent|preclude)\s+(?:us|the\s+company|\w+)(?:\s+from)?"
    # what a right or a deletion does not reach: "it does not affect information already disclosed to
    # partners" says the disclosure stands
    r"|(?:not|n't)\s+(?:affect|reach|undo|reverse|recall|apply\s+to|extend\s+to|withdraw|retrieve|claw\s+back))\b"
    # ... or does not take out of a use: "turning them off does not take your notes out of the material used
    # to train the models" says the notes are used
    r"|(?:not|n't)\s+(?:take|remove|exclude)\s+(?:\w+\s+){0,3}?(?:out\s+of|from)\b"
    # what the data is said not to be, a class the law protects: "De-identified Data is not protected health
    # information, … and may be licensed … for fees" licenses it
    r"|not\s+(?:considered\s+|treated\s+as\s+|itself\s+)?(?:protected\s+health\s+information|personal\s+(?:data|information)"
    r"|phi|personally\s+identifiable\s+information)\b"
    # a setting denied, not the use it would stop: "there is no setting that excludes your posts from
    # Sentiment Reports" says the posts are in them
    r"|\bno\s+(?:setting|option|way|means|mechanism|control|switch|button|tool)s?\s+(?:that|which)\b",
    re.I,
)
#: a cue that denies only a duty ("may, but has no obligation to, monitor", "we are under no obligation
#: to keep it confidential", "may (but do not have to) preserve"): what follows is not done for
#: certain, and not promised against either
_DUTY_CUE = re.compile(
    r"no\s+(?:legal\s+)?(?:obligation|duty)\s+to|not\s+(?:obliged|obligated|required|have)\s+to"
    r"|not\s+(?:the\s+|an\s+|any\s+)(?:obligation|duty)\s+to"
    # a liability disclaimed, which neither promises nor admits the practice it names: "we are not
    # responsible for the Sponsor's processing once the data has been disclosed", "not liable for your
    # failure to keep your information secure"
    r"|(?:not|n't|cannot)\s+(?:be\s+)?(?:held\s+)?(?:responsible|liable|accountable)\s+for", re.I
)
#: a cue that denies only the reader's way out of a practice, not the practice: "members may not opt out
#: of research use of their answers" says their answers are used; the cue still denies the opt-out itself
_DENIED_WAY_OUT = re.compile(
    r"(?:not|n't|cannot)\s+(?:be\s+able\s+to\s+)?(?:opt[\s-]*out\s+(?:of|from)|object\s+to|refuse"
    r"|withdraw\s+from)\s", re.I)
_WHETHER_OR = re.compile(r"\bwhether\s+or\s*$", re.I)
#: a cue that opens a quoted label, a setting's or a status's name ("Members who are "Not looking" are
#: displayed to Talent Partners"): it denies nothing
_QUOTED_LABEL = re.compile(r'"(?:not|no|never)\s+[^"\n]{1,30}"', re.I)
#: a stop denied is no stop: "this request does not stop sharing with Care Partners" says the sharing goes on
_NOT_BEFORE = re.compile(r"(?:\bnot|n't|\bnever|\bcannot)\s+$", re.I)
_CONDITION = re.compile(r"\b(?:if|unless|when|whenever|should|whether|in case)\b", re.I)
#: a promise kept only for the young ("we do not disclose personal data to advertising partners
#: for users under the age of 18", "With respect to users under 18, we do not …"): an adult
#: reader gets no promise from it
_FOR_THE_YOUNG = (
    r"(?:for|of|from|to|about) (?:\w+ ){0,3}?(?:users|members|people|children|persons|individuals|anyone"
    r"|those|customers|consumers|residents|account holders)(?: \w+){0,3}? (?:under|below|younger than)"
    r" (?:the age of )?\d+"
)
_EXCEPTION = re.compile(
    r"\b(?:except|excepting|other than|apart from|unless|save for"
    r"|without (?:your|the user's|the member's) (?:\w+ )?(?:consent|permission|authori[sz]ation)"
    # kept only until a setting is changed: "we do not share it with partners by default"
    r"|by default"
    # a denial of the usual only: "not read by moderators as a matter of routine"
    r"|as a matter of routine|routinely"
    # a denial of the constant kind only: "The observation feed is not recorded continuously; however, still
    # images and short clips may be captured"
    r"|continuously|constantly"
    # ("Your Plan Sponsor does not see your individual transactions in routine reporting. However, …")
    r"|in (?:the )?(?:ordinary|normal|routine|usual|regular)"
    r" (?:course|reporting|reports|operations?|circumstances)"
    # a denial of selling "for money" leaves trades for anything else of value open (not where it closes
    # them too: "for money or anything else of value")
    r"|for (?:money|cash|monetary (?:consideration|value|compensation|payment))"
    r"(?!,? (?:or|nor) (?:anything|any other|other|something)\b)"
    rf"|{_FOR_THE_YOUNG})\b",
    re.I,
)
_LIMITED_TO_THE_YOUNG = re.compile(rf"\b{_FOR_THE_YOUNG}\b", re.I)
#: a denial of the usual case only, said before what it denies: "Our staff do not routinely read Direct
#: Messages" leaves the unusual case open (and the next sentence took it: "whenever we consider it necessary")
_USUALLY = re.compile(r"\b(?:routinely|normally|ordinarily|usually|generally|typically)\b", re.I)
#: an exception that leaves only what the law compels ("we will never share … except where we are
#: required to do so by law"): every promise has it, and it takes nothing back
_ONLY_THE_LAW = re.compile(
    r"(?:except|unless|other\s+than|save\s+for)\s+(?:(?:where|when|if|as|to\s+the\s+extent)\s+)?"
    r"(?:(?:we\s+are|it\s+is|they\s+are|so)\s+)?(?:legally\s+)?(?:required|compelled|obliged|obligated)"
    r"(?:\s+to\s+do\s+so)?\s+by\s+(?:applicable\s+|the\s+)?(?:laws?|a\s+court(?:\s+order)?|court\s+order|legal\s+process)"
    r"\W*$",
    re.I,
)

#: words after a cue that leave what follows negated, so the gap is counted after them: "we have
#: no actual knowledge that we sell", "does not knowingly or intentionally collect", "does not
#: carry out this type of automated decision-making", "not in the business of selling", "none of
#: the information collected is sold"
_THROUGH_CUE = re.compile(
    r"\s+(?:(?:have\s+|has\s+|had\s+)?(?:any\s+)?(?:actual\s+)?knowledge\s+(?:that|of)"
    r"(?:\s+(?:it|we|they|the\s+company))?"
    r"|in\s+the\s+business\s+of"
    # who is not let do it: "we do not permit Insight Partners to use", "does not allow advertisers to"
    r"|(?:permit|allow|authori[sz]e|enable)\s+(?:\S+\s+){0,6}?to(?=\s)"
    # ... or who is not let do it, named first: "Sponsors are not permitted to place analytics code"
    r"|(?:permitted|allowed|authori[sz]ed|entitled)\s+to(?=\s)"
    # who is let off the denial, before its verb: "no one outside your care team can read"
    r"|one\s+(?:outside|other\s+than|apart\s+from|besides|beyond|except)\s+(?:\S+\s+){0,5}?"
    r"(?=(?:can|may|will|could|shall|is|are|has|have|gets?)\b)"
    # what the company does not think its practice is ("we do not believe our practices involve a sale")
    r"|(?:believe|think|consider|regard)\s+(?:that\s+)?(?:\S+\s+){0,4}?(?:involves?|constitutes?|amounts?\s+to"
    r"|counts?\s+as|qualif(?:y|ies)\s+as|(?:to\s+)?be|is|are)(?=\s)"
    # "none of the information collected is sold"
    r"|of\s+(?:the\s+|your\s+|our\s+|this\s+|such\s+)?(?:\w+\s+){0,5}?(?:is|are|will\s+be|shall\s+be|may\s+be)"
    r"|(?:currently|presently|ever|otherwise|knowingly|intentionally|directly\s+or\s+indirectly)"
    r"(?:\s+(?:or\s+)?(?:knowingly|intentionally))?"
    # a light verb and its quantifier: "does not carry out this type of automated decision-making"
    r"|(?:carry\s+out|engage\s+in|conduct|perform|undertake)(?:\s+(?:any|such|this|these|that))?"
    r"(?:\s+(?:type|types|kind|kinds|form|forms|sort)\s+of)?"
    # denied verbs listed before their object: "we do not create, publish or hand over aggregated statistics"
    r"|(?:[a-z]+,\s+){1,4}[a-z]+,?\s+(?:or|nor)\s+[a-z]+(?:\s+(?:over|out|on|away))?(?=\s))\b",
    re.I,
)

#: after "no", a subject with what it is about, up to its verb: "no information about any child is used to
#: select advertising" denies the use as "no information is used" does
_NO_SUBJECT = re.compile(
    r"\s+(?:[\w-]+\s+){1,2}(?:about|of|from|on|concerning|regarding|relating\s+to)\s+(?:[\w'’-]+\s+){1,3}?"
    r"(?:is|are|will\s+be|shall\s+be|may\s+be|can\s+be|gets|get|becomes|become)(?=\s)",
    re.IGNORECASE,
)

#: "no" with its subject and an aside on who that includes, whose words the cue reaches through: "No
#: Facility, including a Talent Plan subscriber, can read messages"
_NO_SUBJECT_ASIDE = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}[\w-]+\s*,\s+(?:including|not\s+even|even|such\s+as|whether)\b[^,;.:]{1,80},(?=\s)",
    re.IGNORECASE,
)

#: where one clause ends and the next begins: a cue before it governs no term after it
_CLAUSE_JOINT = re.compile(r",\s+(?:and|but|while|so|whereas)\b|;", re.IGNORECASE)

#: a comma and a new subject between a cue and a match: the cue's clause has ended ("because it does
#: not identify you, we may use and disclose it"); "we do not, in any case, sell" keeps its cue
_NEW_SUBJECT = re.compile(r",\s+(?:we|you|they|it|the\s+company)\b", re.IGNORECASE)
_SUBJECT_REACH = 16  # characters past a match's start in which that subject may stand
#: ... or "and" and a subject named with its modal ("no member may read your notes, and Clients may read
#: your posts")
_AND_NEW_SUBJECT = re.compile(
    r",\s+and\s+(?:the\s+|our\s+|its\s+|any\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:may|can|will|shall|might|could|must)\b",
    re.IGNORECASE)
_AND_SUBJECT_REACH = 60

#: what joins predicates a cue denies, and what starts a predicate of its own after it
_OR = re.compile(r"\b(?:or|nor)\s+(?:otherwise\s+)?", re.IGNORECASE)
_OWN_PREDICATE = re.compile(
    r"(?:we|you|they|it|he|she|i|may|might|can|could|will|would|shall|should|must"
    r"|unless|except|if|when|where)\b",
    re.IGNORECASE,
)
_AND_OWN_PREDICATE = re.compile(r"\b(?:and|but)\s+" + _OWN_PREDICATE.pattern, re.IGNORECASE)
_LINKING = re.compile(r"\b(?:to|with|any|the|a|an)\s+$", re.IGNORECASE)
#: a list's comma, the list closing with "or"/"nor"/"and" after the match, and the words that may start
#: an item before it
_LIST_COMMA = re.compile(r",\s+")
_LIST_CLOSES = re.compile(r"\b(?:or|nor|and)\b", re.IGNORECASE)
#: ... which must not hold a predicate of its own before the match ("we have no obligation … and we are
#: free to reproduce, use, disclose")
_LIST_BREAK = re.compile(r"\b(?:and|or|nor|but|we|you|they|it|he|she|i|may|might|can|could|will|would"
                         r"|shall|should|must|unless|except|if|when|where|which|that|who|are|is|be)\b",
                         re.IGNORECASE)
_LIST_ITEM_START = re.compile(r"(?:(?:your|our|their|its|his|her|any|the|a|an|to|with)\s+)+", re.IGNORECASE)
COORDINATION_REACH = 25  # words from a cue to a match joined to it by "or"

NEGATED = "negated"  # what Scope.negation says of a match a negation cue governs
DUTY_ONLY = "duty only"  # ... where every cue governing it denies only a duty

#: a word that brings in an exception between a denial and what follows it: "we don't use your
#: location data except to show you targeted ads" denies nothing of the ads
EXCEPTION_WORD = re.compile(r"\b(?:except|excepting|other than|apart from|besides|save for|unless|but)\b",
                            re.IGNORECASE)

#: a denied use and the purpose it is denied for, ending where a match starts: "we never use the
#: content of your posts to select, rank or target advertisements" denies the targeting, which lies
#: too far from "never" to be governed by it word by word
_DENIED_USE = (
    # (also verbs of handing over, whose "to" may name who receives it before the purpose: "we do not give
    # session content to outside companies to train their models")
    # (also the passive: "they are not used to build a marketing profile of you")
    r"\w+\s+(?:(?:ever|currently|otherwise|knowingly|actively|intentionally|also)\s+)?(?:use|uses|used|process"
    r"|processes|analy[sz]e|analy[sz]es|access|collect|collects|give|gives|send|sends|pass|passes|provide|provides"
    # (and of reading: "we do not read direct messages to build advertising profiles")
    r"|share|shares|read|reads|scan|scans|mine|mines|review|reviews)\s+"
    # (not a comparison, "we don't want to use more of your data than is necessary to develop …", nor
    # a second infinitive, "a password that you don't use for any other account and to enable …")
    # (a section number's full stop is no sentence end: "as described in Section 2.2, to target …")
    r"(?:(?!\bthan\b)(?:[^.;:]|\.(?=\d))){0,80}?(?<!\band\s)(?<!\bor\s)\b(?:to|for)\s+")
_DENIED_USE_FOR = re.compile(_DENIED_USE + r"(?:[\w-]+,?\s+(?:or\s+|and\s+)?){0,4}", re.IGNORECASE)
#: ... and the later purposes of a list of them ("we do not use the score to set the prices you are charged,
#: to decide which products appear in your search results or to accept orders")
_DENIED_USE_FOR_LIST = re.compile(_DENIED_USE + r"[^.;:]{0,80}?,\s+(?:or\s+|and\s+)?", re.IGNORECASE)
_PURPOSE_STARTS = re.compile(r"(?:to|for)\s", re.IGNORECASE)

LEADING_CUE_GAP = 3  # words allowed between a cue and the first word of a match
INSIDE_CUE_GAP = 2  # ... and between a cue inside a match and the next matched term


_PREFIX_LENGTHS = range(1, 7)  # a region's keys: its words' prefixes of 1 to 6 letters


@lru_cache(maxsize=1 << 16)
def _prefixes(word: str) -> frozenset[str]:
    """A word's prefixes of 1 to 6 letters (cached: documents reuse a small vocabulary)."""
    return frozenset(word[:n] for n in _PREFIX_LENGTHS)


#: what a line break between sentences becomes in the text terms are matched on: neither a word
#: character nor a space, so no word gap written as a space or ``\s`` crosses it (not U+001F:
#: ``\s`` takes U+001C-1F). Gaps written as ``\W`` or a negated class still do; a pattern that
#: anchors at a sentence start looks behind for it as for "\n" (docs/rule-packs.md).
_WALL = "\x00"


class Region:
    """A stretch of text matched as a whole (a clause's own text): prefilter keys and term matches.

    Term matches are found once per region, and only for terms whose prefilter keys (the
    1-6 letter prefixes of its words) occur in it; scopes then pick theirs by offset.
    """

    __slots__ = ("_starts_of", "end", "keys", "live", "lower", "memo", "start", "text", "words")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text            # the folded text of the whole clause or document
        self.start = start
        self.end = end
        self.lower = lower_same_length(text[start:end])   # what terms are matched on
        self.words = words = set(_TOKEN.findall(self.lower))
        self.keys: set[str] = set()
        self.keys.update(*map(_prefixes, words))
        self.memo: dict[int, list[tuple[int, int]]] = {}
        self._starts_of: dict[str, list[int]] = {}
        #: the indexes of the pack's terms that may match here, once known (``TermIndex.live``); None: test
        #: each term's keys and literals
        self.live: frozenset[int] | None = None

    def starts_of(self, key: str) -> list[int]:
        """Offsets in :attr:`lower` of the words beginning with ``key`` (memoised: many terms share
        a key, "you" some seventy of the default pack's)."""
        found = self._starts_of.get(key)
        if found is None:
            text = self.lower
            found = []
            at = text.find(key)
            while at >= 0:
                # a word starts here: what ``(?<!\w)`` at a term's start asks (``\w`` is what
                # str.isalnum() and "_" are)
                if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):
                    found.append(at)
                at = text.find(key, at + 1)
            self._starts_of[key] = found
        return found

    def wall_off(self, sentences: list[tuple[int, int]]) -> None:
        """Keep term matches from running over a line break between two sentences.

        A term's word gaps cross any whitespace, so from a heading line, a table-of-contents entry or
        an unmarked list item a match could start and run on into the next line: such a match lies
        in no sentence, so it counts nowhere, and since a region's matches do not overlap it also
        hides the match that starts on the next line ("How we use your information" / "We use your
        information to …"). Call before any term is matched.
        """
        lower = self.lower
        base = self.start
        walls = [i for (_, gap_start), (gap_end, _) in itertools.pairwise(sentences)
                 for i in range(gap_start - base, gap_end - base) if lower[i] == "\n"]
        if walls:
            chars = list(lower)
            for i in walls:
                chars[i] = _WALL
            self.lower = "".join(chars)

    def may_break(self) -> bool:
        """Whether some sentence here could split into scopes."""
        return not self.keys.isdisjoint(_BREAK_KEYS) or ";" in self.text[self.start:self.end]


class Scope:
    """One scope of one sentence, with what matching needs, computed only when needed."""

    __slots__ = ("_cues", "_starts", "denied_before", "end", "lead_exception", "memo", "region", "start",
                 "text")

    def __init__(self, region: Region, start: int, end: int, denied_before: bool = False,
                 lead_exception: str | None = None) -> None:
        """``denied_before``: the scope finishes a sentence that denies what follows it, a list's
        lead-in such as "We will never:", whose cue governs the scope's first words; ``lead_exception``:
        the consent that lead-in's denial waits for (see :func:`lead_in_consent`)."""
        self.region = region
        self.text = region.text
        self.start = start
        self.end = end
        self.denied_before = denied_before
        self.lead_exception = lead_exception
        self.memo: dict[int, list[tuple[int, int]]] = {}
        self._starts: list[int] | None = None
        self._cues: list[tuple[int, int, bool, int]] | None = None

    @property
    def token_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [m.start() for m in _TOKEN.finditer(self.text, self.start, self.end)]
        return self._starts

    @property
    def cues(self) -> list[tuple[int, int, bool, int]]:
        """Negation cues as (cue start, index of its last word, whether it denies only a duty, the offset
        from which a match is beyond its reach: the end of a denied way out, or the scope's end)."""
        if self._cues is None:
            keys = self.region.keys
            has_cue = ("no" in keys or "ne" in keys or "ca" in keys or "t" in keys or "forbid" in keys
                       or "prohib" in keys)
            self._cues = _cues(self) if has_cue else []
            if self.denied_before:  # a cue just before the scope: its "word" is the one before the first
                self._cues.insert(0, (self.start - 1, -1, False, self.end))
        return self._cues

    def word_index(self, pos: int) -> int:
        """Index of the word containing or following ``pos``."""
        return bisect.bisect_left(self.token_starts, pos)

    def words_between(self, a_end: int, b_start: int) -> int:
        """Number of words wholly between offsets ``a_end`` and ``b_start``."""
        if b_start <= a_end:
            return 0
        return bisect.bisect_left(self.token_starts, b_start) - bisect.bisect_left(self.token_starts, a_end)

    def negation(self, evidence: tuple[tuple[int, int], ...]) -> str | None:
        """How a negation cue governs the match with these evidence spans (sorted): :data:`NEGATED`,
        :data:`DUTY_ONLY` where the only cues deny a duty ("has no obligation to"), or None."""
        if not self.cues:
            return None
        first = evidence[0][0]
        last = evidence[-1][1]
        anchor = bisect.bisect_left(self.token_starts, first)
        found = None
        for cue_start, cue_word, duty, reach in self.cues:
            governs = False
            if first >= reach:
                continue
            if cue_start < first:
                # (a match may start inside the words a cue reaches through: "we do not permit
                # Insight Partners to use", read from "Partners")
                governs = (anchor - cue_word - 1 <= LEADING_CUE_GAP
                           or self._coordinated(cue_word, anchor, first)
                           or self._purpose_denied(cue_word, first)) \
                    and not self.clause_ends(cue_start, first)
            elif cue_start < last:
                for span_start, _ in evidence:
                    if span_start > cue_start:
                        gap = bisect.bisect_left(self.token_starts, span_start) - cue_word - 1
                        # (< 0: inside the words it reaches through); not past the end of the cue's clause
                        # ("copies … are not recalled, and Licensees may keep using them")
                        governs = gap <= INSIDE_CUE_GAP and not _CLAUSE_JOINT.search(self.text, cue_start,
                                                                                       span_start)
                        break
            if governs:
                if not duty:
                    return NEGATED
                found = DUTY_ONLY
        return found

    def _coordinated(self, cue_word: int, anchor: int, first: int) -> bool:
        """Whether the match's predicate is joined by "or"/"nor" to the one a cue denies: "we do not
        sell your information, or share it with third parties". Not where a subject or a modal of
        its own follows the "or" ("… or we may share it")."""
        if anchor - cue_word - 1 > COORDINATION_REACH:
            return False
        starts = self.token_starts
        joint = None
        for m in _OR.finditer(self.text, starts[cue_word] if cue_word >= 0 else self.start, first):
            joint = m
        if joint is None:
            # an item of a list the cue denies, the list closing after the match: "the app does not read
            # your contacts, your location in the background, or the content of other apps"
            since = starts[cue_word] if cue_word >= 0 else self.start
            for m in _LIST_COMMA.finditer(self.text, since, first):
                joint = m
            if joint is None or not _LIST_CLOSES.search(self.text, first, self.end) \
                    or _LIST_BREAK.search(self.text, since, first):
                return False
            gap = self.words_between(joint.end(), first)
            return gap == 0 or (gap <= 3
                                and _LIST_ITEM_START.fullmatch(self.text, joint.end(), first) is not None)
        if _OWN_PREDICATE.match(self.text, joint.end()):
            return False
        # a predicate of its own began before the "or" ("data sets are not personal information and may be
        # used or shared with others"): what the cue denies ended there
        since = starts[cue_word] if cue_word >= 0 else self.start
        if _AND_OWN_PREDICATE.search(self.text, since, joint.start()):
            return False
        # the match starts the joined predicate, or follows its verb and a preposition ("or otherwise
        # disclose to any business"); "lists or databases of third parties" joins nouns
        gap = self.words_between(joint.end(), first)
        return gap == 0 or (gap <= 3 and _LINKING.search(self.text, joint.end(), first) is not None)

    def _purpose_denied(self, cue_word: int, first: int) -> bool:
        """Whether the match is the purpose of a use the cue denies ("we do not use X to …"), with
        no exception between ("… except to …", "… but to …")."""
        if cue_word < 0:
            return False
        at = self.token_starts[cue_word]
        return (_DENIED_USE_FOR.fullmatch(self.text, at, first) is not None
                or (_PURPOSE_STARTS.match(self.text, first) is not None
                    and _DENIED_USE_FOR_LIST.fullmatch(self.text, at, first) is not None)) \
            and EXCEPTION_WORD.search(self.text, at, first) is None

    def clause_ends(self, cue_start: int, first: int) -> bool:
        """Whether a comma and a new subject stand between a cue and a match starting at ``first``."""
        m = _NEW_SUBJECT.search(self.text, cue_start, min(self.end, first + _SUBJECT_REACH)) \
            or _AND_NEW_SUBJECT.search(self.text, cue_start, min(self.end, first + _AND_SUBJECT_REACH))
        return m is not None and m.start() < first

    def exception_after(self, pos: int) -> str | None:
        """The exception phrase ("except …") after ``pos`` in this scope, if any; or before it, the
        phrase that keeps the promise to the young only, or to the usual case only ("do not routinely
        read", "we do not normally share")."""
        m = _EXCEPTION.search(self.text, pos, self.end)
        if m and not _ONLY_THE_LAW.match(self.text, m.start(), self.end):
            return shortened(self.text[m.start() : min(self.end, m.start() + 200)])
        m = (_LIMITED_TO_THE_YOUNG.search(self.text, self.start, pos)
             or _USUALLY.search(self.text, self.start, pos))
        return shortened(m.group()) if m else self.lead_exception


#: an exception that waits only for the member's own say ("unless you give a separate consent specifically
#: for that sharing", "without your prior written permission", "unless you tap Share"): the promise keeps
#: the member in control, and stays one; an exception of any other kind ("except to our partners", "by
#: default") qualifies it
_CONSENT_EXCEPTION = re.compile(
    r"(?:unless|except\s+(?:with|where|when|if|as)|without|other\s+than\s+with)\s+"
    r"(?:(?:(?:you|we)\s+(?:\w+\s+){0,3}?)?(?:(?:your|the\s+member's|the\s+user's|a|an)\s+)?(?:\w+\s+){0,3}?"
    r"(?:consent|permission|authori[sz]ation|opt(?:ing)?[\s-]in)\b"
    r"|you\s+(?:first\s+|have\s+(?:first\s+)?)?(?:ask(?:ed)?|tell|told|instruct(?:ed)?|direct(?:ed)?|choose|chosen"
    r"|agree[ds]?|opt(?:ed)?\s+in"
    # ... by the button or switch that gives it ("unless you press “Share my details” for that study")
    r"|press(?:ed)?|tap(?:ped)?|click(?:ed)?|tick(?:ed)?"
    r"|(?:switch|turn)(?:ed)?\s+(?:(?:it|them|this|that)\s+)?on"
    # ... or withhold it, the way out the sentence offers ("…, unless you untick “Sponsor follow-up”")
    r"|untick(?:ed)?|uncheck(?:ed)?|deselect(?:ed)?|(?:switch|turn)(?:ed)?\s+(?:\S+\s+){0,4}?off)\b)",
    re.I,
)
_ANOTHER_EXCEPTION = re.compile(r"\b(?:or|except|unless|other\s+than|apart\s+from|save\s+for)\b", re.I)
_NEXT_EXCEPTION = re.compile(r"\W*(?:or|except|unless|other\s+than|apart\s+from|save\s+for"
                             r"|and\s+(?:to|with|for|where|when|if|as))\b", re.I)


def consent_only(exception: str) -> bool:
    """Whether an exception (:meth:`Scope.exception_after`) is the member's consent and nothing else."""
    m = _CONSENT_EXCEPTION.match(exception)
    if m is None:
        return False
    rest = exception[m.end():]
    clause = re.split(r"[,.;:]", rest, maxsplit=1)[0]
    return not _ANOTHER_EXCEPTION.search(clause) and not _NEXT_EXCEPTION.match(rest, len(clause))


def shortened(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut after the last whole word within ``limit`` characters unless only a
    few words would go (an exception quoted in a reason read "… of sponsored messages whil")."""
    return cut_quote(" ".join(text.split()), limit, " …")


#: a sentence that takes back part of the right the sentence before it gave: "You may ask us to
#: exclude your posts from reports. This request does not apply to posts made before …"
LIMITS_WHAT_PRECEDES = re.compile(
    r"[\"'(]?(?:this|that|the|such|your|these|those)\s+(?:\w+\s+)?(?:requests?|rights?|options?|choices?"
    r"|opt-outs?|settings?|exclusions?|controls?|objections?)\s+(?:(?:does|do|will|shall)\s+not|doesn't"
    r"|don't|won't)\s+(?:apply|extend|cover|affect|reach)\b"
    # ... or says what switching it off leaves as it was: "Turning them off does not take your notes out of
    # the material used to train the models"
    r"|(?:turning|switching)\s+(?:it|them|this|that|these|those)\s+off\s+(?:(?:does|do|will)\s+not|doesn't|won't)"
    r"\s+(?:stop|affect|take|remove|exclude|change)\b"
    # (not what it reassures the reader of: "Switching this off will not affect your counselling in any way")
    r"(?!\s+(?:your|the)\s+(?:[\w-]+\s+){0,2}?(?:counsell?ing|care|treatment|access|services?|benefits?|membership"
    r"|eligibility|cover|coverage|premiums?|prices?|fees?|sessions?|appointments?|ability)\b)",
    re.IGNORECASE)


#: a lead-in whose last words deny what the list's items go on to say: "We will never:", "Under no
#: circumstances will we:"; not an exception list ("We do not share your data except:") nor the
#: member's own duty ("You may not:", left to the rules' prohibition exclusions)
_DENYING_LEAD_IN = re.compile(rf"(?:{_CUE.pattern})(?:\W+\w+){{0,4}}?\W*:\s*$", re.IGNORECASE)
_LEAD_IN_EXCEPTION = re.compile(
    r"\b(?:except|excepting|other than|unless|apart from|save for|but)\b[^:]*:\s*$", re.IGNORECASE
)
#: ... but a denial that waits for the member's consent ("In the following cases we never share your
#: information unless you give us written permission:") is still a promise, qualified as one with
#: "without your consent" in its own sentence is
_LEAD_IN_CONSENT = re.compile(
    r"\b(?:unless|except\s+(?:with|where|when)|without)\s+(?:(?:you|we)\s+(?:\w+\s+){0,2}?)?(?:your\s+)?"
    r"(?:prior\s+)?(?:written\s+|express\s+|explicit\s+|specific\s+)?(?:permission|consent|authori[sz]ation)\b"
    r"[^:]*:\s*$", re.IGNORECASE)
#: ... or one that puts the reader's consent first ("We must have your signed authorisation before we:"): its
#: items ("sell your PHI;") are what the company will not do without it
_CONSENT_FIRST = re.compile(
    r"\b(?:must|will|shall|need\s+to|have\s+to)\s+(?:first\s+)?(?:have|get|obtain|receive|ask\s+for)\s+your\s+"
    r"(?:prior\s+)?(?:signed\s+|written\s+|express\s+|explicit\s+|specific\s+)?(?:permission|consent|authori[sz]ation)"
    r"\s+(?:before|to)\b[^:]*:\s*$"
    # ... or says its items wait for the member to switch them on ("The following features are off by default
    # and only start when you opt in:")
    r"|\b(?:off|disabled)\s+by\s+default\b[^:]*:\s*$"
    r"|\bonly\s+(?:start|begin|run|apply|happen)s?\s+(?:when|if|once|after)\s+you\s+(?:opt\s+in|switch\s+(?:them|it)\s+on"
    r"|turn\s+(?:them|it)\s+on|agree|consent)\b[^:]*:\s*$", re.IGNORECASE)
_DENIED_BEFORE_CONSENT = re.compile(rf"(?:{_CUE.pattern})(?:\W+\w+){{0,8}}?\W*$", re.IGNORECASE)
_MEMBER_SUBJECT = re.compile(
    r"\b(?:you|users?|members?|customers?)\b(?:\W+\w+){0,3}?\W+(?:not|never|no|cannot)\b", re.IGNORECASE
)
_NO_MORE_THAN = re.compile(r"no\s+more\s+than\b", re.IGNORECASE)
#: "The following is not permitted:" (what members must not do, whoever the subject), "will not be
#: responsible for:" (a list of exclusions, not of promises), "is not required to:" (a duty denied)
_NOT_A_PROMISE = re.compile(
    r"\b(?:permitted|allowed|authori[sz]ed|tolerated|prohibited|responsible|liable|liability|obliged|obligated"
    r"|required|obligation|duty)\b",
    re.IGNORECASE,
)
_OR_BEFORE = re.compile(r"\bor\s+$", re.IGNORECASE)  # "for any or no reason, including:"


def denies_what_follows(text: str, start: int, end: int) -> bool:
    """Whether the lead-in ``text[start:end]`` (ending in a colon) denies what its items go on to
    say: "We will never:" before "sell your data to brokers" makes the item a promise."""
    lead = text[start:end]
    if _CONSENT_FIRST.search(lead):
        return True
    found = _DENYING_LEAD_IN.search(lead)
    consent = _LEAD_IN_CONSENT.search(lead)
    if found is None and consent is not None:  # the denial before the consent it waits for
        found = _DENIED_BEFORE_CONSENT.search(lead, 0, consent.start())
    if found is None or (_LEAD_IN_EXCEPTION.search(lead) and consent is None):
        return False
    if _NOT_A_CUE.match(lead, found.start()) or _NO_MORE_THAN.match(lead, found.start()) \
            or _OR_BEFORE.search(lead, 0, found.start()) or _NOT_A_PROMISE.search(found.group()):
        return False
    tail = lead[max(0, found.start() - 40):found.end()]
    return _MEMBER_SUBJECT.search(tail) is None


def lead_in_consent(text: str, start: int, end: int) -> str | None:
    """The consent a denying lead-in waits for ("unless you give us written permission"), if any."""
    m = _LEAD_IN_CONSENT.search(text, start, end) or _CONSENT_FIRST.search(text, start, end)
    return shortened(m.group().rstrip().rstrip(":")) if m else None


def _cues(scope: Scope) -> list[tuple[int, int, bool, int]]:
    text = scope.text
    found: list[tuple[int, int, bool, int]] = []
    for m in _CUE.finditer(text, scope.start, scope.end):
        if _NOT_A_CUE.match(text, m.start(), scope.end) \
                or _QUOTED_LABEL.match(text, max(0, m.start() - 1), scope.end):
            continue
        before = text[max(scope.start, m.start() - 40) : m.start()]
        stopping = m.group().lower().startswith(("stop", "cease"))
        if _WHETHER_OR.search(before) or _ASKED_NOT.search(before) or (
                stopping and (_ASKED_TO_STOP.search(before) or _NOT_BEFORE.search(before))):
            continue
        preceding = before.split()[-4:]
        if any(_CONDITION.fullmatch(w.strip(",").lower()) for w in preceding):
            continue
        end = m.end()
        duty = _DUTY_CUE.match(text, m.start(), scope.end)
        through = duty or _THROUGH_CUE.match(text, end, scope.end) or (
            m.group().lower() in ("no", "none") and (_NO_SUBJECT.match(text, end, scope.end)
                                                     or _NO_SUBJECT_ASIDE.match(text, end, scope.end)))
        if through:  # the gap is counted after "no obligation to", "not knowingly", …
            end = through.end()
        last_word = bisect.bisect_right(scope.token_starts, end - 1) - 1
        way_out = _DENIED_WAY_OUT.match(text, m.start(), scope.end)
        found.append((m.start(), last_word, duty is not None, way_out.end() if way_out else scope.end))
    return found

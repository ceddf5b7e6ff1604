"""The document summary: top concerns in plain words, counts, reading time, readability, grade.

Figures and their sources:

* Reading time: words / 238 words per minute, the average silent reading rate for
  non-fiction in Brysbaert (2019), "How many words do we read per minute? A review and
  meta-analysis of reading rate", Journal of Memory and Language 109, 104047.
* Readability: Flesch reading ease = 206.835 − 1.015 × (words / sentences)
  − 84.6 × (syllables / words) (Flesch 1948). Syllables are estimated by counting vowel
  groups, less a silent final "e", at least one per word. 60–70 is plain English;
  legal text often scores below 30. The score is kept within 0–100: a text without full
  stops (one "sentence" of thousands of words) would otherwise read as, say, −50,000.
* Grade: see :data:`GRADE_FORMULA`, shown to the reader alongside the grade.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from terms.labels import places
from terms.model import Document, Flag, Severity
from terms.rulepacks.scan import sentence_spans
from terms.rulepacks.schema import Group, RulePack
from terms.wording import count, join_words

WORDS_PER_MINUTE = 238
UNGRADED = "—"
NOT_ENGLISH = (
    "The document does not look like English. The rules and the learned model read English only, "
    "so few or no flags here do not mean the terms are harmless; it is not graded."
)
#: fewer words than this, and nothing against the reader in them, is no terms document to grade:
#: a grade "A" for a note of seven words would read as a clean bill of health (a short text that
#: does state concerns is graded on them)
MIN_GRADED_WORDS = 100
TOO_SHORT = (
    "The document has only {words} and states nothing against you: too little to be a whole "
    "terms document or privacy policy, so it is not graded."
)
#: a text of any length in which no rule found anything, not even a mention of cookies or of the
#: governing law, is no terms document: a wrong file, or a page reduced to its navigation
NOTHING_FOUND = (
    "No rule found anything in the document's {words}, not even the provisions every terms "
    "document or privacy policy has: it may not be one, so it is not graded."
)
QUALIFIED = " — with exceptions"
HIGH_PRIORITY = 90   # categories at or above this priority count double in the grade

GRADE_FORMULA = (
    "points = 3 × (kinds of concern) + 1 × (kinds of caution) − 1 × (kinds of protection), "
    f"where a kind of concern or caution of top priority (priority ≥ {HIGH_PRIORITY} in the rule pack, "
    "e.g. clients reading posts, sale of data, licence over your ideas, monitoring of posts) counts "
    "double; each kind counts once however often it appears. "
    "Grade A: 0–2 points, B: 3–5, C: 6–9, D: 10–14, E: 15 or more."
)
_GRADE_BANDS = ((2, "A"), (5, "B"), (9, "C"), (14, "D"))

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True, slots=True)
class Concern:
    """One category found in the document, as the summary lists it."""

    category: str
    title: str
    group: Group
    severity: Severity
    explanation: str               # what its most severe flags say, together (category_explanation)
    clause_ids: tuple[str, ...]    # where it is found at ``severity``, in document order
    count: int                     # its flags at ``severity``
    #: for a promise the document takes back elsewhere: what says otherwise, and where
    caveat: str = ""


@dataclass(frozen=True, slots=True)
class Summary:
    concerns: tuple[Concern, ...]      # concern and caution, top first
    protections: tuple[Concern, ...]   # protective only: what is in the reader's favour
    notes: tuple[Concern, ...]         # info: mentioned, neither for nor against the reader
    counts: dict[str, dict[str, int]]  # group title -> severity -> number of flags
    words: int
    sentences: int
    reading_minutes: float
    reading_ease: float
    reading_ease_label: str
    grade: str
    grade_points: int
    grade_formula: str = GRADE_FORMULA
    #: why the document is not graded (it does not read as English), else None
    not_graded: str | None = None
    #: whether the text reads as English, the only language the rules and the model read: when it
    #: does not, the concerns are what words shared with English happened to match, not an assessment
    english: bool = True


def _mitigations(flags: Sequence[Flag], document: Document) -> str:
    """Where the document softens what the entry speaks of, as its flags say it ("In §12.1, the
    clause itself promises notice before changes."): the entry's advice to check for notice was
    left standing where the document gives it."""
    where: dict[str, list[str]] = {}
    for flag in flags:
        if flag.mitigation:
            where.setdefault(flag.mitigation, []).append(flag.clause_id)
    said = []
    for what, ids in where.items():
        at = places(document, ids)
        # "In paragraph 1 of “7.1 …”, the “7.1 …” section promises notice": the section once
        section = _SECTION_NAMED.match(what)
        if section and f"“{section.group(1)}”" in at:
            what = "the same section" + what[section.end():]
        said.append(f" In {at}, {what}.")
    return "".join(said)


_SECTION_NAMED = re.compile(r"the “([^”]+)” section\b")


def _members_said_once(concerns: list[Concern], flags: Sequence[Flag]) -> list[Concern]:
    """The concerns with a defined party's list of members ("clients such as pharmaceutical and
    medical-device manufacturers, banks, …") said in the first that names it only: the sample's
    summary repeated those 25 words in six of its entries. The lists are the ones the flags' parties
    carry (the engine read the document's definitions for them)."""
    lists = list(dict.fromkeys(f" such as {party.partition(' such as ')[2]}"
                               for flag in flags for party in flag.parties if " such as " in party))
    if not lists:
        return concerns
    said: set[str] = set()
    out: list[Concern] = []
    for concern in concerns:
        explanation = concern.explanation
        for listed in lists:
            if listed in explanation:
                if listed in said:
                    explanation = explanation.replace(listed, "")
                else:
                    said.add(listed)
                    head, _, tail = explanation.partition(listed)
                    explanation = head + listed + tail.replace(listed, "")
        out.append(concern if explanation == concern.explanation
                   else dataclasses.replace(concern, explanation=explanation))
    return out


def _undercut(entries: list[Concern], pack: RulePack, document: Document) -> list[Concern]:
    """The entries with a promise that the same document takes back in one of its concerns ("We don't
    sell your personal data" beside fees charged for access to members' posts) listed among the mentions,
    with exceptions, and the statements that undercut it named: in the reader's favour it read as
    the answer to the very concern listed above it. Which categories undercut which promise is
    the rule pack's (``undercut_by``)."""
    # concerns only: a caution beside the promise ("may license aggregated statistics", "the organisation
    # that runs your account can read your chats") is no sale of what it promises to keep
    stated = {c.category: c for c in entries if c.severity is Severity.CONCERN}
    out: list[Concern] = []
    moved: set[str] = set()
    for entry in entries:
        against = [stated[c] for c in pack.categories[entry.category].undercut_by if c in stated]
        if entry.severity not in (Severity.PROTECTIVE, Severity.INFO) or not against:
            out.append(entry)
            continue
        by_place: dict[str, list[str]] = {}  # two entries found in the same clauses are named together
        for c in against:
            by_place.setdefault(places(document, c.clause_ids), []).append(f"“{c.title}”")
        said = join_words([f"{join_words(titles)} ({at})" for at, titles in by_place.items()])
        title = entry.title if entry.title.endswith(QUALIFIED) else entry.title + QUALIFIED
        caveat = (f"But the document also says {said}: the promise covers less than it seems to. Read it "
                  "for the data, the recipients and the kinds of deal it leaves out.")
        out.append(dataclasses.replace(entry, severity=Severity.INFO, title=title, caveat=caveat))
        moved.add(entry.category)
    # among the mentions, first: a contradiction the reader should see before what is merely mentioned
    return sorted(out, key=lambda c: (c.severity.rank, c.category not in moved))


def summarise(document: Document, flags: Sequence[Flag], pack: RulePack) -> Summary:
    # here: the GUI imports this module at start-up
    from terms.flagging.engine import category_explanation, single_rule

    by_category: dict[str, list[Flag]] = {}
    for flag in flags:
        by_category.setdefault(flag.category, []).append(flag)
    entries: list[tuple[tuple, Concern]] = []
    for category_id, group_flags in by_category.items():
        category = pack.categories[category_id]
        severity = min(group_flags, key=lambda f: f.severity.rank).severity
        protective = Severity.PROTECTIVE
        if category.severity is protective and any(f.severity is protective for f in group_flags):
            # a protection stays one beside a qualified one ("except that you cannot opt out of …"
            # in another clause): the reader has it, where it is made without the exception
            severity = protective
        # the entry speaks of, and points to, the places where the category is found at the severity
        # it is listed with: milder ones ("the usual, fair kind") listed first would send the reader
        # to clauses that are not the concern, and could push the concerns past the places shown
        listed = [f for f in group_flags if f.severity is severity]
        explanation = (category_explanation(pack, category_id, listed, document)
                       + _mitigations(listed, document))
        title = pack.title_of(category_id, single_rule(listed))
        if category.severity is protective and severity is Severity.INFO:
            # every one of them is qualified ("does not apply to Clients' direct access"): listed
            # among the mentions, the bare title read as a right the reader has
            title += QUALIFIED
        concern = Concern(category_id, title, category.group, severity, explanation,
                          tuple(dict.fromkeys(f.clause_id for f in listed)), len(listed))
        first_at = min(f.evidence[0][0] if f.evidence else 0 for f in listed)
        entries.append(((severity.rank, -category.priority, first_at), concern))
    entries.sort(key=lambda e: e[0])
    ordered = _members_said_once(_undercut([c for _, c in entries], pack, document), flags)
    concerns = tuple(c for c in ordered if c.severity in (Severity.CONCERN, Severity.CAUTION))
    protections = tuple(c for c in ordered if c.severity is Severity.PROTECTIVE)
    notes = tuple(c for c in ordered if c.severity is Severity.INFO)
    counts: dict[str, dict[str, int]] = {g.title: {s.value: 0 for s in Severity} for g in Group}
    for flag in flags:
        counts[pack.categories[flag.category].group.title][flag.severity.value] += 1
    words, sentences, syllables = text_statistics(document.text)
    ease = min(100.0, max(0.0, flesch_reading_ease(words, sentences, syllables)))
    points = grade_points(concerns, protections, pack)
    from terms.parsing.metadata import looks_english  # here: the GUI imports this module at start-up

    english = looks_english(document.text)
    too_short = words < MIN_GRADED_WORDS and not concerns
    not_graded = (NOT_ENGLISH if not english
                  else TOO_SHORT.format(words=count(words, "word")) if too_short
                  else NOTHING_FOUND.format(words=count(words, "word")) if not flags else None)
    grade = UNGRADED if not_graded else grade_for(points)
    return Summary(concerns, protections, notes, counts, words, sentences, round(words / WORDS_PER_MINUTE, 1),
                   round(ease, 1), reading_ease_label(ease), grade, points, not_graded=not_graded,
                   english=english)


def concerns_heading(summary: Summary) -> tuple[str, str | None]:
    """The title over the list of concerns, and a sentence to go under it or in its place. A
    document not in English gets no "none found", and its list is not presented as an assessment."""
    if summary.english:
        return "Top concerns", None if summary.concerns else "None found by the rules."
    if summary.concerns:
        return ("Matched on words shared with English",
                "Not an assessment: the document is not in English, and the rules read English only.")
    return "Top concerns", ("Not assessed: the document is not in English, and the rules read English "
                            "only, so finding nothing here means nothing.")


def text_statistics(text: str) -> tuple[int, int, int]:
    """Words, sentences and (estimated) syllables."""
    words = _WORD.findall(text)
    # each distinct word is counted once (a long policy repeats a few thousand words)
    syllables = sum(count_syllables(w) * n for w, n in Counter(words).items())
    # sentences as the rules read them: "Inc." and a heading's "2." end none, and a paragraph's
    # full stop and the blank line after it end one (counting both made texts read 10-20 points easier)
    sentences = sum(1 for start, end in sentence_spans(text, 0, len(text)) if _WORD.search(text, start, end))
    return len(words), max(1, sentences) if words else 0, syllables


def count_syllables(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return 1
    groups = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(1, groups)


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    if not words or not sentences:
        return 0.0
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def reading_ease_label(score: float) -> str:
    for limit, label in ((30, "very hard (graduate level)"), (50, "hard (college level)"),
                         (60, "fairly hard"), (70, "plain English"), (80, "fairly easy")):
        if score < limit:
            return label
    return "easy"


def grade_points(concerns: Sequence[Concern], protections: Sequence[Concern], pack: RulePack) -> int:
    points = 0
    for c in concerns:
        weight = 3 if c.severity is Severity.CONCERN else 1
        if pack.categories[c.category].priority >= HIGH_PRIORITY:
            weight *= 2
        points += weight
    points -= len(protections)
    return max(0, points)


def grade_for(points: int) -> str:
    for limit, grade in _GRADE_BANDS:
        if points <= limit:
            return grade
    return "E"

"""Flag deltas: which provisions appear, disappear, move or change severity between versions.

Flags are matched by (category, aligned entry): a flag whose clause moved, was
renumbered or reworded without losing the provision is not a delta. A clause whose
words did not change carries no delta either (the flagger may still read it
differently: a heading then, a paragraph now), unless the lead-in that its list
item completes changed words. A provision that went from one clause and came in
another of the same category and severity, with much the same evidence, is one
"moved" delta rather than a loss and a gain. Deltas are ordered by what matters to
the reader: new concerns and lost protections first.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import Indel

from terms.compare.clausetext import DocumentWords, bare_words, clause_texts, words_key
from terms.compare.defaults import default_made_opt_in, opt_in_made_default
from terms.compare.figures import FigureChange, days, figure_change, lowered, money, people, recipients
from terms.compare.model import SAFEGUARD_CLAIMS, DeltaKind, Entry, EntryKind, FlagDelta
from terms.compare.parties import added_parties
from terms.flagging.definitions import definitions
from terms.flagging.engine import MODEL_FAIR_READING
from terms.labels import clause_label
from terms.leadins import list_lead_ins
from terms.model import Clause, Document, Flag, Severity
from terms.rulepacks.scan import sentence_spans
from terms.wording import QUOTE_SLACK, cut_quote, join_words

# What each category is, as a noun phrase without its article.
_PHRASES = {
    "data.collection": "data-collection provision",
    "data.third-party-sharing": "provision sharing personal data with third parties",
    "data.sale": "data-sale provision",
    "data.client-access": "provision letting paying clients read members' content",
    "data.content-license": "broad licence over your content and ideas",
    "data.monitoring": "provision for reading or mining your posts",
    "data.profiling": "profiling provision",
    "data.anonymization": "claim that data is anonymous or de-identified",
    "data.advertising": "advertising-use provision",
    "data.tracking": "tracking provision (cookies, pixels and the like)",
    "data.research": "research-use provision",
    "data.retention": "data-retention provision",
    "data.business-transfer": "provision transferring data in a merger or sale",
    "data.legal-disclosure": "provision for disclosure to authorities",
    "data.international-transfer": "provision moving data to other countries",
    "data.sensitive": "provision on health or other sensitive data",
    "data.security": "data-security statement",
    "rights.choice": "opt-out or other choice",
    "rights.access-deletion": "right to access or delete your data",
    "rights.no-sale": "promise not to sell or share your data",
    "rights.limited-use": "promise to limit how your data is used",
    "rights.content-ownership": "statement that you keep ownership of your content",
    "terms.changes": "provision on changing the terms",
    "terms.unilateral-termination": "right to end your account at will",
    "terms.content-removal": "right to remove content at will",
    "terms.limitation-of-liability": "limitation of liability",
    "terms.contract-by-using": "acceptance-by-use provision",
    "terms.choice-of-law": "choice-of-law provision",
    "terms.jurisdiction": "jurisdiction provision",
    "terms.arbitration": "arbitration provision",
}


def _phrase(category: str, titles: Mapping[str, str]) -> str:
    """What a category's flag is, as a noun phrase: a category of a pack of the user's own by its
    title ("a “Your content trains AI models” provision"), not its id."""
    return _PHRASES.get(category) or f"“{titles.get(category, category)}” provision"


def _named_phrase(raw: _Raw, titles: Mapping[str, str]) -> str:
    """The category's phrase, followed by the title of the rule that leads the flag where that rule
    has one of its own: "research-use provision (“Used to train AI models”)" says what came."""
    flag = raw.old_flag if raw.kind is DeltaKind.DISAPPEARS else raw.new_flag
    own = titles.get(f"rule:{flag.rule}") if flag is not None else None
    return f"{_phrase(raw.category, titles)} (“{own}”)" if own else _phrase(raw.category, titles)


def _a(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeio" else "a ") + phrase


def clause_names(document: Document, clause_ids: Iterable[str]) -> dict[str, str]:
    """How a list names each of ``clause_ids``: its label, followed by its id in parentheses when
    another clause of the list has the same label.

    A reader finds a clause by its label, but a document that repeats a section under two
    headings (a US and an EEA part with the same numbered sections) can give two clauses one
    label; two lines that read the same would look like one change printed twice.
    """
    labels = {i: clause_label(document.clause(i), document) for i in dict.fromkeys(clause_ids)}
    times = Counter(labels.values())
    return {i: f"{label} ({i})" if times[label] > 1 else label for i, label in labels.items()}


def _where(ids: Sequence[str], names: dict[str, str]) -> str:
    named = [names[i] for i in ids]
    return ", ".join(named[:-1]) + f" and {named[-1]}" if len(named) > 1 else "".join(named)


def _flag_where(raw: _Raw, old_names: dict[str, str], new_names: dict[str, str]) -> str:
    """Where a flag change lies: of a clause split or merged, the part holding the flag
    ("in §2.3", not "in §2.1, §2.2 and §2.3")."""
    gone = raw.kind is DeltaKind.DISAPPEARS
    ids, flag, names = ((raw.entry.old_ids, raw.old_flag, old_names) if gone
                        else (raw.entry.new_ids, raw.new_flag, new_names))
    if len(ids) > 1 and flag is not None and flag.clause_id in ids:
        return names[flag.clause_id]
    return _where(ids, names)


def _worst(flags: Iterable[Flag]) -> dict[str, Flag]:
    worst: dict[str, Flag] = {}
    for flag in flags:
        seen = worst.get(flag.category)
        if seen is None or flag.severity.rank < seen.severity.rank:
            worst[flag.category] = flag
    return worst


def _quote(flag: Flag | None, document: Document, context: int = 60, limit: int = 240) -> str:
    """The evidence with some of its clause around it, cut at word boundaries. Evidence spread too far
    for one quote is quoted where most of it lies: an exception appended to a long denial ("We do not
    sell … to insurers …, other than to affiliates of Research Sponsors") was cut off, and the quote read
    as the denial alone."""
    if flag is None or not flag.evidence or not document.has_clause(flag.clause_id):
        return ""
    clause = document.clause(flag.clause_id)
    spans = sorted(flag.evidence)
    reach = limit + QUOTE_SLACK - 2 * context   # evidence characters one quote shows with its context

    # the evidence one quote starting at each span would hold; the first that holds the most is quoted
    held = [[span for span in spans[i:] if span[1] - first <= reach] for i, (first, _) in enumerate(spans)]
    best = max(range(len(spans)), key=lambda i: (len(held[i]), -i))
    end = max((b for _, b in held[best]), default=spans[best][1])
    return _window(document, clause, spans[best][0], end, context, limit)


def _window(document: Document, clause: Clause, a: int, b: int, context: int, limit: int) -> str:
    """The clause's text from ``context`` characters before ``a`` to as many after ``b``, cut at word
    boundaries to at most ``limit`` characters (and :data:`QUOTE_SLACK`), "…" marking what is left out."""
    start = max(clause.start, a - context)
    end = min(clause.end, b + context)
    if start > clause.start:
        start = document.text.find(" ", start, end) + 1 or start
    if end < clause.end:
        cut = document.text.rfind(" ", start, end)
        end = cut if cut > start else end
    head, tail = start > clause.start, end < clause.end
    text = " ".join(document.text[start:end].split())
    if len(text) > limit + QUOTE_SLACK:
        text, tail = text[:limit].rsplit(" ", 1)[0], True
    return ("…" if head else "") + text + ("…" if tail else "")


#: among deltas as harmful as each other: a provision the reader already accepted that now reaches
#: more parties first (the sample's employers counted among Clients, before its new AI training)
_KIND_ORDER = {DeltaKind.WIDENED: 0, DeltaKind.APPEARS: 1, DeltaKind.SEVERITY: 2, DeltaKind.DISAPPEARS: 3,
               DeltaKind.REWORDED: 4, DeltaKind.MOVED: 5}
_LOSS = {Severity.PROTECTIVE: 0, Severity.INFO: 2, Severity.CAUTION: 3, Severity.CONCERN: 3}
#: A removed and an added flag of one category and severity are one provision that moved when
#: the sentences holding their evidence share this much of their words in order, or the shorter
#: one's words are nearly all (MOVED_CONTAINED) found in the longer one (a sentence that moved
#: into a longer one, or lost a clause on the way).
MOVED_QUOTE_SIMILARITY = 0.6
#: A provision removed from one place and one of its kind and severity added in another, the
#: kind still found in both versions, whose sentences are this alike, moved and was reworded:
#: Discord's arbitration opt-out, moved to "Mass Filings" with a new date, read "[worse] Removes
#: the opt-out …" beside "[better] Adds another opt-out …"
REWORDED_MOVE_SIMILARITY = 0.25
MOVED_CONTAINED = 0.9
_MOVED_MIN_WORDS = 5
#: Pairs compared at most per category and severity (two unrelated documents can have hundreds
#: of each; past this, none of them is taken for a move).
_MOVED_MAX_PAIRS = 250_000


def _without_ways_out_of_what_went(raws: list[_Raw], old_doc: Document, old_flags: Sequence[Flag],
                                   new_flags: Sequence[Flag]) -> list[_Raw]:
    """``raws`` less the choices removed from a clause whose practice (a concern or caution) was
    removed with them: the location opt-out goes because location is no longer collected, which read
    "[worse] Removes the opt-out" beside "[better] Removes the tracking provision". So too a choice
    that names a practice the whole new version no longer has, in its words, its heading or by the
    section it points to: the arbitration opt-out goes with the arbitration agreement ("There is no
    arbitration agreement in these Terms"; "9.4 Opting out of arbitration: You may opt out of Section
    9.3 …")."""
    def practised(flags: Sequence[Flag]) -> set[str]:
        return {f.category for f in flags if f.severity.rank <= Severity.CAUTION.rank}

    # (not a practice the new version still has elsewhere: a training opt-out's own caveat, "This does not
    # apply to datasets … provided to the Research Partner", went with it while the sharing stayed in §10.2)
    still_practised = practised(new_flags)
    practice_gone = {id(raw.entry) for raw in raws
                     if raw.kind is DeltaKind.DISAPPEARS and raw.category.startswith("data.")
                     and raw.category not in still_practised
                     and raw.old_flag is not None and raw.old_flag.severity.rank <= Severity.CAUTION.rank}

    # (named by the first word of its id: "arbitration", "tracking", "advertising")
    gone_categories = practised(old_flags) - still_practised
    gone_anywhere = [re.compile(rf"\b{re.escape(category.split('.')[-1].split('-')[0][:7])}", re.I)
                     for category in gone_categories]
    gone_in = {f.clause_id for f in old_flags if f.category in gone_categories}

    def names_what_went(raw: _Raw) -> bool:
        headings = [old_doc.clause(i).heading_path[-1] for i in raw.entry.old_ids
                    if old_doc.has_clause(i) and old_doc.clause(i).heading_path]
        if any(word.search(text) for word in gone_anywhere for text in (raw.said, *headings)):
            return True
        return any(clause == number or clause.startswith((f"{number}/", f"{number}."))
                   for number in _SECTION_POINTED_TO.findall(raw.said) for clause in gone_in)

    # ... but not a choice that was the way out of a practice the new version still has: a targeting opt-out
    # deleted with its own caveat ("what was already provided is not recalled", a retention flag) had read
    # "[better] Removes the data-retention provision" and nothing of the opt-out lost
    ways_out_kept = {clause for f in old_flags if f.category in still_practised for clause in f.way_out}
    return [raw for raw in raws if not (
        raw.kind is DeltaKind.DISAPPEARS and raw.category == "rights.choice"
        and not ways_out_kept.intersection(raw.entry.old_ids)
        and (id(raw.entry) in practice_gone or names_what_went(raw)))]


#: "opt out of Section 9.3", "under Sections 14.2": the section number a sentence points to
_SECTION_POINTED_TO = re.compile(r"\bSections?\s+(\d+(?:\.\d+)*)(?![\d.]*\d)")


def _without_opt_outs_replacing_opt_ins(raws: list[_Raw], old_doc: Document, new_doc: Document) -> list[_Raw]:
    """``raws`` less the choice that appears in a clause which now includes the reader unless they opt
    out, where they had to opt in before: "[better] Adds another opt-out" beside what is worse news
    (the promises' "Turns what you had to opt in to into a default", :mod:`terms.compare.defaults`)."""
    added = [raw for raw in raws if raw.kind is DeltaKind.APPEARS and raw.category == "rights.choice"]
    gone = [raw for raw in raws if raw.kind is DeltaKind.DISAPPEARS and raw.category == "rights.choice"]
    if not added and not gone:
        return raws
    old_bodies, new_bodies = _bodies(old_doc), _bodies(new_doc)

    def sentences(bodies: dict[str, str], ids: Sequence[str]) -> list[str]:
        return [bodies[i][a:b] for i in ids if i in bodies
                for a, b in sentence_spans(bodies[i], 0, len(bodies[i]))]

    made_default = {id(raw) for raw in added
                    if opt_in_made_default(sentences(old_bodies, raw.entry.old_ids),
                                           sentences(new_bodies, raw.entry.new_ids)) is not None}
    # ... and the opt-out that goes where the reader must now opt in instead: no protection lost ("Face
    # recognition is switched on for every account … You can turn it off" → "switched off … until you choose
    # to turn it on")
    made_opt_in = {id(raw) for raw in gone
                   if default_made_opt_in(sentences(old_bodies, raw.entry.old_ids),
                                          sentences(new_bodies, raw.entry.new_ids)) is not None}
    return [raw for raw in raws if id(raw) not in made_default | made_opt_in]


def _harm(kind: DeltaKind, old: Severity | None, new: Severity | None, elsewhere: bool = False) -> int:
    """0 (worst news for the reader) to 3 (good news); 4 for information coming or going, which is
    neither and comes last (58 such lines led Instagram's headline before its better news)."""
    if (kind is DeltaKind.APPEARS and new is Severity.INFO) or (kind is DeltaKind.DISAPPEARS
                                                                 and old is Severity.INFO):
        return 4
    if kind in (DeltaKind.APPEARS, DeltaKind.WIDENED) and new is not None:
        return 3 if new is Severity.PROTECTIVE else new.rank
    if kind is DeltaKind.DISAPPEARS and old is not None:
        # a protection still found in another clause is a lesser loss than the last one going
        return 1 if old is Severity.PROTECTIVE and elsewhere else _LOSS[old]
    if kind is DeltaKind.SEVERITY and old is not None and new is not None and new.rank < old.rank:
        return new.rank
    return 3


#: parties a widened delta's headline names; the rest are counted
_ADDED_NAMED = 4


def _parties_named(added: Sequence[str]) -> str:
    """"A, B and C", or "A, B, and C" where a party's own name holds an "and" ("hospital groups
    and other employers of physicians"): "groups and employers and insurers" read as one list."""
    names = list(added[:_ADDED_NAMED])
    if len(added) > _ADDED_NAMED:
        names.append(f"{len(added) - _ADDED_NAMED} more")
    if len(names) > 1 and any(" and " in name for name in names):
        return ", ".join(names[:-1]) + f", and {names[-1]}"
    return join_words(names)


def _headline(kind: DeltaKind, category: str, phrase: str, old: Severity | None, new: Severity | None,
              where: str, elsewhere: bool, figures: FigureChange | None = None) -> str:
    if kind is DeltaKind.APPEARS:
        lead = f"Adds another {phrase}" if elsewhere else f"Adds {_a(phrase)}"
        return f"{lead} in {where}"
    if kind is DeltaKind.REWORDED:
        severity = "information" if new is Severity.INFO else f"a {new.value if new else 'concern'}"
        if figures is not None:
            return (f"{figures.describe()} in the {phrase} in {where}, {severity} before and "
                    f"after: read what it says now")
        return f"Rewords the {phrase} in {where}, {severity} before and after: read what it says now"
    if kind is DeltaKind.DISAPPEARS:
        text = f"Removes the {phrase} in {where}"
        if old is Severity.PROTECTIVE or (old is Severity.INFO and category.startswith("rights.")):
            text += " (still found elsewhere)" if elsewhere else ": a protection you had is gone"
        elif elsewhere:
            text += " (still found elsewhere)"
        return text
    worse = old is not None and new is not None and new.rank < old.rank
    change = f"{old.value if old else '?'} → {new.value if new else '?'}"
    # a promise or right gets stronger or weaker; a provision against the reader harder or softer
    promise = Severity.PROTECTIVE in (old, new) or category.startswith("rights.")
    verb = ("Weakens" if worse else "Strengthens") if promise else ("Hardens" if worse else "Softens")
    return f"{verb} the {phrase} in {where} ({change})"


def _rank(delta: FlagDelta, raw: _Raw) -> int:
    """Where the delta stands in the list, as :func:`_harm` ranks it: a figure moved against the reader
    ranks with the news of its severity, a safeguard claim by the way it went; news neither way, last."""
    if delta.figures_effect == "worse" and delta.new_severity is not None:
        return delta.new_severity.rank
    if delta.effect == "neutral" and raw.kind is not DeltaKind.REWORDED:
        return 4
    if raw.category in SAFEGUARD_CLAIMS:
        return delta.severity.rank if delta.effect == "worse" else 3
    if raw.category.startswith("rights.") and Severity.INFO in (delta.old_severity, delta.new_severity):
        # (a right with its limits ranks as the protection it is)
        return _harm(raw.kind, _as_protection(delta.old_severity), _as_protection(delta.new_severity),
                     raw.elsewhere)
    return _harm(raw.kind, delta.old_severity, delta.new_severity, raw.elsewhere)


def _as_protection(severity: Severity | None) -> Severity | None:
    return Severity.PROTECTIVE if severity is Severity.INFO else severity


_SAME_WORDS = {EntryKind.UNCHANGED, EntryKind.FORMATTING, EntryKind.RENUMBERED}

#: what a clause does with data that a claim of anonymity would have covered: a claim taken out of a clause
#: that still does one of these is worse news (see ``FlagDelta.still_used``)
_USES = frozenset({"data.third-party-sharing", "data.sale", "data.client-access", "data.research",
                   "data.advertising", "data.profiling", "data.monitoring", "data.international-transfer",
                   "data.business-transfer", "data.legal-disclosure", "data.content-license"})


def _same_words(entry: Entry, old_bodies: Callable[[], dict[str, str]],
                new_bodies: Callable[[], dict[str, str]]) -> bool:
    """Whether the entry's words are the same in both versions (as compared: case, whitespace,
    quotes, dashes, emphasis and punctuation at the edges of words aside); a move counts.

    A clause cut in two or two joined, or one changed only in its punctuation ("requirements.If"
    and "requirements. If", "up-to-date" and "up to date", a bullet character), holds the same
    words too, read as words alone: the flagger reading them another way ("Hardens the
    arbitration provision" for a class-action waiver word for word the same) is no change in them.
    ``old_bodies``/``new_bodies`` give each clause's own text without its number (computed once,
    only if needed).
    """
    if entry.kind in _SAME_WORDS or (entry.kind is EntryKind.MOVED and entry.diff is None):
        return True
    return entry.kind in _REWORDED and (_bare_words(old_bodies(), entry.old_ids)
                                        == _bare_words(new_bodies(), entry.new_ids))


_REWORDED = {EntryKind.CHANGED, EntryKind.MOVED, EntryKind.SPLIT, EntryKind.MERGED}


def _bare_words(bodies: dict[str, str], ids: Sequence[str]) -> list[str]:
    return [word for i in ids for word in bare_words(bodies[i])]


def _bodies(document: Document) -> dict[str, str]:
    return {text.clause.id: text.body for text in clause_texts(document)}


def lead_ins(document: Document) -> dict[str, str]:
    """The words of the sentence each list item completes ("We may share your data with:"), by item
    id: the flagger reads an item's first sentence together with it (:mod:`terms.leadins`)."""
    return {item: words_key(document.text[a:b]) for item, (a, b) in list_lead_ins(document).items()}


@dataclass(slots=True)
class _Raw:
    """A delta before moves are paired: the flags it is about and where it sits."""

    kind: DeltaKind
    category: str
    old_flag: Flag | None
    new_flag: Flag | None
    entry: Entry
    position: int
    elsewhere: bool
    quote: str
    sentences: tuple[str, ...]   # words of the sentences holding the evidence
    said: str                    # those sentences as written
    added: tuple[str, ...] = ()  # widened: the parties (or the data) named only in the new version
    reworded: bool = False       # widened: the clause's words changed too
    figures: FigureChange | None = None  # reworded: the sums and periods that changed
    #: reworded: the figures are a window the reader acts in ("export your data within 60 days, after
    #: which we delete it"), where shorter is no better: their direction is not judged
    window: bool = False
    #: reworded: the figures bound the company's deletion of what the reader asked it to delete ("we will
    #: delete it within 30 days of your request"), where longer is worse
    deadline: bool = False
    #: reworded: a period gone, and keeping with no end in its place ("may be retained for as long as needed
    #: for research integrity" where data was deleted "within a further 35 days"): worse, for retention
    endless: bool = False
    #: widened: what ``added`` names, "parties" or "data"
    what: str = "parties"


class _Listed:
    """The text of the items each lead-in of a document introduces ("We may share information about
    you in the following ways:"), found by where the lead-in starts."""

    def __init__(self, document: Document) -> None:
        items: dict[int, list[str]] = {}
        for item, (start, _) in list_lead_ins(document).items():
            clause = document.clause(item)
            items.setdefault(start, []).append(document.text[clause.start:clause.end])
        self.starts = sorted(items)
        self.texts = [" ".join(items[start]) for start in self.starts]

    def within(self, start: int, end: int) -> list[str]:
        """The items' texts of the lead-ins starting in ``[start, end)``."""
        return self.texts[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]


def _likeness(a: Sequence[str], b: Sequence[str]) -> float:
    """How alike two evidence sentences' words are for a move: their similarity, or 1.0 when the
    shorter (of at least a few words) is nearly all found, in order, in the longer one."""
    if not a or not b:
        return 0.0
    similarity = Indel.normalized_similarity(a, b)
    shorter = min(len(a), len(b))
    if similarity < MOVED_QUOTE_SIMILARITY and shorter >= _MOVED_MIN_WORDS:
        common = (len(a) + len(b) - Indel.distance(a, b)) / 2
        if common >= MOVED_CONTAINED * shorter:
            return 1.0
    return similarity


#: ... and when they share this many of their longer words, so that they speak of one thing: two
#: opt-outs, "of client access in your account settings" and "of newsletters at any time", are two
#: provisions, however alike "You may opt out of" makes them
REWORDED_MOVE_SHARED_WORDS = 3
_SUBJECT_WORD_LENGTH = 5


def _same_subject(a: Sequence[str], b: Sequence[str]) -> bool:
    longer = {word for word in a if len(word) >= _SUBJECT_WORD_LENGTH}
    shared = longer & {word for word in b if len(word) >= _SUBJECT_WORD_LENGTH}
    return len(shared) >= REWORDED_MOVE_SHARED_WORDS


def _moves(raws: list[_Raw], least: float = MOVED_QUOTE_SIMILARITY,
           alike: Callable[[Sequence[str], Sequence[str]], bool] | None = None) -> list[tuple[_Raw, _Raw]]:
    """(removed, added) pairs of one category and severity whose evidence quotes are alike (at
    least ``least``, and ``alike`` if given), most alike first, each delta in one pair at most."""
    gone: dict[tuple[str, Severity], list[_Raw]] = {}
    came: dict[tuple[str, Severity], list[_Raw]] = {}
    for raw in raws:
        if raw.kind is DeltaKind.DISAPPEARS and raw.old_flag is not None and raw.sentences:
            gone.setdefault((raw.category, raw.old_flag.severity), []).append(raw)
        elif raw.kind is DeltaKind.APPEARS and raw.new_flag is not None and raw.sentences:
            came.setdefault((raw.category, raw.new_flag.severity), []).append(raw)
    pairs: list[tuple[_Raw, _Raw]] = []
    for key, removed in gone.items():
        added = came.get(key, [])
        if not added or len(removed) * len(added) > _MOVED_MAX_PAIRS:
            continue
        scored = []
        for k, raw in enumerate(removed):
            for m, other in enumerate(added):
                likeness = _likeness(raw.sentences, other.sentences)
                if likeness >= least and (alike is None or alike(raw.sentences, other.sentences)):
                    scored.append((-likeness, k, m))
        scored.sort()
        used_k: set[int] = set()
        used_m: set[int] = set()
        for _, k, m in scored:
            if k not in used_k and m not in used_m:
                used_k.add(k)
                used_m.add(m)
                pairs.append((removed[k], added[m]))
    return pairs


def _model_only_change(old: Flag, new: Flag, old_doc: Document, new_doc: Document) -> bool:
    """Whether a severity change is the learned model's alone: one version's flag was lowered to
    information by the model, and the sentences holding the rule's evidence say the same words in
    both. The model reads the clause's other sentences too, so an exception added elsewhere
    ("By using any Amazon Service, you agree …", unchanged) read "Softens the acceptance-by-use
    provision (caution → info)"."""
    if MODEL_FAIR_READING not in old.reason and MODEL_FAIR_READING not in new.reason:
        return False
    said = words_key(_evidence_sentences(old, old_doc))
    return bool(said) and said == words_key(_evidence_sentences(new, new_doc))


def _kept_elsewhere(gone: Flag, old_doc: Document, new_flags: Sequence[Flag], new_doc: Document) -> bool:
    """Whether a protection that went from its clause is still given in another: a flag of its
    category in the new version about the same subject. Hiding a profile from named hospitals is not
    "still found elsewhere" because the new version keeps a marketing opt-out."""
    words = words_key(_evidence_sentences(gone, old_doc)).split()
    return any(_same_subject(words, words_key(_evidence_sentences(flag, new_doc)).split())
               for flag in new_flags if flag.category == gone.category)


def _evidence_sentences(flag: Flag | None, document: Document) -> str:
    """The sentences of the flag's clause that hold its evidence."""
    if flag is None or not flag.evidence or not document.has_clause(flag.clause_id):
        return ""
    clause = document.clause(flag.clause_id)
    text = document.text
    return " ".join(text[a:b] for a, b in sentence_spans(text, clause.start, clause.end)
                    if any(a < end and start < b for start, end in flag.evidence))


#: A flag that comes or goes with a sentence the other version still says word for word, in a
#: clause flagged alike, is no change when the sentence has this many words at least
_STILL_SAID_MIN_WORDS = 5


def _still_said(raw: _Raw, other: DocumentWords, other_flags: dict[str, list[Flag]]) -> bool:
    """Whether the other version says the sentences of a flag that appears or disappears word for
    word, in clauses one of which has a flag of its category and severity: a list folded into a
    paragraph (or a paragraph cut into a list) read "Removes the data-collection provision in item
    2", "… item 3", "… item 4", though every item's words stand in the paragraph, flagged alike."""
    flag = raw.old_flag if raw.kind is DeltaKind.DISAPPEARS else raw.new_flag
    if flag is None or len(bare_words(raw.said)) < _STILL_SAID_MIN_WORDS:
        return False
    return any(f.category == flag.category and f.severity is flag.severity
               for ids in other.clauses_saying(raw.said) for i in ids for f in other_flags.get(i, ()))


def _named(raws: Sequence[_Raw], old_doc: Document,
           new_doc: Document) -> tuple[dict[str, str], dict[str, str]]:
    """The names of the clauses the headlines place deltas in, in the old and the new version: a
    disappearance is placed in the old version, anything else in the new one (a move: both)."""
    gone = [i for raw in raws if raw.kind is DeltaKind.DISAPPEARS for i in raw.entry.old_ids]
    came = [j for raw in raws if raw.kind is not DeltaKind.DISAPPEARS for j in raw.entry.new_ids]
    return clause_names(old_doc, gone), clause_names(new_doc, came)


#: characters deleted and inserted, at least, for a concern's clause to be reworded (X's content
#: licence gained "input, create, generate": 83; Google's "Google" / "Google services" edits: 7-25)
REWORDED_MIN_CHARS = 30


def _reworded_concerns(entry: Entry, position: int, before: dict[str, Flag], after: dict[str, Flag],
                       new_doc: Document, old_bodies: Callable[[], dict[str, str]],
                       new_bodies: Callable[[], dict[str, str]]) -> list[_Raw]:
    """A concern in both versions of a clause whose words changed: no flag changed, yet the wording
    may have widened what the reader was warned of (X's terms of January 2026 extended the courts
    clause to "pending and future disputes" and the content licence to AI prompts, and the report
    said nothing of either). Cautions are left out: a rewritten policy has dozens; so are edits
    of a word or two (:data:`REWORDED_MIN_CHARS`: a product renamed, a link's words) — unless
    a sum or a period changed (a liability cap cut from $500 to $50, data kept ten years instead of
    two), which is said for a caution too."""
    if entry.diff is None:
        return []
    figures = figure_change([old_bodies()[i] for i in entry.old_ids],
                            [new_bodies()[j] for j in entry.new_ids])
    if figures is None and entry.diff.deleted_chars + entry.diff.inserted_chars < REWORDED_MIN_CHARS:
        return []
    kept = (Severity.CONCERN, Severity.CAUTION) if figures is not None else (Severity.CONCERN,)
    both = {category: flag for category, flag in sorted(after.items())
            if category in before and before[category].severity is flag.severity}
    # a figure is told once, by the provision it is known to move for or against the reader (data kept
    # seven years instead of two, information though retention is): not also as a reworded sensitive-data
    # caution of the same clause
    deadline = figures is not None and any(_DELETION_DEADLINE.search(new_bodies()[j]) for j in entry.new_ids)
    window = not deadline and any(_READERS_WINDOW.search(new_bodies()[j]) for j in entry.new_ids)
    directed = [c for c in both if figures is not None and (
        (c in _WORSE_WHEN_LOWERED and both[c].severity is not Severity.PROTECTIVE and _reads(c, figures))
        or (window and c in _READERS_RIGHTS) or (deadline and c == _DELETION_RIGHT))]
    chosen = directed or [c for c, flag in both.items() if flag.severity in kept]
    if figures is not None and not directed and chosen:
        # one headline for one changed figure: not "No longer states '30 days'" once for the change
        # provision and again for the acceptance-by-use one of the same clause
        chosen = [min(chosen, key=lambda c: both[c].severity.rank)]
    endless = figures is not None and not figures.added and any(
        _ENDLESS.search(new_bodies()[j]) for j in entry.new_ids) and not any(
        _ENDLESS.search(old_bodies()[i]) for i in entry.old_ids)
    raws = [_Raw(DeltaKind.REWORDED, category, before[category], both[category], entry, position, False,
                 _quote(both[category], new_doc), (), "", figures=figures, window=window, deadline=deadline,
                 endless=endless)
            for category in chosen]
    # information is told only where its figure moved one way or the other
    return [raw for raw in raws if raw.new_flag.severity is not Severity.INFO or _figures_effect(raw)]


#: which way a figure moves against the reader, by category: a lower liability cap (a sum, or the fees of
#: fewer months: "the fees paid for the one (1) month before the claim"), a longer time kept, aggregates
#: of fewer people. Each figure reader says whether it counts only where one figure changed on each side:
#: a cap in months beside a shorter time to sue has no one direction.
_WORSE_WHEN_LOWERED = {"terms.limitation-of-liability": (((money, False), (days, True)), True),
                       "data.retention": (((days, False),), False), "terms.changes": (((days, False),), True),
                       # data called anonymous, reported on smaller groups
                       "data.anonymization": (((people, False),), True),
                       "terms.unilateral-termination": (((days, False),), True),
                       # data handed to more organisations ("up to three Matched Clinics" made ten)
                       "data.third-party-sharing": (((recipients, False),), False),
                       "data.sale": (((recipients, False),), False)}


def _reads(category: str, figures: FigureChange) -> bool:
    """Whether the category's figure readers read one of the changed figures: a period kept dropped is
    retention's to tell, not the anonymity claim's beside it, which counts people."""
    readers, _ = _WORSE_WHEN_LOWERED[category]
    changed = figures.removed + figures.added
    return any(value(figure) is not None for value, _ in readers for figure in changed)


#: ... and where a period dropped altogether is the shortest of all: notice of changes ("we will give at
#: least 30 days' notice" gone, and "we will not send separate notice" in its place)
_NONE_IS_LOWEST = frozenset({"terms.changes", "terms.unilateral-termination"})


#: the reader's own time to act, which a period may bound instead of the company's keeping
#: (not a participle naming the data: "Clients may retain Transcripts downloaded from the Portal for …")
_READERS_WINDOW = re.compile(r"\b(?:export(?!ed\b)\w*|download(?!ed\b)\w*|retriev(?!ed\b)\w*|obtain a copy"
                             r"|request a copy|appeal\w*"
                             r"|object(?:s|ing)? to)\b"
                             # ("Within 30 days after your Report is delivered, you may delete any Study")
                             r"|\byou\s+(?:may|can)\s+(?:\w+\s+){0,2}delete\b", re.IGNORECASE)


#: a deletion the company promises within a period ("We will delete the material … within 30 days of your
#: request"): the period is its deadline, not the reader's window, though the clause lets the reader download
_DELETION_DEADLINE = re.compile(r"\b(?:delete|erase|remove|destroy|purge)\w*\b[^.;]{0,160}?\bwithin\b",
                                re.IGNORECASE)
_DELETION_RIGHT = "rights.access-deletion"
_RETENTION = "data.retention"
#: keeping with no end: "for as long as needed", "indefinitely", "with no fixed end"
_ENDLESS = re.compile(
    r"\bas\s+long\s+as\s+(?:\w+\s+){0,3}?(?:needed|necessary|required|useful|we\s+(?:need|wish|see\s+fit))\b"
    r"|\bindefinitely\b|\bfor\s*ever\b|\bwith\s+no\s+(?:fixed\s+)?(?:end|limit)\b", re.IGNORECASE)

#: rights the reader exercises within a period: a shorter one is worse ("For 7 days after this
#: Agreement ends, you may export your appointment history", where it was 30)
_READERS_RIGHTS = frozenset({"rights.access-deletion", "rights.choice"})


def _figures_effect(raw: _Raw) -> str:
    """"worse" or "better" where the figures of a reworded provision moved against or for the
    reader; "" where they did not or no direction is known for its category. A period that bounds
    a window the reader acts in counts for the reader's rights only (a shorter window to export is
    worse), not for the company's keeping; one that bounds a deletion the reader asked for is the
    company's deadline (a longer one is worse)."""
    if raw.figures is None:
        return ""
    if raw.endless and raw.category == _RETENTION:
        return "worse"
    if raw.deadline and raw.category == _DELETION_RIGHT:
        went_down = lowered(raw.figures, days)
        return "" if went_down is None else "better" if went_down else "worse"
    if raw.window:
        if raw.category not in _READERS_RIGHTS:
            return ""
        went_down = lowered(raw.figures, days)
        return "" if went_down is None else "worse" if went_down else "better"
    if raw.category not in _WORSE_WHEN_LOWERED:
        return ""
    readers, worse_if_lowered = _WORSE_WHEN_LOWERED[raw.category]
    single = len(raw.figures.removed) == 1 and len(raw.figures.added) == 1
    moved = (lowered(raw.figures, value) for value, only_single in readers if single or not only_single)
    went_down = next((change for change in moved if change is not None), None)
    if went_down is None and raw.category in _NONE_IS_LOWEST and not raw.figures.added:
        went_down = any(readers[0][0](figure) for figure in raw.figures.removed) or None
    # ... or the longest: a period data was kept for that no period replaces ("for 12 months" now "until the
    # child turns eighteen") leaves the keeping without a stated end
    if went_down is None and raw.category == _RETENTION and not raw.figures.added \
            and any(days(figure) is not None for figure in raw.figures.removed):
        went_down = False
    if went_down is None:
        return ""
    return "worse" if went_down is worse_if_lowered else "better"


#: the severities whose provisions widen when they reach more parties: a promise not to sell to more
#: parties is no worse, and an information flag is no concern
_WIDENING = (Severity.CONCERN, Severity.CAUTION)


def _widened(entry: Entry, position: int, old_flags: Sequence[Flag], new_flags: Sequence[Flag],
             before: dict[str, Flag], after: dict[str, Flag], reworded: list[_Raw],
             old_doc: Document, new_doc: Document, old_listed: Callable[[], _Listed]) -> list[_Raw]:
    """A concern or caution of one severity in both versions of an entry, whose flags now name
    parties they did not: "clients" defined anew as including "hospital groups and other employers
    of physicians" widens every provision letting clients read posts, the clauses saying so
    unchanged. Where no party was added, a provision handing data on that now names data it did not
    (insurers given "the patient's age band and five-digit ZIP code" beside each comment) is widened
    too. Takes the entry's ``reworded`` delta of the same category into its own."""
    found: list[_Raw] = []
    old_text: str | None = None
    for category, flag in sorted(after.items()):
        old = before.get(category)
        if old is None or old.severity is not flag.severity or flag.severity not in _WIDENING:
            continue
        if old_text is None:
            clauses = [old_doc.clause(i) for i in entry.old_ids]
            # a lead-in's parties are its items': what they said counts as said
            old_text = " ".join([old_doc.text[c.start:c.end] for c in clauses]
                                + [said for c in clauses for said in old_listed().within(c.start, c.end)])
        added = added_parties((p for f in old_flags if f.category == category for p in f.parties),
                              (p for f in new_flags if f.category == category for p in f.parties),
                              old_text)
        what = "parties"
        if not added and category in _DATA_WIDENS:
            # (data named only now, by the same test: a word neither the old data nor the old words had)
            added = tuple(item for item in added_parties(
                (d for f in old_flags if f.category == category for d in f.data),
                (d for f in new_flags if f.category == category for d in f.data), old_text, from_nothing=True)
                if not _ANY_DATA.fullmatch(item))
            what = "data"
        if not added:
            continue
        was_reworded = any(raw.category == category for raw in reworded)
        reworded[:] = [raw for raw in reworded if raw.category != category]
        found.append(_Raw(DeltaKind.WIDENED, category, old, flag, entry, position, False,
                          _quote(flag, new_doc), (), "", added, was_reworded, what=what))
    return found


#: data named in general, which tells no more than "information" did ("personal data" where it said
#: "information about you")
_ANY_DATA = re.compile(r"(?:your |the )?(?:personal |other |such )?(?:information|data|details|content)"
                       r"(?: about you)?", re.IGNORECASE)
#: provisions handing data on or letting others read it, which widen when they name more data
#: (and data called anonymous that now keeps what identifies: "your first name and the month of your visit")
_DATA_WIDENS = frozenset({"data.client-access", "data.sale", "data.third-party-sharing",
                          "data.international-transfer", "data.anonymization"})


def _titled_rules_joined(entry: Entry, position: int, before: dict[str, Flag], after: dict[str, Flag],
                         old_by_clause: dict[str, list[Flag]], new_by_clause: dict[str, list[Flag]],
                         titles: Mapping[str, str], new_doc: Document) -> list[_Raw]:
    """A rule with a title of its own that joins a concern or caution of the same category and
    severity: a licence over posts that now also takes the member's ideas read "Rewords the broad
    licence …: read what it says now", the ideas unnamed. The rule is news of its own, as where it
    came alone. A fair variant is not (a liability cap that now keeps liability for fraud and injury
    is the cap reworded, not a second limitation added)."""
    found: list[_Raw] = []
    for category, flag in sorted(after.items()):
        old = before.get(category)
        if old is None or old.severity is not flag.severity or flag.severity not in _WIDENING:
            continue
        had = {r for i in entry.old_ids for f in old_by_clause.get(i, ()) if f.category == category
               for r in (f.rules or (f.rule,))}
        joined = [f for j in entry.new_ids for f in new_by_clause.get(j, ()) if f.category == category]
        for new_flag in joined:
            for rule in new_flag.rules or (new_flag.rule,):
                if f"rule:{rule}" not in titles or f"fair:{rule}" in titles or rule in had:
                    continue
                had.add(rule)
                shown = dataclasses.replace(new_flag, rule=rule)
                said = _evidence_sentences(shown, new_doc)
                found.append(_Raw(DeltaKind.APPEARS, category, None, shown, entry, position, False,
                                  _quote(shown, new_doc), tuple(words_key(said).split()), said))
    return found


#: which of the provisions widened together a headline names: who reads or gets the data first
_WIDENED_LEAD = ("data.client-access", "data.sale", "data.third-party-sharing", "data.content-license",
                 "data.monitoring")
#: clauses a headline of provisions widened together names; the rest are counted
_CLAUSES_NAMED = 6


def _definition_of(document: Document, party: str) -> tuple[str, str, str] | None:
    """(the term as written, the id of the clause that lists ``party`` among its members, the
    definition's words) for the definition of ``document`` that lists it; None if none does."""
    for definition in definitions(document.text).values():
        if party not in definition.members:
            continue
        for start, end in definition.spans:
            at = document.text.find(party, start, end)
            clause = document.clause_at(at if at >= 0 else start)
            if clause is not None:
                said = cut_quote(" ".join(document.text[start:end].split()), QUOTE_LIMIT)
                return definition.term, clause.id, said
    return None


#: characters of a definition a widened delta quotes
QUOTE_LIMIT = 240


def _lead(raw: _Raw) -> tuple[int, int, int]:
    """Which provision widened leads a headline: the most severe, then who reads or gets the data."""
    kind = _WIDENED_LEAD.index(raw.category) if raw.category in _WIDENED_LEAD else len(_WIDENED_LEAD)
    return (raw.new_flag.severity.rank if raw.new_flag else 9, kind, raw.position)


def _widened_delta(group: list[_Raw], document: Document, names: dict[str, str],
                   titles: Mapping[str, str]) -> FlagDelta:
    """One delta for the provisions that now name the same new parties. Where a definition lists
    them ("Our Clients include … hospital groups and other employers of physicians"), the headline
    starts from it and quotes it: it reaches every clause that says "Clients", none of which need
    have changed, and a line for each of a dozen buried the rest of the report."""
    first = min(group, key=_lead)
    by_position = sorted(group, key=lambda raw: raw.position)
    new_ids = tuple(dict.fromkeys(j for raw in by_position for j in raw.entry.new_ids))
    old_ids = tuple(dict.fromkeys(i for raw in by_position for i in raw.entry.old_ids))
    shown = [names[j] for j in new_ids[:_CLAUSES_NAMED]]
    if len(new_ids) > _CLAUSES_NAMED:
        shown.append(f"{len(new_ids) - _CLAUSES_NAMED} more clauses")
    where, phrase, parties = join_words(shown), _phrase(first.category, titles), _parties_named(first.added)
    reworded, several = any(raw.reworded for raw in group), len(group) > 1
    data = first.what == "data"
    defined = None if data else _definition_of(document, first.added[0])
    quote = first.quote
    if data:
        # (a defined term without its definition: "Session Records", not "Session Records (the exercises …)")
        named = join_words([f"‘{item.split(' (')[0]}’" for item in first.added])
        headline = (f"Widens {len(group)} provisions in {where}, the {phrase} among them: the data they "
                    f"cover now also include {named}" if several
                    else f"Widens the {phrase} in {where}: the data it covers now also include {named}")
        if first.category in SAFEGUARD_CLAIMS:
            headline += ": what it called anonymous may now identify you"
    elif defined is not None:
        term, clause_id, quote = defined
        defining = clause_names(document, [clause_id])[clause_id]
        if several:
            headline = (f"{defining} now counts {parties} among {term}: {len(group)} provisions that name "
                        f"{term} reach them, in {where}, the {phrase} among them")
        else:
            headline = (f"{defining} now counts {parties} among {term}, so the {phrase} in {where} "
                        "reaches them too")
        new_ids = tuple(dict.fromkeys((clause_id, *new_ids)))
    elif several:
        headline = (f"Widens {len(group)} provisions in {where}, the {phrase} among them: the parties they "
                    f"cover now also include {parties}")
    else:
        headline = f"Widens the {phrase} in {where}: the parties it covers now also include {parties}"
    if reworded:
        said = _words_added(group, document, names, defined[1] if defined is not None else None)
        if said:   # the new words named: "§7.2 now also says “export and keep”" is the news itself
            headline += f"; {said}: read {'them' if ';' in said else 'it'} again"
        else:
            headline += ("; some of their words changed too: read them again" if several
                         else "; its words changed too: read what it says now")
    severity = first.new_flag.severity if first.new_flag else None
    categories = tuple(dict.fromkeys(raw.category for raw in sorted(group, key=_lead))) if several else ()
    return FlagDelta(DeltaKind.WIDENED, first.category, severity, severity, old_ids, new_ids, headline, False,
                     quote, () if data else first.added, categories, added_data=first.added if data else ())


#: reworded clauses, and words added to each, a widened headline quotes; characters of each
_REWORDED_NAMED, _ADDITIONS_QUOTED, _ADDITION_CHARS = 2, 3, 60


def _words_added(group: list[_Raw], document: Document, names: dict[str, str], definition: str | None) -> str:
    """What the reworded clauses of a widened group now also say, quoted ("§7.2 now also says
    “export and keep” and “and in private groups”"); "" where their words only went, or where a
    clause was rewritten more widely than a few insertions. The definition, quoted by the headline
    already, is left out."""
    parts = []
    by_position = sorted(group, key=lambda raw: raw.position)
    entries = {id(raw.entry): raw.entry for raw in by_position if raw.reworded}
    for entry in entries.values():   # (one clause may lead several provisions of the group)
        diff = entry.diff
        if diff is None:
            continue
        added = [" ".join(document.clause(s.clause_id).text[s.start:s.end].split()).strip(" ,;:.")
                 for s in diff.inserted if s.clause_id != definition and document.has_clause(s.clause_id)]
        added = [cut_quote(a, _ADDITION_CHARS) for a in dict.fromkeys(added) if a]
        where = [names.get(i) or i for i in entry.new_ids if i != definition]
        if not added or not where:
            continue
        if len(added) > _ADDITIONS_QUOTED:   # rewritten more widely: fragments would not read
            return ""
        parts.append(f"{where[0]} now also says {join_words([f'“{a}”' for a in added])}")
    if len(parts) > _REWORDED_NAMED:
        parts = [*parts[:_REWORDED_NAMED], f"{len(parts) - _REWORDED_NAMED} more changed"]
    return "; ".join(parts)


def flag_deltas(entries: Sequence[Entry], old_doc: Document, new_doc: Document,
                old_flags: Sequence[Flag], new_flags: Sequence[Flag],
                titles: Mapping[str, str] | None = None) -> tuple[FlagDelta, ...]:
    """Deltas for every entry, most important first; ``titles``: category titles of the packs
    that flagged them, for categories this module has no phrase for, and rules' own titles
    (``rule:<id>``, see :func:`~terms.compare.engine.category_titles`)."""
    titles = titles or {}
    old_by_clause: dict[str, list[Flag]] = {}
    new_by_clause: dict[str, list[Flag]] = {}
    for flag in old_flags:
        old_by_clause.setdefault(flag.clause_id, []).append(flag)
    for flag in new_flags:
        new_by_clause.setdefault(flag.clause_id, []).append(flag)
    old_anywhere = {f.category for f in old_flags}
    new_anywhere = {f.category for f in new_flags}
    # a rule with a title of its own is its own kind: AI training appearing where research was
    # already flagged read "Adds another research-use provision (“Used to train AI models”)"
    old_rules = {r for f in old_flags for r in (f.rules or (f.rule,))}
    new_rules = {r for f in new_flags for r in (f.rules or (f.rule,))}
    # computed only when a clause with the same words is flagged differently
    old_leads, new_leads = cache(lambda: lead_ins(old_doc)), cache(lambda: lead_ins(new_doc))
    old_bodies, new_bodies = cache(lambda: _bodies(old_doc)), cache(lambda: _bodies(new_doc))
    old_listed = cache(lambda: _Listed(old_doc))
    raws: list[_Raw] = []
    for position, entry in enumerate(entries):
        before = _worst(f for i in entry.old_ids for f in old_by_clause.get(i, ()))
        after = _worst(f for i in entry.new_ids for f in new_by_clause.get(i, ()))
        reworded = _reworded_concerns(entry, position, before, after, new_doc, old_bodies, new_bodies)
        raws += _widened(entry, position, [f for i in entry.old_ids for f in old_by_clause.get(i, ())],
                         [f for j in entry.new_ids for f in new_by_clause.get(j, ())],
                         before, after, reworded, old_doc, new_doc, old_listed)
        raws += reworded
        raws += _titled_rules_joined(entry, position, before, after, old_by_clause, new_by_clause, titles,
                                     new_doc)
        if {c: f.severity for c, f in before.items()} == {c: f.severity for c, f in after.items()}:
            continue
        if _same_words(entry, old_bodies, new_bodies) and (
                {old_leads().get(i) for i in entry.old_ids} - {None}
                == {new_leads().get(j) for j in entry.new_ids} - {None}):
            continue  # same words in the same context: whatever the flagger made of them, nothing changed
        for category in sorted(before.keys() | after.keys()):
            old_flag, new_flag = before.get(category), after.get(category)
            if (old_flag.severity if old_flag else None) == (new_flag.severity if new_flag else None):
                continue
            if old_flag is None:
                kind, elsewhere = DeltaKind.APPEARS, category in old_anywhere
                if f"rule:{new_flag.rule}" in titles:
                    elsewhere = new_flag.rule in old_rules
            elif new_flag is None:
                kind, elsewhere = DeltaKind.DISAPPEARS, category in new_anywhere
                if f"rule:{old_flag.rule}" in titles:
                    elsewhere = old_flag.rule in new_rules
                elif elsewhere and old_flag.severity is Severity.PROTECTIVE:
                    elsewhere = _kept_elsewhere(old_flag, old_doc, new_flags, new_doc)
            else:
                kind, elsewhere = DeltaKind.SEVERITY, False
                if _model_only_change(old_flag, new_flag, old_doc, new_doc):
                    continue
            shown, document = (new_flag, new_doc) if new_flag is not None else (old_flag, old_doc)
            said = _evidence_sentences(shown, document)
            raws.append(_Raw(kind, category, old_flag, new_flag, entry, position, elsewhere,
                             _quote(shown, document), tuple(words_key(said).split()), said))
    raws = _without_ways_out_of_what_went(raws, old_doc, old_flags, new_flags)
    raws = _without_opt_outs_replacing_opt_ins(raws, old_doc, new_doc)
    moves = _moves(raws)
    paired = {id(raw) for pair in moves for raw in pair}
    reworded_moves = _moves([raw for raw in raws if id(raw) not in paired and raw.elsewhere],
                            REWORDED_MOVE_SIMILARITY, _same_subject)
    paired |= {id(raw) for pair in reworded_moves for raw in pair}
    other_version = {DeltaKind.DISAPPEARS: (DocumentWords(new_doc), new_by_clause),
                     DeltaKind.APPEARS: (DocumentWords(old_doc), old_by_clause)}
    raws = [raw for raw in raws if id(raw) in paired or raw.kind not in other_version
            or not _still_said(raw, *other_version[raw.kind])]
    old_names, new_names = _named(raws, old_doc, new_doc)
    ranked: list[tuple[tuple[int, bool, int, int], FlagDelta]] = []
    all_moves = [(pair, False) for pair in moves] + [(pair, True) for pair in reworded_moves]
    for (gone, came), reworded in all_moves:
        severity = came.new_flag.severity if came.new_flag else None
        phrase = _phrase(gone.category, titles)
        before, after = _where(gone.entry.old_ids, old_names), _where(came.entry.new_ids, new_names)
        kind = DeltaKind.MOVED
        if before == after:
            # the same place by name ("from paragraph 1 of “Data retention” to paragraph 1 of “Data
            # retention”" read as no move at all): rewritten where it stood, worth a line unless it
            # only informs
            if severity is Severity.INFO:
                continue
            # (``reworded`` is "a concern before and after: read it again"; a caution or a protection
            # rewritten in place is listed with the moves)
            kind = DeltaKind.REWORDED if severity is Severity.CONCERN else DeltaKind.MOVED
            headline = f"Rewords the {phrase} in {after}: read what it says now"
        else:
            headline = (f"Moves {'and rewords ' if reworded else ''}the {phrase} from {before} to {after}"
                        + (": read what it says now" if reworded else ""))
        delta = FlagDelta(kind, gone.category, severity, severity, gone.entry.old_ids,
                          came.entry.new_ids, headline, False, came.quote)
        ranked.append(((3, False, _KIND_ORDER[kind], came.position), delta))
    widenings: dict[tuple[str, ...], list[_Raw]] = {}
    for raw in raws:
        if raw.kind is DeltaKind.WIDENED:
            widenings.setdefault((raw.what, *raw.added), []).append(raw)
    for group in widenings.values():
        paired.update(id(raw) for raw in group)
        delta = _widened_delta(group, new_doc, new_names, titles)
        ranked.append(((_harm(DeltaKind.WIDENED, None, delta.new_severity), False,
                        _KIND_ORDER[DeltaKind.WIDENED], min(raw.position for raw in group)), delta))
    for raw in raws:
        if id(raw) in paired:
            continue
        old_sev = raw.old_flag.severity if raw.old_flag else None
        new_sev = raw.new_flag.severity if raw.new_flag else None
        where = _flag_where(raw, old_names, new_names)
        delta = FlagDelta(raw.kind, raw.category, old_sev, new_sev, raw.entry.old_ids, raw.entry.new_ids,
                          _headline(raw.kind, raw.category, _named_phrase(raw, titles), old_sev, new_sev,
                                    where, raw.elsewhere, raw.figures),
                          raw.elsewhere, raw.quote, figures_effect=_figures_effect(raw),
                          still_used=raw.kind is not DeltaKind.DISAPPEARS or any(
                              f.category in _USES for j in raw.entry.new_ids
                              for f in new_by_clause.get(j, ())))
        if raw.endless and delta.figures_effect == "worse":
            delta = dataclasses.replace(delta, headline=delta.headline.replace(
                "read what it says now", "data that had an end date may now be kept without one"))
        if raw.category in SAFEGUARD_CLAIMS and delta.effect == "worse":
            delta = dataclasses.replace(delta, headline=f"{delta.headline}: what it called anonymous may now "
                                                        f"identify you")
        ranked.append(((_rank(delta, raw), raw.elsewhere, _KIND_ORDER[raw.kind], raw.position), delta))
    ranked.sort(key=lambda item: item[0])
    return tuple(delta for _, delta in ranked)

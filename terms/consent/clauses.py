"""Which clauses bear on which consent topic, and what changed between two versions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

from rapidfuzz.distance import Indel

from terms.compare.clausetext import ClauseText, word_spans
from terms.compare.model import Span
from terms.compare.worddiff import word_diff
from terms.consent.model import ClauseChange, ClauseRef, quotes_a_clause
from terms.flagging.definitions import defined_term, definitions
from terms.model import Clause, ClauseKind, Document, Flag
from terms.rulepacks.schema import RulePack
from terms.topics import Topic


def topic_clauses(
    document: Document, flags: Iterable[Flag], topics: Iterable[Topic],
    links: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, tuple[ClauseRef, ...]]:
    """Per topic id, the flagged clauses bearing on it, in document order, each once.

    A flag bears on a topic when the topic covers it (:meth:`Topic.covers`: its category, or a
    rule of the topic's found it), or ``links`` (category id -> topic ids: see
    :func:`own_topic_links`) links its category to the topic. Topics no flag bears on are left out.
    """
    topics = tuple(topics)
    known = {topic.id for topic in topics}
    linked = {category: [tid for tid in ids if tid in known] for category, ids in (links or {}).items()}
    chosen: dict[str, set[str]] = {}
    defining: dict[str, tuple[str, ...]] | None = None
    for flag in flags:
        covering = [t.id for t in topics if t.covers(flag)]
        for tid in dict.fromkeys([*covering, *linked.get(flag.category, ())]):
            if document.has_clause(flag.clause_id):
                chosen.setdefault(tid, set()).add(flag.clause_id)
                for party in flag.parties:
                    if " such as " not in party:   # a defined term the flag names lists its members
                        continue
                    if defining is None:
                        defining = _defining_clauses(document)
                    if (term := defined_term(party, defining)) is not None:
                        chosen[tid].update(defining[term])
    result: dict[str, tuple[ClauseRef, ...]] = {}
    for tid in sorted(chosen):
        refs = [document.clause(cid) for cid in chosen[tid]]
        refs.sort(key=lambda c: (c.start, c.end))
        result[tid] = tuple(ClauseRef(c.id, c.fingerprint, c.text) for c in refs)
    return result


def _defining_clauses(document: Document) -> dict[str, tuple[str, ...]]:
    """Per defined party term (case-folded), the clauses whose words list who it stands for: "Our
    Clients include …" bears on every topic a flag naming "Clients" bears on, since adding
    "employers of physicians" there lets them read posts no clause of which changed a word. A list
    set out as items is each of its items' clauses as well as its lead-in's; a term defined twice,
    both definitions'."""
    found: dict[str, tuple[str, ...]] = {}
    for term, definition in definitions(document.text).items():
        ids: list[str] = []
        for start, end in definition.spans:
            over = [c for c in document.clauses if c.start < end and start < c.end]
            # the innermost: not a section holding the definition's paragraph
            ids += [c.id for c in over if not any(d is not c and c.start <= d.start and d.end <= c.end
                                                  and d.depth > c.depth for d in over)]
        found[term] = tuple(dict.fromkeys(ids))
    return found


def own_topic_links(pack: RulePack) -> dict[str, tuple[str, ...]]:
    """The consent topics the categories of a user's own packs name (``topics:`` in the pack).

    Only categories the bundled default pack does not define: consent to its categories follows
    ``topics.yaml``, as it always has, so that the clauses stored for a topic do not change under
    consents already given (which would ask for a review the terms did not cause).
    """
    from terms.rulepacks import default_pack

    bundled = default_pack().categories
    return {cid: c.topics for cid, c in pack.categories.items() if c.topics and cid not in bundled}


#: words two clauses share, at least, for a clause renumbered and edited at once to pair up as
#: ``changed`` (the share ``clearterms compare`` asks of two clauses each other's best match)
RENUMBERED_SIMILARITY = 0.6


class DefinitionStood:
    """Whether a clause that bears on a topic in a new version, and did not in the version a
    consent was given on, is a definition of a party (:func:`_defining_clauses`) that the consented
    version holds as a clause word for word. Such a clause is no change of the terms: ClearTerms
    before 0.3 did not count definitions among a topic's clauses, and every consent recorded then
    would otherwise be asked again at the next version."""

    def __init__(self, consented_text: str, new_text: str) -> None:
        self.consented_text = consented_text
        self.new_text = new_text
        self._spans: list[tuple[int, int]] | None = None
        self._paragraphs: list[tuple[str, list[str]]] | None = None
        self._earlier: dict[str, str | None] = {}

    def earlier(self, ref: ClauseRef) -> str | None:
        """What the consented version said in the place of ``ref``, a clause that only now bears on
        the topic: ``ref``'s own quote where it holds the clause word for word, else its most
        similar paragraph sharing :data:`RENUMBERED_SIMILARITY` of the words; None for a clause new to
        the document. (A consent given when no clause bore on AI training saw §7.1 of the physician
        sample come to bear on it, changed: that is not a clause "added".)"""
        if ref.quote not in self._earlier:   # (one terms change asks it for every member's consent)
            self._earlier[ref.quote] = self._find_earlier(ref)
        return self._earlier[ref.quote]

    def _find_earlier(self, ref: ClauseRef) -> str | None:
        if quotes_a_clause(ref.quote, self.consented_text):
            return ref.quote
        if self._paragraphs is None:   # (a clause of a hard-wrapped text runs over several lines)
            self._paragraphs = [(" ".join(p.split()), p.lower().split())
                                for p in _BLANK_LINE.split(self.consented_text) if p.strip()]
        words = ref.quote.lower().split()
        best, score = None, RENUMBERED_SIMILARITY
        for paragraph, paragraph_words in self._paragraphs:
            similarity = Indel.normalized_similarity(words, paragraph_words, score_cutoff=score)
            if similarity >= score:
                best, score = paragraph, similarity
        return best

    def __call__(self, ref: ClauseRef) -> bool:
        if not quotes_a_clause(ref.quote, self.consented_text):
            return False
        if self._spans is None:
            self._spans = [span for d in definitions(self.new_text).values() for span in d.spans]
        at = self.new_text.find(ref.quote)
        while at >= 0:
            if any(a < at + len(ref.quote) and at < b for a, b in self._spans):
                return True
            at = self.new_text.find(ref.quote, at + 1)
        return False


def clause_changes(old: tuple[ClauseRef, ...], new: tuple[ClauseRef, ...],
                   stood: DefinitionStood | None = None) -> tuple[ClauseChange, ...]:
    """How the clauses bearing on a topic differ between two versions.

    A clause whose fingerprint appears on both sides is unchanged (even if it was
    renumbered). The others pair up by clause id as ``changed``; of the rest, an old and a
    new clause that are each other's most similar and share :data:`RENUMBERED_SIMILARITY` of
    their words are one clause renumbered and edited (``changed``, with ``old_clause_id``), so
    the member sees the words that changed rather than a whole clause removed and another
    added. What remains is ``removed`` (old side) or ``added`` (new side). Empty when nothing
    changed.

    ``stood``: tells a clause added that is no change of the terms (:class:`DefinitionStood`), and
    one that the consented version held, the same (``now bears on it``) or changed (``changed and
    now bears on it``, with the consented version's words as the old quote).
    """
    old_fps = {r.fingerprint for r in old}
    new_fps = {r.fingerprint for r in new}
    gone = [r for r in old if r.fingerprint not in new_fps]
    came = [r for r in new if r.fingerprint not in old_fps]
    came_by_id = {r.clause_id: r for r in came}
    pairs: dict[int, ClauseRef] = {}   # index in gone -> its new clause
    for k, ref in enumerate(gone):
        match = came_by_id.pop(ref.clause_id, None)
        if match is not None:
            pairs[k] = match
    pairs.update(_renumbered([r for k, r in enumerate(gone) if k not in pairs], list(came_by_id.values()),
                             [k for k in range(len(gone)) if k not in pairs]))
    changes: list[ClauseChange] = []
    for k, ref in enumerate(gone):
        match = pairs.get(k)
        if match is None:
            changes.append(ClauseChange("removed", ref.clause_id, ref.quote, None))
        else:
            renumbered = ref.clause_id if match.clause_id != ref.clause_id else None
            changes.append(ClauseChange("changed", match.clause_id, ref.quote, match.quote, renumbered))
    paired = {id(match) for match in pairs.values()}
    for ref in came:
        if id(ref) in paired or (stood is not None and stood(ref)):
            continue
        before = stood.earlier(ref) if stood is not None else None
        if before is None:
            changes.append(ClauseChange("added", ref.clause_id, None, ref.quote))
        elif before == ref.quote:
            changes.append(ClauseChange(NOW_BEARS, ref.clause_id, None, ref.quote))
        else:
            changes.append(ClauseChange(f"changed and {NOW_BEARS}", ref.clause_id, before, ref.quote))
    return tuple(changes)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")

#: how a clause the consented version held, which only now bears on the topic, is named
NOW_BEARS = "now bears on it"


def _renumbered(gone: list[ClauseRef], came: list[ClauseRef], keys: list[int]) -> dict[int, ClauseRef]:
    """Old and new clauses left unpaired that are each other's most similar, sharing at least
    :data:`RENUMBERED_SIMILARITY` of their words; keyed by ``keys`` (the old clauses' indexes)."""
    if not gone or not came:
        return {}
    words_old = [ref.quote.lower().split() for ref in gone]
    words_new = [ref.quote.lower().split() for ref in came]
    score = [[Indel.normalized_similarity(a, b) for b in words_new] for a in words_old]
    found: dict[int, ClauseRef] = {}
    for i, row in enumerate(score):
        j = max(range(len(came)), key=row.__getitem__)
        best_old = max(range(len(gone)), key=lambda k: score[k][j])
        if best_old == i and row[j] >= RENUMBERED_SIMILARITY:
            found[keys[i]] = came[j]
    return found


def describe_changes(changes: Iterable[ClauseChange]) -> str:
    """One line naming the changed clauses, e.g. ``clause 7.3 changed; clause 9.1 removed;
    clause 11.1 → 10.1 changed``."""
    return "; ".join(f"clause {change_name(c)} {c.change}" for c in changes)


def change_name(change: ClauseChange) -> str:
    """The clause's id, or ``old → new`` for a clause renumbered as it changed."""
    return f"{change.old_clause_id} → {change.clause_id}" if change.old_clause_id else change.clause_id


def leading_number(ref: ClauseRef) -> str:
    """The clause's number as its quote begins with it ("7.2", "1."), or "" when it does not.

    Numbered clauses keep their number in their text, so quoting one after its id would say
    it twice ("7.2: 7.2 Clients…"). The id's ``~2`` suffix (a repeated number) is not text.
    """
    number = ref.clause_id.split("~", 1)[0]
    text = ref.quote.lstrip()
    if not number or not text.startswith(number):
        return ""
    rest = text[len(number):]
    if rest[:1].isalnum():           # "1" is not the number of "10. Sponsored content"
        return ""
    return number + "." if rest.startswith(".") else number


def quote_with_id(ref: ClauseRef) -> str:
    """A clause as quoted with its id: the quote alone where it starts with its number
    ("7.2 Clients…"), else ``id: quote``."""
    return ref.quote if leading_number(ref) else f"{ref.clause_id}: {ref.quote}"


_CONTEXT_WORDS = 6


class WordRun(NamedTuple):
    """Consecutive words of a word diff that share a fate: ``same``, ``removed`` or ``added``.

    Unchanged words are given as the new text writes them. An ``…`` word in a ``same`` run
    stands for unchanged words left out.
    """

    kind: Literal["same", "removed", "added"]
    words: tuple[str, ...]


def word_runs(old: str, new: str, context: int = _CONTEXT_WORDS) -> tuple[WordRun, ...]:
    """What changed between two texts, as runs of words in reading order.

    The words are aligned as ``clearterms compare`` aligns them (:func:`terms.compare.worddiff.word_diff`):
    a word that differs only in case or in the punctuation at its edges is the same word, so
    "pixels" followed by "pixels, fingerprinting" is one added word, not a word removed and
    three added. Only when that leaves nothing changed (a clause whose punctuation alone
    changed) are the words whose punctuation changed marked, so the member sees why the
    clause counts as changed. Unchanged runs are cut to ``context`` words next to each change.
    """
    diff = word_diff([_as_clause_text(old)], [_as_clause_text(new)])
    a, a_changed = _words_and_marks(old, diff.deleted)
    b, b_changed = _words_and_marks(new, diff.inserted)
    if not any(a_changed) and not any(b_changed):   # every word kept: mark those written differently
        a_changed = b_changed = [x != y for x, y in zip(a, b, strict=True)]
    runs = _merged_runs(a, a_changed, b, b_changed)
    return tuple(WordRun("same", _around_changes(run.words, context, first=k == 0, last=k == len(runs) - 1))
                 if run.kind == "same" else run for k, run in enumerate(runs))


def word_changes(old: str, new: str, context: int = _CONTEXT_WORDS) -> str:
    """What changed between two texts, word by word: ``[-removed-]`` and ``{+added+}``.

    The words are aligned and cut as :func:`word_runs` does, so a one-word change in a long
    clause stays visible on one line. Whitespace is normalised.
    """
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    return " ".join(marks[run.kind].format(" ".join(run.words)) for run in word_runs(old, new, context))


def _as_clause_text(text: str) -> ClauseText:
    """``text`` as a clause whose whole text is compared, the unit :func:`word_diff` aligns."""
    clause = Clause(id="", kind=ClauseKind.PARAGRAPH, number=None, heading=None, heading_path=(),
                    parent_id=None, depth=0, start=0, end=len(text), text=text, fingerprint="")
    return ClauseText(clause, 0, len(text), "", ())


def _words_and_marks(text: str, changed: tuple[Span, ...]) -> tuple[list[str], list[bool]]:
    """The words of ``text`` and, per word, whether it lies in one of the ``changed`` spans.

    The spans are runs of whole words in text order, as :func:`word_diff` gives them.
    """
    words: list[str] = []
    marks: list[bool] = []
    spans = iter(changed)
    span = next(spans, None)
    for start, end in word_spans(text, 0, len(text)):
        while span is not None and span.end <= start:
            span = next(spans, None)
        words.append(text[start:end])
        marks.append(span is not None and span.start <= start)
    return words, marks


def _merged_runs(a: list[str], a_changed: list[bool], b: list[str], b_changed: list[bool]) -> list[WordRun]:
    """Old words ``a`` and new words ``b`` as one sequence of runs: at each place the removed
    words, then the added ones, then the unchanged words (the kept words of both sides pair up
    in order, and the new side's are shown)."""
    runs: list[WordRun] = []
    i = j = 0
    while i < len(a) or j < len(b):
        i_end, j_end = _run_end(a_changed, i, True), _run_end(b_changed, j, True)
        if i_end > i:
            runs.append(WordRun("removed", tuple(a[i:i_end])))
        if j_end > j:
            runs.append(WordRun("added", tuple(b[j:j_end])))
        kept = min(_run_end(a_changed, i_end, False) - i_end, _run_end(b_changed, j_end, False) - j_end)
        if kept:
            runs.append(WordRun("same", tuple(b[j_end:j_end + kept])))
        i, j = i_end + kept, j_end + kept
    return runs


def _run_end(marks: list[bool], k: int, value: bool) -> int:
    """Where the run of ``value`` marks that starts at ``k`` ends."""
    while k < len(marks) and marks[k] is value:
        k += 1
    return k


def _around_changes(words: tuple[str, ...], context: int, *, first: bool, last: bool) -> tuple[str, ...]:
    """An unchanged run of words, cut down to the ``context`` words next to a change.

    A run is cut only where that leaves out more than two words (an ``…`` for one word saves
    nothing).
    """
    if first and last:
        return words                 # no change at all
    if first and len(words) > context + 2:
        return ("…", *words[-context:])
    if last and len(words) > context + 2:
        return (*words[:context], "…")
    if not first and not last and len(words) > 2 * context + 2:
        return (*words[:context], "…", *words[-context:])
    return words

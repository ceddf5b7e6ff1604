"""Flagging: run a rule pack (and its learned models) over a document's clauses.

One flag per clause and category: every rule that fired for the category in the
clause contributes its evidence and its reason, and the flag takes the worst severity
among them. Flags then learn *who*, *what* and *why* from the sentences holding their
evidence, and which clauses of the same document offer a way out, before the
category's explanation template is filled in.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from terms.flagging.extract import Extracted, extract
from terms.flagging.models import ModelScore, explain, score_clause
from terms.labels import clause_label
from terms.leadins import list_lead_ins
from terms.model import Clause, ClauseKind, Document, DocumentKind, Flag, Severity
from terms.rulepacks import RulePack, default_pack, load_packs
from terms.rulepacks.evaluate import RuleHit, evaluate
from terms.rulepacks.scan import fold
from terms.rulepacks.schema import Group, ModelMode, ModelSpec
from terms.rulepacks.template import parse_template, render
from terms.textnorm import spell_out_ligatures

PackArg = RulePack | Sequence[str | Path] | None
Span = tuple[int, int]

WAY_OUT_CATEGORIES = ("rights.choice", "rights.access-deletion")
MAX_WAY_OUT = 3
MAX_REASONS = 3

_template = lru_cache(maxsize=512)(parse_template)


def resolve_pack(packs: PackArg) -> RulePack:
    """A compiled pack from ``None`` (the default), a :class:`RulePack`, or pack file paths."""
    if packs is None:
        return default_pack()
    if isinstance(packs, RulePack):
        return packs
    return load_packs(packs)


def load_flagging_packs(paths: Sequence[str | Path]) -> RulePack:
    """The packs of ``clearterms flag --rules``: the default pack plus add-on packs (or a base pack alone)."""
    return load_packs(paths)


_YIELD_EVERY = 16  # clauses between GIL hand-overs in flag_document


@dataclass
class _Draft:
    """A flag being assembled for one clause and category."""

    category: str
    severity: Severity
    clause: Clause | None
    rule: str
    evidence: set[Span] = field(default_factory=set)
    sentences: set[Span] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)
    confidence: float = 1.0
    way_out: tuple[str, ...] = ()

    def absorb(
        self, severity: Severity, rule: str, evidence: Sequence[Span], sentence: Span, reason: str
    ) -> None:
        if severity.rank < self.severity.rank:
            self.severity, self.rule = severity, rule
        self.evidence.update(evidence)
        self.sentences.add(sentence)
        if reason not in self.reasons:
            self.reasons.append(reason)


def flag_text(text: str, packs: PackArg = None) -> tuple[Flag, ...]:
    """Flag a lone clause; evidence offsets are into ``text`` and ``clause_id`` is "".

    Ligatures ("proﬁle", as text copied from a PDF has them) are read spelled out, as the parser
    spells them out in documents; the evidence is mapped back onto ``text`` itself.
    """
    pack = resolve_pack(packs)
    spelled, origin = spell_out_ligatures(text)
    folded = fold(spelled)
    drafts = _flag_region(pack, spelled, folded, None, [(0, len(spelled))], kind=None)
    flags = _finish(pack, spelled, drafts, None, service=None)
    if origin is not None:
        flags = [dataclasses.replace(f, evidence=_merge({(origin[a], origin[b - 1] + 1)
                                                          for a, b in f.evidence}))
                 for f in flags]
    return tuple(flags)


def flag_document(document: Document, pack: RulePack) -> tuple[Flag, ...]:
    """Flags of every clause of ``document``, in document order (absolute evidence offsets)."""
    text = document.text
    folded = fold(text)
    children: dict[str | None, list[Clause]] = {}
    for clause in document.clauses:
        children.setdefault(clause.parent_id, []).append(clause)
    lead_ins = list_lead_ins(document, folded)
    drafts: list[_Draft] = []
    # Off the main thread, hand the GIL over now and then: a GUI thread waiting for it otherwise
    # waits up to ~150 ms while this loop runs (measured; the interpreter's forced switch alone
    # does not get it through). On the main thread (the command line) there is no one to hand it
    # to, and each hand-over costs ~20 µs of CPU and ~75 µs of wall time (measured).
    hand_over = threading.current_thread() is not threading.main_thread()
    for n, clause in enumerate(document.clauses):
        if hand_over and n % _YIELD_EVERY == 0:
            time.sleep(0)
        if clause.kind is ClauseKind.HEADING:
            continue
        regions = _own_regions(clause, children.get(clause.id, ()))
        drafts.extend(_flag_region(pack, text, folded, clause, regions, document.kind,
                                   lead_ins.get(clause.id)))
    _link_way_out(document, drafts)
    flags = _finish(pack, text, drafts, document, document.service)
    flags.sort(key=lambda f: (f.evidence[0][0] if f.evidence else 0, f.severity.rank, f.category))
    return tuple(flags)


def _own_regions(clause: Clause, kids: Sequence[Clause]) -> list[Span]:
    """The parts of a clause's span not covered by its child clauses."""
    regions: list[Span] = []
    cursor = clause.start
    for kid in sorted(kids, key=lambda c: c.start):
        if kid.start > cursor:
            regions.append((cursor, min(kid.start, clause.end)))
        cursor = max(cursor, kid.end)
    if clause.end > cursor:
        regions.append((cursor, clause.end))
    return regions


def _flag_region(
    pack: RulePack,
    text: str,
    folded: str,
    clause: Clause | None,
    regions: Sequence[Span],
    kind: DocumentKind | None,
    lead_in: Span | None = None,
) -> list[_Draft]:
    drafts: dict[str, _Draft] = {}
    for n, (start, end) in enumerate(regions):
        # a list item's lead-in bears on its first sentence: the start of its first region
        for hit in evaluate(pack, folded, start, end, lead_in=lead_in if n == 0 else None):
            reason = _reason(hit, text)
            draft = drafts.get(hit.category)
            if draft is None:
                draft = drafts[hit.category] = _Draft(hit.category, hit.severity, clause, hit.rule.id)
            draft.absorb(hit.severity, hit.rule.id, hit.evidence, hit.scope, reason)
    if pack.models:
        _apply_models(pack, text, clause, regions, drafts, kind)
    return list(drafts.values())


def _reason(hit: RuleHit, text: str) -> str:
    quotes = " … ".join(f"“{' '.join(text[a:b].split())}”" for a, b in hit.evidence[:4])
    reason = f"rule {hit.rule.id} matched {quotes}"
    if hit.negated:
        reason += f" under a negation, so it is read as {hit.category}"
    if hit.exception:
        reason += f"; qualified by “{hit.exception}”"
    return reason


def _apply_models(
    pack: RulePack,
    text: str,
    clause: Clause | None,
    regions: Sequence[Span],
    drafts: dict[str, _Draft],
    kind: DocumentKind | None,
) -> None:
    shared: dict[tuple[Path, str], dict[str, ModelScore]] = {}  # entries naming the same model file
    for spec in pack.models:
        if kind is not None and spec.documents is not None and kind.value not in spec.documents:
            continue
        if not _may_change(spec, drafts):
            continue
        key = (spec.path, spec.unit)
        scores = shared.get(key)
        if scores is None:
            scores = shared[key] = score_clause(spec, text, regions)
        for category, setting in spec.categories.items():
            score = scores.get(category)
            passed = score is not None and score.score >= setting.threshold
            existing = drafts.get(category)
            if setting.mode is ModelMode.CONFIRM:
                if existing is not None:
                    _confirm(existing, spec.id, score.score if score else 0.0, passed)
                continue
            if not passed or (setting.mode is ModelMode.FALLBACK and existing is not None):
                continue
            assert score is not None
            severity = setting.severity or pack.categories[category].severity
            features, evidence = explain(spec, text, category, score)
            reason = f"learned model {spec.id} (score {score.score:.2f}): top features " + ", ".join(
                f"“{f}”" for f in features[:5]
            )
            if existing is None:
                existing = drafts[category] = _Draft(
                    category, severity, clause, f"model:{spec.id}", confidence=score.score
                )
            existing.absorb(severity, f"model:{spec.id}", evidence, score.unit, reason)


def _may_change(spec: ModelSpec, drafts: dict[str, _Draft]) -> bool:
    """Whether scoring with ``spec`` can change any flag of the clause.

    A model that only confirms rule flags has nothing to do in a clause where no rule flagged
    its categories; skipping it there spares most clauses of a privacy policy the model's cost.
    """
    return any(
        setting.mode is not ModelMode.CONFIRM or category in drafts
        for category, setting in spec.categories.items()
    )


def _confirm(draft: _Draft, model_id: str, score: float, passed: bool) -> None:
    """Keep a rule's flag at its severity when the model agrees, else show it as information.

    The model was trained on clauses annotated as unfair, so a low score says "this one reads
    like the fair kind" — the provision is still there and still worth knowing about, which is
    why the flag is downgraded rather than dropped.
    """
    if passed:
        draft.reasons.append(f"confirmed by learned model {model_id} (score {score:.2f})")
    elif draft.severity.rank < Severity.INFO.rank:
        draft.severity = Severity.INFO
        draft.reasons.insert(0, f"learned model {model_id} (score {score:.2f}) reads it as the usual, "
                             "fair kind of this clause, so it is shown as information")


_SUBJECT_WORDS = {
    "data.advertising": r"advertis|marketing|\bads\b|promotion",
    "data.tracking": r"cookie|track|pixel|beacon|browser",
    "data.sale": r"\bsell|\bsale\b|\bsold\b",
    "data.third-party-sharing": r"\bshar|disclos|third[- ]part",
    "data.client-access": r"\bclients?\b|\bsponsors?\b|visib|who can see",  # not "sponsored messages"
    "data.monitoring": r"monitor|analy|mining|\bread",
    "data.profiling": r"profil|automated|personali",
    "data.research": r"research|analytics|stud(y|ies)",
    "data.retention": r"delet|retain|retention|erase",
    "data.collection": r"collect|access|delet|correct",
    # deleting content ends few licences ("survives deletion"): only a clause about the licence itself
    "data.content-license": r"licen[cs]e",
    "data.sensitive": r"health|medical|sensitive",
    "data.international-transfer": r"transfer|countr",
    # the one contract term with a usual way out: opting out of arbitration within a deadline
    "terms.arbitration": (r"(?:opt[- ]?out|reject|decline)\b[^.]{0,80}arbitrat"
                          r"|arbitrat[^.]{0,80}\bopt[- ]?out"),
}
_SUBJECTS = {category: re.compile(words, re.IGNORECASE) for category, words in _SUBJECT_WORDS.items()}


# "this request does not apply to Clients' direct access …": the clause names the subject only to
# leave it out
_LEFT_OUT = re.compile(
    r"\b(?:(?:does|do|will|shall)\s+not|doesn't|don't|won't|cannot|can't)\s+(?:apply|extend|relate)\s+to\b[^.;]*"
    # "changes do not create a renewed opportunity to opt out of arbitration"
    r"|\b(?:(?:does|do|will|shall)\s+not|doesn't|don't|won't)\s+(?:create|give|grant|offer|provide)\b[^.;]*"
    r"|\b(?:except|excluding|other than)\b[^.;]*",
    re.IGNORECASE,
)


# a clause about the right to take one's data elsewhere ("Port your information … transmit it to a
# third party") is no way out of sharing, monitoring or anything else it happens to name, unless it
# also offers a refusal ("… and the right to object to certain processing")
_PORTABILITY = re.compile(r"\bportab|\bport your\b", re.IGNORECASE)
_REFUSAL = re.compile(r"opt(?:ing)?[- ]?out|object|withdraw|restrict|revok|unsubscrib|\bstop\b",
                      re.IGNORECASE)


def _only_portability(text: str) -> bool:
    return _PORTABILITY.search(text, 0, 80) is not None and _REFUSAL.search(text) is None


class _WayOuts:
    """What each way-out clause of a document says about each subject, worked out once.

    A document has a handful of way-out clauses and hundreds of data-use flags; asking every
    flag about every clause afresh cost about 5 % of flagging time.
    """

    def __init__(self, exits: Sequence[Clause]) -> None:
        self.by_id = {c.id: c for c in exits}
        self._left_out: dict[str, list[Span]] = {}
        self._offers: dict[tuple[str, str], bool] = {}

    def offers(self, category: str, clause_id: str) -> bool:
        """Whether the clause is about the category's subject, other than to say it does not cover it."""
        key = (category, clause_id)
        found = self._offers.get(key)
        if found is None:
            subject = _SUBJECTS[category]
            text = self.by_id[clause_id].text
            left_out = self._left_out.get(clause_id)
            if left_out is None:
                left_out = self._left_out[clause_id] = [m.span() for m in _LEFT_OUT.finditer(text)]
            found = self._offers[key] = any(
                not any(a <= m.start() < b for a, b in left_out) for m in subject.finditer(text)
            )
        return found

    def about_another(self, category: str, clause_id: str) -> bool:
        """Whether the clause offers a way out of other subjects only ("opt out of targeted ads"
        beside a disclosure to the police): no way out of this one, though in the same section."""
        if category in _SUBJECTS and self.offers(category, clause_id):
            return False
        return any(self.offers(other, clause_id) for other in _SUBJECTS if other != category)

    def leaves_out(self, category: str, clause_id: str) -> bool:
        """Whether the clause names the category's subject only to leave it out."""
        return _SUBJECTS[category].search(self.by_id[clause_id].text) is not None and not self.offers(
            category, clause_id
        )


def _link_way_out(document: Document, drafts: list[_Draft]) -> None:
    """Point data-use flags at the clauses that let the reader refuse or undo them."""
    exits = [d.clause for d in drafts if d.category in WAY_OUT_CATEGORIES and d.clause is not None]
    if not exits:
        return
    exit_ids = list(dict.fromkeys(c.id for c in exits if not _only_portability(c.text)))
    way_outs = _WayOuts(exits)
    by_id = way_outs.by_id
    on_subject_of: dict[str, list[str]] = {}
    for draft in drafts:
        if (
            draft.clause is None
            or draft.category in WAY_OUT_CATEGORIES
            or not (draft.category.startswith("data.") or draft.category in _SUBJECTS)
            or draft.severity.rank > Severity.CAUTION.rank
        ):
            continue
        category = draft.category
        has_subject = category in _SUBJECTS
        # an opt-out near a data practice is likely about it; near a contract term, only one that
        # names it is (a disputes section has many choices that are no way out of arbitration)
        same_section = [] if category.startswith("terms.") else [
            i
            for i in exit_ids
            if (by_id[i].heading_path == draft.clause.heading_path or i == draft.clause.id)
            and not (has_subject and way_outs.leaves_out(category, i))
            and not way_outs.about_another(category, i)
        ]
        on_subject = on_subject_of.get(category)
        if on_subject is None:  # the same for every flag of a category: found once
            on_subject = [i for i in exit_ids if has_subject and way_outs.offers(category, i)]
            on_subject_of[category] = on_subject
        # one clause per place the reader would be sent: several paragraphs of one section
        # would all read "the “Your Choices” section"
        by_place: dict[str, str] = {}
        for i in dict.fromkeys(same_section + on_subject):
            by_place.setdefault(_clause_reference(by_id[i], document), i)
        draft.way_out = tuple(by_place.values())[:MAX_WAY_OUT]


_NOTHING_EXTRACTED = Extracted((), (), ())
SUMMARY_VALUES = 3  # parties, data and purposes a summary names per category


def _explain(template: str, parties: Sequence[str], data: Sequence[str], purposes: Sequence[str],
             way_out: Sequence[str], document: Document | None, service: str | None) -> str:
    return render(_template(template), {
        "parties": parties,
        "data": data,
        "purposes": purposes,
        "way_out": [_clause_reference(document.clause(i), document) for i in way_out
                    if document is not None and document.has_clause(i)],
        "service": service,
    })


def category_explanation(pack: RulePack, category: str, flags: Sequence[Flag], document: Document) -> str:
    """One explanation for a category found in several clauses, as a summary gives it: the
    recipients, data and purposes most of its flags name (not those of whichever came first: a
    document's retention concern read "how long credit card information is kept") and their ways
    out."""
    def most_named(values: list[tuple[str, ...]]) -> tuple[str, ...]:
        counts: Counter[str] = Counter()
        shown: dict[str, str] = {}  # "your posts" and "posts" are one value: named as first seen
        for named in values:
            for value in dict.fromkeys(named):
                key = re.sub(r"^(?:your|the|our|their)\s+", "", value.casefold())
                shown.setdefault(key, value)
                counts[key] += 1
        return tuple(shown[key] for key, _ in counts.most_common(SUMMARY_VALUES))

    way_out = tuple(dict.fromkeys(i for f in flags for i in f.way_out))[:MAX_WAY_OUT]
    return _explain(pack.categories[category].explanation, most_named([f.parties for f in flags]),
                    most_named([f.data for f in flags]), most_named([f.purposes for f in flags]),
                    way_out, document, document.service)


def _finish(
    pack: RulePack, text: str, drafts: list[_Draft], document: Document | None, service: str | None
) -> list[Flag]:
    flags: list[Flag] = []
    extracted: dict[str, Extracted] = {}  # flags of one sentence share their window
    for draft in drafts:
        category = pack.categories[draft.category]
        if category.group is Group.TERMS:
            # a contract term has no recipients, data or purposes: "Who: courts" misled
            found = _NOTHING_EXTRACTED
        else:
            window = " ".join(text[a:b] for a, b in sorted(draft.sentences))
            found = extracted.get(window)
            if found is None:
                found = extracted[window] = extract(window)
        explanation = _explain(category.explanation, found.parties, found.data, found.purposes,
                               draft.way_out, document, service)
        flags.append(
            Flag(
                category=draft.category,
                severity=draft.severity,
                clause_id=draft.clause.id if draft.clause is not None else "",
                evidence=_merge(draft.evidence),
                rule=draft.rule,
                explanation=explanation,
                reason="; ".join(draft.reasons[:MAX_REASONS]),
                parties=found.parties,
                data=found.data,
                purposes=found.purposes,
                way_out=draft.way_out,
                confidence=draft.confidence,
            )
        )
    return flags


def _merge(spans: set[Span]) -> tuple[Span, ...]:
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def _clause_reference(clause: Clause, document: Document) -> str:
    """How an explanation points at a clause: "section 12.2", "the “Your choices” section"."""
    if clause.number:
        label = clause.number.strip().rstrip(".")
        return label if label.lower().startswith(("section", "article", "clause")) else f"section {label}"
    if clause.heading_path:
        return f"the “{clause.heading_path[-1].strip().rstrip('.:')}” section"
    return clause_label(clause, document)

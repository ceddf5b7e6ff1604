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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from terms.flagging.audience import CLINICIAN, addresses_clinicians
from terms.flagging.defined_data import data_contents, with_contents
from terms.flagging.defined_recipients import (
    DefinedRecipient,
    defined_recipients,
    read_defined_recipients,
    recipient_members,
)
from terms.flagging.definitions import party_members, with_members
from terms.flagging.extract import Extracted, extract
from terms.flagging.health_mentions import health_mentions_as_information
from terms.flagging.home_courts import soften_courts_kept_for_consumers, soften_laws_kept_for_consumers
from terms.flagging.licence import LICENCE_ORDER, LIMITED, licence_terms, reach_beyond
from terms.flagging.models import ModelScore, explain, score_clause
from terms.flagging.narrow_licence import soften_licences_limited_to_the_service
from terms.flagging.notice import soften_changes_with_notice, soften_endings_with_notice
from terms.flagging.processors import soften_sharing_with_bound_processors
from terms.flagging.successor import soften_transfers_with_bound_owner
from terms.flagging.way_outs import MAX_WAY_OUT, link_way_outs
from terms.headinglines import CELL_SEPARATOR, is_caption
from terms.labels import clause_reference, places
from terms.leadins import list_lead_ins, table_headers
from terms.model import Clause, ClauseKind, Document, DocumentKind, Flag, Severity
from terms.rulepacks import RulePack, default_pack, load_packs
from terms.rulepacks.evaluate import RuleHit, evaluate
from terms.rulepacks.scan import fold, sentence_spans
from terms.rulepacks.schema import Group, ModelMode, ModelSpec
from terms.rulepacks.template import parse_template, render
from terms.textnorm import spell_out_ligatures
from terms.wording import join_words

PackArg = RulePack | Sequence[str | Path] | None
Span = tuple[int, int]

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
    #: every promise read here so far has an exception ("except …", "for users under 16"): the
    #: flag is information, until another sentence makes one without (which then leads it)
    qualified: bool = False
    #: a rule the learned models were not trained on (``Rule.outside_model``) read the clause as
    #: unfair: a confirming model does not lower the flag
    outside_model: bool = False
    #: the leading rule says in its own words which right this is ("You can opt out of arbitration")
    worded: bool = False
    #: where the document itself mitigates the concern, as softening found it ("section 8.2
    #: promises notice before changes"): the explanation, which asks the reader to look, says so
    mitigated: str | None = None
    #: every rule read here only notes a passing mention (``Rule.mention``)
    mention: bool = False
    #: every rule and model that found it, in the order they did
    found_by: list[str] = field(default_factory=list)
    #: the sentences (scopes) the leading rule matched: a rule's own explanation names who, what and
    #: why from these, not from a sentence another rule added (X's "help you discover affiliates,
    #: third-party apps" made its own AI training "by affiliates and third parties")
    lead_sentences: set[Span] = field(default_factory=set)

    def absorb(
        self, severity: Severity, rule: str, evidence: Sequence[Span], sentence: Span, reason: str,
        qualified: bool = False, worded: bool = False,
    ) -> None:
        # a promise with an exception beside one without (in another sentence: an exception
        # qualifies what its own sentence promises): the clause still makes the promise
        unqualified_promise = (self.qualified and not qualified and severity is Severity.PROTECTIVE
                               and sentence not in self.sentences)
        # of two rights read in one clause, the one a rule names in its own words leads: an
        # arbitration opt-out headed "Opt-out." read "You can opt out of some uses of your data"
        named_right = (severity is Severity.PROTECTIVE and self.severity is Severity.PROTECTIVE
                       and worded and not self.worded and qualified == self.qualified)
        self.evidence.update(evidence)
        self.sentences.add(sentence)
        if rule not in self.found_by:
            self.found_by.append(rule)
        more_severe = severity.rank < self.severity.rank and not (
            qualified and self.severity is Severity.PROTECTIVE)
        leads = unqualified_promise or named_right or more_severe
        if leads and rule != self.rule:
            self.lead_sentences = set()
        if leads or rule == self.rule:
            self.lead_sentences.add(sentence)
        if leads:
            # the rule that sets the severity leads the reasons, which are cut at MAX_REASONS: the
            # flag's `rule` must be among those its reason shows
            self.severity, self.rule, self.worded = severity, rule, worded
            self.qualified = self.qualified and qualified
            if reason in self.reasons:
                self.reasons.remove(reason)
            self.reasons.insert(0, reason)
        elif reason not in self.reasons:
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
    health_mentions_as_information(drafts, spelled)
    read_defined_recipients(drafts, spelled, folded, defined_recipients(folded), lambda _: None,
                            lambda _: "the text", _Draft, lone=True)
    _soften(drafts, spelled, None, pack.fair_variants)
    flags = _finish(pack, spelled, drafts, None, service=None)
    if origin is not None:
        flags = [dataclasses.replace(f, evidence=_merge({(origin[a], origin[b - 1] + 1)
                                                          for a, b in f.evidence}))
                 for f in flags]
    return tuple(flags)


def flag_document(document: Document, pack: RulePack,
                  progress: Callable[[int, int], None] | None = None) -> tuple[Flag, ...]:
    """Flags of every clause of ``document``, in document order (absolute evidence offsets).

    ``progress(done, total)`` is called now and then with the clauses read so far; whatever it
    raises stops the work (the app's Cancel: reading a 2 MB document takes many seconds).
    """
    text = document.text
    folded = fold(text)
    children: dict[str | None, list[Clause]] = {}
    for clause in document.clauses:
        children.setdefault(clause.parent_id, []).append(clause)
    lead_ins = list_lead_ins(document, folded)
    headers = table_headers(document)
    # header rows that only name their columns ("Information | Retention period"): each states nothing itself
    # (a retention flag was raised on "Retention period"), and the rows under it are read with it for more
    titled_headers = {row for row in set(headers.values()) if _names_columns(text[row[0]:row[1]])}
    drafts: list[_Draft] = []
    # Off the main thread, hand the GIL over now and then: a GUI thread waiting for it otherwise
    # waits up to ~150 ms while this loop runs (measured; the interpreter's forced switch alone
    # does not get it through). On the main thread (the command line) there is no one to hand it
    # to, and each hand-over costs ~20 µs of CPU and ~75 µs of wall time (measured).
    hand_over = threading.current_thread() is not threading.main_thread()
    for n, clause in enumerate(document.clauses):
        if n % _YIELD_EVERY == 0:
            if hand_over:
                time.sleep(0)
            if progress is not None:
                progress(n, len(document.clauses))
        if clause.kind is ClauseKind.HEADING or (
                clause.kind is ClauseKind.PARAGRAPH and n + 1 < len(document.clauses)
                and is_caption(clause.text)) or (clause.start, clause.end) in titled_headers:
            continue
        regions = _own_regions(clause, children.get(clause.id, ()))
        header = headers.get(clause.id)
        drafts.extend(_flag_region(pack, text, folded, clause, regions, document.kind,
                                   lead_ins.get(clause.id), header,
                                   _READ_WITH_TITLES if header in titled_headers else _READ_WITH_HEADER))
    drafts = _without_needless_mentions(drafts)
    health_mentions_as_information(drafts, text)
    recipients = defined_recipients(folded)
    read_defined_recipients(drafts, text, folded, recipients, lambda at: _flagged_at(document, at),
                            lambda span: _where(document, span), _Draft)
    _soften(drafts, text, document, pack.fair_variants)
    link_way_outs(document, drafts)
    flags = _finish(pack, text, drafts, document, document.service, _listed(document, lead_ins), recipients,
                    data_contents(folded))
    flags.sort(key=lambda f: (f.evidence[0][0] if f.evidence else 0, f.severity.rank, f.category))
    return tuple(flags)


#: words a table's header cell may have and still only name its column ("Why we use it", "How long")
COLUMN_TITLE_WORDS = 5


def _names_columns(row: str) -> bool:
    return all(len(cell.split()) <= COLUMN_TITLE_WORDS for cell in row.split(CELL_SEPARATOR))


def _flagged_at(document: Document, offset: int) -> Clause | None:
    """The clause whose own text flagging reads at ``offset`` (None under a heading)."""
    clause = document.clause_at(offset)
    return clause if clause is not None and clause.kind is not ClauseKind.HEADING else None


def _where(document: Document, span: Span) -> str:
    """Where in ``document`` the text at ``span`` is, as an explanation points at it."""
    clause = document.clause_at(span[0])
    return clause_reference(clause, document) if clause is not None else "the document"


def _without_needless_mentions(drafts: list[_Draft]) -> list[_Draft]:
    """``drafts`` less those only noting a mention of a category that another flag of the document
    covers: twenty "arbitration is mentioned" paragraphs around the arbitration agreement, itself
    flagged, bury it."""
    covered = {d.category for d in drafts if not d.mention}
    return [d for d in drafts if not (d.mention and d.category in covered)]


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


def _soften(drafts: list[_Draft], text: str, document: Document | None,
            fair_variants: frozenset[str]) -> None:
    """The mitigations a clause or its section states, each lowering a concern to a caution (the fair
    kinds of change and ending, to information; a chosen law beside the reader's own kept stays a caution)
    and saying where it is (see :mod:`terms.flagging.softening`). ``text``: the document's text, or a lone
    clause's (``document`` None); ``fair_variants``: the ids of the pack's fair-variant rules."""
    soften_changes_with_notice(drafts, text, document)
    soften_endings_with_notice(drafts, text, document)
    soften_transfers_with_bound_owner(drafts, text, document)
    soften_courts_kept_for_consumers(drafts, text)
    soften_laws_kept_for_consumers(drafts, fair_variants)
    soften_licences_limited_to_the_service(drafts, text)
    soften_sharing_with_bound_processors(drafts, text)


def _flag_region(
    pack: RulePack,
    text: str,
    folded: str,
    clause: Clause | None,
    regions: Sequence[Span],
    kind: DocumentKind | None,
    lead_in: Span | None = None,
    header: Span | None = None,
    header_categories: frozenset[str] = frozenset(),
) -> list[_Draft]:
    drafts: dict[str, _Draft] = {}
    excluded: list[tuple[str, Span]] = []  # (category, sentence) a rule's exclusion held back
    for n, (start, end) in enumerate(regions):
        # a list item's lead-in bears on its first sentence: the start of its first region
        hits = evaluate(pack, folded, start, end, lead_in=lead_in if n == 0 else None, excluded=excluded)
        if n == 0 and lead_in is not None:
            # (a rule read as its promise counts as found: "we never share … unless you give us
            # written permission:" before "sale of your information;")
            found = {hit.category for hit in hits} | {hit.rule.category for hit in hits}
            hits += _read_with_lead_in(pack, folded, start, end, lead_in, found)
        if n == 0 and header is not None:
            found = {hit.category for hit in hits}
            hits += _read_with_lead_in(pack, folded, start, end, header, found, header_categories,
                                       as_sentence=True)
        for hit in hits:
            reason = _reason(hit, text)
            draft = drafts.get(hit.category)
            qualified = hit.exception is not None
            if draft is None:
                draft = drafts[hit.category] = _Draft(hit.category, hit.severity, clause, hit.rule.id,
                                                      qualified=qualified, mention=hit.rule.mention)
            elif not hit.rule.mention:
                draft.mention = False
            draft.absorb(hit.severity, hit.rule.id, hit.evidence, hit.scope, reason, qualified,
                         hit.rule.explanation is not None)
            if hit.rule.outside_model and hit.severity.rank <= Severity.CAUTION.rank:
                draft.outside_model = True
    if pack.models:
        _apply_models(pack, text, clause, _without_number(text, clause, regions), drafts, kind, excluded)
    return list(drafts.values())


def _without_number(text: str, clause: Clause | None, regions: Sequence[Span]) -> Sequence[Span]:
    """``regions`` without the clause's printed number: the models learned from sentences without one, and
    "10.1 We may revise these Terms whenever we like" scored 0.19 where the sentence alone scored 0.6."""
    if clause is None or not clause.number or not regions or regions[0][0] != clause.start \
            or not text.startswith(clause.number, clause.start):
        return regions
    start = clause.start + len(clause.number)
    while start < regions[0][1] and text[start].isspace():
        start += 1
    return [(start, regions[0][1]), *regions[1:]] if start < regions[0][1] else list(regions[1:])


#: what a list's lead-in may name for its items, read as one sentence with each: "Our Research Clients
#: receive:" before "(b) a feed containing the full text of member posts", "We share your data with:"
#: before "government authorities, when the law requires us to"
_READ_WITH_LEAD_IN = frozenset({"data.client-access", "data.sale", "data.legal-disclosure"})
#: what a table's header row may say for each row: "Type of information | How long we keep it" before
#: "Search history | 18 months from the date of the search"
_READ_WITH_HEADER = frozenset({"data.retention"})
#: what a header row that only names its columns may say for each row besides: who receives ("Categories
#: of recipients | Categories of data" before "Advertising partners | Usage data"). A "header" that is a
#: paragraph of its own (tables made of prose, as in Meta's policies) names no recipient of the rows.
_READ_WITH_TITLES = _READ_WITH_HEADER | {"data.third-party-sharing", "data.client-access", "data.sale",
                                         "data.legal-disclosure"}


def _read_with_lead_in(pack: RulePack, folded: str, start: int, end: int, lead_in: Span,
                       found: set[str], categories: frozenset[str] = _READ_WITH_LEAD_IN,
                       as_sentence: bool = False) -> list[RuleHit]:
    """Hits of the rules of ``categories`` (client-access, sale and legal disclosure) in a list item's
    first region read after its lead-in, where the item alone has none: the lead-in names who receives
    or the handing over, the item what or to whom. The same for a table row after its header row.
    Evidence is kept in the item only (a hit on the lead-in's words alone is the lead-in's own).
    ``as_sentence``: the two are closed with a full stop (a short row and its header are a sentence,
    not a title the rules pass over)."""
    wanted = categories - found
    only = [i for i, rule in enumerate(pack.rules) if rule.category in wanted]
    if not only:
        return []
    lead = folded[lead_in[0]:lead_in[1]]
    shift = len(lead) + 1
    joined = f"{lead} {folded[start:end]}"
    if as_sentence:
        joined += "."

    def placed(span: Span) -> Span:
        return (start + span[0] - shift, start + span[1] - shift)

    hits = []
    for hit in evaluate(pack, joined, 0, len(joined), only=only):
        evidence = tuple(placed(span) for span in hit.evidence if span[0] >= shift)
        if evidence:
            scope = (max(start, placed(hit.scope)[0]), placed(hit.scope)[1])
            hits.append(dataclasses.replace(hit, evidence=evidence, scope=scope))
    return hits


def _reason(hit: RuleHit, text: str) -> str:
    # a word matched by two terms ("your data" and "data") is quoted once
    quotes = " … ".join(f"“{' '.join(text[a:b].split())}”" for a, b in _merge(set(hit.evidence))[:4])
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
    excluded: Sequence[tuple[str, Span]] = (),
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
            unit_text = text[score.unit[0]:score.unit[1]]
            if _rules_said_no(pack, existing, category, score.unit, excluded) or (
                    existing is None and _read_as_closure(category, drafts, unit_text)):
                continue
            severity = setting.severity or pack.categories[category].severity
            features, evidence = explain(spec, text, category, score)
            reason = f"learned model {spec.id} (score {score.score:.2f}): top features " + ", ".join(
                f"“{f}”" for f in features[:5]
            )
            if existing is None:
                existing = drafts[category] = _Draft(
                    category, severity, clause, f"model:{spec.id}", confidence=score.score
                )
            elif not existing.rule.startswith("model:"):
                # a rule's words are the evidence; the model's features ("out", "the right") would
                # only scatter highlights over them
                evidence = ()
            existing.mention = False   # the model reads the clause itself as the kind, no mere mention
            existing.absorb(severity, f"model:{spec.id}", evidence, score.unit, reason)


def _rules_said_no(pack: RulePack, existing: _Draft | None, category: str, unit: Span,
                   excluded: Sequence[tuple[str, Span]]) -> bool:
    """Whether the rules read the model's best sentence as not the unfair kind of ``category``, so
    that a stand-alone model flag would overrule them rather than add what they miss: a
    ``fair_variant`` rule set the flag's severity (how an arbitration runs), or a rule of the
    category matched there and one of its ``unless`` exclusions held it back (a savings clause,
    the member closing their own account)."""
    if existing is not None and existing.rule in pack.fair_variants:
        return True
    return any(c == category and a < unit[1] and unit[0] < b for c, (a, b) in excluded)


#: words that change terms or a service, or withdraw part of it (CLAUDETTE counts "may terminate all or part
#: of the Services" and "impose limits on certain features" as changes too)
_CHANGE_WORDS = re.compile(r"\b(?:chang|modif|amend|updat|revis|alter|vary|varies|replac|supplement"
                           r"|add(?:s|ed|ing)?\b|part\b|portion|feature|functionalit|limit|restrict"
                           r"|some\s+or\s+all|all\s+or\s+some)\w*", re.IGNORECASE)


def _read_as_closure(category: str, drafts: dict[str, _Draft], sentence: str) -> bool:
    """Whether a stand-alone model flag of changes would be laid on a sentence the rules read as closing the
    account, whose words change nothing: the model takes "may … at any time … in its sole discretion" for a
    change of terms ("may suspend or terminate the Practice's access … at any time, … in its sole
    discretion")."""
    closure = drafts.get("terms.unilateral-termination")
    return (category == "terms.changes" and closure is not None and not closure.rule.startswith("model:")
            and _CHANGE_WORDS.search(sentence) is None)


def _may_change(spec: ModelSpec, drafts: dict[str, _Draft]) -> bool:
    """Whether scoring with ``spec`` can change any flag of the clause.

    A model that only confirms rule flags has nothing to do in a clause where no rule flagged
    its categories; skipping it there spares most clauses of a privacy policy the model's cost.
    """
    return any(
        setting.mode is not ModelMode.CONFIRM or category in drafts
        for category, setting in spec.categories.items()
    )


#: in a flag's reason: the learned model lowered a rule's flag to information (the comparison tells
#: such a change from one in the provision's own words)
MODEL_FAIR_READING = "reads it as the usual, fair kind of this clause"


def _confirm(draft: _Draft, model_id: str, score: float, passed: bool) -> None:
    """Keep a rule's flag at its severity when the model agrees, else show it as information.

    The model was trained on clauses annotated as unfair, so a low score says "this one reads
    like the fair kind" — the provision is still there and still worth knowing about, which is
    why the flag is downgraded rather than dropped. A rule marked ``outside_model`` catches what the
    model never learned to call unfair, so its flag keeps its severity either way.
    """
    if passed:
        draft.reasons.append(f"confirmed by learned model {model_id} (score {score:.2f})")
    elif draft.outside_model:
        draft.reasons.append(f"learned model {model_id} (score {score:.2f}) was not trained on this kind "
                             "of clause, so its reading does not lower the flag")
    elif draft.severity.rank < Severity.INFO.rank:
        draft.severity = Severity.INFO
        draft.reasons.insert(0, f"learned model {model_id} (score {score:.2f}) {MODEL_FAIR_READING}, "
                             "so it is shown as information")


_NOTHING_EXTRACTED = Extracted((), (), ())
SUMMARY_VALUES = 3  # parties, data and purposes a summary names per category
_ARTICLES = re.compile(r"\b(?:the|a|an)\s+")


@lru_cache(maxsize=256)
def _literal_words(template: str) -> frozenset[str]:
    """The words a template says itself, outside its placeholders."""
    return frozenset(re.findall(r"[a-z]+", re.sub(r"\{[^}]*\}", " ", template.lower())))


_PURPOSE_FILLER = frozenset({"purpose", "purposes", "for", "and", "or", "the", "our"})


def _says(template: str, purpose: str) -> bool:
    """Whether the template already names ``purpose`` ("used for research or analytics (research)")."""
    words = set(re.findall(r"[a-z]+", purpose.lower())) - _PURPOSE_FILLER
    return bool(words) and words <= _literal_words(template)


def _explain(template: str, parties: Sequence[str], data: Sequence[str], purposes: Sequence[str],
             way_out: Sequence[str], document: Document | None, service: str | None,
             clause_texts: Sequence[str]) -> str:
    """Fill ``template``; ``clause_texts``: the clause of each flag explained, read for a licence's
    terms (stated across a licence's sentences: "This licence is perpetual.")."""
    parsed = _template(template)
    licence: tuple[str, ...] = ()
    if parsed.uses("licence") or parsed.uses("beyond"):
        found = [licence_terms(clause_text) for clause_text in clause_texts]
        licence = tuple(term for term in LICENCE_ORDER if any(term in terms for terms in found))
    return render(parsed, {
        "parties": parties,
        "data": data,
        "purposes": [p for p in purposes if not _says(template, p)],
        # two ways out in one unnumbered section are one reference ("the “Your Rights and Choices”
        # section and the “Your Rights and Choices” section")
        "way_out": list(dict.fromkeys(clause_reference(document.clause(i), document) for i in way_out
                                      if document is not None and document.has_clause(i))),
        "service": service,
        # advice for clinicians, where the document speaks to them (a lone clause: as the product's reader)
        "clinician": CLINICIAN if document is None or addresses_clinicians(document.text) else None,
        "licence": _limit_apart(licence),
        "beyond": reach_beyond(licence),
        "amount": _amount(clause_texts) if parsed.uses("amount") else (),
    })


#: a sum of money as a clause writes it: "US $100.00", "€50", "100 dollars", "USD 500"
MONEY = re.compile(r"(?:\b(?:US|[ACS]|NZ|HK)\s?)?[$€£]\s?\d(?:[\d,]*\d)?(?:\.\d\d)?(?!\w)"
                    r"|\b(?:USD|EUR|GBP)\s?\d(?:[\d,]*\d)?(?:\.\d\d)?\b"
                    r"|\b\d(?:[\d,]*\d)?(?:\.\d\d)?\s?(?:US\s)?(?:dollars|euros|pounds|USD|EUR|GBP)\b",
                    re.IGNORECASE)


def _amount(clause_texts: Sequence[str]) -> tuple[str, ...]:
    """The first sum of money the clauses name (a liability cap's "$100"), for ``{amount}``: the
    explanation then says the figure instead of leaving the reader to look for it, and whether it is
    only one side of a "greater of" (a cap of "the greater of US$100 or the fees you paid" read
    "here US$100")."""
    for text in clause_texts:
        if found := MONEY.search(text):
            money = " ".join(found.group().split())
            sentence = next((text[a:b] for a, b in sentence_spans(text, 0, len(text))
                             if a <= found.start() < b), text)
            return (money + _alternative(sentence),)
    return ()


#: a cap that is the greater or the lesser of two sums: "the greater of (a) $100 or (b) …", "…, whichever is
#: less"
_GREATER_OF = re.compile(r"\b(?:the\s+)?(greater|higher|larger|lesser|lower|smaller)\s+of\b"
                         r"|\bwhichever\s+is\s+(greater|higher|larger|more|lesser|less|lower|smaller)\b",
                         re.IGNORECASE)
_PAID = re.compile(r"\b(?:paid|pay|fees?|amounts?|payments?|spent|charges?)\b", re.IGNORECASE)
#: ... which is what the reader paid, not what the company paid them ("the amount of revenue that YouTube has
#: paid to you")
_PAID_TO_YOU = re.compile(r"\b(?:paid|pays|pay)\s+(?:to\s+)?you\b|\brevenue\b", re.IGNORECASE)
_MORE = frozenset({"greater", "higher", "larger", "more"})


def _alternative(sentence: str) -> str:
    """What a cap's sum is weighed against, where the sentence makes it the greater or the lesser
    of two: ", or a sum based on what you paid if that is more"."""
    if (found := _GREATER_OF.search(sentence)) is None:
        return ""
    other = ("a sum based on what you paid" if _PAID.search(sentence) and not _PAID_TO_YOU.search(sentence)
             else "another sum the clause sets")
    word = (found.group(1) or found.group(2)).casefold()
    return f", or {other} if that is {'more' if word in _MORE else 'less'}"


def _limit_apart(licence: tuple[str, ...]) -> tuple[str, ...]:
    """A licence's terms as the explanation lists them, its limit to running the service set apart:
    "worldwide, transferable and limited to running the service" listed the limit as one more way
    the licence is broad (WhatsApp's). What it is extended to is said once: "extended to changed
    and derived works and to training AI models", not "… and extended to training AI models"."""
    extended = [term for term in licence if term.startswith(_EXTENDED)]
    if len(extended) > 1:
        joined = _EXTENDED + " and to ".join(term.removeprefix(_EXTENDED) for term in extended)
        licence = tuple(joined if term == extended[0] else term for term in licence
                        if term == extended[0] or term not in extended)
    if LIMITED not in licence or len(licence) == 1:
        return licence
    return (f"{join_words([term for term in licence if term != LIMITED])}, but {LIMITED}",)


_EXTENDED = "extended to "


def category_explanation(pack: RulePack, category: str, flags: Sequence[Flag], document: Document) -> str:
    """One explanation for a category found in several clauses, as a summary gives it: the
    recipients, data and purposes most of its flags name (not those of whichever came first: a
    document's retention concern read "how long credit card information is kept") and their ways
    out. Where the explanation names recipients, its recipients, data and purposes are those of the
    clauses naming the recipient named most (the first of equals): "passed to hospitals and research
    partners for advertising" joined one clause's recipients to another's purpose, and "information,
    cookies and device identifiers may be passed to clients such as banks … and advertising
    partners" said that cookies went to banks, which neither clause said. Flags all raised by one
    rule with an explanation of its own (the fair kind of a clause) use it; flags of such a rule among
    others add its explanation to the category's (a document's "we are not required to notify you of
    changes" under "check whether the document promises to tell you beforehand")."""
    def key(value: str) -> str:
        # "your posts" and "posts" are one value, and so are "complying with law" and "complying
        # with the law" (a summary read "for complying with law, ads and complying with the law"); a
        # value is one in either number, and a defined name with what it holds is the name
        # ("Credential Files (the documents …)", "Credential File (the documents …)", "credential files")
        named = _ARTICLES.sub("", re.sub(r"^(?:your|the|our|their)\s+", "", value.casefold()))
        if named.endswith(")") and " (" in named:
            named = named.partition(" (")[0]
        return named[:-1] if named.endswith("s") and not named.endswith("ss") else named

    def most_named(values: list[tuple[str, ...]]) -> tuple[str, ...]:
        counts: Counter[str] = Counter()
        shown: dict[str, str] = {}  # each value named as first seen
        for named in values:
            for value in dict.fromkeys(named):
                shown.setdefault(key(value), value)
                counts[key(value)] += 1
        ranked = [k for k, _ in counts.most_common()]
        # a value that a more specific one names in full gives way to it: "how long information and
        # information about you are kept"
        kept = [k for k in ranked if not any(k != other and f" {k} " in f" {other} " for other in ranked)]
        return tuple(shown[k] for k in kept[:SUMMARY_VALUES])

    def explained(template: str, flags: Sequence[Flag]) -> str:
        limited = _limited_licences(template, flags, document)
        if limited and len(limited) < len(flags):
            # a licence limited to running the service beside broader ones (Zoom's meeting content
            # beside its feedback assignment): the broad ones are explained, the limit named apart,
            # not joined into "for any purpose and limited to running the service"
            where = places(document, [f.clause_id for f in limited])
            return (explained(template, [f for f in flags if f not in limited])
                    + f" The licence in {where} is limited to running the service.")
        top = most_named([f.parties for f in flags])[:1] if _template(template).uses("parties") else ()
        naming = [f for f in flags if key(top[0]) in map(key, f.parties)] if top else flags
        parties = most_named([f.parties for f in naming])
        way_out = tuple(dict.fromkeys(i for f in flags for i in f.way_out))[:MAX_WAY_OUT]
        texts = [document.clause(f.clause_id).text for f in flags if document.has_clause(f.clause_id)]
        text = _explain(template, parties,
                        most_named([f.data for f in naming]), most_named([f.purposes for f in naming]),
                        way_out, document, document.service, texts)
        # the further recipients, named apart rather than joined to the first ones' data: a summary
        # quoted in a memo must not read as the whole list of who gets the data
        named = set(map(key, parties))
        others = [tuple(p for p in f.parties if key(p) not in named) for f in flags]
        listed = most_named(others)
        if top and listed:
            more = len({key(p) for named_here in others for p in named_here}) > len(listed)
            text += f" Also named as recipients: {join_words(listed)}{', among others' if more else ''}."
        return text

    # grouped by the template they are explained with: a rule with a title but no explanation of
    # its own shares the category's ("You give … rights over …" was said twice in the sample's
    # licence entry, once for the AI-training licence and once for the others)
    by_template: dict[str, list[Flag]] = {}
    for flag in flags:
        by_template.setdefault(pack.explanation_of(category, flag.rule), []).append(flag)
    said: list[str] = []
    for template, listed in by_template.items():
        # a sentence the explanations share is said once (both ended "The document offers a way out:
        # the “Ad settings” section …" in Google's advertising concern)
        said += [s for s in _SENTENCE_END.split(explained(template, listed)) if s not in said]
    return " ".join(said)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def _limited_licences(template: str, flags: Sequence[Flag], document: Document) -> list[Flag]:
    """The flags whose clause limits its licence to running the service, where ``template`` speaks
    of a licence's terms."""
    parsed = _template(template)
    if not (parsed.uses("licence") or parsed.uses("beyond")):
        return []
    return [f for f in flags if document.has_clause(f.clause_id)
            and LIMITED in licence_terms(document.clause(f.clause_id).text)]


def single_rule(flags: Sequence[Flag]) -> str:
    """The rule that raised all of ``flags``, or "" when several did (a summary entry is worded as
    its rule only where every flag it speaks for came from that rule)."""
    rules = {f.rule for f in flags}
    return rules.pop() if len(rules) == 1 else ""


MAX_LISTED_CHARS = 2000  # of a list's items read with its lead-in for a flag's who, what and why


def _listed(document: Document, lead_ins: dict[str, Span]) -> dict[Span, str]:
    """For each list lead-in sentence ("We may share your information with:"), the text of the items
    that finish it: they name the parties, data or purposes of a flag on the lead-in."""
    listed: dict[Span, list[str]] = {}
    for item_id, lead_in in lead_ins.items():
        listed.setdefault(lead_in, []).append(document.clause(item_id).text)
    return {lead_in: " ".join(items)[:MAX_LISTED_CHARS] for lead_in, items in listed.items()}


def _finish(
    pack: RulePack, text: str, drafts: list[_Draft], document: Document | None, service: str | None,
    listed: dict[Span, str] | None = None, recipients: Sequence[DefinedRecipient] = (),
    contents: dict[str, str] | None = None,
) -> list[Flag]:
    """The flags of ``drafts``, explained; ``listed``: items finishing a lead-in (see :func:`_listed`);
    ``recipients``: the document's defined recipients, whom explanations name with their definition;
    ``contents``: its defined data terms and what they hold (:func:`data_contents`), which name the
    data of the flags whose sentences use them."""
    flags: list[Flag] = []
    extracted: dict[tuple[str, bool, bool], Extracted] = {}  # flags of one sentence share their window
    members = ({**recipient_members(recipients), **party_members(document.text)}
               if document is not None else {})

    def read(window: str, promise: bool, sources: bool) -> Extracted:
        found = extracted.get((window, promise, sources))
        if found is None:
            found = extract(window, promise, sources=sources)
            if members:
                found = dataclasses.replace(found, parties=with_members(
                    found.parties, members, window, named_in_window=not (promise or sources)))
            if contents:
                found = dataclasses.replace(found, data=with_contents(found.data, contents, window))
            extracted[window, promise, sources] = found
        return found

    for draft in drafts:
        category = pack.categories[draft.category]
        template = pack.explanation_of(draft.category, draft.rule)
        if category.group is Group.TERMS or (category.group is Group.RIGHTS
                                             and not _template(template).uses("parties", "data", "purposes")):
            # a contract term has no recipients, data or purposes, nor has a right over one (opting
            # out of arbitration): "Who: courts" misled
            found = _NOTHING_EXTRACTED
        else:
            promise = category.group is Group.RIGHTS
            # a template that speaks of information "from {parties}" names where data comes from
            sources = "from {parties}" in template
            found = read(_window(text, draft.sentences, listed), promise, sources)
            own = pack.worded.get(draft.rule)
            if own is not None and own.explanation and draft.lead_sentences \
                    and draft.lead_sentences != draft.sentences:
                # a rule's own explanation says who from the sentences it matched itself
                lead = read(_window(text, draft.lead_sentences, listed), promise, sources)
                found = dataclasses.replace(found, parties=lead.parties)
            doers = _DOERS.get(draft.category)
            if doers is not None and not (own is not None and own.explanation):
                named = tuple(p for p in found.parties if doers.search(p))
                if named:
                    found = dataclasses.replace(found, parties=named)
        explanation = _explain(template, found.parties, found.data, found.purposes, draft.way_out, document,
                               service, [draft.clause.text if draft.clause is not None else text])
        if draft.mitigated:
            explanation = f"{explanation} Here, {draft.mitigated}."
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
                rules=tuple(dict.fromkeys([draft.rule, *draft.found_by])),
                mitigation=draft.mitigated or "",
            )
        )
    return flags


#: who can do what a category's explanation says they do ("used for research or analytics by
#: {parties}"): where a clause names such parties among others, only they are named (TikTok's "law
#: enforcement agencies, public authorities, researchers, copyright holders" read "research … by law
#: enforcement agencies, public authorities, researchers, …")
_DOERS = {
    "data.research": re.compile(r"research|analytic|measurement|academ|universit|scien|statistic",
                                re.IGNORECASE),
}


def _window(text: str, sentences: set[Span], listed: dict[Span, str] | None) -> str:
    """The flagged sentences' text, with the items finishing a lead-in among them."""
    window = " ".join(text[a:b] for a, b in sorted(sentences))
    if listed:
        window = " ".join([window, *(items for (start, end), items in listed.items()
                                     if any(a < end and start < b for a, b in sentences))])
    return window


def _merge(spans: set[Span]) -> tuple[Span, ...]:
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)

"""Compare two versions of a document: align, classify, diff, count, headline flag deltas and
promises reworded."""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol

from terms.compare.align import AlignOptions, How, Match, align
from terms.compare.clausetext import ClauseText, clause_texts
from terms.compare.flagdelta import flag_deltas
from terms.compare.model import Comparison, Counts, Entry, EntryKind
from terms.compare.promises import promise_changes
from terms.compare.worddiff import word_diff
from terms.model import Document, DocumentKind, Flag
from terms.parsing.metadata import is_generic_title, looks_english
from terms.wording import count

if TYPE_CHECKING:
    from terms.rulepacks.schema import RulePack


@dataclass(frozen=True, slots=True)
class CompareOptions:
    align: AlignOptions = field(default_factory=AlignOptions)
    #: Put the version with the earlier effective date first when both state one.
    reorder_by_date: bool = True


class AnalysisLike(Protocol):
    """Anything with a document and its flags (``terms.flagging.Analysis`` fits)."""

    @property
    def document(self) -> Document: ...

    @property
    def flags(self) -> Sequence[Flag]: ...


def _same_number(a: ClauseText, b: ClauseText) -> bool:
    return a.label == b.label


def _run_together(key: str) -> str:
    """A comparison key's letters and digits alone: equal where only spaces and punctuation differ."""
    return "".join(_WORD_CHARS.findall(key))


_WORD_CHARS = re.compile(r"\w+")


def _entry(match: Match, old: list[ClauseText], new: list[ClauseText]) -> Entry:
    olds = [old[i] for i in match.old]
    news = [new[j] for j in match.new]
    old_ids = tuple(c.clause.id for c in olds)
    new_ids = tuple(c.clause.id for c in news)
    renumbered = len(olds) == len(news) == 1 and not _same_number(olds[0], news[0])
    same_words = len(olds) == len(news) == 1 and olds[0].key == news[0].key
    # words run together or split by a space and nothing else ("Waiver.Zoom's" and "Waiver. Zoom's",
    # "ZoomWebsite" and "Zoom Website"): a conversion's slip, reported as formatting
    spacing_only = (match.how is How.FUZZY and len(olds) == len(news) == 1
                    and _run_together(olds[0].key) == _run_together(news[0].key))
    if match.how is How.EXACT or spacing_only:
        if renumbered:
            kind = EntryKind.RENUMBERED
        elif olds[0].body == news[0].body:
            kind = EntryKind.UNCHANGED
        else:
            kind = EntryKind.FORMATTING
        return Entry(kind, old_ids, new_ids, 1.0, renumbered)
    kind = {How.FUZZY: EntryKind.CHANGED, How.SLOT: EntryKind.CHANGED, How.MOVE: EntryKind.MOVED,
            How.SPLIT: EntryKind.SPLIT, How.MERGE: EntryKind.MERGED}[match.how]
    diff = None if same_words else word_diff(olds, news)
    return Entry(kind, old_ids, new_ids, 1.0 if same_words else match.similarity, renumbered, diff)


def _ordered(matches: list[Match], old: list[ClauseText], new: list[ClauseText]) -> list[Entry]:
    """Entries in new-document order; removed clauses after the in-order match that precedes them."""
    in_order = {m.old[-1]: m.new[-1] for m in matches if m.how is not How.MOVE}
    matched_old = {i for m in matches for i in m.old}
    matched_new = {j for m in matches for j in m.new}
    keyed: list[tuple[tuple[int, int, int], Entry]] = []
    for match in matches:
        keyed.append(((min(match.new), 1, 0), _entry(match, old, new)))
    for j, ct in enumerate(new):
        if j not in matched_new:
            keyed.append(((j, 1, 0), Entry(EntryKind.ADDED, (), (ct.clause.id,), 0.0)))
    anchor = -1
    for i, ct in enumerate(old):
        if i in in_order:
            anchor = in_order[i]
        if i not in matched_old:
            keyed.append(((anchor, 2, i), Entry(EntryKind.REMOVED, (ct.clause.id,), (), 0.0)))
    keyed.sort(key=lambda item: item[0])
    return [entry for _, entry in keyed]


def _counts(entries: list[Entry], old: list[ClauseText], new: list[ClauseText]) -> Counts:
    by_kind: dict[str, int] = {}
    old_len = {c.clause.id: c.body_end - c.body_start for c in old}
    new_len = {c.clause.id: c.body_end - c.body_start for c in new}
    changed = 0
    for entry in entries:
        by_kind[entry.kind.value] = by_kind.get(entry.kind.value, 0) + 1
        if entry.kind is EntryKind.ADDED:
            changed += sum(new_len[i] for i in entry.new_ids)
        elif entry.kind is EntryKind.REMOVED:
            changed += sum(old_len[i] for i in entry.old_ids)
        elif entry.diff is not None:
            changed += entry.diff.deleted_chars + entry.diff.inserted_chars
    total = sum(old_len.values()) + sum(new_len.values())
    return Counts(len(old), len(new), by_kind, changed, total)


def dates_disagree(old: Document, new: Document) -> bool:
    """Whether both state an effective date and ``old``'s is the later one."""
    return bool(old.effective_date and new.effective_date and old.effective_date > new.effective_date)


#: How the older version was told apart (``Comparison.order_basis``): by the effective dates
#: (the two were swapped or left as they were), as the caller asked (``reorder_by_date`` off:
#: ``--keep-order``), or by the order given because no dates tell them apart or they may be
#: different documents.
BY_DATE = "effective date"
AS_ASKED = "requested order"
AS_GIVEN = "argument order"


_NAME_NOISE = re.compile(r"['’]s\b|[\W_]+")


def _names_differ(a: str | None, b: str | None) -> bool:
    """Both names known and different, ignoring case, punctuation and a possessive ``'s``."""
    if not a or not b:
        return False
    return _NAME_NOISE.sub(" ", a.casefold()).split() != _NAME_NOISE.sub(" ", b.casefold()).split()


def _short_name(document: Document) -> str:
    """The file name the document was read from, else its display name: both versions usually
    share a title, and the caller's order may not be the report's."""
    return f"“{PurePath(document.source).name}”" if document.source else f"“{document.display_name}”"


#: How the reason for a language difference begins (a report adds what it means for the diff).
LANGUAGES_DIFFER = "languages differ"


def _kinds_differ(old: Document, new: Document) -> bool:
    return old.kind != new.kind and DocumentKind.OTHER not in (old.kind, new.kind)


def version_doubts(old: Document, new: Document) -> tuple[str, ...]:
    """Why ``old`` and ``new`` may be two different documents rather than two versions of one.

    Each reason names what differs: the services, the kinds (terms vs privacy), the language
    (one reads as English, the other does not: a translation shares no words with the original),
    for one service the titles, or the length (one a fraction of the other).
    Empty when nothing known differs. Versions do get renamed now and then, so a differing
    title alone is a doubt to report, not a verdict (see :func:`looks_like_versions`).
    """
    doubts = []
    services_differ = _names_differ(old.service, new.service)
    if services_differ:
        doubts.append(f"services differ: “{old.service}” and “{new.service}”")
    if _kinds_differ(old, new):
        doubts.append(f"kinds differ: {old.kind} and {new.kind}")
    old_english = looks_english(old.text)
    if old_english != looks_english(new.text):
        other = new if old_english else old
        doubts.append(f"{LANGUAGES_DIFFER}: {_short_name(other)} does not look like English, the other does")
    # other services have other titles; a title only saying what kind of document it is says nothing
    generic = any(is_generic_title(d.title, d.service, d.kind) for d in (old, new))
    if not services_differ and not generic and _names_differ(old.title, new.title):
        doubts.append(f"titles differ: “{old.title}” and “{new.title}”")
    if shorter := _far_shorter(old, new):
        doubts.append(shorter)
    elif not doubts and _share_no_wording(old, new):
        # the wording is asked only when nothing else tells them apart (a translation shares no
        # wording with its original either: the language says why)
        doubts.append(SHARE_NO_WORDING)
    return tuple(doubts)


#: Two versions of one document share long runs of words, even when one is a rewrite: of the
#: corpus's consecutive versions in one language, TikTok's terms of December 2022 share the fewest
#: with those before, 1.6% of their (sampled) runs of ten words. Two documents of different services share
#: under 0.5% in 96% of the corpus's pairs (Tinder's privacy policy and Discord's: 0.02%); those
#: that share more are of one company's family (Google's privacy policy is YouTube's).
RUN_WORDS = 10
FEW_SHARED_RUNS = 0.005
#: documents with fewer runs than this (of those sampled, below) are too short to tell
MIN_RUNS = 50
SHARE_NO_WORDING = "they share almost no wording: hardly a run of ten words is found in both"

_WORD = re.compile(r"\w+")


def _share_no_wording(old: Document, new: Document) -> bool:
    """Whether under :data:`FEW_SHARED_RUNS` of the runs of :data:`RUN_WORDS` words of the shorter
    document are found in the other (both long enough to tell)."""
    a, b = _runs(old.text), _runs(new.text)
    if min(len(a), len(b)) < MIN_RUNS:
        return False
    return len(a & b) < FEW_SHARED_RUNS * min(len(a), len(b))


@lru_cache(maxsize=4)   # a comparison and its report ask about the same two texts several times
def _runs(text: str) -> frozenset[int]:
    """Hashes of the runs of :data:`RUN_WORDS` words of ``text`` (case-folded) that start at a quarter
    of its words, chosen by the word itself, so that both texts sample the same runs: the share
    found in both is about that of every run, at a quarter of the cost (every run added a tenth
    to the time of comparing two versions)."""
    words = _WORD.findall(text.casefold())
    # (crc32, not hash(): the same runs in every process, so a pair is judged the same every time)
    return frozenset(hash(" ".join(words[i:i + RUN_WORDS])) for i in range(len(words) - RUN_WORDS + 1)
                     if not zlib.crc32(words[i].encode()) & 3)


#: one version with under this share of the other's words is more likely a page that stood in for
#: the document (an error page, a cookie notice, a menu of links) than a version of it: compared
#: as one, every provision of the other reads as dropped or added (a 404 page "removed arbitration")
FAR_SHORTER = 0.2
FAR_SHORTER_MIN_WORDS = 300   # the longer one's words: short notices may well shrink a lot


def _far_shorter(old: Document, new: Document) -> str | None:
    sizes = [len(d.text.split()) for d in (old, new)]
    small, large = min(sizes), max(sizes)
    if large < FAR_SHORTER_MIN_WORDS or small >= FAR_SHORTER * large:
        return None
    short = old if sizes[0] == small else new
    return (f"{_short_name(short)} is far shorter ({small:,} words against {large:,}): an error page, a "
            "cookie notice or part of the document rather than a version of it?")


def looks_like_versions(old: Document, new: Document) -> bool:
    """Whether the two may be versions of one document: neither service nor kind differs, and
    they share some wording (unless they are in different languages).

    Only then are they put in effective-date order; two different documents have no older one.
    """
    if _names_differ(old.service, new.service) or _kinds_differ(old, new):
        return False
    # (the wording first: it is cached, the rest is read only for the rare pair sharing none)
    return not (_share_no_wording(old, new) and looks_english(old.text) == looks_english(new.text)
                and _far_shorter(old, new) is None)


def compare(old: Document, new: Document, *, old_flags: Sequence[Flag] | None = None,
            new_flags: Sequence[Flag] | None = None, options: CompareOptions | None = None,
            category_titles: Mapping[str, str] | None = None) -> Comparison:
    """Compare ``old`` with ``new`` clause by clause.

    Flags are compared when both versions' flags are given (``None``: not analysed,
    as opposed to ``()``: analysed, nothing found); ``category_titles`` names the categories of
    the packs that flagged them (see :func:`category_titles`).

    When both documents state an effective date, ``old`` is the later one and they look
    like versions of one document (:func:`looks_like_versions`), the two are swapped (with
    their flags) and the result says so (``swapped``): a report reads from the older
    version to the newer one. Documents of different services or kinds keep the order given,
    and so does every pair when ``options.reorder_by_date`` is off (``order_basis`` says which).
    """
    options = options or CompareOptions()
    reorder = options.reorder_by_date and looks_like_versions(old, new)
    swapped = reorder and dates_disagree(old, new)
    if swapped:
        old, new, old_flags, new_flags = new, old, new_flags, old_flags
    dated = bool(old.effective_date and new.effective_date and old.effective_date != new.effective_date)
    basis = AS_ASKED if not options.reorder_by_date else BY_DATE if dated and reorder else AS_GIVEN
    known_keys: dict[str, str] = {}
    old_texts = [c for c in clause_texts(old, known_keys) if c.has_words]
    new_texts = [c for c in clause_texts(new, known_keys) if c.has_words]
    matches = align(old_texts, new_texts, options.align)
    entries = _ordered(matches, old_texts, new_texts)
    flags_compared = old_flags is not None and new_flags is not None
    deltas = (flag_deltas(entries, old, new, old_flags or (), new_flags or (), category_titles)
              if flags_compared else ())
    promises = promise_changes(entries, old, new, {c.clause.id: c for c in old_texts},
                               {c.clause.id: c for c in new_texts})
    return Comparison(
        old=old, new=new, entries=tuple(entries), flag_deltas=deltas,
        counts=_counts(entries, old_texts, new_texts), swapped=swapped,
        order_basis=basis,
        flags_compared=flags_compared, promise_changes=promises,
    )


def compare_analyses(old: AnalysisLike, new: AnalysisLike,
                     options: CompareOptions | None = None) -> Comparison:
    """:func:`compare` two analyses (documents with their flags, and the packs that made them)."""
    titles = {**category_titles(getattr(old, "pack", None)), **category_titles(getattr(new, "pack", None))}
    return compare(old.document, new.document, old_flags=old.flags, new_flags=new.flags, options=options,
                   category_titles=titles)


def category_titles(pack: RulePack | None) -> dict[str, str]:
    """Each category id of ``pack`` (None: no pack) with its title, and as ``rule:<id>`` each rule
    with a title of its own ("Used to train AI models"), which the flag deltas name; a ``fair_variant``
    rule with a title is also listed as ``fair:<id>`` (what it adds to a concern limits it)."""
    if pack is None:
        return {}
    return ({cid: category.title for cid, category in pack.categories.items()}
            | {f"rule:{rule.id}": rule.title for rule in pack.rules if rule.title}
            | {f"fair:{rule.id}": rule.title for rule in pack.rules if rule.title and rule.fair_variant})


def unaccounted(comparison: Comparison) -> list[str]:
    """Problems with the bookkeeping: clauses with words in no entry or in several, clauses
    without words in any (empty when sound)."""
    problems: list[str] = []
    for side, document, ids_of in (("old", comparison.old, lambda e: e.old_ids),
                                   ("new", comparison.new, lambda e: e.new_ids)):
        seen: dict[str, int] = {}
        for entry in comparison.entries:
            for clause_id in ids_of(entry):
                seen[clause_id] = seen.get(clause_id, 0) + 1
        for text in clause_texts(document):
            clause = text.clause
            times = seen.get(clause.id, 0)
            if times != (1 if text.has_words else 0):
                problems.append(f"{side} clause {clause.id} is in {count(times, 'entry', 'entries')}")
        problems += [f"{side} entry names unknown clause {i}" for i in seen if not document.has_clause(i)]
    return problems

"""Promises to the reader that a new version words more loosely or more firmly.

A flag says *what* a clause provides for; it does not change when "we delete that copy 30 days
after submission" becomes "we delete that copy 30 days after review, unless otherwise stated", or
"we will notify you at least 30 days before" loses its "at least 30 days". A privacy officer
comparing versions wants exactly those edits.

A *promise* is a sentence in which the company ("we") undertakes something for the reader:
to notify, ask for consent, delete or de-identify data, protect it, refund, or *not* to sell,
share or track. Only promises are weighed, because the same qualifier cuts the other way in a
provision against the reader ("we may share your data … unless you opt out" is better news than
"we share your data"). Within a changed clause, each promise sentence of the new version is
paired with the most alike sentence of the old one; qualifiers that loosen it ("may", "unless",
"except", "where possible", "at our discretion", "try to") and words that bind it ("will",
"never", "always", "at least 30 days", "within 14 days") are counted in both, and the balance
says whether the promise got weaker or firmer. A promise sentence with no counterpart in the other
version (nor anywhere in it: it may have moved) was dropped or added.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from terms.compare.clausetext import ClauseText
from terms.compare.flagdelta import clause_names
from terms.compare.model import Entry, PromiseChange
from terms.model import Document
from terms.rulepacks.scan import sentence_spans
from terms.textnorm import comparison_key

#: Sentences at least this alike (in their characters, as compared) are one sentence reworded.
SAME_SENTENCE = 0.6
#: Characters of a sentence quoted in a headline's evidence.
QUOTE_CHARS = 240

_ADVERB = (r"(?: (?:also|only|then|still|generally|usually|typically|normally|promptly|immediately|"
           r"automatically))?")
# Auxiliaries, adverbs and negations between "we" and the verb of a promise.
_CHAIN = (r"(?:\s+(?:will|shall|must|may|might|can|could|also|then|promptly|immediately|automatically|"
          r"always|never|not|do|does|generally|usually|only|to|try|attempt|aim|strive|endeavou?r|seek|"
          r"be able to)\b|n't\b|'ll\b)*")
# What the company does *for* the reader. Deleting an account, or removing one or its content, is a
# sanction, not a promise (deleting posts is mostly what a member asked for).
_FOR_YOU = (r"(?:(?:notify|inform) (?:you|affected)|tell you(?! about)|let you know|explain (?:why|to you)|"
            r"give you|provide you with (?:notice|access|a copy)|ask (?:for )?your (?:consent|permission)|"
            r"ask you for (?:consent|permission)|seek your|obtain your|get your|anonymi[sz]e|de-?identify|"
            r"encrypt|protect|safeguard|(?:respect|honou?r) (?:your|that|th[eo]se?|the choices?)|refund|"
            r"respond to your|"
            r"(?:delete|erase|destroy)(?!(?:\s+\S+){0,5}?\s+(?:accounts?|access|services?|features?)\b)|"
            r"remove(?!(?:\s+\S+){0,5}?\s+(?:accounts?|content|posts?|access|services?|features?|materials?)\b))")
# What the company would do *against* the reader: a promise only when denied.
_AGAINST_YOU = (r"(?:sell|share|rent|disclose|transfer|trade|track|read|show|charge|combine|collect|retain|"
                r"send)")
_PROMISE = re.compile(rf"\bwe(?P<chain>{_CHAIN})\s+(?:(?P<for_you>{_FOR_YOU})|{_AGAINST_YOU})\b")
_DENIED = re.compile(r"\bnot\b|\bnever\b|n't")

#: Numbers written as words in notice periods ("at least thirty days"), so that a version that
#: spells out "30" does not read as dropping one period and adding another.
_NUMBERS = {"one": "1", "two": "2", "three": "3", "five": "5", "seven": "7", "ten": "10",
            "fourteen": "14", "fifteen": "15", "twenty": "20", "thirty": "30", "forty-five": "45",
            "sixty": "60", "ninety": "90"}
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBERS) + r")\b")

_LOOSENERS = re.compile(
    rf"\bwe{_ADVERB} (?P<modal>may|might)\b|\bunless\b|\bexcept\b|\bto the extent\b"
    r"|\bwhere (?:reasonably )?(?:possible|practicable|feasible|appropriate)\b"
    r"|\b(?:at|in) (?:our|its) (?:sole |absolute |own |reasonable )?discretion\b"
    r"|\breasonable (?:efforts|steps|measures)\b|\b(?:try|attempt|aim|strive|endeavou?r|seek)s? (?:to|and)\b"
    r"|\b(?:generally|typically|usually|normally|ordinarily|sometimes)\b|\bin (?:most|some|certain) cases\b"
    r"|\bas we see fit\b|\bif we (?:choose|decide|deem)\b|\bwhere (?:required|allowed|permitted)\b")
_BINDERS = re.compile(
    rf"\bwe{_ADVERB} (?P<modal>will|shall|must)\b|\bwe'll\b|\bnever\b|\balways\b|\bat all times\b"
    rf"|\bin (?:all|every) cases?\b|\b(?:at least|within) (?:\d+|{'|'.join(_NUMBERS)}) \w+")


def is_promise(sentence: str) -> bool:
    """Whether ``sentence`` (as compared: case-folded) has the company undertake something for the
    reader: a verb for the reader, or a verb against the reader that is denied."""
    return any(m.group("for_you") or _DENIED.search(m.group("chain")) for m in _PROMISE.finditer(sentence))


def _cues(pattern: re.Pattern[str], sentence: str) -> Counter[str]:
    """The qualifiers or binding words of ``sentence``, "we may" counted as "may"."""
    def cue(m: re.Match[str]) -> str:
        words = m.group().replace("we'll", "will")
        return m.group("modal") or _NUMBER_WORD.sub(lambda n: _NUMBERS[n.group()], words)

    return Counter(map(cue, pattern.finditer(sentence)))


@dataclass(frozen=True, slots=True)
class _Sentence:
    clause_id: str
    text: str          # as written
    key: str           # as compared

    @property
    def quote(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS].rsplit(" ", 1)[0] + "…"


def _sentences(texts: Sequence[ClauseText]) -> list[_Sentence]:
    return [sentence for ct in texts
            for sentence in _sentences_of(ct.clause.id, ct.clause.text, ct.body_start, ct.body_end)]


def _sentences_of(clause_id: str, text: str, start: int, end: int) -> list[_Sentence]:
    return [_Sentence(clause_id, text[a:b], comparison_key(text[a:b]))
            for a, b in sentence_spans(text, start, end)]


def _counterpart(sentence: _Sentence, others: Sequence[_Sentence]) -> _Sentence | None:
    best, score = None, SAME_SENTENCE
    for other in others:
        similarity = Indel.normalized_similarity(sentence.key, other.key, score_cutoff=score)
        if similarity >= score:
            best, score = other, similarity
    return best


def _quoted(words: Counter[str]) -> str:
    return ", ".join(f"“{w}”" for w in words.elements())


def _reworded(old: _Sentence, new: _Sentence) -> tuple[bool, str] | None:
    """(weaker, what changed) for one promise reworded, or None when it binds as much as before."""
    old_loose, new_loose = _cues(_LOOSENERS, old.key), _cues(_LOOSENERS, new.key)
    old_bind, new_bind = _cues(_BINDERS, old.key), _cues(_BINDERS, new.key)
    adds_loose, drops_loose = new_loose - old_loose, old_loose - new_loose
    adds_bind, drops_bind = new_bind - old_bind, old_bind - new_bind
    balance = adds_loose.total() + drops_bind.total() - drops_loose.total() - adds_bind.total()
    if balance == 0:
        return None
    weaker = balance > 0
    added, dropped = (adds_loose, drops_bind) if weaker else (adds_bind, drops_loose)
    parts = [f"adds {_quoted(added)}"] if added else []
    parts += [f"no longer says {_quoted(dropped)}"] if dropped else []
    return weaker, " and ".join(parts)


@dataclass(slots=True)
class _Found:
    weaker: bool
    entry: Entry
    position: int
    detail: str
    old: _Sentence | None
    new: _Sentence | None


_Finding = tuple[bool, str, "_Sentence | None", "_Sentence | None"]


def _in_entry(old: list[_Sentence], new: list[_Sentence]) -> Iterator[_Finding]:
    """Promises of one changed entry reworded (weaker, detail, old, new), then the old promises
    without a counterpart (dropped: ``new`` is None) and the new ones (added: ``old`` is None)."""
    old_promises = [s for s in old if is_promise(s.key)]
    new_promises = [s for s in new if is_promise(s.key)]
    paired: set[int] = set()
    for sentence in new_promises:
        before = _counterpart(sentence, old)
        if before is None:
            yield False, "adds a promise", None, sentence
            continue
        paired.add(id(before))
        if before.key != sentence.key and is_promise(before.key):
            change = _reworded(before, sentence)
            if change is not None:
                yield change[0], change[1], before, sentence
    for sentence in old_promises:
        if id(sentence) not in paired and _counterpart(sentence, new) is None:
            yield True, "drops a promise", sentence, None


def promise_notes(old_text: str | None, new_text: str | None) -> tuple[tuple[bool, str], ...]:
    """``(weaker, what)`` for each promise reworded, dropped or added between two wordings of one
    clause (``None``: the clause is not in that version), for a reader who sees the clause
    alone, as the consent re-review shows it: "weakens a promise: no longer says “at least 30
    days”", "drops the promise “We do not share message content.”"."""
    old = _sentences_of("", old_text or "", 0, len(old_text or ""))
    new = _sentences_of("", new_text or "", 0, len(new_text or ""))
    notes = []
    for weaker, detail, before, after in _in_entry(old, new):
        if before is not None and after is not None:
            notes.append((weaker, f"{'weakens' if weaker else 'strengthens'} a promise: {detail}"))
        else:
            quote = (after or before).quote if after or before else ""
            notes.append((weaker, f"{detail.replace(' a ', ' the ', 1)} “{quote}”"))
    return tuple(notes)


def promise_changes(entries: Sequence[Entry], old_doc: Document, new_doc: Document,
                    old_texts: dict[str, ClauseText], new_texts: dict[str, ClauseText],
                    ) -> tuple[PromiseChange, ...]:
    """Promises reworded, dropped or added in the entries whose words changed, weaker ones first.

    A promise "dropped" from one clause that the new version has (alike) in another clause moved,
    and so did one "added" that the old version had elsewhere: neither is reported.
    """
    found: list[_Found] = []
    for position, entry in enumerate(entries):
        if entry.diff is None or not entry.old_ids or not entry.new_ids:
            continue
        old = _sentences([old_texts[i] for i in entry.old_ids if i in old_texts])
        new = _sentences([new_texts[i] for i in entry.new_ids if i in new_texts])
        for weaker, detail, before, after in _in_entry(old, new):
            found.append(_Found(weaker, entry, position, detail, before, after))
    if not found:
        return ()
    found = _not_moved(found, old_texts, new_texts)
    old_names = clause_names(old_doc, [i for f in found if f.new is None for i in f.entry.old_ids])
    new_names = clause_names(new_doc, [i for f in found if f.new is not None for i in f.entry.new_ids])
    found.sort(key=lambda f: (not f.weaker, f.position))
    changes = []
    for f in found:
        where = new_names[f.new.clause_id] if f.new else old_names[f.old.clause_id] if f.old else ""
        verb = "Weakens" if f.weaker else "Strengthens"
        headline = f"{verb} a promise in {where}: {f.detail}" if f.old and f.new else \
            f"{f.detail[0].upper()}{f.detail[1:]} in {where}"
        changes.append(PromiseChange(
            weaker=f.weaker, old_ids=f.entry.old_ids, new_ids=f.entry.new_ids, headline=headline,
            old_sentence=f.old.quote if f.old else "", new_sentence=f.new.quote if f.new else ""))
    return tuple(changes)


def _not_moved(found: list[_Found], old_texts: dict[str, ClauseText],
               new_texts: dict[str, ClauseText]) -> list[_Found]:
    """``found`` without the promises dropped or added that the other version has in another clause."""
    lonely = [f for f in found if f.old is None or f.new is None]
    if not lonely:
        return found
    old_all = [s for s in _sentences(list(old_texts.values())) if is_promise(s.key)]
    new_all = [s for s in _sentences(list(new_texts.values())) if is_promise(s.key)]
    kept = []
    for f in found:
        if f.new is None and f.old is not None and _counterpart(f.old, new_all) is not None:
            continue
        if f.old is None and f.new is not None and _counterpart(f.new, old_all) is not None:
            continue
        kept.append(f)
    return kept

"""Promises to the reader that a new version words more loosely or more firmly, reverses, drops or adds.

A flag says *what* a clause provides for; it does not change when "we delete that copy 30 days
after submission" becomes "we delete that copy 30 days after review, unless otherwise stated", or
"we will notify you at least 30 days before" loses its "at least 30 days". A privacy officer
comparing versions wants exactly those edits.

A *promise* is a sentence in which the company ("we") undertakes something for the reader (to
notify, ask for consent, delete or de-identify data, protect it, refund) or denies doing something
against the reader ("we do not sell", "we won't track"), or whose subject, something of the reader's,
is denied being handed on ("your messages will not be shared"). Its opposite, a *reversal*, does the
reverse: "we will not notify you", "we sell your data". Only promises are weighed, because the
same qualifier cuts the other way in a provision against the reader ("we may share your data …
unless you opt out" is better news than "we share your data").

Within a changed clause, the sentences of the two versions are paired one to one: identical ones
first, then the most alike (60% of their characters in order, or the shorter found nearly whole
in the longer, as when an exception is added), never reusing a sentence; last, two promises left
alone that undertake the same thing ("we do not share …") if 40% alike. A clause removed drops
its promises, unless the new version still says them word for word, however cut or punctuated;
a clause added is left to the clause list (a policy rewritten throughout would "add" dozens of
promises, most of them old ones in new words). In a promise paired
with a promise, qualifiers that loosen it ("may", "unless", "except", "without your consent",
"where possible", "at our discretion", "try to") and words that bind it ("must", "never",
"always", "at least 30 days", "within 14 days") are counted on both sides, and the balance says
whether it got weaker or firmer ("will" against a plain present tense is no change: both state
what the company does); a notice period made shorter, or a deadline longer, is weaker too, and so
is a promise not to hand data on that names fewer recipients ("with your employer or insurer"
become "with your employer"). The
service's name before an auxiliary ("Zoom will notify you") reads as "we". A promise paired
with a sentence that is not one was reversed (or made); one without a partner was dropped (or
added: not where the company only "may" do it), unless the other version has it nearly word for
word in another clause: then it moved,
and a promise that moved from a clause is weighed against where it went, as a reworded one is.

A right of the reader's is weighed by the sentence that limits it ("This request does not apply
to …, and it may take up to 90 days"): one that now excludes more, or takes longer, weakens the
right (:mod:`terms.compare.rightlimits`); so do words that narrow it added to its own sentence
("delete your samples not yet incorporated into research sets").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from terms.compare.clausetext import ClauseText, DocumentWords
from terms.compare.defaults import choice_made_condition, opt_in_made_default
from terms.compare.flagdelta import clause_names
from terms.compare.model import Entry, PromiseChange
from terms.compare.parties import added_parties
from terms.compare.periods import DAYS, NUMBER, in_figures
from terms.compare.rightlimits import limit_change
from terms.flagging.extract import extract
from terms.model import Document
from terms.rulepacks.scan import LIMITS_WHAT_PRECEDES, sentence_spans
from terms.textnorm import comparison_key
from terms.wording import cut_quote

#: Sentences at least this alike (in their characters, as compared) are one sentence reworded.
SAME_SENTENCE = 0.6
#: Or when this much of the shorter one is found, in order, in the longer one (an exception added).
CONTAINED = 0.9
#: Two promises of one clause, left without partners, that undertake the same thing ("we do not
#: share") are one promise reworded when at least this alike.
SAME_PROMISE = 0.4
#: A promise with no partner in its clause moved when another clause of the other version has a
#: sentence this alike; "we do not sell your personal information" and "… your browsing history"
#: (0.72) are two promises, not one moved.
MOVED = 0.9
#: Sentence pairs per changed clause up to which containment is looked for as well as likeness:
#: it is the costly test (a wall of text of 2,000 promises would take a minute), and a clause
#: that long is paired on likeness alone.
CONTAINMENT_PAIRS = 40_000
#: Characters of a sentence quoted in a headline's evidence.
QUOTE_CHARS = 240

_ADVERB = (r"(?: (?:also|only|then|still|generally|usually|typically|normally|promptly|immediately|"
           r"automatically))?")
# Auxiliaries, adverbs and negations between "we" and the verb of a promise ("we do not and will
# never sell", "we won't", "we'll promptly notify").
_CHAIN = (r"(?:\s+(?:(?:do|does|did|wo|ca|would|could|should)n't|will|shall|must|may|might|can|could|"
          r"would|also|then|promptly|immediately|automatically|always|never|not|do|does|and|ever|"
          r"generally|usually|only|clearly|explicitly|first|to|try|attempt|aim|strive|endeavou?r|seek|"
          r"be able to)\b|'ll\b)*")
# What the company does *for* the reader (in business terms "Customer", "the billing contact" are the
# reader: "we will notify the billing contact by email at least 30 days before"). Deleting an account,
# removing one or its content, or deleting "or disabling" something is a sanction, not a promise
# (deleting posts is mostly what a member asked for).
_READER = (r"(?:you|affected|(?:the )?(?:customers?|billing contacts?"
           r"|account (?:owners?|holders?|administrators?)|administrators?|users?|members?|subscribers?)\b)")
_FOR_YOU = (rf"(?:(?:notify|inform) {_READER}|tell you(?! about)|let you know|explain (?:why|to you)|"
            r"give you|provide you with (?:notice|access|a copy)|ask (?:for )?your (?:consent|permission)|"
            r"ask you for (?:consent|permission)|seek your|obtain your|get your|anonymi[sz]e|de-?identify|"
            r"encrypt|protect|safeguard|(?:respect|honou?r) (?:your|that|th[eo]se?|the choices?)|refund|"
            r"respond to your|"
            r"(?:(?:delete|erase|destroy)(?!(?:\s+\S+){0,5}?\s+(?:accounts?|access|services?|features?)\b)|"
            r"(?:remove|strip)(?!(?:\s+\S+){0,5}?\s+(?:accounts?|content|posts?|access|services?|features?"
            r"|materials?)\b))"
            r"(?!\s+or\s+(?:disable|suspend|terminate|block|restrict|take down)\b))")
# What the company would do *against* the reader: a promise only when denied.
# ("use" as in "we will not use your messages to train AI models"; not "use reasonable efforts")
# (nor "send" a notice: "we will not send separate notice of changes" takes a promise back)
_AGAINST_YOU = (r"(?:sell|share|rent|licen[cs]e|disclose|transfer|trade|track|read|show|charge|combine|"
                r"collect|retain|record|"
                # (keeping data, not keeping it safe or the reader informed: "we do not keep a copy of it")
                r"keep(?!\s+(?:you\b|(?:\S+\s+){0,7}?(?:safe|secure|confidential|private|protected|accurate"
                r"|up to date|informed)\b))|"
                r"send(?!(?:\s+(?:you|any|a|an|the|separate|further|advance|prior|individual))*\s+"
                r"(?:notices?|notifications?|reminders?|warnings?)\b)|"
                r"use(?!\s+(?:(?:commercially|all)\s+)?(?:reasonable|best)\b))")
# Sharing something *with* the reader is not against them ("we may not share information with you
# about your account's termination").
_WITH_YOU = r"(?!(?:\s+[\w'’,]+){0,6}?\s+(?:with|to) you\b)"
# (a verb may be quoted, as laws define it: 'we do not "sell" or "share" personal information')
_UNDERTAKING = re.compile(
    rf"\bwe(?P<chain>{_CHAIN})\s+\"?(?:(?P<for_you>{_FOR_YOU})|(?P<against>{_AGAINST_YOU})\b{_WITH_YOU})\b")
#: more verbs denied with the first: "we do not sell, rent or share", 'we do not "sell" or "share"'
_MORE_AGAINST = re.compile(
    rf"\"?(?:,\s*(?:or\s+|and\s+|nor\s+)?|\s+(?:or|and|nor)\s+)\"?(?P<verb>{_AGAINST_YOU})\b")
_DENIED = re.compile(r"\bnot\b|\bnever\b|n't|\bcannot\b")
#: the participles of the verbs that hand data on, as a denial in the passive says them, whatever its
#: subject: "your readings are never shared with your employer", "Personal Data will not be sold"
_HANDED_ON_PARTICIPLES = {"sold": "sell", "shared": "share", "rented": "rent", "licensed": "license",
                          "licenced": "licence", "disclosed": "disclose", "transferred": "transfer",
                          "traded": "trade", "shown": "show"}
#: ... and of the verbs that do something for the reader ("your readings are kept confidential", "your
#: messages are encrypted"), a promise when said and its opposite when denied. Not "protected": "your
#: content may be protected by intellectual property rights", "if you don't believe your health
#: information is protected" promise nothing.
_FOR_YOU_PARTICIPLES = {"encrypted": "encrypt", "anonymised": "anonymise",
                        "anonymized": "anonymize", "de-identified": "de-identify",
                        "deidentified": "deidentify",
                        "kept confidential": "protect", "kept strictly confidential": "protect",
                        "kept private": "protect", "kept secure": "protect",
                        "treated as confidential": "protect", "held in confidence": "protect"}
_PARTICIPLES = {**_HANDED_ON_PARTICIPLES, **_FOR_YOU_PARTICIPLES}
_PARTICIPLE = "(?:" + "|".join(p.replace(" ", r"\s+") for p in _PARTICIPLES) + ")"
_PASSIVE = re.compile(
    r"\b(?:is|are|will|shall|would|can|could|may|might|must|wo|ca|sha|cannot)"
    rf"(?P<chain>(?:n't|\s+(?:not|never|ever|be|also|only|then|otherwise)\b)*)\s+\"?(?P<verb>{_PARTICIPLE})\b"
    rf"{_WITH_YOU}(?!(?:\s+[\w'’,]+){{0,6}}?\s+by you\b)")
#: what the subject of such a sentence must name: the reader's own (not "the amount of any settlement
#: offer", which "shall not be disclosed to the arbitrator"); a right not to be handed on "by you" is a
#: restriction of the reader's (above)
_READERS_OWN = re.compile(r"\byour\b|\bpersonal (?:data|information)\b|\babout you\b")
_MORE_PARTICIPLES = re.compile(
    rf"\"?(?:,\s*(?:or\s+|and\s+|nor\s+)?|\s+(?:or|and|nor)\s+)\"?(?:otherwise\s+)?(?P<verb>{_PARTICIPLE})\b")


_LOOSENERS = re.compile(
    rf"\bwe{_ADVERB} (?P<modal>may|might)\b|\bunless\b|\bexcept\b|\bto the extent\b"
    # an exception in other words ("… to insurers, other than to affiliates of Research Sponsors")
    r"|\bother than\b|\b(?:apart|aside) from\b|\bwith the exception of\b"
    r"|\bwithout your (?:prior |express )?(?:consent|permission)\b"
    # ("including our disclosure rights without notice in Section 13.8")
    r"|\bwithout (?:any |prior |advance )?notice\b"
    r"|\bwhere (?:reasonably )?(?:possible|practicable|feasible|appropriate)\b|\bas appropriate\b"
    r"|\b(?:at|in) (?:our|its) (?:sole |absolute |own |reasonable )?discretion\b"
    r"|\breasonable (?:efforts|steps|measures)\b|\b(?:try|attempt|aim|strive|endeavou?r|seek)s? (?:to|and)\b"
    r"|\b(?:generally(?! accepted)|typically|usually|normally|ordinarily|sometimes)\b"
    r"|\bin (?:most|some|certain) cases\b|\bas we see fit\b|\bwhere (?:required|allowed|permitted)\b"
    # "but not in all cases", "not necessarily": a binding word denied loosens
    r"|\bnot (?:always|necessarily|in (?:all|every) cases?|at all times)\b"
    r"|\b(?:when|if) (?:reasonably )?(?:possible|practicable|feasible|appropriate)\b|\bif required by law\b"
    r"|\bsubject to (?:applicable )?laws?\b")
_BINDERS = re.compile(
    rf"\bwe{_ADVERB} (?P<modal>must)\b|\bnever\b"
    r"|(?<!not )(?:\balways\b|\bat all times\b|\bin (?:all|every) cases?\b)"
    rf"|\b(?:at least|no less than|not less than|a minimum of|within|no later than|not later than) "
    rf"{NUMBER}(?: \(\d+\))? (?:(?:business|working|calendar) )?\w+"
    # a notice period said by its length alone: "30 days' notice", "two weeks in advance"
    rf"|\b{NUMBER}(?: \(\d+\))? (?:(?:business|working|calendar) )?(?:hour|day|week|month|year)s?['’]?"
    r" (?:prior |advance )?(?:notice\b|in advance\b)"
    # a promise to no one at all: "we never … disclose your Verified Credential to anyone" bound more than
    # "… to advertisers"
    r"|\b(?:to|with) (?:anyone|anybody|any(?:one)? (?:else|other)|any third part(?:y|ies)|third parties"
    r"|others)\b"
    # ... or to any of a kind ("to any insurer, including …" bound more than "to health insurers in the
    # United States")
    r"|\b(?:to|with) any (?:[\w-]+ )?(?:insurers?|employers?|advertisers?|brokers?|lenders?|companies|company"
    r"|organi[sz]ations?|business(?:es)?|part(?:y|ies)|persons?|entit(?:y|ies)|recipients?|governments?)\b")


#: verbs that undertake the same as another ("we strip this information" removes it; "we do not keep a
#: copy" does not retain one)
_SAME_VERB = {"strip": "remove", "keep": "retain"}


@lru_cache(maxsize=8192)   # a sentence is asked several times while its clause is paired
def _undertakings(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """(promised, reversed): the verbs of ``sentence`` (as compared: case-folded) by which the
    company undertakes something for the reader ("notify" in "we will notify you", "sell" in "we
    do not sell"), and those by which it says the opposite ("notify" in "we will not notify you",
    "sell" in "we sell your data")."""
    promised, reversed_ = set(), set()
    for m in _UNDERTAKING.finditer(sentence):
        verb = (m.group("for_you") or m.group("against")).split()[0]
        verb = _SAME_VERB.get(verb, verb)
        denied = bool(_DENIED.search(m.group("chain")))
        found = promised if bool(m.group("for_you")) != denied else reversed_
        found.add(verb)
        if m.group("against"):
            end = m.end()
            while more := _MORE_AGAINST.match(sentence, end):
                found.add(_SAME_VERB.get(more.group("verb"), more.group("verb")))
                end = more.end()
    for m in _PASSIVE.finditer(sentence):
        if not _READERS_OWN.search(sentence, 0, m.start()):
            continue
        # handing on denied is a promise ("is never shared"), said its opposite ("will be shared"); the
        # verbs for the reader the other way round ("is encrypted", "is not encrypted")
        denied = bool(_DENIED.search(m.group().replace("not only", "")))
        participles = [m.group("verb")]
        end = m.end()
        while more := _MORE_PARTICIPLES.match(sentence, end):
            participles.append(more.group("verb"))
            end = more.end()
        for participle in (" ".join(p.split()) for p in participles):
            for_you = participle in _FOR_YOU_PARTICIPLES
            (promised if for_you != denied else reversed_).add(_PARTICIPLES[participle])
    return frozenset(promised), frozenset(reversed_)


def is_promise(sentence: str) -> bool:
    """Whether ``sentence`` (as compared: case-folded) has the company undertake something for the
    reader: a verb for the reader not denied, or a verb against the reader denied."""
    return bool(_undertakings(sentence)[0])


def _cues(pattern: re.Pattern[str], sentence: str) -> Counter[str]:
    """The qualifiers or binding words of ``sentence``, "we may" counted as "may" and a period in
    words as in figures ("at least thirty (30) days" is "at least 30 days")."""
    def cue(m: re.Match[str]) -> str:
        if m.group("modal"):
            return m.group("modal")
        return in_figures(m.group())

    return Counter(map(cue, pattern.finditer(sentence)))


@dataclass(frozen=True, slots=True)
class _Sentence:
    clause_id: str
    text: str          # as written
    key: str           # as compared

    @property
    def quote(self) -> str:
        return cut_quote(" ".join(self.text.split()), QUOTE_CHARS)

    @property
    def promise(self) -> bool:
        return is_promise(self.key)

    @property
    def weighed(self) -> bool:
        """A promise, a right of the reader's, or the limit of a right
        (:func:`~terms.compare.rightlimits.limit_change`)."""
        return (self.promise or LIMITS_WHAT_PRECEDES.match(self.key) is not None
                or _RIGHT.search(self.key) is not None)


def _reverses(promise: _Sentence, other: _Sentence) -> bool:
    """Whether ``other`` says the opposite of what ``promise`` undertakes: one of its verbs the
    other way round ("we do not sell" / "we sell"), not merely something else."""
    return bool(_undertakings(promise.key)[0] & _undertakings(other.key)[1])


def _sentences(texts: Sequence[ClauseText], company: re.Pattern[str] | None) -> list[_Sentence]:
    return [sentence for ct in texts
            for sentence in _sentences_of(ct.clause.id, ct.clause.text, ct.body_start, ct.body_end, company)]


def _sentences_of(clause_id: str, text: str, start: int, end: int,
                  company: re.Pattern[str] | None) -> list[_Sentence]:
    """The sentences of ``text[start:end]``; in their keys the company's name as a subject reads as
    "we" (:func:`company_subject`)."""
    sentences = []
    for a, b in sentence_spans(text, start, end):
        key = comparison_key(text[a:b])
        sentences.append(_Sentence(clause_id, text[a:b], company.sub("we", key) if company else key))
    return sentences


#: Legal forms after a company's name ("Snap Group Limited" is "Snap" in its own text).
_LEGAL_FORM = re.compile(r"(?:\s+(?:group|limited|ltd|inc|llc|corp(?:oration)?|plc|gmbh|s\.?a)\.?)+$")
#: What follows a company's name when it is the subject of a promise ("Amazon does not sell …",
#: "Zoom will notify you"): an auxiliary or a negation, as after "we".
_AS_SUBJECT = (r"(?=\s+(?:will|shall|must|may|might|can|could|would|does|do|did|never|also|only|then|"
               r"promptly|always)\b|\s+(?:wo|does|do|did|ca)n't\b|'ll\b)")


#: the product as a sentence's subject, which promises as the company does ("the App does not record audio or
#: video during Visits" became "Except as described in section 7.6, the App does not record audio")
PRODUCT_SUBJECTS = ("the app", "the apps", "the service", "the services", "the platform", "the portal",
                    "the site", "the website", "our app", "our apps", "our service", "our services",
                    "our platform")


#: first words of a service's name that are ordinary words, never the company's short name
_COMMON_FIRST_WORDS = frozenset(("american", "british", "national", "global", "united", "general", "first",
                                 "north", "south", "western", "eastern", "central", "international"))


@lru_cache(maxsize=64)
def company_subject(*names: str | None) -> re.Pattern[str] | None:
    """A pattern for the company's names (as compared) where one is the subject of a sentence, so
    that "Amazon does not sell your personal information" is read as "we do not sell …" and a
    version that says "Spotify will give you notice" and the next "We'll give you notice" keep one
    promise. Names of fewer than three letters ("X") are left out: too often another word. A name of
    several words is also read by its first one when that is a name of five letters or more
    ("Northgate does not sell …" in the notice of Northgate Occupational Screening)."""
    forms = set()
    for name in filter(None, names):
        key = comparison_key(name)
        key = re.sub(r"\.(?:com|net|org|co(?:\.uk)?)$", "", key)
        key = _LEGAL_FORM.sub("", key)
        if len(key) >= 3:
            forms.add(key)
        first = key.split(" ", 1)[0]
        if first != key and len(first) >= 5 and first not in _COMMON_FIRST_WORDS:
            forms.add(first)
    if not forms:
        return None
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w.'’])(?:{alternatives})(?![\w'’]){_AS_SUBJECT}")


def _pairs(old: list[_Sentence], new: list[_Sentence]) -> dict[int, int]:
    """Old sentence index -> new sentence index, one to one: identical sentences, then, among the
    sentences left, each promise's most alike partner (at least :data:`SAME_SENTENCE`), the most
    alike pairs first. Only pairs with a promise (or a right's limit) on one side matter, so only
    those are scored."""
    pairs: dict[int, int] = {}
    free_new: dict[str, list[int]] = {}
    for j, sentence in enumerate(new):
        free_new.setdefault(sentence.key, []).append(j)
    for i, sentence in enumerate(old):
        same = free_new.get(sentence.key)
        if same:
            pairs[i] = same.pop(0)
    taken = set(pairs.values())
    left_old = [i for i in range(len(old)) if i not in pairs]
    left_new = [j for j in range(len(new)) if j not in taken]
    scored: list[tuple[float, int, int]] = []
    promises = [i for i in left_old if old[i].weighed], [j for j in left_new if new[j].weighed]
    contained = (len(promises[0]) * len(left_new) + len(promises[1]) * len(left_old)) <= CONTAINMENT_PAIRS
    for i in promises[0]:
        scored += _candidates(old[i], i, [(j, new[j]) for j in left_new], flip=False, contained=contained)
    for j in promises[1]:
        scored += _candidates(new[j], j, [(i, old[i]) for i in left_old], flip=True, contained=contained)
    _pair_best_first(scored, pairs)
    # promises still alone on both sides that undertake the same thing were reworded past
    # SAME_SENTENCE ("we do not share message content" / "… the content of private
    # communications"): one promise, not one dropped and another added
    taken = set(pairs.values())
    lone_old = [i for i in promises[0] if i not in pairs]
    lone_new = [j for j in promises[1] if j not in taken]
    if len(lone_old) * len(lone_new) > CONTAINMENT_PAIRS:
        return pairs   # a clause rewritten throughout: its promises are paired on likeness alone
    _pair_best_first([(score, i, j) for i in lone_old for j in lone_new
                      if _undertakings(old[i].key)[0] & _undertakings(new[j].key)[0]
                      and (score := Indel.normalized_similarity(old[i].key, new[j].key)) >= SAME_PROMISE],
                     pairs)
    return pairs


def _pair_best_first(scored: list[tuple[float, int, int]], pairs: dict[int, int]) -> None:
    """Add to ``pairs`` the (likeness, old, new) candidates, most alike first, neither side twice."""
    used_new = set(pairs.values())
    for _, i, j in sorted(set(scored), key=lambda pair: (-pair[0], pair[1], pair[2])):
        if i not in pairs and j not in used_new:
            used_new.add(j)
            pairs[i] = j


def _candidates(sentence: _Sentence, index: int, others: list[tuple[int, _Sentence]],
                *, flip: bool, contained: bool) -> list[tuple[float, int, int]]:
    """(likeness, old index, new index) for ``sentence`` and each of ``others`` alike enough: at
    least :data:`SAME_SENTENCE` similar, or (scored 1.0, when ``contained`` is asked for) the
    shorter of the two, 20 characters or more, found :data:`CONTAINED` whole in the longer (an
    exception added to a promise). Scored in rapidfuzz's own loops."""
    choices = {position: other.key for position, other in others}
    likeness = {position: score for _, score, position in process.extract(
        sentence.key, choices, scorer=Indel.normalized_similarity, score_cutoff=SAME_SENTENCE, limit=None)}
    found = process.extract(sentence.key, choices, scorer=fuzz.partial_ratio, score_cutoff=CONTAINED * 100,
                            limit=None) if contained else ()
    for _, _, position in found:
        if min(len(sentence.key), len(choices[position])) >= 20:
            likeness[position] = 1.0
    return [(score, position, index) if flip else (score, index, position)
            for position, score in likeness.items()]


def _quoted(words: Counter[str]) -> str:
    return ", ".join(f"“{w}”" for w in words.elements())


def _reworded(old: _Sentence, new: _Sentence, old_verbs: frozenset[str] = frozenset(),
              new_verbs: frozenset[str] = frozenset()) -> tuple[bool, str] | None:
    """(weaker, what changed) for one promise reworded, or None when it binds as much as before.
    ``old_verbs`` and ``new_verbs``: what the clause promises in its other sentences, on each side
    (a promise cut into two sentences, or two made one, loses or gains no undertaking)."""
    old_loose, new_loose = _cues(_LOOSENERS, old.key), _cues(_LOOSENERS, new.key)
    old_bind, new_bind = _cues(_BINDERS, old.key), _cues(_BINDERS, new.key)
    adds_loose, drops_loose = new_loose - old_loose, old_loose - new_loose
    adds_bind, drops_bind = new_bind - old_bind, old_bind - new_bind
    periods = _periods_changed(drops_bind, adds_bind)
    drops_bind, adds_bind = +drops_bind, +adds_bind   # without the periods taken out
    # a promise that covers fewer things ("we do not sell or share" become "we do not sell")
    before, after = _undertakings(old.key)[0], _undertakings(new.key)[0]
    lost, gained = sorted(before - after - new_verbs), sorted(after - before - old_verbs)
    unnamed, named = _recipients_changed(old, new, before & after)
    balance = (adds_loose.total() + drops_bind.total() - drops_loose.total() - adds_bind.total()
               + sum(1 if weaker else -1 for weaker, _ in periods) + len(lost) - len(gained)
               + len(unnamed) - len(named))
    if balance == 0:
        return None
    weaker = balance > 0
    added, dropped = (adds_loose, drops_bind) if weaker else (adds_bind, drops_loose)
    parts = [f"adds {_quoted(added)}"] if added else []
    parts += [f"no longer says {_quoted(dropped)}"] if dropped else []
    parts += [what for period_weaker, what in periods if period_weaker == weaker]
    verbs, now = (lost, "no longer") if weaker else (gained, "now")
    parts += [f"{now} {_promised(verb)}" for verb in verbs]
    if weaker and unnamed:
        parts.append(f"no longer names {_quoted(Counter(unnamed))}")
    elif not weaker and named:
        parts.append(f"now also names {_quoted(Counter(named))}")
    return weaker, " and ".join(parts)


#: verbs of a promise not to hand something on, whose recipients say how far it reaches
_HANDED_ON = frozenset({"sell", "share", "rent", "licence", "license", "disclose", "transfer", "trade",
                        "show"})
#: where a promise's exception begins: recipients named after it are excepted, not protected against
_EXCEPTION = re.compile(r"\b(?:unless|except|other than|apart from|aside from|with the exception of"
                        r"|but)\b|\(", re.IGNORECASE)


def _recipients_changed(old: _Sentence, new: _Sentence, verbs: frozenset[str]) -> tuple[tuple[str, ...],
                                                                                      tuple[str, ...]]:
    """(no longer named, named only now): the recipients a promise not to hand data on names in one
    wording only, where the other names all the rest. "We never share your readings with your
    employer or insurer" become "… with your employer" no longer names insurers: the promise reaches
    fewer parties. Recipients after an exception ("except our affiliates") are not counted."""
    if not verbs & _HANDED_ON:
        return (), ()
    before = extract(_EXCEPTION.split(old.text, 1)[0], promise=True).parties
    after = extract(_EXCEPTION.split(new.text, 1)[0], promise=True).parties
    return added_parties(after, before, new.text), added_parties(before, after, old.text)


def _promised(verb: str) -> str:
    """What a promise's verb undertakes, to follow "no longer" or "now": "promises not to “share”",
    "promises to “notify”"."""
    return f"promises not to “{verb}”" if re.fullmatch(_AGAINST_YOU, verb) else f"promises to “{verb}”"


#: A binding period as :func:`_cues` writes it: "at least 30 days", "no later than 72 hours",
#: "30 days' notice".
_PERIOD = re.compile(r"(?:(?P<kind>at least|no less than|not less than|a minimum of|within|no later than"
                     r"|not later than) )?(?P<number>\d+) (?P<unit>(?:business |working |calendar )?\w+?)s?"
                     r"(?P<notice>['’]? (?:prior |advance )?(?:notice|in advance))?")
#: A period's kind: a notice given at least so long before ("at least"), or a deadline ("within").
_PERIOD_KINDS = {"at least": "at least", "no less than": "at least", "not less than": "at least",
                 "a minimum of": "at least", "within": "within", "no later than": "within",
                 "not later than": "within"}


def _period(cue: str) -> tuple[str, float] | None:
    """(kind, length in days) of a period cue, or None where it is none or its unit unknown."""
    m = _PERIOD.fullmatch(cue)
    if m is None or m.group("unit") not in DAYS or not (m.group("kind") or m.group("notice")):
        return None
    kind = _PERIOD_KINDS[m.group("kind")] if m.group("kind") else "at least"
    return kind, int(m.group("number")) * DAYS[m.group("unit")]


def _periods_changed(dropped: Counter[str], added: Counter[str]) -> list[tuple[bool, str]]:
    """(weaker, what changed) for a notice period or deadline whose length changed: "at least 30
    days" dropped and "at least 14 days" added is a shorter notice, weaker; "within 14 days" become
    "within 30 days" a later deadline, weaker too. The two cues are taken out of ``dropped`` and
    ``added``; a period only reworded ("30 days" as "one month") is taken out as no change."""
    def lone(cues: Counter[str], kind: str) -> tuple[str, float] | None:
        found = [(cue, period[1]) for cue in cues.elements()
                 if (period := _period(cue)) is not None and period[0] == kind]
        return found[0] if len(found) == 1 else None

    changes = []
    for kind in ("at least", "within"):
        before, after = lone(dropped, kind), lone(added, kind)
        if before is None or after is None:
            continue
        dropped[before[0]] -= 1
        added[after[0]] -= 1
        if before[1] == after[1]:
            continue
        shorter = after[1] < before[1]
        # less notice, or longer to keep a promise, is worse for the reader
        weaker = shorter if kind == "at least" else not shorter
        verb = "shortens" if shorter else "lengthens"
        changes.append((weaker, f"{verb} “{before[0]}” to “{after[0]}”"))
    return changes


@dataclass(slots=True)
class _Found:
    weaker: bool
    detail: str                  # "adds “may”", or what happened to a promise as a whole
    old: _Sentence | None
    new: _Sentence | None
    whole: bool = False          # reversed, made, dropped or added (not reworded)
    right: bool = False          # the limits of a right of the reader's changed, not a promise
    entry: Entry | None = None
    position: int = 0




def _in_entry(old: list[_Sentence], new: list[_Sentence]) -> Iterator[_Found]:
    """What happened to each promise of two wordings of a clause (or of a few clauses aligned)."""
    pairs = _pairs(old, new)
    paired_new = set(pairs.values())
    old_text, new_text = _Joined(old), _Joined(new)
    old_verbs = Counter(verb for sentence in old for verb in _undertakings(sentence.key)[0])
    new_verbs = Counter(verb for sentence in new for verb in _undertakings(sentence.key)[0])
    for i, j in pairs.items():
        before, after = old[i], new[j]
        if before.key == after.key:
            continue
        if (limit := limit_change(before.text, after.text)) is not None:
            yield _Found(limit[0], limit[1], before, after, right=True)
            continue
        if not (before.promise or after.promise):
            if (narrowed := _right_narrowed(before.key, after.key)) is not None:
                yield _Found(narrowed[0], narrowed[1], before, after, right=True)
            continue
        if before.promise and after.promise:
            change = _reworded(before, after, _elsewhere(old_verbs, before), _elsewhere(new_verbs, after))
            if change is not None:
                yield _Found(change[0], change[1], before, after)
        elif before.promise:   # reworded into its opposite, or into something that promises nothing
            if _reverses(before, after):
                yield _Found(True, "reverses a promise", before, after, whole=True)
            elif not new_text.holds(before):
                yield _Found(True, "drops a promise", before, after, whole=True)
        elif {"may", "might"} & (_cues(_LOOSENERS, after.key) - _cues(_LOOSENERS, before.key)).keys():
            # "we commit to deleting …" reworded as "we may delete …": the new wording is read as a
            # promise and the old one is not, but adding "may" makes it no better for the reader
            continue
        elif _reverses(after, before):
            yield _Found(False, "makes a promise", before, after, whole=True)
        elif not old_text.holds(after):
            yield _Found(False, "adds a promise", before, after, whole=True)
    for i, sentence in enumerate(old):
        if i not in pairs and sentence.promise and not new_text.holds(sentence):
            yield _Found(True, "drops a promise", sentence, None, whole=True)
    for j, sentence in enumerate(new):
        # (not one the company may keep or not: "Where we think it appropriate, we may let you know about
        # a legal demand" replaced a promise to tell members before responding, and read as one added)
        if j not in paired_new and sentence.promise and not old_text.holds(sentence) \
                and not {"may", "might"} & _cues(_LOOSENERS, sentence.key).keys():
            yield _Found(False, "adds a promise", None, sentence, whole=True)


#: a right of the reader's to have something done with their data ("You may ask us to delete your samples",
#: "you have the right to access …")
_RIGHT = re.compile(r"\byou (?:may|can|have (?:the|a) right to|are entitled to)\b(?:\s+\S+){0,6}?\s+"
                    r"(?:delet|eras|access|correct|rectif|obtain|withdraw|opt[- ]out|object|restrict|download"
                    r"|export|receive a copy)")
#: words that narrow such a right where they are added ("samples not yet incorporated into research sets")
_NARROWERS = re.compile(r"\bnot yet\b|\bonly\b|\b(?:that|which) (?:has|have) not\b|\bunless\b|\bexcept\b"
                        r"|\bother than\b|\bprovided that\b|\bto the extent\b|\bsubject to\b"
                        r"|\bwhere (?:technically )?(?:possible|feasible)\b|\bin (?:some|certain) cases\b")


def _right_narrowed(old: str, new: str) -> tuple[bool, str] | None:
    """(weaker, what changed) for a right of the reader's reworded with words that narrow it added ("You
    may ask us to delete your samples" become "… your samples not yet incorporated into research sets")
    or taken out; None where it is no such right or the words cut both ways."""
    if not (_RIGHT.search(old) and _RIGHT.search(new)):
        return None
    before = Counter(m.group() for m in _NARROWERS.finditer(old))
    after = Counter(m.group() for m in _NARROWERS.finditer(new))
    added, dropped = after - before, before - after
    if added and not dropped:
        return True, f"adds {_quoted(added)}"
    if dropped and not added:
        return False, f"no longer says {_quoted(dropped)}"
    return None


def _elsewhere(verbs: Counter[str], sentence: _Sentence) -> frozenset[str]:
    """The verbs of ``verbs`` (a side's promises, counted) that a sentence other than ``sentence``
    promises."""
    own = _undertakings(sentence.key)[0]
    return frozenset(verb for verb, count in verbs.items() if count > (verb in own))


class _Joined:
    """The sentences of one side of a clause as one text, to tell a promise that is still there,
    cut into sentences another way, from one that went: "… everyday life).We will inform you …"
    is one sentence in a version that leaves out the space, two in the next."""

    #: characters beyond which the side is not searched (a wall of text: the cost is in its length)
    LIMIT = 50_000

    def __init__(self, sentences: list[_Sentence]) -> None:
        self.text = " ".join(s.key for s in sentences)

    def holds(self, sentence: _Sentence) -> bool:
        if len(self.text) > self.LIMIT or len(sentence.key) < 20:
            return False
        return fuzz.partial_ratio(sentence.key, self.text, score_cutoff=CONTAINED * 100) > 0


def promise_notes(old_text: str | None, new_text: str | None,
                  company: str | None = None) -> tuple[tuple[bool, str], ...]:
    """``(weaker, what)`` for each promise reworded, reversed, dropped or added between two
    wordings of one clause (``None``: the clause is not in that version), for a reader who sees the
    clause alone, as the consent re-review shows it: "weakens a promise: no longer says “at least
    30 days”", "drops the promise “We do not share message content.”", "reverses the promise
    “We do not sell your data.”: now “We sell your data.”". ``company`` is the service's name, read
    as "we" where it is a sentence's subject."""
    subject = company_subject(company, *PRODUCT_SUBJECTS)
    old = _sentences_of("", old_text or "", 0, len(old_text or ""), subject)
    new = _sentences_of("", new_text or "", 0, len(new_text or ""), subject)
    notes = []
    for found in _in_entry(old, new):
        if not found.whole:
            verb = "weakens" if found.weaker else "strengthens"
            notes.append((found.weaker, f"{verb} {'a right of yours' if found.right else 'a promise'}: "
                                        f"{found.detail}"))
            continue
        verb = found.detail.split(" ", 1)[0]
        if found.old is not None and found.new is not None:
            promise, other = (found.old, found.new) if found.weaker else (found.new, found.old)
            label = "now" if found.weaker else "was"
            notes.append((found.weaker, f"{verb} the promise “{promise.quote}”: {label} “{other.quote}”"))
        else:
            sentence = found.new or found.old
            notes.append((found.weaker, f"{verb} the promise “{sentence.quote if sentence else ''}”"))
    return tuple(notes)


def promise_changes(entries: Sequence[Entry], old_doc: Document, new_doc: Document,
                    old_texts: dict[str, ClauseText], new_texts: dict[str, ClauseText],
                    ) -> tuple[PromiseChange, ...]:
    """Promises reworded, reversed, dropped or added in the entries whose words changed, weaker
    ones first.

    A promise "dropped" from one clause that the new version has (nearly word for word) in another
    clause moved, and so did one "added" that the old version had elsewhere: neither is reported.
    """
    found: list[_Found] = []
    company = company_subject(old_doc.service, new_doc.service, *PRODUCT_SUBJECTS)
    new_words = DocumentWords(new_doc)
    for position, entry in enumerate(entries):
        old = _sentences([old_texts[i] for i in entry.old_ids if i in old_texts], company)
        new = _sentences([new_texts[i] for i in entry.new_ids if i in new_texts], company)
        if entry.diff is not None and old and new:
            changes = list(_in_entry(old, new))
            old_said, new_said = [s.text for s in old], [s.text for s in new]
            if (default := opt_in_made_default(old_said, new_said)) is not None:
                asked = next(s for s in old if s.text == default[0])
                included = next(s for s in new if s.text == default[1])
                changes.append(_Found(True, "turns what you had to opt in to into a default you must opt out "
                                            "of", asked, included, whole=True))
            elif (condition := choice_made_condition(old_said, new_said)) is not None:
                chosen = next(s for s in old if s.text == condition[0])
                required = next(s for s in new if s.text == condition[1])
                changes.append(_Found(True, "turns what was your choice into a condition of taking part",
                                      chosen, required, whole=True))
        elif not entry.new_ids:
            # a clause removed drops its promises, unless the new version still says them (the
            # reverse is left to the clause list: a rewritten policy "added" dozens of promises)
            changes = [_Found(True, "drops a promise", s, None, whole=True) for s in old
                       if s.promise and not old_texts[s.clause_id].is_heading and not new_words.holds(s.text)]
        else:
            continue
        for change in changes:
            change.entry, change.position = entry, position
            found.append(change)
    if not found:
        return ()
    found = _not_moved(found, old_texts, new_texts, company)
    old_names = clause_names(old_doc, [f.old.clause_id for f in found if f.new is None and f.old])
    new_names = clause_names(new_doc, [f.new.clause_id for f in found if f.new is not None])
    found.sort(key=lambda f: (not f.weaker, f.position))
    changes = []
    for f in found:
        where = new_names[f.new.clause_id] if f.new else old_names[f.old.clause_id] if f.old else ""
        if f.whole:
            headline = f"{f.detail[0].upper()}{f.detail[1:]} in {where}"
        else:
            what = "a right of yours" if f.right else "a promise"
            headline = f"{'Weakens' if f.weaker else 'Strengthens'} {what} in {where}: {f.detail}"
        entry = f.entry
        old_quote, new_quote = (_quotes_at_change(f.old.text, f.new.text) if f.old and f.new
                                else (f.old.quote if f.old else "", f.new.quote if f.new else ""))
        changes.append(PromiseChange(
            weaker=f.weaker, old_ids=entry.old_ids if entry else (), new_ids=entry.new_ids if entry else (),
            headline=headline, old_sentence=old_quote, new_sentence=new_quote))
    return tuple(changes)


#: Characters of a sentence kept before the first word two quoted versions differ in.
QUOTE_CONTEXT = 80


def _quotes_at_change(old: str, new: str) -> tuple[str, str]:
    """Two versions of a sentence quoted from a little before the first place they differ, where a quote
    from their start would end before it: an exception appended to a long denial ("… to insurers or
    employers, other than to affiliates of Research Sponsors") was cut off, and both quotes read alike."""
    old, new = " ".join(old.split()), " ".join(new.split())
    same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                min(len(old), len(new)))
    if same <= QUOTE_CHARS - QUOTE_CONTEXT:
        return cut_quote(old, QUOTE_CHARS), cut_quote(new, QUOTE_CHARS)
    start = old.rfind(" ", 0, same - QUOTE_CONTEXT) + 1
    return "…" + cut_quote(old[start:], QUOTE_CHARS), "…" + cut_quote(new[start:], QUOTE_CHARS)


#: Words that say little of what a promise covers, left out when :func:`_restated` weighs two.
_LITTLE_WORDS = frozenset({
    "a", "an", "and", "any", "are", "as", "at", "be", "by", "do", "does", "for", "from", "has", "have",
    "in", "is", "it", "its", "of", "on", "or", "our", "the", "their", "this", "that", "to", "we", "will",
    "with", "you", "your", "not", "never", "notwithstanding", "above", "foregoing"})
#: Share of a promise's telling words that another promise with the same verb must have to restate
#: it: Zoom's "will not use audio, video or chat Customer Content to train our artificial
#: intelligence models without your consent" has 10 of its 12 in "does not use any of your audio,
#: video, chat, screen sharing … to train Zoom or third-party artificial intelligence models";
#: "we do not sell your personal information" has 1 of 3 in "… your browsing history".
RESTATED = 0.75


def _restated(promise: str, other: str) -> bool:
    """Whether ``other`` (as compared) undertakes what ``promise`` does in other words: the same
    verb, and most of the words that say what it covers (:data:`RESTATED`)."""
    if not _undertakings(promise)[0] & _undertakings(other)[0]:
        return False
    telling = set(_WORD.findall(promise)) - _LITTLE_WORDS
    return bool(telling) and len(telling & set(_WORD.findall(other))) >= RESTATED * len(telling)


_WORD = re.compile(r"[\w'’-]+")


def _not_moved(found: list[_Found], old_texts: dict[str, ClauseText],
               new_texts: dict[str, ClauseText], company: re.Pattern[str] | None) -> list[_Found]:
    """``found`` without the promises dropped or added that the other version has, nearly word for
    word (:data:`MOVED`), in another clause."""
    if not any(f.old is None or f.new is None for f in found):
        return found
    old_all = [s for s in _sentences(list(old_texts.values()), company) if s.promise]
    new_all = [s for s in _sentences(list(new_texts.values()), company) if s.promise]

    def elsewhere(sentence: _Sentence, others: list[_Sentence]) -> _Sentence | None:
        match = process.extractOne(sentence.key, [o.key for o in others], scorer=Indel.normalized_similarity,
                                   score_cutoff=MOVED)
        if match is not None:
            return others[match[2]]
        return next((other for other in others if _restated(sentence.key, other.key)), None)

    kept: list[_Found] = []
    weighed: set[_Sentence] = set()   # restatements a dropped promise was weighed against
    for f in found:
        if f.old is None and f.new is not None and elsewhere(f.new, old_all) is not None:
            continue
        if f.new is None and f.old is not None and (there := elsewhere(f.old, new_all)) is not None:
            # moved, and weighed against where it went: Zoom's "will not use … to train our artificial
            # intelligence models without your consent", restated elsewhere without the consent. (Not
            # the other way round: a new promise is "restated" by an old one that has most of its few
            # words, as "we do not use your chat content for advertising" by the AI promise.)
            if (change := _reworded(f.old, there)) is not None:
                kept.append(_Found(change[0], change[1], f.old, there, entry=f.entry, position=f.position))
                weighed.add(there)
            continue
        kept.append(f)
    # the restatement is then no promise added as well
    return [f for f in kept if not (f.whole and f.old is None and f.new in weighed)]

"""Health data named in a clause that does nothing with it: information, not a caution.

A hospital's notice of privacy practices names "health information" in nearly every clause; a
caution on each said the same thing 27 times and buried what the clauses do with the data. A
clause or sentence that collects, uses, shares or shows the data, or says health-privacy law does
not apply, keeps its caution.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from terms.flagging.defined_recipients import NOTHING_AFTER
from terms.flagging.softening import Draft, clause_key
from terms.model import Severity


class MentionDraft(Draft, Protocol):
    """A draft with the sentences its rules matched and its evidence (``engine._Draft``)."""

    sentences: set[tuple[int, int]]
    evidence: set[tuple[int, int]]


#: what can be done with health data that makes its mention matter
_PRACTICES = frozenset({
    "data.third-party-sharing", "data.sale", "data.client-access", "data.research", "data.advertising",
    "data.profiling", "data.monitoring", "data.tracking", "data.retention", "data.international-transfer",
    "data.anonymization", "data.collection", "data.content-license", "data.legal-disclosure",
    "data.business-transfer"})
#: ... and a mention that matters by itself: health-privacy law not applying
_HEALTH_LAW_GAP = re.compile(
    r"hipaa|covered\s+entity|health\s+insurance\s+portability|business\s+associate|\bbaa\b", re.IGNORECASE)
#: ... or is handled in the sentence that names it ("we collect … heart rate", "anything you enter")
_HANDLED = re.compile(
    # ("record" only as a verb with its object: "Health Records", "the Records section" name things)
    r"\b(?:collect|collects|collected|records?(?=\s+(?:your|the|their|its|each|every|all|any|what|how|when"
    r"|whether|information|data|details)\b)|recorded|gather|gathers|receive|receives|received"
    r"|obtain|obtains|access|accesses|process|processes|processed|store|stores|stored|keep|keeps|kept"
    r"|retain|retains|use|uses|used|share|shares|shared|disclose|discloses|disclosed|transfer|transfers"
    r"|sell|sells|sold|analy[sz]e|analy[sz]es|give\s+us|provide\s+(?:to\s+)?us|enter|upload|sync"
    r"|collection|processing|disclosure|sharing|sale"
    # ... or shown to others ("alerts … about your health, which anyone with your phone can see")
    r"|see|seen|view|viewed|visible|shown|displayed|read\s+by|appear|appears)\b",
    re.IGNORECASE)
SENSITIVE = "data.sensitive"
#: a denial just before such a verb ("Video recordings are not used to create Biometric Identifiers")
_DENIED_BEFORE = re.compile(r"\b(?:not|never|no|no\s+longer)\s+(?:\w+\s+)?$|n['’]t\s+$", re.IGNORECASE)


#: ... or a use only promised to wait for the member's consent ("Where an update would allow us to share
#: health information with a new category of recipient, we will ask for your consent first")
_CONSENT_FIRST = re.compile(
    r"\b(?:ask\s+for|obtain|seek|get|request)\s+your\s+(?:\w+\s+)?(?:consent|permission)\b"
    # ("Any change to how your … genetic data may be used for research will apply to you only if you give
    # fresh consent")
    r"|\bonly\s+if\s+you\s+(?:give|provide|sign)\s+(?:your\s+)?(?:\w+\s+)?consent\b", re.IGNORECASE)


#: a definition ("“Health Record” means the electronic record kept by school nursing staff"): what a
#: name stands for, nothing done with the data
_DEFINITION = re.compile(r"[\W\d]*[\"“][^\"”]{1,60}[\"”]\s+(?:means|refers\s+to|is)\b", re.IGNORECASE)


def _handled(text: str, start: int, end: int, evidence: set[tuple[int, int]]) -> bool:
    """Whether the sentence does something with the data its evidence names. A verb within the
    evidence is part of the data's name ("Health Record", "Medication Records"), not a use of it."""
    if _CONSENT_FIRST.search(text, start, end) or _DEFINITION.match(text, start, end):
        return False
    return any(not _DENIED_BEFORE.search(text, max(start, m.start() - 24), m.start())
               # ... or just after it ("Sponsors receive no breakdown by hospital, ward or diagnosis")
               and not NOTHING_AFTER.match(text, m.end())
               and not any(a <= m.start() and m.end() <= b for a, b in evidence)
               for m in _HANDLED.finditer(text, start, end))


def health_mentions_as_information(drafts: Sequence[MentionDraft], text: str) -> None:
    """Show as information the health-data cautions of clauses that say nothing done with the data.

    A hospital's notice of privacy practices names "health information" in nearly every clause: 27
    cautions in one such notice, every one saying the same, buried what its clauses do with the data.
    Where the clause also collects, shares, sells, researches or otherwise uses data (any flag of those
    but a promise, in a sentence that is not itself a promise), or says health-privacy law does not
    apply, the caution stays."""
    used = {clause_key(d.clause) for d in drafts
            if d.category in _PRACTICES and d.severity is not Severity.PROTECTIVE}
    # a sentence that promises what is not done ("Pulsewise does not sell your Health Readings") names
    # the use it denies: that is no handling of the data
    promised = {s for d in drafts if d.severity is Severity.PROTECTIVE for s in d.sentences}
    for draft in drafts:
        if draft.category != SENSITIVE or draft.severity is not Severity.CAUTION \
                or clause_key(draft.clause) in used \
                or any(_HEALTH_LAW_GAP.search(text, a, b)
                       or ((a, b) not in promised and _handled(text, a, b, draft.evidence))
                       for a, b in draft.sentences):
            continue
        draft.severity = Severity.INFO
        draft.reasons.insert(0, "the clause says nothing done with this data (no sharing, sale or other "
                                "use is flagged in it), so it is shown as information")

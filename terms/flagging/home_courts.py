"""A choice of courts that keeps the consumer's own: "If you are a consumer and habitually reside
in a Member State, you may resolve your claim in any competent court in that Member State …
In all other cases, … the courts of the Republic of Ireland".

The sentence naming the company's courts is still flagged (the reader may not count as a
consumer: a physician using the service for work may not), but one step milder, saying that the
clause keeps the courts where consumers live. The rule's own ``unless`` cannot do this: the two
halves are separate sentences.

A choice of law may do the same ("These Terms are governed by the laws of Ireland. If you live in
another country of the European Union, you also keep the protection of the mandatory consumer laws
of that country"): the pack's fair-variant rule reads the second sentence, and the caution for the
law the company chose says that the clause keeps the reader's own for some.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set

from terms.flagging.softening import Draft, soften
from terms.model import Clause, Severity

JURISDICTION = "terms.jurisdiction"
CHOICE_OF_LAW = "terms.choice-of-law"

#: the member's own right to go to court at home: "if you are a consumer … courts", "you may also bring a
#: claim in the courts where you live"; not the company's right to sue the member there ("X may bring
#: any claim … against you in any competent court in the country in which you reside"), nor a waiver
#: of them ("your local courts will have no jurisdiction")
_HOME_COURTS = re.compile(
    # (not "if you are a consumer, you must bring claims exclusively in the courts of Ireland")
    r"\bif\s+you\s+are\s+a\s+consumer\b[^.;]{0,300}?\byou\s+(?:may|can)\b[^.;]{0,80}?\bcourts?\b"
    r"|\bif\s+you\s+are\s+a\s+consumer\b[^.;]{0,300}?\bcourts?\s+(?:\w+\s+){0,5}?(?:of|in)\s+(?:your|that|the)\s+"
    r"(?:country|member\s+state|state)\b"
    # ("you may resolve your claim in any competent court in that country")
    r"|\byou\s+(?:may|can)\s+(?:resolve|bring|file|take)\s+(?:\w+\s+){0,4}?(?:in|to|before)\s+(?:any\s+)?(?:competent\s+)?"
    r"courts?\s+(?:in|of)\s+(?:that|your|the)\s+(?:country|member\s+state|state)\b"
    r"|\b(?:you|you\s+or\s+we|either\s+(?:party|of\s+us))\s+(?:\w+\s+)?(?:may|can|are\s+entitled\s+to|have\s+the\s+right\s+to)"
    r"\s+(?:\w+\s+){0,3}?(?:resolve|bring|file|take|go\s+to|sue|start|commence)\b[^.;]{0,120}?"
    r"\b(?:courts?|tribunals?)\s+(?:\w+\s+){0,5}?(?:where|in\s+which)\s+you\s+(?:live|reside|are\s+domiciled)\b"
    r"|\b(?:you|you\s+or\s+we|either\s+(?:party|of\s+us))\s+(?:\w+\s+)?(?:may|can|are\s+entitled\s+to|have\s+the\s+right\s+to)"
    r"\s+(?:\w+\s+){0,3}?(?:resolve|bring|file|take|go\s+to|sue|start|commence)\b[^.;]{0,120}?"
    r"\b(?:your\s+(?:local|home)\s+courts?|courts?\s+(?:\w+\s+){0,3}(?:of|in)\s+(?:your|the)\s+"
    r"(?:country|member\s+state|state|place)\s+of\s+(?:residence|domicile))\b"
    # the courts chosen "save that this does not limit your right … to bring proceedings in the courts
    # of your Member State of residence"
    r"|\b(?:(?:does|do|shall|will)\s+not\s+(?:limit|affect|prevent|restrict|exclude)|without\s+prejudice\s+to)"
    r"\s+(?:\w+\s+){0,3}?rights?\b[^.;]{0,160}?\bcourts?\s+(?:\w+\s+){0,3}?(?:of|in)\s+(?:your|the)\s+"
    r"(?:country|member\s+state|state|place)\s+(?:of\s+(?:residence|domicile)|where\s+you\s+live)\b",
    re.IGNORECASE,
)


def soften_courts_kept_for_consumers(drafts: Sequence[Draft], text: str) -> None:
    """Lower court-choice concerns to cautions where their clause keeps the consumer's own courts.
    ``text``: the clause's text (that of a lone clause where there is no document)."""
    soften(drafts, JURISDICTION, lambda clause: _kept(clause, text),
           "keeps the courts where consumers live")


def _kept(clause: Clause | None, text: str) -> str | None:
    return "the clause itself" if _HOME_COURTS.search(text if clause is None else clause.text) else None


def soften_laws_kept_for_consumers(drafts: Sequence[Draft], fair_variants: Set[str]) -> None:
    """Say so where a choice-of-law caution's clause also keeps the law where the member lives: a
    ``fair_variant`` rule of the category matched there, in a sentence of its own (the rules' ``unless``
    read the one that chose the company's law, and one sentence that does both, "If your Country of
    Residence is Japan, these Terms are governed by the laws of Japan", says nothing more). The caution
    stays: the law kept is often only a consumer's, or only some countries' ("In the EU and EEA, the
    choice of Texas governing law shall not apply only where a mandatory consumer protection law …")."""
    for draft in drafts:
        if (draft.category != CHOICE_OF_LAW or draft.severity is not Severity.CAUTION
                or len(draft.sentences) < 2 or not fair_variants.intersection(draft.found_by)):
            continue
        draft.mitigated = "the clause itself keeps some readers' home law or its consumer protections"
        draft.reasons.insert(0, draft.mitigated)

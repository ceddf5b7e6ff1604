"""A choice of courts that keeps the consumer's own: "If you are a consumer and habitually reside
in a Member State, you may resolve your claim in any competent court in that Member State …
In all other cases, … the courts of the Republic of Ireland".

The sentence naming the company's courts is still flagged (the reader may not count as a
consumer: a physician using the service for work may not), but one step milder, saying that the
clause keeps the courts where consumers live. The rule's own ``unless`` cannot do this: the two
halves are separate sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from terms.flagging.softening import Draft, soften
from terms.model import Clause

JURISDICTION = "terms.jurisdiction"

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

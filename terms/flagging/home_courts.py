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

_HOME_COURTS = re.compile(
    r"\bif\s+you\s+are\s+a\s+consumer\b[^.;]{0,200}?\bcourts?\b"
    r"|\bcourts?\s+(?:\w+\s+){0,4}(?:where|in\s+which)\s+you\s+(?:live|reside|are\s+domiciled)\b"
    r"|\b(?:courts?|tribunals?)\s+(?:\w+\s+){0,3}(?:of|in)\s+(?:your|the)\s+(?:country|member\s+state|state|place)"
    r"\s+of\s+(?:residence|domicile)\b"
    r"|\byour\s+(?:local|home)\s+courts?\b",
    re.IGNORECASE,
)


def soften_courts_kept_for_consumers(drafts: Sequence[Draft], text: str) -> None:
    """Lower court-choice concerns to cautions where their clause keeps the consumer's own courts.
    ``text``: the clause's text (that of a lone clause where there is no document)."""
    soften(drafts, JURISDICTION, lambda clause: _kept(clause, text),
           "keeps the courts where consumers live")


def _kept(clause: Clause | None, text: str) -> str | None:
    return "the clause itself" if _HOME_COURTS.search(text if clause is None else clause.text) else None

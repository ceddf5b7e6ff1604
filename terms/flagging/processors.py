"""Sharing with recipients the clause binds to the company's work: its explanation says so.

"We use vendors that host our systems … They may access personal information only to perform
services for us and are bound by contract to protect it." is sharing: the data leaves the
company. But the sharing explanation ("Once passed on, it is handled under the recipients' own
rules or under their contract with the company") reads, beside such a clause, as if the vendors
could use it as they liked. Where the clause binds the recipients to working for the company and
names no other kind of recipient (advertisers, partners, clients …), the flag says where the limit
is; a concern becomes a caution, as with the other mitigations (:mod:`terms.flagging.softening`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from terms.flagging.softening import Draft, soften
from terms.model import Clause

SHARING = "data.third-party-sharing"

#: the recipients held to the company's purposes: "may process your information only on our
#: instructions", "based on our instructions", "will use the session data solely on our behalf",
#: "may not use it for their own purposes", "only to perform services for us", "are prohibited
#: from using it for any other purpose"
_BOUND = re.compile(
    r"\b(?:only\s+)?(?:on|upon|under|in\s+accordance\s+with|based\s+on|according\s+to|following)\s+our\s+"
    r"(?:\w+\s+)?(?:instructions|direction)\b"
    r"|\b(?:solely|only|exclusively)\s+on\s+our\s+behalf\b"
    r"|\b(?:may|must|will|shall|can)\s*(?:not|never)\s+(?:use|process|disclose|sell)\s+(?:it|them|this|that|such"
    r"|the|your|any)\b[^.;]{0,60}?\bfor\s+(?:their|its)\s+own\b"
    r"|\bonly\s+(?:to|in\s+order\s+to)\s+(?:perform|provide|carry\s+out)\s+(?:\w+\s+){0,2}"
    r"(?:services|functions|tasks)\s+(?:for|to|on\s+behalf\s+of)\s+us\b"
    r"|\b(?:prohibited|barred|forbidden)\s+from\s+using\b[^.;]{0,60}?\bfor\s+(?:any\s+)?(?:other|their\s+own)\b",
    re.IGNORECASE,
)
#: recipients that work for themselves, whatever the processors beside them are bound to
_OTHERS = re.compile(
    r"\b(?:advertis\w*|partners?|sponsors?|clients?|customers?(?!\s+(?:support|service|care|success))"
    r"|affiliates?|brokers?|marketers?|insurers?|employers?|researchers?|buyers?|acquirers?|manufacturers?|publishers?|recruiters?|subsidiaries"
    r"|governments?|authorities|law\s+enforcement)\b",
    re.IGNORECASE,
)


def soften_sharing_with_bound_processors(drafts: Sequence[Draft], text: str) -> None:
    """Mark sharing flags whose clause binds its recipients to the company's work. ``text``: the
    clause's text (that of a lone clause where there is no document)."""
    soften(drafts, SHARING, lambda clause: _bound(clause, text),
           "limits the recipients to working for the company")


def _bound(clause: Clause | None, text: str) -> str | None:
    said = text if clause is None else clause.text
    if _BOUND.search(said) and not _OTHERS.search(said):
        return "the clause itself"
    return None

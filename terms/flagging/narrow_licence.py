"""A content licence limited to running the service: "a non-exclusive, royalty-free licence to host
and display your content solely to operate the Service".

Such a licence is what any service needs to show members' posts, so it is a caution, not a
concern, and its explanation says why. A licence that is also for ever, impossible to take back,
handed over outright, extended to AI training or reaching beyond running the service stays a
concern; so, in a compare, widening the narrow licence into a broad one reads as a change for
the worse instead of a rewording of one concern.
"""

from __future__ import annotations

from collections.abc import Sequence

from terms.flagging.licence import LIMITED, licence_terms, reach_beyond
from terms.flagging.softening import Draft, soften
from terms.model import Clause, Severity

CONTENT_LICENSE = "data.content-license"

#: terms that keep a licence a concern even where it is limited to running the service
_STILL_BROAD = frozenset({"handed over outright", "for ever", "impossible to take back",
                          "extended to training AI models"})


def soften_licences_limited_to_the_service(drafts: Sequence[Draft], text: str) -> None:
    """Lower licence concerns to cautions where their clause limits the licence to running the
    service and grants nothing broader. ``text``: the clause's text (that of a lone clause where
    there is no document)."""
    # concerns only: a caution already (the licence members grant one another) has its own limits
    concerns = [draft for draft in drafts if draft.severity is Severity.CONCERN]
    soften(concerns, CONTENT_LICENSE, lambda clause: _limited(clause, text),
           "grants nothing beyond running the service")


def _limited(clause: Clause | None, text: str) -> str | None:
    terms = licence_terms(text if clause is None else clause.text)
    if LIMITED in terms and not reach_beyond(terms) and _STILL_BROAD.isdisjoint(terms):
        return "the clause itself"
    return None

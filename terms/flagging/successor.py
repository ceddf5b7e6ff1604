"""Business transfers that bind the new owner: shown as a caution rather than a concern.

"If we are acquired, your data goes to the buyer" is a concern: the buyer could use it under its
own terms. Many policies go on to say that it may not ("the acquirer will be bound by this
policy", "these Terms will continue to govern your relationship with such third party"), often
in the next sentence or paragraph, where a rule's ``unless`` (which reads one sentence) cannot
see it. The data still changes hands without the member being asked, so the flag stays, one step
milder, and says where the promise is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from terms.flagging.softening import Draft, soften
from terms.labels import clause_reference
from terms.model import Clause, Document

TRANSFER = "data.business-transfer"

_NOT = r"(?!not\b|never\b|no\b)"
#: the new owner named and bound: "the acquirer will be bound by this policy", "any successor shall
#: honour the commitments we have made", "the buyer agrees to respect these terms"
_NEW_OWNER_BOUND = re.compile(
    r"\b(?:successors?|acquirers?|acquiring\s+(?:company|entity|party)|buyers?|purchasers?"
    r"|new\s+owners?|transferees?|surviving\s+(?:company|entity))\b"
    # (across an aside: "A buyer of our business, if Curriculix is sold or merged, who would be bound")
    rf"(?:,?\s+\w+){{0,10}}?,?\s+(?:will|shall|would|must|agrees?\s+to|is\s+required\s+to)\s+(?:{_NOT}\w+\s+){{0,3}}?"
    r"(?:be\s+bound\s+by|honou?r|respect|abide\s+by|comply\s+with|keep\s+to|stick\s+to|be\s+subject\s+to"
    r"|continue\s+to\s+(?:be\s+bound|protect|treat|handle|use\s+it\s+(?:only\s+)?(?:as|in)))"
    # ... or as the condition of the transfer: "on the condition that the buyer honours these Terms"
    r"|\b(?:on\s+(?:the\s+)?condition\s+that|provided\s+that|only\s+if|as\s+long\s+as)\s+(?:the\s+|any\s+|such\s+)?"
    r"(?:successors?|acquirers?|buyers?|purchasers?|new\s+owners?|transferees?)\s+"
    r"(?:honou?rs|respects|abides\s+by|is\s+bound\s+by|agrees\s+to\s+(?:be\s+bound\s+by|honou?r|respect))\b",
    re.IGNORECASE,
)
_SHOPPER = re.compile(r"(?:buyers?|purchasers?)\b", re.IGNORECASE)
_DEAL = re.compile(r"\b(?:merg\w*|acqui\w*|sale\s+of\s+(?:\w+\s+){0,2}(?:business|company|assets)"
                   r"|bankruptcy|reorgani[sz]\w*|change\s+(?:of|in)\s+control|transfer\w*)", re.IGNORECASE)
_THIS_DOCUMENT = (r"(?:this|these|our|the)\s+(?:privacy\s+)?"
                  r"(?:policy|notice|statement|terms|agreement|promises|commitments)")
#: the document itself goes on applying: "these Terms will continue to govern your relationship
#: with such third party", "your information will remain subject to this Privacy Policy", "it must
#: continue to be used in accordance with this Privacy Policy", "the right to continue to use your
#: data, but only in the manner set out in this Privacy Policy"
_DOCUMENT_STILL_APPLIES = re.compile(
    rf"\b{_THIS_DOCUMENT}\s+(?:will|shall)\s+{_NOT}(?:continue\s+to\s+)?(?:govern|apply|bind)"
    rf"|\b(?:remains?|continues?\s+to\s+be)\s+subject\s+to\s+{_THIS_DOCUMENT}"
    rf"|\b(?:must|will|shall)\s+(?:continue\s+to\s+)?be\s+(?:used|processed|handled|treated)\s+"
    rf"(?:only\s+)?(?:in\s+accordance\s+with|consistently\s+with|as\s+(?:described|set\s+out)\s+in)\s+"
    rf"{_THIS_DOCUMENT}"
    rf"|\bonly\s+in\s+the\s+(?:manner|ways?)\s+(?:set\s+out|described)\s+in\s+{_THIS_DOCUMENT}"
    # ("the buyer will be able to use it in the same ways as described in this notice"; "it may be used by
    # the successor in accordance with these Terms")
    rf"|\bin\s+the\s+same\s+(?:manner|ways?)\s+as\s+(?:is\s+)?(?:described|set\s+out)\s+in\s+{_THIS_DOCUMENT}"
    r"|\bused\s+by\s+(?:the|any|such|a)\s+(?:successor|acquirer|buyer|purchaser|new\s+owner)s?\s+(?:only\s+)?"
    rf"(?:in\s+accordance\s+with|consistently\s+with|as\s+(?:described|set\s+out)\s+in)\s+{_THIS_DOCUMENT}",
    re.IGNORECASE,
)


def soften_transfers_with_bound_owner(drafts: Sequence[Draft], text: str, document: Document | None) -> None:
    """Lower business-transfer concerns to cautions where their clause, or a paragraph of its
    section, binds the new owner. ``text`` is the text of a lone clause (``document`` None)."""
    binders = _Binders(document)
    soften(drafts, TRANSFER, lambda clause: _binding(clause, text, binders),
           "binds the new owner to the document")
    # ... or, in the clause itself, promises notice before the data changes hands (Google's "give
    # affected users notice before personal information is transferred or becomes subject to a
    # different privacy policy")
    soften([d for d in drafts if d.mitigated is None], TRANSFER, lambda clause: _notice(clause, text),
           "promises notice before your data is transferred")


def _notice(clause: Clause | None, text: str) -> str | None:
    """Where notice before the transfer is promised: "the clause itself", or None."""
    return "the clause itself" if _NOTICE_BEFORE.search(text if clause is None else clause.text) else None


_NOTICE_BEFORE = re.compile(
    # (also with the chance to leave first: "give members 30 days' notice and the chance to delete their
    # accounts before any member information is transferred")
    r"\b(?:give|provide|send)\s+(?:[\w']+\s+){0,3}(?:notice|notification)\s+(?:[\w']+\s+){0,8}?before\s+(?:\w+\s+){0,4}"
    r"(?:is\s+|are\s+)?(?:transferred|disclosed|shared|becomes?\s+subject)"
    r"|\bnotify\s+you\s+(?:\w+\s+){0,4}before\s+(?:\w+\s+){0,6}(?:is\s+|are\s+)?(?:transferred|disclosed|shared"
    r"|becomes?\s+subject)",
    re.IGNORECASE,
)


class _Binders:
    """Per section, its paragraphs that bind the new owner, read once per document and only for the
    sections asked about (reading the whole document for each flag made a long one quadratic)."""

    def __init__(self, document: Document | None) -> None:
        self.document = document
        self._sections: dict[tuple[str, ...], list[Clause]] | None = None
        self._found: dict[tuple[str, ...], list[Clause]] = {}

    def of(self, section: tuple[str, ...]) -> list[Clause]:
        found = self._found.get(section)
        if found is None:
            if self._sections is None:
                self._sections = {}
                for clause in self.document.clauses if self.document else ():
                    self._sections.setdefault(clause.heading_path, []).append(clause)
            found = self._found[section] = [c for c in self._sections.get(section, ())
                                            if _names_new_owner(c.text)]
        return found


def _binding(clause: Clause | None, text: str, binders: _Binders) -> str | None:
    """Where the new owner is bound: "the clause itself", "section 8.2", or None."""
    own = text if clause is None else clause.text
    if _NEW_OWNER_BOUND.search(own) or _DOCUMENT_STILL_APPLIES.search(own):
        return "the clause itself"
    document = binders.document
    if clause is None or document is None or not clause.heading_path:
        return None
    # elsewhere in the section, only a sentence naming the new owner: "this policy will continue to
    # apply" in a paragraph about something else says nothing about a buyer
    for other in binders.of(clause.heading_path):
        if other.id != clause.id:
            return clause_reference(other, document)
    return None


def _names_new_owner(text: str) -> bool:
    """Whether a paragraph other than the flagged one binds the company's new owner. A "buyer" or
    "purchaser" is that owner only beside a word of the deal: in a marketplace's terms ("buyers
    must comply with these terms") it is a member."""
    deal = _DEAL.search(text) is not None
    return any(deal or not _SHOPPER.match(m.group()) for m in _NEW_OWNER_BOUND.finditer(text))

"""What a document's defined data names hold, read into the clauses that use only the name.

Drafters say once what a record holds ("“Lead Record” means, for a given participant, the
participant's name, specialty, institution, Prescribing Volume Band and the sessions attended") and
afterwards only hand over the name ("the Lead Record … is transmitted to the Exhibitor"). A flag there
said "Your personal data may be passed to exhibitors", and the reader had to find the definition to
learn that the prescribing band went with it. A flag whose sentences name such a term gives, as its
data, the term with what the definition says it holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from terms.flagging.defined_recipients import definitions_in, named_pattern
from terms.wording import cut_quote

#: the last word of a name for data ("Lead Record", "Rhythm Data", "Engagement Insights"), not for
#: those who receive it or the service
_DATA_NOUN = re.compile(
    r"(?:Record|Data|Information|Report|Profile|Content|Submission|Dataset|Score|Insight|Summar(?:y|ie)|File"
    r"|Log|Feed|Extract|Metric|Result|Band|Recording|Note|Entr(?:y|ie)|Signal|Response|Answer|Lead)s?$")
#: a definition that only restates what the law means by personal data says nothing about this service
_LEGAL_BOILERPLATE = re.compile(
    r"\b(?:relat(?:es|ing)\s+to|about)\s+an?\s+identified\s+or\s+identifiable\b|\bas\s+defined\s+(?:in|by|under)\b"
    r"|\bidentify,\s+contact\s+or\s+locate\b|\bspecial\s+categor(?:y|ies)\b"
    r"|\bunder\s+(?:the\s+)?(?:GDPR|CCPA|CPRA|HIPAA|applicable\s+(?:data\s+protection\s+)?laws?)\b",
    re.IGNORECASE)
#: a definition's opening that is no part of what the data holds ("for a given participant, …",
#: "collectively:")
_OPENING = re.compile(r"^(?:(?:for|in\s+respect\s+of|with\s+respect\s+to)\s+(?:a|an|any|each|every|the)\s+"
                      r"(?:given\s+)?[\w-]+,\s*|(?:collectively|together)[:,]\s*)", re.IGNORECASE)
#: a list's markers inside a definition ("(a) the narrative …; (b) …")
_MARKER = re.compile(r"\((?:[a-h]|[ivx]{1,4})\)\s*")
#: a second definition run on in the same sentence ("…, and "Insights Subscriber" means …")
_NEXT_DEFINITION = re.compile(r',?\s*(?:and\s+)?"[A-Z][^"]{0,60}"\s+(?:means|refers\s+to)\b.*')
#: the words that lead into a list set out below ("information about your use of a survey, namely:")
_LEAD_IN_END = re.compile(r",?\s+(?:namely|including|such\s+as|as\s+follows|that\s+is|i\.e\.|e\.g\.)$",
                          re.IGNORECASE)
#: how much of a definition an explanation quotes
MAX_CONTENTS = 120


def data_contents(folded: str) -> dict[str, str]:
    """The data terms ``folded`` (a document's folded text) defines, each with what it holds:
    "Lead Record" → "the participant's name, professional title, specialty, …"."""
    contents: dict[str, str] = {}
    for term, definition, _span, means, _listed in definitions_in(folded):
        if not means or term in contents or not _DATA_NOUN.search(term) \
                or _LEGAL_BOILERPLATE.search(definition):
            continue
        words = _NEXT_DEFINITION.sub("", _MARKER.sub("", _OPENING.sub("", " ".join(definition.split()))))
        # (a list after a colon is set out below it: "the following elements of each order:" / "- …")
        words = _LEAD_IN_END.sub("", words.partition(": ")[0].rstrip(" ,:"))
        if len(words.split()) >= 3:
            contents[term] = cut_quote(words, MAX_CONTENTS)
    return contents


def with_contents(data: Sequence[str], contents: dict[str, str], window: str) -> tuple[str, ...]:
    """``data`` led by each defined data term ``window`` names, with what it holds ("Lead Records (the
    participant's name, …)"), in the order the window names them. A value the term stands for ("lead
    records") or that what it holds names gives way to it, as do words as vague as "data" or
    "information". The definition itself (a window quoting it) adds nothing."""
    named: list[tuple[int, str]] = []
    for term, held in contents.items():
        found = re.search(named_pattern(term), window)
        if found is not None and held[:40] not in window:
            named.append((found.start(), f"{' '.join(found.group().split())} ({held})"))
    if not named:
        return tuple(data)
    terms = {value.partition(" (")[0].casefold() for _, value in named}
    # (nor a value the definition already names: "Member Content (anything you post, … including posts, …)"
    # needs no "and posts" after it)
    held = " ".join(value.casefold() for _, value in named)
    rest = [value for value in data if value.casefold() not in _VAGUE
            and not any(value.casefold() in term for term in terms)
            and not re.search(rf"\b{re.escape(value.casefold())}\b", held)]
    return tuple(value for _, value in sorted(named)) + tuple(rest)


_VAGUE = frozenset({"data", "information", "your data", "your information", "personal data",
                    "personal information", "your personal data", "your personal information", "details"})

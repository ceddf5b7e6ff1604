"""The terms of a content licence, in plain words: how far the rights a member grants reach.

"You grant us a licence" says little; "worldwide, perpetual, irrevocable, royalty-free,
sublicensable" says much, and "for the limited purpose of operating the Services" says the
opposite. The explanation of a licence flag names the terms its clause states, so that a
narrow licence is not explained as a broad one.
"""

from __future__ import annotations

import re

from terms.rulepacks.scan import lower_same_length

#: (what the words say, how the explanation says it), in the order the explanation lists them
_TERMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), plain)
    for pattern, plain in (
        # an assignment is more than a licence: the member keeps nothing
        (r"\bassign\w*(?: \S+){0,20}? right,? title,? and interest\b", "handed over outright"),
        (r"\bworld-?wide\b|\bthroughout the (?:world|universe)\b", "worldwide"),
        (r"\bperpetual(?:ly)?\b|\bin perpetuity\b|\bfor ?ever\b", "for ever"),
        (r"(?<!non-)(?<!non)\birrevocabl[ey]\b", "impossible to take back"),
        (r"\broyalty[- ]free\b|\bfree of (?:charge|royalt(?:y|ies))\b|\bfully[- ]paid\b"
         r"|\bwithout (?:any )?(?:\S+ ){0,3}?(?:payment|compensation|royalt(?:y|ies)|remuneration)\b"
         r"|\bno (?:compensation|payment|royalt(?:y|ies)|remuneration)\b"
         r"|\bnot entitle you to (?:any )?(?:payments?|compensation|royalt(?:y|ies)|remuneration)\b",
         "without payment to you"),
        (r"(?<!non-)(?<!non)\b(?:sub-?licens(?:e)?able|transferable|assignable)\b"
         r"|\bright to (?:sub-?licen[cs]e|transfer|assign)\b|\b(?:and|or) sub-?licen[cs]e\b",
         "transferable to others"),
        (r"\bany (?:and all )?purposes?\b", "for any purpose"),
        (r"(?<!non-)(?<!non)\bcommercial(?:ly)? (?:use|purposes?|exploit\w*)\b|\bcommerciali[sz]\w*\b"
         r"|\bmoneti[sz]\w*|\b(?:use|exploit)\w* (?:\w+ ){0,2}?commercially\b",
         "for commercial use"),
        (r"\bderivative works?\b|\bmodify\b|\badapt\b", "extended to changed and derived works"),
        (r"\b(?:train(?:s|ed|ing)?|fine-?tun\w*)\b(?: of)?(?: [\w()-]+){0,8}? (?:models?|algorithms)\b"
         r"|\b(?:artificial intelligence|ai|machine[- ]learning) (?:\S+ ){0,3}?train(?:s|ed|ing)?\b",
         "extended to training AI models"),
        (r"\bavailable to other (?:companies|organi[sz]ations|businesses)\b", "open to other companies"),
        (r"\b(?:solely|only|limited purposes?) (?:of |for |to )?(?:\w+ ){0,2}?(?:operat|provid|run|improv)\w*"
         r" (?:\w+ ){0,2}?(?:services?|platform|site|products?|community|forum|network|apps?|website|server"
         r"|portal)\b"
         r"|\bonly as enabled by (?:a |the )?features? of (?:the|our) (?:services?|platform|site)\b"
         # ("a … licence to display them on the Services, solely for the purpose of operating the Services")
         r"|\bsolely for the purposes? of (?:operating|running|providing|hosting) (?:the|our)"
         r" (?:services?|platform|site|apps?|website)\b"
         # a licence to show the posts where they were posted ("a limited licence to display your posts
         # on the forum")
         r"|\blimited,? (?:[\w-]+,? (?:and )?){0,3}?licen[cs]e to (?:host|display|show|store)\b"
         r"(?: [\w-]+){0,3}? (?:on|in|within|through)"
         r" (?:the|our|this) (?:services?|platform|site|forum|community|app|website|network)\b"
         # ... named by the company's name ("a non-exclusive, royalty-free licence to host and display the
         # reviews you post on the Orlena website and app")
         r"|\blicen[cs]e to (?:host|display|show|store)(?: (?:and|or) (?:host|display|show|store))?"
         r" (?:[\w'’-]+ ){0,8}?(?:on|in) (?:the|our|this) (?:[\w-]+ )?(?:services?|platform|site|forum"
         r"|community|app|website|network)\b"
         # the uses listed in the clause ("will only access, process or use Customer Content for
         # the following reasons (the 'Permitted Uses') … license … as necessary for the Permitted Uses")
         r"|\b(?:necessary|required|needed) for the (?:permitted|limited) (?:uses?|purposes?)\b"
         # the purpose in a clause of its own ("only as needed to operate LongHaul Circle", "so that we can
         # run Huddle"): running the service, whatever its name
         r"|\b(?:only |solely )?(?:as|where|to the extent) (?:needed|necessary|required) (?:to|for) "
         r"(?:operat|run|provid|host)\w*\b|\bso (?:that )?we (?:can|may) (?:operate|run|provide|host)\b",
         "limited to running the service"),
        (r"\b(?:ends?|terminates?|expires?|ceases?) (?:\w+ ){0,4}?(?:when|once|after) you (?:delete|remove)\b"
         r"|\buntil you (?:delete|remove)\b"
         # ("for as long as they remain posted there")
         r"|\bfor as long as (?:they|it) (?:remains?|stays?|are|is) (?:posted|published|displayed)\b",
         "only until you delete your content"),
    )
)


LICENCE_ORDER = tuple(plain for _, plain in _TERMS)
LIMITED = "limited to running the service"
#: terms that take a licence beyond running the service, into others' hands and products; where
#: the clause limits it to running the service, being transferable (to the company's hosts and
#: processors) does not
_BEYOND = ("handed over outright", "transferable to others", "for any purpose", "for commercial use",
           "open to other companies")
_BEYOND_LIMITED = tuple(term for term in _BEYOND if term != "transferable to others")


def reach_beyond(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The licence terms that carry what the member posts beyond running the service (for the
    ``{beyond}`` placeholder): none for a licence "for the limited purpose of operating the
    Services", so that its explanation does not warn that an idea could end up in another's product."""
    broad = _BEYOND_LIMITED if LIMITED in terms else _BEYOND
    return tuple(term for term in terms if term in broad)

#: terms a licence clause also states as a promise not to, with what denies each before it in its
#: sentence: "we will not use your posts to train AI models"; "it does not allow us to sell your work or
#: sublicense it" (a right denied to the company: "you may not revoke this sublicensable licence" denies
#: the member something)
_DENIABLE = {
    "extended to training AI models": re.compile(r"\b(?:not|never|no)\b|n't\b"),
    "transferable to others": re.compile(
        r"\b(?:(?:does|do|will|shall|would) not|never) (?:allow|permit|let|entitle|authori[sz]e)\w* "
        r"(?:us|the company|\w+) to\b|\bwe (?:will|do|shall) (?:not|never)\b"),
}
DENIAL_REACH = 80  # characters before the term, within its sentence


def licence_terms(text: str) -> tuple[str, ...]:
    """The licence terms ``text`` (a licence flag's clause) states, in plain words."""
    lowered = " ".join(lower_same_length(text).split())
    return tuple(plain for pattern, plain in _TERMS if _states(pattern, plain, lowered))


def _states(pattern: re.Pattern[str], plain: str, text: str) -> bool:
    for found in pattern.finditer(text):
        denial = _DENIABLE.get(plain)
        if denial is None:
            return True
        before = text[max(0, found.start() - DENIAL_REACH):found.start()]
        if not denial.search(re.split(r"[.;:!?] ", before)[-1]):
            return True
    return False

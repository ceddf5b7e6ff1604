"""A use the reader had to ask for, which a new version makes the default unless they say no (or the
reverse), or a condition of taking part.

"You will only be included if you read and sign the separate Research Consent" becoming "Unless you
tell us otherwise, your Genetic Information … will be included … You can opt out at any time" gains
an opt-out, and flags read it as a choice added: better news. It is the reverse. The same clause
may instead make it "a condition of taking part in the Programme": the choice is gone altogether. The
sentences compared are those of one clause in its two wordings, as the clause list pairs them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: the reader must act to be included: opt in, sign or agree first, "only if you consent"
_OPT_IN = re.compile(
    r"\bopt(?:s|ed|ing)?[- ]in\b"
    r"|\bonly (?:\w+ ){0,6}(?:if|when|once|after) you (?:\w+ ){0,3}(?:sign|agree|consent|choose|tick|check"
    r"|give|opt|ask|turn)"
    r"|\bwith(?:out)? your (?:prior |express |explicit |separate |written |specific )?"
    r"(?:consent|permission)\b"
    r"|\b(?:is|are|be) (?:entirely |completely |strictly )?voluntary\b"
    r"|\bunless (?:you|an? \w+|the \w+) (?:chooses?|agrees?|consents?|opts? in|asks? us|signs?)\b"
    # ("It is not switched on for any account unless a Member chooses to enrol")
    r"|\bnot (?:switched|turned) on (?:for (?:any|an|your) \w+ )?(?:unless|until)\b"
    # a switch left off for the reader to turn on ("switched off for every account until you choose to turn
    # it on")
    r"|\b(?:switched|turned|set|left) off (?:\w+ ){0,4}(?:until|unless) you (?:\w+ ){0,2}(?:turn|switch)\b"
    # ... also for someone acting for them ("The program is off unless your Practice turns it on", "If your
    # Practice Administrator switches on the program")
    r"|\b(?:is|are|stays?|remains?) off (?:until|unless|unless and until) (?:you |your (?:\w+ ){1,2})"
    r"(?:turns?|switch(?:es)?)\b"
    r"|\bif (?:you |your (?:\w+ ){1,2})(?:switch(?:es)?|turns?) on\b"
    # ... or off from the start ("Family Moments is switched off when you open your account")
    r"|\b(?:switched|turned|set) off when you (?:open|create|join|sign up for|register)\b",
    re.IGNORECASE)
#: ... or is included unless they act
_OPT_OUT_DEFAULT = re.compile(
    r"\bunless you (?:tell us otherwise|opt[- ]?out|object|say no|turn (?:it|this) off|withdraw|ask us not)"
    r"|\bby default\b|\bautomatically (?:included|enrolled|opted[- ]in|added)\b"
    # ("is included with every account … and becomes active without any further step")
    r"|\b(?:becomes?|is|are) (?:active|activated|switched on|turned on|enabled) (?:automatically|without any"
    r" (?:further )?(?:step|action))"
    r"|\b(?:enrol|enroll|include|add|sign)s? you (?:\w+ ){0,3}automatically\b"
    # a switch on from the start ("switched on for every account when it is created")
    r"|\b(?:switched|turned|set) on for (?:every|each|all|new) (?:accounts?|users?|members?)\b"
    r"|\bunless (?:you |your (?:\w+ ){1,2})(?:switch(?:es)?|turns?) (?:it |this |that )?off\b"
    # ("Family Moments is switched on when you open your account"; "This setting is on for every Student
    # unless and until it is turned off")
    r"|\b(?:switched|turned|set) on when you (?:open|create|join|sign up for|register)\b"
    r"|\b(?:is|are) on (?:for (?:every|each|all) \w+ )?(?:unless|until|unless and until) (?:it|this|that) is"
    r" (?:turned|switched) off\b",
    re.IGNORECASE)


def opt_in_made_default(old: Sequence[str], new: Sequence[str]) -> tuple[str, str] | None:
    """(the old sentence that asked the reader to opt in, the new one that includes them unless they
    opt out), where the clause's sentences ``old`` became ``new`` and no new sentence still asks."""
    asked = next((s for s in old if _OPT_IN.search(s)), None)
    if asked is None or any(_OPT_IN.search(s) for s in new):
        return None
    default = next((s for s in new if _OPT_OUT_DEFAULT.search(s)), None)
    return (asked, default) if default is not None else None


def default_made_opt_in(old: Sequence[str], new: Sequence[str]) -> tuple[str, str] | None:
    """The reverse of :func:`opt_in_made_default`: (the old sentence that included the reader unless they
    opted out, the new one that asks them to opt in), where no new sentence still includes them."""
    default = next((s for s in old if _OPT_OUT_DEFAULT.search(s)), None)
    if default is None or any(_OPT_OUT_DEFAULT.search(s) for s in new):
        return None
    asked = next((s for s in new if _OPT_IN.search(s)), None)
    return (default, asked) if asked is not None else None


#: the reader chose: what :data:`_OPT_IN` reads, or the choice said outright ("you may choose to share",
#: "sharing … is optional")
_CHOSEN = re.compile(
    _OPT_IN.pattern
    + r"|\byou (?:may|can) (?:\w+ )?(?:choose|decide|elect) (?:whether )?to\b|\byou decide whether\b"
      r"|\b(?:is|are) (?:entirely |completely )?optional\b",
    re.IGNORECASE)
#: ... and what makes it a condition ("Sharing your readings with your Plan Sponsor is a condition of
#: taking part"; "you must allow us to … to remain in the Programme")
_TAKING_PART = (r"(?:taking part|participation|participating|joining|enrol(?:l)?(?:ing|ment)|membership"
                r"|eligibility|remaining|staying)")
_CONDITION = re.compile(
    r"\b(?:a|an|the) (?:\w+ )?(?:condition|requirement|prerequisite) (?:of|for) (?:\w+ ){0,3}?"
    rf"{_TAKING_PART}\b"
    r"|\b(?:is|are) (?:required|mandatory|compulsory) (?:in order )?(?:to|for) (?:take part|participate"
    r"|participation|join|enrol(?:l)?|remain|stay|be eligible)\b"
    r"|\byou (?:must|will need to|are required to|have to) (?:\w+ ){1,12}?(?:to|in order to) (?:take part"
    r"|participate|join|enrol(?:l)?|remain|stay|be eligible)\b"
    r"|\b(?:cannot|can't|may not) (?:take part|participate|join|enrol(?:l)?) (?:\w+ ){0,4}?without\b",
    re.IGNORECASE)


def choice_made_condition(old: Sequence[str], new: Sequence[str]) -> tuple[str, str] | None:
    """(the old sentence that left it to the reader, the new one that makes it a condition of taking part),
    where the clause's sentences ``old`` became ``new`` and no new sentence still leaves it to them."""
    chosen = next((s for s in old if _CHOSEN.search(s)), None)
    if chosen is None or any(_CHOSEN.search(s) for s in new) or any(_CONDITION.search(s) for s in old):
        return None
    required = next((s for s in new if _CONDITION.search(s)), None)
    return (chosen, required) if required is not None else None

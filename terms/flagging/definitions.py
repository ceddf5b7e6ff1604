"""Who a document's defined party names stand for, so that explanations can say it.

"Caducea's business is providing insight … to paying organisations ("Clients"). Our Clients include
pharmaceutical and medical-device manufacturers, banks, … and government agencies." Later clauses
say only "Clients may view posts": a flag there names "clients", and the reader has to find the
definition to learn that a drug maker or an insurer may be reading. A defined term (written in
quotes somewhere, or named as parties are: "Insight Partners", "Data Subscribers") followed by
"include" lends its list to every flag that names the term.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import NamedTuple

#: what a definition lists, up to the sentence's full stop: a stop inside a name ("Acme Pharma Inc., banks")
#: or one not followed by a capital is no end; a list set out as items runs on over its lines, not past a
#: blank line
_LISTED = (r"(?:include|includes|may\s+include):?\s+"
           r"(?P<members>(?:[^.;:\n]|\n(?![ \t]*\n)|\.(?![ \t]+[A-Z\"“(]|[ \t]*\n|[ \t]*$))+)\.")
_MEMBERS = re.compile(
    # (the term may open its sentence bare: "Subscribers may include manufacturers of medicines, …")
    r"(?:\b(?:Our|The|These)\s+|(?<=[.:]\s)|(?<=\n))(?P<term>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+" + _LISTED)
#: ... or the sentence that names the term in quotes last goes on "They include": "… organisations that
#: subscribe as “Enterprise Members”. They include manufacturers of medical devices, …"
_THEY_INCLUDE = re.compile(
    r"[\"“](?P<term>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)[\"”]\)?\.[\"”]?\s+They\s+" + _LISTED)
#: ... or the sentence before names them, and this one gives them the term: "Some employers, unions and
#: health plans pay for their members' subscriptions. We call these organisations “Wellbeing Partners”."
_CALLED_AFTER = re.compile(
    r"(?:^|(?<=[.:]\s)|(?<=\n))(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:Some|Many|Certain|Other|Several)\s+)?"
    r"(?P<members>[a-z][\w-]*(?:,?\s+(?:and\s+|or\s+)?[a-z][\w-]*){0,9}?)\s+"
    r"(?:pay|fund|sponsor|buy|purchase|subscribe|cover|offer|provide|give|may|can)\b[^.;\n]{0,200}\.\s+"
    r"We\s+(?:call|refer\s+to)\s+(?:these|those|them|such)(?:\s+[a-z]+)?\s+(?:as\s+)?"
    r"[\"“](?P<term>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)[\"”]")
#: a definition's list longer than this is no list of parties (a paragraph run on)
MAX_MEMBERS = 1500
_QUOTED = '("“\'‘'
_UNQUOTED = ')"”\'’'
#: a coined two-word name of a party is defined even where no quotes mark it ("Our Insight Partners may
#: include …"); a lone "Our Partners include …" is not (the word also names other partners, "advertising
#: partners"), nor is "Our Services include …"
_PARTY_NAME = re.compile(
    r"\s(?:Partners|Clients|Sponsors|Subscribers|Customers|Recipients|Affiliates|Advertisers|Licensees"
    r"|Buyers|Purchasers)$"
)
#: defined words for the service and its parts, whose "include" lists features, not parties ("The Platform
#: includes an in-app chat so that Physicians and Facilities can discuss Shift details")
_NOT_A_PARTY = re.compile(r"(?:platform|services?|site|website|apps?|application|community|forum|network"
                          r"|products?|content|data|information|features?|tools?)", re.IGNORECASE)
_LIST_MARKER = re.compile(r"(?m)^[ \t]*(?:[-*•‣◦]|\(?[0-9a-z]{1,3}[.)])[ \t]+")


class Definition(NamedTuple):
    """What a document says a party term stands for."""

    term: str                            # as the first definition writes it: "Clients"
    members: str                         # what every definition of it lists, in order
    spans: tuple[tuple[int, int], ...]   # each definition ("Our Clients include …", with its list)


def definitions(text: str) -> dict[str, Definition]:
    """The defined party terms of ``text``, by the term case-folded."""
    found: dict[str, tuple[str, list[str], list[tuple[int, int]]]] = {}
    quoted: dict[str, bool] = {}
    for m in itertools.chain(_MEMBERS.finditer(text), _THEY_INCLUDE.finditer(text),
                             _CALLED_AFTER.finditer(text)):
        term, members = m.group("term"), m.group("members")
        if not 10 <= len(members) <= MAX_MEMBERS or _NOT_A_PARTY.fullmatch(term):
            continue
        if term not in quoted:
            in_quotes = rf"[{re.escape(_QUOTED)}]\s*{re.escape(term)}\s*[{re.escape(_UNQUOTED)}]"
            quoted[term] = re.search(in_quotes, text) is not None or _PARTY_NAME.search(term) is not None
        if quoted[term]:
            _, lists, spans = found.setdefault(term.casefold(), (term, [], []))
            lists.append(" ".join(_LIST_MARKER.sub("", members).split()))
            spans.append(m.span())
    return {key: Definition(term, ", ".join(dict.fromkeys(lists)), tuple(spans))
            for key, (term, lists, spans) in found.items()}


def party_members(text: str) -> dict[str, str]:
    """Defined party terms of ``text`` (case-folded) and the members their definitions list."""
    return {term: definition.members for term, definition in definitions(text).items()}


def defined_term(party: str, terms: Iterable[str]) -> str | None:
    """The defined term (of ``terms``, case-folded) that ``party`` names: "clients", "our clients",
    "clients such as …" name "clients", and "sponsors" names "sponsor"."""
    forms = _forms(party.partition(" such as ")[0].casefold())
    return next((t for t in terms if t in forms or any(f.endswith(" " + t) for f in forms)), None)


def _forms(named: str) -> set[str]:
    """A party's name in either number: a definition of "Sponsor" names the "sponsors" a flag speaks of."""
    return {named, named + "s", named[:-1] if named.endswith("s") else named}


def with_members(parties: tuple[str, ...], members: dict[str, str], window: str = "",
                 named_in_window: bool = False) -> tuple[str, ...]:
    """``parties`` with each defined term followed by what it stands for ("clients such as
    pharmaceutical and medical-device manufacturers, banks, …"). A party read as a common noun
    ("partners") is named by the defined term ``window`` writes it in ("Insight Partners may read").
    ``named_in_window``: a defined term the window names that no party stands for is added ("…
    to Collaborators", a word no vocabulary knows as a party)."""
    if not members:
        return parties
    named = []
    used = set()
    folded = window.casefold()
    for party in parties:
        key = defined_term(party, members)
        if key is None:
            forms = _forms(party.casefold())
            longer = [t for t in members if any(t.endswith(" " + f) for f in forms)
                      and any(form in folded for form in _forms(t))]
            if longer:
                key = longer[0]
                party = key + "s" if party.endswith("s") and not key.endswith("s") else key
        if key is not None:
            used.add(key)
        named.append(f"{party} such as {members[key]}" if key else party)
    if named_in_window:
        # (in the plural, as a flag's parties are named: "verifiers such as a hospital, …")
        named += [f"{_plural(term)} such as {listed}" for term, listed in members.items()
                  if term not in used and _named_whole(term, window)]
    return tuple(named)


#: a capitalised word naming a part of a defined kind ("Recruiter Enterprise Members"), not an article or
#: the sentence's first word
_QUALIFIER = re.compile(r"(?<![.!?:;\n]\s)(?<!^)\b(?!(?:The|Our|These|Those|All|Any|Each|Every|Some)\b)"
                        r"[A-Z][\w-]*\s+$")


def _named_whole(term: str, window: str) -> bool:
    """Whether ``window`` names the defined ``term`` (case-folded) itself somewhere, not only a part of the
    kind qualified by a name of its own: "Recruiter Enterprise Members may view your profile" is about the
    recruiters, and listing every kind of Enterprise Member there widened the clause."""
    return any(_QUALIFIER.search(window, 0, m.start()) is None
               for m in re.finditer(rf"\b{re.escape(term)}\b", window, re.IGNORECASE))


def _plural(term: str) -> str:
    """A defined term as a flag names its parties: "verifier" → "verifiers", "partner company" →
    "partner companies"."""
    if term.endswith("s"):
        return term
    if term.endswith("y") and term[-2:-1] not in "aeiou":
        return term[:-1] + "ies"
    return term + "s"

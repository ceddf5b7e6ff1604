"""Who a document's defined party names stand for, so that explanations can say it.

"Caducea's business is providing insight … to paying organisations ("Clients"). Our Clients include
pharmaceutical and medical-device manufacturers, banks, … and government agencies." Later clauses
say only "Clients may view posts": a flag there names "clients", and the reader has to find the
definition to learn that a drug maker or an insurer may be reading. A defined term (written in
quotes somewhere) followed by "include" lends its list to every flag that names the term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MEMBERS = re.compile(
    r"\b(?:Our|The|These)\s+(?P<term>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:include|includes|may\s+include)\s+"
    r"(?P<members>[^.;:]{10,300})\."
)
_QUOTED = '("“\'‘'
_UNQUOTED = ')"”\'’'


def definitions(text: str) -> dict[str, tuple[str, tuple[int, int]]]:
    """Defined party terms of ``text`` (case-folded): the members their definition lists, and where
    that list's sentence ("Our Clients include …") lies."""
    found: dict[str, tuple[str, tuple[int, int]]] = {}
    for m in _MEMBERS.finditer(text):
        term = m.group("term")
        quoted = re.search(rf"[{re.escape(_QUOTED)}]\s*{re.escape(term)}\s*[{re.escape(_UNQUOTED)}]", text)
        if quoted:
            found.setdefault(term.casefold(), (" ".join(m.group("members").split()), m.span()))
    return found


def party_members(text: str) -> dict[str, str]:
    """Defined party terms of ``text`` (case-folded) and the members their definition lists."""
    return {term: members for term, (members, _) in definitions(text).items()}


def defined_term(party: str, terms: Iterable[str]) -> str | None:
    """The defined term (of ``terms``, case-folded) that ``party`` names: "clients", "our clients",
    "clients such as …" name "clients"."""
    named = party.partition(" such as ")[0].casefold()
    return next((t for t in terms if named == t or named.endswith(" " + t)), None)


def with_members(parties: tuple[str, ...], members: dict[str, str]) -> tuple[str, ...]:
    """``parties`` with each defined term followed by what it stands for ("clients such as
    pharmaceutical and medical-device manufacturers, banks, …")."""
    if not members:
        return parties
    named = []
    for party in parties:
        key = defined_term(party, members)
        named.append(f"{party} such as {members[key]}" if key else party)
    return tuple(named)

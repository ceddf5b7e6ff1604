"""Who a document's defined party names stand for, so that explanations can say it.

"Caducea's business is providing insight … to paying organisations ("Clients"). Our Clients include
pharmaceutical and medical-device manufacturers, banks, … and government agencies." Later clauses
say only "Clients may view posts": a flag there names "clients", and the reader has to find the
definition to learn that a drug maker or an insurer may be reading. A defined term (written in
quotes somewhere) followed by "include" lends its list to every flag that names the term.
"""

from __future__ import annotations

import re

_MEMBERS = re.compile(
    r"\b(?:Our|The|These)\s+(?P<term>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:include|includes|may\s+include)\s+"
    r"(?P<members>[^.;:]{10,300})\."
)
_QUOTED = '("“\'‘'
_UNQUOTED = ')"”\'’'


def party_members(text: str) -> dict[str, str]:
    """Defined party terms of ``text`` (case-folded) and the members their definition lists."""
    found: dict[str, str] = {}
    for m in _MEMBERS.finditer(text):
        term = m.group("term")
        quoted = re.search(rf"[{re.escape(_QUOTED)}]\s*{re.escape(term)}\s*[{re.escape(_UNQUOTED)}]", text)
        if quoted:
            found.setdefault(term.casefold(), " ".join(m.group("members").split()))
    return found


def with_members(parties: tuple[str, ...], members: dict[str, str]) -> tuple[str, ...]:
    """``parties`` with each defined term followed by what it stands for ("clients such as
    pharmaceutical and medical-device manufacturers, banks, …")."""
    if not members:
        return parties
    named = []
    for party in parties:
        key = next((t for t in members if party.casefold() == t or party.casefold().endswith(" " + t)), None)
        named.append(f"{party} such as {members[key]}" if key else party)
    return tuple(named)

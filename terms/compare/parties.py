"""Who a provision reaches, compared across two versions: the parties a flag names that it did not.

A flag names its parties as the extractor found them, a defined term followed by what its
definition lists ("clients such as pharmaceutical and medical-device manufacturers, banks, …").
When a version adds "hospital groups and other employers of physicians" to that list, every
clause saying "Clients may view posts" now lets a physician's employer read them, though not one
of those clauses changed a word. This module finds such names: the items of the new flag's
parties with a word that none of the old flag's parties has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from terms.flagging.definitions import definitions

_SUCH_AS = " such as "
#: items of a list: cut at commas, with any "and"/"or" that leads the last item
_ITEM_BREAK = re.compile(r"\s*[,;]\s*(?:(?:and|or)\s+)?")
_JOINED = re.compile(r"\s+(?:and|or)\s+")
_MARKER = re.compile(r"^[\s\-*•‣◦]+")
_WORD = re.compile(r"[a-z0-9']+")   # "market-research" is "market research"
#: words that do not tell one party from another
_FILLER = frozenset({"a", "an", "and", "any", "as", "certain", "for", "of", "or", "other", "our",
                     "select", "some", "such", "that", "the", "their", "these", "those", "to", "we",
                     "with", "your"})


def _one(word: str) -> str:
    """A plural and its singular as one word: "employers" and "employer", "parties" and "party"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> set[str]:
    return {_one(w) for w in _WORD.findall(text.casefold()) if w not in _FILLER}


def _parts(parties: Iterable[str]) -> list[tuple[str, str, list[str]]]:
    """Each party as (as written, its name, the members its definition lists)."""
    parts = []
    for party in parties:
        head, such_as, members = party.partition(_SUCH_AS)
        listed = [_MARKER.sub("", m) for m in _ITEM_BREAK.split(members)] if such_as else []
        parts.append((party, _MARKER.sub("", head), [m for m in listed if m]))
    return parts


def added_parties(old: Iterable[str], new: Iterable[str], old_text: str = "", *,
                  from_nothing: bool = False) -> tuple[str, ...]:
    """The parties of ``new``, or the members a defined party's list gives it, with a word that
    neither ``old`` nor ``old_text`` (what the old version's clauses say) has: in ``new``'s order,
    each once.

    Empty unless ``new`` still names every party ``old`` named: "third parties" become "vendors"
    is a party renamed, not one added (a definition's list may lose members and gain others: its
    new members are news). Empty too when ``old`` names no one (a flag with no party in one
    version has nothing to widen), unless ``from_nothing`` (data: a provision selling "the items
    purchased" that now sells "the five-digit ZIP code" too names data only now, the old words being
    the test). A definition's members count only where the old flag listed
    the same party's members too: a list found only now ("Our Clients are …" become "Our Clients
    include …") is no news; nor is a party the old words named that the extractor missed there
    ("the general public" in the old list, "the public" found only in the new one).
    """
    old_parts, new_parts = _parts(old), _parts(new)
    names: set[str] = set()
    for _, name, _ in old_parts:
        names |= _words(name)
    if not names and not from_nothing:
        return ()
    still: set[str] = set()
    for _, name, _ in new_parts:
        still |= _words(name)
    if not names <= still:
        return ()
    said = set(names) | _words(old_text)
    listed: set[str] = set()   # the old parties whose members were listed
    for _, name, members in old_parts:
        if members:
            listed.add(name.casefold())
        for member in members:
            said |= _words(member)
    added: list[str] = []
    for written, name, members in new_parts:
        if _words(name) - said:
            found = [written]
        elif name.casefold() in listed:
            found = [m for m in members if _words(m) - said]
        else:
            continue
        for item in found:
            # the last item of a list without a comma before its "and" holds two: "employers of
            # physicians and market-research firms", the firms named before
            item = " and ".join(part for part in _JOINED.split(item) if _words(part) - said)
            if item not in added:
                added.append(item)
    return tuple(added)


def definition_notes(old: str | None, new: str | None) -> tuple[tuple[bool, str], ...]:
    """``(worse, what)`` for each party whose definition in a clause now lists members it did not
    ("“Clients” now also include hospital groups and other employers of physicians"), or no
    longer lists some: for a reader who sees the clause alone, as the consent re-review shows it,
    where the word diff marks the words but not that a physician's employer may now read posts."""
    before, after = definitions(old or ""), definitions(new or "")
    notes: list[tuple[bool, str]] = []
    for term, definition in after.items():
        if term not in before:
            continue
        name = f"“{definition.term}”"
        old_list = (f"{term} such as {before[term].members}",)
        new_list = (f"{term} such as {definition.members}",)
        if gained := added_parties(old_list, new_list):
            notes.append((True, f"{name} now also include {'; '.join(gained)}"))
        if lost := added_parties(new_list, old_list):
            notes.append((False, f"{name} no longer include {'; '.join(lost)}"))
    return tuple(notes)

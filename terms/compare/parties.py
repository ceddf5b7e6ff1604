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

_SUCH_AS = " such as "
#: items of a list: cut at commas, with any "and"/"or" that leads the last item
_ITEM_BREAK = re.compile(r"\s*[,;]\s*(?:(?:and|or)\s+)?")
_JOINED = re.compile(r"\s+(?:and|or)\s+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
#: words that do not tell one party from another
_FILLER = frozenset({"a", "an", "and", "any", "as", "certain", "for", "of", "or", "other", "our",
                     "select", "some", "such", "that", "the", "their", "these", "those", "to", "we",
                     "with", "your"})


def _words(text: str) -> set[str]:
    # a plural and its singular are one word ("employer" in the old list, "employers" in the new)
    return {w.removesuffix("s") for w in _WORD.findall(text.casefold()) if w not in _FILLER}


def _items(parties: Iterable[str]) -> list[str]:
    """Each party, and each member its definition lists, as written."""
    items: list[str] = []
    for party in parties:
        head, such_as, members = party.partition(_SUCH_AS)
        items.append(head)
        if such_as:
            items += [m for m in _ITEM_BREAK.split(members) if m]
    return items


def added_parties(old: Iterable[str], new: Iterable[str], old_text: str = "") -> tuple[str, ...]:
    """The parties (or listed members) of ``new`` with a word that neither a party of ``old`` nor
    ``old_text`` (what the old version's clauses say) has, in ``new``'s order, each once.

    Empty unless ``new`` still names everyone ``old`` named: "third parties" become "vendors" is a
    party renamed, not one added. Empty too when ``old`` names no one (a flag with no party in
    one version has nothing to widen), and for a party the old words named that the extractor
    missed there ("the general public" in the old list, "the public" found only in the new one).
    """
    old_items, new_items = _items(old), _items(new)
    known: set[str] = set()
    for item in old_items:
        known |= _words(item)
    if not known:
        return ()
    still: set[str] = set()
    for item in new_items:
        still |= _words(item)
    if not known <= still:
        return ()
    said = known | _words(old_text)
    added: list[str] = []
    for item in new_items:
        if _words(item) - said:
            # the last item of a list without a comma before its "and" holds two: "employers of
            # physicians and market-research firms", the firms named before
            item = " and ".join(part for part in _JOINED.split(item) if _words(part) - said)
            if item not in added:
                added.append(item)
    return tuple(added)

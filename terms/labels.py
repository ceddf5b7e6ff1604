"""How reports name clauses for a reader: by number where they have one, else by their place.

Internal clause ids ("sharing/p3") mean nothing to someone reading the document; a reader
finds a clause by its number or by the heading it sits under.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from terms.model import Clause, ClauseKind, Document
from terms.wording import join_words

_ORDINAL_TAIL = re.compile(r"(?:/[pi]\d+(?:~\d+)?)+$")
_ORDINAL_PART = re.compile(r"/([pi])(\d+)")


def _ordinal(clause_id: str) -> tuple[str, str] | None:
    """("p" or "i", its place) of an unnumbered clause's id: "item 2" for ``…/i2``, and "2.1" for
    the first item nested in the second (``…/i2/i1``), which was "item 1" like the first item."""
    tail = _ORDINAL_TAIL.search(clause_id)
    if tail is None:
        return None
    parts = _ORDINAL_PART.findall(tail.group())
    kind = parts[-1][0]
    numbers: list[str] = []
    for part_kind, number in reversed(parts):
        if part_kind != kind:
            break
        numbers.append(number)
    return kind, ".".join(reversed(numbers))


#: the documents whose sections were last looked at, with what :func:`_sections` found there
#: (documents are immutable; a few are named over and over while a report is written)
_SECTIONS: dict[int, tuple[Document, dict[str, set[tuple[str, ...]]]]] = {}
_SECTIONS_KEPT = 4
_CONTEXT_CHARS = 48


def _sections(document: Document) -> dict[str, set[tuple[str, ...]]]:
    """For each label a reader could see twice (a section heading, a clause number), the heading
    paths it occurs under."""
    cached = _SECTIONS.get(id(document))
    if cached is not None and cached[0] is document:
        return cached[1]
    found: dict[str, set[tuple[str, ...]]] = {}
    for clause in document.clauses:
        if clause.heading_path:
            found.setdefault(clause.heading_path[-1], set()).add(clause.heading_path)
        if clause.number:
            found.setdefault("§" + _number(clause), set()).add(clause.heading_path)
    if len(_SECTIONS) >= _SECTIONS_KEPT:
        _SECTIONS.pop(next(iter(_SECTIONS)))
    _SECTIONS[id(document)] = (document, found)
    return found


def _context(clause: Clause, document: Document | None, name: str) -> str | None:
    """The enclosing heading that tells this clause apart from another one a reader would see
    named the same (``name``: its section heading or "§" and its number), shortened; None when
    the name is unique. Documents with regional parts repeat whole sections ("5. Your Content"
    under both the US and the EEA agreement)."""
    if document is None:
        return None
    paths = _sections(document).get(name)
    if not paths or len(paths) < 2:
        return None
    path = clause.heading_path if name.startswith("§") else clause.heading_path[:-1]
    others = [other for other in paths if other != clause.heading_path]
    for depth, heading in enumerate(path):
        # the first heading that sets it apart from every other: Tinder's items "1." of "15c" and of
        # "15d", both under "15. DISPUTE RESOLUTION", were both "§1 in “15. DISPUTE RESOLUTION”"
        if all(other[:depth + 1] != path[:depth + 1] for other in others):
            return _shorten(heading.strip().rstrip(".:"))
    return None


_DUPLICATE_SUFFIX = re.compile(r"~\d+$")
_PARENT_NUMBER = re.compile(r"[0-9a-z]+(?:[.)(][0-9a-z]*)*", re.IGNORECASE)


def _number(clause: Clause) -> str:
    """The clause's number as a reader would cite it: as written ("7.3", "Article II"), or with
    its numbered parent's where it only gives its place in that one: "(a)" under 7.3 is
    "7.3(a)", and "1." under item 10 is "10.1" (its id says so; both were "§(a)" and "§1", which
    pointed at the wrong place)."""
    own = clause.number.strip().rstrip(".") if clause.number else ""
    tail = _DUPLICATE_SUFFIX.sub("", clause.id.rsplit("/", 1)[-1])
    if own and len(tail) > len(own) and tail.endswith(own):
        parent = tail[: -len(own)]
        if _PARENT_NUMBER.fullmatch(parent) and (parent.endswith(".") or own.startswith("(")):
            return tail
    # an HTML list's own letter ("b." of <ol type="a"> under 13.1, id "13.1(b)") was "§b"
    if own and tail.endswith(f"({own})") and _PARENT_NUMBER.fullmatch(tail[: -len(own) - 2]):
        return tail
    return own


def _shorten(heading: str) -> str:
    if len(heading) <= _CONTEXT_CHARS:
        return heading
    return heading[:_CONTEXT_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


#: a heading longer than this is named by its first part: some documents give a whole sentence as
#: a heading (Google's terms: "We know it’s tempting to skip these Terms of Service, but it’s
#: important to establish what you can expect from us …", 170 characters), which no label can
#: repeat for every paragraph under it. 90 keeps every corpus heading that reads as a title.
_HEADING_CHARS = 90
#: where the first part ends: at the last comma, semicolon or colon this far in, else at a word
_HEADING_PART_AT_LEAST = 40
_HEADING_WORDS_CUT = 80


def _named(heading: str) -> str:
    """A heading as a label quotes it: whole, or a long one cut at a pause and marked "…"."""
    heading = heading.strip()
    if len(heading) <= _HEADING_CHARS:
        return heading
    window = heading[:_HEADING_CHARS]
    pause = max(window.rfind(mark) for mark in ",;:")
    if pause >= _HEADING_PART_AT_LEAST:
        part = window[:pause]
    else:
        part = heading[:_HEADING_WORDS_CUT].rsplit(" ", 1)[0]
    return part.rstrip(",;:–- ") + "…"


def _in(context: str | None) -> str:
    return f" in “{context}”" if context else ""


def clause_label(clause: Clause, document: Document | None = None) -> str:
    """How a report names a clause: "§7.3" where it is numbered, else its heading or place.

    An unnumbered paragraph or list item is named by its place under its heading
    ("paragraph 2 of “Sharing”"). Without a heading above it, it is named after the numbered clause
    it follows when ``document`` is given ("paragraph 1 after §10.4": documents numbered "10.4 …"
    without headings), else by its place before any heading ("paragraph 1 at the top"). Readers
    find clauses by what they see in the document, so the internal id appears only where nothing
    else names the clause.
    """
    if clause.number:
        number = _number(clause)
        return "§" + number + _in(_context(clause, document, "§" + number))
    if clause.kind is ClauseKind.HEADING and clause.heading:
        return f"“{_named(clause.heading)}”"
    ordinal = _ordinal(clause.id)
    kind = "paragraph" if ordinal and ordinal[0] == "p" else "item"
    place = f"{kind} {ordinal[1]}" if ordinal else ""
    owner = _numbered_owner(clause, document) if ordinal else None
    if owner is not None:
        return f"{place} of {owner}"
    if clause.heading_path:
        heading = clause.heading_path[-1]
        context = _in(_context(clause, document, heading))
        return (f"{place} of “{_named(heading)}”" if place else f"“{_named(heading)}”") + context
    after = _after_numbered(clause, document) if document is not None and ordinal else None
    if after is not None:
        count, anchor = after
        return f"{kind} {count} after §{anchor}"
    return f"{place} at the top" if place else clause.id


def _numbered_owner(clause: Clause, document: Document | None) -> str | None:
    """"§7.1" where the clause is an unnumbered item or paragraph of the numbered clause 7.1 (the list
    that "7.1 We use your information to:" leads into): its heading, "7. How We Use …", would send the
    reader to §7's fifth clause, not to 7.1's fifth item."""
    tail = _ORDINAL_TAIL.search(clause.id)
    if document is None or tail is None or not document.has_clause(clause.id[: tail.start()]):
        return None
    owner = document.clause(clause.id[: tail.start()])
    if not owner.number or owner.kind is ClauseKind.HEADING:
        return None
    number = "§" + _number(owner)
    return number + _in(_context(owner, document, number))


#: how far back an unnumbered clause looks for the numbered one it follows (bounded, so that naming
#: every clause of a document without numbers stays linear)
_LOOK_BACK = 100


def _after_numbered(clause: Clause, document: Document) -> tuple[int, str] | None:
    """(n, number): ``clause`` is the n-th unnumbered clause of its kind and level after the
    numbered clause ``number``, with no heading between; None if there is none close before it."""
    if not document.has_clause(clause.id):
        return None
    at = document.position(clause.id)
    count = 1
    for other in reversed(document.clauses[max(0, at - _LOOK_BACK):at]):
        if other.number:
            return count, other.number.strip().rstrip(".")
        if other.kind is ClauseKind.HEADING:
            return None
        if other.parent_id == clause.parent_id and other.kind is clause.kind:
            count += 1
    return None


def places(document: Document, clause_ids: Sequence[str]) -> str:
    """Several clauses named at once, unnumbered ones grouped by heading:
    "§4.4, paragraphs 3 and 12 of “What We Collect”, item 2 at the top"."""
    # (kind, what they belong to: “heading” with " in “part”" where it repeats, or §number) -> ordinals,
    # in first-seen order
    groups: dict[tuple[str, str], list[str]] = {}
    out: list[tuple[str, str] | str] = []
    for clause_id in clause_ids:
        if not document.has_clause(clause_id):
            out.append(f"clause {clause_id}")
            continue
        clause = document.clause(clause_id)
        ordinal = _ordinal(clause.id)
        if (clause.number or clause.kind is ClauseKind.HEADING or not ordinal
                or (not clause.heading_path and _after_numbered(clause, document) is not None)):
            out.append(clause_label(clause, document))
            continue
        heading = clause.heading_path[-1] if clause.heading_path else ""
        owner = _numbered_owner(clause, document)
        if owner is not None:
            name = owner
        else:
            name = f"“{_named(heading)}”{_in(_context(clause, document, heading))}" if heading else ""
        key = ("paragraph" if ordinal[0] == "p" else "item", name)
        if key not in groups:
            groups[key] = []
            out.append(key)
        groups[key].append(ordinal[1])
    names: list[str] = []
    for entry in out:
        if isinstance(entry, str):
            names.append(entry)
            continue
        kind, owner = entry
        ordinals = list(dict.fromkeys(groups[entry]))
        what = f"{kind} {ordinals[0]}" if len(ordinals) == 1 else f"{kind}s {join_words(ordinals)}"
        name = f"{what} of {owner}" if owner else f"{what} at the top"
        names.append(name + _repeated(groups[entry]))
    return ", ".join(names)


def _repeated(ordinals: list[str]) -> str:
    """" (in two places)" where the same place names several clauses: a document whose regional
    parts repeat a section under no heading of their own (X's terms read "paragraphs 2 and 2 of
    “Your Rights …”")."""
    counts = {ordinal: ordinals.count(ordinal) for ordinal in ordinals}
    times = set(counts.values())
    if times == {1}:
        return ""
    if len(times) == 1:
        return f" (each in {_COUNTED.get(times.pop(), 'several')} places)" if len(counts) > 1 \
            else f" (in {_COUNTED.get(times.pop(), 'several')} places)"
    return " (some in more than one place)"


_COUNTED = {2: "two", 3: "three", 4: "four"}


def clause_reference(clause: Clause, document: Document) -> str:
    """How an explanation points at a clause: "section 12.2", "the “Your choices” section"."""
    if clause.number:
        label = _number(clause)
        context = _in(_context(clause, document, "§" + label))
        named = label.lower().startswith(("section", "article", "clause"))
        return (label if named else f"section {label}") + context
    if clause.heading_path:
        context = _in(_context(clause, document, clause.heading_path[-1]))
        return f"the “{_named(clause.heading_path[-1]).rstrip('.:')}” section{context}"
    return clause_label(clause, document)

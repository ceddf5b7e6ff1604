"""Synthetic version pairs with known edits, for tests and benchmarks.

A base document of numbered sections ("3. Title") holding numbered clauses
("3.2 text") is edited in known ways; every clause carries a hidden identity, so
the exact comparison expected for *every* clause of both versions is known:
edited clauses get the kind of their edit, the others are unchanged or, where
their number shifted, renumbered.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from terms.compare.model import EntryKind
from terms.model import Clause, ClauseKind, Document, DocumentFormat
from terms.textnorm import fingerprint

EDITS = ("move", "renumber", "insert", "delete", "reword", "rewrite", "split", "merge",
         "whitespace", "reorder")

_WORDS = tuple(str.split(
    "account access advertising affiliate agree agreement applicable arbitration authority breach browser "
    "business cancel change choose claim collect communication company comply confidential consent "
    "content contract cookie country court customer damage data delete deliver device dispute disclose "
    "display effective email employee enforce entity event exclude export feature fee feedback "
    "government grant guarantee identify include indemnify information intellectual interest jurisdiction "
    "law liability licence limit location maintain marketing material member merger message monitor "
    "network notice obligation operate opt order owner partner party payment period permit personal "
    "platform policy post preference privacy process product profile protect provide provider purchase "
    "purpose reasonable receive record refund region regulation remove request require research reserve "
    "restrict retain review right royalty sale secure sell service settings share software sponsor "
    "statement store submit subscription suspend system technology term terminate third transfer "
    "update upload usage user valid vendor violate waive warranty website withdraw"
))
_SPACE = re.compile(r" ")


@dataclass
class _Item:
    uid: str
    text: str


@dataclass
class _Section:
    uid: str
    title: str
    items: list[_Item]
    bump: int = 0          # extra amount added to this and every later section number


@dataclass(frozen=True, slots=True)
class ExpectedEntry:
    kind: EntryKind
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SyntheticPair:
    old: Document
    new: Document
    edits: tuple[str, ...]
    expected: frozenset[ExpectedEntry]
    #: for "reword" edits: (old clause id, old word, new clause id, new word)
    reworded: tuple[tuple[str, str, str, str], ...] = field(default=())


def build_document(entries: Sequence[tuple[str | None, str | None, str]], *, title: str | None = None,
                   effective_date: str | None = None, source: str | None = None) -> Document:
    """A Document from ``(number, heading, text)`` entries, offsets and fingerprints as a parser makes them.

    An entry with a heading is a section heading (``text`` is ignored; the line is
    "number heading"); the entries after it are its children. Other entries are
    numbered clauses ("number text") or, without a number, paragraphs.
    """
    blocks: list[str] = []
    clauses: list[Clause] = []
    offset = 0
    section: Clause | None = None
    paragraph_count: dict[str | None, int] = {}
    used: set[str] = set()
    for number, heading, text in entries:
        if heading is not None:
            body = heading
            line = f"{number}. {heading}" if number else heading
            slug = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-") or "section"
            cid = number or slug
            kind, parent, depth, path = ClauseKind.HEADING, None, 0, ()
        else:
            body = text
            line = f"{number} {text}" if number else text
            parent = section.id if section else None
            path = (section.heading,) if section and section.heading else ()
            depth = 1 if section else 0
            if number:
                cid, kind = number, ClauseKind.CLAUSE
            else:
                paragraph_count[parent] = paragraph_count.get(parent, 0) + 1
                cid, kind = f"{parent or 'top'}/p{paragraph_count[parent]}", ClauseKind.PARAGRAPH
        base, n = cid, 1
        while cid in used:
            n += 1
            cid = f"{base}~{n}"
        used.add(cid)
        clause = Clause(cid, kind, number, heading, path, parent, depth, offset, offset + len(line), line,
                        fingerprint(body))
        clauses.append(clause)
        if kind is ClauseKind.HEADING:
            section = clause
        blocks.append(line)
        offset += len(line) + 2
    return Document("\n\n".join(blocks), tuple(clauses), DocumentFormat.TEXT, title=title,
                    effective_date=effective_date, source=source)


def _sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def _base(rng: random.Random, sections: int, per_section: int) -> list[_Section]:
    result = []
    for s in range(sections):
        count = per_section + rng.randint(-2, 2) if per_section > 3 else per_section
        items = [_Item(f"c{s}.{k}", " ".join(_sentence(rng, rng.randint(10, 22)) for _ in range(2)))
                 for k in range(count)]
        title = " ".join(rng.choice(_WORDS) for _ in range(3)).title()
        result.append(_Section(f"s{s}", f"{title} {s}", items))
    return result


def _render(sections: list[_Section]) -> tuple[list[tuple[str | None, str | None, str]], dict[str, str]]:
    """Entries for :func:`build_document` and the clause id of every uid."""
    entries: list[tuple[str | None, str | None, str]] = []
    ids: dict[str, str] = {}
    number = 0
    for section in sections:
        number += 1 + section.bump
        entries.append((str(number), section.title, ""))
        ids[section.uid] = str(number)
        for k, item in enumerate(section.items, 1):
            entries.append((f"{number}.{k}", None, item.text))
            ids[item.uid] = f"{number}.{k}"
    return entries, ids


class _Editor:
    def __init__(self, sections: list[_Section], rng: random.Random) -> None:
        self.sections = sections
        self.rng = rng
        self.touched: set[str] = set()                 # uids of sections already edited
        self.kinds: dict[str, EntryKind] = {}          # uid -> expected kind (1:1 edits)
        self.groups: list[tuple[EntryKind, tuple[str, ...], tuple[str, ...]]] = []  # split/merge uids
        self.reworded: list[tuple[str, str, str]] = []   # uid, old word, new word
        self.counter = 0

    def _new_uid(self) -> str:
        self.counter += 1
        return f"n{self.counter}"

    def _free_section(self) -> _Section:
        """A section no other edit has used (so that expectations of edits never interfere)."""
        free = [s for s in self.sections if s.uid not in self.touched]
        if not free:
            raise ValueError("not enough sections for these edits: each edit needs sections of its own")
        section = self.rng.choice(free)
        self.touched.add(section.uid)
        return section

    def _free_item(self, section: _Section, *, not_last: bool = False) -> int:
        """Any item of a fresh section (the last one excluded when a successor is needed)."""
        limit = len(section.items) - (1 if not_last else 0)
        return self.rng.randrange(limit)

    def apply(self, edit: str) -> None:
        getattr(self, f"_{edit}")()

    def _move(self) -> None:
        source = self._free_section()
        item = source.items.pop(self._free_item(source))
        target = self._free_section()
        target.items.insert(self.rng.randint(0, len(target.items)), item)
        self.kinds[item.uid] = EntryKind.MOVED

    def _renumber(self) -> None:
        self.rng.choice(self.sections[1:]).bump += 1

    def _insert(self) -> None:
        section = self._free_section()
        item = _Item(self._new_uid(), _sentence(self.rng, 18) + " " + _sentence(self.rng, 12))
        section.items.insert(self.rng.randint(0, len(section.items)), item)
        self.kinds[item.uid] = EntryKind.ADDED

    def _delete(self) -> None:
        section = self._free_section()
        item = section.items.pop(self._free_item(section))
        self.kinds[item.uid] = EntryKind.REMOVED

    def _reword(self) -> None:
        section = self._free_section()
        item = section.items[self._free_item(section)]
        words = item.text.split(" ")
        at = self.rng.randrange(1, len(words) - 1)
        old_word = words[at]
        new_word = self.rng.choice([w for w in _WORDS if w != old_word.lower().strip(".")])
        words[at] = new_word + ("." if old_word.endswith(".") else "")
        item.text = " ".join(words)
        self.kinds[item.uid] = EntryKind.CHANGED
        self.reworded.append((item.uid, old_word, words[at]))

    def _rewrite(self) -> None:
        section = self._free_section()
        item = section.items[self._free_item(section)]
        item.text = _sentence(self.rng, 16) + " " + _sentence(self.rng, 14)
        self.kinds[item.uid] = EntryKind.CHANGED

    def _split(self) -> None:
        section = self._free_section()
        at = self._free_item(section)
        item = section.items[at]
        first, second = item.text.split(". ", 1)
        item.text = first + "."
        extra = _Item(self._new_uid(), second)
        section.items.insert(at + 1, extra)
        self.groups.append((EntryKind.SPLIT, (item.uid,), (item.uid, extra.uid)))

    def _merge(self) -> None:
        section = self._free_section()
        at = self._free_item(section, not_last=True)
        item, following = section.items[at], section.items.pop(at + 1)
        merged_old_text = item.text
        item.text = merged_old_text + " " + following.text
        self.groups.append((EntryKind.MERGED, (item.uid, following.uid), (item.uid,)))

    def _whitespace(self) -> None:
        section = self._free_section()
        item = section.items[self._free_item(section)]
        spaces = [m.start() for m in _SPACE.finditer(item.text)]
        a, b = sorted(self.rng.sample(spaces, 2))
        item.text = item.text[:a] + "  " + item.text[a + 1:b] + "\u00a0" + item.text[b + 1:]
        self.kinds[item.uid] = EntryKind.FORMATTING

    def _reorder(self) -> None:
        """Swap two adjacent sections; the one with less text is the one that moved."""
        def weight(section: _Section) -> int:
            return len(section.title) + sum(len(i.text) + 1 for i in section.items)

        pairs = [k for k in range(len(self.sections) - 1)
                 if not {self.sections[k].uid, self.sections[k + 1].uid} & self.touched
                 and weight(self.sections[k]) != weight(self.sections[k + 1])]
        if not pairs:
            raise ValueError("not enough sections for these edits: reorder needs two adjacent fresh ones")
        k = self.rng.choice(pairs)
        first, second = self.sections[k], self.sections[k + 1]
        self.sections[k], self.sections[k + 1] = second, first
        smaller = min(first, second, key=weight)
        for uid in (smaller.uid, *(i.uid for i in smaller.items)):
            self.kinds[uid] = EntryKind.MOVED
        self.touched |= {first.uid, second.uid}


def synthetic_pair(edits: Sequence[str], *, seed: int = 0, sections: int = 8, per_section: int = 6,
                   ) -> SyntheticPair:
    """A pair of versions differing by ``edits`` (names from :data:`EDITS`), each applied once."""
    rng = random.Random(seed)
    base = _base(rng, sections, per_section)
    old_entries, old_ids = _render(base)
    sections_copy = [replace(s, items=[replace(i) for i in s.items]) for s in base]
    editor = _Editor(sections_copy, rng)
    for edit in edits:
        if edit not in EDITS:
            raise ValueError(f"unknown edit {edit!r}; known: {', '.join(EDITS)}")
        editor.apply(edit)
    new_entries, new_ids = _render(editor.sections)
    old = build_document(old_entries, title="Synthetic terms v1", source="synthetic-v1")
    new = build_document(new_entries, title="Synthetic terms v2", source="synthetic-v2")

    expected: set[ExpectedEntry] = set()
    grouped: set[str] = set()
    for kind, old_uids, new_uids in editor.groups:
        old_group = tuple(old_ids[u] for u in old_uids)
        expected.add(ExpectedEntry(kind, old_group, tuple(new_ids[u] for u in new_uids)))
        grouped.update(old_uids, new_uids)
    for uid in old_ids.keys() | new_ids.keys():
        if uid in grouped:
            continue
        in_old, in_new = old_ids.get(uid), new_ids.get(uid)
        kind = editor.kinds.get(uid)
        if kind is None or (kind is EntryKind.FORMATTING and in_old != in_new):
            kind = EntryKind.UNCHANGED if in_old == in_new else EntryKind.RENUMBERED
        expected.add(ExpectedEntry(kind, (in_old,) if in_old else (), (in_new,) if in_new else ()))
    reworded = tuple((old_ids[u], a, new_ids[u], b) for u, a, b in editor.reworded)
    return SyntheticPair(old, new, tuple(edits), frozenset(expected), reworded)

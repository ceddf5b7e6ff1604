"""The library: every opened document version, grouped service → document → versions (Qt-free).

Entries are small records (path, names, version label, text hash), persisted as JSON by
the window, so the library survives restarts without re-reading every file. Names come
from the parsed document where it states them, else from the file's place on disk
(``<service>/<document>/<version>.md`` as in Open Terms Archive exports), else the file name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from desktop.gui.engine import Analysed
from terms.filelayout import dated_version

UNSORTED = "Other documents"


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    path: str
    service: str
    title: str
    version: str
    sha256: str
    kind: str = "other"

    @property
    def group(self) -> tuple[str, str]:
        return (self.service, self.title)

    @property
    def series(self) -> str:
        """The consent store series: versions filed under one library document share it."""
        from terms.consent.store import library_series

        return library_series(self.service, self.title)


def _pretty(slug: str) -> str:
    words = slug.replace("_", " ").replace("-", " ").split()
    return " ".join(w if w.isupper() else w.capitalize() for w in words)


def describe(analysed: Analysed) -> LibraryEntry:
    """A library entry for a freshly analysed version."""
    doc = analysed.document
    path = analysed.path or Path(doc.source or "untitled")
    folders = dated_version(path)
    dated_file = folders is not None
    service = doc.service or (_pretty(folders[0]) if folders else None) or UNSORTED
    title = doc.title or (_pretty(folders[1]) if folders else None) or _pretty(path.stem)
    if service == UNSORTED and doc.title:
        # without a service, a title such as "Terms of Service" names no one document: two
        # companies' terms would be filed as versions of one, and consent carried between them.
        # The reader files a later version under its document with "Add as New Version".
        title = f"{doc.title} ({path.name})"
    version = doc.effective_date or (path.stem[:10] if dated_file else None) or path.name
    return LibraryEntry(str(path), service, title, version, doc.sha256, str(doc.kind))


class Library:
    """Entries in insertion order; a path appears once (re-opening updates it)."""

    def __init__(self, entries: Iterable[LibraryEntry] = ()) -> None:
        self._entries: dict[str, LibraryEntry] = {}
        for entry in entries:
            self.add(entry)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return iter(self._entries.values())

    def get(self, path: str) -> LibraryEntry | None:
        return self._entries.get(path)

    def add(self, entry: LibraryEntry) -> LibraryEntry:
        """Add or refresh an entry; a refreshed entry keeps the group it was filed under."""
        old = self._entries.get(entry.path)
        if old is not None and old.group != entry.group:
            entry = replace(entry, service=old.service, title=old.title)
        self._entries[entry.path] = entry
        return entry

    def remove(self, path: str) -> None:
        self._entries.pop(path, None)

    def file_as_version_of(self, path: str, group: tuple[str, str]) -> LibraryEntry:
        """Re-file ``path`` as a version of the document ``group`` (service, title)."""
        entry = replace(self._entries[path], service=group[0], title=group[1])
        self._entries[path] = entry
        return entry

    def groups(self) -> list[tuple[str, str]]:
        return sorted({e.group for e in self._entries.values()})

    def tree(self) -> dict[str, dict[str, list[LibraryEntry]]]:
        """service → document title → versions (oldest first)."""
        out: dict[str, dict[str, list[LibraryEntry]]] = {}
        for entry in self._entries.values():
            out.setdefault(entry.service, {}).setdefault(entry.title, []).append(entry)
        for docs in out.values():
            for versions in docs.values():
                versions.sort(key=lambda e: (e.version, e.path))
        return {s: dict(sorted(d.items())) for s, d in sorted(out.items())}

    def versions_of(self, group: tuple[str, str]) -> list[LibraryEntry]:
        return self.tree().get(group[0], {}).get(group[1], [])

    def to_json(self) -> str:
        return json.dumps([asdict(e) for e in self._entries.values()])

    @classmethod
    def from_json(cls, text: str) -> Library:
        """Entries from :meth:`to_json`; unreadable data gives an empty library, not an error."""
        try:
            raw = json.loads(text or "[]")
            return cls(LibraryEntry(**item) for item in raw)
        except (ValueError, TypeError):
            return cls()

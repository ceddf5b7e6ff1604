"""The library tree: service → document → versions, with drag-and-drop of files and folders."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from desktop.gui.library import Library, LibraryEntry
from desktop.gui.views.wrapping import wrap_item_text

_ROLE_PATH = Qt.ItemDataRole.UserRole
_AFTER_SERVICE = re.compile(r"(?:['’]s\s+|\s*[—–\-:|·,]\s*|\s+)(?=\w)")


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def short_title(service: str, title: str) -> str:
    """The document's title without its service's name in front ("Caducea Network — Terms of
    Membership" under "Caducea Network" reads "Terms of Membership"), so it fits the tree."""
    if not title.casefold().startswith(service.casefold()):
        return title
    match = _AFTER_SERVICE.match(title, len(service))
    rest = title[match.end():] if match else ""
    return rest[0].upper() + rest[1:] if rest else title


def version_labels(versions: list[LibraryEntry]) -> list[str]:
    """Each version's label; versions that share one (two files stating the same effective
    date) are told apart by their file names."""
    counts = Counter(e.version for e in versions)
    return [e.version if counts[e.version] == 1 else f"{e.version} ({Path(e.path).name})" for e in versions]


class LibraryView(QTreeWidget):
    """Emits ``entry_activated`` when a version is clicked or Enter is pressed on it; ``paths_dropped``
    on a file drop."""

    entry_activated = Signal(object)   # LibraryEntry
    paths_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Library"])
        self.setAccessibleName("Library of documents")
        self.setAcceptDrops(True)
        self.setDragDropMode(QTreeWidget.DragDropMode.DropOnly)
        wrap_item_text(self)  # "Terms of Membership (2)" on two lines rather than "Terms of Membership …"
        # A narrow window must not squeeze the library to a strip of clipped words: it keeps
        # room for a date and a short title ("Privacy Policy  (12)") and the document gives way.
        room = self.fontMetrics().horizontalAdvance("Privacy Policy  (12)")
        self.setMinimumWidth(room + 3 * self.indentation())
        self._library = Library()
        # a click or Enter opens a version; moving through the list with the arrow keys does not
        # (opening each version passed over was slow, and asked about unsaved choices at every step)
        self.itemClicked.connect(self._open)
        self.itemActivated.connect(self._open)

    def set_library(self, library: Library, current: str | None = None) -> None:
        self._library = library
        with QSignalBlocker(self):
            self.clear()
            for service, docs in library.tree().items():
                s_item = QTreeWidgetItem([service])
                self.addTopLevelItem(s_item)
                for title, versions in docs.items():
                    short = short_title(service, title)
                    d_item = QTreeWidgetItem([f"{short}  ({len(versions)})" if len(versions) > 1 else short])
                    d_item.setToolTip(0, title)
                    s_item.addChild(d_item)
                    for entry, label in zip(versions, version_labels(versions), strict=True):
                        missing = not Path(entry.path).is_file()
                        v_item = QTreeWidgetItem([f"{label} (file missing)" if missing else label])
                        v_item.setData(0, _ROLE_PATH, entry.path)
                        v_item.setToolTip(0, f"{entry.path}\nThe file is no longer there: opening this shows "
                                             "the copy read earlier, while ClearTerms runs" if missing
                                          else entry.path)
                        if missing:
                            v_item.setForeground(0, self.palette().placeholderText())
                        d_item.addChild(v_item)
                        if entry.path == current:
                            self.setCurrentItem(v_item)
                    d_item.setExpanded(len(docs) <= 3 or any(e.path == current for e in versions))
                s_item.setExpanded(True)

    def select_path(self, path: str) -> None:
        with QSignalBlocker(self):
            for item in self._version_items():
                if item.data(0, _ROLE_PATH) == path:
                    item.parent().setExpanded(True)
                    self.setCurrentItem(item)

    def current_entry(self) -> LibraryEntry | None:
        item = self.currentItem()
        path = item.data(0, _ROLE_PATH) if item else None
        return self._library.get(path) if path else None

    def _version_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.topLevelItemCount()):
            s = self.topLevelItem(i)
            for j in range(s.childCount()):
                d = s.child(j)
                out += [d.child(k) for k in range(d.childCount())]
        return out

    def _open(self, item: QTreeWidgetItem | None, _column: int = 0) -> None:
        if item is None or item.data(0, _ROLE_PATH) is None:
            return  # a service or document node: nothing to open
        entry = self._library.get(item.data(0, _ROLE_PATH))
        if entry is not None:
            self.entry_activated.emit(entry)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.paths_dropped.emit(paths)

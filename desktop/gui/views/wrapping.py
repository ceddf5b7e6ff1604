"""Word-wrapped item text in tree views, re-measured whenever a column's width changes.

``QTreeView.setWordWrap`` alone does not wrap: the view asks its delegate for a row's
size without saying how wide the column is, so the style measures the text on one line,
and the view then elides it. :class:`WrappingDelegate` passes the width on, and
:func:`wrap_item_text` re-lays the rows out when a column is resized (a splitter drag).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView


class WrappingDelegate(QStyledItemDelegate):
    """Measures an item at the width its column leaves it (indentation taken off in the first
    column, where the tree draws its branches)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = self._view.columnWidth(index.column())
        if index.column() == self._view.header().logicalIndex(0):
            depth = 0
            parent = index.parent()
            while parent.isValid():
                depth += 1
                parent = parent.parent()
            width -= self._view.indentation() * (depth + int(self._view.rootIsDecorated()))
        sized = QStyleOptionViewItem(option)
        # the style wraps only inside a valid rectangle: it needs a width and some height
        sized.rect = QRect(0, 0, max(1, width), max(1, option.rect.height()))
        return super().sizeHint(sized, index)


def wrap_item_text(view: QTreeView, column: int = 0) -> None:
    """Wrap long text in ``column`` of ``view`` onto as many lines as it needs instead of eliding it.

    Only a column whose width the view sets (stretched or dragged) can wrap: one sized to its
    contents would be measured at its own current width and never grow."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setUniformRowHeights(False)
    view.setItemDelegateForColumn(column, WrappingDelegate(view))
    relayout = QTimer(view, singleShot=True, interval=0)  # one re-layout per burst of resizes
    relayout.timeout.connect(view.doItemsLayout)
    view.header().sectionResized.connect(lambda *_: relayout.start())

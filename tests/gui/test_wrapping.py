"""Long titles in the flag list and the library wrap onto more lines instead of being elided."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from desktop.gui.engine import analyse_file
from desktop.gui.library import Library, LibraryEntry
from desktop.gui.views.library_view import LibraryView
from desktop.gui.views.wrapping import wrap_item_text
from terms.resources import resource_path

LONG = "Data called anonymous, de-identified or aggregated before it is sold on"


def _row_height(tree: QTreeWidget, item: QTreeWidgetItem) -> int:
    return tree.visualItemRect(item).height()


def test_long_text_takes_more_lines_and_gives_them_back_when_widened(qtbot) -> None:
    tree = QTreeWidget()
    tree.setHeaderHidden(True)
    tree.setRootIsDecorated(False)
    wrap_item_text(tree)
    qtbot.addWidget(tree)
    short, long = QTreeWidgetItem(["Sold"]), QTreeWidgetItem([LONG])
    tree.addTopLevelItems([short, long])
    tree.resize(160, 300)
    tree.show()
    qtbot.waitExposed(tree)
    one_line = _row_height(tree, short)
    qtbot.waitUntil(lambda: _row_height(tree, long) >= 2 * one_line)
    lines = tree.fontMetrics().horizontalAdvance(LONG) // 140 + 1
    assert _row_height(tree, long) >= lines * tree.fontMetrics().lineSpacing()
    tree.resize(1200, 300)
    qtbot.waitUntil(lambda: _row_height(tree, long) == one_line)


def test_flag_titles_wrap_at_the_default_window_size(window, qtbot) -> None:
    window.resize(1380, 860)
    window.show_analysed(analyse_file(Path(resource_path("samples", "physician-community-terms.md"))))
    flags = window.document_view.flag_list
    qtbot.waitUntil(lambda: flags.topLevelItemCount() > 0)
    items = [flags.topLevelItem(i) for i in range(flags.topLevelItemCount())]
    width = flags.columnWidth(0)
    metrics = flags.fontMetrics()
    too_long = [it for it in items if metrics.horizontalAdvance(it.text(0)) > width]
    assert too_long, "the sample has titles longer than the list is wide"
    one_line = min(_row_height(flags, it) for it in items)
    for item in too_long:
        assert _row_height(flags, item) > one_line, item.text(0)
        assert item.text(0) in item.toolTip(0).split("\n")[0]


def test_library_document_titles_wrap(qtbot) -> None:
    view = LibraryView()
    qtbot.addWidget(view)
    library = Library()
    title = "Caducea Network — Terms of Membership for Verified Physicians"
    library.add(LibraryEntry("/docs/a.md", "Caducea Network", title, "2026-03-03", "0" * 64))
    view.set_library(library)
    view.resize(200, 400)
    view.show()
    qtbot.waitExposed(view)
    service = view.topLevelItem(0)
    document = service.child(0)
    assert document.text(0) == "Terms of Membership for Verified Physicians"
    qtbot.waitUntil(lambda: _row_height(view, document) >= 2 * _row_height(view, service))

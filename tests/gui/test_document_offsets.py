"""Document view: highlights, selection and the minimap after characters outside the BMP
(Qt counts them as two positions), headings, and the flag list's columns and empty state."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor

from desktop.gui.views.document_view import (
    CLAUSE_COLUMN_EMS,
    CLAUSE_COLUMN_MAX_EMS,
    HEADING_SCALE,
    Utf16Offsets,
)
from tests.gui.conftest import SAMPLE, build_analysed

EMOJI_SAMPLE = SAMPLE.replace("Members' Terms", "Members' Terms 🎉🎉 🙂").replace(
    "1.1 Clients", "1.1 👍 Clients").replace("1.2 You grant", "1.2 😀😀 You grant")

#: evidence is underlined, in a line whose shape tells its severity
NO_LINE = QTextCharFormat.UnderlineStyle.NoUnderline


def test_offsets_convert_both_ways() -> None:
    offsets = Utf16Offsets("a😀b😀😀c")
    assert [offsets.to_qt(i) for i in range(7)] == [0, 1, 3, 4, 6, 8, 9]
    assert [offsets.to_py(q) for q in (0, 1, 3, 4, 6, 8, 9)] == list(range(7))
    assert offsets.to_py(2) == 1  # inside a surrogate pair: that character
    plain = Utf16Offsets("plain ascii")
    assert plain.to_qt(5) == 5 and plain.to_py(5) == 5


def test_highlights_cover_the_evidence_after_emoji(window) -> None:
    analysed = build_analysed(EMOJI_SAMPLE)
    window.show_analysed(analysed)
    view = window.document_view
    text = analysed.document.text
    underlined = [s for s in view.text.extraSelections() if (s.format.underlineStyle() != NO_LINE)]
    spans = sorted(span for f in view.visible_flags() for span in f.evidence)
    assert len(underlined) == len(spans) > 0
    shown = sorted((view._offsets.to_py(s.cursor.selectionStart()), s.cursor.selectedText())
                   for s in underlined)
    assert shown == [(a, text[a:b].replace("\n", "\u2029")) for a, b in spans]
    # clause tints too: the tint of the licence clause holds its whole text
    licence = analysed.document.clause("1.2")
    tints = [s.cursor.selectedText() for s in view.text.extraSelections()
             if s.format.underlineStyle() == NO_LINE]
    assert text[licence.start:licence.end] in tints


def test_selecting_a_flag_and_moving_the_cursor_after_emoji(window) -> None:
    analysed = build_analysed(EMOJI_SAMPLE)
    window.show_analysed(analysed)
    view = window.document_view
    index = next(i for i, f in enumerate(view.visible_flags()) if f.clause_id == "1.2")
    view.select_flag(index)
    cursor = view.text.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "perpetual"  # the cursor sits on the evidence, not 3 characters early
    # and a cursor placed in the text finds the clause it is in
    start = view._offsets.to_qt(analysed.document.clause("2.1").start) + 2
    cursor.setPosition(start)
    view.text.setTextCursor(cursor)
    assert "You can opt out" in window.details.toPlainText()


_CLIENTS = "Clients of the Company may purchase access to read and search members' anonymous posts.\n"
_LICENCE = "You grant us a perpetual, irrevocable licence to use any idea you post for any purpose.\n"
_UNNUMBERED_HEADING = "About the clients of our wonderful community network\n\n"


def _listed(window, qtbot, text: str):
    """The document view once ``text`` is shown and its flags listed."""
    window.show_analysed(build_analysed(text))
    view = window.document_view
    qtbot.waitUntil(lambda: view.flag_list.topLevelItemCount() > 0)
    return view


def test_clause_column_is_capped_and_title_gets_the_width(window, qtbot) -> None:
    numbered_mostly = f"Members' Terms\n\n1. {_CLIENTS}\n2. {_LICENCE}\n{_UNNUMBERED_HEADING}{_CLIENTS}"
    view = _listed(window, qtbot, numbered_mostly)
    assert not view.flag_list.isColumnHidden(1)  # most flags are in numbered clauses
    header = view.flag_list.header()
    em = view.flag_list.fontMetrics().horizontalAdvance("M")
    assert header.sectionSize(1) <= max(em * CLAUSE_COLUMN_EMS, view.flag_list.viewport().width() // 4)
    qtbot.waitUntil(lambda: header.sectionSize(0) > 2 * header.sectionSize(1), timeout=3000)
    items = [view.flag_list.topLevelItem(i) for i in range(view.flag_list.topLevelItemCount())]
    item = next(it for it in items if it.toolTip(1).startswith("“"))
    assert item.text(1).endswith("…")
    # a wider list gives the column more room, up to CLAUSE_COLUMN_MAX_EMS
    narrow = header.sectionSize(1)
    view.splitter.setSizes([1000, 400])
    qtbot.waitUntil(lambda: header.sectionSize(1) > narrow, timeout=3000)
    assert header.sectionSize(1) <= em * CLAUSE_COLUMN_MAX_EMS
    assert len(item.text(1)) > 3 and item.toolTip(1).startswith(item.text(1).rstrip("…"))


def test_without_clause_numbers_the_clause_column_gives_way_to_the_titles(window, qtbot) -> None:
    """Quoted first words cut to "“Tran…" say nothing: the column goes, the tooltip names the clause."""
    view = _listed(window, qtbot, f"Members' Terms\n\n{_UNNUMBERED_HEADING}{_CLIENTS}\n{_LICENCE}")
    assert view.flag_list.isColumnHidden(1)
    item = view.flag_list.topLevelItem(0)
    assert "“" in item.toolTip(0).split("\n")[0]


def test_empty_flag_list_says_why(window) -> None:
    window.show_analysed(build_analysed("Nothing here\n\nThis text says nothing the test rules look for.\n"))
    view = window.document_view
    assert view.flag_list.topLevelItemCount() == 0
    assert "nothing in this document matched" in view.flag_list.placeholder()
    assert view.count_label.text() == "0 flags"
    window.show_analysed(build_analysed("Only this\n\nYou grant us a perpetual licence.\n"))
    assert view.count_label.text() == "1 flag"
    window.show_analysed(build_analysed())
    assert view.flag_list.placeholder() == "No flag matches these filters."


def _char_format_at(view, offset: int):
    cursor = QTextCursor(view.text.document())
    cursor.setPosition(view._offsets.to_qt(offset) + 1)
    return cursor.charFormat()


def test_headings_are_bold_and_larger_and_follow_the_font_size(window) -> None:
    marked_up = EMOJI_SAMPLE.replace("Members' Terms", "# Members' Terms").replace(
        "1. Your posts", "## 1. Your posts")
    analysed = build_analysed(marked_up)
    window.show_analysed(analysed)
    view = window.document_view
    document = analysed.document
    title = document.clauses[0]
    section = document.clause("1")
    body = document.clause("1.2")
    assert title.kind == section.kind == "heading" and title.depth == 0 < section.depth
    base = view.text.font().pointSizeF()
    title_format, section_format = _char_format_at(view, title.start), _char_format_at(view, section.start)
    assert title_format.fontWeight() == section_format.fontWeight() == QFont.Weight.Bold
    assert title_format.fontPointSize() == pytest.approx(base * HEADING_SCALE[0])
    assert section_format.fontPointSize() == pytest.approx(base * HEADING_SCALE[1])
    # after the emoji in the title (two Qt positions each), the section heading and not the
    # clause after it is the one set in bold
    assert _char_format_at(view, body.start).fontWeight() != QFont.Weight.Bold
    assert _char_format_at(view, section.end - 2).fontWeight() == QFont.Weight.Bold
    larger = int(base) + 6
    view.set_font_size(larger)
    assert _char_format_at(view, title.start).fontPointSize() == pytest.approx(larger * HEADING_SCALE[0])
    # the highlights are unchanged by the heading formats
    assert any((s.format.underlineStyle() != NO_LINE) for s in view.text.extraSelections())


def test_lines_of_a_list_in_a_table_cell_are_shown_as_lines() -> None:
    """Paragraph lines reflow to the window, but a bulleted line keeps its own line, and so does the
    sentence after it: "• Inferred interests We may sell this data" read as one bullet."""
    from desktop.gui.shown_text import display_text
    from terms.parsing import parse_bytes

    page = ("<table><tr><td>Advertising</td><td><ul><li>Name</li><li>Inferred interests</li></ul>"
            "We may sell this data to brokers.</td></tr></table><p>We keep your data\nfor a year.</p>")
    document = parse_bytes(page.encode(), source="policy.html")
    shown = display_text(document)
    assert len(shown) == len(document.text)
    assert "Advertising | • Name\n• Inferred interests\nWe may sell this data to brokers." in shown
    assert "We keep your data for a year." in shown

"""Document view: flags listed and highlighted, filters, minimap, find, details."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.gui.theme import SEVERITY_LABELS
from terms.model import Severity


def test_open_document_shows_flags_and_highlights(window, analysed) -> None:
    window.show_analysed(analysed)
    view = window.document_view
    assert view.text.toPlainText() == analysed.document.text
    assert view.flag_list.topLevelItemCount() == len(analysed.flags)
    # one tint per flagged clause plus one mark per evidence span
    flagged_clauses = {f.clause_id for f in analysed.flags}
    spans = sum(len(f.evidence) for f in analysed.flags)
    assert len(view.text.extraSelections()) == len(flagged_clauses) + spans
    assert view.minimap.mark_count() == len(flagged_clauses)
    assert f"{len(analysed.flags)} flags" in view.count_label.text()


def test_selecting_a_flag_explains_it(window, analysed) -> None:
    window.show_analysed(analysed)
    view = window.document_view
    view.select_flag(0)
    flag = view.visible_flags()[0]
    html = window.details.toPlainText()
    assert flag.category in {"data.sale", "data.client-access"}
    assert flag.explanation in html
    assert "Clients" in html  # the quoted evidence
    assert "May paying clients read my posts?" in html  # the consent topic it bears on
    assert f"Rule {flag.rule} matched “Clients”" in html  # the rule and why it fired, named once
    assert html.count(flag.rule) == 1
    clause = analysed.document.clause(flag.clause_id)
    assert clause.start <= view.text.textCursor().position() <= clause.end


def test_filters_by_severity_and_category(window, analysed) -> None:
    window.show_analysed(analysed)
    view = window.document_view
    view.severity_filter.setCurrentIndex(view.severity_filter.findData(Severity.PROTECTIVE))
    assert {f.severity for f in view.visible_flags()} == {Severity.PROTECTIVE}
    assert f"2 of {len(analysed.flags)}" in view.count_label.text()
    view.severity_filter.setCurrentIndex(0)
    view.category_filter.setCurrentIndex(view.category_filter.findData("data.sale"))
    assert {f.category for f in view.visible_flags()} == {"data.sale"}


def test_cursor_in_clause_shows_its_flags(window, analysed) -> None:
    window.show_analysed(analysed)
    view = window.document_view
    cursor = view.text.textCursor()
    cursor.setPosition(analysed.document.clause("1.2").start + 3)
    view.text.setTextCursor(cursor)
    assert "use your ideas forever" in window.details.toPlainText()
    assert "A broad licence over what you post" in window.details.toPlainText()


def test_find_bar(window, analysed, qtbot) -> None:
    window.show_analysed(analysed)
    view = window.document_view
    window.find_action.trigger()
    assert view.find_bar.isVisible()
    qtbot.keyClicks(view.find_bar.edit, "opt out")
    assert view.text.textCursor().selectedText() == "opt out"
    assert "1 match" in view.find_bar.status.text()
    qtbot.keyClick(view.find_bar.edit, Qt.Key.Key_Escape)
    assert not view.find_bar.isVisible()


def test_find_again_goes_forward_with_f3_and_back_with_shift(window, analysed, qtbot) -> None:
    """Shift+Enter searched forwards, and F3 / Shift+F3 did nothing."""
    window.show_analysed(analysed)
    view = window.document_view
    window.find_action.trigger()
    qtbot.keyClicks(view.find_bar.edit, "e")   # found many times
    first = view.text.textCursor().selectionStart()
    window.find_next_action.trigger()
    second = view.text.textCursor().selectionStart()
    assert second > first
    window.find_previous_action.trigger()
    assert view.text.textCursor().selectionStart() == first
    qtbot.keyClick(view.find_bar.edit, Qt.Key.Key_Return)
    assert view.text.textCursor().selectionStart() == second
    qtbot.keyClick(view.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.text.textCursor().selectionStart() == first


def test_markup_in_a_document_is_shown_as_text(window) -> None:
    from desktop.gui.engine import Analysed
    from terms.flagging import analyze
    from terms.model import DocumentFormat
    from terms.parsing import parse_text
    from terms.rulepacks.loader import load_packs
    from tests.gui.conftest import TEST_PACK

    hostile = 'Terms\n\n<img src="http://example.invalid/x.png"><script>alert(1)</script> <b>bold</b>\n'
    document = parse_text(hostile, format=DocumentFormat.TEXT)
    window.show_analysed(Analysed(analyze(document, load_packs([TEST_PACK]))))
    shown = window.document_view.text.toPlainText()
    assert '<img src="http://example.invalid/x.png"><script>alert(1)</script> <b>bold</b>' in shown


def test_minimap_click_selects_a_flag(window, analysed, qtbot) -> None:
    window.show_analysed(analysed)
    view = window.document_view
    # a mark stands for a clause (1.1 holds two flags): the third mark is clause 2.1's flag
    view.minimap.mark_clicked.emit(2)
    flags = view.visible_flags()
    clauses = list(dict.fromkeys(f.clause_id for f in flags))
    selected = flags[view.flag_list.indexOfTopLevelItem(view.flag_list.currentItem())]
    assert selected.clause_id == clauses[2] == "2.1"


def test_a_staged_display_leaves_no_mark_of_the_previous_document(window, analysed, qtbot) -> None:
    """While a large document's flags were listed, the minimap kept the previous document's marks for
    seconds, and a click on one selected a flag of the new document."""
    view = window.document_view
    view.set_analysed(analysed)
    assert view.minimap.mark_count() > 0
    view.set_analysed(analysed, staged=True)
    assert view.minimap.mark_count() == 0
    view.minimap.mark_clicked.emit(2)   # nothing to select until the new marks are in
    assert view.flag_list.currentItem() is None
    qtbot.waitUntil(lambda: view.minimap.mark_count() > 0, timeout=15000)


def test_summary_leads_with_concerns_and_counts(window, analysed) -> None:
    window.show_analysed(analysed)
    summary = window.summary_view
    assert "grade E: 3 kinds of concern in 3 places, no caution, 2 kinds of protection in 2 places" \
        in summary.headline.text()
    text = summary.concerns.toPlainText()
    assert text.startswith("Top concerns")
    # highest priority first: client access (100), sale (95), licence (90)
    assert text.index("Paying clients can read") < text.index("Access to your data is sold") \
        < text.index("A broad licence")
    assert text.index("A broad licence") < text.index("What protects you") < text.index("promise not to sell")
    assert dict(summary.chart.rows)["Data use"][Severity.CONCERN] == 3
    assert "Reading time" in summary.facts.text() and "Readability" in summary.facts.text()
    window.tabs.setCurrentWidget(summary)
    summary.clause_requested.emit("1.2")
    assert window.tabs.currentWidget() is window.document_view


def test_flag_rows_spend_their_width_on_the_title(window, analysed) -> None:
    """Severity is a coloured dot plus the accessible text and tooltip, not a word on every row."""
    window.show_analysed(analysed)
    view = window.document_view
    item = view.flag_list.topLevelItem(0)
    flag = view.visible_flags()[0]
    title = window.catalog.title(flag.category)
    assert item.text(0) == title
    assert not item.icon(0).isNull()
    assert item.text(1) == analysed.document.clause(flag.clause_id).number
    accessible = item.data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert accessible.startswith(f"{SEVERITY_LABELS[flag.severity]}: {title}")
    assert item.toolTip(0).startswith(SEVERITY_LABELS[flag.severity])


def test_links_open_only_after_confirmation(window, monkeypatch) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QMessageBox

    import desktop.gui.main_window as main_window
    from desktop.gui.engine import Analysed
    from terms.flagging import analyze
    from terms.parsing import parse_text
    from terms.rulepacks.loader import load_packs
    from tests.gui.conftest import TEST_PACK

    text = "Terms\n\nSee https://example.invalid/privacy for details.\n"
    window.show_analysed(Analysed(analyze(parse_text(text), load_packs([TEST_PACK]))))
    view = window.document_view
    at = view.text.toPlainText().index("example.invalid")
    assert view.url_at(at) == "https://example.invalid/privacy"
    assert view.url_at(0) is None
    opened: list[str] = []
    monkeypatch.setattr(main_window.QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Open])
    monkeypatch.setattr(main_window.QMessageBox, "question", lambda *args: next(answers))
    assert window.confirm_open_link("https://example.invalid/privacy") is False
    assert opened == []
    assert window.confirm_open_link("https://example.invalid/privacy") is True
    assert opened == ["https://example.invalid/privacy"]
    for url in ("https://example.invalid/x.png", "file:///etc/passwd"):
        assert window.details.loadResource(2, QUrl(url)) is None
        assert window.compare_view.page.loadResource(2, QUrl(url)) is None


def test_a_huge_paragraph_is_shown_in_lines_with_every_offset_in_place(window, qtbot) -> None:
    """Qt lays a paragraph out as a whole; one of 5 MB took 23 s to show. Breaking it at spaces,
    one character for one, keeps every highlight on the words it marks."""
    from tests.gui.conftest import build_analysed

    filler = "members read the notices here " * 400
    text = "# Terms\n\n" + filler + "Clients may read and search members' anonymous posts. " + filler + "\n"
    analysed = build_analysed(text)
    window.show_analysed(analysed)
    view = window.document_view
    qtbot.waitUntil(lambda: bool(view.visible_flags()), timeout=15000)
    shown = view.text.toPlainText()
    assert view.text.document().blockCount() > 20
    assert len(shown) == len(analysed.document.text)
    assert shown.replace("\n", " ") == analysed.document.text.replace("\n", " ")
    for flag in view.visible_flags():
        for a, b in flag.evidence:
            assert shown[a:b].replace("\n", " ") == analysed.document.text[a:b].replace("\n", " ")


def test_only_lines_longer_than_the_limit_are_broken_and_each_at_a_space() -> None:
    from desktop.gui.shown_text import BREAK_LONG_LINES_EVERY, LONG_LINE, with_long_lines_broken

    at_limit = ("word " * LONG_LINE)[:LONG_LINE]
    over = ("word " * LONG_LINE)[:LONG_LINE + 1]
    unbroken = "x" * (LONG_LINE + 10)   # no space to break at
    text = "\n".join([at_limit, over, unbroken, over])
    shown = with_long_lines_broken(text)
    assert len(shown) == len(text) and shown.replace("\n", " ") == text.replace("\n", " ")
    lines = shown.split("\n")
    assert lines[0] == at_limit and unbroken in lines
    broken = [line for line in lines if line not in (at_limit, unbroken)]
    assert len(broken) == 2 * len(over) // BREAK_LONG_LINES_EVERY   # each long line in about 1,000s
    assert all(len(line) <= BREAK_LONG_LINES_EVERY + len("word ") for line in broken)
    assert with_long_lines_broken(at_limit + "\n" + at_limit) == at_limit + "\n" + at_limit


def test_severities_differ_in_shape_and_their_titles_are_readable(window, analysed) -> None:
    from PySide6.QtGui import QPalette

    from desktop.gui.theme import contrast_ratio, severity_icon

    def shape(severity: Severity) -> frozenset[tuple[int, int]]:
        image = severity_icon(severity, 24).pixmap(24, 24).toImage()
        return frozenset((x, y) for x in range(24) for y in range(24) if image.pixelColor(x, y).alpha() > 128)

    shapes = {severity: shape(severity) for severity in Severity}
    assert len(set(shapes.values())) == len(Severity)  # told apart without their colours

    window.show_analysed(analysed)
    flags = window.document_view.flag_list
    base = flags.palette().color(QPalette.ColorRole.Base)
    for row in range(flags.topLevelItemCount()):
        colour = flags.topLevelItem(row).foreground(0).color()
        assert contrast_ratio(colour, base) >= 4.5, flags.topLevelItem(row).text(0)
    severity_filter = window.document_view.severity_filter
    assert all(not severity_filter.itemIcon(row).isNull() for row in range(1, severity_filter.count()))


def test_the_flag_map_of_a_text_shorter_than_the_view_takes_only_its_share(window, analysed, qtbot) -> None:
    """All of a short text in view: its marks stay beside its clauses, not spread down the strip."""
    window.resize(1400, 900)
    window.show_analysed(analysed)
    view = window.document_view
    qtbot.waitUntil(lambda: view.minimap.mark_count() > 0, timeout=15000)
    qtbot.waitUntil(lambda: view.text.verticalScrollBar().maximum() == 0, timeout=5000)
    view._update_viewport()
    used = view.text.document().size().height() / view.text.viewport().height()
    assert view.minimap._extent == max(0.05, used) and used < 1.0


def test_flag_map_marks_differ_in_shape_not_only_colour(qtbot) -> None:
    """Red and green marks look alike to many readers: each severity has its own width, and a
    protection sits at the other edge (the tooltip says which is which), at any mark height."""
    from desktop.gui.views.minimap import Minimap, mark_rect

    widths = {severity: mark_rect(severity, 20, 0, 5).width() for severity in Severity}
    assert widths[Severity.CONCERN] > widths[Severity.CAUTION] > widths[Severity.INFO]
    strip = Minimap()
    qtbot.addWidget(strip)
    strip.resize(20, 200)
    strip.set_marks([(0.1, 0.101, Severity.PROTECTIVE), (0.6, 0.601, Severity.CONCERN)])   # 3 px tall
    image = strip.grab().toImage()
    background = image.pixelColor(1, 100)

    def filled(x: int, y: int) -> bool:
        return image.pixelColor(x, y) != background

    protection = int(2 + 0.1 * (200 - 4)) + 1
    concern = int(2 + 0.6 * (200 - 4)) + 1
    assert filled(4, concern) and filled(15, concern)
    assert filled(4, protection) and not filled(15, protection)   # a third, at the left edge
    assert "a third at the left: protects you" in strip.toolTip() and "F8" in strip.accessibleDescription()

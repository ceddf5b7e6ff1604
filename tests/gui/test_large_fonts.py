"""At a large application font (16-18 pt, as a reader with low vision sets it) the summary chart
shows every word whole, and neither the compare page nor the Rule Packs dialog forces a window
wider than a laptop screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from desktop.gui.library import Library, LibraryEntry
from desktop.gui.theme import SEVERITY_LABELS
from desktop.gui.workers import JobRunner
from terms.model import Severity
from terms.rulepacks.schema import Group

#: the widest the compare page and the Rule Packs dialog may need at 16 pt
MAX_MIN_WIDTH = 700


@pytest.fixture
def font_points(qapp: QApplication) -> Iterator[Callable[[int], None]]:
    """Sets the application font's size for one test; widgets made afterwards take it."""
    before = qapp.font()

    def set_points(points: int) -> None:
        font = qapp.font()
        font.setPointSize(points)
        qapp.setFont(font)

    yield set_points
    qapp.setFont(before)


def _settle(widget: QWidget) -> None:
    """Lay ``widget`` out as it would be once shown, so size hints reflect its current text."""
    QApplication.processEvents()
    if widget.layout() is not None:
        widget.layout().activate()


def test_chart_titles_legend_and_bars_fit_at_18_points(qtbot, font_points) -> None:
    from desktop.gui.views.summary_view import COUNTED, GroupChart

    font_points(18)
    chart = GroupChart()
    qtbot.addWidget(chart)
    rows = [(group.title, Counter({Severity.CONCERN: 12, Severity.CAUTION: 140, Severity.PROTECTIVE: 3}))
            for group in Group]
    chart.set_rows(rows)
    chart.resize(chart.minimumSizeHint())
    chart.show()
    qtbot.waitExposed(chart)
    metrics = QFontMetrics(chart.font())
    assert chart.font().pointSize() == 18
    layout = chart.chart_layout()
    assert [text for _box, text in layout.labels] == [title for title, _ in rows]
    for box, text in layout.labels:
        assert box.width() >= metrics.horizontalAdvance(text), text
        assert box.height() >= metrics.height(), text
        assert box.right() < layout.label_width  # the bars start after the title
    assert layout.bar_height >= metrics.height()
    assert [severity for _swatch, _box, severity in layout.legend] == list(COUNTED)
    boxes = []
    for swatch, box, severity in layout.legend:
        assert box.width() >= metrics.horizontalAdvance(SEVERITY_LABELS[severity]), severity
        assert box.height() >= metrics.height() and swatch.right() <= box.left()
        boxes.append(box)
    assert all(a.right() <= b.left() for a, b in pairwise(boxes))  # no overlap
    # the widget is tall and wide enough for all of it, and the totals after the bars
    assert chart.height() >= layout.height >= boxes[-1].bottom()
    assert chart.width() >= boxes[-1].right()
    assert layout.count_width > metrics.horizontalAdvance("155")
    assert chart.width() - layout.label_width - layout.count_width >= chart.MIN_BAR
    # with room to spare, the legend lines up under the bars
    chart.resize(chart.width() + layout.label_width, chart.height())
    wide = chart.chart_layout()
    assert wide.legend[0][0].left() == wide.label_width and wide.legend[-1][1].right() <= chart.width()


def test_chart_grows_when_the_font_does(qtbot, font_points) -> None:
    from desktop.gui.views.summary_view import GroupChart

    chart = GroupChart()
    qtbot.addWidget(chart)
    chart.set_rows([(group.title, Counter({Severity.CONCERN: 2})) for group in Group])
    small = chart.minimumSizeHint()
    font_points(18)
    QApplication.processEvents()
    large = chart.minimumSizeHint()
    assert large.width() > small.width() and large.height() > small.height()


def _long_library() -> Library:
    title = "Terms of Membership for the Physician Community and its Partner Services"
    return Library([LibraryEntry(f"/d/caducea/{day}.md", "Caducea Professional Network", title, day, day)
                    for day in ("2024-03-01", "2025-03-02")])


def test_compare_page_fits_a_laptop_screen_at_16_points(qtbot, font_points) -> None:
    """Pickers shrink, eliding the long names (the tooltip gives them whole), and a long status
    line is cut instead of widening the window."""
    from desktop.gui.views.compare_view import CompareView

    font_points(16)
    runner = JobRunner()
    view = CompareView(runner)
    qtbot.addWidget(view)
    library = _long_library()
    view.set_library(library, library.get("/d/caducea/2025-03-02.md"))
    view.show()
    qtbot.waitExposed(view)
    _settle(view)
    width = view.minimumSizeHint().width()
    assert width < MAX_MIN_WIDTH

    view.resize(width, 400)
    _settle(view)
    combo = view.new_combo
    full = combo.currentText()
    assert full.startswith("2025-03-02 — ")
    shown = combo.shown_text()
    assert shown.endswith("…") and len(shown) < len(full)
    assert full.startswith(shown[:5])  # the version is what stays in sight
    assert combo.toolTip() == "Caducea Professional Network › " + library.get(
        "/d/caducea/2025-03-02.md").title + " — 2025-03-02"
    view.choose("/d/caducea/2024-03-01.md", "/d/caducea/2024-03-01.md")
    assert combo.toolTip().endswith("— 2024-03-01")

    long_status = "Report saved to /home/reader/Documents/" + "very-long-name-" * 18 + "report.md"
    assert len(long_status) > 300
    view.status.setText(long_status)
    _settle(view)
    assert view.minimumSizeHint().width() <= width
    assert view.status.text() == long_status
    shown = view.status.shown_text()
    assert "…" in shown and shown.endswith("report.md") and shown.startswith("Report")
    assert view.status.toolTip() == long_status
    # a summary keeps its leading counts in sight (cut in the middle it read "8 worse fo…eutral"),
    # and a screen reader gets it whole
    summary = "34 clause changes, 24 flag changes: 8 worse for you, 5 better, " + "11 neutral, " * 20
    view.status.setText(summary)
    _settle(view)
    assert view.status.shown_text().startswith("34 clause changes, ")
    assert view.status.accessibleName() == summary
    view.status.setText("Comparison cancelled.")
    view.resize(1000, 400)
    _settle(view)
    assert view.status.shown_text() == "Comparison cancelled." and view.status.toolTip() == ""
    runner.wait(5000)


def test_rule_packs_intro_wraps_at_16_points(qtbot, font_points) -> None:
    from desktop.gui.dialogs.rule_packs import RulePacksDialog

    font_points(16)
    runner = JobRunner()
    dialog = RulePacksDialog(runner, [])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.messages.toPlainText() != "Checking…", timeout=20000)
    _settle(dialog)
    assert dialog.minimumSizeHint().width() < MAX_MIN_WIDTH
    intro = dialog.intro
    assert intro.wordWrap() and "docs/rule-packs.md" in intro.text()
    dialog.resize(dialog.minimumSizeHint().width(), dialog.height())
    _settle(dialog)
    assert intro.height() > QFontMetrics(intro.font()).height()  # more than one line at this width
    runner.wait(5000)


def test_the_main_window_fits_a_laptop_screen_at_16_points(qtbot, font_points, settings, analysed,
                                                           tmp_path) -> None:
    """The document tab's filters shrink (long category titles are read in the open list), so the
    window, with the Document tab shown, can be narrower than a 1280-pixel screen."""
    from desktop.gui.main_window import MainWindow

    font_points(16)
    window = MainWindow(settings, store_url=str(tmp_path / "consent.db"))
    qtbot.addWidget(window)
    window.show()
    window.show_analysed(analysed)
    qtbot.waitUntil(lambda: window.document_view.flag_list.topLevelItemCount() > 0, timeout=15000)
    assert window.minimumSizeHint().width() < 1280
    categories = window.document_view.category_filter
    longest = max(QFontMetrics(categories.font()).horizontalAdvance(categories.itemText(i))
                  for i in range(categories.count()))
    assert categories.view().minimumWidth() >= longest
    window.runner.wait(10000)


def test_the_severity_filter_shows_its_whole_choice(window, analysed) -> None:
    severities = window.document_view.severity_filter
    window.show_analysed(analysed)
    widest = max(QFontMetrics(severities.font()).horizontalAdvance(severities.itemText(i))
                 for i in range(severities.count()))
    assert severities.sizeHint().width() > widest  # "All severities", not "All severitie"

"""At a large application font (16-18 pt, as a reader with low vision sets it) the summary chart
shows every word whole, and neither the compare page nor the Rule Packs dialog forces a window
wider than a laptop screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from desktop.gui.theme import SEVERITY_LABELS
from terms.model import Severity
from terms.rulepacks.schema import Group


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

"""The summary tab lists every concern, uses its height for them, and counts what it lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.gui.engine import Analysed, analyse_file
from desktop.gui.theme import severity_colours
from desktop.gui.views.summary_view import COUNTED, kinds_and_places
from terms.model import Severity
from terms.resources import resource_path


@pytest.fixture(scope="module")
def long_summary() -> Analysed:
    """The bundled physician-community sample: more kinds of concern than fit the tab at once."""
    return analyse_file(Path(resource_path("samples", "physician-community-terms.md")))


def _show_summary(window, analysed: Analysed, qtbot) -> None:
    window.resize(1400, 900)
    window.show_analysed(analysed)
    window.tabs.setCurrentWidget(window.summary_view)
    qtbot.waitExposed(window.summary_view)
    qtbot.wait(50)


def test_every_concern_and_caution_is_listed(window, long_summary: Analysed, qtbot) -> None:
    _show_summary(window, long_summary, qtbot)
    summary = long_summary.analysis.summary
    assert len(summary.concerns) > 6
    text = window.summary_view.concerns.toPlainText()
    positions = [text.index(c.title) for c in summary.concerns]
    assert positions == sorted(positions)
    assert "more in the Document tab" not in text
    assert "(caution)" in text and "(concern)" in text


def test_headline_counts_the_kinds_the_list_shows(window, long_summary: Analysed, qtbot) -> None:
    _show_summary(window, long_summary, qtbot)
    summary = long_summary.analysis.summary
    concern_kinds = [c for c in summary.concerns if c.severity is Severity.CONCERN]
    caution_kinds = [c for c in summary.concerns if c.severity is Severity.CAUTION]
    headline = window.summary_view.headline.text()
    assert f"{len(concern_kinds)} kinds of concern in " in headline
    assert f"{len(caution_kinds)} kinds of caution in " in headline
    concern_places = {(f.category, f.clause_id) for f in long_summary.flags if f.severity is Severity.CONCERN}
    assert f"kinds of concern in {len(concern_places)} places" in headline
    assert headline.endswith(kinds_and_places(long_summary))


def test_headline_and_chart_count_the_same_places(window, long_summary: Analysed, qtbot) -> None:
    """Each "in N places" of the headline is the sum of that colour over the chart's bars, and
    the note under the chart accounts for every flag the chart leaves out (a report counting
    flags per group then adds up too)."""
    _show_summary(window, long_summary, qtbot)
    view = window.summary_view
    headline = view.headline.text()
    for severity, noun in zip(COUNTED, ("concern", "caution", "protection"), strict=True):
        on_chart = sum(counts[severity] for _group, counts in view.chart.rows)
        place = "place" if on_chart == 1 else "places"
        said = f"no {noun}" if on_chart == 0 else f"of {noun} in {on_chart} {place}"
        assert said in headline, (noun, headline)
    flags_per_group = sum(sum(c.values()) for c in long_summary.analysis.summary.counts.values())
    charted = sum(sum(c.values()) for _group, c in view.chart.rows)
    note = view.chart_note.text()
    left_out = [int(n) for n in
                re.findall(r"(\d+) (?:flags? for information only|milder flags? of kinds)", note)]
    assert left_out and charted + sum(left_out) == flags_per_group == len(long_summary.flags)
    # a kind is charted at the severity it is listed with: a caution flag of a kind listed
    # as a concern (the sample had one on 1 December) is no caution place
    summary = long_summary.analysis.summary
    caution_kinds = {c.category for c in summary.concerns if c.severity is Severity.CAUTION}
    cautions = [f for f in long_summary.flags if f.severity is Severity.CAUTION]
    caution_places = sum(counts[Severity.CAUTION] for _group, counts in view.chart.rows)
    assert caution_places == sum(1 for f in cautions if f.category in caution_kinds)
    assert "Information" not in view.chart.accessibleDescription()


def test_long_list_fills_the_tab_and_scrolls_inside_it(window, long_summary: Analysed, qtbot) -> None:
    _show_summary(window, long_summary, qtbot)
    view = window.summary_view
    concerns = view.concerns
    assert concerns.verticalScrollBar().maximum() > 0, "the list is longer than the room it has"
    # the chart and the facts stay in sight under the list, and no blank box sits between them
    assert view.verticalScrollBar().maximum() == 0
    assert view.chart.y() - concerns.geometry().bottom() < 40
    assert concerns.height() > view.viewport().height() // 2


def test_short_list_leaves_no_blank_box_above_the_chart(window, analysed: Analysed, qtbot) -> None:
    _show_summary(window, analysed, qtbot)
    view = window.summary_view
    concerns = view.concerns
    assert concerns.verticalScrollBar().maximum() == 0
    assert concerns.height() <= max(concerns.MIN_HEIGHT, concerns.content_height())
    assert view.chart.y() - concerns.geometry().bottom() < 40


def test_concern_titles_use_the_readable_text_colour(window, long_summary: Analysed) -> None:
    """Titles are text: they take the severity's ``text`` colour (4.5:1 on the page), not the
    chart's ``mark`` (light caution orange was 3.2:1 on white)."""
    html = window.summary_view.concerns_html(long_summary)
    for severity in (Severity.CONCERN, Severity.CAUTION):
        colours = severity_colours(severity)
        assert f'<b style="color:{colours.text.name()}">' in html, severity
        if colours.mark != colours.text:
            assert f'color:{colours.mark.name()}' not in html, severity


def test_a_promise_taken_back_elsewhere_is_not_shown_as_protecting_you(window, qtbot) -> None:
    """The health-app sample promises never to sell health data (§5.1) and then, in §5.2, that
    this does not cover what it licenses: the tab lists the promise apart, with what undercuts it."""
    analysed = analyse_file(Path(resource_path("samples", "health-app-privacy.md")))
    _show_summary(window, analysed, qtbot)
    text = window.summary_view.concerns.toPlainText()
    heading = text.index("Promises the document takes back elsewhere")
    assert "A promise not to sell or share your data — with exceptions" in text[heading:]
    assert "But the document also says “Your data, or access to it, is sold” (§5.2)" in text[heading:]
    protects = text.find("What protects you")
    assert protects == -1 or "not to sell" not in text[protects:heading]

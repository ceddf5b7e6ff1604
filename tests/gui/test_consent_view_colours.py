"""A decision's colour says its state, the same in the app's badges and in the HTML/PDF reports."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.gui.theme import apply_theme, contrast_ratio
from desktop.gui.views.consent_view import TopicCard
from terms.consent.model import Snapshot
from terms.export.report_html import report_html
from terms.topics import load_topics

#: what each state's colour must be: yes is green, no is red, a lapsed consent is amber
EXPECTED = {"given": "green", "refused": "red", "withdrawn": "red",
            "invalidated": "amber", "expired": "amber"}


def _hue_name(colour: QColor) -> str:
    hue = colour.hsvHue()
    if hue < 15 or hue >= 345:
        return "red"
    if 25 <= hue <= 50:
        return "amber"
    if 90 <= hue <= 150:
        return "green"
    return f"hue {hue}"


def _report_colour(status: str) -> QColor:
    """The text colour the report's style sheet gives a decision's cell class."""
    html = report_html(Snapshot((), (), ()), (), now="2026-12-01T00:00:00Z")
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    for selectors, colour in re.findall(r"([^{}]+)\{\s*color:\s*(#[0-9a-f]{6});\s*\}", style):
        if f".{status}" in re.split(r"[\s,]+", selectors.strip()):
            return QColor(colour)
    raise AssertionError(f"the report has no colour for {status}")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_badges_and_reports_colour_each_decision_by_its_state(qapp: QApplication, qtbot, theme: str) -> None:
    before = qapp.palette()
    apply_theme(qapp, theme)
    try:
        card = TopicCard(load_topics()[0])
        qtbot.addWidget(card)
        for status, expected in EXPECTED.items():
            card.set_state(SimpleNamespace(status=status), (), None, [])   # all it reads
            style = card.status.styleSheet()
            background = QColor(re.search(r"background:(#[0-9a-f]{6})", style).group(1))
            text = QColor(re.search(r"color:(#[0-9a-f]{6})", style).group(1))
            assert _hue_name(background) == expected, (theme, status, background.name())
            assert _hue_name(_report_colour(status)) == expected, status
            assert contrast_ratio(text, background) >= 4.5, (theme, status)
            window = qapp.palette().color(QPalette.ColorRole.Window)
            assert contrast_ratio(background, window) >= 3, (theme, status)
    finally:
        qapp.setPalette(before)


def test_a_decision_no_longer_current_is_grey_in_the_report() -> None:
    grey = _report_colour("superseded")
    assert grey.hsvSaturation() == 0 and contrast_ratio(grey, QColor("#ffffff")) >= 4.5

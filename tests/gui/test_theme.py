"""Both palettes are readable: text on every highlight, labels on every severity colour."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop.gui.theme import apply_theme, contrast_ratio, label_colour, severity_colours
from terms.model import Severity


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_and_labels_keep_their_contrast(qapp: QApplication, theme: str) -> None:
    before = qapp.palette()
    apply_theme(qapp, theme)
    try:
        palette = qapp.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        assert contrast_ratio(text, base) >= 7
        assert contrast_ratio(palette.color(QPalette.ColorRole.Link), base) >= 4.5
        for severity in Severity:
            colours = severity_colours(severity, palette)
            assert contrast_ratio(text, colours.tint) >= 4.5, severity
            assert contrast_ratio(text, colours.evidence) >= 4.5, severity
            assert contrast_ratio(label_colour(colours.mark), colours.mark) >= 4.5, severity
    finally:
        qapp.setPalette(before)


def test_contrast_ratio_bounds() -> None:
    from PySide6.QtGui import QColor

    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("#777777")) == pytest.approx(1)

"""Both palettes are readable: text on every highlight, labels on every severity colour."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.gui.theme import (
    SEVERITY_LABELS,
    _palette,
    apply_theme,
    contrast_ratio,
    is_dark,
    label_colour,
    severity_colours,
)
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
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("#777777")) == pytest.approx(1)


def _roles(palette: QPalette, *roles: QPalette.ColorRole) -> dict[str, QColor]:
    return {role.name: palette.color(role) for role in roles}


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_severity_text_reads_on_rows_and_alternate_rows(dark: bool) -> None:
    """Words written in a severity's colour (outline, summary titles, flag changes) pass AA."""
    palette = _palette(dark)
    role = QPalette.ColorRole
    for severity in Severity:
        text = severity_colours(severity, palette).text
        for name, background in _roles(palette, role.Base, role.AlternateBase).items():
            ratio = contrast_ratio(text, background)
            assert ratio >= 4.5, (severity, text.name(), name, round(ratio, 2))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_marks_stand_out_from_the_backgrounds_they_are_drawn_on(dark: bool) -> None:
    """Chart segments (on Window) and minimap marks (on AlternateBase) need 3:1, and the light
    caution mark stays orange: a hue between amber and red, strongly saturated."""
    palette = _palette(dark)
    role = QPalette.ColorRole
    for severity in Severity:
        mark = severity_colours(severity, palette).mark
        for name, background in _roles(palette, role.Window, role.Base, role.AlternateBase).items():
            ratio = contrast_ratio(mark, background)
            assert ratio >= 3, (severity, mark.name(), name, round(ratio, 2))
    caution = severity_colours(Severity.CAUTION, palette).mark
    assert 25 <= caution.hsvHue() <= 40 and caution.hsvSaturation() > 180


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_selection_and_greyed_text_pass_aa(dark: bool) -> None:
    palette = _palette(dark)
    role = QPalette.ColorRole
    highlight = palette.color(role.Highlight)
    assert contrast_ratio(palette.color(role.HighlightedText), highlight) >= 4.5
    # the selection still stands out from the rows it is drawn over
    assert contrast_ratio(highlight, palette.color(role.Base)) >= 3
    disabled = palette.color(QPalette.ColorGroup.Disabled, role.Text)
    for grey in (palette.color(role.PlaceholderText), disabled):
        for name, background in _roles(palette, role.Base, role.AlternateBase, role.Window).items():
            ratio = contrast_ratio(grey, background)
            assert ratio >= 4.5, (grey.name(), name, round(ratio, 2))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_flagged_outline_entries_use_the_text_colour(qapp: QApplication, analysed, theme: str) -> None:
    """The outline colours a flagged clause's label with ``text``, not the chart's ``mark``."""
    from desktop.gui.models.clause_tree import CLAUSE_ID_ROLE, ClauseTreeModel

    before = qapp.palette()
    apply_theme(qapp, theme)
    try:
        clauses = analysed.document.clauses
        worst = {clauses[0].id: Severity.CAUTION, clauses[1].id: Severity.CONCERN}
        model = ClauseTreeModel()
        model.set_document(analysed.document, worst)
        seen = {}
        pending = [model.index(row, 0) for row in range(model.rowCount())]
        while pending:
            index = pending.pop()
            seen[model.data(index, CLAUSE_ID_ROLE)] = model.data(index, Qt.ItemDataRole.ForegroundRole)
            pending += [model.index(row, 0, index) for row in range(model.rowCount(index))]
        for clause_id, severity in worst.items():
            assert seen[clause_id] == severity_colours(severity).text
        assert seen[clauses[2].id] is None
    finally:
        qapp.setPalette(before)


def test_flagged_outline_entries_have_the_severity_s_shape_and_say_it(qapp: QApplication, analysed) -> None:
    """Colour alone told a concern from a protection in the outline: now the flag list's icon too,
    and a screen reader hears the severity."""
    from desktop.gui.models.clause_tree import ClauseTreeModel, clause_label

    clauses = analysed.document.clauses
    model = ClauseTreeModel()
    model.set_document(analysed.document, {clauses[0].id: Severity.PROTECTIVE})
    flagged, plain = model.clause_index(clauses[0].id), model.clause_index(clauses[1].id)
    icon = model.data(flagged, Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()
    assert model.data(flagged, Qt.ItemDataRole.AccessibleTextRole) == (
        f"{clause_label(clauses[0])}, flagged: {SEVERITY_LABELS[Severity.PROTECTIVE].lower()}")
    blank = model.data(plain, Qt.ItemDataRole.DecorationRole)   # room kept, so that labels line up
    assert blank.pixmap(12, 12).toImage().pixelColor(6, 6).alpha() == 0
    assert model.data(plain, Qt.ItemDataRole.AccessibleTextRole) is None


def test_a_widget_with_its_own_style_sheet_follows_a_theme_switch(qapp: QApplication, qtbot) -> None:
    """A chosen consent answer (a button with a style sheet) stayed black on near-black after a
    switch to dark: such widgets kept the palette they were first polished with."""
    before = qapp.palette()
    apply_theme(qapp, "light")
    button = QPushButton("Allow")
    button.setStyleSheet("QPushButton:checked { border: 2px solid palette(highlight); }")
    qtbot.addWidget(button)
    button.show()
    try:
        assert not is_dark(button.palette())
        apply_theme(qapp, "dark")
        assert is_dark(button.palette())
        text = button.palette().color(QPalette.ColorRole.ButtonText)
        assert contrast_ratio(text, button.palette().color(QPalette.ColorRole.Button)) >= 4.5
        apply_theme(qapp, "light")
        assert not is_dark(button.palette())
    finally:
        qapp.setPalette(before)


def test_severities_differ_without_colour_in_the_text_and_the_chart() -> None:
    """In greyscale a concern's and a caution's highlights, and a concern's and a protection's
    bars, looked the same: evidence lines and bar hatching now have a shape per severity."""
    from desktop.gui.views.document_view import _highlight_format
    from desktop.gui.views.summary_view import _HATCH
    from terms.model import Severity

    lines = {severity: _highlight_format(QColor("#888888"), underline=severity).underlineStyle()
             for severity in Severity}
    assert len(set(lines.values())) == len(Severity)
    assert len({_HATCH.get(severity) for severity in Severity}) == len(Severity)


def test_severity_icons_are_sharp_on_scaled_screens(qapp: QApplication) -> None:
    """A 12-pixel image was enlarged at 150 %: the caution diamond read as a blurred plus."""
    from desktop.gui.theme import severity_icon
    from terms.model import Severity

    icon = severity_icon(Severity.CAUTION)
    assert icon.pixmap(QSize(12, 12), 2.0).size() == QSize(24, 24)
    assert icon.pixmap(QSize(12, 12), 3.0).size() == QSize(36, 36)

"""The summary tab: top concerns first, counts per group as a small chart, reading time, readability.

The headline and the chart count the same unit, a *place*: a clause where a kind the
summary lists (a category, at its worst severity) is found at that severity. A flag of the
same kind at a milder severity elsewhere, and information-only flags, are left out of both,
and the note under the chart says how many; the JSON report's per-group counts are flags
(one per kind and clause) at their own severity, so they differ from the chart by that number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop.gui.catalog import Catalog
from desktop.gui.engine import Analysed
from desktop.gui.theme import SEVERITY_LABELS, label_colour, severity_colour_table, severity_colours
from desktop.gui.views.details_pane import SafeBrowser
from desktop.gui.views.document_view import clause_ref
from terms.flagging.summary import concerns_heading
from terms.model import Severity
from terms.rulepacks.schema import Group

if TYPE_CHECKING:  # the core's flagging package is loaded after the window is up
    from terms.flagging.summary import Concern

#: the severities the headline counts, in the order the chart stacks them
COUNTED = (Severity.CONCERN, Severity.CAUTION, Severity.PROTECTIVE)
_NOUNS = {Severity.CONCERN: "concern", Severity.CAUTION: "caution", Severity.PROTECTIVE: "protection"}


@dataclass(frozen=True)
class ChartLayout:
    """Where the chart draws its words, measured with the widget's font."""

    label_width: int        # the column of group titles, as wide as the widest title
    bar_height: int         # a bar, taller than a line of text
    gap: int                # between bars
    count_width: int        # room after a bar for its total
    labels: list[tuple[QRectF, str]]   # each group title and the box it is drawn in
    legend: list[tuple[QRectF, QRectF, Severity]]  # swatch, label box, severity
    height: int             # the whole chart, legend included
    min_width: int          # the narrowest width that shows every word and a bar


class GroupChart(QWidget):
    """Horizontal stacked bars: one per group, one segment per counted severity, with a legend.

    Every size comes from the font, so the titles and the legend are not cut at a large font."""

    MIN_BAR = 60   # the narrowest room for the bars themselves

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, Counter[Severity]]] = []
        self.setAccessibleName("Places per group chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, Counter[Severity]]]) -> None:
        self.rows = rows
        parts = [f"{group}: " + ", ".join(f"{n} {SEVERITY_LABELS[s].lower()}" for s, n in counts.items())
                 for group, counts in rows]
        self.setAccessibleDescription("; ".join(parts))
        self.updateGeometry()
        self.update()

    def chart_layout(self) -> ChartLayout:
        fm = self.fontMetrics()
        line = fm.height()
        pad = max(6, line // 2)
        # a title is right-aligned in a box ``pad`` wider than it, with ``pad`` before the bars
        label_width = max((fm.horizontalAdvance(group) for group, _ in self.rows), default=0) + 2 * pad
        bar, gap = line + pad, pad
        most = max((sum(c.values()) for _, c in self.rows), default=0)
        count_width = fm.horizontalAdvance(str(most)) + pad
        labels = [(QRectF(0, 4 + i * (bar + gap), label_width - pad, bar), group)
                  for i, (group, _) in enumerate(self.rows)]
        y = 4 + len(self.rows) * (bar + gap)
        swatch = fm.ascent()
        widths = [swatch + pad / 2 + fm.horizontalAdvance(SEVERITY_LABELS[s]) + pad / 2 for s in COUNTED]
        legend_width = sum(widths) + pad * (len(widths) - 1)
        # the legend sits under the bars, or from the left edge when that is the only way it fits
        x = float(label_width if label_width + legend_width <= self.width() else 0)
        legend = []
        for severity, width in zip(COUNTED, widths, strict=True):
            legend.append((QRectF(x, y + (line - swatch) / 2, swatch, swatch),
                           QRectF(x + swatch + pad / 2, y, width - swatch - pad / 2, line), severity))
            x += width + pad
        return ChartLayout(label_width, bar, gap, count_width, labels, legend, height=y + line + 4,
                           min_width=int(max(label_width + self.MIN_BAR + count_width, legend_width)) + 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        layout = self.chart_layout()
        return QSize(max(420, layout.min_width), layout.height)

    def minimumSizeHint(self) -> QSize:
        layout = self.chart_layout()
        return QSize(layout.min_width, layout.height)

    def paintEvent(self, event: QPaintEvent) -> None:
        layout = self.chart_layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        colours = severity_colour_table(pal)
        text_colour = pal.windowText().color()
        most = max((sum(c.values()) for _, c in self.rows), default=1) or 1
        width = max(float(self.MIN_BAR), self.width() - layout.label_width - layout.count_width)
        fm = self.fontMetrics()
        for (box, group), (_, counts) in zip(layout.labels, self.rows, strict=True):
            painter.setPen(text_colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, group)
            x = float(layout.label_width)
            for severity in COUNTED:
                n = counts.get(severity, 0)
                if not n:
                    continue
                w = width * n / most
                segment = QRectF(x, box.y(), w, layout.bar_height)
                _fill(painter, segment, colours[severity].mark, severity)
                if w >= fm.horizontalAdvance(str(n)) + 4:  # the count inside the segment, if it fits
                    painter.setPen(label_colour(colours[severity].mark))
                    painter.drawText(segment, Qt.AlignmentFlag.AlignCenter, str(n))
                x += w
            painter.setPen(text_colour)
            painter.drawText(QRectF(x + layout.gap / 2, box.y(), layout.count_width, layout.bar_height),
                             Qt.AlignmentFlag.AlignVCenter, str(sum(counts.values())))
        for swatch, box, severity in layout.legend:
            _fill(painter, swatch, colours[severity].mark, severity)
            painter.setPen(text_colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, SEVERITY_LABELS[severity])
        painter.end()


#: each severity's hatching over its colour, so that bars and legend differ without colour (in
#: greyscale a concern's and a protection's marks were the same grey)
_HATCH = {
    Severity.CAUTION: Qt.BrushStyle.BDiagPattern,
    Severity.PROTECTIVE: Qt.BrushStyle.CrossPattern,
    Severity.INFO: Qt.BrushStyle.Dense6Pattern,
}


def _fill(painter: QPainter, rect: QRectF, colour: QColor, severity: Severity) -> None:
    painter.fillRect(rect, colour)
    hatch = _HATCH.get(severity)
    if hatch is not None:
        ink = QColor(label_colour(colour))
        ink.setAlpha(110)
        painter.fillRect(rect, QBrush(ink, hatch))


class ConcernList(SafeBrowser):
    """The list of concerns, as tall as its text up to the room the summary has: a short list
    leaves no blank box above the chart, a long one fills the space and scrolls."""

    MIN_HEIGHT = 140

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumHeight(self.MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def content_height(self) -> int:
        """The height that shows the whole text without scrolling, frame included."""
        return int(self.document().size().height()) + 2 * self.frameWidth() + 2

    def _fit(self, _size: QSizeF | None = None) -> None:
        self.setMaximumHeight(max(self.MIN_HEIGHT, self.content_height()))


class SummaryView(QScrollArea):
    clause_requested = Signal(str)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.setWidgetResizable(True)
        self.setAccessibleName("Summary")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.headline.setFont(font)
        # why a document has no grade (not English), and what else the reader should know about
        # the file (a guessed encoding): said here, where the missing grade is seen
        self.notice = QLabel()
        self.notice.setObjectName("summaryNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAccessibleName("Notice about this document")
        self.notice.setContentsMargins(8, 6, 8, 6)
        self.concerns = ConcernList()
        self.concerns.setAccessibleName("Top concerns")
        self.concerns.anchorClicked.connect(lambda url: self.clause_requested.emit(url.path()))
        self.chart = GroupChart()
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setAccessibleName("Reading time and readability")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(self.headline)
        layout.addWidget(self.notice)
        layout.addWidget(self.concerns, 1)
        self.chart_note = QLabel()
        self.chart_note.setWordWrap(True)
        self.chart_note.setTextFormat(Qt.TextFormat.PlainText)
        self.chart_note.setAccessibleName("What the chart counts")
        layout.addWidget(QLabel("<b>Places per group</b>"))
        layout.addWidget(self.chart)
        layout.addWidget(self.chart_note)
        layout.addWidget(self.facts)
        layout.addStretch(0)  # what the list does not need goes below the facts, not into a blank list
        self.setWidget(body)
        self.set_analysed(None)

    def set_analysed(self, analysed: Analysed | None) -> None:
        if analysed is None:
            self.headline.setText("No document open")
            self.notice.hide()
            self.concerns.setHtml("")
            self.chart.set_rows([])
            self.chart_note.setText("")
            self.facts.setText("")
            return
        summary = analysed.analysis.summary
        grade = "not graded" if summary.not_graded else f"grade {summary.grade}"
        self.headline.setText(f"{analysed.document.display_name} — {grade}: {kinds_and_places(analysed)}")
        self.headline.setToolTip(summary.grade_formula)
        notes = list(dict.fromkeys(n for n in (summary.not_graded, *analysed.notes) if n))
        self.notice.setText("\n".join(notes))
        self.notice.setVisible(bool(notes))
        colours = severity_colours(Severity.CAUTION)
        self.notice.setStyleSheet(f"#summaryNotice {{ background: {colours.tint.name()}; "
                                  f"border: 1px solid {colours.mark.name()}; border-radius: 4px; }}")
        self.concerns.setHtml(self.concerns_html(analysed))
        per_group = places_per_group(analysed)
        self.chart.set_rows([(group.title, counts) for group, counts in per_group.items() if counts])
        self.chart_note.setText(chart_note(analysed, per_group))
        minutes = round(summary.reading_minutes)
        reading = "under a minute" if minutes < 1 else f"about {minutes} minute{'s' if minutes != 1 else ''}"
        self.facts.setText(
            f"{summary.words:,} words in {len(analysed.document.clauses)} clauses. Reading time: {reading}. "
            + (f"Readability: {summary.reading_ease_label} (Flesch reading ease {summary.reading_ease:.0f}; "
               "higher is easier). " if summary.english
               else "Readability: not measured (the formula is for English). ")
            + ("Not graded: see the note at the top." if summary.not_graded
               else f"Grade {summary.grade}: {summary.grade_formula}"))

    def concerns_html(self, analysed: Analysed) -> str:
        """The summary's concerns, worst first, each with its explanation and links to its clauses."""
        summary = analysed.analysis.summary
        doc = analysed.document
        parts: list[str] = []
        if summary.concerns:
            title, note = concerns_heading(summary)
            parts.append(f"<h3>{escape(title)}</h3>" + (f"<p>{escape(note)}</p>" if note else "") + "<ol>")
            parts += [self._item(concern, doc, tag=True) for concern in summary.concerns]
            parts.append("</ol>")
        elif summary.not_graded:
            parts.append("<p>No concern found, but this document is not graded (see the note at the "
                         "top): that says nothing either way.</p>")
        else:
            parts.append("<p>Nothing in this document works against you, as far as the rules can tell.</p>")
        protective = [p for p in summary.protections if p.severity is Severity.PROTECTIVE]
        if protective:
            parts.append("<h3>What protects you</h3><ul>")
            parts += [self._item(p, doc) for p in protective]
            parts.append("</ul>")
        undercut = [n for n in summary.notes if n.caveat]
        if undercut:
            parts.append("<h3>Promises the document takes back elsewhere</h3><ul>")
            parts += [self._item(n, doc) for n in undercut]
            parts.append("</ul>")
        return "".join(parts)

    def _item(self, concern: Concern, doc: Any, *, tag: bool = False) -> str:
        """One list item; ``tag`` adds the severity in words, as the command line's report does,
        where concerns and cautions share one list and colour alone would tell them apart."""
        colour = severity_colours(concern.severity).text.name()
        label = f" <small>({SEVERITY_LABELS[concern.severity].lower()})</small>" if tag else ""
        links = ", ".join(f'<a href="clause:{escape(c)}">{escape(clause_ref(doc, c))}</a>'
                          for c in concern.clause_ids[:6])
        more = f", +{len(concern.clause_ids) - 6}" if len(concern.clause_ids) > 6 else ""
        caveat = f" <i>{escape(concern.caveat)}</i>" if concern.caveat else ""
        return (f'<li><b style="color:{colour}">{escape(concern.title)}</b>{label} — '
                f"{escape(concern.explanation)}{caveat} <small>({links}{more})</small></li>")


def places_per_group(analysed: Analysed) -> dict[Group, Counter[Severity]]:
    """Places per group and severity: the clauses where each kind of concern, caution or
    protection the summary lists is found at the severity it is listed with."""
    summary = analysed.analysis.summary
    listed = {(c.category, c.severity): c.group for c in (*summary.concerns, *summary.protections)}
    places = {(f.category, f.severity, f.clause_id) for f in analysed.flags
              if (f.category, f.severity) in listed}
    counts: dict[Group, Counter[Severity]] = {group: Counter() for group in Group}
    for category, severity, _clause in places:
        counts[listed[category, severity]][severity] += 1
    return counts


def kinds_and_places(analysed: Analysed) -> str:
    """"13 kinds of concern in 22 places, 6 kinds of caution in 14 places, 1 kind of protection
    in 2 places": the kinds are the summary's list entries (and what the grade counts); the
    places are those of :func:`places_per_group`, so each figure is a total of the chart."""
    summary = analysed.analysis.summary
    per_severity: Counter[Severity] = sum(places_per_group(analysed).values(), Counter())
    parts = []
    for severity in COUNTED:
        kinds = [c for c in (*summary.concerns, *summary.protections) if c.severity is severity]
        noun = _NOUNS[severity]
        if not kinds:
            parts.append(f"no {noun}")
            continue
        parts.append(f"{_count(len(kinds), 'kind')} of {noun} in {_count(per_severity[severity], 'place')}")
    return ", ".join(parts)


def chart_note(analysed: Analysed, per_group: dict[Group, Counter[Severity]]) -> str:
    """What the chart counts, and which flags it leaves out, so that it can be squared with a
    report that counts every flag at its own severity."""
    flags = {(f.category, f.severity, f.clause_id) for f in analysed.flags}
    notes = {c.category for c in analysed.analysis.summary.notes}
    information = sum(1 for category, _severity, _clause in flags if category in notes)
    milder = len(flags) - information - sum(sum(c.values()) for c in per_group.values())
    note = ("A place is a clause where a kind listed above is found at the severity it is listed with; "
            "the bars add up to the places in the headline.")
    left_out = ([f"{_count(information, 'flag')} for information only"] if information else []) \
        + ([f"{_count(milder, 'milder flag')} of kinds listed at a worse severity"] if milder else [])
    if left_out:
        note += f" Not counted: {' and '.join(left_out)}."
    return note


def _count(n: int, one: str) -> str:
    return f"{n} {one if n == 1 else one + 's'}"

"""The summary tab: top concerns first, counts per group as a small chart, reading time, readability."""

from __future__ import annotations

from collections import Counter
from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop.gui.catalog import Catalog
from desktop.gui.engine import Analysed
from desktop.gui.textstats import text_stats
from desktop.gui.theme import SEVERITY_LABELS, severity_colours
from desktop.gui.views.details_pane import SafeBrowser
from terms.model import Flag, Severity

TOP_CONCERNS = 6


class GroupChart(QWidget):
    """Horizontal stacked bars: one per group, one segment per severity, with a legend."""

    BAR = 22
    GAP = 10
    LABEL = 130

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, Counter[Severity]]] = []
        self.setAccessibleName("Flags per group chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, Counter[Severity]]]) -> None:
        self.rows = rows
        parts = [f"{group}: " + ", ".join(f"{n} {SEVERITY_LABELS[s].lower()}" for s, n in counts.items())
                 for group, counts in rows]
        self.setAccessibleDescription("; ".join(parts))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, max(1, len(self.rows)) * (self.BAR + self.GAP) + 34)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text_colour = pal.windowText().color()
        most = max((sum(c.values()) for _, c in self.rows), default=1) or 1
        width = max(50, self.width() - self.LABEL - 50)
        y = 4
        for group, counts in self.rows:
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, y, self.LABEL - 8, self.BAR),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, group)
            x = float(self.LABEL)
            for severity in Severity:
                n = counts.get(severity, 0)
                if not n:
                    continue
                w = width * n / most
                painter.fillRect(QRectF(x, y, w, self.BAR), severity_colours(severity, pal).mark)
                if w > 18:
                    painter.setPen(Qt.GlobalColor.white)
                    painter.drawText(QRectF(x, y, w, self.BAR), Qt.AlignmentFlag.AlignCenter, str(n))
                x += w
            painter.setPen(text_colour)
            painter.drawText(QRectF(x + 6, y, 44, self.BAR), Qt.AlignmentFlag.AlignVCenter,
                             str(sum(counts.values())))
            y += self.BAR + self.GAP
        x = float(self.LABEL)
        for severity in Severity:
            painter.fillRect(QRectF(x, y + 4, 12, 12), severity_colours(severity, pal).mark)
            painter.setPen(text_colour)
            label = SEVERITY_LABELS[severity]
            painter.drawText(QRectF(x + 16, y, 120, 20), Qt.AlignmentFlag.AlignVCenter, label)
            x += 26 + painter.fontMetrics().horizontalAdvance(label)
        painter.end()


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
        self.concerns = SafeBrowser()
        self.concerns.setAccessibleName("Top concerns")
        self.concerns.setFrameShape(QFrame.Shape.NoFrame)
        self.concerns.setMinimumHeight(260)
        self.concerns.anchorClicked.connect(lambda url: self.clause_requested.emit(url.path()))
        self.chart = GroupChart()
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setAccessibleName("Reading time and readability")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(self.headline)
        layout.addWidget(self.concerns, 2)
        layout.addWidget(QLabel("<b>Flags per group</b>"))
        layout.addWidget(self.chart)
        layout.addWidget(self.facts)
        layout.addStretch(1)
        self.setWidget(body)
        self.set_analysed(None)

    def set_analysed(self, analysed: Analysed | None) -> None:
        if analysed is None:
            self.headline.setText("No document open")
            self.concerns.setHtml("")
            self.chart.set_rows([])
            self.facts.setText("")
            return
        flags = analysed.flags
        by_sev = Counter(f.severity for f in flags)
        self.headline.setText(
            f"{analysed.document.display_name}: {by_sev[Severity.CONCERN]} concerns, "
            f"{by_sev[Severity.CAUTION]} points to watch, {by_sev[Severity.PROTECTIVE]} protections")
        self.concerns.setHtml(self.concerns_html(analysed))
        groups: dict[str, Counter[Severity]] = {}
        for flag in flags:
            groups.setdefault(self.catalog.group(flag.category), Counter())[flag.severity] += 1
        self.chart.set_rows(sorted(groups.items()))
        stats = text_stats(analysed.document.text)
        self.facts.setText(
            f"{stats.words:,} words in {len(analysed.document.clauses)} clauses. Reading time: "
            f"{stats.reading_time}. Readability: {stats.readability} "
            f"(Flesch reading ease {stats.flesch:.0f}; higher is easier).")

    def concerns_html(self, analysed: Analysed) -> str:
        """Worst categories first, each with its explanation and links to its clauses."""
        by_cat: dict[str, list[Flag]] = {}
        for flag in analysed.flags:
            by_cat.setdefault(flag.category, []).append(flag)
        worst = sorted(by_cat.items(), key=lambda kv: (min(f.severity.rank for f in kv[1]), -len(kv[1])))
        top = [(cat, fl) for cat, fl in worst if min(f.severity.rank for f in fl) <= Severity.CAUTION.rank]
        if not top:
            return "<p>Nothing in this document works against you, as far as the rules can tell.</p>"
        doc = analysed.document
        parts = ["<h3>Top concerns</h3><ol>"]
        for cat, flags in top[:TOP_CONCERNS]:
            severity = min((f.severity for f in flags), key=lambda s: s.rank)
            colour = severity_colours(severity).mark.name()
            ids = list(dict.fromkeys(f.clause_id for f in flags))
            labels = [(c, (doc.clause(c).number if doc.has_clause(c) else None) or c) for c in ids[:6]]
            links = ", ".join(f'<a href="clause:{escape(c)}">§{escape(label)}</a>' for c, label in labels)
            parts.append(
                f'<li><b style="color:{colour}">{escape(self.catalog.title(cat))}</b> '
                f"— {escape(flags[0].explanation)} <small>({links})</small></li>")
        parts.append("</ol>")
        rest = len(top) - TOP_CONCERNS
        if rest > 0:
            parts.append(f"<p><small>and {rest} more kinds of concern in the Document tab.</small></p>")
        return "".join(parts)

"""The details pane: what the selected flag or clause means for the reader.

Content is built as HTML from our own template with every piece of document text
escaped; links inside it are internal (``clause:<id>``) and handled by the window.
``loadResource`` is refused, so no image or stylesheet, local or remote, is ever fetched.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.gui.catalog import Catalog
from desktop.gui.engine import Analysed
from desktop.gui.focus_ring import show_focus_ring
from desktop.gui.theme import SEVERITY_LABELS, label_colour, severity_colours
from desktop.gui.views.document_view import clause_ref
from terms.model import Clause, Flag
from terms.topics import Topic, topics_for_flag

EXCERPT = 220  # characters of context either side of evidence, at most
START_WITH = 3  # top concerns the pane names before anything is selected
LINK_LABEL = 60  # characters of a clause's text naming it in a link, at most

_MARKDOWN_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
# values of the "What data" row that say nothing a reader did not know ("What data: data")
_GENERIC_DATA = frozenset({"data", "your data", "information", "your information", "personal data",
                           "personal information"})


def link_label(clause: Clause) -> str:
    """A clause's name in a link: number and heading, else the start of its text as the reader
    sees it (a Markdown link shown by its text alone, not as "[Withdraw consent](https://…")."""
    parts = [_MARKDOWN_LINK.sub(r"\1", p) for p in (clause.number, clause.heading) if p]
    if parts:
        return " ".join(parts)
    first = " ".join(_MARKDOWN_LINK.sub(r"\1", clause.text).split())
    return first[:LINK_LABEL] + ("…" if len(first) > LINK_LABEL else "")


class SafeBrowser(QTextBrowser):
    """A text browser that never loads resources and never follows links by itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, type: int, name: QUrl) -> object:
        return None


class DetailsPane(SafeBrowser):
    """Explains one flag (or lists the flags of one clause)."""

    clause_requested = Signal(str)

    def __init__(self, catalog: Catalog, topics: tuple[Topic, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.topics = topics
        self.analysed: Analysed | None = None
        self.setAccessibleName("Details")
        show_focus_ring(self, "detailsPane")
        # readable at 1024 px too (the window's splitter would otherwise leave it ~170 px)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        self.anchorClicked.connect(self._anchor)
        self.show_placeholder()

    def set_analysed(self, analysed: Analysed | None) -> None:
        self.analysed = analysed
        self.show_placeholder()

    def show_placeholder(self) -> None:
        """Before anything is selected: where to start reading, the document's top concerns linked to
        their first clause (a newly opened document showed only how to use the pane, and the concerns
        were a tab away)."""
        parts = ["<h3>Details</h3>"]
        summary = self.analysed.analysis.summary if self.analysed else None
        if self.analysed and summary and summary.concerns and summary.english:
            doc = self.analysed.document
            parts.append("<p>Start with its top concerns:</p><ol>")
            for concern in summary.concerns[:START_WITH]:
                colour = severity_colours(concern.severity).text.name()
                first = concern.clause_ids[0]
                elsewhere = len(concern.clause_ids) - 1
                parts.append(
                    f'<li><b style="color:{colour}">{escape(concern.title)}</b> '
                    f"<small>({escape(SEVERITY_LABELS[concern.severity].lower())})</small> — "
                    f'<a href="clause:{escape(first)}">{escape(clause_ref(doc, first))}</a>'
                    + (f" <small>and {elsewhere} more</small>" if elsewhere else "") + "</li>")
            parts.append("</ol><p>The Summary tab lists every concern with what it means for you.</p>")
        parts.append("<p>Select a flag or a highlighted clause to see what it means for you, who gets "
                     "your data, and which consent questions it bears on.</p>")
        self.setHtml("".join(parts))

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() == "clause":
            self.clause_requested.emit(url.path())

    def _clause_link(self, clause_id: str) -> str:
        doc = self.analysed.document if self.analysed else None
        label = clause_id
        if doc and doc.has_clause(clause_id):
            label = link_label(doc.clause(clause_id))
        return f'<a href="clause:{escape(clause_id)}">{escape(label)}</a>'

    def flag_html(self, flag: Flag) -> str:
        colours = severity_colours(flag.severity)
        text = self.analysed.document.text if self.analysed else ""
        ink = label_colour(colours.mark).name()
        parts = [
            f'<p><span style="background:{colours.mark.name()}; color:{ink}; padding:2px;">'
            f"&nbsp;{escape(SEVERITY_LABELS[flag.severity])}&nbsp;</span> "
            f"&nbsp;<small>{escape(self.catalog.group(flag.category))}</small></p>",
            f"<h3>{escape(self.catalog.flag_title(flag))}</h3>",
            f"<p>{escape(flag.explanation)}</p>",
        ]
        excerpts = self.excerpts(flag) if text else []
        if excerpts:
            parts.append("<h4>What the text says</h4>")
            mark = f"background:{colours.evidence.name()}; font-weight:bold;"
            clause_start, clause_end = self._bounds(flag)
            for start, end, spans in excerpts:
                out, at = [], start
                for a, b in spans:
                    out.append(escape(text[at:a]) + f'<span style="{mark}">{escape(text[a:b])}</span>')
                    at = b
                out.append(escape(text[at:end]))
                lead = "… " if start > clause_start else ""
                trail = " …" if end < clause_end else ""
                parts.append(f"<p style='margin-left:12px'>{lead}{''.join(out).strip()}{trail}</p>")
        data = tuple(d for d in flag.data if d.casefold() not in _GENERIC_DATA)
        facts = [("Who", flag.parties), ("What data", data), ("Why", flag.purposes)]
        # paragraphs, not a table: in a narrow pane Qt gave a table's value column less than a word's
        # width and broke words in the middle ("pharmaceutic / al")
        parts.extend(f"<p><b>{k}:</b> {escape(', '.join(v))}</p>" for k, v in facts if v)
        if flag.way_out:
            links = ", ".join(self._clause_link(c) for c in flag.way_out)
            parts.append(f"<p><b>Way out:</b> the document offers a choice in {links}.</p>")
        parts.append(f"<p><b>Clause:</b> {self._clause_link(flag.clause_id)}</p>")
        topics = topics_for_flag(flag, self.topics)
        if topics:
            items = "".join(f"<li>{escape(t.question)}</li>" for t in topics)
            parts.append(f"<h4>Consent questions it bears on</h4><ul>{items}</ul>")
        why = f"Rule <code>{escape(flag.rule)}</code>"
        if flag.reason:
            # the core's reason names the rule again ("rule X matched …"): say it once
            reason = flag.reason.replace(f"rule {flag.rule} ", "")
            why += f" {escape(reason)}" if reason.startswith("matched") else f": {escape(reason)}"
        if flag.confidence < 1.0:
            why += f" (confidence {flag.confidence:.0%})"
        parts.append(f"<p><small>{why}</small></p>")
        return "".join(parts)

    def excerpts(self, flag: Flag) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """The sentences holding the evidence, each with its evidence spans, in text order."""
        doc = self.analysed.document
        lo, hi = self._bounds(flag)
        windows: list[tuple[int, int, list[tuple[int, int]]]] = []
        for a, b in sorted(flag.evidence):
            start = max(lo, *(doc.text.rfind(p, lo, a) + 1 for p in (". ", "\n\n", "; ")), a - EXCERPT)
            end = min(e for e in (*(self._after(doc.text, p, b, hi) for p in (". ", "\n\n", "; ")),
                                  b + EXCERPT, hi))
            if windows and start <= windows[-1][1]:
                prev = windows.pop()
                windows.append((prev[0], max(prev[1], end), [*prev[2], (a, b)]))
            else:
                windows.append((start, end, [(a, b)]))
        return windows

    def _bounds(self, flag: Flag) -> tuple[int, int]:
        doc = self.analysed.document
        if doc.has_clause(flag.clause_id):
            clause = doc.clause(flag.clause_id)
            return clause.start, clause.end
        return 0, len(doc.text)

    @staticmethod
    def _after(text: str, marker: str, start: int, limit: int) -> int:
        found = text.find(marker, start, limit)
        return found + 1 if found >= 0 else limit

    def show_flag(self, flag: Flag) -> None:
        self.setHtml(self.flag_html(flag))

    def show_clause(self, clause: Clause | None) -> None:
        if clause is None or self.analysed is None:
            self.show_placeholder()
            return
        flags = self.analysed.flags_for(clause.id)
        head = escape(link_label(clause))
        path = " › ".join(escape(h) for h in clause.heading_path)
        parts = [f"<h3>{head}</h3>"]
        if path:
            parts.append(f"<p><small>{path}</small></p>")
        if not flags:
            parts.append("<p>Nothing flagged in this clause.</p>")
        for flag in sorted(flags, key=lambda f: f.severity.rank):
            parts.append("<hr/>" + self.flag_html(flag))
        self.setHtml("".join(parts))

"""The compare view: any two versions side by side, aligned clause by clause, with word-level
highlights, the flag deltas on top, an only-changes filter and report export.

The comparison and the page showing it are both built on a worker thread; the page is
our own HTML with every piece of document text escaped, shown in a browser that loads
no resources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QResizeEvent, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from desktop.appinfo import FIRST_RUN_SAMPLE, LATER_SAMPLE
from desktop.gui import engine
from desktop.gui.engine import Analysed
from desktop.gui.library import Library, LibraryEntry
from desktop.gui.theme import is_dark, severity_colours
from desktop.gui.views.details_pane import SafeBrowser
from desktop.gui.views.library_view import short_title, version_labels
from desktop.gui.workers import CancelToken, JobRunner
from terms.compare.report import flag_changes
from terms.errors import TermsError
from terms.model import Severity
from terms.resources import resource_path
from terms.wording import count

_TABLE = '<table width="100%" cellspacing="0" cellpadding="4" border="0">'
# The Change column holds section headings ("Confidentialité des données"): at 12 % of a
# 1024 px window a long word did not fit and Qt broke it mid-word.
_CHANGE_WIDTH, _TEXT_WIDTH = "18%", "41%"
_HEADING_CHARS = 40
CHUNK_CHARS = 15_000  # HTML added to the page per event-loop pass (under 25 ms on a 900-row page)

REPORT_FORMATS = {"HTML report (*.html)": "html", "Markdown (*.md)": "markdown",
                  "Plain text (*.txt)": "text", "JSON (*.json)": "json"}


@dataclass(frozen=True)
class Palette:
    """Colour names for the page, taken from the GUI palette before the worker starts."""

    deleted: str
    inserted: str
    changed: str
    text: str
    effect: dict[str, str]      # effect_colour_key() -> colour of a flag change's label


_STEPS = {"reading": "Reading the versions…", "comparing": "Aligning the clauses…"}  # compare_job's steps

WORSE, BETTER, NEUTRAL = "worse", "better", "neutral"
WORSE_MILD = "worse-mild"   # colour key only: bad news that leaves a caution, not a concern
EFFECT_LABELS = {WORSE: "Worse for you", BETTER: "Better for you", NEUTRAL: "Neither better nor worse"}
# neutral grey with a contrast above 4.5:1 on the page (light, dark)
_NEUTRAL_GREY = ("#5f6368", "#a8adb3")


def reader_effect(delta: Any) -> str:
    """Whether a flag delta is WORSE, BETTER or NEUTRAL for the reader (the core's
    ``FlagDelta.effect``: a removed protection is bad news although its old severity is
    "protective")."""
    return delta.effect


def effect_colour_key(delta: Any) -> str:
    """The Palette.effect key for a delta: bad news is red when it leaves a concern or
    takes away (part of) a protection, orange when milder (a caution)."""
    effect = reader_effect(delta)
    if effect != WORSE:
        return effect
    severe = delta.new_severity is Severity.CONCERN or delta.old_severity is Severity.PROTECTIVE
    return WORSE if severe else WORSE_MILD


@dataclass(frozen=True)
class CompareResult:
    comparison: Any            # terms.compare.Comparison
    old: Analysed
    new: Analysed
    pieces: list[str]          # page head, then one piece per row (see comparison_html)


def _marked(text: str, spans: list[tuple[int, int]], style: str) -> str:
    out, at = [], 0
    for start, end in sorted(spans):
        out.append(escape(text[at:start]))
        out.append(f'<span style="{style}">{escape(text[start:end])}</span>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _where(comparison: Any, entry: Any) -> str:
    """Where an aligned row sits: "§7.2", or "§7.2 → §7.3" when renumbered; for a document
    without numbers, the section heading (empty when there is none)."""
    def ref(document: Any, ids: tuple[str, ...]) -> str:
        if not ids:
            return ""
        clause = document.clause(ids[0])
        if clause.number:
            return "§" + clause.number.strip().rstrip(".")
        heading = clause.heading or (clause.heading_path[-1] if clause.heading_path else "")
        if len(heading) <= _HEADING_CHARS:
            return heading
        cut = heading[:_HEADING_CHARS - 1]
        return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"  # cut between words

    old, new = ref(comparison.old, entry.old_ids), ref(comparison.new, entry.new_ids)
    if not old or not new or old == new or not (old.startswith("§") and new.startswith("§")):
        return old or new
    return f"{old} → {new}"


_NOUNS = {Severity.CONCERN: "concern", Severity.CAUTION: "caution", Severity.INFO: "information",
          Severity.PROTECTIVE: "protection"}


def _severity_note(delta: Any) -> str:
    """What came or went, e.g. " (protection removed)", for a reader scanning the list; a
    change of severity names both severities in its headline already."""
    from terms.compare import DeltaKind

    if delta.kind is DeltaKind.SEVERITY:
        return ""
    what = {DeltaKind.APPEARS: "added", DeltaKind.MOVED: "moved", DeltaKind.REWORDED: "reworded",
            DeltaKind.WIDENED: "widened"}.get(delta.kind, "removed")
    return f" <small>({_NOUNS[delta.severity]} {what})</small>"


#: flag changes listed on the page (the exported report lists all): two unrelated documents gave
#: 10,216, and laying out that one list held the GUI thread for 3.3 s
MAX_DELTAS_SHOWN = 100
#: clause rows put on the page (the exported report lists all): each chunk of rows costs more as the
#: page grows, and two 2 MB versions' 8,300 rows took 14-23 s to arrive, the window stuttering
MAX_ROWS_SHOWN = 2_000


def _deltas_html(heading: str, deltas: Sequence[Any], colours: Palette, label: str = "") -> list[str]:
    """A list of flag changes under ``heading``, each led by its effect for the reader (or ``label``)."""
    parts = [f"<h3>{escape(heading)}</h3><ul>"]
    for delta in deltas[:MAX_DELTAS_SHOWN]:
        colour = colours.effect[effect_colour_key(delta)]
        parts.append(f'<li><b style="color:{colour}">{label or EFFECT_LABELS[reader_effect(delta)]}:</b> '
                     f"{escape(delta.headline)}{_severity_note(delta)}</li>")
    parts.append("</ul>")
    if len(deltas) > MAX_DELTAS_SHOWN:
        parts.append(f"<p>… and {len(deltas) - MAX_DELTAS_SHOWN:,} more flag changes: Export report… lists "
                     "them all.</p>")
    return parts


def _promises_html(changes: Sequence[Any], colours: Palette) -> list[str]:
    """The promises to the reader worded more loosely or firmly, dropped or added, each with the
    sentence as it now reads (as it read, for one dropped)."""
    if not changes:
        return []
    parts = ["<h3>What changed in the promises to you</h3><ul>"]
    for change in changes[:MAX_DELTAS_SHOWN]:
        sentence = change.new_sentence or change.old_sentence
        label = f'<b style="color:{colours.effect[change.effect]}">{EFFECT_LABELS[change.effect]}:</b>'
        parts.append(f"<li>{label} {escape(change.headline)}<br><small>“{escape(sentence)}”</small></li>")
    parts.append("</ul>")
    if len(changes) > MAX_DELTAS_SHOWN:
        parts.append(f"<p>… and {len(changes) - MAX_DELTAS_SHOWN:,} more promise changes: Export report… "
                     "lists them all.</p>")
    return parts


def comparison_html(comparison: Any, only_changes: bool, colours: Palette) -> list[str]:
    """Flag deltas, promises reworded, counts and the column heads, then one piece per aligned row.

    Each row is its own one-row table with the same column widths: Qt lays out a table
    as one unit, and a single table of 900 changed clauses took over half a second of
    the GUI thread; small tables are laid out as they scroll into view, and the view
    can add the rows a few at a time (see :meth:`CompareView._show_more`)."""
    from terms.compare import EntryKind
    from terms.compare.report import describe_version, share_text, shown_similarity, version_warning

    parts = []
    if warning := version_warning(comparison):
        parts.append(f'<p style="color:{colours.effect[WORSE]}"><b>{escape(warning)}</b></p>')
    # which is which first: a reader who picked them newest first must not read "Adds" as "Removes"
    parts.append(f"<p><b>Older:</b> {escape(describe_version(comparison.old))}<br>"
                 f"<b>Newer:</b> {escape(describe_version(comparison.new))}</p>")
    if comparison.swapped:
        parts.append(f'<p style="color:{colours.effect[WORSE]}"><b>{escape(SWAPPED_NOTE)}</b></p>')
    # what is better or worse for the reader, then the promises, then the rest: in a rewritten
    # policy a hundred "neither better nor worse" lines came first and pushed the promises off screen
    mattering = [d for d in comparison.flag_deltas if reader_effect(d) != NEUTRAL]
    reworded = [d for d in comparison.flag_deltas if d.read_again]
    neutral = [d for d in comparison.flag_deltas if reader_effect(d) == NEUTRAL and d not in reworded]
    if mattering:
        parts += _deltas_html("What changed in the flags", mattering, colours)
    elif comparison.flags_compared:
        parts.append("<p>No flag appears, disappears or changes severity in a way that is better or worse "
                     "for you.</p>" if neutral else
                     "<p>No flag appears, disappears or changes severity between these versions.</p>")
    parts += _promises_html(comparison.promise_changes, colours)
    if reworded:
        parts += _deltas_html("Reworded, and still a concern: read them again", reworded, colours,
                              label="Reworded")
    if neutral:
        parts += _deltas_html("Other flag changes (neither better nor worse for you)", neutral, colours)
    counts = comparison.counts
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.by_kind.items()) if n)
    parts.append(f"<p><b>{counts.old_clauses} → {counts.new_clauses} clauses</b>: {escape(kinds)}. "
                 f"{share_text(counts)} of the text changed.</p>")
    parts.append(f'{_TABLE}<tr><th align="left" width="{_CHANGE_WIDTH}">Change</th>'
                 f'<th align="left" width="{_TEXT_WIDTH}">Older</th>'
                 f'<th align="left" width="{_TEXT_WIDTH}">Newer</th></tr></table>')
    pieces = ["".join(parts)]
    # each kind of change has a line as well as a colour, for readers who cannot tell red from green
    deleted_style = f"background:{colours.deleted}; text-decoration: line-through;"
    inserted_style = f"background:{colours.inserted}; text-decoration: underline;"
    shown = 0
    rows = [entry for entry in comparison.entries if entry.kind.substantive or not only_changes]
    for entry in rows[:MAX_ROWS_SHOWN]:
        kind = entry.kind
        shown += 1
        deleted: dict[str, list[tuple[int, int]]] = {}
        inserted: dict[str, list[tuple[int, int]]] = {}
        if entry.diff is not None:
            for span in entry.diff.deleted:
                deleted.setdefault(span.clause_id, []).append((span.start, span.end))
            for span in entry.diff.inserted:
                inserted.setdefault(span.clause_id, []).append((span.start, span.end))
        whole_old = kind is EntryKind.REMOVED
        whole_new = kind is EntryKind.ADDED
        olds = [
            _marked(c.text, [(0, len(c.text))] if whole_old else deleted.get(c.id, []), deleted_style)
            for c in (comparison.old.clause(i) for i in entry.old_ids)]
        news = [
            _marked(c.text, [(0, len(c.text))] if whole_new else inserted.get(c.id, []), inserted_style)
            for c in (comparison.new.clause(i) for i in entry.new_ids)]
        where = _where(comparison, entry)
        label = (f"<b>{escape(where)}</b><br>" if where else "") + kind.value
        if entry.diff:
            label += f"<br>{shown_similarity(entry.similarity):.0%} similar"
        background = f' bgcolor="{colours.changed}"' if kind.substantive else ""
        pieces.append(f'{_TABLE}<tr{background}><td valign="top" width="{_CHANGE_WIDTH}">'
                      f'<small>{label}</small></td>'
                      f'<td valign="top" width="{_TEXT_WIDTH}">{"<br>".join(olds)}</td>'
                      f'<td valign="top" width="{_TEXT_WIDTH}">{"<br>".join(news)}</td></tr></table>')
    if only_changes and not shown:
        pieces.append("<p>No clause changed its words.</p>")
    if len(rows) > shown:
        hint = "" if only_changes else "; Only changes leaves out the clauses that did not change"
        more = len(rows) - shown
        pieces.append(f"<p>… and {more:,} more clauses: Export report… lists them all{hint}.</p>")
    return pieces


_CANCELLED = "Comparison cancelled."
_PICK_TWO = ("<p>Pick two versions and press <b>Compare</b>. Any two versions can be compared, not only "
             "neighbours.</p>")
_LATER_SAMPLE_LINK = "clearterms:later-sample"
_OPEN_TWO = "Open at least two versions to compare."
_ONE_TWICE = "That is one version twice: choose another as Older or Newer."


def _later_sample() -> Path:
    return resource_path("samples", LATER_SAMPLE)


def _one_version_hint(library: Library, current: LibraryEntry | None) -> str | None:
    """What to do when the open document has no other version to compare it with: both pickers
    named the one version, and "Pick two versions" left a new user nowhere to go. For the
    bundled sample, a link opens its later version."""
    if current is None or len(library.versions_of(current.group)) != 1:
        return None
    hint = (f"<p>Only one version of <b>{escape(current.title)}</b> is open. Open another version of it "
            "(File ▸ Open…, or drop it on the window), then pick the two here and press "
            "<b>Compare</b>.</p>")
    if len(library) > 1:
        hint += ("<p>If the other version is open but listed as a document of its own (its title "
                 "changed, or it names no service), file it under this one with <b>File ▸ Add as New "
                 "Version Of…</b>, or pick it here all the same: any two versions can be compared.</p>")
    sample = resource_path("samples", FIRST_RUN_SAMPLE)
    if Path(current.path).resolve() == sample.resolve() and _later_sample().exists():
        hint += (f'<p><a href="{_LATER_SAMPLE_LINK}">Open the sample\'s later version</a> (September '
                 "2026) to see what changed in its terms.</p>")
    return hint
#: a comparison whose versions were picked newest first
SWAPPED_NOTE = ("The versions were picked newest first: by their effective dates they are compared "
                "oldest to newest, the other way round from the pickers.")


def _short_reason(exc: BaseException) -> str:
    """What went wrong, in one line naming files by their names: a ClearTerms error's message, or an
    operating-system error's ("No such file or directory: report.html"); "" for a bug."""
    if isinstance(exc, OSError):
        name = Path(exc.filename).name if exc.filename else ""
        return f"{exc.strerror or exc}{': ' + name if name else ''}"
    if isinstance(exc, TermsError):
        return re.sub(r"(?:[^\s:]*/)+([^/\s:]+)", r"\1", str(exc).splitlines()[0])
    return ""


def compare_job(old: Analysed | Path, new: Analysed | Path, only_changes: bool, colours: Palette,
                token: CancelToken, packs: Any = None) -> CompareResult:
    """Compare two versions; one given as a path is read with ``packs`` (the user's rule packs, as
    the window reads every file)."""
    from terms.compare import compare_analyses

    def stop_if_cancelled(_done: int, _total: int) -> None:   # flagging a version can take seconds
        token.check()

    token.progress(0, 3, "reading")
    old_a = old if isinstance(old, Analysed) else engine.analyse_file(old, packs, stop_if_cancelled)
    token.progress(1, 3, "reading")
    new_a = new if isinstance(new, Analysed) else engine.analyse_file(new, packs, stop_if_cancelled)
    token.progress(2, 3, "comparing")
    comparison = compare_analyses(old_a, new_a)
    token.check()
    return CompareResult(comparison, old_a, new_a, comparison_html(comparison, only_changes, colours))


class ElidingComboBox(QComboBox):
    """A picker that can be narrower than its items, so that a large font does not make the
    window wider than the screen: the current item is cut at the end with "…" (item texts lead
    with the part that differs, the version), and the tooltip names it in full."""

    MIN_CHARS = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumContentsLength(self.MIN_CHARS)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.currentIndexChanged.connect(lambda _index: self.show_full_name())

    def show_full_name(self) -> None:
        """Put the current item's full name (its own tooltip, else its text) in the tooltip;
        called on every change of item, and after a fill made with signals blocked."""
        full = self.currentData(Qt.ItemDataRole.ToolTipRole)
        self.setToolTip(str(full) if full else self.currentText())

    def shown_text(self) -> str:
        """The current item's text as drawn: cut to the width of the text field."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        # the style draws the label one pixel in from each side of the field
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight,
                                             field.width() - 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ElidedLabel(QLabel):
    """One line of plain text that never widens its window: narrower than its text, it is cut
    with "…" at its end (the counts that lead a summary stay in view; cut in the middle, "8 worse
    fo…eutral" hid them), or in the middle when it names a file (a saved report's path keeps its
    start and its file name); the tooltip and the accessible name hold it whole, for the mouse and
    for screen readers. ``text()`` is always the full text."""

    MIN_CHARS = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setAccessibleName(text)
        self._update_tooltip()

    def shown_text(self) -> str:
        text = self.text()
        names_a_file = "/" in text or "\\" in text
        mode = Qt.TextElideMode.ElideMiddle if names_a_file else Qt.TextElideMode.ElideRight
        return self.fontMetrics().elidedText(text, mode, self.contentsRect().width())

    def _update_tooltip(self) -> None:
        self.setToolTip(self.text() if self.shown_text() != self.text() else "")

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("x") * self.MIN_CHARS,
                     super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        alignment = QStyle.visualAlignment(self.layoutDirection(), self.alignment())
        self.style().drawItemText(painter, self.contentsRect(), int(alignment), self.palette(),
                                  self.isEnabled(), self.shown_text(), self.foregroundRole())
        painter.end()


class CompareView(QWidget):
    """Pick two versions, compare them in a worker, show and export the report."""

    error = Signal(str, object, str)
    open_requested = Signal(list)     # files to open (the sample's later version, from the hint)
    analysed_ready = Signal(object)   # versions analysed for the comparison, for the window's cache
    compared = Signal()               # a comparison finished and is shown
    progress = Signal(int, int, str)

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.library = Library()
        self.lookup = lambda path: None  # path -> cached Analysed, set by the window
        self.packs = lambda: None        # -> the rule packs a version is read with, set by the window
        self.result: CompareResult | None = None
        self._summary = ""                # the status line of the comparison on the page ...
        self._shown: tuple[str, str] | None = None  # ... and the pickers' choice it answers
        self._pending: list[str] = []     # rows not on the page yet, last one first
        self._generation = 0
        self.export_dir = Path.home()  # set by the window to the user's documents folder
        self.old_combo = ElidingComboBox()
        self.old_combo.setAccessibleName("Older version")
        self.new_combo = ElidingComboBox()
        self.new_combo.setAccessibleName("Newer version")
        self.compare_button = QPushButton("Co&mpare")
        self.only_changes = QCheckBox("Only &changes")
        self.only_changes.setChecked(True)
        self.export_button = QPushButton("E&xport report…")
        self.export_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(QLabel("&Older:", buddy=self.old_combo))
        row.addWidget(self.old_combo, 1)
        row.addWidget(QLabel("Ne&wer:", buddy=self.new_combo))
        row.addWidget(self.new_combo, 1)
        row.addWidget(self.compare_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.only_changes)
        self.status = ElidedLabel()
        self.status.setAccessibleName("Comparison status")
        row2.addWidget(self.status, 1)
        # reading two large versions takes seconds: show how far it got and let the reader stop it
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Comparison progress")
        self.progress_bar.setMaximumWidth(160)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the comparison")
        for w in (self.progress_bar, self.cancel_button):
            w.hide()
            row2.addWidget(w)
        row2.addWidget(self.export_button)
        self.page = SafeBrowser()
        self.page.setAccessibleName("Comparison")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(row2)
        layout.addWidget(self.page, 1)
        self.compare_button.clicked.connect(self.run)
        for combo in (self.old_combo, self.new_combo):
            combo.currentIndexChanged.connect(self._pickers_moved)
        self.only_changes.toggled.connect(lambda _on: self.run() if self.result else None)
        self.export_button.clicked.connect(self.choose_export)
        self.cancel_button.clicked.connect(lambda: self.runner.cancel("compare"))
        self.page.anchorClicked.connect(self._hint_link)
        self.page.setHtml(_PICK_TWO)

    def set_library(self, library: Library, current: LibraryEntry | None) -> None:
        """Offer every library version; preselect the open one and the version before it."""
        self.library = library
        for combo in (self.old_combo, self.new_combo):
            combo.blockSignals(True)
            combo.clear()
            for service, docs in library.tree().items():
                self._add_heading(combo, service)
                for title, versions in docs.items():
                    short = short_title(service, title)
                    for e, label in zip(versions, version_labels(versions), strict=True):
                        combo.addItem(f"{label} — {short}", e.path)
                        combo.setItemData(combo.count() - 1, f"{service} › {title} — {e.version}",
                                          Qt.ItemDataRole.ToolTipRole)
            if combo.count() > 1:
                combo.setCurrentIndex(1)  # the first version, not the heading above it
            combo.blockSignals(False)
            combo.show_full_name()
        pickers = (self.old_combo, self.new_combo)
        if self._shown is not None and all(
                combo.findData(path) >= 0 for combo, path in zip(pickers, self._shown, strict=True)):
            # a comparison is on the page: the pickers keep naming it (they named the open
            # document's versions while the page, its status line and Export kept the old pair)
            self.choose(*self._shown)
        elif current is not None:
            versions = library.versions_of(current.group)
            index = next((i for i, e in enumerate(versions) if e.path == current.path), -1)
            older = versions[index - 1] if index > 0 else (
                versions[index + 1] if len(versions) > 1 else current)
            old, new = (older, current) if index > 0 or len(versions) == 1 else (current, older)
            self.choose(old.path, new.path)
        if self.result is None:
            self.page.setHtml(_one_version_hint(library, current) or _PICK_TWO)
        self._pickers_moved()

    def _hint_link(self, url: QUrl) -> None:
        if url.toString() == _LATER_SAMPLE_LINK:
            self.open_requested.emit([_later_sample()])

    @staticmethod
    def _add_heading(combo: QComboBox, service: str) -> None:
        """A service's name as a heading in the list, not itself a choice."""
        combo.addItem(service)
        model = combo.model()
        if isinstance(model, QStandardItemModel):
            item = model.item(combo.count() - 1)
            item.setEnabled(False)
            font = item.font()
            font.setBold(True)
            item.setFont(font)

    def recolour(self) -> None:
        """Draw the comparison on the page again in the current palette, if the pickers still name
        it (otherwise Compare would put another pair on the page unasked)."""
        shown = self.result is not None and not self.cancel_button.isVisible() and \
            (self.old_combo.currentData(), self.new_combo.currentData()) == self._shown
        if shown:
            self.run()

    def choose(self, old_path: str, new_path: str) -> None:
        self.old_combo.setCurrentIndex(self.old_combo.findData(old_path))
        self.new_combo.setCurrentIndex(self.new_combo.findData(new_path))

    def _colours(self) -> Palette:
        # the application's palette, not the widget's: right after a theme switch the widget's is
        # still the old one (its change event is yet to come), and a light table got light text
        palette = QApplication.palette()

        def ink(severity: Severity) -> str:
            return severity_colours(severity, palette).text.name()

        effect = {WORSE: ink(Severity.CONCERN), WORSE_MILD: ink(Severity.CAUTION),
                  BETTER: ink(Severity.PROTECTIVE), NEUTRAL: _NEUTRAL_GREY[is_dark(palette)]}
        # words coming in are marked blue, not green: added words are as often bad news for the
        # reader ("hospital groups and other employers of physicians" among Clients) as good
        return Palette(severity_colours(Severity.CONCERN, palette).evidence.name(),
                       severity_colours(Severity.INFO, palette).evidence.name(),
                       palette.alternateBase().color().name(), palette.text().color().name(), effect)

    def run(self) -> None:
        old_path, new_path = self.old_combo.currentData(), self.new_combo.currentData()
        if not old_path or not new_path:
            self.status.setText(_OPEN_TWO)
            return
        if old_path == new_path:
            self.status.setText(_ONE_TWICE)
            return
        old = self.lookup(old_path) or Path(old_path)
        new = self.lookup(new_path) or Path(new_path)
        only, colours, packs = self.only_changes.isChecked(), self._colours(), self.packs()
        self.status.setText("Comparing…")
        self._set_running(True)
        self.runner.submit("compare", lambda token: compare_job(old, new, only, colours, token, packs),
                           on_result=lambda result: self._done(result, (old_path, new_path)),
                           on_error=self._failed, on_progress=self._progress, on_cancel=self._cancelled)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape stops a running comparison, as Cancel does."""
        if event.key() == Qt.Key.Key_Escape and self.cancel_button.isVisible():
            self.runner.cancel("compare")
            event.accept()
            return
        super().keyPressEvent(event)

    def _set_running(self, running: bool) -> None:
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(running)
        self.cancel_button.setVisible(running)
        self.compare_button.setEnabled(not running)

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        self.status.setText(_STEPS.get(text, "Comparing…"))
        self.progress.emit(done, total, text)

    def _cancelled(self) -> None:
        self._set_running(False)
        self.status.setText(_CANCELLED)
        self._pickers_moved()

    def _pickers_moved(self) -> None:
        """Once the pickers name another pair than the one on the page, say which pair the page
        shows, and export nothing under the pickers' names until Compare is pressed (after a
        cancelled comparison the page kept the earlier pair, and Export wrote it)."""
        if self.status.text() in (_OPEN_TWO, _ONE_TWICE):   # said of the pickers' earlier choice
            self.status.clear()
        if self.result is None or self._shown is None or self.cancel_button.isVisible():
            return
        shown = (self.old_combo.currentData(), self.new_combo.currentData()) == self._shown
        self.export_button.setEnabled(shown)
        if shown:
            self.status.setText(self._summary)
        else:
            names = [combo.itemText(combo.findData(path)) or Path(path).name
                     for combo, path in zip((self.old_combo, self.new_combo), self._shown, strict=True)]
            prefix = f"{_CANCELLED} " if self.status.text().startswith(_CANCELLED) else ""
            self.status.setText(f"{prefix}The page shows {names[0]} → {names[1]}: press Compare for "
                                "the versions chosen.")

    def _done(self, result: CompareResult, pair: tuple[str, str]) -> None:
        self.result = result
        self._shown = pair
        self._set_running(False)
        self.export_button.setEnabled(True)
        self.compared.emit()
        self._generation += 1
        self._pending = list(reversed(result.pieces))
        self.page.setHtml(self._take_chunk())
        if self._pending:   # rows still to come: say so while they arrive
            self.progress_bar.setRange(0, len(result.pieces))
            self.progress_bar.setValue(len(result.pieces) - len(self._pending))
            self.progress_bar.show()
        self._schedule_more()
        c = result.comparison
        n = sum(1 for e in c.entries if e.kind.substantive)
        weaker = sum(1 for p in c.promise_changes if p.weaker)
        promises = f", {count(weaker, 'promise')} weaker" if weaker else ""
        changes = f"{n} clause change{'s' if n != 1 else ''}"
        swapped = "Compared oldest to newest (picked the other way round): " if c.swapped else ""
        self._summary = f"{swapped}{changes}, {flag_changes(c.flag_deltas)}{promises}"
        self.status.setText(self._summary)
        self.analysed_ready.emit(result.old)
        self.analysed_ready.emit(result.new)

    @property
    def complete(self) -> bool:
        """Every row of the current result is on the page."""
        return not self._pending

    def _take_chunk(self) -> str:
        out: list[str] = []
        size = 0
        while self._pending and (not out or size + len(self._pending[-1]) <= CHUNK_CHARS):
            piece = self._pending.pop()
            out.append(piece)
            size += len(piece)
        return "".join(out)

    def _schedule_more(self) -> None:
        if self._pending:
            generation = self._generation
            QTimer.singleShot(0, self, lambda: self._show_more(generation))

    def _show_more(self, generation: int) -> None:
        """Append the next rows at the end of the page, keeping the reader's scroll position."""
        if generation != self._generation:
            return  # a newer comparison replaced this one
        bar = self.page.verticalScrollBar()
        at = bar.value()
        cursor = QTextCursor(self.page.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(self._take_chunk())
        bar.setValue(at)
        self.progress_bar.setValue(self.progress_bar.maximum() - len(self._pending))
        self.progress_bar.setVisible(bool(self._pending))
        self._schedule_more()

    def _failed(self, exc: BaseException, tb: str) -> None:
        self._set_running(False)
        # what is on the page is another pair's: it must neither stay as if it were this one's nor
        # be exported under these pickers
        self.result = None
        self._shown = None
        self._pending = []
        self._generation += 1
        self.export_button.setEnabled(False)
        self.page.setHtml("")
        reason = _short_reason(exc)
        self.status.setText(f"The comparison failed{': ' + reason if reason else '.'}")
        self.error.emit(f"Could not compare these versions{': ' + reason if reason else ''}", exc, tb)

    def choose_export(self) -> None:
        if self.result is None:
            return
        start = str(self.export_dir / "comparison.html")
        path, chosen = QFileDialog.getSaveFileName(self, "Export comparison report", start,
                                                   ";;".join(REPORT_FORMATS))
        if path:
            self.export(Path(path), REPORT_FORMATS.get(chosen, "html"))

    def export(self, path: Path, fmt: str) -> None:
        comparison, only = self.result.comparison, self.only_changes.isChecked()

        def write(_token: CancelToken) -> Path:
            from terms.compare.report import ReportOptions, render
            from terms.fileio import atomic_write_text

            atomic_write_text(path, render(comparison, fmt, ReportOptions(only_changes=only)))
            return path

        def failed(exc: BaseException, tb: str) -> None:
            reason = _short_reason(exc)
            self.error.emit(f"Could not save the report to {path.name}{': ' + reason if reason else ''}",
                            exc, tb)

        self.runner.submit("compare-export", write,
                           on_result=lambda p: self.status.setText(f"Report saved to {p}"), on_error=failed)

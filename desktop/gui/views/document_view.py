"""The document view: the text with flagged clauses highlighted, a flag list, an outline,
a minimap, find (Ctrl+F) and filters by category and severity.

The text is put in with ``setPlainText`` only: markup in a document is shown as the
characters it is made of, and nothing in it can load a resource. Highlights are
``ExtraSelection`` spans over the document's own character offsets (the same offsets
the core's evidence spans use), converted by :class:`Utf16Offsets`: Qt counts UTF-16 code
units, so every character beyond the Basic Multilingual Plane (most emoji) takes two.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections.abc import Iterator

from PySide6.QtCore import (
    QEvent,
    QKeyCombination,
    QModelIndex,
    QObject,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.catalog import Catalog
from desktop.gui.engine import Analysed
from desktop.gui.focus_ring import show_focus_ring
from desktop.gui.models.clause_tree import CLAUSE_ID_ROLE, ClauseTreeModel
from desktop.gui.shown_text import shown_text
from desktop.gui.theme import (
    SEVERITY_LABELS,
    SeverityColours,
    severity_colour_table,
    severity_icon,
)
from desktop.gui.views.minimap import Minimap
from desktop.gui.views.wrapping import wrap_item_text
from terms.model import Clause, ClauseKind, Document, Flag, Severity
from terms.wording import count

_ROLE_FLAG = Qt.ItemDataRole.UserRole
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # two UTF-16 code units each


class Utf16Offsets:
    """Converts between Python string offsets and Qt text positions (UTF-16 code units).

    The core's clause bounds and evidence spans index the Python string; a Qt text cursor
    counts an astral character (an emoji, say) as two positions, so without conversion every
    highlight after the first emoji lands that many characters early."""

    def __init__(self, text: str) -> None:
        # Python offsets of the astral characters, and where each sits in Qt positions
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_qt = [i + n for n, i in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        """The Qt position of Python offset ``offset``."""
        return offset + bisect_left(self._astral, offset) if self._astral else offset

    def to_py(self, position: int) -> int:
        """The Python offset of Qt position ``position`` (inside a surrogate pair: its character)."""
        return position - bisect_left(self._astral_qt, position) if self._astral else position


def clause_ref(document: Document, clause_id: str) -> str:
    """A compact reference for links: "§7.3" where numbered, else the clause's first words."""
    if not document.has_clause(clause_id):
        return clause_id
    clause = document.clause(clause_id)
    if clause.number:
        return "§" + clause.number.strip().rstrip(".")
    words = (clause.heading or clause.text).lstrip("•*-–— \t").split()  # (not "• We do not…")
    return "“" + " ".join(words[:4]) + ("…”" if len(words) > 4 else "”")


#: evidence is underlined in a line of its severity's own shape, so that severities differ without
#: colour (in greyscale a concern's and a caution's tints looked alike)
_EVIDENCE_LINE = {
    Severity.CONCERN: QTextCharFormat.UnderlineStyle.WaveUnderline,
    Severity.CAUTION: QTextCharFormat.UnderlineStyle.DashUnderline,
    Severity.PROTECTIVE: QTextCharFormat.UnderlineStyle.DotLine,
    Severity.INFO: QTextCharFormat.UnderlineStyle.SingleUnderline,
}


def _highlight_format(colour: QColor, underline: Severity | None = None) -> QTextCharFormat:
    """The format of a highlight: ``colour`` behind the text, underlined for evidence of the
    severity ``underline``."""
    fmt = QTextCharFormat()
    fmt.setBackground(colour)
    if underline is not None:
        fmt.setFontUnderline(True)
        fmt.setUnderlineStyle(_EVIDENCE_LINE[underline])
    return fmt


#: documents up to this size are searched at every keystroke; larger ones once typing pauses
FIND_AT_ONCE_CHARS = 1_000_000
FIND_PAUSE_MS = 300
_CTRL_E = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_E)


class FindBar(QFrame):
    """Ctrl+F bar: incremental search with next/previous and a match count."""

    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.edit = QLineEdit(placeholderText="Find in document")
        self.edit.setAccessibleName("Find text")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel()
        self.status.setAccessibleName("Find result")
        prev_btn = QPushButton("&Previous")
        next_btn = QPushButton("&Next")
        close_btn = QToolButton(text="✕")
        close_btn.setAccessibleName("Close find bar")
        close_btn.setToolTip("Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:", buddy=self.edit))
        # the field takes the room (at 1024 px it shrank to "Find in docu…" while the stretch took it),
        # at least a short phrase wide
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("M") * 16)
        layout.addWidget(self.edit, 3)
        for w in (prev_btn, next_btn, self.status):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(close_btn)
        # In a large document each search moves through a lot of laid-out text: search once typing
        # pauses rather than at every keystroke (in a small one, at once)
        self._typing = QTimer(self, singleShot=True, interval=FIND_PAUSE_MS)
        self._typing.timeout.connect(lambda: self.find(from_start=True))
        self.edit.textChanged.connect(self._text_changed)
        self.edit.returnPressed.connect(self.find)
        next_btn.clicked.connect(self.find)
        prev_btn.clicked.connect(lambda: self.find(backward=True))
        close_btn.clicked.connect(self.close_bar)
        esc = QAction(self)
        esc.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        esc.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.triggered.connect(self.close_bar)
        self.addAction(esc)
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leave the window's Ctrl+E (Export Consent Records) to the window: on X11 a line edit
        would take it as "end of line", which the End key already does."""
        if (watched is self.edit and event.type() == QEvent.Type.ShortcutOverride
                and event.keyCombination() == _CTRL_E):
            return True
        if (watched is self.edit and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.find(backward=True)    # Shift+Enter goes back, as in browsers and editors
            return True
        return super().eventFilter(watched, event)

    def _text_changed(self) -> None:
        if self._editor.document().characterCount() > FIND_AT_ONCE_CHARS:
            self._typing.start()
        else:
            self.find(from_start=True)

    def open_bar(self) -> None:
        self.show()
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._editor.setFocus()
        self.closed.emit()

    def find(self, *, backward: bool = False, from_start: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            self.status.setText("")
            return False
        doc = self._editor.document()
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        start = QTextCursor(doc) if from_start else self._editor.textCursor()
        found = doc.find(needle, start, flags)
        if found.isNull():  # wrap around
            wrap = QTextCursor(doc)
            if backward:
                wrap.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(needle, wrap, flags)
        count = self._editor.toPlainText().lower().count(needle.lower())
        if found.isNull():
            self.status.setText("Not found")
            return False
        self._editor.setTextCursor(found)
        self._editor.centerCursor()
        self.status.setText(f"{count:,} match{'es' if count != 1 else ''}")
        return True


class FlagList(QTreeWidget):
    """The flag list; when it is empty it says why in its middle instead of showing a blank."""

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = ""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.setAccessibleDescription(text)
        self.viewport().update()

    def placeholder(self) -> str:
        return self._placeholder

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.topLevelItemCount() or not self._placeholder:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        area = self.viewport().rect().adjusted(12, 12, -12, -12)
        painter.drawText(area, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                         | Qt.TextFlag.TextWordWrap, self._placeholder)
        painter.end()


# The Clause column takes a quarter of the list, between these widths: the flag's title needs the room.
#: between the two passes of a staged display: a zero timeout runs the second pass in the same turn
#: of the event loop as the first (measured: both in one 46-78 ms stall on the largest corpus
#: document), so input and timers waiting in between would not be handled until both were done
STAGE_PAUSE_MS = 15
#: a display of this many flags or more (after the filters) is paced: listing and highlighting them
#: run in slices of about SLICE_MS, each in its own turn of the event loop. In one turn, 590 flags
#: of a 73-page PDF took 170-290 ms (laying out the highlighted paragraphs is most of it).
PACED_FROM_FLAGS = 150
#: ... or of this many highlights of the previous display to take down (Qt looks up where each one
#: was drawn: 20 ms for 1,900)
PACED_FROM_HIGHLIGHTS = 800
SLICE_MS = 8
#: between two slices: with a zero timeout, Qt's event loop runs the next slice before any timer
#: that fell due meanwhile (measured: a 10 ms timer starved for 60 ms over six slices)
SLICE_PAUSE_MS = 1
#: a paced display shows its highlights at least this often (see _highlight_steps)
FLUSH_HIGHLIGHTS = 100
DOCUMENT_MARGIN = 12
#: heading sizes, relative to the text's, by depth (the title, sections, deeper headings)
HEADING_SCALE = (1.35, 1.15, 1.0)
CLAUSE_COLUMN_EMS = 6
CLAUSE_COLUMN_MAX_EMS = 12


class DocumentView(QWidget):
    """Shows one analysed version. Emits the flag or clause the reader selects."""

    flag_selected = Signal(object)     # Flag
    flags_shown = Signal()             # the flag list, highlights and minimap are complete
    clause_selected = Signal(object)   # Clause | None
    link_activated = Signal(str)       # a URL the reader asked to open (needs confirmation)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.analysed: Analysed | None = None
        self._visible_flags: list[Flag] = []
        self._generation = 0
        self._current_clause: str | None = None
        self._offsets = Utf16Offsets("")
        self._mark_flags: list[int] = []   # minimap mark -> index of the first visible flag in its clause
        self._highlights: list[QTextEdit.ExtraSelection] = []  # as last given to the editor
        self._paced = False                # whether the display under way hands the thread back
        self._slice_end = 0.0              # ... and when (time.perf_counter) its current slice is used up

        self.category_filter = QComboBox()
        self.category_filter.setAccessibleName("Filter flags by category")
        self.severity_filter = QComboBox()
        self.severity_filter.setAccessibleName("Filter flags by severity")
        self.severity_filter.addItem("All severities", None)
        for sev in Severity:
            self.severity_filter.addItem(SEVERITY_LABELS[sev], sev)
        # long category titles at a large font must not make the whole window wider than the screen
        # (the severities are short: that box keeps its width)
        self.category_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.category_filter.setMinimumContentsLength(6)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Flag count")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("&Category:", buddy=self.category_filter))
        bar.addWidget(self.category_filter, 1)
        bar.addWidget(QLabel("&Severity:", buddy=self.severity_filter))
        bar.addWidget(self.severity_filter)
        bar.addWidget(self.count_label)

        self.flag_list = FlagList()
        self.flag_list.setHeaderLabels(["Flag", "Clause"])
        self.flag_list.setRootIsDecorated(False)
        self.flag_list.setAlternatingRowColors(True)
        self.flag_list.setAccessibleName("Flags in this document")
        # Titles wrap instead of being cut to "Data called anonymous, de-iden…": the words that
        # tell flags apart are often the last ones.
        wrap_item_text(self.flag_list)
        header = self.flag_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # sized in _size_clause_column: to its contents, but no wider than a quarter of the list
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self._clause_cap = 0
        refit = QTimer(self, singleShot=True, interval=50)
        refit.timeout.connect(self._refit_clause_column)
        self.flag_list.resized.connect(refit.start)
        self.outline_model = ClauseTreeModel()
        self.outline = QTreeView()
        self.outline.setModel(self.outline_model)
        self.outline.setHeaderHidden(True)
        self.outline.setUniformRowHeights(True)
        self.outline.setAccessibleName("Document outline")
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.flag_list, "Fla&gs")
        self.side_tabs.addTab(self.outline, "&Outline")
        self.side_tabs.setAccessibleName("Flags and outline")
        self.side_tabs.tabBar().setAccessibleName("Flags and outline tabs")

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("Document text")
        self.text.setPlaceholderText("No document is open. Open a terms of service or privacy policy with "
                                     "File ▸ Open (Ctrl+O), or drop its file on this window.")
        show_focus_ring(self.text, "documentText")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.document().setDocumentMargin(DOCUMENT_MARGIN)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._context_menu)
        self.minimap = Minimap()
        self.find_bar = FindBar(self.text)
        self.find_bar.hide()

        reader = QWidget()
        rl = QVBoxLayout(reader)
        rl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setSpacing(2)
        row.addWidget(self.text, 1)
        row.addWidget(self.minimap)
        rl.addLayout(row, 1)
        rl.addWidget(self.find_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.addWidget(reader)
        # the list keeps about a third of the width as the window grows (a 220 px list beside
        # 1,400 px of text wrapped every title onto three lines)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([340, 680])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self.category_filter.currentIndexChanged.connect(lambda: self._refresh_flags(paced=True))
        self.severity_filter.currentIndexChanged.connect(lambda: self._refresh_flags(paced=True))
        self.flag_list.currentItemChanged.connect(self._flag_item_changed)
        self.outline.selectionModel().currentChanged.connect(self._outline_changed)
        self.text.cursorPositionChanged.connect(self._cursor_moved)
        self.text.verticalScrollBar().valueChanged.connect(self._update_viewport)
        self.text.verticalScrollBar().rangeChanged.connect(self._update_viewport)  # another text's length
        self.minimap.mark_clicked.connect(self._minimap_clicked)
        self._viewport_timer = QTimer(self, singleShot=True, interval=30)
        self._viewport_timer.timeout.connect(self._update_viewport)
        self.setTabOrder(self.category_filter, self.severity_filter)
        self.setTabOrder(self.severity_filter, self.side_tabs)
        self.setTabOrder(self.side_tabs, self.flag_list)
        self.setTabOrder(self.flag_list, self.outline)   # the outline, when shown, comes where the list does
        self.setTabOrder(self.outline, self.text)
        self.set_analysed(None)


    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape in the text closes the find bar too, not only from inside the bar."""
        if event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.find_bar.close_bar()
            event.accept()
            return
        super().keyPressEvent(event)
    def set_font_size(self, points: int) -> None:
        font = self.text.font()
        font.setPointSize(points)
        self.text.setFont(font)
        self._style_headings()  # their sizes are relative to the text's

    # -- content -------------------------------------------------------------------------

    def set_analysed(self, analysed: Analysed | None, *, staged: bool = False) -> None:
        """Show ``analysed``. ``staged`` splits the work over event-loop passes (text and outline
        first, flags and highlights next, paced when there are many) so that no single pass stalls
        the GUI thread on a large document; the window uses it when a worker delivers a result.
        Without it, everything is shown when this returns."""
        self.analysed = analysed
        self._generation += 1
        self._current_clause = None
        self._offsets = Utf16Offsets(analysed.document.text if analysed else "")
        quiet = (self.category_filter, self.text, self.outline.selectionModel())
        blockers = [QSignalBlocker(w) for w in quiet]
        with QSignalBlocker(self.flag_list):
            self.flag_list.clear()
        # a staged display lists the new flags a pass later: until then the old document's marks
        # would stand over the new text, and a click on one would pick a flag of the new list
        self.minimap.set_marks([])
        self._mark_flags = []
        self._replace_text((analysed.shown or shown_text(analysed.document)) if analysed else "")
        self._style_headings()
        self.category_filter.clear()
        self.category_filter.addItem("All categories", None)
        if analysed:
            cats = sorted({f.category for f in analysed.flags},
                          key=lambda c: (self.catalog.group(c), self.catalog.title(c)))
            for cat in cats:
                n = sum(1 for f in analysed.flags if f.category == cat)
                self.category_filter.addItem(f"{self.catalog.title(cat)} ({n})", cat)
        # the open list shows whole titles, however narrow the box
        metrics = self.category_filter.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.category_filter.itemText(i))
                     for i in range(self.category_filter.count()))
        listing = self.category_filter.view()
        listing.setMinimumWidth(widest + 2 * metrics.averageCharWidth()
                                + listing.verticalScrollBar().sizeHint().width())
        self._fill_outline()
        del blockers
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
        if staged:
            generation = self._generation
            QTimer.singleShot(STAGE_PAUSE_MS, self, lambda: self._refresh_flags(paced=True)
                              if generation == self._generation else None)
        else:
            self._refresh_flags()
        self._viewport_timer.start()

    def _replace_text(self, text: str) -> None:
        """Put ``text`` in a new document in place of the old one.

        Each highlight holds a text cursor, which its document keeps in a register that it walks on
        every change and that never shrinks: after one display of 2,200 highlights, ``setPlainText``
        on the same document took 25-110 ms instead of 5 for a 400 KB text, and dropping the
        highlights first another 20 ms. Emptying the old document first turns its highlights into
        empty ones at position 0, which cost nothing to drop."""
        self.text.clear()
        self._show_highlights([])
        self.text.setDocument(None)  # a new, empty document owned by the editor; the old one is deleted
        document = self.text.document()
        document.setDocumentMargin(DOCUMENT_MARGIN)
        document.setDefaultFont(self.text.font())  # the editor sets it on font changes, not on new documents
        self.text.setPlainText(text)

    def _style_headings(self) -> None:
        """Set the document's headings in bold, the outermost ones larger, as the reader would see
        them in the source (the text is plain, so headings would otherwise look like paragraphs).

        Sizes follow the text's font; the formats are character formats of the document, under
        the highlights, which only add colours."""
        if self.analysed is None:
            return
        base = self.text.font().pointSizeF()
        cursor = QTextCursor(self.text.document())
        cursor.beginEditBlock()
        for clause in self.analysed.document.clauses:
            if clause.kind is not ClauseKind.HEADING or clause.end <= clause.start:
                continue
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontPointSize(base * HEADING_SCALE[min(clause.depth, len(HEADING_SCALE) - 1)])
            cursor.setPosition(self._offsets.to_qt(clause.start))
            cursor.setPosition(self._offsets.to_qt(clause.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()

    def _fill_outline(self) -> None:
        worst: dict[str, Severity] = {}
        for flag in self.analysed.flags if self.analysed else ():
            current = worst.get(flag.clause_id)
            if current is None or flag.severity.rank < current.rank:
                worst[flag.clause_id] = flag.severity
        self.outline_model.set_document(self.analysed.document if self.analysed else None, worst)
        if self.outline_model.rowCount() == 1:  # a title heading holding everything: open it
            self.outline.expand(self.outline_model.index(0, 0))

    def visible_flags(self) -> list[Flag]:
        return list(self._visible_flags)

    def _refresh_flags(self, *, paced: bool = False) -> None:
        """List the flags the filters let through, highlight them and mark them on the minimap, then
        emit ``flags_shown``. ``paced``: from PACED_FROM_FLAGS flags on, the listing and highlighting
        run in slices (see :meth:`_run_steps`); a newer document or filter cancels what is left."""
        self._generation += 1
        cat = self.category_filter.currentData()
        sev = self.severity_filter.currentData()
        flags = list(self.analysed.flags) if self.analysed else []
        shown = [f for f in flags
                 if (cat is None or f.category == cat) and (sev is None or f.severity == sev)]
        shown.sort(key=lambda f: self._flag_position(f))
        self._visible_flags = shown
        where: dict[str, str] = {}  # clause id -> reference: many flags share a clause
        for flag in shown:
            if flag.clause_id not in where:
                where[flag.clause_id] = self._where(flag)
        refs = [where[flag.clause_id] for flag in shown]
        # Without clause numbers a reference is the clause's first words, cut to "“Tran…" in a
        # column this narrow: then the column goes and the flag's tooltip names the clause.
        numbered = sum(1 for ref in refs if not ref.startswith("“"))
        self.flag_list.setColumnHidden(1, numbered * 2 < len(refs))
        fit = self._size_clause_column(list(where.values()))
        fitted = {ref: fit(ref) for ref in where.values()}
        with QSignalBlocker(self.flag_list):
            self.flag_list.clear()
        total = len(flags)
        if not self.analysed:
            placeholder = ""
        elif not total:
            placeholder = ("No flags: nothing in this document matched the rules. "
                           "That is not a promise that it is harmless; read it too.")
        else:
            placeholder = "No flag matches these filters."
        self.count_label.setText(f"{len(shown)} of {count(total, 'flag')}" if len(shown) != total
                                 else count(total, "flag"))
        self._paced = paced and (len(shown) >= PACED_FROM_FLAGS
                                 or len(self._highlights) >= PACED_FROM_HIGHLIGHTS)
        steps = self._display_steps(refs, fitted, placeholder)
        if self._paced:  # the work above was this turn's share
            self.flag_list.set_placeholder(f"Listing {count(len(shown), 'flag')}…")
            generation = self._generation
            QTimer.singleShot(SLICE_PAUSE_MS, self, lambda: self._run_steps(steps, generation))
        else:
            self._run_steps(steps, self._generation)

    def _run_steps(self, steps: Iterator[None], generation: int) -> None:
        """Run ``steps`` to their end, or in a paced display until they pause (their slice of
        SLICE_MS used up): then again in a later turn of the event loop, so that input, painting
        and timers are handled in between, unless another document or filter took over since."""
        if generation != self._generation:
            return
        self._slice_end = time.perf_counter() + SLICE_MS / 1000
        for _pause in steps:
            QTimer.singleShot(SLICE_PAUSE_MS, self, lambda: self._run_steps(steps, generation))
            return
        self.flags_shown.emit()

    def _slice_used(self) -> bool:
        """Whether a paced display should pause here (after some work, with its own state consistent)."""
        return self._paced and time.perf_counter() >= self._slice_end

    def _display_steps(self, refs: list[str], fitted: dict[str, str], placeholder: str) -> Iterator[None]:
        """Fill the flag list with the visible flags, then highlight them; each ``yield`` is a pause."""
        if self._paced:  # take the previous highlights down a batch at a time
            old = self._highlights
            while len(old) > FLUSH_HIGHLIGHTS:
                del old[-FLUSH_HIGHLIGHTS:]
                self._show_highlights(old)
                if self._slice_used():
                    yield
        colours = severity_colour_table()
        icons = {sev: severity_icon(sev) for sev in Severity}
        for row in range(1, self.severity_filter.count()):  # the filter is where the shapes are named
            self.severity_filter.setItemIcon(row, icons[self.severity_filter.itemData(row)])
        text = self.analysed.document.text if self.analysed else ""
        items: list[QTreeWidgetItem] = []
        for i, (flag, where) in enumerate(zip(self._visible_flags, refs, strict=True)):
            title = self.catalog.flag_title(flag)
            severity = SEVERITY_LABELS[flag.severity]
            item = QTreeWidgetItem([title, fitted[where]])
            item.setToolTip(1, where)
            item.setData(0, _ROLE_FLAG, i)
            item.setIcon(0, icons[flag.severity])
            item.setForeground(0, colours[flag.severity].text)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{severity}: {title}, clause {where}")
            item.setToolTip(0, f"{severity} · {title} · {where}\n{' … '.join(flag.quotes(text))[:300]}")
            items.append(item)
            if self._slice_used():
                yield
        with QSignalBlocker(self.flag_list):
            self.flag_list.addTopLevelItems(items)  # one call: adding them one by one re-lays the list out
        self.flag_list.set_placeholder(placeholder)
        if self._slice_used():
            yield
        yield from self._highlight_steps(colours)

    def _highlight_steps(self, colours: dict[Severity, SeverityColours]) -> Iterator[None]:
        """Tint each flagged clause by its worst visible severity; mark evidence spans.

        Making a highlight has Qt lay out the paragraphs it touches (the first time), and showing it
        has Qt find where it is drawn: most of the cost of a large display. A paced one shows the
        highlights made so far every FLUSH_HIGHLIGHTS and at each pause, so that no single
        ``setExtraSelections`` call takes long."""
        spans: list[tuple[int, int, QTextCharFormat]] = []
        marks: list[tuple[float, float, Severity]] = []
        mark_flags: list[int] = []
        if self.analysed:
            doc = self.text.document()
            length = len(self.analysed.document.text)
            to_qt = self._offsets.to_qt
            blocks = max(1, doc.blockCount())
            tints = {sev: _highlight_format(c.tint) for sev, c in colours.items()}
            evidence = {sev: _highlight_format(c.evidence, underline=sev) for sev, c in colours.items()}
            worst: dict[str, Severity] = {}
            first_flag: dict[str, int] = {}
            for i, flag in enumerate(self._visible_flags):
                first_flag.setdefault(flag.clause_id, i)
                current = worst.get(flag.clause_id)
                if current is None or flag.severity.rank < current.rank:
                    worst[flag.clause_id] = flag.severity
            for clause_id, severity in worst.items():
                clause = self._clause(clause_id)
                if clause is None:
                    continue
                spans.append((clause.start, clause.end, tints[severity]))
                first = doc.findBlock(to_qt(clause.start)).blockNumber()
                last = doc.findBlock(to_qt(max(clause.start, clause.end - 1))).blockNumber()
                marks.append((first / blocks, (last + 1) / blocks, severity))
                mark_flags.append(first_flag[clause_id])
            spans.extend((a, b, evidence[flag.severity]) for flag in self._visible_flags
                         for a, b in flag.evidence if 0 <= a < b <= length)
        if self._slice_used():
            yield
        selections: list[QTextEdit.ExtraSelection] = []
        for start, end, fmt in spans:
            selections.append(self._selection(start, end, fmt))
            if self._paced and len(selections) % FLUSH_HIGHLIGHTS == 0:
                self._show_highlights(selections)
            if self._slice_used():
                self._show_highlights(selections)
                yield
        self._show_highlights(selections)
        self._mark_flags = mark_flags
        self.minimap.set_marks(marks)

    def _where(self, flag: Flag) -> str:
        clause = self._clause(flag.clause_id)
        return clause.number if clause and clause.number else clause_ref(self.analysed.document,
                                                                         flag.clause_id)

    def _clause_column_cap(self) -> int:
        em = self.flag_list.fontMetrics().horizontalAdvance("M")
        quarter = self.flag_list.viewport().width() // 4
        return max(em * CLAUSE_COLUMN_EMS, min(em * CLAUSE_COLUMN_MAX_EMS, quarter))

    def _refit_clause_column(self) -> None:
        """After the list was resized: re-size the Clause column and re-shorten its references
        (kept whole in the tooltips) if the column's cap changed."""
        if self._clause_column_cap() == self._clause_cap or self.flag_list.isColumnHidden(1):
            return
        items = [self.flag_list.topLevelItem(i) for i in range(self.flag_list.topLevelItemCount())]
        refs = [item.toolTip(1) for item in items]
        fit = self._size_clause_column(refs)
        for item, ref in zip(items, refs, strict=True):
            item.setText(1, fit(ref))

    def _size_clause_column(self, refs: list[str]):
        """Size the Clause column to its widest reference, at most a quarter of the list (within
        CLAUSE_COLUMN_EMS..CLAUSE_COLUMN_MAX_EMS), and return the function that shortens a
        reference (with "…") to that width."""
        metrics = self.flag_list.fontMetrics()
        padding = 2 * self.flag_list.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin) + 12
        cap = self._clause_cap = self._clause_column_cap()
        header_width = metrics.horizontalAdvance(self.flag_list.headerItem().text(1)) + padding
        needed = max((metrics.horizontalAdvance(r) for r in refs), default=0) + padding
        width = max(header_width, min(cap, needed))
        self.flag_list.header().resizeSection(1, width)
        return lambda ref: metrics.elidedText(ref, Qt.TextElideMode.ElideRight, width - padding)

    def _clause(self, clause_id: str) -> Clause | None:
        doc = self.analysed.document if self.analysed else None
        return doc.clause(clause_id) if doc and doc.has_clause(clause_id) else None

    def _flag_position(self, flag: Flag) -> int:
        if flag.evidence:
            return flag.evidence[0][0]
        clause = self._clause(flag.clause_id)
        return clause.start if clause else 0

    def _show_highlights(self, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Give the editor ``selections`` as its highlights, remembered for the next display to take down."""
        self._highlights = selections
        self.text.setExtraSelections(selections)

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        """A highlight of the document's characters ``start:end`` (Python offsets) in ``fmt``."""
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._offsets.to_qt(start))
        cursor.setPosition(self._offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        return sel

    # -- navigation ----------------------------------------------------------------------

    def select_flag(self, index: int) -> None:
        """Select the ``index``-th visible flag (list order), scroll to it, emit it."""
        item = self.flag_list.topLevelItem(index)
        if item is not None:
            self.flag_list.setCurrentItem(item)

    def open_find(self) -> None:
        self.find_bar.open_bar()

    def find_again(self, backward: bool = False) -> None:
        """F3 / Shift+F3: the next or previous match of what the find bar holds (it opens if empty)."""
        if self.find_bar.edit.text():
            self.find_bar.show()
            self.find_bar.find(backward=backward)
        else:
            self.open_find()

    def show_offset(self, start: int) -> None:
        """Scroll so that character ``start`` (a Python offset into the document's text) is centred,
        without re-emitting a selection."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(max(0, min(self._offsets.to_qt(start), self.text.document().characterCount() - 1)))
        with QSignalBlocker(self.text):
            self.text.setTextCursor(cursor)
            self.text.centerCursor()
        self._viewport_timer.start()

    def show_clause(self, clause_id: str) -> None:
        clause = self._clause(clause_id)
        if clause is not None:
            self._current_clause = clause.id
            self.show_offset(clause.start)
            self.clause_selected.emit(clause)

    def _flag_item_changed(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        flag = self._visible_flags[item.data(0, _ROLE_FLAG)]
        self._current_clause = flag.clause_id
        self.show_offset(self._flag_position(flag))
        self.flag_selected.emit(flag)

    def _outline_changed(self, index: QModelIndex, _previous: QModelIndex) -> None:
        clause = self._clause(index.data(CLAUSE_ID_ROLE)) if index.isValid() else None
        if clause is not None:
            self._current_clause = clause.id
            self.show_offset(clause.start)
            self.clause_selected.emit(clause)

    def _cursor_moved(self) -> None:
        if not self.analysed:
            return
        clause = self.analysed.document.clause_at(self._offsets.to_py(self.text.textCursor().position()))
        clause_id = clause.id if clause else None
        if clause_id != self._current_clause:
            self._current_clause = clause_id
            self.clause_selected.emit(clause)

    def _minimap_clicked(self, index: int) -> None:
        """Mark ``index`` stands for a clause: select the first listed flag in it."""
        self.side_tabs.setCurrentWidget(self.flag_list)
        if 0 <= index < len(self._mark_flags):
            self.select_flag(self._mark_flags[index])

    def _update_viewport(self) -> None:
        bar = self.text.verticalScrollBar()
        total = bar.maximum() + bar.pageStep()
        if bar.maximum() <= 0:   # all of the text in view: the marks take only as much of the strip
            shown = self.text.viewport().height()
            used = self.text.document().size().height()
            self.minimap.set_viewport(0.0, 1.0, used / shown if shown > 0 else 1.0)
            return
        self.minimap.set_viewport(bar.value() / total, (bar.value() + bar.pageStep()) / total)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._viewport_timer.start()

    # -- links ---------------------------------------------------------------------------

    def url_at(self, position: int) -> str | None:
        """The http(s) URL written in the text at Qt position ``position``, if any."""
        block = self.text.document().findBlock(position)
        # block.text() is a Python string: measure the offset in its characters, not in UTF-16 units
        offset = self._offsets.to_py(position) - self._offsets.to_py(block.position())
        for match in _URL.finditer(block.text()):
            if match.start() <= offset <= match.end():
                return match.group(0).rstrip(".,;:")
        return None

    def _context_menu(self, pos) -> None:
        menu = self.text.createStandardContextMenu()
        url = self.url_at(self.text.cursorForPosition(pos).position())
        if url:
            menu.addSeparator()
            action = menu.addAction(f"Open link {url[:60]}…" if len(url) > 60 else f"Open link {url}…")
            action.triggered.connect(lambda: self.link_activated.emit(url))
        menu.exec(self.text.viewport().mapToGlobal(pos))

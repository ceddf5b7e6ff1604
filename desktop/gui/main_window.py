"""The main window: library on the left, document/summary/compare/consent tabs, details on the right.

The window owns the :class:`~desktop.gui.workers.JobRunner`; every heavy call goes
through it. Errors become a headline and a next step in the banner, with the detail in
the log view. The library, recent files, the open version and the window layout are kept
in :class:`QSettings`, so closing never loses them.
"""

from __future__ import annotations

import logging
import os
import re
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.appinfo import FIRST_RUN_SAMPLE
from desktop.gui import engine
from desktop.gui.announce import announce
from desktop.gui.catalog import Catalog
from desktop.gui.consent_service import ConsentService, describe_failure
from desktop.gui.dialogs.about import AboutDialog
from desktop.gui.dialogs.export_dialog import ExportDialog
from desktop.gui.dialogs.preferences import PreferencesDialog
from desktop.gui.dialogs.rule_packs import RulePacksDialog
from desktop.gui.dialogs.shortcuts import ShortcutsDialog
from desktop.gui.engine import PACKS_LEFT_OUT, Analysed
from desktop.gui.exports import ANALYSIS_FORMATS, export_analysis, with_format_suffix
from desktop.gui.library import Library, LibraryEntry, describe
from desktop.gui.theme import apply_theme
from desktop.gui.views.compare_view import CompareView
from desktop.gui.views.consent_view import ConsentView
from desktop.gui.views.details_pane import DetailsPane
from desktop.gui.views.document_view import DocumentView
from desktop.gui.views.library_view import LibraryView, dropped_paths, short_title
from desktop.gui.views.log_view import ErrorBanner, LogView, QtLogHandler
from desktop.gui.views.summary_view import SummaryView
from desktop.gui.workers import CancelToken, JobRunner
from terms import wording
from terms.errors import TermsError
from terms.fileio import exists, is_folder
from terms.model import Severity
from terms.topics import Topic, load_topics

if TYPE_CHECKING:
    from terms.consent.model import VerifyReport

log = logging.getLogger("clearterms.gui")
AnyDialog = TypeVar("AnyDialog", bound=QDialog)

WELCOME_HEADLINE = "Welcome to ClearTerms"
WELCOME = ("ClearTerms reads terms of service and privacy policies for you. It highlights what a "
           "document lets the company do with your data and your words, explains each point in plain "
           "words, and records what you agreed to. This is a sample: open your own with File ▸ Open.")
MAX_RECENT = 10
CACHE_SIZE = 24
CHANGED_ON_DISK = "Read again: the file changed on disk since it was opened"
# The window's panes at their roomiest (library, tabs, details); a narrower window takes the
# width from the details pane first, so the flag list keeps FLAG_SIDE and the text READER_MIN.
PANES = (230, 820, 330)
FLAG_SIDE = 272    # the document tab's flags side: about 260 px for the list inside it
READER_MIN = 340   # the document text with its minimap
TAB_FRAME = 25     # the document tab's margins, frame and splitter handle


def _with_mnemonic(name: str, menu: QMenu) -> str:
    """``name`` with an Alt+letter that no other entry of ``menu`` uses ("&Compare", then "C&onsent")."""
    taken = {m.group(1).lower() for a in menu.actions() if (m := re.search(r"&(\w)", a.text()))}
    for i, ch in enumerate(name):
        if ch.isalnum() and ch.lower() not in taken:
            return f"{name[:i]}&{name[i:]}"
    return name


def _first_focusable(pane: QWidget) -> QWidget:
    """The first widget inside ``pane`` that Tab would stop at (``pane`` itself if it takes focus)."""
    if pane.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return pane
    widget = pane.nextInFocusChain()
    while widget is not pane:
        if (pane.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            return widget
        widget = widget.nextInFocusChain()
    return pane


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, *, store_url: str | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.store_url = store_url
        self.runner = JobRunner(self)
        self.catalog = Catalog()
        self.topics: tuple[Topic, ...] = self._load_topics()
        self.library = Library.from_json(str(self.settings.value("library/entries", "[]")))
        self.current: Analysed | None = None
        self._cache: OrderedDict[str, Analysed] = OrderedDict()
        self._analyse_token: CancelToken | None = None  # the single file being read, while it is
        self._reading: Path | None = None
        self._dialogs: dict[str, QDialog] = {}  # one of each kind, made on first opening

        self.setWindowTitle("ClearTerms")
        self.setAcceptDrops(True)
        self._build_views()
        self._build_menus()
        self._build_status()
        self._install_log()
        self._restore_layout()
        self.library_view.set_library(self.library, self._last_path())
        self.compare_view.set_library(self.library, None)

    # -- construction --------------------------------------------------------------------

    def _load_topics(self) -> tuple[Topic, ...]:
        try:
            return load_topics()
        except TermsError as exc:
            log.error("consent topics unavailable: %s", exc)
            return ()

    def _build_views(self) -> None:
        self.banner = ErrorBanner()
        self.library_view = LibraryView()
        self.document_view = DocumentView(self.catalog)
        self.details = DetailsPane(self.catalog, self.topics)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Views")
        # a screen reader announces the tab bar itself, not the widget around it
        self.tabs.tabBar().setAccessibleName("Views of the open document")
        self.summary_view = SummaryView(self.catalog)
        self.consent_service = ConsentService(self.store_url, self.topics, self)
        self.consent_view = ConsentView(self.consent_service, self.topics)
        # Tabs switch with Ctrl+1..4 (View menu); Alt+letter is left to the controls in them.
        self.tabs.addTab(self.document_view, "Document")
        self.tabs.addTab(self.summary_view, "Summary")
        self.compare_view = CompareView(self.runner)
        self.compare_view.lookup = self._cached
        self.compare_view.packs = self.packs
        self.compare_view.export_dir = self._export_dir()
        self.tabs.addTab(self.compare_view, "Compare")
        self.consent_tab = self.tabs.addTab(self.consent_view, "Consent")
        self._announced_reviews: tuple[str, str | None] | None = None  # (version, member) told of
        self._load_error_shown: str | None = None  # the banner headline of a failed consent load
        self._reviews_shown: str | None = None     # the banner headline announcing re-reviews
        self._open_error_shown: str | None = None  # ... of a file that could not be opened

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.library_view)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes(list(PANES))  # the library fits "Terms of Membership  (2)"
        self._panes_moved = False  # once the reader drags a pane's edge, the window leaves the panes be
        for splitter in (self.splitter, self.document_view.splitter):
            splitter.splitterMoved.connect(self._panes_dragged)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.log_view = LogView()
        self.log_dock = QDockWidget("Log", self)
        self.log_dock.setObjectName("logDock")
        self.log_dock.setWidget(self.log_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.log_dock.hide()

        self.library_view.entry_activated.connect(self.open_entry)
        self.library_view.paths_dropped.connect(self.open_dropped)
        self.document_view.flag_selected.connect(self.details.show_flag)
        # Enter on a flag reads its explanation: otherwise the details are a long Tab away
        self.document_view.flag_list.itemActivated.connect(lambda *_: self.details.setFocus())
        self.document_view.clause_selected.connect(self.details.show_clause)
        self.document_view.link_activated.connect(self.confirm_open_link)
        self.details.clause_requested.connect(self._show_clause)
        self.summary_view.clause_requested.connect(self._show_clause)
        self.consent_view.clause_requested.connect(self._show_clause)
        self._compare_error_shown: str | None = None
        self._consent_error_shown: str | None = None
        self.compare_view.error.connect(self._compare_error)
        self.compare_view.compared.connect(lambda: self._hide_earlier_failure("_compare_error_shown"))
        self.compare_view.analysed_ready.connect(self._cache_analysed)
        self.compare_view.open_requested.connect(lambda paths: self.open_paths([Path(p) for p in paths]))
        self.consent_view.error.connect(self._consent_error)
        self.consent_view.reviews_changed.connect(self._reviews_changed)
        self._close_when_recorded = False   # closing waits for decisions being written (closeEvent)
        self.consent_view.recorded.connect(self._recorded_before_close)
        self.consent_view.recorded.connect(lambda: self._hide_earlier_failure("_consent_error_shown"))
        self.consent_view.record_failed.connect(self._record_failed_before_close)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.banner.details_requested.connect(self.show_log)

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_action = self._action("&Open…", self.choose_files, QKeySequence.StandardKey.Open,
                                        "Open terms documents (Markdown, text, HTML, PDF)")
        self.open_folder_action = self._action("Open &Folder…", self.choose_folder, "Ctrl+Shift+O",
                                               "Open every document in a folder")
        self.add_version_action = self._action("Add as New &Version Of…", self.add_as_version, None,
                                               "File the open document as a new version of another one")
        file_menu.addActions([self.open_action, self.open_folder_action, self.add_version_action])
        self.recent_menu = file_menu.addMenu("&Recent Files")
        self._rebuild_recent()
        file_menu.addSeparator()
        self.export_action = self._action("&Export Consent Records…", self.show_export, "Ctrl+E",
                                          "CSV, JSON, FHIR, consent receipts, HTML or PDF report")
        self.export_analysis_action = self._action("Export &Analysis…", self.export_analysis, "Ctrl+Shift+E",
                                                   "The open document's flags as Markdown, JSON or text")
        file_menu.addActions([self.export_action, self.export_analysis_action])
        file_menu.addSeparator()
        self.file_menu = file_menu
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        self.find_action = self._action("&Find…", self.find_in_document, QKeySequence.StandardKey.Find)
        self.find_next_action = self._action("Find Ne&xt", lambda: self._find_again(False),
                                             QKeySequence.StandardKey.FindNext)
        self.find_previous_action = self._action("Find P&revious", lambda: self._find_again(True),
                                                 QKeySequence.StandardKey.FindPrevious)
        edit_menu.addActions([self.find_action, self.find_next_action, self.find_previous_action])
        self.next_flag_action = self._action("&Next Flag", lambda: self._step_flag(1), "F8")
        self.prev_flag_action = self._action("Pre&vious Flag", lambda: self._step_flag(-1), "Shift+F8")
        edit_menu.addActions([self.next_flag_action, self.prev_flag_action])

        self.view_menu = bar.addMenu("&View")
        for i in range(self.tabs.count()):
            self._add_tab_action(i)
        self.view_menu.addSeparator()
        self.show_log_action = self._action("&Log", self.show_log, "Ctrl+L")
        self.view_menu.addAction(self.show_log_action)
        self.next_pane_action = self._action("Ne&xt Pane", lambda: self.cycle_panes(1), "F6",
                                             "Move between the library, the open tab and the details")
        self.prev_pane_action = self._action("Pre&vious Pane", lambda: self.cycle_panes(-1), "Shift+F6")
        self.view_menu.addActions([self.next_pane_action, self.prev_pane_action])

        self.tools_menu = bar.addMenu("&Tools")
        self.rule_packs_action = self._action("&Rule Packs…", self.show_rule_packs, None,
                                              "The packs flagging uses, and their validation messages")
        self.preferences_action = self._action("&Preferences…", self.show_preferences,
                                               QKeySequence.StandardKey.Preferences)
        if self.preferences_action.shortcut().isEmpty():
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.check_records_action = self._action(
            "&Check Consent Records", self.check_consent_records, None,
            "Verify every consent event's hash, link, member and document, and every stored text")
        self.tools_menu.addActions([self.check_records_action, self.rule_packs_action,
                                    self.preferences_action])
        self.help_menu = bar.addMenu("&Help")
        self.shortcuts_action = self._action("&Keyboard Shortcuts", self.show_shortcuts, "F1",
                                             "Every key the window answers to")
        self.about_action = self._action("&About ClearTerms", self.show_about)
        self.help_menu.addActions([self.shortcuts_action, self.about_action])

    def _add_tab_action(self, index: int) -> None:
        name = self.tabs.tabText(index)
        action = self._action(_with_mnemonic(name, self.view_menu), lambda: self._open_tab(index),
                              f"Ctrl+{index + 1}")
        self.view_menu.addAction(action)

    def _open_tab(self, index: int) -> None:
        """Show a tab and move the keyboard focus into it, to what one reads or works there first
        (focus stayed in the library, so the tab shown was not announced)."""
        self.tabs.setCurrentIndex(index)
        first = {self.document_view: self.document_view.text,   # (the list would select a flag)
                 self.summary_view: self.summary_view.concerns,
                 self.consent_view: self.consent_view.member_combo,
                 self.compare_view: self.compare_view.old_combo}
        target = first.get(self.tabs.currentWidget())
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def cycle_panes(self, step: int) -> None:
        """Move the keyboard focus to the next (or previous) pane: library, the open tab, details.

        Panes that are not shown are skipped: the details pane is hidden on the Compare and Consent
        tabs, and focus given to a hidden widget stays where it was, so F6 stuck there."""
        panes = [pane for pane in (self.library_view, self.tabs.currentWidget(), self.details)
                 if pane.isVisible()]
        focused = QApplication.focusWidget()
        here = next((i for i, pane in enumerate(panes)
                     if focused is not None and (focused is pane or pane.isAncestorOf(focused))), -step)
        target = panes[(here + step) % len(panes)]
        _first_focusable(target).setFocus(Qt.FocusReason.TabFocusReason)

    def find_in_document(self) -> None:
        """Find searches the document's text: from another tab it goes to the Document tab first."""
        self.tabs.setCurrentWidget(self.document_view)
        self.document_view.open_find()

    def _find_again(self, backward: bool) -> None:
        self.tabs.setCurrentWidget(self.document_view)
        self.document_view.find_again(backward)

    def _build_status(self) -> None:
        status = self.statusBar()
        self.status_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the running job")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_batch)
        status.addWidget(self.status_label, 1)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)

    def _install_log(self) -> None:
        self._log_handler = QtLogHandler()
        self._log_handler.bridge.line.connect(self.log_view.append_line)
        root = logging.getLogger()
        root.addHandler(self._log_handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            # roomy, but within the screen, title bar included: on 1280 x 800 the details pane and
            # the status bar were off the edge
            screen = self.screen().availableGeometry() if self.screen() is not None else None
            width, height = 1380, 860
            if screen is not None and screen.isValid():
                width = min(width, screen.width() * 95 // 100)
                height = min(height, screen.height() * 92 // 100)
            self.resize(width, height)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    # -- errors and messages -------------------------------------------------------------

    def report_error(self, headline: str, error: BaseException | None = None, details: str = "", *,
                     hint: str | None = None) -> None:
        """Show a headline and what to do next (``hint``, else the error's); put the technical detail
        in the log."""
        if isinstance(error, TermsError):
            hint = hint or error.hint or "Check the file, then try again."
            text = str(error)  # the core's message, with the full path: logged once, not twice
            said = text in headline or headline.split(": ", 1)[-1] in text
            log.error("%s", text if said else f"{headline}: {text}")
        elif error is not None:
            hint = hint or "This is a bug in ClearTerms. The log has the details; please report them."
            log.error("%s: %s: %s\n%s", headline, type(error).__name__, error, details)
        else:
            hint = hint or details
            log.error("%s", headline)
        self.banner.show_message(headline, hint)

    def show_info(self, headline: str, hint: str = "") -> None:
        self.banner.show_message(headline, hint, level=Severity.INFO, details=False)

    def show_log(self) -> None:
        """Show the log and move into it; pressed again while in the log, hide it."""
        if self.log_dock.isVisible() and self.log_dock.isAncestorOf(QApplication.focusWidget()):
            self.log_dock.hide()
            return
        self.log_dock.show()
        self.log_dock.raise_()
        self.log_view.setFocus()

    # -- opening -------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Open terms documents", self._last_dir(), engine.OPEN_FILTER)
        if paths:
            self.open_paths([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of documents", self._last_dir())
        if folder:
            self.open_paths([Path(folder)])

    def open_dropped(self, paths: list[Path]) -> None:
        """Open what was dropped on the window or the library; files the parser does not read
        (images, data files) are left out and named in the log."""
        self.open_paths(paths, dropped=True)

    def open_paths(self, paths: list[Path], *, dropped: bool = False) -> None:
        """Open files and folders: one file is shown at once; many are read with progress.

        A folder gives only its documents (:func:`engine.scan_folder`); so do ``dropped`` files.
        A file chosen in the Open dialog is tried whatever its name, as the reader asked for it."""
        files: list[Path] = []
        skipped = 0
        for path in paths:
            if is_folder(path):
                scan = engine.scan_folder(path)
                skipped += scan.skipped
                for folder, why in scan.unreadable:
                    log.warning("Cannot read the folder %s: %s", folder, why)
                if not scan.documents and scan.unreadable:
                    folder, why = scan.unreadable[0]
                    self.report_error(f"Cannot read the folder {folder} ({why})",
                                      details="Check its permissions, or choose another folder.")
                elif not scan.documents:
                    self.report_error(f"No documents found in {path}",
                                      details="Choose a folder with .md, .txt, .html or .pdf files.")
                files += scan.documents
            elif dropped and not engine.is_document(path):
                skipped += 1
                log.info("Skipped %s: not a document ClearTerms reads", path)
            else:
                files.append(path)
        files = _each_file_once(files)
        note = ""
        if skipped:
            note = f"Skipped {wording.count(skipped, 'file')} that " + \
                ("is not a document" if skipped == 1 else "are not documents")
            log.info("%s", note)
        if not files:
            if note and dropped:
                self.show_info(f"Nothing to open: {note.lower()}",
                               "ClearTerms reads Markdown, text, HTML and PDF files.")
            return
        last = paths[-1]
        if exists(last):
            self.settings.setValue("paths/last_dir", str(last if is_folder(last) else last.parent))
        if len(files) == 1:
            self.open_file(files[0], note=note)
        else:
            self.open_batch(files, note=note)

    def open_file(self, path: Path, *, note: str = "") -> None:
        """Read and show one file; ``note`` (what was skipped, or why it was read again) joins the
        status once it shows.

        The busy bar moves while the clauses are flagged (while the file is parsed, a shorter
        step, it only shows that work goes on). Its Cancel drops the file: flagging stops at the
        next few clauses; the parser cannot stop, so a cancelled file may still be parsed in the
        background, but its result is not shown."""
        path = Path(path)
        if not self._may_leave_document(path):
            return
        self.status_label.setText(f"Reading {path.name}…")
        self._show_busy(True, cancellable=True)
        packs = self.packs()
        self._reading = path
        self._analyse_token = self.runner.submit(
            "analyse", lambda token: engine.analyse_file(path, packs, token.progress),
            on_progress=self._reading_progress,
            on_result=lambda analysed: self._file_opened(analysed, note),
            on_error=lambda exc, tb: self._open_failed(path, exc, tb),
            on_cancel=lambda: log.info("Opening %s was cancelled; its result was dropped", path.name),
        )

    def _reading_progress(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def open_batch(self, files: list[Path], *, note: str = "") -> None:
        self._show_busy(True, cancellable=True, steps=len(files))
        self.status_label.setText(f"Reading {len(files)} documents…")

        packs = self.packs()

        def job(token: CancelToken) -> engine.BatchResult:
            return engine.analyse_many(files, token.progress, packs)

        self.runner.submit(
            "batch", job, on_result=lambda result: self._batch_done(result, note),
            on_partial=lambda result: self._batch_done(result, note), on_progress=self._batch_progress,
            on_error=lambda exc, tb: (self._show_busy(False), self.report_error("Opening the folder failed",
                                                                               exc, tb)),
            on_cancel=self._batch_cancelled)

    def cancel_batch(self) -> None:
        """The busy bar's Cancel: a batch stops after the file it is reading and keeps the ones
        read (:meth:`_batch_done`); a single file is dropped at once and the open document stays."""
        if self._analyse_token is not None:
            self._analyse_token.cancel()
            self._analyse_token = None
            self._show_busy(False)
            name = self._reading.name if self._reading else "the file"
            self.status_label.setText(f"Cancelled opening {name}")
        if self.runner.is_running("batch"):
            self.runner.cancel("batch")
            self.status_label.setText("Cancelling…")

    def _batch_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if name:
            self.status_label.setText(f"Reading {done + 1} of {total}: {name}")

    def _batch_cancelled(self) -> None:
        self._show_busy(False)
        self.status_label.setText("Cancelled")

    def _batch_done(self, result: engine.BatchResult, note: str = "") -> None:
        """A batch ended, finished or cancelled (``result.cancelled``): keep every document it read."""
        self._show_busy(False)
        for analysed in result.analysed:
            self._remember(analysed)
            for warning in analysed.notes:
                log.warning("%s: %s", analysed.path.name if analysed.path else "", warning)
        self._save_library()
        self.refresh_library()
        if result.analysed and self.current is None:
            self.show_analysed(result.analysed[0], staged=True)
        self.status_label.setText(_joined(result.summary(), note))
        announce(self.status_label, self.status_label.text())
        for line in result.error_lines():
            log.error("Could not read %s", line)
        if result.errors:
            hint = getattr(result.errors[0][1], "hint", None) or "The log lists each file and its problem."
            self.banner.show_message(result.error_headline(), hint)
            self._open_error_shown = self.banner.headline.text()
        elif result.analysed:
            self._drop_open_error()

    def _show_busy(self, busy: bool, *, cancellable: bool = False, steps: int = 0) -> None:
        """Show or hide the busy bar (and its Cancel). ``steps``: how many the job will report; 0,
        not known yet, shows a bar that only says work goes on (not an empty or full one left over
        from the job before)."""
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, steps)
            self.progress.setValue(0)
        self.cancel_button.setVisible(busy and cancellable)

    def _open_failed(self, path: Path, exc: BaseException, tb: str) -> None:
        self._analyse_token = None
        self._show_busy(False)
        self._restore_status()
        if isinstance(exc, TermsError):
            # the core's message starts with the full path; the headline names the file once
            reason = str(exc).removeprefix(f"{path}: ").removeprefix(f"{path.name}: ")
            headline = f"Could not open {path.name}: {reason}"
        else:
            headline = f"Could not open {path.name}"
        self.report_error(headline, exc, tb)
        self._open_error_shown = self.banner.headline.text()

    def _drop_open_error(self) -> None:
        """A file opened: a banner saying an earlier one could not be opened no longer describes what
        is shown (the log keeps it)."""
        self._hide_banner_saying(self._open_error_shown)
        self._open_error_shown = None

    def _file_opened(self, analysed: Analysed, note: str = "") -> None:
        self._analyse_token = None
        self._show_busy(False)
        self._drop_open_error()
        entry = self._remember(analysed)
        self._save_library()
        self._add_recent(entry.path)
        self.show_analysed(analysed, staged=True)
        self._tell_notes(analysed)
        if note:
            self.status_label.setText(_joined(self.status_label.text(), note))

    def _tell_notes(self, analysed: Analysed) -> None:
        """Show what the reader should know about a file that opened (a guessed encoding, a language
        the rules do not read) in the status bar, and keep it in the log."""
        name = analysed.path.name if analysed.path else analysed.document.display_name
        for note in analysed.notes:
            log.warning("%s: %s", name, note)
        if analysed.notes:
            first = analysed.notes[0]
            path = str(analysed.path) if analysed.path else ""
            # a parser's note names the file by its whole path ("/home/…/terms.md is not UTF-8; …"):
            # said once, by its name ("terms.md is not UTF-8; …")
            shown = (f"{name} {first[len(path):].lstrip()}" if path and first.startswith(path + " ")
                     else f"{name}: {first}")
            self.status_label.setText(shown)
            if first.startswith(PACKS_LEFT_OUT):
                # every document is flagged without the user's pack until it is fixed: more than a
                # status line, which the next message replaces
                self.banner.show_message(f"{name}: your rule packs were left out", f"{first}.")

    def _remember(self, analysed: Analysed) -> LibraryEntry:
        entry = self.library.add(describe(analysed))
        self._cache_analysed(analysed)
        return entry

    def _cached(self, path: str) -> Analysed | None:
        """The analysis kept for the file at ``path``, unless the file changed since it was read
        (it is then dropped, and the file must be read again)."""
        cached = self._cache.get(path)
        if cached is not None and cached.is_stale():
            log.info("%s changed on disk since it was read; reading it again", Path(path).name)
            del self._cache[path]
            return None
        return cached

    def _cache_analysed(self, analysed: Analysed) -> None:
        if analysed.path is None:
            return
        key = str(analysed.path)
        self._cache[key] = analysed
        self._cache.move_to_end(key)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def refresh_library(self) -> None:
        """Redraw the library tree and the compare pickers after the library changed."""
        current = self.current_entry()
        self.library_view.set_library(self.library, current.path if current else None)
        self.compare_view.set_library(self.library, current)

    def _may_leave_document(self, path: Path | str) -> bool:
        """Before another document replaces the open one, settle the consent choices staged on it."""
        current = self.current.path if self.current is not None else None
        if current is not None and Path(current) == Path(path):
            return True
        return self.consent_view.settle_unsaved("opening another document")

    def open_entry(self, entry: LibraryEntry) -> None:
        if not self._may_leave_document(entry.path):
            if self.current is not None and self.current.path is not None:
                self.library_view.select_path(str(self.current.path))  # it stays on the one shown
            return
        kept = entry.path in self._cache
        cached = self._cached(entry.path)
        if cached is not None:
            self._cache.move_to_end(entry.path)
            self.show_analysed(cached, staged=True)
        else:
            self.open_file(Path(entry.path), note=CHANGED_ON_DISK if kept else "")

    def show_analysed(self, analysed: Analysed, *, staged: bool = False, refiled: bool = False) -> None:
        """Make ``analysed`` the open version in every view (``staged``: see DocumentView;
        ``refiled``: it was just filed under another document, which its consent records follow)."""
        self.current = analysed
        self.catalog.learn(analysed.analysis.pack)
        self.setWindowTitle(f"{self._version_name(analysed)} — ClearTerms")
        self.status_label.setText(self._status_text(analysed))
        self.document_view.set_analysed(analysed, staged=staged)
        self.details.set_analysed(analysed)
        self.summary_view.set_analysed(analysed)
        self.refresh_library()
        self._refresh_consent(refiled=refiled)
        if analysed.path:
            self.settings.setValue("session/last_path", str(analysed.path))
        if analysed.path != self._sample_path():
            self._hide_banner_saying(WELCOME_HEADLINE)  # "This is a sample" no longer describes what is shown

    def _version_name(self, analysed: Analysed) -> str:
        entry = self.library.get(str(analysed.path)) if analysed.path else None
        if entry is None:
            return analysed.document.display_name
        # an undated version is named by its file, which an untitled document's title already holds:
        # "Terms of Service (latin1.txt) — latin1.txt" said it twice
        return entry.title if entry.version in entry.title else f"{entry.title} — {entry.version}"

    def _status_text(self, analysed: Analysed) -> str:
        return (f"{self._version_name(analysed)}: {wording.count(len(analysed.flags), 'flag')} in "
                f"{wording.count(len(analysed.document.clauses), 'clause')}")

    def current_entry(self) -> LibraryEntry | None:
        if self.current is None or self.current.path is None:
            return None
        return self.library.get(str(self.current.path))

    def _refresh_consent(self, *, refiled: bool = False) -> None:
        """Read the consent records of the open version (storing it) in the background, whichever tab
        is shown: a new version's decisions to re-review are announced at once, not when the Consent
        tab is first looked at."""
        if self.current is None:
            return
        entry = self.current_entry()
        series = entry.series if entry else describe(self.current).series
        version = entry.version if entry else None
        self.consent_view.set_document(self.current, series, version, refiled=refiled,
                                       title=entry.title if entry else None)

    def _tab_changed(self, _index: int) -> None:
        """The details pane explains flags and clauses of the open version; the compare and
        consent views carry their own explanations and need the width for two columns."""
        wide = self.tabs.currentWidget() in (self.compare_view, self.consent_view)
        self.details.setVisible(not wide)
        self._fit_panes()  # the window may have been resized while the details pane was hidden
        if self.tabs.currentWidget() is self.consent_view:
            self._drop_reviews_banner()  # its questions are in view now
            if self.consent_view.load_failed:
                self.consent_view.reload()  # the store may be readable again (a lock released)

    def _consent_error(self, headline: str, hint: str, error: BaseException, details: str) -> None:
        self.report_error(headline, error, details, hint=hint or None)
        self._consent_error_shown = self.banner.headline.text()
        if self.consent_view.load_failed:  # seen from any tab: the records are not shown, not "all fine"
            self.tabs.setTabText(self.consent_tab, "Consent (unavailable)")
            self._load_error_shown = headline

    def _compare_error(self, headline: str, error: BaseException, details: str) -> None:
        self.report_error(headline, error, details)
        self._compare_error_shown = self.banner.headline.text()

    def _hide_earlier_failure(self, attribute: str) -> None:
        """A later success of the same kind: the banner saying an earlier attempt failed no longer
        describes what is shown (the log keeps it)."""
        self._hide_banner_saying(getattr(self, attribute))
        setattr(self, attribute, None)

    def _reviews_changed(self, count: int) -> None:
        """The records were read: the tab says what needs answering, and a banner saying they could
        not be read (a lock since released) goes, since it no longer describes what is shown."""
        self._hide_banner_saying(self._load_error_shown)
        self._load_error_shown = None
        picture = self.consent_view.picture
        others = picture.others_to_review if picture is not None else {}
        total = count + sum(others.values())   # every member's: whoever uses the window is told
        self.tabs.setTabText(self.consent_tab, f"Consent ({total} to re-review)" if total else "Consent")
        if picture is None:
            return
        shown = (picture.document.sha256, picture.member)
        if not total or shown != self._announced_reviews:
            self._drop_reviews_banner()  # it spoke of another version, or of what is now answered
        if total and shown != self._announced_reviews and self.tabs.currentWidget() is not self.consent_view:
            members = ([picture.member or "the member"] if count else []) + list(others)
            choose = " (choose each member under Member)" if others else ""
            self.show_info(f"{wording.count(total, 'consent decision')} to re-review",
                           f"The terms changed since {wording.join_names(members)} answered. Open the "
                           f"Consent tab (Ctrl+4){choose} to see what changed and answer again.")
            self._reviews_shown = self.banner.headline.text()
        if total:
            self._announced_reviews = shown

    def _drop_reviews_banner(self) -> None:
        """Hide the banner announcing re-reviews, if it is still the one shown."""
        self._hide_banner_saying(self._reviews_shown)
        self._reviews_shown = None

    def _hide_banner_saying(self, headline: str | None) -> None:
        """Hide the banner if it still shows ``headline`` (another message may have replaced it)."""
        if headline and self.banner.isVisible() and self.banner.headline.text() == headline:
            self.banner.hide()

    def _show_clause(self, clause_id: str) -> None:
        """Go to a clause a link names: the text, scrolled to it, takes the focus (it stayed on the
        link, or went to the category filter)."""
        self.tabs.setCurrentWidget(self.document_view)
        self.document_view.show_clause(clause_id)
        self.document_view.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def _step_flag(self, step: int) -> None:
        count = self.document_view.flag_list.topLevelItemCount()
        if not count:
            return
        current = self.document_view.flag_list.currentItem()
        index = self.document_view.flag_list.indexOfTopLevelItem(current) if current else -1
        self.tabs.setCurrentWidget(self.document_view)
        self.document_view.select_flag((index + step) % count)
        self.document_view.flag_list.setFocus(Qt.FocusReason.ShortcutFocusReason)  # the flag is announced

    def add_as_version(self) -> None:
        """File the open document under another document of the library, as a newer version."""
        if self.current is None or self.current.path is None:
            self.show_info("Open a document first", "Then choose which document it is a new version of.")
            return
        path = str(self.current.path)
        groups = [g for g in self.library.groups() if g != self.library.get(path).group]
        if not groups:
            self.show_info("No other document to add this to", "Open the earlier version first.")
            return
        labels = [f"{service} › {short_title(service, title)}" for service, title in groups]
        choice, ok = QInputDialog.getItem(self, "Add as new version", "This file is a new version of:",
                                          labels, 0, False)
        if ok and choice:
            self.file_as_version(path, groups[labels.index(choice)])

    def file_as_version(self, path: str, group: tuple[str, str]) -> None:
        self.library.file_as_version_of(path, group)
        self._save_library()
        self.refresh_library()
        if self.current is not None and str(self.current.path) == path:
            self.show_analysed(self.current, staged=True, refiled=True)

    # -- rule packs, preferences, exports, about ----------------------------------------

    def user_packs(self) -> list[str]:
        value = self.settings.value("rules/packs", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def packs(self) -> list[Path] | None:
        """The pack files to flag with (None: the default pack alone)."""
        user = self.user_packs()
        return [Path(p) for p in user] if user else None

    def _present(self, kind: str, make: Callable[[], AnyDialog],
                 reopen: Callable[[AnyDialog], None] | None = None) -> AnyDialog:
        """Show the window's one dialog of this kind: made on first use, brought to the front
        while open, brought up to date (``reopen``) when it is opened again after closing."""
        dialog = cast("AnyDialog | None", self._dialogs.get(kind))
        if dialog is None:
            dialog = make()
            self._dialogs[kind] = dialog
        elif not dialog.isVisible() and reopen is not None:
            reopen(dialog)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_rule_packs(self) -> RulePacksDialog:
        def make() -> RulePacksDialog:
            dialog = RulePacksDialog(self.runner, self.user_packs(), self)
            dialog.packs_changed.connect(self.set_user_packs)
            return dialog

        return self._present("rule-packs", make, lambda d: d.reopen(self.user_packs()))

    def set_user_packs(self, paths: list[str]) -> None:
        if paths == self.user_packs():
            return
        self.settings.setValue("rules/packs", paths)
        self._cache.clear()
        log.info("rule packs now: default%s", "".join(f" + {p}" for p in paths))
        if self.current is not None and self.current.path is not None:
            self.open_file(self.current.path)

    def check_consent_records(self) -> None:
        """Verify the consent store off the GUI thread, as ``clearterms consent verify`` does."""
        self.status_label.setText("Checking the consent records…")
        self.consent_service.submit("verify", lambda store: store.verify(), self._records_checked,
                                    self._records_not_checked)

    def _restore_status(self) -> None:
        """The status line says what is open again, after a passing message (a check, a failure)."""
        self.status_label.setText(self._status_text(self.current) if self.current is not None else "")

    def _records_checked(self, report: VerifyReport) -> None:
        db = self.consent_service.db_display
        self._restore_status()
        for note in report.notes:
            log.warning("consent records in %s: %s", db, note)
        if report.ok:
            log.info("consent records in %s check out: %d events, head of the chain %s", db, report.events,
                     report.head_hash)
            notes = (f" {wording.count(len(report.notes), 'event')} the store would not record so now "
                     f"(no proof of an edit: a wrong clock or an earlier release): {'; '.join(report.notes)}."
                     if report.notes else "")
            self.show_info(f"The consent records in {db} check out: {wording.count(report.events, 'event')}, "
                           "the hash chain verifies",
                           f"Head of the chain: {report.head_hash}. Write it down somewhere the store's "
                           "users cannot change: checked against it later, it proves that no event was "
                           f"removed from the end since.{notes}")
            return
        for problem in report.problems:
            log.error("consent records in %s: %s", db, problem)
        self.report_error(f"The consent records in {db} do not check out "
                          f"({wording.count(len(report.problems), 'problem')}): {report.problems[0]}",
                          hint="The log lists every problem. Restore the store from a backup copy or a JSON "
                               "export; nothing was changed.")

    def _records_not_checked(self, exc: BaseException, details: str) -> None:
        self._restore_status()
        headline, hint = describe_failure("Could not check the consent records", exc,
                                          self.consent_service.db_display,
                                          "choose Check Consent Records again")
        self.report_error(headline, exc, details, hint=hint or None)

    def show_preferences(self) -> PreferencesDialog:
        def make() -> PreferencesDialog:
            dialog = PreferencesDialog(self.settings, self)
            dialog.theme_changed.connect(self.apply_theme)
            dialog.font_size_changed.connect(self.document_view.set_font_size)
            return dialog

        return self._present("preferences", make, lambda d: d.load())

    def apply_theme(self, theme: str) -> None:
        """Switch the palette and redraw what is coloured by hand: highlights, the banner and the
        comparison page, keeping the reader's place (the selected flag and the scroll position)."""
        apply_theme(QApplication.instance(), theme)
        self.banner.restyle()
        if self.current is not None:
            view = self.document_view
            item = view.flag_list.currentItem()
            row = view.flag_list.indexOfTopLevelItem(item) if item is not None else -1
            scroll = view.text.verticalScrollBar().value()

            shown = self.current

            def restore() -> None:
                view.flags_shown.disconnect(restore)
                if self.current is not shown:   # another document was opened meanwhile
                    return
                if row >= 0:
                    view.select_flag(row)
                view.text.verticalScrollBar().setValue(scroll)

            view.flags_shown.connect(restore)
            # highlight colours follow the palette; staged, as on opening: a large document's
            # highlights are drawn over several passes, the place restored once they are
            self.show_analysed(self.current, staged=True)
        self.compare_view.recolour()

    def show_export(self) -> ExportDialog:
        return self._present("export", lambda: ExportDialog(self.consent_service, self._export_dir(), self),
                             lambda d: d.refresh())

    def export_analysis(self) -> None:
        if self.current is None:
            self.show_info("Open a document first",
                           "Then export its analysis as a web page, Markdown, JSON or text.")
            return
        filters = {f"{f.label} (*{f.suffix})": f for f in ANALYSIS_FORMATS}
        stem = self.current.path.stem if self.current.path else "analysis"
        start = str(self._export_dir() / (stem + ANALYSIS_FORMATS[0].suffix))
        path, chosen = QFileDialog.getSaveFileName(self, "Export analysis", start, ";;".join(filters))
        if path:
            fmt = filters.get(chosen, ANALYSIS_FORMATS[0])
            # the chosen format's suffix, as the consent export gives it ("report" was saved bare)
            self.write_analysis(with_format_suffix(path, fmt, ANALYSIS_FORMATS), fmt.key)

    def write_analysis(self, path: Path, fmt: str) -> None:
        analysis = self.current.analysis
        self.runner.submit("export-analysis", lambda token: export_analysis(analysis, fmt, path),
                           on_result=lambda p: self.status_label.setText(f"Analysis saved to {p}"),
                           on_error=lambda exc, tb: self.report_error(
                               # which file and why, as the consent and comparison exports say it
                               f"Could not save the analysis: {exc}" if isinstance(exc, TermsError)
                               else "Could not save the analysis", exc, tb))

    def show_shortcuts(self) -> ShortcutsDialog:
        menus = [a.menu() for a in self.menuBar().actions() if a.menu() is not None]
        return self._present("shortcuts", lambda: ShortcutsDialog(menus, self))

    def show_about(self) -> AboutDialog:
        from terms import __version__

        return self._present("about", lambda: AboutDialog(__version__, self))

    # -- links ---------------------------------------------------------------------------

    def confirm_open_link(self, url: str) -> bool:
        answer = QMessageBox.question(
            self, "Open link?",
            f"Open this address in your web browser?\n\n{url}\n\nClearTerms itself never loads links.",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl(url))
            return True
        return False

    # -- settings ------------------------------------------------------------------------

    def _export_dir(self) -> Path:
        """Where exports go by default: the user's documents folder (never a folder of sources)."""
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def _last_dir(self) -> str:
        return str(self.settings.value("paths/last_dir", str(Path.home())))

    def _last_path(self) -> str | None:
        value = self.settings.value("session/last_path")
        return str(value) if value else None

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: str) -> None:
        recent = _distinct_files([path, *self.recent_files()])
        self.settings.setValue("recent/files", recent[:MAX_RECENT])
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        recent = _distinct_files(self.recent_files())  # lists saved before duplicates were merged
        for i, (path, label) in enumerate(zip(recent, recent_labels(recent), strict=True), 1):
            action = self.recent_menu.addAction(f"&{i % 10} {label.replace('&', '&&')}")
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_paths([Path(p)]))
        self.recent_menu.setEnabled(bool(recent))

    def _save_library(self) -> None:
        self.settings.setValue("library/entries", self.library.to_json())

    # -- pane widths ---------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_panes()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_panes()  # a window sized before it was shown had no resize event since

    def _panes_dragged(self, _pos: int, _index: int) -> None:
        self._panes_moved = True

    def _fit_panes(self) -> None:
        """Share the width out so the flag list stays readable on a narrow window.

        Proportional shrinking left the flag list ~180 px at 1024 px (every title on four lines)
        while the details pane kept 268 px: the details pane now gives way first, down to its
        minimum, and the flag list keeps ``FLAG_SIDE`` (or a third of the tab when wider)."""
        if self._panes_moved or not self.details.isVisible() or not self.isVisible():
            return
        handles = sum(self.splitter.handleWidth() for _ in range(self.splitter.count() - 1))
        total = self.splitter.width() - handles
        if total <= 0:
            return
        library = max(self.library_view.minimumWidth(), min(PANES[0], total * PANES[0] // sum(PANES)))
        wanted = FLAG_SIDE + READER_MIN + TAB_FRAME
        details = max(self.details.minimumWidth(), min(PANES[2], total - library - wanted))
        self.splitter.setSizes([library, total - library - details, details])
        inner = self.document_view.splitter
        room = inner.width() - inner.handleWidth()
        if room > 0:
            side = max(min(FLAG_SIDE, room - READER_MIN), room // 3)
            inner.setSizes([side, room - side])

    # -- start and close -----------------------------------------------------------------

    def start(self, paths: list[Path]) -> None:
        """After the window is shown: open ``paths``, or the sample on first run, or the last version.

        A first run that opens files given on the command line is a first run all the same: the
        next start shows the last document, not the sample."""
        first_run = not self.settings.value("session/first_run_done", False, type=bool)
        self.settings.setValue("session/first_run_done", True)
        if paths:
            self.open_paths(paths)
            return
        last = self._last_path()
        if first_run or not last or not Path(last).exists():
            self.open_sample()
            if first_run:
                self.show_info(WELCOME_HEADLINE, WELCOME)
        else:
            self.open_file(Path(last))

    @staticmethod
    def _sample_path() -> Path:
        from terms.resources import resource_path

        return resource_path("samples", FIRST_RUN_SAMPLE)

    def open_sample(self) -> None:
        sample = self._sample_path()
        if sample.exists():
            self.open_file(sample)
        else:
            self.show_info("Open a terms document to begin", "Use File ▸ Open, or drop a file on the window.")

    def has_unsaved_work(self) -> bool:
        return self.consent_view.has_unsaved()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape cancels the running job, as its Cancel button does (a widget that uses Escape
        itself, the find bar or a dialog, takes it first)."""
        if event.key() == Qt.Key.Key_Escape and self.cancel_button.isVisible():
            self.cancel_batch()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.consent_view.settle_unsaved("closing the window"):
            event.ignore()
            return
        if self.consent_view.recording:
            # Decisions are being written (perhaps waiting for another program's lock): closing now
            # would hold the window frozen until they are, and hide a failure. Close once written.
            self._close_when_recorded = True
            self.statusBar().showMessage("The window closes once the decisions being recorded are stored…")
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self._save_library()
        self.settings.sync()
        for key in ("analyse", "batch", "compare"):
            self.runner.cancel(key)
        self.runner.wait(5000)
        self.consent_service.close(10000)
        logging.getLogger().removeHandler(self._log_handler)
        event.accept()

    def _recorded_before_close(self) -> None:
        if self._close_when_recorded:
            self._close_when_recorded = False
            QTimer.singleShot(0, self.close)   # once the view has finished taking the result

    def _record_failed_before_close(self) -> None:
        """The decisions the window was waiting for could not be written: stay open and show why
        (they are still chosen, so closing again asks about them)."""
        if self._close_when_recorded:
            self._close_when_recorded = False
            self.tabs.setCurrentWidget(self.consent_view)
            self.statusBar().showMessage("The window stayed open: the decisions could not be recorded "
                                         "(see the Consent tab).")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)


def _joined(status: str, note: str) -> str:
    return f"{status}. {note}" if note else status


def _distinct_files(paths: list[str]) -> list[str]:
    """``paths`` without later spellings of a file already listed (``a/../b.md`` and ``b.md``,
    a link and its target)."""
    seen: set[Path] = set()
    kept: list[str] = []
    for path in paths:
        resolved = Path(path).resolve()
        if resolved not in seen:
            seen.add(resolved)
            kept.append(path)
    return kept


def recent_labels(paths: list[str]) -> list[str]:
    """The Recent Files label of each path: its file name, with as many parent folders in front
    as tell it from another entry of the same name (``2025/terms.md``, ``2026/terms.md``)."""
    parts = [Path(p).parts for p in paths]
    labels: list[str] = []
    for mine in parts:
        depth = 1
        while depth < len(mine) and any(other != mine and other[-depth:] == mine[-depth:] for other in parts):
            depth += 1
        labels.append(str(Path(*mine[-depth:])))
    return labels


def _each_file_once(files: list[Path]) -> list[Path]:
    """``files`` without a second spelling of one already listed ("a/../terms.md", a link to it, a
    folder and a file in it chosen together): one file read twice became two library entries."""
    seen: set[str] = set()
    once: list[Path] = []
    for path in files:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            once.append(path)
    return once

"""The consent view: a member answers each topic question for the open document version.

Each topic shows its question, the clauses of this version that bear on it, the
member's current decision and its history, and a "needs re-review" badge with what
changed when a newer version altered those clauses. Choices are staged with
Allow / Refuse / Withdraw and written together, in one transaction, by "Record decisions".
Staged but unrecorded choices are unsaved work: whatever would drop them (closing the
window, another document, another member) first asks to record or discard them.
"""

from __future__ import annotations

import logging
import re
from functools import partial
from html import escape
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.announce import announce
from desktop.gui.consent_service import (
    ConsentPicture,
    ConsentService,
    describe_failure,
    load_picture,
    record_batch,
)
from desktop.gui.engine import Analysed
from desktop.gui.theme import label_colour, severity_colours
from desktop.gui.views.compare_view import BETTER, EFFECT_LABELS, WORSE
from desktop.gui.views.document_view import clause_ref
from terms import wording
from terms.consent.clauses import leading_number, word_runs
from terms.consent.model import ClauseRef
from terms.consent.store import series_service, shown_name
from terms.model import Severity
from terms.topics import Topic

log = logging.getLogger("clearterms.gui.consent")

# A decision's colour says its state, as in the HTML and PDF reports (terms.export.report_html), not
# whether it is good for the member: green, allowed and in force (the data may flow); red, refused
# or withdrawn (it may not); amber, a consent that lapsed (the terms changed, or it expired) and waits
# for the member. Blue, the neutral colour, is no decision at all. The colours are the severity
# palettes' marks, which have a light and a dark shade and keep a label readable on them.
GREEN, RED, AMBER, BLUE = Severity.PROTECTIVE, Severity.CONCERN, Severity.CAUTION, Severity.INFO
STATUS_TEXT = {
    "given": ("Allowed", GREEN),
    "refused": ("Refused", RED),
    "withdrawn": ("Withdrawn", RED),
    "invalidated": ("Needs re-review", AMBER),
    "expired": ("Expired", AMBER),
}
NOT_ANSWERED = ("Not answered", BLUE)
#: not answered, and new since the member last answered on this document (no clause bore on it then)
NEW_QUESTION = ("New question", BLUE)
# No Alt+letter on the per-question buttons: eight cards would share each letter (and steal
# Alt+R from "Record decisions"); Tab reaches every button and Space presses it. (They are not in a
# QButtonGroup: Qt takes a group's other buttons out of the Tab order once one has the focus.)
CHOICES = (("given", "Allow"), ("refused", "Refuse"), ("withdrawn", "Withdraw"))
#: what each answer means, on its button's tooltip: Refuse and Withdraw read alike
CHOICE_HELP = {
    "given": "You agree to this use of your data or posts, for this version of the terms.",
    "refused": "You do not agree to this use. A refusal stays in force when the terms change.",
    "withdrawn": "You take back a consent you gave: it ends from now on, though what was done while "
                 "it stood stays done.",
}
CHOSEN_MARK = "\u2713 "  # prefixed to the chosen answer's button: a shade alone is too faint to tell
#: ... which also stands out by its outline and weight
CHOSEN_STYLE = ("QPushButton:checked { font-weight: bold; border: 2px solid palette(highlight);"
                " border-radius: 3px; padding: 3px 10px; }")


#: characters of a clause added or removed that a re-review card quotes: the sample's AI-training
#: clause (250) lost "Models trained on Member Content are not deleted" at 200
WHOLE_CLAUSE_CHARS = 600


def change_html(old: str | None, new: str | None, deleted_colour: str, inserted_colour: str) -> str:
    """What changed in a clause, in words: only the changed runs, with a few words around them.

    The words are those ``clearterms consent review`` marks (:func:`terms.consent.clauses.word_runs`),
    so the card and the command line show the same change.
    """
    if not old or not new:   # a clause added or removed: whole, or its whole sentences up to a length
        text = " ".join((new or old or "").split())
        if len(text) > WHOLE_CLAUSE_CHARS:
            cut = text[:WHOLE_CLAUSE_CHARS]
            end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
            text = (cut[:end + 1] if end > 0 else cut.rsplit(" ", 1)[0]) + " …"
        return escape(text)
    styled = {"same": "{}", "removed": f'<s style="background:{deleted_colour}">{{}}</s>',
              "added": f'<span style="background:{inserted_colour}">{{}}</span>'}
    return " ".join(styled[run.kind].format(escape(" ".join(run.words))) for run in word_runs(old, new))


def promises_html(old: str | None, new: str | None, company: str | None) -> list[str]:
    """One indented line per party a definition now lists or no longer does ("Worse for you:
    “Clients” now also include …"), then per promise the change rewords, drops or adds ("Worse for
    you: weakens a promise: adds “may”, “unless”"): the word diff shows words coming in, not what
    they do. ``company``: the service's name, which the terms may use for "we"."""
    from terms.compare.parties import definition_notes
    from terms.compare.promises import promise_notes

    lines = []
    for weaker, what in definition_notes(old, new) + promise_notes(old, new, company):
        colour = severity_colours(Severity.CONCERN if weaker else Severity.PROTECTIVE).text.name()
        label = EFFECT_LABELS[WORSE if weaker else BETTER]
        lines.append(f'&nbsp;&nbsp;&nbsp;<b style="color:{colour}">{label}:</b> {escape(what)}')
    return lines


def _unnumbered(quote: str, clause_id: str) -> str:
    """A clause's text without the number it starts with, for a line that names it already."""
    return quote.lstrip().removeprefix(leading_number(ClauseRef(clause_id, "", quote))).lstrip()


def _badge(label: QLabel, text: str, level: Severity) -> None:
    colours = severity_colours(level)
    label.setText(f" {text} ")
    label.setStyleSheet(f"background:{colours.mark.name()}; color:{label_colour(colours.mark).name()}; "
                        "border-radius:3px; padding:2px 6px;")
    label.setAccessibleName(f"Status: {text}")


#: a card lists this many clause links and changes at most, then says how many more there are: a
#: document of 50,000 clauses made one card of 50,000 links and held the window for 15 s
MAX_CLAUSE_LINKS = 12
MAX_CHANGES_SHOWN = 20
#: clauses a new question's card quotes (the sample's AI question has two)
MAX_NEW_CLAUSES_QUOTED = 5

class LinkLabel(QLabel):
    """A label of links that Tab enters at its first link (Shift+Tab at its last).

    A plain QLabel takes one Tab stop of its own, showing nothing, before its first link: every
    consent card had an invisible stop."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        if reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason) \
                and not self.hasSelectedText():
            self.focusNextPrevChild(reason is Qt.FocusReason.TabFocusReason)


class TopicCard(QFrame):
    choice_changed = Signal()
    clause_requested = Signal(str)

    def __init__(self, topic: Topic, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.topic = topic
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(topic.question)
        self.question = QLabel(topic.question)
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.status = QLabel()
        self.help = QLabel(topic.help)
        self.help.setWordWrap(True)
        self.clauses = LinkLabel()
        self.clauses.setWordWrap(True)
        self.clauses.setTextFormat(Qt.TextFormat.RichText)
        self.clauses.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.clauses.linkActivated.connect(self._link)
        self.clauses.setAccessibleName(f"Clauses that bear on it: {topic.short}")
        self.changes = QLabel()
        self.changes.setWordWrap(True)
        self.changes.setTextFormat(Qt.TextFormat.RichText)
        row = QHBoxLayout()
        buttons = []
        for status, text in CHOICES:
            button = QPushButton(text)
            button.setCheckable(True)
            button.setProperty("status", status)
            button.setProperty("label", text)
            button.setAccessibleName(f"{text}: {topic.short}")
            button.setToolTip(CHOICE_HELP[status])
            button.setAccessibleDescription(CHOICE_HELP[status])
            button.setStyleSheet(CHOSEN_STYLE)  # on the button: a card-wide style sheet re-lays the card out
            bold = QFont(button.font())
            bold.setBold(True)  # wide enough for "✓ Refuse" in bold, so that choosing does not clip it
            button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(CHOSEN_MARK + text) + 28)
            button.toggled.connect(partial(self._toggled, button))
            buttons.append(button)
            row.addWidget(button)
        self.choice_buttons: tuple[QPushButton, ...] = tuple(buttons)
        # on a line of its own, wrapped: beside the buttons it widened every card past a 1024-pixel
        # window (a horizontal scroll bar, History out of sight), and wrapping there mis-sized the card
        self.pending = QLabel()
        self.pending.setWordWrap(True)
        self.pending.setTextFormat(Qt.TextFormat.PlainText)
        self.pending.setAccessibleName(f"Answer not recorded yet: {topic.short}")
        self.pending.hide()
        row.addStretch(1)
        self.history_button = QPushButton("History")
        self.history_button.setCheckable(True)
        self.history_button.setAccessibleName(f"History: {topic.short}")
        row.addWidget(self.history_button)
        self.history = QListWidget()
        self.history.setAccessibleName(f"Decision history: {topic.short}")
        self.history.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)  # six entries, at any font size
        self.history.hide()
        self.history_button.toggled.connect(self.history.setVisible)
        head = QHBoxLayout()
        head.addWidget(self.question, 1)
        head.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.help)
        layout.addWidget(self.clauses)
        layout.addWidget(self.changes)
        layout.addLayout(row)
        layout.addWidget(self.pending)
        layout.addWidget(self.history)
        self._status: str | None = None
        self.set_state(None, (), None, [])

    def _link(self, link: str) -> None:
        self.clause_requested.emit(link.removeprefix("clause:"))

    def set_enabled(self, enabled: bool) -> None:
        """Enable the choices; Withdraw only where there is a consent to withdraw."""
        for b in self.choice_buttons:
            withdrawable = self._status in {"given", "invalidated", "expired"}
            b.setEnabled(enabled and (b.property("status") != "withdrawn" or withdrawable))

    def _toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:  # exclusive by hand, so that a second click can clear the choice
            for other in self.choice_buttons:
                if other is not button and other.isChecked():
                    other.blockSignals(True)
                    other.setChecked(False)
                    other.blockSignals(False)
        self._mark_chosen()
        self.choice_changed.emit()

    def _mark_chosen(self) -> None:
        """Say in words which answer is chosen and not recorded: on its button and beside the row."""
        chosen = None
        for b in self.choice_buttons:
            label = str(b.property("label"))
            b.setText(CHOSEN_MARK + label if b.isChecked() else label)
            if b.isChecked():
                chosen = label
        self.pending.setText(f"Chosen: {chosen}. Not recorded until you press Record decisions."
                             if chosen else "")
        self.pending.setVisible(chosen is not None)

    def staged(self) -> str | None:
        """The choice made but not yet recorded, if any."""
        for b in self.choice_buttons:
            if b.isChecked():
                return str(b.property("status"))
        return None

    def stage(self, status: str | None) -> None:
        for b in self.choice_buttons:
            b.setChecked(b.property("status") == status)

    def focus_chain(self) -> list[QWidget]:
        """The card's keyboard stops in screen order."""
        return [self.clauses, *self.choice_buttons, self.history_button, self.history]

    def set_state(self, state, clauses: tuple, review, events: list, document=None,
                  superseded: bool = False, version_names: dict[str, str] | None = None,
                  new_since: str | None = None) -> None:
        """Show the member's decision on this question; ``superseded``: ``document`` is not the newest
        stored version of its series; ``version_names``: how the history names each version;
        ``new_since``: the version the member last answered on, where no clause bore on this
        question (:class:`~terms.consent.model.NewQuestion`)."""
        status = str(state.status) if state is not None else None
        self._status = status
        text, level = STATUS_TEXT.get(status, NEW_QUESTION if new_since else NOT_ANSWERED)
        _badge(self.status, text, level)
        if clauses:
            # the link colour named: a label keeps the colour it was first laid out in, and after a
            # theme switch dark blue stood on the dark background
            ink = QApplication.palette().link().color().name()
            links = ", ".join(f'<a href="clause:{escape(c.clause_id)}" style="color:{ink}">'
                              f"{escape(clause_ref(document, c.clause_id) if document else c.clause_id)}</a>"
                              for c in clauses[:MAX_CLAUSE_LINKS])
            if len(clauses) > MAX_CLAUSE_LINKS:
                links += (f" and {len(clauses) - MAX_CLAUSE_LINKS:,} more (the Document tab's flag list "
                          "shows them all)")
            self.clauses.setText(f"Clauses in this version that bear on it: {links}")
        else:
            self.clauses.setText("No clause in this version bears on this question.")
        if review is not None:
            deleted = severity_colours(Severity.CONCERN).evidence.name()
            # (blue, as in the Compare tab: added words are no better news than deleted ones)
            inserted = severity_colours(Severity.INFO).evidence.name()
            # shown an older version than the one that changed the clauses, whose clauses it lacks
            elsewhere = superseded and document is not None and review.new_document != document.sha256
            lines = []
            for change in review.changes[:MAX_CHANGES_SHOWN]:
                where = (clause_ref(document, change.clause_id) if document and not elsewhere
                         else _section(change.clause_id))
                if change.old_clause_id:   # renumbered as it changed
                    where = f"{_section(change.old_clause_id)} → {where}"
                old, new = change.old_quote, change.new_quote
                if not (old and new):   # quoted whole after "§7.7 added:": without its number again
                    old, new = (_unnumbered(q, change.clause_id) if q else q for q in (old, new))
                lines.append(f"• <b>{escape(where)} {escape(change.change)}:</b> "
                             + change_html(old, new, deleted, inserted))
                lines += promises_html(change.old_quote, change.new_quote, series_service(review.series))
            if len(review.changes) > MAX_CHANGES_SHOWN:
                lines.append(f"… and {len(review.changes) - MAX_CHANGES_SHOWN:,} more changes (the Compare "
                             "tab shows them all)")
            if status == "refused":   # a refusal stands whatever the new words: no answer is asked for
                head = "The terms changed since you refused this; your refusal still stands:"
            elif status == "withdrawn":   # ... and so does a withdrawal
                head = "The terms changed since you withdrew this; your withdrawal still stands:"
            else:
                head = ("A newer version changed the terms since you allowed this; open it to answer again:"
                        if elsewhere else "The terms changed since you allowed this:")
            self.changes.setText(f"<b>{head}</b><br>" + "<br>".join(lines))
            self.changes.show()
        elif new_since is not None:
            # the clauses that ask it, quoted as a re-review card quotes an added clause: the reason
            # the question is here is in their words, not in the links above
            lines = [f"• <b>{escape(clause_ref(document, c.clause_id) if document else c.clause_id)}:</b> "
                     + change_html(None, _unnumbered(c.quote, c.clause_id), "", "")
                     for c in clauses[:MAX_NEW_CLAUSES_QUOTED]]
            if len(clauses) > MAX_NEW_CLAUSES_QUOTED:
                lines.append(f"… and {len(clauses) - MAX_NEW_CLAUSES_QUOTED:,} more (linked above)")
            self.changes.setText(f"<b>New since you last answered on this document ({escape(new_since)}): "
                                 "no clause of that version bore on this question. Now:</b><br>"
                                 + "<br>".join(lines))
            self.changes.show()
        else:
            self.changes.hide()
        self.history.clear()
        by_prefix = {sha[:12]: name for sha, name in (version_names or {}).items()}
        for event in events:
            label = STATUS_TEXT.get(str(event.status), (str(event.status), None))[0]
            when = event.recorded_at[:19].replace("T", " ")
            # an invalidation's note names the earlier version by its hash: name it as the list does
            note = _SINCE_HASH.sub(lambda m: f"{m[1]}the {by_prefix[m[2]]} version" if m[2] in by_prefix
                                   else m[0], event.note or "")
            note = f" — {note}" if note else ""
            version = (version_names or {}).get(event.document_sha256) or event.document_sha256[:12]
            self.history.addItem(f"{when} UTC  {label}  on {version}{note}")
        self.history_button.setEnabled(bool(events))
        self.history_button.setText(f"History ({len(events)})")
        self.set_enabled(False)  # the view enables the choices once it knows who decides


_SINCE_HASH = re.compile(r"(terms changed since )([0-9a-f]{12})\b")


def _section(clause_id: str) -> str:
    """A clause id of a version not shown, as a reference: "§7.7" for a numbered one."""
    return f"§{clause_id}" if clause_id[:1].isdigit() else clause_id


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class ConsentView(QWidget):
    """Shows and records one member's decisions on the open document version."""

    clause_requested = Signal(str)
    error = Signal(str, str, object, str)       # headline, hint, exception, traceback
    reviews_changed = Signal(int)               # topics needing re-review for this member
    recorded = Signal(int)                      # how many decisions were written
    record_failed = Signal()                    # a batch of decisions could not be written

    def __init__(self, service: ConsentService, topics: tuple[Topic, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.topics = topics
        self.analysed: Analysed | None = None
        self.series: str = ""
        self._refiled = False           # the open version was filed under another document (set_document)
        self.version_label: str | None = None
        self.picture: ConsentPicture | None = None
        self.member_name: str | None = None
        self.load_failed = False        # the last load failed: an error page with Retry is shown
        self.recording = False          # a batch of decisions is being written
        self._focus_after_load: QWidget | None = None  # where the keyboard focus was when recording began
        self._loading = False
        self._records = 0               # numbers record jobs, so that none replaces another's callbacks

        self.member_combo = QComboBox()
        self.member_combo.setAccessibleName("Member")
        self.member_combo.setMinimumWidth(180)
        self.new_member_button = QPushButton("&New member…")
        self.document_label = QLabel()
        self.document_label.setWordWrap(True)
        self.document_label.setTextFormat(Qt.TextFormat.PlainText)
        self.review_label = QLabel()
        self.review_label.setWordWrap(True)
        self.review_label.setTextFormat(Qt.TextFormat.PlainText)
        self.review_label.hide()
        top = QHBoxLayout()
        top.addWidget(QLabel("&Member:", buddy=self.member_combo))
        top.addWidget(self.member_combo)
        top.addWidget(self.new_member_button)
        top.addWidget(self.document_label, 1)

        self.cards: dict[str, TopicCard] = {}
        body = QWidget()
        self.cards_layout = QVBoxLayout(body)
        for topic in topics:
            card = TopicCard(topic)
            card.choice_changed.connect(self._update_record_button)
            card.clause_requested.connect(self.clause_requested)
            self.cards[topic.id] = card
            self.cards_layout.addWidget(card)
        self.cards_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName("Consent questions")
        self.questions = scroll

        # Shown instead of the questions when the records could not be read: no made-up answers.
        self.error_page = QFrame()
        self.error_page.setAccessibleName("Consent records unavailable")
        self.error_title = QLabel()
        self.error_title.setWordWrap(True)
        self.error_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.error_title.font()
        font.setBold(True)
        self.error_title.setFont(font)
        self.error_hint = QLabel()
        self.error_hint.setWordWrap(True)
        self.error_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = QPushButton("Retr&y")
        self.retry_button.setAccessibleName("Retry reading the consent records")
        error_layout = QVBoxLayout(self.error_page)
        error_layout.addWidget(self.error_title)
        error_layout.addWidget(self.error_hint)
        error_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        error_layout.addStretch(1)
        # before any document is open: the questions would read "No clause in this version bears on
        # this question", of a version there is not
        self.no_document_page = QLabel("Open a document to record what you agree to share under it "
                                       "(File ▸ Open, Ctrl+O). Each decision is tied to the exact version "
                                       "of the terms you read.")
        self.no_document_page.setWordWrap(True)
        self.no_document_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pages = QStackedWidget()
        self.pages.addWidget(scroll)
        self.pages.addWidget(self.error_page)
        self.pages.addWidget(self.no_document_page)
        self.pages.setCurrentWidget(self.no_document_page)

        self.record_button = QPushButton("&Record decisions")
        self.discard_button = QPushButton("D&iscard choices")
        self.status_line = QLabel()
        self.status_line.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_line, 1)
        bottom.addWidget(self.discard_button)
        bottom.addWidget(self.record_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.review_label)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)

        self.member_combo.activated.connect(lambda _i: self._member_chosen(self.member_combo.currentText()))
        self.new_member_button.clicked.connect(self.ask_new_member)
        self.record_button.clicked.connect(self.record_staged)
        self.discard_button.clicked.connect(self.discard_staged)
        self.retry_button.clicked.connect(lambda: self.reload())
        self._refresh_enabled()

    # -- loading -------------------------------------------------------------------------

    def set_document(self, analysed: Analysed, series: str, version_label: str | None, *,
                     refiled: bool = False, title: str | None = None) -> None:
        """Show ``analysed``; choices staged on the same text are kept, others are settled first.
        ``refiled``: the user filed it under the document of ``series`` (see :func:`load_picture`);
        ``title``: the document's name as the library gives it (an untitled text file's full
        path stood in the header)."""
        same_text = self.analysed is not None and self.analysed.key == analysed.key
        if not same_text and self.has_unsaved():
            self.settle_unsaved("showing another document", cancellable=False)
        self.analysed = analysed
        self.series = series
        self.version_label = version_label
        self._refiled = refiled
        if not same_text:
            self.discard_staged()
            # another version: its questions from the top, where those to review again come first
            self.questions.verticalScrollBar().setValue(0)
        self.document_label.setText(f"Decisions on: {title or analysed.document.display_name}"
                                    + (f" — version {version_label}" if version_label else ""))
        self.reload()

    def reload(self, note: str = "") -> None:
        """Read the member's records for the open version; ``note`` stays in the status line after."""
        if self.analysed is None:
            return
        analysis, member, series = self.analysed.analysis, self.member_name, self.series
        label, refiled = self.version_label, self._refiled
        self._loading = True
        self._refresh_enabled()
        self.status_line.setText("Loading consent records…")
        self.service.submit(
            "load", lambda store: load_picture(store, analysis, member, series, label, refiled=refiled),
            lambda picture: self._show(picture, note), self._load_failed)

    def _load_failed(self, exc: BaseException, tb: str) -> None:
        self._loading = False
        self.load_failed = True
        self.picture = None
        # also shown in the window's banner, away from this tab's Retry button
        headline, hint = describe_failure("Could not read the consent records", exc,
                                          self.service.db_display, "press Retry on the Consent tab")
        if not hint:
            hint = "This is a bug in ClearTerms. The log has the details; please report them."
        self.error_title.setText(headline)
        self.error_hint.setText(hint)
        self.pages.setCurrentWidget(self.error_page)
        self.review_label.hide()
        self._refresh_enabled()
        self.status_line.setText("Consent records unavailable: nothing here is shown or recorded until "
                                 "they can be read.")
        self.error.emit(headline, hint, exc, tb)

    def _failed(self, action: str, exc: BaseException, tb: str, retry: str = "try again") -> None:
        headline, hint = describe_failure(action, exc, self.service.db_display, retry)
        self.status_line.setText(headline)
        self.error.emit(headline, hint, exc, tb)

    def _show(self, picture: ConsentPicture, note: str = "") -> None:
        self._loading = False
        self.load_failed = False
        self.pages.setCurrentIndex(0)
        self.picture = picture
        self.member_name = picture.member
        self.member_combo.blockSignals(True)
        self.member_combo.clear()
        self.member_combo.addItems(list(picture.members))
        if picture.member:
            self.member_combo.setCurrentText(picture.member)
        self.member_combo.blockSignals(False)
        order = sorted(self.topics, key=lambda t: (not picture.document.clauses_for(t.id),
                                                   t.id not in picture.reviews,
                                                   t.id not in picture.new_questions))
        for i, topic in enumerate(order):
            card = self.cards[topic.id]
            self.cards_layout.insertWidget(i, card)
            review = picture.reviews.get(topic.id) or picture.kept_refusals.get(topic.id)
            card.set_state(picture.states.get(topic.id), picture.document.clauses_for(topic.id),
                           review, list(picture.history.get(topic.id, ())),
                           self.analysed.document if self.analysed else None, superseded=bool(picture.newer),
                           version_names=picture.version_names, new_since=picture.new_questions.get(topic.id))
        # moving cards in the layout leaves the Tab order as they were first added: follow the screen
        chain: list[QWidget] = [self.member_combo, self.new_member_button]
        for topic in order:
            chain += self.cards[topic.id].focus_chain()
        chain += [self.discard_button, self.record_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self._refresh_enabled()
        n = len(picture.reviews)
        lines = []
        if n and picture.newer:
            lines.append(f"⚠ {_plural(n, 'decision')} need{'' if n != 1 else 's'} re-review: version "
                         f"{picture.newer} changed the terms since you answered. Open it (Library) to see "
                         "what changed and answer again.")
        elif n:
            lines.append(f"⚠ {_plural(n, 'decision')} need{'' if n != 1 else 's'} re-review: the terms "
                         "changed since you answered. Each marked question shows what changed.")
        if picture.new_questions:
            k = len(picture.new_questions)
            questions = {t.id: t.question for t in self.topics}
            lines.append(f"{_plural(k, 'question')} {'is' if k == 1 else 'are'} new since you last answered "
                         "on this document: " + " ".join(questions[tid] for tid in picture.new_questions))
        if picture.newer:
            lines.append(f"This is not the latest version: {picture.newer} is newer. Decisions recorded "
                         "here apply to this older text.")
        if picture.others_to_review:
            # each name isolated, so a right-to-left one keeps its count after it; "; " apart, as
            # names may hold commas
            waiting = "; ".join(f"{wording.isolated(name)} ({k})"
                                for name, k in picture.others_to_review.items())
            lines.append(f"Other members have decisions to re-review here: {waiting}. Choose each under "
                         "Member to answer again.")
        if lines:
            self.review_label.setText("\n".join(lines))
            self.review_label.setStyleSheet(f"color: {severity_colours(AMBER).text.name()};"
                                            "font-weight: bold;")
        self.review_label.setVisible(bool(lines))
        if picture.read_only:
            note = ("This consent store cannot be written (read-only media or permissions): decisions are "
                    "shown, checked and exported, but not recorded.")
        elif picture.member is None:
            note = "Create a member (New member…) to record decisions."
        if picture.note:
            note = f"{picture.note} {note}".strip()
        self.status_line.setText(note)
        announce(self.status_line, note)
        target, self._focus_after_load = self._focus_after_load, None
        if target is not None and target.isEnabled() and target.isVisible():
            target.setFocus()
        self.reviews_changed.emit(n)

    def _refresh_enabled(self) -> None:
        """Choices can be made only on loaded records, for a chosen member, while nothing is being written."""
        ready = (self.picture is not None and self.picture.member is not None and not self._loading
                 and not self.recording and not self.load_failed and not self.picture.read_only)
        for card in self.cards.values():
            card.set_enabled(ready)
        # records that cannot be read are not written to either, whoever the member
        usable = not self.recording and not self.load_failed
        self.member_combo.setEnabled(usable)
        writable = self.picture is None or not self.picture.read_only
        self.new_member_button.setEnabled(usable and writable)
        self._update_record_button()

    # -- members -------------------------------------------------------------------------

    def _member_chosen(self, name: str) -> None:
        if not name or name == self.member_name:
            return
        if not self.settle_unsaved(f"switching to {name}"):
            self.member_combo.setCurrentText(self.member_name or "")
            return
        self.member_name = name
        self.discard_staged()
        self.reload()

    def ask_new_member(self) -> None:
        if not self.settle_unsaved("adding a member"):
            return
        name, ok = QInputDialog.getText(self, "New member", "Name of the member (as it appears on records):")
        if ok and name.strip():
            self.add_member(name.strip())

    def add_member(self, name: str) -> None:
        if self.load_failed:  # the store could not be read: nothing is written to it until it can
            self.status_line.setText(f"Not adding {shown_name(name)}: the consent records cannot be read. "
                                     "Press Retry once the store is restored.")
            return

        def added(member: object) -> None:
            if self.has_unsaved():  # staged while the member was being added: they are the old member's
                self.settle_unsaved(f"switching to {name}", cancellable=False)
            self.member_name = getattr(member, "name", name)
            self.reload()

        self.service.submit("member", lambda store: store.add_member(name), added,
                            lambda exc, tb: self._failed("Could not add the member", exc, tb))

    # -- recording -----------------------------------------------------------------------

    def staged(self) -> dict[str, str]:
        return {tid: s for tid, card in self.cards.items() if (s := card.staged())}

    def has_unsaved(self) -> bool:
        return bool(self.staged())

    def discard_staged(self) -> None:
        for card in self.cards.values():
            card.stage(None)
        self._update_record_button()

    def settle_unsaved(self, doing: str, *, cancellable: bool = True) -> bool:
        """Before ``doing`` drops the staged choices, ask: Record them, Discard them or Cancel.

        Returns False when the user cancels (the caller then does nothing); True once the choices
        are being recorded or were discarded, or when there were none.
        """
        staged = self.staged()
        if not staged or self.recording:
            return True     # nothing to lose, or the choices shown are being written (failures are reported)
        can_record = self.picture is not None and self.picture.member is not None
        verb = "is" if len(staged) == 1 else "are"
        box = QMessageBox(QMessageBox.Icon.Question, "Unsaved consent choices",
                          f"You chose {_plural(len(staged), 'answer')} that {verb} not recorded yet, "
                          f"and {doing} would drop {'it' if len(staged) == 1 else 'them'}. Record "
                          f"{'it' if len(staged) == 1 else 'them'} first?", parent=self)
        buttons = QMessageBox.StandardButton.Discard
        if can_record:
            buttons |= QMessageBox.StandardButton.Save
        if cancellable:
            buttons |= QMessageBox.StandardButton.Cancel
        box.setStandardButtons(buttons)
        if can_record:
            box.button(QMessageBox.StandardButton.Save).setText("&Record")
            box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = QMessageBox.StandardButton(box.exec())
        if answer == QMessageBox.StandardButton.Save and can_record:
            if self.record_staged():
                self.discard_staged()   # they are in the job now; a failure is reported in the banner
                return True
            if cancellable:
                return False
            answer = QMessageBox.StandardButton.Discard
        if answer == QMessageBox.StandardButton.Discard or not cancellable:
            self.discard_staged()
            return True
        return False

    def _update_record_button(self) -> None:
        if self.recording:
            self.record_button.setText("Recording…")
            self.record_button.setEnabled(False)
            self.discard_button.setEnabled(False)
            return
        n = len(self.staged())
        self.record_button.setText(f"&Record {_plural(n, 'decision')}" if n else "&Record decisions")
        ready = bool(n and self.picture and self.picture.member and not self._loading)
        self.record_button.setEnabled(ready)
        self.discard_button.setEnabled(bool(n))

    def _confirm_older_version(self) -> bool:
        """Recording on a superseded version is allowed (history is sometimes entered late) but asked."""
        if self.picture is None or not self.picture.newer:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "Older version",
                          f"This is not the latest version of the document: {self.picture.newer} is "
                          "newer. Record these decisions on this older text anyway?", parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Save).setText("&Record anyway")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Save

    def record_staged(self) -> bool:
        """Write the staged choices as one batch; the button stays disabled until it is written.

        Returns whether the batch was sent to the store (not whether it was written: that is
        reported when it ends).
        """
        staged = self.staged()
        if self.recording or not staged or not self.picture or not self.picture.member:
            return False
        if not self._confirm_older_version():
            return False
        member, sha = self.picture.member, self.picture.document.sha256
        pack = self.analysed.analysis.pack
        # the choices are disabled while they are written, and Qt moves the keyboard focus on to
        # whatever comes next (a clause link of another card): it comes back once they are shown
        focused = QApplication.focusWidget()
        first_card = self.cards[next(iter(staged))]
        self._focus_after_load = (focused if focused is not None and self.isAncestorOf(focused)
                                  and focused is not self.record_button else first_card.choice_buttons[0])
        self.recording = True
        self._refresh_enabled()
        self.status_line.setText(f"Recording {_plural(len(staged), 'decision')}…")

        def done(count: int) -> None:
            self.recording = False
            log.info("recorded %s for %s", wording.count(count, "consent decision"), member)
            shown = self.picture
            if shown is not None and (shown.member, shown.document.sha256) == (member, sha):
                self.discard_staged()
            self.recorded.emit(count)
            self.reload(note=f"Recorded {_plural(count, 'decision')}.")

        def failed(exc: BaseException, tb: str) -> None:
            self.recording = False
            self._focus_after_load = None  # nothing is reloaded: the choices stay where they are
            self._refresh_enabled()
            self._failed("Could not record the decisions", exc, tb, retry="press Record again")
            self.record_failed.emit()
            # the store may hold what another program recorded meanwhile (the reason for a refusal
            # such as "nothing to withdraw"): show it, keeping the choices made
            self.reload(note=self.status_line.text())

        self._records += 1
        self.service.submit(f"record-{self._records}",
                            lambda store: record_batch(store, member, sha, staged, pack), done, failed)
        return True

"""Consent flow: create a member, record decisions, history, store updated, re-review after a new version."""

from __future__ import annotations

from pathlib import Path

import pytest

from terms.consent import ConsentStatus, open_store
from tests.gui.conftest import SAMPLE, build_analysed


def _open_consent(window, qtbot, analysed) -> None:
    window._file_opened(analysed)
    window.tabs.setCurrentWidget(window.consent_view)
    qtbot.waitUntil(lambda: window.consent_view.picture is not None
                    and window.consent_view.picture.document.sha256 == analysed.key, timeout=15000)


def _add_member(window, qtbot, name: str) -> None:
    window.consent_view.add_member(name)
    qtbot.waitUntil(lambda: window.consent_view.picture.member == name, timeout=15000)


def _record(window, qtbot, choices: dict[str, str]) -> None:
    view = window.consent_view
    for topic, status in choices.items():
        view.cards[topic].stage(status)
    assert window.has_unsaved_work()
    before = view.picture
    view.record_button.click()
    qtbot.waitUntil(lambda: view.picture is not before and not view.has_unsaved(), timeout=15000)


def test_record_consent_updates_history_and_store(window, qtbot, analysed, tmp_path: Path) -> None:
    _open_consent(window, qtbot, analysed)
    view = window.consent_view
    assert view.picture.member is None
    assert not view.record_button.isEnabled()
    _add_member(window, qtbot, "dr-lee")
    card = view.cards["client-access"]
    assert "§1.1" in card.clauses.text()  # the clause that bears on it
    _record(window, qtbot, {"client-access": "refused", "content-use": "given"})
    assert card.status.text().strip() == "Refused"
    assert card.history.count() == 1 and "Refused" in card.history.item(0).text()
    # the version decided on is named as the library names it, not by a hash
    stored = view.picture.document
    assert card.history.item(0).text().split("  on ")[1] == stored.version_label != stored.sha256[:12]
    assert view.cards["content-use"].status.text().strip() == "Allowed"
    window.consent_service.wait()
    with open_store(str(tmp_path / "consent.db")) as store:
        states = {s.topic: s.status for s in store.current_state("dr-lee")}
        assert states == {"client-access": ConsentStatus.REFUSED, "content-use": ConsentStatus.GIVEN}
        event = store.history("dr-lee", topic="client-access")[0]
        assert event.document_sha256 == analysed.document.sha256
        assert event.clauses[0].clause_id == "1.1"
        assert store.verify().ok


def _open_next_version(window, qtbot, tmp_path: Path, text: str):
    """``text`` opened as the next version; returns it once the consent page shows it."""
    path = tmp_path / "next-version.txt"
    path.write_text(text, encoding="utf-8")
    analysed = build_analysed(text, path)
    window._file_opened(analysed)
    qtbot.waitUntil(lambda: window.consent_view.picture.document.sha256 == analysed.key, timeout=15000)
    return analysed


def test_new_version_needs_re_review_with_what_changed(window, qtbot, analysed, tmp_path: Path) -> None:
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    _record(window, qtbot, {"client-access": "given"})
    exported = SAMPLE.replace("read and search members' anonymous posts",
                              "read, search and export members' anonymous posts")
    _open_next_version(window, qtbot, tmp_path, exported)
    view = window.consent_view
    assert "client-access" in view.picture.reviews
    card = view.cards["client-access"]
    assert card.status.text().strip() == "Needs re-review"
    assert "export" in card.changes.text() and "<s " in card.changes.text()
    assert "1 to re-review" in window.tabs.tabText(window.consent_tab)
    assert view.review_label.isVisible()
    _record(window, qtbot, {"client-access": "refused"})
    assert not view.picture.reviews
    assert window.tabs.tabText(window.consent_tab) == "Consent"


def test_the_re_review_says_what_a_changed_clause_does_to_a_promise(window, qtbot, tmp_path: Path) -> None:
    promise = "We remove your name before a client sees a post."
    first = SAMPLE.replace("anonymous posts.", f"anonymous posts. {promise}")
    path = tmp_path / "promise-v1.txt"
    path.write_text(first, encoding="utf-8")
    _open_consent(window, qtbot, build_analysed(first, path))
    _add_member(window, qtbot, "dr-lee")
    _record(window, qtbot, {"client-access": "given"})
    hedged = first.replace("We remove your name", "We may remove your name")
    _open_next_version(window, qtbot, tmp_path, hedged)
    text = window.consent_view.cards["client-access"].changes.text()
    assert "<b style=\"color:" in text and "Worse for you:</b> weakens a promise: adds “may”" in text


def test_unsaved_choices_are_recorded_on_close(window, qtbot, analysed, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    window.consent_view.cards["tracking"].stage("refused")
    asked = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Save)
    window.close()
    assert asked, "closing with unrecorded choices must ask"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)   # closed once they are written
    with open_store(str(tmp_path / "consent.db")) as store:
        assert [s.status for s in store.current_state("dr-lee")] == [ConsentStatus.REFUSED]


def test_closing_without_unsaved_work_does_not_ask(window, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "exec", lambda box: (_ for _ in ()).throw(AssertionError))
    assert window.close()


def test_change_summary_shows_only_the_changed_words() -> None:
    from desktop.gui.views.consent_view import change_html

    tail = " posts in open rooms and in Anonymous Rooms. Clients may set up alerts for keywords."
    old = "7.2 Clients may read" + tail
    new = "7.2 Clients may read, export and keep" + tail
    html = change_html(old, new, "#f00", "#0f0")
    assert "7.2 Clients may read, <span style=\"background:#0f0\">export and keep</span> posts" in html
    assert "<s " not in html                       # "read" is kept, not removed and added again
    assert html.endswith("…") and "keywords" not in html
    html = change_html(old, new.replace("open rooms and in", "open rooms, in"), "#f00", "#0f0")
    assert "open rooms, <s style=\"background:#f00\">and</s> in Anonymous" in html
    assert change_html(None, "<b>new</b> clause", "#f00", "#0f0") == "&lt;b&gt;new&lt;/b&gt; clause"


def test_a_clause_added_is_quoted_whole_or_by_whole_sentences() -> None:
    """The sample's AI-training clause lost its last sentence ("Models trained on Member Content are
    not deleted when you delete your content.") when cut at 200 characters."""
    from desktop.gui.views.consent_view import WHOLE_CLAUSE_CHARS, change_html

    added = ("7.7 We may use Member Content, including anonymous posts and messages in private groups, "
             "to train and improve artificial intelligence models, both our own and those we license to "
             "Clients. Models trained on Member Content are not deleted when you delete your content.")
    assert change_html(None, added, "#f00", "#0f0") == added
    long = " ".join(f"Sentence number {n} says something." for n in range(40))
    shown = change_html(None, long, "#f00", "#0f0")
    assert len(shown) <= WHOLE_CLAUSE_CHARS + 2 and shown.endswith("something. …")


def test_a_card_lists_a_dozen_clauses_and_counts_the_rest(qtbot) -> None:
    from desktop.gui.views.consent_view import MAX_CLAUSE_LINKS, TopicCard
    from terms.consent.model import ClauseRef
    from terms.topics import load_topics

    card = TopicCard(load_topics()[0])
    qtbot.addWidget(card)
    clauses = tuple(ClauseRef(f"s/p{i}", f"fp{i}", f"clause {i}") for i in range(1, 5001))
    card.set_state(None, clauses, None, [])
    text = card.clauses.text()
    assert text.count("<a href=") == MAX_CLAUSE_LINKS
    assert f"and {5000 - MAX_CLAUSE_LINKS:,} more" in text


def test_a_chosen_answer_does_not_widen_the_cards_past_a_small_window(window, qtbot, analysed) -> None:
    """"Chosen: Refuse. Not recorded until you press Record decisions." sat unwrapped beside the
    buttons: at 1024 pixels every card grew past the view and a horizontal scroll bar came."""
    window.resize(1024, 700)
    window.show()
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    view = window.consent_view
    for card in view.cards.values():
        card.stage("refused")
    qtbot.waitUntil(lambda: all(card.pending.isVisible() for card in view.cards.values()), timeout=5000)
    qtbot.wait(50)   # let the layout settle
    assert view.questions.horizontalScrollBar().maximum() == 0
    card = next(iter(view.cards.values()))
    assert card.history_button.geometry().right() <= card.width()
    view.discard_staged()   # closing with choices not recorded would ask


def test_a_version_filed_under_another_document_asks_for_re_review(window, qtbot, analysed,
                                                                    tmp_path: Path) -> None:
    """A new version whose title changed was stored as a document of its own; filing it under the
    first one ("Add as New Version Of…") left the consent given there in force."""
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    _record(window, qtbot, {"client-access": "given"})
    first = window.current_entry()
    retitled = SAMPLE.replace("Members' Terms", "Community Membership Terms").replace(
        "read and search members' anonymous posts", "read, search and export members' anonymous posts")
    second = _open_next_version(window, qtbot, tmp_path, retitled)
    view = window.consent_view
    assert window.current_entry().group != first.group and not view.picture.reviews
    before = view.picture
    window.file_as_version(str(second.path), first.group)
    qtbot.waitUntil(lambda: view.picture is not before and not view._loading, timeout=15000)
    assert "client-access" in view.picture.reviews
    assert view.cards["client-access"].status.text().strip() == "Needs re-review"


def test_a_store_that_cannot_be_written_is_shown_but_not_written(window, qtbot, analysed, tmp_path: Path,
                                                                  monkeypatch) -> None:
    """The Consent tab, Check and Export all failed on an archived store ("Read-only file system")."""
    from terms.consent import open_store, storage
    from terms.errors import StorageError

    with open_store(str(tmp_path / "consent.db")) as store:
        store.add_member("dr-lee")
        sha = store.add_document(analysed.document, analysed.flags).document.sha256
        store.record("dr-lee", "client-access", "given", sha)

    def unwritable(path: Path) -> None:
        raise StorageError(f"cannot write to {path}: Read-only file system")

    monkeypatch.setattr(storage, "_check_writable", unwritable)
    monkeypatch.setattr(storage, "_writable", lambda path: False)
    _open_consent(window, qtbot, analysed)
    view = window.consent_view
    assert view.picture.read_only and view.picture.member == "dr-lee"
    assert str(view.picture.states["client-access"].status) == "given"
    assert "cannot be written" in view.status_line.text()
    assert not view.cards["client-access"].choice_buttons[0].isEnabled()
    assert not view.new_member_button.isEnabled()


def test_a_version_with_decisions_of_its_own_keeps_its_consent_where_it_was_filed(
        window, qtbot, analysed, tmp_path: Path) -> None:
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    first = window.current_entry()
    retitled = SAMPLE.replace("Members' Terms", "Community Membership Terms")
    second = _open_next_version(window, qtbot, tmp_path, retitled)
    _record(window, qtbot, {"tracking": "given"})
    view = window.consent_view
    before = view.picture
    window.file_as_version(str(second.path), first.group)
    qtbot.waitUntil(lambda: view.picture is not before and not view._loading, timeout=15000)
    assert not view.load_failed
    assert "stay with the document it was first filed under" in view.status_line.text()
    assert str(view.picture.states["tracking"].status) == "given"


def test_a_new_store_where_clearterms_db_points_is_said_to_be_new(window, qtbot, analysed,
                                                                  tmp_path: Path) -> None:
    """A mistyped CLEARTERMS_DB started an empty store, and the tab read as if nothing was recorded."""
    _open_consent(window, qtbot, analysed)
    status = window.consent_view.status_line.text()
    assert status.startswith(f"A new consent store was started at {tmp_path / 'consent.db'}: if you "
                             "expected the records you made before, check CLEARTERMS_DB.")
    assert "Create a member (New member…) to record decisions." in status
    _add_member(window, qtbot, "dr-lee")
    assert "new consent store" not in window.consent_view.status_line.text()


def test_a_store_that_holds_records_is_not_called_new(window, qtbot, analysed, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "consent.db")) as store:   # before the window first opens it
        store.add_member("dr-lee")
    _open_consent(window, qtbot, analysed)
    assert window.consent_view.picture.member == "dr-lee"
    assert "new consent store" not in window.consent_view.status_line.text()


def test_a_new_version_announces_the_re_reviews_of_members_not_shown(window, qtbot, analysed,
                                                                     tmp_path: Path) -> None:
    """Dr Lee allowed client access, then Bob was chosen and a changed version opened: Lee's decision
    needing re-review was announced nowhere until someone picked Lee under Member."""
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    _record(window, qtbot, {"client-access": "given"})
    _add_member(window, qtbot, "bob")
    _record(window, qtbot, {"content-use": "refused"})
    window.tabs.setCurrentWidget(window.document_view)
    _open_next_version(window, qtbot, tmp_path, SAMPLE.replace(
        "read and search members' anonymous posts", "read, search and export members' anonymous posts"))
    view = window.consent_view
    qtbot.waitUntil(lambda: window.tabs.tabText(window.consent_tab) == "Consent (1 to re-review)",
                    timeout=15000)
    assert view.picture.member == "bob" and not view.picture.reviews
    assert view.picture.others_to_review == {"dr-lee": 1}
    assert window.banner.isVisible() and "since \u2068dr-lee\u2069 answered" in window.banner.hint.text()
    waiting = "Other members have decisions to re-review here: \u2068dr-lee\u2069 (1)"
    assert waiting in view.review_label.text()


def test_without_a_document_the_window_says_what_to_do(window, qtbot, analysed) -> None:
    """With no document open (a start whose file could not be read), the document pane was blank and
    the consent page listed every question as "Not answered" for a version that was not there."""
    view = window.consent_view
    assert view.pages.currentWidget() is view.no_document_page
    assert "Open a document" in view.no_document_page.text()
    assert "File ▸ Open" in window.document_view.text.placeholderText()
    _open_consent(window, qtbot, analysed)
    assert view.pages.currentIndex() == 0


def test_each_answer_says_what_it_means(window, qtbot, analysed) -> None:
    """Refuse and Withdraw were never told apart (first-run reviewer)."""
    from desktop.gui.views.consent_view import CHOICE_HELP

    card = next(iter(window.consent_view.cards.values()))
    tips = {str(b.property("status")): b.toolTip() for b in card.choice_buttons}
    assert tips == CHOICE_HELP
    assert "take back a consent you gave" in tips["withdrawn"]
    assert all(b.accessibleDescription() == b.toolTip() for b in card.choice_buttons)


@pytest.mark.parametrize(("decisions", "stands"), [
    (("refused",), "your refusal still stands"),
    # a consent taken back stands as a refusal does (a new user's review found its card silent)
    (("given", "withdrawn"), "your withdrawal still stands"),
])
def test_a_refusal_whose_clauses_changed_says_it_still_stands_and_what_changed(qtbot, tmp_path, decisions,
                                                                                 stands) -> None:
    """The physician refused "content use" on the first version; the later one adds AI training
    (§7.7) to it. The card said nothing: the command line's review alone told of it."""
    from desktop.appinfo import FIRST_RUN_SAMPLE, LATER_SAMPLE
    from desktop.gui.consent_service import load_picture
    from desktop.gui.views.consent_view import TopicCard
    from terms.consent import open_store
    from terms.flagging import analyze
    from terms.parsing import parse_file
    from terms.resources import resource_path
    from terms.topics import load_topics

    first = analyze(parse_file(resource_path("samples", FIRST_RUN_SAMPLE)))
    later = analyze(parse_file(resource_path("samples", LATER_SAMPLE)))
    with open_store(str(tmp_path / "consent.sqlite3")) as store:
        store.add_member("dr-lee")
        v1 = store.add_document(first.document, first.flags, series="caducea").document.sha256
        for decision in decisions:
            store.record("dr-lee", "content-use", decision, v1)
        picture = load_picture(store, later, "dr-lee", "caducea", "2026-09-01")
    (kept,) = picture.kept_refusals.values()
    assert kept.topic == "content-use" and ("added", "7.7") in {(c.change, c.clause_id) for c in kept.changes}
    topic = next(t for t in load_topics() if t.id == "content-use")
    card = TopicCard(topic)
    qtbot.addWidget(card)
    card.set_state(picture.states["content-use"], picture.document.clauses_for("content-use"), kept, [],
                   later.document)
    assert stands in card.changes.text() and "§7.7 added" in card.changes.text()
    # quoted without its number, which "§7.7 added:" gives already
    assert "§7.7 added:</b> We may use Member Content" in card.changes.text()


def test_a_question_the_later_version_asks_first_is_marked_new(qtbot, tmp_path) -> None:
    """AI training (§7.7) arrives with the later sample: no clause of the first bore on it, so the
    physician who answered there was never asked; among the unanswered questions it was easy to miss."""
    from desktop.appinfo import FIRST_RUN_SAMPLE, LATER_SAMPLE
    from desktop.gui.consent_service import load_picture
    from desktop.gui.views.consent_view import TopicCard
    from terms.consent import open_store
    from terms.flagging import analyze
    from terms.parsing import parse_file
    from terms.resources import resource_path
    from terms.topics import load_topics

    first = analyze(parse_file(resource_path("samples", FIRST_RUN_SAMPLE)))
    later = analyze(parse_file(resource_path("samples", LATER_SAMPLE)))
    with open_store(str(tmp_path / "consent.sqlite3")) as store:
        store.add_member("dr-lee")
        v1 = store.add_document(first.document, first.flags, series="caducea", version_label="2026-03-03")
        store.record("dr-lee", "client-access", "refused", v1.document.sha256)
        picture = load_picture(store, later, "dr-lee", "caducea", "2026-09-01")
    assert picture.new_questions == {"ai-training": "2026-03-03"}
    topic = next(t for t in load_topics() if t.id == "ai-training")
    card = TopicCard(topic)
    qtbot.addWidget(card)
    card.set_state(None, picture.document.clauses_for("ai-training"), None, [], later.document,
                   new_since=picture.new_questions["ai-training"])
    assert card.status.text().strip() == "New question"
    text = card.changes.text()
    assert text.startswith("<b>New since you last answered on this document (2026-03-03): no clause "
                           "of that version bore on this question. Now:</b><br>"
                           "• <b>§7.1:</b> Caducea")
    # the clause that asks the question is quoted whole, not only linked
    assert "• <b>§7.7" in text and "are not deleted when you delete your content." in text

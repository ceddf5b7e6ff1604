"""What the consent view tells: decisions to re-review at once, older versions, unreadable records and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from terms.errors import ChainBroken, StorageError, StoreCorrupt, StoreTampered, TermsError
from tests.gui.conftest import SAMPLE, build_analysed
from tests.gui.test_consent_view import _add_member, _open_consent, _record
from tests.gui.test_gui_consent_unsaved import _answer, _events

Button = QMessageBox.StandardButton
CLI_WORDS = ("--db", "CLEARTERMS_DB", "consent import", "`clearterms")


def _version_2(tmp_path: Path):
    changed = SAMPLE.replace("read and search members' anonymous posts",
                             "read, search and export members' anonymous posts")
    path = tmp_path / "members-terms-v2.txt"
    path.write_text(changed, encoding="utf-8")
    return build_analysed(changed, path)


def _allowed_then_changed(window, qtbot, analysed, tmp_path: Path):
    """dr-lee allows client access on the first version; the Document tab then opens a second
    version that changes its clause. Returns that version."""
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    _record(window, qtbot, {"client-access": "given"})
    window.tabs.setCurrentWidget(window.document_view)
    window.banner.hide()
    v2 = _version_2(tmp_path)
    window._file_opened(v2)
    return v2


def test_new_version_is_announced_before_the_consent_tab_is_visited(window, qtbot, analysed,
                                                                    tmp_path: Path) -> None:
    _allowed_then_changed(window, qtbot, analysed, tmp_path)
    qtbot.waitUntil(lambda: "1 to re-review" in window.tabs.tabText(window.consent_tab), timeout=15000)
    assert window.tabs.currentWidget() is window.document_view
    assert window.banner.isVisible()
    assert window.banner.headline.text() == "1 consent decision to re-review"
    assert "dr-lee" in window.banner.hint.text() and "Consent tab" in window.banner.hint.text()
    window.tabs.setCurrentWidget(window.consent_view)   # the questions are in view: the banner is done
    assert not window.banner.isVisible()


def test_the_re_review_banner_goes_when_another_document_is_shown(window, qtbot, analysed,
                                                                 tmp_path: Path) -> None:
    _allowed_then_changed(window, qtbot, analysed, tmp_path)
    qtbot.waitUntil(lambda: window.banner.isVisible() and "to re-review" in window.banner.headline.text(),
                    timeout=15000)
    other = tmp_path / "other-terms.txt"
    other.write_text("Other Terms\n\n1. We keep your posts for a year.\n", encoding="utf-8")
    window._file_opened(build_analysed(other.read_text(encoding="utf-8"), other))
    qtbot.waitUntil(lambda: window.tabs.tabText(window.consent_tab) == "Consent", timeout=15000)
    assert not window.banner.isVisible()


def test_an_older_version_sends_the_member_to_the_version_that_changed_the_terms(
        window, qtbot, analysed, tmp_path: Path) -> None:
    v2 = _allowed_then_changed(window, qtbot, analysed, tmp_path)
    view = window.consent_view
    qtbot.waitUntil(lambda: view.picture.document.sha256 == v2.key and bool(view.picture.reviews),
                    timeout=15000)
    assert view.cards["client-access"].changes.text().startswith("<b>The terms changed since you allowed")
    window._file_opened(analysed)
    qtbot.waitUntil(lambda: view.picture.document.sha256 == analysed.key, timeout=15000)
    assert "changed the terms since you answered. Open it (Library)" in view.review_label.text()
    changes = view.cards["client-access"].changes.text()
    assert changes.startswith("<b>A newer version changed the terms since you allowed this; open it")
    assert "§1.1 changed" in changes


def test_recording_on_an_older_version_warns(window, qtbot, analysed, tmp_path: Path, monkeypatch) -> None:
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    v2 = _version_2(tmp_path)
    window._file_opened(v2)
    view = window.consent_view
    qtbot.waitUntil(lambda: view.picture.document.sha256 == v2.key, timeout=15000)
    assert view.picture.newer is None
    window._file_opened(analysed)
    qtbot.waitUntil(lambda: view.picture.document.sha256 == analysed.key, timeout=15000)
    assert view.picture.newer   # the version stored second supersedes it
    assert view.review_label.isVisible() and "not the latest version" in view.review_label.text()
    view.cards["tracking"].stage("refused")
    asked = _answer(monkeypatch, Button.Cancel)
    view.record_button.click()
    assert asked and "not the latest version" in asked[0]
    assert not view.recording and view.has_unsaved()
    window.consent_service.wait()
    assert _events(tmp_path, "dr-lee") == []
    _answer(monkeypatch, Button.Save)
    view.record_button.click()
    qtbot.waitUntil(lambda: not view.recording, timeout=15000)
    window.consent_service.wait()
    assert [e.document_sha256 for e in _events(tmp_path, "dr-lee")] == [analysed.key]


def test_unreadable_store_shows_an_error_page_and_retries(window, qtbot, analysed, tmp_path: Path) -> None:
    db = tmp_path / "consent.db"
    db.mkdir()                      # a folder where the database file should be: the store cannot open
    window._file_opened(analysed)
    view = window.consent_view
    qtbot.waitUntil(lambda: view.load_failed, timeout=15000)
    assert window.tabs.tabText(window.consent_tab) == "Consent (unavailable)"
    window.tabs.setCurrentWidget(view)
    assert view.pages.currentWidget() is view.error_page
    assert view.picture is None and not view.record_button.isEnabled()
    assert not any(b.isEnabled() for card in view.cards.values() for b in card.choice_buttons)
    assert str(db) in view.error_title.text() and "is a directory" in view.error_title.text()
    assert view.retry_button.isVisible()
    assert str(db) in window.banner.headline.text()
    assert not any(w in window.banner.hint.text() for w in CLI_WORDS)
    view.retry_button.click()
    qtbot.waitUntil(lambda: not window.consent_service.runner.busy, timeout=15000)
    assert view.load_failed          # still a folder
    db.rmdir()
    window.tabs.setCurrentWidget(window.document_view)
    window.tabs.setCurrentWidget(view)  # coming back to the tab tries again
    qtbot.waitUntil(lambda: view.picture is not None, timeout=15000)
    assert not view.load_failed and view.pages.currentIndex() == 0
    assert window.tabs.tabText(window.consent_tab) == "Consent"
    assert db.is_file()


def test_banner_names_the_reason_a_member_was_not_added(window, qtbot, analysed) -> None:
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    window.banner.hide()
    window.consent_view.add_member("dr-lee")
    qtbot.waitUntil(window.banner.isVisible, timeout=15000)
    assert "already exists" in window.banner.headline.text()
    assert "dr-lee" in window.banner.headline.text()
    assert "Member list" in window.banner.hint.text()


@pytest.mark.parametrize(("exc", "reason", "hint"), [
    (StorageError("/data/c.db: cannot record consent: the store is busy (another program holds its write "
                  "lock)", hint="Try again in a moment."), "the store is busy", "Wait a moment"),
    (StorageError("cannot write to /data/c.db: attempt to write a readonly database",
                  hint="Choose a writable place with --db or CLEARTERMS_DB."),
     "attempt to write a readonly database", "permission"),
    (StoreCorrupt("/data/c.db: not a consent database (the file is not an SQLite database)",
                  hint="Restore it, or import a JSON export into a new store (--db NEW consent import X)."),
     "not a consent database", "backup copy"),
    # records changed outside ClearTerms: the window's own check and export, not the command line's
    (ChainBroken("nothing was recorded: event 6 of the consent log was changed outside ClearTerms",
                 hint="Run `clearterms consent verify` to see what changed, and restore it from a backup."),
     "event 6", "Export Consent Records"),
    # ... or its append-only guard removed: kept as evidence, not replaced by a new, empty store
    (StoreTampered("refusing to store a document: the append-only trigger consent_event_no_update on "
                   "the event table is missing"), "trigger", "Keep the file as evidence"),
])
def test_store_failures_name_the_database_and_give_window_hints(exc, reason, hint) -> None:
    from desktop.gui.consent_service import describe_failure

    headline, text = describe_failure("Could not record the decisions", exc, "/data/c.db")
    assert headline.startswith("Could not record the decisions in /data/c.db: ")
    assert reason in headline and headline.count("/data/c.db") == 1
    assert hint in text and not any(w in text for w in CLI_WORDS)


def test_a_database_server_that_cannot_be_reached_is_no_file_to_check() -> None:
    from desktop.gui.consent_service import describe_failure
    from terms.errors import StorageError

    db = "postgresql://clearterms@db.example:5432/consent"
    _, hint = describe_failure("Could not read the consent records",
                               StorageError(f"{db}: cannot open the store: connection refused"), db)
    assert "database server is running" in hint and "file" not in hint


def test_other_failures_keep_their_reason() -> None:
    from desktop.gui.consent_service import describe_failure

    headline, hint = describe_failure("Could not record the decisions",
                                      TermsError("nothing to withdraw: dr-lee has not allowed tracking",
                                                 hint="to say no, record --status refuse instead."), "/x.db")
    assert headline == "Could not record the decisions: nothing to withdraw: dr-lee has not allowed tracking"
    assert "Refuse" in hint and "--status" not in hint
    assert describe_failure("Could not read the consent records", KeyError("x"), "/x.db") == (
        "Could not read the consent records", "")


def test_a_damaged_store_cannot_be_replaced_by_exporting() -> None:
    from desktop.gui.consent_service import describe_failure

    _, hint = describe_failure("Export failed", StoreCorrupt("/x.db: not a consent database"), "/x.db",
                               "press Export")
    assert "empty store" not in hint and "backup" in hint


def test_which_version_is_newer() -> None:
    from types import SimpleNamespace

    from desktop.gui.consent_service import newer_version

    def v(sha: str, date: str | None, label: str | None = None):
        return SimpleNamespace(sha256=sha, effective_date=date, version_label=label)

    stored = (v("a", "2026-03-03", "March"), v("b", "2026-09-01", "September"), v("c", "2025-01-01", "old"))
    assert newer_version(stored, "a") == "September"
    assert newer_version(stored, "b") is None        # added before "c", but "c" states an earlier date
    assert newer_version(stored, "c") == "September"
    same_day = (v("a", "2026-03-03"), v("b", "2026-03-03", "second"))
    assert newer_version(same_day, "a") == "second" and newer_version(same_day, "b") is None
    assert newer_version((v("a", None), v("b", None)), "a") == "b"   # no label: the hash's start


def test_the_store_is_opened_once_for_every_job(window, qtbot, tmp_path: Path) -> None:
    """Reopening it per job left stores to be collected at random, whose closing connections could
    remove the WAL files of the live one ("disk I/O error" on every later read)."""
    service = window.consent_service
    seen: list[int] = []

    def probe() -> None:
        before = len(seen)
        service.submit("probe", id, seen.append, lambda exc, tb: seen.append(-1))
        qtbot.waitUntil(lambda: len(seen) > before, timeout=15000)

    for _ in range(3):
        probe()
    assert len(set(seen)) == 1 and -1 not in seen
    assert (tmp_path / "consent.db-wal").exists() and (tmp_path / "consent.db-shm").exists()


def test_nothing_is_written_to_a_store_whose_records_cannot_be_read(window, qtbot, analysed,
                                                                     tmp_path: Path) -> None:
    """The error page says nothing is recorded until the records can be read: no new member, no
    switching to a member whose records happen to be readable, no decision."""
    import sqlite3

    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    _record(window, qtbot, {"client-access": "refused"})
    window.consent_service.wait()
    db = tmp_path / "consent.db"
    with sqlite3.connect(db) as conn:  # the text the decision was made on, edited outside the app
        conn.execute("UPDATE document SET text = replace(text, 'the', 'THE')")
    view = window.consent_view
    view.reload()
    qtbot.waitUntil(lambda: view.load_failed, timeout=15000)
    assert "does not match its SHA-256" in view.error_title.text()
    assert not view.new_member_button.isEnabled() and not view.member_combo.isEnabled()
    assert not view.record_button.isEnabled()
    view.add_member("dr-okafor")
    window.consent_service.wait()
    with sqlite3.connect(db) as conn:
        assert [name for (name,) in conn.execute("SELECT name FROM member")] == ["dr-lee"]
    assert "cannot be read" in view.status_line.text()


def _versions_on_disk(tmp_path: Path) -> tuple[Path, Path]:
    from terms.resources import resource_path

    text = resource_path("samples", "physician-community-terms.md").read_text(encoding="utf-8")
    v1, v2 = tmp_path / "terms-v1.md", tmp_path / "terms-v2.md"
    v1.write_text(text, encoding="utf-8")
    changed = text.replace("Last updated: March 3, 2026", "Last updated: September 1, 2026")
    v2.write_text(changed.replace("Clients may view posts", "Clients and their contractors may view posts"),
                  encoding="utf-8")
    return v1, v2


def _picture(db: Path, path: Path, member: str):
    from desktop.gui.consent_service import load_picture
    from desktop.gui.engine import Analysed
    from desktop.gui.library import describe
    from terms.consent import open_store
    from terms.flagging import analyze
    from terms.parsing import parse_file

    analysed = Analysed(analyze(parse_file(path)), path)
    entry = describe(analysed)
    with open_store(str(db)) as store:
        return load_picture(store, analysed.analysis, member, entry.series, entry.version)


def test_the_app_and_the_command_line_file_a_document_under_one_series(tmp_path: Path, capsys) -> None:
    """A consent recorded on the command line is asked to be reviewed again when the app opens the
    next version, and the reverse: the two name the document's series differently."""
    from desktop.cli import run_cli
    from terms.consent import open_store

    v1, v2 = _versions_on_disk(tmp_path)
    assert "Clients and their contractors may view posts" in v2.read_text(encoding="utf-8")
    cli_first = tmp_path / "cli-first.sqlite3"
    assert run_cli(["consent", "--db", str(cli_first), "members", "add", "dr-lee"]) == 0
    assert run_cli(["consent", "--db", str(cli_first), "record", "--member", "dr-lee", "--topic",
                    "client-access", "--status", "allow", "--document", str(v1)]) == 0
    picture = _picture(cli_first, v2, "dr-lee")
    assert picture.states["client-access"].needs_review and "client-access" in picture.reviews

    app_first = tmp_path / "app-first.sqlite3"
    with open_store(str(app_first)) as store:
        store.add_member("dr-lee")
    shown = _picture(app_first, v1, "dr-lee").document
    with open_store(str(app_first)) as store:
        store.record("dr-lee", "client-access", "given", shown.sha256)
    capsys.readouterr()
    assert run_cli(["consent", "--db", str(app_first), "add-version", str(v2)]) == 0
    assert "1 consent needs re-review" in capsys.readouterr().out


def test_another_version_shows_its_questions_from_the_top(window, qtbot, analysed, tmp_path: Path) -> None:
    _open_consent(window, qtbot, analysed)
    bar = window.consent_view.questions.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=15000)
    bar.setValue(bar.maximum())
    window._file_opened(_version_2(tmp_path))
    qtbot.waitUntil(lambda: not window.consent_service.runner.busy, timeout=15000)
    assert bar.value() == 0


def test_a_store_that_cannot_be_made_says_why(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a data folder the user may not write to, the app said "there is no consent store at …,
    press Retry" (the read-only retry's answer), losing the cause the command line gives."""
    from desktop.gui.consent_service import ConsentService, describe_failure
    from terms.consent.location import resolve_location
    from terms.errors import StoreMissing

    def refuse(db, *, topics=None, create=True):
        if create:
            raise StorageError("cannot write to /data/consent.sqlite3: Permission denied")
        raise StoreMissing(resolve_location(db))

    monkeypatch.setattr("terms.consent.open_store", refuse)
    service = ConsentService("/data/consent.sqlite3", ())
    with pytest.raises(StorageError, match="Permission denied") as caught:
        service._store()
    headline, hint = describe_failure("Could not read the consent records", caught.value,
                                      "/data/consent.sqlite3", "press Retry on the Consent tab")
    assert headline.endswith("Permission denied")
    assert hint.startswith("ClearTerms needs permission to write") and "on the Consent tab" in hint


def test_history_names_the_earlier_version_and_a_theme_switch_keeps_the_choice(window, qtbot, analysed,
                                                                              tmp_path: Path) -> None:
    """History read "terms changed since 0af77500237d"; after a theme switch the cards kept the old
    theme's link colours (dark blue on dark)."""
    import re

    _allowed_then_changed(window, qtbot, analysed, tmp_path)
    window.tabs.setCurrentWidget(window.consent_view)
    view = window.consent_view
    qtbot.waitUntil(lambda: view.picture is not None and "client-access" in view.picture.reviews,
                    timeout=15000)
    history = view.cards["client-access"].history
    lines = [history.item(i).text() for i in range(history.count())]
    assert any("terms changed since the " in line and " version" in line for line in lines), lines
    assert not any(re.search(r"since [0-9a-f]{12}\b", line) for line in lines), lines
    card = view.cards["tracking"]
    card.stage("refused")
    links = view.cards["client-access"].clauses
    before = links.text()
    try:
        window.apply_theme("dark")
        qtbot.waitUntil(lambda: not view._loading, timeout=15000)
        assert card.staged() == "refused"
        assert links.text() != before   # the clause links drawn again in the dark palette's link colour
    finally:
        window.apply_theme("light")
        view.discard_staged()   # else closing the window asks about the unsaved choice

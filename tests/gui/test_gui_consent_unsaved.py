"""Staged consent choices are never dropped without asking; recording is one batch, written once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from terms.consent import ConsentStatus, open_store
from tests.gui.conftest import SAMPLE, build_analysed
from tests.gui.test_consent_view import _add_member, _open_consent

Button = QMessageBox.StandardButton


def _answer(monkeypatch, *answers: Button) -> list[str]:
    """Answer the next message boxes with ``answers`` in turn, then Discard (the window closes
    after the test); returns the texts they asked."""
    asked: list[str] = []
    queue = list(answers)

    def exec_(box: QMessageBox) -> Button:
        asked.append(box.text())
        return queue.pop(0) if queue else Button.Discard

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def _other(tmp_path: Path):
    text = SAMPLE.replace("Members' Terms", "Other Service Terms")
    path = tmp_path / "other-terms.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _events(tmp_path: Path, member: str) -> list:
    with open_store(str(tmp_path / "consent.db")) as store:
        return list(store.history(member))


@pytest.fixture
def staged(window, qtbot, analysed):
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    view = window.consent_view
    view.cards["client-access"].stage("refused")
    view.cards["tracking"].stage("refused")
    return view


def test_theme_change_keeps_staged_choices(window, qtbot, staged, monkeypatch) -> None:
    asked = _answer(monkeypatch)
    window.apply_theme("dark")
    qtbot.waitUntil(lambda: not window.consent_service.runner.busy, timeout=15000)
    assert staged.staged() == {"client-access": "refused", "tracking": "refused"}
    assert not asked


def test_opening_another_document_asks_and_cancel_keeps_everything(window, qtbot, staged, analysed,
                                                                   tmp_path: Path, monkeypatch) -> None:
    asked = _answer(monkeypatch, Button.Cancel)
    window.open_paths([_other(tmp_path)])
    assert asked and "opening another document" in asked[0]
    assert window.current is analysed and not window.runner.busy
    assert staged.staged() == {"client-access": "refused", "tracking": "refused"}


def test_opening_another_document_can_record_first(window, qtbot, staged, analysed, tmp_path: Path,
                                                   monkeypatch) -> None:
    _answer(monkeypatch, Button.Save)
    other = _other(tmp_path)
    window.open_paths([other])
    qtbot.waitUntil(lambda: window.current.path == other and staged.picture is not None
                    and staged.picture.document.sha256 == window.current.key, timeout=15000)
    window.consent_service.wait()
    events = _events(tmp_path, "dr-lee")
    assert [(e.topic, e.status, e.document_sha256) for e in events] == [
        ("client-access", ConsentStatus.REFUSED, analysed.key),
        ("tracking", ConsentStatus.REFUSED, analysed.key)]
    assert not staged.has_unsaved()


def test_library_entry_and_discard(window, qtbot, staged, tmp_path: Path, monkeypatch) -> None:
    other = build_analysed(SAMPLE.replace("Members' Terms", "Other Service Terms"), _other(tmp_path))
    window._remember(other)
    asked = _answer(monkeypatch, Button.Discard)
    window.open_entry(window.library.get(str(other.path)))
    assert asked
    qtbot.waitUntil(lambda: staged.picture.document.sha256 == other.key, timeout=15000)
    assert not staged.has_unsaved() and _events(tmp_path, "dr-lee") == []


def test_member_combo_switch_cancel_keeps_member_and_choices(window, qtbot, staged, monkeypatch) -> None:
    view = staged
    with open_store(view.service.db) as store:
        store.add_member("dr-okafor")
    asked = _answer(monkeypatch, Button.Cancel)
    view._member_chosen("dr-okafor")
    assert asked and "switching to dr-okafor" in asked[0]
    assert view.member_name == "dr-lee" and view.member_combo.currentText() == "dr-lee"
    assert len(view.staged()) == 2


def test_double_click_records_each_decision_once(window, qtbot, staged, tmp_path: Path) -> None:
    view = staged
    view.cards["content-use"].stage("given")
    view.record_button.click()
    assert view.recording
    assert not view.record_button.isEnabled() and view.record_button.text() == "Recording…"
    assert not any(b.isEnabled() for b in view.cards["tracking"].choice_buttons)
    view.record_button.click()
    view.record_staged()
    qtbot.waitUntil(lambda: not view.recording and view.status_line.text().startswith("Recorded"),
                    timeout=15000)
    window.consent_service.wait()
    assert len(_events(tmp_path, "dr-lee")) == 3


def test_recorded_message_stays_after_the_reload(window, qtbot, staged) -> None:
    view = staged
    view.record_staged()
    qtbot.waitUntil(lambda: not view.recording and not window.consent_service.runner.busy, timeout=15000)
    assert view.status_line.text() == "Recorded 2 decisions."
    assert view.cards["tracking"].status.text().strip() == "Refused"


def test_a_batch_is_recorded_all_or_nothing(window, qtbot, staged, tmp_path: Path, monkeypatch) -> None:
    _answer(monkeypatch)  # the choices are still staged when the window closes after the test
    view = staged
    view.cards["tracking"].stage(None)
    view.cards["research"]._status = "given"  # pretend there is a consent to withdraw: the store knows better
    view.cards["research"].set_enabled(True)
    view.cards["research"].stage("withdrawn")
    errors: list[str] = []
    view.error.connect(lambda headline, hint, exc, tb: errors.append(headline))
    view.record_staged()
    qtbot.waitUntil(lambda: not view.recording, timeout=15000)
    assert errors and "nothing to withdraw" in errors[0]
    window.consent_service.wait()
    assert _events(tmp_path, "dr-lee") == []      # the valid refusal staged with it was not written
    assert view.staged() == {"client-access": "refused", "research": "withdrawn"}   # kept, to retry


def test_batch_is_written_in_one_transaction(window, qtbot, staged, tmp_path: Path) -> None:
    view = staged
    view.cards["content-use"].stage("given")
    view.record_staged()
    qtbot.waitUntil(lambda: not view.recording, timeout=15000)
    window.consent_service.wait()
    events = _events(tmp_path, "dr-lee")
    assert len(events) == 3 and len({e.recorded_at for e in events}) == 1   # one append, one clock reading
    assert {e.method for e in events} == {"desktop"}
    assert events[0].clauses[0].clause_id == "1.1"


def test_no_choices_without_a_member(window, qtbot, analysed, monkeypatch) -> None:
    _open_consent(window, qtbot, analysed)
    view = window.consent_view
    assert view.picture.member is None
    assert not any(b.isEnabled() for card in view.cards.values() for b in card.choice_buttons)
    assert "New member" in view.status_line.text()
    _add_member(window, qtbot, "dr-lee")
    assert all(b.isEnabled() for b in view.cards["client-access"].choice_buttons
               if b.property("status") != "withdrawn")
    asked = _answer(monkeypatch)
    assert window.close() and not asked


def test_closing_while_recording_waits_for_the_batch(window, qtbot, staged, tmp_path: Path,
                                                     monkeypatch) -> None:
    asked = _answer(monkeypatch)
    assert staged.record_staged()
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    assert not asked    # the choices shown are the ones being written: nothing to ask
    assert len(_events(tmp_path, "dr-lee")) == 2


def test_closing_while_decisions_are_written_waits_for_them_without_freezing(
        window, qtbot, staged, tmp_path: Path, monkeypatch) -> None:
    """Closing while another program held the store's lock froze the window for the store's whole
    wait, then dropped the decisions without a word when the wait ran out."""
    import sqlite3
    import time

    _answer(monkeypatch)
    rival = sqlite3.connect(tmp_path / "consent.db", isolation_level=None)
    rival.execute("BEGIN IMMEDIATE")            # another program writing
    try:
        staged.record_staged()
        started = time.monotonic()
        window.close()
        assert time.monotonic() - started < 1.0   # no freeze
        assert window.isVisible() and "closes once the decisions" in window.statusBar().currentMessage()
    finally:
        rival.execute("COMMIT")
        rival.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)   # written, then closed
    assert {e.topic for e in _events(tmp_path, "dr-lee")} == {"client-access", "tracking"}


def test_a_window_waiting_to_close_stays_open_when_the_decisions_fail(
        window, qtbot, staged, tmp_path: Path, monkeypatch) -> None:
    from terms.errors import StorageError

    _answer(monkeypatch)

    def busy(*args, **kwargs):
        import time

        time.sleep(0.3)
        raise StorageError("the store is busy (another program holds its write lock)")

    monkeypatch.setattr("desktop.gui.views.consent_view.record_batch", busy)
    staged.record_staged()
    window.close()
    qtbot.waitUntil(lambda: not staged.recording, timeout=15000)
    qtbot.wait(50)
    assert window.isVisible() and window.tabs.currentWidget() is staged
    assert "could not be recorded" in window.statusBar().currentMessage()
    assert staged.staged() == {"client-access": "refused", "tracking": "refused"}   # still chosen


def test_a_decision_refused_because_of_another_programs_record_shows_that_record(
        window, qtbot, analysed, tmp_path: Path, monkeypatch) -> None:
    """The command line withdrew the consent the window still showed as given: the window's
    withdrawal was refused ("nothing to withdraw") and the card went on saying Allowed."""
    from tests.gui.test_consent_view import _record

    _answer(monkeypatch)
    _open_consent(window, qtbot, analysed)
    _add_member(window, qtbot, "dr-lee")
    _record(window, qtbot, {"client-access": "given"})
    view = window.consent_view
    with open_store(str(tmp_path / "consent.db")) as elsewhere:
        elsewhere.record("dr-lee", "client-access", "withdrawn", view.picture.document.sha256)
    errors: list[str] = []
    view.error.connect(lambda headline, hint, exc, tb: errors.append(headline))
    view.cards["client-access"].stage("withdrawn")
    before = view.picture
    view.record_staged()
    qtbot.waitUntil(lambda: view.picture is not before and not view.recording, timeout=15000)
    assert errors and "nothing to withdraw" in errors[0]
    assert view.picture.states["client-access"].status is ConsentStatus.WITHDRAWN
    assert view.cards["client-access"]._status == "withdrawn"


def test_a_name_far_too_long_is_refused_without_widening_the_window(window, qtbot, analysed) -> None:
    """The refusal quoted all 5,000 characters, in the banner and the status line, and the window
    grew to 32,767 pixels wide."""
    _open_consent(window, qtbot, analysed)
    width = window.width()
    errors: list[str] = []
    window.consent_view.error.connect(lambda headline, hint, exc, tb: errors.append(headline))
    window.consent_view.add_member("x" * 5000)
    qtbot.waitUntil(lambda: bool(errors), timeout=15000)
    qtbot.wait(50)
    assert "use 1 to 200 characters (it has 5,000)" in errors[0] and len(errors[0]) < 200
    assert window.width() <= width + 10

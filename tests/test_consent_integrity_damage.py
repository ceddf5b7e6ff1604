"""A consent store changed outside ClearTerms, and odd paths and inputs given to ``clearterms consent``.

The consent records are evidence, so ``verify`` must name every problem, reading a damaged record
must say which one and what is wrong (never crash, never skip it), and nothing given on the
command line may corrupt the store, overwrite it, or hang the program.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import run_cli
from desktop.pdf_report import break_long_words, render_pdf
from terms.consent import ConsentStatus, NewEvent, open_store
from terms.consent.store import MAX_NOTE_CHARS, expiry_after
from terms.errors import StoreCorrupt, TermsError
from tests.conftest import REPO
from tests.test_consent_store import V1, V1_FLAGS, make_document

_VERIFY_HINT = "`clearterms consent verify`"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def make_store(path: Path) -> Path:
    """A store at ``path`` with member Alice, one document and her one consent on it."""
    with open_store(str(path)) as store:
        store.add_member("Alice")
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("Alice", "tracking", ConsentStatus.GIVEN, sha)
    return path


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return make_store(tmp_path / "consent.sqlite3")


def _damage(path: Path, *statements: str) -> None:
    """Change the database as someone with an SQLite client could, the append-only guard lifted."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.executescript("DROP TRIGGER consent_event_no_update; DROP TRIGGER consent_event_no_delete;")
    for statement in statements:
        conn.execute(statement)
    conn.executescript(  # the guard put back, so that only the damage itself is left to find
        "CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event "
        "BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END;"
        "CREATE TRIGGER consent_event_no_delete BEFORE DELETE ON consent_event "
        "BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END;")
    conn.commit()
    conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- 1. verify sees every row and every document ----------------------------------------------------

@pytest.mark.parametrize(("statements", "broken"), [
    (["DELETE FROM member"], ["event 1: its member (id 1) is not in the store"]),
    (["UPDATE consent_event SET member_id = 99"], ["event 1: its member (id 99) is not in the store"]),
    (["UPDATE document SET text = replace(text, 'cookies', 'nothing')"],
     ["document {sha}: its text does not match its SHA-256 (the text was edited)"]),
    (["DELETE FROM document"],
     ["event 1: its document {sha} is not in the store",
      "document {sha}: its topic clauses are stored but the document itself is not (it was deleted)"]),
    (["UPDATE consent_event SET status = 'maybe'"], ["event 1: its status 'maybe' is not a consent status"]),
    (["UPDATE consent_event SET clauses = '{not json'"], ["event 1: its clauses are not valid JSON"]),
    # the clauses a version quotes per topic are in no event's hash, but a new decision would quote them
    (["UPDATE topic_clause SET quote = 'We never track you.' WHERE topic = 'tracking'"],
     ["document {sha}: the clause 2 stored for topic tracking is not quoted from its text (the quote was "
      "edited)"]),
    # ... and a piece of the text is no clause of it: a quote edited to "We" passed
    (["UPDATE topic_clause SET quote = 'We' WHERE topic = 'tracking'"],
     ["document {sha}: the clause 2 stored for topic tracking is not quoted from its text (the quote was "
      "edited)"]),
    (["UPDATE topic_clause SET fingerprint = 'same' WHERE topic = 'tracking'"],
     ["document {sha}: the clause 2 stored for topic tracking has no valid fingerprint (it was edited)"]),
    # bytes that are not UTF-8 (a damaged file) are read, found wrong and named, not a read error
    (["UPDATE topic_clause SET quote = CAST(x'37ffff' AS TEXT) WHERE topic = 'tracking'"],
     ["document {sha}: the clause 2 stored for topic tracking is not quoted from its text (the quote was "
      "edited)"]),
])
def test_verify_lists_every_problem_it_finds(store_path: Path, capsys: pytest.CaptureFixture[str],
                                             statements: list[str], broken: list[str]) -> None:
    sha = make_document(V1).sha256
    _damage(store_path, *statements)
    code, out, err = cli(capsys, "consent", "--db", str(store_path), "verify")
    assert code == 1 and err.startswith(f"clearterms: the consent store at {store_path} fails verification")
    assert out.splitlines() == ["BROKEN: " + line.format(sha=f"{sha[:16]}…") for line in broken]
    code, out, _ = cli(capsys, "consent", "--db", str(store_path), "verify", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and len(report["problems"]) == len(broken)


def test_verify_reports_each_edit_and_gap_not_only_the_first(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    with open_store(str(path)) as store:
        store.add_member("Alice")
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record_many(NewEvent("Alice", "tracking", ConsentStatus.REFUSED, sha, ()) for _ in range(6))
    _damage(path, "UPDATE consent_event SET note = 'edited' WHERE seq IN (2, 5)",
            "DELETE FROM consent_event WHERE seq = 4")
    with open_store(str(path)) as store:
        report = store.verify()
    assert report.problems == (
        "event 2: its content does not match its hash (the event was edited)",
        "event 5: expected event 4 but found 5 (an event is missing or extra)",
        "event 5: its content does not match its hash (the event was edited)",
    )
    assert report.first_bad_seq == 2 and report.events == 5 and not report.ok


# -- 2. reading a damaged record says which and what, and never crashes ------------------------------

_DAMAGES = [
    ("DELETE FROM document", "its document"),
    ("DELETE FROM member", "its member (id 1) is not in the store"),
    ("UPDATE consent_event SET status = 'maybe'", "its status 'maybe' is not a consent status"),
    ("UPDATE consent_event SET clauses = '{not json'", "its clauses are not valid JSON"),
]
_EXPORTS = [("export", "--format", fmt) for fmt in ("html", "json", "csv", "fhir", "receipt")]
_VIEWS = [(view, "--member", "Alice") for view in ("history", "show", "review")]


@pytest.mark.parametrize(("statement", "what", "action"), [
    (statement, what, action) for statement, what in _DAMAGES
    # with the member row gone, the views refuse the unknown name before reading any event
    for action in (_EXPORTS if "member" in statement else _VIEWS + _EXPORTS)
])
def test_reading_a_damaged_event_names_the_store_the_event_and_the_fix(
        store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        statement: str, what: str, action: tuple[str, ...]) -> None:
    _damage(store_path, statement)
    args = [*action, "-o", str(tmp_path / "out")] if action[0] == "export" else list(action)
    code, _, err = cli(capsys, "consent", "--db", str(store_path), *args)
    message, hint = err.splitlines()
    assert code == 2 and "internal error" not in err
    assert message.startswith(f"clearterms: {store_path}: consent event 1 is damaged: {what}")
    assert _VERIFY_HINT in hint and not (tmp_path / "out").exists()


def test_a_pdf_report_of_a_store_missing_a_document_is_refused_plainly(
        store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    _damage(store_path, "DELETE FROM document")
    code, _, err = cli(capsys, "consent", "--db", str(store_path), "export", "--format", "pdf",
                       "-o", str(tmp_path / "r.pdf"))
    assert code == 2 and "consent event 1 is damaged: its document" in err and "KeyError" not in err


def test_an_edited_document_text_is_not_served_as_evidence(store_path: Path) -> None:
    _damage(store_path, "UPDATE document SET text = replace(text, 'cookies', 'nothing')")
    with open_store(str(store_path)) as store, pytest.raises(StoreCorrupt, match="its text does not match"):
        store.documents()


# -- 3. expiry ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("days", ["36501", "3000000", "99999999999"])
def test_an_expiry_beyond_the_calendar_is_refused(store_path: Path, capsys: pytest.CaptureFixture[str],
                                                  days: str) -> None:
    sha = make_document(V1).sha256
    code, _, err = cli(capsys, "consent", "--db", str(store_path), "record", "--member", "Alice",
                       "--topic", "tracking", "--status", "allow", "--sha256", sha, "--expires-in-days", days)
    assert code == 2 and f"--expires-in-days must be at most 36500 (100 years), not {days}" in err
    with pytest.raises(TermsError, match="beyond the calendar"):
        expiry_after(int(days) * 1000)


# -- 4. --db that is not a file ----------------------------------------------------------------------

def test_a_db_path_that_is_a_fifo_or_a_link_loop_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "f.db"
    os.mkfifo(fifo)
    (tmp_path / "a.db").symlink_to(tmp_path / "b.db")
    (tmp_path / "b.db").symlink_to(tmp_path / "a.db")
    for db, said in ((fifo, "is not a regular file"), (tmp_path / "a.db", "cannot resolve the path")):
        done = subprocess.run([sys.executable, "-m", "desktop", "consent", "--db", str(db), "members"],
                              cwd=REPO, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr


# -- 5. a store from another program, and a store missing a document --------------------------------

def test_a_store_with_our_table_names_but_other_columns_is_named_as_such(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    for table in ("alembic_version", "member", "document", "topic_clause", "consent_event"):
        conn.execute(f"CREATE TABLE {table}(zzz)")
    conn.commit()
    conn.close()
    before = _digest(path)
    code, _, err = cli(capsys, "consent", "--db", str(path), "members")
    message, hint = err.splitlines()
    assert code == 2 and "not a ClearTerms consent store, or a damaged one" in message
    assert "nothing was changed" in hint and _digest(path) == before


def test_recording_on_a_store_whose_document_was_deleted_says_the_store_is_damaged(
        store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _damage(store_path, "DELETE FROM document")
    with open_store(str(store_path)) as store, pytest.raises(StoreCorrupt, match="the store is damaged"):
        store.add_document(make_document(V1), V1_FLAGS)
    code, _, err = cli(capsys, "consent", "--db", str(store_path), "verify")
    assert code == 1 and "UNIQUE" not in err


def test_an_event_whose_text_is_not_utf8_is_named_and_the_rest_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    with open_store(str(path)) as store:
        store.add_member("Alice")
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        for n in range(5):
            store.record("Alice", "tracking", ConsentStatus.GIVEN, sha, note=f"note {n}")
    _damage(path, "UPDATE consent_event SET note = CAST(x'37ffff' AS TEXT) WHERE seq = 3",
            "UPDATE consent_event SET note = 'edited' WHERE seq = 5")
    with open_store(str(path)) as store:
        report = store.verify()
    assert report.problems == ("event 3: its content does not match its hash (the event was edited)",
                               "event 5: its content does not match its hash (the event was edited)")


def test_a_stored_text_that_is_not_utf8_is_named_without_its_bytes(
        store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _damage(store_path, "UPDATE topic_clause SET quote = CAST(x'37ffff' AS TEXT) WHERE topic = 'tracking'")
    sha = make_document(V1).sha256
    code, _, err = cli(capsys, "consent", "--db", str(store_path), "record", "--member", "Alice", "--topic",
                       "tracking", "--status", "refuse", "--sha256", sha)
    assert code == 2 and "a stored text (column quote) is not valid UTF-8; the file was damaged" in err
    assert "\ufffd" not in err and _VERIFY_HINT in err


@pytest.mark.parametrize("quote", ["We", "x", "We never track you."])
def test_a_decision_does_not_seal_an_edited_clause_quote_into_its_hash(
        store_path: Path, capsys: pytest.CaptureFixture[str], quote: str) -> None:
    """The clauses a decision quotes are read from a table no hash covers: a quote edited to "We"
    was sealed into the next decision, whose event then proved the member was shown "We"."""
    _damage(store_path, f"UPDATE topic_clause SET quote = '{quote}' WHERE topic = 'tracking'")
    sha = make_document(V1).sha256
    events = _digest(store_path)
    code, _, err = cli(capsys, "consent", "--db", str(store_path), "record", "--member", "Alice", "--topic",
                       "tracking", "--status", "refuse", "--sha256", sha)
    assert code == 2 and "nothing was recorded: the clause 2 stored for topic tracking is no clause" in err
    assert _VERIFY_HINT in err and _digest(store_path) == events


@pytest.mark.parametrize("statement", ["DELETE FROM document WHERE title = 'Community Terms'",
                                       "DELETE FROM member WHERE name = 'Alice'"])
def test_nothing_is_written_while_an_event_refers_to_a_deleted_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], statement: str) -> None:
    """The states worked out from such a log leave the event out (a refusal no longer counts), so a
    new version or decision would be decided on a wrong state."""
    path = tmp_path / "consent.sqlite3"
    with open_store(str(path)) as store:
        store.add_member("Alice")
        store.add_member("Bob")
        old = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("Alice", "tracking", ConsentStatus.REFUSED, old)
        store.add_document(make_document(V1, title="Other Terms"), V1_FLAGS)
    _damage(path, statement)
    before = _digest(path)
    with open_store(str(path)) as store:
        damaged = r"the store is damaged: event 1 refers to a (document|member)"
        with pytest.raises(StoreCorrupt, match=damaged):
            store.add_document(make_document(V1[:2]), V1_FLAGS[:2])
        with pytest.raises(StoreCorrupt, match="nothing was written"):
            store.add_member("Carol")
    assert _digest(path) == before


def test_an_export_of_a_store_that_does_not_verify_warns_and_exits_1(
        store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The records are still written out (they may be all that is left to salvage), but the export
    says it proves nothing and that its JSON cannot be imported."""
    _damage(store_path, "UPDATE consent_event SET note = 'edited'")
    for fmt in ("json", "csv", "fhir", "html"):
        out = tmp_path / f"export.{fmt}"
        code, _, err = cli(capsys, "consent", "--db", str(store_path), "export", "--format", fmt,
                           "--out", str(out))
        assert code == 1 and out.exists(), fmt
        assert "warning: the store does not verify (event 1: " in err
        assert ("consent import` will refuse this file" in err) == (fmt == "json")
    # the file itself says so, for readers who never saw the warning
    tags = json.loads((tmp_path / "export.fhir").read_text(encoding="utf-8"))["meta"]["tag"]
    assert tags[-1]["code"] == "unverified" and "event 1: " in tags[-1]["display"]
    # and no receipt vouches for a consent in a store whose records may have been edited
    code, _, err = cli(capsys, "consent", "--db", str(store_path), "export", "--format", "receipt",
                       "--out", str(tmp_path / "export.receipt"))
    assert code == 2 and not (tmp_path / "export.receipt").exists()
    assert err.startswith("clearterms: no consent receipts from a store that does not verify (event 1: ")
    code, _, err = cli(capsys, "consent", "--db", str(tmp_path / "new.sqlite3"), "import",
                       str(tmp_path / "export.json"))
    assert code == 2 and "If the export warned that the store did not verify" in err


# -- 6. import files that are not exports -------------------------------------------------------------

def test_importing_non_utf8_or_absurdly_nested_files_is_refused_plainly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.md"
    junk.write_bytes(b"Terms \x91quoted\x92")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    for file, said in (
            (junk, "not a ClearTerms consent export: byte 6 is not UTF-8 text, and an export is UTF-8 JSON"),
            (deep, "not a ClearTerms consent export: its JSON is nested too deeply to read")):
        code, _, err = cli(capsys, "consent", "--db", str(tmp_path / "new.db"), "import", str(file))
        assert code == 2 and err.splitlines()[0] == f"clearterms: {file}: {said}"


# -- 7. an export never overwrites the store -----------------------------------------------------------

def test_export_refuses_to_write_over_the_store_or_its_files(store_path: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(store_path)
    wal = store_path.with_name(store_path.name + "-wal")
    for out in (store_path, link, wal, Path(os.path.relpath(store_path))):
        before = _digest(store_path)
        code, _, err = cli(capsys, "consent", "--db", str(store_path), "export", "--format", "csv",
                           "-o", str(out))
        assert code == 2 and "refusing to export over the consent store's own file" in err
        assert _digest(store_path) == before
    with open_store(str(store_path)) as store:
        assert store.verify().ok


def test_export_refuses_to_write_over_another_consent_store(store_path: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`--out ~/.local/share/ClearTerms/consent.sqlite3` while --db names another store replaced it."""
    other = tmp_path / "other.sqlite3"
    with open_store(str(other)) as store:
        store.add_member("dr-kim")
    before = _digest(other)
    code, _, err = cli(capsys, "consent", "--db", str(store_path), "export", "--format", "csv",
                       "-o", str(other))
    assert code == 2
    assert err.splitlines()[0] == (f"clearterms: {other}: refusing to export over an SQLite database "
                                   "(another consent store?)")
    assert _digest(other) == before


# -- 8. long notes ------------------------------------------------------------------------------------

def test_a_note_longer_than_the_limit_is_refused_by_the_store_and_the_cli(
        store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sha = make_document(V1).sha256
    with open_store(str(store_path)) as store:
        store.record("Alice", "tracking", "refused", sha, note="x" * MAX_NOTE_CHARS)
        with pytest.raises(TermsError, match="a note may have at most 10,000"):
            store.record("Alice", "tracking", "refused", sha, note="x" * (MAX_NOTE_CHARS + 1))
    code, _, err = cli(capsys, "consent", "--db", str(store_path), "record", "--member", "Alice",
                       "--topic", "tracking", "--status", "refuse", "--sha256", sha,
                       "--note", "y" * (MAX_NOTE_CHARS + 1))
    assert code == 2 and "the note is 10,001 characters long" in err
    with pytest.raises(SystemExit):
        run_cli(["consent", "record", "--help"])
    assert f"at most {MAX_NOTE_CHARS:,} characters" in " ".join(capsys.readouterr().out.split())


def test_long_words_get_break_opportunities_and_nothing_else_changes() -> None:
    word = "a" * 100 + "&amp;" + "b" * 100
    html = f"<p title='{'t' * 100}'>short words stay {word}</p>"
    broken = break_long_words(html)
    assert broken.replace("\u200b", "") == html
    assert f"title='{'t' * 100}'" in broken and "&amp;" in broken
    runs = re.split("[\\s\u200b]", broken.split("'>")[1].removesuffix("</p>"))
    assert max(len(run.replace("&amp;", "&")) for run in runs) == 40


def test_pdf_layout_of_one_long_unbroken_note_is_not_quadratic(qapp: object) -> None:
    """600 KB of one word: ~17 s before (4.4 s for 300 KB: quadratic), ~2 s with break opportunities."""
    html = f"<html><body><table><tr><td>note</td><td>{'x' * 600_000}</td></tr></table></body></html>"
    started = time.perf_counter()
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF") and time.perf_counter() - started < 8


# -- 9. control characters -------------------------------------------------------------------------

def test_control_characters_are_refused_in_names_and_notes(store_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "consent", "--db", str(store_path), "members", "add", "\x1b[31mEvil")
    assert code == 2 and "control character U+001B" in err and "\x1b" not in err
    sha = make_document(V1).sha256
    with open_store(str(store_path)) as store:
        for bad in ("red \x1b[31m", "over\u202eride", "bell\x07"):
            with pytest.raises(TermsError, match="control character"):
                store.record("Alice", "tracking", "refused", sha, note=bad)
        kept = store.record("Alice", "tracking", "refused", sha, note="line one\n\tline two")
        assert kept.note == "line one\n\tline two"
        assert [m.name for m in store.list_members()] == ["Alice"]


def test_the_note_limit_in_the_help_is_the_stores() -> None:
    from desktop.cli.consent import NOTE_LIMIT_TEXT
    from terms.consent.store import MAX_NOTE_CHARS

    assert f"{MAX_NOTE_CHARS:,}" == NOTE_LIMIT_TEXT


def test_an_import_file_with_a_number_too_long_to_read_is_refused_with_its_name(tmp_path) -> None:
    from terms.errors import InputError
    from terms.export.consent_json import load_json

    with pytest.raises(InputError, match="a number too long to read"):
        load_json('{"n": ' + "9" * 5000 + "}", str(tmp_path / "x.json"))

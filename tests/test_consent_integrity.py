"""What the consent store notices when its file or database is tampered with outside ClearTerms.

Each test damages a store the way someone with direct database access could (``sqlite3`` or
SQL on the server), then checks that opening, writing and ``verify`` say so. Everything runs
unattended, on SQLite and (with ``CLEARTERMS_TEST_PG_URL``) on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from terms.consent import ConsentStatus, NewEvent, migrate, open_store
from terms.consent.location import resolve_location
from terms.consent.storage import PG_GUARDS, SQLITE_GUARDS, shown_location
from terms.errors import StorageError, StoreCorrupt, TermsError
from tests.conftest import REPO
from tests.test_consent_store import V1, V1_FLAGS, db, make_document, pg_url  # noqa: F401 - fixtures

EVENTS = 50


def _filled(location: str, count: int = EVENTS) -> list[str]:
    """A store with one member, one document and ``count`` events; their hashes in order."""
    with open_store(location) as store:
        store.add_member("dr-lee")
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        statuses = (ConsentStatus.REFUSED, ConsentStatus.GIVEN)
        store.record_many(NewEvent("dr-lee", "tracking", statuses[i % 2], sha, ()) for i in range(count))
        return [e.hash for e in store.history()]


def _sql(location: str, *statements: str) -> None:
    """Run statements straight on the database, as an intruder with a database client would."""
    engine = create_engine(resolve_location(location).url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def _is_sqlite(location: str) -> bool:
    return resolve_location(location).is_sqlite


def _drop_guard(location: str) -> list[str]:
    if _is_sqlite(location):
        return ["DROP TRIGGER consent_event_no_update", "DROP TRIGGER consent_event_no_delete"]
    return ["DROP TRIGGER consent_event_append_only ON consent_event"]


def _file_state(path: Path) -> tuple[str, list[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


# -- the append-only guard ----------------------------------------------------------------------


def test_an_intact_store_has_its_guard(db: str) -> None:  # noqa: F811
    _filled(db, 3)
    with open_store(db) as store:
        assert store._storage.guard_problem() == ""
        assert store.verify().ok


def test_events_cut_off_the_end_without_the_guard_fail_verify(db: str) -> None:  # noqa: F811
    _filled(db)
    _sql(db, *_drop_guard(db), "DELETE FROM consent_event WHERE seq >= 49")
    with open_store(db) as store:        # still opens, so that it can be checked and exported
        report = store.verify()
        assert store.event_count() == 48
    assert not report.ok and report.events == 48 and report.first_bad_seq == 49
    assert "append-only trigger" in report.problem and "missing" in report.problem
    assert "removed after event 48" in report.problem


def test_a_store_without_its_guard_refuses_every_write(db: str) -> None:  # noqa: F811
    _filled(db, 3)
    _sql(db, _drop_guard(db)[-1])
    with open_store(db) as store:
        sha = store.history()[0].document_sha256
        writes = {
            "add a member": lambda: store.add_member("dr-okafor"),
            "store a document": lambda: store.add_document(make_document(["Other terms."]), ()),
            "record consent": lambda: store.record("dr-lee", "tracking", "given", sha),
        }
        for action, write in writes.items():
            with pytest.raises(StoreCorrupt) as caught:
                write()
            message = str(caught.value)
            assert message.startswith(f"{shown_location(resolve_location(db))}: refusing to {action}: ")
            assert "append-only trigger" in message and "\n" not in message
            assert caught.value.hint and "nothing was written" in caught.value.hint
        assert store.event_count() == 3 and [m.name for m in store.list_members()] == ["dr-lee"]


@pytest.mark.parametrize("change", ["when-false", "other-body", "update-of-one-column"])
def test_a_weakened_guard_is_noticed(db: str, change: str) -> None:  # noqa: F811
    _filled(db, 2)
    if _is_sqlite(db):
        body = {"when-false": "BEFORE UPDATE ON consent_event WHEN 0 BEGIN SELECT RAISE(ABORT, 'x'); END",
                "other-body": "BEFORE UPDATE ON consent_event BEGIN SELECT 1; END",
                "update-of-one-column": "BEFORE UPDATE OF note ON consent_event "
                                        "BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END"}
        statements = ["DROP TRIGGER consent_event_no_update",
                      f"CREATE TRIGGER consent_event_no_update {body[change]}"]
    else:
        statements = {
            "when-false": ["DROP TRIGGER consent_event_append_only ON consent_event",
                           "CREATE TRIGGER consent_event_append_only BEFORE DELETE OR UPDATE ON "
                           "consent_event FOR EACH ROW WHEN (false) EXECUTE FUNCTION "
                           "consent_event_append_only()"],
            "other-body": ["CREATE OR REPLACE FUNCTION consent_event_append_only() RETURNS trigger "
                           "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$"],
            "update-of-one-column": ["DROP TRIGGER consent_event_append_only ON consent_event",
                                     "CREATE TRIGGER consent_event_append_only BEFORE DELETE OR UPDATE "
                                     "OF note ON consent_event FOR EACH ROW EXECUTE FUNCTION "
                                     "consent_event_append_only()"],
        }[change]
    _sql(db, *statements)
    with open_store(db) as store:
        assert "was changed or disabled" in store._storage.guard_problem()
        report = store.verify()
        assert not report.ok and report.first_bad_seq == 3
        with pytest.raises(StoreCorrupt, match="refusing to add a member"):
            store.add_member("dr-okafor")


def test_a_trigger_that_swallows_appends_is_noticed(db: str) -> None:  # noqa: F811
    _filled(db, 2)
    if _is_sqlite(db):
        _sql(db, "CREATE TRIGGER eat BEFORE INSERT ON consent_event BEGIN SELECT RAISE(IGNORE); END")
    else:
        _sql(db, "CREATE FUNCTION eat() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
             "CREATE TRIGGER eat BEFORE INSERT ON consent_event FOR EACH ROW EXECUTE FUNCTION eat()")
    with open_store(db) as store:
        sha = store.history()[0].document_sha256
        with pytest.raises(StoreCorrupt, match=r"a trigger ClearTerms did not create \(eat\)"):
            store.record("dr-lee", "tracking", "given", sha)
        assert not store.verify().ok


@pytest.mark.parametrize("table", ["member", "topic_clause", "document"])
def test_a_trigger_on_another_table_is_noticed(db: str, table: str) -> None:  # noqa: F811
    """One on the member table renamed each new member; one on the topic clauses dropped every new
    version's clauses: verify said ok, and writes went on."""
    _filled(db, 2)
    if _is_sqlite(db):
        _sql(db, f"CREATE TRIGGER sneaky BEFORE INSERT ON {table} BEGIN SELECT RAISE(IGNORE); END")
    else:
        _sql(db, "CREATE FUNCTION sneaky() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
             f"CREATE TRIGGER sneaky BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION sneaky()")
    with open_store(db) as store:
        report = store.verify()
        assert not report.ok
        assert f"the {table} table has a trigger ClearTerms did not create (sneaky)" in report.problem
        with pytest.raises(StoreCorrupt, match=f"refusing to add a member: the {table} table has a trigger"):
            store.add_member("dr-okafor")
        assert [m.name for m in store.list_members()] == ["dr-lee"]


def test_a_disabled_guard_is_noticed_on_postgresql(pg_url: str) -> None:  # noqa: F811
    _filled(pg_url, 2)
    _sql(pg_url, "ALTER TABLE consent_event DISABLE TRIGGER consent_event_append_only")
    with open_store(pg_url) as store:
        assert "changed or disabled" in store.verify().problem
        with pytest.raises(StoreCorrupt, match="refusing to add a member"):
            store.add_member("dr-okafor")


def test_the_log_cannot_be_truncated_on_postgresql(pg_url: str) -> None:  # noqa: F811
    from sqlalchemy.exc import DBAPIError

    _filled(pg_url, 3)
    for statement in ("TRUNCATE consent_event", "TRUNCATE member, document, topic_clause, consent_event"):
        with pytest.raises(DBAPIError, match="append-only"):
            _sql(pg_url, statement)
    with open_store(pg_url) as store:
        assert store.event_count() == 3 and store.verify().ok


def test_a_store_upgraded_from_the_second_revision_gets_the_whole_guard(db: str) -> None:  # noqa: F811
    engine = create_engine(resolve_location(db).url)
    with engine.begin() as conn:
        migrate.upgrade(conn, "0002")
    engine.dispose()
    with open_store(db) as store:
        assert store._storage.guard_problem() == ""
        with store._storage.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()


def test_an_edit_is_still_named_first_when_the_guard_is_gone(db: str) -> None:  # noqa: F811
    _filled(db, 4)
    _sql(db, *_drop_guard(db), "UPDATE consent_event SET note = 'changed' WHERE seq = 2")
    with open_store(db) as store:
        report = store.verify()
    assert report.first_bad_seq == 2 and report.problem.startswith("event 2: its content does not match")
    assert "also, the append-only trigger" in report.problem


def test_an_old_store_without_its_guard_is_not_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    engine = create_engine(resolve_location(str(path)).url)
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
        conn.execute(text("DROP TRIGGER consent_event_no_delete"))
    engine.dispose()
    with sqlite3.connect(path) as raw:      # as every store ClearTerms wrote: in WAL mode
        raw.execute("PRAGMA journal_mode=WAL")
    raw.close()
    before = _file_state(path)
    with pytest.raises(StoreCorrupt, match="refusing to upgrade the store: the append-only trigger "
                                           "consent_event_no_delete on the event table is missing"):
        open_store(str(path))
    assert _file_state(path) == before


def test_a_store_one_revision_old_without_its_guard_opens_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    location = str(path)
    _filled(location)
    # As a store of the previous release would be: revision 0002, then tampered with.
    _sql(location, "UPDATE alembic_version SET version_num = '0002'", *_drop_guard(location),
         "DELETE FROM consent_event WHERE seq >= 49")
    before = _file_state(path)
    with open_store(location) as store:
        report = store.verify()
        with pytest.raises(StoreCorrupt, match="refusing to add a member"):
            store.add_member("dr-okafor")
        with store._storage.engine.connect() as conn:
            assert migrate.current_revision(conn) == "0002"
    assert not report.ok and report.first_bad_seq == 49
    assert _file_state(path) == before


def test_an_anchor_noted_outside_shows_events_cut_off_the_end(db: str) -> None:  # noqa: F811
    hashes = _filled(db)
    # The intruder removes the last events and puts the guard back exactly as it was.
    if _is_sqlite(db):
        _sql(db, *_drop_guard(db), "DELETE FROM consent_event WHERE seq >= 49",
             "CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event "
             "BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END",
             "CREATE TRIGGER consent_event_no_delete BEFORE DELETE ON consent_event "
             "BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END")
    else:
        _sql(db, "ALTER TABLE consent_event DISABLE TRIGGER consent_event_append_only",
             "DELETE FROM consent_event WHERE seq >= 49",
             "ALTER TABLE consent_event ENABLE TRIGGER consent_event_append_only")
    with open_store(db) as store:
        assert store.verify().ok                    # the file alone cannot tell
        cut = store.verify(expect=(EVENTS, hashes[-1]))
        kept = store.verify(expect=(48, hashes[47]))
        rewritten = store.verify(expect=(48, hashes[46]))
    assert not cut.ok and cut.first_bad_seq == 49 and cut.problem.startswith("event 50 is missing")
    assert kept.ok
    assert not rewritten.ok and rewritten.first_bad_seq == 48 and "rewritten" in rewritten.problem


def test_cli_verify_checks_an_anchor_noted_outside_the_store(tmp_path: Path, capsys) -> None:
    """The command line had no way to give verify the count and head hash noted earlier: events cut
    off the end, with the guard put back, verified "ok"."""
    from desktop.cli import run_cli

    path = tmp_path / "consent.sqlite3"
    hashes = _filled(str(path))
    _sql(str(path), *_drop_guard(str(path)), "DELETE FROM consent_event WHERE seq >= 49",
         "CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event "
         "BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END",
         "CREATE TRIGGER consent_event_no_delete BEFORE DELETE ON consent_event "
         "BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END")
    verify = ["consent", "--db", str(path), "verify"]
    assert run_cli(verify) == 0 and capsys.readouterr().out.startswith("ok: 48 events")
    assert run_cli([*verify, "--expect", f"{EVENTS}:{hashes[-1]}"]) == 1
    assert capsys.readouterr().out.startswith("BROKEN: event 50 is missing")
    assert run_cli([*verify, "--expect", f"48:{hashes[47].upper()}"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("it still holds event 48 as noted")
    with pytest.raises(SystemExit):
        run_cli([*verify, "--expect", "48"])
    assert "needs the event count and the 64-digit head hash as N:HASH" in capsys.readouterr().err


def test_cli_verify_fails_and_writes_are_refused_after_a_tail_deletion(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    _filled(str(path))
    conn = sqlite3.connect(path)       # the QA scenario, with the sqlite3 module as the intruder's tool
    conn.executescript("DROP TRIGGER consent_event_no_update; DROP TRIGGER consent_event_no_delete; "
                       "DELETE FROM consent_event WHERE seq >= 49;")
    conn.close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "desktop", "consent", "--db", str(path), *args],
                              cwd=REPO, capture_output=True, text=True, timeout=60)

    verify = run("verify")
    assert verify.returncode == 1 and verify.stdout.startswith("BROKEN: the append-only trigger")
    before = _file_state(path)
    add = run("members", "add", "dr-okafor")
    assert add.returncode == 2 and "Traceback" not in add.stderr
    assert add.stderr.startswith(f"clearterms: {path}: refusing to add a member: the append-only trigger")
    assert _file_state(path)[0] == before[0]


# -- empty files ----------------------------------------------------------------------------------


def test_an_existing_empty_file_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    path.write_bytes(b"")
    before = _file_state(path)
    with pytest.raises(StoreCorrupt) as caught:
        open_store(str(path))
    assert str(caught.value) == f"{path}: the file is empty (0 bytes), not a consent database"
    assert caught.value.hint and "Nothing was changed" in caught.value.hint
    assert _file_state(path) == before and path.stat().st_size == 0


def test_cli_refuses_an_empty_store_for_writes_and_verify(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    path.write_bytes(b"")
    for args in (("members", "add", "dr-lee"), ("verify",)):
        result = subprocess.run([sys.executable, "-m", "desktop", "consent", "--db", str(path), *args],
                                cwd=REPO, capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, args
        assert result.stderr.splitlines()[0] == f"clearterms: {path}: the file is empty (0 bytes), not a " \
                                                "consent database"
    assert path.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["consent.sqlite3"]


def test_a_path_that_does_not_exist_still_starts_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "new" / "consent.sqlite3"
    with open_store(str(path)) as store:
        assert store.verify().ok and store.event_count() == 0
    assert path.stat().st_size > 0
    with open_store(str(path)) as store:            # and reopens as the store it became
        store.add_member("dr-lee")


# -- member names ---------------------------------------------------------------------------------


def test_member_names_differing_only_in_case_or_spacing_are_one_member(db: str) -> None:  # noqa: F811
    with open_store(db) as store:
        assert store.add_member("  Dr.   E ").name == "Dr. E"
        for same in ("dr. e ", "DR. E", "dr.\te"):
            with pytest.raises(TermsError, match=r"a member named 'Dr\. E' already exists \(.* differs from "
                                                 r"it only in case, spacing, how an accent is typed or "
                                                 r"invisible characters\)"):
                store.add_member(same)
        with pytest.raises(TermsError, match=r"^a member named 'Dr\. E' already exists$"):
            store.add_member("Dr. E")
        assert [m.name for m in store.list_members()] == ["Dr. E"]
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        event = store.record("dr. e", "tracking", "given", sha)
        assert event.member == "Dr. E"
        assert [e.seq for e in store.history("DR.  E")] == [event.seq]
        assert [s.member for s in store.current_state("dr. e")] == ["Dr. E"]


def test_an_accent_typed_as_a_combining_mark_names_the_same_member(db: str) -> None:  # noqa: F811
    composed, decomposed = "Dr. Zo\u00eb M\u00fcller", "dr. zoe\u0308 mu\u0308ller"
    with open_store(db) as store:
        store.add_member(composed)
        assert store.member(decomposed).name == composed
        with pytest.raises(TermsError, match="already exists"):
            store.add_member(decomposed)
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        assert store.record(decomposed, "tracking", "given", sha).member == composed


def test_an_old_store_with_look_alike_members_asks_for_the_exact_name(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    with open_store(str(path)) as store:
        store.add_member("Dr. E")
    _sql(str(path), "INSERT INTO member (name, created_at) VALUES ('dr. e', '2026-01-01T00:00:00.000000Z')")
    with open_store(str(path)) as store:
        assert store.member("dr. e").name == "dr. e"
        with pytest.raises(TermsError, match=r"member name 'DR. E' is ambiguous: 'Dr\. E', 'dr\. e'"):
            store.member("DR. E")


# -- messages about server databases ------------------------------------------------------------


def test_a_server_that_cannot_be_reached_is_named_without_driver_or_password() -> None:
    url = "postgresql://bob:s3cret@127.0.0.1:1/registry"
    with pytest.raises(StorageError) as caught:
        open_store(url)
    message = str(caught.value)
    assert message.startswith("postgresql://bob@127.0.0.1:1/registry: cannot open the store: ")
    assert "s3cret" not in message and "+psycopg" not in message and "***" not in message


def test_a_file_store_is_shown_as_its_path(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    assert shown_location(resolve_location(str(path))) == str(path)
    assert shown_location(resolve_location("postgresql+psycopg://ann@db.example:5433/reg")) == \
        "postgresql://ann@db.example:5433/reg"


def test_a_postgresql_url_without_the_driver_installed_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """psycopg comes only with the optional ``postgres`` extra: a fresh install has none."""
    from desktop.cli import run_cli

    monkeypatch.setitem(sys.modules, "psycopg", None)      # `import psycopg` fails as if not installed
    url = "postgresql://nobody@127.0.0.1:1/x"
    expected = (f"{url}: cannot open the store: the PostgreSQL driver psycopg is not installed; install it "
                "with: pip install 'clearterms[postgres]'")
    with pytest.raises(StorageError) as caught:
        open_store(url)
    assert str(caught.value) == expected
    assert run_cli(["consent", "verify", "--db", url]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines() == [
        f"clearterms: {expected}",
        "  The driver is an optional part of ClearTerms; a file path in --db (or CLEARTERMS_DB) needs none."]
    monkeypatch.setattr(sys, "frozen", True, raising=False)   # the standalone bundle ships no driver
    with pytest.raises(StorageError, match=r"psycopg is not part of this standalone bundle$") as caught:
        open_store(url)
    assert caught.value.hint and "pip install 'clearterms[postgres]'" in caught.value.hint


# -- a member's record changed, not an event -------------------------------------------------------


def _alice_twice_bob_once(location: str) -> None:
    with open_store(location) as store:
        for name in ("Alice", "Bob"):
            store.add_member(name)
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("Alice", "tracking", ConsentStatus.GIVEN, sha)
        store.record("Bob", "tracking", ConsentStatus.REFUSED, sha)
        store.record("Alice", "client-access", ConsentStatus.REFUSED, sha)


def test_a_renamed_member_is_named_as_the_change_not_an_edited_event(db: str) -> None:  # noqa: F811
    """The member table has no guard, and an event's hash covers its member's name: renaming a
    member in the database breaks the hash of every event of that member, though no event row
    changed. verify says so, once, instead of "the event was edited"."""
    _alice_twice_bob_once(db)
    _sql(db, "UPDATE member SET name = 'Eve' WHERE name = 'Alice'")
    with open_store(db) as store:
        report = store.verify()
    assert not report.ok and report.first_bad_seq == 1 and report.events == 3
    assert report.problems == (
        "event 1: its member's stored name 'Eve' is not the name the event recorded, nor the one the "
        "member's 1 later event recorded: the member's record was edited after they were recorded, not "
        "the events, since all of them fail alike (an event's hash covers its member's name; the "
        "append-only guard keeps event rows from being edited)",)


@pytest.mark.parametrize("edit", ["renamed", "event edited"])
def test_a_member_with_one_event_leaves_both_causes_open(db: str, edit: str) -> None:  # noqa: F811
    """Bob's refusal turned into consent, with the guard lifted and put back, was reported as "the
    member's record was edited …, not the event": with one event, the two cannot be told apart."""
    _alice_twice_bob_once(db)
    if edit == "renamed":
        _sql(db, "UPDATE member SET name = 'Rob' WHERE name = 'Bob'")
    else:
        guard = SQLITE_GUARDS if _is_sqlite(db) else {"consent_event_append_only": PG_GUARDS[
            "consent_event_append_only"]}
        _sql(db, *_drop_guard(db), "UPDATE consent_event SET status = 'given' WHERE seq = 2",
             *(statement for statement, _revision in guard.values()))
    with open_store(db) as store:
        report = store.verify()
    assert report.first_bad_seq == 2 and len(report.problems) == 1
    assert report.problems[0].startswith("event 2: its content does not match its hash: either its member's "
                                         "record (now named ")
    assert "or the event itself was" in report.problems[0] and "not the event" not in report.problems[0]


def test_a_renamed_member_with_the_guard_gone_leaves_both_causes_open(db: str) -> None:  # noqa: F811
    _alice_twice_bob_once(db)
    _sql(db, *_drop_guard(db), "UPDATE member SET name = 'Eve' WHERE name = 'Alice'")
    with open_store(db) as store:
        report = store.verify()
    assert report.first_bad_seq == 1
    assert report.problems[0] == (
        "event 1: its content does not match its hash, nor does that of the member's 1 later event: either "
        "its member's record (now named 'Eve') was edited after they were recorded, or they were edited "
        "while the append-only guard was off")
    assert report.problems[1].startswith("the append-only trigger")


def test_an_edited_event_beside_intact_ones_of_its_member_is_still_an_edit(db: str) -> None:  # noqa: F811
    _alice_twice_bob_once(db)
    _sql(db, *_drop_guard(db), "UPDATE consent_event SET note = 'changed' WHERE seq = 3")
    with open_store(db) as store:
        report = store.verify()
    assert report.problems[0] == "event 3: its content does not match its hash (the event was edited)"


def test_cli_verify_names_the_renamed_member(tmp_path: Path) -> None:
    """The QA scenario: ``UPDATE member SET name='Eve'`` with the sqlite3 shell, triggers intact."""
    path = tmp_path / "consent.sqlite3"
    _alice_twice_bob_once(str(path))
    conn = sqlite3.connect(path)
    conn.execute("UPDATE member SET name = 'Eve' WHERE name = 'Alice'")
    conn.commit()
    conn.close()
    result = subprocess.run([sys.executable, "-m", "desktop", "consent", "--db", str(path), "verify"],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith(f"clearterms: the consent store at {path} fails")
    assert result.stdout.startswith("BROKEN: event 1: its member's stored name 'Eve' is not the name the "
                                    "event recorded")
    assert "the event was edited" not in result.stdout and len(result.stdout.splitlines()) == 1

"""Never lose or corrupt a record: crashes, concurrent writers, upgrades, and stores we must refuse."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from terms.consent import ConsentStatus, NewEvent, migrate, open_store
from terms.consent.chain import GENESIS, event_payload, hash_payload
from terms.consent.model import ClauseRef
from terms.errors import StorageError, StoreCorrupt, StoreTooNew
from tests.conftest import REPO
from tests.test_consent_store import V1, V1_FLAGS, db, make_document, pg_url  # noqa: F401 - fixtures

# A child process that records decisions one by one and prints each sequence number
# only after its transaction committed: every printed number is an acknowledged event.
WRITER = """
import sys
from terms.consent import open_store
store = open_store(sys.argv[1])
member, sha, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
for i in range(count):
    event = store.record(member, "tracking", "given" if i % 2 else "refused", sha, method="burst")
    print(event.seq, flush=True)
"""


def _prepared(location: str, members: tuple[str, ...] = ("dr-lee",)) -> str:
    with open_store(location) as store:
        for name in members:
            store.add_member(name)
        return store.add_document(make_document(V1), V1_FLAGS).document.sha256


def _writer(location: str, member: str, sha: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, location, member, sha, str(count)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _file_state(path: Path) -> tuple[str, list[str]]:
    """The file's hash and the names in its folder: to prove a refused store was not touched."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


STARTER = """
import sys
from terms.consent import open_store
open_store(sys.argv[1]).add_member("dr-lee")
"""


def test_a_store_killed_while_it_is_started_leaves_no_empty_file(tmp_path: Path) -> None:
    """SQLite writes a new file's header only when its first transaction commits, so a program
    killed while starting a store left a 0-byte file, which every later run refused as damaged."""
    import time

    for attempt in range(8):
        path = tmp_path / f"consent-{attempt}.sqlite3"
        child = subprocess.Popen([sys.executable, "-c", STARTER, str(path)], cwd=REPO)
        deadline = time.monotonic() + 30
        while not any(p.name.startswith((path.name, f".{path.name}")) for p in tmp_path.iterdir()):
            assert time.monotonic() < deadline and child.poll() is None, "the store was never started"
            time.sleep(0.001)
        time.sleep(0.01 * attempt)   # kill at a point further into the start each time
        child.kill()
        child.wait()
        assert not path.exists() or path.stat().st_size > 0
        with open_store(str(path)) as store:   # whatever was left, the next run starts or opens it
            assert store.verify().ok


def test_a_store_that_fails_while_it_is_started_leaves_nothing(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "consent.sqlite3"

    def fail(_conn: Connection) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(migrate, "upgrade", fail)
    with pytest.raises((OSError, StorageError)):
        open_store(str(path))
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    with open_store(str(path)) as store:
        store.add_member("dr-lee")
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))] == [path.name]


def test_kill_9_during_a_burst_loses_no_acknowledged_event(db: str) -> None:  # noqa: F811
    sha = _prepared(db)
    child = _writer(db, "dr-lee", sha, 100_000)
    assert child.stdout is not None
    acknowledged = []
    for line in child.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) >= 40:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    acknowledged += [int(line) for line in child.stdout.read().split()]
    with open_store(db) as store:  # the SQLite open runs integrity_check and refuses damage
        report = store.verify()
        stored = {e.seq for e in store.history()}
    assert report.ok, report.problem
    assert set(acknowledged) <= stored
    assert stored == set(range(1, len(stored) + 1))
    if db.endswith(".sqlite3"):
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.close()


def test_two_processes_writing_at_once_lose_nothing_and_never_fork(db: str) -> None:  # noqa: F811
    sha = _prepared(db, ("dr-lee", "dr-ng"))
    children = [_writer(db, name, sha, 40) for name in ("dr-lee", "dr-ng")]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
    acknowledged = [int(n) for out, _err in outputs for n in out.split()]
    with open_store(db) as store:
        events = store.history()
        report = store.verify()
    assert report.ok, report.problem
    assert sorted(acknowledged) == [e.seq for e in events] == list(range(1, 81))
    assert {name: sum(e.member == name for e in events) for name in ("dr-lee", "dr-ng")} == {
        "dr-lee": 40, "dr-ng": 40}


def _insert_revision_1_records(conn: Connection, sha: str) -> list[str]:
    """Records written the way the first release wrote them (its schema has no expiry column)."""
    conn.execute(text("INSERT INTO member (id, name, created_at) "
                      "VALUES (1, 'dr-lee', '2026-01-01T00:00:00Z')"))
    doc = make_document(V1)
    conn.execute(text("INSERT INTO document (sha256, series, title, service, kind, version_label, "
                      "effective_date, source, format, added_at, text) VALUES (:sha, 's', 't', 'svc', "
                      "'terms', NULL, NULL, NULL, 'text', '2026-01-01T00:00:00Z', :text)"),
                 {"sha": sha, "text": doc.text})
    prev, hashes = GENESIS, []
    clauses = (ClauseRef("1", "fp1", V1[0]),)
    for seq, status in enumerate(("given", "refused", "withdrawn"), 1):
        when = f"2026-01-0{seq}T00:00:00.000000Z"
        payload = event_payload(seq=seq, member="dr-lee", topic="client-access", status=ConsentStatus(status),
                                document_sha256=sha, clauses=clauses, pack=None, recorded_at=when,
                                method="cli", note=f"n{seq}", expires_at=None, prev_hash=prev)
        digest = hash_payload(payload)
        conn.execute(text("INSERT INTO consent_event (seq, member_id, topic, status, document_sha256, "
                          "clauses, recorded_at, method, note, prev_hash, hash) "
                          "VALUES (:seq, 1, 'client-access', :status, :sha, :clauses, :when, 'cli', :note, "
                          ":prev, :hash)"),
                     {"seq": seq, "status": status, "sha": sha, "when": when, "note": f"n{seq}", "prev": prev,
                      "hash": digest, "clauses": json.dumps([["1", "fp1", V1[0]]])})
        prev = digest
        hashes.append(digest)
    return hashes


def test_a_first_release_database_upgrades_with_every_record_intact(db: str) -> None:  # noqa: F811
    from terms.consent.location import resolve_location

    sha = make_document(V1).sha256
    engine = create_engine(resolve_location(db).url)
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
        hashes = _insert_revision_1_records(conn, sha)
        assert migrate.current_revision(conn) == "0001"
    engine.dispose()
    assert migrate.head_revision() != "0001"
    with open_store(db) as store:
        events = store.history()
        assert [e.hash for e in events] == hashes
        assert [e.note for e in events] == ["n1", "n2", "n3"]
        assert all(e.expires_at is None for e in events)
        assert store.verify().ok
        assert store.document(sha).text == make_document(V1).text
        # the upgraded store keeps working, and the new column is there
        store.record("dr-lee", "tracking", "given", sha, expires_at="2099-01-01T00:00:00.000000Z")
        assert store.verify().ok and store.event_count() == 4
        with store._storage.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    _prepared(str(path))
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = _file_state(path)
    with pytest.raises(StoreTooNew, match=r"newer ClearTerms .*revision 9999"):
        open_store(str(path))
    assert _file_state(path) == before


def test_a_newer_schema_is_refused_on_postgresql(pg_url: str) -> None:  # noqa: F811
    _prepared(pg_url)
    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreTooNew, match="revision 9999"):
        open_store(pg_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM consent_event")).scalar_one() == 0
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "9999"
    engine.dispose()


@pytest.mark.parametrize(("edit", "message"), [
    ("DELETE FROM alembic_version", r"holds the tables consent_event, .* but no schema version"),
    ("INSERT INTO alembic_version VALUES ('0003')", "its schema version table holds 2 versions"),
    ("UPDATE alembic_version SET version_num = ''", "its schema version '' is none ClearTerms ever wrote"),
    ("UPDATE alembic_version SET version_num = '0001'", "its tables do not match its schema version 0001"),
])
def test_a_damaged_schema_version_is_named_and_left_untouched(tmp_path: Path, edit: str,
                                                              message: str) -> None:
    """An emptied version table read as "no consent store"; two rows were an internal error; an older
    number a bare "duplicate column name"."""
    path = tmp_path / "consent.sqlite3"
    _prepared(str(path))
    with sqlite3.connect(path) as conn:
        conn.execute(edit)
    conn.close()
    before = _file_state(path)
    for create in (True, False):
        with pytest.raises(StoreCorrupt, match=message) as caught:
            open_store(str(path), create=create)
        assert "damaged" in str(caught.value) and "nothing was changed" in (caught.value.hint or "")
    assert _file_state(path) == before


def _store_with_events(path: Path, count: int = 300) -> None:
    sha = _prepared(str(path))
    with open_store(str(path)) as store:
        store.record_many(NewEvent("dr-lee", "tracking", ConsentStatus.GIVEN, sha, (),
                                   note=f"event {i} " + "x" * 200) for i in range(count))


@pytest.mark.parametrize("damage", ["random-bytes", "truncated", "garbled-pages", "empty-header"])
def test_damaged_files_are_refused_and_left_untouched(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "consent.sqlite3"
    if damage == "random-bytes":
        path.write_bytes(os.urandom(64 * 1024))
    else:
        _store_with_events(path)
        data = bytearray(path.read_bytes())
        if damage == "truncated":
            data = data[: len(data) // 2]
        elif damage == "garbled-pages":
            middle = len(data) // 2
            data[middle:middle + 8192] = os.urandom(8192)
        else:
            data[:16] = b"\x00" * 16
        path.write_bytes(bytes(data))
    before = _file_state(path)
    with pytest.raises(StoreCorrupt) as caught:
        open_store(str(path))
    message = str(caught.value)
    assert str(path) in message and "\n" not in message
    assert "damaged" in message or "not a consent database" in message
    assert caught.value.hint and "nothing was changed" in caught.value.hint
    assert _file_state(path) == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    before = _file_state(path)
    with pytest.raises(StoreCorrupt, match="not a ClearTerms consent database"):
        open_store(str(path))
    assert _file_state(path) == before


def test_a_location_that_cannot_be_written_is_refused() -> None:
    with pytest.raises(StorageError, match=r"cannot write to /proc/clearterms-consent\.sqlite3"):
        open_store("/proc/clearterms-consent.sqlite3")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits; /proc covers read-only here")
def test_a_read_only_folder_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    _prepared(str(path))
    before = _file_state(path)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StorageError, match="cannot write to"):
            open_store(str(path))
    finally:
        tmp_path.chmod(0o755)
    assert _file_state(path) == before


def test_cli_reports_a_corrupt_store_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    path.write_bytes(b"definitely not a database" * 100)
    result = subprocess.run([sys.executable, "-m", "desktop", "consent", "--db", str(path), "verify"],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"clearterms: {path}: not a consent database")
    assert "Traceback" not in result.stderr
    _message, hint = result.stderr.splitlines()     # one line for what is wrong, one for what to do
    assert "nothing was changed" in hint and "backup" in hint and "JSON export" in hint


def test_each_write_is_in_the_database_file_itself_not_only_in_its_log(tmp_path: Path) -> None:
    """SQLite reads a write-ahead log only up to its first damaged frame: commits left there were
    lost without a word when the log was damaged, or when only the .sqlite3 file was copied."""
    path = tmp_path / "consent.sqlite3"
    sha = _prepared(str(path))
    with open_store(str(path)) as store:   # still open: its log is beside it
        for status in ("given", "refused", "given"):
            store.record("dr-lee", "tracking", status, sha)
        copy = tmp_path / "copy.sqlite3"
        copy.write_bytes(path.read_bytes())   # the database file alone, as a careless backup takes it
    with open_store(str(copy)) as restored:
        assert restored.event_count() == 3 and restored.verify().ok


def test_a_store_that_cannot_be_written_is_still_read_verified_and_exported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An archived copy on read-only media could not even be verified ("cannot write to …"): the
    privacy officer's audit case. Reading opens it read-only; writing is refused, naming why."""
    from terms.consent import storage

    path = tmp_path / "archived.sqlite3"
    sha = _prepared(str(path))
    with open_store(str(path)) as store:
        store.record("dr-lee", "tracking", "given", sha)
    before = _file_state(path)
    monkeypatch.setattr(storage, "_writable", lambda _path: False)
    with open_store(str(path), create=False) as store:
        assert store.verify().ok and store.event_count() == 1
        assert [s.status for s in store.current_state("dr-lee")] == [ConsentStatus.GIVEN]
        assert len(store.snapshot().events) == 1
        with pytest.raises(StorageError, match=r"the store cannot be written .* opened only to read"):
            store.record("dr-lee", "tracking", "refused", sha)
    assert _file_state(path) == before   # not a byte written, no file made beside it


def test_reading_verifying_and_exporting_do_not_wait_for_a_writer(tmp_path: Path, monkeypatch) -> None:
    """Opening a store always took the write lock (to check its schema), so `verify`, `show` and
    `export` waited behind a long import and then failed as "busy"."""
    from terms.consent import storage as storage_module

    path = tmp_path / "consent.sqlite3"
    with open_store(str(path)) as store:
        store.add_member("dr-lee")
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("dr-lee", "tracking", ConsentStatus.REFUSED, sha)
    monkeypatch.setattr(storage_module, "BUSY_TIMEOUT_MS", 200)   # a wait for the lock fails fast
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")   # another program's long write
    try:
        with open_store(str(path)) as store:
            assert store.verify().ok and store.event_count() == 1 and len(store.snapshot().events) == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# A child process that imports an export into a new store and is killed in the middle of it.
IMPORTER = """
import os, signal, sys
from pathlib import Path
from terms.consent.storage import Storage
from terms.consent.store import import_into_new_store
from terms.export.consent_json import load_json

def killed(self, snapshot):
    os.kill(os.getpid(), signal.SIGKILL)   # as `timeout -s KILL` does, while the rows are written

Storage.restore = killed
import_into_new_store(sys.argv[1], load_json(Path(sys.argv[2]).read_text("utf-8"), sys.argv[2]))
"""


def test_an_import_killed_midway_leaves_no_store(tmp_path: Path) -> None:
    """A killed import left the new store it had started, empty, which verified as "ok: 0 events"."""
    from terms.consent.store import import_into_new_store
    from terms.export.consent_json import load_json, to_json

    source = tmp_path / "source.sqlite3"
    sha = _prepared(str(source))
    export = tmp_path / "export.json"
    with open_store(str(source)) as store:
        store.record("dr-lee", "tracking", "refused", sha)
        export.write_text(to_json(store.snapshot()), encoding="utf-8")
    target = tmp_path / "restored.sqlite3"
    child = subprocess.run([sys.executable, "-c", IMPORTER, str(target), str(export)], cwd=REPO, timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert not target.exists()
    assert [p.name for p in tmp_path.glob(".restored.sqlite3.*.importing")]   # the killed import's
    # the next try imports it whole, and clears what the killed one left
    import_into_new_store(str(target), load_json(export.read_text("utf-8"), "export.json"))
    with open_store(str(target)) as store:
        assert store.verify().ok and store.event_count() > 0
    assert not list(tmp_path.glob(".restored.sqlite3.*"))

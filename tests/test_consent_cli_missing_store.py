"""``clearterms consent`` where no store exists yet: commands that only read create nothing.

A mistyped ``--db`` used to become a new, empty store, on which ``verify`` reported "ok: 0 events"
and ``export`` wrote an empty export: a privacy officer could take that for the real records.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from terms.consent import open_store
from terms.consent.chain import GENESIS
from terms.consent.location import ENV_VAR
from tests.test_consent_cli import SAMPLE, cli

_HINT = ("  Nothing was created. A store is started by adding a member (`clearterms consent members add "
         "NAME`); then record decisions.")

#: Every command that only reads the store, and ``record``, which needs a member already in it.
_READING = [
    ("verify",), ("verify", "--format", "json"), ("members",), ("members", "list"),
    ("show", "--member", "dr-lee"), ("history", "--member", "dr-lee"),
    ("review",), ("review", "--member", "dr-lee"),
    *(("export", "--format", fmt, "--out", "{out}") for fmt in ("csv", "json", "fhir", "receipt", "html")),
    ("export", "--format", "csv", "--out", "-"),
]


def _everything_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("args", _READING, ids=" ".join)
def test_a_reading_command_refuses_a_store_that_does_not_exist(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        args: tuple[str, ...]) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "nonexist" / "dir" / "x.sqlite3"
    out_file = tmp_path / "export.out"
    args = tuple(a.replace("{out}", str(out_file)) for a in args)
    code, out, err = cli(capsys, "consent", "--db", str(missing), *args)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"clearterms: no consent store at {missing}; add a member first or check --db", _HINT]
    assert _everything_under(tmp_path) == []      # no store, no folder, no export, no file named '-'


def test_record_refuses_a_store_that_does_not_exist(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """``record`` writes, but only for a member already in the store: it starts no store either."""
    missing = tmp_path / "new" / "x.sqlite3"
    code, _, err = cli(capsys, "consent", "--db", str(missing), "record", "--member", "dr-lee", "--topic",
                       "tracking", "--status", "allow", "--document", str(SAMPLE))
    assert code == 2
    assert err.splitlines()[0] == (f"clearterms: no consent store at {missing}; add the member first or "
                                   "check --db")
    assert _everything_under(tmp_path) == []


def test_the_message_names_clearterms_db_when_that_chose_the_store(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "typo.sqlite3"
    monkeypatch.setenv(ENV_VAR, str(missing))
    code, _, err = cli(capsys, "consent", "verify")
    assert code == 2
    assert err.splitlines()[0] == (f"clearterms: no consent store at {missing}; add a member first or "
                                   "check CLEARTERMS_DB")
    assert not missing.exists()


@pytest.mark.parametrize("args", [("members", "add", "dr-lee"), ("add-version", str(SAMPLE))], ids=" ".join)
def test_a_writing_command_still_starts_a_new_store(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    args: tuple[str, ...]) -> None:
    path = tmp_path / "new" / "folder" / "consent.sqlite3"
    code, _, err = cli(capsys, "consent", "--db", str(path), *args)
    assert code == 0, err
    # ... and says so: a mistyped --db starts an empty store, read later as "nothing recorded"
    assert err == f"clearterms: note: started a new consent store at {path} (named by --db)\n"
    code, out, err = cli(capsys, "consent", "--db", str(path), "verify")   # and then it reads
    assert code == 0 and out.startswith("ok: ") and err == ""
    again = ("members", "add", "dr-kim") if args[0] == "members" else args
    code, _, err = cli(capsys, "consent", "--db", str(path), *again)
    assert err == ""   # once started, no note


def test_a_store_started_where_clearterms_db_points_is_announced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "typo.sqlite3"
    monkeypatch.setenv(ENV_VAR, str(path))
    code, _, err = cli(capsys, "consent", "members", "add", "dr-lee")
    assert code == 0
    assert err == f"clearterms: note: started a new consent store at {path} (named by CLEARTERMS_DB)\n"


def test_a_database_without_clearterms_tables_is_not_made_a_store_by_reading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing database that holds no store (as an empty PostgreSQL database would be) gets no
    tables from a command that only reads."""
    path = tmp_path / "empty.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")      # a valid SQLite file without any table
    conn.close()
    code, _, err = cli(capsys, "consent", "--db", str(path), "verify")
    assert code == 2
    assert err.splitlines()[0] == (f"clearterms: no consent store at {path} (it holds no ClearTerms tables); "
                                   "add a member first or check --db")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    conn.close()


# -- the default store, before anything was recorded on this computer ------------------------------


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No --db, no CLEARTERMS_DB, and a user data directory ClearTerms never wrote to."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "ClearTerms" / "consent.sqlite3"


def test_the_never_used_default_store_verifies_as_nothing_recorded_and_stays_uncreated(
        fresh_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "consent", "verify")
    assert (code, err) == (0, "")
    assert out == ("ok: 0 events: nothing has been recorded yet (there is no consent store at "
                   f"{fresh_home}), so there is nothing to verify\n")
    code, out, _ = cli(capsys, "consent", "verify", "--format", "json")
    assert code == 0 and json.loads(out) == {"ok": True, "events": 0, "head_hash": GENESIS,
                                             "first_bad_seq": None, "problem": "", "problems": [],
                                             "notes": []}
    assert cli(capsys, "consent", "members") == (
        0, "no members yet; add one with: clearterms consent members add NAME\n", "")
    assert cli(capsys, "consent", "review") == (0, "nothing to re-review\n", "")
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("args", [
    ("show", "--member", "dr-lee"), ("history", "--member", "dr-lee"), ("review", "--member", "dr-lee"),
    ("export", "--format", "json", "--out", "-")], ids=" ".join)
def test_the_never_used_default_store_says_nothing_is_recorded_yet(
        fresh_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, out, err = cli(capsys, "consent", *args)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"clearterms: nothing has been recorded yet: there is no consent store at {fresh_home}", _HINT]
    assert not (tmp_path / "data").exists()


def test_the_default_store_is_started_by_the_first_member(fresh_home: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "consent", "members", "add", "dr-lee") == (0, "added member dr-lee\n", "")
    assert fresh_home.is_file()   # started without a note: the default store is where it should be
    with open_store(str(fresh_home), create=False) as store:
        assert [m.name for m in store.list_members()] == ["dr-lee"]

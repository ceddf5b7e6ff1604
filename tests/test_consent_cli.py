"""``clearterms consent``: every action end to end, its exit codes and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import run_cli
from terms.consent import open_store
from terms.consent.location import ENV_VAR, default_db_path, resolve_location
from terms.resources import resource_path
from tests.test_consent_store import V1, V1_FLAGS, V2, make_document

SAMPLE = resource_path("samples", "physician-community-terms.md")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "consent.sqlite3"
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


def test_location_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "ClearTerms" / "consent.sqlite3"
    assert resolve_location(None).path == default_db_path()
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.sqlite3"))
    assert resolve_location(None).path == tmp_path / "env.sqlite3"
    assert resolve_location(str(tmp_path / "opt.sqlite3")).path == tmp_path / "opt.sqlite3"
    pg = resolve_location("postgresql://reg:secret@127.0.0.1:5432/consent")
    assert pg.url.startswith("postgresql+psycopg://") and pg.path is None
    # what the GUI and every message show: no driver name, no password, not even masked
    assert pg.display == "postgresql://reg@127.0.0.1:5432/consent"
    with pytest.raises(Exception, match="unsupported database 'mysql'"):
        resolve_location("mysql://x@localhost/db")


def test_members_record_show_history(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "consent", "members", "add", "dr-lee")[0] == 0
    code, out, _ = cli(capsys, "consent", "members")
    assert code == 0 and out.startswith("dr-lee\t")
    code, _, err = cli(capsys, "consent", "members", "add", "dr-lee")
    assert code == 2 and err.splitlines() == [
        "clearterms: a member named 'dr-lee' already exists",
        "  A member name is 1 to 200 characters and not already taken: see `clearterms consent members`."]
    code, out, err = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "client-access",
                         "--status", "refused", "--document", str(SAMPLE), "--note", "not for sale")
    assert code == 0, err
    assert out.startswith("recorded #1: dr-lee refused client-access on ")
    code, out, _ = cli(capsys, "consent", "show", "--member", "dr-lee", "--format", "json")
    state = json.loads(out)
    assert code == 0 and [s["status"] for s in state] == ["refused"]
    sha = state[0]["event"]["document_sha256"]
    with open_store(str(db)) as store:
        assert "Caducea" in store.document(sha).text
        assert store.history()[0].pack is not None
    code, out, _ = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "tracking",
                       "--status", "given", "--sha256", sha, "--expires-in-days", "365")
    assert code == 0
    code, out, _ = cli(capsys, "consent", "history", "--member", "dr-lee")
    assert code == 0 and len(out.strip().splitlines()) == 2 and "not for sale" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("record", "--member", "nobody", "--topic", "tracking", "--status", "given", "--sha256", "0" * 64),
         "no member named 'nobody'"),
        (("record", "--member", "dr-lee", "--topic", "weather", "--status", "given", "--sha256", "0" * 64),
         "unknown consent topic 'weather'"),
        (("record", "--member", "dr-lee", "--topic", "tracking", "--status", "given", "--sha256", "0" * 64),
         "no stored document"),
        (("record", "--member", "dr-lee", "--topic", "tracking", "--status", "given", "--document",
          "/nonexistent/terms.md"), "/nonexistent/terms.md"),
        (("show", "--member", "nobody"), "no member named 'nobody'"),
    ],
)
def test_bad_input_exits_2_with_one_line(db: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                         message: str) -> None:
    cli(capsys, "consent", "members", "add", "dr-lee")
    code, _, err = cli(capsys, "consent", *args)
    assert code == 2
    assert message in err.splitlines()[0] and "Traceback" not in err


def test_review_lists_what_changed(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(str(db)) as store:
        store.add_member("dr-lee")
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("dr-lee", "client-access", "given", v1)
        store.add_document(make_document(V2), V1_FLAGS)
    code, out, _ = cli(capsys, "consent", "review", "--member", "dr-lee")
    assert code == 0
    assert "client-access" in out and "clause 1 changed" in out
    # the change itself, not the two texts cut to their (identical) first words
    assert ("    change: Clients {+and government agencies+} may purchase access to read members' "
            "posts.") in out
    v2 = make_document(V2).sha256
    assert out.splitlines()[0] == (f"client-access: the terms changed from Community Terms ({v1[:12]}) "
                                   f"to Community Terms ({v2[:12]})")
    assert (f"  decide again: clearterms consent record --member dr-lee --topic client-access "
            f"--status allow|refuse --sha256 {v2}") in out
    code, out, _ = cli(capsys, "consent", "show", "--member", "dr-lee")
    assert "needs re-review" in out
    lines = out.splitlines()
    # the document first, named as a reader knows it (not by its internal series key), then its topics
    assert lines[0] == f"Community Terms ({v2[:12]}), the terms of service of MedForum"
    assert lines[1].startswith("  client-access: invalidated  (needs re-review")


def test_review_says_when_a_change_weakens_a_promise(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The words that changed may be one "may" and one "unless": the review says what that does to
    the promise, in the text and the JSON."""
    promised = "Clients may read members' posts. We remove your name before a client sees a post."
    hedged = ("Clients may read members' posts. We may remove your name before a client sees a post, "
              "unless the client needs it.")
    with open_store(str(db)) as store:
        store.add_member("dr-lee")
        v1 = store.add_document(make_document([promised, *V1[1:]]), V1_FLAGS).document.sha256
        store.record("dr-lee", "client-access", "given", v1)
        store.add_document(make_document([hedged, *V1[1:]]), V1_FLAGS)
    code, out, _ = cli(capsys, "consent", "review", "--member", "dr-lee")
    assert code == 0
    assert "    worse for you: weakens a promise: adds “may”, “unless”\n" in out
    code, out, _ = cli(capsys, "consent", "review", "--member", "dr-lee", "--format", "json")
    (review,) = json.loads(out)
    weakened = {"effect": "worse", "what": "weakens a promise: adds “may”, “unless”"}
    assert review["changes"][0]["promises"] == [weakened]


def test_members_says_how_to_add_the_first(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_store(str(db)).close()    # a store, still empty
    code, out, _ = cli(capsys, "consent", "members")
    assert code == 0
    assert out == "no members yet; add one with: clearterms consent members add NAME\n"


@pytest.mark.parametrize(("typed", "stored"), [
    ("Bob\nSmith", "Bob Smith"), ("Bob\tSmith", "Bob Smith"), ("  Bob \r\n\t Smith ", "Bob Smith")])
def test_members_add_echoes_the_name_as_stored(db: Path, capsys: pytest.CaptureFixture[str], typed: str,
                                               stored: str) -> None:
    open_store(str(db)).close()    # a store already there: no note that one was started
    code, out, err = cli(capsys, "consent", "members", "add", typed)
    assert (code, out) == (0, f"added member {stored}\n")
    # the name was changed, and the user is told how (a reviewer found it done silently)
    assert err == (f"clearterms: note: the name was given as {typed!r}; its spacing (tabs, line breaks, "
                   "runs of spaces) is stored as single spaces\n")
    code, out, _ = cli(capsys, "consent", "members")
    assert out.startswith(f"{stored}\t(added ")
    assert cli(capsys, "consent", "members", "add", "Ann Lee")[1:] == ("added member Ann Lee\n", "")


@pytest.mark.parametrize("order", [
    ("members", "add", "--db", "{db}", "Dr New"), ("members", "add", "Dr New", "--db", "{db}"),
    ("members", "--db", "{db}", "add", "Dr New"), ("--db", "{db}", "members", "add", "Dr New")])
def test_members_add_takes_db_anywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       order: tuple[str, ...]) -> None:
    store = tmp_path / "elsewhere.sqlite3"
    code, out, err = cli(capsys, "consent", *(part.format(db=store) for part in order))
    assert (code, out) == (0, "added member Dr New\n")
    assert err == f"clearterms: note: started a new consent store at {store} (named by --db)\n"
    code, out, _ = cli(capsys, "consent", "members", "list", "--db", str(store))
    assert code == 0 and out.startswith("Dr New\t(added ")


def test_add_version_stores_once(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "consent", "add-version", str(SAMPLE), "--version-label", "2026-01")
    assert code == 0, err
    assert out.startswith("stored: ") and "0 consents need re-review" in out
    code, out, _ = cli(capsys, "consent", "add-version", str(SAMPLE))
    assert code == 0 and out.startswith("already stored: ")


def _stored_sha(out: str) -> str:
    found = re.search(r"sha256 ([0-9a-f]{64});", out)
    assert found, out
    return found.group(1)


def test_add_version_counts_the_re_reviews_still_pending(db: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Storing a version again changes nothing, but the re-review an earlier version caused is still
    open: "0 consents need re-review" would read as if there were none."""
    text = SAMPLE.read_text(encoding="utf-8")
    v2, v3 = tmp_path / "v2.md", tmp_path / "v3.md"
    v2.write_text(text.replace("7.2 Clients purchase", "7.2 Clients and insurers purchase"), encoding="utf-8")
    v3.write_text(text.replace("7.2 Clients purchase", "7.2 Clients and banks purchase"), encoding="utf-8")
    for name in ("dr-lee", "dr-okafor"):
        cli(capsys, "consent", "members", "add", name)
    decide = ("consent", "record", "--topic", "client-access", "--member")
    code, _, err = cli(capsys, *decide, "dr-lee", "--status", "allow", "--document", str(SAMPLE))
    assert code == 0, err
    code, out, _ = cli(capsys, "consent", "add-version", str(v2))
    assert code == 0 and out.startswith("stored: ") and out.endswith("; 1 consent needs re-review\n")
    v2_sha = _stored_sha(out)
    for again in (v2, SAMPLE):     # both already stored: nothing new, dr-lee's re-review still open
        code, out, _ = cli(capsys, "consent", "add-version", str(again))
        assert code == 0 and out.startswith("already stored: ")
        assert out.endswith("; no new consents need re-review; 1 still pending (see `clearterms consent "
                            "review`)\n")
    code, _, err = cli(capsys, *decide, "dr-okafor", "--status", "allow", "--sha256", v2_sha)
    assert code == 0, err
    # dr-okafor's is new; dr-lee's, pending since v2, is asked about again against v3, the text to
    # answer on (it stayed on v2, whose changes alone the review showed)
    code, out, _ = cli(capsys, "consent", "add-version", str(v3))
    assert code == 0 and out.endswith("; 2 consents need re-review\n")
    for name in ("dr-lee", "dr-okafor"):       # both decide again: nothing is pending any more
        assert cli(capsys, *decide, name, "--status", "refuse", "--sha256", _stored_sha(out))[0] == 0
    code, out, _ = cli(capsys, "consent", "add-version", str(v3))
    assert code == 0 and out.endswith("; 0 consents need re-review\n")


def test_export_import_verify(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              qapp: object) -> None:
    with open_store(str(db)) as store:
        store.add_member("dr-lee")
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("dr-lee", "client-access", "given", v1)
        store.record("dr-lee", "tracking", "refused", v1)
    for fmt in ("csv", "json", "fhir", "receipt", "html", "pdf"):
        out_file = str(tmp_path / f"out.{fmt}")
        code, _, err = cli(capsys, "consent", "export", "--format", fmt, "--out", out_file)
        assert code == 0, err
        assert (tmp_path / f"out.{fmt}").stat().st_size > 0
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads((tmp_path / "out.fhir").read_text())["resourceType"] == "Bundle"
    restored = tmp_path / "restored.sqlite3"
    code, out, err = cli(capsys, "consent", "--db", str(restored), "import", str(tmp_path / "out.json"))
    assert code == 0, err
    assert out.strip() == "imported 1 member, 1 document, 2 events"
    # as members add and add-version say it: a mistyped --db must not pass unnoticed
    assert err == f"clearterms: note: started a new consent store at {restored} (named by --db)\n"
    code, _, _ = cli(capsys, "consent", "--db", str(restored), "export", "--format", "json", "--out",
                     str(tmp_path / "again.json"))
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "out.json").read_bytes()
    code, out, _ = cli(capsys, "consent", "--db", str(restored), "verify")
    assert code == 0 and out.startswith("ok: 2 events")
    # importing again into a store that has records is refused
    code, _, err = cli(capsys, "consent", "--db", str(restored), "import", str(tmp_path / "out.json"))
    assert code == 2 and "already holds records" in err


def test_verify_exits_1_on_a_tampered_store(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(str(db)) as store:
        store.add_member("dr-lee")
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("dr-lee", "client-access", "refused", v1)
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER consent_event_no_update")
    conn.execute("UPDATE consent_event SET status = 'given'")
    conn.commit()
    conn.close()
    code, out, _ = cli(capsys, "consent", "verify", "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["first_bad_seq"] == 1
    # in words: each problem, then which store fails and what to do about it
    code, out, err = cli(capsys, "consent", "verify")
    assert code == 1 and out.startswith("BROKEN: event 1: ")
    assert err.startswith(f"clearterms: the consent store at {db} fails verification (")
    assert "can still be exported" in err and "backup" in err


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_csv_export_marks_the_rows_the_chain_no_longer_vouches_for(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _two_members_allow_client_access(db)
    with open_store(str(db)) as store:
        v1 = store.documents()[0].sha256
        store.record("dr-lee", "client-access", "withdrawn", v1)
        store.record("dr-okafor", "client-access", "withdrawn", v1)
    out_file = tmp_path / "all.csv"
    code, _, err = cli(capsys, "consent", "export", "--format", "csv", "--out", str(out_file))
    assert code == 0, err
    assert [r["integrity"] for r in _csv_rows(out_file)] == ["ok"] * 4
    # one member's rows are marked by the whole chain: the rows between them are no broken link
    code, _, err = cli(capsys, "consent", "export", "--format", "csv", "--member", "dr-okafor", "--out",
                       str(out_file))
    assert code == 0, err
    assert [(r["seq"], r["integrity"]) for r in _csv_rows(out_file)] == [("2", "ok"), ("4", "ok")]
    # a withdrawal edited into a consent, and an event deleted: the file says which rows to doubt
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER consent_event_no_update")
    conn.execute("DROP TRIGGER consent_event_no_delete")
    conn.execute("UPDATE consent_event SET status = 'given' WHERE seq = 3")
    conn.execute("DELETE FROM consent_event WHERE seq = 2")
    conn.commit()
    conn.close()
    code, _, err = cli(capsys, "consent", "export", "--format", "csv", "--out", str(out_file))
    assert code == 1 and "does not verify" in err
    assert [(r["seq"], r["status"], r["integrity"]) for r in _csv_rows(out_file)] == [
        ("1", "given", "ok"), ("3", "given", "edited; link broken"), ("4", "withdrawn", "ok")]


def test_malformed_import_exits_2_and_leaves_the_store_empty(db: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "clearterms-consent-export",\n "version": 1,\n "members": [}',
                   encoding="utf-8")
    code, _, err = cli(capsys, "consent", "import", str(bad))
    assert code == 2 and err.startswith(f"clearterms: {bad}:3: not valid JSON")
    code, _, err = cli(capsys, "consent", "import", str(tmp_path / "missing.json"))
    assert code == 2 and "missing.json" in err
    with open_store(str(db)) as store:
        assert store.event_count() == 0 and store.list_members() == ()


def _two_members_allow_client_access(db: Path, note: str = "") -> None:
    """Store V1 and let dr-lee and dr-okafor each allow client access on it."""
    with open_store(str(db)) as store:
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        for name in ("dr-lee", "dr-okafor"):
            store.add_member(name)
            store.record(name, "client-access", "given", v1, note=note)


def test_export_of_one_member_leaves_the_others_out(db: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    _two_members_allow_client_access(db)
    for fmt in ("csv", "fhir", "receipt", "html"):
        out_file = tmp_path / f"lee.{fmt}"
        code, _, err = cli(capsys, "consent", "export", "--format", fmt, "--member", "dr-lee", "--out",
                           str(out_file))
        assert code == 0, err
        text = out_file.read_text(encoding="utf-8")
        assert "dr-lee" in text and "dr-okafor" not in text, fmt
    code, _, err = cli(capsys, "consent", "export", "--format", "json", "--member", "dr-lee", "--out",
                       str(tmp_path / "lee.json"))
    assert code == 2 and "the JSON export is the complete store" in err
    assert not (tmp_path / "lee.json").exists()
    code, _, err = cli(capsys, "consent", "export", "--format", "csv", "--member", "nobody", "--out",
                       str(tmp_path / "nobody.csv"))
    assert code == 2 and "no member named 'nobody'" in err


def test_record_checks_expiry_and_notes_an_outdated_version(db: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "v1.md", tmp_path / "v2.md"
    old.write_text("# Example Terms\n\nLast updated: 1 March 2025\n\n1. We use cookies to track you.\n",
                   encoding="utf-8")
    new.write_text("# Example Terms\n\nLast updated: 1 June 2025\n\n1. We use cookies and pixels to track "
                   "you.\n", encoding="utf-8")
    cli(capsys, "consent", "members", "add", "dr-lee")
    base = ("consent", "record", "--member", "dr-lee", "--topic", "tracking", "--status", "given")
    code, _, err = cli(capsys, *base, "--document", str(new), "--expires-in-days", "0")
    assert code == 2 and "--expires-in-days must be 1 or more, not 0" in err
    code, _, err = cli(capsys, *base, "--document", str(new))
    assert code == 0 and err == ""
    code, out, err = cli(capsys, *base, "--document", str(old))     # stored later, but older by date
    assert code == 0 and out.startswith("recorded #2")
    assert "a newer version of this document is stored (Example Terms (2025-06-01)" in err
    assert "the clauses on tracking differ in that newer version, so this consent needs re-review" in err
    code, out, _ = cli(capsys, "consent", "review", "--member", "dr-lee")
    assert "clause 1 changed" in out and "{+and pixels+}" in out
    code, _, err = cli(capsys, "consent", "history", "--member", "dr-lee", "--topic", "nope")
    assert code == 2 and "unknown consent topic 'nope'" in err


def test_streamed_exports_match_the_snapshot_exports(db: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from terms.export import consent_csv, consent_json

    _two_members_allow_client_access(db, note="first, \"quoted\"\nline two")
    with open_store(str(db)) as store:
        store.add_document(make_document(V2), V1_FLAGS)
        snapshot = store.snapshot()
        assert store.last_seq() == len(snapshot.events) == 4
    for fmt, expected in (("csv", consent_csv.BOM + consent_csv.to_csv(snapshot.events, snapshot.documents)),
                          ("json", consent_json.to_json(snapshot))):
        out_file = tmp_path / f"all.{fmt}"
        code, _, err = cli(capsys, "consent", "export", "--format", fmt, "--out", str(out_file))
        assert code == 0 and err == f"wrote {out_file} ({fmt}, 4 events)\n"
        assert out_file.read_bytes() == expected.encode("utf-8")


def test_topics_quote_each_clause_number_once(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "consent", "topics", "--document", str(SAMPLE))
    assert code == 0, err
    assert "\n    7.2 Clients purchase subscriptions" in out
    assert "7.2: 7.2" not in out and ": 7." not in out


@pytest.mark.parametrize(("word", "stored", "shown"),
                         [("allow", "given", "allowed"), ("Allowed", "given", "allowed"),
                          ("given", "given", "allowed"), ("refuse", "refused", "refused"),
                          ("REFUSED", "refused", "refused")])
def test_status_takes_the_words_the_app_shows(db: Path, capsys: pytest.CaptureFixture[str], word: str,
                                              stored: str, shown: str) -> None:
    """Stored as the DPV code, echoed in the word the app shows ("allowed", not "given")."""
    cli(capsys, "consent", "members", "add", "dr-lee")
    code, out, err = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "tracking",
                         "--status", word, "--document", str(SAMPLE))
    assert code == 0, err
    assert out.startswith(f"recorded #1: dr-lee {shown} tracking")
    with open_store(str(db)) as store:
        assert [e.status.value for e in store.history("dr-lee")] == [stored]


def test_status_help_lists_the_words_and_a_wrong_word_exits_2(db: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        run_cli(["consent", "record", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert caught.value.code == 0
    assert "allow (also: allowed, given), refuse (refused) or withdraw (withdrawn)" in out
    with pytest.raises(SystemExit) as caught:
        run_cli(["consent", "record", "--member", "x", "--topic", "tracking", "--status", "maybe",
                 "--sha256", "0" * 64])
    err = capsys.readouterr().err
    assert caught.value.code == 2
    assert "invalid status 'maybe': use allow, refuse or withdraw" in err


def test_withdrawing_what_was_never_allowed_is_refused_and_writes_nothing(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "consent", "members", "add", "dr-lee")
    withdraw = ("consent", "record", "--member", "dr-lee", "--topic", "tracking", "--status", "withdraw")
    code, _, err = cli(capsys, *withdraw, "--document", str(SAMPLE))
    assert code == 2
    assert err.splitlines() == [
        "clearterms: nothing to withdraw: dr-lee has not allowed tracking",
        "  Only a consent that was given can be withdrawn; to say no, record --status refuse instead."]
    with open_store(str(db)) as store:
        assert store.event_count() == 0 and store.documents() == ()     # not even the document
    code, out, err = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "tracking",
                         "--status", "refuse", "--document", str(SAMPLE))
    sha = json.loads(cli(capsys, "consent", "show", "--member", "dr-lee", "--format", "json")[1])[0]["event"][
        "document_sha256"]
    code, _, err = cli(capsys, *withdraw, "--sha256", sha)        # a refusal is not a consent either
    assert code == 2 and "nothing to withdraw" in err
    cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "tracking", "--status", "allow",
        "--sha256", sha)
    code, out, err = cli(capsys, *withdraw, "--sha256", sha)
    assert code == 0 and "dr-lee withdrew consent to tracking" in out
    code, _, err = cli(capsys, *withdraw, "--sha256", sha)        # withdrawn once is enough
    assert code == 2 and "nothing to withdraw" in err
    with open_store(str(db)) as store:
        assert [e.status.value for e in store.history("dr-lee")] == ["refused", "given", "withdrawn"]


def test_review_without_member_covers_every_member_with_something_to_review(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _two_members_allow_client_access(db)
    with open_store(str(db)) as store:
        store.add_member("dr-ng")                       # nothing given, so nothing to review
        assert cli(capsys, "consent", "review")[1] == "nothing to re-review\n"
        store.add_document(make_document(V2), V1_FLAGS)
    code, out, err = cli(capsys, "consent", "review")
    assert code == 0, err
    headers = [line for line in out.splitlines() if line.startswith("== ")]
    assert headers == ["== dr-lee: 1 to re-review", "== dr-okafor: 1 to re-review"]
    assert out.count("{+and government agencies+}") == 2
    assert "--member dr-okafor --topic client-access" in out
    code, out, _ = cli(capsys, "consent", "review", "--format", "json")
    assert code == 0 and [r["member"] for r in json.loads(out)] == ["dr-lee", "dr-okafor"]
    code, out, _ = cli(capsys, "consent", "review", "--member", "dr-ng")
    assert code == 0 and out == "nothing to re-review for dr-ng\n"
    # the member as stored, whatever the spelling typed
    code, out, _ = cli(capsys, "consent", "review", "--member", "DR-NG")
    assert code == 0 and out == "nothing to re-review for dr-ng\n"
    code, out, _ = cli(capsys, "consent", "review", "--member", "DR-LEE")
    assert code == 0 and "--member dr-lee --topic client-access" in out


def test_add_version_names_the_document_not_its_series_key(db: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "consent", "add-version", str(SAMPLE))
    assert code == 0, err
    assert out.startswith("stored: Caducea Network — Terms of Membership (2026-03-03), the terms of service "
                          "of Caducea Network; sha256 ")
    assert "|" not in out and "series" not in out


def test_importing_a_csv_export_says_only_json_can_be_imported(db: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    _two_members_allow_client_access(db)
    for fmt in ("csv", "fhir"):
        exported = tmp_path / f"export.{fmt}"
        assert cli(capsys, "consent", "export", "--format", fmt, "--out", str(exported))[0] == 0
        code, _, err = cli(capsys, "consent", "--db", str(tmp_path / f"new-{fmt}.sqlite3"), "import",
                           str(exported))
        assert code == 2 and "Traceback" not in err
        message, hint = err.splitlines()
        assert message.startswith(f"clearterms: {exported}")
        assert hint.strip().startswith("Only a JSON export can be imported (`clearterms consent export "
                                       "--format json`)")
    assert "is a CSV export, which cannot be imported" in cli(
        capsys, "consent", "--db", str(tmp_path / "n.sqlite3"), "import", str(tmp_path / "export.csv"))[2]


def _error_lines(err: str) -> tuple[str, str]:
    """The message and hint lines of a bad-input error (and nothing else: no traceback)."""
    assert "Traceback" not in err
    message, hint = err.splitlines()
    return message, hint.strip()


def test_a_pdf_that_cannot_show_a_members_name_says_so(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    """A name in a script no installed font has printed as empty boxes, and the export said only
    that it was written: a record of consent that no longer says whose it is. (Characters of the
    private use area have a glyph in no font.)"""
    _two_members_allow_client_access(db)
    with open_store(str(db)) as store:
        store.add_member("Dr \ue000\ue001")
    code, _, err = cli(capsys, "consent", "export", "--format", "pdf", "--out", str(tmp_path / "r.pdf"))
    assert code == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "warning: the PDF's fonts cannot show 'Dr \\ue000\\ue001'" in err   # (named by its code points)
    assert "dr-lee" not in err.split("warning:")[1].split("\n")[0]   # the printable names are not named
    code, _, err = cli(capsys, "consent", "export", "--format", "pdf", "--member", "dr-lee", "--out",
                       str(tmp_path / "lee.pdf"))
    assert code == 0 and "warning" not in err


def test_pdf_export_writes_like_every_other_export(db: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    """Through a symlink, into a FIFO, and a clear error for a full device or a missing folder."""
    import os
    import stat
    import threading

    _two_members_allow_client_access(db)
    export = ("consent", "export", "--format", "pdf", "--out")
    target = tmp_path / "real.pdf"
    target.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    code, _, err = cli(capsys, *export, str(link))
    assert code == 0, err
    assert link.is_symlink() and target.read_bytes().startswith(b"%PDF")

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, err = cli(capsys, *export, str(fifo))
    reader.join(10)
    assert code == 0, err
    assert received[0].startswith(b"%PDF") and stat.S_ISFIFO(fifo.lstat().st_mode)

    if Path("/dev/full").exists():
        code, _, err = cli(capsys, *export, "/dev/full")
        message, hint = _error_lines(err)
        assert code == 2 and message == "clearterms: /dev/full: cannot write (No space left on device)"
        assert hint and stat.S_ISCHR(Path("/dev/full").stat().st_mode)

    missing = tmp_path / "no-such-folder" / "r.pdf"
    code, _, err = cli(capsys, *export, str(missing))
    message, hint = _error_lines(err)
    assert code == 2
    assert message.startswith(f"clearterms: {missing}: cannot create a file in {missing.parent}")
    assert hint == "Choose a folder you can write to." and not missing.parent.exists()


def test_receipt_export_counts_receipts_and_says_when_none_is_in_force(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _two_members_allow_client_access(db)
    out_file = tmp_path / "r.json"
    code, _, err = cli(capsys, "consent", "export", "--format", "receipt", "--out", str(out_file))
    assert code == 0 and err == f"wrote {out_file} (receipt, 2 receipts)\n"
    for name in ("dr-lee", "dr-okafor"):
        cli(capsys, "consent", "record", "--member", name, "--topic", "client-access", "--status",
            "withdraw", "--sha256", make_document(V1).sha256)
    code, _, err = cli(capsys, "consent", "export", "--format", "receipt", "--out", str(out_file))
    assert code == 0 and json.loads(out_file.read_text(encoding="utf-8")) == []
    wrote, note = err.splitlines()
    assert wrote == f"wrote {out_file} (receipt, 0 receipts)"
    assert note.startswith("clearterms: note: no consent is in force")


def test_a_document_is_named_by_a_unique_prefix_of_its_hash(db: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _two_members_allow_client_access(db)
    v1 = make_document(V1).sha256
    record = ("consent", "record", "--member", "dr-lee", "--topic", "tracking", "--status", "allow")
    code, out, err = cli(capsys, *record, "--sha256", v1[:12])      # as history and review print it
    assert code == 0, err
    assert out.startswith(f"recorded #3: dr-lee allowed tracking on {v1[:12]}")
    code, _, err = cli(capsys, *record, "--sha256", v1[:8].upper())
    assert code == 0, err
    code, _, err = cli(capsys, *record, "--sha256", v1[:7])
    message, hint = _error_lines(err)
    assert code == 2 and message == f"clearterms: {v1[:7]!r} is not a document SHA-256 or a prefix of one"
    assert "at least the first 8" in hint
    other = "f" * 8 if not v1.startswith("ffffffff") else "0" * 8
    code, _, err = cli(capsys, *record, "--sha256", other)
    message, hint = _error_lines(err)
    assert code == 2 and message == f"clearterms: no stored document has a SHA-256 starting with {other}"
    assert "Add the document first" not in hint

    # two versions sharing a prefix: refused, both named
    from terms.consent.storage import Storage

    shas = [v1, make_document(V2).sha256]
    monkeypatch.setattr(Storage, "document_series",
                        lambda self: {"abcdef01" + sha[8:]: "s" for sha in shas})
    code, _, err = cli(capsys, *record, "--sha256", "abcdef01")
    message, _ = _error_lines(err)
    assert code == 2 and message.startswith("clearterms: SHA-256 prefix abcdef01 is ambiguous: it starts ")
    assert all(f"abcdef01{sha[8:16]}…" in message for sha in shas)


def test_show_heads_each_document_by_the_newest_version_decided_on(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(str(db)) as store:
        store.add_member("dr-lee")
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("dr-lee", "tracking", "refused", v1)
        store.record("dr-lee", "client-access", "given", v1)
        v2 = store.add_document(make_document(V2), V1_FLAGS).document.sha256
        store.record("dr-lee", "client-access", "given", v2)
    code, out, _ = cli(capsys, "consent", "show", "--member", "dr-lee")
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"Community Terms ({v2[:12]}), the terms of service of MedForum"
    assert lines[1].startswith(f"  client-access: allowed  on version {v2[:12]} at ")
    assert lines[2].startswith(f"  tracking: refused  on an earlier version, Community Terms ({v1[:12]}) at ")
    with open_store(str(db)) as store:   # a later decision on the older version does not make it the head
        store.record("dr-lee", "content-mining", "refused", v1)
    code, out, _ = cli(capsys, "consent", "show", "--member", "dr-lee")
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"Community Terms ({v2[:12]}), the terms of service of MedForum"
    assert lines[2].startswith(f"  content-mining: refused  on an earlier version, Community Terms ({v1[:8]}")


def test_review_says_refusals_on_changed_clauses_stay_in_force(db: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(str(db)) as store:
        store.add_member("dr-lee")
        store.add_member("dr-okafor")
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("dr-lee", "client-access", "refused", v1)
        store.record("dr-lee", "tracking", "refused", v1)          # clause 2 is the same in V2
        store.record("dr-okafor", "client-access", "given", v1)
        # a consent given and withdrawn stands withdrawn, as a refusal stands refused
        store.add_member("dr-ng")
        store.record("dr-ng", "client-access", "given", v1)
        store.record("dr-ng", "client-access", "withdrawn", v1)
        store.add_document(make_document(V2), V1_FLAGS)
    code, out, _ = cli(capsys, "consent", "review", "--member", "dr-lee")
    assert code == 0 and out.splitlines() == [
        "nothing to re-review for dr-lee",
        "1 refusal on changed clauses stays in force, no re-review needed (client-access): a refusal "
        "or a withdrawal holds whatever the new wording"]
    code, out, _ = cli(capsys, "consent", "review", "--member", "dr-ng")
    assert code == 0 and out.splitlines()[1].startswith("1 withdrawal on changed clauses stays in force")
    code, out, _ = cli(capsys, "consent", "review")
    assert "== dr-lee: 0 to re-review\n1 refusal on changed clauses stays in force" in out
    assert "== dr-okafor: 1 to re-review\nclient-access: the terms changed" in out


def test_db_is_taken_after_the_action_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    code, out, err = cli(capsys, "consent", "members", "add", "dr-lee", "--db", str(first))
    assert code == 0 and out == "added member dr-lee\n", err
    code, out, _ = cli(capsys, "consent", "--db", str(first), "members")
    assert out.startswith("dr-lee\t")
    code, out, err = cli(capsys, "consent", "--db", str(first), "members", "--db", str(second))  # last wins
    assert code == 2 and out == "" and err.startswith(f"clearterms: no consent store at {second};")
    open_store(str(second)).close()
    code, out, _ = cli(capsys, "consent", "--db", str(first), "members", "--db", str(second))
    assert code == 0 and out.startswith("no members yet")


def test_show_says_an_expired_consent_expired_and_history_says_when_there_is_nothing(
        db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`show` printed "expired …, expires <a past date>"; `history` of a member without decisions
    printed nothing at all."""
    from terms.consent import store as store_module

    cli(capsys, "consent", "members", "add", "dr-lee")
    code, out, _ = cli(capsys, "consent", "history", "--member", "dr-lee")
    assert code == 0 and out == "dr-lee has recorded no decisions\n"
    code, _, err = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "tracking", "--status",
                       "given", "--document", str(SAMPLE), "--expires-in-days", "1")
    assert code == 0, err
    monkeypatch.setattr(store_module, "utc_now", lambda: "2099-01-01T00:00:00.000000Z")
    code, out, _ = cli(capsys, "consent", "show", "--member", "dr-lee")
    [line] = [line for line in out.splitlines() if "tracking" in line]
    assert "expired" in line and ", expired 20" in line and "expires" not in line


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_empty_db_is_called_empty(where: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`--db ""` said "/current/folder: is a directory, not a consent database file"."""
    argv = ["consent", "--db", "", "members"] if where == "before" else ["consent", "members", "--db", ""]
    with pytest.raises(SystemExit) as stopped:   # argparse's own exit, as for any bad option value
        run_cli(argv)
    assert stopped.value.code == 2
    assert "--db: is empty" in capsys.readouterr().err.splitlines()[0]


def test_consent_commands_flag_with_the_users_own_packs(db: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """`consent record` flagged with the default pack only: a category of the user's own pack, and
    the consent topic it names, were missing from the record the app made of the same text."""
    pack = tmp_path / "hospital.yaml"
    pack.write_text(
        'pack: {id: hospital, name: Hospital, version: "1"}\n'
        "categories:\n"
        "  - {id: data.ai-training, title: Used to train AI, group: data, severity: concern,\n"
        '     explanation: "Your posts may train AI models.", topics: [client-access]}\n'
        "rules:\n"
        "  - id: hospital.ai\n    category: data.ai-training\n"
        "    match: train (\\w+ ){0,3}(models?|algorithms?)\n", encoding="utf-8")
    doc = tmp_path / "terms.md"
    doc.write_text("# Acme Terms\n\n1. We may use your posts to train our language models.\n",
                   encoding="utf-8")
    code, out, _ = cli(capsys, "consent", "topics", "--document", str(doc), "--rules", str(pack),
                       "--format", "json")
    [access] = [t for t in json.loads(out) if t["id"] == "client-access"]
    assert code == 0 and [c["clause_id"] for c in access["clauses"]] == ["1"]
    code, out, _ = cli(capsys, "consent", "topics", "--document", str(doc), "--format", "json")
    assert not next(t for t in json.loads(out) if t["id"] == "client-access")["clauses"]
    assert cli(capsys, "consent", "members", "add", "dr-lee")[0] == 0
    code, out, _ = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "client-access",
                       "--status", "refuse", "--document", str(doc), "--rules", str(pack))
    assert code == 0 and "(clauses shown: 1)" in out
    with open_store(str(db)) as store:
        [event] = store.history("dr-lee")
        assert "hospital" in event.pack.id


def test_two_untitled_policies_of_no_named_service_are_not_versions_of_one(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two companies' policies headed only "Privacy Policy" were filed as one document's versions:
    consent given on one was asked to be reviewed on the other. Without a service, the file names
    the document; `--series` still files a version explicitly."""
    ours = tmp_path / "notitle.txt"
    ours.write_text("Privacy Policy\n\nWe place cookies on your device to track your visits.\n",
                    encoding="utf-8")
    theirs = tmp_path / "other-company.txt"
    theirs.write_text("Privacy Policy\n\nWe use cookies and pixels to track the pages you read.\n",
                      encoding="utf-8")
    assert cli(capsys, "consent", "members", "add", "a")[0] == 0
    code, _, err = cli(capsys, "consent", "record", "--member", "a", "--topic", "tracking",
                       "--status", "allow", "--document", str(ours))
    assert code == 0, err
    code, out, err = cli(capsys, "consent", "add-version", str(theirs))
    assert code == 0 and out.rstrip().endswith("0 consents need re-review"), out + err
    series = json.loads(cli(capsys, "consent", "export", "--format", "json", "--out", "-")[1])["documents"]
    assert sorted(d["series"] for d in series) == ["file|notitle.txt", "file|other-company.txt"]


def test_review_says_in_words_that_the_clients_now_include_employers(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    later = resource_path("samples", "physician-community-terms-2026-09.md")
    cli(capsys, "consent", "members", "add", "dr-lee")
    code, _, err = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "client-access",
                       "--status", "given", "--document", str(SAMPLE))
    assert code == 0, err
    code, _, err = cli(capsys, "consent", "add-version", str(later))
    assert code == 0, err
    code, out, err = cli(capsys, "consent", "review", "--member", "dr-lee")
    assert code == 0, err
    assert "  clause 7.1 changed\n" in out
    note = "worse for you: “Clients” now also include hospital groups and other employers of physicians"
    assert f"    {note}\n" in out


def test_review_points_out_a_question_the_later_version_asks_first(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The later sample adds AI training (§7.7): no clause of the first bore on that question, so a
    member who answered there was never asked it, and nothing they consented to changed."""
    later = resource_path("samples", "physician-community-terms-2026-09.md")
    cli(capsys, "consent", "members", "add", "dr-lee")
    cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "client-access", "--status", "refused",
        "--document", str(SAMPLE))
    code, _, err = cli(capsys, "consent", "add-version", str(later))
    assert code == 0, err
    code, out, err = cli(capsys, "consent", "review")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "== dr-lee: 0 to re-review, 1 new question"
    assert lines[1].startswith("ai-training: a new question since Caducea Network — Terms of Membership "
                               "(2026-03-03) [0af77500237d], where no clause bore on it: May my posts and "
                               "messages be used to train AI models? In ")
    assert lines[1].endswith("clauses 7.1, 7.7")
    # each clause quoted, so that the reason for the question is on screen
    assert lines[2].startswith("    7.1 Caducea's business is providing insight")
    assert lines[3].startswith("    7.7 We may use Member Content") and lines[3].endswith(
        "are not deleted when you delete your content.")
    assert "--topic ai-training --status allow|refuse --sha256 " in lines[4]
    sha = lines[4].rsplit(" ", 1)[1]
    code, _, err = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "ai-training",
                       "--status", "refused", "--sha256", sha)
    assert code == 0, err
    code, out, _ = cli(capsys, "consent", "review", "--member", "dr-lee")
    assert "new question" not in out and "ai-training" not in out


def test_an_end_date_goes_with_consent_given_only(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A refusal "expiring" in ten days still read "refused, expires …" after the date, and FHIR's deny
    has no end: only consent given takes --expires-in-days, and history states its end."""
    cli(capsys, "consent", "members", "add", "dr-lee")
    for status in ("refuse", "withdraw"):
        code, out, err = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "tracking",
                             "--status", status, "--document", str(SAMPLE), "--expires-in-days", "10")
        assert code == 2 and out == ""
        assert err.startswith("clearterms: an end date applies to consent given, not to a decision ")
    with open_store(str(db)) as store:
        assert store.documents() == ()   # nothing written
    code, _, _ = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "tracking",
                     "--status", "allow", "--document", str(SAMPLE), "--expires-in-days", "10")
    assert code == 0
    code, out, _ = cli(capsys, "consent", "history", "--member", "dr-lee")
    assert re.fullmatch(r"#1 \S+ tracking: allowed until \S+Z on [0-9a-f]{12} \[cli\]\n", out)


def test_a_file_that_bears_on_no_question_is_not_stored_without_force(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A contact list or a system file given by mistake was stored for good, text and all."""
    cli(capsys, "consent", "members", "add", "dr-lee")
    other = tmp_path / "contacts.txt"
    other.write_text("Ann Lee, ann@example.org\nBob Smith, bob@example.org\n", encoding="utf-8")
    record = ("consent", "record", "--member", "dr-lee", "--topic", "tracking", "--status", "refuse",
              "--document", str(other))
    for args in (record, ("consent", "add-version", str(other))):
        code, out, err = cli(capsys, *args)
        assert code == 2 and out == ""
        assert err.splitlines()[0] == (f"clearterms: {other}: no clause of it bears on any consent question, "
                                       "so it does not look like terms of service or a privacy policy; "
                                       "nothing was stored")
    with open_store(str(db)) as store:
        assert store.documents() == ()
    code, out, err = cli(capsys, *record, "--force")
    assert code == 0 and "(clauses shown: none)" in out
    assert "no clause of" in err and "bears on tracking" in err


def test_an_empty_store_variable_is_refused(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A blank CLEARTERMS_DB in a script fell back to the personal store."""
    monkeypatch.setenv(ENV_VAR, " ")
    code, out, err = cli(capsys, "consent", "verify")
    assert (code, out) == (2, "")
    assert err.startswith(f"clearterms: {ENV_VAR} is set but empty, so it names no consent store")


def test_a_clause_list_edited_in_an_export_is_noted_on_import_and_verify(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The clauses kept per topic are outside every hash: a reviewer dropped §7.1 and §7.2 from a JSON
    export, imported it, and `verify` said nothing while later decisions were shown §7.3 alone."""
    cli(capsys, "consent", "members", "add", "dr-lee")
    cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "client-access", "--status", "allow",
        "--document", str(SAMPLE))
    cli(capsys, "consent", "export", "--format", "json", "--out", str(tmp_path / "e.json"))
    snapshot = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    kept = snapshot["documents"][0]["topic_clauses"]
    kept["client-access"] = [c for c in kept["client-access"] if c["clause_id"] == "7.3"]
    (tmp_path / "edited.json").write_text(json.dumps(snapshot), encoding="utf-8")
    other = tmp_path / "restored.sqlite3"
    code, _, err = cli(capsys, "consent", "--db", str(other), "import", str(tmp_path / "edited.json"))
    noted = ("event 1: the clauses the store keeps for client-access in its document (7.3) are not the ones "
             "it records as shown (7.1, 7.2, 7.3, 7.4, 7.5)")
    assert code == 0 and noted in err
    code, out, _ = cli(capsys, "consent", "--db", str(other), "verify")
    assert code == 0 and noted in out
    # the untouched store has nothing to note
    code, out, _ = cli(capsys, "consent", "verify")
    assert code == 0 and "note:" not in out

"""A document version's identity (series, title, dates…) under the consent chain.

The series decides which consents are in force (a decision on one version of a series supersedes
those on the others), so editing it in the database or in a JSON export must not pass unnoticed.
Events recorded before the store kept identities must still verify and export exactly as before.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desktop.cli import run_cli
from terms.consent import ConsentStatus, migrate, open_store
from terms.consent.chain import GENESIS, event_hash, event_payload, hash_payload
from terms.consent.location import resolve_location
from terms.consent.model import ClauseRef, ConsentEvent, DocumentIdentity
from terms.consent.store import ConsentStore
from terms.errors import ChainBroken, InputError
from terms.export import consent_json
from tests.test_consent_store import V1, V1_FLAGS, V2, make_document

SERIES = "medforum|terms|community terms"


def _damage(path: Path, *statements: str) -> None:
    """Edit the document table as anyone with an SQLite client could (it has no append-only guard)."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _two_versions(store: ConsentStore) -> tuple[str, str]:
    """Alice allows client access on v1, which v2 then invalidates; Bob refuses it on v2."""
    store.add_member("Alice")
    store.add_member("Bob")
    v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.record("Alice", "client-access", ConsentStatus.GIVEN, v1)
    store.record("Bob", "client-access", ConsentStatus.GIVEN, v1)
    added = store.add_document(make_document(V2), V1_FLAGS)
    assert [e.status for e in added.invalidated] == [ConsentStatus.INVALIDATED] * 2
    store.record("Bob", "client-access", ConsentStatus.REFUSED, added.document.sha256)
    return v1, added.document.sha256


@pytest.fixture
def path(tmp_path: Path) -> Path:
    location = tmp_path / "consent.sqlite3"
    with open_store(str(location)) as store:
        _two_versions(store)
    return location


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- new events carry the identity ------------------------------------------------------------------

def test_every_new_event_carries_its_documents_identity_under_its_hash(path: Path) -> None:
    with open_store(str(path)) as store:
        events = store.history()
        docs = {d.sha256: d for d in store.documents()}
    # the member's decisions and the store's own invalidations alike
    assert {e.status for e in events} == {ConsentStatus.GIVEN, ConsentStatus.INVALIDATED,
                                          ConsentStatus.REFUSED}
    for event in events:
        assert event.document_identity == docs[event.document_sha256].identity
        assert event.document_identity is not None and event.document_identity.series == SERIES
        payload = event_payload(
            seq=event.seq, member=event.member, topic=event.topic, status=event.status,
            document_sha256=event.document_sha256, clauses=event.clauses, pack=event.pack,
            recorded_at=event.recorded_at, method=event.method, note=event.note, expires_at=event.expires_at,
            prev_hash=event.prev_hash, document_identity=event.document_identity)
        assert payload["document_identity"]["series"] == SERIES
        assert hash_payload(payload) == event.hash
        # without the identity the hash is another: it is covered, not decoration
        payload.pop("document_identity")
        assert hash_payload(payload) != event.hash


# -- verify: the document row edited -----------------------------------------------------------------

def test_a_series_edited_by_sql_is_named_by_verify(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(str(path)) as store:
        v2 = store.documents()[-1].sha256
        in_force_before = [(s.member, s.status) for m in ("Alice", "Bob") for s in store.current_state(m)]
    _damage(path, f"UPDATE document SET series = 'elsewhere' WHERE sha256 = '{v2}'")
    with open_store(str(path)) as store:
        report = store.verify()
        # what the edit would do if nobody looked: the consents v2 superseded are in force again
        in_force_after = [(s.member, s.status) for m in ("Alice", "Bob") for s in store.current_state(m)]
    assert in_force_before != in_force_after
    assert not report.ok and report.first_bad_seq == 3
    assert report.problems == (
        f"event 3: its document {v2[:16]}… now has series 'elsewhere' where the event recorded '{SERIES}' "
        "(the document's description was edited after the event was recorded; 2 later events recorded it "
        "as this one did)",)
    code, out, err = cli(capsys, "consent", "--db", str(path), "verify")
    assert code == 1 and err.startswith(f"clearterms: the consent store at {path} fails verification")
    assert out.startswith("BROKEN: event 3: its document") and "series 'elsewhere'" in out


@pytest.mark.parametrize(("column", "value", "named"), [
    ("title", "'Other Terms'", "title 'Other Terms' where the event recorded 'Community Terms'"),
    ("effective_date", "'2020-01-01'", "effective_date '2020-01-01' where the event recorded null"),
    ("added_at", "'2001-01-01T00:00:00.000000Z'", "added_at '2001-01-01T00:00:00.000000Z'"),
    ("version_label", "NULL", None),   # null before and after: no change, nothing to report
])
def test_each_identity_field_edited_is_named(path: Path, column: str, value: str, named: str | None) -> None:
    with open_store(str(path)) as store:
        v1 = store.documents()[0].sha256
    _damage(path, f"UPDATE document SET {column} = {value} WHERE sha256 = '{v1}'")
    with open_store(str(path)) as store:
        report = store.verify()
    if named is None:
        assert report.ok
    else:
        assert report.first_bad_seq == 1 and len(report.problems) == 1
        assert report.problems[0].startswith(f"event 1: its document {v1[:16]}… now has {named}")


def test_an_events_identity_edited_breaks_its_hash(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript("DROP TRIGGER consent_event_no_update;")
    conn.execute("UPDATE consent_event SET document_identity = replace(document_identity, 'community', 'x') "
                 "WHERE seq = 2")
    conn.execute("UPDATE consent_event SET document_identity = '{not json' WHERE seq = 4")
    conn.executescript("CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event "
                       "BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END;")
    conn.commit()
    conn.close()
    with open_store(str(path)) as store:
        report = store.verify()
    assert report.problems == (
        "event 2: its content does not match its hash (the event was edited)",
        "event 4: its document identity is not valid JSON",
    )


# -- JSON import --------------------------------------------------------------------------------------

def _mutated(path: Path, change: Callable[[dict], object]) -> str:
    with open_store(str(path)) as store:
        data = json.loads(consent_json.to_json(store.snapshot()))
    change(data)
    return json.dumps(data, ensure_ascii=False)


def _refused_event(data: dict) -> dict:
    return next(e for e in data["events"] if e["status"] == "refused")


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["documents"][1].update(series="elsewhere"),
     r"^t\.json: \$\.documents\[1\]\.series: 'elsewhere' contradicts event 3, whose hash covers this "
     r"document's series as 'medforum\|terms\|community terms' \(the file was edited\)$"),
    (lambda d: d["documents"][0].update(effective_date="2020-01-01"),
     r"^t\.json: \$\.documents\[0\]\.effective_date: '2020-01-01' contradicts event 1, whose hash covers"),
    (lambda d: _refused_event(d).update(dpv_status="dpv:ConsentGiven"),
     r"^t\.json: \$\.events\[4\]\.dpv_status: 'dpv:ConsentGiven' contradicts event 5's status 'refused' "
     r"\(dpv:ConsentRefused\), which its hash covers \(the file was edited\)$"),
    (lambda d: _refused_event(d).update(dpv_status=["dpv:ConsentRefused"]),
     r"\$\.events\[4\]\.dpv_status: expected a string or null"),
    # the event's own copy edited: its hash no longer matches
    (lambda d: d["events"][0]["document_identity"].update(series="elsewhere"),
     r"the hash chain does not verify: event 1: its content does not match its hash"),
    (lambda d: d["events"][0]["document_identity"].pop("series"),
     r"\$\.events\[0\]\.document_identity: missing field 'series'"),
    (lambda d: d["events"][0]["document_identity"].update(kind=None),
     r"\$\.events\[0\]\.document_identity\.kind: expected a string"),
])
def test_an_export_contradicting_its_hashes_is_refused(path: Path, change: Callable[[dict], object],
                                                       message: str) -> None:
    with pytest.raises(InputError, match=message):
        consent_json.load_json(_mutated(path, change), "t.json")


def test_a_tampered_export_is_refused_by_the_cli_and_nothing_is_imported(
        path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tampered = tmp_path / "tampered.json"
    tampered.write_text(_mutated(path, lambda d: d["documents"][1].update(series="elsewhere")),
                        encoding="utf-8")
    fresh = tmp_path / "fresh.sqlite3"
    code, out, err = cli(capsys, "consent", "--db", str(fresh), "import", str(tampered))
    assert code == 2 and out == ""
    assert err.splitlines()[0].startswith(f"clearterms: {tampered}: $.documents[1].series: 'elsewhere' "
                                          "contradicts event 3")
    assert "Traceback" not in err
    with open_store(str(fresh)) as store:
        assert store.event_count() == 0


def test_an_intact_export_imports_and_round_trips(path: Path, tmp_path: Path) -> None:
    with open_store(str(path)) as store:
        exported = consent_json.to_json(store.snapshot())
    with open_store(str(tmp_path / "copy.sqlite3")) as fresh:
        fresh.import_snapshot(consent_json.load_json(exported, "e.json"))
        assert fresh.verify().ok
        assert consent_json.to_json(fresh.snapshot()) == exported
        assert all(e.document_identity is not None for e in fresh.history())


def test_import_snapshot_checks_identities_itself(path: Path, tmp_path: Path) -> None:
    # a snapshot made by a program rather than read from a file gets the same check
    with open_store(str(path)) as store:
        snap = store.snapshot()
    edited = type(snap)(snap.members, tuple(
        d if i else type(d)(**{**{f: getattr(d, f) for f in d.__slots__}, "title": "Renamed"})
        for i, d in enumerate(snap.documents)), snap.events)
    with open_store(str(tmp_path / "copy.sqlite3")) as fresh:
        with pytest.raises(ChainBroken, match=r"event 1: its document .* now has title 'Renamed'"):
            fresh.import_snapshot(edited)
        assert fresh.event_count() == 0


# -- stores and exports from before: events without an identity --------------------------------------

def _old_style_events(path: Path, rows: list[tuple[str, str, str, str, str]]) -> None:
    """Append events as ClearTerms wrote them before revision 0004: no identity, hashed without one.

    Each row is ``(member, topic, status, document sha256, note)``; the clauses shown are the
    document's for the topic, and an invalidation's method is ``terms-change``, as the store wrote them.
    """
    conn = sqlite3.connect(path)
    seq, prev = conn.execute("SELECT seq, hash FROM consent_event ORDER BY seq DESC LIMIT 1").fetchone() or (
        0, GENESIS)
    for member, topic, status, sha, note in rows:
        seq += 1
        member_id = conn.execute("SELECT id FROM member WHERE name = ?", (member,)).fetchone()[0]
        clauses = tuple(ClauseRef(*row) for row in conn.execute(
            "SELECT clause_id, fingerprint, quote FROM topic_clause WHERE document_sha256 = ? AND topic = ? "
            "ORDER BY ordinal", (sha, topic)))
        method = "terms-change" if status == "invalidated" else "manual"
        when = f"2026-01-{seq:02d}T00:00:00.000000Z"
        digest = event_hash(ConsentEvent(seq, member, topic, ConsentStatus(status), sha, clauses, None, when,
                                         method, note, None, prev, ""))
        stored_clauses = json.dumps([[c.clause_id, c.fingerprint, c.quote] for c in clauses])
        conn.execute("INSERT INTO consent_event (seq, member_id, topic, status, document_sha256, clauses, "
                     "recorded_at, method, note, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (seq, member_id, topic, status, sha, stored_clauses, when, method, note, prev, digest))
        prev = digest
    conn.commit()
    conn.close()


@pytest.fixture
def old_path(tmp_path: Path) -> Path:
    """A store whose events were all recorded before identities were kept: Alice's consent on v1,
    invalidated when v2 came, and Bob's consent given on v1 and refused on v2."""
    location = tmp_path / "old.sqlite3"
    with open_store(str(location)) as store:
        store.add_member("Alice")
        store.add_member("Bob")
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        v2 = store.add_document(make_document(V2), V1_FLAGS).document.sha256
    _old_style_events(location, [
        ("Alice", "client-access", "given", v1, ""),
        ("Bob", "client-access", "given", v1, ""),
        ("Alice", "client-access", "invalidated", v2, f"terms changed since {v1[:12]}: 1 changed"),
        ("Bob", "client-access", "refused", v2, ""),
    ])
    return location


def _expected_old_event_line(e: ConsentEvent) -> str:
    """An event line of the JSON export as ClearTerms wrote it before identities were kept."""
    return json.dumps({
        "seq": e.seq, "member": e.member, "topic": e.topic, "status": e.status.value,
        "dpv_status": e.status.dpv, "document_sha256": e.document_sha256,
        "clauses": [{"clause_id": c.clause_id, "fingerprint": c.fingerprint, "quote": c.quote}
                    for c in e.clauses],
        "pack": None, "recorded_at": e.recorded_at, "method": e.method, "note": e.note, "expires_at": None,
        "prev_hash": e.prev_hash, "hash": e.hash,
    }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_an_old_store_still_verifies_and_exports_as_before(old_path: Path, tmp_path: Path) -> None:
    with open_store(str(old_path)) as store:
        report = store.verify()
        events = store.history()
        exported = consent_json.to_json(store.snapshot())
    assert report.ok and report.events == 4
    assert all(e.document_identity is None for e in events)
    lines = exported.splitlines()
    start = lines.index('"events":[')
    assert [line.rstrip(",") for line in lines[start + 1:start + 5]] == [_expected_old_event_line(e)
                                                                         for e in events]
    assert "document_identity" not in exported
    with open_store(str(tmp_path / "copy.sqlite3")) as fresh:
        fresh.import_snapshot(consent_json.load_json(exported, "old.json"))
        assert fresh.verify().ok
        assert consent_json.to_json(fresh.snapshot()) == exported
        # and keeps going: a decision recorded now carries the identity, its predecessors keep none
        v2 = fresh.documents()[-1].sha256
        new = fresh.record("Alice", "client-access", ConsentStatus.GIVEN, v2)
        assert new.document_identity == fresh.document(v2).identity
        assert fresh.verify().ok


def test_an_old_store_with_an_edited_series_is_caught_by_its_invalidations(old_path: Path) -> None:
    with open_store(str(old_path)) as store:
        v1, v2 = (d.sha256 for d in store.documents())
    _damage(old_path, f"UPDATE document SET series = 'elsewhere' WHERE sha256 = '{v2}'")
    with open_store(str(old_path)) as store:
        report = store.verify()
    assert report.problems == (
        f"event 3: it invalidated a consent given on version {v1[:12]} when version {v2[:12]} of the same "
        f"document replaced it, but the two are now in different series ('{SERIES}' and 'elsewhere'): "
        "a document's series was edited",)
    assert report.first_bad_seq == 3


def test_what_an_old_store_cannot_show(old_path: Path) -> None:
    # Said plainly in docs/consent-json.md: without an identity in their events, a document's other
    # fields, and a series no invalidation links, are not covered.
    with open_store(str(old_path)) as store:
        v1 = store.documents()[0].sha256
    _damage(old_path, "UPDATE document SET title = 'Renamed', effective_date = '2020-01-01' "
                      f"WHERE sha256 = '{v1}'")
    with open_store(str(old_path)) as store:
        assert store.verify().ok


def test_an_old_export_with_an_edited_series_is_refused(old_path: Path) -> None:
    with open_store(str(old_path)) as store:
        data = json.loads(consent_json.to_json(store.snapshot()))
    data["documents"][0]["series"] = "elsewhere"
    with pytest.raises(InputError, match=r"^old\.json: \$\.documents\[0\]\.series: 'elsewhere' contradicts "
                                         r"event 3, which invalidated a consent given on this version"):
        consent_json.load_json(json.dumps(data), "old.json")


def test_a_previous_release_store_without_its_guard_opens_as_it_is(tmp_path: Path) -> None:
    """Revision 0003 has no identity column; with its guard damaged it is not upgraded, but it is
    still read, verified and exported, its events read as recorded without an identity."""
    path = tmp_path / "prev.sqlite3"
    doc = make_document(V1)
    engine = create_engine(resolve_location(str(path)).url)
    with engine.begin() as conn:
        migrate.upgrade(conn, "0003")
        conn.execute(text("INSERT INTO member (id, name, created_at) VALUES (1, 'Alice', "
                          "'2026-01-01T00:00:00.000000Z')"))
        conn.execute(text("INSERT INTO document (sha256, series, title, service, kind, format, added_at, "
                          "text) VALUES (:sha, 's', 't', 'svc', 'terms', 'text', "
                          "'2026-01-01T00:00:00.000000Z', :text)"),
                     {"sha": doc.sha256, "text": doc.text})
        conn.execute(text("DROP TRIGGER consent_event_no_delete"))
    engine.dispose()
    _old_style_events(path, [("Alice", "tracking", "given", doc.sha256, "")])
    with open_store(str(path)) as store:
        assert not store._storage.has_identity_column
        report = store.verify()
        events = store.history()
        exported = consent_json.to_json(store.snapshot())
        with store._storage.engine.connect() as conn:
            assert migrate.current_revision(conn) == "0003"
    assert report.problems == ("the append-only trigger consent_event_no_delete on the event table is "
                               "missing, so events may have been removed after event 1 or rewritten without "
                               "trace; the chain that is left links up",)
    assert [e.document_identity for e in events] == [None]
    assert "document_identity" not in exported


def test_identity_json_form() -> None:
    identity = DocumentIdentity("s", None, "svc", "terms", None, "2026-03-03", "v1.md", "markdown",
                                "2026-01-01T00:00:00.000000Z")
    assert list(identity.as_json()) == ["series", "title", "service", "kind", "version_label",
                                        "effective_date", "source", "format", "added_at"]
    assert identity.as_json()["title"] is None

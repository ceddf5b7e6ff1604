"""Consent exports: CSV, JSON round trip and import checks, FHIR R4 (R4B models), receipts, report, PDF."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from terms.consent import PackInfo, open_store
from terms.consent.model import ClauseRef
from terms.consent.store import ConsentStore, expiry_after, utc_now
from terms.errors import ChainBroken, InputError, StorageError, TermsError
from terms.export import consent_csv, consent_json, fhir, receipt, report_html
from tests.test_consent_store import V1, V1_FLAGS, V2, flag, make_document

PACK = PackInfo("clearterms-default", "1.0.0", "cd" * 32)
HOSTILE = 'Dr "O\'Neil", <script>alert(1)</script> & co\nsecond line'


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConsentStore]:
    """Two members, two versions of one document, every status, an expiry and hostile text."""
    with open_store(str(tmp_path / "consent.sqlite3")) as s:
        s.add_member("dr-lee")
        s.add_member(HOSTILE.splitlines()[0])
        v1 = s.add_document(make_document(V1), V1_FLAGS, pack=PACK).document.sha256
        s.record("dr-lee", "client-access", "given", v1, pack=PACK, note=HOSTILE)
        s.record("dr-lee", "tracking", "given", v1, pack=PACK, expires_at=expiry_after(365))
        s.record("dr-lee", "content-mining", "refused", v1, pack=PACK)
        s.record("dr-lee", "tracking", "withdrawn", v1, pack=PACK)
        s.record(HOSTILE.splitlines()[0], "health-data", "given", v1, method="gui")
        s.add_document(make_document(V2), V1_FLAGS, pack=PACK)   # invalidates dr-lee's client-access
        yield s


def test_csv_has_one_row_per_event_with_hash_and_clauses(store: ConsentStore) -> None:
    snap = store.snapshot()
    rows = list(csv.DictReader(io.StringIO(consent_csv.to_csv(snap.events, snap.documents))))
    assert tuple(rows[0].keys()) == consent_csv.COLUMNS
    assert [int(r["seq"]) for r in rows] == [e.seq for e in snap.events] == list(range(1, 7))
    first = rows[0]
    assert first["document_sha256"] == snap.events[0].document_sha256
    assert first["clause_ids"] == "1" and first["clauses_shown"] == f"1: {V1[0]}"
    assert first["note"] == HOSTILE and first["dpv_status"] == "dpv:ConsentGiven"
    assert rows[-1]["status"] == "invalidated" and rows[-1]["method"] == "terms-change"
    assert first["pack_sha256"] == PACK.sha256
    # what each row ended, so that one consent's rows can be followed: the store's invalidation,
    # filed under the new version, ended dr-lee's consent of event 1 on the old one
    assert first["ends_seq"] == "" and rows[-1]["ends_seq"] == "1"
    assert rows[-1]["document_sha256"] != first["document_sha256"]


def test_json_round_trip_is_byte_identical(store: ConsentStore, tmp_path: Path) -> None:
    exported = consent_json.to_json(store.snapshot())
    snapshot = consent_json.load_json(exported, "export.json")
    with open_store(str(tmp_path / "restored.sqlite3")) as fresh:
        fresh.import_snapshot(snapshot)
        assert fresh.verify().ok
        assert consent_json.to_json(fresh.snapshot()) == exported
        assert fresh.pending_reviews("dr-lee")[0].topic == "client-access"
        # a restored store keeps chaining
        fresh.record("dr-lee", "client-access", "refused", snapshot.documents[-1].sha256)
        assert fresh.verify().ok


def test_import_shares_repeated_clauses_and_packs_between_events(store: ConsentStore) -> None:
    # a large import stays near the size of its distinct content: events citing the same clauses
    # under the same pack hold one copy of them
    snapshot = consent_json.load_json(consent_json.to_json(store.snapshot()), "export.json")
    client = snapshot.events[0]
    given, withdrawn = (e for e in snapshot.events if e.topic == "tracking")
    assert client.pack is given.pack is withdrawn.pack
    assert given.clauses and given.clauses is withdrawn.clauses


def test_import_into_a_store_with_records_is_refused(store: ConsentStore) -> None:
    snapshot = consent_json.load_json(consent_json.to_json(store.snapshot()), "export.json")
    before = store.event_count()
    with pytest.raises(StorageError, match="already holds records"):
        store.import_snapshot(snapshot)
    assert store.event_count() == before


def _mutate(text: str, change: Callable[[dict], object]) -> str:
    data = json.loads(text)
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["events"][2].update(status="given"), "hash chain does not verify: event 3"),
        (lambda d: d["events"][1].update(status="maybe"), r"\$\.events\[1\]\.status: unknown status 'maybe'"),
        (lambda d: d["events"][0].pop("hash"), r"\$\.events\[0\]: missing field 'hash'"),
        (lambda d: d["events"][0].update(seq="1"), r"\$\.events\[0\]\.seq: expected an integer"),
        (lambda d: d["events"].pop(1), "event 3: expected event 2"),
        (lambda d: d["documents"][0].update(text="We sell nothing."), "does not match its SHA-256"),
        (lambda d: d["members"].pop(0), "unknown member"),
        (lambda d: d.update(format="something-else"), "not a ClearTerms consent export"),
        (lambda d: d.update(version=99), "unsupported export version 99"),
        (lambda d: d["documents"][0].update(extra=1), "unknown field 'extra'"),
        # the last event cut off: what is left still links up, the head record says it ended later
        (lambda d: d["events"].pop(), r"hash chain does not verify: event \d+ is missing"),
        (lambda d: d["head"].update(events=-1), r"\$\.head\.events: expected 0 or more"),
        (lambda d: d["head"].pop("hash"), r"\$\.head: missing field 'hash'"),
        # fields the store would never have written, in a file whose chain was made to verify
        (lambda d: d["events"][0].update(recorded_at="not a time"),
         r"\$\.events\[0\]\.recorded_at: 'not a time' is not a time"),
        (lambda d: d["events"][0].update(expires_at="tomorrow"), r"\$\.events\[0\]\.expires_at: 'tomorrow'"),
        (lambda d: d["members"][0].update(created_at="2026-03-03"), r"\$\.members\[0\]\.created_at"),
        # a time of another zone: compared as text with the store's UTC times, an expired consent
        # read as in force
        (lambda d: d["events"][0].update(expires_at="2026-12-04T08:09:21.357918+14:00"),
         r"\$\.events\[0\]\.expires_at: '2026-12-04T08:09:21.357918\+14:00' is not a time .*UTC"),
        (lambda d: d["events"][0].update(recorded_at="2026-12-04T08:09:21Z"),
         r"\$\.events\[0\]\.recorded_at"),
        (lambda d: d["documents"][0].update(added_at=""), r"\$\.documents\[0\]\.added_at"),
        (lambda d: d["members"][0].update(name="\x1b[31mdr-lee"), r"\$\.members\[0\]\.name: .*U\+001B"),
        (lambda d: d["members"][0].update(name=""), r"\$\.members\[0\]\.name: .*1 to 200 characters"),
        (lambda d: d["members"][0].update(name="dr\ud800"), r"\$\.members\[0\]\.name: holds U\+D800"),
        (lambda d: d["events"][0].update(note="ok\x07"), r"\$\.events\[0\]\.note: .*U\+0007"),
        # a method that would wipe a line of `history` on a terminal, or fill pages of the report
        (lambda d: d["events"][0].update(method="\r\x1b[2Kall refused"), r"\.method: .*U\+000D"),
        (lambda d: d["events"][0].update(method="x" * 201), r"\$\.events\[0\]\.method: .*1 to 200"),
        (lambda d: d["members"].append({"name": d["members"][0]["name"].upper(), "created_at":
                                        d["members"][0]["created_at"]}), "a member name appears twice"),
    ],
)
def test_malformed_imports_are_refused_naming_where(store: ConsentStore, change: Callable[[dict], object],
                                                    message: str) -> None:
    bad = _mutate(consent_json.to_json(store.snapshot()), change)
    with pytest.raises(InputError, match=message) as caught:
        consent_json.load_json(bad, "bad.json")
    assert str(caught.value).startswith("bad.json")


def test_an_import_naming_an_unknown_topic_is_refused(store: ConsentStore, tmp_path) -> None:
    snapshot = consent_json.load_json(consent_json.to_json(store.snapshot()), "export.json")
    event = snapshot.events[0]
    renamed = dataclasses.replace(snapshot, events=(dataclasses.replace(event, topic="no-such-topic"),))
    with open_store(str(tmp_path / "new.sqlite3")) as empty:
        with pytest.raises(TermsError, match="unknown consent topic 'no-such-topic'"):
            empty.import_snapshot(dataclasses.replace(renamed, events=_rechained(renamed.events)))
        assert empty.event_count() == 0


def _rechained(events):
    """``events`` with their links and hashes made again, as someone crafting a file would."""
    from terms.consent.chain import GENESIS, event_payload, hash_payload

    made, prev = [], GENESIS
    for e in events:
        payload = event_payload(seq=e.seq, member=e.member, topic=e.topic, status=e.status,
                                document_sha256=e.document_sha256, clauses=e.clauses, pack=e.pack,
                                recorded_at=e.recorded_at, method=e.method, note=e.note,
                                expires_at=e.expires_at, prev_hash=prev,
                                document_identity=e.document_identity)
        made.append(dataclasses.replace(e, prev_hash=prev, hash=hash_payload(payload)))
        prev = made[-1].hash
    return tuple(made)


def _forged(snapshot, index: int, **changes):
    events = list(snapshot.events)
    events[index] = dataclasses.replace(events[index], **changes)
    return dataclasses.replace(snapshot, events=_rechained(events))


@pytest.mark.parametrize(("index", "changes", "note"), [
    (3, {"recorded_at": "2020-01-01T00:00:00.000000Z"},
     "event 4: it was recorded at 2020-01-01T00:00:00.000000Z, before the event ahead of it"),
    (1, {"expires_at": "2020-01-01T00:00:00.000000Z"}, "event 2: it expires (2020-01-01T00:00:00.000000Z) "
                                                       "no later than it was recorded"),
    (0, {"clauses": (ClauseRef("1", "0" * 16, "We do not sell data."),)},
     "event 1: the clause 1 it quotes is no clause of its document's text"),
])
def test_a_log_the_store_would_not_write_imports_with_a_note_and_verify_keeps_it(
        store: ConsentStore, tmp_path: Path, index: int, changes: dict, note: str) -> None:
    """Edited with the documented recipe, such logs imported and verified without a word."""
    forged = _forged(store.snapshot(), index, **changes)
    with open_store(str(tmp_path / "new.sqlite3")) as restored:
        notes = restored.import_snapshot(forged)
        report = restored.verify()
    assert [n for n in notes if n.startswith(note)] and report.ok and report.notes == notes


def test_an_export_written_before_the_head_record_still_imports(store: ConsentStore) -> None:
    text = consent_json.to_json(store.snapshot())
    head = {"events": store.event_count(), "hash": store.snapshot().events[-1].hash}
    assert json.loads(text)["head"] == head
    snapshot = consent_json.load_json(_mutate(text, lambda d: d.pop("head")), "older.json")
    assert len(snapshot.events) == store.event_count()


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(InputError, match=r"^broken\.json:3: not valid JSON"):
        consent_json.load_json('{\n  "format": "x",\n  "members": [,]\n}', "broken.json")


def test_store_refuses_a_snapshot_whose_chain_is_broken(store: ConsentStore, tmp_path: Path) -> None:
    import dataclasses

    snap = store.snapshot()
    forged = dataclasses.replace(snap, events=(dataclasses.replace(snap.events[0], note="forged"),
                                               *snap.events[1:]))
    with open_store(str(tmp_path / "fresh.sqlite3")) as fresh:
        with pytest.raises(ChainBroken, match="event 1"):
            fresh.import_snapshot(forged)
        assert fresh.event_count() == 0 and fresh.list_members() == ()


def test_fhir_bundle_validates_as_r4_and_names_hash_and_clauses(store: ConsentStore) -> None:
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.consent import Consent

    snap = store.snapshot()
    bundle = fhir.to_fhir_bundle(snap, store.topics, now=utc_now())
    Bundle.model_validate(bundle)
    consents = [e["resource"] for e in bundle["entry"]]
    for resource in consents:
        Consent.model_validate(resource)
    # dr-lee on v1 and the other member on v1; the store's invalidation on v2 is no Consent of dr-lee's
    assert len(consents) == 2
    v1 = make_document(V1).sha256
    lee_v1 = next(c for c in consents if c["patient"]["display"] == "dr-lee")
    assert lee_v1["policy"] == [{"uri": f"urn:sha256:{v1}"}]
    provisions = [(p["purpose"][0]["code"], p["type"]) for p in lee_v1["provision"]["provision"]]
    # every decision, with the period it held: tracking was given, then withdrawn
    assert provisions == [("client-access", "permit"), ("content-mining", "deny"), ("tracking", "permit"),
                          ("tracking", "deny")]
    assert lee_v1["status"] == "active"            # the content-mining refusal is current
    client = lee_v1["provision"]["provision"][0]
    extensions = client["extension"]
    clause_ext = [x["valueString"] for x in extensions if x["url"] == fhir.EXT_CLAUSE]
    assert clause_ext == [f"1: {V1[0]}"]
    invalidation = snap.events[-1]
    assert invalidation.status.value == "invalidated"
    assert {"url": fhir.EXT_SUPERSEDED_BY, "valueString": invalidation.hash} in extensions
    assert client["period"] == {"start": snap.events[0].recorded_at, "end": invalidation.recorded_at}


def test_a_consent_given_again_on_the_new_version_replaces_the_old_one_in_every_export(
        store: ConsentStore) -> None:
    v1, v2 = (d.sha256 for d in store.snapshot().documents)
    store.record("dr-lee", "client-access", "given", v2, pack=PACK)
    store.record("dr-lee", "content-mining", "refused", v2, pack=PACK)
    store.record("dr-lee", "tracking", "refused", v2, pack=PACK)
    snap = store.snapshot()
    bundle = fhir.to_fhir_bundle(snap, store.topics, now=utc_now())
    lee = {c["resource"]["policy"][0]["uri"]: c["resource"] for c in bundle["entry"]
           if c["resource"]["patient"]["display"] == "dr-lee"}
    assert lee[f"urn:sha256:{v1}"]["status"] == "inactive"
    assert lee[f"urn:sha256:{v2}"]["status"] == "active"
    types = {p["purpose"][0]["code"]: p["type"] for p in lee[f"urn:sha256:{v2}"]["provision"]["provision"]}
    assert types == {"client-access": "permit", "content-mining": "deny", "tracking": "deny"}
    receipts = [r for r in receipt.to_receipts(snap, store.topics, now=utc_now())
                if r["piiPrincipalId"] == "dr-lee"]
    assert [r["documentSha256"] for r in receipts] == [v2]
    html = report_html.report_html(snap, store.topics, now=utc_now(), member="dr-lee")
    assert html.count("no longer current") == 3


def test_receipts_cover_consents_in_force_in_the_kantara_shape(store: ConsentStore) -> None:
    snap = store.snapshot()
    receipts = receipt.to_receipts(snap, store.topics, now=utc_now())
    required = {"version", "jurisdiction", "consentTimestamp", "collectionMethod", "consentReceiptID",
                "language", "piiPrincipalId", "piiControllers", "policyUrl", "services", "sensitive",
                "spiCat"}
    assert len(receipts) == 1      # dr-lee's one consent in force was invalidated by v2
    v2 = store.snapshot().documents[1].sha256
    store.record("dr-lee", "client-access", "given", v2, pack=PACK)    # decided again after review
    receipts = receipt.to_receipts(store.snapshot(), store.topics, now=utc_now())
    assert len(receipts) == 2
    for r in receipts:
        assert required <= r.keys()
        assert r["version"] == "KI-CR-v1.1.0"
        assert r["policyUrl"] == f"urn:sha256:{r['documentSha256']}"
        assert isinstance(r["consentTimestamp"], int)
    lee = next(r for r in receipts if r["piiPrincipalId"] == "dr-lee")
    purposes = lee["services"][0]["purposes"]
    assert [p["purposeCategory"] for p in purposes] == [["client-access"]]   # tracking was withdrawn
    assert lee["documentSha256"] == v2
    assert purposes[0]["clausesShown"] == [{"clauseId": "1", "quote": V2[0]}]
    assert purposes[0]["thirdPartyDisclosure"] is True
    other = next(r for r in receipts if r["piiPrincipalId"] != "dr-lee")
    assert other["sensitive"] is True and other["spiCat"] == ["health"]
    assert other["collectionMethod"] == "gui"


def test_expired_consent_is_denied_in_fhir_and_left_out_of_receipts(store: ConsentStore) -> None:
    sha = store.snapshot().documents[0].sha256
    event = store.record("dr-lee", "research", "given", sha, expires_at=expiry_after(30))
    later = expiry_after(31, event.recorded_at)
    snap = store.snapshot()
    provisions = [p for e in fhir.to_fhir_bundle(snap, store.topics, now=later)["entry"]
                  for p in e["resource"]["provision"]["provision"] if p["purpose"][0]["code"] == "research"]
    assert [p["type"] for p in provisions] == ["permit"]       # until its end date, which has passed
    assert provisions[0]["period"] == {"start": event.recorded_at, "end": event.expires_at}
    assert [x["valueCode"] for x in provisions[0]["extension"] if x["url"] == fhir.EXT_STATUS] == [
        "dpv:ConsentExpired"]
    lee = [r for r in receipt.to_receipts(snap, store.topics, now=later) if r["piiPrincipalId"] == "dr-lee"]
    assert all(p["purposeCategory"] != ["research"] for r in lee for p in r["services"][0]["purposes"])


def test_report_html_escapes_everything_and_names_hashes(store: ConsentStore) -> None:
    snap = store.snapshot()
    html = report_html.report_html(snap, store.topics, now=utc_now(), verify=store.verify())
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for doc in snap.documents:
        assert doc.sha256 in html
    assert "needs re-review" in html and "The hash chain verifies" in html
    bounded = report_html.report_html(snap, store.topics, now=utc_now(), member="dr-lee", max_events=2)
    assert "the latest 2 shown" in bounded
    assert "<h2>Member: dr-lee</h2>" in bounded and "<h2>Member: Dr" not in bounded


def test_pdf_report_has_the_text(store: ConsentStore, tmp_path: Path, qapp) -> None:
    from pypdf import PdfReader

    from desktop.pdf_report import write_pdf

    snap = store.snapshot()
    out = tmp_path / "report.pdf"
    write_pdf(report_html.report_html(snap, store.topics, now=utc_now(), verify=store.verify()), out)
    reader = PdfReader(out)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    squeezed = "".join(text.split())
    assert "ClearTerms consent report" in text and "dr-lee" in text
    assert snap.documents[0].sha256 in squeezed
    assert "".join(V1[0].split()) in squeezed
    assert reader.metadata.title == "ClearTerms consent report"


def test_numbered_clauses_are_quoted_with_their_number_once_in_every_export(tmp_path: Path) -> None:
    text = "7.2 Clients may read and monitor members' posts."
    with open_store(str(tmp_path / "numbered.sqlite3")) as s:
        s.add_member("dr-lee")
        document = make_document([text], numbers=["7.2"])
        sha = s.add_document(document, [flag("data.client-access", "7.2")]).document.sha256
        s.record("dr-lee", "client-access", "given", sha)
        snap = s.snapshot()
        topics = s.topics
    row = next(csv.DictReader(io.StringIO(consent_csv.to_csv(snap.events, snap.documents))))
    assert row["clause_ids"] == "7.2" and row["clauses_shown"] == text
    provision = fhir.to_fhir_bundle(snap, topics, now=utc_now())["entry"][0]["resource"]["provision"]
    assert [x["valueString"] for x in provision["provision"][0]["extension"]
            if x["url"] == fhir.EXT_CLAUSE] == [text]
    html = report_html.report_html(snap, topics, now=utc_now())
    assert "<b>7.2</b> <span class='quote'>Clients may read" in html and "7.2</b>:" not in html


def test_exports_name_documents_by_title_service_and_kind_not_the_series_key(store: ConsentStore) -> None:
    snap = store.snapshot()
    key = snap.documents[0].series
    assert "|" in key                                # the internal key: service|kind|title, case-folded
    text = consent_csv.to_csv(snap.events, snap.documents)
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["document_title"], row["document_service"], row["document_kind"]) == (
        "Community Terms", "MedForum", "terms")
    assert key not in text
    html = report_html.report_html(snap, store.topics, now=utc_now())
    assert key not in html and "<td>terms of service of MedForum</td>" in html
    assert key in consent_json.to_json(snap)       # kept where a machine reads it back


def test_csv_fhir_and_random_json_imports_get_the_json_export_hint(store: ConsentStore) -> None:
    snap = store.snapshot()
    bundle = json.dumps(fhir.to_fhir_bundle(snap, store.topics, now=utc_now()))
    receipts = json.dumps(receipt.to_receipts(snap, store.topics, now=utc_now()))
    for text, problem in ((consent_csv.to_csv(snap.events, snap.documents), "is a CSV export"),
                          (bundle, "is a FHIR export"), (receipts, "is a consent receipt export"),
                          ("[1, 2]", "expected an object"), ("not json at all", "not valid JSON")):
        with pytest.raises(InputError) as caught:
            consent_json.load_json(text, "in.file")
        assert str(caught.value).startswith("in.file") and problem in str(caught.value)
        assert caught.value.hint and "Only a JSON export can be imported" in caught.value.hint


def test_pdf_report_uses_the_page_width_and_never_splits_a_time(store: ConsentStore, tmp_path: Path,
                                                                 qapp) -> None:
    """Full-width tables with room for the clauses; each time reads whole ("23:26:27 UTC")."""
    from pypdf import PdfReader

    from desktop.pdf_report import write_pdf

    for _ in range(6):
        store.record("dr-lee", "content-mining", "refused", store.snapshot().documents[1].sha256)
    snap = store.snapshot()
    html = report_html.report_html(snap, store.topics, now=utc_now(), member="dr-lee")
    assert html.count("<table width='100%'") == html.count("<table")
    out = tmp_path / "report.pdf"
    write_pdf(html, out)
    reader = PdfReader(out)
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages).split(" ")
    for event in (e for e in snap.events if e.member == "dr-lee"):
        date, clock = event.recorded_at.split("T")
        assert date in words and clock[:8] in words
    # tables that use the page's width keep the decisions and the history to two pages; the "In
    # force now" table (a row per question) pushes a short rest onto a third
    assert len(reader.pages) <= 3
    assert len(reader.pages[-1].extract_text()) < 2_000


def test_the_command_line_prints_the_notes_of_an_import_and_of_verify(
        store: ConsentStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import run_cli

    forged = _forged(store.snapshot(), 3, recorded_at="2020-01-01T00:00:00.000000Z")
    path = tmp_path / "forged.json"
    path.write_text(consent_json.to_json(forged), encoding="utf-8")
    db = str(tmp_path / "restored.sqlite3")
    assert run_cli(["consent", "--db", db, "import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "note: 1 event the store would not record so now (no proof of an edit" in err
    assert "note: event 4: it was recorded at 2020-01-01T00:00:00.000000Z, before the event ahead" in err
    assert run_cli(["consent", "--db", db, "verify"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ok: ") and out[2].startswith("note: event 4: it was recorded at 2020")

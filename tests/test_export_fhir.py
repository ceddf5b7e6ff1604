"""FHIR R4 export: the history of decisions with their periods, no Consent made of the store's own acts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from terms.consent import open_store
from terms.consent.store import ConsentStore, expiry_after, utc_now
from terms.export import fhir
from tests.test_consent_store import V1, V1_FLAGS, V2, make_document


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConsentStore]:
    with open_store(str(tmp_path / "consent.sqlite3")) as s:
        s.add_member("dr-lee")
        s.add_document(make_document(V1), V1_FLAGS, version_label="2026-01-01")
        yield s


def _bundle(store: ConsentStore, now: str | None = None) -> dict[str, Any]:
    from fhir.resources.R4B.bundle import Bundle

    bundle = fhir.to_fhir_bundle(store.snapshot(), store.topics, now=now or utc_now())
    Bundle.model_validate(bundle)
    return bundle


def _ext(provision: dict[str, Any], url: str) -> list[str]:
    return [x.get("valueString", x.get("valueCode")) for x in provision["extension"] if x["url"] == url]


def test_the_bundle_says_when_it_was_made_and_that_it_holds_every_decision(store: ConsentStore) -> None:
    now = utc_now()
    bundle = _bundle(store, now)
    assert bundle["timestamp"] == now
    assert bundle["meta"]["tag"] == [fhir.HISTORY_TAG]
    assert bundle["entry"] == []


def test_a_consent_withdrawn_keeps_the_period_it_was_in_force(store: ConsentStore) -> None:
    v1 = store.documents()[0].sha256
    given = store.record("dr-lee", "client-access", "given", v1)
    withdrawn = store.record("dr-lee", "client-access", "withdrawn", v1)
    (entry,) = _bundle(store)["entry"]
    consent = entry["resource"]
    assert consent["status"] == "inactive"          # nothing the member decided is in force
    assert consent["dateTime"] == withdrawn.recorded_at
    member = {"identifier": {"system": fhir.MEMBER_SYSTEM, "value": "dr-lee"}, "display": "dr-lee"}
    assert consent["patient"] == member and consent["performer"] == [member]  # who decided: the member
    permit, deny = consent["provision"]["provision"]
    assert permit["type"] == "permit"
    assert permit["period"] == {"start": given.recorded_at, "end": withdrawn.recorded_at}
    assert _ext(permit, fhir.EXT_STATUS) == ["dpv:ConsentGiven"]
    assert _ext(permit, fhir.EXT_SUPERSEDED_BY) == [withdrawn.hash]
    assert _ext(permit, fhir.EXT_ENDED_BY) == [
        f"withdrawn by the member on Community Terms (2026-01-01) [{v1[:12]}] (#2)"]
    assert deny["type"] == "deny" and deny["period"] == {"start": withdrawn.recorded_at}
    assert _ext(deny, fhir.EXT_STATUS) == ["dpv:ConsentWithdrawn"] and _ext(deny, fhir.EXT_ENDED_BY) == []


def test_a_refusal_in_force_keeps_the_consent_active(store: ConsentStore) -> None:
    v1 = store.documents()[0].sha256
    store.record("dr-lee", "client-access", "refused", v1)
    assert _bundle(store)["entry"][0]["resource"]["status"] == "active"


def test_no_consent_is_made_on_a_version_the_member_never_decided_on(store: ConsentStore) -> None:
    v1 = store.documents()[0].sha256
    given = store.record("dr-lee", "client-access", "given", v1)
    v2 = store.add_document(make_document(V2), V1_FLAGS, version_label="2026-01-01").document
    invalidation = store.snapshot().events[-1]
    assert invalidation.status.value == "invalidated" and invalidation.document_sha256 == v2.sha256
    (entry,) = _bundle(store)["entry"]
    consent = entry["resource"]
    assert consent["policy"] == [{"uri": f"urn:sha256:{v1}"}]      # v1 only: v2 was never shown to dr-lee
    assert consent["status"] == "inactive"
    (provision,) = consent["provision"]["provision"]
    assert provision["type"] == "permit"
    assert provision["period"] == {"start": given.recorded_at, "end": invalidation.recorded_at}
    assert _ext(provision, fhir.EXT_CLAUSE) == [f"1: {V1[0]}"]       # what was shown, not v2's clause
    # the two versions share a label: the hash prefix tells them apart
    assert _ext(provision, fhir.EXT_ENDED_BY) == [
        f"invalidated by the store: the newer version Community Terms (2026-01-01) [{v2.sha256[:12]}] "
        "changed its clauses"]
    # decided again on v2: that is a Consent on v2, active
    store.record("dr-lee", "client-access", "given", v2.sha256)
    consents = {e["resource"]["policy"][0]["uri"]: e["resource"] for e in _bundle(store)["entry"]}
    assert consents[f"urn:sha256:{v2.sha256}"]["status"] == "active"
    assert consents[f"urn:sha256:{v1}"]["status"] == "inactive"


def test_an_expired_consent_ends_at_its_end_date_unless_something_ended_it_first(store: ConsentStore) -> None:
    v1 = store.documents()[0].sha256
    lapsing = store.record("dr-lee", "tracking", "given", v1, expires_at=expiry_after(30))
    kept = store.record("dr-lee", "research", "given", v1, expires_at=expiry_after(30))
    withdrawn = store.record("dr-lee", "research", "withdrawn", v1)
    before, after = utc_now(), expiry_after(31, lapsing.recorded_at)
    for now, status, tracking_dpv in ((before, "active", "dpv:ConsentGiven"),
                                      (after, "inactive", "dpv:ConsentExpired")):
        consent = _bundle(store, now)["entry"][0]["resource"]
        assert consent["status"] == status
        research_given, _, tracking = consent["provision"]["provision"]
        assert tracking["type"] == "permit"
        assert tracking["period"] == {"start": lapsing.recorded_at, "end": lapsing.expires_at}
        assert _ext(tracking, fhir.EXT_STATUS) == [tracking_dpv]
        # withdrawn before its end date: it ended then, and was never expired
        assert research_given["period"] == {"start": kept.recorded_at, "end": withdrawn.recorded_at}
        assert _ext(research_given, fhir.EXT_STATUS) == ["dpv:ConsentGiven"]


def test_a_consent_that_expired_before_it_was_withdrawn_was_ended_by_its_end_date(
        store: ConsentStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The withdrawal came after the end date, so it ended nothing: the provision said "ended by:
    withdrawn by the member", with a period that ended before the withdrawal was recorded."""
    v1 = store.documents()[0].sha256
    clock = ["2026-06-01T12:00:00.000000Z"]
    monkeypatch.setattr("terms.consent.store.utc_now", lambda: clock[0])
    given = store.record("dr-lee", "research", "given", v1, expires_at="2026-07-01T12:00:00.000000Z")
    clock[0] = "2026-08-01T12:00:00.000000Z"
    withdrawn = store.record("dr-lee", "research", "withdrawn", v1)
    consent = _bundle(store, "2026-09-01T12:00:00.000000Z")["entry"][0]["resource"]
    permit, deny = consent["provision"]["provision"]
    assert permit["period"] == {"start": given.recorded_at, "end": "2026-07-01T12:00:00.000000Z"}
    assert _ext(permit, fhir.EXT_STATUS) == ["dpv:ConsentExpired"]
    assert _ext(permit, fhir.EXT_SUPERSEDED_BY) == [withdrawn.hash]
    assert _ext(permit, fhir.EXT_ENDED_BY) == ["expired on 2026-07-01T12:00:00.000000Z"]
    assert deny["period"] == {"start": withdrawn.recorded_at}

"""Consent receipts: a disclosure to third parties (tracking too) names them; says when it was judged."""

from __future__ import annotations

from pathlib import Path

from terms.consent import open_store
from terms.consent.model import ClauseRef
from terms.consent.store import utc_now
from terms.export import receipt
from terms.flagging import analyze
from terms.parsing import parse_file
from terms.resources import resource_path
from tests.test_consent_store import V1, V1_FLAGS, make_document


def test_a_third_party_disclosure_names_the_third_parties_by_the_clauses_shown(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "consent.sqlite3")) as store:
        store.add_member("dr-lee")
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        client = store.record("dr-lee", "client-access", "given", sha)
        store.record("dr-lee", "tracking", "given", sha)
        store.record("dr-lee", "targeted-advertising", "given", sha, clauses=(
            ClauseRef("7.2", "a", "7.2 Advertisers …"), ClauseRef("7.3", "b", "7.3 Partners …")))
        store.record("dr-lee", "third-party-sharing", "given", sha, clauses=())
        now = utc_now()
        (made,) = receipt.to_receipts(store.snapshot(), store.topics, now=now)
    assert made["inForceAt"] == now
    purposes = {p["purposeCategory"][0]: p for p in made["services"][0]["purposes"]}
    assert purposes["client-access"]["thirdPartyDisclosure"] is True
    assert purposes["client-access"]["thirdPartyName"] == "clients (as named in clause 1 of the document)"
    assert purposes["client-access"]["recordedAt"] == client.recorded_at
    assert purposes["targeted-advertising"]["thirdPartyName"] == (
        "advertisers, partners (as named in clauses 7.2, 7.3 of the document)")
    assert purposes["third-party-sharing"]["thirdPartyName"] == "not stated"   # no clause bore on it
    assert purposes["tracking"]["thirdPartyName"] == "the recipients named in clause 2 of the document"


def test_tracking_is_disclosed_to_the_partners_its_clauses_name(tmp_path: Path) -> None:
    """The physician sample's 11.1: "We and our advertising and analytics partners use cookies…"."""
    with open_store(str(tmp_path / "consent.sqlite3")) as store:
        store.add_member("dr-lee")
        analysis = analyze(parse_file(resource_path("samples", "physician-community-terms.md")))
        sha = store.add_document(analysis.document, analysis.flags).document.sha256
        store.record("dr-lee", "tracking", "given", sha)
        (made,) = receipt.to_receipts(store.snapshot(), store.topics, now=utc_now())
    purposes = {p["purposeCategory"][0]: p for p in made["services"][0]["purposes"]}
    tracking = purposes["tracking"]
    assert any("advertising and analytics partners" in c["quote"] for c in tracking["clausesShown"])
    assert tracking["thirdPartyDisclosure"] is True
    assert tracking["thirdPartyName"] == ("advertising and analytics partners (as named in clauses 11.1, "
                                         "11.2 of the document)")


def test_mining_posts_whose_results_go_to_clients_is_a_disclosure(tmp_path: Path) -> None:
    """The sample's 7.4 ("The results are provided to Clients") was receipted as no disclosure."""
    with open_store(str(tmp_path / "consent.sqlite3")) as store:
        store.add_member("dr-lee")
        analysis = analyze(parse_file(resource_path("samples", "physician-community-terms.md")))
        sha = store.add_document(analysis.document, analysis.flags).document.sha256
        store.record("dr-lee", "content-mining", "given", sha, method="paper-form")
        store.record("dr-lee", "tracking", "given", sha, method="desktop")
        (made,) = receipt.to_receipts(store.snapshot(), store.topics, now=utc_now())
    purposes = {p["purposeCategory"][0]: p for p in made["services"][0]["purposes"]}
    mining = purposes["content-mining"]
    assert mining["thirdPartyDisclosure"] is True and mining["thirdPartyName"].startswith("clients")
    # each purpose says how it was collected; the receipt names both, not the latest for all
    assert (mining["collectionMethod"], purposes["tracking"]["collectionMethod"]) == ("paper-form", "desktop")
    assert made["collectionMethod"] == "paper-form (content-mining); desktop (tracking)"

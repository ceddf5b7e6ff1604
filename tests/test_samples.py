"""The bundled sample documents parse, and analysing them leads with the provisions they exist to show."""

from __future__ import annotations

from pathlib import Path

import pytest

from terms.flagging import analyze
from terms.model import Severity
from terms.parsing import parse_file
from terms.resources import resource_path

SAMPLES = ("physician-community-terms.md", "physician-community-terms-2026-09.md", "health-app-privacy.md",
           "social-network-terms.md")


def _analysis(name: str):
    path: Path = resource_path("samples", name)
    return analyze(parse_file(path))


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_parses_with_date_and_numbered_clauses(name: str) -> None:
    document = parse_file(resource_path("samples", name))
    assert document.effective_date is not None
    assert sum(1 for c in document.clauses if c.number) >= 20


def test_physician_community_summary_leads_with_client_access_and_idea_licence() -> None:
    analysis = _analysis("physician-community-terms.md")
    top = [c.category for c in analysis.summary.concerns[:4]]
    assert top[:2] == ["data.client-access", "data.sale"]
    assert set(top) == {"data.client-access", "data.sale", "data.content-license", "data.monitoring"}
    assert all(c.severity is Severity.CONCERN for c in analysis.summary.concerns[:4])
    by_category = {c.category: c for c in analysis.summary.concerns}
    # the clauses that carry them: clients reading posts (7.2), selling access (7.3), the licence (8.2)
    assert "7.2" in by_category["data.client-access"].clause_ids
    assert "7.3" in by_category["data.sale"].clause_ids
    assert "8.2" in by_category["data.content-license"].clause_ids
    assert "7.4" in by_category["data.monitoring"].clause_ids
    explanation = by_category["data.client-access"].explanation
    assert "anonymous" in explanation and "traced back to you" in explanation


def test_physician_community_client_flag_names_the_clients() -> None:
    analysis = _analysis("physician-community-terms.md")
    flag = next(f for f in analysis.flags if f.category == "data.client-access" and f.clause_id == "7.2")
    assert flag.evidence and "Clients" in flag.quotes(analysis.document.text)[0]
    # §12.1 lets members mute e-mails but not "sponsored messages": it is no way out of client access
    assert "12.1" not in flag.way_out and "12.1" not in flag.explanation


def test_health_app_promise_not_to_sell_is_protective_and_sharing_is_flagged() -> None:
    analysis = _analysis("health-app-privacy.md")
    flags = {(f.category, f.clause_id) for f in analysis.flags}
    assert ("rights.no-sale", "5.1") in flags
    assert ("data.sale", "5.1") not in flags
    assert {"data.sensitive", "data.research", "data.anonymization", "data.advertising",
            "data.business-transfer", "data.international-transfer"} <= {c for c, _ in flags}


def test_social_network_contract_terms_are_flagged() -> None:
    analysis = _analysis("social-network-terms.md")
    concerns = {c.category for c in analysis.summary.concerns}
    assert {"terms.arbitration", "terms.content-removal", "terms.unilateral-termination",
            "terms.limitation-of-liability", "terms.jurisdiction", "data.content-license",
            "data.advertising"} <= concerns
    protections = {c.category for c in analysis.summary.protections}
    assert "rights.content-ownership" in protections


def test_in_your_favour_holds_only_protections() -> None:
    summary = _analysis("physician-community-terms.md").summary
    assert all(c.severity is Severity.PROTECTIVE for c in summary.protections)
    assert summary.notes and all(c.severity is Severity.INFO for c in summary.notes)
    # §12.2's exclusion from reports "does not apply to … Clients' direct access": not in the reader's
    # favour as it stands, but noted, qualified
    assert "12.2" in next(c.clause_ids for c in summary.notes if c.category == "rights.choice")
    # the browser's "Do Not Track" setting and a ban on scraping are not protections of the reader
    found = {c.category for c in summary.protections}
    assert found.isdisjoint({"rights.limited-use", "rights.access-deletion"})


def test_the_physician_samples_later_version_shows_what_a_reader_must_review() -> None:
    """The second sample version lets a new user try comparing and re-reviewing consent without
    writing a file: clients reach private groups, posts train AI models and the opt-out narrows."""
    from terms.compare.engine import compare_analyses
    from terms.compare.model import DeltaKind, EntryKind

    comparison = compare_analyses(_analysis("physician-community-terms.md"),
                                  _analysis("physician-community-terms-2026-09.md"))
    changed = {e.new_ids for e in comparison.entries if e.kind is EntryKind.CHANGED}
    assert {("7.1",), ("7.2",), ("12.2",)} <= changed
    assert [e.new_ids for e in comparison.entries if e.kind is EntryKind.ADDED] == [("7.7",)]
    deltas = {(d.kind, d.category) for d in comparison.flag_deltas}
    # §7.1 adds employers to the clients: one line says who every clause saying "Clients" now reaches
    (widened,) = [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]
    assert widened is comparison.flag_deltas[0] and widened.effect == "worse"
    assert widened.added_parties == ("hospital groups and other employers of physicians",)
    assert {"data.client-access", "data.sale", "data.content-license"} <= set(widened.categories)
    assert widened.new_ids[0] == "7.1" and {"7.2", "7.3", "8.3"} <= set(widened.new_ids)
    assert widened.headline.startswith("§7.1 now counts hospital groups and other employers of physicians "
                                       "among Clients: 13 provisions that name Clients reach them")
    assert widened.quote.startswith("Our Clients include pharmaceutical")
    # §7.2's words changed too, and what it now also says is named; so are §12.2's, whose opt-out now
    # takes up to 180 days instead of 90
    assert widened.headline.endswith("; §7.2 now also says “export and keep” and “and in private groups”; "
                                     "§12.2 now also says “or to the training of models under Section 7.7” "
                                     "and “180”: read them again")
    assert not [d for d in comparison.flag_deltas if d.kind is DeltaKind.REWORDED and d.category in
                widened.categories and set(d.new_ids) & set(widened.new_ids)]
    assert {(DeltaKind.APPEARS, "data.content-license"), (DeltaKind.APPEARS, "data.research")} <= deltas
    # AI training is named: the rule that leads the flag has a title of its own, and as the first
    # version has none of its kind, it is no "another" (research and licences were flagged there)
    headlines = {d.headline for d in comparison.flag_deltas}
    assert ("Adds a research-use provision (“What you post, write or record may train AI models”) "
            "in §7.7") in headlines
    assert ("Adds a broad licence over your content and ideas (“A licence to train AI models on your "
            "posts”) in §7.7") in headlines
    # §12.2's opt-out now also excludes AI training and takes 180 days instead of 90
    (right,) = [c for c in comparison.promise_changes if "a right of yours" in c.headline]
    assert right.weaker and right.headline.startswith(
        "Weakens a right of yours in §12.2: its limits now also exclude “to the training of models under "
        "Section 7.7”")
    assert right.new_sentence.endswith("it may take up to 180 days to take effect.")   # whole, not cut
    later = _analysis("physician-community-terms-2026-09.md")
    kept = {f.category for f in later.flags if f.clause_id == "7.7"}
    assert "data.retention" in kept   # models are not deleted with the posts they learned from


def test_feedback_used_freely_is_explained_as_feedback_not_posts() -> None:
    """§9.1 (feedback about the Network) was explained with the licence's words: "it may reuse,
    change or publish your posts"."""
    analysis = _analysis("physician-community-terms.md")
    [feedback] = [f for f in analysis.flags if f.clause_id == "9.1"]
    assert analysis.flag_title(feedback) == "Your feedback may be used freely"
    assert feedback.severity is Severity.CAUTION and "publish your posts" not in feedback.explanation
    assert feedback.explanation.startswith("Caducea Network may use the suggestions and feedback you send it")


def test_a_licence_that_outlives_the_members_posts_says_so() -> None:
    """§8.4 ("This licence continues after you delete your Member Content or close your account")
    was explained only as the broad licence of §8.2, and WhatsApp's survival clause likewise."""
    analysis = _analysis("physician-community-terms.md")
    [survives] = [f for f in analysis.flags if f.clause_id == "8.4"]
    assert analysis.flag_title(survives) == "The licence outlives your posts and your account"
    [licence] = [c for c in analysis.summary.concerns if c.category == "data.content-license"]
    assert licence.explanation.endswith("go on after you delete it or leave: what was already copied, "
                                        "shared or built on stays in use.")

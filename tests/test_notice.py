"""A change clause that promises notice is shown as a caution, and says where the promise is
(terms/flagging/notice.py)."""

from __future__ import annotations

import pytest

from terms.flagging import analyze, flag_text
from terms.model import Severity
from terms.parsing import parse_text


def _change(text: str):
    [flag] = [f for f in flag_text(text) if f.category == "terms.changes"]
    return flag


@pytest.mark.parametrize("promise", [
    "We will notify you by e-mail 30 days before material changes take effect.",
    "When we do, we’ll let you know one way or another.",
    "We will give you advance notice of any change that affects your rights.",
    # by the channel named ("notify you by email or in the app before …", "e-mail you at least 30 days
    # before"): two reviewers' documents read concern with the promise beside it
    "If we make material changes, we will notify you by email or in the app before the changes take effect.",
    "If a change is material, we will also e-mail you at least 30 days before it takes effect.",
    "We will notify you by email at least 14 days before a change, and again when it takes effect.",
    "If we make a material change, we will email registered users and post a notice on the site at least 30 "
    "days before the change takes effect.",
    "If we make a material change, we will send an e-mail to the address on your account at least 15 days "
    "before the change takes effect.",
    "When we make a material change, we will email you and show a notice in the app at least fourteen (14) "
    "days before the change takes effect.",
    "If a change affects what we collect, we will tell the Account Holder by email at least 30 days before "
    "it takes effect.",
    # ("give": a grand-rounds platform's fair terms read concern beside it)
    "We will give at least 30 days' notice of a revision by email and on the Platform.",
    # in the passive (a physicians' network's fee clause, and a ToS;DR dev item, read concern)
    "Any such change will be communicated at least 30 days in advance.",
    "If that happens you will be notified at least seven days in advance.",
])
def test_a_promise_of_notice_in_the_clause_makes_a_caution(promise: str) -> None:
    flag = _change(f"We may change these Terms at any time. {promise}")
    assert flag.severity is Severity.CAUTION
    assert flag.reason.startswith("the clause itself promises notice")


@pytest.mark.parametrize("way_out", [
    "We will tell you by email at least 30 days before a new price applies, and you may cancel before then "
    "without any charge.",
    "We will notify you by email at least 30 days before a revision takes effect, and you may close your "
    "account before then.",
    "We will notify you 30 days ahead, and you can end your plan and receive a pro rata refund.",
    # (a cycle tracker's privacy policy: deleting the account is the way out)
    "If we make a material change, we will notify you by email at least 30 days before the change takes "
    "effect, and you may delete your account before then.",
])
def test_notice_and_a_free_way_out_before_the_change_make_the_fair_kind(way_out: str) -> None:
    """Three documents written for the test (a pill bottle's price change, a residency forum's and a vet
    chain's fair variants) gave notice and a right to leave at no cost, and still read caution."""
    flag = _change(f"We may change these Terms at any time. {way_out}")
    assert flag.severity is Severity.INFO
    assert flag.reason.startswith("the clause itself also lets you leave")
    # a way out without notice, or one that costs, is not the fair kind
    assert _change("We may change these Terms at any time. You may cancel before then without any "
                   "charge.").severity is Severity.CONCERN
    assert _change("We may change these Terms at any time. We will notify you 30 days before. You may "
                   "cancel, subject to the early termination fee.").severity is Severity.CAUTION


@pytest.mark.parametrize("no_promise", [
    "Changes take effect when we post them on this page.",
    "We will let you know by revising the date at the top of this page.",
    "We will notify you of material changes by posting a notice on this page.",
    "We will not notify you of changes.",
    "Listings may also be removed without prior notice.",
    "We may do so with or without advance notice.",
    "We are not required to give you prior notice.",
    # only what the law already demands (Zoom's terms, 15.1)
    "If a change requires a specific notice pursuant to applicable law, we will provide such notice.",
    "We will notify you of changes where required by law.",
    "We will give notice where the law requires.",
    # left to the company's judgement (WhatsApp's policy of January 2021)
    "We will provide you notice of amendments to these Terms, as appropriate.",
    # taken back at once (a physician panel's terms written for the test)
    "We will also try to notify you by email, but failure to do so will not affect the change.",
    # told only as the change applies (a hobby network's terms written for the test)
    "If a change materially affects your rights, we will tell you by email or with a notice in the app "
    "when it takes effect.",
    # ... or the change applies as the notice appears (a clinical chatbot's terms written for the test)
    "We will tell you about material changes by a notice displayed in the app. Updated Terms take effect "
    "when the notice is first displayed.",
])
def test_posting_or_denying_notice_is_no_promise(no_promise: str) -> None:
    assert _change(f"We may change these Terms at any time. {no_promise}").severity is Severity.CONCERN


def test_a_promise_beside_a_mention_of_the_law_is_still_a_promise() -> None:
    """Notice promised outright, with the law named for another reason (Tinder's terms, Zoom's
    price changes), stays a promise."""
    for promise in ("we will notify you at least 30 days in advance (unless we are unable to do so "
                    "under applicable law)",
                    "we will provide you with not less than thirty days prior notice, or the time period "
                    "prescribed by applicable law"):
        flag = _change(f"We may change these Terms at any time. If so, {promise}.")
        assert flag.severity is Severity.CAUTION


def test_a_promise_elsewhere_in_the_section_counts_for_a_change_of_the_terms_only() -> None:
    document = parse_text(
        "# Changes\n\nWe may change these Terms at any time.\n\n"
        "We may change, suspend or discontinue any part of the Service at any time.\n\n"
        "If a change to these Terms is material, we will notify you before it takes effect.\n\n"
        "# Other\n\nWe may change this Policy at any time.\n"
    )
    changes = {f.clause_id: f for f in analyze(document).flags if f.category == "terms.changes"}
    terms = changes["changes/p1"]
    assert terms.severity is Severity.CAUTION
    assert terms.reason.startswith("the “Changes” section promises notice")
    assert terms.explanation.endswith("Here, the “Changes” section promises notice before changes.")
    assert changes["changes/p2"].severity is Severity.CONCERN    # the service, not the terms
    assert changes["other/p1"].severity is Severity.CONCERN      # another section


def test_a_privacy_statement_changed_with_notice_promised_in_its_section_is_a_caution() -> None:
    """A DNA service's "Privacy Statement": the section's promise counted only for "terms" or a "policy"."""
    document = parse_text(
        "# Changes to this Statement\n\nWe may change this Statement at any time.\n\n"
        "If a change to this Statement matters, we will email you at least 30 days before it takes effect.\n"
    )
    [flag] = [f for f in analyze(document).flags if f.category == "terms.changes" and f.severity is not
              Severity.INFO]
    assert flag.severity is Severity.CAUTION and flag.reason.startswith("the “Changes to this Statement”")


def test_notice_of_something_else_in_the_section_is_no_notice_of_a_change() -> None:
    """An FAQ's legal part (one section): "We will tell you when we remove your post" made the change
    of its terms "on posting" a caution."""
    document = parse_text(
        "# Legal terms\n\n5. We may remove any post that breaks these terms. We will tell you when we remove "
        "your post and why.\n\n7. We may update these terms at any time by posting a new version on this "
        "page.\n"
    )
    flags = [f for f in analyze(document).flags if f.category == "terms.changes"]
    assert [f.severity for f in flags if f.clause_id.endswith("7")] == [Severity.CONCERN]


def test_an_ending_announced_days_ahead_with_a_refund_or_a_copy_of_your_data_is_the_fair_kind() -> None:
    """A pill bottle's "We may end these Terms … by giving you at least 60 days' notice by email. If we do,
    we will refund any fees you have prepaid" read caution, as an ending at will would."""
    def ending(text: str):
        [flag] = [f for f in flag_text(text) if f.category == "terms.unilateral-termination"]
        return flag

    fair = ending("We may end these Terms or discontinue the Service by giving you at least 60 days' notice "
                  "by email. If we do, we will refund any fees you have prepaid and give you a way to "
                  "download your records.")
    assert fair.severity is Severity.INFO and fair.reason.startswith("the clause itself gives days of notice")
    assert ending("We may terminate your account at any time for any reason. We will refund any prepaid "
                  "fees.").severity is Severity.CONCERN
    assert ending("We may suspend your account with 30 days' notice.").severity is Severity.CAUTION


def test_a_closure_for_cause_with_the_reason_and_days_to_answer_is_the_fair_kind() -> None:
    """A discount card's "We may suspend or close your account … if we reasonably believe you have broken
    Section 5 … we will tell you the reason by email and give you 14 days to respond before closure" read
    as a closure by the company's own decision."""
    def closing(text: str) -> Severity:
        [flag] = [f for f in flag_text(text) if f.category == "terms.unilateral-termination"]
        return flag.severity

    fair = ("We may close your account if we reasonably believe you have broken Section 5. We will tell you "
            "the reason by email and give you 14 days to respond before closure.")
    assert closing(fair) is Severity.INFO
    assert closing("We may close your account at our sole discretion. We will tell you the reason and give "
                   "you 14 days to respond.") is not Severity.INFO
    assert closing("We may close your account if you break these terms.") is Severity.CAUTION


def test_a_change_made_by_giving_days_of_notice_with_a_free_exit_is_the_fair_kind() -> None:
    """A home-care app's "We may change the Rate Schedule by giving at least 30 days' notice … you may end
    service before they take effect and you will not be charged any cancellation fee" read as a caution."""
    text = ("We may change the Rate Schedule by giving at least 30 days' notice by email. If you do not "
            "accept the new rates, you may end service before they take effect and you will not be charged "
            "any cancellation fee.")
    flags = [f for f in flag_text(text) if f.category == "terms.changes"]
    assert [f.severity for f in flags] == [Severity.INFO]


def test_acceptance_by_going_on_after_notice_and_a_free_exit_is_the_fair_kind() -> None:
    """A monitoring programme's later terms gave "at least thirty (30) days' notice" and the right to stop
    "under Section 8.1 before the effective date": the change read as a caution (the "(30)" and the "8.1"
    hid the promise and the exit), and "If you continue to participate after the effective date, the revised
    Terms will apply" as acceptance by use."""
    text = ("We may revise these Terms from time to time. We will give you at least thirty (30) days' notice "
            "of any material change by email before it takes effect. If you do not agree, you may stop "
            "participating under Section 8.1 before the effective date. If you continue to participate after "
            "the effective date, the revised Terms will apply.")
    severities = {f.category: f.severity for f in flag_text(text)}
    assert severities["terms.changes"] is Severity.INFO
    assert severities.get("terms.contract-by-using", Severity.INFO) is Severity.INFO


def test_notice_of_a_change_reducing_your_rights_counts_and_of_fees_alone_does_not() -> None:
    """A stipend card's "Where a change increases a fee or reduces your rights, we will give you at least 30
    days' notice" beside its change clause left it a concern; an expert marketplace's notice of platform fee
    increases alone is no notice of revised terms."""
    rights = parse_text(
        "# Terms\n\n## 22. Changes\n\n22.1 We may change these Terms, the fees or the features from time "
        "to time.\n\n22.2 Where a change increases a fee or reduces your rights, we will give you at least "
        "30 days' notice by email before it takes effect.\n")
    fees = parse_text(
        "# Terms\n\n## 16. Changes\n\n16.1 We may revise these Terms from time to time.\n\n16.2 Any increase "
        "in the platform fee will be announced to you by email at least 30 days before it applies.\n")
    severity = {d: {f.clause_id: f.severity for f in analyze(d).flags if f.category == "terms.changes"}
                for d in (rights, fees)}
    assert severity[rights]["22.1"] is Severity.CAUTION
    assert severity[fees]["16.1"] is Severity.CONCERN


def test_an_email_to_the_account_holder_before_the_change_with_a_refund_is_the_fair_kind() -> None:
    """A smart bed's terms e-mailed "the Account Holder at least 30 days before" a revision and let the member
    cancel with a refund, and the change still read caution: only "you" and "users" were e-mailed."""
    flag = _change("We may revise these Terms. If a revision affects how we use Sleep Data, we will email "
                   "the Account Holder at least 30 days before it takes effect. If you do not accept it, you "
                   "may cancel before that date and receive a pro-rata refund.")
    assert flag.severity is Severity.INFO


@pytest.mark.parametrize("others", [
    "For other changes, we will post the updated Terms with a new date, and they take effect immediately.",
    "Other amendments may be made at any time and take effect once posted.",
])
def test_changes_the_promise_leaves_out_stay_a_concern(others: str) -> None:
    """"For material changes, we will notify you … at least 15 days before. For other changes, … they take
    effect immediately" was a caution saying the clause promises notice before changes: not before these."""
    flag = _change("For material changes, we will notify you by email at least 15 days before they take "
                   f"effect. {others}")
    assert flag.severity is Severity.CONCERN
    assert "promises notice" not in flag.explanation

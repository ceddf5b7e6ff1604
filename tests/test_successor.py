"""A business transfer that binds the new owner to the document is shown as a caution, and says
where that is (terms/flagging/successor.py)."""

from __future__ import annotations

import pytest

from terms.flagging import analyze, flag_text
from terms.model import Severity
from terms.parsing import parse_text

TRANSFER = ("If we are acquired or merge with another company, your information may be transferred "
            "to the buyer.")


def _transfer(text: str):
    [flag] = [f for f in flag_text(text) if f.category == "data.business-transfer"]
    return flag


@pytest.mark.parametrize("bound", [
    "The buyer will be bound by this policy.",
    "Any successor shall honour the commitments made in this notice.",
    "In that event, these Terms will continue to govern your relationship with the new owner.",
    "Your information will remain subject to this Privacy Policy.",
    # the binding as the transfer's condition (a reviewer's survey-panel terms)
    "It will go with the business on the condition that the buyer honours these Terms.",
    "It must continue to be used in accordance with this Privacy Policy.",
    "The buyer will have the right to continue to use your data, but only in the manner set out in "
    "this Privacy Policy unless you agree otherwise.",
    "A buyer of our business, if we are sold or merged, who would be bound by this notice.",
    "The new owner must keep to these Terms.",
    # (a counselling app's and a cessation app's terms of one round)
    "The buyer would be able to use it in the same ways as described in this notice.",
    "After the sale it may be used by the successor in accordance with these Terms.",
])
def test_a_bound_new_owner_in_the_clause_makes_a_caution(bound: str) -> None:
    flag = _transfer(f"{TRANSFER} {bound}")
    assert flag.severity is Severity.CAUTION
    assert flag.reason.startswith("the clause itself binds the new owner")
    # the explanation asks the reader to check for this: it says what was found
    assert flag.explanation.endswith("Here, the clause itself binds the new owner to the document.")


@pytest.mark.parametrize("unbound", [
    "The buyer will not be bound by this policy.",
    "The acquirer will also not be bound by these terms.",
    "The buyer may use it under its own privacy policy.",
    "The buyer will not be required to use it in accordance with this Privacy Policy.",
    "Until then it will be used in accordance with our cookie notice.",
    "It will go with the business, whether or not the buyer honours these Terms.",
])
def test_a_new_owner_left_free_stays_a_concern(unbound: str) -> None:
    flag = _transfer(f"{TRANSFER} {unbound}")
    assert flag.severity is Severity.CONCERN and "Here," not in flag.explanation


def test_notice_with_the_chance_to_leave_before_the_transfer_makes_a_caution() -> None:
    flag = _transfer("If we are sold, we will give members 30 days' notice and the chance to delete their "
                     "accounts before any member information is transferred to the buyer.")
    assert flag.severity is Severity.CAUTION and "notice before" in flag.reason


def test_a_binding_paragraph_of_the_same_section_counts_and_is_named() -> None:
    document = parse_text(
        "# Privacy notice\n\n## 6. Business transfers\n\n6.1 " + TRANSFER + "\n\n"
        "6.2 Any acquirer will be required to respect the choices you made here.\n\n"
        "## 7. Your choices\n\n7.1 We will honour this notice.\n"
    )
    [flag] = [f for f in analyze(document).flags if f.category == "data.business-transfer"]
    assert flag.severity is Severity.CAUTION
    assert flag.reason.startswith("section 6.2 binds the new owner")


def test_a_promise_about_something_else_in_the_section_does_not_count() -> None:
    document = parse_text(
        "# Privacy notice\n\n## 6. Sharing\n\n6.1 " + TRANSFER + "\n\n"
        "6.2 This policy will continue to apply to data we keep about former members.\n"
    )
    [flag] = [f for f in analyze(document).flags if f.category == "data.business-transfer"]
    assert flag.severity is Severity.CONCERN


def test_a_shopper_called_buyer_elsewhere_in_the_section_binds_no_new_owner() -> None:
    """In a marketplace a "buyer" is a member: "buyers must comply with these terms" in another
    paragraph of the section says nothing about who owns the company next."""
    document = parse_text(
        "# Terms\n\n## 6. Your data\n\n6.1 " + TRANSFER + "\n\n"
        "6.2 Buyers on the marketplace will comply with the listing rules of each seller.\n"
    )
    [flag] = [f for f in analyze(document).flags if f.category == "data.business-transfer"]
    assert flag.severity is Severity.CONCERN


def test_each_paragraph_is_read_for_a_bound_owner_at_most_once(monkeypatch) -> None:
    """Every business-transfer flag read every clause of the document: a 21 MB document took minutes
    in this step alone."""
    from terms.flagging import successor

    reads: list[str] = []
    names_new_owner = successor._names_new_owner
    monkeypatch.setattr(successor, "_names_new_owner",
                        lambda text: reads.append(text) or names_new_owner(text))
    section = ("# Mergers\n\nIf we are acquired, your posts go to the buyer.\n\nWe may also sell your data "
               "to a successor company in a merger.\n\nOur offices are in Dublin.\n\n")
    document = parse_text(section * 30)
    flags = [f for f in analyze(document).flags if f.category == "data.business-transfer"]
    assert len(flags) >= 30
    assert len(reads) <= len(document.clauses)

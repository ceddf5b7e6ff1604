"""A court clause that keeps the consumer's own courts beside the company's is a caution that says
so (terms/flagging/home_courts.py)."""

from __future__ import annotations

import pytest

from terms.flagging import flag_text
from terms.model import Severity

COMPANY_COURTS = ("In all other cases, the claim must be resolved exclusively in the courts of the Republic "
                  "of Ireland.")


def _courts(text: str):
    [flag] = [f for f in flag_text(text) if f.category == "terms.jurisdiction"]
    return flag


@pytest.mark.parametrize("kept", [
    "If you are a consumer and habitually reside in a Member State, you may resolve your claim in any "
    "competent court in that Member State.",
    "You may also bring a claim in the courts where you live.",
    "You can also take your claim to your local courts.",
    "This does not limit your right to complain to a supervisory authority or to bring proceedings in the "
    "courts of your Member State of residence.",
])
def test_the_consumers_own_courts_kept_make_a_caution_that_says_so(kept: str) -> None:
    """Instagram's terms of 2018: the Irish courts for "all other cases" read as a plain concern,
    fourth of the summary's, beside the consumer's own courts one sentence earlier."""
    flag = _courts(f"{kept} {COMPANY_COURTS}")
    assert flag.severity is Severity.CAUTION
    assert flag.explanation.endswith("Here, the clause itself keeps the courts where consumers live.")


@pytest.mark.parametrize("not_kept", [
    "",
    # the company's right to sue the member at home (X's terms, October 2024) keeps nothing for the member
    "We may bring any claim we have against you in any competent court in the country in which you reside. ",
    "You agree that your local courts will have no jurisdiction. ",
    "If you are a consumer, you must bring claims exclusively in the courts of Ireland. ",
])
def test_the_company_courts_alone_stay_a_concern(not_kept: str) -> None:
    flag = _courts(not_kept + COMPANY_COURTS)
    assert flag.severity is Severity.CONCERN and "Here," not in flag.explanation


def test_a_home_law_kept_beside_the_chosen_one_is_said_and_the_caution_stays() -> None:
    """A rare-disease community's terms chose Irish law and, a sentence later, kept the consumer laws of
    the member's own EU country: the caution said nothing of it. It now says so, and stays a caution
    (the law kept is often only a consumer's, or only some countries')."""
    [flag] = [f for f in flag_text(
        "These Terms are governed by the laws of Ireland. If you live in another country of the European "
        "Union, you also keep the protection of the mandatory consumer laws of that country.")
        if f.category == "terms.choice-of-law"]
    assert flag.severity is Severity.CAUTION
    assert flag.explanation.endswith("Here, the clause itself keeps some readers' home law or its consumer "
                                     "protections.")
    # one sentence choosing a law by where the member lives says nothing more
    [alone] = [f for f in flag_text("If your country of residence is Japan, these Terms are governed by the "
                                    "laws of Japan.") if f.category == "terms.choice-of-law"]
    assert "Here," not in alone.explanation

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

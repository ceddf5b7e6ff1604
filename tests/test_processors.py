"""Sharing with recipients the clause binds to the company's work says so in its explanation
(terms/flagging/processors.py)."""

from __future__ import annotations

import pytest

from terms.flagging import flag_text
from terms.model import Severity


def _sharing(text: str):
    [flag] = [f for f in flag_text(text) if f.category == "data.third-party-sharing"]
    return flag


@pytest.mark.parametrize("bound", [
    # three reviewers' documents: "handled under the recipients' own rules" beside these
    "We use vendors that host our systems and send e-mail. They may access personal information only "
    "to perform services for us and are bound by contract to protect it.",
    "We share messages with vendors for customer support. They may process your information only on "
    "our instructions and may not use it for their own purposes.",
    "We may share session data with our vendors, who will use the session data solely on our behalf.",
    "We use contractors to process payments on our behalf. They may not use your data for their own "
    "purposes.",
])
def test_recipients_bound_to_the_company_s_work_are_named_as_such(bound: str) -> None:
    flag = _sharing(bound)
    assert flag.severity is Severity.CAUTION
    assert flag.explanation.endswith(" Here, the clause itself limits the recipients to working for the "
                                     "company.")


@pytest.mark.parametrize("free", [
    # advertisers beside the bound vendors work for themselves
    "We share your data with advertisers and with vendors, who may use it only on our instructions.",
    # no limit stated
    "We share your information with vendors that help us run the service.",
    # the limit denied
    "Our partners may use the information we share for their own purposes.",
])
def test_other_recipients_or_no_limit_leave_the_sharing_as_it_is(free: str) -> None:
    assert "limits the recipients" not in _sharing(free).explanation

"""A content licence limited to running the service is a caution that says so; one reaching further
stays a concern (terms/flagging/narrow_licence.py)."""

from __future__ import annotations

import pytest

from terms.flagging import flag_text
from terms.model import Severity


def _licence(text: str):
    [flag] = [f for f in flag_text(text) if f.category == "data.content-license"]
    return flag


@pytest.mark.parametrize("narrow", [
    "You grant us a non-exclusive, royalty-free licence to host and display your content solely to "
    "operate the Service.",
    # transferable to the hosts and processors that run the service for the company
    "You grant us a worldwide, royalty-free, sublicensable licence to host, store and display your "
    "content solely to operate and provide the Service.",
    # a licence to show the posts where they were posted
    "You give us a limited, non-exclusive and royalty-free licence to display your posts on the forum. It "
    "ends when you delete a post.",
    # a community rather than a service (a pharmacists' forum written for the test)
    "You grant us a worldwide, non-exclusive, royalty-free licence to host, store, copy, display and "
    "distribute your posts solely to operate the Community.",
    # "for the purpose of" (a price-comparison site's review licence, which had read concern)
    "You grant us a non-exclusive, royalty-free licence to display your reviews on the Services, solely for "
    "the purpose of operating the Services, and that licence ends when you delete the review.",
    # the site named by the company's name, for as long as the posts stay up (an aligner maker's fair terms,
    # whose licence had been that document's second concern)
    "You grant Brightline a non-exclusive, royalty-free licence to host and display the reviews you post on "
    "the Brightline website and app, for as long as they remain posted there.",
])
def test_a_licence_limited_to_running_the_service_is_a_caution_that_says_so(narrow: str) -> None:
    flag = _licence(narrow)
    assert flag.severity is Severity.CAUTION
    assert flag.explanation.endswith("Here, the clause itself grants nothing beyond running the service.")


@pytest.mark.parametrize("broad", [
    "You grant us a perpetual, irrevocable, royalty-free licence to use your content for any purpose, "
    "including in commercial products.",
    # for ever, even if only to run the service
    "You grant us a perpetual, irrevocable, royalty-free licence to host and display your content "
    "solely to operate the Service.",
    # limited in one sentence, open to AI training in the next
    "You grant us a royalty-free licence to host and display your content solely to operate the "
    "Service. This licence extends to training our machine-learning models on your content.",
    # shown on the forum, but also for commercial use
    "You give us a limited, royalty-free licence to display your posts on the forum and to use them "
    "commercially.",
])
def test_a_licence_reaching_further_stays_a_concern(broad: str) -> None:
    flag = _licence(broad)
    assert flag.severity is Severity.CONCERN and "Here," not in flag.explanation

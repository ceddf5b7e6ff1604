"""A content licence's explanation says how far the rights reach, as the clause words them."""

from __future__ import annotations

import pytest

from terms.flagging import flag_text
from terms.flagging.licence import licence_terms, reach_beyond


@pytest.mark.parametrize(("text", "terms"), [
    pytest.param("You grant us a worldwide, perpetual, irrevocable, royalty-free and sublicensable licence "
                 "to copy, modify and create derivative works of your posts for any purpose.",
                 ("worldwide", "for ever", "impossible to take back", "without payment to you",
                  "transferable to others", "for any purpose", "extended to changed and derived works"),
                 id="a broad grant, each term in plain words"),
    pytest.param("You give the forum a non-transferable, non-sublicensable, revocable licence, solely to "
                 "operate and improve the service. The licence ends when you delete your post.",
                 ("limited to running the service", "only until you delete your content"),
                 id="negated terms and a licence limited to the service"),
    pytest.param("You grant each user a worldwide licence to view your videos, only as enabled by a feature "
                 "of the service such as playback.",
                 ("worldwide", "limited to running the service"), id="limited to a feature of the service"),
    pytest.param("You give Huddle a worldwide, royalty-free licence to host and show your content so that we "
                 "can run Huddle.", ("worldwide", "without payment to you", "limited to running the service"),
                 id="limited by its purpose, the service by name"),
    pytest.param("You give us a royalty-free licence to store and display each post only as needed to "
                 "operate the Circle.", ("without payment to you", "limited to running the service"),
                 id="limited as needed to operate"),
    pytest.param("You grant us a worldwide licence to use your posts, including for the training of our "
                 "machine learning and generative AI models, and to make them available to other companies.",
                 ("worldwide", "extended to training AI models", "open to other companies"),
                 id="AI training and other companies"),
    pytest.param("You grant us a worldwide licence to show your posts. We will never use them to train "
                 "AI models.", ("worldwide",), id="AI training denied"),
    pytest.param("You give us a royalty-free licence to host your articles. We use it only to operate the "
                 "server; it does not allow us to sell your work or sublicense it to others.",
                 ("without payment to you", "limited to running the service"), id="sublicensing denied"),
    pytest.param("You may not revoke this sublicensable licence.", ("transferable to others",),
                 id="a denial of the member's, not of the right"),
    pytest.param("You assign to us all right, title and interest in your suggestions, which we may use "
                 "without any credit, payment or notice to you.",
                 ("handed over outright", "without payment to you"), id="an assignment, unpaid"),
    pytest.param("You grant us the right to monetize your videos, for example by showing ads in them. This "
                 "agreement does not entitle you to any payments.",
                 ("without payment to you", "for commercial use"), id="monetised, unpaid"),
])
def test_the_terms_a_licence_states_are_named_in_plain_words(text: str, terms: tuple[str, ...]) -> None:
    assert licence_terms(text) == terms


def test_the_explanation_states_the_terms_and_leaves_them_out_when_none_are_written() -> None:
    broad = next(f for f in flag_text("You grant us a perpetual, irrevocable licence to use anything you "
                                      "post for any purpose.") if f.category == "data.content-license")
    assert "As written, the rights are for ever, impossible to take back and for any purpose." \
        in broad.explanation
    plain = next(f for f in flag_text("You grant us a licence to display the content you post.")
                 if f.category == "data.content-license")
    assert "As written" not in plain.explanation
    assert "forever" not in plain.explanation and "sell" not in plain.explanation


def test_a_licence_limited_to_running_the_service_is_not_said_to_reach_others_products() -> None:
    """WhatsApp's licence "for the limited purpose of operating and providing our Services" was
    explained, first among its concerns, as one under which an idea "could end up in someone else's
    product"."""
    limited = ("You grant us a worldwide, royalty-free, sublicensable and transferable license to use your "
               "content. The rights you grant are for the limited purpose of operating and providing our "
               "Services.")
    broad = ("You grant us a worldwide, perpetual, sublicensable licence to use your posts and ideas for any "
             "purpose, including commercial purposes.")
    assert reach_beyond(licence_terms(limited)) == ()
    assert reach_beyond(licence_terms(broad)) == (
        "transferable to others", "for any purpose", "for commercial use")
    (narrow,) = [f for f in flag_text(limited) if f.category == "data.content-license"]
    assert "someone else's product" not in narrow.explanation
    assert "limited to running the service" in narrow.explanation
    (wide,) = [f for f in flag_text(broad) if f.category == "data.content-license"]
    assert ("With rights transferable to others, for any purpose and for commercial use, it may also build "
            "products") in wide.explanation

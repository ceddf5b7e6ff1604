"""A content licence's explanation says how far the rights reach, as the clause words them."""

from __future__ import annotations

from terms.flagging import flag_text
from terms.flagging.licence import licence_terms


def test_a_broad_grant_names_each_of_its_terms_in_plain_words() -> None:
    text = ("You grant us a worldwide, perpetual, irrevocable, royalty-free and sublicensable licence "
            "to copy, modify and create derivative works of your posts for any purpose.")
    assert licence_terms(text) == ("worldwide", "for ever", "impossible to take back",
                                   "without payment to you", "transferable to others", "for any purpose",
                                   "extended to changed and derived works")


def test_negated_terms_and_a_licence_limited_to_the_service_are_read_as_limits() -> None:
    text = ("You give the forum a non-transferable, non-sublicensable, revocable licence, solely to operate "
            "and improve the service. The licence ends when you delete your post.")
    assert licence_terms(text) == ("limited to running the service", "only until you delete your content")
    feature = ("You grant each user a worldwide licence to view your videos, only as enabled by a feature of "
               "the service such as playback.")
    assert licence_terms(feature) == ("worldwide", "limited to running the service")


def test_training_ai_and_opening_content_to_other_companies_are_named_unless_denied() -> None:
    text = ("You grant us a worldwide licence to use your posts, including for the training of our machine "
            "learning and generative AI models, and to make them available to other companies.")
    assert licence_terms(text) == ("worldwide", "extended to training AI models", "open to other companies")
    denied = ("You grant us a worldwide licence to show your posts. We will never use them to train "
              "AI models.")
    assert licence_terms(denied) == ("worldwide",)


def test_an_assignment_of_ownership_and_unpaid_use_are_named() -> None:
    text = ("You assign to us all right, title and interest in your suggestions, which we may use without "
            "any credit, payment or notice to you.")
    assert licence_terms(text) == ("handed over outright", "without payment to you")
    monetised = ("You grant us the right to monetize your videos, for example by showing ads in them. This "
                 "agreement does not entitle you to any payments.")
    assert licence_terms(monetised) == ("without payment to you", "for commercial use")


def test_the_explanation_states_the_terms_and_leaves_them_out_when_none_are_written() -> None:
    broad = next(f for f in flag_text("You grant us a perpetual, irrevocable licence to use anything you "
                                      "post for any purpose.") if f.category == "data.content-license")
    assert "As written, the rights are for ever, impossible to take back and for any purpose." \
        in broad.explanation
    plain = next(f for f in flag_text("You grant us a licence to display the content you post.")
                 if f.category == "data.content-license")
    assert "As written" not in plain.explanation
    assert "forever" not in plain.explanation and "sell" not in plain.explanation

"""A use the reader had to opt in to, made the default unless they opt out."""

from __future__ import annotations

import pytest

from terms.compare import compare
from terms.compare.defaults import choice_made_condition, default_made_opt_in, opt_in_made_default
from terms.flagging import analyze
from terms.parsing import parse_text

ASKED = ("Taking part in our research is entirely voluntary. You will only be included if you sign the "
         "separate Research Consent in the app.")
DEFAULT = ("Unless you tell us otherwise, your genetic data will be included, in de-identified form, in our "
           "research. You can opt out at any time from the Research tab.")


def test_the_sentence_that_asked_and_the_one_that_includes_by_default_are_named() -> None:
    old, new = ASKED.split(". ", 1), DEFAULT.split(". ", 1)
    assert opt_in_made_default(old, new) == (old[0], new[0])
    # a pharmacy's manufacturer programme: "only … after you sign" → "we enrol you in it automatically"
    asked = "We will only enrol you in a Manufacturer Programme after you sign an authorisation."
    enrolled = "If your medicine has a programme, we enrol you in it automatically with your first fill."
    assert opt_in_made_default([asked], [enrolled]) == (asked, enrolled)
    # switches off or on from the start (a doula marketplace's "Family Moments", a rotation marketplace's
    # "Share my MRS", whose opt-in made a default had read as "[better for you] Adds another opt-out")
    off = "Family Moments is switched off when you open your account."
    on = "Family Moments is switched on when you open your account."
    assert opt_in_made_default([off], [on]) == (off, on)
    until = "This setting is off unless and until you turn it on."
    unless = "This setting is on for every Student unless and until it is turned off."
    assert opt_in_made_default([until], [unless]) == (until, unless)
    # a grocery app's insurer programme, off for everyone unless they enrol, later on without a step of theirs
    enrol = "It is not switched on for any account unless a Member chooses to enrol from the Health tab."
    active = "It is included with every matched account and becomes active without any further step."
    assert opt_in_made_default([enrol], [active]) == (enrol, active)


@pytest.mark.parametrize(("old", "new"), [
    (DEFAULT, ASKED),                                        # the other way round: better news
    (ASKED, ASKED + " You can opt out at any time."),         # still asked: an opt-out added to an opt-in
    ("We use your data for research.", DEFAULT),              # nothing was asked before
    (ASKED, "Taking part in our research is voluntary and you can stop at any time."),
])
def test_only_an_opt_in_replaced_by_a_default_counts(old: str, new: str) -> None:
    assert opt_in_made_default([old], [new]) is None


def _compare(old_text: str, new_text: str):
    old = parse_text(f"# Privacy\n\n## 4. Research\n\n4.1 {old_text}\n\n4.2 We keep samples for ten years.\n")
    new = parse_text(f"# Privacy\n\n## 4. Research\n\n4.1 {new_text}\n\n4.2 We keep samples for ten years.\n")
    return compare(old, new, old_flags=analyze(old).flags, new_flags=analyze(new).flags)


def test_the_compare_headlines_it_as_worse_and_not_the_opt_out_as_better() -> None:
    """A DNA service's research opt-in became "included unless you tell us otherwise": the pair read
    "[better for you] Adds another opt-out or other choice in §4.1"."""
    result = _compare(ASKED, DEFAULT)
    [change] = [c for c in result.promise_changes if "opt in" in c.headline]
    assert change.weaker and change.headline == (
        "Turns what you had to opt in to into a default you must opt out of in §4.1")
    assert change.old_sentence.startswith("Taking part in our research is entirely voluntary")
    assert change.new_sentence.startswith("Unless you tell us otherwise")
    assert not [d for d in result.flag_deltas if d.category == "rights.choice" and d.effect == "better"]


def test_a_default_made_an_opt_in_loses_no_opt_out() -> None:
    """A neighbourhood app's face recognition, on for every account with a way to turn it off, became off
    until the member turns it on: the pair read "[worse for you] Removes the opt-out or other choice"."""
    on = ("Face matching is switched on for every account when it is created. We build a face template from "
          "your photos. You can turn it off in Settings, and we then delete the template.")
    off = ("Face matching is switched off for every account until you choose to turn it on in Settings. Only "
           "then do we build a face template from your photos.")
    assert default_made_opt_in([on], [off]) is not None and default_made_opt_in([off], [on]) is None
    result = _compare(on, off)
    assert not [d for d in result.flag_deltas if d.category == "rights.choice" and d.effect == "worse"]


def test_a_switch_someone_else_turns_on_made_one_they_must_turn_off() -> None:
    """An AI scribe's model-training programme: "If your Practice Administrator switches on the program …
    The program is off unless your Practice turns it on" became "Unless your Practice Administrator
    switches off the program …", read only as the research provision reworded."""
    old = ["If your Practice Administrator switches on the program, we will use your recordings to train "
           "our models.", "The program is off unless your Practice turns it on."]
    new = ["Unless your Practice Administrator switches off the program, we will use your recordings to "
           "train our models.", "It can be switched off at any time."]
    assert opt_in_made_default(old, new) == (old[0], new[0])
    assert default_made_opt_in(new, old) == (new[0], old[0])


CHOSEN = "You may choose to share your daily readings with your Plan Sponsor from the Sharing screen."
REQUIRED = ("Sharing your daily readings with your Plan Sponsor is a condition of taking part in the "
            "Programme.")


def test_a_choice_made_a_condition_of_taking_part_names_both_sentences() -> None:
    assert choice_made_condition([CHOSEN], [REQUIRED]) == (CHOSEN, REQUIRED)
    voluntary = "Taking part is entirely voluntary."
    must = "You must allow us to send your results to your employer to remain in the Programme."
    assert choice_made_condition([voluntary], [must]) == (voluntary, must)


@pytest.mark.parametrize(("old", "new"), [
    (REQUIRED, CHOSEN),                                  # the other way round: better news
    (CHOSEN, CHOSEN + " " + REQUIRED),                   # still left to the reader as well
    ("We share your daily readings with your Plan Sponsor.", REQUIRED),   # no choice before
    (CHOSEN + " " + REQUIRED, REQUIRED),                 # a condition already
])
def test_only_a_choice_replaced_by_a_condition_counts(old: str, new: str) -> None:
    assert choice_made_condition(old.split(". "), new.split(". ")) is None


def test_the_compare_headlines_a_choice_made_a_condition_as_worse() -> None:
    """A blood-pressure programme's sharing with the plan sponsor, a choice in one version and "a condition
    of taking part" in the next, was no promise change."""
    result = _compare(CHOSEN, REQUIRED)
    [change] = [c for c in result.promise_changes if "condition" in c.headline]
    assert change.weaker and change.headline == (
        "Turns what was your choice into a condition of taking part in §4.1")
    assert change.old_sentence == CHOSEN and change.new_sentence == REQUIRED

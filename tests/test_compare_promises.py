"""Promises to the reader worded more loosely or firmly, dropped or added between versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from terms.compare import compare
from terms.compare.promises import is_promise, promise_notes
from terms.compare.report import render
from terms.compare.synthetic import build_document
from terms.parsing import parse_file, parse_text
from terms.textnorm import comparison_key


def _changes(old_text: str, new_text: str, *, other_old: str = "", other_new: str = ""):
    """The promise changes between two one-section documents whose clause 4.1 says ``old_text``
    then ``new_text`` (and 4.2 ``other_old`` / ``other_new`` when given)."""
    def document(first: str, second: str, title: str):
        entries = [("4", "Your data", ""), ("4.1", None, first)]
        if second:
            entries.append(("4.2", None, second))
        return build_document(entries, title=title)

    return compare(document(old_text, other_old, "v1"), document(new_text, other_new, "v2")).promise_changes


@pytest.mark.parametrize(("sentence", "promise"), [
    ("We will notify you at least 30 days before any change.", True),
    ("We delete that copy 30 days after submission.", True),
    ("We'll get your consent before sending you direct marketing.", True),
    ("We do not sell your personal data.", True),
    ("We never share message content with advertisers.", True),
    ("We will honor the choices you make.", True),
    ("We don't sell your personal data.", True),                # contractions
    ("We won’t track you across other websites.", True),
    ("We do not and will not sell your personal information.", True),
    ("We will not notify you before we change these terms.", False),  # a promise denied
    ("We sell your data to our partners.", False),
    ("We may share your data with partners.", False),          # against the reader, not denied
    ("We may remove your content at any time.", False),        # a sanction
    ("We may delete your account if you break these rules.", False),
    ("We may tell you about our paid services.", False),        # marketing
    ("You must not share your password.", False),              # the member's duty
    ("We may not share information with you about the reasons.", False),  # withheld from the reader
    ("We do not disclose the reasons to you.", False),
    ("We do not share your data with your employer.", True),
    ("We do not “sell” or “share” personal information.", True),  # quoted, as laws define them
    ("We do not “sell” your personal data.", True),
    ("When this is the case, we will clearly ask for your consent.", True),   # Spotify, 2023
    # business terms call the reader "Customer" or name its contact
    ("We will notify the billing contact by email at least 30 days before it takes effect.", True),
    ("We will notify Customer at least 30 days in advance.", True),
    # keeping data denied, and information stripped, as a photo app words them
    ("We strip the location data from every file, and we do not keep a copy of it.", True),
    ("We do not keep a history of the places you sleep.", True),
    ("We keep your information secure.", False),
    ("We keep you informed about changes.", False),
    # a denial in the passive, of the reader's own (WhatsApp's messages "not … shared onto Facebook")
    ("However, your messages will not be shared onto Facebook for others to see.", True),
    ("Your contact information is private and won't be disclosed.", True),
    ("Personal data will never be sold, rented or otherwise disclosed.", True),
    ("Your posts will be shared with our partners.", False),
    ("Your data is not only shared with partners but also sold.", False),
    ("Any rights granted hereunder may not be transferred or assigned by you.", False),  # a duty
    ("Any settlement offer shall not be disclosed to the arbitrator.", False),  # not the reader's data
    # ... and what is done for the reader, said in the passive
    ("End-to-end encryption means that your messages are encrypted.", True),
    ("Your readings are kept strictly confidential.", True),
    ("Your readings are kept confidential.", True),
    ("Your messages are not encrypted.", False),
    ("Your content may be protected by intellectual property rights.", False),
])
def test_what_counts_as_a_promise(sentence: str, promise: bool) -> None:
    assert is_promise(comparison_key(sentence)) is promise


def test_a_qualifier_added_to_a_promise_weakens_it() -> None:
    (change,) = _changes(
        "If you ask, we delete your posts within 30 days.",
        "If you ask, we may delete your posts within 30 days, unless we need them for our business.")
    assert change.weaker and change.effect == "worse"
    assert change.headline == "Weakens a promise in §4.1: adds “may”, “unless”"
    assert change.old_sentence.startswith("If you ask, we delete")
    assert change.new_sentence.endswith("for our business.")
    assert change.old_ids == ("4.1",) and change.new_ids == ("4.1",)


def test_a_notice_period_dropped_weakens_the_promise_and_one_added_strengthens_it() -> None:
    looser = "We will notify you before we change these terms."
    firmer = "We will notify you at least 30 days before we change these terms."
    (weaker,) = _changes(firmer, looser)
    assert weaker.headline == "Weakens a promise in §4.1: no longer says “at least 30 days”"
    (stronger,) = _changes(looser, firmer)
    assert not stronger.weaker and stronger.effect == "better"
    assert stronger.headline == "Strengthens a promise in §4.1: adds “at least 30 days”"


def test_a_promise_to_no_one_narrowed_to_some_recipients_is_weaker() -> None:
    """A residency forum's "We do not sell your Verified Credential or your email address to anyone" became
    "… to advertisers": the one promise change that mattered was not headlined."""
    (change,) = _changes("We do not sell your Verified Credential or your email address to anyone.",
                         "We do not sell your Verified Credential to advertisers.")
    assert change.weaker and change.headline == "Weakens a promise in §4.1: no longer says “to anyone”"


def test_a_promise_to_any_of_a_kind_narrowed_to_some_of_them_is_weaker() -> None:
    """A video platform's "We do not sell, license or otherwise make available Recordings … to any insurer"
    became "We do not sell Recordings … to health insurers in the United States": no promise change."""
    (change,) = _changes("We do not sell, license or otherwise make available recordings to any insurer.",
                         "We do not sell recordings to health insurers in the United States.")
    assert change.weaker
    assert change.headline == ("Weakens a promise in §4.1: no longer says “to any insurer” and no longer "
                               "promises not to “license”")


def test_a_denial_in_the_passive_dropped_is_a_promise_dropped_and_its_opposite_reverses_it() -> None:
    (change,) = _changes("Your messages are never shared with advertisers. Replies arrive by email.",
                         "Replies arrive by email.")
    assert change.weaker and change.headline.startswith("Drops a promise")
    (change,) = _changes("Your messages are never shared with advertisers.",
                         "Your messages are shared with advertisers.")
    assert change.weaker and change.headline.startswith("Reverses a promise")


def test_a_confidentiality_promise_in_the_passive_given_an_exception_is_weaker() -> None:
    """A cuff app's readings "are kept confidential" became "Except as described in section 9.4, your
    readings are kept confidential": no promise change, as the promise was not read in the passive."""
    (change,) = _changes("Your readings are kept confidential.",
                         "Except as described in section 9.4, your readings are kept confidential.")
    assert change.weaker and change.headline == "Weakens a promise in §4.1: adds “except”"


def test_a_right_narrowed_by_words_added_is_weaker_and_widened_by_words_taken_out_firmer() -> None:
    """A food-sensitivity kit's deletion right came to cover only samples "not yet incorporated into research
    sets": neither sentence is a promise, so the comparison said nothing."""
    (change,) = _changes("You may ask us to delete your samples and results at any time.",
                         "You may ask us to delete your samples not yet incorporated into research sets.")
    assert change.weaker and change.headline == "Weakens a right of yours in §4.1: adds “not yet”"
    (change,) = _changes("You can download your readings only from the web portal.",
                         "You can download your readings from the web portal or the app.")
    assert not change.weaker
    assert change.headline == "Strengthens a right of yours in §4.1: no longer says “only”"
    assert _changes("Members may post only in English.", "Members may post in any language.") == ()


def test_a_promise_not_to_share_that_names_fewer_recipients_is_weaker_and_one_naming_more_firmer() -> None:
    """A blood-pressure app's "We never share your readings with your employer or insurer" lost "or
    insurer": the promise no longer reaches insurers, and no qualifier changed to say so."""
    (change,) = _changes("We never share your readings with your employer or insurer.",
                         "We never share your readings with your employer.")
    assert change.weaker and change.headline == "Weakens a promise in §4.1: no longer names “insurers”"
    (change,) = _changes("We do not sell your personal information to advertisers.",
                         "We do not sell your personal information to advertisers, data brokers or insurers.")
    assert not change.weaker
    assert change.headline.endswith("now also names “data brokers”, “insurers”")


@pytest.mark.parametrize(("old", "new"), [
    # an exception's party taken out makes the promise firmer, not narrower
    ("We do not sell your data to anyone except our affiliates.", "We do not sell your data to anyone."),
    # a party renamed is no party dropped
    ("We do not share your posts with advertisers.", "We do not share your posts with advertising partners."),
    # recipients of a promise that hands nothing on do not weigh
    ("We will notify you and your employer within 30 days.", "We will notify you within 30 days."),
])
def test_recipients_weigh_only_in_a_promise_not_to_hand_data_on_and_only_as_named(old: str, new: str) -> None:
    assert all("names" not in change.headline for change in _changes(old, new))


def test_an_exception_dropped_with_the_party_it_excepted_makes_the_promise_firmer() -> None:
    (change,) = _changes("We do not sell your data to anyone except our affiliates.",
                         "We do not sell your data to anyone.")
    assert not change.weaker and change.headline == "Strengthens a promise in §4.1: no longer says “except”"


def test_the_app_as_the_subject_promises_as_the_company_does() -> None:
    """A home-care app's "The App does not record audio or video during Visits" gained "Except as described in
    section 7.6," (which let it record audio): no promise change was reported."""
    (change,) = _changes("The App does not record audio or video during visits.",
                         "Except as described in section 7.6, the App does not record audio or video during "
                         "visits.")
    assert change.weaker and change.headline == "Weakens a promise in §4.1: adds “except”"


def test_may_becoming_will_strengthens_a_promise() -> None:
    (change,) = _changes("If the changes are material, we may notify you by email.",
                         "If the changes are material, we will notify you by email.")
    assert change.headline == "Strengthens a promise in §4.1: no longer says “may”"


@pytest.mark.parametrize("written", ["at least thirty days", "at least thirty (30) days",
                                     "at least 30 (30) days"])
def test_a_number_spelt_out_is_the_same_period(written: str) -> None:
    assert _changes("We will notify you at least 30 days before we make changes to these terms.",
                    f"We will notify you {written} before we make changes to these terms.") == ()
    assert _changes("We will notify you of a breach within 72 hours.",
                    "We will notify you of a breach within seventy-two hours.") == ()


def test_an_exception_added_to_a_denial_weakens_it() -> None:
    (change,) = _changes("We will not share your messages with advertisers.",
                         "We will not share your messages with advertisers without your consent.")
    assert change.headline == "Weakens a promise in §4.1: adds “without your consent”"


def test_a_long_exception_added_to_a_promise_is_one_promise_weakened_not_one_dropped_and_one_added() -> None:
    (change,) = _changes("We will not read your private messages.",
                         "We will not read your private messages unless you report them to us or we are "
                         "required to by law or by a court.")
    assert change.weaker and change.headline == "Weakens a promise in §4.1: adds “unless”"


def test_an_exception_in_other_words_weakens_a_long_denial_and_the_quotes_show_it() -> None:
    """A rare-disease community's later terms appended "other than to affiliates of Research Sponsors,
    including affiliates that provide insurance" to its promise not to sell to insurers or employers: no
    promise changed, said the report, and the flag's quotes of both versions ended before the exception."""
    denial = ("We do not sell, license or otherwise make available Member Data, whether identifiable or "
              "de-identified, to insurance companies, reinsurers, employers or recruitment agencies, and "
              "each Insights Subscription prohibits Research Sponsors from passing Community Insights to "
              "any of them")
    (change,) = _changes(f"{denial}.", f"{denial}, other than to affiliates of Research Sponsors, including "
                                       "affiliates that provide insurance or employee benefits.")
    assert change.weaker and change.headline == "Weakens a promise in §4.1: adds “other than”"
    assert change.old_sentence.startswith("…") and change.old_sentence.endswith("to any of them.")
    assert "other than to affiliates of Research Sponsors" in change.new_sentence


@pytest.mark.parametrize(("old", "new"), [
    ("We do not sell your data.", "We sell your data to our partners."),
    ("We never share your location.", "We share your location with advertisers."),
    ("We will notify you before we change these terms.",
     "We will not notify you before we change these terms."),
])
def test_a_promise_turned_into_its_opposite_is_reversed(old: str, new: str) -> None:
    (change,) = _changes(old, new)
    assert change.weaker and change.headline == "Reverses a promise in §4.1"
    assert (change.old_sentence, change.new_sentence) == (old, new)


def test_a_sentence_turned_into_a_promise_makes_one() -> None:
    (change,) = _changes("We may share your e-mail address with advertisers.",
                         "We do not share your e-mail address with advertisers.")
    assert not change.weaker and change.headline == "Makes a promise in §4.1"


def test_a_sentence_added_beside_an_unchanged_promise_is_not_a_rewording_of_it() -> None:
    """The new sentence was paired with the old one although that already had its identical partner."""
    (change,) = _changes("We will notify you of changes.",
                         "We will notify you of changes. We will also notify you by text message.")
    assert change.headline == "Adds a promise in §4.1" and not change.weaker


def test_a_sentence_the_company_may_or_may_not_keep_is_no_promise_added() -> None:
    """A DNA service replaced "we will tell you before we respond to a legal demand" with "Where we
    think it appropriate and the law allows, we may let you know about a legal demand", which was
    headlined as a promise added (better for you) beside the promise dropped from the old clause."""
    assert _changes("We will notify you of changes.",
                    "We will notify you of changes. We may also notify you by text message.") == ()
    assert _changes("We respond to legal demands as the law requires.",
                    "We respond to legal demands as the law requires. Where we think it appropriate, we "
                    "may let you know about a legal demand for your information.") == ()


def test_a_different_promise_elsewhere_does_not_hide_a_dropped_one() -> None:
    """"… your browsing history" in another clause is another promise, not "… your personal
    information" moved there."""
    rooms = "Members can post in open rooms, in closed rooms and in the rooms of their own practice."
    logs = "We keep the server logs of the forum for thirty days, to find faults."
    changes = _changes(f"{rooms} We do not sell your personal information.", rooms,
                       other_old=logs, other_new=f"{logs} We do not sell your browsing history.")
    assert [c.headline for c in changes] == ["Drops a promise in §4.1", "Adds a promise in §4.2"]


def test_a_clause_of_thousands_of_sentences_is_compared_in_moments() -> None:
    import time

    old = " ".join(f"We will notify you of changes to room {n}." if n % 10 == 0
                   else f"Room {n} holds the posts of group {n}." for n in range(3000))
    new = old.replace("of changes to room", "of any changes to room").replace("holds the", "keeps the")
    start = time.process_time()
    notes = promise_notes(old, new)
    assert notes == () and time.process_time() - start < 20   # was minutes: pairing was quadratic in Python


def test_a_promise_dropped_from_a_changed_clause_is_reported_with_its_old_words() -> None:
    (change,) = _changes("We use your data to run the forum. We will inform you in advance and explain why.",
                         "We use your data to run the forum and to improve it.")
    assert change.weaker and change.headline == "Drops a promise in §4.1"
    assert change.old_sentence == "We will inform you in advance and explain why."
    assert change.new_sentence == ""


def test_a_promise_that_moved_to_another_changed_clause_is_not_dropped() -> None:
    promise = "We never share message content with advertisers."
    assert _changes(f"We run the forum. {promise}", "We run the forum for members.",
                    other_old="We keep logs for a year.",
                    other_new=f"We keep logs for a year. {promise}") == ()


def test_a_promise_added_to_a_changed_clause_strengthens_it() -> None:
    (change,) = _changes("We use your data to run the forum.",
                         "We use your data to run the forum. We will honor the choices you make.")
    assert not change.weaker and change.headline == "Adds a promise in §4.1"
    assert change.new_sentence == "We will honor the choices you make." and change.old_sentence == ""


@pytest.mark.parametrize(("old", "new"), [
    # "will" against the present tense, and plain adjectives
    ("We will delete your data when you ask.", "We delete your data when you ask."),
    ("We will not sell your data.", "We do not sell your data."),
    ("We protect your data with industry standard safeguards.",
     "We protect your data with generally accepted safeguards."),
    # a qualifier on what the company may do *against* the reader narrows it: not a weaker promise
    ("We may share your data with partners.", "We may share your data with partners unless you opt out."),
    ("We may remove your content at any time.", "We may remove your content at any time at our discretion."),
    # the same promise reworded without loosening or binding it
    ("We will notify you by email before any change.",
     "We will notify you by e-mail or in the app before any change."),
])
def test_wording_that_neither_loosens_nor_binds_a_promise_is_no_change(old: str, new: str) -> None:
    assert _changes(old, new) == ()


def test_weaker_promises_come_first() -> None:
    changes = _changes("We may notify you by email.", "We will notify you by email.",
                       other_old="We will notify you at least 14 days before a change.",
                       other_new="We will notify you before a change.")
    assert [c.weaker for c in changes] == [True, False]


def test_every_report_format_lists_the_promise_changes() -> None:
    section = ("4", "Your data", "")
    old = build_document([section, ("4.1", None, "We will notify you at least 30 days before a change.")],
                         title="v1")
    new = build_document([section, ("4.1", None, "We will notify you before a change.")], title="v2")
    comparison = compare(old, new)
    text = render(comparison, "text")
    assert ("What changed in the promises to you:\n"
            "  [worse for you] Weakens a promise in §4.1: no longer says “at least 30 days”\n"
            "      old: “We will notify you at least 30 days before a change.”\n"
            "      new: “We will notify you before a change.”\n") in text
    markdown = render(comparison, "markdown")
    assert "- **worse for you**: Weakens a promise in §4.1" in markdown
    assert "  > old: We will notify you at least 30 days before a change.\n  >\n  > new:" in markdown
    html = render(comparison, "html")
    headline = "Weakens a promise in §4.1: no longer says “at least 30 days”"
    assert "<h2>What changed in the promises to you</h2>" in html and headline in html
    (item,) = json.loads(render(comparison, "json"))["promise_changes"]
    assert item == {"effect": "worse", "headline": headline,
                    "old_clauses": ["4.1"], "new_clauses": ["4.1"],
                    "old_sentence": "We will notify you at least 30 days before a change.",
                    "new_sentence": "We will notify you before a change."}


def test_a_report_without_promise_changes_says_so() -> None:
    document = build_document([("4", "Your data", ""), ("4.1", None, "We will notify you.")], title="v1")
    assert "no promise the company makes in its own name (“we will …”, “we do not …”) is worded more " \
           "loosely or firmly, dropped or added" in render(
        compare(document, document), "text")


@pytest.mark.corpus
def test_real_versions_that_loosened_or_dropped_a_promise(ota_versions: Path) -> None:
    """An edit of the Open Terms Archive corpus a privacy officer would want to see, though no flag
    changes with it: a retention promise given an exception; and a denial reworded, which is not
    one dropped and another added."""
    def changes(series: str, old: str, new: str):
        folder = ota_versions / series
        return compare(parse_file(folder / f"{old}.md"), parse_file(folder / f"{new}.md")).promise_changes

    facebook = changes("facebook/privacy-policy", "2020-08-12T13-04-07Z", "2020-08-26T16-30-11Z")
    assert any(c.weaker and c.headline.endswith("adds “unless”") and "government-issued ID" in c.new_sentence
               for c in facebook)
    snapchat = changes("snapchat/privacy-policy", "2025-09-23T06-20-31Z", "2026-08-05T00-56-48Z")
    assert not any("We do not share" in c.old_sentence + c.new_sentence for c in snapchat)


def test_a_promise_cut_into_sentences_another_way_is_still_there() -> None:
    """One version leaves out the space after a full stop, so the promise is the end of another
    sentence there; it was reported dropped and added again."""
    first = ("We may need to change your user name in certain cases (for example, if someone else "
             "claims it).")
    promise = "We will inform you in advance if we have to do this and explain why."
    assert _changes(f"{first}{promise}", f"{first} {promise}") == ()
    assert _changes(f"{first} {promise}", f"{first}{promise}") == ()


def test_notes_for_one_clause_say_what_became_of_each_promise() -> None:
    """What the consent re-review shows under a changed clause."""
    assert promise_notes("We do not sell your data.", "We sell your data to our partners.") == (
        (True, "reverses the promise “We do not sell your data.”: now “We sell your data to our partners.”"),)
    assert promise_notes("We may share your data.", "We do not share your data.") == (
        (False, "makes the promise “We do not share your data.”: was “We may share your data.”"),)
    assert promise_notes("We do not share message content.", None) == (
        (True, "drops the promise “We do not share message content.”"),)
    assert promise_notes("We will notify you at least 30 days before a change.",
                         "We will notify you before a change.") == (
        (True, "weakens a promise: no longer says “at least 30 days”"),)


@pytest.mark.parametrize(("old", "new", "weaker", "what"), [
    ("We will notify you at least 30 days before we change these terms.",
     "We will notify you at least 14 days before we change these terms.",
     True, "shortens “at least 30 days” to “at least 14 days”"),
    ("We will notify you at least 7 days before we change these terms.",
     "We will notify you at least two weeks before we change these terms.",
     False, "lengthens “at least 7 days” to “at least 2 weeks”"),
    ("We will notify you of a breach within 72 hours.",
     "We will notify you of a breach within 10 business days.",
     True, "lengthens “within 72 hours” to “within 10 business days”"),
    ("If you ask, we delete your posts within 90 days.",
     "If you ask, we delete your posts within one month.",
     False, "shortens “within 90 days” to “within 1 month”"),
    # the other ways documents write a notice period or a deadline (Discord: "no less than seven
    # days before"; Spotify: "no less than 14 days' notice"), none of which was compared
    ("We will give you 30 days' notice before we change these terms.",
     "We will give you 5 days' notice before we change these terms.",
     True, "shortens “30 days' notice” to “5 days' notice”"),
    ("We will notify you no less than thirty days before we change these terms.",
     "We will notify you no less than two days before we change these terms.",
     True, "shortens “no less than 30 days” to “no less than 2 days”"),
    ("We will notify you a minimum of 14 days before we change these terms.",
     "We will notify you a minimum of 30 days before we change these terms.",
     False, "lengthens “a minimum of 14 days” to “a minimum of 30 days”"),
    ("We will tell you two weeks in advance of any change to these terms.",
     "We will tell you three days in advance of any change to these terms.",
     True, "shortens “2 weeks in advance” to “3 days in advance”"),
    ("If you ask, we delete your posts no later than 30 days after the request.",
     "If you ask, we delete your posts no later than 90 days after the request.",
     True, "lengthens “no later than 30 days” to “no later than 90 days”"),
])
def test_a_notice_period_or_deadline_of_another_length_is_weaker_or_firmer(
        old: str, new: str, weaker: bool, what: str) -> None:
    (change,) = _changes(old, new)
    assert change.weaker is weaker
    verb = "Weakens" if weaker else "Strengthens"
    assert change.headline == f"{verb} a promise in §4.1: {what}"


def test_a_period_of_the_same_length_in_other_units_is_no_change() -> None:
    assert _changes("We will notify you at least 7 days before we change these terms.",
                    "We will notify you at least one week before we change these terms.") == ()


def test_a_shorter_notice_and_an_added_qualifier_are_both_named() -> None:
    (change,) = _changes("We will notify you at least 30 days before we change these terms.",
                         "Where possible, we will notify you at least 10 days before we change these terms.")
    assert change.headline == ("Weakens a promise in §4.1: adds “where possible” and "
                               "shortens “at least 30 days” to “at least 10 days”")


def test_a_promise_reworded_past_likeness_in_its_clause_is_one_promise() -> None:
    """Left without partners, a promise dropped and one added that undertake the same thing are one
    promise reworded, weighed as such; different undertakings stay a drop and an addition."""
    lead = "When you enable the family tools, we show a parent who your friends are."
    assert _changes(f"{lead} We do not share message content.",
                    f"{lead} We do not share the content of private content and communications.") == ()
    (change,) = _changes(f"{lead} We do not share message content.",
                         f"{lead} Unless a parent asks, we do not share the content of private chats.")
    assert change.headline == "Weakens a promise in §4.1: adds “unless”"
    dropped, added = _changes(f"{lead} We do not share message content.",
                              f"{lead} We will notify you before a parent sees your messages.")
    assert dropped.headline.startswith("Drops a promise") and added.headline.startswith("Adds a promise")


def test_the_company_named_as_the_subject_promises_as_we_do() -> None:
    """Terms often say "Amazon does not sell …" or "Zoom will notify you …" for "we"."""
    import dataclasses

    def named(text: str, title: str):
        document = build_document([("4", "Your data", ""), ("4.1", None, text)], title=title)
        return dataclasses.replace(document, service="Amazon.com")

    (change,) = compare(named("Amazon does not sell your personal information to anyone.", "v1"),
                        named("Amazon may sell your personal information to partners.", "v2")).promise_changes
    assert change.headline == "Reverses a promise in §4.1"
    assert compare(named("Amazon will give you notice before the terms change.", "v1"),
                   named("We'll give you notice before the terms change.", "v2")).promise_changes == ()
    assert _changes("Amazon does not sell your personal information.",
                    "Amazon sells your personal information.") == ()   # no service named: not read


@pytest.mark.parametrize(("names", "sentence", "read"), [
    (("Amazon.com",), "Amazon does not sell your data.", "we does not sell your data."),
    (("Snap Group Limited",), "Snap won't share your messages.", "we won't share your messages."),
    (("Spotify",), "Contact Spotify to delete your data.", "contact spotify to delete your data."),
    (("Spotify",), "Spotify's partners will notify you.", "spotify's partners will notify you."),
    (("X",), "X will not sell your data.", None),
    # a name of several words, by its first (a ride app's "TendRide does not sell …" in the terms of TendRide
    # Health Mobility), but not by an ordinary first word
    (("Wayride Health Mobility",), "Wayride does not sell your trips.", "we does not sell your trips."),
    (("National Health Trust",), "National will not sell your data.", "national will not sell your data."),
])
def test_which_names_are_read_as_we(names: tuple[str, ...], sentence: str, read: str | None) -> None:
    from terms.compare.promises import company_subject

    pattern = company_subject(*names)
    assert (pattern.sub("we", comparison_key(sentence)) if pattern else None) == read


def test_notes_for_one_clause_read_the_company_as_we() -> None:
    from terms.compare.promises import promise_notes

    assert promise_notes("Zoom will not share your recordings.", "Zoom may share your recordings.",
                         "Zoom") == ((True, "reverses the promise “Zoom will not share your recordings.”: "
                                            "now “Zoom may share your recordings.”"),)
    assert promise_notes("Zoom will not share your recordings.", "Zoom may share your recordings.") == ()


# -- a clause removed -----------------------------------------------------------------------------

_BASE = ("# Acme Privacy Policy\n\n## 1. Data\n\n1.1 We collect your e-mail address to run your account.\n\n"
         "## 2. Choices\n\n2.1 You may change your settings at any time.\n\n"
         "## 4. Changes\n\n4.1 We will notify you at least 30 days before these terms change.\n")


def test_a_promise_whose_clause_was_removed_is_dropped() -> None:
    """Deleting the section that held the 30 days' notice said "no promise … dropped"."""
    new = _BASE.split("## 4. Changes")[0]
    (change,) = compare(parse_text(_BASE, source="v1.md"), parse_text(new, source="v2.md")).promise_changes
    assert change.weaker and change.headline == "Drops a promise in §4.1"
    assert change.old_sentence == "We will notify you at least 30 days before these terms change."


def test_a_removed_clause_whose_promise_is_still_said_elsewhere_drops_nothing() -> None:
    """A list folded into a paragraph of another section shows its items as removed clauses, every
    word still there. (Folded where it stood, the list is one merged clause.)"""
    head = _BASE.split("## 4. Changes")[0]
    listed = head + ("## 4. Changes\n\nWhen these terms change:\n\n- We will notify you at least 30 days "
                     "before.\n- We will ask for your consent again.\n")
    folded = head.replace("at any time.", "at any time. When these terms change: we will notify you at least "
                          "30 days before, and we will ask for your consent again.")
    comparison = compare(parse_text(listed, source="v1.md"), parse_text(folded, source="v2.md"))
    assert [e.kind.value for e in comparison.entries].count("removed") >= 1
    assert not [change for change in comparison.promise_changes if change.weaker]


def test_a_list_folded_where_it_stood_is_one_merge_that_changes_no_promise() -> None:
    head = _BASE.split("## 4. Changes")[0] + "## 4. Changes\n\n"
    listed = head + ("When these terms change:\n\n- We will notify you at least 30 days before.\n"
                     "- We will ask for your consent again.\n")
    folded = head + ("When these terms change: we will notify you at least 30 days before, and we will "
                     "ask for your consent again.\n")
    comparison = compare(parse_text(listed, source="v1.md"), parse_text(folded, source="v2.md"))
    assert [e.kind.value for e in comparison.entries if e.kind.substantive] == ["merged"]
    assert comparison.promise_changes == ()


# -- wordings a reviewer found read the wrong way -------------------------------------------------

@pytest.mark.parametrize(("old", "new", "what"), [
    ("We will notify you before changes take effect.",
     "We will notify you before changes take effect, but not in all cases.", "adds “not in all cases”"),
    ("We will notify you before changes take effect.",
     "We will notify you before changes take effect if required by law.", "adds “if required by law”"),
    ("We will notify you before changes take effect.",
     "When feasible, we will notify you before changes take effect.", "adds “when feasible”"),
    # Zoom's §17.4, July 2023: a carve-out "without notice" beside its promise to notify first
    ("We will first notify you before we disclose your content.",
     "We will first notify you before we disclose your content, except our rights without notice in "
     "Section 13.8.", "adds “except”, “without notice”"),
])
def test_a_denied_or_conditional_binding_word_loosens_a_promise(old: str, new: str, what: str) -> None:
    """"…, but not in all cases" read as "strengthens a promise: adds “in all cases”"."""
    assert promise_notes(old, new) == ((True, f"weakens a promise: {what}"),)


def test_a_commitment_reworded_with_may_is_not_a_promise_added() -> None:
    """"We commit to deleting …" (a wording not read as a promise) became "We may delete …" (one
    that is), and the report said "Adds a promise · better for you"."""
    assert promise_notes("We commit to deleting your data within 30 days of your request.",
                         "We may delete your data within 90 days of your request.") == ()


@pytest.mark.parametrize(("old", "new", "headline"), [
    ("We do not sell or share your personal information.", "We do not sell your personal information.",
     "Weakens a promise in §4.1: no longer promises not to “share”"),
    ("We do not “sell” or “share” personal information as the CCPA defines them.",
     "We do not “sell” personal information as state laws define it.",
     "Weakens a promise in §4.1: no longer promises not to “share”"),
    ("We do not sell, rent or trade your data.", "We do not sell or trade your data.",
     "Weakens a promise in §4.1: no longer promises not to “rent”"),
    ("We do not sell your data.", "We do not sell or share your data.",
     "Strengthens a promise in §4.1: now promises not to “share”"),
])
def test_a_promise_that_covers_fewer_things_is_weaker(old: str, new: str, headline: str) -> None:
    (change,) = _changes(old, new)
    assert change.headline == headline


RIGHT = "You may ask us to exclude your future posts from our reports by writing to us."
LIMIT = ("This request does not apply to posts made before we process it, or to aggregated statistics, "
         "and it may take up to 90 days to take effect.")


def test_a_right_whose_limit_excludes_more_and_takes_longer_is_weaker() -> None:
    """The physician sample's opt-out (§12.2) came to exclude AI training too and to take twice as
    long, neither sentence a promise of the company's, and the comparison said nothing."""
    wider = LIMIT.replace(", or to aggregated statistics", ", to aggregated statistics or to the training of "
                          "models").replace("90 days", "180 days")
    (change,) = _changes(f"{RIGHT} {LIMIT}", f"{RIGHT} {wider}")
    assert change.weaker and change.headline == (
        "Weakens a right of yours in §4.1: its limits now also exclude “to the training of models” and "
        "“up to 90 days” is now “up to 180 days”")
    assert change.old_sentence.startswith("This request") and "180 days" in change.new_sentence
    (back,) = _changes(f"{RIGHT} {wider}", f"{RIGHT} {LIMIT}")
    assert not back.weaker and back.headline.startswith(
        "Strengthens a right of yours in §4.1: its limits no longer exclude “to the training of models”")


def test_a_limit_reworded_both_ways_or_only_repunctuated_is_left_to_the_word_diff() -> None:
    from terms.compare.rightlimits import limit_change

    both = LIMIT.replace("posts made before we process it", "reports already delivered to clients")
    assert limit_change(LIMIT, both) is None                              # excludes other things: weigh it
    moved_or = LIMIT.replace(", or to aggregated statistics", " or to aggregated statistics")
    assert limit_change(LIMIT, moved_or) is None
    assert limit_change(RIGHT, RIGHT.replace("writing", "e-mailing")) is None   # no limit at all
    assert limit_change(LIMIT, LIMIT.replace("up to 90 days", "within two weeks")) == (
        False, "“up to 90 days” is now “within two weeks”")   # in words, and no exclusion
    # words that are no item of the list narrow what is excluded, or say no one knows what
    for narrower in (LIMIT.replace("posts made before", "posts made more than a year before"),
                     LIMIT.replace("statistics,", "statistics, except where the law requires otherwise,"),
                     LIMIT.replace("up to 90 days", "up to one hundred and eighty days"),
                     LIMIT.replace(", and it may take up to 90 days to take effect", "")):
        assert limit_change(LIMIT, narrower) is None, narrower
    assert limit_change(LIMIT, LIMIT.replace("up to 90 days", "up to 30 days")) == (
        False, "“up to 90 days” is now “up to 30 days”")


def test_a_re_review_names_a_right_weakened_in_the_clause_it_shows() -> None:
    wider = LIMIT.replace("90 days", "180 days")
    assert promise_notes(f"{RIGHT} {LIMIT}", f"{RIGHT} {wider}") == (
        (True, "weakens a right of yours: “up to 90 days” is now “up to 180 days”"),)


def test_a_quote_is_not_cut_a_few_words_before_its_end() -> None:
    """The sample's §12.2 limit ran 251 characters and was quoted as "… it may take up to 180 days
    to take…": a cut that hides two words saves nothing. A sentence well past the limit is still
    cut, after a whole word."""
    limit = ("This request does not apply to posts made before we process it, to Clients' direct access "
             "to discussions under Section 7.2, to aggregated statistics or to the training of models "
             "under Section 7.7, and it may take up to 180 days to take effect.")
    (change,) = _changes(f"{RIGHT} {LIMIT}", f"{RIGHT} {limit}")
    assert len(limit) > 240 and change.new_sentence == limit
    long = limit.replace("under Section 7.7,", "under Section 7.7, to reports already delivered to Clients, "
                         "to copies kept in backups,")
    (change,) = _changes(f"{RIGHT} {LIMIT}", f"{RIGHT} {long}")
    assert change.new_sentence.endswith("…") and long.startswith(change.new_sentence[:-1] + " ")


def test_a_denied_use_is_a_promise() -> None:
    """"We will not use your posts for advertising" is the most common promise about data after
    not selling it, and a consent exception added to it went unreported."""
    assert is_promise(comparison_key("We will not use your posts to train AI models."))
    assert not is_promise(comparison_key("We will use reasonable efforts to keep your data safe."))
    (change,) = _changes("We will not use your posts for advertising.",
                         "We will not use your posts for advertising without your consent.")
    assert change.weaker and "“without your consent”" in change.headline


_AI_PROMISE = ("Notwithstanding the above, we will not use audio, video or chat content to train our "
               "artificial intelligence models without your consent.")


def test_a_removed_promise_restated_in_other_words_elsewhere_is_not_dropped() -> None:
    """Zoom's terms of 11 August 2023 removed the paragraph promising not to train AI models on
    audio, video or chat "without your consent" and said, in another section, that it does not use
    any of them to train AI models: no promise was dropped, and the one restated is firmer."""
    head = "# Terms\n\n## 1. Content\n\n1.1 You own your content.\n\n1.2 We host it for you.\n\n"
    tail = "## 2. Our models\n\n2.1 We build models to improve the service.\n\n2.2 Models are tested first.\n"
    old = head + f"1.3 {_AI_PROMISE}\n\n" + tail

    def changes(added: str):
        new = head + tail.replace("tested first.", f"tested first. {added}")
        return compare(parse_text(old, source="v1.md"), parse_text(new, source="v2.md")).promise_changes

    restated = changes("We do not use any of your audio, video, chat, screen sharing or other content to "
                       "train our or third-party artificial intelligence models.")
    assert [c.headline for c in restated] == [
        "Strengthens a promise in §2.2: no longer says “without your consent”"]
    assert not restated[0].weaker
    # a promise on something else with the same verb is no restatement
    other = changes("We do not use your chat content for advertising.")
    assert next((c.weaker, c.headline) for c in other) == (True, "Drops a promise in §1.3")


def test_a_limits_new_items_are_quoted_as_written() -> None:
    """Items were quoted from the compared words: "to Clients direct access …" lost its apostrophe,
    and two items added side by side ran together without their comma."""
    wider = LIMIT.replace(", or to aggregated statistics", ", to Clients' direct access to discussions, to "
                          "reports already sent, or to aggregated statistics")
    (change,) = _changes(f"{RIGHT} {LIMIT}", f"{RIGHT} {wider}")
    assert change.headline == ("Weakens a right of yours in §4.1: its limits now also exclude “to Clients' "
                               "direct access to discussions, to reports already sent”")


def test_information_removed_for_others_then_stripped_and_not_kept_is_a_promise_made_firmer() -> None:
    """A clinical photo app's later version stripped the GPS position from every upload and kept no copy,
    where it had removed it only from the copy other members see: the compare said "Drops a promise"."""
    [change] = _changes("We remove this information from the copy that other Members see.",
                        "We strip all of this information from every file as soon as it is uploaded, and we "
                        "do not keep a copy of it.")
    assert not change.weaker and "Strengthens a promise" in change.headline


def test_a_second_denied_verb_is_read_as_the_first_is():
    """"we do not share or keep" denies keeping as "we never keep" does: the reordered promise read as one
    that "no longer promises not to “retain”"."""
    changes = _changes("We never keep your photos and we never share them.",
                       "We do not share or keep your photos.")
    assert not any("retain" in change.headline for change in changes)

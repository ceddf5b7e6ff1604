"""Promises to the reader worded more loosely or firmly, dropped or added between versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from terms.compare import compare
from terms.compare.promises import is_promise
from terms.compare.report import render
from terms.compare.synthetic import build_document
from terms.parsing import parse_file
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
    ("We may share your data with partners.", False),          # against the reader, not denied
    ("We may remove your content at any time.", False),        # a sanction
    ("We may delete your account if you break these rules.", False),
    ("We may tell you about our paid services.", False),        # marketing
    ("You must not share your password.", False),              # the member's duty
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


def test_may_becoming_will_strengthens_a_promise() -> None:
    (change,) = _changes("If the changes are material, we may notify you by email.",
                         "If the changes are material, we will notify you by email.")
    assert change.headline == "Strengthens a promise in §4.1: adds “will” and no longer says “may”"


def test_a_number_spelt_out_is_the_same_period() -> None:
    assert _changes("We will notify you at least 30 days before we make changes to these terms.",
                    "We will notify you at least thirty days before we make changes to these terms.") == ()


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
    assert "- **worse for you**: Weakens a promise in §4.1" in render(comparison, "markdown")
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
    assert "no promise to you is worded more loosely or firmly, dropped or added" in render(
        compare(document, document), "text")


@pytest.mark.corpus
def test_real_versions_that_loosened_or_dropped_a_promise(ota_versions: Path) -> None:
    """Two edits of the Open Terms Archive corpus a privacy officer would want to see, though
    no flag changes with them: a retention promise given an exception, and a denial dropped."""
    def changes(series: str, old: str, new: str):
        folder = ota_versions / series
        return compare(parse_file(folder / f"{old}.md"), parse_file(folder / f"{new}.md")).promise_changes

    facebook = changes("facebook/privacy-policy", "2020-08-12T13-04-07Z", "2020-08-26T16-30-11Z")
    assert any(c.weaker and c.headline.endswith("adds “unless”") and "government-issued ID" in c.new_sentence
               for c in facebook)
    snapchat = changes("snapchat/privacy-policy", "2025-09-23T06-20-31Z", "2026-08-05T00-56-48Z")
    assert any(c.headline.startswith("Drops a promise")
               and c.old_sentence == "We do not share message content." for c in snapchat)

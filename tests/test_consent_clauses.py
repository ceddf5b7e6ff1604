"""The word diff a member sees on re-review: only what changed, aligned as `clearterms compare` aligns."""

from __future__ import annotations

from terms.consent.clauses import WordRun, word_changes, word_runs

TRACKING = ("11.1 We and our advertising and analytics partners use cookies, pixels and device "
            "identifiers to recognise you.")


def test_a_word_added_after_punctuation_is_the_only_change_shown() -> None:
    new = TRACKING.replace("pixels and", "pixels, fingerprinting and")
    assert word_changes(TRACKING, new) == ("… and analytics partners use cookies, pixels, {+fingerprinting+} "
                                           "and device identifiers to recognise you.")


def test_words_kept_with_other_punctuation_are_not_removed_and_added_again() -> None:
    old = "Clients may view posts in\nopen rooms and in Anonymous Rooms."
    new = "Clients may view, export and keep posts\nin open rooms, in Anonymous Rooms and in private groups."
    assert word_changes(old, new) == ("Clients may view, {+export and keep+} posts in open rooms, [-and-] "
                                      "in Anonymous Rooms {+and in private groups.+}")
    old = "Clients may view posts in open rooms. They may set alerts for keywords they choose at any time."
    new = "Clients may view posts in open rooms and private messages. They may set alerts for keywords."
    assert word_changes(old, new) == ("Clients may view posts in open rooms {+and private messages.+} They "
                                      "may set alerts for keywords. [-they choose at any time.-]")


def test_removals_and_additions_stay_where_they_happen() -> None:
    assert word_runs("one two gone three", "one new two three") == (
        WordRun("same", ("one",)), WordRun("added", ("new",)), WordRun("same", ("two",)),
        WordRun("removed", ("gone",)), WordRun("same", ("three",)))


def test_a_change_of_punctuation_alone_is_still_shown() -> None:
    # The clause's fingerprint keeps punctuation, so such a change asks for re-review: say where it is.
    assert word_changes("We do not sell your data. Ever.", "We do not sell your data; ever.") == (
        "We do not sell your [-data. Ever.-] {+data; ever.+}")


def test_unchanged_words_are_cut_to_the_context_of_each_change() -> None:
    words = [f"w{i}" for i in range(30)]
    changed = [*words[:10], "NEW", *words[11:]]
    assert word_changes(" ".join(words), " ".join(changed)) == (
        "… w4 w5 w6 w7 w8 w9 [-w10-] {+NEW+} w11 w12 w13 w14 w15 w16 …")
    assert word_changes("a b c", "a  b\nc") == "a b c"
    assert word_changes("", "all new") == "{+all new+}"

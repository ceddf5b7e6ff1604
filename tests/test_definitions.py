"""Defined party names lend their definition's list to the flags that name them
(terms/flagging/definitions.py)."""

from __future__ import annotations

from terms.flagging import analyze
from terms.flagging.definitions import party_members, with_members
from terms.parsing import parse_text

DEFINED = ('We sell insight to paying organisations ("Sponsors"). Our Sponsors include device makers, '
           "health insurers and government agencies.")


def test_a_quoted_term_with_an_include_list_is_read() -> None:
    assert party_members(DEFINED) == {"sponsors": "device makers, health insurers and government agencies"}


def test_a_term_opening_its_sentence_bare_is_read() -> None:
    text = ('"Subscribers" means the organisations that hold a paid licence. Subscribers may include drug '
            "makers, investment funds and public-sector health bodies.")
    listed = "drug makers, investment funds and public-sector health bodies"
    assert party_members(text) == {"subscribers": listed}


def test_a_term_given_to_the_parties_of_the_sentence_before_is_read() -> None:
    """"Some employers, unions and health plans pay for … We call these organisations “Wellbeing
    Partners”": the term stands for the parties that open the sentence before it."""
    text = ("4.1 Some employers, unions and health plans pay for their members' subscriptions. We call these "
            'organisations "Wellbeing Partners". Your benefits administrator decides who is eligible.')
    assert party_members(text) == {"wellbeing partners": "employers, unions and health plans"}


def test_a_flag_naming_one_of_a_defined_kind_names_who_they_are() -> None:
    """"We provide each Wellbeing Partner with:" names the defined term in the singular."""
    document = parse_text(
        "# Partners\n\n4.1 Some employers, unions and health plans pay for their members' subscriptions. "
        'We call these organisations "Wellbeing Partners".\n\n'
        "4.2 We provide each Wellbeing Partner with:\n\n- the number of sessions each member attended.\n")
    [flag] = [f for f in analyze(document).flags
              if f.category == "data.third-party-sharing" and f.clause_id == "4.2"]
    assert "wellbeing partners such as employers, unions and health plans" in flag.explanation


def test_a_term_never_defined_in_quotes_lends_nothing() -> None:
    assert party_members("Our Partners include banks, insurers and agencies of all kinds.") == {}


def test_the_service_and_its_features_are_no_party() -> None:
    """A locum marketplace's "The Platform includes an in-app chat so that Physicians and Facilities can
    discuss Shift details" named "platform such as an in-app chat" as who reads chats."""
    text = ('We run a marketplace (the "Platform"). The Platform includes an in-app chat so that physicians '
            "and facilities can discuss shift details.")
    assert party_members(text) == {}


def test_a_coined_party_name_needs_no_quotes_and_names_the_party_it_ends_in() -> None:
    text = ("Our Insight Partners may include drug makers, hedge funds and public health agencies. "
            "Our Services include forums and surveys.")
    assert party_members(text) == {"insight partners": "drug makers, hedge funds and public health agencies"}
    members = party_members(text)
    # the clause says "Insight Partners", the vocabulary reads "partners"; elsewhere "partners" stays itself
    assert with_members(("partners",), members, "Insight Partners may read your posts.") == (
        "insight partners such as drug makers, hedge funds and public health agencies",)
    assert with_members(("partners",), members, "We work with advertising partners.") == ("partners",)


def test_the_list_follows_the_term_and_phrases_ending_in_it() -> None:
    members = {"sponsors": "device makers and insurers"}
    assert with_members(("sponsors", "paying sponsors", "advertisers"), members) == (
        "sponsors such as device makers and insurers",
        "paying sponsors such as device makers and insurers",
        "advertisers",
    )
    # a term defined in the singular names the plural party, and is not added beside it as a second one
    assert with_members(("sponsors",), {"sponsor": "an employer or health plan"}, window="your sponsor",
                        named_in_window=True) == ("sponsors such as an employer or health plan",)


def test_a_part_of_a_defined_kind_named_apart_is_not_given_the_whole_list() -> None:
    """"Recruiter Enterprise Members may view your profile" was explained as drug makers, health systems and
    recruitment firms viewing it: the clause names the recruiters among them, not every kind."""
    members = {"enterprise members": "device makers, health systems and recruitment firms"}
    for window in ("3.6 Recruiter Enterprise Members may view your profile.",
                   "We let Recruiter Enterprise Members view your profile."):
        assert with_members(("recruiters",), members, window, named_in_window=True) == ("recruiters",)
    for window in ("Enterprise Members may read threads.", "We give it to our Enterprise Members.",
                   "3.3 Enterprise Members may read threads."):
        assert with_members((), members, window, named_in_window=True) == (
            "enterprise members such as device makers, health systems and recruitment firms",)


def test_a_flag_on_a_later_clause_names_who_the_clients_are() -> None:
    document = parse_text(
        "# Our business\n\n1.1 We sell insight to paying organisations (\"Clients\"). Our Clients include "
        "drug makers, banks and government agencies.\n\n"
        "1.2 Clients may read and search the posts members write in the forums.\n"
    )
    [flag] = [f for f in analyze(document).flags
              if f.category == "data.client-access" and f.clause_id == "1.2"]
    assert "drug makers, banks and government agencies" in flag.explanation
    assert any("such as drug makers" in party for party in flag.parties)


def test_a_list_set_out_as_items_a_name_with_a_full_stop_and_a_second_definition_are_read() -> None:
    from terms.flagging.definitions import definitions

    items = '("Clients"). Our Clients include:\n\n- drug makers,\n- banks, and\n- insurers.\n\nThey read.'
    assert party_members(items) == {"clients": "drug makers, banks, and insurers"}
    named = '("Clients"). Our Clients include Acme Pharma Inc., banks and insurers. More.'
    assert party_members(named) == {"clients": "Acme Pharma Inc., banks and insurers"}
    twice = '("Clients"). Our Clients include banks and insurers. Our Clients include employers of doctors.'
    found = definitions(twice)["clients"]
    assert found.members == "banks and insurers, employers of doctors"
    assert [twice[a:b][:20] for a, b in found.spans] == ["Our Clients include "] * 2
    # a paragraph after a blank line is no part of the list
    apart = '("Clients"). Our Clients include\n\n- banks and insurers of all kinds\n\nClients may read posts.'
    assert party_members(apart) == {}


def test_a_summary_says_who_the_clients_are_once() -> None:
    """The sample's summary repeated its 25-word list of Client types in six entries; each flag keeps
    it, the summary says it in the first entry that names them."""
    text = (f"# Business\n\n{DEFINED}\n\n# Access\n\nSponsors can read and search all member posts.\n\n"
            "We sell member posts to Sponsors.\n\nSponsors may keep copies of the posts they access for "
            "their records afterwards.\n")
    analysis = analyze(parse_text(text, source="t.md"))
    listed = " such as device makers, health insurers and government agencies"
    entries = [c.explanation for c in analysis.summary.concerns if "sponsors" in c.explanation.lower()]
    assert len(entries) >= 2
    assert sum(listed in e for e in entries) == 1 and listed in entries[0]
    client_flags = [f for f in analysis.flags if f.category == "data.client-access"]
    assert client_flags and all(listed in f.explanation for f in client_flags)

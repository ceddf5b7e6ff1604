"""Data a document defines once ("“Visit Summary” means …") and afterwards hands over by name only."""

from __future__ import annotations

from terms.flagging import analyze
from terms.flagging.defined_data import data_contents, with_contents
from terms.flagging.defined_recipients import definitions_in
from terms.parsing import parse_text
from terms.rulepacks.scan import fold

SUMMIT = """# Attendee Terms

## 1. Definitions

1.1 "Booth Lead" means, for each attendee, the attendee's name, hospital, specialty, the number of
procedures they perform each month and the talks they have attended.

1.2 "Personal Data" means any information relating to an identified or identifiable natural person.

1.3 "Sponsor" means any company or organisation that pays for a stand at the Summit, including
orthopaedic implant makers and surgical robotics companies.

## 5. Lead capture

5.1 When a Sponsor scans your badge, your Booth Lead is transmitted to that Sponsor, which may load
Booth Leads into its own sales systems.

5.2 Personal Data may be transferred to our hosting provider in another country.
"""


def test_what_a_defined_data_name_holds_is_read_from_its_definition():
    contents = data_contents(fold(SUMMIT))
    assert contents["Booth Lead"].startswith("the attendee's name, hospital, specialty, the number of")
    # (the law's meaning of personal data says nothing about this service; a party is no data)
    assert "Personal Data" not in contents and "Sponsor" not in contents


def test_a_definition_is_quoted_without_its_list_markers_openings_or_a_second_definition():
    text = fold('"Case Notes" means collectively: (a) the history, findings and question you send; '
                '(b) replies.\n'
                '"Rate Reports" means the monthly reports we prepare from your rates, and "Rate Buyer" '
                'means a firm that buys them.\n'
                '"Order Data" means the following parts of each order you place:\n- the drug\n- the dose\n\n'
                '"Visit Data" means information about your visits, namely:\n- dates\n- places\n')
    assert data_contents(text) == {"Case Notes": "the history, findings and question you send",
                                   "Rate Reports": "the monthly reports we prepare from your rates",
                                   "Order Data": "the following parts of each order you place",
                                   "Visit Data": "information about your visits"}


def test_a_flag_naming_the_term_gives_it_with_what_it_holds_in_place_of_vague_words():
    contents = {"Booth Lead": "the attendee's name and specialty"}
    window = "your Booth Lead is transmitted to that Sponsor"
    # (and "specialty", which what the lead holds names, gives way too)
    assert with_contents(("data", "specialty", "location"), contents, window) == (
        "Booth Lead (the attendee's name and specialty)", "location")
    # (a window quoting the definition itself adds nothing; nor does one not naming the term)
    quoted = '"Booth Lead" means the attendee\'s name and specialty'
    assert with_contents(("data",), contents, quoted) == ("data",)
    assert with_contents(("data",), contents, "booth leads are counted") == ("data",)


def test_sharing_explained_with_what_the_defined_record_holds_and_who_the_defined_sponsors_are():
    analysis = analyze(parse_text(SUMMIT))
    sharing = [f for f in analysis.flags if f.clause_id == "5.1" and f.category == "data.third-party-sharing"]
    assert sharing, [(f.clause_id, f.category) for f in analysis.flags]
    explanation = sharing[0].explanation
    assert "Booth Lead (the attendee's name, hospital, specialty, the number of procedures" in explanation
    # (the sponsor's definition names only a kind, "any company or organisation": its examples say who)
    assert "sponsors such as orthopaedic implant makers and surgical robotics" in explanation.casefold()
    assert "any company or organisation" not in explanation


def test_a_definition_runs_on_past_a_code_section_cited_with_initials() -> None:
    """A prior-authorisation tool's "De-identified Data" was quoted in every explanation as "… in accordance
    with 45 C.F.R": its definition was cut at the full stop after the code's initials."""
    text = ('1.8 "De-identified Data" means records de-identified under 45 C.F.R. 164.514(b), whether by '
            "removing identifiers or by expert determination. 1.9 Next.")
    [(term, definition, *_)] = definitions_in(fold(text))
    assert term == "De-identified Data" and definition.endswith("or by expert determination")

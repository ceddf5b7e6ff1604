"""Title, service and kind of documents captured from web pages (see docs/parsing.md, "Metadata").

The inputs are written for these tests; they copy the shapes the Open Terms Archive captures
have (a table of contents first, a bare "Privacy Policy" line, a lower-case folder slug), not
their text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from terms.model import Document, DocumentFormat, DocumentKind
from terms.parsing import parse_bytes, parse_text
from tests.pdf_fixtures import make_pdf

BODY = ("We collect the details you give us when you sign up, and we use them to run Quillmark "
        "for you. Quillmark shares them with the vendors who host it.\n")


def _parse(text: str, folder: str | None = None, kind_folder: str = "privacy-policy") -> Document:
    """Parse Markdown ``text``; filed like the corpus (<service>/<kind>/<date>.md) if ``folder`` is given."""
    source = Path("library") / folder / kind_folder / "2024-01-02T03-04-05Z.md" if folder else None
    return parse_text(text, source=str(source) if source else None)


def test_a_table_of_contents_is_not_the_title() -> None:
    doc = _parse("## Contents\n\n- Introduction\n- Sharing\n\nQuillmark Privacy Notice\n\n" + BODY)
    assert doc.title == "Quillmark Privacy Notice"
    assert doc.service == "Quillmark"
    assert doc.kind == DocumentKind.PRIVACY


@pytest.mark.parametrize("opening", ["## Introduction", "## Table of contents",
                                     "The following devices are supported:", "Effective Date: May 2, 2024"])
def test_navigation_sentences_and_dates_fall_back_to_service_and_kind(opening: str) -> None:
    doc = _parse(f"{opening}\n\n## What we collect\n\n{BODY}", folder="quillmark")
    assert doc.title == "Quillmark Privacy Policy"
    assert doc.service == "Quillmark"


def test_the_folder_slug_is_spelled_as_the_text_spells_it() -> None:
    text = ("## Your data\n\nAt QuillMark we read the terms at quillmark.example for you. "
            "QuillMark keeps notes.\n")
    doc = _parse(text, folder="quillmark", kind_folder="terms-of-service")
    assert doc.service == "QuillMark"  # the web address's lower-case spelling does not count
    assert doc.title == "QuillMark Terms of Service"
    assert doc.kind == DocumentKind.TERMS


def test_a_slug_the_text_never_writes_is_title_cased_as_a_last_resort() -> None:
    text = "## Your data\n\nWe keep it safe.\n"
    assert _parse(text, folder="blue-river").service == "Blue River"
    assert _parse(text, folder="shopwell-com").service == "Shopwell.com"
    spelled = _parse("## Your data\n\nShopwell.com keeps it safe.\n", folder="shopwell-com")
    assert spelled.service == "Shopwell.com"


def test_a_bare_kind_title_gets_the_service_so_versions_file_together() -> None:
    bare = _parse("Privacy Policy\n\n" + BODY, folder="quillmark")
    named = _parse("Quillmark Privacy Policy\n\n" + BODY, folder="quillmark")
    assert bare.title == named.title == "Quillmark Privacy Policy"


def test_a_later_named_line_beats_a_bare_kind_line() -> None:
    doc = _parse("# Terms of Service\n\nEffective: June 1, 2023\n\n## Quillmark Terms of Service\n\n" + BODY)
    assert doc.title == "Quillmark Terms of Service"
    assert doc.service == "Quillmark"


def test_all_caps_titles_take_the_text_spelling_of_the_name() -> None:
    doc = _parse("QUILLMARK PRIVACY POLICY\n\n" + BODY)
    assert doc.title == "Quillmark Privacy Policy"
    assert doc.service == "Quillmark"
    shouting = _parse("QUILLMARK PRIVACY POLICY\n\nWE COLLECT WHAT YOU GIVE QUILLMARK.\n")
    assert shouting.title == "QUILLMARK PRIVACY POLICY"  # no other spelling to go by


def test_a_long_heading_is_cut_after_its_kind_phrase() -> None:
    doc = _parse("#### Quillmark User Agreement if you live in the United States or anywhere outside "
                 "the European Economic Area\n\n" + BODY)
    assert doc.title == "Quillmark User Agreement"
    assert doc.service == "Quillmark"  # "User" is not part of the name


@pytest.mark.parametrize(("heading", "service"), [
    ("Welcome to the Quillmark Privacy Policy", None),
    ("Changes to this Privacy Policy", None),
    ("Quillmark’s Privacy Statement", "Quillmark"),
    ("Quillmark Data Policy", "Quillmark"),
    ("California Privacy Policy", None),
])
def test_only_a_name_becomes_the_service(heading: str, service: str | None) -> None:
    assert _parse(f"## {heading}\n\n{BODY}").service == service


def test_a_title_that_names_no_kind_is_kept_when_the_document_opens_with_it() -> None:
    doc = parse_text("# Quillmark House Rules\n\nBe kind to other members.\n")
    assert doc.title == "Quillmark House Rules"
    assert doc.kind == DocumentKind.OTHER
    section = parse_text("# Information we collect\n\nWe collect your personal information.\n")
    assert section.title == "Privacy Policy"  # a section heading is not a title; the kind is


def test_an_html_title_with_the_company_after_a_separator() -> None:
    page = ("<html><head><title>Privacy Policy | Quillmark Inc.</title></head>"
            "<body><h1>Privacy Policy</h1><p>We collect what you give us.</p></body></html>")
    doc = parse_text(page, format=DocumentFormat.HTML)
    assert doc.title == "Privacy Policy | Quillmark Inc."
    assert doc.service == "Quillmark Inc."


def test_a_placeholder_pdf_title_is_ignored() -> None:
    data = make_pdf([["Quillmark Terms of Use", "1. You may use Quillmark for personal notes only."]],
                    title="Microsoft Word - terms_v3_final.docx")
    doc = parse_bytes(data, source="terms.pdf")
    assert doc.title == "Quillmark Terms of Use"
    assert doc.service == "Quillmark"


def test_clause_ids_do_not_depend_on_the_title() -> None:
    text = "Privacy Policy\n\n## Sharing\n\nWe share with hosts.\n\n1. Hosts keep logs.\n"
    alone, filed = _parse(text), _parse(text, folder="quillmark")
    assert alone.title != filed.title
    assert [c.id for c in alone.clauses] == [c.id for c in filed.clauses]


def test_whose_notice_it_is_is_no_part_of_the_service_name() -> None:
    """"CongressLink Attendee Privacy Notice" named the company "CongressLink Attendee" in every
    explanation (a conference app's notice written for the test)."""
    from terms.parsing.metadata import find_service

    assert find_service("CongressLink Attendee Privacy Notice", None) == "CongressLink"
    assert find_service("Meridian Locum Partners Provider Privacy Notice", None) == "Meridian Locum Partners"


def test_a_colon_after_the_name_ends_it() -> None:
    """"Corvane Plasma Services: Donor Terms and Privacy Notice" made every explanation say "Corvane Plasma
    Services: Donor can change the terms" (a plasma centre chain's notice written for the test)."""
    from terms.parsing.metadata import find_service

    assert find_service("Corvane Plasma Services: Donor Terms and Privacy Notice", None) == "Corvane Plasma"
    assert find_service("Acme: Privacy Policy", None) == "Acme"
    assert find_service("Privacy Policy: Acme Health", None) == "Acme Health"



def test_the_kind_of_contract_is_no_part_of_the_service_name() -> None:
    """A dental practice system's "Subscription Agreement and Data Processing Terms" made every explanation
    say "Subscription may sell or license your data"; no name is better than a wrong one."""
    from terms.parsing.metadata import find_service

    assert find_service("Subscription Agreement and Data Processing Terms", None) is None
    assert find_service("Molarline Cloud Subscription Agreement", None) == "Molarline Cloud"
    assert find_service("Acme Software Licence Agreement", None) == "Acme"
    # (an e-consult platform's "PHYSICIAN PARTICIPATION AGREEMENT" made it "Participation")
    assert find_service("Physician Participation Agreement", None) is None
    # (a hospital group's "WayPoint Staff Privacy Notice" made the employer "WayPoint Staff")
    assert find_service("WayPoint Staff Privacy Notice", None) == "WayPoint"
    # (a newborn biobank's "Parent Information and Consent Terms" named the company "Parent Information and
    # Consent")
    assert find_service("Parent Information and Consent Terms", None) is None
    assert find_service("Crew Member Terms of Use and Privacy Notice", None) is None
    # at a name's front they are the name's own
    assert find_service("Enterprise Holdings Privacy Policy", None) == "Enterprise Holdings"
    assert find_service("Software AG Privacy Statement", None) == "Software AG"


def test_a_sentence_about_terms_is_no_title_and_a_company_before_a_dash_is_one() -> None:
    """A practice-management agreement headed "Halyard Clinical Systems, Inc. — Master Subscription
    Agreement" took its title from "Capitalized terms have the meanings below.", and every explanation
    said "Capitalized may sell …"."""
    text = ("# Halyard Clinical Systems, Inc. — Master Subscription Agreement\n\n## 1. Definitions\n\n"
            "Capitalized terms have the meanings below.\n\n1.1 \"Customer Data\" means data entered by "
            "Customer.\n")
    document = parse_text(text)
    assert document.title == "Halyard Clinical Systems, Inc. — Master Subscription Agreement"
    assert document.service == "Halyard Clinical Systems, Inc."


def test_a_title_block_names_the_company_on_its_own_line() -> None:
    """A nurse app's plain-text terms open "SHIFTCOVE, INC." / "PROFESSIONAL TERMS OF SERVICE" / "Version
    4.2": the title was "Terms of Service" and no service was named (and "PROFESSIONAL" alone was read as a
    name)."""
    block = ("SHIFTCOVE, INC.\nPROFESSIONAL TERMS OF SERVICE\nVersion 4.2 -- Last updated: March 1, 2025\n\n"
             "1. INTRODUCTION\n\n1.1 These terms govern the ShiftCove app.\n")
    document = parse_text(block, format=DocumentFormat.TEXT)
    assert (document.title, document.service) == ("ShiftCove Professional Terms of Service", "ShiftCove")
    alone = parse_text("PROFESSIONAL TERMS OF SERVICE\n\n1. INTRODUCTION\n\n1.1 These terms govern the "
                       "app.\n", format=DocumentFormat.TEXT)
    assert alone.service is None


def test_a_title_naming_the_readers_role_names_no_service() -> None:
    """"Campaigner and Donor Terms" name the people who raise and give money (“Campaigner” means the person
    who creates a Campaign): every explanation had said "Campaigner may sell or license your data". The
    company's name beside "we" names the service instead."""
    text = ('# Campaigner and Donor Terms\n\nThese Terms are an agreement between you and GiftPath, Inc. '
            '("GiftPath", "we", "us" or "our").\n\n## 2. Definitions\n\n2.1 "Campaigner" means the person '
            'who creates and manages a Campaign.\n')
    document = parse_text(text)
    assert document.service == "GiftPath"
    company = parse_text('# Acme Member Terms\n\n1.1 "Acme" means Acme Health, Inc. and its affiliates.\n')
    assert company.service == "Acme"


def test_a_title_naming_only_readers_and_a_portal_names_no_service() -> None:
    """"Reader and Commenter Terms | Halvorsen Clinical Review" named the service "Reader and Commenter", and
    "Healthcare Professional Portal Terms" named it "Healthcare Professional Portal"."""
    html = ("<html><head><title>Reader and Commenter Terms | Northfield Clinical Review</title></head><body>"
            "<h1>Reader and Commenter Terms</h1><p>1.1 These Terms apply to every reader.</p></body></html>")
    assert parse_text(html, format=DocumentFormat.HTML).service == "Northfield Clinical Review"
    portal = parse_text('# Healthcare Professional Portal Terms\n\n1.1 These Terms are made between you and '
                        'Brightwell Pharma Ltd ("Brightwell", "we", "us").\n')
    assert portal.service == "Brightwell"


def test_a_trade_mark_sign_is_no_part_of_the_service_name() -> None:
    """"NIMBUS QUEST(R) FAMILY TERMS" named the service "NIMBUS QUEST(R)" in every explanation, and
    "Prescriber Terms | Sampleway Prescriber Portal" named it "Prescriber"."""
    text = "# BRIGHTPATH(R) FAMILY TERMS\n\n1.1 BrightPath is a game prescribed by your child's clinician.\n"
    assert parse_text(text).service == "BrightPath"
    html = ("<html><head><title>Prescriber Terms | Dosewell Prescriber Portal</title></head><body>"
            "<h1>Prescriber Terms</h1><p>1.1 These Terms apply to every prescriber.</p></body></html>")
    assert parse_text(html, format=DocumentFormat.HTML).service == "Dosewell"


def test_a_title_naming_riders_or_account_holders_names_no_service() -> None:
    """"Rider Terms and Privacy Policy" and "Pellucid Account Holder Agreement" named the service "Rider" and
    "Pellucid Account Holder", so explanations read "Rider may sell or license your data"."""
    text = ("# Rider Terms and Privacy Policy\n\nThese Terms are an agreement between you and Wayfare "
            'Mobility, Inc. ("Wayfare", "we", "us").\n')
    assert parse_text(text).service == "Wayfare"
    assert parse_text("# Lumen Account Holder Agreement\n\n1.1 Your account is held with us.\n").service \
        == "Lumen"
    # ("Participant Card Terms" had named the company "Card": "Card limits or excludes what it owes you")
    assert parse_text("# Participant Card Terms\n\nThese Terms are between you and Halwell Payments, Inc. "
                      '("Halwell", "we").\n').service == "Halwell"
    assert parse_text("# Birchline Client Terms\n\n1.1 These Terms apply to every client.\n").service \
        == "Birchline"


def test_a_title_naming_the_readers_or_a_defined_thing_gives_way_to_the_company_called_we() -> None:
    """"Listener Terms and Privacy Notice" (of a podcast app whose publisher is "Cardinal Ear", "we") and
    "Patient Survey Terms" (where "Survey" means "any questionnaire we send you") had named the service
    "Listener" and "Survey", read into every explanation ("Survey can change the terms")."""
    from terms.parsing import parse_text

    listener = parse_text(
        "# Listener Terms and Privacy Notice\n\n1.1 The app is published by Cardinal Ear Media, LLC "
        '("Cardinal Ear", "we", "us" or "our"). It explains how information about Listeners is handled.\n',
        source="terms.md")
    assert listener.service == "Cardinal Ear"
    survey = parse_text(
        '# Patient Survey Terms and Privacy Notice\n\n1.1 Lanternfield, Inc. ("Lanternfield", "we") runs '
        'surveys.\n\n2.3 "Survey" means any questionnaire we send you after a visit.\n', source="terms.md")
    assert survey.service == "Lanternfield"
    practice = parse_text(
        '# Practice Subscription Terms\n\nThese terms govern the subscription of a dental practice '
        '(the "Practice") to the service provided by Quillfern Voice, Inc. ("Quillfern", "we" or "us").\n',
        source="terms.md")
    assert practice.service == "Quillfern"
    # a name the text defines as the company itself stays the service
    acme = parse_text('# Acme Privacy Policy\n\n"Acme" means Acme Health, Inc. and its affiliates ("we").\n',
                      source="policy.md")
    assert acme.service == "Acme"

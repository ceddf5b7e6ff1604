"""Flagging with the fixture packs: negation, scopes, evidence, explanations, way out, summary."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from terms.flagging import analyze, flag_text
from terms.flagging.extract import extract
from terms.flagging.report import analysis_to_dict, render_analysis_markdown, render_analysis_text
from terms.flagging.report_html import render_analysis_html
from terms.flagging.summary import count_syllables, flesch_reading_ease, grade_for, text_statistics
from terms.model import Clause, ClauseKind, Document, DocumentFormat, Severity
from terms.rulepacks import default_pack, load_packs
from terms.rulepacks.scan import MAX_SENTENCE, is_run_in_label, scope_spans, sentence_spans
from terms.rulepacks.template import TemplateError, parse_template, render

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


@pytest.fixture(scope="module")
def pack():
    return load_packs([FIXTURES / "minimal.yaml", FIXTURES / "addon.yaml"])


@pytest.fixture(scope="module")
def minimal():
    return load_packs([FIXTURES / "minimal.yaml"])


def categories(text: str, pack) -> dict[str, Severity]:
    return {f.category: f.severity for f in flag_text(text, pack)}


def make_document(*paragraphs: tuple[str, tuple[str, ...], str], numbered: bool = True) -> Document:
    """A document from (clause id, heading path, text) triples, one paragraph each, the id doubling
    as the clause's number unless ``numbered`` is false."""
    text = ""
    clauses = []
    for clause_id, path, body in paragraphs:
        start = len(text)
        text += body
        clauses.append(
            Clause(
                clause_id,
                ClauseKind.CLAUSE,
                clause_id if numbered else None,
                None,
                path,
                None,
                0,
                start,
                len(text),
                body,
                clause_id,
            )
        )
        text += "\n\n"
    return Document(text, tuple(clauses), DocumentFormat.TEXT, title="Test terms", service="Medforum")


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("We do not sell your data.", "rights.no-sale", "data.sale"),
        ("We will never rent or sell your personal information.", "rights.no-sale", "data.sale"),
        ("We don't sell information about you.", "rights.no-sale", "data.sale"),
        (
            "We will never share your personal information with advertisers.",
            "rights.no-sale",
            "data.third-party-sharing",
        ),
        ("We have no actual knowledge that we sell personal information.", "rights.no-sale", "data.sale"),
        ("Medforum has no knowledge that it would \u201csell\u201d data.", "rights.no-sale", "data.sale"),
        ("We may sell your personal information to sponsors.", "data.sale", "rights.no-sale"),
        ("If you do not opt out, we will sell your data.", "data.sale", "rights.no-sale"),
    ],
)
def test_negation(pack, text, expected, absent):
    found = categories(text, pack)
    assert expected in found
    assert absent not in found


def test_protective_statement_about_clients_is_not_client_access(pack):
    assert "data.client-access" not in categories("No client can see your posts.", pack)
    assert "data.client-access" not in categories("Clients cannot see your posts.", pack)
    assert "data.client-access" in categories("Clients may read and search the posts you write.", pack)


def test_a_list_after_a_denial_that_starts_a_predicate_of_its_own_is_not_denied(pack):
    text = ("We have no obligation of any kind with respect to such ideas and we are free to reproduce, use, "
            "disclose and distribute them to any third party.")
    assert "data.third-party-sharing" in categories(text, pack)


def test_a_denial_does_not_reach_past_a_predicate_of_its_own_to_an_or():
    """A vet chain's "data sets are not personal information and may be used or shared with others for any
    purpose" was a promise not to share: "used or shared" was read as coordinated with the "not"."""
    found = categories("Such data sets are not personal information and may be used or shared with others "
                       "for any purpose, including commercial purposes.", default_pack())
    assert "data.third-party-sharing" in found and "rights.no-sale" not in found
    assert "rights.no-sale" in categories("We do not sell your information, or share it with third parties.",
                                          default_pack())


def test_a_run_in_label_is_read_with_the_sentence_it_names_for_exclusions():
    """An interpreting service's "13.3 Termination for breach. Either party may terminate …" was an ending at
    will: the label matched alone, and "Either party" in the next sentence was not looked at."""
    text = ("13.3 Termination for breach. Either party may terminate an order form if the other party "
            "materially breaches these Terms and does not cure the breach within thirty days.")
    assert "terms.unilateral-termination" not in categories(text, default_pack())
    # a short statement is no label
    assert not is_run_in_label("We may share it.", 0, 16)
    assert is_run_in_label("13.3 Termination for breach.", 0, 28)


def test_a_denial_inside_a_match_ends_with_its_clause():
    """A salary site's "copies … are not recalled, and Licensees may keep using them" read as a promise
    not to sell: the "not" of the first clause was taken to deny the licence of the second."""
    found = categories("Copies already given to Licensees before you delete a post are not recalled, and "
                       "Licensees may keep using them under their licence.", default_pack())
    assert "data.sale" in found and "rights.no-sale" not in found


def test_a_practice_the_company_does_not_believe_it_has_is_denied():
    """A discount-card notice's "we do not believe our current practices involve a sale" was read as a
    sale: the belief verb stood between the "not" and what it denies."""
    found = categories("Although we do not believe our current practices involve a sale of covered "
                       "information as state law defines it, we will honour your request.", default_pack())
    assert "data.sale" not in found and "rights.no-sale" in found


def test_a_denial_reaches_past_a_list_of_those_not_allowed():
    """ "We do not allow advertising networks or social-media companies to place their cookies" made
    tracking a concern: the list of who is not allowed was longer than the denial reached past."""
    found = categories("We do not allow advertising networks or social-media companies to place their "
                       "cookies, pixels or tags on our website.", default_pack())
    assert "data.tracking" not in found


def test_a_denial_of_the_usual_case_only_is_a_qualified_promise():
    """ "Our staff do not routinely read Direct Messages. However, our Safety Team may open and review
    Direct Messages whenever we consider it necessary" kept a full promise not to read."""
    found = categories("Our staff do not routinely read your direct messages.", default_pack())
    assert found.get("rights.limited-use") is Severity.INFO
    assert categories("Our staff do not read your direct messages.",
                      default_pack()).get("rights.limited-use") is Severity.PROTECTIVE


@pytest.mark.parametrize("sentence, protective", [
    ("We will not share your health data with manufacturers unless you give a separate consent for that "
     "sharing.", True),
    ("We do not sell your data without your written permission.", True),
    ("We will never tell a sponsor your name unless you have agreed to that for the study concerned.", True),
    ('A sponsor will not learn your name or phone number unless you tap "Share my details" for that '
     "study.", True),
    # (a vet chain's fair variant, its opt-in read as a qualified opt-out)
    ("We do not share your details with partners, and the setting is off unless you turn it on.", True),
    ("We do not sell your data except with your consent or as needed to run the service.", False),
    ("We do not share your data with advertisers by default.", False),
])
def test_a_promise_waiting_only_for_the_members_consent_stays_a_protection(sentence, protective):
    """An exception that is the member's own say keeps them in control: the promise stays protective
    (and its removal in a later version is news); any other exception makes it information."""
    found = categories(sentence, default_pack())
    promised = {found.get("rights.no-sale"), found.get("rights.limited-use")} - {None}
    assert promised == ({Severity.PROTECTIVE} if protective else {Severity.INFO})


def test_a_switch_that_leaves_the_use_in_place_is_no_protection():
    """A home-care app's "Turning them off does not take your notes out of the material used to train the
    models" read as a promise not to train on the notes, and the switch before it as a full opt-out."""
    found = categories("You can turn off the suggested summaries in Settings. Turning them off does not take "
                       "your notes out of the material used to train the models.", default_pack())
    assert found["data.research"] is Severity.CONCERN
    assert "rights.limited-use" not in found
    assert found["rights.choice"] is Severity.INFO


def test_negation_is_scoped_to_its_part_of_the_sentence(pack):
    found = categories("We do not sell your data, but we share it with partners.", pack)
    assert found == {"rights.no-sale": Severity.PROTECTIVE, "data.third-party-sharing": Severity.CAUTION}


def test_but_which_continues_the_same_noun_and_splits_no_scope():
    """ "data, from which … but which …, may be sold": a second relative clause, no contrast, so the
    sale is read with what is sold; "but we share" still starts a part of its own."""
    aside = "outcomes data, from which your name is removed but which may include your region, may be sold"
    assert scope_spans(aside, 0, len(aside)) == [(0, len(aside))]
    contrast = "we do not sell your data, but we share it"
    assert scope_spans(contrast, 0, len(contrast)) == [(0, 26), (26, len(contrast))]


def test_a_semicolon_in_a_table_row_separates_what_a_cell_lists_not_clauses():
    """A telehealth table's row "Transcripts and visit audio | Transcript text …; audio of recorded visits |
    … | Training … models" lost its AI-training concern to the semicolon, and the compare called the
    row softened, though it now also gave away visit audio."""
    row = "transcripts and visit audio | transcript text; audio of recorded visits | training models"
    assert scope_spans(row, 0, len(row)) == [(0, len(row))]
    sentence = "we do not sell your data; we share it with partners"
    assert len(scope_spans(sentence, 0, len(sentence))) == 2


@pytest.mark.parametrize("text", [
    "we do not, however, review sponsored messages",
    "we cannot, however, guarantee that colleagues will not recognise who wrote a post",
])
def test_however_set_off_inside_a_denial_does_not_split_it(text):
    assert scope_spans(text, 0, len(text)) == [(0, len(text))]


def test_including_but_not_limited_to_is_not_a_negation(pack):
    found = categories("We share data with third parties, including but not limited to advertisers.", pack)
    assert "data.third-party-sharing" in found


def test_a_denied_duty_keeps_the_practice_open_and_promises_nothing(pack):
    """ "may, but has no obligation to, share" still says the data may be shared; it is no promise."""
    found = categories("Medforum may, but has no obligation to, share your data with third parties.", pack)
    assert "data.third-party-sharing" in found and "rights.no-sale" not in found
    found = categories("We have no obligation to, and do not, sell your data.", pack)
    assert found == {"rights.no-sale": Severity.PROTECTIVE}  # the real negation beside it still counts


@pytest.mark.parametrize(("text", "category"), [
    ("Members may not opt out of research use of their answers.", "data.research"),
    ("We sell your survey answers to research firms, and you cannot opt out of the sale.", "data.sale"),
    ("You cannot object to our clients reading your posts.", "data.client-access"),
    ("You cannot stop our clients from reading your posts.", "data.client-access"),
])
def test_a_denied_way_out_says_the_practice_happens(text, category):
    """The cue denies the reader's opt-out, objection or means to stop it, not the practice after it."""
    found = categories(text, default_pack())
    assert category in found and "rights.choice" not in found


@pytest.mark.parametrize(("text", "category"), [
    ("We do not create, publish or hand over aggregated statistics about members.", "data.anonymization"),
    ("We do not use your cycle data or account details for marketing or for targeting.", "data.advertising"),
    # an item of a list of what is denied, the list closed by "or" after it
    ("The app does not read your contacts, your location in the background, or the content of other apps.",
     "data.tracking"),
])
def test_a_denial_reaches_through_a_list_of_verbs_and_a_use_for_a_purpose(text, category):
    assert category not in categories(text, default_pack())


@pytest.mark.parametrize("text", [
    "Researchers work with coded records, not your name or email address.",
    "We give outcomes from many patients, with names and contact details removed, to research partners.",
])
def test_data_left_out_of_a_disclosure_is_not_named_as_disclosed(text):
    assert extract(text).data == ()


@pytest.mark.parametrize(("text", "party"), [
    ("We pass your refill history to the company that manufactures your medication.",
     "the company that manufactures your medication"),
    ("We send the dispensing pharmacy your name and the prescription.", "dispensing pharmacies"),
    ("Companies in the Brightmark Group may use what they receive to promote their products.",
     "companies in the brightmark group"),
    ("Brands can reach members through our audience network.", "brands"),
    ("We sell your survey answers to market research firms.", "market research firms"),
    ("Enterprise Subscribers can run queries against the raw survey records.", "enterprise subscribers"),
    ("We license pay records to hospital systems and physician practice groups.",
     "physician practice groups"),
    ("We license excerpts of conversations to a research consortium.", "research consortium"),
    ("If you join a savings offer, we pass your refill history to the manufacturer.", "manufacturers"),
    ("We share your prescription history with the drug manufacturer.", "drug manufacturers"),
])
def test_recipients_named_by_what_they_are(text, party):
    assert party in extract(text).parties


def test_a_question_bank_is_no_bank():
    assert "data.client-access" not in categories(
        "The paid plan adds question-bank practice and an advert-free reading view.", default_pack())
    assert "banks" not in extract("We may share question-bank answers with partners.").parties


def test_a_recipient_forbidden_a_use_is_a_denial():
    text = "Our contract with that provider forbids it from training its own models on your messages."
    found = categories(text, default_pack())
    assert "data.research" not in found and found.get("rights.limited-use") is Severity.PROTECTIVE


def test_a_denied_opt_out_is_no_choice():
    pack = default_pack()
    assert "rights.choice" not in categories("You may not opt out of research use of your answers.", pack)
    assert "rights.choice" in categories("You may opt out of research use of your answers.", pack)


def test_promise_with_an_exception_is_qualified(pack):
    [flag] = flag_text("We do not share your personal information except with service providers.", pack)
    assert flag.category == "rights.no-sale"
    assert flag.severity is Severity.INFO
    assert "except with service providers" in flag.reason


@pytest.mark.parametrize("law", ["except as required by law", "except where we are required to do so by law",
                                 "unless we are legally compelled by a court order"])
def test_a_promise_kept_except_where_the_law_compels_stays_a_protection(pack, law):
    """"We will never share the content of your direct messages … except where we are required to do
    so by law" was read as a qualified promise (information), as if the exception took something back."""
    [flag] = flag_text(f"We will never sell your personal data, {law}.", pack)
    assert (flag.category, flag.severity) == ("rights.no-sale", Severity.PROTECTIVE)


@pytest.mark.parametrize(("text", "category"), [
    # a setting denied, not the use it would stop
    ("There is no setting that excludes your posts from the reports sold to clients.", None),
    # what closing does not withdraw is still shared
    ("Closing your account does not withdraw any data already made available to Commercial Partners.",
     "data.third-party-sharing"),
])
def test_denials_that_deny_no_use_are_no_promises(text, category):
    flags = flag_text(text, default_pack())
    assert not [f for f in flags if f.severity is Severity.PROTECTIVE]
    if category:
        assert category in {f.category for f in flags}


def test_a_denial_of_the_routine_only_is_a_qualified_promise():
    flags = flag_text("Private messages are not read by moderators as a matter of routine.", default_pack())
    assert flags and all(f.severity is Severity.INFO for f in flags)


@pytest.mark.parametrize(("text", "severity"), [
    # "for money" alone leaves trades for anything else open; with "or anything else of value" it closes them
    ("We do not sell your data for money.", Severity.INFO),
    ("We never exchange your answers for money or anything else of value, and we do not sell them.",
     Severity.PROTECTIVE),
])
def test_a_denied_sale_for_money_is_qualified_unless_anything_else_is_denied_too(text, severity):
    [flag] = [f for f in flag_text(text, default_pack()) if f.category == "rights.no-sale"]
    assert flag.severity is severity


def test_evidence_offsets_quote_the_text(pack):
    text = "Welcome.\n\nOur clients\u00a0purchase access to the forums, and we may sell your posts to them."
    flags = flag_text(text, pack)
    assert {f.category for f in flags} == {"data.sale"}
    [flag] = flags
    quotes = flag.quotes(text)
    assert "clients" in quotes and "sell" in quotes
    for a, b in flag.evidence:
        assert 0 <= a < b <= len(text)
    assert flag.clause_id == ""
    assert flag.rule in {"sale.purchase-access", "sale.sell-data"}
    assert "sale." in flag.reason and "“" in flag.reason


def test_explanation_fills_who_what_why(pack):
    [flag] = flag_text(
        "We may sell your posts and contact details to pharmaceutical companies for marketing.", pack
    )
    assert flag.parties == ("pharmaceutical companies",)
    assert flag.data == ("your posts", "contact details")
    assert flag.purposes == ("marketing",)
    assert flag.explanation == (
        "The company may sell your posts and contact details to pharmaceutical companies "
        "for marketing, so organisations you never dealt with may end up with it."
    )


@pytest.mark.parametrize(("text", "parties"), [
    ("We share information with our affiliated companies to run the service.", ("affiliated companies",)),
    ("We will share data with the payment provider to complete your purchase.", ("payment providers",)),
    # "members" of the corporate group are not the service's members
    ("We may share your information with other members, subsidiaries, or affiliates of our corporate group.",
     ("subsidiaries", "affiliates", "our corporate group")),
])
def test_who_names_group_companies_and_payment_providers(text, parties):
    """A reading of four documents found "who" empty where these recipients were named."""
    [flag] = [f for f in flag_text(text) if f.category == "data.third-party-sharing"]
    assert flag.parties == parties


def test_a_devices_processor_is_no_recipient():
    """"the processor, bandwidth and storage of your device" is hardware, not a data processor."""
    from terms.flagging.extract import extract

    assert extract("We may use the processor, bandwidth and storage of your device and send data to "
                   "partners.").parties == ("partners",)
    assert extract("We send data to our processors.").parties == ("processors",)


def test_benefit_managers_analytics_firms_and_partner_laboratories_are_named_as_written():
    """A telehealth policy's buyers were "insurers and pharmacies": "pharmacy-benefit managers" are no
    pharmacy."""
    from terms.flagging.extract import extract

    assert extract("We license the datasets to health insurers, pharmacy-benefit managers and "
                   "healthcare analytics firms.").parties == (
        "insurers", "pharmacy-benefit managers", "healthcare analytics firms")
    laboratories = extract("We pass the order to one of our partner laboratories.").parties
    assert laboratories == ("partner laboratories",)
    # the employer's name among what a debt buyer is given names no employer as a recipient
    debt = extract("We will give that agency or purchaser your contact details, your employer's name "
                   "and your work telephone number.").parties
    assert debt == ("purchasers",)
    # a person the member lives with is no business partner
    linked = extract("You may link the prescriptions of a spouse, partner or dependant to your account.")
    assert linked.parties == ()


def test_a_party_a_promise_excepts_is_not_one_it_protects():
    """"We do not sell … email addresses … to any organisation that is not a Sponsor" read as a promise not to
    share them "with sponsors", who are the ones that get them; a practice's parties keep the exception."""
    from terms.flagging.extract import extract

    denial = "We do not sell or rent attendee email addresses to any organisation that is not a Sponsor."
    assert extract(denial, promise=True).parties == ()
    never = "We never share your data with anyone other than our sponsors and exhibitors."
    assert extract(never, promise=True).parties == ()
    assert extract("We share your data with no one other than our sponsors.").parties == ("sponsors",)


def test_a_verb_and_a_check_named_like_content_are_not_what_is_handled():
    """A credentialing service's licence "to copy, store, excerpt, adapt … that material" was explained as
    "rights over excerpts", and a file kept "so that Verifiers can carry out look-back reviews" as reviews
    kept."""
    from terms.flagging.extract import extract

    assert "excerpts" not in extract("You grant us a licence to copy, store, excerpt, adapt and display "
                                     "that material.").data
    kept = extract("We keep the file and all reference responses so that Verifiers can carry out look-back "
                   "reviews.").data
    assert "reference responses" in kept and "reviews" not in kept


def test_explanation_omits_missing_parts_gracefully(pack):
    [flag] = flag_text("Information about you may be rented.", pack)
    assert flag.parties == () and flag.purposes == ()
    assert "{" not in flag.explanation and "[" not in flag.explanation
    assert flag.explanation.startswith("The company may sell information about you, so")


def test_template_rendering():
    template = parse_template(
        "{service|The company} sells {data|your data}[ to {parties}].[ See {way_out}.]"
    )
    assert render(template, {}) == "The company sells your data."
    assert render(
        template, {"service": "Medforum", "parties": ["a", "b", "c"], "way_out": ["section 9"]}
    ) == ("Medforum sells your data to a, b and c. See section 9.")
    assert render(parse_template("Braces {{x}} and [[y]]"), {}) == "Braces {x} and [y]"


def test_template_verbs_agree_with_the_placeholder_before_them():
    template = parse_template("{data|your data} {is/are} kept[ by {parties}, who {keeps/keep} it].")
    assert render(template, {}) == "Your data is kept."
    assert render(template, {"data": ["your posts"]}) == "Your posts are kept."
    assert render(template, {"data": ["your name", "e-mail"]}) == "Your name and e-mail are kept."
    assert render(template, {"data": ["personal information"], "parties": ["sponsors"]}) == (
        "Personal information is kept by sponsors, who keep it.")
    assert render(template, {"data": ["analytics"], "parties": ["a hospital"]}) == (
        "Analytics is kept by a hospital, who keeps it.")
    with pytest.raises(TemplateError, match="must follow the placeholder"):
        parse_template("It {is/are} kept.")


def test_sentences_split_and_abbreviations_kept():
    text = "We share data with partners, e.g. sponsors. Then U.S. law applies! Done\n\n- item one"
    spans = sentence_spans(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == [
        "We share data with partners, e.g. sponsors.",
        "Then U.S. law applies!",
        "Done",
        "- item one",
    ]


def test_a_one_letter_name_after_a_lower_case_word_ends_a_sentence():
    """"X." ends a sentence in X's own policy; "John X. Smith" and "signed by A. Smith" hold an
    initial."""
    text = ("Posts can outlive their removal from X. You can ask John X. Smith about it. Take vitamin D. "
            "It helps. The notice is signed by A. Smith for the board.")
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == [
        "Posts can outlive their removal from X.", "You can ask John X. Smith about it.",
        "Take vitamin D.", "It helps.", "The notice is signed by A. Smith for the board."]


def test_a_country_s_initials_end_a_sentence_only_before_one():
    """A chatbot's cap "SHALL NOT EXCEED FIFTY U.S. DOLLARS (USD 50)" was quoted to "FIFTY U.S.": the
    initials ended the sentence. Before a word that starts one, they still do."""
    text = ("TOTAL LIABILITY SHALL NOT EXCEED FIFTY U.S. DOLLARS (USD 50). Requests from the U.S. Government "
            "are answered. We store data in the U.S. We may move it.")
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == [
        "TOTAL LIABILITY SHALL NOT EXCEED FIFTY U.S. DOLLARS (USD 50).",
        "Requests from the U.S. Government are answered.", "We store data in the U.S.", "We may move it."]


def test_an_agency_after_a_countrys_initials_and_a_code_citation_end_no_sentence():
    """A sperm bank's "We report donor eligibility information to the U.S. Food and Drug Administration" was
    quoted from "Food and Drug Administration", and a prior-authorization service's definitions of health
    information were cut at "45 C.F.R."."""
    text = ("We report test results to the U.S. Food and Drug Administration as the law requires. PHI has "
            "the meaning given in 45 C.F.R. Part 160 and Part 164.")
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == [
        "We report test results to the U.S. Food and Drug Administration as the law requires.",
        "PHI has the meaning given in 45 C.F.R. Part 160 and Part 164."]


@pytest.mark.parametrize("text", [
    # "Record" is part of the data's name, not a verb of handling it
    "You may inspect and review your child's Health Record through the Records section of the app.",
    "If any part of the Health Record is inaccurate, you may ask the school to amend it.",
    # a definition says what a name stands for
    '"Health Record" means the electronic record kept by school nursing staff about a student.',
    # a use that waits for the member's consent
    "Any change to how your genetic data may be used for research will apply to you only if you give fresh "
    "consent.",
])
def test_health_data_named_but_not_handled_is_information(text: str) -> None:
    """A school-nurse platform's "Health Record" raised seventeen cautions, on a parent's right to inspect it,
    its owner, its definition: "Record" in the name read as recording the data, "kept" in the definition as
    keeping it."""
    assert categories(text, default_pack()).get("data.sensitive") is Severity.INFO


def test_health_data_recorded_is_still_a_caution() -> None:
    found = categories("The nurse records your child's medication and health history at each visit.",
                       default_pack())
    assert found.get("data.sensitive") is Severity.CAUTION


def test_a_title_on_a_line_of_its_own_is_a_sentence_of_its_own():
    """Where only a line break marks a heading (plain text, the data sets' segments), the heading and
    each table-of-contents line are sentences apart from the text they head; a wrapped line is not."""
    text = ("Surveys and Market Research\nWe may invite you to answer questions about the forum.\n"
            "This notice covers:\nHow We Share Information\nYour Choices\n"
            "We keep the records we need\nfor tax purposes.")
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == [
        "Surveys and Market Research",
        "We may invite you to answer questions about the forum.",
        "This notice covers:",
        "How We Share Information",
        "Your Choices",
        "We keep the records we need\nfor tax purposes.",
    ]
    assert "data.research" not in {f.category for f in flag_text(text)}


def test_words_a_wrapped_line_break_cuts_from_their_sentence_are_no_title():
    """A veterinary chain's plain-text terms, wrapped at 80 columns: "Recordings and" and "Owner
    Information." were read as titles, cutting their sentences, whose evidence and data lost them."""
    text = ("8.2 Calls to Member Support may be recorded. Recordings and\nchat transcripts are analysed.\n"
            "10.2 We create data sets from Pet Records and\nOwner Information.\nSuch data sets are shared.")
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == [
        "8.2 Calls to Member Support may be recorded.",
        "Recordings and\nchat transcripts are analysed.",
        "10.2 We create data sets from Pet Records and\nOwner Information.",
        "Such data sets are shared.",
    ]


def test_capitals_a_sentence_starts_with_after_another_on_its_line_are_no_title():
    """A nurse app's notice in capitals, wrapped: "… CAREFULLY. SECTION 17 CONTAINS AN ARBITRATION" /
    "AGREEMENT AND …" lost its first words as a title, and the opt-out read as an arbitration clause."""
    wrapped = "WITHIN 30 DAYS AS DESCRIBED IN SECTION 17.3, AND SMALL CLAIMS REMAIN AVAILABLE"
    text = ("PLEASE READ THESE TERMS CAREFULLY. SECTION 17 CONTAINS AN ARBITRATION\nAGREEMENT. YOU MAY OPT "
            f"OUT OF ARBITRATION\n{wrapped}\nTO YOU.\nMARKET RESEARCH\nWE MAY ASK YOU TO TAKE PART IN "
            "SURVEYS.")
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == [
        "PLEASE READ THESE TERMS CAREFULLY.",
        "SECTION 17 CONTAINS AN ARBITRATION\nAGREEMENT.",
        f"YOU MAY OPT OUT OF ARBITRATION\n{wrapped}\nTO YOU.",
        "MARKET RESEARCH",
        "WE MAY ASK YOU TO TAKE PART IN SURVEYS.",
    ]


def test_very_long_sentences_are_cut_and_stay_fast(pack):
    text = "we may sell your data " + "and more words " * 2000
    spans = sentence_spans(text, 0, len(text))
    assert all(b - a <= MAX_SENTENCE for a, b in spans)
    assert "data.sale" in categories(text, pack)
    hostile = "a" * 50000 + "!"
    assert flag_text(hostile, pack) == ()


def test_analyze_document_order_offsets_way_out_and_pack_info(minimal):
    doc = make_document(
        ("7.1", ("Sharing",), "We may sell your data to sponsors for research."),
        ("7.2", ("Sharing",), "You may opt out of the sale of your data at any time."),
        ("8.1", ("Forums",), "Clients may read and search the posts members make."),
        ("9.1", ("Promises",), "We never sell your contact details."),
    )
    analysis = analyze(doc, minimal)
    assert [f.category for f in analysis.flags] == [
        "data.sale",
        "rights.choice",
        "data.client-access",
        "rights.no-sale",
    ]
    starts = [f.evidence[0][0] for f in analysis.flags]
    assert starts == sorted(starts)
    for flag in analysis.flags:
        clause = doc.clause(flag.clause_id)
        for a, b in flag.evidence:
            assert clause.start <= a < b <= clause.end
    sale = analysis.flags[0]
    assert sale.way_out == ("7.2",)
    assert "Way out: section 7.2." in sale.explanation
    assert sale.explanation.startswith("Medforum may sell")
    assert analysis.pack.id == "minimal" and analysis.pack.sha256 == minimal.sources[0].sha256
    assert analysis.flags_for("8.1")[0].category == "data.client-access"


def test_way_out_names_each_place_once(minimal):
    # three opt-out paragraphs without numbers in one section read alike: the sale flag
    # points at the section once, not three times
    doc = make_document(
        ("p1", ("Sharing",), "We may sell your data to sponsors for research."),
        ("p2", ("Your choices",), "You may opt out of the sale of your data in your settings."),
        ("p3", ("Your choices",), "You may opt out of the sale of your data by e-mail."),
        ("p4", ("Your choices",), "You may opt out of the sale of your data by post."),
        numbered=False,
    )
    [sale] = [f for f in analyze(doc, minimal).flags if f.category == "data.sale"]
    assert sale.way_out == ("p2",)
    assert sale.explanation.count("“Your choices”") == 1


def test_bare_singular_parties_and_data_read_as_kinds():
    found = extract("Your message and e-mail address may be passed to a recruiter or your employer.")
    assert found.parties == ("recruiters", "employers")
    assert found.data == ("messages", "e-mail address")


@pytest.mark.parametrize(("text", "parties", "data"), [
    ("We may disclose information where it is in the public interest.", (), ("information",)),
    ("We collect your bank account information.", (), ("account information",)),
    ("We use your postal address to address your inquiry.", (), ("postal address",)),
    ("We share data with our advertising and analytics partners.", ("advertising and analytics partners",),
     ("data",)),
    ("WE MAY SHARE YOUR PERSONAL DATA WITH OUR PARTNERS.", ("partners",), ("personal data",)),
    ("We may disclose information to detect, prevent, or otherwise address fraud.", (), ("information",)),
    ("We use your contact information to run our client applications and your e-mail client.", (),
     ("contact information",)),
    ("We use your location to show you ads for video games.", (), ("location",)),
    ("We share your survey answers with publishers of question banks.", (), ("survey answers",)),
    ("We may give your medical information to organ, eye and tissue banks.", (), ("medical information",)),
    # identifiers taken out before the use (a teletherapy app's terms and a hospital's notice written for
    # the test)
    ("We may use your messages, after removing your name and contact details, to improve the service.", (),
     ("messages",)),
    ("Researchers may receive a limited data set, from which your name, street address and telephone number "
     "have been removed.", ("researchers",), ()),
    ("We use your information to send you offers by e-mail and text message.", (), ("your information",)),
])
def test_who_and_what_are_not_words_of_other_phrases(text, parties, data):
    """"the public interest" names no public, "bank account information" no bank, "to address your
    inquiry" no address, "client applications" no clients; a passage in capitals is not made of
    acronyms."""
    found = extract(text)
    assert (found.parties, found.data) == (parties, data)


def test_purposes_read_after_for():
    found = extract("We keep your data to comply with applicable law and to improve our services.")
    assert found.purposes == ("complying with applicable law", "improving our services")


@pytest.mark.parametrize(("text", "purposes"), [
    ("Zoom does not use your chats to train Zoom or third-party artificial intelligence models.",
     ("training Zoom or third-party artificial intelligence models",)),
    # a defined term's capital is not a name's
    ("We use your data to improve the Platform.", ("improving the platform",)),
    # a heading capitalises every word
    ("We May Use Your Data To Improve Our Products.", ("improving our products",)),
])
def test_purposes_keep_the_capitals_of_names(text, purposes):
    """"for training zoom or third-party models" read as a typing slip in a memo quoting it."""
    assert extract(text).purposes == purposes


def test_whose_software_it_is_names_no_recipient():
    """"third-party artificial intelligence models" hands the data to no third party ("for example
    by third parties" was the explanation's claim); a third party still receives what it is given."""
    assert extract("We do not use posts to train third-party artificial intelligence models.").parties == ()
    assert extract("We give posts to a third-party that trains its models.").parties == ("third parties",)


def test_a_party_owed_nothing_receives_nothing():
    """Zoom's feedback clause read "Who: third parties" from "without … reimbursement of any kind
    to you or any third party"."""
    found = extract("Zoom may use the Feedback for any purpose without any attribution, financial "
                    "compensation, or reimbursement of any kind to you or any third party.")
    assert (found.parties, found.data) == ((), ("feedback",))
    given = extract("We may give your feedback to any third party without paying you.")
    assert given.parties == ("third parties",)


def test_confidential_information_is_not_the_members_data():
    """A survival clause ("sections pertaining to confidential information, … license rights granted by
    you") made a licence summary read "rights over feedback and information"."""
    assert extract("Sections pertaining to confidential information and license rights granted by you "
                   "survive termination.").data == ()


def test_a_partys_name_states_no_purpose():
    found = extract("We share data with analytics partners and with advertisers for advertising.")
    assert found.parties == ("analytics partners", "advertisers")
    assert found.purposes == ("advertising",)


def test_way_out_references_drop_a_trailing_full_stop(minimal):
    doc = make_document(
        ("5.", ("Sharing",), "We may sell your data to sponsors for research."),
        ("6.", ("Sharing",), "You may opt out of the sale of your data at any time."),
    )
    [sale] = [f for f in analyze(doc, minimal).flags if f.category == "data.sale"]
    assert "Way out: section 6." in sale.explanation and "section 6.." not in sale.explanation


def test_an_opt_out_that_leaves_the_subject_out_is_no_way_out(minimal):
    doc = make_document(
        ("8.1", ("Forums",), "Clients may read and search the posts members make."),
        ("12.1", ("Choices",), "You may opt out of e-mails; this does not apply to what clients read."),
        ("12.2", ("Choices",), "You may opt out of letting clients read your posts."),
    )
    access = {f.clause_id: f for f in analyze(doc, minimal).flags if f.category == "data.client-access"}
    assert access["8.1"].way_out == ("12.2",)
    assert access["12.2"].way_out == ("12.2",)  # 12.1 is in the same section, but leaves clients out


def test_parties_are_named_once_whatever_their_number_or_hyphen(pack):
    [flag] = flag_text(
        "We may sell your data to a third party, to third parties and to third-party sponsors.", pack
    )
    assert flag.parties == ("third parties", "sponsors")
    [flag] = flag_text("We may sell your data to our partner and to other partners.", pack)
    assert flag.parties == ("partners",)


def test_child_clauses_are_not_flagged_twice(minimal):
    text = "7. Sale\n7.1 We may sell your data to sponsors."
    parent = Clause("7", ClauseKind.CLAUSE, "7.", None, (), None, 0, 0, len(text), text, "p")
    child_start = text.index("7.1")
    child = Clause(
        "7.1", ClauseKind.CLAUSE, "7.1", None, (), "7", 1, child_start, len(text), text[child_start:], "c"
    )
    analysis = analyze(Document(text, (parent, child), DocumentFormat.TEXT), minimal)
    assert [(f.clause_id, f.category) for f in analysis.flags] == [("7.1", "data.sale")]


def test_summary_puts_physician_community_concerns_first(pack):
    doc = make_document(
        ("1", (), "We share information about you with our partners."),
        ("2", (), "We may sell your personal information to advertisers."),
        ("3", (), "We analyse posts to find trends."),
        ("4", (), "Sponsors may view the posts members write."),
        ("5", (), "We do not sell your contact details."),
    )
    summary = analyze(doc, pack).summary
    assert [c.category for c in summary.concerns] == [
        "data.client-access",
        "data.sale",
        "data.monitoring",
        "data.third-party-sharing",
    ]
    assert [c.category for c in summary.protections] == ["rights.no-sale"]
    assert summary.counts["Data use"]["concern"] == 3
    assert summary.counts["Your rights"]["protective"] == 1
    # 6 + 6 + 6 (priority >= 90 doubled) + 1 (caution) - 1 (protection) = 18
    assert summary.grade_points == 18 and summary.grade == "E"
    assert summary.words > 20 and summary.reading_minutes > 0


def test_readability_pieces():
    assert [count_syllables(w) for w in ("data", "the", "privacy", "table", "agree")] == [2, 1, 3, 2, 2]
    assert flesch_reading_ease(100, 10, 150) == pytest.approx(206.835 - 10.15 - 126.9)
    assert [grade_for(p) for p in (0, 3, 9, 14, 15)] == ["A", "B", "C", "D", "E"]


def test_reports(pack):
    doc = make_document(
        ("1", ("Data",), "We may sell your *posts* to sponsors <b>now</b>."),
        ("2", ("Data",), "You may opt out at any time."),
    )
    analysis = analyze(doc, pack)
    data = analysis_to_dict(analysis)
    json.dumps(data)
    first = data["flags"][0]
    assert first["category"] == "data.sale" and first["quotes"] == ["sell", "posts"]
    assert first["topics"][:2] == ["client-access", "third-party-sharing"]
    assert data["summary"]["grade_formula"] and data["rule_pack"]["sha256"] == analysis.pack.sha256
    text = render_analysis_text(analysis, outline="1 Data")
    assert text.index("Top concerns") < text.index("Outline") < text.index("Flags in document order")
    assert "Your data or access to it is sold" in text
    hostile = analyze(dataclasses.replace(doc, title="Terms <b>bold</b> *x*"), pack)
    markdown = render_analysis_markdown(hostile)
    assert markdown.startswith("# Terms \\<b\\>bold\\</b\\> \\*x\\*")
    assert markdown.index("## Top concerns") < markdown.index("## Flags in document order")


def test_a_document_not_in_english_is_not_graded(pack):
    # the team's own French sentences: the rules read English, so no flags must not read as a good grade
    text = ("Nous pouvons vendre vos données à nos partenaires. Les clients peuvent lire vos messages. "
            "Nous modifions ces conditions quand nous le voulons, et vous les acceptez en utilisant "
            "le service. ") * 6
    analysis = analyze(make_document(("p1", (), text)), pack)
    assert analysis.summary.not_graded and analysis.summary.grade == "—"
    report = render_analysis_text(analysis)
    assert "Not graded. The document does not look like English." in report and "grade A" not in report
    assert analysis_to_dict(analysis)["summary"]["not_graded"] == analysis.summary.not_graded
    # finding nothing in a language the rules cannot read is no finding; nor is an English reading score
    for report in (render_analysis_text(analysis), render_analysis_markdown(analysis),
                   render_analysis_html(analysis)):
        assert "Not assessed: the document is not in English" in report
        assert "None found" not in report and "readability not measured" in report.lower()
    assert analysis_to_dict(analysis)["summary"]["english"] is False
    # no readability score either, as the text and Markdown reports say (the JSON gave 43.8, "hard")
    assert analysis_to_dict(analysis)["summary"]["reading_ease"] is None
    assert analysis_to_dict(analysis)["summary"]["reading_ease_label"] is None
    sale = "We may sell your personal information to sponsors. " * 12
    english = analyze(make_document(("p1", (), sale)), pack)
    assert english.summary.not_graded is None and english.summary.grade in "ABCDE"
    assert english.summary.english and analysis_to_dict(english)["summary"]["english"] is True
    english_report = render_analysis_text(english)
    assert "Top concerns\n" in english_report and "Not an assessment" not in english_report


def test_concerns_matched_in_a_document_not_in_english_are_not_presented_as_an_assessment():
    # the team's own French: "cookies" and "pixels" are English enough for the default pack's rules
    text = ("Nous utilisons des cookies et des pixels pour la publicité ciblée. Nous conservons vos "
            "données aussi longtemps que nécessaire. ") * 6
    analysis = analyze(make_document(("p1", (), text)))
    assert analysis.summary.concerns and not analysis.summary.english
    for report in (render_analysis_text(analysis), render_analysis_markdown(analysis),
                   render_analysis_html(analysis)):
        assert "Matched on words shared with English" in report and "Not an assessment" in report
        assert "Top concerns" not in report


def test_a_summary_entry_says_how_many_places_it_does_not_list(pack):
    analysis = analyze(make_document(*((f"p{n}", (), f"Clause {n}. We may sell your personal information "
                                        "to marketing companies.") for n in range(9))), pack)
    entry = next(c for c in analysis.summary.concerns if c.category == "data.sale")
    assert len(entry.clause_ids) == 9
    for report in (render_analysis_text(analysis), render_analysis_markdown(analysis),
                   render_analysis_html(analysis)):
        assert "and 3 more" in report


def test_ligatures_from_a_pdf_are_read_spelled_out_with_evidence_on_the_text_given() -> None:
    plain = "We build a profile of your interests and sell it to advertisers."
    ligatured = plain.replace("fi", "\ufb01")
    assert ligatured != plain
    found = flag_text(ligatured)
    assert {f.category for f in found} == {f.category for f in flag_text(plain)}
    profiling = next(f for f in found if f.category == "data.profiling")
    quoted = [ligatured[a:b] for a, b in profiling.evidence]
    assert "pro\ufb01le" in quoted  # the evidence spans the ligature itself, in the text given
    assert all(0 <= a < b <= len(ligatured) for f in found for a, b in f.evidence)


def test_a_list_items_first_sentence_is_read_with_the_lead_in_of_its_list():
    """ "You are not allowed to:" governs each item's first sentence, as if it were one sentence;
    the same item under "We may:" is a sale, and a later sentence of an item stands on its own."""
    from terms.parsing import parse_text
    from terms.rulepacks import default_pack

    text = ("# Forum rules\n\nMembers are not allowed to:\n\n- sell member data to data brokers\n"
            "- copy the archive. We sell member data to data brokers.\n\n"
            "# Our business\n\nTo fund the forum, we may:\n\n- sell member data to data brokers\n")
    document = parse_text(text)
    sales = {f.clause_id for f in analyze(document, default_pack()).flags if f.category == "data.sale"}
    items = [c for c in document.clauses if c.kind is ClauseKind.ITEM]
    assert ["sell member" in c.text[:15] for c in items] == [True, False, True]
    assert sales == {items[1].id, items[2].id}


def test_a_list_nested_in_a_clause_is_read_with_the_clause_that_introduces_it():
    from terms.parsing import parse_text
    from terms.rulepacks import default_pack

    text = ("# Shop\n\n1. Sellers agree not to do any of the following:\n"
            "   - sell member data to data brokers\n\n"
            "2. To fund the shop we may do the following:\n   - sell member data to data brokers\n")
    document = parse_text(text)
    sales = {f.clause_id for f in analyze(document, default_pack()).flags if f.category == "data.sale"}
    assert sales == {"2/i1"}


def test_a_question_states_no_practice():
    """FAQ headings ask what the answers then state; a quoted title's question mark is not the sentence's."""
    def shared(text: str) -> bool:
        return any(f.category == "data.third-party-sharing" for f in flag_text(text))

    assert not shared("With whom do we share your personal information?")
    assert not shared("How do we share information with partners, vendors and other third parties?")
    assert shared("How do we use it? We share your personal information with advertising partners.")
    assert shared('We share personal information with the third parties listed in "Who Sees Your Data?"')


def test_a_question_without_its_question_mark_states_no_practice():
    """A table of contents or heading that left the question mark out still asks: its word order
    says so. A line that only starts with a question word states what it says."""
    def categories(text: str) -> set[str]:
        return {f.category for f in flag_text(text)}

    contents = ("This notice covers:\nWhat personal details do we gather about you\n"
                "With whom do we share the details that we gather\nIs my information protected\n"
                "Changes to This Notice")
    assert categories(contents) == set()
    assert "data.third-party-sharing" in categories(
        "Who do we share it with\nWe share your e-mail address with our sponsors.")
    # no inversion: a statement, however it begins
    assert "data.third-party-sharing" in categories("When it is needed we share your details with partners")
    assert "data.third-party-sharing" in categories("How we share data: we share it with sponsors")


def test_the_items_of_a_list_that_lost_its_bullets_are_read_apart():
    """Words of two items make no practice: "share posts" on one line and "third-party sites" on
    the next are no sharing with third parties."""
    listed = ("The information we collect may include:\nClips you play\n"
              "People you message or share posts with\nVisits to third-party sites that embed our player")
    assert {f.category for f in flag_text(listed)} == {"data.collection"}
    # the same words on one line still join up
    assert "data.third-party-sharing" in {
        f.category for f in flag_text("We share your posts with third-party sites that embed our player.")}


def test_a_pasted_list_of_what_is_recorded_names_the_data_it_lists():
    """Plain text copied from a web page: the lead-in says data is recorded, its unmarked items say
    which; "partner sites" is a place, not a party the data goes to."""
    from terms.parsing import parse_text
    from terms.rulepacks import default_pack

    text = ("Privacy\n\nWhen you book a visit we record the following:\nYour name and e-mail address\n"
            "Heart rate readings from your watch\nVisits to partner sites that show our widget\n")
    flags = analyze(parse_text(text, format=DocumentFormat.TEXT), default_pack()).flags
    collection = next(f for f in flags if f.category == "data.collection")
    assert set(collection.data) >= {"your name", "e-mail address", "heart rate readings"}
    assert collection.parties == ()


def test_a_wrapped_line_that_starts_with_how_or_why_in_lower_case_is_no_question():
    text = ("Our partners want to know more about you. This notice tells you exactly\n"
            "why we sell your name and e-mail address to data brokers and how they\nuse it.")
    assert "data.sale" in {f.category for f in flag_text(text)}


def test_a_signpost_on_a_line_of_its_own_still_reads_as_a_sentence_start():
    """The line break before it is walled off for terms; the signpost's anchor sees the wall."""
    text = ("We keep your posts on our servers.\n"
            "For more information about targeted advertising and the partners we use, see our ad notice.")
    assert "data.advertising" not in {f.category for f in flag_text(text)}


def test_no_term_runs_on_from_a_heading_line_into_the_text_under_it():
    """A match that starts on the heading line and runs into the next lies in no sentence: it
    quoted the heading as evidence, or, where the heading was not read, hid the match that starts
    on the next line."""
    text = "How we use your details\nWe use your details to run the forum."
    collection = next(f for f in flag_text(text) if f.category == "data.collection")
    assert all(start > text.index("\n") for start, _ in collection.evidence)


def test_readability_is_kept_within_0_to_100(pack):
    from terms.parsing import parse_text

    run_on = parse_text("# T\n\n" + "we share data and more " * 3000 + "\n")
    assert analyze(run_on, pack).summary.reading_ease == 0.0
    easy = parse_text("# T\n\n" + "I go. " * 200 + "\n")
    assert analyze(easy, pack).summary.reading_ease == 100.0


def test_a_title_states_no_practice():
    """Table-of-contents entries and unmarked headings name a section; its text is read instead."""
    from terms.rulepacks.scan import is_title

    def categories(text: str) -> set[str]:
        return {f.category for f in flag_text(text)}

    assert "data.third-party-sharing" not in categories("3. How We Share Information")
    assert "data.international-transfer" not in categories("CROSS-BORDER DATA TRANSFERS")
    assert "data.third-party-sharing" in categories("3. We share your information with advertisers")
    assert [is_title(t, 0, len(t)) for t in ("(b) Sharing With Partners", "We Sell Your Data.",
                                             "Technologies used for Advertising", "Google",
                                             "(d) Binding Arbitration.", "CLASS ACTION WAIVER.",
                                             "WE SELL YOUR DATA.",
                                             "Disputes Go To Binding Arbitration In Delaware.")] \
        == [True, False, False, False, True, True, False, False]
    # a run-in heading is no agreement to arbitrate; the clause under it is
    assert "terms.arbitration" not in {f.category for f in flag_text("19.1 Binding Arbitration.")
                                       if f.severity.value == "concern"}


def test_way_outs_and_fields_fit_what_the_flag_is_about():
    """A same-section opt-out about another subject is no way out; a contract term names no
    recipients, data or purposes ("Who: courts" misled); deleting content is no way out of a licence."""
    from terms.parsing import parse_text

    document = parse_text(
        "# Sharing\n\nWe disclose your personal information to law enforcement agencies when the law "
        "requires it.\n\nYou can opt out of targeted advertising in your settings.\n\n"
        "# Your content\n\nYou grant us a perpetual, worldwide, royalty-free licence to use, copy and sell "
        "your posts.\n\nYou can delete your content at any time.\n\n"
        "# Disputes\n\nAny dispute with us will be resolved by binding arbitration in the courts of "
        "Delaware.\n"
    )
    flags = {f.category: f for f in analyze(document).flags}
    assert flags["data.legal-disclosure"].way_out == ()
    assert flags["data.content-license"].way_out == ()
    arbitration = flags["terms.arbitration"]
    assert (arbitration.parties, arbitration.data, arbitration.purposes) == ((), (), ())
    assert flags["data.legal-disclosure"].parties  # data-use flags keep theirs


def test_a_summary_names_what_most_of_a_categorys_flags_name():
    """Not whichever flag came first: a retention concern read "how long credit card information
    is kept" because its first clause was about payment cards."""
    from terms.parsing import parse_text

    document = parse_text(
        "# Payments\n\nWe keep your credit card details for as long as your subscription lasts.\n\n"
        "# Your posts\n\nWe keep your posts for ten years after you close your account.\n\n"
        "We retain your posts in backups for ten years.\n\n"
        "We store your posts indefinitely in our archives.\n"
    )
    analysis = analyze(document)
    retention = next(c for c in analysis.summary.concerns + analysis.summary.notes
                     if c.category == "data.retention")
    assert "posts" in retention.explanation and "credit card" not in retention.explanation


def test_a_summary_entry_points_only_to_its_places_at_the_severity_it_is_listed_with():
    """A milder place of the same category (the payment-card retention, the home-law clause) is
    not where the concern is: listed first, it sent the reader to the wrong clause, and with
    six places shown it could hide the concern itself behind "+N"."""
    from terms.parsing import parse_text

    document = parse_text(
        "# Payments\n\nWe keep your credit card details for as long as your subscription lasts.\n\n"
        "# Your posts\n\nWe keep your posts for ten years after you close your account.\n\n"
        "# Law\n\nIf you live in the EU, the law of your country of residence applies.\n\n"
        "These terms are governed by the laws of Delaware.\n"
    )
    analysis = analyze(document)
    severities = {(f.clause_id, f.category): f.severity for f in analysis.flags}
    assert severities[("payments/p1", "data.retention")] is Severity.INFO
    assert severities[("law/p1", "terms.choice-of-law")] is Severity.INFO
    entries = {c.category: c for c in analysis.summary.concerns}
    assert (entries["data.retention"].clause_ids, entries["data.retention"].count) == (("your-posts/p1",), 1)
    assert (entries["terms.choice-of-law"].severity, entries["terms.choice-of-law"].clause_ids) == (
        Severity.CAUTION, ("law/p2",))


def test_an_arbitration_opt_out_is_offered_as_its_way_out():
    from terms.parsing import parse_text

    document = parse_text(
        "# Disputes\n\nAny dispute with us will be resolved by binding arbitration, and you waive any right "
        "to a class action.\n\nYou may opt out of this arbitration agreement by writing to us within 30 days "
        "of accepting these terms.\n\n# Marketing\n\nWe use your email address to send you marketing "
        "communications.\n"
    )
    flags = analyze(document).flags
    [arbitration] = [f for f in flags if f.category == "terms.arbitration" and f.severity is Severity.CONCERN]
    assert arbitration.way_out and "opt out of arbitration" in arbitration.explanation
    [marketing] = [f for f in flags if f.category == "data.advertising"]
    assert "communications" not in marketing.data  # the marketing sent to you is no data of yours


def test_a_denied_duty_without_a_kept_right_says_neither(pack):
    """ "we have no obligation to screen, edit, or monitor your content" is no promise against
    monitoring, nor a statement that it happens."""
    found = categories("Although Medforum has no obligation to screen, edit or share your data with third "
                       "parties, it keeps the right to delete posts.", pack)
    assert "data.third-party-sharing" not in found and "rights.no-sale" not in found


@pytest.mark.parametrize("text", [
    "We may, but are not required to, keep copies of your posts after you delete them.",
    "We may (but do not have to) preserve copies of your posts after you close your account.",
])
def test_a_right_kept_right_before_a_denied_duty_keeps_a_rule_without_counterpart(text):
    """Retention has no protective counterpart, so any cue used to drop it: "may (but do not have
    to) preserve" is a right to keep the data all the same."""
    assert {(f.category, f.severity) for f in flag_text(text)} == {("data.retention", Severity.CONCERN)}


def test_a_portability_right_is_no_way_out_of_sharing():
    from terms.parsing import parse_text

    document = parse_text(
        "# Sharing\n\nWe share your personal data with advertising partners.\n\n"
        "# Your rights\n\nPort your information. You can receive your information in a machine-readable "
        "format and transmit it to a third party of your choice.\n"
    )
    [sharing] = [f for f in analyze(document).flags if f.category == "data.third-party-sharing"]
    assert sharing.way_out == ()


def test_a_note_too_short_to_be_terms_is_not_graded(pack):
    """A seven-word file got "grade A": a clean bill of health for something that is no terms."""
    short = analyze(make_document(("p1", (), "Thanks for reading our short note today.")), pack)
    assert short.summary.grade == "—" and "only 7 words" in (short.summary.not_graded or "")
    assert "Not graded. The document has only 7 words" in render_analysis_text(short)


def test_reports_quote_the_sentences_that_hold_the_evidence():
    """The evidence alone ("We … may … refuse … membership") read as a quotation but was none, and
    left out the facts around it ("for seven years")."""
    doc = make_document(("13.1", ("Retention",), "Welcome. We keep your account information for as long "
                         "as your account is open and for seven years after it is closed. Ask us *why*."))
    analysis = analyze(doc)
    text, markdown = render_analysis_text(analysis), render_analysis_markdown(analysis)
    sentence = ("We keep your account information for as long as your account is open and for seven "
                "years after it is closed.")
    assert f"“{sentence}”" in text and "Welcome" not in text.split("Flags in document order")[1]
    quoted = next(line for line in markdown.splitlines() if line.startswith("> "))
    assert quoted.startswith("> We **keep** your account information **for as long as your account is open**")
    assert "seven years" in quoted and "why" not in quoted


def test_a_run_on_sentence_is_quoted_between_whole_words_and_a_long_paragraph_in_a_few_sentences():
    """Zoom's §17.4 was quoted as "ng any other rights of Zoom, … unless providing such notice or
    timely notic"; and a paragraph repeating one sale 3,000 times was quoted whole, every sentence
    marked against every span of evidence (a 2 MB one did not finish in eleven minutes)."""
    filler = "including without limitation any of the other rights and remedies of the company " * 4
    run_on = f"Without limiting {filler}we may sell your personal information to brokers, {filler}and so on."
    text = render_analysis_text(analyze(make_document(("17.4", ("Law",), run_on))))
    quote = next(line.strip() for line in text.splitlines() if "sell your personal" in line and "“" in line)
    words = set(run_on.replace(",", " ").split())
    assert quote.startswith("“…") and quote.endswith("…”")
    first, *_, last = quote.strip("“”…").split()
    assert first in words and last.rstrip(",") in words
    repeated = "We may sell your data to third parties. " * 3000
    text = render_analysis_text(analyze(make_document(("p1", (), repeated))))
    assert "(and 2,996 more sentences of this clause)" in text and len(text) < 10_000


def test_a_protection_found_only_with_exceptions_says_so_in_the_summary():
    """The physician sample's opt-outs (§12.1, §12.2) were listed as "You can say no to some uses",
    though neither stops clients reading posts."""
    doc = make_document(("12.2", ("Choices",), "You may ask us to exclude your future posts from reports. "
                         "This request does not apply to Clients' direct access to discussions."))
    [note] = [n for n in analyze(doc).summary.notes if n.category == "rights.choice"]
    assert note.title.endswith(" — with exceptions")


def test_a_promise_not_to_sell_beside_paid_access_to_posts_is_not_listed_in_the_readers_favour():
    """Reddit's policy says "We don't sell your personal data" and charges licensing fees for access to
    content: listed "In your favour", the promise read as the answer to the concern above it."""
    doc = make_document(
        ("3.1", ("Privacy",), "We do not sell your personal information."),
        ("7.2", ("Clients",), "Clients pay a subscription fee to read the discussions members post."),
        ("9.1", ("Research",), "We may use aggregated statistics about site usage for research."),
    )
    analysis = analyze(doc)
    summary = analysis.summary
    assert "rights.no-sale" not in [c.category for c in summary.protections]
    note = summary.notes[0]
    assert note.category == "rights.no-sale" and note.title.endswith(" — with exceptions")
    assert note.caveat.startswith("But the document also says “Paying clients can read what members write” "
                                  "(§7.2): the promise covers less than it seems to.")
    assert f"): {note.caveat}" in render_analysis_markdown(analysis)
    assert f"\n  {note.caveat}\n" in render_analysis_text(analysis)
    assert analysis_to_dict(analysis)["summary"]["notes"][0]["caveat"] == note.caveat
    assert note.caveat in render_analysis_html(analysis).replace("&quot;", '"').replace("&#x27;", "'")


def test_a_promise_not_to_sell_stays_in_the_readers_favour_beside_mere_cautions():
    """An employer reading workspace messages (a caution) is no sale of what the promise keeps."""
    doc = make_document(
        ("3.1", ("Privacy",), "We do not sell your personal information."),
        ("4.2", ("Workspaces",), "Your employer, which administers your account, can read the messages you "
                                 "send in the workspace."),
    )
    summary = analyze(doc).summary
    [kept] = [c for c in summary.protections if c.category == "rights.no-sale"]
    assert kept.caveat == "" and not any(n.caveat for n in summary.notes)


def test_report_footers_name_the_whole_pack_hash_and_a_short_text_reads_in_under_a_minute(pack):
    analysis = analyze(make_document(("p1", (), "Thanks for reading our short note today.")), pack)
    from terms import __version__

    for report in (render_analysis_text(analysis), render_analysis_markdown(analysis),
                   render_analysis_html(analysis)):
        assert analysis.pack.sha256 in report and f"ClearTerms {__version__}" in report
    assert "7 words, under a minute to read" in render_analysis_text(analysis)


def test_a_licence_limited_to_running_the_service_is_not_joined_to_a_broad_one():
    """Zoom's summary read "for any purpose and limited to running the service", joining its meeting
    content licence (10.2) to its feedback assignment (16.1)."""
    from terms.flagging.engine import category_explanation
    from terms.rulepacks import default_pack

    doc = make_document(
        ("10.2", ("Content",), "You grant us a worldwide, royalty-free license to your content as necessary "
                               "for the Permitted Uses."),
        ("16.1", ("Feedback",), "You assign to us all right, title and interest in any feedback, which we "
                                "may use for any purpose."),
    )
    flags = [f for f in analyze(doc).flags if f.category == "data.content-license"]
    assert sorted(f.clause_id for f in flags) == ["10.2", "16.1"]
    text = category_explanation(default_pack(), "data.content-license", flags, doc)
    assert "for any purpose" in text
    assert text.endswith("The licence in §10.2 is limited to running the service.")
    assert "and limited to running the service" not in text


def test_a_licence_entry_explains_its_licences_once():
    """The physician sample's licence entry said "You give Caducea Network rights over …" twice: its
    AI-training licence (a rule with a title but no explanation of its own) was explained apart from
    the other licences, with the same template. One explanation names every term, and what the rights
    are extended to is said once."""
    from terms.flagging.engine import category_explanation
    from terms.rulepacks import default_pack

    doc = make_document(
        ("7.7", ("AI",), "You grant us the right to use the posts you write to fine-tune our "
                          "language models."),
        ("8.2", ("Licence",), "You grant us a worldwide, perpetual licence to copy, modify and publish your "
                              "posts for any purpose."),
    )
    flags = [f for f in analyze(doc).flags if f.category == "data.content-license"]
    assert {f.rule for f in flags} == {"license.ai-training", "license.broad-grant"}
    text = category_explanation(default_pack(), "data.content-license", flags, doc)
    assert text.count("rights over") == 1
    assert ("the rights are worldwide, for ever, for any purpose and extended to changed and derived works "
            "and to training AI models.") in text


@pytest.mark.parametrize(("clause", "said"), [
    ("In no event shall our aggregate liability exceed the greater of one hundred U.S. dollars "
     "(U.S. $100.00) or the amount you paid us in the past six months.",
     " (here $100.00, or a sum based on what you paid if that is more)"),
    ("Our total liability to you shall not exceed US$ 50 or the fees you paid in the last year.",
     " (here US$ 50)"),
    ("Our total liability to you shall not exceed the amount you paid us in the last twelve months.",
     ""),
    # another country's dollar keeps its letters (it was "$50")
    ("Our total liability shall not exceed the greater of fifty Singapore dollars (S$50) and the fees you "
     "paid.", " (here S$50, or a sum based on what you paid if that is more)"),
    # the sum comes second, after a semicolon, and the sentence after it is not read
    ("OUR AGGREGATE LIABILITY SHALL NOT EXCEED THE GREATER OF (A) THE AMOUNTS PAID BY YOU IN THE TWELVE "
     "MONTHS BEFORE THE CLAIM; OR (B) $30. IN NO EVENT ARE WE LIABLE FOR THE LESSER OF ANY LOSSES.",
     " (here $30, or a sum based on what you paid if that is more)"),
    # "U.S. DOLLARS" ends no sentence
    ("IN NO EVENT WILL OUR AGGREGATE LIABILITY EXCEED THE GREATER OF ONE HUNDRED U.S. DOLLARS ($100) OR ANY "
     "AMOUNT YOU PAID US IN THE PREVIOUS SIX MONTHS.",
     " (here $100, or a sum based on what you paid if that is more)"),
    ("Our total liability shall not exceed $50 or the fees you paid, whichever is less.",
     " (here $50, or a sum based on what you paid if that is less)"),
    # what the company paid the reader is no sum they paid
    ("Our total liability is limited to the greater of the revenue we paid to you in the last year and $500.",
     " (here $500, or another sum the clause sets if that is more)"),
])
def test_a_liability_cap_names_its_sum(clause: str, said: str) -> None:
    """The cap's explanation asked the reader to look for "a fixed sum or what you paid" beside a
    clause that names it (the physician sample's US$100): the figure is now given, and where it is
    one side of a "greater of", that too (a cap of "the greater of US$100 or the fees you paid" read
    "here US$100")."""
    [cap] = [f for f in flag_text(clause) if f.rule == "liability.cap"]
    assert f"at a fixed sum or one worked out from what has been paid{said}, whatever the harm." \
        in cap.explanation


def test_a_long_text_in_which_no_rule_finds_anything_is_not_graded(pack):
    """600 words of pangrams got "grade A (0 points)": a wrong file read as harmless terms."""
    fox = analyze(make_document(("p1", (), "The quick brown fox jumps over the lazy dog. " * 70)), pack)
    assert fox.summary.grade == "—"
    assert fox.summary.not_graded.startswith("No rule found anything in the document's 630 words")


def test_sentences_are_counted_as_the_rules_read_them():
    """A paragraph's full stop and the blank line after it were two sentences, and so were "Inc."
    and a heading's "2.": readability came out 6 points easier for the physician sample."""
    text = ("2. Sharing\n\nAcme Inc. shares your data. It sells it too.\n\n"
            "We keep it for years.\n\n- for audits\n- for billing\n")
    assert text_statistics(text)[1] == 6   # the heading, three sentences, two list items


def test_the_rule_that_sets_the_severity_leads_the_reason():
    """Reasons are cut at three; milder rules matched first used to push out the one named in
    ``rule`` (an arbitration concern whose reason showed only procedure and mentions)."""
    text = ("The arbitration will be administered by the American Arbitration Association under its "
            "Consumer Rules, and the arbitration rules are available at adr.org. The arbitration will be "
            "held where you live. You and we agree that any dispute will be resolved by final and binding "
            "arbitration.")
    [flag] = [f for f in flag_text(text) if f.category == "terms.arbitration"]
    assert flag.severity is Severity.CONCERN
    assert flag.reason.startswith(f"rule {flag.rule} matched")


def test_a_list_under_a_denying_lead_in_is_a_list_of_promises():
    """"We will never:" followed by "sell your personal data to data brokers" promises not to sell;
    the item alone reads as a sale. A list of exceptions, or of what members must not do, is not
    denied by its lead-in."""
    from terms.parsing import parse_text

    text = ("# Terms\n\n## 5. Your data\n\nWe will never:\n\n- sell your personal data to data brokers;\n"
            "- share your posts with advertisers.\n\nWe do not share your data except:\n\n"
            "- when the payment processor needs them, we share your billing details with it.\n\n"
            "We may also:\n\n- sell reports about your posts to paying clients.\n")
    analysis = analyze(parse_text(text))

    def found(item: str) -> set[str]:
        return {f.category for f in analysis.flags if f.clause_id == item}

    assert "data.sale" not in found("5/i1") and "rights.no-sale" in found("5/i1")
    assert "data.third-party-sharing" not in found("5/i2")
    assert "data.third-party-sharing" in found("5/i3")
    assert "data.sale" in found("5/i4")


@pytest.mark.parametrize(("lead_in", "denies"), [
    ("We will never:", True),
    ("Under no circumstances will we:", True),
    ("We do not sell, rent or trade:", True),
    ("We do not share your data except:", False),
    ("You may not:", False),
    ("The following is not permitted:", False),
    ("To the extent permitted by law, we will not be responsible for:", False),
    ("We may suspend your account for any or no reason, including:", False),
    ("We may share your data with:", False),
    ("In the following cases we never share your information unless you give us written permission:", True),
    ("We will never, without your prior written consent:", True),
    # a pharmacy's notice: consent first, then what needs it ("sell your PHI;")
    ("We must have your signed authorisation before we:", True),
    ("We must have your insurance details before we can:", False),
    # features the member switches on ("personalised advertising;" is no use of their data for ads)
    ("The following features are off by default and only start when you opt in:", True),
    ("These settings only apply when you turn them on:", True),
    ("The following features are on by default:", False),
])
def test_which_lead_ins_deny_their_items(lead_in: str, denies: bool):
    from terms.rulepacks.scan import denies_what_follows

    assert denies_what_follows(lead_in, 0, len(lead_in)) is denies


def test_a_denying_lead_in_that_waits_for_consent_makes_its_items_promises_held_for_consent():
    """A hospital's notice: "we never share your information unless you give us written permission:"
    before "sale of your information;" (read as a sale, the first of the document's concerns). The
    permission is the member's own say, so the promise stays a protection, its reason naming it."""
    from terms.parsing import parse_text

    text = ("# Notice\n\n## 4. Sharing\n\nIn the following cases we never share your information unless "
            "you give us written permission:\n\n- marketing purposes;\n- sale of your information.\n")
    flags = [f for f in analyze(parse_text(text)).flags if f.clause_id == "4/i2"]
    assert [(f.category, f.severity) for f in flags] == [("rights.no-sale", Severity.PROTECTIVE)]
    assert "unless you give us written permission" in flags[0].reason


def test_a_flag_on_a_lead_in_names_the_parties_its_list_goes_on_to_name():
    """"We may share your information with:" says nothing of who; its items do."""
    from terms.parsing import parse_text

    text = ("# Privacy\n\n## 4. Sharing\n\nWe may share your information with:\n\n"
            "- data brokers;\n- pharmaceutical companies that sponsor the forum.\n\n"
            "## 5. Security\n\nWe keep your data on servers in Ireland.\n")
    analysis = analyze(parse_text(text))
    (sharing,) = [f for f in analysis.flags if f.category == "data.third-party-sharing"]
    assert sharing.clause_id == "4/p1"
    assert sharing.parties == ("data brokers", "pharmaceutical companies")
    assert "data brokers and pharmaceutical companies" in sharing.explanation


def test_a_denying_lead_in_reaches_an_item_that_starts_with_the_match():
    """The item's words may start at the very start of its text (no bullet kept before them)."""
    from terms.rulepacks import default_pack
    from terms.rulepacks.evaluate import evaluate
    from terms.rulepacks.scan import fold

    text = fold("We will never:\nsell your personal data to data brokers.")
    hits = evaluate(default_pack(), text, 15, len(text), lead_in=(0, 14))
    assert {h.category for h in hits} >= {"rights.no-sale"}
    assert "data.sale" not in {h.category for h in hits}


def test_a_summary_gives_the_purposes_of_the_clauses_naming_its_recipients():
    """One clause shares with hospitals, another with advertising networks "for advertising": the
    summary names the most-named recipients, and only their clauses' purposes."""
    from terms.flagging.engine import category_explanation
    from terms.rulepacks import default_pack

    doc = make_document(
        ("3.2", ("Research",), "We may share de-identified data with hospitals, academic institutions "
                               "and research partners."),
        ("3.3", ("Research",), "We may also share de-identified data with hospitals for research."),
        ("4.4", ("Advertising",), "We share your advertising identifier with ad networks for targeted "
                                  "advertising."),
    )
    flags = [f for f in analyze(doc).flags if f.category == "data.third-party-sharing"]
    assert len(flags) == 3
    text = category_explanation(default_pack(), "data.third-party-sharing", flags, doc)
    assert "hospitals" in text and "for research" in text
    assert "advertising" not in text


def test_a_summary_does_not_send_one_clauses_data_to_another_clauses_recipients():
    """Member information goes to clients, cookies to advertising partners: the summary must not say
    that cookies go to the clients. It speaks of the recipient named first and its clause's data;
    an explanation that names no recipient reads every clause's data."""
    from terms.flagging.engine import category_explanation
    from terms.rulepacks import default_pack

    doc = make_document(
        ("7.5", ("Clients",), "We may provide member information to our clients."),
        ("11.1", ("Cookies",), "We share cookies and device identifiers with advertising partners."),
    )
    flags = [f for f in analyze(doc).flags if f.category == "data.third-party-sharing"]
    assert [f.clause_id for f in flags] == ["7.5", "11.1"]
    text = category_explanation(default_pack(), "data.third-party-sharing", flags, doc)
    first, further = text.split(" Also named as recipients: ")
    assert "clients" in first and "cookies" not in text.lower() and "advertising partners" not in first
    # the other clause's recipients are named apart, so the summary does not read as the whole list
    assert further == "advertising partners."


def test_data_a_disclosure_leaves_out_is_not_what_it_hands_over():
    found = extract("When we provide member information to clients, we remove your name and replace it "
                    "with an identifier.")
    assert "your name" not in found.data
    assert extract("Reports are shared without your e-mail address.").data == ()
    assert extract("You can remove your content at any time.").data == ("your content",)


def test_a_heading_in_sentence_case_is_not_flagged_but_the_text_under_it_is():
    from terms.parsing import parse_text

    # a policy whose headings are plain lines without a full stop, as Meta's are
    document = parse_text("# Privacy policy\n\nSelling information to data brokers\n\n"
                          "We sell the information you post to data brokers.\n\n"
                          "Partners who use our analytics services\n\n"
                          "Partners who use our analytics services receive reports about your visits.\n")
    flagged = {(document.clause(f.clause_id).text.strip(), f.category) for f in analyze(document).flags}
    texts = {text for text, _ in flagged}
    assert "Selling information to data brokers" not in texts
    assert "Partners who use our analytics services" not in texts
    assert ("We sell the information you post to data brokers.", "data.sale") in flagged
    # a statement without a full stop still states it, and so does a last line with nothing after it
    for statement in ("Clients read your posts", "Clients may read your posts"):
        document = parse_text(f"# Terms\n\n{statement}\n\nWe keep the terms short.\n")
        assert any(f.category == "data.client-access" for f in analyze(document).flags), statement
    document = parse_text("# Terms\n\nWe keep the terms short.\n\nSelling your posts to data brokers\n")
    assert any(f.category == "data.sale" for f in analyze(document).flags)


def test_data_a_denial_keeps_out_is_not_the_data_a_practice_uses():
    text = ("We use your location to choose ads. We do not use your private messages or your "
            "health data to choose ads.")
    assert extract(text).data == ("location",)
    # ... but it is the data a promise is about, and a "but" turns the sentence back
    assert "private messages" in extract(text, promise=True).data
    turned = extract("We do not sell your posts, but we share your e-mail address with partners.")
    assert turned.data == ("e-mail address",)


def test_a_sentence_after_a_bulleted_line_is_a_sentence_of_its_own():
    """A table cell's list, then a sentence: "• Inferred interests" / "We may sell this data". A
    bulleted line wrapped onto a line in lower case stays one item."""
    text = "Advertising | • Name\n• Inferred interests\nWe may sell this data to brokers."
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == [
        "Advertising | • Name", "• Inferred interests", "We may sell this data to brokers."]
    wrapped = "• We may share your posts with\nour partners for research."
    assert [wrapped[a:b] for a, b in sentence_spans(wrapped, 0, len(wrapped))] == [wrapped]
    # ... and so does one wrapped after a comma onto a line that starts with a capital (a biobank's Markdown,
    # wrapped at 100 columns, had "DNA extracted from them …" read as a sentence of its own)
    comma = ("• \"Biobank\" means the collection, kept by or for us, of leftover blood spot cards,\n"
             "DNA extracted from them, Genome Data and the information linked to them.")
    assert [comma[a:b] for a, b in sentence_spans(comma, 0, len(comma))] == [comma]


def test_flagging_reports_progress_and_stops_when_told(pack) -> None:
    """The app shows how far a long document has got and stops it on Cancel: whatever
    ``progress`` raises ends the work."""
    from terms.parsing import parse_text

    document = parse_text("Terms\n\n" + "\n\n".join(f"{n}. We may share your posts with partner {n}."
                                                      for n in range(1, 101)))
    seen: list[tuple[int, int]] = []
    analyze(document, pack, lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, len(document.clauses)) and len(seen) > 3
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)

    class Stop(Exception):
        pass

    def stop_at_half(done: int, total: int) -> None:
        if done >= total // 2:
            raise Stop

    with pytest.raises(Stop):
        analyze(document, pack, stop_at_half)


def test_a_nested_optional_segment_is_one_problem():
    """"[ with {parties}[ for {purposes}]]" also said "'[' without a closing ']'": its "]]" reads as
    a literal bracket, and the one mistake was reported twice."""
    with pytest.raises(TemplateError) as caught:
        parse_template("Shared[ with {parties}[ for {purposes}]].")
    assert caught.value.problems == ("optional segments '[...]' cannot nest",)


def test_a_payment_before_a_disclosure_does_not_hide_its_recipient():
    """"Without reimbursement … to you or any third party" pays no one; "in exchange for payment, we
    sell your personal information to third parties" still sells it to them."""
    sold = extract("In exchange for payment, we sell your personal information to third parties.")
    assert sold.parties == ("third parties",)
    assert extract("We share prompts with third-party model providers.").parties == ("third parties",)


def test_the_summary_says_where_the_document_itself_softens_a_concern():
    """The health-app sample's summary advised checking "whether the document promises to tell you
    beforehand" where §12.1 does; only the flag said "Here, the clause itself promises notice"."""
    doc = make_document(("12.1", ("Changes",), "We may update this policy from time to time. If we make "
                         "material changes, we will notify you by e-mail before they take effect."))
    analysis = analyze(doc)
    [flag] = [f for f in analysis.flags if f.category == "terms.changes"]
    assert flag.mitigation == "the clause itself promises notice before changes"
    [entry] = [c for c in analysis.summary.concerns if c.category == "terms.changes"]
    assert entry.explanation.endswith(" In §12.1, the clause itself promises notice before changes.")
    [shown] = [f for f in analysis_to_dict(analysis)["flags"] if f["category"] == "terms.changes"]
    assert shown["mitigation"] == flag.mitigation


def test_reports_say_their_counts_per_group_are_flags_not_the_apps_places():
    """A reader saw "Data use: 11 caution" in the report and 4 cautions in the app's chart of places."""
    from terms.flagging.report import COUNTS_NOTE
    from terms.flagging.report_html import render_analysis_html

    analysis = analyze(make_document(("4.1", ("Sharing",), "We may share your posts with advertisers.")))
    for report in (render_analysis_text(analysis), render_analysis_markdown(analysis)):
        assert COUNTS_NOTE in report and "Flags per group" in report
    assert "the app&#x27;s chart counts places" in render_analysis_html(analysis)


def test_a_summary_names_each_value_and_way_out_once():
    """Reddit's summary read "for complying with law, ads and complying with the law", "how long
    information and information about you are kept" and "a way out: the “Your Rights and Choices”
    section and the “Your Rights and Choices” section"."""
    from terms.flagging.engine import _explain, category_explanation
    from terms.parsing import parse_text
    from terms.rulepacks import default_pack

    doc = parse_text(
        "# Sharing\n\nWe may share your information with vendors to comply with law.\n\n"
        "We may share information about you with vendors to comply with the law.\n\n"
        "# Your choices\n\nYou may opt out of sharing your information with vendors in your settings.\n\n"
        "You can also opt out of such sharing by e-mailing us.\n"
    )
    flags = [f for f in analyze(doc).flags if f.category == "data.third-party-sharing"]
    assert len(flags) == 2
    text = category_explanation(default_pack(), "data.third-party-sharing", flags, doc)
    assert text.count("comply") == 1 and text.startswith("Information about you may be passed")
    # two ways out under one unnumbered heading are one reference
    choices = [c.id for c in doc.clauses if c.heading_path and c.heading_path[-1] == "Your choices"]
    assert len(choices) == 2
    explained = _explain("Way out: {way_out}.", (), (), (), choices, doc, None, ())
    assert explained == "Way out: the “Your choices” section."


def test_a_limit_on_use_and_the_public_kept_safe_are_no_purpose_or_recipient():
    """Zoom's summary read "for analytics and any purpose" from "prohibiting them from using personal
    data for any purpose other than …", and Twitter's "may be handed to the public" from "to protect
    … the public"."""
    limited = extract("We share data with vendors, prohibiting them from using personal data for any "
                      "purpose other than providing services to us.")
    assert "any purpose" not in limited.purposes and limited.parties == ("vendors",)
    assert extract("We may use your posts for any purpose.").purposes == ("any purpose",)
    assert "the public" not in extract("We may disclose information to protect the public.").parties
    assert extract("Your posts are visible to the public.").parties == ("the public",)


def test_a_defined_user_content_is_the_data_a_licence_covers():
    """Spotify's licence over "any of your User Content" was explained as "rights over feedback": the
    generic "content" gave way to the feedback named in a later sentence."""
    found = extract("You grant us a licence to use any of your User Content. You may also send us feedback.")
    assert found.data == ("your user content", "feedback")


def test_a_mitigation_in_the_same_section_names_it_once():
    """TikTok's summary read "In paragraph 1 of “7.1 What happens when we make changes”, the “7.1 What
    happens when we make changes” section promises notice before changes"."""
    from terms.flagging.summary import _mitigations
    from terms.model import Flag
    from terms.parsing import parse_text

    heading = "7.1 What happens when we make changes"
    doc = parse_text(f"# {heading}\n\nWe may change these terms at any time.\n\n"
                     "We will tell you 30 days before.\n")
    changed = next(c for c in doc.clauses if c.text.startswith("We may change"))
    flag = Flag("terms.changes", Severity.CAUTION, changed.id, ((changed.start, changed.end),), "r", "x",
                mitigation=f"the “{heading}” section promises notice before changes")
    assert _mitigations([flag], doc) == (f" In paragraph 1 of “{heading}”, the same section promises notice "
                                         "before changes.")
    elsewhere = dataclasses.replace(flag, mitigation="section 9 promises notice before changes")
    assert _mitigations([elsewhere], doc).endswith(", section 9 promises notice before changes.")


def test_a_sentence_two_explanations_of_one_concern_share_is_said_once():
    """Google's advertising concern gave its way out twice: once in the category's explanation, once
    in that of the rule about names shown next to ads."""
    from terms.parsing import parse_text

    doc = parse_text("# Ads\n\nWe use your activity to show you ads that are more relevant to you.\n\n"
                     "We may show your name and photo next to ads for brands you follow.\n\n"
                     "# Your choices\n\nYou can opt out of personalised ads in your ad settings.\n")
    [ads] = [c for c in analyze(doc).summary.concerns if c.title == "Used for advertising and marketing"]
    assert ads.explanation.count("The document offers a way out: the “Your choices” section.") == 1
    assert "as if you recommended what is advertised" in ads.explanation


def test_a_licence_over_recordings_or_notes_is_explained_as_such_not_as_posts():
    """A heart monitor's licence over ECG recordings was explained as "it may … publish your posts"."""
    for sentence, what in (("By wearing the Patch you give the company a perpetual, irrevocable and "
                             "royalty-free permission to use the recordings it captures.", "recordings"),
                            ("You grant us a perpetual, royalty-free licence to use your Visit Notes for any "
                             "purpose.", "visit notes")):
        [flag] = [f for f in flag_text(sentence) if f.category == "data.content-license"]
        assert f"rights over {what}" in flag.explanation.lower()
        assert "posts" not in flag.explanation

"""Recipients a document defines once and afterwards names only by the defined name."""

from __future__ import annotations

from terms.flagging import analyze
from terms.flagging.defined_recipients import Kind, defined_recipients, recipient_members
from terms.model import Severity
from terms.parsing import parse_text
from terms.rulepacks.scan import fold

GAME = """# Privacy Policy

## 1. Definitions

1.1 "Ad Partners" means the advertising networks that show ads in our games.

1.2 "Monetization Partners" means data brokers, audience platforms and other companies that provide us
with monetary or other valuable consideration in exchange for receiving information about players.

1.3 "Service Providers" means companies that host our servers and act on our instructions.

1.4 "Services" means the games and any subscription you purchase in them.

## 4. Sharing

4.1 Device data and gameplay data may be made available to our Monetization Partners, who may combine it
with other data they hold.

4.2 We share crash reports with our Service Providers so that they can host the games.
"""

COURSES = """# Terms

## 1. Definitions

1.1 "Authorized Recipients" means the pharmaceutical and medical-device companies that fund an activity,
together with the agencies they designate (collectively, the "Supporters").

## 6. Reports

6.1 A report of your participation, including your name, specialty and your answers to the pre-test and
the practice survey, will be furnished to the Authorized Recipients.
"""


def _flags(text: str, clause_id: str) -> dict[str, object]:
    return {f.category: f for f in analyze(parse_text(text)).flags if f.clause_id == clause_id}


def test_definitions_of_recipients_are_read_as_paying_or_interested():
    found = {r.term: r.kind for r in defined_recipients(fold(GAME))}
    assert found == {"Monetization Partners": Kind.PAYING, "Ad Partners": Kind.INTERESTED}
    courses = {r.term: r.kind for r in defined_recipients(fold(COURSES))}
    assert courses["Authorized Recipients"] is Kind.INTERESTED
    assert courses["Supporters"] is Kind.INTERESTED   # the parenthetical form: defined by what precedes


def test_sharing_with_recipients_defined_as_paying_is_a_sale_and_says_why():
    flags = _flags(GAME, "4.1")
    assert "data.third-party-sharing" not in flags
    sale = flags["data.sale"]
    assert sale.severity is Severity.CONCERN
    assert sale.rule == "definition:monetization-partners"
    assert sale.reason.startswith("“Monetization Partners” are defined in section 1.2 as “data brokers, "
                                  "audience platforms")
    assert any("Monetization Partners" in quote for quote in sale.quotes(parse_text(GAME).text))


WELLNESS = """# Wellness Programme Notice

1. "Sponsor" means an employer, trade union or health plan that pays for or offers Pulsewise to you as part
of a wellness programme.

2. Your Sponsor receives Aggregate Reports only, each covering at least 20 participants.
"""


def test_a_recipient_paying_for_the_members_own_use_is_not_paying_for_data():
    """An employer that pays for the member's band buys the product, not what it learns: its reports
    were read as a sale ("they pay for what they receive"), the wellness notice's top concern."""
    assert {r.term: r.kind for r in defined_recipients(fold(WELLNESS))} == {"Sponsor": Kind.INTERESTED}
    flags = _flags(WELLNESS, "2")
    assert "data.sale" not in flags
    sponsors = "sponsors such as an employer, trade union or health plan"
    assert sponsors in flags["data.third-party-sharing"].parties
    # the definition itself hands nothing over ("trade union" is no trade)
    assert _flags(WELLNESS, "1") == {}
    # nor one paying for its own people ("an employer, university or insurer that pays for its people to use")
    peer = '1. "Sponsor" means an employer, university or insurer that pays for its people to use the app.'
    assert {r.term: r.kind for r in defined_recipients(fold(peer))} == {"Sponsor": Kind.INTERESTED}
    # ... or for members' own subscriptions (a therapy platform's employee-assistance sponsors)
    eap = '1. "Sponsor" means an employer, union or health plan that pays for Members\' subscriptions.'
    assert {r.term: r.kind for r in defined_recipients(fold(eap))} == {"Sponsor": Kind.INTERESTED}
    # ... or in the passive, the definition before the term (a telehealth platform's scorecards were "sold" to
    # the health plans that pay for patients' visits)
    plans = ('# Payers\n\n6.1 Some visits are paid for by health plans, employers or other organisations '
             'that have an agreement with us ("Partner Payers").')
    assert {r.term: r.kind for r in defined_recipients(fold(plans))} == {"Partner Payers": Kind.INTERESTED}


def test_those_working_for_the_company_and_things_defined_are_left_alone():
    assert "data.sale" not in _flags(GAME, "4.2")
    # the definition itself is not read again as what it defines
    assert "data.sale" not in _flags(GAME, "1.2")


def test_the_companys_own_insurers_are_no_interested_outsiders():
    """A hospital group's staff notice defined "Assurance Parties" as "the Group's insurers, reinsurers,
    insurance brokers, claims handlers …", and handing them archived messages read "Organisations that pay
    the company … can read messages": the group pays them, to cover and defend it."""
    text = ("# Notice\n\n## 2. Definitions\n\n2.1 \"Assurance Parties\" means the Group's insurers, "
            "reinsurers, insurance brokers and claims handlers.\n\n## 8. Disclosure\n\n8.1 Location events "
            "and archived messages may be provided to Assurance Parties for defending any claim.\n")
    assert not defined_recipients(fold(text))
    flags = _flags(text, "8.1")
    assert "data.client-access" not in flags
    assert flags["data.third-party-sharing"].severity is Severity.CAUTION


def test_members_answers_furnished_to_interested_recipients_are_client_access():
    flags = _flags(COURSES, "6.1")
    access = flags["data.client-access"]
    assert access.severity is Severity.CONCERN
    assert access.reason.startswith("“Authorized Recipients” are defined in section 1.1 as “the "
                                    "pharmaceutical and medical-device companies")
    assert access.rule == "definition:authorized-recipients"


def test_without_the_definition_the_clause_is_sharing():
    plain = "# T\n\n1. Device data may be made available to our Monetization Partners.\n"
    assert set(_flags(plain, "1")) == {"data.third-party-sharing"}


def test_a_parenthetical_definition_starts_its_sentence_after_the_clause_number():
    text = ("# T\n\n6.5 In addition, we produce reports for investment firms that subscribe to our programme "
            "(\"Insight Partners\").\n\n6.6 Insight Partners receive reports on your specialty and region.\n")
    (partners,) = defined_recipients(fold(text))
    assert partners.definition.startswith("In addition, we produce reports")
    assert _flags(text, "6.6")["data.sale"].reason.startswith("“Insight Partners” are defined in section 6.5")


def test_what_is_sent_to_the_member_from_a_paying_recipient_is_not_handed_to_it() -> None:
    """A pill bottle's "to send you messages … where a Program Sponsor funds your Cap, communications from
    … that Sponsor" was its top concern: paying clients reading what members write."""
    text = ("# T\n\n1.1 \"Program Sponsor\" means a drug maker that pays us to supply Caps to its "
            "patients.\n\n7.2 We use information to send you messages about features and, where a Program "
            "Sponsor funds your Cap, communications from that Sponsor about related products.\n")
    assert not {"data.client-access", "data.sale"} & set(_flags(text, "7.2"))


def test_a_ban_or_a_denial_on_the_recipients_is_left_to_the_rules():
    text = COURSES + (
        "\n6.2 Authorized Recipients are contractually prohibited from using your answers to send you "
        "promotional messages.\n\n6.3 We do not share your case discussions with the Authorized "
        "Recipients.\n")
    assert "data.client-access" not in _flags(text, "6.2")
    assert "data.client-access" not in _flags(text, "6.3")

    assert "data.client-access" not in _flags(text, "6.3")


def test_what_the_recipients_receive_stripped_of_the_members_name_is_no_sale():
    text = GAME + (
        "\n4.3 Anything our Monetization Partners receive from us about how their ads performed is "
        "stripped of your name and contact details.\n")
    assert "data.sale" not in _flags(text, "4.3")
    assert "data.sale" in _flags(text, "4.1")


def test_the_explanation_says_whom_the_defined_name_stands_for() -> None:
    sale = _flags(GAME, "4.1")["data.sale"]
    assert "monetization partners such as data brokers, audience platforms and other companies" in \
        sale.explanation
    text = ("# T\n\n1.1 \"Collaborators\" means drug makers, device makers and payers with whom we have a "
            "written agreement.\n\n7.2 We may sell or license de-identified data to Collaborators.\n")
    assert "collaborators such as drug makers, device makers and payers" in \
        _flags(text, "7.2")["data.sale"].explanation
    # a head naming only a kind before its examples gives the examples
    text = ("# T\n\n1.1 \"Licensees\" means organisations, such as hospital systems or recruiting firms, "
            "that hold a paid contract with us.\n\n7.2 We may license de-identified data to Licensees.\n")
    sale = _flags(text, "7.2")["data.sale"]
    assert "licensees such as hospital systems or recruiting firms" in sale.explanation
    # ... up to "with which" or "under which", not into the relative clause ("… arrangement, under")
    text = ("# T\n\n1.1 \"Preferred Partners\" means pet-food makers and pet insurers with which we have an "
            "arrangement, under which a fee may be payable to us.\n\n7.2 We may license data to Preferred "
            "Partners.\n")
    assert "preferred partners such as pet-food makers and pet insurers." in \
        _flags(text, "7.2")["data.sale"].explanation


def test_an_organisation_that_buys_seats_for_its_clinicians_is_no_paying_recipient():
    """A scribe's terms defined the customer hospital as the "Organization" that "buys seats for its
    clinicians, pays the associated fees": every notice and invoice naming it read as a sale."""
    text = ('# Terms\n\n1.3 "Organization" means the hospital or medical group that buys seats for its '
            "clinicians, pays the associated fees and administers those seats.\n\n7.5 If we discover "
            "unauthorised access to health information, we will notify the affected Organization.\n")
    assert defined_recipients(fold(text)) == []
    assert "data.sale" not in _flags(text, "7.5")
    paying = '# Terms\n\n1.3 "Partners" means companies that pay the associated fees for our data feeds.\n'
    assert [r.kind for r in defined_recipients(fold(paying))] == [Kind.PAYING]


FORUM = """# Terms

## 1. Definitions

1.1 "Hiring Partners" means hospitals and staffing agencies that hold a paid hiring subscription.

1.2 "Sponsor" means an employer or health plan that pays for some or all of your visits.

## 3. Posting

3.1 Anything you write about your own health can be read by everyone with access to that board, including
Hiring Partners using the search tool.

3.2 Every quarter we send Hiring Partners a summary built from aggregated counts of the topics discussed.

3.3 Every quarter we send Hiring Partners a list of the members who replied, by name, with how many posts each
wrote.
"""


def test_paying_recipients_reading_members_words_is_client_access_not_a_sale():
    flags = _flags(FORUM, "3.1")
    assert "data.sale" not in flags
    assert flags["data.client-access"].severity is Severity.CONCERN


def test_totals_handed_to_paying_recipients_are_no_sale_unless_they_name_people():
    assert "data.sale" not in _flags(FORUM, "3.2")
    assert "data.client-access" not in _flags(FORUM, "3.2")
    assert _flags(FORUM, "3.3")["data.sale"].severity is Severity.CONCERN


def test_combined_results_with_individual_answers_denied_name_no_one():
    text = ('# T\n\n1. "Sponsor" means a drug maker that funds a survey.\n\n'
            "2. The Sponsor receives the combined results for all respondents and never sees an individual "
            "member's answers.\n\n3. The Sponsor receives the combined results together with each "
            "individual member's answers.\n")
    assert "data.client-access" not in _flags(text, "2") and "data.sale" not in _flags(text, "2")
    assert {"data.client-access", "data.sale"} & set(_flags(text, "3"))


def test_a_recipient_paying_for_the_members_visits_pays_for_care_not_data():
    found = {r.term: r.kind for r in defined_recipients(fold(FORUM))}
    assert found["Hiring Partners"] is Kind.PAYING
    assert found["Sponsor"] is Kind.INTERESTED   # an employer, and named for supporting something


def test_a_term_named_for_an_interested_party_is_interested_without_saying_so():
    text = '# T\n\n1. "Sponsor" means a company that pays for or supports an Activity.\n'
    assert [(r.term, r.kind) for r in defined_recipients(fold(text))] == [("Sponsor", Kind.INTERESTED)]


def test_a_plural_defined_term_is_also_read_in_the_singular():
    text = ('# T\n\n1. "Research Partners" means drug makers that pay for research access.\n\n'
            "2. Your survey answers are linked to your member profile and delivered, in that form, to the "
            "Research Partner that commissioned the survey.\n")
    assert _flags(text, "2")["data.sale"].rule == "definition:research-partners"


def test_a_helper_the_member_invites_is_no_paying_recipient():
    """A patient community defined "Care Partner" as "a spouse, relative or paid carer whom you invite": the
    word "paid" made the member's own carer a paying client reading posts."""
    text = ("# T\n\n1.1 \"Care Partner\" means a spouse, relative, friend or paid carer whom you invite to "
            "help with your account.\n\n3.6 Your Care Partner may read and post on your behalf.\n")
    assert not defined_recipients(fold(text))
    assert "data.client-access" not in {f.category for f in analyze(parse_text(text)).flags}


CONGRESS = """# Attendee Terms

## 1. Definitions

1.1 "Sponsor" means an organisation that has purchased a sponsorship package for the Congress.

1.2 "Verifier" means a hospital or staffing agency that holds a paid Verifier subscription.

## 8. Sponsors

8.1 Gold and Platinum Sponsors receive, before and after the Congress, a copy of the attendee list.

8.4 Where a Sponsor wishes to send you information, we send it on the Sponsor's behalf, and only to
attendees who ticked the "Sponsor communications" box.

8.5 Any Verifier that searches for you by name may open your complete file, including reference responses.

8.6 Agencies that hold a Verifier subscription must follow our code of conduct.

8.7 We send marketing emails on behalf of our Sponsors, using the attendee list.
"""


def test_a_singular_defined_term_is_also_read_in_the_plural_and_a_verifier_is_a_recipient():
    """A medical congress defined "Sponsor" and then wrote "Gold and Platinum Sponsors receive … a copy of the
    attendee list": the plural went unread, and the sale was missed. A credentialing service's paying
    "Verifier" was no recipient at all, so hospitals opening a doctor's whole file raised nothing."""
    assert _flags(CONGRESS, "8.1")["data.sale"].rule == "definition:sponsor"
    access = _flags(CONGRESS, "8.5")["data.client-access"]
    assert access.parties[0].startswith("verifiers such as a hospital or staffing agency")


def test_what_goes_out_on_a_recipients_behalf_or_under_its_name_is_not_handed_to_it():
    """"we send it on the Sponsor's behalf" sends to the member, and the "Sponsor communications" box and
    a "Verifier subscription" are things of theirs: the congress's top concern was a sale that never was."""
    assert "data.sale" not in _flags(CONGRESS, "8.4")
    assert not _flags(CONGRESS, "8.6")
    assert "data.sale" not in _flags(CONGRESS, "8.7")


def test_what_a_recipient_gets_only_when_the_member_presses_a_button_is_left_to_the_rules():
    """A grand-rounds platform's fair terms: "A Sponsor receives your name … only if you press the "Ask the
    Sponsor" button" was client access by a paying sponsor, the fair version's top concern."""
    text = ('# T\n\n1. "Sponsor" means a device maker that pays to sponsor a Session.\n\n'
            '5.5 A Sponsor receives your name and contact details only if you press the "Ask the Sponsor" '
            "button during its Session.\n")
    flags = _flags(text, "5.5")
    assert "data.client-access" not in flags and "data.sale" not in flags


def test_a_defined_term_ending_in_y_is_read_and_named_in_the_plural():
    text = ('# T\n\n1. "Partner Company" means a drug maker that pays us for access to member data.\n\n'
            "2. We may provide your answers to Partner Companies.\n")
    sale = _flags(text, "2")["data.sale"]
    assert sale.rule == "definition:partner-company"


def test_models_made_available_to_interested_recipients_hand_them_no_members_words():
    """A video platform's "Recordings … together with their discussion, may be used … to train
    machine-learning models, including models that we … make available commercially to hospitals, Industry
    Partners …" became "Organisations that pay the company can read recordings and discussions", its top
    concern."""
    text = ('# T\n\n1. "Industry Partner" means a medical-device maker that sponsors a channel.\n\n'
            "2. Recordings and their discussion may be used to train models, including models that we make "
            "available commercially to hospitals and Industry Partners.\n\n"
            "3. Each Industry Partner may receive the discussion beneath the videos on its channel.\n")
    assert "data.client-access" not in _flags(text, "2")
    assert _flags(text, "3")["data.client-access"].rule == "definition:industry-partner"


def test_the_kinds_listed_after_a_definition_say_whom_it_names():
    """A salary site's "“Enterprise Subscribers” means organizations that hold a paid Enterprise licence …
    Enterprise Subscribers may include:" and three bullets: its explanations said only "enterprise
    subscribers", never that they are hospitals, recruiters and private-equity-backed groups."""
    text = ('# T\n\n1. "Enterprise Subscribers" means organizations that hold a paid licence to the Service. '
            "Enterprise Subscribers may include:\n\n- hospitals and health systems;\n- physician recruitment "
            "firms; and\n- groups owned by private-equity sponsors.\n\n"
            "2. We may provide salary records to Enterprise Subscribers.\n")
    sale = _flags(text, "2")["data.sale"]
    assert sale.parties == ("enterprise subscribers such as hospitals and health systems; physician "
                            "recruitment firms; groups owned by private-equity sponsors",)


def test_a_recipient_named_at_the_end_of_a_list_of_things_denied_is_denied_too():
    """A crowd-diagnosis site's "Private Case … is never placed in the Case Archive or made available to
    Data Licensees" read as a sale to the paying Data Licensees: the denial lay 36 characters before the
    verb, past the reach it was looked for in."""
    text = ("# Terms\n\n## 1. Definitions\n\n1.1 \"Data Licensees\" means AI developers that have entered "
            "into a paid subscription with us for access to the Case Archive.\n\n## 5. Private cases\n\n"
            "5.1 A Private Case is never placed in the Case Archive or made available to Data Licensees.\n\n"
            "5.2 Other cases are never shown to visitors, but they are made available to Data Licensees.\n")
    assert "data.sale" not in _flags(text, "5.1")
    assert "data.sale" in _flags(text, "5.2")


def test_a_recipient_defined_by_a_paid_agreement_pays():
    """An e-prescribing app defined "Data Customers" as manufacturers "that have entered into a Data
    License", and "Data License" as an agreement under which it makes data available "in exchange for a
    fee": handing Licensed Data to Data Customers is a sale, though the fee is one definition away."""
    text = """# Agreement

## 1. Definitions

1.6 "Data Customers" means manufacturers and market research firms that have entered into a Data License
with us.

1.7 "Data License" means a written agreement under which we make Licensed Data available in exchange for a
fee.

## 8. Data

8.3 Licensed Data is delivered to Data Customers with the identifiers of the prescriber.
"""
    [customers] = [r for r in defined_recipients(fold(text)) if r.term == "Data Customers"]
    assert customers.kind is Kind.PAYING
    assert "data.sale" in _flags(text, "8.3")


def test_a_recipient_defined_by_a_term_that_only_mentions_a_subscription_does_not_pay():
    """A lens retailer's "Service" was its website, its app "and our contact lens subscriptions"; the lens
    makers "whose products are sold through the Service" became paying recipients, and a rebate claim sent to
    their processor a sale."""
    text = """# Terms

## 2. Definitions

2.1 "Service" means our website, our app and our contact lens subscriptions.

2.2 "Manufacturer Partners" means the lens makers whose products are sold through the Service.

## 5. Rebates

5.5 If you claim a rebate, we send your name and proof of purchase to the Manufacturer Partner.
"""
    [partners] = [r for r in defined_recipients(fold(text)) if r.term == "Manufacturer Partners"]
    assert partners.kind is Kind.INTERESTED
    assert "data.sale" not in _flags(text, "5.5")


def test_the_reader_as_a_party_to_the_contract_is_no_recipient():
    """Business terms call the reader "Customer": a practice-management agreement "entered into between
    Halyard … and the physician practice identified on the Order Form ("Customer")" made every notice,
    export and licence given to the Customer a sale."""
    text = ("# Agreement\n\nThis Master Subscription Agreement is entered into between Halyard, Inc. and the "
            "physician practice identified on the Order Form (\"Customer\").\n\n## 7. Exit\n\n7.3 Halyard "
            "will provide an export of the records to Customer within 30 days.\n")
    assert not [r for r in defined_recipients(fold(text)) if r.term == "Customer"]
    assert "data.sale" not in _flags(text, "7.3")


def test_a_compound_word_is_no_member_writing() -> None:
    """An ECG programme's recordings "transferred to the Device Manufacturer for … post-market
    surveillance" read as members' posts, and the manufacturer as a paying client reading them."""
    text = ("# Notice\n\n## 2. Definitions\n\n2.1 \"Patch\" means the sensor supplied to you, manufactured "
            "by CardioWeave Devices Inc. (the \"Device Manufacturer\").\n\n## 7. Manufacturer\n\n7.1 "
            "Complete recordings are transferred to the Device Manufacturer for product improvement and "
            "post-market surveillance.\n")
    flags = [f for f in analyze(parse_text(text)).flags if f.clause_id == "7.1"]
    assert "data.client-access" not in {f.category for f in flags}
    assert "data.third-party-sharing" in {f.category for f in flags}


HEARING = """# App Terms

## 2. Definitions

2.1 "Coverage Network" means, for each user, the audiology clinic that fitted the aids and any insurer,
health plan or employer that pays for or subsidises the aids.

2.2 "Collaboration" means a paid advisory board or speaking engagement offered to you.

2.3 "Study Sponsors" means drug and device makers that commission a Collaboration.

## 5. Sharing

5.1 Your hearing test results and daily wear time are made available to the members of your Coverage
Network through our clinic portal.

5.2 Your access to the app may be arranged through your Coverage Network if it pays for your aids.

5.3 You are responsible for disclosing your financial relationships with Study Sponsors to your hospital.

## 6. Sharing with the Coverage Network and Others
"""


def test_data_handed_to_interested_recipients_no_rule_knows_is_sharing():
    """A CPAP maker's notice made nightly therapy data "available to the members of your Care Network",
    defined as the supplier, the clinician and the insurer that pays for the machine: no rule knows the
    name, and nothing was flagged. An insurer paying for the device pays for the member's care, not for
    the data."""
    [network] = [r for r in defined_recipients(fold(HEARING)) if r.term == "Coverage Network"]
    assert network.kind is Kind.INTERESTED
    assert set(_flags(HEARING, "5.1")) == {"data.third-party-sharing"}
    sharing = next(f for f in analyze(parse_text(HEARING)).flags if f.clause_id == "5.1")
    assert sharing.rule == "definition:coverage-network" and sharing.severity is Severity.CAUTION
    assert "defined in section 2.1" in sharing.reason


def test_no_sharing_is_read_where_the_name_is_no_recipient_of_data():
    """Access arranged through them, the member's own dealings with them, a heading naming them, and a
    sponsor of an activity the member is paid for (no buyer of data) hand them nothing."""
    assert not _flags(HEARING, "5.2") and "data.sale" not in _flags(HEARING, "5.3")
    [sponsors] = [r for r in defined_recipients(fold(HEARING)) if r.term == "Study Sponsors"]
    assert sponsors.kind is Kind.INTERESTED
    assert all(f.clause_id for f in analyze(parse_text(HEARING)).flags)


def test_a_recipient_named_as_the_doer_or_as_already_handed_data_is_not_handed_it_here():
    """Material "furnished or funded by a Knowledge Partner" comes from them, and data "already made
    available to your Coverage Network" is a limit of a right, said where the sharing is stated."""
    text = HEARING + (
        "\n6.1 Sponsored answers are summaries of product information furnished or funded by a Study "
        "Sponsor for display beside the answers you read in the app.\n\n6.2 Data that has already been "
        "made available to your Coverage Network cannot be withdrawn from those recipients afterwards.\n")
    read_by_definition = [f for f in analyze(parse_text(text)).flags if f.rule.startswith("definition:")]
    assert [f.clause_id for f in read_by_definition] == ["5.1"]


def test_a_definition_naming_only_a_kind_with_an_exception_is_named_by_its_examples():
    """"“Insights Subscribers” means organisations, other than Subscribing Institutions, that license the
    Benchmark, including … professional liability carriers and other insurers" was explained as "insights
    subscribers such as organisations, other than Subscribing Institutions"."""
    text = ('# Terms\n\n1.1 "Data Subscribers" means organisations, other than Member Hospitals, that '
            'license the Benchmark for a fee, including staffing consultancies and malpractice insurers.\n\n'
            '## 7. Benchmark\n\n7.1 The Benchmark, built from your answers, is made available to Data '
            'Subscribers.\n')
    members = recipient_members(defined_recipients(fold(text)))
    assert members["data subscribers"] == "staffing consultancies and malpractice insurers"


def test_interested_recipients_who_can_see_the_data_or_are_made_it_available_receive_it():
    """A sports platform's "Performance Staff", defined to include agents and the scouts of other clubs,
    "can see your Athlete Record"; a sensor company "makes them available to Insights Subscribers", defined
    as organisations holding a paid subscription, "which may include" insurers and property investors."""
    text = ('# Terms\n\n## 2. Definitions\n\n2.1 "Squad Staff" means the coaches of your club and any '
            'agent of another club that your club admits to the platform.\n\n2.2 "Data Subscribers" means '
            'organisations that hold a paid subscription to our reports, which may include insurers and '
            'property investors.\n\n## 6. Sharing\n\n6.1 Squad Staff can see your training record, including '
            'injury notes, as it is updated.\n\n6.2 We compile occupancy figures and makes them available to '
            'Data Subscribers each month.\n\n6.3 Some Squad Staff also extend access to trainees and '
            'volunteers at their club.\n')
    assert _flags(text, "6.1")["data.third-party-sharing"].rule == "definition:squad-staff"
    assert "data.sale" in _flags(text, "6.2")
    by_definition = [f.clause_id for f in analyze(parse_text(text)).flags if f.rule.startswith("definition:")]
    assert "6.3" not in by_definition
    members = recipient_members(defined_recipients(fold(text)))
    assert members["data subscribers"] == "insurers and property investors"


def test_a_report_delivered_to_each_member_of_a_circle_naming_the_school_is_sharing():
    """A teen mental-health app delivers a "Wellbeing Summary" "to each member of your Care Circle", defined
    as the parents and the school counsellor: the school is an outsider with interests of its own."""
    text = ('# Terms\n\n## 2. Definitions\n\n2.1 "Support Circle" means your parent or guardian and the '
            'school counsellor your school names.\n\n## 6. Summaries\n\n6.1 Every two weeks a progress '
            'summary of your check-ins is prepared and delivered to each member of your Support Circle.\n')
    assert _flags(text, "6.1")["data.third-party-sharing"].rule == "definition:support-circle"


def test_a_definition_listing_kinds_after_a_relative_clause_names_them_all():
    """A CPAP notice's "Care Network" was "the durable medical equipment company that supplied the Device
    (the "Supplier"), the prescribing clinician …, and any health plan … that pays for the Device": cut at
    its first "that", the explanation named the supplier alone and left out the insurer. An aside ("and,
    where the Client is of school age, the school district") no longer leaves a dangling "and"; a kind
    named only by examples is named by all of them, past their parentheses."""
    text = ('# Terms\n\n## 2. Definitions\n\n2.1 "Pump Network" means the pharmacy that dispensed your pump '
            '(the "Dispenser"), your endocrinologist and their clinic, and any insurer or employer that '
            'reimburses the pump.\n\n2.2 "Payer Recipients" means your health plan and, where you are a '
            'student, the school district that enrols you.\n\n2.3 "Local Partners" means organisations that '
            'the county approves, which may include a nursing service (currently Hillside Nursing), a '
            'pharmacy chain and food banks.\n\n2.4 "Site Partners" means firms that host the app, the '
            'portal and the website.\n')
    members = recipient_members(defined_recipients(fold(text)))
    assert members["pump network"] == (
        "the pharmacy, your endocrinologist and their clinic, any insurer or employer")
    assert members["payer recipients"] == "your health plan, the school district"
    assert members["local partners"] == "a nursing service, a pharmacy chain and food banks"
    assert "app" not in members.get("site partners", "")


def test_recipients_reached_by_a_second_to_their_staff_or_a_pronoun_are_handed_the_data():
    """A baby monitor's data went "to Research Collaborators, so that studies … can be carried out, and to
    Product Partners" (formula brands) with no flag: the verb lay too far back. An inhaler's scores were "made
    available to the Care Management Team of your Programme Sponsor" (the insurer), and a prior-authorization
    service's paying health plans "may view, download and retain" clinical notes after a comma and "it"."""
    text = "\n\n".join([
        "# Terms", "## 2. Definitions",
        '2.1 "Retail Partners" means manufacturers and retailers of infant formula and nursery goods.',
        '2.2 "Plan Sponsor" means the insurer or employer that funds your monitor.',
        '2.3 "Plan Client" means a health plan that holds a paid subscription to our dashboard.',
        "## 7. Sharing",
        "7.1 Nightly sleep summaries are made available to university researchers, so that studies of infant "
        "breathing and growth can be carried out over several years, and to Retail Partners, so that offers "
        "can be shown to you.",
        "7.2 Your weekly score is made available to the nurse coordinators of your Plan Sponsor through a "
        "dashboard.",
        "7.3 Where a plan is a Plan Client, it may view and retain the clinical notes you attach to a "
        "request.",
    ]) + "\n"
    assert _flags(text, "7.1")["data.third-party-sharing"].rule == "definition:retail-partners"
    assert _flags(text, "7.2")["data.third-party-sharing"].rule == "definition:plan-sponsor"
    assert _flags(text, "7.3")["data.client-access"].rule == "definition:plan-client"


def test_a_second_definition_run_on_in_the_same_sentence_is_read_and_a_recipients_own_agents_are_theirs():
    """"“Sponsor Insights” means the product that provides Insights Subscribers with feeds …, and “Insights
    Subscriber” means an organisation that has purchased access" hid the paying subscribers inside the first
    definition; and drug makers "and the agencies and service providers acting on their behalf" were read as
    the company's own service providers."""
    text = ('# Terms\n\n2.1 "Signal Feed" means our product that gives Feed Buyers digests of discussion, '
            'and "Feed Buyer" means an organisation that has purchased access to the Signal Feed.\n\n2.2 '
            '"Media Partners" means drug makers, and the agencies and service providers acting on their '
            'behalf.\n')
    found = {r.term: r.kind for r in defined_recipients(fold(text))}
    assert found == {"Feed Buyer": Kind.PAYING, "Media Partners": Kind.INTERESTED}


def test_co_pay_programmes_a_list_item_apart_and_responses_to_campaigns_hand_nothing_over():
    """A samples portal's drug makers, defined as companies "whose products or co-pay programmes are offered",
    were read as paying for data ("co-pay"); an ADHD game's list of what it collects, "the diagnosis provided
    by the Care Team; the Coverage Partner's name", sold data to the insurer; and a donor app's score built
    from "your responses to Awareness Campaigns" let sponsors read what members write."""
    text = "\n\n".join([
        "# Terms", "## 1. Definitions",
        '1.1 "Supplying Manufacturer" means each drug company whose products or co-pay programmes are '
        "offered through the portal.",
        '1.2 "Plan Partner" means the insurer or health plan that pays for all or part of the child\'s '
        "prescription.",
        '1.3 "Campaign Sponsors" means companies and charities that fund awareness campaigns.',
        "## 7. Data",
        "7.1 We collect the diagnosis details provided by the clinic; the Plan Partner's name and the member "
        "number.",
        "7.2 Your engagement score, built from your responses to campaigns, may be shared with Campaign "
        "Sponsors.",
    ]) + "\n"
    kinds = {r.term: r.kind for r in defined_recipients(fold(text))}
    assert kinds["Supplying Manufacturer"] is Kind.INTERESTED and kinds["Plan Partner"] is Kind.INTERESTED
    assert not {"data.sale", "data.third-party-sharing"} & set(_flags(text, "7.1"))
    assert "data.client-access" not in _flags(text, "7.2")


def test_the_member_taken_out_of_what_recipients_get_hands_them_nothing():
    """A calling app's opt-out ("your account is removed from the Practice Signals made available to
    Commercial Partners") was read as sharing with them, and its comparison reported deleting the opt-out as
    "[better] Removes the provision sharing personal data"."""
    text = ('# Terms\n\n2.1 "Media Partners" means drug and device makers.\n\n## 13. Choices\n\n13.1 You can '
            'turn off referral signals in Settings. Within 30 days your account is removed from the signals '
            'made available to Media Partners.\n')
    assert "data.third-party-sharing" not in _flags(text, "13.1")


def test_an_employer_giving_the_member_access_under_its_subscription_buys_nothing_of_theirs():
    """An AI assistant's terms defined "Employer" as the hospital "that provides you with access to Halcyon
    Consult under an enterprise subscription": the subscription read as payment for data, and a clause on
    seat administration headed the summary as a sale to the employer."""
    text = ('# Terms\n\n2.1 "Employer" means the hospital or clinic that provides you with access to the '
            'Service under an enterprise subscription.\n\n## 3. Seats\n\n3.1 If your access is provided by '
            "your Employer, your Employer's administrator may assign and withdraw seats.\n")
    assert "data.sale" not in _flags(text, "3.1")


def test_what_is_displayed_to_paying_recipients_is_access_sold():
    """A job network's "Career Interest Score … displayed to Talent Partners in search results", Talent
    Partners defined by their paid subscription, read as sharing at most; what a payer sees of the member's
    own use ("a Sponsor may view the balance") stays as the rules read it."""
    text = ('# Terms\n\n2.1 "Talent Partner" means a recruiting firm that holds a paid subscription.\n\n'
            '## 10. Scores\n\n10.1 We compute an availability score for each Member, which is displayed to '
            'Talent Partners in search results.\n')
    assert "data.sale" in _flags(text, "10.1")
    wallet = ('# Terms\n\n2.1 "Sponsor" means a relative who pays for your visits.\n\n## 6. Wallet\n\n6.1 A '
              'Sponsor may view in the portal the amount deposited and the balance remaining.\n')
    assert "data.sale" not in _flags(wallet, "6.1")


def test_data_bought_is_sold_and_what_they_receive_none_of_is_not():
    """A rotation marketplace's "Programme Subscribers may purchase "Score Extracts", which are files
    listing …" had no flag; a bedside service's "Education Sponsors receive no breakdown by hospital, ward,
    bed or diagnosis" and "receive only … the total number of times it was played" read as sharing."""
    head = ('# Terms\n\n2.1 "Programme Subscriber" means a residency programme that holds a paid '
            'subscription.\n\n')
    bought = parse_text(head + '## 6. Scores\n\n6.2 Programme Subscribers may purchase "Score Extracts", '
                               'which are files listing the scores of all students they search for.\n')
    assert "data.sale" in {f.category for f in analyze(bought).flags if f.clause_id == "6.2"}
    sponsors = ('# Terms\n\n2.1 "Education Sponsors" means drug makers that fund videos.\n\n'
                '## 7. Sponsors\n\n7.2 Education Sponsors receive only the total number of times each '
                'video was played.\n\n7.3 Education Sponsors receive no breakdown by ward or diagnosis.\n')
    flags = analyze(parse_text(sponsors)).flags
    assert not [f for f in flags if f.clause_id in ("7.2", "7.3") and f.category != "data.sensitive"]
    assert all(f.severity is Severity.INFO for f in flags if f.category == "data.sensitive")


def test_datasets_handed_over_beside_statistics_are_records():
    """An incident-reporting app's "compile Reports, with names … removed, into pooled datasets and derived
    statistics, which are made available … to Insights Subscribers" (paid) read as statistics only."""
    text = ('# Terms\n\n2.1 "Insights Subscribers" means hospitals and insurers that pay for the Benchmark '
            'Service.\n\n## 6. Benchmarks\n\n6.4 We may compile reports into pooled datasets and derived '
            'statistics, which are made available to Insights Subscribers.\n')
    assert "data.sale" in _flags(text, "6.4")


def test_a_sponsor_that_pays_for_or_otherwise_provides_the_seat_buys_no_data():
    """A course app's "Sponsor" ("an employer … that pays for or otherwise provides your seat") made "the
    Sponsor can see that your seat is active" a sale."""
    text = ('# Terms\n\n2.1 "Sponsor" means an employer or other organisation that pays for or otherwise '
            'provides your seat.\n\n## 9. Sponsors\n\n9.2 If a Sponsor provides your seat, the Sponsor can '
            'see that your seat is active and which courses you are enrolled in.\n')
    assert "data.sale" not in _flags(text, "9.2")


def test_a_school_that_pays_for_or_arranges_a_familys_access_buys_no_data():
    """A speech-therapy app's "Sponsoring Organisation" ("a school … that pays for, or arranges, a family's
    access") made school staff given access to a child's records a sale, the recipients read as "…, a family's
    access to Chatterbloom"."""
    text = ('# Terms\n\n1.1 "Sponsoring Organisation" means a school or school district that pays for, or '
            "arranges, a family's access to the App.\n\n## 9. Schools\n\n9.3 Where an account is provided "
            'through a Sponsoring Organisation, staff designated by that organisation are given access to '
            "the child's progress reports and session notes.\n")
    flags = _flags(text, "9.3")
    assert "data.sale" not in flags
    assert "data.third-party-sharing" in flags


def test_a_sponsor_that_pays_for_authorises_or_arranges_a_patients_programme_buys_no_data():
    """A physiotherapy app's "Programme Sponsor" ("any person other than you who pays for, authorises or
    arranges your Programme", an employer or a workers' compensation insurer) made the weekly reports it
    receives a sale (its two verbs between "pays for" and the programme were not read)."""
    text = ('# Terms\n\n2.3 "Programme Sponsor" means any person other than you who pays for, authorises or '
            "arranges your Programme, including an employer or a workers' compensation insurer.\n\n## 6. "
            "Sharing\n\n6.3 A weekly summary of your pain ratings and completed sessions is made available "
            "to the Programme Sponsor.\n")
    flags = _flags(text, "6.3")
    assert "data.sale" not in flags
    assert "data.third-party-sharing" in flags


def test_a_paying_employers_users_able_to_view_every_review_read_members_words():
    """A nurses' review site's "Authorized Users" (the recruiters and HR staff of a "Subscribing Employer",
    which pays for Employer Insights) "are able to view, search, filter, and export every Review": the product
    the community lives on had no flag (three words before the verb, and reviews were no members' words)."""
    text = ('# Terms\n\n1.2 "Subscribing Employer" means a hospital that holds a paid subscription to '
            'Employer Insights. "Authorized Users" means the recruiters and human resources staff whom a '
            "Subscribing Employer designates.\n\n## 7. Employer Insights\n\n7.2 Through Employer Insights, "
            "Authorized Users are able to view, search, filter, and export every Review that relates to any "
            "facility of the Subscribing Employer.\n")
    assert "data.client-access" in _flags(text, "7.2")


def test_a_sponsor_furnished_with_reports_on_each_listener_receives_them():
    """A podcast app's drug-maker "Sponsor" "is furnished with Engagement Reports" naming each listener: the
    passive of furnishing was no receiving, and the business the app lives on had no flag."""
    text = ('# Terms\n\n2.2 "Sponsor" means a manufacturer of prescription medicines that funds one or more '
            "Episodes.\n\n## 4. Sponsors\n\n4.2 Each Sponsor is furnished with reports setting out, for each "
            "listener, the listener's name, specialty and minutes played.\n")
    assert "data.third-party-sharing" in _flags(text, "4.2")


def test_a_listed_recipient_which_receives_the_data_receives_it():
    """A smart pill cap's list "made available … to: - the Programme Sponsor, which receives the date and time
    of every opening …" named the drug maker with no flag (a relative "which" before the verb)."""
    text = ('# Terms\n\n- "Programme Sponsor" means Merivane Pharmaceuticals LLC, the maker of the medicine, '
            "which funds the Programme.\n\n## 11. Sharing\n\n11.1 Dose events are made available to:\n\n"
            "- the Programme Sponsor, which receives the time of every opening and every missed dose.\n")
    flags = {f.category for f in analyze(parse_text(text)).flags if f.clause_id.startswith("11.1")}
    assert "data.third-party-sharing" in flags


def test_what_the_company_receives_is_not_handed_to_a_defined_recipient():
    """An expert network's "Once we have received your request, your employer will not be named to any Client"
    (a right to keep the employer's name back) was flagged as sharing with Clients."""
    text = ('# Terms\n\n1.2 "Client" means a hedge fund, asset manager or consultancy that pays us for '
            'access to the Network.\n\n## 4. Consultations\n\n4.3 You may ask us to keep your employer\'s '
            'name back. Once we have received your request, your employer will not be named to any Client.\n')
    assert not {"data.third-party-sharing", "data.sale"} & set(_flags(text, "4.3"))


def test_members_of_a_paying_kind_an_insurance_cover_and_data_offered_to_subscribers():
    """Three readings of round 53's documents: a pathology network's "Industry Members" (drug makers holding a
    paid subscription) were no recipients at all, their last word being "Members"; a fleet app's "Carrier
    Insurer" that underwrites "workers' compensation" was read as paying (the cover, not a payment); and
    "Insights Data … is offered to Insights Subscribers on a subscription basis" handed nothing over."""
    text = ('# Terms\n\n1.5 "Industry Members" means drug makers and diagnostics companies that hold a paid '
            'Insight Subscription.\n\n1.6 "Carrier Insurer" means any insurer that underwrites your '
            "Carrier's auto liability or workers' compensation cover.\n\n1.7 \"Insights Subscribers\" means "
            'insurers and freight brokers holding a paid subscription.\n\n## 5. Cases\n\n5.2 Case '
            'Discussions are also made available to Industry Members.\n\n## 9. Insights\n\n9.2 Insights Data '
            'is offered to Insights Subscribers on a subscription basis.\n')
    found = {r.term: r.kind for r in defined_recipients(fold(text))}
    assert found == {"Industry Members": Kind.PAYING, "Carrier Insurer": Kind.INTERESTED,
                     "Insights Subscribers": Kind.PAYING}
    assert "data.sale" in _flags(text, "5.2")
    assert "data.sale" in _flags(text, "9.2")


NETWORK = """# Terms

## 3. How the network is funded

3.1 The network is funded by organisations that subscribe as "Enterprise Members". They include makers of
implants and drugs, hospital groups and physician search firms.

3.2 Enterprise Members may read discussion threads, including threads you post in.

3.3 Members who join as "Premium Members" get extra courses.
"""


def test_recipients_named_by_the_verb_that_makes_them_so_are_defined():
    """"Organisations that subscribe as "Enterprise Members"" defined paying readers no form was read
    as: "Enterprise Members may read discussion threads" went unflagged, the product's central case."""
    found = {r.term: r.kind for r in defined_recipients(fold(NETWORK))}
    assert found == {"Enterprise Members": Kind.PAYING}   # (members who join are the reader)
    access = _flags(NETWORK, "3.2")["data.client-access"]
    assert access.severity is Severity.CONCERN
    assert access.rule == "definition:enterprise-members"
    # the sentence after the definition says who they are
    assert ("enterprise members such as makers of implants and drugs, hospital groups and physician search "
            "firms") in access.explanation

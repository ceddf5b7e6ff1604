"""The default rule pack: complete taxonomy, own examples, negation on the team's own sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from terms.flagging import flag_text
from terms.rulepacks import default_pack
from terms.topics import load_topics

# DESIGN.md §3, in the table's order.
TAXONOMY = (
    "data.collection", "data.third-party-sharing", "data.sale", "data.client-access", "data.content-license",
    "data.monitoring", "data.profiling", "data.anonymization", "data.advertising", "data.tracking",
    "data.research", "data.retention", "data.business-transfer", "data.legal-disclosure",
    "data.international-transfer", "data.sensitive", "data.security", "rights.choice",
    "rights.access-deletion", "rights.no-sale", "rights.limited-use", "rights.content-ownership",
    "terms.changes", "terms.unilateral-termination", "terms.content-removal",
    "terms.limitation-of-liability", "terms.contract-by-using", "terms.choice-of-law",
    "terms.jurisdiction", "terms.arbitration",
)
OWN_DEV = Path(__file__).parent / "data" / "own_dev"


def test_every_design_category_is_defined_with_an_explanation() -> None:
    pack = default_pack()
    assert set(pack.categories) == set(TAXONOMY)
    for category in pack.categories.values():
        assert len(category.explanation) > 60, category.id
        assert category.group.value == category.id.split(".")[0]


def test_every_category_has_a_rule_and_every_rule_has_examples() -> None:
    pack = default_pack()
    fired = {r.category for r in pack.rules} | {r.negation for r in pack.rules}
    assert set(TAXONOMY) <= fired
    for rule in pack.rules:
        assert rule.match_examples and rule.no_match_examples, rule.id


def test_topics_named_by_categories_exist() -> None:
    topic_ids = {t.id for t in load_topics()}
    for category in default_pack().categories.values():
        assert set(category.topics) <= topic_ids, category.id


def test_top_priorities_are_the_provisions_the_product_exists_for() -> None:
    pack = default_pack()
    ranked = sorted(pack.categories.values(), key=lambda c: -c.priority)
    assert [c.id for c in ranked[:4]] == ["data.client-access", "data.sale", "data.content-license",
                                         "data.monitoring"]


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("We do not sell your data.", "rights.no-sale", "data.sale"),
    ("No client can see your posts.", None, "data.client-access"),
    ("Other members can see your posts.", None, "data.client-access"),
    ("Clients may read the posts members write.", "data.client-access", None),
    ("Our clients purchase access to the discussions.", "data.sale", None),
    ("We do not sell your data, but we share it with partners.", "data.third-party-sharing", "data.sale"),
    # a list of verbs after one negation is denied as a whole, not only its first verb
    ("We do not sell, share, rent or trade the contact details you give us.", "rights.no-sale", "data.sale"),
    ("Your personal details will never, ever be shared, sold or given away.", "rights.no-sale", "data.sale"),
    ("We do not sell, trade or otherwise transfer your details to outside companies.", "rights.no-sale",
     "data.third-party-sharing"),
    # denials the negation cues do not reach
    ("Under no circumstances will your posts be sold to advertisers.", "rights.no-sale", "data.sale"),
    ("We are not in the business of selling member data.", "rights.no-sale", "data.sale"),
    ("None of the details members give us are sold to outside companies.", "rights.no-sale",
     "data.third-party-sharing"),
    # a predicate joined by "or" to the denied one is denied too; one with a subject of its own is not
    ("We do not publish your contact details on the forum, or share them with any third party.",
     "rights.no-sale", "data.third-party-sharing"),
    ("We never lend, swap, or otherwise make available to any business the information provided by members.",
     "rights.no-sale", "data.third-party-sharing"),
    ("We might not answer every message, or we may forward your data to our insurers.",
     "data.third-party-sharing", None),
    ("It is not the policy of the network to rent member lists.", "rights.no-sale", "data.sale"),
    ("The network does not carry out this kind of automated decision-making.", None, "data.profiling"),
    # the purpose of a denied use, however far from the cue; not after an exception
    ("We never use the content of your posts to select, rank or target advertisements.",
     "rights.limited-use", "data.advertising"),
    ("We don't use your location data except to show you targeted ads.", "data.advertising", None),
    ("We do not use your health data, as described in Section 2.2, to select, target or personalise "
     "advertising.", "rights.limited-use", "data.advertising"),
    # what the company stops doing is denied; what the member asks it to stop is not
    ("We no longer share your information with data brokers.", "rights.no-sale", "data.third-party-sharing"),
    ("If you turn off personalised ads, we stop sharing your device identifiers with advertising partners.",
     "rights.no-sale", "data.advertising"),
    ("You can ask us to stop sharing your data with partners.", "data.third-party-sharing", "rights.no-sale"),
    ("We keep your data until it is no longer needed.", "data.retention", None),
    # look-alikes of a sale
    ("We protect the trade secrets of our sponsors and their information.", None, "data.sale"),
    ("You may not copy, resell or distribute the articles and data on the site.", None, "data.sale"),
    # ... but a restriction on members does not hide a sale by the company in the same sentence
    ("Members will not be told when we sell their data to brokers.", "data.sale", None),
    # a cue's clause ends at a comma and a new subject; an aside inside it does not end it
    ("Because these records do not name you, we may use and disclose that information for any purpose.",
     "data.third-party-sharing", "rights.no-sale"),
    ("We do not, in any circumstances, sell your data.", "rights.no-sale", "data.sale"),
    # the company's listed acts, sharing among them
    ("We may preserve, use, share, or disclose your information to respond to a court order.",
     "data.third-party-sharing", None),
    # the member's choices and the company's own, told apart
    ("We decide whether to show you targeted ads based on your activity.", "data.advertising", None),
    ("When you choose to share your location, we share it with our advertising partners.",
     "data.third-party-sharing", None),
    ("We share information collected by our apps with our advertising partners.",
     "data.third-party-sharing", None),
    ("You have a right to end this agreement at any time by deleting your account.", None,
     "terms.unilateral-termination"),
    ("We store your data as necessary to provide the Services.", None, "data.retention"),
    # who is not let do it, and who is let off a denial, stand between the cue and its verb
    ("We do not permit Insight Partners to use your answers to make promotional calls.", None,
     "data.advertising"),
    ("We do not allow advertisers to build profiles of you.", None, "data.profiling"),
    ("No one outside your care team can read your secure messages.", "rights.limited-use",
     "data.monitoring"),
    ("Nobody can read your messages.", None, "data.monitoring"),
    ("We never share Portal information with advertising networks, and we do not allow any advertising to "
     "appear inside the Portal.", None, "data.advertising"),
    # what a deletion does not reach still happened
    ("Deleting your account does not affect information already disclosed to our marketing partners.",
     "data.third-party-sharing", "rights.no-sale"),
    # the name of an opt-out link promises nothing; a sale as the law counts it is admitted
    ('Use the "Do Not Sell or Share My Personal Information" link in the footer.', None, "rights.no-sale"),
    ('We disclose some personal information to advertising partners in ways that may be considered a '
     '"sale" under California law.', "data.sale", None),
])
def test_negation_and_look_alikes(text: str, expected: str | None, absent: str | None) -> None:
    found = {f.category for f in flag_text(text)}
    if expected:
        assert expected in found
    if absent:
        assert absent not in found


@pytest.mark.parametrize(("text", "expected", "absent"), [
    # collection is the company's own: not a widget's, not a table of contents, not the member's request
    ("We use the contact details in your profile to send you account notices.", "data.collection", None),
    ("Embedded video players from other websites may collect your IP address.", None, "data.collection"),
    ("This notice explains how we collect, use and share information about members.", None,
     "data.collection"),
    ("You may request a copy of the information we hold about you.", None, "data.collection"),
    # sharing needs the data named for weak verbs, and links or hosted content are no disclosure
    ("We may release account details to another company.", "data.third-party-sharing", None),
    # ... and data given to a buyer of the business goes with the business (data.business-transfer)
    ("We may release account details to a buyer of the business.", "data.business-transfer",
     "data.third-party-sharing"),
    ("Some of the videos on the site are provided by third parties.", None, "data.third-party-sharing"),
    ("Our vendors provide hosting and payment services.", None, "data.third-party-sharing"),
    ("We share your data with partners and store it on servers in the US.", "data.third-party-sharing", None),
    ("We use your history to tailor ads and to manage our campaigns.", "data.advertising", None),
    # safeguards, not liability clauses, URLs or card data called "sensitive"
    ("We are not liable for unauthorised access to your account.", None, "data.security"),
    ("The current terms are always at https://example.org/terms.", None, "data.security"),
    ("Sensitive information such as card numbers is encrypted.", "data.security", "data.sensitive"),
    ("We keep patient records on encrypted servers.", "data.sensitive", None),
    # a definition of a cookie says nothing about this service
    ("Cookies are small text files that a website stores in your browser.", None, "data.tracking"),
    ("We use cookies to keep you signed in.", "data.tracking", None),
    # the law named only in general is no disclosure to authorities; a demand from them is
    ("We keep your records as long as we need them to run the service, or as required by law.", None,
     "data.legal-disclosure"),
    ("We will give notice of changes by e-mail where the law requires it.", None, "data.legal-disclosure"),
    ("We disclose member records when the law requires us to.", "data.legal-disclosure", None),
    ("Account details may be handed to the relevant authorities if we suspect fraud.",
     "data.legal-disclosure", None),
    # a right to ask who received data, and disclaimers of linked sites, disclose nothing
    ("You may request a list of the companies that received your details for their mailings.", None,
     "data.third-party-sharing"),
    ("We are not responsible for the privacy practices of sites that our pages link to.", None,
     "data.third-party-sharing"),
    ("Posts you delete may stay visible where you have shared them with others.", None,
     "data.third-party-sharing"),
    ("Companies that provide services to us may have access to information about you.",
     "data.third-party-sharing", None),
    # a word-bounded exception: "we require that…" is a demand on others, not collection
    ("We require that these contractors keep member information confidential.", None, "data.collection"),
    ("How do we gather and use your information?", None, "data.collection"),
    ("MedBoard collects information from members when they book a consultation.", "data.collection", None),
    # marketing sent to the member is advertising use; running a contest is not
    ("From time to time we may send you marketing e-mails about our seminars.", "data.advertising", None),
    ("We use the details you enter only to run the contest and to reach the winner.", None,
     "data.advertising"),
    # research: not an e-mail address, nor the reader understanding the policy
    ("Write to webmaster@research.example.org with questions about this notice.", None, "data.research"),
    ("Please read this notice carefully to understand what we collect.", None, "data.research"),
    ("We analyse usage data to find pages that load slowly.", "data.research", None),
    # a menu's "list of your choices" is no control over data
    ("When you configure a bike we show a complete list of your choices and the price.", None,
     "rights.choice"),
])
def test_data_use_precision_look_alikes(text: str, expected: str | None, absent: str | None) -> None:
    """Sentence shapes that used to raise a data-use flag they do not state (issue 3)."""
    found = {f.category for f in flag_text(text)}
    if expected:
        assert expected in found
    if absent:
        assert absent not in found


def test_own_train_sentences_negation_error_is_low() -> None:
    rows = [json.loads(line) for line in (OWN_DEV / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    # A denial with an exception ("not ... except to our clients") really is a sale: not an error.
    denials = [r for r in rows if "rights.no-sale" in r["gold"] and "data.sale" not in r["gold"]]
    wrong = [r["id"] for r in denials if "data.sale" in {f.category for f in flag_text(r["text"])}]
    assert len(wrong) <= len(denials) * 0.05, wrong


def test_examples_are_not_copied_from_the_labelled_data(shared_data: Path) -> None:
    examples = {e.text.strip().lower() for r in default_pack().rules
                for e in (*r.match_examples, *r.no_match_examples, *r.negated_examples)}
    for path in shared_data.glob("*/*.jsonl"):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line)["text"].strip().lower()
                assert text not in examples, f"{path.name}: {text[:60]}"


@pytest.mark.parametrize(("text", "expected", "absent"), [
    # a promise to limit use is the company's, about data: not a rule for members
    ("Do not use the platform to harass other people.", None, "rights.limited-use"),
    ("You agree that you will not use the software to break export laws.", None, "rights.limited-use"),
    ("On the paid plan you won't see ads; we do not use your data for ads.", "rights.limited-use", None),
    # profiling is the company building a profile about the person, not the member making their own
    ("You set up your Jobnet profile in a few minutes.", None, "data.profiling"),
    ("You choose a profile name when you join the help forum.", None, "data.profiling"),
    ("Our legitimate interests are to run and maintain the app.", None, "data.profiling"),
    # ... nor a right against it, however worded (a GDPR notice's "the right to object to processing …,
    # including profiling" was its summary's evidence that "a profile is built about you")
    ("You may object to being subject to profiling that has legal effects.", None, "data.profiling"),
    ("You have the right to object to processing of your personal data, including profiling.", None,
     "data.profiling"),
    ("Everyone has the right not to be subject to profiling with legal effects.", None, "data.profiling"),
    ("We infer your interests from the pages you visit.", "data.profiling", None),
    # the member closing their own account, and sections that survive the contract, are no closure at will
    ("You can also leave at any time by deleting your account.", None, "terms.unilateral-termination"),
    ("If you choose to close your account, your posts disappear within a day.", None,
     "terms.unilateral-termination"),
    ("Sections 3 and 8 will survive any termination of these terms.", None, "terms.unilateral-termination"),
    ("We may close your account at any time for any reason.", "terms.unilateral-termination", None),
    ("If you close your account or we close your account, unused credits lapse.",
     "terms.unilateral-termination", None),
    ("If you stop signing in for two years, your account may be deactivated.", "terms.unilateral-termination",
     None),
    # "a court of competent jurisdiction" names no court the company chose
    ("Either side may seek relief in any court of competent jurisdiction.", None, "terms.jurisdiction"),
    ("Disputes will be heard only in the courts located in Dublin.", "terms.jurisdiction", None),
    # marketing sent to the member is information, not a concern about ads chosen with their data
    ("We may also send you promotional e-mails from our partners.", "data.advertising", None),
    ("Your customer logo may appear in our marketing materials once you approve it in writing.", None,
     "data.advertising"),
    # data coming in, what other people do, and a security warning are no disclosure by the company
    ("We also receive information about you from people who invite you.", None, "data.third-party-sharing"),
    ("A friend who got your photo may have kept a copy of it.", None, "data.third-party-sharing"),
    ("Messages you or others exchange with the assistant feature.", None, "data.third-party-sharing"),
    ("Texts sent unencrypted could be intercepted and disclosed to unauthorised third parties.", None,
     "data.third-party-sharing"),
    ("We share information about you with our advertising partners.", "data.third-party-sharing", None),
    # a carve-out that keeps liability, and a glossary's definitions, limit no liability
    ("These terms don't limit liability for:", None, "terms.limitation-of-liability"),
    ("Indemnity: a provision that limits what one party must pay the other.", None,
     "terms.limitation-of-liability"),
    ("We are not liable for losses, whether or not they were foreseeable.", "terms.limitation-of-liability",
     None),
    # rights over the data, and questions about collection, are no collection
    ("Where we rely on consent you have the right to withdraw it, and to object to what we process.", None,
     "data.collection"),
    # the company deleting content at its discretion is no right of the member to delete
    ("We may, in our sole discretion, delete or remove your content at any time.", None,
     "rights.access-deletion"),
    ("You may delete your content at any time.", "rights.access-deletion", None),
])
def test_real_document_false_flags(text: str, expected: str | None, absent: str | None) -> None:
    """Sentence shapes a QA reading of real documents found flagged for what they do not say."""
    found = {f.category for f in flag_text(text)}
    if expected:
        assert expected in found
    if absent:
        assert absent not in found


@pytest.mark.parametrize(("text", "expected"), [
    ("Through your workplace scheme we send your daily steps and goals reached to your employer.",
     "data.third-party-sharing"),
    ("Business customers can export some details from your profile, such as your job title.",
     "data.client-access"),
    ("Some records are kept even after you have closed your account, to handle disputes.", "data.retention"),
    ("Settings offer tools to view, download and delete your information.", "rights.access-deletion"),
])
def test_provisions_the_qa_found_missed(text: str, expected: str) -> None:
    assert expected in {f.category for f in flag_text(text)}


def test_a_cookie_outliving_the_browser_session_is_no_retention() -> None:
    text = "Some cookies stay on your computer after you have closed your browser."
    assert "data.retention" not in {f.category for f in flag_text(text)}


@pytest.mark.parametrize(("text", "severity"), [
    ("For sending marketing communications to you.", "info"),
    ("We send you direct marketing about our products.", "info"),
    ("We use your reading history to choose the ads you see.", "concern"),
])
def test_marketing_to_the_member_is_information(text: str, severity: str) -> None:
    found = {f.severity.value for f in flag_text(text) if f.category == "data.advertising"}
    assert found == {severity}


def test_a_list_lead_in_names_who_receives_what_its_items_list() -> None:
    """"Our Research Clients receive:" before "(b) a feed containing the full text of member posts":
    neither alone says that clients read posts, together they do."""
    from terms.flagging import analyze
    from terms.parsing import parse_text

    document = parse_text("# Terms\n\n## 1. Partners\n\n1.1 Our Research Clients receive:\n\n"
                          "(a) monthly reports on member sentiment; and\n\n"
                          "(b) a feed containing the full text of member posts that mention their "
                          "products.\n\n1.2 Members may use:\n\n(a) the full text of member posts in their "
                          "own research.\n",
                          source="terms.md")
    flagged = {(f.clause_id, f.category) for f in analyze(document).flags}
    assert ("1.1(b)", "data.client-access") in flagged
    # a lead-in naming no one who pays adds nothing
    assert not {c for c, category in flagged if category == "data.client-access"} & {"1.2(a)", "1.1"}


def test_a_list_lead_in_that_shares_makes_an_authority_in_an_item_a_legal_disclosure() -> None:
    """A reviewer's health-data notice listed "government authorities, when the law requires us to"
    under "We share consumer health data with:" and had no legal-disclosure flag at all."""
    from terms.flagging import analyze
    from terms.parsing import parse_text

    document = parse_text("# Notice\n\n## 5. Sharing\n\nWe share consumer health data with:\n\n"
                          "- our processors, under contract;\n- government authorities, when the law "
                          "requires us to.\n", source="notice.md")
    legal = {f.clause_id for f in analyze(document).flags if f.category == "data.legal-disclosure"}
    assert legal == {"5/i2"}


def test_a_negated_flag_is_called_by_its_own_category_not_by_the_rule_that_matched() -> None:
    """A rule's own title and explanation describe what it matches ("Your employer or managers may see
    what you record"): said of the promise its negation files, they told the reader the opposite."""
    [flag] = [f for f in flag_text("We do not share your records with your employer.")
              if f.rule == "sharing.employer-sees-your-data"]
    pack = default_pack()
    assert flag.category == "rights.limited-use"
    assert pack.title_of(flag.category, flag.rule) == pack.categories["rights.limited-use"].title
    assert "may see" not in flag.explanation

"""Way outs offered with the default pack: each test is one kind of wrong link found by reading the
links made on real privacy policies (terms/flagging/way_outs.py), in our own words."""

from __future__ import annotations

import pytest

from terms.flagging import analyze
from terms.model import Flag
from terms.parsing import parse_text


def _flags(markdown: str, category: str) -> list[Flag]:
    found = [f for f in analyze(parse_text(markdown)).flags if f.category == category]
    assert found, f"no {category} flag: the test's premise is gone"
    return found


def _exits(markdown: str) -> set[str]:
    """Ids of the clauses the default pack reads as choices or deletion rights."""
    return {f.clause_id for f in analyze(parse_text(markdown)).flags
            if f.category in ("rights.choice", "rights.access-deletion")}


@pytest.mark.parametrize("exit_text", [
    "You can opt out of targeted advertising in your settings.",
    # ads named beside an e-mail opt-out are still ads
    "You can turn off personalised ads and unsubscribe from our marketing e-mails in your settings.",
])
def test_an_ads_opt_out_is_the_way_out_of_ads(exit_text: str) -> None:
    text = ("# Advertising\n\nWe use your browsing history to show you targeted ads from our advertising "
            f"partners.\n\n# Your choices\n\n{exit_text}\n")
    [ads] = _flags(text, "data.advertising")
    assert ads.way_out == ("your-choices/p1",)


def test_updating_a_profile_is_no_way_out_of_profiling() -> None:
    text = ("# Profiling\n\nWe use automated decision-making to build a profile of your interests and "
            "rank your posts.\n\n# Your choices\n\nYou can update the information in your profile at any "
            "time in your settings.\n")
    assert "your-choices/p1" in _exits(text)
    for flag in _flags(text, "data.profiling"):
        assert flag.way_out == ()


@pytest.mark.parametrize("exit_text", [
    "You can unsubscribe from our marketing e-mails at any time.",
    "You can opt out of receiving promotional messages from us in your settings.",
])
def test_an_opt_out_of_marketing_messages_is_no_way_out_of_ad_targeting(exit_text: str) -> None:
    text = ("# Advertising\n\nWe use your browsing history to show you targeted ads from our advertising "
            f"partners.\n\n# Your choices\n\n{exit_text}\n")
    assert "your-choices/p1" in _exits(text)
    [ads] = _flags(text, "data.advertising")
    assert ads.way_out == ()


def test_the_californian_opt_out_of_sale_or_sharing_answers_ad_sharing_only() -> None:
    text = ("# Sharing\n\nWe share your personal information with research partners who study "
            "health trends.\n\nWe share your personal information with advertising partners who "
            "show you ads.\n\n# California\n\nYou can opt out of the sale or sharing of your personal "
            "information by using the link in our footer.\n")
    assert "california/p1" in _exits(text)
    ways = {f.clause_id: f.way_out for f in _flags(text, "data.third-party-sharing")}
    assert "california/p1" not in ways["sharing/p1"]
    assert "california/p1" in ways["sharing/p2"]


def test_a_disclosure_nobody_can_refuse_gets_no_way_out() -> None:
    text = ("# Sharing\n\nWe disclose your personal information to service providers who host our "
            "servers.\n\nYou can opt out of sharing your personal information with partners in your "
            "settings.\n")
    ways = {f.clause_id: f.way_out for f in _flags(text, "data.third-party-sharing")}
    assert ways["sharing/p1"] == ()


@pytest.mark.parametrize("denial", [
    # a clause that denies the choice (flagged as a denied right)
    "Every profile is included in the Insights reports, and physicians cannot opt out of inclusion.",
    # a denied choice beside one it offers: only the offered one counts, and it is about something else
    "Physicians cannot opt out of the Insights reports, but you can opt out of marketing e-mails in your "
    "settings.",
])
def test_a_choice_the_document_denies_is_no_way_out(denial: str) -> None:
    """A ratings site's sale of physicians' reviews was given, as its way out, the clause saying
    physicians cannot opt out of the reports."""
    text = ("# Insights\n\nWe sell subscriptions to the Insights reports, which show hospitals and "
            f"insurers each physician's ratings.\n\n{denial}\n")
    [sale] = _flags(text, "data.sale")
    assert sale.way_out == ()


def test_a_choice_offered_to_those_who_cannot_use_another_still_counts() -> None:
    text = ("# Insights\n\nWe sell subscriptions to the Insights reports, which show hospitals and "
            "insurers each physician's ratings.\n\nYou can opt out of the sale of your ratings in your "
            "settings; if you cannot opt out online, write to us.\n")
    [sale] = _flags(text, "data.sale")
    assert sale.way_out == ("insights/p2",)


def test_deleting_data_is_a_way_out_of_keeping_it_not_of_sharing_it() -> None:
    text = ("# Sharing\n\nWe may share your personal information with marketing partners.\n\n"
            "# Keeping\n\nWe keep your personal information for five years after you close your "
            "account.\n\n# Your rights\n\nYou can delete the personal information we retain or "
            "disclose to partners from your account page.\n")
    assert "your-rights/p1" in _exits(text)
    sharing = {f.clause_id: f.way_out for f in _flags(text, "data.third-party-sharing")}
    assert "your-rights/p1" not in sharing["sharing/p1"]
    keeping = {f.clause_id: f.way_out for f in _flags(text, "data.retention")}
    assert "your-rights/p1" in keeping["keeping/p1"]


def test_a_denial_is_no_offer() -> None:
    """"We do not sell your data" beside an opt-out of something else is no way out of a sale."""
    text = ("# Partners\n\nWe may sell your e-mail address to partners.\n\n# Your choices\n\nWe do "
            "not sell your health data. You can opt out of targeted ads in your settings.\n")
    assert "your-choices/p1" in _exits(text)
    [sale] = _flags(text, "data.sale")
    assert "your-choices/p1" not in sale.way_out


def test_the_do_not_sell_link_is_a_way_out_of_a_sale() -> None:
    """A Californian notice's opt-out names its link "Do Not Sell or Share My Personal Information",
    which read as the company saying it does not sell."""
    text = ("# Sales\n\n5.1 In the past 12 months we sold identifiers and gameplay data to data brokers.\n\n"
            "5.2 You have the right to opt out of the sale of your personal information: use the \"Do Not "
            "Sell or Share My Personal Information\" link.\n")
    [sale] = _flags(text, "data.sale")
    assert sale.way_out == ("5.2",)


@pytest.mark.parametrize("exit_text", [
    "| Requests to opt out of data sharing | 3,379 | 3,379 | 0 |",              # a row of figures
    "You can download a copy of the data we share, in a machine-readable file.",  # a copy only
])
def test_a_clause_offering_the_reader_no_action_is_no_way_out(exit_text: str) -> None:
    text = ("# Sharing\n\nWe share your personal information with advertising partners.\n\n"
            f"{exit_text}\n")
    assert "sharing/p2" in _exits(text)  # a candidate in the same section, and still not offered
    [sharing] = [f for f in _flags(text, "data.third-party-sharing") if f.clause_id == "sharing/p1"]
    assert sharing.way_out == ()


@pytest.mark.parametrize("exit_text", [
    "If you do not want us to share your personal information with advertising partners, you can opt "
    "out in your settings.",                                  # a wish, not a denial
    "To opt out of data sharing with advertising partners, visit the privacy settings page.",
    "Members can opt out of sharing with third parties in their account settings.",
    "You can object to data sharing at any time by sending an e-mail to our privacy team.",
])
def test_common_ways_of_offering_an_opt_out_are_way_outs(exit_text: str) -> None:
    text = ("# Sharing\n\nWe share your personal information with advertising partners.\n\n"
            f"# Choices\n\n{exit_text}\n")
    assert "choices/p1" in _exits(text)
    ways = {f.clause_id: f.way_out for f in _flags(text, "data.third-party-sharing")}
    assert "choices/p1" in ways["sharing/p1"]


def test_an_arbitration_opt_out_after_a_wish_is_the_way_out() -> None:
    text = ("# Disputes\n\nAll disputes will be resolved by binding arbitration and you waive any class "
            "action.\n\nIf you do not want to arbitrate, you may opt out of this arbitration agreement by "
            "writing to us within 30 days.\n")
    arbitration = [f for f in _flags(text, "terms.arbitration") if f.clause_id == "disputes/p1"]
    assert arbitration and all(f.way_out == ("disputes/p2",) for f in arbitration)


def test_a_numbered_section_is_a_section() -> None:
    text = ("1. Sharing\n\n1.1 We share your personal information with advertising partners.\n\n"
            "1.2 You can object to this at any time in your settings.\n\n2. Other\n\n2.1 We may update "
            "these terms.\n")
    ways = {f.clause_id: f.way_out for f in _flags(text, "data.third-party-sharing")}
    assert ways["1.1"] == ("1.2",)


def test_subject_and_action_words_inside_other_words_do_not_count() -> None:
    text = ("# Monitoring\n\nWe read and analyse the content of your private messages to detect spam.\n\n"
            "# Your choices\n\nYou can opt out of our use of your data for determining which offers to "
            "show you in your settings.\n")
    for flag in _flags(text, "data.monitoring"):
        assert flag.way_out == ()  # "mining" in "determining" is no monitoring


@pytest.mark.parametrize("repeated", ["marketing e-mails, ", "sales or sharing, ", "sales / sharing, "])
def test_long_exits_are_linked_in_linear_time(repeated: str) -> None:
    """A 50 KB exit clause full of subject words that do not count: each is looked at once (the
    first version scanned the sentence around every one of them, quadratic in the clause)."""
    import time

    text = ("# Advertising\n\nWe show you targeted ads from our advertising partners.\n\n"
            f"# Choices\n\nYou can opt out of {repeated * 2700}by post.\n")
    document = parse_text(text)
    analyze(parse_text("We may sell your data."))  # the pack is loaded outside the measure
    started = time.process_time()
    [ads] = [f for f in analyze(document).flags if f.category == "data.advertising"]
    assert time.process_time() - started < 30  # generous: quadratic took minutes on this input
    assert ads.way_out == ()


def test_an_ads_opt_out_is_no_way_out_of_sharing_outside_advertising():
    """Amazon's "Use of Third-Party Advertising Services: … you can opt out" was offered against
    sharing with sellers and service providers, because it names third-party advertising."""
    document = parse_text(
        "# Sharing\n\nWe share your personal information with the sellers you buy from.\n\n"
        "# Advertising\n\nUse of third-party advertising services: we give ad companies information to show "
        "you relevant ads. You can opt out of interest-based ads on the Advertising Preferences page.\n"
    )
    flags = analyze(document).flags
    [sharing] = [f for f in flags
                 if f.category == "data.third-party-sharing" and f.clause_id.startswith("sharing")]
    assert sharing.way_out == ()
    [ads] = [f for f in flags if f.category == "data.advertising"]
    assert ads.way_out


def test_a_research_consent_is_no_way_out_of_sharing_with_an_employer() -> None:
    """A teletherapy app's "With your separate, opt-in consent, we share coded data with academic research
    partners … You can withdraw this consent" was offered against the attendance reports it gives the
    employers that pay for members ("Wellbeing Partners")."""
    document = parse_text(
        "# Research\n\n3.6 **Research.** With your separate, opt-in consent, we share coded data (data "
        "from which your name has been removed and replaced with a code) with academic research partners "
        "studying digital mental health. You can withdraw this consent at any time; data already shared "
        "cannot be recalled.\n\n"
        "# Partners\n\n4.2 We provide each Wellbeing Partner with:\n\n- the number of sessions you "
        "attended.\n"
    )
    sharing = {f.clause_id: f for f in analyze(document).flags if f.category == "data.third-party-sharing"}
    assert sharing["4.2"].way_out == ()
    assert sharing["3.6"].way_out == ("3.6",)


def test_an_announcement_of_rights_does_not_stand_in_for_the_opt_out_that_follows() -> None:
    """"You have choices … below we explain how" names no means; the paragraph that does is the way out."""
    text = ("# Advertising\n\nWe use your browsing history to show you targeted ads.\n\n"
            "# Your choices\n\nYou have choices about how to limit the use of your information for "
            "advertising. Below we explain how to exercise them.\n\n"
            "You can opt out of targeted advertising on the Privacy page of your settings.\n")
    [ads] = _flags(text, "data.advertising")
    assert ads.way_out == ("your-choices/p2",)


def test_an_action_in_another_sentence_than_the_subject_is_no_way_out_of_it() -> None:
    """The action "remove or revise" is about the profile fields, not the ads named before it."""
    text = ("# Advertising\n\nWe use your browsing history to show you targeted ads.\n\n"
            "# Your profile\n\nYour profile fields help us select more relevant advertising for you. "
            "You can remove or revise this information in your settings.\n")
    for ads in _flags(text, "data.advertising"):
        assert "your-profile/p1" not in ads.way_out


@pytest.mark.parametrize("practice", [
    "We show everyone generic ads, even members who turned off personalised ads.",
    "We show sponsored posts from advertisers in every member's feed.",
])
def test_advertising_no_setting_reaches_gets_no_way_out(practice: str) -> None:
    text = (f"# Advertising\n\n{practice}\n\n# Your choices\n\n"
            "You can opt out of personalised advertising in your settings.\n")
    for ads in _flags(text, "data.advertising"):
        assert ads.way_out == ()


def test_deleting_is_no_way_out_of_keeping_what_the_law_requires() -> None:
    text = ("# Retention\n\nWe retain your information where we need to comply with a legal "
            "obligation.\n\n# Your rights\n\nYou can delete your account and your data in your settings.\n")
    [kept] = _flags(text, "data.retention")
    assert kept.way_out == ()


def test_deleting_is_no_way_out_of_copies_it_does_not_recall() -> None:
    """A salary site's "Records already delivered to Enterprise Subscribers … are not recalled when you delete
    a submission" pointed at the deletion right it says does not reach them."""
    text = ("# Your data\n\n12.1 You can delete your account and your data in your settings.\n\n12.2 Records "
            "already delivered to subscribers or partners are not recalled when you delete a submission.\n")
    assert [kept.way_out for kept in _flags(text, "data.retention")] == [()]


def test_an_exit_that_denies_selling_is_no_way_out_of_a_sale() -> None:
    text = ("# Research\n\nWe sell access to de-identified posts to research companies.\n\n"
            "# California\n\nYou have the right to opt out of sales or sharing on our privacy page; we do "
            "not sell personal information as the law defines it.\n")
    for sale in _flags(text, "data.sale"):
        assert sale.way_out == ()


# -- a third reading (91 links on seven policies, 37 wrong) ------------------------------------------

CONNECTED_APPS = ("# Your choices\n\nYou can revoke access for third-party apps you have connected to your "
                  "account at any time in your settings.\n")


def test_an_exit_about_one_kind_of_recipient_is_no_way_out_of_sharing_with_another() -> None:
    text = ("# Sharing\n\nWe may share your name and e-mail address with event partners, such as "
            "ticket sellers.\n\nWhen you connect a third-party app, we share your listening data with "
            "that app.\n\n" + CONNECTED_APPS)
    assert "your-choices/p1" in _exits(text)
    ways = {f.clause_id: f.way_out for f in _flags(text, "data.third-party-sharing")}
    assert "your-choices/p1" not in ways["sharing/p1"]
    assert "your-choices/p1" in ways["sharing/p2"]


@pytest.mark.parametrize("ad_text", [
    # the ads that remain after the reader has opted out
    "If you have opted out of tailored advertising, you will still see ads, but they will be less "
    "relevant ads.",
    # reports to advertisers on how their ads did
    "We provide advertisers with reports about the performance of their ads, to help them understand "
    "their audience.",
])
def test_ads_no_setting_reaches_get_no_ad_opt_out(ad_text: str) -> None:
    text = (f"# Advertising\n\n{ad_text}\n\n# Your choices\n\nYou can opt out of targeted advertising in "
            "your settings.\n")
    for ads in _flags(text, "data.advertising"):
        assert "your-choices/p1" not in ads.way_out


def test_a_same_section_exit_whose_action_is_about_something_else_is_no_way_out() -> None:
    """The second reading's own example, still linked through the section: the action in the row's
    second sentence is about the row, not about the ads in its first."""
    text = ("# What we collect\n\nWe use cookies to show you personalised advertisements.\n\n"
            "Profile details: used to select more relevant advertising for you. You can remove or "
            "edit this information in your settings.\n")
    for ads in _flags(text, "data.advertising"):
        assert "what-we-collect/p2" not in ads.way_out


def test_a_permission_switch_reaches_only_the_data_it_switches_off() -> None:
    text = ("# Health data\n\nWith your permission we read heart rate readings and other health data "
            "from your phone's health store.\n\nWe keep the symptoms and medications you type into "
            "the app as health data.\n\n# Your choices\n\nYou can opt out of health-store syncing at any "
            "time in your settings.\n")
    ways = {f.clause_id: f.way_out for f in _flags(text, "data.sensitive")}
    assert ways["health-data/p1"] == ("your-choices/p1",)
    assert "your-choices/p1" not in ways["health-data/p2"]


def test_a_sentence_pointing_elsewhere_offers_nothing_itself() -> None:
    """"For more information on how you can disable cookies, please see …" names an action, but offers
    it in another section: the cookie row is no way out of tracking; the section it points to is."""
    text = ("# What we collect\n\nCookies: we use cookies to remember your language. For more information "
            "on how you can disable cookies, please see the Your choices section.\n\nWe use cookies and "
            "pixels to track your activity across other websites.\n\n# Your choices\n\nYou can disable "
            "cookies in your browser settings.\n")
    for flag in _flags(text, "data.tracking"):
        if flag.clause_id == "what-we-collect/p2":
            assert flag.way_out == ("your-choices/p1",)


def test_inbox_settings_are_no_way_out_of_what_the_same_section_says_about_data() -> None:
    """The physician sample's own case: "change your e-mail preferences, except … service messages"
    sat beside a request that leaves aggregated statistics in, and was offered as the way out of
    them."""
    text = ("# Your choices\n\nYou can change your e-mail preferences in your account settings, except "
            "that you cannot opt out of service messages.\n\nWe share aggregated and de-identified "
            "statistics about members with our partners.\n")
    for flag in _flags(text, "data.anonymization"):
        assert "your-choices/p1" not in flag.way_out


def test_notification_settings_and_sharing_the_member_asks_for_have_no_way_out() -> None:
    """Amazon's notice offered "adjust your Customer Communication Preferences" as the way out of
    keeping prior versions of what the member updates; Reddit's offered a marketing opt-out against
    "we may share information about you with your consent or at your direction"."""
    text = ("# What choices do I have?\n\n- When you update information, we usually keep a copy of the "
            "prior version for our records.\n- If you do not want e-mails from us, please adjust your "
            "Customer Communication Preferences. If you don't want notifications in the app, please adjust "
            "your notification settings.\n\n# Sharing\n\n- We may share information about you "
            "with partners at your direction.\n- You can opt out of sharing with partners in your "
            "settings.\n")
    for flag in _flags(text, "data.retention"):
        assert flag.way_out == ()
    for flag in _flags(text, "data.third-party-sharing"):
        assert flag.way_out == ()


def test_a_rule_of_its_own_words_names_the_parties_of_its_own_sentences() -> None:
    """X's AI training read "by affiliates and third parties", from another sentence of the paragraph
    ("helping you discover affiliates, third-party apps")."""
    text = ("# How we use information\n\nWe use the information we collect to improve our services, "
            "including by helping you discover affiliates and third-party apps. We may use the information "
            "we collect to help train our machine learning models.\n")
    [research] = _flags(text, "data.research")
    assert research.rule == "research.ai-training"
    assert research.parties == ()
    assert "by affiliates" not in research.explanation


@pytest.mark.parametrize(("exit_text", "offered"), [
    ("You can turn off e-mail newsletters from Clients in your settings.", False),
    ("If you opt in, Clients will receive your name and e-mail address so that they can contact you. "
     "You may withdraw this opt-in at any time in your settings.", False),
    ("You can opt out of Clients reading your posts in your settings.", True),
])
def test_only_an_exit_from_what_clients_read_is_the_way_out_of_client_access(exit_text: str,
                                                                            offered: bool) -> None:
    """What paying clients send the reader, or an opt-in handing them the reader's address, stops
    none of their reading (a document written for the test offered the opt-in as the way out)."""
    text = ("# Clients\n\nClients may read the posts you make in public forums.\n\n"
            f"# Your choices\n\n{exit_text}\n")
    [access] = _flags(text, "data.client-access")
    assert access.way_out == (("your-choices/p1",) if offered else ())


def test_a_health_information_exchange_opt_out_is_no_way_out_of_other_uses_of_health_data() -> None:
    """A hospital notice written for the test: the exchange's opt-out was offered against every
    health-data flag, law enforcement and research included."""
    text = ("# Exchange\n\nYou may opt out of the health information exchange by calling us.\n\n"
            "# Law enforcement\n\nWe may give your medical records to the police when a court orders it.\n")
    for flag in _flags(text, "data.sensitive"):
        assert flag.way_out == ()


def test_a_research_setting_is_no_way_out_of_ai_training() -> None:
    """Training AI on posts is a research use of its own: switching off survey invitations "in Settings >
    Research" does not reach it, an opt-out of training does."""
    practice = ("# AI\n\nWe use the text of public posts to train the language models behind our thread "
                "summaries.\n\n# Your choices\n\n")
    research_only = practice + "You can switch off survey invitations in Settings > Research.\n"
    [training] = [f for f in _flags(research_only, "data.research") if f.clause_id == "ai/p1"]
    assert training.way_out == ()
    opt_out = practice + "You can opt out of having your posts used to train our models in Settings.\n"
    [training] = [f for f in _flags(opt_out, "data.research") if f.clause_id == "ai/p1"]
    assert training.way_out == ("your-choices/p1",)


def test_an_address_with_ai_in_it_is_no_way_out_of_ai_training() -> None:
    """A chatbot's arbitration opt-out ("by e-mailing legal@consilium-ai.example") was offered as the way
    out of training its models: the "ai" of the address read as the subject."""
    text = ("# Your questions\n\nWe use your questions and the answers you receive to train our "
            "machine-learning models.\n\n# Disputes\n\nYou may opt out of this agreement to arbitrate by "
            "e-mailing legal@consilium-ai.example within 30 days.\n")
    training = [f for f in analyze(parse_text(text)).flags if f.rule.startswith("research.ai-training")]
    assert training, "no AI-training flag: the test's premise is gone"
    assert all("disputes/p1" not in f.way_out for f in training)


_AIMED = """# Privacy policy

## 4. Sharing

4.2 Where you qualify for a savings programme, we share your name and the medicines you take with drug
manufacturers, so that they can invite you to join.

## 5. Your choices

5.1 You can switch off location access at any time in your device's settings.

5.4 You may decline any programme invitation. To stop your details being provided for the invitations
described in section 4.2, switch off Programme Invitations under Settings.

5.5 We do not respond to Do Not Track signals sent by web browsers.
"""


def test_an_exit_naming_the_section_it_stops_is_the_way_out_of_that_section_only() -> None:
    """A "Your choices" section holds exits from practices described elsewhere: one that names its practice by
    section number ("described in section 4.2") is the way out of that section's flags, and no way out of the
    other practices in its own section (it had been offered against ignoring Do Not Track)."""
    assert "5.4" in _exits(_AIMED)
    sharing = [f for f in analyze(parse_text(_AIMED)).flags
               if f.clause_id == "4.2" and f.category.startswith("data.") and f.severity.value != "info"]
    assert sharing and all("5.4" in f.way_out for f in sharing)
    tracking = _flags(_AIMED, "data.tracking")
    assert all("5.4" not in f.way_out for f in tracking)


def test_hiding_only_the_name_is_no_way_out_of_clients_reading_posts() -> None:
    """"While that setting is off, your replies continue to appear in the dashboard, but without your name":
    the switch hides who wrote; sponsors still read what was written."""
    text = ("# Sponsors\n\nSponsors who pay for the Insight Dashboard can read and search the replies "
            "members post in case discussions.\n\nYou may hide your display name from the Insight Dashboard "
            "by switching off Show me to Sponsors in your settings.{rest}\n")
    hidden_name = text.format(rest=" Your replies continue to appear in the dashboard, without your name.")
    assert all(not f.way_out for f in _flags(hidden_name, "data.client-access"))
    # (without the sentence saying the replies stay in view, or where they stay in view for others only, the
    # switch is offered as before)
    assert any(f.way_out for f in _flags(text.format(rest=""), "data.client-access"))
    others_only = text.format(rest=" Your replies will still be visible to members, but not to sponsors.")
    assert any(f.way_out for f in _flags(others_only, "data.client-access"))


def test_an_exception_to_one_practice_is_no_way_out_of_the_others_in_its_section() -> None:
    """"Recruiters may view your profile …, unless you switch off “Open to Jobs” in Settings" was offered
    as the way out of the sale of posts two clauses up; a clause offering a way out of its own
    sentence's practice, as an "unless you", stays one where it sits."""
    text = ("# Sharing\n\nWe license your posts to drug makers for a fee.\n\n"
            "Recruiters may view your profile and may contact you, unless you switch off “Open to Jobs” in "
            "Settings.\n")
    assert "sharing/p2" in _exits(text)
    [sale] = _flags(text, "data.sale")
    assert sale.way_out == ()
    # an exit of its own is still one
    offered = text.replace("unless you switch off", "and you can switch off")
    [sale] = _flags(offered, "data.sale")
    assert sale.way_out == ("sharing/p2",)

"""Provisions that reach more parties in a new version: widened deltas and the parties they name."""

from __future__ import annotations

from terms.compare import DeltaKind, compare_analyses
from terms.compare.parties import added_parties
from terms.compare.report import render, to_dict
from terms.flagging import analyze
from terms.parsing import parse_text

CLIENTS = "Pharmaceutical companies, banks and market-research firms"


def _terms(clients: str, sharing: str = "We share your information with our advertising partners.",
           access: str = "Clients may read and search your posts.") -> str:
    return ("# Example Network Terms\n\n## 1. Our business\n\n"
            f'1.1 We sell insight into physician opinion to paying organisations ("Clients"). Our Clients '
            f"include {clients}.\n\n1.2 {access}\n\n## 2. Sharing\n\n2.1 {sharing}\n\n"
            "## 3. Changes\n\n3.1 We may change these terms at any time.\n")


def _compare(old: str, new: str):
    return compare_analyses(analyze(parse_text(old, source="v1.md")),
                            analyze(parse_text(new, source="v2.md")))


def test_a_definition_that_adds_clients_widens_the_clauses_that_name_them_though_their_words_stand() -> None:
    wider = CLIENTS.replace(" and market", ", employers of physicians and market")
    comparison = _compare(_terms(CLIENTS), _terms(wider))
    (widened,) = [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]
    # the definition leads: its clause is named first and quoted
    assert widened.category == "data.client-access" and widened.new_ids == ("1.1", "1.2")
    assert widened.added_parties == ("employers of physicians",)   # not the firms named before
    assert widened.effect == "worse" and widened is comparison.flag_deltas[0]
    assert widened.headline == (
        "§1.1 now counts employers of physicians among Clients: 2 provisions that name Clients reach them, "
        "in §1.2, the provision letting paying clients read members' content among them")
    assert widened.quote.startswith("Our Clients include Pharmaceutical companies, banks, employers")
    assert "[worse for you · concern] §1.1 now counts employers of physicians" in render(comparison, "text")
    shown = next(d for d in to_dict(comparison)["flag_deltas"] if d["kind"] == "widened")
    assert shown["added_parties"] == ["employers of physicians"]
    assert shown["categories"] == ["data.client-access", "data.monitoring"]


def test_clients_dropped_from_the_definition_widen_nothing() -> None:
    comparison = _compare(_terms(CLIENTS), _terms("banks and market-research firms"))
    assert not [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]


def test_provisions_widened_by_the_same_parties_are_one_line_naming_each_clause() -> None:
    access = "Clients may read and search your posts. Clients may keep copies of your posts indefinitely."
    comparison = _compare(_terms(CLIENTS, access=access),
                          _terms(CLIENTS + ", health insurers and employers of physicians", access=access))
    (widened,) = [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]
    assert widened.added_parties == ("health insurers and employers of physicians",)
    assert len(widened.categories) >= 2 and widened.categories[0] == "data.client-access"
    assert widened.headline.startswith(
        "§1.1 now counts health insurers and employers of physicians among Clients: "
        f"{len(widened.categories)} provisions that name Clients reach them, in §1.2, the provision letting")


def test_a_sharing_clause_naming_a_new_recipient_is_widened() -> None:
    old = _terms(CLIENTS, sharing="We share your email address with service providers who host our site.")
    new = _terms(CLIENTS, sharing="We share your email address with service providers who host our site "
                                  "and with data brokers.")
    comparison = _compare(old, new)
    (widened,) = [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]
    assert widened.new_ids == ("2.1",) and widened.added_parties == ("data brokers",)
    assert widened.headline == (
        "Widens the provision sharing personal data with third parties in §2.1: the parties it covers now "
        "also include data brokers")
    shown = next(d for d in to_dict(comparison)["flag_deltas"] if d["kind"] == "widened")
    assert widened.categories == () and shown["categories"] == [widened.category]


def test_added_parties_are_new_names_not_renamings_or_names_the_old_words_said() -> None:
    members = ("clients such as pharmaceutical and medical-device manufacturers, banks, and government "
               "agencies",)
    wider = ("clients such as pharmaceutical and medical-device manufacturers, banks, hospital groups and "
             "other employers of physicians, and government agencies",)
    assert added_parties(members, wider) == ("hospital groups and other employers of physicians",)
    assert added_parties(wider, members) == ()                      # narrower
    assert added_parties(("third parties",), ("vendors",)) == ()    # renamed: not everyone is still named
    assert added_parties((), ("vendors",)) == ()                    # found only now: no news
    assert added_parties(("advertisers",), ("advertisers", "the public"),
                         old_text="shared with advertisers and the general public") == ()
    assert added_parties(("service provider",), ("service providers", "researchers")) == ("researchers",)


def test_a_party_the_old_list_already_named_widens_neither_the_item_nor_its_lead_in() -> None:
    """Snapchat's list named "the general public" in both versions; only the new one's "the public"
    was found as a party, of the item and of the lead-in that takes its parties from its items."""
    def version(item: str) -> str:
        return ("# T\n\n## 1. Sharing\n\nWe may share information about you in the following ways:\n\n"
                f"- With our business partners. {item}\n- With service providers who host our site.\n")

    old = version("We may share your profile with our business partners and the general public.")
    new = version("We may share your profile with our business partners and the public.")
    later = analyze(parse_text(new, source="v2.md"))
    lead_in = next(f for f in later.flags if f.clause_id == "1/p1")  # the parties did change
    assert "the public" in lead_in.parties
    comparison = compare_analyses(analyze(parse_text(old, source="v1.md")), later)
    assert not [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]


SAMPLE = "resources/samples/physician-community-terms.md"


def _sample_widened(edit) -> tuple[str, ...]:
    from pathlib import Path

    text = (Path(__file__).parent.parent / SAMPLE).read_text(encoding="utf-8")
    comparison = _compare(text, edit(text))
    return tuple(p for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED for p in d.added_parties)


def test_a_member_swapped_for_another_or_a_hyphen_dropped_still_widens() -> None:
    employers = "employers of physicians"
    assert _sample_widened(lambda t: t.replace("market-research firms", employers)) == (employers,)
    dropped_hyphen = f"market research firms, {employers}"
    assert _sample_widened(lambda t: t.replace("market-research firms", dropped_hyphen)) == (employers,)


def test_a_list_with_a_company_name_a_second_definition_or_a_list_set_out_as_items_still_widens() -> None:
    assert _sample_widened(lambda t: t.replace("banks,", "banks, Acme Pharma Inc., employers,", 1)) == (
        "Acme Pharma Inc.", "employers")
    again = "7.1a Our Clients include employers of physicians and health insurers.\n\n"
    assert _sample_widened(lambda t: t.replace("7.2 Clients purchase", again + "7.2 Clients purchase")) == (
        "employers of physicians",)


def test_a_list_found_only_now_is_no_news() -> None:
    """"Our Clients are …" reads as no definition; "Our Clients include …" with the same list does."""
    old = _terms(CLIENTS).replace("Our Clients include", "Our Clients are")
    comparison = _compare(old, _terms(CLIENTS))
    assert not [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]


def test_names_holding_an_and_are_listed_with_semicolons_and_list_markers_are_dropped() -> None:
    assert added_parties(("clients such as banks",),
                         ("clients such as banks, • hospital groups and other employers, insurers",)) == (
        "hospital groups and other employers", "insurers")
    wider = CLIENTS + ", hospital groups and other employers, insurers"
    comparison = _compare(_terms(CLIENTS), _terms(wider))
    (widened,) = [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]
    assert widened.headline.startswith(
        "§1.1 now counts hospital groups and other employers, and insurers among Clients")


def test_a_definition_clause_says_in_words_who_it_now_lists_for_the_re_review() -> None:
    from terms.compare.parties import definition_notes

    old = '1.1 We sell insight ("Clients"). Our Clients include drug makers and banks.'
    new = '1.1 We sell insight ("Clients"). Our Clients include drug makers, banks and your employer.'
    assert definition_notes(old, new) == ((True, "“Clients” now also include your employer"),)
    assert definition_notes(new, old) == ((False, "“Clients” no longer include your employer"),)
    assert definition_notes(old, old) == () and definition_notes(None, new) == ()


def test_a_warrant_and_notice_promise_replaced_by_good_faith_disclosure_is_a_protection_lost() -> None:
    head = "# Example Privacy Policy\n\n## 5. Authorities\n\n5.1 "
    old = (f"{head}We disclose information to the police only when we are served with a valid warrant, and "
           "we give you notice before we hand anything over.\n")
    new = (f"{head}We may disclose information to law enforcement where we believe in good faith that "
           "doing so is necessary to protect our rights.\n")
    comparison = _compare(old, new)
    lost = [d for d in comparison.flag_deltas if d.category == "rights.limited-use"]
    assert lost and lost[0].effect == "worse"


def test_a_provision_handing_on_more_data_to_the_same_parties_is_widened_by_that_data() -> None:
    old = _terms(CLIENTS, access="Clients may read each of your comments together with its star rating.")
    new = _terms(CLIENTS, access="Clients may read each of your comments together with its star rating, your "
                                 "age band and your ZIP code.")
    comparison = _compare(old, new)
    (widened,) = [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]
    assert widened.category == "data.client-access" and widened.new_ids == ("1.2",)
    # (a bare noun is named as a kind: "age bands")
    assert widened.added_parties == () and widened.added_data == ("age bands", "ZIP code")
    assert widened.effect == "worse"
    assert widened.headline.startswith(
        "Widens the provision letting paying clients read members' content in §1.2: the data it covers now "
        "also include ‘age bands’ and ‘ZIP code’")
    shown = next(d for d in to_dict(comparison)["flag_deltas"] if d["kind"] == "widened")
    assert shown["added_data"] == ["age bands", "ZIP code"] and shown["added_parties"] == []


def test_a_provision_that_named_no_data_widens_by_the_data_it_names_now() -> None:
    """A grocery app's Shopper Insights, sold to subscribers, listed "the items purchased, the store" (no
    data the reader knows by name) and later "the five-digit ZIP code of the delivery address" too: read
    as reworded, neither better nor worse."""
    sold = ("Clients pay subscription fees for Shopper Insights, which include the items purchased, the "
            "store and the date of each order{}.")
    comparison = _compare(_terms(CLIENTS, access=sold.format("")),
                          _terms(CLIENTS, access=sold.format(" and the five-digit ZIP code of the delivery "
                                                             "address")))
    (widened,) = [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]
    assert widened.category == "data.sale" and widened.added_data == ("ZIP code of the delivery address",)
    assert widened.effect == "worse"


def test_data_called_anonymous_that_now_keeps_a_first_name_may_identify_the_reader() -> None:
    def terms(shown: str) -> str:
        return ("# Feedback Terms\n\n## 1. Publication\n\n1.1 Comments are published on public profile "
                f"pages as de-identified comments, {shown}.\n")
    comparison = _compare(terms("with no name attached"), terms("shown with your first name"))
    (widened,) = [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]
    assert widened.category == "data.anonymization" and widened.added_data == ("first names",)
    assert widened.headline.endswith(": what it called anonymous may now identify you")


def test_data_renamed_or_said_before_widens_nothing() -> None:
    said = "Clients may read your comments, which show your age band."
    comparison = _compare(_terms(CLIENTS, access=said),
                          _terms(CLIENTS, access="Clients may read your comments and your age band."))
    assert not [d for d in comparison.flag_deltas if d.kind is DeltaKind.WIDENED]

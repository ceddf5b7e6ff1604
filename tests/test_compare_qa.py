"""Version-comparison defects found by a QA pass over real version pairs, each pinned down here on
small hand-written documents: flag changes on clauses whose words did not change, provisions that
only moved, invisible clauses, moved-and-reworded clauses, a change of language, long clauses."""

from __future__ import annotations

import json

import pytest

from terms.compare import DeltaKind, EntryKind, compare, unaccounted
from terms.compare.engine import SHARE_NO_WORDING, compare_analyses, version_doubts
from terms.compare.model import Counts
from terms.compare.report import render, share_text, version_warning
from terms.flagging import analyze
from terms.model import Document, Flag, Severity
from terms.parsing import parse_text


def _doc(text: str, source: str = "v.md") -> Document:
    return parse_text(text, source=source)


def _flag(document: Document, clause_id: str, category: str, severity: Severity,
          evidence: str | None = None) -> Flag:
    """A flag on ``clause_id`` whose evidence is ``evidence`` (default: the whole clause)."""
    clause = document.clause(clause_id)
    start = clause.start if evidence is None else document.text.index(evidence, clause.start)
    end = clause.end if evidence is None else start + len(evidence)
    return Flag(category, severity, clause_id, ((start, end),), "test", "explained")


def _id(document: Document, words: str) -> str:
    return next(c.id for c in document.clauses if words in c.text)


# -- 1. no flag change where the words are the same ---------------------------------------------------

SALE = "We may sell your personal information to our partners for their own marketing"


def test_same_words_read_as_a_heading_then_a_paragraph_carry_no_flag_change() -> None:
    old = _doc(f"# Terms\n\n## {SALE}\n\nOther words stay here as they were.\n")
    new = _doc(f"# Terms\n\n{SALE}\n\nOther words stay here as they were.\n")
    clause = _id(new, SALE)
    assert old.clause(_id(old, SALE)).kind != new.clause(clause).kind
    new_flags = [_flag(new, clause, "data.sale", Severity.CONCERN)]
    comparison = compare(old, new, old_flags=[], new_flags=new_flags)
    assert comparison.flag_deltas == ()


def test_punctuation_and_case_alone_carry_no_flag_change() -> None:
    old = _doc(f"# Terms\n\n{SALE}, at any time.\n")
    new = _doc(f"# Terms\n\n{SALE.upper()} at any time\n")
    old_flags = [_flag(old, _id(old, SALE), "data.sale", Severity.CONCERN)]
    new_flags = [_flag(new, _id(new, SALE.upper()), "data.sale", Severity.CAUTION)]
    assert compare(old, new, old_flags=old_flags, new_flags=new_flags).flag_deltas == ()


WAIVER = ("You waive any right to take part in a class action against us. Any claim must be brought "
          "by you alone, in your own name, and not as a member of any group of claimants.")


@pytest.mark.parametrize(("old_text", "new_text"), [
    (WAIVER, WAIVER.replace("us. Any", "us.Any")),                        # a space lost at a sentence end
    (WAIVER, WAIVER.replace("take part", "take-part").replace("own name", "own-name")),   # hyphens
    (WAIVER, WAIVER.replace(" Any claim", "\n\nAny claim")),              # one paragraph cut in two
])
def test_the_same_words_cut_or_punctuated_otherwise_carry_no_flag_change(old_text: str,
                                                                          new_text: str) -> None:
    """Aetna's class-action waiver, word for word the same but cut in two, was "Hardens the
    arbitration provision (info → concern)"; YouTube's "requirements.If" → "requirements. If"
    "Adds another provision on changing the terms"."""
    old, new = _doc(f"# Terms\n\n{old_text}\n"), _doc(f"# Terms\n\n{new_text}\n")
    old_flags = [_flag(old, _id(old, "waive"), "terms.arbitration", Severity.INFO)]
    new_flags = [_flag(new, _id(new, "waive"), "terms.arbitration", Severity.CONCERN)]
    comparison = compare(old, new, old_flags=old_flags, new_flags=new_flags)
    assert comparison.entries[-1].kind is not EntryKind.UNCHANGED
    assert comparison.flag_deltas == ()
    reworded = _doc(f"# Terms\n\n{new_text.replace('alone', 'together')}\n")
    assert compare(old, reworded, old_flags=old_flags,
                   new_flags=[_flag(reworded, _id(reworded, "waive"), "terms.arbitration", Severity.CONCERN)]
                   ).flag_deltas != ()


def _listed(lead: str) -> Document:
    return _doc(f"# Privacy\n\n{lead}\n\n- advertisers and data brokers in every country\n- nobody else\n")


def test_a_list_item_with_the_same_words_counts_when_its_lead_in_changed() -> None:
    item = "advertisers and data brokers"
    old, new = _listed("We never share your data with:"), _listed("We share your data with:")
    new_flags = [_flag(new, _id(new, item), "data.third-party-sharing", Severity.CAUTION)]
    comparison = compare(old, new, old_flags=[], new_flags=new_flags)
    assert [(d.kind, d.new_ids) for d in comparison.flag_deltas] == [
        (DeltaKind.APPEARS, (_id(new, item),))]
    same_lead = compare(new, _listed("We share your data with:"), old_flags=[], new_flags=new_flags)
    assert same_lead.flag_deltas == ()


ITEMS = ("We collect the posts and comments you write in the forums.",
         "We collect the device identifiers and the pages you visit.",
         "We share your profile with paying clients who sponsor the forums.")


def _folded_flags(document: Document, folded: bool) -> list[Flag]:
    """What a flagger makes of the list or of the paragraph: one flag per clause and category."""
    if folded:
        paragraph = _id(document, ITEMS[0])
        flags = [_flag(document, paragraph, "data.collection", Severity.INFO, "We collect the posts")]
        if ITEMS[2] in document.text:
            flags.append(_flag(document, paragraph, "data.third-party-sharing", Severity.CAUTION, "We share"))
        return flags
    return [*(_flag(document, _id(document, item), "data.collection", Severity.INFO) for item in ITEMS[:2]),
            *(_flag(document, _id(document, item), "data.third-party-sharing", Severity.CAUTION)
              for item in ITEMS[2:] if item in document.text)]


@pytest.mark.parametrize("kept", [ITEMS, ITEMS[:2]])
def test_a_list_folded_into_a_paragraph_changes_no_flag_it_still_carries(kept: tuple[str, ...]) -> None:
    """Instagram's list "Things that you and others do and provide" became one paragraph: every
    item's words stood in it, flagged alike, yet the comparison read "Removes the data-collection
    provision in item 2", "… item 3", "… item 4" (ten such lines, on 64 of 688 corpus pairs in all).
    The list joined into one paragraph is one merge that changes no flag; an item whose words are gone
    still counts."""
    old = _doc("# Privacy\n\n## What we do\n\n" + "".join(f"- {item}\n" for item in ITEMS)
               + "\n## Contact\n\nWrite to us at any time.\n")
    new = _doc("# Privacy\n\n## What we do\n\nSome changes: " + " ".join(kept)
               + "\n\n## Contact\n\nWrite to us at any time.\n")
    new_flags = _folded_flags(new, folded=True)
    comparison = compare(old, new, old_flags=_folded_flags(old, folded=False), new_flags=new_flags)
    joined = {e.kind: len(e.old_ids) for e in comparison.entries if e.kind.substantive}
    assert joined == ({EntryKind.MERGED: 3} if kept == ITEMS else {EntryKind.MERGED: 2, EntryKind.REMOVED: 1})
    expected = [] if kept == ITEMS else [(DeltaKind.DISAPPEARS, "data.third-party-sharing")]
    assert [(d.kind, d.category) for d in comparison.flag_deltas] == expected
    # and the other way: a paragraph cut into a list
    back = compare(new, old, old_flags=new_flags, new_flags=_folded_flags(old, folded=False))
    expected = [] if kept == ITEMS else [(DeltaKind.APPEARS, "data.third-party-sharing")]
    assert [(d.kind, d.category) for d in back.flag_deltas] == expected


# -- 2. a provision that moved is one neutral line ----------------------------------------------------

OPT_OUT = "You may opt out of receiving marketing e-mails from us at any time in your settings."
FILLER_A = "We describe here the kinds of information that we hold about members of the site."
FILLER_B = "We explain in this part how long we keep records and when we delete them for good."


def test_a_protection_that_moved_is_one_neutral_moved_delta() -> None:
    old = _doc(f"# Privacy\n\n## Choices\n\n{OPT_OUT} Write to us.\n\n## Records\n\n{FILLER_B}\n")
    new = _doc(f"# Privacy\n\n## Choices\n\n{FILLER_A}\n\n## Records\n\n{FILLER_B}\n\n"
               f"Records of your orders are kept for six years for the tax office. {OPT_OUT} Letters "
               "to our offices are answered within a month by the members' team.\n")
    old_flags = [_flag(old, _id(old, OPT_OUT), "rights.choice", Severity.PROTECTIVE, OPT_OUT)]
    new_flags = [_flag(new, _id(new, OPT_OUT), "rights.choice", Severity.PROTECTIVE, OPT_OUT)]
    comparison = compare(old, new, old_flags=old_flags, new_flags=new_flags)
    assert len(comparison.flag_deltas) == 1
    delta = comparison.flag_deltas[0]
    assert delta.kind is DeltaKind.MOVED and delta.effect == "neutral"
    assert (delta.old_ids, delta.new_ids) == ((_id(old, OPT_OUT),), (_id(new, OPT_OUT),))
    assert delta.headline.startswith("Moves the opt-out or other choice from paragraph 1 of “Choices” to ")
    text = render(comparison, "text")
    assert "[neither better nor worse · protective] Moves the opt-out" in text
    assert "worse for you" not in text
    assert json.loads(render(comparison, "json"))["flag_deltas"][0]["kind"] == "moved"


def test_two_different_opt_outs_are_not_taken_for_a_move() -> None:
    gone, came = "You may opt out of client access in your account settings.", \
        "You may opt out of newsletters at any time."
    old = _doc(f"# Privacy\n\n{gone}\n\n{FILLER_B}\n")
    new = _doc(f"# Privacy\n\n{FILLER_B}\n\n{came}\n")
    old_flags = [_flag(old, _id(old, gone), "rights.choice", Severity.PROTECTIVE)]
    new_flags = [_flag(new, _id(new, came), "rights.choice", Severity.PROTECTIVE)]
    deltas = compare(old, new, old_flags=old_flags, new_flags=new_flags).flag_deltas
    assert sorted(d.kind for d in deltas) == [DeltaKind.APPEARS, DeltaKind.DISAPPEARS]


def test_a_lost_protection_still_found_elsewhere_comes_after_new_concerns_and_last_protections() -> None:
    # (the choice kept is about the same thing: marketing e-mails from us, in the settings)
    keep = ("You can delete your account and all of your data whenever you like, and stop marketing e-mails "
            "from us in your settings.")
    old = _doc(f"# Privacy\n\n{OPT_OUT}\n\n{keep}\n\n{FILLER_A}\n")
    new = _doc(f"# Privacy\n\n{keep} Ask us first.\n\n{FILLER_A} {SALE}.\n")
    old_flags = [_flag(old, _id(old, OPT_OUT), "rights.choice", Severity.PROTECTIVE),
                 _flag(old, _id(old, keep), "rights.choice", Severity.PROTECTIVE),
                 _flag(old, _id(old, keep), "rights.access-deletion", Severity.PROTECTIVE)]
    new_flags = [_flag(new, _id(new, keep), "rights.choice", Severity.PROTECTIVE),
                 _flag(new, _id(new, SALE), "data.sale", Severity.CONCERN)]
    deltas = compare(old, new, old_flags=old_flags, new_flags=new_flags).flag_deltas
    assert [d.category for d in deltas] == ["data.sale", "rights.access-deletion", "rights.choice"]
    assert deltas[-1].elsewhere and deltas[-1].effect == "worse"


def test_health_data_named_in_a_clause_that_comes_or_goes_is_news_neither_way() -> None:
    """A DNA service's removed promise "We do not allow police to upload a DNA profile" carried a
    sensitive-data caution: its going was headlined "better for you", the loss of a protection."""
    police = "We do not allow police or other investigators to upload a DNA profile to look for suspects."
    insurers = "We will never give genetic information to any insurer or employer."
    old = _doc(f"# Privacy\n\n{police}\n\n{FILLER_A}\n")
    new = _doc(f"# Privacy\n\n{FILLER_A}\n\n{insurers}\n\n{SALE}.\n")
    old_flags = [_flag(old, _id(old, police), "data.sensitive", Severity.CAUTION)]
    new_flags = [_flag(new, _id(new, insurers), "data.sensitive", Severity.CAUTION),
                 _flag(new, _id(new, SALE), "data.sale", Severity.CONCERN)]
    deltas = compare(old, new, old_flags=old_flags, new_flags=new_flags).flag_deltas
    assert [(d.category, d.effect) for d in deltas] == [
        ("data.sale", "worse"), ("data.sensitive", "neutral"), ("data.sensitive", "neutral")]


def test_an_anonymity_claim_taken_out_of_a_clause_that_stays_is_worse_news() -> None:
    """A forum's later version dropped "posts are anonymous by default" and showed full names: the
    anonymisation claim's going was headlined as better news, a caution gone."""
    lounge = "Posts in the peer lounge are anonymous by default: other members see only your specialty."
    named = "Posts in the peer lounge show your full name and hospital to other members."
    research = "We give anonymised statistics about lounge activity to a research group."
    old = _doc(f"# Terms\n\n## Lounge\n\n{lounge}\n\n## Research\n\n{research}\n\n{FILLER_A}\n")
    new = _doc(f"# Terms\n\n## Lounge\n\n{named}\n\n{FILLER_A}\n")
    old_flags = [_flag(old, _id(old, lounge), "data.anonymization", Severity.CAUTION),
                 _flag(old, _id(old, research), "data.anonymization", Severity.CAUTION)]
    shown = [_flag(new, _id(new, named), "data.third-party-sharing", Severity.CAUTION)]
    deltas = [d for d in compare(old, new, old_flags=old_flags, new_flags=shown).flag_deltas
              if d.category == "data.anonymization"]
    assert [(d.old_ids, d.effect) for d in deltas] == [
        ((_id(old, lounge),), "worse"), ((_id(old, research),), "neutral")]
    assert deltas[0].headline.endswith("what it called anonymous may now identify you")
    # ... but not where the clause no longer does anything with the data (a discount card's "De-identified
    # data may be kept indefinitely" became a retention period, headlined "may now identify you")
    quiet = [d for d in compare(old, new, old_flags=old_flags, new_flags=[]).flag_deltas
             if d.category == "data.anonymization"]
    assert [d.effect for d in quiet] == ["neutral", "neutral"]
    # written into a clause that was there, the claim is better news; one that admits posts can be
    # traced to their authors going from a clause is better news, as any concern's going is
    back = compare(new, old, old_flags=[], new_flags=old_flags[:1]).flag_deltas
    assert [d.effect for d in back] == ["better"]
    traced = [_flag(old, _id(old, lounge), "data.anonymization", Severity.CONCERN)]
    assert [d.effect for d in compare(old, new, old_flags=traced, new_flags=[]).flag_deltas] == ["better"]


# -- 3. invisible clauses -----------------------------------------------------------------------------


def test_clauses_without_a_letter_or_digit_are_left_out() -> None:
    body = f"{FILLER_A}\n\n{FILLER_B}\n"
    old = _doc(f"# Privacy\n\n{body}")
    new = _doc(f"# Privacy\n\n\u200d\n\n{FILLER_A}\n\n\u200b\u200d\n\n.\n\n{FILLER_B}\n\n\ufeff\n")
    assert len(new.clauses) > len(old.clauses)
    comparison = compare(old, new)
    assert not comparison.substantive
    assert comparison.counts.changed_chars == 0
    assert comparison.counts.new_clauses == comparison.counts.old_clauses == len(old.clauses)
    assert unaccounted(comparison) == []
    assert "new:" not in render(comparison, "text")


# -- 4. moved and reworded, contained word for word ---------------------------------------------------

LAW = "These Terms are governed by the law of the country in which you are a resident."
COURTS = "Any dispute that we cannot settle between us may be brought before the courts of that country."


def test_a_clause_reworded_and_swapped_with_its_neighbour_is_moved_not_removed_and_added() -> None:
    old = _doc(f"# Disputes\n\n{LAW}\n\n{COURTS}\n")
    new = _doc(f"# Disputes\n\n{COURTS}\n\nIf you are a consumer, these Terms are governed by the law of the "
               "country in which you live.\n")
    comparison = compare(old, new)
    kinds = sorted(e.kind for e in comparison.entries)
    assert EntryKind.ADDED not in kinds and EntryKind.REMOVED not in kinds
    moved = [e for e in comparison.entries if e.kind is EntryKind.MOVED]
    assert len(moved) == 1 and moved[0].diff is not None and 0.6 <= moved[0].similarity < 0.75


def test_a_move_and_a_merge_in_one_edit_are_both_found() -> None:
    """Clause 1 moved word for word to the end and clauses 3 and 4 joined: clause 4 was paired with
    the moved clause left in its place ("changed", similarity 0.13) and clause 1 called removed."""
    collect = "We collect your name, your email address and your phone number when you register."
    cookies = "We use cookies and similar technologies to remember your preferences on the site."
    contact = "You may contact our support team at any time with questions about these terms."
    notify = "We will notify you by email before making material changes to these terms."
    old = _doc(f"# Demo\n\n1. {collect}\n\n2. {cookies}\n\n3. {contact}\n\n4. {notify}\n")
    new = _doc(f"# Demo\n\n1. {cookies}\n\n2. {contact} {notify}\n\n3. {collect}\n")
    entries = {e.kind: (e.old_ids, e.new_ids) for e in compare(old, new).entries}
    assert entries[EntryKind.MOVED] == (("1",), ("3",))
    assert entries[EntryKind.MERGED] == (("3", "4"), ("2",))
    assert EntryKind.CHANGED not in entries and EntryKind.REMOVED not in entries


SHARE = ("We may share your posts with our clients, including pharmaceutical companies, who pay for "
         "access to them.")
IDEAS = "We may use any idea you post for any purpose without paying you."


def test_a_clause_split_in_three_is_one_split_and_its_changed_figure_is_placed_in_its_part() -> None:
    """Cut in three, the paragraph read as "changed" into its first part plus two "added" clauses, and
    the retention period's change was reported as a moved provision."""
    old = _doc(f"# Terms\n\n## 2. Your content\n\n{SHARE} {IDEAS} We keep your posts for five years "
               "after you close your account.\n")
    new = _doc(f"# Terms\n\n## 2. Your content\n\n2.1 {SHARE}\n\n2.2 {IDEAS}\n\n2.3 We keep your posts "
               "for seven years after you close your account.\n")
    comparison = compare_analyses(analyze(old), analyze(new))
    substantive = [(e.kind, e.new_ids) for e in comparison.entries if e.kind.substantive]
    assert substantive == [(EntryKind.SPLIT, ("2.1", "2.2", "2.3"))]
    retention = [d for d in comparison.flag_deltas if d.category == "data.retention"]
    assert len(retention) == 1 and retention[0].figures_effect == "worse"
    assert "in §2.3," in retention[0].headline and "§2.1" not in retention[0].headline


@pytest.mark.parametrize("notice", [
    "We will give you at least 10 days' notice before they take effect.",
    "We will not send separate notice of changes.",
])
def test_a_notice_period_of_changes_shortened_or_dropped_is_worse(notice: str) -> None:
    """A messaging app's later terms dropped "at least thirty (30) days' notice" for "we will not send
    separate notice": the change was only "read again", a concern before and after."""
    base = "We may revise these Terms at any time by posting them in the app. "
    old = _doc(f"# Terms\n\n11.1 {base}We will give you at least 30 days' notice before they take effect.\n")
    new = _doc(f"# Terms\n\n11.1 {base}{notice}\n")
    changes = [d for d in compare_analyses(analyze(old), analyze(new)).flag_deltas
               if d.category == "terms.changes"]
    assert changes and all(d.effect == "worse" for d in changes)


def test_a_licence_that_now_takes_ideas_says_so_not_only_read_again() -> None:
    """A licence over posts widened to "any ideas … expressed in it" was only "Rewords the broad
    licence …, a concern before and after": the ideas rule, with its own title, is news of its own."""
    grant = ("6.2 By posting Content, you grant MedLounge a non-exclusive, worldwide, royalty-free licence "
             "to host, store, reproduce, display and distribute your Content")
    old = _doc(f"# Terms\n\n## 6. Content\n\n{grant} for the purpose of operating the Service and our other "
               "products.\n")
    new = _doc(f"# Terms\n\n## 6. Content\n\n{grant}, and to use any ideas, suggestions and concepts "
               "expressed in it, for the purpose of operating the Service and our other products.\n")
    deltas = compare_analyses(analyze(old), analyze(new)).flag_deltas
    added = [d for d in deltas if d.kind is DeltaKind.APPEARS and d.category == "data.content-license"]
    assert len(added) == 1 and "Your ideas may be used without pay or credit" in added[0].headline
    assert added[0].new_severity is Severity.CONCERN
    # a licence "solely for the purpose of operating the Service" is the narrow kind: widening it hardens it
    narrow = _doc(f"# Terms\n\n## 6. Content\n\n{grant} solely for the purpose of operating the Service.\n")
    [delta] = compare_analyses(analyze(narrow), analyze(new)).flag_deltas
    assert delta.kind is DeltaKind.SEVERITY and delta.effect == "worse" and "ideas" in delta.headline


def test_three_clauses_joined_into_one_are_one_merge() -> None:
    collect = "We collect your name, your email address and your phone number when you register."
    old = _doc(f"# Demo\n\n1. {collect}\n\n2. {SHARE}\n\n3. {IDEAS}\n\n4. {FILLER_A}\n")
    new = _doc(f"# Demo\n\n1. {collect} {SHARE} {IDEAS}\n\n2. {FILLER_A}\n")
    entries = {e.kind: (e.old_ids, e.new_ids) for e in compare(old, new).entries}
    assert entries[EntryKind.MERGED] == (("1", "2", "3"), ("1",))
    assert EntryKind.ADDED not in entries and EntryKind.REMOVED not in entries


def test_a_clause_kept_word_for_word_inside_a_longer_one_is_changed_not_removed_and_added() -> None:
    bullet = "Use our services to send messages to people you know"
    old = _doc(f"# Terms\n\n{FILLER_A}\n\n- {bullet}\n\n{FILLER_B}\n")
    new = _doc(f"# Terms\n\n{FILLER_A}\n\n- {bullet}, share photos and videos, join groups of other "
               f"members, buy items in the shop, take part in events and many other things besides\n\n"
               f"{FILLER_B}\n")
    comparison = compare(old, new)
    changed = [e for e in comparison.entries if e.kind.substantive]
    assert [e.kind for e in changed] == [EntryKind.CHANGED]
    assert changed[0].similarity < 0.5  # below the in-order threshold: paired for containing it


def test_a_short_line_found_inside_a_paragraph_elsewhere_is_not_paired_with_it() -> None:
    title = "Your use of the Example service"
    old = _doc(f"# Terms\n\n{title}\n\n{FILLER_A}\n\n{FILLER_B}\n")
    new = _doc(f"# Terms\n\n{FILLER_A}\n\n{FILLER_B}\n\nThis part is about {title.lower()} and what it "
               "costs, how to pay for it and how to end it when you no longer want it.\n")
    kinds = sorted(e.kind.value for e in compare(old, new).entries)
    assert kinds == ["added", "removed", "unchanged", "unchanged", "unchanged"]


def test_unrelated_leftovers_stay_removed_and_added() -> None:
    old = _doc(f"# Terms\n\n{FILLER_A}\n\nYou must be at least sixteen years old to open an account here.\n")
    new = _doc(f"# Terms\n\n{FILLER_A}\n\nPayments are taken monthly by card and are not refunded later.\n")
    kinds = sorted(e.kind.value for e in compare(old, new).entries)
    assert kinds == ["added", "removed", "unchanged", "unchanged"]


# -- 5. a change of language --------------------------------------------------------------------------

THAI = "ข้อกำหนดในการให้บริการ " * 30
ENGLISH = "These terms of service are the agreement between you and us for the use of the site. " * 3


def test_a_change_of_language_is_a_doubt_in_the_report() -> None:
    old, new = _doc(f"# Terms\n\n{THAI}\n", "th.md"), _doc(f"# Terms\n\n{ENGLISH}\n", "en.md")
    doubts = version_doubts(old, new)
    assert doubts == ("languages differ: “th.md” does not look like English, the other does",)
    comparison = compare(old, new)
    assert "languages differ" in version_warning(comparison)
    assert "translation" in render(comparison, "text")
    assert json.loads(render(comparison, "json"))["version_doubts"] == list(doubts)
    assert version_doubts(new, new) == ()


def test_a_title_that_only_names_the_kind_of_document_is_no_doubt() -> None:
    """With nothing in the text naming it, a document is called by its kind ("Terms of Service");
    that title against a real one ("Example Terms") said nothing, yet warned "titles differ"."""
    import dataclasses

    named = _doc("# Example Terms of Use\n\nBy using the service you agree to these terms.\n", "a.md")
    plain = dataclasses.replace(named, title="Terms of Service", service=None)
    assert named.kind.value == "terms" and version_doubts(plain, named) == ()
    other = dataclasses.replace(named, title="Example Community Rules")
    assert version_doubts(other, named) == ("titles differ: “Example Community Rules” and "
                                            "“Example Terms of Use”",)


def test_a_page_that_stood_in_for_the_document_is_a_doubt() -> None:
    """A fetched 404 page or cookie notice, compared as the newer version, "removed arbitration" and
    every other provision, and nothing said the two might not be versions of one document."""
    terms = "".join(f"## {n}. Section\n\nThese terms of service govern your use of the site, part {n}, "
                    "and you agree to binding arbitration of disputes.\n\n" for n in range(1, 40))
    old = _doc(f"# Example Terms\n\n{terms}", "2024.md")
    error_page = _doc("# Example Terms\n\nWe're sorry. We can't find the page you are looking for.\n",
                      "2025.md")
    (doubt,) = version_doubts(old, error_page)
    assert doubt.startswith("“2025.md” is far shorter (13 words against ") and "error page" in doubt
    assert "far shorter" in version_warning(compare(old, error_page))
    assert version_doubts(old, _doc(f"# Example Terms\n\n{terms[: len(terms) // 2]}", "half.md")) == ()


def _policy(words: str, effective: str) -> str:
    """A long policy whose sentences are made of ``words`` (each section in another order)."""
    vocabulary = words.split()
    body = "".join(f"## {n}. Section\n\nExample "
                   + " ".join(vocabulary[(n * k) % len(vocabulary)] for k in range(1, 16)) + ".\n\n"
                   for n in range(1, 31))
    return f"# Example Privacy Policy\n\n{body}\nEffective: {effective}\n"


def test_two_documents_that_share_almost_no_wording_are_a_doubt_and_keep_their_order() -> None:
    """Tinder's privacy policy saved beside Discord's was compared as two versions of one, swapped
    by date, 99.7% changed, with no warning."""
    first = _doc(_policy("we collect keep share your data with partners for ads and analytics services",
                         "1 March 2025"), "a.md")
    other = _doc(_policy("the members and their posts are read by the clients of this network",
                         "1 May 2024"), "b.md")
    assert version_doubts(first, other) == (SHARE_NO_WORDING,)
    comparison = compare(first, other)
    assert not comparison.swapped and "may be different documents" in version_warning(comparison)
    # a rewrite that keeps a few of its sentences is still a version
    text = first.text.split("## ")
    rewrite = _doc(other.text + "\n\n## ".join(text[:3]), "c.md")
    assert SHARE_NO_WORDING not in version_doubts(first, rewrite)


# -- 6. long clauses and small shares -----------------------------------------------------------------


def test_a_long_clause_with_one_word_changed_shows_the_words_around_it_once() -> None:
    padding = " ".join(f"word{k}" for k in range(4000))
    old = _doc(f"# Terms\n\n{padding} We will notify you before we sell any data. {padding} end.\n")
    new = _doc(f"# Terms\n\n{padding} We will not notify you before we sell any data. {padding} end.\n")
    comparison = compare(old, new)
    text = render(comparison, "text")
    assert len(text) < 2000
    assert "We will {+not+} notify you" in text and "old: … " in text and "We will notify you" in text
    assert "<0.1% of the text changed" in text
    assert "(similarity 0.99)" in text
    markdown = render(comparison, "markdown")
    assert len(markdown) < 3000 and "**not**" in markdown
    assert len(render(comparison, "json")) > 4 * len(padding)  # the JSON keeps every word


def test_share_text_is_never_zero_when_something_changed() -> None:
    assert share_text(Counts(1, 1, {}, 0, 1000)) == "0.0%"
    assert share_text(Counts(1, 1, {}, 3, 100_000)) == "<0.1%"
    assert share_text(Counts(1, 1, {}, 99_999, 100_000)) == ">99.9%"
    assert share_text(Counts(1, 1, {}, 100, 100)) == "100.0%"
    assert share_text(Counts(1, 1, {}, 125, 1000)) == "12.5%"


def test_a_provision_moved_and_reworded_is_one_move_not_a_removal_and_an_addition() -> None:
    """Discord moved its arbitration opt-out to "Mass Filings" with a new date: "[worse] Removes the
    opt-out …" beside "[better] Adds another opt-out …" contradicted each other and said neither."""
    gone = ("You can decline this agreement to arbitrate by emailing an opt-out notice within thirty "
            "days of April 15, 2024 or of registering your account.")
    came = ("Opt-out: members may still decline arbitration by sending us a signed notice, by post, "
            "within thirty days of September 29, 2025, whichever date is later.")
    keep = "You may opt out of marketing e-mails in your settings."
    # (the opt-out now closes a long paragraph on mass filings: no clause of the old version is like it)
    batches = ("When twenty-five or more similar demands are filed by the same counsel, the administrator "
               "groups them in batches of ten and each batch is decided by one arbitrator in turn.")
    old = _doc(f"# Disputes\n\n{gone}\n\n{keep}\n\n# Mass filings\n\n{FILLER_B}\n")
    new = _doc(f"# Disputes\n\n{keep}\n\n# Mass filings\n\n{FILLER_B}\n\n{batches} {came}\n")
    old_flags = [_flag(old, _id(old, gone[:30]), "rights.choice", Severity.PROTECTIVE),
                 _flag(old, _id(old, keep), "rights.choice", Severity.PROTECTIVE)]
    new_flags = [_flag(new, _id(new, batches[:30]), "rights.choice", Severity.PROTECTIVE, came),
                 _flag(new, _id(new, keep), "rights.choice", Severity.PROTECTIVE)]
    [delta] = compare(old, new, old_flags=old_flags, new_flags=new_flags).flag_deltas
    assert delta.kind is DeltaKind.MOVED and delta.effect == "neutral"
    assert delta.headline.startswith("Moves and rewords the opt-out") and "“Mass filings”" in delta.headline
    assert delta.headline.endswith(": read what it says now")


def test_a_severity_only_the_learned_model_changed_on_the_same_sentence_is_no_change() -> None:
    """Discord's "By accessing our services, you confirm that you're at least 13" read "Hardens the
    acceptance-by-use provision (info → caution)": the sentence was the same, the model had read the
    clause's other, changed sentence."""
    import dataclasses

    from terms.flagging.engine import MODEL_FAIR_READING

    same = "By using the site, you agree to these terms."
    old = _doc(f"# Terms\n\n{same} Members must be 18.\n")
    new = _doc(f"# Terms\n\n{same} Members must be 16, or 13 with a parent's consent.\n")
    lowered = dataclasses.replace(_flag(old, _id(old, same), "terms.contract-by-using", Severity.INFO, same),
                                  reason=f"learned model m (score 0.10) {MODEL_FAIR_READING}")
    kept = _flag(new, _id(new, same), "terms.contract-by-using", Severity.CAUTION, same)
    assert compare(old, new, old_flags=[lowered], new_flags=[kept]).flag_deltas == ()
    # a rule's own change of severity on the same sentence is still reported
    ruled = _flag(old, _id(old, same), "terms.contract-by-using", Severity.INFO, same)
    [delta] = compare(old, new, old_flags=[ruled], new_flags=[kept]).flag_deltas
    assert delta.kind is DeltaKind.SEVERITY


def test_information_coming_or_going_is_listed_after_the_better_news() -> None:
    """Instagram's comparison led with 58 "neither better nor worse" lines (information added or
    removed) before the one line of better news."""
    kept, gone, came = ("We keep your orders for six years.", SALE + ".",
                        "We collect the pages you visit on our site.")
    old = _doc(f"# Terms\n\n{kept}\n\n{gone}\n")
    new = _doc(f"# Terms\n\n{kept}\n\n{came}\n")
    old_flags = [_flag(old, _id(old, "We may sell"), "data.sale", Severity.CONCERN)]
    new_flags = [_flag(new, _id(new, "We collect"), "data.collection", Severity.INFO)]
    deltas = compare(old, new, old_flags=old_flags, new_flags=new_flags).flag_deltas
    assert [(d.category, d.effect) for d in deltas] == [("data.sale", "better"),
                                                        ("data.collection", "neutral")]


PRIVACY_SENTENCES = (
    "We collect the information you give us when you register and verify your credentials.",
    "We use this information to run the Service and to keep it secure.",
    "We share personal information with service providers who host our servers and send our emails.",
    "We keep your account information for as long as your account is open and for twelve months afterwards.",
    "You may ask us for a copy of the personal information we hold about you by writing to our privacy team.",
)


def test_a_paragraph_cut_into_pieces_under_two_new_headings_is_one_split() -> None:
    """A privacy paragraph cut into numbered clauses under two new sections, with a new clause among
    them, read as "changed" into its first part plus five "added" clauses, and the flags of the
    moved sentences as added."""
    sentences = PRIVACY_SENTENCES
    old = _doc(f"# Terms\n\n## 7. Privacy\n\n{' '.join(sentences)}\n\n## 8. Contact\n\n{FILLER_A}\n")
    new = _doc("# Terms\n\n## 7. What we collect\n\n"
               f"7.1 {sentences[0]}\n\n7.2 {sentences[1]}\n\n## 8. Sharing and your rights\n\n"
               f"8.1 {sentences[2]}\n\n8.2 We may also make discussion threads available to research "
               f"partners.\n\n8.3 {sentences[3]}\n\n8.4 {sentences[4]}\n\n## 9. Contact\n\n{FILLER_A}\n")
    comparison = compare_analyses(analyze(old), analyze(new))
    [split] = [e for e in comparison.entries if e.kind is EntryKind.SPLIT]
    assert split.new_ids == ("7.1", "7.2", "8.1", "8.3", "8.4")
    added = [e.new_ids for e in comparison.entries if e.kind is EntryKind.ADDED]
    assert ("8.2",) in added and ("7.1",) not in added and ("8.3",) not in added
    assert not [d for d in comparison.flag_deltas if d.category == "data.collection"]


def test_a_renamed_heading_whose_section_went_under_the_new_one_is_changed() -> None:
    old = _doc(f"# Terms\n\n## 16. Disputes\n\n{FILLER_A}\n\n## 17. Contact\n\n{FILLER_B}\n")
    new = _doc(f"# Terms\n\n## 16. Dispute resolution and arbitration\n\n{FILLER_A}\n\n## 17. Contact\n\n"
               f"{FILLER_B}\n")
    entries = {e.kind: (e.old_ids, e.new_ids) for e in compare(old, new).entries}
    assert entries[EntryKind.CHANGED] == (("16",), ("16",))
    assert EntryKind.ADDED not in entries and EntryKind.REMOVED not in entries


def test_an_opt_out_removed_with_the_practice_it_was_a_way_out_of_is_no_loss() -> None:
    """The location opt-out went because location is no longer tracked: "[worse] Removes the opt-out"
    stood beside "[better] Removes the tracking provision"."""
    tracked = ("2.4 The app records your precise location continuously, including in the background. "
               "You can opt out of location tracking in your phone's settings.")
    old = _doc(f"# Privacy\n\n## 2. Data\n\n{tracked}\n\n2.5 {FILLER_A}\n")
    new = _doc(f"# Privacy\n\n## 2. Data\n\n2.4 The app uses only the approximate region of your IP "
               f"address.\n\n2.5 {FILLER_A}\n")
    deltas = compare_analyses(analyze(old), analyze(new)).flag_deltas
    gone = [d.category for d in deltas if d.kind is DeltaKind.DISAPPEARS]
    assert "data.tracking" in gone and "rights.choice" not in gone
    assert all(d.effect != "worse" for d in deltas)


def test_an_opt_out_gone_with_its_own_caveat_is_a_loss_where_the_practice_stays_elsewhere() -> None:
    """A telehealth app's later version made model training apply to everyone; the old opt-out's caveat ("This
    does not apply to datasets already provided to the Research Partner") was a sharing flag, and its going
    with the opt-out was headlined as better news, the opt-out not at all, though sharing stayed in §10.2."""
    share = "10.2 We share training datasets built from your photos with the Research Partner."
    opt_out = ("10.3 You may ask us to exclude your photos from future training by switching off the "
               "setting. This does not apply to datasets already provided to the Research Partner.")
    old = _doc(f"# Terms\n\n## 10. Training\n\n{share}\n\n{opt_out}\n\n10.4 {FILLER_A}\n")
    new = _doc(f"# Terms\n\n## 10. Training\n\n{share}\n\n10.3 These uses apply to all members.\n\n"
               f"10.4 {FILLER_A}\n")
    deltas = compare_analyses(analyze(old), analyze(new)).flag_deltas
    assert any(d.category == "rights.choice" and d.kind is DeltaKind.DISAPPEARS and d.effect == "worse"
               for d in deltas)


def test_an_arbitration_opt_out_gone_with_arbitration_itself_is_no_loss() -> None:
    """A fair rewrite of a doctor-rating site's terms dropped arbitration ("There is no arbitration
    agreement in these Terms") and with it the 30-day opt-out, which read as the one thing worse."""
    old = _doc(f"# Terms\n\n## 17. Disputes\n\n(a) Any dispute will be resolved by binding arbitration on an "
               "individual basis, and you waive any right to a jury trial.\n\n(b) You may opt out of this "
               "arbitration agreement by emailing us within 30 days after you first accept these Terms.\n\n"
               f"## 18. Contact\n\n{FILLER_A}\n")
    new = _doc(f"# Terms\n\n## 17. Disputes\n\n(a) Any dispute may be brought in the courts of the place "
               "where you live.\n\n(b) There is no arbitration agreement in these Terms, and you keep every "
               f"right to go to court.\n\n## 18. Contact\n\n{FILLER_A}\n")
    deltas = compare_analyses(analyze(old), analyze(new)).flag_deltas
    assert any(d.category == "terms.arbitration" and d.effect == "better" for d in deltas)
    assert all(d.effect != "worse" for d in deltas)


@pytest.mark.parametrize("heading", ["Opting out of arbitration", "Your thirty days to decide"])
def test_an_opt_out_pointing_to_the_arbitration_section_gone_with_it_is_no_loss(heading: str) -> None:
    """Camera glasses' fair variant dropped arbitration; the old opt-out, under "9.4 Opting out of
    arbitration", said only "You may opt out of Section 9.3 …" and was headlined as the one thing worse.
    Its heading names what went, or else the section it points to holds it."""
    disputes = ("### 9.3 Binding arbitration\n\nAny dispute shall be resolved by final and binding "
                "arbitration and not in a court, and claims may be brought only individually.\n\n")
    old = _doc(f"# Terms\n\n## 9. Disputes\n\n{disputes}### 9.4 {heading}\n\nYou may opt out "
               "of Section 9.3 by sending a written notice within 30 days of first accepting these Terms.\n\n"
               f"## 10. Contact\n\n{FILLER_A}\n")
    new = _doc("# Terms\n\n## 9. Disputes\n\n### 9.3 Courts\n\nYou may bring any dispute in the courts "
               "of the place where you live, including a small-claims court.\n\n"
               f"## 10. Contact\n\n{FILLER_A}\n")
    deltas = compare_analyses(analyze(old), analyze(new)).flag_deltas
    assert any(d.category == "terms.arbitration" and d.effect == "better" for d in deltas)
    assert not any(d.category == "rights.choice" and d.kind is DeltaKind.DISAPPEARS for d in deltas)


def test_an_opt_out_deleted_with_its_own_caveat_is_a_loss_while_what_it_governed_stays() -> None:
    """A journal app's later version deleted the clause letting readers switch off sponsor targeting, whose
    last sentence ("what was already passed on is not recalled") carried a retention concern: the report said
    "[better] Removes the data-retention provision" and nothing of the opt-out, though the profiling it was
    the way out of stayed."""
    profile = ("6.3 Your reading is also scored to build an Influence Rating, a score assigned to each "
               "verified reader, so that readers likely to shape prescribing can be picked out for sponsors.")
    opt_out = ("7.2 You can switch off personalised sponsor messages at any time in Settings. Ratings passed "
               "to sponsors before you changed the setting are not recalled from them.")
    old = _doc(f"# Terms\n\n## 6. Scores\n\n{profile}\n\n## 7. Choices\n\n{opt_out}\n\n7.3 {FILLER_A}\n")
    new = _doc(f"# Terms\n\n## 6. Scores\n\n{profile}\n\n## 7. Choices\n\n7.3 {FILLER_A}\n")
    deltas = compare_analyses(analyze(old), analyze(new)).flag_deltas
    assert any(d.category == "rights.choice" and d.kind is DeltaKind.DISAPPEARS and d.effect == "worse"
               for d in deltas)


def test_a_block_of_clauses_rewritten_under_their_numbers_is_changed_clause_by_clause() -> None:
    """A fair variant rewrote four lettered clauses of one section at once, each into something else: they
    were reported as four removed and four added, though each kept its number and place."""
    risky = ["(a) We sell access to the reviews to hospital groups for a fee, which keeps the site free.",
             "(b) Subscribers can read every review, including the hidden ones and earlier versions.",
             "(c) Subscribers may use what they read for hiring and contracting decisions about doctors.",
             "(d) Reviews removed from the site stay in a subscriber's archive for up to seven years."]
    fair = ["(a) No organisation pays us for the reviews and none is given access beyond the public site.",
            "(b) Hidden reviews are seen only by the reviewer, the doctor concerned and our moderators.",
            "(c) We do not offer dashboards, exports or feeds of reviews to employers or insurers.",
            "(d) A review deleted by its author is erased from our systems within thirty days."]

    def terms(section: list[str]) -> Document:
        body = "\n\n".join(section)
        return _doc(f"# Terms\n\n## 7. Reviews\n\n{FILLER_A}\n\n## 8. Insights\n\n{body}\n\n"
                    f"## 9. Contact\n\n{FILLER_B}\n")

    entries = compare(terms(risky), terms(fair)).entries
    changed = sorted(e.old_ids for e in entries if e.kind is EntryKind.CHANGED)
    assert changed == [("8(a)",), ("8(b)",), ("8(c)",), ("8(d)",)]
    assert all(e.old_ids == e.new_ids for e in entries if e.kind is EntryKind.CHANGED)
    assert not [e for e in entries if e.kind in (EntryKind.ADDED, EntryKind.REMOVED)]


def test_items_that_moved_up_a_letter_after_one_went_pair_by_their_words_not_their_letters() -> None:
    """A discount card's fair variant dropped purpose (c) and its later items moved up a letter: (c) was
    reported as rewritten from market insights into care messages, (d) from care messages into aggregate
    statistics."""
    def purposes(items: list[str]) -> Document:
        body = "\n\n".join(f"({letter}) {item}" for letter, item in zip("abcde", items, strict=False))
        return _doc(f"# Notice\n\n## 6. Contact\n\n{FILLER_A}\n\n## 7. Uses\n\n{body}\n\n"
                    f"## 8. Help\n\n{FILLER_B}\n")

    old = purposes(["to process the discount at the pharmacy counter;",
                    "to develop market insights about regional demand that we make available to sponsors;",
                    "to enable program sponsors to reach you with care messages about your medicines;",
                    "to detect and prevent fraud, misuse of the card and security incidents."])
    new = purposes(["to process the discount at the pharmacy counter;",
                    "to send you care messages on behalf of program sponsors, if you have turned them on;",
                    "to detect and prevent fraud, misuse of the card and security incidents."])
    entries = compare(old, new).entries
    assert [(e.kind, e.old_ids, e.new_ids) for e in entries if "7(b)" in e.old_ids + e.new_ids] == [
        (EntryKind.REMOVED, ("7(b)",), ()), (EntryKind.CHANGED, ("7(c)",), ("7(b)",))]


def test_a_clause_rewritten_in_its_own_place_is_changed_not_removed_and_added() -> None:
    """A reviewer's pair: "11.1 … we will notify you by e-mail at least 30 days before they take effect"
    became "Changes are effective when posted …" (similarity 0.44, under the in-order threshold) while a
    new section followed it, and was reported as one clause removed and another added, without a diff."""
    old = _doc(f"# Policy\n\n## 10. Contact\n\n{FILLER_A}\n\n## 11. Changes\n\n11.1 We may update this "
               "policy from time to time. If we make changes, we will notify you by e-mail at least 30 days "
               "before they take effect, and we will post the updated policy on this page.\n\n"
               f"## 12. Help\n\n{FILLER_B}\n")
    new = _doc(f"# Policy\n\n## 10. Contact\n\n{FILLER_A}\n\n## 11. Changes\n\n11.1 We may update this "
               "policy from time to time. Changes are effective when posted on this page. Your continued "
               "use of the service means that you accept them.\n\n## 12. Arbitration\n\n12.1 Any dispute "
               f"will be settled by binding arbitration.\n\n## 13. Help\n\n{FILLER_B}\n")
    entries = compare(old, new).entries
    changed = [(e.old_ids, e.new_ids) for e in entries if e.kind is EntryKind.CHANGED]
    assert changed == [(("11.1",), ("11.1",))]
    assert [e.old_ids for e in entries if e.kind is EntryKind.REMOVED] == []
    # ... but an unrelated clause in the same place, under another number, stays removed, the new one added
    # (under the same number it is that clause rewritten, as a slot's numbered clause is)
    other = _doc(f"# Policy\n\n## 10. Contact\n\n{FILLER_A}\n\n## 11. Changes\n\n11.2 Gift cards bought in "
                 "our shop can be redeemed at any branch and never expire.\n\n## 12. Arbitration\n\n12.1 Any "
                 f"dispute will be settled by binding arbitration.\n\n## 13. Help\n\n{FILLER_B}\n")
    kinds = {e.kind for e in compare(old, other).entries if "11.1" in e.old_ids}
    assert kinds == {EntryKind.REMOVED}


def test_the_one_paragraph_of_a_section_rewritten_is_changed_but_a_replaced_table_row_is_not() -> None:
    """A sleep tracker's fair variant rewrote the one paragraph under "5. Retention" from "as long as we
    need it" to fixed periods (similarity 0.23, under every threshold); it read as a retention clause
    removed and another added, and the same befell the change clause, headlined "Adds another provision on
    changing the terms", worse for you. A table row naming another recipient is another row, not that row
    reworded."""
    def policy(kept: str, row: str) -> Document:
        return _doc(f"# Policy\n\n## 4. Recipients\n\n| Recipient | Purpose |\n|---|---|\n{row}\n\n"
                    f"## 5. Retention\n\n{kept}\n\n## 6. Contact\n\n{FILLER_A}\n")
    old = policy("We retain personal information for as long as we need it for the purposes set out in this "
                 "policy and for our legitimate business needs, which may continue after you close your "
                 "account.",
                 "| Beacon Ads | Chooses and measures advertisements |")
    new = policy("We keep your sleep data while your account is open and delete it within 30 days after you "
                 "close it. Order and tax records are kept for seven years because the law requires it.",
                 "| Postwick Mail | Sends account and password-reset emails |")
    entries = compare(old, new).entries
    changed = [(e.old_ids, e.new_ids) for e in entries if e.kind is EntryKind.CHANGED]
    assert changed == [(("5/p1",), ("5/p1",))]
    assert [e.old_ids for e in entries if e.kind is EntryKind.REMOVED] == [("4/p2",)]


@pytest.mark.parametrize(("old_months", "new_months", "effect"), [
    ("one (1) month", "twelve (12) months", "better"), ("twelve (12) months", "one (1) month", "worse")])
def test_a_cap_counted_in_months_of_fees_is_better_raised_and_worse_lowered(
        old_months: str, new_months: str, effect: str) -> None:
    """A dental practice system raised its cap from the fees of one month to those of twelve: with no sum
    named, the change read "a concern before and after: read what it says now", neither better nor worse."""
    cap = ("12.2 Our total liability arising out of or relating to this Agreement will not exceed the fees "
           "the Clinic paid for the {} immediately before the event giving rise to the claim.")

    def terms(months: str) -> Document:
        return _doc(f"# Terms\n\n## 12. Liability\n\n{cap.format(months)}\n\n## 13. Contact\n\n{FILLER_A}\n")

    old, new = terms(old_months), terms(new_months)
    deltas = [d for d in compare_analyses(analyze(old), analyze(new)).flag_deltas
              if d.category == "terms.limitation-of-liability"]
    assert len(deltas) == 1 and deltas[0].figures_effect == effect


def test_a_longer_cap_beside_a_shorter_time_to_sue_has_no_one_direction() -> None:
    """The fees of 12 months became 24 while the time to bring a claim fell from two years to one: the largest
    period fell (730 to 720 days) and read "worse" for both changes together."""
    def terms(cap: str, claim: str) -> Document:
        return _doc(f"# Terms\n\n## 12. Liability\n\n12.2 Our total liability will not exceed the fees "
                    f"you paid for the {cap} before the claim, and any claim must be brought within {claim} "
                    f"after it arises.\n\n## 13. Contact\n\n{FILLER_A}\n")
    old = analyze(terms("twelve (12) months", "two (2) years"))
    new = analyze(terms("twenty-four (24) months", "one (1) year"))
    deltas = [d for d in compare_analyses(old, new).flag_deltas
              if d.category == "terms.limitation-of-liability"]
    assert deltas and all(d.figures_effect == "" for d in deltas)


def test_a_cap_that_now_keeps_liability_for_fraud_and_injury_adds_no_limitation() -> None:
    """A preprint server's fair terms raised the cap and kept liability for death, injury and fraud: the
    kept liability read "[worse] Adds a limitation of liability (“Liability the company keeps”)"."""
    cap = ("11.2 IN ANY EVENT, THE TOTAL AGGREGATE LIABILITY OF ACME FOR ALL CLAIMS RELATING TO THE SERVICE "
           "OR THESE TERMS SHALL NOT EXCEED {} UNITED STATES DOLLARS.")
    old = _doc(f"# Terms\n\n## 11. Liability\n\n{cap.format('FIFTY')}\n\n## 12. Contact\n\n{FILLER_A}\n")
    new = _doc(f"# Terms\n\n## 11. Liability\n\n{cap.format('ONE THOUSAND')} NOTHING IN THESE TERMS LIMITS "
               "OUR LIABILITY FOR DEATH OR PERSONAL INJURY CAUSED BY OUR NEGLIGENCE OR FOR FRAUD.\n\n"
               f"## 12. Contact\n\n{FILLER_A}\n")
    deltas = compare_analyses(analyze(old), analyze(new)).flag_deltas
    assert [d.category for d in deltas] == ["terms.limitation-of-liability"]
    assert all(d.effect != "worse" for d in deltas)

"""How reports name clauses: numbers where they exist, else their place under a heading."""

from __future__ import annotations

import pytest

from terms.labels import clause_label, clause_reference, places
from terms.model import ClauseKind, DocumentFormat
from terms.parsing import parse_bytes, parse_text
from terms.parsing.labels import split_label

DOC = parse_text(
    "Welcome to the network.\n\n"
    "# What we collect\n\nYour name.\n\nYour posts.\n\n- device data\n- location\n\n"
    "# Sharing\n\n7.1 We share with sponsors.\n\n7.2 We share with clients.\n\nAnd with partners.\n"
)


def _id(text: str) -> str:
    return next(c.id for c in DOC.clauses if c.text.lstrip("• ").startswith(text))


def test_a_clause_is_named_by_its_number_or_its_place() -> None:
    assert clause_label(DOC.clause(_id("7.2"))) == "§7.2"
    assert clause_label(DOC.clause(_id("Your posts"))) == "paragraph 2 of “What we collect”"
    assert clause_label(DOC.clause(_id("Welcome"))) == "paragraph 1 at the top"


def test_unnumbered_clauses_under_one_heading_are_named_together() -> None:
    ids = [_id(t) for t in ("Your name", "7.1", "Your posts", "location", "device data", "Welcome")]
    assert places(DOC, ids) == (
        "paragraphs 1 and 2 of “What we collect”, §7.1, items 2 and 1 of “What we collect”, "
        "paragraph 1 at the top"
    )
    assert places(DOC, ["no/such/clause"]) == "clause no/such/clause"


NUMBERED = parse_text(
    "Read these terms.\n\nAlso this.\n\n"
    "10.3 Content. You keep your content.\n\n10.4 Licence. You grant us a licence.\n\n"
    "Notwithstanding the above, we will not train models on your posts.\n\n"
    "This applies to every member.\n"
)


def _numbered_id(text: str) -> str:
    return next(c.id for c in NUMBERED.clauses if c.text.startswith(text))


def test_a_paragraph_without_a_heading_is_named_after_the_numbered_clause_it_follows() -> None:
    """Documents numbered "10.4 …" without headings: "paragraph 5 at the top" sent the reader to
    the start of a long document for a paragraph deep inside it."""
    first = NUMBERED.clause(_numbered_id("Notwithstanding"))
    second = NUMBERED.clause(_numbered_id("This applies"))
    assert clause_label(first, NUMBERED) == "paragraph 1 after §10.4"
    assert clause_label(second, NUMBERED) == "paragraph 2 after §10.4"
    assert clause_label(first).endswith("at the top")  # without the document, its place as before
    opening = [_numbered_id("Read"), _numbered_id("Also")]
    assert places(NUMBERED, [*opening, first.id]) == "paragraphs 1 and 2 at the top, paragraph 1 after §10.4"


LISTED = parse_text(
    "# 7. How we use information\n\n7.1 Our uses. We use your record to:\n\n- pay you;\n- build models;\n\n"
    "7.2 Partners. We share it.\n\n7.3 Sponsors. We share it with:\n\n- sponsors;\n- exhibitors.\n"
)


def test_an_item_of_a_numbered_clause_is_named_after_that_clause() -> None:
    """"item 2 of “7. How we use information”" sent the reader to §7's second clause, 7.2, for the
    second item of 7.1's list."""
    items = [c for c in LISTED.clauses if c.kind is ClauseKind.ITEM]
    assert [clause_label(c, LISTED) for c in items] == [
        "item 1 of §7.1", "item 2 of §7.1", "item 1 of §7.3", "item 2 of §7.3"]
    assert places(LISTED, [items[1].id, items[0].id, items[3].id]) == "items 2 and 1 of §7.1, item 2 of §7.3"
    assert clause_label(items[0]) == "item 1 of “7. How we use information”"  # without the document


def test_a_lettered_item_of_an_html_list_is_named_with_its_parent() -> None:
    """A bedside TV service's <ol type="a"> under 13.1 named its items "§b", "§c": no section b exists."""
    doc = parse_bytes(b'<html><body><h1>T</h1><p>13.1 We use the information:</p><ol type="a">'
                      b"<li>to provide the Service;</li><li>to choose offers.</li></ol></body></html>",
                      source="t.html")
    assert [clause_label(c, doc) for c in doc.clauses if c.id.startswith("13.1(")] == ["§13.1(a)", "§13.1(b)"]


REGIONAL = parse_text(
    "# Agreement for members in the United States\n\n## 5. Your Content\n\nYou keep your posts.\n\n"
    "We may show your posts to sponsors.\n\n## 6. Fees\n\nMembership is free.\n\n"
    "# Agreement for members in the European Union\n\n## 5. Your Content\n\nYou keep your posts.\n\n"
    "We may show your posts to sponsors.\n\n## 6. Fees\n\nMembership is free.\n"
)


def test_a_section_heading_that_repeats_in_another_part_names_the_part() -> None:
    """Regional versions in one document repeat whole sections: "paragraph 2 of “5. Your Content”"
    twice sent the reader to either; the part they sit in tells them apart."""
    us, eu = [c for c in REGIONAL.clauses if c.text.startswith("We may show")]
    in_us = "in “Agreement for members in the United States”"
    in_eu = "in “Agreement for members in the European Union”"
    assert clause_label(us, REGIONAL) == f"paragraph 2 of “5. Your Content” {in_us}"
    assert clause_label(eu, REGIONAL) == f"paragraph 2 of “5. Your Content” {in_eu}"
    assert places(REGIONAL, [us.id, eu.id]) == (
        f"paragraph 2 of “5. Your Content” {in_us}, paragraph 2 of “5. Your Content” {in_eu}"
    )
    assert clause_reference(eu, REGIONAL) == f"the “5. Your Content” section {in_eu}"
    # a heading found once, and a clause named without its document, stay as they were
    assert clause_label(DOC.clause(_id("Your posts")), DOC) == "paragraph 2 of “What we collect”"
    assert clause_label(us) == "paragraph 2 of “5. Your Content”"


def test_a_place_named_twice_is_said_once() -> None:
    """Parts that repeat a section under no heading of their own cannot be told apart by a label:
    X's terms read "paragraphs 2 and 2 of “Your Rights …”"; the place is said once, and that it
    holds two of the clauses."""
    doc = parse_text(
        "## Your Content\n\nYou keep your posts.\n\nWe may show your posts to sponsors.\n\n"
        "## Your Content\n\nYou keep your posts.\n\nWe may show your posts to sponsors.\n\n"
        "Sponsors pay for it.\n"
    )
    shown = [c.id for c in doc.clauses if c.text.startswith("We may show")]
    paid = next(c.id for c in doc.clauses if c.text.startswith("Sponsors"))
    assert places(doc, shown) == "paragraph 2 of “Your Content” (in two places)"
    assert places(doc, [*shown, paid]) == "paragraphs 2 and 3 of “Your Content” (some in more than one place)"
    kept = [c.id for c in doc.clauses if c.text.startswith("You keep")]
    assert places(doc, [kept[0], shown[0], kept[1], shown[1]]) == (
        "paragraphs 1 and 2 of “Your Content” (each in two places)")


def test_numbered_items_repeated_in_sibling_subsections_are_named_by_their_subsection() -> None:
    """Tinder's items "1." of "15c" and of "15d", both under "15. DISPUTE RESOLUTION", were both
    named "§1 in “15. DISPUTE RESOLUTION”"."""
    doc = parse_text("# Terms\n\n## 3. Content\n\n1. You own your posts.\n\n## 15. Disputes\n\n"
                     "### 15c. Arbitration\n\n1. Small claims stay in court.\n\n"
                     "### 15d. Mass arbitration\n\n1. Demands are filed in batches.\n", source="t.md")
    first, second = (c for c in doc.clauses if c.number and c.text.startswith(("1. Small", "1. Demands")))
    assert clause_label(first, doc) == "§1 in “15c. Arbitration”"
    assert clause_label(second, doc) == "§1 in “15d. Mass arbitration”"


def test_a_nested_item_is_named_by_its_place_in_each_list() -> None:
    """Google's "What's not covered" named its first item and the first item nested in its second
    both "item 1 of “What’s not covered”"."""
    doc = parse_text("# Terms\n\n## What is not covered\n\n- Your own posts.\n- Other services:\n"
                     "  - maps you embed;\n  - videos you watch.\n", source="t.md")
    nested = [c for c in doc.clauses if c.text.endswith(("maps you embed;", "videos you watch."))]
    first = next(c for c in doc.clauses if c.text.endswith("Your own posts."))
    assert clause_label(first, doc) == "item 1 of “What is not covered”"
    assert [clause_label(c, doc) for c in nested] == ["item 2.1 of “What is not covered”",
                                                       "item 2.2 of “What is not covered”"]
    assert places(doc, [first.id, *(c.id for c in nested)]) == "items 1, 2.1 and 2.2 of “What is not covered”"


def test_a_heading_that_is_a_whole_sentence_is_named_by_its_first_part() -> None:
    """Google's terms head a section with a 170-character sentence; every paragraph under it was
    named with all of it ("paragraph 3 of “We know it’s tempting … expect from you.”")."""
    long = ("We know it’s tempting to skip these terms, but it’s important to establish what you can "
            "expect from us as you use our services, and what we expect from you.")
    doc = parse_text(f"# {long}\n\nFirst.\n\nSecond.\n\n# Sharing with partners and clients\n\nThird.\n")
    second = next(c for c in doc.clauses if c.text == "Second.")
    third = next(c for c in doc.clauses if c.text == "Third.")
    assert clause_label(second, doc) == "paragraph 2 of “We know it’s tempting to skip these terms…”"
    assert clause_reference(second, doc) == "the “We know it’s tempting to skip these terms…” section"
    assert places(doc, [second.id, third.id]) == (
        "paragraph 2 of “We know it’s tempting to skip these terms…”, "
        "paragraph 1 of “Sharing with partners and clients”"
    )
    heading = next(c for c in doc.clauses if c.kind.name == "HEADING")
    assert clause_label(heading, doc) == "“We know it’s tempting to skip these terms…”"
    # without a pause far enough in, it is cut at a word
    words = "Who Can See, Share, and Process My Personal Data When I Join Meetings and Use Other Products?"
    wordy = parse_text(f"# {words}\n\nFourth.\n")
    assert clause_label(wordy.clauses[-1], wordy) == (
        "paragraph 1 of “Who Can See, Share, and Process My Personal Data When I Join Meetings and Use…”"
    )


def test_a_sub_clause_is_named_with_its_parents_number() -> None:
    """"(a)" under 7.3 and "1." nested in item 2 were "§(a)" and "§1": the wrong place to look."""
    doc = parse_text(
        "# Terms\n\n7.3 We may share:\n\n(a) with clients;\n\n(b) with sponsors.\n\n"
        "## Other\n\n1. First thing\n\n2. Second\n    1. nested one\n    2. nested two\n\n3. Third\n"
    )
    by_text = {c.text.lstrip("• ").split()[-1]: c for c in doc.clauses}
    assert clause_label(by_text["clients;"], doc) == "§7.3(a)"
    assert clause_reference(by_text["sponsors."], doc) == "section 7.3(b)"
    assert clause_label(by_text["one"], doc) == "§2.1"
    assert clause_label(by_text["Second"], doc) == "§2"
    # a parent known only by a slug keeps the number as written
    article = parse_text("Article II Fees\n\n(1) Membership is free.\n")
    assert clause_label(article.clauses[-1], article) == "§(1)"


@pytest.mark.parametrize(("text", "key", "style"), [
    ("4A. Groups", "4A", "dec"),          # a section inserted between 4 and 5
    ("4A.1 Recruiters may join.", "4A.1", "dotted2"),
    ("A.7 No one outside your care team can read your messages.", "A.7", "dotted2"),
    ("5.4a Our quality team reviews a sample of conversations.", "5.4a", "dotted2"),  # inserted after 5.4
])
def test_inserted_and_lettered_sections_are_numbers(text: str, key: str, style: str) -> None:
    label, _ = split_label(text)
    assert label is not None and (label.key, label.style) == (key, style)


def test_a_figure_with_a_unit_letter_is_no_number() -> None:
    assert split_label("1.5x faster loading is promised.")[0] is None


def test_inserted_and_lettered_sections_give_their_clause_ids() -> None:
    document = parse_text("Terms\n\n4. Posts\n4.1 You may post.\n4A. Groups\n4A.1 Recruiters may join.\n"
                          "4A.2 Sponsors may read posts.\n5. Law\n5.1 English law applies.\n",
                          format=DocumentFormat.TEXT)
    assert {"4", "4.1", "4A", "4A.1", "4A.2", "5", "5.1"} <= {c.id for c in document.clauses}
    assert clause_label(document.clause("4A.2")) == "§4A.2"   # not "paragraph 2 of “4A …”"

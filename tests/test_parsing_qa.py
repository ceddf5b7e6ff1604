"""Parsing defects found by the parsing QA pass, each pinned on a small hand-written input."""

from __future__ import annotations

import pytest

from terms.errors import EmptyDocument
from terms.model import ClauseKind, DocumentFormat
from terms.parsing import parse_bytes
from terms.parsing.detect import detect_text_format


def _outline(data: str, name: str) -> list[tuple[str, ClauseKind, str]]:
    doc = parse_bytes(data.encode(), source=name)
    return [(c.id, c.kind, c.text) for c in doc.clauses]


# -- a fragment saved as .html is HTML ------------------------------------------------------------


@pytest.mark.parametrize("name", ["terms.html", "terms.htm", "TERMS.HTML"])
def test_html_fragment_named_html_is_read_as_html(name: str) -> None:
    fragment = "<h1>Beta Terms</h1>\n<p>You accept these terms by signing up.</p>\n"
    assert _outline(fragment, name) == [
        ("beta-terms", ClauseKind.HEADING, "Beta Terms"),
        ("beta-terms/p1", ClauseKind.PARAGRAPH, "You accept these terms by signing up."),
    ]


def test_tags_in_text_named_txt_or_md_stay_text() -> None:
    fragment = "Type <p>Hi</p> to start a paragraph.\n"
    assert detect_text_format(fragment, ".txt") == DocumentFormat.TEXT
    assert detect_text_format(fragment, ".md") == DocumentFormat.TEXT
    assert detect_text_format(fragment, ".html") == DocumentFormat.HTML
    assert detect_text_format("Plain words, no tags.\n", ".html") == DocumentFormat.TEXT


# -- text a browser never shows --------------------------------------------------------------------

_HIDDEN_PAGE = """<html><body><main>
<h1>Beta Privacy Notice</h1>
<p>We keep your email address.</p>
<div hidden><p>Variant B wording we never show.</p></div>
<p>See below <span aria-hidden="true">Icon label</span></p>
<div style="color: red; DISPLAY : none !important"><div><p>Nested and invisible.</p></div></div>
<section style="visibility:hidden">Invisible section.</section>
<template><p>Template row.</p></template>
<noscript><p>Please enable scripts.</p></noscript>
<div hidden="until-found"><p>Collapsed answer the reader can open.</p></div>
<p aria-hidden="false" style="display: block">We delete it on request.</p>
</main></body></html>
"""


def test_hidden_elements_are_not_read() -> None:
    doc = parse_bytes(_HIDDEN_PAGE.encode(), source="notice.html")
    assert [c.text for c in doc.clauses] == [
        "Beta Privacy Notice",
        "We keep your email address.",
        "See below",
        "Collapsed answer the reader can open.",
        "We delete it on request.",
    ]
    for gone in ("Variant B", "Icon label", "invisible", "Invisible", "Template", "enable scripts"):
        assert gone not in doc.text


def test_container_marked_aria_hidden_behind_a_dialog_is_kept() -> None:
    page = ('<html><body><div id="app" aria-hidden="true"><h1>Beta Terms</h1><p>You may cancel at any '
            'time.</p></div><div role="dialog"><p>We use cookies.</p></div></body></html>')
    doc = parse_bytes(page.encode(), source="saved.html")
    # the terms behind the dialog are read; the cookie dialog itself is set aside
    assert [c.text for c in doc.clauses] == ["Beta Terms", "You may cancel at any time."]


def test_page_whose_only_text_is_hidden_is_empty() -> None:
    page = '<html><body><div style="display:none">Secret</div><img src="a.png" alt=""></body></html>'
    with pytest.raises(EmptyDocument, match="no readable text"):
        parse_bytes(page.encode(), source="blank.html")


# -- a footnote mark after the final full stop ----------------------------------------------------


@pytest.mark.parametrize("mark", ["²", "[2]", "*", "†"])
@pytest.mark.parametrize(("name", "template"), [
    ("t.md", "# Beta Terms\n\nIntro words.\n\n4.2 Ads. We show ads{mark}\n"),
    ("t.txt", "BETA TERMS\n\nIntro words.\n\n4.2 Ads. We show ads{mark}\n"),
    ("t.html", "<html><body><h1>Beta Terms</h1><p>Intro words.</p><p>4.2 Ads. We show ads{mark}</p>"
               "</body></html>"),
])
def test_footnote_mark_after_full_stop_keeps_a_numbered_clause(name: str, template: str, mark: str) -> None:
    doc = parse_bytes(template.format(mark="." + mark).encode(), source=name)
    last = doc.clauses[-1]
    assert (last.id, last.kind, last.text) == ("4.2", ClauseKind.CLAUSE, f"4.2 Ads. We show ads.{mark}")


def test_a_short_numbered_line_without_full_stop_is_still_a_heading() -> None:
    doc = parse_bytes(b"4.2 Ads\n\nWe show ads.\n", source="t.txt")
    assert doc.clauses[0].kind == ClauseKind.HEADING


def test_a_numbered_line_its_first_subclause_follows_at_once_is_a_heading() -> None:
    """A veterinary chain's plain-text terms: "1. ABOUT THESE TERMS" with "1.1 Who we are. …" on the next
    line was a clause, and no clause of the section had its title in its heading path; a run of short
    numbered lines is still a list."""
    doc = parse_bytes(b"PART A\n\n1. ABOUT THESE TERMS\n1.1 Who we are. We run clinics.\n"
                      b"1.2 Acceptance. You agree.\n\n2. YOUR ACCOUNT\n2.1 Keep it safe.\n", source="t.txt")
    headings = [c.text for c in doc.clauses if c.kind is ClauseKind.HEADING]
    assert headings == ["PART A", "1. ABOUT THESE TERMS", "2. YOUR ACCOUNT"]
    assert doc.clause("1.2").heading_path[-1] == "1. ABOUT THESE TERMS"
    listed = parse_bytes(b"We collect:\n\n1. Name\n2. Email\n3. Phone\n\nWe keep it.\n", source="t.txt")
    assert [c.kind for c in listed.clauses[1:3]] == [ClauseKind.CLAUSE, ClauseKind.CLAUSE]


def test_a_part_heading_in_capitals_holds_the_numbered_sections_after_it() -> None:
    """A baby monitor's plain-text terms: "PART B - PRIVACY NOTICE" became a child of "7. INTELLECTUAL
    PROPERTY", and no clause of the privacy notice had the part in its heading path."""
    doc = parse_bytes(b"PART A - TERMS OF USE\n\n7. INTELLECTUAL PROPERTY\n7.1 You keep your content.\n\n"
                      b"PART B - PRIVACY NOTICE\n\n8. WHAT WE COLLECT\n8.1 We collect your name.\n",
                      source="t.txt")
    assert doc.clause("8.1").heading_path[:1] == ("PART B - PRIVACY NOTICE",)
    assert doc.clause("7.1").heading_path[:1] == ("PART A - TERMS OF USE",)


def test_sup_number_becomes_superscript_in_html_and_markdown() -> None:
    html = ("<html><body><h1>Beta Terms</h1><p>4.2 Ads. We show ads.<sup>2</sup></p>"
            "<p>Shown to you<sup>13</sup> on the web, on the 1<sup>st</sup> day.</p></body></html>")
    markdown = ("# Beta Terms\n\n4.2 Ads. We show ads.<sup>2</sup>\n\n"
                "Shown to you<sup>13</sup> on the web, on the 1<sup>st</sup> day.\n")
    expected = [
        ("beta-terms", ClauseKind.HEADING, "Beta Terms"),
        ("4.2", ClauseKind.CLAUSE, "4.2 Ads. We show ads.²"),
        ("beta-terms/p1", ClauseKind.PARAGRAPH, "Shown to you¹³ on the web, on the 1st day."),
    ]
    assert _outline(html, "t.html") == expected
    assert _outline(markdown, "t.md") == expected


# -- hard-wrapped lines that start with a number but go on with a sentence ------------------------


def _texts(data: str, name: str = "t.txt") -> list[str]:
    return [c.text for c in parse_bytes(data.encode(), source=name).clauses]


def test_amount_at_a_wrapped_line_start_is_no_clause() -> None:
    para = ("Refunds. Claims filed by the same firm in one quarter are grouped in lots of at\n"
            "250. We and you then pick one lot to hear first, and the others wait for it.")
    assert _texts("2. Refunds\n\n" + para + "\n") == ["2. Refunds", para]


def test_next_number_after_a_wrapped_line_still_starts_a_clause() -> None:
    text = ("1. You give us the content you upload to the app so we can show it.\n\n"
            "2. You keep your rights in that content and may remove it from your profile\n"
            "3. We may keep backups for thirty days.\n")
    assert _texts(text) == [
        "1. You give us the content you upload to the app so we can show it.",
        "2. You keep your rights in that content and may remove it from your profile",
        "3. We may keep backups for thirty days.",
    ]


def test_enumerator_inside_all_caps_prose_is_no_clause() -> None:
    para = ("THE CAP IN THE SENTENCE ABOVE HOLDS WHATEVER THE CLAIM AND HOWEVER IT\n"
            "(i) ARISES, IN CONTRACT OR TORT, AND (ii) WHATEVER THE LOSS CLAIMED.")
    assert _texts("Intro words.\n\n" + para + "\n") == ["Intro words.", para]


@pytest.mark.parametrize("para", [
    # the previous enumerator stands inside a line
    "You must not (iii) copy the app; (iv) resell access to it or rent it out to\n"
    "anyone, or post it;\n(v) Break its security; or (vi) scrape it.",
    # the next enumerator stands inside a line, even after a colon
    "The licence does not cover data that:\n(a) is public when you share it with us; (b)\n"
    "reaches us from a third party.",
])
def test_run_in_enumeration_is_no_clause(para: str) -> None:
    assert _texts("Intro words.\n\n" + para + "\n") == ["Intro words.", para]


def test_enumeration_one_item_a_line_is_still_split() -> None:
    text = "Intro words.\n\nWe share data with:\n(a) payment processors; and\n(b) cloud hosts.\n"
    assert _texts(text) == ["Intro words.", "We share data with:", "(a) payment processors; and",
                            "(b) cloud hosts."]


def test_year_at_a_wrapped_line_start_in_markdown_is_no_list() -> None:
    text = "# Beta Terms\n\nWe last changed these terms in October\n2025. They apply from then on.\n"
    assert _texts(text, "t.md") == ["Beta Terms",
                                    "We last changed these terms in October\n2025. They apply from then on."]
    lists = "# Beta Terms\n\nIntro words.\n\n118. First item\n119. Second item\n"
    assert _texts(lists, "t.md")[-2:] == ["118. First item", "119. Second item"]


@pytest.mark.parametrize("joiner", ["; and", "; or", ", and/or"])
def test_list_item_ending_in_a_joiner_is_no_heading(joiner: str) -> None:
    text = f"BETA TERMS\n\nYou agree to:\n\n4. Keep your password safe{joiner}\n\n5. Tell us of any misuse.\n"
    doc = parse_bytes(text.encode(), source="t.txt")
    kinds = {c.number: c.kind for c in doc.clauses if c.number}
    assert kinds == {"4.": ClauseKind.CLAUSE, "5.": ClauseKind.CLAUSE}


# -- a compound broken at its hyphen by hard wrapping -----------------------------------------------


def test_wrapped_compound_is_joined_without_a_space_in_plain_text() -> None:
    text = ("We never sell your data to any third-\nparty, and our licence to it is non-\n"
            "exclusive and royalty-\nfree; see https://example.com/help/managing-your-\n"
            "account for details.\n")
    doc = parse_bytes(text.encode(), source="t.txt")
    assert doc.text == ("We never sell your data to any third-party, and our licence to it is non-exclusive "
                        "and royalty-free; see https://example.com/help/managing-your-account for details.")


def test_hyphen_dropped_only_where_the_document_writes_the_word_joined() -> None:
    text = "We keep your information safe.\n\nWe share no infor-\nmation and no sub-\nmissions.\n"
    doc = parse_bytes(text.encode(), source="t.txt")
    assert doc.clauses[-1].text == "We share no information and no sub-missions."


def test_line_after_a_hyphen_that_starts_a_clause_is_not_joined() -> None:
    text = "Intro words.\n\nThe following apply to all users and are non-\n1. Fees are due monthly.\n"
    doc = parse_bytes(text.encode(), source="t.txt")
    assert [c.text for c in doc.clauses][-2:] == ["The following apply to all users and are non-",
                                                    "1. Fees are due monthly."]


def test_numbered_plain_text_without_a_name_is_read_as_text() -> None:
    """`pdftotext terms.pdf - | clearterms analyze -` (the README's own pipeline) was read as
    Markdown: its numbered section lines counted as list markers, and the title ran into the first
    paragraph, so the document lost its service and its series in the consent store."""
    text = ("Caducea Network — Terms of Membership\nLast updated: March 3, 2026\n"
            "1. Acceptance\n1.1 By using the Network you agree to these Terms.\n"
            "2. Your account\n2.1 Keep your password safe.\n3. Your content\n3.1 You own your posts.\n")
    assert detect_text_format(text) == DocumentFormat.TEXT
    assert detect_text_format("# Terms\n\n- **Bold** item\n- another\n") == DocumentFormat.MARKDOWN

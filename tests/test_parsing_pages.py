"""Plain text printed to pages: running headers, footers and page numbers are no clauses, and a clause the
page break cuts runs on (a nurse-staffing app's terms exported from a word processor lost a licence and a
choice of law to its page breaks)."""

from __future__ import annotations

import pytest

from terms.model import DocumentFormat
from terms.parsing import parse_bytes, parse_text
from terms.parsing.pagebreaks import page_furniture


def _page(header: str, body: str, number: int, of: int) -> str:
    return f"{header}\n\n{body}\n\n\n                Page {number} of {of}\n"


PAGES = "\f".join([
    _page("ACME, INC.\nMEMBER TERMS", "1. ACCOUNTS\n\n1.1  You must keep your password safe and tell us\n"
          "     at once if someone else may have used it.\n\n"
          "1.2  We may change these Terms by posting a new\n"
          "     version, and the new version applies to long-", 1, 3),
    _page("Acme Member Terms", "     term subscribers from the day it is posted.\n\n2. YOUR IDEAS\n\n"
          "2.1  If you send us suggestions about our services or the", 2, 3),
    _page("Acme Member Terms", "     Services themselves, you grant us a perpetual licence to use them.\n\n"
          "2.2  You keep ownership of your profile photograph.", 3, 3),
])


def _clauses(text: str) -> dict[str, str]:
    document = parse_text(text, format=DocumentFormat.TEXT)
    return {clause.id: " ".join(clause.text.split()) for clause in document.clauses}


def test_running_headers_and_page_numbers_are_left_out_and_cut_clauses_run_on() -> None:
    clauses = _clauses(PAGES)
    assert not any("Page" in text or text == "Acme Member Terms" for text in clauses.values())
    assert clauses["1.2"].endswith("applies to long-term subscribers from the day it is posted.")
    assert clauses["2.1"].endswith("or the Services themselves, you grant us a perpetual licence to use "
                                   "them.")
    assert [cid for cid in clauses if cid[0].isdigit()] == ["1", "1.1", "1.2", "2", "2.1", "2.2"]


def test_form_feeds_read_from_a_file_mark_the_pages() -> None:
    """Pages without a "Page N of M" footer: the form feed alone starts each one."""
    text = "\f".join([
        "Acme Member Terms\n\n1.1  You must keep your password safe and",
        "Acme Member Terms\n\ntell us at once if it is lost.\n\n1.2  Be kind.",
        "Acme Member Terms\n\n1.3  Report abuse to us.",
    ])
    document = parse_bytes(text.encode(), format=DocumentFormat.TEXT)
    texts = {clause.id: " ".join(clause.text.split()) for clause in document.clauses}
    assert texts["1.1"] == "1.1 You must keep your password safe and tell us at once if it is lost."
    assert "Acme Member Terms" not in " ".join(texts[cid] for cid in ("1.1", "1.2", "1.3"))


def test_a_page_that_ends_a_sentence_starts_a_new_paragraph() -> None:
    lines = ["1.1  All done here.", "", "Page 1 of 2", "2.1  Next clause.", "", "Page 2 of 2"]
    assert page_furniture(lines) == {2, 5}


def test_a_clause_indented_under_its_number_runs_on_after_a_page_that_ended_a_sentence() -> None:
    """A screening vendor's terms: page 5 ended 14.2 at "… once the sample has been taken." and page 6
    went on, indented under the clause's number, "Card payments are handled …", which became a paragraph of
    section 14 and made the comparison with the next version report 14.2 as merged."""
    text = "\f".join([
        _page("Acme Terms", "14. FEES\n\n14.1 There is no charge for the standard test.\n"
              "14.2 Optional tests have a fee shown before the test. Fees are payable by\n"
              "     card and are not refunded once the sample has been taken.", 1, 2),
        _page("Acme Terms", "     Card payments go to our payment processor.\n\n"
              "14.3 Receipts are sent by email.\n\n15. SUPPORT\n\n"
              "15.1 Write to us at any time.", 2, 2),
    ])
    clauses = _clauses(text)
    assert clauses["14.2"].endswith("has been taken. Card payments go to our payment processor.")
    assert [cid for cid in clauses if cid.startswith("14")] == ["14", "14.1", "14.2", "14.3"]


def test_a_clause_that_ends_a_page_is_not_joined_by_the_next_pages_unindented_clause() -> None:
    lines = ["1.1  All done here and", "     ended.", "", "Page 1 of 2", "1.2  Next clause.", "",
             "Page 2 of 2"]
    assert page_furniture(lines) == {3, 6}


def test_lines_that_only_draw_a_rule_are_no_clauses() -> None:
    """A cessation programme's first page kept its header's "=====" rule as the document's first clause, and
    a section rule of dashes became a paragraph of section 1."""
    text = ("ACME MEMBER TERMS\n==================\n\n1. FIRST\n\n1.1 Some text that goes on.\n\n"
            "- - - - - - - - - -\n\n2. SECOND\n\n2.1 More text.\n")
    clauses = _clauses(text)
    assert not any(set(t) <= set("=- ") for t in clauses.values())
    assert [cid for cid in clauses if cid[0].isdigit()] == ["1", "1.1", "2", "2.1"]


def test_text_without_pages_is_left_alone() -> None:
    lines = ["Our Terms", "", "3", "", "1. You must be 18.", "", "Acme Terms"]
    assert page_furniture(lines) == set()


def test_a_running_header_that_repeats_the_title_stays_the_title_on_the_first_page() -> None:
    text = "\f".join([
        "Acme Member Terms\n\n1.1  You must keep your password safe.\n\nPage 1 of 3",
        "Acme Member Terms\n\n1.2  Be kind to other members.\n\nPage 2 of 3",
        "Acme Member Terms\n\n1.3  Report abuse to us.\n\nPage 3 of 3",
    ])
    document = parse_bytes(text.encode(), format=DocumentFormat.TEXT)
    assert document.title == "Acme Member Terms"
    assert [" ".join(c.text.split()) for c in document.clauses].count("Acme Member Terms") == 1


@pytest.mark.parametrize("header", ["Acme — Member Terms        Rev. 2026-03",
                                    "ACME -- MEMBER TERMS  Version 4.0, 1 September 2025"])
def test_a_running_header_laid_out_in_columns_is_no_title_on_the_first_page(header: str) -> None:
    """A chatbot's terms printed with "Consilium AI — Terms of Service    Rev. 2026-03" atop every page kept
    it on the first as its title and a clause, and a compare of two revisions said the clause changed; a cuff
    app's later version did so with two spaces before its version and date."""
    text = "\f".join([
        f"{header}\n\nACME MEMBER TERMS\n\n1.1  You must keep your password safe.\n\nPage 1 of 3",
        f"{header}\n\n1.2  Be kind to other members.\n\nPage 2 of 3",
        f"{header}\n\n1.3  Report abuse to us.\n\nPage 3 of 3",
    ])
    document = parse_bytes(text.encode(), format=DocumentFormat.TEXT)
    date = header.rsplit(maxsplit=1)[-1]
    assert date not in document.text
    assert document.title and date not in document.title


def test_capitals_that_run_on_across_a_page_break_stay_one_clause() -> None:
    """A weight-loss pharmacy's disclaimer in capitals: "… FITNESS FOR A PARTICULAR" at the foot of a page and
    "PURPOSE AND NON-INFRINGEMENT." at the top of the next became a clause and a stray paragraph."""
    text = "\f".join([
        "Acme Terms\n\n12.2  THE SERVICE IS PROVIDED WITHOUT WARRANTIES OF MERCHANTABILITY OR FITNESS FOR A "
        "PARTICULAR\n\nPage 1 of 2",
        "Acme Terms\n\nPURPOSE AND NON-INFRINGEMENT.\n\n12.3  Nothing else.\n\nPage 2 of 2",
    ])
    document = parse_bytes(text.encode(), format=DocumentFormat.TEXT)
    texts = {c.id: " ".join(c.text.split()) for c in document.clauses}
    assert texts["12.2"].endswith("FITNESS FOR A PARTICULAR PURPOSE AND NON-INFRINGEMENT.")


def test_a_browsers_printed_header_and_footer_are_page_furniture() -> None:
    """A page printed from a browser carries the date and the page's title at the top and its address beside
    "Page N of M" at the foot: no form feed and no footer alone on its line, so every header and footer had
    become a clause, a clause cut by the break lost its second half, and a reprint's new date "changed" five
    clauses in a comparison."""
    header = "9/14/26, 8:02 AM                     Donor Terms | GiftPath"
    footer = "https://www.giftpath.example/legal/donor-terms      Page {} of 2"
    text = (f"{header}\n\n1. GIFTS\n\n1.1  Your gift and the story you attach to it may be shown in our\n"
            "     campaigns, in newsletters and in paid advertising in any\n\n"
            f"{footer.format(1)}\n{header}\n\n     country, for as long as we choose.\n\n"
            f"1.2  Receipts are sent by e-mail.\n\n{footer.format(2)}\n")
    clauses = _clauses(text)
    assert clauses["1.1"].endswith("in paid advertising in any country, for as long as we choose.")
    assert not any("giftpath.example" in body or "8:02" in body for body in clauses.values())

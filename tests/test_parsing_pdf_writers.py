"""PDFs as other writers than Qt make them (reportlab here): a line break closing every line,
bullets drawn as characters, running headers and footers drawn apart from the body, hyphenated
capitals, clipped lines at page breaks, columns, and pages that cannot be decoded.

Each was found by rendering the corpus documents to PDF and comparing the flags with those of
their Markdown: a paragraph's first line split off turned "we are not in the business of
selling …" into a sale.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate

from terms.errors import UnsupportedDocument
from terms.model import ClauseKind
from terms.parsing import parse_bytes
from terms.parsing.dehyphen import join_lines
from tests.pdf_fixtures import make_pdf

HEADING = ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=14, leading=17, spaceAfter=6)
BODY = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=12.5, spaceAfter=6)
NO_SALE = ("Members' trust is what this forum runs on, and we do not make any money by selling the personal "
           "information of our members to advertisers, data brokers or anybody else. We pass it only to the "
           "hosting companies that keep the forum online, under contracts that forbid any other use.")


def _flowables(story: list) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title="").build(story)
    return out.getvalue()


def _parsed(data: bytes, notes: list[str] | None = None):
    return parse_bytes(data, source="policy.pdf", notes=notes)


def test_a_paragraph_after_a_heading_is_one_clause_and_the_heading_stays_alone() -> None:
    """Each line ends in a line break ("Tj T*"): no line may be guessed below it, or the next
    paragraph's first line joins the guess and takes its size and bold face."""
    document = _parsed(_flowables([Paragraph("Forum Privacy Notice", HEADING),
                                   Paragraph("<b>Last updated: 2 February 2026</b>", BODY),
                                   Paragraph("Do We Sell Your Information?", HEADING),
                                   Paragraph(NO_SALE, BODY)]))
    kinds = [(c.kind, c.text) for c in document.clauses]
    assert (ClauseKind.HEADING, "Forum Privacy Notice") in kinds
    assert (ClauseKind.HEADING, "Do We Sell Your Information?") in kinds
    assert (ClauseKind.PARAGRAPH, NO_SALE) in kinds
    assert document.title == "Forum Privacy Notice"


def test_bullets_drawn_as_characters_mark_list_items_and_wrapped_items_stay_whole() -> None:
    items = ["We keep your posts on servers in the European Union and protect them with encryption at rest "
             "and in transit, reviewed by an outside auditor every year.",
             "We share your e-mail address with the company that sends our newsletter, which may not use "
             "it for anything else and deletes it when you unsubscribe."]
    document = _parsed(_flowables([Paragraph("How we protect your information", HEADING),
                                   Paragraph("We do the following:", BODY),
                                   ListFlowable([ListItem(Paragraph(t, BODY)) for t in items],
                                                bulletType="bullet", start="•", leftIndent=18)]))
    listed = [c.text for c in document.clauses if c.kind is ClauseKind.ITEM]
    assert listed == [f"• {t}" for t in items]
    headings = [c.text for c in document.clauses if c.kind is ClauseKind.HEADING]
    assert headings == ["How we protect your information"]


def test_a_bullet_typed_into_a_paragraph_marks_an_item_and_its_hanging_lines_stay_in_it() -> None:
    """A bullet typed at the start of a paragraph set with a hanging indent (reportlab writes "•" in
    Helvetica as a code pypdf decodes to DEL): it read "• �" in the clause, and the item's wrapped
    line, further right than the bullet, became a clause of its own."""
    hanging = ParagraphStyle("item", parent=BODY, leftIndent=34, firstLineIndent=-11, spaceAfter=2)
    items = ['"Circle" means the relatives, friends and neighbours who have been invited to use the '
             "Circle app for that home, and who may see its timeline;",
             '"Resident" means the person in whose home the kit is installed;']
    document = _parsed(_flowables([Paragraph("Definitions", HEADING), Paragraph("In this document:", BODY),
                                   *(Paragraph(f"\u2022 {t}", hanging) for t in items)]))
    listed = [c.text for c in document.clauses if c.kind is ClauseKind.ITEM]
    assert listed == [f"• {t}" for t in items]
    assert not any("\ufffd" in c.text for c in document.clauses)


def _canvas_pdf(draw) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    draw(pdf)
    pdf.save()
    return out.getvalue()


def _body_lines(page: int) -> list[str]:
    return [f"Paragraph {page}.{n}: we use what you post on page {page} to run the forum, line {n}."
            for n in range(1, 4)]


def test_running_header_in_two_parts_and_footer_drawn_first_are_dropped() -> None:
    """A header with a title left and a date right, and a "Page N of M" footer, drawn before the
    body: the page's edges are its highest and lowest lines, not its first and last drawn."""
    def draw(pdf: canvas.Canvas) -> None:
        for page in range(1, 5):
            pdf.setFont("Helvetica", 8)
            pdf.drawString(72, 800, "Example Forum — Privacy Notice")
            pdf.drawRightString(523, 800, "Effective 1 January 2026")
            pdf.drawCentredString(297, 30, f"Page {page} of 4")
            pdf.setFont("Helvetica", 10)
            y = 760
            for line in _body_lines(page):
                pdf.drawString(72, y, line)
                y -= 25
            pdf.showPage()

    text = _parsed(_canvas_pdf(draw)).text
    assert "Page" not in text.replace("page", "") and "Privacy Notice" not in text and "Effective" not in text
    assert all(line in text for page in range(1, 5) for line in _body_lines(page))


def test_a_footer_that_carries_the_page_number_is_dropped_and_a_sentence_goes_on_across_the_break() -> None:
    """A reviewer's reportlab policy had "example.org/privacy Page 3 of 6" in one line at every page's
    foot: differing by its number it was kept, six times, as a clause, and it cut the sentences that
    ran across the page break ("… We audit a sample of" / "partners each year." became two clauses)."""
    def footer(pdf: canvas.Canvas, page: int) -> None:
        pdf.setFont("Helvetica", 8)
        pdf.drawString(72, 30, f"example.org/privacy        Page {page} of 4")

    def draw(pdf: canvas.Canvas) -> None:
        for page in range(1, 5):
            footer(pdf, page)
            pdf.setFont("Helvetica", 10)
            if page == 3:
                pdf.drawString(72, 785, "partners each year.")
            y = 760
            for line in _body_lines(page):
                pdf.drawString(72, y, line)
                y -= 25
            if page == 2:
                pdf.drawString(72, 60, "We check what our partners do with the data and we audit a sample of")
            pdf.showPage()

    document = _parsed(_canvas_pdf(draw))
    assert "example.org" not in document.text
    assert any(c.text.endswith("we audit a sample of partners each year.") for c in document.clauses)


def test_a_title_in_large_type_is_kept_though_a_running_header_repeats_its_words() -> None:
    """An invoicing app's PDF set its title large on page 1 and the same words small at every page's top:
    the title went with the header, and the opening paragraphs' ids changed from the Markdown's."""
    def draw(pdf: canvas.Canvas) -> None:
        for page in range(1, 5):
            pdf.setFont("Helvetica", 8)
            pdf.drawString(72, 810, "Locumbook Terms of Service")
            y = 760
            if page == 1:
                pdf.setFont("Helvetica-Bold", 18)
                pdf.drawString(72, 780, "Locumbook Terms of Service")
                y = 740
            pdf.setFont("Helvetica", 10)
            for line in _body_lines(page):
                pdf.drawString(72, y, line)
                y -= 25
            pdf.showPage()

    document = _parsed(_canvas_pdf(draw))
    headings = [c.text for c in document.clauses if c.kind is ClauseKind.HEADING]
    assert headings == ["Locumbook Terms of Service"]
    assert document.text.count("Locumbook Terms of Service") == 1


@pytest.mark.parametrize(("last_of_page_two", "top_of_page_three"), [
    # a reviewer's peer-support policy: "10.3 If QuietHarbor merges with …" opened page 5 and was read as the
    # rest of 10.2, whose last line on page 4 was full and ended "… for their own purposes."
    pytest.param(("10.2 We use service providers for hosting, support email and crash reports, which handle "
                  "the data",
                  "only on our instructions and may not use it for their own purposes or sell it to anyone "
                  "at all."),
                 "10.3 If we merge with another organisation, member information may pass to the new owner.",
                 id="numbered"),
    # a connected-car notice: "(d) Fleet and rental vehicles …" opened page 2 and was read as the rest of (c)
    pytest.param(("(c) If you do not agree with this notice, the only way to stop collection is to",
                  "ask a retailer to switch the modem off, which also disables the crash call."),
                 "(d) Fleet and rental vehicles belong to the company that runs the fleet.", id="lettered"),
])
def test_a_clause_at_the_top_of_a_page_starts_a_clause_after_a_finished_sentence(
        last_of_page_two: tuple[str, str], top_of_page_three: str) -> None:
    """A clause number or letter opening a page starts a clause when the page before ended a sentence on a
    full line."""
    def draw(pdf: canvas.Canvas) -> None:
        for page in range(1, 5):
            pdf.setFont("Helvetica", 8)
            pdf.drawString(72, 810, "Example Chat Ltd. | Privacy Policy")
            pdf.drawString(72, 798, f"Page {page}")
            pdf.setFont("Helvetica", 10)
            y = 760
            if page == 3:
                pdf.drawString(72, y, top_of_page_three)
                y -= 24
            for line in _body_lines(page):
                pdf.drawString(72, y, line)
                y -= 24
            if page == 2:
                pdf.drawString(72, y, last_of_page_two[0])
                pdf.drawString(72, y - 13, last_of_page_two[1])
            pdf.showPage()

    texts = [c.text for c in _parsed(_canvas_pdf(draw)).clauses]
    assert any(t.endswith(last_of_page_two[1]) for t in texts)
    assert top_of_page_three in texts


def test_a_line_drawn_on_both_sides_of_a_page_break_is_read_once() -> None:
    cut = "and that is why we ask before we show your name to anybody outside the forum."

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, 760, "We never show your name to other members without asking you first,")
        pdf.drawString(72, 747.5, cut)
        pdf.showPage()
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, 800, cut)
        pdf.drawString(72, 760, "Members can change this in their settings whenever they like.")
        pdf.showPage()

    assert _parsed(_canvas_pdf(draw)).text.count(cut) == 1


def test_a_sentence_going_on_in_the_next_column_is_one_paragraph() -> None:
    left = ["Section headings aside, this notice is set in two columns, and the sentence that",
            "ends this column carries on at the top of the next one, where it"]
    right = ["finishes: we delete your posts thirty days after you close your account.",
             "",
             "A second paragraph starts here, in the right-hand column, after a gap."]

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(40, 790, "Keeping your posts")
        pdf.setFont("Helvetica", 9)
        for x, lines in ((40, left), (310, right)):
            y = 760
            for line in lines:
                if line:
                    pdf.drawString(x, y, line)
                y -= 11.5

    paragraphs = [c.text for c in _parsed(_canvas_pdf(draw)).clauses if c.kind is ClauseKind.PARAGRAPH]
    assert paragraphs == [" ".join(left + right[:1]), right[2]]


@pytest.mark.parametrize(("lines", "joined"), [
    (["TO THE EXTENT PERMITTED BY LAW, WE DISCLAIM ALL WARRANTIES, IN-", "CLUDING MERCHANTABILITY."],
     "TO THE EXTENT PERMITTED BY LAW, WE DISCLAIM ALL WARRANTIES, INCLUDING MERCHANTABILITY."),
    (["THE COURTS HAVING JURIS-", "DICTION OVER IT"], "THE COURTS HAVING JURISDICTION OVER IT"),
    (["ANY NON-", "EXCLUSIVE LICENCE"], "ANY NON-EXCLUSIVE LICENCE"),       # a compound's own hyphen
    (["THE EU-", "U.S. FRAMEWORK"], "THE EU-U.S. FRAMEWORK"),           # a name, not a broken word
    (["SEND US AN E-", "MAIL"], "SEND US AN E-MAIL"),
])
def test_capitals_broken_at_a_hyphen_are_joined(lines: list[str], joined: str) -> None:
    words = Counter({"including": 4, "non-exclusive": 1})
    assert join_lines(lines, words) == joined


def _with_broken_stream(data: bytes, page_numbers: set[int]) -> bytes:
    """``data`` (a tiny PDF of ``make_pdf``) with the content stream of the given pages (1-based)
    marked FlateDecode although it is not compressed: pypdf reads those pages as blank."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for number in page_numbers:
        stream = writer.pages[number - 1]["/Contents"].get_object()
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_page_that_cannot_be_decoded_is_named_in_a_note() -> None:
    pages = [[f"Section {n}. We keep what you post on page {n} for as long as the forum runs."]
             for n in range(1, 4)]
    notes: list[str] = []
    document = _parsed(_with_broken_stream(make_pdf(pages), {1}), notes)
    assert "Section 2" in document.text and "Section 1" not in document.text
    assert notes == ["policy.pdf: page 1 of 3 could not be decoded (damaged content), so its text is "
                     "missing; download or export the PDF again"]


def test_a_pdf_none_of_whose_pages_can_be_decoded_is_called_damaged_not_scanned() -> None:
    data = _with_broken_stream(make_pdf([["We keep your posts for as long as the forum runs."]] * 2), {1, 2})
    damaged = r"is a damaged PDF \(its pages' content could not be decoded\)"
    with pytest.raises(UnsupportedDocument, match=damaged):
        _parsed(data)


def test_a_line_on_every_page_is_text_when_nothing_else_is() -> None:
    line = "We keep every post for as long as the forum runs."
    document = _parsed(make_pdf([[line]] * 4))
    assert line in document.text


def test_words_placed_one_by_one_keep_their_spaces_and_a_separator_mid_line_stays() -> None:
    """Some writers draw each word of a justified line by itself; it read "Weneversellyour…",
    hiding "never sell" from the rules. A "·" after text on its line is a separator, not a bullet."""
    sentence = "We never sell your personal data to anybody at all."

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFont("Helvetica", 10)
        x = 72.0
        for word in sentence.split():
            pdf.drawString(x, 760, word)
            x += pdf.stringWidth(word, "Helvetica", 10) + 4
        pdf.drawString(72, 735, "Contact")
        pdf.drawString(112, 735, "·")
        pdf.drawString(120, 735, "privacy@example.org")
        pdf.drawString(72, 710, "Members can change this in their settings whenever they like, at no cost.")

    text = _parsed(_canvas_pdf(draw)).text
    assert sentence in text and "Contact · privacy@example.org" in text


def test_a_header_drawn_after_the_body_does_not_join_the_sentence_over_the_page_break() -> None:
    chapters = ["Part A - Your data", "Part B - Sharing", "Part C - Keeping"]

    def draw(pdf: canvas.Canvas) -> None:
        for page, chapter in enumerate(chapters):
            pdf.setFont("Helvetica", 10)
            y = 760
            if page:
                pdf.drawString(72, y, "over the break: we delete posts thirty days after you leave.")
                y -= 25
            pdf.drawString(72, y, f"Paragraph {page}: we keep what you post to run the forum well.")
            y -= 25
            pdf.drawString(72, y, "The last sentence of this page goes on over the page break and it carries")
            pdf.drawString(72, 800, chapter)   # the running header, different on each page, drawn last
            pdf.showPage()

    paragraphs = [c.text for c in _parsed(_canvas_pdf(draw)).clauses]
    assert all(not any(chapter in p and p != chapter for chapter in chapters) for p in paragraphs)


def test_capitals_keep_a_compound_s_hyphen() -> None:
    words = Counter({"free": 3, "action": 2, "error": 1})
    assert join_lines(["THE SERVICE IS NOT ERROR-", "FREE."], words) == "THE SERVICE IS NOT ERROR-FREE."
    assert join_lines(["A CLASS-", "ACTION WAIVER"], words) == "A CLASS-ACTION WAIVER"


def test_a_bold_sentence_going_on_after_a_full_line_stays_in_its_paragraph() -> None:
    """Discord's "… will be conducted. **You agree to cooperate in good faith …**" became two
    clauses in its PDF, and every clause id after it in the section moved; a short bold line after
    a sentence is still a heading of its own."""
    paragraphs = [
        [("Helvetica", "These terms explain how disputes between you and the forum are settled, and"),
         ("Helvetica", "which courts or arbitrators hear them when talking it over has not helped.")],
        [("Helvetica", "Notwithstanding the section on the place of arbitration, for arbitrations subject"),
         ("Helvetica", "to this section, the arbitrator will determine where the proceedings are held."),
         ("Helvetica-Bold", "You agree to cooperate in good faith with us, the arbitrator, and the provider"),
         ("Helvetica-Bold", "to carry out such a batch approach to resolve the claims in the batch quickly."),
         ("Helvetica", "Any disagreement between the parties about this approach goes to the provider.")],
        [("Helvetica-Bold", "Mass Filings")],
        [("Helvetica", "If twenty-five or more similar demands are filed, they are heard in batches of"),
         ("Helvetica", "one hundred, each batch before its own arbitrator, as the provider decides.")]]

    def draw(pdf: canvas.Canvas) -> None:
        y = 760.0
        for paragraph in paragraphs:
            for font, text in paragraph:
                pdf.setFont(font, 10)
                pdf.drawString(72, y, text)
                y -= 12.5
            y -= 10

    texts = [" ".join(c.text.split()) for c in _parsed(_canvas_pdf(draw)).clauses]
    assert any(t.startswith("Notwithstanding") and "cooperate in good faith" in t
               and t.endswith("goes to the provider.") for t in texts)
    assert "Mass Filings" in texts

"""PDFs as a word processor prints them: Qt's QPdfWriter draws ligatures, bold runs, list bullets
as shapes and paragraph spacing, and the reader must give the clauses the Markdown gives."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import mistune
import pytest

from terms.model import ClauseKind
from terms.parsing import parse_bytes, parse_file, parse_text
from terms.parsing.dehyphen import join_lines
from tests.pdf_fixtures import make_pdf

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "resources" / "samples" / "physician-community-terms.md"

TERMS_MD = """\
# Lumenfold Terms of Service

Effective Date: March 3, 2026

READ THESE TERMS CAREFULLY. THEY LIMIT WHAT LUMENFOLD OWES YOU, THEY SEND MOST DISAGREEMENTS TO \
ARBITRATION RATHER THAN COURT, AND THEY SAY THAT YOU GIVE UP ANY RIGHT TO JOIN A CLASS ACTION AGAINST \
LUMENFOLD OR ITS SUPPLIERS.

## 1. ACCOUNTS

**1.1 Registration**. You give us a name and an email address to open an account, and you keep \
them current. Your profile shows the name you chose to every other member of the service.

**1.2 Sharing**. You may not share your account with anyone else, and you will tell us at once if \
you think that someone else has used it.

## 2. PAYMENT

**2.1 Fees**. Paid plans are billed every month to the card you give us, together with any \
**VAT** that the law of your country requires us to charge.

We share billing records with:

- our payment processor, which keeps them for seven years;
- our auditors, once a year;
- tax authorities that ask for them by law.

## 3. DATA

We keep the messages you send for ninety days, then delete them. You can ask us to:

1. send you a copy of them
2. delete them sooner
"""


def _pdf_of_markdown(markdown: str, path: Path) -> bytes:
    """``markdown`` as a Qt word processor would print it (A4, default fonts)."""
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    document.setHtml(mistune.html(markdown))
    document.print_(writer)
    del writer  # the file is complete once the writer is gone
    return path.read_bytes()


@pytest.fixture
def terms_pdf(qapp, tmp_path: Path) -> bytes:
    return _pdf_of_markdown(TERMS_MD, tmp_path / "terms.pdf")


def test_a_printed_pdf_has_the_clause_ids_of_its_markdown(terms_pdf: bytes) -> None:
    from_md = parse_text(TERMS_MD, source="terms.md")
    from_pdf = parse_bytes(terms_pdf, source="terms.pdf")
    assert [c.id for c in from_pdf.clauses] == [c.id for c in from_md.clauses]
    assert [c.kind for c in from_pdf.clauses] == [c.kind for c in from_md.clauses]
    assert from_pdf.title == from_md.title == "Lumenfold Terms of Service"


def test_ligatures_are_spelled_out_and_the_effective_date_is_found(terms_pdf: bytes) -> None:
    doc = parse_bytes(terms_pdf, source="terms.pdf")
    assert not any("\ufb00" <= ch <= "\ufb06" for ch in doc.text)
    assert "Your profile shows" in doc.text
    assert doc.effective_date == "2026-03-03"


def test_a_wrapped_all_caps_paragraph_is_one_paragraph_not_a_heading_per_line(terms_pdf: bytes) -> None:
    doc = parse_bytes(terms_pdf, source="terms.pdf")
    caps = [c for c in doc.clauses if c.text.startswith("READ THESE TERMS")]
    assert len(caps) == 1 and caps[0].kind == ClauseKind.PARAGRAPH
    assert caps[0].text.endswith("OR ITS SUPPLIERS.")
    assert Counter(c.kind for c in doc.clauses)[ClauseKind.HEADING] == 4  # the title, 1., 2. and 3.


def test_bold_run_in_headings_and_bold_words_stay_in_their_sentences(terms_pdf: bytes) -> None:
    doc = parse_bytes(terms_pdf, source="terms.pdf")
    by_id = {c.id: c for c in doc.clauses}
    assert by_id["1.2"].text.startswith("1.2 Sharing. You may not share your account")
    assert "together with any VAT that the law" in by_id["2.1"].text
    assert not any(c.text.startswith((".", "VAT")) for c in doc.clauses)


def test_printed_text_reads_as_the_markdown_does(terms_pdf: bytes) -> None:
    from_md = parse_text(TERMS_MD, source="terms.md")
    from_pdf = parse_bytes(terms_pdf, source="terms.pdf")
    assert [" ".join(c.text.split()) for c in from_pdf.clauses] == [" ".join(c.text.split())
                                                                    for c in from_md.clauses]


def test_the_bundled_sample_printed_to_pdf_is_the_same_document(qapp, tmp_path: Path) -> None:
    """The consent store files a new version under its title and service: a PDF of the sample must
    get the ones its Markdown gets, and the same clause ids, or nobody is asked to review again."""
    markdown = SAMPLE.read_text(encoding="utf-8")
    from_md = parse_file(SAMPLE)
    from_pdf = parse_bytes(_pdf_of_markdown(markdown, tmp_path / "sample.pdf"), source="sample.pdf")
    assert (from_pdf.title, from_pdf.service, from_pdf.kind) == (from_md.title, from_md.service, from_md.kind)
    assert [c.id for c in from_pdf.clauses] == [c.id for c in from_md.clauses]
    assert from_pdf.effective_date == from_md.effective_date


def test_a_list_hanging_from_a_lead_in_keeps_its_items_apart(terms_pdf: bytes) -> None:
    doc = parse_bytes(terms_pdf, source="terms.pdf")
    items = [c.text for c in doc.clauses if c.kind == ClauseKind.ITEM]
    assert items == ["• our payment processor, which keeps them for seven years;",
                     "• our auditors, once a year;", "• tax authorities that ask for them by law."]


def test_ligatures_in_any_format_are_spelled_out() -> None:
    doc = parse_text("# Terms\n\nE\ufb00ective 1 May 2026. We use your pro\ufb01le and \ufb03ce data.\n")
    assert "Effective 1 May 2026. We use your profile and ffice data." in doc.text
    assert doc.effective_date == "2026-05-01"


def test_line_end_hyphens_are_kept_when_the_document_writes_the_compound() -> None:
    words = Counter({"third-party": 2, "royalty": 1, "free": 3, "computer": 1, "person": 2, "in": 9,
                     "then-current": 1, "party": 1, "formation": 0})
    assert join_lines(["shared with third-", "party services"], words) == "shared with third-party services"
    assert join_lines(["a royalty-", "free licence"], words) == "a royalty-free licence"
    assert join_lines(["the then-", "current fee"], words) == "the then-current fee"
    assert join_lines(["an in-", "person meeting"], words) == "an in-person meeting"
    assert join_lines(["its conflict-of-", "laws rules"], words) == "its conflict-of-laws rules"
    assert join_lines(["the EU-", "U.S. framework"], words) == "the EU-U.S. framework"
    assert join_lines(["any non-", "exclusive licence"], words) == "any non-exclusive licence"
    assert join_lines(["a home appliance—", "any device"], words) == "a home appliance—any device"
    assert join_lines(["see https://www.example.com/", "terms for more"], words) == \
        "see https://www.example.com/terms for more"


def test_line_end_hyphens_of_split_words_are_removed() -> None:
    words = Counter({"computer": 1, "in": 9, "be": 4, "cause": 1, "because": 1})
    assert join_lines(["your com-", "puter"], words) == "your computer"
    assert join_lines(["personal in-", "formation we hold"], words) == "personal information we hold"
    assert join_lines(["be-", "cause we"], words) == "because we"
    assert join_lines(["one", "two"], words, keep_breaks=True) == "one\ntwo"


def test_a_pdf_without_paragraph_spacing_keeps_real_hyphens() -> None:
    data = make_pdf([["Acme Terms of Service", "We share data with third-", "party advertisers and keep",
                      "third-party cookies. Your in-", "formation stays with us: all information."]])
    doc = parse_bytes(data, source="terms.pdf")
    assert "with third-party advertisers" in doc.text
    assert "Your information stays" in doc.text


def test_a_pdf_that_shows_no_hyphenation_keeps_every_line_end_hyphen() -> None:
    """Browsers and word processors do not hyphenate: "error-" / "free" and "machine-" / "readable"
    at line ends were joined into words the document never wrote."""
    data = make_pdf([["Acme Terms of Service", "The service is provided as is, without any promise",
                      "that it is current, complete or error-", "free. You get your data in a machine-",
                      "readable format on request."]])
    doc = parse_bytes(data, source="terms.pdf")
    assert "complete or error-free." in doc.text and "in a machine-readable format" in doc.text
    # a document that hyphenates (a split word it writes joined elsewhere) is joined as before
    data = make_pdf([["Acme Terms of Service", "We keep your personal in-", "formation safe. The",
                      "information is encrypted and we com-", "pute nothing else."]])
    assert "your personal information safe" in parse_bytes(data, source="terms.pdf").text


def test_a_wrapped_all_caps_paragraph_in_an_evenly_spaced_pdf_is_one_paragraph() -> None:
    data = make_pdf([["ACME TERMS OF SERVICE", "1. LIABILITY",
                      "WE ARE NOT LIABLE FOR ANY LOSS THAT YOU SUFFER WHEN USING THE",
                      "SERVICE OR ANY PART OF IT, WHETHER DIRECT, INDIRECT OR",
                      "CONSEQUENTIAL, TO THE FULLEST EXTENT THE LAW ALLOWS.",
                      "2. FEES", "You pay the fees shown when you order."]])
    doc = parse_bytes(data, source="terms.pdf")
    assert [(c.id, c.kind) for c in doc.clauses] == [
        ("acme-terms-of-service", ClauseKind.HEADING), ("1", ClauseKind.HEADING),
        ("1/p1", ClauseKind.PARAGRAPH), ("2", ClauseKind.HEADING), ("2/p1", ClauseKind.PARAGRAPH)]


def _placed_pdf(lines: list[tuple[float, float, str, bool]] | list[tuple[float, float, str, bool, float]]
                ) -> bytes:
    """A one-page PDF with each line at (x, y) in Helvetica, bold where asked, 10 points unless a size
    is given."""
    ops = []
    for x, y, text, bold, *size in lines:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        font = f"/{'F2' if bold else 'F1'} {size[0] if size else 10} Tf"
        ops.append(f"BT {font} 1 0 0 1 {x} {y} Tm ({escaped}) Tj ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_first_line_indents_and_centred_lines_are_not_list_items() -> None:
    data = _placed_pdf([
        (250, 740, "Bramblewick Terms of Use", True),
        (260, 722, "Last updated 4 June 2026", False),
        (92, 690, "We may change these terms when our service changes, and we will tell you by", False),
        (72, 678, "email at least thirty days before a change that takes anything away from you.", False),
        (72, 666, "You can close your account before the change if you do not accept it.", False),
        (92, 640, "We keep your uploads while your account is open and delete them within sixty", False),
        (72, 628, "days after you close it, unless the law makes us keep them for longer.", False),
    ])
    doc = parse_bytes(data, source="terms.pdf")
    assert [c.kind for c in doc.clauses] == [ClauseKind.HEADING] + [ClauseKind.PARAGRAPH] * 3
    assert doc.clauses[2].text.startswith("We may change these terms")
    assert doc.clauses[2].text.endswith("if you do not accept it.")
    assert doc.title == "Bramblewick Terms of Use"


def test_numbered_clauses_without_space_between_them_are_apart() -> None:
    """A title set off by space, then clauses printed with none between them: 1.2 ran on inside 1.1
    (and "1. Data" into 1.1), so the sale it states was cited as §1.1."""
    data = make_pdf([["Acme Terms of Service", "", "1. Data",
                      "1.1 We collect the name and e-mail address you give us when you register, and we",
                      "keep them for as long as your account is open.",
                      "1.2 We may sell your personal information to data brokers.",
                      "1.3 You can close your account at any time in your settings. Section",
                      "2.1 of the help pages says how."]])
    doc = parse_bytes(data, source="terms.pdf")
    texts = {c.id: c.text for c in doc.clauses}
    assert [i for i in texts if i[0].isdigit()] == ["1", "1.1", "1.2", "1.3"]
    assert texts["1.2"].startswith("1.2 We may sell") and "Section 2.1 of the help pages" in texts["1.3"]


def test_numbered_clauses_with_a_hanging_indent_are_whole_clauses() -> None:
    """The number out at the margin and the wrapped lines in line with the text after it: each
    wrapped line was read as a list item of its own, and a sentence cut there lost its flag."""
    data = _placed_pdf([
        (72, 740, "Acme Privacy Notice", True),
        (72, 712, "4.1 If you say yes, the remaining saliva and extracted DNA are kept frozen at our", False),
        (97, 700, "facility for up to 25 years, and may be used in studies you have agreed to.", False),
        (72, 686, "4.2 If you say no, the laboratory disposes of the sample within 30 days after", False),
        (97, 674, "your results are released.", False),
        (72, 660, "4.3 You may change your mind at any time.", False),
    ])
    doc = parse_bytes(data, source="notice.pdf")
    texts = {c.id: c.text for c in doc.clauses}
    assert [c.kind for c in doc.clauses] == [ClauseKind.HEADING] + [ClauseKind.CLAUSE] * 3
    assert texts["4.1"].endswith("for up to 25 years, and may be used in studies you have agreed to.")
    assert texts["4.2"].endswith("within 30 days after your results are released.")


def test_a_page_in_two_columns_reads_the_right_column_against_its_own_margin() -> None:
    """The right column's text was read as list items of the left one (its heading "3. Sharing" a clause
    numbered under 2), and a number in figures after one in words ("thirty" / "(30) days") cut a clause."""
    def clauses(x: float, section: int, words: str) -> list[tuple[float, float, str, bool]]:
        lines = [(x, 712.0, f"{section}. {words.title()}", True)]
        for n in range(4):
            y = 696 - 30 * n
            first = f"{section}.{n + 1} We keep the {words} of each visit on our servers for a"
            lines += [(x, y, first, False), (x, y - 12, "short while, and then we delete it.", False)]
        return lines
    left = [(60, 740, "Acme Scribe Terms", True), *clauses(60, 1, "audio")]
    left += [(60, 560, "1.5 Audio is held on our systems for a period of thirty", False),
             (60, 548, "(30) days after the visit, then deleted.", False)]
    doc = parse_bytes(_placed_pdf(left + clauses(320, 3, "usage figures")), source="scribe.pdf")
    assert [c.id for c in doc.clauses if c.kind is ClauseKind.HEADING][1:] == ["1", "3"]
    texts = {c.id: c.text for c in doc.clauses}
    assert texts["1.5"].endswith("for a period of thirty (30) days after the visit, then deleted.")
    assert {"3.1", "3.4"} <= set(texts) and not any(c.kind is ClauseKind.ITEM for c in doc.clauses)


def test_a_second_paragraph_of_a_bulleted_item_stays_in_that_item(qapp) -> None:
    """Qt draws bullets as shapes; the item's second paragraph, at the same indentation but with no
    bullet, became a bullet item of its own, and the items after it were renamed."""
    from desktop.pdf_report import render_pdf

    html = ("<h1>Acme Privacy Policy</h1><h2>1. How we use information</h2><p>We use information to:</p>"
            "<ul><li><p>Provide and improve the service. This includes keeping it running.</p>"
            "<p>In some cases, an independent board may review our decisions about your content.</p></li>"
            "<li>Keep the service safe.</li></ul>")
    doc = parse_bytes(render_pdf(html), source="policy.pdf")
    assert [c.id for c in doc.clauses if c.id.startswith("1/")] == ["1/p1", "1/i1", "1/i1/p1", "1/i2"]
    assert doc.clause("1/i1/p1").text.startswith("In some cases")


def test_a_large_title_wrapped_onto_two_centred_lines_is_one_heading() -> None:
    """A loyalty programme's title, centred over two lines, was read as two headings: the clauses under
    it took the second line's id in the PDF and the whole title's in the Markdown."""
    data = _placed_pdf([
        (160, 740, "Larkspur Pharmacy Leaf Rewards - Programme", True, 16),
        (200, 720, "Terms and Privacy Notice", True, 16),
        (72, 690, "Last updated: 3 March 2025", False),
        (72, 664, "These Terms form an agreement between you and Larkspur about the programme.", False),
        (72, 630, "1. About These Terms", True, 13),
        (72, 612, "1.1 You accept these Terms when you first use your card in a store.", False),
    ])
    doc = parse_bytes(data, source="terms.pdf")
    headings = [c.text for c in doc.clauses if c.kind is ClauseKind.HEADING]
    assert headings == ["Larkspur Pharmacy Leaf Rewards - Programme Terms and Privacy Notice",
                        "1. About These Terms"]


@pytest.mark.parametrize(("lines", "false_id", "clause_id", "joined"), [
    # An insurer's two-column PDF broke "You may opt out of Section" / "17.2 by sending written notice …":
    # the reference read as clause 17.2 a second time, 17.3 became a heading, and the arbitration opt-out
    # was lost.
    (["Acme Member Terms", "17. Disputes", "17.2 Arbitration. Disputes are resolved by binding arbitration.",
      "17.3 Opting out of arbitration. You may opt out of Section",
      "17.2 by sending written notice within 30 days.",
      "17.4 Governing law. The law of your state applies."],
     "17.2~2", "17.3", "opt out of Section 17.2 by sending written notice"),
    # A price-comparison site's two-column PDF broke "6.3 We may remove a review or price report that
    # breaches" / "Section 6.1. When we do, …": the first line read as a heading and the reference as a new
    # clause "sec-6.1", so the removal clause lost its flags.
    (["Acme Terms", "6. Reviews", "6.2 Reviews must be your own.",
      "6.3 We may remove a review or price report that breaches",
      "Section 6.1. When we do, we will tell you which rule it breached.",
      "6.4 You may ask us to reconsider."],
     "sec-6.1", "6.3", "that breaches Section 6.1. When we do"),
])
def test_a_reference_wrapped_to_the_start_of_a_line_is_no_new_clause(
        lines: list[str], false_id: str, clause_id: str, joined: str) -> None:
    clauses = {c.id: c for c in parse_bytes(make_pdf([lines]), source="terms.pdf").clauses}
    assert false_id not in clauses and clauses[clause_id].kind is ClauseKind.CLAUSE
    assert joined in " ".join(clauses[clause_id].text.split())

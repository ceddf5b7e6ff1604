"""Ruled tables in PDFs (reportlab's Table, as a word processor draws one): each row one clause of
"cell | cell | cell", as the same table gives in Markdown and HTML.

Read line by line, a trial-matching app's table of recipients ("Data brokers | Aggregated data sets
| Licensed to them for a fee") came apart: its header became a heading, cells set in from the
margin became bulleted list items, and a cell's wrapped line joined the next cell's first; the
sale on the brokers' row was lost in the PDF while the Markdown had it.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from terms.flagging import analyze
from terms.model import DocumentFormat
from terms.parsing import parse_bytes, parse_text

HEADING = ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceAfter=6)
BODY = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=12.5, spaceAfter=6)
CELL = ParagraphStyle("c", fontName="Helvetica", fontSize=9, leading=11)
ROWS = [
    ("Recipient", "What they get", "Why"),
    ("Trial sponsors (drug and device makers)", "Candidate profiles with diagnoses, medicines and genotype "
     "markers", "To recruit for their studies; they pay us for each profile"),
    ("Data brokers and market-research buyers", "Aggregated data sets built from member records",
     "Licensed to them for a fee"),
    ("Hosting and e-mail vendors", "Any data needed to run the service", "To run the service for us"),
]
INTRO = "5.1 The table below lists who receives member information and why."
AFTER = "5.2 Apart from the recipients in the table, we give your records to no one."


def _pdf(rows: list[tuple[str, ...]], *, grid: bool = True, before: int = 0) -> bytes:
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.grey))
    table = Table([[Paragraph(text, CELL) for text in row] for row in rows], colWidths=[150, 170, 150],
                  repeatRows=1)
    table.setStyle(TableStyle(style))
    filler = [Paragraph(f"4.{n} We may update the service from time to time to keep it working well for "
                        "members and to fix faults that members report to us.", BODY) for n in range(before)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title="Policy").build(
        [Paragraph("Policy", HEADING), *filler, Paragraph("5. Who receives your information", HEADING),
         Paragraph(INTRO, BODY), table, Paragraph(AFTER, BODY)])
    return out.getvalue()


def _markdown(rows: list[tuple[str, ...]]) -> str:
    table = "\n".join("| " + " | ".join(row) + " |" for row in rows[:1]) + "\n|---|---|---|\n" + "\n".join(
        "| " + " | ".join(row) + " |" for row in rows[1:])
    return f"# Policy\n\n## 5. Who receives your information\n\n{INTRO}\n\n{table}\n\n{AFTER}\n"


def test_each_row_of_a_ruled_table_is_one_clause_as_in_markdown() -> None:
    pdf = parse_bytes(_pdf(ROWS), source="policy.pdf")
    markdown = parse_text(_markdown(ROWS), format=DocumentFormat.MARKDOWN)
    rows = [c.text for c in pdf.clauses if " | " in c.text]
    assert rows == [" | ".join(row) for row in ROWS]
    assert [(c.id, c.text) for c in pdf.clauses] == [(c.id, c.text) for c in markdown.clauses]


def test_a_row_gives_the_flags_its_markdown_gives() -> None:
    pdf = analyze(parse_bytes(_pdf(ROWS), source="policy.pdf"))
    markdown = analyze(parse_text(_markdown(ROWS), format=DocumentFormat.MARKDOWN))
    flags = {(f.clause_id, f.category) for f in pdf.flags}
    assert flags == {(f.clause_id, f.category) for f in markdown.flags}
    assert any(f.category == "data.sale" and "Data brokers" in pdf.document.clause(f.clause_id).text
               for f in pdf.flags)


def test_a_table_across_a_page_break_keeps_its_rows_and_its_repeated_header_once() -> None:
    many = [ROWS[0]] + [(f"Partner {n}", f"Records of members in group {n}", "To run a study we agreed with "
                         "you") for n in range(1, 31)]
    document = parse_bytes(_pdf(many, before=12), source="policy.pdf")
    rows = [c.text for c in document.clauses if " | " in c.text]
    assert rows == [" | ".join(row) for row in many]
    assert document.clauses[-1].text == AFTER


def test_a_table_without_rules_is_left_to_the_layout() -> None:
    """Only a drawn grid says where the cells are; aligned text alone is read as lines."""
    document = parse_bytes(_pdf(ROWS, grid=False), source="policy.pdf")
    assert not any(" | " in c.text for c in document.clauses)
    assert document.clauses[-1].text == AFTER

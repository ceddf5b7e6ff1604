"""The same terms as hard-wrapped text, Markdown and HTML give the same clauses."""

from __future__ import annotations

import mistune

from terms.model import ClauseKind, DocumentFormat
from terms.parsing import parse_text

WRAPPED = """\
QUILLBANK TERMS OF SERVICE

14. TERM AND TERMINATION

14.1 Term. These terms last until you or we end them. We will tell you of any
change in our fees by email and in the app no later than within thirty
(30) calendar days of making it, and you may then end these terms under
Section 14.2. You may also close your account at any time in the settings.

14.2 Ending the terms. Either of us may end these terms by notice. The
rights in 12.212 and 227.7202 of the federal regulations survive that end,
as do the licences that you grant us for your content under Section
3.1 (and the others in this section).

14.3 What survives. Sections 9 and 10 survive.
"""


def test_numbers_that_continue_a_wrapped_sentence_are_not_new_clauses() -> None:
    doc = parse_text(WRAPPED, format=DocumentFormat.TEXT)
    ids = [c.id for c in doc.clauses]
    assert ids == ["quillbank-terms-of-service", "14", "14.1", "14.2", "14.3"]
    by_id = {c.id: c for c in doc.clauses}
    assert "within thirty\n(30) calendar days" in by_id["14.1"].text
    assert "under\nSection 14.2. You may also close" in by_id["14.1"].text
    assert "Section\n3.1 (and the others" in by_id["14.2"].text


def test_numbered_lines_after_a_finished_line_still_start_clauses() -> None:
    doc = parse_text("Fees\n\n1. Plans are billed monthly.\n2. Taxes are extra.\n(a) VAT where it applies\n"
                     "(b) sales tax elsewhere\n", format=DocumentFormat.TEXT)
    assert [c.id for c in doc.clauses if c.kind == ClauseKind.CLAUSE] == ["1", "2", "2(a)", "2(b)"]


MARKDOWN = """\
# Quillbank Privacy Policy

**What we collect**

We collect your name and the payments you make.

**Who we share it with**:

We share payments with our bank. We never sell your data.

Some **bold words** inside a paragraph do not make it a heading.
"""


def test_a_bold_only_html_paragraph_is_a_pseudo_heading_as_in_markdown() -> None:
    html = f"<html><head><title>Quillbank</title></head><body>{mistune.html(MARKDOWN)}</body></html>"
    from_md = parse_text(MARKDOWN, format=DocumentFormat.MARKDOWN)
    from_html = parse_text(html, format=DocumentFormat.HTML)
    assert [(c.id, c.kind) for c in from_html.clauses] == [(c.id, c.kind) for c in from_md.clauses]
    assert "what-we-collect" in {c.id for c in from_html.clauses}
    assert "who-we-share-it-with" in {c.id for c in from_html.clauses}


def test_a_site_tagline_in_the_html_title_gives_way_to_the_documents_heading() -> None:
    page = ("<html><head><title>Quillbank - Banking made playful</title></head><body>"
            "<h1>Quillbank User Agreement</h1><p>1. You must be 18 to open an account.</p></body></html>")
    assert parse_text(page, format=DocumentFormat.HTML).title == "Quillbank User Agreement"


def test_an_html_title_naming_the_document_is_kept() -> None:
    page = ("<html><head><title>Quillbank Privacy Notice</title></head><body>"
            "<h1>Welcome</h1><p>We collect your name.</p></body></html>")
    assert parse_text(page, format=DocumentFormat.HTML).title == "Quillbank Privacy Notice"


def test_a_file_name_as_html_title_is_not_the_title() -> None:
    page = ("<html><head><title>quillbank_privacy-policy</title></head><body>"
            "<h1>Quillbank Privacy Policy</h1><p>We collect your name.</p></body></html>")
    assert parse_text(page, format=DocumentFormat.HTML).title == "Quillbank Privacy Policy"


LETTERED = """## 1. Definitions

1.2 In this notice:

- (a) "Patch" means the sensor you wear.
- (b) "Rhythm Data" means what the Patch records.
- a plain bullet after them
"""


def test_a_bullet_its_author_numbered_takes_that_number_in_every_format() -> None:
    markdown = parse_text(LETTERED, format=DocumentFormat.MARKDOWN)
    text = parse_text(LETTERED.replace("## ", "").replace("- (", "("), format=DocumentFormat.TEXT)
    html = parse_text(mistune.html(LETTERED), format=DocumentFormat.HTML)
    for doc in (markdown, text, html):
        by_id = {c.id: c for c in doc.clauses}
        assert {"1.2(a)", "1.2(b)"} <= set(by_id), [c.id for c in doc.clauses]
        assert by_id["1.2(b)"].text.startswith('(b) "Rhythm Data"')   # no bullet added before the number
    # a bullet without a number of its own keeps its place in the list
    assert any(c.text == "• a plain bullet after them" for c in markdown.clauses)

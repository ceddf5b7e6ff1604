"""HTML pages as they are saved from the web: tables of data and of layout, dialogs, main content."""

from __future__ import annotations

import pytest

from terms.model import ClauseKind, DocumentFormat
from terms.parsing import parse_bytes, parse_text
from terms.parsing.html import html_blocks


def _texts(page: str) -> list[tuple[str, str]]:
    doc = parse_bytes(page.encode(), source="saved.html")
    return [(c.kind.value, c.text) for c in doc.clauses]


def test_lists_and_paragraphs_inside_a_data_cell_keep_their_lines() -> None:
    """Privacy tables put lists in their cells; their words must not run together."""
    page = ("<h2>What we use your data for</h2><table><tr><th>Purpose</th><th>Data</th></tr>"
            "<tr><td><p>To run the forum.</p><p>For example, when we:</p><ul><li>set up your account</li>"
            "<li>show you posts</li></ul></td><td><ol><li>Profile data</li><li>Survey data</li></ol>"
            "</td></tr><tr><td>To sell ads.<br>We share your posts with advertisers.</td><td>Usage data</td>"
            "</tr></table>")
    assert _texts(page)[1:] == [
        ("paragraph", "Purpose | Data"),
        ("paragraph", "To run the forum.\nFor example, when we:\n• set up your account\n• show you posts"
                      " | 1. Profile data\n2. Survey data"),
        ("paragraph", "To sell ads.\nWe share your posts with advertisers. | Usage data"),
    ]


def test_a_table_that_lays_out_the_page_keeps_its_headings_and_paragraphs() -> None:
    page = ("<html><head><title>Old Forum Terms of Service</title></head><body><table width='100%'><tr>"
            "<td width='150'><a href='/'>Home</a></td><td><h1>Terms of Service</h1><h2>1. Your posts</h2>"
            "<p>Clients may read your posts.</p><p>We may sell your data to brokers.</p><h2>2. Changes</h2>"
            "<p>We may change these terms at any time.</p></td></tr></table></body></html>")
    doc = parse_bytes(page.encode(), source="old.html")
    assert [c.id for c in doc.clauses if c.kind is ClauseKind.HEADING] == ["terms-of-service", "1", "2"]
    assert doc.clause("1/p2").text == "We may sell your data to brokers."


def test_cells_and_rows_without_end_tags_end_where_the_next_starts() -> None:
    blocks = html_blocks("<table><tr><th>Data<th>Use<tr><td>Email<td>Ads<tr><td>Name<td>Support</table>"
                         "<p>After the table</p>")
    assert [(b.kind.value, b.text) for b in blocks] == [
        ("row", "Data | Use"), ("row", "Email | Ads"), ("row", "Name | Support"),
        ("paragraph", "After the table")]


def test_a_table_inside_a_cell_makes_a_layout_row() -> None:
    blocks = html_blocks("<table><tr><td><table><tr><td>Email</td><td>Ads</td></tr></table></td>"
                         "<td>Side note</td></tr></table>")
    assert [(b.kind.value, b.text) for b in blocks] == [("row", "Email | Ads"), ("paragraph", "Side note")]


def test_a_table_left_open_at_the_end_of_the_file_is_kept() -> None:
    blocks = html_blocks("<table><tr><td>Name<sup>1</sup></td><td>kept for a year")
    assert [(b.kind.value, b.text) for b in blocks] == [("row", "Name¹ | kept for a year")]


COOKIE_BANNER = ('<div class="banner" role="dialog" aria-label="Cookies"><p>We use cookies to show you '
                 'personalised ads.</p><div><button>Accept all</button></div></div>')


def test_a_cookie_dialog_is_not_read_as_part_of_the_terms() -> None:
    page = (f"<html><body>{COOKIE_BANNER}<h1>Acme Terms</h1><p>You may cancel at any time.</p>"
            "<div aria-modal='true'><p>Sign up for our newsletter!</p></div></body></html>")
    assert _texts(page) == [("heading", "Acme Terms"), ("paragraph", "You may cancel at any time.")]


def test_terms_shown_only_in_a_dialog_are_read() -> None:
    page = ("<html><body><div id='app'></div><dialog open><h1>Acme Terms</h1><p>You may cancel at any "
            "time.</p></dialog></body></html>")
    assert _texts(page) == [("heading", "Acme Terms"), ("paragraph", "You may cancel at any time.")]


def test_a_dialog_left_open_at_the_end_of_the_file_is_kept() -> None:
    """Without its end tag nothing says where the dialog ends: its text may be the terms."""
    page = "<p>Acme Terms</p><div role='dialog'><p>You may cancel at any time.</p><div>unclosed"
    assert [t for _, t in _texts(page)] == ["Acme Terms", "You may cancel at any time.", "unclosed"]


def test_text_outside_the_main_content_is_left_out() -> None:
    terms = "".join(f"<p>Clause {n}: you may cancel at any time and we keep nothing.</p>" for n in range(4))
    page = (f"<html><body><div class='promo'><p>Get the app! We share your location with partners.</p></div>"
            f"<div role='main'><h1>Acme Terms</h1>{terms}<div><p>Last clause.</p></div></div>"
            "<div class='legal'>© Acme</div></body></html>")
    texts = [t for _, t in _texts(page)]
    assert texts[0] == "Acme Terms" and texts[-1] == "Last clause." and len(texts) == 6


def test_a_main_content_with_less_than_half_the_text_does_not_cut_the_rest() -> None:
    """A page that wraps only its introduction in <main> keeps the terms that follow it."""
    terms = "".join(f"<p>Clause {n}: you may cancel at any time and we keep nothing.</p>" for n in range(4))
    page = f"<html><body><main><h1>Acme Terms</h1></main>{terms}</body></html>"
    assert len(_texts(page)) == 5



@pytest.mark.parametrize("opening", [
    "<h1>Acme Terms</h1><p>Last updated: 3 March 2025</p>",
    "<h1>Acme Terms</h1><p>Please read these terms carefully: section 9 sends every dispute to"
    " arbitration.</p>",
])
def test_a_page_header_that_opens_the_document_is_kept(opening: str) -> None:
    """A page without <main> often sets its title, date and introduction in <header>."""
    page = (f"<html><body><header>{opening}</header><h2>1. Fees</h2><p>You may cancel at any time.</p>"
            "</body></html>")
    texts = [t for _, t in _texts(page)]
    assert texts[0] == "Acme Terms" and texts[-1] == "You may cancel at any time." and len(texts) == 4
    if "Last updated" in opening:
        assert str(parse_bytes(page.encode(), source="saved.html").effective_date) == "2025-03-03"


def test_a_page_header_that_opens_the_document_is_kept_beside_its_main_content() -> None:
    """A portal's terms put title, date and introduction in <header> and the clauses in <main>: reading only
    <main> lost the date, and the comparison of two versions said no date told them apart."""
    clauses = "".join(f"<p>1.{n} You may cancel at any time and we keep nothing.</p>" for n in range(6))
    page = (f"<html><body><header><h1>Acme Terms</h1><p>Last updated: 3 March 2025</p></header>"
            f"<main><h2>1. Fees</h2>{clauses}</main><footer><p>Copyright Acme</p></footer></body></html>")
    texts = [t for _, t in _texts(page)]
    assert texts[:2] == ["Acme Terms", "Last updated: 3 March 2025"] and "Copyright Acme" not in texts
    assert str(parse_bytes(page.encode(), source="saved.html").effective_date) == "2025-03-03"


def test_a_page_header_of_site_chrome_is_left_out() -> None:
    page = ("<html><body><header><h1><a href='/'>Acme</a></h1><p>Shoes for every road.</p><a href='/login'>"
            "Log in</a></header><h1>Acme Terms</h1><p>You may cancel at any time.</p></body></html>")
    assert _texts(page) == [("heading", "Acme Terms"), ("paragraph", "You may cancel at any time.")]

def test_paragraphs_parted_by_two_line_breaks_are_clauses_of_their_own() -> None:
    """Older pages and e-mails have no <p>: "<br><br>" parts their paragraphs. Read as one, a whole
    document was one clause."""
    page = ("<div><b>Privacy Policy</b><br><br>We collect your name when you sign up.<br><br>"
            "We may share it with advertisers.<br>\n<br>We may change this policy.<br>Any time.</div>")
    assert _texts(page) == [
        ("heading", "Privacy Policy"), ("paragraph", "We collect your name when you sign up."),
        ("paragraph", "We may share it with advertisers."),
        ("paragraph", "We may change this policy.\nAny time.")]


def test_a_bold_line_over_its_text_is_a_heading_but_not_in_a_list_item() -> None:
    page = ("<div><b>OldCo Privacy Policy</b><br><br><b>1. Information We Collect</b><br>We collect your "
            "name when you sign up.<br><br><b>2. Sharing</b><br>We may share it with advertisers.<br><br>"
            "<b>Note:</b> this applies to all.</div>"
            "<ul><li><b>Research.</b><br>We study how the forum is used.</li></ul>")
    assert _texts(page) == [
        ("heading", "OldCo Privacy Policy"), ("heading", "1. Information We Collect"),
        ("paragraph", "We collect your name when you sign up."), ("heading", "2. Sharing"),
        ("paragraph", "We may share it with advertisers."), ("paragraph", "Note: this applies to all."),
        ("item", "• Research.\nWe study how the forum is used.")]


def test_a_lettered_list_reads_c_d_and_i_as_letters_and_a_nested_roman_list_as_numerals() -> None:
    items = "".join(f"<li>item {n}</li>" for n in "abcdefg")
    page = (f"<h2>4. Sharing</h2><ol type='a'>{items}<li>item h<ol type='i'><li>first</li>"
            "<li>second</li></ol></li><li>item i</li></ol>")
    doc = parse_bytes(page.encode(), source="saved.html")
    ids = [c.id for c in doc.clauses if c.kind is ClauseKind.CLAUSE]
    assert ids == [*(f"4({n})" for n in "abcdefgh"), "4(h)(i)", "4(h)(ii)", "4(i)"]


def test_a_table_of_contents_of_in_page_links_is_left_out() -> None:
    page = ("<h1>Acme Privacy Policy</h1><p><a href='#about'>1. About this Policy</a></p>"
            "<ul><li><a href='#data'>2. Data we collect</a></li></ul>"
            "<h2 id='about'>1. About this Policy</h2>"
            "<p>This policy explains <a href='#data'>what</a> we do.</p>"
            "<h2 id='data'>2. Data we collect</h2><p>We collect your name.</p>")
    doc = parse_bytes(page.encode(), source="saved.html")
    assert [c.id for c in doc.clauses] == ["acme-privacy-policy", "1", "1/p1", "2", "2/p1"]
    assert doc.clause("1/p1").text == "This policy explains what we do."
    summary = parse_bytes(b"<h1>Policy</h1><ul><li><a href='#use'>We only use data to run the site.</a>"
                          b"</li></ul><h2 id='use'>Use</h2><p>To run it.</p>", source="saved.html")
    assert "We only use data to run the site." in summary.text


def test_a_cookie_banner_not_marked_as_a_dialog_is_set_aside_but_a_cookies_section_is_kept() -> None:
    """Without <main>, "By clicking Accept all you agree …" was read as the policy's first clause
    and flagged as acceptance by use."""
    page = ("<div id='cookie-banner'><p>By clicking Accept all you agree to our use of cookies.</p>"
            "<button>Accept all</button></div><h1>Acme Privacy Policy</h1>"
            "<section id='cookies'><h2>Cookies</h2><p>We use cookies to remember you.</p></section>")
    texts = [c.text for c in parse_bytes(page.encode(), source="saved.html").clauses]
    assert texts == ["Acme Privacy Policy", "Cookies", "We use cookies to remember you."]


@pytest.mark.parametrize("bold", ['<span style=" font-weight:700;">', '<span style="font-weight: bold">',
                                  "<b>", '<font style="FONT-WEIGHT:600">'])
def test_bold_set_by_a_style_titles_a_section_as_bold_tags_do(bold: str) -> None:
    """Discord's terms saved as HTML by Qt mark bold with "<span style=" font-weight:700;">": its
    "Governing Law", "Agreement to Arbitrate." and "Mass Filings." sections were lost and 35
    clauses renumbered."""
    close = "</" + bold[1:].split()[0].rstrip(">") + ">"
    page = f"<h1>Acme terms</h1><p>{bold}Your Content{close}</p><p>You own it.</p>"
    assert [c.id for c in parse_text(page, format=DocumentFormat.HTML).clauses] == [
        "acme-terms", "your-content", "your-content/p1"]
    plain = page.replace(bold, '<span style="color:red">').replace(close, "</span>")
    assert [c.id for c in parse_text(plain, format=DocumentFormat.HTML).clauses] == [
        "acme-terms", "acme-terms/p1", "acme-terms/p2"]


def test_a_paragraph_wrapped_in_the_source_is_one_line_and_a_br_still_breaks_it() -> None:
    """A browser shows a line break in the file as a space: read as lines, "email address" cut at a line
    end was no longer found as the data handed over."""
    page = ("<h1>Acme Policy</h1><p>We pass your advertising identifier,\n  hashed email address and app\n"
            "  events to advertising platforms.<br>You can opt out.</p>")
    assert _texts(page)[1] == ("paragraph", "We pass your advertising identifier, hashed email address and "
                                            "app events to advertising platforms.\nYou can opt out.")


def test_a_defined_term_and_what_it_means_are_one_paragraph() -> None:
    """A bedside TV service's <dl> of definitions made "“Viewing Data”" and "means records of …" two clauses:
    a flag on the meaning quoted it without the term, and the bare term drew flags of its own."""
    doc = parse_bytes(b"<html><body><h2>2. Definitions</h2><dl><dt>&ldquo;Viewing Data&rdquo;</dt>"
                      b"<dd>means records of the channels you watch.</dd><dt>Client</dt><dt>Host</dt>"
                      b"<dd>means the hospital.</dd></dl><p>We keep it.</p></body></html>", source="t.html")
    texts = [c.text for c in doc.clauses[1:]]
    assert texts == ["“Viewing Data”\nmeans records of the channels you watch.", "Client",
                     "Host\nmeans the hospital.", "We keep it."]

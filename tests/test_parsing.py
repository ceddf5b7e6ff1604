"""The parser on small hand-written inputs: text extraction, clause tree, ids, offsets, metadata."""

from __future__ import annotations

import pytest

from terms.errors import EmptyDocument
from terms.model import ClauseKind, Document, DocumentFormat, DocumentKind
from terms.parsing import parse_bytes, parse_text

MARKDOWN = """\
Example Terms of Service
========================

Last updated: March 31, 2020

## 7. Data Use

7.1 We may share your data with **partners**.
7.2 We keep logs for [90 days](https://example.com/logs).

(a) Partners may read your posts.

(b) Partners may not resell them.

## How we share your data

We share data with:

*   advertisers
*   researchers
    *   in universities

Some paragraph with <b>raw</b> HTML and `code`.
"""


def check_offsets(document: Document) -> None:
    ids = [c.id for c in document.clauses]
    assert len(ids) == len(set(ids))
    for clause in document.clauses:
        assert document.text[clause.start:clause.end] == clause.text
        assert clause.text == clause.text.strip() and clause.text
        if clause.parent_id is not None:
            assert document.has_clause(clause.parent_id)


def by_id(document: Document) -> dict[str, tuple[str, str]]:
    return {c.id: (c.kind.value, c.text) for c in document.clauses}


def test_markdown_text_has_no_markup() -> None:
    doc = parse_text(MARKDOWN)
    assert "**" not in doc.text and "](" not in doc.text and "<b>" not in doc.text and "`" not in doc.text
    assert "7. Data Use" in doc.text and "• advertisers" in doc.text
    assert "\n  • in universities" in doc.text
    check_offsets(doc)


def test_markdown_clause_tree() -> None:
    doc = parse_text(MARKDOWN)
    clauses = by_id(doc)
    assert clauses["7"] == ("heading", "7. Data Use")
    assert clauses["7.1"] == ("clause", "7.1 We may share your data with partners.")
    assert clauses["7.2"][1] == "7.2 We keep logs for 90 days."
    assert doc.clause("7.1").parent_id == "7"
    assert doc.clause("7.2(a)").parent_id == "7.2"  # (a) nests under the last numbered clause
    assert doc.clause("7.2(a)").number == "(a)"
    assert doc.clause("7.2(b)").parent_id == "7.2"
    assert clauses["how-we-share-your-data/p1"] == ("paragraph", "We share data with:")
    assert clauses["how-we-share-your-data/i1"] == ("item", "• advertisers")
    assert doc.clause("how-we-share-your-data/i2/i1").parent_id == "how-we-share-your-data/i2"
    assert doc.clause("how-we-share-your-data/i2/i1").heading_path == (
        "Example Terms of Service", "How we share your data")


def test_markdown_metadata() -> None:
    doc = parse_text(MARKDOWN, source="x/example.md")
    assert doc.title == "Example Terms of Service"
    assert doc.service == "Example"
    assert doc.kind == DocumentKind.TERMS
    assert doc.effective_date == "2020-03-31"
    assert doc.date_text == "Last updated: March 31, 2020"
    assert doc.format == DocumentFormat.MARKDOWN


def test_fingerprint_ignores_the_number() -> None:
    one = parse_text("1. We sell your data.\n\n2. We keep it forever.\n", format=DocumentFormat.TEXT)
    two = parse_text("3. We sell your data.\n\n4. We keep it forever.\n", format=DocumentFormat.TEXT)
    assert [c.fingerprint for c in one.clauses] == [c.fingerprint for c in two.clauses]
    assert [c.id for c in one.clauses] != [c.id for c in two.clauses]


def test_ids_are_stable_under_an_edit_elsewhere() -> None:
    base = "# Intro\n\nHello.\n\n# Sharing\n\nWe share.\n\nWe sell.\n"
    edited = "# Intro\n\nHello.\n\nA new paragraph.\n\n# Sharing\n\nWe share.\n\nWe sell.\n"
    ids_before = {c.text: c.id for c in parse_text(base).clauses}
    ids_after = {c.text: c.id for c in parse_text(edited).clauses}
    assert ids_after["We sell."] == ids_before["We sell."] == "sharing/p2"
    assert parse_text(base).clauses == parse_text(base).clauses


_MARKDOWN_TERMS = "# Example Terms\n\n{line}\n\nWelcome to Example.\n\nThese terms apply to you.\n"
_HTML_TERMS = "<h1>Example Terms</h1>{line}<p>Welcome to Example.</p><p>These terms apply to you.</p>"


@pytest.mark.parametrize(("page", "line", "source"), [
    (_MARKDOWN_TERMS, "#### Last Updated: {date}", "terms.md"),
    (_MARKDOWN_TERMS, "**Effective Date: {date}**", "terms.md"),
    (_HTML_TERMS, "<h4>Last updated: {date}</h4>", "terms.html"),
    # two date lines a PDF sets in one size, read as one heading
    (_MARKDOWN_TERMS, "#### Effective: {date} Last Updated: {date}", "terms.md"),
])
def test_a_heading_that_only_dates_the_document_is_a_paragraph(page: str, line: str, source: str) -> None:
    """Discord's "#### Last Updated: August 29, 2025" owned the clauses after it, so their ids
    changed with every version's date."""
    def ids(date: str) -> list[str]:
        document = parse_bytes(page.format(line=line.format(date=date)).encode(), source=source)
        assert document.effective_date is not None
        return [c.id for c in document.clauses]

    assert ids("March 15, 2024") == ids("August 29, 2025") == [
        "example-terms", "example-terms/p1", "example-terms/p2", "example-terms/p3"]


def test_a_table_of_contents_of_in_page_links_is_no_second_set_of_headings() -> None:
    """Spotify's "[1\\. About this Policy](#_kfosu7ttf89l)" lines read as numbered headings, and the
    real sections became "1~2", "2~2"."""
    page = ("# Acme Privacy Policy\n\n[1\\. About this Policy](#about)\n\n[2\\. Data we collect](#data)\n\n"
            "## 1. About this Policy\n\nThis policy explains what we do. See [section 2](#data).\n\n"
            "## 2. Data we collect\n\nWe collect your name.\n")
    document = parse_text(page, source="policy.md")
    assert [c.id for c in document.clauses] == ["acme-privacy-policy", "1", "1/p1", "2", "2/p1"]
    assert "See section 2." in document.text   # a link inside a sentence keeps its words
    # a sentence linked to the section that explains it is a statement, not an entry of contents
    summary = parse_text("# Reddit Privacy Policy\n\n* [We only use data to make Reddit better.](#use)\n\n"
                         "## How we use data\n\nTo run the service.\n", source="policy.md")
    assert "We only use data to make Reddit better." in summary.text


def test_a_link_cut_in_two_by_a_blank_line_leaves_no_brackets() -> None:
    """Meta's pages wrap a block in a link: "[![](/logo.png)" alone, then the text, then
    "Centre](https://…)"; a clause "[" and a clause ending in the address were left."""
    page = ("# Policy\n\nTake control\n\n[![](/images/logo.png)\n\nManage the information we collect\n\n"
            "Privacy Centre](https://www.example.com/privacy/)\n\nWe use your information.\n")
    texts = [c.text for c in parse_text(page, source="policy.md").clauses]
    assert texts == ["Policy", "Take control", "Manage the information we collect", "Privacy Centre",
                     "We use your information."]


def test_duplicate_ids_are_disambiguated() -> None:
    doc = parse_text("# Title\n\n1. First.\n\n## Terms\n\n1. One.\n\n## Terms\n\n1. Other.\n")
    assert [c.id for c in doc.clauses] == ["title", "1", "terms", "terms/1", "terms~2", "terms~2/1"]


def test_plain_text_headings_and_numbering() -> None:
    text = (
        "ACME PRIVACY POLICY\n\nEffective as of 2021-02-03\n\n1. Information We Collect\n\n"
        "We collect your name.\n\n1.1 Account data includes:\n(a) your email;\n(b) your phone.\n\n"
        "Section 4 - Sharing\n\n(i) We share with partners.\n(ii) We sell nothing.\n"
    )
    doc = parse_text(text, format=DocumentFormat.TEXT)
    check_offsets(doc)
    clauses = by_id(doc)
    assert clauses["acme-privacy-policy"][0] == "heading"
    assert clauses["1"] == ("heading", "1. Information We Collect")
    assert doc.clause("1.1").parent_id == "1"
    assert doc.clause("1.1(a)").text == "(a) your email;"
    assert doc.clause("1.1(b)").parent_id == "1.1"
    assert clauses["sec-4"][0] == "heading"
    assert doc.clause("sec-4(ii)").parent_id == "sec-4"
    assert doc.kind == DocumentKind.PRIVACY
    assert doc.effective_date == "2021-02-03"


def test_compound_numbers() -> None:
    text = "7. Data\n\n7.3 We share.\n\n7.3(a) with partners;\n\n7.3(b) with clients.\n\n7.4 We sell.\n"
    doc = parse_text(text, format=DocumentFormat.TEXT)
    assert [(c.id, c.parent_id) for c in doc.clauses] == [
        ("7", None), ("7.3", "7"), ("7.3(a)", "7.3"), ("7.3(b)", "7.3"), ("7.4", "7")]
    assert doc.clause("7.3(b)").number == "7.3(b)"


def test_roman_after_h_is_a_letter() -> None:
    letters = "\n".join(f"({c}) item {c}." for c in "abcdefghij")
    doc = parse_text(letters + "\n", format=DocumentFormat.TEXT)
    assert {c.parent_id for c in doc.clauses} == {None}
    assert doc.clauses[8].id == "(i)" and doc.clauses[9].id == "(j)"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Last updated: March 31, 2020", "2020-03-31"),
        ("Effective 31 March 2020", "2020-03-31"),
        ("Last modified 2020-03-31", "2020-03-31"),
        ("Revised: 03/31/2020", "2020-03-31"),
        ("Effective as of Jan. 6, 2026.", "2026-01-06"),
        ("Privacy statement update: 9/19/17", "2017-09-19"),
        ("This Privacy Policy applies from July 1, 2024.", "2024-07-01"),
    ],
)
def test_effective_date_forms(line: str, iso: str) -> None:
    doc = parse_text(f"Terms\n\n{line}\n\nText.\n", format=DocumentFormat.TEXT)
    assert doc.effective_date == iso
    assert doc.date_text == line


@pytest.mark.parametrize(("banner", "announced"), [
    ("Our new Privacy Policy can be found here - it becomes effective on 13 July 2022", "2022-07-13"),
    ("We've updated our Privacy Policy, effective September 30, 2021. You can view the prior one here.",
     "2021-09-30"),
])
def test_a_banner_announcing_another_version_does_not_date_the_policy_under_it(banner: str,
                                                                              announced: str) -> None:
    """TikTok's policy "Last updated: 5 October 2021" under a banner announcing its successor was
    dated 2022, and a comparison with the next fetch of the same text put the two the wrong way
    round. Where the banner is the only date, it is still the date."""
    doc = parse_text(f"Privacy Policy\n\n{banner}\n\nLast updated: 5 October 2021\n\nText.\n",
                     format=DocumentFormat.TEXT)
    assert (doc.effective_date, doc.date_text) == ("2021-10-05", "Last updated: 5 October 2021")
    only = parse_text(f"Privacy Policy\n\n{banner}\n\nText.\n", format=DocumentFormat.TEXT)
    assert only.effective_date == announced


def test_no_date_when_none_is_stated() -> None:
    doc = parse_text("We may change these terms at any time.\n", format=DocumentFormat.TEXT)
    assert doc.effective_date is None and doc.date_text is None


def test_plain_text_lines_after_a_colon_are_a_list_that_lost_its_bullets() -> None:
    text = ("Privacy\n\nThe activity we record may include:\nSearches you run\nClips you play\n"
            "People you message or share posts with\nVisits to partner sites that embed our player\n\n"
            "We keep it for a year.\n")
    doc = parse_text(text, format=DocumentFormat.TEXT)
    check_offsets(doc)
    lead_in = next(c for c in doc.clauses if c.text == "The activity we record may include:")
    items = [c for c in doc.clauses if c.kind is ClauseKind.ITEM]
    assert [c.text for c in items] == ["• Searches you run", "• Clips you play",
                                       "• People you message or share posts with",
                                       "• Visits to partner sites that embed our player"]
    assert lead_in.kind is ClauseKind.PARAGRAPH and doc.clauses[-1].text == "We keep it for a year."


def test_plain_text_lines_over_text_are_headings_in_title_case_sentence_case_or_as_questions() -> None:
    text = ("Acme Privacy Notice\n\nInformation We Collect\n\nWe collect your name.\n\n"
            "How we use your information\nWe use it to run the forum and to answer your questions.\n\n"
            "Anonymizing your information\n\nWe strip names from reports.\n\n"
            "We keep nothing else\n\nEffective from 1 March 2026\n\nNothing more to say\n")
    doc = parse_text(text, format=DocumentFormat.TEXT)
    check_offsets(doc)
    headings = [c.text for c in doc.clauses if c.kind is ClauseKind.HEADING]
    assert headings == ["Acme Privacy Notice", "Information We Collect", "How we use your information",
                        "Anonymizing your information"]
    assert doc.clause("how-we-use-your-information/p1").text.startswith("We use it to run the forum")
    # a statement that lost its full stop, a line with a date and the last line are no headings
    assert [c.text for c in doc.clauses[-3:]] == ["We keep nothing else", "Effective from 1 March 2026",
                                                  "Nothing more to say"]
    assert {c.kind for c in doc.clauses[-3:]} == {ClauseKind.PARAGRAPH}


def test_a_wrapped_paragraph_keeps_its_first_line() -> None:
    """A next line in lower case continues the first; so does a next line much shorter than it."""
    text = ("Welcome to the Forum\nwhere members discuss cases.\n\n"
            "The Rules of the Acme Forum for Members and Guests\nApply to all.\n")
    doc = parse_text(text, format=DocumentFormat.TEXT)
    assert [c.kind for c in doc.clauses] == [ClauseKind.PARAGRAPH, ClauseKind.PARAGRAPH]


def test_numbered_lines_after_a_colon_stay_numbered_clauses() -> None:
    text = ("Fees\n\nThe following applies:\n7.1 You pay the fees shown at sign-up.\n"
            "7.2 We may change the fees with 30 days notice.\n")
    doc = parse_text(text, format=DocumentFormat.TEXT)
    assert [c.id for c in doc.clauses if c.kind is ClauseKind.CLAUSE] == ["7.1", "7.2"]
    assert "•" not in doc.text


def test_an_unmarked_list_after_a_blank_line_and_before_a_paragraph() -> None:
    """The lead-in may stand in a paragraph of its own (a browser copy, a PDF); a full sentence
    much longer than the items ends the list."""
    after = "We use this information to run the service and to show you what you asked to see."
    text = ("Privacy\n\nThe information we collect may include:\n\nTerms you search for\nVideos you watch\n"
            f"{after}\n")
    doc = parse_text(text, format=DocumentFormat.TEXT)
    check_offsets(doc)
    assert [(c.kind, c.text) for c in doc.clauses[-3:]] == [
        (ClauseKind.ITEM, "• Terms you search for"), (ClauseKind.ITEM, "• Videos you watch"),
        (ClauseKind.PARAGRAPH, after)]


def test_a_pdf_list_that_lost_its_bullets_becomes_items() -> None:
    from tests.pdf_fixtures import make_pdf

    data = make_pdf([["Privacy Notice for the Acme Forum",
                      "When you use the forum we record the activity described here, which may include:",
                      "Terms you search for", "Videos you watch", "People you message or share posts with",
                      "We keep it for a year."]])
    doc = parse_bytes(data, source="notice.pdf")
    assert [c.text for c in doc.clauses if c.kind is ClauseKind.ITEM] == [
        "• Terms you search for", "• Videos you watch", "• People you message or share posts with"]
    # a short sentence led by "we" after the items is the paragraph after the list, not an item
    assert doc.clauses[-1].kind is ClauseKind.PARAGRAPH and doc.clauses[-1].text == "We keep it for a year."


def test_items_that_are_sentences_of_their_own_keep_the_last_one() -> None:
    text = "Members agree:\nWe may quote your posts.\nWe may sell your ideas.\nWe keep them for ever.\n"
    doc = parse_text(text, format=DocumentFormat.TEXT)
    assert [c.text for c in doc.clauses if c.kind is ClauseKind.ITEM] == [
        "• We may quote your posts.", "• We may sell your ideas.", "• We keep them for ever."]


def test_runs_of_short_lines_statements_and_lines_after_a_lead_in_are_no_headings() -> None:
    text = ("Sharing\n\nWhere required we share your data with the police\n\n"
            "Who receives your posts: paying clients\n\nWe may collect:\n\nYour name\n\n"
            "Category\n\nExamples\n\nCollected\n\nIdentifiers\n\nYes\n\nWe sell identifiers to brokers.\n")
    doc = parse_text(text, format=DocumentFormat.TEXT)
    assert [c.text for c in doc.clauses if c.kind is ClauseKind.HEADING] == ["Sharing"]


@pytest.mark.parametrize("text", [
    # a line that starts in lower case continues the one before
    "We may share:\nYour e-mail address with\npartners that run our contests\nAnd sponsors.\n",
    # lines cut at one width are prose, whatever their first letters
    ("The following terms apply to members:\nMembers who post in the Forum agree that Clients may read\n"
     "Their posts and that Sponsors may quote them in reports sent to\nThe public.\n"),
    # one line after the colon is no list
    "Please note:\nWe share nothing.\n",
])
def test_text_after_a_colon_that_is_no_list_stays_one_paragraph(text: str) -> None:
    doc = parse_text(text, format=DocumentFormat.TEXT)
    assert [c.kind for c in doc.clauses] == [ClauseKind.PARAGRAPH]


def test_list_item_paragraphs_are_children() -> None:
    doc = parse_text("1.  First item\n\n    More about the first.\n\n2.  Second item\n")
    check_offsets(doc)
    assert by_id(doc)["1"] == ("clause", "1. First item")
    assert doc.clause("1/p1").text == "More about the first."
    assert doc.clause("1/p1").kind == ClauseKind.PARAGRAPH


def test_tables_become_rows() -> None:
    doc = parse_text("| Data | Use |\n|---|---|\n| Email | Ads |\n")
    assert doc.text == "Data | Use\nEmail | Ads"
    check_offsets(doc)


def test_markdown_raw_html_is_not_rendered() -> None:
    doc = parse_text("Hello\n\n<div><script>alert(1)</script><p>Kept <em>words</em></p></div>\n")
    assert "alert" not in doc.text and "<" not in doc.text
    assert "Kept words" in doc.text


def test_malformed_html_declarations_are_skipped() -> None:
    doc = parse_text("<p>x</p><![if !IE]>y<![endif]><![foo[ bar", format=DocumentFormat.HTML)
    assert doc.text.startswith("x\n\ny")


def test_utf16_and_legacy_bytes() -> None:
    text = "Conditions générales\n\nNous vendons vos données.\n"
    for data in (text.encode("utf-16"), text.encode("utf-8-sig"), text.encode("cp1252")):
        doc = parse_bytes(data, source="x.txt")
        assert "Nous vendons vos données." in doc.text


def test_empty_text_is_refused() -> None:
    with pytest.raises(EmptyDocument, match="empty"):
        parse_text("")
    with pytest.raises(EmptyDocument, match="has only spaces and line breaks"):
        parse_text("   \n\n ")
    with pytest.raises(EmptyDocument, match="no readable text"):
        parse_text("[](https://example.com)\n")


def test_looks_english_tells_english_terms_from_other_languages() -> None:
    from terms.parsing.metadata import looks_english

    english = "We may share your information with our partners when you use the service. " * 10
    french = "Nous pouvons partager vos informations avec nos partenaires quand vous utilisez le site. " * 10
    german = "Wir können Ihre Daten mit unseren Partnern teilen, wenn Sie den Dienst nutzen. " * 10
    assert looks_english(english)
    assert not looks_english(french) and not looks_english(german)
    assert looks_english("Conditions générales")        # too short to judge
    short_french = ("Nous vendons vos données aux annonceurs. Nous pouvons modifier ces conditions "
                    "quand nous voulons. Vous nous cédez une licence perpétuelle sur vos messages.")
    assert not looks_english(short_french)              # 23 words without one English function word
    assert looks_english("We may sell your data to our partners and clients can read your posts.")


def test_terminal_control_characters_become_replacement_characters() -> None:
    from terms.parsing import parse_bytes

    raw = "# Terms \x1b[31mRED\x1b[0m\n\n1. We may sell your data.\x1b]0;title\x07 \x9b2J\n"
    doc = parse_bytes(raw.encode("utf-8"), source="esc.md")
    assert not any(ch in doc.text for ch in "\x1b\x07\x9b")
    assert "Terms \ufffd[31mRED\ufffd[0m" in doc.text
    for clause in doc.clauses:
        assert doc.text[clause.start:clause.end] == clause.text


def test_html_text_with_blank_lines_gives_clauses_without_stray_line_breaks() -> None:
    # found by hypothesis: "# \n\n1. " read as HTML gave a clause "#\n"
    doc = parse_text("# \n\n1. ", format=DocumentFormat.HTML)
    assert [c.text for c in doc.clauses] == ["#", "1."]
    doc = parse_text("<p>Intro\n\n\n1. first\n\n2. second</p>", format=DocumentFormat.HTML)
    assert [c.text for c in doc.clauses] == ["Intro", "1. first", "2. second"]


def test_utf8_with_a_few_latin1_bytes_keeps_its_utf8_and_says_so() -> None:
    """Read whole as Windows-1252, the UTF-8 part became "â€”" and "cafÃ©" in the text, its
    quotes and its fingerprints."""
    notes: list[str] = []
    data = "We may sell your data — café.\n".encode() + "Second: café naïve.\n".encode("latin-1")
    doc = parse_bytes(data, source="pasted.txt", notes=notes)
    assert " ".join(doc.text.split()) == "We may sell your data — café. Second: café naïve."
    assert notes == ["pasted.txt mixes UTF-8 with another encoding: read the 2 bytes that are not UTF-8 "
                     "as Windows-1252 (Western European), a guess: if letters look wrong, save it again "
                     "as UTF-8"]


def test_one_stray_byte_beside_a_single_utf8_dash_keeps_the_dash() -> None:
    """A reviewer's sample with one em dash and one stray byte was read whole as a DOS code page:
    "Caducea Network ŌĆö Terms of Membership", the service named "Caducea Network ŌĆö"."""
    notes: list[str] = []
    data = "# Caducea Network — Terms\n\nWe read your posts".encode() + b"\x81.\n"
    doc = parse_bytes(data, source="terms.md", notes=notes)
    assert doc.title == "Caducea Network — Terms"
    assert notes == ["terms.md mixes UTF-8 with another encoding: read the 1 byte that is not UTF-8 as "
                     "Windows-1252 (Western European), a guess: if letters look wrong, save it again as "
                     "UTF-8"]


def test_latin1_bytes_are_read_as_western_european_and_the_guess_is_noted() -> None:
    """Short Latin-1 text is not handed to a Central-European code page ("crème" as "crčme")."""
    notes: list[str] = []
    doc = parse_bytes("Café crème ÿþ\n".encode("latin-1"), source="menu.txt", notes=notes)
    assert doc.text.strip() == "Café crème ÿþ"
    assert notes == ["menu.txt is not UTF-8; read it as Windows-1252 (Western European), a guess: if letters "
                     "look wrong, save it again as UTF-8"]


@pytest.mark.parametrize(("text", "codec", "name"), [
    ("Zażółć gęślą jaźń. Polityka prywatności i ochrony danych osobowych użytkowników.", "cp1250",
     "Windows-1250"),
    ("Политика конфиденциальности. Мы можем передавать ваши данные партнёрам.", "cp1251", "Windows-1251"),
])
def test_bytes_clearly_from_another_code_page_are_not_forced_into_windows_1252(
        text: str, codec: str, name: str) -> None:
    notes: list[str] = []
    doc = parse_bytes(text.encode(codec), source="x.txt", notes=notes)
    assert doc.text.strip() == text
    assert len(notes) == 1 and name in notes[0]


def test_utf8_and_marked_text_get_no_encoding_note() -> None:
    notes: list[str] = []
    for data in ("Café\n".encode(), "Café\n".encode("utf-16"), "Café\n".encode("utf-8-sig")):
        parse_bytes(data, source="x.txt", notes=notes)
    assert notes == []


def test_outline_metadata_line_counts_one_clause_in_the_singular() -> None:
    from terms.outline import metadata_line

    line = metadata_line(parse_text("We may share your data.\n", format=DocumentFormat.TEXT))
    assert " · 1 clause · 23 characters · " in line


@pytest.mark.parametrize("junk", ["[" * 200_000, "[x](" * 50_000, "[x](a" * 40_000])
def test_markdown_detection_reads_bracket_junk_in_linear_time(junk: str) -> None:
    """These took time quadratic in their length (47 s for the first); a regression shows as a stalled run."""
    from terms.parsing.detect import detect_text_format

    assert detect_text_format(junk, ".md") == DocumentFormat.TEXT
    assert detect_text_format("See [the policy](https://example.org/p) and **this**.\n", ".md") \
        == DocumentFormat.MARKDOWN


def test_a_bold_title_whose_closing_marker_slipped_to_the_next_line_is_a_heading() -> None:
    # converted web pages write "<b>Title<br></b>Text" as "**Title␣␣" / "**Text", and wrap bold titles
    text = ("# Terms\n\nIntro text for the terms.\n\n**Governing Law  \n**All claims are governed by the "
            "law of Ruritania.\n\n**We collect some data  \nabout you**\n\nWe collect your name.\n")
    doc = parse_text(text, source="t.md")
    headings = [c.heading for c in doc.clauses if c.kind is ClauseKind.HEADING]
    assert "Governing Law" in headings and "We collect some data about you" in headings
    law = next(c for c in doc.clauses if c.text.startswith("All claims"))
    assert law.heading_path[-1] == "Governing Law" and "**" not in doc.text


def test_a_bold_line_with_its_full_stop_outside_the_bold_is_a_heading() -> None:
    """TikTok's privacy policy writes some titles "**Marketing communications**." and others
    "**Administer the Platform.**": the first kind read as paragraphs, so what followed them was
    filed under the title before (its way outs named the wrong section)."""
    text = ("# Legal bases\n\n**Device permissions.**\n\nWe use your camera when you allow it.\n\n"
            "**Marketing communications**.\n\nWe send you offers when you agree.\n")
    doc = parse_text(text, source="t.md")
    offers = next(c for c in doc.clauses if c.text.startswith("We send"))
    assert offers.heading_path[-1] == "Marketing communications."


def test_a_title_standing_before_an_empty_heading_marker_is_the_heading() -> None:
    """Meta's privacy policies: "How do we use your information?", then an empty "### ", then the
    "Highlights" box every section repeats; all 585 clauses were paragraphs of "Privacy Policy"."""
    text = ("# Privacy Policy\n\nEffective July 23, 2026 | View printable version\n\n### \n\nHighlights\n\n"
            "We explain our policy.\n\nWhat information do we collect?\n\n### \n\nHighlights\n\n"
            "We collect your posts.\n\nHow do we use your information?\n\n### \n\nHighlights\n\n"
            "We use your posts for ads.\n")
    doc = parse_text(text, source="t.md")
    headings = [c.heading for c in doc.clauses if c.kind is ClauseKind.HEADING]
    assert headings == ["Privacy Policy", "What information do we collect?",
                        "How do we use your information?"]
    ads = next(c for c in doc.clauses if c.text.startswith("We use your posts"))
    assert ads.heading_path[-1] == "How do we use your information?"


def test_a_bold_line_that_introduces_what_follows_is_no_heading() -> None:
    """Aetna's text-alert terms: "**The following carriers are supported:**" became a section, and
    the liability clause after the carriers was cited as its paragraph 5."""
    text = ("# Alerts\n\nWe send alerts.\n\n**The following carriers are supported:**\n\nAcme, Bolt.\n\n"
            "**You agree to:**\n\n- keep your number current\n\n**Erasure:**\n\nYou may ask us to delete "
            "it.\n")
    doc = parse_text(text, source="t.md")
    # over a list, such a line titles the list
    assert [c.heading for c in doc.clauses if c.kind is ClauseKind.HEADING] == ["Alerts", "You agree to:",
                                                                               "Erasure:"]
    carriers = next(c for c in doc.clauses if c.text.startswith("Acme"))
    assert carriers.heading_path == ("Alerts",)


def test_an_empty_heading_marker_takes_the_title_on_the_line_after_it() -> None:
    # converted web pages write "<h3><span>Title</span></h3>" as "### " and the title on its own line
    text = ("# Policy\n\n### \n\nHow we use information\n\nWe use your posts to rank the feed.\n\n"
            "### \n\nHow long we keep it\n\nWe keep your posts for a year.\n")
    doc = parse_text(text, source="t.md")
    kept = next(c for c in doc.clauses if c.text.startswith("We keep"))
    assert kept.heading_path[-1] == "How long we keep it"
    assert [c.heading for c in doc.clauses if c.kind is ClauseKind.HEADING] == [
        "Policy", "How we use information", "How long we keep it"]


def test_a_title_repeated_after_empty_heading_markers_is_no_heading() -> None:
    # Meta's policies open each section with an empty marker and a "Highlights" box; the section's
    # own heading is elsewhere, so "Highlights" heading every section would misname them all
    box = "### \n\nHighlights\n\nWe use what you share to show you ads.\n\n"
    doc = parse_text("# Policy\n\n" + box + box, source="t.md")
    assert [c.heading for c in doc.clauses if c.kind is ClauseKind.HEADING] == ["Policy"]


def test_a_plain_text_heading_over_a_date_line_or_a_contact_line() -> None:
    text = ("Privacy Policy\nLast updated January 10, 2026\n\n"
            "Welcome to Snapwise. We collect it.\n\nContact Us\nEmail privacy@snapwise.example\n")
    doc = parse_text(text, format=DocumentFormat.TEXT)
    assert doc.title == "Privacy Policy" and doc.effective_date == "2026-01-10"
    assert [c.text for c in doc.clauses if c.kind is ClauseKind.HEADING] == ["Privacy Policy", "Contact Us"]
    assert doc.clause("contact-us/p1").text == "Email privacy@snapwise.example"
    # two short lines of another kind stay one paragraph
    assert [c.kind for c in parse_text("Name\nAddress\n", format=DocumentFormat.TEXT).clauses] == [
        ClauseKind.PARAGRAPH]


def test_a_label_repeated_thousands_of_times_gets_the_next_free_id_each_time() -> None:
    """Ids are counted on from where the last clash left off (counting from 2 each time made a
    672 KB file of "1." paragraphs take minutes); an id taken meanwhile is still skipped."""
    document = parse_bytes(("1. We may share your data.\n\n" * 3000).encode(), source="repeated.txt")
    ids = [c.id for c in document.clauses]
    assert ids[:3] == ["1", "1~2", "1~3"] and ids[-1] == "1~3000" and len(set(ids)) == 3000


def test_a_paragraph_hyphenated_at_every_line_end_is_joined_whole() -> None:
    """The line-end test reads the last word, not the paragraph joined so far (which made one long
    paragraph take quadratic time)."""
    document = parse_bytes(("third-\nparty data " * 4000).encode(), source="wrapped.txt")
    (clause,) = document.clauses
    assert clause.text.split() == ["third-party", "data"] * 4000


def test_a_markdown_list_of_more_than_a_hundred_items_stays_one_list() -> None:
    """Item "100." was read as an amount wrapped into item 99's text (a rule meant for paragraphs
    outside lists), so items 100 on became one clause, or children of 99."""
    source = "# Rules\n\n" + "".join(f"{n}. Rule number {n}.\n" for n in range(1, 1005))
    document = parse_text(source, format=DocumentFormat.MARKDOWN)
    items = [c for c in document.clauses if c.kind is ClauseKind.ITEM or c.number]
    assert [c.id for c in items[98:101]] == ["99", "100", "101"]
    assert items[-1].id == "1004" and items[-1].text == "1004. Rule number 1004."
    assert len({c.parent_id for c in items}) == 1


def test_an_amount_at_a_line_start_still_continues_its_paragraph() -> None:
    document = parse_text("You may send claims in batches of at least\n500. You must pay the fees.\n",
                          format=DocumentFormat.MARKDOWN)
    assert len(document.clauses) == 1


def test_empty_table_cells_leave_no_rows_or_bars_and_markdown_reads_as_its_html() -> None:
    """Converted pages space tables with empty cells: Reddit's privacy policy had eight clauses
    "|  |  |  |" and rows "| Account Information | We collect …" that its HTML did not."""
    markdown = ("# Privacy\n\n|     |     |     |\n| --- | --- | --- |\n"
                "|     | _Account Information_ | We collect your username. |\n|     |     |     |\n")
    html = ("<h1>Privacy</h1><table><tr><td></td><td></td><td></td></tr><tr><td></td>"
            "<td><em>Account Information</em></td><td>We collect your username.</td></tr></table>")
    as_markdown = [c.text for c in parse_text(markdown, source="p.md").clauses]
    assert as_markdown == ["Privacy", "Account Information | We collect your username."]
    assert as_markdown == [c.text for c in parse_bytes(html.encode(), source="p.html").clauses]


@pytest.mark.parametrize("source", ["terms.txt", "terms.md"])
def test_a_sentence_about_a_section_is_not_that_section(source: str) -> None:
    """"Section 8 applies only if …" took the id sec-8, and the real Section 8 became sec-8~2."""
    page = ("Acme Terms of Service\n\nSection 1. Using the Service\n\nYou must be 13 or older.\n\n"
            "Section 8 applies only if you live in the United States.\n\n"
            "Section 8. Limitation of Liability\n\nWe are not liable for indirect damages.\n")
    ids = [c.id for c in parse_text(page, source=source).clauses]
    assert "sec-8" in ids and "sec-8~2" not in ids
    assert parse_text(page, source=source).clause("sec-8").text == "Section 8. Limitation of Liability"
    # in capitals too: Tinder's "SECTION 15 REQUIRES WITH LIMITED EXCEPTIONS, THAT ALL DISPUTES …"
    # was numbered "SECTION 15" and named "§SECTION 15" at the top of the summary
    shouted = page.replace("Section 8 applies only if you live in the United States.",
                           "SECTION 8 REQUIRES, WITH LIMITED EXCEPTIONS, THAT DISPUTES GO TO ARBITRATION.")
    ids = [c.id for c in parse_text(shouted, source=source).clauses]
    assert "sec-8" in ids and "sec-8~2" not in ids


def test_an_initial_at_the_start_of_a_wrapped_line_is_no_clause() -> None:
    page = ("Contact Us\n\nYou can write to us at our business address: MTCH Technology, 8750\n"
            "N. Central Expressway, Suite 1400, Dallas, TX 75231, or by e-mail.\n\n"
            "This agreement was signed on behalf of the Company by its officer John\n"
            "A. Smith, who is authorised to do so under Delaware law.\n\n"
            "We collect these kinds of information about you and your use\n"
            "A. Information you give us when you sign up for an account with us\n"
            "B. Information we collect automatically when you use the service\n")
    clauses = parse_text(page, source="terms.txt").clauses
    starts = [c.text.split()[0] for c in clauses]
    assert "N." not in starts and starts.count("A.") == 1 and starts[-2:] == ["A.", "B."]
    assert [c.id for c in clauses][-2:] == ["(A)", "(B)"]


def test_plain_text_written_as_questions_and_answers_has_a_section_per_question() -> None:
    """Every answer of a policy written as questions was one flat list of paragraphs: the questions
    ended in "?", which closes a sentence."""
    text = ("Acme Privacy Policy\n\nWhat information do we collect?\n\nWe collect your name.\n\n"
            "How do we use your information?\n\nWe use it to run the app.\n\n"
            "Do we sell your information?\n\nNo. We do not sell your personal information.\n\n"
            "With whom do we share it?\n\nWith our payment processor.\n")
    doc = parse_text(text, format=DocumentFormat.TEXT)
    headings = [c.text for c in doc.clauses if c.kind is ClauseKind.HEADING]
    assert headings == ["Acme Privacy Policy", "What information do we collect?",
                        "How do we use your information?", "Do we sell your information?",
                        "With whom do we share it?"]
    assert doc.clause("do-we-sell-your-information/p1").text.startswith("No. We do not sell")
    # one question in prose is no heading
    single = parse_text("Acme Terms\n\nWhy does this matter?\n\nBecause you agree to it.\n",
                        format=DocumentFormat.TEXT)
    assert [c.kind for c in single.clauses][1] is ClauseKind.PARAGRAPH


def test_an_underscore_closed_before_a_star_leaves_no_marks() -> None:
    """Zoom's defined terms, '_“_**Renewal Term**_”_ means …', kept their underscores."""
    doc = parse_text("# Terms\n\n_“_**Renewal Term**_”_ means the period after the first one.\n",
                     source="t.md")
    assert doc.clauses[-1].text == "“Renewal Term” means the period after the first one."


@pytest.mark.parametrize("town", ["Seattle, WA 98121", "London EC1A 1BB", "10117 Berlin"])
def test_the_lines_of_a_postal_address_after_a_colon_are_no_list(town: str) -> None:
    """The same terms as Markdown and as plain text compared as "10 added, 1 changed": the text's
    address lines after "Courier address:" were read as the items of a list that lost its bullets."""
    text = f"Terms\n\nCourier address:\nCopyright Agent\nLegal Department\n2021 7th Avenue\n{town}\n"
    doc = parse_text(text, format=DocumentFormat.TEXT)
    assert [c.kind for c in doc.clauses].count(ClauseKind.ITEM) == 0
    # a list of things after a colon still is one
    listed = parse_text("Terms\n\nWe may collect:\nTerms you search for\nVideos you watch\n",
                        format=DocumentFormat.TEXT)
    assert [c.kind for c in listed.clauses].count(ClauseKind.ITEM) == 2


@pytest.mark.parametrize(("source", "contents"), [
    ("policy.txt", "1.  Who We Are\n\n2.  Where This Policy Applies\n\n3.  Data We Collect\n\n"),
    ("policy.md", "1. Who We Are\n2. Where This Policy Applies\n3. Data We Collect\n\n"),
])
def test_a_table_of_contents_typed_as_numbered_lines_numbers_no_clause(source: str, contents: str) -> None:
    """Tinder's privacy policy as text and Spotify's terms list their sections first: the entries
    read as empty sections 1 to 12, and the real ones became "1~2", "2~2" … sharing their labels."""
    page = ("Privacy Policy\n\nWelcome to our privacy policy.\n\n" + contents
            + "1. Who We Are\n\nWe are Acme Ltd.\n\n2. Where This Policy Applies\n\n"
              "It applies to the app.\n\n3. Data We Collect\n\nWe collect your e-mail address.\n")
    doc = parse_text(page, source=source)
    ids = [c.id for c in doc.clauses]
    assert not [i for i in ids if "~" in i]
    entries = [c for c in doc.clauses if c.text.endswith("Where This Policy Applies") and not c.number]
    assert len(entries) == 1 and doc.clause("2").text.endswith("Where This Policy Applies")
    assert doc.position("2") > doc.position(entries[0].id)   # the section, not its entry
    # a numbered list whose items name nothing further on is a list, numbered as before
    listed = parse_text("Terms\n\nYou agree:\n\n1. to be kind\n\n2. to be honest\n\n3. to be brief\n",
                        source=source)
    assert [c.number for c in listed.clauses if c.number] == ["1.", "2.", "3."]


@pytest.mark.parametrize(("text", "fmt"), [
    ("<h1>Acme terms</h1><p>\u200d</p><ul><li>One.</li><li>\u200b</li></ul><p>Done.</p>",
     DocumentFormat.HTML),
    ("# Acme terms\n\n\u200d\n\n- One.\n- \u200b\n\nDone.\n", DocumentFormat.MARKDOWN),
    ("Acme terms\n\n\u00ad\n\n\u2060\n\nOne.\n\nDone.\n", DocumentFormat.TEXT),
])
def test_a_block_of_invisible_characters_is_no_clause(text: str, fmt: DocumentFormat) -> None:
    """Discord's terms exported as HTML hold "<li>&zwj;</li>" spacers: each was a clause "• ‍"
    the Markdown did not have, and the ids after it moved."""
    doc = parse_text(text, format=fmt)
    texts = [c.text.lstrip("• ") for c in doc.clauses if c.kind is not ClauseKind.HEADING]
    assert texts[-2:] == ["One.", "Done."]
    assert not [c for c in doc.clauses if not c.text.strip("• \u00ad\u200b\u200c\u200d\u2060\ufeff")]


def test_a_word_processors_bullet_kept_as_text_starts_a_list_item() -> None:
    """Converted pages keep Word's "Symbol" bullet as "·" and no-break spaces: LinkedIn's "Customer
    will not: ·      Provide identifiable candidate data to any other parties" was a paragraph, so
    the item lost the "will not" it finishes and read as the company sharing data."""
    gap = "\u00a0" * 6
    doc = parse_text(f"# Jobs\n\nThe customer will not:\n\n·{gap}Provide candidate data to others;\n\n"
                     f"▪ Spam applicants.\n\nThe café·bar and l·l stay words.\n")
    kinds = [(c.kind, c.text) for c in doc.clauses if c.kind is not ClauseKind.HEADING]
    assert kinds == [
        (ClauseKind.PARAGRAPH, "The customer will not:"),
        (ClauseKind.ITEM, "• Provide candidate data to others;"),
        (ClauseKind.ITEM, "• Spam applicants."),
        (ClauseKind.PARAGRAPH, "The café·bar and l·l stay words."),
    ]


def test_a_numbered_section_continues_its_sequence_past_a_higher_heading_between() -> None:
    """Twitter's terms underline a subheading of §3 with "===" (a level-1 heading) between "### 3."
    and "### 4.": §4, §5 and §6 became its children ("your-rights-…/4"). A numbered heading that
    continues its sequence is the sibling of the one before, while their parent is open."""
    doc = parse_text(
        "### 3. Content\n\nYou own your posts.\n\nYour Rights\n===========\n\nYou grant us a licence.\n\n"
        "### 4. Using the Services\n\nBe nice.\n\n### 5. Liability\n\nWe are not liable.\n"
    )
    headings = [(c.id, c.parent_id) for c in doc.clauses if c.kind is ClauseKind.HEADING]
    assert headings == [("3", None), ("your-rights", None), ("4", None), ("5", None)]
    # a numbered section under each of two question headings stays under its own
    questions = parse_text(
        "## What do you collect?\n\n### 1. Information we collect\n\nYour name.\n\n"
        "## How do you use it?\n\n### 2. How we use information\n\nTo run the service.\n"
    )
    parents = {c.id: c.parent_id for c in questions.clauses if c.kind is ClauseKind.HEADING}
    assert parents["how-do-you-use-it/2"] == "how-do-you-use-it"


def test_a_txt_file_with_markdown_headings_is_read_as_markdown(tmp_path) -> None:
    """A .md version saved as .txt lost its title and made "## 12. Your choices" a clause of its
    own, flagged as a choice; a new user's review found it joined no stored document."""
    from terms.parsing import parse_file
    from terms.parsing.detect import detect_text_format

    markdown = ("# Terms of Service\n\n## 1. Accounts\n\nYou need an account.\n\n## 12. Your choices\n\n"
                "Opt out.\n")
    copy = tmp_path / "terms-2026-09.txt"
    copy.write_text(markdown, encoding="utf-8")
    document = parse_file(copy)
    assert document.format == DocumentFormat.MARKDOWN and document.title == "Terms of Service"
    assert not [c for c in document.clauses if c.text.startswith("##")]
    # plain text with one stray "#" line stays plain text
    assert detect_text_format("Terms\n\n# of use\n\nYou need an account.\n", ".txt") == DocumentFormat.TEXT


def test_an_indented_item_ending_in_and_does_not_swallow_the_next() -> None:
    """"   (c) … a referral fee; and" / "   (d) transfer of …" are two items: the indentation made
    "(c)" look written inside its line (a run-in enumeration), and a lone "(c)" reads as a roman
    numeral, so "(d)" seemed to start no series (a locum agency's notice written for the test)."""
    text = ("NOTICE\n\n10. Sales\n\n10.2 The following are not sales:\n   (a) first item with words;\n"
            "   (b) second item;\n   (c) third item is a long one about a referral fee; and\n"
            "   (d) transfer of our database to a purchaser.\n")
    document = parse_text(text, format=DocumentFormat.TEXT)
    assert document.clause("10.2(c)").text.endswith("referral fee; and")
    assert document.clause("10.2(d)").text.startswith("(d) transfer")


@pytest.mark.parametrize("source", ["policy.html", "policy.md"])
def test_a_lists_own_numbers_leave_the_ids_of_subsections_the_document_numbers_itself(source: str) -> None:
    """An ordered list under "3." took the ids 3.1, 3.2 …, and the document's own subsections "3.1" and
    "3.2" after it became "3.1~2" and "3.2~2", named "§3.2" in reports for a list item."""
    if source.endswith(".html"):
        page = ("<h2>3. How we use information</h2><p>We use it:</p><ol><li>to run the app;</li>"
                "<li>to work out your score;</li></ol><h3>3.1 Personalisation</h3><p>We tailor tips.</p>"
                "<h3>3.2 Engineering reviews</h3><p>Engineers look at crash logs.</p>")
    else:
        page = ("## 3. How we use information\n\nWe use it:\n\n1. to run the app;\n"
                "2. to work out your score;\n\n### 3.1 Personalisation\n\nWe tailor tips.\n\n"
                "### 3.2 Engineering reviews\n\nEngineers look at crash logs.\n")
    document = parse_text(page, source=source)
    assert [c.id for c in document.clauses] == ["3", "3/p1", "3/1", "3/2", "3.1", "3.1/p1", "3.2", "3.2/p1"]
    assert document.clause("3.2").text == "3.2 Engineering reviews"
    # with no subsections of its own, a list under "3." numbers its items 3.1, 3.2 as before
    alone = page[:page.index("<h3>" if source.endswith(".html") else "### 3.1")]
    assert [c.id for c in parse_text(alone, source=source).clauses] == ["3", "3/p1", "3.1", "3.2"]

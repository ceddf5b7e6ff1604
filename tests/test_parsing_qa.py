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
<p aria-hidden="true">Icon label</p>
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
        "Collapsed answer the reader can open.",
        "We delete it on request.",
    ]
    for gone in ("Variant B", "Icon label", "invisible", "Invisible", "Template", "enable scripts"):
        assert gone not in doc.text


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

"""Property tests: whatever text or bytes come in, only a DocumentError may come out, and every
successful parse keeps its promises (exact offsets, unique ids, parents before children)."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from terms.errors import DocumentError
from terms.model import Document, DocumentFormat
from terms.parsing import parse_bytes, parse_text

# Fragments of the syntax each reader reacts to, so random documents exercise real paths.
MARKUP = [
    "# ", "## ", "\n", "\n\n", "  ", "    ", "- ", "* ", "1. ", "7.3 ", "(a) ", "(iv) ",
    "Section 4 ", "ARTICLE II ", "**", "*", "_", "__", "`", "```", "~~~", "[", "]", "(", ")",
    "](http://x)", "![", "<", ">", "</", "<b>", "<br>", "<script>", "</script>", "<ul><li>",
    "</li></ul>", "<ol start=3><li>", "<p>", "</p>", "<h2>", "</h2>", "<table>", "<tr><td>",
    "</td></tr>", "&amp;", "&#", "|", "|---|", "===", "---", "\\", "\t", "\r\n", "\r", "\x00",
    "\ufeff", "\u2028", "\ud800", "Last updated: March 31, 2020", "WE SELL DATA",
    "We may share your data.", "é", "\u00a0", "<![", "<!x", "<![CDATA[", "<?", "<!--", "-->",
]
texts = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=12)), max_size=40).map("".join)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(document: Document) -> None:
    seen: set[str] = set()
    for clause in document.clauses:
        assert document.text[clause.start:clause.end] == clause.text
        assert clause.text and clause.text == clause.text.strip()
        assert clause.id not in seen
        if clause.parent_id is not None:
            assert clause.parent_id in seen  # parents come first: the tuple is in document order
            assert clause.depth == document.clause(clause.parent_id).depth + 1
        else:
            assert clause.depth == 0
        seen.add(clause.id)
    starts = [c.start for c in document.clauses]
    assert starts == sorted(starts)
    document.text.encode("utf-8")  # no lone surrogates survive


def parse_or_refuse(call, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    try:
        document = call(*args, **kwargs)
    except DocumentError as exc:
        assert "\n" not in str(exc)
        return
    check(document)


@FAST
@given(texts)
@example("7.3 <br><br>1. ")  # found by the search: the clause before a number kept its blank line
def test_markdown_random_text(text: str) -> None:
    parse_or_refuse(parse_text, text, format=DocumentFormat.MARKDOWN)


@FAST
@given(texts)
def test_plain_text_random_text(text: str) -> None:
    parse_or_refuse(parse_text, text, format=DocumentFormat.TEXT)


@FAST
@given(texts)
def test_html_random_text(text: str) -> None:
    parse_or_refuse(parse_text, text, format=DocumentFormat.HTML)


@FAST
@given(st.binary(max_size=600))
def test_random_bytes(data: bytes) -> None:
    parse_or_refuse(parse_bytes, data, source="random.bin")


@FAST
@given(st.binary(max_size=400))
def test_random_bytes_as_pdf(data: bytes) -> None:
    parse_or_refuse(parse_bytes, b"%PDF-1.4\n" + data, source="random.pdf")


@FAST
@given(texts, st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_encoded_text(text: str, codec: str) -> None:
    parse_or_refuse(parse_bytes, text.encode(codec, "replace"), source="doc.md")


@settings(max_examples=60, deadline=None)
@given(texts)
def test_parsing_is_deterministic(text: str) -> None:
    try:
        first = parse_text(text)
    except DocumentError:
        return
    second = parse_text(text)
    assert first.clauses == second.clauses and first.text == second.text

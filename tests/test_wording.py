"""How the reports and the app put words together."""

from __future__ import annotations

from terms.wording import isolated, join_names


def test_names_are_isolated_and_set_apart_when_one_holds_a_comma() -> None:
    """A right-to-left name pulled the count after it to its side ("(1) ⚕ ليلى .د"), and a name with
    a comma in it read as two people."""
    assert isolated("د. ليلى") == "\u2068د. ليلى\u2069"
    assert join_names(["Dr A", "Dr B"]) == "\u2068Dr A\u2069 and \u2068Dr B\u2069"
    assert join_names(['Dr "Quote", Comma', "Dr A", "Dr B"]) == (
        '\u2068Dr "Quote", Comma\u2069; \u2068Dr A\u2069 and \u2068Dr B\u2069')
    assert join_names(["", "Dr A"]) == "\u2068Dr A\u2069"

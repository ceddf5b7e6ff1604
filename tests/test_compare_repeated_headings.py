"""Documents that repeat section headings (a regional part and the rest of the world, or a page that
prints a section twice): every change is listed once per clause, and two clauses named alike in one
list are told apart by their ids. Reddit's user agreement printed "Adds a research-use provision in
paragraph 4 of “5. Your Content”" twice, once for its US part and once for its EEA part."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli import run_cli
from terms.compare import Comparison, compare
from terms.compare.report import ReportOptions, render, to_dict
from terms.model import Document, Flag, Severity
from terms.parsing import parse_text

MINIMAL = Path(__file__).parent / "fixtures" / "rules" / "minimal.yaml"

SHOWN = "We show your posts to the other members you choose."
SOLD = "We show your posts to the other members you choose, and we may sell your posts to sponsors."

PROMISES = "What changed in the promises to you:"  # the section after the flag changes


def _parts(second_paragraph: str) -> str:
    """Two regional parts with the same numbered section and the same paragraphs."""
    part = f"### 2. Your posts\n\nYou keep the rights to what you post on the site.\n\n{second_paragraph}\n"
    return (f"# Example Terms\n\n## Terms for members in Ruritania\n\n{part}\n"
            f"## Terms for members everywhere else\n\n{part}")


def _repeated(first: str, second: str) -> str:
    """One page that prints the same heading twice at the same level."""
    return f"# Example Terms\n\n## Your posts\n\n{first}\n\n## Your posts\n\n{second}\n"


def _sale(document: Document, clause_id: str) -> Flag:
    clause = document.clause(clause_id)
    return Flag("data.sale", Severity.CONCERN, clause_id, ((clause.start, clause.end),), "test", "explained")


def _compared(old_text: str, new_text: str, flagged: list[str]) -> Comparison:
    old, new = parse_text(old_text, source="old.md"), parse_text(new_text, source="new.md")
    return compare(old, new, old_flags=(), new_flags=[_sale(new, i) for i in flagged])


FIRST, SECOND = "your-posts/p1", "your-posts~2/p1"   # the paragraph under each “Your posts”
ADDS_SALE = "Adds a data-sale provision in paragraph 1 of “Your posts”"


def _both_sold() -> Comparison:
    """The paragraph under each of the two “Your posts” headings now sells your posts."""
    return _compared(_repeated(SHOWN, SHOWN), _repeated(SOLD, SOLD), [FIRST, SECOND])


def _section(report: str, start: str, end: str) -> list[str]:
    return report.split(start, 1)[1].split(end, 1)[0].strip("\n").splitlines()


def test_a_change_in_each_of_two_repeated_parts_is_listed_once_for_each() -> None:
    ruritania, elsewhere = "terms-for-members-in-ruritania/2/p2", "terms-for-members-everywhere-else/2/p2"
    comparison = _compared(_parts(SHOWN), _parts(SOLD), [ruritania, elsewhere])
    assert [d.new_ids for d in comparison.flag_deltas] == [(ruritania,), (elsewhere,)]
    text = render(comparison, "text", ReportOptions(only_changes=True))
    deltas = _section(text, "What changed in the flags:", PROMISES)[1::2]   # balance; headline, quote …
    changed = _section(text, "Clauses:", "\n\n")[::3]   # each changed clause: title, old, new
    for lines in (deltas, changed):
        assert len(lines) == 2 and lines[0] != lines[1]
        # told apart by the part they are in, or else by their ids
        assert ("Ruritania" in lines[0] or ruritania in lines[0]) and "everywhere else" not in lines[0]
        assert ("everywhere else" in lines[1] or elsewhere in lines[1]) and "Ruritania" not in lines[1]


def test_clauses_named_alike_in_a_list_carry_their_ids_in_text_and_markdown() -> None:
    comparison = _both_sold()
    text = render(comparison, "text")
    balance, *deltas = _section(text, "What changed in the flags:", PROMISES)
    assert balance == "  2 flag changes: 2 worse for you"
    assert deltas[::2] == [
        f"  [worse for you · concern] {ADDS_SALE} ({FIRST})",
        f"  [worse for you · concern] {ADDS_SALE} ({SECOND})",
    ]
    clauses = _section(text, "Clauses:", "\n\n")
    assert "  = “Your posts” (your-posts) unchanged" in clauses
    assert "  = “Your posts” (your-posts~2) unchanged" in clauses
    assert f"  ~ paragraph 1 of “Your posts” ({FIRST}) changed (similarity 0.71)" in clauses
    assert f"  ~ paragraph 1 of “Your posts” ({SECOND}) changed (similarity 0.71)" in clauses
    markdown = render(comparison, "markdown").splitlines()
    assert f"- **worse for you · concern**: {ADDS_SALE} ({FIRST})" in markdown
    escaped = SECOND.replace("~", "\\~")   # Markdown syntax in document text is backslashed
    assert f"- **changed**: paragraph 1 of “Your posts” ({escaped}) changed (similarity 0.71)" in markdown


def test_json_keeps_the_plain_label_beside_the_id_and_the_headline_as_printed() -> None:
    data = json.loads(render(_both_sold(), "json", ReportOptions(only_changes=True)))
    assert [(d["new_clauses"], d["headline"]) for d in data["flag_deltas"]] == [
        ([FIRST], f"{ADDS_SALE} ({FIRST})"), ([SECOND], f"{ADDS_SALE} ({SECOND})")]
    assert [[(c["id"], c["label"]) for c in e["new"]] for e in data["entries"]] == [
        [(FIRST, "paragraph 1 of “Your posts”")], [(SECOND, "paragraph 1 of “Your posts”")]]


def test_html_names_each_clause_named_alike_with_its_id() -> None:
    page = render(_both_sold(), "html", ReportOptions(only_changes=True))
    for clause_id in (FIRST, SECOND):   # once in the older column, once in the newer
        assert page.count(f'<span class="label">paragraph 1 of “Your posts” ({clause_id})</span>') == 2


def test_a_name_read_once_in_a_list_carries_no_id() -> None:
    comparison = _compared(_repeated(SHOWN, SHOWN), _repeated(SHOWN, SOLD), [SECOND])
    text = render(comparison, "text", ReportOptions(only_changes=True))
    assert f"{ADDS_SALE}\n" in text
    assert "  ~ paragraph 1 of “Your posts” changed (similarity 0.71)" in text
    assert "(your-posts" not in text
    whole = render(comparison, "text")   # the unchanged twin is listed too: now both carry ids
    assert f"  = paragraph 1 of “Your posts” ({FIRST}) unchanged" in whole
    assert f"  ~ paragraph 1 of “Your posts” ({SECOND}) changed (similarity 0.71)" in whole
    assert to_dict(comparison)["entries"][-1]["new"][0]["label"] == "paragraph 1 of “Your posts”"


def test_the_command_prints_one_headline_per_flag_change_in_repeated_parts(tmp_path, capsys) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(_parts(SHOWN), encoding="utf-8")
    new.write_text(_parts(SOLD), encoding="utf-8")
    assert run_cli(["compare", str(old), str(new), "--rules", str(MINIMAL), "--format", "json"]) == 0
    deltas = json.loads(capsys.readouterr().out)["flag_deltas"]
    assert {tuple(d["new_clauses"]) for d in deltas if d["category"] == "data.sale"} == {
        ("terms-for-members-in-ruritania/2/p2",), ("terms-for-members-everywhere-else/2/p2",)}
    assert run_cli(["compare", str(old), str(new), "--rules", str(MINIMAL)]) == 0
    headlines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  [")]
    assert len(headlines) == len(set(headlines)) == len(deltas)

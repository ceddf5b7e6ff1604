"""Command-line parsing: `--rules` takes one pack per use, and usage errors speak plainly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import build_parser, run_cli
from desktop.cli._args import friendly, split_rules_values

RULES = Path(__file__).parent / "fixtures" / "rules"
MINIMAL, ADDON = RULES / "minimal.yaml", RULES / "addon.yaml"


def usage_error(capsys, *argv: str) -> list[str]:
    with pytest.raises(SystemExit) as info:
        run_cli(list(argv))
    assert info.value.code == 2
    return capsys.readouterr().err.splitlines()


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "terms.txt"
    path.write_text("Privacy policy\n\nWe may sell your personal information to sponsors.\n",
                    encoding="utf-8")
    return path


def test_analyze_takes_its_file_after_rules(document, capsys):
    assert run_cli(["analyze", "--rules", str(MINIMAL), str(document), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {f["category"] for f in report["flags"]} == {"data.sale"}


def test_compare_takes_both_files_after_rules(document, capsys):
    assert run_cli(["compare", "--rules", str(MINIMAL), str(document), str(document)]) == 0
    assert "OLDER" in capsys.readouterr().out


def test_rules_repeat_and_the_older_multi_value_form_still_works():
    parser = build_parser()
    for argv in (
        ["flag", "--jsonl", "in.jsonl", "--rules", "a.yaml", "--rules", "b.yml"],
        split_rules_values(["flag", "--jsonl", "in.jsonl", "--rules", "a.yaml", "b.yml"]),
    ):
        assert parser.parse_args(argv).rules == [Path("a.yaml"), Path("b.yml")]
    args = parser.parse_args(split_rules_values(["analyze", "--rules", "a.yaml", "b.yaml", "doc.md"]))
    assert (args.rules, args.file) == ([Path("a.yaml"), Path("b.yaml")], "doc.md")
    assert split_rules_values(["compare", "--rules=a.yaml", "b.yaml", "old.txt", "new.txt"]) == [
        "compare", "--rules=a.yaml", "--rules", "b.yaml", "old.txt", "new.txt"
    ]
    after_dashes = ["analyze", "--", "--rules", "x.yaml"]
    assert split_rules_values(after_dashes) == after_dashes


def test_misspelt_command_gets_a_suggestion_and_a_hint(capsys):
    first, hint = usage_error(capsys, "analyse", "x.txt")
    assert first.startswith("clearterms: 'analyse' is not a command (did you mean 'analyze'?)")
    assert hint == "  Run 'clearterms --help' to see every option."


def test_invalid_values_are_said_plainly(capsys):
    first, _ = usage_error(capsys, "consent", "members", "ad")
    assert first == ("clearterms consent members: 'ad' is not an action (did you mean 'add'?); "
                     "choose from list, add")
    first, _ = usage_error(capsys, "consent", "record", "--member", "a", "--topic", "t", "--status", "given",
                           "--sha256", "x", "--expires-in-days", "soon")
    assert first == "clearterms consent record: --expires-in-days needs a whole number, not 'soon'"
    assert "argument" not in first and "invalid" not in first


def test_friendly_keeps_messages_it_does_not_know():
    assert friendly("unrecognized arguments: --x") == "unrecognized arguments: --x"
    assert friendly("the following arguments are required: file") == "missing file"


@pytest.mark.parametrize(("argv", "command", "unknown"), [
    (("analyze", "--bogus", "x.md"), "clearterms analyze", "--bogus"),
    (("consent", "members", "add", "dr-lee", "--bogus"), "clearterms consent members add", "--bogus"),
    (("rules", "check", "--zz", "a.yaml"), "clearterms rules check", "--zz"),
    (("--bogus",), "clearterms", "--bogus"),
])
def test_an_unknown_option_is_told_by_the_command_it_was_given_to(capsys, argv, command, unknown):
    """"clearterms analyze --bogus" pointed at "clearterms --help", which does not list analyze's options."""
    assert usage_error(capsys, *argv) == [f"{command}: unrecognized arguments: {unknown}",
                                          f"  Run '{command} --help' to see every option."]

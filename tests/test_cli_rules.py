"""`clearterms rules check|list`."""

from __future__ import annotations

from pathlib import Path

from desktop.cli import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def test_check_ok(capsys):
    assert run_cli(["rules", "check", str(FIXTURES / "minimal.yaml"), str(FIXTURES / "addon.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: 6 categories, 5 rules, ")
    assert "examples pass" in out


def test_check_lists_every_problem_and_exits_2(tmp_path, capsys):
    pack = tmp_path / "broken.yaml"
    pack.write_text(
        "pack: {id: broken, name: Broken, version: '1', base: true}\n"
        "categories:\n"
        "  - id: data.sale\n    title: Sold\n    group: data\n    severity: concern\n"
        "    explanation: Your data may be sold.\n"
        "rules:\n"
        "  - id: r1\n    category: data.sael\n    match: sell\n"
        "  - id: r2\n    category: data.sale\n    match: '(a+)+'\n"
        "  - id: r3\n    category: data.sale\n    match: sell\n"
        "    examples: {match: [We share it.]}\n",
        encoding="utf-8",
    )
    assert run_cli(["rules", "check", str(pack)]) == 2
    err = capsys.readouterr().err
    assert f"{pack.resolve()}:10: rule 'r1': unknown category 'data.sael' (did you mean 'data.sale'?)" in err
    assert f"{pack.resolve()}:14: rule 'r2': term '(a+)+' rejected" in err
    assert f"{pack.resolve()}:18: rule 'r3': example should match but does not" in err
    assert "Traceback" not in err


def test_list(capsys):
    assert run_cli(["rules", "list", str(FIXTURES / "minimal.yaml")]) == 0
    out = capsys.readouterr().out
    assert "minimal 0.1.0 (base pack)" in out
    assert "data.sale" in out and "2 rules" in out


def test_check_of_a_missing_file_says_to_check_the_path(tmp_path, capsys):
    missing = tmp_path / "nonexist.yaml"
    assert run_cli(["rules", "check", str(missing)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"clearterms: 1 problem in rule pack {missing}",
        f"  {missing}: cannot read rule pack: No such file or directory",
        f"  Check the path of {missing} (it must name a readable rule pack file).",
    ]


def test_counts_use_the_singular_for_one(capsys):
    assert run_cli(["rules", "list", str(FIXTURES / "minimal.yaml")]) == 0
    out = capsys.readouterr().out
    assert "\n5 categories, 5 rules, 0 models\n" in out
    assert " 1 rule   Paying clients" in out and "1 rules" not in out


def test_count_wording():
    from terms.wording import count

    assert [count(n, "rule") for n in (0, 1, 2, 1204)] == ["0 rules", "1 rule", "2 rules", "1,204 rules"]
    assert count(1, "category", "categories") == "1 category"
    assert count(3, "category", "categories") == "3 categories"


def _check_hostile(tmp_path: Path, capsys, body: str) -> list[str]:
    """`rules check` on a pack made to break the loader: exit 2 and only the problem lines on stderr."""
    pack = tmp_path / "hostile.yaml"
    pack.write_text("pack: {id: hostile, name: Hostile, version: '1'}\n" + body, encoding="utf-8")
    assert run_cli(["rules", "check", str(pack)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert captured.out == "" and "Traceback" not in captured.err and "internal error" not in captured.err
    assert lines[-1] == "  Fix the listed lines; see docs/rule-packs.md for the format."
    return [line.removeprefix(f"  {pack.resolve()}:") for line in lines[1:-1]]


def test_check_reports_hostile_terms_one_line_each(tmp_path, capsys):
    deep = "(" * 2000 + "sell" + ")" * 2000
    problems = _check_hostile(tmp_path, capsys, (
        "rules:\n"
        "  - {id: r1, category: data.sale, match: '\\'}\n"
        "  - {id: r2, category: data.sale, match: '[[:alpha:]]+ data'}\n"
        f"  - {{id: r3, category: data.sale, match: '{deep}'}}\n"
    ))
    assert [p.split(":")[0] for p in problems] == ["3", "4", "5"]
    assert problems[0] == (
        "3: rule 'r1': bad regular expression '\\': bad escape (end of pattern) at position 0"
    )
    assert "possible nested set at position 1" in problems[1]
    assert "groups nested 2000 deep" in problems[2] and len(problems[2]) < 200


def test_check_reports_every_unreadable_yaml_value_at_once(tmp_path, capsys):
    body = f"vocab: {{a: &x [*x]}}\nrules:\n  - {{within: {'9' * 5000}}}\n"
    problems = _check_hostile(tmp_path, capsys, body)
    assert problems == [
        "2: a YAML alias ('*') stands inside the value it names, which would repeat without end",
        "4: number out of range (5,000 digits); quote it if it is meant as text",
    ]


def test_check_refuses_yaml_tags(tmp_path, capsys):
    problems = _check_hostile(
        tmp_path, capsys, "rules:\n  - id: r1\n    match: !!python/object/apply:os.system ['echo PWNED']\n"
    )
    assert problems == ["4: YAML tags are not allowed ('!!python/object/apply:os.system'); "
                        "write plain values"]


def test_check_warns_of_untested_unused_and_repeated_rules(tmp_path, capsys):
    """A rule without examples, a category nothing flags and a rule that repeats another loaded with
    a plain "OK"; the default pack's own rules are not looked at."""
    pack = tmp_path / "lint.yaml"
    pack.write_text(
        'pack: {id: lint, name: Lint, version: "1"}\n'
        "categories:\n"
        '  - {id: data.unused, title: Unused, group: data, severity: info, explanation: "Unused."}\n'
        "rules:\n"
        "  - id: lint.one\n    category: data.sale\n    match: flog\n"
        "  - id: lint.two\n    category: data.sale\n    match: flog\n"
        "    examples:\n      match: [We flog data.]\n", encoding="utf-8")
    assert run_cli(["rules", "check", str(pack)]) == 0
    out = capsys.readouterr().out
    warnings = [line.strip() for line in out.splitlines() if line.strip().startswith("warning:")]
    assert warnings == [
        f"warning: {pack}:3: category 'data.unused' is used by no rule or model, so it is never flagged",
        f"warning: {pack}:5: rule 'lint.one' has no examples: nothing shows that it matches what it is "
        "meant to, and only that",
        f"warning: {pack}:8: rule 'lint.two' has the same pattern, exceptions and category as rule "
        "'lint.one': it flags the same words again",
    ]
    assert run_cli(["rules", "check"]) == 0 and "warning" not in capsys.readouterr().out

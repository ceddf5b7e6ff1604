"""Hostile or unusual YAML and regular expressions in a pack: each is a problem with file and line.

Every case here once ended in a traceback, a raw warning on stderr, or a silently changed value.
"""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import pytest

from terms.errors import RulePackError
from terms.rulepacks import load_packs
from terms.rulepacks.regexsafety import MAX_GROUP_DEPTH, UnsafePattern, check_safe
from terms.rulepacks.yamlnodes import MAX_DEPTH
from tests.test_rulepack_checks import HEADER

FIRST = HEADER.count("\n") + 1   # the line the body starts on


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def problems(tmp_path: Path, body: str) -> list[tuple[int, str]]:
    with pytest.raises(RulePackError) as info:
        load_packs([write(tmp_path, body)])
    assert all(p.source.endswith("pack.yaml") for p in info.value.problems)
    return [(p.line - FIRST + 1, p.message) for p in info.value.problems]   # lines within the body


def rule(match: str) -> str:
    return f"rules:\n  - id: r1\n    category: data.sale\n    match: {match}\n"


# -- YAML ----------------------------------------------------------------------------------------

def test_merge_keys_bring_in_the_anchored_keys_and_written_keys_win(tmp_path):
    pack = load_packs([write(tmp_path, """\
        rules:
          - &sale
            id: r1
            category: data.sale
            severity: caution
            match: peddle
          - <<: *sale
            id: r2
            match: hawk
        """)])
    first, second = pack.rules
    assert (second.id, second.category, second.severity) == ("r2", "data.sale", first.severity)
    assert second.pattern != first.pattern


def test_a_merged_key_is_reported_on_the_line_it_was_written(tmp_path):
    found = problems(tmp_path, """\
        rules:
          - &sale
            id: r1
            category: data.sale
            match: peddle
          - <<: [*sale, {catgory: data.sale}]
            id: r2
        """)
    assert found == [(6, "unknown key 'catgory' in rule 'r2' (did you mean 'category'?)")]


def test_a_merge_key_needs_mappings(tmp_path):
    found = problems(tmp_path, "rules:\n  - <<: [peddle]\n    id: r1\n")
    assert found == [(2, "a YAML merge key ('<<') needs a mapping or a list of mappings, "
                         "such as '<<: *defaults'")]


@pytest.mark.parametrize("body", ["vocab: {a: &x [*x]}\n", "vocab: {a: &x {<<: *x}}\n"])
def test_an_alias_inside_its_own_value_is_a_problem(tmp_path, body):
    [(line, message)] = problems(tmp_path, body)
    assert line == 1 and "inside the value it names" in message


def test_deep_nesting_is_a_problem(tmp_path):
    depth = MAX_DEPTH + 50
    [(line, message)] = problems(tmp_path, f"vocab: {{a: {'[' * depth}x{']' * depth}}}\n")
    assert line == 1 and f"nested more than {MAX_DEPTH} levels" in message


def test_a_number_too_long_to_read_is_out_of_range(tmp_path):
    found = problems(tmp_path, f"rules:\n  - id: r1\n    within: {'9' * 5000}\n")
    assert found == [(3, "number out of range (5,000 digits); quote it if it is meant as text")]


def test_an_impossible_date_is_a_problem(tmp_path):
    [(line, message)] = problems(tmp_path, "rules:\n  - id: 2024-13-45\n")
    assert line == 2 and "'2024-13-45' is not a valid date" in message


@pytest.mark.parametrize(
    ("value", "shown"),
    [('!!python/object/apply:os.system ["echo PWNED"]', "!!python/object/apply:os.system"),
     ("!!str sell", "!!str"), ("!custom sell", "!custom")],
)
def test_yaml_tags_are_refused(tmp_path, value, shown):
    found = problems(tmp_path, rule(value))
    assert found == [(4, f"YAML tags are not allowed ('{shown}'); write plain values")]


def test_an_exclamation_mark_in_a_term_is_no_tag(tmp_path):
    assert [r.id for r in load_packs([write(tmp_path, rule("'sell!'"))]).rules] == ["r1"]


# -- regular expressions -------------------------------------------------------------------------

def test_deeply_nested_groups_are_rejected_not_recursed_into(tmp_path):
    term = "(" * 2000 + "sell" + ")" * 2000
    [(line, message)] = problems(tmp_path, rule(f"'{term}'"))
    assert line == 4 and f"rejected: groups nested 2000 deep (at most {MAX_GROUP_DEPTH})" in message
    assert len(message) < 200
    with pytest.raises(UnsafePattern):
        check_safe(term)


def test_nesting_in_classes_and_escapes_does_not_count():
    check_safe(r"[(]" * 40 + r"\(" * 40 + "x")


@pytest.mark.parametrize(
    ("term", "says"),
    [("'\\'", "bad regular expression '\\': bad escape (end of pattern) at position 0"),
     ("'ab(c'", "bad regular expression 'ab(c': missing ), unterminated subpattern at position 2"),
     ("'Sell (Data'",
      "bad regular expression 'Sell (Data': missing ), unterminated subpattern at position 5"),
     ("'sells{1,99999999999}'",
      "bad regular expression 'sells{1,99999999999}': the repetition number is too large"),
     ("'(?P<x>a)(?P=x)'", "'(?P<x>a)(?P=x)' cannot be a term: named groups '(?P<name>...)'"),
     ("'(?s)sell'", "'(?s)sell' cannot be a term: inline flags such as '(?s)'")],
)
def test_regex_errors_speak_of_the_term_as_written(tmp_path, term, says):
    [(line, message)] = problems(tmp_path, rule(term))
    assert line == 4 and message.startswith(f"rule 'r1': {says}")


@pytest.mark.parametrize(
    ("term", "says"),
    [("[[:alpha:]]+ data", "possible nested set at position 1: a '[' inside [...]"),
     ("[a--z]ata", "possible set difference at position 2: a doubled '-'")],
)
def test_regex_warnings_are_problems_not_stderr(tmp_path, term, says):
    for _ in range(2):   # the second load must not get through on a cached compile
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            [(line, message)] = problems(tmp_path, rule(f"'{term}'"))
        assert line == 4 and message.startswith(f"rule 'r1': bad regular expression '{term}': {says}")
        (tmp_path / "pack.yaml").unlink()


@pytest.mark.parametrize(("value", "shown"), [("true", "true"), ("no", "false"), ("3", "3")])
def test_a_negation_that_is_not_text_names_what_it_may_be(tmp_path, value, shown):
    """`negation: true` was reported as "unknown category 'True'" (Python's spelling, no choices)."""
    found = problems(tmp_path, rule("we sell") + f"    negation: {value}\n")
    assert found == [(5, f"rule 'r1': negation must be 'drop', 'keep' or a category id, not {shown}")]


def test_an_id_with_a_letter_beyond_ascii_says_ascii(tmp_path):
    found = problems(tmp_path, "rules:\n  - id: mïne\n    category: data.sale\n    match: we sell\n")
    assert any("must be lower-case ASCII letters (a-z)" in message for _, message in found)


def test_a_device_a_fifo_or_a_huge_file_is_no_pack_and_is_not_read(tmp_path):
    """/dev/zero given as a pack was read into memory until the app was killed; a FIFO never ended."""
    import os

    fifo = tmp_path / "pack.yaml"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    for path, says in ((Path("/dev/zero"), "not a regular file"), (fifo, "not a regular file"),
                       (huge, "larger than 10 MB")):
        with pytest.raises(RulePackError) as info:
            load_packs([path])
        assert says in info.value.problems[0].message

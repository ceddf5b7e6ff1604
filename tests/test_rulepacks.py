"""Rule-pack loading and validation: every problem reported at once, with file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from terms.errors import RulePackError
from terms.rulepacks import load_packs
from terms.rulepacks.regexsafety import (
    UnsafePattern,
    check_safe,
    prefilter_keys,
    required_literals,
    term_conjunct,
)

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
MINIMAL = FIXTURES / "minimal.yaml"

HEADER = """\
pack:
  id: test-pack
  name: Test pack
  version: "1"
  base: true
categories:
  - id: data.sale
    title: Sold
    group: data
    severity: concern
    explanation: "{data|Your data} may be sold[ to {parties}]."
  - id: rights.no-sale
    title: Not sold
    group: rights
    severity: protective
    explanation: The document promises not to sell {data|your data}.
"""


def write(tmp_path: Path, body: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def problems_of(*paths: Path) -> list[tuple[int, str]]:
    with pytest.raises(RulePackError) as info:
        load_packs(paths)
    for p in info.value.problems:
        assert p.source == str(paths[-1].resolve()) or p.source.endswith(paths[-1].name)
    return [(p.line, p.message) for p in info.value.problems]


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_minimal_pack_loads_with_hash_and_examples():
    pack = load_packs([MINIMAL])
    assert pack.id == "minimal" and pack.version == "0.1.0"
    assert len(pack.sha256) == 64
    assert {"data.sale", "rights.no-sale", "data.client-access"} <= set(pack.categories)
    assert pack.rules and all(r.match_examples for r in pack.rules)
    assert load_packs([MINIMAL]) is pack  # cached per (path, mtime, size)


def test_malformed_yaml_names_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("pack:\n  id: x\n  name: [unclosed\n  version: 1\n", encoding="utf-8")
    [(line, message)] = problems_of(path)
    assert "malformed YAML" in message and line in (3, 4)


def test_unknown_keys_get_did_you_mean_with_lines(tmp_path):
    path = write(tmp_path, """\
        rules:
          - id: r1
            category: data.sale
            mtach: sell
            exmaples: {match: [We sell your data.]}
        """)
    found = problems_of(path)
    messages = " | ".join(m for _, m in found)
    assert "unknown key 'mtach' in rule 'r1' (did you mean 'match'?)" in messages
    assert "unknown key 'exmaples' in rule 'r1' (did you mean 'examples'?)" in messages
    lines = {line for line, m in found if "unknown key" in m}
    assert lines == {line_of(path, "mtach"), line_of(path, "exmaples")}


def test_unknown_category_with_did_you_mean(tmp_path):
    path = write(tmp_path, """\
        rules:
          - id: r1
            category: data.sael
            match: sell
        """)
    [(line, message)] = problems_of(path)
    assert line == line_of(path, "data.sael")
    assert "unknown category 'data.sael' (did you mean 'data.sale'?)" in message


def test_undercut_by_names_known_categories_as_a_list(tmp_path):
    promise = ("  - id: rights.{name}\n    title: A promise\n    group: rights\n    severity: protective\n"
               "    explanation: A promise.\n    undercut_by: {undercut}\n")
    path = tmp_path / "pack.yaml"
    path.write_text(HEADER + promise.format(name="limited", undercut="[data.sael]")
                    + promise.format(name="other", undercut="data.sale"), encoding="utf-8")
    problems = problems_of(path)
    assert (line_of(path, "[data.sael]"),
            "category 'rights.limited' undercut_by: unknown category 'data.sael' (did you mean 'data.sale'?)"
            ) in problems
    assert (line_of(path, "undercut_by: data.sale"),
            "category 'rights.other': undercut_by must be a list of category ids") in problems
    path.write_text(HEADER + promise.format(name="kept", undercut="[data.sale]"), encoding="utf-8")
    assert load_packs([path]).categories["rights.kept"].undercut_by == ("data.sale",)


def test_bad_regex_and_catastrophic_patterns_rejected(tmp_path):
    path = write(tmp_path, """\
        rules:
          - id: r1
            category: data.sale
            match: "sell(ing"
          - id: r2
            category: data.sale
            match: "(a+)+$"
          - id: r3
            category: data.sale
            match: {near: ["(a|aa)*b", "data"]}
        """)
    found = dict((m.split(":")[0], (line, m)) for line, m in problems_of(path))
    assert found["rule 'r1'"][0] == line_of(path, "sell(ing")
    assert "bad regular expression" in found["rule 'r1'"][1]
    assert found["rule 'r2'"][0] == line_of(path, "(a+)+$")
    assert "nested repeat" in found["rule 'r2'"][1]
    assert found["rule 'r3'"][0] == line_of(path, "(a|aa)*b")
    assert "repeated alternation" in found["rule 'r3'"][1]


UNSAFE = [r"(a+)+$", r"(a|aa)*b", r"(\w+\s?)*", r"\w+\w+", r".*\s.*", r"(x{1,50})+"]
SAFE = [r"sell|sold", r"third[- ]part(y|ies)", r"\w+ \w+", r"licen[cs]e", r"sell\w*"]


@pytest.mark.parametrize("source", UNSAFE)
def test_backtracking_shapes_are_unsafe(source):
    with pytest.raises(UnsafePattern):
        check_safe(source)


@pytest.mark.parametrize("source", SAFE)
def test_ordinary_terms_are_safe(source):
    check_safe(source)


def test_prefilter_keys_and_required_words():
    assert prefilter_keys(r"shar(e|es|ed|ing)") == {"share", "shares", "shared", "sharin"}
    assert prefilter_keys(r"(your\s+)?data") == {"your", "data"}
    assert prefilter_keys(r"\w+ing") is None
    assert required_literals(r"in\s+our\s+(sole|own)\s+discretion") == {("discretion", "word")}
    assert required_literals(r"shar(e|es)") == {("shar", "prefix")}
    assert required_literals(r"(re)?sell") == {("sell", "infix")}
    assert term_conjunct(r"(do|will)\s+not\s+(personally\s+)?identify\s+you") == {"identi"}


def test_duplicate_ids_and_duplicate_keys(tmp_path):
    path = write(tmp_path, """\
        rules:
          - id: r1
            category: data.sale
            match: sell
          - id: r1
            category: data.sale
            category: rights.no-sale
            match: sold
        """)
    found = problems_of(path)
    assert any("duplicate rule id 'r1'" in m and line == line_of(path, "- id: r1") + 3 for line, m in found)
    assert any("duplicate key 'category'" in m and line == line_of(path, "category: rights.no-sale")
               for line, m in found)


def test_failing_examples_name_rule_and_example_line(tmp_path):
    path = write(tmp_path, """\
        rules:
          - id: sell
            category: data.sale
            match: {near: [sell, data], within: 3}
            negation: rights.no-sale
            examples:
              match:
                - We share your data.
              no_match:
                - We sell your data.
              negated:
                - We sell your data.
        """)
    found = problems_of(path)
    assert (line_of(path, "- We share your data."),
            "rule 'sell': example should match but does not: 'We share your data.'") in found
    no_match = [(line, m) for line, m in found if "should not match" in m]
    assert no_match and no_match[0][0] == line_of(path, "no_match:") + 1
    assert any("should yield rights.no-sale (negated)" in m for _, m in found)


def test_many_problems_reported_together(tmp_path):
    path = write(tmp_path, """\
  - id: data.other
    title: Other
    group: dta
    severity: severe
    explanation: "Hello {who}"
    topics: [client-acess]
vocab:
  words: ["(a+)+"]
rules:
  - id: r1
    category: data.sael
    match: "@wrods"
""")
    messages = " | ".join(m for _, m in problems_of(path))
    for expected in ("nested repeat", "group 'dta'", "(did you mean 'data'?)", "severity 'severe'",
                     "unknown placeholder '{who}'", "unknown consent topic 'client-acess'",
                     "(did you mean 'client-access'?)", "unknown vocab '@wrods' (did you mean 'words'?)",
                     "unknown category 'data.sael'"):
        assert expected in messages


def test_explanation_template_problems(tmp_path):
    path = write(tmp_path, """\
  - id: data.x
    title: X
    group: data
    severity: info
    explanation: "Data [to {parties}"
  - id: data.y
    title: Y
    group: data
    severity: info
    explanation: "Data [to [{parties}]]"
rules: []
""")
    messages = [m for _, m in problems_of(path)]
    assert any("'[' without a closing ']'" in m for m in messages)
    assert any("cannot nest" in m for m in messages)


def test_not_utf8_and_missing_file(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"pack:\n  id: caf\xe9\n")
    [(line, message)] = problems_of(path)
    assert line == 2 and "not UTF-8" in message
    missing = tmp_path / "missing.yaml"
    with pytest.raises(RulePackError, match="cannot read rule pack"):
        load_packs([missing])


def test_addon_pack_adds_overrides_and_disables():
    pack = load_packs([MINIMAL, FIXTURES / "addon.yaml"])
    assert [s.id for s in pack.sources] == ["minimal", "addon-example"]
    assert "data.monitoring" in pack.categories
    ids = {r.id for r in pack.rules}
    assert "monitoring.mine-posts" in ids and "choice.opt-out" not in ids
    replaced = next(r for r in pack.rules if r.id == "sale.purchase-access")
    assert replaced.source.endswith("addon.yaml")
    assert len(pack.sha256) == 64 and pack.sha256 != pack.sources[0].sha256


def test_override_of_unknown_id_and_misplaced_base_pack(tmp_path):
    addon = tmp_path / "addon.yaml"
    addon.write_text(textwrap.dedent("""\
        pack: {id: addon, name: Addon, version: "1", base: true}
        rules:
          - id: sale.sell-dat
            override: true
            category: data.sale
            match: sell
        """), encoding="utf-8")
    messages = [m for _, m in problems_of(MINIMAL, addon)]
    assert any("a base pack must come first" in m for m in messages)
    assert any("no earlier rule has this id (did you mean 'sale.sell-data'?)" in m for m in messages)


def test_model_section_problems_are_validation_errors(tmp_path):
    path = write(tmp_path, """\
        models:
          - id: linear
            file: models/missing.json
            categories:
              data.sael: {threshold: 1.5, mode: replcae}
        """)
    messages = " | ".join(m for _, m in problems_of(path))
    assert "model file not found" in messages
    assert "threshold must be 0..1" in messages
    assert "mode 'replcae'" in messages and "(did you mean 'replace'?)" in messages
    assert "unknown category 'data.sael'" in messages


def test_yaml_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    [(line, message)] = problems_of(path)
    assert line == 1 and "must be a YAML mapping" in message


def test_a_missing_pack_gets_a_path_hint_not_a_fix_the_lines_hint(tmp_path):
    missing = tmp_path / "nonexist.yaml"
    with pytest.raises(RulePackError) as caught:
        load_packs([missing])
    assert str(caught.value).splitlines()[0] == f"1 problem in rule pack {missing}"
    assert caught.value.hint == f"Check the path of {missing} (it must name a readable rule pack file)."


def test_a_missing_pack_beside_a_broken_one_gets_both_hints(tmp_path):
    broken = write(tmp_path, "rules:\n  - id: r1\n    category: data.sael\n    match: sell\n")
    missing = tmp_path / "nonexist.yaml"
    with pytest.raises(RulePackError) as caught:
        load_packs([broken, missing])
    assert str(caught.value).splitlines()[0].startswith("2 problems in rule packs ")
    assert caught.value.hint.startswith(f"Check the path of {missing} ")
    assert caught.value.hint.endswith(", and fix the listed lines; see docs/rule-packs.md for the format.")


def test_a_rule_can_match_across_the_parts_of_a_sentence(tmp_path):
    """``scope: sentence`` lets a rule's terms lie on both sides of "but"; by default they may not."""
    from terms.flagging import flag_text

    path = write(tmp_path, """\
        rules:
          - id: whole
            category: data.sale
            scope: sentence
            match: {all: ["sell", "brokers"]}
            examples:
              match:
                - We may sell your data, but only to brokers.
              no_match:
                - We may sell your data. Brokers are companies.
          - id: part
            category: rights.no-sale
            match: {all: ["rent", "brokers"]}
            examples:
              match:
                - We rent lists to brokers.
              no_match:
                - We rent lists, but not to brokers.
        """)
    pack = load_packs([path])
    assert {r.id: r.scope for r in pack.rules} == {"whole": "sentence", "part": "part"}
    text = "We may sell your data, but only to brokers. We rent lists, but never to brokers."
    [flag] = flag_text(text, pack)
    assert (flag.category, flag.rule) == ("data.sale", "whole")
    assert [text[a:b] for a, b in flag.evidence] == ["sell", "brokers"]


def test_an_unknown_scope_is_named_with_its_line(tmp_path):
    path = write(tmp_path, """\
        rules:
          - id: r1
            category: data.sale
            scope: sentense
            match: sell
        """)
    [(line, message)] = problems_of(path)
    assert line == line_of(path, "sentense")
    assert "scope 'sentense' is not one of part, sentence (did you mean 'sentence'?)" in message


#: a rule of the category's own wording, beside rules with their own in the tests below
_SELLS = """\
          - id: sale.sells
            category: data.sale
            match: sell your data
            examples: {match: [We sell your data.], no_match: [We keep your data.]}
"""


def test_a_rule_may_name_and_explain_its_own_kind_of_clause(tmp_path: Path) -> None:
    """A rule for the fair kind of a clause has its own title and explanation: its flags, and a
    summary entry made only of them, use them; flags of the category's other rules keep the category's."""
    from terms.flagging import analyze
    from terms.parsing import parse_text

    path = write(tmp_path, """\
        rules:
""" + _SELLS + """\
          - id: sale.aggregate-only
            category: data.sale
            severity: info
            title: Only figures about groups are sold
            explanation: "Only counts about groups of members are sold[ to {parties}], nothing about you."
            match: sell (aggregate|group) counts
            examples: {match: [We sell aggregate counts.], no_match: [We sell your data.]}
        """)
    pack = load_packs([path])
    assert pack.title_of("data.sale", "sale.aggregate-only") == "Only figures about groups are sold"
    assert pack.title_of("data.sale", "sale.sells") == "Sold"
    analysis = analyze(parse_text("# T\n\nWe sell aggregate counts to sponsors.\n"), pack)
    (flag,) = analysis.flags
    assert analysis.flag_title(flag) == "Only figures about groups are sold"
    assert flag.explanation == "Only counts about groups of members are sold to sponsors, nothing about you."
    (entry,) = analysis.summary.notes
    assert entry.title == "Only figures about groups are sold" and entry.explanation.startswith("Only counts")
    sold = analyze(parse_text("# T\n\nWe sell your data to sponsors.\n"), pack)
    assert sold.flag_title(sold.flags[0]) == "Sold" and sold.summary.concerns[0].title == "Sold"


def test_a_summary_entry_of_a_worded_rule_and_others_says_what_each_says(tmp_path: Path) -> None:
    """"We are not required to notify you of changes" has its own explanation; listed with other
    change clauses, the entry said only the category's "check whether the document promises to tell
    you", leaving out what the document answered."""
    from terms.flagging import analyze
    from terms.parsing import parse_text

    path = write(tmp_path, """\
        rules:
""" + _SELLS + """\
          - id: sale.sells-names
            category: data.sale
            explanation: "Even your name is sold."
            match: sell your name
            examples: {match: [We sell your name.], no_match: [We keep your name.]}
        """)
    pack = load_packs([path])
    analysis = analyze(parse_text("# T\n\n1. We sell your data.\n\n2. We sell your name.\n"), pack)
    [entry] = analysis.summary.concerns
    assert entry.clause_ids == ("1", "2") and entry.title == "Sold"
    sells = next(f for f in analysis.flags if f.rule == "sale.sells")
    assert entry.explanation == f"{sells.explanation} Even your name is sold."


def test_a_rules_own_wording_is_validated(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        rules:
          - id: sale.sells
            category: data.sale
            title: ""
            explanation: "Sold [to {parties}"
            match: sell
        """)
    found = problems_of(path)
    assert (line_of(path, 'title: ""'), "rule 'sale.sells': title must not be empty") in found
    unclosed = "rule 'sale.sells': explanation: '[' without a closing ']'"
    assert (line_of(path, 'explanation: "Sold'), unclosed) in found


def test_a_loaded_pack_keeps_no_parse_trees_of_its_terms(tmp_path: Path) -> None:
    """The safety checks share each term's parse tree and memos; kept after the term, every tree of
    a large pack would stay alive (1.3 million objects for the default pack) for every garbage
    collection to walk while holding the GIL."""
    import gc
    from re import _parser  # type: ignore[attr-defined]

    from terms.rulepacks import regexsafety

    def trees() -> int:
        return sum(isinstance(o, _parser.SubPattern) for o in gc.get_objects())

    path = write(tmp_path, """\
        rules:
          - id: r1
            category: data.sale
            match: ["(sell|sold|rent(ed|s)?) (your |the )?(personal )?(data|information)",
                    "in exchange for (money|(monetary|valuable) consideration)"]
            examples: {match: [We sell your personal data.]}
          - id: r2
            category: rights.no-sale
            match: "(do|will) not sell"
            examples: {match: [We do not sell it.]}
        """)
    gc.collect()
    before = trees()
    assert len(load_packs([path]).rules) == 2
    gc.collect()
    assert trees() <= before
    assert regexsafety.parse.cache_info().currsize == 0

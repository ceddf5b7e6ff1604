"""`rules check` finds every problem once, says why a term is rejected, and survives hostile YAML."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from terms.errors import RulePackError
from terms.rulepacks import load_packs
from terms.rulepacks.loader import check_packs
from terms.rulepacks.regexsafety import UnsafePattern, check_safe

HEADER = """\
pack:
  id: check-pack
  name: Check pack
  version: "1"
  base: true
categories:
  - id: data.sale
    title: Sold
    group: data
    severity: concern
    explanation: "{data|Your data} may be sold."
"""


def problems(tmp_path: Path, body: str, header: str = HEADER) -> list[tuple[int, str]]:
    path = tmp_path / "pack.yaml"
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        load_packs([path])
    return [(p.line, p.message) for p in info.value.problems]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (r"(\w\w?)+!", "more than one way"),
        (r"((\w\w?){2,5})+x", "more than one way"),
        (r"(?:ab|a)+c", "branches can match the same text"),
        (r"(a|a)+!", "branches can match the same text"),
        (r"(a+)+$", "nested repeat"),
        (r"\w+\w+z", "polynomial time"),
        (r"(a)\1", "backreferences"),
        (r"x?", "empty string"),
        (r"(?:\w?\w?){1,3}!", "more than one way"),
        (r"(?:(?:\w){0,12}){1,3}!", "more than one way"),
        (r"(?:a{2,}){1,3}!", "polynomial time"),
        (r"(?:\w+a?[ab]){1,3}!", "polynomial time"),
        (r"(?:(?:.*|\w?)a+\s*[ab]){1,3}c", "splits between iterations"),
        (r"\s*(?:a+)?(?:.*|\w)\w+c", "polynomial time"),
        (r"(?:x|\w+)\w+!", "polynomial time"),
    ],
)
def test_each_rejection_names_its_own_reason(source, reason):
    with pytest.raises(UnsafePattern) as info:
        check_safe(source)
    assert reason in str(info.value)
    if reason in ("backreferences", "empty string", "polynomial time"):
        assert "exponential" not in str(info.value)


@pytest.mark.parametrize(
    "source",
    [r"(?:the |a )+x", r"(\w{1,3}\s)+y", r"(?:[a-z]{2,3}-)+x", r"(?:ab|cd)+", r"(\w\s?)+x",
     r"(\w+ ){0,3}data", r"data(?:\s+\w+){0,3}", r"(?:\w+[,;]? ){1,4}x"],
)
def test_repeats_with_one_way_to_split_are_kept(source):
    check_safe(source)


def test_accepted_shapes_stay_fast_on_a_near_miss():
    import re

    for source in (r"(\w\s?)+x", r"(\w+ ){0,3}data", r"(?:\w+[,;]? ){1,4}x"):
        check_safe(source)
        started = time.perf_counter()
        re.search(source, "a " * 300 + "a" * 300, re.IGNORECASE)
        assert time.perf_counter() - started < 0.5, source


def test_ambiguous_repeat_is_rejected_at_load_with_its_reason(tmp_path):
    [(line, message)] = problems(tmp_path, """\
        rules:
          - id: r1
            category: data.sale
            match: '(\\w\\w?)+!'
        """)
    assert line == 15
    assert "more than one way" in message and "exponential" in message


def test_a_term_that_must_end_in_a_space_is_refused_with_how_to_write_it(tmp_path):
    """"(a |an |the )" after "receives" could never match "receives a photograph": a term ends at a
    word's end, so its last space must be followed by punctuation; so could "off the kit (remotely)?"
    when "remotely" is absent. A space inside an optional last part is fine."""
    found = problems(tmp_path, """\
        rules:
          - id: r1
            category: data.sale
            match:
              any:
                - 'company, which receives (a |an |the )'
                - 'switch off the kit (remotely)?'
                - 'switch off the kit( remotely)?'
        """)
    assert [line for line, _ in found] == [17, 18]
    assert all("ends in a space" in message and "'x( a| an)'" in message for _, message in found)


def test_alias_bomb_is_refused_quickly_with_a_line(tmp_path):
    """A billion-item alias bomb is refused without being expanded. Its time is set against loading a small
    add-on pack, which compiles the default pack and runs its examples too (some seconds, more with each
    example the default pack gains, and more on a busy machine: a bare 5 s bound failed there); expanding
    the bomb would take far longer."""
    small = tmp_path / "small.yaml"
    small.write_text('pack: {id: small, name: s, version: "1"}\n', encoding="utf-8")
    started = time.perf_counter()
    load_packs([small])
    baseline = time.perf_counter() - started
    levels = ['x0: &a0 ["sell", "sell", "sell", "sell", "sell", "sell", "sell", "sell", "sell", "sell"]']
    levels += [f"x{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text('pack: {id: bomb, name: b, version: "1"}\n' + "\n".join(levels) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(RulePackError) as info:
        load_packs([path])
    assert time.perf_counter() - started < baseline + 5
    [problem] = info.value.problems
    assert problem.line > 1 and "aliases" in problem.message


def test_a_backreference_is_not_called_exponential(tmp_path):
    [(_, message)] = problems(tmp_path, """\
        rules:
          - id: r1
            category: data.sale
            match: '(sell)\\1'
        """)
    assert "backreferences" in message and "exponential" not in message


def test_a_few_aliases_are_fine(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text(HEADER + textwrap.dedent("""\
        vocab:
          sell: &selling [sell, sold]
        rules:
          - id: r1
            category: data.sale
            match: *selling
        """), encoding="utf-8")
    assert [r.id for r in load_packs([path]).rules] == ["r1"]


def test_a_category_with_a_mistake_is_not_also_unknown_to_its_rules(tmp_path):
    found = problems(tmp_path, """\
          - id: data.qa
            title: QA
            group: data
            severity: concren
            explanation: Something.
        rules:
          - id: r1
            category: data.qa
            match: peddle
          - id: r2
            category: data.qa
            match: hawk
        """)
    assert len(found) == 1
    assert "severity 'concren'" in found[0][1]


def test_suggestions_prefer_the_packs_own_categories(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(HEADER.replace("data.sale", "data.client-access"), encoding="utf-8")
    addon = tmp_path / "addon.yaml"
    addon.write_text(textwrap.dedent("""\
        pack: {id: addon, name: Add-on, version: "1"}
        categories:
          - id: data.pharma-access
            title: Pharma
            group: data
            severity: concren
            explanation: Something.
        rules:
          - id: r1
            category: data.pharma-acess
            match: peddle
        """), encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        load_packs([base, addon])
    assert [(p.line, p.message) for p in info.value.problems][1:] == [
        (10, "rule 'r1': unknown category 'data.pharma-acess' (did you mean 'data.pharma-access'?)")
    ]


def test_one_mistake_hides_no_other_and_problems_come_in_line_order(tmp_path):
    found = problems(tmp_path, """\
        rules:
          - id: r1
            category: data.sael
            match: peddle
            exmaples: {match: [peddle]}
          - id: r2
            category: data.sale
            match: {near: [sell, data], within: -3, orderd: true}
          - id: r1
            category: data.sale
            match: hawk
        """)
    messages = [m for _, m in found]
    assert [line for line, _ in found] == sorted(line for line, _ in found)
    assert any("unknown category 'data.sael'" in m for m in messages)
    assert any("unknown key 'exmaples'" in m for m in messages)
    assert any("unknown key 'orderd'" in m for m in messages)
    assert any("'within' must be a number" in m for m in messages)
    assert any(m.startswith("duplicate rule id 'r1'") for m in messages)


def test_misspelt_negation_suggests_keep(tmp_path):
    found = problems(tmp_path, """\
        rules:
          - id: r1
            category: data.sale
            match: sell
            negation: keepp
        """)
    assert found == [(16, "rule 'r1' negation: unknown category 'keepp' (did you mean 'keep'?)")]


ADD_ON = """\
pack: {id: add-on, name: Add-on, version: "1"}
rules:
  - id: add-on.sell
    category: data.sale
    match: flog
    examples:
      match: [We flog your data.]
"""


def _errors(paths: list[Path]) -> list[tuple[str, int, str]]:
    with pytest.raises(RulePackError) as info:
        check_packs(paths)
    return [(Path(p.source).name, p.line, p.message) for p in info.value.problems]


def test_an_empty_pack_header_is_a_problem(tmp_path):
    pack = tmp_path / "empty.yaml"
    pack.write_text("pack:\n" + ADD_ON.split("\n", 1)[1], encoding="utf-8")
    assert _errors([pack]) == [("empty.yaml", 1, "the 'pack' header is empty: it needs an id, a name and a "
                                                 "version")]


def test_an_unreadable_first_pack_causes_no_false_errors_in_the_packs_after_it(tmp_path):
    broken, good = tmp_path / "broken.yaml", tmp_path / "good.yaml"
    broken.write_text("pack:\n\tid: broken\n", encoding="utf-8")
    good.write_text(ADD_ON, encoding="utf-8")
    [(name, line, message)] = _errors([broken, good])
    assert (name, line) == ("broken.yaml", 2)
    assert message.endswith("(a tab in the indentation: YAML indents with spaces only)")
    missing = tmp_path / "missing.yaml"
    assert [name for name, _, _ in _errors([missing, good])] == ["missing.yaml"]


def test_a_file_given_twice_is_said_once_not_as_duplicates_of_every_id(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(ADD_ON, encoding="utf-8")
    assert _errors([good, good]) == [("good.yaml", 0, "this file is given twice: name each pack once")]


def test_override_must_be_true_or_false(tmp_path):
    pack = tmp_path / "yes.yaml"
    pack.write_text(ADD_ON.replace("    match: flog\n", '    match: flog\n    override: "yes"\n'),
                    encoding="utf-8")
    assert _errors([pack]) == [
        ("yes.yaml", 6, "rule 'add-on.sell': override must be true or false, not 'yes'")]


def test_a_control_character_is_reported_with_its_line(tmp_path):
    pack = tmp_path / "ctrl.yaml"
    pack.write_text(ADD_ON.replace("match: flog", "match: fl\x07og"), encoding="utf-8")
    [(_, line, message)] = _errors([pack])
    assert line == 5 and "#x0007" in message


@pytest.mark.parametrize("content", ["not json", '{"format": "something else"}'])
def test_check_reads_the_model_files_a_pack_names(tmp_path, content):
    (tmp_path / "model.json").write_text(content, encoding="utf-8")
    pack = tmp_path / "model.yaml"
    pack.write_text(ADD_ON + "models:\n  - id: mine\n    file: model.json\n    categories:\n"
                    "      data.sale: {threshold: 0.5}\n", encoding="utf-8")
    load_packs([pack])  # reading a pack leaves the model to its first use ...
    [(name, line, message)] = _errors([pack])  # ... checking it reads the file
    assert (name, line) == ("model.yaml", 9) and message.startswith("model 'mine': ")


def test_check_names_model_categories_the_model_file_lacks(tmp_path):
    default_model = next(m for m in load_packs([]).models)
    pack = tmp_path / "model.yaml"
    pack.write_text(ADD_ON + f"models:\n  - id: mine\n    file: {default_model.path}\n    categories:\n"
                    "      data.sale: {threshold: 0.5}\n", encoding="utf-8")
    [(_, _, message)] = _errors([pack])
    assert message.startswith("model 'mine': its file has no weights for 'data.sale' (it has 'terms.")


@pytest.mark.parametrize(("term", "text"), [
    ("e ?mail", "Your email address"),          # the quantifier applies to the space, as written
    ("e ?mail", "Your e mail address"),
    ("sell *data", "we selldata"),
    ("(?<=we )flog", "we flog it"),             # a look-behind keeps a fixed width
    ("\\N{LATIN SMALL LETTER E WITH ACUTE}t\\N{LATIN SMALL LETTER E WITH ACUTE}", "en été"),
    ("“posts”", 'your "posts"'),                # typographic quotes match the folded text
    ("“posts”", "your “posts”"),
])
def test_terms_match_as_written(tmp_path, term, text):
    pack = tmp_path / "term.yaml"
    pack.write_text(ADD_ON.replace("match: flog", f"match: '{term}'").replace(
        "match: [We flog your data.]", f"match: ['{text}']"), encoding="utf-8")
    check_packs([pack])


def test_unquoted_yaml_words_and_misspelt_pattern_keys_are_named(tmp_path):
    pack = tmp_path / "typos.yaml"
    pack.write_text(ADD_ON.replace("    match: flog\n", "    match: {naer: [flog, data], withn: 5}\n")
                    + "  - id: add-on.other\n    category: data.sale\n    match: flog\n    unless: [no]\n",
                    encoding="utf-8")
    messages = [message for _, _, message in _errors([pack])]
    assert ("rule 'add-on.sell': a pattern mapping needs exactly one of any/all/near (unknown key 'naer' "
            "(did you mean 'near'?); unknown key 'withn' (did you mean 'within'?))") in messages
    assert any(m.endswith("YAML read the unquoted entry as false, not as text; quote it") for m in messages)


def test_examples_disable_and_ids_are_reported_one_by_one(tmp_path):
    pack = tmp_path / "ex.yaml"
    text = ADD_ON.replace("rules:", "disable: [sale.sell-data, sale.sell-data, add-on.sell]\nrules:")
    text = text.replace("match: [We flog your data.]", 'match: [We flog your data., "", 42, We sell it.]')
    pack.write_text(text, encoding="utf-8")
    messages = [message for _, _, message in _errors([pack])]
    assert messages == [
        "disable: rule 'sale.sell-data' is already disabled",
        "disable: rule 'add-on.sell' is this pack's own: only rules of earlier packs can be disabled (leave "
        "yours out instead)",
        "rule 'add-on.sell': an example under 'match' is empty",
        "rule 'add-on.sell': an example under 'match' is no text: YAML read the unquoted entry as 42, not as "
        "text; quote it",
        "rule 'add-on.sell': example should match but does not: 'We sell it.'",   # the others still run
    ]
    same = tmp_path / "same.yaml"
    same.write_text('pack: {id: clearterms-default, name: Mine, version: "1"}\nrules: []\n', encoding="utf-8")
    assert _errors([same]) == [("same.yaml", 1, "pack id 'clearterms-default' is already used by the default "
                                                "pack bundled with ClearTerms: give yours an id of its own")]


def test_an_empty_title_or_explanation_is_called_empty(tmp_path):
    pack = tmp_path / "empty.yaml"
    text = ADD_ON.replace("    match: flog\n", '    match: flog\n    title: ""\n    explanation: ""\n')
    pack.write_text(text, encoding="utf-8")
    messages = [message for _, _, message in _errors([pack])]
    assert "rule 'add-on.sell': title must not be empty" in messages
    assert "rule 'add-on.sell': explanation must not be empty" in messages


def test_a_rule_with_an_unknown_key_still_has_its_examples_run(tmp_path):
    pack = tmp_path / "typo.yaml"
    pack.write_text(ADD_ON.replace("    match: flog\n", "    match: flog\n    unknown_thing: 1\n")
                    .replace("match: [We flog your data.]", "match: [We sell it.]"), encoding="utf-8")
    assert [message for _, _, message in _errors([pack])] == [
        "unknown key 'unknown_thing' in rule 'add-on.sell'",
        "rule 'add-on.sell': example should match but does not: 'We sell it.'"]


def test_every_problem_of_an_explanation_template_is_named(tmp_path):
    pack = tmp_path / "template.yaml"
    explanation = '    explanation: "Your {dat} trains AI[ for {purposes}"\n'
    pack.write_text(ADD_ON.replace("    match: flog\n", "    match: flog\n" + explanation), encoding="utf-8")
    messages = [message for _, _, message in _errors([pack])]
    assert [m.split(": ", 2)[2].split(";")[0] for m in messages] == [
        "unknown placeholder '{dat}' (did you mean '{data}'?)", "'[' without a closing ']'"]


def test_the_add_on_pack_the_docs_start_from_passes_its_check_and_flags(tmp_path):
    """docs/rule-packs.md's only complete pack was a base pack that replaced the default rules,
    and every snippet failed `rules check` when saved as written."""
    import re

    from terms.flagging import flag_text

    docs = (Path(__file__).parent.parent / "docs" / "rule-packs.md").read_text(encoding="utf-8")
    pack_file = tmp_path / "fingerprinting.yaml"
    pack_file.write_text(re.search(r"```yaml\n(pack: \{id: fingerprinting.*?)```", docs, re.S).group(1),
                         encoding="utf-8")
    pack = check_packs([pack_file])
    assert "data.sale" in pack.categories   # an add-on: the default pack's categories stay
    flags = {f.category for f in flag_text("We use browser fingerprinting to recognise your device.", pack)}
    assert "data.fingerprinting" in flags

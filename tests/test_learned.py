"""terms.learned: n-gram features with spans, the linear model's scores, reasons and evidence."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from terms.errors import RulePackError, TermsError
from terms.flagging import analyze, flag_text
from terms.learned import extract_features, load_model
from terms.learned.features import tokens
from terms.model import DocumentKind, Severity
from terms.parsing import parse_text
from terms.resources import resource_path
from terms.rulepacks import default_pack, load_packs
from tests.conftest import REPO


def _write_model(path: Path, categories: dict) -> Path:
    body = {"format": "clearterms-linear/1", "name": "tiny", "max_n": 2, "about": {"data_licence": "test"},
            "categories": categories}
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_tokens_and_feature_spans() -> None:
    text = "We may END your account — at any time."
    assert [t[0] for t in tokens(text)] == ["we", "may", "end", "your", "account", "at", "any", "time"]
    feats = extract_features(text)
    assert text[slice(*feats["end"].spans[0])] == "END"
    assert text[slice(*feats["any time"].spans[0])] == "any time"
    assert "your account" in feats and "we may end" not in feats
    assert len(extract_features("one two three", max_n=3)["one two three"].spans) == 1


def test_soft_hyphens_join_a_word_and_keep_offsets() -> None:
    text = "Disputes go to ar\u00adbi\u00adtra\u00adtion."
    [*_, (name, start, end)] = tokens(text)
    assert name == "arbitration" and text[start:end] == "ar\u00adbi\u00adtra\u00adtion"


def test_repeated_feature_keeps_every_span() -> None:
    feats = extract_features("notice, notice and notice")
    assert len(feats["notice"].spans) == 3


def test_prediction_score_reasons_and_evidence(tmp_path: Path) -> None:
    model = load_model(_write_model(tmp_path / "m.json", {
        "terms.unilateral-termination": {"bias": -2.0, "weights": {"terminate": 1.5, "any time": 2.0,
                                                                   "you may": -1.0}},
        "terms.arbitration": {"bias": -3.0, "weights": {"arbitration": 4.0}},
    }))
    text = "We may terminate your account at any time."
    pred = model.predict(text)
    ter = pred["terms.unilateral-termination"]
    assert ter.score == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert ter.features == ("any time", "terminate")
    assert [text[a:b] for a, b in ter.spans] == ["terminate", "any time"]
    arb = pred["terms.arbitration"]
    assert arb.score == pytest.approx(1 / (1 + math.exp(3.0))) and arb.features == () and arb.spans == ()


def test_prediction_for_chosen_categories_and_reasons_only_above_a_score(tmp_path: Path) -> None:
    model = load_model(_write_model(tmp_path / "m.json", {
        "terms.unilateral-termination": {"bias": -2.0, "weights": {"terminate": 1.5, "any time": 2.0}},
        "terms.arbitration": {"bias": -3.0, "weights": {"arbitration": 4.0, "terminate": 0.5}},
    }))
    text = "We may terminate your account at any time."
    only = model.predict(text, ["terms.arbitration"])
    assert set(only) == {"terms.arbitration"} and only["terms.arbitration"].features == ("terminate",)
    lean = model.predict(text, explain_from=0.5)
    assert lean["terms.unilateral-termination"].features == ("any time", "terminate")
    assert lean["terms.arbitration"].score == pytest.approx(1 / (1 + math.exp(2.5)))
    assert lean["terms.arbitration"].features == () and lean["terms.arbitration"].spans == ()


def test_large_negative_sums_do_not_overflow(tmp_path: Path) -> None:
    model = load_model(_write_model(tmp_path / "m.json", {"x.y": {"bias": -1000.0, "weights": {}}}))
    assert model.predict("anything")["x.y"].score == pytest.approx(0.0)


@pytest.mark.parametrize("content", [
    "", "{not json", json.dumps({"format": "other"}),
    json.dumps({"format": "clearterms-linear/1", "categories": {"a.b": {}}}),
])
def test_bad_model_files_are_one_line_errors(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TermsError, match=r"bad\.json: "):
        load_model(path)


def test_missing_model_file(tmp_path: Path) -> None:
    with pytest.raises(TermsError, match="cannot read model file"):
        load_model(tmp_path / "none.json")


def test_shipped_model_is_small_attributed_and_covers_claudette() -> None:
    path = resource_path("rules", "models", "claudette_linear.json")
    assert path.stat().st_size < 300_000
    model = load_model(path)
    assert "CC BY 4.0" in model.about["data_licence"]
    assert set(model.categories) == {
        "terms.arbitration", "terms.changes", "terms.choice-of-law", "terms.content-removal",
        "terms.contract-by-using", "terms.jurisdiction", "terms.limitation-of-liability",
        "terms.unilateral-termination"}
    assert sum(len(c.weights) for c in model.categories.values()) <= 8000
    pred = model.predict("We may terminate your account at any time without notice and for any reason.")
    assert pred["terms.unilateral-termination"].score > 0.5
    assert pred["terms.unilateral-termination"].features


# -- a model in a rule pack: how its flags combine with the rules' ------------------------------

_PACK = """\
pack:
  id: model-test
  name: Model test pack
  version: "1"
  base: true
categories:
  - id: terms.unilateral-termination
    title: Your account can be closed at will
    group: terms
    severity: caution
    explanation: The company can close your account on its own judgement.
rules:
  - id: termination.suspend
    category: terms.unilateral-termination
    match: "suspend"
models:
  - id: tiny
    file: tiny.json
    categories:
      terms.unilateral-termination: {{threshold: 0.5, mode: {mode}}}
"""

RULE_ONLY = "We may suspend your membership."
MODEL_ONLY = "We may terminate your membership at any time."
BOTH = "We may suspend or terminate your membership at any time."


def _pack_with_model(tmp_path: Path, mode: str):
    _write_model(tmp_path / "tiny.json", {
        "terms.unilateral-termination": {"bias": -2.0, "weights": {"terminate": 1.5, "any time": 1.5}}})
    path = tmp_path / "pack.yaml"
    path.write_text(_PACK.format(mode=mode), encoding="utf-8")
    return load_packs([path])


@pytest.mark.parametrize(("mode", "expected"), [
    ("union", {RULE_ONLY: "termination.suspend", MODEL_ONLY: "model:tiny", BOTH: "termination.suspend"}),
    ("fallback", {RULE_ONLY: "termination.suspend", MODEL_ONLY: "model:tiny", BOTH: "termination.suspend"}),
    ("replace", {RULE_ONLY: None, MODEL_ONLY: "model:tiny", BOTH: "model:tiny"}),
    ("confirm", {RULE_ONLY: "termination.suspend", MODEL_ONLY: None, BOTH: "termination.suspend"}),
])
def test_model_modes_combine_with_rules(tmp_path: Path, mode: str, expected: dict[str, str | None]) -> None:
    pack = _pack_with_model(tmp_path, mode)
    for text, rule in expected.items():
        flags = flag_text(text, pack)
        assert [f.rule for f in flags] == ([rule] if rule else []), (mode, text)


def test_confirm_shows_a_rule_flag_the_model_does_not_back_as_information(tmp_path: Path) -> None:
    pack = _pack_with_model(tmp_path, "confirm")
    [alone] = flag_text(RULE_ONLY, pack)
    [backed] = flag_text(BOTH, pack)
    assert alone.severity is Severity.INFO and "shown as information" in alone.reason
    assert backed.severity is not Severity.INFO and "confirmed by learned model" in backed.reason


def test_model_flag_gives_features_as_reason_and_spans_as_evidence(tmp_path: Path) -> None:
    [flag] = flag_text(MODEL_ONLY, _pack_with_model(tmp_path, "replace"))
    assert flag.severity is Severity.CAUTION
    assert "“any time”" in flag.reason and "“terminate”" in flag.reason
    assert [MODEL_ONLY[a:b] for a, b in flag.evidence] == ["terminate", "any time"]
    assert flag.explanation == "The company can close your account on its own judgement."
    assert flag.confidence == pytest.approx(1 / (1 + math.exp(-1.0)))


def test_a_model_applies_only_to_the_document_kinds_it_names(tmp_path: Path) -> None:
    pack_text = _PACK.format(mode="union").replace("    file: tiny.json\n",
                                                    "    file: tiny.json\n    documents: [terms, other]\n")
    _pack_with_model(tmp_path, "union")
    (tmp_path / "pack.yaml").write_text(pack_text, encoding="utf-8")
    pack = load_packs([tmp_path / "pack.yaml"])
    assert pack.models[0].documents == {"terms", "other"}
    assert [f.rule for f in flag_text(MODEL_ONLY, pack)] == ["model:tiny"]  # a lone clause: any kind
    for kind, rules in ((DocumentKind.TERMS, ["model:tiny"]), (DocumentKind.PRIVACY, [])):
        document = dataclasses.replace(parse_text(MODEL_ONLY), kind=kind)
        assert [f.rule for f in analyze(document, pack).flags] == rules, kind


@pytest.mark.parametrize("documents", ["[privacy, contracts]", "privacy", "[]"])
def test_model_documents_must_name_document_kinds(tmp_path: Path, documents: str) -> None:
    _pack_with_model(tmp_path, "union")
    (tmp_path / "pack.yaml").write_text(_PACK.format(mode="union").replace(
        "    file: tiny.json\n", f"    file: tiny.json\n    documents: {documents}\n"), encoding="utf-8")
    with pytest.raises(RulePackError) as caught:
        load_packs([tmp_path / "pack.yaml"])
    assert "documents must be a list of document kinds (terms, privacy, other)" in str(caught.value.problems)


def test_default_pack_flags_an_unfair_clause_the_model_confirms() -> None:
    # the team's own sentence, not from any data set
    text = ("The clinic network may, in its sole discretion, close or suspend any member's account at "
            "any time and for any reason, without prior notice.")
    pack = default_pack()
    assert any(m.id == "claudette-linear" for m in pack.models)
    flags = {f.category: f for f in flag_text(text, pack)}
    flag = flags["terms.unilateral-termination"]
    assert flag.severity in (Severity.CAUTION, Severity.CONCERN)
    model = load_model(resource_path("rules", "models", "claudette_linear.json"))
    score = model.predict(text)["terms.unilateral-termination"].score
    assert f"confirmed by learned model claudette-linear (score {score:.2f})" in flag.reason


def test_the_app_scores_with_the_model_in_pure_python() -> None:
    code = ("import sys\nfrom terms.flagging import flag_text\n"
            "flag_text('We may close your account at any time without notice.')\n"
            "print(','.join(sorted(m for m in ('numpy', 'scipy', 'sklearn') if m in sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


# -- the trainer (needs the `train` extra; skipped without scikit-learn) -------------------------

_POSITIVE = ("We may {verb} your account at any time{tail}.", ("terminate", "suspend", "close", "disable"))
_NEGATIVE = ("You can {verb} your {thing} from the settings page{tail}.",
             ("change", "update", "review", "export"))


def _tiny_corpus(folder: Path) -> Path:
    """Six made-up documents in the layout of the shared data (our own sentences)."""
    (folder / "claudette_tos_en").mkdir(parents=True)
    (folder / "label_map.yaml").write_text(
        "claudette_tos_en:\n  Unilateral termination: terms.unilateral-termination\n"
        "  Privacy included: null\n", encoding="utf-8")
    rows = []
    for d in range(6):
        for i, verb in enumerate(_POSITIVE[1]):
            tail = " without notice" if (d + i) % 2 else " for any reason"
            rows.append({"doc": f"doc{d}", "text": _POSITIVE[0].format(verb=verb, tail=tail),
                         "labels": ["Unilateral termination"]})
        for i, verb in enumerate(_NEGATIVE[1]):
            for thing in ("password", "profile picture", "display name"):
                rows.append({"doc": f"doc{d}", "text": _NEGATIVE[0].format(verb=verb, thing=thing,
                                                                           tail=" today" if i % 2 else ""),
                             "labels": []})
    (folder / "claudette_tos_en" / "train.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


def test_trainer_is_deterministic_and_writes_a_loadable_attributed_model(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    data = _tiny_corpus(tmp_path / "data")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for out, seed in ((first, "1"), (second, "2")):   # the order of sets of strings follows the hash seed
        result = subprocess.run(
            [sys.executable, "-m", "tools.train_claudette_model", "--data", str(data), "--out", str(out),
             "--keep", "50"],
            cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    model = load_model(first)
    assert set(model.categories) == {"terms.unilateral-termination"}
    assert "CC BY 4.0" in model.about["data_licence"] and "6 ToS" in model.about["trained_on"]
    cw = model.categories["terms.unilateral-termination"]
    assert cw.threshold is not None and len(cw.weights) <= 50
    written = json.loads(first.read_text(encoding="utf-8"))["categories"]["terms.unilateral-termination"]
    combine = written["combine"]
    assert combine["mode"] in {"replace", "confirm", "union", "fallback", "confirm+alone"}
    pred = model.predict("We may terminate your account at any time.")["terms.unilateral-termination"]
    assert pred.score >= cw.threshold and set(pred.features) & {"we may", "your account", "any time"}
    fair = model.predict("You can update your password from the settings page.")
    assert fair["terms.unilateral-termination"].score < cw.threshold


def test_trainer_reports_bad_data_in_one_line(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    result = subprocess.run([sys.executable, "-m", "tools.train_claudette_model", "--data", str(tmp_path),
                             "--out", str(tmp_path / "m.json")], cwd=REPO, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("train_claudette_model: ") and "label_map.yaml" in result.stderr


def test_default_pack_combines_the_model_as_the_trainer_chose() -> None:
    """The pack's models block is the one the trainer printed: per category the ``combine`` setting
    stored in the model file (a "confirm+alone" one is a confirm entry plus a union entry)."""
    path = resource_path("rules", "models", "claudette_linear.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    chosen = {cat: body["combine"] for cat, body in raw["categories"].items()}
    specs = {m.id: m for m in default_pack().models}
    assert {s.path.resolve() for s in specs.values()} == {path.resolve()}
    for category, setting in chosen.items():
        first = specs["claudette-linear"].categories[category]
        assert first.threshold == setting["threshold"], category
        if setting["mode"] == "confirm+alone":
            alone = specs["claudette-linear-alone"].categories[category]
            assert first.mode.value == "confirm" and alone.mode.value == "union", category
            assert alone.threshold == setting["alone"], category
        else:
            assert first.mode.value == setting["mode"], category
            alone_spec = specs.get("claudette-linear-alone")
            assert alone_spec is None or category not in alone_spec.categories, category


def test_trainer_simulates_the_engine_combination(tmp_path: Path) -> None:
    """The trainer chooses modes by simulating them: the simulation must agree with the engine."""
    pytest.importorskip("sklearn")
    import numpy as np

    from tools.train_claudette_model import combined

    _write_model(tmp_path / "tiny.json", {
        "terms.unilateral-termination": {"bias": -2.0, "weights": {"terminate": 1.5, "any time": 1.5}}})
    path = tmp_path / "pack.yaml"
    path.write_text(_PACK.format(mode="confirm").replace("threshold: 0.5", "threshold: 0.3")
                    + "  - id: tiny-alone\n    file: tiny.json\n    categories:\n"
                      "      terms.unilateral-termination: {threshold: 0.7, mode: union}\n", encoding="utf-8")
    pack = load_packs([path])
    model = load_model(tmp_path / "tiny.json")
    texts = [RULE_ONLY, MODEL_ONLY, BOTH, "We may suspend or terminate your membership.",
             "We may terminate your membership.", "Nothing to see here."]
    category = "terms.unilateral-termination"
    rules = np.array([2 if "suspend" in t else 0 for t in texts])
    scores = np.array([model.predict(t)[category].score for t in texts])
    expected = combined("confirm+alone", rules, scores, 0.3, 0.7)
    got = [any(f.category == category and f.severity is not Severity.INFO for f in flag_text(t, pack))
           for t in texts]
    assert got == expected.tolist() == [False, True, True, True, False, False]


@pytest.mark.parametrize("fair_variant", [False, True])
def test_a_union_model_does_not_raise_a_clause_a_rule_read_as_the_fair_kind(tmp_path: Path,
                                                                           fair_variant: bool) -> None:
    """"The arbitration is run by the AAA" is how an arbitration runs, not the agreement to it: a rule
    marked ``fair_variant`` says so at info, and a model's high score for the sentence does not undo it.
    The trainer's simulation of the combination agrees with the engine."""
    _write_model(tmp_path / "tiny.json", {
        "terms.unilateral-termination": {"bias": -2.0, "weights": {"terminate": 1.5, "any time": 1.5}}})
    rule = ("  - id: termination.notice-given\n    category: terms.unilateral-termination\n"
            "    severity: info\n" + ("    fair_variant: true\n" if fair_variant else "")
            + "    match: \"with notice\"\n")
    path = tmp_path / "pack.yaml"
    path.write_text(_PACK.format(mode="union").replace("models:\n", rule + "models:\n"), encoding="utf-8")
    pack = load_packs([path])
    text = "We may terminate your membership at any time with notice."
    pytest.importorskip("sklearn")
    import numpy as np

    from tools.train_claudette_model import FAIR, combined

    (flag,) = [f for f in flag_text(text, pack) if f.category == "terms.unilateral-termination"]
    assert flag.severity is (Severity.INFO if fair_variant else Severity.CAUTION)
    level = FAIR if fair_variant else 1
    assert combined("union", np.array([level]), np.array([0.9]), 0.5, None).tolist() == [not fair_variant]


@pytest.mark.parametrize("key", ["fair_variant", "outside_model", "mention"])
def test_rule_markers_must_be_true_or_false(tmp_path: Path, key: str) -> None:
    path = tmp_path / "pack.yaml"
    rule = '    match: "suspend"\n'
    path.write_text(_PACK.format(mode="union").replace(rule, rule + f"    {key}: sometimes\n"),
                    encoding="utf-8")
    _write_model(tmp_path / "tiny.json", {"terms.unilateral-termination": {"bias": 0.0, "weights": {}}})
    with pytest.raises(RulePackError, match=f"{key} must be true or false"):
        load_packs([path])


@pytest.mark.parametrize("outside_model", [False, True])
def test_a_confirm_model_does_not_lower_a_flag_of_a_kind_it_was_not_trained_on(
        tmp_path: Path, outside_model: bool) -> None:
    """CLAUDETTE tags no class-action waiver, so its model reads one as the usual kind of disputes
    clause; a rule marked ``outside_model`` keeps its flag's severity where the model does not back
    it. The trainer's simulation of the combination agrees with the engine."""
    rule = '    match: "suspend"\n'
    path = tmp_path / "pack.yaml"
    path.write_text(_PACK.format(mode="confirm").replace(
        rule, rule + ("    outside_model: true\n" if outside_model else "")), encoding="utf-8")
    _write_model(tmp_path / "tiny.json", {
        "terms.unilateral-termination": {"bias": -2.0, "weights": {"terminate": 1.5, "any time": 1.5}}})
    pack = load_packs([path])
    [flag] = flag_text(RULE_ONLY, pack)
    assert flag.severity is (Severity.CAUTION if outside_model else Severity.INFO)
    assert ("was not trained on this kind" in flag.reason) is outside_model
    pytest.importorskip("sklearn")
    import numpy as np

    from tools.train_claudette_model import combined, rule_levels

    levels = rule_levels(path, [RULE_ONLY], ["terms.unilateral-termination"])
    assert combined("confirm", levels[:, 0], np.array([0.1]), 0.5, None).tolist() == [outside_model]


def test_a_union_model_does_not_flag_a_sentence_a_rule_exclusion_held_back(tmp_path: Path) -> None:
    """A rule's ``unless`` says the sentence is not the unfair kind (here: the member's own account);
    a model's high score for it must not bring the flag back. Elsewhere the model still flags alone."""
    _write_model(tmp_path / "tiny.json", {
        "terms.unilateral-termination": {"bias": -2.0, "weights": {"terminate": 1.5, "any time": 1.5}}})
    rule = '    match: "suspend"\n'
    path = tmp_path / "pack.yaml"
    path.write_text(_PACK.format(mode="union").replace(rule, rule + '    unless: ["your own account"]\n'),
                    encoding="utf-8")
    pack = load_packs([path])
    category = "terms.unilateral-termination"
    held_back = "You may suspend or terminate your own account at any time."
    assert [f for f in flag_text(held_back, pack) if f.category == category] == []
    assert [f.rule for f in flag_text(MODEL_ONLY, pack) if f.category == category] == ["model:tiny"]


def test_the_trainer_reads_held_back_sentences_as_the_rules_do(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from tools.train_claudette_model import FAIR, rule_levels

    rule = '    match: "suspend"\n'
    path = tmp_path / "pack.yaml"
    path.write_text(_PACK.format(mode="union").replace(rule, rule + '    unless: ["your own account"]\n'),
                    encoding="utf-8")
    texts = ["You may suspend or terminate your own account at any time.", RULE_ONLY, "Nothing here."]
    levels = rule_levels(path, texts, ["terms.unilateral-termination"])
    assert levels[:, 0].tolist() == [FAIR, 2, 0]


def test_the_default_packs_model_reads_a_clause_without_its_printed_number() -> None:
    """A crowdfunding site's "10.1 We may revise these Terms … whenever we like. A revision takes effect the
    moment it is posted" scored 0.19 with "10 1" among its words and was shown as the usual, fair kind
    (information); without the number, as the model was trained, it is the concern it reads as alone."""
    sentence = ("We may revise these Terms and the Privacy Notice whenever we like. A revision takes "
                "effect the moment it is posted on this page, and your continued use of the Platform "
                "after that counts as acceptance of the revised version.")
    for page in (f"# Terms\n\n10.1 {sentence}\n", f"# Terms\n\n{sentence}\n"):
        flags = analyze(parse_text(page, source="t.md")).flags
        [changes] = [f for f in flags if f.category == "terms.changes"]
        assert changes.severity is Severity.CONCERN

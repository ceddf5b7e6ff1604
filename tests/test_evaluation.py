"""The evaluation protocol (EVALUATION.md): gold mapping, scoring arithmetic, the command."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from terms.errors import InputError, TermsError
from terms.evaluation import evaluate, format_report, report_json
from terms.evaluation.cli import main
from terms.evaluation.labelmap import load_label_map
from terms.evaluation.scoring import CategoryScore, ScoredItem, score

LABEL_MAP = """\
claudette_tos_en:
  Arbitration: terms.arbitration
  Limitation of liability: terms.limitation-of-liability
  Privacy included: null
opp115:
  categories:
    First Party Collection/Use: data.collection
    Third Party Sharing/Collection: data.third-party-sharing
    Other: null
  practice_rules:
    - when: {category: Third Party Sharing/Collection, Does/Does Not: Does Not}
      set: null
    - when: {category: Third Party Sharing/Collection, Does/Does Not: Does Not,
             Action Third Party: [Receive/Shared with, See]}
      unless: {Third Party Entity: [Other users, Public]}
      set: rights.no-sale
    - when: {category: [First Party Collection/Use, Third Party Sharing/Collection], Purpose: Advertising}
      unless: {Does/Does Not: Does Not}
      add: data.advertising
tosdr_points:
  This service does not sell your personal data: {category: rights.no-sale, severity: protective}
  The service may sell your data unless you opt out: {category: data.sale, severity: concern}
  There is a date of the last update of the terms: {category: null, severity: info}
"""


@dataclass(frozen=True)
class Hit:
    category: str
    severity: str


def keyword_flagger(text: str) -> list[Hit]:
    """A stand-in flagger with fixed, obvious behaviour, so expected scores can be worked out by hand."""
    lowered = text.lower()
    hits = []
    if "liable" in lowered:
        hits.append(Hit("terms.limitation-of-liability", "info" if "fair" in lowered else "concern"))
    if "arbitration" in lowered:
        hits.append(Hit("terms.arbitration", "concern"))
    if "sell" in lowered:
        hits.append(Hit("data.sale", "concern"))
    if "not sell" in lowered:
        hits.append(Hit("rights.no-sale", "protective"))
    if "collect" in lowered:
        hits.append(Hit("data.collection", "info"))
    return hits


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    (root / "label_map.yaml").write_text(LABEL_MAP, encoding="utf-8")
    _write_jsonl(root / "claudette_tos_en" / "dev.jsonl", [
        {"doc": "A", "sent_idx": 0, "text": "We are not liable for anything.",
         "labels": ["Limitation of liability"], "label_levels": {"Limitation of liability": 2}},
        {"doc": "A", "sent_idx": 1, "text": "We are liable for our negligence, which is fair.",
         "labels": [], "label_levels": {"Limitation of liability": 1}},
        {"doc": "A", "sent_idx": 2, "text": "We are liable only up to the fees paid.",
         "labels": [], "label_levels": {"Limitation of liability": 1}},
        {"doc": "A", "sent_idx": 3, "text": "Disputes go to arbitration.", "labels": ["Arbitration"],
         "label_levels": {"Arbitration": 2}},
        {"doc": "A", "sent_idx": 4, "text": "Welcome.", "labels": [], "label_levels": {}},
    ])
    _write_jsonl(root / "opp115" / "dev.jsonl", [
        {"doc": "1_x", "segment_id": 0, "text": "We collect your e-mail for advertising.",
         "labels_majority": ["First Party Collection/Use"],
         "practices": [{"category": "First Party Collection/Use",
                        "attributes": {"Does/Does Not": "Does", "Purpose": "Advertising"}}]},
        {"doc": "1_x", "segment_id": 1, "text": "We do not sell or share your data.",
         "labels_majority": ["Third Party Sharing/Collection"],
         "practices": [{"category": "Third Party Sharing/Collection",
                        "attributes": {"Does/Does Not": "Does Not",
                                       "Action Third Party": "Receive/Shared with",
                                       "Third Party Entity": "Unnamed third party"}}]},
        {"doc": "1_x", "segment_id": 2, "text": "Contact us.", "labels_majority": ["Other"], "practices": []},
    ])
    _write_jsonl(root / "tosdr_points" / "dev.jsonl", [
        {"point_id": "1", "text": "We will not sell your data.",
         "case": "This service does not sell your personal data"},
        {"point_id": "2", "text": "We sell data unless you opt out.",
         "case": "The service may sell your data unless you opt out"},
        {"point_id": "3", "text": "Updated 2020, we sell books.",
         "case": "There is a date of the last update of the terms"},
    ])
    (root / "ota_versions").mkdir()  # documents without labels: ignored
    return root


# ------------------------------------------------------------------ gold mapping

def test_practice_rules_set_add_when_unless(tmp_path: Path) -> None:
    path = tmp_path / "label_map.yaml"
    path.write_text(LABEL_MAP, encoding="utf-8")
    opp = load_label_map(path)["opp115"]
    share = "Third Party Sharing/Collection"
    # a plain practice keeps its category's id; a matching `add` adds one
    assert opp.practice_ids(share, {"Does/Does Not": "Does", "Purpose": "Advertising"}) == {
        "data.third-party-sharing", "data.advertising"}
    # `set: null` removes every id; a later `set` replaces them
    assert opp.practice_ids(share, {"Does/Does Not": "Does Not"}) == frozenset()
    assert opp.practice_ids(share, {"Does/Does Not": "Does Not", "Action Third Party": "See"}) == {
        "rights.no-sale"}
    # `unless` blocks the rule: a denial about other users is no promise not to sell
    assert opp.practice_ids(share, {"Does/Does Not": "Does Not", "Action Third Party": "See",
                                    "Third Party Entity": "Public"}) == frozenset()
    # a `when` key absent from the practice does not match; `unless` on the denial blocks the add
    denied_ad = {"Purpose": "Advertising", "Does/Does Not": "Does Not"}
    assert opp.practice_ids("First Party Collection/Use", denied_ad) == {"data.collection"}
    assert opp.practice_ids("Other", {}) == frozenset()
    assert opp.practice_rule_ids == {"data.collection", "data.third-party-sharing", "rights.no-sale",
                                     "data.advertising"}


def test_label_ids_ignore_null_and_unknown_labels(tmp_path: Path) -> None:
    path = tmp_path / "label_map.yaml"
    path.write_text(LABEL_MAP, encoding="utf-8")
    maps = load_label_map(path)
    claudette = maps["claudette_tos_en"]
    assert claudette.ids(["Arbitration", "Privacy included", "Nonsense"]) == {"terms.arbitration"}
    sale = maps["tosdr_points"].labels["The service may sell your data unless you opt out"]
    assert sale.severity == "concern"


def test_malformed_label_map_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "label_map.yaml"
    path.write_text("a:\n  b: [\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"label_map.yaml:\d+: malformed YAML"):
        load_label_map(path)


def test_the_shared_label_map_loads(shared_data: Path) -> None:
    maps = load_label_map(shared_data / "label_map.yaml")
    assert maps["opp115"].has_practices and len(maps["opp115"].practice_rules) >= 10
    assert "rights.no-sale" in maps["tosdr_points"].label_ids
    assert len(maps["claudette_tos_en"].label_ids) == 8


# ------------------------------------------------------------------ scoring arithmetic

def test_scores_by_hand() -> None:
    items = [
        ScoredItem(frozenset({"a"}), frozenset({"a"})),         # a: tp
        ScoredItem(frozenset({"a"}), frozenset()),              # a: fn
        ScoredItem(frozenset(), frozenset({"a", "b"})),         # a: fp, b: fp
        ScoredItem(frozenset({"b"}), frozenset({"b"}), excluded=frozenset({"a"})),
        ScoredItem(frozenset(), frozenset({"a"}), excluded=frozenset({"a"})),  # excluded: not an fp
        ScoredItem(frozenset({"z"}), frozenset({"z"})),         # z is not scored
    ]
    result = score(items, ["a", "b", "c"])
    a, b, c = result.categories
    assert (a.gold, a.predicted, a.tp) == (2, 2, 1)
    assert (b.gold, b.predicted, b.tp) == (1, 2, 1)
    assert (c.gold, c.predicted, c.tp) == (0, 0, 0)
    assert a.precision == 0.5 and a.recall == 0.5 and a.f1 == 0.5
    assert b.f1 == pytest.approx(2 / 3)
    assert c.precision is None and c.recall is None and c.f1 == 0.0
    # macro over categories with gold only (a, b); micro over all
    assert result.macro_f1 == pytest.approx((0.5 + 2 / 3) / 2)
    assert result.micro == CategoryScore("micro", 3, 4, 2)
    assert result.micro.f1 == pytest.approx(4 / 7)


def test_negation_error_counts_sale_at_any_severity() -> None:
    items = [
        ScoredItem(frozenset({"rights.no-sale"}), frozenset(), any_flag=frozenset({"data.sale"})),
        ScoredItem(frozenset({"rights.no-sale"}), frozenset({"rights.no-sale"})),
        ScoredItem(frozenset({"data.sale"}), frozenset({"data.sale"})),
    ]
    neg = score(items, ["data.sale", "rights.no-sale"]).negation
    assert (neg.items, neg.errors, neg.rate) == (2, 1, 0.5)


# ------------------------------------------------------------------ whole runs on a tiny data folder

def test_evaluate_tiny_folder(data: Path) -> None:
    report = evaluate(data, "dev", keyword_flagger)
    unfair = report.result("claudette_tos_en", "unfairness").score
    ltd = next(c for c in unfair.categories if c.category == "terms.limitation-of-liability")
    # sentence 1 (fair, flagged info) is correct; sentence 2 (fair, flagged concern) is a false positive
    assert (ltd.gold, ltd.predicted, ltd.tp) == (1, 2, 1)
    clause_type = report.result("claudette_tos_en", "clause-type").score
    ltd_topic = next(c for c in clause_type.categories if c.category == "terms.limitation-of-liability")
    assert (ltd_topic.gold, ltd_topic.predicted, ltd_topic.tp) == (1, 1, 1)  # level-1 sentences left out
    assert unfair.macro_f1 == pytest.approx((2 / 3 + 1.0) / 2)

    majority = report.result("opp115", "majority").score
    assert {c.category: (c.gold, c.predicted, c.tp) for c in majority.categories} == {
        "data.collection": (1, 1, 1), "data.third-party-sharing": (1, 0, 0)}
    practices = report.result("opp115", "practices").score
    assert {c.category: c.gold for c in practices.categories if c.gold} == {
        "data.collection": 1, "data.advertising": 1, "rights.no-sale": 1}
    assert (practices.negation.items, practices.negation.errors) == (1, 1)  # "do not sell" flagged data.sale

    case = report.result("tosdr_points", "case")
    assert len(case.view.items) == 2  # the point whose case maps to null is not scored
    assert case.severity_agreement == (2, 2)
    assert report.negation.items == 2 and report.negation.errors == 2
    assert report.skipped == ()


def test_report_json_and_text(data: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    _write_jsonl(own / "dev.jsonl", [
        {"id": "o1", "text": "We sell your posts.", "gold": ["data.sale"]},
        {"id": "o2", "text": "We do not sell your posts.", "gold": ["rights.no-sale"]},
        {"id": "o3", "text": "Hello.", "gold": []},
    ])
    report = evaluate(data, "dev", keyword_flagger, own=own, limit=2)
    out = report_json(report)
    assert out["split"] == "dev" and out["items"] == 2 + 2 + 2 + 2
    assert out["datasets"]["own"]["own"]["categories"]["data.sale"] == {
        "gold": 1, "predicted": 2, "tp": 1, "precision": 0.5, "recall": 1.0, "f1": 0.6667}
    assert set(out["headline"]) == {"claudette_unfairness_macro_f1", "data_use_precision", "negation_error"}
    assert out["headline"]["data_use_precision"]["own/own"] == {
        "precision": 0.5, "recall": 1.0, "target_precision": 0.85, "met": False}
    text = format_report(report)
    assert "claudette_tos_en · unfairness (headline)" in text and "negation error" in text
    assert "own/own: 0.500 at recall 1.000 (target ≥ 0.85: missed)" in text


def test_a_verdict_is_judged_unrounded_and_shown_where_rounding_hides_it() -> None:
    from terms.evaluation.runner import _verdict

    just_under = {"precision": round(351 / 413, 4), "target_precision": 0.85, "met": 351 / 413 >= 0.85}
    assert _verdict(just_under, "precision", "target_precision") == "missed, 0.8499"
    clear = {"rate": 0.042, "target": 0.05, "met": True}
    assert _verdict(clear, "rate", "target") == "met"
    hair = {"precision": round(0.84996, 4), "target_precision": 0.85, "met": False}
    assert _verdict(hair, "precision", "target_precision") == "missed by a hair"


def test_missing_split_and_folder_are_clear_errors(data: Path, tmp_path: Path) -> None:
    with pytest.raises(TermsError, match=r"no labelled data set to score \(claudette_tos_en: no test\.jsonl"):
        evaluate(data, "test", keyword_flagger)
    with pytest.raises(TermsError, match="no such data folder"):
        evaluate(tmp_path / "nowhere", "dev", keyword_flagger)
    (tmp_path / "README.md").write_text("data notes\n", encoding="utf-8")
    with pytest.raises(TermsError, match=r"README\.md: is a file, not a data folder"):
        evaluate(tmp_path / "README.md", "dev", keyword_flagger)


def test_bad_line_names_file_and_line(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = data / "tosdr_points" / "dev.jsonl"
    path.write_text(path.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    assert main(["--data", str(data), "--no-own", "-q"], flagger=keyword_flagger) == 2
    err = capsys.readouterr().err
    assert f"{path}:4: not JSON" in err and "Traceback" not in err


# ------------------------------------------------------------------ inputs that are partly wrong

def test_a_mapped_set_without_its_split_is_skipped_with_a_note(data: Path) -> None:
    (data / "opp115" / "dev.jsonl").unlink()
    notes: list[str] = []
    report = evaluate(data, "dev", keyword_flagger, progress=notes.append)
    assert {r.dataset for r in report.results} == {"claudette_tos_en", "tosdr_points"}
    assert any(s.startswith("opp115: no dev.jsonl in ") for s in report.skipped)
    assert any(n.startswith("note: skipped opp115: no dev.jsonl") for n in notes)
    assert "Skipped: opp115: no dev.jsonl" in format_report(report)


def test_a_set_without_a_label_map_entry_is_named_as_the_reason(tmp_path: Path) -> None:
    (tmp_path / "label_map.yaml").write_text("claudette_tos_en:\n  Arbitration: terms.arbitration\n",
                                             encoding="utf-8")
    _write_jsonl(tmp_path / "opp115" / "dev.jsonl", [{"text": "We collect data.", "labels_majority": []}])
    with pytest.raises(TermsError) as info:
        evaluate(tmp_path, "dev", keyword_flagger)
    assert "opp115: no entry in label_map.yaml" in str(info.value)
    assert "claudette_tos_en: no dev.jsonl" in str(info.value)


def test_a_misspelt_taxonomy_id_is_an_error_with_its_line(data: Path, capsys) -> None:
    path = data / "label_map.yaml"
    path.write_text(LABEL_MAP.replace("First Party Collection/Use: data.collection",
                                      "First Party Collection/Use: data.colection"), encoding="utf-8")
    assert main(["--data", str(data), "--no-own", "-q"], flagger=keyword_flagger) == 2
    err = capsys.readouterr().err
    line = LABEL_MAP.splitlines().index("    First Party Collection/Use: data.collection") + 1
    assert f"label_map.yaml:{line}: entry 'opp115', label 'First Party Collection/Use': unknown taxonomy " \
           "id 'data.colection' (did you mean 'data.collection'?)" in err
    with pytest.raises(InputError, match=r"unknown taxonomy id 'rights\.no-sael'"):
        path.write_text(LABEL_MAP.replace("set: rights.no-sale", "set: rights.no-sael"), encoding="utf-8")
        load_label_map(path, {"rights.no-sale", "data.collection", "data.third-party-sharing",
                              "data.advertising", "data.sale", "terms.arbitration",
                              "terms.limitation-of-liability"})


def test_malformed_label_map_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "label_map.yaml"
    path.write_text("opp115:\n  categories: [oops\n  other: 1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_label_map(path)
    assert str(info.value).startswith(f"{path}:3: malformed YAML: ")
    assert str(info.value) != f"{path}:3: malformed YAML"
    assert info.value.hint

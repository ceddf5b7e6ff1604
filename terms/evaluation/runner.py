"""Run a flagger over every labelled set in a data folder and score it (EVALUATION.md)."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from terms.errors import TermsError
from terms.evaluation.datasets import (
    DataSet,
    View,
    dataset_folders,
    load_dataset,
    own_gold_ids,
    read_jsonl,
)
from terms.evaluation.labelmap import load_label_map
from terms.evaluation.scoring import NO_SALE, CategoryScore, Negation, Score, ScoredItem, score

TARGET_UNFAIR_MACRO_F1 = 0.83
TARGET_DATA_PRECISION = 0.85
TARGET_NEGATION_ERROR = 0.05


class FlagLike(Protocol):
    category: str
    severity: Any   # a Severity or its string value


#: Flags one text on its own (no segmentation, no context), as ``clearterms flag --jsonl`` does.
Flagger = Callable[[str], Sequence[FlagLike]]


@dataclass(frozen=True, slots=True)
class ViewResult:
    dataset: str
    view: View
    score: Score
    severity_agreement: tuple[int, int] | None   # (gold ids found with the expected severity, found)


@dataclass(frozen=True, slots=True)
class Report:
    data: str
    split: str
    results: tuple[ViewResult, ...]
    skipped: tuple[str, ...]
    items: int
    seconds: float

    def result(self, dataset: str, view: str) -> ViewResult | None:
        return next((r for r in self.results if r.dataset == dataset and r.view.name == view), None)

    @property
    def negation(self) -> Negation:
        """Pooled over every view whose gold can hold ``rights.no-sale`` (each data set once)."""
        seen: set[str] = set()
        items = errors = 0
        for r in self.results:
            if NO_SALE in r.view.categories and r.dataset not in seen:
                seen.add(r.dataset)
                items += r.score.negation.items
                errors += r.score.negation.errors
        return Negation(items, errors)


def _severity_value(severity: Any) -> str:
    return str(getattr(severity, "value", severity))


def load_datasets(data: Path, split: str, *, own: Path | None = None, limit: int | None = None,
                  known_ids: Collection[str] | None = None) -> tuple[list[DataSet], list[str]]:
    """The labelled sets of ``data`` (and the own set folder ``own``) for ``split``, and notes on
    sets that were skipped: a folder without a label map entry, or a label map entry without
    its ``<split>.jsonl``. ``known_ids`` are the taxonomy ids the label map may name."""
    if not data.is_dir():
        what = "is a file, not a data folder" if data.exists() else "no such data folder"
        raise TermsError(f"{data}: {what}", hint="Point --data at a folder laid out like "
                         "../shared/data (a folder per data set with <split>.jsonl, and label_map.yaml).")
    label_map_path = data / "label_map.yaml"
    if not label_map_path.is_file():
        raise TermsError(f"{label_map_path}: label map not found", hint="Every data folder needs its "
                         "label_map.yaml (see docs/evaluation.md).")
    label_map = load_label_map(label_map_path, known_ids)
    sets: list[DataSet] = []
    skipped: list[str] = []
    folders = list(dataset_folders(data, split))
    present = {folder.name for folder in folders}
    for name in label_map:
        if name not in present:
            skipped.append(f"{name}: no {split}.jsonl in {data / name}")
    for folder in folders:
        path = folder / f"{split}.jsonl"
        rows = read_jsonl(path, limit)
        entry = label_map.get(folder.name)
        if entry is None and not any("gold" in r for r in rows):
            skipped.append(f"{folder.name}: no entry in label_map.yaml")
            continue
        sets.append(load_dataset(folder.name, path, rows, entry,
                                 own_gold_ids(path) if entry is None else frozenset()))
    if own is not None:
        path = own / f"{split}.jsonl"
        if path.is_file():
            sets.append(load_dataset(own.name, path, read_jsonl(path, limit), None, own_gold_ids(path)))
        else:
            skipped.append(f"{own.name}: no {split}.jsonl in {own}")
    if not sets:
        why = "; ".join(skipped) if skipped else f"no folder holds a {split}.jsonl"
        raise TermsError(f"{data}: no labelled data set to score ({why})",
                         hint="Check --data and --split, and that label_map.yaml has an entry per data set.")
    return sets, skipped


def evaluate(data: Path, split: str, flagger: Flagger, *, own: Path | None = None, limit: int | None = None,
             progress: Callable[[str], None] | None = None,
             known_ids: Collection[str] | None = None) -> Report:
    """Flag every item of every labelled set of ``data`` for ``split`` and score each view."""
    start = time.perf_counter()
    sets, skipped = load_datasets(data, split, own=own, limit=limit, known_ids=known_ids)
    if progress:
        for note in skipped:
            progress(f"note: skipped {note}")
    results: list[ViewResult] = []
    total = 0
    for ds in sets:
        if progress:
            progress(f"{ds.name}: flagging {len(ds.texts)} items")
        flags = [[(f.category, _severity_value(f.severity)) for f in flagger(text)] for text in ds.texts]
        total += len(ds.texts)
        for view in ds.views:
            results.append(_score_view(ds.name, view, flags))
    return Report(str(data), split, tuple(results), tuple(skipped), total, time.perf_counter() - start)


def _score_view(dataset: str, view: View, flags: list[list[tuple[str, str]]]) -> ViewResult:
    scored: list[ScoredItem] = []
    expected = found_right = 0
    for item in view.items:
        item_flags = flags[item.key]
        any_flag = frozenset(c for c, _ in item_flags)
        predicted = frozenset(c for c, s in item_flags if view.severities is None or s in view.severities)
        scored.append(ScoredItem(item.gold, predicted, any_flag, item.excluded))
        if item.severity is not None:
            for gold in item.gold & predicted:
                expected += 1
                found_right += any(c == gold and s == item.severity for c, s in item_flags)
    agreement = (found_right, expected) if any(i.severity for i in view.items) else None
    return ViewResult(dataset, view, score(scored, view.categories), agreement)


# ---------------------------------------------------------------- reporting

def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _category_json(c: CategoryScore) -> dict[str, Any]:
    return {"gold": c.gold, "predicted": c.predicted, "tp": c.tp, "precision": _num(c.precision),
            "recall": _num(c.recall), "f1": _num(c.f1)}


def headline(report: Report) -> dict[str, Any]:
    """The figures EVALUATION.md targets, from whichever data sets the report holds."""
    out: dict[str, Any] = {}
    unfair = report.result("claudette_tos_en", "unfairness")
    if unfair is not None:
        value = unfair.score.macro_f1
        out["claudette_unfairness_macro_f1"] = {"value": _num(value), "target": TARGET_UNFAIR_MACRO_F1,
                                                "met": value is not None and value >= TARGET_UNFAIR_MACRO_F1}
    data_use: dict[str, Any] = {}
    for r in report.results:
        if r.dataset != "claudette_tos_en":
            pooled = r.score.pooled("data.")
            if pooled.gold or pooled.predicted:
                precision = pooled.precision
                data_use[f"{r.dataset}/{r.view.name}"] = {
                    "precision": _num(precision), "recall": _num(pooled.recall),
                    "target_precision": TARGET_DATA_PRECISION,
                    "met": precision is not None and precision >= TARGET_DATA_PRECISION}
    if data_use:
        out["data_use_precision"] = data_use
    neg = report.negation
    out["negation_error"] = {"items": neg.items, "errors": neg.errors, "rate": _num(neg.rate),
                             "target": TARGET_NEGATION_ERROR,
                             "met": neg.rate is not None and neg.rate < TARGET_NEGATION_ERROR}
    return out


def report_json(report: Report) -> dict[str, Any]:
    datasets: dict[str, Any] = {}
    for r in report.results:
        view: dict[str, Any] = {
            "description": r.view.description,
            "headline": r.view.headline,
            "items": len(r.view.items),
            "macro_f1": _num(r.score.macro_f1),
            "macro_over": [c.category for c in r.score.with_gold],
            "micro": _category_json(r.score.micro),
            "data_use": _category_json(r.score.pooled("data.")),
            "categories": {c.category: _category_json(c) for c in r.score.categories},
            "negation": {"items": r.score.negation.items, "errors": r.score.negation.errors,
                         "rate": _num(r.score.negation.rate)},
        }
        if r.severity_agreement is not None:
            right, found = r.severity_agreement
            view["severity_agreement"] = {"expected_severity": right, "found": found,
                                          "rate": _num(right / found if found else None)}
        datasets.setdefault(r.dataset, {})[r.view.name] = view
    return {"data": report.data, "split": report.split, "items": report.items,
            "seconds": round(report.seconds, 2), "headline": headline(report), "datasets": datasets,
            "skipped": list(report.skipped)}


def _fmt(value: float | None) -> str:
    return "    —" if value is None else f"{value:5.3f}"


def format_table(r: ViewResult) -> str:
    lead = " · lead with recall" if r.view.lead_with_recall else ""
    mark = " (headline)" if r.view.headline else ""
    head = f"{r.dataset} · {r.view.name}{mark}{lead} · {len(r.view.items)} items"
    lines = [head, f"  {r.view.description}",
             f"  {'category':32} {'gold':>5} {'pred':>5} {'tp':>5} {'prec':>6} {'rec':>6} {'f1':>6}"]
    for c in r.score.categories:
        if c.gold or c.predicted:
            lines.append(f"  {c.category:32} {c.gold:5d} {c.predicted:5d} {c.tp:5d} {_fmt(c.precision):>6} "
                         f"{_fmt(c.recall):>6} {_fmt(c.f1):>6}")
    micro = r.score.micro
    lines.append(f"  macro-F1 {_fmt(r.score.macro_f1)} over {len(r.score.with_gold)} categories · "
                 f"micro-F1 {_fmt(micro.f1)} (P {_fmt(micro.precision)} R {_fmt(micro.recall)})")
    neg = r.score.negation
    if neg.items:
        lines.append(f"  negation error {neg.errors}/{neg.items} = {_fmt(neg.rate)}")
    if r.severity_agreement and r.severity_agreement[1]:
        right, found = r.severity_agreement
        lines.append(f"  expected severity on {right}/{found} found gold ids = {right / found:.3f}")
    return "\n".join(lines)


def _verdict(figure: dict[str, Any], value: str, target: str) -> str:
    """"met" or "missed", judged on the unrounded figure, with four decimals where three would hide
    the verdict (0.8499 shows as 0.850 but misses 0.85), and "just" where four would too."""
    verdict = "met" if figure["met"] else "missed"
    shown, goal = figure[value], figure[target]
    if shown is not None and _fmt(shown) == _fmt(goal):
        verdict += f", {shown:.4f}" if f"{shown:.4f}" != f"{goal:.4f}" else " by a hair"
    return verdict


def format_report(report: Report) -> str:
    parts = [format_table(r) for r in report.results]
    lines = ["Headline"]
    h = headline(report)
    if "claudette_unfairness_macro_f1" in h:
        v = h["claudette_unfairness_macro_f1"]
        lines.append(f"  CLAUDETTE unfairness macro-F1 {_fmt(v['value'])} (target ≥ {v['target']}: "
                     f"{_verdict(v, 'value', 'target')})")
    for name, v in h.get("data_use_precision", {}).items():
        lines.append(f"  data-use precision {name}: {_fmt(v['precision'])} at recall {_fmt(v['recall'])} "
                     f"(target ≥ {v['target_precision']}: {_verdict(v, 'precision', 'target_precision')})")
    neg = h["negation_error"]
    lines.append(f"  negation error {neg['errors']}/{neg['items']} = {_fmt(neg['rate'])} "
                 f"(target < {neg['target']}: {_verdict(neg, 'rate', 'target')})")
    lines.append(f"  {report.items} items in {report.seconds:.1f} s")
    parts.append("\n".join(lines))
    if report.skipped:
        parts.append("Skipped: " + "; ".join(report.skipped))
    return "\n\n".join(parts) + "\n"


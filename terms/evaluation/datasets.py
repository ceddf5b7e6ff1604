"""Labelled data sets laid out like the shared ``data/`` folder, turned into scoring views.

A data set is a folder holding ``<split>.jsonl`` (one object per line with at least ``text``)
and an entry of the same name in ``label_map.yaml``, or items that carry their own ``gold``
ids (the team's own sentences). Each data set yields one or more **views**: a way of reading
gold and predictions, as EVALUATION.md prescribes for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terms.errors import InputError
from terms.evaluation.labelmap import LabelMapEntry
from terms.model import Severity

UNFAIR = frozenset({Severity.CONCERN.value, Severity.CAUTION.value})


@dataclass(frozen=True, slots=True)
class GoldItem:
    key: int                          # index of the item's text in its data set
    gold: frozenset[str]
    excluded: frozenset[str] = frozenset()
    severity: str | None = None       # the severity a flag of the gold id should carry, where known


@dataclass(frozen=True, slots=True)
class View:
    """One way of scoring a data set."""

    name: str
    description: str
    categories: frozenset[str]
    items: tuple[GoldItem, ...]
    severities: frozenset[str] | None = None   # predicted = flags of these severities; None = any
    headline: bool = False
    lead_with_recall: bool = False


@dataclass(frozen=True, slots=True)
class DataSet:
    name: str
    path: Path
    ids: tuple[str, ...]
    texts: tuple[str, ...]
    views: tuple[View, ...]


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Objects of a JSONL file, each with a string ``text``; bad lines raise :class:`InputError`."""
    rows: list[dict[str, Any]] = []
    try:
        with path.open("rb") as handle:
            for n, raw in enumerate(handle, 1):
                if limit is not None and len(rows) >= limit:
                    break
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    raise InputError(str(path), n, "not UTF-8") from None
                except json.JSONDecodeError as exc:
                    raise InputError(str(path), n, f"not JSON ({exc.msg})") from None
                if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                    raise InputError(str(path), n, "expected an object with a string 'text'")
                rows.append(obj)
    except OSError as exc:
        raise InputError(str(path), 0, f"cannot read: {exc.strerror or exc}") from exc
    return rows


def item_id(row: dict[str, Any], n: int) -> str:
    """A readable id: the item's own, else document and position, else its line number."""
    for key in ("id", "point_id"):
        if row.get(key) is not None:
            return str(row[key])
    for key in ("sent_idx", "segment_id"):
        if row.get("doc") is not None and row.get(key) is not None:
            return f"{row['doc']}#{row[key]}"
    return f"item {n}"


def load_dataset(name: str, path: Path, rows: list[dict[str, Any]], entry: LabelMapEntry | None,
                 all_gold_ids: frozenset[str] = frozenset()) -> DataSet:
    """Build the views of one data set from its rows.

    ``all_gold_ids`` is, for a set with its own ``gold`` field, the ids scored on it (taken from
    the whole file, so a ``--limit`` subset is scored on the same ids).
    """
    ids = tuple(item_id(r, n) for n, r in enumerate(rows, 1))
    texts = tuple(r["text"] for r in rows)
    if entry is None:
        views = (_own_view(rows, all_gold_ids),)
    elif entry.has_practices:
        views = (_majority_view(rows, entry), _practices_view(rows, entry))
    elif rows and "label_levels" in rows[0]:
        views = (_unfairness_view(rows, entry), _clause_type_view(rows, entry))
    elif any(t.severity for t in entry.labels.values()):
        views = (_case_view(rows, entry),)
    else:
        views = (_labels_view(rows, entry),)
    return DataSet(name, path, ids, texts, views)


def _unfairness_view(rows: list[dict[str, Any]], entry: LabelMapEntry) -> View:
    items = tuple(GoldItem(n, entry.ids(r.get("labels") or [])) for n, r in enumerate(rows))
    return View("unfairness", "gold: labels tagged level 2-3 (potentially/clearly unfair); predicted: "
                "flags of severity concern or caution; a fair (level 1) clause flagged concern is a "
                "false positive", entry.label_ids, items, UNFAIR, headline=True)


def _clause_type_view(rows: list[dict[str, Any]], entry: LabelMapEntry) -> View:
    items = []
    for n, r in enumerate(rows):
        gold = entry.ids(r.get("labels") or [])
        fair = entry.ids([k for k, level in (r.get("label_levels") or {}).items() if level == 1])
        items.append(GoldItem(n, gold, excluded=fair - gold))
    return View("clause-type", "gold: labels tagged level 2-3; predicted: flags of any severity; "
                "sentences tagged only level 1 (fair) for a type are left out of that type's negatives",
                entry.label_ids, tuple(items))


def _majority_view(rows: list[dict[str, Any]], entry: LabelMapEntry) -> View:
    items = tuple(GoldItem(n, entry.ids(r.get("labels_majority") or [])) for n, r in enumerate(rows))
    return View("majority", "gold: the category map applied to labels_majority (>=2 of 3 annotators); "
                "predicted: flags of any severity", entry.label_ids, items, headline=True)


def _practices_view(rows: list[dict[str, Any]], entry: LabelMapEntry) -> View:
    items = []
    for n, r in enumerate(rows):
        majority = set(r.get("labels_majority") or [])
        gold: set[str] = set()
        for practice in r.get("practices") or []:
            category = practice.get("category")
            if category in majority:
                gold |= entry.practice_ids(category, practice.get("attributes") or {})
        items.append(GoldItem(n, frozenset(gold)))
    return View("practices", "gold: practice_rules over the practices whose category is in labels_majority; "
                "predicted: flags of any severity", entry.practice_rule_ids, tuple(items))


def _case_view(rows: list[dict[str, Any]], entry: LabelMapEntry) -> View:
    items = []
    for n, r in enumerate(rows):
        case = r.get("case") or next(iter(r.get("labels") or []), None)
        target = entry.labels.get(case) if case is not None else None
        if target is not None and target.category:
            items.append(GoldItem(n, frozenset({target.category}), severity=target.severity))
    return View("case", "gold: the point's case (one per quote, not exhaustive: read precision as a "
                "lower bound); points whose case maps to null are not scored; predicted: flags of any "
                "severity", entry.label_ids, tuple(items), headline=True, lead_with_recall=True)


def _labels_view(rows: list[dict[str, Any]], entry: LabelMapEntry) -> View:
    items = tuple(GoldItem(n, entry.ids(r.get("labels") or [])) for n, r in enumerate(rows))
    return View("labels", "gold: the label map applied to labels; predicted: flags of any severity",
                entry.label_ids, items, headline=True)


def _own_view(rows: list[dict[str, Any]], scored: frozenset[str]) -> View:
    items = tuple(GoldItem(n, frozenset(r.get("gold") or [])) for n, r in enumerate(rows))
    return View("own", "gold: the item's own 'gold' ids; only the ids occurring in the file are scored; "
                "predicted: flags of any severity", scored, items, headline=True)


def dataset_folders(data: Path, split: str) -> Iterator[Path]:
    """Sub-folders of ``data`` that hold ``<split>.jsonl``, in name order."""
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        if (folder / f"{split}.jsonl").is_file():
            yield folder


def own_gold_ids(path: Path) -> frozenset[str]:
    """Every gold id used anywhere in an own-gold file."""
    return frozenset(c for r in read_jsonl(path) for c in (r.get("gold") or []))

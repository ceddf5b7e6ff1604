"""Learned models named in a pack's ``models:`` section, loaded on first use.

The model itself lives in :mod:`terms.learned` (``load_model(path).predict(text)``,
returning per category a score, its top features and their spans). Here it is only
scored over a clause and its result shaped for combination with the rules.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from terms.errors import Problem, RulePackError, TermsError
from terms.learned.linear import logistic
from terms.rulepacks.scan import sentence_spans
from terms.rulepacks.schema import ModelSpec

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ModelScore:
    """A category's best score over a clause's units, its top features and their spans."""

    score: float
    features: tuple[str, ...]
    evidence: tuple[Span, ...]   # absolute offsets


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int) -> Any:
    learned = importlib.import_module("terms.learned")
    return learned.load_model(path)


def load_model(spec: ModelSpec) -> Any:
    """The model file of ``spec``, read once per modification time; a bad file is a pack problem."""
    try:
        return _load(spec.path, spec.path.stat().st_mtime_ns)
    except (OSError, ImportError, TermsError) as exc:
        raise RulePackError(f"{spec.source}: model '{spec.id}' cannot be loaded",
                            [Problem(spec.source, spec.line, f"model '{spec.id}': {exc}")]) from exc


def score_clause(spec: ModelSpec, text: str, start: int, end: int) -> dict[str, ModelScore]:
    """Best score per category over the clause (or its sentences, per ``spec.unit``).

    Every unit is scored; only each category's best unit is explained (top features and
    their spans), and only if it scores at least the lowest threshold, since a flag can come of
    nothing less.
    """
    model = load_model(spec)
    units = sentence_spans(text, start, end) if spec.unit == "sentence" else [(start, end)]
    wanted = [(j, category) for j, category in enumerate(model.order) if category in spec.categories]
    best: dict[str, tuple[float, int, frozenset[str]]] = {}  # category -> (logit, unit index, n-grams)
    for n, (u_start, u_end) in enumerate(units):
        present = model.present(text[u_start:u_end])
        logits = model.logits(present)
        for j, category in wanted:
            current = best.get(category)
            if current is None or logits[j] > current[0]:
                best[category] = (logits[j], n, present)
    explain_from = min((c.threshold for c in spec.categories.values()), default=0.0)
    scores: dict[str, ModelScore] = {}
    for category, (logit, n, present) in best.items():
        u_start, u_end = units[n]
        score = logistic(logit)
        features: tuple[str, ...] = ()
        spans: tuple[Span, ...] = ()
        if score >= explain_from:
            features, found = model.explain(text[u_start:u_end], present, category)
            spans = tuple((u_start + a, u_start + b) for a, b in found if 0 <= a < b <= u_end - u_start)
        scores[category] = ModelScore(score, features, spans or ((u_start, u_end),))
    return scores

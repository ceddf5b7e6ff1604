"""Learned models named in a pack's ``models:`` section, loaded on first use.

The model itself lives in :mod:`terms.learned`. Here it is scored over a clause's
sentences, keeping each category's best, and the few scores that become flags are
explained (top features and their spans) for combination with the rules.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from terms.errors import Problem, RulePackError, TermsError
from terms.learned.linear import logistic
from terms.rulepacks.scan import sentence_spans
from terms.rulepacks.schema import ModelSpec

Span = tuple[int, int]


class ModelScore(NamedTuple):
    """A category's best score over a clause's units, the unit, and the n-grams it has there.

    A named tuple rather than a frozen dataclass: one is made per category for every clause
    scored, and a frozen dataclass takes several times longer to build.
    """

    score: float
    unit: Span                   # absolute offsets
    present: frozenset[str]      # what :func:`explain` needs


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int) -> Any:
    learned = importlib.import_module("terms.learned")
    return learned.load_model(path)


#: how long a model file's modification time is trusted before it is looked at again: the
#: model is asked for once per clause, and a stat per clause was about 1.5 % of flagging time
RECHECK_SECONDS = 1.0
_checked: dict[Path, tuple[float, int]] = {}  # path -> (when last looked at, its mtime then)


def load_model(spec: ModelSpec) -> Any:
    """The model file of ``spec``, read once per modification time; a bad file is a pack problem."""
    try:
        now = time.monotonic()
        seen = _checked.get(spec.path)
        if seen is None or now - seen[0] > RECHECK_SECONDS:
            seen = _checked[spec.path] = (now, spec.path.stat().st_mtime_ns)
        return _load(spec.path, seen[1])
    except (OSError, ImportError, TermsError) as exc:
        raise RulePackError(f"{spec.source}: model '{spec.id}' cannot be loaded",
                            [Problem(spec.source, spec.line, f"model '{spec.id}': {exc}")]) from exc


def score_clause(spec: ModelSpec, text: str, regions: Sequence[Span]) -> dict[str, ModelScore]:
    """Best score of every category of the model over a clause's regions (or their sentences,
    per ``spec.unit``).

    The result depends only on the model file and the unit, so pack entries sharing both can
    share it; explaining a score (:func:`explain`) is left to the few that become flags.
    """
    model = load_model(spec)
    if spec.unit == "sentence":
        units = [unit for start, end in regions for unit in sentence_spans(text, start, end)]
    else:
        units = list(regions)
    best: list[tuple[float, int, frozenset[str]]] = []  # per category: (logit, unit index, n-grams)
    for n, (u_start, u_end) in enumerate(units):
        present = model.present(text[u_start:u_end])
        logits = model.logits(present)
        if not best:
            best = [(logit, n, present) for logit in logits]
            continue
        for j, logit in enumerate(logits):
            if logit > best[j][0]:
                best[j] = (logit, n, present)
    return {category: ModelScore(logistic(logit), units[n], present)
            for category, (logit, n, present) in zip(model.order, best, strict=False)}


def explain(
    spec: ModelSpec, text: str, category: str, score: ModelScore
) -> tuple[tuple[str, ...], tuple[Span, ...]]:
    """The top features behind ``score`` and where they occur (absolute offsets; the unit if none)."""
    u_start, u_end = score.unit
    features, found = load_model(spec).explain(text[u_start:u_end], score.present, category)
    spans = tuple((u_start + a, u_start + b) for a, b in found if 0 <= a < b <= u_end - u_start)
    return features, spans or (score.unit,)

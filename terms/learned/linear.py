"""A sparse linear (logistic) model per category over binary n-gram features."""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from terms.errors import TermsError
from terms.learned.features import token_names, tokens

FORMAT = "clearterms-linear/1"
TOP_FEATURES = 3

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Prediction:
    """A category's score for one text, with the features that raised it most and their spans."""

    score: float                               # 0..1 (logistic of the linear sum)
    features: tuple[str, ...]                  # top positive contributors, strongest first
    spans: tuple[tuple[int, int], ...]         # where those features occur in the text, in text order


@dataclass(frozen=True, slots=True)
class CategoryWeights:
    """One category's logistic regression: ``score = logistic(bias + sum of present features' weights)``.

    ``threshold`` is the stand-alone decision threshold the trainer found best by cross-validation;
    a rule pack states its own thresholds for each way it combines the model with its rules.
    """

    bias: float
    weights: Mapping[str, float]
    threshold: float | None = None


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Per-category weights over the word n-grams of length 1..``max_n``, with notes in ``about``."""

    name: str
    max_n: int
    categories: Mapping[str, CategoryWeights]
    about: Mapping[str, str]
    #: the categories in a fixed order, and per n-gram its weight in each (0.0 where it has none),
    #: so that scoring a text costs one dictionary look-up per n-gram
    _order: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _index: Mapping[str, tuple[float, ...]] = field(init=False, repr=False, compare=False)
    _biases: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        order = tuple(self.categories)
        index: dict[str, list[float]] = {}
        for j, category in enumerate(order):
            for name, weight in self.categories[category].weights.items():
                index.setdefault(name, [0.0] * len(order))[j] = weight
        object.__setattr__(self, "_order", order)
        object.__setattr__(self, "_index", {name: tuple(row) for name, row in index.items()})
        object.__setattr__(self, "_biases", tuple(self.categories[c].bias for c in order))

    @property
    def order(self) -> tuple[str, ...]:
        """The categories in the order of :meth:`logits`."""
        return self._order

    def present(self, text: str) -> frozenset[str]:
        """The n-grams of ``text`` the model has weights for (binary features, as in training)."""
        words = token_names(text)
        # filtering the n-grams as they are made costs less than collecting them in a set first
        known = self._index.__contains__
        found = set(filter(known, words))
        for n in range(2, self.max_n + 1):
            found.update(filter(known, map(" ".join, zip(*(words[i:] for i in range(n)), strict=False))))
        return frozenset(found)

    def logits(self, present: Collection[str]) -> list[float]:
        """``bias + sum of weights`` per category (in :attr:`order`) for these present n-grams."""
        if not present:
            return list(self._biases)
        # fsum is exact, so the result does not depend on the (hash-seeded) order of a set
        columns = zip(*map(self._index.__getitem__, present), strict=True)
        return [bias + math.fsum(col) for bias, col in zip(self._biases, columns, strict=True)]

    def explain(
        self, text: str, present: Collection[str], category: str
    ) -> tuple[tuple[str, ...], tuple[Span, ...]]:
        """The n-grams that raise ``category``'s score most on ``text``, and where they occur."""
        j = self._order.index(category)
        index = self._index
        top = sorted(((index[name][j], name) for name in present if index[name][j] > 0), reverse=True)
        names = tuple(name for _, name in top[:TOP_FEATURES])
        spans_of = _spans(text, names)
        return names, tuple(sorted({span for name in names for span in spans_of[name]}))

    def predict(
        self, text: str, categories: Collection[str] | None = None, explain_from: float = 0.0
    ) -> dict[str, Prediction]:
        """Score ``categories`` (default: all of the model's) on ``text``.

        Features are binary, as in training: an n-gram counts once however often it occurs, and
        every span where a top feature occurs is evidence. Finding the top features costs more
        than the score, so a category scoring below ``explain_from`` gets none (and no spans).
        """
        present = self.present(text)
        out: dict[str, Prediction] = {}
        for category, logit in zip(self._order, self.logits(present), strict=True):
            if categories is not None and category not in categories:
                continue
            score = logistic(logit)
            if score < explain_from:
                out[category] = Prediction(score, (), ())
            else:
                out[category] = Prediction(score, *self.explain(text, present, category))
        return out


def _spans(text: str, names: Collection[str]) -> dict[str, tuple[tuple[int, int], ...]]:
    """Every ``(start, end)`` in ``text`` of each n-gram in ``names``."""
    toks = tokens(text)
    wanted = {len(name.split(" ")) for name in names}
    found: dict[str, list[tuple[int, int]]] = {name: [] for name in names}
    for n in wanted:
        for i in range(len(toks) - n + 1):
            name = " ".join(t[0] for t in toks[i:i + n])
            if name in found:
                found[name].append((toks[i][1], toks[i + n - 1][2]))
    return {name: tuple(s) for name, s in found.items()}


def logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def load_model(path: Path) -> LinearModel:
    """Read a model file written by ``tools/train_claudette_model.py``."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise TermsError(f"{path}: cannot read model file ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TermsError(f"{path}: model file is not valid JSON ({exc})") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise TermsError(f"{path}: not a ClearTerms linear model (expected format {FORMAT!r})")
    try:
        categories = {
            str(cat): CategoryWeights(float(body["bias"]),
                                      {str(k): float(v) for k, v in body["weights"].items()},
                                      None if body.get("threshold") is None else float(body["threshold"]))
            for cat, body in raw["categories"].items()
        }
        return LinearModel(str(raw.get("name", Path(path).stem)), int(raw.get("max_n", 2)), categories,
                           {str(k): str(v) for k, v in (raw.get("about") or {}).items()})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TermsError(f"{path}: malformed model file ({type(exc).__name__}: {exc})") from exc

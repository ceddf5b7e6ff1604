"""Scoring arithmetic: per-category precision / recall / F1 over items, macro- and micro-F1,
and the negation error rate (EVALUATION.md, "Two scores")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NO_SALE = "rights.no-sale"
SALE = "data.sale"


@dataclass(frozen=True, slots=True)
class ScoredItem:
    """One item as a view scores it.

    ``predicted`` holds the categories the view counts as predicted (already filtered by
    severity where the view says so); ``excluded`` the categories this item is not scored for
    (e.g. a CLAUDETTE level-1 sentence is no negative for its clause type in the topic view);
    ``any_flag`` every category flagged at any severity (for the negation check).
    """

    gold: frozenset[str]
    predicted: frozenset[str]
    any_flag: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CategoryScore:
    category: str
    gold: int
    predicted: int
    tp: int

    @property
    def precision(self) -> float | None:
        """``None`` when nothing was predicted (undefined, not zero)."""
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float:
        """2·TP / (gold + predicted): equal to the harmonic mean, and 0 when both are empty."""
        total = self.gold + self.predicted
        return 2 * self.tp / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Negation:
    """Items whose gold includes ``rights.no-sale``, and how many of them were flagged ``data.sale``."""

    items: int
    errors: int

    @property
    def rate(self) -> float | None:
        return self.errors / self.items if self.items else None


@dataclass(frozen=True, slots=True)
class Score:
    categories: tuple[CategoryScore, ...]
    negation: Negation

    @property
    def with_gold(self) -> tuple[CategoryScore, ...]:
        """The categories that have at least one gold item: the ones macro-F1 averages over."""
        return tuple(c for c in self.categories if c.gold)

    @property
    def macro_f1(self) -> float | None:
        scored = self.with_gold
        return sum(c.f1 for c in scored) / len(scored) if scored else None

    @property
    def micro(self) -> CategoryScore:
        """Counts summed over every scored category."""
        return _pooled("micro", self.categories)

    def pooled(self, prefix: str) -> CategoryScore:
        """Counts summed over the categories whose id starts with ``prefix`` (e.g. ``"data."``)."""
        return _pooled(prefix, [c for c in self.categories if c.category.startswith(prefix)])


def _pooled(name: str, scores: Iterable[CategoryScore]) -> CategoryScore:
    scores = list(scores)
    return CategoryScore(name, sum(c.gold for c in scores), sum(c.predicted for c in scores),
                         sum(c.tp for c in scores))


def score(items: Iterable[ScoredItem], categories: Iterable[str]) -> Score:
    """Score ``items`` on ``categories`` (predictions and gold outside them are ignored)."""
    cats = sorted(set(categories))
    gold = dict.fromkeys(cats, 0)
    pred = dict.fromkeys(cats, 0)
    tp = dict.fromkeys(cats, 0)
    neg_items = neg_errors = 0
    for item in items:
        for c in cats:
            if c in item.excluded:
                continue
            g, p = c in item.gold, c in item.predicted
            gold[c] += g
            pred[c] += p
            tp[c] += g and p
        if NO_SALE in item.gold:
            neg_items += 1
            neg_errors += SALE in (item.any_flag | item.predicted)
    per_category = tuple(CategoryScore(c, gold[c], pred[c], tp[c]) for c in cats)
    return Score(per_category, Negation(neg_items, neg_errors))

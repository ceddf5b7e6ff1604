"""Train the shipped CLAUDETTE unfair-clause model: ``resources/rules/models/claudette_linear.json``.

    .venv/bin/pip install -e '.[train]'          # scikit-learn: needed to train, never at run time
    .venv/bin/python -m tools.train_claudette_model [--data ../shared/data] [--out PATH] [--pack PACK]

One logistic regression per CLAUDETTE category (level 2-3 "potentially/clearly unfair" tags,
mapped to taxonomy ids with ``label_map.yaml``) over binary word 1-2-gram features
(``terms.learned.features``) seen in at least two sentences, trained on the ``train`` split only
(CC BY 4.0 data; the model file carries the attribution).

- Negatives: every sentence without the category's unfair tag, except the few tagged *fair*
  (level 1) for that same category. Those read like the clause type; telling fair from unfair
  among them is left to the rules, which the model vets (below). Leaving them out measured
  better on train cross-validation and on dev (0.688 vs 0.684, 0.650 vs 0.635, model alone).
- Each category keeps the ``--keep`` features a moderately regularised fit weighs most; its
  regularisation strength and stand-alone decision threshold (``threshold`` in the file) are
  chosen by 5-fold cross-validation grouped by document *within train*, with the features
  pruned inside each fold, so the out-of-fold scores are honest.
- How the model combines with the rules of ``--pack`` (its ``models:`` block, see
  docs/rule-packs.md) is chosen per category from the same out-of-fold scores on train pooled
  with the final model's scores on ``dev``: the rules are run on both (without any model), and
  the mode and threshold(s) giving the best F1 over the pooled sentences win. Besides the
  pack's single modes, "confirm+alone" is tried: rule flags are kept where the model scores at
  least ``threshold``, and the model alone flags from the higher ``alone`` threshold (two
  ``models:`` entries on the same file: one ``confirm``, one ``union``). The choice is stored
  per category as ``combine`` (ignored by inference) and printed as the block to paste into the
  pack; a test checks that the shipped pack matches it. Without a dev split, train alone decides.

Scores are taken per sentence of an item (as the pack's ``unit: sentence`` does) and an item
takes its best one. Deterministic: liblinear with a fixed seed, sorted vocabulary and columns,
ties broken by the first candidate; the same data gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

try:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
except ImportError as exc:  # a training-time tool: say how to get what it needs
    raise SystemExit(f"train_claudette_model: {exc.name} is missing; install it with "
                     "pip install -e '.[train]'") from None
import yaml

from terms.errors import TermsError
from terms.evaluation.datasets import read_jsonl
from terms.evaluation.labelmap import load_label_map
from terms.learned.features import extract_features
from terms.learned.linear import FORMAT
from terms.rulepacks.scan import sentence_spans

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("CLEARTERMS_SHARED_DATA", REPO.parent / "shared" / "data"))
DEFAULT_OUT = REPO / "resources" / "rules" / "models" / "claudette_linear.json"
DEFAULT_PACK = REPO / "resources" / "rules" / "default.yaml"
MODEL_ID = "claudette-linear"
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.96, 0.05))
MIN_DF = 2
SELECTION_C = 1.0
MODES = ("replace", "confirm", "union", "fallback", "confirm+alone")

Units = list[set[str]]  # the feature sets of an item's sentences


def featurise(texts: list[str], max_n: int) -> list[Units]:
    """Per text, the n-gram sets of its sentences (the text itself when no sentence is found)."""
    out = []
    for text in texts:
        spans = sentence_spans(text, 0, len(text)) or [(0, len(text))]
        out.append([set(extract_features(text[a:b], max_n)) for a, b in spans])
    return out


def matrix(feats: list[set[str]], vocab: dict[str, int]) -> csr_matrix:
    """Binary row x feature matrix. Columns are sorted within each row: the order of a set
    of strings changes with the hash seed, and liblinear's sums would change with it."""
    rows, cols = [], []
    for i, fs in enumerate(feats):
        present = sorted(j for j in (vocab.get(f) for f in fs) if j is not None)
        rows.extend([i] * len(present))
        cols.extend(present)
    data = np.ones(len(rows), dtype=np.float64)
    return csr_matrix((data, (rows, cols)), shape=(len(feats), len(vocab)))


class Corpus:
    """A split's items as one feature row each (for fitting) and one row per sentence (for scoring)."""

    def __init__(self, units: list[Units], vocab: dict[str, int]) -> None:
        self.size = len(units)
        self.items = matrix([set().union(*u) for u in units], vocab)
        self.owner = np.array([i for i, u in enumerate(units) for _ in u])
        self.sentences = matrix([fs for u in units for fs in u], vocab)

    def scores(self, fit: LogisticRegression, cols: np.ndarray,
               items: np.ndarray | None = None) -> np.ndarray:
        """Per item (all, or only ``items``: others stay 0) the best score of its sentences."""
        rows = np.arange(len(self.owner)) if items is None else np.flatnonzero(np.isin(self.owner, items))
        best = np.zeros(self.size)
        np.maximum.at(best, self.owner[rows], fit.predict_proba(self.sentences[rows][:, cols])[:, 1])
        return best


def f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = int((y & pred).sum())
    total = int(y.sum() + pred.sum())
    return 2 * tp / total if total else 0.0


def model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, solver="liblinear", class_weight="balanced", max_iter=2000, random_state=0)


def strongest(x: csr_matrix, y: np.ndarray, keep: int) -> np.ndarray:
    """Columns of the ``keep`` largest weights (by size) of a moderately regularised fit."""
    coef = model(SELECTION_C).fit(x, y).coef_[0]
    return np.array(sorted(int(j) for j in np.argsort(-np.abs(coef), kind="stable")[:keep] if coef[j] != 0),
                    dtype=int)


def choose(corpus: Corpus, y: np.ndarray, fit_on: np.ndarray, groups: list[str],
           keep: int) -> tuple[float, float, float, np.ndarray]:
    """(C, threshold, CV F1, out-of-fold scores) maximising out-of-fold F1 over the documents of train.

    The features are pruned inside each fold, from that fold's training part only, so the
    out-of-fold scores are honest estimates for the pruned model. Only items in ``fit_on`` are
    fitted on; every held-out item is scored.
    """
    x = corpus.items
    folds = []
    for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
        tr = tr[fit_on[tr]]
        folds.append((tr, te, strongest(x[tr], y[tr], keep)))
    best: tuple[float, float, float, np.ndarray] | None = None
    for c in C_GRID:
        scores = np.zeros(len(y))
        for tr, te, cols in folds:
            scores[te] = corpus.scores(model(c).fit(x[tr][:, cols], y[tr]), cols, te)[te]
        for t in THRESHOLDS:
            value = f1(y.astype(bool), scores >= t)
            if best is None or value > best[2]:
                best = (c, t, value, scores)
    assert best is not None
    return best


#: the rule level of a clause the rules read as not the unfair kind: a ``fair_variant`` rule set it
#: (information), or an ``unless`` exclusion held a rule back; no model flags it on its own
FAIR = -1
#: the rule level of a clause an ``outside_model`` rule reads as unfair: no model lowers it
FIRM = 3


def rule_levels(pack: Path, texts: list[str], categories: list[str]) -> np.ndarray:
    """Per text and category what the pack's rules alone say: 0 nothing, 1 info, 2 caution/concern,
    :data:`FAIR` read as not the unfair kind, :data:`FIRM` unfair beyond a model's say (see there).

    The pack is loaded without its ``models:`` block (a ``replace`` there would drop the rules).
    """
    from terms.flagging import flag_text, load_flagging_packs
    from terms.rulepacks.evaluate import evaluate
    from terms.rulepacks.scan import fold

    try:
        raw = yaml.safe_load(pack.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TermsError(f"{pack}: cannot read the rule pack ({exc})") from exc
    if not isinstance(raw, dict) or not (raw.get("pack") or {}).get("base"):
        raise TermsError(f"{pack}: not a base rule pack (the model is combined with a whole pack's rules)")
    raw.pop("models", None)
    with tempfile.TemporaryDirectory() as tmp:
        rules_only = Path(tmp) / pack.name
        rules_only.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        loaded = load_flagging_packs([rules_only])
        column = {c: j for j, c in enumerate(categories)}
        levels = np.zeros((len(texts), len(categories)), dtype=int)
        for i, text in enumerate(texts):
            excluded: list[tuple[str, tuple[int, int]]] = []
            hits = evaluate(loaded, fold(text), 0, len(text), excluded=excluded)
            for category, _ in excluded:
                if category in column:
                    levels[i, column[category]] = FAIR
            firm = {hit.category for hit in hits
                    if hit.rule.outside_model and hit.severity.value in ("caution", "concern")}
            for flag in flag_text(text, loaded):  # one flag per category: a lone clause
                j = column.get(flag.category)
                if j is not None:
                    unfair = flag.severity.value in ("caution", "concern")
                    if unfair or levels[i, j] != FAIR:
                        levels[i, j] = 2 if unfair else FAIR if flag.rule in loaded.fair_variants else 1
                    if unfair and flag.category in firm:
                        levels[i, j] = FIRM
    return levels


def combined(mode: str, rules: np.ndarray, scores: np.ndarray, t: float, alone: float | None) -> np.ndarray:
    """The unfair verdicts of a models-block setting (engine semantics, terms/flagging/engine.py)."""
    flagged = rules >= 2
    may_raise = rules != FAIR
    if mode == "replace":
        return (scores >= t) | (rules == FIRM)
    if mode == "union":
        return flagged | (may_raise & (scores >= t))
    if mode == "fallback":
        return flagged | ((rules == 0) & (scores >= t))
    kept = (flagged & (scores >= t)) | (rules == FIRM)
    return kept if mode == "confirm" else kept | (may_raise & (scores >= alone))


def choose_combination(y: np.ndarray, rules: np.ndarray, scores: np.ndarray) -> dict:
    """The mode and threshold(s) with the best F1 over the pooled items (the first of equals)."""
    best: tuple[float, dict] = (-1.0, {})
    for mode in MODES:
        for t in THRESHOLDS:
            for alone in (t2 for t2 in THRESHOLDS if t2 > t) if mode == "confirm+alone" else (None,):
                value = f1(y, combined(mode, rules, scores, t, alone))
                if value > best[0]:
                    setting = {"mode": mode, "threshold": t} | ({"alone": alone} if alone else {})
                    best = (value, setting)
    return best[1]


def models_block(choices: dict[str, dict]) -> str:
    """The pack's ``models:`` block for ``choices`` (a second entry only if a category needs it)."""
    lines = ["models:", f"  - id: {MODEL_ID}", "    file: models/claudette_linear.json", "    unit: sentence",
             "    categories:"]
    alone = {c: s for c, s in choices.items() if s["mode"] == "confirm+alone"}
    for cat, s in choices.items():
        mode = "confirm" if s["mode"] == "confirm+alone" else s["mode"]
        lines.append(f"      {cat}: {{threshold: {s['threshold']}, mode: {mode}}}")
    if alone:
        lines += [f"  - id: {MODEL_ID}-alone", "    file: models/claudette_linear.json", "    unit: sentence",
                  "    categories:"]
        lines += [f"      {cat}: {{threshold: {s['alone']}, mode: union}}" for cat, s in alone.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--pack", type=Path, default=DEFAULT_PACK,
                        help="rule pack whose rules the model is combined with (default: the default pack)")
    parser.add_argument("--keep", type=int, default=1000, help="features kept per category (default 1000)")
    parser.add_argument("--max-n", type=int, default=2, help="longest word n-gram (default 2)")
    args = parser.parse_args()
    try:
        train_model(args.data, args.out, args.pack, args.keep, args.max_n)
    except TermsError as exc:
        raise SystemExit(f"train_claudette_model: {exc.message}") from None


def train_model(data: Path, out: Path, pack: Path, keep: int, max_n: int) -> None:
    """Fit, choose the combination with the rules, report (train CV and dev) and write the model file."""
    label_map = load_label_map(data / "label_map.yaml")["claudette_tos_en"]
    categories = sorted(label_map.label_ids)
    train = read_jsonl(data / "claudette_tos_en" / "train.jsonl")
    dev_path = data / "claudette_tos_en" / "dev.jsonl"
    dev = read_jsonl(dev_path) if dev_path.is_file() else []
    train_units = featurise([r["text"] for r in train], max_n)
    df: dict[str, int] = {}
    for units in train_units:
        for f in set().union(*units):
            df[f] = df.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in df.items() if n >= MIN_DF))}
    names = sorted(vocab, key=vocab.get)
    train_c = Corpus(train_units, vocab)
    dev_c = Corpus(featurise([r["text"] for r in dev], max_n), vocab)
    groups = [r["doc"] for r in train]
    gold_train = [label_map.ids(r["labels"]) for r in train]
    gold_dev = [label_map.ids(r["labels"]) for r in dev]
    fair_train = [label_map.ids([k for k, v in (r.get("label_levels") or {}).items() if v == 1])
                  for r in train]
    rules_train = rule_levels(pack, [r["text"] for r in train], categories)
    rules_dev = rule_levels(pack, [r["text"] for r in dev], categories)

    out_categories: dict[str, dict] = {}
    choices: dict[str, dict] = {}
    print(f"{'category':32} {'C':>5} {'thr':>5} {'cv-F1':>6} {'dev-F1':>6} {'feats':>6}   "
          f"combination: train-CV / dev F1")
    sums = {"cv": [], "dev": [], "cv+": [], "dev+": []}
    for j, cat in enumerate(categories):
        y = np.array([cat in g for g in gold_train], dtype=int)
        fit_on = np.array([cat not in f for f in fair_train])
        # keep the features a moderately regularised fit finds strongest, then refit on those
        # with the C and threshold that cross-validation (pruning within each fold) preferred
        c, t, cv, oof = choose(train_c, y, fit_on, groups, keep)
        cols = strongest(train_c.items[fit_on], y[fit_on], keep)
        pruned = model(c).fit(train_c.items[fit_on][:, cols], y[fit_on])
        y_dev = np.array([cat in g for g in gold_dev], dtype=bool)
        dev_scores = dev_c.scores(pruned, cols) if dev else np.zeros(0)
        choice = choose_combination(np.concatenate([y.astype(bool), y_dev]),
                                       np.concatenate([rules_train[:, j], rules_dev[:, j]]),
                                       np.concatenate([oof, dev_scores]))
        choices[cat] = choice
        mode, threshold, alone = choice["mode"], choice["threshold"], choice.get("alone")
        sums["cv"].append(cv)
        sums["cv+"].append(f1(y.astype(bool), combined(mode, rules_train[:, j], oof, threshold, alone)))
        if dev:
            sums["dev"].append(f1(y_dev, dev_scores >= t))
            sums["dev+"].append(f1(y_dev, combined(mode, rules_dev[:, j], dev_scores, threshold, alone)))
        dev_cell = f"{sums['dev'][-1]:6.3f}" if dev else f"{'-':>6}"
        dev_plus = f"{sums['dev+'][-1]:.3f}" if dev else "-"
        print(f"{cat:32} {c:5.1f} {t:5.2f} {cv:6.3f} {dev_cell} {len(cols):6d}   "
              f"{mode} {threshold}{'' if alone is None else f'/{alone}'}: "
              f"{sums['cv+'][-1]:.3f} / {dev_plus}")
        weights = {names[col]: round(float(w), 4) for col, w in zip(cols, pruned.coef_[0], strict=True)
                   if abs(w) >= 1e-4}
        out_categories[cat] = {"bias": round(float(pruned.intercept_[0]), 4), "threshold": t,
                               "combine": choice, "weights": weights}

    def mean(key: str) -> str:
        return f"{sum(sums[key]) / len(sums[key]):.3f}" if sums[key] else "-"
    print(f"macro-F1 model alone: train CV {mean('cv')}, dev {mean('dev')}; "
          f"with the rules: train CV {mean('cv+')}, dev {mean('dev+')}")
    print("models: block for the pack (combinations chosen on train CV pooled with dev):")
    print(models_block(choices))
    model_json = {
        "format": FORMAT,
        "name": MODEL_ID,
        "max_n": max_n,
        "about": {
            "task": "potentially/clearly unfair clause types (CLAUDETTE level 2-3), one score per category",
            "trained_on": f"claudette_tos_en train split ({len(set(groups))} ToS, {len(train):,} sentences); "
                          "C and thresholds by 5-fold document-grouped cross-validation within train; "
                          "combination with the rules ('combine') chosen on train CV pooled with dev",
            "data_source": "nlp-unibo/Multilingual-Unfair-Clause-Detection (Galassi, Lagioia, Jabłonowska, "
                           "Lippi, AI & Law 2024; CLAUDETTE scheme, Lippi et al. 2019)",
            "data_licence": "CC BY 4.0 — this model is derived from that data; attribution as above",
            "trainer": "tools/train_claudette_model.py",
        },
        "categories": out_categories,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model_json, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()

"""Train the shipped CLAUDETTE unfair-clause model: ``resources/rules/models/claudette_linear.json``.

    .venv/bin/pip install -e '.[train]'          # scikit-learn: needed to train, never at run time
    .venv/bin/python -m tools.train_claudette_model [--data ../shared/data] [--out PATH]

One logistic regression per CLAUDETTE category (level 2-3 "potentially/clearly unfair" tags,
mapped to taxonomy ids with ``label_map.yaml``; level-1 "fair" sentences are negatives) over
binary word 1-2-gram features (``terms.learned.features``) seen in at least two sentences.
Trained on the ``train`` split only (CC BY 4.0 data; the model file carries the attribution).
Each category keeps the ``--keep`` features a moderately regularised fit weighs most, and its
regularisation strength and decision threshold are chosen by 5-fold cross-validation grouped
by document *within train* (features pruned inside each fold, so the CV figure is honest).
``dev`` is only scored and printed, never used to fit or choose. Deterministic: liblinear,
fixed seed, sorted vocabulary; the same data gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

try:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
except ImportError as exc:  # a training-time tool: say how to get what it needs
    raise SystemExit(f"train_claudette_model: {exc.name} is missing; install it with "
                     "pip install -e '.[train]'") from None

from terms.errors import TermsError
from terms.evaluation.datasets import read_jsonl
from terms.evaluation.labelmap import load_label_map
from terms.learned.features import extract_features
from terms.learned.linear import FORMAT

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("CLEARTERMS_SHARED_DATA", REPO.parent / "shared" / "data"))
DEFAULT_OUT = REPO / "resources" / "rules" / "models" / "claudette_linear.json"
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.96, 0.05))
MIN_DF = 2
SELECTION_C = 1.0


def featurise(texts: list[str], max_n: int) -> list[set[str]]:
    return [set(extract_features(t, max_n)) for t in texts]


def matrix(feats: list[set[str]], vocab: dict[str, int]) -> csr_matrix:
    """Binary sentence x feature matrix. Columns are sorted within each row: the order of a set
    of strings changes with the hash seed, and liblinear's sums would change with it."""
    rows, cols = [], []
    for i, fs in enumerate(feats):
        present = sorted(j for j in (vocab.get(f) for f in fs) if j is not None)
        rows.extend([i] * len(present))
        cols.extend(present)
    data = np.ones(len(rows), dtype=np.float64)
    return csr_matrix((data, (rows, cols)), shape=(len(feats), len(vocab)))


def f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = int((y & pred).sum())
    total = int(y.sum() + pred.sum())
    return 2 * tp / total if total else 0.0


def model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, solver="liblinear", class_weight="balanced", max_iter=2000, random_state=0)


def strongest(x: csr_matrix, y: np.ndarray, keep: int) -> list[int]:
    """Columns of the ``keep`` largest weights (by size) of a moderately regularised fit."""
    coef = model(SELECTION_C).fit(x, y).coef_[0]
    return sorted(int(j) for j in np.argsort(-np.abs(coef), kind="stable")[:keep] if coef[j] != 0)


def choose(x: csr_matrix, y: np.ndarray, groups: list[str], keep: int) -> tuple[float, float, float]:
    """(C, threshold, CV F1) maximising out-of-fold F1 over the documents of train.

    The features are pruned inside each fold, from that fold's training part only, so the
    out-of-fold F1 is an honest estimate of the pruned model and not one that has seen the
    held-out documents' labels.
    """
    folds = []
    for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
        cols = strongest(x[tr], y[tr], keep)
        folds.append((tr, te, x[:, cols]))
    best = (C_GRID[0], 0.5, -1.0)
    for c in C_GRID:
        scores = np.zeros(len(y))
        for tr, te, x_fold in folds:
            scores[te] = model(c).fit(x_fold[tr], y[tr]).predict_proba(x_fold[te])[:, 1]
        for t in THRESHOLDS:
            value = f1(y.astype(bool), scores >= t)
            if value > best[2]:
                best = (c, t, value)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--keep", type=int, default=1000, help="features kept per category (default 1000)")
    parser.add_argument("--max-n", type=int, default=2, help="longest word n-gram (default 2)")
    args = parser.parse_args()
    try:
        train_model(args.data, args.out, args.keep, args.max_n)
    except TermsError as exc:
        raise SystemExit(f"train_claudette_model: {exc.message}") from None


def train_model(data: Path, out: Path, keep: int, max_n: int) -> None:
    """Fit, report (train CV and dev) and write the model file."""
    label_map = load_label_map(data / "label_map.yaml")["claudette_tos_en"]
    categories = sorted(label_map.label_ids)
    train = read_jsonl(data / "claudette_tos_en" / "train.jsonl")
    dev_path = data / "claudette_tos_en" / "dev.jsonl"
    dev = read_jsonl(dev_path) if dev_path.is_file() else []   # only scored, for the printout
    train_feats, dev_feats = (featurise([r["text"] for r in train], max_n),
                               featurise([r["text"] for r in dev], max_n))
    df: dict[str, int] = {}
    for fs in train_feats:
        for f in fs:
            df[f] = df.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in df.items() if n >= MIN_DF))}
    names = sorted(vocab, key=vocab.get)
    x_train = matrix(train_feats, vocab)
    groups = [r["doc"] for r in train]
    gold_train = [label_map.ids(r["labels"]) for r in train]
    gold_dev = [label_map.ids(r["labels"]) for r in dev]

    out_categories: dict[str, dict] = {}
    print(f"{'category':32} {'C':>5} {'thr':>5} {'cv-F1':>6} {'dev-F1':>6} {'feats':>6}")
    cv_f1s, dev_f1s = [], []
    for cat in categories:
        y = np.array([cat in g for g in gold_train], dtype=int)
        # keep the features a moderately regularised fit finds strongest, then refit on those
        # with the C and threshold that cross-validation (pruning within each fold) preferred
        c, t, cv = choose(x_train, y, groups, keep)
        sub = {names[j]: i for i, j in enumerate(strongest(x_train, y, keep))}
        x_sub = matrix(train_feats, sub)
        pruned = model(c).fit(x_sub, y)
        if dev:
            y_dev = np.array([cat in g for g in gold_dev], dtype=bool)
            dev_f1s.append(f1(y_dev, pruned.predict_proba(matrix(dev_feats, sub))[:, 1] >= t))
        cv_f1s.append(cv)
        dev_cell = f"{dev_f1s[-1]:6.3f}" if dev else f"{'-':>6}"
        print(f"{cat:32} {c:5.1f} {t:5.2f} {cv:6.3f} {dev_cell} {len(sub):6d}")
        weights = {name: round(float(w), 4) for name, w in zip(sub, pruned.coef_[0], strict=True)
                   if abs(w) >= 1e-4}
        out_categories[cat] = {"bias": round(float(pruned.intercept_[0]), 4), "threshold": t,
                               "weights": weights}
    dev_note = f", dev {sum(dev_f1s) / len(dev_f1s):.3f}" if dev else ""
    print(f"macro-F1: train CV {sum(cv_f1s) / len(cv_f1s):.3f}{dev_note} "
          "(model alone, thresholds from train CV)")
    model_json = {
        "format": FORMAT,
        "name": "claudette-linear",
        "max_n": max_n,
        "about": {
            "task": "potentially/clearly unfair clause types (CLAUDETTE level 2-3), one score per category",
            "trained_on": f"claudette_tos_en train split ({len(set(groups))} ToS, {len(train):,} sentences); "
                          "C and thresholds by 5-fold document-grouped cross-validation within train",
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

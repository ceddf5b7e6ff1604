"""Train the shipped CLAUDETTE unfair-clause model: ``resources/rules/models/claudette_linear.json``.

    .venv/bin/python -m tools.train_claudette_model [--data ../shared/data] [--out PATH]

One logistic regression per CLAUDETTE category (level 2-3 "potentially/clearly unfair" tags,
mapped to taxonomy ids with ``label_map.yaml``) over binary word 1-2-gram features
(``terms.learned.features``). Trained on the ``train`` split only (CC BY 4.0 data; the model
file carries the attribution). For each category the regularisation strength and the decision
threshold are chosen by cross-validation grouped by document *within train*; the weights are
then pruned to the strongest features and refitted. ``dev`` is only scored and printed, never
used to fit or choose. Deterministic: fixed seed, liblinear solver. Needs scikit-learn and
numpy (training only; the app reads the JSON in pure Python).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from terms.evaluation.datasets import read_jsonl
from terms.evaluation.labelmap import load_label_map
from terms.learned.features import extract_features
from terms.learned.linear import FORMAT

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("CLEARTERMS_SHARED_DATA", REPO.parent / "shared" / "data"))
DEFAULT_OUT = REPO / "resources" / "rules" / "models" / "claudette_linear.json"
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.91, 0.05))
MIN_DF = 2
SELECTION_C = 1.0


def featurise(texts: list[str], max_n: int) -> list[set[str]]:
    return [set(extract_features(t, max_n)) for t in texts]


def matrix(feats: list[set[str]], vocab: dict[str, int]) -> csr_matrix:
    rows, cols = [], []
    for i, fs in enumerate(feats):
        for f in fs:
            j = vocab.get(f)
            if j is not None:
                rows.append(i)
                cols.append(j)
    data = np.ones(len(rows), dtype=np.float64)
    return csr_matrix((data, (rows, cols)), shape=(len(feats), len(vocab)))


def f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = int((y & pred).sum())
    total = int(y.sum() + pred.sum())
    return 2 * tp / total if total else 0.0


def model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, solver="liblinear", class_weight="balanced", max_iter=2000, random_state=0)


def choose(x: csr_matrix, y: np.ndarray, groups: list[str]) -> tuple[float, float, float]:
    """(C, threshold, CV F1) maximising out-of-fold F1 over documents of train."""
    best = (C_GRID[0], 0.5, -1.0)
    folds = list(GroupKFold(n_splits=5).split(x, y, groups))
    for c in C_GRID:
        scores = np.zeros(len(y))
        for tr, te in folds:
            if y[tr].sum() == 0:
                continue
            scores[te] = model(c).fit(x[tr], y[tr]).predict_proba(x[te])[:, 1]
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
    parser.add_argument("--keep", type=int, default=400, help="features kept per category (default 400)")
    parser.add_argument("--max-n", type=int, default=2, help="longest word n-gram (default 2)")
    args = parser.parse_args()

    label_map = load_label_map(args.data / "label_map.yaml")["claudette_tos_en"]
    categories = sorted(label_map.label_ids)
    train = read_jsonl(args.data / "claudette_tos_en" / "train.jsonl")
    dev = read_jsonl(args.data / "claudette_tos_en" / "dev.jsonl")
    train_feats, dev_feats = (featurise([r["text"] for r in train], args.max_n),
                               featurise([r["text"] for r in dev], args.max_n))
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
    thresholds: dict[str, float] = {}
    print(f"{'category':32} {'C':>5} {'thr':>5} {'cv-F1':>6} {'dev-F1':>6} {'feats':>6}")
    dev_f1s = []
    for cat in categories:
        y = np.array([cat in g for g in gold_train], dtype=int)
        # keep the features a moderately regularised fit finds strongest, then choose C and the
        # threshold for the pruned model by document-grouped cross-validation on train
        full = model(SELECTION_C).fit(x_train, y)
        strongest = np.argsort(-np.abs(full.coef_[0]))[: args.keep]
        keep = sorted(int(j) for j in strongest if full.coef_[0][j] != 0)
        sub = {names[j]: i for i, j in enumerate(keep)}
        x_sub = matrix(train_feats, sub)
        c, t, cv = choose(x_sub, y, groups)
        pruned = model(c).fit(x_sub, y)
        y_dev = np.array([cat in g for g in gold_dev], dtype=bool)
        dev_pred = pruned.predict_proba(matrix(dev_feats, sub))[:, 1] >= t
        dev_f1s.append(f1(y_dev, dev_pred))
        print(f"{cat:32} {c:5.1f} {t:5.2f} {cv:6.3f} {dev_f1s[-1]:6.3f} {len(sub):6d}")
        weights = {name: round(float(w), 4) for name, w in zip(sub, pruned.coef_[0], strict=True)
                   if abs(w) >= 1e-4}
        out_categories[cat] = {"bias": round(float(pruned.intercept_[0]), 4), "weights": weights}
        thresholds[cat] = t
    print(f"dev macro-F1 (model alone, train-CV thresholds): {sum(dev_f1s) / len(dev_f1s):.3f}")
    model_json = {
        "format": FORMAT,
        "name": "claudette-linear",
        "max_n": args.max_n,
        "about": {
            "task": "potentially/clearly unfair clause types (CLAUDETTE level 2-3), one score per category",
            "trained_on": "claudette_tos_en train split (35 ToS, 11,035 sentences); thresholds by 5-fold "
                          "document-grouped cross-validation within train",
            "data_source": "nlp-unibo/Multilingual-Unfair-Clause-Detection (Galassi, Lagioia, Jabłonowska, "
                           "Lippi, AI & Law 2024; CLAUDETTE scheme, Lippi et al. 2019)",
            "data_licence": "CC BY 4.0 — this model is derived from that data; attribution as above",
            "suggested_thresholds": json.dumps(thresholds),
            "trainer": "tools/train_claudette_model.py",
        },
        "categories": out_categories,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model_json, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                        + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()

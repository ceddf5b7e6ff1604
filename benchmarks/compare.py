"""Version comparison speed on one core: every consecutive pair in ``ota_versions``, plus synthetic pairs.

    .venv/bin/python -m benchmarks.compare [--data ../shared/data] [--repeat 3] [--limit N]

For each pair the comparison (``terms.compare.compare``, parsing excluded) and a plain
line diff of the same two source files (``difflib.unified_diff`` over lines) are timed in
the same run, each as the best of ``--repeat`` runs. Both wall time and CPU time of the
process are recorded; on a shared machine the CPU time is the figure to hold against the
target (wall time there includes waiting for the core).
Reports median and worst times, the ratio to the line diff, the time for the pairs of
about 100 KB (target: ≤ 100 ms for two 100 KB versions), and synthetic pairs of 500, 1,000
and 2,000 clauses with the growth exponent (1 = linear, 2 = quadratic).
Writes benchmarks/results/compare.json.
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import math
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks._common import DEFAULT_DATA, peak_rss_mb, pin_to_one_core, summarise, write_results

TARGET_MS_100KB = 100.0


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time of ``repeat`` runs, in seconds."""
    wall = cpu = math.inf
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def _line_diff(a: str, b: str) -> int:
    return sum(1 for _ in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm=""))


def bench_corpus(ota: Path, repeat: int, limit: int | None) -> dict[str, Any]:
    from terms.compare import compare
    from terms.errors import TermsError
    from terms.parsing import parse_file

    compare_wall: list[float] = []
    compare_cpu: list[float] = []
    diff_cpu: list[float] = []
    near_100kb: list[float] = []
    per_100kb_ms: list[float] = []
    skipped = 0
    worst: tuple[float, str] = (0.0, "")
    pairs = []
    for manifest in sorted(ota.glob("*/*/versions.json")):
        files = [manifest.parent / v["file"] for v in json.loads(manifest.read_text("utf-8"))["versions"]]
        pairs += list(itertools.pairwise(files))
    for old_path, new_path in pairs[:limit]:
        try:
            old, new = parse_file(old_path), parse_file(new_path)
        except (TermsError, IndexError, ValueError):  # the parser's business, not what is measured here
            skipped += 1
            continue
        old_src, new_src = old_path.read_text("utf-8", "replace"), new_path.read_text("utf-8", "replace")
        wall, cpu = _best(lambda old=old, new=new: compare(old, new), repeat)
        _, diff = _best(lambda a=old_src, b=new_src: _line_diff(a, b), repeat)
        compare_wall.append(wall)
        compare_cpu.append(cpu)
        diff_cpu.append(diff)
        size_kb = max(len(old_src.encode()), len(new_src.encode())) / 1024
        per_100kb_ms.append(cpu * 1000 * 100 / max(size_kb, 1.0))
        if size_kb >= 90:
            near_100kb.append(cpu)
        if cpu > worst[0]:
            worst = (cpu, f"{old_path.parent.relative_to(ota)}/{new_path.name}")
    ratios = [c / d for c, d in zip(compare_cpu, diff_cpu, strict=True) if d > 0]
    return {
        "pairs": len(compare_cpu),
        "skipped_unreadable": skipped,
        "compare_cpu": summarise(compare_cpu),
        "compare_wall": summarise(compare_wall),
        "line_diff_cpu": summarise(diff_cpu),
        "ratio_to_line_diff_median": statistics.median(ratios) if ratios else 0.0,
        "ratio_to_line_diff_total": sum(compare_cpu) / sum(diff_cpu) if sum(diff_cpu) else 0.0,
        "cpu_ms_per_100kb_median": statistics.median(per_100kb_ms) if per_100kb_ms else 0.0,
        "cpu_ms_per_100kb_worst": max(per_100kb_ms, default=0.0),
        "pairs_of_90kb_or_more_cpu": summarise(near_100kb),
        "worst_pair": worst[1],
    }


def bench_synthetic(repeat: int) -> dict[str, Any]:
    from terms.compare import compare
    from terms.compare.synthetic import EDITS, synthetic_pair

    rows: dict[str, Any] = {}
    for sections, per_section in ((50, 10), (50, 20), (100, 20)):
        pair = synthetic_pair(EDITS * 3, seed=7, sections=sections, per_section=per_section)
        wall, t_cmp = _best(lambda pair=pair: compare(pair.old, pair.new), repeat)
        _, t_diff = _best(lambda pair=pair: _line_diff(pair.old.text, pair.new.text), repeat)
        rows[str(len(pair.old.clauses))] = {
            "clauses": [len(pair.old.clauses), len(pair.new.clauses)],
            "kb": round(len(pair.old.text.encode()) / 1024, 1),
            "compare_ms": t_cmp * 1000,
            "compare_wall_ms": wall * 1000,
            "line_diff_ms": t_diff * 1000,
            "ratio_to_line_diff": t_cmp / t_diff if t_diff else 0.0,
        }
    sizes = sorted(rows.values(), key=lambda r: r["clauses"][0])
    small, large = sizes[0], sizes[-1]
    growth = (math.log(large["compare_ms"] / small["compare_ms"])
              / math.log(large["clauses"][0] / small["clauses"][0]))
    return {"pairs": rows, "growth_exponent": growth}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="only the first N consecutive pairs")
    args = parser.parse_args(argv)
    pin_to_one_core()
    corpus = bench_corpus(args.data / "ota_versions", args.repeat, args.limit)
    synthetic = bench_synthetic(args.repeat)
    c, w, d = corpus["compare_cpu"], corpus["compare_wall"], corpus["line_diff_cpu"]
    n = corpus["pairs_of_90kb_or_more_cpu"]
    print(f"ota_versions consecutive pairs: {corpus['pairs']} "
          f"({corpus['skipped_unreadable']} with an unreadable version skipped)")
    print(f"  {'':34}{'median ms':>12}{'worst ms':>12}")
    print(f"  {'compare (CPU)':34}{c['median_ms']:12.1f}{c['worst_ms']:12.1f}"
          f"   worst: {corpus['worst_pair']}")
    print(f"  {'compare (wall)':34}{w['median_ms']:12.1f}{w['worst_ms']:12.1f}")
    print(f"  {'difflib line diff (CPU)':34}{d['median_ms']:12.1f}{d['worst_ms']:12.1f}")
    print(f"  {'compare (CPU), pairs >= 90 KB':34}{n['median_ms']:12.1f}{n['worst_ms']:12.1f}   "
          f"(n={n['n']}, target <= {TARGET_MS_100KB:.0f} ms)")
    print(f"  ratio compare / line diff: median {corpus['ratio_to_line_diff_median']:.1f}x, "
          f"total {corpus['ratio_to_line_diff_total']:.1f}x")
    print(f"  CPU ms per 100 KB: median {corpus['cpu_ms_per_100kb_median']:.1f}, "
          f"worst {corpus['cpu_ms_per_100kb_worst']:.1f}")
    print("synthetic pairs (30 known edits):")
    print(f"  {'clauses':>12}{'KB':>8}{'compare CPU ms':>16}{'wall ms':>10}{'line diff ms':>14}{'ratio':>8}")
    for row in synthetic["pairs"].values():
        print(f"  {row['clauses'][0]:>12}{row['kb']:>8}{row['compare_ms']:16.1f}"
              f"{row['compare_wall_ms']:10.1f}{row['line_diff_ms']:14.1f}{row['ratio_to_line_diff']:8.1f}")
    print(f"  growth exponent (1 = linear, 2 = quadratic): {synthetic['growth_exponent']:.2f}")
    path = write_results("compare", {"target_ms_100kb": TARGET_MS_100KB, "repeat": args.repeat,
                                     "corpus": corpus, "synthetic": synthetic, "peak_rss_mb": peak_rss_mb()})
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

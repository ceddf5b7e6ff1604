"""Parse speed over the whole ota_versions corpus, on one core.

    .venv/bin/python -m benchmarks.parse [--data DIR] [--repeat N]

Reports throughput (MB/s of source bytes), median / p95 / worst time per document,
the time per 100 KB (total time over total size, and the worst document over 20 KB
scaled to 100 KB) and peak RSS; writes benchmarks/results/parse.json.

Times are CPU time of this process (``time.process_time``): the development machines
are shared, and wall time there measures the neighbours as much as the parser. Wall
time and the load average are recorded next to them. Target: parse + flag ≤ 50 ms per
100 KB; parsing alone should stay well under 20. Last, three made-up inputs that once took
quadratic time are parsed at two sizes: ``*_growth`` near 2 is linear.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from pathlib import Path

from benchmarks._common import DEFAULT_DATA, peak_rss_mb, pin_to_one_core, summarise, write_results
from terms.errors import EmptyDocument
from terms.parsing import parse_bytes


def _one_pass(sources: list[tuple[str, bytes]]) -> tuple[list[float], float, int]:
    """CPU seconds per document, wall seconds in all, and how many were refused as empty."""
    gc.collect()
    times: list[float] = []
    refused = 0
    wall_start = time.perf_counter()
    for name, data in sources:
        start = time.process_time()
        try:
            parse_bytes(data, source=name)
        except EmptyDocument:
            refused += 1
        times.append(time.process_time() - start)
    return times, time.perf_counter() - wall_start, refused


#: Inputs that once took quadratic time, by size: each is parsed at n and 2n repeats, and the time
#: should double, not quadruple (hostile-input review, 3 December 2026).
PATHOLOGICAL = {
    "repeated_label": lambda n: "1. We may share your data.\n\n" * n,           # every id "1"
    "hyphenated_paragraph": lambda n: "third-\nparty " * n,                      # one paragraph
    "alternating_lists": lambda n: "1. x\n- y\n" * n,                           # a new list each line
}


def _pathological(n: int = 6_000) -> dict[str, float]:
    """CPU milliseconds to parse each :data:`PATHOLOGICAL` input at ``n`` and ``2n`` repeats, and how
    much longer the larger took (2.0: linear)."""
    results: dict[str, float] = {}
    for name, make in PATHOLOGICAL.items():
        spent = []
        for size in (n, 2 * n):
            data = make(size).encode()
            start = time.process_time()
            parse_bytes(data, source=f"{name}.txt")
            spent.append((time.process_time() - start) * 1000)
        results[f"{name}_ms"] = spent[1]
        results[f"{name}_growth"] = spent[1] / max(spent[0], 1e-6)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the corpus; the fastest counts")
    args = parser.parse_args(argv)
    corpus = args.data / "ota_versions"
    files = sorted(corpus.glob("*/*/*.md"))
    if not files:
        parser.error(f"no documents under {corpus}")
    pin_to_one_core()
    sources = [(str(path), path.read_bytes()) for path in files]
    total_bytes = sum(len(data) for _, data in sources)

    passes = [_one_pass(sources) for _ in range(max(args.repeat, 1))]
    times, wall, refused = min(passes, key=lambda p: sum(p[0]))
    stats = summarise(times)
    per_100kb = [t * 1000 * 100_000 / len(data) for t, (_, data) in zip(times, sources, strict=True)
                 if len(data) >= 20_000]
    results = {
        "documents": len(sources),
        "refused_empty": refused,
        "megabytes": total_bytes / 1e6,
        "mb_per_s": total_bytes / 1e6 / stats["total_s"],
        "ms_per_100kb": stats["total_s"] * 1000 / (total_bytes / 100_000),
        "worst_ms_per_100kb_over_20kb": max(per_100kb) if per_100kb else 0.0,
        **stats,
        "wall_s": wall,
        "load_average_1min": os.getloadavg()[0],
        "peak_rss_mb": peak_rss_mb(),
        "target_ms_per_100kb": 20.0,
        **_pathological(),
    }
    path = write_results("parse", results)
    width = max(len(k) for k in results)
    for key, value in results.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {shown}")
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

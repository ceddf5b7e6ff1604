"""Shared helpers for the benchmark scripts: timing, peak memory, results files."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("CLEARTERMS_SHARED_DATA", REPO.parent / "shared" / "data"))
RESULTS = REPO / "benchmarks" / "results"

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """Run ``fn`` once; return its result and the elapsed wall time in seconds."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def cpu_timed(fn: Callable[[], T]) -> tuple[T, float]:
    """Run ``fn`` once; return its result and the CPU seconds this process spent on it.

    On a shared machine wall time measures the neighbours too; CPU time of this (single-
    threaded) process is what one core spends on the work.
    """
    start = time.process_time()
    result = fn()
    return result, time.process_time() - start


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (or since :func:`reset_peak_rss`), in MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # Linux reports KiB


def reset_peak_rss() -> bool:
    """Start a new peak-RSS measurement (Linux: ``/proc/self/clear_refs``); False where unsupported.

    ``ru_maxrss`` never goes down, so without this every step after the largest one
    would report that step's peak.
    """
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def summarise(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "n": len(ordered),
        "median_ms": statistics.median(ordered) * 1000 if ordered else 0.0,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000 if ordered else 0.0,
        "worst_ms": ordered[-1] * 1000 if ordered else 0.0,
        "total_s": sum(ordered),
    }


def write_results(area: str, results: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = {
        "area": area,
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        **results,
    }
    path = RESULTS / f"{area}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return path


def pin_to_one_core() -> None:
    """Benchmarks measure one core, as the targets are stated."""
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

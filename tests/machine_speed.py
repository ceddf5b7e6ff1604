"""How much slower than the reference machine this one runs Python, for the few tests that bound
the GUI thread's stalls in milliseconds.

Those bounds (50 ms, DESIGN.md §8) were set on the development machine. CI and development
machines differ: on one of them every benchmark ran about 3.7 times slower than on another
(parse and flag 380 against 102 ms per 100 KB) and a stall well under the bound became 67 ms. A
test of *where* the work runs (off the GUI thread, in slices) must not fail because the machine
is slow, so its bound grows with the time this machine takes for a fixed piece of plain Python;
never below the target itself. The millisecond figures of record come from the benchmarks.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache

#: CPU time of :func:`_workload` on the reference machine, where the flag benchmark reads 102 ms
#: per 100 KB: 120 ms measured on a machine where it reads 380 ms, divided by 3.7 (long enough
#: that a coarse thread clock does not matter)
REFERENCE_MS = 32.0
_WORDS = ("clients", "posts", "consent", "licence", "members", "sponsors", "anonymous", "ideas")
_TOKEN = re.compile(r"\w+")


def _workload() -> int:
    """A fixed mix of what GUI-thread code does: dict and string work, and a regex over text."""
    counts: dict[str, int] = {}
    for i in range(200_000):
        word = _WORDS[i % len(_WORDS)] + str(i % 89)
        counts[word] = counts.get(word, 0) + 1
    text = " ".join(counts) * 40
    return len(_TOKEN.findall(text)) + sum(counts.values())


@lru_cache(maxsize=1)
def slowness() -> float:
    """This machine's time for the workload over the reference's (best of five), at least 1."""
    best = float("inf")
    for _ in range(5):
        start = time.thread_time()
        _workload()
        best = min(best, time.thread_time() - start)
    return max(1.0, best * 1000 / REFERENCE_MS)


def scaled_ms(target_ms: float) -> float:
    """A millisecond bound set on the reference machine, as it applies on this one."""
    return target_ms * slowness()

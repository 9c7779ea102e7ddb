"""Small helpers the benchmark scripts share: timing loops and printing results.

The benchmarks print numbers; they never assert on them, because a time depends on the
machine and on what else it is doing. The targets are printed beside the measurements
so a reader can judge them.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The fastest of `repeats` timings of `run()`, in seconds.

    The minimum is the least disturbed by other work on the machine, so it is the
    steadiest figure to compare two implementations with.
    """
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of(repeats: int, run: Callable[[], object]) -> float:
    """The median of `repeats` timings of `run()`, in seconds (for whole processes)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def header(title: str) -> None:
    """Say what ran where, so that numbers pasted elsewhere keep their context."""
    print(title)
    print(
        f"python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores; {sys.executable}"
    )
    print()


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"

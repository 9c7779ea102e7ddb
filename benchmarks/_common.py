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


# Run by a fresh interpreter between the benchmark and the command measured: ru_maxrss
# keeps the high-water mark of the memory a child was forked with, so a child forked
# straight from a benchmark that has generated a million cases would report the
# benchmark's memory, not its own.
_LAUNCH = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {wall} {usage.ru_maxrss}")
"""


def run_measured(command: list[str], env: dict[str, str] | None = None
                 ) -> tuple[float, float, str]:
    """Run a command as its own process: wall time (s), its own peak memory (MB, from
    wait4's ru_maxrss) and what it printed."""
    import subprocess
    import tempfile

    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, \
            tempfile.TemporaryFile("w+", encoding="utf-8") as err, \
            tempfile.NamedTemporaryFile("r", encoding="utf-8") as result:
        subprocess.run([sys.executable, "-S", "-c", _LAUNCH, result.name, *command], env=env,
                       stdout=out, stderr=err, check=True)
        code, wall, peak = result.read().split()
        err.seek(0)
        if code != "0":
            raise RuntimeError(f"{' '.join(command)} failed: {err.read()}")
        out.seek(0)
        return float(wall), int(peak) / 1024, out.read()


# a landlord's config for benchmarks that make letters in a folder of their own
LANDLORD_TOML = """[landlord]
name = "Bench Homes"
address = ["1 Bench Street", "Benchtown", "BT1 1BT"]
complaints_email = "complaints@bench-homes.example"
complaints_phone = "0300 000 1111"
signatory_role = "Complaints Team"
"""

"""Every script in benchmarks/ still runs against today's code.

Each `benchmarks/bench_*.py` is run with `--smoke` (tiny sizes, one pass: seconds, not
minutes) in a process of its own, as a reader would run it from the repository root. A
benchmark checks its answers against its baseline before it prints a number, so a run
that exits 0 and prints its results means the code it measures still does what it did.
Nothing here looks at the numbers themselves. The PostgreSQL halves run when
REDRESS_TEST_POSTGRES_URL names a server (the scripts read it themselves).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "benchmarks").glob("bench_*.py"))
PG_ENV = "REDRESS_TEST_POSTGRES_URL"

# A measurement: a number with its unit or a ratio ("12.3 ms", "450 /s", "1.4x", "21 MB").
MEASURED = re.compile(r"\d[\d,.]*\s*(?:s|ms|µs|us|/s|x|MB|MiB|KiB|pages/s|msg/s)\b")
# What each script prints once it has its results (a new script needs only MEASURED).
RESULTS = {
    "bench_calendar.py": "ratios (how many times faster redress is)",
    "bench_cli.py": "ratio:",
    "bench_letters.py": "ratios (redress render + verify against bare jinja2)",
    "bench_lifecycle.py": "redress in memory / SpiffWorkflow:",
    "bench_dispatch.py": "| benchmark | redress | compared with | ratio | target |",
    "bench_reports.py": "hand-written aggregate:",
    "bench_scale.py": "| command | database |",
}
# Scripts with a PostgreSQL half, and what they print for it.
ON_POSTGRES = {"bench_dispatch.py": "PostgreSQL", "bench_reports.py": "PostgreSQL:",
               "bench_scale.py": "PostgreSQL"}


def test_every_script_is_found() -> None:
    assert {"bench_calendar.py", "bench_scale.py"} <= {p.name for p in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_benchmark_runs(script: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("REDRESS_") or k == PG_ENV}
    done = subprocess.run([sys.executable, str(script), "--smoke"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    said = f"\n--- stdout\n{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}"
    assert done.returncode == 0, f"{script.name} --smoke exited {done.returncode}{said}"
    assert "Traceback" not in done.stderr, said
    assert MEASURED.search(done.stdout), f"{script.name} printed no measurement{said}"
    expected = RESULTS.get(script.name)
    assert expected is None or expected in done.stdout, f"no {expected!r}{said}"
    if os.environ.get(PG_ENV) and script.name in ON_POSTGRES:
        assert ON_POSTGRES[script.name] in done.stdout, f"no PostgreSQL results{said}"

"""Every script in benchmarks/ still runs against today's code.

Each `benchmarks/bench_*.py` is run with `--smoke` (tiny sizes, one pass: seconds, not
minutes) in a process of its own, as a reader would run it from the repository root. A
benchmark checks its answers against its baseline before it prints a number, so a run
that exits 0 and prints its results means the code it measures still does what it did.
Nothing here looks at the numbers themselves. The PostgreSQL halves run when
REDRESS_TEST_POSTGRES_URL names a server (the scripts read it themselves). The scripts
are started together and each test waits for its own: most of a smoke run is starting
processes and waiting on databases, which overlap.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "benchmarks").glob("bench_*.py"))
PG_ENV = "REDRESS_TEST_POSTGRES_URL"
# one worker starts the scripts once, when the suite runs in several (pytest-xdist)
pytestmark = pytest.mark.xdist_group("benchmarks")

# A measurement: a number with its unit or a ratio ("12.3 ms", "450 /s", "1.4x", "21 MB").
MEASURED = re.compile(r"\d[\d,.]*\s*(?:s|ms|µs|us|/s|x|MB|MiB|KiB|pages/s|msg/s)\b")
# What each script prints once it has its results (a new script needs only MEASURED).
RESULTS = {
    "bench_calendar.py": "ratios (how many times faster redress is)",
    "bench_cli.py": "wall: case show, SQLite",
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


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[dict[str, tuple[subprocess.Popen[bytes], IO[bytes], IO[bytes]]]]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("REDRESS_") or k == PG_ENV}
    folder = tmp_path_factory.mktemp("benchmarks")
    runs = {}
    for script in SCRIPTS:
        out = (folder / f"{script.stem}.out").open("w+b")
        err = (folder / f"{script.stem}.err").open("w+b")
        runs[script.name] = (subprocess.Popen([sys.executable, str(script), "--smoke"],
                                              cwd=ROOT, env=env, stdout=out, stderr=err),
                             out, err)
    yield runs
    for child, out, err in runs.values():
        if child.poll() is None:
            child.kill()
            child.wait()
        out.close()
        err.close()


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_benchmark_runs(script: Path, started: dict[str, tuple[subprocess.Popen[bytes],
                                                               IO[bytes], IO[bytes]]]) -> None:
    child, out, err = started[script.name]
    code = child.wait(timeout=600)
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read().decode(), err.read().decode()
    said = f"\n--- stdout\n{stdout[-4000:]}\n--- stderr\n{stderr[-4000:]}"
    assert code == 0, f"{script.name} --smoke exited {code}{said}"
    assert "Traceback" not in stderr, said
    assert MEASURED.search(stdout), f"{script.name} printed no measurement{said}"
    expected = RESULTS.get(script.name)
    assert expected is None or expected in stdout, f"no {expected!r}{said}"
    if os.environ.get(PG_ENV) and script.name in ON_POSTGRES:
        assert ON_POSTGRES[script.name] in stdout, f"no PostgreSQL results{said}"

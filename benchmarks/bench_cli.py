"""Wall time of one `redress case show REF` against starting Python and doing nothing.

An operator runs one command at a time, so what they feel is the whole process: starting
Python, importing what the command needs, opening the database and printing. Comparing
with `python -c pass` on the same machine separates redress's share from Python's.
The biggest imports of the command are listed too, since they are where start-up goes.

Run: python benchmarks/bench_cli.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import header, median_of, verdict

RUNS = 3 if "--smoke" in sys.argv else 21  # --smoke: seconds
TARGET = 6.0
REF = re.compile(r"\b\d{4}-\d{3,}\b")


def console_script() -> Path:
    """The `redress` command installed beside this interpreter."""
    here = Path(sys.executable).parent
    for name in ("redress", "redress.exe"):
        if (here / name).is_file():
            return here / name
    found = shutil.which("redress")
    if found is None:
        raise SystemExit(f"no redress command beside {sys.executable}; install the project")
    return Path(found)


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}{done.stderr}".rstrip()
        )
    return done.stdout


def import_times(cmd: list[str], cwd: Path, env: dict[str, str]) -> dict[str, int]:
    """Import time (us) of each module, its own share only, from one `-X importtime` run."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    own: dict[str, int] = {}
    for line in done.stderr.splitlines():
        parts = line.split("|")
        self_us = parts[0].rsplit(":", 1)[-1].strip()
        if len(parts) == 3 and self_us.isdigit():
            own[parts[2].strip()] = int(self_us)
    return own


def by_package(own: dict[str, int], skip: set[str]) -> list[tuple[int, str]]:
    """Own import times added up per top-level package, largest first."""
    totals: dict[str, int] = {}
    for module, us in own.items():
        if module not in skip:
            top = module.split(".")[0]
            totals[top] = totals.get(top, 0) + us
    return sorted(((us, top) for top, us in totals.items()), reverse=True)


def main() -> None:
    header("bench_cli: wall time of `redress case show REF`, one process per run")
    redress = console_script()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")}
    with tempfile.TemporaryDirectory(prefix="redress-bench-") as tmp:
        cwd = Path(tmp)  # no ./redress.toml here, so the defaults apply
        db = f"sqlite:///{cwd / 'bench.db'}"
        opened = run(
            [str(redress), "--db", db, "--now", "2025-03-03", "case", "open",
             "--received", "2025-03-03", "--resident", "A Resident",
             "--email", "a@example.org"],
            cwd, env,
        )  # fmt: skip
        match = REF.search(opened)
        ref = match.group(0) if match else opened.strip()
        show = [str(redress), "--db", db, "case", "show", ref]
        shown = run(show, cwd, env)  # also the warm-up: byte-code compiled, files cached
        if ref not in shown:
            raise SystemExit(f"`case show {ref}` did not mention {ref}:\n{shown}")

        show_s = median_of(RUNS, lambda: run(show, cwd, env))
        bare_s = median_of(RUNS, lambda: run([sys.executable, "-c", "pass"], cwd, env))
        startup = set(import_times(["-c", "pass"], cwd, env))
        own = import_times(show, cwd, env)
    imports = by_package(own, startup)

    ratio = show_s / bare_s
    print(f"case {ref} in a fresh SQLite file; median of {RUNS} runs each")
    print()
    print(f"  redress case show {ref:<12} {show_s * 1e3:7.1f} ms")
    print(f"  python -c pass                 {bare_s * 1e3:7.1f} ms")
    print()
    print(f"ratio: {ratio:.1f}x   target <= {TARGET:g}x  {verdict(ratio <= TARGET)}")
    print()
    total = sum(us for us, _ in imports)
    print(
        f"where `case show` spends its import time beyond Python's own start-up: "
        f"{total / 1e3:.1f} ms in {sum(1 for m in own if m not in startup)} modules "
        "(one -X importtime run, which adds its own overhead)"
    )
    for us, top in imports[:10]:
        print(f"  {top:<24} {us / 1e3:7.1f} ms")


if __name__ == "__main__":
    main()

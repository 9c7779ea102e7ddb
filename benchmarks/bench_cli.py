"""Wall time of one `redress case show REF` and one `redress case act REF acknowledge`,
each a process of its own, on SQLite and (with --pg) PostgreSQL, against starting
Python and doing nothing.

An operator runs one command at a time, so what they feel is the whole process: starting
Python, importing what the command needs, opening the database, the work and printing.
Comparing with `python -c pass` on the same machine separates redress's share from
Python's. Each command is timed twice: with redress's modules compiled to bytecode
(`compileall`, as `pip install .` does), and without any (PYTHONDONTWRITEBYTECODE=1 and
no `__pycache__` beside the sources, as an editable install in such an environment
runs: every module is compiled from source in every process). Installed dependencies
keep the bytecode pip wrote either way. The biggest imports of each command are listed
too, since they are where start-up goes.

`case act` acknowledges a freshly opened case (by email: the acknowledgement letter is
rendered, checked and stored, and its email made), a different case each run. Before
timing, each command is run once and its output checked.

Run: python benchmarks/bench_cli.py [--pg URL] [--runs N]
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from _common import LANDLORD_TOML as CONFIG
from _common import header, verdict
from _generate import pg_schema

RUNS = 3 if "--smoke" in sys.argv else 21  # --smoke: seconds
SHOW_TARGET = 6.0  # case show against python -c pass
ACT_TARGET = 0.5  # seconds, the whole `case act` process
PG_TARGET = 2.0  # case show on PostgreSQL against the same on SQLite
REF = re.compile(r"\b\d{4}-\d{3,}\b")
ACK = ["--by", "j.smith", "--set", "complaint_definition=Damp in the back bedroom",
       "--set", "outcomes_sought=Treat the mould", "--set", "responsibility=The walls"]


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


def package_dir() -> Path:
    """Where redress's sources are (the repository, for an editable install)."""
    found = subprocess.run([sys.executable, "-c", "import redress.engine as e; print(e.__file__)"],
                           capture_output=True, text=True, check=True)
    return Path(found.stdout.strip()).parent.parent


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}{done.stderr}".rstrip()
        )
    return done.stdout


def timed(runs: int, command: Callable[[], list[str]], cwd: Path, env: dict[str, str]
          ) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system, of the process itself) of
    `runs` runs. On a machine busy with other work the wall time grows with the queue
    for the cores; the CPU time is what the command itself costs."""
    walls, cpus = [], []
    for _ in range(runs):
        cmd = command()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        run(cmd, cwd, env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


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


def without_bytecode(src: Path) -> None:
    """No bytecode for redress's own modules (the package's top level and `engine`)."""
    for cache in [src / "__pycache__", *(src / "engine").rglob("__pycache__")]:
        shutil.rmtree(cache, ignore_errors=True)


def with_bytecode(src: Path) -> None:
    for module in src.glob("*.py"):
        compileall.compile_file(module, quiet=1)
    compileall.compile_dir(src / "engine", quiet=1)


class Database:
    """One database with cases opened for the runs: one to show, one to act on per run."""

    def __init__(self, name: str, url: str, redress: Path, cwd: Path, env: dict[str, str],
                 acts: int) -> None:
        self.name, self.url, self.redress, self.cwd, self.env = name, url, redress, cwd, env
        self.refs = [self.open() for _ in range(acts + 1)]
        self.show_ref = self.refs.pop()

    def cmd(self, *args: str) -> list[str]:
        return [str(self.redress), "--db", self.url, *args]

    def open(self) -> str:
        opened = run(self.cmd("--now", "2026-11-02", "case", "open", "--received",
                              "2026-11-02", "--resident", "Ms A Resident", "--email",
                              "a@example.org"), self.cwd, self.env)
        match = REF.search(opened)
        return match.group(0) if match else opened.strip()

    def show(self) -> list[str]:
        return self.cmd("case", "show", self.show_ref)

    def next_act(self) -> list[str]:
        return self.cmd("--now", "2026-11-03T10:00", "case", "act", self.refs.pop(),
                        "acknowledge", *ACK)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", metavar="URL", help="also on this PostgreSQL database")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs each (default {RUNS})")
    parser.add_argument("--smoke", action="store_true", help="3 runs each (seconds)")
    args = parser.parse_args()
    runs = max(1, args.runs)

    header("bench_cli: wall time of `redress case show` and `case act`, one process per run")
    redress = console_script()
    src = package_dir()
    base_env = {k: v for k, v in os.environ.items()
                if not k.startswith("REDRESS_") and k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="redress-bench-") as tmp, \
            (pg_schema(args.pg) if args.pg else _none()) as pg_url:
        cwd = Path(tmp)
        (cwd / "redress.toml").write_text(CONFIG, encoding="utf-8")
        with_bytecode(src)
        acts = 2 * (runs + 1) + 1  # both modes, each with its check; one importtime run
        dbs = [Database("SQLite", f"sqlite:///{cwd / 'bench.db'}", redress, cwd, base_env,
                        acts)]
        if pg_url:
            dbs.append(Database("PostgreSQL", pg_url, redress, cwd, base_env, acts))

        modes: list[tuple[str, dict[str, str], Callable[[Path], None]]] = [
            ("compiled bytecode", base_env, with_bytecode),
            ("no bytecode (PYTHONDONTWRITEBYTECODE=1)",
             {**base_env, "PYTHONDONTWRITEBYTECODE": "1"}, without_bytecode),
        ]
        results: dict[tuple[str, str], tuple[float, float]] = {}
        imports: dict[str, list[tuple[int, str]]] = {}
        startup = set(import_times(["-c", "pass"], cwd, base_env))
        for mode, env, prepare in modes:
            prepare(src)
            for db in dbs:  # answers first: each command once, its output checked
                shown = run(db.show(), cwd, env)
                if db.show_ref not in shown:
                    raise SystemExit(f"`case show {db.show_ref}` did not mention it:\n{shown}")
                acted = run(db.next_act(), cwd, env)
                if "acknowledge done; received -> stage1" not in acted:
                    raise SystemExit(f"`case act ... acknowledge` said:\n{acted}")
            commands: dict[str, Callable[[], list[str]]] = {
                "python -c pass": lambda: [sys.executable, "-c", "pass"]}
            for db in dbs:
                commands[f"case show, {db.name}"] = db.show
                commands[f"case act, {db.name}"] = db.next_act
            for name, command in commands.items():
                results[(mode, name)] = timed(runs, command, cwd, env)
            if mode == modes[0][0]:
                for db in dbs:
                    imports[f"case show, {db.name}"] = by_package(
                        import_times(db.show(), cwd, env), startup)
                    imports[f"case act, {db.name}"] = by_package(
                        import_times(db.next_act(), cwd, env), startup)
        with_bytecode(src)

    print(f"one case shown, a fresh case acknowledged per run; median of {runs} runs each: "
          "wall time, and CPU time (user + system) of the process")
    for mode, _, _ in modes:
        print()
        print(f"{mode}:")
        bare_wall, bare_cpu = results[(mode, "python -c pass")]
        for (m, name), (wall, cpu) in results.items():
            if m == mode:
                print(f"  {name:<24} wall {wall * 1e3:8.1f} ms ({wall / bare_wall:5.1f}x)   "
                      f"CPU {cpu * 1e3:8.1f} ms ({cpu / bare_cpu:5.1f}x python -c pass)")
        for i, what in ((0, "wall"), (1, "CPU")):
            bare = results[(mode, "python -c pass")][i]
            show = results[(mode, "case show, SQLite")][i]
            print(f"  {what}: case show, SQLite {show / bare:.1f}x python -c pass (target <= "
                  f"{SHOW_TARGET:g}x: {verdict(show / bare <= SHOW_TARGET)})", end="")
            for db in dbs:
                act = results[(mode, f"case act, {db.name}")][i]
                print(f"; case act, {db.name} {act:.2f} s (target <= {ACT_TARGET:g} s: "
                      f"{verdict(act <= ACT_TARGET)})", end="")
            if len(dbs) > 1:
                ratio = results[(mode, "case show, PostgreSQL")][i] / show
                print(f"; case show, PostgreSQL {ratio:.1f}x SQLite (target <= {PG_TARGET:g}x: "
                      f"{verdict(ratio <= PG_TARGET)})", end="")
            print()
    print()
    print("where each command spends its import time beyond Python's own start-up (one -X "
          "importtime run each, compiled bytecode; it adds its own overhead)")
    for name, rows in imports.items():
        total = sum(us for us, _ in rows)
        top = ", ".join(f"{pkg} {us / 1e3:.0f}" for us, pkg in rows[:8])
        print(f"  {name:<24} {total / 1e3:7.1f} ms: {top}")


@contextmanager
def _none() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    main()

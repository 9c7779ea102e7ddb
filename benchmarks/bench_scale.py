"""A landlord's archive at scale: the daily commands over N cases (default 1,000,000) on
SQLite and PostgreSQL, each against a hand-written baseline giving the same answer.

    python benchmarks/bench_scale.py [--cases N] [--pg URL] [--only sqlite|pg]
                                     [--keep DIR] [--repeats R] [--timeout S] [--smoke]

The cases are real ones copied (benchmarks/_generate.py): a few dozen made through the
Desk in every state, with letters sent, reminders and breaches fired by the runner, then
copied in bulk under new references with their hash chains recomputed. Before timing,
`audit verify REF` must pass on one copy of every state. Each command runs as its own
process with the clock fixed (`--now`); its time is wall time, its peak memory the
process's own `ru_maxrss` (os.wait4). The baselines, also processes of their own
(benchmarks/_baselines.py), give the same answer, which is checked:

- `case list --overdue`: one SQL query for the same references, in the same order;
- `case list --state stage1 --json`: one SQL query (cases joined to their deadlines)
  written as a JSON array: the same cases;
- `run --once` with nothing due: `python -c pass`;
- `audit verify`: one ordered scan of every event recomputing every chain;
- `case show REF`: on SQLite, `python -c pass`; on PostgreSQL, the same command on
  SQLite (when it ran);
- `case act REF acknowledge`: `python -c pass` (the issue's target is 0.5 s). Each run
  takes a case not yet acknowledged; its letter is then marked sent, so that the next
  `run --once` has still nothing to do.

Commands and baselines take turns; the best of R runs is reported (R: 3 up to 100,000
cases, else 1). `--keep DIR` keeps the databases (a SQLite file in DIR, a PostgreSQL
schema named after N, noted in DIR) and reuses them next time: generating is the slow
part. `--timeout` stops a command that runs longer (reported as stopped).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import header
from _generate import CONFIG, REDRESS, cases, pg_schema

HERE = Path(__file__).parent
NOW_TEXT = "2026-11-30"  # a Monday; 09:00 London, as `--now` reads a date
ACK = ["--set", "complaint_definition=Damp in the back bedroom", "--set",
       "outcomes_sought=Repair", "--set", "responsibility=The walls are ours"]


def now_instant() -> Any:
    from redress.engine.cases import at_london

    return at_london(date.fromisoformat(NOW_TEXT))


@dataclass
class Run:
    seconds: float
    peak_mb: float
    out: str
    stopped: bool = False


def run(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> Run:
    """One process: wall time, its own peak RSS (MB, os.wait4 in benchmarks/_measure.py),
    its output; fails loudly, unless stopped after `timeout` seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result"
        out, err = Path(tmp) / "out", Path(tmp) / "err"
        with out.open("w") as o, err.open("w") as e:
            child = subprocess.Popen([sys.executable, str(HERE / "_measure.py"), str(result),
                                      *cmd], stdout=o, stderr=e, env=env, cwd=HERE,
                                     start_new_session=True)
            try:
                child.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
                return Run(timeout, 0, "", stopped=True)
        text, problem = out.read_text(), err.read_text()
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} exited {child.returncode}:\n{problem}"
                             f"{text[-2000:]}")
        wall, maxrss, _ = result.read_text().split()
    return Run(float(wall), int(maxrss) / 1024, text)


def redress(url: str, *args: str) -> list[str]:
    return [REDRESS, "--db", url, "--now", NOW_TEXT, *args]


def env() -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")}
    return {**keep, "REDRESS_CONFIG": str(CONFIG), "REDRESS_USER": "officer",
            "REDRESS_MAIL_TRANSPORT": "file", "REDRESS_OUTBOX_DIR": tempfile.gettempdir()}


def baseline(kind: str, url: str, *args: str) -> list[str]:
    return [sys.executable, str(HERE / "_baselines.py"), kind, url, *args]


BARE = [sys.executable, "-c", "pass"]
COMMANDS = ("overdue", "state", "run", "verify", "show", "act")


# --- the answers compared ----------------------------------------------------------------


def refs_of_list(out: str) -> list[str]:
    return [] if out.strip() == "no cases" else [ln.split()[0] for ln in out.splitlines()
                                                 if ln.strip()]


def refs_of_json(out: str) -> list[str]:
    return [c["ref"] for c in json.loads(out)]


@dataclass
class Row:
    command: str
    database: str
    ours: Run
    base: Run
    base_name: str
    note: str = ""


class Bench:
    def __init__(self, label: str, url: str, n: int, repeats: int, timeout: float) -> None:
        self.label, self.url, self.n = label, url, n
        self.repeats, self.timeout = repeats, timeout
        self.env = env()
        self.sqlite = url.startswith("sqlite")

    def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        from redress.engine import Store

        store = Store(self.url)
        with store.reading() as fetch:
            rows = [dict(r) for r in fetch(sql, params or {})]
        store.close()
        return rows

    def execute(self, sql: str) -> None:
        from redress.engine import Store
        from sqlalchemy import text

        store = Store(self.url)
        with store.writing() as s:
            s.execute(text(sql))
        store.close()

    def best(self, name: str, cmd: Callable[[], list[str]], base: Callable[[], list[str]],
             check: Callable[[Run, Run], None], after: Callable[[], None] | None = None
             ) -> tuple[Run, Run]:
        """Command and baseline in turns; the fastest of each (peak: the largest). A
        command that takes over a minute runs once."""
        ours: list[Run] = []
        bases: list[Run] = []
        for _ in range(self.repeats):
            b = run(base(), self.timeout, self.env)
            o = run(cmd(), self.timeout, self.env)
            if after:
                after()
            if not o.stopped and not b.stopped:
                check(o, b)
            ours.append(o)
            bases.append(b)
            if o.seconds > 60:
                break

        def pick(runs: list[Run]) -> Run:
            top = min(runs, key=lambda r: (r.stopped, r.seconds))
            return Run(top.seconds, max(r.peak_mb for r in runs), top.out, top.stopped)

        o, b = pick(ours), pick(bases)
        print(f"    {name}: "
              f"{'stopped' if o.stopped else f'{o.seconds:.2f} s'}, {o.peak_mb:.0f} MB; "
              f"baseline {b.seconds:.2f} s, {b.peak_mb:.0f} MB", flush=True)
        return o, b

    def size_per_case(self) -> float:
        if self.sqlite:
            path = Path(self.url.removeprefix("sqlite:///"))
            size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        else:
            size = self.fetch("SELECT SUM(pg_total_relation_size(c.oid)) AS s FROM pg_class c "
                              "WHERE c.relnamespace = current_schema()::regnamespace AND "
                              "c.relkind = 'r'")[0]["s"]
        total = self.fetch("SELECT COUNT(*) AS n FROM complaint_case")[0]["n"]
        return int(size) / int(total)

    def sample_verified(self) -> int:
        """`audit verify REF` on one copy of every state: each must be intact."""
        rows = self.fetch("SELECT MIN(ref) AS ref FROM complaint_case WHERE ref LIKE 'S-%' "
                          "GROUP BY state")
        for r in rows:
            done = run(redress(self.url, "audit", "verify", r["ref"]), self.timeout, self.env)
            assert "audit trail intact: 1 case(s) checked" in done.out, done.out
        return len(rows)

    def rows(self, show_sqlite: Run | None, commands: set[str]) -> list[Row]:
        now = now_instant()
        from redress.engine.cases import local_date

        stamp = f"{now.astimezone(UTC).replace(tzinfo=None):%Y-%m-%d %H:%M:%S.%f}"
        today = local_date(now).isoformat()
        url, out = self.url, []

        def same(key: Callable[[str], list[str]], other: Callable[[str], list[str]]
                 ) -> Callable[[Run, Run], None]:
            def check(o: Run, b: Run) -> None:
                ours, theirs = key(o.out), other(b.out)
                assert ours == theirs, (len(ours), len(theirs), ours[:3], theirs[:3])
            return check

        if "overdue" in commands:
            o, b = self.best("case list --overdue",
                             lambda: redress(url, "case", "list", "--overdue"),
                             lambda: baseline("overdue", url, stamp, today),
                             same(refs_of_list, lambda t: t.split()))
            out.append(Row("case list --overdue", self.label, o, b, "one SQL query",
                           f"{len(refs_of_list(o.out)):,} cases"))

        if "state" in commands:
            o, b = self.best("case list --state stage1 --json",
                             lambda: redress(url, "case", "list", "--state", "stage1", "--json"),
                             lambda: baseline("state", url, "stage1"),
                             same(lambda t: sorted(refs_of_json(t)),
                                  lambda t: sorted(refs_of_json(t))))
            out.append(Row("case list --state stage1 --json", self.label, o, b,
                           "one SQL query, as JSON", f"{len(refs_of_json(o.out)):,} cases"))

        if "run" in commands:
            def idle(o: Run, b: Run) -> None:
                assert "0 wake-up(s) fired, 0 sent" in o.out, o.out

            o, b = self.best("run --once", lambda: redress(url, "run", "--once"), lambda: BARE,
                             idle)
            out.append(Row("run --once", self.label, o, b, "`python -c pass`", "nothing due"))

        if "verify" in commands:
            def verified(o: Run, b: Run) -> None:
                checked = int(o.out.split("intact: ")[1].split()[0])
                assert b.out.split()[:4] == [str(checked), "cases,", "0", "faults"], b.out

            o, b = self.best("audit verify", lambda: redress(url, "audit", "verify"),
                             lambda: baseline("verify", url), verified)
            out.append(Row("audit verify", self.label, o, b,
                           "one ordered scan recomputing the hashes"))

        if "show" in commands:
            ref = self.fetch("SELECT MIN(ref) AS r FROM complaint_case WHERE state = 'stage2' "
                             "AND ref LIKE 'S-%'")[0]["r"]

            def shown(o: Run, b: Run) -> None:
                assert ref in o.out, o.out

            o, b = self.best(f"case show {ref}", lambda: redress(url, "case", "show", ref),
                             lambda: BARE, shown)
            if show_sqlite is not None:
                out.append(Row(f"case show {ref}", self.label, o, show_sqlite,
                               "the same on SQLite"))
            else:
                out.append(Row(f"case show {ref}", self.label, o, b, "`python -c pass`"))
            self.shown = o

        if "act" in commands:
            def fresh() -> list[str]:
                r = self.fetch("SELECT MIN(ref) AS r FROM complaint_case WHERE state = 'received' "
                               "AND ref LIKE 'S-%'")[0]["r"]
                self.acted = r
                return redress(url, "case", "act", r, "acknowledge", *ACK)

            def acted(o: Run, b: Run) -> None:
                assert "stage1" in o.out, o.out

            def sent() -> None:  # its letter leaves, so the runner still has nothing to do
                self.execute("UPDATE outbox SET state = 'sent' WHERE state = 'queued'")

            o, b = self.best("case act REF acknowledge", fresh, lambda: BARE, acted, sent)
            out.append(Row("case act REF acknowledge", self.label, o, b, "`python -c pass`",
                           "target <= 0.5 s"))
        return out


def prepare(label: str, url: str, n: int, marker: Path | None, smoke: bool) -> str:
    """The database, generated unless `marker` says it was (and kept)."""
    if marker is not None and marker.exists():
        print(f"{label}: reusing the {n:,} cases kept in {marker.read_text().strip()}")
        return "kept"
    print(f"{label}: generating {n:,} cases ...", flush=True)
    start = time.perf_counter()
    states = cases(url, n, now_instant(), few=smoke)
    took = time.perf_counter() - start
    print(f"  {took:.0f} s ({took / n * 1e6:,.0f} µs a case): "
          + ", ".join(f"{k} {v:,}" for k, v in sorted(states.items(), key=lambda kv: -kv[1])))
    if marker is not None:
        marker.write_text(url + "\n")
    return f"{took:.0f} s"


@contextmanager
def databases(args: argparse.Namespace, n: int) -> Iterator[list[tuple[str, str, Path | None]]]:
    with ExitStack() as stack:
        folder = Path(args.keep) if args.keep else Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="bench-scale-")))
        folder.mkdir(parents=True, exist_ok=True)
        out: list[tuple[str, str, Path | None]] = []
        keep = folder if args.keep else None
        if args.only != "pg":
            db = folder / f"scale-{n}.db"
            if keep and not (keep / f"scale-{n}.db.done").exists() and db.exists():
                db.unlink()  # a build that did not finish
            out.append(("SQLite", f"sqlite:///{db}", keep and keep / f"scale-{n}.db.done"))
        if args.only != "sqlite" and args.pg:
            name = f"bench_scale_{n}" if keep else None
            if keep and not (keep / f"pg-{n}.done").exists():
                with pg_schema(args.pg, name, keep=False):
                    pass  # drop what a build that did not finish left
            url = stack.enter_context(pg_schema(args.pg, name, keep=bool(keep)))
            out.append(("PostgreSQL", url, keep and keep / f"pg-{n}.done"))
        elif args.only != "sqlite":
            print("PostgreSQL: skipped (give --pg URL or set REDRESS_TEST_POSTGRES_URL)")
        yield out


def table(rows: list[Row], sizes: dict[str, float], n: int) -> str:
    lines = ["| command | database | redress | peak memory | baseline | baseline time, "
             "peak | ratio (time) | DB size per case | note |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        t = f"> {r.ours.seconds:.0f} s (stopped)" if r.ours.stopped else \
            f"{r.ours.seconds:.2f} s"
        ratio = "—" if r.ours.stopped or r.base.stopped else \
            f"{r.ours.seconds / r.base.seconds:.1f}x"
        peak = "—" if r.ours.stopped else f"{r.ours.peak_mb:.0f} MB"
        lines.append(f"| `{r.command}` | {r.database} | {t} | {peak} | "
                     f"{r.base_name} | {r.base.seconds:.2f} s, {r.base.peak_mb:.0f} MB | "
                     f"{ratio} | {sizes[r.database] / 1024:.1f} KiB | {r.note} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, help="how many cases (default 1,000,000)")
    parser.add_argument("--pg", default=os.environ.get("REDRESS_TEST_POSTGRES_URL"),
                        help="PostgreSQL URL (default REDRESS_TEST_POSTGRES_URL)")
    parser.add_argument("--only", choices=("sqlite", "pg"))
    parser.add_argument("--keep", metavar="DIR", help="keep the databases here; reuse them")
    parser.add_argument("--repeats", type=int, help="runs of each (default 3; 1 above "
                        "100,000 cases)")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="stop a command after this many seconds (default 1800)")
    parser.add_argument("--smoke", action="store_true", help="200 cases, one run: seconds")
    parser.add_argument("--commands", default=",".join(COMMANDS),
                        help=f"which to measure (default all: {','.join(COMMANDS)})")
    args = parser.parse_args()
    n = args.cases or (200 if args.smoke else 1_000_000)
    repeats = args.repeats or (1 if args.smoke or n > 100_000 else 3)
    header(f"bench_scale: the daily commands over {n:,} cases")
    rows: list[Row] = []
    sizes: dict[str, float] = {}
    show_sqlite = None
    with databases(args, n) as dbs:
        for label, url, marker in dbs:
            prepare(label, url, n, marker, args.smoke)
            bench = Bench(label, url, n, repeats, args.timeout)
            sizes[label] = bench.size_per_case()
            if not args.smoke:  # (a smoke run's `audit verify` checks every case)
                print(f"  audit verify REF intact on one copy of each of "
                      f"{bench.sample_verified()} states", flush=True)
            print(f"  {sizes[label] / 1024:.1f} KiB per case", flush=True)
            rows += bench.rows(show_sqlite, set(args.commands.split(",")))
            if label == "SQLite" and hasattr(bench, "shown"):
                show_sqlite = bench.shown
            print(f"  {label}: measured", flush=True)
    print()
    cmd = "python benchmarks/bench_scale.py " + " ".join(
        a if "://" not in a else "URL" for a in sys.argv[1:])
    print(f"{n:,} cases; best of {repeats} run(s); clock fixed at {NOW_TEXT} 09:00 London; "
          f"command: `{cmd.strip()}`")
    print()
    print(table(rows, sizes, n))


if __name__ == "__main__":
    main()

"""`redress case list` over 100,000 generated cases (a complaints team's morning views:
`--overdue`, `--due-within 3`, `--state stage1 --json` and `--jsonl`), each as its own
process, against
one hand-written SQL query giving the same rows (target: at most 2x its time and peak
memory), on SQLite and PostgreSQL.

    python benchmarks/bench_lists.py [--quick] [--cases N] [--pg URL] [--only sqlite|pg]
        [--keep DIR] [--repeats N] [--list NAME]

`--keep DIR` keeps the generated cases (an SQLite file in DIR, a PostgreSQL schema named
for the size, marked done in DIR) and reuses them on the next run with the same size;
`--list` times one list only. Drop a kept schema with `DROP SCHEMA bench_lists_N CASCADE`.

The cases are `bench_reports.py`'s (bulk inserts of real chc-2024 shapes, received
2024-04-01 .. 2026-03-31); then one case in ten is reopened at stage 1 with its response
deadline pending, due between 15 days before and 24 days after the day the lists are
read (2026-04-15): about 4 in 10 of those are overdue, and one in four is an hour timer
(due at 16:00 UTC on its day). Both sides run in their own process, so both pay for
starting Python; peak memory is each process's own (`wait4`). The outputs are checked
identical before anything is timed: the baseline prints the same text lines, and for
JSON every column of the same cases' rows and of their deadlines' rows, each deadline
with its status now, indented as `--json` is (or one a line, as `--jsonl`); the
command's JSON also carries what only the workflow knows (state labels, stages, open
actions), which the baseline cannot.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).parent))
from _common import header, run_measured, verdict
from bench_reports import CONFIG, REDRESS, ROOT, generate

NOW = "2026-04-15"  # 09:00 London, as `--now` reads a date alone
LISTS = {
    "overdue": ["--overdue"],
    "due-within-3": ["--due-within", "3"],
    "stage1-json": ["--state", "stage1", "--json"],
    "stage1-jsonl": ["--state", "stage1", "--jsonl"],
}


# --- the cases: bench_reports' shapes, one in ten reopened with a pending deadline ----------


def reopen(url: str) -> int:
    """Make one case in ten open at stage 1 with its response deadline pending; how many."""
    from redress.engine import Store
    from sqlalchemy import text

    store = Store(url)
    shift = "((case_id / 10) * 13 % 40 - 15)"
    open_ = "case_id % 10 = 0 AND name = 'stage1_response'"
    if store.is_sqlite:
        due = f"date(:today, {shift} || ' days')"
        due_at = "due || ' 16:00:00.000000'"
    else:
        due = f"CAST(:today AS DATE) + {shift}"
        due_at = "due + TIME '16:00'"
    with store.engine.begin() as conn:
        n = conn.execute(text(f"UPDATE deadline SET status = 'pending', completed_at = NULL, "
                              f"due = {due} WHERE {open_}"), {"today": NOW}).rowcount
        conn.execute(text(f"UPDATE deadline SET due_at = {due_at} "
                          f"WHERE {open_} AND case_id % 40 = 0"))
        conn.execute(text("UPDATE complaint_case SET state = 'stage1' WHERE id % 10 = 0 AND "
                          "id IN (SELECT case_id FROM deadline WHERE status = 'pending')"))
        conn.execute(text("ANALYZE"))
    store.close()
    return int(n)


# --- the hand-written query, run by this file in a process of its own ---------------------


CASE = ("c.id, c.ref, c.workflow, c.digest, c.state, c.received, c.received_at, c.resident, "
        "c.email, c.channel, c.summary, c.data, c.handlers, c.version, c.last_event_at, "
        "c.address, c.adjustments")
DEADLINE = ("d.seq, d.name, d.code, d.started_on, d.due, d.due_at, d.status, d.completed_at, "
            "d.extended_by, d.note, d.breached_at, d.letter_seq")


def baseline_sql(which: str, sqlite: bool) -> tuple[str, dict[str, Any]]:
    """The same cases, oldest first, with (for the text lists) their pending deadlines or
    (for JSON) all of them: one query, filters written for exactly this question."""
    moment = datetime.fromisoformat(NOW).replace(hour=9, tzinfo=ZoneInfo("Europe/London"))
    today = moment.date()
    now = moment.astimezone(UTC).replace(tzinfo=None)
    params: dict[str, Any] = {"today": today.isoformat(),
                              "now": f"{now:%Y-%m-%d %H:%M:%S.%f}",
                              "horizon": (today + timedelta(days=3)).isoformat()}
    if which == "overdue":
        where = ("c.id IN (SELECT case_id FROM deadline WHERE status = 'pending' AND "
                 "((due_at IS NULL AND due < :today) OR due_at < :now))")
    elif which == "due-within-3":
        where = "c.id IN (SELECT case_id FROM deadline WHERE status = 'pending' AND " \
                "due <= :horizon)"
    else:
        where = "c.state = 'stage1'"
    if which.startswith("stage1"):
        sql = (f"SELECT {CASE}, {DEADLINE} FROM complaint_case c LEFT JOIN deadline d "
               f"ON d.case_id = c.id WHERE {where} ORDER BY c.received, c.id, d.seq")
    else:
        sql = ("SELECT c.id, c.ref, c.state, c.received, c.resident, d.seq, d.name, d.due, "
               "d.due_at, d.status FROM complaint_case c LEFT JOIN deadline d ON d.case_id = "
               f"c.id AND d.status = 'pending' WHERE {where} ORDER BY c.received, c.id, d.seq")
    if not sqlite:
        sql = sql.replace(":today", "%(today)s").replace(":now", "%(now)s") \
            .replace(":horizon", "%(horizon)s")
    return sql, params


def baseline(which: str, url: str) -> None:
    """Print what `case list` prints (text lines), or the same cases' rows (every column of
    each case and of its deadlines, with each deadline's status now) as a JSON array."""
    sqlite = url.startswith("sqlite")
    sql, params = baseline_sql(which, sqlite)
    if sqlite:
        import sqlite3

        conn: Any = sqlite3.connect(url[len("sqlite:///"):])
        conn.row_factory = sqlite3.Row
        rows = conn.execute(sql, params)
    else:
        import psycopg
        from psycopg.rows import dict_row

        conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                               row_factory=dict_row)
        rows = conn.cursor(name="list")  # server-side, as the command reads
        rows.itersize = 500
        rows.execute(sql, params)
    moment = datetime.fromisoformat(NOW).replace(hour=9, tzinfo=ZoneInfo("Europe/London"))
    today, now = moment.date(), moment.astimezone(UTC)
    # buffered whatever PYTHONUNBUFFERED says, as the command writes in blocks
    out = io.TextIOWrapper(io.BufferedWriter(io.FileIO(sys.stdout.fileno(), "w", closefd=False),
                                             1 << 16), encoding="utf-8")
    first = True

    def status(d: dict[str, Any]) -> str:
        if d["status"] != "pending":
            return str(d["status"])
        if d["due_at"] is not None:
            at = datetime.fromisoformat(str(d["due_at"])).replace(tzinfo=UTC)
            return "overdue" if now > at else "pending"
        return "overdue" if today > date.fromisoformat(str(d["due"])) else "pending"

    def emit(case: dict[str, Any], dls: list[dict[str, Any]]) -> None:
        nonlocal first
        if which.startswith("stage1"):
            item = {**case, "deadlines": [{**d, "status": status(d)} for d in dls]}
            if which == "stage1-jsonl":
                out.write(json.dumps(item, default=str) + "\n")
            else:
                out.write("[\n  " if first else ",\n  ")
                out.write(json.dumps(item, indent=2, default=str).replace("\n", "\n  "))
        else:
            nxt = min(dls, key=lambda d: str(d["due"])) if dls else None
            due = f"{nxt['name']} due {nxt['due']} ({status(nxt)})" if nxt else \
                "no pending deadline"
            out.write(f"{case['ref']:<14} {case['state']:<18} {case['received']}  "
                      f"{case['resident'][:24]:<24} {due}\n")
        first = False

    split = sql.index("d.seq")  # the case's columns come first
    n_case = sql[:split].count(",")
    case: dict[str, Any] | None = None
    dls: list[dict[str, Any]] = []
    for row in rows:
        values = dict(row)
        keys = list(values)
        if case is None or values["id"] != case["id"]:
            if case is not None:
                emit(case, dls)
            case, dls = {k: values[k] for k in keys[:n_case]}, []
        if values["seq"] is not None:
            dls.append({k: values[k] for k in keys[n_case:]})
    if case is not None:
        emit(case, dls)
    if which == "stage1-json":
        out.write("[]\n" if first else "\n]\n")
    elif first and which != "stage1-jsonl":
        out.write("no cases\n")
    out.flush()
    conn.close()


def parsed(which: str, text: str) -> list[Any]:
    if which == "stage1-jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return list(json.loads(text))


def comparable(which: str, text: str) -> Any:
    """What both sides must agree on: the lines, or the cases and their deadlines."""
    if not which.startswith("stage1"):
        return text
    return [{"ref": c["ref"], "state": c["state"], "received": c["received"],
             "resident": c["resident"],
             "deadlines": [{k: d[k] for k in ("name", "due", "status")}
                           for d in c["deadlines"]]} for c in parsed(which, text)]


# --- timing ---------------------------------------------------------------------------------


def bench(name: str, url: str, n: int, repeats: int, lists: list[str],
          done: Path | None = None) -> list[tuple[str, float, float, float, float, int]]:
    """Time `lists` over `n` generated cases at `url`; with `done` (a marker file), cases
    generated by an earlier run that left it are read again, not made anew."""
    if done is not None and done.exists():
        print(f"{name}: reusing {n:,} cases kept at {url}", flush=True)
    else:
        print(f"{name}: generating {n:,} cases ...", flush=True)
        start = time.perf_counter()
        generate(url, n)
        opened = reopen(url)
        print(f"  generated in {time.perf_counter() - start:.0f} s; {opened:,} open at stage 1")
        if done is not None:
            done.write_text(url + "\n", encoding="utf-8")
    env = {**os.environ, "REDRESS_CONFIG": str(CONFIG)}
    results = []
    for which in lists:
        args = LISTS[which]
        command = [REDRESS, "--db", url, "--now", NOW, "case", "list", *args]
        hand = [sys.executable, __file__, "--baseline", which, url]
        _, _, got = run_measured(command, env)
        _, _, want = run_measured(hand, env)
        assert comparable(which, got) == comparable(which, want), f"{which}: outputs differ"
        rows = len(parsed(which, got)) if which.startswith("stage1") else len(got.splitlines())
        ours, theirs = [], []
        for _ in range(repeats):  # alternate, so both see the same cache state
            ours.append(run_measured(command, env)[:2])
            theirs.append(run_measured(hand, env)[:2])
        t, m = min(x[0] for x in ours), max(x[1] for x in ours)
        bt, bm = min(x[0] for x in theirs), max(x[1] for x in theirs)
        print(f"  case list {' '.join(args)} ({rows:,} cases, identical): {t:.2f} s, "
              f"{m:.0f} MB   hand-written query: {bt:.2f} s, {bm:.0f} MB   "
              f"ratio {t / bt:.2f}x time ({verdict(t / bt <= 2)}), {m / bm:.2f}x memory "
              f"({verdict(m / bm <= 2)})", flush=True)
        results.append((which, t, m, bt, bm, rows))
    return results


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--baseline":
        baseline(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 cases")
    parser.add_argument("--cases", type=int, help="how many cases (default 100,000)")
    parser.add_argument("--pg", default=os.environ.get("REDRESS_TEST_POSTGRES_URL"),
                        help="PostgreSQL URL (a schema is made and dropped)")
    parser.add_argument("--only", choices=("sqlite", "pg"))
    parser.add_argument("--smoke", action="store_true", help="300 cases (seconds)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the generated cases in DIR and reuse them next time")
    parser.add_argument("--repeats", type=int, metavar="N",
                        help="timed runs of each side (default 3; 1 over 100,000 cases)")
    parser.add_argument("--list", dest="lists", action="append", choices=list(LISTS),
                        metavar="NAME", help=f"time only this list (one of {', '.join(LISTS)}; "
                                             "may be given again)")
    args = parser.parse_args()
    n = args.cases or (300 if args.smoke else 10_000 if args.quick else 100_000)
    repeats = args.repeats or (3 if n <= 100_000 else 1)
    lists = args.lists or list(LISTS)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    header(f"case list over {n:,} generated cases")
    # an installed package has its bytecode compiled; an editable checkout may not (and
    # the environment may say PYTHONDONTWRITEBYTECODE), so compile it, as pip would
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "engine"),
                    str(ROOT / "cli.py")], check=True)
    if args.only != "pg" and args.keep:
        kept = args.keep.resolve()
        if not (kept / f"lists-{n}.db.done").exists():  # begun, not finished: begin again
            (kept / f"lists-{n}.db").unlink(missing_ok=True)
        bench("SQLite", f"sqlite:///{kept}/lists-{n}.db", n, repeats, lists,
              kept / f"lists-{n}.db.done")
    elif args.only != "pg":
        with tempfile.TemporaryDirectory() as tmp:
            bench("SQLite", f"sqlite:///{tmp}/bench.db", n, repeats, lists)
    if args.only != "sqlite" and args.pg:
        import uuid

        import psycopg

        schema = f"bench_lists_{n}" if args.keep else f"bench_{uuid.uuid4().hex[:8]}"
        done = args.keep.resolve() / f"{schema}.done" if args.keep else None
        plain = args.pg.replace("postgresql+psycopg://", "postgresql://")
        if done is None or not done.exists():
            with psycopg.connect(plain, autocommit=True) as conn:
                # a kept schema whose generation did not finish is begun again
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
                conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            sep = "&" if "?" in args.pg else "?"
            bench("PostgreSQL", f"{args.pg}{sep}options=-csearch_path%3D{schema}", n, repeats,
                  lists, done)
        finally:
            if done is None:
                with psycopg.connect(plain, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    elif args.only != "sqlite":
        print("PostgreSQL: skipped (give --pg URL or set REDRESS_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()

"""Hand-written baselines for bench_scale.py, each run as a process of its own (as the
command it is compared with is), with the database driver and nothing of the engine but
the hash function:

    python benchmarks/_baselines.py overdue URL NOW_UTC TODAY   refs with an overdue deadline
    python benchmarks/_baselines.py state URL STATE              JSON: cases in STATE, with
                                                                 their deadlines
    python benchmarks/_baselines.py verify URL                   every chain recomputed in one
                                                                 ordered scan

NOW_UTC is the instant as the tables store it (naive UTC), TODAY the London date.
"""

from __future__ import annotations

import json
import sys
from typing import Any

OVERDUE = ("SELECT c.ref FROM complaint_case c WHERE EXISTS (SELECT 1 FROM deadline d "
           "WHERE d.case_id = c.id AND d.status = 'pending' AND ((d.due_at IS NOT NULL AND "
           "d.due_at < {p}) OR (d.due_at IS NULL AND d.due < {p}))) ORDER BY c.received, c.id")
STATE = ("SELECT c.ref, c.state, c.received, c.resident, d.name, d.code, d.due, d.status "
         "FROM complaint_case c LEFT JOIN deadline d ON d.case_id = c.id "
         "WHERE c.state = {p} ORDER BY c.received, c.id, d.seq")
EVENTS = ("SELECT c.ref, c.event_count, c.head_hash, e.seq, e.action, e.actor, e.from_state, "
          "e.to_state, e.fields, e.changes, e.clock_at, e.recorded_at, e.prev_hash, e.hash, "
          "e.context FROM complaint_case c JOIN case_event e ON e.case_id = c.id "
          "ORDER BY e.case_id, e.seq")


def connect(url: str) -> tuple[Any, str]:
    """A DB-API connection for a SQLAlchemy URL, and its parameter mark."""
    if url.startswith("sqlite:///"):
        import sqlite3

        return sqlite3.connect(url.removeprefix("sqlite:///")), "?"
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")), "%s"


def overdue(url: str, now: str, today: str) -> None:
    conn, p = connect(url)
    sql = OVERDUE.format(p=p)
    out = sys.stdout
    for (ref,) in conn.execute(sql, (now, today)):
        out.write(f"{ref}\n")


def state(url: str, name: str) -> None:
    conn, p = connect(url)
    out = sys.stdout
    out.write("[")
    last, first = None, True
    case: dict[str, Any] = {}
    for ref, st, received, resident, *d in conn.execute(STATE.format(p=p), (name,)):
        if ref != last:
            if last is not None:
                out.write(("" if first else ",") + json.dumps(case, default=str))
                first = False
            case = {"ref": ref, "state": st, "received": str(received),
                    "resident": resident, "deadlines": []}
            last = ref
        if d[0] is not None:
            case["deadlines"].append(dict(zip(("name", "code", "due", "status"),
                                              map(str, d), strict=True)))
    if last is not None:
        out.write(("" if first else ",") + json.dumps(case, default=str))
    out.write("]\n")


def verify(url: str) -> None:
    from redress.engine.cases._audit import event_hash

    conn, mark = connect(url)
    # on PostgreSQL a named (server-side) cursor: the rows arrive as they are read
    cur = conn.cursor() if mark == "?" else conn.cursor(name="events")
    cur.arraysize = 5000
    cur.execute(EVENTS)
    cols: list[str] = []
    checked = bad = 0
    ref = head = None
    count = seen = 0
    prev = "0" * 64

    def close() -> None:
        nonlocal bad
        if ref is not None and (seen != count or prev != head):
            bad += 1

    while rows := cur.fetchmany(5000):
        cols = cols or [d[0] for d in cur.description]
        for values in rows:
            row = dict(zip(cols, values, strict=True))
            if row["ref"] != ref:
                close()
                ref, count, head = row["ref"], row["event_count"], row["head_hash"]
                checked, seen, prev = checked + 1, 0, "0" * 64
            ok = row["prev_hash"] == prev and event_hash(prev, ref, row) == row["hash"]
            bad += not ok
            prev, seen = row["hash"], seen + 1
    close()
    print(f"{checked} cases, {bad} faults")


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    {"overdue": overdue, "state": state, "verify": verify}[kind](*rest)

"""Generating many cases for the benchmarks, fast: bulk writes and PostgreSQL schemas.

Two generators share the writers here:

- `bench_reports.py` writes cases of known shapes straight into the tables (`shapes`
  there): quick, and enough for a report that reads states, deadlines and events, but
  their events carry no context and no valid hashes, so `audit verify` would refuse them.
- `cases()` (for `bench_scale.py`) makes a few dozen real cases through the `Desk` (every
  action with its letters, each letter leaving as the runner or an officer would make it
  leave, then the runner firing what fell due: reminders and breaches), and copies them
  under new references with bulk writes, recomputing each copy's hash chain with the
  project's own `event_hash`. Every copy replays and verifies as its original does.
  A copy's letters still name its original's reference in their text (their content
  hashes are recorded in the chain): only the case row says which case it is.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "tests" / "landlord.toml"
REDRESS = str(Path(sys.executable).parent / "redress")


def stamp(day: date, hour: int = 10) -> datetime:
    """A naive UTC instant, as the tables store them."""
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC).replace(tzinfo=None)


def add_wd(day: date, n: int) -> date:
    """Weekdays only: close enough for generated due dates (the statuses are given)."""
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


# --- writing rows in bulk --------------------------------------------------------------


class Bulk:
    """Rows written in bulk on the store's raw driver connection, in one transaction:
    executemany on SQLite, COPY on PostgreSQL. Values go in as the driver reads them."""

    def __init__(self, store: Any) -> None:
        self.sqlite = store.is_sqlite
        self.raw = store.engine.raw_connection()
        self.conn: Any = self.raw.driver_connection
        if self.sqlite:
            self.conn.execute("BEGIN")

    def write(self, table: str, cols: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        names = ", ".join(cols)
        if self.sqlite:
            self.conn.executemany(f"INSERT INTO {table} ({names}) VALUES "
                                  f"({', '.join('?' * len(cols))})", rows)
            return
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)

    def read(self, sql: str) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def commit(self, more: bool = False) -> None:
        """Commit; `more`: and begin the next transaction (a SQLite write-ahead log stays
        small when a long load commits as it goes)."""
        if self.sqlite:
            self.conn.execute("COMMIT")
            if more:
                self.conn.execute("BEGIN")
        else:
            self.conn.commit()

    def close(self) -> None:
        self.raw.close()


def analyze(url: str) -> None:
    """Statistics for the planner, as autovacuum would gather them in time."""
    from redress.engine import Store

    store = Store(url)
    with store.engine.connect() as conn:
        auto = conn.execution_options(isolation_level="AUTOCOMMIT")
        auto.exec_driver_sql("ANALYZE" if store.is_sqlite else "VACUUM ANALYZE")
    store.close()


@contextmanager
def pg_schema(base: str, name: str | None = None, keep: bool = False) -> Iterator[str]:
    """A URL whose connections use a schema of their own: made if missing, dropped
    afterwards unless `keep` (a named schema kept is found again next time)."""
    import psycopg

    schema = name or f"bench_{uuid.uuid4().hex[:8]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        if not keep:
            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


# --- real cases, copied ------------------------------------------------------------------

ACK = {"complaint_definition": "Damp in the back bedroom", "outcomes_sought": "Repair",
       "responsibility": "The walls are ours"}
RESPOND = {"decision": "Upheld", "reasons": "Repairs were late", "remedy": "£150",
           "outstanding_actions": "none", "failings": "The repair was late",
           "category": "Repairs and maintenance",
           "learning": "Book a plumber with the right part on the first visit"}
EXTEND = {"working_days": "5", "reason": "Survey booked"}
REFUSE = {"ground": "previously_considered", "explanation": "Answered in case 123"}


@dataclass(frozen=True)
class Shape:
    """A case's story: its actions (days after receipt) and how many of every 1,000
    generated cases tell it; `ages`: how many days before `now` its copies were received."""

    name: str
    per_mille: int
    steps: tuple[tuple[int, str, dict[str, str], str], ...]
    ages: tuple[int, ...]


# A landlord's archive: most cases answered and closed, a few in each live state, some
# of those late (the runner has recorded their breaches), with both stages.
SHAPES = (
    Shape("closed at stage 1", 520, ((2, "acknowledge", ACK, "officer"),
                                     (9, "respond", RESPOND, "handler1"),
                                     (60, "close", {}, "officer")), (90, 200, 330, 500)),
    Shape("answered at stage 1", 90, ((1, "acknowledge", ACK, "officer"),
                                      (8, "respond", RESPOND, "handler1")), (12, 30)),
    Shape("extended, answered", 40, ((2, "acknowledge", ACK, "officer"),
                                     (8, "extend", EXTEND, "handler1"),
                                     (14, "respond", RESPOND, "handler1")), (25, 120)),
    Shape("received", 20, (), (1, 3, 12)),  # 12 days: acknowledgement breached
    Shape("stage 1 open", 110, ((2, "acknowledge", ACK, "officer"),), (4, 8, 11, 20, 40)),
    Shape("stage 1 extended", 20, ((2, "acknowledge", ACK, "officer"),
                                   (9, "extend", EXTEND, "handler1")), (12, 30)),
    Shape("escalated", 15, ((1, "acknowledge", ACK, "officer"),
                            (8, "respond", RESPOND, "handler1"),
                            (12, "escalate", {}, "officer")), (14, 30)),
    Shape("stage 2 open", 35, ((1, "acknowledge", ACK, "officer"),
                               (8, "respond", RESPOND, "handler1"),
                               (12, "escalate", {}, "officer"),
                               (14, "acknowledge", ACK, "officer")), (20, 50, 70)),
    Shape("answered at stage 2", 20, ((1, "acknowledge", ACK, "officer"),
                                      (8, "respond", RESPOND, "handler1"),
                                      (12, "escalate", {}, "officer"),
                                      (14, "acknowledge", ACK, "officer"),
                                      (30, "respond", RESPOND, "handler2")), (40, 60)),
    Shape("closed at stage 2", 60, ((1, "acknowledge", ACK, "officer"),
                                    (8, "respond", RESPOND, "handler1"),
                                    (12, "escalate", {}, "officer"),
                                    (14, "acknowledge", ACK, "officer"),
                                    (30, "respond", RESPOND, "handler2"),
                                    (40, "close", {}, "officer")), (120, 400)),
    Shape("withdrawn", 40, ((2, "acknowledge", ACK, "officer"),
                            (6, "withdraw", {}, "officer")), (30, 250)),
    Shape("not accepted", 30, ((3, "refuse", REFUSE, "officer"),), (20, 300)),
)
assert sum(s.per_mille for s in SHAPES) == 1000


def originals(url: str, now: datetime, few: bool = False) -> list[tuple[int, int]]:
    """The real cases, made through the Desk: (case id, cases per 1,000 of its kind)
    for each. `few`: one age per shape (for a smoke run)."""
    from redress.engine import Desk, load_config
    from redress.engine.cases import at_london
    from redress.engine.runner import MailSettings, fire_due
    from sqlalchemy import text

    sys.path.insert(0, str(ROOT / "tests"))
    from support import deliver  # the tests' way of marking each letter as gone

    desk = Desk.open(url, load_config(str(CONFIG)))
    made: list[tuple[int, int]] = []
    today = now.date()
    for k, shape in enumerate(SHAPES):
        ages = shape.ages[-1:] if few else shape.ages
        for age in ages:
            received = today - timedelta(days=age)
            desk.clock = lambda d=received: at_london(d)
            case = desk.open_case(received_at=desk.clock(), resident=f"Resident {k}",
                                  actor="officer", email=f"resident{k}@example.org",
                                  summary="Damp and mould not repaired",
                                  ref=f"T-{k:02d}-{age:03d}")
            for days, action, fields, actor in shape.steps:
                if days >= age:
                    break
                desk.clock = lambda d=received + timedelta(days=days): at_london(d)
                desk.act(case.ref, action, fields, actor)
                deliver(desk, case.ref, by="bench")
            with desk.store.reading() as fetch:
                cid = fetch("SELECT id FROM complaint_case WHERE ref = :r",
                            {"r": case.ref})[0]["id"]
            made.append((int(cid), max(1, round(shape.per_mille / len(ages)))))
    # the runner has been running: what fell due before now has fired (breaches,
    # reminders), and its alert emails have gone, so nothing is due at `now`
    while fire_due(desk.store, desk.calendar, desk.letters, MailSettings(), "bench", now,
                   500, desk.remind_at, desk.mailer):
        pass
    with desk.store.writing() as s:
        s.execute(text("UPDATE outbox SET state = 'sent', sent_at = :n WHERE state = "
                       "'queued'"), {"n": desk.store.stamp(now)})
    desk.store.close()
    return made


COPIED = ("deadline", "case_event", "letter", "personal_value", "timer_job")


def cases(url: str, n: int, now: datetime, few: bool = False) -> dict[str, int]:
    """`n` cases (copies of the real ones, in their proportions) on the database at
    `url`, which the Desk migrates; returns how many of each state were made."""
    from redress.engine import Store
    from redress.engine.cases import event_hash

    made = originals(url, now, few)
    plan = [cid for cid, weight in made for _ in range(weight)]
    store = Store(url)
    bulk = Bulk(store)
    ids = ",".join(str(cid) for cid, _ in made)
    case_rows = {r["id"]: r for r in bulk.read(f"SELECT * FROM complaint_case WHERE id IN "
                                               f"({ids})")}
    children: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for table in COPIED:
        order = "seq" if table in ("deadline", "case_event", "letter") else "id"
        by_case: dict[int, list[dict[str, Any]]] = {}
        for r in bulk.read(f"SELECT * FROM {table} WHERE case_id IN ({ids}) "
                           f"ORDER BY case_id, {order}"):
            r.pop("id")
            by_case.setdefault(r["case_id"], []).append(r)
        children[table] = by_case
    first = int(bulk.read("SELECT MAX(id) AS m FROM complaint_case")[0]["m"]) + 1
    states: dict[str, int] = {}
    chunk = 5_000
    for start in range(0, n, chunk):
        out: dict[str, list[list[Any]]] = {t: [] for t in ("complaint_case", *COPIED)}
        for i in range(start, min(n, start + chunk)):
            origin = plan[(i * 7919) % len(plan)]  # interleaved, not in runs
            new_id, ref = first + i, f"S-{i:07d}"
            case = case_rows[origin]
            prev = "0" * 64
            for e in children["case_event"][origin]:
                h = event_hash(prev, ref, e)
                out["case_event"].append([*{**e, "case_id": new_id, "prev_hash": prev,
                                             "hash": h}.values()])
                prev = h
            out["complaint_case"].append([*{**case, "id": new_id, "ref": ref,
                                             "ref_key": ref.casefold(),
                                             "head_hash": prev}.values()])
            for table in ("deadline", "letter", "personal_value", "timer_job"):
                out[table] += [[*{**r, "case_id": new_id}.values()]
                               for r in children[table].get(origin, [])]
            states[case["state"]] = states.get(case["state"], 0) + 1
        bulk.write("complaint_case", list(next(iter(case_rows.values()))),
                   out["complaint_case"])
        for table in COPIED:
            some = next((rows for rows in children[table].values() if rows), None)
            if some and out[table]:
                bulk.write(table, list(some[0]), out[table])
        bulk.commit(more=True)
    if not store.is_sqlite:
        bulk.conn.execute("SELECT setval(pg_get_serial_sequence('complaint_case', 'id'), "
                          "(SELECT MAX(id) FROM complaint_case))")
    bulk.commit()
    bulk.close()
    store.close()
    analyze(url)
    return states


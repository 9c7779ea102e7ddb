"""Full two-stage complaint lifecycles per second: redress against SpiffWorkflow, and the
persisted lifecycle against SQLAlchemy Core writing the same rows.

A lifecycle is the whole of a complaint that goes to stage 2: open, acknowledge, extend,
respond, escalate, acknowledge, respond, close. redress runs it three ways:

- the pure core in memory (`open_case` / `apply`), which is what every caller shares;
- the shell `Desk` on a database (a SQLite file, and PostgreSQL with --pg), one
  version-checked transaction per action, which is what an operator's command costs
  apart from starting Python. Each response letter goes by hand, so an officer records
  it sent (`Desk.letter_sent`) before the case moves on: 10 transactions in all;
- SQLAlchemy Core writing exactly the rows those 10 transactions write, in the same 10
  transactions: the floor for persisting a lifecycle. One lifecycle is first run through
  the `Desk` on an empty database and every row it wrote is read back after each of its
  transactions; the Core function replays them into another empty database, and the two
  must then hold identical rows (every column of every table, ids included) before
  anything is timed. Timed, the Core function writes the same rows under each new case's
  id and reference, its events' hash chain recomputed for that reference.

SpiffWorkflow runs the same process from benchmarks/two_stage.bpmn, with a boundary timer
on each stage's response. The timers are armed and checked on every step (the engine's
`refresh_timers`) but the run responds before they are due, so nothing ever sleeps.
Both sides load their process definition once, outside the timing.

Run: python benchmarks/bench_lifecycle.py [--quick] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

from _common import best_of, header, verdict
from redress.engine import (
    Desk,
    Registry,
    WorkflowDefinition,
    WorkingCalendar,
    apply,
    load_config,
    open_case,
)
from redress.engine.cases import at_london, event_hash, fixed_clock
from redress.engine.cases._refs import ref_key
from redress.engine.store import Store
from SpiffWorkflow.bpmn import BpmnWorkflow  # type: ignore[import-untyped]
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator  # type: ignore[import-untyped]
from SpiffWorkflow.util.task import TaskState  # type: ignore[import-untyped]
from sqlalchemy import Table, bindparam, event, insert, select, update
from sqlalchemy.engine import Connection

SEED = 20261122
BPMN = Path(__file__).with_name("two_stage.bpmn")
PROCESS_ID = "two_stage_complaint"
CONFIG = str(Path(__file__).resolve().parent.parent / "tests" / "landlord.toml")

FULL = {"core": 3000, "desk": 60, "spiff": 600, "repeats": 3}
QUICK = {"core": 200, "desk": 10, "spiff": 50, "repeats": 2}
SMOKE = {"core": 30, "desk": 3, "spiff": 10, "repeats": 1}  # seconds, not minutes

ACKNOWLEDGE = {
    "complaint_definition": "Damp and mould in the back bedroom, reported three times",
    "outcomes_sought": "Repair the cause of the damp and redecorate",
    "responsibility": "The walls and windows of the flat are ours to repair",  # 2024 6.2
}
RESPOND = {
    "decision": "upheld",
    "reasons": "The repair was not completed within the published timescale",
    "remedy": "Repair by a named date and GBP 150 for the time and trouble",
    "outstanding_actions": "none",
    # what went wrong (2024 7.1), what it was about and what was learnt (9.1)
    "failings": "The repair was late",
    "category": "Repairs and maintenance",
    "learning": "Book the surveyor on the first visit",
}


@dataclass(frozen=True)
class Step:
    action: str
    fields: Mapping[str, str]
    actor: str
    days_after: int  # after receipt: the clock never goes backwards within a case


# The stage 2 responder differs from stage 1's, as Code 6.13 requires.
STEPS = (
    Step("acknowledge", ACKNOWLEDGE, "officer", 1),
    Step("extend", {"working_days": "5", "reason": "Waiting for a surveyor"}, "officer", 3),
    Step("respond", RESPOND, "handler1", 12),
    Step("escalate", {}, "officer", 14),
    Step("acknowledge", ACKNOWLEDGE, "officer", 15),
    Step("respond", RESPOND, "handler2", 30),
    Step("close", {}, "officer", 31),
)

# SpiffWorkflow's user tasks, in order, and the fields each is completed with. The BPMN
# process has no extension step: a timer's due date is not something its tasks change.
SPIFF_TASKS: tuple[tuple[str, Mapping[str, str]], ...] = (
    ("acknowledge_1", ACKNOWLEDGE),
    ("respond_1", RESPOND),
    ("escalate", {}),
    ("acknowledge_2", ACKNOWLEDGE),
    ("respond_2", RESPOND),
    ("close", {}),
)


@dataclass(frozen=True)
class Timeline:
    """One complaint's instants: receipt, then one per step, precomputed once."""

    received_at: datetime
    steps: tuple[datetime, ...]


def timelines(count: int) -> list[Timeline]:
    """Complaints received on random weekdays in 2025-2026, so deadlines cross holidays."""
    rng = random.Random(SEED)
    out: list[Timeline] = []
    while len(out) < count:
        received = date(2025, 1, 1) + timedelta(days=rng.randint(0, 729))
        if received.weekday() >= 5:
            continue
        out.append(
            Timeline(
                at_london(received),
                tuple(at_london(received + timedelta(days=s.days_after)) for s in STEPS),
            )
        )
    return out


# --- redress: the pure core ---------------------------------------------------------------


def core_run(
    defn: WorkflowDefinition, cal: WorkingCalendar, count: int, plans: list[Timeline]
) -> str:
    state = ""
    for i in range(count):
        plan = plans[i % len(plans)]
        case = open_case(
            defn, cal, ref=f"B-{i}", received_at=plan.received_at, resident="A Resident",
            actor="officer", now=plan.received_at, email="a@example.org",
        ).case  # fmt: skip
        for step, now in zip(STEPS, plan.steps, strict=True):
            case = apply(defn, cal, case, step.action, step.fields, step.actor, now).case
        state = case.state
    return state


# --- redress: the shell ---------------------------------------------------------------------


def desk_lifecycle(desk: Desk, plan: Timeline, after: Callable[[str], None] = lambda _: None
                   ) -> str:
    """One lifecycle through the `Desk`: 10 transactions; `after(what)` runs after each."""
    desk.clock = fixed_clock(plan.received_at)
    ref = desk.open_case(
        received_at=plan.received_at, resident="A Resident", actor="officer",
        workflow="chc-2024", email="a@example.org",
    ).ref  # fmt: skip
    after("open")
    for step, now in zip(STEPS, plan.steps, strict=True):
        desk.clock = fixed_clock(now)
        _, letters = desk.act_with_letters(ref, step.action, step.fields, step.actor)
        after(step.action)
        for letter in letters:
            if letter.dispatch == "manual":  # posted by the officer, who records it
                desk.letter_sent(ref, letter.seq, None, "", step.actor)
                after("letter sent")
    return ref


def work_run(desk: Desk, defn: WorkflowDefinition, count: int, plans: list[Timeline]) -> int:
    """What a Desk lifecycle does besides the database, in memory: the decisions, the
    letters they produce (composed and checked) and each automatic email's bytes."""
    from redress.engine.letters import for_decision
    from redress.engine.store._store import letter_values

    mailer, made = desk.mailer(defn), 0
    for i in range(count):
        plan = plans[i % len(plans)]
        case = open_case(
            defn, desk.calendar, ref=f"2025-{i:05d}", received_at=plan.received_at,
            resident="A Resident", actor="officer", now=plan.received_at,
            email="a@example.org",
        ).case  # fmt: skip
        for step, now in zip(STEPS, plan.steps, strict=True):
            decision = apply(defn, desk.calendar, case, step.action, step.fields, step.actor,
                             now)
            for letter in for_decision(defn, decision, desk.letters):
                made += 1
                if letter.dispatch == "automatic" and letter.channel == "email":
                    mailer(case.ref, case.resident, letter_values(1, made, 1, letter))
            case = decision.case
    return made


def desk_run(desk: Desk, count: int, plans: list[Timeline]) -> str:
    ref = ""
    for i in range(count):
        ref = desk_lifecycle(desk, plans[i % len(plans)])
    return ref


# --- the same rows written with SQLAlchemy Core ------------------------------------------

# the tables a lifecycle writes, in the order a transaction writes them (parents first)
TABLES = ("workflow_definition", "complaint_case", "personal_value", "deadline",
          "case_event", "timer_job", "letter", "outbox")
KEYS = {"workflow_definition": "digest"}  # every other table's key is `id`


def tables(store: Store) -> dict[str, Table]:
    from redress.engine.store import metadata  # the engine's own tables

    return {name: metadata.tables[name] for name in TABLES}


def dump(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table a lifecycle writes, typed as the engine maps them."""
    with store.engine.connect() as conn:
        return {name: [dict(r) for r in conn.execute(
            select(t).order_by(t.c[KEYS.get(name, "id")])).mappings()]
            for name, t in tables(store).items()}


@dataclass
class Transaction:
    """What one of the Desk's transactions wrote: rows added and rows changed (the
    changed columns, and the row's key and, for a case, the version it had)."""

    what: str
    added: dict[str, list[dict[str, Any]]]
    changed: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]


def recorded_lifecycle(url: str, plan: Timeline) -> tuple[list[Transaction], str]:
    """One lifecycle through the Desk on an empty database, read back after each of its
    transactions."""
    desk = Desk.open(url, load_config(CONFIG))
    out: list[Transaction] = []
    seen = dump(desk.store)

    def after(what: str) -> None:
        nonlocal seen
        now = dump(desk.store)
        added: dict[str, list[dict[str, Any]]] = {}
        changed: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
        for name in TABLES:
            key = KEYS.get(name, "id")
            before = {r[key]: r for r in seen[name]}
            for row in now[name]:
                was = before.get(row[key])
                if was is None:
                    added.setdefault(name, []).append(row)
                elif was != row:
                    changed.setdefault(name, []).append(
                        (was, {k: v for k, v in row.items() if v != was[k]}))
        out.append(Transaction(what, added, changed))
        seen = now

    ref = desk_lifecycle(desk, plan, after)
    desk.store.close()
    return out, ref


class CoreWriter:
    """Writes a recorded lifecycle's rows with SQLAlchemy Core, transaction by
    transaction: each added row inserted (several rows of a table in one multi-row
    statement), each changed row updated by its key (the case's UPDATE version-checked).
    For a new case the case id, its reference, the ids rows refer to and the events'
    hash chain are those of the new case."""

    def __init__(self, store: Store, lifecycle: list[Transaction]) -> None:
        self.store, self.lifecycle = store, lifecycle
        t = tables(store)
        self.t = t
        self.set_case = update(t["complaint_case"]).where(
            t["complaint_case"].c.id == bindparam("b_id"),
            t["complaint_case"].c.version == bindparam("b_version"))
        self.set_deadline = update(t["deadline"]).where(
            t["deadline"].c.case_id == bindparam("b_case"),
            t["deadline"].c.seq == bindparam("b_seq"))
        self.set_job = update(t["timer_job"]).where(t["timer_job"].c.id == bindparam("b_id"))
        self.set_letter = update(t["letter"]).where(
            t["letter"].c.case_id == bindparam("b_case"), t["letter"].c.seq == bindparam("b_seq"))
        self.stored = False  # the definition, once per database

    def write(self, ref: str) -> None:
        t, key = self.t, self.store.audit_key
        case_id = 0
        ids: dict[tuple[str, int], int] = {}
        hashes: dict[str, str] = {}
        for tx in self.lifecycle:
            for r in tx.added.get("case_event", []):  # the chain, for this reference
                prev = hashes.get(r["prev_hash"], r["prev_hash"])
                hashes[r["hash"]] = event_hash(prev, ref, r, key)
            with self.store.writing() as conn:
                for name in TABLES:
                    rows = tx.added.get(name, [])
                    if name == "workflow_definition":
                        if rows and not self.stored:
                            conn.execute(insert(t[name]), rows)
                            self.stored = True
                        continue
                    if name == "complaint_case" and rows:
                        row = {k: v for k, v in rows[0].items() if k != "id"}
                        row["ref"], row["ref_key"] = ref, ref_key(ref)
                        row["head_hash"] = hashes.get(row["head_hash"], row["head_hash"])
                        case_id = int(conn.execute(insert(t[name]).returning(t[name].c.id),
                                                   row).scalar_one())
                        ids[(name, rows[0]["id"])] = case_id
                        continue
                    self._changes(conn, name, tx.changed.get(name, []), case_id, ids, hashes)
                    if not rows:
                        continue
                    fresh = []
                    for r in rows:
                        new = {k: v for k, v in r.items() if k != "id"}
                        new["case_id"] = case_id
                        if name == "case_event":
                            new["prev_hash"] = hashes.get(r["prev_hash"], r["prev_hash"])
                            new["hash"] = hashes[r["hash"]]
                        if name == "outbox":
                            new["letter_id"] = ids[("letter", r["letter_id"])]
                        fresh.append(new)
                    if name in ("timer_job", "letter"):  # their ids are referred to later
                        made = conn.execute(insert(t[name]).returning(
                            t[name].c.id, sort_by_parameter_order=True), fresh).scalars().all()
                        ids.update({(name, r["id"]): int(n) for r, n in zip(rows, made,
                                                                            strict=True)})
                    else:
                        conn.execute(insert(t[name]), fresh)
            # the case's UPDATE comes first in its transaction: see `_changes`

    def _changes(self, conn: Connection, name: str,
                 changed: list[tuple[dict[str, Any], dict[str, Any]]], case_id: int,
                 ids: dict[tuple[str, int], int], hashes: dict[str, str]) -> None:
        if not changed:
            return
        if name == "complaint_case":
            for was, new in changed:
                if "head_hash" in new:
                    new = {**new, "head_hash": hashes[new["head_hash"]]}
                done = conn.execute(self.set_case, {"b_id": case_id,
                                                    "b_version": was["version"], **new})
                assert done.rowcount == 1
        elif name == "deadline":
            conn.execute(self.set_deadline, [{"b_case": case_id, "b_seq": was["seq"], **new}
                                             for was, new in changed])
        elif name == "timer_job":
            conn.execute(self.set_job, [{"b_id": ids[("timer_job", was["id"])], **new}
                                        for was, new in changed])
        elif name == "letter":
            conn.execute(self.set_letter, [{"b_case": case_id, "b_seq": was["seq"], **new}
                                           for was, new in changed])
        else:
            raise RuntimeError(f"a lifecycle changed a row of {name}, which the Core "
                               "baseline does not write")


def checked_baseline(urls: tuple[str, str], plan: Timeline) -> list[Transaction]:
    """A lifecycle through the Desk on urls[0], its rows replayed by Core on urls[1]; the
    two databases hold identical rows, or this raises."""
    lifecycle, ref = recorded_lifecycle(urls[0], plan)
    store = Store(urls[1])
    CoreWriter(store, lifecycle).write(ref)
    theirs = dump(store)
    store.close()
    desk_store = Store(urls[0])
    ours = dump(desk_store)
    desk_store.close()
    for name in TABLES:
        if ours[name] != theirs[name]:
            diff = [(a, b) for a, b in zip(ours[name], theirs[name], strict=False) if a != b]
            raise RuntimeError(f"the Core baseline wrote {name} differently: "
                               f"{len(ours[name])} against {len(theirs[name])} rows; first "
                               f"difference {diff[:1]}")
    written = sum(len(r) for r in ours.values())
    print(f"  Core baseline checked: it wrote the Desk's {written} rows (case, deadlines, "
          f"events, personal values, wake-ups, letters, outbox; the definition) in the same "
          f"{len(lifecycle)} transactions, identical in every column")
    return lifecycle


# --- counting statements -------------------------------------------------------------------


@contextmanager
def counted(store: Store) -> Iterator[dict[str, int]]:
    """Statements sent (a COMMIT counted as one), SELECTs of the case row, and UPDATEs of
    the case row, while the block runs."""
    n = {"statements": 0, "case selects": 0, "case updates": 0}

    def on_statement(_c: Any, _cur: Any, sql: str, *_a: Any) -> None:
        n["statements"] += 1
        flat = " ".join(sql.split())
        n["case selects"] += flat.startswith("SELECT") and " FROM complaint_case " in (
            flat + " ")
        n["case updates"] += flat.startswith("UPDATE complaint_case")

    def on_commit(_c: Any) -> None:
        n["statements"] += 1

    event.listen(store.engine, "before_cursor_execute", on_statement)
    event.listen(store.engine, "commit", on_commit)
    try:
        yield n
    finally:
        event.remove(store.engine, "before_cursor_execute", on_statement)
        event.remove(store.engine, "commit", on_commit)


# --- SpiffWorkflow ------------------------------------------------------------------------


def spiff_spec() -> Any:
    parser = BpmnParser(validator=BpmnValidator())
    parser.add_bpmn_file(str(BPMN))
    return parser.get_spec(PROCESS_ID)


def spiff_lifecycle(spec: Any) -> BpmnWorkflow:
    wf = BpmnWorkflow(spec)
    wf.do_engine_steps()
    for name, fields in SPIFF_TASKS:
        task = wf.get_next_task(state=TaskState.READY, manual=True)
        if task is None or task.task_spec.name != name:
            found = None if task is None else task.task_spec.name
            raise RuntimeError(f"SpiffWorkflow offered {found!r} where {name!r} was expected")
        task.data.update(fields)
        task.run()
        wf.refresh_timers()  # a timer past due would start its overdue path here
        wf.do_engine_steps()
    return wf


def spiff_run(spec: Any, count: int) -> None:
    for _ in range(count):
        spiff_lifecycle(spec)


def spiff_check(spec: Any) -> str:
    """One run, checked: the process ends, and both timers were armed and then cancelled."""
    wf = spiff_lifecycle(spec)
    states = {t.task_spec.name: TaskState.get_name(t.state) for t in wf.get_tasks()}
    timers = {k: states.get(k) for k in ("stage1_deadline", "stage2_deadline")}
    late = [k for k in ("stage1_overdue", "stage2_overdue") if k in states]
    if not wf.is_completed() or any(v != "CANCELLED" for v in timers.values()) or late:
        raise RuntimeError(f"unexpected SpiffWorkflow run: timers {timers}, late {late}")
    return ", ".join(f"{k} {v.lower()}" for k, v in timers.items() if v)


# --- databases -----------------------------------------------------------------------------


@contextmanager
def empty_databases(label: str, pg: str | None, folder: Path) -> Iterator[Callable[[], str]]:
    """A maker of new empty databases: SQLite files, or PostgreSQL schemas (dropped at the
    end)."""
    schemas: list[str] = []
    plain = (pg or "").replace("postgresql+psycopg://", "postgresql://")

    def make() -> str:
        if label == "SQLite":
            return f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:8]}.db'}"
        import psycopg

        schema = f"redress_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        schemas.append(schema)
        assert pg is not None
        return f"{pg}{'&' if '?' in pg else '?'}options=-csearch_path%3D{schema}"

    try:
        yield make
    finally:
        if schemas:
            import psycopg

            with psycopg.connect(plain, autocommit=True) as conn:
                for schema in schemas:
                    conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def persisted(label: str, make: Callable[[], str], plans: list[Timeline],
              sizes: dict[str, int]
              ) -> tuple[float, float, float, dict[str, int], dict[str, int]]:
    """The Desk's lifecycles per second against the Core baseline's, taking turns."""
    n, repeats = sizes["desk"], sizes["repeats"]
    lifecycle = checked_baseline((make(), make()), plans[0])
    desk = Desk.open(make(), load_config(CONFIG))
    core_store = Store(make())
    core = CoreWriter(core_store, lifecycle)
    year = plans[0].received_at.year
    made = [0]

    def core_run(count: int) -> None:
        for _ in range(count):
            made[0] += 1
            core.write(f"{year}-{made[0]:05d}")

    # warm both (the definition stored, statements compiled), counting one lifecycle each
    with counted(desk.store) as ours:
        last = desk_lifecycle(desk, plans[0])
    with counted(core_store) as theirs:
        core_run(1)
    stored = desk.store.load(last)
    if stored.state != "closed":
        raise RuntimeError(f"a stored lifecycle ended {stored.state!r}, not 'closed'")
    defn = desk.store.definition(stored.digest)
    work_run(desk, defn, 1, plans)
    desk_times, core_times, work_times = [], [], []
    for _ in range(repeats):
        start = time.perf_counter()
        desk_run(desk, n, plans)
        desk_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        core_run(n)
        core_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        work_run(desk, defn, n, plans)
        work_times.append(time.perf_counter() - start)
    _, faults = desk.store.verify_audit(last)
    if faults:
        raise RuntimeError(f"the Desk's audit chain is broken: {faults[:3]}")
    _, core_faults = core_store.verify_audit(f"{year}-{made[0]:05d}")
    if core_faults:
        raise RuntimeError(f"the Core baseline's audit chain is broken: {core_faults[:3]}")
    desk.store.close()
    core_store.close()
    return n / min(desk_times), n / min(core_times), n / min(work_times), ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke run")
    parser.add_argument("--smoke", action="store_true", help="tiny runs (seconds)")
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(
        "REDRESS_TEST_POSTGRES_URL"), help="also run the persisted lifecycle on this "
        "PostgreSQL server (default: REDRESS_TEST_POSTGRES_URL)")
    args = parser.parse_args()
    sizes = SMOKE if args.smoke else QUICK if args.quick else FULL
    repeats = sizes["repeats"]
    header("bench_lifecycle: full two-stage complaint lifecycles per second")
    plans = timelines(64)

    defn = Registry().load("chc-2024")
    cal = WorkingCalendar()
    final = core_run(defn, cal, 1, plans)
    if final != "closed":
        raise RuntimeError(f"a redress lifecycle ended {final!r}, not 'closed'")
    core_s = best_of(repeats, lambda: core_run(defn, cal, sizes["core"], plans))
    core_rate = sizes["core"] / core_s

    spec = spiff_spec()
    timers = spiff_check(spec)
    spiff_s = best_of(repeats, lambda: spiff_run(spec, sizes["spiff"]))
    spiff_rate = sizes["spiff"] / spiff_s

    results = []
    with tempfile.TemporaryDirectory(prefix="redress-bench-") as tmp:
        for label in ("SQLite", "PostgreSQL") if args.pg else ("SQLite",):
            print(f"{label}:")
            with empty_databases(label, args.pg, Path(tmp)) as make:
                results.append((label, *persisted(label, make, plans, sizes)))
    print()

    steps = len(STEPS) + 1
    print(f"a redress lifecycle: open + {len(STEPS)} actions ({steps} decisions) and 2 "
          f"letters recorded sent: {results[0][4]['statements']} statements stored")
    print(
        f"a SpiffWorkflow lifecycle: {len(SPIFF_TASKS)} user tasks, 2 boundary timers "
        f"({timers}); SpiffWorkflow {version('SpiffWorkflow')}"
    )
    print(f"best of {repeats} passes; the Desk and Core passes take turns")
    print()
    print(f"  {'redress core, in memory':<34} {core_rate:9.0f} lifecycles/s  "
          f"({sizes['core']} per pass)")
    print(f"  {'SpiffWorkflow, in memory':<34} {spiff_rate:9.0f} lifecycles/s  "
          f"({sizes['spiff']} per pass)")
    for label, desk_rate, base_rate, work_rate, ours, theirs in results:
        print(f"  {'redress Desk, ' + label:<34} {desk_rate:9.1f} lifecycles/s  "
              f"({sizes['desk']} per pass; {ours['statements']} statements, "
              f"{ours['case selects']} SELECTs of the case row, {ours['case updates']} "
              "UPDATEs of it)")
        print(f"  {'Core, the same rows, ' + label:<34} {base_rate:9.1f} lifecycles/s  "
              f"({theirs['statements']} statements, {theirs['case updates']} UPDATEs of "
              "the case row)")
        desk_ms, base_ms, work_ms = 1e3 / desk_rate, 1e3 / base_rate, 1e3 / work_rate
        print(f"    per lifecycle: Desk {desk_ms:.1f} ms = decisions, letters and emails "
              f"in memory {work_ms:.1f} ms + the rest {desk_ms - work_ms:.1f} ms (reading, "
              f"sealing events, planning wake-ups, writing); Core {base_ms:.1f} ms; the "
              f"rest / Core "
              f"{(desk_ms - work_ms) / base_ms:.2f}x")
    print()
    ratio = core_rate / spiff_rate
    print(f"redress in memory / SpiffWorkflow: {ratio:5.1f}x   target >= 5x  {verdict(ratio >= 5)}")
    for label, desk_rate, base_rate, _, _, _ in results:
        r = desk_rate / base_rate
        print(f"redress Desk / Core same rows, {label}: {r:4.2f}x   target >= 0.5x  "
              f"{verdict(r >= 0.5)}")
    print()
    print("| benchmark | redress | compared with | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| two-stage lifecycles, in memory | {core_rate:,.0f} /s | SpiffWorkflow "
          f"{spiff_rate:,.0f} /s | {ratio:.1f}x | >= 5x: {'met' if ratio >= 5 else 'missed'} |")
    for label, desk_rate, base_rate, work_rate, ours, theirs in results:
        r = desk_rate / base_rate
        work_ms = 1e3 / work_rate
        print(f"| two-stage lifecycles, `Desk` on {label} | {desk_rate:,.1f} /s "
              f"({ours['statements']} statements; {ours['case selects']} SELECTs and "
              f"{ours['case updates']} UPDATEs of the case row) | SQLAlchemy Core writing "
              f"the same rows in the same 10 transactions: {base_rate:,.1f} /s "
              f"({theirs['statements']} statements) | {r:.2f}x | >= 0.5x: "
              f"{'met' if r >= 0.5 else 'missed'} |")
        print(f"| the same, less its decisions, letters and emails made in memory "
              f"({work_ms:.1f} ms a lifecycle) | {1e3 / desk_rate - work_ms:.1f} ms | "
              f"Core {1e3 / base_rate:.1f} ms | "
              f"{1e3 / base_rate / (1e3 / desk_rate - work_ms):.2f}x | |")


if __name__ == "__main__":
    main()

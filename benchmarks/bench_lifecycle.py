"""Full two-stage complaint lifecycles per second: redress against SpiffWorkflow.

A lifecycle is the whole of a complaint that goes to stage 2: open, acknowledge, extend,
respond, escalate, acknowledge, respond, close. redress runs it three ways:

- the pure core in memory (`open_case` / `apply`), which is what every caller shares;
- the shell `Desk` on a SQLite file, one version-checked transaction per action, which is
  what an operator's command costs apart from starting Python.

SpiffWorkflow runs the same process from benchmarks/two_stage.bpmn, with a boundary timer
on each stage's response. The timers are armed and checked on every step (the engine's
`refresh_timers`) but the run responds before they are due, so nothing ever sleeps.
Both sides load their process definition once, outside the timing.

Run: python benchmarks/bench_lifecycle.py
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

from _common import best_of, header, verdict
from redress.engine import (
    Config,
    Desk,
    Registry,
    WorkflowDefinition,
    WorkingCalendar,
    apply,
    open_case,
)
from redress.engine.cases import at_london, fixed_clock
from SpiffWorkflow.bpmn import BpmnWorkflow  # type: ignore[import-untyped]
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator  # type: ignore[import-untyped]
from SpiffWorkflow.util.task import TaskState  # type: ignore[import-untyped]

SEED = 20261122
BPMN = Path(__file__).with_name("two_stage.bpmn")
PROCESS_ID = "two_stage_complaint"

CORE_LIFECYCLES = 3000
DESK_LIFECYCLES = 150
SPIFF_LIFECYCLES = 600
REPEATS = 3
if "--smoke" in sys.argv:  # seconds, not minutes
    CORE_LIFECYCLES, DESK_LIFECYCLES, SPIFF_LIFECYCLES, REPEATS = 30, 3, 10, 1

ACKNOWLEDGE = {
    "complaint_definition": "Damp and mould in the back bedroom, reported three times",
    "outcomes_sought": "Repair the cause of the damp and redecorate",
}
RESPOND = {
    "decision": "upheld",
    "reasons": "The repair was not completed within the published timescale",
    "remedy": "Repair by a named date and GBP 150 for the time and trouble",
    "outstanding_actions": "none",
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


# --- redress: the shell on SQLite ----------------------------------------------------------


def desk_run(desk: Desk, count: int, plans: list[Timeline]) -> str:
    ref = ""
    for i in range(count):
        plan = plans[i % len(plans)]
        desk.clock = fixed_clock(plan.received_at)
        ref = desk.open_case(
            received_at=plan.received_at, resident="A Resident", actor="officer",
            workflow="chc-2024", email="a@example.org",
        ).ref  # fmt: skip
        for step, now in zip(STEPS, plan.steps, strict=True):
            desk.clock = fixed_clock(now)
            desk.act(ref, step.action, step.fields, step.actor)
    return ref


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


def main() -> None:
    header("bench_lifecycle: full two-stage complaint lifecycles per second")
    plans = timelines(64)

    defn = Registry().load("chc-2024")
    cal = WorkingCalendar()
    final = core_run(defn, cal, 1, plans)
    if final != "closed":
        raise RuntimeError(f"a redress lifecycle ended {final!r}, not 'closed'")
    core_s = best_of(REPEATS, lambda: core_run(defn, cal, CORE_LIFECYCLES, plans))
    core_rate = CORE_LIFECYCLES / core_s

    with tempfile.TemporaryDirectory(prefix="redress-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        desk = Desk.open(url, Config(), fixed_clock(plans[0].received_at))
        last = desk_run(desk, 1, plans)  # creates the schema's rows and warms caches
        desk_s = best_of(REPEATS, lambda: desk_run(desk, DESK_LIFECYCLES, plans))
        stored = desk.store.load(desk_run(desk, 1, plans))
        events = len(desk.store.events(last))
        if stored.state != "closed":
            raise RuntimeError(f"a stored lifecycle ended {stored.state!r}, not 'closed'")
        desk.store.engine.dispose()
    desk_rate = DESK_LIFECYCLES / desk_s

    spec = spiff_spec()
    timers = spiff_check(spec)
    spiff_s = best_of(REPEATS, lambda: spiff_run(spec, SPIFF_LIFECYCLES))
    spiff_rate = SPIFF_LIFECYCLES / spiff_s

    steps = len(STEPS) + 1
    print(
        f"a redress lifecycle: open + {len(STEPS)} actions ({steps} decisions, "
        f"{events} audit events when stored)"
    )
    print(
        f"a SpiffWorkflow lifecycle: {len(SPIFF_TASKS)} user tasks, 2 boundary timers "
        f"({timers}); SpiffWorkflow {version('SpiffWorkflow')}"
    )
    print(f"best of {REPEATS} passes")
    print()
    rows = (
        ("redress core, in memory", CORE_LIFECYCLES, core_rate),
        ("redress Desk, SQLite file", DESK_LIFECYCLES, desk_rate),
        ("SpiffWorkflow, in memory", SPIFF_LIFECYCLES, spiff_rate),
    )
    for name, count, rate in rows:
        per_step = 1e3 / rate / (len(SPIFF_TASKS) if name.startswith("Spiff") else steps)
        print(
            f"  {name:<27} {rate:9.0f} lifecycles/s  ({count} per pass, {per_step:.3f} ms per step)"
        )
    print()
    ratio = core_rate / spiff_rate
    print(f"redress in memory / SpiffWorkflow: {ratio:5.1f}x   target >= 5x  {verdict(ratio >= 5)}")
    print(
        f"redress on SQLite / SpiffWorkflow: {desk_rate / spiff_rate:5.2f}x   (no target: "
        "one commits every step to disk, the other keeps nothing)"
    )
    print(
        f"redress in memory / on SQLite:     {core_rate / desk_rate:5.0f}x   (the cost of "
        "persisting each step)"
    )


if __name__ == "__main__":
    main()

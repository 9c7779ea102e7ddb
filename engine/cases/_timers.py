"""What a case's deadlines owe the runner, and what the runner does when one comes due.

Pure decisions: `plan` turns an action's decision into the wake-ups to store (in the
action's own transaction); `fire` turns a wake-up that has come due into the case change,
alerts and next wake-up to store. The runner supplies the clock and the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

from .._errors import EngineError
from ..workflow._definition import TimerDef, WorkflowDefinition
from . import _core
from ._calendar import WorkingCalendar
from ._clock import at_london, day_label, local_date
from ._core import PENDING, Case, Deadline, Decision, Event, but

RUNNER = "redress.runner"  # the actor the runner's own changes are recorded under
REMIND, EXPIRE, UPDATE = "remind", "expire", "update"
DEFAULT_REMIND_AT = time(9, 0)


@dataclass(frozen=True)
class Wakeup:
    """A wake-up to store: at `due_at`, look at deadline `seq` of the case again."""

    kind: str
    seq: int
    due_at: datetime
    detail: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AlertSpec:
    kind: str  # reminder | breach | update | action_due | runner
    seq: int | None
    to: str  # handler | team
    subject: str
    message: str


@dataclass(frozen=True)
class Firing:
    """What one wake-up does. `decision` changes the case (None: the case is untouched)."""

    outcome: str  # what happened, for the job's record
    decision: Decision | None = None
    alerts: tuple[AlertSpec, ...] = ()
    next: tuple[Wakeup, ...] = ()


def wakeups_for(defn: WorkflowDefinition, calendar: WorkingCalendar, case: Case,
                d: Deadline, now: datetime, remind_at: time = DEFAULT_REMIND_AT,
                ) -> list[Wakeup]:
    """The wake-ups a pending deadline needs: its reminders, its expiry and, once an
    update interval has been agreed, the first update reminder."""
    timer = defn.timers.get(d.name)
    if timer is None or d.status != PENDING:
        return []
    out = []
    for r in timer.remind:
        day = calendar.subtract_working_days(d.due, r.working_days) if r.working_days \
            else d.due  # on the day itself (a review date)
        out.append(Wakeup(REMIND, d.seq, at_london(day, remind_at),
                          {"to": r.to, "working_days": str(r.working_days)}))
    out.append(Wakeup(EXPIRE, d.seq, d.expires_at))
    # updates are owed from when an interval is agreed (on an extension or by
    # agree_updates, 2024 5.9) until the deadline is met
    every = _interval(case, timer)
    if every:
        day = calendar.add_working_days(local_date(now), every)
        out.append(Wakeup(UPDATE, d.seq, at_london(day, remind_at),
                          {"to": timer.updates.to if timer.updates else "handler",
                           "every": str(every)}))
    return out


def _interval(case: Case, timer: TimerDef) -> int:
    if timer.updates is None:
        return 0
    try:
        return max(0, int(str(case.data.get(timer.updates.field, "0")).strip() or 0))
    except ValueError:
        return 0


def plan(defn: WorkflowDefinition, calendar: WorkingCalendar, before: Case | None,
         decision: Decision, remind_at: time = DEFAULT_REMIND_AT,
         ) -> tuple[set[int], list[Wakeup]]:
    """(deadlines whose stored wake-ups are stale, wake-ups to add) for a decision.

    A deadline that is new, moved, met or cancelled has its old wake-ups cancelled and, if
    still pending, gets fresh ones; so does one whose update interval was just agreed.
    """
    old = {d.seq: d for d in (before.deadlines if before else ())}
    changed_fields = set(decision.event.fields)
    stale: set[int] = set()
    add: list[Wakeup] = []
    for d in decision.case.deadlines:
        prev = old.get(d.seq)
        timer = defn.timers.get(d.name)
        agreed = bool(timer and timer.updates and timer.updates.field in changed_fields)
        if prev is not None and not agreed and (prev.due, prev.due_at, prev.status) == (
                d.due, d.due_at, d.status):
            continue
        if prev is not None:
            stale.add(d.seq)
        add.extend(wakeups_for(defn, calendar, decision.case, d, decision.event.at, remind_at))
    return stale, add


def validate_interval(defn: WorkflowDefinition, fields: Mapping[str, str]) -> None:
    """An agreed update interval must be a positive number of working days."""
    from .._errors import InvalidInput

    for t in defn.timers.values():
        if t.updates is not None and t.updates.field in fields:
            raw = fields[t.updates.field]
            if not (raw.strip().isascii() and raw.strip().isdigit()) or int(raw) < 1:
                raise InvalidInput(f"{t.updates.field} is the agreed interval between updates "
                                   f"in working days (Code {t.updates.code}); give a whole "
                                   f"number of 1 or more, got: {raw!r}")


def fire(defn: WorkflowDefinition, calendar: WorkingCalendar, case: Case, kind: str, seq: int,
         due_at: datetime, detail: Mapping[str, str], now: datetime,
         remind_at: time = DEFAULT_REMIND_AT) -> Firing:
    """Decide what a wake-up that has come due does to the case."""
    d = next((x for x in case.deadlines if x.seq == seq), None)
    if d is None or d.status != PENDING:
        return Firing("skipped: the deadline is no longer pending")
    timer = defn.timers.get(d.name)
    if timer is None:
        return Firing(f"skipped: the workflow has no timer {d.name!r}")
    what = _what(d, timer)
    if kind == REMIND:
        # counted from now, not from the plan: a runner that was down reminds late
        today, left = local_date(now), ""
        if today > d.due:
            subject = f"Reminder: {what} on case {case.ref} was due {day_label(d.due)}"
            left = "It is overdue."
        else:
            subject = f"Reminder: {what} on case {case.ref} is due {day_label(d.due)}"
            days = calendar.working_days_between(today, d.due)
            left = ("That is today." if days == 0 else
                    f"That is {days} working day{'s' if days != 1 else ''} from today.")
        message = f"{subject}. {left} Code {d.code}. Case state: {case.state}."
        return Firing("reminded", alerts=(AlertSpec(
            "action_due" if timer.started_by else "reminder", seq,
            detail.get("to", "handler"), subject, message),))
    if kind == UPDATE:
        every = _interval(case, timer)
        if not every:
            return Firing("skipped: no update interval is agreed")
        code = timer.updates.code if timer.updates else d.code
        subject = f"Update due: keep the resident on case {case.ref} informed"
        message = (f"The {what} on case {case.ref} is due {day_label(d.due)}. The interval "
                   f"agreed with the resident for updates is {every} working days "
                   f"(Code {code}); send them an update now.")
        nxt = Wakeup(UPDATE, seq, at_london(calendar.add_working_days(local_date(now), every),
                                            remind_at), dict(detail))
        return Firing("update reminder", alerts=(AlertSpec(
            "update", seq, detail.get("to", "handler"), subject, message),), next=(nxt,))
    if kind != EXPIRE:
        return Firing(f"skipped: unknown wake-up {kind!r}")
    expires_at = d.expires_at
    if now < expires_at or due_at != expires_at:
        return Firing("skipped: the deadline has moved")
    if timer.on_expiry == "none":
        return Firing("expired; nothing to do")
    if d.breached_at is not None:  # a breach is recorded once, whatever asks again
        return Firing("skipped: the breach is already recorded")
    if timer.on_expiry == "action" and timer.expiry_action:
        return _take(defn, calendar, case, d, timer.expiry_action, now, what)
    return _breach(case, d, timer, now, what)


def wakeup_line(defn: WorkflowDefinition, case: Case, kind: str, seq: int) -> str:
    """What a wake-up is, as the runner's log says it: what fires, for which deadline by
    its label, and the date that deadline is due (not the instant the wake-up fired)."""
    d = next((x for x in case.deadlines if x.seq == seq), None)
    timer = defn.timers.get(d.name) if d is not None else None
    if d is None or timer is None:
        return f"{kind} of deadline {seq}"
    what = f"{_what(d, timer)} due {day_label(d.due)}"
    return {REMIND: f"reminder: {what}", UPDATE: f"update reminder: {what}",
            EXPIRE: f"end of deadline: {what}"}.get(kind, f"{kind}: {what}")


def _what(d: Deadline, timer: TimerDef) -> str:
    label = timer.label or d.name
    return f"{label} ({d.note})" if d.note else label


def _breach(case: Case, d: Deadline, timer: TimerDef, now: datetime, what: str) -> Firing:
    breached = but(d, breached_at=now)
    deadlines = tuple(breached if x.seq == d.seq else x for x in case.deadlines)
    new = but(case, deadlines=deadlines, last_event_at=max(now, case.last_event_at or now))
    change = {"deadline": d.name, "change": "breached", "due": d.due.isoformat(),
              "code": d.code}
    event = Event("breach", RUNNER, now, case.state, case.state,
                  {"deadline": d.name, "due": d.due.isoformat()}, (change,))
    subject = f"Breach: {what} on case {case.ref} was due {day_label(d.due)}"
    late = ("" if timer.updates is None else
            f" Agree with the resident how often to update them (Code {timer.updates.code}).")
    message = (f"{subject} and has not been met (Code {d.code}). The breach is recorded on "
               f"the case.{late}")
    alerts = (AlertSpec("breach", d.seq, "handler", subject, message),
              AlertSpec("breach", d.seq, "team", subject, message))
    return Firing("breach recorded", Decision(new, event), alerts)


def _take(defn: WorkflowDefinition, calendar: WorkingCalendar, case: Case, d: Deadline,
          action: str, now: datetime, what: str) -> Firing:
    adef = defn.actions[action]
    fields = {"note": f"{what} ended on {day_label(d.due)}"} if "note" in adef.fields else {}
    try:
        decision = _core.apply(defn, calendar, case, action, fields, RUNNER,
                               max(now, case.last_event_at or now))
    except EngineError as exc:
        subject = f"Could not {action} case {case.ref} when its {what} ended"
        return Firing(f"refused: {exc}", alerts=(AlertSpec(
            "runner", d.seq, "team", subject, f"{subject}: {exc}"),))
    return Firing(f"took {action}", decision)


def due_first(jobs: Sequence[Wakeup]) -> list[Wakeup]:
    return sorted(jobs, key=lambda w: (w.due_at, w.seq, w.kind))

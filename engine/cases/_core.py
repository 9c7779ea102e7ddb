"""The pure core: a case's state and the decision an action produces.

`open_case` and `apply` take the definition, the calendar, the case, the inputs and the
clock's `now`, and return the new case and the event to record. Nothing here touches a
database, a file or the wall clock, so the CLI, the runner and the tests share one path.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

from .._errors import ActionRefused, InvalidInput
from .._inputs import LINE_BREAK, whole_number
from .._text import did_you_mean, has_encoded_word, has_line_break
from ..workflow._definition import (
    CONTACT,
    DATE_FIELDS,
    ActionDef,
    Exclusion,
    TimerDef,
    WorkflowDefinition,
)
from ..workflow._machine import available, destination
from ._calendar import WorkingCalendar
from ._clock import at_london, local_date, london, long_date, parse_date

PENDING, MET, LATE, OVERDUE, CANCELLED = "pending", "met", "late", "overdue", "cancelled"
# The fields an action names the one tracked run it meets with, by its number: a
# promised action (`complete_action --set deadline=N`) or an Ombudsman's order
# (`comply_order --set order=N`).
NAMES_A_RUN = ("deadline", "order")
PER_EXTENSION = ("good_reason", "agreed_on")
CHANNELS = ("email", "post")


@dataclass(frozen=True)
class Deadline:
    """One run of a timer on one case. `status` is stored; 'overdue' is read at a time."""

    seq: int
    name: str
    code: str
    started_on: date
    due: date
    status: str = PENDING
    completed_at: datetime | None = None
    extended_by: int = 0
    due_at: datetime | None = None  # for hour-based timers: the exact instant
    note: str = ""  # what a tracked action is (2024 Code 6.6)
    breached_at: datetime | None = None  # when the runner recorded the breach
    letter_seq: int | None = None  # the letter that answers it: met when that letter leaves

    @property
    def expires_at(self) -> datetime:
        """The first instant not in time: the end of the due day, London time."""
        if self.due_at is not None:
            return self.due_at
        return at_london(self.due + timedelta(days=1), time(0, 0))

    def in_time(self, now: datetime) -> bool:
        """Whether `now` is still within the deadline (by the instant for hour timers)."""
        if self.due_at is not None:
            return now <= self.due_at
        return local_date(now) <= self.due

    def status_at(self, now: datetime) -> str:
        if self.status != PENDING:
            return self.status
        return PENDING if self.in_time(now) else OVERDUE

    @property
    def completed_on(self) -> date | None:
        return local_date(self.completed_at) if self.completed_at else None


@dataclass(frozen=True)
class Case:
    ref: str
    workflow: str
    digest: str
    state: str
    received: date
    received_at: datetime
    resident: str
    email: str | None = None
    channel: str = "email"
    summary: str = ""
    data: Mapping[str, str] = field(default_factory=dict)
    handlers: Mapping[str, str] = field(default_factory=dict)  # stage -> responder
    deadlines: tuple[Deadline, ...] = ()
    last_event_at: datetime | None = None
    version: int = 0
    address: str = ""  # postal address, lines separated by commas or line breaks
    adjustments: Mapping[str, str] = field(default_factory=dict)  # 2024 Code 5.10

    def deadline(self, name: str) -> Deadline | None:
        """The latest run of the named timer."""
        runs = [d for d in self.deadlines if d.name == name]
        return runs[-1] if runs else None


@dataclass(frozen=True)
class Event:
    action: str
    actor: str
    at: datetime
    from_state: str | None
    to_state: str
    fields: Mapping[str, str]
    changes: tuple[Mapping[str, Any], ...] = ()  # deadline changes, for the history


@dataclass(frozen=True)
class Decision:
    case: Case
    event: Event
    # deadlines the action's (first) letter answers: they stay pending until it leaves
    answers: tuple[int, ...] = ()


_Record = TypeVar("_Record", Case, Deadline)


def but(record: _Record, **changes: Any) -> _Record:
    """`record` with `changes`: what `dataclasses.replace` gives for these frozen records
    (no `__post_init__`, no init-only fields), without its walk over every field, which
    costs more than the copy: every decision makes a few, and `audit verify` makes them
    again for every event of every case."""
    if not changes.keys() <= record.__dict__.keys():
        raise TypeError(f"{type(record).__name__} has no field "
                        f"{', '.join(changes.keys() - record.__dict__.keys())}")
    new = object.__new__(type(record))
    new.__dict__.update(record.__dict__, **changes)
    return new


def _start(
    timer: TimerDef, anchor: datetime, calendar: WorkingCalendar, seq: int
) -> Deadline:
    day = local_date(anchor)
    d = timer.duration
    due_at = None
    if d.unit == "working_days":
        due = calendar.add_working_days(day, d.length)
    elif d.unit == "days":
        due = day + timedelta(days=d.length)
    else:
        due_at = anchor + timedelta(hours=d.length)
        due = local_date(due_at)
    return Deadline(seq, timer.name, timer.code, day, due, due_at=due_at)


def _change(d: Deadline, what: str, **extra: Any) -> dict[str, Any]:
    return {"deadline": d.name, "change": what, "due": d.due.isoformat(), **extra}


def open_case(
    defn: WorkflowDefinition,
    calendar: WorkingCalendar,
    *,
    ref: str,
    received_at: datetime,
    resident: str,
    actor: str,
    now: datetime,
    email: str | None = None,
    channel: str = "email",
    summary: str = "",
    address: str = "",
    adjustments: Mapping[str, str] | None = None,
    noted: Mapping[str, str] | None = None,
    review_on: date | None = None,
) -> Decision:
    """A new case in the initial state, its first timers counted from receipt. `noted`:
    facts the opening records beside the resident's (a declared divergence)."""
    if not resident.strip():
        raise InvalidInput("--resident must not be empty")
    _no_line_breaks(resident=resident, email=email or "", ref=ref)
    if channel not in CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(CHANNELS)}, got: {channel!r}")
    if local_date(received_at) > local_date(now):
        raise InvalidInput(
            f"received date {local_date(received_at)} is after the clock's date {local_date(now)}"
        )
    if channel == "email" and not email:
        raise InvalidInput("--email is needed for a resident whose channel is email "
                           "(or use --channel post)")
    if channel == "post" and not address.strip():
        raise InvalidInput("--address is needed for a resident whose channel is post")
    adjusted = _adjusted({}, adjustments or {})
    state = defn.initial
    deadlines = tuple(
        _start(t, received_at, calendar, i + 1) for i, t in enumerate(defn.timers_started_by(state))
    )
    reviews, reviewed = _adjustment_reviews(defn, calendar, list(deadlines), adjusted, True,
                                            review_on, now)
    case = Case(
        ref=ref, workflow=defn.name, digest=defn.digest, state=state,
        received=local_date(received_at), received_at=received_at, resident=resident,
        email=email, channel=channel, summary=summary, deadlines=tuple(reviews),
        last_event_at=now, address=address.strip(), adjustments=adjusted,
    )
    recorded = {"resident": resident, "received": case.received.isoformat(),
                **{f"adjustment.{k}": v for k, v in adjusted.items()}, **reviewed,
                **(noted or {})}
    event = Event("open", actor, now, None, state, recorded,
                  tuple(_change(d, "started") for d in case.deadlines))
    return Decision(case, event)


ADJUSTMENTS = {
    "large_print": "letters in large print (16pt or larger)",
    "note": "any other adjustment agreed or disability disclosed, in words",
}


def _adjusted(current: Mapping[str, str], changes: Mapping[str, str]) -> dict[str, str]:
    """Apply adjustment changes; an empty value removes one."""
    out = dict(current)
    for key, value in changes.items():
        if key not in ADJUSTMENTS:
            raise InvalidInput(f"unknown adjustment {key!r}{did_you_mean(key, ADJUSTMENTS)}; "
                               f"known: {', '.join(ADJUSTMENTS)}")
        if value.strip():
            out[key] = value.strip()
        else:
            out.pop(key, None)
    return out


def _no_line_breaks(**values: str) -> None:
    """Names and addresses end up in email headers: a CR or LF there forges headers."""
    for name, value in values.items():
        if has_line_break(value):
            raise InvalidInput(f"--{name} must be one line: it contains {LINE_BREAK}")
        if has_encoded_word(value):
            raise InvalidInput(f"--{name} must be plain text: it contains an encoded mail "
                               "word (=?...?=), which a mail program would decode and which "
                               "could forge email headers")


def update_contact(
    case: Case,
    *,
    actor: str,
    now: datetime,
    email: str | None = None,
    address: str | None = None,
    channel: str | None = None,
    adjustments: Mapping[str, str] | None = None,
    defn: WorkflowDefinition | None = None,
    calendar: WorkingCalendar | None = None,
    review_on: date | None = None,
) -> Decision:
    """Record new contact details or reasonable adjustments (2024 Code 5.10) on the case.

    The case stays where it is; the change is an event in the audit trail like any other.
    Where the workflow keeps adjustments under review (a timer started by `contact`),
    recording or reviewing them sets the next review date (`review_on`, or the timer's
    default) and ending them all ends the review.
    """
    _not_backdated(case, now)
    _no_line_breaks(email=email or "")
    new_channel = channel or case.channel
    if new_channel not in CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(CHANNELS)}, got: {channel!r}")
    new = but(
        case,
        email=case.email if email is None else (email.strip() or None),
        address=case.address if address is None else address.strip(),
        channel=new_channel,
        adjustments=_adjusted(case.adjustments, adjustments or {}),
        last_event_at=now,
    )
    if new.channel == "email" and not new.email:
        raise InvalidInput("an email address is needed for a resident whose channel is email")
    if new.channel == "post" and not new.address:
        raise InvalidInput("a postal address is needed for a resident whose channel is post")
    recorded: dict[str, str] = {}
    for name in ("email", "address", "channel"):
        if getattr(new, name) != getattr(case, name):
            recorded[name] = str(getattr(new, name) or "")
    for key in sorted(set(case.adjustments) | set(new.adjustments)):
        if case.adjustments.get(key) != new.adjustments.get(key):
            recorded[f"adjustment.{key}"] = new.adjustments.get(key, "")
    changes: tuple[Mapping[str, Any], ...] = ()
    if defn is not None and calendar is not None:
        changed = any(k.startswith("adjustment.") for k in recorded)
        before = list(case.deadlines)
        after, reviewed = _adjustment_reviews(defn, calendar, before, new.adjustments,
                                              changed, review_on, now)
        recorded.update(reviewed)
        changes = tuple(_deadline_changes(before, after))
        new = but(new, deadlines=tuple(after))
    elif review_on is not None:
        raise InvalidInput(f"workflow {case.workflow} keeps no review date for adjustments")
    if not recorded:
        raise InvalidInput(f"nothing to change on case {case.ref}")
    return Decision(new, Event("contact", actor, now, case.state, case.state, recorded,
                               changes))


def _adjustment_reviews(defn: WorkflowDefinition, calendar: WorkingCalendar,
                        deadlines: list[Deadline], adjustments: Mapping[str, str],
                        changed: bool, review_on: date | None, now: datetime,
                        ) -> tuple[list[Deadline], dict[str, str]]:
    """Agreed adjustments are kept under active review (2024 5.10): recording or
    reviewing them meets the review due and sets the next; ending them ends it."""
    timers = defn.timers_started_by_action(CONTACT)
    if not timers:
        if review_on is not None:
            raise InvalidInput(f"workflow {defn.name} keeps no review date for adjustments")
        return deadlines, {}
    out = list(deadlines)
    if not adjustments:
        if review_on is not None:
            raise InvalidInput("no adjustment is recorded, so there is nothing to review")
        return [but(d, status=CANCELLED, completed_at=now)
                if d.status == PENDING and d.name in {t.name for t in timers} else d
                for d in out], {}
    if not changed and review_on is None:
        return out, {}
    recorded: dict[str, str] = {}
    for t in timers:
        out = [_completed(d, now) if d.status == PENDING and d.name == t.name else d
               for d in out]
        seq = max((d.seq for d in out), default=0) + 1
        given = {t.due_field or "": review_on.isoformat()} if review_on else {}
        started = _run(t, given, calendar, now, seq)
        out.append(started)
        recorded[t.due_field or "review_on"] = started.due.isoformat()
    return out, recorded


def _deadline_changes(before: list[Deadline], after: list[Deadline]) -> list[dict[str, Any]]:
    """The history's entries for deadlines a change started, met or ended."""
    old = {d.seq: d for d in before}
    out = []
    for d in after:
        if d.seq not in old:
            out.append(_change(d, "started"))
        elif old[d.seq].status != d.status:
            out.append(_change(d, d.status))
    return out


def apply(
    defn: WorkflowDefinition,
    calendar: WorkingCalendar,
    case: Case,
    action: str,
    fields: Mapping[str, str],
    actor: str,
    now: datetime,
    other: Case | None = None,
    letter_seq: int | None = None,
) -> Decision:
    """Decide what `action` does to `case` at `now`, or raise why it is refused.

    `other`: for a link (2024 6.8), the case named by `linked_case`; its own side of the
    link is decided by `linked`. `letter_seq`: the number the action's first letter was
    given, when it is known (a replay): the deadlines it answers name it."""
    if case.last_event_at is not None and now < case.last_event_at:
        raise ActionRefused(
            f"the clock ({now.astimezone(london()):%a %d %b %Y %H:%M}) is before case "
            f"{case.ref}'s last event "
            f"({case.last_event_at.astimezone(london()):%a %d %b %Y %H:%M}, London time); "
            "actions cannot be back-dated"
        )
    adef = defn.actions.get(action)
    if adef is None:
        raise InvalidInput(
            f"unknown action {action!r} for workflow {defn.name}"
            f"{did_you_mean(action, defn.actions)}; actions: {', '.join(defn.actions)}"
        )
    dest = destination(defn, case.state, action)
    if dest is None:
        state = defn.states[case.state]
        if state.final:
            allowed = open_actions(defn, case)
            also = f"; it can take: {', '.join(allowed)}" if allowed else ""
            raise ActionRefused(f"case {case.ref} is {case.state}: no {action} on a closed "
                                f"case{also}")
        raise ActionRefused(
            f"{action} is not allowed while case {case.ref} is {case.state}; allowed from: "
            f"{', '.join(adef.sources)}",
            adef.code,
        )
    _check_fields(adef.name, adef.fields, fields)
    stage = defn.states[case.state].stage
    missing = [(f, adef.code_for(f, stage)) for f, _ in adef.requires
               if not str(fields.get(f, "")).strip()]
    fields = _chosen(defn, adef, fields)
    missing += [(f, c) for f, c in _needed(defn, fields) if not fields.get(f, "").strip()]
    off_record = [(f, c) for f, c in _off_record(case, adef) if not fields.get(f, "").strip()]
    _recorded_first(defn, case, adef, off_record)
    missing += off_record
    if missing:
        raise ActionRefused(
            f"{action} needs "
            + "; ".join(f"{f} (Code {c})" if c else f for f, c in missing)
            + " — give each with --set FIELD=VALUE"
            + "".join(_options(defn, f) for f, _ in missing)
        )
    _says_something(fields)
    _amounts(fields)
    fields = _checked_values(fields, now)
    if adef.effect == "link":
        dest = _link_destination(defn, case, adef, fields, other)
    if defn.states[case.state].final:
        _once_per_stage(defn, case, adef, dest)
    fields = dict(fields)
    requested = None
    if "requested_on" in adef.fields:
        requested = _requested_on(defn, case, fields, now)
        fields["requested_on"] = requested.isoformat()  # recorded, default or given
    _time_limit(defn, case, adef.effect, dest, fields, now)
    handler_code = defn.rules.get("different_stage2_handler")
    if handler_code and action == "respond" and stage is not None and stage >= 2:
        first = case.handlers.get("1")
        if first is not None and first == actor:
            raise ActionRefused(
                f"{actor} responded at stage 1; the stage {stage} response must come from "
                "someone else (use --by)",
                handler_code,
            )
    changes: list[dict[str, Any]] = []
    deadlines = list(case.deadlines)

    if adef.effect == "refuse" and defn.exclusions:
        ground = fields.get("ground", "")
        if ground not in defn.exclusions:
            raise InvalidInput(
                f"ground {ground!r} is not an exclusion ground of {defn.name}"
                f"{did_you_mean(ground, defn.exclusions)}; grounds: {', '.join(defn.exclusions)}"
            )
        _refusal_in_time(defn, case, adef, dest, defn.exclusions[ground])
    if adef.effect == "extend":
        deadlines, change = _extend(defn, calendar, case, fields, deadlines, now)
        changes.append(change)

    # deadlines this action meets (one, when it names which with `deadline`)
    chosen = _chosen_deadline(case, defn, action, fields)
    ended_updates: list[str] = []
    # an answer given by letter is given when the letter leaves, not when it is drafted
    letter = next(iter(defn.letters_for(action, case.state)), None)
    answers: list[int] = []
    for i, d in enumerate(deadlines):
        if chosen is not None and d.seq != chosen:
            continue
        if d.status == PENDING and action in defn.timers[d.name].met_by:
            if letter is not None and defn.timers[d.name].window == "landlord":
                answers.append(d.seq)
                if letter_seq is not None:
                    deadlines[i] = but(d, letter_seq=letter_seq)
                changes.append(_change(d, "answered", letter=letter.kind))
                continue
            # the resident's own time is met by when they asked, not when it was recorded
            asked = requested if defn.timers[d.name].window == "resident" else None
            deadlines[i] = _completed(d, now, asked)
            changes.append(_change(deadlines[i], deadlines[i].status))
            ended_updates += _updates_field(defn, d)  # agreed updates end with the answer
    next_seq = max((d.seq for d in deadlines), default=0) + 1
    for t in defn.timers_started_by_action(action):
        if t.each and t.each in adef.fields:
            for what, due in listed_runs(t.each, fields.get(t.each, ""), t.code, now):
                started = Deadline(next_seq, t.name, t.code, local_date(now), due, note=what)
                next_seq += 1
                deadlines.append(started)
                changes.append(_change(started, "started", note=what))
            continue
        note = fields.get(t.describe, "") if t.describe else ""
        started = _run(t, fields, calendar, now, next_seq, note)
        next_seq += 1
        deadlines.append(started)
        changes.append(_change(started, "started", **({"note": note} if note else {})))
    if dest != case.state:
        if defn.states[dest].final:
            for i, d in enumerate(deadlines):
                # actions promised to the resident stay tracked after closure (6.6), and
                # so does an answer until its letter leaves
                awaiting = d.letter_seq is not None or d.seq in answers
                if d.status == PENDING and not defn.timers[d.name].started_by \
                        and not awaiting:
                    deadlines[i] = but(d, status=CANCELLED, completed_at=now)
                    changes.append(_change(deadlines[i], CANCELLED))
        next_seq = max((d.seq for d in deadlines), default=0) + 1
        # the resident's own time after an answer given by letter (the escalation
        # window) starts when the letter leaves: they cannot use it before they have it
        for t in defn.timers_started_by(dest):
            if answers and t.window == "resident":
                continue
            counted = fields.get(t.counts_from or "")
            anchor = at_london(date.fromisoformat(counted)) if counted else now
            started = _start(t, anchor, calendar, next_seq)
            next_seq += 1
            deadlines.append(started)
            changes.append(_change(started, "started"))

    handlers = dict(case.handlers)
    if action == "respond" and stage is not None:
        handlers[str(stage)] = actor
    renamed = dict(adef.record_as)
    data = {**case.data, **{renamed.get(k, k): v for k, v in fields.items()}}
    for name in (*ended_updates, *adef.clears):
        data.pop(name, None)
    if adef.effect == "link" and other is not None:
        data["links"] = _with_link(case.data.get("links", ""), other.ref,
                                   FOLDED_INTO if dest == adef.folds_to else RELATED)
    if adef.effect == "extend":
        for name in PER_EXTENSION:  # they justify this extension, not a later one
            if name not in fields:
                data.pop(name, None)
    new = but(
        case,
        state=dest,
        data=data,
        handlers=handlers,
        deadlines=tuple(deadlines),
        last_event_at=now,
    )
    return Decision(new, Event(action, actor, now, case.state, dest, dict(fields), tuple(changes)),
                    tuple(answers))


def letter_left(defn: WorkflowDefinition, calendar: WorkingCalendar, case: Case, seq: int,
                kind: str, entered: str, left_at: datetime, how: str, actor: str,
                now: datetime) -> Decision:
    """Letter `seq` left at `left_at` (the SMTP server took it, the print room has it, or
    an officer posted or handed it over): the deadlines it answers are met or late by
    that instant, and the resident's own time after it (the escalation window) starts
    then, if the case is still where the answer put it (`entered`)."""
    deadlines = list(case.deadlines)
    changes: list[dict[str, Any]] = []
    data = dict(case.data)
    for i, d in enumerate(deadlines):
        if d.letter_seq == seq and d.status == PENDING:
            deadlines[i] = _completed(d, left_at)
            changes.append(_change(deadlines[i], deadlines[i].status, letter=seq))
            for name in _updates_field(defn, d):
                data.pop(name, None)
    if changes and case.state == entered and not defn.states[entered].final:
        next_seq = max((d.seq for d in deadlines), default=0) + 1
        running = {d.name for d in deadlines if d.status == PENDING}
        for t in defn.timers_started_by(entered):
            if t.name in running or t.window != "resident":
                continue
            started = _start(t, left_at, calendar, next_seq)
            next_seq += 1
            deadlines.append(started)
            changes.append(_change(started, "started"))
    latest = max(case.last_event_at, now) if case.last_event_at else now
    new = but(case, deadlines=tuple(deadlines), data=data, last_event_at=latest)
    fields = {"letter": str(seq), "kind": kind, "left_on": local_date(left_at).isoformat(),
              "how": how}
    return Decision(new, Event("letter_sent", actor, now, case.state, case.state, fields,
                               tuple(changes)))


def _completed(d: Deadline, at: datetime, asked: date | None = None) -> Deadline:
    """`d` answered at `at` (or, for the resident's own time, asked on `asked`): met if
    in time, else late. A breach the runner recorded stays a breach, whatever moved the
    date since."""
    in_time = asked <= d.due if asked is not None else d.in_time(at)
    return but(d, status=MET if in_time and d.breached_at is None else LATE,
                   completed_at=at)


def _updates_field(defn: WorkflowDefinition, d: Deadline) -> list[str]:
    """The agreed-updates field of `d`'s timer (5.9), which ends when `d` is answered."""
    updates = defn.timers[d.name].updates
    return [updates.field] if updates is not None else []


def _named(timer: TimerDef) -> str:
    """A deadline as a sentence names it: "the stage 1 response"."""
    return f"the {timer.label[:1].lower()}{timer.label[1:]}"


def _not_backdated(case: Case, now: datetime) -> None:
    if case.last_event_at is not None and now < case.last_event_at:
        raise ActionRefused(f"the clock is before case {case.ref}'s last event; changes "
                            "cannot be back-dated")


def letter_withdrawn(defn: WorkflowDefinition, case: Case, seq: int, kind: str,
                     from_state: str | None, entered: str, note: str, actor: str,
                     now: datetime) -> Decision:
    """A drafted letter is withdrawn before it leaves, to be redrafted: the deadlines it
    would have answered wait for an answer again, and a case its action moved on goes
    back to where it was, so the action can be taken again."""
    _not_backdated(case, now)
    back = case.state
    if from_state is not None and from_state != entered:
        if case.state != entered:
            raise ActionRefused(f"case {case.ref} has moved on from {entered} since letter "
                                f"{seq} was drafted; it can no longer be withdrawn to be "
                                "redrafted")
        back = from_state
    deadlines = list(case.deadlines)
    changes: list[dict[str, Any]] = []
    for i, d in enumerate(deadlines):
        if d.letter_seq == seq and d.status == PENDING:
            deadlines[i] = but(d, letter_seq=None)
            changes.append(_change(d, "unanswered", letter=seq))
    new = but(case, state=back, deadlines=tuple(deadlines), last_event_at=now)
    fields = {"letter": str(seq), "kind": kind, **({"note": note} if note else {})}
    return Decision(new, Event("withdraw_letter", actor, now, case.state, back, fields,
                               tuple(changes)))


def _refusal_in_time(defn: WorkflowDefinition, case: Case, adef: ActionDef, dest: str,
                     ground: Exclusion) -> None:
    """Not accepting a complaint is decided on receipt; once it is in a stage, only a
    ground that can arise later (legal proceedings started, 2024 2.2) ends it so."""
    refusing = adef.destination(defn.initial) == dest
    if refusing and case.state != defn.initial and not ground.after_acceptance:
        later = [e.ground for e in defn.exclusions.values() if e.after_acceptance]
        raise ActionRefused(
            f"case {case.ref} was accepted into the complaints process; {ground.ground} can "
            "only be decided on receipt"
            + (f" (grounds that can arise later: {', '.join(later)})" if later else ""),
            ground.code)


def _recorded_first(defn: WorkflowDefinition, case: Case, adef: ActionDef,
                    off_record: list[tuple[str, str]]) -> None:
    """A field the case must hold, that this action cannot give, is recorded by another
    action first (an Ombudsman's reference, by the referral)."""
    absent = [(f, c) for f, c in off_record if f not in adef.fields]
    if not absent:
        return
    f, code = absent[0]
    by = [a.name for a in defn.actions.values() if f in a.fields and a.name != adef.name]
    raise ActionRefused(f"case {case.ref} has no {f} on record, which {adef.name} needs"
                        + (f": record it first with {' or '.join(by)}" if by else ""), code)


def _checked_values(fields: Mapping[str, str], now: datetime) -> dict[str, str]:
    """Dates recorded after the event are never after the clock, and are kept as ISO
    dates; a SHA-256 (an evidence bundle's) is 64 hexadecimal digits, kept in lower
    case."""
    out = dict(fields)
    for name in DATE_FIELDS:
        day = _recorded_date(out, name, now)
        if day is not None:
            out[name] = day.isoformat()
    for name, value in fields.items():
        if name.endswith("_sha256") and value.strip():
            digest = value.strip().lower()
            if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
                raise InvalidInput(f"{name} must be a SHA-256: 64 hexadecimal digits (as "
                                   f"`redress case export` prints), got: {value.strip()!r}")
            out[name] = digest
    return out


def _off_record(case: Case, adef: ActionDef) -> list[tuple[str, str]]:
    """The fields `adef` needs on the case's record that it does not hold yet."""
    return [(f, c) for f, c in adef.on_record if not case.data.get(f, "").strip()]


def open_actions(defn: WorkflowDefinition, case: Case) -> list[str]:
    """What `open_actions_plain` says, remembered per definition for the facts of the
    case it reads (a list of cases asks it for every case, and most share them)."""
    memo = _ActionsMemo.of(defn)
    key = memo.key(case)
    found = memo.answers.get(key)
    if found is None:
        if len(memo.answers) >= ACTIONS_MEMO_SIZE:
            memo.answers.clear()
        found = memo.answers[key] = tuple(open_actions_plain(defn, case))
    return list(found)


ACTIONS_MEMO_SIZE = 4096  # answers kept per definition: a few hundred cover a big list


class _ActionsMemo:
    """`open_actions_plain`'s answers for one definition, keyed by exactly what it reads
    of a case: the state, which timers have a pending (stored status) run, which of the
    fields some action needs on record are filled in, and, on a closed case, which
    stages have had their response (`handlers`). Nothing else of the case counts (the
    ref is only in a refusal's words, which are not kept)."""

    _of: ClassVar[dict[int, tuple[weakref.ref[WorkflowDefinition], _ActionsMemo]]] = {}

    def __init__(self, defn: WorkflowDefinition) -> None:
        self.on_record = frozenset(f for a in defn.actions.values() for f, _ in a.on_record)
        self.stages = tuple(sorted({str(s.stage) for s in defn.states.values()
                                    if s.stage is not None}))
        self.final = frozenset(n for n, s in defn.states.items() if s.final)
        self.answers: dict[tuple[Any, ...], tuple[str, ...]] = {}

    @classmethod
    def of(cls, defn: WorkflowDefinition) -> _ActionsMemo:
        # by identity, not by value: a definition holds dicts, so it has no hash; the
        # entry goes when the definition does
        held = cls._of.get(id(defn))
        if held is not None and held[0]() is defn:
            return held[1]
        memo = cls(defn)
        key = id(defn)
        cls._of[key] = (weakref.ref(defn, lambda _: cls._of.pop(key, None)), memo)
        return memo

    def key(self, case: Case) -> tuple[Any, ...]:
        on_record = self.on_record
        pending = frozenset([d.name for d in case.deadlines if d.status == PENDING])
        # the record's fields an action needs that hold more than blanks
        recorded = frozenset([f for f, v in case.data.items() if f in on_record and v.strip()])
        if case.state in self.final:
            handled = tuple(s in case.handlers for s in self.stages)
            return case.state, pending, recorded, handled
        return case.state, pending, recorded


def open_actions_plain(defn: WorkflowDefinition, case: Case) -> list[str]:
    """The actions the case can take now: the state graph's, less a closed case's late
    requests for a stage it has had its response at, less an action that only meets
    deadlines tracked one by one when none is pending (complete_action with nothing
    promised), on a closed case one that only adds to runs another action began unless
    one is still open, and one needing a record the case lacks and cannot be given with
    it (no restriction to lift)."""
    pending = {d.name for d in case.deadlines if d.status == PENDING}
    final = defn.states[case.state].final
    found = []
    for name in available(defn, case.state):
        meets = [t for t in defn.timers.values() if name in t.met_by]
        starts = [t for t in defn.timers.values() if name in t.started_by]
        if meets and not starts and all(t.started_by for t in meets) and \
                not any(t.name in pending for t in meets):
            continue
        # adding to runs another action began (an action promised after closure) only
        # while one of them is still open
        if final and starts and not meets and all(set(t.started_by) - {name} for t in starts) \
                and not any(t.name in pending for t in starts):
            continue
        adef = defn.actions[name]
        if not all(f in adef.fields for f, _ in _off_record(case, adef)):
            continue
        found.append(name)
    if not final:
        return found
    out = []
    for name in found:
        adef = defn.actions[name]
        dest = adef.destination(case.state)
        try:
            _once_per_stage(defn, case, adef, dest or case.state)
        except ActionRefused:
            continue
        out.append(name)
    return out


def _once_per_stage(defn: WorkflowDefinition, case: Case, adef: ActionDef, dest: str) -> None:
    """A closed case takes a late request (escalate, or decline it with reasons, 2024
    5.11) for a stage it has not had its response at; never a second run of one it has.
    Actions that leave it closed (a promised action recorded) are not requests."""
    if defn.states[dest].final and adef.effect != "refuse":
        return
    # the stage it takes a case into; for one that ends it (a decline), the stage it
    # answers a request for
    stages = {defn.states[d].stage for _, d in adef.moves if not defn.states[d].final} or \
        {defn.states[s].stage for s, _ in adef.moves if not defn.states[s].final}
    done = sorted(s for s in stages if s is not None and str(s) in case.handlers)
    if done:
        raise ActionRefused(f"case {case.ref} has had its stage {done[-1]} response; "
                            f"{adef.name} cannot take it through that stage again")


def _recorded_date(fields: Mapping[str, str], name: str, now: datetime) -> date | None:
    """A date an officer records for something that happened earlier: never after the
    clock."""
    raw = fields.get(name, "").strip()
    if not raw:
        return None
    day = parse_date(raw, name)
    if day > local_date(now):
        raise InvalidInput(f"{name} {day} is after the clock's date {local_date(now)}")
    return day


def _requested_on(defn: WorkflowDefinition, case: Case, fields: Mapping[str, str],
                  now: datetime) -> date:
    """When the resident asked (2024 6.11, 2022 5.13, 2020 3.11 count from it): given,
    or today. Not before the case reached its present state (a request to escalate
    cannot come before the response it escalates)."""
    day = _recorded_date(fields, "requested_on", now) or local_date(now)
    entering = {a.name for a in defn.actions.values()
                if any(dst == case.state != src for src, dst in a.moves)}
    unsent = [d for d in case.deadlines if d.status == PENDING and d.letter_seq is not None
              and entering & set(defn.timers[d.name].met_by)
              and not defn.states[case.state].final]
    if unsent:
        d = unsent[0]
        raise ActionRefused(f"{_named(defn.timers[d.name])} (letter {d.letter_seq}) has "
                            "not been sent yet, and a request counts from when it leaves: "
                            f"send it, or record how it left with redress letter sent "
                            f"{case.ref} {d.letter_seq}")
    entered = [d.started_on for d in case.deadlines
               if defn.timers[d.name].starts == case.state]
    since = f"the case reached \"{defn.states[case.state].label}\""
    if not entered:  # a closed case: not before the last answer it had
        answers = [d for d in case.deadlines if defn.timers[d.name].window == "landlord"
                   and not defn.timers[d.name].started_by]
        entered = [d.completed_on for d in answers if d.completed_on is not None]
        since = "the last response"
    if entered and day < max(entered):
        raise InvalidInput(f"requested_on {day} is before {since} on "
                           f"{long_date(max(entered))}")
    if day < case.received:
        raise InvalidInput(f"requested_on {day} is before the complaint was received "
                           f"({case.received})")
    return day


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the last day of a shorter month)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)  # pragma: no cover - 28 exists in every month


def _time_limit(defn: WorkflowDefinition, case: Case, effect: str | None, dest: str,
                fields: dict[str, str], now: datetime) -> None:
    """2024 2.3 (2020 1.5): a complaint may be refused as out of time only when the issue
    occurred, or the resident became aware of it, more than the limit before they
    complained; one older than that may be accepted, with the discretion recorded."""
    limits = [e for e in defn.exclusions.values() if e.months]
    aware = _recorded_date(fields, "aware_on", now)
    if aware is not None and aware > case.received:
        raise InvalidInput(f"aware_on {aware} is after the complaint was received "
                           f"({case.received})")
    if effect == "refuse":
        ground = defn.exclusions.get(fields.get("ground", ""))
        if ground is None or not ground.months:
            return
        if aware is None:
            raise ActionRefused(f"refusing on the ground {ground.ground} needs the date the "
                                "issue occurred or the resident became aware of it: give it "
                                "with --set aware_on=DATE", ground.code)
        limit = months_before(case.received, ground.months)
        if aware >= limit:
            raise ActionRefused(
                f"the issue occurred or came to the resident's notice on {long_date(aware)}, "
                f"within {ground.months} months before the complaint was received on "
                f"{long_date(case.received)}; it is not out of time", ground.code)
        return
    if aware is None or defn.states[dest].final or case.state != defn.initial:
        return
    for ground in limits:
        assert ground.months is not None
        if aware < months_before(case.received, ground.months) and \
                not fields.get("discretion", "").strip():
            raise ActionRefused(
                f"the issue occurred or came to the resident's notice on {long_date(aware)}, "
                f"more than {ground.months} months before the complaint was received; to "
                "accept it anyway, record why with --set discretion=...", ground.code)


def listed(raw: str) -> list[tuple[str, str]]:
    """The (what, when) pairs of a field listing runs a line each as `WHAT|DATE`; none
    for "none". A line without both parts gives ("", line)."""
    if raw.strip().lower() == "none":
        return []
    out = []
    for line in (x.strip() for x in raw.splitlines() if x.strip()):
        what, bar, when = line.rpartition("|")
        out.append((what.strip(), when.strip()) if bar and what.strip() else ("", line))
    return out


def listed_runs(field: str, raw: str, code: str, now: datetime) -> list[tuple[str, date]]:
    """`WHAT|DATE` lines (what will happen and by when, 2024 6.6, 7.3), or "none"."""
    if raw.strip().lower() == "none":
        return []
    runs = []
    for what, when in listed(raw):
        if not what:  # `when` holds the whole line
            raise ActionRefused(
                f"{field} must list each action with the date it will be done: give each "
                f"with --set-action \"WHAT|DATE\" (e.g. --set-action \"Fit the new tap|"
                f"{local_date(now) + timedelta(days=7)}\"), or --set {field}=none if there "
                f"are none; got: {when!r}", code)
        due = parse_date(when, f"the date of {what!r}")
        if due < local_date(now):
            raise InvalidInput(f"{what!r} is due on {due}, before today ({local_date(now)})")
        runs.append((what, due))
    if not runs:
        raise ActionRefused(f"{field} needs each action with its date (--set-action "
                            f"\"WHAT|DATE\"), or --set {field}=none", code)
    return runs


def _chosen_deadline(case: Case, defn: WorkflowDefinition, action: str,
                     fields: Mapping[str, str]) -> int | None:
    """The deadline an action names with `--set deadline=N` (or `order=N`), checked; None
    when unnamed."""
    named = next((f for f in NAMES_A_RUN if f in fields), None)
    if named is None:
        return None
    raw = fields[named]
    live = [d for d in case.deadlines
            if d.status == PENDING and action in defn.timers[d.name].met_by]
    listed = ", ".join(f"{d.seq} ({d.name}{': ' + d.note if d.note else ''})" for d in live)
    seq = int(raw) if raw.strip().isascii() and raw.strip().isdigit() else -1
    if seq not in {d.seq for d in live}:
        raise InvalidInput(f"{named} {raw!r} is not one {action} can meet on case {case.ref}; "
                           + (f"it can meet: {listed}" if live else "none is pending"))
    return seq


def _check_fields(action: str, known: tuple[str, ...], given: Mapping[str, str]) -> None:
    for name in given:
        if name not in known:
            raise InvalidInput(
                f"{action} has no field {name!r}{did_you_mean(name, known)}"
                + (f"; fields: {', '.join(known)}" if known else "; it takes no fields")
            )


# The most working days all extensions of one deadline may add, good reason or not:
# twelve weeks. The Code sets no such ceiling; it is here so that a slip of the keyboard
# (100000) never becomes a promised date in a letter.
MAX_EXTENSION = 60


def _extend(
    defn: WorkflowDefinition,
    calendar: WorkingCalendar,
    case: Case,
    fields: Mapping[str, str],
    deadlines: list[Deadline],
    now: datetime,
) -> tuple[list[Deadline], dict[str, Any]]:
    raw = fields.get("working_days", "")
    days = whole_number(raw, "working_days")
    if days < 1:
        raise InvalidInput(f"working_days must be a positive whole number, got: {raw!r}")
    candidates = [
        (i, d) for i, d in enumerate(deadlines)
        if d.status == PENDING and defn.timers[d.name].extend is not None
    ]
    wanted = fields.get("timer")
    if wanted:
        candidates = [(i, d) for i, d in candidates if d.name == wanted]
    if not candidates:
        which = f" named {wanted!r}" if wanted else ""
        raise ActionRefused(f"case {case.ref} has no pending extendable deadline{which}")
    if len(candidates) > 1:
        names = ", ".join(d.name for _, d in candidates)
        raise InvalidInput(f"more than one deadline can be extended ({names}); "
                           "choose with --set timer=NAME")
    i, d = candidates[0]
    timer = defn.timers[d.name]
    ext = timer.extend
    assert ext is not None
    agreed = _agreed_on(timer, d, fields, now, ext.code)
    total = d.extended_by + days
    if total > MAX_EXTENSION:
        raise ActionRefused(
            f"extending {d.name} by {total} working days in all is more than redress allows "
            f"({MAX_EXTENSION}, even with a good reason): check the number; a longer delay "
            "is a matter for the Ombudsman, not a promise to the resident", ext.code)
    over_cap = ext.max_working_days is not None and total > ext.max_working_days
    if over_cap and not fields.get("good_reason", "").strip():
        raise ActionRefused(
            f"extending {d.name} by {total} working days in all is more than "
            f"{ext.max_working_days}; record why with --set good_reason=...",
            ext.code,
        )
    new = but(d, due=calendar.add_working_days(d.due, days), extended_by=total,
                  due_at=None)
    if new.due < local_date(now):
        raise InvalidInput(f"extending {d.name} by {days} working days gives "
                           f"{long_date(new.due)}, which has already passed; the letter would "
                           "promise a date in the past")
    deadlines[i] = new
    return deadlines, _change(new, "extended", previous_due=d.due.isoformat(),
                              working_days=days, code=ext.code,
                              **({"agreed_on": agreed.isoformat()} if agreed else {}))


def _agreed_on(timer: TimerDef, d: Deadline, fields: Mapping[str, str], now: datetime,
               code: str) -> date | None:
    """An extension moves a deadline only if it was agreed while the deadline still ran
    (2024 6.4, 6.15): by default now; `agreed_on` records an agreement made earlier and
    written down later. Past the deadline it comes too late to move it."""
    what = _named(timer)
    raw = fields.get("agreed_on", "").strip()
    if not raw:
        if not d.in_time(now):
            raise ActionRefused(f"{what} was due on {long_date(d.due)}; an extension must be "
                                "agreed before then, or give the date it was agreed with "
                                "--set agreed_on=DATE", code)
        return None
    agreed = parse_date(raw, "agreed_on")
    if agreed > local_date(now):
        raise InvalidInput(f"agreed_on {agreed} is after the clock's date {local_date(now)}")
    if not d.in_time(at_london(agreed, time(0, 0))):
        raise ActionRefused(f"{what} was due on {long_date(d.due)}; an extension agreed on "
                            f"{long_date(agreed)} came after it", code)
    return agreed



def _run(t: TimerDef, fields: Mapping[str, str], calendar: WorkingCalendar, now: datetime,
         seq: int, note: str = "") -> Deadline:
    """A run of a timer an action starts: due on the date the action gives, or, when it
    gives none and the timer has a length, that long after now (a review of adjustments
    six months on unless another date is agreed, 2024 5.10)."""
    assert t.due_field is not None
    raw = fields.get(t.due_field, "").strip()
    # counted from the day the request came (the Ombudsman's, 2020 3.20), if given
    counted = fields.get(t.counts_from or "", "").strip()
    anchor = at_london(date.fromisoformat(counted)) if counted else now
    if not raw and t.duration.unit != "on_date":
        return but(_start(t, anchor, calendar, seq), note=note)
    due = parse_date(raw, t.due_field)
    if due < local_date(now):
        raise InvalidInput(f"{t.due_field} {due} is before today ({local_date(now)})")
    return Deadline(seq, t.name, t.code, local_date(anchor), due, note=note)


def _chosen(defn: WorkflowDefinition, adef: ActionDef,
            fields: Mapping[str, str]) -> dict[str, str]:
    """Fields with choices (a decision, a category) hold one of them, written as its
    label: "upheld" and "Upheld" are both recorded as the workflow's "Upheld"."""
    out = dict(fields)
    for name, value in fields.items():
        if name not in defn.choices or not value.strip():
            continue
        found = defn.choice(name, value)
        if found is None:
            raise InvalidInput(f"{name} {value.strip()!r} is not one of {defn.name}'s "
                               f"choices{did_you_mean(value.strip(), _labels(defn, name))}; "
                               f"choose one of: {', '.join(_labels(defn, name))}")
        out[name] = found.label
    return out


def _labels(defn: WorkflowDefinition, name: str) -> list[str]:
    return [c.label for c in defn.choices.get(name, {}).values()]


def _needed(defn: WorkflowDefinition, fields: Mapping[str, str]) -> list[tuple[str, str]]:
    """What the chosen values need: an upheld complaint's response says what went wrong
    (`failings`, 2024 7.1)."""
    out = []
    for name, value in fields.items():
        found = defn.choice(name, value) if name in defn.choices else None
        out += list(found.needs) if found else []
    return out


def _options(defn: WorkflowDefinition, name: str) -> str:
    labels = _labels(defn, name)
    return f"; {name} is one of: {', '.join(labels)}" if labels else ""


# Money offered to put things right, in pounds: "150", "£150" or "150.50" (2024 7.2); the
# annual report totals it (8.1)
AMOUNTS = ("compensation",)
_AMOUNT = re.compile(r"£?(\d{1,3}(,\d{3})+|\d{1,7})(\.\d{2})?")


def _amounts(fields: dict[str, str]) -> None:
    for name in AMOUNTS:
        raw = fields.get(name)
        if raw is None or not raw.strip():
            continue
        if not _AMOUNT.fullmatch(raw.strip()):
            raise InvalidInput(f"{name} is an amount in pounds, like 150 or 150.50, got: "
                               f"{raw!r}")
        fields[name] = f"{Decimal(raw.strip().lstrip('£').replace(',', '')):.2f}"


# A field that must say something: a learning note is what was learnt, or why nothing
# was ("no learning identified, because ..."), never a bare "none" (2024 9.1).
REASONED = ("learning",)
_EMPTY_WORDS = {"none", "n/a", "na", "nil", "no", "nothing", "-", "no learning",
                "no learning identified", "not applicable"}


def _says_something(fields: Mapping[str, str]) -> None:
    for name in REASONED:
        value = fields.get(name)
        if value is not None and value.strip().strip(".").lower() in _EMPTY_WORDS:
            raise InvalidInput(f"{name} must say what was learnt, or why nothing was: "
                               f"e.g. --set {name}=\"no learning identified, because ...\"; "
                               f"got: {value.strip()!r}")


# How one case stands to another it is linked with (2024 6.8).
FOLDED_INTO = "folded_into"  # this complaint is answered in the other's stage 1 response
FOLDED_IN = "folded_in"  # the other complaint is answered in this one's
RELATED = "related"  # a related complaint, logged and answered on its own
RELATIONS = ("related", "new")  # what an officer says: fold it in, or a new complaint


def links(raw: str) -> list[tuple[str, str]]:
    """The (ref, how) pairs of a case's `links` record, one `REF|HOW` a line."""
    out = []
    for line in raw.splitlines():
        ref, _, how = line.partition("|")
        if ref.strip():
            out.append((ref.strip(), how.strip()))
    return out


def _with_link(raw: str, ref: str, how: str) -> str:
    return "\n".join([*(f"{r}|{h}" for r, h in links(raw)), f"{ref}|{how}"])


def _stage1_unanswered(defn: WorkflowDefinition, case: Case) -> bool:
    """Open at stage 1, its stage 1 response not issued: only then can a related
    complaint be folded into (or from) it (2024 6.8)."""
    state = defn.states[case.state]
    return not state.final and state.stage == 1 and "1" not in case.handlers


def _link_destination(defn: WorkflowDefinition, case: Case, adef: ActionDef,
                      fields: Mapping[str, str], other: Case | None) -> str:
    """Where a link leaves this case (2024 6.8): a related complaint raised while another
    is at stage 1 and its response not issued is folded into that response, and this case
    ends; otherwise it is logged and answered as a new complaint, and stays open."""
    relation = fields.get("relation", "").strip().lower()
    if relation not in RELATIONS:
        raise InvalidInput(f"relation must be one of: {', '.join(RELATIONS)} (related: fold "
                           "this complaint into the other's stage 1 response; new: log it as "
                           f"a complaint of its own); got: {fields.get('relation', '')!r}")
    target = fields.get("linked_case", "").strip()
    if other is None:
        raise InvalidInput(f"linked_case {target!r}: no such case")
    if other.ref == case.ref:
        raise InvalidInput(f"case {case.ref} cannot be linked to itself")
    if other.ref in {r for r, _ in links(case.data.get("links", ""))}:
        raise ActionRefused(f"case {case.ref} is already linked to {other.ref}")
    if relation == "new":
        return case.state
    if not _stage1_unanswered(defn, case):
        raise ActionRefused(f"case {case.ref} is past receipt and stage 1 investigation "
                            f"({case.state}); only a complaint not yet answered can be folded "
                            "into another; link it with relation=new", _link_code(defn))
    return adef.folds_to or case.state


def linked(defn: WorkflowDefinition, case: Case, other_ref: str, relation: str,
           folded: bool, actor: str, now: datetime) -> Decision:
    """The other side of a link (2024 6.8), recorded on the case named by `linked_case`:
    a complaint folded into this case's stage 1 response needs that response not yet
    issued and the case at stage 1."""
    _not_backdated(case, now)
    if folded and not _stage1_unanswered(defn, case):
        raise ActionRefused(f"case {case.ref}'s stage 1 response has been issued (or the "
                            f"case is {case.state}); the new issues must be logged as a new "
                            "complaint: link with relation=new", _link_code(defn))
    how = FOLDED_IN if folded else RELATED
    data = {**case.data, "links": _with_link(case.data.get("links", ""), other_ref, how)}
    new = but(case, data=data, last_event_at=now)
    fields = {"linked_case": other_ref, "relation": relation}
    return Decision(new, Event("linked", actor, now, case.state, case.state, fields))


def _link_code(defn: WorkflowDefinition) -> str:
    return next((a.code_for("relation", None) for a in defn.actions.values()
                 if a.effect == "link"), "")

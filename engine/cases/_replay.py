"""Replay: a case's recorded events run again through its stored definition.

The audit chain proves the events; the replay proves the rest of the record follows
from them. Each event is decided again by the core (`open_case`, `apply`, `fire`,
`letter_left`, ...) with what it recorded: its fields, its clock, and its context (the
calendar's closures, when the complaint was received, when a letter left, the letters
it produced). The case it leads to is compared with the stored case, field by field.

Events recorded before schema 0005 were decided by earlier rules and carry no context:
the replay starts after them, from the case as it stood at the upgrade (its baseline).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from .._errors import EngineError
from ..workflow._definition import WorkflowDefinition, canonical_json
from . import _core
from ._calendar import WorkingCalendar
from ._clock import instant
from ._core import Case, Decision
from ._privacy import anonymised
from ._timers import EXPIRE, RUNNER, fire

Event = Mapping[str, Any]  # seq, action, actor, from_state, to_state, clock_at, and
# fields, changes and context decoded with personal values resolved (changes may be
# left as the stored JSON text when it holds no personal value)


@dataclass
class Replayed:
    case: Case | None
    held: str = ""
    erased: bool = False
    faults: list[str] = field(default_factory=list)
    left: dict[int, tuple[datetime, str, str]] = field(default_factory=dict)  # by, how
    withdrawn: dict[int, tuple[datetime, str]] = field(default_factory=dict)
    letters: dict[int, tuple[int, str]] = field(default_factory=dict)  # event, hash


def replay(defn: WorkflowDefinition, calendar: Callable[[Mapping[str, Any]], WorkingCalendar],
           ref: str, events: Sequence[Event], base: Case | None = None, base_seq: int = 0,
           letter_events: Mapping[int, int] | None = None) -> Replayed:
    """The case `events` lead to from `base` (after event `base_seq`), with every event
    whose recorded outcome the definition does not give. `calendar(context)`: the
    working days an event was decided with. `letter_events`: letter -> the event that
    wrote it, for letters written before the baseline."""
    out = Replayed(base)
    by_seq = {int(e["seq"]): e for e in events}
    made = dict(letter_events or {})
    for e in events:
        seq, action = int(e["seq"]), str(e["action"])
        for n, content in e["context"].get("letters", []):
            made[int(n)] = seq
            out.letters[int(n)] = (seq, str(content))
        if seq <= base_seq:
            continue
        if out.case is None and action != "open":
            where = f"{ref}: event {seq} ({action})"
            out.faults.append(f"{where} comes before the case was opened")
            return out
        # the deadlines an action's letter answers name its first letter: the core
        # sets it as it decides, as the store does when it writes the letters
        first = min((n for n, s in made.items() if s == seq), default=None)
        try:
            decision = _step(defn, calendar(e["context"]), ref, e, out, made, by_seq, first)
        except EngineError as exc:
            out.faults.append(f"{ref}: event {seq} ({action}) cannot be replayed: {exc}")
            continue
        if decision is None:
            continue
        got = decision.event
        if got.to_state != e["to_state"]:
            out.faults.append(f"{ref}: event {seq} ({action}) records the state "
                              f"{e['to_state']!r} but the definition leads to "
                              f"{got.to_state!r}")
        if not _same_changes(got.changes, e["changes"]):
            recorded = e["changes"]
            if isinstance(recorded, str):
                recorded = json.loads(recorded)
            out.faults.append(f"{ref}: event {seq} ({action}) records deadline changes "
                              f"the definition does not give: recorded "
                              f"{_changes(recorded)}; replayed "
                              f"{_changes(got.changes)}")
        out.case = decision.case
    return out


def _step(defn: WorkflowDefinition, calendar: WorkingCalendar, ref: str, e: Event,
          out: Replayed, made: Mapping[int, int], by_seq: Mapping[int, Event],
          letter_seq: int | None) -> Decision | None:
    action, actor, f, ctx = e["action"], e["actor"], e["fields"], e["context"]
    now = instant(e["clock_at"])
    assert now is not None
    if action == "open":
        received_at = instant(ctx.get("received_at"))
        if received_at is None:
            raise _NotReplayable("it records no time of receipt")
        return _core.open_case(
            defn, calendar, ref=ref, received_at=received_at, resident=f.get("resident", ""),
            actor=actor, now=now, email=ctx.get("email"), channel=ctx.get("channel", "email"),
            summary=ctx.get("summary") or "", address=ctx.get("address") or "",
            adjustments={k.removeprefix("adjustment."): v for k, v in f.items()
                         if k.startswith("adjustment.")},
            noted={k: v for k, v in f.items() if k in NOTED},
            review_on=_day(f.get("review_on")))
    case = out.case
    assert case is not None
    if action == "hold":
        out.held = str(f.get("reason", "")) or "held"
        return None
    if action == "release":
        out.held = ""
        return None
    if action == "erase":
        out.case, out.erased = anonymised(defn, case), True
        return None
    if action == "contact":
        adjustments = {k.removeprefix("adjustment."): v for k, v in f.items()
                       if k.startswith("adjustment.")}
        return _core.update_contact(case, actor=actor, now=now, email=f.get("email"),
                                    address=f.get("address"), channel=f.get("channel"),
                                    adjustments=adjustments, defn=defn, calendar=calendar,
                                    review_on=_day(f.get("review_on")))
    if action == "linked":  # the other side of a link another case recorded (6.8)
        relation = str(f.get("relation", ""))
        return _core.linked(defn, case, str(f.get("linked_case", "")), relation,
                            relation == "related", actor, now)
    adef = defn.actions.get(action)
    if adef is not None and adef.effect == "link":
        # the link names the other case by its reference; the core needs nothing else of it
        other = replace(case, ref=str(f.get("linked_case", "")).strip())
        return _core.apply(defn, calendar, case, action, f, actor, now, other=other,
                           letter_seq=letter_seq)
    if action in ("letter_sent", "withdraw_letter"):
        n = int(f.get("letter", 0))
        wrote = by_seq.get(made.get(n, -1))
        if wrote is None:
            raise _NotReplayable(f"no event records writing letter {n}")
        if action == "withdraw_letter":
            out.withdrawn[n] = (now, actor)
            return _core.letter_withdrawn(defn, case, n, f.get("kind", ""),
                                          wrote["from_state"], wrote["to_state"],
                                          f.get("note", ""), actor, now)
        left_at = instant(ctx.get("left_at"))
        if left_at is None:
            raise _NotReplayable("it records no time the letter left")
        out.left[n] = (left_at, actor, str(f.get("how", "")))
        return _core.letter_left(defn, calendar, case, n, f.get("kind", ""),
                                 wrote["to_state"], left_at, f.get("how", ""), actor, now)
    if action == "breach" and actor == RUNNER:
        due = date.fromisoformat(str(f.get("due")))
        d = next((x for x in case.deadlines if x.name == f.get("deadline") and x.due == due
                  and x.status == _core.PENDING), None)
        if d is None:
            raise _NotReplayable(f"no pending {f.get('deadline')} deadline was due on {due}")
        firing = fire(defn, calendar, case, EXPIRE, d.seq, d.expires_at, {}, now)
        if firing.decision is None:
            raise _NotReplayable(f"the expiry of deadline {d.seq} gives: {firing.outcome}")
        return firing.decision
    return _core.apply(defn, calendar, case, action, f, actor, now, letter_seq=letter_seq)


# what an opening records beside the resident's facts (a declared divergence; a complaint
# received before its workflow took effect, opened on it all the same)
NOTED = ("divergence", "before_effective")


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


class _NotReplayable(EngineError):
    """An event the replay cannot decide again from what it recorded."""


def _same_changes(replayed: Sequence[Mapping[str, Any]], recorded: Any) -> bool:
    """Whether an event's recorded deadline changes are the replayed ones, as canonical
    JSON. `recorded` may be the stored text itself (canonical JSON when it was written):
    the same text is the same changes without decoding it; other text is decoded and
    compared as before, so a spelling of the same changes is no fault."""
    mine = canonical_json([dict(c) for c in replayed])
    if isinstance(recorded, str):
        return mine == recorded or mine == canonical_json(json.loads(recorded))
    return mine == canonical_json(recorded)


def _changes(changes: Sequence[Mapping[str, Any]]) -> str:
    return "; ".join(f"{c.get('deadline')} {c.get('change')} due {c.get('due')}"
                     for c in changes) or "none"


CASE_FIELDS = ("workflow", "digest", "state", "received", "received_at", "resident", "email",
               "channel", "summary", "data", "handlers", "last_event_at", "address",
               "adjustments")
_case_fields = attrgetter(*CASE_FIELDS)


def compare(ref: str, stored: Case, replayed: Case) -> list[str]:
    """Where the stored case differs from the case its events lead to, field by field:
    "state is 'closed' but the events lead to 'stage1'"."""
    # most cases are intact: all the fields are compared at once, one by one only when
    # something differs, to say what
    faults = [] if _case_fields(stored) == _case_fields(replayed) else [
        f"{ref}: {name} is {_shown(getattr(stored, name))} but the events lead to "
        f"{_shown(getattr(replayed, name))}"
        for name in CASE_FIELDS if getattr(stored, name) != getattr(replayed, name)]
    if stored.deadlines == replayed.deadlines:
        return faults
    mine = {d.seq: d for d in stored.deadlines}
    theirs = {d.seq: d for d in replayed.deadlines}
    for seq in sorted(mine.keys() | theirs.keys()):
        a, b = mine.get(seq), theirs.get(seq)
        if a == b:
            continue
        if a is None:
            assert b is not None
            faults.append(f"{ref}: deadline {seq} ({b.name}) is missing but the events "
                          "lead to it")
            continue
        if b is None:
            faults.append(f"{ref}: deadline {seq} ({a.name}) is stored but no event leads "
                          "to it")
            continue
        for f in fields(a):
            x, y = getattr(a, f.name), getattr(b, f.name)
            if x != y:
                faults.append(f"{ref}: deadline {seq} ({a.name}) {f.name} is {_shown(x)} "
                              f"but the events lead to {_shown(y)}")
    return faults


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return f"'{value.isoformat()}'"
    if isinstance(value, Mapping):
        return canonical_json(dict(value))
    return repr(value.isoformat() if isinstance(value, date) else value)

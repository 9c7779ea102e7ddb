"""Timer behaviours: what a workflow declares, what each action plans, what each wake-up does.

The baselines use them all: reminders before a deadline (to the handler or the team), a
breach recorded at the end of the due day, the resident's escalation window closing the
case (2024 6.10, 2022 4.13), update reminders at the interval agreed when a response
will be late (2024 5.9), each outstanding action's date (2024 6.6, 7.3), and, in the
example landlord's workflow, a satisfaction survey 28 days after closure.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import cast

import pytest
from redress.engine import (
    Case,
    DefinitionError,
    Desk,
    InvalidInput,
    Registry,
    WorkflowDefinition,
    WorkingCalendar,
    apply,
    open_case,
)
from redress.engine.cases import (
    EXPIRE,
    REMIND,
    UPDATE,
    at_london,
    fire,
    letter_left,
    plan,
    wakeups_for,
)
from redress.engine.runner import MailSettings, Runner
from support import OUTCOME, Clock, deliver, left

CAL = WorkingCalendar()
ACK = {"complaint_definition": "Damp", "outcomes_sought": "Repair",
       "responsibility": "The walls are ours"}
RESPONSE = {"decision": "Upheld", **OUTCOME,
            "reasons": "Late repair", "remedy": "£50",
            "outstanding_actions": "none"}


def london(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return at_london(day, time(hour, minute))


def defn(name: str = "chc-2024"):  # type: ignore[no-untyped-def]
    return Registry().load(name)


def opened(name: str = "chc-2024", day: date = date(2026, 11, 2)):  # type: ignore[no-untyped-def]
    d = defn(name)
    decision = open_case(d, CAL, ref="R-1", received_at=london(day, 9), resident="Ms A",
                         actor="officer", now=london(day, 9), email="a@example.org")
    return d, decision


def act(d: WorkflowDefinition, case: Case, action: str, fields: dict[str, str], who: str,
        at: datetime) -> Case:
    """`apply`, and the letter the action writes leaves as it is written."""
    return cast(Case, left(d, CAL, apply(d, CAL, case, action, fields, who, at)))


# --- what an action plans ------------------------------------------------------------


def test_opening_plans_the_team_reminder_and_the_end_of_day_expiry() -> None:
    d, decision = opened()
    stale, add = plan(d, CAL, None, decision)
    assert stale == set()
    # acknowledge is due Mon 9 Nov (6.2): reminded 2 working days before, Thu 5 Nov at
    # 09:00 London; breached when Mon 9 Nov ends, midnight London (GMT in November)
    assert [(w.kind, w.seq, w.due_at, dict(w.detail)) for w in add] == [
        (REMIND, 1, datetime(2026, 11, 5, 9, 0, tzinfo=UTC),
         {"to": "team", "working_days": "2"}),
        (EXPIRE, 1, datetime(2026, 11, 10, 0, 0, tzinfo=UTC), {}),
    ]


def test_a_summer_deadline_ends_at_london_midnight_which_is_2300_utc() -> None:
    d, decision = opened(day=date(2026, 6, 1))
    expiry = next(w for w in plan(d, CAL, None, decision)[1] if w.kind == EXPIRE)
    assert decision.case.deadlines[0].due == date(2026, 6, 8)
    assert expiry.due_at == datetime(2026, 6, 8, 23, 0, tzinfo=UTC)


def test_a_reminder_skips_the_bank_holiday_before_the_due_date() -> None:
    # received Thu 17 Dec 2026: due 5 wd later = Mon 28 Dec is the Boxing Day substitute,
    # so Thu 24 Dec; 2 working days before that is Tue 22 Dec
    d, decision = opened(day=date(2026, 12, 17))
    due = decision.case.deadlines[0].due
    reminder = next(w for w in plan(d, CAL, None, decision)[1] if w.kind == REMIND)
    assert (due, reminder.due_at.date()) == (date(2026, 12, 24), date(2026, 12, 22))


def test_extending_replaces_the_wakeups_and_agreeing_an_interval_adds_update_reminders(
) -> None:
    d, decision = opened()
    case = act(d, decision.case, "acknowledge", ACK, "j.smith",
                 london(date(2026, 11, 3)))
    extended = apply(d, CAL, case, "extend", {"working_days": "3", "reason": "Survey",
                                              "update_every": "2"}, "j.smith",
                     london(date(2026, 11, 10)))
    stale, add = plan(d, CAL, case, extended)
    assert stale == {2}  # the stage 1 response deadline moved
    kinds = {(w.kind, w.due_at.date()) for w in add}
    # due 17 Nov + 3 wd = 20 Nov: reminder 18 Nov, expiry at the end of 20 Nov, and the
    # first update 2 working days after today (Tue 10 Nov) = Thu 12 Nov (5.9)
    assert kinds == {(REMIND, date(2026, 11, 18)), (EXPIRE, date(2026, 11, 21)),
                     (UPDATE, date(2026, 11, 12))}


def test_an_interval_agreed_at_stage_1_ends_with_the_stage_1_response() -> None:
    d, decision = opened()
    case = act(d, decision.case, "acknowledge", ACK, "j.smith",
                 london(date(2026, 11, 3)))
    case = act(d, case, "extend", {"working_days": "3", "reason": "r",
                                          "update_every": "2"}, "j.smith",
                 london(date(2026, 11, 10)))
    case = act(d, case, "respond", RESPONSE, "j.smith", london(date(2026, 11, 12)))
    case = act(d, case, "escalate", {}, "j.smith", london(date(2026, 11, 13)))
    acked = apply(d, CAL, case, "acknowledge", ACK, "j.smith", london(date(2026, 11, 16)))
    assert {w.kind for w in plan(d, CAL, case, acked)[1]} == {REMIND, EXPIRE}
    late = apply(d, CAL, acked.case, "extend", {"working_days": "5", "reason": "r"},
                 "s.khan", london(date(2026, 12, 1)))
    # the stage 1 agreement ended with the stage 1 response (5.9: until the response)
    assert UPDATE not in {w.kind for w in plan(d, CAL, acked.case, late)[1]}
    agreed = apply(d, CAL, late.case, "agree_updates", {"update_every": "3"}, "s.khan",
                   london(date(2026, 12, 2)))
    assert UPDATE in {w.kind for w in plan(d, CAL, late.case, agreed)[1]}


def test_meeting_a_deadline_cancels_its_wakeups_and_adds_none_for_it() -> None:
    d, decision = opened()
    acked = apply(d, CAL, decision.case, "acknowledge", ACK, "j.smith",
                  london(date(2026, 11, 3)))
    stale, add = plan(d, CAL, decision.case, acked)
    # drafted: the acknowledgement is not yet given, so its wake-ups stay
    assert stale == set()
    assert {w.seq for w in add} == {2}  # only the new stage 1 response deadline
    drafted = replace(acked.case, deadlines=tuple(
        replace(x, letter_seq=1) if x.seq in acked.answers else x
        for x in acked.case.deadlines))
    sent = letter_left(d, CAL, drafted, 1, "stage1_acknowledgement", "stage1",
                       london(date(2026, 11, 3), 11), "sent", "redress.runner",
                       london(date(2026, 11, 3), 11))
    stale, add = plan(d, CAL, drafted, sent)
    assert (stale, add) == ({1}, [])  # met when it left: its wake-ups go


def test_an_update_interval_must_be_a_whole_number_of_working_days(desk: Desk,
                                                                    clock: Clock) -> None:
    case = desk.open_case(received_at=clock.now, resident="A", actor="o", email="a@x.org")
    desk.act(case.ref, "acknowledge", ACK, "j.smith")
    with pytest.raises(InvalidInput, match=r"update_every is the agreed interval .* \(Code "
                       r"5\.9\).*got: 'weekly'"):
        desk.act(case.ref, "extend", {"working_days": "3", "reason": "r",
                                      "update_every": "weekly"}, "j.smith")


# --- what a wake-up does -------------------------------------------------------------


def _acknowledged():  # type: ignore[no-untyped-def]
    d, decision = opened()
    case = act(d, decision.case, "acknowledge", ACK, "j.smith",
                 london(date(2026, 11, 3)))
    return d, case


def test_a_reminder_alerts_without_touching_the_case() -> None:
    d, case = _acknowledged()
    f = fire(d, CAL, case, REMIND, 2, london(date(2026, 11, 13), 9),
             {"to": "handler", "working_days": "2"}, london(date(2026, 11, 13), 9))
    assert f.decision is None
    assert [(a.kind, a.to, a.subject) for a in f.alerts] == [
        ("reminder", "handler",
         "Reminder: Stage 1 response on case R-1 is due Tue 17 Nov 2026")]


def test_the_breach_waits_for_the_end_of_the_due_day_then_is_recorded_on_the_case() -> None:
    d, case = _acknowledged()
    deadline = case.deadline("stage1_response")
    assert deadline is not None and deadline.due == date(2026, 11, 17)
    late_on_due_day = london(date(2026, 11, 17), 23, 59)
    assert fire(d, CAL, case, EXPIRE, 2, deadline.expires_at, {}, late_on_due_day
                ).outcome.startswith("skipped")
    at_midnight = deadline.expires_at
    f = fire(d, CAL, case, EXPIRE, 2, deadline.expires_at, {}, at_midnight)
    assert f.decision is not None
    assert f.decision.event.action == "breach"
    assert f.decision.event.changes[0]["change"] == "breached"
    assert f.decision.case.deadline("stage1_response").breached_at == at_midnight  # type: ignore[union-attr]
    assert f.decision.case.state == case.state
    assert sorted(a.to for a in f.alerts) == ["handler", "team"]
    assert all("Code 6.3" in a.message for a in f.alerts)
    assert "Code 5.9" in f.alerts[0].message  # agree update intervals once it is late


def test_a_breach_is_recorded_once_even_if_asked_twice() -> None:
    d, case = _acknowledged()
    deadline = case.deadline("stage1_response")
    assert deadline is not None
    first = fire(d, CAL, case, EXPIRE, 2, deadline.expires_at, {}, deadline.expires_at)
    assert first.decision is not None
    again = fire(d, CAL, first.decision.case, EXPIRE, 2, deadline.expires_at, {},
                 deadline.expires_at)
    assert (again.outcome, again.decision, again.alerts) == (
        "skipped: the breach is already recorded", None, ())


def test_a_wakeup_for_a_moved_or_met_deadline_does_nothing() -> None:
    d, case = _acknowledged()
    old_expiry = case.deadline("stage1_response").expires_at  # type: ignore[union-attr]
    moved = act(d, case, "extend", {"working_days": "2", "reason": "r"}, "j.smith",
                  london(date(2026, 11, 10)))
    assert fire(d, CAL, moved, EXPIRE, 2, old_expiry, {}, old_expiry).outcome == \
        "skipped: the deadline has moved"
    met = act(d, case, "respond", RESPONSE, "j.smith", london(date(2026, 11, 12)))
    assert fire(d, CAL, met, EXPIRE, 2, old_expiry, {}, old_expiry).outcome == \
        "skipped: the deadline is no longer pending"


def test_the_end_of_the_escalation_window_closes_the_case() -> None:
    d, case = _acknowledged()
    responded = act(d, case, "respond", RESPONSE, "j.smith",
                      london(date(2026, 11, 12)))
    window = responded.deadline("escalation_window")
    assert window is not None and window.due == date(2026, 12, 10)  # 20 wd (6.10)
    f = fire(d, CAL, responded, EXPIRE, window.seq, window.expires_at, {}, window.expires_at)
    assert f.decision is not None and f.decision.case.state == "closed"
    assert f.decision.event.action == "close" and f.decision.event.actor == "redress.runner"
    assert f.decision.event.fields["note"] == \
        "Resident's time to ask for stage 2 ended on Thu 10 Dec 2026"
    assert not f.alerts  # the resident's own time: no breach


def test_update_reminders_repeat_at_the_agreed_interval() -> None:
    d, case = _acknowledged()
    ext = act(d, case, "extend", {"working_days": "5", "reason": "r",
                                         "update_every": "3"}, "j.smith",
                london(date(2026, 11, 10)))
    now = london(date(2026, 11, 13), 9)
    f = fire(d, CAL, ext, UPDATE, 2, now, {"to": "handler", "every": "3"}, now)
    assert f.alerts[0].kind == "update" and "3 working days (Code 5.9)" in f.alerts[0].message
    assert [(w.kind, w.due_at.date()) for w in f.next] == [(UPDATE, date(2026, 11, 18))]


def test_outstanding_actions_are_tracked_one_by_one_and_outlive_closure() -> None:
    d, case = _acknowledged()
    now = london(date(2026, 11, 12))
    case = act(d, case, "respond", RESPONSE, "j.smith", now)
    with pytest.raises(InvalidInput, match="due 2026-11-01 is before today"):
        apply(d, CAL, case, "record_action", {"what": "x", "due": "2026-11-01"}, "o", now)
    with pytest.raises(InvalidInput, match="due must be a date"):
        apply(d, CAL, case, "record_action", {"what": "x", "due": "soon"}, "o", now)
    case = act(d, case, "record_action", {"what": "Redecorate", "due": "2026-12-04"},
                 "o", now)
    case = act(d, case, "record_action", {"what": "Refund", "due": "2026-11-20"},
                 "o", now)
    tracked = [x for x in case.deadlines if x.name == "outstanding_action"]
    assert [(x.seq, x.note, x.due) for x in tracked] == [
        (4, "Redecorate", date(2026, 12, 4)), (5, "Refund", date(2026, 11, 20))]
    with pytest.raises(InvalidInput, match=r"deadline '9' is not one complete_action can "
                       r"meet on case R-1; it can meet: 4 \(outstanding_action: Redecorate\), "
                       r"5 \(outstanding_action: Refund\)"):
        apply(d, CAL, case, "complete_action", {"deadline": "9"}, "o", now)
    case = act(d, case, "complete_action", {"deadline": "5"}, "o", now)
    case = act(d, case, "close", {}, "o", now)
    by_seq = {x.seq: x.status for x in case.deadlines}
    assert (by_seq[4], by_seq[5]) == ("pending", "met")  # still tracked after closing
    f = fire(d, CAL, case, REMIND, 4, now, {"to": "handler", "working_days": "2"}, now)
    assert f.alerts[0].kind == "action_due"
    assert "Outstanding action (Redecorate) on case R-1 is due Fri 04 Dec 2026" in \
        f.alerts[0].subject


def test_the_survey_goes_28_days_after_closure_in_the_landlord_workflow() -> None:
    d = defn("landlord-2024")
    decision = open_case(d, CAL, ref="R-2", received_at=london(date(2026, 11, 2), 9),
                         resident="Ms A", actor="o", now=london(date(2026, 11, 2), 9),
                         email="a@example.org")
    now = london(date(2026, 11, 3))
    case = act(d, decision.case, "acknowledge", {**ACK, "investigating_team": "R"},
                 "o", now)
    case = act(d, case, "respond", RESPONSE, "o", now)
    case = act(d, case, "close", {}, "o", london(date(2026, 11, 4)))
    survey = case.deadline("satisfaction_survey")
    assert survey is not None and survey.due == date(2026, 12, 2)
    f = fire(d, CAL, case, EXPIRE, survey.seq, survey.expires_at, {}, survey.expires_at)
    assert f.decision is not None and f.decision.event.action == "send_survey"
    assert d.letters_for("send_survey", "closed")[0].kind == "satisfaction_survey"


# --- workflow declarations -----------------------------------------------------------

BASE = """\
workflow: t
title: T
effective_from: 2024-04-01
stages: {max: 1, code: "5.3"}
states:
  received: {stage: 1, initial: true}
  open: {stage: 1}
  closed: {final: true}
actions:
  acknowledge: {moves: {received: open}, accepts: [every]}
  close: {moves: {open: closed}}
  track: {moves: {open: open}, requires: {what: "6.6"}}
timers:
"""


@pytest.mark.parametrize(("timer", "line", "message"), [
    ("  a: {working_days: 5, starts: received, met_by: [acknowledge], code: '6.2',\n"
     "      remind: {working_days: 2, to: boss}}\n", 15,
     "timers.a.remind.to must be one of handler, team, got: 'boss'"),
    ("  a: {working_days: 5, starts: received, met_by: [acknowledge], code: '6.2',\n"
     "      on_expiry: {action: shut}}\n", 15,
     "timers.a.on_expiry.action: unknown action 'shut'"),
    ("  a: {working_days: 5, starts: received, met_by: [acknowledge], code: '6.2',\n"
     "      on_expiry: explode}\n", 15,
     "on_expiry must be one of breach, none or {action: NAME}, got: 'explode'"),
    ("  a: {started_by: track, on_date: due, met_by: [close], code: '6.6'}\n", 14,
     "action 'track' starts timer 'a' but has no field 'due' to give its date"),
    ("  a: {working_days: 5, starts: received, on_date: due, met_by: [close], code: '6'}\n", 14,
     "on_date needs started_by: ACTION"),
    ("  a: {working_days: 5, starts: received, met_by: [acknowledge], code: '6.2',\n"
     "      updates: {field: often, code: '5.9'}}\n", 15,
     "no action takes the field 'often': add it to an action's accepts (e.g. extend)"),
    ("  a: {working_days: 5, starts: received, met_by: [acknowledge], code: '6.2',\n"
     "      window: tenant}\n", 15,
     "window must be one of landlord, resident, got: 'tenant'"),
])
def test_a_bad_timer_behaviour_is_refused_naming_file_and_line(tmp_path: Path, timer: str,
                                                               line: int, message: str
                                                               ) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(BASE + timer, encoding="utf-8")
    with pytest.raises(DefinitionError) as err:
        Registry().load(str(path))
    assert f"{path}:{line}: {message}" in str(err.value)


def test_the_baselines_declare_every_behaviour_with_its_provision() -> None:
    d24, d22, d20 = defn("chc-2024"), defn("chc-2022"), defn("chc-2020")
    t = d24.timers
    assert [(r.working_days, r.to) for r in t["acknowledge"].remind] == [(2, "team")]
    assert [(r.working_days, r.to) for r in t["stage1_response"].remind] == [(2, "handler")]
    assert t["stage1_response"].updates is not None
    assert (t["stage1_response"].updates.field, t["stage1_response"].updates.code) == \
        ("update_every", "5.9")
    assert (t["escalation_window"].window, t["escalation_window"].expiry_action,
            t["escalation_window"].code) == ("resident", "close", "landlord")
    assert (t["outstanding_action"].started_by, t["outstanding_action"].each,
            t["outstanding_action"].code) == \
        (("record_action", "respond"), "outstanding_actions", "7.3")
    assert d22.timers["escalation_window"].code == "4.13"
    assert d22.timers["outstanding_action"].code == "5.5"
    assert d20.timers["stage1_response"].updates is not None
    assert d20.timers["escalation_window"].expiry_action == "close"
    for d in (d24, d22, d20):
        for timer in d.timers.values():
            if timer.window == "landlord" and not timer.started_by:
                assert timer.on_expiry == "breach", timer.name


def test_wakeups_for_a_closed_deadline_are_none() -> None:
    d, case = _acknowledged()
    ack = case.deadline("acknowledge")
    assert ack is not None and ack.status == "met"
    assert wakeups_for(d, CAL, case, ack, london(date(2026, 11, 3))) == []


# --- the runner on a real database (SQLite and PostgreSQL) ----------------------------


def _pass(desk: Desk, tmp_path: Path):  # type: ignore[no-untyped-def]
    from redress.engine._config import Config

    mail = MailSettings.from_config(Config(), env={"REDRESS_OUTBOX_DIR": str(tmp_path / "o"),
                                                   "REDRESS_PRINT_DIR": str(tmp_path / "p")},
                                    landlord_email="complaints@test-homes.example")
    runner = Runner(desk, mail, lambda line: None)
    return asyncio.run(runner.run_pass())


def test_runner_down_across_deadlines_fires_each_once_on_start(desk: Desk, clock: Clock,
                                                               tmp_path: Path) -> None:
    case = desk.open_case(received_at=clock.now, resident="Ms A", actor="o",
                          email="a@example.org")
    clock.set(date(2026, 11, 3))
    desk.act(case.ref, "acknowledge", ACK, "j.smith")
    clock.set(date(2026, 11, 25))  # past the reminder (13 Nov) and the due date (17 Nov)
    first = _pass(desk, tmp_path)
    # with no runner, the acknowledgement never left: its deadline (9 Nov) was missed too,
    # so both deadlines remind and breach: the letter, 2 reminders, 2 breach alerts (each
    # to the handler and the team, who share an address here: one email each)
    assert first.fired == 4 and first.sent == 1 + 4
    assert _pass(desk, tmp_path).fired == 0
    events = [e["action"] for e in desk.store.events(case.ref)]
    assert events.count("breach") == 2
    ack = desk.store.load(case.ref).deadline("acknowledge")
    assert ack is not None and (ack.status, ack.completed_on) == ("late", date(2026, 11, 25))
    assert desk.store.verify_audit(case.ref) == (1, [])  # the breach is in the chain
    shown = desk.store.load(case.ref).deadline("stage1_response")
    assert shown is not None and shown.breached_at is not None
    assert (tmp_path / "o" / f"{case.ref}-c1-letter-1.eml").is_file()


def test_a_case_changed_after_planning_is_fired_against_its_current_state(
        desk: Desk, clock: Clock, tmp_path: Path) -> None:
    case = desk.open_case(received_at=clock.now, resident="Ms A", actor="o",
                          email="a@example.org")
    clock.set(date(2026, 11, 3))
    desk.act(case.ref, "acknowledge", ACK, "j.smith")
    deliver(desk, case.ref)
    clock.set(date(2026, 11, 16))
    desk.act(case.ref, "respond", RESPONSE, "j.smith")
    deliver(desk, case.ref)
    clock.set(date(2026, 11, 25))
    result = _pass(desk, tmp_path)
    # no runner ran before the response: meeting the deadline cancelled its reminder
    # and its expiry, so nothing fires late and nothing is breached
    assert result.fired == 0
    assert "breach" not in [e["action"] for e in desk.store.events(case.ref)]

"""Full lifecycles under each Code edition and both examples, on SQLite and PostgreSQL.

Due dates are worked out by hand from the calendar (comments show the count) and the
provisions cited in the workflow files; the clock is moved, never waited for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from redress.engine import Desk
from support import OUTCOME, Clock, deliver, run_cli

ACK = {"complaint_definition": "Damp in the back bedroom", "outcomes_sought": "Repair it"}
ACK24 = {**ACK, "responsibility": "The bedroom walls and windows are ours to repair"}
ASPIRE_RESPONSE = {"decision": "Upheld", "reasons": "Repairs were late", "remedy": "£150",
                   "outstanding_actions": "none"}  # a policy with no choices of decision
RESPONSE = {"decision": "Upheld", **OUTCOME,
            "reasons": "Repairs were late", "remedy": "£150",
            "outstanding_actions": "none"}


@dataclass
class Step:
    day: date
    action: str
    by: str = "officer"
    fields: dict[str, str] = field(default_factory=dict)
    state: str = ""
    hour: int = 10


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def two_stages(ack: dict[str, str], *, stage2: tuple[date, str] = (date(2026, 12, 14), "s.khan"),
               close_on: date = date(2026, 12, 16)) -> list[Step]:
    """The Code's two-stage path: acknowledge, extend, respond, escalate, acknowledge,
    respond (on `stage2` = (day, handler)), close."""
    return [
        Step(d(11, 4), "acknowledge", fields=ack, state="stage1"),
        Step(d(11, 13), "extend", fields={"working_days": "5", "reason": "survey"},
             state="stage1"),
        Step(d(11, 23), "respond", "j.patel", RESPONSE, "stage1_responded"),
        Step(d(11, 25), "escalate", state="stage2_requested"),
        Step(d(11, 27), "acknowledge", fields=ack, state="stage2"),
        Step(stage2[0], "respond", stage2[1], RESPONSE, "stage2_responded"),
        Step(close_on, "close", state="closed"),
    ]


SCENARIOS = {
    # Received Mon 2 Nov 2026. Acknowledge: 5 wd (6.2) -> Mon 9 Nov. Stage 1: 10 wd from
    # the acknowledgement on 4 Nov (6.3) -> 18 Nov, +5 wd extension (6.4) -> 25 Nov.
    # Stage 2 acknowledgement: 5 wd from the request on 25 Nov (6.11) -> 2 Dec. Stage 2:
    # 20 wd from the acknowledgement on 27 Nov (6.14), skipping Christmas Day and the
    # Boxing Day substitute (28 Dec) -> 29 Dec.
    "chc-2024": (
        two_stages(ACK24),
        {"acknowledge": ("2026-11-09", "met"), "stage1_response": ("2026-11-25", "met"),
         "stage2_acknowledge": ("2026-12-02", "met"), "stage2_response": ("2026-12-29", "met"),
         # the resident's 20 working days to ask for stage 2 (6.10), from the 23 Nov response
         "escalation_window": ("2026-12-21", "met")},
    ),
    # 2022: stage 1 counts from logging = acknowledgement (5.1, 4.1) -> 18 Nov, +5 -> 25 Nov;
    # stage 2 counts 20 wd from the escalation on 25 Nov (5.13) -> 23 Dec.
    "chc-2022": (
        two_stages(ACK),
        {"acknowledge": ("2026-11-09", "met"), "stage1_response": ("2026-11-25", "met"),
         "stage2_response": ("2026-12-23", "met"), "escalation_window": ("2026-12-21", "met")},
    ),
    # 2020: stage 1 counts 10 wd from RECEIPT (3.11) -> 16 Nov, +5 -> 23 Nov (met on the
    # day); stage 2 20 wd from the request on 25 Nov -> 23 Dec. No different-handler
    # rule in this edition, so j.patel may answer both stages.
    "chc-2020": (
        two_stages(ACK, stage2=(d(12, 24), "j.patel"), close_on=d(12, 29)),
        {"acknowledge": ("2026-11-09", "met"), "stage1_response": ("2026-11-23", "met"),
         "stage2_response": ("2026-12-23", "late"), "escalation_window": ("2026-12-21", "met")},
    ),
    # landlord-2024: acknowledge 3 wd -> 5 Nov; stage 1 8 wd from 4 Nov -> 16 Nov, +5 (its
    # cap) -> 23 Nov; stage 2 acknowledgement 3 wd from 25 Nov -> 30 Nov; stage 2 15 wd
    # from 27 Nov -> 18 Dec.
    "landlord-2024": (
        two_stages({**ACK24, "investigating_team": "Repairs"}),
        {"acknowledge": ("2026-11-05", "met"), "stage1_response": ("2026-11-23", "met"),
         "stage2_acknowledge": ("2026-11-30", "met"), "stage2_response": ("2026-12-18", "met"),
         "escalation_window": ("2026-12-21", "met"),
         # its own survey, 28 calendar days after the close on 16 Dec
         "satisfaction_survey": ("2027-01-13", "pending")},
    ),
    # aspire-2010 (policy as written): acknowledge within 24 hours of receipt at 09:00 on
    # 2 Nov -> 3 Nov; full reply 10 wd from receipt -> 16 Nov; stage 2: 24 hours to
    # acknowledge the 16 Nov request, reply 10 wd from it -> 30 Nov; mediation offered,
    # then the panel: arranged within 20 wd of the 2 Dec request (Christmas Day, the
    # Boxing Day substitute and New Year's Day skipped) -> 4 Jan 2027; written response
    # 5 wd after the 17 Dec hearing -> 24 Dec.
    "aspire-2010": (
        [
            Step(d(11, 2), "acknowledge", fields={"complaint_definition": "Damp"},
                 state="stage1", hour=15),
            Step(d(11, 13), "respond", "j.patel", ASPIRE_RESPONSE, "stage1_responded"),
            Step(d(11, 16), "escalate", state="stage2_requested"),
            Step(d(11, 17), "acknowledge", fields={"complaint_definition": "Damp"},
                 state="stage2", hour=9),
            Step(d(11, 27), "respond", "head.of.service", ASPIRE_RESPONSE, "stage2_responded"),
            Step(d(11, 30), "offer_mediation", fields={"mediator": "Independent Mediation Ltd"},
                 state="mediation"),
            Step(d(12, 2), "escalate", state="stage3_requested"),
            Step(d(12, 3), "acknowledge", fields={"complaint_definition": "Damp"},
                 state="stage3_requested", hour=9),
            Step(d(12, 10), "arrange_panel", fields={"hearing_date": "2026-12-17",
                                                     "panel_members": "Two NEDs"},
                 state="panel_arranged"),
            Step(d(12, 17), "hold_hearing", state="panel_heard"),
            Step(d(12, 22), "respond", "panel.chair", ASPIRE_RESPONSE, "stage3_responded"),
            Step(d(12, 23), "close", state="closed"),
        ],
        {"acknowledge": ("2026-11-03", "met"), "stage1_response": ("2026-11-16", "met"),
         "stage2_acknowledge": ("2026-11-17", "met"), "stage2_response": ("2026-11-30", "met"),
         "stage3_acknowledge": ("2026-12-03", "met"), "panel_arranged": ("2027-01-04", "met"),
         "stage3_response": ("2026-12-24", "met")},
    ),
}


@pytest.mark.parametrize("workflow", list(SCENARIOS))
def test_full_lifecycle(desk: Desk, clock: Clock, workflow: str) -> None:
    steps, expected = SCENARIOS[workflow]
    clock.set(date(2026, 11, 2), 9)
    case = desk.open_case(received_at=clock.now, resident="Ms A Example", actor="officer",
                          workflow=workflow, email="a@example.org")
    assert case.state == "received"
    for step in steps:
        clock.set(step.day, step.hour)
        decision = desk.act(case.ref, step.action, step.fields, step.by)
        assert decision.case.state == step.state, step
        deliver(desk, case.ref)  # each letter leaves the day it is written
    final = desk.store.load(case.ref)
    got = {dl.name: (dl.due.isoformat(), dl.status_at(clock.now)) for dl in final.deadlines}
    assert got == expected
    events = desk.store.events(case.ref)
    assert final.version == len(events)
    assert len([e for e in events if e["action"] != "letter_sent"]) == len(steps) + 1
    assert desk.store.verify_audit(case.ref) == (1, [])


def test_restart_between_every_step(db_url: str, tmp_path: Path) -> None:
    """Each step in a fresh process: nothing lives in memory between them. The runner
    sends the automatic letters and an officer records each response as posted."""
    steps, expected = SCENARIOS["chc-2024"]
    opened = run_cli("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                     "--email", "a@example.org", db=db_url, now="2026-11-02")
    assert opened.returncode == 0, opened.stderr
    ref = opened.stdout.strip()
    for step in steps:
        args = ["case", "act", ref, step.action, "--by", step.by]
        for k, v in step.fields.items():
            args += ["--set", f"{k}={v}"]
        at = f"{step.day.isoformat()}T{step.hour:02d}:00"
        done = run_cli(*args, db=db_url, now=at)
        assert done.returncode == 0, done.stderr
        sent = run_cli("run", "--once", db=db_url, now=at, cwd=tmp_path)
        assert sent.returncode == 0, sent.stderr
        if step.action == "respond":
            letters = json.loads(run_cli("case", "show", ref, "--json", db=db_url,
                                         now=at).stdout)["letters"]
            posted = run_cli("letter", "sent", ref, str(letters[-1]["id"]), db=db_url, now=at)
            assert posted.returncode == 0, posted.stderr
    shown = run_cli("case", "show", ref, "--json", db=db_url, now="2026-12-16T12:00")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["state"] == "closed"
    assert {x["name"]: (x["due"], x["status"]) for x in data["deadlines"]} == expected
    assert [x["completed_on"] for x in data["deadlines"]] == [
        "2026-11-04", "2026-11-23", "2026-11-25", "2026-11-27", "2026-12-14"]


def test_hour_timer_late_by_an_hour(desk: Desk, clock: Clock) -> None:
    """aspire-2010's 24-hour acknowledgement is an instant, not a date."""
    clock.set(date(2026, 11, 2), 9)
    case = desk.open_case(received_at=clock.now, resident="A", actor="officer",
                          workflow="aspire-2010", email="a@example.org")
    clock.set(date(2026, 11, 3), 10)  # 25 hours after receipt
    desk.act(case.ref, "acknowledge", {"complaint_definition": "x"}, "officer")
    deliver(desk, case.ref)
    ack = desk.store.load(case.ref).deadline("acknowledge")
    assert ack is not None and ack.status == "late" and ack.due == date(2026, 11, 3)

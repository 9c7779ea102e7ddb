"""The case record tells the truth: what it says happened, happened when the Code counts it.

Each test cites the provision whose meaning it holds. They run on SQLite and PostgreSQL
(the `desk` fixture), since what is saved is what is tested.
"""

from __future__ import annotations

import json
import re
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from redress.engine import ActionRefused, Case, Desk, InvalidInput
from redress.engine.cases import at_london
from redress.engine.runner import MailSettings, fire_due
from redress.engine.store import letter_of, load_case
from support import OUTCOME, Clock

ACK = {"complaint_definition": "Damp", "outcomes_sought": "Repair", "responsibility": "Ours"}
ACK22 = {"complaint_definition": "Damp", "outcomes_sought": "Repair"}
RESPONSE = {"decision": "Upheld", **OUTCOME,
            "reasons": "Late", "remedy": "£50",
            "outstanding_actions": "none"}


def opened(desk: Desk, clock: Clock, workflow: str = "chc-2024",
           received: date = date(2026, 11, 2)) -> Case:
    clock.set(received, 9)
    return desk.open_case(received_at=clock.now, resident="A", actor="officer",
                          workflow=workflow, email="a@example.org")


def act(desk: Desk, clock: Clock, day: date, ref: str, action: str,
        fields: dict[str, str] | None = None, by: str = "officer") -> Case:
    clock.set(day)
    desk.act(ref, action, fields or {}, by)
    return desk.store.load(ref)


def letter_text(desk: Desk, ref: str, seq: int) -> str:
    with desk.store.reading() as fetch:
        case_id = load_case(fetch, ref)[0]
        return str(letter_of(fetch, ref, case_id, seq)["text"])


def respond(desk: Desk, clock: Clock, day: date, ref: str,
            fields: dict[str, str] | None = None, by: str = "j.patel") -> Case:
    """Answer the stage and post the answer the same day: the deadline is met when the
    letter leaves (recorded here as sent by hand)."""
    act(desk, clock, day, ref, "respond", fields or RESPONSE, by)
    seq = desk.store.letters(ref)[-1]["seq"]
    desk.letter_sent(ref, seq, None, "posted", "officer")
    return desk.store.load(ref)


def unchanged(desk: Desk, before: Case) -> None:
    assert desk.store.load(before.ref) == before
    assert len(desk.store.events(before.ref)) == before.version


def fire(desk: Desk, clock: Clock, day: date, hour: int = 1) -> list[str]:
    clock.set(day, hour)
    return fire_due(desk.store, desk.calendar, desk.letters, MailSettings(), "test",
                    clock.now, 200, desk.remind_at, desk.mailer)


def acknowledged(desk: Desk, clock: Clock) -> Case:
    """Acknowledged on 4 Nov 2026: the stage 1 response is due on 18 Nov (6.3)."""
    case = opened(desk, clock)
    act(desk, clock, date(2026, 11, 4), case.ref, "acknowledge", ACK)
    s1 = desk.store.load(case.ref).deadline("stage1_response")
    assert s1 is not None and s1.due == date(2026, 11, 18)
    return desk.store.load(case.ref)


# --- extensions are agreed before the deadline they move (2024 6.4, 6.15) -----------


def test_an_extension_after_the_deadline_is_refused(desk: Desk, clock: Clock) -> None:
    """Found: an extension granted on 19 Nov for a deadline of 18 Nov hid the breach."""
    case = acknowledged(desk, clock)
    clock.set(date(2026, 11, 19))
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "extend", {"working_days": "5", "reason": "survey"}, "officer")
    assert str(excinfo.value).startswith(
        "the stage 1 response was due on Wednesday 18 November 2026; an extension must be "
        "agreed before then")
    assert excinfo.value.code == "6.4"
    unchanged(desk, case)


def test_on_the_due_day_an_extension_is_still_in_time(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    done = act(desk, clock, date(2026, 11, 18), case.ref, "extend",
               {"working_days": "5", "reason": "survey"})
    s1 = done.deadline("stage1_response")
    assert s1 is not None and s1.due == date(2026, 11, 25)


def test_an_extension_agreed_in_time_can_be_recorded_later(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    done = act(desk, clock, date(2026, 11, 19), case.ref, "extend",
               {"working_days": "5", "reason": "survey", "agreed_on": "2026-11-17"})
    s1 = done.deadline("stage1_response")
    assert s1 is not None and s1.due == date(2026, 11, 25) and s1.status == "pending"
    change = json.loads(desk.store.events(case.ref)[-1]["changes"])[0]
    assert change["agreed_on"] == "2026-11-17"
    assert change["previous_due"] == "2026-11-18"


@pytest.mark.parametrize(("agreed_on", "error", "message"), [
    ("2026-11-19", ActionRefused, "an extension agreed on Thursday 19 November 2026 came "
     "after it"),
    ("2026-11-23", InvalidInput, "agreed_on 2026-11-23 is after the clock's date 2026-11-20"),
    ("yesterday", InvalidInput, "agreed_on"),
], ids=["after-the-deadline", "in-the-future", "not-a-date"])
def test_agreed_on_is_checked(desk: Desk, clock: Clock, agreed_on: str,
                              error: type[Exception], message: str) -> None:
    case = acknowledged(desk, clock)
    clock.set(date(2026, 11, 20))
    with pytest.raises(error) as excinfo:
        desk.act(case.ref, "extend", {"working_days": "5", "reason": "survey",
                                      "agreed_on": agreed_on}, "officer")
    assert message in str(excinfo.value)
    unchanged(desk, case)


def test_an_extension_never_promises_a_date_already_past(desk: Desk, clock: Clock) -> None:
    """Found: the extension letter promised a date already past."""
    case = acknowledged(desk, clock)
    clock.set(date(2026, 11, 25))
    with pytest.raises(InvalidInput, match="gives Friday 20 November 2026, which has "
                       "already passed"):
        desk.act(case.ref, "extend", {"working_days": "2", "reason": "survey",
                                      "agreed_on": "2026-11-16"}, "officer")
    unchanged(desk, case)


def test_a_recorded_breach_stays_a_breach(desk: Desk, clock: Clock) -> None:
    """An extension agreed in time but recorded after the runner saw the deadline pass
    moves the date, but the response is then `late`, never `met` (6.4)."""
    case = acknowledged(desk, clock)
    lines = fire(desk, clock, date(2026, 11, 19))
    assert any("breach recorded" in line for line in lines)
    act(desk, clock, date(2026, 11, 19), case.ref, "extend",
        {"working_days": "5", "reason": "survey", "agreed_on": "2026-11-17"})
    done = respond(desk, clock, date(2026, 11, 20), case.ref)
    s1 = done.deadline("stage1_response")
    assert s1 is not None and s1.breached_at is not None
    assert s1.status == "late"


def test_a_late_stage2_extension_cites_6_15(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    respond(desk, clock, date(2026, 11, 10), case.ref)
    act(desk, clock, date(2026, 11, 11), case.ref, "escalate")
    s2 = act(desk, clock, date(2026, 11, 12), case.ref, "acknowledge", ACK)
    due: Any = s2.deadline("stage2_response")
    assert due is not None
    clock.set(date.fromordinal(due.due.toordinal() + 1))
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "extend", {"working_days": "5", "reason": "survey"}, "officer")
    assert excinfo.value.code == "6.15"
    assert str(excinfo.value).startswith("the stage 2 final response was due on")


# --- stage 2 counts from the resident's request (2024 6.11, 2022 5.13, 2020 3.11) ----


def responded(desk: Desk, clock: Clock, workflow: str = "chc-2024") -> Case:
    """Acknowledged on 4 Nov, answered on 10 Nov 2026."""
    case = opened(desk, clock, workflow)
    act(desk, clock, date(2026, 11, 4), case.ref, "acknowledge",
        ACK if workflow == "chc-2024" else ACK22)
    return respond(desk, clock, date(2026, 11, 10), case.ref)


@pytest.mark.parametrize(("workflow", "timer", "code", "due"), [
    ("chc-2024", "stage2_acknowledge", "6.11", date(2026, 11, 19)),  # 12 Nov + 5 wd
    ("chc-2022", "stage2_response", "5.13", date(2026, 12, 10)),     # 12 Nov + 20 wd
    ("chc-2020", "stage2_response", "3.11", date(2026, 12, 10)),
], ids=["2024", "2022", "2020"])
def test_stage2_counts_from_the_request(desk: Desk, clock: Clock, workflow: str,
                                        timer: str, code: str, due: date) -> None:
    """Found: stage 2 clocks counted from when the officer recorded `escalate`."""
    case = responded(desk, clock, workflow)
    done = act(desk, clock, date(2026, 11, 17), case.ref, "escalate",
               {"requested_on": "2026-11-12"})
    d = done.deadline(timer)
    assert d is not None and d.code == code
    assert (d.started_on, d.due) == (date(2026, 11, 12), due)
    assert desk.store.events(case.ref)[-1]["fields"].count("2026-11-12") == 1


def test_requested_on_defaults_to_today_and_is_recorded(desk: Desk, clock: Clock) -> None:
    case = responded(desk, clock)
    done = act(desk, clock, date(2026, 11, 17), case.ref, "escalate")
    d = done.deadline("stage2_acknowledge")
    assert d is not None and d.started_on == date(2026, 11, 17)
    assert json.loads(desk.store.events(case.ref)[-1]["fields"]) == {
        "requested_on": "2026-11-17"}


def test_the_escalation_window_is_met_by_when_the_resident_asked(
        desk: Desk, clock: Clock) -> None:
    """The window is the resident's time (6.10): a request made in it and recorded
    after it ends is in time."""
    case = responded(desk, clock)
    window = case.deadline("escalation_window")
    assert window is not None and window.due == date(2026, 12, 8)
    done = act(desk, clock, date(2026, 12, 9), case.ref, "escalate",
               {"requested_on": "2026-12-07"})
    met = done.deadline("escalation_window")
    assert met is not None and met.status == "met"


@pytest.mark.parametrize(("requested_on", "message"), [
    ("2026-11-18", "requested_on 2026-11-18 is after the clock's date 2026-11-17"),
    ("2026-11-09", 'requested_on 2026-11-09 is before the case reached "Stage 1 response '
                   'sent" on Tuesday 10 November 2026'),
    ("12/11/2026", "requested_on"),
], ids=["after-the-clock", "before-the-response", "not-a-date"])
def test_requested_on_is_checked(desk: Desk, clock: Clock, requested_on: str,
                                 message: str) -> None:
    case = responded(desk, clock)
    clock.set(date(2026, 11, 17))
    with pytest.raises(InvalidInput) as excinfo:
        desk.act(case.ref, "escalate", {"requested_on": requested_on}, "officer")
    assert message in str(excinfo.value)
    unchanged(desk, case)


# --- the time limit counts from when the issue occurred or became known (2024 2.3) ---

REFUSAL = {"ground": "time_limit", "explanation": "The repair was in 2024"}


def test_a_time_limit_refusal_needs_the_date(desk: Desk, clock: Clock) -> None:
    """Found: a `time_limit` refusal was accepted for an issue from last week."""
    case = opened(desk, clock)
    clock.set(date(2026, 11, 3))
    with pytest.raises(ActionRefused, match="needs the date the issue occurred") as excinfo:
        desk.act(case.ref, "refuse", REFUSAL, "officer")
    assert excinfo.value.code == "2.3"
    with pytest.raises(ActionRefused, match="on Monday 26 October 2026, within 12 months "
                       "before the complaint was received on Monday 2 November 2026; it is "
                       "not out of time") as excinfo:
        desk.act(case.ref, "refuse", {**REFUSAL, "aware_on": "2026-10-26"}, "officer")
    assert excinfo.value.code == "2.3"
    unchanged(desk, case)


def test_a_time_limit_refusal_out_of_time(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    done = act(desk, clock, date(2026, 11, 3), case.ref, "refuse",
               {**REFUSAL, "aware_on": "2025-11-01"})
    assert done.state == "not_accepted"
    letter = desk.store.letters(case.ref)[-1]
    assert letter["kind"] == "not_accepted"


def test_the_limit_is_twelve_calendar_months(desk: Desk, clock: Clock) -> None:
    """Received 2 Nov 2026: 2 Nov 2025 is within 12 months; 1 Nov 2025 is not."""
    case = opened(desk, clock)
    clock.set(date(2026, 11, 3))
    with pytest.raises(ActionRefused, match="it is not out of time"):
        desk.act(case.ref, "refuse", {**REFUSAL, "aware_on": "2025-11-02"}, "officer")


def test_accepting_an_old_complaint_records_the_discretion(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    clock.set(date(2026, 11, 3))
    old = {**ACK, "aware_on": "2024-06-01"}
    with pytest.raises(ActionRefused, match="more than 12 months before the complaint was "
                       "received; to accept it anyway, record why with --set discretion="):
        desk.act(case.ref, "acknowledge", old, "officer")
    unchanged(desk, case)
    done = desk.act(case.ref, "acknowledge",
                    {**old, "discretion": "A recurring leak; older reports are background"},
                    "officer").case
    assert done.state == "stage1"
    assert done.data["discretion"].startswith("A recurring leak")


def test_aware_on_is_not_after_the_complaint(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    clock.set(date(2026, 11, 4))
    with pytest.raises(InvalidInput, match="aware_on 2026-11-03 is after the complaint was "
                       "received"):
        desk.act(case.ref, "acknowledge", {**ACK, "aware_on": "2026-11-03"}, "officer")


def test_the_exclusion_says_it_as_the_code_does(desk: Desk) -> None:
    defn = desk.registry.load("chc-2024")
    assert defn.exclusions["time_limit"].label == (
        "the issue occurred, or you became aware of it, more than 12 months before you "
        "complained")


# --- 5.6 and 5.7 at stage 2: its own definition and responsibility ---------------


def test_stage2_acknowledgement_needs_its_own_responsibility(desk: Desk, clock: Clock) -> None:
    """Found: the stage 2 acknowledgement reused the stage 1 text (5.7)."""
    case = responded(desk, clock)
    act(desk, clock, date(2026, 11, 11), case.ref, "escalate")
    clock.set(date(2026, 11, 12))
    before = desk.store.load(case.ref)
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "acknowledge", {"complaint_definition": "The stage 1 answer",
                                           "outcomes_sought": "A review"}, "officer")
    assert "acknowledge needs responsibility (Code 5.7)" in str(excinfo.value)
    unchanged(desk, before)
    with pytest.raises(ActionRefused, match=r"complaint_definition \(Code 5.6\)"):
        desk.act(case.ref, "acknowledge", {"outcomes_sought": "A review",
                                           "responsibility": "The review is ours"}, "officer")
    desk.act(case.ref, "acknowledge", {"complaint_definition": "The stage 1 answer",
                                       "outcomes_sought": "A review",
                                       "responsibility": "The review is ours"}, "officer")
    letter = desk.store.letters(case.ref)[-1]
    assert letter["kind"] == "stage2_acknowledgement"
    text = letter_text(desk, case.ref, letter["seq"])
    assert "The review is ours" in text and "Ours\n" not in text


# --- a workflow looser than its Code opens no case unless it says so -----------------

LOOSE = """\
workflow: loose-2024
title: A procedure with a slower stage 1
extends: chc-2024
timers:
  stage1_response:
    working_days: 15
"""


def loose_file(tmp_path: Path, extra: str = "") -> str:
    path = tmp_path / "loose-2024.yaml"
    path.write_text(LOOSE + extra, encoding="utf-8")
    return str(path)


def test_a_looser_workflow_opens_no_case(desk: Desk, clock: Clock, tmp_path: Path) -> None:
    """Found: a 15-working-day stage 1 under `extends: chc-2024` still opened cases."""
    path = loose_file(tmp_path)
    clock.set(date(2026, 11, 2))
    with pytest.raises(ActionRefused) as excinfo:
        desk.open_case(received_at=clock.now, resident="A", actor="officer",
                       workflow=path, email="a@example.org")
    message = str(excinfo.value)
    assert message.startswith("workflow loose-2024 is looser than chc-2024 in 1 way, so no "
                              "case can open on it:")
    assert f"{path}:6: [longer timer] timer stage1_response is 15 working days; chc-2024 " \
           "allows at most 10 working days (Code 6.3)" in message
    assert "divergence: {reason: ..., approved_by: ...}" in message
    assert desk.cases() == []


def test_a_declared_divergence_opens_and_is_recorded(desk: Desk, clock: Clock,
                                                      tmp_path: Path) -> None:
    path = loose_file(tmp_path, "divergence: {reason: Board-approved 15-day pilot, "
                                "approved_by: Board of 3 March 2026}\n")
    clock.set(date(2026, 11, 2))
    case = desk.open_case(received_at=clock.now, resident="A", actor="officer",
                          workflow=path, email="a@example.org")
    opened_with = json.loads(desk.store.events(case.ref)[0]["fields"])
    assert opened_with["divergence"] == ("Board-approved 15-day pilot (approved by Board of "
                                         "3 March 2026); looser than chc-2024 in 1 way")
    defn = desk.store.definition(case.digest)
    assert dict(defn.divergence) == {"reason": "Board-approved 15-day pilot",
                                     "approved_by": "Board of 3 March 2026"}


def test_a_tighter_workflow_opens_without_a_word(desk: Desk, clock: Clock) -> None:
    clock.set(date(2026, 11, 2))
    case = desk.open_case(received_at=clock.now, resident="A", actor="officer",
                          workflow="landlord-2024", email="a@example.org")
    assert "divergence" not in json.loads(desk.store.events(case.ref)[0]["fields"])
    assert desk.standing("landlord-2024").notice is None
    assert desk.standing("aspire-2010").notice == "it follows no Code edition"


# --- 5.2: no stage 0 -----------------------------------------------------------------

TRIAGE = """\
workflow: triage-2024
title: A procedure with a triage step
extends: chc-2024
states:
  triage: {stage: 1, label: Triage before logging}
timers:
  acknowledge:
    met_by: [acknowledge, refuse, triage]
actions:
  triage:
    moves: {received: triage}
  acknowledge:
    moves: {received: stage1, stage2_requested: stage2, triage: stage1}
"""


def test_workflow_check_finds_a_stage_zero(desk: Desk, tmp_path: Path) -> None:
    """A state reached from receipt in which the acknowledgement clock has stopped and
    no response clock runs is a 'stage 0' (2024 5.2)."""
    path = tmp_path / "triage-2024.yaml"
    path.write_text(TRIAGE, encoding="utf-8")
    st = desk.standing(str(path))
    assert [str(f) for f in st.findings if f.rule == "stage 0"] == [
        f"{path}:5: [stage 0] a case can reach triage from receipt with neither the "
        "acknowledgement (acknowledge) nor a response timer running: an extra stage before "
        "stage 1 (Code 5.2)"]


def test_a_triage_that_keeps_the_clock_running_is_no_stage_zero(
        desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "triage-2024.yaml"
    path.write_text(TRIAGE.replace("met_by: [acknowledge, refuse, triage]",
                                   "met_by: [acknowledge, refuse]"), encoding="utf-8")
    assert desk.standing(str(path)).findings == ()


@pytest.mark.parametrize("name", ["chc-2020", "chc-2022", "chc-2024", "landlord-2024"])
def test_the_bundled_workflows_have_no_stage_zero(desk: Desk, name: str) -> None:
    assert desk.standing(name).findings == ()


# --- 6.4/6.15: what an extension letter says, and the provisions cited at each stage --


def test_past_the_cap_the_letter_gives_the_good_reason(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    act(desk, clock, date(2026, 11, 10), case.ref, "extend",
        {"working_days": "6", "reason": "A survey is booked"})
    first = desk.store.letters(case.ref)[-1]
    assert "A survey is booked" in letter_text(desk, case.ref, first["seq"])
    assert "contractor" not in letter_text(desk, case.ref, first["seq"])
    act(desk, clock, date(2026, 11, 12), case.ref, "extend",
        {"working_days": "5", "reason": "The survey found more damp",
         "good_reason": "Our contractor went into administration"})
    second = desk.store.letters(case.ref)[-1]
    text = letter_text(desk, case.ref, second["seq"])
    assert "The survey found more damp" in text
    assert "Our contractor went into administration" in text


def test_a_good_reason_belongs_to_its_own_extension(desk: Desk, clock: Clock) -> None:
    """A stage 2 extension within its cap does not repeat stage 1's good reason."""
    case = acknowledged(desk, clock)
    act(desk, clock, date(2026, 11, 10), case.ref, "extend",
        {"working_days": "11", "reason": "Survey", "good_reason": "Contractor insolvency"})
    respond(desk, clock, date(2026, 11, 20), case.ref)
    act(desk, clock, date(2026, 11, 23), case.ref, "escalate")
    act(desk, clock, date(2026, 11, 24), case.ref, "acknowledge", ACK)
    act(desk, clock, date(2026, 11, 25), case.ref, "extend",
        {"working_days": "5", "reason": "Panel date"})
    last = desk.store.letters(case.ref)[-1]
    assert last["kind"] == "stage2_extension"
    assert "Contractor insolvency" not in letter_text(desk, case.ref, last["seq"])


@pytest.mark.parametrize(("stage", "action", "fields", "message"), [
    (1, "extend", {"working_days": "5"}, "extend needs reason (Code 6.4)"),
    (2, "extend", {"working_days": "5"}, "extend needs reason (Code 6.15)"),
    (1, "respond", {"decision": "Upheld"}, "reasons (Code 6.9)"),
    (2, "respond", {"decision": "Upheld"}, "reasons (Code 6.19)"),
], ids=["extend-stage1", "extend-stage2", "respond-stage1", "respond-stage2"])
def test_each_stage_cites_its_own_provision(desk: Desk, clock: Clock, stage: int,
                                            action: str, fields: dict[str, str],
                                            message: str) -> None:
    """Found: stage 2 refusals cited 6.4 and 6.9, the stage 1 provisions."""
    case = acknowledged(desk, clock)
    if stage == 2:
        respond(desk, clock, date(2026, 11, 10), case.ref)
        act(desk, clock, date(2026, 11, 11), case.ref, "escalate")
        case = act(desk, clock, date(2026, 11, 12), case.ref, "acknowledge", ACK)
    clock.set(date(2026, 11, 13))
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, action, fields, "s.khan")
    assert message in str(excinfo.value)


# --- 5.9: updates agreed whenever a response will be late ---------------------------


def test_updates_can_be_agreed_without_an_extension(desk: Desk, clock: Clock) -> None:
    """Found: update reminders started only once a deadline was extended."""
    case = acknowledged(desk, clock)
    act(desk, clock, date(2026, 11, 9), case.ref, "agree_updates", {"update_every": "3"})
    lines = fire(desk, clock, date(2026, 11, 12), 10)   # 9 Nov + 3 working days
    assert [line for line in lines if "update" in line], lines
    respond(desk, clock, date(2026, 11, 13), case.ref)
    later = fire(desk, clock, date(2026, 11, 30), 10)
    assert not [line for line in later if "update" in line], later
    assert "update_every" not in desk.store.load(case.ref).data


def test_agree_updates_cites_5_9(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    clock.set(date(2026, 11, 9))
    with pytest.raises(ActionRefused, match=r"agree_updates needs update_every \(Code 5.9\)"):
        desk.act(case.ref, "agree_updates", {}, "officer")
    with pytest.raises(InvalidInput, match="give a whole number of 1 or more"):
        desk.act(case.ref, "agree_updates", {"update_every": "0"}, "officer")


# --- a request after closure (2024 5.11, 6.11) ----------------------------------------


def closed_after_stage1(desk: Desk, clock: Clock) -> Case:
    case = responded(desk, clock)
    return act(desk, clock, date(2026, 11, 12), case.ref, "close")


def test_a_closed_case_can_be_escalated_later(desk: Desk, clock: Clock) -> None:
    """Found: once closed after stage 1, a later request could not be escalated."""
    case = closed_after_stage1(desk, clock)
    done = act(desk, clock, date(2027, 1, 20), case.ref, "escalate",
               {"requested_on": "2027-01-18"})
    assert done.state == "stage2_requested"
    ack = done.deadline("stage2_acknowledge")
    assert ack is not None and ack.started_on == date(2027, 1, 18)


def test_a_late_request_can_be_declined_with_its_letter(desk: Desk, clock: Clock) -> None:
    case = closed_after_stage1(desk, clock)
    done = act(desk, clock, date(2027, 1, 20), case.ref, "decline_escalation",
               {"ground": "previously_considered", "explanation": "Answered in full"})
    assert done.state == "closed"
    assert desk.store.letters(case.ref)[-1]["kind"] == "escalation_declined"


def test_no_second_stage2(desk: Desk, clock: Clock) -> None:
    case = responded(desk, clock)
    act(desk, clock, date(2026, 11, 11), case.ref, "escalate")
    act(desk, clock, date(2026, 11, 12), case.ref, "acknowledge", ACK)
    respond(desk, clock, date(2026, 11, 20), case.ref, by="s.khan")
    closed = act(desk, clock, date(2026, 11, 23), case.ref, "close")
    clock.set(date(2027, 1, 20))
    for action, fields in (("escalate", {}), ("decline_escalation",
                                              {"ground": "previously_considered",
                                               "explanation": "x"})):
        with pytest.raises(ActionRefused, match=f"has had its stage 2 response; {action} "
                           "cannot take it through that stage again"):
            desk.act(case.ref, action, fields, "officer")
    unchanged(desk, closed)
    # no promised action is open, so neither is offered; contact can still be
    # restricted, a related complaint linked and the Ombudsman's referral recorded
    assert shown(desk, case.ref)["available_actions"] == ["restrict", "link",
                                                          "refer_ombudsman"]


def test_a_late_request_is_not_before_the_response(desk: Desk, clock: Clock) -> None:
    case = closed_after_stage1(desk, clock)
    clock.set(date(2027, 1, 20))
    with pytest.raises(InvalidInput, match="requested_on 2026-11-09 is before the last "
                       "response on Tuesday 10 November 2026"):
        desk.act(case.ref, "escalate", {"requested_on": "2026-11-09"}, "officer")


# --- an exclusion that arises after acceptance (2024 2.2, 2.4) ------------------------


def test_legal_proceedings_during_stage1_end_the_case(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    done = act(desk, clock, date(2026, 11, 10), case.ref, "refuse",
               {"ground": "legal_proceedings", "explanation": "A claim was issued on 9 Nov"})
    assert done.state == "not_accepted"
    s1 = done.deadline("stage1_response")
    assert s1 is not None and s1.status == "cancelled"
    letter = desk.store.letters(case.ref)[-1]
    assert letter["kind"] == "not_accepted"
    text = letter_text(desk, case.ref, letter["seq"])
    assert "legal proceedings have started" in text and "0300 111 3000" in text


def test_other_grounds_are_decided_on_receipt(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    clock.set(date(2026, 11, 10))
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "refuse", {"ground": "previously_considered",
                                      "explanation": "x"}, "officer")
    assert str(excinfo.value) == (
        f"case {case.ref} was accepted into the complaints process; previously_considered "
        "can only be decided on receipt (grounds that can arise later: legal_proceedings) "
        "(Code 2.2)")
    unchanged(desk, case)


def test_withdraw_still_means_the_resident_withdrew(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    done = act(desk, clock, date(2026, 11, 10), case.ref, "withdraw", {"note": "By phone"})
    assert done.state == "withdrawn"


# --- a deadline answered by a letter is met when the letter leaves (item 1, 2) --------


def shown(desk: Desk, ref: str) -> dict[str, Any]:
    """`case show --json` as the CLI builds it."""
    from redress.engine.store import case_dict, letters_of

    with desk.store.reading() as fetch:
        case_id, case, _ = load_case(fetch, ref)
        letters = letters_of(fetch, case_id)
    return case_dict(case, desk.store.definition(case.digest), desk.clock(), letters)


def test_a_drafted_response_answers_nothing_until_it_leaves(desk: Desk, clock: Clock) -> None:
    """Found: `respond` drafted a manual letter and the deadline read "met" though the
    letter was never sent."""
    case = acknowledged(desk, clock)
    done = act(desk, clock, date(2026, 11, 10), case.ref, "respond", RESPONSE, "j.patel")
    s1 = done.deadline("stage1_response")
    assert s1 is not None and s1.status == "pending" and s1.letter_seq == 2
    assert done.deadline("escalation_window") is None  # counts from when it leaves
    view = shown(desk, case.ref)
    assert [(x["id"], x["state"]) for x in view["letters"]] == [(1, "queued"), (2, "drafted")]
    clock.set(date(2026, 11, 12), 15)
    left = desk.letter_sent(case.ref, 2, date(2026, 11, 11), "posted first class", "j.patel")
    assert left.date() == date(2026, 11, 11)
    after = desk.store.load(case.ref)
    s1 = after.deadline("stage1_response")
    assert s1 is not None and (s1.status, s1.completed_on) == ("met", date(2026, 11, 11))
    window = after.deadline("escalation_window")
    assert window is not None and window.started_on == date(2026, 11, 11)
    view = shown(desk, case.ref)
    assert view["letters"][1]["state"] == "sent"
    assert view["letters"][1]["left_how"] == ("recorded as sent by another route: posted "
                                              "first class")
    last = desk.store.events(case.ref)[-1]
    assert (last["action"], last["actor"]) == ("letter_sent", "j.patel")


def test_an_unsent_response_is_breached_and_then_late(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    act(desk, clock, date(2026, 11, 16), case.ref, "respond", RESPONSE, "j.patel")
    lines = fire(desk, clock, date(2026, 11, 19))   # due 18 Nov; the letter never left
    assert any("stage1_response" in line and "breach recorded" in line for line in lines) \
        or any("breach recorded" in line for line in lines), lines
    clock.set(date(2026, 11, 20), 10)
    desk.letter_sent(case.ref, 2, None, "", "j.patel")
    s1 = desk.store.load(case.ref).deadline("stage1_response")
    assert s1 is not None and s1.status == "late" and s1.breached_at is not None


def test_closing_keeps_an_unsent_answer_owed(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    act(desk, clock, date(2026, 11, 10), case.ref, "respond", RESPONSE, "j.patel")
    closed = act(desk, clock, date(2026, 11, 11), case.ref, "close")
    s1 = closed.deadline("stage1_response")
    assert s1 is not None and s1.status == "pending"


@pytest.mark.parametrize(("on", "message"), [
    ("2026-11-13", "--on 2026-11-13 is after the clock's date 2026-11-12"),
    ("2026-11-09", "--on 2026-11-09 is before letter 2 was written (2026-11-10)"),
], ids=["after-the-clock", "before-it-was-written"])
def test_letter_sent_dates_are_checked(desk: Desk, clock: Clock, on: str,
                                       message: str) -> None:
    case = acknowledged(desk, clock)
    act(desk, clock, date(2026, 11, 10), case.ref, "respond", RESPONSE, "j.patel")
    clock.set(date(2026, 11, 12))
    with pytest.raises(InvalidInput, match=re.escape(message)):
        desk.letter_sent(case.ref, 2, date.fromisoformat(on), "", "officer")


def test_a_letter_leaves_once(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    act(desk, clock, date(2026, 11, 10), case.ref, "respond", RESPONSE, "j.patel")
    clock.set(date(2026, 11, 11))
    desk.letter_sent(case.ref, 2, None, "", "officer")
    with pytest.raises(InvalidInput, match=r"letter 2 of case .* left on Wednesday 11 "
                       "November 2026"):
        desk.letter_sent(case.ref, 2, None, "", "officer")
    with pytest.raises(InvalidInput, match="queued"):
        desk.letter_sent(case.ref, 1, None, "", "officer")   # the runner sends that one


def test_a_drafted_response_can_be_withdrawn_and_redrafted(desk: Desk, clock: Clock) -> None:
    """Item 2: a mistake found in review needs no workaround."""
    case = acknowledged(desk, clock)
    act(desk, clock, date(2026, 11, 10), case.ref, "respond",
        {**RESPONSE, "remedy": "£5"}, "j.patel")
    clock.set(date(2026, 11, 10), 14)
    back = desk.withdraw_letter(case.ref, 2, "Wrong amount", "j.patel").case
    assert back.state == "stage1"
    s1 = back.deadline("stage1_response")
    assert s1 is not None and s1.status == "pending" and s1.letter_seq is None
    again = act(desk, clock, date(2026, 11, 11), case.ref, "respond", RESPONSE, "j.patel")
    assert again.deadline("stage1_response").letter_seq == 3  # type: ignore[union-attr]
    view = shown(desk, case.ref)
    assert [(x["id"], x["state"]) for x in view["letters"]][1:] == [(2, "cancelled"),
                                                                   (3, "drafted")]
    withdrawn = [e for e in desk.store.events(case.ref) if e["action"] == "withdraw_letter"]
    assert json.loads(withdrawn[0]["fields"]) == {"letter": "2", "kind": "stage1_response",
                                                  "note": "Wrong amount"}
    with pytest.raises(InvalidInput, match=r"letter 2 of case .* was withdrawn"):
        desk.letter_sent(case.ref, 2, None, "", "officer")


def test_a_letter_that_left_cannot_be_withdrawn(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    act(desk, clock, date(2026, 11, 10), case.ref, "respond", RESPONSE, "j.patel")
    desk.letter_sent(case.ref, 2, None, "", "officer")
    with pytest.raises(InvalidInput, match="left on"):
        desk.withdraw_letter(case.ref, 2, "", "officer")


def test_a_late_request_counts_from_when_the_response_left(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    act(desk, clock, date(2026, 11, 10), case.ref, "respond", RESPONSE, "j.patel")
    clock.set(date(2026, 11, 13))
    desk.letter_sent(case.ref, 2, date(2026, 11, 12), "", "officer")
    clock.set(date(2026, 11, 17))
    with pytest.raises(InvalidInput, match="requested_on 2026-11-11 is before the case "
                       'reached "Stage 1 response sent" on Thursday 12 November 2026'):
        desk.act(case.ref, "escalate", {"requested_on": "2026-11-11"}, "officer")


def test_no_escalation_before_the_response_leaves(desk: Desk, clock: Clock) -> None:
    """Found: the stage 1 response was never sent, the deadline read "met" and the case
    went on to stage 2 with no alert."""
    case = acknowledged(desk, clock)
    before = act(desk, clock, date(2026, 11, 10), case.ref, "respond", RESPONSE, "j.patel")
    clock.set(date(2026, 11, 11))
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "escalate", {}, "officer")
    assert str(excinfo.value) == (
        "the stage 1 response (letter 2) has not been sent yet, and a request counts from "
        f"when it leaves: send it, or record how it left with redress letter sent {case.ref} 2")
    unchanged(desk, before)


def test_a_case_closed_after_stage1_offers_the_late_request(desk: Desk, clock: Clock) -> None:
    case = closed_after_stage1(desk, clock)
    assert shown(desk, case.ref)["available_actions"] == [
        "escalate", "decline_escalation", "restrict", "link", "refer_ombudsman"]


# --- 6.6, 7.3: what will happen and by when, tracked (item 11) ------------------------


@pytest.mark.parametrize("workflow", ["chc-2024", "chc-2022", "chc-2020"])
def test_a_response_lists_its_actions_and_each_is_tracked(desk: Desk, clock: Clock,
                                                          workflow: str) -> None:
    case = opened(desk, clock, workflow)
    act(desk, clock, date(2026, 11, 4), case.ref, "acknowledge",
        ACK if workflow == "chc-2024" else ACK22)
    done = respond(desk, clock, date(2026, 11, 10), case.ref, {
        **RESPONSE, "outstanding_actions": "Redecorate the bedroom|2026-12-04\n"
                                           "Refund the rent|2026-11-20"})
    tracked = [(d.note, d.due, d.status) for d in done.deadlines
               if d.name == "outstanding_action"]
    assert tracked == [("Redecorate the bedroom", date(2026, 12, 4), "pending"),
                       ("Refund the rent", date(2026, 11, 20), "pending")]
    letter = desk.store.letters(case.ref)[-1]
    text = letter_text(desk, case.ref, letter["seq"])
    assert "Redecorate the bedroom by Friday 4 December 2026" in " ".join(text.split())
    assert "Refund the rent by Friday 20 November 2026" in " ".join(text.split())
    closed = act(desk, clock, date(2026, 11, 11), case.ref, "close")
    assert [d.status for d in closed.deadlines if d.name == "outstanding_action"] == [
        "pending", "pending"]   # they outlive the closure


def test_free_text_actions_are_refused_with_a_pointer(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    clock.set(date(2026, 11, 10))
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "respond", {**RESPONSE, "outstanding_actions":
                                       "Redecoration next month"}, "j.patel")
    assert 'give each with --set-action "WHAT|DATE"' in str(excinfo.value)
    assert "or --set outstanding_actions=none" in str(excinfo.value)
    assert excinfo.value.code == "7.3"
    unchanged(desk, case)
    with pytest.raises(InvalidInput, match=r"'Refund' is due on 2026-11-01, before today"):
        desk.act(case.ref, "respond", {**RESPONSE, "outstanding_actions":
                                       "Refund|2026-11-01"}, "j.patel")


def test_a_letter_leaving_never_moves_the_case_back_in_time(desk: Desk, clock: Clock) -> None:
    """A runner whose clock is behind the officer's records the letter, but the case's
    last event stays where it was, so nothing can then be back-dated before it."""
    from dataclasses import replace as with_

    from redress.engine.cases import letter_left

    case = acknowledged(desk, clock)   # acknowledged on 4 Nov at 10:00
    defn = desk.store.definition(case.digest)
    drafted = with_(case, deadlines=tuple(with_(d, letter_seq=1) if d.name == "acknowledge"
                                          else d for d in case.deadlines))
    earlier = at_london(date(2026, 11, 4), time(9, 30))
    after = letter_left(defn, desk.calendar, drafted, 1, "stage1_acknowledgement", "stage1",
                        earlier, "sent", "redress.runner", earlier).case
    assert after.last_event_at == case.last_event_at


# --- what went wrong, and what was learnt (2024 7.1, 9.1; 2022 6.1, 6.3; 2020 5.1, 6.5)


def alerts(desk: Desk) -> list[tuple[str, str, str]]:
    with desk.store.reading() as fetch:
        return [(r["kind"], r["recipient"], r["message"])
                for r in fetch("SELECT kind, recipient, message FROM alert ORDER BY id", {})]


PLAIN_RESPONSE = {k: v for k, v in RESPONSE.items() if k not in OUTCOME}


@pytest.mark.parametrize(("workflow", "code"), [
    ("chc-2024", "7.1"), ("chc-2022", "6.1"), ("chc-2020", "5.1")])
def test_an_upheld_complaint_is_answered_with_what_went_wrong(desk: Desk, clock: Clock,
                                                             workflow: str, code: str) -> None:
    case = opened(desk, clock, workflow)
    case = act(desk, clock, date(2026, 11, 4), case.ref, "acknowledge",
               ACK if workflow == "chc-2024" else ACK22)
    clock.set(date(2026, 11, 10))
    for decision in ("Upheld", "partly upheld", "partly_upheld"):
        with pytest.raises(ActionRefused) as excinfo:
            desk.act(case.ref, "respond", {**PLAIN_RESPONSE, "decision": decision}, "j.patel")
        assert f"failings (Code {code})" in str(excinfo.value)
    unchanged(desk, case)
    done = respond(desk, clock, date(2026, 11, 10), case.ref, {
        **PLAIN_RESPONSE, "decision": "partly upheld",
        "failings": "We missed two repair appointments"})
    assert done.data["decision"] == "Partly upheld"   # recorded as the workflow names it
    text = " ".join(letter_text(desk, case.ref, desk.store.letters(case.ref)[-1]["seq"])
                    .split())
    assert re.search(r"Partly upheld What we got wrong =+ We missed two repair appointments",
                     text), text


def test_a_complaint_not_upheld_needs_no_failings(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    done = respond(desk, clock, date(2026, 11, 10), case.ref,
                   {**PLAIN_RESPONSE, "decision": "NOT upheld"})
    assert done.data["decision"] == "Not upheld" and "failings" not in done.data
    text = letter_text(desk, case.ref, desk.store.letters(case.ref)[-1]["seq"])
    assert "What we got wrong" not in text


def test_a_decision_is_one_the_workflow_knows(desk: Desk, clock: Clock) -> None:
    case = acknowledged(desk, clock)
    clock.set(date(2026, 11, 10))
    with pytest.raises(InvalidInput) as excinfo:
        desk.act(case.ref, "respond", {**RESPONSE, "decision": "We agree"}, "j.patel")
    assert str(excinfo.value) == ("decision 'We agree' is not one of chc-2024's choices; "
                                  "choose one of: Upheld, Partly upheld, Not upheld")
    unchanged(desk, case)


@pytest.mark.parametrize(("workflow", "code"), [
    ("chc-2024", "9.1"), ("chc-2022", "6.3"), ("chc-2020", "6.5")])
def test_closing_records_the_category_and_the_learning(desk: Desk, clock: Clock,
                                                      workflow: str, code: str) -> None:
    case = opened(desk, clock, workflow)
    act(desk, clock, date(2026, 11, 4), case.ref, "acknowledge",
        ACK if workflow == "chc-2024" else ACK22)
    case = respond(desk, clock, date(2026, 11, 10), case.ref,
                   {**PLAIN_RESPONSE, "failings": "Late"})
    clock.set(date(2026, 11, 12))
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "close", {}, "officer")
    assert str(excinfo.value).startswith(
        f"close needs category (Code {code}); learning (Code {code})")
    assert "category is one of: Repairs and maintenance, Damp and mould" in str(excinfo.value)
    with pytest.raises(InvalidInput, match="learning must say what was learnt, or why "
                                           "nothing was"):
        desk.act(case.ref, "close", {"category": "damp and mould", "learning": "None."},
                 "officer")
    with pytest.raises(InvalidInput, match="category 'Plumbing' is not one of"):
        desk.act(case.ref, "close", {"category": "Plumbing", "learning": "x"}, "officer")
    unchanged(desk, case)
    closed = act(desk, clock, date(2026, 11, 12), case.ref, "close", {
        "category": "damp_mould",
        "learning": "No learning identified, because the survey was booked on time"})
    assert closed.state == "closed"
    assert closed.data["category"] == "Damp and mould"


def test_the_window_closes_a_case_whose_learning_is_recorded(desk: Desk, clock: Clock) -> None:
    """The resident's time to escalate ends (20 working days after the response left on
    10 Nov: 8 Dec); the category and learning were given with the response (9.1)."""
    case = responded(desk, clock)
    fire(desk, clock, date(2026, 12, 9))
    assert desk.store.load(case.ref).state == "closed"


def test_the_window_alerts_when_the_learning_is_missing(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    act(desk, clock, date(2026, 11, 4), case.ref, "acknowledge", ACK)
    respond(desk, clock, date(2026, 11, 10), case.ref, {**PLAIN_RESPONSE, "failings": "Late"})
    fire(desk, clock, date(2026, 12, 9))
    assert desk.store.load(case.ref).state == "stage1_responded"
    [(_, to, message)] = [a for a in alerts(desk) if a[0] == "runner"]
    assert to == "team" and "Could not close case" in message
    assert "category (Code 9.1); learning (Code 9.1)" in message


# --- reasonable adjustments are kept under review (2024 5.10) --------------------------


def test_an_adjustment_carries_a_review_date_the_team_is_reminded_of(desk: Desk,
                                                                   clock: Clock) -> None:
    clock.set(date(2026, 11, 2), 9)
    case = desk.open_case(received_at=clock.now, resident="A", actor="officer",
                          workflow="chc-2024", email="a@example.org",
                          adjustments={"large_print": "yes"}, review_on=date(2027, 1, 15))
    review = case.deadline("adjustment_review")
    assert review is not None and (review.due, review.code) == (date(2027, 1, 15), "5.10")
    fire(desk, clock, date(2027, 1, 14), 12)
    assert not [a for a in alerts(desk) if "adjustments" in a[2]]
    fire(desk, clock, date(2027, 1, 15), 9)
    [(kind, to, message)] = [a for a in alerts(desk) if "adjustments" in a[2]]
    assert (kind, to) == ("action_due", "team")
    assert "Review of reasonable adjustments on case" in message and "That is today" in message
    # reviewed (no change): met, and the next review set, by default six months on
    clock.set(date(2027, 1, 15), 11)
    desk.contact(case.ref, "officer", review_on=date(2027, 7, 1))
    runs = [(d.status, d.due) for d in desk.store.load(case.ref).deadlines
            if d.name == "adjustment_review"]
    assert runs == [("met", date(2027, 1, 15)), ("pending", date(2027, 7, 1))]
    desk.contact(case.ref, "officer", adjustments={"large_print": ""})  # no adjustments now
    assert [d.status for d in desk.store.load(case.ref).deadlines
            if d.name == "adjustment_review"] == ["met", "cancelled"]
    assert desk.store.verify_audit()[1] == []   # each review replays as recorded


def test_an_adjustment_without_a_date_is_reviewed_in_six_months(desk: Desk,
                                                                 clock: Clock) -> None:
    case = acknowledged(desk, clock)
    decision = desk.contact(case.ref, "officer", adjustments={"note": "Phone calls only "
                                                                      "after 2pm"})
    review = decision.case.deadline("adjustment_review")
    assert review is not None and review.due == date(2027, 5, 5)  # 4 Nov + 182 days
    assert decision.event.fields["review_on"] == "2027-05-05"
    with pytest.raises(InvalidInput, match="before today"):
        desk.contact(case.ref, "officer", review_on=date(2026, 11, 1))


# --- restrictions on contact (2024 5.14, 5.15) -----------------------------------------


RESTRICT = {"restriction": "Contact by email only, to the complaints team",
            "restriction_reason": "Abusive calls to staff on 2, 3 and 5 November",
            "proportionality": "Email suits the resident's stated needs; no adjustment "
                               "is affected",
            "review_on": "2026-12-04"}


def test_a_restriction_is_recorded_with_its_reasons_and_review(desk: Desk,
                                                               clock: Clock) -> None:
    case = acknowledged(desk, clock)
    clock.set(date(2026, 11, 6))
    for missing, code in (("restriction_reason", "5.14"), ("proportionality", "5.15"),
                          ("review_on", "5.14")):
        with pytest.raises(ActionRefused, match=rf"needs {missing} \(Code {code}\)"):
            desk.act(case.ref, "restrict", {k: v for k, v in RESTRICT.items() if k != missing},
                     "manager")
    assert "lift_restriction" not in shown(desk, case.ref)["available_actions"]
    act(desk, clock, date(2026, 11, 6), case.ref, "restrict", RESTRICT, "manager")
    view = shown(desk, case.ref)
    assert view["state"] == "stage1"   # the complaint goes on
    assert view["restriction"] == {"what": RESTRICT["restriction"],
                                   "reason": RESTRICT["restriction_reason"],
                                   "proportionality": RESTRICT["proportionality"],
                                   "review_on": "2026-12-04"}
    [review] = [d for d in view["deadlines"] if d["name"] == "restriction_review"]
    assert (review["due"], review["code"], review["status"]) == ("2026-12-04", "5.14",
                                                                 "pending")
    fire(desk, clock, date(2026, 12, 2), 10)  # reminded 2 working days before
    assert [a[1] for a in alerts(desk) if "restriction on contact" in a[2]] == ["team"]
    # reviewed: kept, with the next date
    act(desk, clock, date(2026, 12, 3), case.ref, "restrict",
        {**RESTRICT, "review_on": "2027-01-08"}, "manager")
    lifted = act(desk, clock, date(2026, 12, 10), case.ref, "lift_restriction",
                 {"note": "Calls have been civil since November"}, "manager")
    assert [(d.status, d.due) for d in lifted.deadlines if d.name == "restriction_review"] == [
        ("met", date(2026, 12, 4)), ("met", date(2027, 1, 8))]
    assert shown(desk, case.ref)["restriction"] is None
    assert "restriction" not in lifted.data and "review_on" not in lifted.data
    assert desk.store.verify_audit()[1] == []


def test_a_restriction_outlives_closure_and_shows(desk: Desk, clock: Clock,
                                                   tmp_path: Path) -> None:
    case = closed_after_stage1(desk, clock)
    act(desk, clock, date(2026, 11, 13), case.ref, "restrict", RESTRICT, "manager")
    from redress.engine.store import case_text

    with desk.store.reading() as fetch:
        _, loaded, _ = load_case(fetch, case.ref)
    text = case_text(loaded, desk.store.definition(loaded.digest), desk.clock())
    assert ("contact restricted: Contact by email only, to the complaints team (reason: "
            "Abusive calls") in text
    assert "review by Fri 04 Dec 2026" in text


# --- a complaint raised during an investigation (2024 6.8) ------------------------------


def test_a_related_complaint_is_folded_into_the_stage1_response(desk: Desk,
                                                                clock: Clock) -> None:
    first = acknowledged(desk, clock)
    clock.set(date(2026, 11, 5), 9)
    later = desk.open_case(received_at=clock.now, resident="A", actor="officer",
                           workflow="chc-2024", email="a@example.org")
    folded = act(desk, clock, date(2026, 11, 5), later.ref, "link",
                 {"linked_case": first.ref, "relation": "related"})
    assert folded.state == "folded"
    assert [d.status for d in folded.deadlines] == ["cancelled"]  # answered in the other
    assert shown(desk, later.ref)["links"] == [{"ref": first.ref, "relation": "folded_into"}]
    assert shown(desk, first.ref)["links"] == [{"ref": later.ref, "relation": "folded_in"}]
    assert desk.store.load(first.ref).state == "stage1"
    theirs = desk.store.events(first.ref)[-1]
    assert (theirs["action"], json.loads(theirs["fields"])) == (
        "linked", {"linked_case": later.ref, "relation": "related"})
    assert desk.store.verify_audit()[1] == []


def test_after_the_stage1_response_it_is_a_new_complaint(desk: Desk, clock: Clock) -> None:
    first = responded(desk, clock)
    clock.set(date(2026, 11, 11), 9)
    later = desk.open_case(received_at=clock.now, resident="A", actor="officer",
                           workflow="chc-2024", email="a@example.org")
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(later.ref, "link", {"linked_case": first.ref, "relation": "related"},
                 "officer")
    assert excinfo.value.code == "6.8" and "relation=new" in str(excinfo.value)
    unchanged(desk, later)
    unchanged(desk, desk.store.load(first.ref))
    linked = act(desk, clock, date(2026, 11, 11), later.ref, "link",
                 {"linked_case": first.ref, "relation": "new"})
    assert linked.state == "received"   # its own clocks run
    assert shown(desk, first.ref)["links"] == [{"ref": later.ref, "relation": "related"}]
    assert shown(desk, later.ref)["links"] == [{"ref": first.ref, "relation": "related"}]
    with pytest.raises(ActionRefused, match="already linked"):
        desk.act(later.ref, "link", {"linked_case": first.ref, "relation": "new"}, "officer")


@pytest.mark.parametrize(("fields", "message"), [
    ({"linked_case": "2026-09999", "relation": "new"}, "linked_case '2026-09999': no such case"),
    ({"linked_case": "SELF", "relation": "new"}, "cannot be linked to itself"),
    ({"linked_case": "SELF", "relation": "same"}, "relation must be one of: related, new"),
])
def test_a_link_names_another_real_case(desk: Desk, clock: Clock, fields: dict[str, str],
                                        message: str) -> None:
    case = acknowledged(desk, clock)
    fields = {k: case.ref if v == "SELF" else v for k, v in fields.items()}
    with pytest.raises(InvalidInput, match=re.escape(message)):
        desk.act(case.ref, "link", fields, "officer")
    unchanged(desk, case)


def test_dropping_what_an_upheld_decision_or_closing_needs_is_looser(
        desk: Desk, tmp_path: Path) -> None:
    """A landlord's file that drops 7.1's failings or 9.1's learning fails `workflow
    check`, and so opens no case (item 14)."""
    path = tmp_path / "loose-2024.yaml"
    path.write_text("workflow: loose-2024\ntitle: Loose\nextends: chc-2024\n"
                    "effective_from: 2024-04-01\n"
                    "choices:\n  decision:\n    upheld: {label: Upheld, needs: null}\n"
                    "actions:\n  close:\n    on_record: {learning: null}\n",
                    encoding="utf-8")
    found = [str(f).split(": ", 1)[1] for f in desk.standing(str(path)).findings]
    assert found == [
        "[missing required field] decision Upheld does not need failings (Code 7.1)",
        "[missing required field] action close does not need learning on record (Code 9.1)",
    ]


def test_cli_records_an_adjustment_review(tmp_path: Path) -> None:
    from support import run_cli

    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert run_cli("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                   "--email", "a@example.org", "--large-print", "--review-on", "2027-01-15",
                   db=db, now="2026-11-02T10:00").returncode == 0
    out = run_cli("case", "show", "2026-00001", db=db, now="2026-11-03").stdout
    assert re.search(r"adjustment_review\s+due Fri 15 Jan 2027 .* Code 5\.10", out), out
    done = run_cli("case", "contact", "2026-00001", "--review-on", "2027-03-01", db=db,
                   now="2026-11-03")
    assert done.returncode == 0 and "review_on: 2027-03-01" in done.stdout
    bad = run_cli("case", "contact", "2026-00001", "--review-on", "2026-11-01", db=db,
                  now="2026-11-03")
    assert bad.returncode == 1 and "review_on 2026-11-01 is before today" in bad.stderr

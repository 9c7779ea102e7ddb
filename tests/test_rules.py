"""Every refusal the workflows enforce, with the provision it cites; a refusal saves nothing."""

from __future__ import annotations

from datetime import date

import pytest
from redress.engine import ActionRefused, Case, Desk, InvalidInput
from support import OUTCOME, Clock, deliver

ACK22 = {"complaint_definition": "Damp", "outcomes_sought": "Repair"}
ACK = {**ACK22, "responsibility": "Ours"}  # the 2024 Code adds 5.7
RESPONSE = {"decision": "Upheld", **OUTCOME,
            "reasons": "Late", "remedy": "£50",
            "outstanding_actions": "none"}


def opened(desk: Desk, clock: Clock, workflow: str = "chc-2024") -> Case:
    clock.set(date(2026, 11, 2), 9)
    return desk.open_case(received_at=clock.now, resident="A", actor="officer",
                          workflow=workflow, email="a@example.org")


def at_stage2(desk: Desk, clock: Clock, workflow: str = "chc-2024") -> Case:
    case = opened(desk, clock, workflow)
    ack = ACK if workflow.endswith("2024") else ACK22
    for day, action, by, fields in [
        (3, "acknowledge", "officer", ack),
        (10, "respond", "j.patel", RESPONSE),
        (11, "escalate", "officer", {}),
        (12, "acknowledge", "officer", ack),
    ]:
        clock.set(date(2026, 11, day))
        desk.act(case.ref, action, fields, by)
        deliver(desk, case.ref)
    return desk.store.load(case.ref)


def assert_unchanged(desk: Desk, before: Case) -> None:
    after = desk.store.load(before.ref)
    assert after == before
    assert len(desk.store.events(before.ref)) == before.version


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "acknowledge needs complaint_definition (Code 5.6); outcomes_sought (Code 5.6)"),
        ({"complaint_definition": "Damp"}, "acknowledge needs outcomes_sought (Code 5.6)"),
        ({"complaint_definition": "  ", "outcomes_sought": "x"},
         "acknowledge needs complaint_definition (Code 5.6)"),
    ],
    ids=["none", "one-missing", "blank-counts-as-missing"],
)
def test_required_fields(desk: Desk, clock: Clock, fields: dict[str, str], message: str) -> None:
    case = opened(desk, clock)
    clock.set(date(2026, 11, 3))
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "acknowledge", fields, "officer")
    assert str(excinfo.value).startswith(message)
    assert_unchanged(desk, case)


def test_respond_requires_each_element(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    clock.set(date(2026, 11, 3))
    desk.act(case.ref, "acknowledge", ACK, "officer")
    before = desk.store.load(case.ref)
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "respond", {"decision": "Upheld"}, "j.patel")
    assert "reasons (Code 6.9); remedy (Code 6.9); outstanding_actions (Code 6.9)" in str(
        excinfo.value)
    assert_unchanged(desk, before)


def test_extension_cap_needs_good_reason(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    clock.set(date(2026, 11, 4))
    desk.act(case.ref, "acknowledge", ACK, "officer")
    clock.set(date(2026, 11, 10))
    desk.act(case.ref, "extend", {"working_days": "6", "reason": "survey"}, "officer")
    before = desk.store.load(case.ref)
    with pytest.raises(ActionRefused, match=r"by 11 working days in all is more than 10") as ei:
        desk.act(case.ref, "extend", {"working_days": "5", "reason": "more"}, "officer")
    assert ei.value.code == "6.4"
    assert_unchanged(desk, before)
    done = desk.act(case.ref, "extend", {"working_days": "5", "reason": "more",
                                         "good_reason": "contractor insolvency"}, "officer")
    s1 = done.case.deadline("stage1_response")
    assert s1 is not None and s1.extended_by == 11
    # 18 Nov + 6 wd = 26 Nov; + 5 wd = 3 Dec
    assert s1.due == date(2026, 12, 3)


@pytest.mark.parametrize("workflow,code", [("chc-2024", "6.13"), ("chc-2022", "5.12")],
                         ids=["2024", "2022"])
def test_stage2_handler_must_differ(desk: Desk, clock: Clock, workflow: str, code: str) -> None:
    case = at_stage2(desk, clock, workflow)
    clock.set(date(2026, 11, 20))
    with pytest.raises(ActionRefused, match=r"j\.patel responded at stage 1") as excinfo:
        desk.act(case.ref, "respond", RESPONSE, "j.patel")
    assert excinfo.value.code == code
    assert_unchanged(desk, case)
    assert desk.act(case.ref, "respond", RESPONSE, "s.khan").case.state == "stage2_responded"


def test_escalation_only_after_stage1_response_2022(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock, "chc-2022")
    clock.set(date(2026, 11, 3))
    desk.act(case.ref, "acknowledge", ACK22, "officer")
    before = desk.store.load(case.ref)
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "escalate", {}, "officer")
    assert str(excinfo.value) == (
        f"escalate is not allowed while case {case.ref} is stage1; allowed from: "
        "stage1_responded, closed (Code 5.11)"
    )
    assert_unchanged(desk, before)


def test_escalate_needs_no_reason_2024(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    clock.set(date(2026, 11, 3))
    desk.act(case.ref, "acknowledge", ACK, "officer")
    desk.act(case.ref, "respond", RESPONSE, "j.patel")
    deliver(desk, case.ref)
    assert desk.act(case.ref, "escalate", {}, "officer").case.state == "stage2_requested"


def test_no_action_on_a_closed_case(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    clock.set(date(2026, 11, 3))
    desk.act(case.ref, "withdraw", {}, "officer")
    before = desk.store.load(case.ref)
    with pytest.raises(ActionRefused) as excinfo:
        desk.act(case.ref, "acknowledge", ACK, "officer")
    # what a withdrawn case can still take: a restriction on contact, a link (5.14, 6.8)
    assert str(excinfo.value) == (f"case {case.ref} is withdrawn: no acknowledge on a closed "
                                  "case; it can take: restrict, link")
    assert_unchanged(desk, before)


def test_reopen_only_where_the_workflow_allows(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    clock.set(date(2026, 11, 3))
    desk.act(case.ref, "refuse", {"ground": "legal_proceedings",
                                  "explanation": "A claim was issued"}, "officer")
    deliver(desk, case.ref)  # the not-accepted letter is posted that day
    refused = desk.store.load(case.ref)
    assert refused.state == "not_accepted"
    assert refused.deadline("acknowledge").status == "met"  # type: ignore[union-attr]
    with pytest.raises(ActionRefused,
                       match=r"it can take: reopen, restrict, link, refer_ombudsman$"):
        desk.act(case.ref, "acknowledge", ACK, "officer")
    clock.set(date(2026, 11, 20))
    back = desk.act(case.ref, "reopen", {"instruction": "Ombudsman ref 123"}, "officer").case
    assert back.state == "received"
    # a new acknowledgement clock from the day the Ombudsman's instruction is acted on
    assert back.deadlines[-1].name == "acknowledge"
    assert back.deadlines[-1].due == date(2026, 11, 27)


def test_refuse_ground_must_be_an_exclusion(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    with pytest.raises(InvalidInput, match=r"ground 'time_limt' .* \(did you mean 'time_limit'"):
        desk.act(case.ref, "refuse", {"ground": "time_limt", "explanation": "x"}, "officer")
    assert_unchanged(desk, case)


def test_clock_cannot_go_back(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    clock.set(date(2026, 11, 4))
    desk.act(case.ref, "acknowledge", ACK, "officer")
    before = desk.store.load(case.ref)
    clock.set(date(2026, 11, 3))
    with pytest.raises(ActionRefused, match=r"before case .* last event"):
        desk.act(case.ref, "respond", RESPONSE, "j.patel")
    assert_unchanged(desk, before)


def test_unknown_field_and_action(desk: Desk, clock: Clock) -> None:
    case = opened(desk, clock)
    with pytest.raises(InvalidInput, match=r"unknown action 'acknowlege'.*did you mean"):
        desk.act(case.ref, "acknowlege", ACK, "officer")
    with pytest.raises(InvalidInput, match=r"no field 'outcome_sought'.*'outcomes_sought'"):
        desk.act(case.ref, "acknowledge", {**ACK, "outcome_sought": "x"}, "officer")
    assert_unchanged(desk, case)


def test_received_in_the_future_is_refused(desk: Desk, clock: Clock) -> None:
    clock.set(date(2026, 11, 2))
    with pytest.raises(InvalidInput, match="after the clock's date"):
        desk.open_case(received_at=Clock(date(2026, 11, 3)).now, resident="A",
                       actor="officer", email="a@example.org")


def test_a_case_or_deadline_copied_with_changes_is_what_dataclasses_replace_gives(
        desk: Desk, clock: Clock) -> None:
    """The core copies its records with `but`, not `dataclasses.replace`: for a real
    case and its deadlines the copy must be equal to `replace`'s, leave the original as it
    was, and refuse a field the record lacks; it is only right while the records have no
    `__post_init__` and no init-only fields, which is checked too."""
    import dataclasses

    from redress.engine.cases._core import Deadline, but

    case = at_stage2(desk, clock)
    for record, changes in [(case, {"state": "closed", "version": 99}),
                            (case, {"data": {"a": "b"}, "handlers": {}}),
                            *((d, {"status": "met", "note": "x"}) for d in case.deadlines)]:
        kind = type(record)
        assert not hasattr(kind, "__post_init__")
        assert all(f.init for f in dataclasses.fields(kind))
        assert not any("InitVar" in str(a) for a in kind.__annotations__.values())
        before = dataclasses.asdict(record)
        copied = but(record, **changes)
        assert copied == dataclasses.replace(record, **changes)
        assert type(copied) is kind and dataclasses.asdict(record) == before
        with pytest.raises(TypeError, match="no field nonesuch"):
            but(record, nonesuch=1)
    assert Deadline in {type(d) for d in case.deadlines}

"""CH01 and CH02 over a fixture year, every figure worked out by hand below.

The year is 2025-26 (1 April 2025 to 31 March 2026). Cases are run through the real
Desk with the clock moved by hand, on SQLite and PostgreSQL (the `desk` fixture); each
letter leaves the day it is written (`deliver`), so a deadline is met or late on the
day of its action. No bank holiday falls between 27 May and 22 August 2025, so in June
and July 2025 the working days are Monday to Friday.

    June 2025: Mon 2, 9, 16, 23, 30      July 2025: Mon 7, 14, 21, 28
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from redress.engine import ActionRefused, Desk
from redress.engine.reports import (
    ReportSettings,
    Source,
    TsmReport,
    case_explanation,
    explain,
    period_of,
    reporting_year,
    tsm,
)
from support import LANDLORD_CONFIG, OUTCOME, Clock, deliver, run_cli

ACK = {"complaint_definition": "Damp", "outcomes_sought": "Repair", "responsibility": "Ours"}
ACK20 = {"complaint_definition": "Damp", "outcomes_sought": "Repair"}
ACK_LANDLORD = {**ACK, "investigating_team": "Repairs"}
RESPONSE = {"decision": "Upheld", **OUTCOME, "reasons": "Late", "remedy": "£50",
            "outstanding_actions": "none"}
REFUSAL = {"ground": "previously_considered", "explanation": "Already answered in 2024"}
YEAR = reporting_year("2025-26")
JUNE2 = date(2025, 6, 2)


def d(month: int, day: int, year: int = 2025) -> date:
    return date(year, month, day)


class Year:
    """The fixture year: one case per situation the measures must handle."""

    def __init__(self, desk: Desk, clock: Clock) -> None:
        self.desk, self.clock = desk, clock
        self.refs: dict[str, str] = {}

    def open(self, name: str, received: date, workflow: str = "chc-2024") -> str:
        self.clock.set(received, 9)
        case = self.desk.open_case(received_at=self.clock.now, resident="A", actor="officer",
                                   workflow=workflow, email="a@example.org")
        self.refs[name] = case.ref
        return case.ref

    def step(self, name: str, day: date, action: str, fields: dict[str, str] | None = None,
             by: str = "officer") -> None:
        """Take the action on `day`; its letter, if any, leaves the same day."""
        self.clock.set(day)
        self.desk.act(self.refs[name], action, fields or {}, by)
        deliver(self.desk, self.refs[name])

    def stage1(self, name: str, received: date, ack: date, respond: date | None,
               workflow: str = "chc-2024", ack_fields: dict[str, str] = ACK) -> None:
        self.open(name, received, workflow)
        self.step(name, ack, "acknowledge", ack_fields)
        if respond is not None:
            self.step(name, respond, "respond", RESPONSE, by="j.patel")


def build(desk: Desk, clock: Clock) -> Year:
    y = Year(desk, clock)
    # Stage 1 on chc-2024: acknowledge within 5 working days of receipt (6.2), respond
    # within 10 working days of the acknowledgement (6.3), extend by up to 10 (6.4).
    # Received Mon 2 June: acknowledgement due Mon 9 June.
    # ON_TIME: acknowledged Wed 4 June; response due 10 wd later, Wed 18 June; left
    # Tue 10 June. Both met: within.
    y.stage1("on_time", JUNE2, d(6, 4), d(6, 10))
    # LATE_ACK: acknowledged Tue 10 June, after Mon 9 June: late. Response due Tue 24
    # June, left Mon 16 June: met. Not within (the acknowledgement was late).
    y.stage1("late_ack", JUNE2, d(6, 10), d(6, 16))
    # LATE_RESPONSE: acknowledged Wed 4 June; response due Wed 18 June, left Thu 19
    # June: late. Not within.
    y.stage1("late_response", JUNE2, d(6, 4), d(6, 19))
    # EXTENDED_WITHIN_CAP: due Wed 18 June, extended on Mon 16 June by 5 working days
    # (within the cap of 10) to Wed 25 June; left Tue 24 June: met. Within under "code"
    # and "cap"; under "none" the original due date, 18 June, was missed.
    y.stage1("extended_within_cap", JUNE2, d(6, 4), None)
    y.step("extended_within_cap", d(6, 16), "extend",
           {"working_days": "5", "reason": "Survey booked"})
    y.step("extended_within_cap", d(6, 24), "respond", RESPONSE, by="j.patel")
    # PAST_CAP_GOOD_REASON: due Wed 18 June, extended on Tue 17 June by 15 working days
    # (past the cap of 10) with a good reason, to Wed 9 July; left Tue 8 July: met.
    # "code": within (a good reason is recorded). "cap": the cap allows 10 working days
    # past 18 June, Wed 2 July, and 8 July is after it: not within. "none": not within.
    y.stage1("past_cap_good_reason", JUNE2, d(6, 4), None)
    y.step("past_cap_good_reason", d(6, 17), "extend",
           {"working_days": "15", "reason": "Specialist survey",
            "good_reason": "Only one damp specialist serves the area"})
    y.step("past_cap_good_reason", d(7, 8), "respond", RESPONSE, by="j.patel")
    # PAST_CAP_EARLY: the same extension (to Wed 9 July), but the response left Mon 30
    # June, before the capped date of Wed 2 July: within under "code" and "cap"; not
    # under "none" (after 18 June).
    y.stage1("past_cap_early", JUNE2, d(6, 4), None)
    y.step("past_cap_early", d(6, 17), "extend",
           {"working_days": "15", "reason": "Specialist survey",
            "good_reason": "Only one damp specialist serves the area"})
    y.step("past_cap_early", d(6, 30), "respond", RESPONSE, by="j.patel")
    # EXTENSION_REFUSED: past the cap without a good reason is refused (6.4), as is an
    # extension asked for after the due date (Wed 18 June); the response left Fri 20
    # June: late. Not within. (No case can hold an extension past the cap without a
    # good reason: the engine refuses it.)
    y.stage1("extension_refused", JUNE2, d(6, 4), None)
    for day, days in ((d(6, 16), "15"), (d(6, 19), "5")):
        clock.set(day)
        with pytest.raises(ActionRefused) as refused:
            desk.act(y.refs["extension_refused"], "extend",
                     {"working_days": days, "reason": "Survey"}, "officer")
        assert refused.value.code == "6.4"
    y.step("extension_refused", d(6, 20), "respond", RESPONSE, by="j.patel")
    # NOT_ACCEPTED: refused on Wed 4 June: not in CH01, counted as not accepted.
    y.open("not_accepted", JUNE2)
    y.step("not_accepted", d(6, 4), "refuse", REFUSAL)
    # ESCALATED: stage 1 within (as ON_TIME). The resident asked on Thu 12 June
    # (recorded Fri 13 June): the stage 2 acknowledgement is due 5 working days from the
    # request (6.11), Thu 19 June; acknowledged Tue 17 June: met. Stage 2 response due
    # 20 working days from the acknowledgement (6.14): Tue 15 July; left Thu 10 July:
    # met. Within at both stages.
    y.stage1("escalated", JUNE2, d(6, 4), d(6, 10))
    y.step("escalated", d(6, 13), "escalate", {"requested_on": "2025-06-12"})
    y.step("escalated", d(6, 17), "acknowledge", ACK)
    y.step("escalated", d(7, 10), "respond", RESPONSE, by="k.lee")
    # ESCALATED_LATE_ACK: stage 1 within; asked Thu 12 June, stage 2 acknowledgement due
    # Thu 19 June, given Fri 20 June: late. Stage 2 response due 20 working days later,
    # Fri 18 July; left Tue 1 July: met. Stage 2 not within (the acknowledgement).
    y.stage1("escalated_late_ack", JUNE2, d(6, 4), d(6, 10))
    y.step("escalated_late_ack", d(6, 13), "escalate", {"requested_on": "2025-06-12"})
    y.step("escalated_late_ack", d(6, 20), "acknowledge", ACK)
    y.step("escalated_late_ack", d(7, 1), "respond", RESPONSE, by="k.lee")
    # ESCALATION_DECLINED: stage 1 within; asked Mon 16 June, declined Tue 17 June: not in
    # CH01 stage 2, counted as an escalation declined.
    y.stage1("escalation_declined", JUNE2, d(6, 4), d(6, 10))
    y.step("escalation_declined", d(6, 16), "escalate", {"requested_on": "2025-06-16"})
    y.step("escalation_declined", d(6, 17), "decline_escalation", REFUSAL)
    # WITHDRAWN: accepted (acknowledged Wed 4 June), then withdrawn on Mon 9 June: in
    # CH01 stage 1 (received and accepted), never responded to, so not in CH02.
    y.stage1("withdrawn", JUNE2, d(6, 4), None)
    y.step("withdrawn", d(6, 9), "withdraw")
    # WITHDRAWN_BEFORE_ACCEPTANCE: withdrawn on Tue 3 June, before any acknowledgement:
    # never accepted, so not in CH01 (and not a refusal either).
    y.open("withdrawn_early", JUNE2)
    y.step("withdrawn_early", d(6, 3), "withdraw")
    # BEFORE_THE_YEAR: received Mon 17 March 2025 (in 2024-25), acknowledged Wed 19 March
    # (due Mon 24 March: met); response due 10 working days later, Wed 2 April 2025;
    # left Tue 1 April 2025, in 2025-26: met. Not in CH01 for 2025-26, within in CH02.
    y.stage1("before_the_year", d(3, 17), d(3, 19), d(4, 1))
    # AFTER_THE_YEAR: received Mon 16 March 2026 (in 2025-26), acknowledged Wed 18 March
    # (due Mon 23 March: met); response due Wed 1 April 2026, left that day, in 2026-27.
    # In CH01 for 2025-26; its response counts in 2026-27, not in 2025-26's CH02.
    y.stage1("after_the_year", d(3, 16, 2026), d(3, 18, 2026), d(4, 1, 2026))
    # OWN_WORKFLOW: landlord-2024 acknowledges within 3 working days: due Thu 5 June;
    # acknowledged Fri 6 June: late (chc-2024's 5 days would have been met). Response
    # (8 working days) due Wed 18 June, left Tue 10 June: met. Not within.
    y.stage1("own_workflow", JUNE2, d(6, 6), d(6, 10), workflow="landlord-2024",
             ack_fields=ACK_LANDLORD)
    # CODE_2020: the 2020 Code counts stage 1 from receipt (3.11): due Mon 16 June; left
    # Tue 10 June: met (acknowledged Wed 4 June, due Mon 9 June: met). Asked Wed 11
    # June; stage 2 due 20 working days from the request, Wed 9 July. The 2020 Code has
    # no stage 2 acknowledgement timer, so the late acknowledgement on Mon 30 June is not
    # judged; left Tue 8 July: met. Within at both stages.
    y.stage1("code_2020", JUNE2, d(6, 4), d(6, 10), workflow="chc-2020", ack_fields=ACK20)
    y.step("code_2020", d(6, 11), "escalate", {"requested_on": "2025-06-11"})
    y.step("code_2020", d(6, 30), "acknowledge", ACK20)
    y.step("code_2020", d(7, 8), "respond", RESPONSE, by="k.lee")
    return y


@pytest.fixture
def year(desk: Desk, clock: Clock) -> Year:
    return build(desk, clock)


def report(desk: Desk, period: object = YEAR, homes: int = 2000,
           **settings: object) -> TsmReport:
    source = Source(desk.store, desk.calendar, ReportSettings(**settings))  # type: ignore[arg-type]
    return tsm(source, period, homes)  # type: ignore[arg-type]


# CH01 stage 1, 2025-26: received in the year and accepted into stage 1: on_time,
# late_ack, late_response, extended_within_cap, past_cap_good_reason, past_cap_early,
# extension_refused, escalated, escalated_late_ack, escalation_declined, withdrawn,
# after_the_year, own_workflow, code_2020 = 14. Left out: not_accepted (refused),
# withdrawn_early (never accepted), before_the_year (received in 2024-25).
# Per 1,000 homes with 2,000 homes: 14 * 1000 / 2000 = 7.0.
# CH01 stage 2: requests made in the year and accepted: escalated (12 June),
# escalated_late_ack (12 June), code_2020 (11 June) = 3; 3 * 1000 / 2000 = 1.5.
# escalation_declined's request is the one escalation declined.
# CH02 stage 1, responses that left in the year: on_time, late_ack, late_response,
# extended_within_cap, past_cap_good_reason, past_cap_early, extension_refused, escalated,
# escalated_late_ack, escalation_declined, before_the_year, own_workflow, code_2020 = 13
# (after_the_year's left in 2026-27; withdrawn's never left). Within ("code"): all but
# late_ack, late_response, extension_refused and own_workflow: 13 - 4 = 9.
# CH02 stage 2: escalated, escalated_late_ack, code_2020 = 3; within: escalated and
# code_2020 = 2 (escalated_late_ack's acknowledgement was late).
EXPECTED = {
    "period": {"from": "2025-04-01", "to": "2026-03-31"},
    "homes": 2000,
    "CH01": {"stage1": {"received": 14, "per_1000_homes": 7.0},
             "stage2": {"received": 3, "per_1000_homes": 1.5}},
    "CH02": {"stage1": {"responded": 13, "within_timescale": 9, "proportion": 9 / 13},
             "stage2": {"responded": 3, "within_timescale": 2, "proportion": 2 / 3}},
    "not_accepted": 1,
    "escalations_declined": 1,
    "settings": {"extensions": "code", "acknowledgement": True,
                 "year": "1 April to 31 March", "stage1_counted_by": "received",
                 "stage2_counted_by": "requested_on", "responses_counted_by": "left"},
}


def test_the_fixture_year_by_hand(desk: Desk, year: Year) -> None:
    assert report(desk).as_dict() == EXPECTED


@pytest.mark.parametrize(("extensions", "within"), [
    # "cap": past_cap_good_reason left 8 July, after the capped date (2 July): out;
    # past_cap_early (30 June) and extended_within_cap stay in: 9 - 1 = 8.
    ("cap", 8),
    # "none": every extended response is judged against its original due date, 18 June:
    # extended_within_cap (24 June), past_cap_good_reason (8 July), past_cap_early (30
    # June) are all out: 9 - 3 = 6.
    ("none", 6),
])
def test_extensions_setting_changes_only_the_extended(desk: Desk, year: Year,
                                                       extensions: str, within: int) -> None:
    got = report(desk, extensions=extensions).as_dict()
    assert got["CH02"]["stage1"] == {"responded": 13, "within_timescale": within,
                                     "proportion": within / 13}
    assert got["CH02"]["stage2"] == EXPECTED["CH02"]["stage2"]  # no stage 2 extensions
    assert got["settings"]["extensions"] == extensions


def test_without_the_acknowledgement_only_responses_are_judged(desk: Desk,
                                                               year: Year) -> None:
    # late_ack and own_workflow (responses met) come in: 9 + 2 = 11 of 13; at stage 2,
    # escalated_late_ack's response was met: 3 of 3.
    got = report(desk, acknowledgement=False).as_dict()
    assert got["CH02"]["stage1"]["within_timescale"] == 11
    assert got["CH02"]["stage2"]["within_timescale"] == 3


def test_any_period(desk: Desk, year: Year) -> None:
    # 1 April to 30 June 2025: every complaint but after_the_year (March 2026) was
    # received then: 14 - 1 = 13 accepted. Responses that left by 30 June: all stage 1
    # ones of the year but past_cap_good_reason (8 July): 12, within 9 - 1 = 8. Stage 2:
    # only escalated_late_ack's (1 July) and the others left in July: none.
    got = report(desk, period_of(None, "2025-04-01", "2025-06-30")).as_dict()
    assert got["CH01"]["stage1"]["received"] == 13
    assert got["CH02"]["stage1"] == {"responded": 12, "within_timescale": 8,
                                     "proportion": 8 / 12}
    assert got["CH02"]["stage2"] == {"responded": 0, "within_timescale": 0,
                                     "proportion": None}
    # 2024-25 holds only before_the_year's receipt (its response left in 2025-26)
    before = report(desk, reporting_year("2024-25")).as_dict()
    assert before["CH01"]["stage1"]["received"] == 1
    assert before["CH02"]["stage1"]["responded"] == 0


def by_figure(lines: list, figure: str) -> dict[str, object]:  # type: ignore[type-arg]
    return {ln.ref: ln for ln in lines if ln.figure == figure}


def test_the_explanation_lists_every_case_and_agrees_with_the_figures(
        desk: Desk, year: Year) -> None:
    source = Source(desk.store, desk.calendar, ReportSettings())
    lines = list(explain(source, YEAR))
    refs = year.refs
    ch01 = by_figure(lines, "CH01 stage 1")
    assert set(ch01) == set(refs.values()) - {refs["before_the_year"]}
    assert sum(ln.counted for ln in ch01.values()) == 14
    assert "not accepted on the ground previously_considered" in \
        ch01[refs["not_accepted"]].reason  # type: ignore[attr-defined]
    assert "withdrawn" in ch01[refs["withdrawn_early"]].reason.lower()  # type: ignore[attr-defined]
    assert "its stage 1 response left 1 April 2026 (not in CH02, after the period " \
        "(counts in 2026-27))" in ch01[refs["after_the_year"]].reason  # type: ignore[attr-defined]
    ch01_2 = by_figure(lines, "CH01 stage 2")
    declined = ch01_2[refs["escalation_declined"]]
    assert not declined.counted and "escalation declined" in declined.reason  # type: ignore[attr-defined]
    s1 = by_figure(lines, "CH02 stage 1")
    assert sum(bool(ln.within) for ln in s1.values()) == 9 and len(s1) == 13
    good = s1[refs["past_cap_good_reason"]]
    assert good.within  # type: ignore[attr-defined]
    assert ("response due 9 July 2025 (extended by 15 working days, past the cap of 10, "
            "with a good reason recorded; from 18 June 2025; the extension counts with "
            "extensions = \"code\"), left 8 July 2025: met") in good.reason  # type: ignore[attr-defined]
    late = s1[refs["late_ack"]]
    assert not late.within and "the acknowledgement missed" in late.reason  # type: ignore[attr-defined]
    assert late.dates == {  # type: ignore[attr-defined]
        "received": "2025-06-02", "requested": None, "acknowledged": "2025-06-10",
        "left": "2025-06-16", "acknowledgement_due": "2025-06-09",
        "response_due": "2025-06-24", "original_due": None}
    s2 = by_figure(lines, "CH02 stage 2")
    assert s2[refs["escalated"]].dates["requested"] == "2025-06-12"  # type: ignore[attr-defined]
    assert [ln.within for ln in s2.values()].count(True) == 2


def test_one_case_explained_with_the_year_each_fact_counts_in(desk: Desk,
                                                              year: Year) -> None:
    source = Source(desk.store, desk.calendar, ReportSettings())
    lines = case_explanation(source, year.refs["after_the_year"], None, date(2026, 5, 1))
    assert [ln.figure for ln in lines] == ["CH01 stage 1", "CH02 stage 1"]
    assert "received 16 March 2026 (counts in 2025-26)" in lines[0].reason
    assert "(counts in 2026-27)" in lines[1].reason and lines[1].within
    in_year = case_explanation(source, year.refs["after_the_year"], YEAR, date(2026, 5, 1))
    assert in_year[0].counted and not in_year[1].counted
    assert "after the period (counts in 2026-27)" in in_year[1].reason


def test_an_extension_past_the_cap_without_a_good_reason_does_not_count(
        desk: Desk, year: Year) -> None:
    """Such a record cannot be made through the engine (it refuses the extension); one
    edited in the database (which `audit verify` would show) is judged on what it
    holds: with no good reason, the extension past the cap does not count."""
    from sqlalchemy import text

    ref = year.refs["past_cap_good_reason"]
    with desk.store.writing() as s:
        s.execute(text("UPDATE case_event SET fields = :f WHERE action = 'extend' AND "
                       "case_id = (SELECT id FROM complaint_case WHERE ref = :r)"),
                  {"f": json.dumps({"working_days": "15", "reason": "Survey"}), "r": ref})
    assert report(desk).as_dict()["CH02"]["stage1"]["within_timescale"] == 8


# --- the command --------------------------------------------------------------------


@pytest.fixture
def cli_year(tmp_path: Path) -> Iterator[str]:
    """The fixture year in a SQLite file, for the command's tests."""
    from redress.engine import load_config

    url = f"sqlite:///{tmp_path / 'year.db'}"
    desk = Desk.open(url, load_config(LANDLORD_CONFIG))
    clock = Clock(JUNE2)
    desk.clock = clock
    build(desk, clock)
    desk.store.close()
    yield url


def test_report_tsm_json_text_and_csv_agree(cli_year: str, tmp_path: Path) -> None:
    done = run_cli("report", "tsm", "--year", "2025-26", "--homes", "2000", "--json",
                   db=cli_year)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == EXPECTED
    assert done.stderr == ""  # no progress when not on a terminal
    text = run_cli("report", "tsm", "--year", "2025-26", "--homes", "2000", db=cli_year)
    assert text.returncode == 0, text.stderr
    for line in ("stage 1: 7.0 per 1,000 homes (14 complaints received and accepted)",
                 "stage 2: 1.5 per 1,000 homes (3 escalation requests received and "
                 "accepted)",
                 "not counted: 1 complaint(s) not accepted, 1 escalation(s) declined",
                 "stage 1: 69.2% (9 of 13 responses)", "stage 2: 66.7% (2 of 3 responses)",
                 'extensions = "code"'):
        assert line in text.stdout
    csv = run_cli("report", "tsm", "--year", "2025-26", "--homes", "2000", "--csv",
                  db=cli_year)
    assert "CH02,1,9,13,0.6923076923076923,2025-04-01,2026-03-31" in csv.stdout


def test_report_tsm_explain_and_case_explain(cli_year: str, tmp_path: Path) -> None:
    config = tmp_path / "redress.toml"
    config.write_text(Path(LANDLORD_CONFIG).read_text() + '\n[reports]\nextensions = "none"'
                      "\nhomes = 4000\n")
    env = {"REDRESS_CONFIG": str(config)}
    done = run_cli("report", "tsm", "--year", "2025-26", "--json", "--explain",
                   db=cli_year, env=env)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["homes"] == 4000 and got["settings"]["extensions"] == "none"
    assert got["CH02"]["stage1"]["within_timescale"] == 6
    within = [c for c in got["cases"] if c["figure"] == "CH02 stage 1" and
              c["within_timescale"]]
    assert len(within) == 6
    shown = run_cli("case", "explain", "2025-00001", "--year", "2025-26", db=cli_year)
    assert shown.returncode == 0, shown.stderr
    assert "CH01 stage 1: 2025-00001" in shown.stdout
    assert "-> within the Code's timescales" in shown.stdout


@pytest.mark.parametrize(("args", "message", "code"), [
    (("--year", "2025-27", "--homes", "10"), "error: --year must be a reporting year like "
     "2025-26 (1 April 2025 to 31 March 2026): the second year follows the first", 1),
    (("--year", "last", "--homes", "10"), "error: --year must be a reporting year", 1),
    (("--year", "2025-26", "--homes", "0"), "error: --homes must be a whole number of "
     "homes, at least 1", 1),
    (("--year", "2025-26",), "error: give --homes N", 1),
    (("--from", "2025-05-01", "--to", "2025-04-01", "--homes", "10"),
     "error: --to 2025-04-01 is before --from 2025-05-01", 1),
    (("--from", "2025-05-01", "--homes", "10"), "error: --to is needed too", 1),
    (("--homes", "10",), "error: give --year", 1),
    (("--year", "2030-31", "--homes", "10"), "error: no complaint was received, escalated "
     "or answered in 2030-31 (1 April 2030 to 31 March 2031): nothing to report", 1),
    (("--year", "2025-26", "--homes", "10", "--json", "--csv"), "give --json or --csv", 2),
], ids=["year-order", "year-form", "homes-0", "no-homes", "from-after-to", "no-to",
        "no-period", "no-cases", "two-forms"])
def test_bad_periods_and_homes_are_clear(cli_year: str, args: tuple[str, ...],
                                         message: str, code: int) -> None:
    done = run_cli("report", "tsm", *args, db=cli_year)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_reports_table_names_the_key(cli_year: str, tmp_path: Path) -> None:
    config = tmp_path / "redress.toml"
    config.write_text('[reports]\nextensions = "sometimes"\n')
    done = run_cli("report", "tsm", "--year", "2025-26", "--homes", "10", db=cli_year,
                   env={"REDRESS_CONFIG": str(config)})
    assert done.returncode == 1
    assert "reports.extensions must be one of 'code', 'cap', 'none', got: 'sometimes'" \
        in done.stderr

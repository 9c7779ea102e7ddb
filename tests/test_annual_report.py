"""The annual complaints performance and service improvement report (2024 Code 8.1),
checked against a fixture year whose figures are worked out by hand below."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from redress.engine import Desk
from redress.engine.reports import (
    annual,
    annual_charts,
    annual_html,
    annual_markdown,
    reporting_year,
)
from support import OUTCOME, Clock, deliver, run_cli

ACK = {"complaint_definition": "Damp", "outcomes_sought": "Repair", "responsibility": "Ours"}
RESPONSE = {"decision": "Upheld", **OUTCOME, "reasons": "Late", "remedy": "An apology",
            "outstanding_actions": "none"}
YEAR = reporting_year("2025-26")


def step(desk: Desk, clock: Clock, day: date, ref: str, action: str,
         fields: dict[str, str] | None = None, by: str = "officer") -> None:
    clock.set(day, 11)
    desk.act(ref, action, fields or {}, by)
    deliver(desk, ref)   # each letter leaves the day it is written


def opened(desk: Desk, clock: Clock, day: date, **extra: Any) -> str:
    clock.set(day, 9)
    return desk.open_case(received_at=clock.now, resident="A", actor="officer",
                          workflow="chc-2024", email="a@example.org", **extra).ref


def fixture_year(desk: Desk, clock: Clock) -> None:
    """Received in 2025-26: a, b, c, d (Jun x2, Sep, Jan). Before it: e (Mar 2025)."""
    e = opened(desk, clock, date(2025, 3, 3))             # before the year: not received in it
    step(desk, clock, date(2025, 3, 4), e, "acknowledge", ACK)
    a = opened(desk, clock, date(2025, 6, 2), adjustments={"large_print": "yes"})
    step(desk, clock, date(2025, 6, 4), a, "acknowledge", ACK)           # ack due 9 Jun: met
    step(desk, clock, date(2025, 6, 10), a, "respond",                   # due 18 Jun: met
         {**RESPONSE, "compensation": "£150", "category": "damp_mould",
          "learning": "Survey damp within 10 days",
          "outstanding_actions": "Redecorate|2025-07-01"})
    step(desk, clock, date(2025, 6, 20), a, "escalate")                  # stage 2 requested
    step(desk, clock, date(2025, 6, 23), a, "acknowledge", ACK)          # s2 ack: met
    step(desk, clock, date(2025, 7, 2), a, "complete_action", {"deadline": "4"})  # 1 day late
    step(desk, clock, date(2025, 7, 10), a, "respond",                   # s2 due 21 Jul: met
         {**RESPONSE, "decision": "partly upheld", "compensation": "250.50",
          "category": "Damp and mould", "learning": "Survey damp within 10 days"},
         by="head.of.service")
    step(desk, clock, date(2025, 7, 11), a, "close")                      # learning on record
    b = opened(desk, clock, date(2025, 6, 2))
    step(desk, clock, date(2025, 6, 3), b, "refuse", {"ground": "time_limit",
                                                      "aware_on": "2024-01-05",
                                                      "explanation": "Over a year ago"})
    c = opened(desk, clock, date(2025, 9, 1))
    step(desk, clock, date(2025, 9, 12), c, "acknowledge", ACK)          # due 8 Sep: late
    step(desk, clock, date(2025, 9, 25), c, "extend", {"working_days": "5",
                                                        "reason": "Survey  booked"})
    step(desk, clock, date(2025, 9, 30), c, "withdraw")                  # s1 response cancelled
    opened(desk, clock, date(2026, 1, 12))                               # never acknowledged


def test_the_fixture_year_adds_up(desk: Desk, clock: Clock) -> None:
    fixture_year(desk, clock)
    with desk.store.reading() as fetch:
        r = annual(fetch, YEAR, date(2026, 11, 29), "Noted by the Board on 1 May 2026.",
                   sqlite=desk.store.is_sqlite)
    v = r["volumes"]
    assert (v["received"], v["accepted_stage1"], v["not_accepted"], v["escalated_stage2"]) \
        == (4, 2, 1, 1)
    months = {m["month"]: (m["received"], m["escalated"]) for m in v["by_month"]}
    assert len(months) == 12 and months["2025-06"] == (2, 1) and months["2025-09"] == (1, 0)
    assert months["2026-01"] == (1, 0) and months["2025-04"] == (0, 0)
    assert v["by_category"] == [{"category": "Not recorded", "cases": 3},
                                {"category": "Damp and mould", "cases": 1}]
    assert r["outcomes"] == {"stage1": {"Upheld": 1}, "stage2": {"Partly upheld": 1},
                             "withdrawn": 1}
    timeliness = {t["deadline"]: (t["due"], t["met"], t["late"], t["overdue"])
                  for t in r["timeliness"]}
    # acknowledgements due in the year: a (met), c (late), d (due 19 Jan 2026, never
    # answered: overdue); b's was met by the refusal; e's fell due before the year
    assert timeliness == {"acknowledge": (4, 2, 1, 1), "stage1_response": (1, 1, 0, 0),
                          "stage2_acknowledge": (1, 1, 0, 0),
                          "stage2_response": (1, 1, 0, 0)}
    assert r["extensions"] == {"count": 1, "past_cap_with_good_reason": 0,
                               "by_reason": [{"reason": "Survey booked", "count": 1}]}
    assert r["not_accepted"] == [{"ground": "time_limit", "label": "the issue occurred, or "
                                  "you became aware of it, more than 12 months before you "
                                  "complained", "count": 1}]
    assert r["remedies"] == {"responses_with_remedy": 2, "compensation_offered": "400.50",
                             "outstanding_actions": {"recorded": 1, "done": 0,
                                                     "done_late": 1, "open": 0,
                                                     "overdue": 0}}
    assert r["learning"] == [{"category": "Damp and mould", "items": [
        {"case": a_ref(desk), "learning": "Survey damp within 10 days"}]}]
    assert r["adjustments"] == {"cases": 1}
    assert r["governing_body_response"] == "Noted by the Board on 1 May 2026."


def a_ref(desk: Desk) -> str:
    return next(c.ref for c in desk.cases() if c.adjustments)


def test_markdown_and_html_carry_the_same_numbers(desk: Desk, clock: Clock) -> None:
    fixture_year(desk, clock)
    with desk.store.reading() as fetch:
        r = annual(fetch, YEAR, date(2026, 11, 29), sqlite=desk.store.is_sqlite)
    md = annual_markdown(r, "Report")
    page = annual_html(r, "Report", annual_charts(r))
    for text in ("| Complaints received | 4 |", "| Stage 1 acknowledgement | 4 | 2 | 1 | 1 "
                 "| 50.0% |", "| Compensation offered (£) | 400.50 |", "| Jun 2025 | 2 | 1 |",
                 "| Withdrawn by the resident | 1 |  |", "To be added when the governing body"):
        assert text in md
    assert "<td>Complaints received</td><td>4</td>" in page
    assert "<td>Stage 1 acknowledgement</td><td>4</td><td>2</td><td>1</td><td>1</td>" \
           "<td>50.0%</td>" in page
    assert page.count("<svg") == 3   # volumes by month, outcomes, timeliness
    assert "<script" not in page and "http" not in page.split("<svg", 1)[0]


def test_each_step_is_reported_as_it_begins(desk: Desk, clock: Clock) -> None:
    """A year of a large archive takes a while: a terminal hears each step begin."""
    fixture_year(desk, clock)
    heard: list[str] = []
    with desk.store.reading() as fetch:
        r = annual(fetch, YEAR, date(2026, 11, 29), sqlite=desk.store.is_sqlite,
                   progress=heard.append)
    assert heard == ["counting complaints received (1 of 5)",
                     "grouping responses, extensions, refusals and escalations (2 of 5)",
                     "reading the learning recorded (3 of 5)",
                     "counting deadlines due (4 of 5)",
                     "counting promised actions and the Ombudsman's orders (5 of 5)"]
    assert r["volumes"]["received"] == 4


def test_a_period_with_no_cases_still_reads(desk: Desk) -> None:
    with desk.store.reading() as fetch:
        r = annual(fetch, reporting_year("2019-20"), date(2026, 11, 29),
                   sqlite=desk.store.is_sqlite)
    md = annual_markdown(r, "Report")
    assert "| Complaints received | 0 |" in md and "None in the period." in md
    assert annual_charts(r).keys() == {"by_month"}


def test_cli_writes_the_report_and_refuses_bad_periods(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert run_cli("case", "open", "--received", "2025-06-02", "--resident", "A", "--email",
                   "a@example.org", db=db, now="2025-06-02T10:00").returncode == 0
    (tmp_path / "response.txt").write_text("The Board noted the report.", encoding="utf-8")
    done = run_cli("report", "annual", "--year", "2025-26", "--out", str(tmp_path / "out"),
                   "--response", str(tmp_path / "response.txt"), "--json", "--homes", "1000",
                   db=db, now="2026-11-29")
    assert done.returncode == 0, done.stderr
    stem = tmp_path / "out" / "annual-report-2025-26"
    figures = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    assert json.loads(done.stdout) == figures
    assert figures["volumes"]["received"] == 1
    # CH01 and CH02 beside them (the case was never acknowledged: not in CH01 stage 1)
    assert figures["tsm"]["homes"] == 1000
    assert figures["tsm"]["CH01"]["stage1"] == {"received": 0, "per_1000_homes": 0.0}
    assert "CH01 stage 1: per 1,000 homes" in stem.with_suffix(".md").read_text("utf-8")
    assert "The Board noted the report." in stem.with_suffix(".html").read_text("utf-8")
    for args, message in ((("--year", "2025-27"), "--year must be a reporting year"),
                          (("--from", "2025-04-01"), "--to is needed too"),
                          (("--from", "2025-04-01", "--to", "2025-03-01"), "is before --from"),
                          (("--response", str(tmp_path / "none.txt")), "cannot read it")):
        bad = run_cli("report", "annual", *args, "--out", str(tmp_path / "x"), db=db)
        assert bad.returncode == 1 and message in bad.stderr, bad.stderr


@pytest.mark.parametrize("value", ["about £100", "-5", "1.5", "12345678"])
def test_compensation_is_an_amount(desk: Desk, clock: Clock, value: str) -> None:
    from redress.engine import InvalidInput

    ref = opened(desk, clock, date(2026, 11, 2))
    step(desk, clock, date(2026, 11, 4), ref, "acknowledge", ACK)
    clock.set(date(2026, 11, 5))
    with pytest.raises(InvalidInput, match="compensation is an amount in pounds"):
        desk.act(ref, "respond", {**RESPONSE, "compensation": value}, "j.patel")

"""The Code self-assessment (2024 Code 8.1): every provision listed, answered only where
redress can vouch for it, from the workflow file and the cases that ran on it."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from redress.engine import Desk, InvalidInput
from redress.engine.reports import Row, reporting_year, self_assessment
from support import Clock, deliver, run_cli

ROOT = Path(__file__).resolve().parent.parent
ACK = {"complaint_definition": "Damp", "outcomes_sought": "Repair", "responsibility": "Ours"}
YEAR = reporting_year("2025-26")
TODAY = date(2026, 11, 29)


def line_of(file: str, after: str, text: str) -> int:
    """The line of the first `text` after the line holding `after` in a bundled file."""
    lines = (ROOT / file).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines)) if text in lines[i]) + 1


def assessed(desk: Desk, workflow: str | None = None, edition: str = "2024",
             official: Path | None = None) -> dict[str, Row]:
    with desk.store.reading() as fetch:
        _, rows = self_assessment(fetch, desk.registry, edition, workflow, YEAR.start,
                                  YEAR.end, TODAY, official)
    return {r.provision: r for r in rows}


def case_acknowledged(desk: Desk, clock: Clock, received: date, on: date,
                      workflow: str = "chc-2024") -> None:
    clock.set(received, 9)
    case = desk.open_case(received_at=clock.now, resident="A", actor="officer",
                          workflow=workflow, email="a@example.org")
    clock.set(on, 11)
    desk.act(case.ref, "acknowledge", ACK if workflow == "chc-2024" else
             {**ACK, "investigating_team": "Repairs"}, "officer")
    deliver(desk, case.ref)   # the acknowledgement leaves the same day


def test_every_2024_provision_is_listed_and_only_vouched_ones_answered(desk: Desk) -> None:
    rows = assessed(desk)
    with (ROOT / "workflows" / "provisions-2024.csv").open(encoding="utf-8") as f:
        assert list(rows) == [r["provision"] for r in csv.DictReader(f)]
    ack = rows["6.2"]
    assert ack.comply == "Yes"
    line = line_of("workflows/chc-2024.yaml", "  acknowledge:", 'code: "6.2"')
    assert f"timer acknowledge (workflows/chc-2024.yaml:{line})" in ack.evidence
    # what only the landlord can say is left to it, never guessed
    for provision in ("4.3", "8.2", "9.5"):
        assert (rows[provision].comply, rows[provision].evidence) == ("", "")
        assert rows[provision].commentary.startswith("For the landlord to assess")
    assert rows["5.12"].comply == "Yes" and "audit trail" in rows["5.12"].commentary


def test_deadline_provisions_carry_the_measured_figure(desk: Desk, clock: Clock) -> None:
    """Acknowledgements due in 2025-26 on chc-2024: three met, one late; one due before
    the year, one after it and one on another workflow do not count (6.2)."""
    case_acknowledged(desk, clock, date(2025, 3, 3), date(2025, 3, 5))    # due 10 Mar 2025
    case_acknowledged(desk, clock, date(2025, 6, 2), date(2025, 6, 4))    # due 9 Jun: met
    case_acknowledged(desk, clock, date(2025, 6, 2), date(2025, 6, 9))    # on the day: met
    case_acknowledged(desk, clock, date(2025, 9, 1), date(2025, 9, 2))    # met
    case_acknowledged(desk, clock, date(2025, 9, 1), date(2025, 9, 12))   # due 8 Sep: late
    case_acknowledged(desk, clock, date(2026, 3, 30), date(2026, 4, 1))   # due 6 Apr 2026
    case_acknowledged(desk, clock, date(2025, 6, 2), date(2025, 6, 3), "landlord-2024")
    rows = assessed(desk)
    assert rows["6.2"].figure == ("75.0% of 4 acknowledge, define and log at stage 1 "
                                  "deadlines due in the period were met (1 late, 0 still "
                                  "overdue)")
    # four stage 1 responses fell due in the year and none was answered: all overdue
    # (the one of March 2025 fell due before it; the one of April 2026 after it)
    assert rows["6.3"].figure == ("0.0% of 4 stage 1 response deadlines due in the period "
                                  "were met (0 late, 4 still overdue)")
    landlord = assessed(desk, "landlord-2024")
    assert landlord["6.2"].figure.startswith("100.0% of 1 acknowledge within 3 working days")


def test_a_landlords_workflow_cites_its_own_file(desk: Desk) -> None:
    rows = assessed(desk, "landlord-2024")
    line = line_of("workflows/examples/landlord-2024.yaml", "stage1_response:",
                   'code: "6.4"')
    assert f"timer stage1_response extend (workflows/examples/landlord-2024.yaml:{line})" \
        in rows["6.4"].evidence
    assert rows["6.4"].comply == "Yes"


def test_a_loosened_workflow_is_marked_no_with_the_finding(desk: Desk,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "loose-2024.yaml"
    path.write_text("workflow: loose-2024\ntitle: Loose\nextends: chc-2024\n"
                    "effective_from: 2024-04-01\n"
                    "timers:\n  stage1_response: {working_days: 15}\n"
                    "choices:\n  decision:\n    upheld: {label: Upheld, needs: null}\n",
                    encoding="utf-8")
    rows = assessed(desk, str(path))
    assert rows["6.3"].comply == "No"
    assert rows["6.3"].commentary == (f"{path}:6: timer stage1_response is 15 working days; "
                                      "chc-2024 allows at most 10 working days")
    assert rows["7.1"].comply == "No"
    assert rows["7.1"].commentary == f"{path}:9: decision Upheld does not need failings"
    assert rows["6.2"].comply == "Yes"


def test_2022_is_assessed_on_its_own_provisions(desk: Desk) -> None:
    rows = assessed(desk, "chc-2022", "2022")
    assert rows["5.1"].comply == "Yes" and "timer stage1_response" in rows["5.1"].evidence
    assert rows["4.9"].comply == "Yes"   # every letter signs off with a role
    with pytest.raises(InvalidInput, match=r"follows the 2022 Code .*--code 2022"):
        assessed(desk, "chc-2022", "2024")
    with pytest.raises(InvalidInput, match="aspire-2010 follows no Code edition"):
        assessed(desk, "aspire-2010", "2024")


def test_the_codes_own_wording_can_replace_ours(desk: Desk, tmp_path: Path) -> None:
    wording = tmp_path / "code.csv"
    wording.write_text("provision,text\n6.2,\"The official words of 6.2\"\n",
                       encoding="utf-8")
    rows = assessed(desk, official=wording)
    assert rows["6.2"].requirement == "The official words of 6.2"
    assert rows["6.3"].requirement.startswith("The stage 1 response is issued")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,words\n6.2,x\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="needs the columns provision,text"):
        assessed(desk, official=bad)


def test_cli_writes_html_markdown_and_csv(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert run_cli("case", "open", "--received", "2025-06-02", "--resident", "A", "--email",
                   "a@example.org", db=db, now="2025-06-02T10:00").returncode == 0
    done = run_cli("self-assessment", "--code", "2024", "--year", "2025-26", "--out",
                   str(tmp_path / "sa"), db=db, now="2026-11-29")
    assert done.returncode == 0, done.stderr
    stem = tmp_path / "sa" / "self-assessment-2024-chc-2024-2025-26"
    md = stem.with_suffix(".md").read_text(encoding="utf-8")
    page = stem.with_suffix(".html").read_text(encoding="utf-8")
    with stem.with_suffix(".csv").open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert len(table) == md.count("\n| ") - 2 == page.count("<tr>") - 1  # less headings
    [row] = [r for r in table if r["Provision"] == "6.2"]
    assert row["Comply"] == "Yes" and row["Measured"].startswith("0.0% of 1 acknowledge")
    assert re.search(r"\d+ provisions: \d+ met by the workflow, 0 not met, \d+ for the "
                     r"landlord to assess", done.stdout)
    for args, message in ((("--code", "2019"), "--code must be one of 2024, 2022"),
                          (("--code", "2024", "--year", "2025"), "--year must be a "
                           "reporting year like 2025-26"),
                          (("--code", "2024", "--year", "2025-26", "--from", "2025-01-01"),
                           "give either --year or --from and --to")):
        bad = run_cli("self-assessment", *args, "--out", str(tmp_path / "x"), db=db)
        assert bad.returncode == 1 and message in bad.stderr and "Traceback" not in bad.stderr

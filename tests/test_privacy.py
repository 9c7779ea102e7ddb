"""Personal data apart from the audit chain; legal holds, erasure and retention.

Erasure and anonymisation keep the facts reports need and leave `audit verify` intact
(and still finding any other edit); erased values leave the database file.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from redress.cli import main
from redress.engine import ActionRefused, Desk, load_config
from redress.engine.store import anonymise_due, erase_case, hold_case
from sqlalchemy import text
from support import LANDLORD_CONFIG, OUTCOME, Clock
from test_upgrade import load_release

NAME = "Ms Zoë Erasable"
EMAIL = "zoe.erasable@example.org"
ACK = {"complaint_definition": "Mould in Ms Zoë Erasable's bedroom",
       "outcomes_sought": "Repair", "responsibility": "Ours"}
RESPONSE = {"decision": "Upheld", **OUTCOME, "reasons": "Repairs were late", "remedy": "£150",
            "outstanding_actions": "none"}


@pytest.fixture(autouse=True)
def _letters_kept_in_the_test_s_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The outbox folders `closed_case` makes (letters naming a resident) go in the
    test's own folder, which pytest clears, not in the system's temporary folder."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def cli(db_url: str, now: str, *args: str, config: str = LANDLORD_CONFIG) -> Result:
    return CliRunner().invoke(main, ["--db", db_url, "--now", now, *args],
                              env={"REDRESS_CONFIG": config})


def closed_case(desk: Desk, clock: Clock, day: date, resident: str = NAME,
                email: str = EMAIL, actions: str = "none") -> str:
    """Opened on `day`, answered at stage 1 (posted the same day) and closed a day later."""
    clock.set(day, 9)
    ref = desk.open_case(received_at=clock.now, resident=resident, actor="officer",
                         email=email, summary=f"Damp at {resident}'s flat").ref
    clock.set(day + timedelta(days=1))
    desk.act(ref, "acknowledge", ACK, "officer")
    sent = CliRunner().invoke(main, ["--db", desk.store.url, "--now",
                                     f"{day + timedelta(days=1)} 11:00", "run", "--once"],
                              env={"REDRESS_CONFIG": LANDLORD_CONFIG,
                                   # each database its own folder: letter files are
                                   # never overwritten, and case numbers repeat
                                   "REDRESS_OUTBOX_DIR": tempfile.mkdtemp(
                                       prefix="redress-privacy-outbox-")})
    assert sent.exit_code == 0 and " 1 sent" in sent.output, sent.output
    clock.set(day + timedelta(days=2))
    desk.act(ref, "respond", {**RESPONSE, "outstanding_actions": actions}, "j.patel")
    seq = desk.store.letters(ref)[-1]["seq"]
    desk.letter_sent(ref, seq, None, "posted", "officer")
    clock.set(day + timedelta(days=3))
    desk.act(ref, "close", {"note": f"{resident} is content"}, "officer")
    return ref


def facts(shown: dict[str, Any]) -> dict[str, Any]:
    """What reports read: dates, stages, state, outcomes, deadlines met or missed."""
    return {"ref": shown["ref"], "state": shown["state"], "received": shown["received"],
            "stage": shown["stage"], "handlers": shown["handlers"],
            "decision": shown["fields"].get("decision"), "channel": shown["channel"],
            "deadlines": [{k: v for k, v in d.items() if k != "note"}
                          for d in shown["deadlines"]],
            "letters": [{k: v for k, v in x.items() if k != "left_how"}
                        for x in shown["letters"]]}


def verify(desk: Desk) -> list[str]:
    return desk.store.verify_audit()[1]


def test_erasure_refused_while_a_deadline_is_live(desk: Desk, clock: Clock,
                                                  db_url: str) -> None:
    ref = desk.open_case(received_at=clock.now, resident=NAME, actor="officer",
                         email=EMAIL).ref
    before = desk.store.events(ref)
    with pytest.raises(ActionRefused) as refused:
        erase_case(desk.store, ref, "erasure request of 2 November 2026", "dpo", clock())
    assert str(refused.value) == (
        f"case {ref} cannot be erased: it has a live deadline: Acknowledge, define and "
        "log at stage 1, due Monday 9 November 2026")
    shown = cli(db_url, "2026-11-02 10:00", "case", "erase", ref, "--reason", "request")
    assert shown.exit_code == 1
    assert shown.output.startswith(f"error: case {ref} cannot be erased: it has a live "
                                   "deadline")
    assert desk.store.events(ref) == before
    assert desk.store.load(ref).resident == NAME


def test_erasure_refused_for_an_open_tracked_action(desk: Desk, clock: Clock) -> None:
    ref = closed_case(desk, clock, date(2026, 11, 2),
                      actions="Fit the extractor fan|2026-12-18")
    with pytest.raises(ActionRefused, match="it has an open tracked action: Outstanding "
                       r"action \d+: Fit the extractor fan, due Friday 18 December 2026"):
        erase_case(desk.store, ref, "request", "dpo", clock())


def test_erasure_refused_for_a_hold_until_released(desk: Desk, clock: Clock,
                                                   db_url: str) -> None:
    ref = closed_case(desk, clock, date(2026, 11, 2))
    held = cli(db_url, "2026-11-20", "case", "hold", ref, "--reason",
               "Ombudsman case 202612345 open", "--by", "dpo")
    assert held.exit_code == 0, held.output
    refused = cli(db_url, "2026-11-20", "case", "erase", ref, "--reason", "request")
    assert refused.exit_code == 1
    assert refused.output == (f"error: case {ref} cannot be erased: it is under a legal hold "
                              "(Ombudsman case 202612345 open); release it first with "
                              f"redress case release {ref}\n")
    assert anonymise_due(desk.store, clock.now + timedelta(days=365 * 7), 6) == []
    released = cli(db_url, "2026-11-21", "case", "release", ref, "--by", "dpo")
    assert released.exit_code == 0, released.output
    erased = cli(db_url, "2026-11-21", "case", "erase", ref, "--reason",
                 "erasure request of 20 November 2026", "--by", "dpo")
    assert erased.exit_code == 0, erased.output
    assert erased.output.startswith(f"{ref}: personal data erased: resident, email, summary")
    history = [e["action"] for e in desk.store.events(ref)]
    assert history[-3:] == ["hold", "release", "erase"]
    assert verify(desk) == []


def test_after_erasure_the_facts_stay_and_the_audit_is_intact(
        desk: Desk, clock: Clock, db_url: str) -> None:
    ref = closed_case(desk, clock, date(2026, 11, 2))
    before = json.loads(cli(db_url, "2026-11-30", "case", "show", ref, "--json").output)
    erase_case(desk.store, ref, "erasure request of 30 November 2026", "dpo",
               clock.now + timedelta(days=20))
    after = json.loads(cli(db_url, "2026-11-30", "case", "show", ref, "--json").output)
    assert facts(after) == facts(before)
    assert (after["resident"], after["email"], after["summary"]) == (
        "[erased]", "[erased]", "[erased]")
    assert after["fields"]["complaint_definition"] == "[erased]"
    assert after["fields"]["decision"] == "Upheld"
    history = cli(db_url, "2026-11-30", "case", "history", ref)
    assert NAME not in history.output and EMAIL not in history.output
    assert "resident: [erased]" in history.output
    last = desk.store.events(ref)[-1]
    assert (last["action"], last["actor"]) == ("erase", "dpo")
    recorded = json.loads(last["fields"])
    assert recorded["reason"] == "erasure request of 30 November 2026"
    assert "resident" in recorded["erased"] and NAME not in last["fields"]
    letter = cli(db_url, "2026-11-30", "letter", "show", ref, "2")
    assert "The text of this letter was erased on" in letter.output
    assert NAME not in letter.output
    verified = cli(db_url, "2026-11-30", "audit", "verify")
    assert verified.exit_code == 0, verified.output
    # still finds any other edit
    with desk.store.engine.begin() as conn:
        conn.execute(text("UPDATE deadline SET status = 'met' WHERE status = 'cancelled'"))
    assert any("status is 'met' but the events lead to 'cancelled'" in f
               for f in verify(desk))


def test_an_erased_name_is_not_in_the_database_file(sqlite_url: str, clock: Clock) -> None:
    desk = Desk.open(sqlite_url, load_config(LANDLORD_CONFIG))
    desk.clock = clock
    try:
        ref = closed_case(desk, clock, date(2026, 11, 2))
        path = Path(sqlite_url.removeprefix("sqlite:///"))
        files = [path, path.with_name(path.name + "-wal")]
        held = b"".join(f.read_bytes() for f in files if f.exists())
        assert NAME.encode() in held and EMAIL.encode() in held
        erase_case(desk.store, ref, "erasure request", "dpo", clock.now + timedelta(days=9))
        left = b"".join(f.read_bytes() for f in files if f.exists())
        for value in (NAME, EMAIL, "Mould in Ms Zo"):
            assert value.encode() not in left, value
            assert value.encode("utf-16-le") not in left, value
        assert verify(desk) == []
    finally:
        desk.store.close()


def test_a_retention_run_over_a_fixture_year(desk: Desk, clock: Clock,
                                            db_url: str) -> None:
    """A case closed each month of 2026; in July 2032 those closed six years before are
    anonymised (the first half of the year), except the one on legal hold."""
    refs = [closed_case(desk, clock, date(2026, month, 5), resident=f"Resident {month:02d}",
                        email=f"r{month}@example.org") for month in range(1, 13)]
    hold_case(desk.store, refs[2], "litigation", "dpo", clock.now)
    before = {r: json.loads(cli(db_url, "2026-12-31", "case", "show", r, "--json").output)
              for r in refs}
    clock.set(date(2032, 7, 1), 3)
    lines = anonymise_due(desk.store, clock.now, 6)
    erased = [r for r in refs if desk.store.load(r).resident == "[erased]"]
    assert erased == [refs[0], refs[1], refs[3], refs[4], refs[5]]  # closed by 1 July 2026
    assert all(f"case {r}: retention: personal data erased" in "\n".join(lines)
               for r in erased)
    assert desk.store.load(refs[2]).resident == "Resident 03"  # held
    assert desk.store.load(refs[6]).resident == "Resident 07"  # closed 8 July 2026: kept
    assert anonymise_due(desk.store, clock.now, 6) == []  # nothing twice
    for r in refs:
        after = json.loads(cli(db_url, "2032-07-01", "case", "show", r, "--json").output)
        assert facts(after) == facts(before[r])
    verified = cli(db_url, "2032-07-01", "audit", "verify")
    assert verified.exit_code == 0, verified.output
    event = desk.store.events(refs[0])[-1]
    assert (event["action"], event["actor"]) == ("erase", "redress.runner")
    assert "retention: closed, last event on Thursday 8 January 2026, kept 6 years" in \
        event["fields"]


def test_the_runner_anonymises_by_the_configured_period(
        desk: Desk, clock: Clock, db_url: str, tmp_path: Path, isolated: Path) -> None:
    ref = closed_case(desk, clock, date(2026, 1, 5))
    config = tmp_path / "short.toml"
    config.write_text(Path(LANDLORD_CONFIG).read_text(encoding="utf-8")
                      + "\n[retention]\nyears_after_closure = 2\n", encoding="utf-8")
    kept = cli(db_url, "2027-06-01", "run", "--once", config=str(config))
    assert kept.exit_code == 0, kept.output
    assert desk.store.load(ref).resident == NAME
    ran = cli(db_url, "2028-01-09", "run", "--once", config=str(config))
    assert ran.exit_code == 0, ran.output
    assert f"case {ref}: retention: personal data erased" in ran.output
    assert desk.store.load(ref).resident == "[erased]"


@pytest.mark.parametrize("value", ["0", "\"six\"", "true"])
def test_a_bad_retention_period_is_refused(tmp_path: Path, sqlite_url: str,
                                           value: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(f"[retention]\nyears_after_closure = {value}\n", encoding="utf-8")
    done = cli(sqlite_url, "2026-11-02", "run", "--once", config=str(config))
    assert done.exit_code == 1
    assert done.output.startswith(f"error: {config}: retention.years_after_closure must be "
                                  "a whole number of years from 1 to 100")


def test_a_case_from_the_previous_release_can_be_erased(db_url: str, isolated: Path) -> None:
    """Its events hold their values inside their hashes: erasure seals them."""
    load_release(db_url, "0003")
    assert cli(db_url, "2026-12-20", "db", "upgrade").exit_code == 0
    erased = cli(db_url, "2026-12-20", "case", "erase", "2026-00001", "--reason", "request")
    assert erased.exit_code == 0, erased.output
    history = cli(db_url, "2026-12-20", "case", "history", "2026-00001")
    assert "Ms Alice Example" not in history.output
    assert "resident: [erased]" in history.output
    verified = cli(db_url, "2026-12-20", "audit", "verify")
    assert verified.exit_code == 0, verified.output
    desk = Desk.open(db_url, load_config(LANDLORD_CONFIG))
    try:
        with desk.store.engine.begin() as conn:
            conn.execute(text("UPDATE case_event SET to_state = 'stage2' WHERE seq = 2 AND "
                              "case_id = 1"))
        assert any("event 2 (acknowledge) was edited" in f for f in verify(desk))
    finally:
        desk.store.close()

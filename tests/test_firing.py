"""The runner fires in batches of `[runner] batch_size` (or `run --batch-size`): every
due wake-up once whatever the batch size, and a bad size refused plainly."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from redress.cli import main
from redress.engine import Desk, load_config
from redress.engine.runner import MailSettings, PassResult, Runner, fire_due
from sqlalchemy import event, text
from support import LANDLORD_CONFIG, Clock

ACK = {"complaint_definition": "Damp in the back bedroom", "outcomes_sought": "Repair",
       "responsibility": "The walls are ours"}


def due_cases(desk: Desk, clock: Clock, n: int) -> list[str]:
    refs = [desk.open_case(received_at=clock.now, resident=f"Resident {i}", actor="officer",
                           email=f"r{i}@example.org").ref for i in range(n)]
    for ref in refs:
        desk.act(ref, "acknowledge", ACK, "officer")
    clock.set(date(2027, 1, 4))  # every wake-up of every case is due
    return refs


def states(desk: Desk) -> dict[str, int]:
    with desk.store.reading() as fetch:
        return {r["state"]: r["n"] for r in fetch(
            "SELECT state, COUNT(*) AS n FROM timer_job GROUP BY state", {})}


@pytest.mark.parametrize("batch", [1, 3, 200])
def test_every_due_wakeup_fires_once_whatever_the_batch(desk: Desk, clock: Clock,
                                                        batch: int) -> None:
    refs = due_cases(desk, clock, 5)
    due = states(desk)["pending"]
    runner = Runner(desk, MailSettings(team="team@example.org"), lambda line: None, batch)
    result = PassResult()
    asyncio.run(runner.fire(result))
    assert states(desk).get("pending", 0) == 0
    with desk.store.reading() as fetch:
        fired = fetch("SELECT COUNT(*) AS n FROM timer_job WHERE state = 'done'", {})[0]["n"]
    assert result.fired == fired >= due
    assert desk.store.verify_audit() == (len(refs), [])


def test_a_batch_fires_everything_due_on_its_cases_reading_each_case_once(
        desk: Desk, clock: Clock) -> None:
    """A batch of one wake-up takes the rest due on its case too (the case's reminders and
    the ends of its deadlines): the case is read once and written in the same
    transaction, and each alert the batch raises is queued as its own email."""
    refs = due_cases(desk, clock, 3)
    with desk.store.reading() as fetch:
        due = {r["ref"]: r["n"] for r in fetch(
            "SELECT c.ref, COUNT(*) AS n FROM timer_job j JOIN complaint_case c ON "
            "c.id = j.case_id WHERE j.state = 'pending' GROUP BY c.ref", {})}
    assert due[refs[0]] > 1
    reads: list[str] = []

    def record(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        if sql.lstrip().upper().startswith("SELECT ID, REF, WORKFLOW"):
            reads.append(sql)

    mail = MailSettings(team="team@example.org")
    event.listen(desk.store.engine, "before_cursor_execute", record)
    try:
        first = fire_due(desk.store, desk.calendar, desk.letters, mail, "test", clock.now, 1,
                         desk.remind_at)
    finally:
        event.remove(desk.store.engine, "before_cursor_execute", record)
    assert len(first) == due[refs[0]]  # the first case's wake-ups, every one
    assert all(line.startswith(f"case {refs[0]}:") for line in first)
    assert len(reads) == 1
    # the next batches raise alerts after the first's: each alert its own email
    while fire_due(desk.store, desk.calendar, desk.letters, mail, "test", clock.now, 1,
                   desk.remind_at):
        pass
    assert states(desk).get("pending", 0) == 0
    with desk.store.reading() as fetch:
        alerts = fetch("SELECT COUNT(*) AS n FROM alert", {})[0]["n"]
        paired = fetch("SELECT COUNT(DISTINCT o.alert_id) AS n FROM outbox o JOIN alert a "
                       "ON a.id = o.alert_id AND a.case_id = o.case_id", {})[0]["n"]
        emails = fetch("SELECT COUNT(*) AS n FROM outbox WHERE alert_id IS NOT NULL",
                       {})[0]["n"]
    assert alerts == paired == emails > len(refs)
    assert desk.store.verify_audit() == (len(refs), [])


def test_a_batch_size_outside_the_range_is_refused() -> None:
    with pytest.raises(ValueError, match="batch must be from 1 to 5000, got: 0"):
        Runner(Desk.open("sqlite://", load_config(LANDLORD_CONFIG)), MailSettings(),
               lambda line: None, 0)


def run_once(db: str, config: str, *args: str) -> tuple[int, str]:
    got = CliRunner().invoke(main, ["--db", db, "--now", "2027-01-04 10:00", "run",
                                    "--once", *args], env={"REDRESS_CONFIG": config,
                                                           "REDRESS_OUTBOX_DIR": "outbox"})
    return got.exit_code, got.output


def test_the_cli_takes_the_batch_size_from_the_option_or_the_config(
        db_url: str, clock: Clock, isolated: Path) -> None:
    desk = Desk.open(db_url, load_config(LANDLORD_CONFIG))
    desk.clock = clock
    due_cases(desk, clock, 3)
    desk.store.close()
    config = isolated / "redress.toml"
    config.write_text(Path(LANDLORD_CONFIG).read_text(encoding="utf-8")
                      + "\n[runner]\nbatch_size = 2\n", encoding="utf-8")
    code, out = run_once(db_url, str(config))
    assert code == 0, out
    assert "wake-up(s) fired" in out and " 0 wake-up(s)" not in out
    desk = Desk.open(db_url, load_config(LANDLORD_CONFIG))
    with desk.store.engine.connect() as conn:
        left = conn.execute(text("SELECT COUNT(*) FROM timer_job WHERE state = 'pending' "
                                 "AND due_at <= '2027-01-04'")).scalar_one()
    desk.store.close()
    assert left == 0


@pytest.mark.parametrize(("setting", "option", "said"), [
    ("batch_size = 0", (), "batch_size must be a whole number of at least 1"),
    ("batch_size = 9000", (), "runner.batch_size must be a whole number from 1 to 5000, "
                              "got: 9000"),
    ("", ("--batch-size", "0"), "--batch-size"),
])
def test_a_bad_batch_size_is_refused_plainly(tmp_path: Path, setting: str,
                                            option: tuple[str, ...], said: str) -> None:
    config = tmp_path / "redress.toml"
    config.write_text(Path(LANDLORD_CONFIG).read_text(encoding="utf-8")
                      + f"\n[runner]\n{setting}\n", encoding="utf-8")
    code, out = run_once(f"sqlite:///{tmp_path / 'r.db'}", str(config), *option)
    assert code != 0
    assert said in out and "Traceback" not in out

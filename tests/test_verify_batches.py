"""`audit verify` in batches, and over part of the archive: one case, the cases with
events recorded in a date range, or those changed since the last clean verification.

Each mode must still find an edited audit row in the cases it covers, and say which
cases it checked: an incremental run that skipped a changed case, or checked every
case, would look the same from its exit code alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from redress.cli import main
from redress.engine import Desk, load_config
from redress.engine.cases import at_london, event_hash
from redress.engine.store import Store, last_verified, verify
from sqlalchemy import text
from support import LANDLORD_CONFIG, Clock


def checked(store: Store, *args: Any, **kwargs: Any) -> Any:
    """`verify`, listing the cases it checked."""
    return verify(store, *args, keep_refs=True, **kwargs)


ACK = {"complaint_definition": "Damp in the back bedroom", "outcomes_sought": "Repair",
       "responsibility": "The walls are ours"}


def cli(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db_url, "--now", "2026-11-20 10:00", *args],
                              env={"REDRESS_CONFIG": LANDLORD_CONFIG})


@pytest.fixture
def archive(db_url: str, clock: Clock, isolated: Path) -> Iterator[tuple[Desk, list[str]]]:
    """Five cases, the first two acknowledged."""
    desk = Desk.open(db_url, load_config(LANDLORD_CONFIG))
    desk.clock = clock
    refs = [desk.open_case(received_at=clock.now, resident=f"Resident {i}", actor="officer",
                           email=f"r{i}@example.org", summary="Damp").ref for i in range(5)]
    clock.set(date(2026, 11, 4))
    for ref in refs[:2]:
        desk.act(ref, "acknowledge", ACK, "officer")
    yield desk, refs
    desk.store.close()


def edit(store: Store, sql: str, **params: Any) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(sql), params)


def damage(store: Store, ref: str) -> None:
    """Someone with write access changes who opened the case."""
    edit(store, "UPDATE case_event SET actor = 'someone else' WHERE seq = 1 AND case_id = "
         "(SELECT id FROM complaint_case WHERE ref = :r)", r=ref)


def recorded_on(store: Store, ref: str, day: date) -> None:
    """Move a case's events to having been recorded on `day`, their chain recomputed
    and valid: a case recorded then, as an older archive holds it."""
    at = at_london(day, time(12)).replace(tzinfo=None)
    with store.engine.begin() as conn:
        case_id = conn.execute(text("SELECT id FROM complaint_case WHERE ref = :r"),
                               {"r": ref}).scalar_one()
        rows = conn.execute(text("SELECT * FROM case_event WHERE case_id = :c ORDER BY seq"),
                            {"c": case_id}).mappings().all()
        head = rows[0]["prev_hash"]
        for r in rows:
            new = {**r, "recorded_at": at, "prev_hash": head}
            head = event_hash(head, ref, new)
            conn.execute(text("UPDATE case_event SET recorded_at = :at, prev_hash = :p, "
                              "hash = :h WHERE id = :i"),
                         {"at": at, "p": new["prev_hash"], "h": head, "i": r["id"]})
        conn.execute(text("UPDATE complaint_case SET head_hash = :h WHERE id = :c"),
                     {"h": head, "c": case_id})


def test_batches_check_every_case_once_in_order(archive: tuple[Desk, list[str]]) -> None:
    desk, refs = archive
    for batch in (1, 2, 500):
        done = checked(desk.store, batch=batch)
        assert (done.refs, done.faults) == (refs, [])
    plain = verify(desk.store, batch=2)  # as the command runs: a count, not a list
    assert (plain.checked, plain.refs, plain.faults) == (len(refs), [], [])
    damage(desk.store, refs[3])
    done = checked(desk.store, batch=2)
    assert done.refs == refs
    assert done.faults and all(f.startswith(refs[3]) for f in done.faults)


def test_one_case_is_checked_alone(archive: tuple[Desk, list[str]], db_url: str) -> None:
    desk, refs = archive
    damage(desk.store, refs[1])
    found = cli(db_url, "audit", "verify", refs[1])
    assert found.exit_code == 1, found.output
    assert refs[1] in found.output and "1 case(s)" in found.output
    assert all(r not in found.output for r in refs if r != refs[1])
    other = cli(db_url, "audit", "verify", refs[0])
    assert other.exit_code == 0, other.output
    assert "audit trail intact: 1 case(s) checked" in other.output
    assert checked(desk.store, refs[0]).refs == [refs[0]]


def test_a_date_range_checks_the_cases_recorded_in_it(
        archive: tuple[Desk, list[str]], db_url: str) -> None:
    desk, refs = archive
    for ref in refs[1:3]:
        recorded_on(desk.store, ref, date(2026, 10, 1))
    assert checked(desk.store).faults == []  # the moved chains are valid
    damage(desk.store, refs[2])
    autumn = checked(desk.store, recorded_from=at_london(date(2026, 10, 1), time(0)),
                    recorded_to=at_london(date(2026, 10, 2), time(0)))
    assert autumn.refs == refs[1:3]
    found = cli(db_url, "audit", "verify", "--from", "2026-10-01", "--to", "2026-10-01")
    assert found.exit_code == 1, found.output
    assert refs[2] in found.output and "2 case(s)" in found.output
    later = cli(db_url, "audit", "verify", "--from", "2026-10-02", "--to", "2026-10-31")
    assert later.exit_code == 0, later.output
    assert "audit trail intact: 0 case(s) checked" in later.output


def test_since_last_checks_only_what_changed(archive: tuple[Desk, list[str]],
                                             db_url: str) -> None:
    desk, refs = archive
    assert last_verified(desk.store) is None
    first = cli(db_url, "audit", "verify")
    assert first.exit_code == 0, first.output
    assert "audit trail intact: 5 case(s) checked" in first.output
    since = last_verified(desk.store)
    assert since is not None
    unchanged = checked(desk.store, since=since)
    assert unchanged.refs == []  # nothing recorded since: nothing to read
    desk.act(refs[3], "acknowledge", ACK, "officer")
    damage(desk.store, refs[3])
    assert checked(desk.store, since=since).refs == [refs[3]]
    found = cli(db_url, "audit", "verify", "--since", "last")
    assert found.exit_code == 1, found.output
    assert refs[3] in found.output and "1 case(s)" in found.output
    # a run that found faults is no base for the next: it checks the same case again
    assert last_verified(desk.store) == since
    again = cli(db_url, "audit", "verify", "--since", "last")
    assert again.exit_code == 1 and refs[3] in again.output, again.output
    # by day: every case with an event recorded from that day on
    day = cli(db_url, "audit", "verify", "--since", "2026-01-01")
    assert day.exit_code == 1 and "5 case(s)" in day.output, day.output


def test_a_run_since_a_day_is_no_base_for_the_next(archive: tuple[Desk, list[str]],
                                                   db_url: str) -> None:
    desk, _ = archive
    assert cli(db_url, "audit", "verify").exit_code == 0
    base = last_verified(desk.store)
    # clean, but it checked only what changed since a day: earlier changes stay unchecked
    assert cli(db_url, "audit", "verify", "--since", "2030-01-01").exit_code == 0
    assert last_verified(desk.store) == base
    incremental = cli(db_url, "audit", "verify", "--since", "last")
    assert incremental.exit_code == 0, incremental.output
    later = last_verified(desk.store)
    assert base is not None and later is not None and later > base


def test_since_last_with_no_earlier_run_checks_everything(
        archive: tuple[Desk, list[str]], db_url: str) -> None:
    found = cli(db_url, "audit", "verify", "--since", "last")
    assert found.exit_code == 0, found.output
    assert "audit trail intact: 5 case(s) checked" in found.output
    assert "no earlier verification" in found.output


@pytest.mark.parametrize(("args", "named"), [
    (("--from", "2026-13-01"), "--from"),
    (("--since", "yesterday"), "--since"),
    (("--from", "2026-10-02", "--to", "2026-10-01"), "--to"),
    (("WEB-1", "--since", "last"), "not both"),
    (("--jobs", "0"), "--jobs"),
])
def test_bad_choices_are_refused_plainly(archive: tuple[Desk, list[str]], db_url: str,
                                         args: tuple[str, ...], named: str) -> None:
    found = cli(db_url, "audit", "verify", *args)
    assert found.exit_code == 2, found.output
    assert named in found.output and "Traceback" not in found.output


def test_an_action_while_a_batch_is_read_is_no_fault(archive: tuple[Desk, list[str]],
                                                      db_url: str, clock: Clock,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A verification runs while officers work: an action recorded between a batch's
    first query (the case rows) and its next (their events) must not read as a broken
    chain. Each batch is read from one snapshot of the database."""
    from redress.engine.store import _verify

    desk, refs = archive
    officer = Desk.open(db_url, load_config(LANDLORD_CONFIG))
    officer.clock = clock
    real = _verify._read
    acted: list[str] = []

    def read(fetch: Any, which: str, params: Any) -> Any:
        def meanwhile(sql: str, params: Any) -> Any:
            rows = fetch(sql, params)
            if not acted:  # after the case rows, before their events
                acted.append(officer.act(refs[2], "acknowledge", ACK, "officer").case.ref)
            return rows
        return real(meanwhile, which, params)

    monkeypatch.setattr(_verify, "_read", read)
    try:
        done = checked(desk.store)
    finally:
        officer.store.close()
    assert acted == [refs[2]]
    assert done.faults == []
    assert done.refs == refs
    monkeypatch.undo()
    assert checked(desk.store).faults == []  # and the action is in the record


def test_processes_side_by_side_find_what_one_finds(archive: tuple[Desk, list[str]],
                                                    db_url: str) -> None:
    """`--jobs`: forked processes check batches side by side, and the run reports the
    same cases and the same faults, in case order, as one process does."""
    desk, refs = archive
    damage(desk.store, refs[1])
    damage(desk.store, refs[4])
    alone = checked(desk.store, batch=1)
    assert alone.refs == refs
    assert {f.split(":")[0] for f in alone.faults} == {refs[1], refs[4]}
    for jobs in (2, 3):
        together = checked(desk.store, batch=1, jobs=jobs)
        assert (together.refs, together.faults) == (alone.refs, alone.faults)
        assert (checked(desk.store, refs[4], jobs=jobs).faults ==
                [f for f in alone.faults if f.startswith(refs[4])])
    for jobs in ("1", "2"):
        found = cli(db_url, "audit", "verify", "--jobs", jobs)
        assert found.exit_code == 1, found.output
        shown = found.output.splitlines()
        assert [ln for ln in shown if ln.startswith((refs[1], refs[4]))] == alone.faults
        assert f"{len(alone.faults)} fault(s) in 5 case(s)" in found.output


def test_a_process_that_fails_is_reported_plainly(archive: tuple[Desk, list[str]],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A checking process that stops (killed, out of memory) or meets an error ends the
    run with an error of the store's (a plain message and exit 1 from the CLI), and the
    run is not recorded."""
    import os

    from redress.engine._errors import DefinitionError, Problem, StoreError
    from redress.engine.store import _verify

    desk, _ = archive
    parent = os.getpid()
    real = _verify._check

    def dies(store: Store, batch: Any, keep_refs: bool) -> Any:
        if os.getpid() != parent:
            os._exit(9)
        return real(store, batch, keep_refs)

    def fails(store: Store, batch: Any, keep_refs: bool) -> Any:
        if os.getpid() != parent:
            raise DefinitionError([Problem("stored definition", 3, "no such state")])
        return real(store, batch, keep_refs)

    monkeypatch.setattr(_verify, "_check", dies)
    with pytest.raises(StoreError, match=r"a verifying process stopped.*--jobs 1"):
        verify(desk.store, batch=1, jobs=2, record=True)
    assert last_verified(desk.store) is None
    monkeypatch.setattr(_verify, "_check", fails)
    with pytest.raises(StoreError, match="stored definition:3: no such state"):
        verify(desk.store, batch=1, jobs=2)
    assert verify(desk.store, batch=1, jobs=1).faults == []  # one process: none forked

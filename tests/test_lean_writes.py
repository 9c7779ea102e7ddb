"""An action reads its case once and writes the case row once, on SQLite and PostgreSQL.

Every SQL statement the engine sends is seen by a SQLAlchemy `before_cursor_execute`
listener on the Desk's own engine while a whole two-stage lifecycle runs (the Code's
path: acknowledge, extend, respond, the response recorded as posted, escalate,
acknowledge, respond, posted, close). Each action must SELECT the case row once (the
read it decides from, its deadlines with it) and UPDATE it once (version-checked, the
hash chain's head with it). The version check is what makes the single read
safe: a case changed between the read and the write is refused whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from redress.engine import ChangedMeanwhile, Desk
from sqlalchemy import event
from support import OUTCOME, Clock

ACK = {"complaint_definition": "Damp in the back bedroom", "outcomes_sought": "Repair it",
       "responsibility": "The bedroom walls are ours to repair"}
RESPONSE = {"decision": "Upheld", **OUTCOME, "reasons": "Repairs were late",
            "remedy": "£150", "outstanding_actions": "none"}
STEPS = [  # (day, action, by, fields)
    (date(2026, 11, 4), "acknowledge", "officer", ACK),
    (date(2026, 11, 13), "extend", "officer", {"working_days": "5", "reason": "survey"}),
    (date(2026, 11, 23), "respond", "j.patel", RESPONSE),
    (date(2026, 11, 25), "escalate", "officer", {}),
    (date(2026, 11, 27), "acknowledge", "officer", ACK),
    (date(2026, 12, 14), "respond", "s.khan", RESPONSE),
    (date(2026, 12, 16), "close", "officer", {}),
]
FROM_CASE = re.compile(r"\b(FROM|JOIN)\s+complaint_case\b", re.IGNORECASE)


@dataclass
class Seen:
    statements: list[tuple[str, Any]] = field(default_factory=list)

    def flat(self) -> list[str]:
        return [" ".join(sql.split()) for sql, _ in self.statements]

    def case_selects(self) -> list[str]:
        return [s for s in self.flat() if s.upper().startswith("SELECT") and FROM_CASE.search(s)]

    def case_updates(self) -> list[str]:
        return [s for s in self.flat() if s.upper().startswith("UPDATE COMPLAINT_CASE")]

    def deadline_reads(self) -> list[str]:
        return [s for s in self.flat() if s.upper().startswith("SELECT")
                and re.search(r"\b(FROM|JOIN)\s+deadline\b", s, re.IGNORECASE)]


@contextmanager
def watching(desk: Desk) -> Iterator[Seen]:
    seen = Seen()

    def listen(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.statements.append((statement, params))

    event.listen(desk.store.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(desk.store.engine, "before_cursor_execute", listen)


def test_each_action_of_a_lifecycle_reads_the_case_once_and_writes_it_once(
        desk: Desk, clock: Clock) -> None:
    clock.set(date(2026, 11, 2), 9)
    ref = desk.open_case(received_at=clock.now, resident="Ms A Example", actor="officer",
                         workflow="chc-2024", email="a@example.org").ref
    pg = not desk.store.is_sqlite
    for day, action, by, fields in STEPS:
        clock.set(day)
        with watching(desk) as seen:
            _, letters = desk.act_with_letters(ref, action, fields, by)
        assert len(seen.case_selects()) == 1, (action, seen.case_selects())
        assert len(seen.deadline_reads()) == 1, (action, seen.deadline_reads())
        (updated,) = seen.case_updates()  # one UPDATE of the case row, version-checked
        assert re.search(r"WHERE .*\bversion\s*=", updated, re.IGNORECASE), updated
        assert "head_hash" in updated and "event_count" in updated
        for letter in letters:
            if letter.dispatch != "manual":
                continue
            with watching(desk) as seen:  # the officer records the response posted
                desk.letter_sent(ref, letter.seq, None, "", by)
            # SQLite holds the database from the transaction's start, so the case is
            # read once; PostgreSQL reads it again under its row lock, taken after the
            # letter's, the order every writer takes them in
            selects = seen.case_selects()
            assert len(selects) == (2 if pg else 1), selects
            if pg:
                assert selects[1].endswith("FOR NO KEY UPDATE"), selects
            assert len(seen.case_updates()) == 1, seen.case_updates()
    case = desk.store.load(ref)
    assert case.state == "closed"
    events = desk.store.events(ref)
    assert [e["action"] for e in events] == [
        "open", "acknowledge", "extend", "respond", "letter_sent", "escalate", "acknowledge",
        "respond", "letter_sent", "close"]
    assert case.version == len(events)
    assert desk.store.verify_audit(ref) == (1, [])


def test_an_action_s_read_is_its_first_statement_and_opens_no_transaction_of_its_own(
        desk: Desk, clock: Clock) -> None:
    """The read an action decides from is one SELECT, whole by itself. On SQLite it is
    sent before the write's BEGIN IMMEDIATE with no BEGIN of its own (the database is
    not held while the action decides); on PostgreSQL it is the first statement of the
    action's one transaction."""
    clock.set(date(2026, 11, 2), 9)
    ref = desk.open_case(received_at=clock.now, resident="Ms A Example", actor="officer",
                         workflow="chc-2024", email="a@example.org").ref
    for day, action, by, fields in STEPS[:3]:
        clock.set(day)
        with watching(desk) as seen:
            desk.act_with_letters(ref, action, fields, by)
        flat = seen.flat()
        assert FROM_CASE.search(flat[0]) and flat[0].upper().startswith("SELECT"), flat[:3]
        if desk.store.is_sqlite:
            assert flat[1] == "BEGIN IMMEDIATE", flat[:3]
        assert not [s for s in flat if s == "BEGIN"], flat


def test_a_case_changed_between_the_read_and_the_write_is_refused_whole(
        desk: Desk, clock: Clock) -> None:
    """The single read is safe because the write is version-checked: an action decided
    on a case another writer changed meanwhile writes nothing at all."""
    clock.set(date(2026, 11, 2), 9)
    ref = desk.open_case(received_at=clock.now, resident="Ms A Example", actor="officer",
                         workflow="chc-2024", email="a@example.org").ref
    clock.set(date(2026, 11, 3))
    stale = desk.store.load_for_change(ref)
    desk.act(ref, "acknowledge", ACK, "officer")  # another officer, first
    after = desk.store.load(ref)
    from redress.engine.cases import apply, plan
    from redress.engine.letters import for_decision

    defn = desk.store.definition(stale.case.digest)
    decision = apply(defn, desk.calendar, stale.case, "acknowledge", ACK, "officer2",
                     clock.now)
    letters = for_decision(defn, decision, desk.letters)
    with pytest.raises(ChangedMeanwhile):
        desk.store.commit(decision, stale.case.version, letters,
                          plan(defn, desk.calendar, stale.case, decision, desk.remind_at),
                          desk.mailer(defn), loaded=stale)
    assert desk.store.load(ref) == after
    assert [e["action"] for e in desk.store.events(ref)] == ["open", "acknowledge"]
    assert [x["seq"] for x in desk.store.letters(ref)] == [1]
    assert desk.store.verify_audit(ref) == (1, [])


def test_an_action_writes_its_rows_once_each(desk: Desk, clock: Clock) -> None:
    """The acknowledgement's transaction: the case row, the deadline it meets and the
    one it starts, the event, the wake-ups (one multi-row statement), the letter and its
    outbox row; each written by one statement, nothing read back."""
    clock.set(date(2026, 11, 2), 9)
    ref = desk.open_case(received_at=clock.now, resident="Ms A Example", actor="officer",
                         workflow="chc-2024", email="a@example.org").ref
    clock.set(date(2026, 11, 3))
    with watching(desk) as seen:
        desk.act(ref, "acknowledge", ACK, "officer")
    writes = [s.split(" (")[0].split(" SET ")[0] for s in seen.flat()
              if s.upper().startswith(("INSERT", "UPDATE"))]
    assert writes == ["UPDATE complaint_case", "INSERT INTO personal_value",
                      "UPDATE deadline", "INSERT INTO deadline", "INSERT INTO case_event",
                      "INSERT INTO timer_job", "INSERT INTO letter", "INSERT INTO outbox"]


def test_the_lifecycle_benchmark_runs_and_checks_its_baseline() -> None:
    """`benchmarks/bench_lifecycle.py --quick` runs against today's code (SQLite only
    here): its Core baseline wrote the Desk's rows identically before anything was
    timed."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_lifecycle.py"
    done = subprocess.run([sys.executable, str(script), "--quick", "--pg", ""],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert "identical in every column" in done.stdout
    assert "| two-stage lifecycles, `Desk` on SQLite |" in done.stdout


@pytest.mark.parametrize("extra", [
    {"email": "a@example.org"},
    {"email": None, "channel": "post", "address": "1 High Street, Testtown, TT1 1TT",
     "summary": "Damp", "adjustments": {"large_print": "yes"}},
    {"email": "a@example.org", "ref": "WEB-42 ", "adjustments": {"note": "Calls after 4pm"},
     "review_on": date(2026, 11, 20)},
])
def test_a_new_case_is_the_case_read_back_without_reading_it(
        desk: Desk, clock: Clock, extra: dict[str, Any]) -> None:
    """Opening a case reads nothing back: what it returns is built from the rows it wrote
    as `load` builds a case from the rows it reads, and is that case, to the last value
    and type (the instants' time zone, the order of its data's keys)."""
    clock.set(date(2026, 11, 2), 9)
    with watching(desk) as seen:
        opened = desk.open_case(received_at=clock.now, resident="Ms A Example",
                                actor="officer", workflow="chc-2024", **extra)
    assert not [s for s in seen.flat() if s.upper().startswith("SELECT")], seen.flat()
    loaded = desk.store.load(opened.ref)
    assert opened == loaded
    assert repr(opened) == repr(loaded)
    assert list(opened.data) == list(loaded.data)
    assert [repr(d) for d in opened.deadlines] == [repr(d) for d in loaded.deadlines]

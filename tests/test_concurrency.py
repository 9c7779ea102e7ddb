"""Runners side by side on PostgreSQL: every wake-up fired once, every message sent once.

Two `redress run --once` processes share a database full of due wake-ups and queued mail.
They are held at a barrier (the test locks `timer_job` until both wait on it), so they
really do start firing at the same instant. Mail goes to an SMTP server in the test that
counts deliveries per Message-ID: a file transport would hide a second send, since it
writes the same file name again.

A runner killed just after committing its claim leaves the message `sending`; another
runner takes it back only once the claim's lease has passed on its clock.

And on either database, a wake-up whose firing changes its own deadline (the escalation
window closing the case) is recorded as fired, not as cancelled by its own change.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from redress.engine import Desk, load_config
from redress.engine.runner import MailSettings, fire_due
from smtp_server import CountingSink, serving
from support import LANDLORD_CONFIG, OUTCOME, REDRESS, Clock, deliver

ACK = {"complaint_definition": "Damp in the bedroom", "outcomes_sought": "Repair",
       "responsibility": "Ours"}
RESPONSE = {"decision": "Upheld", **OUTCOME,
            "reasons": "Late repair", "remedy": "£50",
            "outstanding_actions": "None"}
# each acknowledged case owes a reminder and an expiry for its acknowledgement (its
# letter waits for a runner) and for its stage 1 response: 1,000 wake-ups
CASES = 250
LATER = "2027-01-04 12:00"  # long after every stage 1 response was due


@pytest.fixture
def smtp() -> Iterator[tuple[CountingSink, int]]:
    sink = CountingSink()
    with serving(sink) as port:
        yield sink, port


def runner_env(db: str, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")}
    return {**env, "REDRESS_DATABASE_URL": db, "REDRESS_CONFIG": LANDLORD_CONFIG,
            "REDRESS_MAIL_TRANSPORT": "smtp", "REDRESS_SMTP_HOST": "127.0.0.1",
            "REDRESS_SMTP_PORT": str(port), "REDRESS_SMTP_STARTTLS": "false", **extra}


def start_runner(db: str, port: int, now: str, cwd: Path, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([REDRESS, "--now", now, "run", "--once"], cwd=cwd,
                            env=runner_env(db, port, **extra), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"runner {proc.pid} did not finish in {timeout} s:\n{out}\n{err}")
    return proc.returncode, out, err


def acknowledged_cases(desk: Desk, n: int) -> list[str]:
    refs = []
    for i in range(n):
        ref = desk.open_case(received_at=desk.clock(), resident=f"Resident {i}",
                             actor="officer", workflow="chc-2024",
                             email=f"resident{i}@example.org").ref
        desk.act(ref, "acknowledge", ACK, "officer")
        refs.append(ref)
    return refs


def rows(desk: Desk, sql: str, **params: Any) -> list[dict[str, Any]]:
    with desk.store.reading() as fetch:
        return [dict(r) for r in fetch(sql, params)]


def waiting_on_timer_job(barrier: Any) -> int:
    return int(barrier.execute(
        "SELECT count(*) FROM pg_locks WHERE relation = 'timer_job'::regclass "
        "AND NOT granted").fetchone()[0])


@pytest.mark.postgres
def test_two_runners_fire_each_job_once_and_send_each_message_once(
        pg_url: str, smtp: tuple[CountingSink, int], tmp_path: Path) -> None:
    import psycopg

    sink, port = smtp
    desk = Desk.open(pg_url, load_config(LANDLORD_CONFIG))
    try:
        desk.clock = Clock(date(2026, 11, 2), 9)
        acknowledged_cases(desk, CASES)
        jobs = rows(desk, "SELECT kind, count(*) AS n FROM timer_job WHERE state = 'pending' "
                          "GROUP BY kind")
        assert {r["kind"]: r["n"] for r in jobs} == {"remind": 2 * CASES, "expire": 2 * CASES}

        # the barrier: both runners block on their first look at timer_job
        plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain) as barrier:
            barrier.execute("LOCK TABLE timer_job IN ACCESS EXCLUSIVE MODE")
            procs = [start_runner(pg_url, port, LATER, tmp_path) for _ in range(2)]
            deadline = time.monotonic() + 60
            while waiting_on_timer_job(barrier) < 2:
                exited = [p for p in procs if p.poll() is not None]
                if exited or time.monotonic() > deadline:
                    barrier.rollback()
                    outcomes = [finish(p, 30) for p in procs]
                    pytest.fail(f"the runners did not both reach the barrier: {outcomes}")
                time.sleep(0.05)
            barrier.rollback()  # let them go together
        results = [finish(p) for p in procs]
        for code, out, err in results:
            assert code == 0, (out, err)
            assert "Traceback" not in err

        # every wake-up fired exactly once, by one of the two, and both took part
        fired = rows(desk, "SELECT id, case_id, deadline_seq, kind, state, fired_by, "
                           "fired_at FROM timer_job WHERE state <> 'cancelled'")
        assert len(fired) == 4 * CASES
        assert {r["state"] for r in fired} == {"done"}
        assert all(r["fired_at"] is not None for r in fired)
        by = Counter(r["fired_by"] for r in fired)
        assert len(by) == 2, by  # the barrier makes both take a share of the first batch
        said = [int(re.search(r"pass done: (\d+) wake-up", out).group(1))  # type: ignore[union-attr]
                for _, out, _ in results]
        assert sum(said) == 4 * CASES and sorted(said) == sorted(by.values())

        # the effects: one breach event per expired deadline, one reminder per reminder job
        breaches = rows(desk, "SELECT case_id, count(*) AS n FROM case_event "
                              "WHERE action = 'breach' GROUP BY case_id")
        assert len(breaches) == CASES and {r["n"] for r in breaches} == {2}
        expired = sum(1 for r in fired if r["kind"] == "expire")
        assert sum(r["n"] for r in breaches) == expired == 2 * CASES
        breached = rows(desk, "SELECT case_id, seq FROM deadline WHERE breached_at IS NOT NULL")
        assert len(breached) == 2 * CASES
        alerts = rows(desk, "SELECT kind, count(*) AS n FROM alert GROUP BY kind")
        # a breach alerts the handler and the team; with no address of the handler's own,
        # both are the team's address: one alert, one email
        assert {r["kind"]: r["n"] for r in alerts} == {"reminder": 2 * CASES,
                                                       "breach": 2 * CASES}
        assert desk.store.verify_audit() == (CASES, [])

        # every message sent once: 250 acknowledgement letters and 1,000 alert emails;
        # each letter, once sent, answers its (late) acknowledgement
        outbox = rows(desk, "SELECT id, state, attempts, message_id, letter_id FROM outbox")
        assert len(outbox) == 4 * CASES + CASES
        late = rows(desk, "SELECT count(*) AS n FROM deadline WHERE name = 'acknowledge' AND "
                          "status = 'late'")
        assert late[0]["n"] == CASES
        assert Counter(r["state"] for r in outbox) == {"sent": len(outbox)}
        assert {r["attempts"] for r in outbox} == {1}
        assert sum(1 for r in outbox if r["letter_id"] is not None) == CASES
        doubled = {m: n for m, n in sink.delivered.items() if n != 1}
        assert not doubled, f"delivered more than once: {list(doubled.items())[:5]}"
        assert set(sink.delivered) == {r["message_id"] for r in outbox}
        assert sum(sink.delivered.values()) == len(outbox)
        sent = [int(re.search(r"wake-up\(s\) fired, (\d+) sent", out).group(1))  # type: ignore[union-attr]
                for _, out, _ in results]
        assert sum(sent) == len(outbox)
        print(f"fired per runner {sorted(by.values())}, sent per runner {sent}")
    finally:
        desk.store.close()


@pytest.mark.postgres
def test_a_claim_left_by_a_killed_runner_is_taken_back_after_its_lease(
        pg_url: str, smtp: tuple[CountingSink, int], tmp_path: Path) -> None:
    sink, port = smtp
    desk = Desk.open(pg_url, load_config(LANDLORD_CONFIG))
    try:
        desk.clock = Clock(date(2026, 11, 2), 9)
        ref = acknowledged_cases(desk, 1)[0]
        start = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)

        def at(minutes: float) -> str:
            return f"{start + timedelta(minutes=minutes):%Y-%m-%d %H:%M}"

        # the runner commits its claim and is killed (SIGKILL) before it sends anything
        code, out, err = finish(start_runner(pg_url, port, at(0), tmp_path,
                                             REDRESS_FAULT="after_claim"))
        assert code == -9, (out, err)
        (held,) = rows(desk, "SELECT * FROM outbox")
        assert (held["state"], held["step"], held["attempts"]) == ("sending", "claimed", 1)
        dead = held["claimed_by"]
        assert held["claimed_until"] == datetime(2026, 11, 2, 10, 10)  # 600 s lease
        assert not sink.delivered

        # within the lease another runner leaves it alone: the first might still be sending
        code, out, err = finish(start_runner(pg_url, port, at(9), tmp_path))
        assert code == 0, (out, err)
        assert "0 sent" in out
        (still,) = rows(desk, "SELECT state, claimed_by, attempts FROM outbox")
        assert (still["state"], still["claimed_by"], still["attempts"]) == ("sending", dead, 1)
        assert not sink.delivered

        # once the lease has passed it is taken back and sent, once, as a second attempt
        code, out, err = finish(start_runner(pg_url, port, at(11), tmp_path))
        assert code == 0, (out, err)
        (oid,) = (r["id"] for r in rows(desk, "SELECT id FROM outbox"))
        # the other runner cannot know the first one died: it says what it saw
        expired = f"the claim of runner {dead} expired at 2026-11-02 10:10:00 UTC without " \
            "being renewed"
        assert f"outbox {oid}: queued ({expired} before it was sent; sending again)" in out
        assert "1 sent" in out
        (sent,) = rows(desk, "SELECT * FROM outbox")
        assert (sent["state"], sent["attempts"], sent["claimed_by"]) == ("sent", 2, None)
        assert sent["last_error"] == expired
        assert sent["reply"].startswith("250")
        assert dict(sink.delivered) == {sent["message_id"]: 1}
        assert sent["message_id"].startswith(f"<{ref}.letter-1.")
    finally:
        desk.store.close()


def test_an_expiry_that_closes_the_case_is_recorded_as_fired(desk: Desk, clock: Clock) -> None:
    ref = acknowledged_cases(desk, 1)[0]
    deliver(desk, ref)
    clock.set(date(2026, 11, 12))
    desk.act(ref, "respond", RESPONSE, "officer")
    deliver(desk, ref)  # the window is the resident's once they have the response
    # the resident's 20 working days to ask for stage 2 end on Thu 10 Dec 2026
    after = datetime(2026, 12, 11, 12, tzinfo=UTC)
    lines = fire_due(desk.store, desk.calendar, desk.letters, MailSettings(), "runner-1",
                     after, 200, desk.remind_at)
    assert len(lines) == 1 and lines[0].endswith(": took close"), lines
    (job,) = rows(desk, "SELECT j.state, j.outcome, j.fired_by, j.fired_at FROM timer_job j "
                        "JOIN deadline d ON d.case_id = j.case_id AND d.seq = j.deadline_seq "
                        "WHERE d.name = 'escalation_window'")
    # closing the case cancels the window's pending wake-ups, but not the one that fired
    assert (job["state"], job["outcome"], job["fired_by"]) == ("done", "took close", "runner-1")
    assert job["fired_at"] is not None
    assert desk.store.load(ref).state == "closed"
    assert [e["action"] for e in desk.store.events(ref)][-1] == "close"
    assert fire_due(desk.store, desk.calendar, desk.letters, MailSettings(), "runner-2",
                    after, 200, desk.remind_at) == []
    assert desk.store.verify_audit(ref) == (1, [])

"""A runner's passes and officers' actions on the same cases at the same moment.

Each of 200 cases in stage 1 has agreed to be updated every working day (2024 Code 5.9),
so every working day the runner owes each case an update reminder: a wake-up to fire.
An officer recording the interval again (`agree_updates`) cancels that very wake-up and
plans the next: the runner and the officer want the same rows at the same time. Each
round a `redress run --once` process fires the day's wake-ups while officers act on the
same cases, over and over until the runner is done (threads through the `Desk`, the
CLI's own path, and two `redress case act` processes beside them).

Whatever the timing, no runner exits with an error, no officer sees anything but success
or "changed meanwhile, try again", every wake-up due is either fired exactly once or was
replaced before it fired, every batch the runner committed is in its log, and every
case's audit chain is intact.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import threading
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path
from time import monotonic, sleep
from typing import Any

import pytest
from redress.engine import ChangedMeanwhile, Desk, load_config
from redress.engine.cases import at_london
from redress.engine.store import sqlite_path
from support import LANDLORD_CONFIG, REDRESS, Clock

ACK = {"complaint_definition": "Damp in the bedroom", "outcomes_sought": "Repair",
       "responsibility": "Ours"}
AGREE = {"update_every": "1"}
CASES = 200
ROUNDS = {"sqlite": 5, "postgres": 20}
THREADS = 2
CLI_EVERY = {"sqlite": 1, "postgres": 4}
# the names PostgreSQL knows the processes by, one set per test process: tests running
# side by side (pytest-xdist) must not see, or end, each other's runner
RUNNER_NAME = f"redress-deadlock-test-runner-{os.getpid()}"
START = date(2026, 11, 2)  # a Monday


def rows(desk: Desk, sql: str, **params: Any) -> list[dict[str, Any]]:
    with desk.store.reading() as fetch:
        return [dict(r) for r in fetch(sql, params)]


def working_days(desk: Desk, n: int) -> list[date]:
    days, day = [], START
    while len(days) < n:
        day = desk.calendar.add_working_days(day, 1)
        days.append(day)
    return days


def quiet_config(folder: Path) -> Path:
    """The landlord's config, but with no address for the team's alerts: the runner's
    reminders are recorded, not emailed (sending has tests of its own; here it would
    only make each pass longer)."""
    text = Path(LANDLORD_CONFIG).read_text(encoding="utf-8")
    path = folder / "quiet.toml"
    path.write_text("\n".join(line for line in text.splitlines()
                              if not line.startswith("complaints_email")), encoding="utf-8")
    return path


def runner(db: str, now: datetime, folder: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")}
    env.update(REDRESS_DATABASE_URL=db, REDRESS_CONFIG=str(quiet_config(folder)),
               REDRESS_SMTP_FROM="complaints@test-homes.example",
               REDRESS_MAIL_TRANSPORT="file", REDRESS_OUTBOX_DIR=str(folder / "outbox"))
    return subprocess.Popen([REDRESS, "--now", now.isoformat(), "run", "--once"], env=env,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def officer(db: str, ref: str, now: datetime) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")}
    env.update(REDRESS_DATABASE_URL=db, REDRESS_CONFIG=LANDLORD_CONFIG, REDRESS_USER="officer")
    return subprocess.Popen([REDRESS, "--now", now.isoformat(), "case", "act", ref,
                             "agree_updates", "--set", "update_every=1"], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def runner_url(db: str) -> str:
    return db if db.startswith("sqlite") else f"{db}&application_name={RUNNER_NAME}"


def working(proc: subprocess.Popen[str], db: str, desk: Desk) -> None:
    """Return once the runner has the database open (or has finished), so that officers
    act during its pass rather than while it starts up."""
    path = sqlite_path(db)
    give_up = monotonic() + 120
    while proc.poll() is None and monotonic() < give_up:
        if path is not None:
            lock = Path(f"{path}.runner.lock")
            if lock.exists() and f"pid {proc.pid} " in lock.read_text(encoding="utf-8"):
                return
        elif rows(desk, "SELECT count(*) AS n FROM pg_stat_activity WHERE "
                        "application_name = :a", a=RUNNER_NAME)[0]["n"]:
            return
        sleep(0.01)


class Officers:
    """Officers acting on the cases, each on a share of its own in random order, until
    told to stop: the CLI's path, `Desk.act`, each on a connection of its own."""

    def __init__(self, desks: list[Desk], refs: list[str], now: datetime) -> None:
        self.desks, self.now = desks, now
        self.shares = [refs[i::THREADS] for i in range(THREADS)]
        self.done = threading.Event()
        self.acted = 0
        self.changed: list[str] = []
        self.errors: list[BaseException] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.work, args=(i,)) for i in range(THREADS)]
        for t in self.threads:
            t.start()

    def work(self, seed: int) -> None:
        desk = self.desks[seed]
        desk.clock = lambda: self.now
        rng = random.Random(seed)
        try:
            while not self.done.is_set():
                order = self.shares[seed][:]
                rng.shuffle(order)
                for ref in order:
                    if self.done.is_set():
                        return
                    try:
                        desk.act(ref, "agree_updates", AGREE, f"officer{seed}")
                        with self.lock:
                            self.acted += 1
                    except ChangedMeanwhile as exc:  # what an officer may see
                        with self.lock:
                            self.changed.append(str(exc))
        except BaseException as exc:  # reported by the test
            self.errors.append(exc)

    def stop(self) -> None:
        self.done.set()
        for t in self.threads:
            t.join(timeout=300)


def test_runner_passes_and_officers_on_the_same_cases_never_deadlock(
        db_url: str, tmp_path: Path) -> None:
    kind = "sqlite" if db_url.startswith("sqlite") else "postgres"
    clock = Clock(START, 9)
    desk = Desk.open(db_url, load_config(LANDLORD_CONFIG))
    desk.clock = clock
    desks = [Desk.open(db_url, load_config(LANDLORD_CONFIG)) for _ in range(THREADS)]
    try:
        refs = []
        for i in range(CASES):
            ref = desk.open_case(received_at=clock(), resident=f"Resident {i}",
                                 actor="officer", workflow="chc-2024",
                                 email=f"resident{i}@example.org").ref
            desk.act(ref, "acknowledge", ACK, "officer")  # its letter: the first pass's
            desk.act(ref, "agree_updates", AGREE, "officer")
            refs.append(ref)

        fired_said = 0
        cli_outcomes: Counter[str] = Counter()
        acted = changed = 0
        days = working_days(desk, ROUNDS[kind])
        for n, day in enumerate(days):
            now = at_london(day, time(10, 0))
            proc = runner(runner_url(db_url), now, tmp_path)
            # two `redress case act` processes on cases of their own, in some rounds
            clis = [officer(db_url, ref, now) for ref in refs[:2]] if n % CLI_EVERY[kind] == 0 \
                else []
            working(proc, db_url, desk)
            officers = Officers(desks, refs[2:], now)
            try:
                out, err = proc.communicate(timeout=300)
            finally:
                officers.stop()
            assert proc.returncode == 0, f"runner on {day}: exit {proc.returncode}\n{out}\n{err}"
            assert "Traceback" not in err and not err.strip(), err
            assert not officers.errors, officers.errors
            acted += officers.acted
            changed += len(officers.changed)
            for c in clis:
                _, c_err = c.communicate(timeout=120)
                assert "Traceback" not in c_err, c_err
                if c.returncode == 0:
                    cli_outcomes["done"] += 1
                else:
                    assert c.returncode == 1 and c_err.startswith("error: ") and \
                        "changed meanwhile" in c_err and c_err.rstrip().endswith("try again"), \
                        c_err
                    cli_outcomes["changed meanwhile"] += 1
            said = re.findall(r"pass done: (\d+) wake-up", out)
            assert len(said) == 1, out
            fired_said += int(said[0])
            # every committed batch is in the log: one line per wake-up it fired
            assert len(re.findall(r"^\S+ \S+ case \S+: (reminder|update reminder|end of "
                                  r"deadline): ", out, re.M)) == \
                int(said[0]), out

        # a last, quiet pass: whatever was due and skipped while an officer held its case
        last = at_london(days[-1], time(23, 0))
        proc = runner(db_url, last, tmp_path)
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, (out, err)
        fired_said += int(re.findall(r"pass done: (\d+) wake-up", out)[0])

        # nothing due is left waiting; each wake-up fired at most once, each by one pass
        due = rows(desk, "SELECT count(*) AS n FROM timer_job WHERE state = 'pending' AND "
                         "due_at <= :t", t=desk.store.stamp(last))
        assert due[0]["n"] == 0
        jobs = rows(desk, "SELECT id, case_id, kind, state, outcome, fired_at FROM timer_job "
                          "WHERE kind = 'update'")
        done = [j for j in jobs if j["state"] == "done"]
        assert all(j["fired_at"] is not None for j in done)
        assert {j["state"] for j in jobs} <= {"done", "cancelled", "pending"}
        assert {j["outcome"] for j in jobs if j["state"] == "cancelled"} == \
            {"replaced: the deadline changed"}
        fired = rows(desk, "SELECT count(*) AS n FROM timer_job WHERE state = 'done' AND "
                           "fired_by <> ''")
        assert fired_said == fired[0]["n"]
        # one update reminder per fired update wake-up: none fired twice
        alerts = rows(desk, "SELECT case_id, count(*) AS n FROM alert WHERE kind = 'update' "
                            "GROUP BY case_id")
        per_case = Counter({r["case_id"]: r["n"] for r in alerts})
        assert per_case == Counter(j["case_id"] for j in done
                                   if j["outcome"] == "update reminder")
        # and at most one a day for each case: a wake-up is never fired by two passes
        daily = rows(desk, "SELECT case_id, substr(CAST(created_at AS TEXT), 1, 10) AS day, "
                           "count(*) AS n FROM alert WHERE kind = 'update' "
                           "GROUP BY case_id, substr(CAST(created_at AS TEXT), 1, 10)")
        assert max(r["n"] for r in daily) == 1
        assert len(done) >= CASES  # the runner did get its share
        assert desk.store.verify_audit() == (CASES, [])
        print(f"{kind}: {len(days)} rounds, {fired_said} wake-ups fired, {acted} officer "
              f"actions, {changed} changed meanwhile, CLI {dict(cli_outcomes)}")
    finally:
        for d in [desk, *desks]:
            d.store.close()


# --- one deadlock at a time, made on purpose --------------------------------------------
#
# A test transaction takes a row the other side will want next, waits until the other
# side is stuck on it, then asks for a row the other side holds. PostgreSQL breaks the
# circle by undoing the side that has waited longest: the CLI or the runner.

CLI_NAME = f"redress-deadlock-test-cli-{os.getpid()}"


def named(db: str, name: str) -> str:
    return f"{db}&application_name={name}"


def plain(db: str) -> str:
    return db.replace("postgresql+psycopg://", "postgresql://")


def waiting(db: str, name: str) -> bool:
    """Whether the process named `name` waits for a lock (asked outside any transaction:
    within one, PostgreSQL's activity view stays as it was first read)."""
    import psycopg

    with psycopg.connect(plain(db), autocommit=True) as conn:
        return bool(conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND "
            "wait_event_type = 'Lock'", (name,)).fetchone()[0])


def wait_until(proc: subprocess.Popen[str], check: Any) -> None:
    give_up = monotonic() + 60
    while not check():
        assert proc.poll() is None, proc.communicate()
        assert monotonic() < give_up, "the other side never waited for the lock"
        sleep(0.01)


def stage1_case(desk: Desk) -> tuple[str, int, int]:
    """A case in stage 1 with an update interval agreed: (ref, case id, a pending job)."""
    ref = desk.open_case(received_at=desk.clock(), resident="Ms Ada Example", actor="officer",
                         workflow="chc-2024", email="ada@example.org").ref
    desk.act(ref, "acknowledge", ACK, "officer")
    desk.act(ref, "agree_updates", AGREE, "officer")
    (row,) = rows(desk, "SELECT c.id, min(j.id) AS job FROM complaint_case c JOIN timer_job "
                        "j ON j.case_id = c.id AND j.state = 'pending' AND j.kind = 'update' "
                        "WHERE c.ref = :r GROUP BY c.id", r=ref)
    return ref, int(row["id"]), int(row["job"])


def deadlock(db: str, conn: Any, proc: subprocess.Popen[str], name: str, case_id: int,
             job: int) -> None:
    """Hold wake-up `job`; once `name` waits for it, ask for case `case_id`, which it
    holds: PostgreSQL undoes `name` (it has waited longest) and this side gets both."""
    conn.execute("UPDATE timer_job SET outcome = outcome WHERE id = %s", (job,))
    wait_until(proc, lambda: waiting(db, name))
    conn.execute("SELECT id FROM complaint_case WHERE id = %s FOR UPDATE", (case_id,))


@pytest.mark.postgres
@pytest.mark.parametrize("losses", [1, 2])
def test_an_officer_who_loses_a_deadlock_is_retried_once_then_told_to_try_again(
        pg_url: str, losses: int) -> None:
    import psycopg

    desk = Desk.open(pg_url, load_config(LANDLORD_CONFIG))
    desk.clock = Clock(START, 10)
    try:
        ref, case_id, job = stage1_case(desk)
        before = len(desk.store.events(ref))
        proc = officer(named(pg_url, CLI_NAME), ref, desk.clock())
        with psycopg.connect(plain(pg_url)) as conn:
            for _ in range(losses):
                deadlock(pg_url, conn, proc, CLI_NAME, case_id, job)
                conn.rollback()  # the officer's action is tried again, from the start
            out, err = proc.communicate(timeout=60)
        events = desk.store.events(ref)
        if losses == 1:
            assert proc.returncode == 0, err
            assert f"{ref}: agree_updates done" in out
            assert len(events) == before + 1
        else:
            assert proc.returncode == 1 and not out
            assert err == (f"error: case {ref} was changed meanwhile by someone else (the "
                           "database undid this change, which collided with another at the "
                           "same moment); nothing was saved, try again\n")
            assert len(events) == before
        assert desk.store.verify_audit(ref) == (1, [])
    finally:
        desk.store.close()


@pytest.mark.postgres
@pytest.mark.parametrize("how", ["deadlock", "lost connection"])
def test_a_runner_batch_the_database_breaks_off_is_tried_again_and_logged(
        pg_url: str, tmp_path: Path, how: str) -> None:
    import psycopg

    desk = Desk.open(pg_url, load_config(LANDLORD_CONFIG))
    desk.clock = Clock(START, 10)
    try:
        ref, case_id, job = stage1_case(desk)
        day = working_days(desk, 1)[0]
        proc = runner(named(pg_url, RUNNER_NAME), at_london(day, time(10, 0)), tmp_path)
        with psycopg.connect(plain(pg_url)) as conn:
            if how == "deadlock":
                deadlock(pg_url, conn, proc, RUNNER_NAME, case_id, job)
            else:  # the server ends the runner's connection while it waits
                conn.execute("UPDATE timer_job SET outcome = outcome WHERE id = %s", (job,))
                wait_until(proc, lambda: waiting(pg_url, RUNNER_NAME))
                with psycopg.connect(plain(pg_url), autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE application_name = %s AND wait_event_type = 'Lock'",
                                  (RUNNER_NAME,))
            conn.rollback()
            out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, (out, err)
        said = {"deadlock": "deadlock detected", "lost connection": "lost the connection"}[how]
        assert re.search(rf"a batch of wake-ups interrupted \(.*{said}.*\); trying again in "
                         r"\d\.\d\d s \(attempt 2 of 6\)", out), out
        assert f"case {ref}: update reminder: Stage 1 response due " in out
        assert "pass done: 1 wake-up(s) fired" in out
        (fired,) = rows(desk, "SELECT state, outcome FROM timer_job WHERE id = :i", i=job)
        assert fired == {"state": "done", "outcome": "update reminder"}
        assert rows(desk, "SELECT count(*) AS n FROM alert WHERE kind = 'update'")[0]["n"] == 1
    finally:
        desk.store.close()


def test_what_is_worth_another_try_is_told_apart(tmp_path: Path) -> None:
    import sqlite3

    from redress.engine.store import BUSY, interruption
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    path = tmp_path / "busy.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.01})
    try:
        with pytest.raises(DBAPIError) as busy, engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
        assert interruption(busy.value) == BUSY
        with pytest.raises(DBAPIError) as wrong, engine.connect() as conn:
            conn.execute(text("SELECT nothing FROM t"))
        assert interruption(wrong.value) is None  # a mistake is not tried again
    finally:
        holder.close()
        engine.dispose()

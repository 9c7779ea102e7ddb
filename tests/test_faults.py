"""Real faults under real commands: `kill -9` at every statement of an action, an action
waiting for (or refused by) a busy SQLite database, and a full or read-only filesystem
under an action and under the runner (docs/reliability.md lines 1, 11 and 23).

The processes are the installed `redress` command. `REDRESS_FAULT=statement:N` makes one
kill itself with SIGKILL just before its Nth SQL statement (`store._faults`); the small
filesystem is a tmpfs of a few megabytes mounted for the test (which needs root, as CI
runs; elsewhere those tests are skipped with that reason).
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from redress.engine import Desk, load_config
from support import LANDLORD_CONFIG, REDRESS, Serving, run_cli

ACK = ("--set", "complaint_definition=Damp in the bedroom", "--set", "outcomes_sought=Repair",
       "--set", "responsibility=Ours")
EXTEND = ("--set", "working_days=5", "--set", "reason=Waiting for a surveyor's report")
NOW = "2026-11-02T11:00"


def record(db: str | sqlite3.Connection, ref: str) -> dict[str, Any]:
    """Everything an action on case `ref` could write, as it stands in the database
    (read through a `Desk`, or through a SQLite connection opened before the disk filled:
    a new one would need to write to open the database)."""
    if isinstance(db, sqlite3.Connection):
        conn = db
        return recorded(lambda sql: [tuple(r) for r in conn.execute(sql, {"r": ref})])
    desk = Desk.open(db, load_config(LANDLORD_CONFIG))
    try:
        with desk.store.reading() as fetch:
            return recorded(lambda sql: [tuple(r.values()) for r in fetch(sql, {"r": ref})])
    finally:
        desk.store.close()


def recorded(q: Callable[[str], list[tuple[Any, ...]]]) -> dict[str, Any]:
    case = "(SELECT id FROM complaint_case WHERE ref = :r)"
    return {
        "case": q("SELECT state, version, event_count, head_hash FROM complaint_case "
                  "WHERE ref = :r"),
        "events": q(f"SELECT seq, action FROM case_event WHERE case_id = {case} "
                    "ORDER BY seq"),
        "deadlines": q(f"SELECT seq, name, due, status FROM deadline WHERE case_id = "
                       f"{case} ORDER BY seq"),
        "letters": q(f"SELECT seq, kind FROM letter WHERE case_id = {case} ORDER BY "
                     "seq"),
        "outbox": q(f"SELECT id, state FROM outbox WHERE case_id = {case} ORDER BY id"),
        "jobs": q(f"SELECT id, kind, state FROM timer_job WHERE case_id = {case} "
                  "ORDER BY id"),
    }


def open_case(db: str, resident: str) -> str:
    done = run_cli("case", "open", "--received", "2026-11-02", "--resident", resident,
                   "--email", "resident@example.org", "--workflow", "chc-2024", db=db,
                   now="2026-11-02T10:00")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def audit_intact(db: str) -> None:
    done = run_cli("audit", "verify", db=db)
    assert done.returncode == 0 and "intact" in done.stdout, (done.stdout, done.stderr)


# --- line 1: kill -9 anywhere in an action ----------------------------------------------


def test_kill_9_at_every_statement_of_an_action_keeps_all_of_it_or_none(db_url: str) -> None:
    """An acknowledgement writes the case row, its deadlines, its wake-ups, a hash-chained
    event, a letter and the letter's outbox row. Killed before any one of its statements
    (its COMMIT included), none of that is there; let through, all of it is, once."""
    pg = not db_url.startswith("sqlite")
    # how many statements the action sends, counted on a case of its own
    counted = run_cli("case", "act", open_case(db_url, "Mr Count"), "acknowledge", *ACK,
                      db=db_url, now=NOW, env={"REDRESS_FAULT": "statement:1000000"})
    assert counted.returncode == 0, counted.stderr
    sent = int(re.findall(r"fault injection: (\d+) statements sent", counted.stderr)[0])
    assert sent > 10

    ref = open_case(db_url, "Ms Ada Example")
    before = record(db_url, ref)
    stopped_at = []
    # every statement on SQLite; every other one on PostgreSQL (the server rolls back
    # what a vanished client left open), so about 30 kills in all
    for n in sorted({*range(1, sent + 1, 2 if pg else 1), sent}):
        done = run_cli("case", "act", ref, "acknowledge", *ACK, db=db_url, now=NOW,
                       env={"REDRESS_FAULT": f"statement:{n}"})
        assert done.returncode == -9, (n, done.stdout, done.stderr)
        stopped_at.append(re.findall(r"SIGKILL before statement \d+: (.*)", done.stderr)[0])
        assert record(db_url, ref) == before, f"killed before statement {n}: {stopped_at[-1]}"
    # the kills fell inside the action's own transaction, between its writes
    writes = ("UPDATE complaint_case", "INSERT INTO case_event", "INSERT INTO letter",
              "INSERT INTO outbox", "COMMIT")
    for write in writes[-1:] if pg else writes:
        assert any(s.startswith(write) for s in stopped_at), (write, stopped_at)

    done = run_cli("case", "act", ref, "acknowledge", *ACK, db=db_url, now=NOW)
    assert done.returncode == 0, done.stderr
    after = record(db_url, ref)
    assert after["case"][0][:3] == ("stage1", before["case"][0][1] + 1,
                                    before["case"][0][2] + 1)
    assert [e[1] for e in after["events"]] == ["open", "acknowledge"]
    assert [ltr[1] for ltr in after["letters"]] == ["stage1_acknowledgement"]
    assert [o[1] for o in after["outbox"]] == ["queued"]
    audit_intact(db_url)


# --- line 11: an officer and a writer that holds SQLite ---------------------------------


def test_an_action_waits_for_a_busy_sqlite_database_or_says_it_is_busy(
        sqlite_url: str) -> None:
    """A writer holding the database (as a runner's batch does) makes an action wait; one
    that holds it past the busy timeout (10 s) gets "database busy", nothing saved."""
    ref = open_case(sqlite_url, "Ms Ada Example")
    path = sqlite_url.removeprefix("sqlite:///")
    before = record(sqlite_url, ref)
    env = {**os.environ, "REDRESS_DATABASE_URL": sqlite_url, "REDRESS_USER": "officer",
           "REDRESS_CONFIG": LANDLORD_CONFIG}
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        # held briefly: the action waits its turn, then is saved whole
        holder.execute("BEGIN IMMEDIATE")
        proc = subprocess.Popen([REDRESS, "--now", NOW, "case", "act", ref, "acknowledge",
                                 *ACK], env=env, text=True, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        time.sleep(3)  # long enough to be waiting on the lock, well within the timeout
        assert proc.poll() is None, proc.communicate()
        holder.execute("COMMIT")
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert f"{ref}: acknowledge done; received -> stage1" in out
        saved = record(sqlite_url, ref)
        assert len(saved["events"]) == len(before["events"]) + 1

        # held past the busy timeout: refused in one line, nothing saved
        holder.execute("BEGIN IMMEDIATE")
        done = run_cli("case", "act", ref, "extend", *EXTEND, db=sqlite_url,
                       now="2026-11-03T10:00")
        holder.execute("ROLLBACK")
        assert done.returncode == 1
        assert done.stderr == ("error: database busy: database is locked; nothing was saved, "
                               "try again\n")
        assert record(sqlite_url, ref) == saved
    finally:
        holder.close()
    audit_intact(sqlite_url)


# --- line 23: a full or read-only filesystem --------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB filesystem of the test's own (tmpfs), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                   check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(folder: Path, db: Path) -> Path:
    """Fill the filesystem to the last byte, after moving what the write-ahead log holds
    into the database and emptying the log (else a write could reuse its space)."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as f:
        for size in (1 << 16, 1 << 12, 1):
            try:
                while True:
                    f.write(b"\0" * size)
            except OSError:
                continue
    return filler


def acknowledged_on(disk: Path, tmp_path: Path) -> tuple[Path, str, str, dict[str, str]]:
    """A database on `disk` with one acknowledged case (its letter queued), and the
    environment a runner sends by file with: (file, URL, case, environment)."""
    db_file = disk / "redress.db"
    db = f"sqlite:///{db_file}"
    ref = open_case(db, "Ms Ada Example")
    assert run_cli("case", "act", ref, "acknowledge", *ACK, db=db, now=NOW).returncode == 0
    return db_file, db, ref, {"REDRESS_MAIL_TRANSPORT": "file",
                              "REDRESS_OUTBOX_DIR": str(tmp_path / "outbox")}


def test_a_full_disk_refuses_an_action_whole_and_the_runner_carries_on(
        small_disk: Path, tmp_path: Path) -> None:
    db_file, db, ref, env = acknowledged_on(small_disk, tmp_path)
    sent = run_cli("run", "--once", db=db, now=NOW, env=env)  # the acknowledgement leaves
    assert sent.returncode == 0 and "1 sent" in sent.stdout, sent
    reader = sqlite3.connect(db_file)
    before = record(reader, ref)
    filler = fill(small_disk, db_file)

    done = run_cli("case", "act", ref, "extend", *EXTEND, db=db, now="2026-11-03T10:00")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    # SQLite says "disk I/O error" (its log could not grow) or "database or disk is full"
    assert re.fullmatch(rf"error: cannot use database {re.escape(db)}: (disk I/O error|"
                        r"database or disk is full); nothing was saved: check that the disk "
                        r"it is on has space and is writable\n", done.stderr), done.stderr
    assert record(reader, ref) == before

    # a runner on the full disk: the stage 1 reminder is due (Thu 12 Nov, 09:00)
    runner = Serving("--now", "2026-11-12T10:00", "--poll", "0.2", db=db, env=env)
    try:
        line = runner.wait_for("pass failed, will try again", timeout=60)
        assert "database or disk is full" in line
        assert record(reader, ref) == before  # nothing half-done, the wake-up still due
        filler.unlink()  # space again: the same runner goes on where it was
        line = runner.wait_for(f"case {ref}: reminder: Stage 1 response due ", timeout=60)
        assert line.rstrip().endswith(": reminded"), line
        runner.wait_for("alert 1 (reminder) sent", timeout=60)
    finally:
        code, out, err = runner.stop()
    assert code == 0 and "Traceback" not in err, (out, err)
    reader.close()
    after = record(db, ref)
    assert [j[2] for j in after["jobs"]].count("done") == 1  # fired once
    assert run_cli("case", "act", ref, "extend", *EXTEND, db=db,
                   now="2026-11-12T11:00").returncode == 0
    audit_intact(db)


def test_a_read_only_database_refuses_an_action_and_the_runner_whole(
        small_disk: Path, tmp_path: Path) -> None:
    _, db, ref, env = acknowledged_on(small_disk, tmp_path)
    before = record(db, ref)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        done = run_cli("case", "act", ref, "extend", *EXTEND, db=db, now="2026-11-03T10:00")
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert re.fullmatch(rf"error: cannot use database {re.escape(db)}: .*(read-?only|"
                            r"unable to open).*; nothing was saved: check that the disk it is "
                            r"on has space and is writable\n", done.stderr), done.stderr
        ran = run_cli("run", "--once", db=db, now=NOW, env=env)
        assert ran.returncode == 1 and "Traceback" not in ran.stderr, ran.stderr
        assert ran.stderr == done.stderr  # it cannot even open the database to start
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert record(db, ref) == before
    # writable again: the runner sends the queued letter, once, and the officer acts
    ran = run_cli("run", "--once", db=db, now=NOW, env=env)
    assert ran.returncode == 0 and "1 sent" in ran.stdout, ran
    assert run_cli("case", "act", ref, "extend", *EXTEND, db=db,
                   now="2026-11-03T10:00").returncode == 0
    audit_intact(db)

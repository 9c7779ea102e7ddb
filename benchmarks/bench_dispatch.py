"""The runner: letters sent per second, how late a wake-up fires, 100,000 wake-ups fired.

send     1,000 letters queued in the outbox, sent by `Runner.run_pass()` to an SMTP server
         (aiosmtpd, in a process of its own so it shares no event loop with the sender),
         against a bare aiosmtplib loop sending the same 1,000 messages, byte for byte,
         over one connection, one after another.
latency  `redress run` in a process of its own, on the real clock: how long after its
         due instant a wake-up is fired (the job's fired_at - due_at), when the runner
         already knew of it (the scheduled wake fires it) and when it was written after
         the runner last looked (a poll must find it first).
timers   100,000 due wake-ups (50,000 reminders, 50,000 expiries that record a breach)
         fired by `fire_due` in the runner's batches of 200, against one bare SQL UPDATE
         marking the same rows done.

send and timers run on SQLite, and on PostgreSQL too when --pg URL or
REDRESS_TEST_POSTGRES_URL names a server (a schema of their own, dropped afterwards).

Run: python benchmarks/bench_dispatch.py [--quick] [--only send,latency,timers] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from typing import Any

from _common import header, verdict
from redress.engine import Desk, load_config
from redress.engine.cases import at_london, event_hash
from redress.engine.cases._refs import ref_key
from redress.engine.letters import letter_email
from redress.engine.runner import BATCH, MailSettings, PassResult, Runner, fire_due
from redress.engine.store import JOBS
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
CONFIG = str(ROOT / "tests" / "landlord.toml")
REDRESS = str(Path(sys.executable).parent / "redress")
ACK = {"complaint_definition": "Damp in the bedroom", "outcomes_sought": "A repair",
       "responsibility": "The walls are ours"}
RECEIVED_AT = at_london(date(2026, 11, 2), day_time(9))  # when every benchmark case arrives
BOUNDARY = re.compile(rb"={15}\d+==")
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)

FULL = {"letters": 1000, "send_rounds": 3, "timers": 100_000, "samples": 6,
        "idle": (1_000, 100_000), "contended": 20_000, "batches": (50, 200, 1000),
        "per_officer": 400}
QUICK = {"letters": 200, "send_rounds": 2, "timers": 10_000, "samples": 3,
         "idle": (1_000, 10_000), "contended": 2_000, "batches": (50, 200),
         "per_officer": 60}


# --- the SMTP server, in a process of its own -----------------------------------------

def sink(port: int) -> None:
    """Accept every message; on SIGTERM print how often each Message-ID was delivered."""
    from aiosmtpd.smtp import SMTP

    delivered: Counter[bytes] = Counter()

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            found = MESSAGE_ID.search(envelope.original_content or envelope.content)
            delivered[found.group(1) if found else b"-"] += 1
            return "250 OK accepted"

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(Handler(), hostname="sink.local"), "127.0.0.1", port))
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    print("ready", flush=True)
    loop.run_forever()
    server.close()
    counts = Counter(delivered.values())
    print(f"delivered {sum(delivered.values())} distinct {len(delivered)} "
          f"per-id {dict(sorted(counts.items()))}", flush=True)


@contextmanager
def smtp_sink() -> Iterator[tuple[int, list[str]]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, __file__, "--sink", str(port)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        raise SystemExit("the SMTP server did not start")
    report: list[str] = []
    try:
        yield port, report
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
        report.append(out.strip())


# --- databases -----------------------------------------------------------------------

@contextmanager
def databases(pg: str | None, folder: Path) -> Iterator[list[tuple[str, str]]]:
    """[(label, url)]: a SQLite file, and a PostgreSQL schema when a server is named."""
    urls = [("SQLite", f"sqlite:///{folder / 'bench.db'}")]
    schema = f"redress_bench_{uuid.uuid4().hex[:10]}"
    plain = pg.replace("postgresql+psycopg://", "postgresql://") if pg else None
    if plain:
        import psycopg

        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        sep = "&" if "?" in pg else "?"  # type: ignore[operator]
        urls.append(("PostgreSQL", f"{pg}{sep}options=-csearch_path%3D{schema}"))
    try:
        yield urls
    finally:
        if plain:
            import psycopg

            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def fresh(url: str) -> str:
    """A new empty database for each part: a new file, or the schema emptied."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", ".runner.lock"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return url
    import psycopg

    schema = url.rsplit("%3D", 1)[1]
    plain = url.split("?")[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return url


def open_desk(url: str) -> Desk:
    desk = Desk.open(url, load_config(CONFIG))
    desk.clock = lambda: RECEIVED_AT
    return desk


def acknowledged(desk: Desk, n: int, prefix: str = "Resident") -> list[str]:
    refs = []
    for i in range(n):
        ref = desk.open_case(received_at=desk.clock(), resident=f"{prefix} {i}",
                             actor="officer", workflow="chc-2024",
                             email=f"resident{i}@example.org").ref
        desk.act(ref, "acknowledge", ACK, "officer")
        refs.append(ref)
    return refs


# --- send ----------------------------------------------------------------------------

def queue_letters(desk: Desk, n: int) -> None:
    """n letters in the outbox: 100 cases acknowledged through the Desk, each
    acknowledgement letter stored again under further numbers and queued."""
    cases = min(100, n)
    acknowledged(desk, cases)
    copies = n // cases
    cols = ("case_id, event_seq, kind, action, channel, recipient, subject, text, html, "
            "large_print, dispatch, template, content_hash, created_at")
    with desk.store.writing() as s:
        for k in range(1, copies):
            s.execute(text(f"INSERT INTO letter (seq, {cols}) SELECT seq + {k}, {cols} "
                           "FROM letter WHERE seq = 1"))
        s.execute(text(
            "INSERT INTO outbox (case_id, letter_id, channel, state, step, attempts, "
            "next_attempt_at, message_id, reply, last_error, created_at, updated_at, note) "
            "SELECT case_id, id, channel, 'queued', '', 0, created_at, '', '', '', "
            "created_at, created_at, '' FROM letter WHERE seq > 1"))
    # each copy's message made as an action makes it, in its transaction (not timed)
    with desk.store.writing() as s:
        rows = s.execute(text(
            "SELECT o.id, c.ref, c.resident, c.digest, l.seq, l.channel, l.recipient, "
            "l.subject, l.text, l.html, l.created_at, l.content_hash FROM outbox o "
            "JOIN letter l ON l.id = o.letter_id JOIN complaint_case c ON c.id = o.case_id "
            "WHERE o.message IS NULL")).mappings().all()
        for row in rows:
            mailed = desk.mailer(desk.store.definition(row["digest"]))(
                row["ref"], row["resident"], dict(row))
            s.execute(text("UPDATE outbox SET message = :d, sender = :f, recipient = :t, "
                           "message_id = :m WHERE id = :i"),
                      {"d": mailed.data, "f": mailed.sender, "t": row["recipient"],
                       "m": mailed.message_id, "i": row["id"]})
    with desk.store.reading() as fetch:
        queued = fetch("SELECT COUNT(*) AS n FROM outbox WHERE state = 'queued' AND "
                       "message IS NOT NULL", {})[0]["n"]
    assert queued == n, queued


def requeue(desk: Desk) -> None:
    with desk.store.writing() as s:
        s.execute(text("UPDATE outbox SET state = 'queued', step = '', attempts = 0, "
                       "next_attempt_at = created_at, claimed_by = NULL, "
                       "claimed_until = NULL, reply = '', sent_at = NULL"))


def messages(desk: Desk, runner: Runner) -> tuple[list[tuple[str, str, bytes]],
                                                 list[dict[str, Any]]]:
    """What the runner will send, as the outbox holds it: (from, to, bytes); and for
    each, what `letter_email` builds it from."""
    out, sources = [], []
    with desk.store.writing() as s:
        for sender, recipient, data in s.execute(text(
                "SELECT sender, recipient, message FROM outbox ORDER BY id")).all():
            out.append((sender, recipient, bytes(data)))
        for row in s.execute(text(
                "SELECT c.ref, c.resident, c.digest, l.seq, l.channel, l.recipient, "
                "l.subject, l.text, l.html, l.created_at, l.content_hash "
                "FROM outbox o JOIN letter l ON l.id = o.letter_id JOIN complaint_case c "
                "ON c.id = o.case_id ORDER BY o.id")).mappings():
            sources.append(dict(row))
    return out, sources


async def bare_loop(port: int, msgs: list[tuple[str, str, bytes]]) -> None:
    import aiosmtplib

    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False)
    await smtp.connect()
    for sender, recipient, data in msgs:
        await smtp.sendmail(sender, [recipient], data)
    await smtp.quit()


def build(row: dict[str, Any], sender: str, name: str) -> bytes:
    return letter_email(row, ref=row["ref"], resident=row["resident"], from_name=name,
                        from_address=sender).as_bytes()


async def building_loop(port: int, sources: list[dict[str, Any]], sender: str,
                        name: str) -> None:
    """The bare loop, but making each message from its letter as the runner does
    (`letter_email`, then `as_bytes`)."""
    import aiosmtplib

    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False)
    await smtp.connect()
    for row in sources:
        await smtp.sendmail(sender, [row["recipient"]], build(row, sender, name))
    await smtp.quit()


def part_send(urls: list[tuple[str, str]], plan: dict[str, int]) -> list[str]:
    n, rounds = plan["letters"], plan["send_rounds"]
    print(f"send: {n:,} letters queued, sent to aiosmtpd (redress over its default 4 "
          "connections, the bare loop over one) in "
          f"another process; best of {rounds} rounds each, taking turns")
    rows = []
    with smtp_sink() as (port, report):
        mail = MailSettings(transport="smtp", host="127.0.0.1", port=port, starttls=False,
                            team="team@test-homes.example")
        for label, url in urls:
            desk = open_desk(fresh(url))
            queue_letters(desk, n)
            desk.clock = lambda: RECEIVED_AT + timedelta(minutes=5)
            runner = Runner(desk, mail, lambda line: None)
            runner.start()
            msgs, sources = messages(desk, runner)
            size = sum(len(m[2]) for m in msgs) / len(msgs)
            sender = msgs[0][0]
            name = runner.outbox._from_name(sources[0])
            # the stored bytes are letter_email's but for the MIME boundary (drawn afresh)
            assert [BOUNDARY.sub(b"=", build(r, sender, name)) for r in sources] == [
                BOUNDARY.sub(b"=", m[2]) for m in msgs]
            timed: dict[str, list[float]] = {"redress": [], "bare": [], "building": []}
            for _ in range(rounds):
                requeue(desk)
                start = time.perf_counter()
                result = asyncio.run(runner.run_pass())
                timed["redress"].append(time.perf_counter() - start)
                assert (result.sent, result.failed, result.retrying) == (n, 0, 0), result
                start = time.perf_counter()
                asyncio.run(bare_loop(port, msgs))
                timed["bare"].append(time.perf_counter() - start)
                start = time.perf_counter()
                asyncio.run(building_loop(port, sources, sender, name))
                timed["building"].append(time.perf_counter() - start)
            with desk.store.reading() as fetch:
                states = fetch("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state", {})
            assert [(r["state"], r["n"]) for r in states] == [("sent", n)], states
            runner.stop()
            ours, bare, building = (n / min(timed[k]) for k in ("redress", "bare", "building"))
            ratio = ours / bare
            print(f"  {label:<10} redress run_pass {ours:8,.0f} msg/s   bare aiosmtplib "
                  f"{bare:8,.0f} msg/s   ratio {ratio:.2f}x   (target >= 0.7x: "
                  f"{verdict(ratio >= 0.7)}); {size / 1024:.1f} KiB per message")
            print(f"  {'':<10} the bare loop making each message with letter_email "
                  f"{building:8,.0f} msg/s   redress {ours / building:.2f}x that")
            rows.append(f"| {n:,} letters sent, {label} | {ours:,.0f} msg/s "
                        f"({1e3 / ours:.2f} ms each) | bare aiosmtplib loop {bare:,.0f} msg/s "
                        f"({1e3 / bare:.2f} ms) | {ratio:.2f}x | >= 0.7x: "
                        f"{'met' if ratio >= 0.7 else 'missed'} |")
            rows.append(f"| {n:,} letters sent, {label} | {ours:,.0f} msg/s | the bare loop "
                        f"making each message (`letter_email` + `as_bytes`) {building:,.0f} "
                        f"msg/s ({1e3 / building:.2f} ms) | {ours / building:.2f}x | |")
    # every message reached the server once per round from each sender
    print(f"  server: {report[0]} (expected {3 * rounds * len(urls)} deliveries of each "
          "Message-ID: the same letters on each database)")
    counts = re.search(r"per-id \{(.*)\}", report[0])
    assert counts and counts.group(1) == f"{3 * rounds * len(urls)}: {n}", report
    print()
    return rows


# --- latency -------------------------------------------------------------------------

GRACE = 60.0  # seconds more before a wake-up counts as never fired


def part_latency(folder: Path, plan: dict[str, int]) -> list[str]:
    samples = plan["samples"]
    print(f"latency: `redress run` on SQLite with the real clock; {samples} wake-ups per "
          "case, each a reminder of a pending stage 1 response")
    db = folder / "latency.db"
    url = fresh(f"sqlite:///{db}")
    desk = Desk.open(url, load_config(CONFIG))  # the real clock
    ref = acknowledged(desk, 1)[0]
    with desk.store.reading() as fetch:
        case_id = fetch("SELECT id FROM complaint_case WHERE ref = :r", {"r": ref})[0]["id"]

    def add(due: datetime) -> int:
        with desk.store.writing() as s:
            key = s.execute(JOBS.insert(), {
                "case_id": case_id, "deadline_seq": 2, "kind": "remind",
                "due_at": due.astimezone(UTC).replace(tzinfo=None), "state": "pending",
                "detail": '{"to": "handler", "working_days": "2"}',
                "created_at": datetime.now(UTC).replace(tzinfo=None)}).inserted_primary_key
            assert key is not None
            return int(key[0])

    def lateness(ids: list[int], timeout: float, proc: subprocess.Popen[str]) -> list[float]:
        # `timeout` only stops a runner that never fires: a loaded machine (the suite's
        # smoke run beside other tests) can take many seconds to start one
        end = time.monotonic() + timeout + GRACE
        while time.monotonic() < end and proc.poll() is None:
            with desk.store.reading() as fetch:
                rows = fetch(f"SELECT due_at, fired_at FROM timer_job WHERE id IN "
                             f"({', '.join(map(str, ids))}) AND state = 'done'", {})
            if len(rows) == len(ids):
                return [(datetime.fromisoformat(r["fired_at"])
                         - datetime.fromisoformat(r["due_at"])).total_seconds() for r in rows]
            time.sleep(0.02)
        raise SystemExit(f"wake-ups {ids} were not fired within {timeout + GRACE} s "
                         f"(runner exit code {proc.poll()})")

    env = {**{k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")},
           "REDRESS_DATABASE_URL": url, "REDRESS_CONFIG": CONFIG,
           "REDRESS_OUTBOX_DIR": str(folder / "outbox")}

    @contextmanager
    def runner(poll: float) -> Iterator[subprocess.Popen[str]]:
        proc = subprocess.Popen([REDRESS, "run", "--poll", str(poll)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            yield proc
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=30)
            assert proc.returncode == 0, err

    results = []
    # 1. known: written before the runner starts, due 2 s, 3.5 s, ... later; each is fired
    #    by the wake the runner schedules for the next due instant after every pass
    start = datetime.now(UTC) + timedelta(seconds=2)
    ids = [add(start + timedelta(seconds=1.5 * i)) for i in range(samples)]
    with runner(poll=30) as proc:
        results.append(("known to the runner (scheduled wake), poll 30 s",
                        lateness(ids, 10 + 1.5 * samples, proc)))
    # 2. new: written while the runner runs, each due 2 s after it is written; a poll
    #    must find it, and then schedules its wake if it is not yet due
    for poll in (1.0, 5.0):
        late = []
        with runner(poll=poll) as proc:
            time.sleep(0.7)
            for i in range(samples):
                time.sleep(0.618 * poll * i % poll)  # at points spread over the poll cycle
                job = add(datetime.now(UTC) + timedelta(seconds=2))
                late += lateness([job], 2 + poll + 10, proc)
        results.append((f"written while running, due 2 s later, poll {poll:g} s", late))
    desk.store.close()
    rows = []
    for what, late in results:
        med, worst = statistics.median(late), max(late)
        print(f"  {what:<55} median {med * 1e3:7.0f} ms   max {worst * 1e3:7.0f} ms")
        rows.append(f"| due-to-fired, {what} | median {med * 1e3:,.0f} ms, max "
                    f"{worst * 1e3:,.0f} ms ({len(late)} wake-ups) | | | none set |")
    print()
    return rows


# --- timers --------------------------------------------------------------------------

def clone_cases(desk: Desk, n: int) -> None:
    """One case acknowledged through the Desk, then n copies of its rows under new
    references: the case, its deadlines, its events (their hash chain recomputed for the
    new reference, so the audit chain of every copy is valid), its personal values, its
    letter and its pending wake-ups."""
    ref = acknowledged(desk, 1)[0]
    with desk.store.writing() as s:
        case = s.execute(text("SELECT * FROM complaint_case WHERE ref = :r"),
                         {"r": ref}).mappings().one()
        cid = case["id"]

        def rows_of(sql: str) -> list[dict[str, Any]]:
            return [{k: v for k, v in r.items() if k != "id"}
                    for r in s.execute(text(sql), {"c": cid}).mappings()]

        deadlines = rows_of("SELECT * FROM deadline WHERE case_id = :c")
        events = rows_of("SELECT * FROM case_event WHERE case_id = :c ORDER BY seq")
        jobs = rows_of("SELECT * FROM timer_job WHERE case_id = :c AND state = 'pending'")
        personal = rows_of("SELECT * FROM personal_value WHERE case_id = :c")
        letters = rows_of("SELECT * FROM letter WHERE case_id = :c")
        first = int(s.execute(text("SELECT MAX(id) FROM complaint_case")).scalar_one()) + 1

        def insert(table: str, rows: list[dict[str, Any]]) -> None:
            cols = list(rows[0])
            s.execute(text(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                           f"({', '.join(':' + c for c in cols)})"), rows)

        for chunk in range(0, n, 10_000):
            cases, dls, evs, jbs, pvs, lts = [], [], [], [], [], []
            for i in range(chunk, min(n, chunk + 10_000)):
                new_id, new_ref = first + i, f"BULK-{i:06d}"
                head = events[0]["prev_hash"]
                for e in events:
                    digest = event_hash(head, new_ref, e)
                    evs.append({**e, "case_id": new_id, "prev_hash": head, "hash": digest})
                    head = digest
                cases.append({**case, "id": new_id, "ref": new_ref, "ref_key": ref_key(new_ref),
                              "head_hash": head})
                dls += [{**d, "case_id": new_id} for d in deadlines]
                jbs += [{**j, "case_id": new_id} for j in jobs]
                pvs += [{**p, "case_id": new_id} for p in personal]
                lts += [{**x, "case_id": new_id} for x in letters]
            for table, rows in (("complaint_case", cases), ("deadline", dls),
                                ("case_event", evs), ("timer_job", jbs),
                                ("personal_value", pvs), ("letter", lts)):
                if rows:
                    insert(table, rows)
        if not desk.store.is_sqlite:
            s.execute(text("SELECT setval(pg_get_serial_sequence('complaint_case', 'id'), "
                           "(SELECT MAX(id) FROM complaint_case))"))
    analyze(desk)


def analyze(desk: Desk) -> None:
    """Bring the planner's statistics on the bulk-loaded tables up to date, as autovacuum
    would in time: without them PostgreSQL reads case_event whole for every batch. (Not
    alert or outbox, which start empty and fill as the wake-ups fire: statistics saying
    they are empty would make each foreign-key check of an insert scan them whole.)"""
    with desk.store.engine.connect() as conn:
        auto = conn.execution_options(isolation_level="AUTOCOMMIT")
        if desk.store.is_sqlite:
            auto.exec_driver_sql("ANALYZE")
        else:
            auto.exec_driver_sql("VACUUM ANALYZE complaint_case, deadline, case_event, "
                                 "timer_job")


WRITTEN = ("complaint_case", "deadline", "case_event", "timer_job", "alert", "outbox")


# when an event was written (the wall clock, not the injected one) and the hashes that
# cover it: all that differs between two firings of the same wake-ups
RECORDED = {"case_event": ("recorded_at", "prev_hash", "hash"),
            "complaint_case": ("head_hash",)}


def table_rows(desk: Desk, *, recorded: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables firing writes, in id order; with `recorded` False, without
    the columns of `RECORDED`."""
    out = {}
    with desk.store.engine.connect() as conn:
        for t in WRITTEN:
            result = conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))
            keep = [i for i, c in enumerate(result.keys())
                    if recorded or c not in RECORDED.get(t, ())]
            out[t] = [tuple(r[i] for i in keep) for r in result]
    return out


def put_back(desk: Desk, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """The tables as `rows` holds them (foreign keys unchecked meanwhile: the letters and
    personal values that name the cases stay), and PostgreSQL's id sequences where they
    were."""
    sqlite = desk.store.is_sqlite
    raw = desk.store.engine.raw_connection()
    try:
        cur = raw.cursor()
        if sqlite:
            cur.execute("PRAGMA foreign_keys = OFF")
            cur.execute("BEGIN IMMEDIATE")
        else:
            cur.execute("SET LOCAL session_replication_role = replica")
        for t in WRITTEN:
            cur.execute(f"DELETE FROM {t}")
            if rows[t]:
                marks = ", ".join(["?" if sqlite else "%s"] * len(rows[t][0]))
                cur.executemany(f"INSERT INTO {t} VALUES ({marks})", rows[t])
            if not sqlite:
                top = max([r[0] for r in rows[t]], default=0)
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                            f"{top or 1}, {'true' if top else 'false'})")
        if sqlite:
            cur.execute("COMMIT")
            cur.execute("PRAGMA foreign_keys = ON")
        else:
            raw.commit()
        cur.close()
    finally:
        raw.close()
    analyze(desk)


@contextmanager
def transactions(desk: Desk) -> Iterator[list[list[tuple[str, Any]]]]:
    """The write statements (as sent to the driver, with their parameters) of each
    transaction committed meanwhile."""
    from sqlalchemy import event

    done: list[list[tuple[str, Any]]] = []
    current: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, sql: str, params: Any, context: Any,
               many: bool) -> None:
        if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            current.append((sql, params))

    def commit(conn: Any) -> None:
        if current:
            done.append(list(current))
            current.clear()

    event.listen(desk.store.engine, "before_cursor_execute", record)
    event.listen(desk.store.engine, "commit", commit)
    try:
        yield done
    finally:
        event.remove(desk.store.engine, "before_cursor_execute", record)
        event.remove(desk.store.engine, "commit", commit)


def core_writes(desk: Desk, batches: list[list[tuple[str, Any]]]) -> None:
    """The baseline: SQLAlchemy Core sending the same write statements with the same
    parameters to the driver, one transaction per batch, deciding nothing."""
    for statements in batches:
        with desk.store.engine.begin() as conn:
            for sql, params in statements:
                conn.exec_driver_sql(sql, params)


def fire_all(desk: Desk, mail: MailSettings, now: datetime) -> int:
    """Every due wake-up fired, in the runner's batches; how many."""
    fired = 0
    while True:
        lines = fire_due(desk.store, desk.calendar, desk.letters, mail, "bench", now,
                         BATCH, desk.remind_at)
        fired += len(lines)
        if len(lines) < BATCH:
            return fired


def part_timers(urls: list[tuple[str, str]], plan: dict[str, int]) -> list[str]:
    total = plan["timers"]
    print(f"timers: {total:,} due wake-ups (a reminder and an expiry for each of two "
          f"deadlines of {total // 4:,} cases) fired in batches of {BATCH}, against Core "
          "writing the identical rows in the same transactions")
    now = datetime(2027, 1, 4, 12, tzinfo=UTC)
    mail = MailSettings(team="team@test-homes.example")
    rows = []
    for label, url in urls:
        desk = open_desk(fresh(url))
        start = time.perf_counter()
        clone_cases(desk, total // 4 - 1)
        made = time.perf_counter() - start
        store = desk.store
        with store.reading() as fetch:
            due = fetch("SELECT COUNT(*) AS n FROM timer_job WHERE state = 'pending' AND "
                        "due_at <= :now", {"now": store.stamp(now)})[0]["n"]
        assert due == total, due
        before = table_rows(desk)

        # an untimed pass records the statements each transaction sends; the timed pass
        # runs without the recorder attached, as the baseline does, and must write the
        # same rows (but for when each event was written, and the hashes covering it)
        with transactions(desk) as batches:
            fire_all(desk, mail, now)
        after, same = table_rows(desk), table_rows(desk, recorded=False)
        put_back(desk, before)
        start = time.perf_counter()
        fired = fire_all(desk, mail, now)
        ours = time.perf_counter() - start
        assert table_rows(desk, recorded=False) == same, "the timed firing wrote other rows"
        start = time.perf_counter()
        checked, faults = store.verify_audit()
        verified = time.perf_counter() - start
        assert not faults, faults[:3]
        with store.reading() as fetch:
            left = fetch("SELECT COUNT(*) AS n FROM timer_job WHERE state = 'pending' AND "
                         "due_at <= :now", {"now": store.stamp(now)})[0]["n"]
            counts = {k: fetch(q, {})[0]["n"] for k, q in (
                ("breaches", "SELECT COUNT(*) AS n FROM case_event WHERE action = 'breach'"),
                ("alerts", "SELECT COUNT(*) AS n FROM alert"),
                ("emails", "SELECT COUNT(*) AS n FROM outbox WHERE alert_id IS NOT NULL"))}
        assert fired >= total and left == 0, (fired, left)

        # the baseline, from the same starting rows; it must leave the identical rows
        put_back(desk, before)
        assert table_rows(desk) == before
        start = time.perf_counter()
        core_writes(desk, batches)
        bare = time.perf_counter() - start
        assert table_rows(desk) == after, "the baseline wrote different rows"
        store.close()
        ratio = ours / bare
        print(f"  {label:<10} fire_due {ours:7.1f} s ({ours / fired * 1e6:5.0f} us per "
              f"wake-up)   Core, same rows and transactions {bare:6.2f} s "
              f"({bare / fired * 1e6:5.0f} us)   {ratio:.2f}x (target <= 2x: "
              f"{verdict(ratio <= 2)})")
        print(f"  {'':<10} {fired:,} fired in {len(batches)} transactions: "
              f"{counts['breaches']:,} breach events, {counts['alerts']:,} alerts, "
              f"{counts['emails']:,} alert emails queued; audit chains of {checked:,} cases "
              f"valid ({verified:.1f} s); {total // 4:,} cases made in {made:.1f} s")
        rows.append(f"| {fired:,} due wake-ups fired, {label} | {ours:.1f} s "
                    f"({ours / fired * 1e6:,.0f} µs each) | SQLAlchemy Core sending the same "
                    f"writes in the same {len(batches)} transactions: {bare:.1f} s "
                    f"({bare / fired * 1e6:,.0f} µs) | {ratio:.2f}x | <= 2x: "
                    f"{'met' if ratio <= 2 else 'missed'} |")
    print()
    return rows


# --- idle ----------------------------------------------------------------------------

def idle_cases(desk: Desk, n: int) -> None:
    """n cases with nothing due: n/2 acknowledged (their wake-ups weeks away) and n/2
    closed last month (within the retention period), so every query of a pass has rows
    it must not read."""
    clone_cases(desk, n - 1)
    with desk.store.writing() as s:
        s.execute(text("UPDATE complaint_case SET state = 'closed', last_event_at = "
                       ":at WHERE id % 2 = 0"), {"at": naive_utc(RECEIVED_AT)})
        s.execute(text("UPDATE timer_job SET state = 'cancelled' WHERE case_id IN "
                       "(SELECT id FROM complaint_case WHERE state = 'closed')"))
        s.execute(text("UPDATE outbox SET state = 'sent', sent_at = created_at"))
    analyze(desk)


def naive_utc(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None)


@contextmanager
def statements(desk: Desk) -> Iterator[list[tuple[str, Any]]]:
    """Every statement the store's engine runs meanwhile, with its parameters."""
    from sqlalchemy import event

    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, sql: str, params: Any, context: Any,
               many: bool) -> None:
        seen.append((sql, params))

    event.listen(desk.store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(desk.store.engine, "before_cursor_execute", record)


def plans(desk: Desk, seen: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """(statement, plan) for each distinct SELECT of a pass: EXPLAIN QUERY PLAN on SQLite,
    EXPLAIN on PostgreSQL."""
    out = []
    done = set()
    with desk.store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        for sql, params in seen:
            if not sql.lstrip().upper().startswith("SELECT") or sql in done:
                continue
            done.add(sql)
            cur = raw.cursor()
            if desk.store.is_sqlite:
                cur.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = "; ".join(str(r[-1]) for r in cur.fetchall())
            else:
                cur.execute("EXPLAIN " + sql, params)
                plan = "; ".join(str(r[0]).strip() for r in cur.fetchall())
            cur.close()
            out.append((sql, plan))
        conn.rollback()
    return out


def whole_scans(plan: str, sqlite: bool) -> bool:
    """Whether a plan reads a table whole (rather than by an index): any but the
    workflow definitions, one row per workflow version."""
    if sqlite:
        return bool(re.search(r"\bSCAN (?!workflow_definition)(?!.*USING (COVERING )?INDEX)",
                              plan))
    return bool(re.search(r"Seq Scan on (?!workflow_definition)", plan))


def part_idle(urls: list[tuple[str, str]], plan: dict[str, int]) -> list[str]:
    sizes = plan["idle"]
    rounds = 7
    print(f"idle: one runner pass (`Runner.run_pass`, and `redress run --once` as a "
          f"process) with nothing due, at {', '.join(f'{n:,}' for n in sizes)} cases; "
          f"median of {rounds}")
    rows = []
    for label, url in urls:
        timed: dict[int, tuple[float, float]] = {}
        for n in sizes:
            desk = open_desk(fresh(url))
            idle_cases(desk, n)
            desk.clock = lambda: RECEIVED_AT + timedelta(days=1)
            with desk.store.reading() as fetch:
                counts = fetch("SELECT COUNT(*) AS n FROM complaint_case", {})[0]["n"]
            assert counts == n, counts
            runner = Runner(desk, MailSettings(team="team@test-homes.example"),
                            lambda line: None)
            runner.start()
            with statements(desk) as seen:
                result = asyncio.run(runner.run_pass())
            assert (result.fired, result.sent, result.lines) == (0, 0, []), result
            found = plans(desk, seen)
            scans = [(sql, p) for sql, p in found if whole_scans(p, desk.store.is_sqlite)]
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                asyncio.run(runner.run_pass())
                times.append(time.perf_counter() - start)
            runner.stop()
            in_process = statistics.median(times)
            env = {**{k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")},
                   "REDRESS_DATABASE_URL": url, "REDRESS_CONFIG": CONFIG,
                   "REDRESS_OUTBOX_DIR": tempfile.gettempdir()}
            now = (RECEIVED_AT + timedelta(days=1)).astimezone(UTC).isoformat()
            cmd = [REDRESS, "run", "--once", "--now", now]
            proc_times = []
            for _ in range(3):
                start = time.perf_counter()
                subprocess.run(cmd, env=env, check=True, capture_output=True)
                proc_times.append(time.perf_counter() - start)
            process = statistics.median(proc_times)
            timed[n] = (in_process, process)
            print(f"  {label:<10} {n:>9,} cases: pass {in_process * 1e3:7.2f} ms   "
                  f"`run --once` process {process:5.2f} s   {len(seen)} statements, "
                  f"{len(found)} distinct SELECTs, {len(scans)} reading a table whole")
            for sql, p in (found if os.environ.get("BENCH_PLANS") else scans):
                print(f"    whole-table read: {' '.join(sql.split())[:110]}\n      {p[:200]}")
        small, large = timed[sizes[0]], timed[sizes[-1]]
        ratio = large[0] / small[0]
        print(f"  {label:<10} pass at {sizes[-1]:,} / at {sizes[0]:,} cases: {ratio:.2f}x "
              f"(target: the same, <= 1.5x: {verdict(ratio <= 1.5)})")
        rows.append(f"| idle runner pass, {sizes[-1]:,} cases, {label} | "
                    f"{large[0] * 1e3:.1f} ms in process; `run --once` {large[1]:.2f} s | the "
                    f"same pass at {sizes[0]:,} cases: {small[0] * 1e3:.1f} ms; "
                    f"{small[1]:.2f} s | {ratio:.2f}x | the same (<= 1.5x): "
                    f"{'met' if ratio <= 1.5 else 'missed'} |")
    print()
    return rows


# --- contention ----------------------------------------------------------------------

FIRE_AT = datetime(2027, 1, 4, 12, tzinfo=UTC)  # every cloned case's wake-ups are due


def officer(url: str, refs_file: str, out_file: str, stop_file: str, limit: int) -> None:
    """An officer's process: acknowledge its cases one after another until `stop_file`
    exists (or `limit` actions), writing how long each `Desk.act` took (seconds)."""
    desk = open_desk(url)
    desk.clock = lambda: FIRE_AT
    refs = Path(refs_file).read_text().split()
    desk.act(refs[0], "acknowledge", ACK, "officer")  # warm: definitions, calendar
    took = []
    for ref in refs[1:limit]:
        if Path(stop_file).exists():
            break
        start = time.perf_counter()
        desk.act(ref, "acknowledge", ACK, "officer")
        took.append(time.perf_counter() - start)
    Path(out_file).write_text("\n".join(f"{t:.6f}" for t in took))
    desk.store.close()


def firer(url: str, batch: int, out_file: str) -> None:
    """The runner's firing (`Runner.fire`, as `run_pass` does it): batches until none is
    left, standing aside between them on SQLite."""
    desk = open_desk(url)
    desk.clock = lambda: FIRE_AT
    runner = Runner(desk, MailSettings(team="team@test-homes.example"), lambda line: None,
                    batch)
    result = PassResult()
    start = time.perf_counter()
    asyncio.run(runner.fire(result))
    Path(out_file).write_text(f"{result.fired} {time.perf_counter() - start:.3f}")
    desk.store.close()


def officers_act(folder: Path, url: str, refs: list[list[str]], limit: int,
                 runner_batch: int | None) -> tuple[list[float], float | None, int]:
    """Four officers acting at once, with the runner firing in batches of `runner_batch`
    meanwhile (None: the runner idle). Returns each action's time, the firing time and
    the wake-ups fired."""
    stop = folder / "stop"
    stop.unlink(missing_ok=True)
    procs = []
    for i, mine in enumerate(refs):
        (folder / f"refs{i}").write_text("\n".join(mine))
        procs.append(subprocess.Popen([sys.executable, __file__, "--officer", url,
                                       str(folder / f"refs{i}"), str(folder / f"took{i}"),
                                       str(stop), str(limit)]))
    fired, firing = 0, None
    if runner_batch is not None:
        time.sleep(1.5)  # the officers' processes have started up and are acting
        subprocess.run([sys.executable, __file__, "--fire", url, str(runner_batch),
                        str(folder / "fired")], check=True)
        stop.touch()
        count, secs = (folder / "fired").read_text().split()
        fired, firing = int(count), float(secs)
    for p in procs:
        assert p.wait(timeout=600) == 0
    took = [float(x) for i in range(len(refs))
            for x in (folder / f"took{i}").read_text().split()]
    return took, firing, fired


def part_contention(folder: Path, plan: dict[str, int]) -> list[str]:
    total, batches = plan["contended"], plan["batches"]
    per_officer = plan["per_officer"]
    print(f"contention: 4 officers (4 processes) acknowledging cases on SQLite while the "
          f"runner (a 5th process) fires {total:,} wake-ups, for runner batch sizes "
          f"{', '.join(map(str, batches))}; each officer's `Desk.act` timed (the lock wait "
          "and the action)")
    rows = []
    url = f"sqlite:///{folder / 'contention.db'}"
    baseline: list[float] = []
    for batch in [None, *batches]:
        desk = open_desk(fresh(url))
        clone_cases(desk, total // 4 - 1)  # four wake-ups each: two reminders, two expiries
        desk.clock = lambda: FIRE_AT
        with desk.store.reading() as fetch:
            due = fetch("SELECT COUNT(*) AS n FROM timer_job WHERE state = 'pending' AND "
                        "due_at <= :now", {"now": desk.store.stamp(FIRE_AT)})[0]["n"]
        assert due == total, due
        refs = [[desk.open_case(received_at=FIRE_AT, resident=f"Officer {k} resident {i}",
                                actor="officer", workflow="chc-2024",
                                email=f"o{k}r{i}@example.org").ref
                 for i in range(per_officer if batch else 40)] for k in range(4)]
        analyze(desk)
        desk.store.close()
        took, firing, fired = officers_act(folder, url, refs, per_officer, batch)
        took.sort()
        p50, p95, worst = (took[len(took) // 2], took[int(len(took) * 0.95)], took[-1])
        if batch is None:
            baseline = took
            print(f"  runner idle       {len(took):4} actions: p50 {p50 * 1e3:6.0f} ms   "
                  f"p95 {p95 * 1e3:6.0f} ms   max {worst * 1e3:6.0f} ms")
            rows.append(f"| CLI action (`Desk.act`), 4 officers, runner idle, SQLite | p50 "
                        f"{p50 * 1e3:,.0f} ms, p95 {p95 * 1e3:,.0f} ms, max "
                        f"{worst * 1e3:,.0f} ms | | | |")
            continue
        # each reminder leaves a follow-up that is due too, and is fired in the pass
        assert fired >= total, (fired, total)
        assert firing is not None
        print(f"  runner batch {batch:>4} {len(took):4} actions: p50 {p50 * 1e3:6.0f} ms   "
              f"p95 {p95 * 1e3:6.0f} ms   max {worst * 1e3:6.0f} ms   (p95 <= 1 s: "
              f"{verdict(p95 <= 1)});  firing {firing:5.1f} s "
              f"({fired:,} wake-ups, {firing / fired * 1e6:4.0f} us each)")
        rows.append(f"| CLI action (`Desk.act`) while the runner fires {total:,} wake-ups in "
                    f"batches of {batch}, 4 officers, SQLite | p50 {p50 * 1e3:,.0f} ms, p95 "
                    f"{p95 * 1e3:,.0f} ms, max {worst * 1e3:,.0f} ms; firing {firing:.1f} s "
                    f"({fired:,} fired, {firing / fired * 1e6:,.0f} µs each) | the runner "
                    "idle: p95 "
                    f"{baseline[int(len(baseline) * 0.95)] * 1e3:,.0f} ms | | p95 <= 1 s: "
                    f"{'met' if p95 <= 1 else 'missed'} |")
    print()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke run")
    parser.add_argument("--only", default="send,latency,timers,idle,contention",
                        help="comma-separated parts: send, latency, timers, idle, contention")
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(
        "REDRESS_TEST_POSTGRES_URL"), help="also run on this PostgreSQL server "
        "(default: REDRESS_TEST_POSTGRES_URL)")
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--officer", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--fire", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--smoke", action="store_const", dest="plan", help="tiny runs (seconds)",
                        const={"letters": 20, "send_rounds": 1, "timers": 200, "samples": 1,
                               "idle": (100, 300), "contended": 200, "batches": (50,),
                               "per_officer": 5})
    args = parser.parse_args()
    if args.sink:
        sink(args.sink)
        return
    if args.officer:
        u, refs_file, out_file, stop_file, limit = args.officer
        officer(u, refs_file, out_file, stop_file, int(limit))
        return
    if args.fire:
        firer(args.fire[0], int(args.fire[1]), args.fire[2])
        return
    plan = args.plan or (QUICK if args.quick else FULL)
    parts = {p.strip() for p in args.only.split(",")}
    header("bench_dispatch: the runner's sending, wake-up lateness and firing")
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, databases(args.pg, Path(tmp)) as urls:
        if "send" in parts:
            rows += part_send(urls, plan)
        if "latency" in parts:
            rows += part_latency(Path(tmp), plan)
        if "timers" in parts:
            rows += part_timers(urls, plan)
        if "idle" in parts:
            rows += part_idle(urls, plan)
        if "contention" in parts:
            rows += part_contention(Path(tmp), plan)
    print("| benchmark | redress | compared with | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

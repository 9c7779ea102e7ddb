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
from redress.engine.letters import letter_email
from redress.engine.runner import BATCH, MailSettings, Runner, fire_due
from redress.engine.store import JobRow
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
CONFIG = str(ROOT / "tests" / "landlord.toml")
REDRESS = str(Path(sys.executable).parent / "redress")
ACK = {"complaint_definition": "Damp in the bedroom", "outcomes_sought": "A repair",
       "responsibility": "The walls are ours"}
RECEIVED_AT = at_london(date(2026, 11, 2), day_time(9))  # when every benchmark case arrives
BOUNDARY = re.compile(rb"={15}\d+==")
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)

FULL = {"letters": 1000, "send_rounds": 3, "timers": 100_000, "samples": 6}
QUICK = {"letters": 200, "send_rounds": 2, "timers": 10_000, "samples": 3}


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
    with desk.store.transaction() as s:
        for k in range(1, copies):
            s.execute(text(f"INSERT INTO letter (seq, {cols}) SELECT seq + {k}, {cols} "
                           "FROM letter WHERE seq = 1"))
        s.execute(text(
            "INSERT INTO outbox (case_id, letter_id, channel, state, step, attempts, "
            "next_attempt_at, message_id, reply, last_error, created_at, updated_at, note) "
            "SELECT case_id, id, channel, 'queued', '', 0, created_at, '', '', '', "
            "created_at, created_at, '' FROM letter WHERE seq > 1"))
    # each copy's message made as an action makes it, in its transaction (not timed)
    with desk.store.transaction() as s:
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
    with desk.store.transaction() as s:
        s.execute(text("UPDATE outbox SET state = 'queued', step = '', attempts = 0, "
                       "next_attempt_at = created_at, claimed_by = NULL, "
                       "claimed_until = NULL, reply = '', sent_at = NULL"))


def messages(desk: Desk, runner: Runner) -> tuple[list[tuple[str, str, bytes]],
                                                 list[dict[str, Any]]]:
    """What the runner will send, as the outbox holds it: (from, to, bytes); and for
    each, what `letter_email` builds it from."""
    out, sources = [], []
    with desk.store.transaction() as s:
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
        with desk.store.transaction() as s:
            row = JobRow(case_id=case_id, deadline_seq=2, kind="remind",
                         due_at=due.astimezone(UTC).replace(tzinfo=None), state="pending",
                         detail='{"to": "handler", "working_days": "2"}',
                         created_at=datetime.now(UTC).replace(tzinfo=None))
            s.add(row)
            s.flush()
            assert row.id is not None
            return row.id

    def lateness(ids: list[int], timeout: float, proc: subprocess.Popen[str]) -> list[float]:
        end = time.monotonic() + timeout
        while time.monotonic() < end and proc.poll() is None:
            with desk.store.reading() as fetch:
                rows = fetch(f"SELECT due_at, fired_at FROM timer_job WHERE id IN "
                             f"({', '.join(map(str, ids))}) AND state = 'done'", {})
            if len(rows) == len(ids):
                return [(datetime.fromisoformat(r["fired_at"])
                         - datetime.fromisoformat(r["due_at"])).total_seconds() for r in rows]
            time.sleep(0.02)
        raise SystemExit(f"wake-ups {ids} were not fired within {timeout} s "
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
    new reference, so the audit chain of every copy is valid) and its pending wake-ups."""
    ref = acknowledged(desk, 1)[0]
    with desk.store.transaction() as s:
        case = s.execute(text("SELECT * FROM complaint_case WHERE ref = :r"),
                         {"r": ref}).mappings().one()
        cid = case["id"]

        def rows_of(sql: str) -> list[dict[str, Any]]:
            return [{k: v for k, v in r.items() if k != "id"}
                    for r in s.execute(text(sql), {"c": cid}).mappings()]

        deadlines = rows_of("SELECT * FROM deadline WHERE case_id = :c")
        events = rows_of("SELECT * FROM case_event WHERE case_id = :c ORDER BY seq")
        jobs = rows_of("SELECT * FROM timer_job WHERE case_id = :c AND state = 'pending'")
        first = int(s.execute(text("SELECT MAX(id) FROM complaint_case")).scalar_one()) + 1

        def insert(table: str, rows: list[dict[str, Any]]) -> None:
            cols = list(rows[0])
            s.execute(text(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                           f"({', '.join(':' + c for c in cols)})"), rows)

        for chunk in range(0, n, 10_000):
            cases, dls, evs, jbs = [], [], [], []
            for i in range(chunk, min(n, chunk + 10_000)):
                new_id, new_ref = first + i, f"BULK-{i:06d}"
                head = events[0]["prev_hash"]
                for e in events:
                    digest = event_hash(head, new_ref, e)
                    evs.append({**e, "case_id": new_id, "prev_hash": head, "hash": digest})
                    head = digest
                cases.append({**case, "id": new_id, "ref": new_ref, "ref_key": new_ref.casefold(),
                              "head_hash": head})
                dls += [{**d, "case_id": new_id} for d in deadlines]
                jbs += [{**j, "case_id": new_id} for j in jobs]
            for table, rows in (("complaint_case", cases), ("deadline", dls),
                                ("case_event", evs), ("timer_job", jbs)):
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


def part_timers(urls: list[tuple[str, str]], plan: dict[str, int]) -> list[str]:
    total = plan["timers"]
    print(f"timers: {total:,} due wake-ups (half reminders, half expiries recording a "
          f"breach) fired in batches of {BATCH}")
    now = datetime(2027, 1, 4, 12, tzinfo=UTC)
    mail = MailSettings(team="team@test-homes.example")
    rows = []
    for label, url in urls:
        desk = open_desk(fresh(url))
        start = time.perf_counter()
        clone_cases(desk, total // 2 - 1)
        made = time.perf_counter() - start
        store = desk.store
        with store.reading() as fetch:
            due = fetch("SELECT COUNT(*) AS n FROM timer_job WHERE state = 'pending' AND "
                        "due_at <= :now", {"now": store.stamp(now)})[0]["n"]
        assert due == total, due

        # the reference: one UPDATE marking every due row done, then put back
        start = time.perf_counter()
        with store.transaction() as s:
            s.execute(text("UPDATE timer_job SET state = 'done', fired_at = :now, "
                           "fired_by = 'bare', outcome = 'bare' WHERE state = 'pending' "
                           "AND due_at <= :now"), {"now": store.stamp(now)})
        bare = time.perf_counter() - start
        with store.transaction() as s:
            s.execute(text("UPDATE timer_job SET state = 'pending', fired_at = NULL, "
                           "fired_by = NULL, outcome = '' WHERE fired_by = 'bare'"))
        analyze(desk)

        start = time.perf_counter()
        fired = 0
        while True:
            lines = fire_due(store, desk.calendar, desk.letters, mail, "bench", now, BATCH,
                             desk.remind_at)
            fired += len(lines)
            if len(lines) < BATCH:
                break
        ours = time.perf_counter() - start

        start = time.perf_counter()
        checked, faults = store.verify_audit()
        verified = time.perf_counter() - start
        with store.reading() as fetch:
            left = fetch("SELECT COUNT(*) AS n FROM timer_job WHERE state = 'pending'",
                         {})[0]["n"]
            breaches = fetch("SELECT COUNT(*) AS n FROM case_event WHERE action = 'breach'",
                             {})[0]["n"]
            alerts = fetch("SELECT COUNT(*) AS n FROM alert", {})[0]["n"]
            emails = fetch("SELECT COUNT(*) AS n FROM outbox WHERE alert_id IS NOT NULL",
                           {})[0]["n"]
        assert (fired, left, breaches, alerts, emails) == (
            total, 0, total // 2, 3 * total // 2, 3 * total // 2), (fired, left, breaches)
        assert checked == total // 2 and not faults, faults[:3]
        store.close()
        ratio = ours / bare
        print(f"  {label:<10} fire_due {ours:7.1f} s ({ours / total * 1e6:5.0f} us per "
              f"wake-up)   bare UPDATE {bare:6.2f} s   redress {ratio:,.0f}x the bare time")
        print(f"  {'':<10} {breaches:,} breach events, {alerts:,} alerts, {emails:,} alert "
              f"emails queued; audit chains of {checked:,} cases valid ({verified:.1f} s); "
              f"{total // 2:,} cases made in {made:.1f} s")
        rows.append(f"| {total:,} due wake-ups fired, {label} | {ours:.1f} s "
                    f"({ours / total * 1e6:,.0f} µs each) | one bare `UPDATE ... SET "
                    f"state = 'done'` {bare:.2f} s | {ratio:,.0f}x the time | none set |")
    print()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke run")
    parser.add_argument("--only", default="send,latency,timers",
                        help="comma-separated parts: send, latency, timers")
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(
        "REDRESS_TEST_POSTGRES_URL"), help="also run on this PostgreSQL server "
        "(default: REDRESS_TEST_POSTGRES_URL)")
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--smoke", action="store_const", dest="plan", help="tiny runs (seconds)",
                        const={"letters": 20, "send_rounds": 1, "timers": 200, "samples": 1})
    args = parser.parse_args()
    if args.sink:
        sink(args.sink)
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
    print("| benchmark | redress | compared with | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

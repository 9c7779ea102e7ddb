"""Leases: a claim is renewed while its runner works, and a runner that has lost a claim
never sends the message (issue 11, item 1).

The contract, on SQLite and PostgreSQL, through the outbox itself with the clock moved
by hand: a claim taken back after its lease ran out is abandoned by the runner that held
it (no `data` mark, no send, no record of an outcome), a renewed lease is not taken back,
and each message taken back says what happened to it.

Under load:
Two `redress run` services share a PostgreSQL outbox of 2,000 letters and send them to
an SMTP server in the test that answers each DATA after 100 ms, over four connections
each. The lease is 3 seconds: far shorter than a batch of 200 takes (50 messages a
connection, 100 ms each), so a lease that is not renewed runs out under a runner that is
still working through its batch, and the other runner takes those messages back and
sends them again. Renewed leases never run out under a live runner, so every letter is
delivered once, and none is flagged `uncertain`.

The server counts deliveries per Message-ID (a file transport would hide a second send,
since it writes the same file name again). The runners keep real time, as a service
does (a lease is compared across their clocks); nothing sleeps to wait for a timer: the
test waits for the outbox to empty.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from redress.engine import Desk, load_config
from redress.engine.runner import ClaimLost, MailSettings, Outbox
from smtp_server import CountingSink, serving
from support import LANDLORD_CONFIG, REDRESS, Clock

LETTERS = 2_000
LEASE_SECONDS = 3
DATA_SECONDS = 0.1
ACK = {"complaint_definition": "Damp in the bedroom", "outcomes_sought": "Repair",
       "responsibility": "Ours"}


class StealingServer:
    """An SMTP server that, at the first RCPT for `victim`, lets another runner take that
    message back (as one whose clock is past the lease would), then answers 250."""

    def __init__(self, victim: str, steal: Any) -> None:
        self.victim = victim
        self.steal = steal
        self.stolen = False
        self.rcpt_for: list[str] = []
        self.data_for: list[str] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address == self.victim and not self.stolen:
            self.stolen = True
            await asyncio.to_thread(self.steal)
        self.rcpt_for.append(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_for.extend(envelope.rcpt_tos)
        return "250 OK queued"


def test_the_runner_hands_nothing_over_once_its_claim_is_gone(desk: Desk,
                                                              clock: Clock) -> None:
    """Issue 11 item 1: a runner that finds at its `data` mark that another runner took
    its messages back (that runner's clock being past the lease) abandons each before
    DATA and resets the connection, so the next message on it is offered normally (and
    abandoned in turn, being taken back too)."""
    from redress.engine.runner import Runner

    refs = []
    for i in (1, 2):
        refs.append(desk.open_case(received_at=clock(), resident=f"Ms {i}", actor="officer",
                                   workflow="chc-2024", email=f"r{i}@example.org").ref)
        desk.act(refs[-1], "acknowledge", ACK, "officer")
    later = clock() + timedelta(minutes=5)
    taken: list[int] = []

    def steal() -> None:
        other.recover(later, every_claim=False)
        taken.extend(c.id for c in other.claim(later, 1))

    server = StealingServer("r1@example.org", steal)
    with serving(server) as port:
        mail = MailSettings(transport="smtp", host="127.0.0.1", port=port, starttls=False,
                            timeout=10, connections=1, lease_seconds=60)
        other = Outbox(desk.store, mail, desk.letters, "runner-b")
        result = asyncio.run(Runner(desk, mail, lambda line: None).run_pass())
    assert server.stolen and len(taken) == 1
    # after the first was abandoned, the second got through MAIL and RCPT on the same
    # connection (no "nested MAIL command"); neither was handed over
    assert server.rcpt_for == ["r1@example.org", "r2@example.org"]
    assert server.data_for == []
    assert (result.sent, result.abandoned, result.uncertain, result.retrying) == (0, 2, 0, 0)
    assert result.lines == [
        f"case {ref}: letter 1 (stage1_acknowledgement) abandoned before DATA: outbox {oid}: "
        f"this runner's claim expired and the message was taken back (it is now {state}); "
        "not sent by this runner"
        for ref, oid, state in ((refs[0], taken[0], "sending"), (refs[1], 2, "queued"))]
    got = rows(desk, "SELECT state, step, claimed_by, attempts FROM outbox ORDER BY id")
    assert [(r["state"], r["claimed_by"], r["attempts"]) for r in got] == [
        ("sending", "runner-b", 2), ("queued", None, 1)]


@pytest.fixture
def slow_smtp() -> Iterator[tuple[CountingSink, int]]:
    """A server that answers each DATA after DATA_SECONDS."""
    sink = CountingSink(delay=DATA_SECONDS)
    with serving(sink) as port:
        yield sink, port


def rows(desk: Desk, sql: str, **params: Any) -> list[dict[str, Any]]:
    with desk.store.reading() as fetch:
        return [dict(r) for r in fetch(sql, params)]


def the_row(desk: Desk) -> dict[str, Any]:
    (row,) = rows(desk, "SELECT state, step, attempts, claimed_by, claimed_until, note, "
                        "last_error FROM outbox")
    return row


def test_a_runner_whose_claim_was_taken_back_abandons_the_send(desk: Desk,
                                                                clock: Clock) -> None:
    """Issue 11 item 1: `mark_data` and `finish` check the claim is still this runner's;
    a renewed claim is not taken back; the note says the claim expired, not that a
    runner stopped."""
    ref = desk.open_case(received_at=clock(), resident="Ms A", actor="officer",
                         workflow="chc-2024", email="a@example.org").ref
    desk.act(ref, "acknowledge", ACK, "officer")
    mail = MailSettings(lease_seconds=60)
    a, b, c = (Outbox(desk.store, mail, desk.letters, name)
               for name in ("runner-a", "runner-b", "runner-c"))
    t0 = clock()

    def at(seconds: float) -> datetime:
        return t0 + timedelta(seconds=seconds)

    (held,) = a.claim(at(0), 10)
    assert b.recover(at(59), every_claim=False) == []  # within the lease: left alone
    assert a.renew(at(50)) == 1  # a works on: its lease now runs to 110 s
    assert b.recover(at(100), every_claim=False) == []
    assert the_row(desk)["claimed_by"] == "runner-a"

    # a stalls past its renewed lease; b takes the message back and sends it itself
    (line,) = b.recover(at(111), every_claim=False)
    ran_out = at(110).astimezone(UTC)
    expired = (f"the claim of runner runner-a expired at {ran_out:%Y-%m-%d %H:%M:%S} UTC "
               "without being renewed")
    assert line == f"outbox {held.id}: queued ({expired} before it was sent; sending again)"
    assert "stopped" not in line
    (again,) = b.claim(at(112), 10)
    assert again.attempts == 2

    # a comes back: its mark finds the claim gone, so nothing is handed over
    with pytest.raises(ClaimLost, match="this runner's claim expired and the message was "
                                        "taken back \\(it is now sending\\)"):
        a.mark_data(held.id, at(113))
    assert a.finish(held, "sent", "250 OK", at(114)) is None
    assert a.renew(at(115)) == 0
    row = the_row(desk)
    assert (row["state"], row["step"], row["claimed_by"]) == ("sending", "claimed", "runner-b")

    b.mark_data(again.id, at(116))  # b holds it: its mark goes through
    assert the_row(desk)["step"] == "data"
    # b's pass fails (say its database write did); on its next pass it takes its own
    # claim back at once, saying so, and a send that may have happened is uncertain
    (line,) = b.recover(at(117), every_claim=False,
                        own_failure="the database write failed: disk full")
    assert line == (f"outbox {again.id}: uncertain (this runner's previous pass ended early "
                    "(the database write failed: disk full) while it was being sent; the "
                    "server may have accepted it, so it is not sent again until a person "
                    "checks)")
    assert c.recover(at(500), every_claim=False) == []


LOGS: dict[int, tuple[Path, Path]] = {}  # a runner's stdout and stderr files, by pid


def serve(db: str, port: int, config: Path, cwd: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")}
    env.update({"REDRESS_DATABASE_URL": db, "REDRESS_CONFIG": str(config),
                "REDRESS_MAIL_TRANSPORT": "smtp", "REDRESS_SMTP_HOST": "127.0.0.1",
                "REDRESS_SMTP_PORT": str(port), "REDRESS_SMTP_STARTTLS": "false",
                "PYTHONUNBUFFERED": "1"})
    # the real clock, as in service: leases are compared across the two runners' clocks;
    # its log goes to files, as a service's does (a pipe no one reads would fill and stop
    # the runner mid-batch, as a stuck log would)
    n = len(list(cwd.glob("runner-*.out")))
    logs = cwd / f"runner-{n}.out", cwd / f"runner-{n}.err"
    with open(logs[0], "w") as out, open(logs[1], "w") as err:
        proc = subprocess.Popen([REDRESS, "run", "--poll", "0.5"], cwd=cwd, env=env,
                                text=True, stdout=out, stderr=err)
    LOGS[proc.pid] = logs
    return proc


def stop(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    out, err = (path.read_text() for path in LOGS[proc.pid])
    return proc.returncode, out, err


@pytest.mark.postgres
def test_two_live_runners_with_short_leases_send_each_letter_once(
        pg_url: str, slow_smtp: tuple[CountingSink, int], tmp_path: Path) -> None:
    """Issue 11 item 1: 2,000 letters, two runners, a 3-second lease, a server that takes
    100 ms over each DATA: every letter is delivered exactly once, none is `uncertain`,
    and no message is taken back from a runner that is alive."""
    sink, port = slow_smtp
    config = tmp_path / "redress.toml"
    config.write_text(Path(LANDLORD_CONFIG).read_text(encoding="utf-8")
                      + f"\n[mail]\nlease_seconds = {LEASE_SECONDS}\n"
                      "\n[smtp]\nconnections = 4\n", encoding="utf-8")
    desk = Desk.open(pg_url, load_config(str(config)))
    try:
        opened = datetime.now(UTC) - timedelta(minutes=1)
        desk.clock = lambda: opened
        started = time.monotonic()
        for i in range(LETTERS):
            ref = desk.open_case(received_at=desk.clock(), resident=f"Resident {i}",
                                 actor="officer", workflow="chc-2024",
                                 email=f"resident{i}@example.org").ref
            desk.act(ref, "acknowledge", ACK, "officer")
        made = time.monotonic() - started
        (queued,) = rows(desk, "SELECT count(*) AS n FROM outbox WHERE state = 'queued'")
        assert queued["n"] == LETTERS

        started = time.monotonic()
        # the second starts once the first is well into its first batch, as runners
        # started by hand would: out of step, one finds the queue empty while the other
        # is still working through a batch whose claim is older than the lease
        runners = [serve(pg_url, port, config, tmp_path)]
        try:
            while sum(sink.delivered.values()) < 100 and runners[0].poll() is None:
                time.sleep(0.05)
            runners.append(serve(pg_url, port, config, tmp_path))
            deadline = time.monotonic() + 300
            while True:
                (left,) = rows(desk, "SELECT count(*) AS n FROM outbox "
                                     "WHERE state IN ('queued', 'sending')")
                if left["n"] == 0:
                    break
                exited = [r for r in runners if r.poll() is not None]
                if exited or time.monotonic() > deadline:
                    outcomes = [stop(r) for r in runners]
                    pytest.fail(f"{left['n']} messages still to send; runners: "
                                f"{[(c, o[-3000:], e[-3000:]) for c, o, e in outcomes]}")
                time.sleep(0.2)
            sending = time.monotonic() - started
        finally:
            outcomes = [stop(r) for r in runners]
        for code, out, err in outcomes:
            assert code == 0, (out[-3000:], err[-3000:])
            assert "Traceback" not in err, err[-3000:]
        log = "".join(out for _, out, _ in outcomes)

        outbox = rows(desk, "SELECT id, state, attempts, message_id, note, last_error "
                            "FROM outbox WHERE letter_id IS NOT NULL")
        doubled = {m: n for m, n in sink.delivered.items() if n != 1}
        states = Counter(r["state"] for r in outbox)
        alerted = rows(desk, "SELECT kind, message FROM alert")
        assert not doubled and states == {"sent": LETTERS} and not alerted, (
            f"{len(doubled)} delivered more than once, e.g. {list(doubled.items())[:3]}; "
            f"outbox {dict(states)}, e.g. {[r for r in outbox if r['state'] != 'sent'][:2]}; "
            f"{len(alerted)} alerts, e.g. {alerted[:1]}")
        assert len(outbox) == LETTERS
        assert {r["attempts"] for r in outbox} == {1}
        assert set(sink.delivered) == {r["message_id"] for r in outbox}
        assert "expired" not in log and "uncertain" not in log
        print(f"{LETTERS} letters made in {made:.1f} s, sent by two runners in "
              f"{sending:.1f} s (lease {LEASE_SECONDS} s, DATA {DATA_SECONDS * 1000:.0f} ms); "
              f"per runner: {[out.count('sent: 250') for _, out, _ in outcomes]}")
    finally:
        desk.store.close()

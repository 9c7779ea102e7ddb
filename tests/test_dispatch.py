"""Sending letters: `redress run` against a real SMTP server (aiosmtpd on 127.0.0.1).

The runner under test is always the installed `redress run`, in a process of its own
(killed, signalled and restarted as a service manager or a power cut would); the
operator's commands (`outbox list`, `alert list`, `outbox retry` ...) run in this process
through the same click command, which is quicker. Each test reads what the server was
handed. Nothing about SMTP is mocked, and no test sleeps to wait for a timer: the clock
moves with --now.

Dates: a complaint received Mon 2 Nov 2026 is acknowledged Tue 3 Nov at 10:00, which
queues letter 1 (stage1_acknowledgement, automatic). The stage 1 response is due Tue 17
Nov; its reminder is due Fri 13 Nov 09:00 and its breach Wed 18 Nov 00:00 (London, GMT
in November). A refused send is tried again after `[mail] retry_seconds` (60 s), then
120 s, and so on.

RELIABILITY.md rows covered: 2 (kill after 250), 3 (timeout after DATA), 4 (451), 5
(550), 6 (server unreachable), 8 (runner dies holding a claim), 9 (runner down across a
deadline), 10 (second runner on one SQLite file), 15 (header injection).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from redress.cli import main
from redress.engine import Desk, Store, load_config
from smtp_server import SmtpServer, free_port
from sqlalchemy import text as sql
from support import (
    LANDLORD_CONFIG,
    OUTCOME_ARGS,
    REDRESS,
    Clock,
    Serving,
    run_cli,
    track_stores,
)

LONDON = ZoneInfo("Europe/London")
RESIDENT = "a@example.org"
TEAM = "complaints@test-homes.example"  # the landlord's address: From, and alerts' To
ACK = {"complaint_definition": "Damp in the back bedroom",
       "outcomes_sought": "Treat the mould", "responsibility": "The walls are ours"}
ACK_ARGS = [arg for k, v in ACK.items() for arg in ("--set", f"{k}={v}")]
SEND_AT = "2026-11-03T10:05"  # five minutes after letter 1 was queued


# Stores the in-process commands opened; closed after each (see `redress`).
_OPENED: list[Store] = []


@pytest.fixture(autouse=True)
def _isolated(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder, no REDRESS_* variables from the outer environment, and a
    note of every store an in-process command opens."""
    track_stores(monkeypatch, _OPENED)
    return isolated


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


# --- helpers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


def redress(*args: str, db: str, now: str | None = None, env: dict[str, str] | None = None,
            ok: bool = True) -> Done:
    """An operator's command, run in this process (quick); the runner under test always
    runs in processes of its own (see `run_once` and `Serving`)."""
    full_env = {"REDRESS_DATABASE_URL": db, "REDRESS_USER": "officer",
                "REDRESS_CONFIG": LANDLORD_CONFIG, **(env or {})}
    try:
        r = CliRunner().invoke(main, [*(["--now", now] if now else []), *args], env=full_env)
    finally:
        while _OPENED:
            _OPENED.pop().close()
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    done = Done(r.exit_code, r.stdout, r.stderr)
    if ok:
        assert done.returncode == 0, f"redress {' '.join(args)}: {done.stderr}{done.stdout}"
    return done


def run_once(db: str, now: str, env: dict[str, str] | None = None,
             ok: bool = True) -> subprocess.CompletedProcess[str]:
    """`redress run --once` in a new process, as cron would run it."""
    done = run_cli("run", "--once", db=db, now=now, env=env)
    if ok:
        assert done.returncode == 0, f"redress run --once: {done.stderr}{done.stdout}"
    assert "Traceback" not in done.stderr, done.stderr
    return done


def outbox(db: str, ref: str | None = None) -> list[dict[str, Any]]:
    """The outbox, oldest first."""
    rows = json.loads(redress("outbox", "list", "--json", db=db).stdout)
    return sorted((r for r in rows if ref is None or r["ref"] == ref), key=lambda r: r["id"])


def letter_row(db: str, ref: str, seq: int = 1) -> dict[str, Any]:
    rows = [r for r in outbox(db, ref) if r["letter"] == seq]
    assert len(rows) == 1, rows
    return rows[0]


def alerts(db: str) -> list[dict[str, Any]]:
    return list(json.loads(redress("alert", "list", "--all", "--json", db=db).stdout))


def pass_done(out: str) -> str:
    """The summary line of a pass: `F wake-up(s) fired, S sent, R to retry, ...`."""
    lines = [x for x in out.splitlines() if " pass done: " in x]
    assert len(lines) == 1, out
    return lines[0].split(" pass done: ", 1)[1]


def crlf(text: str) -> str:
    """Text as parsed from the wire (CRLF line ends) with the line ends Python uses."""
    return text.replace("\r\n", "\n")


def open_acknowledged(db: str, *, resident: str = "Ms A", email: str | None = RESIDENT,
                      channel: str = "email", address: str = "") -> str:
    """Open a case on 2 Nov and acknowledge it on 3 Nov 10:00 (queues letter 1), in
    this process: the case work itself is not under test here, and it is quicker."""
    clock = Clock(date(2026, 11, 2), 9)
    desk = Desk.open(db, load_config(LANDLORD_CONFIG), clock)
    try:
        ref = desk.open_case(received_at=clock(), resident=resident, actor="officer",
                             email=email, channel=channel, address=address).ref
        clock.set(date(2026, 11, 3), 10)
        desk.act_with_letters(ref, "acknowledge", ACK, "j.smith")
    finally:
        desk.store.close()
    return ref


@pytest.fixture
def serving() -> Iterator[list[Serving]]:
    """Runners a test starts; any still running at the end are killed."""
    started: list[Serving] = []
    yield started
    for s in started:
        if s.proc.poll() is None:
            s.proc.kill()
        s.stop()


# --- 1. the acknowledgement letter, end to end ------------------------------------------


def test_acknowledgement_arrives_once_as_a_complete_email(db_url: str, smtp: SmtpServer
                                                          ) -> None:
    ref = open_acknowledged(db_url)

    done = run_once(db_url, SEND_AT, smtp.env())
    assert pass_done(done.stdout) == "0 wake-up(s) fired, 1 sent, 0 to retry, 0 failed, " \
        "0 uncertain"
    assert f"case {ref}: letter 1 (stage1_acknowledgement) sent: 250" in done.stdout

    got = smtp.to(RESIDENT)
    assert len(got) == 1
    wire = got[0]
    assert wire.mail_from == TEAM
    assert wire.rcpt_tos == (RESIDENT,)
    msg = wire.message
    assert parseaddr(str(msg["From"])) == ("Test Homes", TEAM)
    assert getaddresses([str(msg["To"])]) == [("Ms A", RESIDENT)]
    assert msg.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert plain is not None and html is not None
    assert ref in plain.get_content() and "Damp in the back bedroom" in plain.get_content()
    assert "<" in html.get_content() and ref in html.get_content()

    # what was sent is what `letter show --format eml` reproduces, and it is stable
    # (the MIME boundary is random; the headers and the parts' content are not)
    import email
    import email.policy

    shown = [email.message_from_string(
        redress("letter", "show", ref, "1", "--format", "eml", db=db_url).stdout,
        policy=email.policy.default) for _ in range(2)]
    for eml in shown:
        for header in ("From", "To", "Subject", "Date", "Message-ID"):
            assert msg[header] == eml[header], header
        for kind in ("plain", "html"):
            mine, theirs = msg.get_body((kind,)), eml.get_body((kind,))
            assert mine is not None and theirs is not None
            assert crlf(mine.get_content()) == theirs.get_content()
    assert ref in str(msg["Subject"])
    assert str(msg["Message-ID"]).startswith(f"<{ref}.letter-1.")

    row = letter_row(db_url, ref)
    assert row["state"] == "sent"
    assert row["attempts"] == 1
    assert row["reply"].startswith("250")
    assert row["message_id"] == msg["Message-ID"]
    assert row["sent_at"] is not None

    # a second pass sends nothing more
    again = run_once(db_url, "2026-11-03T10:10", smtp.env())
    assert " 0 sent," in pass_done(again.stdout)
    assert len(smtp.to(RESIDENT)) == 1
    assert letter_row(db_url, ref)["state"] == "sent"


def test_letter_show_eml_matches_what_was_sent_with_a_configured_sender(
        sqlite_url: str, isolated: Path) -> None:
    import email
    import email.policy

    db = sqlite_url
    ref = open_acknowledged(db)
    sender = {"REDRESS_SMTP_FROM": "noreply@mail.test-homes.example"}
    run_once(db, SEND_AT, sender)
    sent = email.message_from_bytes((isolated / "outbox" / f"{ref}-c1-letter-1.eml").read_bytes(),
                                    policy=email.policy.default)
    assert parseaddr(str(sent["From"]))[1] == "noreply@mail.test-homes.example"
    shown = email.message_from_string(
        redress("letter", "show", ref, "1", "--format", "eml", db=db, env=sender).stdout,
        policy=email.policy.default)
    assert shown["From"] == sent["From"]
    assert shown["Message-ID"] == sent["Message-ID"] == letter_row(db, ref)["message_id"]


# --- 2. 451: retried after the backoff, once ------------------------------------------


def test_451_is_retried_after_the_backoff_and_delivered_once(db_url: str, smtp: SmtpServer
                                                             ) -> None:
    ref = open_acknowledged(db_url)
    smtp.handler.rcpt_replies[RESIDENT] = ["451 4.3.0 Mailbox busy, try again later"]

    first = run_once(db_url, SEND_AT, smtp.env())
    assert " 1 to retry," in pass_done(first.stdout)
    assert "451" in first.stdout and "will retry" in first.stdout
    row = letter_row(db_url, ref)
    assert (row["state"], row["attempts"]) == ("queued", 1)
    assert "451" in row["last_error"]
    assert str(row["next_attempt_at"]).startswith("2026-11-03 10:06:00")  # 60 s later
    assert smtp.to(RESIDENT) == []

    # before the backoff has passed: nothing is tried
    early = run_once(db_url, "2026-11-03T10:05:59", smtp.env())
    assert pass_done(early.stdout).startswith("0 wake-up(s) fired, 0 sent, 0 to retry")
    assert letter_row(db_url, ref)["attempts"] == 1
    assert smtp.to(RESIDENT) == []

    later = run_once(db_url, "2026-11-03T10:06", smtp.env())
    assert " 1 sent," in pass_done(later.stdout)
    assert len(smtp.to(RESIDENT)) == 1
    row = letter_row(db_url, ref)
    assert (row["state"], row["attempts"]) == ("sent", 2)
    assert row["reply"].startswith("250")
    assert alerts(db_url) == []  # a retry that succeeds needs no person


# --- 3. 550: failed, alerted, never sent ---------------------------------------------------


def test_550_for_the_recipient_fails_and_alerts(sqlite_url: str, smtp: SmtpServer) -> None:
    db = sqlite_url
    ref = open_acknowledged(db)
    smtp.handler.rcpt_replies[RESIDENT] = ["550 5.1.1 No such mailbox"] * 3

    done = run_once(db, SEND_AT, smtp.env())
    # the letter failed; the alert about it went to the team in the same pass
    assert pass_done(done.stdout) == "0 wake-up(s) fired, 1 sent, 0 to retry, 1 failed, " \
        "0 uncertain"
    assert f"case {ref}: letter 1 (stage1_acknowledgement) failed: 550 5.1.1 No such mailbox" \
        in done.stdout
    row = letter_row(db, ref)
    assert row["state"] == "failed"
    assert "550" in row["last_error"]
    assert row["sent_at"] is None and not row["reply"]

    found = [a for a in alerts(db) if a["kind"] == "send_failed"]
    assert len(found) == 1 and found[0]["ref"] == ref
    assert "550" in found[0]["message"] and f"outbox retry {row['id']}" in found[0]["message"]
    listed = redress("alert", "list", db=db).stdout
    assert "send_failed" in listed and "Letter could not be sent: letter 1" in listed
    # the team is told by email too (the alert is not refused)
    told = smtp.to(TEAM)
    assert len(told) == 1 and "could not be sent" in str(told[0].message["Subject"])

    # never sent, however many passes follow
    later = run_once(db, "2026-11-04T10:00", smtp.env())
    assert " 0 sent," in pass_done(later.stdout)
    assert smtp.to(RESIDENT) == []
    assert letter_row(db, ref)["state"] == "failed"


# --- 4. server down, then up ----------------------------------------------------------------


def test_unreachable_server_keeps_the_letter_queued_until_it_is_up(sqlite_url: str) -> None:
    db = sqlite_url
    ref = open_acknowledged(db)
    server = SmtpServer(free_port())  # not started: nothing listens on the port
    try:
        first = run_once(db, SEND_AT, server.env(timeout=1))
        assert " 0 sent, 1 to retry, 0 failed, 0 uncertain" in pass_done(first.stdout)
        assert f"cannot connect to SMTP 127.0.0.1:{server.port}" in first.stdout
        row = letter_row(db, ref)
        assert (row["state"], row["attempts"]) == ("queued", 1)
        assert f"cannot connect to SMTP 127.0.0.1:{server.port}" in row["last_error"]
        assert alerts(db) == []
        # the deadline clocks are not touched by a sending problem
        shown = json.loads(redress("case", "show", ref, "--json", db=db).stdout)
        assert shown["state"] == "stage1"

        server.start()
        later = run_once(db, "2026-11-03T10:06", server.env(timeout=1))
        assert " 1 sent," in pass_done(later.stdout)
        assert len(server.to(RESIDENT)) == 1
        row = letter_row(db, ref)
        assert (row["state"], row["attempts"]) == ("sent", 2)
    finally:
        server.stop()


def test_a_tls_handshake_failure_keeps_the_letter_queued(sqlite_url: str,
                                                        smtp: SmtpServer) -> None:
    """RELIABILITY line 6: implicit TLS asked of a server that speaks plain SMTP fails
    the handshake; the letter stays queued with the reason logged, the case's clocks are
    untouched, and it is sent once the setting is put right."""
    db = sqlite_url
    ref = open_acknowledged(db)
    first = run_once(db, SEND_AT, {**smtp.env(timeout=1), "REDRESS_SMTP_TLS": "true"})
    assert " 0 sent, 1 to retry, 0 failed, 0 uncertain" in pass_done(first.stdout)
    row = letter_row(db, ref)
    assert (row["state"], row["attempts"]) == ("queued", 1)
    assert row["last_error"] and row["last_error"] in first.stdout
    assert smtp.to(RESIDENT) == [] and alerts(db) == []
    shown = json.loads(redress("case", "show", ref, "--json", db=db).stdout)
    assert shown["state"] == "stage1"
    later = run_once(db, "2026-11-03T10:06", smtp.env(timeout=1))
    assert " 1 sent," in pass_done(later.stdout)
    assert len(smtp.to(RESIDENT)) == 1


# --- 5. timeout after DATA: uncertain, for a person to decide -------------------------------


def test_timeout_after_data_is_uncertain_and_not_resent_blindly(sqlite_url: str,
                                                                smtp: SmtpServer) -> None:
    db = sqlite_url
    ref = open_acknowledged(db)
    other = open_acknowledged(db, resident="Mr B", email="b@example.org")
    smtp.handler.stall[RESIDENT] = 1
    smtp.handler.stall["b@example.org"] = 1

    first = run_once(db, SEND_AT, smtp.env(timeout=1))
    # both letters uncertain; the two alerts about them go to the team in the same pass
    assert pass_done(first.stdout) == "0 wake-up(s) fired, 2 sent, 0 to retry, 0 failed, " \
        "2 uncertain"
    assert "no answer to DATA" in first.stdout
    assert len(smtp.to(RESIDENT)) == 1  # the server did get it
    row = letter_row(db, ref)
    assert (row["state"], row["step"]) == ("uncertain", "data")
    kinds = [a["kind"] for a in alerts(db) if a["ref"] == ref]
    assert kinds == ["send_uncertain"]
    listed = redress("alert", "list", db=db).stdout
    assert "send_uncertain" in listed
    assert f"Letter may have been sent: letter 1 (stage1_acknowledgement) of case {ref}" \
        in listed

    # later passes do not send it again
    run_once(db, "2026-11-04T10:00", smtp.env(timeout=1))
    assert len(smtp.to(RESIDENT)) == 1
    assert letter_row(db, ref)["state"] == "uncertain"

    # a person who knows it did not arrive queues it again: sent once more, same Message-ID
    retried = redress("outbox", "retry", str(row["id"]), db=db, now="2026-11-04T11:00")
    assert "queued again (was uncertain)" in retried.stdout
    after = run_once(db, "2026-11-04T11:01", smtp.env(timeout=1))
    assert " 1 sent," in pass_done(after.stdout)
    got = smtp.to(RESIDENT)
    assert len(got) == 2
    assert got[0].message["Message-ID"] == got[1].message["Message-ID"]
    row = letter_row(db, ref)
    assert (row["state"], row["attempts"]) == ("sent", 1)
    assert row["resolved_by"] == "officer"

    # a person who confirmed the other one arrived records it: nothing is sent
    b_row = letter_row(db, other)
    assert b_row["state"] == "uncertain"
    resolved = redress("outbox", "resolve", str(b_row["id"]), "--as", "sent", "--note",
                       "Mr B confirmed by phone", db=db, now="2026-11-04T11:02")
    assert "sent (was uncertain)" in resolved.stdout
    b_row = letter_row(db, other)
    assert b_row["state"] == "sent" and "Mr B confirmed by phone" in b_row["note"]
    run_once(db, "2026-11-05T10:00", smtp.env(timeout=1))
    assert len(smtp.to("b@example.org")) == 1
    # and a sent message cannot be queued again by mistake
    refused = redress("outbox", "retry", str(b_row["id"]), db=db, ok=False)
    assert refused.returncode == 1 and "only a failed or uncertain" in refused.stderr


# --- 6. the runner killed at each step of a send --------------------------------------------


@pytest.mark.parametrize("where", ["after_claim", "during_data", "before_mark_sent"])
def test_runner_killed_mid_send_never_duplicates(where: str, sqlite_url: str,
                                                 smtp: SmtpServer) -> None:
    db = sqlite_url
    ref = open_acknowledged(db)
    env = smtp.env()
    if where != "during_data":
        env["REDRESS_FAULT"] = where
    full_env = {**os.environ, "REDRESS_DATABASE_URL": db, "REDRESS_USER": "officer",
                "REDRESS_CONFIG": LANDLORD_CONFIG, **env}
    with subprocess.Popen([REDRESS, "--now", SEND_AT, "run", "--once"], env=full_env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        if where == "during_data":  # the server SIGKILLs the runner once it has the message
            smtp.kill_on_data(RESIDENT, lambda: proc.pid)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, (out, err)
    assert "pass done" not in out

    row = letter_row(db, ref)
    assert row["state"] == "sending"
    delivered = 0 if where == "after_claim" else 1
    assert len(smtp.to(RESIDENT)) == delivered
    assert row["step"] == ("claimed" if where == "after_claim" else "data")

    nxt = run_once(db, "2026-11-03T10:10", smtp.env())
    again = run_once(db, "2026-11-03T10:20", smtp.env())
    assert " 0 sent," in pass_done(again.stdout)
    assert len(smtp.to(RESIDENT)) == 1  # exactly once, either way
    row = letter_row(db, ref)
    if where == "after_claim":
        # nothing reached the server: sent again, the first attempt recorded
        assert f"outbox {row['id']}: queued" in nxt.stdout
        assert " 1 sent," in pass_done(nxt.stdout)
        assert (row["state"], row["attempts"]) == ("sent", 2)
        assert not [a for a in alerts(db) if a["kind"].startswith("send_")]
    else:
        # the server may have it: a person decides
        assert f"outbox {row['id']}: uncertain" in nxt.stdout
        assert row["state"] == "uncertain"
        assert [a["kind"] for a in alerts(db) if a["ref"] == ref] == ["send_uncertain"]


# --- 7. runner down across a deadline ----------------------------------------------------


def test_runner_down_across_a_deadline_fires_each_wakeup_once(sqlite_url: str) -> None:
    db = sqlite_url
    ref = open_acknowledged(db)
    # no runner from 3 Nov until a week after the stage 1 due date (17 Nov): with no
    # runner the acknowledgement never left either, so its deadline (9 Nov) was missed too;
    # each deadline's reminder and breach are missed, and each fires once now
    done = run_once(db, "2026-11-24T10:00")
    fired = [x for x in done.stdout.splitlines() if ": reminder: " in x or
             ": end of deadline: " in x]
    assert len(fired) == 4, done.stdout
    ack, s1 = "Acknowledge, define and log at stage 1", "Stage 1 response"
    assert f"reminder: {ack} due Mon 09 Nov 2026: reminded" in fired[0]
    assert f"end of deadline: {ack} due Mon 09 Nov 2026: breach recorded" in fired[1]
    assert f"reminder: {s1} due Tue 17 Nov 2026: reminded" in fired[2]
    assert f"end of deadline: {s1} due Tue 17 Nov 2026: breach recorded" in fired[3]
    # the acknowledgement letter, two reminders and two breach alerts go out too (each
    # breach to the handler and the team, here one address: one email)
    assert pass_done(done.stdout) == "4 wake-up(s) fired, 5 sent, 0 to retry, 0 failed, " \
        "0 uncertain"

    history = json.loads(redress("case", "history", ref, "--json", db=db).stdout)
    breaches = [e for e in history if e["action"] == "breach"]
    assert [b["fields"] for b in breaches] == [
        {"deadline": "acknowledge", "due": "2026-11-09"},
        {"deadline": "stage1_response", "due": "2026-11-17"}]
    kinds = sorted(a["kind"] for a in alerts(db))
    assert kinds == ["breach"] * 2 + ["reminder"] * 2
    listed = redress("alert", "list", db=db).stdout
    assert "Reminder: Stage 1 response" in listed and "Breach: Stage 1 response" in listed

    # a second pass fires nothing more
    again = run_once(db, "2026-11-24T10:05")
    assert pass_done(again.stdout) == "0 wake-up(s) fired, 0 sent, 0 to retry, 0 failed, " \
        "0 uncertain"
    history = json.loads(redress("case", "history", ref, "--json", db=db).stdout)
    assert [e["action"] for e in history].count("breach") == 2
    assert len(alerts(db)) == 4


# --- 8. one runner per SQLite file ---------------------------------------------------------


def test_second_runner_on_one_sqlite_file_is_refused(sqlite_url: str,
                                                     serving: list[Serving]) -> None:
    db = sqlite_url
    first = Serving("--poll", "1", db=db)
    serving.append(first)
    first.wait_for("redress run: ")

    second = run_once(db, SEND_AT, ok=False)
    assert second.returncode == 1
    assert "another redress run" in second.stderr
    assert f"pid {first.proc.pid}" in second.stderr  # names who holds it
    assert second.stdout == ""

    start = time.monotonic()
    code, out, err = first.stop(timeout=10)
    assert code == 0, err
    assert err == ""
    assert time.monotonic() - start < 5
    assert out.rstrip().endswith("stopped")
    assert "SIGTERM" in out

    # once it has stopped, a runner may start
    assert run_once(db, SEND_AT).returncode == 0


# --- 9. the service picks up work other processes queue ---------------------------------


def test_serving_runner_sends_a_letter_queued_by_another_process(
        sqlite_url: str, smtp: SmtpServer, serving: list[Serving]) -> None:
    db = sqlite_url
    runner = Serving("--poll", "0.5", db=db, env=smtp.env())
    serving.append(runner)
    runner.wait_for("polling every 0.5 s")

    # real clock: the case is opened and acknowledged now, in other processes
    today = datetime.now(LONDON).date().isoformat()
    ref = redress("case", "open", "--received", today, "--resident", "Ms A", "--email",
                  RESIDENT, db=db).stdout.strip()
    redress("case", "act", ref, "acknowledge", "--by", "j.smith", *ACK_ARGS, db=db)
    queued_at = time.monotonic()

    end = queued_at + 15
    while not smtp.to(RESIDENT) and time.monotonic() < end:
        time.sleep(0.05)  # waiting for another process, not for a timer
    assert len(smtp.to(RESIDENT)) == 1, "the runner did not send the letter within 15 s"
    assert time.monotonic() - queued_at < 5  # a poll is 0.5 s
    runner.wait_for(f"case {ref}: letter 1 (stage1_acknowledgement) sent: 250")

    code, out, err = runner.stop()
    assert code == 0, err
    assert out.rstrip().endswith("stopped")
    assert err == ""
    assert len(smtp.to(RESIDENT)) == 1
    assert letter_row(db, ref)["state"] == "sent"


# --- 10. header injection (RELIABILITY row 15) ----------------------------------------------


QP_LOOKALIKE = "Ms =0A Bcc: evil@x.example"  # looks like quoted-printable; plain text
ENCODED_WORDS = ["=?utf-8?q?x=0ABcc:_evil@x.example?=",  # RFC 2047: "x\nBcc: evil@..."
                 "Ms A =?utf-8?b?eApCY2M6IGV2aWxAeC5leGFtcGxl?="]


def assert_no_injected_header(server: SmtpServer) -> None:
    """Every message the server got has one of each address header and no Cc or Bcc, and
    went to no one it should not."""
    assert server.handler.received
    for wire in server.handler.received:
        names = wire.header_names()
        assert "bcc" not in names and "cc" not in names, names
        for one in ("to", "from", "subject", "message-id", "date"):
            assert names.count(one) == 1, names
        assert len(wire.rcpt_tos) == 1 and "evil" not in wire.rcpt_tos[0]
        assert len(wire.message["To"].addresses) == 1


@pytest.mark.parametrize("name", [QP_LOOKALIKE])
def test_no_name_puts_an_extra_header_on_the_wire(name: str, sqlite_url: str,
                                                  smtp: SmtpServer) -> None:
    """Whatever becomes of the letter, nothing with a forged header reaches the server,
    and a letter that is not sent is failed with an alert, never lost."""
    db = sqlite_url
    ref = open_acknowledged(db, resident=name)
    run_once(db, SEND_AT, smtp.env())
    assert_no_injected_header(smtp)
    row = letter_row(db, ref)
    if name == QP_LOOKALIKE:  # no encoded-word: nothing to refuse
        assert row["state"] == "sent"
    if row["state"] == "sent":
        got = smtp.to(RESIDENT)
        assert len(got) == 1
        assert [a.addr_spec for a in got[0].message["To"].addresses] == [RESIDENT]
    else:
        assert row["state"] == "failed"
        assert smtp.to(RESIDENT) == []
        found = [a for a in alerts(db) if a["kind"] == "send_failed"]
        assert len(found) == 1
        # nothing was offered to the server, so the alert must not blame it
        assert "server" not in found[0]["message"]
        assert "cannot be emailed" in found[0]["message"]


@pytest.mark.parametrize("name", ENCODED_WORDS)
def test_a_name_with_encoded_words_is_refused_at_case_open(name: str, sqlite_url: str) -> None:
    """A mail program decodes an RFC 2047 word, possibly to a line break: such a name is
    refused before any letter is written, with nothing saved."""
    done = redress("case", "open", "--received", "2026-11-02", "--resident", name, "--email",
                   RESIDENT, db=sqlite_url, now="2026-11-02T09:00", ok=False)
    assert done.returncode == 1
    assert "--resident must be plain text: it contains an encoded mail word" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("bad", ["Ms A\nBcc: evil@x.example", "Ms A\rBcc: evil@x.example",
                                 "Ms A\u2028Bcc: evil@x.example", "Ms A\r\n"])
def test_line_breaks_in_a_name_are_refused_at_case_open(bad: str, sqlite_url: str) -> None:
    done = redress("case", "open", "--received", "2026-11-02", "--resident", bad, "--email",
                   RESIDENT, db=sqlite_url, now="2026-11-02T09:00", ok=False)
    assert done.returncode == 1
    assert "--resident must be one line" in done.stderr
    assert done.stdout == ""


# --- issue 11, item 3: names and addresses ------------------------------------------------

AWKWARD_NAMES = ["José Smith, Jr.", "Ms Zoë <b>", 'Zoë "Zee" O\'Brien, <evil@x.example>',
                 "Łukasz; Nowak (née Kowalska)", "Renée \\ Ng, @ home", "田中 太郎, 様"]


@pytest.mark.parametrize("name", AWKWARD_NAMES)
def test_a_name_with_commas_quotes_or_brackets_stays_one_recipient(name: str, sqlite_url: str,
                                                                   smtp: SmtpServer) -> None:
    """Issue 11 item 3: the To header is built as one mailbox whatever the name holds; the
    message the server got, parsed back, has exactly one recipient: the resident."""
    ref = open_acknowledged(sqlite_url, resident=name)
    run_once(sqlite_url, SEND_AT, smtp.env())
    assert letter_row(sqlite_url, ref)["state"] == "sent"
    (wire,) = smtp.to(RESIDENT)
    assert wire.rcpt_tos == (RESIDENT,)
    head = wire.raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # a non-ASCII name travels as encoded words
    msg = wire.message
    (to,) = msg["To"].addresses
    assert (to.display_name, to.addr_spec) == (name, RESIDENT)
    assert getaddresses([str(msg["To"])]) == [(name, RESIDENT)]
    assert_no_injected_header(smtp)


def test_a_landlord_name_with_a_comma_and_accents_stays_one_sender(
        sqlite_url: str, smtp: SmtpServer, tmp_path: Path) -> None:
    """Issue 11 item 3: From is one mailbox too, for a letter and for an alert."""
    landlord = "Cartref Gŵyr, Ltd. <homes>"
    config = tmp_path / "landlord.toml"
    config.write_text(Path(LANDLORD_CONFIG).read_text(encoding="utf-8").replace(
        'name = "Test Homes"', f'name = "{landlord}"'), encoding="utf-8")
    clock = Clock(date(2026, 11, 2), 9)
    desk = Desk.open(sqlite_url, load_config(str(config)), clock)
    try:
        ref = desk.open_case(received_at=clock(), resident="José Smith, Jr.", actor="officer",
                             email=RESIDENT).ref
        clock.set(date(2026, 11, 3), 10)
        desk.act_with_letters(ref, "acknowledge", ACK, "j.smith")
    finally:
        desk.store.close()
    # after the stage 1 response was due: a breach, alerted to the team by email
    run_once(sqlite_url, "2026-11-18T09:00", {**smtp.env(), "REDRESS_CONFIG": str(config)})
    letters = smtp.to(RESIDENT)
    team = smtp.to(TEAM)
    assert len(letters) == 1 and team
    for wire in [*letters, *team]:
        (sender,) = wire.message["From"].addresses
        assert sender.addr_spec == TEAM and wire.mail_from == TEAM
        assert sender.display_name.startswith(landlord)
        assert len(wire.message["To"].addresses) == 1 and len(wire.rcpt_tos) == 1


@pytest.mark.parametrize("bad", ["a@example.org, evil@x.example", "a@example.org evil@x.example",
                                 "Ms Zoë <b@example.org>", "b", "a@example.org;evil@x.example",
                                 "<a@example.org>", "a@@example.org", "a@localhost"])
def test_email_must_be_exactly_one_valid_address(bad: str, sqlite_url: str) -> None:
    """Issue 11 item 3: `--email` at case open and case contact takes one address and
    nothing else; anything more is refused naming the field, with nothing saved."""
    done = redress("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                   "--email", bad, db=sqlite_url, now="2026-11-02T09:00", ok=False)
    assert done.returncode == 1, done.stdout
    assert done.stderr.startswith("error: --email must be one valid email address"), \
        done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert done.stdout == ""
    assert json.loads(redress("case", "list", "--json", db=sqlite_url).stdout) == []

    ref = open_acknowledged(sqlite_url)
    before = redress("case", "history", ref, db=sqlite_url).stdout
    done = redress("case", "contact", ref, "--email", bad, db=sqlite_url,
                   now="2026-11-04T09:00", ok=False)
    assert done.returncode == 1
    assert done.stderr.startswith("error: --email must be one valid email address"), \
        done.stderr
    assert redress("case", "history", ref, db=sqlite_url).stdout == before
    shown = json.loads(redress("case", "show", ref, "--json", db=sqlite_url).stdout)
    assert shown["email"] == RESIDENT


def test_a_valid_email_is_kept_with_its_domain_in_lower_case(sqlite_url: str) -> None:
    """Issue 11 item 3: the address kept is the validated one (surrounding spaces gone,
    the domain as DNS reads it)."""
    ref = redress("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                  "--email", "  Ann.Example@Example.ORG ", db=sqlite_url,
                  now="2026-11-02T09:00").stdout.split()[0]
    shown = json.loads(redress("case", "show", ref, "--json", db=sqlite_url).stdout)
    assert shown["email"] == "Ann.Example@example.org"


# --- 11. SMTP settings -------------------------------------------------------------------


def test_smtp_password_is_never_shown(sqlite_url: str, serving: list[Serving]) -> None:
    db = sqlite_url
    secret = "pa55-Wd-never-shown-7c1"
    server = SmtpServer(password=secret).start()
    try:
        open_acknowledged(db)
        env = {**server.env(), "REDRESS_SMTP_USERNAME": "mailer"}

        wrong = run_once(db, SEND_AT, {**env, "REDRESS_SMTP_PASSWORD": "wrong-" + secret})
        assert "SMTP login as mailer refused: 535" in wrong.stdout
        assert " 1 to retry," in pass_done(wrong.stdout)
        assert secret not in wrong.stdout + wrong.stderr
        assert server.to(RESIDENT) == []

        right = run_once(db, "2026-11-03T10:06", {**env, "REDRESS_SMTP_PASSWORD": secret})
        assert " 1 sent," in pass_done(right.stdout)
        assert secret not in right.stdout + right.stderr
        logins = server.handler.logins  # the password did reach the server
        assert logins[0] == ("mailer", "wrong-" + secret) and logins[-1] == ("mailer", secret)
        assert len(server.to(RESIDENT)) == 1

        listed = redress("outbox", "list", "--json", db=db, env={"REDRESS_SMTP_PASSWORD":
                                                                   secret}).stdout
        assert secret not in listed

        # the service's first line says where mail goes, never with the password
        runner = Serving("--poll", "5", db=db, env={**env, "REDRESS_SMTP_PASSWORD": secret})
        serving.append(runner)
        first = runner.wait_for("redress run: ")
        assert f"SMTP 127.0.0.1:{server.port}" in first and "login mailer" in first
        code, out, err = runner.stop()  # at once: a signal while starting up
        assert (code, err) == (0, "")
        assert out.rstrip().endswith("stopped")
        assert secret not in out + err
    finally:
        server.stop()


def test_unknown_mail_transport_is_a_clear_error(sqlite_url: str) -> None:
    done = redress("run", "--once", db=sqlite_url, now=SEND_AT,
                   env={"REDRESS_MAIL_TRANSPORT": "pigeon"}, ok=False)
    assert done.returncode == 1
    assert "REDRESS_MAIL_TRANSPORT" in done.stderr and "'pigeon'" in done.stderr
    assert done.stderr.startswith("error: ")


# --- 12. the file transports: the default ------------------------------------------------


def test_without_smtp_letters_go_to_the_outbox_and_print_folders(sqlite_url: str,
                                                                 isolated: Path) -> None:
    db = sqlite_url
    emailed = open_acknowledged(db)
    posted = open_acknowledged(db, resident="Mr P", email=None, channel="post",
                               address="1 Road, Town, TT1 1TT")

    done = run_once(db, SEND_AT)
    assert " 2 sent," in pass_done(done.stdout)
    eml = isolated / "outbox" / f"{emailed}-c1-letter-1.eml"
    pdf = isolated / "print" / f"{posted}-c2-letter-1.pdf"
    assert eml.is_file() and pdf.is_file()
    assert sorted(p.name for p in (isolated / "outbox").iterdir()) == [eml.name]
    assert sorted(p.name for p in (isolated / "print").iterdir()) == [pdf.name]
    assert pdf.read_bytes().startswith(b"%PDF")

    import email
    import email.policy

    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    shown = redress("letter", "show", emailed, "1", "--format", "eml", db=db).stdout
    assert msg["Message-ID"] == email.message_from_string(shown, policy=email.policy.default
                                                          )["Message-ID"]
    assert getaddresses([str(msg["To"])]) == [("Ms A", RESIDENT)]
    rows = {r["ref"]: r for r in outbox(db) if r["letter"] == 1}
    assert rows[emailed]["state"] == rows[posted]["state"] == "sent"
    assert rows[posted]["channel"] == "post"
    assert str(pdf.relative_to(isolated)) in rows[posted]["reply"]


# --- a deadline answered by a letter is met when the letter leaves --------------------

RESPONSE_ARGS = ["--set", "decision=Upheld", *OUTCOME_ARGS,
                 "--set", "reasons=The repair was late",
                 "--set", "remedy=£50", "--set", "outstanding_actions=none"]


def shown(db: str, ref: str, now: str) -> dict[str, Any]:
    return dict(json.loads(redress("case", "show", ref, "--json", db=db, now=now).stdout))


def deadline(view: dict[str, Any], name: str) -> dict[str, Any] | None:
    runs = [d for d in view["deadlines"] if d["name"] == name]
    return runs[-1] if runs else None


@pytest.mark.parametrize("transport", ["file", "smtp"])
def test_deadlines_are_met_when_their_letters_leave(db_url: str, smtp: SmtpServer,
                                                    transport: str) -> None:
    """The acknowledgement (automatic) and the stage 1 response (manual) each meet their
    deadline when `redress run --once` hands them over, never when they are drafted;
    the escalation window starts then too (2024 6.2, 6.3, 6.10)."""
    env = smtp.env() if transport == "smtp" else {"REDRESS_MAIL_TRANSPORT": "file"}
    ref = open_acknowledged(db_url)
    view = shown(db_url, ref, "2026-11-03T10:01")
    ack = deadline(view, "acknowledge")
    assert ack is not None and ack["status"] == "pending"
    assert view["letters"][0]["state"] == "queued"

    run_once(db_url, SEND_AT, env)
    view = shown(db_url, ref, SEND_AT)
    ack = deadline(view, "acknowledge")
    assert ack is not None and (ack["status"], ack["completed_on"]) == ("met", "2026-11-03")
    assert view["letters"][0]["state"] == "sent"

    redress("case", "act", ref, "respond", "--by", "j.patel", *RESPONSE_ARGS, db=db_url,
            now="2026-11-10T10:00")
    run_once(db_url, "2026-11-10T10:05", env)   # a manual letter waits for an officer
    view = shown(db_url, ref, "2026-11-10T10:06")
    s1 = deadline(view, "stage1_response")
    assert s1 is not None and s1["status"] == "pending"
    assert view["letters"][1]["state"] == "drafted"
    assert deadline(view, "escalation_window") is None
    text = redress("case", "show", ref, db=db_url, now="2026-11-10T10:06").stdout
    assert "[answered by letter 2, not sent yet]" in text

    redress("letter", "send", ref, "2", db=db_url, now="2026-11-11T09:00")
    run_once(db_url, "2026-11-11T09:05", env)
    view = shown(db_url, ref, "2026-11-11T09:06")
    s1 = deadline(view, "stage1_response")
    assert s1 is not None and (s1["status"], s1["completed_on"]) == ("met", "2026-11-11")
    window = deadline(view, "escalation_window")
    assert window is not None and window["started_on"] == "2026-11-11"
    assert view["letters"][1]["state"] == "sent"
    if transport == "smtp":
        assert len(smtp.to(RESIDENT)) == 2
    else:
        assert sorted(p.name for p in Path("outbox").glob("*.eml")) == [
            f"{ref}-c1-letter-1.eml", f"{ref}-c1-letter-2.eml"]


def test_an_uncertain_letter_resolved_as_sent_meets_its_deadline(db_url: str) -> None:
    ref = open_acknowledged(db_url)
    oid = letter_row(db_url, ref)["id"]
    # the server is not there: the message is retried, so make it uncertain by hand as a
    # lost reply would, then resolve it as an officer who checked with the resident
    store = Store(db_url)
    try:
        with store.writing() as conn:
            conn.execute(sql("UPDATE outbox SET state = 'uncertain' WHERE id = :i"),
                         {"i": oid})
    finally:
        store.close()
    redress("outbox", "resolve", str(oid), "--as", "sent", "--note", "the resident has it",
            db=db_url, now="2026-11-04T12:00")
    view = shown(db_url, ref, "2026-11-04T12:01")
    ack = deadline(view, "acknowledge")
    assert ack is not None and (ack["status"], ack["completed_on"]) == ("met", "2026-11-04")
    assert view["letters"][0]["state"] == "sent"

"""The outbox in the database: claim, record each step of a send, and let a person act.

A message is claimed (queued -> sending, step `claimed`) in a short transaction that
skips rows another runner holds (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one
runner), under a lease (`claimed_until`) that the runner renews while it works (`renew`)
and that each mark renews again. Just before DATA the step becomes `data`, committed, but
only while the runner still holds the claim: a runner whose claim was taken back
abandons the send (`ClaimLost`). Only the server's acceptance makes it `sent`. A claim
whose lease runs out is taken back: `claimed` is sent again, `data` becomes `uncertain`
for a person to decide.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Connection

from .._errors import EngineError, InvalidInput
from ..cases._calendar import WorkingCalendar
from ..cases._clock import instant
from ..cases._refs import ref_key
from ..cases._timers import DEFAULT_REMIND_AT, RUNNER
from ..letters._compose import LetterSettings, landlord_of
from ..letters._mail import Mailer
from ..store import _reader
from ..store._store import Store, naive, queued_values
from ..store._tables import ALERTS, OUTBOX
from ..workflow._definition import WorkflowDefinition
from ._dispatch import (
    CLAIMED,
    DATA,
    FAILED,
    QUEUED,
    SENDING,
    SENT,
    STATES,
    UNCERTAIN,
    After,
    Retry,
    after_attempt,
    after_orphaned,
    alert_email,
    file_stem,
)
from ._transports import Email, MailSettings, Printed

MAX_LIST = 200


class ClaimLost(EngineError):
    """The runner no longer holds a message's claim (its lease ran out and another runner
    took the message back): it must not hand the message over."""

    def __init__(self, oid: int, state: str, done: After | None = None) -> None:
        self.oid = oid
        self.state = state
        self.done = done  # what became of the message carried into the same commit
        super().__init__(f"outbox {oid}: this runner's claim expired and the message was "
                         f"taken back (it is now {state or 'gone'}); not sent by this runner")


@dataclass(frozen=True)
class Claimed:
    """A message this runner holds, ready to hand to a transport."""

    id: int
    ref: str
    what: str  # "letter 3 (stage1_acknowledgement)" or "alert 7 (breach)"
    attempts: int
    item: Email | Printed | None
    message_id: str
    problem: str = ""  # why it cannot be built (it fails at once)


def handler_of(s: Connection, case_id: int) -> str:
    """The person handling a case: whoever last acted on it (not the runner)."""
    row = s.execute(text(
        "SELECT actor FROM case_event WHERE case_id = :c AND actor <> :r "
        "ORDER BY seq DESC LIMIT 1"), {"c": case_id, "r": RUNNER}).first()
    return str(row[0]) if row else "team"


def add_alert(s: Connection, mail: MailSettings, *, case_id: int | None, seq: int | None,
              kind: str, to: str, subject: str, message: str, now: datetime,
              email: bool = True) -> int:
    """Record an alert and, where there is an address for it, queue it as an email."""
    name = handler_of(s, case_id) if to == "handler" and case_id is not None else "team"
    address = mail.people.get(name, "") or mail.team
    key = s.execute(insert(ALERTS), {
        "case_id": case_id, "deadline_seq": seq, "kind": kind, "recipient": name,
        "address": address, "subject": subject, "message": message,
        "created_at": naive(now), "seen_at": None, "seen_by": None}).inserted_primary_key
    assert key is not None
    alert_id = int(key[0])
    if email and address:
        s.execute(insert(OUTBOX), queued_values(case_id, None, "email", naive(now), alert_id))
    return alert_id


class Outbox:
    def __init__(self, store: Store, mail: MailSettings, letters: LetterSettings,
                 runner_id: str, calendar: WorkingCalendar | None = None,
                 remind_at: time = DEFAULT_REMIND_AT) -> None:
        self.store = store
        self.mail = mail
        self.letters = letters
        self.runner_id = runner_id
        self._calendar = calendar
        self.remind_at = remind_at
        self.backoff = Retry(mail.retry_seconds, mail.retry_max_seconds, mail.max_attempts)

    @property
    def calendar(self) -> WorkingCalendar:
        """Built only when a letter that answers a deadline leaves (it starts timers)."""
        if self._calendar is None:
            self._calendar = WorkingCalendar()
        return self._calendar

    def _left(self, s: Connection, oid: int, now: datetime, how: str,
              by: str) -> None:
        """A letter message was sent: the letter left now, and what it answers is met."""
        row = s.execute(text("SELECT l.case_id, l.seq FROM outbox o JOIN letter l ON l.id = "
                             "o.letter_id WHERE o.id = :i"), {"i": oid}).first()
        if row is not None:
            self.store.letter_left_in(s, int(row[0]), int(row[1]), now, by=by, how=how,
                                      calendar=self.calendar, now=now,
                                      remind_at=self.remind_at)

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self.store.writing() as s:
            yield s

    def _lock(self) -> str:
        return "" if self.store.is_sqlite else " FOR UPDATE SKIP LOCKED"

    # --- the runner's side ------------------------------------------------------------

    def recover(self, now: datetime, *, every_claim: bool, own_failure: str = ""
                ) -> list[str]:
        """Take back messages left `sending` without an outcome, saying why in each case.

        `every_claim` (SQLite, whose one runner holds the lock, so whoever claimed them
        has stopped) takes them all; otherwise only claims whose lease has run out, and
        this runner's own, which an earlier pass left when it failed (`own_failure` says
        how): passes never overlap, so none of them is being sent now."""
        lines = []
        with self._tx() as s:
            where = "" if every_claim else " AND (claimed_until < :now OR claimed_by = :me)"
            rows = s.execute(text(
                "SELECT id, step, case_id, claimed_by, claimed_until FROM outbox "
                f"WHERE state = :sending{where} ORDER BY id{self._lock()}"),
                {"sending": SENDING, "now": self.store.stamp(now), "me": self.runner_id}
            ).all()
            for oid, step, case_id, who, until in rows:
                if who == self.runner_id:
                    why = f"this runner's previous pass ended early ({own_failure or 'an error'})"
                elif every_claim:
                    why = f"runner {who} stopped"
                else:
                    expired = instant(until)
                    at = f" at {expired:%Y-%m-%d %H:%M:%S} UTC" if expired else ""
                    why = f"the claim of runner {who} expired{at} without being renewed"
                after = after_orphaned(step, why)
                self._apply(s, oid, after, why, now)
                if after.alert:
                    self._alert_about(s, oid, case_id, after, now)
                lines.append(f"outbox {oid}: {after.state} ({after.note})")
        return lines

    def renew(self, now: datetime) -> int:
        """Extend the lease of every message this runner holds; how many it renewed.

        A row another transaction has locked is skipped rather than waited for (waiting,
        with the lanes' marks locking rows too, could deadlock): that transaction is this
        runner's own mark, which renews or finishes the row itself."""
        with self.store.writing() as conn:
            result = conn.execute(text(
                "UPDATE outbox SET claimed_until = :until WHERE id IN (SELECT id FROM outbox "
                f"WHERE claimed_by = :me AND state = :sending ORDER BY id{self._lock()})"),
                {"until": self._until(now), "me": self.runner_id, "sending": SENDING})
        return int(result.rowcount)

    def _until(self, now: datetime) -> Any:
        return self.store.stamp(now + timedelta(seconds=self.mail.lease_seconds))

    def claim(self, now: datetime, limit: int) -> list[Claimed]:
        """Take up to `limit` due messages. The transaction only marks and reads: a post
        letter's PDF was made with the letter, and one stored before it was (revision
        0007) is made after the claim commits, so no officer's action waits on a PDF."""
        unmade: dict[int, Any] = {}  # outbox id -> row of a post letter without its PDF
        with self._tx() as s:
            ids = [r[0] for r in s.execute(text(
                "SELECT id FROM outbox WHERE state = :q AND next_attempt_at <= :now "
                f"ORDER BY next_attempt_at, id LIMIT :n{self._lock()}"),
                {"q": QUEUED, "now": self.store.stamp(now), "n": limit}).all()]
            if not ids:
                return []
            until = self._until(now)
            s.execute(text(
                "UPDATE outbox SET state = :sending, step = :claimed, attempts = attempts + 1, "
                "claimed_by = :me, claimed_until = :until, updated_at = :now "
                f"WHERE id IN ({', '.join(str(i) for i in ids)}) AND state = :q"),
                {"sending": SENDING, "claimed": CLAIMED, "me": self.runner_id,
                 "until": until, "now": self.store.stamp(now), "q": QUEUED})
            rows = s.execute(text(
                "SELECT o.id, o.attempts, o.letter_id, o.alert_id, o.channel, o.message, "
                "o.sender, o.recipient, o.message_id, o.case_id, c.ref, c.resident, c.digest, "
                "l.seq AS letter_seq, l.kind AS letter_kind, l.pdf AS letter_pdf FROM outbox o "
                "LEFT JOIN complaint_case c ON c.id = o.case_id "
                "LEFT JOIN letter l ON l.id = o.letter_id "
                f"WHERE o.id IN ({', '.join(str(i) for i in ids)}) ORDER BY o.id"
            )).mappings().all()
            by_id = {r["id"]: r for r in rows}
            built: dict[int, Claimed] = {}
            for oid in ids:
                row = by_id[oid]
                if row["letter_id"] is not None and row["channel"] == "post":
                    if row["letter_pdf"] is None:
                        unmade[oid] = row
                    else:
                        built[oid] = self._printed(row, bytes(row["letter_pdf"]))
                    continue
                # made with its letter: sent as it is, unless this runner sends as someone
                # else and it has never been tried (a retry always repeats the bytes)
                if row["message"] is not None and (
                        row["attempts"] > 1 or row["sender"] == self._from_address(row)):
                    ref = row["ref"]
                    built[oid] = Claimed(
                        oid, ref, f"letter {row['letter_seq']} ({row['letter_kind']})",
                        row["attempts"],
                        Email(bytes(row["message"]), row["sender"], row["recipient"],
                              file_stem(ref, "letter", row["letter_seq"], row["case_id"])),
                        row["message_id"])
                    continue
                one = built[oid] = self._build(s, row)
                if isinstance(one.item, Email):  # kept, so a retry sends the same bytes
                    s.execute(text(
                        "UPDATE outbox SET message = :d, sender = :f, recipient = :t, "
                        "message_id = :m WHERE id = :i"),
                        {"d": one.item.data, "f": one.item.sender,
                         "t": one.item.recipient, "m": one.message_id, "i": oid})
        for oid, row in unmade.items():
            built[oid] = self._make_pdf(row)
        return [built[oid] for oid in ids]

    @staticmethod
    def _printed(row: Any, pdf: bytes) -> Claimed:
        return Claimed(row["id"], row["ref"], f"letter {row['letter_seq']} "
                       f"({row['letter_kind']})", row["attempts"],
                       Printed(pdf, file_stem(row["ref"], "letter", row["letter_seq"],
                                              row["case_id"])), "")

    def _make_pdf(self, row: Any) -> Claimed:
        """The PDF of a post letter stored without one (before revision 0007), made once
        outside any transaction and kept with the letter, so a retry prints the same."""
        from ..letters._pdf import letter_pdf

        with self.store.reading() as fetch:
            found = fetch("SELECT text, subject, created_at, large_print FROM letter "
                          "WHERE id = :i", {"i": row["letter_id"]})
        letter = found[0]
        created = instant(letter["created_at"])
        assert created is not None
        pdf = letter_pdf(letter["text"], letter["subject"], created,
                         large_print=bool(letter["large_print"]))
        with self.store.writing() as conn:
            conn.execute(text("UPDATE letter SET pdf = :p WHERE id = :i AND pdf IS NULL AND "
                              "redacted_at IS NULL"), {"p": pdf, "i": row["letter_id"]})
        return self._printed(row, pdf)

    def _build(self, s: Connection, row: Any) -> Claimed:
        """A message not made with its letter: an alert, or an email letter queued
        without a sender at hand."""
        oid, ref = row["id"], row["ref"] or ""
        try:
            if row["letter_id"] is not None:
                return self._build_letter(s, row)
            found = s.execute(text("SELECT * FROM alert WHERE id = :i"),
                              {"i": row["alert_id"]}).mappings().one()
            alert = {**found, "created_at": instant(found["created_at"])}
            what = f"alert {alert['id']} ({alert['kind']})"
            msg = alert_email(alert, ref=ref or None, from_name=self._from_name(row),
                              from_address=self._from_address(row))
            return Claimed(oid, ref, what, row["attempts"],
                           Email(msg.as_bytes(), self._from_address(row), alert["address"],
                                 file_stem(ref or "redress", "alert", alert["id"])),
                           str(msg["Message-ID"]))
        except EngineError as exc:
            return Claimed(oid, ref, f"outbox {oid}", row["attempts"], None, "", str(exc))

    def _from_address(self, row: Any) -> str:
        if self.mail.from_address:
            return self.mail.from_address
        landlord = self._landlord(row)
        return str(landlord.get("complaints_email") or "")

    def _from_name(self, row: Any) -> str:
        return str(self._landlord(row).get("name") or "")

    def _landlord(self, row: Any) -> dict[str, Any]:
        if not row["digest"]:
            return dict(self.letters.landlord)
        return dict(landlord_of(self.store.definition(row["digest"]), self.letters))

    def _build_letter(self, s: Connection, row: Any) -> Claimed:
        from ..letters._mail import mailer

        letter = s.execute(text(
            f"SELECT {_reader.LETTER_COLUMNS}, text, html FROM letter WHERE id = :i"),
            {"i": row["letter_id"]}).mappings().one()
        ref = row["ref"]
        what = f"letter {letter['seq']} ({letter['kind']})"
        stem = file_stem(ref, "letter", letter["seq"], row["case_id"])
        mailed = mailer(self._from_name(row), self._from_address(row))(
            ref, row["resident"], dict(letter))
        return Claimed(row["id"], ref, what, row["attempts"],
                       Email(mailed.data, mailed.sender, letter["recipient"], stem),
                       mailed.message_id)

    def mark_data(self, oid: int, now: datetime, sent: tuple[Claimed, str] | None = None
                  ) -> After | None:
        """Committed before DATA: from here a lost runner means an uncertain message. The
        same transaction records `sent`, the previous message the server accepted (its
        reply kept back), and returns what became of it (None if that record was refused:
        see `finish`). Raises ClaimLost, after committing `sent`, if this runner no longer
        holds `oid`: the send must be abandoned. Renews the lease on `oid`."""
        after = None
        with self.store.writing() as conn:
            if sent is not None:
                after = after_attempt("sent", sent[0].attempts, now, self.backoff)
                if not self._apply(conn, sent[0].id, after, sent[1], now, mine=True):
                    after = None
            held = conn.execute(text(
                "UPDATE outbox SET step = :d, updated_at = :now, claimed_until = :until "
                "WHERE id = :i AND claimed_by = :me AND state = :sending"),
                {"d": DATA, "now": self.store.stamp(now), "i": oid, "until": self._until(now),
                 "me": self.runner_id, "sending": SENDING}).rowcount
            state = "" if held else self._state_of(conn, oid)
        if not held:
            raise ClaimLost(oid, state, after)
        return after

    def finish(self, claimed: Claimed, kind: str, reply: str, now: datetime) -> After | None:
        """Record the outcome of a send; None if this runner no longer held the claim, so
        nothing was recorded (the message is where the runner that took it left it)."""
        after = after_attempt(kind, claimed.attempts, now, self.backoff)
        if not after.alert:
            with self.store.writing() as conn:
                done = self._apply(conn, claimed.id, after, reply, now, mine=True)
            return after if done else None
        with self._tx() as s:
            done = self._apply(s, claimed.id, after, reply, now, mine=True)
            if done and after.alert:
                case_id = s.execute(text("SELECT case_id, alert_id FROM outbox WHERE id = :i"),
                                    {"i": claimed.id}).one()
                # an alert email that cannot go out is not alerted by email again
                if case_id[1] is None:
                    self._alert_about(s, claimed.id, case_id[0], after, now, reply,
                                      offered=kind != "invalid")
        return after if done else None

    @staticmethod
    def _state_of(conn: Connection, oid: int) -> str:
        row = conn.execute(text("SELECT state FROM outbox WHERE id = :i"), {"i": oid}).first()
        return str(row[0]) if row else ""

    def _apply(self, s: Connection, oid: int, after: After, reply: str,
               now: datetime, mine: bool = False) -> bool:
        values: dict[str, Any] = {
            "state": after.state, "now": self.store.stamp(now), "i": oid, "note": after.note,
            "next": self.store.stamp(after.next_attempt_at or now),
            "sending": SENDING, "me": self.runner_id,
        }
        sent = ", reply = :reply, sent_at = :now" if after.state == SENT else \
            ", last_error = :reply"
        values["reply"] = reply
        result = s.execute(text(
            f"UPDATE outbox SET state = :state, updated_at = :now, next_attempt_at = :next, "
            f"claimed_by = NULL, claimed_until = NULL, note = :note{sent} "
            "WHERE id = :i AND state = :sending" + (" AND claimed_by = :me" if mine else "")),
            values)
        done = bool(result.rowcount)
        if done and after.state == SENT:
            self._left(s, oid, now, f"sent: {reply}" if reply else "sent", RUNNER)
        return done

    def _alert_about(self, s: Connection, oid: int, case_id: int | None, after: After,
                     now: datetime, reply: str = "", offered: bool = True) -> None:
        row = s.execute(text(
            "SELECT o.letter_id, o.alert_id, l.seq, l.kind, c.ref FROM outbox o "
            "LEFT JOIN letter l ON l.id = o.letter_id "
            "LEFT JOIN complaint_case c ON c.id = o.case_id WHERE o.id = :i"),
            {"i": oid}).mappings().one()
        if row["alert_id"] is not None:
            return
        what = f"letter {row['seq']} ({row['kind']}) of case {row['ref']}"
        word = "may have been sent" if after.state == UNCERTAIN else "could not be sent"
        subject = f"Letter {word}: {what}"
        said = f" {'The server said' if offered else 'Why'}: {reply}." if reply else ""
        message = (f"{subject}: {after.note}.{said} See redress outbox list --state "
                   f"{after.state}; then redress outbox retry {oid} or redress outbox "
                   f"resolve {oid}.")
        add_alert(s, self.mail, case_id=case_id, seq=None,
                  kind="send_uncertain" if after.state == UNCERTAIN else "send_failed",
                  to="team", subject=subject, message=message, now=now)

    def due_next(self) -> datetime | None:
        with self.store.reading() as fetch:
            rows = fetch("SELECT MIN(next_attempt_at) AS at FROM outbox WHERE state = :q",
                         {"q": QUEUED})
        return instant(rows[0]["at"]) if rows else None

    # --- the operator's side ----------------------------------------------------------

    def list(self, state: str | None = None, ref: str | None = None,
             limit: int = MAX_LIST) -> list[dict[str, Any]]:
        if state is not None and state not in STATES:
            raise InvalidInput(f"unknown outbox state {state!r}; states: {', '.join(STATES)}")
        where: list[str] = []
        params: dict[str, Any] = {"n": limit}
        if state:
            where.append("o.state = :state")
            params["state"] = state
        if ref:
            where.append("c.ref_key = :ref")
            params["ref"] = ref_key(ref)
        cond = f"WHERE {' AND '.join(where)}" if where else ""
        with self.store.reading() as fetch:
            rows = fetch(
                "SELECT o.id, o.state, o.step, o.channel, o.attempts, o.next_attempt_at, "
                "o.message_id, o.reply, o.last_error, o.note, o.sent_at, o.updated_at, "
                "o.resolved_by, c.ref, l.seq AS letter, l.kind, l.recipient, "
                "a.id AS alert, a.kind AS alert_kind, a.address "
                "FROM outbox o LEFT JOIN complaint_case c ON c.id = o.case_id "
                "LEFT JOIN letter l ON l.id = o.letter_id LEFT JOIN alert a ON a.id = o.alert_id "
                f"{cond} ORDER BY o.id DESC LIMIT :n", params)
        return [dict(r) for r in rows]

    def retry(self, oid: int, actor: str, now: datetime) -> str:
        """Queue a failed or uncertain message again, at once."""
        with self._tx() as s:
            state = self._state(s, oid)
            if state not in (FAILED, UNCERTAIN):
                raise InvalidInput(f"outbox {oid} is {state}; only a failed or uncertain "
                                   "message can be retried")
            s.execute(text(
                "UPDATE outbox SET state = :q, step = '', attempts = 0, next_attempt_at = :now, "
                "updated_at = :now, resolved_by = :by, note = :note WHERE id = :i"),
                {"q": QUEUED, "now": self.store.stamp(now), "by": actor, "i": oid,
                 "note": f"queued again by {actor} (was {state})"})
        return state

    def resolve(self, oid: int, outcome: str, actor: str, note: str, now: datetime) -> str:
        """Record a person's decision on a failed or uncertain message: it was `sent`
        (checked with the resident or the mail server), or `failed` (it will go another
        way). Nothing is sent."""
        if outcome not in (SENT, FAILED):
            raise InvalidInput(f"--as must be sent or failed, got: {outcome!r}")
        with self._tx() as s:
            state = self._state(s, oid)
            if state not in (FAILED, UNCERTAIN):
                raise InvalidInput(f"outbox {oid} is {state}; only a failed or uncertain "
                                   "message can be resolved")
            if state == outcome:
                raise InvalidInput(f"outbox {oid} is already {state}")
            s.execute(text(
                "UPDATE outbox SET state = :st, updated_at = :now, resolved_by = :by, "
                "note = :note" + (", sent_at = :now" if outcome == SENT else "") +
                " WHERE id = :i"),
                {"st": outcome, "now": self.store.stamp(now), "by": actor, "i": oid,
                 "note": f"resolved as {outcome} by {actor}" + (f": {note}" if note else "")})
            if outcome == SENT:
                self._left(s, oid, now, f"resolved as sent by {actor}"
                           + (f": {note}" if note else ""), actor)
        return state

    def _state(self, s: Connection, oid: int) -> str:
        row = s.execute(text("SELECT state FROM outbox WHERE id = :i"), {"i": oid}).first()
        if row is None:
            raise InvalidInput(f"no outbox message {oid}; see redress outbox list")
        return str(row[0])


def queue_letter(store: Store, ref: str, seq: int, actor: str, now: datetime,
                 mailer_for: Callable[[WorkflowDefinition], Mailer] | None = None) -> int:
    """Queue a manual letter (one an officer reviewed) for sending; returns its outbox id."""
    with store.writing() as s:
        fetch = store.fetch(s)
        case_id, case, _ = _reader.load_case(fetch, ref)
        letter = _reader.letter_of(fetch, ref, case_id, seq)
        if letter["withdrawn_at"] or letter["left_at"]:
            raise InvalidInput(f"letter {seq} of case {ref} was "
                               + ("withdrawn" if letter["withdrawn_at"] else
                                  "already recorded as sent") + "; it is not sent again")
        found = s.execute(text(
            "SELECT o.id, o.state FROM outbox o JOIN letter l ON l.id = o.letter_id "
            "WHERE l.case_id = :c AND l.seq = :s"), {"c": case_id, "s": seq}).first()
        if found is not None:
            raise InvalidInput(f"letter {seq} of case {ref} is already in the outbox "
                               f"(outbox {found[0]}, {found[1]}); see redress outbox list")
        letter_id = s.execute(text("SELECT id FROM letter WHERE case_id = :c AND seq = :s"),
                              {"c": case_id, "s": seq}).scalar_one()
        row = queued_values(case_id, int(letter_id), str(letter["channel"]), naive(now))
        row["note"] = f"queued by {actor}"
        if mailer_for is not None and letter["channel"] == "email":
            mailed = mailer_for(store.definition(case.digest))(ref, case.resident, letter)
            row.update(message=mailed.data, sender=mailed.sender,
                       message_id=mailed.message_id, recipient=str(letter["recipient"]))
        key = s.execute(insert(OUTBOX), row).inserted_primary_key
        assert key is not None
        return int(key[0])


def stored_pdf(fetch: _reader.Fetch, case_id: int, seq: int) -> bytes | None:
    """A post letter's PDF as it was made with the letter (what the print room gets)."""
    rows = fetch("SELECT pdf FROM letter WHERE case_id = :c AND seq = :s",
                 {"c": case_id, "s": seq})
    return bytes(rows[0]["pdf"]) if rows and rows[0]["pdf"] is not None else None


def sent_message(fetch: _reader.Fetch, case_id: int, seq: int) -> bytes | None:
    """An email letter's bytes as the outbox holds them (what was, or will be, sent)."""
    rows = fetch("SELECT o.message FROM outbox o JOIN letter l ON l.id = o.letter_id "
                 "WHERE l.case_id = :c AND l.seq = :s", {"c": case_id, "s": seq})
    return bytes(rows[0]["message"]) if rows and rows[0]["message"] is not None else None


def outbox_line(r: dict[str, Any]) -> str:
    what = (f"{r['ref']} letter {r['letter']} {r['kind']} to {r['recipient']}"
            if r["letter"] is not None else
            f"{r['ref'] or '-'} alert {r['alert']} {r['alert_kind']} to {r['address']}")
    said = r["reply"] if r["state"] == SENT else (r["last_error"] or r["note"])
    return (f"{r['id']:>5}  {r['state']:<9} {r['attempts']:>2}x  {what}"
            + (f"\n       {said}" if said else ""))


def outbox_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=2, default=str)

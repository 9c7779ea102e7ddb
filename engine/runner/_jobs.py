"""Firing wake-ups that have come due: each batch in one transaction, each job once.

On PostgreSQL a batch first takes the cases with something due (`FOR NO KEY UPDATE SKIP
LOCKED`), then their due jobs: the order every writer takes rows in, so a batch and an
officer's action on the same case never deadlock, and runners side by side share the
work without overlap. The case change, its letters (queued in the outbox), the alerts
and the job's `done` mark commit together, so a job is fired exactly once or not at all.

A batch reads its cases and their deadlines in two queries and writes its alerts, their
emails, follow-up wake-ups and `done` marks as multi-row statements. A change that
produces no letters and moves no wake-up (a breach recorded) is kept by `_Batch.record`,
which advances the case's hash chain exactly as `Store.commit_in` does, and written with
the rest; any other change goes through `Store.commit_in` itself, after everything kept
so far is written. A job is marked done before its own change is written, so the change
(which cancels its deadline's pending wake-ups when it moves the deadline) leaves the
record of the job that made it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from sqlalchemy import bindparam, insert, literal_column, text, update
from sqlalchemy.engine import Connection

from .._errors import ChangedMeanwhile, EngineError
from ..cases._calendar import WorkingCalendar
from ..cases._clock import instant
from ..cases._core import Case, Decision, but
from ..cases._timers import RUNNER, AlertSpec, fire, plan, wakeup_line
from ..letters._compose import LetterSettings, for_decision
from ..letters._mail import Mailer
from ..store import _reader
from ..store._store import (
    ADD_DEADLINES,
    ADD_EVENTS,
    ADD_JOBS,
    ADD_OUTBOX,
    SET_CASE,
    SET_DEADLINE,
    Store,
    case_values,
    deadline_values,
    naive,
    write_many,
)
from ..store._tables import ALERTS, JOBS
from ..workflow._definition import WorkflowDefinition
from ._dispatch import QUEUED
from ._transports import MailSettings

JOB_COLUMNS = "id, case_id, deadline_seq, kind, due_at, detail"
ADD_ALERTS = insert(ALERTS)
MARK_DONE = update(JOBS).where(JOBS.c.id == bindparam("b_id"),
                               JOBS.c.state == literal_column("'pending'")).values(
    state=literal_column("'done'"))


def _ids(values: Any) -> str:
    return ", ".join(str(int(v)) for v in values)


@dataclass
class _Batch:
    """One batch's transaction: its cases as loaded and changed, and the rows it owes."""

    store: Store
    s: Connection
    mail: MailSettings
    now: datetime
    case_ids: list[int]
    cases: dict[int, Case] = field(default_factory=dict)
    heads: dict[int, tuple[int, str]] = field(default_factory=dict)  # event_count, head_hash
    data: dict[int, tuple[Any, str]] = field(default_factory=dict)  # data as read, and stored
    handlers: dict[int, str] | None = None
    alerts: list[dict[str, Any]] = field(default_factory=list)
    alerted: set[tuple[Any, ...]] = field(default_factory=set)  # keys of `alerts`
    jobs: list[dict[str, Any]] = field(default_factory=list)
    done: list[dict[str, Any]] = field(default_factory=list)
    case_rows: list[dict[str, Any]] = field(default_factory=list)  # written by `record`
    new_deadlines: list[dict[str, Any]] = field(default_factory=list)
    deadline_rows: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    stamp: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.stamp = naive(self.now)  # `now` as stored, shared by the rows it stamps

    def load(self) -> None:
        fetch = self.store.fetch(self.s)
        ids = _ids(self.case_ids)
        deadlines: dict[int, list[Any]] = {cid: [] for cid in self.case_ids}
        for d in fetch(f"SELECT {_reader.DEADLINE_COLUMNS} FROM deadline WHERE case_id IN "
                       f"({ids}) ORDER BY case_id, seq", {}):
            deadlines[d["case_id"]].append(_reader.deadline_from(d))
        for row in fetch(f"SELECT {_reader.CASE_COLUMNS} FROM complaint_case WHERE id IN "
                         f"({ids})", {}):
            case = self.cases[row["id"]] = _reader.case_from(row, deadlines[row["id"]])
            self.heads[row["id"]] = (row["event_count"], row["head_hash"])
            self.data[row["id"]] = (case.data, row["data"])

    def handler(self, case_id: int) -> str:
        """`_outbox.handler_of` for every case of the batch in one query: whoever last
        acted on the case other than the runner (whose own changes cannot alter it)."""
        if self.handlers is None:
            rows = self.s.execute(text(
                "SELECT e.case_id, e.actor FROM case_event e JOIN (SELECT case_id, MAX(seq) "
                "AS seq FROM case_event WHERE actor <> :r AND case_id IN "
                f"({_ids(self.case_ids)}) GROUP BY case_id) m ON m.case_id = e.case_id "
                "AND m.seq = e.seq"), {"r": RUNNER}).all()
            self.handlers = {int(cid): str(actor) for cid, actor in rows}
        return self.handlers.get(case_id, "team")

    def alert(self, case_id: int, a: AlertSpec) -> None:
        """`_outbox.add_alert`, kept for one multi-row insert at the end of the batch."""
        name = self.handler(case_id) if a.to == "handler" else "team"
        address = self.mail.people.get(name, "") or self.mail.team
        key = (case_id, a.seq, a.kind, a.subject, address)
        if address and key in self.alerted:
            return  # the handler's address is the team's: one alert, one email
        self.alerted.add(key)
        self.alerts.append({
            "case_id": case_id, "deadline_seq": a.seq, "kind": a.kind, "recipient": name,
            "address": address,
            "subject": a.subject, "message": a.message, "created_at": self.stamp})

    def next_job(self, case_id: int, seq: int, kind: str, due_at: datetime,
                 detail: dict[str, str]) -> None:
        self.jobs.append({"case_id": case_id, "deadline_seq": seq, "kind": kind,
                          "due_at": naive(due_at), "state": "pending",
                          "detail": json.dumps(detail, sort_keys=True),
                          "created_at": self.stamp, "outcome": ""})

    def fired(self, job_id: int, runner_id: str, outcome: str) -> None:
        self.done.append({"b_id": job_id, "fired_at": self.stamp,
                          "fired_by": runner_id, "outcome": outcome})

    def write_pending(self) -> None:
        """Insert the alerts (and queue their emails) and the follow-up wake-ups kept so
        far, write the changes `record` kept, and mark the jobs fired so far done; before
        `Store.commit_in` (which reads the case and cancels the pending wake-ups of a
        deadline it changes, and must not cancel one that has fired, its own included)
        and at the end."""
        if self.case_rows:
            changed = write_many(self.s, SET_CASE, self.case_rows)
            if changed.rowcount != len(self.case_rows):
                raise ChangedMeanwhile(", ".join(
                    self.cases[r["b_id"]].ref for r in self.case_rows))
            if self.new_deadlines:
                write_many(self.s, ADD_DEADLINES, self.new_deadlines)
            if self.deadline_rows:
                write_many(self.s, SET_DEADLINE, self.deadline_rows)
            write_many(self.s, ADD_EVENTS, self.events)
            self.case_rows, self.new_deadlines, self.deadline_rows, self.events = [], [], [], []
        if self.alerts:
            ids = self._add_alerts()
            stamp = self.stamp
            emails = [{"case_id": a["case_id"], "alert_id": alert_id, "channel": "email",
                       "state": QUEUED, "step": "", "attempts": 0, "next_attempt_at": stamp,
                       "created_at": stamp, "updated_at": stamp, "message_id": "",
                       "reply": "", "last_error": "", "note": ""}
                      for a, alert_id in zip(self.alerts, ids, strict=True) if a["address"]]
            if emails:
                write_many(self.s, ADD_OUTBOX, emails)
            self.alerts, self.alerted = [], set()
        if self.jobs:
            write_many(self.s, ADD_JOBS, self.jobs)
            self.jobs = []
        if self.done:
            write_many(self.s, MARK_DONE, self.done)
            self.done = []

    def _add_alerts(self) -> list[int]:
        """Insert the alerts kept; their ids, in order. On SQLite, which holds the whole
        database for the batch, the ids are the ones it would give (one past the
        largest, in turn), written with the rows in one statement for them all; its
        RETURNING would be one statement per row, its order not promised."""
        if not self.store.is_sqlite:
            return list(self.s.execute(ADD_ALERTS.returning(
                ALERTS.c.id, sort_by_parameter_order=True), self.alerts).scalars().all())
        top = int(self.s.execute(text("SELECT COALESCE(MAX(id), 0) FROM alert")).scalar_one())
        ids = list(range(top + 1, top + 1 + len(self.alerts)))
        write_many(self.s, ADD_ALERTS, [{"id": i, **a} for i, a in zip(ids, self.alerts,
                                                                       strict=True)])
        return ids

    def commit(self, cid: int, before: Case, decision: Decision,
               made: list[Any], wakeups: tuple[set[int], list[Any]],
               mailer: Mailer | None = None) -> None:
        if not made and not wakeups[0] and not wakeups[1]:
            self.record(cid, before, decision)
            return
        # the general path: written after what `record` kept, which it reads
        self.write_pending()
        self.store.commit_in(self.s, decision, before.version, made, wakeups, mailer)
        row = self.s.execute(text("SELECT event_count, head_hash FROM complaint_case "
                                  "WHERE id = :i"), {"i": cid}).one()
        self.heads[cid] = (int(row[0]), str(row[1]))

    def record(self, cid: int, before: Case, decision: Decision) -> None:
        """`Store.commit_in` for a change with no letters and no wake-ups to move: the
        version-checked case row, its changed deadlines and the next hash-chained event,
        kept for `write_pending`."""
        case, ev = decision.case, decision.event
        count, head = self.heads[cid]
        content, digest = self.store.seal_event(self.s, cid, case.ref,
                                                case.digest, ev, count + 1, head)
        read, stored = self.data[cid]
        self.case_rows.append({"b_id": cid, "b_version": before.version,
                               "version": before.version + 1,
                               **case_values(case, stored if case.data is read else None),
                               "event_count": count + 1, "head_hash": digest})
        old = {d.seq: d for d in before.deadlines}
        for d in case.deadlines:
            was = old.get(d.seq)
            if was is d or was == d:  # a deadline the change kept is the very same record
                continue
            if d.seq in old:
                self.deadline_rows.append({"b_case": cid, "b_seq": d.seq,
                                           **deadline_values(d)})
            else:
                self.new_deadlines.append({"case_id": cid, "seq": d.seq, "name": d.name,
                                           "code": d.code, "started_on": d.started_on,
                                           **deadline_values(d)})
        self.events.append({"case_id": cid, **content})
        self.heads[cid] = (count + 1, digest)


def fire_due(store: Store, calendar: WorkingCalendar, letters: LetterSettings,
             mail: MailSettings, runner_id: str, now: datetime, limit: int,
             remind_at: time,
             mailer_for: Callable[[WorkflowDefinition], Mailer] | None = None) -> list[str]:
    """Fire every due job of up to `limit` cases (see `_take_due`); return a log line for
    each."""
    lines: list[str] = []
    with store.writing() as s:
        jobs = _take_due(store, s, now, limit)
        if not jobs:
            return lines
        case_ids = sorted({j["case_id"] for j in jobs})
        batch = _Batch(store, s, mail, now, case_ids)
        batch.load()
        details: dict[str, Any] = {}  # a batch's wake-ups share a few details: each read once
        for job in jobs:
            cid = job["case_id"]
            case = batch.cases[cid]
            defn = store.definition(case.digest)
            due_at = instant(job["due_at"])
            assert due_at is not None
            said = wakeup_line(defn, case, job["kind"], job["deadline_seq"])
            raw = job["detail"] or "{}"
            detail = details.get(raw)
            if detail is None:
                detail = details[raw] = json.loads(raw)
            firing = fire(defn, calendar, case, job["kind"], job["deadline_seq"], due_at,
                          detail, now, remind_at)
            outcome, decision, made = firing.outcome, firing.decision, []
            if decision is not None:
                try:
                    made = for_decision(defn, decision, letters)
                except EngineError as exc:
                    outcome, decision = f"refused: {exc}", None
                    batch.alert(cid, AlertSpec(
                        "runner", job["deadline_seq"], "team",
                        f"Could not act on case {case.ref}",
                        f"The runner could not act on case {case.ref}: {exc}"))
                if made:
                    outcome += "; " + ", ".join(f"{m.kind} queued" for m in made)
            batch.fired(job["id"], runner_id, outcome)
            if decision is not None:
                wakeups = plan(defn, calendar, case, decision, remind_at)
                batch.commit(cid, case, decision, made, wakeups,
                             mailer_for(defn) if made and mailer_for else None)
                case = but(decision.case, version=case.version + 1)
            batch.cases[cid] = case
            for a in firing.alerts:
                batch.alert(cid, a)
            for w in firing.next:
                batch.next_job(cid, w.seq, w.kind, w.due_at, dict(w.detail))
            lines.append(f"case {case.ref}: {said}: {outcome}")
        batch.write_pending()
    return lines


def _take_due(store: Store, s: Connection, now: datetime, limit: int) -> list[Any]:
    """The due wake-ups of a batch: every due wake-up of up to `limit` cases, the cases
    whose wake-ups are due first, so a case is read and written once for all that is due
    on it (a case's reminder and expiry of the same day fire in one batch).

    SQLite's one writer holds the whole database already: the cases of the first `limit`
    due jobs. On PostgreSQL the cases come first, as every writer takes them (see
    `store._store`): up to `limit` cases with something due, earliest first, skipping any
    that an officer or another runner holds (their wake-ups wait for the next batch,
    never for a lock); then every due job of those cases, which no one else can touch
    while we hold them."""
    due = "state = 'pending' AND due_at <= :now"
    held: Sequence[Any]
    if store.is_sqlite:
        held = list(dict.fromkeys(s.execute(text(
            f"SELECT case_id FROM timer_job WHERE {due} ORDER BY due_at, id LIMIT :n"),
            {"now": store.stamp(now), "n": limit}).scalars()))
    else:
        held = s.execute(text(
            "SELECT c.id FROM complaint_case c JOIN (SELECT case_id, MIN(due_at) AS first "
            f"FROM timer_job WHERE {due} GROUP BY case_id) j ON j.case_id = c.id "
            "ORDER BY j.first, c.id LIMIT :n FOR NO KEY UPDATE OF c SKIP LOCKED"),
            {"now": store.stamp(now), "n": limit}).scalars().all()
    if not held:
        return []
    # by the cases' index: SQLite's planner would take the due one, and read every due
    # wake-up of every case for each batch
    source, lock = (("timer_job INDEXED BY ix_timer_job_case_id", "") if store.is_sqlite
                    else ("timer_job", " FOR UPDATE"))
    return list(store.fetch(s)(
        f"SELECT {JOB_COLUMNS} FROM {source} WHERE {due} AND case_id IN ({_ids(held)}) "
        f"ORDER BY due_at, id{lock}", {"now": store.stamp(now)}))


def next_due(store: Store) -> datetime | None:
    with store.reading() as fetch:
        rows = fetch("SELECT MIN(due_at) AS at FROM timer_job WHERE state = 'pending'", {})
    return instant(rows[0]["at"]) if rows else None

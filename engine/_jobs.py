"""Firing wake-ups that have come due: each batch in one transaction, each job once.

Due jobs are taken with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so runners side by side
share them without overlap; their cases are locked in id order before they change. The
case change, its letters (queued in the outbox), the alerts and the job's `done` mark
commit together, so a job is fired exactly once or not at all.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, time
from typing import Any

from sqlalchemy import text

from . import _reader
from ._calendar import WorkingCalendar
from ._core import Case, Decision
from ._errors import EngineError
from ._letters import LetterSettings, for_decision
from ._outbox import add_alert, naive
from ._store import Store
from ._tables import JobRow
from ._timers import fire, plan
from ._transports import MailSettings


def fire_due(store: Store, calendar: WorkingCalendar, letters: LetterSettings,
             mail: MailSettings, runner_id: str, now: datetime, limit: int,
             remind_at: time) -> list[str]:
    """Fire up to `limit` due jobs; return a log line for each."""
    lines: list[str] = []
    lock = "" if store.is_sqlite else " FOR UPDATE SKIP LOCKED"
    with store.transaction() as s:
        jobs = s.execute(text(
            "SELECT id, case_id, deadline_seq, kind, due_at, detail FROM timer_job "
            f"WHERE state = 'pending' AND due_at <= :now ORDER BY due_at, id LIMIT :n{lock}"),
            {"now": store.stamp(now), "n": limit}).mappings().all()
        if not jobs:
            return lines
        case_ids = sorted({j["case_id"] for j in jobs})
        if not store.is_sqlite:  # a CLI write or another runner waits for us, in id order
            s.execute(text(f"SELECT id FROM complaint_case WHERE id IN "
                           f"({', '.join(map(str, case_ids))}) ORDER BY id FOR UPDATE")).all()
        fetch = store.fetch(s.connection())
        cases: dict[int, Case] = {}
        refs = {r["id"]: r["ref"] for r in fetch(
            f"SELECT id, ref FROM complaint_case WHERE id IN ({', '.join(map(str, case_ids))})",
            {})}
        done: list[dict[str, Any]] = []
        for job in jobs:
            cid = job["case_id"]
            case = cases.get(cid) or _reader.load_case(fetch, refs[cid])[1]
            defn = store.definition(case.digest)
            due_at = _reader.instant(job["due_at"])
            assert due_at is not None
            firing = fire(defn, calendar, case, job["kind"], job["deadline_seq"], due_at,
                          json.loads(job["detail"] or "{}"), now, remind_at)
            outcome = firing.outcome
            if firing.decision is not None:
                decision: Decision | None = firing.decision
                try:
                    made = for_decision(defn, firing.decision, letters)
                except EngineError as exc:
                    made, outcome = [], f"refused: {exc}"
                    decision = None
                    add_alert(s, mail, case_id=cid, seq=job["deadline_seq"], kind="runner",
                              to="team", subject=f"Could not act on case {case.ref}",
                              message=f"The runner could not act on case {case.ref}: {exc}",
                              now=now)
                if decision is not None:
                    wakeups = plan(defn, calendar, case, decision, remind_at)
                    store.commit_in(s, decision, case.version, made, wakeups)
                    case = replace(decision.case, version=case.version + 1)
                    if made:
                        outcome += "; " + ", ".join(f"{m.kind} queued" for m in made)
            cases[cid] = case
            for a in firing.alerts:
                add_alert(s, mail, case_id=cid, seq=a.seq, kind=a.kind, to=a.to,
                          subject=a.subject, message=a.message, now=now)
            for w in firing.next:
                s.add(JobRow(case_id=cid, deadline_seq=w.seq, kind=w.kind,
                             due_at=naive(w.due_at), state="pending",
                             detail=json.dumps(dict(w.detail), sort_keys=True),
                             created_at=naive(now)))
            done.append({"i": job["id"], "now": store.stamp(now), "me": runner_id, "o": outcome})
            lines.append(f"case {case.ref}: {job['kind']} of deadline {job['deadline_seq']} "
                         f"due {due_at:%Y-%m-%d %H:%M} UTC: {outcome}")
        s.execute(text("UPDATE timer_job SET state = 'done', fired_at = :now, fired_by = :me, "
                       "outcome = :o WHERE id = :i AND state = 'pending'"), done)
    return lines


def next_due(store: Store) -> datetime | None:
    with store.reading() as fetch:
        rows = fetch("SELECT MIN(due_at) AS at FROM timer_job WHERE state = 'pending'", {})
    return _reader.instant(rows[0]["at"]) if rows else None

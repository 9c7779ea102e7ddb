"""Legal holds, erasure on request and anonymisation when the retention period ends.

Erasing a case's personal data keeps the facts reports need (dates, stages, state,
outcomes, grounds, deadlines met or missed) and the audit chain verifiable: events name
personal values by salted digest (`cases._privacy`), so the values and their salts are
deleted and no hash changes. Events recorded before schema 0005 hold their values
inside their hashed content: erasure replaces those values and seals each such event
with the hash of its redacted content, recorded in the (chained) erasure event.
Letters are replaced by a redaction notice and keep their content hash, so the record
still shows that a letter was sent, what kind, and when. The erasure is itself an
event: who, when, why and which fields, never the values.

Erased values must not linger in the database files: SQLite runs with
`secure_delete` (freed space is zeroed) and its WAL is checkpointed and truncated after
an erasure; PostgreSQL's affected tables are vacuumed after the erasure commits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .._errors import ActionRefused, InvalidInput
from ..cases._audit import NO_CONTEXT, event_hash
from ..cases._clock import at_london, instant, local_date, long_date
from ..cases._core import PENDING, Case, Decision, Event, months_before
from ..cases._privacy import ERASED, anonymised, redacted_event
from ..cases._timers import RUNNER
from ..workflow._definition import WorkflowDefinition, canonical_json
from . import _reader
from ._store import Store, naive

TABLES = ("complaint_case", "deadline", "case_event", "personal_value", "letter", "outbox",
          "alert", "timer_job", "case_baseline")
RETENTION_BATCH = 50  # cases anonymised per runner pass


def hold_case(store: Store, ref: str, reason: str, actor: str, now: datetime) -> Case:
    """Put a legal hold on a case (an open Ombudsman case, litigation): its personal data
    is neither erased nor anonymised until it is released."""
    if not reason.strip():
        raise InvalidInput("--reason must say why the case is held")
    return _record(store, ref, "hold", {"reason": reason.strip()}, actor, now)


def release_case(store: Store, ref: str, actor: str, now: datetime) -> Case:
    return _record(store, ref, "release", {}, actor, now)


def _record(store: Store, ref: str, action: str, fields: dict[str, str], actor: str,
            now: datetime) -> Case:
    with store.writing() as s:
        case_id, case, row = _locked(store, s, ref)
        if action == "hold" and row["held"]:
            raise ActionRefused(f"case {case.ref} is already held: {row['held']}")
        if action == "release" and not row["held"]:
            raise ActionRefused(f"case {case.ref} is not held")
        store.commit_in(s, Decision(case, Event(action, actor, now, case.state, case.state,
                                                fields)), case.version)
        s.execute(text("UPDATE complaint_case SET held = :h WHERE id = :c"),
                  {"h": fields.get("reason", ""), "c": case_id})
        return case


def _locked(store: Store, s: Connection, ref: str) -> tuple[int, Case, Mapping[str, Any]]:
    fetch = store.fetch(s)
    found = _reader.case_row(fetch, ref)
    if not store.is_sqlite:  # the runner and officers wait for the erasure, in id order
        s.execute(text("SELECT id FROM complaint_case WHERE id = :c FOR UPDATE"),
                  {"c": found["id"]})
    case_id, case, _ = _reader.load_case(fetch, ref)
    row = fetch("SELECT held, erased_at FROM complaint_case WHERE id = :c", {"c": case_id})[0]
    return case_id, case, row


def why_not(defn: WorkflowDefinition, case: Case, row: Mapping[str, Any],
            outbox: Sequence[Mapping[str, Any]]) -> str | None:
    """Why a case's personal data may not be erased now, or None."""
    if row["erased_at"]:
        return f"its personal data was erased on {long_date(local_date(_at(row['erased_at'])))}"
    if row["held"]:
        return (f"it is under a legal hold ({row['held']}); release it first with "
                f"redress case release {case.ref}")
    for d in case.deadlines:
        if d.status != PENDING:
            continue
        timer = defn.timers.get(d.name)
        label = timer.label if timer else d.name
        if timer is not None and timer.started_by:
            return (f"it has an open tracked action: {label} {d.seq}"
                    f"{': ' + d.note if d.note else ''}, due {long_date(d.due)}")
        return f"it has a live deadline: {label}, due {long_date(d.due)}"
    if outbox:
        o = outbox[0]
        return (f"letter {o['seq']} is {o['state']} in the outbox (outbox {o['id']}); "
                "let it leave or resolve it first")
    return None


def erase_case(store: Store, ref: str, reason: str, actor: str, now: datetime) -> list[str]:
    """Erase a case's personal data, on request or at the end of its retention period.
    Refused, with the reason, while it has a live deadline, an open tracked action, a
    letter on its way or a hold. Returns what was erased (names of fields, never
    values)."""
    if not reason.strip():
        raise InvalidInput("--reason must say why the personal data is erased")
    with store.writing() as s:
        erased = _erase_in(store, s, ref, reason.strip(), actor, now)
    forget(store)
    return erased


def _erase_in(store: Store, s: Connection, ref: str, reason: str, actor: str,
              now: datetime) -> list[str]:
    case_id, case, row = _locked(store, s, ref)
    defn = store.definition(case.digest)
    fetch = store.fetch(s)
    outbox = [dict(o) for o in fetch(
        "SELECT o.id, o.state, l.seq FROM outbox o JOIN letter l ON l.id = o.letter_id "
        "WHERE o.case_id = :c AND o.state IN ('queued', 'sending', 'uncertain') "
        "ORDER BY l.seq", {"c": case_id})]
    refused = why_not(defn, case, row, outbox)
    if refused:
        raise ActionRefused(f"case {case.ref} cannot be erased: {refused}")
    gone = _values_of(fetch, case_id, case)
    names = _erased_names(defn, case)
    sealed = _seal_legacy(store, s, defn, case_id, case.ref)
    letters = fetch("SELECT COUNT(*) AS n FROM letter WHERE case_id = :c", {"c": case_id})
    if letters[0]["n"]:
        names.append(f"text of {letters[0]['n']} letter(s)")
    event = Event("erase", actor, now, case.state, case.state,
                  {"reason": reason, "erased": ", ".join(names)})
    after = anonymised(defn, case)
    store.commit_in(s, Decision(after, event), case.version,
                    context={"sealed": sealed} if sealed else None)
    stamp = naive(now)
    s.execute(text("UPDATE complaint_case SET erased_at = :now, resident = :r, summary = :s "
                   "WHERE id = :c"),
              {"now": stamp, "r": after.resident, "s": after.summary, "c": case_id})
    s.execute(text("UPDATE personal_value SET value = NULL, salt = NULL, erased_at = :now "
                   "WHERE case_id = :c AND erased_at IS NULL"), {"now": stamp, "c": case_id})
    _redact_letters(s, case_id, reason, now)
    _anonymise_baseline(s, defn, case_id)
    scrub = _scrubber(gone)
    for table, key, columns in (("alert", "id", ("subject", "message")),
                                ("outbox", "id", ("reply", "last_error", "note")),
                                ("timer_job", "id", ("outcome",))):
        for r in s.execute(text(f"SELECT {key}, {', '.join(columns)} FROM {table} WHERE "
                                "case_id = :c"), {"c": case_id}).mappings():
            changed = {c: scrub(r[c]) for c in columns if r[c] and scrub(r[c]) != r[c]}
            if changed:
                sets = ", ".join(f"{c} = :{c}" for c in changed)
                s.execute(text(f"UPDATE {table} SET {sets} WHERE {key} = :k"),
                          {**changed, "k": r[key]})
    return names


def _values_of(fetch: _reader.Fetch, case_id: int, case: Case) -> set[str]:
    """Every personal value the case holds, to scrub from free text elsewhere."""
    out = {v for v in _reader.personal_values(fetch, case_id).values() if v}
    out.update(v for v in (case.resident, case.email, case.address, case.summary) if v)
    out.update(d.note for d in case.deadlines if d.note)
    return {v for v in out if len(v.strip()) > 2}


def _scrubber(values: set[str]) -> Callable[[str], str]:
    ordered = sorted(values, key=len, reverse=True)  # a name inside a longer text first

    def scrub(found: str) -> str:
        for v in ordered:
            found = found.replace(v, ERASED)
        return found

    return scrub


def _erased_names(defn: WorkflowDefinition, case: Case) -> list[str]:
    after = anonymised(defn, case)
    names = [n for n in ("resident", "email", "address", "summary")
             if getattr(case, n) != getattr(after, n)]
    names += [f"fields.{k}" for k in case.data if case.data[k] != after.data.get(k)]
    names += [f"adjustments.{k}" for k in case.adjustments
              if case.adjustments[k] != after.adjustments.get(k)]
    notes = [str(d.seq) for d, a in zip(case.deadlines, after.deadlines, strict=True)
             if d.note != a.note]
    if notes:
        names.append(f"notes of deadlines {', '.join(notes)}")
    return names


def _seal_legacy(store: Store, s: Connection, defn: WorkflowDefinition, case_id: int,
                 ref: str) -> dict[str, str]:
    """Replace the personal values inside events recorded before schema 0005; return
    seq -> the hash of each changed event's redacted content, for the erasure event."""
    sealed: dict[str, str] = {}
    rows = s.execute(text(
        "SELECT id, seq, action, actor, from_state, to_state, fields, changes, clock_at, "
        "recorded_at, prev_hash, keyed, context FROM case_event WHERE case_id = :c AND "
        "context = :none ORDER BY seq"), {"c": case_id, "none": NO_CONTEXT}).mappings().all()
    for r in rows:
        fields, changes = redacted_event(defn, json.loads(r["fields"]),
                                         json.loads(r["changes"]), r["action"])
        new = {**r, "fields": canonical_json(fields), "changes": canonical_json(changes)}
        if (new["fields"], new["changes"]) == (r["fields"], r["changes"]):
            continue
        sealed[str(r["seq"])] = event_hash(r["prev_hash"], ref, new,
                                           store.audit_key if r["keyed"] else None)
        s.execute(text("UPDATE case_event SET fields = :f, changes = :ch WHERE id = :i"),
                  {"f": new["fields"], "ch": new["changes"], "i": r["id"]})
    return sealed


def _redact_letters(s: Connection, case_id: int, reason: str, now: datetime) -> None:
    day = long_date(local_date(now))
    for r in s.execute(text(
            "SELECT id, seq, content_hash, left_note FROM letter WHERE case_id = :c AND "
            "redacted_at IS NULL"), {"c": case_id}).mappings().all():
        notice = (f"The text of this letter was erased on {day} ({reason}). Its content "
                  f"hash, SHA-256 {r['content_hash']}, records what it said.")
        s.execute(text(
            "UPDATE letter SET text = :t, html = :h, recipient = :e, redacted_at = :now, "
            "pdf = NULL, left_note = CASE WHEN left_note = '' THEN '' ELSE :e END WHERE id = :i"),
            {"t": notice, "h": f"<p>{notice}</p>", "e": ERASED, "now": naive(now),
             "i": r["id"]})
    s.execute(text("UPDATE outbox SET message = NULL, recipient = :e WHERE case_id = :c AND "
                   "letter_id IS NOT NULL"), {"e": ERASED, "c": case_id})


def _anonymise_baseline(s: Connection, defn: WorkflowDefinition, case_id: int) -> None:
    """The case as it stood at the 0005 upgrade, anonymised as the case is."""
    row = s.execute(text("SELECT snapshot FROM case_baseline WHERE case_id = :c"),
                    {"c": case_id}).first()
    if row is None:
        return
    snap = json.loads(row[0])
    base = anonymised(defn, _reader.case_from(snap["case"], [
        _reader.deadline_from(d) for d in snap["deadlines"]]))
    snap["case"].update(resident=base.resident, email=base.email, address=base.address,
                        summary=base.summary, data=canonical_json(dict(base.data)),
                        adjustments=canonical_json(dict(base.adjustments)))
    for d, b in zip(snap["deadlines"], base.deadlines, strict=True):
        d["note"] = b.note
    s.execute(text("UPDATE case_baseline SET snapshot = :s WHERE case_id = :c"),
              {"s": json.dumps(snap, sort_keys=True, default=str), "c": case_id})


def forget(store: Store) -> None:
    """Make erased values leave the database files, once the erasure has committed:
    SQLite's WAL checkpointed and truncated (its freed pages are already zeroed by
    `secure_delete`); PostgreSQL's affected tables vacuumed."""
    if store.is_sqlite:
        raw = store.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.close()
        finally:
            raw.close()
        return
    with store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql(f"VACUUM {', '.join(TABLES)}")


def anonymise_due(store: Store, now: datetime, years: int,
                  limit: int = RETENTION_BATCH) -> list[str]:
    """The runner's retention job: erase the personal data of closed cases whose last
    event is `years` or more ago (counted in London dates), unless held or still owed
    something. Returns a log line for each case looked at."""
    cutoff = at_london(months_before(local_date(now), 12 * years))
    finals: set[str] = set()
    with store.reading() as fetch:
        for r in fetch("SELECT digest FROM workflow_definition", {}):
            finals.update(n for n, st in store.definition(r["digest"]).states.items()
                          if st.final)
        if not finals:
            return []
        marks = ", ".join(f":s{i}" for i in range(len(finals)))
        # by ix_complaint_case_retention, from the oldest: only cases past the cut-off
        # are read, however many closed cases are kept (`state || ''` keeps SQLite from
        # choosing the state index, which would read every closed case)
        due = fetch(f"SELECT ref, last_event_at FROM complaint_case WHERE erased_at IS NULL "
                    f"AND held = '' AND state || '' IN ({marks}) AND last_event_at <= :cutoff "
                    "ORDER BY last_event_at, id LIMIT :n",
                    {**{f"s{i}": n for i, n in enumerate(sorted(finals))},
                     "cutoff": store.stamp(cutoff), "n": limit})
    lines = []
    erased = False
    for r in due:
        last = local_date(_at(r["last_event_at"]))
        reason = (f"retention: closed, last event on {long_date(last)}, kept {years} years")
        try:
            with store.writing() as s:
                names = _erase_in(store, s, r["ref"], reason, RUNNER, now)
        except ActionRefused as exc:
            lines.append(f"case {r['ref']}: retention: kept: {exc}")
            continue
        erased = True
        lines.append(f"case {r['ref']}: retention: personal data erased ({', '.join(names)})")
    if erased:
        forget(store)
    return lines


def _at(value: Any) -> datetime:
    found = instant(value)
    assert found is not None
    return found

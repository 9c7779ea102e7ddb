"""The database shell: SQLModel on SQLite (default) or PostgreSQL.

One action is one transaction: the case row (version-checked), its deadlines and its
audit event commit together or not at all. SQLite runs in WAL mode with a busy timeout
and takes the write lock at BEGIN (IMMEDIATE), so a writer waits rather than failing
half-way. Schemas are created and upgraded by the Alembic migrations, on first use.

On PostgreSQL every writer takes rows in one order, so no two wait on each other in a
circle: a message's outbox row and its letter first (the runner recording a send, an
officer withdrawing a letter or recording it sent), then the case row (`FOR NO KEY
UPDATE`, the lock its UPDATE takes), then the case's deadlines, wake-ups and events. The
runner takes the cases it fires wake-ups for before their wake-ups, skipping a case
another writer holds (`runner._jobs.fire_due`). Should the database still break off a
unit of work, `_retry` says whether and how it is tried again.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

from sqlalchemy import create_engine, event, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError
from sqlmodel import Session, select

from .._errors import (
    ActionRefused,
    CaseNotFound,
    ChangedMeanwhile,
    DuplicateCase,
    InvalidInput,
    StoreError,
    StoreInterrupted,
)
from ..cases._audit import GENESIS, event_hash
from ..cases._calendar import WorkingCalendar
from ..cases._clock import at_london, instant, local_date, long_date
from ..cases._core import Case, Deadline, Decision, Event, letter_left, letter_withdrawn
from ..cases._privacy import CONTACT, RETENTION_YEARS, Sealer
from ..cases._refs import ref_key
from ..cases._timers import DEFAULT_REMIND_AT, Wakeup, plan
from ..letters._compose import Letter
from ..letters._mail import Mailer
from ..workflow._definition import WorkflowDefinition, canonical_json, from_resolved, ordered_json
from . import _faults, _reader
from ._retry import BUSY, LOST, interruption
from ._tables import (
    CaseRow,
    DeadlineRow,
    EventRow,
    JobRow,
    LetterRow,
    OutboxRow,
    PersonalRow,
    WorkflowRow,
)

Plan = tuple[set[int], list[Wakeup]]
_NO_PLAN: Plan = (set(), [])


def case_values(case: Case) -> dict[str, Any]:
    """A case's changeable columns as they are stored (the runner's batches write the
    same)."""
    return {"state": case.state, "data": canonical_json(dict(case.data)),
            "handlers": canonical_json(dict(case.handlers)),
            "last_event_at": _naive(case.last_event_at), "email": case.email,
            "channel": case.channel, "address": case.address,
            "adjustments": canonical_json(dict(case.adjustments))}


def deadline_values(d: Deadline) -> dict[str, Any]:
    return {"due": d.due, "due_at": _naive(d.due_at), "status": d.status,
            "completed_at": _naive(d.completed_at), "extended_by": d.extended_by,
            "note": d.note, "breached_at": _naive(d.breached_at), "letter_seq": d.letter_seq}


AUDIT_KEY = "REDRESS_AUDIT_KEY"
CLOSURES_AHEAD = timedelta(days=400)  # how far past an event its calendar is recorded


def queued(case_id: int | None, letter_id: int | None, alert_id: int | None, channel: str,
           now: datetime) -> OutboxRow:
    """A new outbox row, ready to send at once."""
    return OutboxRow(case_id=case_id, letter_id=letter_id, alert_id=alert_id, channel=channel,
                     state="queued", next_attempt_at=now, created_at=now, updated_at=now)

SCHEMA_HEAD = _reader.SCHEMA_HEAD
# SQLite's errors when the disk under it is full, failing or read-only
_DISK_ERRORS = ("SQLITE_IOERR", "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_CANTOPEN")
BUSY_TIMEOUT_MS = 10_000
MIGRATION_LOCK = 0x7265_6472  # advisory lock id for schema upgrades on PostgreSQL


def normalise_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def naive(instant: datetime) -> datetime:
    """An instant as stored: naive UTC."""
    return instant.astimezone(UTC).replace(tzinfo=None)


def _naive(instant: datetime | None) -> datetime | None:
    return None if instant is None else naive(instant)


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


class Store:
    """Cases, deadlines, definitions and the audit trail in one SQL database."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        key = os.environ.get(AUDIT_KEY, "")
        self.audit_key: bytes | None = key.encode() if key else None
        self.closures: frozenset[date] = frozenset()  # the calendar's, as events record them
        self.retention_years = RETENTION_YEARS  # [retention] years_after_closure
        self._definitions: dict[str, WorkflowDefinition] = {}
        path = _reader.sqlite_path(self.url)
        if path is not None and not Path(path).parent.exists():
            raise StoreError(f"cannot open database {path}: folder {Path(path).parent} "
                             "does not exist")
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
        else:
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise StoreError(
                f"cannot use database URL {safe_url(url)!r} ({exc}); use sqlite:///FILE or "
                "postgresql://USER@HOST:PORT/DATABASE"
            ) from None
        if self.is_sqlite:
            _configure_sqlite(self.engine, in_memory=path is None)
        _faults.arm(self.engine)  # only where a crash test asks (REDRESS_FAULT)
        if migrate:
            self.ensure_schema()

    def stamp(self, instant: datetime) -> datetime | str:
        """An instant as a bound parameter for plain SQL, in the form the ORM stores it,
        so comparisons in SQL agree with stored values (SQLite compares text)."""
        moment = instant.astimezone(UTC).replace(tzinfo=None)
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if self.is_sqlite else moment

    def close(self) -> None:
        """Release pooled connections (a long-lived process calls this on the way out)."""
        self.engine.dispose()

    # --- schema ---------------------------------------------------------------------

    def schema_version(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                if not self._has_table(conn, "alembic_version"):
                    return None
                row = conn.execute(text(_reader.SCHEMA_VERSION)).first()
                return None if row is None else str(row[0])
        except DBAPIError as exc:
            raise self._error(exc) from None

    def ensure_schema(self) -> None:
        if self.schema_version() != SCHEMA_HEAD:
            self.upgrade()

    def _not_foreign(self) -> None:
        """A SQLite file with tables but none of redress's is another program's: its
        tables are never added to."""
        from sqlalchemy import inspect

        try:
            with self.engine.connect() as conn:
                tables = inspect(conn).get_table_names()
        except DBAPIError as exc:
            raise self._error(exc) from None
        if tables and "alembic_version" not in tables:
            shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise StoreError(f"{_reader.sqlite_path(self.url)} is not a redress database: it "
                             f"holds tables redress did not make ({shown}); pass --db with a "
                             "redress database or a new file")

    def upgrade(self) -> str:
        """Run the Alembic migrations up to head; return the version now in place."""
        from ._migrate import upgrade

        if self.is_sqlite:
            self._not_foreign()
        try:
            with self.engine.begin() as conn:
                if not self.is_sqlite:
                    # processes starting together on a new database migrate one at a time;
                    # SQLite's BEGIN IMMEDIATE already serialises them
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                upgrade(conn)
        except DBAPIError as exc:
            raise self._error(exc) from None
        return SCHEMA_HEAD

    @staticmethod
    def _has_table(conn: Connection, name: str) -> bool:
        from sqlalchemy import inspect

        return bool(inspect(conn).has_table(name))

    def _error(self, exc: DBAPIError) -> StoreError:
        """A database error in words, as `StoreInterrupted` when another try may succeed
        (`_retry.interruption` decides)."""
        msg = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        kind = interruption(exc)
        if kind is None:
            said = f"cannot use database {safe_url(self.url)}: {msg}"
            if str(getattr(exc.orig, "sqlite_errorname", "")).startswith(_DISK_ERRORS):
                said += ("; nothing was saved: check that the disk it is on has space and "
                         "is writable")
            return StoreError(said)
        if kind == BUSY:
            said = f"database busy: {msg}; nothing was saved, try again"
        elif kind == LOST:
            said = (f"lost the connection to database {safe_url(self.url)} ({msg}); what "
                    "was being saved may or may not have been")
        else:
            said = (f"the database undid this work, which collided with another writer "
                    f"({msg}); nothing was saved")
        return StoreInterrupted(kind, said)

    # --- reading --------------------------------------------------------------------

    def fetch(self, conn: Connection) -> _reader.Fetch:
        def run(sql: str, params: Mapping[str, Any]) -> Sequence[_reader.Row]:
            return [dict(r._mapping) for r in conn.execute(text(sql), dict(params))]

        return run

    @contextmanager
    def reading(self) -> Iterator[_reader.Fetch]:
        try:
            with self.engine.connect() as conn:
                conn.info["deferred"] = True  # readers need no write lock
                try:
                    yield self.fetch(conn)
                finally:
                    conn.info.pop("deferred", None)
        except DBAPIError as exc:
            raise self._error(exc) from None

    def load(self, ref: str) -> Case:
        with self.reading() as fetch:
            return _reader.load_case(fetch, ref)[1]

    def definition(self, digest: str) -> WorkflowDefinition:
        """The definition a case started with, as stored with it."""
        defn = self._definitions.get(digest)
        if defn is None:
            with self.reading() as fetch:
                resolved = _reader.resolved_definition(fetch, digest)
            defn = self._definitions[digest] = from_resolved(resolved, f"stored:{digest[:12]}")
        return defn

    def events(self, ref: str) -> list[dict[str, Any]]:
        with self.reading() as fetch:
            case_id = _reader.load_case(fetch, ref)[0]
            return [dict(r) for r in _reader.events_of(fetch, case_id)]

    def letters(self, ref: str) -> list[dict[str, Any]]:
        with self.reading() as fetch:
            case_id = _reader.load_case(fetch, ref)[0]
            return [dict(r) for r in _reader.letters_of(fetch, case_id)]

    # --- writing --------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A unit of plain SQL writes without an ORM session (the runner's per-message
        marks, where a session's set-up would be most of the cost)."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except DBAPIError as exc:
            raise self._error(exc) from None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work; on SQLite it holds the write lock from its first statement."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise self._error(exc) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def create(self, decision: Decision, defn: WorkflowDefinition, ref: str | None,
               letters: Sequence[Letter] = (), wakeups: Plan = _NO_PLAN,
               mailer: Mailer | None = None) -> str:
        """Insert a new case with its first event; return its reference."""
        case = decision.case
        now = _naive(decision.event.at)
        received_at = _naive(case.received_at)
        assert now is not None and received_at is not None
        with self.transaction() as s:
            self._definitions.setdefault(defn.digest, defn)
            if s.get(WorkflowRow, defn.digest) is None:
                # two first cases on one definition at once store it once
                s.execute(text(
                    "INSERT INTO workflow_definition (digest, name, resolved, created_at) "
                    "VALUES (:d, :n, :r, :at) ON CONFLICT (digest) DO NOTHING"),
                    {"d": defn.digest, "n": defn.name, "r": ordered_json(defn.resolved),
                     "at": self.stamp(now)})
            given = ref or f"pending-{uuid4().hex}"
            row = CaseRow(
                ref=given, ref_key=ref_key(given), workflow=case.workflow, digest=case.digest,
                state=case.state, received=case.received, received_at=received_at,
                resident=case.resident, email=case.email, channel=case.channel,
                summary=case.summary, data=canonical_json(dict(case.data)),
                handlers=canonical_json(dict(case.handlers)), version=1, last_event_at=now,
                created_at=now, event_count=0, head_hash=GENESIS, address=case.address,
                adjustments=canonical_json(dict(case.adjustments)),
            )
            s.add(row)
            try:
                s.flush()
            except IntegrityError:
                raise DuplicateCase(ref or "?") from None
            assert row.id is not None
            if ref is None:
                row.ref = f"{case.received.year}-{row.id:05d}"
                row.ref_key = ref_key(row.ref)
            opened = {"received_at": received_at.isoformat(), "channel": case.channel,
                      "email": case.email, "address": case.address, "summary": case.summary}
            self._write_children(s, row, decision, letters, wakeups, mailer, opened)
            return row.ref

    def commit(self, decision: Decision, expected_version: int,
               letters: Sequence[Letter] = (), wakeups: Plan = _NO_PLAN,
               mailer: Mailer | None = None) -> list[int]:
        """Save a decision and the letters it produced, if the case is still at
        `expected_version`, else refuse. Returns the letters' numbers within the case."""
        with self.transaction() as s:
            return self.commit_in(s, decision, expected_version, letters, wakeups, mailer)

    def commit_in(self, s: Session, decision: Decision, expected_version: int,
                  letters: Sequence[Letter] = (), wakeups: Plan = _NO_PLAN,
                  mailer: Mailer | None = None,
                  context: Mapping[str, Any] | None = None) -> list[int]:
        """`commit` inside a transaction the caller holds (the runner fires wake-ups so)."""
        case = decision.case
        found = s.exec(select(CaseRow).where(CaseRow.ref == case.ref)).first()
        if found is None:
            raise CaseNotFound(case.ref)
        row = found
        result = s.execute(
            update(CaseRow)
            .where(CaseRow.id == row.id, CaseRow.version == expected_version)  # type: ignore[arg-type]
            .values(version=expected_version + 1, **case_values(case))
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ChangedMeanwhile(case.ref)
        s.refresh(row)
        return self._write_children(s, row, decision, letters, wakeups, mailer, context)

    def _write_children(self, s: Session, row: CaseRow, decision: Decision,
                        letters: Sequence[Letter] = (), wakeups: Plan = _NO_PLAN,
                        mailer: Mailer | None = None,
                        context: Mapping[str, Any] | None = None) -> list[int]:
        """Upsert deadlines, append the event (advancing the case's hash chain), store the
        letters the event produced, queue the automatic ones and set the wake-ups."""
        assert row.id is not None
        existing = {
            d.seq: d for d in s.exec(select(DeadlineRow).where(DeadlineRow.case_id == row.id))
        }
        last = 0
        if letters:
            last = int(s.execute(text("SELECT COALESCE(MAX(seq), 0) FROM letter WHERE "
                                      "case_id = :c"), {"c": row.id}).scalar_one())
        for d in decision.case.deadlines:
            current = existing.get(d.seq)
            if current is None:
                current = DeadlineRow(case_id=row.id, seq=d.seq, name=d.name, code=d.code,
                                      started_on=d.started_on, due=d.due, status=d.status)
            for key, value in deadline_values(d).items():
                setattr(current, key, value)
            if d.seq in decision.answers and letters:
                current.letter_seq = last + 1  # the action's first letter answers it
            s.add(current)
        ev = decision.event
        made = {"letters": [[n, ltr.content_hash] for n, ltr in
                            enumerate(letters, start=int(last) + 1)]} if letters else {}
        content, digest = self.seal_event(s.connection(), row.id, row.ref, row.digest, ev,
                                          row.event_count + 1, row.head_hash,
                                          {**(context or {}), **made})
        s.add(EventRow(case_id=row.id, **content))
        row.event_count += 1
        row.head_hash = digest
        s.add(row)
        self._write_wakeups(s, row.id, wakeups, now=_naive(ev.at))
        if not letters:
            return []
        numbers = []
        for n, ltr in enumerate(letters, start=int(last) + 1):
            created = ltr.created_at.astimezone(UTC).replace(tzinfo=None)
            letter_row = LetterRow(
                case_id=row.id, seq=n, event_seq=row.event_count, kind=ltr.kind,
                action=ltr.action, channel=ltr.channel, recipient=ltr.recipient,
                subject=ltr.subject, text=ltr.text, html=ltr.html, large_print=ltr.large_print,
                dispatch=ltr.dispatch, template=ltr.template, content_hash=ltr.content_hash,
                created_at=created,
            )
            s.add(letter_row)
            if ltr.dispatch == "automatic":
                s.flush()
                assert letter_row.id is not None
                out = queued(row.id, letter_row.id, None, ltr.channel, created)
                if mailer is not None and ltr.channel == "email":
                    mailed = mailer(row.ref, row.resident, letter_row.model_dump())
                    out.message, out.sender, out.message_id = (
                        mailed.data, mailed.sender, mailed.message_id)
                    out.recipient = ltr.recipient
                s.add(out)
            numbers.append(n)
        return numbers

    @staticmethod
    def _write_wakeups(s: Session, case_id: int, wakeups: Plan, now: datetime | None) -> None:
        assert now is not None
        stale, add = wakeups
        if stale:
            s.execute(update(JobRow).where(
                JobRow.case_id == case_id,  # type: ignore[arg-type]
                JobRow.deadline_seq.in_(sorted(stale)),  # type: ignore[attr-defined]
                JobRow.state == "pending",  # type: ignore[arg-type]
            ).values(state="cancelled", outcome="replaced: the deadline changed"))
        for w in add:
            s.add(JobRow(case_id=case_id, deadline_seq=w.seq, kind=w.kind,
                         due_at=naive(w.due_at), state="pending",
                         detail=canonical_json(dict(w.detail)), created_at=now))

    def seal_event(self, conn: Connection, case_id: int, ref: str, digest: str, ev: Event,
                   seq: int, head: str, context: Mapping[str, Any] | None = None
                   ) -> tuple[dict[str, Any], str]:
        """The next link of a case's chain, as stored: personal values kept apart (their
        tokens in the event, the values and salts written here), the event's context
        (the calendar it was decided with and what else a replay needs), hashed (with
        the audit key when one is set). Returns the row's values and its hash."""
        sealer = Sealer(self.definition(digest), lambda: secrets.token_hex(16))
        day = local_date(ev.at)
        ctx: dict[str, Any] = {"closures": sorted(
            d.isoformat() for d in self.closures
            if day - CLOSURES_AHEAD <= d <= day + CLOSURES_AHEAD)}
        for key, value in (context or {}).items():
            personal = key in CONTACT and isinstance(value, str) and value
            ctx[key] = sealer.token(value) if personal else value
        fields = sealer.fields(ev.action, ev.fields)
        changes = sealer.changes(ev.changes)
        content = {"seq": seq, "action": ev.action, "actor": ev.actor,
                   "from_state": ev.from_state, "to_state": ev.to_state,
                   "fields": canonical_json(fields), "changes": canonical_json(changes),
                   "clock_at": _naive(ev.at), "recorded_at": _naive(datetime.now(UTC)),
                   "context": canonical_json(ctx), "keyed": self.audit_key is not None}
        hashed = event_hash(head, ref, content, self.audit_key)
        if sealer.values:
            conn.execute(PersonalRow.__table__.insert(),  # type: ignore[attr-defined]
                         [{"case_id": case_id, "digest": d, "salt": salt, "value": value}
                          for d, salt, value in sealer.values])
        return {**content, "prev_hash": head, "hash": hashed}, hashed

    # --- letters leaving --------------------------------------------------------------

    def letter_left_in(self, s: Session | Connection, case_id: int, seq: int,
                       left_at: datetime, *, by: str, how: str, calendar: WorkingCalendar,
                       now: datetime, remind_at: time = DEFAULT_REMIND_AT) -> bool:
        """Record, once, that letter `seq` left (in the caller's transaction): a
        `letter_sent` event in the case's chain, meeting the deadlines it answers. False
        if it had already left or was withdrawn."""
        marked = s.execute(text(
            "UPDATE letter SET left_at = :at, left_by = :by, left_note = :how WHERE case_id = "
            ":c AND seq = :n AND left_at IS NULL AND withdrawn_at IS NULL"),
            {"at": naive(left_at), "by": by, "how": how, "c": case_id, "n": seq})
        if not marked.rowcount:  # type: ignore[attr-defined]
            return False
        # hold the case while it is read and written, so that a runner firing its
        # wake-ups at the same moment waits rather than changing it underneath
        s.execute(text("SELECT id FROM complaint_case WHERE id = :c"
                       + ("" if self.is_sqlite else " FOR NO KEY UPDATE")), {"c": case_id})
        session = s if isinstance(s, Session) else Session(bind=s)
        try:
            fetch = self.fetch(session.connection())
            found = fetch("SELECT l.kind, e.to_state, c.ref FROM letter l JOIN case_event e ON "
                          "e.case_id = l.case_id AND e.seq = l.event_seq JOIN complaint_case c "
                          "ON c.id = l.case_id WHERE l.case_id = :c AND l.seq = :n",
                          {"c": case_id, "n": seq})[0]
            case = _reader.load_case(fetch, found["ref"])[1]
            defn = self.definition(case.digest)
            decision = letter_left(defn, calendar, case, seq, found["kind"], found["to_state"],
                                   left_at, how, by, now)
            self.commit_in(session, decision, case.version,
                           wakeups=plan(defn, calendar, case, decision, remind_at),
                           context={"left_at": naive(left_at).isoformat()})
            session.flush()
        finally:
            if session is not s:
                session.close()
        return True

    def letter_sent(self, ref: str, seq: int, on: date | None, note: str, actor: str,
                    calendar: WorkingCalendar, now: datetime,
                    remind_at: time = DEFAULT_REMIND_AT) -> datetime:
        """An officer records that a letter left by another route (posted or handed over
        by hand) on `on` (default: now). Returns when it is recorded to have left."""
        with self.transaction() as s:
            fetch = self.fetch(s.connection())
            case_id = _reader.load_case(fetch, ref)[0]
            letter = _reader.letter_of(fetch, ref, case_id, seq)
            _not_gone(ref, seq, letter)
            outbox = _outbox_of(fetch, case_id, seq)
            if outbox and outbox[0]["state"] in ("queued", "sending"):
                raise InvalidInput(f"letter {seq} of case {ref} is in the outbox "
                                   f"(outbox {outbox[0]['id']}, {outbox[0]['state']}): the "
                                   "runner sends it and records when it left")
            if outbox and outbox[0]["state"] in ("failed", "uncertain"):
                raise InvalidInput(f"letter {seq} of case {ref} is {outbox[0]['state']} in "
                                   f"the outbox: record what happened with redress outbox "
                                   f"resolve {outbox[0]['id']} --as sent|failed")
            created = instant(letter["created_at"])
            assert created is not None
            left_at = now if on is None else at_london(on)
            if on is not None and on > local_date(now):
                raise InvalidInput(f"--on {on} is after the clock's date {local_date(now)}")
            if on is not None and on < local_date(created):
                raise InvalidInput(f"--on {on} is before letter {seq} was written "
                                   f"({local_date(created)})")
            how = "recorded as sent by another route" + (f": {note}" if note else "")
            self.letter_left_in(s, case_id, seq, left_at, by=actor, how=how,
                                calendar=calendar, now=now, remind_at=remind_at)
            return left_at

    def withdraw_letter(self, ref: str, seq: int, note: str, actor: str,
                        calendar: WorkingCalendar, now: datetime,
                        remind_at: time = DEFAULT_REMIND_AT) -> Decision:
        """Withdraw a letter that has not left, to redraft it (it stays in the record,
        marked withdrawn); a queued one is taken out of the outbox."""
        with self.transaction() as s:
            fetch = self.fetch(s.connection())
            case_id, case, _ = _reader.load_case(fetch, ref)
            letter = _reader.letter_of(fetch, ref, case_id, seq)
            _not_gone(ref, seq, letter)
            outbox = _outbox_of(fetch, case_id, seq)
            if outbox and outbox[0]["state"] not in ("queued", "failed"):
                raise ActionRefused(f"letter {seq} of case {ref} is {outbox[0]['state']} in "
                                    "the outbox; it may already have reached the resident, so "
                                    "it cannot be withdrawn")
            if outbox:
                s.execute(text("UPDATE outbox SET state = 'cancelled', updated_at = :now, note "
                               "= :note WHERE id = :i AND state IN ('queued', 'failed')"),
                          {"now": naive(now), "i": outbox[0]["id"],
                           "note": f"letter withdrawn by {actor}"})
            event = fetch("SELECT from_state, to_state FROM case_event WHERE case_id = :c AND "
                          "seq = :n", {"c": case_id, "n": letter["event_seq"]})[0]
            defn = self.definition(case.digest)
            decision = letter_withdrawn(defn, case, seq, letter["kind"], event["from_state"],
                                        event["to_state"], note, actor, now)
            s.execute(text("UPDATE letter SET withdrawn_at = :now, withdrawn_by = :by WHERE "
                           "case_id = :c AND seq = :n"),
                      {"now": naive(now), "by": actor, "c": case_id, "n": seq})
            self.commit_in(s, decision, case.version,
                           wakeups=plan(defn, calendar, case, decision, remind_at))
            return decision

    # --- audit ----------------------------------------------------------------------

    def verify_audit(self, ref: str | None = None) -> tuple[int, list[str]]:
        """Check every case's record (or one's): its chain, and its case row, deadlines,
        hold, erasure and letters against a replay of its events. Returns (cases
        checked, faults); `_verify.verify` chooses cases by when they changed."""
        from ._verify import verify

        done = verify(self, ref)
        return done.checked, done.faults


def _outbox_of(fetch: _reader.Fetch, case_id: int, seq: int) -> Sequence[_reader.Row]:
    """The outbox row of a case's letter, if it was queued (at most one)."""
    return fetch("SELECT o.id, o.state FROM outbox o JOIN letter l ON l.id = o.letter_id "
                 "WHERE l.case_id = :c AND l.seq = :n", {"c": case_id, "n": seq})


def _not_gone(ref: str, seq: int, letter: Mapping[str, Any]) -> None:
    """A letter that has left, or was withdrawn, is done with."""
    if letter["withdrawn_at"]:
        raise InvalidInput(f"letter {seq} of case {ref} was withdrawn")
    left = instant(letter["left_at"])
    if left is not None:
        raise InvalidInput(f"letter {seq} of case {ref} left on {long_date(local_date(left))}")


def _configure_sqlite(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if not in_memory and str(mode).lower() != "wal":
            cur.close()
            raise StoreError(
                f"the database file's filesystem does not support SQLite's WAL mode (got "
                f"journal_mode={mode}); put the database on a local disk or use PostgreSQL"
            )
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA secure_delete = ON")  # erased personal data leaves no trace
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN" if conn.info.get("deferred") else "BEGIN IMMEDIATE")

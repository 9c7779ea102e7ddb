"""The database shell: SQLAlchemy Core on SQLite (default) or PostgreSQL.

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
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any
from uuid import uuid4

from sqlalchemy import bindparam, column, create_engine, event, insert, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.selectable import TextualSelect

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
from ..cases._privacy import CONTACT, RETENTION_YEARS, Sealer, facts_of
from ..cases._refs import ref_key
from ..cases._timers import DEFAULT_REMIND_AT, Wakeup, plan
from ..letters._compose import Letter
from ..letters._mail import Mailer
from ..workflow._definition import WorkflowDefinition, canonical_json, from_resolved, ordered_json
from . import _faults, _reader
from ._retry import BUSY, LOST, interruption
from ._tables import CASES, DEADLINES, EVENTS, JOBS, LETTERS, OUTBOX, PERSONAL

Plan = tuple[set[int], list[Wakeup]]
_NO_PLAN: Plan = (set(), [])

# Built once (SQLAlchemy caches their compiled form): an UPDATE sets the columns its
# parameters name; `b_*` name the row. The case's is the version check.
SET_CASE = update(CASES).where(CASES.c.id == bindparam("b_id"),
                               CASES.c.version == bindparam("b_version"))
SET_DEADLINE = update(DEADLINES).where(DEADLINES.c.case_id == bindparam("b_case"),
                                       DEADLINES.c.seq == bindparam("b_seq"))
# (one deadline's a row, sent together: SQL compiled once, where an IN list of the
# deadlines would be rendered again for every action)
CANCEL_JOBS = update(JOBS).where(
    JOBS.c.case_id == bindparam("b_case"), JOBS.c.deadline_seq == bindparam("b_seq"),
    JOBS.c.state == "pending").values(state="cancelled",
                                      outcome="replaced: the deadline changed")
# the row of a new case, once its first event gives it its reference and chain head
SET_HEAD = update(CASES).where(CASES.c.id == bindparam("b_id"))
ADD_CASE = insert(CASES).returning(CASES.c.id)
ADD_LETTER = insert(LETTERS).returning(LETTERS.c.id)
ADD_DEADLINES, ADD_EVENTS, ADD_JOBS, ADD_OUTBOX, ADD_PERSONAL = (
    insert(DEADLINES), insert(EVENTS), insert(JOBS), insert(OUTBOX), insert(PERSONAL))
# a letter an officer records as sent: what is checked, what its leaving decides from
LETTER_LEAVING = (
    "SELECT l.seq, l.event_seq, l.kind, l.created_at, l.left_at, l.withdrawn_at, e.to_state, "
    "o.id AS outbox_id, o.state AS outbox_state FROM letter l JOIN case_event e ON "
    "e.case_id = l.case_id AND e.seq = l.event_seq LEFT JOIN outbox o ON o.letter_id = l.id "
    "WHERE l.case_id = :c AND l.seq = :n")
HEAD_OF = text("SELECT id, event_count, head_hash FROM complaint_case WHERE ref = :r")
LAST_LETTER = text("SELECT COALESCE(MAX(seq), 0) FROM letter WHERE case_id = :c")
# a case as an action reads it, in one statement: its row (repeated on each of its
# deadlines' rows), its deadlines, and the number its next letter follows (letters are
# only added with a change to the case, so the version check covers that too)
_D_COLUMNS = [c.strip() for c in _reader.DEADLINE_COLUMNS.split(",") if c.strip() != "case_id"]
_D_PAIRS = [(c, f"d_{c}") for c in _D_COLUMNS]  # a deadline's column, as `FOR_CHANGE` names it
FOR_CHANGE = (
    "SELECT " + ", ".join(f"c.{c.strip()}" for c in _reader.CASE_COLUMNS.split(","))
    + ", (SELECT COALESCE(MAX(l.seq), 0) FROM letter l WHERE l.case_id = c.id) AS "
    "last_letter, " + ", ".join(f"d.{c} AS d_{c}" for c in _D_COLUMNS)
    + " FROM complaint_case c LEFT JOIN deadline d ON d.case_id = c.id WHERE ")


@dataclass(frozen=True)
class _DriverSQL:
    """A write statement as the driver takes it, made once per dialect and set of
    parameter names: its SQL, and for each of its parameters the name it is read from
    (or a constant's value) and SQLAlchemy's own conversion of it for this dialect."""

    sql: str
    positional: bool
    params: tuple[tuple[str, str | None, Any, Callable[[Any], Any] | None], ...]

    @cached_property
    def row(self) -> Callable[[Mapping[str, Any]], Any]:
        """What the driver takes for one row. Positional parameters that are all read
        from the row are picked by one `itemgetter` (a batch sends thousands of rows),
        the few that need converting converted after."""
        params = self.params

        def values(row: Mapping[str, Any]) -> list[Any]:
            return [value if key is None else convert(row[key]) if convert else row[key]
                    for _, key, value, convert in params]

        if not self.positional:
            names = [name for name, _, _, _ in params]
            return lambda row: dict(zip(names, values(row), strict=True))
        keys = [key for _, key, _, _ in params]
        if len(keys) < 2 or None in keys:
            return lambda row: tuple(values(row))
        pick = itemgetter(*keys)
        converts = [(i, c) for i, (_, _, _, c) in enumerate(params) if c is not None]

        def made(row: Mapping[str, Any]) -> tuple[Any, ...]:
            values = list(pick(row))
            for i, convert in converts:
                values[i] = convert(values[i])
            return tuple(values)

        return made if converts else pick


@lru_cache(maxsize=512)
def _text(sql: str) -> TextClause:
    """A reader's SQL as a clause, made once: `text` parses the SQL for its parameters
    each time, and an action, a runner's batch and a list send the same few again."""
    return text(sql)


# A reader's SQL met again, with the names of its columns in order: SQLAlchemy then keeps
# the result's description with the compiled statement rather than working it out from
# the cursor's for every execution (a case's read has 33 columns). SQL met once (a
# runner's batch names its cases in it) is only noted.
_READS: dict[str, TextualSelect] = {}
_MET: set[str] = set()


def _remember_read(sql: str, names: tuple[str, ...]) -> None:
    if len(set(names)) != len(names) or "*" in sql.replace("COUNT(*)", ""):
        return  # names that repeat, or columns that could change with the schema
    if sql not in _MET:
        if len(_MET) >= 1024:
            _MET.clear()
        _MET.add(sql)
        return
    if len(_READS) >= 512:
        _READS.clear()
    _READS[sql] = _text(sql).columns(*(column(n) for n in names))


_DRIVER_SQL: dict[tuple[str, Any, tuple[str, ...]], _DriverSQL] = {}


def _driver_sql(dialect: Any, stmt: Any, keys: tuple[str, ...]) -> _DriverSQL:
    known = _DRIVER_SQL.get((dialect.name, stmt, keys))
    if known is not None:
        return known
    compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
    positional = bool(compiled.positional)
    names = list(compiled.positiontup) if positional else list(compiled.binds)
    if "POSTCOMPILE" in compiled.string or getattr(compiled, "escaped_bind_names", None):
        raise ValueError(f"not a statement for write_many: {compiled.string}")
    params = []
    for name in names:
        bind = compiled.binds[name]
        convert = bind_converter(bind.type.dialect_impl(dialect), dialect)
        if name in keys:
            params.append((name, name, None, convert))
        elif bind.callable is None and bind.value is not None:  # a constant of the SQL
            params.append((name, None, convert(bind.value) if convert else bind.value,
                           None))
        else:
            raise ValueError(f"write_many: no value for {name} in {compiled.string}")
    made = _DRIVER_SQL[(dialect.name, stmt, keys)] = _DriverSQL(
        compiled.string, positional, tuple(params))
    return made


# SQLite's default form of a stored instant (SQLAlchemy's `DATETIME` storage format)
SQLITE_INSTANT = ("%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d"
                  ".%(microsecond)06d")


def bind_converter(impl: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The type's bind processor; for SQLite's instants in their default form, one that
    gives a naive datetime's text by `isoformat` (the same characters, made in C: a
    runner's batch converts tens of thousands) and leaves the rest to SQLAlchemy's."""
    convert: Callable[[Any], Any] | None = impl.bind_processor(dialect)
    if (convert is None or dialect.name != "sqlite" or type(impl).__name__ != "DATETIME"
            or getattr(impl, "_storage_format", None) != SQLITE_INSTANT):
        return convert
    slow = convert
    # the instant converted last and its text, as one tuple (read and replaced whole,
    # so threads sharing the statement never pair one instant with another's text)
    last: list[tuple[Any, str]] = [(object(), "")]

    def instant_text(value: Any) -> Any:
        known = last[0]
        if value is known[0]:  # a batch's rows share its stamp
            return known[1]
        if type(value) is datetime and value.tzinfo is None:
            text = value.isoformat(" ", "microseconds")
            last[0] = (value, text)
            return text
        return slow(value)

    return instant_text


def write_many(conn: Connection, stmt: Any, rows: Sequence[Mapping[str, Any]]) -> Any:
    """Execute a module-level INSERT or UPDATE (kept: the compiled SQL is cached by the
    statement) for `rows`, which name the same parameters: one statement, several rows
    sent to the driver's executemany. The SQL and each value are exactly what
    `conn.execute(stmt, rows)` sends, compiled once rather than for each call; it goes
    through `exec_driver_sql`, so the engine's events and errors are the usual ones.
    Returns the cursor result (rows of a RETURNING, or the rows changed)."""
    sql = _driver_sql(conn.dialect, stmt, tuple(rows[0]))
    made = list(map(sql.row, rows))
    return conn.exec_driver_sql(sql.sql, made[0] if len(made) == 1 else made)


class _Fetcher(_reader.Fetcher):
    """The store's fetch: every row fetched at once and each made a dict from the
    result's column names (what `dict(row._mapping)` gives, without its per-row
    cost: a runner's batch reads hundreds of rows)."""

    def __init__(self, run: Callable[[str, Mapping[str, Any], bool], Iterator[Any]],
                 conn: Connection) -> None:
        super().__init__(run)
        self._conn = conn

    def __call__(self, sql: str, params: Mapping[str, Any]) -> Sequence[_reader.Row]:
        known = _READS.get(sql)
        result = self._conn.execute(known if known is not None else _text(sql), dict(params))
        names = tuple(result.keys())
        if known is None:
            _remember_read(sql, names)
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


@dataclass(frozen=True)
class Loaded:
    """A case as read for a change, with what writing it needs from its row (the id and
    the head of its hash chain), so the write reads nothing of the case again: its
    version check says whether anything changed since."""

    case_id: int
    case: Case
    event_count: int
    head_hash: str
    last_letter: int | None = None  # the number of its newest letter, when read with it

    @classmethod
    def of(cls, case_id: int, case: Case, row: Mapping[str, Any]) -> Loaded:
        last = row.get("last_letter")
        return cls(case_id, case, int(row["event_count"]), str(row["head_hash"]),
                   None if last is None else int(last))


def case_values(case: Case, data: str | None = None) -> dict[str, Any]:
    """A case's changeable columns as they are stored (the runner's batches write the
    same). `data`: its data as stored, when the caller read it and it is unchanged."""
    return {"state": case.state, "data": _json_object(case.data) if data is None else data,
            "handlers": _json_object(case.handlers),
            "last_event_at": _naive(case.last_event_at), "email": case.email,
            "channel": case.channel, "address": case.address,
            "adjustments": _json_object(case.adjustments)}


def _json_object(values: Mapping[str, Any]) -> str:
    """A JSON object column as stored; the empty one (most cases' handlers and
    adjustments) without the encoder, which every case written would run."""
    return canonical_json(dict(values)) if values else "{}"


def deadline_values(d: Deadline) -> dict[str, Any]:
    return {"due": d.due, "due_at": _naive(d.due_at), "status": d.status,
            "completed_at": _naive(d.completed_at), "extended_by": d.extended_by,
            "note": d.note, "breached_at": _naive(d.breached_at), "letter_seq": d.letter_seq}


AUDIT_KEY = "REDRESS_AUDIT_KEY"
CLOSURES_AHEAD = timedelta(days=400)  # how far past an event its calendar is recorded


def letter_values(case_id: int, seq: int, event_seq: int, ltr: Letter) -> dict[str, Any]:
    """A new letter's row, as stored: the exact text and HTML, not yet left."""
    return {"case_id": case_id, "seq": seq, "event_seq": event_seq, "kind": ltr.kind,
            "action": ltr.action, "channel": ltr.channel, "recipient": ltr.recipient,
            "subject": ltr.subject, "text": ltr.text, "html": ltr.html,
            "large_print": ltr.large_print, "dispatch": ltr.dispatch,
            "template": ltr.template, "content_hash": ltr.content_hash,
            "created_at": naive(ltr.created_at), "left_at": None, "left_by": None,
            "left_note": "", "withdrawn_at": None, "withdrawn_by": None, "redacted_at": None,
            "pdf": ltr.pdf}


def queued_values(case_id: int | None, letter_id: int | None, channel: str, now: datetime,
                  alert_id: int | None = None) -> dict[str, Any]:
    """A new outbox row, ready to send at once, as the values of an insert (every
    column set)."""
    return {"case_id": case_id, "letter_id": letter_id, "alert_id": alert_id,
            "channel": channel,
            "state": "queued", "step": "", "attempts": 0, "next_attempt_at": now,
            "claimed_by": None, "claimed_until": None, "message_id": "", "message": None,
            "sender": "", "recipient": "", "reply": "", "last_error": "", "created_at": now,
            "updated_at": now, "sent_at": None, "resolved_by": None, "note": ""}

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
    """An instant as stored: naive UTC (one already in UTC, as most are, kept as it is
    rather than converted again)."""
    if instant.tzinfo is UTC:
        return instant.replace(tzinfo=None)
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
        self._facts: dict[str, frozenset[str]] = {}  # a definition's, by digest: `_seal`
        self._stored: set[str] = set()  # digests of definitions known to be in the database
        # the calendar's closures near a day, and the context that holds them alone
        self._near: dict[tuple[frozenset[date], date], tuple[tuple[str, ...], str]] = {}
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
        def run(sql: str, params: Mapping[str, Any], stream: bool) -> Iterator[Any]:
            # streamed rows come from a server-side cursor on PostgreSQL, a batch at a time
            options = {"stream_results": True, "yield_per": 500} if stream else {}
            return (r._mapping for r in conn.execute(_text(sql), dict(params),
                                                     execution_options=options))

        return _Fetcher(run, conn)

    @contextmanager
    def reading(self, *, one_statement: bool = False) -> Iterator[_reader.Fetch]:
        """A read-only connection whose statements all see the database as the first
        did, so rows read by separate statements agree while others write (as the
        read-only views do: SQLite's read transaction gives it; PostgreSQL's default,
        READ COMMITTED, would give each statement a snapshot of its own).
        `one_statement`: each statement the reader sends is whole by itself (it reads
        nothing that must agree with another statement), so on SQLite it is sent in no
        transaction of its own: an action's read of its case costs no BEGIN."""
        try:
            with self.engine.connect() as conn:
                if not self.is_sqlite and not one_statement:
                    conn.execution_options(isolation_level="REPEATABLE READ",
                                           postgresql_readonly=True)
                conn.info["deferred"] = True  # readers need no write lock
                if one_statement:
                    conn.info["single"] = True
                try:
                    yield self.fetch(conn)
                finally:
                    conn.info.pop("deferred", None)
                    conn.info.pop("single", None)
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
            self._stored.add(digest)
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
        """One unit of work, committed when the block ends (rolled back if it raises); on
        SQLite it holds the write lock from its first statement."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except DBAPIError as exc:
            raise self._error(exc) from None

    def create(self, decision: Decision, defn: WorkflowDefinition, ref: str | None,
               letters: Sequence[Letter] = (), wakeups: Plan = _NO_PLAN,
               mailer: Mailer | None = None) -> str:
        """Insert a new case with its first event; return its reference."""
        return self.create_case(decision, defn, ref, letters, wakeups, mailer).ref

    def create_case(self, decision: Decision, defn: WorkflowDefinition, ref: str | None,
                    letters: Sequence[Letter] = (), wakeups: Plan = _NO_PLAN,
                    mailer: Mailer | None = None) -> Case:
        """`create`, returning the case as `load` would read it back, built from the
        rows it wrote (as `load` builds it from the rows it reads), so nothing is read
        again."""
        case = decision.case
        now = _naive(decision.event.at)
        received_at = _naive(case.received_at)
        assert now is not None and received_at is not None
        with self.writing() as conn:
            self._definitions.setdefault(defn.digest, defn)
            if defn.digest not in self._stored:
                # two first cases on one definition at once store it once
                conn.execute(text(
                    "INSERT INTO workflow_definition (digest, name, resolved, created_at) "
                    "VALUES (:d, :n, :r, :at) ON CONFLICT (digest) DO NOTHING"),
                    {"d": defn.digest, "n": defn.name, "r": ordered_json(defn.resolved),
                     "at": self.stamp(now)})
            given = ref or f"pending-{uuid4().hex}"
            try:
                case_id = int(write_many(conn, ADD_CASE, [row := {
                    "ref": given, "ref_key": ref_key(given), "workflow": case.workflow,
                    "digest": case.digest, "state": case.state, "received": case.received,
                    "received_at": received_at, "resident": case.resident,
                    "email": case.email, "channel": case.channel, "summary": case.summary,
                    "data": canonical_json(dict(case.data)),
                    "handlers": canonical_json(dict(case.handlers)), "version": 1,
                    "last_event_at": now, "created_at": now, "event_count": 0,
                    "head_hash": GENESIS, "address": case.address,
                    "adjustments": canonical_json(dict(case.adjustments)), "held": "",
                    "erased_at": None,
                }]).scalar_one())
            except IntegrityError:
                raise DuplicateCase(ref or "?") from None
            final = ref or f"{case.received.year}-{case_id:05d}"
            opened = {"received_at": received_at.isoformat(), "channel": case.channel,
                      "email": case.email, "address": case.address, "summary": case.summary}

            def head(count: int, digest: str) -> None:
                # the reference it was given (YEAR-NNNNN from its id) and its chain's head
                write_many(conn, SET_HEAD, [{"b_id": case_id, "ref": final,
                                             "ref_key": ref_key(final),
                                             "event_count": count, "head_hash": digest}])

            self._write(conn, case_id, replace(decision, case=replace(case, ref=final)),
                        0, GENESIS, (), letters, wakeups, mailer, opened, head, 0)
        self._stored.add(defn.digest)
        deadlines = sorted(({"seq": d.seq, "name": d.name, "code": d.code,
                             "started_on": d.started_on, **deadline_values(d),
                             # as `_write` records the first letter answering it
                             **({"letter_seq": 1} if d.seq in decision.answers and letters
                                else {})}
                            for d in case.deadlines), key=lambda d: d["seq"])
        return _reader.case_from({**row, "ref": final},
                                 [_reader.deadline_from(d) for d in deadlines])

    @contextmanager
    def for_change(self) -> Iterator[Connection | None]:
        """Where an action reads its case and then writes it. On PostgreSQL, one
        transaction (no row is locked until the case's UPDATE). On SQLite, None: the
        read and the write are transactions of their own, so the database is not held
        while the action decides and its letters are made; the write's version check
        refuses it if the case changed in between."""
        if self.is_sqlite:
            yield None
            return
        with self.writing() as conn:
            yield conn

    def load_for_change(self, ref: str, conn: Connection | None = None) -> Loaded:
        """A case as an action reads it (once, before it decides): see `Loaded`."""
        if conn is not None:
            return self._load_for_change(self.fetch(conn), ref)
        with self.reading(one_statement=True) as fetch:
            return self._load_for_change(fetch, ref)

    @staticmethod
    def _load_for_change(fetch: _reader.Fetch, ref: str) -> Loaded:
        # found by any spelling of its reference, the exact one first (`case_row`)
        rows = (fetch(FOR_CHANGE + "c.ref = :ref ORDER BY d.seq", {"ref": ref})
                or fetch(FOR_CHANGE + "c.ref_key = :key ORDER BY d.seq",
                         {"key": ref_key(ref)}))
        if not rows:
            raise CaseNotFound(ref)
        row = rows[0]
        deadlines = [_reader.deadline_from({c: r[d] for c, d in _D_PAIRS})
                     for r in rows if r["d_seq"] is not None]
        return Loaded.of(row["id"], _reader.case_from(row, deadlines), row)

    def commit(self, decision: Decision, expected_version: int,
               letters: Sequence[Letter] = (), wakeups: Plan = _NO_PLAN,
               mailer: Mailer | None = None, *, loaded: Loaded | None = None,
               conn: Connection | None = None) -> list[int]:
        """Save a decision and the letters it produced, if the case is still at
        `expected_version`, else refuse. Returns the letters' numbers within the case.
        `conn`: the transaction `for_change` gave, if any."""
        if conn is not None:
            return self.commit_in(conn, decision, expected_version, letters, wakeups, mailer,
                                  loaded=loaded)
        with self.writing() as fresh:
            return self.commit_in(fresh, decision, expected_version, letters, wakeups,
                                  mailer, loaded=loaded)

    def commit_in(self, conn: Connection, decision: Decision, expected_version: int,
                  letters: Sequence[Letter] = (), wakeups: Plan = _NO_PLAN,
                  mailer: Mailer | None = None,
                  context: Mapping[str, Any] | None = None,
                  *, loaded: Loaded | None = None) -> list[int]:
        """`commit` inside a transaction the caller holds (the runner fires wake-ups so).

        With `loaded` (the case as the caller read it) nothing of the case is read again;
        without, its id, chain head and deadlines are read here, once. Either way the
        case row is written once, by one version-checked UPDATE that also advances its
        hash chain."""
        case = decision.case
        if loaded is None:
            found = conn.execute(HEAD_OF, {"r": case.ref}).first()
            if found is None:
                raise CaseNotFound(case.ref)
            case_id, count, head = int(found[0]), int(found[1]), str(found[2])
            old: Sequence[Deadline] = [
                _reader.deadline_from(d) for d in self.fetch(conn)(
                    _reader.DEADLINES_OF, {"case_id": case_id})]
            last = None
        else:
            case_id, count, head = loaded.case_id, loaded.event_count, loaded.head_hash
            old = loaded.case.deadlines
            last = loaded.last_letter

        def head_of(n: int, digest: str) -> None:
            result = write_many(conn, SET_CASE, [{
                "b_id": case_id, "b_version": expected_version,
                "version": expected_version + 1, **case_values(case),
                "event_count": n, "head_hash": digest}])
            if result.rowcount != 1:
                raise ChangedMeanwhile(case.ref)

        return self._write(conn, case_id, decision, count, head, old, letters, wakeups,
                           mailer, context, head_of, last)

    def _write(self, conn: Connection, case_id: int, decision: Decision,
               count: int, head: str, old: Sequence[Deadline],
               letters: Sequence[Letter], wakeups: Plan, mailer: Mailer | None,
               context: Mapping[str, Any] | None,
               write_case: Callable[[int, str], None],
               last_letter: int | None = None) -> list[int]:
        """Append the event (advancing the case's hash chain), write the case row once
        (`write_case(event_count, head_hash)`), then what changed beside it: deadlines
        (only those that differ from `old`), the letters the event produced and the
        outbox rows of the automatic ones, and the wake-ups. Multi-row statements where
        there are several rows."""
        case, ev = decision.case, decision.event
        last = 0
        if letters:
            last = last_letter if last_letter is not None else int(
                conn.execute(LAST_LETTER, {"c": case_id}).scalar_one())
        made = {"letters": [[n, ltr.content_hash] for n, ltr in
                            enumerate(letters, start=last + 1)]} if letters else {}
        content, digest, personal = self._seal(case_id, case.ref, case.digest, ev, count + 1,
                                               head, {**(context or {}), **made})
        write_case(count + 1, digest)
        if personal:
            write_many(conn, ADD_PERSONAL, personal)
        before = {d.seq: d for d in old}
        changed, added = [], []
        for d in case.deadlines:
            values = deadline_values(d)
            if d.seq in decision.answers and letters:
                values["letter_seq"] = last + 1  # the action's first letter answers it
            was = before.get(d.seq)
            if was is None:
                added.append({"case_id": case_id, "seq": d.seq, "name": d.name,
                              "code": d.code, "started_on": d.started_on, **values})
            elif deadline_values(was) != values:
                changed.append({"b_case": case_id, "b_seq": d.seq, **values})
        if changed:
            write_many(conn, SET_DEADLINE, changed)
        if added:
            write_many(conn, ADD_DEADLINES, added)
        write_many(conn, ADD_EVENTS, [{"case_id": case_id, **content}])
        self._write_wakeups(conn, case_id, wakeups, now=_naive(ev.at))
        numbers = []
        for n, ltr in enumerate(letters, start=last + 1):
            row = letter_values(case_id, n, count + 1, ltr)
            letter_id = int(write_many(conn, ADD_LETTER, [row]).scalar_one())
            if ltr.dispatch == "automatic":
                out = queued_values(case_id, letter_id, ltr.channel, row["created_at"])
                if mailer is not None and ltr.channel == "email":
                    mailed = mailer(case.ref, case.resident, {**row, "id": letter_id})
                    out.update(message=mailed.data, sender=mailed.sender,
                               message_id=mailed.message_id, recipient=ltr.recipient)
                write_many(conn, ADD_OUTBOX, [out])
            numbers.append(n)
        return numbers

    @staticmethod
    def _write_wakeups(conn: Connection, case_id: int, wakeups: Plan,
                       now: datetime | None) -> None:
        assert now is not None
        stale, add = wakeups
        if stale:
            write_many(conn, CANCEL_JOBS, [{"b_case": case_id, "b_seq": seq}
                                           for seq in sorted(stale)])
        if add:
            write_many(conn, ADD_JOBS, [
                {"case_id": case_id, "deadline_seq": w.seq, "kind": w.kind,
                 "due_at": naive(w.due_at), "state": "pending",
                 "detail": canonical_json(dict(w.detail)), "created_at": now,
                 "fired_at": None, "fired_by": None, "outcome": ""} for w in add])

    def seal_event(self, conn: Connection, case_id: int, ref: str, digest: str, ev: Event,
                   seq: int, head: str, context: Mapping[str, Any] | None = None
                   ) -> tuple[dict[str, Any], str]:
        """The next link of a case's chain, as stored: personal values kept apart (their
        tokens in the event, the values and salts written here), the event's context
        (the calendar it was decided with and what else a replay needs), hashed (with
        the audit key when one is set). Returns the row's values and its hash."""
        content, hashed, personal = self._seal(case_id, ref, digest, ev, seq, head, context)
        if personal:
            write_many(conn, ADD_PERSONAL, personal)
        return content, hashed

    def _closures_near(self, day: date) -> list[str]:
        """The calendar's closures within `CLOSURES_AHEAD` of `day`, as an event records
        them; worked out once a day for the calendar in use (a runner's batch seals
        hundreds of events on one day)."""
        return list(self._near_day(day)[0])

    def _calendar_context(self, day: date) -> str:
        """An event's context when it holds only the calendar, as stored."""
        return self._near_day(day)[1]

    def _near_day(self, day: date) -> tuple[tuple[str, ...], str]:
        key = (self.closures, day)
        known = self._near.get(key)
        if known is None:
            if len(self._near) > 64:
                self._near.clear()
            near = tuple(sorted(d.isoformat() for d in self.closures
                                if day - CLOSURES_AHEAD <= d <= day + CLOSURES_AHEAD))
            known = self._near[key] = (near, canonical_json({"closures": list(near)}))
        return known

    def _seal(self, case_id: int, ref: str, digest: str, ev: Event, seq: int, head: str,
              context: Mapping[str, Any] | None = None
              ) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
        """`seal_event` without writing: also returns the personal values' rows."""
        defn = self.definition(digest)
        facts = self._facts.get(digest)
        if facts is None:
            facts = self._facts[digest] = facts_of(defn)
        sealer = Sealer(defn, lambda: secrets.token_hex(16), facts)
        day = local_date(ev.at)
        if context:
            ctx: dict[str, Any] = {"closures": self._closures_near(day)}
            for key, value in context.items():
                personal = key in CONTACT and isinstance(value, str) and value
                ctx[key] = sealer.token(value) if personal else value
            context_text = canonical_json(ctx)
        else:  # the commonest context: the calendar alone, the same all day
            context_text = self._calendar_context(day)
        fields = sealer.fields(ev.action, ev.fields)
        changes = sealer.changes(ev.changes)
        content = {"seq": seq, "action": ev.action, "actor": ev.actor,
                   "from_state": ev.from_state, "to_state": ev.to_state,
                   "fields": canonical_json(fields), "changes": canonical_json(changes),
                   "clock_at": _naive(ev.at), "recorded_at": _naive(datetime.now(UTC)),
                   "context": context_text, "keyed": self.audit_key is not None}
        hashed = event_hash(head, ref, content, self.audit_key)
        rows = [{"case_id": case_id, "digest": d, "salt": salt, "value": value,
                 "erased_at": None} for d, salt, value in sealer.values]
        return {**content, "prev_hash": head, "hash": hashed}, hashed, rows

    # --- letters leaving --------------------------------------------------------------

    def letter_left_in(self, conn: Connection, case_id: int, seq: int,
                       left_at: datetime, *, by: str, how: str, calendar: WorkingCalendar,
                       now: datetime, remind_at: time = DEFAULT_REMIND_AT,
                       known: Loaded | None = None,
                       letter: Mapping[str, Any] | None = None) -> bool:
        """Record, once, that letter `seq` left (in the caller's transaction): a
        `letter_sent` event in the case's chain, meeting the deadlines it answers. False
        if it had already left or was withdrawn. `known`: the case as the caller read it
        in this transaction; on SQLite, which holds the database from the transaction's
        start, it is used as read; on PostgreSQL the case is read again under its lock.
        `letter`: the letter's kind and the state its event left the case in, if the
        caller has read them."""
        # (plain SQL, as ever: on SQLite its instant is stored in the driver's own form)
        marked = conn.execute(text(
            "UPDATE letter SET left_at = :at, left_by = :by, left_note = :how WHERE case_id = "
            ":c AND seq = :n AND left_at IS NULL AND withdrawn_at IS NULL"),
            {"at": naive(left_at), "by": by, "how": how, "c": case_id, "n": seq})
        if not marked.rowcount:
            return False
        fetch = self.fetch(conn)
        if known is None or not self.is_sqlite:
            # hold the case while it is read and written, so that a runner firing its
            # wake-ups at the same moment waits rather than changing it underneath
            row = fetch(f"SELECT {_reader.CASE_COLUMNS} FROM complaint_case WHERE id = :c"
                        + ("" if self.is_sqlite else " FOR NO KEY UPDATE"), {"c": case_id})[0]
            deadlines = [_reader.deadline_from(d)
                         for d in fetch(_reader.DEADLINES_OF, {"case_id": case_id})]
            known = Loaded.of(case_id, _reader.case_from(row, deadlines), row)
        found = letter or fetch("SELECT l.kind, e.to_state FROM letter l JOIN case_event e "
                                "ON e.case_id = l.case_id AND e.seq = l.event_seq WHERE "
                                "l.case_id = :c AND l.seq = :n", {"c": case_id, "n": seq})[0]
        case = known.case
        defn = self.definition(case.digest)
        decision = letter_left(defn, calendar, case, seq, found["kind"], found["to_state"],
                               left_at, how, by, now)
        self.commit_in(conn, decision, case.version,
                       wakeups=plan(defn, calendar, case, decision, remind_at),
                       context={"left_at": naive(left_at).isoformat()}, loaded=known)
        return True

    def letter_sent(self, ref: str, seq: int, on: date | None, note: str, actor: str,
                    calendar: WorkingCalendar, now: datetime,
                    remind_at: time = DEFAULT_REMIND_AT) -> datetime:
        """An officer records that a letter left by another route (posted or handed over
        by hand) on `on` (default: now). Returns when it is recorded to have left."""
        with self.writing() as conn:
            fetch = self.fetch(conn)
            known = self._load_for_change(fetch, ref)
            case_id = known.case_id
            found = fetch(LETTER_LEAVING, {"c": case_id, "n": seq})
            letter = found[0] if found else _reader.letter_of(fetch, ref, case_id, seq)
            _not_gone(ref, seq, letter)
            outbox = ([{"id": letter["outbox_id"], "state": letter["outbox_state"]}]
                      if letter["outbox_id"] is not None else [])
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
            self.letter_left_in(conn, case_id, seq, left_at, by=actor, how=how,
                                calendar=calendar, now=now, remind_at=remind_at,
                                known=known, letter=letter)
            return left_at

    def withdraw_letter(self, ref: str, seq: int, note: str, actor: str,
                        calendar: WorkingCalendar, now: datetime,
                        remind_at: time = DEFAULT_REMIND_AT) -> Decision:
        """Withdraw a letter that has not left, to redraft it (it stays in the record,
        marked withdrawn); a queued one is taken out of the outbox."""
        with self.writing() as conn:
            fetch = self.fetch(conn)
            known = self._load_for_change(fetch, ref)
            case_id, case = known.case_id, known.case
            letter = _reader.letter_of(fetch, ref, case_id, seq)
            _not_gone(ref, seq, letter)
            outbox = _outbox_of(fetch, case_id, seq)
            if outbox and outbox[0]["state"] not in ("queued", "failed"):
                raise ActionRefused(f"letter {seq} of case {ref} is {outbox[0]['state']} in "
                                    "the outbox; it may already have reached the resident, so "
                                    "it cannot be withdrawn")
            if outbox:
                conn.execute(text("UPDATE outbox SET state = 'cancelled', updated_at = :now, "
                                  "note = :note WHERE id = :i AND state IN ('queued', "
                                  "'failed')"),
                             {"now": naive(now), "i": outbox[0]["id"],
                              "note": f"letter withdrawn by {actor}"})
            event = fetch("SELECT from_state, to_state FROM case_event WHERE case_id = :c AND "
                          "seq = :n", {"c": case_id, "n": letter["event_seq"]})[0]
            defn = self.definition(case.digest)
            decision = letter_withdrawn(defn, case, seq, letter["kind"], event["from_state"],
                                        event["to_state"], note, actor, now)
            conn.execute(text("UPDATE letter SET withdrawn_at = :now, withdrawn_by = :by "
                              "WHERE case_id = :c AND seq = :n"),
                         {"now": naive(now), "by": actor, "c": case_id, "n": seq})
            self.commit_in(conn, decision, case.version,
                           wakeups=plan(defn, calendar, case, decision, remind_at),
                           loaded=known)
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
        if not conn.info.get("single"):  # (one statement is a transaction by itself)
            conn.exec_driver_sql("BEGIN" if conn.info.get("deferred") else "BEGIN IMMEDIATE")

"""Read queries shared by the full store and the fast read-only path.

Queries are plain SQL with :named parameters, which both the standard library's sqlite3
and SQLAlchemy's `text()` accept, so `redress case show` on SQLite can answer without
importing SQLAlchemy while PostgreSQL runs the very same statements.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from .._errors import CaseNotFound
from ..cases._clock import instant
from ..cases._core import Case, Deadline
from ..cases._privacy import TOKEN, resolve
from ..cases._refs import ref_key

Row = Mapping[str, Any]
Fetch = Callable[[str, Mapping[str, Any]], Sequence[Row]]
Stream = Callable[[str, Mapping[str, Any]], Iterator[Row]]


class Fetcher:
    """A fetch (every row, as a list of dicts) that can also stream: `stream` yields rows
    as the cursor gives them, so a long list is written without being held whole."""

    def __init__(self, run: Callable[[str, Mapping[str, Any], bool], Iterable[Any]]) -> None:
        self._run = run  # (sql, params, stream) -> rows

    def __call__(self, sql: str, params: Mapping[str, Any]) -> Sequence[Row]:
        return [dict(r) for r in self._run(sql, params, False)]

    def stream(self, sql: str, params: Mapping[str, Any]) -> Iterator[Row]:
        """Rows as the driver gives them (read by column name), not copied into dicts."""
        return iter(self._run(sql, params, True))


def streaming(fetch: Fetch) -> Stream:
    """The streaming form of a fetch; a plain callable (a test's) gives its list."""
    if isinstance(fetch, Fetcher):
        return fetch.stream
    return lambda sql, params: iter(fetch(sql, params))

CASE_COLUMNS = (
    "id, ref, workflow, digest, state, received, received_at, resident, email, channel, "
    "summary, data, handlers, version, last_event_at, event_count, head_hash, address, "
    "adjustments"
)
CASE_BY_KEY = f"SELECT {CASE_COLUMNS} FROM complaint_case WHERE ref_key = :key"
CASE_BY_REF = f"SELECT {CASE_COLUMNS} FROM complaint_case WHERE ref = :ref"
DEADLINE_COLUMNS = ("case_id, seq, name, code, started_on, due, due_at, status, completed_at, "
                    "extended_by, note, breached_at, letter_seq")
DEADLINES_OF = f"SELECT {DEADLINE_COLUMNS} FROM deadline WHERE case_id = :case_id ORDER BY seq"
EVENTS_OF = (
    "SELECT case_id, seq, action, actor, from_state, to_state, fields, changes, clock_at, "
    "recorded_at, prev_hash, hash, context, keyed FROM case_event WHERE case_id = :case_id "
    "ORDER BY seq"
)
PERSONAL_OF = "SELECT digest, salt, value FROM personal_value WHERE case_id = :case_id"
DEFINITION = "SELECT resolved FROM workflow_definition WHERE digest = :digest"
SCHEMA_VERSION = "SELECT version_num FROM alembic_version"
LETTER_COLUMNS = (
    "seq, event_seq, kind, action, channel, recipient, subject, large_print, dispatch, "
    "template, content_hash, created_at, left_at, left_by, left_note, withdrawn_at"
)
LETTERS_OF = (f"SELECT {LETTER_COLUMNS}, (SELECT o.state FROM outbox o WHERE o.letter_id = "
              "letter.id) AS sending FROM letter WHERE case_id = :case_id ORDER BY seq")
LETTER = (f"SELECT {LETTER_COLUMNS}, text, html FROM letter WHERE case_id = :case_id "
          "AND seq = :seq")
SCHEMA_HEAD = "0008"  # the newest migration; checked without importing Alembic


def day(value: Any) -> date:
    if type(value) is str:  # SQLite's text, the commonest
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def deadline_from(row: Row) -> Deadline:
    return Deadline(
        seq=row["seq"], name=row["name"], code=row["code"], started_on=day(row["started_on"]),
        due=day(row["due"]), status=row["status"], completed_at=instant(row["completed_at"]),
        extended_by=row["extended_by"], due_at=instant(row["due_at"]),
        note=row["note"] or "", breached_at=instant(row["breached_at"]),
        letter_seq=row["letter_seq"],
    )


def case_from(row: Row, deadlines: Sequence[Deadline]) -> Case:
    received_at = instant(row["received_at"])
    assert received_at is not None
    return Case(
        ref=row["ref"], workflow=row["workflow"], digest=row["digest"], state=row["state"],
        received=day(row["received"]), received_at=received_at, resident=row["resident"],
        email=row["email"], channel=row["channel"], summary=row["summary"],
        data=_object(row["data"]), handlers=_object(row["handlers"]),
        deadlines=tuple(deadlines), last_event_at=instant(row["last_event_at"]),
        version=row["version"], address=row["address"] or "",
        adjustments=_object(row["adjustments"] or "{}"),
    )


def _object(text: str) -> Any:
    """A JSON object column, as `json.loads` reads it; the empty one (most cases'
    handlers and adjustments) without the parser, which a long list would run for each."""
    return {} if text == "{}" else json.loads(text)


def case_row(fetch: Fetch, ref: str) -> Row:
    """A case's row, found by any spelling of its reference (`WEB-42 `, `web-42`). The
    exact spelling comes first: two cases an earlier release opened under spellings
    that now compare equal are each found by their own."""
    rows = fetch(CASE_BY_REF, {"ref": ref}) or fetch(CASE_BY_KEY, {"key": ref_key(ref)})
    if not rows:
        raise CaseNotFound(ref)
    return rows[0]


def load_case(fetch: Fetch, ref: str) -> tuple[int, Case, Row]:
    row = case_row(fetch, ref)
    deadlines = [deadline_from(d) for d in fetch(DEADLINES_OF, {"case_id": row["id"]})]
    return row["id"], case_from(row, deadlines), row


def raw_events_of(fetch: Fetch, case_id: int) -> Sequence[Row]:
    """A case's events as stored and hashed: personal values as tokens."""
    return fetch(EVENTS_OF, {"case_id": case_id})


def personal_values(fetch: Fetch, case_id: int) -> dict[str, str | None]:
    """digest -> value (None once erased) of the personal values a case's events name."""
    return {r["digest"]: r["value"] for r in fetch(PERSONAL_OF, {"case_id": case_id})}


def events_of(fetch: Fetch, case_id: int) -> Sequence[Row]:
    """A case's events as people read them: personal values in place (or "[erased]")."""
    rows = raw_events_of(fetch, case_id)
    if not any(TOKEN in r["fields"] or TOKEN in r["changes"] for r in rows):
        return rows
    values = personal_values(fetch, case_id)
    return [{**r, "fields": json.dumps(resolve(json.loads(r["fields"]), values),
                                       sort_keys=True, separators=(",", ":")),
             "changes": json.dumps(resolve(json.loads(r["changes"]), values),
                                   sort_keys=True, separators=(",", ":"))} for r in rows]


def letters_of(fetch: Fetch, case_id: int) -> Sequence[Row]:
    return fetch(LETTERS_OF, {"case_id": case_id})


def letter_of(fetch: Fetch, ref: str, case_id: int, seq: int) -> Row:
    from .._errors import InvalidInput

    rows = fetch(LETTER, {"case_id": case_id, "seq": seq})
    if not rows:
        known = [str(r["seq"]) for r in letters_of(fetch, case_id)]
        listed = f"; its letters: {', '.join(known)}" if known else "; it has no letters"
        raise InvalidInput(f"case {ref} has no letter {seq}{listed}")
    return rows[0]


def resolved_definition(fetch: Fetch, digest: str) -> dict[str, Any]:
    rows = fetch(DEFINITION, {"digest": digest})
    return dict(json.loads(rows[0]["resolved"]))


def sqlite_path(url: str) -> str | None:
    """The file behind a sqlite:/// URL, or None for other databases and memory."""
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///") :].split("?")[0]
    path = path.removeprefix("file:")  # URI form: sqlite:///file:PATH?...&uri=true
    return None if path in ("", ":memory:") else path


@contextmanager
def sqlite_reader(path: str) -> Iterator[Fetch | None]:
    """A read-only fetcher on a SQLite file using only the standard library.

    Yields None when the file cannot be read this way (not migrated to the current
    schema, not a database): the caller then goes through the full store, which
    migrates it or says what is wrong.
    """
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        yield None
        return
    conn.row_factory = sqlite3.Row
    # one read transaction for the whole view (its snapshot taken by the first read): a
    # case's row and its events, read by two statements, agree while others write
    conn.isolation_level = None

    fetch = Fetcher(lambda sql, params, _stream: conn.execute(sql, dict(params)))

    try:
        try:
            conn.execute("BEGIN")
            current = fetch(SCHEMA_VERSION, {})
        except sqlite3.Error:
            current = []
        usable = bool(current) and current[0]["version_num"] == SCHEMA_HEAD
        yield fetch if usable else None
    finally:
        conn.close()


def postgres_conninfo(url: str) -> str | None:
    """The libpq URI behind a postgresql:// (or postgresql+psycopg://) URL, else None."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix):]
    return None


@contextmanager
def postgres_reader(url: str) -> Iterator[Fetch | None]:
    """A read-only fetcher on PostgreSQL using psycopg alone, the counterpart of
    `sqlite_reader`: the same plain SQL, its :named parameters turned into psycopg's.

    Yields None when it cannot read this way (not a postgresql:// URL, no connection, not
    the current schema): the caller then goes through the full store, which says what is
    wrong in its own words.
    """
    conninfo = postgres_conninfo(url)
    if conninfo is None:
        yield None
        return
    import re

    import psycopg
    from psycopg.rows import dict_row

    try:
        conn = psycopg.connect(conninfo, row_factory=dict_row)
    except (psycopg.Error, ValueError):
        yield None
        return
    conn.read_only = True
    # one snapshot for the whole view, as SQLite's read transaction gives: a case's row
    # and its events, read by two statements, agree while others write
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    named = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")

    streams: list[Generator[Any, None, None]] = []

    def streamed(query: str, params: Mapping[str, Any]) -> Generator[Any, None, None]:
        with conn.cursor(name=f"rows{len(streams)}") as cursor:  # server-side, in batches
            cursor.itersize = 500
            yield from cursor.execute(query, dict(params))

    def run(sql: str, params: Mapping[str, Any], stream: bool) -> Iterable[Any]:
        query = named.sub(r"%(\1)s", sql.replace("%", "%%"))
        if stream:
            streams.append(streamed(query, params))
            return streams[-1]
        return conn.execute(query, dict(params)).fetchall()

    fetch = Fetcher(run)
    try:
        try:
            current = fetch(SCHEMA_VERSION, {})
        except psycopg.Error:
            conn.rollback()
            current = []
        usable = bool(current) and current[0]["version_num"] == SCHEMA_HEAD
        if not usable:
            conn.rollback()
        yield fetch if usable else None
    finally:
        for rows in streams:
            rows.close()  # a stream left part-read closes its cursor while it can
        conn.close()


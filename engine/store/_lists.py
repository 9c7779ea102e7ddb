"""`case list` as one SQL query, streamed: the filters run over indexed columns in the
database, and each case is handed on as its rows arrive, so a long list costs the same
memory as a short one.

The SQL is plain, with :named parameters, so the standard library's sqlite3, psycopg
alone (the fast read paths) and SQLAlchemy run the very same statement.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..cases._clock import local_date
from ..cases._core import PENDING, Case, Deadline
from ._reader import (
    Fetch,
    Row,
    case_from,
    day,
    deadline_from,
    streaming,
)

NO_LIMIT = 2**62  # SQLite takes OFFSET only after a LIMIT

# `Deadline.status_at` in SQL: still pending, and past its due day (London date) or, for
# an hour timer, past its instant. A deadline due today is not overdue. 'pending' is
# written out, not bound, so that both databases see the partial index of open deadlines
# (ix_deadline_pending) applies.
OVERDUE = (f"status = '{PENDING}' AND ((due_at IS NULL AND due < :today) "
           "OR (due_at IS NOT NULL AND due_at < :now))")
DUE_WITHIN = f"status = '{PENDING}' AND due <= :horizon"


@dataclass(frozen=True)
class CaseFilter:
    """What `case list` asks for: every condition given must hold."""

    state: str | None = None
    overdue: bool = False
    due_within: int | None = None  # calendar days from today, London
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class Listed:
    """A case as a line of the list shows it: who, where, and what is still to do."""

    ref: str
    state: str
    received: date
    resident: str
    deadlines: tuple[Deadline, ...]  # the pending ones only


LINE_COLUMNS = "id, ref, state, received, resident"
# what `case_from` reads of a case (not its event count or head hash), and of a deadline
# what `deadline_from` reads (not its case_id: the case's id is on the row already)
CASE_FROM_COLUMNS = ("id, ref, workflow, digest, state, received, received_at, resident, "
                     "email, channel, summary, data, handlers, version, last_event_at, "
                     "address, adjustments")
DEADLINE_FROM_COLUMNS = ("seq, name, code, started_on, due, due_at, status, completed_at, "
                         "extended_by, note, breached_at, letter_seq")


def list_query(now: datetime, wanted: CaseFilter, *, columns: str = CASE_FROM_COLUMNS,
               pending_only: bool = False) -> tuple[str, dict[str, Any]]:
    """The statement and its parameters: the `columns` of matching cases (oldest first,
    then by id) with their deadlines (or only those pending), one row per deadline (a
    case without any has one row of NULLs)."""
    today = local_date(now)
    conds: list[str] = []
    params: dict[str, Any] = {}
    if wanted.state:
        conds.append("state = :state")
        params["state"] = wanted.state
    if wanted.overdue:
        conds.append(f"id IN (SELECT case_id FROM deadline WHERE {OVERDUE})")
        params["today"] = today.isoformat()
        # as the ORM stores an instant (naive UTC text on SQLite, which compares as text)
        params["now"] = f"{now.astimezone(UTC).replace(tzinfo=None):%Y-%m-%d %H:%M:%S.%f}"
    if wanted.due_within is not None:
        conds.append(f"id IN (SELECT case_id FROM deadline WHERE {DUE_WITHIN})")
        params["horizon"] = (today + timedelta(days=wanted.due_within)).isoformat()
    where = f"WHERE {' AND '.join(conds)}" if conds else ""
    page = ""
    if wanted.limit is not None or wanted.offset:
        page = " LIMIT :limit OFFSET :offset"
        params["limit"] = NO_LIMIT if wanted.limit is None else wanted.limit
        params["offset"] = wanted.offset
    only = f" AND d.status = '{PENDING}'" if pending_only else ""
    dl = ", ".join(f"d.{c.strip()}" for c in DEADLINE_FROM_COLUMNS.split(","))
    sql = (f"SELECT c.*, {dl} FROM (SELECT {columns} FROM complaint_case {where} "
           f"ORDER BY received, id{page}) c LEFT JOIN deadline d ON d.case_id = c.id{only} "
           "ORDER BY c.received, c.id, d.seq")
    return sql, params


def _grouped(fetch: Fetch, sql: str, params: dict[str, Any]
             ) -> Iterator[tuple[Row, list[Deadline]]]:
    """Each case's row with its deadlines, as the (case, deadline) rows arrive."""
    head: Row | None = None
    deadlines: list[Deadline] = []
    for row in streaming(fetch)(sql, params):
        if head is None or row["id"] != head["id"]:
            if head is not None:
                yield head, deadlines
            head, deadlines = row, []
        if row["seq"] is not None:
            deadlines.append(deadline_from(row))
    if head is not None:
        yield head, deadlines


def iter_cases(fetch: Fetch, now: datetime, wanted: CaseFilter) -> Iterator[Case]:
    """The cases `wanted` picks, each with all its deadlines, as the rows arrive."""
    for row, deadlines in _grouped(fetch, *list_query(now, wanted)):
        yield case_from(row, deadlines)


def iter_listed(fetch: Fetch, now: datetime, wanted: CaseFilter) -> Iterator[Listed]:
    """The same cases as `iter_cases`, read only as far as a line of the list needs."""
    sql, params = list_query(now, wanted, columns=LINE_COLUMNS, pending_only=True)
    for row, deadlines in _grouped(fetch, sql, params):
        yield Listed(row["ref"], row["state"], day(row["received"]), row["resident"],
                     tuple(deadlines))


def find_cases(
    fetch: Fetch,
    now: datetime,
    *,
    state: str | None = None,
    overdue: bool = False,
    due_within: int | None = None,
) -> list[Case]:
    """Cases in `state`, with an overdue deadline, and/or with a pending deadline due within
    N calendar days of `now`, oldest first."""
    return list(iter_cases(fetch, now, CaseFilter(state, overdue, due_within)))

"""Trying again what the database broke off: one classification, one loop.

`interruption` is the one place that says which database errors are worth another try
and what kind they are; `Store` turns those into `StoreInterrupted` (any other database
error is a plain `StoreError`). `retrying` runs a unit of work again, with backoff, when
it was interrupted in a way its caller says is safe to repeat:

- `DEADLOCK` and `SERIALIZATION` (PostgreSQL 40P01, 40001): the database rolled the
  work back for certain, so doing it again can never do it twice. The runner and every
  officer's action try again.
- `BUSY` (SQLite's lock wait ran out, PostgreSQL's lock_not_available): nothing was
  written. The runner tries again; an officer has already waited the busy timeout and is
  told the database is busy.
- `LOST` (the connection broke, the server restarted): a commit in flight may or may
  not have happened. Only work written so that a second run changes nothing is repeated
  (the runner's batches: a wake-up is marked done in the transaction that fires it;
  claims); an officer's action is not, since it could be taken twice.

A loop of a dozen lines rather than a library such as tenacity: what matters here is
which errors are safe to repeat, which is ours to decide either way; the loop itself
(a few tries, doubling delays with jitter, a line logged per retry, the last error
raised as it is) is simpler to read than the equivalent decorator configuration and
adds no dependency to a program landlords install.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from .._errors import StoreInterrupted

T = TypeVar("T")

DEADLOCK, SERIALIZATION, BUSY, LOST = "deadlock", "serialization failure", "busy", "lost"
ROLLED_BACK = frozenset({DEADLOCK, SERIALIZATION})  # undone for certain
NOTHING_WRITTEN = ROLLED_BACK | {BUSY}
EVERY_KIND = NOTHING_WRITTEN | {LOST}

_SQLSTATES = {"40P01": DEADLOCK, "40001": SERIALIZATION, "55P03": BUSY,
              "57P01": LOST, "57P02": LOST, "57P03": LOST}
_SQLITE_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")


def interruption(exc: DBAPIError) -> str | None:
    """The kind of interruption a database error is (None: trying again will not help)."""
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _SQLSTATES:
        return _SQLSTATES[state]
    if state and str(state).startswith("08"):  # connection exception
        return LOST
    if exc.connection_invalidated:
        return LOST
    name = getattr(orig, "sqlite_errorname", "")
    if name.startswith(_SQLITE_BUSY) or (name == "" and "database is locked" in str(orig)):
        return BUSY
    return None


def retrying(work: Callable[[], T], *, tries: int, on: frozenset[str] = NOTHING_WRITTEN,
             log: Callable[[str], None] | None = None, what: str = "database work",
             first_delay: float = 0.05, max_delay: float = 2.0) -> T:
    """`work()`, run again up to `tries` times in all while the database interrupts it in
    one of the kinds `on`; each wait doubles (with jitter, so two writers that collided
    do not collide again in step) and is logged. The last interruption is raised."""
    for attempt in range(1, tries + 1):
        try:
            return work()
        except StoreInterrupted as exc:
            if exc.kind not in on or attempt == tries:
                raise
            ceiling = min(max_delay, first_delay * 2 ** (attempt - 1))
            delay = ceiling / 2 + random.uniform(0, ceiling / 2)
            if log is not None:
                log(f"{what} interrupted ({exc}); trying again in {delay:.2f} s "
                    f"(attempt {attempt + 1} of {tries})")
            time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover

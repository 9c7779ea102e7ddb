"""`audit verify`: the chain proves the events; the replay proves the rest of the record.

Cases are read in batches in id order, each batch's events, personal values, letters,
deadlines and baselines in one query per table, so the cost grows with the rows read and
not with a query per case. A run of several batches may check them side by side in
forked processes (`jobs`), each reading its own batches; the faults come out in case
order all the same. A run may cover every case, one case, the cases with events
recorded in a range, or those with events recorded since the last complete run (each run
is recorded in `audit_verification`), so a nightly check of a large archive reads only
what changed.

For each case: the hash chain (keyed events with REDRESS_AUDIT_KEY), each personal value
against its salted digest, then a replay of its events through the stored definition
(`cases._replay`) compared with the case row, its deadlines and tracked actions, its
hold and erasure, and its letters (each one an event wrote is there, unchanged, and left
or was withdrawn when an event says so, and no other way).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from .._errors import EngineError, StoreError
from ..cases._audit import NO_CONTEXT, verify_chain
from ..cases._calendar import WorkingCalendar
from ..cases._clock import instant
from ..cases._privacy import TOKEN, digest_of, resolve
from ..cases._replay import Replayed, compare, replay
from ..letters._compose import content_hash
from ..workflow._definition import WorkflowDefinition
from . import _reader

if TYPE_CHECKING:
    from ._store import Store

BATCH = 500  # cases read per batch: six queries each

LETTERS = ("SELECT case_id, seq, event_seq, action, subject, text, html, content_hash, "
           "left_at, left_by, left_note, withdrawn_at, withdrawn_by, redacted_at FROM letter")
CASES = f"SELECT {_reader.CASE_COLUMNS}, held, erased_at FROM complaint_case"


@lru_cache(maxsize=64)
def _calendar(closures: tuple[str, ...]) -> WorkingCalendar:
    return WorkingCalendar(date.fromisoformat(d) for d in closures)


@lru_cache(maxsize=8)
def _configured(closures: frozenset[date]) -> WorkingCalendar:
    """The calendar of the configured closures, for events that recorded none: found once
    per run, not spelt out again for every case."""
    return _calendar(tuple(sorted(d.isoformat() for d in closures)))


@dataclass
class Record:
    """One case's stored record, as a batch read it: what `check_case` checks."""

    row: Mapping[str, Any]
    events: list[Mapping[str, Any]] = field(default_factory=list)
    personal: list[Mapping[str, Any]] = field(default_factory=list)
    letters: list[Mapping[str, Any]] = field(default_factory=list)
    deadlines: list[Mapping[str, Any]] = field(default_factory=list)
    baseline: Mapping[str, Any] | None = None


def read_batch(fetch: _reader.Fetch, case_ids: Sequence[int]) -> list[Record]:
    """The records of the cases `case_ids` (in id order) in six queries."""
    return _read(fetch, f"IN ({', '.join(str(int(i)) for i in case_ids)})", {})


def read_range(fetch: _reader.Fetch, first: int, last: int) -> list[Record]:
    """The records of the cases with ids `first` to `last` (in id order) in six queries,
    each a range of its table's case index rather than a list of ids to look up."""
    return _read(fetch, "BETWEEN :first AND :last", {"first": first, "last": last})


def _read(fetch: _reader.Fetch, which: str, params: Mapping[str, Any]) -> list[Record]:
    """The records of the cases whose id is `which` (an SQL condition on it), each table
    in one query ordered by case, so a verification costs a few queries per batch, not
    per case."""
    found = {int(r["id"]): Record(r) for r in fetch(
        f"{CASES} WHERE id {which} ORDER BY id", params)}
    # rows of a case id with no case row (none, while the foreign keys hold) are not
    # any case's record: a range may hold them, a list of cases' ids never does
    none = Record({})
    for r in fetch(f"{_reader.EVENTS_OF.split(' WHERE ')[0]} WHERE case_id {which} "
                   "ORDER BY case_id, seq", params):
        found.get(int(r["case_id"]), none).events.append(r)
    for r in fetch(f"SELECT case_id, digest, salt, value FROM personal_value WHERE case_id "
                   f"{which} ORDER BY case_id, id", params):
        found.get(int(r["case_id"]), none).personal.append(r)
    for r in fetch(f"{LETTERS} WHERE case_id {which} ORDER BY case_id, seq", params):
        found.get(int(r["case_id"]), none).letters.append(r)
    for r in fetch(f"SELECT {_reader.DEADLINE_COLUMNS} FROM deadline WHERE case_id "
                   f"{which} ORDER BY case_id, seq", params):
        found.get(int(r["case_id"]), none).deadlines.append(r)
    for r in fetch(f"SELECT case_id, after_seq, snapshot FROM case_baseline WHERE case_id "
                   f"{which}", params):
        found.get(int(r["case_id"]), none).baseline = r
    return [found[i] for i in sorted(found)]


def verify_case(fetch: _reader.Fetch, defn: WorkflowDefinition, row: Mapping[str, Any],
                key: bytes | None, closures: frozenset[date]) -> list[str]:
    """Every fault in one case's record, as sentences naming the case and the field."""
    return check_case(defn, read_batch(fetch, [row["id"]])[0], key, closures)


def check_case(defn: WorkflowDefinition, record: Record, key: bytes | None,
               closures: frozenset[date]) -> list[str]:
    """Every fault in one case's record, as sentences naming the case and the field."""
    row = record.row
    ref = row["ref"]
    raw = record.events
    stored = record.personal
    values = {p["digest"]: p["value"] for p in stored}
    faults = [f"{ref}: a personal value was changed after it was recorded ({p['digest'][:12]})"
              for p in stored if p["value"] is not None
              and digest_of(p["salt"] or "", p["value"]) != p["digest"]]
    sealed = _sealed(raw)
    faults += verify_chain(ref, raw, row["event_count"], row["head_hash"], key, sealed)
    # changes with no personal value in them are compared as the stored text: the
    # replay decodes them only if they differ from the replayed ones
    events = [{**r, "fields": _resolved(r["fields"], values),
               "changes": r["changes"] if TOKEN not in r["changes"] else
               _resolved(r["changes"], values),
               "context": _resolved(r["context"] or NO_CONTEXT, values)}
              for r in raw]
    base, base_seq = _baseline(record.baseline)
    legacy = [r["seq"] for r in raw if (r["context"] or NO_CONTEXT) == NO_CONTEXT]
    if legacy and (base is None or max(legacy) > base_seq):
        faults.append(f"{ref}: event {legacy[-1]} carries no context (recorded before schema "
                      "0005) but the case has no baseline from that upgrade to replay from")
        return faults
    letters = record.letters
    fallback = _configured(closures)

    def calendar(ctx: Mapping[str, Any]) -> WorkingCalendar:
        found = ctx.get("closures")
        return fallback if found is None else _calendar(tuple(found))

    done = replay(defn, calendar, ref, events, base, base_seq,
                  {int(x["seq"]): int(x["event_seq"]) for x in letters})
    faults += done.faults
    now = _reader.case_from(row, [_reader.deadline_from(d) for d in record.deadlines])
    if done.case is not None:
        faults += compare(ref, now, done.case)
    if (row["held"] or "") != done.held:
        faults.append(f"{ref}: legal hold is {row['held'] or 'none'!r} but the events lead "
                      f"to {done.held or 'none'!r}")
    if bool(row["erased_at"]) != done.erased:
        faults.append(f"{ref}: personal data is {'erased' if row['erased_at'] else 'kept'} "
                      f"but the events lead to it being "
                      f"{'erased' if done.erased else 'kept'}")
    return faults + _letter_faults(ref, letters, done, base_seq)


def _resolved(stored: str, values: Mapping[str, str | None]) -> Any:
    """An event's JSON column decoded, its personal values in place (most name none)."""
    found = json.loads(stored)
    return resolve(found, values) if TOKEN in stored else found


def _sealed(raw: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """Events recorded before schema 0005 whose values an erasure replaced: seq -> the
    hash of their redacted content, as the (chained) erasure event recorded it."""
    out: dict[int, str] = {}
    for r in raw:
        if r["action"] == "erase":
            ctx = json.loads(r["context"] or NO_CONTEXT)
            out.update({int(k): str(v) for k, v in ctx.get("sealed", {}).items()})
    return out


def _baseline(found: Mapping[str, Any] | None) -> tuple[Any, int]:
    if found is None:
        return None, 0
    snap = json.loads(found["snapshot"])
    deadlines = [_reader.deadline_from(d) for d in snap["deadlines"]]
    return _reader.case_from(snap["case"], deadlines), int(found["after_seq"])


def _letter_faults(ref: str, letters: Sequence[Mapping[str, Any]], done: Replayed,
                   base_seq: int) -> list[str]:
    faults = []
    by_seq = {int(x["seq"]): x for x in letters}
    last = max([*by_seq, *done.letters], default=0)
    for n in range(1, last + 1):
        x = by_seq.get(n)
        wrote = done.letters.get(n)
        if x is None:
            which = f" (written by event {wrote[0]})" if wrote else ""
            faults.append(f"{ref}: letter {n}{which} is missing")
            continue
        if wrote is not None and (int(x["event_seq"]), x["content_hash"]) != wrote:
            faults.append(f"{ref}: letter {n} is not the letter event {wrote[0]} wrote "
                          f"(content hash {wrote[1][:12]})")
        if x["redacted_at"] is None and \
                content_hash(x["subject"], x["text"], x["html"]) != x["content_hash"]:
            faults.append(f"{ref}: letter {n}'s text was changed after it was written "
                          "(content hash mismatch)")
        recorded = int(x["event_seq"]) > base_seq
        if recorded and wrote is None:
            faults.append(f"{ref}: letter {n} was written by no event")
        left = done.left.get(n)
        if left is not None:
            at, by, how = left
            if instant(x["left_at"]) != at or (x["left_by"], x["left_note"]) != (by, how):
                faults.append(f"{ref}: letter {n} left at {x['left_at']} by {x['left_by']} "
                              f"but the events say {at.isoformat()} by {by}")
        elif x["left_at"] is not None and recorded:
            faults.append(f"{ref}: letter {n} is recorded as sent but no event says it left")
        gone = done.withdrawn.get(n)
        if (gone is None) != (x["withdrawn_at"] is None) and (recorded or gone):
            faults.append(f"{ref}: letter {n} is "
                          f"{'withdrawn' if x['withdrawn_at'] else 'not withdrawn'} but the "
                          f"events say it {'was' if gone else 'was not'}")
    return faults


@dataclass
class Verification:
    """What a run checked and found; `since` is where an incremental run started from
    (None: it covered everything)."""

    checked: int = 0
    faults: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)  # the cases checked, if asked for
    since: datetime | None = None


def last_verified(store: Store) -> datetime | None:
    """When the last run that left nothing unchecked began (every case, or every case
    changed since a run before it), if it found no faults: changes recorded from then on
    are what the next incremental run must check."""
    with store.reading() as fetch:
        rows = fetch("SELECT MAX(started_at) AS at FROM audit_verification WHERE faults = 0 "
                     "AND (scope = 'all' OR scope LIKE 'since last %')", {})
    return instant(rows[0]["at"]) if rows else None


def verify(store: Store, ref: str | None = None, *, recorded_from: datetime | None = None,
           recorded_to: datetime | None = None, since: datetime | None = None,
           record: bool = False, incremental: bool = False,
           batch: int = BATCH, keep_refs: bool = False, jobs: int = 1) -> Verification:
    """Check every case, one case (`ref`), or the cases with an event recorded in
    [`recorded_from`, `recorded_to`) and/or since `since`; with `record`, note the run in
    `audit_verification`. `incremental`: `since` is `last_verified`, so a clean run is
    the base for the next (a run since any other instant may leave a gap). `keep_refs`:
    list every case checked in `refs` (without, a run's memory stays the same however
    large the archive). `jobs`: processes checking batches side by side (`usable_cpus`
    for the CLI's default); a run of one batch, or of an in-memory database, is checked
    here alone."""
    started = datetime.now(UTC)  # as events' recorded_at: the wall clock
    done = Verification(since=since)
    conditions, params = [], {}
    for name, op, at in (("a", ">=", recorded_from), ("b", "<", recorded_to),
                         ("s", ">=", since)):
        if at is not None:
            conditions.append(f"recorded_at {op} :{name}")
            params[name] = store.stamp(at)
    chosen: list[int] | None = None
    with store.reading() as fetch:
        if ref is not None:
            chosen = [int(_reader.case_row(fetch, ref)["id"])]
        elif conditions:
            chosen = [int(r["case_id"]) for r in fetch(
                f"SELECT DISTINCT case_id FROM case_event WHERE {' AND '.join(conditions)} "
                "ORDER BY case_id", params)]
    batches: Iterable[Batch] = _ranges(store, batch) if chosen is None else (
        chosen[i:i + batch] for i in range(0, len(chosen), batch))
    for checked, faults, refs in _checked(store, batches, jobs, keep_refs):
        done.checked += checked
        done.faults += faults
        done.refs += refs
    if record:
        scope = (f"case {ref}" if ref is not None else
                 f"since {'last ' if incremental else ''}{since.isoformat()}"
                 if since is not None and not
                 (recorded_from or recorded_to) else
                 "recorded " + " to ".join(x.isoformat() if x else "-" for x in (
                     recorded_from, recorded_to)) if conditions else "all")
        with store.writing() as conn:
            conn.execute(text(
                "INSERT INTO audit_verification (started_at, finished_at, scope, checked, "
                "faults) VALUES (:s, :f, :scope, :n, :k)"),
                {"s": store.stamp(started), "f": store.stamp(datetime.now(UTC)), "scope": scope,
                 "n": done.checked, "k": len(done.faults)})
    return done


Batch = tuple[int, int] | list[int]  # ids from first to last, or the ids themselves
Checked = tuple[int, list[str], list[str]]  # cases checked, faults, their references


def usable_cpus() -> int:
    """The processors this process may run on (its affinity, where the system says)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _ranges(store: Store, batch: int) -> Iterator[tuple[int, int]]:
    """Every case in id order as ranges of `batch` ids that exist (read from the id
    index alone), so gaps in the ids make no empty batches."""
    after = 0
    while True:
        with store.reading(one_statement=True) as fetch:
            rows = fetch("SELECT MIN(id) AS first, MAX(id) AS last FROM (SELECT id FROM "
                         "complaint_case WHERE id > :after ORDER BY id LIMIT :n) AS b",
                         {"after": after, "n": batch})
        if not rows or rows[0]["last"] is None:
            return
        after = int(rows[0]["last"])
        yield int(rows[0]["first"]), after


def _check(store: Store, batch: Batch, keep_refs: bool) -> Checked:
    """One batch read and checked. Its queries read one snapshot (`Store.reading`): an
    action recorded between its case rows and their events is no broken chain."""
    faults: list[str] = []
    with store.reading() as fetch:
        records = read_range(fetch, *batch) if isinstance(batch, tuple) else \
            read_batch(fetch, batch)
        for r in records:
            faults += check_case(store.definition(r.row["digest"]), r, store.audit_key,
                                 store.closures)
    return len(records), faults, [str(r.row["ref"]) for r in records] if keep_refs else []


def _checked(store: Store, batches: Iterable[Batch], jobs: int,
             keep_refs: bool) -> Iterator[Checked]:
    """Each batch checked, in order: here, or by `jobs` forked processes (each with
    connections of its own) a few batches ahead of the one reported next, so faults come
    out in case order and only a few batches' results are held at once."""
    batches = iter(batches)
    first = list(islice(batches, 2))
    # a database in this process's memory is not another's to read
    shared = not store.is_sqlite or _reader.sqlite_path(store.url) is not None
    forking = jobs > 1 and len(first) > 1 and shared and \
        "fork" in multiprocessing.get_all_start_methods()
    if not forking:
        for b in chain(first, batches):
            yield _check(store, b, keep_refs)
        return
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_adopt, initargs=(store,))
    try:
        ahead: deque[Future[Checked]] = deque()
        for b in chain(first, batches):
            ahead.append(pool.submit(_check_here, b, keep_refs))
            if len(ahead) > 2 * jobs:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()
    except BrokenProcessPool:
        raise StoreError("a verifying process stopped before it finished (killed, or out "
                         "of memory): nothing was recorded; run the verification again, or "
                         "with --jobs 1") from None
    finally:
        # on an error or Ctrl-C the batches not yet begun are dropped, not waited for
        pool.shutdown(wait=True, cancel_futures=True)


_adopted: Store | None = None  # in a checking process: the store it was forked with


def _adopt(store: Store) -> None:
    """A forked process's start: the parent's pooled connections are left to the parent
    (SQLAlchemy's advice for a fork), so this process opens its own. Ctrl-C is the
    parent's to act on: it stops handing out batches and the processes finish theirs
    and leave (an interrupted one would print its own traceback)."""
    global _adopted
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    store.engine.dispose(close=False)
    _adopted = store


def _check_here(batch: Batch, keep_refs: bool) -> Checked:
    """`_check` in a forked process. An error comes back as a StoreError with its
    message: some errors' fields would not survive the way back to the parent."""
    assert _adopted is not None
    try:
        return _check(_adopted, batch, keep_refs)
    except EngineError as exc:
        raise StoreError(str(exc)) from None

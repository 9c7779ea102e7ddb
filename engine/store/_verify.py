"""`audit verify`: the chain proves the events; the replay proves the rest of the record.

For each case: the hash chain (keyed events with REDRESS_AUDIT_KEY), each personal value
against its salted digest, then a replay of its events through the stored definition
(`cases._replay`) compared with the case row, its deadlines and tracked actions, its
hold and erasure, and its letters (each one an event wrote is there, unchanged, and left
or was withdrawn when an event says so, and no other way).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from ..cases._audit import NO_CONTEXT, verify_chain
from ..cases._calendar import WorkingCalendar
from ..cases._clock import instant
from ..cases._privacy import digest_of, resolve
from ..cases._replay import Replayed, compare, replay
from ..letters._compose import content_hash
from ..workflow._definition import WorkflowDefinition
from . import _reader

LETTERS = ("SELECT seq, event_seq, action, subject, text, html, content_hash, left_at, "
           "left_by, left_note, withdrawn_at, withdrawn_by, redacted_at FROM letter "
           "WHERE case_id = :c ORDER BY seq")


@lru_cache(maxsize=64)
def _calendar(closures: tuple[str, ...]) -> WorkingCalendar:
    return WorkingCalendar(date.fromisoformat(d) for d in closures)


def verify_case(fetch: _reader.Fetch, defn: WorkflowDefinition, row: Mapping[str, Any],
                key: bytes | None, closures: frozenset[date]) -> list[str]:
    """Every fault in one case's record, as sentences naming the case and the field."""
    ref, case_id = row["ref"], row["id"]
    raw = _reader.raw_events_of(fetch, case_id)
    stored = fetch(_reader.PERSONAL_OF, {"case_id": case_id})
    values = {p["digest"]: p["value"] for p in stored}
    faults = [f"{ref}: a personal value was changed after it was recorded ({p['digest'][:12]})"
              for p in stored if p["value"] is not None
              and digest_of(p["salt"] or "", p["value"]) != p["digest"]]
    sealed = _sealed(raw)
    faults += verify_chain(ref, raw, row["event_count"], row["head_hash"], key, sealed)
    events = [{**r, "fields": resolve(json.loads(r["fields"]), values),
               "changes": resolve(json.loads(r["changes"]), values),
               "context": resolve(json.loads(r["context"] or NO_CONTEXT), values)}
              for r in raw]
    base, base_seq = _baseline(fetch, case_id)
    legacy = [r["seq"] for r in raw if (r["context"] or NO_CONTEXT) == NO_CONTEXT]
    if legacy and (base is None or max(legacy) > base_seq):
        faults.append(f"{ref}: event {legacy[-1]} carries no context (recorded before schema "
                      "0005) but the case has no baseline from that upgrade to replay from")
        return faults
    letters = fetch(LETTERS, {"c": case_id})
    fallback = WorkingCalendar(closures)

    def calendar(ctx: Mapping[str, Any]) -> WorkingCalendar:
        found = ctx.get("closures")
        return fallback if found is None else _calendar(tuple(found))

    done = replay(defn, calendar, ref, events, base, base_seq,
                  {int(x["seq"]): int(x["event_seq"]) for x in letters})
    faults += done.faults
    now = _reader.case_from(row, [_reader.deadline_from(d) for d in
                                  fetch(_reader.DEADLINES_OF, {"case_id": case_id})])
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


def _sealed(raw: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """Events recorded before schema 0005 whose values an erasure replaced: seq -> the
    hash of their redacted content, as the (chained) erasure event recorded it."""
    out: dict[int, str] = {}
    for r in raw:
        if r["action"] == "erase":
            ctx = json.loads(r["context"] or NO_CONTEXT)
            out.update({int(k): str(v) for k, v in ctx.get("sealed", {}).items()})
    return out


def _baseline(fetch: _reader.Fetch, case_id: int) -> tuple[Any, int]:
    rows = fetch("SELECT after_seq, snapshot FROM case_baseline WHERE case_id = :c",
                 {"c": case_id})
    if not rows:
        return None, 0
    snap = json.loads(rows[0]["snapshot"])
    deadlines = [_reader.deadline_from(d) for d in snap["deadlines"]]
    return _reader.case_from(snap["case"], deadlines), int(rows[0]["after_seq"])


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

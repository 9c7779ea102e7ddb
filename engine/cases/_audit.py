"""Hash-chained audit events: each event's hash covers its content and the previous hash.

Editing an event breaks its own hash; deleting one breaks the chain or the count kept on
the case. With a key (REDRESS_AUDIT_KEY) the hash is an HMAC-SHA256, so an event edited
and its chain recomputed is found by anyone holding the key. `verify_chain` is pure: it
is given rows as mappings and says what is wrong. `replay` runs a case's events through
its stored definition again, and `compare` says where the stored case differs.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import datetime
from json.encoder import encode_basestring_ascii as _quoted  # `canonical_json`'s quoting
from typing import Any

from ..workflow._definition import canonical_json

GENESIS = "0" * 64
NO_CONTEXT = "{}"  # events recorded before schema 0005 have none, and hash as they did


def event_hash(prev_hash: str, ref: str, row: Mapping[str, Any],
               key: bytes | None = None) -> str:
    message = (prev_hash + _hashed_content(ref, row)).encode()
    if key is not None:
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


def _hashed_content(ref: str, row: Mapping[str, Any]) -> str:
    """The canonical JSON of what an event's hash covers. Where every value is text (or
    the first state none) and the number an int (as stored), it is written out in
    `canonical_json`'s order and quoting (keys sorted, ASCII escapes) without building
    the object to encode: every event sealed or verified is hashed, and the encoder's
    sorting and walking cost more than the hash. Anything else goes to the encoder."""
    context = row.get("context") or NO_CONTEXT
    # an opening's event comes from no state: null, and text as every other value
    came_from = row["from_state"]
    seq, texts = row["seq"], (row["action"], row["actor"], row["changes"], context,
                              row["fields"], "" if came_from is None else came_from, ref,
                              row["to_state"])
    clock_at, recorded_at = _iso(row["clock_at"]), _iso(row["recorded_at"])
    if type(seq) is int and all(type(t) is str for t in texts):
        action, actor, changes, ctx, fields, from_state, name, to_state = map(_quoted, texts)
        if came_from is None:
            from_state = "null"
        return (f'{{"action":{action},"actor":{actor},"changes":{changes},'
                f'"clock_at":{_quoted(clock_at)},'
                + (f'"context":{ctx},' if context != NO_CONTEXT else "")
                + f'"fields":{fields},"from_state":{from_state},'
                f'"recorded_at":{_quoted(recorded_at)},"ref":{name},"seq":{seq},'
                f'"to_state":{to_state}}}')
    content = {"ref": ref, "seq": seq, "action": row["action"], "actor": row["actor"],
               "from_state": row["from_state"], "to_state": row["to_state"],
               "fields": row["fields"], "changes": row["changes"], "clock_at": clock_at,
               "recorded_at": recorded_at}
    if context != NO_CONTEXT:
        content["context"] = context
    return canonical_json(content)


HASHED_INSTANT = "%Y-%m-%d %H:%M:%S.%f"  # the one spelling of an instant a hash covers


def _iso(value: Any) -> str:
    """Drivers hand instants back as text or datetimes; hash one fixed spelling of them
    (HASHED_INSTANT of the naive instant). From the year 1000 on, `isoformat` gives the
    same characters four times as fast (every event sealed or verified spells two)."""
    instant = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    naive = instant if instant.tzinfo is None else instant.replace(tzinfo=None)
    if naive.year >= 1000:
        return naive.isoformat(" ", "microseconds")
    return naive.strftime(HASHED_INSTANT)


def verify_chain(
    ref: str, events: Sequence[Mapping[str, Any]], event_count: int, head_hash: str,
    key: bytes | None = None, sealed: Mapping[int, str] | None = None,
) -> list[str]:
    """Every fault in one case's chain, as readable sentences (empty if intact).

    A keyed event is checked only with the key (without it, only its place in the chain
    is). An unkeyed event after a keyed one is a fault, and so is one recorded since
    schema 0005 when a key is given: set the key before recording. `sealed`: events recorded before
    personal values were kept apart, whose values an erasure replaced; each is checked
    against the hash of its redacted content that the erasure event recorded."""
    faults: list[str] = []
    prev = GENESIS
    expected_seq = 1
    was_keyed = unsealed = False
    for row in events:
        seq = row["seq"]
        if seq != expected_seq:
            faults.append(f"{ref}: event {expected_seq} is missing (next found is {seq})")
        if row["prev_hash"] != prev:
            faults.append(f"{ref}: event {seq} does not follow the event before it "
                          "(chain broken: an event was deleted or replaced)")
        keyed = bool(row.get("keyed"))
        recent = (row.get("context") or NO_CONTEXT) != NO_CONTEXT  # schema 0005 on
        if not keyed and (was_keyed or (key is not None and recent)) and not unsealed:
            unsealed = True
            faults.append(f"{ref}: event {seq} is not sealed with the audit key"
                          + (" though an earlier event is" if was_keyed else "")
                          + " (recorded without the key, or its chain recomputed without it)")
        was_keyed = was_keyed or keyed
        expected = (sealed or {}).get(seq, row["hash"])
        if (key is not None or not keyed) and \
                event_hash(row["prev_hash"], ref, row, key if keyed else None) != expected:
            faults.append(f"{ref}: event {seq} ({row['action']}) was edited after it was "
                          "recorded (hash mismatch)")
        prev = row["hash"]
        expected_seq = seq + 1
    if len(events) != event_count:
        faults.append(f"{ref}: {event_count} events were recorded but {len(events)} remain")
    elif prev != head_hash:
        faults.append(f"{ref}: the latest event is not the one recorded on the case")
    return faults

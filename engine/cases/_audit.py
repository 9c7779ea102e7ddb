"""Hash-chained audit events: each event's hash covers its content and the previous hash.

Editing an event breaks its own hash; deleting one breaks the chain or the count kept on
the case. `verify_chain` is pure: it is given rows as mappings and says what is wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ..workflow._definition import canonical_json

GENESIS = "0" * 64


def event_hash(prev_hash: str, ref: str, row: Mapping[str, Any]) -> str:
    content = {
        "ref": ref,
        "seq": row["seq"],
        "action": row["action"],
        "actor": row["actor"],
        "from_state": row["from_state"],
        "to_state": row["to_state"],
        "fields": row["fields"],
        "changes": row["changes"],
        "clock_at": _iso(row["clock_at"]),
        "recorded_at": _iso(row["recorded_at"]),
    }
    return hashlib.sha256((prev_hash + canonical_json(content)).encode()).hexdigest()


def _iso(value: Any) -> str:
    # Drivers hand instants back as text or datetimes; hash one fixed spelling of them.
    instant = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return instant.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def verify_chain(
    ref: str, events: Sequence[Mapping[str, Any]], event_count: int, head_hash: str
) -> list[str]:
    """Every fault in one case's chain, as readable sentences (empty if intact)."""
    faults: list[str] = []
    prev = GENESIS
    expected_seq = 1
    for row in events:
        seq = row["seq"]
        if seq != expected_seq:
            faults.append(f"{ref}: event {expected_seq} is missing (next found is {seq})")
        if row["prev_hash"] != prev:
            faults.append(f"{ref}: event {seq} does not follow the event before it "
                          "(chain broken: an event was deleted or replaced)")
        if event_hash(row["prev_hash"], ref, row) != row["hash"]:
            faults.append(f"{ref}: event {seq} ({row['action']}) was edited after it was "
                          "recorded (hash mismatch)")
        prev = row["hash"]
        expected_seq = seq + 1
    if len(events) != event_count:
        faults.append(f"{ref}: {event_count} events were recorded but {len(events)} remain")
    elif prev != head_hash:
        faults.append(f"{ref}: the latest event is not the one recorded on the case")
    return faults

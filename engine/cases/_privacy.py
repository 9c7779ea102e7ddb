"""Personal data apart from the audit chain: which recorded values are personal, how an
event refers to them, and what a case looks like once they are erased.

An event stores each personal value (a name, an address, complaint text, any free-text
field) as a token `{"personal": DIGEST}`, where DIGEST is SHA-256 of a random salt and
the value; the value and its salt live in their own table. The event's hash covers the
token, so erasing the value and its salt leaves the chain verifiable, and nobody can
test a guess at the erased value against the digest. Facts the reports need (dates,
stages, outcomes, grounds, deadlines) are not personal and stay in the event itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from ..workflow._definition import WorkflowDefinition
from ._core import Case, listed

ERASED = "[erased]"
# how long a closed case keeps its personal data by default: the Limitation Act 1980's
# six years for claims in contract (a tenancy is one), common practice in social housing
RETENTION_YEARS = 6
TOKEN = "personal"
# fields that are facts, not personal data, whichever action records them
# (reports read them: a learning note and a category describe the landlord's service,
# so they must not name the resident)
FACTS = frozenset({
    "received", "requested_on", "agreed_on", "aware_on", "working_days", "timer",
    "deadline", "ground", "decision", "letter", "kind", "left_on", "channel", "due",
    "adjustment.large_print", "divergence", "category", "learning", "compensation",
    "outcome", "determined_on", "linked_case", "relation", "review_on",
})
# events the store records about the record itself: their fields are all facts (a hold's
# or an erasure's reason is written for the audit; it must not hold personal data)
RECORD_ACTIONS = frozenset({"hold", "release", "erase"})
CONTACT = ("email", "address", "summary")  # personal values an opening records in context
Values = Mapping[str, str | None]  # digest -> value (None once erased)


def facts_of(defn: WorkflowDefinition) -> frozenset[str]:
    """The fields of `defn` that are facts: the built-in ones, and those its timers read
    as dates or intervals."""
    out = set(FACTS)
    for t in defn.timers.values():
        out.update(f for f in (t.due_field, t.counts_from,
                               t.updates.field if t.updates else None) if f)
    return frozenset(out)


def digest_of(salt: str, value: str) -> str:
    return hashlib.sha256(f"{salt}\x00{value}".encode()).hexdigest()


def is_token(value: Any) -> bool:
    return isinstance(value, dict) and TOKEN in value


class Sealer:
    """Turns an event's values into tokens, collecting (digest, salt, value) to store."""

    def __init__(self, defn: WorkflowDefinition, salt: Callable[[], str],
                 facts: frozenset[str] | None = None) -> None:
        """`facts`: `facts_of(defn)`, if the caller keeps it (a runner seals hundreds of
        events of one definition)."""
        self.facts = facts_of(defn) if facts is None else facts
        self.each = {t.each for t in defn.timers.values() if t.each}
        self._salt = salt
        self.values: list[tuple[str, str, str]] = []

    def token(self, value: str, name: str = "") -> dict[str, Any]:
        salt = self._salt()
        digest = digest_of(salt, value)
        self.values.append((digest, salt, value))
        out: dict[str, Any] = {TOKEN: digest}
        if name in self.each:  # the dates a listing gave: deadlines, not personal data
            out["dates"] = [when for _, when in listed(value)]
        return out

    def fields(self, action: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        if action in RECORD_ACTIONS:
            return dict(fields)
        return {k: v if k in self.facts or not isinstance(v, str) or not v
                else self.token(v, k) for k, v in fields.items()}

    def changes(self, changes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{k: self.token(v) if k == "note" and isinstance(v, str) and v else v
                 for k, v in c.items()} for c in changes]


def resolve(data: Any, values: Values) -> Any:
    """`data` (decoded JSON) with each token replaced by its value, or by ERASED once the
    value is erased (a listing keeps its dates: `[erased]|2026-12-04` a line)."""
    if isinstance(data, dict):
        if TOKEN in data:
            value = values.get(data[TOKEN])
            if value is not None:
                return value
            if "dates" in data:
                return "\n".join(f"{ERASED}|{d}" for d in data["dates"]) or "none"
            return ERASED
        # a value that holds nothing to resolve is kept without a call for it (most are
        # plain text: `audit verify` resolves every event of every case)
        return {k: resolve(v, values) if isinstance(v, (dict, list)) else v
                for k, v in data.items()}
    if isinstance(data, list):
        return [resolve(v, values) if isinstance(v, (dict, list)) else v for v in data]
    return data


def digests(data: Any) -> list[str]:
    """Every personal-value digest `data` refers to."""
    if is_token(data):
        return [str(data[TOKEN])]
    if isinstance(data, dict):
        return [d for v in data.values() for d in digests(v)]
    if isinstance(data, list):
        return [d for v in data for d in digests(v)]
    return []


def anonymised(defn: WorkflowDefinition, case: Case) -> Case:
    """The case with its personal data erased and its facts kept: dates, stages, state,
    outcomes, grounds, deadlines met or missed, who handled each stage."""
    facts = facts_of(defn)

    def gone(value: str | None) -> str | None:
        return ERASED if value else value

    return replace(
        case, resident=ERASED, email=gone(case.email), address=gone(case.address) or "",
        summary=gone(case.summary) or "",
        data={k: v if k in facts or not v else ERASED for k, v in case.data.items()},
        adjustments={k: v if k in facts or k == "large_print" else ERASED
                     for k, v in case.adjustments.items()},
        deadlines=tuple(replace(d, note=gone(d.note) or "") for d in case.deadlines),
    )


def redacted_event(defn: WorkflowDefinition, fields: Mapping[str, Any],
                   changes: Iterable[Mapping[str, Any]], action: str
                   ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An event recorded before personal values were kept apart (schema 0005), with its
    personal values replaced by ERASED: erasure seals it so (see `_audit`)."""
    facts = facts_of(defn)
    keep = action in RECORD_ACTIONS
    out = {k: v if keep or k in facts or not isinstance(v, str) or not v else ERASED
           for k, v in fields.items()}
    return out, [{k: ERASED if k == "note" and v else v for k, v in c.items()}
                 for c in changes]

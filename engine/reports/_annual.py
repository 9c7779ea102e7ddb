"""The annual complaints performance and service improvement report (2024 Code 8.1), and
the same figures for any period for the Member Responsible for Complaints (9.7).

Every number comes from the case record: cases and deadlines are counted in SQL; the
events that carry a decision, a ground, a reason or an outcome are read once for the
period and grouped here. The JSON, the Markdown and the HTML carry the same numbers.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from ..cases._clock import at_london, instant, local_date
from ..cases._privacy import TOKEN, resolve
from ..store._reader import Fetch, personal_values, resolved_definition
from ..workflow._definition import WorkflowDefinition, from_resolved
from ._deadlines import due_in
from ._periods import Period

# How the Code's deadlines are named in a report (any other by its timer's label).
DEADLINE_NAMES = {
    "acknowledge": "Stage 1 acknowledgement",
    "stage1_response": "Stage 1 response",
    "stage2_acknowledge": "Stage 2 acknowledgement",
    "stage2_response": "Stage 2 response",
    "stage3_response": "Stage 3 response",
}
WITHDRAWN = "Withdrawn"


def _instant(day: date) -> datetime:
    """The start of a London day, as the naive UTC instants the store keeps."""
    return at_london(day, time(0, 0)).astimezone(UTC).replace(tzinfo=None)


def _definitions(fetch: Fetch, digests: set[str]) -> dict[str, WorkflowDefinition]:
    return {d: from_resolved(resolved_definition(fetch, d)) for d in sorted(digests)}


def _events(fetch: Fetch, actions: Sequence[str], start: date,
            end: date | None) -> Sequence[Mapping[str, Any]]:
    """Events of `actions` recorded from `start` (to the end of `end`), with their case."""
    names = ", ".join(f":a{i}" for i in range(len(actions)))
    params: dict[str, Any] = {f"a{i}": a for i, a in enumerate(actions)}
    params["start"] = _instant(start)
    upto = ""
    if end is not None:
        params["end"] = _instant(end + timedelta(days=1))
        upto = " AND e.clock_at < :end"
    return fetch(
        "SELECT e.action AS action, e.from_state AS from_state, e.to_state AS to_state, "
        "e.fields AS fields, e.clock_at AS clock_at, c.ref AS ref, c.digest AS digest, "
        "c.data AS data, c.id AS case_id "
        f"FROM case_event e JOIN complaint_case c ON c.id = e.case_id "
        f"WHERE e.action IN ({names}) AND e.clock_at >= :start{upto} "
        "ORDER BY e.clock_at, e.id", params)


def _resolved(fetch: Fetch, events: Sequence[Mapping[str, Any]]
              ) -> list[Mapping[str, Any]]:
    """Events with their personal values in place (an extension's reason is kept apart
    from the audit chain, and reads "[erased]" once erased)."""
    values: dict[int, Any] = {}
    out = []
    for e in events:
        if TOKEN not in str(e["fields"]):
            out.append(e)
            continue
        case_id = int(e["case_id"])
        if case_id not in values:
            values[case_id] = personal_values(fetch, case_id)
        out.append({**e, "fields": json.dumps(resolve(json.loads(e["fields"]),
                                                      values[case_id]))})
    return out


def _stage(defs: Mapping[str, WorkflowDefinition], digest: str, state: str | None) -> int:
    defn = defs.get(digest)
    if defn is None or state is None or state not in defn.states:
        return 0
    return defn.states[state].stage or 0


def annual(fetch: Fetch, period: Period, today: date,
           response: str | None = None) -> dict[str, Any]:
    """The report's figures for `period`, JSON-ready."""
    start, end = period.start, period.end
    params = {"start": start, "end": end, "today": today}
    cases = fetch("SELECT id, ref, digest, received, state, data, adjustments FROM "
                  "complaint_case WHERE received >= :start AND received <= :end", params)
    events = _events(fetch, ("acknowledge", "refuse", "escalate", "respond", "extend",
                             "decline_escalation", "withdraw", "close",
                             "ombudsman_determination"), start, None)
    events = _resolved(fetch, events)
    digests = {str(r["digest"]) for r in cases} | {str(e["digest"]) for e in events}
    defs = _definitions(fetch, digests)
    in_period = [e for e in events if local_date_of(e["clock_at"]) <= end]

    # volumes: complaints received, and what became of them; escalations requested
    by_month: Counter[str] = Counter(str(r["received"])[:7] for r in cases)
    escalations = []
    for e in events:
        fields = json.loads(e["fields"])
        asked = fields.get("requested_on") or str(local_date_of(e["clock_at"]))
        if e["action"] == "escalate" and start.isoformat() <= asked <= end.isoformat():
            escalations.append(asked)
    esc_month = Counter(a[:7] for a in escalations)
    months = [m for m in _months(start, end)]
    received_refs = {str(r["ref"]) for r in cases}
    accepted = {str(e["ref"]) for e in events if e["action"] == "acknowledge"
                and str(e["ref"]) in received_refs and _stage(defs, e["digest"],
                                                              e["to_state"]) == 1}
    refused = [e for e in in_period if e["action"] == "refuse"]
    categories: Counter[str] = Counter()
    for r in cases:
        categories[json.loads(r["data"]).get("category") or "Not recorded"] += 1

    # outcomes of the responses recorded in the period, by stage
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    compensation = Decimal(0)
    with_remedy = 0
    for e in in_period:
        if e["action"] != "respond":
            continue
        fields = json.loads(e["fields"])
        stage = _stage(defs, e["digest"], e["from_state"])
        outcomes[f"stage{stage}"][fields.get("decision") or "Not recorded"] += 1
        with_remedy += bool(str(fields.get("remedy", "")).strip())
        compensation += _amount(fields.get("compensation"))
    withdrawn = sum(1 for e in in_period if e["action"] == "withdraw")

    extensions = [json.loads(e["fields"]) for e in in_period if e["action"] == "extend"]
    reasons = Counter(" ".join(str(f.get("reason", "")).split()) for f in extensions)
    declined = Counter(json.loads(e["fields"]).get("ground", "") for e in in_period
                       if e["action"] == "decline_escalation")
    grounds = Counter(json.loads(e["fields"]).get("ground", "") for e in refused)
    labels = {g: x.label for d in defs.values() for g, x in d.exclusions.items()}

    learning: dict[str, list[dict[str, str]]] = defaultdict(list)
    for e in in_period:
        if e["action"] == "close":
            data = {**json.loads(e["data"]), **json.loads(e["fields"])}
            if str(data.get("learning", "")).strip():
                learning[data.get("category") or "Not recorded"].append(
                    {"case": str(e["ref"]), "learning": str(data["learning"])})

    determinations = Counter(
        json.loads(e["fields"]).get("outcome", "") for e in events
        if e["action"] == "ombudsman_determination"
        and start.isoformat() <= (json.loads(e["fields"]).get("determined_on") or
                                  str(local_date_of(e["clock_at"]))) <= end.isoformat())

    return {
        "period": {"from": start.isoformat(), "to": end.isoformat(), "name": period.label},
        "volumes": {
            "received": len(cases),
            "accepted_stage1": len(accepted),
            "not_accepted": len(refused),
            "escalated_stage2": len(escalations),
            "by_month": [{"month": m, "received": by_month.get(m, 0),
                          "escalated": esc_month.get(m, 0)} for m in months],
            "by_category": [{"category": c, "cases": n}
                            for c, n in sorted(categories.items(), key=_most)],
        },
        "outcomes": {
            **{stage: dict(sorted(c.items())) for stage, c in sorted(outcomes.items())},
            "withdrawn": withdrawn,
        },
        "timeliness": _timeliness(fetch, defs, start, end, today),
        "extensions": {
            "count": len(extensions),
            "past_cap_with_good_reason": sum(1 for f in extensions
                                             if str(f.get("good_reason", "")).strip()),
            "by_reason": [{"reason": r, "count": n} for r, n in sorted(reasons.items(),
                                                                       key=_most)],
        },
        "not_accepted": [{"ground": g, "label": labels.get(g, g), "count": n}
                         for g, n in sorted(grounds.items(), key=_most)],
        "escalations_declined": [{"ground": g, "label": labels.get(g, g), "count": n}
                                 for g, n in sorted(declined.items(), key=_most)],
        "remedies": {
            "responses_with_remedy": with_remedy,
            "compensation_offered": f"{compensation:.2f}",
            "outstanding_actions": _tracked(fetch, "outstanding_action", params),
        },
        "ombudsman": {
            "determinations": [{"outcome": o, "count": n}
                               for o, n in sorted(determinations.items(), key=_most)],
            "orders": _tracked(fetch, "ombudsman_order", params),
        },
        "learning": [{"category": c, "items": items}
                     for c, items in sorted(learning.items())],
        "adjustments": {"cases": sum(1 for r in cases
                                     if json.loads(r["adjustments"] or "{}"))},
        "governing_body_response": response,
    }


def local_date_of(value: Any) -> date:
    at = instant(value)
    assert at is not None
    return local_date(at)


def _months(start: date, end: date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _most(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _amount(value: Any) -> Decimal:
    """A compensation amount as recorded (checked when it was given)."""
    if value is None or not str(value).strip():
        return Decimal(0)
    return Decimal(str(value).strip().lstrip("£").replace(",", ""))


def _timeliness(fetch: Fetch, defs: dict[str, WorkflowDefinition], start: date,
                end: date, today: date) -> list[dict[str, Any]]:
    """Per kind of landlord deadline, those due in the period: met, late, still overdue
    (the resident's own time and tracked actions are reported elsewhere)."""
    counts: dict[str, dict[str, int]] = {}
    labels: dict[str, str] = {}
    for (name, digest), c in due_in(fetch, start, end, today).items():
        if digest not in defs:  # a case received before the period: read its definition once
            defs.update(_definitions(fetch, {digest}))
        defn = defs[digest]
        timer = defn.timers.get(name)
        if timer is None or timer.window == "resident" or timer.started_by:
            continue
        labels.setdefault(name, DEADLINE_NAMES.get(name, timer.label))
        total = counts.setdefault(name, {"met": 0, "late": 0, "overdue": 0})
        for key, n in c.items():
            total[key] += n
    order = list(DEADLINE_NAMES)
    out = []
    for name in sorted(counts, key=lambda n: (order.index(n) if n in order else 99, n)):
        c = counts[name]
        due = sum(c.values())
        out.append({"deadline": name, "label": labels[name], "due": due, **c,
                    "proportion_met": c["met"] / due if due else None})
    return out


def _tracked(fetch: Fetch, name: str, params: Mapping[str, Any]) -> dict[str, int]:
    """Runs of a tracked timer (promised actions, Ombudsman orders) started in the period:
    done in time, done late, still open, overdue."""
    rows = fetch(
        "SELECT status, SUM(CASE WHEN due < :today THEN 1 ELSE 0 END) AS past, "
        "COUNT(*) AS n FROM deadline WHERE name = :name AND started_on >= :start AND "
        "started_on <= :end GROUP BY status", {**params, "name": name})
    out = {"recorded": 0, "done": 0, "done_late": 0, "open": 0, "overdue": 0}
    for r in rows:
        n, past = int(r["n"]), int(r["past"] or 0)
        if r["status"] == "cancelled":
            continue
        out["recorded"] += n
        if r["status"] == "met":
            out["done"] += n
        elif r["status"] == "late":
            out["done_late"] += n
        else:
            out["overdue"] += past
            out["open"] += n - past
    return out

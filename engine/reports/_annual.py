"""The annual complaints performance and service improvement report (2024 Code 8.1), and
the same figures for any period for the Member Responsible for Complaints (9.7).

Every number comes from the case record: cases and deadlines are counted in SQL; the
events that carry a decision, a ground, a reason or an outcome are read once for the
period and grouped here. The JSON, the Markdown and the HTML carry the same numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from ..cases._clock import at_london, local_date
from ..cases._privacy import ERASED, TOKEN
from ..store._reader import Fetch, resolved_definition
from ..workflow._definition import WorkflowDefinition, from_resolved
from ._deadlines import due_in
from ._periods import Period
from ._tsm import Dialect

# How the Code's deadlines are named in a report (any other by its timer's label).
DEADLINE_NAMES = {
    "acknowledge": "Stage 1 acknowledgement",
    "stage1_response": "Stage 1 response",
    "stage2_acknowledge": "Stage 2 acknowledgement",
    "stage2_response": "Stage 2 response",
    "stage3_response": "Stage 3 response",
}


def _instant(day: date) -> datetime:
    """The start of a London day, as the naive UTC instants the store keeps."""
    return at_london(day, time(0, 0)).astimezone(UTC).replace(tzinfo=None)


def _definitions(fetch: Fetch) -> dict[str, WorkflowDefinition]:
    """Every stored definition (a handful, whatever the number of cases)."""
    return {str(r["digest"]): from_resolved(resolved_definition(fetch, str(r["digest"])))
            for r in fetch("SELECT digest FROM workflow_definition ORDER BY digest", {})}


class _Sql:
    """The report's statements. The database groups and counts; Python receives one row
    per group (a month, a category, a decision, a reason), never one per case, so the
    report's memory does not grow with the archive."""

    def __init__(self, sqlite: bool) -> None:
        self.d = Dialect(sqlite)

    def text(self, column: str, key: str) -> str:
        """A recorded value as people read it: a personal value (kept apart from the
        audit chain) from its table through the `p_<key>` join, "[erased]" once erased."""
        token = self.d.json(column, key, TOKEN)
        return (f"CASE WHEN {token} IS NOT NULL THEN COALESCE(p_{key}.value, '{ERASED}') "
                f"ELSE {self.d.json(column, key)} END")

    def personal(self, column: str, key: str) -> str:
        return (f"LEFT JOIN personal_value p_{key} ON p_{key}.case_id = e.case_id AND "
                f"p_{key}.digest = {self.d.json(column, key, TOKEN)}")

    def filled(self, value: str) -> str:
        """1 when a value has more than white space (Python's `str.strip`)."""
        spaces = "char(32, 9, 10, 13)" if self.d.sqlite else "E' \\t\\n\\r'"
        trim = "TRIM" if self.d.sqlite else "BTRIM"
        return f"CASE WHEN {trim}(COALESCE({value}, ''), {spaces}) <> '' THEN 1 ELSE 0 END"

    @staticmethod
    def hour(column: str) -> str:
        """A stored instant to its UTC hour ('2025-06-20 10'): a London date is the
        same for every instant of a UTC hour (the offset is whole hours)."""
        return f"SUBSTR(CAST({column} AS TEXT), 1, 13)"


def _hour_date(hour: str) -> date:
    return local_date(datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC))


def _cases(fetch: Fetch, sql: _Sql, params: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    """Complaints received in the period, by month, category and whether they have
    reasonable adjustments."""
    return fetch(
        "SELECT SUBSTR(CAST(received AS TEXT), 1, 7) AS month, "
        f"{sql.d.json('data', 'category')} AS category, "
        "CASE WHEN adjustments IN ('', '{}') THEN 0 ELSE 1 END AS adjusted, COUNT(*) AS n "
        "FROM complaint_case WHERE received >= :start AND received <= :end "
        "GROUP BY 1, 2, 3", params)


def _accepted(fetch: Fetch, defs: Mapping[str, WorkflowDefinition],
              params: Mapping[str, Any]) -> int:
    """Complaints received in the period and acknowledged into stage 1 (of the
    workflow each ran on)."""
    terms, bound = [], dict(params)
    for i, (digest, defn) in enumerate(sorted(defs.items())):
        states = sorted(s.name for s in defn.states.values() if s.stage == 1)
        if not states:
            continue
        bound[f"dg{i}"] = digest
        names = []
        for j, state in enumerate(states):
            bound[f"s{i}_{j}"] = state
            names.append(f":s{i}_{j}")
        terms.append(f"(c.digest = :dg{i} AND e.to_state IN ({', '.join(names)}))")
    if not terms:
        return 0
    row = fetch(
        "SELECT COUNT(*) AS n FROM complaint_case c WHERE c.received >= :start AND "
        "c.received <= :end AND EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id "
        f"AND e.action = 'acknowledge' AND ({' OR '.join(terms)}))", bound)
    return int(row[0]["n"])


GROUPED = ("respond", "withdraw", "extend", "refuse", "decline_escalation", "escalate",
           "ombudsman_determination")


def _grouped(fetch: Fetch, sql: _Sql, params: Mapping[str, Any]
             ) -> Sequence[Mapping[str, Any]]:
    """The events the report counts, grouped by what it reports of each: a response's
    stage, decision, remedy and compensation; an extension's reason; a refusal's ground;
    the date an escalation was asked for or the Ombudsman determined. Those two are
    dated by their own field, so they are read from the period's start on (an event
    recorded later may be dated in the period); the rest by when they were recorded."""
    j, h = sql.d.json, sql.hour
    kind = {"respond": j("e.fields", "decision"),
            "extend": sql.text("e.fields", "reason"),
            "refuse": j("e.fields", "ground"),
            "decline_escalation": j("e.fields", "ground"),
            "escalate": j("e.fields", "requested_on"),
            "ombudsman_determination": j("e.fields", "outcome")}
    key = "CASE e.action " + " ".join(f"WHEN '{a}' THEN {x}" for a, x in kind.items()) \
        + " END"
    flag = (f"CASE e.action WHEN 'respond' THEN {sql.filled(sql.text('e.fields', 'remedy'))} "
            f"WHEN 'extend' THEN {sql.filled(sql.text('e.fields', 'good_reason'))} END")
    dated = (f"CASE e.action WHEN 'escalate' THEN {j('e.fields', 'requested_on')} "
             f"WHEN 'ombudsman_determination' THEN {j('e.fields', 'determined_on')} END")
    names = ", ".join(f"'{a}'" for a in GROUPED)
    return fetch(
        "SELECT e.action AS action, "
        "CASE WHEN e.clock_at < :end_at THEN 1 ELSE 0 END AS in_period, "
        "CASE WHEN e.action = 'respond' THEN c.digest END AS digest, "
        "CASE WHEN e.action = 'respond' THEN e.from_state END AS from_state, "
        f"{key} AS k, {flag} AS flag, "
        f"CASE WHEN e.action = 'respond' THEN {j('e.fields', 'compensation')} END AS amount, "
        f"{dated} AS dated, "
        f"CASE WHEN COALESCE({dated}, '') = '' AND e.action IN ('escalate', "
        f"'ombudsman_determination') THEN {h('e.clock_at')} END AS hour, COUNT(*) AS n "
        "FROM case_event e JOIN complaint_case c ON c.id = e.case_id "
        f"{sql.personal('e.fields', 'reason')} {sql.personal('e.fields', 'remedy')} "
        f"{sql.personal('e.fields', 'good_reason')} "
        f"WHERE e.action IN ({names}) AND e.clock_at >= :start_at "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9", params)


def _learning(fetch: Fetch, sql: _Sql, params: Mapping[str, Any]
              ) -> Sequence[Mapping[str, Any]]:
    """The learning recorded on cases closed in the period (the closing fields, else the
    case's), with the category it is filed under."""
    j = sql.d.json

    def value(key: str) -> str:
        return (f"CASE WHEN {j('e.fields', key)} IS NOT NULL THEN {j('e.fields', key)} "
                f"ELSE {j('c.data', key)} END")

    return fetch(
        f"SELECT c.ref AS ref, {value('category')} AS category, {value('learning')} "
        "AS learning FROM case_event e JOIN complaint_case c ON c.id = e.case_id "
        "WHERE e.action = 'close' AND e.clock_at >= :start_at AND e.clock_at < :end_at "
        f"AND {sql.filled(value('learning'))} = 1 ORDER BY e.clock_at, e.id", params)


def _stage(defs: Mapping[str, WorkflowDefinition], digest: str, state: str | None) -> int:
    defn = defs.get(digest)
    if defn is None or state is None or state not in defn.states:
        return 0
    return defn.states[state].stage or 0


STEPS = ("counting complaints received", "grouping responses, extensions, refusals and "
         "escalations", "reading the learning recorded", "counting deadlines due",
         "counting promised actions and the Ombudsman's orders")


def annual(fetch: Fetch, period: Period, today: date, response: str | None = None, *,
           sqlite: bool, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """The report's figures for `period`, JSON-ready. `sqlite` says which database
    `fetch` reads (the two spell JSON differently); `progress` hears each step begin
    (a year of a large archive takes a while)."""
    steps = iter(STEPS)

    def step() -> None:
        if progress is not None:
            n = STEPS.index(what := next(steps)) + 1
            progress(f"{what} ({n} of {len(STEPS)})")

    start, end = period.start, period.end
    sql = _Sql(sqlite)
    params = {"start": start, "end": end, "today": today, "start_at": _instant(start),
              "end_at": _instant(end + timedelta(days=1))}
    defs = _definitions(fetch)
    first, last = start.isoformat(), end.isoformat()

    # volumes: complaints received, and what became of them; escalations requested
    by_month: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    received = adjusted = 0
    step()
    for r in _cases(fetch, sql, params):
        n = int(r["n"])
        received += n
        adjusted += n * int(r["adjusted"])
        by_month[str(r["month"])] += n
        categories[str(r["category"] or "") or "Not recorded"] += n

    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    compensation = Decimal(0)
    with_remedy = withdrawn = past_cap = 0
    reasons: Counter[str] = Counter()
    grounds: Counter[str] = Counter()
    declined: Counter[str] = Counter()
    determinations: Counter[str] = Counter()
    esc_month: Counter[str] = Counter()
    step()
    for g in _grouped(fetch, sql, params):
        action, n, k = g["action"], int(g["n"]), "" if g["k"] is None else str(g["k"])
        if action in ("escalate", "ombudsman_determination"):
            on = str(g["dated"] or "") or str(_hour_date(str(g["hour"])))
            if not first <= on <= last:
                continue
            if action == "escalate":
                esc_month[on[:7]] += n
            else:
                determinations[k] += n
            continue
        if not g["in_period"]:
            continue
        if action == "respond":
            stage = _stage(defs, str(g["digest"]), g["from_state"])
            outcomes[f"stage{stage}"][k or "Not recorded"] += n
            with_remedy += n * int(g["flag"])
            compensation += n * _amount(g["amount"])
        elif action == "withdraw":
            withdrawn += n
        elif action == "extend":
            reasons[" ".join(k.split())] += n
            past_cap += n * int(g["flag"])
        elif action == "refuse":
            grounds[k] += n
        elif action == "decline_escalation":
            declined[k] += n
    labels = {g: x.label for d in defs.values() for g, x in d.exclusions.items()}

    learning: dict[str, list[dict[str, str]]] = defaultdict(list)
    step()
    for r in _learning(fetch, sql, params):
        learning[str(r["category"] or "") or "Not recorded"].append(
            {"case": str(r["ref"]), "learning": str(r["learning"])})
    step()
    timeliness = _timeliness(fetch, defs, start, end, today)
    step()
    actions = _tracked(fetch, "outstanding_action", params)
    orders = _tracked(fetch, "ombudsman_order", params)

    return {
        "period": {"from": first, "to": last, "name": period.label},
        "volumes": {
            "received": received,
            "accepted_stage1": _accepted(fetch, defs, params),
            "not_accepted": sum(grounds.values()),
            "escalated_stage2": sum(esc_month.values()),
            "by_month": [{"month": m, "received": by_month.get(m, 0),
                          "escalated": esc_month.get(m, 0)} for m in _months(start, end)],
            "by_category": [{"category": c, "cases": n}
                            for c, n in sorted(categories.items(), key=_most)],
        },
        "outcomes": {
            **{stage: dict(sorted(c.items())) for stage, c in sorted(outcomes.items())},
            "withdrawn": withdrawn,
        },
        "timeliness": timeliness,
        "extensions": {
            "count": sum(reasons.values()),
            "past_cap_with_good_reason": past_cap,
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
            "outstanding_actions": actions,
        },
        "ombudsman": {
            "determinations": [{"outcome": o, "count": n}
                               for o, n in sorted(determinations.items(), key=_most)],
            "orders": orders,
        },
        "learning": [{"category": c, "items": items}
                     for c, items in sorted(learning.items())],
        "adjustments": {"cases": adjusted},
        "governing_body_response": response,
    }


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
        defn = defs.get(digest)
        if defn is None:
            continue
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

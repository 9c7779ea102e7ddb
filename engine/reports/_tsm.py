"""CH01 and CH02, the Regulator of Social Housing's complaint measures, in SQL over the
store: the database counts, Python only describes what to count.

Each case is judged on the workflow it ran on. From every stored definition Python reads
which states begin and accept each stage, which timers are a stage's acknowledgement and
response (by the actions that meet them and the moves those make, never by one
edition's names), each timer's extension cap and which actions refuse. These few facts go
into the statement as small tables (`VALUES`), beside a calendar of the landlord's
working days for the dates an extension is judged against. The rest is plain SQL over
`complaint_case`, `deadline` and `case_event`, run the same on SQLite and PostgreSQL.

Why JSON functions rather than new columns: the schema is not changed for a report (no
migration), and only three facts live only in JSON: when the resident asked to escalate
(`requested_on` in the escalate event's fields), the good reason recorded with an
extension, and which deadline an extension moved (the event's first change). They are
read only from the few events that need them (requests to escalate; extensions past
the cap), through `json_extract` on SQLite and `->>` on PostgreSQL (`Dialect.json`).
Everything else is in plain columns: received dates, deadline status (met/late, which
already says whether the answer left in time and whether a breach was recorded), due
dates, `extended_by` and `completed_at` (when the answering letter left).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from .._errors import InvalidInput, StoreError
from ..cases._calendar import WorkingCalendar
from ..cases._clock import at_london
from ..store._store import Store
from ..workflow._definition import WorkflowDefinition
from ._periods import Period
from ._settings import ReportSettings

Row = dict[str, Any]
Run = Callable[..., Iterator[Row]]  # (sql, params, stream=True)
STAGES = (1, 2)  # the measures count two stages; a third (aspire-2010's panel) is not in them


# --- what each definition says --------------------------------------------------------


@dataclass(frozen=True)
class Roles:
    """What the report needs to know of one stored definition."""

    entry: Mapping[int, frozenset[str]]  # stage -> states a case enters the stage in
    accepted: Mapping[int, frozenset[str]]  # stage -> states of the stage once accepted
    final: frozenset[str]
    # stage -> (response timer, its cap), (acknowledgement timer, its cap) or None
    responses: Mapping[int, tuple[tuple[str, int | None], ...]]
    acks: Mapping[int, tuple[str, int | None] | None]
    refusing: frozenset[str]  # actions that refuse (not accepted, escalation declined)


def roles_of(defn: WorkflowDefinition) -> Roles:
    """A stage's entry states are its initial state and those reached from outside the
    stage; its other states are reached once the complaint is accepted. A stage's
    acknowledgement timer is met by an action moving entry -> accepted; its response
    timer by one moving between two of its accepted states (stage1 -> stage1_responded)."""
    stage_of = {s.name: s.stage for s in defn.states.values() if not s.final}
    entry: dict[int, set[str]] = {n: set() for n in STAGES}
    for s in defn.states.values():
        if s.initial and s.stage in entry:
            entry[s.stage].add(s.name)
    for a in defn.actions.values():
        for src, dst in a.moves:
            stage = stage_of.get(dst)
            if stage in entry and stage_of.get(src) != stage:
                entry[stage].add(dst)
    accepted = {n: {s for s, st in stage_of.items() if st == n} - entry[n] for n in STAGES}

    def moves(timer: str, sources: frozenset[str] | set[str], targets: set[str],
              same: bool) -> bool:
        """Whether an action meeting `timer` moves a case from `sources` to `targets`
        (to a different state, when `same` says the two sets are one)."""
        return any(src in sources and dst in targets and not (same and src == dst)
                   for action in defn.timers[timer].met_by if action in defn.actions
                   for src, dst in defn.actions[action].moves)

    responses: dict[int, list[tuple[str, int | None]]] = {n: [] for n in STAGES}
    acks: dict[int, tuple[str, int | None] | None] = {n: None for n in STAGES}
    for t in defn.timers.values():
        stage = stage_of.get(t.starts)
        if t.window != "landlord" or t.started_by or stage not in entry:
            continue
        cap = t.extend.max_working_days if t.extend is not None else None
        ent, acc = entry[stage], accepted[stage]
        if moves(t.name, acc, acc, same=True):
            responses[stage].append((t.name, cap))
        elif acks[stage] is None and moves(t.name, ent, acc, same=False):
            acks[stage] = (t.name, cap)
    return Roles(
        entry={n: frozenset(v) for n, v in entry.items()},
        accepted={n: frozenset(v) for n, v in accepted.items()},
        final=frozenset(s.name for s in defn.states.values() if s.final),
        responses={n: tuple(v) for n, v in responses.items()},
        acks=acks,
        refusing=frozenset(a.name for a in defn.actions.values() if a.effect == "refuse"),
    )


# --- the two databases ----------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """The few places SQLite and PostgreSQL differ: JSON, literals and bound values.
    SQLite stores dates as ISO text and instants as 'YYYY-MM-DD HH:MM:SS.ffffff', so
    values are bound in those forms and compare as the stored ones do."""

    sqlite: bool

    def json(self, column: str, *path: str | int) -> str:
        """One value of a JSON text column, as text (NULL when absent)."""
        if self.sqlite:
            steps = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
            return f"json_extract({column}, '${steps}')"
        steps = "".join(f" -> {p}" if isinstance(p, int) else f" -> '{p}'" for p in path[:-1])
        last = path[-1]
        key = str(last) if isinstance(last, int) else f"'{last}'"
        return f"(({column})::json{steps} ->> {key})"

    def json_date(self, column: str, key: str) -> str:
        value = self.json(column, key)
        return value if self.sqlite else f"CAST({value} AS DATE)"

    def day_literal(self, day: date) -> str:
        return f"'{day.isoformat()}'" if self.sqlite else f"DATE '{day.isoformat()}'"

    def stamp_literal(self, moment: datetime) -> str:
        text = f"'{naive(moment):%Y-%m-%d %H:%M:%S.%f}'"
        return text if self.sqlite else f"TIMESTAMP {text}"

    def bind_date(self, day: date) -> Any:
        return day.isoformat() if self.sqlite else day

    def bind_stamp(self, moment: datetime) -> Any:
        return f"{naive(moment):%Y-%m-%d %H:%M:%S.%f}" if self.sqlite else naive(moment)


def naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


@contextmanager
def snapshot(store: Store) -> Iterator[Run]:
    """One read-only transaction for every statement of a report, so its figures are
    taken at one moment (REPEATABLE READ on PostgreSQL; a deferred read on SQLite).
    Rows are streamed, never all held at once."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with store.engine.connect() as conn:
            conn.info["deferred"] = True  # readers need no write lock (SQLite)
            if not store.is_sqlite:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")

            def run(sql: str, params: Mapping[str, Any], stream: bool = True
                    ) -> Iterator[Row]:
                # a server-side cursor (streamed rows) makes PostgreSQL plan for the
                # first rows fast; an aggregate's few rows are better planned whole
                how = conn.execution_options(stream_results=True, yield_per=2000) \
                    if stream else conn
                with how.execute(text(sql), dict(params)) as result:
                    for row in result.mappings():
                        yield dict(row)

            try:
                with conn.begin():
                    if not store.is_sqlite:
                        # the small tables' lookups look costly to the planner, which
                        # would then compile each statement (JIT) for longer than it runs
                        conn.exec_driver_sql("SET LOCAL jit = off")
                    yield run
            finally:
                conn.info.pop("deferred", None)
    except DBAPIError as exc:
        msg = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"cannot read the database for the report: {msg}") from None


# --- the statements ---------------------------------------------------------------------


@dataclass
class Statements:
    """The SQL of one report: its small tables and the three parts the figures come
    from. `period` None means every date (one case's explanation)."""

    dialect: Dialect
    roles: Mapping[str, Roles]  # digest -> roles
    settings: ReportSettings
    calendar: WorkingCalendar
    span: tuple[date, date]  # the days the working-day calendar table covers
    params: dict[str, Any] = field(default_factory=dict)

    # the small tables, bound or written as literals (dates and whole numbers only)

    def _text(self, value: str) -> str:
        name = f"v{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def tables(self) -> str:
        d = self.dialect
        states, timers, actions = [], [], []
        for digest, r in sorted(self.roles.items()):
            dg = self._text(digest)
            for n in STAGES:
                for part, names in (("entry", r.entry[n]), ("accepted", r.accepted[n])):
                    states += [f"({dg}, {self._text(s)}, {n}, '{part}')" for s in sorted(names)]
                ack = r.acks[n]
                for name, cap in r.responses[n]:
                    timers.append(
                        f"({dg}, {self._text(name)}, {n}, {_int(cap)}, "
                        f"{self._text(ack[0]) if ack else 'NULL'}, "
                        f"{_int(ack[1]) if ack else _int(None)})")
            states += [f"({dg}, {self._text(s)}, 0, 'final')" for s in sorted(r.final)]
            actions += [f"({dg}, {self._text(a)})" for a in sorted(r.refusing)]
        # a row that matches nothing keeps each table valid (and typed) when empty
        none = "(NULL, NULL, 0, 'none')"
        days = []
        ordinal, day = 0, self.span[0]
        while day <= self.span[1]:
            working = self.calendar.is_working_day(day)
            ordinal += working
            days.append(f"({d.day_literal(day)}, {ordinal}, {int(working)}, "
                        f"{d.stamp_literal(at_london(day, time(0, 0)))})")
            day += timedelta(days=1)
        typed_null = "NULL" if d.sqlite else "CAST(NULL AS TEXT)"
        return (
            "WITH tsm_state(digest, state, stage, part) AS (VALUES "
            + ", ".join([none.replace("NULL", typed_null), *states]) + "), "
            "tsm_timer(digest, timer, stage, cap, ack, ack_cap) AS (VALUES "
            + ", ".join([f"({typed_null}, {typed_null}, 0, {_int(None)}, {typed_null}, "
                         f"{_int(None)})", *timers]) + "), "
            "tsm_action(digest, action) AS (VALUES "
            + ", ".join([f"({typed_null}, {typed_null})", *actions]) + "), "
            "cal(day, wd, is_wd, starts) AS (VALUES " + ", ".join(days) + ") "
        )

    def _names(self, pick: Callable[[Roles], Sequence[str]]) -> str:
        """A literal list of names across every definition, for a cheap first filter on
        an indexed or narrow column before the join that checks the definition."""
        names = sorted({n for r in self.roles.values() for n in pick(r)})
        return ", ".join(self._text(n) for n in names) or "NULL"

    # how one deadline is judged (`x`: its alias; `cap`: its cap's SQL)

    def london_day(self, instant: str) -> str:
        """The London date of a stored (naive UTC) instant: PostgreSQL knows the time
        zone; SQLite looks the instant up among the calendar's London midnights."""
        if not self.dialect.sqlite:
            return f"CAST(({instant} AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/London' AS DATE)"
        return f"(SELECT MAX(k.day) FROM cal k WHERE k.starts <= {instant})"

    def moved(self, x: str, plus: str = "") -> str:
        """The working day `extended_by` working days before `x`'s due date (its
        original due date), plus `plus` working days."""
        return (f"(SELECT o.day FROM cal o WHERE o.is_wd = 1 AND o.wd = "
                f"(SELECT k.wd FROM cal k WHERE k.day = {x}.due) - {x}.extended_by{plus})")

    def good_reason(self, x: str) -> str:
        d = self.dialect
        return (f"EXISTS (SELECT 1 FROM case_event g WHERE g.case_id = {x}.case_id "
                f"AND {d.json('g.changes', 0, 'change')} = 'extended' "
                f"AND {d.json('g.changes', 0, 'deadline')} = {x}.name "
                f"AND TRIM(COALESCE({d.json('g.fields', 'good_reason')}, '')) <> '')")

    def judged(self, x: str, cap: str) -> str:
        """1 when deadline `x` was met within the timescale the settings allow: met (the
        answer left by its due date, no breach recorded) and, if extended, as far as
        `extensions` lets an extension count."""
        mode = self.settings.extensions
        within_cap = f"{cap} IS NULL OR {x}.extended_by <= {cap}"
        rule = {
            "code": f"WHEN {within_cap} THEN 1 WHEN {self.good_reason(x)} THEN 1",
            "cap": f"WHEN {within_cap} THEN 1 WHEN {self.london_day(x + '.completed_at')} "
                   f"<= {self.moved(x, ' + ' + cap)} THEN 1",
            "none": f"WHEN {self.london_day(x + '.completed_at')} <= {self.moved(x)} THEN 1",
        }[mode]
        return (f"CASE WHEN {x}.status <> 'met' THEN 0 WHEN {x}.extended_by = 0 THEN 1 "
                f"{rule} ELSE 0 END")

    # the three parts

    def receipts(self, where: str, detail: bool = False) -> str:
        """Complaints received: accepted into stage 1 (an event entering an accepted
        stage 1 state) or refused on receipt (a refusing action from an entry state)."""
        extra = ""
        if detail:
            extra = (
                ", (SELECT MAX(a.completed_at) FROM deadline a JOIN tsm_timer t ON "
                "t.digest = c.digest AND t.ack = a.name AND t.stage = 1 WHERE a.case_id = "
                "c.id AND a.status IN ('met', 'late')) AS acknowledged_at"
                ", (SELECT MAX(r.completed_at) FROM deadline r JOIN tsm_timer t ON "
                "t.digest = c.digest AND t.timer = r.name AND t.stage = 1 WHERE r.case_id = "
                "c.id AND r.status IN ('met', 'late')) AS responded_at"
                ", (SELECT e.fields FROM case_event e JOIN tsm_action a ON a.digest = "
                "c.digest AND a.action = e.action WHERE e.case_id = c.id ORDER BY e.seq "
                "DESC LIMIT 1) AS refusal"
            )
        accepted = self._names(lambda r: tuple(r.accepted[1]))
        refusing = self._names(lambda r: tuple(r.refusing))
        # PostgreSQL would otherwise fold the subquery in and probe each case's events
        # twice, once per use of `outcome` (see `requests` for the fence)
        fence = "" if self.dialect.sqlite else " OFFSET 0"
        # one CASE: the refusal is looked for only in the few cases never accepted
        return (
            "SELECT c.id AS case_id, c.ref, c.digest, c.state, c.received, outcome, "
            "CASE WHEN outcome = 1 THEN 1 ELSE 0 END AS accepted, "
            f"CASE WHEN outcome = 2 THEN 1 ELSE 0 END AS refused{extra} FROM (SELECT c.*, "
            "CASE WHEN EXISTS (SELECT 1 FROM case_event e JOIN tsm_state s ON s.digest = "
            f"c.digest AND s.state = e.to_state WHERE e.case_id = c.id AND e.to_state IN "
            f"({accepted}) AND s.stage = 1 AND s.part = 'accepted') THEN 1 "
            "WHEN EXISTS (SELECT 1 FROM case_event e JOIN tsm_action a ON a.digest = "
            "c.digest AND a.action = e.action JOIN tsm_state s ON s.digest = c.digest AND "
            f"s.state = e.from_state WHERE e.case_id = c.id AND e.action IN ({refusing}) "
            "AND s.stage = 1 AND s.part = 'entry') THEN 2 ELSE 0 END AS outcome "
            f"FROM complaint_case c WHERE {where}{fence}) c"
        )

    def requests(self, where: str, detail: bool = False) -> str:
        """Requests to escalate: an event entering stage 2 from outside it (its date the
        recorded `requested_on`, else the London date it was recorded), then accepted or
        declined by the first event that moves the case on; and a refusal recorded on a
        closed case (a request after closure, declined at once)."""
        d = self.dialect
        requested = (f"COALESCE({d.json_date('r.fields', 'requested_on')}, "
                     f"{self.london_day('r.clock_at')})")
        entries = self._names(lambda r: tuple(r.entry[2]))
        refusing = self._names(lambda r: tuple(r.refusing))
        finals = self._names(lambda r: tuple(r.final))
        # PostgreSQL would start from every case and look for its events; the few events
        # that can be requests are fewer, so they are found first (OFFSET 0 keeps the
        # planner from folding the subquery back in; SQLite finds that order itself)
        fence = "" if d.sqlite else " OFFSET 0"
        extra = ""
        if detail:
            extra = (
                ", n.fields AS next_fields, n.clock_at AS next_at"
                ", (SELECT MAX(a.completed_at) FROM deadline a JOIN tsm_timer t ON "
                "t.digest = q.digest AND t.ack = a.name AND t.stage = 2 WHERE a.case_id = "
                "q.case_id AND a.status IN ('met', 'late')) AS acknowledged_at"
                ", (SELECT MAX(r.completed_at) FROM deadline r JOIN tsm_timer t ON "
                "t.digest = q.digest AND t.timer = r.name AND t.stage = 2 WHERE r.case_id = "
                "q.case_id AND r.status IN ('met', 'late')) AS responded_at"
            )
        return (
            "SELECT q.case_id, q.ref, q.digest, q.state, q.received, q.seq, q.action, "
            "q.fields, q.direct, q.requested, n.action AS next_action, "
            "n.to_state AS next_state, "
            "CASE WHEN q.direct = 0 AND sa.state IS NOT NULL THEN 1 ELSE 0 END AS accepted, "
            "CASE WHEN q.direct = 1 OR (sa.state IS NULL AND ra.action IS NOT NULL) "
            f"THEN 1 ELSE 0 END AS declined{extra} FROM ("
            "SELECT r.case_id, c.ref, c.digest, c.state, c.received, r.seq, r.action, "
            f"r.to_state, r.fields, 0 AS direct, {requested} AS requested "
            f"FROM (SELECT * FROM case_event WHERE to_state IN ({entries}) AND from_state "
            f"<> to_state{fence}) r JOIN complaint_case c ON c.id = r.case_id "
            "WHERE EXISTS (SELECT 1 FROM tsm_state se WHERE se.digest = c.digest AND "
            "se.state = r.to_state AND se.stage = 2 AND se.part = 'entry') "
            "AND NOT EXISTS (SELECT 1 FROM tsm_state x WHERE x.digest = c.digest AND "
            "x.state = r.from_state AND x.stage = 2) "
            "UNION ALL "
            "SELECT r.case_id, c.ref, c.digest, c.state, c.received, r.seq, r.action, "
            f"r.to_state, r.fields, 1 AS direct, {requested} AS requested "
            f"FROM (SELECT * FROM case_event WHERE action IN ({refusing}) AND from_state IN "
            f"({finals}){fence}) r JOIN complaint_case c ON c.id = r.case_id "
            "WHERE EXISTS (SELECT 1 FROM tsm_action a WHERE a.digest = c.digest AND "
            "a.action = r.action) AND EXISTS (SELECT 1 FROM tsm_state sf WHERE sf.digest = "
            "c.digest AND sf.state = r.from_state AND sf.part = 'final')) q "
            "LEFT JOIN case_event n ON q.direct = 0 AND n.case_id = q.case_id AND n.seq = "
            "(SELECT MIN(m.seq) FROM case_event m WHERE m.case_id = q.case_id AND m.seq > "
            "q.seq AND m.from_state = q.to_state AND m.to_state <> m.from_state) "
            "LEFT JOIN tsm_state sa ON sa.digest = q.digest AND sa.state = n.to_state AND "
            "sa.stage = 2 AND sa.part = 'accepted' "
            "LEFT JOIN tsm_action ra ON ra.digest = q.digest AND ra.action = n.action "
            f"WHERE {where}"
        )

    def responses(self, where: str, detail: bool = False) -> str:
        """Stage responses answered (met or late), each with the acknowledgement of its
        stage (the latest run before it: a reopened case has had two) and whether each
        was within the timescale. One level, so each response is judged where it is
        found (on PostgreSQL, by parallel workers); the outer query only names it `r`."""
        d = self.dialect
        ack_within = ("CASE WHEN t.ack IS NULL THEN 1 WHEN a.seq IS NULL THEN 0 ELSE "
                      f"{self.judged('a', 't.ack_cap')} END")
        names = self._names(lambda r: tuple(n for s in STAGES for n, _ in r.responses[s]))
        # the acknowledgement: the latest run of its timer before the response, one
        # backward step of the (case, seq) index (LATERAL on PostgreSQL; SQLite, which
        # has no LATERAL, finds its number, then reads it by that number)
        latest = ("SELECT {what} FROM deadline a2 WHERE a2.case_id = r.case_id AND "
                  "a2.name = t.ack AND a2.seq < r.seq")
        if d.sqlite:
            ack_join = ("LEFT JOIN deadline a ON a.case_id = r.case_id AND a.seq = "
                        f"({latest.format(what='MAX(a2.seq)')})")
        else:
            ack_join = (f"LEFT JOIN LATERAL ({latest.format(what='*')} "
                        "ORDER BY a2.seq DESC LIMIT 1) a ON TRUE")
        extra = ""
        if detail:
            extra = (
                ", r.started_on, r.breached_at, a.started_on AS ack_started_on, "
                "a.breached_at AS ack_breached_at, "
                f"CASE WHEN r.extended_by > 0 THEN {self.moved('r')} END AS original_due, "
                f"CASE WHEN r.extended_by > 0 AND t.cap IS NOT NULL THEN "
                f"{self.moved('r', ' + t.cap')} END AS capped_due, "
                f"CASE WHEN r.extended_by > 0 AND {self.good_reason('r')} THEN 1 ELSE 0 END "
                "AS good_reason, "
                f"CASE WHEN t.stage > 1 THEN (SELECT COALESCE("
                f"{d.json_date('e.fields', 'requested_on')}, {self.london_day('e.clock_at')}) "
                "FROM case_event e JOIN tsm_state se ON se.digest = c.digest AND se.state = "
                "e.to_state AND se.stage = t.stage AND se.part = 'entry' WHERE e.case_id = "
                "r.case_id AND e.from_state <> e.to_state ORDER BY e.seq DESC LIMIT 1) END "
                "AS requested"
            )
        judged = (f"CASE WHEN ({self.judged('r', 't.cap')}) = 1 AND ({ack_within}) = 1 "
                  "THEN 1 ELSE 0 END" if self.settings.acknowledgement
                  else self.judged("r", "t.cap"))
        return (
            "SELECT * FROM (SELECT r.case_id, r.seq, c.ref, c.digest, c.received, t.stage, "
            "r.name, r.due, r.status, r.completed_at, r.extended_by, t.cap, t.ack, "
            "t.ack_cap, a.due AS ack_due, a.status AS ack_status, a.completed_at AS ack_at, "
            f"a.extended_by AS ack_extended_by, {self.judged('r', 't.cap')} "
            f"AS response_within, {ack_within} AS ack_within, {judged} AS within{extra} "
            "FROM deadline r JOIN complaint_case c ON c.id = r.case_id "
            f"JOIN tsm_timer t ON t.digest = c.digest AND t.timer = r.name {ack_join} "
            f"WHERE r.name IN ({names}) AND r.status IN ('met', 'late') AND {where}) r"
        )


def _one(run: Run, sql: str, params: Mapping[str, Any]) -> Row:
    """The one row of an aggregate, its cursor read to the end (and so closed)."""
    rows = list(run(sql, params, stream=False))
    return rows[0]


def _int(value: int | None) -> str:
    return "CAST(NULL AS INTEGER)" if value is None else str(int(value))


# --- the figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class StageFigures:
    received: int  # CH01: accepted into the stage in the period
    responded: int  # CH02: responses that left in the period
    within: int  # of them, within the Code's timescales


@dataclass(frozen=True)
class TsmReport:
    period: Period
    homes: int
    stages: Mapping[int, StageFigures]
    not_accepted: int
    escalations_declined: int
    settings: ReportSettings

    def as_dict(self) -> dict[str, Any]:
        """Exactly the shape the measures are published in (numbers unrounded)."""
        return {
            "period": {"from": self.period.start.isoformat(),
                       "to": self.period.end.isoformat()},
            "homes": self.homes,
            "CH01": {f"stage{n}": {"received": f.received,
                                   "per_1000_homes": f.received * 1000 / self.homes}
                     for n, f in self.stages.items()},
            "CH02": {f"stage{n}": {"responded": f.responded, "within_timescale": f.within,
                                   "proportion": f.within / f.responded if f.responded
                                   else None}
                     for n, f in self.stages.items()},
            "not_accepted": self.not_accepted,
            "escalations_declined": self.escalations_declined,
            "settings": self.settings.as_dict(),
        }


Progress = Callable[[str], None]


@dataclass
class Source:
    """Where a report reads: the store, the landlord's working days, and the roles of
    every stored definition (read once: there are a handful, not one per case)."""

    store: Store
    calendar: WorkingCalendar
    settings: ReportSettings
    roles: dict[str, Roles] = field(default_factory=dict)
    definitions: dict[str, WorkflowDefinition] = field(default_factory=dict)

    def load_roles(self, run: Run) -> None:
        for row in run("SELECT digest FROM workflow_definition", {}):
            digest = str(row["digest"])
            if digest not in self.roles:
                defn = self.store.definition(digest)
                self.definitions[digest] = defn
                self.roles[digest] = roles_of(defn)

    def statements(self, span: tuple[date, date]) -> Statements:
        return Statements(Dialect(self.store.is_sqlite), self.roles, self.settings,
                          self.calendar, span)

    def calendar_span(self, period: Period) -> tuple[date, date]:
        """The days the working-day table covers: enough before the period for an
        original due date plus the largest cap, and a year after it for a due date
        moved far on (a lookup past either end judges the response not within)."""
        caps = [c for r in self.roles.values() for n in STAGES
                for _, c in (*r.responses[n], r.acks[n] or ("", None)) if c is not None]
        before = 2 * max(caps, default=0) + 31
        return period.start - timedelta(days=before), period.end + timedelta(days=366)


def period_where(st: Statements, period: Period) -> tuple[str, str, str]:
    """The period's conditions on each part: received date, request date, and the
    instant a response left (London midnights, so no time zone arithmetic in SQL)."""
    d = st.dialect
    st.params.update(p_from=d.bind_date(period.start), p_to=d.bind_date(period.end),
                     p_start=d.bind_stamp(period.starts_at()),
                     p_end=d.bind_stamp(period.ends_at()))
    return ("c.received >= :p_from AND c.received <= :p_to",
            "q.requested >= :p_from AND q.requested <= :p_to",
            "r.completed_at >= :p_start AND r.completed_at < :p_end")


def tsm(source: Source, period: Period, homes: int,
        progress: Progress | None = None) -> TsmReport:
    """CH01 and CH02 for `period`: three aggregate statements, one snapshot."""
    say = progress or (lambda _: None)
    with snapshot(source.store) as run:
        source.load_roles(run)
        st = source.statements(source.calendar_span(period))
        tables = st.tables()
        on_received, on_requested, on_left = period_where(st, period)
        say("counting complaints received (1 of 3)")
        got = _one(run, tables + "SELECT COALESCE(SUM(accepted), 0) AS accepted, "
                   "COALESCE(SUM(CASE WHEN accepted = 0 AND refused = 1 THEN 1 ELSE 0 "
                   "END), 0) AS refused, COUNT(*) AS n FROM ("
                   + st.receipts(on_received) + ") p", st.params)
        say("counting requests to escalate (2 of 3)")
        asked = _one(run, tables + "SELECT COALESCE(SUM(accepted), 0) AS accepted, "
                     "COALESCE(SUM(declined), 0) AS declined, COUNT(*) AS n FROM ("
                     + st.requests(on_requested) + ") p", st.params)
        say("judging responses that left (3 of 3)")
        # a sum per stage rather than GROUP BY: no sort of every response to group them
        sums = ", ".join(f"SUM(CASE WHEN stage = {n} THEN 1 ELSE 0 END) AS n{n}, "
                         f"SUM(CASE WHEN stage = {n} THEN within ELSE 0 END) AS within{n}"
                         for n in STAGES)
        row = _one(run, tables + f"SELECT {sums} FROM (" + st.responses(on_left) + ") p",
                   st.params)
        answered = {n: {"n": row[f"n{n}"], "within": row[f"within{n}"]} for n in STAGES
                    if row[f"n{n}"]}
    if not (got["n"] or asked["n"] or answered):
        raise NoCases(period)
    stages = {}
    for n in STAGES:
        resp = answered.get(n, {})
        stages[n] = StageFigures(int((got if n == 1 else asked)["accepted"]),
                                 int(resp.get("n") or 0), int(resp.get("within") or 0))
    return TsmReport(period, homes, stages, int(got["refused"]), int(asked["declined"]),
                     source.settings)


class NoCases(InvalidInput):
    """Nothing happened in the period: most often the wrong database or the wrong year."""

    def __init__(self, period: Period) -> None:
        super().__init__(f"no complaint was received, escalated or answered in "
                         f"{period.label}: nothing to report (is --db the right database, "
                         "and the year the right one?)")

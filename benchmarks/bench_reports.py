"""`redress report tsm` over a million generated cases, against one hand-written SQL
aggregate that gives the same CH01/CH02 counts (target: at most 2x its time), on SQLite
and PostgreSQL, with the report's peak memory.

    python benchmarks/bench_reports.py [--quick] [--cases N] [--pg URL] [--only sqlite|pg]

Cases are generated straight into the tables with bulk inserts (executemany on SQLite,
COPY on PostgreSQL), not through the Desk: two cases opened through the Desk store the
real chc-2024 definition, and the generated ones copy their shapes. Receipts are spread
over 2024-04-01 .. 2026-03-31, so about half fall in the year reported (2025-26). The
shapes, by case number modulo 20: answered at stage 1 in time (most), acknowledgement
late, response late, extended within the cap, extended past it with a good reason, not
accepted, withdrawn after acceptance, escalated and answered at stage 2 (one in four of
those with a late stage 2 acknowledgement), escalation declined.

The hand-written aggregate knows it is looking at chc-2024 only (its timer and state
names, its caps); the report reads every stored definition and judges each case on its
own, so the ratio is the price of that generality. Both run after ANALYZE.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import header, run_measured, verdict
from _generate import CONFIG, REDRESS, ROOT, Bulk, add_wd, analyze, pg_schema, stamp

FIRST = date(2024, 4, 1)
DAYS = 730
ACK = {"complaint_definition": "Damp", "outcomes_sought": "Repair", "responsibility": "Ours"}


# --- generating cases ------------------------------------------------------------------


def shapes(n: int, first_id: int) -> Iterator[tuple[list[Any], list[list[Any]], list[list[Any]]]]:
    """(case row, deadline rows, event rows) for case numbers 0..n-1."""
    for i in range(n):
        cid = first_id + i
        received = FIRST + timedelta(days=(i * 7919) % DAYS)
        kind = i % 20
        ref = f"B-{i:08d}"
        deadlines: list[list[Any]] = []
        events: list[list[Any]] = []
        state = "stage1_responded"

        def ev(action: str, src: str | None, dst: str, day: date,
               fields: dict[str, str] | None = None,
               changes: list[dict[str, Any]] | None = None,
               events: list[list[Any]] = events, cid: int = cid) -> None:
            events.append([cid, len(events) + 1, action, "officer", src, dst,
                           json.dumps(fields or {}, sort_keys=True, separators=(",", ":")),
                           json.dumps(changes or [], sort_keys=True, separators=(",", ":")),
                           stamp(day), stamp(day), "0" * 64, "0" * 64])

        def dl(name: str, code: str, start: date, due: date, status: str,
               done: date | None, extended: int = 0,
               deadlines: list[list[Any]] = deadlines, cid: int = cid) -> None:
            deadlines.append([cid, len(deadlines) + 1, name, code, start, due, None, status,
                              stamp(done) if done else None, extended, "", None, None])

        ev("open", None, "received", received)
        ack_due = add_wd(received, 5)
        if kind == 5:  # not accepted
            dl("acknowledge", "6.2", received, ack_due, "met", received + timedelta(days=2))
            ev("refuse", "received", "not_accepted", received + timedelta(days=2),
               {"ground": "previously_considered", "explanation": "x"})
            yield [cid, ref, received, "not_accepted"], deadlines, events
            continue
        acked = add_wd(received, 7 if kind == 1 else 2)
        dl("acknowledge", "6.2", received, ack_due, "late" if kind == 1 else "met", acked)
        ev("acknowledge", "received", "stage1", acked, ACK)
        due = add_wd(acked, 10)
        if kind == 6:  # withdrawn after acceptance
            dl("stage1_response", "6.3", acked, due, "cancelled", acked + timedelta(days=3))
            ev("withdraw", "stage1", "withdrawn", acked + timedelta(days=3))
            yield [cid, ref, received, "withdrawn"], deadlines, events
            continue
        extended = 5 if kind == 3 else 15 if kind == 4 else 0
        if extended:
            ev("extend", "stage1", "stage1", add_wd(acked, 8),
               {"working_days": str(extended), "reason": "survey",
                **({"good_reason": "specialist"} if extended > 10 else {})},
               [{"change": "extended", "deadline": "stage1_response", "due": "x",
                 "previous_due": due.isoformat(), "working_days": extended, "code": "6.4"}])
            due = add_wd(due, extended)
        left = add_wd(due, 2) if kind == 2 else add_wd(acked, 6 + extended)
        dl("stage1_response", "6.3", acked, due, "late" if kind == 2 else "met", left,
           extended)
        ev("respond", "stage1", "stage1_responded", left, {"decision": "Upheld"})
        if kind in (7, 8, 9):  # escalated
            asked = add_wd(left, 3)
            s2_due = add_wd(asked, 5)
            ev("escalate", "stage1_responded", "stage2_requested", asked + timedelta(days=1),
               {"requested_on": asked.isoformat()})
            if kind == 9:  # declined
                dl("stage2_acknowledge", "6.11", asked, s2_due, "met", add_wd(asked, 2))
                ev("decline_escalation", "stage2_requested", "closed", add_wd(asked, 2),
                   {"ground": "previously_considered", "explanation": "x"})
                state = "closed"
            else:
                late = kind == 8 and i % 40 == 8
                s2_ack = add_wd(asked, 7 if late else 2)
                dl("stage2_acknowledge", "6.11", asked, s2_due, "late" if late else "met",
                   s2_ack)
                ev("acknowledge", "stage2_requested", "stage2", s2_ack, ACK)
                s2_resp = add_wd(s2_ack, 20)
                s2_left = add_wd(s2_ack, 15)
                dl("stage2_response", "6.14", s2_ack, s2_resp, "met", s2_left)
                ev("respond", "stage2", "stage2_responded", s2_left, {"decision": "Upheld"})
                state = "stage2_responded"
        yield [cid, ref, received, state], deadlines, events


CASE_COLS = ("id, ref, ref_key, workflow, digest, state, received, received_at, resident, "
             "email, channel, summary, data, handlers, version, last_event_at, created_at, "
             "event_count, head_hash, address, adjustments")
DEADLINE_COLS = ("case_id, seq, name, code, started_on, due, due_at, status, completed_at, "
                 "extended_by, note, breached_at, letter_seq")
EVENT_COLS = ("case_id, seq, action, actor, from_state, to_state, fields, changes, clock_at, "
              "recorded_at, prev_hash, hash")


def case_row(head: list[Any], digest: str, events: int) -> list[Any]:
    cid, ref, received, state = head
    return [cid, ref, ref.casefold(), "chc-2024", digest, state, received, stamp(received), "A",
            "a@example.org", "email", "", "{}", "{}", events, stamp(received),
            stamp(received), events, "0" * 64, "", "{}"]


def real_cases(url: str) -> str:
    """Two cases through the Desk (storing the real chc-2024 definition); its digest."""
    sys.path.insert(0, str(ROOT / "tests"))
    from redress.engine import Desk, load_config
    from support import Clock, deliver

    desk = Desk.open(url, load_config(str(CONFIG)))
    clock = Clock(date(2025, 6, 2), 9)
    desk.clock = clock
    case = desk.open_case(received_at=clock.now, resident="A", actor="o",
                          workflow="chc-2024", email="a@example.org")
    clock.set(date(2025, 6, 4))
    desk.act(case.ref, "acknowledge", ACK, "officer")
    deliver(desk, case.ref)
    desk.store.close()
    return case.digest


def generate(url: str, n: int) -> str:
    digest = real_cases(url)
    from redress.engine import Store

    store = Store(url)
    first = 1000
    bulk = Bulk(store)
    cols = {"complaint_case": CASE_COLS, "deadline": DEADLINE_COLS, "case_event": EVENT_COLS}
    if store.is_sqlite:
        out: dict[str, list[list[Any]]] = {t: [] for t in cols}

        def flush() -> None:
            for table, rows in out.items():
                bulk.write(table, cols[table].split(", "), rows)
                rows.clear()

        def sq(v: Any) -> Any:
            if isinstance(v, datetime):
                return f"{v:%Y-%m-%d %H:%M:%S.%f}"
            return v.isoformat() if isinstance(v, date) else v

        for head, d, e in shapes(n, first):
            out["complaint_case"].append([sq(v) for v in case_row(head, digest, len(e))])
            out["deadline"].extend([sq(v) for v in row] for row in d)
            out["case_event"].extend([sq(v) for v in row] for row in e)
            if len(out["complaint_case"]) >= 20_000:
                flush()
        flush()
    else:
        # three passes over the (deterministic) shapes: one per table, so that a
        # million cases are never held at once
        bulk.write("complaint_case", CASE_COLS.split(", "),
                   (case_row(head, digest, len(e)) for head, _, e in shapes(n, first)))
        bulk.write("deadline", DEADLINE_COLS.split(", "),
                   (row for _, d, _ in shapes(n, first) for row in d))
        bulk.write("case_event", EVENT_COLS.split(", "),
                   (row for _, _, e in shapes(n, first) for row in e))
    bulk.commit()
    bulk.close()
    analyze(url)
    store.close()
    return digest


# --- the hand-written aggregate -----------------------------------------------------------


def baseline_sql(sqlite: bool) -> str:
    """CH01/CH02 for chc-2024 alone, written by hand."""
    req = ("json_extract(r.fields, '$.requested_on')" if sqlite
           else "CAST((r.fields::json ->> 'requested_on') AS DATE)")
    return f"""
SELECT
 (SELECT COUNT(*) FROM complaint_case c WHERE c.received BETWEEN :f AND :t AND EXISTS
   (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.to_state = 'stage1')) AS s1,
 (SELECT COUNT(*) FROM complaint_case c WHERE c.received BETWEEN :f AND :t AND EXISTS
   (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.action = 'refuse'
    AND e.from_state = 'received') AND NOT EXISTS
   (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.to_state = 'stage1'))
   AS not_accepted,
 (SELECT COUNT(*) FROM case_event r WHERE r.action = 'escalate' AND {req} BETWEEN :f AND :t
   AND EXISTS (SELECT 1 FROM case_event n WHERE n.case_id = r.case_id AND n.seq > r.seq
   AND n.to_state = 'stage2')) AS s2,
 (SELECT COUNT(*) FROM case_event r WHERE r.action = 'escalate' AND {req} BETWEEN :f AND :t
   AND EXISTS (SELECT 1 FROM case_event n WHERE n.case_id = r.case_id AND n.seq > r.seq
   AND n.action = 'decline_escalation')) AS declined
"""


def baseline_responses(sqlite: bool) -> str:
    good = ("json_extract(g.fields, '$.good_reason')" if sqlite
            else "(g.fields::json ->> 'good_reason')")
    return f"""
SELECT r.name, COUNT(*) AS n, SUM(CASE WHEN r.status = 'met' AND a.status = 'met' AND
  (r.extended_by <= CASE r.name WHEN 'stage1_response' THEN 10 ELSE 20 END OR EXISTS
   (SELECT 1 FROM case_event g WHERE g.case_id = r.case_id AND g.action = 'extend'
    AND {good} IS NOT NULL)) THEN 1 ELSE 0 END) AS within
FROM deadline r JOIN deadline a ON a.case_id = r.case_id AND a.name =
  CASE r.name WHEN 'stage1_response' THEN 'acknowledge' ELSE 'stage2_acknowledge' END
WHERE r.name IN ('stage1_response', 'stage2_response') AND r.status IN ('met', 'late')
  AND r.completed_at >= :s AND r.completed_at < :e
GROUP BY r.name
"""


def run_baseline(url: str) -> dict[str, Any]:
    from redress.engine import Store
    from redress.engine.reports import reporting_year
    from sqlalchemy import text

    store = Store(url)
    year = reporting_year("2025-26")
    lite = store.is_sqlite

    def b(v: Any) -> Any:
        if isinstance(v, datetime):
            naive = v.astimezone(UTC).replace(tzinfo=None)
            return f"{naive:%Y-%m-%d %H:%M:%S.%f}" if lite else naive
        return v.isoformat() if lite else v

    params = {"f": b(year.start), "t": b(year.end), "s": b(year.starts_at()),
              "e": b(year.ends_at())}
    with store.engine.connect() as conn:
        top = dict(conn.execute(text(baseline_sql(lite)), params).mappings().one())
        resp = {r["name"]: r for r in conn.execute(text(baseline_responses(lite)),
                                                   params).mappings()}
    store.close()
    s1, s2 = resp.get("stage1_response", {}), resp.get("stage2_response", {})
    return {"s1": top["s1"], "s2": top["s2"], "not_accepted": top["not_accepted"],
            "declined": top["declined"], "r1": s1.get("n", 0), "w1": s1.get("within", 0),
            "r2": s2.get("n", 0), "w2": s2.get("within", 0)}


def run_report(url: str) -> dict[str, Any]:
    from redress.engine import Store, WorkingCalendar
    from redress.engine.reports import ReportSettings, Source, reporting_year, tsm

    store = Store(url)
    got = tsm(Source(store, WorkingCalendar(), ReportSettings()),
              reporting_year("2025-26"), 1000).as_dict()
    store.close()
    return counts(got)


def counts(got: dict[str, Any]) -> dict[str, Any]:
    return {"s1": got["CH01"]["stage1"]["received"], "s2": got["CH01"]["stage2"]["received"],
            "not_accepted": got["not_accepted"], "declined": got["escalations_declined"],
            "r1": got["CH02"]["stage1"]["responded"],
            "w1": got["CH02"]["stage1"]["within_timescale"],
            "r2": got["CH02"]["stage2"]["responded"],
            "w2": got["CH02"]["stage2"]["within_timescale"]}


def timed(fn: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def command(url: str) -> tuple[float, float, dict[str, Any]]:
    """`redress report tsm --json` as its own process: wall time, its own peak memory (MB;
    launched from a small process, whose memory a child's peak starts from)."""
    env = {**os.environ, "REDRESS_CONFIG": str(CONFIG)}
    wall, peak, out = run_measured([REDRESS, "--db", url, "report", "tsm", "--year",
                                    "2025-26", "--homes", "1000", "--json"], env)
    return wall, peak, counts(json.loads(out))


def annual_command(url: str) -> tuple[float, float, int]:
    """`redress report annual` as its own process (HTML, Markdown and JSON with charts):
    wall time, its own peak memory (MB), and the complaints it counted."""
    env = {**os.environ, "REDRESS_CONFIG": str(CONFIG)}
    with tempfile.TemporaryDirectory() as out:
        wall, peak, _ = run_measured([REDRESS, "--db", url, "report", "annual", "--year",
                                      "2025-26", "--out", out], env)
        figures = json.loads((Path(out) / "annual-report-2025-26.json").read_text("utf-8"))
    return wall, peak, int(figures["volumes"]["received"])


def bench(name: str, url: str, n: int, repeats: int) -> None:
    print(f"{name}: generating {n:,} cases ...", flush=True)
    took, _ = timed(generate, url, n)
    print(f"  generated in {took:.0f} s")
    base_times, report_times = [], []
    base = report = None
    for _ in range(repeats):  # alternate, so both see the same cache state
        t, base = timed(run_baseline, url)
        base_times.append(t)
        t, report = timed(run_report, url)
        report_times.append(t)
    wall, peak, cli = command(url)
    assert base == report == cli, (base, report, cli)
    b, r = min(base_times), min(report_times)
    print(f"  counts (identical): {report}")
    print(f"  hand-written aggregate: {b:.2f} s   report tsm (in process): {r:.2f} s   "
          f"ratio {r / b:.2f}x (target <= 2x: {verdict(r / b <= 2)})")
    print(f"  redress report tsm --json (own process): {wall:.2f} s, peak memory "
          f"{peak:.0f} MB")
    wall, peak, received = annual_command(url)
    print(f"  redress report annual (own process, {received:,} complaints received in the "
          f"year): {wall:.2f} s, peak memory {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="50,000 cases")
    parser.add_argument("--smoke", action="store_true", help="300 cases, one run: seconds")
    parser.add_argument("--cases", type=int, help="how many cases (default 1,000,000)")
    parser.add_argument("--pg", default=os.environ.get("REDRESS_TEST_POSTGRES_URL"),
                        help="PostgreSQL URL (a schema is made and dropped)")
    parser.add_argument("--only", choices=("sqlite", "pg"))
    args = parser.parse_args()
    n = args.cases or (300 if args.smoke else 50_000 if args.quick else 1_000_000)
    repeats = 3 if n <= 100_000 and not args.smoke else 1
    header(f"report tsm over {n:,} generated cases")
    if args.only != "pg":
        with tempfile.TemporaryDirectory() as tmp:
            bench("SQLite", f"sqlite:///{tmp}/bench.db", n, repeats)
    if args.only != "sqlite" and args.pg:
        with pg_schema(args.pg) as url:
            bench("PostgreSQL", url, n, repeats)
    elif args.only != "sqlite":
        print("PostgreSQL: skipped (give --pg URL or set REDRESS_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    main()

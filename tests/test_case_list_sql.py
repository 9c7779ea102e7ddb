"""`case list` filters run in SQL: the SQL agrees with `Deadline.status_at` (the Python
definition of overdue) around the clock changes, on SQLite and PostgreSQL, through both
the store's fetcher and the standard library's sqlite3 reader; results stream, page and
print as JSON lines."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from redress.engine import Case, Desk, from_resolved
from redress.engine.cases import local_date, open_actions_plain, parse_instant
from redress.engine.store import (
    CaseFilter,
    Fetch,
    case_dict,
    iter_cases,
    iter_listed,
    load_case,
    metadata,
    postgres_reader,
    resolved_definition,
    sqlite_path,
    sqlite_reader,
)
from sqlalchemy import Table, delete, insert, update
from support import run_cli

PENDING, OVERDUE = "pending", "overdue"
SPRING = date(2026, 3, 29)  # clocks go forward at 01:00 UTC (the last Sunday of March)
AUTUMN = date(2026, 10, 25)  # clocks go back at 01:00 UTC (the last Sunday of October)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


US = timedelta(microseconds=1)


def table_of(name: str) -> Table:
    """A table as the store defines it (so values are written as the engine does)."""
    return metadata.tables[name]


def put_deadlines(desk: Desk, ref: str, rows: list[dict[str, Any]]) -> None:
    """Replace a case's deadlines with `rows`, written as the ORM writes them."""
    table = table_of("deadline")
    with desk.store.engine.begin() as conn:
        case_id = conn.exec_driver_sql(
            "SELECT id FROM complaint_case WHERE ref = '" + ref + "'").scalar_one()
        conn.execute(delete(table).where(table.c.case_id == case_id))
        for seq, row in enumerate(rows, 1):
            due_at = row.get("due_at")
            conn.execute(insert(table).values(
                case_id=case_id, seq=seq, name=row.get("name", f"timer{seq}"), code="x",
                started_on=row["due"] - timedelta(days=10), due=row["due"],
                due_at=due_at.replace(tzinfo=None) if due_at else None,
                status=row.get("status", PENDING), extended_by=0, note=""))


def set_state(desk: Desk, ref: str, state: str) -> None:
    table = table_of("complaint_case")
    with desk.store.engine.begin() as conn:
        conn.execute(update(table).where(table.c.ref == ref).values(state=state))


def open_cases(desk: Desk, n: int) -> list[str]:
    refs = []
    for i in range(n):
        case = desk.open_case(received_at=desk.clock() + timedelta(minutes=i), resident="A",
                              actor="officer", email="a@example.org", ref=f"L-{i:03d}")
        refs.append(case.ref)
    return refs


def fetchers(desk: Desk, url: str) -> Iterator[tuple[str, Fetch]]:
    """The store's fetcher and the plain one: the standard library's sqlite3 on SQLite,
    psycopg alone on PostgreSQL."""
    with desk.store.reading() as fetch:
        yield "store", fetch
    path = sqlite_path(url)
    if path:
        with sqlite_reader(path) as plain:
            assert plain is not None
            yield "sqlite3", plain
    else:
        with postgres_reader(url) as plain:
            assert plain is not None
            yield "psycopg", plain


def python_overdue(case: Case, now: datetime) -> bool:
    """The definition the SQL must keep: a pending deadline that `status_at` says is
    overdue."""
    return any(d.status == PENDING and d.status_at(now) == OVERDUE for d in case.deadlines)


def python_due_within(case: Case, now: datetime, days: int) -> bool:
    horizon = local_date(now) + timedelta(days=days)
    return any(d.status == PENDING and d.due <= horizon for d in case.deadlines)


# --- the clock changes, one deadline at a time --------------------------------------------

# (id, deadline, instant, overdue then?)
EDGES = [
    # A day deadline is overdue from midnight London time after its due day.
    ("spring-day-before-change-last-minute", {"due": date(2026, 3, 28)},
     utc(2026, 3, 28, 23, 59, 59), False),
    ("spring-day-before-change-midnight-gmt", {"due": date(2026, 3, 28)},
     utc(2026, 3, 29, 0, 0), True),
    ("spring-day-of-change-last-bst-minute", {"due": SPRING}, utc(2026, 3, 29, 22, 59, 59),
     False),
    # 23:00 UTC on the 29th is already the 30th in London (BST): a UTC date says not yet
    ("spring-day-of-change-midnight-bst", {"due": SPRING}, utc(2026, 3, 29, 23, 0), True),
    ("autumn-day-before-change-last-bst-minute", {"due": date(2026, 10, 24)},
     utc(2026, 10, 24, 22, 59, 59), False),
    ("autumn-day-before-change-midnight-bst", {"due": date(2026, 10, 24)},
     utc(2026, 10, 24, 23, 0), True),
    ("autumn-day-of-change-last-gmt-minute", {"due": AUTUMN}, utc(2026, 10, 25, 23, 59, 59),
     False),
    ("autumn-day-of-change-midnight-gmt", {"due": AUTUMN}, utc(2026, 10, 26, 0, 0), True),
    # An hour timer is overdue once its instant has passed, whatever the date says.
    ("spring-hour-at-instant", {"due": SPRING, "due_at": utc(2026, 3, 29, 1, 30)},
     utc(2026, 3, 29, 1, 30), False),
    ("spring-hour-just-after", {"due": SPRING, "due_at": utc(2026, 3, 29, 1, 30)},
     utc(2026, 3, 29, 1, 30) + US, True),
    ("spring-hour-skipped-wall-hour", {"due": SPRING, "due_at": utc(2026, 3, 29, 0, 59)},
     utc(2026, 3, 29, 1, 0), True),
    # 01:30 GMT comes after 01:45 BST (00:45 UTC): the wall clock would say it had passed
    ("autumn-hour-repeated-wall-hour", {"due": AUTUMN, "due_at": utc(2026, 10, 25, 1, 30)},
     utc(2026, 10, 25, 0, 45), False),
    ("autumn-hour-second-pass", {"due": AUTUMN, "due_at": utc(2026, 10, 25, 1, 30)},
     utc(2026, 10, 25, 1, 30, 1), True),
    # an hour timer due in the evening: its day passing in London does not make it overdue
    ("spring-hour-due-column-earlier", {"due": SPRING, "due_at": utc(2026, 3, 30, 8, 0)},
     utc(2026, 3, 30, 7, 59), False),
    ("autumn-hour-due-column-later", {"due": date(2026, 10, 27),
                                      "due_at": utc(2026, 10, 25, 9, 0)},
     utc(2026, 10, 25, 9, 1), True),
    ("met-deadline-never-overdue", {"due": SPRING, "status": "met"}, utc(2026, 4, 30), False),
    ("late-deadline-never-overdue", {"due": SPRING, "status": "late"}, utc(2026, 4, 30),
     False),
]


@pytest.mark.parametrize(("deadline", "now", "overdue"), [e[1:] for e in EDGES],
                         ids=[e[0] for e in EDGES])
def test_overdue_at_the_clock_changes(desk: Desk, db_url: str, deadline: dict[str, Any],
                                      now: datetime, overdue: bool) -> None:
    (ref,) = open_cases(desk, 1)
    put_deadlines(desk, ref, [deadline])
    for how, fetch in fetchers(desk, db_url):
        listed = [c for c in iter_cases(fetch, now, CaseFilter(overdue=True))]
        assert [c.ref for c in listed] == ([ref] if overdue else []), how
        (everyone,) = iter_cases(fetch, now, CaseFilter())
        assert python_overdue(everyone, now) is overdue, how  # the test's table is right


def test_due_within_counts_london_calendar_days(desk: Desk, db_url: str) -> None:
    (ref,) = open_cases(desk, 1)
    put_deadlines(desk, ref, [{"due": date(2026, 3, 31)}])
    # 23:30 UTC on 29 March is 30 March in London: the 31st is one day away
    now = utc(2026, 3, 29, 23, 30)
    for how, fetch in fetchers(desk, db_url):
        assert [c.ref for c in iter_cases(fetch, now, CaseFilter(due_within=1))] == [ref], how
        assert list(iter_cases(fetch, now - timedelta(hours=1), CaseFilter(due_within=1))) \
            == [], how


# --- a generated set: the SQL against the Python definition -------------------------------


def instants() -> list[datetime]:
    """Instants either side of midnight and of the changes themselves."""
    out = []
    for day in (SPRING, AUTUMN):
        for shift in range(-2, 3):
            d = day + timedelta(days=shift)
            for hour, minute in ((0, 0), (0, 59), (1, 0), (1, 30), (22, 59), (23, 0),
                                 (23, 59)):
                out.append(utc(d.year, d.month, d.day, hour, minute))
    return out


def generated(desk: Desk, rng: random.Random) -> list[str]:
    refs = open_cases(desk, 40)
    moments = instants()
    for ref in refs:
        rows = []
        for _ in range(rng.randrange(0, 4)):
            day = rng.choice((SPRING, AUTUMN)) + timedelta(days=rng.randrange(-3, 4))
            row: dict[str, Any] = {"due": day, "status": rng.choice(
                (PENDING, PENDING, PENDING, "met", "late", "cancelled"))}
            if rng.random() < 0.4:  # an hour timer
                row["due_at"] = rng.choice(moments) + timedelta(minutes=rng.choice((-1, 0, 1)))
            rows.append(row)
        put_deadlines(desk, ref, rows)
        if rng.random() < 0.5:
            set_state(desk, ref, "stage1")
    return refs


def test_sql_filters_agree_with_status_at_over_a_generated_set(desk: Desk, db_url: str
                                                                ) -> None:
    generated(desk, random.Random(14))
    for how, fetch in fetchers(desk, db_url):
        for now in instants():
            everyone = list(iter_cases(fetch, now, CaseFilter()))
            assert len(everyone) == 40

            def refs(fetch: Fetch = fetch, now: datetime = now, **wanted: Any) -> list[str]:
                return [c.ref for c in iter_cases(fetch, now, CaseFilter(**wanted))]

            expected = [c.ref for c in everyone if python_overdue(c, now)]
            assert refs(overdue=True) == expected, (how, now)
            assert refs(overdue=True, state="stage1") == [
                c.ref for c in everyone if python_overdue(c, now) and c.state == "stage1"]
            for days in (0, 1, 3):
                assert refs(due_within=days) == [
                    c.ref for c in everyone if python_due_within(c, now, days)], (how, now)
            assert refs(overdue=True, due_within=1) == [
                c.ref for c in everyone
                if python_overdue(c, now) and python_due_within(c, now, 1)]
            # a line of the list reads the same cases, with only their pending deadlines
            for wanted in (CaseFilter(overdue=True), CaseFilter(due_within=1),
                           CaseFilter(state="stage1", limit=5, offset=2)):
                assert [(x.ref, x.state, x.received, x.resident, x.deadlines)
                        for x in iter_listed(fetch, now, wanted)] == [
                    (c.ref, c.state, c.received, c.resident,
                     tuple(d for d in c.deadlines if d.status == PENDING))
                    for c in iter_cases(fetch, now, wanted)], (how, now)
        # every case comes back with all its deadlines, as `case show` loads them
        for listed in iter_cases(fetch, instants()[0], CaseFilter()):
            assert listed == desk.store.load(listed.ref)


def test_limit_and_offset_page_the_same_order(desk: Desk, db_url: str) -> None:
    generated(desk, random.Random(7))
    now = utc(2026, 11, 1, 12, 0)  # every pending deadline has passed
    with desk.store.reading() as fetch:
        whole = [c.ref for c in iter_cases(fetch, now, CaseFilter(overdue=True))]
        assert len(whole) > 5
        pages = [[c.ref for c in iter_cases(
            fetch, now, CaseFilter(overdue=True, limit=4, offset=o))]
            for o in range(0, len(whole) + 4, 4)]
        assert [r for page in pages for r in page] == whole
        assert [c.ref for c in iter_cases(fetch, now, CaseFilter(offset=3))] == \
            [c.ref for c in iter_cases(fetch, now, CaseFilter())][3:]
        assert list(iter_cases(fetch, now, CaseFilter(limit=0))) == []


# --- the command -------------------------------------------------------------------------


def test_json_streamed_is_the_array_it_always_was(desk: Desk, db_url: str) -> None:
    generated(desk, random.Random(3))
    now = "2026-03-30T12:00"
    text = run_cli("case", "list", "--json", db=db_url, now=now)
    assert text.returncode == 0, text.stderr
    items = json.loads(text.stdout)
    assert len(items) == 40
    assert text.stdout == json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    lines = run_cli("case", "list", "--jsonl", db=db_url, now=now)
    assert lines.returncode == 0, lines.stderr
    assert [json.loads(line) for line in lines.stdout.splitlines()] == items
    page = run_cli("case", "list", "--json", "--limit", "5", "--offset", "10", db=db_url,
                   now=now)
    assert json.loads(page.stdout) == items[10:15]
    empty = run_cli("case", "list", "--json", "--state", "closed", db=db_url, now=now)
    assert empty.stdout == "[]\n"
    assert run_cli("case", "list", "--jsonl", "--state", "closed", db=db_url,
                   now=now).stdout == ""


def test_text_lines_page_too(desk: Desk, db_url: str) -> None:
    generated(desk, random.Random(5))
    now = "2026-11-01T12:00"
    whole = run_cli("case", "list", "--overdue", db=db_url, now=now).stdout.splitlines()
    assert whole and all("overdue" in line for line in whole)
    tail = run_cli("case", "list", "--overdue", "--offset", "2", db=db_url, now=now)
    assert tail.stdout.splitlines() == whole[2:]
    none = run_cli("case", "list", "--overdue", "--offset", str(len(whole)), db=db_url,
                   now=now)
    assert none.stdout == "no cases\n"


@pytest.mark.parametrize(("args", "words"), [
    (["--json", "--jsonl"], "give --json or --jsonl, not both"),
    (["--limit", "-1"], "--limit"),
    (["--offset", "two"], "--offset"),
], ids=["json-and-jsonl", "negative-limit", "offset-in-words"])
def test_bad_paging_is_a_usage_error(sqlite_url: str, args: list[str], words: str) -> None:
    done = run_cli("case", "list", *args, db=sqlite_url, now="2026-03-30")
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_json_lines_are_each_case_as_case_show_reads_it(desk: Desk, db_url: str) -> None:
    """Byte for byte: `--jsonl` is `case_dict` of each case loaded alone (its letters
    left out), its open actions worked out afresh; `--json` is the same as one array."""
    rng = random.Random(11)
    refs = generated(desk, rng)
    table = table_of("complaint_case")
    states = ["stage1", "stage1_responded", "stage2", "stage2_responded", "closed",
              "withdrawn", "not_accepted"]
    with desk.store.engine.begin() as conn:  # states and records the actions depend on
        for ref in refs:
            data = {name: rng.choice(["", " ", "yes"]) for name in
                    ("restriction", "ombudsman_ref", "category", "learning", "outcome")
                    if rng.random() < 0.5}
            if rng.random() < 0.2:
                data["links"] = "L-001|folded_into\nL-002|related"
            handlers = {s: "officer" for s in ("1", "2") if rng.random() < 0.5}
            conn.execute(update(table).where(table.c.ref == ref).values(
                state=rng.choice(states), data=json.dumps(data),
                handlers=json.dumps(handlers)))
    now = "2026-03-30T12:00"
    moment = parse_instant(now)
    expected = []
    with desk.store.reading() as fetch:
        for ref in refs:
            _, case, _ = load_case(fetch, ref)
            defn = from_resolved(resolved_definition(fetch, case.digest))
            item = case_dict(case, defn, moment)
            assert item.pop("letters") == []
            assert item["available_actions"] == open_actions_plain(defn, case)
            expected.append(item)
    assert len({tuple(i["available_actions"]) for i in expected}) > 5
    lines = run_cli("case", "list", "--jsonl", db=db_url, now=now)
    assert lines.returncode == 0, lines.stderr
    assert lines.stdout == "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in expected)
    array = run_cli("case", "list", "--json", db=db_url, now=now)
    assert array.returncode == 0, array.stderr
    assert array.stdout == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"

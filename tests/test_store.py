"""Persistence promises: one transaction per action, version checks, audit chain, schema."""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from redress.engine import ChangedMeanwhile, Desk, DuplicateCase, Store, apply, load_config
from redress.engine.store import SCHEMA_HEAD, head
from redress.engine.store import _store as store_module
from sqlalchemy import text
from support import LANDLORD_CONFIG, Clock, run_cli

ACK = {"complaint_definition": "Damp", "outcomes_sought": "Repair", "responsibility": "Ours"}


def new_case(desk: Desk, clock: Clock) -> str:
    clock.set(date(2026, 11, 2), 9)
    return desk.open_case(received_at=clock.now, resident="A", actor="officer",
                          workflow="chc-2024", email="a@example.org").ref


def test_second_writer_gets_changed_meanwhile(desk: Desk, clock: Clock, db_url: str) -> None:
    ref = new_case(desk, clock)
    clock.set(date(2026, 11, 3))
    stale = desk.store.load(ref)  # operator 1 reads ...
    other = Desk.open(db_url, load_config(LANDLORD_CONFIG), clock)
    try:
        other.act(ref, "acknowledge", ACK, "operator2")  # ... operator 2 saves first
    finally:
        other.store.close()
    decision = apply(desk.store.definition(stale.digest), desk.calendar, stale, "withdraw", {},
                     "operator1", clock.now)
    with pytest.raises(ChangedMeanwhile, match=r"changed meanwhile .* try again"):
        desk.store.commit(decision, stale.version)
    after = desk.store.load(ref)
    assert after.state == "stage1" and after.version == 2
    assert [e["action"] for e in desk.store.events(ref)] == ["open", "acknowledge"]
    assert desk.store.verify_audit(ref) == (1, [])


def test_two_processes_race_one_wins(db_url: str, tmp_path: pytest.TempPathFactory) -> None:
    opened = run_cli("case", "open", "--received", "2026-11-02", "--resident", "A",
                     "--email", "a@example.org", db=db_url, now="2026-11-02")
    ref = opened.stdout.strip()
    args = ["case", "act", ref, "acknowledge", "--set", "complaint_definition=x",
            "--set", "outcomes_sought=y", "--set", "responsibility=z"]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: run_cli(*args, db=db_url, now="2026-11-03"), range(2)))
    codes = sorted(r.returncode for r in results)
    assert codes == [0, 1], [r.stderr for r in results]
    loser = next(r for r in results if r.returncode == 1)
    assert "changed meanwhile" in loser.stderr or "not allowed while case" in loser.stderr
    assert "Traceback" not in loser.stderr
    history = json.loads(run_cli("case", "history", ref, "--json", db=db_url).stdout)
    assert [e["action"] for e in history] == ["open", "acknowledge"]


def test_action_is_one_transaction(desk: Desk, clock: Clock,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing the event rolls back the state and deadlines too."""
    ref = new_case(desk, clock)
    before = desk.store.load(ref)

    def broken(*_: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(store_module, "event_hash", broken)
    clock.set(date(2026, 11, 3))
    with pytest.raises(OSError, match="disk full"):
        desk.act(ref, "acknowledge", ACK, "officer")
    monkeypatch.undo()
    assert desk.store.load(ref) == before
    assert len(desk.store.events(ref)) == 1
    assert desk.act(ref, "acknowledge", ACK, "officer").case.state == "stage1"


def test_duplicate_external_ref_is_one_case(desk: Desk, clock: Clock) -> None:
    clock.set(date(2026, 11, 2))
    kwargs = dict(received_at=clock.now, resident="A", actor="officer", email="a@example.org",
                  ref="WEB-42")
    desk.open_case(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(DuplicateCase, match="WEB-42"):
        desk.open_case(**kwargs)  # type: ignore[arg-type]
    assert [c.ref for c in desk.cases()] == ["WEB-42"]


def test_external_ref_cannot_take_a_generated_form(desk: Desk, clock: Clock) -> None:
    from redress.engine import InvalidInput

    clock.set(date(2026, 11, 2))
    with pytest.raises(InvalidInput, match="looks like a reference redress generates"):
        desk.open_case(received_at=clock.now, resident="A", actor="officer",
                       email="a@example.org", ref="2026-00002")
    assert desk.cases() == []


@pytest.mark.parametrize(
    ("tamper", "fault"),
    [
        ("UPDATE case_event SET fields = '{\"complaint_definition\":\"nothing\"}' "
         "WHERE seq = 2", "event 2 (acknowledge) was edited"),
        ("UPDATE case_event SET actor = 'someone' WHERE seq = 1", "event 1 (open) was edited"),
        ("DELETE FROM case_event WHERE seq = 3", "3 events were recorded but 2 remain"),
        ("DELETE FROM case_event WHERE seq = 2", "event 2 is missing"),
    ],
    ids=["edited-fields", "edited-actor", "deleted-last", "deleted-middle"],
)
def test_audit_verify_finds_tampering(desk: Desk, clock: Clock, tamper: str, fault: str) -> None:
    ref = new_case(desk, clock)
    clock.set(date(2026, 11, 3))
    desk.act(ref, "acknowledge", ACK, "officer")
    desk.act(ref, "extend", {"working_days": "2", "reason": "survey"}, "officer")
    assert desk.store.verify_audit() == (1, [])
    with desk.store.engine.begin() as conn:
        conn.execute(text(tamper))
    checked, faults = desk.store.verify_audit()
    assert checked == 1
    assert any(fault in f and f.startswith(ref) for f in faults), faults


def test_schema_comes_from_migrations(db_url: str) -> None:
    assert head() == SCHEMA_HEAD
    store = Store(db_url)
    try:
        assert store.schema_version() == SCHEMA_HEAD
        assert store.upgrade() == SCHEMA_HEAD  # idempotent
        from alembic.autogenerate import compare_metadata
        from alembic.runtime.migration import MigrationContext
        from redress.engine.store import PARTIAL, metadata

        def include(obj: object, name: str | None, kind: str, *_: object) -> bool:
            return not (kind == "index" and name in PARTIAL)  # checked below, WHERE too

        with store.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": include})
            diff = compare_metadata(context, metadata)
        assert diff == []
    finally:
        store.close()


def test_partial_indexes_are_in_the_database_as_declared(db_url: str) -> None:
    """The partial indexes are not declared on the tables (`_tables.PARTIAL` says why),
    so each one the migrations make (0006: the pending deadlines the lists read; 0008:
    the cases retention may anonymise) is checked here: its columns, in order, and its
    WHERE."""
    from redress.engine.store import PARTIAL
    from sqlalchemy import inspect

    def plain(where: object) -> str:  # PostgreSQL adds casts and brackets
        said = str(getattr(where, "text", where)).replace("::text", "")
        return " ".join(said.replace("(", " ").replace(")", " ").split())

    store = Store(db_url)
    try:
        found = {i["name"]: (table, i) for table in {t for t, _, _ in PARTIAL.values()}
                 for i in inspect(store.engine).get_indexes(table)}
        assert set(PARTIAL) <= set(found), sorted(set(PARTIAL) - set(found))
        for name, (table, columns, where) in PARTIAL.items():
            on, index = found[name]
            assert (on, tuple(index["column_names"])) == (table, columns), name
            options = index["dialect_options"]
            made = options.get("postgresql_where", options.get("sqlite_where"))
            assert made is not None, f"{name} is not partial"
            assert plain(made) == plain(where), (name, plain(made))
    finally:
        store.close()


def test_processes_starting_together_on_a_new_database(db_url: str) -> None:
    """First use (opening a case: reading never makes a database) migrates automatically;
    two at once must not trip over each other."""
    def open_one(i: int) -> subprocess.CompletedProcess[str]:
        return run_cli("case", "open", "--received", "2026-11-02", "--resident", "Ms A",
                       "--email", "a@example.org", "--ref", f"P{i}", db=db_url,
                       now="2026-11-02")

    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(open_one, range(3)))
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]


def test_sqlite_uses_wal_and_busy_timeout(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    finally:
        store.close()


def test_filesystem_without_wal_is_refused_at_start(tmp_path: pytest.TempPathFactory) -> None:
    """SQLite's unix-none VFS has no shared-memory locking, as on some network drives."""
    url = f"sqlite:///file:{tmp_path}/x.db?vfs=unix-none&uri=true"
    done = run_cli("db", "upgrade", db=url)
    assert done.returncode == 1
    assert done.stderr.startswith("error: the database file's filesystem does not support "
                                  "SQLite's WAL mode")
    assert "Traceback" not in done.stderr


def test_unreachable_postgres_is_a_clear_error() -> None:
    done = run_cli("case", "list", db="postgresql://nobody@127.0.0.1:1/none")
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot use database postgresql+psycopg://nobody@")
    assert "Traceback" not in done.stderr


def test_missing_sqlite_folder_is_a_clear_error(tmp_path: pytest.TempPathFactory) -> None:
    done = run_cli("db", "upgrade", db="sqlite:////nonexistent-dir/x.db")
    assert done.returncode == 1 and "folder /nonexistent-dir does not exist" in done.stderr


def test_db_upgrade_command(sqlite_url: str) -> None:
    first = run_cli("db", "upgrade", db=sqlite_url)
    again = run_cli("db", "upgrade", db=sqlite_url)
    assert first.returncode == again.returncode == 0
    assert again.stdout.strip() == f"database at schema version {SCHEMA_HEAD}"


def test_console_script_is_installed() -> None:
    from support import REDRESS

    out = subprocess.run([REDRESS, "--help"], capture_output=True, text=True, check=True)
    assert "case" in out.stdout and "workflow" in out.stdout


def test_a_letter_that_cannot_be_stored_undoes_its_action(
        desk: Desk, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The letter is written last, after the case row, deadlines and event: a failure
    there rolls all of them back, so there is never an action without its letter."""
    ref = new_case(desk, clock)
    before = desk.store.load(ref)

    def broken_letter(*_: object) -> dict[str, object]:
        raise OSError("disk full")

    monkeypatch.setattr(store_module, "letter_values", broken_letter)
    clock.set(date(2026, 11, 3))
    with pytest.raises(OSError, match="disk full"):
        desk.act(ref, "acknowledge", ACK, "officer")
    monkeypatch.undo()
    assert desk.store.load(ref) == before
    assert len(desk.store.events(ref)) == 1 and desk.store.letters(ref) == []
    assert desk.store.verify_audit(ref) == (1, [])
    desk.act(ref, "acknowledge", ACK, "officer")
    assert [x["kind"] for x in desk.store.letters(ref)] == ["stage1_acknowledgement"]


def test_sqlite_instants_are_converted_to_the_text_sqlalchemy_makes() -> None:
    """A batch's instants are converted for SQLite by `isoformat` rather than by
    SQLAlchemy's own processor: the text must be the same, character for character,
    for every instant (any year, with and without microseconds); an aware instant or a
    date is still SQLAlchemy's to convert."""
    from datetime import UTC, date, datetime, timedelta

    from redress.engine.store._store import bind_converter
    from sqlalchemy import DateTime
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    impl = DateTime().dialect_impl(dialect)
    ours, theirs = bind_converter(impl, dialect), impl.bind_processor(dialect)
    assert ours is not None and theirs is not None and ours is not theirs
    start = datetime(1, 1, 1)
    values = [start + timedelta(days=d * 97, seconds=d * 7919, microseconds=d * 104729)
              for d in range(0, 37000, 17)]
    values += [datetime(2026, 3, 29, 1, 0), datetime(999, 12, 31, 23, 59, 59, 999999),
               datetime(2026, 10, 25, 1, 30, tzinfo=UTC), date(2026, 3, 29), None]
    for value in values:
        assert ours(value) == theirs(value), value
    assert ours(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02 03:04:05.000000"

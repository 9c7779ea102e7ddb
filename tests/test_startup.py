"""`case show` and `case act` load only what they use, on SQLite and PostgreSQL.

Each command runs in a fresh process that afterwards lists the modules it imported, so
a heavy import creeping onto a path that does not need it fails here (how long the
imports take is measured in benchmarks/bench_cli.py, not asserted). `case show` reads
through the standard library's sqlite3, or psycopg alone on PostgreSQL, with the same
rows as the full store gives; neither command runs the `holidays` package for the years
its bank holiday table holds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from redress.engine import Desk, load_config
from redress.engine.store import letters_of, load_case, postgres_reader
from support import LANDLORD_CONFIG, Clock

ACK_FIELDS = {"complaint_definition": "Damp in the back bedroom",
              "outcomes_sought": "Treat the mould", "responsibility": "The walls are ours"}
ACK = [arg for k, v in ACK_FIELDS.items() for arg in ("--set", f"{k}={v}")]
PROBE = """
import json, sys
from redress.cli import main
try:
    main(sys.argv[2:], prog_name="redress")
except SystemExit as exc:
    code = exc.code
with open(sys.argv[1], "w") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""
NEVER = ("holidays", "fpdf", "fontTools", "pypdf", "apscheduler", "matplotlib", "alembic",
         "textstat", "yaml")
NOT_FOR_READING = ("sqlalchemy", "sqlmodel", "pydantic", "jinja2", "transitions")


def loaded(tmp_path: Path, db: str, *args: str, whole: bool = False) -> set[str]:
    """The top-level packages `redress --db DB ARGS` imports (every module, `whole`); it
    must succeed."""
    out = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", PROBE, str(out), "--db", db, "--config",
                           LANDLORD_CONFIG, *args], capture_output=True, text=True,
                          check=False)
    found = json.loads(out.read_text())
    assert found["code"] in (0, None), done.stdout + done.stderr
    return set(found["modules"]) if whole else {m.split(".")[0] for m in found["modules"]}


def opened(db: str, channel: str = "email") -> str:
    clock = Clock(date(2026, 11, 2), 9)
    desk = Desk.open(db, load_config(LANDLORD_CONFIG), clock)
    try:
        return desk.open_case(received_at=clock(), resident="Ms A Example", actor="o",
                              email="a@example.org" if channel == "email" else None,
                              channel=channel, address="1 Road, Town, TT1 1TT").ref
    finally:
        desk.store.close()


def test_case_show_reads_without_the_engine_s_heavy_imports(db_url: str,
                                                             tmp_path: Path) -> None:
    ref = opened(db_url)
    modules = loaded(tmp_path, db_url, "--now", "2026-11-20", "case", "show", ref)
    assert not modules & {*NEVER, *NOT_FOR_READING}, sorted(modules & {*NEVER,
                                                                      *NOT_FOR_READING})
    expected = "psycopg" if db_url.startswith("postgresql") else "sqlite3"
    assert expected in modules


def test_case_act_imports_no_calendar_pdf_or_scheduler(db_url: str, tmp_path: Path) -> None:
    ref = opened(db_url)
    every = loaded(tmp_path, db_url, "--now", "2026-11-03T10:00", "case", "act", ref,
                   "acknowledge", "--by", "j.smith", *ACK, whole=True)
    modules = {m.split(".")[0] for m in every}
    assert not modules & set(NEVER), sorted(modules & set(NEVER))
    assert "jinja2" in modules  # the acknowledgement letter is rendered
    # the write path is SQLAlchemy Core: no ORM layer, no model validation library
    assert not modules & {"sqlmodel", "pydantic"}, sorted(modules & {"sqlmodel", "pydantic"})
    # an action lists no cases and sends nothing itself
    assert not every & {"redress.engine.store._lists", "aiosmtplib", "apscheduler"}
    if not db_url.startswith("postgresql"):  # another database's dialect is not loaded
        assert "sqlalchemy.dialects.postgresql" not in every
        assert "sqlalchemy.dialects.sqlite" in every


def test_postgres_reader_gives_the_store_s_rows(pg_url: str) -> None:
    ref = opened(pg_url, channel="post")
    clock = Clock(date(2026, 11, 3), 10)
    desk = Desk.open(pg_url, load_config(LANDLORD_CONFIG), clock)
    try:
        desk.act(ref, "acknowledge", ACK_FIELDS, "j.smith")
        with desk.store.reading() as fetch:
            case_id, case, row = load_case(fetch, ref)
            letters = [dict(r) for r in letters_of(fetch, case_id)]
        with postgres_reader(pg_url) as direct:
            assert direct is not None
            assert load_case(direct, ref) == (case_id, case, row)
            assert [dict(r) for r in letters_of(direct, case_id)] == letters
    finally:
        desk.store.close()


def test_a_read_only_view_reads_one_snapshot(db_url: str) -> None:
    """`case show` reads a case's row and then its events through the standard
    library's sqlite3 or psycopg alone: an action recorded in between must not show a
    case whose events run past its row."""
    from contextlib import AbstractContextManager

    from redress.engine.store import events_of, sqlite_path, sqlite_reader

    def view() -> AbstractContextManager[Any]:
        path = sqlite_path(db_url)
        return sqlite_reader(path) if path else postgres_reader(db_url)

    ref = opened(db_url)
    desk = Desk.open(db_url, load_config(LANDLORD_CONFIG), Clock(date(2026, 11, 3), 10))
    try:
        with view() as fetch:
            assert fetch is not None
            case_id, case, row = load_case(fetch, ref)
            desk.act(ref, "acknowledge", ACK_FIELDS, "j.smith")  # another connection
            events = events_of(fetch, case_id)
        assert case.state == "received"
        assert len(events) == row["event_count"] == 1
        with view() as fetch:  # a new view sees the action
            assert fetch is not None
            assert load_case(fetch, ref)[1].state == "stage1"
    finally:
        desk.store.close()


def test_postgres_reader_leaves_what_it_cannot_read_to_the_store(pg_url: str) -> None:
    with postgres_reader(pg_url) as fetch:  # an empty schema: not yet migrated
        assert fetch is None
    with postgres_reader("postgresql://nobody@127.0.0.1:1/none") as fetch:
        assert fetch is None
    with postgres_reader("sqlite:///x.db") as fetch:
        assert fetch is None


def test_a_post_action_still_makes_its_pdf(sqlite_url: str, tmp_path: Path) -> None:
    ref = opened(sqlite_url, "post")
    modules = loaded(tmp_path, sqlite_url, "--now", "2026-11-03T10:00", "case", "act", ref,
                     "acknowledge", "--by", "j.smith", *ACK)
    assert {"fpdf", "pypdf"} <= modules
    assert "holidays" not in modules


GC_PROBE = """
import gc, json, sys
import redress.engine as engine
from redress import cli

seen = []
real_open = engine.Desk.open.__func__

def watched(cls, *args, **kwargs):
    seen.append(gc.isenabled())
    return real_open(cls, *args, **kwargs)

engine.Desk.open = classmethod(watched)
entry = cli.start if sys.argv[2] == "start" else cli.main
sys.argv = ["redress", *sys.argv[3:]]
try:
    entry()
except SystemExit as exc:
    code = exc.code
with open(OUT, "w") as f:
    json.dump({"code": code, "while_opening": seen, "after": gc.isenabled(),
               "frozen": gc.get_freeze_count()}, f)
"""


def test_the_installed_command_pauses_collection_only_while_it_starts(
        sqlite_url: str, tmp_path: Path) -> None:
    """`redress` as installed (`cli.start`) starts with the cyclic collector paused and
    resumes it once the database is open, its start-up objects frozen; `main` called
    in-process (as tests and embedders do) leaves the collector as it found it."""
    ref = opened(sqlite_url)
    results = {}
    for entry in ("start", "main"):
        out = tmp_path / f"{entry}.json"
        probe = GC_PROBE.replace("OUT", repr(str(out)))
        done = subprocess.run([sys.executable, "-c", probe, "-", entry, "--db", sqlite_url,
                               "--config", LANDLORD_CONFIG, "--now", "2026-11-03T10:00",
                               "case", "act", ref, "acknowledge", "--by", "j.smith", *ACK],
                              capture_output=True, text=True, check=False)
        results[entry] = json.loads(out.read_text())
        assert results[entry]["code"] in (0, None), done.stdout + done.stderr
        ref = opened(sqlite_url)
    assert results["start"]["while_opening"] == [False]
    assert results["start"]["after"] is True
    assert results["start"]["frozen"] > 10_000  # the engine's modules, set aside
    assert results["main"]["while_opening"] == [True]
    assert results["main"]["after"] is True
    assert results["main"]["frozen"] == 0

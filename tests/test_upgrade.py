"""Databases made by an earlier release open, migrate and carry on.

`tests/data/release-*.sql` are databases that redress 0.1.0 made by running
`redress demo` (three cases: closed after stage 2, post in large print, a missed
acknowledgement), dumped as SQL: one at schema 0002 (before the runner) and one at 0003
(the release before the engine was grouped into packages), for SQLite (`.sql`) and
PostgreSQL (`.pg.sql`, `pg_dump --inserts`). `release-*.expected.json` holds what that
release printed for each case at 2026-12-20: this release must print the same.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from redress.cli import main
from redress.engine.store import SCHEMA_HEAD, head
from support import LANDLORD_CONFIG

DATA = Path(__file__).with_name("data")
NOW = "2026-12-20"
REFS = ("2026-00001", "2026-00002", "2026-00003")


def load_release(db_url: str, schema: str) -> None:
    """Put the dump of a database made by release `schema` where `db_url` points."""
    if db_url.startswith("sqlite:///"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            conn.executescript((DATA / f"release-{schema}.sql").read_text(encoding="utf-8"))
        return
    import psycopg

    base, _, query = db_url.partition("?")
    options = urllib.parse.parse_qs(query)["options"][0]
    target = options.removeprefix("-csearch_path=")
    script = (DATA / f"release-{schema}.pg.sql").read_text(encoding="utf-8")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(script.replace("__SCHEMA__", f'"{target}"'))  # type: ignore[arg-type]


def cli(db_url: str, *args: str, env: Mapping[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", db_url, "--now", NOW, *args],
                              env={"REDRESS_CONFIG": str(LANDLORD_CONFIG), **(env or {})})


def expected(schema: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (DATA / f"release-{schema}.expected.json").read_text(encoding="utf-8"))
    return data["cases"]


def kept(old: Any, new: Any) -> Any:
    """`new` cut down to the keys `old` has: a later release may add keys to the JSON,
    never change or drop one."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: kept(old[k], new[k]) if k in new else "<missing>" for k in old}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [kept(o, n) for o, n in zip(old, new, strict=True)]
    return new


def test_the_migration_scripts_ship_with_the_store() -> None:
    assert head() == SCHEMA_HEAD == "0008"


@pytest.mark.parametrize("schema", ["0003", "0002"])
def test_a_database_from_the_previous_release_reads_the_same(
        db_url: str, isolated: Path, schema: str) -> None:
    load_release(db_url, schema)
    before = expected(schema)
    upgraded = cli(db_url, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert SCHEMA_HEAD in upgraded.output
    verified = cli(db_url, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "audit trail intact: 3 case(s) checked" in verified.output
    for ref in REFS:
        history = cli(db_url, "case", "history", ref)
        assert history.exit_code == 0, history.output
        if schema == "0003":
            assert history.output == before[ref]["history"]
            shown = cli(db_url, "case", "show", ref, "--json")
            assert shown.exit_code == 0, shown.output
            now = json.loads(shown.output)
            was = dict(before[ref]["show"])
            # the steps for a promised action are offered only where they make sense now:
            # complete_action when one is open, record_action on a closed case only then;
            # that release offered them always. Nothing else offered changes.
            gone = set(was["available_actions"]) - set(now["available_actions"])
            assert gone <= {"record_action", "complete_action"}, gone
            assert [a for a in was["available_actions"] if a not in gone] == \
                now["available_actions"]
            was["available_actions"] = now["available_actions"]
            assert kept(was, now) == was
        else:
            # 0003 added the escalation window's deadline to actions taken after it; the
            # events that were recorded before read exactly as they did.
            assert history.output.startswith(before[ref]["history"].split("\n")[0])
            for line in before[ref]["history"].splitlines():
                assert line in history.output


def test_an_upgraded_database_carries_on(db_url: str, isolated: Path) -> None:
    """Made at 0002, before the runner: upgraded, its missed acknowledgement gets its
    wake-up, the runner records the breach, and an officer can still act."""
    load_release(db_url, "0002")
    assert cli(db_url, "db", "upgrade").exit_code == 0
    ran = cli(db_url, "run", "--once")
    assert ran.exit_code == 0, ran.output
    assert "2026-00003" in ran.output and "breach recorded" in ran.output
    shown = cli(db_url, "case", "show", "2026-00003")
    assert "[breach recorded 2026-" in shown.output
    acted = cli(db_url, "case", "act", "2026-00003", "acknowledge", "--by", "j.smith",
                "--set", "complaint_definition=Late acknowledgement",
                "--set", "outcomes_sought=An answer",
                "--set", "responsibility=The repair is ours")
    assert acted.exit_code == 0, acted.output
    verified = cli(db_url, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "intact" in verified.output

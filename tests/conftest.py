"""Shared fixtures: one contract suite over SQLite and PostgreSQL, and a CLI runner.

PostgreSQL tests run when REDRESS_TEST_POSTGRES_URL names a server (CI sets it); each
test gets a schema of its own. Told to use PostgreSQL and unable to reach it, they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from redress.engine import Desk, load_config
from support import LANDLORD_CONFIG, Clock

PG_ENV = "REDRESS_TEST_POSTGRES_URL"


def _pg_schema_url(base: str) -> Iterator[str]:
    import psycopg

    schema = f"redress_test_{uuid.uuid4().hex[:12]}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'redress.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"set {PG_ENV} to run the PostgreSQL half of the contract suite")
    yield from _pg_schema_url(base)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL schema of its own, for tests that only make sense there."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"set {PG_ENV} to run the PostgreSQL half of the contract suite")
    yield from _pg_schema_url(base)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'redress.db'}"


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2026, 11, 2), 9)


@pytest.fixture
def desk(db_url: str, clock: Clock) -> Iterator[Desk]:
    d = Desk.open(db_url, load_config(LANDLORD_CONFIG))
    d.clock = clock
    yield d
    d.store.close()


ENV_VARS = ("REDRESS_DATABASE_URL", "REDRESS_NOW", "REDRESS_CONFIG", "REDRESS_USER",
            "REDRESS_MAIL_TRANSPORT", "REDRESS_OUTBOX_DIR", "REDRESS_PRINT_DIR", "REDRESS_FAULT",
            "REDRESS_SMTP_HOST", "REDRESS_SMTP_PORT", "REDRESS_SMTP_FROM", "REDRESS_SMTP_STARTTLS",
            "REDRESS_SMTP_TLS", "REDRESS_SMTP_USERNAME", "REDRESS_SMTP_PASSWORD",
            "REDRESS_SMTP_TIMEOUT")


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder with none of the REDRESS_* variables set."""
    monkeypatch.chdir(tmp_path)
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    return tmp_path

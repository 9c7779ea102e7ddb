"""Run the bundled Alembic migrations on an open connection (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Connection

SCRIPTS = Path(__file__).parent / "migrations"


def upgrade(conn: Connection, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)


def head() -> str:
    """The newest revision the scripts define (tests compare it with SCHEMA_HEAD)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    assert len(heads) == 1, heads
    return str(heads[0])

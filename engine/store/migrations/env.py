"""Alembic environment: migrations run on the connection redress hands over."""

from __future__ import annotations

from importlib import import_module

from alembic import context
from sqlalchemy import create_engine

metadata = import_module("redress.engine.store._tables").metadata  # what migrations compare to

config = context.config
connection = config.attributes.get("connection")


def run(conn: object) -> None:
    context.configure(
        connection=conn,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:  # `alembic -x url=...` from a shell, for administrators
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    with create_engine(str(url)).begin() as conn:
        run(conn)

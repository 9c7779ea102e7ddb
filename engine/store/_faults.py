"""Fault injection for the crash tests: a process kills itself with SIGKILL, as a power
cut or the OOM killer would, where `REDRESS_FAULT` says. Never set in production.

- `REDRESS_FAULT=after_claim` or `before_mark_sent`: at that point of a runner's send;
- `REDRESS_FAULT=statement:N`: just before the Nth SQL statement the process sends to
  the database, a transaction's COMMIT counted as one, whatever the command. Before the
  kill it writes the statement it stops at to stderr; a process that ends without
  reaching N writes how many it sent, so a test can aim at every one of them.
"""

from __future__ import annotations

import atexit
import os
import signal
from typing import Any

ENV = "REDRESS_FAULT"


def fault(point: str) -> None:
    """Kill this process at a named point, if `REDRESS_FAULT` names it."""
    if os.environ.get(ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def arm(engine: Any) -> None:
    """With `REDRESS_FAULT=statement:N`, kill this process before its Nth statement."""
    raw = os.environ.get(ENV, "")
    if not raw.startswith("statement:"):
        return
    from sqlalchemy import event

    target = int(raw.split(":", 1)[1])
    sent = [0]

    def step(what: str) -> None:
        sent[0] += 1
        if sent[0] == target:
            os.write(2, f"fault injection: SIGKILL before statement {sent[0]}: "
                        f"{' '.join(what.split())[:80]}\n".encode())
            os.kill(os.getpid(), signal.SIGKILL)

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        step(statement)

    @event.listens_for(engine, "commit")
    def _commit(_conn: Any) -> None:
        step("COMMIT")

    atexit.register(lambda: os.write(
        2, f"fault injection: {sent[0]} statements sent, none killed\n".encode()))

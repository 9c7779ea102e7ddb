"""Helpers for tests: a hand-moved clock and the installed `redress` command."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from redress.engine.cases import at_london

REDRESS = str(Path(sys.executable).parent / "redress")
LANDLORD_CONFIG = str(Path(__file__).with_name("landlord.toml"))

# What a response that upholds a complaint also records: what went wrong (2024 7.1),
# and, so that the case can close when the escalation window ends, what it was about and
# what was learnt (9.1)
OUTCOME = {"failings": "The repair was late", "category": "Repairs and maintenance",
           "learning": "Book a plumber with the right part on the first visit"}
OUTCOME_ARGS = tuple(arg for name, value in OUTCOME.items()
                     for arg in ("--set", f"{name}={value}"))


class Clock:
    """A clock the test moves by hand; never sleeps."""

    def __init__(self, day: date, hour: int = 10) -> None:
        self.set(day, hour)

    def set(self, day: date, hour: int = 10) -> None:
        self.now = at_london(day, time(hour, 0))

    def __call__(self) -> datetime:
        return self.now


def run_cli(*args: str, db: str, now: str | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `redress` command in a new process."""
    full_env = {**os.environ, "REDRESS_DATABASE_URL": db, "REDRESS_USER": "officer",
                "REDRESS_CONFIG": LANDLORD_CONFIG, **(env or {})}
    full_env.pop("REDRESS_NOW", None)
    cmd = [REDRESS, *(["--now", now] if now else []), *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=full_env,
                          timeout=120)


def track_stores(monkeypatch: Any, opened: list[Any]) -> None:
    """Note every Store the code under test opens in `opened`, so a test can close them
    (an unclosed PostgreSQL connection would fail a later test with a ResourceWarning)."""
    from redress.engine import Store

    real_init = Store.__init__

    def tracking_init(self: Store, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(Store, "__init__", tracking_init)


def pdf_font_sizes(data: bytes) -> set[float]:
    """Every font size the PDF's pages set (the operand of each Tf operator)."""
    from pypdf import PdfReader

    content = b""
    for page in PdfReader(io.BytesIO(data)).pages:
        stream = page.get_contents()
        assert stream is not None
        content += stream.get_data()
    return {float(x) for x in re.findall(rb"/F\d+\s+([\d.]+)\s+Tf", content)}


def deliver(desk: Any, ref: str) -> None:
    """Every letter of case `ref` that has not left leaves at the desk's clock, as if the
    runner had sent the queued ones and an officer had posted the drafted ones: a test of
    something else then reads each deadline as answered when its letter was written. The
    real paths (the runner, `letter sent`) have their own tests."""
    from sqlalchemy import text

    now = desk.clock()
    with desk.store.transaction() as s:
        rows = s.execute(text(
            "SELECT l.case_id, l.seq, o.id FROM letter l JOIN complaint_case c ON c.id = "
            "l.case_id LEFT JOIN outbox o ON o.letter_id = l.id WHERE c.ref = :r AND "
            "l.left_at IS NULL AND l.withdrawn_at IS NULL ORDER BY l.seq"), {"r": ref}).all()
        for case_id, seq, oid in rows:
            if oid is not None:
                s.execute(text("UPDATE outbox SET state = 'sent', sent_at = :now WHERE id = :i"),
                          {"now": desk.store.stamp(now), "i": oid})
            desk.store.letter_left_in(s, case_id, seq, now, by="test", how="delivered",
                                      calendar=desk.calendar, now=now,
                                      remind_at=desk.remind_at)


def left(defn: Any, calendar: Any, decision: Any, at: datetime | None = None) -> Any:
    """The pure core's case after `decision`'s letter left (at `at`, default when it was
    written): what the store does when the letter leaves."""
    from dataclasses import replace

    from redress.engine.cases import letter_left

    case = decision.case
    if not decision.answers:
        return case
    when = at or decision.event.at
    case = replace(case, deadlines=tuple(replace(d, letter_seq=99) if d.seq in decision.answers
                                         else d for d in case.deadlines))
    return letter_left(defn, calendar, case, 99, "letter", decision.event.to_state, when,
                       "delivered", "test", when).case

"""Helpers for tests: a hand-moved clock and the installed `redress` command."""

from __future__ import annotations

import io
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time as clock_time
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


def deliver(desk: Any, ref: str, by: str = "test") -> None:
    """Every letter of case `ref` that has not left leaves at the desk's clock, as if the
    runner had sent the queued ones and an officer had posted the drafted ones: a test of
    something else then reads each deadline as answered when its letter was written. The
    real paths (the runner, `letter sent`) have their own tests."""
    from sqlalchemy import text

    now = desk.clock()
    with desk.store.writing() as s:
        rows = s.execute(text(
            "SELECT l.case_id, l.seq, o.id FROM letter l JOIN complaint_case c ON c.id = "
            "l.case_id LEFT JOIN outbox o ON o.letter_id = l.id WHERE c.ref = :r AND "
            "l.left_at IS NULL AND l.withdrawn_at IS NULL ORDER BY l.seq"), {"r": ref}).all()
        for case_id, seq, oid in rows:
            if oid is not None:
                s.execute(text("UPDATE outbox SET state = 'sent', sent_at = :now WHERE id = :i"),
                          {"now": desk.store.stamp(now), "i": oid})
            desk.store.letter_left_in(s, case_id, seq, now, by=by, how="delivered",
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


class Serving:
    """`redress run` as a service (no --once), its output read line by line."""

    def __init__(self, *args: str, db: str, env: dict[str, str] | None = None) -> None:
        full_env = {**os.environ, "REDRESS_DATABASE_URL": db, "REDRESS_USER": "officer",
                    "REDRESS_CONFIG": LANDLORD_CONFIG, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc = subprocess.Popen([REDRESS, "run", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=full_env)
        self.lines: queue.Queue[str] = queue.Queue()
        self.out: list[str] = []
        self.stopped: tuple[int, str, str] | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 15) -> str:
        """Block until the runner prints a line containing `text`."""
        end = clock_time.monotonic() + timeout
        while True:
            left = end - clock_time.monotonic()
            if left <= 0 or (self.proc.poll() is not None and self.lines.empty()):
                break
            try:
                line = self.lines.get(timeout=min(left, 0.2))
            except queue.Empty:
                continue
            self.out.append(line)
            if text in line:
                return line
        raise AssertionError(f"runner never printed {text!r}; so far: {''.join(self.out)}")

    def stop(self, timeout: float = 10) -> tuple[int, str, str]:
        """SIGTERM, then wait: (exit code, all stdout, stderr)."""
        if self.stopped is not None:
            return self.stopped
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=5)
        while not self.lines.empty():
            self.out.append(self.lines.get())
        assert self.proc.stderr is not None
        err = self.proc.stderr.read()
        for f in (self.proc.stdout, self.proc.stderr):
            if f is not None:
                f.close()
        self.stopped = code, "".join(self.out), err
        return self.stopped

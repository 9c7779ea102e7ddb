"""`redress run`: fire due wake-ups and drain the outbox, on APScheduler's wake-ups.

APScheduler only wakes the runner; the database is the record of what is due. Every pass
reads what is due now, so a runner that was down fires everything it missed on start
(each once: a job is marked done in the transaction that fires it). Between passes the
runner sleeps until the next due instant or the poll interval, whichever is sooner, so
work created by other processes is picked up within `poll_seconds`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from time import monotonic
from typing import IO, Any, Protocol, TypeVar
from uuid import uuid4

from .._errors import EngineError, StoreError
from ..cases._calendar import WorkingCalendar
from ..cases._clock import Clock
from ..letters._compose import LetterSettings
from ..letters._mail import Mailer
from ..store import _reader
from ..store._erase import anonymise_due
from ..store._faults import fault
from ..store._retry import EVERY_KIND, NOTHING_WRITTEN, retrying
from ..store._store import Store
from ..workflow._definition import WorkflowDefinition
from ._dispatch import SENT, After
from ._jobs import fire_due, next_due
from ._outbox import Claimed, ClaimLost, Outbox
from ._transports import (
    Email,
    MailSettings,
    MailTransport,
    Printed,
    PrintTransport,
    SendError,
    mail_transport,
)

Log = Callable[[str], None]
T = TypeVar("T")
# wake-ups fired per transaction ([runner] batch_size): larger batches commit less often
# and fire faster; smaller ones let an officer's action, waiting for the write lock on
# SQLite, in sooner (see benchmarks/README.md, bench_dispatch --only contention)
BATCH = 200
MAX_BATCH = 5000
YIELD = 0.5  # on SQLite, the pause after a batch, as a share of the time it took
TRIES = 6  # a batch the database breaks off is tried again 5 times, over ~3 s at most
FAULTS = ("after_claim", "before_mark_sent")  # where a crash test may kill a send


@dataclass
class PassResult:
    """What a pass did. Each line is logged as it happens (`add`), so what a pass
    committed is in the log even if the pass fails later."""

    log: Log | None = None
    fired: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    uncertain: int = 0
    abandoned: int = 0  # its claim was taken back before DATA: not sent by this runner
    unrecorded: int = 0  # its claim was taken back before its outcome was written
    lines: list[str] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)
        if self.log is not None:
            for line in lines:
                self.log(line)


class RunnerLock:
    """One runner per SQLite file: an OS lock the kernel releases if the runner dies."""

    def __init__(self, db_path: str) -> None:
        self.path = Path(f"{db_path}.runner.lock")
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        import fcntl

        try:
            f = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the run
        except OSError as exc:  # a read-only or full filesystem: say so, no traceback
            raise StoreError(f"cannot open the runner's lock file {self.path}: "
                             f"{exc.strerror or exc}; is the database's folder writable?"
                             ) from None
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            f.close()
            raise StoreError(
                f"another redress run is already using {self.path.name[:-len('.runner.lock')]}"
                f" ({holder}); only one runner may use a SQLite database. Stop it first, or "
                "move to PostgreSQL to run several.") from None
        # who holds it, for the message above; the lock holds even if this cannot be
        # written (a full disk), and then the database says what is wrong
        with contextlib.suppress(OSError):
            f.seek(0)
            f.truncate()
            f.write(f"pid {os.getpid()} on {socket.gethostname()}, since "
                    f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
            f.flush()
        self._file = f

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class Desk(Protocol):
    """What the runner needs of the service it runs beside: `redress.engine.Desk` is one.
    Named here rather than imported, since the service is the layer above the runner."""

    @property
    def store(self) -> Store: ...
    @property
    def calendar(self) -> WorkingCalendar: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def letters(self) -> LetterSettings: ...
    @property
    def remind_at(self) -> time: ...

    def mailer(self, defn: WorkflowDefinition) -> Mailer: ...


class Runner:
    def __init__(self, desk: Desk, mail: MailSettings, log: Log, batch: int = BATCH) -> None:
        if not 1 <= batch <= MAX_BATCH:
            raise ValueError(f"batch must be from 1 to {MAX_BATCH}, got: {batch}")
        self.desk = desk
        self.batch = batch
        self.mail = mail
        self.log = log
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid4().hex[:6]}"
        self.outbox = Outbox(desk.store, mail, desk.letters, self.id, desk.calendar,
                             desk.remind_at)
        self.stopping = False
        self.last_failure = ""  # why the last pass failed, for what it left behind
        self._lock: RunnerLock | None = None
        self._old_handlers: dict[int, Any] = {}

    def start(self) -> None:
        path = _reader.sqlite_path(self.desk.store.url)
        if self.desk.store.is_sqlite and path is not None:
            self._lock = RunnerLock(path)
            self._lock.acquire()
        # from here on, SIGTERM or SIGINT stops the runner cleanly (after the current
        # send); `serve` takes the signals over once its event loop runs
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                self._old_handlers[sig] = signal.signal(sig, self._on_early_signal)

    def _on_early_signal(self, signum: int, _frame: Any) -> None:
        if not self.stopping:
            self.log(f"{signal.Signals(signum).name}: stopping after the current send")
        self.stopping = True

    def stop(self) -> None:
        while self._old_handlers:
            sig, handler = self._old_handlers.popitem()
            signal.signal(sig, handler)
        if self._lock is not None:
            self._lock.release()
        self.desk.store.close()

    # --- one pass ---------------------------------------------------------------------

    async def run_pass(self) -> PassResult:
        """Fire everything due, then send everything queued and due."""
        result = PassResult(self.log)
        now = self.desk.clock()
        recovered = self._retrying(lambda: self.outbox.recover(
            now, every_claim=self.desk.store.is_sqlite, own_failure=self.last_failure),
            "taking back unfinished sends", EVERY_KIND)
        result.uncertain += sum(": uncertain (" in line for line in recovered)
        result.add(*recovered)
        await self.fire(result)
        # closed cases past their retention period lose their personal data
        result.add(*anonymise_due(self.desk.store, self.desk.clock(),
                                  self.desk.store.retention_years))  # logged at once
        await self._drain(result)
        return result

    async def fire(self, result: PassResult) -> None:
        """Fire everything due, a batch per transaction. On SQLite, whose one writer at a
        time is whoever asks first once the lock is free, the runner then stands aside
        for `YIELD` times as long as the batch took: an officer's action waiting for the
        lock (polling it every 100 ms at most) finds it free, rather than waiting behind
        every batch of a long pass."""
        desk = self.desk

        def batch() -> list[str]:
            return fire_due(desk.store, desk.calendar, desk.letters, self.mail, self.id,
                            desk.clock(), self.batch, desk.remind_at, desk.mailer)

        while not self.stopping:
            # a batch may be repeated whatever broke it off: a wake-up is marked done in
            # the transaction that fires it, so one that was fired is not fired again
            began = monotonic()
            lines = self._retrying(batch, "a batch of wake-ups", EVERY_KIND)
            result.fired += len(lines)
            result.add(*lines)  # committed: logged at once
            if not lines:
                break
            if desk.store.is_sqlite and len(lines) >= self.batch:
                await asyncio.sleep((monotonic() - began) * YIELD)

    def _retrying(self, work: Callable[[], T], what: str,
                  on: frozenset[str] = NOTHING_WRITTEN) -> T:
        """`work`, tried again (logged, with backoff) while the database breaks it off
        in a way `on` says is safe to repeat; see `store._retry`."""
        return retrying(work, tries=TRIES, on=on, log=self.log, what=what)

    async def _drain(self, result: PassResult) -> None:
        """Send what is queued over `[smtp] connections` connections at once. A case's
        messages all go over one connection, in order, so a resident never gets an
        extension before its acknowledgement; while one connection waits for the server,
        another's bookkeeping runs. Meanwhile the leases on what this runner holds are
        renewed, so none runs out under it while it works through a batch."""
        mailers = [mail_transport(self.mail) for _ in range(self.mail.connections)]
        printer = PrintTransport(self.mail.print_dir)
        renewing = asyncio.create_task(self._renew_leases())
        try:
            while not self.stopping:
                claimed = await self._db(self.outbox.claim, self.desk.clock(), BATCH,
                                         on=EVERY_KIND)
                if not claimed:
                    break
                fault("after_claim")
                lanes: list[list[Claimed]] = [[] for _ in mailers]
                for c in claimed:
                    lanes[zlib.crc32(c.ref.encode()) % len(lanes)].append(c)
                # every lane finishes its current send before a failure in one is raised
                outcomes = await asyncio.gather(
                    *(self._lane(lane, mailer, printer, result)
                      for lane, mailer in zip(lanes, mailers, strict=True)),
                    return_exceptions=True)
                for outcome in outcomes:
                    if isinstance(outcome, BaseException):
                        raise outcome
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
            for mailer in mailers:
                await mailer.close()

    async def _renew_leases(self) -> None:
        """Every third of a lease, extend the lease of each message this runner holds. A
        renewal that fails is logged and tried again; should the lease run out all the
        same, each mark finds the claim gone and the send is abandoned."""
        every = self.mail.lease_seconds / 3
        while True:
            await asyncio.sleep(every)
            try:
                await self._db(self.outbox.renew, self.desk.clock(), on=EVERY_KIND)
            except EngineError as exc:
                self.log(f"could not renew this runner's claims, will try again: {exc}")

    async def _lane(self, lane: list[Claimed], mailer: MailTransport, printer: PrintTransport,
                    result: PassResult) -> None:
        carry: list[tuple[Claimed, str]] = []  # sent, its mark waiting for the next commit
        try:
            for i, c in enumerate(lane):
                if self.stopping:
                    # hand back what this pass will not reach
                    for rest in lane[i:]:
                        self.outbox.finish(rest, "transient", "the runner stopped",
                                           self.desk.clock())
                    return
                await self._send(c, mailer, printer, result, carry)
        finally:
            await self._flush(carry, result)

    async def _db(self, call: Callable[..., T], *args: Any,
                  on: frozenset[str] = NOTHING_WRITTEN) -> T:
        """A per-message write, tried again while the database breaks it off in a way `on`
        says is safe to repeat (by default only where nothing was written: a mark whose
        commit may have happened is left for the next pass to take back). On PostgreSQL
        it runs in a worker thread, so while one lane waits for the server to commit,
        another's SMTP exchange goes on; SQLite commits in microseconds and has one
        writer at a time, so there it runs in place."""
        def work() -> T:
            return self._retrying(lambda: call(*args), "recording a send", on)

        if self.desk.store.is_sqlite:
            return work()
        return await asyncio.to_thread(work)

    async def _flush(self, carry: list[tuple[Claimed, str]], result: PassResult) -> None:
        while carry:
            done, reply = carry.pop()
            after = await self._db(self.outbox.finish, done, "sent", reply, self.desk.clock())
            self._record(done, after, reply, result)

    async def _send(self, c: Claimed, mailer: MailTransport, printer: PrintTransport,
                    result: PassResult, carry: list[tuple[Claimed, str]]) -> None:
        """One message. Its `sent` mark is kept back and committed with the next message's
        `data` mark (one transaction per message, not two); until then, as before the
        mark, a runner that dies leaves it `uncertain`, never lost and never resent."""
        async def before_data() -> None:
            done = carry.pop() if carry else None
            try:
                after = await self._db(self.outbox.mark_data, c.id, self.desk.clock(), done)
            except ClaimLost as lost:
                if done is not None:  # committed before the claim was found gone
                    self._record(done[0], lost.done, done[1], result)
                raise
            if done is not None:
                self._record(done[0], after, done[1], result)

        if c.item is None:
            kind, reply = "invalid", c.problem
        else:
            try:
                if isinstance(c.item, Printed):
                    reply = await printer.send(c.item, before_data)
                else:
                    assert isinstance(c.item, Email)
                    reply = await mailer.send(c.item, before_data)
                kind = "sent"
                fault("before_mark_sent")
            except SendError as exc:
                kind, reply = exc.kind, exc.reply
            except ClaimLost as lost:
                result.abandoned += 1
                result.add(f"case {c.ref or '-'}: {c.what} abandoned before DATA: "
                                    f"{lost}")
                return
        if kind == "sent":
            carry.append((c, reply))
            return
        await self._flush(carry, result)
        after = await self._db(self.outbox.finish, c, kind, reply, self.desk.clock())
        self._record(c, after, reply, result)

    @staticmethod
    def _record(c: Claimed, after: After | None, reply: str, result: PassResult) -> None:
        if after is None:  # the claim was taken back before the outcome was written
            result.unrecorded += 1
            result.add(f"case {c.ref or '-'}: {c.what}: {reply}, but not recorded: "
                                "this runner's claim had expired and the message was taken "
                                "back; see redress outbox list")
            return
        word = {"queued": "will retry", SENT: "sent"}.get(after.state, after.state)
        if after.state == SENT:
            result.sent += 1
        elif after.state == "queued":
            result.retrying += 1
        elif after.state == "failed":
            result.failed += 1
        else:
            result.uncertain += 1
        result.add(f"case {c.ref or '-'}: {c.what} {word}: {reply}"
                            + (f" ({after.note})" if after.note and after.state != SENT else ""))

    def next_wake(self) -> datetime | None:
        """The earliest instant (on the runner's clock) something is due."""
        found = [t for t in (next_due(self.desk.store), self.outbox.due_next()) if t]
        return min(found) if found else None

    # --- the service --------------------------------------------------------------------

    async def serve(self, poll_seconds: float) -> None:
        """Run until SIGTERM or SIGINT; each signal lets the current send finish."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        loop = asyncio.get_running_loop()
        stop = asyncio.Event()

        def on_signal(signum: int) -> None:
            if not self.stopping:
                self.log(f"{signal.Signals(signum).name}: stopping after the current send")
            self.stopping = True
            stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, on_signal, sig)
        if self.stopping:  # a signal came while starting up: stop before any pass
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
            return
        busy = asyncio.Lock()
        scheduler = AsyncIOScheduler(timezone=UTC)

        async def tick() -> None:
            if busy.locked() or self.stopping:
                return
            async with busy:
                try:
                    await self.run_pass()  # its lines are logged as they happen
                except EngineError as exc:
                    said = (str(exc) or type(exc).__name__).splitlines()[0]
                    self.last_failure = f"the database write failed: {said}" if isinstance(
                        exc, StoreError) else said
                    self.log(f"pass failed, will try again: {exc}")
                    return
                self.last_failure = ""  # whatever it left behind has been taken back
                if not self.stopping:
                    self._wake_at_next(scheduler, tick, poll_seconds)

        # misfire_grace_time=None: a wake-up that is late (the machine slept, a pass ran
        # long) still runs; coalesce: several missed ones run once
        job_defaults: dict[str, Any] = {"misfire_grace_time": None, "coalesce": True,
                                        "max_instances": 1}
        scheduler.configure(job_defaults=job_defaults)
        scheduler.add_job(tick, "interval", seconds=poll_seconds, id="poll",
                          next_run_time=datetime.now(UTC))
        scheduler.start()
        try:
            await stop.wait()
        finally:
            # the pass in progress finishes its current send first: shutting the scheduler
            # down cancels the job it is running
            async with busy:
                scheduler.shutdown(wait=False)
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)

    def _wake_at_next(self, scheduler: Any, tick: Callable[[], Any],
                      poll_seconds: float) -> None:
        try:
            due = self.next_wake()
        except EngineError:
            return
        if due is None:
            return
        delay = (due - self.desk.clock()).total_seconds()
        if delay >= poll_seconds:
            return  # the poll comes first
        at = datetime.now(UTC) + timedelta(seconds=max(delay, 0) + 0.001)
        scheduler.add_job(tick, "date", run_date=at, id="next-due", replace_existing=True)

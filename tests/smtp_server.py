"""A real SMTP server for the dispatch tests: aiosmtpd on 127.0.0.1, in a thread.

Nothing is mocked: the runner speaks SMTP over TCP to this server. A test scripts how
the server answers each recipient (a refusal at RCPT, a DATA that stalls past the
client's timeout, a DATA that kills the runner) and reads back every message it was
handed, as raw bytes.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import re
import signal
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# The Message-ID header of a raw message, to count deliveries of each message
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class CountingSink:
    """Accepts every message, `delay` seconds after its DATA, and counts deliveries per
    Message-ID, so a second send of one message shows (a file transport would hide it,
    since it writes the same file name again)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.delivered: Counter[str] = Counter()
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        found = MESSAGE_ID.search(envelope.original_content or envelope.content)
        with self._lock:
            self.delivered[found.group(1).decode() if found else "(none)"] += 1
        return "250 OK queued"


@contextmanager
def serving(handler: Any) -> Iterator[int]:
    """aiosmtpd on 127.0.0.1 with `handler`, for the block; yields its port."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def free_port() -> int:
    """A TCP port nothing listens on (for now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Received:
    """One message the server was handed (its DATA arrived in full)."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        msg = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        return msg

    def header_names(self) -> list[str]:
        """The name of every header field exactly as on the wire (unfolded)."""
        head = re.split(rb"\r?\n\r?\n", self.raw, maxsplit=1)[0]
        names = []
        for line in re.split(rb"\r?\n", head):
            if line[:1] in (b" ", b"\t"):
                continue  # a folded continuation of the previous field
            name, colon, _ = line.partition(b":")
            assert colon, f"a header line with no colon on the wire: {line!r}"
            names.append(name.decode("ascii").lower())
        return names


@dataclass
class Handler:
    """What the server says, scripted per recipient address.

    rcpt_replies[addr]: replies to give to the next RCPT TO of addr, in order (then 250).
    stall[addr]: how many DATA commands for addr to record and then leave unanswered
        until released (so the client times out after sending the whole message).
    on_data[addr]: called once, after a DATA for addr is recorded (e.g. to SIGKILL the
        runner mid-send).
    """

    rcpt_replies: dict[str, list[str]] = field(default_factory=dict)
    stall: dict[str, int] = field(default_factory=dict)
    on_data: dict[str, Callable[[], None]] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)
    password: str = ""
    received: list[Received] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        with self.lock:
            replies = self.rcpt_replies.get(address)
            if replies:
                return replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        got = Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), bytes(raw))
        stall = False
        action = None
        with self.lock:
            self.received.append(got)
            for addr in got.rcpt_tos:
                if self.stall.get(addr, 0) > 0:
                    self.stall[addr] -= 1
                    stall = True
                action = action or self.on_data.pop(addr, None)
        if action is not None:
            action()
        if stall:
            deadline = time.monotonic() + 30
            while not self.released.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        return "250 2.0.0 Message accepted for delivery"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode()
        password = auth_data.password.decode()
        with self.lock:
            self.logins.append((login, password))
        if password == self.password:
            return AuthResult(success=True)
        # handled=False: aiosmtpd replies 535 itself
        return AuthResult(success=False, handled=False)


class SmtpServer:
    """aiosmtpd on 127.0.0.1:port, started and stopped by the test."""

    def __init__(self, port: int | None = None, *, password: str = "") -> None:
        self.port = port or free_port()
        self.handler = Handler(password=password)
        kwargs: dict[str, Any] = {}
        if password:
            kwargs = {"authenticator": self.handler.authenticate, "auth_require_tls": False}
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                      ready_timeout=10, **kwargs)
        self.running = False

    def start(self) -> SmtpServer:
        self._controller.start()
        self.running = True
        return self

    def stop(self) -> None:
        self.handler.released.set()
        if self.running:
            self.running = False
            self._controller.stop()

    def env(self, timeout: float = 2) -> dict[str, str]:
        """The environment that points `redress run` at this server."""
        return {"REDRESS_MAIL_TRANSPORT": "smtp", "REDRESS_SMTP_HOST": "127.0.0.1",
                "REDRESS_SMTP_PORT": str(self.port), "REDRESS_SMTP_TIMEOUT": f"{timeout:g}"}

    def to(self, address: str) -> list[Received]:
        """Every message handed over for `address`, oldest first."""
        with self.handler.lock:
            return [r for r in self.handler.received if address in r.rcpt_tos]

    def kill_on_data(self, address: str, pid: Callable[[], int]) -> None:
        """SIGKILL process pid() right after the server has recorded a DATA for address."""
        self.handler.on_data[address] = lambda: os.kill(pid(), signal.SIGKILL)

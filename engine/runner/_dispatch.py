"""Outbox decisions: what a send's outcome does to a message, and what a message is.

Pure: no database, no network. `_outbox` applies these to rows; `_transports` sends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Any

from ..letters._mail import mailbox

QUEUED, SENDING, SENT, FAILED, UNCERTAIN = "queued", "sending", "sent", "failed", "uncertain"
CANCELLED = "cancelled"  # its letter was withdrawn before it was sent
STATES = (QUEUED, SENDING, SENT, FAILED, UNCERTAIN, CANCELLED)
CLAIMED, DATA = "claimed", "data"  # how far a send got: DATA may have been accepted


@dataclass(frozen=True)
class Retry:
    base_seconds: float = 60.0
    max_seconds: float = 3600.0
    max_attempts: int = 8

    def delay(self, attempts: int) -> timedelta:
        """Exponential backoff: base, 2x base, 4x base ... capped."""
        seconds = self.base_seconds * (2 ** max(0, attempts - 1))
        return timedelta(seconds=min(seconds, self.max_seconds))


@dataclass(frozen=True)
class After:
    """The state a message moves to after an attempt, and whether a person is told."""

    state: str
    next_attempt_at: datetime | None
    alert: bool
    note: str


def after_attempt(kind: str, attempts: int, now: datetime, retry: Retry) -> After:
    """`kind`: sent | transient | permanent | uncertain (see `_transports`), or invalid
    (the message could not be built, so it was never offered)."""
    if kind == "sent":
        return After(SENT, None, False, "")
    if kind == "uncertain":
        return After(UNCERTAIN, None, True, "the server may have accepted it; not sent again "
                     "until a person checks (redress outbox resolve or retry)")
    if kind == "permanent":
        return After(FAILED, None, True, "the server refused it")
    if kind == "invalid":  # redress could not build it; nothing was offered to a server
        return After(FAILED, None, True, "it could not be made into a message to send; "
                     "a person must send it another way")
    if attempts >= retry.max_attempts:
        return After(FAILED, None, True, f"gave up after {attempts} attempts")
    return After(QUEUED, now + retry.delay(attempts), False,
                 f"attempt {attempts} of {retry.max_attempts}; trying again later")


def after_orphaned(step: str, why: str) -> After:
    """A message whose claim was given up without an outcome; `why` says how (its claim
    expired, its runner stopped, the database write of its outcome failed)."""
    if step == DATA:
        return After(UNCERTAIN, None, True, f"{why} while it was being sent; the server may "
                     "have accepted it, so it is not sent again until a person checks")
    return After(QUEUED, None, False, f"{why} before it was sent; sending again")


def file_stem(ref: str, what: str, seq: int, case_id: int | None = None) -> str:
    """`2026-00001-c1-letter-3`: the name an .eml or PDF is written under. The readable
    part is the reference with anything but ASCII letters, digits, `-`, `_` and `.` made
    `_`; what makes it unique is the number after it (the case's id for a letter, the
    alert's own id for an alert), so `HB/1` and `HB_1`, or `hb-1` and `HB-1` on a
    filesystem that folds case, never share a file."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in ref)
    return f"{safe}-c{case_id}-{what}-{seq}" if case_id is not None else f"{safe}-{what}-{seq}"


def alert_email(alert: Mapping[str, Any], *, ref: str | None, from_name: str,
                from_address: str) -> EmailMessage:
    """An alert to a complaints officer or the team, as plain text."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = mailbox(f"{from_name} (redress)" if from_name else "redress", from_address)
    msg["To"] = mailbox("", alert["address"])
    msg["Subject"] = alert["subject"]
    created = alert["created_at"]
    msg["Date"] = format_datetime(created)
    domain = from_address.rpartition("@")[2] or "redress.invalid"
    msg["Message-ID"] = f"<{ref or 'redress'}.alert-{alert['id']}@{domain}>"
    case = f"\n\nCase: {ref}\nredress case show {ref}" if ref else ""
    msg.set_content(f"{alert['message']}{case}\n")
    return msg

"""SQLModel tables. Instants are stored as naive UTC; dates are Europe/London dates.

The Alembic migrations in `migrations/versions` are what creates these tables; this
module is the mapping the engine writes through and the metadata migrations compare to.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, DateTime, Index, LargeBinary, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class WorkflowRow(SQLModel, table=True):
    """A resolved workflow definition, stored once per content digest."""

    __tablename__ = "workflow_definition"
    digest: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    resolved: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_type=DateTime())


RETAINED = "erased_at IS NULL AND held = ''"  # personal data the retention job may erase


class CaseRow(SQLModel, table=True):
    __tablename__ = "complaint_case"
    # the retention job's look-up: cases it may anonymise, by their last event
    __table_args__ = (Index("ix_complaint_case_retention", "last_event_at", "id",
                            sqlite_where=text(RETAINED), postgresql_where=text(RETAINED)),)
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=64, unique=True, index=True)
    # the reference as it is compared: trimmed, case-folded (`cases._refs.ref_key`)
    ref_key: str = Field(max_length=64, unique=True, index=True)
    workflow: str = Field(max_length=200)
    digest: str = Field(foreign_key="workflow_definition.digest", max_length=64)
    state: str = Field(max_length=100, index=True)
    received: date
    received_at: datetime = Field(sa_type=DateTime())
    resident: str = Field(sa_column=Column(Text, nullable=False))
    email: str | None = Field(default=None, max_length=320)
    channel: str = Field(max_length=10)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    data: str = Field(sa_column=Column(Text, nullable=False))
    handlers: str = Field(sa_column=Column(Text, nullable=False))
    version: int
    last_event_at: datetime = Field(sa_type=DateTime())
    created_at: datetime = Field(sa_type=DateTime())
    event_count: int
    head_hash: str = Field(max_length=64)
    address: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    adjustments: str = Field(default="{}", sa_column=Column(Text, nullable=False,
                                                          server_default="{}"))
    # a legal hold's reason (an open Ombudsman case, litigation): blocks anonymisation
    held: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    erased_at: datetime | None = Field(default=None, sa_type=DateTime())  # personal data erased


class DeadlineRow(SQLModel, table=True):
    __tablename__ = "deadline"
    __table_args__ = (
        UniqueConstraint("case_id", "seq"),
        # the open deadlines alone, for the lists (migration 0006)
        Index("ix_deadline_pending", "due", "due_at", "case_id",
              sqlite_where=text("status = 'pending'"),
              postgresql_where=text("status = 'pending'")),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", index=True)
    seq: int
    name: str = Field(max_length=100)
    code: str = Field(max_length=50)
    started_on: date
    due: date = Field(index=True)
    due_at: datetime | None = Field(default=None, sa_type=DateTime())
    status: str = Field(max_length=20, index=True)
    completed_at: datetime | None = Field(default=None, sa_type=DateTime())
    extended_by: int = 0
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    breached_at: datetime | None = Field(default=None, sa_type=DateTime())
    letter_seq: int | None = None  # the letter that answers it (met when it leaves)


class EventRow(SQLModel, table=True):
    """Append-only audit trail, hash-chained per case."""

    __tablename__ = "case_event"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", index=True)
    seq: int
    action: str = Field(max_length=100)
    actor: str = Field(max_length=200)
    from_state: str | None = Field(default=None, max_length=100)
    to_state: str = Field(max_length=100)
    fields: str = Field(sa_column=Column(Text, nullable=False))
    changes: str = Field(sa_column=Column(Text, nullable=False))
    clock_at: datetime = Field(sa_type=DateTime())
    recorded_at: datetime = Field(sa_type=DateTime(), index=True)  # audit verify --since
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # what a replay needs beyond the fields (cases._audit.replay); hashed when not "{}"
    context: str = Field(default="{}", sa_column=Column(Text, nullable=False,
                                                      server_default="{}"))
    keyed: bool = Field(default=False)  # hash is HMAC-SHA256 under REDRESS_AUDIT_KEY


class LetterRow(SQLModel, table=True):
    """A letter as it was produced: the exact text and HTML, hashed, with its channel."""

    __tablename__ = "letter"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", index=True)
    seq: int
    event_seq: int
    kind: str = Field(max_length=100)
    action: str = Field(max_length=100)
    channel: str = Field(max_length=10)
    recipient: str = Field(sa_column=Column(Text, nullable=False))
    subject: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    html: str = Field(sa_column=Column(Text, nullable=False))
    large_print: bool
    dispatch: str = Field(max_length=20)
    template: str = Field(sa_column=Column(Text, nullable=False))
    content_hash: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=DateTime())
    # when and how it left (SMTP accepted it, the print room has it, or an officer posted
    # or handed it over), or when it was withdrawn before it did
    left_at: datetime | None = Field(default=None, sa_type=DateTime())
    left_by: str | None = Field(default=None, max_length=200)
    left_note: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                        server_default=""))
    withdrawn_at: datetime | None = Field(default=None, sa_type=DateTime())
    withdrawn_by: str | None = Field(default=None, max_length=200)
    redacted_at: datetime | None = Field(default=None, sa_type=DateTime())  # text erased
    # a post letter's PDF, made with it: what the print room gets (None for email, for a
    # letter stored before revision 0007 until the runner makes it, and once erased)
    pdf: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class JobRow(SQLModel, table=True):
    """A wake-up the runner owes a case: a reminder, an expiry, an update reminder.

    The database is the record of what is due; the scheduler only wakes the runner.
    """

    __tablename__ = "timer_job"
    __table_args__ = (Index("ix_timer_job_due", "state", "due_at"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", index=True)
    deadline_seq: int
    kind: str = Field(max_length=20)
    due_at: datetime = Field(sa_type=DateTime())
    state: str = Field(max_length=20)  # pending | done | cancelled
    detail: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_type=DateTime())
    fired_at: datetime | None = Field(default=None, sa_type=DateTime())
    fired_by: str | None = Field(default=None, max_length=100)
    outcome: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class AlertRow(SQLModel, table=True):
    """Something a person must see: a reminder, a breach, a letter that could not be sent."""

    __tablename__ = "alert"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="complaint_case.id", index=True)
    deadline_seq: int | None = None
    kind: str = Field(max_length=30)
    recipient: str = Field(max_length=200)  # a person's name, or "team"
    address: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    subject: str = Field(sa_column=Column(Text, nullable=False))
    message: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_type=DateTime())
    seen_at: datetime | None = Field(default=None, sa_type=DateTime())
    seen_by: str | None = Field(default=None, max_length=200)


class OutboxRow(SQLModel, table=True):
    """One message to dispatch: a letter (email or print) or an alert email.

    queued -> sending -> sent | failed | uncertain; `step` says how far a send got, so a
    runner that died can tell a message never handed over (send again) from one whose
    DATA may have been accepted (uncertain: a person decides).
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="complaint_case.id", index=True)
    letter_id: int | None = Field(default=None, foreign_key="letter.id", unique=True)
    alert_id: int | None = Field(default=None, foreign_key="alert.id", unique=True)
    channel: str = Field(max_length=10)  # email | post
    state: str = Field(max_length=20)
    step: str = Field(default="", max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=DateTime())
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_until: datetime | None = Field(default=None, sa_type=DateTime())
    message_id: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # an email letter's exact bytes, made in the action's transaction: every attempt
    # sends the same message, and `letter show --format eml` shows what was sent
    message: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    sender: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    recipient: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                        server_default=""))
    reply: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                         server_default=""))
    created_at: datetime = Field(sa_type=DateTime())
    updated_at: datetime = Field(sa_type=DateTime())
    sent_at: datetime | None = Field(default=None, sa_type=DateTime())
    resolved_by: str | None = Field(default=None, max_length=200)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class PersonalRow(SQLModel, table=True):
    """A personal value an event refers to by its salted digest, kept out of the chain:
    erasing it (value and salt gone) leaves every event's hash as it was."""

    __tablename__ = "personal_value"
    __table_args__ = (UniqueConstraint("case_id", "digest"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", index=True)
    digest: str = Field(max_length=64)
    salt: str | None = Field(default=None, max_length=64)
    value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    erased_at: datetime | None = Field(default=None, sa_type=DateTime())


class BaselineRow(SQLModel, table=True):
    """A case as it stood when schema 0005 came in: its earlier events were decided by
    earlier rules and carry no context, so the replay starts from here."""

    __tablename__ = "case_baseline"
    case_id: int = Field(foreign_key="complaint_case.id", primary_key=True,
                         sa_column_kwargs={"autoincrement": False})
    after_seq: int
    snapshot: str = Field(sa_column=Column(Text, nullable=False))


class VerificationRow(SQLModel, table=True):
    """One `audit verify` run: what it covered and when, so the next can be incremental
    (`--since last` checks the cases with events recorded since this one started)."""

    __tablename__ = "audit_verification"
    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(sa_type=DateTime(), index=True)
    finished_at: datetime = Field(sa_type=DateTime())
    scope: str = Field(sa_column=Column(Text, nullable=False))
    checked: int
    faults: int

"""The tables, as SQLAlchemy Core. Instants are stored as naive UTC; dates are
Europe/London dates.

The Alembic migrations in `migrations/versions` are what creates these tables; this
module is the metadata the engine writes through and the migrations are compared to.
Core rather than an ORM: every write is a plain INSERT or UPDATE of known columns, and
`case act` pays for what it imports on every run (README, "The store").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

RETAINED = "erased_at IS NULL AND held = ''"  # personal data the retention job may erase


def _id() -> Column[Any]:
    return Column("id", Integer, primary_key=True)


def _case_id(nullable: bool = False, **kw: Any) -> Column[Any]:
    return Column("case_id", Integer, ForeignKey("complaint_case.id"), nullable=nullable,
                  index=True, **kw)


def _text(name: str, *, default: str | None = None, nullable: bool = False) -> Column[Any]:
    """A Text column; with `default`, also the database's own default (as migrated)."""
    if default is None:
        return Column(name, Text, nullable=nullable)
    return Column(name, Text, nullable=nullable, server_default=default)


def _at(name: str, *, nullable: bool = False, index: bool = False) -> Column[Any]:
    return Column(name, DateTime(), nullable=nullable, index=index)


def _str(name: str, length: int, *, nullable: bool = False, **kw: Any) -> Column[Any]:
    return Column(name, String(length), nullable=nullable, **kw)


def _int(name: str, *, nullable: bool = False) -> Column[Any]:
    return Column(name, Integer, nullable=nullable)


# The partial indexes, as the migrations create them (0006, 0008): name -> table, columns,
# WHERE. They are not declared on the tables below: declaring one loads each named
# database's SQLAlchemy dialect (PostgreSQL's, with asyncio, on SQLite too), which every
# `case act` would pay for at start-up, and no statement the engine runs needs them.
# `tests/test_store.py` checks each one, its columns and its WHERE, in the database.
PARTIAL = {
    # the retention job's look-up: cases it may anonymise, by their last event
    "ix_complaint_case_retention": ("complaint_case", ("last_event_at", "id"), RETAINED),
    # the open deadlines alone, for the lists
    "ix_deadline_pending": ("deadline", ("due", "due_at", "case_id"), "status = 'pending'"),
}


# a resolved workflow definition, stored once per content digest
WORKFLOWS = Table(
    "workflow_definition", metadata,
    _str("digest", 64, primary_key=True),
    _str("name", 200),
    _text("resolved"),
    _at("created_at"),
)

CASES = Table(
    "complaint_case", metadata,
    _id(),
    _str("ref", 64, unique=True, index=True),
    # the reference as it is compared: trimmed, case-folded (`cases._refs.ref_key`)
    _str("ref_key", 64, unique=True, index=True),
    _str("workflow", 200),
    Column("digest", String(64), ForeignKey("workflow_definition.digest"), nullable=False),
    _str("state", 100, index=True),
    Column("received", Date, nullable=False),
    _at("received_at"),
    _text("resident"),
    _str("email", 320, nullable=True),
    _str("channel", 10),
    _text("summary"),
    _text("data"),
    _text("handlers"),
    _int("version"),
    _at("last_event_at"),
    _at("created_at"),
    _int("event_count"),
    _str("head_hash", 64),
    _text("address", default=""),
    _text("adjustments", default="{}"),
    # a legal hold's reason (an open Ombudsman case, litigation): blocks anonymisation
    _text("held", default=""),
    _at("erased_at", nullable=True),  # personal data erased
)

DEADLINES = Table(
    "deadline", metadata,
    _id(),
    _case_id(),
    _int("seq"),
    _str("name", 100),
    _str("code", 50),
    Column("started_on", Date, nullable=False),
    Column("due", Date, nullable=False, index=True),
    _at("due_at", nullable=True),
    _str("status", 20, index=True),
    _at("completed_at", nullable=True),
    _int("extended_by"),
    _text("note", default=""),
    _at("breached_at", nullable=True),
    _int("letter_seq", nullable=True),  # the letter that answers it (met when it leaves)
    UniqueConstraint("case_id", "seq"),
)

# append-only audit trail, hash-chained per case
EVENTS = Table(
    "case_event", metadata,
    _id(),
    _case_id(),
    _int("seq"),
    _str("action", 100),
    _str("actor", 200),
    _str("from_state", 100, nullable=True),
    _str("to_state", 100),
    _text("fields"),
    _text("changes"),
    _at("clock_at"),
    _at("recorded_at", index=True),  # audit verify --since
    _str("prev_hash", 64),
    _str("hash", 64),
    # what a replay needs beyond the fields (cases._audit.replay); hashed when not "{}"
    _text("context", default="{}"),
    Column("keyed", Boolean, nullable=False),  # HMAC-SHA256 under REDRESS_AUDIT_KEY
    UniqueConstraint("case_id", "seq"),
)

# a letter as it was produced: the exact text and HTML, hashed, with its channel
LETTERS = Table(
    "letter", metadata,
    _id(),
    _case_id(),
    _int("seq"),
    _int("event_seq"),
    _str("kind", 100),
    _str("action", 100),
    _str("channel", 10),
    _text("recipient"),
    _text("subject"),
    _text("text"),
    _text("html"),
    Column("large_print", Boolean, nullable=False),
    _str("dispatch", 20),
    _text("template"),
    _str("content_hash", 64),
    _at("created_at"),
    # when and how it left (SMTP accepted it, the print room has it, or an officer posted
    # or handed it over), or when it was withdrawn before it did
    _at("left_at", nullable=True),
    _str("left_by", 200, nullable=True),
    _text("left_note", default=""),
    _at("withdrawn_at", nullable=True),
    _str("withdrawn_by", 200, nullable=True),
    _at("redacted_at", nullable=True),  # text erased
    # a post letter's PDF, made with it: what the print room gets (None for email, for a
    # letter stored before revision 0007 until the runner makes it, and once erased)
    Column("pdf", LargeBinary, nullable=True),
    UniqueConstraint("case_id", "seq"),
)

# a wake-up the runner owes a case: a reminder, an expiry, an update reminder; the
# database is the record of what is due, the scheduler only wakes the runner
JOBS = Table(
    "timer_job", metadata,
    _id(),
    _case_id(),
    _int("deadline_seq"),
    _str("kind", 20),
    _at("due_at"),
    _str("state", 20),  # pending | done | cancelled
    _text("detail"),
    _at("created_at"),
    _at("fired_at", nullable=True),
    _str("fired_by", 100, nullable=True),
    _text("outcome", default=""),
    Index("ix_timer_job_due", "state", "due_at"),
)

# something a person must see: a reminder, a breach, a letter that could not be sent
ALERTS = Table(
    "alert", metadata,
    _id(),
    _case_id(nullable=True),
    _int("deadline_seq", nullable=True),
    _str("kind", 30),
    _str("recipient", 200),  # a person's name, or "team"
    _text("address", default=""),
    _text("subject"),
    _text("message"),
    _at("created_at"),
    _at("seen_at", nullable=True),
    _str("seen_by", 200, nullable=True),
)

# one message to dispatch: a letter (email or print) or an alert email.
# queued -> sending -> sent | failed | uncertain; `step` says how far a send got, so a
# runner that died can tell a message never handed over (send again) from one whose DATA
# may have been accepted (uncertain: a person decides)
OUTBOX = Table(
    "outbox", metadata,
    _id(),
    _case_id(nullable=True),
    Column("letter_id", Integer, ForeignKey("letter.id"), unique=True),
    Column("alert_id", Integer, ForeignKey("alert.id"), unique=True),
    _str("channel", 10),  # email | post
    _str("state", 20),
    _str("step", 20),
    _int("attempts"),
    _at("next_attempt_at"),
    _str("claimed_by", 100, nullable=True),
    _at("claimed_until", nullable=True),
    _text("message_id", default=""),
    # an email letter's exact bytes, made in the action's transaction: every attempt
    # sends the same message, and `letter show --format eml` shows what was sent
    Column("message", LargeBinary, nullable=True),
    _text("sender", default=""),
    _text("recipient", default=""),
    _text("reply", default=""),
    _text("last_error", default=""),
    _at("created_at"),
    _at("updated_at"),
    _at("sent_at", nullable=True),
    _str("resolved_by", 200, nullable=True),
    _text("note", default=""),
    Index("ix_outbox_due", "state", "next_attempt_at"),
)

# a personal value an event refers to by its salted digest, kept out of the chain:
# erasing it (value and salt gone) leaves every event's hash as it was
PERSONAL = Table(
    "personal_value", metadata,
    _id(),
    _case_id(),
    _str("digest", 64),
    _str("salt", 64, nullable=True),
    _text("value", nullable=True),
    _at("erased_at", nullable=True),
    UniqueConstraint("case_id", "digest"),
)

# a case as it stood when schema 0005 came in: its earlier events were decided by earlier
# rules and carry no context, so the replay starts from here
BASELINES = Table(
    "case_baseline", metadata,
    Column("case_id", Integer, ForeignKey("complaint_case.id"), primary_key=True,
           autoincrement=False),
    _int("after_seq"),
    _text("snapshot"),
)

# one `audit verify` run: what it covered and when, so the next can be incremental
# (`--since last` checks the cases with events recorded since this one started)
VERIFICATIONS = Table(
    "audit_verification", metadata,
    _id(),
    _at("started_at", index=True),
    _at("finished_at"),
    _text("scope"),
    _int("checked"),
    _int("faults"),
)

"""The runner's tables: wake-ups (timer_job), alerts and the outbox; breach and note on
deadlines. Deadlines already pending get their expiry wake-up, so an upgraded database
keeps every deadline the runner must watch.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deadline") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("breached_at", sa.DateTime(), nullable=True))
    op.create_table(
        "timer_job",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("complaint_case.id"), nullable=False),
        sa.Column("deadline_seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=True),
        sa.Column("fired_by", sa.String(100), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_timer_job_case_id", "timer_job", ["case_id"])
    op.create_index("ix_timer_job_due", "timer_job", ["state", "due_at"])
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("complaint_case.id"), nullable=True),
        sa.Column("deadline_seq", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False, server_default=""),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=True),
        sa.Column("seen_by", sa.String(200), nullable=True),
    )
    op.create_index("ix_alert_case_id", "alert", ["case_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("complaint_case.id"), nullable=True),
        sa.Column("letter_id", sa.Integer(), sa.ForeignKey("letter.id"), nullable=True,
                  unique=True),
        sa.Column("alert_id", sa.Integer(), sa.ForeignKey("alert.id"), nullable=True,
                  unique=True),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("step", sa.String(20), nullable=False, server_default=""),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("message_id", sa.Text(), nullable=False, server_default=""),
        sa.Column("message", sa.LargeBinary(), nullable=True),
        sa.Column("sender", sa.Text(), nullable=False, server_default=""),
        sa.Column("recipient", sa.Text(), nullable=False, server_default=""),
        sa.Column("reply", sa.Text(), nullable=False, server_default=""),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(200), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_outbox_case_id", "outbox", ["case_id"])
    op.create_index("ix_outbox_due", "outbox", ["state", "next_attempt_at"])
    _backfill_expiries()


def _backfill_expiries() -> None:
    """An expiry wake-up for every deadline still pending (reminders are not back-filled:
    their time has usually passed)."""
    conn = op.get_bind()
    london = ZoneInfo("Europe/London")
    now = datetime.now(UTC).replace(tzinfo=None)
    sqlite = conn.dialect.name == "sqlite"

    def stamp(moment: datetime) -> object:
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment

    rows = conn.execute(sa.text(
        "SELECT case_id, seq, due, due_at FROM deadline WHERE status = 'pending'")).all()
    for case_id, seq, due, due_at in rows:
        if due_at is not None:
            at = due_at if isinstance(due_at, datetime) else datetime.fromisoformat(str(due_at))
        else:
            day = due if isinstance(due, date) else date.fromisoformat(str(due)[:10])
            local = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=london)
            at = local.astimezone(UTC).replace(tzinfo=None)
        conn.execute(sa.text(
            "INSERT INTO timer_job (case_id, deadline_seq, kind, due_at, state, detail, "
            "created_at, outcome) VALUES (:c, :s, 'expire', :at, 'pending', '{}', :now, '')"),
            {"c": case_id, "s": seq, "at": stamp(at), "now": stamp(now)})


def downgrade() -> None:
    op.drop_index("ix_outbox_due", "outbox")
    op.drop_index("ix_outbox_case_id", "outbox")
    op.drop_table("outbox")
    op.drop_index("ix_alert_case_id", "alert")
    op.drop_table("alert")
    op.drop_index("ix_timer_job_due", "timer_job")
    op.drop_index("ix_timer_job_case_id", "timer_job")
    op.drop_table("timer_job")
    with op.batch_alter_table("deadline") as batch:
        batch.drop_column("breached_at")
        batch.drop_column("note")

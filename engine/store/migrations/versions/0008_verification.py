"""Incremental audit verification; the runner's idle look-ups by index.

Revision ID: 0008
Revises: 0005

- `audit_verification`: one row per `audit verify` run (when it started and finished,
  what it covered, cases checked, faults found), so `audit verify --since last` checks
  only the cases with an event recorded since the last run began.
- `ix_case_event_recorded_at`: finds the cases with events recorded in a range.
- `ix_complaint_case_retention`: cases whose personal data the retention job may erase
  (not erased, not held), by their last event: the runner's retention look-up reads
  only the cases past the cut-off, not every closed case.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

RETAINED = "erased_at IS NULL AND held = ''"


def upgrade() -> None:
    op.create_table(
        "audit_verification",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("checked", sa.Integer(), nullable=False),
        sa.Column("faults", sa.Integer(), nullable=False),
    )
    op.create_index("ix_audit_verification_started_at", "audit_verification",
                    ["started_at"])
    op.create_index("ix_case_event_recorded_at", "case_event", ["recorded_at"])
    op.create_index("ix_complaint_case_retention", "complaint_case",
                    ["last_event_at", "id"], sqlite_where=sa.text(RETAINED),
                    postgresql_where=sa.text(RETAINED))


def downgrade() -> None:
    op.drop_index("ix_complaint_case_retention", table_name="complaint_case")
    op.drop_index("ix_case_event_recorded_at", table_name="case_event")
    op.drop_index("ix_audit_verification_started_at", table_name="audit_verification")
    op.drop_table("audit_verification")

"""An index of the deadlines still pending, for `case list --overdue` and `--due-within`.

Revision ID: 0006
Revises: 0005

- `ix_deadline_pending` on `deadline (due, due_at, case_id)`, partial: only rows with
  `status = 'pending'`. Without it the lists' `due < today` used the index on `due`,
  which walks every deadline the archive has ever had (all of them are in the past);
  this one holds only the open deadlines, so the lists cost the same however old the
  archive, and it answers them without reading the table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_index("ix_deadline_pending", "deadline", ["due", "due_at", "case_id"],
                    sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade() -> None:
    op.drop_index("ix_deadline_pending", "deadline")

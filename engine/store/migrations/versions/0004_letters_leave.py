"""A deadline answered by a letter is met when the letter leaves: which letter answers
it, and when and how each letter left (or was withdrawn before it did).

Revision ID: 0004
Revises: 0003

Letters the outbox already sent take their send time as the time they left. Deadlines
completed before this revision keep the completion they were given (when the answer
was drafted); only answers drafted from now on wait for their letter.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deadline") as batch:
        batch.add_column(sa.Column("letter_seq", sa.Integer(), nullable=True))
    with op.batch_alter_table("letter") as batch:
        batch.add_column(sa.Column("left_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("left_by", sa.String(200), nullable=True))
        batch.add_column(sa.Column("left_note", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("withdrawn_by", sa.String(200), nullable=True))
    op.execute(
        "UPDATE letter SET left_at = (SELECT o.sent_at FROM outbox o WHERE o.letter_id = "
        "letter.id AND o.state = 'sent'), left_by = 'redress.runner' WHERE EXISTS (SELECT 1 "
        "FROM outbox o WHERE o.letter_id = letter.id AND o.state = 'sent')")


def downgrade() -> None:
    with op.batch_alter_table("letter") as batch:
        for name in ("withdrawn_by", "withdrawn_at", "left_note", "left_by", "left_at"):
            batch.drop_column(name)
    with op.batch_alter_table("deadline") as batch:
        batch.drop_column("letter_seq")

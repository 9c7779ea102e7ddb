"""A post letter's PDF is stored with the letter, made once when the letter is.

Revision ID: 0007
Revises: 0005

`letter.pdf`: the bytes the print room gets, made (and read back, to check it) when the
letter is produced; the runner hands them over as they are. Letters stored before this
revision have none: the runner makes theirs once, outside any transaction, and keeps it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("letter") as batch:
        batch.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("letter") as batch:
        batch.drop_column("pdf")

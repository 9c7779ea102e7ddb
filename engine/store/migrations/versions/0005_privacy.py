"""One complaint, one case; an audit that replays; personal data apart from the chain.

Revision ID: 0005
Revises: 0004

- `complaint_case.ref_key`: the reference as compared (trimmed, case-folded), unique.
  Two cases an earlier release opened under spellings that now compare equal both stay:
  the later one's key gets `#ID` appended, so it is found by its exact spelling.
- `complaint_case.held`, `closed_at`, `erased_at`: legal hold, when the case entered a
  final state (back-filled from its events), when its personal data was erased.
- `case_event.context` (what a replay needs beyond the fields; `{}` on earlier events,
  which hash exactly as before) and `case_event.keyed` (HMAC under REDRESS_AUDIT_KEY).
- `letter.redacted_at`; `personal_value`: the values new events refer to by digest.
"""

from __future__ import annotations

import json
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _key(ref: str) -> str:
    # frozen copy of cases._refs.ref_key as of this revision
    return unicodedata.normalize("NFKC", ref).strip().casefold()


def upgrade() -> None:
    with op.batch_alter_table("complaint_case") as batch:
        # filled below, before its unique index (a NOT NULL column SQLite can add in place)
        batch.add_column(sa.Column("ref_key", sa.String(64), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("held", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
    conn = op.get_bind()
    finals: dict[str, set[str]] = {}
    for digest, resolved in conn.execute(sa.text(
            "SELECT digest, resolved FROM workflow_definition")).all():
        states = json.loads(resolved).get("states", {})
        finals[digest] = {n for n, s in states.items() if isinstance(s, dict) and s.get("final")}
    seen: set[str] = set()
    rows = conn.execute(sa.text(
        "SELECT id, ref, digest, state FROM complaint_case ORDER BY id")).all()
    for case_id, ref, digest, state in rows:
        key = _key(ref)
        if key in seen:
            key = f"{key}#{case_id}"
        seen.add(key)
        closed = None
        if state in finals.get(digest, set()):
            closed = conn.execute(sa.text(
                "SELECT MAX(clock_at) FROM case_event WHERE case_id = :c AND to_state = :s "
                "AND (from_state IS NULL OR from_state <> :s)"),
                {"c": case_id, "s": state}).scalar()
        conn.execute(sa.text("UPDATE complaint_case SET ref_key = :k, closed_at = :at "
                             "WHERE id = :c"), {"k": key, "at": closed, "c": case_id})
    op.create_index("ix_complaint_case_ref_key", "complaint_case", ["ref_key"], unique=True)
    with op.batch_alter_table("case_event") as batch:
        batch.add_column(sa.Column("context", sa.Text(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("keyed", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("letter") as batch:
        batch.add_column(sa.Column("redacted_at", sa.DateTime(), nullable=True))
    op.create_table(
        "personal_value",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("complaint_case.id"), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("salt", sa.String(64), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("case_id", "digest"),
    )
    op.create_index("ix_personal_value_case_id", "personal_value", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_personal_value_case_id", "personal_value")
    op.drop_table("personal_value")
    with op.batch_alter_table("letter") as batch:
        batch.drop_column("redacted_at")
    with op.batch_alter_table("case_event") as batch:
        batch.drop_column("keyed")
        batch.drop_column("context")
    op.drop_index("ix_complaint_case_ref_key", "complaint_case")
    with op.batch_alter_table("complaint_case") as batch:
        for name in ("erased_at", "closed_at", "held", "ref_key"):
            batch.drop_column(name)

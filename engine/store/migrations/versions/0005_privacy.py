"""One complaint, one case; an audit that replays; personal data apart from the chain.

Revision ID: 0005
Revises: 0004

- `complaint_case.ref_key`: the reference as compared (trimmed, case-folded), unique.
  Two cases an earlier release opened under spellings that now compare equal both stay:
  the later one's key gets `#ID` appended, so it is found by its exact spelling.
- `complaint_case.held`, `erased_at`: a legal hold's reason; when the case's personal
  data was erased.
- `case_event.context` (what a replay needs beyond the fields; `{}` on earlier events,
  which hash exactly as before) and `case_event.keyed` (HMAC under REDRESS_AUDIT_KEY).
- `letter.redacted_at`; `personal_value`: the values new events refer to by digest.
- `case_baseline`: each existing case as it stands, with its event count: the replay
  (`audit verify`) starts there, since earlier events were decided by earlier rules.
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
        batch.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
    conn = op.get_bind()
    seen: set[str] = set()
    for case_id, ref in conn.execute(sa.text(
            "SELECT id, ref FROM complaint_case ORDER BY id")).all():
        key = _key(ref)
        if key in seen:
            key = f"{key}#{case_id}"
        seen.add(key)
        conn.execute(sa.text("UPDATE complaint_case SET ref_key = :k WHERE id = :c"),
                     {"k": key, "c": case_id})
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
    op.create_table(
        "case_baseline",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("complaint_case.id"),
                  primary_key=True, autoincrement=False),
        sa.Column("after_seq", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
    )
    _baselines(conn)


CASE = ("id, ref, workflow, digest, state, received, received_at, resident, email, channel, "
        "summary, data, handlers, version, last_event_at, event_count, head_hash, address, "
        "adjustments")
DEADLINE = ("case_id, seq, name, code, started_on, due, due_at, status, completed_at, "
            "extended_by, note, breached_at, letter_seq")


def _baselines(conn: sa.Connection) -> None:
    """Each case as it stands now (read as `store._reader` reads it), for the replay."""
    deadlines: dict[int, list[dict[str, object]]] = {}
    for d in conn.execute(sa.text(f"SELECT {DEADLINE} FROM deadline ORDER BY case_id, seq")
                          ).mappings():
        deadlines.setdefault(d["case_id"], []).append(dict(d))
    for c in conn.execute(sa.text(f"SELECT {CASE} FROM complaint_case")).mappings():
        snapshot = {"case": dict(c), "deadlines": deadlines.get(c["id"], [])}
        conn.execute(sa.text("INSERT INTO case_baseline (case_id, after_seq, snapshot) "
                             "VALUES (:c, :n, :s)"),
                     {"c": c["id"], "n": c["event_count"],
                      "s": json.dumps(snapshot, default=str, sort_keys=True)})


def downgrade() -> None:
    # plain DROP COLUMN (SQLite 3.35+): a batch would copy complaint_case and letter,
    # which other tables' rows refer to
    op.drop_table("case_baseline")
    op.drop_index("ix_personal_value_case_id", "personal_value")
    op.drop_table("personal_value")
    op.drop_index("ix_complaint_case_ref_key", "complaint_case")
    for table, columns in (("letter", ("redacted_at",)), ("case_event", ("keyed", "context")),
                           ("complaint_case", ("erased_at", "held", "ref_key"))):
        for name in columns:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")

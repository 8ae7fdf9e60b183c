"""trust: accused units never handle, one review per level, notices answered once,
a change log, lookup failures per client

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ACCUSED = "unit_id IS NULL OR accused_unit_id IS NULL OR unit_id <> accused_unit_id"


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_key", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("changed_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    op.create_index(
        "ix_change_log_entity", "change_log", ["entity", "entity_key", "changed_at"], unique=False
    )
    with op.batch_alter_table("supervision_notices") as batch:
        batch.add_column(sa.Column("answered_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("closed_at", db.types.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closed_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("lookup_failures") as batch:
        batch.add_column(sa.Column("client", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_lookup_failures_client"), ["client"], unique=False)
        batch.create_index(batch.f("ix_lookup_failures_failed_at"), ["failed_at"], unique=False)
    op.create_index(
        "ux_matters_one_review_per_level",
        "matters",
        ["linked_matter_id", "review_level"],
        unique=True,
        sqlite_where=sa.text("review_level > 0"),
        postgresql_where=sa.text("review_level > 0"),
    )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot add a CHECK to an existing table without rebuilding it (and the
        # matters table is referenced by many): triggers refuse the same rows.
        for event in ("INSERT", "UPDATE"):
            op.execute(
                f"CREATE TRIGGER tr_matters_accused_unit_not_handler_{event.lower()} "
                f"BEFORE {event} ON matters "
                "WHEN NOT (NEW.unit_id IS NULL OR NEW.accused_unit_id IS NULL "
                "OR NEW.unit_id <> NEW.accused_unit_id) "
                "BEGIN SELECT RAISE(ABORT, "
                "'CHECK constraint failed: ck_matters_accused_unit_not_handler'); END"
            )
    else:
        op.create_check_constraint("ck_matters_accused_unit_not_handler", "matters", _ACCUSED)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS tr_matters_accused_unit_not_handler_{event}")
    else:
        op.drop_constraint("ck_matters_accused_unit_not_handler", "matters", type_="check")
    op.drop_index("ux_matters_one_review_per_level", table_name="matters")
    with op.batch_alter_table("lookup_failures") as batch:
        batch.drop_index(batch.f("ix_lookup_failures_failed_at"))
        batch.drop_index(batch.f("ix_lookup_failures_client"))
        batch.drop_column("client")
    with op.batch_alter_table("supervision_notices") as batch:
        batch.drop_column("version")
        batch.drop_column("closed_reason")
        batch.drop_column("closed_at")
        batch.drop_column("answered_by")
    op.drop_index("ix_change_log_entity", table_name="change_log")
    op.drop_table("change_log")

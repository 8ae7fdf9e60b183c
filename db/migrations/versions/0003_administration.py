"""administration: users must change a temporary password, last sign-in; units can be
deactivated

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both backends (no table rebuild: units is referenced everywhere).
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "users",
        sa.Column("last_sign_in_at", db.types.UTCDateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "units",
        sa.Column("is_active", sa.Boolean(), server_default=sa.true(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("units", "is_active")
    op.drop_column("users", "last_sign_in_at")
    op.drop_column("users", "must_change_password")

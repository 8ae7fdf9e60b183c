"""clock_open_index: clocks stopped after a day are found by an index, so "open on a day"
(running, or met/breached later) reads only open clocks, not every clock

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_clocks_met_at", "clocks", ["met_at"])


def downgrade() -> None:
    op.drop_index("ix_clocks_met_at", table_name="clocks")

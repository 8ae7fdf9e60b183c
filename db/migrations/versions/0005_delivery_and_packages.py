"""delivery_and_packages: who delivered a written reply and how; leader case packages
(领导包案)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FK_AGENT = "fk_matters_delivered_by_agent_id_agents"


def upgrade() -> None:
    # Plain ADD COLUMN on both backends (no rebuild of matters: it is referenced everywhere).
    # SQLite cannot add a constraint afterwards, so there the reference is written inline.
    sqlite = op.get_bind().dialect.name == "sqlite"
    agent = sa.Column("delivered_by_agent_id", sa.Integer(), nullable=True)
    if sqlite:
        agent = sa.Column(
            "delivered_by_agent_id", sa.Integer(), sa.ForeignKey("agents.id"), nullable=True
        )
        op.add_column("matters", agent, inline_references=True)
    else:
        op.add_column("matters", agent)
        op.create_foreign_key(FK_AGENT, "matters", "agents", ["delivered_by_agent_id"], ["id"])
    op.add_column("matters", sa.Column("delivery_method", sa.String(length=32), nullable=True))
    op.create_table(
        "matter_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("leader", sa.String(length=100), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("responsible", sa.String(length=100), nullable=False),
        sa.Column("packaged_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("packaged_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"], ["matters.id"], name=op.f("fk_matter_packages_matter_id_matters")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matter_packages")),
        sa.UniqueConstraint("matter_id", name=op.f("uq_matter_packages_matter_id")),
    )


def downgrade() -> None:
    op.drop_table("matter_packages")
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        with op.batch_alter_table("matters") as batch:
            batch.drop_column("delivery_method")
            batch.drop_column("delivered_by_agent_id")
    else:
        op.drop_constraint(FK_AGENT, "matters", type_="foreignkey")
        op.drop_column("matters", "delivery_method")
        op.drop_column("matters", "delivered_by_agent_id")

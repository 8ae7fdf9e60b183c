"""Alembic environment: runs against the engine handed over by `db.migrate`."""

from __future__ import annotations

from alembic import context

from db.models import Base

config = context.config
engine = config.attributes.get("connection_engine")
if engine is None:
    raise RuntimeError("run migrations through db.migrate (petition-console db upgrade)")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()

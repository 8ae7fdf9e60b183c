"""Getting a database ready to serve: migrate, reference data, first admin, demo district.

Called by the CLI (`petition-console run` / `db upgrade` / `seed-demo`) and by the app on
start, so the same steps happen whichever way the console is launched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import text

from core import users
from core.config import AppConfig
from core.errors import UserError
from core.policy import system_user
from core.vocab import Role
from db.migrate import upgrade
from db.session import Database

if TYPE_CHECKING:
    from db.demo import SeedReport

Progress = Callable[[float, str], None]


def migrate_and_prepare(database: Database, config: AppConfig) -> None:
    """Apply migrations, load reference data and create the first admin if configured."""
    upgrade(database.engine)
    with database.write() as session:
        load_reference_data(session)
        if config.admin_user and config.admin_password and not users.has_users(session):
            users.create_user(session, config.admin_user, config.admin_password, Role.ADMIN)


def load_reference_data(session) -> None:
    """Idempotent: the official working-day calendar and the default deadline rules."""
    from core.deadlines.calendar import seed_official_calendar
    from core.deadlines.rules import seed_default_rules

    seed_official_calendar(session)
    seed_default_rules(session)


def needs_demo_seed(database: Database, config: AppConfig) -> bool:
    from db.demo import demo_is_seeded

    if not config.demo_mode:
        return False
    with database.read() as session:
        return not demo_is_seeded(session)


def seed_demo_district(
    database: Database,
    config: AppConfig,
    *,
    seed: int | None = None,
    items: int | None = None,
    reset: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    batch_size: int | None = None,
) -> SeedReport:
    """Fill (or refill) the demo district, then derive every clock. Demo mode only.

    `today` generates the district around that day and pins the simulated today to it, so
    the district is the same whatever the machine's date (tests pass a fixed anchor).
    """
    from core.deadlines.clocks import rebuild_all_clocks
    from core.today import set_simulated_today
    from core.today import today as office_today
    from db.demo import seed_demo
    from db.demo.advance import record_demo_facts, settle_bonus_quarters

    if not config.demo_mode:
        raise UserError("error.not_demo_mode")
    report = progress or (lambda _f, _m: None)
    report_of_seed = seed_demo(
        database,
        seed=config.demo_seed if seed is None else seed,
        items=config.demo_items if items is None else items,
        reset=reset,
        today=today,
        progress=lambda f, m: report(0.9 * f, m),
        **({} if batch_size is None else {"batch_size": batch_size}),
    )
    with database.write() as session:
        load_reference_data(session)
        if today is not None:
            set_simulated_today(session, today, system_user("seed-demo"), demo_mode=True)
        rebuild_all_clocks(
            session, office_today(session), progress=lambda f, m: report(0.9 + 0.08 * f, m)
        )
        # a working office: the stories findable on every run, every ended quarter's bonus
        # ledger approved and the current one computed (db.demo.advance)
        record_demo_facts(
            session,
            seeded_on=report_of_seed.today,
            items=report_of_seed.items,
            seed=report_of_seed.seed,
            stories=report_of_seed.story_case_numbers,
        )
        settle_bonus_quarters(session, office_today(session))
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("ANALYZE"))  # fresh statistics for the bulk-loaded tables
    report(1.0, "seed.done")
    return report_of_seed

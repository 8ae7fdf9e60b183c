"""The seeded district looks like a working office on its today, and moves on like one.

The default-size district (3,000 matters) is seeded once on a pinned today; the advance
runs on a copy of it, through the use cases, as the trainer's `demo-today` does.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics

import pytest
from sqlalchemy import func, select

from core.agents.bonus import entitlements, quarter_state, reconcile
from core.cases.query_code import query_code_matches
from core.cases.replay import check_history
from core.config import AppConfig
from core.deadlines.board import colour_counts, open_clock_board
from core.deadlines.colours import Colour
from core.errors import UserError
from core.quarters import next_quarter, quarter_of_date
from core.startup import migrate_and_prepare, seed_demo_district
from core.today import time_of_day
from core.today import today as office_today
from core.users import UserView
from core.vocab import OPEN_STATES, MatterState, Role
from db.demo.advance import SIMULATED_ACTORS, advance_demo, story_cases
from db.models import BonusEntry, Matter, MatterEvent, SupervisionNotice
from db.session import Database
from tests.conftest import DEMO_TODAY

ITEMS = 3000
#: core.today's own reading of the clock (tests/conftest.py pins it to noon for the suite).
REAL_TIME_OF_DAY = time_of_day
TRAINER = UserView("trainer", "演示培训员", Role.TRAINER, None, None)


@pytest.fixture(scope="module")
def office_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("office") / "office.db"
    url = f"sqlite:///{path}"
    config = AppConfig(database_url=url, demo_mode=True, cookie_key="k" * 40, demo_items=ITEMS)
    database = Database.connect(url)
    migrate_and_prepare(database, config)
    seed_demo_district(database, config, today=DEMO_TODAY)
    database.dispose()
    return path


def open_database(path, tmp_path, name):
    copy = tmp_path / name
    shutil.copy(path, copy)
    return Database.connect(f"sqlite:///{copy}")


def office_figures(session, today):
    """Open matters, overdue matters (the deadline board's count) and days late of each."""
    open_matters = session.scalar(
        select(func.count()).select_from(Matter).where(Matter.state.in_(OPEN_STATES))
    )
    board = open_clock_board(session, today)
    overdue = board[board["colour"] == Colour.OVERDUE].sort_values("due_on")
    overdue = overdue.drop_duplicates("matter_id")
    late = [(today - due).days for due in overdue["due_on"]]
    return open_matters, board, late


def test_the_seeded_district_is_a_working_office(office_file):
    database = Database.connect(f"sqlite:///{office_file}")
    with database.read() as s:
        today = office_today(s)
        assert today == DEMO_TODAY
        open_matters, board, late = office_figures(s, today)
        states = set(s.scalars(select(Matter.state).distinct()))
        colours = colour_counts(board).iloc[0]
    # overdue matters are at most a tenth of the open ones, most of them a few days late
    assert open_matters >= 80
    assert len(late) <= 0.10 * open_matters, (len(late), open_matters)
    assert statistics.median(late) <= 5, late
    assert states == set(MatterState)
    assert all(colours[c.value] > 0 for c in Colour), colours


def test_every_ended_quarter_is_approved_and_the_current_one_computed(office_file):
    database = Database.connect(f"sqlite:///{office_file}")
    with database.read() as s:
        current = quarter_of_date(DEMO_TODAY)
        quarters = sorted({e.quarter for e in entitlements(s) if not e.public_servant})
        assert quarters[0] < current
        quarter = quarters[0]
        while quarter < current:
            state = quarter_state(s, quarter)
            assert state.frozen and state.approved_by == "office.supervisor", quarter
            quarter = next_quarter(quarter)
        assert not quarter_state(s, current).frozen
        assert s.scalar(select(func.count()).where(BonusEntry.quarter == current)) > 0
        assert reconcile(s, current).empty  # computed: the ledger agrees with the records


def test_the_stories_are_findable_on_every_run(office_file):
    database = Database.connect(f"sqlite:///{office_file}")
    with database.read() as s:
        assert story_cases(s, demo_mode=False) == []  # never outside demo mode
        stories = story_cases(s, demo_mode=True)
        assert [c.key for c in stories] == ["yuan", "lin"]
        for case in stories:
            matter = s.scalar(select(Matter).where(Matter.case_number == case.case_number))
            assert query_code_matches(case.case_number, case.query_code, matter.query_code_hash)


def test_fourteen_days_on_the_office_has_moved_on(office_file, tmp_path):
    database = open_database(office_file, tmp_path, "advance.db")
    with database.write() as s:  # a trainer's own step on a matter: it waits for the trainer
        from core.cases.workflow import record_reply

        touched = s.scalar(
            select(Matter)
            .where(Matter.state == MatterState.IN_HANDLING)
            .order_by(Matter.id)
            .limit(1)
        )
        record_reply(s, touched.id, touched.version, "培训员演示答复", TRAINER)
        touched_id = touched.id
    with database.read() as s:
        before = {m.id: m.state for m in s.scalars(select(Matter))}
        stories = [c.case_number for c in story_cases(s, demo_mode=True)]
    fractions = []
    later = DEMO_TODAY + dt.timedelta(days=14)
    report = advance_demo(
        database, later, TRAINER, demo_mode=True, progress=lambda f, _m: fractions.append(f)
    )
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    with database.read() as s:
        assert office_today(s) == later
        open_matters, _board, late = office_figures(s, later)
        after = {m.id: m for m in s.scalars(select(Matter))}
        actors = set(
            s.scalars(
                select(MatterEvent.actor).where(MatterEvent.occurred_at >= report_start(DEMO_TODAY))
            )
        )
        history = check_history(s)
        story_states = {after_m.case_number: after_m.state for after_m in after.values()}
    assert len(late) <= 0.15 * open_matters, (len(late), open_matters)
    # the office's supervisor pressed overdue matters and the units answered some
    assert report.steps.get("supervision_issued", 0) > 0, report.steps
    assert report.steps.get("supervision_answered", 0) > 0, report.steps
    with database.read() as s:
        pressed = set(
            s.scalars(
                select(SupervisionNotice.matter_id).where(
                    SupervisionNotice.issued_at >= report_start(DEMO_TODAY)
                )
            )
        )
        story_ids = {m.id for m in after.values() if m.case_number in stories}
    assert not pressed & (story_ids | {touched_id}), "what the trainer waits on is theirs"
    # new petitions arrived at the model's rate (about 12 a working day for 3,000 a year)
    new = [m for i, m in after.items() if i not in before]
    assert 80 <= len(new) <= 250, len(new)
    for kind in ("registered", "triaged", "replied", "delivered", "rated", "closed"):
        assert report.steps.get(kind, 0) > 20, report.steps
    assert not [kind for kind in report.steps if kind.startswith("refused")], report.steps
    assert after[touched_id].state is MatterState.REPLIED  # the trainer's matter waited
    assert story_states[stories[0]] is MatterState.IN_HANDLING  # 袁大爷 waits too
    assert actors <= SIMULATED_ACTORS | {"trainer"}
    assert history.ok, history.differences.head()
    # every day in between left its trace in the change log, and events their time of day
    with database.read() as s:
        times = {
            e.occurred_at.time()
            for e in s.scalars(
                select(MatterEvent).where(MatterEvent.occurred_at >= report_start(later))
            )
        }
    assert len(times) > 1


def report_start(day: dt.date) -> dt.datetime:
    from db.demo.context import local_dt

    return local_dt(day, dt.time(0))


def test_moving_backwards_is_refused(office_file, tmp_path):
    database = open_database(office_file, tmp_path, "back.db")
    with pytest.raises(UserError) as refused:
        advance_demo(database, DEMO_TODAY - dt.timedelta(days=1), TRAINER, demo_mode=True)
    assert refused.value.key == "error.demo_today_backwards"
    with pytest.raises(UserError):
        advance_demo(database, DEMO_TODAY, TRAINER, demo_mode=False)
    clerk = UserView("clerk", "演示登记员", Role.CLERK, None, None)
    with pytest.raises(UserError):
        advance_demo(database, DEMO_TODAY + dt.timedelta(days=1), clerk, demo_mode=True)
    with database.read() as s:
        assert office_today(s) == DEMO_TODAY


def test_a_step_on_a_simulated_day_carries_the_real_time_of_day(monkeypatch):
    import core.today

    monkeypatch.setattr(core.today, "time_of_day", REAL_TIME_OF_DAY)

    real = dt.datetime(2026, 12, 1, 7, 15, tzinfo=dt.UTC)  # 15:15 in the office
    monkeypatch.setattr(core.today, "now_utc", lambda: real)
    moment = core.today.moment_on(DEMO_TODAY)
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert (local.date(), local.hour, local.minute) == (DEMO_TODAY, 15, 15)
    assert core.today.moment_on(dt.date(2026, 12, 1)) == real


def test_the_command_line_moves_today_and_names_the_stories(
    office_file, tmp_path, monkeypatch, capsys
):
    from console.cli import main

    copy = tmp_path / "cli.db"
    shutil.copy(office_file, copy)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{copy}")
    monkeypatch.setenv("PETITION_MODE", "demo")
    monkeypatch.setenv("PETITION_LANG", "zh")
    assert main(["seed-demo", "--items", "60"]) == 0  # existing: says so, names the stories
    out = capsys.readouterr().out
    assert "演示区县已存在" in out
    assert "YUANDAYE" in out and "HUAYU888" in out and "500107-" in out
    later = DEMO_TODAY + dt.timedelta(days=2)
    assert main(["demo-today", later.isoformat()]) == 0
    captured = capsys.readouterr()
    assert f"模拟今天：{later.isoformat()}" in captured.out
    assert "100%" in captured.err  # the progress line
    assert main(["demo-today", DEMO_TODAY.isoformat()]) == 1
    err = capsys.readouterr().err
    assert "只能向后移动" in err and "重置演示区县" in err and "Traceback" not in err


def test_the_district_moves_on_on_both_databases(database, database_url):
    config = AppConfig(database_url=database_url, demo_mode=True, cookie_key="k" * 40)
    from core.startup import load_reference_data

    with database.write() as s:
        load_reference_data(s)
    seed_demo_district(database, config, items=400, today=DEMO_TODAY)
    later = DEMO_TODAY + dt.timedelta(days=7)
    report = advance_demo(database, later, TRAINER, demo_mode=True)
    assert report.steps.get("registered", 0) > 0, report.steps
    assert not [kind for kind in report.steps if kind.startswith("refused")], report.steps
    with database.read() as s:
        assert office_today(s) == later
        assert check_history(s).ok


def test_a_morning_step_on_a_day_only_receipt_is_not_before_it(database, monkeypatch):
    """Received 'today' without a time (noon) and registered at 09:00: received at 09:00,
    so the next steps that morning are not dated before the receipt."""
    import core.today
    from core.cases.workflow import apply_transition
    from tests.intake_fixtures import ACTOR, TODAY, build_place, registered

    monkeypatch.setattr(core.today, "time_of_day", lambda _now: dt.time(9, 0))
    with database.write() as s:
        place = build_place(s)
    saved = registered(database, place, received_on=TODAY)
    with database.write() as s:
        matter = s.get(Matter, saved.matter_id)
        assert matter.received_at == matter.registered_at == core.today.moment_on(TODAY)
        apply_transition(s, matter.id, matter.version, MatterState.ACCEPTED, ACTOR)

"""A use case told what day it is (the day its page was drawn) refuses any other day: a
page left open over midnight, a demo moved on in another tab, or a direct call with a
made-up date changes nothing (core.today.checked_today). Who may act is asked first."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from core.cases.intake import Decision, register
from core.cases.package import package_matter
from core.cases.triage import TriageDecision, triage
from core.deadlines.supervision import (
    approve_extension,
    issue_supervision_notice,
    record_supervision_answer,
)
from core.errors import UserError
from core.vocab import TriageOutcome
from db.models import Clock, Extension, Matter, MatterEvent, MatterPackage, SupervisionNotice
from tests.actors import actor
from tests.intake_fixtures import ACTOR, TODAY, assigned, build_place, registered, walk_in

BOSS = actor("boss")
DAYS = {"tomorrow": TODAY + dt.timedelta(days=1), "last year": TODAY - dt.timedelta(days=365)}
WRITTEN = (Matter, MatterEvent, Clock, SupervisionNotice, Extension, MatterPackage)


@pytest.fixture
def office(database):
    with database.write() as s:
        place = build_place(s)
    matter_id = assigned(database, place)
    with database.write() as s:
        notice = issue_supervision_notice(
            s, matter_id, place.department_id, None, "请按期答复", BOSS, TODAY
        )
        notice_id = notice.id
    return database, place, matter_id, notice_id


def _counts(database) -> dict[str, int]:
    with database.read() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m)) for m in WRITTEN}


def _use_cases(place, matter_id, notice_id, new_matter_id):
    liaison = actor("liaison", unit_id=place.department_id)
    return {
        "register": lambda s, day: register(s, walk_in(place), Decision.new_matter(), ACTOR, day),
        "triage": lambda s, day: triage(
            s,
            new_matter_id,
            s.get(Matter, new_matter_id).version,
            TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=place.department_id),
            ACTOR,
            day,
        ),
        "notice": lambda s, day: issue_supervision_notice(
            s, matter_id, place.department_id, None, "请抓紧", BOSS, day
        ),
        "answer": lambda s, day: record_supervision_answer(s, notice_id, "已办理", liaison, day),
        "extension": lambda s, day: approve_extension(s, matter_id, 10, "需现场勘查", BOSS, day),
        "package": lambda s, day: package_matter(
            s,
            matter_id,
            "区长",
            "定领导、定方案",
            TODAY + dt.timedelta(days=20),
            "王科长",
            BOSS,
            today=day,
        ),
    }


@pytest.mark.parametrize("day", DAYS.values(), ids=DAYS.keys())
@pytest.mark.parametrize(
    "use_case", ["register", "triage", "notice", "answer", "extension", "package"]
)
def test_another_day_than_the_offices_is_refused_and_changes_nothing(office, use_case, day):
    database, place, matter_id, notice_id = office
    new_matter_id = registered(database, place).matter_id
    call = _use_cases(place, matter_id, notice_id, new_matter_id)[use_case]
    before = _counts(database)
    with pytest.raises(UserError) as refused, database.write() as s:
        call(s, day)
    assert refused.value.key == "error.not_today"
    assert refused.value.params["today"] == TODAY
    assert _counts(database) == before
    with database.write() as s:  # the same call on the office's today goes through
        call(s, TODAY)


def test_who_may_act_is_asked_before_the_day(office):
    database, place, matter_id, _notice_id = office
    with pytest.raises(UserError) as refused, database.write() as s:
        issue_supervision_notice(
            s, matter_id, place.department_id, None, "请抓紧", actor("clerk"), DAYS["tomorrow"]
        )
    assert refused.value.key == "error.not_allowed"

"""The public progress page: the right pair shows progress without personal data; a wrong
pair looks like an unknown case; guessing is slowed down."""

import dataclasses
import datetime as dt

import pytest

from core.cases.progress import FIRST_WAIT_SECONDS, FREE_ATTEMPTS, lookup
from core.cases.triage import TriageDecision, triage
from core.cases.workflow import record_reply
from core.vocab import MatterState, TriageOutcome
from db.models import Matter
from tests.intake_fixtures import ACTOR, TODAY, build_place, petitioner, registered

NOW = dt.datetime(2026, 3, 16, 4, 0, tzinfo=dt.UTC)


@pytest.fixture
def place(database):
    with database.write() as s:
        return build_place(s)


def _lookup(database, case_number, code, now=NOW):
    with database.write() as s:
        return lookup(s, case_number, code, now)


def test_the_right_pair_shows_stage_dates_unit_and_reply_but_nothing_personal(database, place):
    saved = registered(database, place, petitioners=[petitioner(7)])
    result = _lookup(database, saved.case_number, saved.query_code.lower())
    assert result.view.stage is MatterState.REGISTERED and result.retry_after_seconds == 0
    assert result.view.reply_text is None
    person = petitioner(7)
    shown = " ".join(str(v) for v in dataclasses.asdict(result.view).values())
    for secret in (person.name, person.id_number, person.phone):
        assert secret not in shown


def test_the_reply_and_handling_unit_appear_once_given(database, place):
    saved = registered(database, place)
    matter_id = saved.matter_id
    with database.write() as s:
        triage(
            s,
            matter_id,
            s.get(Matter, matter_id).version,
            TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=place.department_id),
            ACTOR,
            TODAY,
        )
    with database.write() as s:
        record_reply(s, matter_id, s.get(Matter, matter_id).version, "已督促支付工资。", ACTOR)
    view = _lookup(database, saved.case_number, saved.query_code).view
    assert (view.stage, view.handling_unit, view.reply_text) == (
        MatterState.REPLIED,
        "区人力社保局",
        "已督促支付工资。",
    )
    assert view.accepted_on and view.replied_on


def test_a_wrong_code_and_an_unknown_case_get_the_same_answer(database, place):
    saved = registered(database, place)
    wrong_code = _lookup(database, saved.case_number, "AAAAAAAA")
    unknown = _lookup(database, "500107-2026-999999", saved.query_code)
    assert wrong_code == unknown
    assert wrong_code.view is None and wrong_code.retry_after_seconds == 0


def test_repeated_failures_are_slowed_down_and_a_wait_refuses_even_the_right_code(database, place):
    saved = registered(database, place)
    for _ in range(FREE_ATTEMPTS - 1):
        assert _lookup(database, saved.case_number, "WRONG").retry_after_seconds == 0
    third = _lookup(database, saved.case_number, "WRONG")
    assert third.retry_after_seconds == FIRST_WAIT_SECONDS
    during = _lookup(database, saved.case_number, saved.query_code, NOW + dt.timedelta(seconds=10))
    assert during.view is None and during.retry_after_seconds == FIRST_WAIT_SECONDS - 10
    after = NOW + dt.timedelta(seconds=FIRST_WAIT_SECONDS)
    fourth = _lookup(database, saved.case_number, "WRONG", after)
    assert fourth.retry_after_seconds == 2 * FIRST_WAIT_SECONDS  # the wait grows
    later = after + dt.timedelta(seconds=2 * FIRST_WAIT_SECONDS)
    assert _lookup(database, saved.case_number, saved.query_code, later).view is not None

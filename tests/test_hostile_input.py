"""Hostile input gets a clear answer: intake, replies, withdrawals and ratings refuse control
characters, text-direction overrides, over-long text and impossible dates with a field error,
write nothing when they refuse, and give back exactly what they saved.

The property tests drive the use cases with random text (hypothesis) on SQLite and
PostgreSQL: any exception other than `UserError`/`ValidationErrors` fails them.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import operator
from dataclasses import replace

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.cases.intake import (
    EARLIEST_RECEIVED_ON,
    FULL_TEXT_LIMIT,
    Decision,
    register,
    validate,
)
from core.cases.notices import render_notice
from core.cases.triage import NOTE_LIMIT, REDIRECT_LIMIT, TriageDecision, triage
from core.cases.workflow import (
    REASON_LIMIT,
    REPLY_TEXT_LIMIT,
    record_delivery,
    record_rating,
    record_reply,
    withdraw,
)
from core.errors import UserError, ValidationErrors
from core.validation import check_resident_id
from core.vocab import MatterState, Rating, TriageOutcome
from db.models import Matter, MatterEvent, Petitioner, Submission
from tests.intake_fixtures import (
    ACTOR,
    TODAY,
    assigned,
    build_place,
    petitioner,
    registered,
    resident_id,
    walk_in,
)

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
#: Characters that break terminals, displays, XML, spreadsheets or SQL when taken verbatim.
NASTY = (
    "\x00\x01\x07\x08\x1b\x7f\x85\u2028\u2029\t\n\r &<>\"'=+-@%_\\;\ufffe\uffff\ufdd0\ud800"
    + BIDI
    + ZERO_WIDTH
)

PROPERTIES = settings(
    max_examples=30,
    derandomize=True,  # the same examples on every run: CI never rests on a lucky draw
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Random text: any Unicode but surrogates, text made of the nasty characters, very long text.
hostile_text = st.one_of(
    st.text(),
    st.text(alphabet=st.one_of(st.sampled_from(NASTY), st.characters()), max_size=60),
    st.builds(operator.mul, st.text(min_size=1, max_size=3), st.integers(1, 2_600)),
)

_serial = itertools.count(500)


@pytest.fixture
def place(database):
    with database.write() as s:
        return build_place(s)


def _counts(database) -> tuple[int, ...]:
    with database.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(model))
            for model in (Matter, MatterEvent, Submission, Petitioner)
        )


def _errors(session, form) -> dict[str, str]:
    return {e.field: e.key for e in validate(session, form, TODAY)}


def _version(database, matter_id: int) -> int:
    with database.read() as s:
        return s.get(Matter, matter_id).version


# --- field rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "problem"),
    [
        ("18991231", "error.id_number_birth_date"),
        ("19000101", None),
        ("20260316", None),  # born today
        ("20260317", "error.id_number_birth_date"),
        ("20991231", "error.id_number_birth_date"),
    ],
)
def test_a_resident_id_is_born_between_1900_and_today(birth, problem):
    assert check_resident_id(resident_id(7, birth), TODAY) == problem


def test_an_id_number_of_other_scripts_digits_is_refused():
    arabic_indic = resident_id(7).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert check_resident_id(arabic_indic, TODAY) == "error.id_number_format"
    assert check_resident_id("²" * 17 + "1", TODAY) == "error.id_number_format"


def test_intake_refuses_a_future_or_pre_1900_birth_date(database, place):
    with database.read() as s:
        future = _errors(
            s, walk_in(place, petitioners=[petitioner(1, id_number=resident_id(1, "20300101"))])
        )
        ancient = _errors(
            s, walk_in(place, petitioners=[petitioner(1, id_number=resident_id(1, "18500101"))])
        )
    assert future["petitioners.0.id_number"] == "error.id_number_birth_date"
    assert ancient["petitioners.0.id_number"] == "error.id_number_birth_date"


@pytest.mark.parametrize(
    ("received_on", "problem"),
    [
        (dt.date(1900, 1, 1), "error.received_too_early"),
        (EARLIEST_RECEIVED_ON - dt.timedelta(days=1), "error.received_too_early"),
        (EARLIEST_RECEIVED_ON, None),
        (TODAY, None),
        (TODAY + dt.timedelta(days=1), "error.date_in_future"),
    ],
)
def test_the_date_received_lies_between_the_schemes_start_and_today(
    database, place, received_on, problem
):
    with database.read() as s:
        assert _errors(s, walk_in(place, received_on=received_on)).get("received_on") == problem


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("summary", ZERO_WIDTH, "error.required"),
        ("summary", " \u200b \ufeff ", "error.required"),
        ("summary", "拖欠工资\u202e资工欠拖", "error.control_character"),
        ("summary", "拖欠工资\u2066隔离\u2069", "error.control_character"),
        ("summary", "\x1b[31m拖欠工资\x1b[0m", "error.control_character"),
        ("summary", "拖欠\x00工资", "error.control_character"),
        ("summary", "拖欠\n工资", "error.control_character"),
        ("summary", "拖欠\ufffe工资", "error.control_character"),
        ("summary", "拖欠\ud800工资", "error.control_character"),
        ("summary", "张某&李某拖欠工资 <3个月>", None),
        ("full_text", "第一段\n第二段\r\n\t第三段", None),
        ("full_text", "原文\x1b[2J", "error.control_character"),
        ("full_text", "原文\u202d", "error.control_character"),
        ("full_text", "字" * FULL_TEXT_LIMIT, None),
        ("full_text", "字" * (FULL_TEXT_LIMIT + 1), "error.too_long"),
    ],
)
def test_intake_text_fields_refuse_hostile_text(database, place, field, value, problem):
    with database.read() as s:
        assert _errors(s, walk_in(place, **{field: value})).get(field) == problem


def test_a_petitioners_name_and_address_refuse_control_characters(database, place):
    person = petitioner(1, name="张\u202e三", address="正街\x1b[1m2号")
    with database.read() as s:
        errors = _errors(s, walk_in(place, petitioners=[person]))
    assert errors["petitioners.0.name"] == "error.control_character"
    assert errors["petitioners.0.address"] == "error.control_character"


def test_a_refused_registration_writes_nothing(database, place):
    before = _counts(database)
    with pytest.raises(ValidationErrors) as raised, database.write() as s:
        register(s, walk_in(place, summary="拖欠\x00工资"), Decision.new_matter(), ACTOR, TODAY)
    assert [(e.field, e.key) for e in raised.value.errors] == [
        ("summary", "error.control_character")
    ]
    assert _counts(database) == before


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (ZERO_WIDTH, "error.required"),
        ("答复\x1b[2J", "error.control_character"),
        ("答复\u202e", "error.control_character"),
        ("答复\x00", "error.control_character"),
        ("字" * (REPLY_TEXT_LIMIT + 1), "error.too_long"),
    ],
)
def test_a_reply_refuses_hostile_text_and_changes_nothing(database, place, text, problem):
    matter_id = assigned(database, place)
    before = _counts(database)
    with pytest.raises(UserError) as raised, database.write() as s:
        record_reply(s, matter_id, _version(database, matter_id), text, ACTOR)
    assert (raised.value.key, raised.value.field) == (problem, "reply_text")
    assert _counts(database) == before
    with database.read() as s:
        assert s.get(Matter, matter_id).state is MatterState.ASSIGNED


def test_a_long_multi_line_reply_is_kept_as_written(database, place):
    text = "经调查核实：\n一、" + "答" * (REPLY_TEXT_LIMIT - 20) + "\n二、已督促支付。"
    matter_id = assigned(database, place)
    with database.write() as s:
        record_reply(s, matter_id, _version(database, matter_id), text, ACTOR)
    with database.read() as s:
        assert s.get(Matter, matter_id).reply_text == text


@pytest.mark.parametrize(
    ("reason", "problem"),
    [
        ("\u200b", "error.required"),
        ("撤回\u202e", "error.control_character"),
        ("撤回\x1b]0;x\x07", "error.control_character"),
        ("因" * (REASON_LIMIT + 1), "error.too_long"),
    ],
)
def test_a_withdrawal_reason_refuses_hostile_text(database, place, reason, problem):
    matter_id = registered(database, place).matter_id
    before = _counts(database)
    with pytest.raises(UserError) as raised, database.write() as s:
        withdraw(s, matter_id, _version(database, matter_id), ACTOR, reason)
    assert (raised.value.key, raised.value.field) == (problem, "reason")
    assert _counts(database) == before


# --- properties -----------------------------------------------------------------------


def _fresh_petitioner(**overrides):
    """A petitioner nobody has filed as yet, so no identity conflict gets in the way."""
    n = next(_serial)
    return petitioner(n, id_number=resident_id(n), phone=f"137{n:08d}", **overrides)


@PROPERTIES
@given(summary=hostile_text, full_text=hostile_text, name=hostile_text, address=hostile_text)
def test_registration_answers_any_text_and_saves_it_exactly(
    database, place, summary, full_text, name, address
):
    form = walk_in(
        place,
        summary=summary,
        full_text=full_text,
        petitioners=[_fresh_petitioner(name=name, address=address)],
    )
    before = _counts(database)
    try:
        with database.write() as s:
            saved = register(s, form, Decision.new_matter(), ACTOR, TODAY)
    except (UserError, ValidationErrors):
        assert _counts(database) == before
        return
    with database.read() as s:
        matter = s.get(Matter, saved.matter_id)
        assert (matter.summary, matter.full_text) == (summary.strip(), full_text.strip())
        person = s.scalar(
            select(Petitioner).where(Petitioner.id_number == form.petitioners[0].id_number)
        )
        assert person.name == name.strip()
        assert (person.address or "") == address.strip()
    assert _counts(database)[:3] == (before[0] + 1, before[1] + 1, before[2] + 1)


@PROPERTIES
@given(text=hostile_text)
def test_a_reply_answers_any_text_and_saves_it_exactly(database, place, text):
    matter_id = assigned(database, place)
    before = _counts(database)
    try:
        with database.write() as s:
            record_reply(s, matter_id, _version(database, matter_id), text, ACTOR)
    except (UserError, ValidationErrors):
        assert _counts(database) == before
        with database.read() as s:
            assert s.get(Matter, matter_id).state is MatterState.ASSIGNED
        return
    with database.read() as s:
        matter = s.get(Matter, matter_id)
        assert (matter.state, matter.reply_text) == (MatterState.REPLIED, text.strip())


@PROPERTIES
@given(
    unit_rating=st.one_of(st.sampled_from(list(Rating)), hostile_text),
    reason=st.one_of(st.none(), hostile_text),
    ceased=st.booleans(),
)
def test_a_rating_answers_any_value(database, place, unit_rating, reason, ceased):
    matter_id = assigned(database, place)
    with database.write() as s:
        record_reply(s, matter_id, _version(database, matter_id), "已答复", ACTOR)
    with database.write() as s:
        record_delivery(s, matter_id, _version(database, matter_id), ACTOR)
    before = _counts(database)
    try:
        with database.write() as s:
            record_rating(
                s,
                matter_id,
                _version(database, matter_id),
                ACTOR,
                unit_rating=unit_rating,
                ceased=ceased,
                reason=reason,
            )
    except (UserError, ValidationErrors):
        assert _counts(database) == before
        with database.read() as s:
            assert s.get(Matter, matter_id).state is MatterState.DELIVERED
        return
    with database.read() as s:
        matter = s.get(Matter, matter_id)
        assert (matter.state, matter.unit_rating) == (MatterState.RATED, Rating(unit_rating))


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("reason", "\u200b", "error.required"),
        ("reason", "已办结\x1b[8m", "error.control_character"),
        ("redirect_to", "向区人民政府申请复查\u202e", "error.control_character"),
        ("redirect_to", "复" * (REDIRECT_LIMIT + 1), "error.too_long"),
        ("note", "备注\x00", "error.control_character"),
        ("reason", "由" * (NOTE_LIMIT + 1), "error.too_long"),
    ],
)
def test_triage_refuses_hostile_text(database, place, field, value, problem):
    matter_id = registered(database, place).matter_id
    decision = TriageDecision(
        TriageOutcome.CONCLUDED_OR_UNREASONABLE,
        reason="已于2025年办结",
        redirect_to="向区人民政府申请复查",
    )
    before = _counts(database)
    with pytest.raises(ValidationErrors) as raised, database.write() as s:
        triage(
            s,
            matter_id,
            _version(database, matter_id),
            replace(decision, **{field: value}),
            ACTOR,
            TODAY,
        )
    assert {(e.field, e.key) for e in raised.value.errors} == {(field, problem)}
    assert _counts(database) == before


@PROPERTIES
@given(reason=hostile_text, redirect_to=hostile_text, summary=hostile_text)
def test_a_not_accepted_decision_answers_any_text_and_its_notice_prints_it(
    database, place, tmp_path_factory, reason, redirect_to, summary
):
    form = walk_in(place, petitioners=[_fresh_petitioner()])
    try:
        with database.write() as s:
            form = replace(form, summary=summary)
            matter_id = register(s, form, Decision.new_matter(), ACTOR, TODAY).matter_id
    except (UserError, ValidationErrors):
        matter_id = registered(database, place, petitioners=[_fresh_petitioner()]).matter_id
    decision = TriageDecision(
        TriageOutcome.CONCLUDED_OR_UNREASONABLE, reason=reason, redirect_to=redirect_to
    )
    before = _counts(database)
    try:
        with database.write() as s:
            triage(s, matter_id, _version(database, matter_id), decision, ACTOR, TODAY)
    except (UserError, ValidationErrors):
        assert _counts(database) == before
        return
    with database.read() as s:
        matter = s.get(Matter, matter_id)
        assert (matter.triage_note, matter.redirect_to) == (reason.strip(), redirect_to.strip())
        notice = render_notice(s, matter_id, tmp_path_factory.mktemp("templates"))
        text = "\n".join(p.text for p in Document(io.BytesIO(notice)).paragraphs)
    assert f"理由：{_as_printed(reason.strip())}" in text
    assert f"（{_as_printed(matter.summary)}）" in text


def _as_printed(text: str) -> str:
    """Text as a Word paragraph reads back: a carriage return is a line break there."""
    return text.replace("\r\n", "\n").replace("\r", "\n")

"""Registering submissions: every validation rule, the save, repeats and reviews."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from core.cases.intake import Decision, register, validate
from core.cases.query_code import query_code_matches
from core.cases.workflow import record_reply
from core.errors import UserError, ValidationErrors
from core.vocab import Channel, ClockKind, MatterState
from db.models import (
    AgencyAgreement,
    Clock,
    Matter,
    MatterEvent,
    Petitioner,
    Submission,
    SubmissionPetitioner,
)
from tests.intake_fixtures import (
    ACTOR,
    TODAY,
    advance,
    assigned,
    build_place,
    draft,
    moment,
    petitioner,
    registered,
    resident_id,
    walk_in,
)


@pytest.fixture
def place(database):
    with database.write() as s:
        return build_place(s)


def errors_of(database, submission):
    with database.read() as s:
        return {(e.field, e.key) for e in validate(s, submission, TODAY)}


def test_a_valid_agent_submission_has_no_errors(database, place):
    assert errors_of(database, draft(place)) == set()


def test_a_landline_and_an_x_check_digit_are_accepted(database, place):
    x_id = next(resident_id(n) for n in range(1000) if resident_id(n).endswith("X"))
    ok = draft(
        place,
        petitioners=[
            petitioner(1, id_number=x_id.lower(), phone="023-68881234", is_representative=True)
        ],
    )
    assert errors_of(database, ok) == set()


def _with_petitioner(place, **fields):
    return draft(place, petitioners=[petitioner(1, is_representative=True, **fields)])


RULES = {
    "id checksum": (
        lambda p: _with_petitioner(
            p,
            id_number=resident_id(1)[:-1] + "0"
            if not resident_id(1).endswith("0")
            else resident_id(1)[:-1] + "1",
        ),
        "petitioners.0.id_number",
        "error.id_number_checksum",
    ),
    "id format": (
        lambda p: _with_petitioner(p, id_number="50010719701301001"),
        "petitioners.0.id_number",
        "error.id_number_format",
    ),
    "mobile format": (
        lambda p: _with_petitioner(p, phone="1381234567"),
        "petitioners.0.phone",
        "error.phone_format",
    ),
    "landline format": (
        lambda p: _with_petitioner(p, phone="023-123"),
        "petitioners.0.phone",
        "error.phone_format",
    ),
    "petitioner name": (
        lambda p: _with_petitioner(p, name=" "),
        "petitioners.0.name",
        "error.required",
    ),
    "no contact": (
        lambda p: _with_petitioner(p, id_number="", phone=""),
        "petitioners.0.id_number",
        "error.petitioner_contact_required",
    ),
    "no petitioner": (
        lambda p: draft(p, petitioners=[]),
        "petitioners",
        "error.petitioners_required",
    ),
    "channel": (lambda p: draft(p, channel=None), "channel", "error.required"),
    "topic": (lambda p: draft(p, topic=None), "topic", "error.required"),
    "content type": (
        lambda p: draft(p, content_type="gossip"),
        "content_type",
        "error.choice_invalid",
    ),
    "urgency": (lambda p: draft(p, urgency=None), "urgency", "error.required"),
    "summary": (lambda p: draft(p, summary=""), "summary", "error.required"),
    "summary length": (lambda p: draft(p, summary="字" * 201), "summary", "error.too_long"),
    "received date": (lambda p: draft(p, received_on=None), "received_on", "error.required"),
    "future receipt": (
        lambda p: draft(p, received_on=TODAY + dt.timedelta(days=1)),
        "received_on",
        "error.date_in_future",
    ),
    "town": (lambda p: draft(p, town_id=None), "town_id", "error.required"),
    "village outside town": (
        lambda p: draft(p, village_id=p.other_village_id),
        "village_id",
        "error.village_not_in_town",
    ),
    "cluster outside village": (
        lambda p: draft(p, town_id=p.other_town_id, village_id=p.other_village_id),
        "cluster_id",
        "error.cluster_not_in_village",
    ),
    "agent missing": (lambda p: draft(p, agent_id=None), "agent_id", "error.required"),
    "trainee agent": (
        lambda p: draft(p, agent_id=p.trainee_agent_id),
        "agent_id",
        "error.agent_not_active",
    ),
    "untrained agent": (
        lambda p: draft(p, agent_id=p.untrained_agent_id),
        "agent_id",
        "error.training_required",
    ),
    "paper agent online": (
        lambda p: draft(p, agent_id=p.paper_agent_id),
        "channel",
        "error.paper_agent_channel",
    ),
    "agent on walk-in": (
        lambda p: walk_in(p, agent_id=p.online_agent_id),
        "agent_id",
        "error.agent_only_for_agent_channels",
    ),
    "agreement number": (
        lambda p: draft(p, agreement_number=""),
        "agreement_number",
        "error.agreement_required",
    ),
    "agreement date": (
        lambda p: draft(p, agreement_signed_on=None),
        "agreement_signed_on",
        "error.agreement_required",
    ),
    "agreement in future": (
        lambda p: draft(p, agreement_signed_on=TODAY + dt.timedelta(days=1)),
        "agreement_signed_on",
        "error.date_in_future",
    ),
    "agreement after receipt": (
        lambda p: draft(p, agreement_signed_on=TODAY),
        "agreement_signed_on",
        "error.agreement_after_receipt",
    ),
    "headcount below named": (
        lambda p: draft(
            p, headcount=1, petitioners=[petitioner(1, is_representative=True), petitioner(2)]
        ),
        "headcount",
        "error.headcount_below_named",
    ),
    "headcount zero": (lambda p: draft(p, headcount=0), "headcount", "error.headcount_positive"),
    "collective without representative": (
        lambda p: draft(p, headcount=6, petitioners=[petitioner(1)]),
        "petitioners",
        "error.representatives_required",
    ),
    "collective with six representatives": (
        lambda p: draft(
            p, headcount=8, petitioners=[petitioner(n, is_representative=True) for n in range(1, 7)]
        ),
        "petitioners",
        "error.too_many_representatives",
    ),
    "same person twice": (
        lambda p: draft(
            p,
            headcount=2,
            petitioners=[petitioner(1, is_representative=True), petitioner(1, name="张一")],
        ),
        "petitioners.1.id_number",
        "error.petitioner_listed_twice",
    ),
    "accused unit on a request": (
        lambda p: draft(p, accused_unit_id=p.department_id),
        "accused_unit_id",
        "error.accused_unit_only_for_accusation",
    ),
    "accusation naming no unit": (
        lambda p: draft(p, content_type="accusation"),
        "accused_unit_id",
        "error.accused_unit_required",
    ),
}


@pytest.mark.parametrize("rule", RULES, ids=list(RULES))
def test_each_rule_reports_its_error_next_to_its_field(database, place, rule):
    build, field, key = RULES[rule]
    assert (field, key) in errors_of(database, build(place))


def test_five_representatives_are_enough_for_a_collective_item(database, place):
    ok = draft(
        place,
        headcount=30,
        petitioners=[petitioner(n, is_representative=n <= 5) for n in range(1, 7)],
    )
    assert errors_of(database, ok) == set()


def test_nothing_is_written_when_invalid(database, place):
    with pytest.raises(ValidationErrors) as raised:
        with database.write() as s:
            register(
                s,
                draft(place, agreement_number="", summary=""),
                Decision.new_matter(),
                ACTOR,
                TODAY,
            )
    assert {e.key for e in raised.value.errors} >= {"error.agreement_required", "error.required"}
    with database.read() as s:
        for model in (Matter, Submission, Petitioner, MatterEvent):
            assert s.scalar(select(func.count()).select_from(model)) == 0


def test_register_writes_the_whole_submission(database, place):
    submission = draft(
        place,
        headcount=6,
        risk_emotion=True,
        petitioners=[petitioner(1, is_representative=True), petitioner(2)],
    )
    with database.write() as s:
        saved = register(s, submission, Decision.new_matter(), ACTOR, TODAY)
    assert saved.case_number == "500107-2026-000001"
    with database.read() as s:
        matter = s.get(Matter, saved.matter_id)
        assert query_code_matches(saved.case_number, saved.query_code, matter.query_code_hash)
        assert saved.query_code not in matter.query_code_hash
        assert (matter.state, matter.agent_proxied, matter.is_collective, matter.risk_emotion) == (
            MatterState.REGISTERED,
            True,
            True,
            True,
        )
        sub = s.get(Submission, saved.submission_id)
        agreement = s.get(AgencyAgreement, sub.agreement_id)
        assert (agreement.number, agreement.agent_id) == ("WT-0001", place.online_agent_id)
        assert s.get(Petitioner, agreement.petitioner_id).name == "张1"
        links = s.scalars(select(SubmissionPetitioner)).all()
        assert sorted(link.is_representative for link in links) == [False, True]
        event = s.scalar(select(MatterEvent).where(MatterEvent.matter_id == matter.id))
        assert (event.kind, event.actor, event.occurred_at) == (
            "registered",
            ACTOR.username,
            matter.received_at,
        )
        assert event.after["case_number"] == saved.case_number
        assert event.after["agent_proxied"] is True
        clock = s.scalar(
            select(Clock).where(Clock.matter_id == matter.id, Clock.kind == ClockKind.ACCEPTANCE)
        )
        assert clock.due_on == TODAY - dt.timedelta(days=1) + dt.timedelta(days=15)


def test_a_paper_agents_form_is_marked_as_entered_by_staff(database, place):
    paper = draft(place, channel=Channel.AGENT_PAPER, agent_id=place.paper_agent_id)
    with database.write() as s:
        saved = register(s, paper, Decision.new_matter(), ACTOR, TODAY)
    with database.read() as s:
        assert s.get(Submission, saved.submission_id).entered_for_paper_agent


def test_the_same_petitioner_is_not_stored_twice(database, place):
    registered(database, place)
    registered(database, place, petitioners=[petitioner(1)])
    with database.read() as s:
        people = [(p.name, p.phone) for p in s.scalars(select(Petitioner))]
    assert people == [("张1", "13800000001")]


def test_an_id_on_file_under_another_name_is_confirmed_never_silently_renamed(database, place):
    from core.cases.intake import IdentityChoice, identity_conflicts
    from db.models import ChangeLog

    registered(database, place)
    impostor = petitioner(1, name="李四", phone="13900000000")
    with database.read() as s:
        conflicts = identity_conflicts(s, walk_in(place, petitioners=[impostor]))
    assert [(c.on_file_name, c.typed_name) for c in conflicts] == [("张1", "李四")]
    with pytest.raises(UserError) as refused:
        registered(database, place, petitioners=[impostor])
    assert refused.value.key == "error.identity_unconfirmed"
    id_number = conflicts[0].id_number
    # the record on file is right: the filing uses it, nothing is renamed
    registered(
        database,
        place,
        identity_choices={id_number: IdentityChoice.KEEP_ON_FILE},
        petitioners=[impostor],
    )
    with database.read() as s:
        assert [(p.name, p.phone) for p in s.scalars(select(Petitioner))] == [
            ("张1", "13800000001")
        ]
    # the typed identity is right: the record changes, and the change is kept
    registered(
        database, place, identity_choices={id_number: IdentityChoice.UPDATE}, petitioners=[impostor]
    )
    with database.read() as s:
        assert [(p.name, p.phone) for p in s.scalars(select(Petitioner))] == [
            ("李四", "13900000000")
        ]
        log = s.scalars(select(ChangeLog).where(ChangeLog.entity == "petitioner")).all()
        assert {(c.field, c.old_value, c.new_value, c.actor) for c in log} == {
            ("name", "张1", "李四", "clerk1"),
            ("phone", "13800000001", "13900000000", "clerk1"),
        }


def test_an_agreement_belongs_to_its_agent_and_petitioner(database, place):
    with database.write() as s:
        register(s, draft(place), Decision.new_matter(), ACTOR, TODAY)
    taken = draft(place, petitioners=[petitioner(9, is_representative=True)])
    assert ("agreement_number", "error.agreement_number_taken") in errors_of(database, taken)
    assert errors_of(database, draft(place)) == set()  # its own petitioner may reuse it


def test_a_repeat_filing_links_to_the_open_matter_and_does_not_duplicate(database, place):
    first = registered(database, place)
    again = registered(database, place, Decision.repeat_of(first.matter_id))
    assert (again.matter_id, again.case_number, again.query_code) == (
        first.matter_id,
        first.case_number,
        None,
    )
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Matter)) == 1
        subs = s.scalars(select(Submission).order_by(Submission.id)).all()
        assert [sub.is_repeat for sub in subs] == [False, True]
        kinds = s.scalars(select(MatterEvent.kind).order_by(MatterEvent.id)).all()
        assert kinds == ["registered", "repeat_filed"]


def test_a_repeat_needs_an_open_matter(database, place):
    with pytest.raises(UserError) as raised:
        registered(database, place, Decision.repeat_of(999))
    assert raised.value.key == "error.repeat_target_not_open"


def _replied(database, place, matter_id, day=TODAY):
    with database.write() as s:
        record_reply(
            s,
            matter_id,
            s.get(Matter, matter_id).version,
            "答复：已督促支付。",
            ACTOR,
            occurred_at=moment(day),
        )


def test_a_review_of_a_replied_matter_is_a_new_linked_matter(database, place):
    original = assigned(database, place)
    _replied(database, place, original)
    review = registered(database, place, Decision.review_of(original), received_on=TODAY)
    with database.read() as s:
        matter = s.get(Matter, review.matter_id)
        assert (matter.review_level, matter.linked_matter_id) == (1, original)
        assert review.case_number != s.get(Matter, original).case_number
        kinds = s.scalars(
            select(MatterEvent.kind)
            .where(MatterEvent.matter_id == original)
            .order_by(MatterEvent.id)
        ).all()
        assert kinds[-1] == "review_requested"
        window = s.scalar(
            select(Clock).where(Clock.matter_id == matter.id, Clock.kind == ClockKind.REVIEW_ANSWER)
        )
        assert window is not None


def test_a_review_needs_a_reply(database, place):
    original = assigned(database, place)
    with pytest.raises(UserError) as raised:
        registered(database, place, Decision.review_of(original), received_on=TODAY)
    assert raised.value.key == "error.review_not_replied"


def test_a_review_after_the_30_day_window_is_refused(database, place):
    original = assigned(database, place, received_on=TODAY - dt.timedelta(days=60))
    with database.write() as s:  # the assignment dated before the reply (dates keep order)
        s.get(Matter, original).assigned_at = moment(TODAY - dt.timedelta(days=59))
        s.get(Matter, original).accepted_at = moment(TODAY - dt.timedelta(days=59))
        s.add(
            MatterEvent(
                matter_id=original,
                kind="test_backdate",
                actor="t",
                occurred_at=moment(TODAY),
                recorded_at=moment(TODAY),
            )
        )
    with database.write() as s:
        record_reply(
            s,
            original,
            s.get(Matter, original).version,
            "答复：已督促支付。",
            ACTOR,
            occurred_at=moment(TODAY - dt.timedelta(days=40)),
            reason="补录纸质答复",
        )
    with pytest.raises(UserError) as raised:
        registered(database, place, Decision.review_of(original), received_on=TODAY)
    assert raised.value.key == "error.review_window_passed"


def test_re_review_is_final_and_a_third_level_is_refused(database, place):
    original = assigned(database, place)
    _replied(database, place, original)
    review = registered(database, place, Decision.review_of(original), received_on=TODAY).matter_id
    advance(database, review, MatterState.ACCEPTED, accepted_at=moment(TODAY))
    advance(
        database,
        review,
        MatterState.ASSIGNED,
        unit_id=place.department_id,
        assigned_at=moment(TODAY),
    )
    _replied(database, place, review)
    advance(database, review, MatterState.DELIVERED, delivered_at=moment(TODAY))
    re_review = registered(database, place, Decision.review_of(review), received_on=TODAY).matter_id
    with database.read() as s:
        assert s.get(Matter, re_review).review_level == 2
    advance(database, re_review, MatterState.ACCEPTED, accepted_at=moment(TODAY))
    advance(
        database,
        re_review,
        MatterState.ASSIGNED,
        unit_id=place.department_id,
        assigned_at=moment(TODAY),
    )
    _replied(database, place, re_review)
    with pytest.raises(UserError) as raised:
        registered(database, place, Decision.review_of(re_review), received_on=TODAY)
    assert raised.value.key == "error.review_final"


def test_an_accusation_against_a_person_may_name_no_unit_and_says_so(database, place):
    person = draft(place, content_type="accusation", accused_is_person=True)
    assert errors_of(database, person) == set()
    with database.write() as s:
        saved = register(s, person, Decision.new_matter(), ACTOR, TODAY)
    with database.read() as s:
        matter = s.get(Matter, saved.matter_id)
        event = s.scalars(select(MatterEvent).where(MatterEvent.matter_id == matter.id)).one()
    assert matter.accused_unit_id is None
    assert event.after["accused_is_person"] is True


def test_an_accusation_names_its_unit_which_never_handles_it(database, place):
    accusation = draft(place, content_type="accusation", accused_unit_id=place.department_id)
    assert errors_of(database, accusation) == set()
    with database.write() as s:
        saved = register(s, accusation, Decision.new_matter(), ACTOR, TODAY)
    with database.read() as s:
        assert s.get(Matter, saved.matter_id).accused_unit_id == place.department_id

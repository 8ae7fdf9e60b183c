import datetime as dt

import pytest
from sqlalchemy import select

from core.deadlines.calendar import load_calendar, seed_official_calendar
from core.deadlines.clocks import rebuild_all_clocks, sync_clocks
from core.deadlines.rules import seed_default_rules
from core.deadlines.supervision import (
    approve_extension,
    issue_supervision_notice,
    record_supervision_answer,
)
from core.errors import UserError
from core.vocab import ClockKind, ClockState, MatterState, Urgency
from db.models import Clock, Matter, MatterEvent
from tests.actors import actor
from tests.factories import change_matter, make_matter, make_place, on_day

D = dt.date
K, S = ClockKind, ClockState


@pytest.fixture
def db(database):
    with database.write() as s:
        seed_official_calendar(s)
        seed_default_rules(s)
        make_place(s)
    return database


def place_of(s):
    from db.models import District, Town, Unit, Village
    from tests.factories import Place

    units = {u.code: u for u in s.scalars(select(Unit))}
    return Place(
        s.scalars(select(District)).one(),
        s.scalars(select(Town)).one(),
        s.scalars(select(Village)).one(),
        units["HRSS"],
        units["XJW"],
    )


def clocks_by_kind(s, matter_id) -> dict[ClockKind, Clock]:
    return {c.kind: c for c in s.scalars(select(Clock).where(Clock.matter_id == matter_id))}


def synced(s, matter, today):
    sync_clocks(s, matter, load_calendar(s), today)
    return clocks_by_kind(s, matter.id)


def test_a_handled_matter_has_every_clock_with_the_right_dates(db):
    with db.write() as s:
        m = make_matter(
            s,
            place_of(s),
            received=D(2026, 3, 2),
            accepted=D(2026, 3, 5),
            assigned=D(2026, 3, 5),
            replied=D(2026, 3, 18),
            delivered=D(2026, 3, 20),
        )
        clocks = synced(s, m, today=D(2026, 3, 25))
        got = {k: (c.started_on, c.due_on, c.state) for k, c in clocks.items()}
    assert got == {
        K.ACCEPTANCE: (D(2026, 3, 2), D(2026, 3, 17), S.MET),
        K.INTERNAL_ASSIGN: (D(2026, 3, 2), D(2026, 3, 4), S.BREACHED),  # assigned a day late
        K.INTERNAL_REPLY: (D(2026, 3, 2), D(2026, 3, 23), S.MET),
        K.REPLY: (D(2026, 3, 5), D(2026, 3, 20), S.MET),
        # 60 days end on 4 May 2026, inside the Labour Day break: rolls to 6 May
        K.CONCLUSION: (D(2026, 3, 5), D(2026, 5, 6), S.MET),
        K.INTERNAL_FEEDBACK: (D(2026, 3, 5), D(2026, 3, 19), S.MET),
        K.INTERNAL_CHECK: (D(2026, 3, 18), D(2026, 3, 23), S.MET),
        # 30 days from delivery end on Sunday 19 April: rolls to Monday
        K.REVIEW_REQUEST_WINDOW: (D(2026, 3, 20), D(2026, 4, 20), S.RUNNING),
    }
    assert clocks[K.REPLY].rule_key == "reply.general"
    assert clocks[K.INTERNAL_ASSIGN].met_at is not None
    assert not any(c.provisional for c in clocks.values())


def test_reply_clock_follows_urgency_and_syncing_twice_changes_nothing(db):
    with db.write() as s:
        m = make_matter(
            s,
            place_of(s),
            received=D(2026, 3, 2),
            accepted=D(2026, 3, 5),
            urgency=Urgency.CONSULTATION,
        )
        first = {k: (c.id, c.due_on) for k, c in synced(s, m, D(2026, 3, 6)).items()}
        second = {k: (c.id, c.due_on) for k, c in synced(s, m, D(2026, 3, 6)).items()}
        assert first == second
        assert first[K.REPLY][1] == D(2026, 3, 10)
        change_matter(s, m, "urgency_changed", urgency=Urgency.URGENT)
        reply = synced(s, m, D(2026, 3, 6))[K.REPLY]
        assert (reply.rule_key, reply.due_on, reply.id) == (
            "reply.urgent",
            D(2026, 3, 6),
            first[K.REPLY][0],
        )


def test_withdrawn_matter_cancels_open_clocks_but_keeps_met_ones(db):
    with db.write() as s:
        m = make_matter(s, place_of(s), received=D(2026, 3, 2), accepted=D(2026, 3, 5))
        synced(s, m, D(2026, 3, 6))
        change_matter(s, m, "withdrawn", state=MatterState.WITHDRAWN)
        clocks = synced(s, m, D(2026, 3, 10))
    assert clocks[K.ACCEPTANCE].state is S.MET
    assert clocks[K.REPLY].state is S.CANCELLED
    assert clocks[K.CONCLUSION].state is S.CANCELLED


def test_not_accepted_matter_meets_the_acceptance_clock_at_the_decision(db):
    with db.write() as s:
        m = make_matter(
            s,
            place_of(s),
            received=D(2026, 3, 2),
            closed=D(2026, 3, 20),
            state=MatterState.NOT_ACCEPTED,
        )
        clocks = synced(s, m, D(2026, 3, 25))
    assert clocks[K.ACCEPTANCE].state is S.BREACHED  # decided after the 15 days
    assert clocks[K.INTERNAL_ASSIGN].state is S.CANCELLED
    assert K.REPLY not in clocks


def test_an_approved_extension_moves_the_conclusion_once(db):
    with db.write() as s:
        m = make_matter(s, place_of(s), received=D(2026, 3, 2), accepted=D(2026, 3, 5))
        synced(s, m, D(2026, 3, 6))
        with pytest.raises(UserError) as err:
            approve_extension(s, m.id, 30, "  ", actor("boss"), today=on_day(s, D(2026, 4, 1)))
        assert err.value.key == "error.reason_required"
        with pytest.raises(UserError) as err:
            approve_extension(
                s, m.id, 31, "needs a site survey", actor("boss"), today=on_day(s, D(2026, 4, 1))
            )
        assert err.value.key == "error.extension_days_range"
        approve_extension(
            s, m.id, 30, "needs a site survey", actor("boss"), today=on_day(s, D(2026, 4, 1))
        )
    with db.write() as s:
        conclusion = clocks_by_kind(s, m.id)[K.CONCLUSION]
        assert (conclusion.due_on, conclusion.extension_days) == (D(2026, 6, 3), 30)
        event = s.scalars(select(MatterEvent).where(MatterEvent.kind == "extension_approved")).one()
        assert event.before == {"conclusion_due": "2026-05-06"}
        assert event.after == {"conclusion_due": "2026-06-03", "extension_days": 30}
        assert event.reason == "needs a site survey"
        with pytest.raises(UserError) as err:
            approve_extension(s, m.id, 5, "again", actor("boss"), today=on_day(s, D(2026, 4, 2)))
        assert err.value.key == "error.extension_already_approved"
        # the extension survives a resync and a full rebuild
        rebuild_all_clocks(s, D(2026, 4, 2))
        assert clocks_by_kind(s, m.id)[K.CONCLUSION].due_on == D(2026, 6, 3)


def test_extension_is_refused_after_the_due_date(db):
    with db.write() as s:
        m = make_matter(s, place_of(s), received=D(2026, 3, 2), accepted=D(2026, 3, 5))
        synced(s, m, D(2026, 3, 6))
        with pytest.raises(UserError) as err:
            approve_extension(s, m.id, 10, "late", actor("boss"), today=on_day(s, D(2026, 5, 7)))
    assert err.value.key == "error.extension_after_due"


def test_review_and_re_review_chain(db):
    with db.write() as s:
        place = place_of(s)
        original = make_matter(
            s,
            place,
            received=D(2026, 3, 2),
            accepted=D(2026, 3, 5),
            assigned=D(2026, 3, 5),
            replied=D(2026, 3, 18),
            delivered=D(2026, 3, 20),
        )
        review = make_matter(
            s,
            place,
            received=D(2026, 4, 10),
            replied=D(2026, 5, 6),
            delivered=D(2026, 5, 8),
            review_level=1,
            linked=original,
        )
        re_review = make_matter(
            s,
            place,
            received=D(2026, 6, 1),
            review_level=2,
            linked=review,
        )
        today = D(2026, 6, 2)
        o, r, rr = (synced(s, m, today) for m in (original, review, re_review))
    window = o[K.REVIEW_REQUEST_WINDOW]
    assert (window.state, window.due_on) == (S.MET, D(2026, 4, 20))
    assert set(r) == {K.REVIEW_ANSWER, K.RE_REVIEW_REQUEST_WINDOW}
    assert (r[K.REVIEW_ANSWER].due_on, r[K.REVIEW_ANSWER].state) == (D(2026, 5, 11), S.MET)
    re_window = r[K.RE_REVIEW_REQUEST_WINDOW]
    assert (re_window.started_on, re_window.due_on, re_window.state) == (
        D(2026, 5, 8),
        D(2026, 6, 8),
        S.MET,
    )
    assert set(rr) == {K.RE_REVIEW_ANSWER}  # final: no further window
    assert (rr[K.RE_REVIEW_ANSWER].due_on, rr[K.RE_REVIEW_ANSWER].state) == (
        D(2026, 7, 1),
        S.RUNNING,
    )


def test_a_late_review_request_breaches_the_window_and_an_unused_one_lapses(db):
    with db.write() as s:
        place = place_of(s)
        late = make_matter(
            s,
            place,
            received=D(2026, 3, 2),
            accepted=D(2026, 3, 5),
            replied=D(2026, 3, 18),
            delivered=D(2026, 3, 20),
        )
        make_matter(s, place, received=D(2026, 4, 21), review_level=1, linked=late)
        unused = make_matter(
            s,
            place,
            received=D(2026, 3, 2),
            accepted=D(2026, 3, 5),
            replied=D(2026, 3, 18),
            delivered=D(2026, 3, 20),
        )
        assert synced(s, late, D(2026, 5, 1))[K.REVIEW_REQUEST_WINDOW].state is S.BREACHED
        assert synced(s, unused, D(2026, 4, 20))[K.REVIEW_REQUEST_WINDOW].state is S.RUNNING
        assert synced(s, unused, D(2026, 4, 21))[K.REVIEW_REQUEST_WINDOW].state is S.CANCELLED


def test_supervision_notice_gets_its_own_clock_and_answer(db):
    with db.write() as s:
        place = place_of(s)
        m = make_matter(s, place, received=D(2026, 3, 2), accepted=D(2026, 3, 5))
        synced(s, m, D(2026, 3, 6))
        on_time = issue_supervision_notice(
            s,
            m.id,
            place.unit.id,
            None,
            "请抓紧办理",
            actor("boss"),
            today=on_day(s, D(2026, 4, 1)),
        )
        late = issue_supervision_notice(
            s,
            m.id,
            place.town_unit.id,
            D(2026, 4, 3),
            "请协助",
            actor("boss"),
            today=on_day(s, D(2026, 4, 1)),
        )
        assert on_time.due_on == D(2026, 4, 16)  # 10 working days over Qingming
        record_supervision_answer(
            s,
            on_time.id,
            "已办理",
            actor("liaison", unit_id=on_time.unit_id),
            today=on_day(s, D(2026, 4, 16)),
        )
        record_supervision_answer(
            s,
            late.id,
            "已协助",
            actor("liaison", unit_id=late.unit_id),
            today=on_day(s, D(2026, 4, 7)),
        )
        with pytest.raises(UserError) as err:
            record_supervision_answer(
                s,
                late.id,
                "again",
                actor("liaison", unit_id=late.unit_id),
                today=on_day(s, D(2026, 4, 8)),
            )
        assert err.value.key == "error.notice_already_answered"
        clocks = {
            c.supervision_notice_id: c
            for c in s.scalars(select(Clock).where(Clock.kind == K.SUPERVISION))
        }
        kinds = [e.kind for e in s.scalars(select(MatterEvent).order_by(MatterEvent.id))]
    assert clocks[on_time.id].state is S.MET
    assert clocks[on_time.id].days == 10
    assert (clocks[late.id].due_on, clocks[late.id].state) == (D(2026, 4, 3), S.BREACHED)
    assert kinds.count("supervision_issued") == 2
    assert kinds.count("supervision_answered") == 2


@pytest.mark.parametrize(
    "due_on,text,state,key",
    [
        (D(2026, 4, 1), "text", None, "error.due_not_after_today"),
        (None, " ", None, "error.notice_text_required"),
        (None, "text", MatterState.CLOSED, "error.matter_not_open"),
    ],
)
def test_supervision_notice_refuses_bad_input(db, due_on, text, state, key):
    with db.write() as s:
        place = place_of(s)
        m = make_matter(s, place, received=D(2026, 3, 2), state=state)
        with pytest.raises(UserError) as err:
            issue_supervision_notice(
                s, m.id, place.unit.id, due_on, text, actor("boss"), on_day(s, D(2026, 4, 1))
            )
    assert err.value.key == key


def test_rebuild_gives_the_same_clocks_as_syncing_each_matter(db):
    today = D(2026, 4, 1)
    with db.write() as s:
        place = place_of(s)
        matters = [
            make_matter(s, place, received=D(2026, 3, 2)),
            make_matter(
                s,
                place,
                received=D(2026, 3, 2),
                accepted=D(2026, 3, 3),
                urgency=Urgency.INVESTIGATION,
            ),
            make_matter(
                s,
                place,
                received=D(2026, 3, 2),
                accepted=D(2026, 3, 5),
                assigned=D(2026, 3, 6),
                replied=D(2026, 3, 30),
            ),
            make_matter(s, place, received=D(2026, 12, 20), accepted=D(2026, 12, 21)),
        ]
        review = make_matter(s, place, received=D(2026, 3, 25), review_level=1, linked=matters[2])
        issue_supervision_notice(
            s, matters[1].id, place.unit.id, None, "快", actor("boss"), on_day(s, today)
        )

        def snapshot():
            return sorted(
                (c.matter_id, c.kind.value, c.started_on, c.due_on, c.state.value, c.provisional)
                for c in s.scalars(select(Clock))
            )

        for m in [*matters, review]:
            sync_clocks(s, m, load_calendar(s), today)
        by_sync = snapshot()
        written = rebuild_all_clocks(s, today)
        assert snapshot() == by_sync
        assert written == len([r for r in by_sync if r[4] not in ("met", "breached")])
    provisional = [row for row in by_sync if row[5]]
    assert provisional and {row[0] for row in provisional} == {matters[3].id}


def test_rebuild_reports_progress_and_handles_no_matters(db):
    seen = []
    with db.write() as s:
        assert rebuild_all_clocks(s, D(2026, 4, 1), lambda f, m: seen.append(f)) == 0
        assert s.scalar(select(Matter.id)) is None
    assert seen[-1] == 1.0

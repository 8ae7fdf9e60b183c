"""Races on PostgreSQL (issue #10): real threads, each with its own session and connection,
released together by a barrier after each has read what it is about to change.

- ten answers to one supervision notice: one is recorded, nine are told it was answered;
- concurrent extension approvals of one matter: one extension, the others told so;
- eight review requests (复查) of one replied original: one review, which can be triaged.

The losers get a `UserError` (what a page shows), never a raw IntegrityError or
StaleDataError. Skipped without TEST_DATABASE_URL (the `postgres_url` fixture says why).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.cases.intake import Decision, register
from core.cases.triage import TriageDecision, triage
from core.cases.workflow import record_reply
from core.deadlines.supervision import (
    approve_extension,
    issue_supervision_notice,
    record_supervision_answer,
)
from core.errors import UserError
from core.vocab import MatterState, Role, TriageOutcome
from db.models import Extension, Matter, MatterEvent, SupervisionNotice
from db.session import Database
from tests.actors import actor
from tests.intake_fixtures import ACTOR, TODAY, assigned, build_place, moment, walk_in

#: Only the PostgreSQL half of `database_url`: the test ids read "[postgresql]".
pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

SUPERVISOR = actor("supervisor")


def _race(
    database: Database, n: int, prepare: Callable[[Session], object], act: Callable
) -> list[object]:
    """Run `act(session, prepared)` in `n` threads at once, each in its own write
    transaction, after each has run `prepare(session)` (its read of the record); returns
    each thread's result or the exception it raised."""
    barrier = threading.Barrier(n, timeout=30)
    results: list[object] = [None] * n

    def worker(i: int) -> None:
        try:
            with database.write() as s:
                prepared = prepare(s)
                barrier.wait()
                results[i] = act(s, prepared, i)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            results[i] = exc

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racer hung"
    return results


def _one_winner(results: list[object]) -> None:
    errors = [r for r in results if isinstance(r, BaseException)]
    unexpected = [r for r in errors if not isinstance(r, UserError)]
    assert not unexpected, f"losers must get a UserError: {unexpected!r}"
    assert len(results) - len(errors) == 1, f"exactly one winner: {results!r}"


def _count(database: Database, query) -> int:
    with database.read() as s:
        return s.scalar(query)


@pytest.fixture
def place(database):
    with database.write() as s:
        return build_place(s)


def test_concurrent_answers_to_one_notice_postgresql(database, place):
    matter_id = assigned(database, place)
    with database.write() as s:
        notice_id = issue_supervision_notice(
            s, matter_id, place.department_id, None, "请加快办理", SUPERVISOR, TODAY
        ).id
    liaison = actor("liaison", Role.UNIT_LIAISON, unit_id=place.department_id)

    def prepare(s):
        return s.get(SupervisionNotice, notice_id).version  # everyone read it unanswered

    def act(s, version, i):
        return record_supervision_answer(
            s, notice_id, f"已办理（{i}）", liaison, TODAY, expected_version=version
        ).id

    results = _race(database, 10, prepare, act)
    _one_winner(results)
    assert {r.key for r in results if isinstance(r, UserError)} <= {
        "error.notice_already_answered",
        "error.concurrent_edit",
    }
    answers = select(func.count()).where(
        MatterEvent.matter_id == matter_id, MatterEvent.kind == "supervision_answered"
    )
    assert _count(database, answers) == 1
    with database.read() as s:
        notice = s.get(SupervisionNotice, notice_id)
        assert notice.answered_at is not None and notice.version == 2


def test_concurrent_extension_approvals_postgresql(database, place):
    matter_id = assigned(database, place)
    supervisors = [actor(f"sup{i}", Role.SUPERVISOR) for i in range(6)]

    def prepare(s):
        return s.get(Matter, matter_id)

    def act(s, matter, i):
        return approve_extension(s, matter.id, 10 + i, "需要补充调查", supervisors[i], TODAY).id

    results = _race(database, len(supervisors), prepare, act)
    _one_winner(results)
    assert {r.key for r in results if isinstance(r, UserError)} == {
        "error.extension_already_approved"
    }
    assert _count(database, select(func.count()).where(Extension.matter_id == matter_id)) == 1
    approvals = select(func.count()).where(
        MatterEvent.matter_id == matter_id, MatterEvent.kind == "extension_approved"
    )
    assert _count(database, approvals) == 1


def test_concurrent_review_requests_postgresql(database, place):
    original = assigned(database, place)
    with database.write() as s:
        record_reply(
            s,
            original,
            s.get(Matter, original).version,
            "答复：已督促支付。",
            ACTOR,
            occurred_at=moment(TODAY),
        )
    review_draft = walk_in(place, received_on=TODAY)

    def prepare(s):
        return s.get(Matter, original)

    def act(s, _original, i):
        return register(s, review_draft, Decision.review_of(original), ACTOR, TODAY).matter_id

    results = _race(database, 8, prepare, act)
    _one_winner(results)
    assert {r.key for r in results if isinstance(r, UserError)} == {"error.review_exists"}
    reviews = select(func.count()).where(
        Matter.linked_matter_id == original, Matter.review_level == 1
    )
    assert _count(database, reviews) == 1
    requested = select(func.count()).where(
        MatterEvent.matter_id == original, MatterEvent.kind == "review_requested"
    )
    assert _count(database, requested) == 1

    review_id = next(r for r in results if not isinstance(r, BaseException))
    with database.write() as s:
        result = triage(
            s,
            review_id,
            s.get(Matter, review_id).version,
            TriageDecision(TriageOutcome.REVIEW, linked_matter_id=original),
            ACTOR,
            TODAY,
        )
    assert result.state is MatterState.ACCEPTED

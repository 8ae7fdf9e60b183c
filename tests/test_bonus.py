"""The bonus ledger on hand-made cases: each rule, public servants, approval and late rating."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from core.agents.bonus import (
    agent_bonus_by_quarter,
    appraisal_list,
    approve_quarter,
    compute_quarter,
    ledger,
    ledger_xlsx,
    quarter_state,
    quarter_totals,
    reconcile,
)
from core.errors import UserError
from core.vocab import AgentCategory, MatterState, Rating, TriageOutcome
from db.models import Matter
from tests.actors import actor
from tests.factories import change_matter
from tests.roster_fixtures import file_matter, make_agent, setup_place

D = dt.date


@pytest.fixture
def cases(database):
    """Quarter 2026Q2: a volunteer's cases covering every rule, a public servant's case."""
    with database.write() as s:
        place = setup_place(s)
        vol = make_agent(s, place, code="V1", category=AgentCategory.VOLUNTEER)
        other = make_agent(s, place, code="V2", category=AgentCategory.VOLUNTEER)
        civil = make_agent(s, place, code="C1", category=AgentCategory.CIVIL_SERVANT)
        m = {}
        # satisfied and ceased (+20), with a repeat filing by another agent (pays nothing)
        m["sat_ceased"] = file_matter(
            s,
            place,
            vol,
            received=D(2026, 4, 1),
            replied=D(2026, 4, 15),
            delivered=D(2026, 4, 20),
            rated=D(2026, 4, 25),
            agent_rating=Rating.SATISFIED,
            ceased=True,
            repeat_by=(other,),
        )
        # basically satisfied by the unit rating only (+5); handled locally
        m["basic"] = file_matter(
            s,
            place,
            vol,
            received=D(2026, 5, 1),
            outcome=TriageOutcome.HANDLE_LOCALLY,
            delivered=D(2026, 5, 10),
            rated=D(2026, 5, 12),
            unit_rating=Rating.BASICALLY_SATISFIED,
        )
        # satisfied but not ceased: the base ¥10 only
        m["sat_open"] = file_matter(
            s,
            place,
            vol,
            received=D(2026, 5, 2),
            delivered=D(2026, 5, 20),
            rated=D(2026, 5, 21),
            agent_rating=Rating.SATISFIED,
        )
        # not accepted, withdrawn, not delivered: nothing
        m["refused"] = file_matter(
            s, place, vol, received=D(2026, 5, 3), outcome=TriageOutcome.OTHER_CHANNEL
        )
        m["withdrawn"] = file_matter(
            s, place, vol, received=D(2026, 5, 4), delivered=D(2026, 5, 30)
        )
        change_matter(s, m["withdrawn"], "withdrawn", state=MatterState.WITHDRAWN)
        m["undelivered"] = file_matter(s, place, vol, received=D(2026, 6, 1), replied=D(2026, 6, 9))
        # delivered in Q2, not yet rated when Q2 is approved
        m["late"] = file_matter(s, place, vol, received=D(2026, 6, 2), delivered=D(2026, 6, 20))
        # a public servant's satisfied and ceased case: no money, on the appraisal list
        m["civil"] = file_matter(
            s,
            place,
            civil,
            received=D(2026, 4, 3),
            delivered=D(2026, 4, 22),
            rated=D(2026, 4, 23),
            agent_rating=Rating.SATISFIED,
            ceased=True,
        )
        ids = {
            "vol": vol.id,
            "other": other.id,
            "civil": civil.id,
            **{k: v.id for k, v in m.items()},
        }
    return ids


def _lines(frame):
    return sorted(
        zip(frame["code"], frame["kind"], frame["amount_yuan"], frame["matter_id"], strict=False)
    )


def test_rules_on_hand_made_cases(database, cases):
    with database.write() as s:
        summary = compute_quarter(s, "2026Q2", actor("supervisor"))
    assert summary.total_yuan == 10 + 20 + 10 + 5 + 10 + 10
    with database.read() as s:
        lines = _lines(ledger(s, "2026Q2"))
        totals = quarter_totals(s, "2026Q2")
        appraisal = appraisal_list(s, "2026Q2")
        assert reconcile(s, "2026Q2").empty
    assert lines == sorted(
        [
            ("V1", "proxied", 10, cases["sat_ceased"]),
            ("V1", "satisfied_ceased", 20, cases["sat_ceased"]),
            ("V1", "proxied", 10, cases["basic"]),
            ("V1", "basically_satisfied", 5, cases["basic"]),
            ("V1", "proxied", 10, cases["sat_open"]),
            ("V1", "proxied", 10, cases["late"]),
        ]
    )
    assert totals.to_dict("records") == [
        {
            "agent_id": cases["vol"],
            "code": "V1",
            "name": totals["name"][0],
            "proxied": 4,
            "basically_satisfied": 1,
            "satisfied_ceased": 1,
            "adjustment_yuan": 0,
            "total_yuan": 65,
        }
    ]
    assert appraisal[["code", "proxied", "satisfied_ceased", "total_yuan"]].values.tolist() == [
        ["C1", 1, 1, 30]
    ]


def test_compute_is_idempotent(database, cases):
    with database.write() as s:
        first = compute_quarter(s, "2026Q2", actor("supervisor"))
    with database.write() as s:
        second = compute_quarter(s, "2026Q2", actor("supervisor"))
    with database.read() as s:
        assert len(ledger(s, "2026Q2")) == first.entries == second.entries == 6


def test_approved_quarter_is_frozen_and_a_late_rating_is_adjusted_next_quarter(database, cases):
    with database.write() as s:
        approved = approve_quarter(s, "2026Q2", actor("sup1"))
    assert approved.approved and approved.total_yuan == 65
    with database.read() as s:
        before = _lines(ledger(s, "2026Q2"))
    with database.write() as s:
        # the rating of 28 June is entered after the approval
        change_matter(
            s,
            s.get(Matter, cases["late"]),
            "rated",
            agent_rating=Rating.BASICALLY_SATISFIED,
            rated_at=D(2026, 6, 28),
        )
        # and a Q2 delivery rated in July earns its bonus in Q3 as usual
        change_matter(
            s, s.get(Matter, cases["sat_open"]), "rated", ceased=True, rated_at=D(2026, 7, 3)
        )
    with database.write() as s:
        with pytest.raises(UserError) as err:
            compute_quarter(s, "2026Q2", actor("supervisor"))
        assert err.value.key == "error.quarter_frozen"
    with database.write() as s:
        compute_quarter(s, "2026Q3", actor("supervisor"))
    with database.read() as s:
        assert _lines(ledger(s, "2026Q2")) == before
        q3 = ledger(s, "2026Q3")
        assert sorted(
            zip(q3["kind"], q3["amount_yuan"], q3["matter_id"], q3["corrects"], strict=False)
        ) == sorted(
            [
                ("adjustment", 5, cases["late"], "basically_satisfied"),
                ("satisfied_ceased", 20, cases["sat_open"], ""),
            ]
        )
        assert reconcile(s, "2026Q3").empty
        late = reconcile(s, "2026Q2")  # the correction made after approval
        assert late[["kind", "difference"]].values.tolist() == [["basically_satisfied", 5]]
        state = quarter_state(s, "2026Q2")
        assert state.frozen and state.approved_by == "sup1" and state.approved_total_yuan == 65
        history = agent_bonus_by_quarter(s, cases["vol"])
        assert history[["quarter", "total_yuan", "frozen"]].values.tolist() == [
            ["2026Q3", 25, False],
            ["2026Q2", 65, True],
        ]


def test_approval_order_and_quarter_end_are_enforced(database, cases):
    with database.write() as s:
        with pytest.raises(UserError) as err:
            approve_quarter(s, "2026Q3", actor("sup1"))
        assert (err.value.key, err.value.params["quarter"]) == (
            "error.earlier_quarter_open",
            "2026Q2",
        )
        with pytest.raises(UserError) as err:
            approve_quarter(s, "2026Q4", actor("sup1"))  # today is 20 November
        assert err.value.key == "error.quarter_not_over"
        with pytest.raises(UserError) as err:
            compute_quarter(s, "2026-Q2", actor("supervisor"))
        assert err.value.key == "error.quarter_format"


def test_ledger_workbook_has_chinese_sheets(database, cases):
    with database.write() as s:
        compute_quarter(s, "2026Q2", actor("supervisor"))
    with database.read() as s:
        book = load_workbook(io.BytesIO(ledger_xlsx(s, "2026Q2")))
    assert book.sheetnames == ["奖励明细", "发放汇总", "公职人员考核"]
    header = [c.value for c in book["奖励明细"][1]]
    assert "金额(元)" in header and "事项编号" in header
    assert book["奖励明细"].max_row == 7

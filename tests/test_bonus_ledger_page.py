"""The bonus ledger on the roster's performance tab, as #14 asks (AppTest on the pinned demo
district): it opens on the newest ended quarter with entries (last quarter, approved);
differences name case numbers and agents, explained; computing is offered to exactly the
roles core.policy allows; public servants' list shows no money; the ranking never shows
"None"; the satisfaction axis ends at 100 %."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from console.i18n import quarter_label
from core.access import PAGE_ROLES
from core.agents.bonus import latest_ledger_quarter, reconcile
from core.policy import ACTION_ROLES
from core.quarters import quarter_first_day, quarter_of_date
from core.vocab import Role
from db.models import BonusEntry
from db.session import Database
from tests.conftest import DEMO_TODAY
from tests.test_roster_page import roster_page, table_with

CURRENT = quarter_of_date(DEMO_TODAY)
LAST = quarter_of_date(quarter_first_day(CURRENT) - pd.Timedelta(days=1))


@pytest.fixture
def db(console_env):
    database = Database.connect(console_env)
    yield database
    database.dispose()


def test_the_ledger_opens_on_last_quarter_approved_with_its_entries(console_env, db):
    with db.read() as s:
        assert latest_ledger_quarter(s, before=LAST) == LAST
    at = roster_page(Role.CLERK, "performance")
    assert at.selectbox(key="rpk_quarter").value == LAST
    assert any(s.value.startswith(f"{quarter_label(LAST, 'zh')} 已由") for s in at.success), (
        "approved"
    )
    entries = table_with(at, "金额（元）", "事项编号")
    assert len(entries) > 0, "never an empty quarter"
    assert not any("台账为空" in c.value for c in at.caption)


def test_the_approval_names_the_person_not_the_username(console_env):
    at = roster_page(Role.CLERK, "performance")
    banner = next(s.value for s in at.success if s.value.startswith(quarter_label(LAST, "zh")))
    assert "office." not in banner and "区信访办督查（模拟）" in banner
    assert DEMO_TODAY.isoformat() in banner, "approved on the demo's own today, not at seeding"


def test_differences_show_case_numbers_and_agents_with_an_explanation(console_env, db):
    """A correction after approval makes a difference: shown by case number and agent."""
    with db.write() as s:
        entry = s.scalars(
            select(BonusEntry)
            .where(BonusEntry.quarter == LAST, BonusEntry.matter_id.is_not(None))
            .limit(1)
        ).one()
        entry.amount_yuan += 5
        changed = (entry.id, entry.amount_yuan - 5)
    try:
        with db.read() as s:
            differences = reconcile(s, LAST)
        assert {"code", "name", "case_number"} <= set(differences.columns)
        at = roster_page(Role.CLERK, "performance")
        assert any("处差异" in w.value for w in at.warning)
        assert any("差额正数为少记" in c.value for c in at.caption), "explained"
        shown = table_with(at, "差额（元）")
        assert {"编号", "姓名", "事项编号"} <= set(shown.columns)
        assert not {"代理员ID", "代理记录ID", "agent_id", "submission_id"} & set(shown.columns)
        assert shown["事项编号"].str.match(r"\d{6}-\d{4}-\d{6}").all()
        assert (shown["姓名"] != "").all()
    finally:
        with db.write() as s:
            s.get(BonusEntry, changed[0]).amount_yuan = changed[1]


def test_only_the_roles_core_policy_allows_are_offered_to_compute(console_env):
    assert ACTION_ROLES["bonus.compute"] == {Role.SUPERVISOR, Role.ADMIN}
    for role in sorted(PAGE_ROLES["roster"]):
        at = roster_page(role, "performance")
        offered = any(b.key == "rp_b_compute" for b in at.button)
        assert offered is (role in ACTION_ROLES["bonus.compute"]), role


def test_public_servants_list_shows_no_money(console_env):
    at = roster_page(Role.SUPERVISOR, "performance")
    appraisal = [
        d.value
        for d in at.dataframe
        if "成功代理（件）" in d.value.columns and "合计（元）" not in d.value.columns
    ]
    totals = table_with(at, "成功代理（件）", "合计（元）")  # the payment list keeps its yuan
    assert len(totals) > 0
    for frame in appraisal:
        assert not [c for c in frame.columns if "元" in c], frame.columns
    headings = [m.value for m in at.markdown]
    assert any("公职人员考核名单" in h for h in headings)


def test_the_ranking_never_shows_none(console_env):
    at = roster_page(Role.SUPERVISOR, "performance")
    ranking = table_with(at, "名次", "满意率")
    ranks = ranking["名次"].astype(str)
    assert not ranks.isin(["None", "nan", "<NA>", ""]).any(), set(ranks)
    assert ranks.str.fullmatch(r"\d+|未排名").all()


def _domains(spec):
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "scale" and isinstance(value, dict) and "domain" in value:
                yield value["domain"]
            else:
                yield from _domains(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _domains(value)


def _ranking_chart():
    import pandas as pd

    from console.views.roster.performance import _chart

    _chart(
        pd.DataFrame(
            {
                "ranked": [True, True, True],
                "code": ["JLP-0001", "JLP-0002", "JLP-0003"],
                "name": ["甲", "乙", "丙"],
                "satisfied": [6, 3, 1],
                "basically_satisfied": [0, 0, 1],
                "rated": [6, 3, 4],
                "originals": [6, 4, 5],
                "satisfaction_rate": [1.0, 1.0, 0.5],
            }
        )
    )


def test_the_satisfaction_axis_ends_at_100_percent():
    """The pinned small district ranks nobody (too few cases each): the chart is drawn from
    a ranking where every bar of the top agents is full."""
    at = AppTest.from_function(_ranking_chart, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert charts, "the satisfaction chart is shown"
    domains = [d for c in charts for d in _domains(c)]
    assert domains and all(max(d) <= 1 for d in domains), domains
    assert "130" not in json.dumps(charts)

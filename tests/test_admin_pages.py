"""The administration pages as an administrator uses them (streamlit.testing.v1.AppTest):
users, units and places; the temporary-password gate and the own-password form."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from core.access import may_open
from core.admin.users import set_temporary_password
from core.users import record_failed_sign_in
from core.vocab import OPEN_STATES, Role
from db.models import Matter, Unit, User
from db.session import Database
from tests.actors import ADMIN

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "console" / "app.py")
PAGES = {name: str(ROOT / "pages" / f"{name}.py") for name in ("users", "units", "places")}


@pytest.fixture
def admin_db(console_env, tmp_path, monkeypatch) -> Database:
    """A private copy of the demo district: these tests change it."""
    copy = tmp_path / "demo.db"
    shutil.copy(console_env.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_resource.clear()
    database = Database.connect(url)
    yield database
    database.dispose()


def signed_in(username: str, role: Role, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = username
    at.session_state["roles"] = [role.value]
    if page:
        at.switch_page(PAGES[page])
    at.run()
    assert not at.exception, at.exception
    return at


def admin_page(page: str) -> AppTest:
    at = signed_in("admin", Role.ADMIN, page)
    assert not at.error, [e.value for e in at.error]
    return at


def frame_with(at: AppTest, *columns: str):
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def _user(database: Database, username: str) -> User | None:
    with database.read() as s:
        user = s.scalar(select(User).where(User.username == username))
        if user is not None:
            s.expunge(user)
        return user


def test_the_pages_are_for_administrators_only():
    for page in PAGES:
        assert may_open(Role.ADMIN, page)
        assert not any(may_open(r, page) for r in Role if r is not Role.ADMIN)


def test_an_administrator_sees_every_account_in_chinese(admin_db):
    at = admin_page("users")
    assert at.title[0].value == "用户管理"
    users = frame_with(at, "用户名", "角色", "所属单位", "启用", "最近登录", "锁定至")
    assert {"admin", "clerk", "liaison", "liaison_pnr", "liaison_xjw"} <= set(users["用户名"])
    assert "承办单位联络员" in set(users["角色"]) and "unit_liaison" not in set(users["角色"])
    units = dict(zip(users["用户名"], users["所属单位"], strict=True))
    assert units["liaison_pnr"] == "区规划和自然资源局"
    assert units["liaison_xjw"] == "谢家湾街道办事处"


def test_create_a_liaison_by_unit_name(admin_db):
    at = admin_page("users")
    with admin_db.read() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "D-EEB"))
    at.text_input(key="us_new_username").input("eeb_liaison")
    at.text_input(key="us_new_name").input("生态环境局联络员")
    at.selectbox(key="us_new_role").set_value(Role.UNIT_LIAISON).run()
    unit_box = at.selectbox(key="us_new_unit")
    assert "区生态环境局" in unit_box.options  # chosen by name
    unit_box.set_value(unit_id)
    at.text_input(key="us_new_password").input("temporary-123")
    at.button(key="us_create").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("eeb_liaison" in s.value for s in at.success)
    user = _user(admin_db, "eeb_liaison")
    assert user.unit_id == unit_id and user.must_change_password
    history = frame_with(at, "修改人", "修改项", "原值", "新值")
    assert "区生态环境局" in set(history["新值"]) and "已设临时密码" in set(history["新值"])


def test_disable_and_enable_a_user(admin_db):
    at = admin_page("users")
    at.selectbox(key="us_pick").set_value("clerk").run()
    at.button(key="us_disable").click().run()
    assert not at.error, [e.value for e in at.error]
    assert not _user(admin_db, "clerk").is_active
    history = frame_with(at, "修改人", "修改项")
    assert history.iloc[0]["修改项"] == "启用" and history.iloc[0]["新值"] == "否"
    at.button(key="us_enable").click().run()
    assert _user(admin_db, "clerk").is_active


def test_unlock_a_locked_user(admin_db):
    for _ in range(5):
        with admin_db.write() as s:
            record_failed_sign_in(s, "supervisor")
    assert _user(admin_db, "supervisor").locked_until is not None
    at = admin_page("users")
    at.selectbox(key="us_pick").set_value("supervisor").run()
    assert not at.button(key="us_unlock").disabled
    at.button(key="us_unlock").click().run()
    assert not at.error, [e.value for e in at.error]
    assert _user(admin_db, "supervisor").locked_until is None


def test_the_last_administrator_keeps_the_role(admin_db):
    at = admin_page("users")
    at.selectbox(key="us_pick").set_value("admin").run()
    at.selectbox(key="us_role_admin").set_value(Role.CLERK).run()
    at.button(key="us_set_role").click().run()
    assert any("最后一个在用的系统管理员" in e.value for e in at.error)
    assert _user(admin_db, "admin").role is Role.ADMIN


def test_a_temporary_password_is_changed_before_anything_else(admin_db):
    with admin_db.write() as s:
        set_temporary_password(s, ADMIN, "clerk", "temporary-123")
    at = signed_in("clerk", Role.CLERK)
    assert [t.value for t in at.title] == ["请先修改密码"]
    at.text_input(key="pw_gate_old").input("temporary-123")
    at.text_input(key="pw_gate_new").input("clerk-own-secret")
    at.text_input(key="pw_gate_again").input("clerk-own-secret")
    at.button(key="pw_gate_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert not _user(admin_db, "clerk").must_change_password
    assert "请先修改密码" not in [t.value for t in at.title]


def test_every_user_changes_their_own_password_with_the_old_one(admin_db):
    at = signed_in("clerk", Role.CLERK)
    at.sidebar.text_input(key="pw_own_old").input("wrong-password")
    at.sidebar.text_input(key="pw_own_new").input("clerk-own-secret")
    at.sidebar.text_input(key="pw_own_again").input("clerk-own-secret")
    at.sidebar.button(key="pw_own_save").click().run()
    assert any(e.value == "原密码不正确" for e in at.error)


def test_a_unit_with_open_matters_is_not_deactivated(admin_db):
    with admin_db.read() as s:
        unit_id, code, name = s.execute(
            select(Unit.id, Unit.code, Unit.name).where(Unit.code == "D-PNR")
        ).one()
        count = s.scalar(
            select(func.count())
            .select_from(Matter)
            .where(Matter.unit_id == unit_id, Matter.state.in_(OPEN_STATES))
        )
    assert count > 0
    at = admin_page("units")
    assert at.title[0].value == "承办单位"
    units = frame_with(at, "编码", "名称", "层级", "启用", "未办结事项")
    assert "区级职能部门" in set(units["层级"])
    at.selectbox(key="un_pick").set_value(unit_id).run()
    liaisons = frame_with(at, "用户名", "姓名")
    assert "liaison_pnr" in set(liaisons["用户名"])
    at.button(key="un_deactivate").click().run()
    assert any(f"还有 {count} 件未办结事项" in e.value for e in at.error)
    with admin_db.read() as s:
        assert s.get(Unit, unit_id).is_active


def test_add_and_rename_a_unit(admin_db):
    at = admin_page("units")
    at.text_input(key="un_new_code").input("D-TAX")
    at.text_input(key="un_new_name").input("区税务局")
    at.button(key="un_add").click().run()
    assert not at.error, [e.value for e in at.error]
    with admin_db.read() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "D-TAX"))
    assert unit_id is not None
    at.selectbox(key="un_pick").set_value(unit_id).run()
    at.text_input(key=f"un_name_{unit_id}").input("九龙坡区税务局")
    at.button(key="un_rename").click().run()
    at.button(key="un_deactivate").click().run()  # no open matters: allowed
    assert not at.error, [e.value for e in at.error]
    with admin_db.read() as s:
        unit = s.get(Unit, unit_id)
        assert unit.name == "九龙坡区税务局" and not unit.is_active


def test_places_are_listed_searched_and_edited(admin_db):
    at = admin_page("places")
    assert at.title[0].value == "地点管理"
    at.text_input(key="pl_search").input("鹤兴路").run()
    clusters = frame_with(at, "编码", "名称", "户数", "人口", "纬度", "经度")
    assert 0 < len(clusters) and set(clusters["村（社区）"]) == {"鹤兴路社区"}
    picked = at.selectbox(key="pl_pick_cluster").value
    households = at.number_input(key=f"pl_households_cluster_{picked}")
    households.set_value(int(households.value) + 5)
    at.button(key="pl_save").click().run()
    assert not at.error, [e.value for e in at.error]
    history = frame_with(at, "修改人", "修改项")
    assert history.iloc[0]["修改项"] == "户数"
    assert any(b.key == "pl_check" for b in at.button), "the cluster upload is on the page"
    at.text_input(key="pl_search").input("")
    at.segmented_control(key="pl_kind").set_value("town").run()
    towns = frame_with(at, "编码", "名称", "类型")
    assert "谢家湾街道" in set(towns["名称"]) and set(towns["类型"]) <= {"街道", "镇"}


def test_the_routing_tab_shows_who_changed_which_route_when_old_and_new_unit(admin_db):
    from core.vocab import Topic
    from tests.test_intake_page import _open as open_intake

    with admin_db.read() as s:
        hurd = s.scalar(select(Unit.id).where(Unit.code == "D-HURD"))
    at = open_intake(Role.ADMIN, intake_tab="路由表")
    at.selectbox(key="rt_topic").set_value(Topic.LAND)
    at.selectbox(key="rt_town").set_value(None)
    at.selectbox(key="rt_unit").set_value(hurd)
    at.button(key="rt_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    history = frame_with(at, "修改时间", "修改人", "问题类别", "原承办单位", "新承办单位")
    latest = history.iloc[0]
    assert latest["修改人"] == "演示管理员" and latest["修改时间"], "the person's name (#14)"
    assert latest["原承办单位"] == "区规划和自然资源局"
    assert latest["新承办单位"] == "区住房城乡建委"

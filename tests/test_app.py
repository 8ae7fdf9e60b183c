"""The console as each role sees it (streamlit.testing.v1.AppTest)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from console.navigation import PAGES
from console.runtime import USER_KEY
from core.access import PAGE_ROLES, may_open
from core.users import UserView
from core.vocab import Role
from db.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "console" / "app.py")
USERNAME = {role: username for username, role, *_ in DEMO_ACCOUNTS}


def signed_in(role: Role) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = USERNAME[role]
    at.session_state["name"] = USERNAME[role]
    at.session_state["roles"] = [role.value]
    return at


def test_every_page_is_in_the_access_table():
    assert {spec.key for spec in PAGES} <= set(PAGE_ROLES)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_renders_every_page_in_its_navigation(console_env, role):
    at = signed_in(role)
    at.run()
    assert not at.exception, at.exception
    for spec in PAGES:
        if not may_open(role, spec.key):
            continue
        at.switch_page(str(spec.path))
        at.run()
        assert not at.exception, (spec.key, at.exception)
        assert not at.error, (spec.key, [e.value for e in at.error])


REFUSALS = [
    (spec, role)
    for spec in PAGES
    if not spec.public
    for role in [*Role, None]
    if role is None or not may_open(role, spec.key)
]


@pytest.mark.parametrize(
    "spec,role", REFUSALS, ids=[f"{s.key}-{r.value if r else 'signed-out'}" for s, r in REFUSALS]
)
def test_a_page_run_by_url_refuses_a_role_that_may_not_use_it(console_env, spec, role):
    """Defence in depth: even run directly, a page checks the role before rendering."""
    at = AppTest.from_file(str(spec.path), default_timeout=60)
    if role is not None:
        at.session_state[USER_KEY] = UserView(USERNAME[role], "x", role, None, None)
    at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["您的角色无权使用此页面。"]
    assert not at.dataframe and not at.metric and not at.text_input


def test_signed_out_deep_link_shows_the_sign_in_form(console_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(str(PAGES[0].path))
    at.run()
    assert not at.exception
    assert len(at.text_input) == 2  # username and password, nothing of the page
    assert not at.metric


def test_sign_in_through_the_form_and_demo_notice(console_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert any(DEMO_PASSWORD in i.value for i in at.info)
    at.text_input[0].input("clerk")
    at.text_input[1].input(DEMO_PASSWORD)
    at.button[0].click()
    at.run()
    assert not at.exception
    assert at.session_state["authentication_status"] is True
    assert at.metric, "the overview's figures are shown after signing in"


def test_five_wrong_passwords_lock_the_account(console_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for _ in range(5):
        at.text_input[0].input("trainer")
        at.text_input[1].input("wrong-password")
        at.button[0].click()
        at.run()
    assert any("锁定" in e.value for e in at.error)
    at.text_input[0].input("trainer")
    at.text_input[1].input(DEMO_PASSWORD)
    at.button[0].click()
    at.run()
    assert not at.session_state["authentication_status"], "locked even with the right password"


def test_language_switch_changes_the_interface(console_env):
    at = signed_in(Role.SUPERVISOR)
    at.run()
    assert at.title[0].value == "工作概览"
    at.session_state["ui_language"] = "en"
    at.run()
    assert at.title[0].value == "Overview"


def test_demo_banner_and_controls_for_trainers_only(console_env):
    trainer = signed_in(Role.TRAINER)
    trainer.run()
    assert any("演示" in w.value for w in trainer.warning)
    assert trainer.date_input(key="demo_today")
    clerk = signed_in(Role.CLERK)
    clerk.run()
    assert not any(d.key == "demo_today" for d in clerk.date_input)

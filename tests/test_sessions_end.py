"""Sessions end (issue 15): after the office's idle time, and at once when the account is
disabled or its password is changed elsewhere (AppTest against the small demo district)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core import sessions, settings
from core.admin.users import set_active, set_temporary_password
from core.users import UserView
from core.vocab import Role
from db.session import Database
from tests.actors import ADMIN

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "console" / "app.py")


@pytest.fixture
def office(console_env, tmp_path, monkeypatch) -> Database:
    copy = tmp_path / "demo.db"
    shutil.copy(console_env.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_resource.clear()
    database = Database.connect(url)
    yield database
    database.dispose()


def signed_in_clerk() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "clerk"
    at.session_state["name"] = "clerk"
    at.session_state["roles"] = [Role.CLERK.value]
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["console_user"].username == "clerk"
    return at


def _signed_out(at: AppTest, message: str) -> None:
    assert not at.exception, at.exception
    assert not at.session_state["authentication_status"]
    assert "console_user" not in at.session_state
    assert any(message in w.value for w in at.warning), [w.value for w in at.warning]
    assert len(at.text_input) == 2  # the sign-in form: username and password


def test_idle_time_ends_the_session(office):
    at = signed_in_clerk()
    at.session_state["console_last_activity"] -= 29 * 60  # within the default 30 minutes
    at.run()
    assert at.session_state["console_user"].username == "clerk"
    at.session_state["console_last_activity"] -= 31 * 60
    at.run()
    _signed_out(at, "30 分钟无操作")


def test_the_idle_time_is_an_office_setting(office):
    with office.write() as s:
        settings.change(s, sessions.IDLE_SETTING, 5, ADMIN, reason="shared terminals")
    at = signed_in_clerk()
    at.session_state["console_last_activity"] -= 6 * 60
    at.run()
    _signed_out(at, "5 分钟无操作")


def test_a_disabled_user_is_signed_out_on_the_next_rerun(office):
    at = signed_in_clerk()
    with office.write() as s:
        set_active(s, ADMIN, "clerk", False)
    at.run()
    _signed_out(at, "账号已被停用")


def test_a_password_changed_elsewhere_signs_out(office):
    at = signed_in_clerk()
    at.run()
    assert at.session_state["console_user"].username == "clerk"
    with office.write() as s:
        set_temporary_password(s, ADMIN, "clerk", "another-pass-1")
    at.run()
    _signed_out(at, "密码已在别处修改")


def test_end_reason_rules():
    user = UserView("clerk", "clerk", Role.CLERK, None, None)
    now = 10_000.0
    current = sessions.Account(user, "abc", 30)
    assert sessions.end_reason(now, now - 60, "abc", current) is None
    assert sessions.end_reason(now, now - 31 * 60, "abc", current) == sessions.IDLE
    assert sessions.end_reason(now, now, "old", current) == sessions.PASSWORD
    assert sessions.end_reason(now, now, "abc", sessions.Account(None, None, 30)) == "disabled"
    assert sessions.end_reason(now, None, None, current) is None  # first run after sign-in


def test_a_cookie_from_before_the_password_changed_signs_nobody_in(office):
    """A browser closed while signed in comes back with its re-auth cookie: refused when the
    password changed after the cookie was issued, accepted when it did not."""
    import time

    with office.write() as s:
        set_temporary_password(s, ADMIN, "clerk", "another-pass-1")
        changed = sessions.password_changed_at(s, "clerk")
    assert changed is not None
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "clerk"
    at.session_state["name"] = "clerk"
    at.session_state["roles"] = [Role.CLERK.value]
    at.session_state["console_cookie_issued"] = time.time() - 3600  # before the change
    at.run()
    _signed_out(at, "密码已在别处修改")

    assert sessions.stale_cookie(time.time() - 3600, changed)
    assert not sessions.stale_cookie(time.time() + 1, changed)
    assert not sessions.stale_cookie(time.time() - 3600, None)

"""Sign-in with streamlit-authenticator against the users table, with a database lockout.

The library gets a fresh credentials dict built from the database on every run (never a
YAML file), so password changes and locks take effect at once on every server.
"""

from __future__ import annotations

import copy

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities.exceptions import LoginError

from console import runtime
from console.i18n import t
from core import users
from core.config import require_cookie_key
from core.timeutil import show
from core.users import UserView

#: Session keys owned by streamlit-authenticator: never use them as widget keys.
AUTH_STATUS = "authentication_status"


def authenticator() -> tuple[stauth.Authenticate, dict]:
    config = runtime.config()
    with runtime.database().read() as session:
        credentials = users.credentials(session)
    handed_over = copy.deepcopy(credentials)
    return (
        stauth.Authenticate(
            handed_over,
            config.cookie_name,
            require_cookie_key(config),
            cookie_expiry_days=0.5,
            auto_hash=False,
        ),
        handed_over,
    )


def resolve_user() -> UserView | None:
    """The signed-in user, re-checked against the database on every run."""
    if not st.session_state.get(AUTH_STATUS):
        st.session_state.pop(runtime.USER_KEY, None)
        return None
    with runtime.database().read() as session:
        user = users.get_user(session, st.session_state.get("username") or "")
    if user is None:  # deactivated or removed since signing in
        st.session_state[AUTH_STATUS] = None
        st.session_state.pop(runtime.USER_KEY, None)
        return None
    st.session_state[runtime.USER_KEY] = user
    return user


def sign_in_form(auth: stauth.Authenticate, handed_over: dict) -> UserView | None:
    """Render the form; record failures and lockouts in the database."""
    fields = {
        "Form name": t("auth.form_title"),
        "Username": t("auth.username"),
        "Password": t("auth.password"),
        "Login": t("auth.sign_in"),
    }
    try:
        auth.login(location="main", fields=fields, key="sign_in_form")
    except LoginError:
        st.session_state[AUTH_STATUS] = False
    failed = [
        name
        for name, entry in handed_over["usernames"].items()
        if entry.get("failed_login_attempts", 0) > 0
    ]
    if st.session_state.get(AUTH_STATUS):
        with runtime.database().write() as session:
            users.record_successful_sign_in(session, st.session_state["username"])
        return resolve_user()
    if st.session_state.get(AUTH_STATUS) is False:
        locked = None
        with runtime.database().write() as session:
            for name in failed:
                locked = users.record_failed_sign_in(session, name) or locked
        if locked is not None:
            st.error(t("auth.locked", until=show(locked, "%H:%M")))
        else:
            st.error(t("auth.failed"))
    return None


def sign_out_button(auth: stauth.Authenticate) -> None:
    auth.logout(button_name=t("auth.sign_out"), location="sidebar", key="sign_out_button")


# --- passwords: a temporary one is changed first; anyone changes their own -------------


def _password_fields(prefix: str) -> tuple[str, str, str]:
    old = st.text_input(t("admin.password.old"), type="password", key=f"{prefix}_old")
    new = st.text_input(t("admin.password.new"), type="password", key=f"{prefix}_new")
    again = st.text_input(t("admin.password.again"), type="password", key=f"{prefix}_again")
    return old, new, again


def _change_password(user: UserView, old: str, new: str, again: str) -> bool:
    from console.forms import error_text
    from core.admin.users import change_own_password
    from core.errors import UserError

    if new != again:
        st.error(t("admin.password.mismatch"))
        return False
    try:
        with runtime.database().write() as session:
            change_own_password(session, user, old, new)
    except UserError as err:
        st.error(error_text(err))
        return False
    return True


def password_gate(user: UserView) -> bool:
    """A user signed in with a temporary password sees only this form until it is changed.
    True when the form was shown (the caller renders nothing else)."""
    if not user.must_change_password:
        return False
    st.title(t("admin.password.required_title"))
    st.info(t("admin.password.required"))
    old, new, again = _password_fields("pw_gate")
    if st.button(t("admin.password.change"), key="pw_gate_save", type="primary"):
        if _change_password(user, old, new, again):
            for key in ("pw_gate_old", "pw_gate_new", "pw_gate_again"):
                st.session_state.pop(key, None)
            st.rerun()
    return True


def own_password(user: UserView) -> None:
    """The sidebar's "change my password" (with the old one), for every signed-in user."""
    with st.sidebar.expander(t("admin.password.own"), icon=":material/key:"):
        old, new, again = _password_fields("pw_own")
        if st.button(t("admin.password.change"), key="pw_own_save"):
            if _change_password(user, old, new, again):
                for key in ("pw_own_old", "pw_own_new", "pw_own_again"):
                    st.session_state.pop(key, None)
                st.success(t("admin.password.changed"))

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
            cookie_expiry_days=COOKIE_EXPIRY_DAYS,
            auto_hash=False,
        ),
        handed_over,
    )


#: Session keys of the session-end check (core.sessions): the password fingerprint seen at
#: sign-in, the last rerun's time (seconds), and why the last session ended (for the form).
FINGERPRINT_KEY = "console_pw_print"
ACTIVITY_KEY = "console_last_activity"
ENDED_KEY = "console_ended"
#: When the re-authentication cookie that signed this browser in was issued (seconds).
COOKIE_ISSUED_KEY = "console_cookie_issued"
COOKIE_EXPIRY_DAYS = 0.5


def resolve_user() -> UserView | None:
    """The signed-in user, re-checked against the database on every run: a disabled account,
    a password changed elsewhere or `session.idle_minutes` without activity end the session
    (the sign-in form then says why and the re-auth cookie is deleted)."""
    import time

    from core import sessions

    if not st.session_state.get(AUTH_STATUS):
        st.session_state.pop(runtime.USER_KEY, None)
        return None
    username = st.session_state.get("username") or ""
    issued = st.session_state.pop(COOKIE_ISSUED_KEY, None)
    with runtime.database().read() as session:
        account = sessions.account(session, username)
        changed = sessions.password_changed_at(session, username) if issued else None
    now = time.time()
    reason = sessions.end_reason(
        now,
        st.session_state.get(ACTIVITY_KEY),
        st.session_state.get(FINGERPRINT_KEY),
        account,
    )
    if reason is None and issued is not None and sessions.stale_cookie(issued, changed):
        reason = sessions.PASSWORD  # a cookie from before the password changed
    if reason is not None:
        _end_session(reason, account.idle_minutes)
        return None
    st.session_state.setdefault(FINGERPRINT_KEY, account.fingerprint)
    st.session_state[ACTIVITY_KEY] = now
    st.session_state[runtime.USER_KEY] = account.user
    return account.user


def _end_session(reason: str, idle_minutes: int) -> None:
    """Sign this browser out as the library's logout does; the cookie goes at the form."""
    for key in ("name", "username", "email", "roles"):
        st.session_state[key] = None
    st.session_state[AUTH_STATUS] = None
    st.session_state["logout"] = True  # the library then ignores its re-auth cookie
    for key in (runtime.USER_KEY, FINGERPRINT_KEY, ACTIVITY_KEY):
        st.session_state.pop(key, None)
    st.session_state[ENDED_KEY] = (reason, idle_minutes)


def sign_in_form(auth: stauth.Authenticate, handed_over: dict) -> UserView | None:
    """Render the form; record failures and lockouts in the database."""
    fields = {
        "Form name": t("auth.form_title"),
        "Username": t("auth.username"),
        "Password": t("auth.password"),
        "Login": t("auth.sign_in"),
    }
    ended = st.session_state.get(ENDED_KEY)
    if ended is not None:
        reason, minutes = ended
        st.warning(t(f"auth.ended.{reason}", minutes=minutes), icon=":material/logout:")
        auth.cookie_controller.delete_cookie()
    token = _cookie_token(auth)  # the library signs in by a valid cookie before the form
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
        if token is not None and token.get("username") == st.session_state.get("username"):
            # signed in by the cookie: resolve_user refuses one older than the password
            st.session_state[COOKIE_ISSUED_KEY] = token["exp_date"] - COOKIE_EXPIRY_DAYS * 86400
        with runtime.database().write() as session:
            users.record_successful_sign_in(session, st.session_state["username"])
        st.session_state.pop(ENDED_KEY, None)
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


def _cookie_token(auth: stauth.Authenticate) -> dict | None:
    """The browser's valid re-authentication cookie (username, exp_date), if any."""
    if st.session_state.get(AUTH_STATUS):
        return None
    try:
        token = auth.cookie_controller.get_cookie()
    except Exception:  # noqa: BLE001 - no cookie component (tests, a first render)
        return None
    return token if isinstance(token, dict) and "exp_date" in token else None


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
    _keep_session_after_own_change(user)
    return True


def _keep_session_after_own_change(user: UserView) -> None:
    """One's own new password ends one's other sessions, not this one."""
    from core import sessions

    with runtime.database().read() as session:
        st.session_state[FINGERPRINT_KEY] = sessions.account(session, user.username).fingerprint


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

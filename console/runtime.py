"""The running console's shared state: configuration, the database, the signed-in user.

Only the engine is cached (`st.cache_resource`); sessions are opened per action.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from core.access import may_open
from core.config import AppConfig, require_cookie_key, require_lookup_key
from core.startup import migrate_and_prepare
from core.users import UserView
from db.session import Database

USER_KEY = "console_user"


@st.cache_resource(show_spinner=False)
def _connect(config: AppConfig) -> Database:
    database = Database.connect(config.database_url)
    migrate_and_prepare(database, config)
    return database


def config() -> AppConfig:
    """The settings; the app serves pages, so the sign-in cookie key and (in production) the
    query codes' key are required here."""
    settings = AppConfig.from_env()
    require_cookie_key(settings)
    require_lookup_key(settings)
    return settings


def database() -> Database:
    return _connect(config())


def current_user() -> UserView | None:
    return st.session_state.get(USER_KEY)


def office_today() -> dt.date:
    """Today for every clock and colour: the simulated day in demo mode, else the real one."""
    from core.today import today

    with database().read() as session:
        return today(session)


def require_page(page_key: str) -> UserView:
    """First line of every page: refuse to render for a role that may not use it."""
    from console.i18n import t

    user = current_user()
    if user is None or not may_open(user.role, page_key):
        st.error(t("shell.page_forbidden"))
        st.stop()
    return user

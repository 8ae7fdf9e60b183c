"""Tab "新增代理员": register a new agent (a trainee until training is passed)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import t
from console.views.roster import agent_form
from console.views.roster.common import KEEP
from console.views.roster.listing import AGENT_KEY
from core.agents.roster import add_agent
from core.errors import UserError, ValidationErrors
from core.users import UserView

PREFIX = KEEP + "new_"
ADDED = "rp_new_added"  # the code just registered, shown once after the form is cleared


def render(user: UserView, places: pd.DataFrame, today: dt.date) -> None:
    st.caption(t("roster_page.add_intro"))
    added = st.session_state.pop(ADDED, None)
    if added:
        st.success(t("roster_page.added", code=added))
    result = agent_form.agent_form(
        "rp_add_form",
        PREFIX,
        agent_form.initial_values(None, today),
        places,
        today,
        t("roster_page.form.add"),
    )
    if not result.submitted:
        return
    try:
        with runtime.database().write() as session:
            agent_id = add_agent(session, result.data, user)
    except (UserError, ValidationErrors) as exc:
        result.slots.show(exc)
        return
    agent_form.clear(PREFIX)
    st.session_state[ADDED] = result.data.code.strip()
    st.session_state[AGENT_KEY] = agent_id
    st.rerun()

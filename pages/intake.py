"""Intake & triage: register submissions, catch repeats, decide one of the seven outcomes."""

import streamlit as st

from console import runtime
from console.i18n import t
from console.views.intake import register, routing, triage
from core.access import may

user = runtime.require_page("intake")
today = runtime.office_today()

st.title(t("intake.title"))
st.caption(t("intake.as_of", today=today.isoformat()))
tabs = [t("intake.tab.register"), t("intake.tab.triage")]
if may(user.role, "intake.routing"):
    tabs.append(t("intake.tab.routing"))
panes = st.tabs(tabs)
with panes[0]:
    register.render(user, today)
with panes[1]:
    triage.render(user, today)
if len(panes) > 2:
    with panes[2]:
        routing.render(user)

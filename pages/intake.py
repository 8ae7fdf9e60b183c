"""Intake & triage: register submissions, catch repeats, decide one of the seven outcomes."""

import streamlit as st

from console import runtime
from console.i18n import t
from console.views.intake import register, routing, templates, triage
from core.access import may

user = runtime.require_page("intake")
today = runtime.office_today()

st.title(t("intake.title"))
st.caption(t("intake.as_of", today=today.isoformat()))
tabs = [t("intake.tab.register"), t("intake.tab.triage")]
admin_tabs = [
    (t("intake.tab.routing"), lambda: routing.render(user), "intake.routing"),
    (t("intake.tab.templates"), templates.render, "intake.templates"),
]
admin_tabs = [(title, body) for title, body, action in admin_tabs if may(user.role, action)]
panes = st.tabs(tabs + [title for title, _body in admin_tabs])
with panes[0]:
    register.render(user, today)
with panes[1]:
    triage.render(user, today)
for pane, (_title, body) in zip(panes[2:], admin_tabs, strict=True):
    with pane:
        body()

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
bodies = [
    (t("intake.tab.register"), lambda: register.render(user, today), None),
    (t("intake.tab.triage"), lambda: triage.render(user, today), None),
    (t("intake.tab.routing"), lambda: routing.render(user), "intake.routing"),
    (t("intake.tab.templates"), templates.render, "intake.templates"),
]
bodies = [(title, body) for title, body, action in bodies if action is None or may(user, action)]
# Only the open tab runs (the queue and routing tables are not rebuilt on every keystroke),
# except the register form, which always runs: its typed values must survive a tab switch.
panes = st.tabs([title for title, _body in bodies], key="intake_tab", on_change="rerun")
for i, (pane, (_title, body)) in enumerate(zip(panes, bodies, strict=True)):
    if i == 0 or pane.open:
        with pane:
            body()

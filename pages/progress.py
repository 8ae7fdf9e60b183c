"""Public progress lookup: case number + query code, no sign-in, no personal data."""

import time

import streamlit as st

from console import runtime
from console.i18n import label, t
from core.cases.progress import client_from_request, lookup
from core.timeutil import now_utc

st.title(t("progress.title"))
st.caption(t("progress.intro"))
case_number = st.text_input(
    t("progress.case_number"), key="pg_case", placeholder="500107-2026-000123"
)
query_code = st.text_input(t("progress.query_code"), key="pg_code", type="password")
if st.button(t("progress.look_up"), type="primary", key="pg_go"):
    client = client_from_request(
        st.context.headers or {}, st.context.ip_address, runtime.config().trusted_proxy
    )
    with runtime.database().write() as session:  # failed attempts are recorded
        result = lookup(session, case_number, query_code, now_utc(), client)
    if result.delay_seconds > 0:  # many failures lately: every answer comes later
        with st.spinner(t("progress.busy")):
            time.sleep(result.delay_seconds)
    if result.retry_after_seconds > 0:
        st.warning(t("progress.wait", seconds=result.retry_after_seconds))
    elif result.view is None:
        st.error(t("progress.not_found"))
    else:
        view = result.view
        st.subheader(f"{view.case_number} · {label(view.stage)}")
        steps = [
            ("progress.received_on", view.received_on),
            ("progress.accepted_on", view.accepted_on),
            ("progress.assigned_on", view.assigned_on),
            ("progress.replied_on", view.replied_on),
            ("progress.delivered_on", view.delivered_on),
            ("progress.closed_on", view.closed_on),
        ]
        st.table(
            {
                t("progress.step"): [t(k) for k, d in steps if d],
                t("progress.date"): [d.isoformat() for _k, d in steps if d],
            }
        )
        if view.handling_unit:
            st.markdown(f"**{t('progress.handling_unit')}**：{view.handling_unit}")
        if view.redirect_to:
            st.info(f"{t('progress.redirect_to')}：{view.redirect_to}")
        if view.reply_text:
            st.markdown(f"**{t('progress.reply')}**")
            st.write(view.reply_text)

"""Assignment queue (交办队列): the daily work after triage. Accepted and assigned matters
move through handling → reply → delivery → rating → archive. Bodies live in
`console/views/queue/`; this file checks access, finds the opened matter and lays out."""

import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import t
from console.views.queue import actions, detail, replies, table
from console.views.queue.common import LOOKUP, forget_opened, opened, page, show_flash
from core.cases.find import matter_id_by_case
from core.deadlines.lists import notice_board
from core.errors import UserError
from core.policy import scope_unit

user = runtime.require_page("queue")
today = runtime.office_today()
own_unit = scope_unit(user)  # a liaison's queue is its own unit's (core.policy)

st.title(t("queue.title"))
st.caption(t("queue.as_of", today=today.isoformat()))
if own_unit is not None:
    st.info(t("queue.unit_scope"))
    with runtime.database().read() as session:
        notices = len(notice_board(session, today, unit_id=own_unit))
    if notices:  # the deadlines page is where a unit answers its supervision notices
        st.page_link(
            page("deadlines"),
            label=t("queue.notices_open", n=notices),
            icon=":material/assignment_late:",
        )
show_flash()

table.render(user, today)

case = (st.session_state.get(LOOKUP) or "").strip()
if case:
    with runtime.database().read() as session:
        matter_id = matter_id_by_case(session, case)
    if matter_id is None:
        # a liaison gets the same answer for a number that exists elsewhere (BRIEF §10)
        st.warning(
            t("error.matter_forbidden")
            if own_unit is not None
            else t("queue.unknown_case", case=case)
        )
    else:
        try:
            record = opened(matter_id, user)
        except UserError as err:
            st.error(error_text(err))
        else:
            st.divider()
            left, right = st.columns([3, 2], gap="large")
            with left:
                detail.record(record)
                actions.render(record, user, today)
            with right:
                detail.timeline(record)
                if st.button(t("queue.refresh"), key="qu_refresh", icon=":material/refresh:"):
                    forget_opened()
                    st.rerun()
else:
    st.caption(t("queue.pick_hint"))

replies.render_admin(user)  # reply templates: administrators only

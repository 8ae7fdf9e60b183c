"""Tab "督办单": open supervision notices with their own clock colours, the unit's answer,
and the notices already answered."""

from __future__ import annotations

import streamlit as st

from console import runtime
from console.i18n import t
from console.views.deadlines.common import Context, flash, forget, show_error, table
from core.deadlines.lists import notice_board
from core.deadlines.supervision import record_supervision_answer
from core.errors import UserError, ValidationErrors
from core.policy import may_answer_notice

ANSWERED_SHOWN = 50
OPEN_COLUMNS = [
    "notice_id",
    "case_number",
    "unit_name",
    "due_on",
    "days_left",
    "colour",
    "issued_at",
    "issued_by",
    "text",
]
ANSWERED_COLUMNS = [
    "notice_id",
    "case_number",
    "unit_name",
    "due_on",
    "answered_at",
    "clock_state_text",
    "answer",
    "issued_at",
    "text",
]


def render(ctx: Context) -> None:
    with runtime.database().read() as session:
        open_notices = notice_board(session, ctx.today, unit_id=ctx.unit_scope)
        answered = notice_board(session, ctx.today, unit_id=ctx.unit_scope, answered=True)
    st.subheader(t("deadlines.notices.open", n=len(open_notices)))
    if open_notices.empty:
        st.caption(t("deadlines.notices.none_open"))
    else:
        table(open_notices, OPEN_COLUMNS, "dl_notices_tbl", t("deadlines.file.notices"))
        answerable = open_notices[
            [
                may_answer_notice(
                    ctx.user,
                    row,
                    {"state": row["matter_state"], "accused_unit_id": row["accused_unit_id"]},
                )
                for _, row in open_notices.iterrows()
            ]
        ]
        if not answerable.empty:  # core decides which notices this user may answer
            _answer_form(ctx, answerable)
    st.subheader(t("deadlines.notices.answered"))
    if answered.empty:
        st.caption(t("deadlines.notices.none_answered"))
        return
    answered = answered.head(ANSWERED_SHOWN)
    answered = answered.assign(
        clock_state_text=answered["clock_state"].map(
            lambda s: t(f"deadlines.notices.state.{s}") if isinstance(s, str) else ""
        )
    )
    table(answered, ANSWERED_COLUMNS, "dl_answered_tbl", t("deadlines.file.answered"))


def _answer_form(ctx: Context, notices) -> None:
    rows = {int(r["notice_id"]): r for _, r in notices.iterrows()}
    with st.container(border=True):
        st.markdown(f"**{t('deadlines.notices.answer_title')}**")
        notice_id = st.selectbox(
            t("deadlines.notices.pick"),
            list(rows),
            key="dl_ans_notice",
            format_func=lambda nid: t(
                "deadlines.notices.option",
                number=nid,
                case=rows[nid]["case_number"],
                unit=rows[nid]["unit_name"],
                due=rows[nid]["due_on"].isoformat(),
            ),
            placeholder=t("common.choose"),
        )
        answer = st.text_area(
            t("deadlines.notices.answer"),
            key=f"dl_ans_text_{notice_id}",
            height=90,
            placeholder=t("deadlines.notices.answer_placeholder"),
        )
        if st.button(t("deadlines.notices.record"), key="dl_ans_go", icon=":material/reply:"):
            try:
                with runtime.database().write() as session:
                    record_supervision_answer(session, notice_id, answer, ctx.user, ctx.today)
            except (UserError, ValidationErrors) as err:
                show_error(err)
                return
            forget("dl_ans_")
            flash(
                t(
                    "deadlines.notices.recorded",
                    number=notice_id,
                    case=rows[notice_id]["case_number"],
                )
            )
            st.rerun()

"""One matter of the queue: its record and timeline, and the next step the role may take."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from console import runtime
from console.forms import FieldSlots, error_text, forget_version, seen_version
from console.i18n import label, t
from core.access import may
from core.errors import ConcurrentEditError, UserError, ValidationErrors
from core.matter_detail import matter_detail
from core.timeutil import show
from core.today import moment_on
from core.users import UserView
from core.vocab import MatterState, Rating
from core.workflow import (
    apply_transition,
    close,
    record_delivery,
    record_rating,
    record_reply,
    withdraw,
)

FLASH = "qu_flash"


def render(row: pd.Series, user: UserView, today: dt.date) -> None:
    if message := st.session_state.pop(FLASH, None):
        st.success(message)
    matter_id = int(row["matter_id"])
    record = f"matter_{matter_id}"
    version = seen_version(record, int(row["version"]))
    try:
        with runtime.database().write() as session:  # a liaison's read is itself logged
            detail = matter_detail(session, matter_id, user)
    except UserError as err:
        st.error(error_text(err))
        return
    matter = detail.matter
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{matter['case_number']}** · {label(MatterState(matter['state']))}"
                    f" · {detail.unit_name or ''}")
        st.write(matter["summary"])
        if matter["reply_text"]:
            st.caption(t("queue.reply_given", text=matter["reply_text"]))
        _step(matter, matter_id, version, user, today, record)
    with right:
        st.markdown(f"**{t('queue.timeline')}**")
        timeline = detail.timeline
        st.dataframe(
            pd.DataFrame({
                t("queue.col.when"): timeline["occurred_at"].map(
                    lambda v: show(pd.Timestamp(v).to_pydatetime())
                ),
                t("queue.col.what"): timeline["kind"].map(lambda k: t(f"event.{k}")),
                t("queue.col.who"): timeline["actor"],
            }),
            hide_index=True, width="stretch",
        )


def _step(
    matter: dict, matter_id: int, version: int, user: UserView, today: dt.date, record: str
) -> None:
    """The actions this state allows and this role may take, each asking only what it needs."""
    state = MatterState(matter["state"])
    slots = FieldSlots()
    when = moment_on(today)
    role = user.role
    may_reply = may(role, "queue.record_reply")
    if state in (MatterState.ACCEPTED, MatterState.ASSIGNED, MatterState.IN_HANDLING) and may_reply:
        start = state is MatterState.ASSIGNED
        if start and st.button(t("queue.start"), key=f"qu_start_{matter_id}"):
            _apply(lambda s: apply_transition(s, matter_id, version, MatterState.IN_HANDLING,
                                              user.username, occurred_at=when),
                   slots, t("queue.started"), record)
        reply = st.text_area(t("queue.reply_text"), key=f"qu_reply_{matter_id}")
        slots.add("reply_text")
        if st.button(t("queue.record_reply"), type="primary", key=f"qu_do_reply_{matter_id}"):
            _apply(lambda s: record_reply(s, matter_id, version, reply, user.username,
                                          occurred_at=when), slots, t("queue.replied"), record)
    elif state is MatterState.REPLIED and may(role, "queue.record_delivery"):
        if st.button(t("queue.record_delivery"), type="primary", key=f"qu_deliver_{matter_id}"):
            _apply(lambda s: record_delivery(s, matter_id, version, user.username,
                                             occurred_at=when), slots, t("queue.delivered"), record)
    elif state is MatterState.DELIVERED and may(role, "queue.record_rating"):
        unit_rating = st.radio(t("queue.unit_rating"), list(Rating), format_func=label,
                               key=f"qu_unit_rating_{matter_id}", horizontal=True)
        agent_rating = None
        if matter["agent_proxied"]:
            agent_rating = st.radio(t("queue.agent_rating"), list(Rating), format_func=label,
                                    key=f"qu_agent_rating_{matter_id}", horizontal=True)
            slots.add("agent_rating")
        ceased = st.checkbox(t("queue.ceased"), key=f"qu_ceased_{matter_id}")
        if st.button(t("queue.record_rating"), type="primary", key=f"qu_rate_{matter_id}"):
            _apply(lambda s: record_rating(s, matter_id, version, user.username,
                                           unit_rating=unit_rating, agent_rating=agent_rating,
                                           ceased=ceased, occurred_at=when),
                   slots, t("queue.rated"), record)
    elif state is MatterState.RATED and may(role, "queue.close"):
        if st.button(t("queue.close"), type="primary", key=f"qu_close_{matter_id}"):
            _apply(lambda s: close(s, matter_id, version, user.username, occurred_at=when),
                   slots, t("queue.closed"), record)
    else:
        st.caption(t("queue.nothing_for_role"))
    if state is not MatterState.RATED and may(role, "queue.withdraw"):
        with st.expander(t("queue.withdraw")):
            reason = st.text_input(t("queue.withdraw_reason"), key=f"qu_wd_reason_{matter_id}")
            slots.add("reason")
            if st.button(t("queue.withdraw_confirm"), key=f"qu_wd_{matter_id}"):
                _apply(lambda s: withdraw(s, matter_id, version, user.username, reason,
                                          occurred_at=when), slots, t("queue.withdrawn"), record)


def _apply(change, slots: FieldSlots, done: str, record: str) -> None:
    try:
        with runtime.database().write() as session:
            change(session)
    except ConcurrentEditError as err:
        forget_version(record)  # the next look shows the record as it now stands
        st.error(error_text(err))
        return
    except (ValidationErrors, UserError) as err:
        slots.show(err)
        return
    forget_version(record)
    st.session_state[FLASH] = done
    st.rerun()

"""Tab "培训": sessions, attendance with pass/fail, and who still waits for training."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from console import runtime
from console.forms import FieldSlots
from console.i18n import t
from console.views.roster.common import KEEP, default, labelled, table
from core.access import may
from core.agents.training import (
    attendance,
    create_session,
    list_sessions,
    record_attendance,
    waiting_for_training,
)
from core.errors import UserError, ValidationErrors
from core.users import UserView
from core.vocab import AgentCategory, AgentStatus

T = KEEP + "t_"
SESSIONS = ["held_on", "title", "trainer", "attended", "passed"]
ATTENDANCE = ["code", "name", "status", "passed"]
WAITING = ["code", "name", "category", "town", "village", "phone", "joined_on"]


def _create(user: UserView, today: dt.date) -> None:
    slots = FieldSlots()
    with st.form("rp_t_create"):
        st.markdown(f"**{t('roster_page.training.create')}**")
        cols = st.columns([1, 2, 1])
        with cols[0]:
            held_on = st.date_input(
                t("roster_page.training.held_on"), key=default(T + "held_on", today)
            )
            slots.add("held_on")
        with cols[1]:
            title = st.text_input(t("roster_page.training.title"), key=default(T + "title", ""))
            slots.add("title")
        with cols[2]:
            trainer = st.text_input(
                t("roster_page.training.trainer"),
                key=default(T + "trainer", user.display_name),
            )
            slots.add("trainer")
        submitted = st.form_submit_button(t("roster_page.training.create_button"))
    if not submitted:
        return
    try:
        with runtime.database().write() as session:
            session_id = create_session(session, held_on, title, trainer, user)
    except (UserError, ValidationErrors) as exc:
        slots.show(exc)
        return
    st.session_state.pop(T + "title", None)
    st.session_state[T + "session"] = session_id
    st.toast(t("roster_page.training.created"))
    st.rerun()


def _record(user: UserView, session_id: int, waiting) -> None:
    names = {int(r.id): f"{r.code} {r.name}（{r.village}）" for r in waiting.itertuples()}
    slots = FieldSlots()
    with st.form("rp_t_record"):
        st.markdown(f"**{t('roster_page.training.record')}**")
        chosen = st.multiselect(
            t("roster_page.training.agents"),
            list(names),
            key=default(T + "agents", []),
            format_func=lambda i: names.get(i, str(i)),
            placeholder=t("common.choose_many"),
        )
        slots.add("agents")
        passed = st.checkbox(t("roster_page.training.passed"), key=default(T + "passed", True))
        activate = st.checkbox(
            t("roster_page.training.activate"), key=default(T + "activate", True)
        )
        slots.add("held_on")
        submitted = st.form_submit_button(t("roster_page.training.record_button"))
    if not submitted:
        return
    if not chosen:
        slots.slots["agents"].error(t("roster_page.training.pick_agents"))
        return
    try:
        with runtime.database().write() as session:
            result = record_attendance(
                session,
                session_id,
                {int(a): bool(passed) for a in chosen},
                user,
                activate_passed=bool(activate),
            )
    except (UserError, ValidationErrors) as exc:
        slots.show(exc)
        return
    st.session_state.pop(T + "agents", None)
    st.session_state["rp_t_recorded"] = (result.recorded, len(result.activated))
    st.rerun()


def render(user: UserView, today: dt.date) -> None:
    can_record = may(user, "roster.training")
    if not can_record:
        st.caption(t("roster_page.training.readonly"))
    recorded = st.session_state.pop("rp_t_recorded", None)
    if recorded:
        st.success(t("roster_page.training.recorded", n=recorded[0], activated=recorded[1]))
    with runtime.database().read() as session:
        sessions = list_sessions(session)
        waiting = waiting_for_training(session)
    st.subheader(t("roster_page.training.sessions"))
    if can_record:
        _create(user, today)
    if sessions.empty:
        st.info(t("roster_page.training.no_sessions"))
    else:
        table(sessions, SESSIONS, "rp_t_sessions", "培训班.xlsx")
        titles = {int(r.id): f"{r.held_on} {r.title}（{r.trainer}）" for r in sessions.itertuples()}
        if st.session_state.get(T + "session") not in titles:
            st.session_state[T + "session"] = next(iter(titles))
        session_id = st.selectbox(
            t("roster_page.training.session"),
            list(titles),
            key=T + "session",
            format_func=lambda i: titles.get(i, str(i)),
            placeholder=t("common.choose"),
        )
        with runtime.database().read() as session:
            present = attendance(session, session_id)
        st.markdown(f"**{t('roster_page.training.attendance')}**")
        if present.empty:
            st.caption(t("roster_page.none"))
        else:
            table(labelled(present, {"status": AgentStatus}), ATTENDANCE, "rp_t_attendance")
        if can_record:
            _record(user, session_id, waiting)
    st.subheader(t("roster_page.training.waiting", n=len(waiting)))
    if waiting.empty:
        st.caption(t("roster_page.none"))
    else:
        table(
            labelled(waiting, {"category": AgentCategory}),
            WAITING,
            "rp_t_waiting",
            "待培训代理员.xlsx",
        )

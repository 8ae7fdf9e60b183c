"""The sidebar every signed-in page shares: who, language, sign-out and the demo controls."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from console import runtime
from console.i18n import LANGUAGE_KEY, LANGUAGES, label, t
from console.widgets import progress_reporter
from core.access import may
from core.errors import UserError
from core.users import UserView


def language_switch() -> None:
    st.session_state.setdefault(LANGUAGE_KEY, "zh")
    st.sidebar.segmented_control(
        t("shell.language"),
        LANGUAGES,
        key=LANGUAGE_KEY,
        format_func=lambda code: {"zh": "中文", "en": "English"}[code],
    )


def demo_banner() -> None:
    if runtime.config().demo_mode:
        st.warning(
            t("shell.demo_banner", today=runtime.office_today().isoformat()),
            icon=":material/science:",
        )


def user_panel(user: UserView) -> None:
    st.sidebar.markdown(f"**{user.display_name}** · {label(user.role)}")


def demo_controls(user: UserView) -> None:
    """Trainers move the simulated today and reset the demo district (demo mode only)."""
    if not runtime.config().demo_mode or not may(user, "demo.move_today"):
        return
    from console.views import demo
    from core.timeutil import local_date, now_utc
    from core.today import set_simulated_today

    with st.sidebar.expander(t("shell.demo_controls"), icon=":material/science:"):
        today = runtime.office_today()
        new_day = st.date_input(
            t("shell.simulated_today"), value=today, min_value=today, key="demo_today"
        )
        st.caption(t("demo.backwards_hint"))
        cols = st.columns(2)
        if cols[0].button(t("shell.apply_today"), key="demo_today_apply") and new_day != today:
            if demo.move_today(new_day, user):  # the district lives the days in between
                st.rerun()
        if cols[1].button(t("shell.real_today"), key="demo_today_clear"):
            real = local_date(now_utc())
            if real == today or demo.move_today(real, user):
                _set_today(set_simulated_today, None, user)
        if st.session_state.get("demo_advanced"):
            st.success(st.session_state.pop("demo_advanced"))
        st.divider()
        demo.stories(user)
        if may(user, "demo.reset"):
            _reset_control(user)
    demo.script()


def _set_today(setter, day: dt.date | None, user: UserView) -> None:
    try:
        with runtime.database().write() as session:
            setter(session, day, user, demo_mode=runtime.config().demo_mode)
    except UserError as err:
        st.error(t(err.key, **err.params))
        return
    st.rerun()


def _reset_control(user: UserView) -> None:
    from core.startup import seed_demo_district

    st.divider()
    confirm = st.checkbox(t("shell.reset_confirm"), key="demo_reset_confirm")
    if st.button(t("shell.reset"), key="demo_reset", disabled=not confirm, type="primary"):
        bar = st.progress(0.0, text=t("shell.resetting"))
        try:
            seed_demo_district(
                runtime.database(), runtime.config(), reset=True, progress=progress_reporter(bar)
            )
        except UserError as err:
            st.error(t(err.key, **err.params))
            return
        st.cache_data.clear()
        st.session_state["demo_reset_confirm"] = False
        st.toast(t("shell.reset_done"))


def render(user: UserView, sign_out) -> None:
    from console.auth import own_password

    user_panel(user)
    sign_out()
    own_password(user)
    demo_controls(user)
    demo_banner()

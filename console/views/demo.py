"""The trainer's demo panels: moving today on with the district, the founding stories one
click away, and the trainer's script (demo mode, trainers and administrators)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import label, t
from core.errors import UserError
from core.users import UserView
from core.vocab import Role
from db.demo import DEMO_PASSWORD
from db.demo.advance import StoryCase, advance_demo, story_cases

#: The trainer's script: (story, step, demo account, its role, page key or "sidebar").
SCRIPT: tuple[tuple[str, int, str, Role, str], ...] = (
    ("yuan", 1, "clerk", Role.CLERK, "queue"),
    ("yuan", 2, "trainer", Role.TRAINER, "sidebar"),
    ("yuan", 3, "supervisor", Role.SUPERVISOR, "deadlines"),
    ("yuan", 4, "liaison_pnr", Role.UNIT_LIAISON, "deadlines"),
    ("yuan", 5, "clerk", Role.CLERK, "queue"),
    ("lin", 1, "clerk", Role.CLERK, "queue"),
    ("lin", 2, "clerk", Role.CLERK, "queue"),
    ("lin", 3, "liaison_xjw", Role.UNIT_LIAISON, "queue"),
    ("lin", 4, "supervisor", Role.SUPERVISOR, "roster"),
)


def move_today(new_day: dt.date, user: UserView) -> bool:
    """Move the simulated today on, the district living each day, with a progress bar."""
    bar = st.progress(0.0, text=t("demo.advance_progress", day="", done=0, total=0))
    start = runtime.office_today()
    total = max((new_day - start).days, 1)

    def report(fraction: float, day: str) -> None:
        done = round(fraction * total)
        text = t("demo.advance_progress", day=day, done=done, total=total)
        bar.progress(min(max(fraction, 0.0), 1.0), text=text)

    try:
        result = advance_demo(
            runtime.database(),
            new_day,
            user,
            demo_mode=runtime.config().demo_mode,
            progress=report,
        )
    except UserError as err:
        bar.empty()
        st.error(error_text(err))
        return False
    steps = result.steps
    st.session_state["demo_advanced"] = t(
        "demo.advanced",
        day=result.to_day.isoformat(),
        waiting=result.waiting,
        **{k: steps.get(k, 0) for k in ("registered", "triaged", "replied", "delivered")},
        **{k: steps.get(k, 0) for k in ("rated", "closed")},
    )
    st.cache_data.clear()
    return True


def stories(user: UserView) -> None:
    """The two founding stories: case number, query code, and one click to each page."""
    with runtime.database().read() as session:
        cases = story_cases(session, demo_mode=runtime.config().demo_mode)
    st.markdown(f"**{t('demo.stories_title')}**")
    if not cases:
        st.caption(t("demo.no_stories"))
        return
    for case in cases:
        _story(case)


def _story(case: StoryCase) -> None:
    from console.views.queue.common import LOOKUP, page

    st.markdown(f"{t(f'demo.story.{case.key}')}")
    st.caption(
        f"{t('demo.case_number')}：`{case.case_number}` · "
        f"{t('demo.query_code')}：`{case.query_code}`"
    )
    cols = st.columns(2)
    if cols[0].button(t("demo.open_in_queue"), key=f"demo_open_{case.key}"):
        st.session_state[LOOKUP] = case.case_number
        st.switch_page(page("queue"))
    if cols[1].button(t("demo.open_progress"), key=f"demo_progress_{case.key}"):
        st.session_state["pg_case"] = case.case_number
        st.switch_page(page("progress"))


def script() -> None:
    """The two stories step by step: whom to sign in as, which page to open, what to show."""
    with runtime.database().read() as session:
        cases = {c.key: c for c in story_cases(session, demo_mode=runtime.config().demo_mode)}
    with st.sidebar.expander(t("demo.script_title"), icon=":material/school:"):
        st.caption(t("demo.script_intro", password=DEMO_PASSWORD))
        for story in ("yuan", "lin"):
            case = cases.get(story)
            st.markdown(f"**{t(f'demo.story.{story}')}**")
            for key, n, account, role, where in SCRIPT:
                if key != story:
                    continue
                page_name = t("demo.page.sidebar") if where == "sidebar" else t(f"nav.{where}")
                st.markdown(t("demo.step", n=n, account=account, role=label(role), page=page_name))
                st.caption(
                    t(
                        f"demo.{story}.{n}",
                        case=case.case_number if case else "—",
                        code=case.query_code if case else "—",
                    )
                )

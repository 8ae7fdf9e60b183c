"""Tab "明细与督办": the matters behind any count (colour, unit, town, due day), and the
supervisor's actions on a picked matter: issue a supervision notice (督办单), approve an
extension of the conclusion limit."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import t
from console.views.deadlines.common import (
    Context,
    colour_text,
    flash,
    forget,
    rule_name,
    show_error,
    table,
    unit_text,
)
from console.views.paging import current_page, pager
from core.access import may
from core.cases.detail import actions_on
from core.deadlines.board import legal_clock, matter_clocks
from core.deadlines.board_sql import DrillFilters, drill_options, drill_page
from core.deadlines.colours import Colour
from core.deadlines.lists import (
    default_notice_due,
    extension_candidates,
    max_extension_days,
    unit_choices,
)
from core.deadlines.supervision import approve_extension, issue_supervision_notice
from core.errors import UserError, ValidationErrors
from core.policy import may_receive
from core.vocab import DayBasis

COLOUR, UNIT, TOWN, DUE = "dl_f_colour", "dl_f_unit", "dl_f_town", "dl_f_due"
PICK, QUICK = "dl_pick", "dl_quick"
PICKED_UNDER = "dl_pick__filters"  # the filters the pick was made under
DRILL_PAGE = "dl_drill_page"
DRILL_SHOWN = 50  # clocks per page of the drill-down
DUE_BUCKETS = ("overdue", "today", "tomorrow", "this_week")
DRILL_COLUMNS = [
    "case_number",
    "matter_colour",
    "kind",
    "colour",
    "unit_name",
    "town_name",
    "started_on",
    "due_on",
    "basis",
    "days_left",
    "provisional",
    "agent_proxied",
    "risks",
]


# --- callbacks (run before the script, so they may set the filter widgets) ----------------


def _filters_now() -> tuple:
    return tuple(st.session_state.get(k) for k in (COLOUR, UNIT, TOWN, DUE))


def set_filters(
    colour: str | None = None,
    unit: str | None = None,
    town: int | None = None,
    due: str | None = None,
) -> None:
    """Drill down to the matters behind a count: the other filters are cleared, and so is
    the matter picked under the old ones."""
    unit = None if unit is None or pd.isna(unit) else unit
    st.session_state.update({COLOUR: colour, UNIT: unit, TOWN: town, DUE: due})
    st.session_state["dl_drill_note"] = True
    st.session_state.pop(PICK, None)


def pick_overdue(matter_id: int) -> None:
    """An overdue matter picked in the oldest-overdue table: ready to press its unit (the
    drill-down shows the overdue matters, the notice forms follow the pick)."""
    set_filters(colour=Colour.OVERDUE.value)
    st.session_state[PICKED_UNDER] = _filters_now()
    st.session_state[PICK] = int(matter_id)
    st.session_state[QUICK] = int(matter_id)


def _pick(matter_id: int) -> None:
    st.session_state[PICK] = int(matter_id)


# --- the tab ----------------------------------------------------------------------------


def render(ctx: Context) -> None:
    if st.session_state.pop("dl_drill_note", False):
        st.info(t("deadlines.drill_applied"), icon=":material/filter_list:")
    drilled = _filters_and_list(ctx)
    if may(ctx.user, "deadlines.supervise"):
        # the picked matter and the matters of the page shown: their own rows, by id
        listed = list(dict.fromkeys(int(m) for m in drilled["matter_id"]))
        picked = st.session_state.get(PICK)
        ids = listed if picked is None or picked in listed else [int(picked), *listed]
        with runtime.database().read() as session:
            clocks = matter_clocks(session, ctx.today, ids, ctx.calendar, unit_scope=ctx.unit_scope)
        left, right = st.columns(2)
        with left, st.container(border=True):
            st.subheader(t("deadlines.notice.title"))
            _pick_and_issue(ctx, clocks, ids)
        with right, st.container(border=True):
            st.subheader(t("deadlines.extension.title"))
            _extension_form(ctx, clocks, ids)
    else:
        st.caption(t("deadlines.supervise_only"))


def _filters_and_list(ctx: Context) -> pd.DataFrame:
    """The filters, the caption of what matches and one page of the matching clocks, all
    from SQL (core.deadlines.board_sql.drill_page): the rows of the page shown."""
    st.session_state.setdefault(COLOUR, Colour.OVERDUE.value)
    with runtime.database().read() as session:
        units, towns = drill_options(
            session, ctx.today, unit_scope=ctx.unit_scope, scope=ctx.clock_scope
        )
    unit_names = dict(zip(units["unit_code"], units["unit_name"], strict=True))
    town_names = {int(k): v for k, v in zip(towns["town_id"], towns["town_name"], strict=True)}
    _keep_valid(UNIT, unit_names)
    _keep_valid(TOWN, town_names)

    everything = t("deadlines.all")
    cols = st.columns(4)
    colour = cols[0].selectbox(
        t("deadlines.filter.colour"),
        [None, *(c.value for c in Colour)],
        key=COLOUR,
        placeholder=everything,
        format_func=lambda v: everything if v is None else colour_text(v),
    )
    unit = cols[1].selectbox(
        t("deadlines.filter.unit"),
        [None, *sorted(unit_names)],
        key=UNIT,
        placeholder=everything,
        format_func=lambda v: everything if v is None else unit_names[v],
    )
    town = cols[2].selectbox(
        t("deadlines.filter.town"),
        [None, *sorted(town_names)],
        key=TOWN,
        placeholder=everything,
        format_func=lambda v: everything if v is None else town_names[v],
    )
    due = cols[3].selectbox(
        t("deadlines.filter.due"),
        [None, *DUE_BUCKETS],
        key=DUE,
        placeholder=everything,
        format_func=lambda v: everything if v is None else t(f"deadlines.due.{v}"),
    )
    now = (colour, unit, town, due)
    if st.session_state.get(PICKED_UNDER) != now:  # other filters: the old pick is let go
        st.session_state[PICKED_UNDER] = now
        st.session_state.pop(PICK, None)
    filters = DrillFilters(colour=colour, unit_code=unit, town_id=town, due=due)
    page = current_page(DRILL_PAGE, (*now, ctx.unit_scope, ctx.clock_scope.value))
    with runtime.database().read() as session:
        drilled = drill_page(
            session,
            ctx.today,
            filters,
            ctx.calendar,
            unit_scope=ctx.unit_scope,
            scope=ctx.clock_scope,
            page=page,
            page_size=DRILL_SHOWN,
        )
    st.caption(t("deadlines.drilled_count", matters=drilled.matters, clocks=drilled.clocks))
    rows = drilled.rows
    table(
        rows,
        DRILL_COLUMNS,
        "dl_drill_tbl",
        t("deadlines.file.drill"),
        on_select=lambda ids, i: _pick(ids[i]),
        args=(list(rows["matter_id"]),),
        height=320,
    )
    pager(DRILL_PAGE, drilled.page, drilled.pages, drilled.clocks, caption="deadlines.drill_page")
    return rows


def _keep_valid(key: str, options: dict) -> None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = None


def _matter_text(row: pd.Series) -> str:
    return " · ".join(
        [row["case_number"], unit_text(row["unit_name"]), colour_text(row["matter_colour"])]
    )


def _first_rows(clocks: pd.DataFrame, ids: list[int]) -> dict[int, pd.Series]:
    """Per matter, in the order of `ids`: its most urgent open clock."""
    firsts = clocks.sort_values(["due_on", "clock_id"], kind="stable").drop_duplicates("matter_id")
    by_id = {int(r["matter_id"]): r for _, r in firsts.iterrows()}
    return {mid: by_id[mid] for mid in ids if mid in by_id}


def _pick_and_issue(ctx: Context, clocks: pd.DataFrame, ids: list[int]) -> None:
    rows = _first_rows(clocks, ids)
    if not rows:
        st.caption(t("deadlines.notice.no_matter"))
        return
    if st.session_state.get(PICK) not in rows:
        st.session_state[PICK] = next(iter(rows))
    matter_id = st.selectbox(
        t("deadlines.notice.matter"),
        list(rows),
        key=PICK,
        format_func=lambda mid: _matter_text(rows[mid]),
        help=t("deadlines.notice.matter_help"),
        placeholder=t("common.choose"),
    )
    notice_form(ctx, "dl_n_", clocks[clocks["matter_id"] == matter_id])


def quick_notice(ctx: Context) -> None:
    """Below the oldest-overdue table: the notice for the overdue matter just picked (its
    own rows, fetched by id)."""
    matter_id = st.session_state.get(QUICK)
    if matter_id is None or not may(ctx.user, "deadlines.supervise"):
        return
    with runtime.database().read() as session:
        clocks = matter_clocks(
            session, ctx.today, [matter_id], ctx.calendar, unit_scope=ctx.unit_scope
        )
    if clocks.empty:
        return
    with st.container(border=True):
        st.markdown(f"**{t('deadlines.notice.title_for', case=clocks.iloc[0]['case_number'])}**")
        notice_form(ctx, "dl_q_", clocks)


def notice_text(clocks: pd.DataFrame, today: dt.date) -> str:
    """The notice's default text: the case and the LEGAL limit it is held to (reply by
    urgency, conclusion, acceptance, review answer), never an internal workflow clock."""
    case = clocks.iloc[0]["case_number"]
    cited = legal_clock(clocks)
    if cited is None:
        return t("deadlines.notice.template_plain", case=case)
    overdue = cited["due_on"] < today
    return t(
        "deadlines.notice.template_overdue" if overdue else "deadlines.notice.template",
        case=case,
        limit=rule_name(cited["rule_key"]),
        days=t(
            f"deadlines.notice.days.{DayBasis(cited['basis']).value}",
            n=int(cited["days"]) + int(cited["extension_days"] or 0),
        ),
        due=cited["due_on"].isoformat(),
    )


def notice_form(ctx: Context, prefix: str, clocks: pd.DataFrame) -> None:
    """A supervision notice for one matter (`clocks`: its own open clocks): the unit in
    charge, the rule's due date and a text citing the legal limit, all changeable."""
    clock = clocks.sort_values(["due_on", "clock_id"], kind="stable").iloc[0]
    matter_id = int(clock["matter_id"])
    with runtime.database().read() as session:
        allowed = actions_on(session, matter_id, ctx.user)
        units = unit_choices(session, active_only=True)
        default_due = default_notice_due(session, ctx.today)
    if "issue_notice" not in allowed:  # core decides; the page offers exactly that
        st.caption(t("deadlines.notice.not_for_you"))
        return
    # never the unit the matter accuses (core refuses it; the page does not offer it)
    names = {
        int(uid): name
        for uid, name in zip(units["unit_id"], units["unit_name"], strict=True)
        if may_receive(clock, int(uid))
    }
    unit_ids = list(names)
    own = clock["unit_id"]
    index = unit_ids.index(int(own)) if not pd.isna(own) and int(own) in names else 0
    text_default = notice_text(clocks, ctx.today)
    unit_id = st.selectbox(
        t("deadlines.notice.unit"),
        unit_ids,
        index=index,
        key=f"{prefix}unit_{matter_id}",
        format_func=lambda uid: names[uid],
        placeholder=t("common.choose"),
    )
    due_on = st.date_input(
        t("deadlines.notice.due"),
        value=default_due,
        min_value=ctx.today + dt.timedelta(days=1),
        key=f"{prefix}due_{matter_id}",
        help=t("deadlines.notice.due_help"),
    )
    text = st.text_area(
        t("deadlines.notice.text"),
        value=text_default,
        key=f"{prefix}text_{matter_id}",
        height=110,
    )
    if st.button(
        t("deadlines.notice.issue"),
        key=f"{prefix}issue_{matter_id}",
        type="primary",
        icon=":material/campaign:",
    ):
        try:
            with runtime.database().write() as session:
                notice = issue_supervision_notice(
                    session, matter_id, unit_id, due_on, text, ctx.user, ctx.today
                )
                notice_id, due = notice.id, notice.due_on
        except (UserError, ValidationErrors) as err:
            show_error(err)
            return
        forget(prefix)
        st.session_state.pop(QUICK, None)
        flash(
            t(
                "deadlines.notice.issued",
                number=notice_id,
                case=clock["case_number"],
                unit=names[unit_id],
                due=due.isoformat(),
            )
        )
        st.rerun()


def _extension_form(ctx: Context, clocks: pd.DataFrame, ids: list[int]) -> None:
    """The extension of a conclusion limit, for the picked matter or one on the page shown
    (their own rows: a conclusion clock running and not overdue)."""
    candidates = extension_candidates(clocks)
    order = {mid: i for i, mid in enumerate(ids)}
    candidates = candidates.assign(_o=candidates["matter_id"].map(order)).sort_values(
        "_o", kind="stable"
    )
    with runtime.database().read() as session:
        limit = max_extension_days(session)
    if limit < 1:
        st.caption(t("deadlines.extension.not_allowed"))
        return
    if candidates.empty:
        st.caption(t("deadlines.extension.none"))
        return
    rows = {int(r["matter_id"]): r for _, r in candidates.iterrows()}
    key = "dl_ext_matter"
    picked = st.session_state.get(PICK)
    if picked in rows and st.session_state.get("dl_ext_follow") != picked:
        st.session_state[key] = picked  # follow the matter picked above, once
        st.session_state["dl_ext_follow"] = picked
    if st.session_state.get(key) not in rows:
        st.session_state[key] = next(iter(rows))
    matter_id = st.selectbox(
        t("deadlines.extension.matter"),
        list(rows),
        key=key,
        format_func=lambda mid: t(
            "deadlines.extension.option",
            case=rows[mid]["case_number"],
            unit=unit_text(rows[mid]["unit_name"]),
            due=rows[mid]["due_on"].isoformat(),
        ),
        placeholder=t("common.choose"),
    )
    with runtime.database().read() as session:
        allowed = actions_on(session, matter_id, ctx.user)
    if "approve_extension" not in allowed:  # core decides (role, and the matter's state)
        st.caption(t("deadlines.extension.not_for_you"))
        return
    days = st.number_input(
        t("deadlines.extension.days"),
        min_value=1,
        max_value=limit,
        value=limit,
        step=1,
        key="dl_ext_days",
        help=t("deadlines.extension.days_help", limit=limit),
    )
    reason = st.text_area(
        t("deadlines.extension.reason"),
        key="dl_ext_reason",
        height=90,
        placeholder=t("deadlines.extension.reason_placeholder"),
    )
    if st.button(t("deadlines.extension.approve"), key="dl_ext_go", icon=":material/more_time:"):
        try:
            with runtime.database().write() as session:
                approve_extension(session, matter_id, int(days), reason, ctx.user, ctx.today)
        except (UserError, ValidationErrors) as err:
            show_error(err)
            return
        forget("dl_ext_")
        flash(
            t("deadlines.extension.approved", case=rows[matter_id]["case_number"], days=int(days))
        )
        st.rerun()

"""The queue itself: filters (kept in the address, so a link shares them), counts by state,
the workload per unit (each number a filter), the coloured table, bulk routing of ticked
rows, the Excel export of the whole filtered queue, and picking a matter (a table row or
its case number)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import current_language, label, t, translate
from console.i18n import label as _label
from console.views.deadlines.common import COLOUR_CSS
from console.views.paging import current_page, pager
from console.views.queue.common import CASES, LOOKUP, flash
from console.widgets import XLSX_MIME
from core.cases.find import matter_id_by_case
from core.cases.queue import (
    EXPORT_LIMIT,
    PAGE_SIZE,
    QUEUE_STATES,
    QueueFilters,
    QueuePage,
    bulk_targets,
    filter_choices,
    queue_export,
    queue_page,
)
from core.cases.replies import render_written_reply, written_reply_ready
from core.cases.transfer import BULK_LIMIT, bulk_route
from core.deadlines.colours import Colour
from core.deadlines.lists import unit_choices
from core.errors import UserError
from core.export import xlsx_bytes
from core.policy import may, scope_unit
from core.timeutil import show
from core.users import UserView
from core.vocab import Channel, ContentType, MatterState, RiskSignal, Topic

TABLE = "qu_table"
PAGE = "qu_page"
SEEN = "qu_seen"  # the rows as the user saw them: (table key, [(id, version, case, state)])
PARAMS_READ = "qu_params_read"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: States a bulk action routes: accepted ones are assigned, the others transferred.
BULK_STATES = (MatterState.ACCEPTED, MatterState.ASSIGNED, MatterState.IN_HANDLING)


@dataclass(frozen=True)
class Filter:
    """One filter: its query parameter, widget key, options and how a value is written."""

    param: str
    key: str
    options: list[Any]
    encode: Callable[[Any], str] = str
    many: bool = False  # a multiselect: values joined with ","


def _filters(units, towns, agents) -> list[Filter]:
    """The queue's filters; None in an option list means "all"."""
    found = [
        Filter("town", "qu_town", [None, *towns]),
        Filter("type", "qu_type", [None, *ContentType], lambda v: v.value),
        Filter("topic", "qu_topic", [None, *Topic], lambda v: v.value),
        Filter("channel", "qu_channel", [None, *Channel], lambda v: v.value),
        Filter("state", "qu_state", [None, *QUEUE_STATES], lambda v: v.value),
        Filter("light", "qu_colour", [None, *Colour], lambda v: v.value),
        Filter("agent", "qu_agent", [None, *agents]),
        Filter("risk", "qu_risk", list(RiskSignal), lambda v: v.value, many=True),
        Filter("week", "qu_week", [False, True], lambda v: "1" if v else ""),
    ]
    if units is not None:  # a liaison's queue is its unit's anyway: no unit filter
        found.insert(0, Filter("unit", "qu_unit", [None, *units]))
    return found


def _encoded(spec: Filter, value) -> str | None:
    """The query parameter's text for a widget value (None: the default, left out)."""
    if spec.many:
        return ",".join(spec.encode(v) for v in value) if value else None
    if value is None or value is False:
        return None
    return spec.encode(value)


def _read_params(specs: list[Filter]) -> None:
    """On the session's first run, the filters a link carries become the widgets' values.

    A value that is not one of the filter's options (unknown unit, hostile text) is
    ignored without a word: the filter stays at "all"."""
    if st.session_state.get(PARAMS_READ):
        return
    st.session_state[PARAMS_READ] = True
    for spec in specs:
        raw = st.query_params.get(spec.param)
        if not isinstance(raw, str) or not raw or len(raw) > 500:
            continue
        by_text = {spec.encode(o): o for o in spec.options if o is not None}
        if spec.many:
            picked = [by_text[p] for p in dict.fromkeys(raw.split(",")) if p in by_text]
            if picked:
                st.session_state[spec.key] = picked
        elif raw in by_text:
            st.session_state[spec.key] = by_text[raw]


def _write_params(specs: list[Filter]) -> dict[str, str]:
    """Mirror the filters into the address (only what differs from "all")."""
    wanted = {}
    for spec in specs:
        text = _encoded(spec, st.session_state.get(spec.key))
        if text:
            wanted[spec.param] = text
    for spec in specs:
        current = st.query_params.get(spec.param)
        if spec.param not in wanted:
            if spec.param in st.query_params:
                del st.query_params[spec.param]
        elif current != wanted[spec.param]:
            st.query_params[spec.param] = wanted[spec.param]
    return wanted


def _clear(specs: list[Filter]) -> None:
    for spec in specs:
        st.session_state[spec.key] = [] if spec.many else spec.options[0]


def render(user: UserView, today: dt.date) -> None:
    own_unit = scope_unit(user)  # a liaison's queue is its unit's (core.policy)
    with runtime.database().read() as session:
        units = unit_choices(session)
        choices = filter_choices(session)
    every_unit = dict(zip(units["unit_id"], units["unit_name"], strict=True))
    unit_names = every_unit if own_unit is None else None
    towns = dict(choices["towns"])
    agents = dict(choices["agents"])
    specs = _filters(unit_names, towns, agents)
    _read_params(specs)
    _filter_widgets(specs, unit_names, towns, agents, every_unit.get(own_unit, ""))
    shared = _write_params(specs)
    value = {spec.param: st.session_state.get(spec.key) for spec in specs}
    unit_id = value.get("unit")
    state, colour = value["state"], value["light"]
    filters = QueueFilters(
        town_id=value["town"],
        content_type=value["type"],
        topic=value["topic"],
        channel=value["channel"],
        agent_id=value["agent"],
        risks=frozenset(value["risk"] or ()),
        due_this_week=bool(value["week"]),
    )
    _share_link(shared)

    page_number = current_page(PAGE, (unit_id, state, colour, filters))
    with runtime.database().read() as session:
        result = queue_page(
            session,
            today,
            viewer=user,
            unit_id=unit_id,
            state=state,
            colour=colour,
            filters=filters,
            page=page_number,
            page_size=PAGE_SIZE,
        )
    shown = result.rows

    _counts(result, user)
    display = _display(shown)
    st.session_state[CASES] = list(shown["case_number"])
    bulk = may(user, "queue.assign")
    seen = [
        (int(r.matter_id), int(r.version), r.case_number, r.state)
        for r in shown.itertuples(index=False)
    ]
    # the table's key follows the rows shown: a selection never outlives the rows it ticked
    digest = hashlib.sha1(repr(seen).encode()).hexdigest()[:10]
    key = f"{TABLE}_{digest}"
    st.session_state[SEEN] = (key, seen)
    event = st.dataframe(
        _coloured(display),
        hide_index=True,
        width="stretch",
        key=key,
        on_select=functools.partial(_picked, key),
        selection_mode="multi-row" if bulk else "single-row",
        column_config={t("queue.col.summary"): st.column_config.TextColumn(width="large")},
    )
    pager(PAGE, result.page, result.pages, result.shown)
    if bulk:
        ticked = [seen[i] for i in event.selection.rows if i < len(seen)]
        _bulk_panel(user, ticked)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.text_input(t("queue.lookup"), key=LOOKUP, placeholder=t("queue.lookup_hint"))
    with right:
        st.download_button(
            t("qt.export"),
            data=functools.partial(
                _export,
                runtime.database(),
                user,
                today,
                dict(unit_id=unit_id, state=state, colour=colour, filters=filters),
                current_language(),
            ),
            file_name="交办队列.xlsx",
            mime=XLSX_MIME,
            key="qu_export",
            icon=":material/download:",
        )
    st.caption(t("qt.export_cap", limit=EXPORT_LIMIT))
    if result.shown > EXPORT_LIMIT:
        st.warning(t("qt.export_truncated", limit=EXPORT_LIMIT))
    _written_reply(user)


def _filter_widgets(specs, unit_names, towns, agents, own_unit_name: str) -> None:
    by_param = {spec.param: spec for spec in specs}
    everything = t("queue.all")

    def choose(column, param: str, title: str, name: Callable[[Any], str]) -> None:
        spec = by_param[param]
        column.selectbox(
            title,
            spec.options,
            key=spec.key,
            format_func=lambda v: everything if v is None else name(v),
            placeholder=t("common.choose"),
        )

    first = st.columns(4)
    if unit_names is not None:
        choose(first[0], "unit", t("queue.unit"), unit_names.__getitem__)
    else:  # the unit is the liaison's own: shown, not chosen
        first[0].text_input(t("queue.unit"), value=own_unit_name, disabled=True, key="qu_own_unit")
    choose(first[1], "state", t("queue.state"), label)
    choose(first[2], "light", t("queue.colour"), label)
    choose(first[3], "town", t("qt.town"), towns.__getitem__)
    more = ("qu_type", "qu_topic", "qu_channel", "qu_agent", "qu_risk", "qu_week")
    with st.expander(t("qt.filters"), expanded=any(st.session_state.get(k) for k in more)):
        second = st.columns(4)
        choose(second[0], "type", t("qt.content_type"), label)
        choose(second[1], "topic", t("qt.topic"), label)
        choose(second[2], "channel", t("qt.channel"), label)
        choose(second[3], "agent", t("qt.agent"), agents.__getitem__)
        third = st.columns([3, 1, 1], vertical_alignment="bottom")
        third[0].multiselect(
            t("qt.risk"),
            by_param["risk"].options,
            key="qu_risk",
            format_func=label,
            placeholder=t("common.choose_many"),
        )
        third[1].checkbox(t("qt.week"), key="qu_week")
        third[2].button(t("qt.clear"), key="qu_clear", on_click=_clear, args=(specs,))


def _share_link(shared: dict[str, str]) -> None:
    """The address of this page with these filters, in a box with a copy button."""
    base = st.context.url or ""
    link = f"{base}?{urlencode(shared)}" if shared else base
    with st.popover(t("qt.link"), icon=":material/link:"):
        st.caption(t("qt.link_help"))
        st.code(link, language=None)


def _picked(key: str) -> None:
    """One clicked row opens its matter: the case number goes into the lookup input."""
    rows = _selected(st.session_state.get(key), "rows")
    cases = st.session_state.get(CASES, [])
    if len(rows) == 1 and rows[0] < len(cases):
        st.session_state[LOOKUP] = cases[rows[0]]


def _selected(state, what: str) -> list:
    """The rows (or cells) a table's selection state holds (empty when there is none)."""
    try:
        return list(state["selection"][what])
    except (KeyError, TypeError):
        return []


def _bulk_panel(user: UserView, ticked: list[tuple]) -> None:
    """Route the ticked rows to one unit in one action (office roles only)."""
    with st.container(border=True):
        st.markdown(f"**{t('qt.bulk')}**")
        st.caption(t("qt.bulk_cap", limit=BULK_LIMIT))
        movable = [row for row in ticked if MatterState(row[3]) in BULK_STATES]
        if not movable:
            return
        assign = sum(MatterState(row[3]) is MatterState.ACCEPTED for row in movable)
        st.write(
            t("qt.bulk_selected", n=len(movable), assign=assign, transfer=len(movable) - assign)
        )
        if len(movable) < len(ticked):
            st.caption(t("qt.bulk_other_states", n=len(ticked) - len(movable)))
        with runtime.database().read() as session:
            targets = bulk_targets(session, [row[0] for row in movable], viewer=user)
        if targets.empty:
            st.warning(t("qt.bulk_no_unit"))
            return
        names = dict(zip(targets["unit_id"], targets["unit_name"], strict=True))
        cols = st.columns([1, 2], vertical_alignment="bottom")
        cols[0].selectbox(
            t("qt.bulk_unit"),
            list(names),
            key="qu_bulk_unit",
            format_func=names.__getitem__,
            help=t("qt.bulk_unit_hint"),
            placeholder=t("common.choose"),
        )
        transfers = len(movable) - assign
        cols[1].text_input(
            t("qt.bulk_reason_required") if transfers else t("qt.bulk_reason"),
            key="qu_bulk_reason",
            max_chars=1_000,
        )
        st.button(
            t("qt.bulk_go", n=len(movable)),
            key="qu_bulk_go",
            type="primary",
            on_click=_bulk_route,
            args=(user,),
        )


def _bulk_route(user: UserView) -> None:
    """The click: the ticked rows as they were shown (their versions), all or nothing."""
    key, seen = st.session_state.get(SEEN, (None, []))
    rows = _selected(st.session_state.get(key) if key else None, "rows")
    items = [
        (seen[i][0], seen[i][1])
        for i in rows
        if i < len(seen) and MatterState(seen[i][3]) in BULK_STATES
    ]
    unit_id = st.session_state.get("qu_bulk_unit")
    reason = st.session_state.get("qu_bulk_reason") or None
    try:
        with runtime.database().write() as session:
            bulk_id = bulk_route(session, items, unit_id, user, reason=reason)
    except UserError as err:
        flash("error", error_text(err))
    else:
        st.session_state["qu_bulk_reason"] = ""
        flash("success", t("qt.bulk_done", n=len(items), bulk=bulk_id))


def _export(database, user: UserView, today: dt.date, chosen: dict, lang: str) -> bytes:
    """The whole filtered queue as Excel, built when the button is clicked (outside the
    script run: no session state here, hence the database and the language passed in)."""
    with database.read() as session:
        export = queue_export(session, today, viewer=user, **chosen)
    return xlsx_bytes({"交办队列": _display(export.rows, lang)})


def _written_reply(user: UserView) -> None:
    """The written reply (书面答复意见书) of the opened matter, once it has been replied."""
    case = (st.session_state.get(LOOKUP) or "").strip()
    if not case:
        return
    with runtime.database().read() as session:
        matter_id = matter_id_by_case(session, case)
        ready = matter_id is not None and written_reply_ready(session, matter_id, user)
    if not ready:
        return
    st.download_button(
        t("qt.written_reply"),
        data=functools.partial(_reply_docx, runtime.database(), matter_id, user),
        file_name=f"书面答复意见书_{case}.docx",
        mime=DOCX,
        key="qu_written_reply",
        icon=":material/description:",
        help=t("qt.written_reply_for", case=case),
    )


def _reply_docx(database, matter_id: int, user: UserView) -> bytes:
    with database.read() as session:
        return render_written_reply(session, matter_id, user)


def _counts(result: QueuePage, user: UserView) -> None:
    counts = result.states.copy()
    counts["label"] = counts["state"].map(lambda s: label(MatterState(s)))
    left, right = st.columns([1, 2])
    with left:
        st.metric(t("queue.count_total"), result.total)
        st.metric(t("queue.count_overdue"), result.overdue)
        if result.shown != result.total:
            st.caption(t("queue.count_shown", n=result.shown))
    with right:
        order = list(counts["label"])
        st.altair_chart(
            alt.Chart(counts)
            .mark_bar(color="#4e79a7")
            .encode(
                y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelOverlap=False)),
                x=alt.X("count:Q", title=t("queue.count_axis"), axis=alt.Axis(tickMinStep=1)),
                tooltip=[
                    alt.Tooltip("label:N", title=t("queue.state")),
                    alt.Tooltip("count:Q", title=t("queue.count_axis")),
                ],
            ),
            width="stretch",
            height=220,
        )
    if not result.workload.empty:
        _workload(result.workload, user)


WORKLOAD = "qu_workload"
_WORKLOAD_COLUMNS = ("open", "overdue", "due_this_week")


def _workload(workload: pd.DataFrame, user: UserView) -> None:
    """Open, overdue and due-this-week matters per unit (the viewer's scope, the filters
    beside unit, state and light applied); clicking a number filters the list to it."""
    headers = {c: t(f"scale.workload.{c}") for c in _WORKLOAD_COLUMNS}
    frame = pd.DataFrame(
        {
            t("scale.workload.unit"): workload["unit"].map(
                lambda u: u if isinstance(u, str) else t("scale.unassigned")
            ),
            **{headers[c]: workload[c] for c in _WORKLOAD_COLUMNS},
        }
    )
    st.session_state[f"{WORKLOAD}_units"] = list(workload["unit_id"])
    with st.expander(t("qt.workload"), expanded=True):
        st.caption(t("qt.workload_hint"))
        st.dataframe(
            frame,
            hide_index=True,
            width="stretch",
            key=WORKLOAD,
            on_select=functools.partial(_workload_picked, headers, user),
            selection_mode="single-cell",
        )


def _workload_picked(headers: dict[str, str], user: UserView) -> None:
    """A clicked number becomes the filters: that unit, and overdue / due this week."""
    cells = _selected(st.session_state.get(WORKLOAD), "cells")
    units = st.session_state.get(f"{WORKLOAD}_units", [])
    column = {v: k for k, v in headers.items()}
    if not cells or cells[0][0] >= len(units) or cells[0][1] not in column:
        return
    apply_workload_filter(units[cells[0][0]], column[cells[0][1]], user)


def apply_workload_filter(unit_id, what: str, user: UserView) -> None:
    """Filter the list to one workload number: a unit's open, overdue or due-this-week
    matters (the unassigned row: accepted matters waiting for a unit)."""
    if scope_unit(user) is None:  # a liaison's list is its own unit's anyway
        st.session_state["qu_unit"] = unit_id
    st.session_state["qu_state"] = MatterState.ACCEPTED if unit_id is None else None
    st.session_state["qu_colour"] = Colour.OVERDUE if what == "overdue" else None
    st.session_state["qu_week"] = what == "due_this_week"


def _display(queue: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The table as shown and exported: headers in the user's language, labels instead of
    codes (`lang` given where no session is at hand, e.g. a deferred download)."""
    lang = lang or current_language()

    def t(key: str) -> str:
        return translate(key, lang)

    def label(member) -> str:
        return _label(member, lang)

    tick = {True: "✓", False: ""}
    return pd.DataFrame(
        {
            t("queue.col.case_number"): queue["case_number"],
            t("queue.col.colour"): queue["colour"].map(
                lambda c: label(Colour(c)) if isinstance(c, str) else ""
            ),
            t("queue.col.state"): queue["state"].map(lambda s: label(MatterState(s))),
            t("queue.col.unit"): queue["unit"].fillna(""),
            t("queue.col.town"): queue["town"],
            t("queue.col.due_on"): queue["due_on"].map(
                lambda d: "" if pd.isna(d) else pd.Timestamp(d).date().isoformat()
            ),
            t("queue.col.days_since_assigned"): queue["days_since_assigned"],
            t("queue.col.agent_proxied"): queue["agent_proxied"].map(tick),
            t("queue.col.risk_flagged"): queue["risk_flagged"].map(tick),
            t("queue.col.assigned_at"): queue["assigned_at"].map(
                lambda v: "" if pd.isna(v) else show(pd.Timestamp(v).to_pydatetime())
            ),
            t("queue.col.summary"): queue["summary"],
        }
    )


def _coloured(display: pd.DataFrame):
    """The warning column in its colour (text colour: readable, and no emoji font needed)."""
    css = {label(Colour(c)): f"color: {v}; font-weight: 600" for c, v in COLOUR_CSS.items()}
    column = t("queue.col.colour")
    return display.style.map(lambda v: css.get(v, ""), subset=[column])

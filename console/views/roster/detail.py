"""Tab "代理员详情": one agent's contact details and post, history, training, filed matters,
bonuses; the edit form and status actions for roles that may edit the roster."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pydeck as pdk
import streamlit as st

from console import runtime
from console.forms import FieldSlots, error_text
from console.i18n import label, t
from console.views.roster import agent_form
from console.views.roster.common import KEEP, default, headers, labelled, reason_text, table, when
from console.views.roster.listing import AGENT_KEY
from console.widgets import excel_button
from core.access import may
from core.agents.checks import TRANSITIONS
from core.agents.roster import AgentDetail, agent_detail, change_status, edit_agent
from core.agents.search import AgentFilter, search_agents
from core.errors import UserError, ValidationErrors
from core.export import xlsx_bytes
from core.history import AGENT, change_history
from core.users import UserView
from core.vocab import (
    AgentCategory,
    AgentStatus,
    Channel,
    Gender,
    MatterState,
    Rating,
    TriageOutcome,
)

LOOKUP_KEY = KEEP + "lookup"
LOOKUP_LIMIT = 20

ACTIONS = {
    (AgentStatus.TRAINEE, AgentStatus.ACTIVE): "roster_page.action.activate",
    (AgentStatus.SUSPENDED, AgentStatus.ACTIVE): "roster_page.action.reinstate",
    (AgentStatus.ACTIVE, AgentStatus.SUSPENDED): "roster_page.action.suspend",
}


def _action_text(current: AgentStatus, target: AgentStatus) -> str:
    if target is AgentStatus.RETIRED:
        return t("roster_page.action.retire")
    return t(ACTIONS[current, target])


# --- finding the agent ----------------------------------------------------------------


def _lookup() -> None:
    cols = st.columns([4, 1], vertical_alignment="bottom")
    text = cols[0].text_input(t("roster_page.lookup"), key=default(LOOKUP_KEY, ""))
    if not cols[1].button(t("roster_page.lookup_open"), key="rp_lookup_open") or not text.strip():
        return
    query = text.strip()
    with runtime.database().read() as session:
        found = search_agents(session, AgentFilter(text=query), page_size=LOOKUP_LIMIT)
    exact = found.agents[found.agents["code"].str.upper() == query.upper()]
    if not exact.empty or found.total == 1:
        chosen = exact if not exact.empty else found.agents
        st.session_state[AGENT_KEY] = int(chosen["id"].iloc[0])
    elif found.total == 0:
        st.warning(t("roster_page.lookup_none", text=query))
    else:
        st.session_state["rp_lookup_matches"] = found.agents[["id", "code", "name", "village"]]
        st.session_state["rp_lookup_total"] = found.total


def _matches() -> None:
    """Several agents matched the lookup: let the user pick one."""
    matches = st.session_state.get("rp_lookup_matches")
    if matches is None:
        return
    st.info(t("roster_page.lookup_many", n=st.session_state.get("rp_lookup_total", len(matches))))
    names = {int(r.id): f"{r.code} {r.name}（{r.village}）" for r in matches.itertuples()}
    cols = st.columns([4, 1], vertical_alignment="bottom")
    pick = cols[0].selectbox(
        t("roster_page.lookup_pick"),
        list(names),
        format_func=names.get,
        key="rp_lookup_pick",
        placeholder=t("common.choose"),
    )
    if cols[1].button(t("roster_page.lookup_open"), key="rp_lookup_pick_open"):
        st.session_state[AGENT_KEY] = pick
        del st.session_state["rp_lookup_matches"]
        st.rerun()


# --- showing the agent ----------------------------------------------------------------


def _contact(profile: dict) -> pd.DataFrame:
    yes_no = {True: t("roster_page.yes"), False: t("roster_page.no")}
    rows = [
        ("code", profile["code"]),
        ("name", profile["name"]),
        ("gender", label(Gender(profile["gender"]))),
        ("phone", profile["phone"]),
        ("email", profile["email"] or ""),
        ("address", profile["address"]),
        ("category", label(AgentCategory(profile["category"]))),
        ("public_servant", yes_no[bool(profile["public_servant"])]),
        ("town", profile["town"]),
        ("village", profile["village"]),
        ("status", label(AgentStatus(profile["status"]))),
        ("trained", yes_no[bool(profile["trained"])]),
        ("online_capable", yes_no[bool(profile["online_capable"])]),
        ("joined_on", str(profile["joined_on"])),
        ("lat", f"{profile['lat']:.6f}"),
        ("lon", f"{profile['lon']:.6f}"),
    ]
    return pd.DataFrame(
        [(t(f"roster.col.{k}"), str(v)) for k, v in rows],
        columns=[t("roster_page.field"), t("roster_page.value")],
    )


def _map(profile: dict, neighbours: pd.DataFrame) -> None:
    others = neighbours[neighbours["id"] != profile["id"]][["lat", "lon", "name"]]
    layers = [
        pdk.Layer(
            "ScatterplotLayer",
            data=others,
            get_position="[lon, lat]",
            get_fill_color=[150, 150, 150, 140],
            get_radius=60,
            pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=pd.DataFrame([{k: profile[k] for k in ("lat", "lon", "name")}]),
            get_position="[lon, lat]",
            get_fill_color=[200, 30, 30, 230],
            get_radius=120,
            pickable=True,
        ),
    ]
    view = pdk.ViewState(latitude=float(profile["lat"]), longitude=float(profile["lon"]), zoom=13)
    st.pydeck_chart(
        pdk.Deck(
            map_provider=None, layers=layers, initial_view_state=view, tooltip={"text": "{name}"}
        ),
        height=280,
    )


def _history(detail: AgentDetail) -> pd.DataFrame:
    frame = labelled(detail.status_history, {"from_status": AgentStatus, "to_status": AgentStatus})
    frame["reason"] = frame["reason"].map(reason_text)
    frame["recorded_at"] = frame["recorded_at"].map(when)
    return frame


def _matters(detail: AgentDetail) -> pd.DataFrame:
    frame = labelled(
        detail.matters,
        {
            "channel": Channel,
            "state": MatterState,
            "triage_outcome": TriageOutcome,
            "unit_rating": Rating,
            "agent_rating": Rating,
        },
    )
    for column in ("submitted_at", "delivered_at"):
        frame[column] = frame[column].map(when)
    return frame


HISTORY = ["effective_on", "from_status", "to_status", "reason", "actor", "recorded_at"]
TRAINING = ["held_on", "title", "trainer", "passed"]
MATTERS = [
    "submitted_at",
    "case_number",
    "summary",
    "channel",
    "is_repeat",
    "state",
    "triage_outcome",
    "delivered_at",
    "unit_rating",
    "agent_rating",
    "ceased",
]
BONUSES = [
    "quarter",
    "proxied_yuan",
    "basically_satisfied_yuan",
    "satisfied_ceased_yuan",
    "adjustment_yuan",
    "total_yuan",
    "frozen",
]


#: Field names in the change log → their roster column label (``roster.col.<name>``).
FIELD_COLUMN = {"is_public_servant": "public_servant", "village_id": "village"}
FIELD_ENUMS = {"gender": Gender, "category": AgentCategory}


def _field_value(field: str, value, villages: dict[str, str]) -> str:
    """A logged value as the page shows it: labels for enums and yes/no, village names."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if field in FIELD_ENUMS:
        return label(FIELD_ENUMS[field](value))
    if value in ("true", "false"):
        return t("roster_page.yes" if value == "true" else "roster_page.no")
    if field == "village_id":
        return villages.get(str(value), str(value))
    return str(value)


def _field_changes(changes: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The agent's field edits (form and import), newest first, in the page's words."""
    villages = {
        str(v): f"{town} {name}"
        for v, town, name in zip(
            places["village_id"], places["town"], places["village"], strict=True
        )
    }
    frame = changes.copy()
    for column in ("old_value", "new_value"):
        frame[column] = [
            _field_value(f, v, villages) for f, v in zip(frame["field"], frame[column], strict=True)
        ]
    frame["field"] = frame["field"].map(lambda f: t(f"roster.col.{FIELD_COLUMN.get(f, f)}"))
    frame["reason"] = frame["reason"].map(reason_text)
    frame["changed_at"] = frame["changed_at"].map(when)
    return frame


FIELD_CHANGES = ["changed_at", "field", "old_value", "new_value", "actor", "reason"]


def _records(detail: AgentDetail, field_changes: pd.DataFrame) -> None:
    history, matters = _history(detail), _matters(detail)
    sections = (
        ("roster_page.status_history", history, HISTORY, "rp_d_history"),
        ("roster_page.field_history", field_changes, FIELD_CHANGES, "rp_d_fields"),
        ("roster_page.training_record", detail.training, TRAINING, "rp_d_training"),
        ("roster_page.matters", matters, MATTERS, "rp_d_matters"),
        ("roster_page.bonuses", detail.bonuses, BONUSES, "rp_d_bonuses"),
    )
    for title_key, frame, columns, key in sections:
        st.subheader(t(title_key))
        if frame.empty:
            st.caption(t("roster_page.none"))
        else:
            table(frame, columns, key)
    workbook = {
        t(title_key)[:31]: headers(frame, columns) for title_key, frame, columns, _ in sections
    }
    workbook = {t("roster_page.contact"): _contact(detail.profile), **workbook}
    excel_button(
        lambda: xlsx_bytes(workbook),
        f"代理员_{detail.profile['code']}.xlsx",
        "rp_d_export",
        t("roster_page.export_agent"),
    )


# --- changing the agent ---------------------------------------------------------------


def _edit(user: UserView, detail: AgentDetail, places: pd.DataFrame, today: dt.date) -> None:
    profile = detail.profile
    agent_id = int(profile["id"])
    prefix = f"{KEEP}e{agent_id}_"
    version_key = f"{prefix}version"
    # The version the form was loaded at: saving fails if someone changed the agent since.
    st.session_state.setdefault(version_key, int(profile["version"]))
    result = agent_form.agent_form(
        f"rp_edit_form_{agent_id}",
        prefix,
        agent_form.initial_values(profile, today),
        places,
        today,
        t("roster_page.form.save"),
    )
    if st.button(t("roster_page.form.reload"), key=f"rp_edit_reload_{agent_id}"):
        agent_form.clear(prefix)
        st.session_state.pop(version_key, None)
        st.rerun()
    if not result.submitted:
        return
    try:
        with runtime.database().write() as session:
            version = edit_agent(
                session, agent_id, result.data, st.session_state[version_key], user
            )
    except (UserError, ValidationErrors) as exc:
        result.slots.show(exc)
        return
    st.session_state[version_key] = version
    st.toast(t("roster_page.saved"))
    st.rerun()


def _status(user: UserView, detail: AgentDetail, today: dt.date) -> None:
    profile = detail.profile
    agent_id, current = int(profile["id"]), AgentStatus(profile["status"])
    st.caption(t("roster_page.status.current", status=label(current)))
    targets = sorted(TRANSITIONS[current], key=list(AgentStatus).index)
    if not targets:
        st.info(t("roster_page.status.none"))
        return
    prefix = f"{KEEP}s{agent_id}_"
    slots = FieldSlots()
    with st.form(f"rp_status_form_{agent_id}"):
        target = st.selectbox(
            t("roster_page.status.action"),
            targets,
            key=f"{prefix}target",
            format_func=lambda s: _action_text(current, s),
            placeholder=t("common.choose"),
        )
        slots.add("status")
        reason = st.text_input(t("roster_page.status.reason"), key=default(f"{prefix}reason", ""))
        slots.add("reason")
        effective_on = st.date_input(
            t("roster_page.status.effective_on"),
            key=default(f"{prefix}effective_on", today),
            max_value=today,
        )
        slots.add("effective_on")
        submitted = st.form_submit_button(t("roster_page.status.apply"))
    if not submitted:
        return
    try:
        with runtime.database().write() as session:
            change_status(
                session,
                agent_id,
                target,
                effective_on,
                reason,
                user,
                expected_version=int(profile["version"]),
            )
    except (UserError, ValidationErrors) as exc:
        slots.show(exc)
        return
    for name in ("target", "reason", "effective_on"):
        st.session_state.pop(f"{prefix}{name}", None)
    # The edit form must not hold on to the version from before the status change.
    st.session_state.pop(f"{KEEP}e{agent_id}_version", None)
    st.toast(t("roster_page.status.done", status=label(target)))
    st.rerun()


def render(user: UserView, places: pd.DataFrame, today: dt.date) -> None:
    _lookup()
    _matches()
    agent_id = st.session_state.get(AGENT_KEY)
    if agent_id is None:
        st.info(t("roster_page.no_agent"))
        return
    try:
        with runtime.database().read() as session:
            detail = agent_detail(session, int(agent_id))
            changes = change_history(session, AGENT, int(agent_id))
            neighbours = search_agents(
                session, AgentFilter(town_id=int(detail.profile["town_id"]))
            ).agents
    except UserError as err:
        st.error(error_text(err))
        return
    profile = detail.profile
    st.header(f"{profile['name']}（{profile['code']}）")
    st.caption(
        f"{label(AgentStatus(profile['status']))} · {label(AgentCategory(profile['category']))}"
        f" · {profile['town']} {profile['village']}"
    )
    left, right = st.columns([2, 3])
    with left:
        st.subheader(t("roster_page.contact"))
        st.dataframe(
            _contact(profile),
            hide_index=True,
            width="stretch",
            height="content",
            key="rp_d_contact",
        )
    with right:
        st.subheader(t("roster_page.post_map"))
        _map(profile, neighbours)
    _records(detail, _field_changes(changes, places))

    st.divider()
    if not may(user, "roster.edit"):
        st.caption(t("roster_page.edit_readonly"))
        return
    st.subheader(t("roster_page.status"))
    _status(user, detail, today)
    st.subheader(t("roster_page.edit"))
    _edit(user, detail, places, today)

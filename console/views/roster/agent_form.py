"""The agent form, shared by "add an agent" and "edit": raw values in, `AgentInput` out.

Checking is the use case's (`core.agents.roster.check_agent`); the form only collects what was
typed, keeps it on errors, and shows each error under its field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from console.forms import FieldSlots
from console.i18n import label, t
from console.views.roster.common import default
from core.agents.checks import AgentInput
from core.coverage.geo import CoordinateSystem
from core.vocab import AgentCategory, Gender

AUTO = "auto"
FIELDS = (
    "code",
    "name",
    "gender",
    "phone",
    "email",
    "address",
    "category",
    "public_servant",
    "village",
    "lat",
    "lon",
    "coordinate_system",
    "online_capable",
    "joined_on",
)


@dataclass
class FormResult:
    submitted: bool
    data: AgentInput | None
    slots: FieldSlots


def initial_values(profile: dict | None, today: dt.date) -> dict:
    """The form's first values: an agent's stored ones, or an empty new agent."""
    if profile is None:
        return {
            "code": "",
            "name": "",
            "gender": None,
            "phone": "",
            "email": "",
            "address": "",
            "category": None,
            "public_servant": AUTO,
            "village": None,
            "lat": None,
            "lon": None,
            "coordinate_system": CoordinateSystem.WGS84,
            "online_capable": True,
            "joined_on": today,
        }
    return {
        "code": profile["code"],
        "name": profile["name"],
        "gender": Gender(profile["gender"]),
        "phone": profile["phone"],
        "email": profile["email"] or "",
        "address": profile["address"],
        "category": AgentCategory(profile["category"]),
        "public_servant": bool(profile["public_servant"]),
        "village": int(profile["village_id"]),
        "lat": float(profile["lat"]),
        "lon": float(profile["lon"]),
        "coordinate_system": CoordinateSystem.WGS84,
        "online_capable": bool(profile["online_capable"]),
        "joined_on": profile["joined_on"],
    }


def clear(prefix: str) -> None:
    """Forget a form's typed values, so it reloads from the record next time."""
    for name in FIELDS:
        st.session_state.pop(prefix + name, None)


def _village_names(places: pd.DataFrame) -> dict[int, str]:
    return {int(row.village_id): f"{row.town} · {row.village}" for row in places.itertuples()}


def agent_form(
    form_key: str,
    prefix: str,
    initial: dict,
    places: pd.DataFrame,
    today: dt.date,
    submit_label: str,
) -> FormResult:
    keys = {name: default(prefix + name, value) for name, value in initial.items()}
    villages = _village_names(places)
    slots = FieldSlots()
    with st.form(form_key, border=True):
        left, right = st.columns(2)
        with left:
            st.text_input(t("roster_page.form.code"), key=keys["code"], max_chars=16)
            slots.add("code")
            st.text_input(t("roster_page.form.name"), key=keys["name"], max_chars=32)
            slots.add("name")
            st.selectbox(
                t("roster_page.form.gender"),
                list(Gender),
                key=keys["gender"],
                format_func=label,
                placeholder=t("roster_page.form.choose"),
            )
            slots.add("gender")
            st.text_input(t("roster_page.form.phone"), key=keys["phone"])
            slots.add("phone")
            st.text_input(t("roster_page.form.email"), key=keys["email"])
            slots.add("email")
            st.text_input(t("roster_page.form.address"), key=keys["address"])
            slots.add("address")
            st.date_input(t("roster_page.form.joined_on"), key=keys["joined_on"], max_value=today)
            slots.add("joined_on")
        with right:
            st.selectbox(
                t("roster_page.form.category"),
                list(AgentCategory),
                key=keys["category"],
                format_func=label,
                placeholder=t("roster_page.form.choose"),
            )
            slots.add("category")
            st.selectbox(
                t("roster_page.form.public_servant"),
                [AUTO, True, False],
                key=keys["public_servant"],
                format_func=lambda v: {
                    AUTO: t("roster_page.form.public_servant_auto"),
                    True: t("roster_page.yes"),
                    False: t("roster_page.no"),
                }[v],
                placeholder=t("common.choose"),
            )
            st.selectbox(
                t("roster_page.form.village"),
                list(villages),
                key=keys["village"],
                format_func=lambda v: villages.get(v, str(v)),
                placeholder=t("roster_page.form.choose"),
            )
            slots.add("village")
            lat_col, lon_col = st.columns(2)
            lat_col.number_input(
                t("roster_page.form.lat"), key=keys["lat"], value=None, format="%.6f", step=0.0001
            )
            lon_col.number_input(
                t("roster_page.form.lon"), key=keys["lon"], value=None, format="%.6f", step=0.0001
            )
            slots.add("lat", "lon")
            st.selectbox(
                t("roster_page.form.coordinate_system"),
                list(CoordinateSystem),
                key=keys["coordinate_system"],
                format_func=lambda s: t(f"roster_page.crs.{CoordinateSystem(s).value}"),
                help=t("roster_page.form.coordinate_help"),
                placeholder=t("common.choose"),
            )
            slots.add("coordinate_system")
            st.checkbox(t("roster_page.form.online_capable"), key=keys["online_capable"])
        submitted = st.form_submit_button(submit_label, type="primary")
    if not submitted:
        return FormResult(False, None, slots)
    value = {name: st.session_state[key] for name, key in keys.items()}
    public_servant = value["public_servant"]
    data = AgentInput(
        code=value["code"] or "",
        name=value["name"] or "",
        gender=value["gender"],
        phone=value["phone"] or "",
        email=value["email"] or None,
        address=value["address"] or "",
        category=value["category"],
        village_id=value["village"],
        lat=value["lat"],
        lon=value["lon"],
        coordinate_system=value["coordinate_system"],
        online_capable=bool(value["online_capable"]),
        is_public_servant=None if public_servant == AUTO else bool(public_servant),
        joined_on=value["joined_on"],
    )
    return FormResult(True, data, slots)

"""The users page: every account, create one, and act on one (temporary password, role,
disable/enable, unlock); the change log under it. Rules live in `core.admin.users`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import label, t
from console.views.admin.common import flash, history_table, refuse, show_flash, when, yes_no
from console.widgets import excel_download
from core.admin import users as admin
from core.deadlines.lists import unit_choices
from core.errors import UserError, ValidationErrors
from core.timeutil import now_utc
from core.users import UserView
from core.vocab import Role


def _units(session, *, active_only: bool = False) -> dict[int, str]:
    units = unit_choices(session, active_only=active_only)
    return dict(zip(units["unit_id"].astype(int), units["unit_name"], strict=True))


def render(user: UserView) -> None:
    st.title(t("admin.users.title"))
    st.caption(t("admin.users.caption"))
    show_flash()
    with runtime.database().read() as session:
        table = admin.users_table(session, user)
        history = admin.user_history(session, user)
        units, active_units = _units(session), _units(session, active_only=True)
    now = now_utc()
    shown = pd.DataFrame(
        {
            t("admin.col.username"): table["username"],
            t("admin.col.display_name"): table["display_name"],
            t("admin.col.role"): table["role"].map(lambda r: label(Role(r))),
            t("admin.col.unit"): table["unit"].fillna(""),
            t("admin.col.active"): table["is_active"].map(yes_no),
            t("admin.col.must_change"): table["must_change_password"].map(yes_no),
            t("admin.col.last_sign_in"): table["last_sign_in_at"].map(when),
            t("admin.col.locked_until"): [
                when(v) if v is not None and not pd.isna(v) and pd.Timestamp(v) > now else ""
                for v in table["locked_until"]
            ],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="us_table")
    excel_download(shown, "用户.xlsx", key="us_table_xlsx")

    left, right = st.columns(2)
    with left:
        _create(user, active_units)
    with right:
        _manage(user, table, active_units)
    st.subheader(t("admin.users.history"))
    history_table(history, "us_history", "用户修改记录.xlsx", units)


def _create(user: UserView, units: dict[int, str]) -> None:
    st.subheader(t("admin.users.create"))
    username = st.text_input(t("admin.col.username"), key="us_new_username")
    display_name = st.text_input(t("admin.col.display_name"), key="us_new_name")
    role = st.selectbox(
        t("admin.col.role"),
        list(Role),
        format_func=label,
        key="us_new_role",
        placeholder=t("common.choose"),
    )
    unit_id = None
    if role is Role.UNIT_LIAISON:
        unit_id = st.selectbox(
            t("admin.col.unit"),
            list(units),
            format_func=units.get,
            index=None,
            placeholder=t("admin.users.unit_placeholder"),
            key="us_new_unit",
        )
    password = st.text_input(
        t("admin.users.temporary_password"),
        type="password",
        help=t("admin.users.temporary_help"),
        key="us_new_password",
    )
    if st.button(t("admin.users.create_button"), key="us_create", type="primary"):
        try:
            with runtime.database().write() as session:
                admin.create_account(
                    session,
                    user,
                    username,
                    password,
                    role,
                    display_name=display_name,
                    unit_id=unit_id,
                )
        except (UserError, ValidationErrors) as err:
            refuse(err)
            return
        for key in ("us_new_username", "us_new_name", "us_new_password"):
            st.session_state.pop(key, None)
        flash(t("admin.users.created", username=username.strip()))


def _manage(user: UserView, table: pd.DataFrame, units: dict[int, str]) -> None:
    st.subheader(t("admin.users.manage"))
    if table.empty:
        return
    names = dict(zip(table["username"], table["display_name"], strict=True))
    picked = st.selectbox(
        t("admin.users.pick"),
        list(names),
        format_func=lambda u: f"{u} · {names[u]}",
        key="us_pick",
        placeholder=t("common.choose"),
    )
    row = table.set_index("username").loc[picked]
    active = bool(row["is_active"])
    locked = row["locked_until"] is not None and not pd.isna(row["locked_until"])

    def act(action, done_key: str, **params) -> None:
        try:
            with runtime.database().write() as session:
                action(session)
        except (UserError, ValidationErrors) as err:
            refuse(err)
            return
        flash(t(done_key, username=picked, **params))

    cols = st.columns(2)
    if active:
        if cols[0].button(t("admin.users.disable"), key="us_disable"):
            act(lambda s: admin.set_active(s, user, picked, False), "admin.users.disabled")
    elif cols[0].button(t("admin.users.enable"), key="us_enable"):
        act(lambda s: admin.set_active(s, user, picked, True), "admin.users.enabled")
    if cols[1].button(t("admin.users.unlock"), key="us_unlock", disabled=not locked):
        act(lambda s: admin.unlock(s, user, picked), "admin.users.unlocked")

    password = st.text_input(
        t("admin.users.temporary_password"),
        type="password",
        help=t("admin.users.temporary_help"),
        key="us_temp_password",
    )
    if st.button(t("admin.users.set_temporary"), key="us_set_temp"):
        st.session_state.pop("us_temp_password", None)
        act(
            lambda s: admin.set_temporary_password(s, user, picked, password),
            "admin.users.temporary_set",
        )

    current = Role(row["role"])
    roles = list(Role)
    role = st.selectbox(
        t("admin.users.new_role"),
        roles,
        index=roles.index(current),
        format_func=label,
        key=f"us_role_{picked}",
        placeholder=t("common.choose"),
    )
    unit_id = None
    if role is Role.UNIT_LIAISON:
        options = list(units)
        own = row["unit_id"]
        own = None if own is None or pd.isna(own) else int(own)
        unit_id = st.selectbox(
            t("admin.col.unit"),
            options,
            index=options.index(own) if own in options else None,
            format_func=units.get,
            placeholder=t("admin.users.unit_placeholder"),
            key=f"us_role_unit_{picked}",
        )
    if st.button(t("admin.users.set_role"), key="us_set_role"):
        act(
            lambda s: admin.set_role(s, user, picked, role, unit_id=unit_id),
            "admin.users.role_set",
            role=label(role),
        )

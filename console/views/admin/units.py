"""The units page: code, name, level, town, active, liaisons and open matters; add, rename,
deactivate or reactivate one; its liaisons; the change log. Rules: `core.admin.units`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import label, t
from console.views.admin.common import flash, history_table, refuse, show_flash, when, yes_no
from console.widgets import excel_download
from core.admin import units as admin
from core.errors import UserError, ValidationErrors
from core.places import town_names
from core.users import UserView
from core.vocab import UnitLevel


def render(user: UserView) -> None:
    st.title(t("admin.units.title"))
    st.caption(t("admin.units.caption"))
    show_flash()
    with runtime.database().read() as session:
        table = admin.units_table(session, user)
        history = admin.unit_history(session, user)
        towns = town_names(session)
    search = st.text_input(
        t("admin.units.search"), key="un_search", placeholder=t("admin.units.search_hint")
    )
    listed = table
    if search.strip():
        text = search.strip()
        listed = table[
            table["name"].str.contains(text, regex=False)
            | table["code"].str.contains(text.upper(), regex=False)
        ]
    shown = pd.DataFrame(
        {
            t("admin.col.code"): listed["code"],
            t("admin.col.name"): listed["name"],
            t("admin.col.level"): listed["level"].map(lambda v: label(UnitLevel(v))),
            t("admin.col.town"): listed["town"].fillna(""),
            t("admin.col.active"): listed["is_active"].map(yes_no),
            t("admin.col.liaisons"): listed["liaisons"],
            t("admin.col.open_matters"): listed["open_matters"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="un_table")
    excel_download(shown, "承办单位.xlsx", key="un_table_xlsx")
    left, right = st.columns(2)
    with left:
        _manage(user, listed if not listed.empty else table)
    with right:
        _add(user, towns)
    st.subheader(t("admin.units.history"))
    history_table(history, "un_history", "承办单位修改记录.xlsx")


def _manage(user: UserView, table: pd.DataFrame) -> None:
    st.subheader(t("admin.units.manage"))
    rows = table.set_index("unit_id")
    picked = st.selectbox(
        t("admin.units.pick"),
        list(rows.index),
        format_func=lambda i: f"{rows.loc[i, 'name']}（{rows.loc[i, 'code']}）",
        key="un_pick",
        placeholder=t("common.choose"),
    )
    if picked is None:
        return
    row = rows.loc[picked]
    st.caption(
        t(
            "admin.units.summary",
            code=row["code"],
            level=label(UnitLevel(row["level"])),
            open=int(row["open_matters"]),
        )
    )

    def act(action, done_key: str) -> None:
        try:
            with runtime.database().write() as session:
                action(session)
        except (UserError, ValidationErrors) as err:
            refuse(err)
            return
        flash(t(done_key, name=row["name"]))

    name = st.text_input(t("admin.col.name"), value=row["name"], key=f"un_name_{picked}")
    if st.button(t("admin.units.rename"), key="un_rename"):
        act(lambda s: admin.rename_unit(s, user, int(picked), name), "admin.units.renamed")
    if bool(row["is_active"]):
        if st.button(t("admin.units.deactivate"), key="un_deactivate"):
            act(
                lambda s: admin.set_unit_active(s, user, int(picked), False),
                "admin.units.deactivated",
            )
    elif st.button(t("admin.units.reactivate"), key="un_reactivate"):
        act(lambda s: admin.set_unit_active(s, user, int(picked), True), "admin.units.reactivated")
    st.markdown(f"**{t('admin.units.liaisons')}**")
    with runtime.database().read() as session:
        liaisons = admin.unit_liaisons(session, user, int(picked))
    if liaisons.empty:
        st.caption(t("admin.units.no_liaisons"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    t("admin.col.username"): liaisons["username"],
                    t("admin.col.display_name"): liaisons["display_name"],
                    t("admin.col.active"): liaisons["is_active"].map(yes_no),
                    t("admin.col.last_sign_in"): liaisons["last_sign_in_at"].map(when),
                }
            ),
            hide_index=True,
            width="stretch",
            key="un_liaisons",
        )


def _add(user: UserView, towns: dict[int, str]) -> None:
    st.subheader(t("admin.units.add"))
    code = st.text_input(
        t("admin.col.code"), key="un_new_code", placeholder=t("admin.units.code_hint")
    )
    name = st.text_input(t("admin.col.name"), key="un_new_name")
    level = st.selectbox(
        t("admin.col.level"),
        list(UnitLevel),
        format_func=label,
        key="un_new_level",
        placeholder=t("common.choose"),
    )
    town_id = st.selectbox(
        t("admin.col.town"),
        [None, *towns],
        format_func=lambda i: t("admin.units.no_town") if i is None else towns[i],
        key="un_new_town",
        placeholder=t("common.choose"),
    )
    if st.button(t("admin.units.add_button"), key="un_add", type="primary"):
        try:
            with runtime.database().write() as session:
                admin.add_unit(session, user, code, name, level, town_id=town_id)
        except (UserError, ValidationErrors) as err:
            refuse(err)
            return
        for key in ("un_new_code", "un_new_name"):
            st.session_state.pop(key, None)
        flash(t("admin.units.added", name=name.strip()))

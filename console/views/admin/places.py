"""The places page: towns, villages/communities and residential clusters, searchable and
editable, and the cluster upload (the console's `petition-console import-clusters`).
Rules: `core.admin.places` and `core.coverage.cluster_import`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import label, t
from console.views.admin.common import flash, history_table, refuse, show_flash
from console.widgets import excel_download
from core.admin import places as admin
from core.agents.files import ImportResult
from core.coverage.cluster_import import HEADERS, import_clusters
from core.coverage.geo import CoordinateSystem
from core.errors import UserError, ValidationErrors
from core.users import UserView
from core.vocab import ClusterKind, TownKind, VillageKind

KINDS = ("town", "village", "cluster")
KIND_ENUM = {"town": TownKind, "village": VillageKind, "cluster": ClusterKind}


def render(user: UserView) -> None:
    st.title(t("admin.places.title"))
    st.caption(t("admin.places.caption"))
    show_flash()
    kind = st.segmented_control(
        t("admin.places.kind"),
        KINDS,
        default="cluster",
        format_func=lambda k: t(f"admin.places.kind.{k}"),
        key="pl_kind",
    )
    kind = kind or "cluster"
    with runtime.database().read() as session:
        towns = admin.towns_table(session, user)
    town_names = dict(zip(towns["id"], towns["name"], strict=True))
    cols = st.columns([2, 1])
    search = cols[0].text_input(
        t("admin.places.search"), key="pl_search", placeholder=t("admin.places.search_hint")
    )
    town_id = None
    if kind != "town":
        town_id = cols[1].selectbox(
            t("admin.col.town"),
            [None, *town_names],
            format_func=lambda i: t("admin.places.all_towns") if i is None else town_names[i],
            key="pl_town",
            placeholder=t("common.choose"),
        )
    with runtime.database().read() as session:
        if kind == "town":
            table = admin.towns_table(session, user, search)
        elif kind == "village":
            table = admin.villages_table(session, user, search, town_id)
        else:
            table = admin.clusters_table(session, user, search, town_id)
        history = admin.place_history(session, user)
    _table(kind, table)
    if not table.empty:
        _edit(user, kind, table)
    st.subheader(t("admin.places.upload"))
    _upload(user)
    st.subheader(t("admin.places.history"))
    history_table(history, "pl_history", "地点修改记录.xlsx")


def _table(kind: str, table: pd.DataFrame) -> None:
    columns = {
        "code": "admin.col.code",
        "name": "admin.col.name",
        "kind": "admin.col.kind",
        "town": "admin.col.town",
        "village": "admin.col.village",
        "households": "admin.col.households",
        "population": "admin.col.population",
        "lat": "admin.col.lat",
        "lon": "admin.col.lon",
    }
    enum_cls = KIND_ENUM[kind]
    shown = pd.DataFrame(
        {
            t(key): table[name].map(lambda v: label(enum_cls(v))) if name == "kind" else table[name]
            for name, key in columns.items()
            if name in table.columns
        }
    )
    if kind == "cluster" and len(table) >= admin.CLUSTER_LIMIT:
        st.caption(t("admin.places.limited", n=admin.CLUSTER_LIMIT))
    else:
        st.caption(t("admin.places.count", n=len(table)))
    st.dataframe(shown, hide_index=True, width="stretch", key=f"pl_table_{kind}")
    excel_download(shown, f"{t(f'admin.places.kind.{kind}')}.xlsx", key=f"pl_table_{kind}_xlsx")


def _edit(user: UserView, kind: str, table: pd.DataFrame) -> None:
    st.subheader(t("admin.places.edit"))
    rows = table.set_index("id")
    picked = st.selectbox(
        t("admin.places.pick"),
        list(rows.index),
        format_func=lambda i: f"{rows.loc[i, 'name']}（{rows.loc[i, 'code']}）",
        key=f"pl_pick_{kind}",
        placeholder=t("common.choose"),
    )
    if picked is None:
        return
    row = rows.loc[picked]
    suffix = f"{kind}_{picked}"
    name = st.text_input(t("admin.col.name"), value=row["name"], key=f"pl_name_{suffix}")
    counts = {}
    if kind == "cluster":
        cols = st.columns(2)
        counts["households"] = cols[0].number_input(
            t("admin.col.households"),
            min_value=0,
            max_value=admin.MAX_COUNT,
            value=int(row["households"]),
            step=1,
            key=f"pl_households_{suffix}",
        )
        counts["population"] = cols[1].number_input(
            t("admin.col.population"),
            min_value=0,
            max_value=admin.MAX_COUNT,
            value=int(row["population"]),
            step=1,
            key=f"pl_population_{suffix}",
        )
    cols = st.columns(3)
    lat = cols[0].number_input(
        t("admin.col.lat"), value=float(row["lat"]), format="%.6f", key=f"pl_lat_{suffix}"
    )
    lon = cols[1].number_input(
        t("admin.col.lon"), value=float(row["lon"]), format="%.6f", key=f"pl_lon_{suffix}"
    )
    system = cols[2].selectbox(
        t("admin.places.system"),
        list(CoordinateSystem),
        format_func=lambda s: t(f"roster_page.crs.{s.value}"),
        key=f"pl_system_{suffix}",
        placeholder=t("common.choose"),
    )
    if st.button(t("admin.places.save"), key="pl_save", type="primary"):
        update = {
            "town": admin.update_town,
            "village": admin.update_village,
            "cluster": admin.update_cluster,
        }[kind]
        try:
            with runtime.database().write() as session:
                changed = update(
                    session, user, int(picked), name=name, lat=lat, lon=lon, system=system, **counts
                )
        except (UserError, ValidationErrors) as err:
            refuse(err)
            return
        flash(t("admin.places.saved", n=changed))


def _upload(user: UserView) -> None:
    """A dry run first (every row checked, nothing kept); the import only after a clean one."""
    st.caption(t("admin.places.upload_help", columns="、".join(HEADERS)))
    upload = st.file_uploader(t("admin.places.file"), type=["xlsx", "csv"], key="pl_file")
    cols = st.columns([1, 1, 4])
    if cols[0].button(t("admin.places.check"), key="pl_check", disabled=upload is None):
        result = _import(user, upload, dry_run=True)
        st.session_state[CHECKED] = (upload.name, result) if result is not None else None
    checked = st.session_state.get(CHECKED)
    if checked is not None and (upload is None or checked[0] != upload.name):
        checked = st.session_state[CHECKED] = None
    clean = checked is not None and not checked[1].errors
    run = cols[1].button(
        t("admin.places.run"),
        key="pl_run",
        type="primary",
        disabled=not clean,
        help=t("admin.places.run_help"),
    )
    if run and clean:
        st.session_state[CHECKED] = None
        result = _import(user, upload, dry_run=False)
        if result is not None:
            _report(result)
    elif checked is not None:
        _report(checked[1])


CHECKED = "pl_checked"


def _import(user: UserView, upload, *, dry_run: bool) -> ImportResult | None:
    try:
        database = runtime.database()
        with database.read() if dry_run else database.write() as session:
            return import_clusters(
                session, upload.getvalue(), upload.name, dry_run=dry_run, actor=user
            )
    except UserError as err:
        st.error(error_text(err))
        return None


def _report(result: ImportResult) -> None:
    if result.errors:
        st.error(t("admin.places.import_errors", n=len(result.errors)))
        frame = pd.DataFrame(
            {
                t("admin.col.row"): [e.row for e in result.errors],
                t("admin.col.column"): [e.column for e in result.errors],
                t("admin.col.message"): [
                    error_text(UserError(e.key, e.field, **e.params)) for e in result.errors
                ],
            }
        )
        st.dataframe(frame, hide_index=True, width="stretch", key="pl_import_errors")
        return
    done = "admin.places.import_checked" if result.dry_run else "admin.places.import_done"
    st.success(t(done, created=result.created, updated=result.updated, unchanged=result.unchanged))

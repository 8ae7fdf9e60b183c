"""Tab "季度通报": the quarterly bulletin per unit and the district rates (BRIEF §9)."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from console import runtime
from console.i18n import quarter_label, t
from console.views.deadlines.common import Context, show_error, table
from console.widgets import excel_button
from core.errors import UserError
from core.export import xlsx_bytes
from core.quarters import quarters_back
from core.reporting.bulletin import PER_UNIT_COLUMNS, quarterly_bulletin
from core.users import UserView

QUARTERS_SHOWN = 8
RATES = (
    "on_time_rate",
    "closure_rate",
    "cessation_rate",
    "satisfaction_rate",
    "rating_rate",
    "repeat_rate",
)
#: The per-unit table as the bulletin defines it, less the unit code (the name is shown).
SHOWN_COLUMNS = [c for c in PER_UNIT_COLUMNS if c != "unit_code"]
CHART_FIGURES = ("received", "replied_on_time", "overdue", "replies_not_delivered")


@st.cache_data(ttl=600, show_spinner=False, max_entries=64)
def _bulletin(
    database_url: str,
    quarter: str,
    today: dt.date,
    unit: int | None,
    stamp: tuple,
    _viewer: UserView,
):
    """The bulletin, computed once per database, quarter, day, viewer's unit and state of the
    data (a quarter of a large district takes a second or two; the tab renders on every
    rerun). The viewer itself is not hashed: the unit it is scoped to (core.policy) is."""
    with runtime.database().read() as session:
        return quarterly_bulletin(session, quarter, today, _viewer)


def render(ctx: Context) -> None:
    options = quarters_back(ctx.today, QUARTERS_SHOWN)
    quarter = st.selectbox(
        t("deadlines.bulletin.quarter"),
        options,
        index=1,
        key="dl_quarter",
        format_func=quarter_label,
        help=t("deadlines.bulletin.quarter_help"),
        placeholder=t("common.choose"),
    )
    try:
        per_unit, district = _bulletin(
            runtime.config().database_url, quarter, ctx.today, ctx.unit_scope, ctx.stamp, ctx.user
        )
    except UserError as err:
        show_error(err)
        return
    st.caption(
        t(
            "deadlines.bulletin.caption",
            quarter=quarter_label(quarter),
            today=ctx.today.isoformat(),
            received=district["received"],
            submissions=district["submissions"],
        )
    )
    _rates(district)
    if ctx.is_liaison:  # core gave a liaison its own unit's row only
        st.info(t("deadlines.bulletin.own_unit"))
    else:
        _chart(per_unit)
    st.subheader(t("deadlines.bulletin.per_unit"))
    units = table(
        per_unit,
        SHOWN_COLUMNS,
        "dl_bulletin_tbl",
        None,
        column_config={"satisfaction_rate": st.column_config.NumberColumn(format="percent")},
    )
    rates = pd.DataFrame(
        {
            t("deadlines.col.rate"): [t(f"deadlines.bulletin.{r}") for r in RATES],
            t("deadlines.col.value"): [district[r] for r in RATES],
        }
    )
    sheets = {
        t("deadlines.bulletin.sheet_units"): units,
        t("deadlines.bulletin.sheet_rates"): rates,
    }
    excel_button(
        lambda: xlsx_bytes(sheets),
        t("deadlines.file.bulletin", quarter=quarter),
        "dl_bulletin_xlsx",
        help=t("deadlines.bulletin.export_help"),
    )


def _percent(value) -> str:
    return "—" if value is None else f"{value:.1%}"


def _rates(district: dict) -> None:
    cols = st.columns(len(RATES))
    for col, rate in zip(cols, RATES, strict=True):
        col.metric(
            t(f"deadlines.bulletin.{rate}"),
            _percent(district[rate]),
            help=t(f"deadlines.bulletin.{rate}_help"),
            border=True,
        )


def _chart(per_unit: pd.DataFrame) -> None:
    top = per_unit.sort_values("received", ascending=False).head(15)
    if top.empty or top["received"].sum() == 0:
        return
    long = top.assign(unit=top["unit_name"].fillna(t("deadlines.unassigned"))).melt(
        id_vars=["unit"], value_vars=list(CHART_FIGURES), var_name="figure", value_name="n"
    )
    long["figure"] = long["figure"].map(lambda f: t(f"deadlines.col.{f}"))
    st.markdown(f"**{t('deadlines.bulletin.chart_title')}**")
    st.altair_chart(
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y(
                "unit:N", sort=list(top["unit_name"].fillna(t("deadlines.unassigned"))), title=None
            ),
            x=alt.X("n:Q", title=t("deadlines.bulletin.items"), axis=alt.Axis(tickMinStep=1)),
            yOffset=alt.YOffset("figure:N", sort=[t(f"deadlines.col.{f}") for f in CHART_FIGURES]),
            color=alt.Color(
                "figure:N",
                title=None,
                sort=[t(f"deadlines.col.{f}") for f in CHART_FIGURES],
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("unit:N", title=t("deadlines.col.unit_name")),
                alt.Tooltip("figure:N", title=" "),
                alt.Tooltip("n:Q", title=t("deadlines.bulletin.items")),
            ],
        )
        .properties(height=max(200, 60 * len(top))),
        width="stretch",
    )

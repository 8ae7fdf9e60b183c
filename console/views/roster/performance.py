"""Tab "绩效与奖励": the quarter's per-agent figures and fair ranking, agents to follow up,
and the bonus ledger (compute, approve and freeze, reconcile, export)."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import quarter_label, t
from console.views.roster.common import KEEP, default, labelled, table, when
from console.widgets import excel_button
from core.access import may
from core.actors import display_names
from core.agents.bonus import (
    appraisal_list,
    approve_quarter,
    compute_quarter,
    latest_ledger_quarter,
    ledger,
    ledger_xlsx,
    quarter_state,
    quarter_totals,
    reconcile,
)
from core.agents.performance import MIN_RANKED_CASES, quarterly_ranking
from core.errors import UserError
from core.quarters import quarters_back
from core.timeutil import show
from core.users import UserView
from core.vocab import AgentStatus, BonusKind

QUARTERS_SHOWN = 8
CHART_TOP = 15
RANKING = [
    "rank",
    "code",
    "name",
    "town",
    "village",
    "status",
    "filed",
    "originals",
    "accepted",
    "replied",
    "replied_on_time",
    "on_time_rate",
    "rated",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "satisfaction_rate",
    "ceased",
    "cessation_rate",
]
RATES = ["acceptance_rate", "on_time_rate", "satisfaction_rate", "cessation_rate"]
FOLLOW_UP = ["code", "name", "town", "village"]
LEDGER = ["code", "name", "kind", "amount_yuan", "case_number", "corrects", "created_at"]
FIGURES = [
    "code",
    "name",
    "proxied",
    "basically_satisfied",
    "satisfied_ceased",
    "adjustment_yuan",
    "total_yuan",
]
#: Public servants are appraised, never paid (BRIEF §4): counts only, no yuan.
APPRAISAL = ["code", "name", "proxied", "basically_satisfied", "satisfied_ceased"]
RECONCILE = ["code", "name", "case_number", "kind", "ledger_yuan", "records_yuan", "difference"]
#: The satisfaction axis ends at 100 %; the figures behind each bar sit in their own column.
RATE_DOMAIN = (0, 1)


def _rate_columns() -> dict:
    return {
        t(f"roster.col.{rate}"): st.column_config.NumberColumn(format="percent") for rate in RATES
    }


def _chart(ranking: pd.DataFrame) -> None:
    top = ranking[ranking["ranked"]].head(CHART_TOP).copy()
    if top.empty:
        return
    top["agent"] = top["code"] + " " + top["name"]
    top["good"] = top["satisfied"] + top["basically_satisfied"]
    top["label"] = [
        t("roster_page.perf.chart_label", good=g, rated=r, originals=o)
        for g, r, o in zip(top["good"], top["rated"], top["originals"], strict=True)
    ]
    rate = t("roster.col.satisfaction_rate")
    agent, figures = t("roster_page.perf.chart_agent"), t("roster_page.perf.chart_figures")
    top[rate] = top["satisfaction_rate"].clip(*RATE_DOMAIN)
    top[agent], top[figures] = top["agent"], top["label"]
    height = 26 * len(top) + 40
    y = alt.Y(f"{agent}:N", sort=list(top[agent]), title=None, axis=alt.Axis(labelOverlap=False))
    tooltip = [f"{agent}:N", alt.Tooltip(f"{rate}:Q", format=".0%"), f"{figures}:N"]
    bars = (
        alt.Chart(top)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(
                f"{rate}:Q",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=list(RATE_DOMAIN), clamp=True),
                title=rate,
            ),
            tooltip=tooltip,
        )
        .properties(height=height)
    )
    text = (
        alt.Chart(top)
        .mark_text(align="left")
        .encode(y=alt.Y(f"{agent}:N", sort=list(top[agent]), axis=None), text=f"{figures}:N")
        .properties(height=height, width=220, title=figures)
    )
    st.markdown(f"**{t('roster_page.perf.chart', n=len(top))}**")
    st.altair_chart(alt.hconcat(bars, text, spacing=8), width="stretch")


def _performance(quarter: str) -> None:
    with runtime.database().read() as session:
        ranking = quarterly_ranking(session, quarter)
    cols = st.columns(3)
    cols[0].metric(t("roster_page.perf.listed"), len(ranking))
    cols[1].metric(t("roster_page.perf.ranked"), int(ranking["ranked"].sum()))
    cols[2].metric(t("roster_page.perf.follow_up"), int(ranking["follow_up"].sum()))
    st.subheader(t("roster_page.perf.ranking"))
    st.caption(t("roster_page.perf.ranking_help", n=MIN_RANKED_CASES))
    filing = ranking[ranking["filed"] > 0]
    if filing.empty:
        st.info(t("roster_page.perf.no_data"))
    else:
        _chart(filing)
        shown = labelled(filing, {"status": AgentStatus})
        unranked = t("roster_page.perf.unranked")
        shown["rank"] = shown["rank"].map(
            lambda r: unranked if r is None or pd.isna(r) else str(int(r))
        )
        table(
            shown,
            RANKING,
            "rp_p_ranking",
            f"代理员绩效_{quarter}.xlsx",
            column_config=_rate_columns(),
        )
    idle = ranking[ranking["follow_up"]]
    with st.expander(f"{t('roster_page.perf.follow_up_list')} · {len(idle)}"):
        table(idle, FOLLOW_UP, "rp_p_follow_up", f"需回访代理员_{quarter}.xlsx")


def _state_banner(quarter: str):
    with runtime.database().read() as session:
        state = quarter_state(session, quarter)
        approved_by = state.approved_by and display_names(session, [state.approved_by])
    if state.approved_by:
        approver = approved_by.get(state.approved_by)
        st.success(
            t(
                "roster_page.bonus.approved",
                quarter=quarter_label(quarter),
                by=approver,
                at=show(state.approved_at),
                total=state.approved_total_yuan,
            ),
            icon=":material/lock:",
        )
    elif state.frozen:
        st.success(
            t("roster_page.bonus.frozen", quarter=quarter_label(quarter)), icon=":material/lock:"
        )
    else:
        st.info(t("roster_page.bonus.open", quarter=quarter_label(quarter)))
    return state


def _actions(user: UserView, quarter: str, frozen: bool) -> None:
    cols = st.columns(2)
    if may(user, "bonus.compute"):
        with cols[0]:
            if st.button(t("roster_page.bonus.compute"), key="rp_b_compute", disabled=frozen):
                try:
                    with runtime.database().write() as session:
                        summary = compute_quarter(session, quarter, user)
                except UserError as err:
                    st.error(error_text(err))
                else:
                    st.success(
                        t(
                            "roster_page.bonus.computed",
                            entries=summary.entries,
                            total=summary.total_yuan,
                        )
                    )
    if may(user, "bonus.approve") and not frozen:
        with cols[1]:
            confirm_key = f"rp_b_confirm_{quarter}"
            confirmed = st.checkbox(
                t("roster_page.bonus.confirm", quarter=quarter_label(quarter)), key=confirm_key
            )
            if st.button(
                t("roster_page.bonus.approve"),
                key="rp_b_approve",
                type="primary",
                disabled=not confirmed,
            ):
                try:
                    with runtime.database().write() as session:
                        summary = approve_quarter(session, quarter, user)
                except UserError as err:
                    st.error(error_text(err))
                else:
                    st.session_state["rp_b_done"] = (quarter, summary.total_yuan)
                    st.rerun()


def _ledger(quarter: str) -> None:
    with runtime.database().read() as session:
        entries = ledger(session, quarter)
        totals = quarter_totals(session, quarter)
        appraisal = appraisal_list(session, quarter)
        differences = reconcile(session, quarter)
    cols = st.columns(2)
    cols[0].metric(t("roster_page.bonus.total_metric"), int(entries["amount_yuan"].sum()))
    cols[1].metric(t("roster_page.bonus.paid_agents"), len(totals))
    if entries.empty:
        st.caption(t("roster_page.bonus.empty"))
    else:
        shown = labelled(entries, {"kind": BonusKind, "corrects": BonusKind})
        shown["created_at"] = shown["created_at"].map(when)
        st.markdown(f"**{t('roster_page.bonus.entries')}**")
        table(shown, LEDGER, "rp_b_entries")
        st.markdown(f"**{t('roster_page.bonus.totals')}**")
        table(totals, FIGURES, "rp_b_totals")
    st.markdown(f"**{t('roster_page.bonus.appraisal')}**")
    if appraisal.empty:
        st.caption(t("roster_page.none"))
    else:
        table(appraisal, APPRAISAL, "rp_b_appraisal", f"公职人员考核_{quarter}.xlsx")
    st.markdown(f"**{t('roster_page.bonus.reconcile')}**")
    if differences.empty:
        st.success(t("roster_page.bonus.reconciled"), icon=":material/check:")
    else:
        st.warning(t("roster_page.bonus.differences", n=len(differences)))
        st.caption(t("roster_page.bonus.differences_help"))
        table(labelled(differences, {"kind": BonusKind}), RECONCILE, "rp_b_reconcile")
    database = runtime.database()

    def workbook() -> bytes:
        with database.read() as session:
            return ledger_xlsx(session, quarter)

    excel_button(workbook, f"奖励台账_{quarter}.xlsx", "rp_b_export", t("roster_page.bonus.export"))


def _opening_quarter(options: list[str]) -> str:
    """Where the ledger opens: the newest ended quarter that has entries (normally last
    quarter, approved), never an empty one; else last quarter."""
    with runtime.database().read() as session:
        found = latest_ledger_quarter(session, before=options[1])
    return found if found in options else options[1]


def render(user: UserView, today: dt.date) -> None:
    options = quarters_back(today, QUARTERS_SHOWN)
    quarter = st.selectbox(
        t("roster_page.quarter"),
        options,
        key=default(KEEP + "quarter", _opening_quarter(options)),
        format_func=quarter_label,
        placeholder=t("common.choose"),
    )
    _performance(quarter)
    st.divider()
    st.subheader(t("roster_page.bonus.title"))
    st.caption(t("roster_page.bonus.rules"))
    done = st.session_state.pop("rp_b_done", None)
    if done:
        st.success(
            t("roster_page.bonus.approved_now", quarter=quarter_label(done[0]), total=done[1])
        )
    state = _state_banner(quarter)
    _actions(user, quarter, state.frozen)
    _ledger(quarter)

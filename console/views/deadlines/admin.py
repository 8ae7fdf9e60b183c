"""Tab "规则与日历" (deadlines.rules roles): the deadline rules, changed one at a time with a
reason, their change log, and the working-day calendar: which years are verified, a year's
published schedule, a single holiday announced early."""

from __future__ import annotations

import streamlit as st

from console import runtime
from console.i18n import label, t
from console.views.deadlines.common import (
    Context,
    flash,
    forget,
    rule_name,
    show_error,
    table,
)
from core.actors import with_display_names
from core.deadlines.calendar_admin import apply_admin_holiday, apply_year_schedule, parse_schedule
from core.deadlines.lists import (
    calendar_days,
    calendar_years,
    rule_changes,
    rules_table,
)
from core.deadlines.rules import change_rule
from core.errors import UserError, ValidationErrors
from core.history import SETTING, change_history
from core.vocab import DayBasis

RULE_COLUMNS = [
    "rule_name",
    "days",
    "basis",
    "roll_over_holiday",
    "max_extension_days",
    "version",
    "updated_at",
    "updated_by",
]
CHANGE_COLUMNS = [
    "changed_at",
    "rule_name",
    "version",
    "change",
    "reason",
    "actor",
    "clocks_recomputed",
]
YEAR_COLUMNS = ["year", "verified", "source", "holidays", "workdays", "updated_at", "updated_by"]
DAY_COLUMNS = ["day", "is_working", "name", "source"]


def _named(frame, *columns: str):
    """The frame with its who-columns as people's names, never usernames (#14)."""
    with runtime.database().read() as session:
        return with_display_names(session, frame, *columns)


def render(ctx: Context) -> None:
    _rules(ctx)
    st.divider()
    _settings_log()
    st.divider()
    _calendar(ctx)


SETTING_COLUMNS = ["changed_at", "setting", "old_value", "new_value", "actor", "reason"]

# --- settings -------------------------------------------------------------------------


def _settings_log() -> None:
    """Every change of an office setting (thresholds, walking radius, lockout, simulated
    today): who, when, the old and the new value."""
    with runtime.database().read() as session:
        log = change_history(session, SETTING)
    st.subheader(t("deadlines.settings_log.title"))
    st.caption(t("deadlines.settings_log.caption"))
    if log.empty:
        st.caption(t("deadlines.settings_log.none"))
        return
    log = log.assign(
        setting=log["entity_key"].map(lambda key: t(f"setting.{key}")),
        old_value=log["old_value"].map(_setting_value),
        new_value=log["new_value"].map(_setting_value),
    )
    table(
        _named(log, "actor"), SETTING_COLUMNS, "dl_settings_log", t("deadlines.file.settings_log")
    )


def _setting_value(value) -> str:
    """A logged setting value: empty for none (e.g. simulated today off), else as stored."""
    if value is None or value == "" or (not isinstance(value, str) and value != value):
        return t("deadlines.settings_log.empty")
    return str(value)


# --- rules ----------------------------------------------------------------------------


def _rules(ctx: Context) -> None:
    with runtime.database().read() as session:
        rules = rules_table(session)
        changes = rule_changes(session)
    st.subheader(t("deadlines.rules.title"))
    st.caption(t("deadlines.rules.caption"))
    table(
        _named(rules.assign(rule_name=rules["key"]), "updated_by"),
        RULE_COLUMNS,
        "dl_rules_tbl",
        t("deadlines.file.rules"),
    )

    rows = {r["key"]: r for _, r in rules.iterrows()}
    with st.container(border=True):
        st.markdown(f"**{t('deadlines.rules.edit')}**")
        key = st.selectbox(
            t("deadlines.rules.rule"),
            list(rows),
            key="dl_rule_key",
            format_func=rule_name,
            placeholder=t("common.choose"),
        )
        rule = rows[key]
        cols = st.columns(4)
        days = cols[0].number_input(
            t("deadlines.col.days"),
            min_value=1,
            max_value=365,
            value=int(rule["days"]),
            step=1,
            key=f"dl_rule_days_{key}",
        )
        bases = [b.value for b in DayBasis]
        basis = cols[1].selectbox(
            t("deadlines.col.basis"),
            bases,
            index=bases.index(rule["basis"]),
            key=f"dl_rule_basis_{key}",
            format_func=lambda b: label(DayBasis(b)),
            placeholder=t("common.choose"),
        )
        extension = cols[2].number_input(
            t("deadlines.col.max_extension_days"),
            min_value=0,
            max_value=365,
            value=int(rule["max_extension_days"]),
            step=1,
            key=f"dl_rule_ext_{key}",
        )
        roll = cols[3].checkbox(
            t("deadlines.col.roll_over_holiday"),
            value=bool(rule["roll_over_holiday"]),
            key=f"dl_rule_roll_{key}",
            help=t("deadlines.rules.roll_help"),
        )
        reason = st.text_input(t("deadlines.rules.reason"), key=f"dl_rule_reason_{key}")
        if st.button(
            t("deadlines.rules.save"), key="dl_rule_save", type="primary", icon=":material/save:"
        ):
            try:
                with runtime.database().write() as session:
                    change = change_rule(
                        session,
                        key,
                        days=int(days),
                        basis=basis,
                        roll_over_holiday=roll,
                        max_extension_days=int(extension),
                        reason=reason,
                        actor=ctx.user,
                    )
                    version, recomputed = change.version, change.clocks_recomputed
            except (UserError, ValidationErrors) as err:
                show_error(err)
            else:
                forget("dl_rule_")
                flash(t("deadlines.rules.saved", rule=key, version=version, n=recomputed))
                st.rerun()

    st.markdown(f"**{t('deadlines.rules.changes')}**")
    if changes.empty:
        st.caption(t("deadlines.rules.no_changes"))
    else:
        table(
            _named(changes.assign(rule_name=changes["key"]), "actor"),
            CHANGE_COLUMNS,
            "dl_rule_changes_tbl",
            t("deadlines.file.rule_changes"),
        )


# --- calendar -------------------------------------------------------------------------


def _calendar(ctx: Context) -> None:
    with runtime.database().read() as session:
        years = calendar_years(session, ctx.today)
    st.subheader(t("deadlines.calendar.title"))
    st.caption(t("deadlines.calendar.caption"))
    table(_named(years, "updated_by"), YEAR_COLUMNS, "dl_years_tbl", t("deadlines.file.years"))

    year_list = [int(y) for y in years["year"]]
    shown_year = st.selectbox(
        t("deadlines.calendar.show_year"),
        year_list,
        index=year_list.index(ctx.today.year),
        key="dl_cal_show",
        placeholder=t("common.choose"),
    )
    with runtime.database().read() as session:
        days = calendar_days(session, shown_year)
    if days.empty:
        st.caption(t("deadlines.calendar.no_days", year=shown_year))
    else:
        table(
            days, DAY_COLUMNS, "dl_days_tbl", t("deadlines.file.days", year=shown_year), height=240
        )

    left, right = st.columns([3, 2])
    with left, st.container(border=True):
        _year_schedule(ctx, year_list)
    with right, st.container(border=True):
        _single_holiday(ctx)


def _year_schedule(ctx: Context, year_list: list[int]) -> None:
    st.markdown(f"**{t('deadlines.calendar.enter_title')}**")
    st.caption(t("deadlines.calendar.enter_help"))
    year = st.number_input(
        t("deadlines.calendar.year"),
        min_value=2000,
        max_value=2100,
        value=ctx.today.year + 1,
        step=1,
        key="dl_cal_year",
    )
    holidays_text = st.text_area(
        t("deadlines.calendar.holidays"),
        key="dl_cal_holidays",
        height=150,
        placeholder=t("deadlines.calendar.holidays_placeholder"),
    )
    workdays_text = st.text_area(
        t("deadlines.calendar.workdays"),
        key="dl_cal_workdays",
        height=90,
        placeholder=t("deadlines.calendar.workdays_placeholder"),
    )
    if st.button(
        t("deadlines.calendar.enter"),
        key="dl_cal_enter",
        type="primary",
        icon=":material/event_available:",
    ):
        try:
            holidays = parse_schedule(holidays_text, "holidays")
            workdays = parse_schedule(workdays_text, "workdays")
            with runtime.database().write() as session:
                recomputed = apply_year_schedule(session, int(year), holidays, workdays, ctx.user)
        except (UserError, ValidationErrors) as err:
            show_error(err)
            return
        forget("dl_cal_")
        flash(
            t(
                "deadlines.calendar.entered",
                year=int(year),
                holidays=len(holidays),
                workdays=len(workdays),
                n=recomputed,
            )
        )
        st.rerun()


def _single_holiday(ctx: Context) -> None:
    st.markdown(f"**{t('deadlines.calendar.holiday_title')}**")
    st.caption(t("deadlines.calendar.holiday_help"))
    day = st.date_input(t("deadlines.calendar.day"), value=None, key="dl_hol_day")
    name = st.text_input(t("deadlines.calendar.name"), key="dl_hol_name")
    if st.button(
        t("deadlines.calendar.add_holiday"), key="dl_hol_add", icon=":material/event_busy:"
    ):
        if day is None:
            st.error(t("deadlines.calendar.day_required"))
            return
        try:
            with runtime.database().write() as session:
                recomputed = apply_admin_holiday(session, day, name, ctx.user)
        except (UserError, ValidationErrors) as err:
            show_error(err)
            return
        forget("dl_hol_")
        flash(
            t(
                "deadlines.calendar.holiday_added",
                day=day.isoformat(),
                name=name.strip(),
                n=recomputed,
            )
        )
        st.rerun()

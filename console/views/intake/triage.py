"""The triage queue and panel: one of the seven outcomes, asking only for what it needs."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from console import runtime
from console.forms import FieldSlots, error_text, forget_version
from console.i18n import label, t
from console.views.deadlines.common import COLOUR_CSS, colour_text
from console.views.matter import open_matter
from console.views.queue.detail import timeline
from console.widgets import excel_download
from core.cases.duplicates import repeat_petition_rate
from core.cases.find import matter_id_by_case
from core.cases.notices import render_notice
from core.cases.routing import coordination_unit, local_units, suggest_unit
from core.cases.triage import (
    NOTE_LIMIT,
    REDIRECT_LIMIT,
    REQUIRED_INPUTS,
    LegalChannel,
    TriageDecision,
    default_redirect_key,
    triage,
    triage_queue,
)
from core.deadlines.board import ClockScope, open_clock_board
from core.deadlines.lists import unit_choices
from core.errors import ConcurrentEditError, UserError, ValidationErrors
from core.timeutil import show
from core.users import UserView
from core.vocab import Channel, ClockKind, ContentType, Topic, TriageOutcome, Urgency

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DECIDED = "tr_decided"
RISKS = ("collective", "skip_level", "repeat", "emotion")
SHOWN_COLUMNS = (
    "case_number",
    "received_at",
    "colour",
    "days_left",
    "agent_proxied",
    "risk_flagged",
    "is_collective",
    "topic",
    "urgency",
    "town",
    "summary",
)


def render(user: UserView, today: dt.date) -> None:
    _show_decided()
    with runtime.database().read() as session:
        queue = triage_queue(session, today)
        rate = repeat_petition_rate(session, today - dt.timedelta(days=90), today)
        colours = _acceptance_colours(session, today) if len(queue) else {}
    queue["colour"] = queue["matter_id"].map(colours)
    cols = st.columns(3)
    cols[0].metric(t("triage.waiting"), len(queue))
    cols[1].metric(t("triage.overdue"), int((queue["days_left"] < 0).sum()) if len(queue) else 0)
    cols[2].metric(
        t("triage.repeat_rate"),
        f"{rate.rate:.1%}",
        help=t("triage.repeat_rate_help", repeats=rate.repeats, n=rate.submissions),
    )
    if queue.empty:
        st.info(t("triage.empty"))
        return
    shown = _labelled(queue)
    picked = st.dataframe(
        _coloured(shown),
        hide_index=True,
        width="stretch",
        key="tr_table",
        on_select="rerun",
        selection_mode="single-row",
    )
    excel_download(shown, "待导访事项.xlsx", key="tr_export")
    rows = picked.selection.rows if picked else []
    by_case = dict(zip(queue["case_number"], queue.index, strict=True))
    case = st.selectbox(
        t("triage.pick"),
        list(by_case),
        index=rows[0] if rows else None,
        key="tr_case",
        placeholder=t("triage.pick_hint"),
    )
    if case is not None:
        _panel(queue.loc[by_case[case]], user, today)


def _acceptance_colours(session, today: dt.date) -> dict[int, str]:
    """The warning colour of each matter's 15-day acceptance clock, as the deadlines board
    colours it (`triage_queue` gives only the days left)."""
    board = open_clock_board(session, today, scope=ClockScope.LEGAL)
    accepting = board[board["kind"] == ClockKind.ACCEPTANCE]
    return dict(zip(accepting["matter_id"], accepting["colour"].astype(str), strict=True))


def _labelled(queue: pd.DataFrame) -> pd.DataFrame:
    frame = queue[list(SHOWN_COLUMNS)].copy()
    frame["received_at"] = frame["received_at"].map(lambda v: show(pd.Timestamp(v)))
    frame["colour"] = frame["colour"].map(lambda v: colour_text(v) if isinstance(v, str) else "")
    frame["topic"] = frame["topic"].map(lambda v: label(Topic(v)))
    frame["urgency"] = frame["urgency"].map(lambda v: label(Urgency(v)))
    for flag in ("agent_proxied", "risk_flagged", "is_collective"):
        frame[flag] = frame[flag].map(lambda v: "✓" if v else "")
    return frame.rename(columns={c: t(f"triage.col.{c}") for c in SHOWN_COLUMNS})


def _coloured(shown: pd.DataFrame):
    """The warning and days-left columns in the warning colour (text colour, no emoji)."""
    colour_column, days_column = t("triage.col.colour"), t("triage.col.days_left")
    css = {colour_text(c): f"color: {v}; font-weight: 600" for c, v in COLOUR_CSS.items()}
    styles = shown[colour_column].map(lambda v: css.get(v, ""))

    def style(frame: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame("", index=frame.index, columns=frame.columns)
        out[colour_column] = styles
        out[days_column] = styles
        return out

    return shown.style.apply(style, axis=None)


def _panel(row: pd.Series, user: UserView, today: dt.date) -> None:
    opened = open_matter(row, user)
    if opened is None:
        return
    matter_id, record, version, detail = (opened.id, opened.record, opened.version, opened.detail)
    matter = detail.matter
    with runtime.database().read() as session:
        local = local_units(session, matter["town_id"], matter["village_id"])
        suggested = suggest_unit(session, matter["topic"], matter["town_id"])
        centre = coordination_unit(session)
        units = unit_choices(session, active_only=True)
    _record(detail)
    outcome = st.radio(
        t("triage.outcome"), list(TriageOutcome), format_func=label, key=f"tr_outcome_{matter_id}"
    )
    slots = FieldSlots()
    decision = _inputs(outcome, matter_id, slots, local, suggested, centre, units)
    if st.button(t("triage.decide"), type="primary", key=f"tr_decide_{matter_id}"):
        try:
            with runtime.database().write() as session:
                triage(session, matter_id, version, decision, user, today)
        except ConcurrentEditError as err:
            forget_version(record)
            st.error(error_text(err))
            return
        except (ValidationErrors, UserError) as err:
            slots.show(err)
            return
        forget_version(record)
        st.session_state[DECIDED] = (matter_id, matter["case_number"], outcome)
        st.rerun()


def _record(detail) -> None:
    """What the clerk decides on: the claim, who filed it and how, and its timeline."""
    matter = detail.matter
    with st.container(border=True):
        st.markdown(
            f"**{matter['case_number']}** · {label(ContentType(matter['content_type']))}"
            f" · {label(Topic(matter['topic']))} · {label(Urgency(matter['urgency']))}"
            f" · {t('triage.headcount', n=matter['headcount'])}"
        )
        flags = [t(f"RiskSignal.{k}") for k in RISKS if matter[f"risk_{k}"]]
        if flags:
            st.markdown(" ".join(f":orange-badge[{f}]" for f in flags))
        st.write(matter["summary"])
        if matter.get("full_text"):
            st.caption(matter["full_text"])
        filings = detail.submissions
        if len(filings):
            st.dataframe(
                pd.DataFrame(
                    {
                        t("triage.col.submitted_at"): filings["submitted_at"].map(
                            lambda v: show(pd.Timestamp(v))
                        ),
                        t("intake.channel"): filings["channel"].map(lambda v: label(Channel(v))),
                        t("triage.col.agent"): filings["agent_code"].fillna("")
                        + " "
                        + filings["agent_name"].fillna(""),
                        t("intake.agreement_number"): filings["agreement_number"].fillna(""),
                    }
                ),
                hide_index=True,
                width="stretch",
            )
        people = detail.petitioners
        st.dataframe(
            pd.DataFrame(
                {
                    t(f"intake.petitioner.{c}"): people[c]
                    for c in ("name", "id_number", "phone", "address", "village")
                }
                | {
                    t("intake.petitioner.representative"): people["is_representative"].map(
                        lambda v: "✓" if v else ""
                    )
                }
            ),
            hide_index=True,
            width="stretch",
        )
        if detail.masked:
            st.caption(t("queue.masked"))
        with st.expander(t("queue.timeline")):
            timeline(detail)


def _inputs(outcome, matter_id, slots, local, suggested, centre, units) -> TriageDecision:
    """Only the fields this outcome needs (`core.cases.triage.REQUIRED_INPUTS`)."""
    needs = REQUIRED_INPUTS[outcome]
    key = f"tr_{outcome.value}_{matter_id}"
    values: dict = {"outcome": outcome}
    if outcome is TriageOutcome.COORDINATE:
        st.info(t("triage.coordinate_by", unit=centre.name))
    if "unit_id" in needs:
        if outcome is TriageOutcome.HANDLE_LOCALLY:
            options = {u.id: u.name for u in local}
        else:
            options = dict(zip(units["unit_id"], units["unit_name"], strict=True))
        default = suggested.id if suggested and suggested.id in options else None
        values["unit_id"] = st.selectbox(
            t("triage.unit"),
            list(options),
            format_func=options.get,
            key=f"{key}_unit",
            index=list(options).index(default) if default in options else None,
            help=t("triage.suggested", unit=suggested.name) if suggested else None,
            placeholder=t("common.choose"),
        )
        slots.add("unit_id")
    if "legal_channel" in needs:
        values["legal_channel"] = st.selectbox(
            t("triage.legal_channel"),
            list(LegalChannel),
            format_func=label,
            key=f"{key}_channel",
            placeholder=t("common.choose"),
        )
        slots.add("legal_channel")
        channel = LegalChannel(values["legal_channel"])
        guidance_key = f"{key}_guidance_{channel.value}"  # each channel its own default text
        st.session_state.setdefault(guidance_key, t(f"triage.guidance_default.{channel.value}"))
        values["guidance"] = st.text_area(
            t("triage.guidance"), max_chars=NOTE_LIMIT, key=guidance_key
        )
        slots.add("guidance")
    if "linked_matter_id" in needs:
        values["linked_matter_id"] = _matter_by_case(key, slots)
    if "reason" in needs:
        values["reason"] = st.text_area(
            t("triage.reason"), max_chars=NOTE_LIMIT, key=f"{key}_reason"
        )
        slots.add("reason")
    if "redirect_to" in needs:
        redirect_key = f"{key}_redirect"
        st.session_state.setdefault(redirect_key, t(default_redirect_key(outcome)))
        values["redirect_to"] = st.text_area(
            t("triage.redirect_to"), max_chars=REDIRECT_LIMIT, key=redirect_key
        )
        slots.add("redirect_to")
    values["note"] = st.text_input(t("triage.note"), max_chars=NOTE_LIMIT, key=f"{key}_note")
    slots.add("note")
    return TriageDecision(**values)


def _matter_by_case(key: str, slots: FieldSlots) -> int | None:
    case = st.text_input(
        t("triage.linked_case"), key=f"{key}_linked", placeholder="500107-2026-000123"
    )
    slots.add("linked_matter_id")
    if not case.strip():
        return None
    with runtime.database().read() as session:
        found = matter_id_by_case(session, case)
    if found is None:
        st.error(t("error.matter_case_unknown", case_number=case.strip()))
    return found


def _show_decided() -> None:
    decided = st.session_state.get(DECIDED)
    if decided is None:
        return
    matter_id, case_number, outcome = decided
    st.success(t("triage.decided", case_number=case_number, outcome=label(outcome)))
    try:
        with runtime.database().read() as session:
            notice = render_notice(session, matter_id)
    except UserError as err:
        st.caption(error_text(err))
        return
    st.download_button(
        t("triage.notice"),
        data=notice,
        file_name=f"{case_number}.docx",
        mime=DOCX_MIME,
        key="tr_notice",
        icon=":material/print:",
    )

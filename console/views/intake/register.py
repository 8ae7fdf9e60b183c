"""The registration form: one submission, checked whole, never losing what was typed.

Every widget has an ``in_`` key, so its value survives errors and reruns. Saving runs in
two steps: check and look for repeats; then, when candidates exist, the clerk decides
(new matter / repeat filing / review request) before anything is written.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from console import runtime
from console.forms import FieldSlots
from console.i18n import label, t
from core.agents.search import find_active_agents
from core.cases.duplicates import Candidates, find_candidates
from core.cases.intake import (
    EARLIEST_RECEIVED_ON,
    TEXT_LIMITS,
    Decision,
    IdentityChoice,
    IdentityConflict,
    PetitionerDraft,
    SubmissionDraft,
    identity_conflicts,
    register,
    validate,
)
from core.deadlines.lists import unit_choices
from core.errors import UserError, ValidationErrors
from core.places import clusters_of, places
from core.users import UserView
from core.vocab import AGENT_CHANNELS, Channel, ContentType, Topic, Urgency

MAX_PETITIONERS = 10
PENDING = "in_pending_candidates"
IDENTITY = "in_identity_conflicts"  # IDs on file under another name or phone, to confirm
CHOICES = "in_identity_choices"  # the clerk's answer per resident ID
SAVED = "in_saved"
FORCE_PAPER = "in_force_paper"  # a paper-only agent was chosen under the online channel
PETITIONER_FIELDS = ("name", "id_number", "phone", "address")


def render(user: UserView, today: dt.date) -> None:
    _show_saved()
    slots = FieldSlots()
    with runtime.database().read() as session:
        place_table = places(session)
        units = unit_choices(session)
    draft = _form(slots, place_table, units, today)
    conflicts: list[IdentityConflict] | None = st.session_state.get(IDENTITY)
    if conflicts:
        _confirm_identity(conflicts, draft, user, today, slots)
        return
    pending: Candidates | None = st.session_state.get(PENDING)
    if pending is not None:
        _decide(pending, draft, user, today, slots)
        return
    if st.button(t("intake.save"), type="primary", key="in_save", icon=":material/save:"):
        _check_and_save(draft, user, today, slots)


def _form(
    slots: FieldSlots, place_table: pd.DataFrame, units: pd.DataFrame, today: dt.date
) -> SubmissionDraft:
    st.subheader(t("intake.section.channel"))
    if st.session_state.pop(FORCE_PAPER, False):  # before the channel widget exists
        st.session_state["in_channel"] = Channel.AGENT_PAPER
    cols = st.columns([1, 2])
    channel = cols[0].selectbox(
        t("intake.channel"),
        list(Channel),
        format_func=label,
        key="in_channel",
        placeholder=t("common.choose"),
    )
    with cols[1]:
        slots.add("channel")
    agent_id = None
    agreement_number, agreement_signed_on = "", None
    if channel in AGENT_CHANNELS:
        agent_id = _agent_picker(slots, channel)
        cols = st.columns(2)
        with cols[0]:
            agreement_number = st.text_input(
                t("intake.agreement_number"),
                key="in_agreement_number",
                help=t("intake.agreement_help"),
            )
            slots.add("agreement_number")
        with cols[1]:
            agreement_signed_on = st.date_input(
                t("intake.agreement_signed_on"),
                value=None,
                max_value=today,
                key="in_agreement_signed_on",
            )
            slots.add("agreement_signed_on")

    st.subheader(t("intake.section.petitioners"))
    petitioners = _petitioners(slots)
    headcount = st.number_input(
        t("intake.headcount"),
        min_value=1,
        max_value=10_000,
        value=1,
        key="in_headcount",
        help=t("intake.headcount_help"),
    )
    slots.add("headcount", "petitioners")

    st.subheader(t("intake.section.content"))
    cols = st.columns(3)
    content_type = cols[0].selectbox(
        t("intake.content_type"),
        list(ContentType),
        format_func=label,
        key="in_content_type",
        placeholder=t("common.choose"),
    )
    topic = cols[1].selectbox(
        t("intake.topic"),
        list(Topic),
        format_func=label,
        key="in_topic",
        placeholder=t("common.choose"),
    )
    urgency = cols[2].selectbox(
        t("intake.urgency"),
        list(Urgency),
        index=2,
        format_func=label,
        key="in_urgency",
        placeholder=t("common.choose"),
    )
    accused_unit_id, accused_is_person = None, False
    if content_type is ContentType.ACCUSATION:
        accused_is_person = st.checkbox(
            t("intake.accused_is_person"),
            key="in_accused_is_person",
            help=t("intake.accused_is_person_help"),
        )
        names = dict(zip(units["unit_id"], units["unit_name"], strict=True))
        accused_unit_id = st.selectbox(
            t("intake.accused_person_unit" if accused_is_person else "intake.accused_unit"),
            list(names),
            index=None,
            key="in_accused_unit",
            format_func=names.get,
            placeholder=t("intake.optional" if accused_is_person else "intake.required"),
            help=t("intake.accused_unit_help"),
        )
        slots.add("accused_unit_id")
    town_id, village_id, cluster_id = _place(slots, place_table)
    summary = st.text_input(t("intake.summary"), max_chars=TEXT_LIMITS["summary"], key="in_summary")
    slots.add("summary")
    full_text = st.text_area(
        t("intake.full_text"), max_chars=TEXT_LIMITS["full_text"], key="in_full_text"
    )
    slots.add("full_text")
    st.caption(t("intake.risks"))
    risk_cols = st.columns(4)
    risks = {
        name: risk_cols[i].checkbox(t(f"RiskSignal.{signal}"), key=f"in_{name}")
        for i, (name, signal) in enumerate(
            (
                ("risk_collective", "collective"),
                ("risk_skip_level", "skip_level"),
                ("risk_repeat", "repeat"),
                ("risk_emotion", "emotion"),
            )
        )
    }
    received_on = st.date_input(
        t("intake.received_on"),
        value=today,
        min_value=EARLIEST_RECEIVED_ON,
        max_value=today,
        key="in_received_on",
    )
    slots.add("received_on")
    for person in petitioners:
        person.village_id = village_id
    return SubmissionDraft(
        channel=channel,
        agent_id=agent_id,
        agreement_number=agreement_number,
        agreement_signed_on=agreement_signed_on,
        petitioners=petitioners,
        headcount=int(headcount),
        content_type=content_type,
        topic=topic,
        urgency=urgency,
        town_id=town_id,
        village_id=village_id,
        cluster_id=cluster_id,
        summary=summary,
        full_text=full_text,
        received_on=received_on,
        accused_unit_id=accused_unit_id,
        accused_is_person=accused_is_person,
        **risks,
    )


def _agent_picker(slots: FieldSlots, channel: Channel) -> int | None:
    query = st.text_input(
        t("intake.agent_search"),
        key="in_agent_query",
        placeholder=t("intake.agent_search_hint"),
        on_change=_forget_agent,  # a new search pre-selects its first match
    )
    choices = []
    if query.strip():
        with runtime.database().read() as session:
            choices = find_active_agents(session, query)
    by_id = {c.id: c for c in choices}
    agent_id = st.selectbox(
        t("intake.agent"),
        list(by_id),
        index=0 if by_id else None,
        key="in_agent",
        format_func=lambda i: (
            f"{by_id[i].code} {by_id[i].name} · {by_id[i].village} · {by_id[i].phone}"
            if i in by_id
            else str(i)
        ),
        placeholder=t("intake.agent_none") if query.strip() else t("intake.agent_search_first"),
    )
    slots.add("agent_id")
    chosen = by_id.get(agent_id)
    if chosen is not None and not chosen.online_capable:
        if channel != Channel.AGENT_PAPER:  # a paper-only agent's form: agent on paper
            st.session_state[FORCE_PAPER] = True
            st.rerun()
        st.info(t("intake.paper_agent", name=chosen.name), icon=":material/description:")
    return agent_id


def _forget_agent() -> None:
    st.session_state.pop("in_agent", None)


def _petitioners(slots: FieldSlots) -> list[PetitionerDraft]:
    count = st.number_input(
        t("intake.petitioner_count"),
        min_value=1,
        max_value=MAX_PETITIONERS,
        value=1,
        key="in_petitioner_count",
    )
    people = []
    for i in range(int(count)):
        cols = st.columns([2, 3, 2, 3, 1])
        values = {}
        for col, name in zip(cols, PETITIONER_FIELDS, strict=False):
            with col:
                values[name] = st.text_input(
                    t(f"intake.petitioner.{name}"),
                    key=f"in_p{i}_{name}",
                    label_visibility="visible" if i == 0 else "collapsed",
                )
                slots.add(f"petitioners.{i}.{name}")
        with cols[4]:
            if i == 0:
                st.caption(t("intake.petitioner.representative"))
            representative = st.checkbox(
                t("intake.petitioner.representative"),
                key=f"in_p{i}_rep",
                label_visibility="collapsed",
            )
        people.append(PetitionerDraft(**values, is_representative=representative))
    return people


def _place(slots: FieldSlots, place_table: pd.DataFrame) -> tuple[int | None, ...]:
    towns = place_table.drop_duplicates("town_id").set_index("town_id")["town"]
    cols = st.columns(3)
    with cols[0]:
        town_id = st.selectbox(
            t("intake.town"),
            list(towns.index),
            index=None,
            key="in_town",
            format_func=lambda i: towns[i],
            placeholder=t("intake.choose"),
        )
        slots.add("town_id")
    villages = place_table[place_table["town_id"] == town_id].set_index("village_id")["village"]
    with cols[1]:
        village_id = st.selectbox(
            t("intake.village"),
            list(villages.index),
            index=None,
            key="in_village",
            format_func=lambda i: villages.get(i, str(i)),
            placeholder=t("intake.choose"),
        )
        slots.add("village_id")
    cluster_id = None
    if village_id is not None:
        with runtime.database().read() as session:
            clusters = clusters_of(session, village_id).set_index("cluster_id")["cluster"]
        with cols[2]:
            cluster_id = st.selectbox(
                t("intake.cluster"),
                list(clusters.index),
                index=None,
                key="in_cluster",
                format_func=lambda i: clusters.get(i, str(i)),
                placeholder=t("intake.optional"),
            )
            slots.add("cluster_id")
    return town_id, village_id, cluster_id


def _check_and_save(
    draft: SubmissionDraft, user: UserView, today: dt.date, slots: FieldSlots
) -> None:
    with runtime.database().read() as session:
        errors = validate(session, draft, today)
        if errors:
            slots.show(ValidationErrors(errors))
            return
        choices = st.session_state.get(CHOICES, {})
        unconfirmed = [c for c in identity_conflicts(session, draft) if c.id_number not in choices]
        if unconfirmed:  # shown to the clerk before anything is written (core refuses too)
            st.session_state[IDENTITY] = unconfirmed
            st.rerun()
        candidates = find_candidates(session, draft, today)
    if candidates.any:
        st.session_state[PENDING] = candidates
        st.rerun()
    _save(draft, Decision.new_matter(), user, today, slots)


def _confirm_identity(
    conflicts: list[IdentityConflict],
    draft: SubmissionDraft,
    user: UserView,
    today: dt.date,
    slots: FieldSlots,
) -> None:
    """A resident ID on file under another name or phone: the clerk says which is right.
    Keeping the record on file files this submission under it; updating changes the record,
    with history (who, when, old and new), on every matter of that petitioner."""
    st.warning(t("intake.identity.found"), icon=":material/badge:")
    answers: dict[str, IdentityChoice] = {}
    for i, conflict in enumerate(conflicts):
        with st.container(border=True):
            st.markdown(t("intake.identity.id", id_number=conflict.id_number))
            cols = st.columns(2)
            cols[0].markdown(
                t(
                    "intake.identity.on_file",
                    name=conflict.on_file_name,
                    phone=conflict.on_file_phone or "—",
                )
            )
            cols[1].markdown(
                t(
                    "intake.identity.typed",
                    name=conflict.typed_name,
                    phone=conflict.typed_phone or "—",
                )
            )
            answers[conflict.id_number] = st.radio(
                t("intake.identity.which"),
                list(IdentityChoice),
                key=f"in_identity_{i}",
                format_func=lambda c: t(f"intake.identity.{c.value}"),
            )
    cols = st.columns(2)
    if cols[0].button(t("intake.identity.confirm"), type="primary", key="in_identity_ok"):
        st.session_state[CHOICES] = st.session_state.get(CHOICES, {}) | answers
        st.session_state.pop(IDENTITY, None)
        _check_and_save(draft, user, today, slots)
    if cols[1].button(t("intake.back_to_form"), key="in_identity_back"):
        st.session_state.pop(IDENTITY, None)
        st.rerun()


def _decide(
    pending: Candidates,
    draft: SubmissionDraft,
    user: UserView,
    today: dt.date,
    slots: FieldSlots,
) -> None:
    """The clerk sees possible repeats before anything is written, and chooses."""
    st.warning(t("intake.candidates_found"), icon=":material/content_copy:")
    rows = [
        {
            t("intake.col.kind"): t(f"intake.candidate.{kind}"),
            t("intake.col.case_number"): c.case_number,
            t("intake.col.state"): label(c.state),
            t("intake.col.received_on"): c.received_on.isoformat(),
            t("intake.col.score"): f"{c.score:.0%}",
            t("intake.col.summary"): c.summary,
        }
        for kind, group in (
            ("same_petitioner", pending.same_petitioner),
            ("similar", pending.similar),
        )
        for c in group
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    everyone = {c.matter_id: c for c in pending.same_petitioner + pending.similar}
    options = ["new"]
    options += [f"repeat:{i}" for i, c in everyone.items() if c.may_repeat]
    options += [f"review:{i}" for i, c in everyone.items() if c.may_review]
    choice = st.radio(
        t("intake.decision"),
        options,
        key="in_decision",
        format_func=lambda o: _decision_text(o, everyone),
    )
    cols = st.columns(2)
    if cols[0].button(t("intake.confirm_save"), type="primary", key="in_confirm"):
        kind, _, matter_id = choice.partition(":")
        decision = {
            "new": Decision.new_matter,
            "repeat": lambda: Decision.repeat_of(int(matter_id)),
            "review": lambda: Decision.review_of(int(matter_id)),
        }[kind]()
        _save(draft, decision, user, today, slots)
    if cols[1].button(t("intake.back_to_form"), key="in_back"):
        st.session_state.pop(PENDING, None)
        st.rerun()


def _decision_text(option: str, everyone: dict) -> str:
    kind, _, matter_id = option.partition(":")
    if kind == "new":
        return t("DecisionKind.new_matter")
    decision = t("DecisionKind.repeat_of" if kind == "repeat" else "DecisionKind.review_of")
    return f"{decision}：{everyone[int(matter_id)].case_number}"


def _save(
    draft: SubmissionDraft,
    decision: Decision,
    user: UserView,
    today: dt.date,
    slots: FieldSlots,
) -> None:
    try:
        with runtime.database().write() as session:
            saved = register(
                session,
                draft,
                decision,
                user,
                today,
                identity_choices=st.session_state.get(CHOICES),
            )
    except (ValidationErrors, UserError) as err:
        st.session_state.pop(PENDING, None)
        st.session_state.pop(CHOICES, None)
        slots.show(err)
        return
    st.session_state.pop(PENDING, None)
    for key in [k for k in st.session_state if str(k).startswith("in_")]:
        del st.session_state[key]
    st.session_state[SAVED] = saved
    st.rerun()


def _slip(saved) -> bytes:
    from core.cases.slip import registration_slip_html

    rows = [
        (t("demo.case_number"), saved.case_number),
        (t("demo.query_code"), saved.query_code),
        (t("demo.slip_registered"), runtime.office_today().isoformat()),
    ]
    return registration_slip_html(t("demo.slip_title"), rows, t("demo.slip_text"))


def _show_saved() -> None:
    saved = st.session_state.get(SAVED)
    if saved is None:
        return
    st.success(t("intake.saved", case_number=saved.case_number), icon=":material/check_circle:")
    if saved.query_code:
        st.markdown(t("intake.query_code", code=saved.query_code))
        st.caption(t("intake.query_code_help"))
        st.download_button(  # a printable slip for the petitioner, kept until dismissed
            t("demo.slip_download"),
            data=_slip(saved),
            file_name=f"{saved.case_number}.html",
            mime="text/html",
            key="saved_slip",
            icon=":material/print:",
        )
    else:
        st.caption(t("intake.repeat_saved"))
    if st.button(t("intake.next"), key="saved_next"):
        del st.session_state[SAVED]
        st.rerun()

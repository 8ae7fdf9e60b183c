"""The next steps of an opened matter: only those its state allows and the role may take,
each asking only what it needs. One short transaction per action, with the version the
user saw; nothing changes on an error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from console import runtime
from console.forms import FieldSlots, error_text
from console.i18n import label, t
from console.views.queue import replies
from console.views.queue.common import flash, forget_opened
from core.cases.delivery import delivery_agents
from core.cases.detail import MatterDetail
from core.cases.package import MEASURES_LIMIT, NAME_LIMIT, package_matter
from core.cases.queue import assign_to_unit
from core.cases.routing import coordination_unit, suggest_unit
from core.cases.transfer import return_to_office, transfer
from core.cases.workflow import (
    REASON_LIMIT,
    REPLY_TEXT_LIMIT,
    apply_transition,
    close,
    record_delivery,
    record_rating,
    record_reply,
    withdraw,
)
from core.deadlines.lists import unit_choices
from core.errors import ConcurrentEditError, UserError, ValidationErrors
from core.policy import allowed_actions, may_receive
from core.today import moment_on
from core.users import UserView
from core.vocab import DeliveryMethod, MatterState, Rating, Role

S = MatterState


def render(detail: MatterDetail, user: UserView, today: dt.date) -> None:
    matter = detail.matter
    state, matter_id, version = S(matter["state"]), int(matter["id"]), int(matter["version"])
    role, name = user.role, user
    allowed = allowed_actions(user, matter)  # core decides; the page offers exactly that
    shown = False
    st.markdown(f"**{t('queue.next_step')}**")

    if "assign" in allowed:
        shown = True
        names, suggested = _route_choices(matter)
        slots = FieldSlots()
        unit_id = st.selectbox(
            t("queue.assign_unit"),
            list(names),
            index=list(names).index(suggested) if suggested in names else None,
            format_func=names.get,
            key=f"qu_assign_unit_{matter_id}",
            placeholder=t("common.choose"),
        )
        slots.add("unit_id")
        if st.button(t("queue.assign"), type="primary", key=f"qu_assign_{matter_id}"):
            _apply(
                lambda s: assign_to_unit(
                    s, matter_id, version, unit_id, name, occurred_at=moment_on(today)
                ),
                slots,
                t("queue.assigned"),
            )

    if "record_reply" in allowed:
        shown = True
        if "start_handling" in allowed and st.button(t("queue.start"), key=f"qu_start_{matter_id}"):
            _apply(
                lambda s: apply_transition(
                    s, matter_id, version, S.IN_HANDLING, name, occurred_at=moment_on(today)
                ),
                FieldSlots(),
                t("queue.started"),
            )
        slots = FieldSlots()
        replies.offer_template(f"qu_reply_{matter_id}", matter)  # reply templates (#12)
        reply = st.text_area(
            t("queue.reply_text"),
            key=f"qu_reply_{matter_id}",
            height=120,
            placeholder=t("queue.reply_hint"),
            max_chars=REPLY_TEXT_LIMIT,
        )
        slots.add("reply_text")
        day = st.date_input(
            t("queue.reply_date"), value=today, max_value=today, key=f"qu_reply_date_{matter_id}"
        )
        slots.add("occurred_at")
        if st.button(t("queue.record_reply"), type="primary", key=f"qu_do_reply_{matter_id}"):
            _apply(
                lambda s: record_reply(
                    s, matter_id, version, reply, name, occurred_at=_moment(day, today)
                ),
                slots,
                t("queue.replied"),
            )

    if "record_delivery" in allowed:
        shown = True
        slots = FieldSlots()
        st.caption(t("queue.delivery_hint"))
        with runtime.database().read() as session:
            default_agent, agents = delivery_agents(session, matter_id)
        agent_id = st.selectbox(
            t("matter.delivery_agent"),
            list(agents),
            index=list(agents).index(default_agent) if default_agent in agents else None,
            format_func=agents.get,
            help=t("matter.delivery_agent_hint"),
            key=f"qu_deliver_agent_{matter_id}",
            placeholder=t("common.choose"),
        )
        slots.add("delivered_by_agent_id")
        method = st.radio(
            t("matter.delivery_method"),
            list(DeliveryMethod),
            format_func=label,
            index=None,
            horizontal=True,
            key=f"qu_deliver_method_{matter_id}",
        )
        slots.add("delivery_method")
        day = st.date_input(
            t("queue.delivery_date"),
            value=today,
            max_value=today,
            key=f"qu_deliver_date_{matter_id}",
        )
        slots.add("occurred_at")
        if st.button(t("queue.record_delivery"), type="primary", key=f"qu_deliver_{matter_id}"):
            _apply(
                lambda s: record_delivery(
                    s,
                    matter_id,
                    version,
                    name,
                    occurred_at=_moment(day, today),
                    delivered_by_agent_id=agent_id,
                    delivery_method=method,
                ),
                slots,
                t("queue.delivered"),
            )

    if "record_rating" in allowed:
        shown = True
        slots = FieldSlots()
        unit_rating = st.radio(
            t("queue.unit_rating"),
            list(Rating),
            format_func=label,
            index=None,
            key=f"qu_unit_rating_{matter_id}",
            horizontal=True,
        )
        slots.add("unit_rating")
        agent_rating = None
        if matter["agent_proxied"]:
            agent_rating = st.radio(
                t("queue.agent_rating"),
                list(Rating),
                format_func=label,
                index=None,
                key=f"qu_agent_rating_{matter_id}",
                horizontal=True,
            )
            slots.add("agent_rating")
        ceased = st.radio(
            t("queue.ceased"),
            [True, False],
            horizontal=True,
            index=None,
            format_func=lambda v: t("queue.yes") if v else t("queue.no"),
            key=f"qu_ceased_{matter_id}",
        )
        slots.add("ceased")
        if st.button(t("queue.record_rating"), type="primary", key=f"qu_rate_{matter_id}"):
            answers = (("unit_rating", unit_rating), ("ceased", ceased))
            missing = [f for f, v in answers if v is None]
            if missing:  # the form's own completeness; the rules stay in record_rating
                slots.show(
                    ValidationErrors([UserError("error.required", field=f) for f in missing])
                )
            else:
                _apply(
                    lambda s: record_rating(
                        s,
                        matter_id,
                        version,
                        name,
                        unit_rating=unit_rating,
                        agent_rating=agent_rating,
                        ceased=ceased,
                        occurred_at=moment_on(today),
                    ),
                    slots,
                    t("queue.rated"),
                )

    if "close" in allowed:
        shown = True
        if st.button(t("queue.close"), type="primary", key=f"qu_close_{matter_id}"):
            _apply(
                lambda s: close(s, matter_id, version, name, occurred_at=moment_on(today)),
                FieldSlots(),
                t("queue.closed"),
            )

    if "return_to_office" in allowed:
        shown = True
        _return_form(matter_id, version, name, today)
    if "transfer" in allowed:
        shown = True
        _transfer_form(matter, version, name, today)
    if "package" in allowed:
        _package_form(detail, name, today)

    if "withdraw" in allowed:
        with st.expander(t("queue.withdraw")):
            slots = FieldSlots()
            reason = st.text_input(
                t("queue.withdraw_reason"), max_chars=REASON_LIMIT, key=f"qu_wd_reason_{matter_id}"
            )
            slots.add("reason")
            if st.button(t("queue.withdraw_confirm"), key=f"qu_wd_{matter_id}"):
                _apply(
                    lambda s: withdraw(
                        s, matter_id, version, name, reason, occurred_at=moment_on(today)
                    ),
                    slots,
                    t("queue.withdrawn"),
                )

    if not shown:
        st.caption(_waiting(state, role))


def _route_choices(matter, *, exclude: int | None = None) -> tuple[dict[int, str], int | None]:
    """The active units the matter may be handed to (never the one it accuses: core refuses
    it, the page omits it; not `exclude`, its current unit), and the routing table's
    suggestion for its topic and town (shown, and preselected when it may receive it)."""
    with runtime.database().read() as session:
        units = unit_choices(session, active_only=True)
        suggestion = suggest_unit(session, matter["topic"], matter["town_id"])
    names = {
        int(uid): unit_name
        for uid, unit_name in zip(units["unit_id"], units["unit_name"], strict=True)
        if may_receive(matter, int(uid)) and int(uid) != exclude
    }
    if suggestion is None:
        st.caption(t("matter.no_suggestion"))
        return names, None
    st.caption(t("matter.suggested", unit=suggestion.name))
    return names, suggestion.id


def _return_form(matter_id: int, version: int, who: UserView, today: dt.date) -> None:
    """The unit in charge says the matter is not its own (退回), with a reason."""
    with st.expander(t("matter.return")):
        st.caption(t("matter.return_hint"))
        slots = FieldSlots()
        reason = st.text_area(
            t("matter.return_reason"), max_chars=REASON_LIMIT, key=f"qu_ret_reason_{matter_id}"
        )
        slots.add("reason")
        if st.button(t("matter.return_confirm"), key=f"qu_return_{matter_id}"):
            _apply(
                lambda s: return_to_office(
                    s, matter_id, version, reason, who, occurred_at=moment_on(today)
                ),
                slots,
                t("matter.returned"),
            )


def _transfer_form(matter, version: int, who: UserView, today: dt.date) -> None:
    """The office hands the matter to another unit (转办), or to coordination, with a reason."""
    matter_id = int(matter["id"])
    with st.expander(t("matter.transfer")):
        names, suggested = _route_choices(matter, exclude=matter["unit_id"])
        with runtime.database().read() as session:
            try:
                centre = coordination_unit(session)
            except UserError:
                centre = None
        if centre is not None and centre.id in names:
            st.caption(t("matter.coordination", unit=centre.name))
        slots = FieldSlots()
        unit_id = st.selectbox(
            t("matter.transfer_unit"),
            list(names),
            index=list(names).index(suggested) if suggested in names else None,
            format_func=names.get,
            key=f"qu_transfer_unit_{matter_id}",
            placeholder=t("common.choose"),
        )
        slots.add("unit_id")
        reason = st.text_area(
            t("matter.transfer_reason"),
            max_chars=REASON_LIMIT,
            key=f"qu_transfer_reason_{matter_id}",
        )
        slots.add("reason")
        st.caption(t("matter.clock_note"))
        if st.button(t("matter.transfer_confirm"), key=f"qu_transfer_{matter_id}"):
            _apply(
                lambda s: transfer(
                    s, matter_id, version, unit_id, reason, who, occurred_at=moment_on(today)
                ),
                slots,
                t("matter.transferred"),
            )


def _package_form(detail: MatterDetail, who: UserView, today: dt.date) -> None:
    """领导包案: the four fixes, new or changed (a change says why)."""
    matter_id = int(detail.matter["id"])
    current = detail.package
    with st.expander(t("package.title")):
        st.caption(t("package.hint"))
        slots = FieldSlots()
        leader = st.text_input(
            t("package.leader"),
            value=current.leader if current else "",
            max_chars=NAME_LIMIT,
            key=f"qu_pkg_leader_{matter_id}",
        )
        slots.add("leader")
        measures = st.text_area(
            t("package.measures"),
            value=current.measures if current else "",
            max_chars=MEASURES_LIMIT,
            key=f"qu_pkg_measures_{matter_id}",
        )
        slots.add("measures")
        due_on = st.date_input(
            t("package.due_on"),
            value=current.due_on if current else today + dt.timedelta(days=30),
            key=f"qu_pkg_due_{matter_id}",
        )
        slots.add("due_on")
        responsible = st.text_input(
            t("package.responsible"),
            value=current.responsible if current else "",
            max_chars=NAME_LIMIT,
            key=f"qu_pkg_resp_{matter_id}",
        )
        slots.add("responsible")
        reason = None
        if current is not None:
            reason = st.text_input(
                t("package.reason"), max_chars=REASON_LIMIT, key=f"qu_pkg_reason_{matter_id}"
            )
            slots.add("reason")
        button = t("package.change") if current else t("package.save")
        if st.button(button, type="primary", key=f"qu_pkg_{matter_id}"):
            _apply(
                lambda s: package_matter(
                    s,
                    matter_id,
                    leader,
                    measures,
                    due_on,
                    responsible,
                    who,
                    expected_version=current.version if current else None,
                    reason=reason,
                    today=today,
                ),
                slots,
                t("package.changed") if current else t("package.saved"),
            )


def _waiting(state: MatterState, role: Role) -> str:
    if state in (S.CLOSED, S.WITHDRAWN, S.NOT_ACCEPTED):
        return t("queue.finished")
    if role is Role.UNIT_LIAISON and state in (S.REPLIED, S.DELIVERED, S.RATED):
        return t("queue.with_office")
    return t("queue.nothing_for_role")


def _moment(day: dt.date | None, today: dt.date) -> dt.datetime:
    """The timestamp recorded for a chosen day: now on the office's today, else its noon
    (a day after today is refused by the use case)."""
    return moment_on(day or today)


def _apply(change: Callable[[Session], object], slots: FieldSlots, done: str) -> None:
    try:
        with runtime.database().write() as session:
            change(session)
    except ConcurrentEditError as err:
        forget_opened()  # the next look shows the record as it now stands
        flash("error", error_text(err))
        st.rerun()
    except (ValidationErrors, UserError) as err:
        slots.show(err)
        return
    forget_opened()
    flash("success", done)
    st.rerun()

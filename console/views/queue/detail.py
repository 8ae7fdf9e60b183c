"""One matter of the queue: its record (masked for the role) and its timeline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from console.i18n import label, t
from core.cases.detail import MatterDetail
from core.timeutil import show
from core.vocab import DeliveryMethod, MatterState, Rating, Topic, Urgency


def _moment(value) -> str:
    return "" if value is None or pd.isna(value) else show(pd.Timestamp(value).to_pydatetime())


def record(detail: MatterDetail) -> None:
    matter = detail.matter
    st.markdown(f"#### {matter['case_number']} · {label(MatterState(matter['state']))}")
    waiting = MatterState(matter["state"]) is MatterState.ACCEPTED and matter["unit_id"] is None
    unit = t("matter.waiting_assignment") if waiting else t("common.none")
    facts = [
        (t("queue.col.unit"), detail.unit_name or unit),
        (t("queue.fact.topic"), label(Topic(matter["topic"]))),
        (t("queue.fact.urgency"), label(Urgency(matter["urgency"]))),
        (t("queue.fact.received"), _moment(matter["received_at"])),
        (t("queue.col.assigned_at"), _moment(matter["assigned_at"]) or t("common.none")),
    ]
    flags = [t("queue.flag.agent_proxied")] if matter["agent_proxied"] else []
    if any(matter[f"risk_{k}"] for k in ("collective", "skip_level", "repeat", "emotion")):
        flags.append(t("queue.flag.risk"))
    st.markdown("  \n".join(f"**{k}**：{v}" for k, v in facts))
    if flags:
        st.markdown(" ".join(f":orange-badge[{f}]" for f in flags))
    st.write(matter["summary"])
    if waiting and (returned := _last(detail, "returned")) is not None:
        before = returned["before"] or {}
        st.warning(
            t(
                "matter.returned_by",
                unit=detail.unit_names.get(before.get("unit_id"), "—"),
                when=_moment(returned["occurred_at"]),
                reason=returned["reason"] or "",
            )
        )
    if (package := detail.package) is not None:
        st.info(
            t(
                "package.shown",
                leader=package.leader,
                responsible=package.responsible,
                due=package.due_on.isoformat(),
            )
            + "  \n"
            + package.measures
        )
        st.caption(t("package.by", who=package.packaged_by, when=_moment(package.packaged_at)))
    if matter["reply_text"]:
        st.info(
            t("queue.reply_given", when=_moment(matter["replied_at"]), text=matter["reply_text"])
        )
    if matter["delivered_at"] is not None and not pd.isna(matter["delivered_at"]):
        st.caption(
            t(
                "matter.delivery_given",
                when=_moment(matter["delivered_at"]),
                agent=detail.agent_names.get(matter["delivered_by_agent_id"], "—"),
                method=_method(matter["delivery_method"]),
            )
        )
    if matter["unit_rating"]:
        rating = label(Rating(matter["unit_rating"]))
        agent = label(Rating(matter["agent_rating"])) if matter["agent_rating"] else "—"
        ceased = t("queue.yes") if matter["ceased"] else t("queue.no")
        st.caption(t("queue.ratings_given", unit=rating, agent=agent, ceased=ceased))
    with st.expander(t("queue.petitioners")):
        people = detail.petitioners
        st.dataframe(
            pd.DataFrame(
                {
                    t("queue.col.name"): people["name"],
                    t("queue.col.id_number"): people["id_number"],
                    t("queue.col.phone"): people["phone"],
                    t("queue.col.address"): people["address"],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        if detail.masked:
            st.caption(t("queue.masked"))


def timeline(detail: MatterDetail) -> None:
    st.markdown(f"**{t('queue.timeline')}**")
    events = detail.timeline
    st.dataframe(
        pd.DataFrame(
            {
                t("queue.col.when"): events["occurred_at"].map(_moment),
                t("queue.col.what"): events["kind"].map(lambda k: t(f"event.{k}")),
                t("queue.col.who"): events.get("actor_name", events["actor"]),
                t("queue.col.why"): events["reason"].fillna(""),
                t("matter.col.details"): [
                    _details(detail, kind, before or {}, after or {})
                    for kind, before, after in zip(
                        events["kind"], events["before"], events["after"], strict=True
                    )
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _last(detail: MatterDetail, kind: str):
    """The latest event of `kind` on the timeline (a row), or None."""
    events = detail.timeline[detail.timeline["kind"] == kind]
    return None if events.empty else events.iloc[-1]


def _method(value) -> str:
    return label(DeliveryMethod(value)) if value else "—"


def _details(detail: MatterDetail, kind: str, before: dict, after: dict) -> str:
    """What a step brought, in words: the units of an assignment, transfer or return, the
    agent and method of a delivery, the four fixes of a package."""
    units = detail.unit_names
    if kind == "assigned" and after.get("unit_id") is not None:
        return t("matter.detail.assigned", to=units.get(after["unit_id"], "—"))
    if kind == "transferred":
        return t(
            "matter.detail.transferred",
            from_=units.get(before.get("unit_id"), "—"),
            to=units.get(after.get("unit_id"), "—"),
        )
    if kind == "returned":
        return t("matter.detail.returned", from_=units.get(before.get("unit_id"), "—"))
    if kind == "delivered" and ("delivered_by_agent_id" in after or "delivery_method" in after):
        return t(
            "matter.detail.delivered",
            agent=detail.agent_names.get(after.get("delivered_by_agent_id"), "—"),
            method=_method(after.get("delivery_method")),
        )
    if kind == "packaged":
        return t(
            "matter.detail.packaged",
            leader=after.get("package_leader", ""),
            responsible=after.get("package_responsible", ""),
            due=after.get("package_due_on", ""),
        )
    if kind == "package_changed":
        changed = [f"{t('package.' + k.removeprefix('package_'))}: {v}" for k, v in after.items()]
        return t("matter.detail.package_changed", fields="；".join(changed))
    return ""

"""One matter of the queue: its record (masked for the role) and its timeline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from console.i18n import label, t
from core.cases.detail import MatterDetail
from core.timeutil import show
from core.vocab import MatterState, Rating, Topic, Urgency


def _moment(value) -> str:
    return "" if value is None or pd.isna(value) else show(pd.Timestamp(value).to_pydatetime())


def record(detail: MatterDetail) -> None:
    matter = detail.matter
    st.markdown(f"#### {matter['case_number']} · {label(MatterState(matter['state']))}")
    facts = [
        (t("queue.col.unit"), detail.unit_name or t("common.none")),
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
    if matter["reply_text"]:
        st.info(
            t("queue.reply_given", when=_moment(matter["replied_at"]), text=matter["reply_text"])
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
                t("queue.col.who"): events["actor"],
                t("queue.col.why"): events["reason"].fillna(""),
            }
        ),
        hide_index=True,
        width="stretch",
    )

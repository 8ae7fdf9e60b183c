"""Reply templates (答复模板): the starting text of written replies, per topic and content
type. Administrators edit them here; `starting_text` is what the reply form starts from."""

from __future__ import annotations

import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import label, t
from core.cases.replies import (
    REPLY_TEMPLATE,
    TEMPLATE_LIMIT,
    reply_template,
    reply_templates,
    save_reply_template,
    template_key,
)
from core.errors import UserError
from core.history import change_history
from core.policy import may
from core.timeutil import show
from core.users import UserView
from core.vocab import ContentType, Topic


def starting_text(topic: Topic | str, content_type: ContentType | str) -> str:
    """The text a written reply on this topic and content type starts from."""
    with runtime.database().read() as session:
        return reply_template(session, topic, content_type)


def render_admin(user: UserView) -> None:
    """The templates' editor, for those core lets edit them (administrators)."""
    if not may(user, "queue.reply_templates"):
        return
    with st.expander(t("qt.templates"), icon=":material/edit_note:"):
        st.caption(t("qt.templates_help"))
        cols = st.columns(2)
        topic = cols[0].selectbox(
            t("qt.topic"),
            list(Topic),
            key="rt_topic",
            format_func=label,
            placeholder=t("common.choose"),
        )
        kind = cols[1].selectbox(
            t("qt.content_type"),
            list(ContentType),
            key="rt_type",
            format_func=label,
            placeholder=t("common.choose"),
        )
        with runtime.database().read() as session:
            table = reply_templates(session)
            log = change_history(session, REPLY_TEMPLATE, template_key(topic, kind))
        row = table[(table["topic"] == topic) & (table["content_type"] == kind)].iloc[0]
        st.caption(t("qt.template_custom") if row["custom"] else t("qt.template_builtin"))
        key = f"rt_text_{template_key(topic, kind)}"
        text = st.text_area(
            t("qt.template_text"), value=row["text"], key=key, height=200, max_chars=TEMPLATE_LIMIT
        )
        reason = st.text_input(t("qt.template_reason"), key="rt_reason", max_chars=1_000)
        if st.button(t("qt.template_save"), key="rt_save", type="primary"):
            try:
                with runtime.database().write() as session:
                    changed = save_reply_template(session, topic, kind, text, user, reason=reason)
            except UserError as err:
                st.error(error_text(err))
            else:
                if changed:
                    st.success(t("qt.template_saved"))
                    st.session_state.pop(key, None)
                    st.rerun()
                st.info(t("qt.template_unchanged"))
        if not log.empty:
            st.markdown(f"**{t('qt.template_log')}**")
            st.dataframe(
                {
                    t("queue.col.when"): [show(v) for v in log["changed_at"]],
                    t("queue.col.who"): log["actor"],
                    t("queue.col.why"): log["reason"].fillna(""),
                    t("qt.template_text"): log["new_value"].fillna(""),
                },
                hide_index=True,
                width="stretch",
                key="rt_log",
            )


def offer_template(key: str, matter: dict) -> None:
    """A button above a reply form's text area (session key `key`) that puts the reply
    template of the matter's topic and content type into it, to edit from there."""
    st.button(
        t("qt.template_use"),
        key=f"{key}_template",
        icon=":material/edit_note:",
        on_click=_use_template,
        args=(key, matter["topic"], matter["content_type"]),
    )


def _use_template(key: str, topic, content_type) -> None:
    st.session_state[key] = starting_text(topic, content_type)

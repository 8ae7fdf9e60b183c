"""Notice templates: administrators download the Word file in use, edit it, upload it back."""

from __future__ import annotations

import streamlit as st

from console.forms import error_text
from console.i18n import label, t
from core.cases.notices import NoticeKind, current_template, install_template, reset_template
from core.errors import UserError

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render() -> None:
    st.caption(t("templates.help"))
    for kind in NoticeKind:
        with st.container(border=True):
            st.markdown(f"**{label(kind)}**")
            cols = st.columns([1, 2, 1])
            cols[0].download_button(
                t("templates.download"),
                data=current_template(kind),
                file_name=f"{kind.value}.docx",
                mime=DOCX_MIME,
                key=f"tp_get_{kind.value}",
                icon=":material/download:",
            )
            upload = cols[1].file_uploader(
                t("templates.upload"), type=["docx"], key=f"tp_put_{kind.value}"
            )
            if upload is not None and cols[1].button(
                t("templates.install"), key=f"tp_install_{kind.value}"
            ):
                try:
                    install_template(kind, upload.getvalue())
                except UserError as err:
                    st.error(error_text(err))
                else:
                    st.toast(t("templates.installed"))
            if cols[2].button(t("templates.reset"), key=f"tp_reset_{kind.value}"):
                reset_template(kind)
                st.toast(t("templates.was_reset"))

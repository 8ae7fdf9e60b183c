"""Tab "导入导出": the Chinese template, a dry-run check with row errors, then the import."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from console import runtime
from console.forms import error_text
from console.i18n import t
from console.views.roster.common import table
from console.widgets import excel_button, progress_reporter
from core.agents.files import ImportResult, RowError, import_agents, import_template_xlsx
from core.errors import UserError
from core.users import UserView


def _errors(errors: list[RowError]) -> pd.DataFrame:
    return pd.DataFrame(
        [(e.row, e.column, error_text(UserError(e.key, e.field, **e.params))) for e in errors],
        columns=["row", "column", "message"],
    )


def _report(result: ImportResult) -> None:
    if result.errors:
        st.error(t("roster_page.import.errors", n=len(result.errors)))
        table(_errors(result.errors), ["row", "column", "message"], "rp_i_errors", "导入问题.xlsx")
    elif result.dry_run:
        st.success(
            t(
                "roster_page.import.checked",
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
            )
        )
    else:
        st.success(
            t(
                "roster_page.import.done",
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
                changes=result.status_changes,
            )
        )


def render(user: UserView) -> None:
    st.caption(t("roster_page.import.help"))
    excel_button(
        import_template_xlsx,
        "代理员导入模板.xlsx",
        "rp_i_template",
        t("roster_page.import.template"),
    )
    upload = st.file_uploader(t("roster_page.import.file"), type=["xlsx", "csv"], key="rp_i_file")
    cols = st.columns([1, 1, 4])
    check = cols[0].button(t("roster_page.import.check"), key="rp_i_check", disabled=upload is None)
    run = cols[1].button(
        t("roster_page.import.run"), key="rp_i_run", type="primary", disabled=upload is None
    )
    if upload is None or not (check or run):
        st.caption(t("roster_page.import.exports"))
        return
    bar = st.progress(0.0)
    report = progress_reporter(bar)

    def progress(fraction: float, message_key: str) -> None:
        report(fraction, t(message_key))

    try:
        database = runtime.database()
        with database.read() if check else database.write() as session:
            result = import_agents(
                session,
                upload.getvalue(),
                upload.name,
                user,
                dry_run=check,
                progress=progress,
            )
    except UserError as err:
        bar.empty()
        st.error(error_text(err))
        return
    bar.empty()
    _report(result)

"""Opening one matter for an action: its record as this user may see it, and its version."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from console import runtime
from console.forms import error_text, seen_version
from core.cases.detail import MatterDetail, read_matter
from core.errors import UserError
from core.users import UserView


@dataclass(frozen=True)
class OpenedMatter:
    id: int
    record: str  # the key under which the version this user saw is remembered
    version: int
    detail: MatterDetail


def open_matter(row: pd.Series, user: UserView) -> OpenedMatter | None:
    """The matter of a queue row, or None after showing why this user may not see it."""
    matter_id = int(row["matter_id"])
    record = f"matter_{matter_id}"
    version = seen_version(record, int(row["version"]))
    try:
        detail = read_matter(runtime.database(), matter_id, user)  # a liaison's read is logged
    except UserError as err:
        st.error(error_text(err))
        return None
    return OpenedMatter(matter_id, record, version, detail)

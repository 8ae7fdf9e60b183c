"""Form helpers shared by every page: errors shown under the field they belong to."""

from __future__ import annotations

import enum

import streamlit as st

from console.i18n import label, t
from core.errors import UserError, ValidationErrors


def error_text(error: UserError) -> str:
    params = {k: _param(v) for k, v in error.params.items()}
    return t(error.key, **params)


def _param(value):
    if isinstance(value, UserError):  # a message inside a message (a bulk action's cause)
        return error_text(value)
    return label(value) if isinstance(value, enum.Enum) else value


def field_errors(exc: UserError | ValidationErrors) -> list[UserError]:
    return exc.errors if isinstance(exc, ValidationErrors) else [exc]


class FieldSlots:
    """A place under each form field where its error appears after a failed save."""

    def __init__(self) -> None:
        self.slots: dict[str, object] = {}

    def add(self, *fields: str) -> None:
        slot = st.empty()
        for name in fields:
            self.slots[name] = slot

    def show(self, exc: UserError | ValidationErrors) -> None:
        by_slot: dict[int, list[str]] = {}
        loose: list[str] = []
        for error in field_errors(exc):
            slot = self.slots.get(error.field or "")
            if slot is None:
                loose.append(error_text(error))
            else:
                by_slot.setdefault(id(slot), []).append(error_text(error))
        for slot in {id(s): s for s in self.slots.values()}.values():
            messages = by_slot.get(id(slot))
            if messages:
                slot.error("；".join(dict.fromkeys(messages)))
        st.error(t("common.fix_errors"))
        for message in loose:
            st.error(message)


def seen_version(record: str, current: int) -> int:
    """The version of a record as this user first saw it on this screen.

    Streamlit reruns the whole page on every click, so the version must be remembered from
    the run that showed the record: a change saved meanwhile by someone else then fails as a
    concurrent edit instead of being silently overwritten. Forget it after each save.
    """
    return st.session_state.setdefault(f"seen_version_{record}", current)


def forget_version(record: str) -> None:
    st.session_state.pop(f"seen_version_{record}", None)

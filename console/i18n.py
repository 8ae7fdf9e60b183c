"""Translation: Simplified Chinese by default, English available.

`translate` is plain Python (usable from the CLI and tests); `t` reads the signed-in
user's language from the Streamlit session.
"""

from __future__ import annotations

import enum
from functools import cache
from typing import Any

from console.locales import catalog_modules

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANGUAGE_KEY = "ui_language"


@cache
def catalogs() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {"zh": {}, "en": {}}
    for module in catalog_modules():
        merged["zh"].update(module.ZH)
        merged["en"].update(module.EN)
    return merged


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text for `key`; a missing key shows itself, so gaps are visible, never blank."""
    text = catalogs()[lang].get(key) or catalogs()[DEFAULT_LANGUAGE].get(key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError):
            return text
    return text


def current_language() -> str:
    import streamlit as st

    return st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)


def t(key: str, **params: Any) -> str:
    return translate(key, current_language(), **params)


def label(member: enum.Enum, lang: str | None = None) -> str:
    """The display name of an enum member, e.g. ``MatterState.replied`` → 已答复."""
    key = f"{type(member).__name__}.{member.value}"
    return translate(key, lang or current_language())


def quarter_label(quarter: str, lang: str | None = None) -> str:
    """A quarter as people read it: ``2026Q3`` → 2026年第3季度 (2026 Q3 in English)."""
    from core.quarters import parse_quarter

    year, number = parse_quarter(quarter)
    return translate("common.quarter", lang or current_language(), year=year, number=number)

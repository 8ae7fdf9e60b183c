"""Words shared by every page's widgets (issue #14: no Streamlit default English shows)."""

from console.locales import split

_PAIRS = {
    "common.choose": ("请选择", "Choose"),
    "common.quarter": ("{year}年第{number}季度", "{year} Q{number}"),
    "common.choose_many": ("请选择（可多选）", "Choose one or more"),
}

ZH, EN = split(_PAIRS)

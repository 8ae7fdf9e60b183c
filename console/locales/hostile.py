"""Answers to hostile or careless input at every entry point (issue #11): which invisible
characters a text holds, numbers out of range, dates too far ahead."""

from console.locales import split

_PAIRS = {
    "error.control_character_named": (
        "含有不可见的控制字符（{chars}，如 NUL、ESC、换行或文字方向控制符），请删除后重试",
        "Contains invisible control characters ({chars}: NUL, ESC, line breaks or "
        "text-direction marks): remove them and try again",
    ),
    "error.whole_number_range": (
        "“{value}”应为 {low} 至 {high} 之间的整数",
        "“{value}” must be a whole number from {low} to {high}",
    ),
    "error.number_range": (
        "“{value}”应为 {low} 至 {high} 之间的数",
        "“{value}” must be a number from {low} to {high}",
    ),
    "error.headcount_too_large": (
        "人数不能超过 {high}",
        "The headcount cannot exceed {high}",
    ),
    "error.date_too_far": (
        "日期 {day} 太远：最晚为 {latest}",
        "The date {day} is too far ahead: {latest} at the latest",
    ),
    "error.date_setting": (
        "“{value}”不是 {low} 至 {high} 之间的日期（格式 YYYY-MM-DD，留空表示真实日期）",
        "“{value}” is not a date from {low} to {high} (YYYY-MM-DD; empty = the real date)",
    ),
    "error.calendar_year_range": (
        "年份须在 {low} 至 {high} 之间",
        "The year must be from {low} to {high}",
    ),
    "error.schedule_name_control": (
        "第 {line} 行的名称含有不可见的控制字符（{chars}），请删除后重试",
        "Line {line}: the name contains invisible control characters ({chars}): remove them",
    ),
    "error.schedule_name_too_long": (
        "第 {line} 行的名称不能超过 {limit} 个字",
        "Line {line}: the name has more than {limit} characters",
    ),
}

ZH, EN = split(_PAIRS)

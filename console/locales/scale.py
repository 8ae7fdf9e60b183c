"""Paging controls and the workload per unit (lists filtered, counted and paged in SQL)."""

from console.locales import split

_PAIRS = {
    "scale.page": ("页码", "Page"),
    "scale.page_of": ("第 {page} / {pages} 页，共 {n} 件", "Page {page} of {pages}, {n} in all"),
    "scale.workload": ("各单位工作量", "Workload per unit"),
    "scale.workload.unit": ("承办单位", "Unit"),
    "scale.workload.open": ("在办", "Open"),
    "scale.workload.overdue": ("已超期", "Overdue"),
    "scale.workload.due_this_week": ("本周到期", "Due this week"),
    "scale.unassigned": ("（未交办）", "(not assigned)"),
    "scale.overdue_of": (
        "第 {page} / {pages} 页，共 {n} 件超期事项",
        "Page {page} of {pages}, {n} overdue matters in all",
    ),
}

ZH, EN = split(_PAIRS)

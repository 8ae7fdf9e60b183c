"""The overview (home) page."""

from console.locales import split

_PAIRS = {
    "overview.title": ("工作概览", "Overview"),
    "overview.as_of": ("截至 {today}", "As of {today}"),
    "overview.unit_scope": ("仅显示本单位承办的事项。", "Showing your unit's matters only."),
    "overview.overdue": ("已超期事项", "Overdue matters"),
    "overview.overdue_help": (
        "红灯：有计时已过期限日仍未办结的事项（同期限督办页的亮灯）。",
        "Red light: matters with a clock past its due date and not done (the deadlines "
        "page's lights).",
    ),
    "overview.due_this_week": ("本周到期", "Due this week"),
    "overview.active_agents": ("在岗代理员", "Active agents"),
    "overview.agents_total": ("登记在册共 {n} 名", "{n} registered in all"),
    "overview.coverage": ("居民点覆盖率", "Cluster coverage"),
    "overview.coverage_help": (
        "{covered}/{total} 个居民聚集点一刻钟步行内有在岗代理员；按人口覆盖 {population}",
        "{covered} of {total} clusters have an active agent within a 15-minute walk; "
        "by population {population}",
    ),
    "overview.by_state": ("各办理环节事项数", "Matters by state"),
    "overview.count": ("件数", "Items"),
}

ZH, EN = split(_PAIRS)

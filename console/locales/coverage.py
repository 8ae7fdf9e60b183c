"""The coverage map page."""

from console.locales import split

_PAIRS = {
    "nav.coverage": ("覆盖地图", "Coverage map"),
    "coverage.title": ("一刻钟步行覆盖", "15-minute walk coverage"),
    "coverage.as_of": (
        "步行半径 {radius} 米（直线）；诉求热点：{since} 至 {until}",
        "Walking radius {radius} m (straight line); grievance hotspots {since} to {until}",
    ),
    "coverage.settings": ("步行设置", "Walking settings"),
    "coverage.minutes": ("步行分钟", "Minutes on foot"),
    "coverage.speed": ("步速（米/分钟）", "Speed (m per minute)"),
    "coverage.detour": ("绕行系数", "Detour factor"),
    "coverage.radius_note": (
        "半径 = 分钟 × 步速 ÷ 绕行系数 = {radius} 米。山区农村可取绕行系数 1.4。",
        "Radius = minutes × speed ÷ detour = {radius} m. Hilly rural towns may use a detour of 1.4.",
    ),
    "coverage.save_settings": ("保存为本办设置", "Save as the office setting"),
    "coverage.settings_saved": ("步行设置已保存。", "Walking settings saved."),
    "coverage.town": ("镇（街道）", "Town"),
    "coverage.all_towns": ("全区", "Whole district"),
    "coverage.categories": ("只计以下类别的代理员", "Count only these agent categories"),
    "coverage.all_categories": ("全部类别", "All categories"),
    "coverage.k": ("建议点位数", "Posts to suggest"),
    "coverage.circles": ("显示步行圈", "Walking circles"),
    "coverage.hotspot_days": ("热点天数", "Hotspot days"),
    "coverage.hotspot_topic": ("热点问题类别", "Hotspot topic"),
    "coverage.all_topics": ("全部类别", "All topics"),
    "coverage.cluster_share": ("居民点覆盖率", "Clusters covered"),
    "coverage.population_share": ("人口覆盖率", "Population covered"),
    "coverage.of_clusters": ("{covered}/{total} 个居民聚集点", "{covered} of {total} clusters"),
    "coverage.of_people": ("{covered}/{total} 人", "{covered} of {total} residents"),
    "coverage.uncovered": ("未覆盖居民点", "Uncovered clusters"),
    "coverage.minimum_posts": ("全覆盖至少需新增点位", "New posts for full coverage"),
    "coverage.minimum_posts_optimal": ("精确求解，已证明最少。", "Solved exactly: proven minimal."),
    "coverage.minimum_posts_greedy": (
        "贪心算法估计 {greedy} 个（精确求解未在时限内完成或不更优）。",
        "Greedy estimate {greedy} (the exact solver did not finish in time or found no fewer).",
    ),
    "coverage.uncovered_list": ("未覆盖居民点（人口多者在前）", "Uncovered clusters (largest first)"),
    "coverage.suggestions": ("新增代理员建议点位", "Where to recruit next"),
    "coverage.col.name": ("居民点", "Cluster"),
    "coverage.col.village": ("村（社区）", "Village / community"),
    "coverage.col.town": ("镇（街道）", "Town"),
    "coverage.col.population": ("人口", "Population"),
    "coverage.col.distance_m": ("距最近在岗代理员（米）", "To the nearest active agent (m)"),
    "coverage.col.rank": ("序号", "Rank"),
    "coverage.col.adds_clusters": ("新增覆盖居民点", "Clusters added"),
    "coverage.col.adds_population": ("新增覆盖人口", "Residents added"),
    "coverage.legend": (
        "绿：已覆盖居民点　红：未覆盖　蓝点：在岗代理员　橙：待培训　灰：暂停或退出　深蓝：建议点位　紫：诉求热点",
        "Green: covered cluster · red: uncovered · blue: active agent · orange: trainee · "
        "grey: suspended or retired · dark blue: suggested post · purple: grievance hotspot",
    ),
    "coverage.by_town": ("各镇（街道）覆盖率", "Coverage by town"),
    "coverage.retire": ("暂停或退出代理员的影响", "What a suspension or retirement would cost"),
    "coverage.retire_pick": ("在岗代理员", "Active agent"),
    "coverage.retire_hint": ("选择一名代理员", "Choose an agent"),
    "coverage.retire_free": (
        "该代理员负责的居民点均另有代理员覆盖。",
        "Every cluster this agent covers has another agent within reach.",
    ),
    "coverage.retire_cost": (
        "该代理员退出后，{clusters} 个居民点（{people} 人）将无人覆盖：",
        "Without this agent, {clusters} clusters ({people} residents) would lose coverage:",
    ),
}

ZH, EN = split(_PAIRS)

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
    "coverage.settings_saved": (
        "已保存为本办设置：步行半径 {radius} 米。",
        "Saved as the office setting: radius {radius} m.",
    ),
    "coverage.explore_only": (
        "这里的改动只用于查看；本办设置由督办员或管理员保存。",
        "Changes here are for exploring only; supervisors and administrators save the setting.",
    ),
    "coverage.town": ("镇（街道）", "Town"),
    "coverage.all_towns": ("全区", "Whole district"),
    "coverage.categories": ("只计以下类别的代理员", "Count only these agent categories"),
    "coverage.all_categories": ("全部类别", "All categories"),
    "coverage.k": ("建议点位数", "Posts to suggest"),
    "coverage.circles": ("显示步行圈", "Walking circles"),
    "coverage.hotspots": ("显示诉求热点", "Grievance hotspots"),
    "coverage.hotspot_days": ("热点天数", "Hotspot days"),
    "coverage.hotspot_topic": ("热点问题类别", "Hotspot topic"),
    "coverage.all_topics": ("全部类别", "All topics"),
    "coverage.cluster_share": ("居民点覆盖率", "Clusters covered"),
    "coverage.population_share": ("人口覆盖率", "Population covered"),
    "coverage.of_clusters": ("{covered}/{total} 个居民聚集点", "{covered} of {total} clusters"),
    "coverage.of_people": ("{covered}/{total} 人", "{covered} of {total} residents"),
    "coverage.uncovered": ("未覆盖居民点", "Uncovered clusters"),
    "coverage.uncovered_people": ("涉及 {people} 人", "{people} residents"),
    "coverage.minimum_posts": ("全覆盖至少需新增点位", "New posts for full coverage"),
    "coverage.minimum_posts_optimal": (
        "整数规划精确求解，已证明最少（贪心算法：{greedy} 个）。",
        "Solved exactly: proven minimal (greedy: {greedy}).",
    ),
    "coverage.minimum_posts_unproven": (
        "整数规划在 5 秒内找到的最好解，未证明最少（贪心算法：{greedy} 个）。",
        "Best found by the exact solver within 5 s, not proven minimal (greedy: {greedy}).",
    ),
    "coverage.minimum_posts_greedy": (
        "贪心算法估计，未证明最少（精确求解未在 5 秒内得到更少的解）。",
        "Greedy estimate, not proven minimal (the exact solver found no fewer within 5 s).",
    ),
    "coverage.no_clusters": ("范围内没有居民聚集点。", "No residential clusters in scope."),
    "coverage.chart_scale": (
        "横轴从 {low} 起，便于比较差异。",
        "The axis starts at {low} to show the differences.",
    ),
    "coverage.uncovered_list": (
        "未覆盖居民点（人口多者在前）",
        "Uncovered clusters (largest first)",
    ),
    "coverage.suggestions": ("新增代理员建议点位", "Where to recruit next"),
    "coverage.col.code": ("编码", "Code"),
    "coverage.col.name": ("居民点", "Cluster"),
    "coverage.col.village": ("村（社区）", "Village / community"),
    "coverage.col.town": ("镇（街道）", "Town"),
    "coverage.col.population": ("人口", "Population"),
    "coverage.col.distance_m": ("距最近在岗代理员（米）", "To the nearest active agent (m)"),
    "coverage.col.rank": ("序号", "Rank"),
    "coverage.col.adds_clusters": ("新增覆盖居民点", "Clusters added"),
    "coverage.col.adds_population": ("新增覆盖人口", "Residents added"),
    "coverage.col.share_after": ("累计人口覆盖率（%）", "Population covered after (%)"),
    "coverage.sheet.uncovered": ("未覆盖居民点", "Uncovered clusters"),
    "coverage.sheet.suggestions": ("建议点位", "Suggested posts"),
    "coverage.legend": (
        "绿：已覆盖居民点　红：未覆盖　代理员——蓝：在岗　橙：待培训　灰：暂停　棕：已退出"
        "（只有在岗代理员计入覆盖）　白底蓝圈加序号：建议点位　紫圈：诉求热点（越大越多）"
        "　灰线：镇（街道）范围（居民点外包络）",
        "Green: covered cluster · red: uncovered · agents — blue: active, orange: trainee, "
        "grey: suspended, brown: retired (only active agents cover) · white ring with a "
        "number: suggested post · purple: grievance hotspot (larger = more) · grey outline: "
        "town (hull of its clusters)",
    ),
    "coverage.by_town": ("各镇（街道）覆盖率", "Coverage by town"),
    "coverage.retire": ("暂停或退出代理员的影响", "What a suspension or retirement would cost"),
    "coverage.retire_pick": ("在岗代理员", "Active agent"),
    "coverage.retire_hint": ("选择一名代理员", "Choose an agent"),
    "coverage.retire_note": (
        "审批暂停或退出前先看代价：只有该代理员覆盖的居民点会变为未覆盖（按上面的步行半径，计入所有在岗代理员）。",
        "Before approving a suspension or retirement: the clusters only this agent covers "
        "would become uncovered (at the radius above, counting every active agent).",
    ),
    "coverage.retire_free": (
        "{name} 覆盖的居民点都另有在岗代理员覆盖，暂停或退出不会留下空白。",
        "Every cluster {name} covers has another active agent within reach: no gap.",
    ),
    "coverage.retire_cost": (
        "{name} 暂停或退出后，{clusters} 个居民点（{people} 人）将无人覆盖：",
        "Without {name}, {clusters} clusters ({people} residents) would lose coverage:",
    ),
    "coverage.retire_gone": (
        "该代理员已不存在，请刷新页面。",
        "This agent no longer exists; reload.",
    ),
    "coverage.tip.cluster": (
        "{name}（{village}，{town}）\n人口 {population}\n{state}",
        "{name} ({village}, {town})\nPopulation {population}\n{state}",
    ),
    "coverage.tip.covered": (
        "已覆盖：距在岗代理员 {distance} 米",
        "Covered: {distance} m to an active agent",
    ),
    "coverage.tip.uncovered": (
        "未覆盖：距最近在岗代理员 {distance} 米",
        "Uncovered: {distance} m to the nearest active agent",
    ),
    "coverage.tip.no_agent": ("未覆盖：没有在岗代理员", "Uncovered: no active agent"),
    "coverage.tip.agent": (
        "代理员 {code} {name}\n{status} · {category}\n{village}",
        "Agent {code} {name}\n{status} · {category}\n{village}",
    ),
    "coverage.tip.suggestion": (
        "建议点位 {rank}：{name}（{village}）\n新增覆盖 {clusters} 个居民点、{people} 人",
        "Suggested post {rank}: {name} ({village})\nAdds {clusters} clusters, {people} residents",
    ),
    "coverage.tip.hotspot": (
        "{village}（{town}）\n{matters} 件诉求，{people} 人次",
        "{village} ({town})\n{matters} matters, {people} people",
    ),
    "coverage.tip.cell": (
        "约 500 米方格：{count} 个已覆盖居民点，{population} 人",
        "About 500 m cell: {count} covered clusters, {population} residents",
    ),
}

ZH, EN = split(_PAIRS)

"""The agent roster page: tabs, filters, the agent page, forms, training, import, bonuses."""

from console.locales import split

_PAIRS = {
    "nav.roster": ("代理员名册", "Agent roster"),
    "roster_page.title": ("代理员名册", "Agent roster"),
    "roster_page.caption": (
        "登记造册、动态管理：共 {total} 名代理员，在岗 {active} 名",
        "Registered and dynamically managed: {total} agents, {active} active",
    ),
    # tabs
    "roster_page.tab.roster": ("名册", "Roster"),
    "roster_page.tab.detail": ("代理员详情", "Agent"),
    "roster_page.tab.add": ("新增代理员", "Add an agent"),
    "roster_page.tab.training": ("培训", "Training"),
    "roster_page.tab.import": ("导入导出", "Import / export"),
    "roster_page.tab.performance": ("绩效与奖励", "Performance & bonuses"),
    # filters
    "roster_page.filter.text": ("搜索姓名、编号或电话", "Search name, code or phone"),
    "roster_page.filter.text_placeholder": ("如 张、JLP-0012、138", "e.g. Zhang, JLP-0012, 138"),
    "roster_page.filter.town": ("镇（街道）", "Town / sub-district"),
    "roster_page.filter.village": ("村（社区）", "Village / community"),
    "roster_page.filter.category": ("类别", "Category"),
    "roster_page.filter.status": ("状态", "Status"),
    "roster_page.filter.trained": ("培训", "Training"),
    "roster_page.filter.public_servant": ("公职人员", "Public servant"),
    "roster_page.filter.online": ("代理方式", "How they file"),
    "roster_page.filter.all": ("全部", "All"),
    "roster_page.filter.trained_yes": ("已培训合格", "Passed training"),
    "roster_page.filter.trained_no": ("未培训合格", "Not yet passed"),
    "roster_page.filter.yes": ("是", "Yes"),
    "roster_page.filter.no": ("否", "No"),
    "roster_page.filter.online_yes": ("能网上代理", "Online"),
    "roster_page.filter.online_no": ("仅纸质代理", "Paper only"),
    "roster_page.sort": ("排序", "Sort by"),
    "roster_page.descending": ("倒序", "Descending"),
    "roster_page.page": ("页码", "Page"),
    "roster_page.shown": (
        "符合条件 {total} 名 · 第 {page}/{pages} 页 · 每页 {size} 名 · 点击一行打开代理员",
        "{total} matching · page {page} of {pages} · {size} per page · "
        "click a row to open the agent",
    ),
    "roster_page.none_found": ("没有符合条件的代理员。", "No agent matches."),
    "roster_page.by_category": ("按类别统计（当前筛选）", "By category (current filter)"),
    "roster_page.by_town": ("按镇（街道）统计（当前筛选）", "By town (current filter)"),
    "roster_page.export_filtered": ("导出筛选结果", "Export the filtered roster"),
    "roster_page.export_full": ("导出完整名册", "Export the full roster"),
    "roster_page.export_public": ("导出公开联系名单", "Export the public contact list"),
    "roster_page.export_help": (
        "完整名册与导入模板格式相同，可修改后再导入；公开联系名单只含在岗代理员的公开信息。",
        "The full roster has the import template's columns, so it can be edited and imported "
        "again; the public list holds what the scheme publishes, active agents only.",
    ),
    # agent page
    "roster_page.lookup": ("按编号、姓名或电话查找", "Find by code, name or phone"),
    "roster_page.lookup_open": ("打开", "Open"),
    "roster_page.lookup_none": ("没有找到“{text}”。", "Nothing found for “{text}”."),
    "roster_page.lookup_many": (
        "找到 {n} 名代理员，请从下表选择或输入完整编号：",
        "{n} agents match: pick one below or type the full code:",
    ),
    "roster_page.lookup_pick": ("选择代理员", "Choose the agent"),
    "roster_page.no_agent": (
        "在“名册”中点击一行，或在上方输入编号，即可打开代理员。",
        "Click a row in the roster, or type a code above, to open an agent.",
    ),
    "roster_page.contact": ("联系方式与驻点", "Contact and post"),
    "roster_page.field": ("项目", "Field"),
    "roster_page.value": ("内容", "Value"),
    "roster_page.post_map": (
        "驻点位置（灰点为同镇街其他代理员）",
        "Post (grey: other agents in the town)",
    ),
    "roster_page.status_history": ("状态变更记录", "Status history"),
    "roster_page.field_history": ("信息修改记录", "Changes to the agent's details"),
    "roster_page.training_record": ("培训记录", "Training record"),
    "roster_page.matters": ("代理的信访事项", "Matters filed"),
    "roster_page.bonuses": ("各季度奖励", "Bonuses per quarter"),
    "roster_page.none": ("暂无记录。", "Nothing yet."),
    "roster_page.export_agent": ("导出该代理员档案", "Export this agent's file"),
    "roster_page.yes": ("是", "Yes"),
    "roster_page.no": ("否", "No"),
    # the agent form
    "roster_page.edit": ("修改信息", "Edit details"),
    "roster_page.edit_readonly": (
        "您的角色只能查看代理员信息。",
        "Your role can view agents but not change them.",
    ),
    "roster_page.form.code": ("代理员编号", "Agent code"),
    "roster_page.form.name": ("姓名", "Name"),
    "roster_page.form.gender": ("性别", "Gender"),
    "roster_page.form.phone": ("联系电话", "Phone"),
    "roster_page.form.email": ("电子邮箱（选填）", "E-mail (optional)"),
    "roster_page.form.address": ("联系地址", "Contact address"),
    "roster_page.form.category": ("类别", "Category"),
    "roster_page.form.public_servant": ("是否公职人员", "Public servant"),
    "roster_page.form.public_servant_auto": ("按类别判断", "From the category"),
    "roster_page.form.town": ("镇（街道）", "Town / sub-district"),
    "roster_page.form.village": ("驻点村（社区）", "Village / community of the post"),
    "roster_page.form.lat": ("驻点纬度", "Post latitude"),
    "roster_page.form.lon": ("驻点经度", "Post longitude"),
    "roster_page.form.coordinate_system": ("坐标系", "Coordinate system"),
    "roster_page.form.coordinate_help": (
        "从高德、腾讯地图取点选 GCJ-02，从百度地图取点选 BD-09，GPS 或天地图选 WGS-84。",
        "Points from Amap or Tencent are GCJ-02, from Baidu BD-09; GPS and Tianditu are WGS-84.",
    ),
    "roster_page.form.online_capable": (
        "能网上代理（不勾选为仅纸质代理）",
        "Files online (untick: paper only)",
    ),
    "roster_page.form.joined_on": ("加入日期", "Joined on"),
    "roster_page.form.choose": ("请选择", "Choose"),
    "roster_page.form.save": ("保存修改", "Save changes"),
    "roster_page.form.add": ("登记代理员", "Register the agent"),
    "roster_page.form.reload": ("放弃修改并重新载入", "Discard and reload"),
    "roster_page.saved": ("已保存。", "Saved."),
    "roster_page.added": (
        "已登记代理员 {code}（待培训，培训合格后方可上岗）。",
        "Agent {code} registered as a trainee (active only after passing training).",
    ),
    "roster_page.add_intro": (
        "新代理员登记为“待培训”，培训合格后方可上岗。",
        "New agents start as trainees and take posts only after passing training.",
    ),
    # status
    "roster_page.status": ("状态变更", "Change status"),
    "roster_page.status.current": ("当前状态：{status}", "Current status: {status}"),
    "roster_page.status.none": (
        "已退出的代理员不能再变更状态。",
        "A retired agent's status is final.",
    ),
    "roster_page.status.action": ("操作", "Action"),
    "roster_page.status.reason": ("原因", "Reason"),
    "roster_page.status.effective_on": ("生效日期", "Effective on"),
    "roster_page.status.apply": ("确认变更", "Apply"),
    "roster_page.status.done": ("状态已改为“{status}”。", "Status changed to “{status}”."),
    "roster_page.action.activate": ("培训合格上岗", "Activate (passed training)"),
    "roster_page.action.reinstate": ("恢复上岗", "Reinstate"),
    "roster_page.action.suspend": ("暂停", "Suspend"),
    "roster_page.action.retire": ("退出", "Retire"),
    # training
    "roster_page.training.sessions": ("培训班", "Training sessions"),
    "roster_page.training.readonly": (
        "培训记录由培训员和管理员登记，您可以查看。",
        "Trainers and administrators record training; you can view it.",
    ),
    "roster_page.training.create": ("新建培训班", "New training session"),
    "roster_page.training.held_on": ("培训日期", "Date"),
    "roster_page.training.title": ("培训主题", "Title"),
    "roster_page.training.trainer": ("培训员", "Trainer"),
    "roster_page.training.create_button": ("新建", "Create"),
    "roster_page.training.created": ("已新建培训班。", "Training session created."),
    "roster_page.training.session": ("培训班", "Session"),
    "roster_page.training.attendance": ("参训名单与成绩", "Attendance and results"),
    "roster_page.training.record": ("登记参训成绩", "Record results"),
    "roster_page.training.agents": (
        "参训代理员（待培训名单）",
        "Agents who attended (from the waiting list)",
    ),
    "roster_page.training.passed": ("考核合格", "Passed"),
    "roster_page.training.activate": (
        "合格的待培训代理员自培训日期起上岗",
        "Trainees who passed become active from the session date",
    ),
    "roster_page.training.record_button": ("登记成绩", "Record"),
    "roster_page.training.recorded": (
        "已登记 {n} 名，其中 {activated} 名上岗。",
        "{n} recorded, {activated} became active.",
    ),
    "roster_page.training.pick_agents": ("请选择参训代理员", "Choose who attended"),
    "roster_page.training.waiting": ("待培训代理员（{n} 名）", "Waiting for training ({n})"),
    "roster_page.training.no_sessions": ("还没有培训班。", "No training sessions yet."),
    # import
    "roster_page.import.template": ("下载导入模板", "Download the import template"),
    "roster_page.import.help": (
        "请使用中文模板填写（每行一名代理员）。已有编号的行更新该代理员，新编号新增；"
        "先全部检查，有任何一行出错则不写入。",
        "Fill in the Chinese template, one agent per row. A known code updates that agent, "
        "a new code adds one; every row is checked first and nothing is written if any is wrong.",
    ),
    "roster_page.import.file": (
        "选择 Excel（.xlsx）或 CSV 文件",
        "Choose an Excel (.xlsx) or CSV file",
    ),
    "roster_page.import.check": ("检查（不保存）", "Check (save nothing)"),
    "roster_page.import.run": ("导入", "Import"),
    "roster_page.import.errors": (
        "{n} 处问题，未写入任何数据。请改正后重新上传：",
        "{n} problems; nothing was written. Fix them and upload again:",
    ),
    "roster_page.import.checked": (
        "检查通过：将新增 {created} 名、更新 {updated} 名、{unchanged} 名无变化。",
        "All rows valid: {created} to add, {updated} to update, {unchanged} unchanged.",
    ),
    "roster_page.import.done": (
        "导入完成：新增 {created} 名、更新 {updated} 名、{unchanged} 名无变化、记录状态变更 {changes} 条。",
        "Imported: {created} added, {updated} updated, {unchanged} unchanged, "
        "{changes} status changes recorded.",
    ),
    "roster_page.import.exports": (
        "名册导出在“名册”标签页底部。",
        "Roster exports are at the bottom of the Roster tab.",
    ),
    "roster_page.import.readonly": (
        "只有系统管理员可以批量导入代理员。",
        "Only administrators can import agents.",
    ),
    # performance and bonuses
    "roster_page.quarter": ("季度", "Quarter"),
    "roster_page.perf.listed": ("在岗或有代理的代理员", "Active or filing agents"),
    "roster_page.perf.ranked": ("参与排名", "Ranked"),
    "roster_page.perf.follow_up": ("本季度无代理、需回访", "No filings: follow up"),
    "roster_page.perf.ranking": ("季度排名", "Quarterly ranking"),
    "roster_page.perf.ranking_help": (
        "首次代理不少于 {n} 件才参与排名（按满意率、按时答复率、受理件数）；件数少的只列数字不排名。",
        "Agents with at least {n} original filings are ranked (satisfaction, then on-time rate, "
        "then accepted count); the others show their counts without a rank.",
    ),
    "roster_page.perf.chart": (
        "满意率（参与排名前 {n} 名，标注件数）",
        "Satisfaction rate (top {n} ranked, with counts)",
    ),
    "roster_page.perf.chart_label": (
        "满意 {good}/{rated} · 首次代理 {originals} 件",
        "satisfied {good}/{rated} · {originals} filings",
    ),
    "roster_page.perf.follow_up_list": (
        "需回访的代理员（本季度无代理）",
        "Agents to follow up (no filings this quarter)",
    ),
    "roster_page.perf.no_data": ("本季度没有代理记录。", "No filings this quarter."),
    "roster_page.bonus.title": ("奖励台账（以奖代补）", "Bonus ledger"),
    "roster_page.bonus.rules": (
        "非公职人员：成功代理每件 10 元；评价“基本满意”另加 5 元，“满意”且息诉息访另加 20 元。"
        "公职人员不发奖励，列入年度考核。",
        "Non-public-servants: ¥10 per successful filing, plus ¥5 for “basically satisfied” or "
        "¥20 for “satisfied” with the petition ceased. Public servants are appraised instead.",
    ),
    "roster_page.bonus.approved": (
        "{quarter} 已由 {by} 于 {at} 审核，合计 {total} 元，已锁定；之后的更正计入下一季度。",
        "{quarter} was approved by {by} on {at}, total ¥{total}, and is frozen; later "
        "corrections go to the next quarter.",
    ),
    "roster_page.bonus.frozen": (
        "{quarter} 已随后续季度的审核一并锁定。",
        "{quarter} is frozen by the approval of a later quarter.",
    ),
    "roster_page.bonus.open": ("{quarter} 尚未审核。", "{quarter} is not approved yet."),
    "roster_page.bonus.compute": (
        "按案件记录计算本季度台账",
        "Compute the ledger from the case records",
    ),
    "roster_page.bonus.computed": (
        "已计算：{entries} 笔，合计 {total} 元。",
        "Computed: {entries} entries, ¥{total} in all.",
    ),
    "roster_page.bonus.confirm": (
        "我已核对台账，确认审核 {quarter}（审核后锁定，不能再修改）",
        "I have checked the ledger and approve {quarter} (it is then frozen)",
    ),
    "roster_page.bonus.approve": ("审核并锁定", "Approve and freeze"),
    "roster_page.bonus.approved_now": (
        "{quarter} 已审核锁定，合计 {total} 元。",
        "{quarter} approved and frozen, ¥{total} in all.",
    ),
    "roster_page.bonus.entries": ("奖励明细", "Ledger entries"),
    "roster_page.bonus.totals": ("发放汇总", "Payment list"),
    "roster_page.bonus.total_metric": ("本季度奖励合计（元）", "Total this quarter (¥)"),
    "roster_page.bonus.paid_agents": ("获奖励代理员", "Agents paid"),
    "roster_page.bonus.appraisal": (
        "公职人员考核名单（不发奖励）",
        "Public servants' appraisal list (no money)",
    ),
    "roster_page.bonus.reconcile": ("与案件记录核对", "Reconcile with the case records"),
    "roster_page.bonus.reconciled": (
        "台账与案件记录一致。",
        "The ledger agrees with the case records.",
    ),
    "roster_page.bonus.differences": (
        "台账与案件记录有 {n} 处差异（已审核季度的差异将作为调整计入下一季度）：",
        "{n} differences between the ledger and the case records (for an approved quarter "
        "they are settled as adjustments in the next quarter):",
    ),
    "roster_page.bonus.differences_help": (
        "每行是一件代理事项的一类奖励：台账金额为已记入台账的金额，按案件应计为按目前案件记录"
        "应得的金额，差额正数为少记、负数为多记。",
        "Each row is one kind of bonus for one filed matter: the ledger amount is what the "
        "ledger holds, the amount from the case records is what the records give now; a "
        "positive difference is owed, a negative one overpaid.",
    ),
    "roster_page.perf.unranked": ("未排名", "Not ranked"),
    "roster_page.perf.chart_agent": ("代理员", "Agent"),
    "roster_page.perf.chart_figures": ("评价情况", "Ratings"),
    "roster_page.bonus.export": ("导出奖励台账（Excel）", "Export the ledger (Excel)"),
    "roster_page.bonus.empty": (
        "本季度台账为空（尚未计算或没有应发奖励）。",
        "The ledger is empty (not computed yet, or nothing earned).",
    ),
    # coordinate systems
    "roster_page.crs.wgs84": ("WGS-84（GPS、天地图）", "WGS-84 (GPS, Tianditu)"),
    "roster_page.crs.gcj02": ("GCJ-02（高德、腾讯）", "GCJ-02 (Amap, Tencent)"),
    "roster_page.crs.bd09": ("BD-09（百度）", "BD-09 (Baidu)"),
}

ZH, EN = split(_PAIRS)

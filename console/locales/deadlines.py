"""The deadlines page (期限督办), the deadline engine's messages and the warning colours."""

from console.locales import split

_PAIRS = {
    "deadlines.scope": ("时限类别", "Limits shown"),
    "deadlines.scope.all": ("全部时限", "All limits"),
    "deadlines.scope.legal": ("法定时限", "Legal limits"),
    "deadlines.scope.internal": ("内部流程时限", "Internal workflow"),
    "deadlines.scope_help": (
        "法定时限：受理告知、答复、办结、督办、复查复核；内部流程时限：交办 2 个工作日、单位反馈 10 个、审核 3 个、回复 15 个工作日。",
        "Legal: acceptance decision, reply, conclusion, supervision, reviews. Internal: assign "
        "in 2 working days, unit feedback 10, office check 3, reply 15.",
    ),
    "nav.deadlines": ("期限督办", "Deadlines"),
    # --- warning lights (core.deadlines.colours.Colour; the stored values stay as they
    # were: "red" is the orange last-days light, "overdue" the red light) ---
    "Colour.green": ("正常", "On track"),
    "Colour.yellow": ("预警", "Near the limit"),
    "Colour.red": ("临期", "Last days"),
    "Colour.overdue": ("已超期", "Overdue"),
    # --- page frame ---
    "deadlines.title": ("期限督办", "Deadlines and supervision"),
    "deadlines.as_of": ("截至 {today}（{weekday}）", "As of {today} ({weekday})"),
    "deadlines.weekday.0": ("星期一", "Monday"),
    "deadlines.weekday.1": ("星期二", "Tuesday"),
    "deadlines.weekday.2": ("星期三", "Wednesday"),
    "deadlines.weekday.3": ("星期四", "Thursday"),
    "deadlines.weekday.4": ("星期五", "Friday"),
    "deadlines.weekday.5": ("星期六", "Saturday"),
    "deadlines.weekday.6": ("星期日", "Sunday"),
    "deadlines.unit_scope": (
        "仅显示本单位承办的计时和发给本单位的督办单。",
        "Showing the clocks your unit answers for and the notices sent to it only.",
    ),
    "deadlines.tab.board": ("今日看板", "Today's board"),
    "deadlines.tab.drill": ("明细与督办", "Details and supervision"),
    "deadlines.tab.notices": ("督办单", "Supervision notices"),
    "deadlines.tab.bulletin": ("季度通报", "Quarterly bulletin"),
    "deadlines.tab.rules": ("规则与日历", "Rules and calendar"),
    "deadlines.sheet": ("数据", "Data"),
    "deadlines.unassigned": ("（未交办）", "(not assigned)"),
    "deadlines.yes": ("是", "Yes"),
    "deadlines.no": ("否", "No"),
    "deadlines.all": ("全部", "All"),
    "deadlines.provisional_short": ("暂定", "Provisional"),
    "deadlines.risk_collective": ("集体访苗头", "Collective"),
    "deadlines.risk_skip_level": ("越级苗头", "Skip-level"),
    "deadlines.risk_repeat": ("重复访", "Repeat"),
    "deadlines.risk_emotion": ("情绪激动", "Heightened emotion"),
    # --- board ---
    "deadlines.by_colour": (
        "在办事项亮灯（按最紧迫的计时）",
        "Open matters by light (most urgent clock)",
    ),
    "deadlines.colour_help.green": (
        "绿灯：期限已用不足一半，且剩余工作日较多。",
        "Green: less than half of the limit used and several working days left.",
    ),
    "deadlines.colour_help.yellow": (
        "黄灯：已用期限过半或只剩 3 个工作日以内（阈值可在设置中调整）。",
        "Yellow: half the limit used or 3 working days or fewer left (thresholds are settings).",
    ),
    "deadlines.colour_help.red": (
        "橙灯：已用期限八成以上或只剩 1 个工作日以内，尚未超期。",
        "Orange: 80% of the limit used or 1 working day or fewer left, not yet overdue.",
    ),
    "deadlines.colour_help.overdue": (
        "红灯：已过期限日仍未办结。",
        "Red: past the due date and not done.",
    ),
    "deadlines.open_matters": ("在办计时事项", "Matters with open clocks"),
    "deadlines.open_matters_help": (
        "有正在计时的法定或内部时限的事项；信访人申请复查的期限不计入。",
        "Matters with a running legal or internal clock; the petitioner's review windows are left out.",
    ),
    "deadlines.show_matters": ("查看明细", "Show matters"),
    "deadlines.due.overdue": ("已超期", "Overdue"),
    "deadlines.due.today": ("今日到期", "Due today"),
    "deadlines.due.tomorrow": ("明日到期", "Due tomorrow"),
    "deadlines.due.this_week": ("本周到期", "Due this week"),
    "deadlines.longest_overdue": ("最长超期", "Longest overdue"),
    "deadlines.longest_overdue_help": (
        "超期最久的计时已过期限日的自然日天数。",
        "Calendar days since the due date of the longest overdue clock.",
    ),
    "deadlines.days": ("{n} 天", "{n} days"),
    "deadlines.provisional_matters": ("暂定期限事项", "Provisional due dates"),
    "deadlines.provisional_help": (
        "期限跨入尚无官方节假日安排的年份，按周末及管理员录入的假日暂算。",
        "The limit runs into a year without an official holiday schedule: counted from "
        "weekends and any holidays an administrator entered.",
    ),
    "deadlines.provisional_note": (
        "{years} 年的官方节假日安排尚未公布或尚未核实：跨入该年的期限（⚠ 暂定）按周末及管理员录入的假日暂算，"
        "国务院公布后请管理员在「规则与日历」录入，期限将自动重算。",
        "The official holiday schedule for {years} is not yet published or verified: limits "
        "running into it (⚠ provisional) count weekends and administrator-entered holidays "
        "only. Once the State Council publishes it, an administrator enters it under "
        '"Rules and calendar" and the dates are recomputed.',
    ),
    "deadlines.chart.week": ("周", "Week"),
    "deadlines.chart.overdue": ("超期事项数", "Overdue matters"),
    "deadlines.chart.on_time": ("按期办结率", "On-time rate"),
    "deadlines.chart.stopped": ("本周办结计时", "Clocks stopped this week"),
    "deadlines.chart.overdue_title": (
        "近 26 周超期事项（周末时点）",
        "Overdue matters, last 26 weeks (end of week)",
    ),
    "deadlines.chart.on_time_title": ("近 26 周按期办结率", "On-time rate, last 26 weeks"),
    "deadlines.chart.by_unit_title": ("各承办单位超期事项", "Overdue matters by unit"),
    "deadlines.chart.top_units": (
        "超期最多的 {n} 个单位（共 {total} 个单位有超期事项，全部见下方表格）。",
        "The {n} units with the most overdue matters ({total} have some: all in the table below).",
    ),
    "deadlines.none_overdue": ("目前没有超期事项。", "Nothing is overdue."),
    "deadlines.per_unit": ("按承办单位", "By unit"),
    "deadlines.per_town": ("按镇街", "By town"),
    "deadlines.click_to_drill": (
        "点选表格中的一行，即在「明细与督办」中列出该单位或镇街的事项。",
        "Pick a row to list that unit's or town's matters under \"Details and supervision\".",
    ),
    "deadlines.oldest_overdue": ("超期最久的事项", "Longest overdue first"),
    "deadlines.oldest_caption_view": (
        "前 {n} 件，超期最久的在前。",
        "The first {n}, longest overdue first.",
    ),
    "deadlines.not_entered": ("未录入", "Not entered"),
    "deadlines.rule.acceptance": ("受理告知（自收到之日起）", "Acceptance decision (from receipt)"),
    "deadlines.rule.reply.urgent": ("答复·紧急类", "Reply: urgent"),
    "deadlines.rule.reply.consultation": ("答复·咨询类", "Reply: consultation"),
    "deadlines.rule.reply.general": ("答复·一般类", "Reply: general"),
    "deadlines.rule.reply.investigation": ("答复·需调查协调类", "Reply: needs investigation"),
    "deadlines.rule.conclusion": ("办结（自受理之日起）", "Conclusion (from acceptance)"),
    "deadlines.rule.review.request": ("申请复查期限", "Window to ask for a review"),
    "deadlines.rule.review.answer": ("复查答复", "Review answer"),
    "deadlines.rule.re_review.request": ("申请复核期限", "Window to ask for a re-review"),
    "deadlines.rule.re_review.answer": ("复核答复", "Re-review answer"),
    "deadlines.rule.internal.assign": ("网上交办（内部）", "Assign (internal)"),
    "deadlines.rule.internal.feedback": ("承办单位反馈（内部）", "Unit feedback (internal)"),
    "deadlines.rule.internal.check": ("办信审核（内部）", "Office check (internal)"),
    "deadlines.rule.internal.reply": ("网上回复（内部）", "Online reply (internal)"),
    "deadlines.rule.supervision": ("督办单反馈（未另定期限时）", "Supervision answer (default)"),
    "deadlines.col.rule_name": ("规则名称", "Rule"),
    "deadlines.oldest_caption": (
        "前 {n} 件，超期最久的在前；点选一行即可就该事项签发督办单。",
        "The first {n}, longest overdue first; pick a row to issue a supervision notice for it.",
    ),
    # --- drill-down ---
    "deadlines.drill_applied": (
        "已按所选条件筛选，明细见「明细与督办」。",
        'Filter applied: see "Details and supervision".',
    ),
    "deadlines.filter.colour": ("亮灯", "Light"),
    "deadlines.filter.unit": ("承办单位", "Unit"),
    "deadlines.filter.town": ("镇街", "Town"),
    "deadlines.filter.due": ("到期", "Due"),
    "deadlines.drilled_count": (
        "{matters} 件事项，{clocks} 个计时",
        "{matters} matters, {clocks} clocks",
    ),
    "deadlines.drill_page": (
        "第 {page} / {pages} 页，共 {n} 个计时",
        "Page {page} of {pages}, {n} clocks in all",
    ),
    "deadlines.supervise_only": (
        "签发督办单和批准延期由督办员办理。",
        "Supervisors issue supervision notices and approve extensions.",
    ),
    # --- supervision notice ---
    "deadlines.notice.title": ("签发督办单", "Issue a supervision notice"),
    "deadlines.notice.title_for": ("签发督办单：{case}", "Supervision notice: {case}"),
    "deadlines.notice.no_matter": ("所选条件下没有事项。", "No matter under these filters."),
    "deadlines.notice.not_for_you": (
        "该事项当前状态下不能由您签发督办单。",
        "You cannot issue a supervision notice on this matter in its current state.",
    ),
    "deadlines.notice.matter": ("督办事项", "Matter"),
    "deadlines.notice.matter_help": (
        "在上方明细表或「今日看板」的超期列表中点选一行，这里即换成该事项；也可在此选择本页所列事项。",
        "Pick a row in the table above or in the board's overdue list and the form follows it; "
        "or choose one of the matters listed on this page.",
    ),
    "deadlines.notice.unit": ("督办单位", "Unit pressed"),
    "deadlines.notice.due": ("反馈期限", "Answer due"),
    "deadlines.notice.due_help": (
        "默认按督办规则从今天起算；可改为更早或更晚的日期。",
        "By default the supervision rule counted from today; you may change it.",
    ),
    "deadlines.notice.text": ("督办内容", "Text"),
    "deadlines.notice.template_overdue": (
        "关于 {case} 号信访事项：该事项的法定期限「{limit}」（{days}）已于 {due} 届满，"
        "至今未办结。请你单位高度重视，抓紧办理，并在督办期限内将办理情况书面反馈区信访办。",
        'Petition matter {case}: its legal limit "{limit}" ({days}) ran out on {due} '
        "and it is not done. Please give it priority and report in writing to the district "
        "petition office within the supervision limit.",
    ),
    "deadlines.notice.template": (
        "关于 {case} 号信访事项：该事项的法定期限「{limit}」（{days}）于 {due} 届满。"
        "请你单位抓紧办理，并在督办期限内将办理情况书面反馈区信访办。",
        'Petition matter {case}: its legal limit "{limit}" ({days}) runs out on '
        "{due}. Please handle it promptly and report in writing to the district petition "
        "office within the supervision limit.",
    ),
    "deadlines.notice.days.working": ("{n} 个工作日", "{n} working days"),
    "deadlines.notice.days.calendar": ("{n} 日", "{n} days"),
    "deadlines.notice.template_plain": (
        "关于 {case} 号信访事项：请你单位抓紧办理，并在督办期限内将办理情况书面反馈区信访办。",
        "Petition matter {case}: please handle it promptly and report in writing to the "
        "district petition office within the supervision limit.",
    ),
    "deadlines.notice.issue": ("签发督办单", "Issue notice"),
    "deadlines.notice.issued": (
        "已签发第 {number} 号督办单：{case}，督办 {unit}，{due} 前反馈。",
        "Supervision notice {number} issued: {case}, to {unit}, answer due {due}.",
    ),
    # --- extension ---
    "deadlines.extension.title": ("批准延期", "Approve an extension"),
    "deadlines.extension.not_allowed": (
        "办结时限规则不允许延期。",
        "The conclusion rule allows no extension.",
    ),
    "deadlines.extension.none": (
        "所选事项和本页所列事项都不能延期（办结计时须在运行且未超期）。",
        "Neither the picked matter nor those listed on this page can be extended (the "
        "conclusion clock must be running and not overdue).",
    ),
    "deadlines.extension.not_for_you": (
        "该事项当前状态下不能由您批准延期（须已受理、已交办或办理中）。",
        "You cannot approve an extension for this matter in its current state "
        "(it must be accepted, assigned or in handling).",
    ),
    "deadlines.extension.matter": ("延期事项", "Matter"),
    "deadlines.extension.option": (
        "{case} · {unit} · 办结期限 {due}",
        "{case} · {unit} · conclusion due {due}",
    ),
    "deadlines.extension.days": ("延长天数", "Days"),
    "deadlines.extension.days_help": (
        "只能延期一次，最多 {limit} 天。",
        "Once only, at most {limit} days.",
    ),
    "deadlines.extension.reason": ("延期理由（将告知信访人）", "Reason (told to the petitioner)"),
    "deadlines.extension.reason_placeholder": (
        "例如：需会同规划、住建部门现场核查。",
        "E.g. a site inspection with planning and housing is needed.",
    ),
    "deadlines.extension.approve": ("批准延期", "Approve extension"),
    "deadlines.extension.approved": (
        "已批准 {case} 延期 {days} 天。",
        "Extension of {days} days approved for {case}.",
    ),
    # --- notices tab ---
    "deadlines.notices.open": ("未反馈的督办单（{n}）", "Notices awaiting an answer ({n})"),
    "deadlines.notices.none_open": ("没有待反馈的督办单。", "No notice awaits an answer."),
    "deadlines.notices.answer_title": ("登记承办单位反馈", "Record the unit's answer"),
    "deadlines.notices.pick": ("督办单", "Notice"),
    "deadlines.notices.option": (
        "第 {number} 号 · {case} · {unit} · {due} 前反馈",
        "No. {number} · {case} · {unit} · due {due}",
    ),
    "deadlines.notices.answer": ("反馈内容", "Answer"),
    "deadlines.notices.answer_placeholder": (
        "承办单位的办理情况和下一步措施。",
        "What the unit did and will do next.",
    ),
    "deadlines.notices.record": ("登记反馈", "Record answer"),
    "deadlines.notices.recorded": (
        "已登记第 {number} 号督办单（{case}）的反馈。",
        "Answer to notice {number} ({case}) recorded.",
    ),
    "deadlines.notices.answered": ("已反馈的督办单（最近 50 件）", "Answered notices (latest 50)"),
    "deadlines.notices.none_answered": ("还没有已反馈的督办单。", "No notice answered yet."),
    "deadlines.notices.state.met": ("按期反馈", "On time"),
    "deadlines.notices.state.breached": ("逾期反馈", "Late"),
    "deadlines.notices.state.cancelled": ("已撤销", "Cancelled"),
    "deadlines.notices.state.running": ("计时中", "Running"),
    # --- bulletin ---
    "deadlines.bulletin.quarter": ("季度", "Quarter"),
    "deadlines.bulletin.quarter_help": (
        "统计该季度内收到的全部信访事项（不论是否计时）。",
        "All items received in the quarter count, with or without a clock.",
    ),
    "deadlines.bulletin.caption": (
        "{quarter}：收到信访事项 {received} 件，提交 {submissions} 次；数据截至 {today}。",
        "{quarter}: {received} items received, {submissions} filings; figures as of {today}.",
    ),
    "deadlines.bulletin.own_unit": ("下表仅列本单位。", "The table lists your unit only."),
    "deadlines.bulletin.per_unit": ("各承办单位情况", "By unit"),
    "deadlines.bulletin.chart_title": ("受理量较大的承办单位", "Units with the most items"),
    "deadlines.bulletin.sheet_units": ("各承办单位", "By unit"),
    "deadlines.bulletin.sheet_rates": ("全区指标", "District rates"),
    "deadlines.bulletin.export_help": (
        "一个工作簿：各承办单位情况和全区指标各一页。",
        "One workbook: a sheet by unit and a sheet of district rates.",
    ),
    "deadlines.bulletin.items": ("件数", "Items"),
    "deadlines.bulletin.on_time_rate": ("按期答复率", "On-time rate"),
    "deadlines.bulletin.on_time_rate_help": (
        "按期答复的事项 ÷ 收到的全部事项。",
        "Replied on time ÷ all items received.",
    ),
    "deadlines.bulletin.closure_rate": ("结案率", "Closure rate"),
    "deadlines.bulletin.closure_rate_help": (
        "已办结归档 ÷ 收到的全部事项。",
        "Closed and archived ÷ all items received.",
    ),
    "deadlines.bulletin.cessation_rate": ("息访率", "Cessation rate"),
    "deadlines.bulletin.cessation_rate_help": (
        "信访人息诉息访 ÷ 收到的全部事项。",
        "Petitioner ceased ÷ all items received.",
    ),
    "deadlines.bulletin.satisfaction_rate": ("满意率", "Satisfaction rate"),
    "deadlines.bulletin.satisfaction_rate_help": (
        "（满意 + 基本满意）÷ 作出评价的事项。",
        "(Satisfied + basically satisfied) ÷ items rated.",
    ),
    "deadlines.bulletin.rating_rate": ("参评率", "Rating rate"),
    "deadlines.bulletin.rating_rate_help": (
        "作出评价的事项 ÷ 收到的全部事项。",
        "Items rated ÷ all items received.",
    ),
    "deadlines.bulletin.repeat_rate": ("重复访率", "Repeat-petition rate"),
    "deadlines.bulletin.repeat_rate_help": (
        "重复提交 ÷ 本季度全部提交。",
        "Repeat filings ÷ all filings in the quarter.",
    ),
    # --- rules ---
    "deadlines.rules.title": ("期限规则", "Deadline rules"),
    "deadlines.settings_log.title": ("系统设置修改记录", "Changes to office settings"),
    "deadlines.settings_log.caption": (
        "预警阈值、步行覆盖半径、登录锁定和演示日期的每次修改：修改人、时间、原值和新值。",
        "Every change of warning thresholds, walking radius, lockout and the demo date: "
        "who, when, the old and the new value.",
    ),
    "deadlines.settings_log.none": ("系统设置尚无修改记录。", "No setting has been changed yet."),
    "deadlines.settings_log.empty": ("（未设置）", "(not set)"),
    "setting.demo.simulated_today": ("演示模拟日期", "Simulated today (demo)"),
    "setting.deadline.yellow_share": (
        "黄灯（预警）：已用时限比例",
        "Yellow (near the limit): share of the limit used",
    ),
    "setting.deadline.yellow_days_left": (
        "黄灯（预警）：剩余工作日",
        "Yellow (near the limit): working days left",
    ),
    "setting.deadline.red_share": (
        "橙灯（临期）：已用时限比例",
        "Orange (last days): share of the limit used",
    ),
    "setting.deadline.red_days_left": (
        "橙灯（临期）：剩余工作日",
        "Orange (last days): working days left",
    ),
    "setting.coverage.minutes": ("覆盖步行时间（分钟）", "Walking time covered (minutes)"),
    "setting.coverage.walk_m_per_min": ("步行速度（米/分钟）", "Walking speed (m/min)"),
    "setting.coverage.detour": ("绕行系数", "Detour factor"),
    "setting.auth.max_failed_attempts": ("连续输错密码上限", "Wrong passwords before lockout"),
    "setting.auth.lockout_minutes": ("锁定时长（分钟）", "Lockout (minutes)"),
    "deadlines.rules.caption": (
        "修改规则会重算由该规则产生的在办计时；已按期或已超期办结的计时保持原结果。",
        "Changing a rule recomputes the running clocks it made; met and breached clocks keep their result.",
    ),
    "deadlines.rules.edit": ("修改一条规则", "Change one rule"),
    "deadlines.rules.rule": ("规则", "Rule"),
    "deadlines.rules.roll_help": (
        "按自然日计算的期限，最后一日为法定休假日时顺延至下一个工作日。",
        "A calendar-day limit whose last day is a rest day ends on the next working day.",
    ),
    "deadlines.rules.reason": ("修改理由", "Reason"),
    "deadlines.rules.save": ("保存修改", "Save change"),
    "deadlines.rules.saved": (
        "规则 {rule} 已更新为第 {version} 版，重算了 {n} 个在办计时。",
        "Rule {rule} is now version {version}; {n} running clocks recomputed.",
    ),
    "deadlines.rules.changes": ("规则修改记录", "Rule changes"),
    "deadlines.rules.no_changes": ("规则尚未修改过。", "No rule has been changed."),
    # --- calendar ---
    "deadlines.calendar.title": ("工作日历", "Working-day calendar"),
    "deadlines.calendar.caption": (
        "已核实的年份按国务院公布的节假日和调休安排计算；未核实的年份只按周末和管理员录入的假日暂算。",
        "Verified years follow the State Council's holidays and make-up working days; other "
        "years count weekends and administrator-entered holidays only (provisional).",
    ),
    "deadlines.calendar.show_year": ("查看年份", "Show year"),
    "deadlines.calendar.no_days": (
        "{year} 年没有录入节假日或调休日。",
        "No holiday or make-up day listed for {year}.",
    ),
    "deadlines.calendar.enter_title": ("录入一年的官方安排", "Enter a year's official schedule"),
    "deadlines.calendar.enter_help": (
        "按国务院办公厅通知逐行填写“日期 名称”，连续假期可写“起始日~结束日 名称”；保存后该年标记为已核实，并重算受影响的期限。",
        'One "date name" per line as in the State Council notice; a break may be written '
        '"first~last name". Saving marks the year verified and recomputes the affected limits.',
    ),
    "deadlines.calendar.year": ("年份", "Year"),
    "deadlines.calendar.holidays": ("放假日期", "Holidays"),
    "deadlines.calendar.holidays_placeholder": (
        "2027-01-01 元旦\n2027-02-06~2027-02-14 春节\n2027-10-01~2027-10-07 国庆节",
        "2027-01-01 New Year's Day\n2027-02-06~2027-02-14 Spring Festival",
    ),
    "deadlines.calendar.workdays": ("调休上班日期", "Make-up working days"),
    "deadlines.calendar.workdays_placeholder": (
        "2027-02-20 春节调休",
        "2027-02-20 Spring Festival make-up day",
    ),
    "deadlines.calendar.enter": ("保存并核实该年", "Save and verify the year"),
    "deadlines.calendar.entered": (
        "{year} 年安排已保存并核实（{holidays} 个放假日、{workdays} 个调休日），重算了 {n} 个在办计时。",
        "{year} saved and verified ({holidays} holidays, {workdays} make-up days); {n} running clocks recomputed.",
    ),
    "deadlines.calendar.holiday_title": ("增加单个假日", "Add one holiday"),
    "deadlines.calendar.holiday_help": (
        "例如提前公布的假日；不改变该年的核实状态。",
        "E.g. a holiday announced early; the year's verification does not change.",
    ),
    "deadlines.calendar.day": ("日期", "Day"),
    "deadlines.calendar.name": ("名称", "Name"),
    "deadlines.calendar.add_holiday": ("增加假日", "Add holiday"),
    "deadlines.calendar.day_required": ("请选择日期。", "Choose a day."),
    "deadlines.calendar.holiday_added": (
        "已增加假日 {day}（{name}），重算了 {n} 个在办计时。",
        "Holiday {day} ({name}) added; {n} running clocks recomputed.",
    ),
    # --- column headers ---
    "deadlines.col.case_number": ("事项编号", "Case number"),
    "deadlines.col.matter_id": ("事项序号", "Matter id"),
    "deadlines.col.kind": ("时限类别", "Limit"),
    "deadlines.col.unit_code": ("单位代码", "Unit code"),
    "deadlines.col.unit_name": ("承办单位", "Unit"),
    "deadlines.col.town_name": ("镇街", "Town"),
    "deadlines.col.started_on": ("起算日", "Started"),
    "deadlines.col.due_on": ("期限日", "Due"),
    "deadlines.col.basis": ("计算方式", "Basis"),
    "deadlines.col.days_left": ("剩余天数", "Days left"),
    "deadlines.col.working_days_left": ("剩余工作日", "Working days left"),
    "deadlines.col.days_overdue": ("超期天数", "Days overdue"),
    "deadlines.col.status": ("状态", "Status"),
    "deadlines.col.colour": ("本计时亮灯", "Clock light"),
    "deadlines.col.matter_colour": ("事项亮灯", "Matter light"),
    "deadlines.col.provisional": ("暂定", "Provisional"),
    "deadlines.col.agent_proxied": ("代理员代理", "Agent-proxied"),
    "deadlines.col.risks": ("风险苗头", "Risk signals"),
    "deadlines.col.green": ("正常", "On track"),
    "deadlines.col.yellow": ("预警", "Near the limit"),
    "deadlines.col.red": ("临期", "Last days"),
    "deadlines.col.overdue": ("已超期", "Overdue"),
    "deadlines.col.due_soon": ("即将到期", "Due soon"),
    "deadlines.col.total": ("合计", "Total"),
    "deadlines.col.notice_id": ("督办单号", "Notice no."),
    "deadlines.col.text": ("督办内容", "Text"),
    "deadlines.col.issued_at": ("签发时间", "Issued"),
    "deadlines.col.issued_by": ("签发人", "Issued by"),
    "deadlines.col.answered_at": ("反馈时间", "Answered"),
    "deadlines.col.answer": ("反馈内容", "Answer"),
    "deadlines.col.clock_state_text": ("反馈情况", "Timeliness"),
    "deadlines.col.received": ("收到事项", "Received"),
    "deadlines.col.assigned": ("已交办", "Assigned"),
    "deadlines.col.replied_on_time": ("按期答复", "Replied on time"),
    "deadlines.col.replies_not_delivered": ("答复未送达", "Replies not delivered"),
    "deadlines.col.repeat_petitions": ("重复访", "Repeat petitions"),
    "deadlines.col.satisfied": ("满意", "Satisfied"),
    "deadlines.col.basically_satisfied": ("基本满意", "Basically satisfied"),
    "deadlines.col.unsatisfied": ("不满意", "Unsatisfied"),
    "deadlines.col.rated": ("参评", "Rated"),
    "deadlines.col.satisfaction_rate": ("满意率", "Satisfaction rate"),
    "deadlines.col.rate": ("指标", "Rate"),
    "deadlines.col.value": ("数值", "Value"),
    "deadlines.col.key": ("规则代码", "Rule key"),
    "deadlines.col.clock_kind": ("时限类别", "Limit"),
    "deadlines.col.days": ("天数", "Days"),
    "deadlines.col.roll_over_holiday": ("遇休假日顺延", "Roll over rest days"),
    "deadlines.col.max_extension_days": ("最多延期天数", "Max extension days"),
    "deadlines.col.version": ("版本", "Version"),
    "deadlines.col.updated_at": ("更新时间", "Updated"),
    "deadlines.col.updated_by": ("更新人", "Updated by"),
    "deadlines.col.changed_at": ("修改时间", "Changed"),
    "deadlines.col.setting": ("设置项", "Setting"),
    "deadlines.col.old_value": ("原值", "Old value"),
    "deadlines.col.new_value": ("新值", "New value"),
    "deadlines.col.change": ("修改内容", "Change"),
    "deadlines.col.reason": ("理由", "Reason"),
    "deadlines.col.actor": ("操作人", "By"),
    "deadlines.col.clocks_recomputed": ("重算计时数", "Clocks recomputed"),
    "deadlines.col.year": ("年份", "Year"),
    "deadlines.col.verified": ("已核实", "Verified"),
    "deadlines.col.source": ("来源", "Source"),
    "deadlines.col.holidays": ("放假日（工作日）", "Holidays (weekdays)"),
    "deadlines.col.workdays": ("调休上班日", "Make-up working days"),
    "deadlines.col.day": ("日期", "Day"),
    "deadlines.col.is_working": ("上班", "Working"),
    "deadlines.col.name": ("名称", "Name"),
    "deadlines.status.overdue": ("已超期", "Overdue"),
    "deadlines.status.due_soon": ("即将到期", "Due soon"),
    # --- Excel file names ---
    "deadlines.file.per_unit": ("期限亮灯_按单位.xlsx", "deadlines_by_unit.xlsx"),
    "deadlines.file.per_town": ("期限亮灯_按镇街.xlsx", "deadlines_by_town.xlsx"),
    "deadlines.file.oldest": ("超期事项.xlsx", "overdue_matters.xlsx"),
    "deadlines.file.drill": ("期限明细.xlsx", "deadline_details.xlsx"),
    "deadlines.file.notices": ("督办单_待反馈.xlsx", "notices_open.xlsx"),
    "deadlines.file.answered": ("督办单_已反馈.xlsx", "notices_answered.xlsx"),
    "deadlines.file.bulletin": ("季度通报_{quarter}.xlsx", "bulletin_{quarter}.xlsx"),
    "deadlines.file.rules": ("期限规则.xlsx", "deadline_rules.xlsx"),
    "deadlines.file.settings_log": ("系统设置修改记录.xlsx", "settings_changes.xlsx"),
    "deadlines.file.rule_changes": ("期限规则修改记录.xlsx", "deadline_rule_changes.xlsx"),
    "deadlines.file.years": ("工作日历_年份.xlsx", "calendar_years.xlsx"),
    "deadlines.file.days": ("工作日历_{year}.xlsx", "calendar_{year}.xlsx"),
    # --- errors raised by the deadline engine ---
    "error.answer_required": ("请填写承办单位的反馈内容。", "Enter the unit's answer."),
    "error.calendar_day_both": (
        "同一天不能既是放假日又是调休上班日。",
        "A day cannot be both a holiday and a make-up working day.",
    ),
    "error.calendar_day_outside_year": ("{day} 不在 {year} 年内。", "{day} is not in {year}."),
    "error.calendar_holiday_on_weekend": (
        "{day} 是周末，本来就不上班，无需作为假日录入。",
        "{day} is a weekend day, already a rest day: no need to enter it as a holiday.",
    ),
    "error.calendar_name_required": ("请填写节假日名称。", "Enter the holiday's name."),
    "error.due_not_after_today": ("反馈期限须晚于今天。", "The answer must be due after today."),
    "error.extension_after_due": (
        "办结期限已于 {due} 届满，不能再延期。",
        "The conclusion limit ran out on {due}: too late to extend.",
    ),
    "error.extension_already_approved": (
        "该事项已经延期过一次，不能再次延期。",
        "This matter was already extended once.",
    ),
    "error.extension_days_range": (
        "延长天数须在 1 到 {high} 天之间。",
        "The extension must be 1 to {high} days.",
    ),
    "error.extension_needs_running_clock": (
        "该事项没有正在计时的办结期限，无需延期。",
        "This matter has no running conclusion clock to extend.",
    ),
    "error.matter_not_open": (
        "该事项已办结或不予受理，不能再督办。",
        "This matter is closed or not accepted: it cannot be supervised.",
    ),
    "error.notice_already_answered": (
        "该督办单已登记过反馈。",
        "This notice was already answered.",
    ),
    "error.notice_text_required": ("请填写督办内容。", "Enter the notice's text."),
    "error.reason_required": ("请填写理由。", "Enter a reason."),
    "error.rule_days_range": (
        "天数须在 {low} 到 {high} 之间。",
        "Days must be between {low} and {high}.",
    ),
    "error.rule_extension_range": (
        "最多延期天数须在 0 到 {high} 之间。",
        "The maximum extension must be 0 to {high} days.",
    ),
    "error.rule_unchanged": ("规则没有任何改动。", "Nothing in the rule changed."),
    "error.unknown_day_basis": ("未知的计算方式：{basis}", "Unknown day basis: {basis}"),
    "error.unknown_matter": ("找不到该信访事项。", "No such petition matter."),
    "error.unknown_notice": ("找不到该督办单。", "No such supervision notice."),
    "error.unknown_rule": ("没有名为 {rule} 的期限规则。", "No deadline rule named {rule}."),
    "error.schedule_line": (
        "第 {line} 行格式不对（应为“日期 名称”或“起始日~结束日 名称”，日期写作 YYYY-MM-DD）：{text}",
        'Line {line} is not "date name" or "first~last name" (dates YYYY-MM-DD): {text}',
    ),
    "error.schedule_range": (
        "第 {line} 行的日期范围不对（结束日不能早于起始日，最长 {limit} 天）：{text}",
        "Line {line} has a bad range (the end before the start, or over {limit} days): {text}",
    ),
    "error.schedule_day_twice": (
        "第 {line} 行：{day} 已在前面列出。",
        "Line {line}: {day} is listed already.",
    ),
}

ZH, EN = split(_PAIRS)

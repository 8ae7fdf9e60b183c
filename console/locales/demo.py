"""The demo district: moving today on, the founding stories, the trainer's script, slips."""

from console.locales import split

_PAIRS = {
    "error.demo_today_backwards": (
        "模拟今天只能向后移动：{today} 之前的日子已经过去，不能回到 {day}。"
        "如需从头再来，请重置演示区县。",
        "The simulated today only moves forward: the days before {today} have been lived, "
        "so it cannot go back to {day}. To start again, reset the demo district.",
    ),
    "error.demo_today_too_far": (
        "一次最多向后移动 {days} 天。",
        "Today moves at most {days} days at once.",
    ),
    "setting.demo.facts": (
        "演示区县运行记录（种子故事、已推进到的时刻）",
        "Demo district record (founding stories, how far it has lived)",
    ),
    "demo.advance_progress": (
        "演示区县逐日推进：{day}（{done}/{total} 天）",
        "The demo district lives day by day: {day} ({done}/{total} days)",
    ),
    "demo.advanced": (
        "已推进到 {day}：新登记 {registered} 件，导访 {triaged} 件，答复 {replied} 件，"
        "送达 {delivered} 件，评价 {rated} 件，办结 {closed} 件；"
        "培训员办理过的事项和两个种子故事（共 {waiting} 件）原样等待培训员。",
        "Moved on to {day}: {registered} registered, {triaged} triaged, {replied} replied, "
        "{delivered} delivered, {rated} rated, {closed} closed; the matters a trainer worked "
        "on and the two founding stories ({waiting}) wait for the trainer.",
    ),
    "demo.backwards_hint": (
        "模拟今天只能向后移动；如需回到更早的日子，请重置演示区县。",
        "The simulated today only moves forward; to go back, reset the demo district.",
    ),
    # --- the founding stories and the trainer's script ------------------------------
    "demo.stories_title": ("种子故事", "Founding stories"),
    "demo.story.yuan": ("袁大爷的征地补偿信访", "Mr Yuan's land-acquisition petition"),
    "demo.story.lin": ("林婆婆的缴费点信访", "Mrs Lin's payment-point petition"),
    "demo.case_number": ("案件编号", "Case number"),
    "demo.query_code": ("查询码", "Query code"),
    "demo.open_in_queue": ("在工作队列中打开", "Open in the work queue"),
    "demo.open_progress": ("公众进度查询", "Public progress lookup"),
    "demo.no_stories": (
        "未找到种子故事：请重置演示区县后再试。",
        "The founding stories were not found: reset the demo district and try again.",
    ),
    "demo.script_title": ("培训脚本", "Trainer's script"),
    "demo.script_intro": (
        "按顺序演示两个种子故事；每一步写明登录的演示账号（密码均为 {password}）和要打开的页面。",
        "Walk through the two founding stories in order; each step names the demo account to "
        "sign in as (password {password} for all) and the page to open.",
    ),
    "demo.step": (
        "第 {n} 步 · 以 {account}（{role}）登录 · 打开「{page}」",
        "Step {n} · sign in as {account} ({role}) · open “{page}”",
    ),
    "demo.page.sidebar": ("侧边栏的演示控制", "the demo controls in the sidebar"),
    "demo.yuan.1": (
        "在队列中输入案件编号 {case}：袁大爷（73岁，白市驿镇燕坪村）的征地补偿诉求由村代理员"
        "入户听取后网上代理，已交办区规划和自然资源局，正在办理；看一看它的期限灯和时间线。",
        "Enter case number {case} in the queue: Mr Yuan (73, 燕坪村, 白市驿镇) told his "
        "land-compensation grievance to the village agent, who filed it online; it was assigned "
        "to the planning and natural resources bureau and is in handling; look at its light "
        "and its timeline.",
    ),
    "demo.yuan.2": (
        "在侧边栏把模拟今天向后移动约 20 天：其他事项照常推进，而袁大爷的事项原样等待，"
        "期限灯由绿转黄、转红——这就是“超期会怎样”。",
        "Move the simulated today about 20 days on in the sidebar: the rest of the district "
        "moves on while Mr Yuan's matter waits, and its light turns from green to yellow to red — "
        "this is what happens when a matter runs late.",
    ),
    "demo.yuan.3": (
        "在期限督办页找到该事项，向区规划和自然资源局发出督办通知。",
        "Find the matter on the deadlines page and send the bureau a supervision notice.",
    ),
    "demo.yuan.4": (
        "作为区规划和自然资源局的联络员，在期限督办页答复督办通知，再在工作队列中打开该事项录入书面答复意见。",
        "As the bureau's liaison, answer the notice on the deadlines page, then open the matter "
        "in the work queue and record the written reply.",
    ),
    "demo.yuan.5": (
        "录入代理员送达答复、袁大爷的评价，然后办结归档；在进度查询页用查询码 {code} 查看。",
        "Record the agent's delivery of the reply and Mr Yuan's rating, then close it; look it "
        "up on the progress page with query code {code}.",
    ),
    "demo.lin.1": (
        "在队列中输入案件编号 {case}：林婆婆（78岁，谢家湾街道华宇春江花月）不会网上缴费，"
        "社区纸质代理员书面登记，由系统管理员录入。",
        "Enter case number {case} in the queue: Mrs Lin (78, 华宇春江花月, 谢家湾街道) cannot pay "
        "bills online; a paper-only community agent wrote her petition down and the system "
        "administrator typed it in.",
    ),
    "demo.lin.2": (
        "查看时间线：谢家湾街道属地办理，与专业缴费服务公司签约设点，答复、送达、满意、息诉息访、办结。",
        "Read the timeline: 谢家湾街道 handled it locally, signed up a payment-service company, "
        "replied; it was delivered, rated satisfied, the petition ceased, and it was closed.",
    ),
    "demo.lin.3": (
        "以谢家湾街道联络员身份登录，看到的只有本单位的事项。",
        "Sign in as 谢家湾街道's liaison: only the unit's own matters are visible.",
    ),
    "demo.lin.4": (
        "打开代理员页面查看该代理员的季度奖励（以奖代补）；在进度查询页用查询码 {code} 查看。",
        "Open the agents page to see the agent's quarterly bonus; look the matter up on the "
        "progress page with query code {code}.",
    ),
    # --- the registration slip --------------------------------------------------------
    "demo.slip_title": ("信访事项登记回执", "Petition registration slip"),
    "demo.slip_download": ("下载登记回执", "Download the registration slip"),
    "demo.slip_dismiss": ("已告知信访人，关闭", "Told the petitioner: dismiss"),
    "demo.slip_text": (
        "请凭案件编号和查询码在进度查询页查询办理进度；查询码只显示这一次，请妥善保管。",
        "Use the case number and query code on the progress lookup page; the query code is "
        "shown only this once: keep it safe.",
    ),
    "demo.slip_registered": ("登记时间", "Registered"),
    # --- the command line -------------------------------------------------------------
    "cli.demo_today_done": (
        "模拟今天：{day}（从 {start} 起，{steps} 个办理步骤，{waiting} 件等待培训员）。",
        "Simulated today: {day} (from {start}, {steps} steps taken, {waiting} waiting for the "
        "trainer).",
    ),
    "cli.demo_exists": (
        "演示区县已存在（如需重新生成请使用 --reset）。",
        "The demo district already exists (use --reset to regenerate it).",
    ),
    "cli.story_line": (
        "{name}：案件编号 {case}，查询码 {code}",
        "{name}: case number {case}, query code {code}",
    ),
}

ZH, EN = split(_PAIRS)

"""Intake, duplicates, triage, workflow, the public progress page and notices."""

from console.locales import split

_PAIRS = {
    # --- registration errors ---
    "error.received_too_early": (
        "收到日期不能早于 {earliest}（本制度开始实施之前），请核对",
        "The date received cannot be before {earliest}, when the scheme began: please check it",
    ),
    "error.agreement_required": (
        "代理员须凭信访人签署的代理委托书代为信访：请填写委托书编号和签署日期（防止冒名信访）",
        "An agent may only file with the agency agreement the petitioner signed: enter its "
        "number and date (this prevents petitions filed in someone's name without consent)",
    ),
    "error.agreement_after_receipt": (
        "委托书签署日期不能晚于信访事项收到日期",
        "The agreement cannot be signed after the petition was received",
    ),
    "error.agreement_number_taken": (
        "委托书编号 {number} 已属于其他代理员或信访人",
        "Agreement number {number} belongs to another agent or petitioner",
    ),
    "error.agent_not_active": (
        "代理员 {code} 不在岗，只能选择在岗代理员",
        "Agent {code} is not active: choose an active agent",
    ),
    "error.agent_only_for_agent_channels": (
        "只有代理员代理渠道才能选择代理员",
        "An agent can only be chosen for the agent channels",
    ),
    "error.paper_agent_channel": (
        "代理员 {code} 只能书面代理：请选择“代理员书面代理（群众工作信息系统）”渠道，由工作人员代为录入",
        "Agent {code} files on paper only: choose the agent-paper channel (entered by staff)",
    ),
    "error.petitioners_required": ("请至少填写一名信访人", "Enter at least one petitioner"),
    "error.petitioner_contact_required": (
        "请填写身份证号码或联系电话（至少一项）",
        "Enter the resident ID or a phone number (at least one)",
    ),
    "error.petitioner_listed_twice": (
        "同一身份证号码重复填写",
        "This resident ID is listed twice",
    ),
    "error.headcount_positive": ("人数至少为 1", "The headcount is at least 1"),
    "error.headcount_below_named": (
        "人数不能少于已填写的信访人数（{named} 人）",
        "The headcount cannot be below the named petitioners ({named})",
    ),
    "error.representatives_required": (
        "{n} 人以上的集体访须推选代表：请至少勾选一名代表",
        "A collective petition of {n} or more people must name representatives: tick at least one",
    ),
    "error.too_many_representatives": (
        "集体访代表不超过 {n} 人（现勾选 {named} 人）",
        "A collective petition names at most {n} representatives ({named} ticked)",
    ),
    "error.town_unknown": ("没有这个镇（街道）", "No such town/sub-district"),
    "error.village_not_in_town": (
        "该村（社区）不属于所选镇（街道）",
        "This village/community is not in the chosen town",
    ),
    "error.cluster_not_in_village": (
        "该居民聚集点不属于所选村（社区）",
        "This residential cluster is not in the chosen village/community",
    ),
    "error.unit_unknown": ("没有这个单位", "No such unit"),
    "error.accused_unit_only_for_accusation": (
        "只有揭发控告类事项才填写被反映单位",
        "Only an accusation names an accused unit",
    ),
    "error.accused_unit_required": (
        "揭发控告类事项须选择被控告、揭发的单位；如被控告的是个人，请勾选“被控告的是个人”，"
        "并在知道时选择其所在单位",
        "An accusation must name the unit accused; if a person is accused, tick "
        "“a person is accused” and choose the person's unit when known",
    ),
    "error.repeat_target_not_open": (
        "只能关联到仍在办理中的事项",
        "A repeat filing can only be linked to an open matter",
    ),
    "error.matter_unknown": ("找不到该信访事项", "No such matter"),
    "error.review_not_replied": (
        "事项 {case_number} 尚未答复，不能申请复查（复核）",
        "Matter {case_number} has no reply yet: no review can be requested",
    ),
    "error.review_window_passed": (
        "事项 {case_number} 的复查（复核）申请期限已于 {deadline} 届满",
        "The window to request a review of {case_number} ended on {deadline}",
    ),
    "error.review_final": (
        "复核意见为最终结论，不能再次申请",
        "A re-review is final: no further review can be requested",
    ),
    "error.review_exists": (
        "事项 {case_number} 已申请过该级复查（复核）",
        "A review at this level of {case_number} has already been requested",
    ),
    # --- triage and workflow errors ---
    "error.unit_not_local": (
        "就地办理只能交本事项所在的镇（街道）或村（社区）",
        "Handling locally goes to this matter's own town or village/community",
    ),
    "error.unit_is_accused": (
        "不能将揭发控告事项交给被反映单位办理",
        "An accusation cannot be assigned to the unit it accuses",
    ),
    "error.linked_matter_not_open": (
        "事项 {case_number} 已办结，不是正在办理的事项",
        "Matter {case_number} is no longer open",
    ),
    "error.no_information_centre": (
        "尚未设置区信访信息中心单位，请管理员添加",
        "No district information centre unit is set up: ask an administrator",
    ),
    "error.transition_not_allowed": (
        "事项状态不能从“{current}”变为“{to}”",
        "A matter cannot go from “{current}” to “{to}”",
    ),
    "error.agent_rating_required": (
        "代理事项须同时评价代理员",
        "An agent-proxied matter also rates the agent",
    ),
    "error.agent_rating_not_proxied": (
        "非代理事项不评价代理员",
        "A matter not filed by an agent has no agent rating",
    ),
    "error.matter_forbidden": ("您无权查看该事项", "You may not view this matter"),
    "error.notice_not_decided": (
        "事项 {case_number} 尚未作出受理决定，不能打印告知书",
        "Matter {case_number} has no acceptance decision yet: no notice to print",
    ),
    # --- the clerk's decision after the duplicate check ---
    "DecisionKind.new_matter": ("新事项", "New matter"),
    "DecisionKind.repeat_of": ("重复信访（关联已有事项）", "Repeat filing of an existing matter"),
    "DecisionKind.review_of": ("复查（复核）申请", "Review request on a replied matter"),
    "LegalChannel.litigation": ("诉讼", "Litigation"),
    "LegalChannel.arbitration": ("仲裁", "Arbitration"),
    "LegalChannel.administrative_reconsideration": ("行政复议", "Administrative reconsideration"),
    "LegalChannel.other": ("其他法定途径", "Other legal procedure"),
    # --- default "where to go instead" per not-accepted outcome (pre-filled, editable) ---
    "triage.redirect.other_channel": (
        "本事项属于诉讼、仲裁或行政复议等法定途径解决的事项，请向有管辖权的人民法院、仲裁机构或复议机关提出。",
        "This belongs to litigation, arbitration or administrative reconsideration: apply to "
        "the competent court, arbitration body or reconsideration authority.",
    ),
    "triage.redirect.already_handling": (
        "该事项正在办理中，请凭原案号和查询码查询进度，等待办理结果，不再重复受理。",
        "This matter is already being handled: check its progress with the original case "
        "number and query code; it is not accepted again.",
    ),
    "triage.redirect.concluded_or_unreasonable": (
        "该事项已办结（或诉求无政策法规依据）；如对处理意见不服，可在法定期限内向上一级机关申请复查、复核。",
        "This matter is concluded (or the demand has no basis): if you disagree with the "
        "decision, you may ask the next level for a review within the legal time limit.",
    ),
    # --- event kinds in the timeline ---
    "event.registered": ("登记", "Registered"),
    "event.repeat_filed": ("重复信访", "Repeat filing"),
    "event.review_requested": ("申请复查（复核）", "Review requested"),
    "event.triaged": ("导访", "Triaged"),
    "event.accepted": ("受理", "Accepted"),
    "event.not_accepted": ("不予受理", "Not accepted"),
    "event.assigned": ("交办", "Assigned"),
    "event.in_handling": ("办理中", "In handling"),
    "event.replied": ("答复", "Replied"),
    "event.delivered": ("送达答复", "Reply delivered"),
    "event.rated": ("评价", "Rated"),
    "event.closed": ("办结归档", "Closed"),
    "event.withdrawn": ("撤回", "Withdrawn"),
    # --- public progress page ---
    "progress.not_found": (
        "案号或查询码不正确。",
        "The case number or query code is not correct.",
    ),
    "progress.wait": (
        "尝试次数过多，请 {seconds} 秒后再试。",
        "Too many attempts: try again in {seconds} seconds.",
    ),
    "progress.busy": (
        "查询较多，请稍候…",
        "Many lookups at the moment: one moment please…",
    ),
    # --- notices ---
    "NoticeKind.acceptance_notice": ("受理告知书", "Acceptance notice"),
    "NoticeKind.non_acceptance_notice": ("不予受理告知书", "Non-acceptance notice"),
}

ZH, EN = split(_PAIRS)

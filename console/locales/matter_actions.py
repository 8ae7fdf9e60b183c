"""The matter panel's return, transfer, delivery details and leader case packages (领导包案),
and the list of packaged matters (core/cases/transfer.py, package.py, workflow.py)."""

from console.locales import split

_PAIRS = {
    # return (退回) and transfer (转办) on the matter panel
    "matter.return": ("退回交办单位", "Return to the office"),
    "matter.return_hint": (
        "本事项不属本单位职责时，说明原因退回区信访办重新交办。",
        "When this matter is not your unit's, return it to the office, saying why.",
    ),
    "matter.return_reason": ("退回原因", "Reason for returning"),
    "matter.return_confirm": ("确认退回", "Return it"),
    "matter.returned": ("事项已退回，待重新交办。", "Returned: it waits to be assigned again."),
    "matter.transfer": ("转办其他单位", "Transfer to another unit"),
    "matter.transfer_unit": ("转办给", "Transfer to"),
    "matter.transfer_reason": ("转办原因", "Reason for the transfer"),
    "matter.transfer_confirm": ("确认转办", "Transfer it"),
    "matter.transferred": ("事项已转办。", "Transferred."),
    "matter.suggested": ("路由表建议：{unit}", "The routing table suggests: {unit}"),
    "matter.no_suggestion": (
        "路由表没有该类别、该镇街的建议单位。",
        "The routing table names no unit for this topic and town.",
    ),
    "matter.coordination": (
        "跨部门、跨镇街的事项可转区信息中心协调：{unit}",
        "Cross-unit matters go to the information centre for coordination: {unit}",
    ),
    "matter.use_suggestion": ("选用建议单位", "Use the suggestion"),
    "matter.use_coordination": ("转协调", "To coordination"),
    "matter.waiting_assignment": ("待交办", "Waiting for assignment"),
    "matter.returned_by": (
        "{unit}于{when}退回：{reason}",
        "Returned by {unit} on {when}: {reason}",
    ),
    "matter.clock_note": (
        "转办后法定答复、办结时限从受理之日起连续计算，不重新起算；承办单位内部反馈时限从新的交办之日起算。",
        "After a transfer the legal reply and conclusion limits keep counting from acceptance; "
        "the unit's internal feedback limit restarts from the new assignment.",
    ),
    # delivery details
    "matter.delivery_agent": ("送达代理员", "Delivered by (agent)"),
    "matter.delivery_agent_hint": (
        "默认为登记该事项的代理员。",
        "Defaults to the agent who filed the matter.",
    ),
    "matter.delivery_method": ("送达方式", "Delivery method"),
    "matter.delivery_given": (
        "送达：{when} · {agent} · {method}",
        "Delivered {when} · {agent} · {method}",
    ),
    "DeliveryMethod.in_person": ("当面送达", "In person"),
    "DeliveryMethod.post": ("邮寄送达", "By post"),
    "DeliveryMethod.online": ("网上送达", "Online"),
    "error.delivery_agent_unknown": ("没有该代理员。", "No such agent."),
    "error.delivery_agent_inactive": (
        "代理员{agent}当前不在岗，不能登记为送达人。",
        "Agent {agent} is not active and cannot be recorded as delivering.",
    ),
    # timeline details
    "matter.col.details": ("详情", "Details"),
    "matter.detail.assigned": ("交办给 {to}", "to {to}"),
    "matter.detail.transferred": ("由 {from_} 转至 {to}", "from {from_} to {to}"),
    "matter.detail.returned": ("由 {from_} 退回", "returned by {from_}"),
    "matter.detail.delivered": ("代理员 {agent} · {method}", "agent {agent} · {method}"),
    "matter.detail.packaged": (
        "包案领导 {leader} · 责任人 {responsible} · 时限 {due}",
        "leader {leader} · responsible {responsible} · due {due}",
    ),
    "matter.detail.package_changed": ("变更：{fields}", "changed: {fields}"),
    "event.packaged": ("领导包案", "Leader case package"),
    "event.package_changed": ("包案变更", "Package changed"),
    # leader case packaging (领导包案)
    "package.title": ("领导包案", "Leader case package"),
    "package.hint": (
        "重大事项实行“四定”：定领导、定措施、定时限、定责任人。",
        "Major matters get the four fixes: a leader, measures, a time limit, a responsible person.",
    ),
    "package.leader": ("包案领导", "Leader"),
    "package.measures": ("化解措施", "Measures"),
    "package.due_on": ("包案时限", "Time limit"),
    "package.responsible": ("责任人", "Responsible person"),
    "package.reason": ("变更原因", "Reason for the change"),
    "package.save": ("确定包案", "Package the matter"),
    "package.change": ("保存变更", "Save the change"),
    "package.saved": ("已领导包案。", "Packaged."),
    "package.changed": ("包案已变更。", "Package changed."),
    "package.shown": (
        "包案领导：{leader} · 责任人：{responsible} · 时限：{due}",
        "Leader: {leader} · responsible: {responsible} · due: {due}",
    ),
    "package.by": ("{who}于{when}包案", "Packaged by {who} on {when}"),
    "error.package_change_reason": (
        "变更包案须说明原因。",
        "Say why the package is changed.",
    ),
    "error.package_unchanged": ("包案内容没有变化。", "Nothing in the package changed."),
    "error.package_due_not_after_today": (
        "包案时限须晚于今天。",
        "The time limit must be after today.",
    ),
    "ClockKind.package": ("领导包案", "Leader package"),
    # the list of packaged matters
    "nav.packaged": ("领导包案", "Leader packages"),
    "packaged.title": ("领导包案事项", "Packaged matters"),
    "packaged.caption": (
        "重大事项的包案领导、措施、时限和责任人，时限最近的在前；时限的红黄绿灯同期限督办。",
        "Major matters with their leader, measures, time limit and responsible person, "
        "nearest time limit first; the limit's light is that of the deadline board.",
    ),
    "packaged.open_only": ("只看办理中的", "Only matters being handled"),
    "packaged.none": ("还没有领导包案的事项。", "No matter is packaged yet."),
    "packaged.col.case": ("事项编号", "Case number"),
    "packaged.col.state": ("状态", "State"),
    "packaged.col.unit": ("承办单位", "Unit"),
    "packaged.col.summary": ("摘要", "Summary"),
    "packaged.col.leader": ("包案领导", "Leader"),
    "packaged.col.responsible": ("责任人", "Responsible"),
    "packaged.col.measures": ("化解措施", "Measures"),
    "packaged.col.due_on": ("包案时限", "Time limit"),
    "packaged.col.light": ("时限状态", "Limit"),
    "packaged.col.packaged": ("包案日期", "Packaged on"),
    "packaged.light.running": ("进行中（剩 {days} 天）", "running ({days} days left)"),
    "packaged.light.overdue": ("已超期 {days} 天", "overdue by {days} days"),
    "packaged.light.met": ("按时办结", "met"),
    "packaged.light.breached": ("超期办结", "met late"),
    "packaged.light.cancelled": ("已终止", "ended"),
}

ZH, EN = split(_PAIRS)

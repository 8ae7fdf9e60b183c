"""The queue table: filters shared as links, workload filters, bulk routing, the export of
the whole filtered queue, reply templates and the written reply in Word."""

from console.locales import split

_PAIRS = {
    "qt.filters": ("筛选", "Filters"),
    "qt.town": ("镇（街道）", "Town"),
    "qt.content_type": ("内容分类", "Content type"),
    "qt.topic": ("问题类别", "Topic"),
    "qt.channel": ("来源渠道", "Channel"),
    "qt.agent": ("代理员", "Agent"),
    "qt.risk": ("苗头隐患（任一）", "Risk signals (any)"),
    "qt.week": ("仅本周到期", "Due this week only"),
    "qt.clear": ("清除筛选", "Clear filters"),
    "qt.link": ("分享本筛选的链接", "Link to these filters"),
    "qt.link_help": (
        "复制下面的地址发给同事，打开后显示同样的筛选（对方仍只能看到其权限内的事项）。",
        "Copy this address to a colleague: it opens with the same filters (they still see "
        "only the matters they may see).",
    ),
    "qt.workload": (
        "各单位工作量（点击数字即筛选）",
        "Workload per unit (click a number to filter)",
    ),
    "qt.workload_hint": (
        "点击“在办”“超期”或“本周到期”中的数字，列表即只显示该单位的这些事项。",
        "Click a number under open, overdue or due this week: the list then shows only "
        "those matters of that unit.",
    ),
    "qt.bulk": ("批量交办 / 转办", "Bulk assign / transfer"),
    "qt.bulk_cap": (
        "在上表勾选多行，可一次交办或转办到同一单位，每次最多 {limit} 件；整批要么全部成功，"
        "要么全不更改。",
        "Tick several rows above to assign or transfer them to one unit in one action, at "
        "most {limit} at a time; the whole batch succeeds or nothing changes.",
    ),
    "qt.bulk_selected": (
        "已选 {n} 件：待交办 {assign} 件，转办 {transfer} 件。",
        "{n} selected: {assign} to assign, {transfer} to transfer.",
    ),
    "qt.bulk_other_states": (
        "另有 {n} 件不在可交办或转办的环节，未计入本批。",
        "{n} more are at a step that cannot be assigned or transferred: left out of the batch.",
    ),
    "qt.bulk_unit": ("交办 / 转办给", "Assign / transfer to"),
    "qt.bulk_unit_hint": (
        "不提供所选事项所反映（控告）的单位。",
        "Units accused by a selected matter are not offered.",
    ),
    "qt.bulk_no_unit": (
        "没有可同时接收所选全部事项的单位。",
        "No unit may receive every selected matter.",
    ),
    "qt.bulk_reason": ("转办理由", "Reason for the transfer"),
    "qt.bulk_reason_required": ("转办理由（必填）", "Reason for the transfer (required)"),
    "qt.bulk_go": ("批量办理 {n} 件", "Route {n} matters"),
    "qt.bulk_done": (
        "已批量办理 {n} 件（批次号 {bulk}）。",
        "{n} matters routed (batch {bulk}).",
    ),
    "qt.export": ("导出筛选结果（Excel）", "Export the filtered queue (Excel)"),
    "qt.export_cap": (
        "导出全部筛选结果（不只本页），每次最多 {limit} 件。",
        "Exports every matter of the filtered queue (not just this page), at most {limit}.",
    ),
    "qt.export_truncated": (
        "筛选结果超过 {limit} 件，导出只含前 {limit} 件：请缩小筛选范围。",
        "More than {limit} matters match: the export holds the first {limit}. Narrow the filters.",
    ),
    "qt.written_reply": ("下载书面答复意见书（Word）", "Download the written reply (Word)"),
    "qt.written_reply_for": ("{case} 号事项已答复。", "Matter {case} has been replied to."),
    "qt.templates": ("答复模板", "Reply templates"),
    "qt.templates_help": (
        "按问题类别和内容分类设置书面答复的起始文本，工作人员录入答复时以此为底稿。"
        "留空保存即恢复内置文本。每次修改均留痕。",
        "The starting text of written replies, per topic and content type; staff start "
        "from it when they record a reply. Save it blank to go back to the built-in text. "
        "Every change is logged.",
    ),
    "qt.template_text": ("起始文本", "Starting text"),
    "qt.template_use": ("以答复模板开始", "Start from the reply template"),
    "qt.template_reason": ("修改原因", "Reason for the change"),
    "qt.template_save": ("保存模板", "Save the template"),
    "qt.template_saved": ("模板已保存。", "Template saved."),
    "qt.template_unchanged": ("模板没有变化。", "The template did not change."),
    "qt.template_custom": ("已自定义", "Customised"),
    "qt.template_builtin": ("内置文本", "Built-in text"),
    "qt.template_log": ("修改记录", "Change log"),
    "NoticeKind.written_reply": ("书面答复意见书", "Written reply"),
    "error.written_reply_missing": (
        "{case} 号事项尚未答复，没有书面答复意见书。",
        "Matter {case} has no reply yet: there is no written reply to print.",
    ),
    "error.reply_template_unknown": (
        "没有这种问题类别或内容分类。",
        "No such topic or content type.",
    ),
}

ZH, EN = split(_PAIRS)

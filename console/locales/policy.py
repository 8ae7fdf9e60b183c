"""Refusals of the core policy (core/policy.py) and of dated, raced or identity steps."""

from console.locales import split

_PAIRS = {
    "error.not_allowed": (
        "您的角色无权执行此操作，未作任何更改。",
        "Your role may not do this; nothing was changed.",
    ),
    "error.action_not_now": (
        "事项当前为“{current}”，不能办理此项操作，未作任何更改。",
        "The matter is “{current}”: this cannot be done now; nothing was changed.",
    ),
    "error.not_today": (
        "页面所用的日期（{claimed}）已不是办公日期（{today}），未作任何更改；请刷新页面后重试。",
        "The page was made for {claimed} but the office's date is {today}; nothing was "
        "changed. Reload the page and try again.",
    ),
    "error.unknown_setting": ("未知的设置项：{key}", "Unknown setting: {key}"),
    "error.date_invalid": ("日期时间无效。", "Invalid date and time."),
    "error.date_before_previous_step": (
        "日期不能早于上一环节（{previous}）。",
        "The date cannot be before the previous step ({previous}).",
    ),
    "error.backdated_needs_reason": (
        "补录 {days} 天以前的环节，请填写补录理由（将显示在办理轨迹中）。",
        "A step dated more than {days} days ago needs a reason (shown on the timeline).",
    ),
    "error.review_before_reply": (
        "复查（复核）申请日期不能早于所针对的 {case_number} 号事项的答复日期（{replied}）。",
        "A review request cannot be dated before the reply it contests "
        "({case_number}, replied {replied}).",
    ),
    "error.notice_closed": (
        "该督办单已随事项办结或撤回而关闭，无需反馈（{reason}）。",
        "This notice was closed with its matter ({reason}); no answer is needed.",
    ),
    "error.identity_unconfirmed": (
        "身份证号 {id_number} 已登记在另一姓名或电话名下，请先确认哪一个正确。",
        "Resident ID {id_number} is on file under another name or phone: confirm which is "
        "right first.",
    ),
}

ZH, EN = split(_PAIRS)

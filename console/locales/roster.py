"""Roster, training, import/export, performance and bonus ledger: errors and column labels.

The field validators in `core.validation` are shared with intake, so their keys
(``error.required``, ``error.phone_format``, …) live here once for every form.
"""

from console.locales import split

_ERRORS = {
    # shared field validators (core.validation)
    "error.required": ("此项必填", "This field is required"),
    "error.too_long": ("不能超过 {limit} 个字", "At most {limit} characters"),
    "error.phone_format": (
        "电话号码格式不对：手机填11位，固定电话请带区号（如 023-68881234）",
        "Not a valid phone number: an 11-digit mobile, or a landline with area code "
        "(e.g. 023-68881234)",
    ),
    "error.email_format": (
        "电子邮箱格式不对（如 name@example.com）",
        "Not a valid e-mail address (e.g. name@example.com)",
    ),
    "error.id_number_format": (
        "身份证号码应为18位，出生日期须有效，末位为数字或X",
        "An ID number has 18 characters, a valid birth date, and ends in a digit or X",
    ),
    "error.id_number_checksum": (
        "身份证号码校验位不对，请核对是否抄错",
        "The ID number's check digit does not match: please check for a typing mistake",
    ),
    "error.id_number_birth_date": (
        "身份证号码中的出生日期不合理（早于1900年或晚于今天），请核对是否抄错",
        "The birth date in the ID number is before 1900 or after today: please check for a "
        "typing mistake",
    ),
    "error.date_in_future": ("日期不能晚于今天", "The date cannot be in the future"),
    "error.coordinates_invalid": ("坐标不是有效的经纬度", "Not a valid latitude/longitude"),
    "error.outside_district": (
        "坐标不在本区范围内，请检查经纬度和坐标系",
        "The point is outside the district: check the coordinates and the coordinate system",
    ),
    "error.choice_invalid": ("“{value}”不是可选的值", "“{value}” is not one of the choices"),
    # roster
    "error.code_format": (
        "编号只能包含字母、数字、-和_",
        "A code may contain letters, digits, - and _",
    ),
    "error.code_taken": ("编号 {code} 已被其他代理员使用", "Code {code} belongs to another agent"),
    "error.phone_taken": (
        "电话 {phone} 已被其他代理员使用",
        "Phone {phone} belongs to another agent",
    ),
    "error.village_unknown": ("没有这个村（社区）", "No such village/community"),
    "error.agent_unknown": ("找不到该代理员", "No such agent"),
    "error.sort_unknown": ("不能按“{column}”排序", "Cannot sort by “{column}”"),
    "error.status_transition": (
        "状态不能从“{current}”改为“{to}”",
        "The status cannot change from “{current}” to “{to}”",
    ),
    "error.training_required": (
        "该代理员尚未培训合格，不能上岗",
        "The agent has not passed training and cannot become active",
    ),
    "error.date_before_last_change": (
        "生效日期不能早于上一次状态变更（{last}）",
        "The effective date cannot be before the previous status change ({last})",
    ),
    # training
    "error.training_session_unknown": ("找不到该培训班", "No such training session"),
    "error.training_not_held_yet": (
        "培训班在 {held_on} 举办，之后才能登记成绩",
        "The session is held on {held_on}: record results after",
    ),
    # import
    "error.import_file_type": (
        "只能导入 .xlsx 或 .csv 文件",
        "Only .xlsx or .csv files can be imported",
    ),
    "error.import_unreadable": (
        "无法读取文件 {filename}，请确认是 Excel 文件",
        "Cannot read {filename}: is it an Excel file?",
    ),
    "error.import_empty": ("文件中没有代理员数据", "The file has no agent rows"),
    "error.import_missing_column": (
        "缺少“{column}”列，请使用导入模板",
        "The column “{column}” is missing: please use the template",
    ),
    "error.duplicate_in_file": ("与文件第 {row} 行重复", "Same as row {row} of the file"),
    "error.yes_no": ("请填“是”或“否”（现为“{value}”）", "Enter 是 or 否 (yes/no), not “{value}”"),
    "error.number_format": ("“{value}”不是数字", "“{value}” is not a number"),
    "error.date_format": (
        "“{value}”不是日期，请写成 2026-03-01",
        "“{value}” is not a date: write it as 2026-03-01",
    ),
    # quarters and the ledger
    "error.quarter_format": ("季度应写成 2026Q3 的形式", "Write a quarter like 2026Q3"),
    "error.quarter_frozen": (
        "{quarter} 已审核锁定（已审核至 {frozen}），更正将计入下一个未审核季度",
        "{quarter} is approved and frozen (through {frozen}); corrections "
        "go to the next open quarter",
    ),
    "error.quarter_not_over": ("{quarter} 尚未结束，不能审核", "{quarter} is not over yet"),
    "error.earlier_quarter_open": ("请先审核 {quarter}", "Approve {quarter} first"),
}

_TEXT = {
    "roster.reason.registered": ("新登记", "Registered"),
    "roster.reason.training_passed": ("培训合格上岗", "Passed training"),
    "roster.reason.imported": ("批量导入", "Imported"),
    "roster.progress.reading": ("正在读取文件…", "Reading the file…"),
    "roster.progress.checking": ("正在逐行检查…", "Checking every row…"),
    "roster.progress.writing": ("正在保存…", "Saving…"),
    "roster.progress.done": ("导入完成", "Import complete"),
}

#: Column labels of the DataFrames the roster use cases return (``roster.col.<column>``).
_COLUMNS = {
    "id": ("编号ID", "ID"),
    "agent_id": ("代理员ID", "Agent ID"),
    "code": ("编号", "Code"),
    "name": ("姓名", "Name"),
    "gender": ("性别", "Gender"),
    "phone": ("联系电话", "Phone"),
    "email": ("电子邮箱", "E-mail"),
    "address": ("联系地址", "Address"),
    "category": ("类别", "Category"),
    "public_servant": ("公职人员", "Public servant"),
    "town_id": ("镇街ID", "Town ID"),
    "town": ("镇（街道）", "Town / sub-district"),
    "village_id": ("村社ID", "Village ID"),
    "village": ("村（社区）", "Village / community"),
    "status": ("状态", "Status"),
    "online_capable": ("能网上代理", "Online"),
    "trained": ("培训合格", "Trained"),
    "joined_on": ("加入日期", "Joined"),
    "lat": ("纬度", "Latitude"),
    "lon": ("经度", "Longitude"),
    "version": ("版本", "Version"),
    "agents": ("代理员人数", "Agents"),
    # status history, training
    "effective_on": ("生效日期", "Effective"),
    "from_status": ("原状态", "From"),
    "to_status": ("新状态", "To"),
    "reason": ("原因", "Reason"),
    "actor": ("操作人", "By"),
    "recorded_at": ("记录时间", "Recorded"),
    "changed_at": ("修改时间", "Changed at"),
    "field": ("修改项", "Field"),
    "old_value": ("原值", "Old value"),
    "new_value": ("新值", "New value"),
    "held_on": ("培训日期", "Date"),
    "title": ("培训主题", "Title"),
    "trainer": ("培训员", "Trainer"),
    "passed": ("合格", "Passed"),
    "attended": ("参训人数", "Attended"),
    # filed matters
    "submission_id": ("代理记录ID", "Submission ID"),
    "submitted_at": ("提交时间", "Submitted"),
    "channel": ("渠道", "Channel"),
    "is_repeat": ("重复件", "Repeat"),
    "matter_id": ("事项ID", "Matter ID"),
    "case_number": ("事项编号", "Case number"),
    "summary": ("摘要", "Summary"),
    "state": ("办理状态", "State"),
    "triage_outcome": ("导访结果", "Triage outcome"),
    "delivered_at": ("送达时间", "Delivered"),
    "unit_rating": ("对承办单位评价", "Unit rating"),
    "agent_rating": ("对代理员评价", "Agent rating"),
    "ceased": ("息诉息访", "Ceased"),
    # performance
    "quarter": ("季度", "Quarter"),
    "filed": ("代理件数", "Filed"),
    "repeats": ("重复件", "Repeats"),
    "originals": ("首次代理", "Original filings"),
    "accepted": ("受理", "Accepted"),
    "replied": ("已答复", "Replied"),
    "replied_on_time": ("按时答复", "Replied on time"),
    "delivered": ("已送达", "Delivered"),
    "rated": ("已评价", "Rated"),
    "satisfied": ("满意", "Satisfied"),
    "basically_satisfied": ("基本满意", "Basically satisfied"),
    "unsatisfied": ("不满意", "Unsatisfied"),
    "acceptance_rate": ("受理率", "Acceptance rate"),
    "on_time_rate": ("按时答复率", "On-time rate"),
    "satisfaction_rate": ("满意率", "Satisfaction rate"),
    "cessation_rate": ("息访率", "Cessation rate"),
    "ranked": ("参与排名", "Ranked"),
    "rank": ("名次", "Rank"),
    "follow_up": ("需回访", "Follow up"),
    # bonus ledger
    "entry_id": ("序号", "Entry"),
    "kind": ("类别", "Kind"),
    "amount_yuan": ("金额（元）", "Amount (¥)"),
    "corrects": ("更正项目", "Corrects"),
    "created_at": ("生成时间", "Created"),
    "proxied": ("成功代理（件）", "Proxied"),
    "satisfied_ceased": ("满意且息诉息访（件）", "Satisfied and ceased"),
    "proxied_yuan": ("代理奖励（元）", "Proxied (¥)"),
    "basically_satisfied_yuan": ("基本满意奖励（元）", "Basically satisfied (¥)"),
    "satisfied_ceased_yuan": ("满意息访奖励（元）", "Satisfied and ceased (¥)"),
    "adjustment_yuan": ("调整（元）", "Adjustments (¥)"),
    "total_yuan": ("合计（元）", "Total (¥)"),
    "frozen": ("已审核", "Approved"),
    "ledger_yuan": ("台账金额（元）", "Ledger (¥)"),
    "records_yuan": ("按案件应计（元）", "From case records (¥)"),
    "difference": ("差额（元）", "Difference (¥)"),
    # import error table
    "row": ("行号", "Row"),
    "column": ("列", "Column"),
    "message": ("问题", "Problem"),
}

ZH, EN = split(
    {**_ERRORS, **_TEXT, **{f"roster.col.{name}": pair for name, pair in _COLUMNS.items()}}
)

"""Messages of the `petition-console` command line."""

from console.locales import split

_PAIRS = {
    "cli.history_checked": (
        "已核对 {n} 件事项的办理记录，发现 {differences} 处不一致",
        "Checked the history of {n} matters: {differences} differences",
    ),
    "cli.history_difference": (
        "{case_number}：{field} 按办理记录应为 {replayed}，实际存储为 {stored}",
        "{case_number}: {field} is {replayed} by its events but {stored} in the row",
    ),
    "cli.seeding": ("首次启动：正在生成演示区县……", "First start: generating the demo district…"),
    "cli.serving": ("控制台地址：{url}", "Console at {url}"),
    "cli.upgraded": (
        "数据库已升级到版本 {revision}。",
        "Database upgraded to revision {revision}.",
    ),
    "cli.seeded": (
        "演示区县已生成（{items} 件信访事项，种子 {seed}）。",
        "Demo district generated ({items} items, seed {seed}).",
    ),
    "cli.stories": (
        "种子故事：袁大爷 {yuan}（查询码 YUANDAYE），林婆婆 {lin}（查询码 HUAYU888）",
        "Seed stories: Yuan {yuan} (query code YUANDAYE), Lin {lin} (query code HUAYU888)",
    ),
    "cli.user_created": ("已创建用户 {username}（{role}）。", "Created user {username} ({role})."),
    "cli.password_prompt": ("密码：", "Password: "),
    "cli.password_again": ("再次输入密码：", "Password again: "),
    "cli.password_mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "cli.password_needs_tty": (
        "没有终端可输入密码：请使用 --password-stdin 从标准输入读取。",
        "No terminal to type a password: use --password-stdin.",
    ),
    "cli.bad_date": ("日期格式应为 YYYY-MM-DD：{value}", "Dates are YYYY-MM-DD: {value}"),
    "cli.bad_int": ("应为非负整数：{value}", "Expected a non-negative integer: {value}"),
    "cli.no_such_file": ("找不到文件：{path}", "No such file: {path}"),
    "cli.needs_xlsx": ("导出文件须为 .xlsx：{path}", "The export file must end in .xlsx: {path}"),
    "cli.row_error": ("第 {row} 行［{column}］：{message}", "Row {row} [{column}]: {message}"),
    "cli.import_refused": (
        "共 {n} 处错误，未写入任何数据。",
        "{n} problems found: nothing was written.",
    ),
    "cli.import_done": (
        "导入完成：新增 {created}，更新 {updated}，未变 {unchanged}。",
        "Imported: {created} created, {updated} updated, {unchanged} unchanged.",
    ),
    "cli.import_checked": (
        "检查通过（未写入）：将新增 {created}，更新 {updated}，未变 {unchanged}。",
        "All rows valid (nothing written): {created} to create, {updated} to update, "
        "{unchanged} unchanged.",
    ),
    "cli.exported": ("已导出：{path}", "Exported: {path}"),
    "cli.digest_title": (
        "{as_of} 期限日报：已超期（红灯）事项 {overdue} 件，即将到期事项 {due_soon} 件（3 个工作日内到期）。",
        "Deadline digest for {as_of}: {overdue} matters overdue, "
        "{due_soon} due within 3 working days.",
    ),
    "cli.digest_empty": ("没有已超期或即将到期的事项。", "Nothing is overdue or due soon."),
    "cli.digest_unit": (
        "■ {unit}：已超期 {overdue} 件，即将到期 {due_soon} 件",
        "■ {unit}: {overdue} overdue, {due_soon} due soon",
    ),
    "cli.digest_unit_name": ("{name}（单位代码 {code}）", "{name} ({code})"),
    "cli.digest_sheet_summary": ("按单位汇总", "By unit"),
    "cli.digest_sheet_details": ("明细", "Details"),
    "cli.cannot_write": ("无法写入 {path}：{message}", "Cannot write {path}: {message}"),
    "cli.config_error": ("配置错误：{message}", "Configuration error: {message}"),
    "cli.not_demo_mode": (
        "生产模式下不能生成演示数据（仅演示模式可用）：请设置 PETITION_MODE=demo。"
        "未设置 PETITION_MODE 时，尚无区县数据的 SQLite 数据库按演示模式处理。",
        "Not in production mode (demo mode only): set PETITION_MODE=demo. Without "
        "PETITION_MODE, a SQLite database that holds no district yet counts as demo.",
    ),
    "cli.date_out_of_range": (
        "日期 {value} 超出范围：须在 {low} 至 {high} 之间",
        "The date {value} is out of range: it must be between {low} and {high}",
    ),
    "cli.permission_denied": ("没有权限访问：{path}", "Permission denied: {path}"),
    "cli.is_a_directory": (
        "这是一个目录，不是文件：{path}",
        "This is a directory, not a file: {path}",
    ),
    "cli.disk_full": ("磁盘空间不足，无法写入：{path}", "No space left to write {path}"),
    "cli.os_error": ("无法访问 {path}：{message}", "Cannot access {path}: {message}"),
    "cli.database_error": (
        "无法使用数据库 {url}（{kind}）：请检查 DATABASE_URL 及数据库服务是否可用。",
        "Cannot use the database {url} ({kind}): check DATABASE_URL and that the server is up.",
    ),
    "cli.interrupted": ("已中断。", "Interrupted."),
    "config.bad_mode": (
        "PETITION_MODE 只能是 demo 或 production，而不是“{value}”",
        "PETITION_MODE must be 'demo' or 'production', not “{value}”",
    ),
    "config.lookup_key_short": (
        "PETITION_LOOKUP_KEY 至少需要 {n} 个字符",
        "PETITION_LOOKUP_KEY must be at least {n} characters",
    ),
    "config.lookup_key_missing": (
        "生产模式下需要设置 PETITION_LOOKUP_KEY（查询码的服务器密钥，至少 {n} 个字符）",
        "Production mode needs PETITION_LOOKUP_KEY (the query codes' server secret, "
        "at least {n} characters)",
    ),
    "config.bad_int": (
        "{name} 应为整数，而不是“{value}”",
        "{name} must be an integer, not “{value}”",
    ),
    "config.cookie_key_short": (
        "PETITION_COOKIE_KEY 至少需要 {n} 个字符",
        "PETITION_COOKIE_KEY must be at least {n} characters",
    ),
    "config.cookie_key_missing": (
        "生产模式下运行控制台需要设置 PETITION_COOKIE_KEY（至少 {n} 个字符）",
        "Serving the console in production mode needs PETITION_COOKIE_KEY (at least {n} characters)",
    ),
}

ZH, EN = split(_PAIRS)

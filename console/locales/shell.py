"""App shell: title, sign-in, sidebar, navigation, shared words and user errors."""

from console.locales import split

_PAIRS = {
    "app.title": ("网上信访代理工作台", "Petition Agency Console"),
    "app.tagline": (
        "区信访办 · 登记、导访、交办、督办、答复与代理员管理",
        "District petition office · intake, triage, assignment, supervision, replies and agents",
    ),
    "nav.overview": ("工作概览", "Overview"),
    "auth.form_title": ("登录", "Sign in"),
    "auth.username": ("用户名", "Username"),
    "auth.password": ("密码", "Password"),
    "auth.role": ("角色", "Role"),
    "auth.sign_in": ("登录", "Sign in"),
    "auth.sign_out": ("退出登录", "Sign out"),
    "auth.failed": ("用户名或密码不正确。", "Wrong username or password."),
    "auth.locked": (
        "密码连续输错次数过多，账号已锁定至 {until}，请稍后再试。",
        "Too many wrong passwords: the account is locked until {until}. Try again later.",
    ),
    "auth.demo_notice": (
        "演示模式：以下演示账号的密码均为 {password}，数据均为虚构。",
        "Demo mode: every demo account below has the password {password}; all data are fictitious.",
    ),
    "shell.language": ("语言", "Language"),
    "shell.demo_banner": (
        "演示区县 · 模拟今天：{today} · 所有人员与案件均为虚构",
        "Demo district · simulated today: {today} · all people and cases are fictitious",
    ),
    "shell.demo_controls": ("演示控制", "Demo controls"),
    "shell.simulated_today": ("模拟今天", "Simulated today"),
    "shell.apply_today": ("设为今天", "Set as today"),
    "shell.real_today": ("恢复真实日期", "Back to the real date"),
    "shell.reset_confirm": (
        "我确认要重置演示区县（全部演示数据将重新生成）",
        "I confirm: reset the demo district (all demo data is regenerated)",
    ),
    "shell.reset": ("重置演示区县", "Reset the demo district"),
    "shell.resetting": ("正在重置演示区县……", "Resetting the demo district…"),
    "shell.reset_done": ("演示区县已重置。", "The demo district has been reset."),
    "shell.seeding": ("首次启动：正在生成演示区县……", "First start: generating the demo district…"),
    "shell.page_forbidden": (
        "您的角色无权使用此页面。",
        "Your role may not use this page.",
    ),
    "common.export_excel": ("导出 Excel", "Export to Excel"),
    "common.none": ("无", "None"),
    "common.fix_errors": (
        "请修改标出的内容，未保存任何内容。",
        "Fix the marked fields: nothing was saved.",
    ),
    "error.concurrent_edit": (
        "该记录已被他人修改，请刷新后重试，您的修改未保存。",
        "Someone else changed this record meanwhile: reload and try again. Nothing was saved.",
    ),
    "error.username_format": (
        "用户名须以小写字母开头，3-32 位小写字母、数字或 . _ -",
        "A username starts with a lower-case letter: 3-32 lower-case letters, digits or . _ -",
    ),
    "error.unknown_role": ("未知角色：{role}", "Unknown role: {role}"),
    "error.password_short": ("密码至少 {n} 位。", "The password needs at least {n} characters."),
    "error.username_taken": ("用户名 {username} 已存在。", "The username {username} is taken."),
    "error.liaison_needs_unit": (
        "承办单位联络员必须指定所属单位。",
        "A unit liaison must belong to a unit.",
    ),
    "error.unknown_unit": ("未找到单位：{unit}", "No such unit: {unit}"),
    "error.demo_already_seeded": (
        "数据库中已有演示数据；如需重新生成请使用 --reset。",
        "The database already holds demo data: use --reset to wipe and regenerate it.",
    ),
    "error.demo_items_range": (
        "演示事项数须在 {low} 到 {high} 之间。",
        "The number of demo items must be between {low} and {high}.",
    ),
    "error.not_demo_mode": (
        "生产模式下不能执行此操作（仅演示模式可用）。",
        "Not available in production mode (demo mode only).",
    ),
}

ZH, EN = split(_PAIRS)

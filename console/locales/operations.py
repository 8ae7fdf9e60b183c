"""Operations (issue 15): backup and restore, sessions that end, the connection pool."""

from console.locales import split

_PAIRS = {
    # backup and restore (petition-console backup|restore)
    "cli.backup_done": (
        "已备份到 {path}（{matters} 件事项，数据库版本 {revision}）",
        "Backed up to {path} ({matters} matters, database version {revision})",
    ),
    "cli.restore_done": (
        "已从 {path} 恢复（{matters} 件事项，数据库版本 {revision}）。请重新启动工作台。",
        "Restored from {path} ({matters} matters, database version {revision}). "
        "Start the console again.",
    ),
    "cli.restore_previous": (
        "被替换的数据库已另存为 {path}",
        "The replaced database was saved as {path}",
    ),
    "error.backup_postgresql": (
        "PostgreSQL 数据库请用 pg_dump 备份（命令见 README）",
        "Back up a PostgreSQL database with pg_dump (the README gives the command)",
    ),
    "error.restore_postgresql": (
        "PostgreSQL 数据库请用 pg_restore 恢复（命令见 README）",
        "Restore a PostgreSQL database with pg_restore (the README gives the command)",
    ),
    "error.backup_no_file": (
        "内存数据库无法备份或恢复",
        "An in-memory database cannot be backed up or restored",
    ),
    "error.backup_missing": ("文件不存在：{path}", "No such file: {path}"),
    "error.backup_exists": (
        "{path} 已存在，不会覆盖：请换一个文件名",
        "{path} already exists and is not overwritten: choose another name",
    ),
    "error.restore_not_database": (
        "{path} 不是 SQLite 数据库文件，未恢复",
        "{path} is not an SQLite database; nothing was restored",
    ),
    "error.restore_not_console": (
        "{path} 不是本工作台的数据库（缺少 {table} 表），未恢复",
        "{path} is not a console database (no {table} table); nothing was restored",
    ),
    "error.restore_unknown_revision": (
        "{path} 的数据库版本 {revision} 本程序不认识（可能来自更新的版本），未恢复",
        "{path} has database version {revision}, which this console does not know "
        "(a newer release?); nothing was restored",
    ),
    "error.restore_damaged": (
        "{path} 已损坏（完整性检查未通过），未恢复",
        "{path} is damaged (integrity check failed); nothing was restored",
    ),
    "error.restore_same_file": (
        "{path} 就是当前数据库本身，未恢复",
        "{path} is the live database itself; nothing was restored",
    ),
    # the connection pool (PETITION_DB_*)
    "config.int_too_small": (
        "{name} 应为不小于 {low} 的整数，而不是“{value}”",
        "{name} must be an integer of at least {low}, not “{value}”",
    ),
    # sessions that end
    "setting.session.idle_minutes": ("无操作自动退出（分钟）", "Sign out after idle (minutes)"),
    "auth.ended.idle": (
        "您已 {minutes} 分钟无操作，已自动退出，请重新登录。",
        "You were signed out after {minutes} minutes without activity. Please sign in again.",
    ),
    "auth.ended.disabled": (
        "您的账号已被停用，已退出登录。如有疑问请联系管理员。",
        "Your account has been disabled and you were signed out. Ask an administrator.",
    ),
    "auth.ended.password": (
        "您的密码已在别处修改，已退出登录，请用新密码重新登录。",
        "Your password was changed elsewhere and you were signed out. "
        "Sign in with the new password.",
    ),
}

ZH, EN = split(_PAIRS)

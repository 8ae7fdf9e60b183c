"""Messages about reading uploaded files and checking text, shared by every import and form."""

from console.locales import split

_PAIRS = {
    "error.import_binary": (
        "{filename} 不是文本表格（可能是二进制文件）：请另存为 .xlsx，或 UTF-8 / GBK 编码的 CSV",
        "{filename} is not a text table (a binary file?): save it as .xlsx, "
        "or as CSV in UTF-8 or GBK",
    ),
    "error.import_too_large": (
        "{filename} 超过 {limit} MB，无法导入",
        "{filename} is larger than {limit} MB and cannot be imported",
    ),
    "error.import_too_many_rows": (
        "{filename} 超过 {limit} 行，请分批导入",
        "{filename} has more than {limit} rows: import it in parts",
    ),
    "error.import_write_failed": (
        "数据库拒绝写入（{detail}），未写入任何数据",
        "The database refused the rows ({detail}): nothing was written",
    ),
    "error.control_character": (
        "含有不可见的控制字符（如 NUL、换行、ESC 或文字方向控制符），请删除后重试",
        "Contains invisible control characters (NUL, line breaks, ESC or text-direction "
        "marks): remove them and try again",
    ),
    "error.out_of_range": (
        "“{value}”超出允许范围（{low}–{high}）",
        "“{value}” is out of range ({low}–{high})",
    ),
}

ZH, EN = split(_PAIRS)

"""Importing residential clusters."""

from console.locales import split

_PAIRS = {
    "error.cluster_import_empty": ("文件中没有居民点数据", "The file has no cluster rows"),
    "error.count_format": ("“{value}”不是非负整数", "“{value}” is not a whole number of 0 or more"),
}

ZH, EN = split(_PAIRS)

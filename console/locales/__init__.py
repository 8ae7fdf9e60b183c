"""UI text catalogs, one module per feature, each with a Chinese and an English dict.

Every module defines ``ZH`` and ``EN`` with the same keys (a test compares them).
Keys are dotted: ``<feature>.<thing>``; error keys raised by core use cases start with
``error.``; enum labels are ``<EnumClassName>.<value>`` (see `console.i18n.label`).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def catalog_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
    ]


def split(pairs: dict[str, tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """(Chinese, English) catalogs from ``key: (zh, en)`` pairs, kept side by side in source."""
    return {k: zh for k, (zh, _en) in pairs.items()}, {k: en for k, (_zh, en) in pairs.items()}

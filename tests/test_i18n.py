"""Every UI string exists in both languages, and every key the code asks for exists."""

import enum
import re
from pathlib import Path

import pytest

from console.i18n import catalogs, label, translate
from console.locales import catalog_modules
from core import vocab

ROOT = Path(__file__).resolve().parents[1]
KEY_IN_CODE = re.compile(
    r"""\b(?:t|translate|_say|UserError|add)\(\s*["']([a-z_]+(?:\.[a-zA-Z0-9_]+)+)["']"""
)


@pytest.mark.parametrize("module", catalog_modules(), ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_each_catalog_has_the_same_keys_in_both_languages(module):
    assert set(module.ZH) == set(module.EN)
    assert all(value.strip() for value in module.ZH.values())
    assert all(value.strip() for value in module.EN.values())


def test_no_key_is_defined_twice_across_catalogs():
    seen: dict[str, str] = {}
    for module in catalog_modules():
        for key in module.ZH:
            assert key not in seen, f"{key} in {module.__name__} and {seen[key]}"
            seen[key] = module.__name__


def test_chinese_catalog_is_chinese():
    zh = catalogs()["zh"]
    han = re.compile(r"[\u4e00-\u9fff]")
    assert all(han.search(text) for key, text in zh.items()), "untranslated Chinese entries"


@pytest.mark.parametrize(
    "enum_cls",
    [
        c
        for c in vars(vocab).values()
        if isinstance(c, type) and issubclass(c, enum.StrEnum) and c is not enum.StrEnum
    ],
)
def test_every_vocabulary_member_has_a_label(enum_cls):
    for member in enum_cls:
        for lang in ("zh", "en"):
            assert label(member, lang) != f"{enum_cls.__name__}.{member.value}"


def test_every_key_used_in_the_code_exists():
    keys = catalogs()["zh"]
    missing = set()
    for folder in ("console", "core", "pages", "db"):
        for path in (ROOT / folder).rglob("*.py"):
            if "locales" in path.parts:
                continue
            for key in KEY_IN_CODE.findall(path.read_text(encoding="utf-8")):
                if key not in keys:
                    missing.add(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, sorted(missing)


def test_parameters_are_filled_in():
    assert translate("auth.locked", "zh", until="09:30").count("09:30") == 1
    assert "{" not in translate("auth.locked", "en", until="09:30")

"""`petition-console create-user`: an unknown unit lists the closest ones with their codes;
success names the role in PETITION_LANG, never its raw key."""

from __future__ import annotations

import io
import sys

import pytest

from console.cli import main
from core.vocab import UnitLevel
from db.migrate import upgrade
from db.models import Unit
from db.session import Database


@pytest.fixture
def env(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PETITION_MODE", "production")
    monkeypatch.setenv("PETITION_LOOKUP_KEY", "l" * 40)
    database = Database.connect(url)
    upgrade(database.engine)
    with database.write() as s:
        s.add_all(
            [
                Unit(code="D-PNR", name="区规划和自然资源局", level=UnitLevel.DISTRICT_DEPARTMENT),
                Unit(code="D-HURD", name="区住房城乡建委", level=UnitLevel.DISTRICT_DEPARTMENT),
            ]
        )
    database.dispose()
    return url


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unknown_unit_lists_the_closest_with_codes(env, monkeypatch, capsys, lang):
    monkeypatch.setenv("PETITION_LANG", lang)
    monkeypatch.setattr(sys, "stdin", io.StringIO("long-enough\n"))
    argv = ["create-user", "pnr2", "--role", "unit_liaison", "--unit", "D-PRN", "--password-stdin"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "D-PRN" in err and "D-PNR  区规划和自然资源局" in err


def test_a_unit_name_typed_instead_of_its_code(env, monkeypatch, capsys):
    monkeypatch.setenv("PETITION_LANG", "zh")
    monkeypatch.setattr(sys, "stdin", io.StringIO("long-enough\n"))
    argv = ["create-user", "pnr2", "--role", "unit_liaison", "--unit", "规划", "--password-stdin"]
    assert main(argv) == 1
    assert "D-PNR  区规划和自然资源局" in capsys.readouterr().err


@pytest.mark.parametrize("lang,label", [("zh", "承办单位联络员"), ("en", "Unit liaison")])
def test_success_names_the_role_in_the_operators_language(env, monkeypatch, capsys, lang, label):
    monkeypatch.setenv("PETITION_LANG", lang)
    monkeypatch.setattr(sys, "stdin", io.StringIO("long-enough\n"))
    argv = ["create-user", "pnr2", "--role", "unit_liaison", "--unit", "D-PNR", "--password-stdin"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert label in out and "unit_liaison" not in out

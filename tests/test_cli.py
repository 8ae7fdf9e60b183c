"""The petition-console command: clear messages and a non-zero exit on bad input."""

import io
import sys

import pytest
from sqlalchemy import select

from console.cli import main
from db.models import User
from db.session import Database


@pytest.fixture
def env(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PETITION_MODE", "production")
    monkeypatch.setenv("PETITION_COOKIE_KEY", "k" * 40)
    monkeypatch.setenv("PETITION_LANG", "en")
    return url


def test_db_upgrade_reports_the_revision(env, capsys):
    assert main(["db", "upgrade"]) == 0
    assert "upgraded to revision" in capsys.readouterr().out


def test_create_user_reads_the_password_from_stdin(env, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-password\n"))
    assert main(["create-user", "chief", "--role", "admin", "--password-stdin"]) == 0
    database = Database.connect(env)
    with database.read() as session:
        assert session.scalar(select(User.role).where(User.username == "chief")) == "admin"
    database.dispose()


@pytest.mark.parametrize(
    "argv,stdin,message",
    [
        (["create-user", "chief", "--role", "admin", "--password-stdin"], "short\n", "at least 8"),
        (
            ["create-user", "Bad Name", "--role", "clerk", "--password-stdin"],
            "long-enough\n",
            "lower-case",
        ),
        (
            ["create-user", "liaison2", "--role", "unit_liaison", "--password-stdin"],
            "long-enough\n",
            "must belong to a unit",
        ),
        (["create-user", "chief", "--role", "admin"], "", "--password-stdin"),
        (["seed-demo", "--items", "10"], "", "demo mode only"),
    ],
)
def test_refusals_say_why_and_exit_non_zero(env, monkeypatch, capsys, argv, stdin, message):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(argv) == 1
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["create-user", "chief", "--role", "boss"],
        ["seed-demo", "--items", "many"],
        ["seed-demo", "--seed", "-3"],
        ["frobnicate"],
        ["db"],
    ],
)
def test_bad_arguments_exit_with_usage(env, capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_production_mode_needs_a_cookie_key(env, monkeypatch, capsys):
    monkeypatch.delenv("PETITION_COOKIE_KEY")
    assert main(["db", "upgrade"]) == 1
    assert "PETITION_COOKIE_KEY" in capsys.readouterr().err


def test_import_with_a_bad_row_writes_nothing_and_exits_non_zero(env, tmp_path, capsys):
    """The administrators' bulk load: same row errors as the page, nothing written."""
    import pandas as pd

    from core.agents.files import import_template_xlsx

    assert main(["db", "upgrade"]) == 0
    template = tmp_path / "template.xlsx"
    template.write_bytes(import_template_xlsx())
    headers = list(pd.read_excel(template).columns)
    rows = pd.DataFrame([{h: "x" for h in headers}])  # nothing in it is valid
    bad = tmp_path / "agents.xlsx"
    rows.to_excel(bad, index=False)
    assert main(["import-agents", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Row 2" in err and "nothing was written" in err


def test_export_needs_an_xlsx_name(env, tmp_path, capsys):
    assert main(["export-agents", str(tmp_path / "agents.csv")]) == 1
    assert ".xlsx" in capsys.readouterr().err
    assert main(["export-agents", str(tmp_path / "agents.xlsx"), "--public"]) == 0
    assert (tmp_path / "agents.xlsx").stat().st_size > 0

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
    monkeypatch.setenv("PETITION_LOOKUP_KEY", "l" * 40)  # the public lookup's secret
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


def test_only_serving_needs_a_cookie_key(env, monkeypatch, capsys, tmp_path):
    """db upgrade, imports, exports and digests serve no page: no cookie key asked."""
    monkeypatch.delenv("PETITION_COOKIE_KEY")
    assert main(["db", "upgrade"]) == 0
    assert main(["export-agents", str(tmp_path / "agents.xlsx")]) == 0
    assert main(["deadlines", "--as-of", "2026-11-20"]) == 0
    capsys.readouterr()
    assert main(["run"]) == 1  # fails before anything is served
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


# --- hostile input and settings: a message in the operator's language, never a traceback ---


def _no_traceback(capsys) -> str:
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return out.err


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def chinese(env, monkeypatch):
    monkeypatch.delenv("PETITION_LANG")  # zh is the default


def _bad_files(tmp_path):
    binary = tmp_path / "agents.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    broken = tmp_path / "agents.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    nul = tmp_path / "nul.csv"
    nul.write_bytes("代理员编号,姓名\nA1,赵\x00六\n".encode("utf-16"))
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    return {
        "binary": ["import-agents", str(binary)],
        "broken": ["import-agents", str(broken), "--dry-run"],
        "nul": ["import-agents", str(nul), "--dry-run"],
        "clusters": ["import-clusters", str(binary)],
        "missing": ["import-clusters", str(tmp_path / "nowhere.xlsx")],
        "folder": ["import-agents", str(folder)],
        "export_dir": ["export-agents", str(tmp_path / "no" / "such" / "dir.xlsx")],
    }


@pytest.mark.parametrize(
    "case", ["binary", "broken", "nul", "clusters", "missing", "folder", "export_dir"]
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_files_end_in_a_message_not_a_traceback(env, monkeypatch, capsys, tmp_path, case, lang):
    monkeypatch.setenv("PETITION_LANG", lang)
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(_bad_files(tmp_path)[case]) == 1
    err = _no_traceback(capsys)
    last = err.strip().splitlines()[-1]  # column names stay Chinese: they are the file's
    assert _has_chinese(last) == (lang == "zh"), err
    assert not last.startswith(("\r", "[")), "the message starts on its own line"


def test_dry_run_of_a_hostile_file_refuses_it_like_the_import(env, capsys, tmp_path):
    assert main(["db", "upgrade"]) == 0
    nul = tmp_path / "nul.csv"
    nul.write_bytes("代理员编号,姓名\nA1,赵\x00六\n".encode("utf-16"))
    capsys.readouterr()
    assert main(["import-agents", str(nul), "--dry-run"]) == 1
    dry = _no_traceback(capsys)
    assert main(["import-agents", str(nul)]) == 1
    assert _no_traceback(capsys) == dry
    assert "nothing was written" in dry and "All rows valid" not in dry


@pytest.mark.parametrize(
    "variable,value,needle",
    [
        ("PETITION_MODE", "staging", "PETITION_MODE"),
        ("PETITION_DEMO_ITEMS", "many", "PETITION_DEMO_ITEMS"),
        ("DATABASE_URL", "nonsense://nowhere", "DATABASE_URL"),
        ("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none", "DATABASE_URL"),
    ],
)
def test_bad_settings_are_explained_in_chinese(
    chinese, monkeypatch, capsys, variable, value, needle
):
    monkeypatch.setenv(variable, value)
    assert main(["db", "upgrade"]) == 1
    err = _no_traceback(capsys)
    assert needle in err and _has_chinese(err), err


def test_a_short_cookie_key_is_explained_in_chinese_when_serving(chinese, monkeypatch, capsys):
    monkeypatch.setenv("PETITION_COOKIE_KEY", "short")
    assert main(["run"]) == 1
    err = _no_traceback(capsys)
    assert "PETITION_COOKIE_KEY" in err and "至少" in err


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"])
def test_digest_dates_are_bounded(env, capsys, day):
    with pytest.raises(SystemExit) as exit_info:
        main(["deadlines", "--as-of", day])
    assert exit_info.value.code == 2
    err = _no_traceback(capsys)
    assert "2000-01-01" in err and "2100-12-31" in err


def test_fresh_sqlite_file_anywhere_upgrades_and_seeds_without_any_key(
    monkeypatch, tmp_path, capsys
):
    """No PETITION_MODE, no cookie key: a new SQLite file at any path is demo data."""
    for name in ("PETITION_MODE", "PETITION_COOKIE_KEY", "PETITION_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'somewhere' / 'demo.db'}")
    (tmp_path / "somewhere").mkdir()
    assert main(["db", "upgrade"]) == 0
    assert main(["seed-demo", "--items", "60"]) == 0
    assert "演示区县已生成" in capsys.readouterr().out
    monkeypatch.delenv("PETITION_MODE", raising=False)  # seed-demo set it for its process
    # A database that now holds a district is no longer "fresh": --reset needs the setting.
    assert main(["seed-demo", "--items", "60", "--reset"]) == 1
    assert "PETITION_MODE=demo" in _no_traceback(capsys)

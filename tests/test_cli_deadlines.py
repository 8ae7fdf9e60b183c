"""`petition-console deadlines`: the daily digest per unit, printed and as a spreadsheet."""

import datetime as dt

import pandas as pd
import pytest

from console.cli import main
from core.deadlines.digest import daily_digest
from core.today import today
from db.session import Database


@pytest.fixture
def as_of(console_env) -> dt.date:
    database = Database.connect(console_env)
    with database.read() as s:
        day = today(s) - dt.timedelta(days=3)
    database.dispose()
    return day


@pytest.fixture
def digest(console_env, as_of) -> pd.DataFrame:
    database = Database.connect(console_env)
    with database.read() as s:
        frame = daily_digest(s, as_of)
    database.dispose()
    return frame


def test_digest_prints_per_unit_and_writes_a_workbook(
    console_env, as_of, digest, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("PETITION_LANG", "zh")
    path = tmp_path / "日报.xlsx"
    assert main(["deadlines", "--as-of", as_of.isoformat(), "--xlsx", str(path)]) == 0
    out = capsys.readouterr().out
    overdue = digest.loc[digest["status"] == "overdue", "matter_id"].nunique()
    assert f"{as_of.isoformat()} 期限日报：已超期（红灯）事项 {overdue} 件" in out
    for name in digest["unit_name"].dropna().unique():
        assert f"■ {name}（单位代码" in out
    assert "事项编号" in out and "期限日" in out
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["按单位汇总", "明细"]
    details = sheets["明细"]
    assert len(details) == len(digest)
    assert set(details["状态"]) <= {"已超期", "即将到期"}
    assert set(details["事项编号"]) == set(digest["case_number"])
    summary = sheets["按单位汇总"]
    assert summary["已超期"].sum() >= overdue  # per unit: a matter may count for two units
    assert "已导出" in out


def test_one_unit_in_english(console_env, as_of, digest, capsys, monkeypatch):
    monkeypatch.setenv("PETITION_LANG", "en")
    code = digest["unit_code"].dropna().iloc[0]
    assert main(["deadlines", "--as-of", as_of.isoformat(), "--unit", code]) == 0
    out = capsys.readouterr().out
    assert "Deadline digest for" in out and "Case number" in out
    assert out.count("■ ") == 1 and f"({code})" in out


def test_defaults_to_the_office_today(console_env, capsys):
    assert main(["deadlines"]) == 0
    assert "期限日报" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv,message",
    [
        (["deadlines", "--unit", "NO-SUCH-UNIT"], "未找到单位：NO-SUCH-UNIT"),
        (["deadlines", "--xlsx", "digest.csv"], "导出文件须为 .xlsx"),
        (["deadlines", "--xlsx", "/no/such/folder/digest.xlsx"], "无法写入"),
    ],
)
def test_refusals_say_why_and_exit_non_zero(console_env, capsys, monkeypatch, argv, message):
    monkeypatch.setenv("PETITION_LANG", "zh")
    assert main(argv) == 1
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "2026/11/20"])
def test_a_bad_date_is_refused_by_the_parser(console_env, capsys, monkeypatch, value):
    monkeypatch.setenv("PETITION_LANG", "zh")
    with pytest.raises(SystemExit) as exit_:
        main(["deadlines", "--as-of", value])
    assert exit_.value.code != 0
    assert f"日期格式应为 YYYY-MM-DD：{value}" in capsys.readouterr().err

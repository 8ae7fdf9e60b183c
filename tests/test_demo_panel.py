"""The trainer's demo controls: moving today on with the district, the founding stories one
click away, the trainer's script (AppTest on a copy of the small demo district)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from core.today import today as office_today
from db.models import Matter
from db.session import Database
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "console" / "app.py")


@pytest.fixture
def demo_copy(monkeypatch, demo_database_url, tmp_path):
    source = demo_database_url.removeprefix("sqlite:///")
    shutil.copy(source, tmp_path / "demo.db")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PETITION_MODE", "demo")
    monkeypatch.setenv("PETITION_COOKIE_KEY", "k" * 40)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    st.cache_data.clear()
    st.cache_resource.clear()


def trainer() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "trainer"
    at.session_state["name"] = "trainer"
    at.session_state["roles"] = ["trainer"]
    return at


def sidebar_text(at: AppTest) -> str:
    parts = [m.value for m in at.sidebar.markdown] + [c.value for c in at.sidebar.caption]
    return "\n".join(parts)


def test_stories_and_script_in_the_demo_controls(demo_copy):
    at = trainer()
    at.run()
    assert not at.exception
    text = sidebar_text(at)
    assert "YUANDAYE" in text and "HUAYU888" in text and "500107-" in text
    assert "培训脚本" in [e.label for e in at.sidebar.expander]
    assert "liaison_pnr" in text and "liaison_xjw" in text
    assert "{" not in text  # no unfilled placeholders
    at.sidebar.button(key="demo_open_yuan").click().run()
    assert not at.exception
    assert at.session_state["qu_lookup"].startswith("500107-")


def test_moving_today_on_moves_the_district(demo_copy):
    database = Database.connect(demo_copy)
    with database.read() as s:
        before = s.scalar(select(func.count()).select_from(Matter))
    at = trainer()
    at.run()
    later = DEMO_TODAY + dt.timedelta(days=7)
    at.sidebar.date_input(key="demo_today").set_value(later)
    at.sidebar.button(key="demo_today_apply").click().run()
    assert not at.exception
    with database.read() as s:
        assert office_today(s) == later
        assert s.scalar(select(func.count()).select_from(Matter)) > before
    database.dispose()

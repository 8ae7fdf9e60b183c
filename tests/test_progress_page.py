"""The public progress page: no sign-in, no personal data, the same answer for any failure."""

from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from core.query_code import query_code_matches
from db.demo import LIN_NAME, LIN_QUERY_CODE, YUAN_QUERY_CODE
from db.models import Matter
from db.session import Database

APP = str(Path(__file__).resolve().parents[1] / "console" / "app.py")
PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "progress.py")


def _case_of(url, code: str) -> str:
    database = Database.connect(url)
    with database.read() as s:
        rows = s.execute(select(Matter.case_number, Matter.query_code_hash)).all()
    database.dispose()
    return next(c for c, h in rows if query_code_matches(c, code, h))


def _look_up(at: AppTest, case: str, code: str) -> AppTest:
    at.text_input(key="pg_case").input(case)
    at.text_input(key="pg_code").input(code)
    return at.button(key="pg_go").click().run()


def test_signed_out_a_petitioner_sees_the_stage_and_no_names(console_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    case = _case_of(console_env, LIN_QUERY_CODE)
    _look_up(at, case, LIN_QUERY_CODE)
    assert not at.error, [e.value for e in at.error]
    shown = " ".join(
        [m.value for m in at.markdown]
        + [s.value for s in at.subheader]
        + [str(tbl.value) for tbl in at.table]
    )
    assert case in shown
    assert LIN_NAME not in shown


def test_wrong_codes_get_one_generic_answer_then_a_wait(console_env):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    case = _case_of(console_env, YUAN_QUERY_CODE)  # its lookups stay slowed down afterwards
    _look_up(at, "500107-1999-999999", "WRONGCODE")
    unknown = [e.value for e in at.error]
    _look_up(at, case, "WRONGCODE")
    wrong = [e.value for e in at.error]
    assert unknown == wrong and len(wrong) == 1
    for _ in range(3):
        _look_up(at, case, "WRONGCODE")
    assert at.warning, "repeated wrong attempts are slowed down"
    _look_up(at, case, YUAN_QUERY_CODE)
    assert at.warning and not at.subheader, "even the right code waits"

"""The public progress page: no sign-in, no personal data, the same answer for any failure."""

from pathlib import Path

from sqlalchemy import delete, select
from streamlit.testing.v1 import AppTest

from core.cases.progress import FREE_ATTEMPTS, lookup
from core.cases.query_code import query_code_matches
from core.timeutil import now_utc
from core.vocab import Role
from db.demo import LIN_NAME, LIN_QUERY_CODE, YUAN_QUERY_CODE
from db.models import LookupFailure, Matter, Petitioner, Submission, SubmissionPetitioner
from db.session import Database
from tests.test_app import signed_in

APP = str(Path(__file__).resolve().parents[1] / "console" / "app.py")
PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "progress.py")


def _case_of(url, code: str) -> str:
    database = Database.connect(url)
    with database.read() as s:
        rows = s.execute(select(Matter.case_number, Matter.query_code_hash)).all()
    database.dispose()
    return next(c for c, h in rows if query_code_matches(c, code, h))


def _personal_data(url, case: str) -> list[str]:
    """Names, resident IDs and phones of the petitioners of a case."""
    database = Database.connect(url)
    with database.read() as s:
        people = s.execute(
            select(Petitioner.name, Petitioner.id_number, Petitioner.phone)
            .join(SubmissionPetitioner, SubmissionPetitioner.petitioner_id == Petitioner.id)
            .join(Submission, Submission.id == SubmissionPetitioner.submission_id)
            .join(Matter, Matter.id == Submission.matter_id)
            .where(Matter.case_number == case)
        ).all()
    database.dispose()
    return [value for person in people for value in person if value]


def _shown(at: AppTest) -> str:
    return " ".join(
        [m.value for m in at.markdown]
        + [s.value for s in at.subheader]
        + [i.value for i in at.info]
        + [str(tbl.value) for tbl in at.table]
    )


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
    shown = _shown(at)
    assert case in shown
    assert at.table and "收到" in str(at.table[0].value), "the key dates are listed"
    assert LIN_NAME not in shown
    personal = _personal_data(console_env, case)
    assert personal and not [value for value in personal if value in shown]


def test_signed_in_staff_can_use_it_too(console_env):
    at = signed_in(Role.CLERK)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    assert at.text_input(key="pg_case") and at.button(key="pg_go")


def _forget_failures(url) -> None:
    """The demo district is shared by the session's tests: leave no client waiting."""
    database = Database.connect(url)
    with database.write() as s:
        s.execute(delete(LookupFailure))
    database.dispose()


def test_wrong_codes_get_one_generic_answer_then_a_wait(console_env):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    case = _case_of(console_env, YUAN_QUERY_CODE)
    try:
        _look_up(at, "500107-1999-999999", "WRONGCODE")
        unknown = [e.value for e in at.error]
        _look_up(at, case, "WRONGCODE")
        wrong = [e.value for e in at.error]
        assert unknown == wrong and len(wrong) == 1
        assert case not in wrong[0], "the answer does not tell whether the case exists"
        for _ in range(FREE_ATTEMPTS - 2):
            _look_up(at, case, "WRONGCODE")
        assert at.warning, "repeated wrong attempts of one client are slowed down"
        assert any("秒" in w.value for w in at.warning), "says how long to wait"
        _look_up(at, case, YUAN_QUERY_CODE)
        assert at.warning and not at.subheader, "while this client waits nothing is compared"
    finally:
        _forget_failures(console_env)


def test_others_wrong_guesses_do_not_keep_the_petitioner_out(console_env):
    case = _case_of(console_env, YUAN_QUERY_CODE)
    database = Database.connect(console_env)
    with database.write() as s:
        now = now_utc()
        for n in range(50):
            lookup(s, case, "WRONGCODE", now, client=f"203.0.113.{n}")
    database.dispose()
    try:
        at = AppTest.from_file(PAGE, default_timeout=60)
        at.run()
        _look_up(at, case, YUAN_QUERY_CODE)
        assert not at.warning and not at.error
        assert at.subheader and case in at.subheader[0].value
    finally:
        _forget_failures(console_env)

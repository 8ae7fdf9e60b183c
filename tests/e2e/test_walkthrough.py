"""The trainer's walkthrough of issue #15 in a real browser, one step after another.

A clerk registers an agent-proxied land petition (a wrong resident-ID check digit first),
triages and assigns it to the routed unit; that unit's liaison replies; a trainer moves the
simulated today past a deadline; a supervisor sees it overdue and issues a supervision
notice, which the liaison answers; the clerk records delivery and the ratings; a supervisor
computes the quarter's bonus; the coverage map opens; the public progress lookup finds the
case with its query code. Every step asserts what the user sees and saves a screenshot under
tests/e2e/artifacts/walkthrough/ (a test artefact, ignored by git).

The console runs against a demo district of its own (seeded here, pinned to DEMO_TODAY), so
the other e2e tests are unaffected. The steps are tests of one module run in file order,
sharing `STORY`; a step whose predecessor failed is skipped with that reason.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from stdnum.cn import ric

from core.timeutil import OFFICE_TZ
from tests.e2e.browser import open_case as type_case_number
from tests.e2e.browser import sign_in
from tests.e2e.conftest import serve_consoles

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "walkthrough"
STORY: dict = {}  # what one step hands the next: case number, query code, agent ...
TIMEOUT = 60_000  # ms: the machine is shared and slow
expect.set_options(timeout=TIMEOUT)

UNIT = "区规划和自然资源局"  # the routing table's unit for land cases (liaison_pnr's unit)
ID_BASE = "50010719500315123"  # 17 digits of a fictitious resident ID (九龙坡区, 1950-03-15)
ID_RIGHT = ID_BASE + ric.calc_check_digit(ID_BASE + "0")  # it reads the first 17
ID_WRONG = ID_BASE + ("0" if ID_RIGHT[-1] != "0" else "1")
SUMMARY = "征地补偿款至今未足额发放（演示走查）"
FULL_TEXT = "村民小组土地被征收后，约定的安置补偿款仍差三万元未发放，请求核实并补发。"
REPLY = "经核实，补偿款差额三万元已列入本月发放计划，将于月底前打入本人账户。"
ANSWER = "已督促补偿款发放，本单位将于本周内书面告知信访人发放进度。"
#: past the 3-working-day office check that starts with the reply on DEMO_TODAY (Wed 18th)
MOVED_TODAY = dt.date(2026, 11, 25)


# --- the console and its district -------------------------------------------------------


@pytest.fixture(scope="module")
def walk(browser, tmp_path_factory):
    """A console server on a demo district of its own; the agent who files the petition."""
    from core.config import AppConfig
    from core.startup import migrate_and_prepare, seed_demo_district
    from core.vocab import AgentStatus
    from db.models import Agent, Town, Village
    from db.session import Database
    from tests.conftest import DEMO_ITEMS_FOR_TESTS, DEMO_TODAY

    path = tmp_path_factory.mktemp("walkthrough") / "demo.db"
    url = f"sqlite:///{path}"
    config = AppConfig(
        database_url=url, demo_mode=True, cookie_key="k" * 40, demo_items=DEMO_ITEMS_FOR_TESTS
    )
    database = Database.connect(url)
    migrate_and_prepare(database, config)
    seed_demo_district(database, config, today=DEMO_TODAY)
    with database.read() as s:  # an active, online agent who is paid a bonus
        agent, village, town = s.execute(
            select(Agent.code, Village.name, Town.name)
            .join(Village, Village.id == Agent.village_id)
            .join(Town, Town.id == Village.town_id)
            .where(
                Agent.status == AgentStatus.ACTIVE,
                Agent.online_capable.is_(True),
                Agent.is_public_servant.is_(False),
            )
            .order_by(Agent.code)
        ).first()
    database.dispose()
    STORY.update(agent=agent, village=village, town=town, today=DEMO_TODAY)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve_consoles(url, prefix=_pinned_clock(DEMO_TODAY)) as (base,):
        yield base


def _pinned_clock(today: dt.date) -> list[str]:
    """The server's clock starts at 13:00 office time on the demo's today and runs on.

    Steps on a simulated day take the real time of day, and a matter received today is
    received at noon: before noon the reply was refused as "earlier than the previous step"
    (reported). With faketime (installed by CI) the walkthrough never depends on the hour;
    without it the server keeps the machine's clock."""
    if shutil.which("faketime") is None:
        return []
    start = dt.datetime.combine(today, dt.time(13), OFFICE_TZ).astimezone(dt.UTC)
    return ["env", "TZ=UTC", "faketime", "-f", start.strftime("@%Y-%m-%d %H:%M:%S")]


@pytest.fixture(autouse=True)
def _in_order(request, new_page):  # new_page: its pages close after this fixture's end
    """A step needs every step before it: once one has failed, the rest are skipped."""
    failed = request.session.testsfailed
    STORY.setdefault("failed_before", failed)
    if failed > STORY["failed_before"] or STORY.get("broken"):
        pytest.skip(f"an earlier step of the walkthrough failed: {STORY.get('broken')}")
    STORY["broken"] = request.node.name
    STORY["page"] = None
    yield
    if request.session.testsfailed == failed:
        STORY["broken"] = None
    elif STORY["page"] is not None:  # the page as the failing step left it
        STORY["page"].screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"))


# --- driving Streamlit ------------------------------------------------------------------


def settle(page, timeout: float = TIMEOUT) -> None:
    """Wait for the rerun an interaction started (if it has not yet begun, give it a
    moment), then until the script has finished."""
    try:
        page.wait_for_selector('[data-test-script-state="running"]', timeout=1_500)
    except Exception:  # noqa: BLE001 - a fast rerun may already be over
        pass
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=timeout)


def shot(page, step: str, target=None) -> None:
    """The step's screenshot (the viewport, scrolled to `target` when given)."""
    if target is not None:
        target.scroll_into_view_if_needed(timeout=TIMEOUT)
    page.screenshot(path=str(ARTIFACTS / f"{step}.png"))


def sees(page, text: str, *, exact: bool = False, timeout: float = TIMEOUT):
    """The page shows `text` (on failure, the page as it was is saved as failed-*.png)."""
    found = page.get_by_text(text, exact=exact).filter(visible=True).first
    try:
        found.wait_for(timeout=timeout)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"failed-{time.monotonic_ns()}.png"))
        alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
        raise AssertionError(f"{text!r} not shown; the page says: {alerts}") from None
    return found


def fill(page, label: str, value: str, role: str = "textbox") -> None:
    """Type into a text field and commit it (Streamlit reruns on blur / Enter)."""
    field = page.get_by_role(role, name=label, exact=True)
    field.fill(value)
    multiline = field.evaluate("e => e.tagName") == "TEXTAREA"
    field.press("Control+Enter" if multiline else "Enter")
    settle(page)


def choose(page, label: str, option: str, scope=None) -> None:
    """Pick `option` (shown text, or a part of it) in the selectbox labelled `label`."""
    box = (scope or page).get_by_role("combobox", name=label, exact=True)
    box.click()
    options = page.get_by_role("option")
    try:
        options.first.wait_for(timeout=3_000)
    except Exception:  # noqa: BLE001 - the click landed during a rerun: open it again
        box.press("ArrowDown")
    options.filter(has_text=option).first.click(timeout=TIMEOUT)
    settle(page)


def type_date(page, label: str, day: dt.date) -> None:
    page.get_by_role("spinbutton", name=f"year, {label}").click()
    page.keyboard.type(day.strftime("%Y%m%d"))
    page.keyboard.press("Tab")
    settle(page)


def tick(page, group: str, option: str) -> None:
    """Choose `option` in the radio group labelled `group`."""
    radios = page.get_by_role("radiogroup", name=group, exact=True)
    radios.get_by_text(option, exact=True).click()
    settle(page)


def click(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    settle(page)


def signed_in(new_page, base: str, path: str, username: str):
    page = STORY["page"] = new_page()
    page.goto(f"{base}/{path}")
    settle(page)
    page.get_by_role("textbox", name="用户名").wait_for(timeout=TIMEOUT)
    sign_in(page, username)
    settle(page)
    page.get_by_role("button", name="退出登录").wait_for(timeout=TIMEOUT)
    return page


def open_case(page, case: str) -> None:
    """Open the matter on the queue page by its case number; its record heading shows."""
    type_case_number(page, case)  # typed again if a rerun still under way swallowed it
    page.get_by_role("heading").filter(has_text=case).first.wait_for(timeout=TIMEOUT)


# --- the steps ----------------------------------------------------------------------------


def test_01_clerk_registers_the_land_petition(walk, new_page):
    page = signed_in(new_page, walk, "intake", "clerk")
    sees(page, "来源与代理")
    channel = page.get_by_role("combobox", name="信访渠道", exact=True)
    expect(channel).to_have_value("代理员网上代理")
    fill(page, "查找代理员（编号、姓名或电话）", STORY["agent"])
    # the search should pre-select its first match; in Chromium the box often shows empty
    # after the search (reported), so the clerk picks the agent as a user would
    choose(page, "代理员（仅在岗）", STORY["agent"])
    agent = page.get_by_role("combobox", name="代理员（仅在岗）", exact=True)
    expect(agent).to_have_value(re.compile("^" + STORY["agent"]))
    fill(page, "代理委托书编号", "WT-YUAN-0001")
    type_date(page, "委托书签署日期", STORY["today"] - dt.timedelta(days=1))
    fill(page, "姓名", "袁德明")
    fill(page, "身份证号码", ID_WRONG)
    fill(page, "联系电话", "13983001234")
    fill(page, "住址", f"{STORY['village']}3组")
    choose(page, "问题类别", "征地拆迁")
    choose(page, "镇（街道）", STORY["town"])
    choose(page, "村（社区）", STORY["village"])
    fill(page, "诉求摘要", SUMMARY)
    fill(page, "诉求全文", FULL_TEXT)
    click(page, "保存登记")

    # the error stands under the resident-ID field, and nothing was saved
    id_column = page.locator('[data-testid="stColumn"]').filter(
        has=page.get_by_role("textbox", name="身份证号码", exact=True)
    )
    error = id_column.get_by_text("身份证号码校验位不对")
    error.wait_for(timeout=TIMEOUT)
    sees(page, "未保存任何内容")
    shot(page, "01a-wrong-check-digit", id_column.first)

    fill(page, "身份证号码", ID_RIGHT)
    click(page, "保存登记")
    if page.get_by_role("button", name="确认并保存").count():  # possible repeats: a new matter
        tick(page, "如何处理本次登记", "新事项")
        click(page, "确认并保存")
    saved = sees(page, "已登记，案号").inner_text()
    STORY["case"] = re.search(r"案号\s*(\S+)", saved).group(1)
    code = sees(page, "查询码：").inner_text()
    STORY["code"] = re.search(r"查询码：\s*(\S+?)（", code).group(1)
    shot(page, "01b-registered", page.get_by_text("已登记，案号").first)


def test_02_clerk_triages_and_assigns_to_the_routed_unit(walk, new_page):
    page = signed_in(new_page, walk, "intake", "clerk")
    page.get_by_role("tab", name="待导访").click()
    settle(page)
    choose(page, "导访事项", STORY["case"])
    sees(page, SUMMARY)
    tick(page, "导访结果", "交责任单位办理")
    unit = page.get_by_role("combobox", name="承办单位", exact=True)
    expect(unit).to_have_value(UNIT)  # the routing table's unit, preselected
    shot(page, "02a-triage-routed", unit)
    click(page, "确定导访结果")
    sees(page, f"{STORY['case']} 导访结果：交责任单位办理")
    shot(page, "02b-assigned")


def test_03_liaison_records_the_reply(walk, new_page):
    page = signed_in(new_page, walk, "queue", "liaison_pnr")
    open_case(page, STORY["case"])
    page.get_by_role("heading").filter(has_text=f"{STORY['case']} · 已交办").first.wait_for(
        timeout=TIMEOUT
    )
    fill(page, "书面答复意见", REPLY)
    click(page, "录入答复")
    sees(page, "答复已录入。")
    page.get_by_role("heading").filter(has_text=f"{STORY['case']} · 已答复").first.wait_for(
        timeout=TIMEOUT
    )
    shot(page, "03-replied")


def test_04_trainer_moves_today_past_the_deadline(walk, new_page):
    page = signed_in(new_page, walk, "", "trainer")
    page.get_by_text("演示控制").first.click()
    settle(page)
    type_date(page, "模拟今天", MOVED_TODAY)
    click(page, "设为今天")
    sees(page, f"模拟今天：{MOVED_TODAY.isoformat()}", timeout=180_000)
    shot(page, "04-today-moved")


def test_05_supervisor_sees_it_overdue_and_issues_a_notice(walk, new_page):
    page = signed_in(new_page, walk, "deadlines", "supervisor")
    page.get_by_role("tab", name="明细与督办").click()
    settle(page)
    choose(page, "承办单位", UNIT)
    choose(page, "督办事项", STORY["case"])
    picked = page.get_by_role("combobox", name="督办事项", exact=True)
    expect(picked).to_have_value(re.compile(rf"^{STORY['case']} · {UNIT} · \W*已超期"))
    shot(page, "05a-overdue", page.get_by_role("combobox", name="督办事项", exact=True))
    click(page, "签发督办单")
    issued = sees(page, "督办单：").inner_text()
    assert STORY["case"] in issued and UNIT in issued, issued
    shot(page, "05b-notice-issued")


def test_06_liaison_answers_the_notice(walk, new_page):
    page = signed_in(new_page, walk, "deadlines", "liaison_pnr")
    page.get_by_role("tab", name="督办单").click()
    settle(page)
    choose(page, "督办单", STORY["case"])
    fill(page, "反馈内容", ANSWER)
    click(page, "登记反馈")
    recorded = sees(page, "号督办单（").inner_text()
    assert STORY["case"] in recorded and "的反馈" in recorded, recorded
    shot(page, "06-notice-answered")


def test_07_clerk_records_delivery_and_ratings(walk, new_page):
    page = signed_in(new_page, walk, "queue", "clerk")
    open_case(page, STORY["case"])
    agent = page.get_by_role("combobox", name="送达代理员", exact=True)
    expect(agent).to_have_value(re.compile("^" + STORY["agent"]))  # the filing agent
    tick(page, "送达方式", "当面送达")
    click(page, "记录送达")
    sees(page, "已记录送达。")
    tick(page, "对承办单位的评价", "满意")
    tick(page, "对代理员的评价", "满意")
    tick(page, "信访人是否息诉息访", "是")
    shot(page, "07a-ratings", page.get_by_role("button", name="录入评价"))
    click(page, "录入评价")
    sees(page, "评价已录入。")
    page.get_by_role("heading").filter(has_text=f"{STORY['case']} · 已评价").first.wait_for(
        timeout=TIMEOUT
    )
    shot(page, "07b-rated")


def test_08_supervisor_computes_the_quarter_bonus(walk, new_page):
    page = signed_in(new_page, walk, "roster", "supervisor")
    page.get_by_role("tab", name="绩效与奖励").click()
    settle(page)
    quarter = f"{MOVED_TODAY.year}年第{(MOVED_TODAY.month - 1) // 3 + 1}季度"  # as shown
    choose(page, "季度", quarter)
    click(page, "按案件记录计算本季度台账")
    sees(page, "已计算：")
    # the ledger's rows (st.dataframe draws on a canvas; its cells are also in a grid table)
    rows = page.locator('[data-testid="stDataFrame"] tr[role="row"]')
    entries = rows.filter(has_text=STORY["case"])
    proxied = entries.filter(has_text="成功代理")
    expect(proxied.first).to_contain_text(STORY["agent"])
    expect(proxied.first.locator("td").filter(has_text=re.compile(r"^10$"))).to_have_count(1)
    satisfied = entries.filter(has_text="满意且息诉息访")
    expect(satisfied.first).to_contain_text(STORY["agent"])
    expect(satisfied.first.locator("td").filter(has_text=re.compile(r"^20$"))).to_have_count(1)
    shot(page, "08-bonus")


def test_09_coverage_map_opens(walk, new_page):
    page = signed_in(new_page, walk, "coverage", "supervisor")
    sees(page, "一刻钟步行覆盖")
    expect(page.locator("canvas").first).to_be_attached()  # the map (deck.gl draws on canvas)
    shot(page, "09-coverage-map")


def test_10_public_lookup_finds_the_case(walk, new_page):
    page = new_page()
    page.goto(f"{walk}/progress")
    settle(page)
    fill(page, "案号", STORY["case"])
    fill(page, "查询码", STORY["code"])
    click(page, "查询")
    page.get_by_role("heading").filter(has_text=STORY["case"]).first.wait_for(timeout=TIMEOUT)
    sees(page, UNIT)
    sees(page, REPLY)
    shot(page, "10-progress-lookup")
